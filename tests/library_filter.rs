//! The filters over data a hostile archive may hold: source numbers past
//! the sources list and positions past the articles match nothing, and
//! never take the page down (`cargo test -p broadsheet --target
//! wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

use broadsheet::facets::Facet;
use broadsheet::library::Library;
use broadsheet::route::ListView;
use chrono::NaiveDate;
use std::rc::Rc;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Three articles; the third's source number (7) names no source, as a
/// tampered sources file would.
fn library() -> Library {
    Library {
        sources: Facet::new(vec!["NOURNEWS".to_owned(), "VOA".to_owned()], vec![0, 1, 7]),
        day_of: Rc::new(vec![day(2021, 9, 13), day(2020, 1, 2), day(2019, 5, 5)]),
        ..Default::default()
    }
}

#[wasm_bindgen_test]
fn a_source_number_past_the_list_matches_no_source() {
    let library = library();
    let view = ListView {
        sources: vec!["NOURNEWS".to_owned()],
        ..Default::default()
    };
    // Positions 3 and 40 are past the articles (an index that disagrees).
    let hits = Rc::new(vec![0, 1, 2, 3, 40]);
    let f = library.filter(&hits, &view);
    assert_eq!(*f.kept, vec![0]);
    assert_eq!(f.source_counts, vec![1, 1]);
}

#[wasm_bindgen_test]
fn a_date_range_skips_positions_it_has_no_day_for() {
    let library = library();
    let view = ListView {
        from: Some(day(2020, 1, 1)),
        ..Default::default()
    };
    let hits = Rc::new(vec![0, 1, 2, 3, 40]);
    let f = library.filter(&hits, &view);
    assert_eq!(*f.kept, vec![0, 1]);
    assert_eq!(f.source_counts, vec![1, 1]);
}

/// Four articles in two sources and two languages (one untagged).
fn bilingual() -> Library {
    let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    Library {
        sources: Facet::new(names(&["BBC", "VOA"]), vec![0, 0, 1, 1]),
        languages: Facet::new(names(&["en", "fa", ""]), vec![0, 1, 0, 2]),
        day_of: Rc::new(vec![
            day(2021, 1, 4),
            day(2021, 1, 3),
            day(2021, 1, 2),
            day(2021, 1, 1),
        ]),
        ..Default::default()
    }
}

#[wasm_bindgen_test]
fn languages_narrow_and_each_facet_counts_under_the_other() {
    let library = bilingual();
    let all = Rc::new(vec![0, 1, 2, 3]);
    let f = library.filter(&all, &ListView::default());
    assert_eq!(f.language_counts, vec![2, 1, 1]);
    assert_eq!(f.source_counts, vec![2, 2]);
    // Persian only: one article; the sources count Persian articles, the
    // languages count every language (as ticking another would give).
    let persian = ListView {
        languages: vec!["fa".to_owned()],
        ..Default::default()
    };
    let f = library.filter(&all, &persian);
    assert_eq!(*f.kept, vec![1]);
    assert_eq!(f.source_counts, vec![1, 0]);
    assert_eq!(f.language_counts, vec![2, 1, 1]);
    // VOA and English: the languages count VOA's articles.
    let voa_english = ListView {
        sources: vec!["VOA".to_owned()],
        languages: vec!["en".to_owned()],
        ..Default::default()
    };
    let f = library.filter(&all, &voa_english);
    assert_eq!(*f.kept, vec![2]);
    assert_eq!(f.language_counts, vec![1, 0, 1]);
    assert_eq!(f.source_counts, vec![1, 1]);
}
