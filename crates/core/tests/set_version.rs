//! Schema version 2: dates with a UTC offset, where the date came from,
//! authors and an image. Version 1 files read as they always did; a
//! version above 2 is refused.

use broadsheet_core::set::is_line_per_record_header;
use broadsheet_core::{
    parse_article_records, Article, ArticleSet, ArticleSetReader, DateSource, LoadedArticles,
    SetError, StoredArticle, SET_VERSION,
};

const V1_HEADER: &str = "{\"format\":\"broadsheet-article-set\",\"version\":1,\"articles\":[";

fn load(json: &str) -> LoadedArticles {
    parse_article_records(json).unwrap_or_else(|e| panic!("the file loads: {e}"))
}

fn streamed(json: &str) -> Result<LoadedArticles, SetError> {
    let mut reader = ArticleSetReader::new();
    for piece in json.as_bytes().chunks(7) {
        reader.push(piece);
    }
    reader.finish()
}

fn zoned_feed_article() -> Article {
    Article::builder("feed-1")
        .title("Council meets late")
        .published("2021-09-13T23:03:39+04:30")
        .published_from(DateSource::Feed)
        .lead("The council met after dark.")
        .body(["It agreed on the budget."])
        .source("NOURNEWS")
        .authors(["A. Writer", "B. Writer"])
        .url("https://example.org/news/1")
        .image("https://img.example.org/1.jpg")
        .build()
}

fn captured_article() -> Article {
    Article::builder("warc-1")
        .title("A page with no date")
        .published("2021-09-13T18:33:00Z")
        .published_from(DateSource::Capture)
        .lead("Only the crawler knew when.")
        .build()
}

#[test]
fn writers_write_version_3() {
    assert_eq!(SET_VERSION, 3);
    let json = ArticleSet::new(vec![zoned_feed_article()]).to_json();
    assert!(
        json.starts_with("{\"format\":\"broadsheet-article-set\",\"version\":3,\"articles\":[\n"),
        "{json}"
    );
    assert!(is_line_per_record_header(
        json.lines().next().unwrap().as_bytes()
    ));
}

#[test]
fn zoned_dates_and_the_new_fields_round_trip() {
    let set = ArticleSet::new(vec![zoned_feed_article(), captured_article()]);
    let json = set.to_json();
    assert!(json.contains(r#""published":"2021-09-13T23:03:39+04:30","published_from":"feed""#));
    assert!(json.contains(r#""published":"2021-09-13T18:33:00+00:00","published_from":"capture""#));
    assert!(json.contains(r#""authors":["A. Writer","B. Writer"]"#));
    assert!(json.contains(r#""image":"https://img.example.org/1.jpg""#));
    let loaded = load(&json);
    assert_eq!(loaded.skipped, []);
    assert_eq!(loaded.articles, set.articles);
    assert_eq!(streamed(&json).unwrap().articles, set.articles);
    // 23:03:39 at +04:30 (18:33:39 UTC) is newer than 18:33:00 UTC.
    assert_eq!(set.articles[0].id, "feed-1");
}

#[test]
fn absent_new_fields_are_not_written() {
    let plain = Article::builder("x").title("T").lead("L").build();
    let line = serde_json::to_string(&plain).unwrap();
    for field in ["published_from", "authors", "image"] {
        assert!(!line.contains(field), "{line}");
    }
}

#[test]
fn a_capture_time_is_never_shown_as_a_publication_date() {
    let a = captured_article();
    assert_eq!(a.date_label(), "captured 13 Sep 2021");
    assert_eq!(StoredArticle::from(a).date_label(), "captured 13 Sep 2021");
    assert_eq!(
        zoned_feed_article().date_label(),
        "13 Sep 2021, 23:03 (+04:30)"
    );
}

#[test]
fn a_version_1_file_is_read_as_before() {
    let records = [
        r#"{"id":"a","title":"A","published":"2021-09-13T23:03:39","lead":"A lead.","source":"NOURNEWS"}"#,
        r#"{"id":"b","title":"B","published":"2019-01-04","lead":"B lead.","url":"https://example.org/b"}"#,
    ];
    let json = format!("{V1_HEADER}\n{}\n]}}\n", records.join(",\n"));
    let loaded = load(&json);
    assert_eq!(loaded.skipped, []);
    let ids: Vec<_> = loaded.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(loaded.articles[0].published.to_iso(), "2021-09-13T23:03:39");
    assert_eq!(loaded.articles[0].published_from, None);
    assert!(loaded.articles[0].authors.is_empty());
    assert_eq!(streamed(&json).unwrap().articles, loaded.articles);
    // Still read a line at a time: the first record is out before the end.
    let mut reader = ArticleSetReader::new();
    reader.push(format!("{V1_HEADER}\n{},\n", records[0]).as_bytes());
    assert_eq!(reader.articles_so_far(), 1);
}

#[test]
fn version_4_is_refused() {
    let json = format!(
        "{}\n]}}\n",
        V1_HEADER.replace("\"version\":1", "\"version\":4")
    );
    let e = parse_article_records(&json).unwrap_err();
    assert_eq!(e, SetError::UnsupportedVersion { found: 4 });
    assert!(e.to_string().contains("(version 3)"), "{e}");
    assert_eq!(
        streamed(&json).unwrap_err(),
        SetError::UnsupportedVersion { found: 4 }
    );
}

#[test]
fn version_3_carries_each_copy_s_story() {
    let records = [
        r#"{"id":"agency","title":"A","published":"2021-09-13T08:00:00","lead":"x","source":"Agency","cluster":"agency"}"#,
        r#"{"id":"client","title":"B","published":"2021-09-13T09:00:00","lead":"x","source":"Client","cluster":"agency"}"#,
        r#"{"id":"alone","title":"C","published":"2021-09-13T10:00:00","lead":"y"}"#,
    ];
    let v3 = format!(
        "{}\n{}\n]}}\n",
        V1_HEADER.replace("\"version\":1", "\"version\":3"),
        records.join(",\n")
    );
    let loaded = parse_article_records(&v3).unwrap();
    let clusters: Vec<Option<&str>> = loaded
        .articles
        .iter()
        .map(|a| a.cluster.as_deref())
        .collect();
    assert_eq!(clusters, [Some("agency"), Some("agency"), None]);
    assert_eq!(streamed(&v3).unwrap().articles, loaded.articles);
    // Written back as it was read: the field only where there is a story.
    let json = ArticleSet::new(loaded.articles.clone()).to_json();
    assert!(
        json.starts_with(r#"{"format":"broadsheet-article-set","version":3,"#),
        "{json}"
    );
    assert_eq!(json.matches(r#""cluster":"agency""#).count(), 2);
    let v2 = v3.replace("\"version\":3", "\"version\":2");
    assert_eq!(
        parse_article_records(&v2).unwrap().articles,
        loaded.articles
    );
}

#[test]
fn bad_new_fields_skip_the_record_naming_the_field() {
    let good = r#"{"id":"ok","title":"T","published":"2021-09-13","lead":"x"}"#;
    let bad = [
        (r#"{"id":"1","title":"T","published":"2021-09-13","lead":"x","published_from":"rumour"}"#, "`published_from`: unknown variant `rumour`, expected one of `page`, `feed`, `url`, `capture`"),
        (r#"{"id":"2","title":"T","published":"2021-09-13","lead":"x","published_from":"Page"}"#, "`published_from`: unknown variant `Page`"),
        (r#"{"id":"3","title":"T","published":"2021-09-13","lead":"x","authors":"A. Writer"}"#, "`authors`: invalid type: string \"A. Writer\", expected a sequence"),
        (r#"{"id":"4","title":"T","published":"2021-09-13","lead":"x","image":7}"#, "`image`: invalid type: integer `7`, expected a string"),
    ];
    let records: Vec<&str> = std::iter::once(good)
        .chain(bad.iter().map(|b| b.0))
        .collect();
    let loaded = load(&format!("[{}]", records.join(",\n")));
    assert_eq!(loaded.articles.len(), 1);
    for (skip, (_, reason)) in loaded.skipped.iter().zip(bad) {
        assert!(
            skip.reason.starts_with(reason),
            "{} vs {reason}",
            skip.reason
        );
    }
    assert_eq!(loaded.skipped.len(), bad.len());
}

#[test]
fn an_unsafe_image_loads_but_is_never_used() {
    let json = r#"[{"id":"1","title":"T","published":"2021-09-13","lead":"x","image":"javascript:alert(1)"}]"#;
    let a = &load(json).articles[0];
    assert_eq!(a.image.as_deref(), Some("javascript:alert(1)"));
    assert_eq!(a.safe_image(), None);
}
