//! The query planner: which terms, prefix sets and parts a query needs,
//! found by looking its words up in the loaded dictionary blocks, lexicon
//! parts and prefix sets. A plan that still needs parts says which; one
//! that needs none is what the sub-index is assembled from.

use super::decode::{DictEntry, PartData};
use super::engine::PartitionedIndex;
use super::format::{PartKind, StreamLoc};
use super::lexicon;
use crate::search::exec::{Order, PREFIX_SCORE_CAP, SHORT_PREFIX_SCORE_CAP, TYPO_CAP};
use crate::search::index::stem_hash;
use crate::search::language::{Language, Stemmer};
use crate::search::query::{Item, SearchQuery};
use crate::search::typo::{signature, signature_allows, Distance};
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

/// What a plan wants of one term: its df, how much of its postings, and
/// where its streams are (once its dictionary block is loaded).
#[derive(Default)]
pub(super) struct Want {
    pub(super) df: u32,
    pub(super) level: Option<Level>,
    pub(super) loc: Option<[StreamLoc; 3]>,
}

/// The plan of one query: the terms and sets it needs, and the parts
/// missing for them.
#[derive(Default)]
pub(super) struct Plan {
    pub(super) terms: BTreeMap<String, Want>,
    /// Per prefix with a prefix set, the set's part.
    pub(super) dense: BTreeMap<String, usize>,
    pub(super) need: BTreeSet<usize>,
    /// A required item certainly matches nothing.
    pub(super) empty: bool,
    /// The terms sharing a stem with a query word, each with a language
    /// it has that stem in (for the sub-index's stem table).
    pub(super) stems: BTreeSet<(Language, String)>,
}

impl Plan {
    fn want(&mut self, term: &str, df: u32, level: Level, loc: Option<[StreamLoc; 3]>) {
        let w = self.terms.entry(term.to_owned()).or_default();
        w.df = df;
        if w.level.is_none_or(|l| l < level) {
            w.level = Some(level);
        }
        if loc.is_some() {
            w.loc = loc;
        }
    }
}

/// A dictionary lookup: found, absent, or its block is not loaded.
enum Found<'a> {
    Entry(&'a DictEntry),
    Absent,
    Missing(usize),
}

impl PartitionedIndex {
    /// Looks `term` up in the dictionary block that would hold it.
    fn lookup(&self, term: &str) -> Found<'_> {
        let Some(b) = self.root.block_of(term) else {
            return Found::Absent;
        };
        let part = self.root.first(PartKind::DictBlock) + b;
        match self.get(part) {
            Some(PartData::Dict(entries)) => {
                match entries.binary_search_by(|e| e.term.as_str().cmp(term)) {
                    Ok(i) => Found::Entry(&entries[i]),
                    Err(_) => Found::Absent,
                }
            }
            _ => Found::Missing(part),
        }
    }

    /// Looks `term` up; wants it at `level` if present. Returns whether it
    /// is present (`None`: its block is missing).
    fn want_word(&self, plan: &mut Plan, term: &str, level: Level) -> Option<bool> {
        match self.lookup(term) {
            Found::Entry(e) => {
                plan.want(term, e.df, level, Some(e.loc));
                Some(true)
            }
            Found::Absent => Some(false),
            Found::Missing(p) => {
                plan.need.insert(p);
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
                        let mut present = Some(true);
                        for w in words {
                            match self.lookup(w) {
                                Found::Entry(_) => {}
                                Found::Absent => present = Some(false),
                                Found::Missing(p) => {
                                    plan.need.insert(p);
                                    present = present.and(None);
                                }
                            }
                        }
                        match present {
                            Some(true) => {
                                for w in words {
                                    self.want_word(&mut plan, w, Level::Pos);
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
        let cap = if term.chars().nth(2).is_none() {
            SHORT_PREFIX_SCORE_CAP
        } else {
            PREFIX_SCORE_CAP
        };
        let set = prefix
            .then(|| {
                self.root
                    .prefixes
                    .binary_search_by(|p| p.as_str().cmp(term))
                    .ok()
            })
            .flatten()
            .map(|i| self.root.first(PartKind::PrefixSet) + i);
        // The word itself: with a prefix set only scored, not matched.
        let exact_level = if set.is_some() && !rank {
            Level::Df
        } else {
            scored
        };
        let exact = self.want_word(plan, term, exact_level);
        let mut any = exact == Some(true);
        // Its other forms; `None` while parts are missing for them.
        let other_forms = if forms {
            self.plan_forms(plan, term, scored, set.is_some() && !rank)
        } else {
            Some(BTreeSet::new())
        };
        any |= other_forms.as_ref().is_none_or(|f| !f.is_empty());
        let other_form = |w: &str| other_forms.as_ref().is_some_and(|f| f.contains(w));
        if let Some(part) = set {
            match self.get(part) {
                Some(PartData::Prefix(s)) => {
                    any = true;
                    plan.dense.insert(term.to_owned(), part);
                    let mut scored_words = 0;
                    for (w, df) in &s.top {
                        plan.want(w, *df, Level::Df, None);
                        if rank && w != term && !other_form(w) && scored_words < cap {
                            scored_words += 1;
                            self.want_word(plan, w, Level::Tf);
                        }
                    }
                }
                _ => {
                    plan.need.insert(part);
                    any = true;
                }
            }
        } else if prefix {
            let mut in_range: Vec<(u32, &str)> = Vec::new();
            let mut b = self.root.block_of(term).unwrap_or(0);
            while b < self.root.dict_first.len()
                && (b == self.root.block_of(term).unwrap_or(0)
                    || self.root.dict_first[b].starts_with(term))
            {
                let part = self.root.first(PartKind::DictBlock) + b;
                match self.get(part) {
                    Some(PartData::Dict(entries)) => {
                        let from = entries.partition_point(|e| e.term.as_str() < term);
                        for e in entries[from..]
                            .iter()
                            .take_while(|e| e.term.starts_with(term))
                        {
                            plan.want(&e.term, e.df, Level::Docs, Some(e.loc));
                            if e.term != term && !other_form(&e.term) {
                                in_range.push((e.df, &e.term));
                            }
                        }
                    }
                    _ => {
                        plan.need.insert(part);
                        any = true;
                    }
                }
                b += 1;
            }
            any |= !in_range.is_empty();
            if rank {
                crate::sort::sort_by_key(&mut in_range, |&(df, w)| (std::cmp::Reverse(df), w));
                for &(df, w) in in_range.iter().take(cap) {
                    let loc = plan.terms.get(w).and_then(|x| x.loc);
                    plan.want(w, df, Level::Tf, loc);
                }
            }
        }
        if max > 0 {
            let chars: Vec<char> = term.chars().collect();
            let sig = signature(term);
            let mut complete = true;
            let mut found: Vec<(u8, std::cmp::Reverse<u32>, &str)> = Vec::new();
            let mut distance = Distance::default();
            let mut other = Vec::new();
            for cell in lexicon::cells_within(&chars, max) {
                for part in self.root.lexicon[cell].clone() {
                    match self.get(part) {
                        Some(PartData::Lexicon(entries)) => {
                            for e in entries {
                                if !signature_allows(sig, e.sig, max) {
                                    continue;
                                }
                                other.clear();
                                other.extend(e.term.chars());
                                if let Some(d) = distance.within(&chars, &other, max) {
                                    if d > 0 {
                                        found.push((d, std::cmp::Reverse(e.df), &e.term));
                                    }
                                }
                            }
                        }
                        _ => {
                            plan.need.insert(part);
                            complete = false;
                        }
                    }
                }
            }
            if complete {
                crate::sort::sort(&mut found);
                // A term may be in several of the cells read.
                found.dedup();
                found.truncate(TYPO_CAP);
                for &(_, _, w) in &found {
                    any |= self.want_word(plan, w, scored) != Some(false);
                }
            } else {
                any = true;
            }
        }
        if !any && exact.is_some() {
            plan.empty = true;
        }
    }

    /// Wants the terms sharing `term`'s stem in each language of the
    /// archive (at `scored`, or only their df for those a prefix set
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
        for (i, &(lang, _)) in self.root.stem_langs.iter().enumerate() {
            let stemmer = Stemmer::new(lang);
            let stem = stemmer.stem(term);
            let hash = stem_hash(&stem);
            let Some(part) = self.root.stem_part(i, hash) else {
                continue;
            };
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
        complete.then_some(found)
    }
}
