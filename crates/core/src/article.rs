//! The article model shared by the ingest CLI and the viewer.

use crate::published::{DateSource, Published};
use serde::{Deserialize, Serialize};

/// One news article as Broadsheet stores and shows it.
///
/// `lead` is the first paragraph; `body` holds the paragraphs after it, so
/// the lead is never stored twice.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Article {
    pub id: String,
    pub title: String,
    pub published: Published,
    /// Where `published` was read; `capture` means there was no publication
    /// date and `published` is when the page was captured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_from: Option<DateSource>,
    #[serde(default)]
    pub lead: String,
    #[serde(default)]
    pub body: Vec<String>,
    /// The outlet, e.g. `NOURNEWS` or `Wikinews (English)`; empty when unknown.
    #[serde(default)]
    pub source: String,
    /// Bylines in the order given; empty when unknown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The article's lead image; like `url`, used only if it is http(s)
    /// (see [`safe_image`](Article::safe_image)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// BCP 47 language tag when known (`en`, `fa`, `ar`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Licence or rights statement, shown with the article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    /// The id of the earliest article of its story when other articles in
    /// the set are copies of the same text (wire copies: see
    /// [`clusters`](crate::clusters)); set at ingest, since set version 3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
}

impl Article {
    /// Every paragraph in reading order: the lead, then the body.
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.lead.as_str())
            .filter(|p| !p.is_empty())
            .chain(self.body.iter().map(String::as_str))
    }

    /// `"rtl"` for articles in right-to-left languages (by `lang`, else by
    /// the first strong letter of the title), `"ltr"` otherwise: the whole
    /// card or page is laid out in that direction.
    pub fn direction(&self) -> &'static str {
        direction(self.lang.as_deref(), &self.title)
    }

    /// The article's link, only if it is safe to render as one.
    pub fn safe_url(&self) -> Option<&str> {
        self.url.as_deref().and_then(safe_link)
    }

    /// The lead image's URL, only if it is safe to load (as [`safe_url`](Self::safe_url)).
    pub fn safe_image(&self) -> Option<&str> {
        self.image.as_deref().and_then(safe_link)
    }

    /// The date as a reader sees it: `13 Sep 2021, 23:03 (+04:30)`, or
    /// `captured 13 Sep 2021` when it is only a capture time (see
    /// [`Published::label`]).
    pub fn date_label(&self) -> String {
        self.published.label(self.published_from)
    }

    /// Checks what the schema cannot express; the message names the field.
    pub fn validate(&self) -> Result<(), String> {
        if self.id.trim().is_empty() {
            return Err("`id` is empty".into());
        }
        if self.title.trim().is_empty() {
            return Err("`title` is empty".into());
        }
        if self.lead.trim().is_empty() && self.body.iter().all(|p| p.trim().is_empty()) {
            return Err("the article has no text (`lead` and `body` are empty)".into());
        }
        Ok(())
    }
}

/// What the index and highlighting read of an article, in whichever form
/// it is kept: [`Article`] as parsed, or the page's
/// [`StoredArticle`](crate::StoredArticle).
pub trait ArticleText {
    fn id(&self) -> &str;
    fn title(&self) -> &str;
    fn published(&self) -> Published;
    /// Every paragraph in reading order: the lead (if any), then the body.
    fn paragraphs(&self) -> impl Iterator<Item = &str>;
    /// Its language tag as given (`en`, `fa-IR`), if any.
    fn lang(&self) -> Option<&str>;
    /// The outlet it came from (may be empty).
    fn source(&self) -> &str;
}

impl ArticleText for Article {
    fn id(&self) -> &str {
        &self.id
    }
    fn title(&self) -> &str {
        &self.title
    }
    fn published(&self) -> Published {
        self.published
    }
    fn paragraphs(&self) -> impl Iterator<Item = &str> {
        Article::paragraphs(self)
    }
    fn lang(&self) -> Option<&str> {
        self.lang.as_deref()
    }
    fn source(&self) -> &str {
        &self.source
    }
}

/// [`ArticleText`] through a pointer to an article: `&T`, and the page's
/// `Rc<StoredArticle>`.
macro_rules! article_text_through {
    ($($pointer:ty),*) => {$(
        impl<T: ArticleText + ?Sized> ArticleText for $pointer {
            fn id(&self) -> &str {
                (**self).id()
            }
            fn title(&self) -> &str {
                (**self).title()
            }
            fn published(&self) -> Published {
                (**self).published()
            }
            fn paragraphs(&self) -> impl Iterator<Item = &str> {
                (**self).paragraphs()
            }
            fn lang(&self) -> Option<&str> {
                (**self).lang()
            }
            fn source(&self) -> &str {
                (**self).source()
            }
        }
    )*};
}
article_text_through!(&T, std::rc::Rc<T>);

/// `"rtl"` or `"ltr"` for an article with `lang` and `title` (see
/// [`Article::direction`]).
pub(crate) fn direction(lang: Option<&str>, title: &str) -> &'static str {
    const RTL_LANGS: [&str; 8] = ["ar", "fa", "he", "ur", "ps", "ckb", "yi", "dv"];
    let primary = lang.and_then(|l| l.split(['-', '_']).next());
    let rtl = match primary {
        Some(lang) if !lang.is_empty() => RTL_LANGS.contains(&lang.to_ascii_lowercase().as_str()),
        _ => title
            .chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(is_rtl_letter),
    };
    if rtl {
        "rtl"
    } else {
        "ltr"
    }
}

/// Hebrew, Arabic (with its supplements and presentation forms), Syriac,
/// Thaana and N'Ko letters.
fn is_rtl_letter(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF)
}

/// `url` if it is an absolute http(s) URL, the only kind ever rendered as a
/// link: `javascript:`, `data:` and relative URLs from untrusted files are not.
pub fn safe_link(url: &str) -> Option<&str> {
    let url = url.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let ok = (lower.starts_with("https://") && url.len() > 8)
        || (lower.starts_with("http://") && url.len() > 7);
    (ok && !url.chars().any(|c| c.is_whitespace() || c.is_control())).then_some(url)
}

/// The deed for a Creative Commons licence named in the usual short form
/// (`CC BY 2.5`, `CC BY-SA 4.0`), so attribution can link to its terms.
pub fn license_url(license: &str) -> Option<String> {
    let mut words = license.split_whitespace();
    if !words.next()?.eq_ignore_ascii_case("cc") {
        return None;
    }
    let kind = words.next()?.to_ascii_lowercase();
    let version = words.next()?;
    let kinds = ["by", "by-sa", "by-nd", "by-nc", "by-nc-sa", "by-nc-nd"];
    let version_ok = matches!(version, "1.0" | "2.0" | "2.5" | "3.0" | "4.0");
    (kinds.contains(&kind.as_str()) && version_ok && words.next().is_none())
        .then(|| format!("https://creativecommons.org/licenses/{kind}/{version}/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_links_are_safe() {
        assert_eq!(
            safe_link("https://en.wikinews.org/wiki/X"),
            Some("https://en.wikinews.org/wiki/X")
        );
        assert_eq!(
            safe_link(" HTTP://example.org/a "),
            Some("HTTP://example.org/a")
        );
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,x",
            "/relative",
            "https://",
            "http://a b",
            "vbscript:x",
            "",
        ] {
            assert_eq!(safe_link(bad), None, "{bad}");
        }
    }

    #[test]
    fn direction_follows_the_language_or_the_title() {
        let mut a: Article = serde_json::from_str(
            r#"{"id":"1","title":"نشست شورا","published":"2021-01-01","lead":"x"}"#,
        )
        .unwrap();
        assert_eq!(a.direction(), "rtl");
        a.lang = Some("en".into());
        assert_eq!(a.direction(), "ltr");
        a.lang = Some("fa-IR".into());
        a.title = "Title in Latin letters".into();
        assert_eq!(a.direction(), "rtl");
        a.lang = None;
        assert_eq!(a.direction(), "ltr");
    }

    #[test]
    fn creative_commons_licences_link_to_their_deed() {
        assert_eq!(
            license_url("CC BY 2.5").as_deref(),
            Some("https://creativecommons.org/licenses/by/2.5/")
        );
        assert_eq!(
            license_url("cc by-sa 4.0").as_deref(),
            Some("https://creativecommons.org/licenses/by-sa/4.0/")
        );
        assert_eq!(license_url("Public domain (VOA-produced)"), None);
        assert_eq!(license_url("CC BY 9.9"), None);
    }
}
