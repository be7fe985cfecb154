//! How well crawled pages become articles, on real pages with known text:
//! the article-extraction benchmark's 181 news pages (Zyte's public
//! `article-extraction-benchmark`: `html/*.html.gz` and
//! `ground-truth.json`, which this repo does not ship).
//!
//!   cargo run --release -p broadsheet-core --features web-pages \
//!     --example extract_quality -- AEB_DIR
//!
//! Each page's text is scored against the benchmark's article body by
//! word tokens (lower case, runs of letters and digits, counted with
//! repeats): precision, recall, F1 per page, then their means. Three
//! readers, measured in the same run:
//! - `whole page`: every paragraph of the page's text (a reader with no
//!   extractor: the baseline);
//! - `main text`: the extractor alone (`readable_main_text`);
//! - `article`: what a WARC's page becomes (`web_page_article`: title and
//!   dateline lines dropped, and pages too short to be articles ignored,
//!   which on these pages, all articles, is a miss).

use broadsheet_core::formats::html_text::html_paragraphs;
use broadsheet_core::formats::warc::http::WebPage;
use broadsheet_core::formats::warc::main_text::readable_main_text;
use broadsheet_core::formats::warc::page::web_page_article;
use std::collections::HashMap;
use std::io::Read;
use std::time::Instant;

fn tokens(text: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for word in text
        .to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
    {
        *counts.entry(word.to_owned()).or_insert(0) += 1;
    }
    counts
}

/// Precision, recall and F1 of `found` against `truth` (all 0 when either
/// is empty).
fn score(found: &str, truth: &str) -> [f64; 3] {
    let (f, t) = (tokens(found), tokens(truth));
    let common: usize = f
        .iter()
        .map(|(w, n)| (*n).min(t.get(w).copied().unwrap_or(0)))
        .sum();
    let (nf, nt) = (f.values().sum::<usize>(), t.values().sum::<usize>());
    if common == 0 || nf == 0 || nt == 0 {
        return [0.0; 3];
    }
    let (p, r) = (common as f64 / nf as f64, common as f64 / nt as f64);
    [p, r, 2.0 * p * r / (p + r)]
}

#[derive(Default)]
struct Tally {
    sums: [f64; 3],
    good: usize,
    empty: usize,
    seconds: f64,
}

impl Tally {
    fn add(&mut self, found: &str, truth: &str, seconds: f64) {
        let s = score(found, truth);
        for (sum, x) in self.sums.iter_mut().zip(s) {
            *sum += x;
        }
        self.good += usize::from(s[2] >= 0.9);
        self.empty += usize::from(found.trim().is_empty());
        self.seconds += seconds;
    }
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("usage: extract_quality AEB_DIR (with html/ and ground-truth.json)");
    let truth: serde_json::Value = serde_json::from_slice(
        &std::fs::read(format!("{dir}/ground-truth.json")).expect("ground-truth.json"),
    )
    .expect("ground-truth.json is JSON");
    let truth = truth.as_object().expect("an object of pages");
    let names = ["whole page", "main text", "article"];
    let mut tallies: [Tally; 3] = Default::default();
    let mut pages = 0;
    let mut html_bytes = 0;
    let mut ignored = Vec::new();
    for (id, page) in truth {
        let body = page["articleBody"].as_str().unwrap_or_default();
        let url = page["url"].as_str().unwrap_or_default();
        let zipped = std::fs::read(format!("{dir}/html/{id}.html.gz")).expect("the page's html");
        let mut html = String::new();
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(&zipped[..])
            .read_to_end(&mut bytes)
            .expect("gzip");
        html.push_str(&String::from_utf8_lossy(&bytes));
        pages += 1;
        html_bytes += html.len();

        let t = Instant::now();
        let whole = html_paragraphs(&html).join("\n");
        tallies[0].add(&whole, body, t.elapsed().as_secs_f64());

        let t = Instant::now();
        let main = readable_main_text(&html, url)
            .map(|m| m.paragraphs.join("\n"))
            .unwrap_or_default();
        tallies[1].add(&main, body, t.elapsed().as_secs_f64());

        let t = Instant::now();
        let page = WebPage {
            html,
            content_language: None,
        };
        let captured = broadsheet_core::Published::parse_iso("2020-01-01T00:00:00Z").ok();
        let article = web_page_article(url, captured, &page, readable_main_text)
            .inspect_err(|why| ignored.push(format!("{url}: {why}")))
            .map(|a| {
                std::iter::once(a.lead.as_str())
                    .chain(a.body.iter().map(String::as_str))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .unwrap_or_default();
        tallies[2].add(&article, body, t.elapsed().as_secs_f64());
    }
    println!(
        "{pages} pages, {:.1} MB of HTML; mean over pages",
        html_bytes as f64 / 1e6
    );
    println!("| reader | F1 | precision | recall | pages F1 ≥ 0.9 | empty or ignored | ms/page |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for (name, t) in names.iter().zip(&tallies) {
        let n = pages as f64;
        println!(
            "| {name} | {:.3} | {:.3} | {:.3} | {} | {} | {:.1} |",
            t.sums[2] / n,
            t.sums[0] / n,
            t.sums[1] / n,
            t.good,
            t.empty,
            t.seconds * 1000.0 / n
        );
    }
    println!("\nArticle pages ignored ({}):", ignored.len());
    for line in ignored {
        println!("- {line}");
    }
}
