//! The bundled article set, and larger sets made of copies of it, for the
//! core's tests, benchmarks and examples (each includes this file with
//! `#[path = …] mod bundled;`).

use broadsheet_core::{Article, Published};

/// `static/articles.json`, as the file orders it (newest first).
pub fn load_bundled() -> Vec<Article> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../static/articles.json");
    let json = std::fs::read_to_string(path).expect("static/articles.json");
    broadsheet_core::parse_article_records(&json)
        .expect("article set")
        .articles
}

/// `n` articles: copies of `base` with new ids (`<id>-copy<k>`) and dates
/// shifted back by three days per copy, sorted newest first.
pub fn scaled(base: &[Article], n: usize) -> Vec<Article> {
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let copy = i / base.len();
        let mut a = base[i % base.len()].clone();
        a.id = format!("{}-copy{copy}", a.id);
        let shift = chrono::Duration::days(3 * copy as i64);
        a.published = match a.published {
            Published::DateTime(dt) => Published::DateTime(dt - shift),
            Published::Date(d) => Published::Date(d - shift),
            Published::Zoned(dt, offset) => Published::Zoned(dt - shift, offset),
        };
        out.push(a);
    }
    broadsheet_core::set::sort_newest_first(&mut out);
    out
}
