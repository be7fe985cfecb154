//! The page's side of a partitioned index: the root, the parts loaded so
//! far (a cache with least-recently-used eviction), and the search that
//! says which parts it still needs or answers exactly as the in-page
//! index would, by running it on a query's sub-index.

use super::decode::{PartData, PartDecoder};
use super::error::{PartError, PartErrorKind, PartId};
use super::format::{PartKind, StreamLoc};
use super::plan::{Level, Plan};
use super::root::Root;
use crate::content_hash::content_hash;
use crate::limits::MAX_ARCHIVE_FILE_BYTES;
use crate::search::exec::Order;
use crate::search::field_norms::{FieldNorm, FieldNorms};
use crate::search::index::{SearchIndex, StemTable, SubTerm};
use crate::search::language::Language;
use crate::search::postings::put_varint;
use crate::search::query::SearchQuery;
use std::cell::Cell;

/// What [`PartitionedIndex::search`] gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// The results, as [`SearchIndex::search_with`] gives them.
    Done(Vec<u32>),
    /// The parts to load (ascending, never empty) before searching again.
    Need(Vec<usize>),
}

/// A loaded part: what it costs in memory, when it was last used, and
/// what it decoded to.
#[derive(Debug)]
pub(super) struct Loaded {
    pub(super) bytes: usize,
    pub(super) used: Cell<u64>,
    pub(super) data: PartData,
}

/// The page's side of a partitioned index: the root, and the parts loaded
/// so far (see the module documentation).
#[derive(Debug)]
pub struct PartitionedIndex {
    pub(super) root: Root,
    pub(super) loaded: Vec<Option<Loaded>>,
    clock: Cell<u64>,
}

impl PartitionedIndex {
    /// Reads a root. Checks its magic, version and structure.
    pub fn from_root(bytes: &[u8]) -> Result<Self, PartError> {
        let root = Root::read(bytes).map_err(|kind| PartError { part: None, kind })?;
        Ok(PartitionedIndex {
            loaded: (0..root.part_count()).map(|_| None).collect(),
            root,
            clock: Cell::new(0),
        })
    }

    /// Number of articles.
    pub fn len(&self) -> usize {
        self.root.docs as usize
    }

    /// The number of articles the root claims (at most
    /// [`MAX_ARCHIVE_ARTICLES`](crate::limits::MAX_ARCHIVE_ARTICLES)); every
    /// position [`PartitionedIndex::search`] gives is below it. A page must
    /// check it equals its manifest's article count before using the hits
    /// as positions into the archive.
    pub fn articles(&self) -> u32 {
        self.root.docs
    }

    /// True when the archive has no articles.
    pub fn is_empty(&self) -> bool {
        self.root.docs == 0
    }

    /// Number of parts.
    pub fn part_count(&self) -> usize {
        self.loaded.len()
    }

    /// Part `part`'s content hash (a sharded archive stores it as
    /// `index/<hash>.bin.gz`, see `archive::ArchiveFileKind`). Panics if
    /// `part >= part_count()`.
    pub fn part_hash(&self, part: usize) -> &str {
        self.root.part_hash(part)
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
        if part >= self.part_count() {
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
        }
        let hash = self.part_hash(part).to_owned();
        let kind = self.root.kind_of(part);
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
        if check_hash {
            let got = content_hash(bytes);
            if got != hash {
                return Err(err(PartErrorKind::HashMismatch { got }));
            }
        }
        let data = self.root.decode(part, kind, bytes).map_err(err)?;
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
                if self.get(l.part as usize).is_none() {
                    need.insert(l.part as usize);
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
        // The articles ranked: those with every item and those with only
        // some (their norms are read too).
        let hits = sub.ranked_matches(query);
        if hits.is_empty() {
            return Lookup::Done(hits);
        }
        let first_norms = self.root.first(PartKind::Norms);
        let norm_range = self.root.norm_range;
        // Not a BTreeSet: its `collect` is one more instance of std's sort.
        let mut ranges: Vec<usize> = hits
            .iter()
            .map(|&d| first_norms + (d / norm_range) as usize)
            .collect();
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
        // `docs` is at most `MAX_ARCHIVE_ARTICLES` (160 MB of norms).
        let mut norms = vec![FieldNorm::default(); self.root.docs as usize];
        for &part in &ranges {
            if let Some(PartData::Norms(n)) = self.get(part) {
                let start = (part - first_norms) * norm_range as usize;
                if let Some(to) = norms.get_mut(start..start + n.len()) {
                    to.copy_from_slice(n);
                }
            }
        }
        sub.norms = FieldNorms::from_norms(norms);
        self.done(sub.search_with(query, order))
    }

    /// The hits, each below the article count (true of every sub-index;
    /// kept as a guard, so the page can index by them).
    fn done(&self, mut hits: Vec<u32>) -> Lookup {
        hits.retain(|&d| d < self.root.docs);
        Lookup::Done(hits)
    }

    /// The stream at `loc`, if loaded and in bounds.
    fn stream(&self, loc: StreamLoc) -> Option<&[u8]> {
        match self.get(loc.part as usize)? {
            PartData::Stream(body) => {
                let start = loc.offset as usize;
                body.get(start..start.checked_add(loc.len as usize)?)
            }
            _ => None,
        }
    }

    /// The query's sub-index; `None` if the parts disagree.
    fn sub_index(&self, plan: &Plan) -> Option<SearchIndex> {
        // Each term has its own bytes of each stream: were two terms' streams
        // to overlap (dictionary blocks pointing at the same bytes), a few
        // bytes could be copied once per term into the sub-index.
        let mut regions: Vec<StreamLoc> = plan
            .terms
            .values()
            .filter(|w| w.level.is_some_and(|l| l > Level::Df))
            .filter_map(|w| w.loc)
            .flatten()
            .filter(|l| l.len > 0)
            .collect();
        crate::sort::sort(&mut regions);
        for pair in regions.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if a.part == b.part && u64::from(a.offset) + u64::from(a.len) > u64::from(b.offset) {
                return None;
            }
        }
        let docs = self.root.docs;
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
            let doc_stream = self.stream(loc[0])?;
            let tf = if level >= Level::Tf {
                Some(self.stream(loc[1])?)
            } else {
                None
            };
            let mut counts = Vec::new();
            postings.push((interleave(doc_stream, tf, w.df, docs, &mut counts)?, w.df));
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
            .map(|((term, w), ((post, count), pos))| SubTerm {
                term: term.as_str(),
                df: w.df,
                postings: post.as_slice(),
                postings_count: *count,
                positions: pos,
            })
            .collect();
        let mut dense = Vec::new();
        for (prefix, &part) in &plan.dense {
            match self.get(part)? {
                PartData::Prefix(s) => dense.push((prefix.clone(), s.set.clone())),
                _ => return None,
            }
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
        Some(SearchIndex::assemble(
            docs,
            &terms,
            FieldNorms::default(),
            dense,
            StemTable::from_terms(&stems),
        ))
    }
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
    let mut d = PartDecoder::new(docs);
    let mut f = tf.map(PartDecoder::new);
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
