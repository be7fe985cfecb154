//! The query planner: which terms, prefix sets and parts a query needs,
//! found by looking its words up in every segment's loaded dictionary
//! blocks, lexicon parts, prefix sets and stem parts. A plan that still
//! needs parts says which; one that needs none is what the sub-index is
//! assembled from.
//!
//! Over several segments a term's df is the sum of its df in each, and
//! every choice the in-page engine makes by df (which typo candidates,
//! which prefix expansions are scored) is made on those sums, so the
//! sub-index holds what one index over all the articles would give it.

use super::decode::{DictEntry, PartData};
use super::engine::{PartitionedIndex, Segment};
use super::format::{PartKind, StreamLoc};
use super::lexicon;
use crate::search::exec::{Order, PREFIX_SCORE_CAP, SHORT_PREFIX_SCORE_CAP, TYPO_CAP};
use crate::search::index::stem_hash;
use crate::search::language::{Language, Stemmer};
use crate::search::query::{Item, SearchQuery};
use crate::search::typo::{signature, signature_allows, Distance};
use crate::search::word_pairs::phrase_units;
use std::collections::{BTreeMap, BTreeSet};

/// What a query needs of one term.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Level {
    /// In the dictionary with its df; its postings are never read.
    Df,
    /// Its articles (matching).
    Docs,
    /// Its articles and frequencies (ranking).
    Tf,
    /// Those and its positions (phrases).
    Pos,
}

impl Level {
    /// How many of the term's streams (in [`PartKind::STREAMS`] order)
    /// this level reads.
    pub(super) fn streams(self) -> usize {
        match self {
            Level::Df => 0,
            Level::Docs => 1,
            Level::Tf => 2,
            Level::Pos => 3,
        }
    }
}

/// A term in one segment: the segment, its df there and where its
/// streams are (part numbers among all segments' parts).
#[derive(Clone, Copy, Debug)]
pub(super) struct SegmentTerm {
    pub(super) seg: usize,
    pub(super) df: u32,
    pub(super) loc: [StreamLoc; 3],
}

/// What a plan wants of one term: its df (over all segments), how much of
/// its postings, and where its streams are in each segment holding it
/// (once their dictionary blocks are loaded).
#[derive(Default)]
pub(super) struct Want {
    pub(super) df: u32,
    /// `df` is the term's df over all segments (not a lower bound from
    /// some segments' prefix lists).
    pub(super) exact: bool,
    pub(super) level: Option<Level>,
    /// In segment order.
    pub(super) locs: Vec<SegmentTerm>,
}

/// Where a prefix's articles come from in one segment: its prefix set, or
/// (a segment without one) its words' doc streams, with their df.
#[derive(Debug)]
pub(super) enum DenseSource {
    Set {
        seg: usize,
        part: usize,
    },
    Streams {
        seg: usize,
        streams: Vec<(StreamLoc, u32)>,
    },
}

/// The plan of one query: the terms and sets it needs, and the parts
/// missing for them.
#[derive(Default)]
pub(super) struct Plan {
    pub(super) terms: BTreeMap<String, Want>,
    /// Per prefix with a prefix set in some segment, where its articles
    /// come from in each segment.
    pub(super) dense: BTreeMap<String, Vec<DenseSource>>,
    pub(super) need: BTreeSet<usize>,
    /// A required item certainly matches nothing.
    pub(super) empty: bool,
    /// The terms sharing a stem with a query word, each with a language
    /// it has that stem in (for the sub-index's stem table).
    pub(super) stems: BTreeSet<(Language, String)>,
}

impl Plan {
    /// Wants `term` at `level` (or its level so far, if higher), with its
    /// df over all segments and where it is in each, or (`None`) with at
    /// least `df`, kept until its df over all segments is known.
    fn want(&mut self, term: &str, df: u32, level: Level, locs: Option<Vec<SegmentTerm>>) {
        let w = self.terms.entry(term.to_owned()).or_default();
        if w.level.is_none_or(|l| l < level) {
            w.level = Some(level);
        }
        if let Some(locs) = locs {
            w.df = df;
            w.exact = true;
            w.locs = locs;
        } else if !w.exact {
            w.df = w.df.max(df);
        }
    }
}

/// A dictionary lookup over every segment: found (df over all segments,
/// and where), absent from all, or some segment's block is not loaded.
enum Found {
    Entry(u32, Vec<SegmentTerm>),
    Absent,
    Missing(Vec<usize>),
}

/// A word's entry in one segment: found, absent, or its block is missing.
enum InSegment<'a> {
    Entry(&'a DictEntry),
    Absent,
    Missing(usize),
}

/// A prefix's most frequent words as one segment lists them (its prefix
/// set's), or every word of the prefix (a segment without a set, or one
/// whose set's list was not enough).
struct Listed<'a> {
    words: Vec<(&'a str, u32)>,
    /// Whether every word of the prefix in the segment is listed (else
    /// each unlisted one ranks after the last listed, by df then term).
    complete: bool,
}

impl Segment {
    /// `loc` (numbered within the segment) among all segments' parts.
    fn global(&self, loc: [StreamLoc; 3]) -> [StreamLoc; 3] {
        loc.map(|l| StreamLoc {
            part: l.part.saturating_add(self.first_part as u32),
            ..l
        })
    }
}

impl PartitionedIndex {
    /// Looks `term` up in segment `seg`'s dictionary block that would
    /// hold it.
    fn lookup_in(&self, seg: usize, term: &str) -> InSegment<'_> {
        let segment = &self.segments[seg];
        let Some(b) = segment.root.block_of(term) else {
            return InSegment::Absent;
        };
        let part = segment.first(PartKind::DictBlock) + b;
        match self.get(part) {
            Some(PartData::Dict(entries)) => {
                match entries.binary_search_by(|e| e.term.as_str().cmp(term)) {
                    Ok(i) => InSegment::Entry(&entries[i]),
                    Err(_) => InSegment::Absent,
                }
            }
            _ => InSegment::Missing(part),
        }
    }

    /// Looks `term` up in every segment.
    fn lookup(&self, term: &str) -> Found {
        let mut df = 0u32;
        let mut locs = Vec::new();
        let mut missing = Vec::new();
        for (seg, segment) in self.segments.iter().enumerate() {
            match self.lookup_in(seg, term) {
                InSegment::Entry(e) => {
                    df = df.saturating_add(e.df);
                    locs.push(SegmentTerm {
                        seg,
                        df: e.df,
                        loc: segment.global(e.loc),
                    });
                }
                InSegment::Absent => {}
                InSegment::Missing(part) => missing.push(part),
            }
        }
        if !missing.is_empty() {
            Found::Missing(missing)
        } else if locs.is_empty() {
            Found::Absent
        } else {
            Found::Entry(df, locs)
        }
    }

    /// Looks `term` up; wants it at `level` if present. Returns whether it
    /// is present (`None`: a block is missing).
    fn want_word(&self, plan: &mut Plan, term: &str, level: Level) -> Option<bool> {
        match self.lookup(term) {
            Found::Entry(df, locs) => {
                plan.want(term, df, level, Some(locs));
                Some(true)
            }
            Found::Absent => Some(false),
            Found::Missing(parts) => {
                plan.need.extend(parts);
                None
            }
        }
    }

    pub(super) fn plan(&self, query: &SearchQuery, order: Order) -> Plan {
        let mut plan = Plan::default();
        let rank = order == Order::Relevance;
        let scored = if rank { Level::Tf } else { Level::Docs };
        for (required, items) in [(true, &query.required), (false, &query.excluded)] {
            for item in items.iter() {
                match item {
                    Item::Phrase(words) => {
                        // Its words (their df makes its idf) and its units
                        // (words, or common-word pairs standing for two),
                        // looked up in one round.
                        let units = phrase_units(words, self.word_pairs());
                        let mut present = Some(true);
                        let terms = words.iter().chain(units.iter().map(|u| &u.term));
                        for term in terms {
                            match self.lookup(term) {
                                Found::Entry(..) => {}
                                Found::Absent => present = Some(false),
                                Found::Missing(parts) => {
                                    plan.need.extend(parts);
                                    present = present.and(None);
                                }
                            }
                        }
                        // One unit is the phrase: its postings say where
                        // and how often; more are matched by positions.
                        let level = match units.len() {
                            1 if required && rank => Level::Tf,
                            1 => Level::Docs,
                            _ => Level::Pos,
                        };
                        match present {
                            Some(true) => {
                                for w in words {
                                    self.want_word(&mut plan, w, Level::Df);
                                }
                                for u in &units {
                                    self.want_word(&mut plan, &u.term, level);
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
                        forms,
                    } => {
                        let typos = query.typos_for(*typos);
                        self.plan_word(&mut plan, term, *prefix, typos, *forms, scored);
                    }
                }
            }
        }
        plan
    }

    /// Plans a required word: `max` typos; `forms`, whether its other
    /// forms match.
    fn plan_word(
        &self,
        plan: &mut Plan,
        term: &str,
        prefix: bool,
        max: u8,
        forms: bool,
        scored: Level,
    ) {
        let rank = scored == Level::Tf;
        // Each segment's prefix set of the word, if it has one.
        let sets: Vec<Option<usize>> = self
            .segments
            .iter()
            .map(|s| {
                prefix
                    .then(|| {
                        s.root
                            .prefixes
                            .binary_search_by(|p| p.as_str().cmp(term))
                            .ok()
                    })
                    .flatten()
                    .map(|i| s.first(PartKind::PrefixSet) + i)
            })
            .collect();
        let dense = sets.iter().any(Option::is_some);
        // The word itself: with a prefix set only scored, not matched.
        let exact_level = if dense && !rank { Level::Df } else { scored };
        let exact = self.want_word(plan, term, exact_level);
        let mut any = exact == Some(true);
        // Its other forms; `None` while parts are missing for them.
        let other_forms = if forms {
            self.plan_forms(plan, term, scored, dense && !rank)
        } else {
            Some(BTreeSet::new())
        };
        any |= other_forms.as_ref().is_none_or(|f| !f.is_empty());
        if prefix {
            any |= self.plan_prefix(plan, term, &sets, rank, other_forms.as_ref());
        }
        if max > 0 {
            any |= self.plan_typos(plan, term, max, scored);
        }
        if !any && exact.is_some() {
            plan.empty = true;
        }
    }

    /// Plans a word's prefix expansions: with a prefix set in some segment,
    /// the set (or a segment's words' doc streams) matches and, when
    /// ranking, the most frequent words over all segments are scored;
    /// without, every word of the prefix matches. Returns whether any may
    /// match (or parts are missing).
    fn plan_prefix(
        &self,
        plan: &mut Plan,
        term: &str,
        sets: &[Option<usize>],
        rank: bool,
        other_forms: Option<&BTreeSet<String>>,
    ) -> bool {
        let other_form = |w: &str| other_forms.is_some_and(|f| f.contains(w));
        let dense = sets.iter().any(Option::is_some);
        let cap = if term.chars().nth(2).is_none() {
            SHORT_PREFIX_SCORE_CAP
        } else {
            PREFIX_SCORE_CAP
        };
        let mut complete = true;
        let mut any = false;
        let mut sources = Vec::new();
        let mut lists: Vec<Listed<'_>> = Vec::new();
        // Without a set anywhere, each word with its df and streams over
        // every segment (each segment's range lists all its words).
        let mut words: BTreeMap<&str, (u32, Vec<SegmentTerm>)> = BTreeMap::new();
        for (seg, set) in sets.iter().enumerate() {
            if let Some(part) = *set {
                sources.push(DenseSource::Set { seg, part });
                match self.get(part) {
                    Some(PartData::Prefix(s)) => {
                        any = true;
                        lists.push(Listed {
                            words: s.top.iter().map(|(w, df)| (w.as_str(), *df)).collect(),
                            complete: s.top_complete,
                        });
                    }
                    _ => {
                        plan.need.insert(part);
                        any = true;
                        complete = false;
                    }
                }
                continue;
            }
            let Some(range) = self.prefix_range(plan, seg, term) else {
                any = true;
                complete = false;
                continue;
            };
            any |= range.iter().any(|e| e.term != term);
            let segment = &self.segments[seg];
            if dense {
                sources.push(DenseSource::Streams {
                    seg,
                    streams: range
                        .iter()
                        .map(|e| (segment.global(e.loc)[0], e.df))
                        .collect(),
                });
                lists.push(Listed {
                    words: range.iter().map(|e| (e.term.as_str(), e.df)).collect(),
                    complete: true,
                });
            } else {
                for e in range {
                    let (df, locs) = words.entry(e.term.as_str()).or_default();
                    *df = df.saturating_add(e.df);
                    locs.push(SegmentTerm {
                        seg,
                        df: e.df,
                        loc: segment.global(e.loc),
                    });
                }
            }
        }
        if !dense {
            if !complete {
                return any;
            }
            let mut in_range: Vec<(u32, &str)> = Vec::new();
            for (w, (df, locs)) in &words {
                plan.want(w, *df, Level::Docs, Some(locs.clone()));
                if *w != term && !other_form(w) {
                    in_range.push((*df, w));
                }
            }
            if rank {
                crate::sort::sort_by_key(&mut in_range, |&(df, w)| (std::cmp::Reverse(df), w));
                for &(df, w) in in_range.iter().take(cap) {
                    plan.want(w, df, Level::Tf, None);
                }
            }
            return any;
        }
        plan.dense.insert(term.to_owned(), sources);
        if !complete {
            return any;
        }
        // The listed words, each with at least the df the lists give it:
        // the sub-index needs the prefix's words to expand it (and exactly
        // the most frequent ones, below, to score them).
        let mut listed: BTreeMap<&str, u32> = BTreeMap::new();
        for list in &lists {
            for &(w, df) in &list.words {
                let sum = listed.entry(w).or_default();
                *sum = sum.saturating_add(df);
            }
        }
        for (w, df) in listed {
            plan.want(w, df, Level::Df, None);
        }
        if !rank {
            return any;
        }
        // Ranking: the `cap` most frequent words over all segments (then
        // first by term), other than the word and its other forms.
        if let [only] = lists.as_slice() {
            // One segment: its list is those words in that order.
            let mut scored_words = 0;
            for &(w, _) in &only.words {
                if w != term && !other_form(w) && scored_words < cap {
                    scored_words += 1;
                    self.want_word(plan, w, Level::Tf);
                }
            }
            return any;
        }
        // One list per segment, in segment order (nothing was missing).
        debug_assert_eq!(lists.len(), self.segments.len());
        match self.most_frequent(plan, term, &lists, cap, &other_form) {
            Some(top) => {
                for w in top {
                    self.want_word(plan, &w, Level::Tf);
                }
            }
            None => {
                // The lists do not settle it: every segment's words of the
                // prefix (rare: lists run four times the words scored).
                for seg in 0..self.segments.len() {
                    self.prefix_range(plan, seg, term);
                }
                if plan.need.is_empty() {
                    let mut all: BTreeMap<&str, u32> = BTreeMap::new();
                    for seg in 0..self.segments.len() {
                        for e in self.prefix_range(plan, seg, term).unwrap_or_default() {
                            let df = all.entry(e.term.as_str()).or_default();
                            *df = df.saturating_add(e.df);
                        }
                    }
                    let mut ranked: Vec<(u32, &str)> = all
                        .into_iter()
                        .filter(|&(w, _)| w != term && !other_form(w))
                        .map(|(w, df)| (df, w))
                        .collect();
                    crate::sort::sort_by_key(&mut ranked, |&(df, w)| (std::cmp::Reverse(df), w));
                    for &(_, w) in ranked.iter().take(cap) {
                        self.want_word(plan, w, Level::Tf);
                    }
                }
            }
        }
        any
    }

    /// The `cap` most frequent words of a prefix over all segments, from
    /// each segment's list: a word's df is summed over the segments
    /// (looked up in the dictionary of a segment that does not list it,
    /// when it could be among them); `None` when a word listed nowhere
    /// could still be among them (or parts are missing: `plan.need` says).
    fn most_frequent(
        &self,
        plan: &mut Plan,
        term: &str,
        lists: &[Listed<'_>],
        cap: usize,
        other_form: &dyn Fn(&str) -> bool,
    ) -> Option<Vec<String>> {
        // Per segment, the most an unlisted word can have there.
        let bounds: Vec<u32> = lists
            .iter()
            .map(|l| match l.words.iter().map(|&(_, df)| df).min() {
                Some(df) if !l.complete => df,
                _ => 0,
            })
            .collect();
        let mut known: BTreeMap<&str, Vec<Option<u32>>> = BTreeMap::new();
        for (seg, list) in lists.iter().enumerate() {
            for &(w, df) in &list.words {
                if w == term || other_form(w) {
                    continue;
                }
                let dfs = known
                    .entry(w)
                    .or_insert_with(|| lists.iter().map(|l| l.complete.then_some(0)).collect());
                dfs[seg] = Some(df);
            }
        }
        let low = |dfs: &[Option<u32>]| dfs.iter().map(|d| u64::from(d.unwrap_or(0))).sum::<u64>();
        let high = |dfs: &[Option<u32>]| {
            dfs.iter()
                .zip(&bounds)
                .map(|(d, &b)| u64::from(d.unwrap_or(b)))
                .sum::<u64>()
        };
        // The `cap`th best lower bound: a word whose upper bound is below
        // it cannot be among the most frequent.
        let mut lows: Vec<u64> = known.values().map(|d| low(d)).collect();
        lows.sort_unstable_by(|a, b| b.cmp(a));
        let floor = lows.get(cap.saturating_sub(1)).copied().unwrap_or(0);
        let mut missing = false;
        for (w, dfs) in known.iter_mut() {
            if dfs.iter().all(Option::is_some) || high(dfs) < floor {
                continue;
            }
            for (seg, df) in dfs.iter_mut().enumerate() {
                if df.is_some() {
                    continue;
                }
                match self.lookup_in(seg, w) {
                    InSegment::Entry(e) => *df = Some(e.df),
                    InSegment::Absent => *df = Some(0),
                    InSegment::Missing(part) => {
                        plan.need.insert(part);
                        missing = true;
                    }
                }
            }
        }
        if missing {
            return Some(Vec::new());
        }
        let mut ranked: Vec<(u64, &str)> = known
            .iter()
            .filter(|(_, dfs)| dfs.iter().all(Option::is_some))
            .map(|(w, dfs)| (low(dfs), *w))
            .collect();
        crate::sort::sort_by_key(&mut ranked, |&(df, w)| (std::cmp::Reverse(df), w));
        ranked.truncate(cap);
        // A word listed nowhere has at most the sum of the bounds.
        let unlisted = bounds.iter().map(|&b| u64::from(b)).sum::<u64>();
        let settled = unlisted == 0 || ranked.len() == cap && ranked[cap - 1].0 > unlisted;
        settled.then(|| ranked.into_iter().map(|(_, w)| w.to_owned()).collect())
    }

    /// Segment `seg`'s dictionary entries starting with `term`, or `None`
    /// while blocks are missing (`plan.need` says which).
    fn prefix_range(&self, plan: &mut Plan, seg: usize, term: &str) -> Option<Vec<&DictEntry>> {
        let segment = &self.segments[seg];
        let root = &segment.root;
        let mut found = Vec::new();
        let mut complete = true;
        let first = root.block_of(term).unwrap_or(0);
        let mut b = first;
        while b < root.dict_first.len() && (b == first || root.dict_first[b].starts_with(term)) {
            let part = segment.first(PartKind::DictBlock) + b;
            match self.get(part) {
                Some(PartData::Dict(entries)) => {
                    let from = entries.partition_point(|e| e.term.as_str() < term);
                    found.extend(
                        entries[from..]
                            .iter()
                            .take_while(|e| e.term.starts_with(term)),
                    );
                }
                _ => {
                    plan.need.insert(part);
                    complete = false;
                }
            }
            b += 1;
        }
        complete.then_some(found)
    }

    /// Plans a word's typo candidates: the terms within `max` edits in the
    /// lexicon cells that can hold them, in every segment, with their df
    /// summed over segments; of those in more articles than the word
    /// itself, the `TYPO_CAP` best are wanted. Returns
    /// whether any may match (or parts are missing).
    fn plan_typos(&self, plan: &mut Plan, term: &str, max: u8, scored: Level) -> bool {
        let chars: Vec<char> = term.chars().collect();
        let sig = signature(term);
        let mut complete = true;
        let mut found: BTreeMap<&str, (u8, u32)> = BTreeMap::new();
        // The word's own df over all segments: only terms in more
        // articles are candidates (`SearchIndex::typo_terms`).
        let mut typed = 0u32;
        let mut distance = Distance::default();
        let mut other = Vec::new();
        for segment in &self.segments {
            let cells = lexicon::cells_within(segment.root.cell_order, &chars, max);
            // A term may be in several of the cells read.
            let mut seen: BTreeSet<&str> = BTreeSet::new();
            // Several cells may share a part.
            let parts: BTreeSet<usize> = cells
                .iter()
                .flat_map(|&cell| segment.root.lexicon_parts(cell))
                .collect();
            for local in parts {
                match self.get(segment.part(local)) {
                    Some(PartData::Lexicon(entries)) => {
                        for e in entries {
                            if !signature_allows(sig, e.sig, max) || seen.contains(e.term.as_str())
                            {
                                continue;
                            }
                            other.clear();
                            other.extend(e.term.chars());
                            if let Some(d) = distance.within(&chars, &other, max) {
                                seen.insert(&e.term);
                                if d > 0 {
                                    let f = found.entry(&e.term).or_insert((d, 0));
                                    f.1 = f.1.saturating_add(e.df);
                                } else {
                                    // The word itself (every term is in
                                    // its own cells).
                                    typed = typed.saturating_add(e.df);
                                }
                            }
                        }
                    }
                    _ => {
                        plan.need.insert(segment.part(local));
                        complete = false;
                    }
                }
            }
        }
        if !complete {
            return true;
        }
        let mut ranked: Vec<(u8, std::cmp::Reverse<u32>, &str)> = found
            .into_iter()
            .filter(|&(_, (_, df))| df > typed)
            .map(|(w, (d, df))| (d, std::cmp::Reverse(df), w))
            .collect();
        crate::sort::sort(&mut ranked);
        ranked.truncate(TYPO_CAP);
        let mut any = false;
        for &(_, _, w) in &ranked {
            any |= self.want_word(plan, w, scored) != Some(false);
        }
        any
    }

    /// Wants the terms sharing `term`'s stem in each language of each
    /// segment (at `scored`, or only their df for those a prefix set
    /// matches, `by_set`), as the in-page index's stem table finds them
    /// (`index/stems.rs`): the stem part holding the stem's hash, then each
    /// term of that hash stemmed again. Returns those other than `term`
    /// that the dictionary has, or `None` while parts are missing.
    fn plan_forms(
        &self,
        plan: &mut Plan,
        term: &str,
        scored: Level,
        by_set: bool,
    ) -> Option<BTreeSet<String>> {
        let mut complete = true;
        let mut found = BTreeSet::new();
        for segment in &self.segments {
            for (i, &(lang, _)) in segment.root.stem_langs.iter().enumerate() {
                let stemmer = Stemmer::new(lang);
                let stem = stemmer.stem(term);
                let hash = stem_hash(&stem);
                let Some(local) = segment.root.stem_part(i, hash) else {
                    continue;
                };
                let part = segment.part(local);
                let Some(PartData::Stems(entries)) = self.get(part) else {
                    plan.need.insert(part);
                    complete = false;
                    continue;
                };
                let from = entries.partition_point(|e| e.0 < hash);
                for (_, t) in entries[from..].iter().take_while(|e| e.0 == hash) {
                    if stemmer.stem(t) != stem {
                        continue;
                    }
                    if t == term {
                        plan.stems.insert((lang, t.clone()));
                        continue;
                    }
                    let level = if by_set && t.starts_with(term) {
                        Level::Df
                    } else {
                        scored
                    };
                    match self.want_word(plan, t, level) {
                        Some(true) => {
                            plan.stems.insert((lang, t.clone()));
                            found.insert(t.clone());
                        }
                        Some(false) => {}
                        None => complete = false,
                    }
                }
            }
        }
        complete.then_some(found)
    }
}
