//! The article set: the JSON file the viewer loads (`static/articles.json`).
//!
//! ```json
//! {"format":"broadsheet-article-set","version":1,"articles":[
//! {"id":"75422","title":"…","published":"2021-09-13T23:03:39","lead":"…","body":["…"],"source":"NOURNEWS"}
//! ]}
//! ```
//!
//! Loading is per record: one bad record is skipped and reported with its
//! position and reason, and every good record is kept. A bare JSON array of
//! articles (the shape of the corpora in `data/`) is accepted too.

use crate::article::Article;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::HashMap;
use std::fmt;

/// The `format` value that marks a Broadsheet article set.
pub const SET_FORMAT: &str = "broadsheet-article-set";
/// The schema version this build writes and reads.
pub const SET_VERSION: u32 = 1;

/// A whole article set, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleSet {
    pub format: String,
    pub version: u32,
    pub articles: Vec<Article>,
}

impl ArticleSet {
    /// A set of `articles` in the canonical order: newest first, then by id.
    pub fn new(mut articles: Vec<Article>) -> Self {
        sort_newest_first(&mut articles);
        ArticleSet {
            format: SET_FORMAT.into(),
            version: SET_VERSION,
            articles,
        }
    }

    /// The file's bytes: compact JSON with one article per line, so equal
    /// sets give equal bytes and diffs between versions stay readable.
    pub fn to_json(&self) -> String {
        let mut out = format!(
            "{{\"format\":{},\"version\":{},\"articles\":[",
            serde_json::to_string(&self.format).expect("a string serialises"),
            self.version
        );
        for (i, article) in self.articles.iter().enumerate() {
            out.push_str(if i == 0 { "\n" } else { ",\n" });
            out.push_str(&serde_json::to_string(article).expect("an article serialises"));
        }
        out.push_str("\n]}\n");
        out
    }
}

/// Newest first; equal dates by id so the order never depends on input order.
pub fn sort_newest_first(articles: &mut [Article]) {
    articles.sort_by(|a, b| b.published.cmp(&a.published).then_with(|| a.id.cmp(&b.id)));
}

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

impl fmt::Display for SkippedRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: record {}", self.line, self.record)?;
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
    /// Over the reader's limit in a layout that can only be read whole
    /// (see [`ArticleSetReader::with_limit`]).
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
}

/// Reads an article set, or a bare JSON array of articles, record by record.
/// Within the file the first record with an id wins (see [`Dedup`]).
pub fn parse_article_records(json: &str) -> Result<LoadedArticles, SetError> {
    parse_records(json, usize::MAX)
}

/// [`parse_article_records`], skipping any record over `record_limit`
/// bytes as [`ArticleSetReader`] skips such a line.
fn parse_records(json: &str, record_limit: usize) -> Result<LoadedArticles, SetError> {
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    let mut broken = None;
    let records: Vec<&RawValue> = match json.trim_start().as_bytes().first() {
        Some(b'[') => match serde_json::from_str(json) {
            Ok(records) => records,
            Err(e) => salvage(json, e, &mut broken)?,
        },
        Some(b'{') => {
            let envelope: Envelope = match serde_json::from_str(json) {
                Ok(envelope) => envelope,
                Err(e) => Envelope {
                    format: Some(SET_FORMAT.into()),
                    version: None,
                    articles: Some(salvage(json, e, &mut broken)?),
                },
            };
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

/// The complete records before the place where a JSON file breaks (a cut
/// download, a corrupted tail), so only what follows the break is lost.
/// An article set gives records only once its `format` (and `version`, if
/// given before the articles) have been read and are right. With nothing
/// to salvage, the file's error stands; else it is kept in `broken`.
fn salvage<'a>(
    json: &'a str,
    error: serde_json::Error,
    broken: &mut Option<serde_json::Error>,
) -> Result<Vec<&'a RawValue>, SetError> {
    use serde::de::Deserializer as _;
    let found = std::cell::RefCell::new(Vec::new());
    let mut de = serde_json::Deserializer::from_str(json);
    let _ = if json.trim_start().starts_with('[') {
        de.deserialize_seq(salvage::Records(&found))
    } else {
        de.deserialize_map(salvage::Envelope(&found))
    };
    let found = found.into_inner();
    if found.is_empty() || !error.is_syntax() && !error.is_eof() {
        return Err(json_error(error));
    }
    *broken = Some(error);
    Ok(found)
}

mod salvage {
    use super::{SET_FORMAT, SET_VERSION};
    use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
    use serde_json::value::RawValue;
    use std::cell::RefCell;
    use std::fmt;

    /// Collects array elements as they parse, keeping them past an error.
    pub struct Records<'s, 'de>(pub &'s RefCell<Vec<&'de RawValue>>);

    impl<'de> Visitor<'de> for Records<'_, 'de> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an array of articles")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            while let Some(record) = seq.next_element::<&'de RawValue>()? {
                self.0.borrow_mut().push(record);
            }
            Ok(())
        }
    }

    impl<'de> DeserializeSeed<'de> for Records<'_, 'de> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_seq(self)
        }
    }

    /// An article set's fields in order; its articles as [`Records`].
    pub struct Envelope<'s, 'de>(pub &'s RefCell<Vec<&'de RawValue>>);

    impl<'de> Visitor<'de> for Envelope<'_, 'de> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an article set")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let mut format_ok = false;
            while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                match key.as_ref() {
                    "format" => format_ok = map.next_value::<String>()? == SET_FORMAT,
                    "version" => {
                        if map.next_value::<u64>()? > u64::from(SET_VERSION) {
                            return Ok(());
                        }
                    }
                    "articles" if format_ok => map.next_value_seed(Records(self.0))?,
                    "articles" => return Ok(()),
                    _ => {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
            Ok(())
        }
    }
}

/// Parses one record (1-based `record`, starting on `line`) into `loaded`:
/// an article, a skipped record with its reason, or a merged duplicate.
fn take_record(
    text: &str,
    record: usize,
    line: usize,
    dedup: &mut Dedup<usize>,
    loaded: &mut LoadedArticles,
) {
    let skip = |id: Option<String>, reason: String| SkippedRecord {
        record,
        line,
        id,
        reason,
    };
    let article = match serde_json::from_str::<Article>(text) {
        Ok(a) => normalise(a),
        Err(e) => {
            loaded
                .skipped
                .push(skip(record_id(text), record_error(text, &e)));
            return;
        }
    };
    if let Err(reason) = article.validate() {
        loaded.skipped.push(skip(Some(article.id), reason));
        return;
    }
    match dedup.check(&article, record) {
        DedupVerdict::New => {
            loaded.articles.push(article);
            loaded.lines.push(line);
        }
        DedupVerdict::Identical { .. } => loaded.identical_duplicates += 1,
        DedupVerdict::Conflict { first } => loaded.skipped.push(skip(
            Some(article.id),
            format!("duplicate id with different content; record {first} has it and wins"),
        )),
    }
}

/// The first line of a set written by [`ArticleSet::to_json`].
const CANONICAL_HEADER: &str =
    "{\"format\":\"broadsheet-article-set\",\"version\":1,\"articles\":[";

/// Whether `first_line` (without its `\n`) opens a set laid out one
/// record per line, which [`ArticleSetReader`] reads a line at a time.
pub fn is_line_per_record_header(first_line: &[u8]) -> bool {
    let first = first_line
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(first_line);
    first.trim_ascii() == CANONICAL_HEADER.as_bytes()
}

/// Reads an article set as its bytes arrive (e.g. from a streamed
/// download), so the whole file never has to sit in memory next to its
/// articles. Sets written by `broadsheet-ingest` ([`ArticleSet::to_json`])
/// have one record per line: those lines are parsed as they complete and
/// their bytes dropped. Any other layout is kept whole and read at
/// [`finish`](Self::finish) by [`parse_article_records`], with the same
/// result either way for the files `broadsheet-ingest` writes. Once the
/// first line is that layout's header, every line is one record on its own:
/// a damaged line loses only itself (where a whole-file parse would stop at
/// it), and text after the closing `]}` is reported, not read.
pub struct ArticleSetReader {
    mode: ReaderMode,
    /// An unfinished line (line mode) or everything so far (whole mode).
    pending: Vec<u8>,
    /// 1-based number of the next line to complete.
    line: usize,
    records: usize,
    ended: bool,
    dedup: Dedup<usize>,
    loaded: LoadedArticles,
    /// Bytes a file read whole may have.
    limit: usize,
    /// Bytes a single record may have (in either layout).
    record_limit: usize,
    /// The whole file went over `limit` (whole mode), or the current line
    /// went over `record_limit` (line mode): its bytes are dropped, not kept.
    over_limit: bool,
    /// Text came after the closing `]}` (reported once).
    after_end: bool,
}

#[derive(PartialEq)]
enum ReaderMode {
    /// Before the first line is complete.
    Start,
    Lines,
    Whole,
}

impl Default for ArticleSetReader {
    fn default() -> Self {
        ArticleSetReader {
            mode: ReaderMode::Start,
            pending: Vec::new(),
            line: 1,
            records: 0,
            ended: false,
            dedup: Dedup::default(),
            loaded: LoadedArticles::default(),
            limit: usize::MAX,
            record_limit: usize::MAX,
            over_limit: false,
            after_end: false,
        }
    }
}

impl ArticleSetReader {
    pub fn new() -> Self {
        Self::default()
    }

    /// A reader that holds at most `limit` bytes at a time: a file in a
    /// layout that must be read whole is refused past it
    /// ([`SetError::TooLargeToReadWhole`]), and a single line-per-record
    /// record past it is skipped. The page uses this so that no single
    /// parse can freeze it; up to the limit the result is the same.
    pub fn with_limit(limit: usize) -> Self {
        Self::with_limits(limit, limit)
    }

    /// A reader that keeps at most `whole` bytes of a file in a layout
    /// that must be read whole, and skips any record over `record` bytes
    /// in either layout (with the words [`with_limit`](Self::with_limit)'s
    /// reader uses). `broadsheet-ingest`, which converts large files into
    /// the line-per-record layout, reads with a larger `whole` than the
    /// page and the same `record`.
    pub fn with_limits(whole: usize, record: usize) -> Self {
        ArticleSetReader {
            limit: whole.max(record),
            record_limit: record,
            ..Self::default()
        }
    }

    /// Whether the file has already gone over the limit of a file read
    /// whole: [`finish`](Self::finish) will refuse it, so the rest need
    /// not be read.
    pub fn refused(&self) -> bool {
        self.over_limit && self.mode != ReaderMode::Lines
    }

    /// Articles read so far (line mode only; whole mode reads at the end).
    pub fn articles_so_far(&self) -> usize {
        self.loaded.articles.len()
    }

    /// Takes the next bytes of the file.
    pub fn push(&mut self, mut chunk: &[u8]) {
        while !chunk.is_empty() {
            if self.mode == ReaderMode::Whole {
                self.keep(chunk);
                return;
            }
            // (`contains` on bytes is std's memchr, fast in any build: a
            // chunk inside a long line is passed over without a byte loop.)
            let end = match chunk.contains(&b'\n') {
                true => chunk.iter().position(|&b| b == b'\n'),
                false => None,
            };
            match end {
                None => {
                    self.keep(chunk);
                    return;
                }
                Some(end) => {
                    self.keep(&chunk[..end]);
                    chunk = &chunk[end + 1..];
                    let line = std::mem::take(&mut self.pending);
                    if std::mem::take(&mut self.over_limit) && self.mode == ReaderMode::Lines {
                        self.skip_oversized_line();
                    } else {
                        self.complete_line(line);
                    }
                }
            }
        }
    }

    /// Adds to `pending`, unless that would take it past the limit.
    fn keep(&mut self, bytes: &[u8]) {
        if self.over_limit {
            return;
        }
        let limit = match self.mode {
            ReaderMode::Lines => self.record_limit,
            ReaderMode::Start | ReaderMode::Whole => self.limit,
        };
        if self.pending.len() + bytes.len() > limit {
            self.over_limit = true;
            self.pending = Vec::new();
            if self.mode == ReaderMode::Start {
                // Not the layout that can be read line by line.
                self.mode = ReaderMode::Whole;
            }
            return;
        }
        self.pending.extend_from_slice(bytes);
    }

    fn skip_oversized_line(&mut self) {
        let number = self.line;
        self.line += 1;
        self.records += 1;
        self.loaded.skipped.push(SkippedRecord {
            record: self.records,
            line: number,
            id: None,
            reason: oversized_record(self.record_limit),
        });
    }

    fn complete_line(&mut self, line: Vec<u8>) {
        if self.mode == ReaderMode::Start {
            if is_line_per_record_header(&line) {
                self.mode = ReaderMode::Lines;
                self.line += 1;
            } else {
                // Another layout: keep everything and read it whole.
                self.mode = ReaderMode::Whole;
                self.pending = line;
                self.pending.push(b'\n');
            }
            return;
        }
        let number = self.line;
        self.line += 1;
        let text = line.trim_ascii();
        if text.is_empty() {
            return;
        }
        if text == b"]}" && !self.ended {
            self.ended = true;
            return;
        }
        if self.ended {
            // Nothing belongs after the set's end; say so once, keep nothing.
            if !self.after_end {
                self.after_end = true;
                self.loaded.skipped.push(SkippedRecord {
                    record: self.records + 1,
                    line: number,
                    id: None,
                    reason: "text after the end of the set (`]}`) is not read".into(),
                });
            }
            return;
        }
        let text = text.strip_suffix(b",").unwrap_or(text);
        self.records += 1;
        match std::str::from_utf8(text) {
            Ok(text) => take_record(
                text,
                self.records,
                number,
                &mut self.dedup,
                &mut self.loaded,
            ),
            Err(e) => self.loaded.skipped.push(SkippedRecord {
                record: self.records,
                line: number,
                id: None,
                reason: format!(
                    "not UTF-8 text (invalid byte at column {})",
                    e.valid_up_to() + 1
                ),
            }),
        }
    }

    /// Ends the file: the articles and what was skipped, or why the whole
    /// file is not an article set.
    pub fn finish(mut self) -> Result<LoadedArticles, SetError> {
        match self.mode {
            ReaderMode::Lines => {
                if std::mem::take(&mut self.over_limit) {
                    self.skip_oversized_line();
                } else if !self.pending.is_empty() {
                    let line = std::mem::take(&mut self.pending);
                    self.complete_line(line);
                }
                if !self.ended {
                    // A cut download: keep what arrived, and say so.
                    self.loaded.skipped.push(SkippedRecord {
                        record: self.records + 1,
                        line: self.line.saturating_sub(1).max(1),
                        id: None,
                        reason: "the file ends before its closing `]}`: the rest of the set is missing (was the download cut short?)".into(),
                    });
                }
                Ok(self.loaded)
            }
            _ if self.over_limit => Err(SetError::TooLargeToReadWhole { limit: self.limit }),
            ReaderMode::Start | ReaderMode::Whole => match String::from_utf8(self.pending) {
                Ok(text) => parse_records(&text, self.record_limit),
                Err(e) => {
                    let at = e.utf8_error().valid_up_to();
                    let bytes = e.into_bytes();
                    let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
                    let line_start = bytes[..at]
                        .iter()
                        .rposition(|&b| b == b'\n')
                        .map_or(0, |i| i + 1);
                    Err(SetError::Json {
                        line,
                        column: 1 + at - line_start,
                        message: format!("not UTF-8 text (invalid byte at offset {at})"),
                    })
                }
            },
        }
    }
}

/// Why a record over `limit` bytes is skipped: the same words in the page
/// and in `broadsheet-ingest`.
pub fn oversized_record(limit: usize) -> String {
    format!(
        "the record is over {} MB, more than one article may hold here",
        limit / 1_000_000
    )
}

/// Corpus records repeat the lead as `body[0]`; keep it once. A record with
/// no lead takes its first body paragraph with text as the lead.
///
/// Normalising twice gives the same article, so a set written from loaded
/// articles (`ArticleSet::to_json`) loads back to the same articles: the
/// lead is not blank while the body has text, and the body never starts
/// with the lead.
fn normalise(mut a: Article) -> Article {
    if a.lead.trim().is_empty() {
        if let Some(first) = a.body.iter().position(|p| !p.trim().is_empty()) {
            a.body.drain(..first);
            a.lead = a.body.remove(0);
        }
    }
    let repeats = a
        .body
        .iter()
        .take_while(|p| p.trim() == a.lead.trim())
        .count();
    a.body.drain(..repeats);
    a
}

/// The duplicate-id rule shared by the viewer and the CLI: the first
/// article with an id wins; a later copy that is identical is merged (nothing
/// is lost), a later one that differs is a conflict and is reported.
pub struct Dedup<T> {
    seen: HashMap<String, (u64, T)>,
}

impl<T> Default for Dedup<T> {
    fn default() -> Self {
        Dedup {
            seen: HashMap::new(),
        }
    }
}

pub enum DedupVerdict<T> {
    New,
    Identical { first: T },
    Conflict { first: T },
}

impl<T: Clone> Dedup<T> {
    /// `origin` (where the article came from) is remembered for the first
    /// copy and handed back when a later copy turns up.
    pub fn check(&mut self, a: &Article, origin: T) -> DedupVerdict<T> {
        let hash = content_hash(a);
        match self.seen.get(&a.id) {
            None => {
                self.seen.insert(a.id.clone(), (hash, origin));
                DedupVerdict::New
            }
            Some((h, first)) if *h == hash => DedupVerdict::Identical {
                first: first.clone(),
            },
            Some((_, first)) => DedupVerdict::Conflict {
                first: first.clone(),
            },
        }
    }
}

fn content_hash(a: &Article) -> u64 {
    use std::hash::{Hash, Hasher};
    // DefaultHasher with fixed keys: deterministic within a run, which is all we need.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    a.hash(&mut h);
    h.finish()
}

/// The `id` of a record that failed to parse, when it can still be read.
fn record_id(text: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct JustId {
        id: serde_json::Value,
    }
    match serde_json::from_str::<JustId>(text).ok()?.id {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Why a record is not an article, naming the field: serde's messages for a
/// bad value (`invalid type: …`, the date parser's own text) do not.
fn record_error(text: &str, e: &serde_json::Error) -> String {
    use serde_json::Value;
    fn fails<T: serde::de::DeserializeOwned>(v: &Value) -> bool {
        T::deserialize(v).is_err()
    }
    let message = error_message(e);
    let found = match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(_)) | Err(_) => None,
        Ok(Value::Null) => Some("null"),
        Ok(Value::Bool(_)) => Some("a boolean"),
        Ok(Value::Number(_)) => Some("a number"),
        Ok(Value::String(_)) => Some("a string"),
        Ok(Value::Array(_)) => Some("an array"),
    };
    if let Some(found) = found {
        return format!("not an article: expected a JSON object, found {found}");
    }
    let Ok(fields) = serde_json::from_str::<serde_json::Map<String, Value>>(text) else {
        return message;
    };
    type Check = (&'static str, fn(&Value) -> bool);
    let checks: [Check; 9] = [
        ("id", fails::<String>),
        ("title", fails::<String>),
        ("published", fails::<crate::published::Published>),
        ("lead", fails::<String>),
        ("body", fails::<Vec<String>>),
        ("source", fails::<String>),
        ("url", fails::<Option<String>>),
        ("lang", fails::<Option<String>>),
        ("license", fails::<Option<String>>),
    ];
    match checks
        .iter()
        .find(|(name, fails)| fields.get(*name).is_some_and(fails))
    {
        Some((name, _)) if !message.contains(&format!("`{name}`")) => {
            format!("`{name}`: {message}")
        }
        _ => message,
    }
}

fn json_error(e: serde_json::Error) -> SetError {
    SetError::Json {
        line: e.line().max(1),
        column: e.column().max(1),
        message: error_message(&e),
    }
}

/// serde_json's message without its own " at line L column C" suffix, which
/// would be relative to the record rather than to the file.
fn error_message(e: &serde_json::Error) -> String {
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

    fn record(id: &str, lead_len: usize) -> String {
        format!(
            r#"{{"id":"{id}","title":"T","published":"2021-09-01","lead":"{}"}}"#,
            "x".repeat(lead_len)
        )
    }

    fn read(limits: (usize, usize), text: &str, chunk: usize) -> ArticleSetReader {
        let mut reader = ArticleSetReader::with_limits(limits.0, limits.1);
        for piece in text.as_bytes().chunks(chunk) {
            reader.push(piece);
        }
        reader
    }

    #[test]
    fn a_record_over_the_record_limit_is_skipped_in_either_layout() {
        let (small, big) = (record("a", 10), record("big", 200));
        let lines = format!("{CANONICAL_HEADER}\n{small},\n{big}\n]}}\n");
        let whole = format!("[{small},\n{big}]");
        // The big record starts on line 3 of the one, line 2 of the other.
        for (text, line) in [(&lines, 3), (&whole, 2)] {
            for chunk in [1, 7, 4096] {
                let loaded = read((10_000, 150), text, chunk).finish().unwrap();
                assert_eq!(loaded.articles.len(), 1, "{text}");
                let skipped: Vec<String> = loaded.skipped.iter().map(|s| s.to_string()).collect();
                assert_eq!(
                    skipped,
                    [format!("line {line}: record 2: {}", oversized_record(150))]
                );
            }
        }
        // The page's reader (one limit for both) says the same.
        let page = read((150, 150), &lines, 64).finish().unwrap();
        assert_eq!(page.skipped[0].reason, oversized_record(150));
    }

    #[test]
    fn a_whole_layout_over_the_whole_limit_is_refused_as_soon_as_it_is_over() {
        let whole = format!("[{}]", vec![record("a", 50); 20].join(",\n"));
        let reader = read((1_000, 150), &whole[..990], 64);
        assert!(!reader.refused());
        let reader = read((1_000, 150), &whole, 64);
        assert!(reader.refused());
        assert_eq!(
            reader.finish().unwrap_err(),
            SetError::TooLargeToReadWhole { limit: 1_000 }
        );
        // Line by line, the whole limit does not apply.
        let lines = format!(
            "{CANONICAL_HEADER}\n{}\n]}}\n",
            vec![record("a", 50); 20].join(",\n")
        );
        let reader = read((1_000, 150), &lines, 64);
        assert!(!reader.refused());
        let loaded = reader.finish().unwrap();
        assert_eq!((loaded.articles.len(), loaded.skipped.len()), (1, 0));
        assert!(is_line_per_record_header(
            format!("\u{feff}{CANONICAL_HEADER} ").as_bytes()
        ));
    }
}
