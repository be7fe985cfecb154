//! The article-set loaders on any bytes.
//!
//! Input: byte 0 holds flags and how many split sizes follow (low 3 bits);
//! those bytes are the chunk sizes the streamed reader is fed in (cycled;
//! 0 pushes an empty chunk); the rest is the file.
//!
//! Checks:
//! - `parse_article_records` never panics; every kept article passes
//!   `validate()`, every skipped record and error is located (line and
//!   record ≥ 1, within the file).
//! - `ArticleSetReader` gives the same `finish()` result whether the bytes
//!   come in one push or in the fuzzer's chunks; for a file that is not in
//!   the canonical one-record-per-line layout, the same as
//!   `parse_article_records`.
//! - A canonical-layout set made from the input's lines that are single JSON
//!   values (with CRLF line ends and a BOM when flags say so) streams to
//!   exactly what `parse_article_records` reads from it.
//! - Writing the kept articles with `ArticleSet::to_json` and reading them
//!   back (whole or streamed) gives the same articles, nothing skipped.
#![no_main]

use broadsheet_core::{
    parse_article_records, ArticleSet, ArticleSetReader, LoadedArticles, SetError, SET_FORMAT,
    SET_VERSION,
};
use libfuzzer_sys::fuzz_target;
use serde_json::value::RawValue;

const CANONICAL_HEADER: &str =
    "{\"format\":\"broadsheet-article-set\",\"version\":1,\"articles\":[";

fn streamed(bytes: &[u8], sizes: &[usize]) -> Result<LoadedArticles, SetError> {
    let mut reader = ArticleSetReader::new();
    let mut rest = bytes;
    for &size in sizes.iter().cycle() {
        if rest.is_empty() {
            break;
        }
        let take = size.min(rest.len());
        reader.push(&rest[..take]);
        rest = &rest[take..];
    }
    reader.push(&[]);
    reader.finish()
}

fn whole(bytes: &[u8]) -> Result<LoadedArticles, SetError> {
    let mut reader = ArticleSetReader::new();
    reader.push(bytes);
    reader.finish()
}

/// The invariants of any result for a file of `bytes`.
fn check(result: &Result<LoadedArticles, SetError>, bytes: &[u8]) {
    let lines = 1 + bytes.iter().filter(|&&b| b == b'\n').count();
    match result {
        Ok(loaded) => {
            for a in &loaded.articles {
                assert_eq!(a.validate(), Ok(()), "kept an invalid article: {a:?}");
            }
            let mut ids: Vec<&str> = loaded.articles.iter().map(|a| a.id.as_str()).collect();
            ids.sort_unstable();
            let n = ids.len();
            ids.dedup();
            assert_eq!(ids.len(), n, "two kept articles share an id");
            for s in &loaded.skipped {
                assert!(s.record >= 1 && s.line >= 1, "{s:?}");
                assert!(s.line <= lines, "{s:?} in a file of {lines} lines");
                assert!(!s.reason.is_empty(), "{s:?}");
            }
        }
        Err(SetError::Json { line, column, .. }) => {
            assert!(*line >= 1 && *column >= 1, "{result:?}");
            assert!(*line <= lines, "{result:?} in a file of {lines} lines");
        }
        Err(_) => {}
    }
}

/// Whether the reader takes this file line by line (its first line is the
/// header `ArticleSet::to_json` writes).
fn starts_with_canonical_header(bytes: &[u8]) -> bool {
    let Some(end) = bytes.iter().position(|&b| b == b'\n') else {
        return false;
    };
    let first = &bytes[..end];
    let first = first
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(first);
    first.trim_ascii() == CANONICAL_HEADER.as_bytes()
}

/// What loading the kept articles' own set gives: the same articles.
fn check_round_trip(loaded: &LoadedArticles, sizes: &[usize]) {
    let set = ArticleSet {
        format: SET_FORMAT.into(),
        version: SET_VERSION,
        articles: loaded.articles.clone(),
    };
    let json = set.to_json();
    let again = parse_article_records(&json);
    let want = LoadedArticles {
        articles: loaded.articles.clone(),
        skipped: Vec::new(),
        identical_duplicates: 0,
    };
    assert_eq!(again.as_ref(), Ok(&want), "to_json does not read back");
    assert_eq!(streamed(json.as_bytes(), sizes), again, "{json}");
}

fuzz_target!(|input: &[u8]| {
    let Some((&flags, rest)) = input.split_first() else {
        return;
    };
    let n = usize::from(flags & 7).min(rest.len());
    let (split, data) = rest.split_at(n);
    let mut sizes: Vec<usize> = split.iter().map(|&b| usize::from(b)).collect();
    if sizes.iter().all(|&s| s == 0) {
        sizes.push(1);
    }
    let crlf = flags & 8 != 0;
    let bom = flags & 16 != 0;

    // Any bytes: chunking changes nothing.
    let at_once = whole(data);
    check(&at_once, data);
    assert_eq!(
        streamed(data, &sizes),
        at_once,
        "chunking changed the result"
    );

    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = parse_article_records(text);
    check(&parsed, data);
    if !starts_with_canonical_header(data) {
        assert_eq!(at_once, parsed, "the reader read a whole file differently");
    }
    if let Ok(loaded) = &parsed {
        check_round_trip(loaded, &sizes);
    }

    // The input's lines that are JSON values, as a canonical-layout set.
    let records: Vec<&str> = text
        .split('\n')
        .map(|l| l.trim_matches([' ', '\t', '\r']))
        .filter(|l| serde_json::from_str::<&RawValue>(l).is_ok())
        .collect();
    let eol = if crlf { "\r\n" } else { "\n" };
    let mut set = String::new();
    if bom {
        set.push('\u{feff}');
    }
    set.push_str(CANONICAL_HEADER);
    set.push_str(eol);
    set.push_str(&records.join(&format!(",{eol}")));
    set.push_str(eol);
    set.push_str("]}");
    set.push_str(eol);
    let parsed = parse_article_records(&set);
    assert!(parsed.is_ok(), "{parsed:?}");
    check(&parsed, set.as_bytes());
    assert_eq!(
        streamed(set.as_bytes(), &sizes),
        parsed,
        "streaming a canonical set differs from reading it whole: {set}"
    );
    if let Ok(loaded) = &parsed {
        check_round_trip(loaded, &sizes);
    }
});
