//! `use_archive_search`: a query over a sharded archive's prebuilt,
//! partitioned index. The index's root is fetched as soon as the archive's
//! first cards are painted (as a search engine's start-up would), so the first query starts
//! with its parts; each query then fetches only the parts it needs (in parallel, round
//! after round until the engine has all it asks for), which stay loaded
//! (up to a budget) for the next queries. Same engine, same results as the
//! in-page index: `PartitionedIndex` runs core's query code over the parts.

use crate::hooks::use_deferred::AfterPaint;
use crate::library::Library;
use crate::remote_archive::RemoteArchive;
use crate::word_segmenter;
use broadsheet_core::archive::ArchiveFileKind;
use broadsheet_core::search::tokenize::{install_word_segmenter, word_segmenter};
use broadsheet_core::search::{FirstLookup, Lookup, PartitionedIndex};
use broadsheet_core::{Order, SearchQuery};
use std::rc::Rc;
use yew::prelude::*;

/// Index parts kept loaded between queries.
const KEPT_INDEX_BYTES: usize = 96 << 20;

/// Newest first, a common word's newest articles come first (the first
/// part of its long doc streams: `PartitionedIndex::search_first`): when
/// they hold at least this many results (a few screens of cards), those
/// are shown while the rest are counted.
const FIRST_RESULTS: usize = 50;

/// What the list shows for the current query.
#[derive(Clone, Debug, PartialEq)]
pub struct ArchiveResults {
    /// The query text and order these hits answer (the last one done),
    /// the hits, and how many of them (the first) have every word (fewer
    /// than all only in relevance order).
    pub done: Option<(String, Order, Rc<Vec<u32>>, usize)>,
    /// `done` holds only the newest results (every one among the newest
    /// articles) while the parts for the rest, and their count, arrive.
    pub counting: bool,
    /// Parts fetched so far for the query under way, and its bytes.
    pub fetching: Option<(usize, u64)>,
    /// Why the last query could not be answered (names the file).
    pub failed: Option<String>,
}

/// Runs `query` in `order` over `library`'s archive whenever they change
/// (nothing for a library that is not an archive, or an empty query).
#[hook]
pub fn use_archive_search(
    library: Rc<Library>,
    text: String,
    query: Rc<SearchQuery>,
    order: Order,
) -> ArchiveResults {
    let state = use_state(|| ArchiveResults {
        done: None,
        counting: false,
        fetching: None,
        failed: None,
    });
    use_effect_with(library.clone(), move |library| {
        // Once the first cards are painted: the root's download and
        // checks would otherwise land in the frame that shows them.
        // (The index stays with the archive: a library made anew over it,
        // its facets arrived, finds the root and parts already here.)
        let pending = library.archive().cloned().map(|archive| {
            AfterPaint::new(move || {
                // A failure here is the first query's to report.
                wasm_bindgen_futures::spawn_local(async move {
                    let _ = load_root(&archive).await;
                });
            })
        });
        move || drop(pending)
    });
    {
        let state = state.clone();
        use_effect_with((text, order, library), move |(text, order, library)| {
            let Some(archive) = library.archive().cloned() else {
                return;
            };
            let generation = archive.search.generation.get() + 1;
            archive.search.generation.set(generation);
            if !query.is_empty() {
                let (text, order) = (text.clone(), *order);
                wasm_bindgen_futures::spawn_local(async move {
                    let progress = {
                        let (state, archive) = (state.clone(), archive.clone());
                        move |parts, bytes| {
                            if archive.search.generation.get() == generation {
                                state.set(ArchiveResults {
                                    fetching: Some((parts, bytes)),
                                    ..(*state).clone()
                                });
                            }
                        }
                    };
                    // An archive whose index cut Chinese, Thai, … into
                    // words: such a query is cut by the same segmenter,
                    // loaded the first time (per character if it fails).
                    let mut query = query;
                    if archive.manifest.dictionary_words
                        && word_segmenter().is_none()
                        && word_segmenter::has_unspaced_text(&text)
                    {
                        match word_segmenter::load().await {
                            Ok(segmenter) => {
                                install_word_segmenter(segmenter);
                                query = Rc::new(SearchQuery::parse(&text));
                            }
                            Err(why) => crate::perf::note(&format!(
                                "Broadsheet cuts this query per character: {why}"
                            )),
                        }
                    }
                    let first = {
                        let (state, archive, text) = (state.clone(), archive.clone(), text.clone());
                        move |hits: Vec<u32>| {
                            if archive.search.generation.get() == generation {
                                let n = hits.len();
                                state.set(ArchiveResults {
                                    done: Some((text.clone(), order, Rc::new(hits), n)),
                                    counting: true,
                                    ..(*state).clone()
                                });
                            }
                        }
                    };
                    let outcome = search(&archive, &query, order, progress, first).await;
                    if archive.search.generation.get() != generation {
                        return; // a newer query took over
                    }
                    crate::perf::mark(crate::js::Mark::Searched);
                    state.set(match outcome {
                        Ok((hits, every_word)) => ArchiveResults {
                            done: Some((text, order, Rc::new(hits), every_word)),
                            counting: false,
                            fetching: None,
                            failed: None,
                        },
                        Err(why) => ArchiveResults {
                            counting: false,
                            fetching: None,
                            failed: Some(why),
                            ..(*state).clone()
                        },
                    });
                });
            }
        });
    }
    (*state).clone()
}

/// Fetches and checks the index's root, unless it is here already.
async fn load_root(archive: &RemoteArchive) -> Result<(), String> {
    let index = &archive.search;
    if index.index.borrow().is_some() {
        return Ok(());
    }
    let segments = &archive.manifest.segments;
    let mut refs = Vec::with_capacity(segments.len());
    for segment in segments {
        refs.push(
            segment
                .index
                .as_ref()
                .ok_or("this archive was written without a search index")?,
        );
    }
    // Every segment's root, fetched together.
    let fetched = futures::future::join_all(
        refs.iter()
            .map(|r| archive.fetch(ArchiveFileKind::Index, &r.hash)),
    )
    .await;
    let mut roots = Vec::with_capacity(refs.len());
    for (r, (segment, bytes)) in refs.iter().zip(segments.iter().zip(fetched)) {
        let bytes = bytes?;
        let path = ArchiveFileKind::Index.path(&r.hash);
        let one = PartitionedIndex::from_root(&bytes).map_err(|e| format!("{path}: {e}"))?;
        // An index written for another version of the archive would answer
        // with positions that are not this archive's articles.
        if one.articles() != segment.articles {
            return Err(format!(
                "{path} indexes {} articles, but the manifest's segment has {}: the index belongs to another version of the archive (write the archive again)",
                one.articles(),
                segment.articles
            ));
        }
        roots.push(bytes);
    }
    let roots: Vec<&[u8]> = roots.iter().map(Vec::as_slice).collect();
    let root = PartitionedIndex::from_segments(&roots).map_err(|e| format!("search index: {e}"))?;
    if root.articles() != archive.manifest.articles {
        return Err(format!(
            "the search index has {} articles, the archive {}",
            root.articles(),
            archive.manifest.articles
        ));
    }
    // The prefetch and a first query may both have fetched it: the first
    // one here stays, with the parts it may have gathered since.
    index.index.borrow_mut().get_or_insert(root);
    Ok(())
}

/// Runs `query` over the archive's index, fetching the parts it needs
/// round by round (`progress` after each); `first` gets the newest
/// results when they come before the rest (see [`FIRST_RESULTS`]).
async fn search(
    archive: &RemoteArchive,
    query: &SearchQuery,
    order: Order,
    progress: impl Fn(usize, u64),
    first: impl Fn(Vec<u32>),
) -> Result<(Vec<u32>, usize), String> {
    load_root(archive).await?;
    let index = &archive.search;
    let (mut parts_done, mut bytes_done) = (0usize, 0u64);
    let mut first_shown = false;
    loop {
        let lookup = {
            let mut guard = index.index.borrow_mut();
            let engine = guard.as_mut().expect("loaded above");
            if first_shown {
                engine.search(query, order).into()
            } else {
                engine.search_first(query, order, FIRST_RESULTS)
            }
        };
        let needed = match lookup {
            FirstLookup::First { mut hits, .. } => {
                hits.retain(|&p| p < archive.manifest.articles);
                first(hits);
                first_shown = true;
                // The first results are painted before the rest is asked
                // for (its fetches and their checks would delay them).
                crate::hooks::painted().await;
                continue;
            }
            FirstLookup::Done(mut hits) => {
                let mut every_word = hits.len();
                if let Some(engine) = index.index.borrow_mut().as_mut() {
                    // Relevance lists the articles with every word first:
                    // they are newest order's hits, whose parts are here.
                    if order == Order::Relevance {
                        if let Lookup::Done(all) = engine.search(query, Order::Newest) {
                            every_word = all.len().min(hits.len());
                        }
                    }
                    engine.evict_to(KEPT_INDEX_BYTES);
                }
                // Checked above, and by the engine; never trusted blindly.
                hits.retain(|&p| p < archive.manifest.articles);
                let every_word = every_word.min(hits.len());
                return Ok((hits, every_word));
            }
            FirstLookup::Need(parts) => parts,
        };
        let hashes: Vec<String> = {
            let guard = index.index.borrow();
            let engine = guard.as_ref().expect("loaded above");
            needed
                .iter()
                .map(|&p| engine.part_hash(p).to_owned())
                .collect()
        };
        let fetched = futures::future::join_all(
            hashes
                .iter()
                .map(|hash| archive.fetch(ArchiveFileKind::Index, hash)),
        )
        .await;
        for (part, bytes) in needed.into_iter().zip(fetched) {
            let bytes = bytes?;
            parts_done += 1;
            bytes_done += bytes.len() as u64;
            let mut guard = index.index.borrow_mut();
            let engine = guard.as_mut().expect("loaded above");
            // `fetch` checked the bytes against the part's hash.
            engine
                .add_checked_part(part, &bytes)
                .map_err(|e| e.to_string())?;
        }
        progress(parts_done, bytes_done);
    }
}
