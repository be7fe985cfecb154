//! The article set: the JSON file the viewer loads (`static/articles.json`).
//!
//! ```json
//! {"format":"broadsheet-article-set","version":3,"articles":[
//! {"id":"75422","title":"…","published":"2021-09-13T23:03:39","lead":"…","body":["…"],"source":"NOURNEWS"},
//! {"id":"f-1","title":"…","published":"2021-09-13T23:03:39+04:30","published_from":"feed","lead":"…","authors":["…"],"image":"https://…"}
//! ]}
//! ```
//!
//! Version 2 added dates with a UTC offset and the optional fields
//! `published_from`, `authors` and `image`; version 3 added `cluster`, the
//! id of the earliest article of an article's story when the set holds
//! copies of its text (`"cluster":"75422"` on each of them; see
//! [`crate::clusters`]). Each version only adds, so an older file reads as
//! it always did; a version above 3 is refused.
//!
//! Loading is per record: one bad record is skipped and reported with its
//! position and reason, and every good record is kept. A bare JSON array of
//! articles (the shape of the corpora in `data/`) is accepted too.
//!
//! Where each part lives: the schema and canonical output here; loading a
//! whole file with located skips in `load`; one record into an article in
//! `record`; the duplicate rule in `dedup`; what a broken file still gives
//! in `salvage`; the streaming reader in `reader`.

mod dedup;
mod load;
mod reader;
mod record;
mod salvage;
mod streamed_index;

pub use dedup::{Dedup, DedupVerdict};
pub use load::{oversized_record, parse_article_records, LoadedArticles, SetError, SkippedRecord};
pub use reader::{
    is_json_lines_start, is_line_per_record_header, is_read_by_line, ArticleSetReader,
};
pub(crate) use record::accept_article;
pub use record::HandedRecords;
pub use streamed_index::{ids_fingerprint, IndexedSet, StreamedSetIndex};

use crate::article::{Article, ArticleText};
use serde::{Deserialize, Serialize};

/// The `format` value that marks a Broadsheet article set.
pub const SET_FORMAT: &str = "broadsheet-article-set";
/// The schema version this build writes; it reads this and every earlier
/// one (each version only adds to the last).
pub const SET_VERSION: u32 = 3;

/// A whole article set, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleSet {
    pub format: String,
    pub version: u32,
    pub articles: Vec<Article>,
}

impl ArticleSet {
    /// A set of `articles` in the canonical order: newest first, then by id.
    pub fn new(mut articles: Vec<Article>) -> Self {
        sort_newest_first(&mut articles);
        ArticleSet {
            format: SET_FORMAT.into(),
            version: SET_VERSION,
            articles,
        }
    }

    /// The file's bytes: compact JSON with one article per line, so equal
    /// sets give equal bytes and diffs between versions stay readable.
    pub fn to_json(&self) -> String {
        let mut out = format!(
            "{{\"format\":{},\"version\":{},\"articles\":[",
            serde_json::to_string(&self.format).expect("a string serialises"),
            self.version
        );
        for (i, article) in self.articles.iter().enumerate() {
            out.push_str(if i == 0 { "\n" } else { ",\n" });
            out.push_str(&serde_json::to_string(article).expect("an article serialises"));
        }
        out.push_str("\n]}\n");
        out
    }
}

/// Newest first; equal dates by id so the order never depends on input order.
pub fn sort_newest_first(articles: &mut [Article]) {
    crate::sort::sort_by(articles, newest_first);
}

/// The order of [`sort_newest_first`]: `Less` when `a` comes before `b`.
pub fn newest_first(a: &Article, b: &Article) -> std::cmp::Ordering {
    newest_first_of(a, b)
}

/// [`newest_first`] for articles in any form (parsed or stored).
pub fn newest_first_of(a: &impl ArticleText, b: &impl ArticleText) -> std::cmp::Ordering {
    b.published()
        .cmp(&a.published())
        .then_with(|| a.id().cmp(b.id()))
}
