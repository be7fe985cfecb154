//! A crawled HTML page into an article: its text from the main-text
//! extractor ([`super::main_text`]), the
//! rest from the page's own metadata, as news sites write it for search
//! engines and social cards.
//!
//! | field | from, first found |
//! |---|---|
//! | title | `og:title`, `twitter:title`, `<title>` (less a ` \| Outlet` / ` - Outlet` suffix that is the site's name), the extractor's, `<h1>` |
//! | date | `article:published_time`; JSON-LD `datePublished` (also in `@graph`); `<meta name>` `date`, `pubdate`, `publishdate`, `dc.date`, `dc.date.issued`, `sailthru.date`, `parsely-pub-date` (or `itemprop=datePublished`); `<time datetime>` in the `<article>` (all `page`); a date in the URL's path (`url`); else the capture time, `WARC-Date` (`capture`) |
//! | outlet | `og:site_name`, `application-name`, the URL's host without `www.` |
//! | url | `og:url` or the canonical link when on the captured URL's host, else the captured URL |
//! | lang | `<html lang>`, `og:locale`, `Content-Language` |
//! | authors | `author`, `article:author` (names, not links), JSON-LD `author` names, the extractor's byline |
//! | image | `og:image` (kept as text) |
//!
//! Dates keep what the page wrote: an offset stays (`Zoned`), a zoneless
//! time stays zoneless, a day stays a day.

use super::html_scan::{element, tags, Tag};
use super::http::WebPage;
use super::main_text::MainTextFn;
use crate::formats::html_text::html_line;
use crate::formats::{host_of, made_id, one_line, parse_date};
use crate::published::{DateSource, Published};
use crate::Article;
use serde_json::Value;

/// Fewer paragraphs than this (after the title) is not an article: a
/// section front, a gallery, a video page.
pub const MIN_PARAGRAPHS: usize = 3;

/// Fewer characters of text than this is not an article, however many
/// paragraphs (a list of links).
pub const MIN_CHARS: usize = 500;

/// A page that says it is an article (`og:type` `article`, a JSON-LD
/// `NewsArticle`, `BlogPosting`, …) is one with a single paragraph of this
/// many characters: a news brief, a paywalled teaser. Measured on real
/// pages (BENCHMARKS.md, "Issue 15"): the rule above alone ignored 6 of
/// 181 article pages, all briefs of 1 to 5 short paragraphs.
pub const MIN_DECLARED_CHARS: usize = 200;

/// Why a page is not an article (counted as ignored by this reason).
pub const NOT_AN_ARTICLE: &str = "not an article";

/// The `<meta name>`s that carry a publication date, after
/// `article:published_time` and JSON-LD.
const DATE_METAS: [&str; 8] = [
    "date",
    "pubdate",
    "publishdate",
    "dc.date",
    "dc.date.issued",
    "sailthru.date",
    "parsely-pub-date",
    "datepublished",
];

/// The article a crawled page holds, or why it holds none. `url` is the
/// captured address (`WARC-Target-URI`), `captured` its `WARC-Date`, and
/// `main_text` finds the page's text.
pub fn web_page_article(
    url: &str,
    captured: Option<Published>,
    page: &WebPage,
    main_text: MainTextFn,
) -> Result<Article, &'static str> {
    let html = page.html.as_str();
    let tags = tags(html);
    let meta = Metadata::of(&tags);
    let home = meta
        .get("og:type")
        .is_some_and(|t| t.eq_ignore_ascii_case("website"))
        && matches!(path_of(url), "" | "/");
    if home {
        return Err(NOT_AN_ARTICLE);
    }
    let main = main_text(html, url).ok_or(NOT_AN_ARTICLE)?;
    let site_name = meta
        .get("og:site_name")
        .or(meta.get("application-name"))
        .map(str::to_owned)
        .or_else(|| main.site_name.clone());
    let title = meta
        .get("og:title")
        .or(meta.get("twitter:title"))
        .map(str::to_owned)
        .or_else(|| first_raw_text(&tags, "title"))
        .map(|t| without_site(&one_line(&t), site_name.as_deref()))
        .or_else(|| main.title.clone())
        .or_else(|| first_text(html, &tags, "h1"))
        .map(|t| one_line(&t))
        .filter(|t| !t.is_empty())
        .ok_or(NOT_AN_ARTICLE)?;
    // The headline and a dateline's `<time>` are not the article's text.
    let times = time_texts(html, &tags);
    let paragraphs: Vec<String> = main
        .paragraphs
        .iter()
        .filter(|p| **p != title && !times.contains(p))
        .cloned()
        .collect();
    let chars: usize = paragraphs.iter().map(|p| p.chars().count()).sum();
    let ld = json_ld(&tags);
    let enough = if declares_article(&meta, &ld) {
        chars >= MIN_DECLARED_CHARS
    } else {
        paragraphs.len() >= MIN_PARAGRAPHS && chars >= MIN_CHARS
    };
    if !enough {
        return Err(NOT_AN_ARTICLE);
    }
    let (published, from) = page_date(html, &tags, &meta, &ld, main.published.as_deref())
        .map(|d| (d, DateSource::Page))
        .or_else(|| url_date(url).map(|d| (d, DateSource::Url)))
        .or_else(|| captured.map(|d| (d, DateSource::Capture)))
        .ok_or("no date (none on the page, in its URL or its capture)")?;
    let host = host_of(url);
    let url = ["og:url", "canonical"]
        .iter()
        .filter_map(|k| meta.get(k))
        .find(|u| host.is_some() && host_of(u) == host)
        .unwrap_or(url)
        .trim()
        .to_owned();
    let lang = tags
        .iter()
        .find(|t| t.name == "html" && !t.closing)
        .and_then(|t| t.attribute("lang"))
        .or_else(|| meta.get("og:locale").map(|l| l.replace('_', "-")))
        .or_else(|| {
            page.content_language
                .as_deref()
                .and_then(|l| l.split(',').next())
                .map(str::to_owned)
        })
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty());
    let mut authors = Vec::new();
    let named = meta.all("author").chain(meta.all("article:author"));
    for name in named
        .map(str::to_owned)
        .chain(ld_authors(&ld))
        .chain(main.byline.clone())
    {
        let name = one_line(&name);
        let link = name.contains("://") || name.starts_with("www.");
        if !name.is_empty()
            && !link
            && !authors
                .iter()
                .any(|a: &String| a.eq_ignore_ascii_case(&name))
        {
            authors.push(name);
        }
    }
    let image = meta
        .get("og:image")
        .filter(|i| crate::article::safe_link(i).is_some())
        .map(str::to_owned);
    let id = made_id("warc", Some(&url), &title, &published, &paragraphs);
    let mut paragraphs = paragraphs.into_iter();
    Ok(Article {
        id,
        title,
        published,
        published_from: Some(from),
        lead: paragraphs.next().unwrap_or_default(),
        body: paragraphs.collect(),
        source: site_name.or(host).unwrap_or_default(),
        url: Some(url),
        lang,
        license: None,
        authors,
        image,
        cluster: None,
    })
}

/// The page's `<meta>` values (`name`, `property` or `itemprop`, lower-cased)
/// and its `<link rel=canonical>`, in page order.
struct Metadata(Vec<(String, String)>);

impl Metadata {
    fn of(tags: &[Tag]) -> Metadata {
        let mut out = Vec::new();
        for tag in tags.iter().filter(|t| !t.closing) {
            match tag.name.as_str() {
                "meta" => {
                    let key = tag
                        .attribute("property")
                        .or_else(|| tag.attribute("name"))
                        .or_else(|| tag.attribute("itemprop"));
                    if let (Some(key), Some(value)) = (key, tag.attribute("content")) {
                        if !value.is_empty() {
                            out.push((key.to_ascii_lowercase(), value));
                        }
                    }
                }
                "link"
                    if tag
                        .attribute("rel")
                        .is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
                {
                    if let Some(href) = tag.attribute("href") {
                        out.push(("canonical".into(), href));
                    }
                }
                _ => {}
            }
        }
        Metadata(out)
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn all<'s>(&'s self, key: &'s str) -> impl Iterator<Item = &'s str> + 's {
        self.0
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// The publication date the page itself gives, in the order of the
/// module's table.
fn page_date(
    html: &str,
    tags: &[Tag],
    meta: &Metadata,
    ld: &[Value],
    extracted: Option<&str>,
) -> Option<Published> {
    let metas = meta.all("article:published_time");
    let ld_dates = ld.iter().filter_map(|v| ld_find(v, "datePublished"));
    let named = DATE_METAS.iter().flat_map(|k| meta.all(k));
    let in_article = element(tags, "article", html.len()).map_or(0..0, |(a, b)| a..b);
    let times = tags
        .iter()
        .filter(|t| t.name == "time" && !t.closing && in_article.contains(&t.start))
        .filter_map(|t| t.attribute("datetime"));
    metas
        .map(str::to_owned)
        .chain(ld_dates)
        .chain(named.map(str::to_owned))
        .chain(times)
        .chain(extracted.map(str::to_owned))
        .find_map(|text| parse_date(&text))
}

/// Every JSON-LD block of the page that parses.
fn json_ld(tags: &[Tag]) -> Vec<Value> {
    tags.iter()
        .filter(|t| t.name == "script" && !t.closing)
        .filter(|t| {
            t.attribute("type")
                .is_some_and(|ty| ty.eq_ignore_ascii_case("application/ld+json"))
        })
        .filter_map(|t| serde_json::from_str(t.raw_text?.trim()).ok())
        .collect()
}

/// Whether the page says it is an article: `og:type` `article`, or a
/// JSON-LD `@type` anywhere that is one (`NewsArticle`, `BlogPosting`, …).
fn declares_article(meta: &Metadata, ld: &[Value]) -> bool {
    fn is_article_type(value: &Value) -> bool {
        match value {
            Value::String(t) => t.ends_with("Article") || t == "BlogPosting",
            Value::Array(types) => types.iter().any(is_article_type),
            _ => false,
        }
    }
    fn any_article(value: &Value) -> bool {
        match value {
            Value::Object(map) => {
                map.get("@type").is_some_and(is_article_type) || map.values().any(any_article)
            }
            Value::Array(items) => items.iter().any(any_article),
            _ => false,
        }
    }
    meta.get("og:type")
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("article"))
        || ld.iter().any(any_article)
}

/// The first string under `key` in a JSON-LD value, depth first (an
/// array of items, an `@graph`, nested objects).
fn ld_find(value: &Value, key: &str) -> Option<String> {
    match value {
        Value::Object(map) => match map.get(key) {
            Some(Value::String(s)) => Some(s.clone()),
            _ => map.values().find_map(|v| ld_find(v, key)),
        },
        Value::Array(items) => items.iter().find_map(|v| ld_find(v, key)),
        _ => None,
    }
}

/// The authors' names of the first JSON-LD `author`: a name, a
/// `{"name": …}`, or a list of these.
fn ld_authors(ld: &[Value]) -> Vec<String> {
    fn find(value: &Value) -> Option<&Value> {
        match value {
            Value::Object(map) => map.get("author").or_else(|| map.values().find_map(find)),
            Value::Array(items) => items.iter().find_map(find),
            _ => None,
        }
    }
    fn names(value: &Value) -> Vec<String> {
        match value {
            Value::String(s) => vec![s.clone()],
            Value::Object(map) => map.get("name").map(names).unwrap_or_default(),
            Value::Array(items) => items.iter().flat_map(names).collect(),
            _ => Vec::new(),
        }
    }
    ld.iter().find_map(find).map(names).unwrap_or_default()
}

/// The text of the first `name` element with a raw text (`<title>`).
fn first_raw_text(tags: &[Tag], name: &str) -> Option<String> {
    let tag = tags.iter().find(|t| t.name == name && !t.closing)?;
    Some(html_line(tag.raw_text?))
}

/// The text of every `<time>` element.
fn time_texts(html: &str, tags: &[Tag]) -> Vec<String> {
    tags.iter()
        .enumerate()
        .filter(|(_, t)| t.name == "time" && !t.closing)
        .filter_map(|(i, open)| {
            let close = tags[i..].iter().find(|t| t.name == "time" && t.closing)?;
            Some(html_line(&html[open.end..close.start]))
        })
        .collect()
}

/// The text of the first `name` element (`<h1>`).
fn first_text(html: &str, tags: &[Tag], name: &str) -> Option<String> {
    let (from, to) = element(tags, name, html.len())?;
    Some(html_line(&html[from..to]))
}

/// `title` without a ` | Site` (or ` - `, ` – `, ` — `) suffix or
/// `Site | ` prefix naming the site.
fn without_site(title: &str, site: Option<&str>) -> String {
    let Some(site) = site.map(str::trim).filter(|s| !s.is_empty()) else {
        return title.to_owned();
    };
    for separator in [" | ", " - ", " – ", " — ", " :: ", " · "] {
        if let Some((head, tail)) = title.rsplit_once(separator) {
            if tail.trim().eq_ignore_ascii_case(site) && !head.trim().is_empty() {
                return head.trim().to_owned();
            }
        }
        if let Some((head, tail)) = title.split_once(separator) {
            if head.trim().eq_ignore_ascii_case(site) && !tail.trim().is_empty() {
                return tail.trim().to_owned();
            }
        }
    }
    title.to_owned()
}

/// The path of a URL (`/2021/09/13/x`), without its query.
fn path_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    rest.find('/').map_or("", |at| &rest[at..])
}

/// A day in a URL's path: `/2021/09/13/` or `2021-09-13` (also `_`).
fn url_date(url: &str) -> Option<Published> {
    let path = path_of(url).as_bytes();
    let digits = |at: usize, n: usize| -> Option<u32> {
        let part = path.get(at..at + n)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0, |acc, d| acc * 10 + u32::from(d - b'0')))
    };
    (0..path.len()).find_map(|at| {
        if at > 0 && path[at - 1].is_ascii_digit() {
            return None;
        }
        let year = digits(at, 4)?;
        let separator = *path
            .get(at + 4)
            .filter(|s| matches!(s, b'/' | b'-' | b'_'))?;
        let month = digits(at + 5, 2)?;
        (path.get(at + 7) == Some(&separator)).then_some(())?;
        let day = digits(at + 8, 2)?;
        if path.get(at + 10).is_some_and(u8::is_ascii_digit) || !(1990..=2100).contains(&year) {
            return None;
        }
        chrono::NaiveDate::from_ymd_opt(year as i32, month, day).map(Published::Date)
    })
}

#[cfg(test)]
mod tests;
