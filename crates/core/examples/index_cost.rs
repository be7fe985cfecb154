//! What word forms cost an index: the same set built three ways in one
//! run, best of `RUNS` each: without stemming (every article tagged with a
//! language Broadsheet cannot stem, the baseline), as given (its `lang`
//! tags, stemmed), and untagged (each article's language detected from its
//! text, then stemmed). Prints build time, heap bytes (the stem table's
//! share) and terms.
//!
//! `cargo run --release -p broadsheet-core --example index_cost -- SET.json [RUNS]`

use broadsheet_core::search::SearchIndex;
use broadsheet_core::Article;
use std::time::Instant;

#[path = "common/mod.rs"]
mod common;

fn main() {
    let (articles, bytes, runs) = common::set_and_runs("index_cost SET.json [RUNS]");
    let retag = |tag: Option<&str>| -> Vec<Article> {
        let mut copy = articles.clone();
        for a in &mut copy {
            a.lang = tag.map(str::to_owned);
        }
        copy
    };
    let variants: [(&str, Vec<Article>); 3] = [
        ("no stemming (baseline)", retag(Some("zz"))),
        ("stemmed by `lang`", articles.clone()),
        ("language detected, stemmed", retag(None)),
    ];
    println!(
        "{} articles, {} bytes; best of {runs}",
        articles.len(),
        bytes
    );
    println!("| build | time (ms) | × baseline | heap (bytes) | stem table (bytes) | terms |");
    println!("|---|--:|--:|--:|--:|--:|");
    let mut baseline = 0.0;
    for (name, set) in &variants {
        let mut best = f64::MAX;
        let mut index = SearchIndex::default();
        for _ in 0..runs {
            let start = Instant::now();
            index = SearchIndex::new(set);
            best = best.min(start.elapsed().as_secs_f64() * 1000.0);
        }
        if baseline == 0.0 {
            baseline = best;
        }
        println!(
            "| {name} | {best:.0} | {:.2} | {} | {} | {} |",
            best / baseline,
            index.heap_bytes(),
            index.stem_bytes(),
            index.term_count()
        );
    }
}
