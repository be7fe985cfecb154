//! The root as the page holds it: how many articles, which parts there
//! are (each one's kind and hash), the first term of each dictionary
//! block, the lexicon parts of each word length, the prefixes with a set,
//! the articles per norms part, and per stem language the first stem hash
//! of each of its parts. Read once, checked whole.

use super::decode::PartDecoder;
use super::error::{Malformed, OverLimit, PartErrorKind};
use super::format::{PartKind, FLAG_WORD_PAIRS, HASH_BYTES, MAX_SPAN, ROOT_MAGIC};
use super::lexicon;
use crate::limits::{MAX_ARCHIVE_ARTICLES, MAX_ARCHIVE_FILE_BYTES};
use crate::search::field_norms::LengthTotals;
use crate::search::language::Language;
use std::cell::Cell;
use std::ops::Range;

/// What a root says (see the module documentation's "Format").
#[derive(Debug)]
pub(super) struct Root {
    pub(super) docs: u32,
    /// Its articles' title and body words in all (the averages of BM25's
    /// length normalisation come from the totals over every segment).
    pub(super) totals: LengthTotals,
    /// Per stream kind (in `PartKind::STREAMS` order), streams longer than
    /// this are cut into parts of this many bytes (`format::stream_parts`).
    pub(super) spans: [u32; 3],
    /// Common words' pairs are terms (phrases read them).
    pub(super) word_pairs: bool,
    /// How its lexicon cells are numbered (by its version).
    pub(super) cell_order: lexicon::CellOrder,
    /// Each part's hash (its `HASH_BYTES` bytes, big-endian), where
    /// known: the root lists every part's but the streams', which the
    /// dictionary blocks naming them list (`decode_dict` learns them), so
    /// the root does not grow with the postings.
    hashes: Vec<Cell<Option<u64>>>,
    /// First part number of each kind, in kind order; the last is the
    /// part count.
    base: [usize; PartKind::ALL.len() + 1],
    /// The first term of each dictionary block, ascending.
    pub(super) dict_first: Vec<String>,
    /// Per lexicon part, the first cell it holds (`lexicon.rs`),
    /// ascending.
    lexicon_first: Vec<u32>,
    /// The prefixes with a prefix set, ascending.
    pub(super) prefixes: Vec<String>,
    /// Articles per norms part.
    pub(super) norm_range: u32,
    /// The languages with stem parts, each with its parts (absolute
    /// numbers, consecutive in this order).
    pub(super) stem_langs: Vec<(Language, Range<usize>)>,
    /// Per stem part (by its number among the stem parts), the first stem
    /// hash it holds; ascending within a language.
    pub(super) stem_first: Vec<u32>,
}

impl Root {
    /// Reads a root. Checks its magic, version and structure.
    pub(super) fn read(bytes: &[u8]) -> Result<Self, PartErrorKind> {
        if bytes.len() > MAX_ARCHIVE_FILE_BYTES {
            return Err(PartErrorKind::TooLarge { bytes: bytes.len() });
        }
        let mut r = PartDecoder::new(bytes);
        r.header(ROOT_MAGIC)?;
        let docs = r.varint()?;
        if docs > MAX_ARCHIVE_ARTICLES {
            return Err(OverLimit::Articles { articles: docs }.into());
        }
        let mut total = || -> Result<u64, PartErrorKind> {
            let low = r.varint()?;
            Ok(u64::from(low) | u64::from(r.varint()?) << 32)
        };
        let totals = LengthTotals {
            articles: docs,
            title_words: total()?,
            body_words: total()?,
        };
        // Version 7 has one span for every kind, 8 one per kind.
        let kinds = if bytes[ROOT_MAGIC.len()] < 8 { 1 } else { 3 };
        let mut spans = [0u32; 3];
        for k in 0..kinds {
            let span = r.varint()?;
            if span == 0 || span as usize > MAX_SPAN {
                return Err(Malformed::BadSpan { span }.into());
            }
            spans[k..].fill(span);
        }
        let flags = r.varint()?;
        if flags & !FLAG_WORD_PAIRS != 0 {
            return Err(Malformed::UnknownFlags { flags }.into());
        }
        let mut base = [0usize; PartKind::ALL.len() + 1];
        for k in 0..PartKind::ALL.len() {
            base[k + 1] = base[k]
                .checked_add(r.varint()? as usize)
                .ok_or(Malformed::TooManyParts)?;
        }
        let total = base[PartKind::ALL.len()];
        // The stream kinds come first: the root lists the others' hashes.
        let streams = base[PartKind::STREAMS.len()];
        let listed = total - streams;
        if listed > r.remaining() / HASH_BYTES {
            return Err(OverLimit::Hashes {
                parts: listed,
                remaining: r.remaining(),
            }
            .into());
        }
        let mut hashes = Vec::with_capacity(total);
        hashes.resize_with(streams, || Cell::new(None));
        for _ in 0..listed {
            let bytes: [u8; HASH_BYTES] = r.bytes(HASH_BYTES)?.try_into().expect("8 bytes");
            hashes.push(Cell::new(Some(u64::from_be_bytes(bytes))));
        }
        let mut root = Root {
            docs,
            totals,
            spans,
            word_pairs: flags & FLAG_WORD_PAIRS != 0,
            cell_order: if bytes[ROOT_MAGIC.len()] < 8 {
                lexicon::CellOrder::LengthFirst
            } else {
                lexicon::CellOrder::PairFirst
            },
            hashes,
            base,
            dict_first: Vec::new(),
            lexicon_first: Vec::new(),
            prefixes: Vec::new(),
            norm_range: 0,
            stem_langs: Vec::new(),
            stem_first: Vec::new(),
        };
        let mut prev = Vec::new();
        let blocks = root.parts(PartKind::DictBlock);
        root.dict_first.reserve(blocks.len());
        for _ in blocks {
            let term = r.front_coded(&mut prev)?;
            if root.dict_first.last().is_some_and(|p| *p >= term) {
                return Err(Malformed::DictBlocksOutOfOrder.into());
            }
            root.dict_first.push(term);
        }
        let lexicon = root.parts(PartKind::Lexicon);
        if lexicon.len() > r.remaining() {
            return Err(Malformed::TooManyLexiconParts.into());
        }
        root.lexicon_first.reserve(lexicon.len());
        let mut cell = 0u32;
        for _ in lexicon {
            cell = cell
                .checked_add(r.varint()?)
                .filter(|&c| (c as usize) < lexicon::CELLS)
                .ok_or(Malformed::LexiconPartsDoNotAddUp)?;
            root.lexicon_first.push(cell);
        }
        let mut prev = Vec::new();
        for _ in root.parts(PartKind::PrefixSet) {
            let p = r.front_coded(&mut prev)?;
            if root.prefixes.last().is_some_and(|q| *q >= p) || p.is_empty() {
                return Err(Malformed::PrefixSetsOutOfOrder.into());
            }
            root.prefixes.push(p);
        }
        let norm_range = r.varint()?;
        let norm_parts = root.parts(PartKind::Norms).len();
        if norm_range == 0 || (docs as usize).div_ceil(norm_range as usize) != norm_parts {
            return Err(Malformed::NormsDoNotCover {
                parts: norm_parts,
                range: norm_range,
                articles: docs,
            }
            .into());
        }
        root.norm_range = norm_range;
        root.read_stems(&mut r)?;
        if !r.done() {
            return Err(Malformed::TrailingBytes.into());
        }
        Ok(root)
    }

    /// Number of parts.
    pub(super) fn part_count(&self) -> usize {
        self.base[PartKind::ALL.len()]
    }

    /// The numbers of the parts of `kind`.
    pub(super) fn parts(&self, kind: PartKind) -> Range<usize> {
        let k = usize::from(kind.number());
        self.base[k]..self.base[k + 1]
    }

    /// The number of the first part of `kind`.
    pub(super) fn first(&self, kind: PartKind) -> usize {
        self.parts(kind).start
    }

    /// The kind of part `part` (the last kind past the last part).
    pub(super) fn kind_of(&self, part: usize) -> PartKind {
        PartKind::ALL
            .into_iter()
            .find(|&k| part < self.parts(k).end)
            .unwrap_or(PartKind::Stems)
    }

    /// The stem languages and the first hash of each of their parts:
    /// per language its code, its number of parts, the first hash and the
    /// gaps to the next ones (each at least 1).
    fn read_stems(&mut self, r: &mut PartDecoder<'_>) -> Result<(), PartErrorKind> {
        let stems = self.parts(PartKind::Stems);
        // A code and a part count: 3 bytes at least.
        let count = r.count("stem languages", 3)?;
        let mut at = stems.start;
        for _ in 0..count {
            let len = r.varint()? as usize;
            let code = String::from_utf8_lossy(r.bytes(len)?).into_owned();
            let lang = Language::from_tag(&code)
                .filter(|&l| l.code() == code && self.stem_langs.iter().all(|&(m, _)| m != l));
            let Some(lang) = lang else {
                return Err(Malformed::UnknownStemLanguage { code }.into());
            };
            let n = r.varint()? as usize;
            let end = at
                .checked_add(n)
                .filter(|&e| e <= stems.end)
                .ok_or(Malformed::StemPartsDoNotAddUp)?;
            let mut hash = 0u32;
            for i in 0..n {
                let v = r.varint()?;
                hash = match i {
                    0 => v,
                    _ if v > 0 => hash.checked_add(v).ok_or(Malformed::StemPartsOutOfOrder)?,
                    _ => return Err(Malformed::StemPartsOutOfOrder.into()),
                };
                self.stem_first.push(hash);
            }
            self.stem_langs.push((lang, at..end));
            at = end;
        }
        if at != stems.end {
            return Err(Malformed::StemPartsDoNotAddUp.into());
        }
        Ok(())
    }

    /// The stem part of language `lang` (an index into `stem_langs`)
    /// that would hold `hash`.
    pub(super) fn stem_part(&self, lang: usize, hash: u32) -> Option<usize> {
        let parts = self.stem_langs.get(lang)?.1.clone();
        let base = self.first(PartKind::Stems);
        let firsts = self.stem_first.get(parts.start - base..parts.end - base)?;
        let i = firsts.partition_point(|&f| f <= hash).checked_sub(1)?;
        Some(parts.start + i)
    }

    /// The hashes stem part `part` holds: from its first up to (not
    /// including) the next part's of its language, if any; and its
    /// language.
    pub(super) fn stem_hashes(&self, part: usize) -> Option<(Language, u32, Option<u32>)> {
        let (lang, parts) = self.stem_langs.iter().find(|(_, p)| p.contains(&part))?;
        let i = part - self.first(PartKind::Stems);
        let next = (part + 1 < parts.end).then(|| self.stem_first[i + 1]);
        Some((*lang, self.stem_first[i], next))
    }

    /// Part `part`'s hash in hex, if known (a stream part's once a
    /// dictionary block naming it was decoded). `None` past the last part.
    pub(super) fn part_hash(&self, part: usize) -> Option<String> {
        let hash = self.hashes.get(part)?.get()?;
        Some(format!("{hash:0width$x}", width = 2 * HASH_BYTES))
    }

    /// Notes stream part `part`'s hash, as a dictionary block lists it: an
    /// error if another block listed another.
    pub(super) fn learn_hash(&self, part: usize, hash: [u8; HASH_BYTES]) -> Result<(), Malformed> {
        let hash = u64::from_be_bytes(hash);
        let slot = self.hashes.get(part).ok_or(Malformed::StreamPastItsKind)?;
        match slot.get() {
            Some(known) if known != hash => Err(Malformed::StreamHashDisagrees { part }),
            _ => {
                slot.set(Some(hash));
                Ok(())
            }
        }
    }

    /// The lexicon parts that hold cell `cell` (absolute numbers): those
    /// starting with it (a cell larger than a part has parts of its own),
    /// else the one before, where it would be among others.
    pub(super) fn lexicon_parts(&self, cell: usize) -> Range<usize> {
        let first = &self.lexicon_first;
        let base = self.first(PartKind::Lexicon);
        let lo = first.partition_point(|&c| (c as usize) < cell);
        let hi = first.partition_point(|&c| c as usize <= cell);
        match (lo < hi, lo) {
            (true, _) => base + lo..base + hi,
            (false, 0) => base..base,
            (false, _) => base + lo - 1..base + lo,
        }
    }

    /// The first cell lexicon part `part` holds.
    pub(super) fn lexicon_first(&self, part: usize) -> Option<u32> {
        self.lexicon_first
            .get(part.checked_sub(self.first(PartKind::Lexicon))?)
            .copied()
    }

    /// The dictionary block that would hold `term`.
    pub(super) fn block_of(&self, term: &str) -> Option<usize> {
        let i = self.dict_first.partition_point(|f| f.as_str() <= term);
        i.checked_sub(1)
    }
}
