//! A page's main text: the one place the main-text extractor is called.
//!
//! The extractor is `dom_smoothie`, a port of Mozilla's readability.js,
//! chosen by measured quality and wasm size (BENCHMARKS.md, "Issue 15":
//! F1 0.953 on the 181 real pages of the article-extraction benchmark, tied
//! with the trafilatura ports at a quarter of their bytes). It is passed
//! in as a [`MainTextFn`] rather than called directly, so a build that
//! never reads crawls (the page's own wasm: crawls go to its crawl
//! reader) never links it; [`readable_main_text`] is it, behind the
//! `web-pages` feature.

#[cfg(feature = "web-pages")]
use crate::formats::html_text::html_paragraphs;

/// What an extractor finds in a page. Only `paragraphs` is required; the
/// rest are used where the page's metadata says nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MainText {
    pub title: Option<String>,
    /// The article's text, a paragraph each, in reading order.
    pub paragraphs: Vec<String>,
    pub byline: Option<String>,
    /// A publication date as the page writes it (read with
    /// `formats::parse_date`).
    pub published: Option<String>,
    pub site_name: Option<String>,
}

/// Finds the main text of a page: HTML and its URL in, [`MainText`] out
/// (`None`: the page has no text to speak of).
pub type MainTextFn = fn(html: &str, url: &str) -> Option<MainText>;

/// The main text of `html` (the page at `url`) by readability's rules:
/// the block of the page most like an article's text, its paragraphs read
/// from its HTML as feeds' are ([`html_paragraphs`](crate::formats::html_text::html_paragraphs): text only, entities
/// decoded), with the title, byline, date and site name it found.
#[cfg(feature = "web-pages")]
pub fn readable_main_text(html: &str, url: &str) -> Option<MainText> {
    let url = (url.starts_with("http://") || url.starts_with("https://")).then_some(url);
    let mut reader = dom_smoothie::Readability::new(html, url, None).ok()?;
    let found = reader.parse().ok()?;
    let paragraphs = html_paragraphs(&found.content);
    let text = |s: Option<String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    (!paragraphs.is_empty()).then(|| MainText {
        title: text(Some(found.title.to_string())),
        paragraphs,
        byline: text(found.byline.map(|b| b.to_string())),
        published: text(found.published_time.map(|t| t.to_string())),
        site_name: text(found.site_name.map(|n| n.to_string())),
    })
}

#[cfg(all(test, feature = "web-pages"))]
mod tests {
    use super::*;

    const STORY: &str = "<p>The council voted on Tuesday to close the old bridge for repairs, after engineers found cracks in two of its supports during an inspection last month.</p><p>Drivers will be sent along the river road, which the council said would add about ten minutes to a crossing at the busiest times of the day.</p><p>Work is to start in March and last until the autumn, the council's transport chief said, adding that the bridge would reopen to walkers first.</p>";

    #[test]
    fn the_story_is_kept_and_the_site_around_it_dropped() {
        let html = format!(
            "<html><head><title>Bridge to close | Daily</title></head><body><nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav><article><h1>Bridge to close</h1>{STORY}</article><aside><h2>Most read</h2><ul><li><a href='/a'>Another story</a></li><li><a href='/b'>And another</a></li></ul></aside><footer>© Daily. All rights reserved. <a href='/privacy'>Privacy</a></footer></body></html>"
        );
        let found = readable_main_text(&html, "https://daily.example/bridge").unwrap();
        assert_eq!(found.paragraphs.len(), 3, "{:?}", found.paragraphs);
        assert!(found.paragraphs[0].starts_with("The council voted"));
        let all = found.paragraphs.join(" ");
        for boilerplate in ["Most read", "All rights reserved", "Sport"] {
            assert!(!all.contains(boilerplate), "{boilerplate} in {all}");
        }
    }

    #[test]
    fn a_page_without_text_has_no_main_text() {
        assert_eq!(readable_main_text("<html><body></body></html>", ""), None);
    }
}
