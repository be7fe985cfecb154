//! Custom hooks.

mod use_article_set;

pub use use_article_set::{use_article_set, LoadFailure, LoadState};
