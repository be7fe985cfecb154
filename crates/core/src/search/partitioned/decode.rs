//! Reading parts: a bounds-checked cursor over untrusted bytes
//! ([`PartDecoder`]), what each kind of part decodes to ([`PartData`]),
//! and the checks that it agrees with the root. Decoding checks every
//! length and count before allocating for it, and never panics.

use super::error::{Malformed, OverLimit, PartErrorKind, MAX_TERM_BYTES};
use super::format::{
    prefix_list_len, stream_parts, PartKind, StreamLoc, HASH_BYTES, HEADER, OLDEST_VERSION,
    PART_MAGIC, VERSION,
};
use super::lexicon;
use super::root::Root;
use crate::search::postings::Bitset;
use crate::search::typo::signature;

type Decoded<T> = Result<T, PartErrorKind>;

/// A bounds-checked cursor over a root's or part's bytes.
pub(super) struct PartDecoder<'a> {
    buf: &'a [u8],
    at: usize,
    /// Bytes of terms decoded so far: front coding lets a few bytes stand
    /// for a long term, so their total is held to `MAX_TERM_BYTES`.
    decoded: usize,
}

impl<'a> PartDecoder<'a> {
    pub(super) fn new(buf: &'a [u8]) -> Self {
        PartDecoder {
            buf,
            at: 0,
            decoded: 0,
        }
    }

    pub(super) fn remaining(&self) -> usize {
        self.buf.len() - self.at
    }

    /// A count of items that take at least `min_bytes` each, checked
    /// against the bytes left before anything is allocated for them.
    pub(super) fn count(&mut self, what: &'static str, min_bytes: usize) -> Decoded<usize> {
        let at = self.at;
        let count = self.varint()? as usize;
        if count > self.remaining() / min_bytes {
            return Err(OverLimit::Count {
                count,
                what,
                at,
                remaining: self.remaining(),
            }
            .into());
        }
        Ok(count)
    }

    fn charge(&mut self, n: usize) -> Decoded<()> {
        self.decoded += n;
        if self.decoded > MAX_TERM_BYTES {
            return Err(OverLimit::TermBytes { at: self.at }.into());
        }
        Ok(())
    }

    pub(super) fn done(&self) -> bool {
        self.at == self.buf.len()
    }

    pub(super) fn u8(&mut self) -> Decoded<u8> {
        let b = *self.buf.get(self.at).ok_or(PartErrorKind::Truncated {
            at: self.at,
            wanted: None,
        })?;
        self.at += 1;
        Ok(b)
    }

    pub(super) fn varint(&mut self) -> Decoded<u32> {
        let mut v = 0u32;
        for shift in (0..35).step_by(7) {
            let b = self.u8()?;
            if shift == 28 && b > 0x0F {
                return Err(Malformed::NumberTooLarge { at: self.at - 1 }.into());
            }
            v |= u32::from(b & 0x7F) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(Malformed::NumberTooLong { at: self.at }.into())
    }

    pub(super) fn bytes(&mut self, n: usize) -> Decoded<&'a [u8]> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.buf.len())
            .ok_or(PartErrorKind::Truncated {
                at: self.at,
                wanted: Some(n),
            })?;
        let out = &self.buf[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn string(&mut self) -> Decoded<String> {
        let n = self.varint()? as usize;
        let bytes = self.bytes(n)?;
        self.charge(n)?;
        Ok(String::from_utf8(bytes.to_vec()).map_err(|_| Malformed::NotUtf8)?)
    }

    /// A term front-coded against `prev` (updated to it).
    pub(super) fn front_coded(&mut self, prev: &mut Vec<u8>) -> Decoded<String> {
        let shared = self.varint()? as usize;
        if shared > prev.len() {
            return Err(Malformed::SharesMoreThanPrevious.into());
        }
        let n = self.varint()? as usize;
        let suffix = self.bytes(n)?;
        self.charge(shared + n)?;
        prev.truncate(shared);
        prev.extend_from_slice(suffix);
        Ok(String::from_utf8(prev.clone()).map_err(|_| Malformed::NotUtf8)?)
    }

    /// Checks the magic and version; returns the kind byte of a part (0
    /// for a root, which has none).
    pub(super) fn header(&mut self, magic: &[u8; 4]) -> Decoded<u8> {
        if self.bytes(4).ok() != Some(&magic[..]) {
            return Err(PartErrorKind::BadMagic);
        }
        let version = self.u8()?;
        if !(OLDEST_VERSION..=VERSION).contains(&version) {
            return Err(PartErrorKind::WrongVersion { found: version });
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
pub(super) struct DictEntry {
    pub(super) term: String,
    pub(super) df: u32,
    /// Where its streams are, in the order of [`PartKind::STREAMS`].
    pub(super) loc: [StreamLoc; 3],
}

/// One term of a lexicon part, with its character signature.
#[derive(Clone, Debug)]
pub(super) struct LexEntry {
    pub(super) term: String,
    pub(super) df: u32,
    pub(super) sig: u32,
}

/// A prefix set: the prefix's most frequent words with their df, and the
/// articles with any of its words.
#[derive(Clone, Debug)]
pub(super) struct PrefixSet {
    pub(super) top: Vec<(String, u32)>,
    /// `top` lists every word of the prefix (but its other forms).
    pub(super) top_complete: bool,
    pub(super) set: Bitset,
}

/// A range of articles' title and body lengths in words.
#[derive(Clone, Debug)]
pub(super) struct Lengths {
    pub(super) title: Vec<u16>,
    pub(super) body: Vec<u32>,
}

/// What a part decodes to.
#[derive(Clone, Debug)]
pub(super) enum PartData {
    /// A stream part's body.
    Stream(Vec<u8>),
    Dict(Vec<DictEntry>),
    Lexicon(Vec<LexEntry>),
    Prefix(PrefixSet),
    /// Per article of its range, its norms.
    Norms(Lengths),
    /// One language's terms with the hash of their stem, ascending by
    /// hash, then term.
    Stems(Vec<(u32, String)>),
}

impl PartData {
    /// About how much memory the decoded part holds.
    pub(super) fn heap_bytes(&self) -> usize {
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
            PartData::Norms(n) => 2 * n.title.len() + 4 * n.body.len(),
            PartData::Stems(e) => e.iter().map(|(_, t)| 32 + t.len()).sum(),
        }
    }
}

/// The parts (`start..end`, numbered among all parts) holding the
/// streams of kind `k` (in [`PartKind::STREAMS`] order) of a dictionary
/// block's `entries`: from its first term's part to its last term's last.
pub(super) fn stream_range(entries: &[DictEntry], k: usize, span: u32) -> (u32, u32) {
    let start = entries.first().map_or(0, |e| e.loc[k].part);
    let end = entries
        .iter()
        .map(|e| stream_parts(e.loc[k], span).end)
        .max()
        .unwrap_or(start);
    (start, end)
}

impl Root {
    /// Decodes part `part` of `kind` and checks it agrees with the root.
    pub(super) fn decode(&self, part: usize, kind: PartKind, bytes: &[u8]) -> Decoded<PartData> {
        let mut r = PartDecoder::new(bytes);
        let found = r.header(PART_MAGIC)?;
        if found != kind.number() {
            return Err(PartErrorKind::WrongKind {
                found,
                expected: kind,
            });
        }
        let data = match kind {
            PartKind::DocStream | PartKind::TfStream | PartKind::Positions => {
                PartData::Stream(bytes[HEADER..].to_vec())
            }
            PartKind::DictBlock => PartData::Dict(self.decode_dict(part, &mut r)?),
            PartKind::Lexicon => PartData::Lexicon(self.decode_lexicon(part, &mut r)?),
            PartKind::PrefixSet => PartData::Prefix(self.decode_prefix_set(part, &mut r)?),
            PartKind::Norms => PartData::Norms(self.decode_norms(part, &mut r)?),
            PartKind::Stems => PartData::Stems(self.decode_stems(part, &mut r)?),
        };
        if !r.done() && !kind.is_stream() {
            return Err(Malformed::TrailingBytes.into());
        }
        Ok(data)
    }

    fn decode_dict(&self, part: usize, r: &mut PartDecoder<'_>) -> Decoded<Vec<DictEntry>> {
        // Shared bytes, suffix length, df and three stream lengths: 6 bytes
        // at least per term.
        let count = r.count("terms", 6)?;
        let mut at = [(0u32, 0u32); 3];
        for (kind, a) in PartKind::STREAMS.into_iter().zip(&mut at) {
            let p = r.varint()?;
            if !self.parts(kind).contains(&(p as usize)) {
                return Err(Malformed::StreamInWrongKind.into());
            }
            *a = (p, r.varint()?);
        }
        let mut out: Vec<DictEntry> = Vec::with_capacity(count);
        let mut prev = Vec::new();
        for i in 0..count {
            let term = r.front_coded(&mut prev)?;
            if out.last().is_some_and(|e| e.term >= term) {
                return Err(Malformed::TermsOutOfOrder.into());
            }
            let df = r.varint()?;
            if df == 0 || df > self.docs {
                return Err(Malformed::DfOverArticles {
                    df,
                    articles: self.docs,
                }
                .into());
            }
            let mut loc = [StreamLoc::default(); 3];
            for (k, kind) in PartKind::STREAMS.into_iter().enumerate() {
                let v = r.varint()?;
                let (len, new) = (v >> 1, v & 1 == 1);
                if i > 0 {
                    let prev = out[i - 1].loc[k];
                    let spanned = stream_parts(prev, self.spans[k]);
                    at[k] = if new {
                        (spanned.end, 0)
                    } else if spanned.len() > 1 {
                        // The next stream starts the part after a long one's.
                        return Err(Malformed::StreamPastItsKind.into());
                    } else {
                        let offset = prev.offset.checked_add(prev.len);
                        (prev.part, offset.ok_or(Malformed::OffsetTooLarge)?)
                    };
                    if at[k].0 as usize >= self.parts(kind).end {
                        return Err(Malformed::StreamPastItsKind.into());
                    }
                }
                loc[k] = StreamLoc {
                    part: at[k].0,
                    offset: at[k].1,
                    len,
                };
                // A long stream starts a part, and its parts are its kind's.
                let parts = stream_parts(loc[k], self.spans[k]);
                if (parts.len() > 1 && loc[k].offset != 0)
                    || parts.end as usize > self.parts(kind).end
                {
                    return Err(Malformed::StreamPastItsKind.into());
                }
            }
            out.push(DictEntry { term, df, loc });
        }
        let first = &self.dict_first[part - self.first(PartKind::DictBlock)];
        if out.first().is_none_or(|e| e.term != *first) {
            return Err(Malformed::WrongFirstTerm.into());
        }
        // Then, per stream kind, the hashes of the parts its terms' streams
        // are in, from the first term's to the last's (the root does not
        // list stream parts).
        for k in 0..PartKind::STREAMS.len() {
            let (start, end) = stream_range(&out, k, self.spans[k]);
            for p in start..end {
                let hash: [u8; HASH_BYTES] = r.bytes(HASH_BYTES)?.try_into().expect("8 bytes");
                self.learn_hash(p as usize, hash)?;
            }
        }
        Ok(out)
    }

    fn decode_lexicon(&self, part: usize, r: &mut PartDecoder<'_>) -> Decoded<Vec<LexEntry>> {
        let first = self
            .lexicon_first(part)
            .ok_or(Malformed::TooManyLexiconParts)?;
        // A cell gap and a count: 2 bytes at least.
        let cells = r.count("cells", 2)?;
        let mut out: Vec<LexEntry> = Vec::new();
        let mut chars = Vec::new();
        let mut cell = first as usize;
        for i in 0..cells {
            let gap = r.varint()? as usize;
            if (i == 0) != (gap == 0) {
                return Err(Malformed::WrongLexiconCell { cell: cell + gap }.into());
            }
            cell += gap;
            let family = lexicon::FAMILIES
                .get(cell / (lexicon::CELLS / lexicon::FAMILIES.len()))
                .copied()
                .ok_or(Malformed::WrongLexiconCell { cell })?;
            // Shared bytes, suffix length, df: 3 bytes at least.
            let count = r.count("terms", 3)?;
            let mut prev = Vec::new();
            let from = out.len();
            for _ in 0..count {
                let term = r.front_coded(&mut prev)?;
                if out.len() > from && out.last().is_some_and(|e| e.term >= term) {
                    return Err(Malformed::TermsOutOfOrder.into());
                }
                let df = r.varint()?;
                // The planner trusts a cell to hold only its own terms.
                chars.clear();
                chars.extend(term.chars());
                if lexicon::cell_of(self.cell_order, family, &chars) != cell {
                    return Err(Malformed::TermOutsideItsCell { term }.into());
                }
                out.push(LexEntry {
                    sig: signature(&term),
                    term,
                    df,
                });
            }
        }
        Ok(out)
    }

    fn decode_prefix_set(&self, part: usize, r: &mut PartDecoder<'_>) -> Decoded<PrefixSet> {
        let prefix = r.string()?;
        if prefix != self.prefixes[part - self.first(PartKind::PrefixSet)] {
            return Err(Malformed::NotTheRootsPrefix.into());
        }
        // Its most frequent words, each a length and a df at least.
        let count = r.count("words", 2)?;
        let most = prefix_list_len(&prefix);
        if count > most {
            return Err(OverLimit::PrefixWords { count, most }.into());
        }
        let mut top = Vec::with_capacity(count);
        for _ in 0..count {
            let term = r.string()?;
            let df = r.varint()?;
            if df == 0 || df > self.docs || !term.starts_with(&prefix) {
                return Err(Malformed::NotAWordOfThePrefix { term, df }.into());
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
                Bitset::from_words(words, self.docs).ok_or(Malformed::BitsPastTheEnd)?
            }
            1 => {
                let count = r.count("articles", 1)?;
                let mut set = Bitset::empty(self.docs);
                let mut next = 0u32;
                for _ in 0..count {
                    let d = next.checked_add(r.varint()?).filter(|&d| d < self.docs);
                    let d = d.ok_or(Malformed::ArticlePastTheEnd)?;
                    set.insert(d);
                    next = d + 1;
                }
                set
            }
            m => return Err(Malformed::UnknownSetEncoding(m).into()),
        };
        let top_complete = top.len() < most;
        Ok(PrefixSet {
            top,
            top_complete,
            set,
        })
    }

    fn decode_stems(&self, part: usize, r: &mut PartDecoder<'_>) -> Decoded<Vec<(u32, String)>> {
        let code = r.string()?;
        let Some((_, first, next)) = self.stem_hashes(part).filter(|s| s.0.code() == code) else {
            return Err(Malformed::WrongStemLanguage { code }.into());
        };
        // A hash gap and a term's length: 2 bytes at least.
        let count = r.count("terms", 2)?;
        let mut out: Vec<(u32, String)> = Vec::with_capacity(count);
        let mut hash = 0u32;
        for i in 0..count {
            let gap = r.varint()?;
            hash = hash
                .checked_add(gap)
                .ok_or(Malformed::StemEntriesOutOfOrder)?;
            if i == 0 && hash != first {
                return Err(Malformed::WrongFirstHash.into());
            }
            let term = r.string()?;
            let ascending = out
                .last()
                .is_none_or(|(h, t)| (*h, t.as_str()) < (hash, term.as_str()));
            if !ascending || next.is_some_and(|n| hash >= n) {
                return Err(Malformed::StemEntriesOutOfOrder.into());
            }
            out.push((hash, term));
        }
        if out.is_empty() {
            return Err(Malformed::WrongFirstHash.into());
        }
        Ok(out)
    }

    fn decode_norms(&self, part: usize, r: &mut PartDecoder<'_>) -> Decoded<Lengths> {
        let i = part - self.first(PartKind::Norms);
        let start = r.varint()?;
        let count = r.varint()?;
        let want_start = i as u64 * u64::from(self.norm_range);
        let want_count = u64::from(self.docs)
            .saturating_sub(want_start)
            .min(u64::from(self.norm_range));
        if u64::from(start) != want_start || u64::from(count) != want_count {
            return Err(Malformed::WrongNormRange {
                start,
                count,
                want_start,
                want_count,
            }
            .into());
        }
        // Two lengths per article, a byte each at least.
        if count as usize > r.remaining() / 2 {
            return Err(OverLimit::Norms {
                count,
                remaining: r.remaining(),
            }
            .into());
        }
        let mut title = Vec::with_capacity(count as usize);
        for _ in 0..count {
            let l = r.varint()?;
            title.push(u16::try_from(l).map_err(|_| Malformed::LengthTooLong)?);
        }
        let mut body = Vec::with_capacity(count as usize);
        for _ in 0..count {
            body.push(r.varint()?);
        }
        Ok(Lengths { title, body })
    }
}
