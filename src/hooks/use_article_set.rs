//! `use_article_set`: fetches and parses an article set once, and tells the
//! component whether it is loading, ready or failed.

use crate::fetch::{fetch_chunks, FetchError};
use crate::library::Library;
use crate::perf;
use broadsheet_core::{ArticleSetReader, SetError};
use std::fmt;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub enum LoadState {
    /// Bytes received so far, and the total when the server says it.
    Loading {
        received: u64,
        total: Option<u64>,
    },
    Ready(Rc<Library>),
    Failed(LoadFailure),
}

/// Why the set could not be shown, worded for the reader.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadFailure {
    pub url: String,
    pub reason: FailureReason,
}

#[derive(Clone, Debug, PartialEq)]
pub enum FailureReason {
    Fetch(FetchError),
    Invalid(SetError),
}

impl fmt::Display for LoadFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.reason {
            FailureReason::Fetch(e) => write!(f, "Could not download {}: {e}.", self.url),
            FailureReason::Invalid(e) => write!(f, "{} is not a valid article set: {e}.", self.url),
        }
    }
}

/// Loads the article set at `url` when the component mounts.
#[hook]
pub fn use_article_set(url: &'static str) -> LoadState {
    let state = use_state(|| LoadState::Loading {
        received: 0,
        total: None,
    });
    {
        let state = state.clone();
        use_effect_with(url, move |url| {
            let url = *url;
            wasm_bindgen_futures::spawn_local(async move {
                let fail = |reason| {
                    LoadState::Failed(LoadFailure {
                        url: url.to_owned(),
                        reason,
                    })
                };
                // Progress re-renders the notice; a few times a second is plenty.
                let last = std::cell::Cell::new(0.0);
                let progress = {
                    let state = state.clone();
                    move |received, total| {
                        let now = js_sys::Date::now();
                        if now - last.get() > 100.0 {
                            last.set(now);
                            state.set(LoadState::Loading { received, total });
                        }
                    }
                };
                // Records are parsed as their lines arrive (see ArticleSetReader).
                let mut reader = ArticleSetReader::new();
                let next = match fetch_chunks(url, |chunk| reader.push(chunk), progress).await {
                    Err(e) => fail(FailureReason::Fetch(e)),
                    Ok(()) => {
                        perf::mark("fetched");
                        match reader.finish() {
                            Ok(loaded) => {
                                perf::mark("parsed");
                                LoadState::Ready(Rc::new(Library::from_loaded(loaded)))
                            }
                            Err(e) => fail(FailureReason::Invalid(e)),
                        }
                    }
                };
                state.set(next);
            });
        });
    }
    (*state).clone()
}
