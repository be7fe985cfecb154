//! What a cold query costs in a sharded archive, natively: the root, then
//! per query (each from nothing loaded, as a fresh page) the index parts
//! it needs, round by round, with their stored (gzip) bytes, as the page
//! fetches them; and the time the engine takes with the parts at hand.
//! Answers the questions issue 17 asks of a growing vocabulary: does a
//! typo query, or a phrase with a very common word, fetch more as the
//! vocabulary grows?
//!
//! The last column is what the page's first results cost newest first
//! (`PartitionedIndex::search_first`): the newest results from the first
//! part of each common word's doc stream, when there are 50 of them.
//!
//! `cargo run --release -p broadsheet-ingest --example archive_queries -- DIR [QUERY...]`
//! (DIR: the folder `--shards` wrote; queries default to a typo, a phrase
//! with `the`, a common word and a rare one.)

use broadsheet_core::archive::Manifest;
use broadsheet_core::search::{FirstLookup, Lookup, Order, PartitionedIndex, SearchQuery};
use std::io::Read;
use std::path::Path;
use std::time::Instant;

/// The first results the page asks for (`use_archive_search.rs`).
const FIRST_RESULTS: usize = 50;

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("a gzip file");
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = Path::new(args.first().expect("usage: archive_queries DIR [QUERY...]"));
    let mut queries: Vec<String> = args[1..].to_vec();
    if queries.is_empty() {
        queries = [
            "goverment",
            "presidnet",
            "\"the president\"",
            "the president",
            "president",
            "heliosphere",
            "\"prime minister\"",
        ]
        .map(String::from)
        .to_vec();
    }
    let manifest = Manifest::parse(
        &std::fs::read_to_string(dir.join("articles.json")).expect("DIR/articles.json"),
    )
    .expect("a manifest");
    let (mut roots, mut stored) = (Vec::new(), 0);
    for segment in &manifest.segments {
        let root_ref = segment.index.as_ref().expect("an index");
        let root_path = dir.join(format!("index/{}.bin.gz", root_ref.hash));
        let root_stored = std::fs::read(&root_path).expect("the root");
        stored += root_stored.len();
        roots.push(gunzip(&root_stored));
    }
    let roots: Vec<&[u8]> = roots.iter().map(Vec::as_slice).collect();
    println!(
        "{} articles in {} segments; roots {} bytes stored ({} unzipped); {} parts",
        manifest.articles,
        roots.len(),
        stored,
        roots.iter().map(|r| r.len()).sum::<usize>(),
        PartitionedIndex::from_segments(&roots)
            .expect("roots")
            .part_count()
    );
    println!(
        "| query | hits | rounds | parts | bytes fetched (gzip) | largest part | engine (ms) | by kind (KB) | first results: hits, parts, bytes |"
    );
    println!("|---|--:|--:|--:|--:|--:|--:|---|---|");
    for text in &queries {
        let mut page = PartitionedIndex::from_segments(&roots).expect("roots");
        let query = SearchQuery::parse(text);
        let (mut rounds, mut parts, mut bytes, mut largest) = (0, 0, 0usize, 0usize);
        // Stored bytes per kind of part (the byte after "BSIP" and the
        // version: see `PartKind`).
        let mut by_kind = [0usize; 8];
        let mut engine = 0.0;
        let hits = loop {
            let t = Instant::now();
            let lookup = page.search(&query, Order::Newest);
            engine += t.elapsed().as_secs_f64() * 1000.0;
            match lookup {
                Lookup::Done(hits) => break hits.len(),
                Lookup::Need(need) => {
                    rounds += 1;
                    for p in need {
                        let path = dir.join(format!("index/{}.bin.gz", page.part_hash(p)));
                        let stored = std::fs::read(&path).expect("a part");
                        parts += 1;
                        bytes += stored.len();
                        largest = largest.max(stored.len());
                        let t = Instant::now();
                        let part = gunzip(&stored);
                        by_kind[usize::from(part[5]).min(7)] += stored.len();
                        page.add_part(p, &part).expect("a good part");
                        engine += t.elapsed().as_secs_f64() * 1000.0;
                    }
                }
            }
        };
        let kinds = [
            "doc",
            "tf",
            "positions",
            "dict",
            "lexicon",
            "prefix",
            "norms",
            "stems",
        ]
        .iter()
        .zip(by_kind)
        .filter(|(_, b)| *b > 0)
        .map(|(k, b)| format!("{k} {}", b / 1000))
        .collect::<Vec<_>>()
        .join(", ");
        // Newest first, as the page asks: the first results, when a common
        // word's newest articles come before the rest.
        let mut page = PartitionedIndex::from_segments(&roots).expect("roots");
        let (mut first_parts, mut first_bytes) = (0, 0usize);
        let first = loop {
            match page.search_first(&query, Order::Newest, FIRST_RESULTS) {
                FirstLookup::First { hits, .. } => break format!("{} newest", hits.len()),
                FirstLookup::Done(hits) => break format!("all {}", hits.len()),
                FirstLookup::Need(need) => {
                    for p in need {
                        let path = dir.join(format!("index/{}.bin.gz", page.part_hash(p)));
                        let stored = std::fs::read(&path).expect("a part");
                        first_parts += 1;
                        first_bytes += stored.len();
                        page.add_part(p, &gunzip(&stored)).expect("a good part");
                    }
                }
            }
        };
        println!(
            "| `{text}` | {hits} | {rounds} | {parts} | {bytes} | {largest} | {engine:.1} | {kinds} | {first}, {first_parts}, {first_bytes} |"
        );
    }
}
