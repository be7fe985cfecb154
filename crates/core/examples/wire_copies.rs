//! How well wire copies are grouped, and what grouping costs.
//!
//! Quality: the bundled set (`static/articles.json`, real Wikinews and VOA
//! articles and the seed) with copies of some of its articles made as
//! agencies' clients edit them (a new title, a dateline, words changed,
//! sentences cut or added, paragraphs trimmed or joined), at three
//! strengths; the truth is known, so pairwise precision and recall are
//! printed per threshold, and what the bundled set alone groups.
//!
//!   cargo run --release -p broadsheet-core --example wire_copies
//!
//! Cost: signatures and grouping of the articles in SET files (read a
//! record at a time, only signatures kept), time and peak memory:
//!
//!   cargo run --release -p broadsheet-core --example wire_copies -- \
//!       --scale --articles 1000000 /tmp/b10m/sets/part-000.json /tmp/b10m/sets/part-001.json
use broadsheet_core::clusters::{
    group_copies_at, text_signature, Clusters, TextSignature, SIMILARITY,
};
use broadsheet_core::{Article, ArticleSetReader};
use std::collections::HashMap;
use std::io::Read;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--scale") {
        scale(&args[1..]);
    } else {
        quality(args.first().map_or("static/articles.json", String::as_str));
    }
}

/// A small deterministic generator (xorshift64*), so the copies are the
/// same on every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// How hard a client outlet edits: share of words changed, share of the
/// text cut from the end, chance of a sentence added from elsewhere.
#[derive(Clone, Copy)]
struct Edit {
    name: &'static str,
    words_changed: f64,
    cut_at_most: f64,
    sentences_added: usize,
}

const EDITS: [Edit; 3] = [
    Edit {
        name: "light",
        words_changed: 0.02,
        cut_at_most: 0.1,
        sentences_added: 0,
    },
    Edit {
        name: "medium",
        words_changed: 0.05,
        cut_at_most: 0.25,
        sentences_added: 1,
    },
    Edit {
        name: "heavy",
        words_changed: 0.10,
        cut_at_most: 0.4,
        sentences_added: 2,
    },
];

fn copy_of(original: &Article, n: usize, edit: Edit, rng: &mut Rng, pool: &[&str]) -> Article {
    let mut words: Vec<String> = original
        .paragraphs()
        .flat_map(|p| {
            p.split_whitespace()
                .map(str::to_owned)
                .chain([String::from("\n")])
        })
        .collect();
    // Trim the end (outlets cut wire copy from the bottom).
    let keep = words.len()
        - (words.len() as f64 * edit.cut_at_most * rng.below(101) as f64 / 100.0) as usize;
    words.truncate(keep.max(1));
    for w in words.iter_mut() {
        if w != "\n" && rng.chance(edit.words_changed) {
            *w = pool[rng.below(pool.len())]
                .split_whitespace()
                .next()
                .unwrap_or("the")
                .to_owned();
        }
    }
    for _ in 0..edit.sentences_added {
        let sentence = pool[rng.below(pool.len())];
        let at = rng.below(words.len());
        words.splice(at..at, sentence.split_whitespace().map(str::to_owned));
    }
    let text = words.join(" ");
    let mut paragraphs: Vec<String> = text
        .split('\n')
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect();
    if paragraphs.len() > 2 && rng.chance(0.5) {
        // Two paragraphs run together.
        let second = paragraphs.remove(1);
        paragraphs[0] = format!("{} {second}", paragraphs[0]);
    }
    if let Some(first) = paragraphs.first_mut() {
        *first = format!("CITY {n} (Outlet {n}) - {first}");
    }
    let mut copy = original.clone();
    copy.id = format!("{}~{}-{n}", original.id, edit.name);
    copy.title = format!("Rewritten headline {n}: {}", original.title);
    copy.source = format!("Outlet {n}");
    copy.lead = paragraphs.first().cloned().unwrap_or_default();
    copy.body = paragraphs.into_iter().skip(1).collect();
    copy
}

fn quality(path: &str) {
    let text = std::fs::read_to_string(path).expect("the bundled set");
    let originals = broadsheet_core::parse_article_records(&text)
        .expect("a set")
        .articles;
    let sentences: Vec<&str> = originals
        .iter()
        .flat_map(|a| a.body.iter().flat_map(|p| p.split(". ")))
        .filter(|s| s.len() > 40)
        .collect();
    let bundled_sigs: Vec<Option<TextSignature>> = originals.iter().map(text_signature).collect();
    let found = Clusters::of(&originals);
    println!(
        "bundled set: {} articles, {} bytes; {} too short to group; at {SIMILARITY}: {} clusters of {} articles",
        originals.len(),
        text.len(),
        bundled_sigs.iter().filter(|s| s.is_none()).count(),
        found.count(),
        found.grouped()
    );
    // How alike distinct real articles get: the margin under the threshold.
    let mut closest = (0.0f64, 0, 0);
    for i in 0..bundled_sigs.len() {
        for j in i + 1..bundled_sigs.len() {
            if let (Some(a), Some(b)) = (&bundled_sigs[i], &bundled_sigs[j]) {
                let s = a.similarity(b);
                if s > closest.0 {
                    closest = (s, i, j);
                }
            }
        }
    }
    let mut alike: Vec<f64> = Vec::new();
    for i in 0..bundled_sigs.len() {
        for j in i + 1..bundled_sigs.len() {
            if let (Some(a), Some(b)) = (&bundled_sigs[i], &bundled_sigs[j]) {
                alike.push(a.similarity(b));
            }
        }
    }
    alike.sort_by(f64::total_cmp);
    println!(
        "  distinct articles' similarity: 99.9th percentile {:.3}, highest {:.3} ({:?} and {:?})",
        alike[alike.len() * 999 / 1000],
        closest.0,
        originals[closest.1].title,
        originals[closest.2].title
    );
    for (i, a) in originals.iter().enumerate() {
        if let Some(f) = found.first(i).filter(|&f| f != i) {
            println!(
                "  {} ~ {}: {:?} ~ {:?}",
                a.id, originals[f].id, a.title, originals[f].title
            );
        }
    }
    let mut rng = Rng(0x5eed_2026);
    for edit in EDITS {
        // One original in three gets 1 to 20 copies.
        let mut articles = originals.clone();
        let mut truth: Vec<usize> = (0..originals.len()).collect();
        for (i, original) in originals.iter().enumerate() {
            if i % 3 != 0 {
                continue;
            }
            for n in 0..1 + rng.below(20) {
                articles.push(copy_of(original, n, edit, &mut rng, &sentences));
                truth.push(i);
            }
        }
        let signatures: Vec<Option<TextSignature>> = articles.iter().map(text_signature).collect();
        println!(
            "\n{} edits ({}% of words changed, up to {}% cut, {} sentences added): {} articles, {} copies",
            edit.name,
            edit.words_changed * 100.0,
            edit.cut_at_most * 100.0,
            edit.sentences_added,
            articles.len(),
            articles.len() - originals.len()
        );
        println!("| threshold | precision | recall | stories found whole |");
        println!("|--:|--:|--:|--:|");
        for threshold in [0.3, 0.4, 0.5, 0.6, 0.7, 0.8] {
            let roots = group_copies_at(&signatures, threshold);
            let (p, r, whole) = pairwise(&roots, &truth);
            let mark = if threshold == SIMILARITY {
                " (used)"
            } else {
                ""
            };
            println!("| {threshold}{mark} | {p:.4} | {r:.4} | {whole} |");
        }
    }
}

/// Pairwise precision and recall of `roots` against `truth`, and how many
/// true stories of two or more were found exactly.
fn pairwise(roots: &[u32], truth: &[usize]) -> (f64, f64, String) {
    let mut by_pair: HashMap<(u32, usize), u64> = HashMap::new();
    let mut by_root: HashMap<u32, u64> = HashMap::new();
    let mut by_truth: HashMap<usize, u64> = HashMap::new();
    for (&r, &t) in roots.iter().zip(truth) {
        *by_pair.entry((r, t)).or_default() += 1;
        *by_root.entry(r).or_default() += 1;
        *by_truth.entry(t).or_default() += 1;
    }
    let pairs = |n: u64| n * n.saturating_sub(1) / 2;
    let together: u64 = by_pair.values().map(|&n| pairs(n)).sum();
    let found: u64 = by_root.values().map(|&n| pairs(n)).sum();
    let real: u64 = by_truth.values().map(|&n| pairs(n)).sum();
    let stories = by_truth.values().filter(|&&n| n > 1).count();
    let whole = by_pair
        .iter()
        .filter(|&(&(r, t), &n)| n > 1 && by_root[&r] == n && by_truth[&t] == n)
        .count();
    (
        together as f64 / found.max(1) as f64,
        together as f64 / real.max(1) as f64,
        format!("{whole} of {stories}"),
    )
}

fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn scale(args: &[String]) {
    let mut limit = usize::MAX;
    let mut paths = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--articles" {
            limit = it
                .next()
                .and_then(|v| v.replace('_', "").parse().ok())
                .expect("--articles N");
        } else {
            paths.push(a.clone());
        }
    }
    let before = peak_rss_kb();
    let mut signatures: Vec<Option<TextSignature>> = Vec::new();
    let mut dates = Vec::new();
    let mut bytes = 0usize;
    let mut signing = std::time::Duration::ZERO;
    'files: for path in &paths {
        let mut file = std::fs::File::open(path).expect("a set file");
        let mut reader = ArticleSetReader::with_limits(usize::MAX, 1 << 24);
        let mut chunk = vec![0u8; 1 << 20];
        loop {
            let n = file.read(&mut chunk).expect("read");
            if n == 0 {
                break;
            }
            bytes += n;
            reader.push(&chunk[..n]);
            let started = Instant::now();
            for article in reader.take_articles() {
                signatures.push(text_signature(&article));
                dates.push((article.published, article.id));
                if signatures.len() >= limit {
                    signing += started.elapsed();
                    break 'files;
                }
            }
            signing += started.elapsed();
        }
    }
    let read_rss = peak_rss_kb();
    let started = Instant::now();
    let roots = group_copies_at(&signatures, SIMILARITY);
    let clusters = Clusters::from_roots(&roots, |a, b| dates[a] < dates[b]);
    let grouping = started.elapsed();
    let mut sizes: HashMap<usize, usize> = HashMap::new();
    for i in 0..clusters.len() {
        if let Some(f) = clusters.first(i) {
            *sizes.entry(f).or_default() += 1;
        }
    }
    let largest = sizes.values().max().copied().unwrap_or(0);
    println!(
        "{} articles ({} bytes read): signatures {:.1} s ({:.1} µs an article), grouping {:.1} s; {} clusters of {} articles, the largest {}",
        signatures.len(),
        bytes,
        signing.as_secs_f64(),
        signing.as_secs_f64() * 1e6 / signatures.len().max(1) as f64,
        grouping.as_secs_f64(),
        clusters.count(),
        clusters.grouped(),
        largest
    );
    println!(
        "peak RSS: {} KB at start, {} KB with the signatures, {} KB after grouping (signatures {} KB)",
        before,
        read_rss,
        peak_rss_kb(),
        signatures.len() * std::mem::size_of::<Option<TextSignature>>() / 1024
    );
}
