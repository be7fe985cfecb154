//! `use_search_index`: builds the search index for a library in slices of a
//! few tens of milliseconds, yielding to the browser between them, so the
//! cards are readable and the page responsive while a large set indexes.

use crate::library::Library;
use crate::limits::now;
use crate::perf;
use broadsheet_core::search::IndexBuilder;
use broadsheet_core::SearchIndex;
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// Work per slice before yielding: short enough that input stays responsive
/// (a 50 ms task is the long-task threshold), long enough that the 4 ms
/// minimum delay of nested timers costs under a tenth of the build.
const SLICE_MS: f64 = 50.0;
/// How often progress is shown (each update re-renders the reader).
const PROGRESS_EVERY_MS: f64 = 150.0;

#[derive(Clone, Debug)]
pub enum IndexState {
    Building { indexed: usize, total: usize },
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
    // `use_archive_search`): it gets an empty one.
    let total = library.in_memory().len();
    let state = use_state(|| (library.clone(), IndexState::Building { indexed: 0, total }));
    let current = if Rc::ptr_eq(&state.0, &library) {
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
            wasm_bindgen_futures::spawn_local(async move {
                // The builder takes `&[Article]` only to pre-size buffers; our
                // articles are behind `Rc`s, so it starts empty and grows.
                let mut builder = IndexBuilder::new(&[]);
                let (mut slice_start, mut last_progress) = (now(), now());
                for article in library.in_memory() {
                    builder.push(article);
                    if now() - slice_start > SLICE_MS {
                        if now() - last_progress > PROGRESS_EVERY_MS {
                            state.set((
                                library.clone(),
                                IndexState::Building {
                                    indexed: builder.len(),
                                    total,
                                },
                            ));
                            last_progress = now();
                        }
                        gloo_timers::future::TimeoutFuture::new(0).await;
                        if stop.get() {
                            return;
                        }
                        slice_start = now();
                    }
                }
                perf::mark(crate::js::Mark::FinishingIndex);
                let index = Rc::new(builder.finish());
                perf::mark(crate::js::Mark::Indexed);
                perf::set_bench_index(index.clone());
                state.set((library, IndexState::Ready(index)));
            });
            move || cancelled.set(true)
        });
    }
    current
}
