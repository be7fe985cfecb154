//! What cutting Chinese, Japanese, Thai, … into dictionary words costs and
//! changes: the same set indexed per character (UAX #29, what the page does
//! until the word segmenter is loaded) and by dictionary words (ICU4X, what
//! the CLI and the page with the segmenter do), best of `RUNS` each; then
//! the segmenter's speed alone, and what a two-character query finds each
//! way (the words of the first titles: per character they are a phrase of
//! their characters, which also matches them across word boundaries).
//!
//! `cargo run --release -p broadsheet-core --example unspaced_cost -- SET.json [RUNS]`

use broadsheet_core::search::tokenize::{
    dictionary_words, for_each_word_with, install_word_segmenter, WordSegmenter,
};
use broadsheet_core::search::{IndexBuilder, SearchIndex};
use broadsheet_core::{Order, SearchQuery};
use std::time::Instant;

#[path = "common/mod.rs"]
mod common;

fn main() {
    let (articles, set_bytes, runs) = common::set_and_runs("unspaced_cost SET.json [RUNS]");
    let text_bytes: usize = articles
        .iter()
        .map(|a| a.title.len() + a.lead.len() + a.body.iter().map(String::len).sum::<usize>())
        .sum();
    println!(
        "{} articles, {} bytes of set ({} of text); best of {runs}",
        articles.len(),
        set_bytes,
        text_bytes
    );
    let build = |segmenter: Option<WordSegmenter>| {
        let mut best = f64::MAX;
        let mut index = SearchIndex::default();
        for _ in 0..runs {
            let start = Instant::now();
            let mut builder = IndexBuilder::with_segmenter(&articles, segmenter);
            for a in &articles {
                builder.push(a);
            }
            index = builder.finish();
            best = best.min(start.elapsed().as_secs_f64() * 1000.0);
        }
        (best, index)
    };
    let (char_ms, per_char) = build(None);
    let (word_ms, by_words) = build(Some(dictionary_words));
    println!("| index | build (ms) | × per character | heap (bytes) | terms (vocabulary) |");
    println!("|---|--:|--:|--:|--:|");
    for (name, ms, index) in [
        ("per character (UAX #29)", char_ms, &per_char),
        ("dictionary words (ICU4X)", word_ms, &by_words),
    ] {
        println!(
            "| {name} | {ms:.0} | {:.2} | {} | {} |",
            ms / char_ms,
            index.heap_bytes(),
            index.term_count()
        );
    }

    // The segmenter alone, over every text.
    let mut best = f64::MAX;
    let mut words = 0usize;
    for _ in 0..runs {
        words = 0;
        let start = Instant::now();
        for a in &articles {
            for t in std::iter::once(&a.title)
                .chain(std::iter::once(&a.lead))
                .chain(&a.body)
            {
                for_each_word_with(t, Some(dictionary_words), |_, _| words += 1);
            }
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "segmenting alone: {words} words in {:.0} ms, {:.1} MB/s",
        best * 1000.0,
        text_bytes as f64 / best / 1e6
    );

    // Two-character words of the first titles, searched both ways.
    let mut queries: Vec<String> = Vec::new();
    for a in articles.iter().take(400) {
        for_each_word_with(&a.title, Some(dictionary_words), |s, e| {
            let w = &a.title[s..e];
            if w.chars().count() == 2
                && w.chars()
                    .all(broadsheet_core::search::tokenize::is_unspaced)
                && !queries.iter().any(|q| q == w)
            {
                queries.push(w.to_owned());
            }
        });
    }
    queries.truncate(200);
    let count = |index: &SearchIndex, q: &str| {
        index
            .search_with(&SearchQuery::parse(&format!("\"{q}\"")), Order::Newest)
            .len()
    };
    // Per character first (no segmenter installed: the query is cut per
    // character too), then by words.
    let char_hits: Vec<usize> = queries.iter().map(|q| count(&per_char, q)).collect();
    install_word_segmenter(dictionary_words);
    let word_hits: Vec<usize> = queries.iter().map(|q| count(&by_words, q)).collect();
    let fewer = char_hits
        .iter()
        .zip(&word_hits)
        .filter(|(c, w)| w < c)
        .count();
    let sum = |v: &[usize]| v.iter().sum::<usize>();
    println!(
        "{} two-character title words as queries: per character {} hits in all, by words {} ({:.0}%); {} queries find fewer articles by words (the characters met across a word boundary or inside a longer word)",
        queries.len(),
        sum(&char_hits),
        sum(&word_hits),
        100.0 * sum(&word_hits) as f64 / sum(&char_hits).max(1) as f64,
        fewer
    );
    let mut examples: Vec<(usize, &String, usize, usize)> = queries
        .iter()
        .zip(char_hits.iter().zip(&word_hits))
        .map(|(q, (&c, &w))| (c - w.min(c), q, c, w))
        .collect();
    examples.sort_by_key(|e| std::cmp::Reverse(e.0));
    for (_, q, c, w) in examples.iter().take(5) {
        println!("  {q}: per character {c}, by words {w}");
    }
}
