use super::*;
use crate::formats::warc::main_text::readable_main_text;

const TEXT: &str = "<p>One paragraph of the story, which goes on for a while so that the page has the text of an article.</p><p>Another paragraph of the story, which also goes on for a while so that there is enough text to read.</p><p>A third paragraph of the story, with the quotes and the figures that a news article is made of.</p><p>And a last paragraph, which says what happens next and when the council will meet again about it.</p>";

fn article_of(url: &str, head: &str) -> Result<Article, &'static str> {
    let page = WebPage {
        html: format!(
            "<html><head>{head}</head><body><article>{TEXT}{TEXT}</article></body></html>"
        ),
        content_language: None,
    };
    let captured = Published::parse_iso("2021-09-20T10:00:00+00:00").ok();
    web_page_article(url, captured, &page, readable_main_text)
}

fn dated(url: &str, head: &str) -> (String, DateSource) {
    let a = article_of(url, &format!("<title>T</title>{head}")).unwrap();
    (a.published.to_iso(), a.published_from.unwrap())
}

#[test]
fn dates_come_from_the_page_then_the_url_then_the_capture() {
    let u = "https://a.example/2021/09/13/story";
    let published_time =
        r#"<meta property="article:published_time" content="2021-09-13T23:03:39+04:30">"#;
    let ld = r#"<script type="application/ld+json">[{"@type":"NewsArticle","datePublished":"2021-09-12T10:00:00"}]</script>"#;
    let named = r#"<meta name="DC.date.issued" content="2021-09-11">"#;
    assert_eq!(
        dated(u, &format!("{ld}{named}{published_time}")),
        ("2021-09-13T23:03:39+04:30".into(), DateSource::Page)
    );
    assert_eq!(
        dated(u, &format!("{named}{ld}")),
        ("2021-09-12T10:00:00".into(), DateSource::Page)
    );
    assert_eq!(dated(u, named), ("2021-09-11".into(), DateSource::Page));
    // A date that does not parse is passed over.
    assert_eq!(
        dated(u, r#"<meta name="date" content="yesterday">"#),
        ("2021-09-13".into(), DateSource::Url)
    );
    assert_eq!(
        dated("https://a.example/news/2021-09-14-story", ""),
        ("2021-09-14".into(), DateSource::Url)
    );
    assert_eq!(
        dated("https://a.example/news/20210914", ""),
        ("2021-09-20T10:00:00+00:00".into(), DateSource::Capture)
    );
    assert_eq!(
        dated("https://a.example/2021/13/01/x", ""),
        ("2021-09-20T10:00:00+00:00".into(), DateSource::Capture)
    );
}

#[test]
fn the_title_loses_the_site_name_and_the_outlet_is_the_site() {
    let a = article_of(
        "https://www.daily.example/x",
        r#"<title>Budget passes – The Daily Example</title><meta property="og:site_name" content="The Daily Example">"#,
    )
    .unwrap();
    assert_eq!(
        (a.title.as_str(), a.source.as_str()),
        ("Budget passes", "The Daily Example")
    );
    let a = article_of(
        "https://www.daily.example/x",
        "<title>Budget passes | Other</title>",
    )
    .unwrap();
    assert_eq!(
        (a.title.as_str(), a.source.as_str()),
        ("Budget passes | Other", "daily.example")
    );
    let page = WebPage {
        html: format!(
            "<html><body><article><h1>Only a heading</h1>{TEXT}{TEXT}</article></body></html>"
        ),
        content_language: Some("de, en".into()),
    };
    let a = web_page_article(
        "https://a.example/2021/09/13/x",
        None,
        &page,
        readable_main_text,
    );
    assert_eq!(a.clone().map(|a| a.title), Ok("Only a heading".into()));
    assert_eq!(a.map(|a| a.lang), Ok(Some("de".into())));
}

#[test]
fn a_canonical_url_on_another_host_is_not_taken() {
    let head = r#"<title>T</title><link rel="canonical" href="https://other.example/y">"#;
    assert_eq!(
        article_of("https://a.example/x?utm=1", head)
            .unwrap()
            .url
            .as_deref(),
        Some("https://a.example/x?utm=1")
    );
    let head = r#"<title>T</title><meta property="og:url" content="https://www.a.example/x">"#;
    assert_eq!(
        article_of("https://a.example/x?utm=1", head)
            .unwrap()
            .url
            .as_deref(),
        Some("https://www.a.example/x")
    );
}

#[test]
fn authors_are_names_not_links() {
    let head = r#"<title>T</title><meta name="author" content="Jane Roe"><meta property="article:author" content="https://facebook.example/jane"><script type="application/ld+json">{"author":{"@type":"Person","name":"jane roe"},"publisher":{"name":"P"}}</script><script type="application/ld+json">{"@graph":[{"author":[{"name":"John Doe"}]}]}</script>"#;
    assert_eq!(
        article_of("https://a.example/x", head).unwrap().authors,
        ["Jane Roe"]
    );
    let head = r#"<title>T</title><script type="application/ld+json">{"@graph":[{"author":[{"name":"John Doe"},"Ann Poe"]}]}</script>"#;
    assert_eq!(
        article_of("https://a.example/x", head).unwrap().authors,
        ["John Doe", "Ann Poe"]
    );
}

#[test]
fn home_pages_and_short_pages_are_not_articles() {
    let website = r#"<title>T</title><meta property="og:type" content="website">"#;
    assert_eq!(
        article_of("https://a.example/", website),
        Err(NOT_AN_ARTICLE)
    );
    assert!(article_of("https://a.example/story", website).is_ok());
    let page = WebPage {
        html: "<html><body><article><p>Short.</p><p>Two.</p><p>Three.</p></article></body></html>"
            .into(),
        content_language: None,
    };
    assert_eq!(
        web_page_article("https://a.example/x", None, &page, readable_main_text),
        Err(NOT_AN_ARTICLE)
    );
}

#[test]
fn a_brief_is_an_article_when_the_page_says_it_is_one() {
    let brief = "<p>The son of a former president was stabbed to death on Tuesday evening while giving a lecture at a clinic in the capital, police said, and another man was critically injured as he tried to stop the attacker.</p>";
    let page = |head: &str| {
        WebPage {
        html: format!("<html><head><title>Stabbed</title>{head}</head><body><article>{brief}</article></body></html>"),
        content_language: None,
    }
    };
    let captured = Published::parse_iso("2021-09-20T10:00:00+00:00").ok();
    let read = |head: &str| {
        web_page_article(
            "https://a.example/news/1",
            captured,
            &page(head),
            readable_main_text,
        )
    };
    assert_eq!(read(""), Err(NOT_AN_ARTICLE));
    assert!(read(r#"<meta property="og:type" content="article">"#).is_ok());
    let ld = r#"<script type="application/ld+json">{"@graph":[{"@type":"WebSite"},{"@type":["NewsArticle"],"headline":"Stabbed"}]}</script>"#;
    let article = read(ld).unwrap();
    assert!(article.lead.starts_with("The son of a former president"));
}
