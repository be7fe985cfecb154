//! Writing a [`SearchIndex`] as a root and parts: one function per kind
//! of part, then the root that lists them all (see the module
//! documentation's "Format").

use super::format::{
    part_header, prefix_list_len, stream_parts, PartKind, StreamLoc, FLAG_WORD_PAIRS, HASH_BYTES,
    HEADER, MAX_SPAN, ROOT_MAGIC, VERSION,
};
use super::lexicon::{self, CellOrder};
use crate::content_hash::content_hash;
use crate::search::field_norms::LengthTotals;
use crate::search::index::{Dictionary, SearchIndex, StemTable};
use crate::search::language::Language;
use crate::search::postings::{get_varint, put_varint, Bitset};
use crate::search::word_pairs::is_word_pair;
use std::ops::Range;

/// Size targets of [`partition_index`]. `Default` is the production
/// layout; tests use tiny targets to get many parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionOptions {
    /// Target bytes of a doc-stream part (read by every query: a rare
    /// word, a typo candidate, fetches a whole part for a few bytes, so
    /// parts stay small; a common word's stream is a part of its own).
    pub stream_part_bytes: usize,
    /// Target bytes of a tf-stream part (read for ranking and phrases;
    /// compresses about 40 to 1, so parts can be larger).
    pub tf_part_bytes: usize,
    /// Target bytes of a positions part (read for phrases; compresses
    /// well too).
    pub position_part_bytes: usize,
    /// Target bytes of a dictionary block.
    pub dict_block_bytes: usize,
    /// Target bytes of a lexicon part. A typo scan reads the parts of the
    /// cells within reach (a thousandth of a word length each: several to a
    /// part, a word's nearby lengths side by side), 6 to 25 cells; at ten
    /// million articles a two-edit scan's cells are 400 KB, and parts of
    /// 32 KB keep that to a dozen or two requests.
    pub lexicon_part_bytes: usize,
    /// Articles per norms part.
    pub norm_range_docs: u32,
    /// Prefixes of up to this many characters may get a prefix set.
    pub prefix_set_max_chars: usize,
    /// A prefix gets a set when its words' doc streams total more than
    /// this many bytes.
    pub prefix_set_min_bytes: usize,
    /// Target bytes of a stem part (a query word reads one per language
    /// of the archive).
    pub stem_part_bytes: usize,
    /// A tf or positions stream longer than this is cut into parts of this
    /// many bytes (`the`'s positions at ten million articles are 95 MB,
    /// more than a file may be); the root says it, so the reader joins
    /// them.
    pub stream_span_bytes: usize,
    /// A doc stream longer than this is cut into parts of this many bytes:
    /// the first holds a common word's newest articles, which is all the
    /// first page of newest-first results needs of it
    /// (`PartitionedIndex::search_first`).
    pub doc_span_bytes: usize,
}

impl Default for PartitionOptions {
    fn default() -> Self {
        PartitionOptions {
            stream_part_bytes: 4 << 10,
            tf_part_bytes: 256 << 10,
            position_part_bytes: 512 << 10,
            dict_block_bytes: 8 << 10,
            lexicon_part_bytes: 32 << 10,
            norm_range_docs: 1 << 16,
            prefix_set_max_chars: 4,
            prefix_set_min_bytes: 256 << 10,
            stem_part_bytes: 16 << 10,
            stream_span_bytes: 16 << 20,
            doc_span_bytes: 64 << 10,
        }
    }
}

impl PartitionOptions {
    /// The production layout for an index of `articles` articles: the
    /// default targets from 250,000 articles on; a smaller index (an
    /// append's segment) gets parts smaller in proportion, down to a
    /// sixteenth, so what a query fetches of it stays in proportion too
    /// (a phrase's positions part of a 5,000-article segment is 32 KB, not
    /// 512 KB), and its common prefixes still get sets.
    pub fn for_articles(articles: usize) -> Self {
        let d = PartitionOptions::default();
        let scale = |bytes: usize| {
            (bytes as u64 * articles as u64 / 250_000).clamp(bytes as u64 / 16, bytes as u64)
                as usize
        };
        PartitionOptions {
            stream_part_bytes: scale(d.stream_part_bytes),
            tf_part_bytes: scale(d.tf_part_bytes),
            position_part_bytes: scale(d.position_part_bytes),
            dict_block_bytes: scale(d.dict_block_bytes),
            prefix_set_min_bytes: scale(d.prefix_set_min_bytes),
            stem_part_bytes: scale(d.stem_part_bytes),
            ..d
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

/// Writes `index` as a root and parts (see the module documentation).
pub fn partition_index(index: &SearchIndex, options: &PartitionOptions) -> PartitionedFiles {
    let mut by_hash = std::collections::HashMap::new();
    let root = write_index_parts(index, options, &mut |hash, part| {
        by_hash.insert(hash.to_owned(), part);
    });
    let order = super::root::Root::read(&root).expect("the writer's root reads");
    // The dictionary blocks list the stream parts' hashes.
    let hash = |p: usize| order.part_hash(p).expect("a hash");
    for p in order.parts(PartKind::DictBlock) {
        order
            .decode(p, PartKind::DictBlock, &by_hash[&hash(p)])
            .expect("the writer's dictionary block reads");
    }
    let parts = (0..order.part_count())
        .map(|p| by_hash[&hash(p)].clone())
        .collect();
    PartitionedFiles { root, parts }
}

/// Writes `index` as [`partition_index`] does, but gives each part to
/// `store` (its [`content_hash`] and bytes) as soon as it is made, in no
/// particular order, and returns the root: the parts are never all in
/// memory at once.
pub fn write_index_parts(
    index: &SearchIndex,
    options: &PartitionOptions,
    store: &mut dyn FnMut(&str, Vec<u8>),
) -> Vec<u8> {
    write_index_parts_as(index, options, store, VERSION)
}

/// [`write_index_parts`] in format `version`: 8, or 7 (one span for every
/// stream kind, lexicon cells by length before pair) for the tests that
/// an older index is still read.
pub(super) fn write_index_parts_as(
    index: &SearchIndex,
    options: &PartitionOptions,
    store: &mut dyn FnMut(&str, Vec<u8>),
    version: u8,
) -> Vec<u8> {
    let (title_len, body_len) = index.norms.lengths();
    let vocabulary = Vocabulary {
        docs: index.docs,
        dict: &index.dict,
        stems: &index.stems,
        title_len,
        body_len,
        totals: index.norms.totals(),
        word_pairs: index.word_pairs,
    };
    let mut writer = PartWriter::new(&vocabulary, options, store);
    if version < VERSION {
        // One span for every kind: the tf and positions streams'.
        writer.spans = [writer.spans[1]; 3];
        writer.version = version;
    }
    let mut streams: [Vec<u8>; 3] = Default::default();
    for t in 0..index.dict.len() as u32 {
        term_streams(index, t, &mut streams);
        writer.push_term(&streams);
    }
    writer.finish()
}

/// What the writer needs of the whole index before its first term: every
/// term in dictionary order with its df, which terms share a stem, and
/// each article's field lengths. The terms' streams then come one term
/// at a time ([`PartWriter::push_term`]), so an index merged from segments
/// (`merge.rs`) is written without ever being whole in memory.
pub(super) struct Vocabulary<'a> {
    pub(super) docs: u32,
    pub(super) dict: &'a Dictionary,
    pub(super) stems: &'a StemTable,
    pub(super) title_len: &'a [u16],
    pub(super) body_len: &'a [u32],
    pub(super) totals: LengthTotals,
    /// Whether common-word pairs are among the terms.
    pub(super) word_pairs: bool,
}

/// Writes the parts of an index term by term, each part given to `store`
/// once made; the dictionary blocks (which name stream parts by their
/// number among all parts) wait for the last term, and the root lists
/// them all. Its output is the same whoever feeds it: the one format.
pub(super) struct PartWriter<'v, 's> {
    vocabulary: &'v Vocabulary<'v>,
    options: PartitionOptions,
    store: &'s mut dyn FnMut(&str, Vec<u8>),
    /// Per kind, its parts' hashes in part order (prefix sets: by prefix,
    /// sorted at the end).
    hashes: [Vec<String>; PartKind::ALL.len()],
    prefix_hashes: Vec<(String, String)>,
    streams: [StreamPacker; 3],
    /// Per stream kind, the span (`stream_parts`).
    spans: [usize; 3],
    /// The format written in the root (the parts say `VERSION`, which
    /// the reader takes with a root of either).
    version: u8,
    blocks: Vec<DictBlock>,
    /// Per prefix length (1 to `prefix_set_max_chars` characters), the
    /// prefix the terms so far end in.
    open: Vec<Option<OpenPrefix>>,
    next_term: u32,
    docs: Vec<u32>,
}

/// Streams of one kind packed, in dictionary order, into parts of about a
/// target size (a larger stream gets a part of its own).
struct StreamPacker {
    kind: PartKind,
    target: usize,
    current: Option<Vec<u8>>,
    /// Parts given to the store so far.
    done: u32,
}

/// A dictionary block: its first term, where its first term's streams
/// are (part numbers among their kind's), its term count and entries.
struct DictBlock {
    first: String,
    at: [(u32, u32); 3],
    count: u32,
    entries: Vec<u8>,
    last: String,
    last_parts: [u32; 3],
    /// Per stream kind, the part after the last its terms' streams are in
    /// (the block lists the hashes of the parts from `at`'s to there).
    ends: [u32; 3],
}

/// A prefix whose terms are being written: where they began, their doc
/// streams' bytes, and their articles (listed until the bytes could make
/// a set, then as a bitset).
struct OpenPrefix {
    prefix: String,
    start: u32,
    bytes: usize,
    listed: Vec<u32>,
    set: Option<Bitset>,
}

impl StreamPacker {
    /// Adds a stream; where it went (part number among this kind's).
    fn push(
        &mut self,
        stream: &[u8],
        span: usize,
        store: &mut dyn FnMut(&str, Vec<u8>),
        hashes: &mut Vec<String>,
    ) -> StreamLoc {
        if stream.len() > span {
            // Parts of its own, `span` bytes each (see `stream_parts`).
            self.flush(store, hashes);
            let loc = StreamLoc {
                part: self.done,
                offset: 0,
                len: stream.len() as u32,
            };
            for chunk in stream.chunks(span) {
                let mut part = part_header(self.kind);
                part.extend_from_slice(chunk);
                emit(part, store, hashes);
                self.done += 1;
            }
            return loc;
        }
        let full = self
            .current
            .as_ref()
            .is_none_or(|p| p.len() > HEADER && p.len() - HEADER + stream.len() > self.target);
        if full {
            self.flush(store, hashes);
            self.current = Some(part_header(self.kind));
        }
        let part = self.current.as_mut().expect("a part");
        let loc = StreamLoc {
            part: self.done,
            offset: (part.len() - HEADER) as u32,
            len: stream.len() as u32,
        };
        part.extend_from_slice(stream);
        loc
    }

    fn flush(&mut self, store: &mut dyn FnMut(&str, Vec<u8>), hashes: &mut Vec<String>) {
        if let Some(part) = self.current.take() {
            emit(part, store, hashes);
            self.done += 1;
        }
    }
}

/// Gives `part` to `store` and notes its hash.
fn emit(part: Vec<u8>, store: &mut dyn FnMut(&str, Vec<u8>), hashes: &mut Vec<String>) {
    let hash = content_hash(&part);
    store(&hash, part);
    hashes.push(hash);
}

impl<'v, 's> PartWriter<'v, 's> {
    pub(super) fn new(
        vocabulary: &'v Vocabulary<'v>,
        options: &PartitionOptions,
        store: &'s mut dyn FnMut(&str, Vec<u8>),
    ) -> Self {
        let targets = [
            options.stream_part_bytes,
            options.tf_part_bytes,
            options.position_part_bytes,
        ];
        PartWriter {
            vocabulary,
            options: options.clone(),
            store,
            hashes: Default::default(),
            prefix_hashes: Vec::new(),
            spans: [
                options.doc_span_bytes,
                options.stream_span_bytes,
                options.stream_span_bytes,
            ]
            .map(|s| s.clamp(1, MAX_SPAN)),
            version: VERSION,
            streams: std::array::from_fn(|k| StreamPacker {
                kind: PartKind::STREAMS[k],
                target: targets[k],
                current: None,
                done: 0,
            }),
            blocks: Vec::new(),
            open: (0..options.prefix_set_max_chars).map(|_| None).collect(),
            next_term: 0,
            docs: Vec::new(),
        }
    }

    /// Writes the next term's doc, tf and positions streams (the term is
    /// the vocabulary's next, in dictionary order).
    pub(super) fn push_term(&mut self, streams: &[Vec<u8>; 3]) {
        let t = self.next_term;
        self.next_term += 1;
        let dict = self.vocabulary.dict;
        let term = dict.term(t);
        let mut locs = [StreamLoc::default(); 3];
        for (k, stream) in streams.iter().enumerate() {
            let kind = usize::from(PartKind::STREAMS[k].number());
            locs[k] =
                self.streams[k].push(stream, self.spans[k], self.store, &mut self.hashes[kind]);
        }
        self.add_to_dictionary(term, dict.df[t as usize], &locs);
        self.add_to_prefixes(t, term, &streams[0]);
    }

    fn add_to_dictionary(&mut self, term: &str, df: u32, locs: &[StreamLoc; 3]) {
        let target = self.options.dict_block_bytes;
        let open = self.blocks.last().is_some_and(|b| b.entries.len() < target);
        if !open {
            self.blocks.push(DictBlock {
                first: term.to_owned(),
                at: std::array::from_fn(|k| (locs[k].part, locs[k].offset)),
                count: 0,
                entries: Vec::new(),
                last: String::new(),
                last_parts: std::array::from_fn(|k| locs[k].part),
                ends: [0; 3],
            });
        }
        let block = self.blocks.last_mut().expect("a block");
        put_front_coded(&mut block.entries, &block.last, term);
        put_varint(&mut block.entries, df);
        for (k, loc) in locs.iter().enumerate() {
            let new = block.count > 0 && loc.part != block.last_parts[k];
            put_varint(&mut block.entries, loc.len << 1 | u32::from(new));
            block.last_parts[k] = loc.part;
            block.ends[k] = block.ends[k].max(stream_parts(*loc, self.spans[k] as u32).end);
        }
        block.count += 1;
        block.last.clear();
        block.last.push_str(term);
    }

    /// Adds term `t`'s articles to the prefixes it starts with, closing
    /// (and writing the set of) those it does not.
    fn add_to_prefixes(&mut self, t: u32, term: &str, doc_stream: &[u8]) {
        if is_word_pair(term) {
            // Pairs come first in the dictionary and no word's prefix
            // reaches them.
            return;
        }
        self.docs.clear();
        let mut at = 0;
        let mut next = 0;
        while at < doc_stream.len() {
            let doc = next + get_varint(doc_stream, &mut at);
            self.docs.push(doc);
            next = doc + 1;
        }
        let min_bytes = self.options.prefix_set_min_bytes;
        let mut chars = term.char_indices();
        for level in 0..self.open.len() {
            // The term's first `level + 1` characters, if it has them.
            let prefix = chars.next().map(|(i, c)| &term[..i + c.len_utf8()]);
            let same = matches!((&self.open[level], prefix), (Some(o), Some(p)) if o.prefix == p);
            if !same {
                if let Some(closed) = self.open[level].take() {
                    self.close_prefix(closed, t);
                }
                if let Some(p) = prefix {
                    self.open[level] = Some(OpenPrefix {
                        prefix: p.to_owned(),
                        start: t,
                        bytes: 0,
                        listed: Vec::new(),
                        set: None,
                    });
                }
            }
            let Some(open) = self.open[level].as_mut() else {
                continue;
            };
            open.bytes += doc_stream.len();
            match &mut open.set {
                Some(set) => self.docs.iter().for_each(|&d| set.insert(d)),
                None => {
                    open.listed.extend_from_slice(&self.docs);
                    if open.bytes > min_bytes {
                        let mut set = Bitset::empty(self.vocabulary.docs);
                        open.listed.drain(..).for_each(|d| set.insert(d));
                        open.listed.shrink_to_fit();
                        open.set = Some(set);
                    }
                }
            }
        }
    }

    /// Writes the set of `open`, whose terms end before term `end`, if it
    /// has more than one word and more than the minimum of bytes.
    fn close_prefix(&mut self, open: OpenPrefix, end: u32) {
        let Some(set) = open.set else { return };
        if end - open.start < 2 || open.bytes <= self.options.prefix_set_min_bytes {
            return;
        }
        let part = prefix_set_part(self.vocabulary, &open.prefix, open.start..end, &set);
        let hash = content_hash(&part);
        (self.store)(&hash, part);
        self.prefix_hashes.push((open.prefix, hash));
    }

    /// Writes the parts that wait for the last term, and gives the root.
    pub(super) fn finish(mut self) -> Vec<u8> {
        let v = self.vocabulary;
        assert_eq!(self.next_term as usize, v.dict.len(), "every term written");
        for k in 0..3 {
            let kind = usize::from(PartKind::STREAMS[k].number());
            self.streams[k].flush(self.store, &mut self.hashes[kind]);
        }
        for level in 0..self.open.len() {
            if let Some(open) = self.open[level].take() {
                self.close_prefix(open, self.next_term);
            }
        }
        // Stream parts are numbered kind after kind.
        let doc_parts = self.streams[0].done;
        let bases = [0, doc_parts, doc_parts + self.streams[1].done];
        let mut dict_first = Vec::with_capacity(self.blocks.len());
        let store = &mut *self.store;
        let hashes = &mut self.hashes;
        for b in std::mem::take(&mut self.blocks) {
            let mut block = part_header(PartKind::DictBlock);
            put_varint(&mut block, b.count);
            for (k, &(part, offset)) in b.at.iter().enumerate() {
                put_varint(&mut block, bases[k] + part);
                put_varint(&mut block, offset);
            }
            block.extend_from_slice(&b.entries);
            for (k, &(first, _)) in b.at.iter().enumerate() {
                let kind = usize::from(PartKind::STREAMS[k].number());
                for hash in &hashes[kind][first as usize..b.ends[k] as usize] {
                    put_hash(&mut block, hash);
                }
            }
            emit(
                block,
                store,
                &mut hashes[usize::from(PartKind::DictBlock.number())],
            );
            dict_first.push(b.first);
        }
        let order = if self.version < 8 {
            CellOrder::LengthFirst
        } else {
            CellOrder::PairFirst
        };
        let lexicon_firsts = lexicon_parts(
            v.dict,
            self.options.lexicon_part_bytes,
            order,
            &mut |part| {
                emit(
                    part,
                    store,
                    &mut hashes[usize::from(PartKind::Lexicon.number())],
                )
            },
        );
        self.prefix_hashes.sort();
        let (prefixes, set_hashes): (Vec<String>, Vec<String>) =
            std::mem::take(&mut self.prefix_hashes).into_iter().unzip();
        hashes[usize::from(PartKind::PrefixSet.number())] = set_hashes;
        let range_docs = self.options.norm_range_docs.max(1);
        norms_parts(v, range_docs, &mut |part| {
            emit(
                part,
                store,
                &mut hashes[usize::from(PartKind::Norms.number())],
            )
        });
        let stem_first = stem_parts(v, self.options.stem_part_bytes, &mut |part| {
            emit(
                part,
                store,
                &mut hashes[usize::from(PartKind::Stems.number())],
            )
        });

        // Root.
        let mut root = ROOT_MAGIC.to_vec();
        root.push(self.version);
        put_varint(&mut root, v.docs);
        for total in [v.totals.title_words, v.totals.body_words] {
            put_varint(&mut root, total as u32);
            put_varint(&mut root, (total >> 32) as u32);
        }
        let kinds = if self.version < 8 { 1 } else { 3 };
        for span in &self.spans[..kinds] {
            put_varint(&mut root, *span as u32);
        }
        put_varint(&mut root, u32::from(v.word_pairs) * FLAG_WORD_PAIRS);
        for k in hashes.iter() {
            put_varint(&mut root, k.len() as u32);
        }
        // Stream parts' hashes are in the dictionary blocks naming them.
        for hash in hashes.iter().skip(PartKind::STREAMS.len()).flatten() {
            put_hash(&mut root, hash);
        }
        put_front_coded_list(&mut root, &dict_first);
        let mut prev = 0;
        for &c in &lexicon_firsts {
            put_varint(&mut root, c - prev);
            prev = c;
        }
        put_front_coded_list(&mut root, &prefixes);
        put_varint(&mut root, range_docs);
        put_varint(&mut root, stem_first.len() as u32);
        for (lang, firsts) in &stem_first {
            put_bytes(&mut root, lang.code().as_bytes());
            put_varint(&mut root, firsts.len() as u32);
            let mut prev = 0;
            for &h in firsts {
                put_varint(&mut root, h - prev);
                prev = h;
            }
        }
        root
    }
}

/// Appends a byte string with its length.
pub(super) fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
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

/// Appends ascending `terms`, each front-coded against the one before.
fn put_front_coded_list(out: &mut Vec<u8>, terms: &[String]) {
    let mut prev = "";
    for term in terms {
        put_front_coded(out, prev, term);
        prev = term;
    }
}

/// Term `t`'s doc, tf and positions streams, into `out`.
fn term_streams(index: &SearchIndex, t: u32, out: &mut [Vec<u8>; 3]) {
    let [docs, tfs, positions] = out;
    docs.clear();
    tfs.clear();
    positions.clear();
    let mut next = 0;
    for p in index.postings(t) {
        put_varint(docs, p.doc - next);
        next = p.doc + 1;
        put_varint(tfs, p.tf_body << 2 | p.tf_title.min(3));
        if p.tf_title >= 3 {
            put_varint(tfs, p.tf_title - 3);
        }
    }
    positions.extend_from_slice(index.position_bytes(t));
}

/// Appends a hash given in hex as its `HASH_BYTES` bytes.
fn put_hash(out: &mut Vec<u8>, hash: &str) {
    for i in 0..HASH_BYTES {
        out.push(u8::from_str_radix(&hash[2 * i..2 * i + 2], 16).expect("hex"));
    }
}

/// The lexicon parts of about `target` bytes, each given to `emit`: the
/// cells in order (each term filed once per family, see `lexicon.rs`),
/// several small cells to a part, a cell larger than `target` in parts of
/// its own; and each part's first cell (for the root).
fn lexicon_parts(
    dict: &Dictionary,
    target: usize,
    order: CellOrder,
    emit: &mut dyn FnMut(Vec<u8>),
) -> Vec<u32> {
    let mut filed: Vec<(u32, u32)> = Vec::with_capacity(dict.len() * lexicon::FAMILIES.len());
    let mut chars = Vec::new();
    for t in 0..dict.len() as u32 {
        if is_word_pair(dict.term(t)) {
            // Never a typo candidate: a query word is a single word.
            continue;
        }
        chars.clear();
        chars.extend(dict.term(t).chars());
        for family in lexicon::FAMILIES {
            filed.push((lexicon::cell_of(order, family, &chars) as u32, t));
        }
    }
    // Within a cell, terms stay in dictionary order (ids ascending).
    filed.sort_unstable();
    let mut firsts = Vec::new();
    // The part being filled: its first and last cells, its cell count,
    // and their bytes.
    let mut part: Option<(u32, u32, u32, Vec<u8>)> = None;
    let mut flush = |part: &mut Option<(u32, u32, u32, Vec<u8>)>, firsts: &mut Vec<u32>| {
        if let Some((first, _, cells, body)) = part.take() {
            let mut bytes = part_header(PartKind::Lexicon);
            put_varint(&mut bytes, cells);
            bytes.extend_from_slice(&body);
            emit(bytes);
            firsts.push(first);
        }
    };
    let mut i = 0;
    while i < filed.len() {
        let cell = filed[i].0;
        let end = i + filed[i..].partition_point(|&(c, _)| c == cell);
        // The cell's entries, cut into chunks of about `target` bytes.
        let mut chunks: Vec<(u32, Vec<u8>)> = Vec::new();
        let mut prev = "";
        for &(_, t) in &filed[i..end] {
            if chunks.last().is_none_or(|(_, e)| e.len() >= target) {
                chunks.push((0, Vec::new()));
                prev = "";
            }
            let (count, entries) = chunks.last_mut().expect("a chunk");
            let term = dict.term(t);
            put_front_coded(entries, prev, term);
            put_varint(entries, dict.df[t as usize]);
            *count += 1;
            prev = term;
        }
        let split = chunks.len() > 1;
        let fits = part
            .as_ref()
            .is_some_and(|(_, _, _, body)| body.len() + chunks[0].1.len() <= target);
        if split || !fits {
            flush(&mut part, &mut firsts);
        }
        for (count, entries) in chunks {
            let (_, last, cells, body) = part.get_or_insert_with(|| (cell, cell, 0, Vec::new()));
            // Each cell's number as the gap from the one before (0 first).
            put_varint(body, cell - *last);
            *last = cell;
            put_varint(body, count);
            body.extend_from_slice(&entries);
            *cells += 1;
            if split {
                flush(&mut part, &mut firsts);
            }
        }
        i = end;
    }
    flush(&mut part, &mut firsts);
    firsts
}

/// The prefix set of `prefix`, whose words are the terms `range` and
/// whose articles are `set`. (The writer makes one for each prefix of up
/// to [`PartitionOptions::prefix_set_max_chars`] characters with more
/// than one word and more than [`PartitionOptions::prefix_set_min_bytes`]
/// of doc streams.)
fn prefix_set_part(v: &Vocabulary<'_>, prefix: &str, range: Range<u32>, set: &Bitset) -> Vec<u8> {
    let dict = v.dict;
    // The prefix's other forms are not listed: a query reads them from
    // the stem parts, and scores the most frequent words besides them.
    let forms = v.stems.expansions(dict, prefix);
    let mut top: Vec<u32> = range
        .filter(|&t| forms.binary_search(&t).is_err() || dict.term(t) == prefix)
        .collect();
    top.sort_unstable_by_key(|&t| (std::cmp::Reverse(dict.df[t as usize]), t));
    top.truncate(prefix_list_len(prefix));
    let mut part = part_header(PartKind::PrefixSet);
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

/// Per language with stem parts, the first hash of each.
type StemFirsts = Vec<(Language, Vec<u32>)>;

/// The stem parts, language by language, each given to `emit`: the
/// language's terms with the hash of their stem (in that language),
/// ascending by hash then term, cut into parts of about `target` bytes,
/// never inside one hash's run; and per language the first hash of each
/// of its parts (for the root).
fn stem_parts(v: &Vocabulary<'_>, target: usize, emit: &mut dyn FnMut(Vec<u8>)) -> StemFirsts {
    let stems = v.stems;
    let mut firsts = Vec::new();
    for (&lang, keys) in stems.langs.iter().zip(&stems.keys) {
        if keys.is_empty() {
            continue;
        }
        let mut lang_firsts = Vec::new();
        let mut i = 0;
        while i < keys.len() {
            let first = (keys[i] >> 32) as u32;
            let mut entries = Vec::new();
            let mut prev = 0;
            let mut count = 0u32;
            while let Some(&k) = keys.get(i) {
                let hash = (k >> 32) as u32;
                if count > 0 && hash != prev && entries.len() >= target {
                    break;
                }
                put_varint(&mut entries, hash - prev);
                put_bytes(&mut entries, v.dict.term(k as u32).as_bytes());
                prev = hash;
                count += 1;
                i += 1;
            }
            let mut part = part_header(PartKind::Stems);
            put_bytes(&mut part, lang.code().as_bytes());
            put_varint(&mut part, count);
            part.extend_from_slice(&entries);
            emit(part);
            lang_firsts.push(first);
        }
        firsts.push((lang, lang_firsts));
    }
    firsts
}

/// The norms parts (each article's field lengths), `range_docs` articles
/// each, given to `emit`.
fn norms_parts(v: &Vocabulary<'_>, range_docs: u32, emit: &mut dyn FnMut(Vec<u8>)) {
    let mut start = 0u32;
    while start < v.docs {
        let end = start.saturating_add(range_docs).min(v.docs);
        let range = start as usize..end as usize;
        let mut part = part_header(PartKind::Norms);
        put_varint(&mut part, start);
        put_varint(&mut part, end - start);
        for &l in &v.title_len[range.clone()] {
            put_varint(&mut part, u32::from(l));
        }
        for &l in &v.body_len[range] {
            put_varint(&mut part, l);
        }
        emit(part);
        start = end;
    }
}
