use super::*;

const RSS: &str = include_str!("../../../../../tests/fixtures/feeds/rss.xml");
const ATOM: &str = include_str!("../../../../../tests/fixtures/feeds/atom.xml");
const TRAFILATURA: &str = include_str!("../../../../../tests/fixtures/feeds/trafilatura.xml");

fn skips(loaded: &LoadedArticles) -> Vec<String> {
    loaded.skipped.iter().map(|s| s.to_string()).collect()
}

#[test]
fn rss_items_keep_the_outlets_time_and_offset_and_their_html_becomes_paragraphs() {
    let loaded = read_xml(RSS).unwrap();
    assert_eq!(loaded.articles.len(), 2);
    let metro = &loaded.articles[0];
    assert_eq!(metro.title, "Metro line 7 extended to the south");
    assert_eq!(metro.published.display(), "13 Sep 2021, 23:03 (+04:30)");
    assert_eq!(metro.published_from, Some(DateSource::Feed));
    // content:encoded is preferred over the description; the script is gone.
    assert_eq!(
        metro.lead,
        "Three new stations on metro line 7 opened on Monday, the city’s transport company said."
    );
    assert_eq!(
        metro.body,
        [
            "The extension adds 6 km to the line.",
            "Trains run every 8 minutes."
        ]
    );
    assert_eq!(metro.source, "Example Tehran Times & Co");
    assert_eq!(metro.lang.as_deref(), Some("en"));
    assert_eq!(metro.authors, ["Sara Mahmoudi"]);
    assert_eq!(
        metro.image.as_deref(),
        Some("https://www.example-tehran-times.com/images/461210.jpg")
    );
    // A URL guid becomes the host and a hash; a plain one is kept.
    assert!(
        metro.id.starts_with("example-tehran-times.com-"),
        "{}",
        metro.id
    );
    let fair = &loaded.articles[1];
    assert_eq!(fair.id, "etn-461199");
    assert_eq!(fair.published.display(), "12 Sep 2021, 08:15 (UTC)");
    assert_eq!(fair.authors, ["Reza Karimi"]);
    assert_eq!(
        fair.lead,
        "The international book fair opened on Sunday with 2,000 publishers from 40 countries."
    );
    assert_eq!(
        skips(&loaded),
        [
            "line 26: record 3: `pubDate`: `sometime last week` is not a date this reader knows (YYYY-MM-DD, with a time or not, or M/D/YYYY h:mm:ss AM|PM)",
            "line 32: record 4: the item has a title but no text (no description or content): a headline-only feed holds no articles",
        ]
    );
}

#[test]
fn atom_entries_read_xhtml_html_titles_and_several_authors() {
    let loaded = read_xml(ATOM).unwrap();
    assert!(loaded.skipped.is_empty(), "{:?}", skips(&loaded));
    let ferry = &loaded.articles[0];
    assert_eq!(ferry.title, "Ferry service resumes after storm");
    assert_eq!(ferry.published.display(), "12 Sep 2021, 09:30 (-01:00)");
    assert_eq!(ferry.body, ["The operator added a night crossing."]);
    assert_eq!(ferry.authors, ["Ana Lopes", "Tomás Reis"]);
    assert_eq!(ferry.source, "Example Azores News");
    assert_eq!(
        ferry.url.as_deref(),
        Some("https://example-azores-news.pt/2021/09/12/ferry-resumes")
    );
    // No `published`: `updated`; a summary is the text.
    let whales = &loaded.articles[1];
    assert_eq!(whales.id, "azores-whales-2021");
    assert_eq!(whales.published.to_iso(), "2021-09-10T07:00:00+00:00");
    assert_eq!(
        whales.lead,
        "Sperm whales were sighted off Pico a week earlier than usual."
    );
}

#[test]
fn trafilaturas_xml_is_one_article_without_its_comments() {
    let loaded = read_xml(TRAFILATURA).unwrap();
    let a = &loaded.articles[0];
    assert_eq!(a.id, "rhine-bridge-1");
    assert_eq!(a.title, "Bridge reopens after repairs");
    assert_eq!(a.lead, "Traffic returns");
    assert_eq!(a.body.len(), 2);
    assert_eq!(a.published.to_iso(), "2021-09-08");
    assert_eq!(a.published_from, Some(DateSource::Page));
    assert_eq!(a.authors, ["Lena Vogel", "Jonas Berg"]);
    assert_eq!(a.license.as_deref(), Some("CC BY-SA 4.0"));
    assert!(!a.paragraphs().any(|p| p.contains("Finally")));
}

#[test]
fn rfc822_dates_as_feeds_write_them() {
    let iso = |t: &str| parse_rfc822(t).map(|p| p.to_iso());
    assert_eq!(
        iso("Mon, 13 Sep 2021 23:03:39 +0430").as_deref(),
        Some("2021-09-13T23:03:39+04:30")
    );
    assert_eq!(
        iso("13 Sep 2021 23:03 GMT").as_deref(),
        Some("2021-09-13T23:03:00+00:00")
    );
    assert_eq!(
        iso("Sat, 11 Sep 21 10:00:00 EST").as_deref(),
        Some("2021-09-11T10:00:00-05:00")
    );
    assert_eq!(
        iso("Sat, 11 September 2021 10:00:00 PDT").as_deref(),
        Some("2021-09-11T10:00:00-07:00")
    );
    // An unknown zone name: the wall clock without a zone, not a guess.
    assert_eq!(
        iso("Sat, 11 Sep 2021 10:00:00 XYZ").as_deref(),
        Some("2021-09-11T10:00:00")
    );
    assert_eq!(iso("11 Sep 2021").as_deref(), Some("2021-09-11"));
    assert_eq!(iso("31 Feb 2021 10:00"), None);
    assert_eq!(iso("Mon, 13 Sep 2021 25:00:00 GMT"), None);
    assert_eq!(iso("+0430"), None);
    assert_eq!(iso(""), None);
}

#[test]
fn not_xml_and_other_xml_say_what_they_are() {
    assert!(read_xml("<rss><channel><item>")
        .unwrap_err()
        .starts_with("not well-formed XML at line 1"));
    assert_eq!(
        read_xml("<svg/>").unwrap_err(),
        "an XML file whose root is <svg>: not an RSS or Atom feed, nor trafilatura's XML <doc>"
    );
    // Entities that expand without end are refused, not expanded.
    let laughs = r#"<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">]><rss><channel><item><title>&g;</title></item></channel></rss>"#;
    assert!(read_xml(laughs).is_err());
}
