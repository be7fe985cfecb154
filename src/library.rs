//! The loaded article set as the page holds it: articles newest first, their
//! search index, and what was skipped while loading.

use broadsheet_core::{
    parse_article_records, Article, LoadedArticles, Order, SearchIndex, SearchQuery, SetError,
    SkippedRecord,
};
use std::rc::Rc;

#[derive(Debug, Default, PartialEq)]
pub struct Library {
    /// Newest first; shared with the cards so rendering never copies text.
    pub articles: Vec<Rc<Article>>,
    index: SearchIndex,
    pub skipped: Vec<SkippedRecord>,
    pub identical_duplicates: usize,
}

impl Library {
    /// Builds a library from articles in any order.
    pub fn new(mut articles: Vec<Article>) -> Self {
        broadsheet_core::set::sort_newest_first(&mut articles);
        let index = SearchIndex::new(&articles);
        Library {
            articles: articles.into_iter().map(Rc::new).collect(),
            index,
            ..Default::default()
        }
    }

    /// Parses an article-set file; bad records are kept in `skipped`.
    pub fn from_json(json: &str) -> Result<Self, SetError> {
        Ok(Library::from_loaded(parse_article_records(json)?))
    }

    /// Sorts and indexes what a file gave.
    pub fn from_loaded(loaded: LoadedArticles) -> Self {
        Library {
            skipped: loaded.skipped,
            identical_duplicates: loaded.identical_duplicates,
            ..Library::new(loaded.articles)
        }
    }

    /// Positions (into `articles`) of the articles matching `query`, in `order`.
    pub fn search(&self, query: &SearchQuery, order: Order) -> Vec<u32> {
        self.index.search_with(query, order)
    }
}
