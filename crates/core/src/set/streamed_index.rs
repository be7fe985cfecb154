//! The search index of an article set as its bytes stream in, for a Web
//! Worker to build while the page shows the cards: the same reader, the
//! same duplicate rule and the same order as the page's library (arrival
//! order while the set is newest first, else sorted newest first), so the
//! index's article numbers are the library's positions. The page checks
//! that with [`ids_fingerprint`] before it takes the index over.

use super::{newest_first, ArticleSetReader};
use crate::article::Article;
use crate::search::{IndexBuilder, SearchIndex};
use std::cmp::Ordering;

/// Builds the index of a set pushed in pieces (see the module's text).
pub struct StreamedSetIndex {
    reader: ArticleSetReader,
    /// Every article so far (a worker's memory is freed with it).
    articles: Vec<Article>,
    /// Every article came after the one before it, newest first.
    in_order: bool,
    builder: IndexBuilder,
    ids: IdsFingerprint,
}

/// What [`StreamedSetIndex::finish`] gives: the index, and what the page
/// compares with its own library before using it.
pub struct IndexedSet {
    pub index: SearchIndex,
    pub articles: usize,
    pub ids_fingerprint: u64,
}

impl StreamedSetIndex {
    /// `limit`: the set's size limit, as the page's own reader has it.
    pub fn new(limit: usize) -> Self {
        StreamedSetIndex {
            reader: ArticleSetReader::with_limit(limit),
            articles: Vec::new(),
            in_order: true,
            builder: IndexBuilder::new(&[]),
            ids: IdsFingerprint::default(),
        }
    }

    /// The next bytes of the set.
    pub fn push(&mut self, chunk: &[u8]) {
        self.reader.push(chunk);
        for article in self.reader.take_articles() {
            self.take(article);
        }
    }

    fn take(&mut self, article: Article) {
        let after_last = self
            .articles
            .last()
            .is_none_or(|last| newest_first(last, &article) == Ordering::Less);
        self.in_order &= after_last;
        if self.in_order {
            self.builder.push(&article);
            self.ids.push(&article.id);
        }
        self.articles.push(article);
    }

    /// The set has ended: the index in the library's order, or why the set
    /// could not be read (the page's own reader says the same).
    pub fn finish(mut self) -> Result<IndexedSet, String> {
        let rest = std::mem::replace(&mut self.reader, ArticleSetReader::new())
            .finish()
            .map_err(|e| e.to_string())?;
        for article in rest.articles {
            self.take(article);
        }
        let articles = self.articles.len();
        if self.in_order {
            return Ok(IndexedSet {
                index: self.builder.finish(),
                articles,
                ids_fingerprint: self.ids.value(),
            });
        }
        let mut sorted = self.articles;
        crate::sort::sort_by(&mut sorted, newest_first);
        Ok(IndexedSet {
            index: SearchIndex::new(&sorted),
            articles,
            ids_fingerprint: ids_fingerprint(sorted.iter().map(|a| a.id.as_str())),
        })
    }
}

/// A fingerprint of a list of ids in order (FNV-1a over each id and a
/// separator): equal lists give equal values; a different order or a
/// different article almost surely does not.
pub fn ids_fingerprint<'a>(ids: impl IntoIterator<Item = &'a str>) -> u64 {
    let mut f = IdsFingerprint::default();
    for id in ids {
        f.push(id);
    }
    f.value()
}

struct IdsFingerprint(u64);

impl Default for IdsFingerprint {
    fn default() -> Self {
        IdsFingerprint(0xcbf2_9ce4_8422_2325)
    }
}

impl IdsFingerprint {
    fn push(&mut self, id: &str) {
        for &b in id.as_bytes().iter().chain(&[0xff]) {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn value(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{Order, SearchQuery};
    use crate::set::ArticleSet;

    fn article(i: usize, day: usize) -> Article {
        Article::builder(format!("n{i}"))
            .title(format!("storm {i} over the gulf"))
            .lead(format!("ceasefire talks, day {day}"))
            .published(&format!("2021-09-{:02}T10:{:02}:00", 1 + day % 28, i % 60))
            .build()
    }

    /// The set's file with `articles` in that order, pushed in pieces
    /// of `piece` bytes; the index and what the page's library would hold.
    fn streamed(articles: Vec<Article>, piece: usize) -> (IndexedSet, Vec<Article>) {
        // In the order given (`ArticleSet::new` would sort them).
        let json = ArticleSet {
            format: crate::set::SET_FORMAT.into(),
            version: crate::set::SET_VERSION,
            articles,
        }
        .to_json();
        let mut streamed = StreamedSetIndex::new(usize::MAX);
        for chunk in json.as_bytes().chunks(piece) {
            streamed.push(chunk);
        }
        let mut library = ArticleSetReader::new();
        library.push(json.as_bytes());
        let mut library = library.finish().unwrap().articles;
        crate::sort::sort_by(&mut library, newest_first);
        (streamed.finish().unwrap(), library)
    }

    fn assert_same_index(set: &IndexedSet, library: &[Article]) {
        assert_eq!(set.articles, library.len());
        assert_eq!(
            set.ids_fingerprint,
            ids_fingerprint(library.iter().map(|a| a.id.as_str()))
        );
        let expected = SearchIndex::new(library);
        for q in [
            "storm",
            "ceasefire \"over the\"",
            "gulf -talks",
            "stor",
            "day 3",
        ] {
            let q = SearchQuery::parse(q);
            for order in [Order::Newest, Order::Relevance] {
                assert_eq!(
                    set.index.search_with(&q, order),
                    expected.search_with(&q, order)
                );
            }
        }
    }

    #[test]
    fn a_newest_first_set_is_indexed_in_arrival_order() {
        let mut articles: Vec<Article> = (0..120).map(|i| article(i, 120 - i)).collect();
        // A duplicate: the reader's duplicate rule applies here as in the page.
        articles.insert(60, articles[59].clone());
        for piece in [1, 7, 4096] {
            let (set, library) = streamed(articles.clone(), piece);
            assert_same_index(&set, &library);
        }
    }

    #[test]
    fn a_set_in_another_order_is_indexed_in_the_library_order() {
        let articles: Vec<Article> = (0..120).map(|i| article(i, (i * 37) % 50)).collect();
        let (set, library) = streamed(articles, 333);
        assert_same_index(&set, &library);
    }

    #[test]
    fn the_fingerprint_tells_orders_and_ids_apart() {
        assert_eq!(ids_fingerprint(["a", "b"]), ids_fingerprint(["a", "b"]));
        assert_ne!(ids_fingerprint(["a", "b"]), ids_fingerprint(["b", "a"]));
        assert_ne!(ids_fingerprint(["ab"]), ids_fingerprint(["a", "b"]));
        assert_ne!(ids_fingerprint(["a"]), ids_fingerprint(["a", "a"]));
    }

    #[test]
    fn a_broken_set_is_an_error() {
        let mut streamed = StreamedSetIndex::new(usize::MAX);
        streamed.push(b"{\"format\": 12");
        assert!(streamed.finish().is_err());
    }
}
