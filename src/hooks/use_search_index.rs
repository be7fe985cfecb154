//! `use_search_index`: the search index for a library, built in slices of
//! a few milliseconds with the browser getting a turn between them, so the
//! cards are readable and the page responsive while a large set indexes.
//! A downloaded set arrives with most of its index built on the way
//! (`Library::index_so_far`): only the rest and the finish are left; or
//! built whole in a worker (`index_worker.rs`), and taken over here.

use crate::library::Library;
use crate::limits::{now, Slice};
use crate::perf;
use crate::word_segmenter;
use broadsheet_core::search::tokenize::{install_word_segmenter, word_segmenter, Unspaced};
use broadsheet_core::search::IndexBuilder;
use broadsheet_core::SearchIndex;
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// How often progress is shown (each update re-renders the reader).
const PROGRESS_EVERY_MS: f64 = 150.0;

#[derive(Clone, Debug)]
pub enum IndexState {
    /// The set is still downloading: search waits for all of it.
    Arriving,
    Building {
        indexed: usize,
        total: usize,
    },
    Ready(Rc<SearchIndex>),
}

/// Indexes compare by identity: comparing contents would cost a walk of
/// the whole index on every render.
impl PartialEq for IndexState {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (IndexState::Ready(a), IndexState::Ready(b)) => Rc::ptr_eq(a, b),
            (
                IndexState::Building {
                    indexed: a,
                    total: t,
                },
                IndexState::Building {
                    indexed: b,
                    total: u,
                },
            ) => a == b && t == u,
            (IndexState::Arriving, IndexState::Arriving) => true,
            _ => false,
        }
    }
}

/// The index of `library`, or how far building it has got. When the
/// library is replaced (the reader opened files), the old index is never
/// returned for the new articles: positions would point past them.
#[hook]
pub fn use_search_index(library: Rc<Library>) -> IndexState {
    // An archive has no in-page index (its own is prebuilt, see
    // `use_archive_search`): it stays `Building`, which `use_results`
    // never reads for an archive.
    let total = library.in_memory().len();
    let state = use_state(|| (library.clone(), IndexState::Building { indexed: 0, total }));
    let current = if library.arriving.is_some() {
        IndexState::Arriving
    } else if Rc::ptr_eq(&state.0, &library) {
        state.1.clone()
    } else {
        IndexState::Building { indexed: 0, total }
    };
    {
        let state = state.clone();
        use_effect_with(library, move |library| {
            let cancelled = Rc::new(Cell::new(false));
            let library = library.clone();
            let stop = cancelled.clone();
            // An archive's empty index would only cost a second render of
            // the page before its first cards are painted.
            if library.arriving.is_none() && library.archive().is_none() {
                wasm_bindgen_futures::spawn_local(async move {
                    let show = |indexed| {
                        let building = IndexState::Building { indexed, total };
                        state.set((library.clone(), building));
                    };
                    let Some(mut index) = build(&library, &show, &stop).await else {
                        return;
                    };
                    // Chinese, Thai, … cut per character (the worker's wasm
                    // has no segmenter) while the page's queries are cut
                    // into words: indexed again first.
                    if let (Unspaced::Characters, Some(segmenter)) =
                        (index.unspaced(), word_segmenter())
                    {
                        let builder = IndexBuilder::with_segmenter(&[], Some(segmenter));
                        let Some(again) = index_in_page(&library, builder, &show, &stop).await
                        else {
                            return;
                        };
                        index = again;
                    }
                    perf::set_bench_index(index.clone(), library.clone());
                    state.set((library.clone(), IndexState::Ready(index.clone())));
                    // Else the segmenter is loaded, the articles indexed
                    // again with it meanwhile (search works per character),
                    // and it is installed with the new index, so queries
                    // are cut as the index they search.
                    if index.unspaced() == Unspaced::Characters && word_segmenter::available() {
                        let segmenter = match word_segmenter::load().await {
                            Ok(segmenter) => segmenter,
                            Err(why) => {
                                perf::note(&format!(
                                    "Broadsheet cuts Chinese, Thai, … per character: {why}"
                                ));
                                return;
                            }
                        };
                        if stop.get() {
                            return;
                        }
                        let builder = IndexBuilder::with_segmenter(&[], Some(segmenter));
                        if let Some(index) = index_in_page(&library, builder, &|_| {}, &stop).await
                        {
                            install_word_segmenter(segmenter);
                            perf::mark(crate::js::Mark::IndexedWords);
                            perf::set_bench_index(index.clone(), library.clone());
                            state.set((library, IndexState::Ready(index)));
                        }
                    }
                });
            }
            move || cancelled.set(true)
        });
    }
    current
}

/// Indexes what `library` has not indexed yet, then finishes, in slices;
/// `None` if `stop` was set meanwhile.
async fn build(
    library: &Library,
    show: &impl Fn(usize),
    stop: &Cell<bool>,
) -> Option<Rc<SearchIndex>> {
    // A worker built the index off this thread: take it, if it is the
    // index of these articles; else build it here after all.
    if let Some(worker) = library.index_so_far.take_worker() {
        let ids = library.in_memory().iter().map(|a| a.id());
        match worker.index(ids).await {
            Ok(index) if !stop.get() => {
                perf::mark(crate::js::Mark::IndexFromWorker);
                perf::mark(crate::js::Mark::Indexed);
                return Some(Rc::new(index));
            }
            Ok(_) => return None,
            Err(why) => {
                perf::note(&format!(
                    "Broadsheet builds the search index in the page: {why}"
                ));
                if stop.get() {
                    return None;
                }
            }
        }
    }
    // The builder takes `&[Article]` only to pre-size buffers; our
    // articles are behind `Rc`s, so it starts empty and grows.
    let builder = library
        .index_so_far
        .take()
        .unwrap_or_else(|| IndexBuilder::new(&[]));
    index_in_page(library, builder, show, stop).await
}

/// Pushes the articles of `library` that `builder` lacks, then finishes,
/// in slices; `None` if `stop` was set meanwhile.
async fn index_in_page(
    library: &Library,
    mut builder: IndexBuilder,
    show: &impl Fn(usize),
    stop: &Cell<bool>,
) -> Option<Rc<SearchIndex>> {
    let mut slice = Slice::start();
    let mut last_progress = now();
    let rest = library.in_memory().get(builder.len()..).unwrap_or_default();
    for article in rest {
        builder.push(&**article);
        if slice.due() {
            if now() - last_progress > PROGRESS_EVERY_MS {
                show(builder.len());
                last_progress = now();
            }
            slice.yield_if_due().await;
            if stop.get() {
                return None;
            }
        }
    }
    perf::mark(crate::js::Mark::FinishingIndex);
    let mut finisher = builder.into_finisher();
    loop {
        if let Some(index) = finisher.step() {
            perf::mark(crate::js::Mark::Indexed);
            return Some(Rc::new(index));
        }
        slice.yield_if_due().await;
        if stop.get() {
            return None;
        }
    }
}
