//! Browser tests of the load summary: what was read and skipped, in the
//! CLI's words (`cargo test -p broadsheet --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

use broadsheet::components::{LoadSummary, LoadSummaryProps};
use broadsheet::library::{LoadReport, Origin};
use broadsheet_core::{FileProblem, Ignored, Problem};
use std::rc::Rc;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

async fn mount(report: LoadReport, articles: usize) -> Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<LoadSummary>::with_root_and_props(
        root.clone(),
        LoadSummaryProps {
            report: Rc::new(report),
            articles,
        },
    )
    .render();
    yew::scheduler::flush().await;
    root
}

fn text(root: &Element, selector: &str) -> Option<String> {
    root.query_selector(selector)
        .unwrap()
        .map(|e| e.text_content().unwrap_or_default())
}

fn problem(file: &str, line: Option<usize>, message: &str) -> FileProblem {
    FileProblem {
        file: file.into(),
        problem: Problem {
            line,
            column: None,
            message: message.into(),
        },
    }
}

#[wasm_bindgen_test]
async fn a_clean_bundled_set_says_nothing() {
    let root = mount(
        LoadReport {
            files: 1,
            ..LoadReport::default()
        },
        322,
    )
    .await;
    assert_eq!(root.child_element_count(), 0);
}

#[wasm_bindgen_test]
async fn opened_files_are_counted_and_each_skip_listed_with_file_line_and_reason() {
    let skipped = vec![
        problem(
            "a/broken.txt",
            Some(2),
            "`13/45/2021 1:00 PM` is not a valid date",
        ),
        problem("gone.json", None, "cannot read: NotReadableError"),
        problem("huge.json", Some(7), &"x".repeat(5000)),
    ];
    let root = mount(
        LoadReport {
            origin: Origin::Files { merged: false },
            files: 2003,
            merged: 2,
            ignored: 4,
            skipped: Rc::new(skipped),
            ..LoadReport::default()
        },
        2000,
    )
    .await;
    assert_eq!(text(&root, ".load-origin").as_deref(), Some("Your files"));
    assert_eq!(
        text(&root, ".load-counts").as_deref(),
        Some("2,003 files read · 2,000 articles · 3 skipped · 2 identical duplicates merged · 4 ignored (not .txt, or .json, .jsonl, .ndjson, .csv, .tsv, .xml, .rss, .atom or .warc, plain or .gz)")
    );
    let rows = root.query_selector_all(".skipped-list tbody tr").unwrap();
    assert_eq!(rows.length(), 3);
    let cells = |i: u32| {
        let row: Element = wasm_bindgen::JsCast::dyn_into(rows.item(i).unwrap()).unwrap();
        let cells = row.query_selector_all("td").unwrap();
        (0..cells.length())
            .map(|c| cells.item(c).unwrap().text_content().unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        cells(0),
        [
            "a/broken.txt",
            "2",
            "`13/45/2021 1:00 PM` is not a valid date"
        ]
    );
    assert_eq!(
        cells(1),
        ["gone.json", "—", "cannot read: NotReadableError"]
    );
    // A huge reason is clipped in the table; the row's title keeps the CLI line.
    assert_eq!(cells(2)[2].chars().count(), 401);
    let row: Element = wasm_bindgen::JsCast::dyn_into(rows.item(0).unwrap()).unwrap();
    assert_eq!(
        row.get_attribute("title").as_deref(),
        Some("a/broken.txt:2: `13/45/2021 1:00 PM` is not a valid date")
    );
}

#[wasm_bindgen_test]
async fn thousands_of_skips_list_the_first_five_hundred_and_count_the_rest() {
    let skipped: Vec<FileProblem> = (1..=1234)
        .map(|i| problem("big.json", Some(i), "missing field `title`"))
        .collect();
    let root = mount(
        LoadReport {
            origin: Origin::Url("https://example.org/set.json".into()),
            files: 1,
            skipped: Rc::new(skipped),
            ..LoadReport::default()
        },
        10,
    )
    .await;
    assert_eq!(
        text(&root, ".load-origin").as_deref(),
        Some("From https://example.org/set.json")
    );
    let rows = root.query_selector_all(".skipped-list tbody tr").unwrap();
    assert_eq!(rows.length(), 500);
    assert!(text(&root, "details > p")
        .unwrap()
        .starts_with("…and 734 more."));
}

#[wasm_bindgen_test]
async fn an_archive_part_that_could_not_be_used_is_said_in_an_alert() {
    let why = "The articles' sources are unknown: meta/64d3b9f50239ed65.bin.gz gives the article at position 0 source number 10, but the archive names 3 sources.";
    let root = mount(
        LoadReport {
            origin: Origin::Bundled,
            files: 1,
            warning: Some(why.to_owned()),
            ..LoadReport::default()
        },
        322,
    )
    .await;
    let alert = root
        .query_selector("[role=alert]")
        .unwrap()
        .expect("an alert");
    assert_eq!(alert.text_content().as_deref(), Some(why));
    assert_eq!(
        text(&root, ".load-counts").as_deref(),
        Some("1 file read · 322 articles · 0 skipped")
    );
}

#[wasm_bindgen_test]
async fn a_crawls_records_that_are_not_articles_are_counted_by_reason_as_the_cli_does() {
    let mut ignored_records = Ignored::default();
    for reason in [
        "request record",
        "not HTML",
        "not HTML",
        "redirect",
        "not HTML",
    ] {
        ignored_records.add(reason);
    }
    let root = mount(
        LoadReport {
            origin: Origin::Files { merged: false },
            files: 1,
            ignored_records,
            ..LoadReport::default()
        },
        1203,
    )
    .await;
    assert_eq!(
        text(&root, ".load-counts").as_deref(),
        Some("1 file read · 1,203 articles · 0 skipped · 5 records ignored (not HTML: 3, request record: 1, redirect: 1)")
    );
}
