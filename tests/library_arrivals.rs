//! A library growing as a set's records arrive (`Arrivals`): the articles
//! so far read as a library built whole would; the index built on the way
//! is handed over only when its article numbers are the library's positions
//! (`cargo test -p broadsheet --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

use broadsheet::facets::Facet;
use broadsheet::library::{Arrival, Arrivals, Library, LoadReport, Origin};
use broadsheet_core::{Article, SearchIndex};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn article(id: &str, published: &str, source: &str) -> Article {
    Article::builder(id)
        .title(format!("Story {id}"))
        .published(published)
        .lead(format!("lead of {id} from {source}"))
        .source(source)
        .build()
}

fn newest_first() -> Vec<Article> {
    vec![
        article("d", "2021-09-13", "VOA"),
        article("c", "2021-03-01", "NOURNEWS"),
        article("b", "2020-06-30", "VOA"),
        article("a", "2019-01-04", "Wikinews (English)"),
    ]
}

const ARRIVAL: Arrival = Arrival {
    received: 10,
    total: Some(100),
};

fn arrived(articles: &[Article]) -> Arrivals {
    let mut arrivals = Arrivals::default();
    for a in articles {
        arrivals.push(a.clone());
    }
    arrivals
}

fn ids(library: &Library) -> Vec<&str> {
    library.in_memory().iter().map(|a| a.id()).collect()
}

/// What a library shows: order, and its source and language facets.
fn shown(library: &Library) -> (Vec<&str>, Facet, Facet) {
    (
        ids(library),
        library.sources.clone(),
        library.languages.clone(),
    )
}

#[wasm_bindgen_test]
fn a_newest_first_set_so_far_and_whole_reads_as_a_library_built_whole() {
    let all = newest_first();
    let arrivals = arrived(&all[..2]);
    let so_far = arrivals.so_far(ARRIVAL, Origin::Bundled);
    assert_eq!(so_far.arriving, Some(ARRIVAL));
    assert_eq!(shown(&so_far), shown(&Library::new(all[..2].to_vec())));

    let whole = arrived(&all).finish(LoadReport::default());
    let expected = Library::new(all.clone());
    assert_eq!(whole.arriving, None);
    assert_eq!(shown(&whole), shown(&expected));
    assert_eq!(whole.day_of, expected.day_of);
    // The index built on the way is the one built from the library.
    let index = whole.index_so_far.take().expect("an index so far").finish();
    let built = SearchIndex::new(&all);
    for query in ["voa", "story", "lead nournews", "wikinews"] {
        let q = broadsheet_core::SearchQuery::parse(query);
        assert_eq!(index.search(&q), built.search(&q), "{query}");
    }
}

#[wasm_bindgen_test]
fn a_set_in_another_order_is_sorted_and_its_index_built_again() {
    let mut all = newest_first();
    all.swap(1, 2);
    let so_far = arrived(&all[..3]).so_far(ARRIVAL, Origin::Bundled);
    assert_eq!(ids(&so_far), ["d", "c", "b"]);
    let whole = arrived(&all).finish(LoadReport::default());
    assert_eq!(shown(&whole), shown(&Library::new(all)));
    assert!(whole.index_so_far.take().is_none());
}

#[wasm_bindgen_test]
fn what_came_at_the_end_at_once_is_left_for_the_index_hook() {
    let all = newest_first();
    let mut arrivals = arrived(&all[..1]);
    arrivals.push_rest(all[1..].to_vec());
    let whole = arrivals.finish(LoadReport::default());
    assert_eq!(ids(&whole), ["d", "c", "b", "a"]);
    assert_eq!(whole.index_so_far.take().map(|b| b.len()), Some(1));
}
