//! Where a set's load goes, phase by phase (issue 14's "searchable"): the
//! streaming reader as the page drives it (32 KB pieces), then apart:
//! serde per record line, the duplicate rule, the words alone, the words
//! normalised, the index builder's pushes and its finish.
//! `ONLY_PUSH=1` (native): only the reader and the index, for `perf record`.
//!
//! Native: `cargo run --release -p broadsheet-core --example load_phases
//! SET.json [ROUNDS]` (CPU time per phase, fastest of ROUNDS, default 3).
//!
//! The same phases in V8's wasm, in node or in a page of headless Chromium:
//! see `bench/wasm-phases/README.md`.

#![cfg_attr(target_arch = "wasm32", no_main)]

use broadsheet_core::search::tokenize::{for_each_token, for_each_word};
use broadsheet_core::search::{IndexBuilder, SearchIndex};
use broadsheet_core::set::Dedup;
use broadsheet_core::{Article, ArticleSetReader};
use std::hint::black_box;

/// The phases' names, in the order `phases` times them.
const PHASES: [&str; 10] = [
    "reader (as the page: 32 KB pieces, take_articles)",
    "serde_json per record line",
    "duplicate rule (fingerprint, id map)",
    "words (for_each_word)",
    "words normalised (for_each_token)",
    "index pushes",
    "index finish",
    "reader, a first time",
    "index to bytes (a worker's hand-over)",
    "index from bytes",
];

/// Runs every phase once over `file`, timing each with `now` (ms).
fn phases(file: &[u8], now: &dyn Fn() -> f64) -> [f64; PHASES.len()] {
    let mut t = [0.0; PHASES.len()];
    let mut clock = now();
    let mut lap = |i: usize| {
        let n = now();
        t[i] = n - clock;
        clock = n;
    };

    // The reader on a fresh heap (which grows as it goes), then again on
    // the heap it grew: the second is the one compared with the others.
    black_box(read_streamed(file));
    lap(7);
    let articles = read_streamed(file);
    lap(0);

    // `ONLY_PUSH=1`: the reader and the index alone (for a profiler).
    let all = std::env::var_os("ONLY_PUSH").is_none();
    let text = std::str::from_utf8(file).expect("UTF-8");
    let mut parsed = 0;
    for line in text.lines().skip(1).filter(|_| all) {
        let line = line.strip_suffix(',').unwrap_or(line);
        if line.starts_with('{') {
            let a: Article = serde_json::from_str(line).expect("a record");
            parsed += black_box(a).body.len();
        }
    }
    black_box(parsed);
    lap(1);

    let mut dedup = Dedup::default();
    for (i, a) in articles.iter().enumerate().filter(|_| all) {
        black_box(dedup.check(a, i));
    }
    lap(2);

    let mut words = 0usize;
    for a in articles.iter().filter(|_| all) {
        for text in std::iter::once(a.title.as_str()).chain(a.paragraphs()) {
            for_each_word(text, |s, e| words += e - s);
        }
    }
    black_box(words);
    lap(3);

    let mut buf = String::new();
    let mut tokens = 0usize;
    for a in articles.iter().filter(|_| all) {
        for text in std::iter::once(a.title.as_str()).chain(a.paragraphs()) {
            for_each_token(text, &mut buf, |_, _, t| tokens += t.len());
        }
    }
    black_box(tokens);
    lap(4);

    let mut builder = IndexBuilder::new(&articles);
    for a in &articles {
        builder.push(a);
    }
    lap(5);

    let index = builder.finish();
    lap(6);

    let bytes = index.to_bytes();
    lap(8);
    black_box(SearchIndex::from_bytes(&bytes).expect("reads back"));
    lap(9);
    t
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: load_phases SET.json [ROUNDS]");
    let rounds: usize = args.next().map_or(3, |r| r.parse().expect("ROUNDS"));
    let file = std::fs::read(&path).expect("the set");
    println!("{path}: {} bytes", file.len());
    let mut best = [f64::INFINITY; PHASES.len()];
    for _ in 0..rounds {
        for (b, t) in best.iter_mut().zip(phases(&file, &cpu_ms)) {
            *b = b.min(t);
        }
    }
    print(&best);
}

#[cfg(not(target_arch = "wasm32"))]
fn print(best: &[f64]) {
    println!("fastest per phase (ms):");
    for (name, ms) in PHASES.iter().zip(best) {
        println!("{ms:9.1}  {name}");
    }
}

/// This thread's CPU time in ms (Linux), else the clock's: on a busy
/// machine it varies much less than the time on the clock.
#[cfg(not(target_arch = "wasm32"))]
fn cpu_ms() -> f64 {
    use std::sync::OnceLock;
    static START: OnceLock<std::time::Instant> = OnceLock::new();
    let clock = || {
        START
            .get_or_init(std::time::Instant::now)
            .elapsed()
            .as_secs_f64()
            * 1e3
    };
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or_else(clock, |ns| ns / 1e6)
}

#[cfg(target_arch = "wasm32")]
mod wasm {
    //! The exports `load_phases.mjs` calls: `alloc` a buffer for the set,
    //! then `run` over it, which writes each phase's ms into `times`.

    #[link(wasm_import_module = "env")]
    extern "C" {
        /// `performance.now()`.
        fn now() -> f64;
    }

    static mut TIMES: [f64; super::PHASES.len()] = [0.0; super::PHASES.len()];

    #[no_mangle]
    pub extern "C" fn alloc(len: usize) -> *mut u8 {
        Box::leak(vec![0u8; len].into_boxed_slice()).as_mut_ptr()
    }

    #[no_mangle]
    pub extern "C" fn phase_count() -> usize {
        super::PHASES.len()
    }

    /// # Safety
    /// `file` is `len` bytes from `alloc`.
    #[no_mangle]
    pub unsafe extern "C" fn run(file: *const u8, len: usize) -> *const f64 {
        let file = std::slice::from_raw_parts(file, len);
        let t = super::phases(file, &|| unsafe { now() });
        let times = &raw mut TIMES;
        (*times) = t;
        times.cast()
    }
}

/// The set read as the page reads it: 32 KB pieces through the streaming
/// reader, the articles taken as they complete.
fn read_streamed(file: &[u8]) -> Vec<Article> {
    let mut reader = ArticleSetReader::new();
    let mut articles: Vec<Article> = Vec::new();
    for piece in file.chunks(32 * 1024) {
        reader.push(piece);
        articles.extend(reader.take_articles());
    }
    articles.extend(reader.finish().expect("an article set").articles);
    articles
}
