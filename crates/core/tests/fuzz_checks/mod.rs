//! The properties the cargo-fuzz targets in `fuzz/` check, shared with the
//! proptest versions (`tests/fuzz_properties.rs`) and the regression tests
//! (`tests/fuzz_regressions.rs`). Each function panics when a property
//! does not hold, so libFuzzer reports a crash and proptest shrinks it.
//!
//! The fuzz targets include this file with `#[path]`; it uses only
//! `broadsheet_core` and `serde_json`.
#![allow(dead_code)]

use broadsheet_core::search::{tokenize::for_each_word, IndexBuilder};
use broadsheet_core::{
    parse_article_records, parse_seed_bytes, Article, ArticleSet, ArticleSetReader, LoadedArticles,
    Order, Published, SearchIndex, SearchQuery, SetError, SET_FORMAT, SET_VERSION,
};
use serde_json::value::RawValue;
use std::ops::Range;

// ---------------------------------------------------------------------------
// seed_parser
// ---------------------------------------------------------------------------

/// `parse_seed_bytes` on any bytes: no panic; an accepted article is valid,
/// its fields are single lines without control characters (but tabs) and
/// its paragraphs are not blank; an error is located within the file and
/// says where; parsing twice gives the same result.
pub fn seed_bytes(data: &[u8]) {
    let first = parse_seed_bytes(data);
    match &first {
        Ok(a) => {
            assert_eq!(a.validate(), Ok(()), "{a:?}");
            assert!(matches!(a.published, Published::DateTime(_)));
            let fields = [&a.id, &a.title, &a.lead, &a.source]
                .into_iter()
                .chain(a.body.iter());
            for field in fields {
                assert!(
                    !field.contains(['\r', '\n']),
                    "line break in a field: {field:?}"
                );
                assert!(
                    !field.chars().any(|c| c.is_control() && c != '\t'),
                    "control character in a field: {field:?}"
                );
            }
            for p in std::iter::once(&a.lead).chain(a.body.iter()) {
                assert!(!p.trim().is_empty(), "blank paragraph: {a:?}");
            }
        }
        Err(e) => {
            assert!(e.line >= 1, "{e:?}");
            // Lines end at LF, CRLF or a lone CR; in UTF-16 each break still
            // has a 0x0A or 0x0D byte, so this bounds the line number.
            let breaks = data.iter().filter(|&&b| b == b'\n' || b == b'\r').count();
            assert!(e.line <= 1 + breaks, "{e:?} with {breaks} line breaks");
            let text = e.to_string();
            assert!(text.starts_with(&format!("line {}: ", e.line)), "{text}");
        }
    }
    assert_eq!(
        parse_seed_bytes(data),
        first,
        "parsing is not deterministic"
    );
}

// ---------------------------------------------------------------------------
// article_set
// ---------------------------------------------------------------------------

/// The first line `ArticleSet::to_json` writes.
pub const CANONICAL_HEADER: &str =
    "{\"format\":\"broadsheet-article-set\",\"version\":1,\"articles\":[";

/// The fuzz target's input: byte 0 holds flags (8: CRLF, 16: BOM for the
/// canonical set made from the input) and, in its low 3 bits, how many
/// chunk sizes follow; then those sizes (0 pushes an empty chunk); then
/// the file.
pub fn article_set_input(input: &[u8]) {
    let Some((&flags, rest)) = input.split_first() else {
        return;
    };
    let n = usize::from(flags & 7).min(rest.len());
    let (split, data) = rest.split_at(n);
    let sizes: Vec<usize> = split.iter().map(|&b| usize::from(b)).collect();
    article_set(data, &sizes, flags & 8 != 0, flags & 16 != 0);
}

/// The article-set loaders on the file `data`, streamed in chunks of
/// `sizes` (cycled):
/// - `parse_article_records` never panics; kept articles pass `validate()`
///   and have distinct ids; skipped records and errors are located (line
///   and record ≥ 1, within the file).
/// - `ArticleSetReader` gives the same `finish()` whether fed at once or in
///   chunks; for a file not in the canonical layout, the same as
///   `parse_article_records`.
/// - The input's lines that are single JSON values, written as a
///   canonical-layout set (CRLF ends and a BOM if asked), stream to exactly
///   what `parse_article_records` reads from it.
/// - Writing the kept articles with `ArticleSet::to_json` and reading them
///   back (whole or streamed) gives the same articles, nothing skipped.
pub fn article_set(data: &[u8], sizes: &[usize], crlf: bool, bom: bool) {
    let at_once = reader(data, &[usize::MAX]);
    check_loaded(&at_once, data);
    assert_eq!(reader(data, sizes), at_once, "chunking changed the result");

    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = parse_article_records(text);
    check_loaded(&parsed, data);
    if !starts_with_canonical_header(data) {
        assert_eq!(at_once, parsed, "the reader read a whole file differently");
    }
    if let Ok(loaded) = &parsed {
        round_trip(loaded, sizes);
    }

    let records: Vec<&str> = text
        .split('\n')
        .map(|l| l.trim_matches([' ', '\t', '\r']))
        .filter(|l| serde_json::from_str::<&RawValue>(l).is_ok())
        .collect();
    let set = canonical_set(&records, crlf, bom);
    let parsed = parse_article_records(&set);
    assert!(parsed.is_ok(), "{parsed:?}");
    check_loaded(&parsed, set.as_bytes());
    assert_eq!(
        reader(set.as_bytes(), sizes),
        parsed,
        "streaming a canonical set differs from reading it whole: {set}"
    );
    if let Ok(loaded) = &parsed {
        round_trip(loaded, sizes);
    }
}

/// A set in the layout `ArticleSet::to_json` writes, with `records` (each
/// one line of JSON) as its records.
pub fn canonical_set(records: &[&str], crlf: bool, bom: bool) -> String {
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
    set
}

/// `ArticleSetReader` fed `bytes` in chunks of `sizes` (cycled; a 0 pushes
/// an empty chunk).
pub fn reader(bytes: &[u8], sizes: &[usize]) -> Result<LoadedArticles, SetError> {
    let mut reader = ArticleSetReader::new();
    let mut rest = bytes;
    let progress = sizes.iter().any(|&s| s > 0);
    let sizes: &[usize] = if progress { sizes } else { &[1] };
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

/// The invariants of any load result for a file of `bytes`.
pub fn check_loaded(result: &Result<LoadedArticles, SetError>, bytes: &[u8]) {
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
/// canonical header).
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

/// Loading the kept articles' own set gives the same articles.
fn round_trip(loaded: &LoadedArticles, sizes: &[usize]) {
    let set = ArticleSet {
        format: SET_FORMAT.into(),
        version: SET_VERSION,
        articles: loaded.articles.clone(),
    };
    let json = set.to_json();
    let again = parse_article_records(&json);
    let want = LoadedArticles {
        articles: loaded.articles.clone(),
        // One article per line, after the header line.
        lines: (2..2 + loaded.articles.len()).collect(),
        skipped: Vec::new(),
        identical_duplicates: 0,
    };
    assert_eq!(again.as_ref(), Ok(&want), "to_json does not read back");
    assert_eq!(reader(json.as_bytes(), sizes), again, "{json}");
}

// ---------------------------------------------------------------------------
// query
// ---------------------------------------------------------------------------

fn article(id: usize, title: &str, paragraphs: &[&str]) -> Article {
    Article {
        id: id.to_string(),
        title: title.into(),
        published: Published::parse_iso("2024-01-01").expect("date"),
        lead: paragraphs.first().copied().unwrap_or_default().into(),
        body: paragraphs.iter().skip(1).map(|p| p.to_string()).collect(),
        source: String::new(),
        url: None,
        lang: None,
        license: None,
    }
}

/// The articles every query is run against, before the input's own.
fn fixed_articles() -> Vec<Article> {
    let long = "The quake struck near Tehran at dawn, and the government said the \
                Prime Minister would visit the region. "
        .repeat(6);
    vec![
        article(
            0,
            "Prime Minister visits Tehran",
            &["The visit was short.", "Officials met at the ministry."],
        ),
        article(
            1,
            "Storm in Texas",
            &["The governor spoke about the storm."],
        ),
        article(
            2,
            "نشست شورای امنیت",
            &[
                "دبیر شورای عالی امنیت ملی با نخست‌وزیر عراق دیدار کرد.",
                "كتاب ۱۴۰۲",
            ],
        ),
        article(
            3,
            "COVID-19 and e-mail: U.S. 3.5 km",
            &[&long, "Iran's naïve café"],
        ),
    ]
}

/// The fuzz target's input (lossy UTF-8): the query, then after each
/// U+0001 an article (at most 6) whose title, lead and body paragraphs are
/// separated by `\n`.
pub fn query_input(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    let mut parts = input.split('\u{1}');
    let query_text = parts.next().unwrap_or_default();
    let texts: Vec<&str> = parts.take(6).collect();
    query(query_text, &texts);
}

/// `query_text` against the fixed articles and one article per entry of
/// `texts` (title, then paragraphs, separated by `\n`):
/// - `SearchQuery::parse` never panics; `SearchIndex::new` and
///   `IndexBuilder` give the same index.
/// - `search_with` in every `Order`, with and without typos (and on an
///   empty index), never panics and gives each article in range at most
///   once: `Newest` ascending, `Oldest` its reverse, `Relevance` the same
///   set; the empty query gives every article.
/// - Highlights, snippets and `match_ranges` give ascending,
///   non-overlapping, non-empty ranges inside their text on char
///   boundaries; a snippet is `paragraph[range]`, with `cut_start` and
///   `cut_end` telling the truth, and there is one whenever the article has
///   text. Every hit of a query that asks for words has something
///   highlighted.
/// - A word copied from an input article and typed as the query (with and
///   without a space after it) finds that article.
pub fn query(query_text: &str, texts: &[&str]) {
    let mut articles = fixed_articles();
    let first_input = articles.len();
    for part in texts {
        let mut lines = part.split('\n');
        let title = lines.next().unwrap_or_default();
        let paragraphs: Vec<&str> = lines.collect();
        articles.push(article(articles.len(), title, &paragraphs));
    }

    let index = SearchIndex::new(&articles);
    let mut builder = IndexBuilder::new(&articles);
    for a in &articles {
        builder.push(a);
    }
    assert!(
        builder.finish() == index,
        "IndexBuilder differs from SearchIndex::new"
    );
    assert_eq!(index.len(), articles.len());

    for typos in [true, false] {
        let query = SearchQuery::parse(query_text).with_typos(typos);
        check_ranges(query_text, &query.match_ranges(query_text), "query text");
        let hits = check_search(&index, &query, articles.len());
        check_search(&SearchIndex::default(), &query, 0);
        for (i, a) in articles.iter().enumerate() {
            let highlighted = check_highlights(&query, a);
            if hits.contains(&(i as u32)) && !query.has_only_exclusions() && !query.is_empty() {
                assert!(
                    highlighted,
                    "hit {i} has nothing highlighted for {query_text:?}: {a:?}"
                );
            }
        }
    }

    for (i, a) in articles.iter().enumerate().skip(first_input) {
        for text in std::iter::once(a.title.as_str()).chain(a.paragraphs()) {
            let mut words = Vec::new();
            for_each_word(text, |s, e| words.push(&text[s..e]));
            for word in words.into_iter().take(3) {
                if word.contains('"') || word.starts_with('-') {
                    continue; // query syntax: a quote or an exclusion
                }
                for typed in [format!("{word} "), word.to_string()] {
                    let query = SearchQuery::parse(&typed);
                    if query.is_empty() {
                        continue; // a word that normalises to nothing
                    }
                    let hits = index.search_with(&query, Order::Newest);
                    assert!(
                        hits.contains(&(i as u32)),
                        "{typed:?} (from {text:?}) does not find article {i}: {query:?}"
                    );
                }
            }
        }
    }
}

fn check_ranges(text: &str, ranges: &[Range<usize>], what: &str) {
    let mut end = 0;
    for r in ranges {
        assert!(
            r.start < r.end && r.start >= end && r.end <= text.len(),
            "{what}: bad range {r:?} in {text:?} (ranges {ranges:?})"
        );
        assert!(
            text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
            "{what}: range {r:?} not on char boundaries in {text:?}"
        );
        end = r.end;
    }
}

/// Checks `query.highlight(a)` and `match_ranges` on `a`'s paragraphs;
/// whether anything in `a` is highlighted.
fn check_highlights(query: &SearchQuery, a: &Article) -> bool {
    let h = query.highlight(a);
    check_ranges(&a.title, &h.title, "title");
    let paragraphs: Vec<&str> = a.paragraphs().collect();
    let has_text = paragraphs.iter().any(|p| !p.trim().is_empty());
    assert_eq!(h.snippet.is_some(), has_text, "snippet for {a:?}");
    let mut highlighted = !h.title.is_empty();
    if let Some(s) = &h.snippet {
        let p = paragraphs[s.paragraph];
        assert!(
            s.range.start <= s.range.end && s.range.end <= p.len(),
            "snippet range {:?} in {p:?}",
            s.range
        );
        assert!(p.is_char_boundary(s.range.start) && p.is_char_boundary(s.range.end));
        assert_eq!(s.text, p[s.range.clone()]);
        assert_eq!(s.cut_start, s.range.start > 0);
        assert_eq!(s.cut_end, s.range.end < p.len());
        check_ranges(&s.text, &s.matches, "snippet");
        highlighted |= !s.matches.is_empty();
    }
    for p in &paragraphs {
        let ranges = query.match_ranges(p);
        check_ranges(p, &ranges, "match_ranges");
        highlighted |= !ranges.is_empty();
    }
    highlighted
}

/// Checks `search_with` in every order against an index of `n` articles;
/// the hits, newest first.
fn check_search(index: &SearchIndex, query: &SearchQuery, n: usize) -> Vec<u32> {
    let n = n as u32;
    let newest = index.search_with(query, Order::Newest);
    assert!(
        newest.windows(2).all(|w| w[0] < w[1]),
        "Newest is not ascending: {newest:?}"
    );
    assert!(
        newest.iter().all(|&d| d < n),
        "hit out of range: {newest:?}"
    );
    let mut oldest = index.search_with(query, Order::Oldest);
    oldest.reverse();
    assert_eq!(oldest, newest, "Oldest is not the reverse of Newest");
    let mut relevance = index.search_with(query, Order::Relevance);
    relevance.sort_unstable();
    assert_eq!(relevance, newest, "Relevance finds other articles");
    let legacy: Vec<u32> = index.search(query).into_iter().map(|d| d as u32).collect();
    assert_eq!(legacy, newest);
    if query.is_empty() {
        assert_eq!(newest, (0..n).collect::<Vec<_>>());
    }
    newest
}
