//! The inverted index: a sorted term dictionary, one compact postings
//! stream and one position stream for all terms, per-document field
//! lengths, and bitsets for the heaviest one-letter prefixes.

use super::normalize::normalize_into;
use super::postings::{
    get_varint, put_varint, skip_varints, Bitset, PositionCursor, PostingReader,
};
use super::rank::{B, TITLE_WEIGHT};
use super::tokenize::for_each_word;
use super::typo::signature;
use crate::article::Article;
use std::ops::Range;

/// Word lengths (in characters) the typo scan buckets by; longer words
/// share the last bucket.
pub(crate) const MAX_LEN_BUCKET: usize = 48;

/// An inverted index over a list of articles, which the caller keeps
/// (the index stores no text but its dictionary). Positions in results are
/// positions in that list.
#[derive(Clone, PartialEq)]
pub struct SearchIndex {
    pub(crate) docs: u32,
    pub(crate) dict: Dictionary,
    /// Every term's postings, back to back (see `postings.rs`).
    pub(crate) postings: Vec<u8>,
    /// Every term's positions, back to back.
    pub(crate) positions: Vec<u8>,
    /// Per article, the BM25 length normalisations of its fields, as
    /// `(TITLE_WEIGHT / title_norm, 1 / body_norm)` (see `rank.rs`).
    pub(crate) norms: Vec<(f32, f32)>,
    /// For one- and two-letter prefixes whose words together have many
    /// more postings than there are articles: the articles with a word
    /// starting with that prefix (sorted by prefix).
    pub(crate) dense_prefixes: Vec<(String, Bitset)>,
}

/// One term of an assembled sub-index (see [`SearchIndex::assemble`]):
/// (term, df, postings entry, postings in it, positions entry).
pub(crate) type SubTerm<'a> = (&'a str, u32, &'a [u8], u32, &'a [u8]);

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
    /// [`SearchIndex::assemble`]), empty otherwise.
    post_count: Vec<u32>,
    /// Character signature (see `typo.rs`).
    pub(crate) sig: Vec<u32>,
    /// Term ids ordered by length in characters ...
    pub(crate) by_len: Vec<u32>,
    /// ... where length `l` (capped at `MAX_LEN_BUCKET`) is
    /// `by_len[len_at[l]..len_at[l + 1]]`.
    pub(crate) len_at: Vec<u32>,
}

impl Dictionary {
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

    pub(crate) fn heap_bytes(&self) -> usize {
        self.text.capacity()
            + 4 * (self.start.capacity()
                + self.df.capacity()
                + self.post_at.capacity()
                + self.pos_at.capacity()
                + self.sig.capacity()
                + self.by_len.capacity()
                + self.len_at.capacity())
    }
}

impl SearchIndex {
    /// Indexes `articles` (expected newest first: `Order::Newest` is their
    /// order). Title, lead and body are indexed; source, id and URL are not.
    pub fn new(articles: &[Article]) -> Self {
        let mut builder = IndexBuilder::new(articles);
        for article in articles {
            builder.push(article);
        }
        builder.finish()
    }

    /// Number of indexed articles.
    pub fn len(&self) -> usize {
        self.docs as usize
    }

    /// True when no article is indexed.
    pub fn is_empty(&self) -> bool {
        self.docs == 0
    }

    /// Number of distinct normalised words.
    pub fn term_count(&self) -> usize {
        self.dict.len()
    }

    /// Heap memory the index holds, in bytes (capacities of its buffers).
    pub fn heap_bytes(&self) -> usize {
        self.dict.heap_bytes()
            + self.postings.capacity()
            + self.positions.capacity()
            + 8 * self.norms.capacity()
            + self
                .dense_prefixes
                .iter()
                .map(|(p, set)| set.heap_bytes() + p.capacity() + 48)
                .sum::<usize>()
    }

    /// [`SearchIndex::heap_bytes`] by part: the dictionary (terms and their
    /// statistics), postings, positions, and the rest (field-length norms,
    /// prefix bitsets).
    pub fn heap_bytes_by_part(&self) -> [(&'static str, usize); 4] {
        let dictionary = self.dict.heap_bytes();
        let postings = self.postings.capacity();
        let positions = self.positions.capacity();
        [
            ("dictionary", dictionary),
            ("postings", postings),
            ("positions", positions),
            (
                "other",
                self.heap_bytes() - dictionary - postings - positions,
            ),
        ]
    }

    pub(crate) fn postings(&self, t: u32) -> PostingReader<'_> {
        let d = &self.dict;
        let range = d.post_at[t as usize] as usize..d.post_at[t as usize + 1] as usize;
        let count = match d.post_count.get(t as usize) {
            Some(&count) => count,
            None => d.df[t as usize],
        };
        PostingReader::new(&self.postings[range], count)
    }

    /// Term `t`'s entry in the positions stream.
    pub(crate) fn position_bytes(&self, t: u32) -> &[u8] {
        let d = &self.dict;
        &self.positions[d.pos_at[t as usize] as usize..d.pos_at[t as usize + 1] as usize]
    }

    /// An index of `docs` articles holding only `terms`: each as (term,
    /// df, postings entry, the number of postings in it, positions entry),
    /// in strictly ascending term order. A term whose postings are never
    /// read may come with none (its df still counts). A partitioned index assembles one per query from the parts
    /// it loaded (see `partitioned.rs`); `norms` may be empty (or hold
    /// zeros) where nothing is ranked.
    pub(crate) fn assemble(
        docs: u32,
        terms: &[SubTerm<'_>],
        norms: Vec<(f32, f32)>,
        dense_prefixes: Vec<(String, Bitset)>,
    ) -> SearchIndex {
        let mut dict = Dictionary::default();
        let mut postings = Vec::new();
        let mut positions = Vec::new();
        let mut lengths = Vec::with_capacity(terms.len());
        dict.start.push(0);
        dict.post_at.push(0);
        dict.pos_at.push(0);
        for &(term, df, post, count, pos) in terms {
            dict.post_count.push(count);
            dict.text.push_str(term);
            dict.start.push(dict.text.len() as u32);
            dict.df.push(df);
            dict.sig.push(signature(term));
            lengths.push(term.chars().count().min(MAX_LEN_BUCKET) as u8);
            postings.extend_from_slice(post);
            positions.extend_from_slice(pos);
            dict.post_at.push(postings.len() as u32);
            dict.pos_at.push(positions.len() as u32);
        }
        (dict.by_len, dict.len_at) = bucket_by_length(&lengths);
        SearchIndex {
            docs,
            dict,
            postings,
            positions,
            norms,
            dense_prefixes,
        }
    }

    pub(crate) fn position_cursor(&self, t: u32) -> PositionCursor<'_> {
        let d = &self.dict;
        let range = d.pos_at[t as usize] as usize..d.pos_at[t as usize + 1] as usize;
        PositionCursor::new(self.postings(t), &self.positions[range])
    }
}

/// The index of no articles.
impl Default for SearchIndex {
    fn default() -> Self {
        SearchIndex::new(&[])
    }
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("articles", &self.docs)
            .field("terms", &self.dict.len())
            .field("heap_bytes", &self.heap_bytes())
            .finish()
    }
}

/// Builds a [`SearchIndex`] one article at a time, so a caller can spread
/// the work over several event-loop turns (e.g. 2,000 articles per
/// `requestAnimationFrame`) instead of blocking the page:
///
/// ```
/// # use broadsheet_core::search::{IndexBuilder, SearchIndex};
/// # let articles: Vec<broadsheet_core::Article> = Vec::new();
/// let mut builder = IndexBuilder::new(&articles);
/// for chunk in articles.chunks(2_000) {
///     for article in chunk {
///         builder.push(article);
///     }
///     // ... yield to the browser here ...
/// }
/// let index: SearchIndex = builder.finish();
/// ```
///
/// Articles must be pushed in the order `SearchIndex::new` would take them
/// (newest first); the result is the same as `SearchIndex::new`.
pub struct IndexBuilder {
    inner: Builder,
}

impl IndexBuilder {
    /// A builder for `articles` (used only to size buffers up front; push
    /// each of them next).
    pub fn new(articles: &[Article]) -> Self {
        let mut inner = Builder::new(articles.len());
        // The record stream takes about half a byte per byte of text; one
        // allocation up front saves copying it while it grows.
        let text_bytes: usize = articles
            .iter()
            .map(|a| a.title.len() + a.paragraphs().map(str::len).sum::<usize>())
            .sum();
        inner.records.reserve(text_bytes / 2);
        IndexBuilder { inner }
    }

    /// Adds the next article; its position in results is the number of
    /// articles pushed before it.
    pub fn push(&mut self, article: &Article) {
        let doc = self.inner.title_len.len() as u32;
        self.inner.add(doc, article);
    }

    /// Articles pushed so far.
    pub fn len(&self) -> usize {
        self.inner.title_len.len()
    }

    /// True when nothing was pushed yet.
    pub fn is_empty(&self) -> bool {
        self.inner.title_len.is_empty()
    }

    /// Sorts the dictionary and lays out the postings: about a fifth of
    /// the whole build.
    pub fn finish(self) -> SearchIndex {
        self.inner.finish()
    }
}

/// FxHash-style hash of a term's bytes.
#[inline(always)]
fn hash_bytes(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        h = (h.rotate_left(5) ^ u64::from_le_bytes(c.try_into().expect("8 bytes"))).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        h = (h.rotate_left(5) ^ pack(rest)).wrapping_mul(K);
    }
    // The multiply leaves the entropy in the high bits; the table is
    // indexed with those.
    h
}

/// The hash of a term: one multiply for terms of up to 8 bytes (packed),
/// FxHash over the bytes for longer ones (short and long terms never
/// compare equal, so they need not hash alike).
#[inline]
fn term_hash(bytes: &[u8]) -> u64 {
    if bytes.len() <= 8 {
        short_hash(pack(bytes))
    } else {
        hash_bytes(bytes)
    }
}

#[inline(always)]
fn short_hash(key: u64) -> u64 {
    (key ^ 0x9E37_79B9_7F4A_7C15).wrapping_mul(0x517c_c1b7_2722_0a95)
}

/// ASCII lower case of 8 packed bytes at once (bytes must be ASCII).
#[inline(always)]
fn lower_ascii8(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let seven = x & LOW7;
    let ge_a = seven + 0x3f3f_3f3f_3f3f_3f3f; // high bit: byte >= 'A'
    let gt_z = seven + 0x2525_2525_2525_2525; // high bit: byte > 'Z'
    x | ((ge_a & !gt_z & HIGH) >> 2)
}

/// Up to 8 bytes as a little-endian integer, zero-padded. (Two
/// overlapping fixed-size reads instead of a variable-length copy, which
/// would be a `memcpy` call per word.)
#[inline(always)]
fn pack(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    debug_assert!(n <= 8);
    if n >= 4 {
        let lo = u32::from_le_bytes(bytes[..4].try_into().expect("4 bytes"));
        let hi = u32::from_le_bytes(bytes[n - 4..].try_into().expect("4 bytes"));
        u64::from(lo) | u64::from(hi) << (8 * (n - 4))
    } else if n >= 2 {
        let lo = u16::from_le_bytes(bytes[..2].try_into().expect("2 bytes"));
        let hi = u16::from_le_bytes(bytes[n - 2..].try_into().expect("2 bytes"));
        u64::from(lo) | u64::from(hi) << (8 * (n - 2))
    } else {
        bytes.first().map_or(0, |&b| u64::from(b))
    }
}

/// Copies a few bytes (a posting or its positions) without a `memcpy` call.
#[inline(always)]
fn copy_small(dst: &mut [u8], src: &[u8]) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d = *s;
    }
}

/// The slot of hash `h` in a table of `size` (a power of two) entries.
#[inline(always)]
fn slot_of(h: u64, size: usize) -> usize {
    (h >> (64 - size.trailing_zeros())) as usize
}

/// A hash-table entry. Terms of up to 8 bytes are compared by `key`
/// alone (terms never contain NUL), longer ones by `key` (their first 8
/// bytes) and then their text. The entry also remembers the last article
/// the term occurred in, so the per-token path touches only the table.
#[derive(Clone, Copy, Default)]
struct Entry {
    /// The term's bytes (first 8 for a long term), zero-padded.
    key: u64,
    /// `term id + 1` (0: empty), with `LONG` set for terms over 8 bytes.
    id: u32,
    /// `article + 1` of the term's last occurrence (0: none yet).
    stamp: u32,
}

const LONG: u32 = 1 << 31;

/// Per-term counts while building (16 bytes, so the per-posting path
/// touches one small array).
#[derive(Clone, Copy, Default)]
struct TermStat {
    df: u32,
    /// The last article with this term.
    prev_doc: u32,
    /// Bytes of its postings and positions so far.
    post_bytes: u32,
    pos_bytes: u32,
}

struct Builder {
    table: Vec<Entry>,
    text: String,
    start: Vec<u32>,
    terms: Vec<TermStat>,
    /// Every (term, article) posting in article order, as: the term id
    /// (varint), then the posting and its positions exactly as they go into
    /// the index. `finish` scatters them to their terms: writing each term's
    /// own growing buffer here instead would cost a cache miss or two per
    /// posting.
    records: Vec<u8>,
    /// Per term: its slot in the current article (valid when the term's
    /// table entry is stamped with the current article).
    slot_of: Vec<u32>,
    /// The current article's distinct terms, their title and total
    /// frequencies, in order of first occurrence ...
    slot_term: Vec<u32>,
    slot_title: Vec<u32>,
    slot_tf: Vec<u32>,
    /// ... and its tokens as (slot, position), in text order.
    tokens: Vec<(u32, u32)>,
    /// Positions grouped by slot, where each slot's group starts, and a
    /// fill cursor per slot (scratch for `add`).
    grouped: Vec<u32>,
    starts: Vec<u32>,
    fill: Vec<u32>,
    title_len: Vec<u16>,
    body_len: Vec<u32>,
    /// Lower-cased ASCII word.
    lower: Vec<u8>,
    /// Normalised non-ASCII word.
    norm: String,
}

impl Builder {
    fn new(docs: usize) -> Self {
        Builder {
            table: vec![Entry::default(); 1 << 12],
            text: String::new(),
            start: vec![0],
            terms: Vec::new(),
            records: Vec::new(),
            slot_of: Vec::new(),
            slot_term: Vec::new(),
            slot_title: Vec::new(),
            slot_tf: Vec::new(),
            tokens: Vec::new(),
            grouped: Vec::new(),
            starts: Vec::new(),
            fill: Vec::new(),
            title_len: Vec::with_capacity(docs),
            body_len: Vec::with_capacity(docs),
            lower: Vec::new(),
            norm: String::new(),
        }
    }

    fn term_bytes(&self, t: u32) -> &[u8] {
        &self.text.as_bytes()[self.start[t as usize] as usize..self.start[t as usize + 1] as usize]
    }

    /// The table index of a normalised term, added if new.
    #[inline(always)]
    fn intern(&mut self, term: &[u8]) -> usize {
        if term.len() <= 8 {
            return self.intern_short(pack(term), term.len());
        }
        let h = hash_bytes(term);
        let key = pack(&term[..8]);
        let mask = self.table.len() - 1;
        let mut i = slot_of(h, self.table.len());
        loop {
            let e = self.table[i];
            if e.id == 0 {
                break;
            }
            if e.key == key && e.id & LONG != 0 && self.term_bytes((e.id & !LONG) - 1) == term {
                return i;
            }
            i = (i + 1) & mask;
        }
        self.insert(i, key, h, term)
    }

    /// The table index of a normalised term of `len <= 8` bytes packed in
    /// `key`, added if new.
    #[inline(always)]
    fn intern_short(&mut self, key: u64, len: usize) -> usize {
        let h = short_hash(key);
        let mask = self.table.len() - 1;
        let mut i = slot_of(h, self.table.len());
        loop {
            let e = self.table[i];
            if e.id == 0 {
                break;
            }
            if e.key == key && e.id & LONG == 0 {
                return i;
            }
            i = (i + 1) & mask;
        }
        let bytes = key.to_le_bytes();
        self.insert(i, key, h, &bytes[..len])
    }

    /// Adds a term at free table index `i`; returns its table index
    /// (which moves if the table grows).
    #[cold]
    fn insert(&mut self, i: usize, key: u64, h: u64, term: &[u8]) -> usize {
        let t = self.terms.len() as u32;
        let id = (t + 1) | if term.len() <= 8 { 0 } else { LONG };
        self.table[i] = Entry { key, id, stamp: 0 };
        // Terms are whole normalised words: valid UTF-8.
        self.text
            .push_str(std::str::from_utf8(term).expect("a normalised word is UTF-8"));
        self.start.push(self.text.len() as u32);
        self.terms.push(TermStat::default());
        self.slot_of.push(0);
        if self.terms.len() * 2 <= self.table.len() {
            return i;
        }
        self.grow();
        let mask = self.table.len() - 1;
        let mut i = slot_of(h, self.table.len());
        while self.table[i].id != id {
            i = (i + 1) & mask;
        }
        i
    }

    fn grow(&mut self) {
        let size = self.table.len() * 2;
        let mask = size - 1;
        let mut table = vec![Entry::default(); size];
        for e in &self.table {
            if e.id == 0 {
                continue;
            }
            let h = term_hash(self.term_bytes((e.id & !LONG) - 1));
            let mut i = slot_of(h, size);
            while table[i].id != 0 {
                i = (i + 1) & mask;
            }
            table[i] = *e;
        }
        self.table = table;
    }

    /// Counts one occurrence of the term at table index `i`.
    #[inline(always)]
    fn occurrence(&mut self, stamp: u32, i: usize, pos: u32, in_title: bool) {
        let e = &mut self.table[i];
        let t = ((e.id & !LONG) - 1) as usize;
        let slot = if e.stamp != stamp {
            e.stamp = stamp;
            let slot = self.slot_term.len() as u32;
            self.slot_of[t] = slot;
            self.slot_term.push(t as u32);
            self.slot_title.push(0);
            self.slot_tf.push(0);
            slot
        } else {
            self.slot_of[t]
        };
        self.slot_tf[slot as usize] += 1;
        self.slot_title[slot as usize] += u32::from(in_title);
        self.tokens.push((slot, pos));
    }

    /// Indexes the words of one field or paragraph from position `*pos`.
    fn add_text(&mut self, stamp: u32, text: &str, pos: &mut u32, in_title: bool) {
        for_each_word(text, |start, end| {
            let word = &text.as_bytes()[start..end];
            let i = if word.len() <= 8 && pack(word) & 0x8080_8080_8080_8080 == 0 {
                // Short ASCII word: lower-cased and looked up as one integer.
                self.intern_short(lower_ascii8(pack(word)), word.len())
            } else if word.is_ascii() {
                // The normaliser only lower-cases ASCII words.
                let mut lower = std::mem::take(&mut self.lower);
                lower.clear();
                lower.extend(word.iter().map(u8::to_ascii_lowercase));
                let i = self.intern(&lower);
                self.lower = lower;
                i
            } else {
                let mut norm = std::mem::take(&mut self.norm);
                normalize_into(&text[start..end], &mut norm);
                let i = (!norm.is_empty()).then(|| self.intern(norm.as_bytes()));
                self.norm = norm;
                match i {
                    Some(i) => i,
                    None => return,
                }
            };
            self.occurrence(stamp, i, *pos, in_title);
            *pos += 1;
        });
    }

    fn add(&mut self, doc: u32, article: &Article) {
        self.slot_term.clear();
        self.slot_title.clear();
        self.slot_tf.clear();
        self.tokens.clear();
        let stamp = doc + 1;
        let mut pos = 0u32;
        self.add_text(stamp, &article.title, &mut pos, true);
        let title_tokens = pos;
        let mut paragraphs = 0;
        for paragraph in article.paragraphs() {
            pos += 1; // never adjacent across paragraphs
            paragraphs += 1;
            self.add_text(stamp, paragraph, &mut pos, false);
        }
        self.title_len
            .push(title_tokens.min(u32::from(u16::MAX)) as u16);
        self.body_len.push(pos - title_tokens - paragraphs);

        // Group the positions by slot (counting sort; each group stays
        // ascending).
        let mut starts = std::mem::take(&mut self.starts);
        starts.clear();
        self.fill.clear();
        let mut offset = 0u32;
        for &tf in &self.slot_tf {
            starts.push(offset);
            self.fill.push(offset);
            offset += tf;
        }
        self.grouped.clear();
        self.grouped.resize(offset as usize, 0);
        for &(slot, p) in &self.tokens {
            let at = &mut self.fill[slot as usize];
            self.grouped[*at as usize] = p;
            *at += 1;
        }
        let records = &mut self.records;
        for (slot, &t) in self.slot_term.iter().enumerate() {
            let term = &mut self.terms[t as usize];
            let gap = if term.df == 0 {
                doc
            } else {
                doc - term.prev_doc - 1
            };
            term.prev_doc = doc;
            term.df += 1;
            put_varint(records, t);
            let at = records.len();
            put_varint(records, gap);
            let tf_title = self.slot_title[slot];
            let tf = self.slot_tf[slot];
            put_varint(records, (tf - tf_title) << 2 | tf_title.min(3));
            if tf_title >= 3 {
                put_varint(records, tf_title - 3);
            }
            let mid = records.len();
            let first = starts[slot] as usize;
            let mut prev = 0;
            for (i, &p) in self.grouped[first..first + tf as usize].iter().enumerate() {
                put_varint(records, if i == 0 { p } else { p - prev - 1 });
                prev = p;
            }
            term.post_bytes += (mid - at) as u32;
            term.pos_bytes += (records.len() - mid) as u32;
        }
        self.starts = starts;
    }

    fn finish(self) -> SearchIndex {
        let docs = self.title_len.len() as u32;
        let Builder {
            text,
            start,
            terms,
            records,
            title_len,
            body_len,
            ..
        } = self;
        let term_str = |t: usize| &text[start[t] as usize..start[t + 1] as usize];
        let mut order: Vec<u32> = (0..terms.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| term_str(a as usize).cmp(term_str(b as usize)));

        let mut dict = Dictionary {
            text: String::with_capacity(text.len()),
            start: Vec::with_capacity(terms.len() + 1),
            df: Vec::with_capacity(terms.len()),
            post_at: Vec::with_capacity(terms.len() + 1),
            pos_at: Vec::with_capacity(terms.len() + 1),
            post_count: Vec::new(),
            sig: Vec::with_capacity(terms.len()),
            by_len: Vec::new(),
            len_at: Vec::new(),
        };
        let mut lengths = Vec::with_capacity(terms.len());
        // Where each term's postings and positions go, by old term id.
        let mut cursor = vec![(0u32, 0u32); terms.len()];
        let (mut post_total, mut pos_total) = (0u32, 0u32);
        dict.start.push(0);
        dict.post_at.push(0);
        dict.pos_at.push(0);
        for &old in &order {
            let s = term_str(old as usize);
            let term = &terms[old as usize];
            dict.text.push_str(s);
            dict.start.push(dict.text.len() as u32);
            dict.df.push(term.df);
            dict.sig.push(signature(s));
            lengths.push(s.chars().count().min(MAX_LEN_BUCKET) as u8);
            cursor[old as usize] = (post_total, pos_total);
            post_total += term.post_bytes;
            pos_total += term.pos_bytes;
            dict.post_at.push(post_total);
            dict.pos_at.push(pos_total);
        }
        drop(text);
        drop(start);
        // Scatter the records to their terms, in article order.
        let mut postings = vec![0u8; post_total as usize];
        let mut positions = vec![0u8; pos_total as usize];
        let mut at = 0;
        while at < records.len() {
            let t = get_varint(&records, &mut at) as usize;
            let post_start = at;
            get_varint(&records, &mut at);
            let packed = get_varint(&records, &mut at);
            let mut tf = (packed >> 2) + (packed & 3);
            if packed & 3 == 3 {
                tf += get_varint(&records, &mut at);
            }
            let pos_start = at;
            at = skip_varints(&records, at, tf);
            let (p, q) = &mut cursor[t];
            let post_len = pos_start - post_start;
            copy_small(
                &mut postings[*p as usize..*p as usize + post_len],
                &records[post_start..pos_start],
            );
            *p += post_len as u32;
            let pos_len = at - pos_start;
            copy_small(
                &mut positions[*q as usize..*q as usize + pos_len],
                &records[pos_start..at],
            );
            *q += pos_len as u32;
        }
        drop(records);
        drop(terms);
        (dict.by_len, dict.len_at) = bucket_by_length(&lengths);

        let sum_title: u64 = title_len.iter().map(|&l| u64::from(l)).sum();
        let sum_body: u64 = body_len.iter().map(|&l| u64::from(l)).sum();
        let n = f64::from(docs.max(1));
        let avg_title = ((sum_title as f64 / n) as f32).max(1.0);
        let avg_body = ((sum_body as f64 / n) as f32).max(1.0);
        let norms = title_len
            .iter()
            .zip(&body_len)
            .map(|(&t, &b)| {
                let title = 1.0 - B + B * f32::from(t) / avg_title;
                let body = 1.0 - B + B * b as f32 / avg_body;
                (TITLE_WEIGHT / title, 1.0 / body)
            })
            .collect();
        drop(title_len);
        drop(body_len);
        let mut index = SearchIndex {
            docs,
            dict,
            postings,
            positions,
            norms,
            dense_prefixes: Vec::new(),
        };
        index.dense_prefixes = dense_prefixes(&index);
        index
    }
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

/// Below this many articles no prefix gets a bitset: unions are cheap.
const DENSE_MIN_DOCS: u32 = 256;

/// Bitsets for the one-letter prefixes whose words have more postings in
/// total than there are articles, and the two-letter ones with more than
/// twice as many (for 50,000 English articles: most letters and the
/// commonest pairs such as `th`), so a short prefix query reads one bitset
/// instead of thousands of posting lists.
fn dense_prefixes(index: &SearchIndex) -> Vec<(String, Bitset)> {
    let mut out = Vec::new();
    if index.docs < DENSE_MIN_DOCS {
        return out;
    }
    let dict = &index.dict;
    for chars in 1..=2usize {
        let threshold = u64::from(index.docs) * chars as u64;
        let mut t = 0u32;
        while (t as usize) < dict.len() {
            let term = dict.term(t);
            let prefix: String = term.chars().take(chars).collect();
            if prefix.chars().count() < chars {
                t += 1;
                continue;
            }
            let range = dict.prefix_range(&prefix);
            let total: u64 = range.clone().map(|t| u64::from(dict.df[t as usize])).sum();
            if total > threshold {
                let mut set = Bitset::empty(index.docs);
                for term in range.clone() {
                    for p in index.postings(term) {
                        set.insert(p.doc);
                    }
                }
                out.push((prefix, set));
            }
            t = range.end.max(t + 1);
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packing_and_lower_casing_eight_bytes_at_once() {
        for word in ["", "a", "ab", "abc", "abcd", "abcde", "abcdefgh", "x_1.Z:9"] {
            let mut b = [0u8; 8];
            b[..word.len()].copy_from_slice(word.as_bytes());
            assert_eq!(pack(word.as_bytes()), u64::from_le_bytes(b), "{word}");
        }
        let all: Vec<u8> = (0u8..128).collect();
        for chunk in all.chunks(8) {
            let want: Vec<u8> = chunk.iter().map(u8::to_ascii_lowercase).collect();
            assert_eq!(lower_ascii8(pack(chunk)), pack(&want), "{chunk:?}");
        }
    }

    fn id(b: &mut Builder, word: &[u8]) -> u32 {
        let i = b.intern(word);
        (b.table[i].id & !LONG) - 1
    }

    #[test]
    fn interning_survives_growth_and_long_words() {
        let mut b = Builder::new(0);
        let words: Vec<String> = (0..10_000)
            .map(|i| {
                if i % 3 == 0 {
                    format!("w{i}")
                } else {
                    format!("longer-word-{i}")
                }
            })
            .collect();
        let ids: Vec<u32> = words.iter().map(|w| id(&mut b, w.as_bytes())).collect();
        for (w, &t) in words.iter().zip(&ids) {
            assert_eq!(id(&mut b, w.as_bytes()), t);
            assert_eq!(b.term_bytes(t), w.as_bytes());
        }
        // A short word and a long word sharing its first eight bytes.
        let short = id(&mut b, b"abcdefgh");
        let long = id(&mut b, b"abcdefghi");
        assert_ne!(short, long);
        assert_eq!(id(&mut b, b"abcdefgh"), short);
    }
}
