//! Search engine benchmarks: index build and queries over the bundled
//! article set scaled to 10,000 and 50,000 articles, with the first naive
//! search (substring scan) as a baseline.
//!
//! `cargo bench -p broadsheet-core --bench search` first prints a summary
//! (build times, index size, per-query medians, ratios to the naive scan),
//! then runs criterion. `SEARCH_BENCH_SUMMARY_ONLY=1` skips criterion;
//! `SEARCH_BENCH_SIZES=10000` picks the sizes. `BENCH_SET=FILE.json` runs
//! on that article set instead (e.g. one from `bench/browser/gen-sets.mjs
//! --realistic`: copies of the bundled set flatter an index with their
//! 322-text vocabulary), and prints its bytes and vocabulary.
//! `SEARCH_BENCH_BUILD_ONLY=1` stops the summary after the build figures.

#[path = "../tests/support/bundled.rs"]
mod bundled;

use broadsheet_core::search::{IndexBuilder, Order, SearchIndex, SearchQuery};
use broadsheet_core::Article;
use criterion::{black_box, BenchmarkId, Criterion};
use std::time::{Duration, Instant};

/// The fixed query list: single words, AND pairs, prefixes, a rare word,
/// very common words, typos, phrases, exclusions.
const QUERIES: &[&str] = &[
    // single words (trailing space: whole words, as after typing a space)
    "president ",
    "moon ",
    "climate ",
    "government ",
    "china ",
    "police ",
    "earthquake ",
    // very common words
    "the ",
    "said ",
    // rare words
    "dimorphos ",
    "zebra ",
    // AND pairs / triples
    "moon landing ",
    "space nasa ",
    "united states ",
    "iran nuclear ",
    "the president said ",
    // prefixes while typing (no trailing space)
    "t",
    "s",
    "th",
    "gov",
    "pres",
    "space explor",
    "elect",
    // typos
    "goverment ",
    "presdent ",
    "climat ",
    "earthqauke ",
    "administraton ",
    // phrases
    "\"prime minister\"",
    "\"united states\"",
    "\"the white house\"",
    "\"of the\"",
    // exclusions
    "space -moon",
    "-the",
    // no match, other script
    "تهران",
    "xyzzyq ",
];

/// The first search, copied from the old `search.rs`: every lower-cased
/// query word must be a substring of the article's lower-cased text.
struct Naive {
    texts: Vec<String>,
}

impl Naive {
    fn new(articles: &[Article]) -> Self {
        let texts = articles
            .iter()
            .map(|a| {
                let mut text = a.title.to_lowercase();
                for p in a.paragraphs() {
                    text.push('\n');
                    text.push_str(&p.to_lowercase());
                }
                text
            })
            .collect();
        Naive { texts }
    }

    fn search(&self, query: &str) -> Vec<usize> {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        self.texts
            .iter()
            .enumerate()
            .filter(|(_, text)| words.iter().all(|w| text.contains(w.as_str())))
            .map(|(i, _)| i)
            .collect()
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn percentile(mut v: Vec<Duration>, p: f64) -> Duration {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i]
}

/// Median time of `f`, run at least 5 and at most 201 times, or for about
/// `budget`.
fn time_median<T>(budget: Duration, mut f: impl FnMut() -> T) -> Duration {
    let mut times = Vec::new();
    let start = Instant::now();
    while times.len() < 5 || (times.len() < 201 && start.elapsed() < budget) {
        let t = Instant::now();
        black_box(f());
        times.push(t.elapsed());
    }
    median(times)
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1e3)
}

/// The CPU time this thread has had (Linux; `None` elsewhere): on a busy
/// machine it varies much less than the time on the clock.
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// Runs `f`, returning its result and the CPU time it took (else the time
/// on the clock).
fn cpu_timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let (cpu, clock) = (thread_cpu(), Instant::now());
    let out = f();
    let took = match (cpu, thread_cpu()) {
        (Some(a), Some(b)) => b - a,
        _ => clock.elapsed(),
    };
    (out, took)
}

/// One build in two phases, timed (CPU time where the system tells it).
struct BuildPhases {
    push: Duration,
    finish: Duration,
    /// The finisher's steps, each timed on the clock.
    steps: Vec<Duration>,
    /// The builder's heap once every article is pushed.
    builder_bytes: usize,
}

/// Pushes every article into a builder, then finishes it step by step.
fn build_phases(articles: &[Article]) -> BuildPhases {
    let (builder, push) = cpu_timed(|| {
        let mut builder = IndexBuilder::new(articles);
        for article in articles {
            builder.push(article);
        }
        builder
    });
    let builder_bytes = builder.heap_bytes();
    let mut finisher = builder.into_finisher();
    let mut steps = Vec::new();
    let (_, finish) = cpu_timed(|| loop {
        let clock = Instant::now();
        let done = finisher.step();
        steps.push(clock.elapsed());
        if let Some(index) = done {
            break black_box(index);
        }
    });
    BuildPhases {
        push,
        finish,
        steps,
        builder_bytes,
    }
}

fn summary(sets: &[BenchSet]) {
    println!("# search bench summary");
    for set in sets {
        let articles = &set.articles;
        let n = articles.len();
        let words: usize = articles
            .iter()
            .map(|a| {
                a.title.split_whitespace().count()
                    + a.paragraphs()
                        .map(|p| p.split_whitespace().count())
                        .sum::<usize>()
            })
            .sum();
        let text_bytes: usize = articles
            .iter()
            .map(|a| a.title.len() + a.paragraphs().map(str::len).sum::<usize>())
            .sum();
        let build = time_median(Duration::from_secs(3), || SearchIndex::new(articles));
        let phases: Vec<BuildPhases> = (0..5).map(|_| build_phases(articles)).collect();
        let index = SearchIndex::new(articles);
        let naive_build = time_median(Duration::from_secs(2), || Naive::new(articles));
        let naive = Naive::new(articles);
        println!(
            "\n## {} ({n} articles, {words} words, {:.1} MB of text, vocabulary {})\n",
            set.name,
            text_bytes as f64 / 1e6,
            index.term_count()
        );
        if let Some(bytes) = set.file_bytes {
            println!("set file: {bytes} bytes");
        }
        println!(
            "build: median {} ms ({:.0} MB/s of text); naive fold: {} ms",
            ms(build),
            text_bytes as f64 / build.as_secs_f64() / 1e6,
            ms(naive_build)
        );
        let steps: Vec<Duration> = phases.iter().flat_map(|p| p.steps.clone()).collect();
        println!(
            "build phases (CPU time): push median {} ms, finish median {} ms; \
             builder heap before finishing {:.1} MiB",
            ms(median(phases.iter().map(|p| p.push).collect())),
            ms(median(phases.iter().map(|p| p.finish).collect())),
            phases[0].builder_bytes as f64 / 1048576.0
        );
        println!(
            "finish steps: {} per build, on the clock median {} ms, p99 {} ms, max {} ms \
             (a busy machine preempts some)",
            phases[0].steps.len(),
            ms(median(steps.clone())),
            ms(percentile(steps.clone(), 0.99)),
            ms(percentile(steps, 1.0))
        );
        println!(
            "index: {} terms, heap {:.1} MiB ({:.2} bytes per word of text)",
            index.term_count(),
            index.heap_bytes() as f64 / 1048576.0,
            index.heap_bytes() as f64 / words as f64
        );
        let parts: Vec<String> = index
            .heap_bytes_by_part()
            .iter()
            .map(|(name, bytes)| format!("{name} {:.1} MiB", *bytes as f64 / 1048576.0))
            .collect();
        println!("index parts: {}", parts.join(", "));
        if std::env::var_os("SEARCH_BENCH_BUILD_ONLY").is_some() {
            continue;
        }
        println!("\n| query | hits | newest (ms) | relevance (ms) | naive (ms) | naive / newest |");
        println!("|---|---|---|---|---|---|");
        let mut newest_all = Vec::new();
        let mut relevance_all = Vec::new();
        let mut naive_all = Vec::new();
        for &text in QUERIES {
            let q = SearchQuery::parse(text);
            let hits = index.search_with(&q, Order::Newest).len();
            let newest = time_median(Duration::from_millis(300), || {
                index.search_with(&SearchQuery::parse(text), Order::Newest)
            });
            let relevance = time_median(Duration::from_millis(300), || {
                index.search_with(&SearchQuery::parse(text), Order::Relevance)
            });
            let naive_t = time_median(Duration::from_millis(300), || naive.search(text));
            println!(
                "| `{}` | {hits} | {} | {} | {} | {:.0}x |",
                text.replace('|', "\\|"),
                ms(newest),
                ms(relevance),
                ms(naive_t),
                naive_t.as_secs_f64() / newest.as_secs_f64()
            );
            newest_all.push(newest);
            relevance_all.push(relevance);
            naive_all.push(naive_t);
        }
        println!(
            "\nover the {} queries: newest median {} ms, p95 {} ms, max {} ms; \
             relevance median {} ms, p95 {} ms, max {} ms; naive median {} ms, p95 {} ms",
            QUERIES.len(),
            ms(median(newest_all.clone())),
            ms(percentile(newest_all.clone(), 0.95)),
            ms(percentile(newest_all, 1.0)),
            ms(median(relevance_all.clone())),
            ms(percentile(relevance_all.clone(), 0.95)),
            ms(percentile(relevance_all, 1.0)),
            ms(median(naive_all.clone())),
            ms(percentile(naive_all, 0.95)),
        );
        // Highlights for 20 visible cards.
        let q = SearchQuery::parse("president said ");
        let hits = index.search_with(&q, Order::Newest);
        let visible: Vec<&Article> = hits
            .iter()
            .take(20)
            .map(|&i| &articles[i as usize])
            .collect();
        let hl = time_median(Duration::from_millis(300), || {
            visible.iter().map(|a| q.highlight(a)).collect::<Vec<_>>()
        });
        println!(
            "highlights for {} cards: {} ms ({} ms per article)",
            visible.len(),
            ms(hl),
            ms(hl / visible.len().max(1) as u32)
        );
    }
}

fn criterion_benches(sets: &[BenchSet]) {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .sample_size(20)
        .configure_from_args();
    for set in sets {
        let articles = &set.articles;
        let n = articles.len();
        let mut group = c.benchmark_group(format!("build/{n}"));
        group.sample_size(10);
        group.measurement_time(Duration::from_secs(if n > 20_000 { 8 } else { 3 }));
        group.bench_function("index", |b| {
            b.iter(|| SearchIndex::new(black_box(articles)))
        });
        group.finish();

        let index = SearchIndex::new(articles);
        let mut group = c.benchmark_group(format!("query/{n}"));
        for &text in QUERIES {
            group.bench_with_input(BenchmarkId::new("newest", text), &text, |b, text| {
                b.iter(|| index.search_with(&SearchQuery::parse(text), Order::Newest))
            });
        }
        for &text in ["president ", "gov", "goverment ", "\"prime minister\"", "t"].iter() {
            group.bench_with_input(BenchmarkId::new("relevance", text), &text, |b, text| {
                b.iter(|| index.search_with(&SearchQuery::parse(text), Order::Relevance))
            });
        }
        group.finish();
    }
    c.final_summary();
}

/// One article set the bench runs on.
struct BenchSet {
    name: String,
    articles: Vec<Article>,
    /// The size of the set's file, when read from one.
    file_bytes: Option<usize>,
}

/// The sets to run on: the file `BENCH_SET` names, else the bundled set
/// scaled to `SEARCH_BENCH_SIZES` (10,000 and 50,000 by default).
fn bench_sets() -> Vec<BenchSet> {
    if let Some(path) = std::env::var_os("BENCH_SET") {
        let json = std::fs::read_to_string(&path).expect("BENCH_SET names a readable file");
        let articles = broadsheet_core::parse_article_records(&json)
            .expect("BENCH_SET is an article set")
            .articles;
        return vec![BenchSet {
            name: path.to_string_lossy().into_owned(),
            articles,
            file_bytes: Some(json.len()),
        }];
    }
    let base = bundled::load_bundled();
    std::env::var("SEARCH_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 50_000])
        .into_iter()
        .map(|n| BenchSet {
            name: format!("bundled set scaled to {n}"),
            articles: bundled::scaled(&base, n),
            file_bytes: None,
        })
        .collect()
}

fn main() {
    // `cargo test --benches` runs this with `--bench` absent: keep it quick.
    let is_bench = std::env::args().any(|a| a == "--bench");
    if !is_bench {
        let base = bundled::load_bundled();
        let small = bundled::scaled(&base, base.len());
        let index = SearchIndex::new(&small);
        for &text in QUERIES {
            black_box(index.search_with(&SearchQuery::parse(text), Order::Relevance));
        }
        return;
    }
    let sets = bench_sets();
    summary(&sets);
    if std::env::var_os("SEARCH_BENCH_SUMMARY_ONLY").is_none() {
        criterion_benches(&sets);
    }
}
