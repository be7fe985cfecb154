//! One record of a file into an article: parsed, tidied, validated and
//! checked against the duplicate rule, or skipped with a reason that names
//! the field at fault.

use super::dedup::{Dedup, DedupVerdict};
use super::load::error_message;
use super::{LoadedArticles, SkippedRecord};
use crate::article::Article;
use crate::formats::scraped::read_scraped;
use serde::Deserialize;

/// Parses one record (1-based `record`, starting on `line`) into `loaded`:
/// an article, a skipped record with its reason, or a merged duplicate.
pub(super) fn take_record(
    text: &str,
    record: usize,
    line: usize,
    dedup: &mut Dedup<usize>,
    loaded: &mut LoadedArticles,
) {
    let skip = |id, reason| SkippedRecord::new(record, line, id, reason);
    let article = match serde_json::from_str::<Article>(text) {
        Ok(a) => a,
        // Not one of ours: perhaps a news scraper's record.
        Err(e) => match read_scraped(text) {
            Some(Ok(scraped)) => scraped.into_article(),
            Some(Err(reason)) => {
                loaded.skipped.push(skip(None, reason));
                return;
            }
            // The first line of a JSON Lines export: its provenance.
            None if is_export_header(text) => return,
            None => {
                loaded
                    .skipped
                    .push(skip(record_id(text), record_error(text, &e)));
                return;
            }
        },
    };
    accept_article(article, record, line, dedup, loaded);
}

/// Takes an article read from record `record` (starting on `line`) into
/// `loaded`, if it is valid and not a duplicate: the rule every format's
/// records go through.
pub(crate) fn accept_article(
    article: Article,
    record: usize,
    line: usize,
    dedup: &mut Dedup<usize>,
    loaded: &mut LoadedArticles,
) {
    let skip = |id, reason| SkippedRecord::new(record, line, id, reason);
    let article = tidy_lead_and_body(article);
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

/// Corpus records repeat the lead as `body[0]`; keep it once. A record with
/// no lead takes its first body paragraph with text as the lead.
///
/// Tidying twice gives the same article, so a set written from loaded
/// articles (`ArticleSet::to_json`) loads back to the same articles: the
/// lead is not blank while the body has text, and the body never starts
/// with the lead.
fn tidy_lead_and_body(mut a: Article) -> Article {
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
    // The list grew by doubling as it parsed; the article is kept for the
    // whole visit (about 1 MB of 50,000 articles' spare room).
    a.body.shrink_to_fit();
    a
}

/// Whether `text` is a JSON Lines export's provenance line (an object
/// with [`crate::export::EXPORT_HEADER`] alone), which is no record.
fn is_export_header(text: &str) -> bool {
    text.contains(crate::export::EXPORT_HEADER)
        && serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(text)
            .is_ok_and(|m| m.len() == 1 && m.contains_key(crate::export::EXPORT_HEADER))
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
    if e.is_eof() {
        return format!("the record stops before its end ({message}): was it cut short?");
    }
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
    if !["id", "title", "published"]
        .iter()
        .any(|f| fields.contains_key(*f))
    {
        let mut names: Vec<String> = fields.keys().take(6).map(|k| format!("`{k}`")).collect();
        if fields.len() > 6 {
            names.push("…".into());
        }
        return format!(
            "not an article: its fields ({}) are neither a Broadsheet record's (`id`, `title`, `published`, …) nor those of a news-please, trafilatura or newspaper4k record",
            if names.is_empty() { "none".into() } else { names.join(", ") }
        );
    }
    type Check = (&'static str, fn(&Value) -> bool);
    let checks: [Check; 12] = [
        ("id", fails::<String>),
        ("title", fails::<String>),
        ("published", fails::<crate::published::Published>),
        (
            "published_from",
            fails::<Option<crate::published::DateSource>>,
        ),
        ("lead", fails::<String>),
        ("body", fails::<Vec<String>>),
        ("source", fails::<String>),
        ("authors", fails::<Vec<String>>),
        ("url", fails::<Option<String>>),
        ("image", fails::<Option<String>>),
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

/// Records handed over one at a time rather than read from a file (the
/// page's embedding API takes JavaScript objects): each through the same
/// rule as a file's records, so the same articles are kept and the same
/// reasons given. A record has no line: each is numbered, 1-based, and
/// `SkippedRecord::line` is 0.
#[derive(Default)]
pub struct HandedRecords {
    dedup: Dedup<usize>,
    loaded: LoadedArticles,
    count: usize,
}

impl HandedRecords {
    pub fn new() -> Self {
        HandedRecords::default()
    }

    /// The next record, already read as an article (a caller's own
    /// deserializer gave it).
    pub fn push_article(&mut self, article: Article) {
        self.count += 1;
        accept_article(article, self.count, 0, &mut self.dedup, &mut self.loaded);
    }

    /// The next record as JSON text: one that did not read as an article
    /// is tried as a scraper's record, and a bad one is skipped with the
    /// field at fault named, word for word as in a file.
    pub fn push_json(&mut self, text: &str) {
        self.count += 1;
        take_record(text, self.count, 0, &mut self.dedup, &mut self.loaded);
    }

    /// The next record, skipped for `reason` (it could not even be read).
    pub fn skip(&mut self, id: Option<String>, reason: String) {
        self.count += 1;
        self.loaded
            .skipped
            .push(SkippedRecord::new(self.count, 0, id, reason));
    }

    /// Records so far.
    pub fn count(&self) -> usize {
        self.count
    }

    pub fn finish(self) -> LoadedArticles {
        self.loaded
    }
}
