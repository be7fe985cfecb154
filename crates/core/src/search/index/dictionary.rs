//! The term dictionary: every term in byte order in one string arena, with
//! its document frequency, where its postings and positions are, its
//! character signature, the terms grouped by length for the two-edit typo
//! scan, and the terms ordered by how they end for the one-edit typo
//! search. Words are found by binary search, prefixes and (up to four
//! bytes of) suffixes as a contiguous range.

use super::bytes::{ascending, bytes_error, IndexBytesError, Reader, Writer};
use super::pages::Pages;
use super::suffix_order::{suffix_key, SuffixSort, SUFFIX_KEY_BYTES};
use crate::search::typo::signature;
use crate::search::word_pairs::PAIR_MARK;
use std::ops::Range;

/// Word lengths (in characters) the typo scan buckets by; longer words
/// share the last bucket.
pub(crate) const MAX_LEN_BUCKET: usize = 48;

/// Terms in byte order with their statistics.
#[derive(Clone, Default, PartialEq)]
pub(crate) struct Dictionary {
    /// All terms, concatenated in sorted order.
    text: String,
    /// `text[start[t]..start[t + 1]]` is term `t`.
    start: Vec<u32>,
    /// Number of articles containing term `t`.
    pub(crate) df: Vec<u32>,
    /// `postings[post_at[t]..post_at[t + 1]]`.
    post_at: Vec<u32>,
    /// `positions[pos_at[t]..pos_at[t + 1]]`.
    pos_at: Vec<u32>,
    /// How many postings `postings` holds for term `t`, where that is not
    /// its df: only in an assembled sub-index (see
    /// [`SearchIndex::assemble`](crate::search::SearchIndex)), empty
    /// otherwise.
    post_count: Vec<u32>,
    /// Character signatures (see `typo.rs`) by term id ...
    pub(crate) sig: Vec<u32>,
    /// ... and in `by_len`'s order, so the typo scan reads them in
    /// sequence.
    pub(crate) len_sig: Vec<u32>,
    /// Term ids ordered by length in characters ...
    pub(crate) by_len: Vec<u32>,
    /// ... where length `l` (capped at `MAX_LEN_BUCKET`) is
    /// `by_len[len_at[l]..len_at[l + 1]]`.
    pub(crate) len_at: Vec<u32>,
    /// Term ids ordered by their last bytes, last first (see
    /// `suffix_order.rs`): terms ending alike are contiguous.
    pub(crate) by_suffix: Vec<u32>,
}

impl Dictionary {
    /// An empty dictionary with room for `terms` terms of `text_bytes`
    /// bytes in all, to be filled by [`Dictionary::push`] in byte order.
    pub(crate) fn with_capacity(terms: usize, text_bytes: usize) -> Self {
        let mut dict = Dictionary {
            text: String::with_capacity(text_bytes),
            start: Vec::with_capacity(terms + 1),
            df: Vec::with_capacity(terms),
            post_at: Vec::with_capacity(terms + 1),
            pos_at: Vec::with_capacity(terms + 1),
            post_count: Vec::new(),
            sig: Vec::with_capacity(terms),
            len_sig: Vec::new(),
            by_len: Vec::new(),
            len_at: Vec::new(),
            by_suffix: Vec::new(),
        };
        dict.start.push(0);
        dict.post_at.push(0);
        dict.pos_at.push(0);
        dict
    }

    /// Appends the next term (after every term so far in byte order): its
    /// df, where its postings and positions end, and (in an assembled
    /// sub-index) how many postings it comes with.
    pub(crate) fn push(
        &mut self,
        term: &str,
        df: u32,
        post_end: u32,
        pos_end: u32,
        post_count: Option<u32>,
    ) {
        if let Some(count) = post_count {
            self.post_count.push(count);
        }
        self.text.push_str(term);
        self.start.push(self.text.len() as u32);
        self.df.push(df);
        self.sig.push(signature(term));
        self.post_at.push(post_end);
        self.pos_at.push(pos_end);
    }

    /// Appends the next term (after every term so far in byte order) with
    /// only its df: for a dictionary that is only written out again (the
    /// merge's, `partitioned/merge.rs`), never searched, so it keeps no
    /// postings ends and no signatures (12 bytes a term fewer, at tens of
    /// millions of terms with the common-word pairs).
    pub(crate) fn push_df_only(&mut self, term: &str, df: u32) {
        self.text.push_str(term);
        self.start.push(self.text.len() as u32);
        self.df.push(df);
    }

    /// Groups the terms by length for the typo scan, once all are pushed.
    pub(super) fn bucket_by_length(&mut self) {
        let lengths: Vec<u8> = (0..self.len() as u32)
            .map(|t| self.term(t).chars().count().min(MAX_LEN_BUCKET) as u8)
            .collect();
        (self.by_len, self.len_at) = bucket_by_length(&lengths);
        self.len_sig = self.by_len.iter().map(|&t| self.sig[t as usize]).collect();
    }

    /// Orders the terms by suffix at once (see [`Dictionary::by_suffix`];
    /// the index finisher does it in steps instead).
    pub(super) fn sort_by_suffix(&mut self) {
        self.by_suffix = SuffixSort::sort_all(self.len(), |t| self.term(t));
    }

    /// Positions in `by_suffix` of the terms that end with the last (up
    /// to four) bytes of `suffix`: every term ending with `suffix`, and
    /// maybe others (when `suffix` is longer).
    pub(crate) fn suffix_range(&self, suffix: &str) -> Range<usize> {
        let bytes = suffix.as_bytes();
        let tail = &bytes[bytes.len().saturating_sub(SUFFIX_KEY_BYTES)..];
        // Keys starting with the tail's bytes (reversed) lie in lo..=hi:
        // the tail's own key has zeros in the free low bytes.
        let free_bits = 8 * (SUFFIX_KEY_BYTES - tail.len()) as u32;
        let lo = suffix_key(tail);
        let hi = lo | (((1u64 << free_bits) - 1) as u32);
        let key = |i: usize| suffix_key(self.term(self.by_suffix[i]).as_bytes());
        let first = partition_point(self.by_suffix.len(), |i| key(i) < lo);
        let end = first + partition_point(self.by_suffix.len() - first, |i| key(first + i) <= hi);
        first..end
    }

    /// Term `t`'s length in bytes.
    #[inline]
    pub(crate) fn byte_len(&self, t: u32) -> usize {
        (self.start[t as usize + 1] - self.start[t as usize]) as usize
    }

    /// Where term `t`'s postings are in the postings stream.
    pub(super) fn postings_range(&self, t: u32) -> Range<usize> {
        self.post_at[t as usize] as usize..self.post_at[t as usize + 1] as usize
    }

    /// How many postings term `t` has in the postings stream.
    pub(super) fn postings_count(&self, t: u32) -> u32 {
        match self.post_count.get(t as usize) {
            Some(&count) => count,
            None => self.df[t as usize],
        }
    }

    /// Where term `t`'s positions are in the positions stream.
    pub(super) fn positions_range(&self, t: u32) -> Range<usize> {
        self.pos_at[t as usize] as usize..self.pos_at[t as usize + 1] as usize
    }

    pub(crate) fn len(&self) -> usize {
        self.df.len()
    }

    pub(crate) fn term(&self, t: u32) -> &str {
        &self.text[self.start[t as usize] as usize..self.start[t as usize + 1] as usize]
    }

    /// The id of `term`, if any article contains it.
    pub(crate) fn find(&self, term: &str) -> Option<u32> {
        let (mut lo, mut hi) = (0usize, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.term(mid as u32).cmp(term) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid as u32),
            }
        }
        None
    }

    /// Ids of the terms starting with `prefix` (a contiguous range).
    /// Number of common-word pairs: they sort first (`word_pairs.rs`).
    pub(crate) fn word_pair_count(&self) -> usize {
        let mut mark = [0u8; 4];
        self.prefix_range(PAIR_MARK.encode_utf8(&mut mark)).len()
    }

    pub(crate) fn prefix_range(&self, prefix: &str) -> Range<u32> {
        let lower = self.partition(|t| t < prefix);
        let upper = self.partition(|t| t < prefix || t.starts_with(prefix));
        lower..upper
    }

    /// The first term id for which `before` is false (`before` must be
    /// true for a prefix of the sorted terms).
    fn partition(&self, before: impl Fn(&str) -> bool) -> u32 {
        let (mut lo, mut hi) = (0usize, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if before(self.term(mid as u32)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo as u32
    }

    /// Writes every field, for [`super::SearchIndex::to_bytes`].
    pub(super) fn write_to(&self, out: &mut Writer) {
        out.bytes(self.text.as_bytes());
        for v in [
            &self.start,
            &self.df,
            &self.post_at,
            &self.pos_at,
            &self.post_count,
            &self.sig,
            &self.len_sig,
            &self.by_len,
            &self.len_at,
            &self.by_suffix,
        ] {
            out.u32s(v);
        }
    }

    /// Reads what [`Dictionary::write_to`] wrote, checking that every
    /// offset and term id the lookups use is in range.
    pub(super) fn read_from(r: &mut Reader) -> Result<Dictionary, IndexBytesError> {
        const PART: &str = "dictionary";
        let text = String::from_utf8(r.bytes(PART)?.to_vec())
            .map_err(|_| bytes_error(PART, "the terms are not UTF-8"))?;
        let dict = Dictionary {
            text,
            start: r.u32s(PART)?,
            df: r.u32s(PART)?,
            post_at: r.u32s(PART)?,
            pos_at: r.u32s(PART)?,
            post_count: r.u32s(PART)?,
            sig: r.u32s(PART)?,
            len_sig: r.u32s(PART)?,
            by_len: r.u32s(PART)?,
            len_at: r.u32s(PART)?,
            by_suffix: r.u32s(PART)?,
        };
        let n = dict.df.len();
        let fail = |what: &str| Err(bytes_error(PART, what.to_owned()));
        if [dict.start.len(), dict.post_at.len(), dict.pos_at.len()] != [n + 1; 3]
            || dict.sig.len() != n
            || !(dict.post_count.is_empty() || dict.post_count.len() == n)
            || dict.len_sig.len() != dict.by_len.len()
            || dict.by_len.len() != n
            || !(dict.by_suffix.is_empty() || dict.by_suffix.len() == n)
        {
            return fail("its tables disagree on the number of terms");
        }
        let text_len = dict.text.len() as u32;
        if dict.start[0] != 0
            || dict.start[n] != text_len
            || !ascending(&dict.start)
            || !dict
                .start
                .iter()
                .all(|&s| dict.text.is_char_boundary(s as usize))
        {
            return fail("a term's place in the terms is out of order or mid-character");
        }
        if !ascending(&dict.post_at) || !ascending(&dict.pos_at) {
            return fail("entries are out of order");
        }
        if dict.len_at.len() != MAX_LEN_BUCKET + 2
            || !ascending(&dict.len_at)
            || dict.len_at[MAX_LEN_BUCKET + 1] as usize != n
        {
            return fail("the length groups are malformed");
        }
        if dict
            .by_len
            .iter()
            .chain(&dict.by_suffix)
            .any(|&t| t as usize >= n)
        {
            return fail("a term id is out of range");
        }
        Ok(dict)
    }

    /// Every term's entry (by `range`) lies inside one page of `pages`,
    /// and the last ends where the stream does.
    pub(super) fn check_entries(
        &self,
        range: impl Fn(u32) -> Range<usize>,
        pages: &Pages,
        part: &'static str,
    ) -> Result<(), IndexBytesError> {
        let n = self.len() as u32;
        let end = if n == 0 { 0 } else { range(n - 1).end };
        if self.len() > 0 && range(0).start != 0 || end != pages.len() {
            return Err(bytes_error(
                part,
                "the terms' entries do not cover the stream",
            ));
        }
        if (0..n).all(|t| pages.holds(range(t))) {
            Ok(())
        } else {
            Err(bytes_error(part, "a term's entry crosses pages"))
        }
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.text.capacity()
            + 4 * (self.start.capacity()
                + self.df.capacity()
                + self.post_at.capacity()
                + self.pos_at.capacity()
                + self.sig.capacity()
                + self.len_sig.capacity()
                + self.by_suffix.capacity()
                + self.by_len.capacity()
                + self.len_at.capacity())
    }
}

/// The first `i` in `0..n` for which `before(i)` is false (`before` must
/// be true for a prefix of `0..n`).
fn partition_point(n: usize, before: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0usize, n);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if before(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// Term ids bucketed by length (counting sort): `(by_len, len_at)` as in
/// [`Dictionary`].
fn bucket_by_length(lengths: &[u8]) -> (Vec<u32>, Vec<u32>) {
    let mut len_at = vec![0u32; MAX_LEN_BUCKET + 2];
    for &l in lengths {
        len_at[l as usize + 1] += 1;
    }
    for l in 1..len_at.len() {
        len_at[l] += len_at[l - 1];
    }
    let mut fill = len_at.clone();
    let mut by_len = vec![0u32; lengths.len()];
    for (t, &l) in lengths.iter().enumerate() {
        by_len[fill[l as usize] as usize] = t as u32;
        fill[l as usize] += 1;
    }
    (by_len, len_at)
}
