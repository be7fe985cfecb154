//! Compact postings: variable-length integers, a reader over one term's
//! document list and its positions, and a document bitset.
//!
//! Layout of one term's entry in the document stream, per document that
//! contains it (documents ascending):
//!
//! - the gap: the document's position for the first entry, else
//!   `doc - previous_doc - 1` (varint);
//! - `tf_body << 2 | min(tf_title, 3)` (varint), then `tf_title - 3` (varint)
//!   only when `tf_title >= 3`.
//!
//! Its entry in the position stream holds, per document, `tf_title + tf_body`
//! token positions: the first as is, then each as `pos - previous_pos - 1`
//! (varints). Positions count tokens from 0 at the title's first word; the
//! lead starts one after the title's last token plus one, and every
//! paragraph one position after the previous one ends, so two tokens are
//! adjacent (differ by 1) only within one paragraph or the title.

/// Appends `v` as a LEB128 varint.
#[inline(always)]
pub fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads a varint at `*at`, advancing it.
#[inline(always)]
pub fn get_varint(buf: &[u8], at: &mut usize) -> u32 {
    let b = buf[*at];
    *at += 1;
    if b < 0x80 {
        return u32::from(b);
    }
    let mut v = u32::from(b & 0x7F);
    let mut shift = 7;
    loop {
        let b = buf[*at];
        *at += 1;
        v |= u32::from(b & 0x7F) << shift;
        if b < 0x80 {
            return v;
        }
        shift += 7;
    }
}

/// Skips `count` varints starting at `at`; returns the offset after them.
/// Counts terminating bytes (high bit clear) eight at a time.
#[inline]
pub fn skip_varints(buf: &[u8], mut at: usize, mut count: u32) -> usize {
    while count >= 8 && at + 8 <= buf.len() {
        let word = u64::from_le_bytes(buf[at..at + 8].try_into().expect("8 bytes"));
        let ends = (!word & 0x8080_8080_8080_8080).count_ones();
        if ends > count {
            break;
        }
        count -= ends;
        at += 8;
    }
    while count > 0 {
        if buf[at] < 0x80 {
            count -= 1;
        }
        at += 1;
    }
    at
}

/// One posting: a document and how often the term occurs in its fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    pub tf_title: u32,
    pub tf_body: u32,
}

/// Walks one term's postings in document order.
pub struct PostingReader<'a> {
    buf: &'a [u8],
    at: usize,
    left: u32,
    next_doc: u32,
}

impl<'a> PostingReader<'a> {
    pub fn new(buf: &'a [u8], df: u32) -> Self {
        PostingReader {
            buf,
            at: 0,
            left: df,
            next_doc: 0,
        }
    }
}

impl Iterator for PostingReader<'_> {
    type Item = Posting;

    #[inline(always)]
    fn next(&mut self) -> Option<Posting> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let doc = self.next_doc + get_varint(self.buf, &mut self.at);
        self.next_doc = doc + 1;
        let packed = get_varint(self.buf, &mut self.at);
        let mut tf_title = packed & 3;
        if tf_title == 3 {
            tf_title += get_varint(self.buf, &mut self.at);
        }
        Some(Posting {
            doc,
            tf_title,
            tf_body: packed >> 2,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left as usize, Some(self.left as usize))
    }
}

/// Walks one term's postings and, on demand, their positions, decoding
/// only as many positions as the caller reads.
pub struct PositionCursor<'a> {
    postings: PostingReader<'a>,
    positions: &'a [u8],
    pos_at: usize,
    /// The posting the cursor stands on, if any.
    current: Option<Posting>,
    /// Positions of `current` not read yet, and the last one read.
    left: u32,
    last: Option<u32>,
}

impl<'a> PositionCursor<'a> {
    pub fn new(postings: PostingReader<'a>, positions: &'a [u8]) -> Self {
        PositionCursor {
            postings,
            positions,
            pos_at: 0,
            current: None,
            left: 0,
            last: None,
        }
    }

    /// Moves to `doc` (not before the last one sought); false if the term
    /// is not in it. Then [`PositionCursor::next_position`] reads its
    /// positions in ascending order.
    pub fn seek(&mut self, doc: u32) -> bool {
        loop {
            match self.current {
                Some(p) if p.doc == doc => return true,
                Some(p) if p.doc > doc => return false,
                Some(_) => {
                    self.pos_at = skip_varints(self.positions, self.pos_at, self.left);
                    self.current = None;
                }
                None => {}
            }
            let p = match self.postings.next() {
                Some(p) => p,
                None => return false,
            };
            self.current = Some(p);
            self.left = p.tf_title + p.tf_body;
            self.last = None;
        }
    }

    /// The posting the cursor stands on (after a successful seek).
    pub fn current(&self) -> Option<Posting> {
        self.current
    }

    /// The next position in the current document.
    #[inline(always)]
    pub fn next_position(&mut self) -> Option<u32> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let v = get_varint(self.positions, &mut self.pos_at);
        let pos = match self.last {
            None => v,
            Some(last) => last + v + 1,
        };
        self.last = Some(pos);
        Some(pos)
    }
}

/// A set of document positions as bits.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bitset {
    words: Vec<u64>,
    len: u32,
}

impl Bitset {
    pub fn empty(len: u32) -> Self {
        Bitset {
            words: vec![0; (len as usize).div_ceil(64)],
            len,
        }
    }

    pub fn full(len: u32) -> Self {
        let mut set = Bitset {
            words: vec![!0; (len as usize).div_ceil(64)],
            len,
        };
        if len & 63 != 0 {
            if let Some(last) = set.words.last_mut() {
                *last = (1u64 << (len % 64)) - 1;
            }
        }
        set
    }

    /// A set of `len` members from its 64-bit words (bit `i % 64` of word
    /// `i / 64` is member `i`); `None` unless there are exactly
    /// `len.div_ceil(64)` words and no bit at or past `len` is set.
    pub fn from_words(words: Vec<u64>, len: u32) -> Option<Self> {
        if words.len() != (len as usize).div_ceil(64) {
            return None;
        }
        if len & 63 != 0 && words.last().is_some_and(|&w| w >> (len % 64) != 0) {
            return None;
        }
        Some(Bitset { words, len })
    }

    /// How many members the set could hold (members are `0..universe`).
    pub fn universe(&self) -> u32 {
        self.len
    }

    /// The 64-bit words (see [`Bitset::from_words`]).
    pub fn words(&self) -> &[u64] {
        &self.words
    }

    #[inline(always)]
    pub fn insert(&mut self, i: u32) {
        self.words[(i / 64) as usize] |= 1 << (i % 64);
    }

    #[inline]
    pub fn remove(&mut self, i: u32) {
        self.words[(i / 64) as usize] &= !(1 << (i % 64));
    }

    #[inline(always)]
    pub fn contains(&self, i: u32) -> bool {
        self.words
            .get((i / 64) as usize)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    pub fn intersect_with(&mut self, other: &Bitset) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= b;
        }
    }

    pub fn union_with(&mut self, other: &Bitset) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= b;
        }
    }

    pub fn difference_with(&mut self, other: &Bitset) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= !b;
        }
    }

    pub fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|&w| w == 0)
    }

    /// Members, ascending.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = u32> + '_ {
        self.words.iter().enumerate().flat_map(|(i, &w)| {
            let base = i as u32 * 64;
            Bits(w).map(move |b| base + b)
        })
    }

    /// Members, descending.
    pub fn iter_rev(&self) -> impl Iterator<Item = u32> + '_ {
        self.words.iter().enumerate().rev().flat_map(|(i, &w)| {
            let base = i as u32 * 64;
            Bits(w).rev().map(move |b| base + b)
        })
    }

    pub fn heap_bytes(&self) -> usize {
        self.words.capacity() * 8
    }
}

/// The set bits of one word.
struct Bits(u64);

impl Iterator for Bits {
    type Item = u32;
    #[inline]
    fn next(&mut self) -> Option<u32> {
        if self.0 == 0 {
            return None;
        }
        let b = self.0.trailing_zeros();
        self.0 &= self.0 - 1;
        Some(b)
    }
}

impl DoubleEndedIterator for Bits {
    #[inline]
    fn next_back(&mut self) -> Option<u32> {
        if self.0 == 0 {
            return None;
        }
        let b = 63 - self.0.leading_zeros();
        self.0 &= !(1 << b);
        Some(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn varints_round_trip_and_skip(values in proptest::collection::vec(any::<u32>(), 0..40), skip in 0usize..40) {
            let mut buf = Vec::new();
            for &v in &values {
                put_varint(&mut buf, v);
            }
            let mut at = 0;
            for &v in &values {
                prop_assert_eq!(get_varint(&buf, &mut at), v);
            }
            prop_assert_eq!(at, buf.len());
            let skip = skip.min(values.len());
            let mut at = skip_varints(&buf, 0, skip as u32);
            for &v in &values[skip..] {
                prop_assert_eq!(get_varint(&buf, &mut at), v);
            }
        }

        #[test]
        fn bitset_iterates_in_both_orders(members in proptest::collection::btree_set(0u32..300, 0..50)) {
            let mut set = Bitset::empty(300);
            for &m in &members {
                set.insert(m);
            }
            let up: Vec<u32> = members.iter().copied().collect();
            prop_assert_eq!(set.iter().collect::<Vec<_>>(), up.clone());
            let mut down = up;
            down.reverse();
            prop_assert_eq!(set.iter_rev().collect::<Vec<_>>(), down);
            prop_assert_eq!(set.count(), members.len());
        }
    }

    #[test]
    fn full_set_has_exactly_len_members() {
        for len in [0, 1, 63, 64, 65, 130] {
            assert_eq!(Bitset::full(len).count(), len as usize);
            assert_eq!(Bitset::full(len).iter().last(), len.checked_sub(1));
        }
    }
}
