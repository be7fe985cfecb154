//! The page: header with search, then the state of the article set.

use crate::components::{
    ArticleList, LoadErrorNotice, LoadingNotice, ResultCount, SearchBox, SkippedNotice,
};
use crate::hooks::{use_article_set, LoadState};
use crate::library::Library;
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

/// Search box, count and cards over a loaded library.
#[function_component(Reader)]
pub fn reader(props: &ReaderProps) -> Html {
    let query = use_state(String::new);
    let library = props.library.clone();
    let matches = use_memo(((*query).clone(), Rc::as_ptr(&library)), {
        let library = library.clone();
        move |(query, _)| library.search(&SearchQuery::parse(query))
    });
    let on_change = {
        let query = query.clone();
        Callback::from(move |text: String| query.set(text))
    };
    html! {
        <>
            <section class="controls" aria-label="Search">
                <SearchBox query={AttrValue::from((*query).clone())} {on_change} />
                <ResultCount shown={matches.len()} total={library.articles.len()} />
            </section>
            <SkippedNotice skipped={library.skipped.clone()} />
            <ArticleList {library} {matches} />
        </>
    }
}
