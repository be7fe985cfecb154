//! The whole in-memory index as one byte string, and back: so that an
//! index built somewhere else (a Web Worker's own wasm instance, whose
//! memory is freed with it, or a cache) can be taken over without building
//! it again. Little-endian, in the index's own layout (pages stay pages),
//! so reading is a copy, not a decode.
//!
//! Trust: the bytes come from this build's own code. Reading checks their
//! shape (lengths, offsets in order and in range, terms on character
//! boundaries, every term's entry inside one page), so a damaged or foreign
//! byte string is an error, never a panic while reading or while slicing
//! terms and entries later; the varints inside postings and positions are
//! not decoded here. An archive's index from the network goes through the
//! partitioned format (`partitioned/`), which checks those too.

use super::dictionary::Dictionary;
use super::pages::Pages;
use super::stems::{StemTable, MAX_LANGUAGES};
use super::SearchIndex;
use crate::search::field_norms::{FieldNorms, LengthTotals};
use crate::search::language::Language;
use crate::search::postings::Bitset;
use crate::search::tokenize::Unspaced;
use std::fmt;

/// The first bytes: the format and its version.
const MAGIC: &[u8; 8] = b"BSINDEX4";

/// Why a byte string is not an index this build can read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexBytesError {
    /// Which part was being read.
    pub part: &'static str,
    /// What is wrong with it.
    pub problem: String,
}

impl fmt::Display for IndexBytesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "search index bytes, {}: {}", self.part, self.problem)
    }
}

impl std::error::Error for IndexBytesError {}

pub(super) fn bytes_error(part: &'static str, problem: impl Into<String>) -> IndexBytesError {
    IndexBytesError {
        part,
        problem: problem.into(),
    }
}

impl SearchIndex {
    /// The index as one byte string, for [`SearchIndex::from_bytes`].
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Writer(Vec::with_capacity(self.heap_bytes() + 1024));
        out.0.extend_from_slice(MAGIC);
        out.u32(self.docs);
        // The word cutting's code, and bit 8 for common-word pairs.
        out.u32(u32::from(self.unspaced.code()) | u32::from(self.word_pairs) << 8);
        self.dict.write_to(&mut out);
        self.postings.write_to(&mut out);
        self.positions.write_to(&mut out);
        // Lengths, not norms (6 bytes an article, not 8); the totals give
        // the averages. Word totals may pass `u32`: two halves each.
        let (title_len, body_len) = self.norms.lengths();
        let totals = self.norms.totals();
        out.u32(title_len.len() as u32);
        for (&title, &body) in title_len.iter().zip(body_len) {
            out.0.extend_from_slice(&title.to_le_bytes());
            out.u32(body);
        }
        for total in [totals.title_words, totals.body_words] {
            out.u32(total as u32);
            out.u32((total >> 32) as u32);
        }
        out.u32(self.dense_prefixes.len() as u32);
        for (prefix, set) in &self.dense_prefixes {
            out.bytes(prefix.as_bytes());
            out.u32(set.universe());
            out.u32(set.words().len() as u32);
            for w in set.words() {
                out.0.extend_from_slice(&w.to_le_bytes());
            }
        }
        let stems = &self.stems;
        out.u32(stems.langs.len() as u32);
        for (lang, keys) in stems.langs.iter().zip(&stems.keys) {
            out.bytes(lang.code().as_bytes());
            out.u32(keys.len() as u32);
            for k in keys {
                out.0.extend_from_slice(&k.to_le_bytes());
            }
        }
        out.0
    }

    /// Reads what [`SearchIndex::to_bytes`] wrote; searching it gives what
    /// searching the original gives.
    pub fn from_bytes(mut bytes: &[u8]) -> Result<SearchIndex, IndexBytesError> {
        SearchIndex::read_from(&mut bytes)
    }

    /// [`SearchIndex::from_bytes`] from bytes that are not in this memory
    /// (e.g. a worker's, in a JavaScript buffer): read in pieces, so no
    /// whole copy of them is ever made beside the index.
    pub fn read_from(source: &mut dyn IndexBytes) -> Result<SearchIndex, IndexBytesError> {
        let mut reading = IndexReading::new(source);
        loop {
            if let Some(index) = reading.step(usize::MAX)? {
                return Ok(index);
            }
        }
    }
}

/// [`SearchIndex::read_from`] a step at a time, so a page can give the
/// browser a turn between steps (a 50,000-article index is ~25 MB).
pub struct IndexReading<'a> {
    r: Reader<'a>,
    docs: u32,
    unspaced: Unspaced,
    word_pairs: bool,
    dict: Option<Dictionary>,
    postings: PagesReading,
    positions: PagesReading,
}

impl<'a> IndexReading<'a> {
    pub fn new(source: &'a mut dyn IndexBytes) -> Self {
        IndexReading {
            r: Reader {
                source,
                buf: Vec::new(),
            },
            docs: 0,
            unspaced: Unspaced::None,
            word_pairs: false,
            dict: None,
            postings: PagesReading::new("postings"),
            positions: PagesReading::new("positions"),
        }
    }

    /// Reads about `bytes` more (the header and dictionary in one step,
    /// the pages a few at a time): the index, after the last step.
    pub fn step(&mut self, bytes: usize) -> Result<Option<SearchIndex>, IndexBytesError> {
        let r = &mut self.r;
        let Some(dict) = &self.dict else {
            if r.take(MAGIC.len(), "header")? != MAGIC {
                return Err(bytes_error(
                    "header",
                    "not a Broadsheet search index of this version",
                ));
            }
            self.docs = r.u32("header")?;
            let code = r.u32("header")?;
            self.word_pairs = code & 1 << 8 != 0;
            self.unspaced = u8::try_from(code & !(1 << 8))
                .ok()
                .and_then(Unspaced::from_code)
                .ok_or_else(|| bytes_error("header", format!("unknown word cutting {code}")))?;
            self.dict = Some(Dictionary::read_from(r)?);
            return Ok(None);
        };
        if !self.postings.step(r, bytes)? || !self.positions.step(r, bytes)? {
            return Ok(None);
        }
        let postings = self.postings.take();
        let positions = self.positions.take();
        dict.check_entries(|t| dict.postings_range(t), &postings, "postings")?;
        dict.check_entries(|t| dict.positions_range(t), &positions, "positions")?;
        let docs = self.docs;

        let count = r.count(6, "norms")?;
        if count != docs as usize {
            return Err(bytes_error("norms", format!("{count} for {docs} articles")));
        }
        let lengths = r.take(count * 6, "norms")?;
        let title_len: Vec<u16> = lengths
            .chunks_exact(6)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        let body_len: Vec<u32> = lengths
            .chunks_exact(6)
            .map(|c| u32::from_le_bytes([c[2], c[3], c[4], c[5]]))
            .collect();
        let mut total = || -> Result<u64, IndexBytesError> {
            let low = r.u32("norms")?;
            Ok(u64::from(low) | u64::from(r.u32("norms")?) << 32)
        };
        let totals = LengthTotals {
            articles: docs,
            title_words: total()?,
            body_words: total()?,
        };
        let sums = FieldNorms::from_lengths(title_len.clone(), body_len.clone()).totals();
        if sums != totals {
            return Err(bytes_error(
                "norms",
                "the length totals are not the lengths' sums",
            ));
        }

        let count = r.count(12, "prefixes")?;
        let mut dense_prefixes = Vec::with_capacity(count);
        for _ in 0..count {
            let prefix = std::str::from_utf8(r.bytes("prefixes")?)
                .map_err(|_| bytes_error("prefixes", "a prefix is not UTF-8"))?
                .to_owned();
            let len = r.u32("prefixes")?;
            let words = r.count(8, "prefixes")?;
            let words: Vec<u64> = r
                .take(words * 8, "prefixes")?
                .chunks_exact(8)
                .map(|w| u64::from_le_bytes(w.try_into().unwrap_or_default()))
                .collect();
            let set = Bitset::from_words(words, len)
                .filter(|_| len == docs)
                .ok_or_else(|| {
                    bytes_error("prefixes", format!("the set of `{prefix}` is malformed"))
                })?;
            dense_prefixes.push((prefix, set));
        }

        let count = r.count(8, "stems")?;
        let mut stems = StemTable::default();
        for _ in 0..count {
            let code = String::from_utf8_lossy(r.bytes("stems")?).into_owned();
            let lang = Language::from_tag(&code)
                .filter(|l| !stems.langs.contains(l) && stems.langs.len() < MAX_LANGUAGES)
                .ok_or_else(|| bytes_error("stems", format!("unknown language `{code}`")))?;
            let len = r.count(8, "stems")?;
            let keys: Vec<u64> = r
                .take(len * 8, "stems")?
                .chunks_exact(8)
                .map(|w| u64::from_le_bytes(w.try_into().unwrap_or_default()))
                .collect();
            let terms = dict.len() as u64;
            if keys.iter().any(|&k| k & 0xFFFF_FFFF >= terms) || !keys.is_sorted() {
                return Err(bytes_error(
                    "stems",
                    format!("the `{code}` table is malformed"),
                ));
            }
            stems.langs.push(lang);
            stems.keys.push(keys);
        }
        if r.source.remaining() > 0 {
            let left = r.source.remaining();
            return Err(bytes_error("end", format!("{left} bytes after the index")));
        }
        Ok(Some(SearchIndex {
            docs,
            dict: self.dict.take().unwrap_or_default(),
            postings,
            positions,
            norms: FieldNorms::new(title_len, body_len, totals),
            dense_prefixes,
            stems,
            unspaced: self.unspaced,
            word_pairs: self.word_pairs,
        }))
    }
}

/// One paged stream being read (see [`Pages::write_to`]).
struct PagesReading {
    part: &'static str,
    /// The page table, once read.
    starts: Option<Vec<u32>>,
    pages: Vec<Box<[u8]>>,
    /// Bytes of the stream read so far.
    at: usize,
}

impl PagesReading {
    fn new(part: &'static str) -> Self {
        PagesReading {
            part,
            starts: None,
            pages: Vec::new(),
            at: 0,
        }
    }

    /// Reads pages until about `bytes` are read; true once all are.
    fn step(&mut self, r: &mut Reader, bytes: usize) -> Result<bool, IndexBytesError> {
        let part = self.part;
        let starts = match &self.starts {
            Some(starts) => starts,
            None => {
                let starts = r.u32s(part)?;
                if !ascending(&starts) {
                    return Err(bytes_error(part, "the pages do not follow each other"));
                }
                self.pages = Vec::with_capacity(starts.len());
                self.starts.insert(starts)
            }
        };
        let mut read = 0usize;
        while self.pages.len() < starts.len() && read < bytes {
            let page = r.bytes(part)?;
            if starts[self.pages.len()] as usize != self.at || page.is_empty() {
                return Err(bytes_error(part, "the pages do not follow each other"));
            }
            self.at += page.len();
            read += page.len();
            if self.at > u32::MAX as usize {
                return Err(bytes_error(part, "the stream is too long"));
            }
            self.pages.push(page.into());
        }
        Ok(self.pages.len() == starts.len())
    }

    /// The pages read, once [`PagesReading::step`] says all are.
    fn take(&mut self) -> Pages {
        Pages::from_parts(
            self.starts.take().unwrap_or_default(),
            std::mem::take(&mut self.pages),
        )
    }
}

/// Appends little-endian values.
pub(super) struct Writer(Vec<u8>);

impl Writer {
    pub(super) fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }

    /// A length, then the bytes.
    pub(super) fn bytes(&mut self, b: &[u8]) {
        self.u32(b.len() as u32);
        self.0.extend_from_slice(b);
    }

    /// A length, then the values.
    pub(super) fn u32s(&mut self, v: &[u32]) {
        self.u32(v.len() as u32);
        self.0.reserve(4 * v.len());
        for &x in v {
            self.u32(x);
        }
    }
}

/// Bytes to read an index from, in order, in pieces.
pub trait IndexBytes {
    /// How many bytes are left.
    fn remaining(&self) -> usize;
    /// Copies the next `out.len()` bytes (never more than are left) into
    /// `out`.
    fn read_into(&mut self, out: &mut [u8]);
}

impl IndexBytes for &[u8] {
    fn remaining(&self) -> usize {
        self.len()
    }

    fn read_into(&mut self, out: &mut [u8]) {
        let (head, rest) = self.split_at(out.len());
        out.copy_from_slice(head);
        *self = rest;
    }
}

/// Reads what [`Writer`] wrote, every length checked against what is left.
pub(super) struct Reader<'a> {
    source: &'a mut dyn IndexBytes,
    /// The piece read last (as large as the largest piece).
    buf: Vec<u8>,
}

impl Reader<'_> {
    fn take(&mut self, n: usize, part: &'static str) -> Result<&[u8], IndexBytesError> {
        if n > self.source.remaining() {
            return Err(bytes_error(part, "cut short"));
        }
        self.buf.clear();
        self.buf.resize(n, 0);
        self.source.read_into(&mut self.buf);
        Ok(&self.buf)
    }

    pub(super) fn u32(&mut self, part: &'static str) -> Result<u32, IndexBytesError> {
        let b = self.take(4, part)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// A count of items of at least `item_bytes` each: never more than
    /// the bytes left could hold (so nothing is allocated for a lie).
    fn count(&mut self, item_bytes: usize, part: &'static str) -> Result<usize, IndexBytesError> {
        let n = self.u32(part)? as usize;
        if n.saturating_mul(item_bytes) > self.source.remaining() {
            return Err(bytes_error(
                part,
                format!("{n} items do not fit in what is left"),
            ));
        }
        Ok(n)
    }

    pub(super) fn bytes(&mut self, part: &'static str) -> Result<&[u8], IndexBytesError> {
        let n = self.count(1, part)?;
        self.take(n, part)
    }

    pub(super) fn u32s(&mut self, part: &'static str) -> Result<Vec<u32>, IndexBytesError> {
        let n = self.count(4, part)?;
        Ok(self
            .take(4 * n, part)?
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect())
    }
}

/// `v` never decreases.
pub(super) fn ascending(v: &[u32]) -> bool {
    v.windows(2).all(|w| w[0] <= w[1])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;
    use crate::search::{Order, SearchQuery};

    fn articles() -> Vec<Article> {
        let words = [
            "president",
            "election",
            "تهران",
            "économie",
            "the",
            "of",
            "presidential",
            "a",
            "oil",
            "minister",
            "nuclear",
            "talks",
            "ceasefire",
            "storm",
        ];
        (0..300)
            .map(|i| {
                let w = |k: usize| words[(i * 7 + k * 3) % words.len()];
                Article::builder(format!("a{i}"))
                    .title(format!("{} {} {}", w(0), w(1), i))
                    .lead(format!("{} {} {} {}", w(2), w(3), w(4), w(5)))
                    .body([format!("{} {} the {} of {}", w(6), w(7), w(8), w(9))])
                    .published(&format!("2021-09-{:02}T10:00:00", 1 + i % 28))
                    .build()
            })
            .collect()
    }

    #[test]
    fn an_index_read_back_answers_every_query_as_the_original() {
        let index = SearchIndex::new(&articles());
        let bytes = index.to_bytes();
        let back = SearchIndex::from_bytes(&bytes).expect("reads back");
        assert!(back == index);
        assert_eq!(back.to_bytes(), bytes);
        for q in [
            "president",
            "presidnet",
            "pres",
            "p",
            "تهران",
            "economie",
            "\"the storm\"",
            "oil -talks",
            "minister OR ceasefire",
            "",
        ] {
            for order in [Order::Newest, Order::Relevance] {
                let query = SearchQuery::parse(q);
                assert_eq!(
                    back.search_with(&query, order),
                    index.search_with(&query, order),
                    "{q:?} {order:?}"
                );
            }
        }
        assert!(!index
            .search_with(&SearchQuery::parse("presidnet"), Order::Newest)
            .is_empty());
    }

    #[test]
    fn read_a_step_at_a_time_it_is_the_same_index() {
        let index = SearchIndex::new(&articles());
        let bytes = index.to_bytes();
        let mut source: &[u8] = &bytes;
        let mut reading = IndexReading::new(&mut source);
        let mut steps = 0;
        let back = loop {
            steps += 1;
            if let Some(back) = reading.step(1).expect("reads") {
                break back;
            }
        };
        assert!(back == index);
        // Header and dictionary, then a page per step, then the rest.
        assert!(steps >= 4, "{steps} steps");
    }

    #[test]
    fn an_empty_index_reads_back() {
        let index = SearchIndex::new(&[]);
        assert!(SearchIndex::from_bytes(&index.to_bytes()).unwrap() == index);
    }

    #[test]
    fn damaged_bytes_are_an_error_never_a_panic() {
        let bytes = SearchIndex::new(&articles()).to_bytes();
        // Every cut.
        for cut in (0..bytes.len()).step_by(97) {
            assert!(
                SearchIndex::from_bytes(&bytes[..cut]).is_err(),
                "cut at {cut}"
            );
        }
        // A byte changed here and there: an error, or an index whose
        // searches still run.
        let mut seen_errors = 0;
        for at in (0..bytes.len()).step_by(61) {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut damaged = bytes.clone();
                damaged[at] ^= flip;
                match SearchIndex::from_bytes(&damaged) {
                    Err(e) => {
                        seen_errors += 1;
                        assert!(!e.to_string().is_empty());
                    }
                    Ok(index) => {
                        // Shape-checked: terms and entries slice safely.
                        let _ = index.search_with(&SearchQuery::parse("zz"), Order::Newest);
                    }
                }
            }
        }
        assert!(seen_errors > 0);
        let mut extra = bytes.clone();
        extra.push(0);
        assert_eq!(SearchIndex::from_bytes(&extra).unwrap_err().part, "end");
        assert_eq!(
            SearchIndex::from_bytes(b"BSINDEX0").unwrap_err().part,
            "header"
        );
    }
}
