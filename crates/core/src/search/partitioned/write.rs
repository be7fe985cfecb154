//! Writing a [`SearchIndex`] as a root and parts: one function per kind
//! of part, then the root that lists them all (see the module
//! documentation's "Format").

use super::format::{
    part_header, prefix_list_len, PartKind, StreamLoc, HASH_BYTES, HEADER, ROOT_MAGIC, VERSION,
};
use super::lexicon;
use crate::content_hash::content_hash;
use crate::search::index::SearchIndex;
use crate::search::language::Language;
use crate::search::postings::{put_varint, Bitset};
use std::ops::Range;

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
    /// Target bytes of a lexicon part. A typo scan reads every part of the
    /// cells within reach (a few kB each on real text), so a cell rarely
    /// needs more than one.
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
}

impl Default for PartitionOptions {
    fn default() -> Self {
        PartitionOptions {
            stream_part_bytes: 64 << 10,
            tf_part_bytes: 256 << 10,
            position_part_bytes: 512 << 10,
            dict_block_bytes: 16 << 10,
            lexicon_part_bytes: 64 << 10,
            norm_range_docs: 1 << 16,
            prefix_set_max_chars: 4,
            prefix_set_min_bytes: 256 << 10,
            stem_part_bytes: 16 << 10,
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
    let [doc_streams, tf_streams, pos_streams] = term_streams(index);
    // The parts of each kind, in kind order.
    let mut kinds: [Vec<Vec<u8>>; PartKind::ALL.len()] = Default::default();
    let mut first_part = 0;
    let mut locs: [Vec<StreamLoc>; 3] = Default::default();
    let targets = [
        options.stream_part_bytes,
        options.tf_part_bytes,
        options.position_part_bytes,
    ];
    for (k, streams) in [&doc_streams, &tf_streams, &pos_streams]
        .into_iter()
        .enumerate()
    {
        let kind = PartKind::STREAMS[k];
        let (parts, kind_locs) = pack_streams(kind, streams, targets[k], first_part);
        first_part += parts.len() as u32;
        kinds[k] = parts;
        locs[k] = kind_locs;
    }
    drop(tf_streams);
    drop(pos_streams);
    let (blocks, dict_first) = dictionary_blocks(index, &locs, options.dict_block_bytes);
    kinds[usize::from(PartKind::DictBlock.number())] = blocks;
    let (lexicon, lexicon_counts) = lexicon_parts(index, options.lexicon_part_bytes);
    kinds[usize::from(PartKind::Lexicon.number())] = lexicon;
    let (sets, prefixes) = prefix_set_parts(index, &doc_streams, options);
    kinds[usize::from(PartKind::PrefixSet.number())] = sets;
    let range_docs = options.norm_range_docs.max(1);
    kinds[usize::from(PartKind::Norms.number())] = norms_parts(index, range_docs);
    let (stems, stem_first) = stem_parts(index, options.stem_part_bytes);
    kinds[usize::from(PartKind::Stems.number())] = stems;

    // Root.
    let mut root = ROOT_MAGIC.to_vec();
    root.push(VERSION);
    put_varint(&mut root, index.docs);
    let totals = index.norms.totals();
    for total in [totals.title_words, totals.body_words] {
        put_varint(&mut root, total as u32);
        put_varint(&mut root, (total >> 32) as u32);
    }
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
    put_front_coded_list(&mut root, &dict_first);
    for &c in &lexicon_counts {
        put_varint(&mut root, c);
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
    PartitionedFiles { root, parts }
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

/// Per term, in dictionary order, its doc, tf and positions streams.
fn term_streams(index: &SearchIndex) -> [Vec<Vec<u8>>; 3] {
    let n_terms = index.dict.len() as u32;
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
    [doc_streams, tf_streams, pos_streams]
}

/// Packs streams, in order, into parts of about `target` bytes, numbered
/// from `first_part`; returns the parts and where each stream went.
fn pack_streams(
    kind: PartKind,
    streams: &[Vec<u8>],
    target: usize,
    first_part: u32,
) -> (Vec<Vec<u8>>, Vec<StreamLoc>) {
    let mut parts: Vec<Vec<u8>> = Vec::new();
    let mut locs = Vec::with_capacity(streams.len());
    for s in streams {
        let full = parts
            .last()
            .is_none_or(|p| p.len() > HEADER && p.len() - HEADER + s.len() > target);
        if full {
            parts.push(part_header(kind));
        }
        let number = first_part + parts.len() as u32 - 1;
        let part = parts.last_mut().expect("a part");
        locs.push(StreamLoc {
            part: number,
            offset: (part.len() - HEADER) as u32,
            len: s.len() as u32,
        });
        part.extend_from_slice(s);
    }
    (parts, locs)
}

/// The dictionary blocks of about `target` bytes, and each one's first
/// term (for the root).
fn dictionary_blocks(
    index: &SearchIndex,
    locs: &[Vec<StreamLoc>; 3],
    target: usize,
) -> (Vec<Vec<u8>>, Vec<String>) {
    let dict = &index.dict;
    let n_terms = dict.len() as u32;
    let mut blocks = Vec::new();
    let mut dict_first: Vec<String> = Vec::new();
    let mut t = 0u32;
    while t < n_terms {
        let first = t;
        let mut entries = Vec::new();
        let mut prev = "";
        while t < n_terms && (t == first || entries.len() < target) {
            let term = dict.term(t);
            put_front_coded(&mut entries, prev, term);
            put_varint(&mut entries, dict.df[t as usize]);
            for kind in locs {
                let loc = kind[t as usize];
                let new = t > first && loc.part != kind[t as usize - 1].part;
                put_varint(&mut entries, loc.len << 1 | u32::from(new));
            }
            prev = term;
            t += 1;
        }
        let mut block = part_header(PartKind::DictBlock);
        put_varint(&mut block, t - first);
        for kind in locs {
            let loc = kind[first as usize];
            put_varint(&mut block, loc.part);
            put_varint(&mut block, loc.offset);
        }
        block.extend_from_slice(&entries);
        blocks.push(block);
        dict_first.push(dict.term(first).to_owned());
    }
    (blocks, dict_first)
}

/// The lexicon parts of about `target` bytes, cell by cell (each term
/// filed once per family, see `lexicon.rs`), and how many parts each cell
/// has (for the root).
fn lexicon_parts(index: &SearchIndex, target: usize) -> (Vec<Vec<u8>>, Vec<u32>) {
    let dict = &index.dict;
    let mut cells: Vec<Vec<u32>> = vec![Vec::new(); lexicon::CELLS];
    let mut chars = Vec::new();
    for t in 0..dict.len() as u32 {
        chars.clear();
        chars.extend(dict.term(t).chars());
        for family in lexicon::FAMILIES {
            cells[lexicon::cell_of(family, &chars)].push(t);
        }
    }
    let mut parts = Vec::new();
    let mut counts = vec![0u32; lexicon::CELLS];
    for (cell, terms) in cells.iter().enumerate() {
        let (family, bucket, class) = lexicon::cell_parts(cell).expect("a cell");
        let mut i = 0;
        while i < terms.len() {
            let first = i;
            let mut entries = Vec::new();
            let mut prev = "";
            while i < terms.len() && (i == first || entries.len() < target) {
                let term = dict.term(terms[i]);
                put_front_coded(&mut entries, prev, term);
                put_varint(&mut entries, dict.df[terms[i] as usize]);
                prev = term;
                i += 1;
            }
            let mut part = part_header(PartKind::Lexicon);
            part.extend_from_slice(&[family as u8, bucket as u8, class as u8]);
            put_varint(&mut part, (i - first) as u32);
            part.extend_from_slice(&entries);
            parts.push(part);
            counts[cell] += 1;
        }
    }
    (parts, counts)
}

/// A prefix set for each prefix of up to
/// [`PartitionOptions::prefix_set_max_chars`] characters with more than
/// one word and more than [`PartitionOptions::prefix_set_min_bytes`] of
/// doc streams; the sets and their prefixes, sorted by prefix.
fn prefix_set_parts(
    index: &SearchIndex,
    doc_streams: &[Vec<u8>],
    options: &PartitionOptions,
) -> (Vec<Vec<u8>>, Vec<String>) {
    let dict = &index.dict;
    let n_terms = dict.len() as u32;
    let mut sets: Vec<(String, Vec<u8>)> = Vec::new();
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
                let part = prefix_set_part(index, &prefix, range.clone());
                sets.push((prefix, part));
            }
            t = range.end.max(t + 1);
        }
    }
    // Sorted by prefix, as the root lists them (prefixes are distinct).
    sets.sort_by(|a, b| a.0.cmp(&b.0));
    sets.into_iter()
        .map(|(prefix, part)| (part, prefix))
        .unzip()
}

fn prefix_set_part(index: &SearchIndex, prefix: &str, range: Range<u32>) -> Vec<u8> {
    let dict = &index.dict;
    // The prefix's other forms are not listed: a query reads them from
    // the stem parts, and scores the most frequent words besides them.
    let forms = index.stems.expansions(dict, prefix);
    let mut top: Vec<u32> = range
        .clone()
        .filter(|&t| forms.binary_search(&t).is_err() || dict.term(t) == prefix)
        .collect();
    top.sort_unstable_by_key(|&t| (std::cmp::Reverse(dict.df[t as usize]), t));
    top.truncate(prefix_list_len(prefix));
    let mut set = Bitset::empty(index.docs);
    for t in range {
        for p in index.postings(t) {
            set.insert(p.doc);
        }
    }
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

/// The stem parts, language by language: the language's terms with the
/// hash of their stem (in that language), ascending by hash then term, cut
/// into parts of about `target` bytes, never inside one hash's run; and
/// per language the first hash of each of its parts (for the root).
fn stem_parts(index: &SearchIndex, target: usize) -> (Vec<Vec<u8>>, StemFirsts) {
    let stems = &index.stems;
    let mut parts = Vec::new();
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
                put_bytes(&mut entries, index.dict.term(k as u32).as_bytes());
                prev = hash;
                count += 1;
                i += 1;
            }
            let mut part = part_header(PartKind::Stems);
            put_bytes(&mut part, lang.code().as_bytes());
            put_varint(&mut part, count);
            part.extend_from_slice(&entries);
            parts.push(part);
            lang_firsts.push(first);
        }
        firsts.push((lang, lang_firsts));
    }
    (parts, firsts)
}

/// The norms parts (each article's field lengths), `range_docs` articles
/// each.
fn norms_parts(index: &SearchIndex, range_docs: u32) -> Vec<Vec<u8>> {
    let (title_len, body_len) = index.norms.lengths();
    let mut parts = Vec::new();
    let mut start = 0u32;
    while start < index.docs {
        let end = start.saturating_add(range_docs).min(index.docs);
        let range = start as usize..end as usize;
        let mut part = part_header(PartKind::Norms);
        put_varint(&mut part, start);
        put_varint(&mut part, end - start);
        for &l in &title_len[range.clone()] {
            put_varint(&mut part, u32::from(l));
        }
        for &l in &body_len[range] {
            put_varint(&mut part, l);
        }
        parts.push(part);
        start = end;
    }
    parts
}
