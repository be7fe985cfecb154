//! WARC crawls as a user opens them (the CLI and the page share this path:
//! `load_named_file`, then `Batch`): what they see of each article, what
//! is counted as ignored, and where a cut file stops.

use broadsheet_core::{load_named_file, Batch, InputKind};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/warc");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{name}")).unwrap()
}

fn batch_of(names: &[&str]) -> Batch {
    let mut batch = Batch::new();
    for name in names {
        batch.add(
            name,
            load_named_file(name, InputKind::Records, &fixture(name)),
        );
    }
    batch
}

#[test]
fn each_article_shows_its_title_date_and_outlet() {
    let batch = batch_of(&["crawl.warc.gz"]);
    let seen: Vec<String> = batch
        .articles
        .iter()
        .map(|a| {
            format!(
                "{} · {} · {}",
                a.title,
                a.published.label(a.published_from),
                a.source
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            "Council passes the budget · 13 Sep 2021, 23:03 (+04:30) · The Daily Example",
            "Bridge reopens after repairs · 14 Sep 2021 · The Daily Example",
            "Library extends its opening hours · captured 15 Sep 2021 · library.example",
            "Rail strike ends after talks · 16 Sep 2021, 10:00 · rail.example",
            "Café owners “relieved” as terrace rules change · 17 Sep 2021 · daily.example",
            "بازگشایی مدارس پس از تعطیلات تابستانی · 18 Sep 2021, 08:30 (+03:30) · خبرگزاری نمونه",
        ]
    );
    assert!(batch.skipped.is_empty(), "{:?}", batch.skipped);
    assert_eq!(batch.ignored_records.total(), 8);
    assert_eq!(
        batch.ignored_records.to_string(),
        "warcinfo record: 1, request record: 1, not HTML: 1, redirect: 1, not an article: 1, charset windows-1256 is not read: 1, metadata record: 1, revisit record: 1"
    );
}

#[test]
fn a_cut_crawl_keeps_what_came_before_and_says_where_it_stops() {
    let batch = batch_of(&["cut.warc.gz"]);
    assert_eq!(batch.articles.len(), 3);
    let skipped: Vec<String> = batch.skipped.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        skipped,
        [
            "cut.warc.gz:9: record 9 (byte 6,673): cut short: Content-Length says 659 bytes, 247 came",
            "cut.warc.gz:9: the gzip stream ends early: the file was cut short",
        ]
    );
    assert_eq!(
        batch.ignored_records.to_string(),
        "warcinfo record: 1, request record: 1, not HTML: 1, redirect: 1, not an article: 1"
    );
}

#[test]
fn the_same_crawl_plain_and_gzipped_merges_into_one() {
    let batch = batch_of(&["crawl.warc", "crawl.warc.gz"]);
    assert_eq!((batch.articles.len(), batch.merged), (6, 6));
    assert_eq!(batch.ignored_records.total(), 16);
}
