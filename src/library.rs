//! The loaded article set as the page holds it: articles newest first and
//! what was skipped while loading. The search index is built separately,
//! in slices between frames (see `use_search_index`), so cards show first.

use broadsheet_core::{parse_article_records, Article, LoadedArticles, SetError, SkippedRecord};
use std::rc::Rc;

#[derive(Debug, Default)]
pub struct Library {
    /// Newest first; shared with the cards so rendering never copies text.
    pub articles: Vec<Rc<Article>>,
    pub skipped: Vec<SkippedRecord>,
    pub identical_duplicates: usize,
}

impl Library {
    /// Builds a library from articles in any order.
    pub fn new(mut articles: Vec<Article>) -> Self {
        broadsheet_core::set::sort_newest_first(&mut articles);
        Library {
            articles: articles.into_iter().map(Rc::new).collect(),
            ..Default::default()
        }
    }

    /// Parses an article-set file; bad records are kept in `skipped`.
    pub fn from_json(json: &str) -> Result<Self, SetError> {
        Ok(Library::from_loaded(parse_article_records(json)?))
    }

    /// Sorts what a file gave.
    pub fn from_loaded(loaded: LoadedArticles) -> Self {
        Library {
            skipped: loaded.skipped,
            identical_duplicates: loaded.identical_duplicates,
            ..Library::new(loaded.articles)
        }
    }
}

/// A library is only ever equal to itself: props holding one compare in
/// O(1) instead of walking every article on each render.
impl PartialEq for Library {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}
