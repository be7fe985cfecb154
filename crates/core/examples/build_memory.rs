//! Heap high-water marks of a set's load as the page does it: the file
//! streamed through `ArticleSetReader` in 64 KB chunks, each article pushed
//! into the `IndexBuilder` as it comes and kept in the library's compact
//! form (`Rc<StoredArticle>`, provenance shared), then the finish stepped
//! to the end. A counting allocator
//! reports the live heap at each stage and its peak (the wasm memory never
//! shrinks, so its size after the load is about this peak plus what the
//! allocator could not reuse).
//!
//! `cargo run --release -p broadsheet-core --example build_memory -- SET.json`

use broadsheet_core::search::IndexBuilder;
use broadsheet_core::set::ArticleSetReader;
use broadsheet_core::{ProvenanceTable, StoredArticle};
use std::alloc::{GlobalAlloc, Layout, System};
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(live, Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Counted as the allocator sees a move: both blocks for a moment.
        let live = LIVE.fetch_add(new_size, Relaxed) + new_size;
        PEAK.fetch_max(live, Relaxed);
        LIVE.fetch_sub(layout.size(), Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn mib(bytes: usize) -> String {
    format!("{:.1} MiB", bytes as f64 / (1 << 20) as f64)
}

fn report(stage: &str) {
    println!(
        "{stage:<32} live {:>10}   peak so far {:>10}",
        mib(LIVE.load(Relaxed)),
        mib(PEAK.load(Relaxed))
    );
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: build_memory SET.json");
    let file = std::fs::File::open(&path).expect("a readable set");
    let bytes = file.metadata().expect("its size").len();
    println!("{path}: {bytes} bytes");
    let mut reader = ArticleSetReader::new();
    let mut articles: Vec<Rc<StoredArticle>> = Vec::new();
    let mut provenance = ProvenanceTable::default();
    let mut builder = IndexBuilder::new(&[]);
    let mut chunk = vec![0u8; 64 << 10];
    let mut file = file;
    loop {
        use std::io::Read;
        let n = file.read(&mut chunk).expect("reading the set");
        if n == 0 {
            break;
        }
        reader.push(&chunk[..n]);
        for article in reader.take_articles() {
            builder.push(&article);
            articles.push(Rc::new(StoredArticle::new(article, &mut provenance)));
        }
    }
    drop(chunk);
    report("articles in, reader open");
    let rest = reader.finish().expect("a valid set");
    assert!(rest.articles.is_empty(), "a line-per-record set");
    drop(rest);
    report("articles in, pushed");
    let text: usize = articles.iter().map(|a| a.heap_bytes()).sum();
    println!(
        "  builder heap {}, articles {} (text {}, provenances {})",
        mib(builder.heap_bytes()),
        articles.len(),
        mib(text),
        provenance.len()
    );
    let mut finisher = builder.into_finisher();
    let index = loop {
        if let Some(index) = finisher.step() {
            break index;
        }
    };
    drop(finisher);
    report("index finished");
    println!("  terms {}", index.term_count());
    let peak = PEAK.load(Relaxed);
    let live = LIVE.load(Relaxed);
    for (part, bytes) in index.heap_bytes_by_part() {
        println!("  index {part:<12} {}", mib(bytes));
    }
    println!(
        "kept {} ({:.2}x the file), peak {} ({:.2}x), peak over kept {}",
        mib(live),
        live as f64 / bytes as f64,
        mib(peak),
        peak as f64 / bytes as f64,
        mib(peak - live)
    );
    drop(articles);
    drop(index);
}
