//! Sizes of a partitioned search index (see `search/partitioned/`) over
//! copies of the bundled set, and what each benchmark query downloads cold
//! (root loaded, no part), gzipped as the CLI stores them.
//!
//! `cargo run --release -p broadsheet-core --example partition_sizes [copies]`
//! (default 100 copies, about 32,000 articles).

#[path = "../tests/support/bundled.rs"]
mod bundled;

use broadsheet_core::search::{
    partition_index, Lookup, Order, PartitionOptions, PartitionedIndex, SearchIndex, SearchQuery,
};
use broadsheet_core::Article;
use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::Write;
use std::time::Instant;

fn gzip(bytes: &[u8]) -> usize {
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(bytes).expect("gzip");
    e.finish().expect("gzip").len()
}

fn main() {
    let copies: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse().expect("copies"))
        .unwrap_or(100);
    let base = bundled::load_bundled();
    let articles: Vec<Article> = bundled::scaled(&base, base.len() * copies);
    let t = Instant::now();
    let index = SearchIndex::new(&articles);
    let built = t.elapsed();
    let t = Instant::now();
    let files = partition_index(&index, &PartitionOptions::default());
    println!(
        "{} articles, {} terms; index built in {built:.2?}, partitioned in {:.2?}",
        articles.len(),
        index.term_count(),
        t.elapsed()
    );
    drop(articles);
    let gz: Vec<usize> = files.parts.iter().map(|p| gzip(p)).collect();
    let names = [
        "doc streams",
        "tf streams",
        "positions",
        "dictionary",
        "lexicon",
        "prefix sets",
        "norms",
    ];
    println!(
        "{:<12} {:>6} {:>12} {:>12} {:>10}",
        "kind", "parts", "raw", "gzip", "max gzip"
    );
    for (k, name) in names.iter().enumerate() {
        let of_kind: Vec<usize> = (0..files.parts.len())
            .filter(|&i| files.parts[i][5] as usize == k)
            .collect();
        let raw: usize = of_kind.iter().map(|&i| files.parts[i].len()).sum();
        let g: usize = of_kind.iter().map(|&i| gz[i]).sum();
        let max = of_kind.iter().map(|&i| gz[i]).max().unwrap_or(0);
        println!(
            "{name:<12} {:>6} {raw:>12} {g:>12} {max:>10}",
            of_kind.len()
        );
    }
    let raw: usize = files.parts.iter().map(Vec::len).sum();
    let total_gz: usize = gz.iter().sum();
    println!(
        "root: {} bytes raw, {} gzip",
        files.root.len(),
        gzip(&files.root)
    );
    println!(
        "total: {} parts, {} bytes raw, {} gzip (with root: {} gzip)",
        files.parts.len(),
        raw,
        total_gz,
        total_gz + gzip(&files.root)
    );

    let qpath = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../bench/browser/queries.json"
    );
    let q: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(qpath).expect("queries")).expect("json");
    let queries: Vec<String> = q["queries"]
        .as_array()
        .expect("queries")
        .iter()
        .map(|q| q["q"].as_str().expect("q").to_owned())
        .collect();
    let mut page = PartitionedIndex::from_root(&files.root).expect("root");
    println!(
        "\n{:<26} {:>8} {:>7} {:>6} {:>10} {:>7} {:>6} {:>10} {:>9}",
        "query (cold)",
        "hits",
        "rounds",
        "parts",
        "gzip new",
        "rounds",
        "parts",
        "gzip rel",
        "ms rel"
    );
    for text in &queries {
        let query = SearchQuery::parse(text);
        let mut row = format!("{text:<26}");
        let mut hits = 0;
        for order in [Order::Newest, Order::Relevance] {
            page.evict_to(0);
            let (mut rounds, mut parts, mut bytes) = (0, 0, 0);
            let t = Instant::now();
            let got = loop {
                match page.search(&query, order) {
                    Lookup::Done(hits) => break hits,
                    Lookup::Need(need) => {
                        rounds += 1;
                        for p in need {
                            parts += 1;
                            bytes += gz[p];
                            page.add_part(p, &files.parts[p]).expect("part");
                        }
                    }
                }
            };
            let ms = t.elapsed().as_secs_f64() * 1e3;
            assert_eq!(got, index.search_with(&query, order), "{text}");
            hits = got.len();
            row.push_str(&format!(" {rounds:>7} {parts:>6} {bytes:>10}"));
            if order == Order::Relevance {
                row.push_str(&format!(" {ms:>9.1}"));
            }
        }
        let row = row.replacen(&format!("{text:<26}"), &format!("{text:<26} {hits:>8}"), 1);
        println!("{row}");
    }
}
