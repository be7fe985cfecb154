//! The filters over data a hostile archive may hold: source numbers past
//! the sources list and positions past the articles match nothing, and
//! never take the page down (`cargo test -p broadsheet --target
//! wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

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
        sources: Rc::new(vec!["NOURNEWS".to_owned(), "VOA".to_owned()]),
        source_of: vec![0, 1, 7],
        day_of: vec![day(2021, 9, 13), day(2020, 1, 2), day(2019, 5, 5)],
        source_totals: vec![1, 1],
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
    let (kept, counts) = library.filter(&hits, &view);
    assert_eq!(*kept, vec![0]);
    assert_eq!(counts, vec![1, 1]);
}

#[wasm_bindgen_test]
fn a_date_range_skips_positions_it_has_no_day_for() {
    let library = library();
    let view = ListView {
        from: Some(day(2020, 1, 1)),
        ..Default::default()
    };
    let hits = Rc::new(vec![0, 1, 2, 3, 40]);
    let (kept, counts) = library.filter(&hits, &view);
    assert_eq!(*kept, vec![0, 1]);
    assert_eq!(counts, vec![1, 1]);
}
