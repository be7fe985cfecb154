//! Archives as the scrapers and crawlers of this field write them, read
//! into articles with the same duplicate rule, limits and located problems
//! as Broadsheet's own sets.
//!
//! - [`records_file`]: one file, whatever wrote it, told by its first
//!   bytes and handed to the reader below that fits.
//! - [`scraped`]: one JSON record of news-please, trafilatura or
//!   newspaper4k. These come in a file of one object, an array, or JSON
//!   Lines; the set reader (`set/reader.rs`, `set/load.rs`) finds the
//!   records and hands each one that is not a Broadsheet record here.
//! - [`table`]: CSV and TSV, a row at a time.
//! - [`feed`]: RSS and Atom feeds and trafilatura's XML, through
//!   [`html_text`] for the HTML they carry.
//! - [`warc`]: WARC crawls, a record at a time: each HTML page an article
//!   or counted as ignored.
//!
//! The helpers below are what they share: dates as these tools write them,
//! ids for records without one, paragraphs, hosts.

pub mod feed;
pub mod html_text;
pub mod records_file;
pub mod scraped;
pub mod table;
pub mod warc;

use crate::content_hash::content_hash;
use crate::published::Published;

/// A date as the tools of this field write it: ISO 8601 with `T` or a
/// space before the time, or the US form of the seed files
/// (`9/13/2021 11:03:39 PM`). Years have four digits in either form, as
/// in the stored form: [`Published::parse_iso`] reads back every date
/// this gives.
pub(crate) fn parse_date(text: &str) -> Option<Published> {
    let text = text.trim();
    let iso = match text.as_bytes().get(10) {
        Some(b' ') if text.is_char_boundary(10) && text.is_char_boundary(11) => {
            format!("{}T{}", &text[..10], &text[11..])
        }
        _ => text.to_owned(),
    };
    Published::parse_iso(&iso).ok().or_else(|| {
        crate::date_text::parse_us_date_time(text)
            .filter(|dt| crate::published::four_digit_year(dt.date()))
            .map(Published::DateTime)
    })
}

/// Why `text` is no date, in the words every reader uses.
pub(crate) fn not_a_date(text: &str) -> String {
    format!(
        "`{}` is not a date this reader knows (YYYY-MM-DD, with a time or not, or M/D/YYYY h:mm:ss AM|PM)",
        crate::published::shorten(text, 40)
    )
}

/// An id for a record that has none: the outlet's host and a hash of the
/// URL (the same page read twice, or by two tools, gets the same id and
/// the duplicate rule applies), else `kind` and a hash of the title, date
/// and text.
pub(crate) fn made_id(
    kind: &str,
    url: Option<&str>,
    title: &str,
    published: &Published,
    paragraphs: &[String],
) -> String {
    match url {
        Some(url) => format!(
            "{}-{}",
            host_of(url).as_deref().unwrap_or(kind),
            content_hash(url.trim().as_bytes())
        ),
        None => {
            let mut key = format!("{title}\n{}\n", published.to_iso());
            paragraphs.iter().for_each(|p| key.push_str(p));
            format!("{kind}-{}", content_hash(key.as_bytes()))
        }
    }
}

/// A scraper's text as paragraphs: one per line with text.
pub(crate) fn paragraphs_of(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A title on one line (some pages break theirs).
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The host of an http(s) URL, lower-cased, without `www.`.
pub(crate) fn host_of(url: &str) -> Option<String> {
    let rest = crate::article::safe_link(url)?.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (!host.is_empty()).then(|| host.to_owned())
}
