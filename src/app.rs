//! The page: masthead, then the state of the article set; once loaded, the
//! reader (search, order, count, cards) driven by state that mirrors the URL.

use crate::components::{
    ArticleList, DateRange, LoadErrorNotice, LoadSummary, LoadingNotice, OpenFiles, OrderSelect,
    ResultCount, SearchBox, SourceFacet, ThemeToggle, Timeline,
};
use crate::hooks::{
    is_on_link, is_typing, use_archive_article, use_archive_search, use_article_set, use_deferred,
    use_file_drop, use_keyboard, use_scroll_memory, use_search_index, use_url_sync, ArchiveArticle,
    IndexState, LoadState, OpenRequest,
};
use crate::library::{Library, Origin};
use crate::open_files::{collect_dropped, OpenMode, PickedFile};
use crate::pages::ArticlePage;
use crate::route::Route;
use crate::state::{Action, ReaderState};
use broadsheet_core::search::Truncated;
use broadsheet_core::{Order, SearchQuery};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    let source = use_memo((), |_| crate::article_set_source());
    let set = use_article_set(AttrValue::from(source.0.clone()), source.1.clone());
    let mode = use_state_eq(OpenMode::default);
    // A sharded archive is never whole in the page, so opened files can
    // only replace it (merging would keep just the cards fetched so far).
    let archive_open = matches!(&set.state, LoadState::Ready(l) if l.archive.is_some());
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
                    LoadState::Ready(library) => html! { <Reader {library} /> },
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
pub struct ReaderProps {
    pub library: Rc<Library>,
}

/// Search box, order, count and cards over a loaded library.
#[function_component(Reader)]
pub fn reader(props: &ReaderProps) -> Html {
    let state = use_reducer_eq(|| ReaderState {
        route: Route::current(),
    });
    use_url_sync(state.clone());
    let index = use_search_index(props.library.clone());

    let library = props.library.clone();
    let query = use_memo(state.route.list.query.clone(), |text| {
        SearchQuery::parse(text)
    });
    let order = state.effective_order(query.is_empty());
    // The only work per keystroke: the index lookup. Cards render lazily.
    // Until the index is built, the list shows every article newest first
    // and `for_query` stays false.
    // A sharded archive searches its prebuilt index, fetching the parts a
    // query needs; until they are here the previous results stay.
    let text = state.route.list.query.clone();
    let archive_search = use_archive_search(library.clone(), text.clone(), query.clone(), order);
    // (An archive has no in-page index: its empty one becoming ready must
    // not recompute the hits.)
    let index_key = library.archive.is_none().then(|| index.clone());
    let results = use_memo(
        (
            query.clone(),
            order,
            index_key,
            library.clone(),
            archive_search.done.clone(),
            text,
        ),
        {
            move |(query, order, index, library, done, text)| {
                let all = |order| Rc::new(all_positions(library.len(), order));
                if library.archive.is_some() && !query.is_empty() {
                    return match done {
                        Some((t, o, hits)) => (hits.clone(), t == text && o == order),
                        None => (all(Order::Newest), false),
                    };
                }
                match index {
                    _ if query.is_empty() => (all(*order), true),
                    Some(IndexState::Ready(index)) => {
                        (Rc::new(index.search_with(query, *order)), true)
                    }
                    _ => (all(Order::Newest), false),
                }
            }
        },
    );
    let (hits, for_query) = (results.0.clone(), results.1);
    // While an archive query's parts arrive, the cards keep the highlights
    // of the results they show: re-rendering them for a query they do not
    // answer would only delay the search.
    let shown_text = match (&library.archive, &archive_search.done) {
        (Some(_), Some((text, _, _))) if !for_query => Some(text.clone()),
        _ => None,
    };
    let shown_parsed = use_memo(shown_text, |text| {
        text.as_deref().map(|t| Rc::new(SearchQuery::parse(t)))
    });
    let list_query = (*shown_parsed).clone().unwrap_or_else(|| query.clone());
    // Filters narrow the hits; the source counts follow query and dates.
    let filter_key = {
        let l = &state.route.list;
        (l.from, l.to, l.sources.clone())
    };
    let filtered = use_memo(
        (hits.clone(), filter_key, library.clone()),
        |(hits, _, library)| {
            let (kept, counts) = library.filter(hits, &state.route.list);
            (kept, Rc::new(counts))
        },
    );
    // The timeline counts the results of the query and sources, before the
    // date range (which it shows as a selection). It and the facet counts
    // follow one task after the cards, keeping them off the keystroke path.
    // Deferred with their library: when opened files replace it, hits of the
    // old one must never index the new one.
    let deferred_hits = use_deferred((hits.clone(), library.clone()));
    let timeline_days = use_memo(
        (deferred_hits, state.route.list.sources.clone()),
        |((hits, library), sources)| {
            let view = crate::route::ListView {
                sources: sources.clone(),
                ..Default::default()
            };
            let (kept, _) = library.filter(hits, &view);
            Rc::new(
                kept.iter()
                    .filter_map(|&p| library.day_of.get(p as usize).copied())
                    .collect::<Vec<_>>(),
            )
        },
    );
    // When nothing narrows, `filter` hands back `hits` itself.
    let positions = filtered.0.clone();
    let source_counts = {
        let (counts, of) = use_deferred((filtered.1.clone(), library.clone()));
        if Rc::ptr_eq(&of, &library) {
            counts
        } else {
            filtered.1.clone()
        }
    };
    let shown_query = if for_query {
        state.route.list.query.clone()
    } else {
        String::new()
    };

    // Stable callbacks: controls whose own props did not change skip the
    // re-render on a keystroke.
    let dispatcher = state.dispatcher();
    let on_query = use_callback(dispatcher.clone(), |text, d| {
        d.dispatch(Action::SetQuery(text))
    });
    let on_dates = use_callback(dispatcher.clone(), |(from, to), d| {
        d.dispatch(Action::SetDates(from, to))
    });
    let on_source = use_callback(dispatcher.clone(), |source, d| {
        d.dispatch(Action::ToggleSource(source))
    });
    let on_timeline = use_callback(
        dispatcher.clone(),
        |(from, to), d: &UseReducerDispatcher<ReaderState>| {
            d.dispatch(Action::SetDates(Some(from), Some(to)))
        },
    );
    let on_order = use_callback(dispatcher, |order, d| d.dispatch(Action::SetOrder(order)));
    let count = match (&index, for_query) {
        _ if library.archive.is_some() && archive_search.failed.is_some() => html! {
            <p class="result-count search-failed" role="alert">
                { format!("Search is unavailable: {}", archive_search.failed.clone().unwrap_or_default()) }
            </p>
        },
        _ if library.archive.is_some() && !for_query => html! {
            <p class="result-count" role="status" aria-live="polite">
                { match archive_search.fetching {
                    Some((parts, bytes)) => format!("Searching the archive… {parts} parts ({}) so far", broadsheet_core::numbers::megabytes(bytes as f64)),
                    None => "Searching the archive…".to_string(),
                } }
            </p>
        },
        (IndexState::Building { indexed, total }, false) => html! {
            <p class="result-count" role="status" aria-live="polite">
                { format!("Indexing {indexed} of {total} articles… results follow") }
            </p>
        },
        _ => html! { <ResultCount shown={positions.len()} total={library.len()} /> },
    };
    use_scroll_memory(&state.route);

    // Keyboard: a selected row in the list (j/k, arrows), Enter opens it.
    let selected = use_state_eq(|| None::<usize>);
    {
        let selected = selected.clone();
        use_effect_with(positions.clone(), move |_| selected.set(None));
    }
    let came_from_list = use_came_from_list(&state.route);
    use_keyboard({
        let route = state.route.clone();
        let positions = positions.clone();
        let library = library.clone();
        let selected = selected.clone();
        let dispatcher = state.dispatcher();
        Callback::from(move |e: KeyboardEvent| {
            if e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            let key = e.key();
            let id_at = |row: usize| {
                positions
                    .get(row)
                    .and_then(|&p| library.loaded(p))
                    .map(|a| a.id.clone())
            };
            if route.article.is_some() {
                if !is_typing(&e) && matches!(key.as_str(), "Escape" | "Backspace") {
                    e.prevent_default();
                    if came_from_list.get() {
                        let _ = gloo::utils::window().history().map(|h| h.back());
                    } else {
                        let _ = gloo::utils::window()
                            .location()
                            .set_hash(&route.to_list().to_hash());
                    }
                }
                return;
            }
            if is_typing(&e) {
                // From the search box, ↓ or Enter moves to the results.
                let in_search = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|el| el.id() == "search-input");
                if in_search
                    && matches!(key.as_str(), "ArrowDown" | "Enter")
                    && !positions.is_empty()
                {
                    e.prevent_default();
                    selected.set(Some(0));
                }
                return;
            }
            let last = positions.len().saturating_sub(1);
            match key.as_str() {
                "/" => {
                    e.prevent_default();
                    if let Some(input) = gloo::utils::document().get_element_by_id("search-input") {
                        let _ = input.unchecked_into::<web_sys::HtmlElement>().focus();
                    }
                }
                "j" | "ArrowDown" if !positions.is_empty() => {
                    e.prevent_default();
                    selected.set(Some(selected.map_or(0, |s| (s + 1).min(last))));
                }
                "k" | "ArrowUp" if !positions.is_empty() => {
                    e.prevent_default();
                    selected.set(Some(selected.map_or(0, |s| s.saturating_sub(1))));
                }
                "Enter" if !is_on_link(&e) => {
                    if let Some(id) = selected.and_then(id_at) {
                        let _ = gloo::utils::window()
                            .location()
                            .set_hash(&route.with_article(&id).to_hash());
                    }
                }
                "Escape" => dispatcher.dispatch(Action::SetQuery(String::new())),
                _ => {}
            }
        })
    });

    let archive_article = use_archive_article(library.archive.clone(), state.route.article.clone());
    let refresh = use_force_update();
    if let Some(id) = &state.route.article {
        let (at, article) = match (&library.archive, archive_article) {
            (None, _) => {
                let at = library.articles.iter().position(|a| &a.id == id);
                (
                    at.map(|i| i as u32),
                    at.map(|i| library.articles[i].clone()),
                )
            }
            (Some(_), ArchiveArticle::Found(at, article)) => (Some(at), Some(article)),
            (Some(_), ArchiveArticle::NotFound) => (None, None),
            (Some(_), ArchiveArticle::Failed(why)) => {
                return html! { <LoadErrorNotice message={why} hint="The rest of the archive is still here: go back to the list, or try again later." /> };
            }
            (Some(_), _) => {
                return html! { <p class="loading" role="status">{ "Loading the article…" }</p> };
            }
        };
        // Neighbours within the results the article was opened from.
        let in_results = at.and_then(|i| positions.iter().position(|&p| p == i));
        let neighbour_at = |step: isize| {
            in_results
                .and_then(|r| r.checked_add_signed(step))
                .and_then(|r| positions.get(r).copied())
        };
        if let Some(archive) = &library.archive {
            let wanted = [neighbour_at(-1), neighbour_at(1)];
            let missing = wanted
                .into_iter()
                .flatten()
                .filter(|&p| library.loaded(p).is_none());
            archive.request(missing, Callback::from(move |()| refresh.force_update()));
        }
        let neighbour = |step: isize| neighbour_at(step).and_then(|p| library.loaded(p));
        return html! {
            <ArticlePage
                {article}
                id={AttrValue::from(id.clone())}
                route={state.route.clone()}
                previous={neighbour(-1)}
                next={neighbour(1)}
                query={query.clone()}
                origin={library.report.origin.article_label().map(AttrValue::from)}
            />
        };
    }
    html! {
        <>
            <section class="controls" aria-label="Search and order">
                <SearchBox query={AttrValue::from(state.route.list.query.clone())} on_change={on_query} />
                <OrderSelect order={order} has_query={!query.is_empty()} on_change={on_order} />
                { count }
                if let Some(cut) = query.truncated() {
                    <p class="query-note" role="status">{ query_cut_note(cut) }</p>
                }
            </section>
            if let Some(bounds) = library.date_bounds() {
                <Timeline days={(*timeline_days).clone()} {bounds} from={state.route.list.from} to={state.route.list.to}
                    on_select={on_timeline} />
            }
            <section class="filters" aria-label="Filters">
                <DateRange from={state.route.list.from} to={state.route.list.to} bounds={library.date_bounds()} on_change={on_dates} />
                <SourceFacet sources={library.sources.clone()} counts={source_counts} selected={state.route.list.sources.clone()} on_toggle={on_source} />
            </section>
            <LoadSummary report={library.report.clone()} articles={library.len()} />
            // `data-query` tells tests and benchmarks which query the cards show.
            <section class="results" aria-label="Results" data-query={shown_query}>
                <ArticleList {library} matches={positions} query={list_query} route={state.route.to_list()} selected={*selected} />
            </section>
        </>
    }
}

/// Whether the open article was reached from the list in this page (then
/// Esc goes back in history; from a pasted link it opens the list instead).
#[hook]
fn use_came_from_list(route: &Route) -> Rc<std::cell::Cell<bool>> {
    let from_list = use_memo((), |_| Rc::new(std::cell::Cell::new(false)));
    let previous = use_mut_ref(|| None::<Route>);
    let came = (*from_list).clone();
    use_effect_with(route.clone(), move |route| {
        let before = previous.borrow_mut().replace(route.clone());
        match (&route.article, before) {
            (Some(_), Some(before)) if before.article.is_none() => came.set(true),
            (Some(_), _) => {}
            (None, _) => came.set(false),
        }
    });
    (*from_list).clone()
}

/// What the reader is told when a query was too long to search whole.
fn query_cut_note(cut: Truncated) -> String {
    use crate::limits::{MAX_QUERY_CHARS, MAX_QUERY_TERMS};
    use broadsheet_core::numbers::grouped;
    match cut {
        Truncated::Chars => format!(
            "The query is too long: only its first {} characters are searched.",
            grouped(MAX_QUERY_CHARS)
        ),
        Truncated::Terms => format!(
            "The query has too many words: only its first {MAX_QUERY_TERMS} words are searched."
        ),
    }
}

/// Every article, in `order` (articles are held newest first).
fn all_positions(n: usize, order: Order) -> Vec<u32> {
    match order {
        Order::Oldest => (0..n as u32).rev().collect(),
        _ => (0..n as u32).collect(),
    }
}
