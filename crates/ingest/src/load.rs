//! Reading one input file into articles, each with the line it starts on,
//! and the problems found in it.

use crate::inputs::Kind;
use broadsheet_core::{parse_article_records, parse_seed_bytes, Article, SetError};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::collections::HashSet;

/// What one file gave.
#[derive(Debug, Default)]
pub struct FileLoad {
    /// Good articles in file order, each with its 1-based starting line.
    pub articles: Vec<(Article, usize)>,
    pub problems: Vec<Problem>,
    /// Identical copies of an id inside this file, already merged.
    pub merged: usize,
}

/// Something in a file that had to be skipped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// 1-based; `None` when the problem is the file as a whole (I/O).
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl Problem {
    fn at(line: usize, message: impl Into<String>) -> Self {
        Problem {
            line: Some(line),
            column: None,
            message: message.into(),
        }
    }
}

/// Parses a file's bytes as `kind`.
pub fn load(kind: Kind, bytes: Vec<u8>) -> FileLoad {
    match kind {
        Kind::Seed => load_seed(&bytes),
        Kind::Json => load_json(bytes),
    }
}

fn load_seed(bytes: &[u8]) -> FileLoad {
    match parse_seed_bytes(bytes) {
        Ok(article) => FileLoad {
            articles: vec![(article, 1)],
            ..FileLoad::default()
        },
        Err(e) => {
            let text = e.to_string();
            let prefix = format!("line {}: ", e.line);
            let reason = text.strip_prefix(&prefix).unwrap_or(&text);
            FileLoad {
                problems: vec![Problem::at(e.line, reason)],
                ..FileLoad::default()
            }
        }
    }
}

fn load_json(bytes: Vec<u8>) -> FileLoad {
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let line = 1 + e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count();
            let message = format!("not UTF-8 text (invalid byte at offset {at})");
            return FileLoad {
                problems: vec![Problem::at(line, message)],
                ..FileLoad::default()
            };
        }
    };
    match parse_article_records(&text) {
        Err(SetError::Json {
            line,
            column,
            message,
        }) => FileLoad {
            problems: vec![Problem {
                line: Some(line),
                column: Some(column),
                message,
            }],
            ..FileLoad::default()
        },
        Err(other) => FileLoad {
            problems: vec![Problem::at(1, other.to_string())],
            ..FileLoad::default()
        },
        Ok(loaded) => {
            let skipped: HashSet<usize> = loaded.skipped.iter().map(|s| s.record).collect();
            let lines = article_lines(&text, &skipped, &loaded.articles);
            let problems = loaded
                .skipped
                .iter()
                .map(|s| {
                    let text = s.to_string();
                    let prefix = format!("line {}: ", s.line);
                    Problem::at(s.line, text.strip_prefix(&prefix).unwrap_or(&text))
                })
                .collect();
            FileLoad {
                articles: loaded.articles.into_iter().zip(lines).collect(),
                problems,
                merged: loaded.identical_duplicates,
            }
        }
    }
}

/// The starting line of each of `articles` (the records core kept, in file
/// order). Core reports lines only for skipped records, so the records are
/// located again here: a kept article is the first record with its id that
/// was not skipped. Falls back to line 1 should that ever disagree.
fn article_lines(text: &str, skipped: &HashSet<usize>, articles: &[Article]) -> Vec<usize> {
    #[derive(Deserialize)]
    struct Envelope<'a> {
        #[serde(borrow)]
        articles: Vec<&'a RawValue>,
    }
    #[derive(Deserialize)]
    struct JustId<'a> {
        #[serde(borrow)]
        id: Cow<'a, str>,
    }

    let json = text.strip_prefix('\u{feff}').unwrap_or(text);
    let records: Option<Vec<&RawValue>> = match json.trim_start().as_bytes().first() {
        Some(b'[') => serde_json::from_str(json).ok(),
        _ => serde_json::from_str::<Envelope>(json)
            .ok()
            .map(|e| e.articles),
    };
    let mut found = Vec::with_capacity(articles.len());
    let mut seen = HashSet::new();
    let (mut line, mut offset) = (1, 0);
    for (i, raw) in records.unwrap_or_default().into_iter().enumerate() {
        if skipped.contains(&(i + 1)) {
            continue;
        }
        let Ok(JustId { id }) = serde_json::from_str::<JustId>(raw.get()) else {
            continue;
        };
        if !seen.insert(id.clone()) {
            continue; // an identical copy core merged
        }
        let at = raw.get().as_ptr() as usize - json.as_ptr() as usize;
        line += json.as_bytes()[offset..at]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        offset = at;
        found.push((id, line));
    }
    let agrees =
        found.len() == articles.len() && found.iter().zip(articles).all(|((id, _), a)| *id == a.id);
    if agrees {
        found.into_iter().map(|(_, line)| line).collect()
    } else {
        vec![1; articles.len()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(json: &str) -> (Vec<(String, usize)>, Vec<Problem>) {
        let load = load(Kind::Json, json.as_bytes().to_vec());
        (
            load.articles.into_iter().map(|(a, l)| (a.id, l)).collect(),
            load.problems,
        )
    }

    const A: &str = r#"{"id":"a","title":"A","published":"2021-01-01","lead":"x"}"#;
    const B: &str = r#"{"id":"b","title":"B","published":"2021-01-02","lead":"y"}"#;
    const NO_TITLE: &str = r#"{"id":"c","published":"2021-01-02","lead":"y"}"#;

    #[test]
    fn kept_records_are_located_past_skipped_and_merged_ones() {
        let json = format!("[\n{NO_TITLE},\n{A},\n{A},\n\n{B}\n]");
        let (articles, problems) = lines_of(&json);
        assert_eq!(articles, [("a".to_string(), 3), ("b".to_string(), 6)]);
        assert_eq!(
            problems,
            [Problem::at(2, "record 1 (id \"c\"): missing field `title`")]
        );
    }

    #[test]
    fn article_sets_are_located_too() {
        let json = format!("\u{feff}{{\"format\":\"broadsheet-article-set\",\"version\":1,\"articles\":[\n{A},\n{B}\n]}}");
        assert_eq!(
            lines_of(&json).0,
            [("a".to_string(), 2), ("b".to_string(), 3)]
        );
    }

    #[test]
    fn whole_file_problems_have_a_line() {
        assert_eq!(
            lines_of("null").1,
            [Problem::at(
                1,
                SetError::WrongFormat { found: None }.to_string()
            )]
        );
        let empty = &lines_of("").1[0];
        assert_eq!((empty.line, empty.column), (Some(1), Some(1)));
        let bad = load(Kind::Json, b"[\n\xff]".to_vec()).problems;
        assert_eq!(
            bad,
            [Problem::at(2, "not UTF-8 text (invalid byte at offset 2)")]
        );
    }

    #[test]
    fn seed_problems_lose_the_line_prefix() {
        let load = load(
            Kind::Seed,
            b"News ID : 1\nPublish Date : 13/45/2021 1:00 PM\nT\n\nText\n".to_vec(),
        );
        assert_eq!(load.problems[0].line, Some(2));
        assert!(
            load.problems[0]
                .message
                .starts_with("`13/45/2021 1:00 PM` is not a valid date"),
            "{:?}",
            load.problems
        );
    }
}
