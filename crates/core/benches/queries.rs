//! The browser benchmark's queries, timed natively on any article set: every
//! query of `bench/browser/queries.json` and every keystroke prefix of it,
//! as the page searches them while the reader types.
//!
//! ```text
//! BENCH_SET=/tmp/real-50k.json cargo bench -p broadsheet-core --bench queries
//! ```
//!
//! Prints the set (articles, bytes, vocabulary), the index build time and
//! size, then median / p95 / max of the per-query times for the final
//! query strings (newest and relevance order) and for every keystroke, and
//! the slowest queries. Without `BENCH_SET` it uses the bundled set.
//! `BENCH_DUMP=FILE` writes every query's hits (count and a hash of them,
//! per order) and time, so two builds can be checked to give the same
//! results (compare the first four columns).

use broadsheet_core::search::{Order, SearchIndex, SearchQuery};
use std::hash::{Hash, Hasher};
use std::time::{Duration, Instant};

/// Timed runs per query (after one warm-up run); the fastest is its time,
/// the run least disturbed by other work on a busy machine.
const RUNS: usize = 15;

fn queries() -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../bench/browser/queries.json"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("queries.json"))
            .expect("queries.json is JSON");
    json["queries"]
        .as_array()
        .expect("a query list")
        .iter()
        .map(|q| q["q"].as_str().expect("a query string").to_owned())
        .collect()
}

/// Every prefix of `query` as typed key by key (the last is the query).
fn keystrokes(query: &str) -> impl Iterator<Item = String> + '_ {
    query
        .char_indices()
        .map(move |(i, c)| query[..i + c.len_utf8()].to_owned())
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1e3)
}

/// The query's time (the fastest of [`RUNS`]) and its hits.
fn time_query(index: &SearchIndex, query: &str, order: Order) -> (Duration, Vec<u32>) {
    let hits = index.search_with(&SearchQuery::parse(query), order);
    let fastest = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let hits = index.search_with(&SearchQuery::parse(query), order);
            let took = start.elapsed();
            std::hint::black_box(hits);
            took
        })
        .min()
        .expect("RUNS > 0");
    (fastest, hits)
}

/// Times each query; prints the summary line and the slowest ones, and
/// appends each query's hits to `dump`.
fn run(index: &SearchIndex, label: &str, list: &[String], order: Order, dump: &mut String) {
    let mut timed: Vec<(Duration, &str)> = Vec::with_capacity(list.len());
    for query in list {
        let (took, hits) = time_query(index, query, order);
        let mut hash = std::collections::hash_map::DefaultHasher::new();
        hits.hash(&mut hash);
        dump.push_str(&format!(
            "{label}\t{query:?}\t{}\t{:016x}\t{}\n",
            hits.len(),
            hash.finish(),
            ms(took)
        ));
        timed.push((took, query));
    }
    timed.sort_unstable();
    let at = |p: f64| timed[((timed.len() - 1) as f64 * p).round() as usize].0;
    println!(
        "{label}: {} queries, median {} ms, p95 {} ms, max {} ms; slowest: {}",
        timed.len(),
        ms(at(0.5)),
        ms(at(0.95)),
        ms(at(1.0)),
        timed
            .iter()
            .rev()
            .take(5)
            .map(|(t, q)| format!("{q:?} {}", ms(*t)))
            .collect::<Vec<_>>()
            .join(", ")
    );
}

fn main() {
    let set = std::env::var("BENCH_SET").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../static/articles.json").to_owned()
    });
    let json = std::fs::read_to_string(&set).expect("the article set");
    let articles = broadsheet_core::parse_article_records(&json)
        .expect("an article set")
        .articles;
    let start = Instant::now();
    let index = SearchIndex::new(&articles);
    let build = start.elapsed();
    println!(
        "{set}: {} articles, {} bytes, vocabulary {} terms; index built in {} ms, {} bytes ({})",
        articles.len(),
        json.len(),
        index.term_count(),
        ms(build),
        index.heap_bytes(),
        index
            .heap_bytes_by_part()
            .iter()
            .map(|(part, bytes)| format!("{part} {bytes}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    drop(json);
    let finals = queries();
    let strokes: Vec<String> = finals.iter().flat_map(|q| keystrokes(q)).collect();
    let mut dump = String::new();
    run(&index, "finals, newest", &finals, Order::Newest, &mut dump);
    run(
        &index,
        "keystrokes, newest",
        &strokes,
        Order::Newest,
        &mut dump,
    );
    run(
        &index,
        "finals, relevance",
        &finals,
        Order::Relevance,
        &mut dump,
    );
    if let Some(path) = std::env::var_os("BENCH_DUMP") {
        std::fs::write(path, dump).expect("BENCH_DUMP is writable");
    }
}
