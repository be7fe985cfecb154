//! The root as the page holds it: how many articles, which parts there
//! are (each one's kind and hash), the first term of each dictionary
//! block, the lexicon parts of each word length, the prefixes with a set,
//! and the articles per norms part. Read once, checked whole.

use super::decode::PartDecoder;
use super::error::{Malformed, OverLimit, PartErrorKind};
use super::format::{PartKind, HASH_BYTES, ROOT_MAGIC};
use super::lexicon;
use crate::limits::{MAX_ARCHIVE_ARTICLES, MAX_ARCHIVE_FILE_BYTES};
use std::ops::Range;

/// What a root says (see the module documentation's "Format").
#[derive(Debug)]
pub(super) struct Root {
    pub(super) docs: u32,
    /// Each part's hash in hex (`2 * HASH_BYTES` characters each).
    hashes: String,
    /// First part number of each kind, in kind order; the last is the
    /// part count.
    base: [usize; PartKind::ALL.len() + 1],
    /// The first term of each dictionary block, ascending.
    pub(super) dict_first: Vec<String>,
    /// Per lexicon cell (`lexicon.rs`), its parts (absolute numbers).
    pub(super) lexicon: Vec<Range<usize>>,
    /// The prefixes with a prefix set, ascending.
    pub(super) prefixes: Vec<String>,
    /// Articles per norms part.
    pub(super) norm_range: u32,
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
        let mut base = [0usize; PartKind::ALL.len() + 1];
        for k in 0..PartKind::ALL.len() {
            base[k + 1] = base[k]
                .checked_add(r.varint()? as usize)
                .ok_or(Malformed::TooManyParts)?;
        }
        let total = base[PartKind::ALL.len()];
        if total > r.remaining() / HASH_BYTES {
            return Err(OverLimit::Hashes {
                parts: total,
                remaining: r.remaining(),
            }
            .into());
        }
        let mut hashes = String::with_capacity(total * 2 * HASH_BYTES);
        for _ in 0..total {
            for b in r.bytes(HASH_BYTES)? {
                use std::fmt::Write;
                let _ = write!(hashes, "{b:02x}");
            }
        }
        let mut root = Root {
            docs,
            hashes,
            base,
            dict_first: Vec::new(),
            lexicon: Vec::with_capacity(lexicon::CELLS),
            prefixes: Vec::new(),
            norm_range: 0,
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
        let mut at = lexicon.start;
        for _ in 0..lexicon::CELLS {
            let n = r.varint()? as usize;
            let end = at.checked_add(n).ok_or(Malformed::TooManyLexiconParts)?;
            root.lexicon.push(at..end);
            at = end;
        }
        if at != lexicon.end {
            return Err(Malformed::LexiconPartsDoNotAddUp.into());
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

    /// The kind of part `part` (`Norms` past the last part).
    pub(super) fn kind_of(&self, part: usize) -> PartKind {
        PartKind::ALL
            .into_iter()
            .find(|&k| part < self.parts(k).end)
            .unwrap_or(PartKind::Norms)
    }

    /// Part `part`'s hash in hex. Panics if `part >= part_count()`.
    pub(super) fn part_hash(&self, part: usize) -> &str {
        let n = 2 * HASH_BYTES;
        &self.hashes[part * n..(part + 1) * n]
    }

    /// The dictionary block that would hold `term`.
    pub(super) fn block_of(&self, term: &str) -> Option<usize> {
        let i = self.dict_first.partition_point(|f| f.as_str() <= term);
        i.checked_sub(1)
    }
}
