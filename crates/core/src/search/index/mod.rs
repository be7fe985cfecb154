//! The inverted index: a sorted term dictionary, one compact postings
//! stream and one position stream for all terms, per-article field-length
//! norms, and bitsets for the heaviest one- and two-letter prefixes.
//!
//! `dictionary.rs` holds the sorted terms and their statistics,
//! `interning.rs` the hash table that gives each word its id while
//! building, `builder.rs` the build ([`IndexBuilder`]), `finisher.rs` and
//! `term_order.rs` and `suffix_order.rs` its end in bounded steps ([`IndexFinisher`]), and `assembly.rs`
//! the sub-index a partitioned index assembles per query.

mod assembly;
mod builder;
mod bytes;
mod dictionary;
mod finisher;
mod interning;
mod pages;
mod stems;
mod suffix_order;
mod term_order;

pub(crate) use assembly::SubTerm;
pub use builder::IndexBuilder;
pub use bytes::{IndexBytes, IndexBytesError, IndexReading};
pub(crate) use dictionary::{Dictionary, MAX_LEN_BUCKET};
pub use finisher::IndexFinisher;
pub(crate) use stems::{stem_hash, StemTable};

use super::field_norms::FieldNorms;
use super::postings::{Bitset, PositionCursor, PostingReader};
use crate::article::Article;
use crate::search::tokenize::Unspaced;
use pages::Pages;

/// An inverted index over a list of articles, which the caller keeps
/// (the index stores no text but its dictionary). Positions in results are
/// positions in that list.
#[derive(Clone, PartialEq)]
pub struct SearchIndex {
    pub(crate) docs: u32,
    pub(crate) dict: Dictionary,
    /// Every term's postings, back to back (see `postings.rs`), in pages.
    pub(crate) postings: Pages,
    /// Every term's positions, back to back, in pages.
    pub(crate) positions: Pages,
    /// Per article, the BM25 length normalisations of its fields (see
    /// `field_norms.rs`).
    pub(crate) norms: FieldNorms,
    /// For one- and two-letter prefixes whose words together have many
    /// more postings than there are articles: the articles with a word
    /// starting with that prefix (sorted by prefix).
    pub(crate) dense_prefixes: Vec<(String, Bitset)>,
    /// Which terms share a stem, per language of the articles.
    pub(crate) stems: StemTable,
    /// How its text written without spaces (Chinese, Thai, …) was cut.
    pub(crate) unspaced: Unspaced,
    /// Whether common words' pairs are terms of their own (an archive's
    /// index and the sub-indexes made from it): phrases are then matched
    /// from pairs (`word_pairs.rs`).
    pub(crate) word_pairs: bool,
}

impl SearchIndex {
    /// Indexes `articles` (expected newest first: `Order::Newest` is their
    /// order). Title, lead and body are indexed; source, id and URL are not.
    pub fn new(articles: &[Article]) -> Self {
        let mut builder = IndexBuilder::new(articles);
        for article in articles {
            builder.push(article);
        }
        builder.finish()
    }

    /// How the articles' text written without spaces (Chinese, Japanese,
    /// Thai, …) was cut into words: `Characters` when there was some and no
    /// word segmenter was installed (a page that loads one indexes again).
    pub fn unspaced(&self) -> Unspaced {
        self.unspaced
    }

    /// Number of indexed articles.
    pub fn len(&self) -> usize {
        self.docs as usize
    }

    /// True when no article is indexed.
    pub fn is_empty(&self) -> bool {
        self.docs == 0
    }

    /// Number of distinct normalised words (its vocabulary; common-word
    /// pairs, see `word_pairs.rs`, are not words).
    pub fn term_count(&self) -> usize {
        self.dict.len() - self.word_pair_count()
    }

    /// Number of distinct common-word pairs (0 unless built with them).
    pub fn word_pair_count(&self) -> usize {
        self.dict.word_pair_count()
    }

    /// Heap memory the index holds, in bytes (capacities of its buffers).
    pub fn heap_bytes(&self) -> usize {
        self.dict.heap_bytes()
            + self.postings.heap_bytes()
            + self.positions.heap_bytes()
            + self.norms.heap_bytes()
            + self
                .dense_prefixes
                .iter()
                .map(|(p, set)| set.heap_bytes() + p.capacity() + 48)
                .sum::<usize>()
            + self.stems.heap_bytes()
    }

    /// Heap bytes of the table of which terms share a stem (part of
    /// [`SearchIndex::heap_bytes`]).
    pub fn stem_bytes(&self) -> usize {
        self.stems.heap_bytes()
    }

    /// [`SearchIndex::heap_bytes`] by part: the dictionary (terms and their
    /// statistics), postings, positions, and the rest (field-length norms,
    /// prefix bitsets, stems).
    pub fn heap_bytes_by_part(&self) -> [(&'static str, usize); 4] {
        let dictionary = self.dict.heap_bytes();
        let postings = self.postings.heap_bytes();
        let positions = self.positions.heap_bytes();
        [
            ("dictionary", dictionary),
            ("postings", postings),
            ("positions", positions),
            (
                "other",
                self.heap_bytes() - dictionary - postings - positions,
            ),
        ]
    }

    pub(crate) fn postings(&self, t: u32) -> PostingReader<'_> {
        let range = self.dict.postings_range(t);
        PostingReader::new(self.postings.slice(range), self.dict.postings_count(t))
    }

    /// Term `t`'s entry in the positions stream.
    pub(crate) fn position_bytes(&self, t: u32) -> &[u8] {
        self.positions.slice(self.dict.positions_range(t))
    }

    pub(crate) fn position_cursor(&self, t: u32) -> PositionCursor<'_> {
        PositionCursor::new(self.postings(t), self.position_bytes(t))
    }
}

/// The index of no articles.
impl Default for SearchIndex {
    fn default() -> Self {
        SearchIndex::new(&[])
    }
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("articles", &self.docs)
            .field("terms", &self.dict.len())
            .field("heap_bytes", &self.heap_bytes())
            .finish()
    }
}
