//! One record of a news scraper's JSON into an article: news-please,
//! trafilatura and newspaper4k, told apart by their field names.
//!
//! | | news-please | trafilatura | newspaper4k |
//! |---|---|---|---|
//! | told by | `maintext`, `date_publish` or `source_domain` | `raw_text`, `hostname`, `fingerprint` or `source-hostname` | `publish_date`, `top_image` or `meta_lang` |
//! | title | `title` (else `title_page`, `title_rss`) | `title` | `title` |
//! | paragraphs | `maintext`'s lines (else `description`) | `text`'s lines (else `raw_text`) | `text`'s lines |
//! | published | `date_publish` (outlet-local, no zone) | `date` (a day) | `publish_date` |
//! | else | `date_download`: captured | | |
//! | outlet | `source_domain` | `sitename`, `hostname`, `source-hostname` | `url`'s host |
//! | url | `url` | `url`, `source` | `url`, `canonical_link` |
//! | language | `language` | `language` | `meta_lang` |
//! | id | `url`'s host and hash | `id`, else as news-please | as news-please |
//!
//! The id is the outlet's host and 16 hex digits of the SHA-256 of the URL
//! (`reuters.com-3f2a…`), so the same page read twice, or by two tools,
//! gets the same id and the duplicate rule applies; without a URL, the
//! hash is of the title, date and text.

use super::{host_of, made_id, one_line, paragraphs_of, parse_date};
use crate::article::Article;
use crate::published::{DateSource, Published};
use serde_json::{Map, Value};

/// The tool that wrote a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scraper {
    NewsPlease,
    Trafilatura,
    Newspaper,
}

impl Scraper {
    /// Which tool wrote `fields`, by the names only it uses; `None` for
    /// a record of none of them.
    pub fn of(fields: &Map<String, Value>) -> Option<Scraper> {
        let has = |names: &[&str]| names.iter().any(|n| fields.contains_key(*n));
        if has(&["maintext", "date_publish", "source_domain"]) {
            Some(Scraper::NewsPlease)
        } else if has(&["raw_text", "hostname", "fingerprint", "source-hostname"]) {
            Some(Scraper::Trafilatura)
        } else if has(&["publish_date", "top_image", "meta_lang"]) {
            Some(Scraper::Newspaper)
        } else {
            None
        }
    }

    /// The tool's name, as its users know it.
    pub fn name(self) -> &'static str {
        match self {
            Scraper::NewsPlease => "news-please",
            Scraper::Trafilatura => "trafilatura",
            Scraper::Newspaper => "newspaper4k",
        }
    }
}

/// A scraper's record as an article, and the tool that wrote it.
#[derive(Clone, Debug, PartialEq)]
pub struct ScrapedArticle {
    /// Its date says where it came from (`published_from`): the page, or
    /// the capture when the record had no publication date.
    pub article: Article,
    pub scraper: Scraper,
}

impl ScrapedArticle {
    pub fn into_article(self) -> Article {
        self.article
    }
}

/// Reads `text`, one JSON object, as a scraper's record: `None` when it is
/// no known tool's (the caller then says why it is not an article), else
/// the article or why the record cannot be one.
pub fn read_scraped(text: &str) -> Option<Result<ScrapedArticle, String>> {
    let fields: Map<String, Value> = serde_json::from_str(text).ok()?;
    let scraper = Scraper::of(&fields)?;
    Some(from_fields(&fields, scraper).map_err(|why| format!("{} record: {why}", scraper.name())))
}

fn from_fields(fields: &Map<String, Value>, scraper: Scraper) -> Result<ScrapedArticle, String> {
    let text = |names: &[&str]| first_text(fields, names);
    let title = match scraper {
        Scraper::NewsPlease => text(&["title", "title_page", "title_rss"]),
        _ => text(&["title"]),
    }
    .ok_or("no `title`")?;
    let (body_field, fallback) = match scraper {
        Scraper::NewsPlease => ("maintext", "description"),
        Scraper::Trafilatura => ("text", "raw_text"),
        Scraper::Newspaper => ("text", "summary"),
    };
    let paragraphs: Vec<String> = [body_field, fallback]
        .iter()
        .find_map(|name| {
            let lines = paragraphs_of(text(&[name])?);
            (!lines.is_empty()).then_some(lines)
        })
        .ok_or_else(|| format!("no text (`{body_field}` and `{fallback}` are empty)"))?;
    let (published, captured) = date_of(fields, scraper)?;
    let url = match scraper {
        Scraper::Trafilatura => text(&["url", "source"]),
        Scraper::Newspaper => text(&["url", "canonical_link"]),
        Scraper::NewsPlease => text(&["url"]),
    }
    .map(str::to_owned);
    let host = url.as_deref().and_then(host_of);
    let source = match scraper {
        Scraper::NewsPlease => text(&["source_domain"]).map(str::to_owned),
        Scraper::Trafilatura => {
            text(&["sitename", "hostname", "source-hostname"]).map(str::to_owned)
        }
        Scraper::Newspaper => None,
    }
    .or_else(|| host.clone())
    .unwrap_or_default();
    let lang = match scraper {
        Scraper::Newspaper => text(&["meta_lang"]),
        _ => text(&["language"]),
    }
    .filter(|l| l.len() <= 35)
    .map(str::to_owned);
    let given_id = match scraper {
        Scraper::Trafilatura => text(&["id"]),
        _ => None,
    };
    let id = match given_id {
        Some(id) => id.to_owned(),
        None => made_id(
            scraper.name(),
            url.as_deref(),
            title,
            &published,
            &paragraphs,
        ),
    };
    let mut paragraphs = paragraphs.into_iter();
    let lead = paragraphs.next().unwrap_or_default();
    let article = Article {
        id,
        title: one_line(title),
        published,
        published_from: Some(match captured {
            true => DateSource::Capture,
            false => DateSource::Page,
        }),
        authors: authors_of(fields),
        image: match scraper {
            Scraper::NewsPlease => text(&["image_url"]),
            Scraper::Trafilatura => text(&["image"]),
            Scraper::Newspaper => text(&["top_image"]),
        }
        .map(str::to_owned),
        lead,
        body: paragraphs.collect(),
        source,
        url,
        lang,
        license: text(&["license"]).map(str::to_owned),
        cluster: None,
    };
    Ok(ScrapedArticle { article, scraper })
}

/// The publication date, or the capture time when there is none (`true`).
fn date_of(fields: &Map<String, Value>, scraper: Scraper) -> Result<(Published, bool), String> {
    let published = match scraper {
        Scraper::NewsPlease => "date_publish",
        Scraper::Trafilatura => "date",
        Scraper::Newspaper => "publish_date",
    };
    let bad = match first_text(fields, &[published]) {
        Some(text) => match parse_date(text) {
            Some(date) => return Ok((date, false)),
            None => Some(text),
        },
        None => None,
    };
    if scraper == Scraper::NewsPlease {
        if let Some(date) = first_text(fields, &["date_download"]).and_then(parse_date) {
            return Ok((date, true));
        }
    }
    Err(match bad {
        Some(text) => format!("`{published}`: {}", super::not_a_date(text)),
        None => format!("no publication date (`{published}` is empty)"),
    })
}

/// The first of `names` holding a string with text, trimmed.
fn first_text<'a>(fields: &'a Map<String, Value>, names: &[&str]) -> Option<&'a str> {
    names.iter().find_map(|name| match fields.get(*name) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim()),
        _ => None,
    })
}

/// `authors` (a list) or trafilatura's `author` (`A; B`), each once.
fn authors_of(fields: &Map<String, Value>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |name: &str| {
        let name = one_line(name);
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
    };
    match fields.get("authors") {
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).for_each(&mut add),
        Some(Value::String(s)) => s.split(';').for_each(&mut add),
        _ => {}
    }
    if let Some(Value::String(s)) = fields.get("author") {
        s.split(';').for_each(&mut add);
    }
    out
}

#[cfg(test)]
mod tests;
