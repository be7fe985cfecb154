//! A prebuilt search index split into a small **root** and many
//! content-addressed **parts**, so a page on a static host can search an
//! archive of a million articles while downloading only what each query
//! needs, and get exactly the results [`SearchIndex::search_with`] gives.
//!
//! # Use
//!
//! The ingest CLI builds a [`SearchIndex`] over all articles (newest first,
//! the page's order) and writes [`partition_index`]`(&index, &options)`:
//! [`PartitionedFiles`] `{ root, parts }` (uncompressed bytes; the CLI
//! names part `i` by `content_hash(&parts[i])` (`index/<hash>.bin.gz`, see
//! `archive::FileKind`) and
//! compresses it). The page loads the root with
//! [`PartitionedIndex::from_root`], then per query:
//!
//! ```text
//! loop {
//!     match index.search(&query, order) {
//!         Lookup::Done(hits) => break hits,          // as search_with gives
//!         Lookup::Need(parts) => for p in parts {   // fetch in parallel
//!             index.add_part(p, &fetch(index.part_hash(p)))?;
//!         },
//!     }
//! }
//! ```
//!
//! A query converges in at most four rounds: (1) dictionary blocks, the
//! length lexicon for typos, prefix sets; (2) the dictionary blocks of typo
//! candidates; (3) posting streams (and positions for phrases); (4) for
//! `Order::Relevance`, the norms of the ranges holding hits. Loaded parts
//! stay cached ([`PartitionedIndex::loaded_bytes`],
//! [`PartitionedIndex::evict_to`] drops the least recently used).
//!
//! # How results stay exact
//!
//! Each query runs the in-page engine (`exec.rs`) unchanged on a
//! query-specific sub-index (`SearchIndex::assemble`) holding only the
//! terms the query can touch, with their *global* df, postings with global
//! article numbers, positions only for phrase words, bit-identical norms
//! for the articles that are ranked, and the prefix set of a prefix word
//! if the archive has one. Its term ids are in dictionary order like the
//! full index's, so every tie-break by term id agrees:
//!
//! - prefix expansions are ranked for scoring by (df desc, term), a total
//!   order, and always sorted, so the scored terms and the order their
//!   scores are summed in are the same whatever else the sub-index holds;
//! - typo candidates: the sub-index holds the global best `TYPO_CAP` (64)
//!   candidates (found by scanning the length lexicon), and every other
//!   term it holds within reach ranks below them;
//! - a prefix set replaces the postings of the prefix's words for matching
//!   (it is their union); the part also lists the prefix's `cap + 1` most
//!   frequent words with their df, which is all `resolve` reads of them
//!   (idf, the scored expansions), so `Newest`/`Oldest` need none of their
//!   postings.
//!
//! # Format
//!
//! Integers are LEB128 varints unless noted. The root is
//! `"BSIR" version` then: articles; the number of parts of each kind, in
//! kind order (doc streams, tf streams, positions, dictionary blocks,
//! lexicon, prefix sets, norms) — parts are numbered in that order; each
//! part's hash as 8 raw bytes; each dictionary block's first term
//! (front-coded: shared bytes, suffix length, suffix); per length bucket
//! `0..=48` the number of its lexicon parts; each prefix set's prefix
//! (front-coded, ascending); the articles per norm range.
//!
//! Every part is `"BSIP" version kind` then its body:
//!
//! - **doc streams** (kind 0): per term, in dictionary order, its articles
//!   as gaps (`doc - previous - 1`, the first as is). Kept apart from the
//!   frequencies so matching reads only these, and a common word's gaps of
//!   0 and 1 compress to almost nothing;
//! - **tf streams** (1): per term, per article, `tf_body << 2 |
//!   min(tf_title, 3)` and `tf_title - 3` when that is 3 — read for
//!   ranking and phrases only;
//! - **positions** (2): per term, the in-page index's position stream —
//!   read for phrases only;
//!
//!   Streams are packed in dictionary order into parts of about a target
//!   size; a larger stream gets a part of its own.
//! - **dictionary block** (3): count; per stream kind the (part, offset) of
//!   its first term's stream; per term (front-coded, ascending): df, then
//!   per stream kind `length << 1 | starts the next part`;
//! - **lexicon** (4): the length bucket; count; terms of that length
//!   (front-coded, ascending) with df — the typo scan reads the buckets
//!   within reach of the word;
//! - **prefix set** (5): the prefix; its `cap + 1` most frequent words
//!   (length, bytes, df); then `0` and the articles as a bitset (64-bit
//!   little-endian words), or `1`, a count and article gaps — whichever is
//!   smaller. The writer makes one for each prefix of up to
//!   [`PartitionOptions::prefix_set_max_chars`] characters with more than
//!   one word and more than [`PartitionOptions::prefix_set_min_bytes`] of
//!   doc streams (`t`, `th`, `pre` in English news);
//! - **norms** (6): first article; count; the distinct title and body
//!   norms (count, then f32 bits as 4 little-endian bytes each; most
//!   frequent first); per article the title norm's index, then per article
//!   the body norm's index.
//!
//! # Figures
//!
//! `cargo run --release -p broadsheet-core --example partition_sizes 3106`
//! (3,106 copies of the bundled set: 1,000,132 articles, default options,
//! gzip level 6): 7,341 parts, 19.0 MB gzipped in all (doc streams 9.0 MB,
//! positions 4.8 MB, 669 prefix sets 4.0 MB, tf 1.0 MB); root 61 KB raw,
//! 60 KB gzipped; every benchmark query cold (root loaded) fetches at most
//! 88 KB gzipped in `Newest` order (`the` 9 KB, `t` 9 KB, `pre` 15 KB,
//! `"prime minister"` 28 KB, `prime minister` 88 KB) and 136 KB in
//! `Relevance`, in at most 3 rounds (4 for `Relevance`). Copies compress
//! unusually well; real text will cost more per posting.
//!
//! Parts are verified against their hash on arrival; decoding checks every
//! length and never panics. An archive whose parts are each well-formed but
//! disagree with each other gives no results rather than a panic.

use super::exec::{Order, PREFIX_SCORE_CAP, SHORT_PREFIX_SCORE_CAP, TYPO_CAP};
use super::index::{SearchIndex, SubTerm, MAX_LEN_BUCKET};
use super::postings::{put_varint, Bitset};
use super::query::{Item, SearchQuery};
use super::typo::{signature, signature_allows, Distance};
use crate::content_hash::content_hash;
use crate::limits::{MAX_ARCHIVE_ARTICLES, MAX_ARCHIVE_FILE_BYTES};
use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

const ROOT_MAGIC: &[u8; 4] = b"BSIR";
const PART_MAGIC: &[u8; 4] = b"BSIP";
const VERSION: u8 = 1;
const HEADER: usize = 6;
const HASH_BYTES: usize = 8;

const DOCS: usize = 0;
const TF: usize = 1;
const POS: usize = 2;
const DICT: usize = 3;
const LEXICON: usize = 4;
const PREFIX: usize = 5;
const NORMS: usize = 6;
const KINDS: usize = 7;
const KIND_NAMES: [&str; KINDS] = [
    "doc stream",
    "tf stream",
    "positions",
    "dictionary block",
    "lexicon",
    "prefix set",
    "norms",
];

/// Size targets of [`partition_index`]. `Default` is the production
/// layout; tests use tiny targets to get many parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionOptions {
    /// Target bytes of a doc-stream part (read by every query).
    pub stream_part_bytes: usize,
    /// Target bytes of a tf-stream part (read for ranking and phrases;
    /// compresses about 40 to 1, so parts can be larger).
    pub tf_part_bytes: usize,
    /// Target bytes of a positions part (read for phrases; compresses
    /// well too).
    pub position_part_bytes: usize,
    /// Target bytes of a dictionary block.
    pub dict_block_bytes: usize,
    /// Target bytes of a lexicon part.
    pub lexicon_part_bytes: usize,
    /// Articles per norms part.
    pub norm_range_docs: u32,
    /// Prefixes of up to this many characters may get a prefix set.
    pub prefix_set_max_chars: usize,
    /// A prefix gets a set when its words' doc streams total more than
    /// this many bytes.
    pub prefix_set_min_bytes: usize,
}

impl Default for PartitionOptions {
    fn default() -> Self {
        PartitionOptions {
            stream_part_bytes: 64 << 10,
            tf_part_bytes: 256 << 10,
            position_part_bytes: 512 << 10,
            dict_block_bytes: 16 << 10,
            lexicon_part_bytes: 16 << 10,
            norm_range_docs: 1 << 16,
            prefix_set_max_chars: 4,
            prefix_set_min_bytes: 256 << 10,
        }
    }
}

/// What [`partition_index`] writes: the root and the parts, uncompressed.
/// The root lists each part's [`content_hash`], in the order of `parts`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PartitionedFiles {
    pub root: Vec<u8>,
    pub parts: Vec<Vec<u8>>,
}

/// A root or part that is not what it should be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartError {
    /// The part's index and hash, or `None` for the root.
    pub part: Option<(usize, String)>,
    pub what: String,
}

impl fmt::Display for PartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.part {
            Some((i, hash)) => write!(f, "search index part {i} ({hash}): {}", self.what),
            None => write!(f, "search index root: {}", self.what),
        }
    }
}

impl std::error::Error for PartError {}

/// What [`PartitionedIndex::search`] gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// The results, as [`SearchIndex::search_with`] gives them.
    Done(Vec<u32>),
    /// The parts to load (ascending, never empty) before searching again.
    Need(Vec<usize>),
}

// ---------------------------------------------------------------- writing

fn part_header(kind: usize) -> Vec<u8> {
    let mut out = PART_MAGIC.to_vec();
    out.push(VERSION);
    out.push(kind as u8);
    out
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_varint(out, bytes.len() as u32);
    out.extend_from_slice(bytes);
}

/// Appends `term` front-coded against `prev`.
fn put_front_coded(out: &mut Vec<u8>, prev: &str, term: &str) {
    let shared = prev
        .bytes()
        .zip(term.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    put_varint(out, shared as u32);
    put_bytes(out, &term.as_bytes()[shared..]);
}

/// Where one term's stream is: (part number within its kind, offset in the
/// part's body, length).
type Loc = (u32, u32, u32);

/// Packs streams, in order, into parts of about `target` bytes.
fn pack_streams(kind: usize, streams: &[Vec<u8>], target: usize) -> (Vec<Vec<u8>>, Vec<Loc>) {
    let mut parts: Vec<Vec<u8>> = Vec::new();
    let mut locs = Vec::with_capacity(streams.len());
    for s in streams {
        let full = parts
            .last()
            .is_none_or(|p| p.len() > HEADER && p.len() - HEADER + s.len() > target);
        if full {
            parts.push(part_header(kind));
        }
        let number = parts.len() as u32 - 1;
        let part = parts.last_mut().expect("a part");
        locs.push((number, (part.len() - HEADER) as u32, s.len() as u32));
        part.extend_from_slice(s);
    }
    (parts, locs)
}

/// Writes `index` as a root and parts (see the module documentation).
pub fn partition_index(index: &SearchIndex, options: &PartitionOptions) -> PartitionedFiles {
    let dict = &index.dict;
    let n_terms = dict.len() as u32;
    // Streams per term.
    let mut doc_streams = Vec::with_capacity(n_terms as usize);
    let mut tf_streams = Vec::with_capacity(n_terms as usize);
    let mut pos_streams = Vec::with_capacity(n_terms as usize);
    for t in 0..n_terms {
        let (mut docs, mut tfs) = (Vec::new(), Vec::new());
        let mut next = 0;
        for p in index.postings(t) {
            put_varint(&mut docs, p.doc - next);
            next = p.doc + 1;
            put_varint(&mut tfs, p.tf_body << 2 | p.tf_title.min(3));
            if p.tf_title >= 3 {
                put_varint(&mut tfs, p.tf_title - 3);
            }
        }
        doc_streams.push(docs);
        tf_streams.push(tfs);
        pos_streams.push(index.position_bytes(t).to_vec());
    }
    let mut kinds: [Vec<Vec<u8>>; KINDS] = Default::default();
    let (parts, doc_locs) = pack_streams(DOCS, &doc_streams, options.stream_part_bytes);
    kinds[DOCS] = parts;
    let (parts, tf_locs) = pack_streams(TF, &tf_streams, options.tf_part_bytes);
    kinds[TF] = parts;
    let (parts, pos_locs) = pack_streams(POS, &pos_streams, options.position_part_bytes);
    kinds[POS] = parts;
    drop(tf_streams);
    drop(pos_streams);
    let base_of = |kind: usize, kinds: &[Vec<Vec<u8>>; KINDS]| -> u32 {
        kinds[..kind].iter().map(|k| k.len() as u32).sum()
    };
    let stream_base = [
        base_of(DOCS, &kinds),
        base_of(TF, &kinds),
        base_of(POS, &kinds),
    ];
    let locs = [&doc_locs, &tf_locs, &pos_locs];

    // Dictionary blocks.
    let mut dict_first: Vec<String> = Vec::new();
    let mut t = 0u32;
    while t < n_terms {
        let first = t;
        let mut entries = Vec::new();
        let mut prev = "";
        while t < n_terms && (t == first || entries.len() < options.dict_block_bytes) {
            let term = dict.term(t);
            put_front_coded(&mut entries, prev, term);
            put_varint(&mut entries, dict.df[t as usize]);
            for kind in &locs {
                let (part, _, len) = kind[t as usize];
                let new = t > first && part != kind[t as usize - 1].0;
                put_varint(&mut entries, len << 1 | u32::from(new));
            }
            prev = term;
            t += 1;
        }
        let mut block = part_header(DICT);
        put_varint(&mut block, t - first);
        for k in 0..3 {
            let (part, off, _) = locs[k][first as usize];
            put_varint(&mut block, stream_base[k] + part);
            put_varint(&mut block, off);
        }
        block.extend_from_slice(&entries);
        kinds[DICT].push(block);
        dict_first.push(dict.term(first).to_owned());
    }

    // Lexicon by length bucket.
    let mut by_bucket: Vec<Vec<u32>> = vec![Vec::new(); MAX_LEN_BUCKET + 1];
    for t in 0..n_terms {
        let len = dict.term(t).chars().count().min(MAX_LEN_BUCKET);
        by_bucket[len].push(t);
    }
    let mut lexicon_counts = vec![0u32; MAX_LEN_BUCKET + 1];
    for (bucket, terms) in by_bucket.iter().enumerate() {
        let mut i = 0;
        while i < terms.len() {
            let first = i;
            let mut entries = Vec::new();
            let mut prev = "";
            while i < terms.len() && (i == first || entries.len() < options.lexicon_part_bytes) {
                let term = dict.term(terms[i]);
                put_front_coded(&mut entries, prev, term);
                put_varint(&mut entries, dict.df[terms[i] as usize]);
                prev = term;
                i += 1;
            }
            let mut part = part_header(LEXICON);
            part.push(bucket as u8);
            put_varint(&mut part, (i - first) as u32);
            part.extend_from_slice(&entries);
            kinds[LEXICON].push(part);
            lexicon_counts[bucket] += 1;
        }
    }

    // Prefix sets.
    let mut prefixes: Vec<String> = Vec::new();
    for chars in 1..=options.prefix_set_max_chars {
        let mut t = 0u32;
        while t < n_terms {
            let term = dict.term(t);
            if term.chars().nth(chars - 1).is_none() {
                t += 1;
                continue;
            }
            let prefix: String = term.chars().take(chars).collect();
            let range = dict.prefix_range(&prefix);
            let bytes: usize = range.clone().map(|t| doc_streams[t as usize].len()).sum();
            if range.len() >= 2 && bytes > options.prefix_set_min_bytes {
                kinds[PREFIX].push(prefix_set_part(index, &prefix, range.clone()));
                prefixes.push(prefix);
            }
            t = range.end.max(t + 1);
        }
    }
    // Sorted by prefix, as the root lists them.
    let mut order: Vec<usize> = (0..prefixes.len()).collect();
    order.sort_by(|&a, &b| prefixes[a].cmp(&prefixes[b]));
    let sets = std::mem::take(&mut kinds[PREFIX]);
    kinds[PREFIX] = order.iter().map(|&i| sets[i].clone()).collect();
    let prefixes: Vec<String> = order.iter().map(|&i| prefixes[i].clone()).collect();

    // Norms.
    let range_docs = options.norm_range_docs.max(1);
    let mut start = 0u32;
    while start < index.docs {
        let end = start.saturating_add(range_docs).min(index.docs);
        kinds[NORMS].push(norms_part(
            &index.norms[start as usize..end as usize],
            start,
        ));
        start = end;
    }

    // Root.
    let mut root = ROOT_MAGIC.to_vec();
    root.push(VERSION);
    put_varint(&mut root, index.docs);
    for k in &kinds {
        put_varint(&mut root, k.len() as u32);
    }
    let parts: Vec<Vec<u8>> = kinds.into_iter().flatten().collect();
    for part in &parts {
        let hash = content_hash(part);
        for i in 0..HASH_BYTES {
            root.push(u8::from_str_radix(&hash[2 * i..2 * i + 2], 16).expect("hex"));
        }
    }
    let mut prev = "";
    for first in &dict_first {
        put_front_coded(&mut root, prev, first);
        prev = first;
    }
    for &c in &lexicon_counts {
        put_varint(&mut root, c);
    }
    let mut prev = "";
    for p in &prefixes {
        put_front_coded(&mut root, prev, p);
        prev = p;
    }
    put_varint(&mut root, range_docs);
    PartitionedFiles { root, parts }
}

fn prefix_set_part(index: &SearchIndex, prefix: &str, range: std::ops::Range<u32>) -> Vec<u8> {
    let dict = &index.dict;
    let cap = if prefix.chars().nth(2).is_none() {
        SHORT_PREFIX_SCORE_CAP
    } else {
        PREFIX_SCORE_CAP
    };
    let mut top: Vec<u32> = range.clone().collect();
    top.sort_unstable_by_key(|&t| (std::cmp::Reverse(dict.df[t as usize]), t));
    top.truncate(cap + 1);
    let mut set = Bitset::empty(index.docs);
    for t in range {
        for p in index.postings(t) {
            set.insert(p.doc);
        }
    }
    let mut part = part_header(PREFIX);
    put_bytes(&mut part, prefix.as_bytes());
    put_varint(&mut part, top.len() as u32);
    for &t in &top {
        put_bytes(&mut part, dict.term(t).as_bytes());
        put_varint(&mut part, dict.df[t as usize]);
    }
    let mut gaps = Vec::new();
    let mut count = 0u32;
    let mut next = 0;
    for d in set.iter() {
        put_varint(&mut gaps, d - next);
        next = d + 1;
        count += 1;
    }
    if gaps.len() < set.words().len() * 8 {
        part.push(1);
        put_varint(&mut part, count);
        part.extend_from_slice(&gaps);
    } else {
        part.push(0);
        for w in set.words() {
            part.extend_from_slice(&w.to_le_bytes());
        }
    }
    part
}

/// Distinct values, most frequent first (then by bits), and each value's
/// index in that table.
fn value_table(values: impl Iterator<Item = u32> + Clone) -> (Vec<u32>, BTreeMap<u32, u32>) {
    let mut counts: BTreeMap<u32, u32> = BTreeMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    let mut table: Vec<(u32, u32)> = counts.into_iter().collect();
    table.sort_by_key(|&(bits, count)| (std::cmp::Reverse(count), bits));
    let index = table
        .iter()
        .enumerate()
        .map(|(i, &(bits, _))| (bits, i as u32))
        .collect();
    (table.into_iter().map(|(bits, _)| bits).collect(), index)
}

fn norms_part(norms: &[(f32, f32)], start: u32) -> Vec<u8> {
    let mut part = part_header(NORMS);
    put_varint(&mut part, start);
    put_varint(&mut part, norms.len() as u32);
    let title = norms.iter().map(|n| n.0.to_bits());
    let body = norms.iter().map(|n| n.1.to_bits());
    let (title_table, title_index) = value_table(title.clone());
    let (body_table, body_index) = value_table(body.clone());
    for table in [&title_table, &body_table] {
        put_varint(&mut part, table.len() as u32);
        for bits in table {
            part.extend_from_slice(&bits.to_le_bytes());
        }
    }
    for v in title {
        put_varint(&mut part, title_index[&v]);
    }
    for v in body {
        put_varint(&mut part, body_index[&v]);
    }
    part
}

// ---------------------------------------------------------------- reading

/// A bounds-checked reader over untrusted bytes.
struct Reader<'a> {
    buf: &'a [u8],
    at: usize,
    /// Bytes of terms decoded so far: front coding lets a few bytes stand
    /// for a long term, so their total is held to `MAX_TERM_BYTES`.
    decoded: usize,
}

/// The most bytes of terms one root or part may decode to (front coding
/// repeats a term's shared bytes for free, so without a limit a few
/// megabytes could stand for terabytes).
const MAX_TERM_BYTES: usize = MAX_ARCHIVE_FILE_BYTES;

type Res<T> = Result<T, String>;

impl<'a> Reader<'a> {
    fn new(buf: &'a [u8]) -> Self {
        Reader {
            buf,
            at: 0,
            decoded: 0,
        }
    }

    fn remaining(&self) -> usize {
        self.buf.len() - self.at
    }

    /// A count of items that take at least `min_bytes` each, checked
    /// against the bytes left before anything is allocated for them.
    fn count(&mut self, what: &str, min_bytes: usize) -> Res<usize> {
        let at = self.at;
        let n = self.varint()? as usize;
        if n > self.remaining() / min_bytes {
            return Err(format!(
                "claims {n} {what} at byte {at}, more than its {} remaining bytes can hold",
                self.remaining()
            ));
        }
        Ok(n)
    }

    fn charge(&mut self, n: usize) -> Res<()> {
        self.decoded += n;
        if self.decoded > MAX_TERM_BYTES {
            return Err(format!(
                "its terms decode to more than {MAX_TERM_BYTES} bytes (at byte {})",
                self.at
            ));
        }
        Ok(())
    }

    fn done(&self) -> bool {
        self.at == self.buf.len()
    }

    fn u8(&mut self) -> Res<u8> {
        let b = *self
            .buf
            .get(self.at)
            .ok_or_else(|| format!("truncated at byte {}", self.at))?;
        self.at += 1;
        Ok(b)
    }

    fn varint(&mut self) -> Res<u32> {
        let mut v = 0u32;
        for shift in (0..35).step_by(7) {
            let b = self.u8()?;
            if shift == 28 && b > 0x0F {
                return Err(format!("number too large at byte {}", self.at - 1));
            }
            v |= u32::from(b & 0x7F) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(format!("number too long at byte {}", self.at))
    }

    fn bytes(&mut self, n: usize) -> Res<&'a [u8]> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.buf.len())
            .ok_or_else(|| format!("truncated: {n} bytes wanted at byte {}", self.at))?;
        let out = &self.buf[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn string(&mut self) -> Res<String> {
        let n = self.varint()? as usize;
        let bytes = self.bytes(n)?;
        self.charge(n)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| "a term is not UTF-8".to_string())
    }

    /// A term front-coded against `prev` (updated to it).
    fn front_coded(&mut self, prev: &mut Vec<u8>) -> Res<String> {
        let shared = self.varint()? as usize;
        if shared > prev.len() {
            return Err("a term shares more than the previous one has".into());
        }
        let n = self.varint()? as usize;
        let suffix = self.bytes(n)?;
        self.charge(shared + n)?;
        prev.truncate(shared);
        prev.extend_from_slice(suffix);
        String::from_utf8(prev.clone()).map_err(|_| "a term is not UTF-8".to_string())
    }

    fn header(&mut self, magic: &[u8; 4]) -> Res<u8> {
        if self.bytes(4).ok() != Some(&magic[..]) {
            return Err("not a Broadsheet search index file (bad magic)".into());
        }
        let version = self.u8()?;
        if version != VERSION {
            return Err(format!("version {version}, this build reads {VERSION}"));
        }
        if magic == PART_MAGIC {
            self.u8()
        } else {
            Ok(0)
        }
    }
}

/// One term's entry in a dictionary block.
#[derive(Clone, Debug)]
struct DictEntry {
    term: String,
    df: u32,
    /// Per stream kind: (absolute part, offset in its body, length).
    loc: [(u32, u32, u32); 3],
}

#[derive(Clone, Debug)]
struct LexEntry {
    term: String,
    df: u32,
    sig: u32,
}

#[derive(Clone, Debug)]
struct PrefixSet {
    top: Vec<(String, u32)>,
    set: Bitset,
}

#[derive(Clone, Debug)]
enum PartData {
    /// A stream part's body.
    Stream(Vec<u8>),
    Dict(Vec<DictEntry>),
    Lexicon(Vec<LexEntry>),
    Prefix(PrefixSet),
    Norms(Vec<(f32, f32)>),
}

impl PartData {
    /// About how much memory the decoded part holds.
    fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        match self {
            PartData::Stream(b) => b.len(),
            PartData::Dict(e) => e
                .iter()
                .map(|e| size_of::<DictEntry>() + e.term.len())
                .sum(),
            PartData::Lexicon(e) => e.iter().map(|e| size_of::<LexEntry>() + e.term.len()).sum(),
            PartData::Prefix(p) => {
                p.set.words().len() * 8 + p.top.iter().map(|(t, _)| 32 + t.len()).sum::<usize>()
            }
            PartData::Norms(n) => n.len() * 8,
        }
    }
}

#[derive(Debug)]
struct Loaded {
    bytes: usize,
    used: Cell<u64>,
    data: PartData,
}

/// The page's side of a partitioned index: the root, and the parts loaded
/// so far (see the module documentation).
#[derive(Debug)]
pub struct PartitionedIndex {
    docs: u32,
    /// Each part's hash in hex (`2 * HASH_BYTES` characters each).
    hashes: String,
    /// First part number of each kind; `base[KINDS]` is the part count.
    base: [usize; KINDS + 1],
    dict_first: Vec<String>,
    /// Per length bucket, its lexicon parts (absolute numbers).
    lexicon: Vec<std::ops::Range<usize>>,
    prefixes: Vec<String>,
    norm_range: u32,
    loaded: Vec<Option<Loaded>>,
    clock: Cell<u64>,
}

/// What a query needs of one term.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    /// In the dictionary with its df; its postings are never read.
    Df,
    /// Its articles (matching).
    Docs,
    /// Its articles and frequencies (ranking).
    Tf,
    /// Those and its positions (phrases).
    Pos,
}

#[derive(Default)]
struct Want {
    df: u32,
    level: Option<Level>,
    loc: Option<[(u32, u32, u32); 3]>,
}

/// The plan of one query: the terms and sets it needs, and the parts
/// missing for them.
#[derive(Default)]
struct Plan {
    terms: BTreeMap<String, Want>,
    dense: BTreeMap<String, usize>,
    need: BTreeSet<usize>,
    /// A required item certainly matches nothing.
    empty: bool,
}

impl Plan {
    fn want(&mut self, term: &str, df: u32, level: Level, loc: Option<[(u32, u32, u32); 3]>) {
        let w = self.terms.entry(term.to_owned()).or_default();
        w.df = df;
        if w.level.is_none_or(|l| l < level) {
            w.level = Some(level);
        }
        if loc.is_some() {
            w.loc = loc;
        }
    }
}

/// A dictionary lookup: found, absent, or its block is not loaded.
enum Found<'a> {
    Entry(&'a DictEntry),
    Absent,
    Missing(usize),
}

impl PartitionedIndex {
    /// Reads a root. Checks its magic, version and structure.
    pub fn from_root(bytes: &[u8]) -> Result<Self, PartError> {
        Self::read_root(bytes).map_err(|what| PartError { part: None, what })
    }

    fn read_root(bytes: &[u8]) -> Res<Self> {
        if bytes.len() > MAX_ARCHIVE_FILE_BYTES {
            return Err(format!(
                "{} bytes, more than the {MAX_ARCHIVE_FILE_BYTES} a file may have",
                bytes.len()
            ));
        }
        let mut r = Reader::new(bytes);
        r.header(ROOT_MAGIC)?;
        let docs = r.varint()?;
        if docs > MAX_ARCHIVE_ARTICLES {
            return Err(format!(
                "claims {docs} articles, more than the {MAX_ARCHIVE_ARTICLES} an archive may have"
            ));
        }
        let mut base = [0usize; KINDS + 1];
        for k in 0..KINDS {
            base[k + 1] = base[k]
                .checked_add(r.varint()? as usize)
                .ok_or("too many parts")?;
        }
        let total = base[KINDS];
        if total > r.remaining() / HASH_BYTES {
            return Err(format!(
                "claims {total} parts, more than its {} remaining bytes hold hashes for",
                r.remaining()
            ));
        }
        let mut hashes = String::with_capacity(total * 2 * HASH_BYTES);
        for _ in 0..total {
            for b in r.bytes(HASH_BYTES)? {
                use std::fmt::Write;
                let _ = write!(hashes, "{b:02x}");
            }
        }
        let mut prev = Vec::new();
        let mut dict_first: Vec<String> = Vec::with_capacity(base[DICT + 1] - base[DICT]);
        for _ in base[DICT]..base[DICT + 1] {
            let term = r.front_coded(&mut prev)?;
            if dict_first.last().is_some_and(|p| *p >= term) {
                return Err("dictionary blocks out of order".into());
            }
            dict_first.push(term);
        }
        let mut lexicon = Vec::with_capacity(MAX_LEN_BUCKET + 1);
        let mut at = base[LEXICON];
        for _ in 0..=MAX_LEN_BUCKET {
            let n = r.varint()? as usize;
            let end = at.checked_add(n).ok_or("too many lexicon parts")?;
            lexicon.push(at..end);
            at = end;
        }
        if at != base[LEXICON + 1] {
            return Err("lexicon parts do not add up".into());
        }
        let mut prev = Vec::new();
        let mut prefixes: Vec<String> = Vec::new();
        for _ in base[PREFIX]..base[PREFIX + 1] {
            let p = r.front_coded(&mut prev)?;
            if prefixes.last().is_some_and(|q| *q >= p) || p.is_empty() {
                return Err("prefix sets out of order".into());
            }
            prefixes.push(p);
        }
        let norm_range = r.varint()?;
        let norm_parts = base[NORMS + 1] - base[NORMS];
        if norm_range == 0 || (docs as usize).div_ceil(norm_range as usize) != norm_parts {
            return Err(format!(
                "{norm_parts} norm parts of {norm_range} articles do not cover its {docs} articles"
            ));
        }
        if !r.done() {
            return Err("trailing bytes".into());
        }
        Ok(PartitionedIndex {
            docs,
            hashes,
            base,
            dict_first,
            lexicon,
            prefixes,
            norm_range,
            loaded: (0..total).map(|_| None).collect(),
            clock: Cell::new(0),
        })
    }

    /// Number of articles.
    pub fn len(&self) -> usize {
        self.docs as usize
    }

    /// The number of articles the root claims (at most
    /// [`MAX_ARCHIVE_ARTICLES`]); every position [`PartitionedIndex::search`]
    /// gives is below it. A page must check it equals its manifest's article
    /// count before using the hits as positions into the archive.
    pub fn articles(&self) -> u32 {
        self.docs
    }

    /// True when the archive has no articles.
    pub fn is_empty(&self) -> bool {
        self.docs == 0
    }

    /// Number of parts.
    pub fn part_count(&self) -> usize {
        self.loaded.len()
    }

    /// Part `part`'s content hash (a sharded archive stores it as
    /// `index/<hash>.bin.gz`, see `archive::FileKind`). Panics if
    /// `part >= part_count()`.
    pub fn part_hash(&self, part: usize) -> &str {
        let n = 2 * HASH_BYTES;
        &self.hashes[part * n..(part + 1) * n]
    }

    /// Whether part `part` is loaded.
    pub fn is_loaded(&self, part: usize) -> bool {
        self.loaded.get(part).is_some_and(Option::is_some)
    }

    /// Memory the loaded parts hold: for each part, its bytes as fetched
    /// (uncompressed) or what it decoded to, whichever is more.
    pub fn loaded_bytes(&self) -> usize {
        self.loaded.iter().flatten().map(|l| l.bytes).sum()
    }

    /// Drops loaded parts, least recently used first, until at most `max`
    /// bytes stay loaded.
    pub fn evict_to(&mut self, max: usize) {
        let mut total = self.loaded_bytes();
        let mut order: Vec<(u64, usize)> = self
            .loaded
            .iter()
            .enumerate()
            .filter_map(|(i, l)| l.as_ref().map(|l| (l.used.get(), i)))
            .collect();
        order.sort_unstable();
        for (_, i) in order {
            if total <= max {
                break;
            }
            if let Some(l) = self.loaded[i].take() {
                total -= l.bytes;
            }
        }
    }

    fn kind_of(&self, part: usize) -> usize {
        (0..KINDS)
            .find(|&k| part < self.base[k + 1])
            .unwrap_or(KINDS - 1)
    }

    /// Checks `bytes` against part `part`'s hash, decodes and keeps it.
    pub fn add_part(&mut self, part: usize, bytes: &[u8]) -> Result<(), PartError> {
        if part >= self.part_count() {
            return Err(PartError {
                part: Some((part, String::new())),
                what: format!("no such part (the index has {})", self.part_count()),
            });
        }
        let hash = self.part_hash(part).to_owned();
        let kind = self.kind_of(part);
        let err = |what: String| PartError {
            part: Some((part, hash.clone())),
            what: format!("{}: {what}", KIND_NAMES[kind]),
        };
        if bytes.len() > MAX_ARCHIVE_FILE_BYTES {
            return Err(err(format!(
                "{} bytes, more than the {MAX_ARCHIVE_FILE_BYTES} a file may have",
                bytes.len()
            )));
        }
        let got = content_hash(bytes);
        if got != hash {
            return Err(err(format!("content hash is {got}")));
        }
        let data = self.decode(part, kind, bytes).map_err(err)?;
        self.loaded[part] = Some(Loaded {
            bytes: bytes.len().max(data.heap_bytes()),
            used: Cell::new(self.clock.get()),
            data,
        });
        Ok(())
    }

    fn decode(&self, part: usize, kind: usize, bytes: &[u8]) -> Res<PartData> {
        let mut r = Reader::new(bytes);
        let found = r.header(PART_MAGIC)?;
        if usize::from(found) != kind {
            return Err(format!("kind {found}, expected {kind}"));
        }
        let data = match kind {
            DOCS | TF | POS => PartData::Stream(bytes[HEADER..].to_vec()),
            DICT => PartData::Dict(self.decode_dict(part, &mut r)?),
            LEXICON => {
                let bucket = usize::from(r.u8()?);
                if self.lexicon.get(bucket).is_none_or(|b| !b.contains(&part)) {
                    return Err(format!("length bucket {bucket} is not this part's"));
                }
                // Shared bytes, suffix length, df: 3 bytes at least.
                let count = r.count("terms", 3)?;
                let mut prev = Vec::new();
                let mut out: Vec<LexEntry> = Vec::with_capacity(count);
                for _ in 0..count {
                    let term = r.front_coded(&mut prev)?;
                    if out.last().is_some_and(|e| e.term >= term) {
                        return Err("terms out of order".into());
                    }
                    let df = r.varint()?;
                    out.push(LexEntry {
                        sig: signature(&term),
                        term,
                        df,
                    });
                }
                PartData::Lexicon(out)
            }
            PREFIX => {
                let prefix = r.string()?;
                if prefix != self.prefixes[part - self.base[PREFIX]] {
                    return Err("not the prefix the root lists".into());
                }
                // Its `cap + 1` most frequent words, each a length and a df
                // at least.
                let count = r.count("words", 2)?;
                if count > PREFIX_SCORE_CAP + 1 {
                    return Err(format!(
                        "lists {count} words, more than the {} the writer keeps",
                        PREFIX_SCORE_CAP + 1
                    ));
                }
                let mut top = Vec::with_capacity(count);
                for _ in 0..count {
                    let term = r.string()?;
                    let df = r.varint()?;
                    if df == 0 || df > self.docs || !term.starts_with(&prefix) {
                        return Err(format!("{term:?} (df {df}) is not a word of the prefix"));
                    }
                    top.push((term, df));
                }
                let set = match r.u8()? {
                    0 => {
                        let n = (self.docs as usize).div_ceil(64);
                        let raw = r.bytes(n * 8)?;
                        let words = raw
                            .chunks_exact(8)
                            .map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes")))
                            .collect();
                        Bitset::from_words(words, self.docs).ok_or("bits past the end")?
                    }
                    1 => {
                        let count = r.count("articles", 1)?;
                        let mut set = Bitset::empty(self.docs);
                        let mut next = 0u32;
                        for _ in 0..count {
                            let d = next.checked_add(r.varint()?).filter(|&d| d < self.docs);
                            let d = d.ok_or("an article past the end")?;
                            set.insert(d);
                            next = d + 1;
                        }
                        set
                    }
                    m => return Err(format!("unknown set encoding {m}")),
                };
                PartData::Prefix(PrefixSet { top, set })
            }
            _ => {
                let i = part - self.base[NORMS];
                let start = r.varint()?;
                let count = r.varint()?;
                let want_start = i as u64 * u64::from(self.norm_range);
                let want_count = u64::from(self.docs)
                    .saturating_sub(want_start)
                    .min(u64::from(self.norm_range));
                if u64::from(start) != want_start || u64::from(count) != want_count {
                    return Err(format!(
                        "articles {start}.. ({count}), the root says {want_start}.. ({want_count})"
                    ));
                }
                let mut tables = [Vec::new(), Vec::new()];
                for table in &mut tables {
                    let n = r.varint()? as usize;
                    let raw = r.bytes(n.checked_mul(4).ok_or("too long")?)?;
                    *table = raw
                        .chunks_exact(4)
                        .map(|c| f32::from_bits(u32::from_le_bytes(c.try_into().expect("4 bytes"))))
                        .collect();
                }
                // Two indexes per article, a byte each at least.
                if count as usize > r.remaining() / 2 {
                    return Err(format!(
                        "{count} articles' norms do not fit in its {} remaining bytes",
                        r.remaining()
                    ));
                }
                let mut norms = vec![(0f32, 0f32); count as usize];
                for (field, table) in tables.iter().enumerate() {
                    for n in norms.iter_mut() {
                        let v = *table
                            .get(r.varint()? as usize)
                            .ok_or("a norm index past its table")?;
                        if field == 0 {
                            n.0 = v;
                        } else {
                            n.1 = v;
                        }
                    }
                }
                PartData::Norms(norms)
            }
        };
        if !r.done() && !matches!(data, PartData::Stream(_)) {
            return Err("trailing bytes".into());
        }
        Ok(data)
    }

    fn decode_dict(&self, part: usize, r: &mut Reader<'_>) -> Res<Vec<DictEntry>> {
        // Shared bytes, suffix length, df and three stream lengths: 6 bytes
        // at least per term.
        let count = r.count("terms", 6)?;
        let mut at = [(0u32, 0u32); 3];
        for (k, a) in at.iter_mut().enumerate() {
            let p = r.varint()?;
            if !(self.base[k]..self.base[k + 1]).contains(&(p as usize)) {
                return Err("a stream in a part of the wrong kind".into());
            }
            *a = (p, r.varint()?);
        }
        let mut out: Vec<DictEntry> = Vec::with_capacity(count);
        let mut prev = Vec::new();
        for i in 0..count {
            let term = r.front_coded(&mut prev)?;
            if out.last().is_some_and(|e| e.term >= term) {
                return Err("terms out of order".into());
            }
            let df = r.varint()?;
            if df == 0 || df > self.docs {
                return Err(format!("df {df} of {} articles", self.docs));
            }
            let mut loc = [(0, 0, 0); 3];
            for k in 0..3 {
                let v = r.varint()?;
                let (len, new) = (v >> 1, v & 1 == 1);
                if i > 0 {
                    let (p, off, prev_len) = out[i - 1].loc[k];
                    at[k] = if new {
                        (p + 1, 0)
                    } else {
                        (p, off.checked_add(prev_len).ok_or("offset too large")?)
                    };
                    if at[k].0 as usize >= self.base[k + 1] {
                        return Err("a stream past its kind's parts".into());
                    }
                }
                loc[k] = (at[k].0, at[k].1, len);
            }
            out.push(DictEntry { term, df, loc });
        }
        let first = &self.dict_first[part - self.base[DICT]];
        if out.first().is_none_or(|e| e.term != *first) {
            return Err("does not start with the term the root says".into());
        }
        Ok(out)
    }

    fn get(&self, part: usize) -> Option<&PartData> {
        let l = self.loaded.get(part)?.as_ref()?;
        l.used.set(self.clock.get());
        Some(&l.data)
    }

    /// The dictionary block that would hold `term`.
    fn block_of(&self, term: &str) -> Option<usize> {
        let i = self.dict_first.partition_point(|f| f.as_str() <= term);
        i.checked_sub(1)
    }

    fn lookup(&self, term: &str) -> Found<'_> {
        let Some(b) = self.block_of(term) else {
            return Found::Absent;
        };
        let part = self.base[DICT] + b;
        match self.get(part) {
            Some(PartData::Dict(entries)) => {
                match entries.binary_search_by(|e| e.term.as_str().cmp(term)) {
                    Ok(i) => Found::Entry(&entries[i]),
                    Err(_) => Found::Absent,
                }
            }
            _ => Found::Missing(part),
        }
    }

    /// Looks `term` up; wants it at `level` if present. Returns whether it
    /// is present (`None`: its block is missing).
    fn want_word(&self, plan: &mut Plan, term: &str, level: Level) -> Option<bool> {
        match self.lookup(term) {
            Found::Entry(e) => {
                plan.want(term, e.df, level, Some(e.loc));
                Some(true)
            }
            Found::Absent => Some(false),
            Found::Missing(p) => {
                plan.need.insert(p);
                None
            }
        }
    }

    fn plan(&self, query: &SearchQuery, order: Order) -> Plan {
        let mut plan = Plan::default();
        let rank = order == Order::Relevance;
        let scored = if rank { Level::Tf } else { Level::Docs };
        for (required, items) in [(true, &query.required), (false, &query.excluded)] {
            for item in items.iter() {
                match item {
                    Item::Phrase(words) => {
                        let mut present = Some(true);
                        for w in words {
                            match self.lookup(w) {
                                Found::Entry(_) => {}
                                Found::Absent => present = Some(false),
                                Found::Missing(p) => {
                                    plan.need.insert(p);
                                    present = present.and(None);
                                }
                            }
                        }
                        match present {
                            Some(true) => {
                                for w in words {
                                    self.want_word(&mut plan, w, Level::Pos);
                                }
                            }
                            Some(false) => plan.empty |= required,
                            None => {}
                        }
                    }
                    Item::Word { term, .. } if !required => {
                        self.want_word(&mut plan, term, Level::Docs);
                    }
                    Item::Word {
                        term,
                        prefix,
                        typos,
                    } => self.plan_word(&mut plan, query, term, *prefix, *typos, scored),
                }
            }
        }
        plan
    }

    fn plan_word(
        &self,
        plan: &mut Plan,
        query: &SearchQuery,
        term: &str,
        prefix: bool,
        typos: u8,
        scored: Level,
    ) {
        let rank = scored == Level::Tf;
        let cap = if term.chars().nth(2).is_none() {
            SHORT_PREFIX_SCORE_CAP
        } else {
            PREFIX_SCORE_CAP
        };
        let set = prefix
            .then(|| {
                self.prefixes
                    .binary_search_by(|p| p.as_str().cmp(term))
                    .ok()
            })
            .flatten()
            .map(|i| self.base[PREFIX] + i);
        // The word itself: with a prefix set only scored, not matched.
        let exact_level = if set.is_some() && !rank {
            Level::Df
        } else {
            scored
        };
        let exact = self.want_word(plan, term, exact_level);
        let mut any = exact == Some(true);
        if let Some(part) = set {
            match self.get(part) {
                Some(PartData::Prefix(s)) => {
                    any = true;
                    plan.dense.insert(term.to_owned(), part);
                    let mut scored_words = 0;
                    for (w, df) in &s.top {
                        plan.want(w, *df, Level::Df, None);
                        if rank && w != term && scored_words < cap {
                            scored_words += 1;
                            self.want_word(plan, w, Level::Tf);
                        }
                    }
                }
                _ => {
                    plan.need.insert(part);
                    any = true;
                }
            }
        } else if prefix {
            let mut in_range: Vec<(u32, &str)> = Vec::new();
            let mut b = self.block_of(term).unwrap_or(0);
            while b < self.dict_first.len()
                && (b == self.block_of(term).unwrap_or(0) || self.dict_first[b].starts_with(term))
            {
                let part = self.base[DICT] + b;
                match self.get(part) {
                    Some(PartData::Dict(entries)) => {
                        let from = entries.partition_point(|e| e.term.as_str() < term);
                        for e in entries[from..]
                            .iter()
                            .take_while(|e| e.term.starts_with(term))
                        {
                            plan.want(&e.term, e.df, Level::Docs, Some(e.loc));
                            if e.term != term {
                                in_range.push((e.df, &e.term));
                            }
                        }
                    }
                    _ => {
                        plan.need.insert(part);
                        any = true;
                    }
                }
                b += 1;
            }
            any |= !in_range.is_empty();
            if rank {
                in_range.sort_unstable_by_key(|&(df, w)| (std::cmp::Reverse(df), w));
                for &(df, w) in in_range.iter().take(cap) {
                    let loc = plan.terms.get(w).and_then(|x| x.loc);
                    plan.want(w, df, Level::Tf, loc);
                }
            }
        }
        let max = query.typos_for(typos);
        if max > 0 {
            let chars: Vec<char> = term.chars().collect();
            let sig = signature(term);
            let lo = chars
                .len()
                .saturating_sub(usize::from(max))
                .min(MAX_LEN_BUCKET);
            let hi = (chars.len() + usize::from(max)).min(MAX_LEN_BUCKET);
            let mut complete = true;
            let mut found: Vec<(u8, std::cmp::Reverse<u32>, &str)> = Vec::new();
            let mut distance = Distance::default();
            let mut other = Vec::new();
            for bucket in lo..=hi {
                for part in self.lexicon[bucket].clone() {
                    match self.get(part) {
                        Some(PartData::Lexicon(entries)) => {
                            for e in entries {
                                if !signature_allows(sig, e.sig, max) {
                                    continue;
                                }
                                other.clear();
                                other.extend(e.term.chars());
                                if let Some(d) = distance.within(&chars, &other, max) {
                                    if d > 0 {
                                        found.push((d, std::cmp::Reverse(e.df), &e.term));
                                    }
                                }
                            }
                        }
                        _ => {
                            plan.need.insert(part);
                            complete = false;
                        }
                    }
                }
            }
            if complete {
                found.sort_unstable();
                found.truncate(TYPO_CAP);
                for &(_, _, w) in &found {
                    any |= self.want_word(plan, w, scored) != Some(false);
                }
            } else {
                any = true;
            }
        }
        if !any && exact.is_some() {
            plan.empty = true;
        }
    }

    /// The results of `query` in `order` if every part it needs is loaded,
    /// else the parts still needed (ascending, never empty).
    pub fn search(&mut self, query: &SearchQuery, order: Order) -> Lookup {
        self.clock.set(self.clock.get() + 1);
        let plan = self.plan(query, order);
        if plan.empty {
            return Lookup::Done(Vec::new());
        }
        if !plan.need.is_empty() {
            return Lookup::Need(plan.need.into_iter().collect());
        }
        // Streams.
        let mut need = BTreeSet::new();
        for w in plan.terms.values() {
            let (Some(level), Some(loc)) = (w.level, w.loc) else {
                continue;
            };
            let kinds = match level {
                Level::Df => 0,
                Level::Docs => 1,
                Level::Tf => 2,
                Level::Pos => 3,
            };
            for l in &loc[..kinds] {
                if self.get(l.0 as usize).is_none() {
                    need.insert(l.0 as usize);
                }
            }
        }
        if !need.is_empty() {
            return Lookup::Need(need.into_iter().collect());
        }
        let Some(mut sub) = self.sub_index(&plan) else {
            return Lookup::Done(Vec::new());
        };
        // Without a required word nothing is scored (every score is 0).
        if order != Order::Relevance || query.required.is_empty() {
            return self.done(sub.search_with(query, order));
        }
        let hits = sub.search_with(query, Order::Newest);
        if hits.is_empty() {
            return Lookup::Done(hits);
        }
        let ranges: BTreeSet<usize> = hits
            .iter()
            .map(|&d| self.base[NORMS] + (d / self.norm_range) as usize)
            .collect();
        for &part in &ranges {
            if !matches!(self.get(part), Some(PartData::Norms(_))) {
                need.insert(part);
            }
        }
        if !need.is_empty() {
            return Lookup::Need(need.into_iter().collect());
        }
        // `docs` is at most `MAX_ARCHIVE_ARTICLES` (160 MB of norms).
        let mut norms = vec![(0f32, 0f32); self.docs as usize];
        for &part in &ranges {
            if let Some(PartData::Norms(n)) = self.get(part) {
                let start = (part - self.base[NORMS]) * self.norm_range as usize;
                if let Some(to) = norms.get_mut(start..start + n.len()) {
                    to.copy_from_slice(n);
                }
            }
        }
        sub.norms = norms;
        self.done(sub.search_with(query, order))
    }

    /// The hits, each below the article count (true of every sub-index;
    /// kept as a guard, so the page can index by them).
    fn done(&self, mut hits: Vec<u32>) -> Lookup {
        hits.retain(|&d| d < self.docs);
        Lookup::Done(hits)
    }

    /// The stream of kind `k` at `loc`, if loaded and in bounds.
    fn stream(&self, loc: (u32, u32, u32)) -> Option<&[u8]> {
        match self.get(loc.0 as usize)? {
            PartData::Stream(body) => {
                body.get(loc.1 as usize..(loc.1 as usize).checked_add(loc.2 as usize)?)
            }
            _ => None,
        }
    }

    /// The query's sub-index; `None` if the parts disagree.
    fn sub_index(&self, plan: &Plan) -> Option<SearchIndex> {
        // Each term has its own bytes of each stream: were two terms' streams
        // to overlap (dictionary blocks pointing at the same bytes), a few
        // bytes could be copied once per term into the sub-index.
        let mut regions: Vec<(u32, u32, u32)> = plan
            .terms
            .values()
            .filter(|w| w.level.is_some_and(|l| l > Level::Df))
            .filter_map(|w| w.loc)
            .flatten()
            .filter(|l| l.2 > 0)
            .collect();
        regions.sort_unstable();
        for pair in regions.windows(2) {
            let ((p, off, len), (q, next, _)) = (pair[0], pair[1]);
            if p == q && u64::from(off) + u64::from(len) > u64::from(next) {
                return None;
            }
        }
        let mut postings: Vec<(Vec<u8>, u32)> = Vec::with_capacity(plan.terms.len());
        let mut positions: Vec<&[u8]> = Vec::with_capacity(plan.terms.len());
        for w in plan.terms.values() {
            let level = w.level.unwrap_or(Level::Df);
            if level == Level::Df {
                postings.push((Vec::new(), 0));
                positions.push(&[]);
                continue;
            }
            let loc = w.loc?;
            let docs = self.stream(loc[0])?;
            let tf = if level >= Level::Tf {
                Some(self.stream(loc[1])?)
            } else {
                None
            };
            let mut counts = Vec::new();
            postings.push((interleave(docs, tf, w.df, self.docs, &mut counts)?, w.df));
            positions.push(if level == Level::Pos {
                let pos = self.stream(loc[2])?;
                check_positions(pos, &counts)?;
                pos
            } else {
                &[]
            });
        }
        let terms: Vec<SubTerm<'_>> = plan
            .terms
            .iter()
            .zip(postings.iter().zip(&positions))
            .map(|((term, w), ((post, count), pos))| {
                (term.as_str(), w.df, post.as_slice(), *count, *pos)
            })
            .collect();
        let mut dense = Vec::new();
        for (prefix, &part) in &plan.dense {
            match self.get(part)? {
                PartData::Prefix(s) => dense.push((prefix.clone(), s.set.clone())),
                _ => return None,
            }
        }
        Some(SearchIndex::assemble(self.docs, &terms, Vec::new(), dense))
    }
}

/// Whether `pos` holds exactly `counts[i]` positions for each article `i`,
/// each a canonical varint, ascending and well below `u32::MAX`.
fn check_positions(pos: &[u8], counts: &[u32]) -> Option<()> {
    let mut r = Reader::new(pos);
    for &count in counts {
        let mut last: Option<u32> = None;
        for _ in 0..count {
            let v = r.varint().ok()?;
            let p = match last {
                None => v,
                Some(l) => l.checked_add(v)?.checked_add(1)?,
            };
            if p >= 1 << 30 {
                return None;
            }
            last = Some(p);
        }
    }
    r.done().then_some(())
}

/// A term's postings entry (see `postings.rs`) from its doc stream and,
/// if loaded, its tf stream (else zero frequencies), with each article's
/// token count in `counts` (tf stream only); `None` unless both hold
/// exactly `df` entries of articles below `n`.
fn interleave(
    docs: &[u8],
    tf: Option<&[u8]>,
    df: u32,
    n: u32,
    counts: &mut Vec<u32>,
) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(docs.len() + tf.map_or(df as usize, <[u8]>::len));
    let mut d = Reader::new(docs);
    let mut f = tf.map(Reader::new);
    let mut next = 0u32;
    for _ in 0..df {
        let gap = d.varint().ok()?;
        let doc = next.checked_add(gap).filter(|&doc| doc < n)?;
        next = doc + 1;
        put_varint(&mut out, gap);
        match &mut f {
            Some(f) => {
                let packed = f.varint().ok()?;
                put_varint(&mut out, packed);
                let mut title = packed & 3;
                if title == 3 {
                    let extra = f.varint().ok()?;
                    put_varint(&mut out, extra);
                    title = title.checked_add(extra)?;
                }
                let total = title.checked_add(packed >> 2).filter(|&t| t < 1 << 24)?;
                counts.push(total);
            }
            None => out.push(0),
        }
    }
    (d.done() && f.is_none_or(|f| f.done())).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Article, Published};
    use proptest::prelude::*;
    use std::sync::OnceLock;

    const WORDS: &[&str] = &[
        "the",
        "then",
        "there",
        "thermal",
        "theory",
        "tehran",
        "teheran",
        "iran",
        "prime",
        "minister",
        "ministers",
        "ministry",
        "government",
        "goverment",
        "storm",
        "a",
        "an",
        "news",
        "new",
        "york",
        "پرسش",
        "پرسشی",
    ];

    /// 300 articles of pseudo-random words (so prefix sets, typos and
    /// phrases all have work).
    fn files() -> &'static (SearchIndex, PartitionedFiles) {
        static F: OnceLock<(SearchIndex, PartitionedFiles)> = OnceLock::new();
        F.get_or_init(|| {
            let mut x = 12345u32;
            let mut next = move || {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x
            };
            let mut text = |n: u32| {
                let k = next() % n + 1;
                (0..k)
                    .map(|_| WORDS[(next() as usize) % WORDS.len()])
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let articles: Vec<Article> = (0..300)
                .map(|i| Article {
                    id: format!("{i}"),
                    title: text(5),
                    published: Published::parse_iso("2024-01-01").expect("date"),
                    lead: text(20),
                    body: vec![text(30)],
                    source: String::new(),
                    url: None,
                    lang: None,
                    license: None,
                })
                .collect();
            let index = SearchIndex::new(&articles);
            let options = PartitionOptions {
                stream_part_bytes: 200,
                tf_part_bytes: 200,
                position_part_bytes: 300,
                dict_block_bytes: 40,
                lexicon_part_bytes: 40,
                norm_range_docs: 64,
                prefix_set_max_chars: 4,
                prefix_set_min_bytes: 50,
            };
            let files = partition_index(&index, &options);
            (index, files)
        })
    }

    const QUERIES: &[&str] = &[
        "the",
        "t",
        "th",
        "goverment",
        "\"prime minister\"",
        "new york -storm",
        "-the",
        "mini",
        "پرس",
        "tehran ",
        "\"new york\" -\"prime minister\"",
    ];

    fn load_all(page: &mut PartitionedIndex, q: &SearchQuery, order: Order) -> Lookup {
        for _ in 0..6 {
            match page.search(q, order) {
                Lookup::Need(parts) => {
                    for p in parts {
                        let _ = page.add_part(p, &files().1.parts[p]);
                    }
                }
                done => return done,
            }
        }
        page.search(q, order)
    }

    #[test]
    fn small_parts_give_the_same_results() {
        let (index, files) = files();
        assert!(files.parts.len() > 100);
        let mut page = PartitionedIndex::from_root(&files.root).expect("root");
        for text in QUERIES {
            let q = SearchQuery::parse(text);
            for order in [Order::Newest, Order::Oldest, Order::Relevance] {
                let want = index.search_with(&q, order);
                assert_eq!(load_all(&mut page, &q, order), Lookup::Done(want), "{text}");
            }
        }
    }

    /// A root of `docs` articles and `dict` dictionary blocks whose first
    /// terms are `first`, then each the previous one and one more letter
    /// (front-coded: a few bytes each, however long the term).
    fn growing_root(docs: u32, dict: u32, first: usize) -> Vec<u8> {
        let mut root = ROOT_MAGIC.to_vec();
        root.push(VERSION);
        put_varint(&mut root, docs);
        for count in [0, 0, 0, dict, 0, 0, 1] {
            put_varint(&mut root, count);
        }
        root.resize(root.len() + 8 * (dict as usize + 1), 0);
        put_varint(&mut root, 0);
        put_bytes(&mut root, "a".repeat(first).as_bytes());
        for i in 1..dict {
            put_varint(&mut root, first as u32 + i - 1);
            put_bytes(&mut root, b"a");
        }
        for _ in 0..=MAX_LEN_BUCKET {
            put_varint(&mut root, 0);
        }
        put_varint(&mut root, docs.max(1));
        root
    }

    #[test]
    fn front_coded_terms_cannot_stand_for_more_than_the_limit() {
        // 1 MB, then 40 terms of 1 MB and more: 4 bytes each in the root.
        let root = growing_root(1, 40, 1 << 20);
        assert!(root.len() < (1 << 20) + 1000);
        let e = PartitionedIndex::from_root(&root).expect_err("refused");
        assert!(
            e.to_string()
                .starts_with("search index root: its terms decode to more than 32000000 bytes"),
            "{e}"
        );
        // The same with short terms loads.
        assert!(PartitionedIndex::from_root(&growing_root(1, 40, 10)).is_ok());
    }

    #[test]
    fn counts_are_checked_against_the_bytes_present() {
        let (_, files) = files();
        let page = PartitionedIndex::from_root(&files.root).expect("root");
        // A dictionary block claiming 10^9 terms in a few bytes.
        let dict = page.base[DICT];
        let mut part = part_header(DICT);
        put_varint(&mut part, 1_000_000_000);
        part.extend_from_slice(&[0; 12]);
        let e = page.decode(dict, DICT, &part).err().expect("refused");
        assert_eq!(
            e,
            "claims 1000000000 terms at byte 6, more than its 12 remaining bytes can hold"
        );
        // A lexicon part claiming 2^32 - 1 terms.
        let lex = page
            .lexicon
            .iter()
            .find(|r| !r.is_empty())
            .expect("lexicon")
            .start;
        let bucket = page.lexicon.iter().position(|r| r.contains(&lex)).unwrap();
        let mut part = part_header(LEXICON);
        part.push(bucket as u8);
        put_varint(&mut part, u32::MAX);
        let e = page.decode(lex, LEXICON, &part).err().expect("refused");
        assert!(e.starts_with("claims 4294967295 terms"), "{e}");
        // A root claiming more parts than it has bytes for their hashes.
        let mut root = ROOT_MAGIC.to_vec();
        root.push(VERSION);
        put_varint(&mut root, 1);
        for count in [u32::MAX >> 4, 0, 0, 0, 0, 0, 1] {
            put_varint(&mut root, count);
        }
        let e = PartitionedIndex::from_root(&root).expect_err("refused");
        assert_eq!(
            e.to_string(),
            "search index root: claims 268435456 parts, more than its 0 remaining bytes hold hashes for"
        );
    }

    #[test]
    fn loaded_bytes_count_what_parts_decode_to() {
        let (_, files) = files();
        let mut page = PartitionedIndex::from_root(&files.root).expect("root");
        for p in 0..files.parts.len() {
            page.add_part(p, &files.parts[p]).expect("part");
        }
        let fetched: usize = files.parts.iter().map(Vec::len).sum();
        assert!(
            page.loaded_bytes() > fetched,
            "{} of {fetched}",
            page.loaded_bytes()
        );
        page.evict_to(0);
        assert_eq!(page.loaded_bytes(), 0);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// A part that is well-formed enough to decode but disagrees with
        /// the others (its hash check bypassed) never makes a search panic.
        #[test]
        fn inconsistent_parts_never_panic(
            part in any::<prop::sample::Index>(),
            at in any::<prop::sample::Index>(),
            byte in any::<u8>(),
            cut in 0usize..4,
        ) {
            let files = &files().1;
            let mut page = PartitionedIndex::from_root(&files.root).expect("root");
            let p = part.index(files.parts.len());
            let mut bytes = files.parts[p].clone();
            let i = at.index(bytes.len());
            bytes[i] = byte;
            bytes.truncate(bytes.len() - cut.min(bytes.len()));
            let kind = page.kind_of(p);
            if let Ok(data) = page.decode(p, kind, &bytes) {
                page.loaded[p] = Some(Loaded { bytes: bytes.len(), used: Cell::new(0), data });
            }
            for text in QUERIES {
                let q = SearchQuery::parse(text);
                for order in [Order::Newest, Order::Oldest, Order::Relevance] {
                    let _ = load_all(&mut page, &q, order);
                }
            }
        }
    }
}
