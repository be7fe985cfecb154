//! What the set-measuring examples share: their arguments and the set.

use broadsheet_core::Article;

/// `SET.json [RUNS]` from the command line (`usage` names the example):
/// the set's articles newest first, its size in bytes, and RUNS (3).
pub fn set_and_runs(usage: &str) -> (Vec<Article>, usize, usize) {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args.first().unwrap_or_else(|| panic!("usage: {usage}"));
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(3);
    let text = std::fs::read_to_string(path).expect("the set");
    let mut articles = broadsheet_core::parse_article_records(&text)
        .expect("a set")
        .articles;
    articles.sort_by_key(|a| std::cmp::Reverse(a.published));
    (articles, text.len(), runs)
}
