//! Merging segments: the partitioned indexes of consecutive runs of an
//! archive's articles (each written on its own, see "Segments" in the
//! module documentation) written again as one index, term by term, reading
//! each segment's parts as it goes. It never holds the postings: memory is
//! the vocabulary (every term once, with its df), which terms share a stem,
//! the articles' field lengths, the dictionary blocks waiting for the last
//! term, and one part per segment and stream kind. The result is byte for
//! byte what [`partition_index`](super::partition_index) writes of one
//! index over all the articles (`tests/partitioned_index.rs`), so an
//! archive merged from batches searches, and costs, as one built at once.

use super::decode::{DictEntry, PartData, PartDecoder};
use super::error::{PartError, PartId};
use super::format::{stream_parts, PartKind, HEADER};
use super::root::Root;
use super::write::{PartWriter, PartitionOptions, Vocabulary};
use crate::content_hash::content_hash;
use crate::search::field_norms::LengthTotals;
use crate::search::index::{Dictionary, StemTable};
use crate::search::language::Language;
use crate::search::postings::put_varint;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Gives a segment's part (by the segment's number and the hash its root
/// lists), uncompressed.
pub type ReadPart<'a> = dyn FnMut(usize, &str) -> Result<Vec<u8>, String> + 'a;

/// A stream part in memory: its number and body.
type LoadedStream = Option<(u32, Vec<u8>)>;

/// What [`merge_segments`] wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergedIndex {
    /// The merged index's root (its parts went to the store).
    pub root: Vec<u8>,
    /// Its articles.
    pub articles: u32,
    /// Its vocabulary: its distinct words (common-word pairs left out).
    pub terms: usize,
}

/// Writes the segments whose roots are `roots` (in order: each segment's
/// articles after the previous one's) as one partitioned index with
/// `options`, giving each part to `store` (its content hash and bytes) as
/// [`write_index_parts`](super::write_index_parts) does, and returns the
/// root. `read_part(segment, hash)` gives a part of a segment, by the hash
/// its root lists, uncompressed. A part that does not hash to its name or
/// does not decode is an error naming the segment and the part.
pub fn merge_segments(
    roots: &[&[u8]],
    read_part: &mut ReadPart<'_>,
    options: &PartitionOptions,
    store: &mut dyn FnMut(&str, Vec<u8>),
) -> Result<MergedIndex, String> {
    let mut segments = Vec::with_capacity(roots.len());
    let mut start = 0u32;
    let mut totals = LengthTotals::default();
    for (i, bytes) in roots.iter().enumerate() {
        let root = Root::read(bytes)
            .map_err(|kind| format!("segment {}: {}", i + 1, PartError { part: None, kind }))?;
        totals = totals
            .plus(root.totals)
            .ok_or_else(|| "the segments have more words than an index may count".to_owned())?;
        let docs = root.docs;
        segments.push(Segment {
            number: i,
            root,
            start,
        });
        start = start
            .checked_add(docs)
            .ok_or_else(|| "the segments have more articles than an index may".to_owned())?;
    }
    let mut reader = Reader {
        read_part,
        current: vec![Default::default(); segments.len()],
    };
    let dict = merged_dictionary(&segments, &mut reader)?;
    let stems = merged_stems(&segments, &dict, &mut reader)?;
    let (title_len, body_len) = merged_lengths(&segments, &mut reader)?;
    let vocabulary = Vocabulary {
        docs: start,
        dict: &dict,
        stems: &stems,
        title_len: &title_len,
        body_len: &body_len,
        totals,
        // Pairs only where every segment has them (else phrases read
        // positions, and the pairs some segments hold are never read).
        word_pairs: segments.iter().all(|s| s.root.word_pairs),
    };
    let mut writer = PartWriter::new(&vocabulary, options, store);
    let mut cursors: Vec<DictCursor> = segments.iter().map(|_| DictCursor::default()).collect();
    for (s, c) in segments.iter().zip(&mut cursors) {
        c.advance(s, &mut reader)?;
    }
    let mut streams: [Vec<u8>; 3] = Default::default();
    for t in 0..dict.len() as u32 {
        let term = dict.term(t);
        streams.iter_mut().for_each(Vec::clear);
        let mut next = 0u32;
        for (s, c) in segments.iter().zip(&mut cursors) {
            let Some(entry) = c.current.as_ref().filter(|e| e.term == term) else {
                continue;
            };
            for (k, kind) in PartKind::STREAMS.into_iter().enumerate() {
                let stream = reader.stream(s, kind, entry.loc[k])?;
                if k == 0 {
                    next = rebase_docs(s, entry, &stream, next, &mut streams[0])?;
                } else {
                    streams[k].extend_from_slice(&stream);
                }
            }
            c.advance(s, &mut reader)?;
        }
        writer.push_term(&streams);
    }
    Ok(MergedIndex {
        root: writer.finish(),
        articles: start,
        terms: dict.len() - dict.word_pair_count(),
    })
}

/// A segment: its root, its number among the segments, and the position
/// of its first article among all.
struct Segment {
    number: usize,
    root: Root,
    start: u32,
}

impl Segment {
    /// An error about part `part` of this segment.
    fn error(&self, part: usize, kind: super::error::PartErrorKind) -> String {
        let id = PartId {
            number: part,
            hash: self.root.part_hash(part).unwrap_or_default(),
            kind: Some(self.root.kind_of(part)),
        };
        let error = PartError {
            part: Some(id),
            kind,
        };
        format!("segment {}: {error}", self.number + 1)
    }
}

/// Reads the segments' parts, keeping the stream part last read of each
/// segment and kind (terms are merged in order, so their streams are read
/// part after part).
struct Reader<'r> {
    read_part: &'r mut ReadPart<'r>,
    current: Vec<[LoadedStream; 3]>,
}

impl Reader<'_> {
    /// Part `part` of segment `s`, checked against its hash and decoded.
    fn part(&mut self, s: &Segment, part: usize, kind: PartKind) -> Result<PartData, String> {
        // Every dictionary block is read before any stream part, and lists
        // their hashes.
        let Some(hash) = s.root.part_hash(part) else {
            return Err(s.error(part, super::error::PartErrorKind::HashUnknown));
        };
        let bytes = (self.read_part)(s.number, &hash)?;
        let got = content_hash(&bytes);
        if got != hash {
            return Err(s.error(part, super::error::PartErrorKind::HashMismatch { got }));
        }
        s.root
            .decode(part, kind, &bytes)
            .map_err(|e| s.error(part, e))
    }

    /// The stream at `loc` in segment `s` (a long one's parts joined).
    fn stream(
        &mut self,
        s: &Segment,
        kind: PartKind,
        loc: super::format::StreamLoc,
    ) -> Result<Cow<'_, [u8]>, String> {
        let k = PartKind::STREAMS
            .iter()
            .position(|&s| s == kind)
            .unwrap_or(0);
        let parts = stream_parts(loc, s.root.spans[k]);
        if parts.len() > 1 {
            let mut joined = Vec::with_capacity(loc.len as usize);
            for p in parts {
                let PartData::Stream(body) = self.part(s, p as usize, kind)? else {
                    unreachable!("a stream part decodes to a stream");
                };
                joined.extend_from_slice(&body);
            }
            if joined.len() != loc.len as usize {
                return Err(s.error(
                    loc.part as usize,
                    super::error::PartErrorKind::Truncated {
                        at: joined.len(),
                        wanted: Some(loc.len as usize),
                    },
                ));
            }
            return Ok(Cow::Owned(joined));
        }
        let k = usize::from(kind.number());
        let loaded = matches!(&self.current[s.number][k], Some((p, _)) if *p == loc.part);
        if !loaded {
            let PartData::Stream(body) = self.part(s, loc.part as usize, kind)? else {
                unreachable!("a stream part decodes to a stream");
            };
            self.current[s.number][k] = Some((loc.part, body));
        }
        let (_, body) = self.current[s.number][k].as_ref().expect("loaded");
        let from = loc.offset as usize;
        body.get(from..from + loc.len as usize)
            .map(Cow::Borrowed)
            .ok_or_else(|| {
                s.error(
                    loc.part as usize,
                    super::error::PartErrorKind::Truncated {
                        at: from + HEADER,
                        wanted: Some(loc.len as usize),
                    },
                )
            })
    }
}

/// Walks one segment's dictionary, block by block.
#[derive(Default)]
struct DictCursor {
    /// The next block to read (among the dictionary blocks).
    block: usize,
    entries: std::vec::IntoIter<DictEntry>,
    current: Option<DictEntry>,
}

impl DictCursor {
    fn advance(&mut self, s: &Segment, reader: &mut Reader<'_>) -> Result<(), String> {
        loop {
            if let Some(entry) = self.entries.next() {
                if self.current.as_ref().is_some_and(|c| c.term >= entry.term) {
                    let part = s.root.first(PartKind::DictBlock) + self.block - 1;
                    return Err(s.error(part, super::error::Malformed::TermsOutOfOrder.into()));
                }
                self.current = Some(entry);
                return Ok(());
            }
            let blocks = s.root.parts(PartKind::DictBlock);
            let part = blocks.start + self.block;
            if part >= blocks.end {
                self.current = None;
                return Ok(());
            }
            self.block += 1;
            let PartData::Dict(entries) = reader.part(s, part, PartKind::DictBlock)? else {
                unreachable!("a dictionary block decodes to entries");
            };
            self.entries = entries.into_iter();
        }
    }
}

/// Every segment's terms, once each, in dictionary order, with their df
/// summed.
fn merged_dictionary(segments: &[Segment], reader: &mut Reader<'_>) -> Result<Dictionary, String> {
    let mut cursors: Vec<DictCursor> = segments.iter().map(|_| DictCursor::default()).collect();
    for (s, c) in segments.iter().zip(&mut cursors) {
        c.advance(s, reader)?;
    }
    let mut dict = Dictionary::with_capacity(0, 0);
    while let Some(term) = cursors
        .iter()
        .filter_map(|c| c.current.as_ref().map(|e| e.term.as_str()))
        .min()
        .map(str::to_owned)
    {
        let mut df = 0u32;
        for (s, c) in segments.iter().zip(&mut cursors) {
            if let Some(entry) = c.current.as_ref().filter(|e| e.term == term) {
                df += entry.df; // each at most its segment's articles
                c.advance(s, reader)?;
            }
        }
        dict.push_df_only(&term, df);
    }
    Ok(dict)
}

/// Which terms share a stem: per language, every segment's entries (the
/// terms of its articles in that language) with the merged term ids.
fn merged_stems(
    segments: &[Segment],
    dict: &Dictionary,
    reader: &mut Reader<'_>,
) -> Result<StemTable, String> {
    let mut by_lang: BTreeMap<Language, Vec<u64>> = BTreeMap::new();
    for s in segments {
        for (lang, parts) in s.root.stem_langs.clone() {
            let keys = by_lang.entry(lang).or_default();
            for part in parts {
                let PartData::Stems(entries) = reader.part(s, part, PartKind::Stems)? else {
                    unreachable!("a stem part decodes to entries");
                };
                for (hash, term) in entries {
                    let Some(t) = dict.find(&term) else {
                        return Err(format!(
                            "segment {}: its stem part {part} lists {term:?}, a word its dictionary does not have",
                            s.number + 1
                        ));
                    };
                    keys.push(u64::from(hash) << 32 | u64::from(t));
                }
            }
        }
    }
    let (langs, mut keys): (Vec<Language>, Vec<Vec<u64>>) = by_lang.into_iter().unzip();
    for k in &mut keys {
        crate::sort::sort_keys(k);
        k.dedup();
        k.shrink_to_fit();
    }
    Ok(StemTable { langs, keys })
}

/// Every article's title and body lengths, segment after segment.
fn merged_lengths(
    segments: &[Segment],
    reader: &mut Reader<'_>,
) -> Result<(Vec<u16>, Vec<u32>), String> {
    let (mut title, mut body) = (Vec::new(), Vec::new());
    for s in segments {
        for part in s.root.parts(PartKind::Norms) {
            let PartData::Norms(lengths) = reader.part(s, part, PartKind::Norms)? else {
                unreachable!("a norms part decodes to lengths");
            };
            title.extend_from_slice(&lengths.title);
            body.extend_from_slice(&lengths.body);
        }
        let want = s.start as usize + s.root.docs as usize;
        if title.len() != want {
            return Err(format!(
                "segment {}: its norms parts hold {} articles, its root says {}",
                s.number + 1,
                title.len() - s.start as usize,
                s.root.docs
            ));
        }
    }
    Ok((title, body))
}

/// Appends segment `s`'s doc stream of `entry` to `out`, its articles
/// moved to their positions among all (`out`'s next article is at least
/// `next`); gives the position after its last.
fn rebase_docs(
    s: &Segment,
    entry: &DictEntry,
    stream: &[u8],
    mut next: u32,
    out: &mut Vec<u8>,
) -> Result<u32, String> {
    let mut r = PartDecoder::new(stream);
    let mut local = 0u32;
    let mut count = 0u32;
    let bad = |what: &str| {
        format!(
            "segment {}: the doc stream of {:?} {what}",
            s.number + 1,
            entry.term
        )
    };
    while !r.done() {
        let gap = r.varint().map_err(|_| bad("is cut short"))?;
        let doc = local
            .checked_add(gap)
            .filter(|&d| d < s.root.docs)
            .ok_or_else(|| bad("names an article past the segment's"))?;
        let global = s.start + doc;
        put_varint(out, global - next);
        next = global + 1;
        local = doc + 1;
        count += 1;
    }
    if count != entry.df {
        return Err(bad(&format!(
            "lists {count} articles, its dictionary entry {}",
            entry.df
        )));
    }
    Ok(next)
}
