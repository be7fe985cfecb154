//! Running a query against the index: expanding words (prefix, typos),
//! building the matching set as a bitset, checking phrases (`phrase.rs`),
//! removing exclusions, and ordering.

use super::index::Dictionary;
use super::index::{SearchIndex, MAX_LEN_BUCKET};
use super::phrase::Units;
use super::postings::Bitset;
use super::query::{Item, SearchQuery};
use super::rank::{
    bm25_tf, idf, EXACT_WEIGHT, PREFIX_WEIGHT, STEM_WEIGHT, TYPO_1_WEIGHT, TYPO_2_WEIGHT,
};
use super::typo::{signature, signature_allows, CharBag, Distance};
use super::word_pairs::is_word_pair;
use std::ops::Range;

/// How results are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Order {
    /// Newest first: the order the articles were given in (no scoring).
    #[default]
    Newest,
    /// Oldest first: the reverse of that order (no scoring).
    Oldest,
    /// Best BM25F score first; equal scores newest first.
    Relevance,
}

/// At most this many prefix expansions (the most frequent) are scored for
/// relevance; all of them still match.
pub(crate) const PREFIX_SCORE_CAP: usize = 32;
/// The same for prefixes of one or two letters, which match nearly every
/// article anyway.
pub(crate) const SHORT_PREFIX_SCORE_CAP: usize = 8;
/// At most this many typo expansions (fewest edits, then most frequent)
/// are used per query word.
pub(crate) const TYPO_CAP: usize = 64;

/// A query word resolved against the dictionary.
struct Expansion {
    term: u32,
    weight: f32,
}

enum Resolved<'a> {
    Word {
        /// What matches: the word, prefix and typo expansions.
        matching: Vec<Expansion>,
        /// Precomputed matches of the prefix (the word itself and all its
        /// prefix expansions), if dense; `matching` then holds only the
        /// typo expansions.
        dense: Option<&'a Bitset>,
        /// What is scored (a subset of `matching`).
        scored: Vec<Expansion>,
        idf: f32,
    },
    /// A phrase's units (see `phrase.rs`) and its idf: the sum of its
    /// words' (a phrase scores as one term).
    Phrase { units: Units, idf: f32 },
    /// A word or phrase no article has.
    Nothing,
}

/// What relevance ranks: the articles with some of the query's items,
/// those with every one, and each item resolved with its articles.
type RankedSets<'a> = (Bitset, Bitset, Vec<(Resolved<'a>, Bitset)>);

/// Results in relevance order (see [`SearchIndex::search_ranked`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RankedHits {
    /// Positions of the matching articles: first those with every query
    /// word and phrase, best first, then those with only some of them,
    /// best first.
    pub hits: Vec<u32>,
    /// How many of `hits` (the first ones) have every word and phrase.
    pub complete: usize,
}

impl SearchIndex {
    /// Positions (into the indexed list) of the articles matching `query`,
    /// in `order`. The empty query matches every article. `Newest` and
    /// `Oldest` give the articles with every word and phrase;
    /// `Relevance` gives [`SearchIndex::search_ranked`]'s hits, which go on
    /// with the articles that have only some of them.
    pub fn search_with(&self, query: &SearchQuery, order: Order) -> Vec<u32> {
        let n = self.docs;
        if query.is_empty() {
            return match order {
                Order::Oldest => (0..n).rev().collect(),
                Order::Newest | Order::Relevance => (0..n).collect(),
            };
        }
        if order == Order::Relevance {
            return self.search_ranked(query).hits;
        }
        let mut set = Bitset::full(n);
        let mut phrases = Vec::new();
        for item in &query.required {
            match self.resolve(item, query, false) {
                Resolved::Nothing => return Vec::new(),
                Resolved::Word {
                    matching, dense, ..
                } => set.intersect_with(&self.word_docs(&matching, dense)),
                Resolved::Phrase { units, .. } => {
                    for &(t, _) in &units {
                        let mut docs = Bitset::empty(n);
                        self.add_docs(t, &mut docs);
                        set.intersect_with(&docs);
                    }
                    phrases.push(units);
                }
            }
            if set.is_empty() {
                return Vec::new();
            }
        }
        for units in &phrases {
            self.keep_phrase_matches(units, &mut set);
        }
        self.remove_excluded(query, &mut set);
        match order {
            Order::Oldest => set.iter_rev().collect(),
            Order::Newest | Order::Relevance => set.iter().collect(),
        }
    }

    /// The articles matching `query` best first, as a reader searching by
    /// relevance expects: first those with every word and phrase (what
    /// `Newest` gives), then those with only some of them, so a long
    /// question still finds what answers most of it. A word in more than
    /// half of the articles (`the`, `said`) only scores: it brings no
    /// article in by itself. Scores are BM25F (see `rank.rs`); ties go to
    /// the newer article.
    pub fn search_ranked(&self, query: &SearchQuery) -> RankedHits {
        let n = self.docs;
        if query.is_empty() {
            return RankedHits {
                hits: (0..n).collect(),
                complete: n as usize,
            };
        }
        let (some, every, items) = self.ranked_sets(query);
        self.rank(&some, &every, &items)
    }

    /// The articles [`SearchIndex::search_ranked`] gives, in position
    /// order and unscored (no norm is read): a partitioned index fetches
    /// their norms before ranking them.
    pub(crate) fn ranked_matches(&self, query: &SearchQuery) -> Vec<u32> {
        if query.is_empty() {
            return (0..self.docs).collect();
        }
        self.ranked_sets(query).0.iter().collect()
    }

    /// For a non-empty query: the articles to rank, those with every
    /// required item, and each item resolved with its articles.
    fn ranked_sets(&self, query: &SearchQuery) -> RankedSets<'_> {
        let n = self.docs;
        let mut every = Bitset::full(n);
        let mut some = Bitset::empty(n);
        let mut items = Vec::with_capacity(query.required.len());
        for item in &query.required {
            let resolved = self.resolve(item, query, true);
            let docs = match &resolved {
                Resolved::Nothing => Bitset::empty(n),
                Resolved::Word {
                    matching, dense, ..
                } => self.word_docs(matching, *dense),
                Resolved::Phrase { units, .. } => {
                    let mut docs = Bitset::full(n);
                    for &(t, _) in units {
                        let mut with = Bitset::empty(n);
                        self.add_docs(t, &mut with);
                        docs.intersect_with(&with);
                    }
                    self.keep_phrase_matches(units, &mut docs);
                    docs
                }
            };
            every.intersect_with(&docs);
            if matches!(resolved, Resolved::Phrase { .. }) || docs.count() <= n as usize / 2 {
                some.union_with(&docs);
            }
            items.push((resolved, docs));
        }
        // Exclusions only: every article without them.
        some.union_with(&every);
        self.remove_excluded(query, &mut some);
        every.intersect_with(&some);
        (some, every, items)
    }

    /// Positions of the matching articles, newest first (in the order the
    /// articles were given). Kept for the viewer's first API: the same as
    /// `search_with(query, Order::Newest)` as `usize`s.
    pub fn search(&self, query: &SearchQuery) -> Vec<usize> {
        self.search_with(query, Order::Newest)
            .into_iter()
            .map(|d| d as usize)
            .collect()
    }

    /// The articles with any of a word's expansions (`dense`, when given,
    /// holds those of the word and its prefix expansions).
    fn word_docs(&self, matching: &[Expansion], dense: Option<&Bitset>) -> Bitset {
        // A dense set covers the word and all its prefix expansions; typo
        // expansions are added to it.
        let mut docs = match dense {
            Some(dense) => dense.clone(),
            None => Bitset::empty(self.docs),
        };
        for e in matching {
            self.add_docs(e.term, &mut docs);
        }
        docs
    }

    /// Removes the articles with an excluded word (exactly, or any of its
    /// prefix expansions) or phrase from `set`.
    fn remove_excluded(&self, query: &SearchQuery, set: &mut Bitset) {
        for item in &query.excluded {
            match self.resolve(item, query, false) {
                Resolved::Nothing => {}
                Resolved::Word { matching, .. } => {
                    for e in matching {
                        for p in self.postings(e.term) {
                            set.remove(p.doc);
                        }
                    }
                }
                Resolved::Phrase { units, .. } => {
                    let mut candidates = set.clone();
                    for &(t, _) in &units {
                        let mut docs = Bitset::empty(self.docs);
                        self.add_docs(t, &mut docs);
                        candidates.intersect_with(&docs);
                    }
                    self.keep_phrase_matches(&units, &mut candidates);
                    set.difference_with(&candidates);
                }
            }
        }
    }

    fn add_docs(&self, term: u32, docs: &mut Bitset) {
        for p in self.postings(term) {
            docs.insert(p.doc);
        }
    }

    /// `item` resolved against the dictionary; what is scored (and the
    /// idf) only when `scoring`, else `scored` is empty.
    fn resolve<'a>(&'a self, item: &Item, query: &SearchQuery, scoring: bool) -> Resolved<'a> {
        match item {
            Item::Phrase(words) => match self.phrase_units(words) {
                Some(units) => {
                    let idf = if scoring {
                        words
                            .iter()
                            .filter_map(|w| self.dict.find(w))
                            .map(|t| idf(self.docs, self.dict.df[t as usize]))
                            .sum()
                    } else {
                        0.0
                    };
                    Resolved::Phrase { units, idf }
                }
                None => Resolved::Nothing,
            },
            Item::Word {
                term,
                prefix,
                typos,
                forms,
            } => {
                let dict = &self.dict;
                let exact = dict.find(term);
                // The word's other forms (sharing its stem in a language
                // of the articles).
                let stemmed: Vec<u32> = if *forms {
                    let mut found = self.stems.expansions(dict, term);
                    found.retain(|&t| Some(t) != exact);
                    found
                } else {
                    Vec::new()
                };
                let mut dense = None;
                let mut prefix_range = 0..0;
                let mut prefixed: Vec<u32> = Vec::new();
                if *prefix {
                    prefix_range = dict.prefix_range(term);
                    // The in-page index has sets for one- and two-letter
                    // prefixes only; a partitioned index's sub-index may
                    // carry one for any prefix (see `partitioned/`).
                    dense = self
                        .dense_prefixes
                        .binary_search_by(|(p, _)| p.as_str().cmp(term))
                        .ok()
                        .map(|i| &self.dense_prefixes[i].1);
                    // A dense set holds every expansion: unless they are
                    // scored, none needs listing.
                    if scoring || dense.is_none() {
                        prefixed.extend(
                            prefix_range.clone().filter(|&t| {
                                Some(t) != exact && stemmed.binary_search(&t).is_err()
                            }),
                        );
                    }
                }
                let typos = query.typos_for(*typos);
                let typo_terms: Vec<(u32, u8)> = if typos > 0 {
                    let typed = exact.map_or(0, |t| dict.df[t as usize]);
                    self.typo_terms(term, typos, typed)
                        .into_iter()
                        .filter(|(t, _)| {
                            Some(*t) != exact
                                && !prefix_range.contains(t)
                                && stemmed.binary_search(t).is_err()
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                if exact.is_none()
                    && prefix_range.is_empty()
                    && stemmed.is_empty()
                    && typo_terms.is_empty()
                {
                    return Resolved::Nothing;
                }
                let mut matching: Vec<Expansion> = exact
                    .map(|term| Expansion {
                        term,
                        weight: EXACT_WEIGHT,
                    })
                    .into_iter()
                    .chain(stemmed.iter().map(|&term| Expansion {
                        term,
                        weight: STEM_WEIGHT,
                    }))
                    .chain(typo_terms.iter().map(|&(term, d)| Expansion {
                        term,
                        weight: if d == 1 { TYPO_1_WEIGHT } else { TYPO_2_WEIGHT },
                    }))
                    .collect();
                let mut scored: Vec<Expansion> = if scoring {
                    matching
                        .iter()
                        .map(|e| Expansion {
                            term: e.term,
                            weight: e.weight,
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                if dense.is_none() {
                    matching.extend(prefixed.iter().map(|&term| Expansion {
                        term,
                        weight: PREFIX_WEIGHT,
                    }));
                } else if exact.is_some() {
                    // The dense set holds the exact word's articles too.
                    matching.remove(0);
                }
                if !scoring {
                    return Resolved::Word {
                        matching,
                        dense,
                        scored,
                        idf: 0.0,
                    };
                }
                let df = match exact {
                    Some(t) => dict.df[t as usize],
                    None => prefixed
                        .iter()
                        .copied()
                        .chain(stemmed.iter().copied())
                        .chain(typo_terms.iter().map(|&(t, _)| t))
                        .map(|t| dict.df[t as usize])
                        .max()
                        .unwrap_or(self.docs),
                };
                let cap = if term.chars().nth(2).is_none() {
                    SHORT_PREFIX_SCORE_CAP
                } else {
                    PREFIX_SCORE_CAP
                };
                // A total order (most frequent, then first in the
                // dictionary), applied even when nothing is cut, so the
                // scored terms and the order their scores are summed in do
                // not depend on which other terms the dictionary holds: a
                // partitioned index's sub-index ranks bit for bit alike.
                // One integer per term (frequency inverted, then id), so
                // this shares the page's one integer sort.
                let mut keys: Vec<u64> = prefixed
                    .iter()
                    .map(|&t| u64::from(u32::MAX - dict.df[t as usize]) << 32 | u64::from(t))
                    .collect();
                if keys.len() > cap {
                    keys.select_nth_unstable(cap);
                    keys.truncate(cap);
                }
                crate::sort::sort_keys(&mut keys);
                scored.extend(keys.into_iter().map(|k| Expansion {
                    term: k as u32,
                    weight: PREFIX_WEIGHT,
                }));
                Resolved::Word {
                    matching,
                    dense,
                    scored,
                    idf: idf(self.docs, df),
                }
            }
        }
    }

    /// Terms within `max` edits of `word` (other than itself) in more
    /// articles than `typed` (the word's own df: a near spelling counts
    /// only where it is likelier to be what was meant than the word as
    /// typed, so `court` does not bring in `count`, while `goverment`
    /// still finds `government`), fewest edits then most frequent first,
    /// at most `TYPO_CAP`. One edit: only the
    /// terms that start or end like the word can be in reach (see
    /// [`SearchIndex::one_edit_candidates`]); two: the length buckets
    /// within reach. Character signatures and bags are checked before
    /// computing a distance.
    pub(crate) fn typo_terms(&self, word: &str, max: u8, typed: u32) -> Vec<(u32, u8)> {
        let dict = &self.dict;
        let mut check = TypoCheck::new(word, max);
        let mut found = Vec::new();
        let mut check_term = |t: u32| {
            // A pair (two words, see `word_pairs.rs`) is never a typo.
            if is_word_pair(dict.term(t)) || dict.df[t as usize] <= typed {
                return;
            }
            if let Some(d) = check.distance_after_signature(dict, t) {
                found.push((t, d));
            }
        };
        let sig = signature(word);
        match self.one_edit_candidates(word, max) {
            Some((starting, ending)) => {
                let first = starting.start as usize;
                let sigs = &dict.sig[starting.start as usize..starting.end as usize];
                signature_matches(
                    sigs.len(),
                    |i| sigs[i],
                    sig,
                    max,
                    |i| {
                        check_term((first + i) as u32);
                    },
                );
                let ids = &dict.by_suffix[ending];
                signature_matches(
                    ids.len(),
                    |i| dict.sig[ids[i] as usize],
                    sig,
                    max,
                    |i| {
                        // Those starting like the word were checked above.
                        if !starting.contains(&ids[i]) {
                            check_term(ids[i]);
                        }
                    },
                );
            }
            None => {
                let len = word.chars().count();
                let lo = len.saturating_sub(usize::from(max)).min(MAX_LEN_BUCKET);
                let hi = (len + usize::from(max)).min(MAX_LEN_BUCKET);
                let at = dict.len_at[lo] as usize..dict.len_at[hi + 1] as usize;
                let (ids, sigs) = (&dict.by_len[at.clone()], &dict.len_sig[at]);
                signature_matches(ids.len(), |i| sigs[i], sig, max, |i| check_term(ids[i]));
            }
        }
        crate::sort::sort_by_key(&mut found, |&(t, d)| {
            (d, std::cmp::Reverse(dict.df[t as usize]), t)
        });
        found.truncate(TYPO_CAP);
        found
    }

    /// For one edit: the terms starting with `word[..p]` (a range of ids)
    /// and those ending with `word[p + 1..]` (a range of `by_suffix`), for
    /// the `p` that gives the fewest. Every term one edit from `word` is in
    /// one of them: an edit at or after character `p` (a substitution,
    /// deletion or insertion there, or a swap of `p` and `p + 1`) leaves
    /// `word[..p]` in front; one before it (a swap of `p - 1` and `p`
    /// included) leaves `word[p + 1..]` at the end. `None` where a length
    /// scan serves better (two edits, words under three characters).
    fn one_edit_candidates(&self, word: &str, max: u8) -> Option<(Range<u32>, Range<usize>)> {
        let dict = &self.dict;
        if max != 1 || dict.by_suffix.len() != dict.len() {
            return None;
        }
        let at: Vec<usize> = word
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(word.len()))
            .collect();
        let n = at.len() - 1;
        if n < 3 {
            return None;
        }
        // The middle split is nearly always best; its neighbours are
        // tried too (a common start or ending gives a long range).
        let mid = (n - 1) / 2;
        (mid.saturating_sub(1)..=(mid + 1).min(n - 1))
            .map(|p| {
                let starting = dict.prefix_range(&word[..at[p]]);
                let ending = dict.suffix_range(&word[at[p + 1]..]);
                (starting, ending)
            })
            .min_by_key(|(starting, ending)| starting.len() + ending.len())
    }

    /// `some` best first, those in `every` before the rest.
    fn rank(&self, some: &Bitset, every: &Bitset, items: &[(Resolved<'_>, Bitset)]) -> RankedHits {
        let mut scores = vec![0f32; self.docs as usize];
        for (resolved, docs) in items {
            match resolved {
                Resolved::Word { scored, idf, .. } => {
                    for e in scored {
                        for p in self.postings(e.term) {
                            if some.contains(p.doc) {
                                scores[p.doc as usize] +=
                                    e.weight * idf * bm25_tf(self.norms.get(p.doc), p);
                            }
                        }
                    }
                }
                // A phrase scores as one term, by how often it occurs.
                Resolved::Phrase { units, idf } => {
                    let mut scored = docs.clone();
                    scored.intersect_with(some);
                    self.phrase_postings(units, &scored, |p| {
                        scores[p.doc as usize] += idf * bm25_tf(self.norms.get(p.doc), p);
                    });
                }
                Resolved::Nothing => {}
            }
        }
        // Scores are never negative, so their bits (at most 0x7F7F_FFFF)
        // order like the scores: one integer sort gives the articles with
        // every word first, then best score first, then lower position.
        let mut hits: Vec<u64> = some
            .iter()
            .map(|d| {
                let partial = u64::from(!every.contains(d)) << 63;
                partial | u64::from(0x7FFF_FFFF - scores[d as usize].to_bits()) << 32 | u64::from(d)
            })
            .collect();
        crate::sort::sort_keys(&mut hits);
        RankedHits {
            complete: every.count(),
            hits: hits.into_iter().map(|k| k as u32).collect(),
        }
    }
}

/// Calls `hit(i)` for each `i` in `0..len` whose signature `sig_at(i)`
/// allows `max` edits from `word_sig`. Most terms fail, so the test runs
/// without branches 64 terms at a time, into a mask whose set bits are
/// then visited.
#[inline(always)]
fn signature_matches(
    len: usize,
    sig_at: impl Fn(usize) -> u32,
    word_sig: u32,
    max: u8,
    mut hit: impl FnMut(usize),
) {
    let mut base = 0;
    while base < len {
        let end = (base + 64).min(len);
        let mut mask = 0u64;
        for i in base..end {
            mask |= u64::from(signature_allows(word_sig, sig_at(i), max)) << (i - base);
        }
        while mask != 0 {
            hit(base + mask.trailing_zeros() as usize);
            mask &= mask - 1;
        }
        base = end;
    }
}

/// A query word's checks against one term after another, with scratch
/// space reused from term to term.
struct TypoCheck {
    chars: Vec<char>,
    max: u8,
    bag: CharBag,
    edits: Distance,
    other: Vec<char>,
}

impl TypoCheck {
    fn new(word: &str, max: u8) -> Self {
        let chars: Vec<char> = word.chars().collect();
        TypoCheck {
            max,
            bag: CharBag::new(&chars),
            chars,
            edits: Distance::default(),
            other: Vec::new(),
        }
    }

    /// Term `t`'s distance from the word if it is 1 to `max` edits, once
    /// its signature allowed it (see [`signature_matches`]): by its length,
    /// its characters as a bag, then the distance itself.
    #[inline(never)]
    fn distance_after_signature(&mut self, dict: &Dictionary, t: u32) -> Option<u8> {
        // A term has at most as many characters as bytes.
        if dict.byte_len(t) + usize::from(self.max) < self.chars.len() {
            return None;
        }
        self.other.clear();
        self.other.extend(dict.term(t).chars());
        if !self.bag.allows(&self.other, self.max) {
            return None;
        }
        self.edits
            .within(&self.chars, &self.other, self.max)
            .filter(|&d| d > 0)
    }
}
