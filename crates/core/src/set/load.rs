//! Loading a whole file record by record: each bad record is skipped with
//! its line and reason, every good one kept; the whole file fails only when
//! it is not an article set at all.

use super::dedup::Dedup;
use super::record::take_record;
use super::salvage::salvage;
use super::{SET_FORMAT, SET_VERSION};
use crate::article::Article;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::fmt;

/// What a file gave: the good articles, and each record that was skipped.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LoadedArticles {
    pub articles: Vec<Article>,
    /// The 1-based line each of `articles` starts on.
    pub lines: Vec<usize>,
    pub skipped: Vec<SkippedRecord>,
    /// Later copies of an id that were identical to the first: merged, not lost.
    pub identical_duplicates: usize,
}

/// A record that could not be used, located for the reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkippedRecord {
    /// 1-based position in the file's article list.
    pub record: usize,
    /// 1-based line where the record starts.
    pub line: usize,
    pub id: Option<String>,
    pub reason: String,
}

impl SkippedRecord {
    pub fn new(record: usize, line: usize, id: Option<String>, reason: String) -> Self {
        SkippedRecord {
            record,
            line,
            id,
            reason,
        }
    }
}

impl fmt::Display for SkippedRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Line 0: a record handed over on its own (`HandedRecords`).
        if self.line > 0 {
            write!(f, "line {}: ", self.line)?;
        }
        write!(f, "record {}", self.record)?;
        if let Some(id) = &self.id {
            write!(f, " (id {id:?})")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// Why a whole file could not be read as articles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetError {
    /// Not JSON, or not the expected shape, at this place.
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    /// JSON that is not an article set: an object with no or another
    /// `format`, or a scalar such as `42`.
    WrongFormat { found: Option<String> },
    /// An article set from a newer Broadsheet.
    UnsupportedVersion { found: u64 },
    /// A file of a sharded archive (`--shards`), opened as if it were a
    /// set: its card shards would give leads without their bodies.
    ArchivePart { part: &'static str },
    /// Over the reader's limit in a layout that can only be read whole
    /// (see [`ArticleSetReader::with_limit`](super::ArticleSetReader::with_limit)).
    TooLargeToReadWhole { limit: usize },
}

impl fmt::Display for SetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SetError::Json { line, column, message } => {
                write!(f, "line {line}, column {column}: {message}")
            }
            SetError::WrongFormat { found: None } => write!(
                f,
                "not an article set: expected a JSON array of articles or an object with \"format\": \"{SET_FORMAT}\""
            ),
            SetError::WrongFormat { found: Some(found) } => write!(
                f,
                "not an article set: \"format\" is {found:?}, expected \"{SET_FORMAT}\""
            ),
            SetError::ArchivePart { part } => write!(
                f,
                "a sharded archive's {part}, not an article set: a sharded archive is opened from its web address (serve its folder and open `?data=` its manifest, articles.json), not as files"
            ),
            SetError::UnsupportedVersion { found } => write!(
                f,
                "article set version {found} is newer than this Broadsheet reads (version {SET_VERSION}); update Broadsheet"
            ),
            SetError::TooLargeToReadWhole { limit } => write!(
                f,
                "the file is over {} MB and not laid out one article per line, so it would have to be read in one piece; convert it with `broadsheet-ingest FILE -o set.json`, which writes that layout, and open the result",
                limit / 1_000_000
            ),
        }
    }
}

impl std::error::Error for SetError {}

#[derive(Deserialize)]
struct Envelope<'a> {
    format: Option<String>,
    version: Option<u64>,
    #[serde(borrow, default)]
    articles: Option<Vec<&'a RawValue>>,
    /// Only a sharded archive's card shard has it.
    #[serde(default)]
    bodies: Option<serde::de::IgnoredAny>,
}

/// Reads an article set, or a bare JSON array of articles, record by record.
/// Within the file the first record with an id wins (see [`Dedup`]).
/// A sharded archive's card shard is read too (the archive's reader reads
/// them with this).
pub fn parse_article_records(json: &str) -> Result<LoadedArticles, SetError> {
    records_of(json, usize::MAX, true)
}

/// A file opened as an article set: [`parse_article_records`], skipping
/// any record over `record_limit` bytes as
/// [`ArticleSetReader`](super::ArticleSetReader) skips such a line, and
/// refusing a card shard, whose leads have their bodies elsewhere.
pub(super) fn parse_records(json: &str, record_limit: usize) -> Result<LoadedArticles, SetError> {
    records_of(json, record_limit, false)
}

fn records_of(
    json: &str,
    record_limit: usize,
    card_shard_read: bool,
) -> Result<LoadedArticles, SetError> {
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    let mut broken = None;
    let records: Vec<&RawValue> = match json.trim_start().as_bytes().first() {
        Some(b'[') => match serde_json::from_str(json) {
            Ok(records) => records,
            Err(e) => salvage(json, e, &mut broken)?,
        },
        Some(b'{') => {
            if crate::archive::is_manifest(json.trim_start().as_bytes()) {
                return Err(SetError::ArchivePart { part: "manifest" });
            }
            let envelope: Envelope = match serde_json::from_str(json) {
                Ok(envelope) => envelope,
                Err(e) => Envelope {
                    format: Some(SET_FORMAT.into()),
                    version: None,
                    articles: Some(salvage(json, e, &mut broken)?),
                    bodies: None,
                },
            };
            if envelope.format.is_none() && envelope.articles.is_none() && broken.is_none() {
                // One record on its own (news-please writes a file per
                // article): read as a set of one.
                vec![serde_json::from_str::<&RawValue>(json).map_err(json_error)?]
            } else {
                let part = match envelope.format.as_deref() {
                    Some(SET_FORMAT) if envelope.bodies.is_some() && !card_shard_read => {
                        Some("card shard")
                    }
                    Some(crate::archive::BODIES_FORMAT) => Some("chunk of bodies"),
                    Some(crate::archive::IDS_FORMAT) => Some("id bucket"),
                    _ => None,
                };
                if let Some(part) = part {
                    return Err(SetError::ArchivePart { part });
                }
                if envelope.format.as_deref() != Some(SET_FORMAT) {
                    return Err(SetError::WrongFormat {
                        found: envelope.format,
                    });
                }
                match envelope.version {
                    Some(v) if v > u64::from(SET_VERSION) => {
                        return Err(SetError::UnsupportedVersion { found: v })
                    }
                    _ => {}
                }
                envelope.articles.ok_or_else(|| SetError::Json {
                    line: 1,
                    column: 1,
                    message: "missing field `articles`".into(),
                })?
            }
        }
        // Valid JSON of another kind (`42`, `"text"`, `null`) is the wrong
        // format; anything else gets the parser's position.
        Some(_) => {
            return Err(match serde_json::from_str::<serde::de::IgnoredAny>(json) {
                Ok(_) => SetError::WrongFormat { found: None },
                Err(e) => json_error(e),
            })
        }
        None => {
            return Err(SetError::Json {
                line: 1,
                column: 1,
                message: "the file is empty; expected a JSON array of articles or an article set"
                    .into(),
            })
        }
    };

    let mut lines = LineCounter::new(json);
    let mut dedup = Dedup::default();
    let mut loaded = LoadedArticles::default();
    let count = records.len();
    for (i, raw) in records.into_iter().enumerate() {
        let text = raw.get();
        let line = lines.line_at(text.as_ptr() as usize - json.as_ptr() as usize);
        if text.len() > record_limit {
            loaded.skipped.push(SkippedRecord {
                record: i + 1,
                line,
                id: None,
                reason: oversized_record(record_limit),
            });
            continue;
        }
        take_record(text, i + 1, line, &mut dedup, &mut loaded);
    }
    if let Some(e) = broken {
        loaded.skipped.push(SkippedRecord {
            record: count + 1,
            line: e.line().max(1),
            id: None,
            reason: format!(
                "the file is broken here (column {}: {}): this record and everything after it could not be read (was the file cut short?)",
                e.column().max(1),
                error_message(&e)
            ),
        });
    }
    Ok(loaded)
}

/// Why a record over `limit` bytes is skipped: the same words in the page
/// and in `broadsheet-ingest`.
pub fn oversized_record(limit: usize) -> String {
    format!(
        "the record is over {} MB, more than one article may hold here",
        limit / 1_000_000
    )
}

pub(super) fn json_error(e: serde_json::Error) -> SetError {
    SetError::Json {
        line: e.line().max(1),
        column: e.column().max(1),
        message: error_message(&e),
    }
}

/// serde_json's message without its own " at line L column C" suffix, which
/// would be relative to the record rather than to the file.
pub(super) fn error_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// Turns byte offsets (increasing) into 1-based line numbers in one pass.
struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        self.line += self.text[self.offset..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.offset = offset;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sharded_archives_files_are_named_not_read_as_leads_without_bodies() {
        let part = |json: &str| match parse_records(json, usize::MAX) {
            Err(SetError::ArchivePart { part }) => part,
            other => panic!("{json}: {other:?}"),
        };
        assert_eq!(
            part(
                r#"{"format":"broadsheet-sharded-archive","version":1,"articles":6,"first_day":"2021-09-13"}"#
            ),
            "manifest"
        );
        assert_eq!(
            part(
                r#"{"format":"broadsheet-article-set","version":2,"bodies":[[6,"321e"]],"articles":[{"id":"a","title":"T","published":"2021-09-13","lead":"L","source":"S"}]}"#
            ),
            "card shard"
        );
        assert_eq!(
            part(r#"{"format":"broadsheet-bodies","version":1,"bodies":[["x"]]}"#),
            "chunk of bodies"
        );
        assert_eq!(
            part(r#"{"format":"broadsheet-ids","version":1,"ids":[]}"#),
            "id bucket"
        );
        assert!(SetError::ArchivePart { part: "card shard" }
            .to_string()
            .starts_with("a sharded archive's card shard, not an article set: a sharded archive is opened from its web address"));
        // A set is still a set.
        let set = r#"{"format":"broadsheet-article-set","version":2,"articles":[{"id":"a","title":"T","published":"2021-09-13","lead":"L","source":"S"}]}"#;
        assert_eq!(parse_records(set, usize::MAX).unwrap().articles.len(), 1);
    }
}
