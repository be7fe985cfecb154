//! A byte stream (the index's postings or positions) held in pages of at
//! most about [`PAGE`] bytes instead of one buffer. The build fills each
//! page while freeing the builder's record pages of the same size, so the
//! allocator can reuse the memory just freed: one buffer the size of the
//! whole stream would have to be allocated next to every record. (In wasm
//! the memory never shrinks: its size is the load's peak.)
//!
//! Pages split the stream between terms, so every term's entry is one
//! slice of one page; a term larger than a page has a page of its own.

use super::bytes::Writer;
use std::ops::Range;

/// Bytes a page holds at most, unless one term's entry is larger; also
/// the size of the builder's record pages (see `builder.rs`).
pub(super) const PAGE: usize = 1 << 16;

/// A stream of bytes in pages; offsets are into the whole stream.
#[derive(Clone, Default)]
pub(crate) struct Pages {
    /// Where each page starts in the stream (ascending).
    starts: Vec<u32>,
    pages: Vec<Box<[u8]>>,
}

impl Pages {
    /// The stream in one page (an assembled sub-index, built whole).
    pub(super) fn whole(bytes: Vec<u8>) -> Self {
        let mut pages = Pages::default();
        if !bytes.is_empty() {
            pages.starts.push(0);
            pages.pages.push(bytes.into_boxed_slice());
        }
        pages
    }

    /// Plans the next page: it starts at `start` of the stream (and ends
    /// where the next starts); [`Pages::allocate`] allocates it later.
    pub(super) fn plan(&mut self, start: u32) {
        self.starts.push(start);
        self.pages.push(Box::default());
    }

    /// The number of pages planned.
    pub(super) fn planned(&self) -> usize {
        self.starts.len()
    }

    /// Allocates page `k` (zeroed), in any order; the last page ends at
    /// `end`, the end of the stream. Returns its size.
    pub(super) fn allocate(&mut self, k: usize, end: u32) -> usize {
        let stop = self.starts.get(k + 1).copied().unwrap_or(end);
        let bytes = (stop - self.starts[k]) as usize;
        self.pages[k] = vec![0; bytes].into_boxed_slice();
        bytes
    }

    /// Whether page `k` is allocated (planned pages are never empty).
    pub(super) fn is_allocated(&self, k: usize) -> bool {
        !self.pages[k].is_empty()
    }

    /// Where page `k` starts in the stream.
    pub(super) fn start(&self, k: usize) -> u32 {
        self.starts[k]
    }

    /// Page `k`, to fill.
    pub(super) fn page_mut(&mut self, k: usize) -> &mut [u8] {
        &mut self.pages[k]
    }

    /// The bytes at `range` of the stream (within one page, as every
    /// term's entry is).
    #[inline]
    pub(super) fn slice(&self, range: Range<usize>) -> &[u8] {
        if range.is_empty() {
            return &[];
        }
        let k = self.starts.partition_point(|&s| s as usize <= range.start) - 1;
        let start = self.starts[k] as usize;
        &self.pages[k][range.start - start..range.end - start]
    }

    /// Whether `range` of the stream lies inside one page (so
    /// [`Pages::slice`] can take it).
    pub(super) fn holds(&self, range: Range<usize>) -> bool {
        if range.is_empty() {
            return true;
        }
        let k = self.starts.partition_point(|&s| s as usize <= range.start);
        k > 0 && {
            let start = self.starts[k - 1] as usize;
            range.end - start <= self.pages[k - 1].len()
        }
    }

    /// Writes the page table and the pages.
    pub(super) fn write_to(&self, out: &mut Writer) {
        out.u32s(&self.starts);
        for page in &self.pages {
            out.bytes(page);
        }
    }

    /// Pages read back (see `bytes.rs`, which checks them).
    pub(super) fn from_parts(starts: Vec<u32>, pages: Vec<Box<[u8]>>) -> Pages {
        Pages { starts, pages }
    }

    /// Bytes of the stream.
    pub(super) fn len(&self) -> usize {
        self.pages.iter().map(|p| p.len()).sum()
    }

    /// Heap bytes held: the pages and their table.
    pub(super) fn heap_bytes(&self) -> usize {
        self.len()
            + self.starts.capacity() * size_of::<u32>()
            + self.pages.capacity() * size_of::<Box<[u8]>>()
    }
}

/// Equal when the streams hold the same bytes, however they are paged.
impl PartialEq for Pages {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len()
            && self
                .pages
                .iter()
                .flat_map(|p| p.iter())
                .eq(other.pages.iter().flat_map(|p| p.iter()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_come_from_the_page_that_holds_them() {
        let mut pages = Pages::default();
        pages.plan(0);
        pages.plan(3);
        pages.plan(4);
        for k in (0..pages.planned()).rev() {
            assert!(!pages.is_allocated(k));
            pages.allocate(k, 9);
            let start = pages.start(k) as u8;
            for (i, b) in pages.page_mut(k).iter_mut().enumerate() {
                *b = start + i as u8;
            }
        }
        assert_eq!(pages.slice(0..3), &[0, 1, 2]);
        assert_eq!(pages.slice(3..4), &[3]);
        assert_eq!(pages.slice(5..9), &[5, 6, 7, 8]);
        assert_eq!(pages.slice(9..9), &[] as &[u8]);
        assert!(pages == Pages::whole((0..9).collect()));
        assert!(pages != Pages::whole((1..10).collect()));
    }
}
