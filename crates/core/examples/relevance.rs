//! Broadsheet's side of the relevance benchmark (`bench/relevance`): a
//! set's search in relevance order, for queries with human judgments.
//!
//!   cargo run --release -p broadsheet-core --example relevance -- SET.json QUERIES.json
//!
//! `QUERIES.json` is `[{"id": "…", "text": "…"}, …]`. For each query, one
//! JSON line on stdout: `{"id": "…", "matches": N, "docs": ["…", …]}`, the
//! ids of the first 100 articles of `search_with(.., Order::Relevance)`
//! (`matches`: how many matched in all). `bench/relevance/run.mjs` scores
//! them against the judgments.
//!
//! The judged queries are plain text, not typed into a search box, so
//! [`judged_query`] keeps the query language out of them: a `"` would
//! start a phrase and a `-` exclude a word, and a last word without a
//! space after it would be searched as a prefix, as while typing.

use broadsheet_core::search::{Order, SearchIndex, SearchQuery};
use serde::Deserialize;

/// How many results per query are written (the metrics read the first 10;
/// the rest are for looking at the runs).
const DEPTH: usize = 100;

#[derive(Deserialize)]
struct Query {
    id: String,
    text: String,
}

/// The query a judged text asks: its words, whole. Quotes and minus signs
/// become spaces (no phrases, no exclusions), and a trailing space ends
/// the last word.
fn judged_query(text: &str) -> SearchQuery {
    let words: String = text
        .chars()
        .map(|c| if matches!(c, '"' | '-') { ' ' } else { c })
        .collect();
    SearchQuery::parse(&format!("{words} "))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [set_path, queries_path] = args.as_slice() else {
        eprintln!("usage: relevance SET.json QUERIES.json");
        std::process::exit(2);
    };
    let read = |path: &str| {
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"))
    };

    let loaded = broadsheet_core::parse_article_records(&read(set_path)).expect("an article set");
    if !loaded.skipped.is_empty() {
        // A skipped record would silently count as never found.
        for skip in &loaded.skipped {
            eprintln!("skipped {skip}");
        }
        std::process::exit(1);
    }
    let mut articles = loaded.articles;
    // The index's positions are into the articles as the viewer holds them.
    broadsheet_core::set::sort_newest_first(&mut articles);
    let index = SearchIndex::new(&articles);

    let queries: Vec<Query> = serde_json::from_str(&read(queries_path)).expect("queries JSON");
    for query in &queries {
        let parsed = judged_query(&query.text);
        if let Some(cut) = parsed.truncated() {
            eprintln!("query {}: truncated ({cut:?})", query.id);
        }
        let hits = index.search_with(&parsed, Order::Relevance);
        let docs: Vec<&str> = hits
            .iter()
            .take(DEPTH)
            .map(|&i| articles[i as usize].id.as_str())
            .collect();
        let line = serde_json::json!({ "id": query.id, "matches": hits.len(), "docs": docs });
        println!("{line}");
    }
}
