//! The seed format: one scraped article per text file.
//!
//! ```text
//! News ID : 75422
//! Publish Date : 9/13/2021 11:03:39 PM
//! <title>
//!
//! <title again>
//!
//! <lead paragraph>
//!
//! NOURNEWS - <body paragraph with the outlet's dateline>
//! ...
//! first name & last name          <- comment-form residue, dropped
//! ```
//!
//! Every non-blank line is one paragraph, so missing or extra blank lines
//! change nothing. CRLF, a UTF-8 or UTF-16 byte-order mark and trailing
//! spaces are accepted. A file that is not an article gives a [`SeedError`]
//! naming the line and what was expected; an [`Article`] is only built once
//! every part is present.

use crate::article::Article;
use crate::published::{four_digit_year, shorten, Published};
use chrono::NaiveDateTime;
use std::fmt;

/// Why a file is not a seed-format article, and on which line (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeedError {
    pub line: usize,
    pub kind: SeedErrorKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SeedErrorKind {
    /// The bytes are not UTF-8 (or UTF-16 with a byte-order mark) text.
    NotText { byte_offset: usize },
    /// The file has a NUL or other control character, so it is binary.
    Binary,
    /// Nothing but white space.
    Empty,
    /// The first line is not `News ID : …`.
    ExpectedNewsId { found: String },
    /// `News ID :` with nothing after it.
    EmptyNewsId,
    /// The line after the ID is not `Publish Date : …` (or the file ends).
    ExpectedPublishDate { found: Option<String> },
    /// The date is there but is not `M/D/YYYY h:mm[:ss] AM|PM` or 24-hour.
    BadPublishDate { value: String },
    /// The file ends before the title.
    ExpectedTitle,
    /// The file ends after the title: no lead or body.
    ExpectedText,
}

impl fmt::Display for SeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: ", self.line)?;
        match &self.kind {
            SeedErrorKind::NotText { byte_offset } => {
                write!(f, "not text (invalid byte at offset {byte_offset}); expected UTF-8, or UTF-16 with a byte-order mark")
            }
            SeedErrorKind::Binary => f.write_str("binary data (control characters); expected seed-format article text"),
            SeedErrorKind::Empty => f.write_str("the file is empty; expected `News ID : …`"),
            SeedErrorKind::ExpectedNewsId { found } => {
                write!(f, "expected `News ID : <id>`, found `{found}`")
            }
            SeedErrorKind::EmptyNewsId => f.write_str("`News ID :` has no value; expected `News ID : <id>`"),
            SeedErrorKind::ExpectedPublishDate { found: Some(found) } => {
                write!(f, "expected `Publish Date : M/D/YYYY h:mm:ss AM|PM`, found `{found}`")
            }
            SeedErrorKind::ExpectedPublishDate { found: None } => {
                f.write_str("expected `Publish Date : M/D/YYYY h:mm:ss AM|PM`, found the end of the file")
            }
            SeedErrorKind::BadPublishDate { value } => write!(
                f,
                "`{value}` is not a valid date; expected M/D/YYYY h:mm:ss AM|PM (or 24-hour, seconds optional)"
            ),
            SeedErrorKind::ExpectedTitle => f.write_str("expected the title, found the end of the file"),
            SeedErrorKind::ExpectedText => {
                f.write_str("expected the article text after the title, found the end of the file")
            }
        }
    }
}

impl std::error::Error for SeedError {}

/// Comment-form labels that scrapers pick up below the article. Compared
/// case-insensitively against whole trailing paragraphs.
const RESIDUE: &[&str] = &[
    "first name & last name",
    "first name and last name",
    "name & last name",
    "your name",
    "email",
    "your email",
    "your comment",
    "comment",
    "send",
    "نام و نام خانوادگی",
    "ایمیل",
    "پست الکترونیک",
    "نظر شما",
    "ارسال",
    "الاسم",
    "البريد الإلكتروني",
    "التعليق",
];

/// Parses a file's raw bytes: decodes UTF-8 (with or without BOM) or UTF-16
/// with a BOM, then [`parse_seed_text`].
pub fn parse_seed_bytes(bytes: &[u8]) -> Result<Article, SeedError> {
    let text = decode(bytes)?;
    parse_seed_text(&text)
}

fn decode(bytes: &[u8]) -> Result<String, SeedError> {
    // UTF-16 after its BOM; an unpaired surrogate or a dangling odd byte is
    // reported at its own byte offset and line, never patched into a char.
    let utf16 = |le: bool| {
        let body = &bytes[2..];
        let units = body.chunks_exact(2).map(|c| {
            let pair = [c[0], c[1]];
            if le {
                u16::from_le_bytes(pair)
            } else {
                u16::from_be_bytes(pair)
            }
        });
        let mut text = String::with_capacity(body.len() / 2);
        let mut offset = 2;
        let not_text = |text: &str, byte_offset| SeedError {
            line: 1 + text.matches('\n').count(),
            kind: SeedErrorKind::NotText { byte_offset },
        };
        for unit in char::decode_utf16(units) {
            match unit {
                Ok(c) => {
                    text.push(c);
                    offset += 2 * c.len_utf16();
                }
                Err(_) => return Err(not_text(&text, offset)),
            }
        }
        if body.len() % 2 == 1 {
            return Err(not_text(&text, bytes.len() - 1));
        }
        Ok(text)
    };
    match bytes {
        [0xFF, 0xFE, ..] => utf16(true),
        [0xFE, 0xFF, ..] => utf16(false),
        _ => match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s.to_owned()),
            Err(e) => {
                let at = e.valid_up_to();
                let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
                Err(SeedError {
                    line,
                    kind: SeedErrorKind::NotText { byte_offset: at },
                })
            }
        },
    }
}

/// Parses one seed-format article. See the module docs for the layout.
pub fn parse_seed_text(text: &str) -> Result<Article, SeedError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Old Mac files end lines with a lone CR; a file can mix that with
    // CRLF and LF, so every CR not before an LF ends a line too.
    let lf_only;
    let text = if text.contains('\r') {
        lf_only = text.replace("\r\n", "\n").replace('\r', "\n");
        lf_only.as_str()
    } else {
        text
    };
    // Numbered non-blank lines; `\r` and trailing spaces go with trim.
    let mut lines = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| {
            (
                i + 1,
                l.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}'),
            )
        })
        .filter(|(_, l)| !l.is_empty());
    let last_line = text.split('\n').count();

    if let Some((n, _)) = text.split('\n').enumerate().find(|(_, l)| {
        l.chars()
            .any(|c| c.is_control() && !matches!(c, '\r' | '\t'))
    }) {
        return Err(SeedError {
            line: n + 1,
            kind: SeedErrorKind::Binary,
        });
    }

    let (id_line, first) = lines.next().ok_or(SeedError {
        line: 1,
        kind: SeedErrorKind::Empty,
    })?;
    let id = header_value(first, "news id").ok_or_else(|| SeedError {
        line: id_line,
        kind: SeedErrorKind::ExpectedNewsId {
            found: shorten(first, 60),
        },
    })?;
    if id.is_empty() {
        return Err(SeedError {
            line: id_line,
            kind: SeedErrorKind::EmptyNewsId,
        });
    }

    let (date_line, second) = lines.next().ok_or(SeedError {
        line: last_line,
        kind: SeedErrorKind::ExpectedPublishDate { found: None },
    })?;
    let value = header_value(second, "publish date").ok_or_else(|| SeedError {
        line: date_line,
        kind: SeedErrorKind::ExpectedPublishDate {
            found: Some(shorten(second, 60)),
        },
    })?;
    let published = parse_publish_date(value).ok_or_else(|| SeedError {
        line: date_line,
        kind: SeedErrorKind::BadPublishDate {
            value: shorten(value, 60),
        },
    })?;

    let mut paragraphs: Vec<&str> = lines.map(|(_, l)| l).collect();
    while paragraphs.last().is_some_and(|p| is_residue(p)) {
        paragraphs.pop();
    }
    let mut paragraphs = paragraphs.into_iter();
    let title = paragraphs.next().ok_or(SeedError {
        line: last_line,
        kind: SeedErrorKind::ExpectedTitle,
    })?;
    let mut rest: Vec<&str> = paragraphs.collect();
    // Scraped pages print the title twice (page title, then headline).
    if rest.first().is_some_and(|p| same_text(p, title)) {
        rest.remove(0);
    }
    if rest.is_empty() {
        return Err(SeedError {
            line: last_line,
            kind: SeedErrorKind::ExpectedText,
        });
    }
    let source = rest
        .iter()
        .find_map(|p| dateline_outlet(p))
        .unwrap_or_default();
    let lead = rest.remove(0).to_owned();

    Ok(Article {
        id: id.to_owned(),
        title: collapse_spaces(title),
        published: Published::DateTime(published),
        // The seed's `Publish Date` header; left unsaid, as before
        // provenance was recorded, so seed output stays as it was.
        published_from: None,
        lead,
        body: rest.into_iter().map(str::to_owned).collect(),
        source,
        authors: Vec::new(),
        url: None,
        image: None,
        lang: None,
        license: None,
        cluster: None,
    })
}

/// `Name : value` with any spacing and case around the colon; `None` if
/// the line is another header or text.
fn header_value<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let (key, value) = line.split_once(':')?;
    key.trim().eq_ignore_ascii_case(name).then(|| value.trim())
}

/// `9/13/2021 11:03:39 PM`, also without seconds or on a 24-hour clock.
/// Only US month/day order: that is what these outlets write. The year must
/// have four digits: chrono's `%Y` would read `9/13/21` as the year 21.
pub fn parse_publish_date(value: &str) -> Option<NaiveDateTime> {
    let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
    crate::date_text::parse_us_date_time(&value).filter(|dt| four_digit_year(dt.date()))
}

fn same_text(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_residue(paragraph: &str) -> bool {
    let p = paragraph.trim_end_matches([':', '*', ' ']).to_lowercase();
    RESIDUE.iter().any(|r| *r == p)
}

/// The outlet named by a dateline that opens a paragraph: `NOURNEWS - …`
/// gives `NOURNEWS`, `TEHRAN (IRNA) - …` gives `IRNA`. The prefix must be
/// short and in capitals so ordinary sentences with a dash don't count.
pub fn dateline_outlet(paragraph: &str) -> Option<String> {
    let (prefix, _) = [" - ", " – ", " — "]
        .iter()
        .filter_map(|sep| paragraph.split_once(sep))
        .min_by_key(|(p, _)| p.len())?;
    let prefix = prefix.trim();
    if prefix.is_empty() || prefix.chars().count() > 50 {
        return None;
    }
    let name = match (prefix.rfind('('), prefix.ends_with(')')) {
        (Some(open), true) => &prefix[open + 1..prefix.len() - 1],
        _ => prefix,
    }
    .trim();
    let capitals = name.chars().filter(|c| c.is_uppercase()).count();
    let lowercase = name.chars().any(|c| c.is_lowercase());
    let plain = name
        .chars()
        .all(|c| c.is_alphanumeric() || " .&'-/".contains(c));
    (capitals >= 2 && !lowercase && plain).then(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines_name_the_outlet() {
        assert_eq!(
            dateline_outlet("NOURNEWS - In this meeting").as_deref(),
            Some("NOURNEWS")
        );
        assert_eq!(
            dateline_outlet("TEHRAN (IRNA) - The minister").as_deref(),
            Some("IRNA")
        );
        assert_eq!(
            dateline_outlet("AL-MONITOR — Text").as_deref(),
            Some("AL-MONITOR")
        );
        assert_eq!(dateline_outlet("He said - and meant it").as_deref(), None);
        assert_eq!(dateline_outlet("The US - Iran talks").as_deref(), None);
        assert_eq!(dateline_outlet("No dash here").as_deref(), None);
    }

    #[test]
    fn publish_dates_in_every_accepted_form() {
        let want = |s| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap();
        assert_eq!(
            parse_publish_date("9/13/2021 11:03:39 PM"),
            Some(want("2021-09-13 23:03:39"))
        );
        assert_eq!(
            parse_publish_date("09/13/2021 11:03 pm"),
            Some(want("2021-09-13 23:03:00"))
        );
        assert_eq!(
            parse_publish_date("9/13/2021 23:03:39"),
            Some(want("2021-09-13 23:03:39"))
        );
        assert_eq!(
            parse_publish_date("9/13/2021  23:03"),
            Some(want("2021-09-13 23:03:00"))
        );
        assert_eq!(
            parse_publish_date("12/1/2021 12:05:00 AM"),
            Some(want("2021-12-01 00:05:00"))
        );
        for bad in [
            "13/45/2021 1:00 PM",
            "0/0/0",
            "2021-09-13 23:03",
            "9/13/2021",
            "9/13/2021 25:00",
            "9/13/21 11:03 PM",
            "",
        ] {
            assert_eq!(parse_publish_date(bad), None, "{bad}");
        }
    }
}
