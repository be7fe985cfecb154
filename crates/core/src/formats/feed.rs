//! XML files of articles: RSS 2.0 (and 0.9x, 1.0/RDF) and Atom feeds, a
//! saved feed being a common archive, and trafilatura's XML `<doc>`.
//!
//! | | RSS item | Atom entry | trafilatura `<doc>` |
//! |---|---|---|---|
//! | title | `title` | `title` | `title` attribute |
//! | paragraphs | `content:encoded`, else `description` (HTML reduced to text) | `content`, else `summary` | `<main>`'s `p`, `head`, `item`, `quote` |
//! | published | `pubDate` (RFC 822), else `dc:date` | `published`, else `updated` | `date` attribute (a day) |
//! | id | `guid`, else `link` | `id`, else the link | `id`, else the URL |
//! | outlet | the channel's `title` | the feed's `title` | `sitename`, `hostname` |
//! | authors | `dc:creator`, `author` | `author/name` | `author` (`A; B`) |
//! | image | `enclosure`/`media:content`/`media:thumbnail` with an image | `media:thumbnail` | `image` |
//!
//! A date with an offset or a zone name (`GMT`, `EST`, `+0430`) keeps it;
//! the date says it came from the feed (`published_from: feed`). An id
//! that is short and plain is kept; a longer one (a URL, as most guids
//! are) becomes the outlet's host and a hash of it.

use super::html_text::{html_line, html_paragraphs};
use super::{host_of, made_id, one_line, parse_date};
use crate::article::Article;
use crate::content_hash::content_hash;
use crate::published::{DateSource, Published, UtcOffset};
use crate::set::{accept_article, Dedup, LoadedArticles, SkippedRecord};
use chrono::{NaiveDate, NaiveTime};
use roxmltree::{Document, Node};

/// Most elements a file may have (a feed of thousands of items has tens
/// of thousands; this bounds a hostile file's memory).
const MAX_NODES: u32 = 4_000_000;

/// The articles of an XML file, each item's problems located by its line;
/// `Err` when the file is not XML or not a kind this reader knows.
pub fn read_xml(text: &str) -> Result<LoadedArticles, String> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        nodes_limit: MAX_NODES,
        ..Default::default()
    };
    let doc = Document::parse_with_options(text, options).map_err(|e| {
        let at = e.pos();
        format!(
            "not well-formed XML at line {}, column {}: {e}",
            at.row, at.col
        )
    })?;
    let root = doc.root_element();
    let mut reader = Items {
        text,
        line_at: (0, 1),
        dedup: Dedup::default(),
        loaded: LoadedArticles::default(),
        records: 0,
    };
    match root.tag_name().name() {
        "rss" => {
            let channel = child(root, "channel");
            let feed = Channel::of(channel.unwrap_or(root), false);
            let holder = channel.unwrap_or(root);
            for item in holder.children().filter(|n| n.has_tag_name_local("item")) {
                reader.take(item, |i| rss_item(i, &feed));
            }
        }
        "RDF" => {
            let feed = Channel::of(child(root, "channel").unwrap_or(root), false);
            for item in root.children().filter(|n| n.has_tag_name_local("item")) {
                reader.take(item, |i| rss_item(i, &feed));
            }
        }
        "feed" => {
            let feed = Channel::of(root, true);
            for entry in root.children().filter(|n| n.has_tag_name_local("entry")) {
                reader.take(entry, |e| atom_entry(e, &feed));
            }
        }
        "doc" => reader.take(root, trafilatura_doc),
        other => {
            return Err(format!(
                "an XML file whose root is <{other}>: not an RSS or Atom feed, nor trafilatura's XML <doc>"
            ))
        }
    }
    Ok(reader.loaded)
}

/// Local names, whatever the namespace prefix (`content:encoded`, `dc:creator`).
trait LocalName {
    fn has_tag_name_local(&self, name: &str) -> bool;
}

impl LocalName for Node<'_, '_> {
    fn has_tag_name_local(&self, name: &str) -> bool {
        self.is_element() && self.tag_name().name() == name
    }
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| n.has_tag_name_local(name))
}

/// All the text inside `node` (CDATA and entities already decoded), trimmed;
/// `None` when empty.
fn text_of(node: Option<Node>) -> Option<String> {
    let node = node?;
    let text: String = node
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect();
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

fn child_text(node: Node, name: &str) -> Option<String> {
    text_of(child(node, name))
}

struct Items<'i> {
    text: &'i str,
    /// A byte offset and its line, to count on from (items come in order;
    /// `Document::text_pos_at` counts from the start each time).
    line_at: (usize, usize),
    dedup: Dedup<usize>,
    loaded: LoadedArticles,
    records: usize,
}

impl<'i> Items<'i> {
    fn take<'d>(
        &mut self,
        node: Node<'d, 'i>,
        read: impl Fn(Node<'d, 'i>) -> Result<Article, String>,
    ) {
        self.records += 1;
        let line = self.line_of(node.range().start);
        match read(node) {
            Ok(article) => accept_article(
                article,
                self.records,
                line,
                &mut self.dedup,
                &mut self.loaded,
            ),
            Err(reason) => self.loaded.skipped.push(SkippedRecord {
                record: self.records,
                line,
                id: None,
                reason,
            }),
        }
    }
}

impl Items<'_> {
    /// The 1-based line of byte `at`, at or after the last one asked.
    fn line_of(&mut self, at: usize) -> usize {
        let (from, line) = self.line_at;
        let at = at.max(from).min(self.text.len());
        let more = self.text.as_bytes()[from..at]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.line_at = (at, line + more);
        line + more
    }
}

/// What a feed says of all its items.
struct Channel {
    title: Option<String>,
    lang: Option<String>,
}

impl Channel {
    fn of(node: Node, atom: bool) -> Channel {
        let lang = match atom {
            true => node
                .attribute(("http://www.w3.org/XML/1998/namespace", "lang"))
                .map(str::to_owned),
            false => child_text(node, "language"),
        };
        Channel {
            title: child_text(node, "title")
                .map(|t| html_line(&t))
                .filter(|t| !t.is_empty()),
            lang: lang.filter(|l| l.len() <= 35),
        }
    }
}

fn rss_item(item: Node, feed: &Channel) -> Result<Article, String> {
    let title = child_text(item, "title").map(|t| html_line(&t));
    let link = child_text(item, "link").or_else(|| {
        item.attribute(("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "about"))
            .map(str::to_owned)
    });
    let html = child_text(item, "encoded").or_else(|| child_text(item, "description"));
    let date = match child_text(item, "pubDate") {
        Some(text) => Some(
            parse_feed_date(&text)
                .ok_or_else(|| format!("`pubDate`: {}", super::not_a_date(&text)))?,
        ),
        None => child_text(item, "date").and_then(|d| parse_feed_date(&d)),
    };
    let mut authors: Vec<String> = item
        .children()
        .filter(|n| n.has_tag_name_local("creator") || n.has_tag_name_local("author"))
        .filter_map(|n| text_of(Some(n)))
        .map(|a| rss_author(&a))
        .collect();
    authors.dedup();
    let image = item
        .children()
        .filter(|n| {
            ["enclosure", "content", "thumbnail"]
                .iter()
                .any(|t| n.has_tag_name_local(t))
        })
        .find(|n| {
            n.has_tag_name_local("thumbnail")
                || n.attribute("type").is_some_and(|t| t.starts_with("image/"))
                || n.attribute("medium") == Some("image")
        })
        .and_then(|n| n.attribute("url"))
        .map(str::to_owned);
    build(Parts {
        kind: "rss",
        id: child_text(item, "guid"),
        title,
        url: link,
        paragraphs: html.as_deref().map(html_paragraphs).unwrap_or_default(),
        date,
        date_field: "pubDate",
        source: feed.title.clone(),
        lang: feed.lang.clone(),
        authors,
        image,
        license: None,
    })
}

fn atom_entry(entry: Node, feed: &Channel) -> Result<Article, String> {
    let title = child(entry, "title").and_then(|t| atom_text(t).map(|p| p.join(" ")));
    let link = entry
        .children()
        .filter(|n| n.has_tag_name_local("link"))
        .find(|n| matches!(n.attribute("rel"), None | Some("alternate")))
        .and_then(|n| n.attribute("href"))
        .map(str::to_owned);
    let paragraphs = child(entry, "content")
        .and_then(atom_text)
        .or_else(|| child(entry, "summary").and_then(atom_text))
        .unwrap_or_default();
    let date = match child_text(entry, "published").or_else(|| child_text(entry, "updated")) {
        Some(text) => Some(
            parse_feed_date(&text)
                .ok_or_else(|| format!("`published`: {}", super::not_a_date(&text)))?,
        ),
        None => None,
    };
    let authors = entry
        .children()
        .filter(|n| n.has_tag_name_local("author"))
        .filter_map(|a| child_text(a, "name"))
        .map(|a| one_line(&a))
        .collect();
    let image = entry
        .children()
        .find(|n| n.has_tag_name_local("thumbnail"))
        .and_then(|n| n.attribute("url"))
        .map(str::to_owned);
    let lang = entry
        .attribute(("http://www.w3.org/XML/1998/namespace", "lang"))
        .map(str::to_owned)
        .or_else(|| feed.lang.clone());
    build(Parts {
        kind: "atom",
        id: child_text(entry, "id"),
        title,
        url: link,
        paragraphs,
        date,
        date_field: "published",
        source: feed.title.clone(),
        lang,
        authors,
        image,
        license: child_text(entry, "rights"),
    })
}

/// An Atom text construct's paragraphs: `type="html"` is HTML as text,
/// `xhtml` is markup inside a `div`, anything else plain text.
fn atom_text(node: Node) -> Option<Vec<String>> {
    let paragraphs = match node.attribute("type") {
        Some("html") => html_paragraphs(&text_of(Some(node))?),
        Some("xhtml") => {
            // The markup is XML here: its block elements end paragraphs.
            let mut out = Vec::new();
            let mut current = String::new();
            for n in node.descendants() {
                if n.is_text() {
                    current.push_str(n.text().unwrap_or(""));
                } else if n.is_element()
                    && ["p", "div", "br", "li", "h1", "h2", "h3", "h4", "blockquote"]
                        .contains(&n.tag_name().name())
                {
                    let text = one_line(&current);
                    if !text.is_empty() {
                        out.push(text);
                    }
                    current.clear();
                }
            }
            let text = one_line(&current);
            if !text.is_empty() {
                out.push(text);
            }
            out
        }
        _ => text_of(Some(node))?
            .lines()
            .map(one_line)
            .filter(|l| !l.is_empty())
            .collect(),
    };
    (!paragraphs.is_empty()).then_some(paragraphs)
}

fn trafilatura_doc(doc: Node) -> Result<Article, String> {
    let attr = |name: &str| {
        doc.attribute(name)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let main = child(doc, "main");
    let paragraphs: Vec<String> = main
        .map(|m| {
            m.descendants()
                .filter(|n| {
                    ["p", "head", "item", "quote", "cell"]
                        .iter()
                        .any(|t| n.has_tag_name_local(t))
                })
                .filter_map(|n| text_of(Some(n)))
                .map(|t| one_line(&t))
                .collect()
        })
        .unwrap_or_default();
    let date = match attr("date") {
        Some(text) => {
            Some(parse_date(&text).ok_or_else(|| format!("`date`: {}", super::not_a_date(&text)))?)
        }
        None => None,
    };
    let authors = attr("author")
        .map(|a| {
            a.split(';')
                .map(one_line)
                .filter(|a| !a.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let mut article = build(Parts {
        kind: "trafilatura",
        id: attr("id"),
        title: attr("title"),
        url: attr("url").or_else(|| attr("source")),
        paragraphs,
        date,
        date_field: "date",
        source: attr("sitename").or_else(|| attr("hostname")),
        lang: attr("language"),
        authors,
        image: attr("image"),
        license: attr("license"),
    })?;
    article.published_from = Some(DateSource::Page);
    Ok(article)
}

/// What an item gave, before it is an article.
struct Parts {
    kind: &'static str,
    id: Option<String>,
    title: Option<String>,
    url: Option<String>,
    paragraphs: Vec<String>,
    date: Option<Published>,
    date_field: &'static str,
    source: Option<String>,
    lang: Option<String>,
    authors: Vec<String>,
    image: Option<String>,
    license: Option<String>,
}

fn build(parts: Parts) -> Result<Article, String> {
    let title = parts
        .title
        .map(|t| one_line(&t))
        .filter(|t| !t.is_empty())
        .ok_or("the item has no title")?;
    let published = parts
        .date
        .ok_or_else(|| format!("the item has no date (`{}`)", parts.date_field))?;
    let mut paragraphs = parts.paragraphs.into_iter();
    let lead = paragraphs.next().ok_or(
        "the item has a title but no text (no description or content): a headline-only feed holds no articles",
    )?;
    let body: Vec<String> = paragraphs.collect();
    let url = parts
        .url
        .map(|u| u.trim().to_owned())
        .filter(|u| !u.is_empty());
    let host = url.as_deref().and_then(host_of);
    let id = match parts
        .id
        .map(|i| i.trim().to_owned())
        .filter(|i| !i.is_empty())
    {
        Some(id) if is_plain_id(&id) => id,
        Some(id) => format!(
            "{}-{}",
            host.as_deref()
                .or(host_of(&id).as_deref())
                .unwrap_or(parts.kind),
            content_hash(id.as_bytes())
        ),
        None => {
            let mut all = vec![lead.clone()];
            all.extend(body.iter().cloned());
            made_id(parts.kind, url.as_deref(), &title, &published, &all)
        }
    };
    Ok(Article {
        id,
        title,
        published,
        published_from: Some(DateSource::Feed),
        lead,
        body,
        source: parts.source.or(host).unwrap_or_default(),
        url,
        lang: parts.lang,
        license: parts.license,
        authors: parts.authors,
        image: parts.image,
        cluster: None,
    })
}

/// An id short and plain enough for an address (`#/article/<id>`).
fn is_plain_id(id: &str) -> bool {
    id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

/// RSS's `author` is `mail@example.com (Name)`: the name, if given.
fn rss_author(text: &str) -> String {
    match (text.find('('), text.rfind(')')) {
        (Some(open), Some(close)) if open < close => one_line(&text[open + 1..close]),
        _ => one_line(text),
    }
}

/// A feed's date: RFC 822 (`Mon, 13 Sep 2021 23:03:39 +0430`), or ISO
/// 8601 / RFC 3339 as Atom and `dc:date` write it.
pub fn parse_feed_date(text: &str) -> Option<Published> {
    parse_date(text).or_else(|| parse_rfc822(text))
}

/// RFC 822/1123 dates, as RSS writes them: the weekday is optional, a
/// two-digit year is 19xx or 20xx, the zone is an offset, `GMT`/`UT`/`Z`,
/// or a US zone name; a time without a zone stays zoneless.
pub fn parse_rfc822(text: &str) -> Option<Published> {
    let text = text.trim();
    let text = match text.find(',') {
        Some(comma) => &text[comma + 1..],
        None => text,
    };
    let mut words = text.split_whitespace();
    let day: u32 = words.next()?.parse().ok()?;
    let month = month_number(words.next()?)?;
    let year: i32 = match words.next()? {
        y if y.len() == 2 => {
            let y: i32 = y.parse().ok()?;
            if y < 50 {
                2000 + y
            } else {
                1900 + y
            }
        }
        y if y.len() == 4 => y.parse().ok()?,
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    let Some(time) = words.next() else {
        return Some(Published::Date(date));
    };
    let mut hms = time.split(':').map(|p| p.parse::<u32>().ok());
    let (h, m) = (hms.next()??, hms.next()??);
    let s = hms.next().unwrap_or(Some(0))?;
    let at = date.and_time(NaiveTime::from_hms_opt(h, m, s)?);
    let offset_minutes = match words.next() {
        None => return Some(Published::DateTime(at)),
        Some(zone) => zone_minutes(zone),
    };
    Some(match offset_minutes.and_then(UtcOffset::from_minutes) {
        Some(offset) => Published::Zoned(at, offset),
        None => Published::DateTime(at),
    })
}

fn month_number(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = word.get(..3)?.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| *m == lower)
        .map(|i| i as u32 + 1)
}

/// `+0430`, `-05:00`, `GMT`, `EST`, … as minutes east of UTC.
fn zone_minutes(zone: &str) -> Option<i32> {
    let named = match zone.to_ascii_uppercase().as_str() {
        "GMT" | "UT" | "UTC" | "Z" => Some(0),
        "EST" => Some(-5 * 60),
        "EDT" => Some(-4 * 60),
        "CST" => Some(-6 * 60),
        "CDT" => Some(-5 * 60),
        "MST" => Some(-7 * 60),
        "MDT" => Some(-6 * 60),
        "PST" => Some(-8 * 60),
        "PDT" => Some(-7 * 60),
        _ => None,
    };
    if named.is_some() {
        return named;
    }
    let (sign, digits) = match zone.as_bytes().first()? {
        b'+' => (1, &zone[1..]),
        b'-' => (-1, &zone[1..]),
        _ => return None,
    };
    let digits: String = digits.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    (minutes < 60).then_some(sign * (hours * 60 + minutes))
}

#[cfg(test)]
mod tests;
