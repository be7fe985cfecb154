//! `use_stories`: the library's wire copies grouped into stories. A set
//! written by `broadsheet-ingest` names each copy's story; files the
//! reader opened are grouped here, as the CLI would group them (core's
//! `clusters`, over the same newest-first list), a slice of articles per
//! task so the page never freezes; until then the list shows every copy.

use crate::library::{Library, Origin};
use broadsheet_core::clusters::{text_signature, Clusters, Grouping, Stories, SIMILARITY};
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// Milliseconds of signing between two yields (a timer's yield costs at
/// least 4 ms in browsers, so slices of time, not of a few articles).
const SLICE_MS: f64 = 12.0;

#[hook]
pub fn use_stories(library: Rc<Library>) -> Rc<Stories> {
    // The stories found, with the library they were found for.
    let found = use_state(|| None::<(Rc<Library>, Rc<Stories>)>);
    {
        let found = found.clone();
        use_effect_with(library.clone(), move |library| {
            let stop = Rc::new(Cell::new(false));
            if groups_in_page(library) {
                let (library, stop) = (library.clone(), stop.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    if let Some(stories) = group(&library, &stop).await {
                        found.set(Some((library, Rc::new(stories))));
                    }
                });
            }
            move || stop.set(true)
        });
    }
    match &*found {
        Some((of, stories)) if Rc::ptr_eq(of, &library) => stories.clone(),
        _ => library.stories.clone(),
    }
}

/// Opened files, whole and in memory, are grouped in the page.
fn groups_in_page(library: &Library) -> bool {
    matches!(
        library.report.origin,
        Origin::Files { .. } | Origin::Embedded { given: true, .. }
    ) && library.arriving.is_none()
        && library.archive().is_none()
        && library.len() > 1
}

/// The stories of `library`'s articles, or `None` once `stop` is set.
async fn group(library: &Library, stop: &Cell<bool>) -> Option<Stories> {
    let articles = library.in_memory();
    let now = || gloo::utils::window().performance().map_or(0.0, |p| p.now());
    let mut signatures = Vec::with_capacity(articles.len());
    while signatures.len() < articles.len() {
        let until = now() + SLICE_MS;
        for article in &articles[signatures.len()..] {
            signatures.push(text_signature(&**article));
            if now() > until {
                break;
            }
        }
        gloo_timers::future::TimeoutFuture::new(0).await;
        if stop.get() {
            return None;
        }
    }
    // A band at a time: each is a sort and a pass over every article.
    let mut grouping = Grouping::new(signatures.len(), SIMILARITY);
    while grouping.band(&signatures) {
        gloo_timers::future::TimeoutFuture::new(0).await;
        if stop.get() {
            return None;
        }
    }
    let roots = grouping.roots();
    let clusters = Clusters::from_roots(&roots, |a, b| {
        let (a, b) = (&articles[a], &articles[b]);
        (a.published(), a.id()) < (b.published(), b.id())
    });
    let stories = Stories::from_clusters(articles, &clusters);
    crate::perf::mark(crate::js::Mark::Stories);
    Some(stories)
}
