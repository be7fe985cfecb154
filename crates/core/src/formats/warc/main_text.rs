//! A page's main text: the one place the main-text extractor is called.
//!
//! The extractor crate (readability-style) is being chosen by measured
//! quality and wasm size; until then this stand-in takes the paragraphs of
//! the page's `<article>`, else its `<main>`, else its `<body>`. Whatever
//! replaces it keeps this interface: HTML and URL in, [`MainText`] out.

use super::html_scan::{element, tags};
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

/// The main text of `html` (the page at `url`), `None` if it has none.
pub fn main_text(html: &str, _url: &str) -> Option<MainText> {
    let tags = tags(html);
    let (from, to) = ["article", "main", "body"]
        .iter()
        .find_map(|name| element(&tags, name, html.len()))
        .unwrap_or((0, html.len()));
    let paragraphs = html_paragraphs(&html[from..to]);
    (!paragraphs.is_empty()).then(|| MainText {
        paragraphs,
        ..MainText::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_article_element_is_preferred_to_the_body() {
        let html = "<body><nav>Home</nav><article><h1>T</h1><p>One.</p><p>Two.</p></article><footer>©</footer></body>";
        assert_eq!(
            main_text(html, "").unwrap().paragraphs,
            ["T", "One.", "Two."]
        );
        let html = "<body><nav>Home</nav><p>One.</p></body>";
        assert_eq!(main_text(html, "").unwrap().paragraphs, ["Home", "One."]);
        assert_eq!(main_text("<body></body>", ""), None);
    }
}
