//! The page: masthead, then the state of the article set; once loaded, the
//! reader (search, order, count, cards) driven by state that mirrors the URL.

use crate::components::{
    ArticleList, LoadErrorNotice, LoadingNotice, OrderSelect, ResultCount, SearchBox, SkippedNotice,
};
use crate::hooks::{use_article_set, use_search_index, use_url_sync, IndexState, LoadState};
use crate::library::Library;
use crate::pages::ArticlePage;
use crate::route::Route;
use crate::state::{Action, ReaderState};
use crate::ARTICLE_SET_URL;
use broadsheet_core::{Order, SearchQuery};
use std::rc::Rc;
use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    let load = use_article_set(ARTICLE_SET_URL);
    html! {
        <>
            <header class="masthead">
                <h1 class="brand">{ "Broadsheet" }</h1>
                <p class="tagline">{ "Your news archive, read and searched in the browser" }</p>
            </header>
            <main id="main">
                { match load {
                    LoadState::Loading => html! { <LoadingNotice /> },
                    LoadState::Failed(failure) => html! { <LoadErrorNotice message={failure.to_string()} /> },
                    LoadState::Ready(library) => html! { <Reader {library} /> },
                } }
            </main>
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
    let results = use_memo((query.clone(), order, index.clone(), library.clone()), {
        move |(query, order, index, library)| {
            let all = |order| Rc::new(all_positions(library.articles.len(), order));
            match index {
                _ if query.is_empty() => (all(*order), true),
                IndexState::Ready(index) => (Rc::new(index.search_with(query, *order)), true),
                IndexState::Building { .. } => (all(Order::Newest), false),
            }
        }
    });
    let (positions, for_query) = (results.0.clone(), results.1);
    let shown_query = if for_query {
        state.route.list.query.clone()
    } else {
        String::new()
    };

    let on_query = {
        let dispatcher = state.dispatcher();
        Callback::from(move |text| dispatcher.dispatch(Action::SetQuery(text)))
    };
    let on_order = {
        let dispatcher = state.dispatcher();
        Callback::from(move |order| dispatcher.dispatch(Action::SetOrder(order)))
    };
    let count = match (&index, for_query) {
        (IndexState::Building { indexed, total }, false) => html! {
            <p class="result-count" role="status" aria-live="polite">
                { format!("Indexing {indexed} of {total} articles… results follow") }
            </p>
        },
        _ => html! { <ResultCount shown={positions.len()} total={library.articles.len()} /> },
    };
    use_scroll_memory(&state.route);

    if let Some(id) = &state.route.article {
        let at = library.articles.iter().position(|a| &a.id == id);
        let article = at.map(|i| library.articles[i].clone());
        // Neighbours within the results the article was opened from.
        let in_results = at.and_then(|i| positions.iter().position(|&p| p as usize == i));
        let neighbour = |step: isize| {
            in_results
                .and_then(|r| r.checked_add_signed(step))
                .and_then(|r| positions.get(r))
                .map(|&p| library.articles[p as usize].clone())
        };
        return html! {
            <ArticlePage
                {article}
                id={AttrValue::from(id.clone())}
                route={state.route.clone()}
                previous={neighbour(-1)}
                next={neighbour(1)}
                query={query.clone()}
            />
        };
    }
    html! {
        <>
            <section class="controls" aria-label="Search and order">
                <SearchBox query={AttrValue::from(state.route.list.query.clone())} on_change={on_query} />
                <OrderSelect order={order} has_query={!query.is_empty()} on_change={on_order} />
                { count }
            </section>
            <SkippedNotice skipped={library.skipped.clone()} />
            // `data-query` tells tests and benchmarks which query the cards show.
            <section class="results" aria-label="Results" data-query={shown_query}>
                <ArticleList {library} matches={positions} query={query.clone()} route={state.route.to_list()} />
            </section>
        </>
    }
}

/// Remembers the window's scroll position for each list view and restores
/// it when the reader comes back (back from an article, forward again); an
/// article opens at its top.
#[hook]
fn use_scroll_memory(route: &Route) {
    let saved = use_mut_ref(std::collections::HashMap::<String, f64>::new);
    use_effect_with(route.clone(), move |route| {
        let window = gloo::utils::window();
        let listener = if route.article.is_none() {
            let key = route.to_hash();
            let y = saved.borrow().get(&key).copied().unwrap_or(0.0);
            window.scroll_to_with_x_and_y(0.0, y);
            let saved = saved.clone();
            Some(gloo::events::EventListener::new(
                &window,
                "scroll",
                move |_| {
                    let y = gloo::utils::window().scroll_y().unwrap_or(0.0);
                    saved.borrow_mut().insert(key.clone(), y);
                },
            ))
        } else {
            window.scroll_to_with_x_and_y(0.0, 0.0);
            None
        };
        move || drop(listener)
    });
}

/// Every article, in `order` (articles are held newest first).
fn all_positions(n: usize, order: Order) -> Vec<u32> {
    match order {
        Order::Oldest => (0..n as u32).rev().collect(),
        _ => (0..n as u32).collect(),
    }
}
