//! `use_results`: what the list shows for its view (query, order, dates,
//! sources): the matches, memoised per query and order, narrowed by the
//! filters, and the counts the timeline and the source facet show. The
//! only work per keystroke is the index lookup and the filters over its
//! hits; cards render lazily, and the timeline and facet counts follow one
//! painted frame later (`use_deferred`).

use super::{use_archive_search, use_deferred, use_search_index, IndexState};
use crate::library::Library;
use crate::route::ListView;
use broadsheet_core::clusters::Stories;
use broadsheet_core::search::tokenize::word_segmenter;
use broadsheet_core::{Order, SearchQuery};
use chrono::NaiveDate;
use std::rc::Rc;
use yew::prelude::*;

/// The list's results, as the list page renders them.
#[derive(Clone, Debug, PartialEq)]
pub struct Results {
    /// The query as typed, parsed.
    pub query: Rc<SearchQuery>,
    /// The order shown: relevance needs a query, so without one it is
    /// newest first.
    pub order: Order,
    /// The articles shown (positions in the library), in order, after the
    /// filters; when nothing narrows, the matches themselves.
    pub positions: Rc<Vec<u32>>,
    /// The query the cards answer and highlight: while an archive query's
    /// parts arrive, the previous one (re-rendering the cards for a query
    /// they do not answer would only delay the search).
    pub shown_query: Rc<SearchQuery>,
    /// The query text the cards answer once they answer the one typed,
    /// else empty (`data-query`, read by tests and benchmarks).
    pub answered_text: String,
    /// In relevance order, when some results have only some of the words:
    /// how many of `positions` (the first) have every word.
    pub every_word: Option<usize>,
    /// With one card per story: how many articles the stories shown
    /// stand for (`positions` counts stories then).
    pub articles_in_stories: Option<usize>,
    /// Whether `positions` answer the query typed (always, without one);
    /// while they do not, an article page shows no previous and next.
    pub answers_query: bool,
    /// Results per source within the date range and chosen languages,
    /// whatever the source filter (as the library's `sources`) ...
    pub source_counts: Rc<Vec<u32>>,
    /// ... and per language within the date range and chosen sources.
    pub language_counts: Rc<Vec<u32>>,
    /// The publication day of each result of the query and sources, before
    /// the date range (which the timeline shows as a selection).
    pub timeline_days: Rc<Vec<NaiveDate>>,
    /// The queries the timeline compares with this one, each with its
    /// results' days (the same sources and languages); empty until the
    /// index is ready, and for an archive.
    pub compared: Rc<Vec<Series>>,
    pub status: SearchStatus,
}

/// One compared query's results over time.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// The query as typed.
    pub query: String,
    /// Its results' publication days.
    pub days: Rc<Vec<NaiveDate>>,
}

/// The facets' counts, deferred together.
#[derive(Clone, Debug, PartialEq)]
struct FacetCounts {
    sources: Rc<Vec<u32>>,
    languages: Rc<Vec<u32>>,
}

/// Whether the positions answer the query yet, for the count line.
#[derive(Clone, Debug, PartialEq)]
pub enum SearchStatus {
    /// The positions are the results (or every article, with no query).
    Done,
    /// The set is still downloading: the list shows the articles so far,
    /// newest first, and search waits for the rest.
    Arriving(crate::library::Arrival),
    /// The in-page index is being built: the list shows every article
    /// newest first meanwhile.
    Indexing { indexed: usize, total: usize },
    /// An archive query's index parts are on their way (parts and bytes so
    /// far, once any arrived); the previous results stay meanwhile.
    Searching(Option<(usize, u64)>),
    /// The positions are the query's newest results (every one among the
    /// archive's newest articles); the parts for the rest, and their
    /// count, are on their way (parts and bytes so far).
    Counting(Option<(usize, u64)>),
    /// An archive query could not be answered (the message names the file).
    Failed(String),
    /// A source or language filter is chosen, and the archive's files that
    /// say each article's are still on their way: nothing is shown until
    /// they are here (rather than articles the filter would drop).
    LoadingFacets,
}

#[hook]
pub fn use_results(library: Rc<Library>, view: &ListView, stories: Rc<Stories>) -> Results {
    let index = use_search_index(library.clone());
    // Parsed again once the word segmenter is installed (Chinese, Thai, …
    // are then cut into words, as the index that comes with it).
    let segmenting = word_segmenter().is_some();
    let query = use_memo((view.query.clone(), segmenting), |(text, _)| {
        SearchQuery::parse(text)
    });
    let order = view.effective_order(query.is_empty());
    // Until the index is built, the list shows every article newest first
    // and `for_query` stays false.
    // A sharded archive searches its prebuilt index, fetching the parts a
    // query needs; until they are here the previous results stay.
    let text = view.query.clone();
    let archive_search = use_archive_search(library.clone(), text.clone(), query.clone(), order);
    let archive = library.archive().is_some();
    // (An archive has no in-page index: its empty one becoming ready must
    // not recompute the hits.)
    let index_key = (!archive).then(|| index.clone());
    let results = use_memo(
        (
            query.clone(),
            order,
            index_key,
            library.clone(),
            archive_search.done.clone(),
            text,
        ),
        move |(query, order, index, library, done, text)| {
            // (hits, whether they answer the query, how many of the first
            // have every word)
            let all = |order| {
                let hits = Rc::new(all_positions(library.len(), order));
                let n = hits.len();
                (hits, n)
            };
            if library.archive().is_some() && !query.is_empty() {
                return match done {
                    Some((t, o, hits, every)) => (hits.clone(), t == text && o == order, *every),
                    None => {
                        let (hits, n) = all(Order::Newest);
                        (hits, false, n)
                    }
                };
            }
            match index {
                _ if query.is_empty() => {
                    let (hits, n) = all(*order);
                    (hits, true, n)
                }
                Some(IndexState::Ready(index)) if *order == Order::Relevance => {
                    let ranked = index.search_ranked(query);
                    (Rc::new(ranked.hits), true, ranked.complete)
                }
                Some(IndexState::Ready(index)) => {
                    let hits = Rc::new(index.search_with(query, *order));
                    let n = hits.len();
                    (hits, true, n)
                }
                _ => {
                    let (hits, n) = all(Order::Newest);
                    (hits, false, n)
                }
            }
        },
    );
    let (hits, for_query, every_word_hits) = (results.0.clone(), results.1, results.2);
    // While an archive query's parts arrive, the cards keep the highlights
    // of the results they show.
    let shown_text = match &archive_search.done {
        Some((text, _, _, _)) if archive && !for_query => Some(text.clone()),
        _ => None,
    };
    let shown_parsed = use_memo((shown_text, segmenting), |(text, _)| {
        text.as_deref().map(|t| Rc::new(SearchQuery::parse(t)))
    });
    let shown_query = (*shown_parsed).clone().unwrap_or_else(|| query.clone());
    // Filters narrow the hits; the facet counts follow query and dates.
    let filter_key = (
        view.from,
        view.to,
        view.sources.clone(),
        view.languages.clone(),
    );
    let filtered = use_memo(
        (hits.clone(), filter_key, library.clone()),
        |(hits, _, library)| {
            let f = library.filter(hits, view);
            let counts = FacetCounts {
                sources: Rc::new(f.source_counts),
                languages: Rc::new(f.language_counts),
            };
            (f.kept, counts)
        },
    );
    // The timeline counts the results of the query and sources, before the
    // date range (which it shows as a selection). It and the facet counts
    // follow the cards' frame, together (one render, not one each),
    // keeping them off the keystroke path. Deferred with their library:
    // when opened files replace it, hits of the old one must never index
    // the new one.
    let (deferred_hits, deferred_counts, deferred_of) =
        use_deferred((hits.clone(), filtered.1.clone(), library.clone()));
    let timeline_days = use_memo(
        (
            deferred_hits,
            deferred_of.clone(),
            view.sources.clone(),
            view.languages.clone(),
        ),
        |(hits, library, sources, languages)| {
            let view = ListView {
                sources: sources.clone(),
                languages: languages.clone(),
                ..Default::default()
            };
            let kept = library.filter(hits, &view).kept;
            // Every article, in whatever order: their days are the
            // library's own list (the timeline counts, order aside), not a
            // copy (40 MB at 10 million articles).
            if kept.len() == library.len() && library.day_of.len() == library.len() {
                return library.day_of.clone();
            }
            Rc::new(
                kept.iter()
                    .filter_map(|&p| library.day_of.get(p as usize).copied())
                    .collect::<Vec<_>>(),
            )
        },
    );
    // The compared queries, searched in the same index, narrowed by the
    // same sources and languages (the date range is the timeline's own
    // selection, as for the active query).
    let compared = use_memo(
        (
            (!archive).then(|| index.clone()),
            view.compare.clone(),
            view.sources.clone(),
            view.languages.clone(),
            library.clone(),
            segmenting,
        ),
        |(index, compare, sources, languages, library, _)| {
            let Some(IndexState::Ready(index)) = index else {
                return Rc::new(Vec::new());
            };
            let narrow = ListView {
                sources: sources.clone(),
                languages: languages.clone(),
                ..Default::default()
            };
            Rc::new(
                compare
                    .iter()
                    .map(|text| {
                        let hits =
                            Rc::new(index.search_with(&SearchQuery::parse(text), Order::Newest));
                        let kept = library.filter(&hits, &narrow).kept;
                        let days = kept
                            .iter()
                            .filter_map(|&p| library.day_of.get(p as usize).copied())
                            .collect();
                        Series {
                            query: text.clone(),
                            days: Rc::new(days),
                        }
                    })
                    .collect::<Vec<_>>(),
            )
        },
    );
    // When nothing narrows, `filter` hands back `hits` itself.
    let facets_wait =
        library.facets_pending && !(view.sources.is_empty() && view.languages.is_empty());
    // One card per story: the filtered list, each story's copies after
    // the one it keeps left out (facets and timeline still count articles).
    let collapsed = use_memo(
        (filtered.0.clone(), stories, view.one_per_story),
        |(kept, stories, on)| (*on && !stories.is_empty()).then(|| Rc::new(stories.collapse(kept))),
    );
    let positions = if facets_wait {
        Rc::new(Vec::new())
    } else {
        (*collapsed).clone().unwrap_or_else(|| filtered.0.clone())
    };
    // In relevance order, how many of the shown have every word (they come
    // first), when some do not.
    let every_word = use_memo(
        (
            hits.clone(),
            every_word_hits,
            filtered.0.clone(),
            library.clone(),
        ),
        |(hits, every, kept, library)| {
            if *every >= hits.len() {
                return None;
            }
            if Rc::ptr_eq(hits, kept) {
                return Some(*every);
            }
            let first = Rc::new(hits[..*every].to_vec());
            Some(library.filter(&first, view).kept.len())
        },
    );
    let facet_counts = if Rc::ptr_eq(&deferred_of, &library) {
        deferred_counts
    } else {
        filtered.1.clone()
    };
    let status = match (&index, for_query, library.arriving) {
        (_, _, Some(arrival)) => SearchStatus::Arriving(arrival),
        _ if facets_wait => SearchStatus::LoadingFacets,
        _ if archive && archive_search.failed.is_some() => {
            SearchStatus::Failed(archive_search.failed.clone().unwrap_or_default())
        }
        _ if archive && !for_query => SearchStatus::Searching(archive_search.fetching),
        _ if archive && archive_search.counting => SearchStatus::Counting(archive_search.fetching),
        (IndexState::Building { indexed, total }, false, _) => SearchStatus::Indexing {
            indexed: *indexed,
            total: *total,
        },
        _ => SearchStatus::Done,
    };
    Results {
        query,
        order,
        positions,
        shown_query,
        answered_text: if for_query {
            view.query.clone()
        } else {
            String::new()
        },
        answers_query: for_query,
        articles_in_stories: collapsed.as_ref().as_ref().map(|_| filtered.0.len()),
        // Which of the stories shown have every word is not counted.
        every_word: if collapsed.is_some() {
            None
        } else {
            *every_word
        },
        source_counts: facet_counts.sources,
        language_counts: facet_counts.languages,
        timeline_days: (*timeline_days).clone(),
        compared: (*compared).clone(),
        status,
    }
}

/// Every article, in `order` (articles are held newest first).
fn all_positions(n: usize, order: Order) -> Vec<u32> {
    match order {
        Order::Oldest => (0..n as u32).rev().collect(),
        _ => (0..n as u32).collect(),
    }
}
