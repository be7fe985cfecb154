//! Broadsheet's pure core: the article model, the seed-format parser, the
//! article-set (JSON) schema and the text search used by the viewer.
//!
//! Nothing here touches the web or the file system, so the same code runs in
//! the native ingest CLI, in native tests and in the browser (wasm).

pub mod archive;
pub mod article;
pub mod clusters;
pub mod content_hash;
pub mod date_text;
pub mod export;
pub mod files;
pub mod formats;
pub mod gunzip;
pub mod js_contract;
pub mod limits;
pub mod numbers;
pub mod published;
pub mod search;
pub mod seed;
pub mod set;
pub mod sort;
pub mod stored_article;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use article::{license_url, safe_link, Article, ArticleText};
pub use files::{
    load_file, load_named_file, Batch, FileLoad, FileProblem, Ignored, InputKind, Problem,
};
pub use published::{DateSource, Published, UtcOffset};
pub use search::{Highlights, Order, SearchIndex, SearchQuery, Snippet};
pub use seed::{parse_seed_bytes, parse_seed_text, SeedError, SeedErrorKind};
pub use set::{
    parse_article_records, ArticleSet, ArticleSetReader, LoadedArticles, SetError, SkippedRecord,
    SET_FORMAT, SET_VERSION,
};
pub use stored_article::{Provenance, ProvenanceTable, StoredArticle};
