//! What a cold query costs in a sharded archive, natively: the root, then
//! per query (each from nothing loaded, as a fresh page) the index parts
//! it needs, round by round, with their stored (gzip) bytes, as the page
//! fetches them; and the time the engine takes with the parts at hand.
//! Answers the questions issue 17 asks of a growing vocabulary: does a
//! typo query, or a phrase with a very common word, fetch more as the
//! vocabulary grows?
//!
//! `cargo run --release -p broadsheet-ingest --example archive_queries -- DIR [QUERY...]`
//! (DIR: the folder `--shards` wrote; queries default to a typo, a phrase
//! with `the`, a common word and a rare one.)

use broadsheet_core::archive::Manifest;
use broadsheet_core::search::{Lookup, Order, PartitionedIndex, SearchQuery};
use std::io::Read;
use std::path::Path;
use std::time::Instant;

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
        "| query | hits | rounds | parts | bytes fetched (gzip) | largest part | engine (ms) | by kind (KB) |"
    );
    println!("|---|--:|--:|--:|--:|--:|--:|---|");
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
        println!(
            "| `{text}` | {hits} | {rounds} | {parts} | {bytes} | {largest} | {engine:.1} | {kinds} |"
        );
    }
}
