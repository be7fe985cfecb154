//! The page: masthead, then the state of the article set; once loaded, the
//! page the URL's route picks (the list, or one article), over state that
//! mirrors the URL.

use crate::components::{LoadErrorNotice, LoadingNotice, OpenFiles, ThemeToggle};
use crate::embed::use_host;
use crate::file_reading::{collect_dropped, OpenMode, PickedFile};
use crate::hooks::{
    use_archive_article, use_article_set, use_file_drop, use_in_reader_links, use_reader_events,
    use_results, use_scroll_memory, use_shortcuts, use_stories, use_url_sync, LoadState,
    OpenRequest, SetSource,
};
use crate::library::{Library, Origin};
use crate::pages::{ArticleRoute, ListPage};
use crate::route::Route;
use crate::state::ReaderState;
use std::rc::Rc;
use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    let source = use_memo((), |_| crate::article_set_source());
    let set = use_article_set(
        SetSource::Url(AttrValue::from(source.0.clone())),
        source.1.clone(),
    );
    let mode = use_state_eq(OpenMode::default);
    // A sharded archive is never whole in the page, so opened files can
    // only replace it (merging would keep just the cards fetched so far).
    let archive_open = matches!(&set.state, LoadState::Ready(l) if l.archive().is_some());
    let can_merge = matches!(set.state, LoadState::Ready(_)) && !archive_open;
    let open_mode = if can_merge { *mode } else { OpenMode::Replace };
    let on_mode = use_callback(mode.setter(), |m, setter| setter.set(m));
    let on_open = use_callback(
        (set.open.clone(), open_mode),
        |files: Vec<PickedFile>, (open, mode)| {
            open.emit(OpenRequest {
                files,
                unreadable: Vec::new(),
                mode: *mode,
            })
        },
    );
    let on_drop = use_callback((set.open.clone(), open_mode), |dropped, (open, mode)| {
        let (open, mode) = (open.clone(), *mode);
        // Folders are walked asynchronously, after the drop handler.
        wasm_bindgen_futures::spawn_local(async move {
            let (files, unreadable) = collect_dropped(dropped).await;
            open.emit(OpenRequest {
                files,
                unreadable,
                mode,
            });
        });
    });
    let dragging = use_file_drop(on_drop);
    let load = set.state;
    let from_disk = gloo::utils::window().location().protocol().as_deref() == Ok("file:");
    let hint = match &source.1 {
        // The message says how to serve the page (src/fetch.rs).
        _ if from_disk && matches!(load, LoadState::Failed(_)) => "Or open your own files above: they are read here, never uploaded.",
        Origin::Url(_) => "Check the address after ?data=, and that the server there allows this page to read it; or open your own files above.",
        _ => "Check that the file exists next to the page and was written by broadsheet-ingest, then reload; or open your own files above.",
    };
    html! {
        <>
            <header class="masthead">
                <div>
                    <h1 class="brand">{ "Broadsheet" }</h1>
                    <p class="tagline">{ "Your news archive, read and searched in the browser" }</p>
                </div>
                <ThemeToggle />
            </header>
            <OpenFiles progress={set.opening} mode={open_mode} {can_merge} {archive_open} {on_mode} {on_open} />
            <main id="main">
                { match load {
                    LoadState::Loading { received, total } => html! { <LoadingNotice {received} {total} /> },
                    LoadState::Failed(failure) => html! { <LoadErrorNotice message={failure.to_string()} {hint} /> },
                    LoadState::Ready(library) => html! { <RouteSwitch {library} /> },
                } }
            </main>
            if dragging {
                <div class="drop-overlay" aria-hidden="true">
                    <p>{ "Drop files or folders to open them. They are read here, never uploaded." }</p>
                </div>
            }
            <crate::components::UpdateNotice />
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct RouteSwitchProps {
    pub library: Rc<Library>,
}

/// A loaded library at the URL's route: the reader's state (mirrored in the
/// URL; an embedded reader's is its own), the results, scroll memory and
/// keyboard shortcuts that every page shares, and the page the route picks.
#[function_component(RouteSwitch)]
pub fn route_switch(props: &RouteSwitchProps) -> Html {
    let host = use_host();
    let state = use_reducer_eq(|| ReaderState {
        route: if host.is_embedded() {
            Route::default()
        } else {
            Route::current()
        },
    });
    use_url_sync(state.clone(), &host);
    use_in_reader_links(&state, &host);
    let library = props.library.clone();
    let stories = use_stories(library.clone());
    let results = use_results(library.clone(), &state.route.list, stories.clone());
    use_scroll_memory(&state.route, &host);
    let shortcuts = use_shortcuts(&state, &library, &results.positions, &host);
    use_reader_events(
        &host,
        &library,
        &results.positions,
        shortcuts.selected,
        state.route.article.clone(),
    );
    let fetched = use_archive_article(library.archive().cloned(), state.route.article.clone());
    match &state.route.article {
        Some(id) => html! {
            <ArticleRoute
                {library}
                id={AttrValue::from(id.clone())}
                {fetched}
                // Previous and next only within the results of the query
                // in the URL: not within the articles shown until it is
                // answered.
                positions={if results.answers_query { results.positions.clone() } else { Rc::default() }}
                query={results.query.clone()}
                route={state.route.clone()}
                {stories}
            />
        },
        None => html! {
            <ListPage
                {library}
                {stories}
                route={state.route.clone()}
                {results}
                selected={shortcuts.selected}
                dispatcher={state.dispatcher()}
            />
        },
    }
}
