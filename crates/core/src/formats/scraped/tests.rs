use super::*;
use crate::formats::host_of;

fn read(text: &str) -> ScrapedArticle {
    read_scraped(text)
        .expect("a scraper's record")
        .expect("an article")
}

fn why(text: &str) -> String {
    read_scraped(text)
        .expect("a scraper's record")
        .expect_err("not an article")
}

#[test]
fn a_news_please_record_keeps_its_outlet_time_paragraphs_and_people() {
    let got = read(include_str!(
        "../../../../../tests/fixtures/scrapers/news-please.json"
    ));
    let a = &got.article;
    assert_eq!(got.scraper, Scraper::NewsPlease);
    assert_eq!(a.title, "Tehran reservoirs at fifty-year low");
    assert_eq!(a.published.to_iso(), "2021-09-13T23:03:39");
    assert_eq!(a.published_from, Some(DateSource::Page));
    assert!(a.lead.starts_with("Tehran's reservoirs stand"));
    assert_eq!(a.body.len(), 2);
    assert!(a.body[1].starts_with("Officials asked"));
    assert_eq!(a.source, "example-tehran-times.com");
    assert_eq!(a.lang.as_deref(), Some("en"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://www.example-tehran-times.com/news/461203/reservoirs-low")
    );
    assert_eq!(got.article.authors, ["Sara Mahmoudi", "Reza Karimi"]);
    assert_eq!(
        got.article.image.as_deref(),
        Some("https://www.example-tehran-times.com/images/461203.jpg")
    );
    // The host and a hash of the URL: stable, and readable in a link.
    assert!(a.id.starts_with("example-tehran-times.com-"), "{}", a.id);
    assert_eq!(a.id.len(), "example-tehran-times.com-".len() + 16);
    assert!(a.validate().is_ok());
}

#[test]
fn without_a_publication_date_news_please_gives_the_capture_time_marked_as_such() {
    let got = read(
        r#"{"title":"T","maintext":"Text.","date_publish":null,"date_download":"2021-09-16 07:30:00","url":"https://example.com/a"}"#,
    );
    assert_eq!(got.article.published_from, Some(DateSource::Capture));
    assert_eq!(got.article.date_label(), "captured 16 Sep 2021");
    assert_eq!(got.article.published.to_iso(), "2021-09-16T07:30:00");
    // Neither date: the record says which field is missing.
    assert_eq!(
        why(r#"{"title":"T","maintext":"Text.","date_publish":null}"#),
        "news-please record: no publication date (`date_publish` is empty)"
    );
}

#[test]
fn a_trafilatura_record_gives_a_day_its_site_name_licence_and_authors() {
    let got = read(include_str!(
        "../../../../../tests/fixtures/scrapers/trafilatura.json"
    ));
    let a = &got.article;
    assert_eq!(got.scraper, Scraper::Trafilatura);
    assert_eq!(a.published, Published::parse_iso("2021-09-12").unwrap());
    assert_eq!(a.source, "example-azores-news.pt");
    assert_eq!(a.license.as_deref(), Some("CC BY 4.0"));
    assert_eq!(got.article.authors, ["Ana Lopes", "Tomás Reis"]);
    assert_eq!(a.body.len(), 1);
    assert_eq!(
        a.url.as_deref(),
        Some("https://example-azores-news.pt/2021/09/12/ferry-resumes")
    );
    assert!(a.id.starts_with("example-azores-news.pt-"), "{}", a.id);
    // Its own id, when it has one, is kept.
    let with_id =
        read(r#"{"title":"T","text":"X.","date":"2021-01-02","hostname":"h.org","id":"h-42"}"#);
    assert_eq!(with_id.article.id, "h-42");
}

#[test]
fn newspaper4k_paragraphs_are_its_blank_line_separated_blocks() {
    let list: Vec<serde_json::Value> = serde_json::from_str(include_str!(
        "../../../../../tests/fixtures/scrapers/newspaper4k.json"
    ))
    .unwrap();
    let got = read(&list[0].to_string());
    assert_eq!(got.scraper, Scraper::Newspaper);
    assert_eq!(got.article.published.to_iso(), "2021-09-11T18:30:00");
    assert_eq!(got.article.body.len(), 1);
    assert_eq!(got.article.source, "example-rhine-post.de");
    assert_eq!(got.article.authors, ["Lena Vogel"]);
    // An empty image is no image.
    assert_eq!(read(&list[1].to_string()).article.image, None);
}

#[test]
fn the_same_page_read_by_two_tools_gets_the_same_id() {
    let np = read(
        r#"{"title":"T","maintext":"X.","date_publish":"2021-01-02 10:00:00","url":"https://www.site.com/a?b=1"}"#,
    );
    let np4k = read(
        r#"{"title":"T","text":"X.","publish_date":"2021-01-02T10:00:00","url":"https://www.site.com/a?b=1"}"#,
    );
    assert_eq!(np.article.id, np4k.article.id);
    assert!(np.article.id.starts_with("site.com-"));
}

#[test]
fn records_that_cannot_be_articles_say_which_field_is_at_fault() {
    assert_eq!(
        why(r#"{"maintext":"Text.","date_publish":"2021-01-02 10:00:00"}"#),
        "news-please record: no `title`"
    );
    assert_eq!(
        why(r#"{"title":"T","maintext":"  \n ","description":null,"date_publish":"2021-01-02"}"#),
        "news-please record: no text (`maintext` and `description` are empty)"
    );
    assert_eq!(
        why(r#"{"title":"T","text":"X.","hostname":"h","date":"yesterday"}"#),
        "trafilatura record: `date`: `yesterday` is not a date this reader knows (YYYY-MM-DD, with a time or not, or M/D/YYYY h:mm:ss AM|PM)"
    );
}

#[test]
fn other_objects_are_not_taken_for_a_scrapers() {
    assert!(read_scraped(r#"{"id":"a","title":"T","published":"2021-01-01"}"#).is_none());
    assert!(read_scraped(r#"{"headline":"T","body":"X"}"#).is_none());
    assert!(read_scraped("[1, 2]").is_none());
    assert!(read_scraped("not json").is_none());
}

#[test]
fn hosts_are_read_from_http_urls_only() {
    assert_eq!(
        host_of("https://WWW.Example.com:8080/a").as_deref(),
        Some("example.com")
    );
    assert_eq!(
        host_of("http://user@news.example.org?x").as_deref(),
        Some("news.example.org")
    );
    assert_eq!(host_of("javascript:alert(1)"), None);
    assert_eq!(host_of("ftp://example.com/a"), None);
}

#[test]
fn a_time_with_an_offset_keeps_it_as_the_outlet_wrote_it() {
    let got = read(
        r#"{"title":"T","text":"X.","publish_date":"2021-09-13T23:03:39+04:30","url":"https://example.ir/a"}"#,
    );
    assert_eq!(
        got.article.published.display(),
        "13 Sep 2021, 23:03 (+04:30)"
    );
    assert_eq!(got.article.published.to_iso(), "2021-09-13T23:03:39+04:30");
}
