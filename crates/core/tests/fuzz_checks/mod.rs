//! The properties the cargo-fuzz targets in `fuzz/` check, shared with the
//! proptest versions (`tests/fuzz_properties.rs`) and the regression tests
//! (`tests/fuzz_regressions.rs`). Each function panics when a property
//! does not hold, so libFuzzer reports a crash and proptest shrinks it.
//!
//! The fuzz targets include this file with `#[path]`; it uses only
//! `broadsheet_core` (with its `testing` feature) and `serde_json`.
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
    "{\"format\":\"broadsheet-article-set\",\"version\":3,\"articles\":[";

/// The first lines of version 1 and 2 sets, read line by line too.
pub const OLDER_HEADERS: [&str; 2] = [
    "{\"format\":\"broadsheet-article-set\",\"version\":1,\"articles\":[",
    "{\"format\":\"broadsheet-article-set\",\"version\":2,\"articles\":[",
];

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
/// canonical header, of this version or version 1).
fn starts_with_canonical_header(bytes: &[u8]) -> bool {
    let Some(end) = bytes.iter().position(|&b| b == b'\n') else {
        return false;
    };
    let first = &bytes[..end];
    let first = first
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(first);
    let first = first.trim_ascii();
    first == CANONICAL_HEADER.as_bytes() || OLDER_HEADERS.iter().any(|h| first == h.as_bytes())
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

/// The day every query article is published on.
const PUBLISHED: &str = "2024-01-01";

/// The articles every query is run against, before the input's own.
fn fixed_articles() -> Vec<Article> {
    let long = "The quake struck near Tehran at dawn, and the government said the \
                Prime Minister would visit the region. "
        .repeat(6);
    vec![
        Article::builder("0")
            .title("Prime Minister visits Tehran")
            .published(PUBLISHED)
            .paragraphs(["The visit was short.", "Officials met at the ministry."])
            .build(),
        Article::builder("1")
            .title("Storm in Texas")
            .published(PUBLISHED)
            .paragraphs(["The governor spoke about the storm."])
            .build(),
        Article::builder("2")
            .title("نشست شورای امنیت")
            .published(PUBLISHED)
            .paragraphs([
                "دبیر شورای عالی امنیت ملی با نخست‌وزیر عراق دیدار کرد.",
                "كتاب ۱۴۰۲",
            ])
            .build(),
        Article::builder("3")
            .title("COVID-19 and e-mail: U.S. 3.5 km")
            .published(PUBLISHED)
            .paragraphs([long.as_str(), "Iran's naïve café"])
            .build(),
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
        articles.push(
            Article::builder(articles.len().to_string())
                .title(title)
                .published(PUBLISHED)
                .paragraphs(lines)
                .build(),
        );
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
    // Relevance: the articles with every word first (exactly Newest's),
    // then some with only some of the words, each once.
    let ranked = index.search_ranked(query);
    assert_eq!(index.search_with(query, Order::Relevance), ranked.hits);
    let mut complete = ranked.hits[..ranked.complete].to_vec();
    complete.sort_unstable();
    assert_eq!(
        complete, newest,
        "Relevance's complete matches are not Newest's"
    );
    let mut all = ranked.hits.clone();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), ranked.hits.len(), "Relevance repeats a hit");
    assert!(all.iter().all(|&d| d < n), "hit out of range: {all:?}");
    if query.term_count() <= 1 {
        assert_eq!(
            ranked.hits.len(),
            ranked.complete,
            "one item, yet partial matches"
        );
    }
    let legacy: Vec<u32> = index.search(query).into_iter().map(|d| d as u32).collect();
    assert_eq!(legacy, newest);
    if query.is_empty() {
        assert_eq!(newest, (0..n).collect::<Vec<_>>());
    }
    newest
}

// ---------------------------------------------------------------------------
// query limits (the `query` target), index_root, index_part
// ---------------------------------------------------------------------------

/// `SearchQuery::parse` on the input (lossy UTF-8) and on it repeated past
/// the limits: at most `MAX_QUERY_TERMS` words are kept, `truncated()`
/// tells the truth, and a text cut by the character limit parses as its
/// first `MAX_QUERY_CHARS` characters.
pub fn query_limits(data: &[u8]) {
    use broadsheet_core::limits::{MAX_QUERY_CHARS, MAX_QUERY_TERMS};
    use broadsheet_core::search::Truncated;
    let text = String::from_utf8_lossy(data);
    let mut long = text.to_string();
    while !long.is_empty() && long.chars().count() <= MAX_QUERY_CHARS {
        long.push(' ');
        long.push_str(&text);
    }
    for text in [&*text, long.as_str()] {
        let q = SearchQuery::parse(text);
        assert!(
            q.term_count() <= MAX_QUERY_TERMS,
            "{} words",
            q.term_count()
        );
        let chars = text.chars().count();
        match q.truncated() {
            None => assert!(chars <= MAX_QUERY_CHARS),
            Some(Truncated::Chars) => assert!(chars > MAX_QUERY_CHARS),
            Some(Truncated::Terms) => assert!(q.term_count() > 0),
        }
        if chars > MAX_QUERY_CHARS {
            let end = text
                .char_indices()
                .nth(MAX_QUERY_CHARS)
                .map_or(0, |(i, _)| i);
            let first = SearchQuery::parse(&text[..end]);
            assert_eq!(
                first.truncated() == Some(Truncated::Terms),
                q.truncated() == Some(Truncated::Terms)
            );
            // Equal but for the character limit's flag.
            let norm = |q: &SearchQuery| {
                format!("{q:?}").replace("truncated: Some(Chars)", "truncated: None")
            };
            assert_eq!(norm(&first), norm(&q));
        }
    }
}

/// A small real partitioned index of the fixed articles, with tiny part
/// targets so every kind of part is there (and several of most).
pub fn small_partitioned() -> &'static broadsheet_core::search::PartitionedFiles {
    use broadsheet_core::search::{partition_index, PartitionOptions};
    static FILES: std::sync::OnceLock<broadsheet_core::search::PartitionedFiles> =
        std::sync::OnceLock::new();
    FILES.get_or_init(|| {
        let index = SearchIndex::new(&fixed_articles());
        let options = PartitionOptions {
            stream_part_bytes: 40,
            tf_part_bytes: 40,
            position_part_bytes: 60,
            dict_block_bytes: 60,
            lexicon_part_bytes: 40,
            norm_range_docs: 2,
            prefix_set_max_chars: 2,
            prefix_set_min_bytes: 2,
            stem_part_bytes: 30,
            stream_span_bytes: 100,
            doc_span_bytes: 30,
        };
        partition_index(&index, &options)
    })
}

/// Queries that touch every kind of part of `small_partitioned`.
pub const INDEX_QUERIES: &[&str] = &[
    "the",
    "t",
    "th",
    "tehran ",
    "goverment ",
    "\"prime minister\"",
    "storm -texas",
    "-the",
    "شورا",
    "mini",
    "covid-19 ",
    "\"the quake\" -\"prime minister\"",
];

/// Byte offset of part `part`'s hash in a root (after the magic, version,
/// article count and the eight part counts), if the root gets that far
/// and lists it (a stream part's hash is in the dictionary blocks).
pub fn root_hash_offset(root: &[u8], part: usize) -> Option<usize> {
    let mut at = 5;
    let mut values = Vec::new();
    // Articles, the title and body word totals (two varints each), the
    // stream span, the flags, and the eight part counts.
    for _ in 0..15 {
        let (mut v, mut shift) = (0u64, 0);
        loop {
            let b = *root.get(at)?;
            at += 1;
            v |= u64::from(b & 0x7f) << shift.min(63);
            shift += 7;
            if b < 0x80 {
                break;
            }
        }
        values.push(v);
    }
    // The counts of the three stream kinds come first.
    let streams = usize::try_from(values[7] + values[8] + values[9]).ok()?;
    Some(at + 8 * part.checked_sub(streams)?)
}

/// Runs each of `INDEX_QUERIES` in each order on `index`, loading the parts
/// it asks for from `parts` (a part that does not load stays missing):
/// never panics; a part asked for exists, lists are ascending and never
/// empty; hits are distinct and below `articles()`, `Newest` ascending.
pub fn run_index_queries(index: &mut broadsheet_core::search::PartitionedIndex, parts: &[Vec<u8>]) {
    use broadsheet_core::search::Lookup;
    for text in INDEX_QUERIES {
        let query = SearchQuery::parse(text);
        for order in [Order::Newest, Order::Oldest, Order::Relevance] {
            for _ in 0..6 {
                match index.search(&query, order) {
                    Lookup::Done(hits) => {
                        let n = index.articles();
                        assert!(hits.iter().all(|&d| d < n), "{text}: {hits:?} of {n}");
                        let mut sorted = hits.clone();
                        sorted.sort_unstable();
                        sorted.dedup();
                        assert_eq!(sorted.len(), hits.len(), "{text}: repeated hits");
                        if order == Order::Newest {
                            assert_eq!(sorted, hits, "{text}: Newest is not ascending");
                        }
                        break;
                    }
                    Lookup::Need(need) => {
                        assert!(!need.is_empty());
                        assert!(need.windows(2).all(|w| w[0] < w[1]), "{need:?}");
                        for p in need {
                            assert!(p < index.part_count(), "{p} of {}", index.part_count());
                            let _ = index.part_hash(p);
                            if let Some(bytes) = parts.get(p) {
                                if let Err(e) = index.add_part(p, bytes) {
                                    let text = e.to_string();
                                    assert!(text.starts_with(&format!("search index part {p} (")));
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Any bytes as an index root: `from_root` never panics; an error names
/// the root; a root it accepts claims at most `MAX_ARCHIVE_ARTICLES`
/// articles and no more parts than it has bytes for hashes, and queries in
/// every order on it (with the small real index's parts offered by number)
/// never panic and give hits below its article count.
pub fn index_root(data: &[u8]) {
    use broadsheet_core::limits::MAX_ARCHIVE_ARTICLES;
    use broadsheet_core::search::PartitionedIndex;
    match PartitionedIndex::from_root(data) {
        Err(e) => {
            assert!(e.part.is_none());
            assert!(e.to_string().starts_with("search index root: "), "{e}");
        }
        Ok(mut index) => {
            assert!(index.articles() <= MAX_ARCHIVE_ARTICLES);
            assert_eq!(index.len(), index.articles() as usize);
            assert!(index.part_count() <= data.len() / 8);
            run_index_queries(&mut index, &small_partitioned().parts);
        }
    }
}

/// The fuzz target's input: byte 0 picks one part of the small real index
/// (modulo the part count); the rest are its bytes, which the root is
/// patched to name by their hash. `add_part` never panics (an error names
/// the part); then the queries of `run_index_queries` never panic, with
/// every other part real.
pub fn index_part_input(input: &[u8]) {
    let Some((&pick, bytes)) = input.split_first() else {
        return;
    };
    let files = small_partitioned();
    index_part(usize::from(pick) % files.parts.len(), bytes);
}

/// Part `part` of the small real index replaced by `bytes` (see
/// `index_part_input`).
pub fn index_part(part: usize, bytes: &[u8]) {
    use broadsheet_core::search::PartitionedIndex;
    let files = small_partitioned();
    let mut root = files.root.clone();
    let hash = broadsheet_core::content_hash::content_hash(bytes);
    let listed = root_hash_offset(&root, part);
    if let Some(at) = listed {
        for i in 0..8 {
            root[at + i] = u8::from_str_radix(&hash[2 * i..2 * i + 2], 16).expect("hex");
        }
    }
    let mut index = PartitionedIndex::from_root(&root).expect("the patched root loads");
    let added = if listed.is_some() {
        assert_eq!(index.part_hash(part), &hash[..16]);
        index.add_part(part, bytes)
    } else {
        // A stream part: its hash is in the dictionary blocks (real ones
        // here), so the bytes go in as the page adds them once it has
        // checked them itself.
        for p in index.dictionary_block_parts() {
            index.add_part(p, &files.parts[p]).expect("a real block");
        }
        index.evict_to(0);
        index.add_checked_part(part, bytes)
    };
    if let Err(e) = added {
        assert!(
            e.to_string()
                .starts_with(&format!("search index part {part} (")),
            "{e}"
        );
        assert!(!index.is_loaded(part));
    }
    let mut parts = files.parts.clone();
    parts[part] = bytes.to_vec();
    run_index_queries(&mut index, &parts);
}

// ---------------------------------------------------------------------------
// manifest, card_shard, id_bucket, source_ids, gunzip (sharded archives)
// ---------------------------------------------------------------------------

/// The sharded archive's readers (`broadsheet_core::archive`) and the
/// bounded gunzip (`broadsheet_core::gunzip`) on any bytes. In a module of
/// their own, so their names stay out of the other targets' way. The
/// `gunzip` check also uses `flate2` (a dev-dependency of core, and of the fuzz
/// crate).
pub mod archive_parts {
    use broadsheet_core::archive::{
        id_bucket, parse_bodies, parse_cards, parse_ids, parse_source_ids, ArchiveFileKind,
        BodyChunks, Manifest,
    };
    use broadsheet_core::gunzip::{gunzip_limited, gzip_bound, unzip_if_gzip, GunzipError};
    use broadsheet_core::limits::{
        MAX_ARCHIVE_ARTICLES, MAX_ARCHIVE_DAYS, MAX_ARCHIVE_SOURCES, MAX_MANIFEST_BYTES,
    };
    use std::io::Write;

    /// Above this many articles the check samples `days()` instead of
    /// building it (it would allocate 4 bytes per article each run).
    const FULL_DAYS: u32 = 200_000;

    fn u32_at(bytes: &[u8], at: usize) -> u32 {
        let mut b = [0u8; 4];
        for (i, x) in bytes.iter().skip(at).take(4).enumerate() {
            b[i] = *x;
        }
        u32::from_le_bytes(b)
    }

    /// `Manifest::parse_bytes` (and `parse` of the same text) on any bytes:
    /// never panics, both agree; an accepted manifest is within every limit,
    /// its counts agree, `days()` (or `day_index()`, for a large one) gives
    /// exactly `articles` days, newest first, within the day range; the
    /// shards start where `shard_starts` says, are found by `shard_of`, and
    /// carry the dates their positions have (with a shard table, the shards
    /// listed hold at most what the others leave, and a table of those
    /// alone is refused); every file is within its
    /// kind's download limit; and writing it out reads back the same.
    pub fn manifest(data: &[u8]) {
        let parsed = Manifest::parse_bytes(data);
        if let Ok(text) = std::str::from_utf8(data) {
            assert_eq!(
                Manifest::parse(text),
                parsed,
                "parse and parse_bytes differ"
            );
        }
        let m = match parsed {
            Ok(m) => m,
            Err(e) => {
                assert!(!e.0.is_empty());
                return;
            }
        };
        assert!(data.len() <= MAX_MANIFEST_BYTES);
        assert!(m.articles <= MAX_ARCHIVE_ARTICLES, "{}", m.articles);
        assert!(m.day_counts.len() <= MAX_ARCHIVE_DAYS);
        assert!(m.sources.len() <= MAX_ARCHIVE_SOURCES);
        let total = |c: &mut dyn Iterator<Item = u32>| c.map(u64::from).sum::<u64>();
        let articles = u64::from(m.articles);
        assert_eq!(total(&mut m.day_counts.iter().copied()), articles);
        assert_eq!(total(&mut m.sources.iter().map(|s| s.1)), articles);
        let listed = total(&mut m.shards.iter().map(|s| s.count));
        if m.shards_complete() {
            assert_eq!(listed, articles);
        } else {
            // The table's other shards hold an article each at least.
            assert!(listed + (m.shard_count() - m.shards.len()) as u64 <= articles);
            // A table of the shards listed, or of none: refused, no panic.
            for shards in [&m.shards[..], &[]] {
                let table = Manifest::shard_table_bytes(shards).unwrap_or_default();
                assert!(m.clone().read_shard_table("table", &table).is_err());
            }
        }
        assert_eq!(total(&mut m.segments.iter().map(|s| s.articles)), articles);
        assert_eq!(m.articles == 0, m.segments.is_empty());
        for s in &m.segments {
            assert!(s.articles > 0 && !s.ids.is_empty());
            assert!(s.ids.len() as u64 <= u64::from(s.articles));
        }

        let index = m.day_index();
        assert_eq!(index.len(), m.articles);
        let last_day = m.first_day.map(|first| {
            first
                .checked_add_days(chrono::Days::new(m.day_counts.len() as u64 - 1))
                .expect("the day range was checked")
        });
        let in_range = |d: chrono::NaiveDate| {
            m.first_day.is_some_and(|f| f <= d) && last_day.is_some_and(|l| d <= l)
        };
        if m.articles <= FULL_DAYS {
            let days = m.days();
            assert_eq!(days.len(), m.articles as usize);
            assert!(days.windows(2).all(|w| w[0] >= w[1]), "not newest first");
            for (p, d) in days.iter().enumerate() {
                assert!(in_range(*d));
                assert_eq!(index.day_of(p as u32), Some(*d));
            }
        } else {
            for p in [0, m.articles / 2, m.articles - 1] {
                assert!(in_range(index.day_of(p).expect("a day")));
            }
        }
        assert_eq!(index.day_of(m.articles), None);

        let starts = m.shard_starts();
        let mut start = 0u32;
        for (i, shard) in m.shards.iter().enumerate() {
            assert!(shard.count > 0);
            assert_eq!(starts[i], start);
            let end = start + shard.count;
            assert_eq!(m.shard_of(start), Some((i, start)));
            assert_eq!(m.shard_of(end - 1), Some((i, start)));
            assert_eq!(index.day_of(start), Some(shard.to));
            assert_eq!(index.day_of(end - 1), Some(shard.from));
            start = end;
        }
        assert_eq!(m.shard_of(m.articles), None);

        let width = if m.sources.len() <= 256 { 1 } else { 2 };
        assert_eq!(
            m.file_limit(ArchiveFileKind::Meta),
            m.articles as usize * width
        );
        for (kind, file) in m
            .shards
            .iter()
            .map(|s| (ArchiveFileKind::Cards, &s.cards))
            .chain(m.segments.iter().flat_map(|s| {
                s.ids
                    .iter()
                    .map(|f| (ArchiveFileKind::Ids, f))
                    .chain(s.index.iter().map(|f| (ArchiveFileKind::Index, f)))
            }))
            .chain([(ArchiveFileKind::Meta, &m.source_ids)])
            .chain(
                m.shard_table
                    .iter()
                    .map(|t| (ArchiveFileKind::Shards, &t.file)),
            )
        {
            assert!(file.bytes <= m.download_limit(kind) as u64);
            assert!(m.file_limit(kind) <= kind.limit());
        }
        assert_eq!(Manifest::parse(&m.to_json()).as_ref(), Ok(&m));
    }

    /// The card_shard target's input: the shard's count (4 bytes, LE), a
    /// position to locate (4 bytes), then the file.
    pub fn card_shard_input(data: &[u8]) {
        let (count, i) = (u32_at(data, 0), u32_at(data, 4));
        card_shard(count, i, data.get(8..).unwrap_or_default());
    }

    /// `parse_cards` and `parse_bodies` of `bytes` for a shard of `count`
    /// (and of the count the file holds), and `BodyChunks::locate`: never
    /// panic; accepted cards are exactly `count`, with body chunks of at
    /// least one article each that cover exactly `count` and place every
    /// position in one chunk, in order; accepted bodies are exactly `count`.
    /// `locate` on chunks made of the input's numbers (any u32) agrees with
    /// a u64 reckoning.
    pub fn card_shard(count: u32, i: u32, bytes: &[u8]) {
        let path = "cards/0123456789abcdef.json.gz";
        let held = broadsheet_core::parse_article_records(&String::from_utf8_lossy(bytes))
            .map(|l| l.articles.len() as u32)
            .unwrap_or(0);
        for count in [count, held] {
            if let Ok(shard) = parse_cards(path, bytes, count) {
                assert_eq!(shard.cards.len(), count as usize);
                assert!(shard.bodies.0.iter().all(|c| c.0 > 0 && c.1.len() == 16));
                let sum: u64 = shard.bodies.0.iter().map(|c| u64::from(c.0)).sum();
                assert_eq!(sum, u64::from(count));
                let mut expected = (0usize, 0u32);
                for p in 0..count {
                    let place = shard.bodies.locate(p).expect("covered");
                    assert_eq!(place.hash, shard.bodies.0[expected.0].1);
                    assert_eq!(place.at, expected.1);
                    assert_eq!(place.count, shard.bodies.0[expected.0].0);
                    expected.1 += 1;
                    if expected.1 == place.count {
                        expected = (expected.0 + 1, 0);
                    }
                }
                assert_eq!(shard.bodies.locate(count), None);
            }
            if let Ok(bodies) = parse_bodies(path, bytes, count) {
                assert_eq!(bodies.len(), count as usize);
            }
        }
        // Chunks of any sizes, from the input's numbers.
        let chunks = BodyChunks(
            bytes
                .chunks(4)
                .take(64)
                .map(|c| (u32_at(c, 0), "0123456789abcdef".to_owned()))
                .collect(),
        );
        for p in [i, 0, u32::MAX, count] {
            let mut start = 0u64;
            let mut want = None;
            for (k, (n, _)) in chunks.0.iter().enumerate() {
                if u64::from(p) < start + u64::from(*n) {
                    want = Some((k, u64::from(p) - start));
                    break;
                }
                start += u64::from(*n);
            }
            let got = chunks.locate(p);
            assert_eq!(got.is_some(), want.is_some());
            if let (Some(got), Some((k, at))) = (got, want) {
                assert_eq!(u64::from(got.at), at);
                assert_eq!(got.count, chunks.0[k].0);
            }
        }
    }

    /// The id_bucket target's input: the archive's article count (4 bytes,
    /// LE), then the bucket.
    pub fn id_bucket_input(data: &[u8]) {
        ids(u32_at(data, 0), data.get(4..).unwrap_or_default());
    }

    /// `parse_ids` on any bytes and article count: never panics; an accepted
    /// bucket's positions are all below `articles`, and it holds no more ids
    /// than the bytes could spell (each takes at least 6 bytes: `["",0]`);
    /// `id_bucket` of each id is within the bucket count.
    pub fn ids(articles: u32, bytes: &[u8]) {
        let path = "ids/0123456789abcdef.json.gz";
        match parse_ids(path, bytes, articles) {
            Ok(map) => {
                assert!(map.len() <= bytes.len() / 6);
                for (id, &p) in &map {
                    assert!(p < articles, "{id:?} at {p} of {articles}");
                    for buckets in [0, 1, 7, map.len()] {
                        assert!(id_bucket(id, buckets) < buckets.max(1));
                    }
                }
            }
            Err(e) => assert!(e.0.starts_with(path), "{e}"),
        }
    }

    /// The source_ids target's input: the number of sources (3 bytes, LE,
    /// at most 2^17), then the file; the article count is the file's length
    /// over the width the sources give (and, from byte 3, a count that may
    /// disagree).
    pub fn source_ids_input(data: &[u8]) {
        let sources = (u32_at(data, 0) & 0x1ffff) as usize;
        let bytes = data.get(3..).unwrap_or_default();
        let width = if sources <= 256 { 1 } else { 2 };
        source_ids((bytes.len() / width) as u32, sources, bytes);
        source_ids(u32_at(data, 3), sources, bytes);
    }

    /// `parse_source_ids` on any bytes, article count and number of sources:
    /// never panics; accepts exactly a file of `articles` × width bytes
    /// whose numbers are all below `sources`, giving those numbers.
    pub fn source_ids(articles: u32, sources: usize, bytes: &[u8]) {
        let path = "meta/0123456789abcdef.bin.gz";
        let width = if sources <= 256 { 1 } else { 2 };
        let numbers: Vec<u16> = if width == 1 {
            bytes.iter().map(|&b| u16::from(b)).collect()
        } else {
            bytes
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect()
        };
        let valid = bytes.len() as u64 == u64::from(articles) * width as u64
            && numbers.iter().all(|&n| usize::from(n) < sources);
        match parse_source_ids(path, bytes, articles, sources) {
            Ok(ids) => {
                assert!(valid);
                assert_eq!(ids, numbers);
            }
            Err(e) => {
                assert!(!valid, "refused: {e}");
                assert!(e.0.starts_with(path), "{e}");
            }
        }
    }

    /// gzip of `bytes` with flate2 (one member), as the CLI writes.
    pub fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(bytes).expect("in memory");
        e.finish().expect("in memory")
    }

    /// The gunzip target's input: the limit (2 bytes, LE, times 2: up to
    /// 128 KB, four of gunzip's 32 KB chunks), then the bytes.
    pub fn gunzip_input(data: &[u8]) {
        let limit = (u32_at(data, 0) & 0xffff) as usize * 2;
        gunzip(limit, data.get(2..).unwrap_or_default());
    }

    /// The bounded gunzip on any bytes and limit: never panics, never gives
    /// more than `limit` bytes, and says why it refuses; bytes that are not
    /// gzip pass `unzip_if_gzip` unchanged within the limit; gzip of the
    /// bytes unzips back to them within the limit and is refused as too
    /// large past it; every shorter prefix of that gzip is refused as
    /// corrupt; a bomb (the bytes repeated past the limit) stops at it.
    pub fn gunzip(limit: usize, bytes: &[u8]) {
        match gunzip_limited(bytes, limit) {
            Ok(out) => assert!(out.len() <= limit),
            Err(GunzipError::TooLarge { limit: l }) => assert_eq!(l, limit),
            Err(GunzipError::Corrupt(why)) => assert!(!why.is_empty()),
        }
        let passed = unzip_if_gzip(bytes.to_vec(), limit);
        if !bytes.starts_with(&[0x1f, 0x8b]) {
            if bytes.len() <= limit {
                assert_eq!(passed.as_deref(), Ok(bytes));
            } else {
                assert_eq!(passed, Err(GunzipError::TooLarge { limit }));
            }
        }
        let gz = gzip(bytes);
        assert!(gz.len() <= gzip_bound(bytes.len()));
        if bytes.len() <= limit {
            assert_eq!(gunzip_limited(&gz, limit).as_deref(), Ok(bytes));
        } else {
            assert_eq!(
                gunzip_limited(&gz, limit),
                Err(GunzipError::TooLarge { limit })
            );
        }
        assert_eq!(gunzip_limited(&gz, bytes.len()).as_deref(), Ok(bytes));
        // Every prefix is refused (a few, spread over the stream).
        for cut in [0, 1, 2, 9, 10, gz.len() / 2, gz.len() - 8, gz.len() - 1] {
            let cut = cut.min(gz.len() - 1);
            match gunzip_limited(&gz[..cut], bytes.len()) {
                Err(GunzipError::Corrupt(why)) => assert!(!why.is_empty()),
                other => panic!("{cut} of {} bytes of gzip: {other:?}", gz.len()),
            }
        }
        // A bomb: the bytes (or a zero) repeated to one byte past the limit.
        let unit: &[u8] = if bytes.is_empty() { &[0] } else { bytes };
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let mut written = 0;
        while written <= limit {
            let n = unit.len().min(limit + 1 - written);
            e.write_all(&unit[..n]).expect("in memory");
            written += n;
        }
        let bomb = e.finish().expect("in memory");
        assert_eq!(
            gunzip_limited(&bomb, limit),
            Err(GunzipError::TooLarge { limit })
        );
    }
}

// ---------------------------------------------------------------------------
// records_file, table, scraped, dates (issue 15: the new readers)
// ---------------------------------------------------------------------------

/// The readers of other tools' files (`broadsheet_core::formats`): a file
/// of records told by its first bytes, CSV/TSV tables, news scrapers'
/// records and the dates they hold. In a module of their own, like
/// `archive_parts`.
pub mod records {
    use broadsheet_core::date_text::parse_us_date_time;
    use broadsheet_core::formats::records_file::RecordsFile;
    use broadsheet_core::formats::scraped::{read_scraped, Scraper};
    use broadsheet_core::formats::table::TableReader;
    use broadsheet_core::{FileLoad, LoadedArticles, Published};
    use serde_json::{Map, Value};

    /// Chunks of `bytes` by `sizes` (cycled; a 0 is an empty chunk; all
    /// zeros as 1).
    pub fn chunks<'a>(bytes: &'a [u8], sizes: &[usize]) -> Vec<&'a [u8]> {
        let sizes: &[usize] = if sizes.iter().any(|&s| s > 0) {
            sizes
        } else {
            &[1]
        };
        let mut out = Vec::new();
        let mut rest = bytes;
        for &size in sizes.iter().cycle() {
            if rest.is_empty() {
                break;
            }
            let take = size.min(rest.len());
            out.push(&rest[..take]);
            rest = &rest[take..];
        }
        out.push(&[]);
        out
    }

    /// What a `FileLoad` holds, comparable.
    type Load = (
        Vec<(broadsheet_core::Article, usize)>,
        Vec<broadsheet_core::Problem>,
        usize,
        broadsheet_core::Ignored,
    );

    fn comparable(load: FileLoad) -> Load {
        (load.articles, load.problems, load.merged, load.ignored)
    }

    /// `RecordsFile` on the file called `name` with these limits, fed in
    /// chunks of `sizes`; `layout()` and `refused()` are asked after
    /// every push (they must not panic).
    pub fn records_file_load(
        name: &str,
        limits: (usize, usize),
        bytes: &[u8],
        sizes: &[usize],
    ) -> Load {
        let mut file = RecordsFile::new(name, limits.0, limits.1)
            .with_web_pages(broadsheet_core::formats::warc::readable_crawl_reader);
        for chunk in chunks(bytes, sizes) {
            file.push(chunk);
            let _ = (file.layout(), file.refused());
        }
        comparable(file.finish())
    }

    /// The fuzz target's input: byte 0 holds flags (8: the file is called
    /// `.tsv`, else `.csv`; 16: small limits, 4 KiB whole and 512 bytes a
    /// record) and, in its low 3 bits, how many chunk sizes follow; then
    /// those sizes; then the file.
    pub fn records_file_input(input: &[u8]) {
        let Some((&flags, rest)) = input.split_first() else {
            return;
        };
        let n = usize::from(flags & 7).min(rest.len());
        let (split, data) = rest.split_at(n);
        let sizes: Vec<usize> = split.iter().map(|&b| usize::from(b)).collect();
        let name = if flags & 8 != 0 { "in.tsv" } else { "in.csv" };
        let limits = if flags & 16 != 0 {
            (4096, 512)
        } else {
            (1 << 20, 1 << 16)
        };
        records_file(data, name, limits, &sizes);
    }

    /// `RecordsFile` on any bytes:
    /// - never panics; the same `FileLoad` whether the file comes whole, a
    ///   byte at a time or in chunks of `sizes`;
    /// - every problem's line is at least 1 and at most the file's line
    ///   count; articles are in file order, each on a line of the file;
    /// - every article passes `validate()`, ids are distinct, and its date
    ///   reads back from the form it is stored in;
    /// - the articles written as a set (`ArticleSet::to_json`) load back
    ///   the same, nothing skipped.
    pub fn records_file(data: &[u8], name: &str, limits: (usize, usize), sizes: &[usize]) -> Load {
        let whole = records_file_load(name, limits, data, &[usize::MAX]);
        let bytes = records_file_load(name, limits, data, &[1]);
        assert_eq!(bytes, whole, "a byte at a time differs from whole");
        let chunked = records_file_load(name, limits, data, sizes);
        assert_eq!(chunked, whole, "chunks of {sizes:?} differ from whole");

        let (articles, problems, _, _) = &whole;
        let lines = 1 + data.iter().filter(|&&b| b == b'\n').count();
        for p in problems {
            assert!(!p.message.is_empty(), "{p:?}");
            if let Some(line) = p.line {
                assert!(
                    (1..=lines).contains(&line),
                    "{p:?} in a file of {lines} lines"
                );
            }
            if let Some(column) = p.column {
                assert!(column >= 1, "{p:?}");
            }
        }
        let mut previous = 1;
        for (a, line) in articles {
            assert!(
                (previous..=lines).contains(line),
                "article at line {line} after {previous}, in a file of {lines} lines: {a:?}"
            );
            previous = *line;
            check_article(a);
        }
        let loaded = LoadedArticles {
            articles: articles.iter().map(|(a, _)| a.clone()).collect(),
            lines: articles.iter().map(|(_, l)| *l).collect(),
            skipped: Vec::new(),
            identical_duplicates: 0,
        };
        let mut ids: Vec<&str> = loaded.articles.iter().map(|a| a.id.as_str()).collect();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "two articles share an id");
        super::round_trip(&loaded, sizes);
        whole
    }

    /// The WARC target's input: byte 0 holds flags (8: a small record
    /// limit, 512 bytes; 16: the file gzipped, one member) and, in its low
    /// 3 bits, how many chunk sizes follow; then those sizes; then the
    /// file (the target's seeds start `WARC/1.`, so the WARC reader is
    /// what the fuzzer explores).
    pub fn warc_input(input: &[u8]) {
        let Some((&flags, rest)) = input.split_first() else {
            return;
        };
        let n = usize::from(flags & 7).min(rest.len());
        let (split, data) = rest.split_at(n);
        let sizes: Vec<usize> = split.iter().map(|&b| usize::from(b)).collect();
        let record_limit = if flags & 8 != 0 { 512 } else { 1 << 16 };
        warc(data, &sizes, record_limit, flags & 16 != 0);
    }

    /// A WARC (any bytes) through `RecordsFile`:
    /// - everything `records_file` checks (no panic, the same load however
    ///   the bytes are cut, problems and articles on lines, a record's
    ///   number here, of the file, valid articles that round-trip), and
    ///   the same counts of ignored records by reason;
    /// - gzipped whole, the same load as plain;
    /// - no record held over the record limit (or a header's 64 KB):
    ///   memory is bounded by a record, whatever the file.
    pub fn warc(data: &[u8], sizes: &[usize], record_limit: usize, gzipped: bool) {
        use broadsheet_core::formats::warc::{header::MAX_HEADER_BYTES, WarcReader};
        let limits = (1 << 20, record_limit);
        let plain = records_file(data, "crawl.warc", limits, sizes);
        // (Bytes that are gzip already would be zipped twice, and only
        // one layer is undone: nothing to compare.)
        if gzipped && !data.starts_with(&broadsheet_core::gunzip::GZIP_MAGIC) {
            let gz = super::archive_parts::gzip(data);
            let zipped = records_file_load("crawl.warc.gz", limits, &gz, sizes);
            assert_eq!(zipped, plain, "gzipped differs from plain");
        }
        let mut reader = WarcReader::new(
            record_limit,
            broadsheet_core::formats::warc::main_text::readable_main_text,
        );
        for chunk in chunks(data, sizes) {
            reader.push(chunk);
        }
        let most = record_limit.max(MAX_HEADER_BYTES + 1);
        assert!(
            reader.most_held() <= most,
            "{} bytes of a record held, over {most}",
            reader.most_held()
        );
        let _ = reader.finish();
    }

    /// The html_page target's input (lossy UTF-8): a URL, then after the
    /// first newline the page.
    pub fn html_page_input(input: &[u8]) {
        let text = String::from_utf8_lossy(input);
        let (url, html) = text
            .split_once('\n')
            .unwrap_or(("https://a.example/x", &text));
        html_page(url, html);
    }

    /// A crawled page into an article (`web_page_article`, the main-text
    /// stand-in, the tag scanner) on any page and URL: never panics; an
    /// article it gives is valid, its date reads back, and its text is
    /// text of the page (no paragraph longer than the page).
    pub fn html_page(url: &str, html: &str) {
        use broadsheet_core::formats::warc::http::WebPage;
        use broadsheet_core::formats::warc::main_text::readable_main_text;
        use broadsheet_core::formats::warc::page::web_page_article;
        let page = WebPage {
            html: html.to_owned(),
            content_language: Some("fa, en".into()),
        };
        let captured = Published::parse_iso("2021-09-13T18:33:39Z").ok();
        if let Ok(article) = web_page_article(url, captured, &page, readable_main_text) {
            check_article(&article);
            for p in article.paragraphs() {
                assert!(p.len() <= html.len() * 3, "{p:?} from {html:?}");
            }
        }
        let _ = readable_main_text(html, url);
    }

    /// A `.warc` or `.warc.gz` file's bytes (a fixture, cut and damaged):
    /// [`warc`] for plain bytes; for gzip, the same load however the
    /// bytes are cut, and every article valid.
    pub fn warc_file(data: &[u8], sizes: &[usize], record_limit: usize) {
        if !data.starts_with(&[0x1f, 0x8b]) {
            return warc(data, sizes, record_limit, true);
        }
        let limits = (1 << 20, record_limit);
        let whole = records_file_load("crawl.warc.gz", limits, data, &[usize::MAX]);
        let bytes = records_file_load("crawl.warc.gz", limits, data, &[1]);
        assert_eq!(bytes, whole, "a byte at a time differs from whole");
        let chunked = records_file_load("crawl.warc.gz", limits, data, sizes);
        assert_eq!(chunked, whole, "chunks of {sizes:?} differ from whole");
        whole.0.iter().for_each(|(a, _)| check_article(a));
    }

    /// What every article read from another tool's file holds: it is
    /// valid, its title is one line, and its date is written in a form
    /// that reads back to the same date.
    pub fn check_article(a: &broadsheet_core::Article) {
        assert_eq!(a.validate(), Ok(()), "an invalid article: {a:?}");
        assert!(!a.title.contains(['\n', '\r']), "{a:?}");
        assert!(a.lang.as_ref().is_none_or(|l| l.len() <= 35), "{a:?}");
        let iso = a.published.to_iso();
        assert_eq!(
            Published::parse_iso(&iso),
            Ok(a.published),
            "the date {:?} is stored as {iso:?}, which does not read back",
            a.published
        );
    }

    // -- tables -------------------------------------------------------------

    /// One cell of a generated table.
    #[derive(Clone, Debug)]
    pub struct Cell {
        pub text: String,
        /// Written in quotes even when it need not be.
        pub quoted: bool,
    }

    /// A row of a generated table: blank lines before it, then its cells
    /// (as many as the header's, or not).
    #[derive(Clone, Debug)]
    pub struct Row {
        pub blank_lines_before: usize,
        pub cells: Vec<Cell>,
    }

    /// A table to write: its header's column names (each naming a
    /// different field, or none), separator, line ends, BOM and rows.
    #[derive(Clone, Debug)]
    pub struct Table {
        pub header: Vec<String>,
        pub separator: u8,
        pub crlf: bool,
        pub bom: bool,
        pub blank_lines_before_header: usize,
        pub rows: Vec<Row>,
        pub final_line_end: bool,
    }

    /// A row the reader must account for: the line it starts on and its
    /// cells.
    #[derive(Clone, Debug)]
    pub struct Expected {
        pub line: usize,
        pub cells: Vec<String>,
    }

    /// Names each field may have in a header (`table.rs`'s usual names, in
    /// other cases and spellings), one list per field; the first three
    /// are the fields every table needs.
    pub const COLUMN_NAMES: [&[&str]; 11] = [
        &["title", "Headline", "HEADING", " Title "],
        &[
            "date",
            "publish_date",
            "Publish Date",
            "published",
            "pubDate",
        ],
        &["text", "maintext", "Body", "content", "full-text"],
        &["lead", "description", "Summary"],
        &["id", "news_id", "GUID"],
        &["url", "link", "canonical_link"],
        &["source", "outlet", "source_domain"],
        &["authors", "author", "byline"],
        &["lang", "language", "meta_lang"],
        &["license", "rights"],
        &["notes", "section", "extra column"],
    ];

    /// Cell texts worth trying, picked by the fuzz target's one-byte cells.
    pub const SAMPLE_CELLS: [&str; 16] = [
        "2021-09-13T23:03:39",
        "2019-01-04",
        "2021-09-13 23:03:39+04:30",
        "9/13/2021 11:03:39 PM",
        "2021-02-30",
        "0999-01-01",
        "1/2/0999 1:00 PM",
        "9999-12-31T23:59:59+23:59",
        "Harvest festival draws record crowds",
        "First paragraph.\nSecond, with a \"quote\".",
        "https://www.example.com/a?b=c",
        "['Lena Vogel', 'Omar Haddad']",
        "a;b,c\td",
        "\"",
        "\r\n",
        "   ",
    ];

    fn needs_quotes(text: &str, separator: u8) -> bool {
        text.bytes()
            .any(|b| b == separator || matches!(b, b'"' | b'\r' | b'\n'))
    }

    fn push_cell(out: &mut String, cell: &Cell, separator: u8) {
        if cell.quoted || needs_quotes(&cell.text, separator) {
            out.push('"');
            out.push_str(&cell.text.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&cell.text);
        }
    }

    /// The table's bytes, and the rows that are not blank (a row of one
    /// empty cell is a blank line) with the line each starts on.
    pub fn write_table(table: &Table) -> (Vec<u8>, Vec<Expected>) {
        let eol = if table.crlf { "\r\n" } else { "\n" };
        let sep = char::from(table.separator).to_string();
        let mut out = String::new();
        if table.bom {
            out.push('\u{feff}');
        }
        let mut line = 1;
        for _ in 0..table.blank_lines_before_header {
            out.push_str(eol);
            line += 1;
        }
        out.push_str(&table.header.join(&sep));
        let mut expected = Vec::new();
        for row in &table.rows {
            out.push_str(eol);
            line += 1;
            for _ in 0..row.blank_lines_before {
                out.push_str(eol);
                line += 1;
            }
            let blank = row.cells.len() == 1 && row.cells[0].text.is_empty();
            if !blank && !row.cells.is_empty() {
                expected.push(Expected {
                    line,
                    cells: row.cells.iter().map(|c| c.text.clone()).collect(),
                });
            }
            for (i, cell) in row.cells.iter().enumerate() {
                if i > 0 {
                    out.push_str(&sep);
                }
                push_cell(&mut out, cell, table.separator);
            }
            line += row
                .cells
                .iter()
                .map(|c| c.text.matches('\n').count())
                .sum::<usize>();
        }
        if table.final_line_end {
            out.push_str(eol);
        }
        (out.into_bytes(), expected)
    }

    /// `TableReader` fed in chunks of `sizes`.
    pub fn table_reader(
        separator: u8,
        bytes: &[u8],
        sizes: &[usize],
    ) -> Result<LoadedArticles, String> {
        let mut reader = TableReader::new(separator, 1 << 16, Vec::new());
        for chunk in chunks(bytes, sizes) {
            reader.push(chunk);
        }
        reader.finish()
    }

    /// The fuzz target's input, a table to write: byte 0 is flags (low 2
    /// bits the separator, `,` `;` tab `,`; 4: CRLF; 8: BOM; 16: a line
    /// end after the last row; 32 and 64: blank lines before the header),
    /// byte 1 which optional columns the header has (a bit each), byte 2
    /// how they are named and ordered, byte 3 a chunk size; then rows
    /// separated by 0xFF, cells by 0xFE. A row's leading 0xFD bytes are
    /// blank lines before it; a cell starting with 0xFC is quoted; a
    /// one-byte cell below 16 is `SAMPLE_CELLS[byte]`; other cells are the
    /// bytes as lossy UTF-8.
    pub fn table_input(input: &[u8]) {
        if input.len() < 4 {
            return;
        }
        let (flags, optional, naming, size) = (input[0], input[1], input[2], input[3]);
        let separator = [b',', b';', b'\t', b','][usize::from(flags & 3)];
        let mut fields: Vec<usize> = vec![0, 1, 2];
        fields.extend((0..8).filter(|i| optional & (1 << i) != 0).map(|i| i + 3));
        // Order: rotate and maybe reverse, by `naming`.
        let turn = usize::from(naming) % fields.len();
        fields.rotate_left(turn);
        if naming & 0x80 != 0 {
            fields.reverse();
        }
        let header = fields
            .iter()
            .map(|&f| {
                let names = COLUMN_NAMES[f];
                names[usize::from(naming >> 4) % names.len()].to_owned()
            })
            .collect();
        let rows = input[4..]
            .split(|&b| b == 0xFF)
            .map(|row| {
                let blank = row.iter().take_while(|&&b| b == 0xFD).count();
                let cells = row[blank..]
                    .split(|&b| b == 0xFE)
                    .map(|cell| {
                        let (quoted, cell) = match cell.split_first() {
                            Some((0xFC, rest)) => (true, rest),
                            _ => (false, cell),
                        };
                        let text = match cell {
                            [b] if *b < 16 => SAMPLE_CELLS[usize::from(*b)].to_owned(),
                            _ => String::from_utf8_lossy(cell).into_owned(),
                        };
                        Cell { text, quoted }
                    })
                    .collect();
                Row {
                    blank_lines_before: blank,
                    cells,
                }
            })
            .collect();
        let table = Table {
            header,
            separator,
            crlf: flags & 4 != 0,
            bom: flags & 8 != 0,
            blank_lines_before_header: usize::from(flags >> 5 & 3),
            rows,
            final_line_end: flags & 16 != 0,
        };
        self::table(&table, &[usize::from(size), 1, 3]);
    }

    /// A generated table, read by `TableReader` (whole, a byte at a time
    /// and in chunks of `sizes`: the same result) and by `RecordsFile`
    /// (which tells its separator from the header; the same again):
    /// - every row that is not blank gives an article, a skip or an
    ///   identical duplicate merged: no more, no less;
    /// - each article and skip is at the line its row starts on, one per
    ///   row; a row with more or fewer cells than the header is skipped;
    /// - an article's title is its row's title cell on one line, and its
    ///   id the id cell when there is one;
    /// - what `records_file` checks of any file.
    pub fn table(table: &Table, sizes: &[usize]) {
        let (bytes, expected) = write_table(table);
        // `TableReader` is given the BOM only where it can take it: on the
        // first header name, unquoted (`RecordsFile` strips it).
        let direct = match table.bom && table.blank_lines_before_header > 0 {
            true => &bytes[3..],
            false => &bytes[..],
        };
        let whole = table_reader(table.separator, direct, &[usize::MAX]);
        assert_eq!(
            table_reader(table.separator, direct, &[1]),
            whole,
            "a byte at a time differs from whole"
        );
        assert_eq!(
            table_reader(table.separator, direct, sizes),
            whole,
            "chunks of {sizes:?} differ from whole"
        );
        let loaded = whole.unwrap_or_else(|e| panic!("the header is refused: {e}"));

        let columns = table.header.len();
        let find = |names: &[&str]| {
            table
                .header
                .iter()
                .position(|h| names.contains(&h.as_str()))
        };
        let (title_at, id_at) = (find(COLUMN_NAMES[0]), find(COLUMN_NAMES[4]));
        let title_at = title_at.expect("every generated header has a title");
        let mut accounted: Vec<usize> = loaded
            .lines
            .iter()
            .chain(loaded.skipped.iter().map(|s| &s.line))
            .copied()
            .collect();
        accounted.sort_unstable();
        let mut seen = accounted.clone();
        seen.dedup();
        assert_eq!(seen, accounted, "two outcomes for one row: {loaded:?}");
        let starts: Vec<usize> = expected.iter().map(|e| e.line).collect();
        for line in &accounted {
            assert!(
                starts.binary_search(line).is_ok(),
                "an outcome at line {line}, where no row starts ({starts:?}): {loaded:?}"
            );
        }
        assert_eq!(
            accounted.len() + loaded.identical_duplicates,
            expected.len(),
            "rows not accounted for: {expected:?} gave {loaded:?}"
        );
        for row in &expected {
            if row.cells.len() != columns {
                let skip = loaded.skipped.iter().find(|s| s.line == row.line);
                assert!(
                    skip.is_some_and(|s| s.reason.contains("cells where the header has")),
                    "a row of {} cells (header {columns}) at line {}: {loaded:?}",
                    row.cells.len(),
                    row.line
                );
            }
        }
        for (a, line) in loaded.articles.iter().zip(&loaded.lines) {
            let row = &expected[starts.binary_search(line).expect("checked")];
            assert_eq!(row.cells.len(), columns, "{a:?} from {row:?}");
            let title = row.cells[title_at].split_whitespace().collect::<Vec<_>>();
            assert_eq!(a.title, title.join(" "), "{row:?}");
            if let Some(id) = id_at.map(|i| row.cells[i].trim()) {
                if !id.is_empty() {
                    assert_eq!(a.id, id, "{row:?}");
                }
            }
        }

        // The same file as a file of records.
        let name = if table.separator == b'\t' {
            "t.tsv"
        } else {
            "t.csv"
        };
        let (articles, problems, merged, _) = records_file(&bytes, name, (1 << 20, 1 << 16), sizes);
        assert_eq!(
            articles,
            loaded
                .articles
                .iter()
                .cloned()
                .zip(loaded.lines.iter().copied())
                .collect::<Vec<_>>(),
            "RecordsFile reads the table differently"
        );
        assert_eq!(problems.len(), loaded.skipped.len(), "{problems:?}");
        assert_eq!(merged, loaded.identical_duplicates);
    }

    // -- scrapers' records ----------------------------------------------------

    /// Every field name the scrapers' readers look at.
    pub const SCRAPER_FIELDS: [&str; 28] = [
        "title",
        "title_page",
        "title_rss",
        "maintext",
        "description",
        "text",
        "raw_text",
        "summary",
        "date_publish",
        "date_download",
        "date",
        "publish_date",
        "url",
        "source",
        "canonical_link",
        "source_domain",
        "sitename",
        "hostname",
        "source-hostname",
        "fingerprint",
        "language",
        "meta_lang",
        "id",
        "authors",
        "author",
        "image_url",
        "top_image",
        "license",
    ];

    /// `read_scraped` on one JSON object:
    /// - never panics; `None` exactly when no scraper's field names are
    ///   there; an error names the scraper;
    /// - an article passes `validate()`, has a one-line title and a date
    ///   that reads back from its stored form;
    /// - the object as a file of JSON Lines (`RecordsFile`, any chunks)
    ///   gives that article (its id and title), or one problem at line 1.
    pub fn scraped(fields: &Map<String, Value>, sizes: &[usize]) {
        let text = Value::Object(fields.clone()).to_string();
        let read = read_scraped(&text);
        let scraper = Scraper::of(fields);
        assert_eq!(read.is_none(), scraper.is_none(), "{text}");
        let Some(read) = read else {
            return;
        };
        let scraper = scraper.expect("checked");
        let mut file = text.clone().into_bytes();
        file.push(b'\n');
        let (articles, problems, _, _) = records_file(&file, "s.json", (1 << 20, 1 << 16), sizes);
        match read {
            Ok(s) => {
                assert_eq!(s.scraper, scraper);
                check_article(&s.article);
                assert_eq!(articles.len(), 1, "{problems:?} from {text}");
                assert_eq!(articles[0].0.id, s.article.id);
                assert_eq!(articles[0].0.title, s.article.title);
                assert_eq!(articles[0].1, 1);
            }
            Err(why) => {
                assert!(
                    why.starts_with(&format!("{} record: ", scraper.name())),
                    "{why}"
                );
                assert!(articles.is_empty(), "{articles:?} from {text}");
                assert_eq!(problems.len(), 1, "{problems:?}");
                assert_eq!(problems[0].line, Some(1), "{problems:?}");
            }
        }
    }

    /// The fuzz target's input: the text is split at `\u{1}` into a field
    /// name (a byte below 28 picks `SCRAPER_FIELDS`) and its value, taken
    /// as JSON when it is, else as a string.
    pub fn scraped_input(input: &[u8]) {
        let text = String::from_utf8_lossy(input);
        let mut fields = Map::new();
        let mut parts = text.split('\u{1}');
        while let (Some(name), Some(value)) = (parts.next(), parts.next()) {
            let name = match name.as_bytes() {
                [b] if usize::from(*b) < SCRAPER_FIELDS.len() => {
                    SCRAPER_FIELDS[usize::from(*b)].to_owned()
                }
                _ => name.to_owned(),
            };
            let value = serde_json::from_str(value).unwrap_or_else(|_| Value::from(value));
            fields.insert(name, value);
        }
        scraped(&fields, &[7]);
    }

    // -- dates ---------------------------------------------------------------

    /// The date readers on any text:
    /// - `Published::parse_iso` never panics, and a date it reads is
    ///   written (`to_iso`) as text it reads back to the same date;
    /// - so is a date-time `parse_us_date_time` reads that `parse_iso`
    ///   accepts the year of;
    /// - the scrapers' reader (news-please's `date_publish`, newspaper4k's
    ///   `publish_date`) keeps only dates that read back, and reads every
    ///   ISO date `parse_iso` reads as that date.
    pub fn dates(text: &str) {
        let iso = Published::parse_iso(text);
        if let Ok(p) = iso {
            let written = p.to_iso();
            assert_eq!(
                Published::parse_iso(&written),
                Ok(p),
                "{text:?} → {written:?}"
            );
            assert_eq!(p.to_iso(), written, "to_iso is not deterministic");
            let _ = (p.display(), p.capture_label(), p.date());
        }
        if let Some(dt) = parse_us_date_time(text) {
            let p = Published::DateTime(dt);
            if (1000..=9999).contains(&chrono_year(&p)) {
                assert_eq!(Published::parse_iso(&p.to_iso()), Ok(p), "{text:?}");
            }
        }
        for (field, scraper_fields) in [
            ("date_publish", [("maintext", "Text.")]),
            ("publish_date", [("top_image", "x")]),
        ] {
            let mut fields = Map::new();
            fields.insert("title".into(), "T".into());
            fields.insert("text".into(), "Text.".into());
            for (k, v) in scraper_fields {
                fields.insert(k.into(), v.into());
            }
            fields.insert(field.into(), text.into());
            let text_json = Value::Object(fields).to_string();
            match read_scraped(&text_json) {
                Some(Ok(s)) => {
                    check_article(&s.article);
                    if let Ok(p) = iso {
                        assert_eq!(s.article.published, p, "{text:?}");
                    }
                }
                Some(Err(why)) => assert!(iso.is_err(), "{text:?}: {why}"),
                None => panic!("not read as a scraper's record: {text_json}"),
            }
        }
    }

    fn chrono_year(p: &Published) -> i32 {
        use chrono::Datelike;
        p.date().year()
    }
}
