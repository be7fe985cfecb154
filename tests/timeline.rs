//! The timeline's bins (`cargo test -p broadsheet --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

use broadsheet::components::{histogram, Bin};
use chrono::NaiveDate;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[wasm_bindgen_test]
fn a_stray_ancient_date_still_leaves_every_article_counted_in_few_bars() {
    // A broken file dates one article in year 1; the rest are recent.
    let days = [
        day(1, 1, 1),
        day(2021, 9, 13),
        day(2021, 9, 14),
        day(9999, 12, 31),
    ];
    let (bin, bars) = histogram(days.iter().copied(), (days[0], days[3]));
    assert_eq!(bin, Bin::Years(100));
    assert!(bars.len() <= 250, "{} bars", bars.len());
    assert_eq!(
        bars.iter().map(|b| b.2).sum::<u32>(),
        4,
        "every article is in a bar"
    );
    let recent = bars
        .iter()
        .find(|b| b.0 <= days[1] && days[1] <= b.1)
        .unwrap();
    assert_eq!((recent.0, recent.2), (day(2000, 1, 1), 2));
}

#[wasm_bindgen_test]
fn ordinary_spans_keep_their_bins() {
    assert_eq!(Bin::for_span(30), Bin::Day);
    assert_eq!(Bin::for_span(365), Bin::Week);
    assert_eq!(Bin::for_span(3000), Bin::Month);
    assert_eq!(Bin::for_span(20_000), Bin::Year);
}

#[wasm_bindgen_test]
fn each_day_lands_in_its_bar_in_any_order() {
    // Days newest first (as results come), then shuffled, then with some
    // outside the bounds: the counts per bar are the same brute-force ones.
    let start = day(2019, 1, 1);
    let mut days: Vec<NaiveDate> = (0..3000u64)
        .map(|i| start + chrono::Days::new((i * 7919) % 1500))
        .collect();
    days.sort_unstable_by(|a, b| b.cmp(a));
    let bounds = (start, start + chrono::Days::new(1499));
    let brute = |days: &[NaiveDate], bars: &[(NaiveDate, NaiveDate, u32)]| -> Vec<u32> {
        bars.iter()
            .map(|b| {
                days.iter()
                    .filter(|&&d| b.0 <= d && d <= b.1 && d >= bounds.0)
                    .count() as u32
            })
            .collect()
    };
    let (_, sorted) = histogram(days.iter().copied(), bounds);
    assert_eq!(
        sorted.iter().map(|b| b.2).collect::<Vec<_>>(),
        brute(&days, &sorted)
    );
    assert_eq!(sorted.iter().map(|b| b.2).sum::<u32>(), 3000);
    let mut shuffled = days.clone();
    for i in 0..shuffled.len() {
        shuffled.swap(i, (i * 7 + 3) % days.len());
    }
    shuffled.push(day(2000, 1, 1));
    shuffled.push(day(2030, 1, 1));
    let (_, mixed) = histogram(shuffled.iter().copied(), bounds);
    assert_eq!(mixed, sorted, "order and strays change nothing");
}
