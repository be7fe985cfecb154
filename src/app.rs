//! The page: masthead, then the state of the article set; once loaded, the
//! reader (search, order, count, cards) driven by state that mirrors the URL.

use crate::components::{
    ArticleList, LoadErrorNotice, LoadingNotice, OrderSelect, ResultCount, SearchBox, SkippedNotice,
};
use crate::hooks::{use_article_set, use_url_sync, LoadState};
use crate::library::Library;
use crate::state::{Action, ReaderState};
use crate::ARTICLE_SET_URL;
use broadsheet_core::SearchQuery;
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
        view: crate::route::ListView::current(),
    });
    use_url_sync(state.clone());

    let library = props.library.clone();
    let query = use_memo(state.view.query.clone(), |text| SearchQuery::parse(text));
    let order = state.effective_order(query.is_empty());
    // The only work per keystroke: the index lookup. Cards render lazily.
    let matches = use_memo((query.clone(), order, Rc::as_ptr(&library)), {
        let library = library.clone();
        move |(query, order, _)| library.search(query, *order)
    });

    let on_query = {
        let dispatcher = state.dispatcher();
        Callback::from(move |text| dispatcher.dispatch(Action::SetQuery(text)))
    };
    let on_order = {
        let dispatcher = state.dispatcher();
        Callback::from(move |order| dispatcher.dispatch(Action::SetOrder(order)))
    };
    html! {
        <>
            <section class="controls" aria-label="Search and order">
                <SearchBox query={AttrValue::from(state.view.query.clone())} on_change={on_query} />
                <OrderSelect order={order} has_query={!query.is_empty()} on_change={on_order} />
                <ResultCount shown={matches.len()} total={library.articles.len()} />
            </section>
            <SkippedNotice skipped={library.skipped.clone()} />
            // `data-query` tells tests and benchmarks which query the cards show.
            <section class="results" aria-label="Results" data-query={state.view.query.clone()}>
                <ArticleList {library} matches={matches.clone()} query={query.clone()} />
            </section>
        </>
    }
}
