//! Search on any query and any article text.
//!
//! Input (lossy UTF-8): the query, then after each U+0001 an article whose
//! title, lead and body paragraphs are separated by `\n`. These articles
//! are indexed after a few fixed ones (English, Persian, Arabic, a long
//! paragraph).
//!
//! Checks: `SearchQuery::parse` never panics; the index built at once and
//! with `IndexBuilder` are equal; `search_with` in every `Order`, with and
//! without typos, never panics and gives each article in range at most
//! once, `Oldest` the reverse of `Newest`, `Relevance` the same set;
//! highlights, snippets and `match_ranges` give ascending, non-overlapping
//! ranges inside their text on char boundaries, and a snippet whenever the
//! article has text; every hit of a query with words has something
//! highlighted; and a word copied from an article finds that article.
#![no_main]

use broadsheet_core::search::{tokenize::for_each_word, IndexBuilder};
use broadsheet_core::{Article, Order, Published, SearchIndex, SearchQuery};
use libfuzzer_sys::fuzz_target;
use std::ops::Range;

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

fn fixed() -> Vec<Article> {
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

fn check_search(index: &SearchIndex, query: &SearchQuery, articles: &[Article]) -> Vec<u32> {
    let n = articles.len() as u32;
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

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let mut parts = input.split('\u{1}');
    let query_text = parts.next().unwrap_or_default();
    let mut articles = fixed();
    for part in parts.take(6) {
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
        let hits = check_search(&index, &query, &articles);
        check_search(&SearchIndex::default(), &query, &[]);
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

    // A word copied from a fuzzed article, typed as a query, finds it.
    for (i, a) in articles.iter().enumerate().skip(4) {
        let texts = std::iter::once(a.title.as_str()).chain(a.paragraphs());
        for text in texts {
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
});
