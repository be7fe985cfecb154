//! The article set (the JSON the viewer loads): round trips, canonical order,
//! the bundled corpora, per-record skipping with located reasons, whole-file
//! errors, duplicate ids and link safety.

use broadsheet_core::set::HandedRecords;
use broadsheet_core::{
    parse_article_records, parse_seed_text, Article, ArticleSet, LoadedArticles, Published,
    SetError, SkippedRecord, SET_FORMAT, SET_VERSION,
};
use proptest::prelude::*;
use serde_json::Value;

const SEED: &str = include_str!("../../../data/seed/75422.txt");
const WIKINEWS: &str = include_str!("../../../data/wikinews-en/articles.json");
const VOA: &str = include_str!("../../../data/voa-learningenglish/articles.json");

fn seed() -> Article {
    parse_seed_text(SEED).expect("the seed article parses")
}

fn day_only() -> Article {
    Article::builder("wikinews-en-e8d671d30811")
        .title("Magnitogorsk apartment building collapses after explosion, dozens dead")
        .published("2019-01-04")
        .lead("An apartment building collapsed on Monday in Magnitogorsk.")
        .body([
            "The 1973 building was home to over 1,000 people.",
            "Rescuers responded.",
        ])
        .source("Wikinews (English)")
        .url("https://en.wikinews.org/wiki/Magnitogorsk")
        .lang("en")
        .license("CC BY 2.5")
        .build()
}

fn article(id: &str, published: &str) -> Article {
    Article::builder(id)
        .title(format!("Title {id}"))
        .published(published)
        .lead(format!("Lead of {id}."))
        .body([format!("Body of {id}.")])
        .build()
}

fn load(json: &str) -> LoadedArticles {
    parse_article_records(json).unwrap_or_else(|e| panic!("the file loads: {e}"))
}

// ---------------------------------------------------------------------------
// Round trip and canonical output
// ---------------------------------------------------------------------------

#[test]
fn json_round_trip_gives_the_same_articles() {
    let set = ArticleSet::new(vec![day_only(), seed()]);
    let json = set.to_json();
    let loaded = load(&json);
    assert_eq!(loaded.articles, set.articles);
    assert_eq!(loaded.skipped, []);
    assert_eq!(loaded.identical_duplicates, 0);
    assert_eq!(loaded.articles[0], seed(), "newest first");
    assert_eq!(loaded.articles[1], day_only());
}

#[test]
fn published_keeps_its_stored_form_in_the_json_text() {
    let json = ArticleSet::new(vec![day_only(), seed()]).to_json();
    assert!(
        json.contains(r#""published":"2021-09-13T23:03:39""#),
        "{json}"
    );
    assert!(
        json.contains(r#""published":"2019-01-04""#),
        "day-only stays day-only: {json}"
    );
    assert!(
        !json.contains("2019-01-04T"),
        "no invented midnight: {json}"
    );
    assert!(
        !json.contains("Z\"") && !json.contains("+00:00"),
        "no zone: {json}"
    );
    let reloaded = load(&json);
    assert_eq!(
        reloaded.articles[1].published,
        Published::Date(chrono::NaiveDate::from_ymd_opt(2019, 1, 4).unwrap())
    );
    assert_eq!(reloaded.articles[1].published.display(), "4 Jan 2019");
    assert_eq!(
        reloaded.articles[0].published.display(),
        "13 Sep 2021, 23:03"
    );
}

#[test]
fn to_json_layout_is_one_article_per_line() {
    let set = ArticleSet::new(vec![day_only(), seed()]);
    let json = set.to_json();
    let lines: Vec<&str> = json.lines().collect();
    assert_eq!(lines.len(), 4, "{json}");
    assert_eq!(
        lines[0],
        format!(r#"{{"format":"{SET_FORMAT}","version":{SET_VERSION},"articles":["#)
    );
    assert!(lines[1].starts_with(r#"{"id":"75422","title":"#) && lines[1].ends_with("},"));
    assert!(lines[2].starts_with(r#"{"id":"wikinews-en-e8d671d30811""#) && lines[2].ends_with('}'));
    assert_eq!(lines[3], "]}");
    assert!(json.ends_with("]}\n"));
    // Absent optional fields are left out rather than written as null.
    assert!(!lines[1].contains("null") && !lines[1].contains("\"url\""));
    // It is also plain JSON that serde reads back as the same set.
    assert_eq!(serde_json::from_str::<ArticleSet>(&json).unwrap(), set);
}

#[test]
fn an_empty_set_round_trips() {
    let json = ArticleSet::new(vec![]).to_json();
    assert_eq!(
        json,
        format!("{{\"format\":\"{SET_FORMAT}\",\"version\":{SET_VERSION},\"articles\":[\n]}}\n")
    );
    assert_eq!(load(&json), LoadedArticles::default());
}

#[test]
fn non_latin_text_round_trips() {
    let mut a = article("fa-1", "2021-09-14T08:15:00");
    a.title = "خبر: دیدار نخست\u{200c}وزیر عراق".into();
    a.lead = "دریابان علی شمخانی با مصطفی الکاظمی دیدار کرد.".into();
    a.body = vec!["«همکاری» ادامه دارد؛ \"نقل قول\" و \\ بک\u{200f}اسلش".into()];
    a.lang = Some("fa".into());
    let set = ArticleSet::new(vec![a.clone()]);
    assert_eq!(load(&set.to_json()).articles, [a]);
}

#[test]
fn fractional_seconds_do_not_break_the_round_trip() {
    let json = r#"[{"id":"f","title":"T","published":"2021-09-13T23:03:39.250","lead":"L"}]"#;
    let first = load(json).articles;
    let written = ArticleSet::new(first.clone()).to_json();
    assert!(
        written.contains(r#""published":"2021-09-13T23:03:39""#),
        "{written}"
    );
    assert_eq!(
        load(&written).articles,
        first,
        "what is written back reads as the same article"
    );
}

#[test]
fn to_json_is_deterministic_and_sorted_newest_first_then_by_id() {
    let articles = vec![
        article("b", "2021-09-13T23:03:39"),
        article("a", "2021-09-13T23:03:39"),
        article("day", "2021-09-13"),
        article("old", "2019-01-04"),
        article("c", "2021-09-13T23:03:40"),
        article("midnight", "2021-09-13T00:00:00"),
        article("aa", "2019-01-04"),
    ];
    let want = ["c", "a", "b", "midnight", "day", "aa", "old"];
    let reference = ArticleSet::new(articles.clone());
    let ids: Vec<&str> = reference.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, want);
    let json = reference.to_json();
    assert_eq!(json, reference.to_json(), "same set, same bytes");

    // Every rotation, and every rotation reversed, gives the same bytes.
    for k in 0..articles.len() {
        let mut v = articles.clone();
        v.rotate_left(k);
        assert_eq!(ArticleSet::new(v.clone()).to_json(), json, "rotation {k}");
        v.reverse();
        assert_eq!(ArticleSet::new(v).to_json(), json, "reversed rotation {k}");
    }
    // And the order survives loading.
    let loaded: Vec<String> = load(&json).articles.into_iter().map(|a| a.id).collect();
    assert_eq!(loaded, want);
}

// ---------------------------------------------------------------------------
// The bundled corpora (bare arrays whose lead is repeated as body[0])
// ---------------------------------------------------------------------------

fn check_corpus(json: &str, expected: usize, source: &str) {
    let raw: Vec<Value> = serde_json::from_str(json).unwrap();
    assert_eq!(raw.len(), expected);
    let loaded = load(json);
    assert_eq!(loaded.skipped, [], "nothing skipped");
    assert_eq!(loaded.identical_duplicates, 0);
    assert_eq!(loaded.articles.len(), expected);
    for (a, r) in loaded.articles.iter().zip(&raw) {
        assert_eq!(a.id, r["id"].as_str().unwrap(), "file order kept");
        assert_eq!(a.title, r["title"].as_str().unwrap());
        assert_eq!(a.lead, r["lead"].as_str().unwrap());
        let raw_body: Vec<&str> = r["body"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        assert_eq!(
            raw_body[0], a.lead,
            "{}: the corpus repeats the lead as body[0]",
            a.id
        );
        assert_eq!(
            a.body,
            raw_body[1..],
            "{}: the lead is kept once, the rest in order",
            a.id
        );
        assert_ne!(a.body.first(), Some(&a.lead), "{}", a.id);
        assert!(
            matches!(a.published, Published::Date(_)),
            "{}: day-only",
            a.id
        );
        assert_eq!(a.published.to_iso(), r["published"].as_str().unwrap());
        assert_eq!(a.source, source);
        assert_eq!(a.lang.as_deref(), Some("en"));
        assert!(a.safe_url().is_some(), "{}: {:?}", a.id, a.url);
        assert!(a.license.is_some());
        assert_eq!(a.validate(), Ok(()));
    }
}

#[test]
fn wikinews_corpus_loads_whole() {
    check_corpus(WIKINEWS, 291, "Wikinews (English)");
    let loaded = load(WIKINEWS);
    assert!(loaded
        .articles
        .iter()
        .all(|a| a.license.as_deref() == Some("CC BY 2.5")));
    assert_eq!(loaded.articles[0].id, "wikinews-en-e8d671d30811");
}

#[test]
fn voa_corpus_loads_whole_ignoring_its_extra_fields() {
    let raw: Vec<Value> = serde_json::from_str(VOA).unwrap();
    let source = raw[0]["source"].as_str().unwrap().to_owned();
    assert!(
        raw.iter().all(|r| r.get("published_basis").is_some()),
        "VOA records carry extra fields"
    );
    check_corpus(VOA, 30, &source);
}

#[test]
fn corpora_round_trip_through_an_article_set() {
    let mut all = load(WIKINEWS).articles;
    all.extend(load(VOA).articles);
    all.push(seed());
    let set = ArticleSet::new(all);
    assert_eq!(set.articles.len(), 322);
    assert_eq!(
        set.articles[0].published.date(),
        set.articles
            .iter()
            .map(|a| a.published.date())
            .max()
            .unwrap()
    );
    let json = set.to_json();
    let back = load(&json);
    assert_eq!(back.skipped, []);
    assert_eq!(back.articles, set.articles);
    assert_eq!(ArticleSet::new(back.articles).to_json(), json);
}

// ---------------------------------------------------------------------------
// Bad records: skipped, located and explained; good ones kept
// ---------------------------------------------------------------------------

const MIXED: &str = r#"[
{"id":"good-1","title":"Good one","published":"2020-01-02","lead":"Lead one."},
{"id":"no-title","published":"2020-01-02","lead":"x"},
{"id":"bad-date","title":"T","published":"13/45/2021","lead":"x"},
{"id":"bad-body","title":"T","published":"2020-01-02","lead":"x","body":"not a list"},
{"id":"","title":"T","published":"2020-01-02","lead":"x"},
{"id":"good-2","title":"Good two","published":"2020-01-03T10:00:00","lead":"Lead two.","body":["More."]}
]"#;

#[test]
fn bad_records_are_skipped_with_position_id_and_a_reason_naming_the_field() {
    let loaded = load(MIXED);
    let ids: Vec<&str> = loaded.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["good-1", "good-2"]);
    assert_eq!(loaded.articles[1].body, ["More."]);
    assert_eq!(
        loaded.skipped,
        [
            SkippedRecord {
                record: 2,
                line: 3,
                id: Some("no-title".into()),
                reason: "missing field `title`".into()
            },
            SkippedRecord {
                record: 3,
                line: 4,
                id: Some("bad-date".into()),
                reason:
                    "`published`: `13/45/2021` is not an ISO 8601 date (YYYY-MM-DD) or date-time \
                         (YYYY-MM-DDTHH:MM:SS, optionally with an offset such as +04:30 or Z)"
                        .into(),
            },
            SkippedRecord {
                record: 4,
                line: 5,
                id: Some("bad-body".into()),
                reason: "`body`: invalid type: string \"not a list\", expected a sequence".into(),
            },
            SkippedRecord {
                record: 5,
                line: 6,
                id: Some(String::new()),
                reason: "`id` is empty".into()
            },
        ]
    );
    assert_eq!(loaded.identical_duplicates, 0);
}

#[test]
fn skipped_records_display_their_place() {
    let loaded = load(MIXED);
    let shown: Vec<String> = loaded.skipped.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown[0],
        "line 3: record 2 (id \"no-title\"): missing field `title`"
    );
    assert!(
        shown[1].starts_with("line 4: record 3 (id \"bad-date\"): `published`: `13/45/2021`"),
        "{}",
        shown[1]
    );
    assert_eq!(shown[3], "line 6: record 5 (id \"\"): `id` is empty");
}

#[test]
fn more_bad_records_in_a_pretty_printed_article_set() {
    let json = format!(
        r#"{{
  "format": "{SET_FORMAT}",
  "version": 1,
  "articles": [
    {{
      "id": "ok",
      "title": "Fine",
      "published": "2020-05-05",
      "lead": "Text."
    }},
    42,
    {{
      "id": 7,
      "title": "Numeric id",
      "published": "2020-05-05",
      "lead": "Text."
    }},
    {{
      "id": "blank-title",
      "title": "   ",
      "published": "2020-05-05",
      "lead": "Text."
    }},
    {{
      "id": "no-text",
      "title": "Headline only",
      "published": "2020-05-05",
      "lead": " ",
      "body": []
    }},
    {{
      "id": "null-lead",
      "title": "T",
      "published": "2020-05-05",
      "lead": null
    }},
    {{
      "id": "bad-offset",
      "title": "T",
      "published": "2021-09-13T23:03:39+24:00",
      "lead": "x"
    }},
    {{
      "id": "two-digit-year",
      "title": "T",
      "published": "21-09-13",
      "lead": "x"
    }},
    {{
      "id": "bad-url",
      "title": "T",
      "published": "2020-05-05",
      "lead": "x",
      "url": 5
    }}
  ]
}}"#
    );
    let loaded = load(&json);
    assert_eq!(loaded.articles.len(), 1);
    assert_eq!(loaded.articles[0].id, "ok");
    let got: Vec<(usize, usize, Option<&str>, &str)> = loaded
        .skipped
        .iter()
        .map(|s| (s.record, s.line, s.id.as_deref(), s.reason.as_str()))
        .collect();
    let bad_offset = "`published`: `2021-09-13T23:03:39+24:00` is not an ISO 8601 date (YYYY-MM-DD) or date-time \
                 (YYYY-MM-DDTHH:MM:SS, optionally with an offset such as +04:30 or Z)";
    let two_digit = "`published`: `21-09-13` is not an ISO 8601 date (YYYY-MM-DD) or date-time \
                     (YYYY-MM-DDTHH:MM:SS, optionally with an offset such as +04:30 or Z)";
    assert_eq!(
        got,
        [
            (
                2,
                11,
                None,
                "not an article: expected a JSON object, found a number"
            ),
            (
                3,
                12,
                Some("7"),
                "`id`: invalid type: integer `7`, expected a string"
            ),
            (4, 18, Some("blank-title"), "`title` is empty"),
            (
                5,
                24,
                Some("no-text"),
                "the article has no text (`lead` and `body` are empty)"
            ),
            (
                6,
                31,
                Some("null-lead"),
                "`lead`: invalid type: null, expected a string"
            ),
            (7, 37, Some("bad-offset"), bad_offset),
            (8, 43, Some("two-digit-year"), two_digit),
            (
                9,
                49,
                Some("bad-url"),
                "`url`: invalid type: integer `5`, expected a string"
            ),
        ]
    );
}

#[test]
fn a_record_without_a_lead_takes_its_first_body_paragraph() {
    let json = r#"[{"id":"x","title":"T","published":"2020-01-01","body":["First.","Second."]}]"#;
    let a = &load(json).articles[0];
    assert_eq!(a.lead, "First.");
    assert_eq!(a.body, ["Second."]);
}

// ---------------------------------------------------------------------------
// Whole-file errors
// ---------------------------------------------------------------------------

fn file_error(json: &str) -> SetError {
    parse_article_records(json).expect_err("the whole file is rejected")
}

#[test]
fn a_file_cut_short_keeps_the_records_before_the_cut_and_says_where() {
    let json = ArticleSet::new(vec![day_only(), seed()]).to_json();
    // Cut in the middle of the second article (line 3).
    let line3 = json.match_indices('\n').nth(1).unwrap().0 + 1;
    let cut = &json[..line3 + 40];
    let loaded = parse_article_records(cut).unwrap();
    let whole = parse_article_records(&json).unwrap();
    assert_eq!(loaded.articles, whole.articles[..1]);
    assert_eq!(loaded.skipped.len(), 1);
    let broke = &loaded.skipped[0];
    assert_eq!((broke.record, broke.line), (2, 3));
    assert!(
        broke
            .reason
            .starts_with("the file is broken here (column 40: EOF while parsing"),
        "{}",
        broke.reason
    );
    assert!(
        !broke.reason.contains(" at line "),
        "position is not repeated"
    );

    // A pretty-printed bare array cut short, too: every complete record is kept.
    let bare = &WIKINEWS[..WIKINEWS.len() / 2];
    let loaded = parse_article_records(bare).unwrap();
    let all = parse_article_records(WIKINEWS).unwrap();
    let kept = loaded.articles.len();
    assert!(kept > all.articles.len() / 3, "{kept} records kept");
    assert_eq!(loaded.articles, all.articles[..kept]);
    let broke = loaded.skipped.last().unwrap();
    assert_eq!(broke.line, bare.matches('\n').count() + 1);

    // A break inside the first record leaves nothing to keep: the file's
    // error stands, located.
    let first = &json[..json.find('\n').unwrap() + 30];
    assert!(matches!(
        parse_article_records(first),
        Err(SetError::Json {
            line: 2,
            column: 29,
            ..
        })
    ));
    // An article set of another format is never salvaged.
    let other = "{\"format\":\"other\",\"articles\":[{\"id\":\"a\"},";
    assert!(matches!(
        parse_article_records(other),
        Err(SetError::Json { .. })
    ));
}

#[test]
fn syntax_errors_are_located() {
    let json = "[\n{\"id\":\"a\",\n \"title\" \"missing colon\"}\n]";
    assert_eq!(
        file_error(json),
        SetError::Json {
            line: 3,
            column: 10,
            message: "expected `:`".into()
        },
        "{}",
        file_error(json)
    );
    assert!(matches!(
        file_error("hello"),
        SetError::Json {
            line: 1,
            column: 1,
            ..
        }
    ));
}

#[test]
fn an_object_of_another_format_is_wrong_format() {
    let e = file_error(r#"{"format":"other"}"#);
    assert_eq!(
        e,
        SetError::WrongFormat {
            found: Some("other".into())
        }
    );
    let shown = e.to_string();
    assert!(
        shown.contains("\"other\"") && shown.contains(SET_FORMAT),
        "{shown}"
    );

    let e = file_error(r#"{"articles":[]}"#);
    assert_eq!(e, SetError::WrongFormat { found: None });
    assert!(
        e.to_string().contains("expected a JSON array of articles"),
        "{e}"
    );
}

#[test]
fn a_newer_version_is_unsupported() {
    let json = format!(r#"{{"format":"{SET_FORMAT}","version":99,"articles":[]}}"#);
    let e = file_error(&json);
    assert_eq!(e, SetError::UnsupportedVersion { found: 99 });
    let shown = e.to_string();
    assert!(
        shown.contains("99") && shown.contains(&format!("version {SET_VERSION}")),
        "{shown}"
    );
}

#[test]
fn an_article_set_without_articles_is_an_error() {
    let json = format!(r#"{{"format":"{SET_FORMAT}","version":1}}"#);
    assert!(
        matches!(file_error(&json), SetError::Json { ref message, .. } if message.contains("`articles`"))
    );
}

#[test]
fn json_that_is_not_an_array_or_object_is_the_wrong_format() {
    for scalar in ["42", "null", "true", "\"articles\"", "  -1.5e3  "] {
        let e = file_error(scalar);
        assert_eq!(e, SetError::WrongFormat { found: None }, "{scalar}");
        let shown = e.to_string();
        assert!(
            shown.contains("expected a JSON array of articles or an object"),
            "{scalar}: {shown}"
        );
        assert!(!shown.contains("unit"), "no serde jargon: {shown}");
    }
}

#[test]
fn an_empty_file_is_an_error_that_says_so() {
    for empty in ["", "   \n\t", "\u{feff}"] {
        let e = file_error(empty);
        assert!(
            matches!(
                e,
                SetError::Json {
                    line: 1,
                    column: 1,
                    ..
                }
            ),
            "{empty:?}: {e:?}"
        );
        let shown = e.to_string();
        assert!(
            shown.starts_with("line 1, column 1: the file is empty"),
            "{shown}"
        );
        assert!(shown.contains("expected"), "{shown}");
    }
}

#[test]
fn a_utf8_bom_is_accepted() {
    let json = format!("\u{feff}{}", ArticleSet::new(vec![seed()]).to_json());
    assert_eq!(load(&json).articles, [seed()]);
}

// ---------------------------------------------------------------------------
// Duplicate ids within one file
// ---------------------------------------------------------------------------

#[test]
fn identical_duplicates_are_merged() {
    let record = serde_json::to_string(&seed()).unwrap();
    let json = format!("[\n{record},\n{record}\n]");
    let loaded = load(&json);
    assert_eq!(loaded.articles, [seed()]);
    assert_eq!(loaded.identical_duplicates, 1);
    assert_eq!(loaded.skipped, []);
}

#[test]
fn duplicates_identical_after_dropping_the_repeated_lead_are_merged() {
    let a = day_only();
    let mut repeated = a.clone();
    repeated.body.insert(0, a.lead.clone());
    let json = format!(
        "[{},{}]",
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&repeated).unwrap()
    );
    let loaded = load(&json);
    assert_eq!(loaded.articles, [a]);
    assert_eq!(loaded.identical_duplicates, 1);
}

#[test]
fn differing_duplicates_are_skipped_naming_the_winner() {
    let first = seed();
    let mut second = seed();
    second.title.push_str(" (updated)");
    let other = article("other", "2020-01-01");
    let json = format!(
        "[\n{},\n{},\n{}\n]",
        serde_json::to_string(&first).unwrap(),
        serde_json::to_string(&other).unwrap(),
        serde_json::to_string(&second).unwrap()
    );
    let loaded = load(&json);
    assert_eq!(loaded.articles, [first, other], "the first copy wins");
    assert_eq!(loaded.identical_duplicates, 0);
    assert_eq!(
        loaded.skipped,
        [SkippedRecord {
            record: 3,
            line: 4,
            id: Some("75422".into()),
            reason: "duplicate id with different content; record 1 has it and wins".into(),
        }]
    );
}

#[test]
fn an_invalid_first_copy_does_not_claim_the_id() {
    let json = r#"[
{"id":"x","title":"","published":"2020-01-01","lead":"a"},
{"id":"x","title":"Good","published":"2020-01-01","lead":"a"}
]"#;
    let loaded = load(json);
    assert_eq!(loaded.articles.len(), 1);
    assert_eq!(loaded.articles[0].title, "Good");
    assert_eq!(loaded.skipped.len(), 1);
    assert_eq!(loaded.skipped[0].record, 1);
    assert_eq!(loaded.skipped[0].reason, "`title` is empty");
}

// ---------------------------------------------------------------------------
// Links from untrusted files
// ---------------------------------------------------------------------------

#[test]
fn unsafe_urls_load_but_are_never_links() {
    let json = r#"[
{"id":"js","title":"T","published":"2020-01-01","lead":"x","url":"javascript:alert(document.cookie)"},
{"id":"js-caps","title":"T","published":"2020-01-01","lead":"x","url":"  JavaScript:alert(1)"},
{"id":"js-tab","title":"T","published":"2020-01-01","lead":"x","url":"java\tscript:alert(1)"},
{"id":"data","title":"T","published":"2020-01-01","lead":"x","url":"data:text/html,<script>alert(1)</script>"},
{"id":"relative","title":"T","published":"2020-01-01","lead":"x","url":"//evil.example/x"},
{"id":"ok","title":"T","published":"2020-01-01","lead":"x","url":" https://en.wikinews.org/wiki/X "}
]"#;
    let loaded = load(json);
    assert_eq!(loaded.skipped, []);
    let links: Vec<(&str, Option<&str>)> = loaded
        .articles
        .iter()
        .map(|a| (a.id.as_str(), a.safe_url()))
        .collect();
    assert_eq!(
        links,
        [
            ("js", None),
            ("js-caps", None),
            ("js-tab", None),
            ("data", None),
            ("relative", None),
            ("ok", Some("https://en.wikinews.org/wiki/X")),
        ]
    );
    // The stored value is kept as it was; only rendering it as a link is refused.
    assert_eq!(
        loaded.articles[0].url.as_deref(),
        Some("javascript:alert(document.cookie)")
    );
}

// ---------------------------------------------------------------------------
// Properties: never a panic; whatever loads is valid
// ---------------------------------------------------------------------------

fn check_outcome(json: &str) -> Result<(), TestCaseError> {
    if let Ok(loaded) = parse_article_records(json) {
        for a in &loaded.articles {
            prop_assert_eq!(a.validate(), Ok(()));
        }
        for s in &loaded.skipped {
            prop_assert!(s.record >= 1 && s.line >= 1 && !s.reason.is_empty());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,300}") {
        check_outcome(&text)?;
    }

    #[test]
    fn json_shaped_text_never_panics(text in r#"[\[\]{}",:0-9a-z \n]{0,200}"#) {
        check_outcome(&text)?;
    }

    #[test]
    fn a_set_cut_anywhere_never_panics(cut in 0usize..4000) {
        let json = ArticleSet::new(vec![day_only(), seed()]).to_json();
        let mut cut = cut.min(json.len());
        while !json.is_char_boundary(cut) {
            cut -= 1;
        }
        check_outcome(&json[..cut])?;
    }
}

/// Records handed over one at a time (the page's embedding API) give what
/// the same records give in a file: the same articles in the same order,
/// the same duplicate rule, a scraper's record read, and each bad record
/// skipped with the same reason, numbered but with no line.
#[test]
fn handed_records_keep_and_skip_as_a_file_does() {
    let records = [
        r#"{"id":"a","title":"First","published":"2021-09-13T23:03:39","lead":"One.","body":["Two."],"source":"NOURNEWS"}"#,
        r#"{"id":"b","title":"","published":"2021-09-14T10:00:00","lead":"No title."}"#,
        r#"{"id":"c","title":"Bad date","published":"13/9/2021","lead":"x"}"#,
        r#"{"id":"a","title":"First","published":"2021-09-13T23:03:39","lead":"One.","body":["Two."],"source":"NOURNEWS"}"#,
        r#"{"id":"a","title":"Changed","published":"2021-09-13T23:03:39","lead":"One."}"#,
        r#"{"url":"https://example.org/news/1","title":"Scraped","date_publish":"2021-09-15 08:00:00","maintext":"Scraped text."}"#,
        r#"42"#,
        r#"{"id":"d","title":"Last","published":"2021-09-16","lead":"Four."}"#,
    ];
    let file = load(&format!("[{}]", records.join(",\n")));
    let mut handed = HandedRecords::new();
    for text in records {
        // As the page does: its own schema straight into an article,
        // anything else as JSON text.
        match serde_json::from_str::<Article>(text) {
            Ok(article) => handed.push_article(article),
            Err(_) => handed.push_json(text),
        }
    }
    assert_eq!(handed.count(), records.len());
    let handed = handed.finish();
    let ids = |l: &LoadedArticles| l.articles.iter().map(|a| a.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&handed), ids(&file));
    assert_eq!(handed.articles, file.articles);
    assert_eq!(handed.identical_duplicates, 1);
    assert_eq!(handed.skipped.len(), file.skipped.len());
    assert!(handed.skipped.len() >= 4, "{:?}", handed.skipped);
    for (h, f) in handed.skipped.iter().zip(&file.skipped) {
        assert_eq!((h.record, &h.id, &h.reason), (f.record, &f.id, &f.reason));
        assert_eq!(h.line, 0);
        assert!(
            h.to_string().starts_with(&format!("record {}", h.record)),
            "{h}"
        );
    }
}
