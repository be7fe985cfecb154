//! Files as news scrapers write them, read through the same path as
//! Broadsheet's own sets (`load_file`, `ArticleSetReader`): one object per
//! file, arrays, and JSON Lines mixing tools, with a broken line among
//! good ones.

use broadsheet_core::{load_file, ArticleSetReader, FileLoad, InputKind};

const NEWS_PLEASE: &str = include_str!("../../../tests/fixtures/scrapers/news-please.json");
const TRAFILATURA: &str = include_str!("../../../tests/fixtures/scrapers/trafilatura.json");
const NEWSPAPER: &str = include_str!("../../../tests/fixtures/scrapers/newspaper4k.json");
const MIXED: &str = include_str!("../../../tests/fixtures/scrapers/mixed.jsonl");

fn titles(load: &FileLoad) -> Vec<&str> {
    load.articles
        .iter()
        .map(|(a, _)| a.title.as_str())
        .collect()
}

fn problems(load: &FileLoad) -> Vec<String> {
    load.problems
        .iter()
        .map(|p| format!("{}: {}", p.line.unwrap_or(0), p.message))
        .collect()
}

#[test]
fn a_file_of_one_scraped_object_is_one_article() {
    for (text, title) in [
        (NEWS_PLEASE, "Tehran reservoirs at fifty-year low"),
        (
            TRAFILATURA,
            "Ferry service to the islands resumes after storm",
        ),
    ] {
        let load = load_file(InputKind::Records, text.as_bytes());
        assert_eq!(titles(&load), [title]);
        assert_eq!(problems(&load), Vec::<String>::new());
        assert_eq!(load.articles[0].1, 1, "the article starts on line 1");
    }
}

#[test]
fn an_array_of_newspaper4k_articles_reads_each() {
    let load = load_file(InputKind::Records, NEWSPAPER.as_bytes());
    assert_eq!(
        titles(&load),
        [
            "Harvest festival draws record crowds",
            "Council approves new cycle lanes"
        ]
    );
    assert_eq!(load.articles[1].0.published.to_iso(), "2021-09-09");
}

#[test]
fn json_lines_mixing_tools_keep_every_good_line_and_name_the_bad_one() {
    let load = load_file(InputKind::Records, MIXED.as_bytes());
    assert_eq!(
        titles(&load),
        [
            "افتتاح مستشفى جديد",
            "A Broadsheet record among scraped ones",
            "Markets open higher",
            "Library extends opening hours",
        ]
    );
    let lines: Vec<usize> = load.articles.iter().map(|(_, l)| *l).collect();
    assert_eq!(lines, [1, 2, 4, 5]);
    let problems = problems(&load);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("3: "), "{problems:?}");
    assert_eq!(load.articles[0].0.lang.as_deref(), Some("ar"));
    assert_eq!(load.articles[0].0.direction(), "rtl");
}

#[test]
fn json_lines_stream_a_line_at_a_time_whatever_the_chunks() {
    // CRLF line ends and a BOM, as files from other systems have them.
    let crlf = format!("\u{feff}{}", MIXED.replace('\n', "\r\n"));
    let whole = load_file(InputKind::Records, MIXED.as_bytes());
    for chunk in [1, 3, 64, 4096] {
        let mut reader = ArticleSetReader::new();
        let mut early = Vec::new();
        for piece in crlf.as_bytes().chunks(chunk) {
            reader.push(piece);
            early.extend(reader.take_articles());
        }
        // Every line but the last arrives before the end of the file.
        assert!(early.len() >= 3, "chunk {chunk}: {}", early.len());
        let rest = FileLoad::from_set(reader.finish());
        let ids: Vec<String> = early
            .iter()
            .chain(rest.articles.iter().map(|(a, _)| a))
            .map(|a| a.id.clone())
            .collect();
        let want: Vec<String> = whole.articles.iter().map(|(a, _)| a.id.clone()).collect();
        assert_eq!(ids, want, "chunk {chunk}");
        assert_eq!(problems(&rest), problems(&whole), "chunk {chunk}");
    }
}

#[test]
fn the_same_story_twice_in_json_lines_is_merged_by_the_duplicate_rule() {
    let line = NEWS_PLEASE.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = format!("{line}\n{line}\n");
    let load = load_file(InputKind::Records, text.as_bytes());
    assert_eq!(load.articles.len(), 1);
    assert_eq!(load.merged, 1);
}

#[test]
fn an_object_of_no_known_kind_says_what_it_has() {
    let load = load_file(InputKind::Records, br#"{"headline":"T","body":"X"}"#);
    assert_eq!(
        problems(&load),
        ["1: record 1: not an article: its fields (`body`, `headline`) are neither a Broadsheet record's (`id`, `title`, `published`, …) nor those of a news-please, trafilatura or newspaper4k record"]
    );
}

#[test]
fn jsonl_and_ndjson_files_are_read_as_json_in_folders_and_by_name() {
    for name in ["a.jsonl", "b.NDJSON", "c.json"] {
        assert_eq!(
            InputKind::in_folder(name),
            Some(InputKind::Records),
            "{name}"
        );
        assert_eq!(InputKind::of_named(name), InputKind::Records, "{name}");
    }
}
