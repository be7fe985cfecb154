//! The page's side of a partitioned index: the root, the parts loaded so
//! far (a cache with least-recently-used eviction), and the search that
//! says which parts it still needs or answers exactly as the in-page
//! index would, by running it on a query's sub-index.

use super::decode::{PartData, PartDecoder};
use super::error::{OverLimit, PartError, PartErrorKind, PartId};
use super::format::{stream_parts, PartKind, StreamLoc};
use super::plan::{DenseSource, Level, Plan};
use super::root::Root;
use crate::content_hash::content_hash;
use crate::limits::{MAX_ARCHIVE_ARTICLES, MAX_ARCHIVE_FILE_BYTES};
use crate::search::exec::Order;
use crate::search::field_norms::{FieldNorms, LengthTotals};
use crate::search::index::{SearchIndex, StemTable, SubTerm};
use crate::search::language::Language;
use crate::search::postings::{put_varint, Bitset};
use crate::search::query::SearchQuery;
use std::borrow::Cow;
use std::cell::Cell;
use std::collections::BTreeSet;

/// What [`PartitionedIndex::search`] gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// The results, as [`SearchIndex::search_with`] gives them.
    Done(Vec<u32>),
    /// The parts to load (ascending, never empty) before searching again.
    Need(Vec<usize>),
}

/// What [`PartitionedIndex::search_first`] gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FirstLookup {
    /// Every result among the articles before `below` (the newest ones),
    /// in order, at least as many as asked for; the rest of the results
    /// (and their count) come from [`PartitionedIndex::search`], which
    /// needs more parts.
    First { hits: Vec<u32>, below: u32 },
    /// All the results, as [`PartitionedIndex::search`] gives them.
    Done(Vec<u32>),
    /// The parts to load (ascending, never empty) before searching again.
    Need(Vec<usize>),
}

impl From<Lookup> for FirstLookup {
    fn from(lookup: Lookup) -> Self {
        match lookup {
            Lookup::Done(hits) => FirstLookup::Done(hits),
            Lookup::Need(parts) => FirstLookup::Need(parts),
        }
    }
}

/// A loaded part: what it costs in memory, when it was last used, and
/// what it decoded to.
#[derive(Debug)]
pub(super) struct Loaded {
    pub(super) bytes: usize,
    pub(super) used: Cell<u64>,
    pub(super) data: PartData,
}

/// One segment of an archive: a partitioned index of a consecutive run of
/// its articles, with its own root and parts.
#[derive(Debug)]
pub(super) struct Segment {
    pub(super) root: Root,
    /// The number (among all segments' parts) of its first part.
    pub(super) first_part: usize,
    /// The position (among all segments' articles) of its first article.
    pub(super) first_doc: u32,
}

impl Segment {
    /// The number among all parts of its part `local`.
    pub(super) fn part(&self, local: usize) -> usize {
        self.first_part + local
    }

    /// The number among all parts of its first part of `kind`.
    pub(super) fn first(&self, kind: PartKind) -> usize {
        self.first_part + self.root.first(kind)
    }
}

/// The page's side of a partitioned index: the roots of its segments, and
/// the parts loaded so far (see the module documentation).
#[derive(Debug)]
pub struct PartitionedIndex {
    /// In the order of their articles (each segment's follow the previous
    /// one's).
    pub(super) segments: Vec<Segment>,
    pub(super) loaded: Vec<Option<Loaded>>,
    /// Articles of all segments, and their lengths in all.
    pub(super) docs: u32,
    pub(super) totals: LengthTotals,
    clock: Cell<u64>,
}

impl PartitionedIndex {
    /// Reads a root. Checks its magic, version and structure.
    pub fn from_root(bytes: &[u8]) -> Result<Self, PartError> {
        PartitionedIndex::from_segments(&[bytes])
    }

    /// Reads the roots of an index in segments, in the order of their
    /// articles: searching it gives what one index over all their
    /// articles, in that order, gives. Checks each root, and that the
    /// segments together stay within the limits.
    pub fn from_segments(roots: &[&[u8]]) -> Result<Self, PartError> {
        let mut segments = Vec::with_capacity(roots.len());
        let (mut parts, mut totals) = (0usize, LengthTotals::default());
        for bytes in roots {
            let root = Root::read(bytes).map_err(|kind| PartError { part: None, kind })?;
            let over = || PartError {
                part: None,
                kind: OverLimit::Articles { articles: u32::MAX }.into(),
            };
            let first_doc = totals.articles;
            totals = totals.plus(root.totals).ok_or_else(over)?;
            if totals.articles > MAX_ARCHIVE_ARTICLES {
                return Err(PartError {
                    part: None,
                    kind: OverLimit::Articles {
                        articles: totals.articles,
                    }
                    .into(),
                });
            }
            let first_part = parts;
            parts = parts.checked_add(root.part_count()).ok_or_else(over)?;
            segments.push(Segment {
                root,
                first_part,
                first_doc,
            });
        }
        Ok(PartitionedIndex {
            loaded: (0..parts).map(|_| None).collect(),
            segments,
            docs: totals.articles,
            totals,
            clock: Cell::new(0),
        })
    }

    /// Whether phrases are read from common-word pairs: every segment
    /// has them (`search/word_pairs.rs`).
    pub(super) fn word_pairs(&self) -> bool {
        self.segments.iter().all(|s| s.root.word_pairs)
    }

    /// Number of articles.
    pub fn len(&self) -> usize {
        self.docs as usize
    }

    /// The number of articles the roots claim (at most
    /// [`MAX_ARCHIVE_ARTICLES`](crate::limits::MAX_ARCHIVE_ARTICLES)); every
    /// position [`PartitionedIndex::search`] gives is below it. A page must
    /// check it equals its manifest's article count before using the hits
    /// as positions into the archive.
    pub fn articles(&self) -> u32 {
        self.docs
    }

    /// True when the archive has no articles.
    pub fn is_empty(&self) -> bool {
        self.docs == 0
    }

    /// The first segment's root (tests of one segment).
    #[cfg(test)]
    pub(super) fn root(&self) -> &Root {
        &self.segments[0].root
    }

    /// Number of segments.
    pub fn segment_count(&self) -> usize {
        self.segments.len()
    }

    /// Number of parts (of all segments).
    pub fn part_count(&self) -> usize {
        self.loaded.len()
    }

    /// The segment of part `part`, and its number there.
    fn segment_of(&self, part: usize) -> Option<(&Segment, usize)> {
        let i = self.segments.partition_point(|s| s.first_part <= part);
        let segment = self.segments.get(i.checked_sub(1)?)?;
        let local = part - segment.first_part;
        (local < segment.root.part_count()).then_some((segment, local))
    }

    /// Part `part`'s content hash (a sharded archive stores it as
    /// `index/<hash>.bin.gz`, see `archive::ArchiveFileKind`): every part
    /// [`Lookup::Need`] lists has one. A stream part's hash is known once a
    /// dictionary block naming it was added (the root lists the others');
    /// empty before, or past the last part.
    pub fn part_hash(&self, part: usize) -> String {
        self.segment_of(part)
            .and_then(|(segment, local)| segment.root.part_hash(local))
            .unwrap_or_default()
    }

    /// The dictionary blocks' part numbers (of all segments): adding
    /// them makes every part's hash known (see `part_hash`).
    pub fn dictionary_block_parts(&self) -> Vec<usize> {
        self.segments
            .iter()
            .flat_map(|s| s.root.parts(PartKind::DictBlock).map(|p| s.first_part + p))
            .collect()
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
        crate::sort::sort(&mut order);
        for (_, i) in order {
            if total <= max {
                break;
            }
            if let Some(l) = self.loaded[i].take() {
                total -= l.bytes;
            }
        }
    }

    /// Checks `bytes` against part `part`'s hash, decodes and keeps it.
    pub fn add_part(&mut self, part: usize, bytes: &[u8]) -> Result<(), PartError> {
        self.add(part, bytes, true)
    }

    /// [`PartitionedIndex::add_part`] for bytes the caller has checked
    /// against [`PartitionedIndex::part_hash`] already (the page checks
    /// each file as it arrives, with the browser's native SHA-256): decodes
    /// and keeps it, checking everything but the hash.
    pub fn add_checked_part(&mut self, part: usize, bytes: &[u8]) -> Result<(), PartError> {
        self.add(part, bytes, false)
    }

    fn add(&mut self, part: usize, bytes: &[u8], check_hash: bool) -> Result<(), PartError> {
        let Some((segment, local)) = self.segment_of(part) else {
            return Err(PartError {
                part: Some(PartId {
                    number: part,
                    hash: String::new(),
                    kind: None,
                }),
                kind: PartErrorKind::NoSuchPart {
                    parts: self.part_count(),
                },
            });
        };
        let known = segment.root.part_hash(local);
        let hash = known.clone().unwrap_or_default();
        let kind = segment.root.kind_of(local);
        let err = |error: PartErrorKind| PartError {
            part: Some(PartId {
                number: part,
                hash: hash.clone(),
                kind: Some(kind),
            }),
            kind: error,
        };
        if bytes.len() > MAX_ARCHIVE_FILE_BYTES {
            return Err(err(PartErrorKind::TooLarge { bytes: bytes.len() }));
        }
        if known.is_none() {
            return Err(err(PartErrorKind::HashUnknown));
        }
        if check_hash {
            let got = content_hash(bytes);
            if got != hash {
                return Err(err(PartErrorKind::HashMismatch { got }));
            }
        }
        let data = segment.root.decode(local, kind, bytes).map_err(err)?;
        self.loaded[part] = Some(Loaded {
            bytes: bytes.len().max(data.heap_bytes()),
            used: Cell::new(self.clock.get()),
            data,
        });
        Ok(())
    }

    /// Part `part` if loaded (marked as used now).
    pub(super) fn get(&self, part: usize) -> Option<&PartData> {
        let l = self.loaded.get(part)?.as_ref()?;
        l.used.set(self.clock.get());
        Some(&l.data)
    }

    /// The results of `query` in `order` if every part it needs is loaded,
    /// else the parts still needed (ascending, never empty).
    pub fn search(&mut self, query: &SearchQuery, order: Order) -> Lookup {
        self.clock.set(self.clock.get() + 1);
        let mut plan = self.plan(query, order);
        // A required item that matches nothing empties an AND (`Newest`,
        // `Oldest`), but not a relevance search, which goes on with the
        // articles that have some of the items, unless it was the only one.
        if plan.empty && (order != Order::Relevance || query.required.len() == 1) {
            return Lookup::Done(Vec::new());
        }
        // The streams of the terms found so far come with the parts still
        // missing (the terms a query wants only grow from round to round):
        // a typo candidate's dictionary block then costs no extra round
        // for the word's own postings.
        let mut need = std::mem::take(&mut plan.need);
        for w in plan.terms.values() {
            let Some(level) = w.level else {
                continue;
            };
            for s in &w.locs {
                for (k, &l) in s.loc[..level.streams()].iter().enumerate() {
                    self.need_stream(s.seg, k, l, &mut need);
                }
            }
        }
        for sources in plan.dense.values() {
            for source in sources {
                if let DenseSource::Streams { seg, streams } = source {
                    for &(l, _) in streams {
                        self.need_stream(*seg, 0, l, &mut need);
                    }
                }
            }
        }
        if !need.is_empty() {
            return Lookup::Need(need.into_iter().collect());
        }
        let Some((mut sub, _)) = self.sub_index(&plan, false) else {
            return Lookup::Done(Vec::new());
        };
        // Without a required word nothing is scored (every score is 0).
        if order != Order::Relevance || query.required.is_empty() {
            return self.done(sub.search_with(query, order));
        }
        // The articles ranked: those with every item and those with only
        // some (their lengths are read too).
        let hits = sub.ranked_matches(query);
        if hits.is_empty() {
            return Lookup::Done(hits);
        }
        // Not a BTreeSet: its `collect` is one more instance of std's sort.
        let mut ranges: Vec<usize> = hits.iter().filter_map(|&d| self.norms_part_of(d)).collect();
        crate::sort::sort(&mut ranges);
        ranges.dedup();
        for &part in &ranges {
            if !matches!(self.get(part), Some(PartData::Norms(_))) {
                need.insert(part);
            }
        }
        if !need.is_empty() {
            return Lookup::Need(need.into_iter().collect());
        }
        // `docs` is at most `MAX_ARCHIVE_ARTICLES` (960 MB of lengths).
        let mut title_len = vec![0u16; self.docs as usize];
        let mut body_len = vec![0u32; self.docs as usize];
        for &part in &ranges {
            let (Some((segment, local)), Some(PartData::Norms(n))) =
                (self.segment_of(part), self.get(part))
            else {
                continue;
            };
            let range = (local - segment.root.first(PartKind::Norms)) as u64
                * u64::from(segment.root.norm_range);
            let start = (u64::from(segment.first_doc) + range) as usize;
            let end = start + n.title.len();
            if let (Some(t), Some(b)) =
                (title_len.get_mut(start..end), body_len.get_mut(start..end))
            {
                t.copy_from_slice(&n.title);
                b.copy_from_slice(&n.body);
            }
        }
        sub.norms = FieldNorms::new(title_len, body_len, self.totals);
        self.done(sub.search_with(query, order))
    }

    /// The first results of `query` newest first, from the first part of
    /// each long doc stream (a common word's newest articles: the doc span
    /// of the root, see `PartitionOptions::doc_span_bytes`), when they
    /// hold at least `want` of them: `Lookup::First`, every result among
    /// the articles those parts cover. Otherwise, and for any other order
    /// or a query that needs more than doc streams (a phrase's positions),
    /// what [`PartitionedIndex::search`] gives. A page shows these while
    /// the rest of a ten-million-article archive's postings arrive.
    pub fn search_first(&mut self, query: &SearchQuery, order: Order, want: usize) -> FirstLookup {
        if order != Order::Newest {
            return self.search(query, order).into();
        }
        self.clock.set(self.clock.get() + 1);
        let mut plan = self.plan(query, order);
        let more_than_docs = plan.terms.values().any(|w| w.level > Some(Level::Docs));
        let streams_for_prefix = plan
            .dense
            .values()
            .flatten()
            .any(|d| matches!(d, DenseSource::Streams { .. }));
        if plan.empty || more_than_docs || streams_for_prefix {
            return self.search(query, order).into();
        }
        let mut need = std::mem::take(&mut plan.need);
        let mut cut = false;
        for w in plan.terms.values().filter(|w| w.level == Some(Level::Docs)) {
            for s in &w.locs {
                if self.is_long_doc_stream(s.seg, s.loc[0]) {
                    // Its first part; the term's later segments come after.
                    if self.get(s.loc[0].part as usize).is_none() {
                        need.insert(s.loc[0].part as usize);
                    }
                    cut = true;
                    break;
                }
                self.need_stream(s.seg, 0, s.loc[0], &mut need);
            }
        }
        if !cut {
            return self.search(query, order).into();
        }
        if !need.is_empty() {
            return FirstLookup::Need(need.into_iter().collect());
        }
        let Some((sub, below)) = self.sub_index(&plan, true) else {
            return self.search(query, order).into();
        };
        let mut hits = sub.search_with(query, order);
        hits.retain(|&d| d < below.min(self.docs));
        if hits.len() < want {
            return self.search(query, order).into();
        }
        FirstLookup::First { hits, below }
    }

    /// Whether segment `seg`'s doc stream at `loc` is cut into parts.
    fn is_long_doc_stream(&self, seg: usize, loc: StreamLoc) -> bool {
        self.segments
            .get(seg)
            .is_some_and(|s| stream_parts(loc, s.root.spans[0]).len() > 1)
    }

    /// The norms part holding article `doc`'s lengths.
    fn norms_part_of(&self, doc: u32) -> Option<usize> {
        let i = self.segments.partition_point(|s| s.first_doc <= doc);
        let segment = self.segments.get(i.checked_sub(1)?)?;
        let local = doc - segment.first_doc;
        (local < segment.root.docs)
            .then(|| segment.first(PartKind::Norms) + (local / segment.root.norm_range) as usize)
    }

    /// The hits, each below the article count (true of every sub-index;
    /// kept as a guard, so the page can index by them).
    fn done(&self, mut hits: Vec<u32>) -> Lookup {
        hits.retain(|&d| d < self.docs);
        Lookup::Done(hits)
    }

    /// The parts of segment `seg`'s stream at `loc` not loaded yet, into
    /// `need`.
    fn need_stream(&self, seg: usize, k: usize, loc: StreamLoc, need: &mut BTreeSet<usize>) {
        let span = self.segments.get(seg).map_or(u32::MAX, |s| s.root.spans[k]);
        for p in stream_parts(loc, span) {
            if self.get(p as usize).is_none() {
                need.insert(p as usize);
            }
        }
    }

    /// Segment `seg`'s stream at `loc`, if loaded and in bounds: a slice
    /// of its part, or the parts of a longer stream joined.
    fn stream(&self, seg: usize, k: usize, loc: StreamLoc) -> Option<Cow<'_, [u8]>> {
        let span = self.segments.get(seg)?.root.spans[k];
        let body = |p: u32| match self.get(p as usize)? {
            PartData::Stream(body) => Some(body.as_slice()),
            _ => None,
        };
        let parts = stream_parts(loc, span);
        if parts.len() == 1 {
            let start = loc.offset as usize;
            return body(loc.part)?
                .get(start..start.checked_add(loc.len as usize)?)
                .map(Cow::Borrowed);
        }
        let mut joined = Vec::with_capacity(loc.len as usize);
        for p in parts {
            joined.extend_from_slice(body(p)?);
        }
        (joined.len() == loc.len as usize).then_some(Cow::Owned(joined))
    }

    /// The query's sub-index; `None` if the parts disagree. With `first`,
    /// a term's long doc stream gives only its first part's articles (and
    /// its later segments none): the sub-index then answers for the
    /// articles before the second number, the first any such part leaves
    /// out (the article count when none is cut).
    fn sub_index(&self, plan: &Plan, first: bool) -> Option<(SearchIndex, u32)> {
        let mut below = u32::MAX;
        // Each term has its own bytes of each stream: were two terms' streams
        // to overlap (dictionary blocks pointing at the same bytes), a few
        // bytes could be copied once per term into the sub-index.
        let mut regions: Vec<StreamLoc> = plan
            .terms
            .values()
            .filter(|w| w.level.is_some_and(|l| l > Level::Df))
            .flat_map(|w| w.locs.iter().flat_map(|s| s.loc))
            .filter(|l| l.len > 0)
            .collect();
        crate::sort::sort(&mut regions);
        for pair in regions.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if a.part == b.part && u64::from(a.offset) + u64::from(a.len) > u64::from(b.offset) {
                return None;
            }
        }
        let mut postings: Vec<(Vec<u8>, u32)> = Vec::with_capacity(plan.terms.len());
        let mut positions: Vec<Vec<u8>> = Vec::with_capacity(plan.terms.len());
        for w in plan.terms.values() {
            let level = w.level.unwrap_or(Level::Df);
            if level == Level::Df {
                postings.push((Vec::new(), 0));
                positions.push(Vec::new());
                continue;
            }
            let mut post = Vec::new();
            let mut pos = Vec::new();
            let mut next = 0u32;
            let mut df = 0u32;
            let mut cut = false;
            for s in &w.locs {
                let segment = self.segments.get(s.seg)?;
                if first && level == Level::Docs && self.is_long_doc_stream(s.seg, s.loc[0]) {
                    let PartData::Stream(body) = self.get(s.loc[0].part as usize)? else {
                        return None;
                    };
                    let (gaps, count) = complete_varints(body);
                    let run = Run {
                        first_doc: segment.first_doc,
                        docs: segment.root.docs,
                        df: count.min(s.df),
                    };
                    let mut counts = Vec::new();
                    next = interleave(gaps, None, run, next, &mut post, &mut counts)?;
                    df = df.checked_add(run.df)?;
                    below = below.min(next);
                    cut = true;
                    break;
                }
                let doc_stream = self.stream(s.seg, 0, s.loc[0])?;
                let tf = if level >= Level::Tf {
                    Some(self.stream(s.seg, 1, s.loc[1])?)
                } else {
                    None
                };
                let mut counts = Vec::new();
                let run = Run {
                    first_doc: segment.first_doc,
                    docs: segment.root.docs,
                    df: s.df,
                };
                next = interleave(
                    &doc_stream,
                    tf.as_deref(),
                    run,
                    next,
                    &mut post,
                    &mut counts,
                )?;
                df = df.checked_add(s.df)?;
                if level == Level::Pos {
                    let stream = self.stream(s.seg, 2, s.loc[2])?;
                    check_positions(&stream, &counts)?;
                    pos.extend_from_slice(&stream);
                }
            }
            if df != w.df && !cut {
                return None;
            }
            postings.push((post, df));
            positions.push(pos);
        }
        let terms: Vec<SubTerm<'_>> = plan
            .terms
            .iter()
            .zip(postings.iter().zip(&positions))
            .map(|((term, w), ((post, count), pos))| SubTerm {
                term: term.as_str(),
                df: w.df,
                postings: post.as_slice(),
                postings_count: *count,
                positions: pos,
            })
            .collect();
        let mut dense = Vec::new();
        for (prefix, sources) in &plan.dense {
            dense.push((prefix.clone(), self.dense_set(sources)?));
        }
        // The terms sharing a stem with a query word, by their ids here
        // (the plan's terms in order).
        let stems: Vec<(Language, u32, &str)> = plan
            .stems
            .iter()
            .filter_map(|(lang, term)| {
                let id = terms.binary_search_by(|t| t.term.cmp(term)).ok()?;
                Some((*lang, id as u32, terms[id].term))
            })
            .collect();
        let sub = SearchIndex::assemble(
            self.docs,
            &terms,
            FieldNorms::default(),
            dense,
            StemTable::from_terms(&stems),
            self.word_pairs(),
        );
        Some((sub, below.min(self.docs)))
    }

    /// The articles with a word of a prefix, over all segments: each
    /// segment's prefix set, or the union of its words' doc streams.
    fn dense_set(&self, sources: &[DenseSource]) -> Option<Bitset> {
        // One segment with a set: the set as it is.
        if let [DenseSource::Set { part, .. }] = sources {
            if self.segments.len() == 1 {
                return match self.get(*part)? {
                    PartData::Prefix(s) if s.set.universe() == self.docs => Some(s.set.clone()),
                    _ => None,
                };
            }
        }
        let mut set = Bitset::empty(self.docs);
        for source in sources {
            match source {
                DenseSource::Set { seg, part } => {
                    let segment = self.segments.get(*seg)?;
                    let PartData::Prefix(s) = self.get(*part)? else {
                        return None;
                    };
                    for doc in s.set.iter() {
                        set.insert(segment.first_doc.checked_add(doc)?);
                    }
                }
                DenseSource::Streams { seg, streams } => {
                    let segment = self.segments.get(*seg)?;
                    for &(loc, df) in streams {
                        let stream = self.stream(*seg, 0, loc)?;
                        let mut d = PartDecoder::new(&stream);
                        let mut next = 0u32;
                        for _ in 0..df {
                            let doc = next.checked_add(d.varint().ok()?)?;
                            if doc >= segment.root.docs {
                                return None;
                            }
                            set.insert(segment.first_doc + doc);
                            next = doc + 1;
                        }
                    }
                }
            }
        }
        Some(set)
    }
}

/// The complete varints at the start of `body` (a part of a longer
/// stream may end inside one) and how many there are.
fn complete_varints(body: &[u8]) -> (&[u8], u32) {
    let end = body.iter().rposition(|&b| b < 0x80).map_or(0, |i| i + 1);
    let count = body[..end].iter().filter(|&&b| b < 0x80).count();
    (&body[..end], count as u32)
}

/// A segment's run of a term's postings: where the segment's articles
/// start, how many it has, and the term's df there.
#[derive(Clone, Copy)]
struct Run {
    first_doc: u32,
    docs: u32,
    df: u32,
}

/// Whether `pos` holds exactly `counts[i]` positions for each article `i`,
/// each a canonical varint, ascending and well below `u32::MAX`.
fn check_positions(pos: &[u8], counts: &[u32]) -> Option<()> {
    let mut r = PartDecoder::new(pos);
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

/// Appends a segment's run of a term's postings entry (see `postings.rs`)
/// to `out`, from its doc stream and, if loaded, its tf stream (else zero
/// frequencies), with each article's token count in `counts` (tf stream
/// only); `next` is the article after the last one in `out` (0 at first).
/// Gives the article after this run's last, or `None` unless both streams
/// hold exactly `run.df` entries of the segment's articles.
fn interleave(
    docs: &[u8],
    tf: Option<&[u8]>,
    run: Run,
    mut next: u32,
    out: &mut Vec<u8>,
    counts: &mut Vec<u32>,
) -> Option<u32> {
    out.reserve(docs.len() + tf.map_or(run.df as usize, <[u8]>::len));
    let mut d = PartDecoder::new(docs);
    let mut f = tf.map(PartDecoder::new);
    let mut local_next = 0u32;
    for _ in 0..run.df {
        let local = local_next
            .checked_add(d.varint().ok()?)
            .filter(|&doc| doc < run.docs)?;
        local_next = local + 1;
        let doc = run.first_doc.checked_add(local)?;
        put_varint(out, doc.checked_sub(next)?);
        next = doc + 1;
        match &mut f {
            Some(f) => {
                let packed = f.varint().ok()?;
                put_varint(out, packed);
                let mut title = packed & 3;
                if title == 3 {
                    let extra = f.varint().ok()?;
                    put_varint(out, extra);
                    title = title.checked_add(extra)?;
                }
                let total = title.checked_add(packed >> 2).filter(|&t| t < 1 << 24)?;
                counts.push(total);
            }
            None => out.push(0),
        }
    }
    (d.done() && f.is_none_or(|f| f.done())).then_some(next)
}
