//! The streaming reader gives what `parse_article_records` gives, however
//! the bytes are cut into chunks.

use broadsheet_core::{parse_article_records, ArticleSetReader, LoadedArticles, SetError};
use proptest::prelude::*;

const BUNDLED: &str = include_str!("../../../static/articles.json");
const WIKINEWS: &str = include_str!("../../../data/wikinews-en/articles.json");

fn streamed(bytes: &[u8], chunk: usize) -> Result<LoadedArticles, SetError> {
    let mut reader = ArticleSetReader::new();
    for piece in bytes.chunks(chunk.max(1)) {
        reader.push(piece);
    }
    reader.finish()
}

/// A set in the layout `broadsheet-ingest` writes, with a bad record, a
/// conflicting duplicate and an identical one among the good ones.
fn canonical_with_problems() -> String {
    let good: Vec<&str> = BUNDLED
        .lines()
        .skip(1)
        .take(3)
        .map(|l| l.trim_end_matches(','))
        .collect();
    let bad = r#"{"id":"bad","title":"No date"}"#;
    let conflict = good[0].replacen("\"title\":\"", "\"title\":\"Changed ", 1);
    format!(
        "{{\"format\":\"broadsheet-article-set\",\"version\":1,\"articles\":[\n{},\n{bad},\n{},\n{conflict},\n{},\n{}\n]}}\n",
        good[0], good[1], good[1], good[2]
    )
}

#[test]
fn the_bundled_set_streams_line_by_line_to_the_same_articles() {
    let whole = parse_article_records(BUNDLED).unwrap();
    for chunk in [1, 7, 4096, 65536, BUNDLED.len()] {
        assert_eq!(
            streamed(BUNDLED.as_bytes(), chunk).unwrap(),
            whole,
            "chunks of {chunk}"
        );
    }
    assert_eq!(whole.articles.len(), 322);
}

#[test]
fn skipped_records_and_duplicates_are_reported_alike() {
    let text = canonical_with_problems();
    let whole = parse_article_records(&text).unwrap();
    assert_eq!(whole.skipped.len(), 2, "{:?}", whole.skipped);
    assert_eq!(whole.identical_duplicates, 1);
    assert_eq!(streamed(text.as_bytes(), 13).unwrap(), whole);
    // CRLF line ends and a BOM change nothing.
    let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    assert_eq!(streamed(crlf.as_bytes(), 5).unwrap(), whole);
}

#[test]
fn other_layouts_are_read_whole() {
    let whole = parse_article_records(WIKINEWS).unwrap();
    assert_eq!(streamed(WIKINEWS.as_bytes(), 1000).unwrap(), whole);
    let pretty =
        serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(BUNDLED).unwrap())
            .unwrap();
    assert_eq!(
        streamed(pretty.as_bytes(), 333).unwrap(),
        parse_article_records(&pretty).unwrap()
    );
    for broken in [
        "",
        "{\"format\":",
        "42",
        "{\"format\":\"other\",\"articles\":[]}",
    ] {
        assert_eq!(
            streamed(broken.as_bytes(), 3),
            parse_article_records(broken),
            "{broken:?}"
        );
    }
}

#[test]
fn a_cut_download_keeps_what_arrived_and_says_the_rest_is_missing() {
    let cut = &BUNDLED.as_bytes()[..BUNDLED.len() / 2];
    let got = streamed(cut, 4096).unwrap();
    assert!(
        got.articles.len() > 10 && got.articles.len() < 322,
        "{}",
        got.articles.len()
    );
    let last = got.skipped.last().unwrap();
    assert!(
        last.reason.contains("the rest of the set is missing"),
        "{last}"
    );
    // The record cut in the middle is reported too, not silently dropped.
    assert!(got.skipped.len() == 2, "{:?}", got.skipped);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn any_chunking_gives_the_same_result(chunk in 1usize..5000) {
        let text = canonical_with_problems();
        prop_assert_eq!(streamed(text.as_bytes(), chunk).unwrap(), parse_article_records(&text).unwrap());
    }
}

fn limited(bytes: &[u8], chunk: usize, limit: usize) -> Result<LoadedArticles, SetError> {
    let mut reader = ArticleSetReader::with_limit(limit);
    for piece in bytes.chunks(chunk.max(1)) {
        reader.push(piece);
    }
    reader.finish()
}

#[test]
fn a_limit_refuses_a_large_file_that_must_be_read_whole() {
    // The Wikinews corpus is pretty-printed: it can only be read whole.
    let limit = WIKINEWS.len() - 1;
    for chunk in [1000, WIKINEWS.len()] {
        let refused = limited(WIKINEWS.as_bytes(), chunk, limit).unwrap_err();
        assert_eq!(refused, SetError::TooLargeToReadWhole { limit });
        assert!(refused
            .to_string()
            .contains("broadsheet-ingest FILE -o set.json"));
    }
    // At the limit, nothing changes.
    assert_eq!(
        limited(WIKINEWS.as_bytes(), 1000, WIKINEWS.len()),
        parse_article_records(WIKINEWS)
    );
}

#[test]
fn a_limit_skips_only_the_oversized_record_of_a_line_per_record_set() {
    let set = canonical_with_problems();
    let limit = set.lines().map(str::len).max().unwrap() + 1;
    let huge = format!(
        r#"{{"id":"huge","title":"{}","published":"2021-01-01","lead":"x"}}"#,
        "t".repeat(limit)
    );
    let with_huge = set.replacen(",\n", &format!(",\n{huge},\n"), 1);
    let whole = parse_article_records(&set).unwrap();
    for chunk in [1, 100, with_huge.len()] {
        let got = limited(with_huge.as_bytes(), chunk, limit).unwrap();
        assert_eq!(got.articles, whole.articles, "chunk {chunk}");
        let reasons: Vec<String> = got.skipped.iter().map(|s| s.to_string()).collect();
        assert_eq!(
            reasons[0],
            format!(
                "line 3: record 2: the record is over {} MB, more than one article may hold here",
                limit / 1_000_000
            ),
            "chunk {chunk}"
        );
        assert_eq!(got.skipped.len(), whole.skipped.len() + 1);
    }
}

#[test]
fn text_after_the_end_of_a_line_per_record_set_is_reported_not_read() {
    let set = canonical_with_problems();
    let extra = set
        .lines()
        .nth(1)
        .unwrap()
        .trim_end_matches(',')
        .replace("\"id\":\"", "\"id\":\"extra-");
    let with_tail = format!("{set}{extra}\n{extra}\n");
    let whole = parse_article_records(&set).unwrap();
    for chunk in [1, 64, with_tail.len()] {
        let got = streamed(with_tail.as_bytes(), chunk).unwrap();
        assert_eq!(got.articles, whole.articles, "chunk {chunk}");
        let last = got.skipped.last().unwrap();
        assert_eq!(
            last.to_string(),
            format!(
                "line {}: record {}: text after the end of the set (`]}}`) is not read",
                set.lines().count() + 1,
                whole.articles.len() + whole.skipped.len() + whole.identical_duplicates + 1
            ),
            "chunk {chunk}"
        );
        assert_eq!(got.skipped.len(), whole.skipped.len() + 1, "reported once");
    }
}
