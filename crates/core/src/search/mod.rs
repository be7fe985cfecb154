//! Full-text search over the loaded articles: an inverted index with
//! Unicode tokenisation and normalisation, a small query language, BM25F
//! ranking, typo tolerance and highlights.
//!
//! # Use from the viewer
//!
//! ```
//! use broadsheet_core::search::{Order, SearchIndex, SearchQuery};
//! # use broadsheet_core::{Article, Published};
//! # fn article(id: &str, title: &str, lead: &str) -> Article {
//! #     Article { id: id.into(), title: title.into(), published: Published::parse_iso("2024-01-01").unwrap(),
//! #         published_from: None, lead: lead.into(), body: vec![], source: String::new(), authors: vec![],
//! #         url: None, image: None, lang: None, license: None, cluster: None }
//! # }
//! // Articles newest first (position 0 = newest), as the viewer holds them.
//! let articles = vec![
//!     article("2", "Prime Minister visits Tehran", "The visit was short."),
//!     article("1", "Storm in Texas", "The governor spoke about the storm."),
//! ];
//! // Once, when the set is loaded.
//! let index = SearchIndex::new(&articles);
//! // On every keystroke; parsing never fails.
//! let query = SearchQuery::parse("tehr");
//! if !query.is_empty() {
//!     let hits: Vec<u32> = index.search_with(&query, Order::Newest);
//!     assert_eq!(hits, [0]);
//!     // For each visible card only:
//!     let h = query.highlight(&articles[hits[0] as usize]);
//!     assert_eq!(&articles[0].title[h.title[0].clone()], "Tehran");
//!     let snippet = h.snippet.unwrap(); // text, matches, cut_start, cut_end
//!     assert_eq!(snippet.text, "The visit was short.");
//! }
//! ```
//!
//! - [`SearchIndex::new`]`(&[Article]) -> SearchIndex`: build once per
//!   loaded set. The articles must be in the order the viewer shows as
//!   "newest" (newest first); results are positions into that slice.
//!   [`IndexBuilder`] does the same one article at a time
//!   (`new(&articles)`, `push(&article)` for each, `finish()`), so the
//!   viewer can yield to the browser between chunks while building.
//! - [`SearchQuery::parse`]`(&str) -> SearchQuery`: never fails, and
//!   costs time linear in the text. Only the first
//!   [`MAX_QUERY_CHARS`](crate::limits::MAX_QUERY_CHARS) characters are
//!   read and at most [`MAX_QUERY_TERMS`](crate::limits::MAX_QUERY_TERMS)
//!   words kept; [`SearchQuery::truncated`] says which limit cut the query
//!   ([`Truncated::Chars`] / [`Truncated::Terms`]), for the page to say so.
//!   [`SearchQuery::is_empty`] is cheap: an empty query matches everything,
//!   so the viewer can skip searching. [`SearchQuery::with_typos`]`(false)`
//!   turns typo tolerance off.
//! - [`SearchIndex::search_with`]`(&SearchQuery, `[`Order`]`) -> Vec<u32>`:
//!   positions of all matching articles in the given order. `Order::Newest`
//!   (the default) and `Order::Oldest` do no scoring and give the articles
//!   with every word; `Order::Relevance` scores with BM25F and gives
//!   [`SearchIndex::search_ranked`]'s hits: those with every word first,
//!   then those with only some of them ([`RankedHits::complete`] says
//!   where the second group starts). [`SearchIndex::search`]`(&SearchQuery) -> Vec<usize>`
//!   is the first API kept as is: `search_with(.., Order::Newest)` as
//!   `usize`s.
//! - [`SearchQuery::highlight`]`(&Article) -> `[`Highlights`]: byte ranges
//!   of the matches in the title, and a [`Snippet`] of the lead/body (its
//!   text, the matches' byte ranges in it, and whether it was cut at the
//!   start/end, i.e. where to show `…`). [`SearchQuery::match_ranges`]`(&str)`
//!   gives the ranges for any other text. Highlights need only the query
//!   and the article, not the index, and cost one tokenisation of the
//!   article: call them for the visible cards only.
//! - [`SearchIndex::heap_bytes`], [`SearchIndex::term_count`]: for
//!   diagnostics.
//! - [`partition_index`] / [`PartitionedIndex`]: the same index prebuilt
//!   and split into content-addressed parts for a static host; the page
//!   loads only the parts each query needs and gets the same results (see
//!   [`partitioned`]).
//!
//! # Query language
//!
//! | input | meaning |
//! |---|---|
//! | `iran nuclear` | both words (AND), in any field (title, lead, body); in relevance order, then the articles with either |
//! | `elections` | also the word's other forms (`election`, `elected`) in the languages of the articles that have them |
//! | `iran nuc` (no trailing space) | the last word is also a **prefix** (`nuclear`, `nuclei`) while typing; after a space it is a whole word |
//! | `"prime minister"` | a **phrase**: the words consecutive in one paragraph or the title |
//! | `"prime minis` | an unclosed quote runs to the end of the query |
//! | `"nuclear"` | a quoted single word matches exactly (no prefix, no typos, no other forms) |
//! | `covid-19`, `Iran's` | words written together (no space) form a phrase (`covid 19`, `iran s`); while still typing the last one, they are separate words and the last is a prefix |
//! | `-storm`, `-"climate change"` | **exclude** articles with that word (exactly) or phrase |
//! | `-storm` alone | every article without `storm` |
//! | ``, `-`, `""`, `?!`, `—` | the empty query: every article |
//!
//! **Typo tolerance** applies to unquoted words that are not excluded: a
//! word of 5–8 characters also matches words one edit away (insert, delete,
//! substitute, or swap two neighbouring characters), a word of 9 or more
//! characters words up to two edits away; shorter words must match exactly
//! (or as a prefix). Typo matches rank below exact and prefix matches. At
//! most 64 typo expansions are used per word (fewest edits, then most
//! frequent).
//!
//! **Other forms of a word**: each article's language is its `lang` tag,
//! else whatlang's reliable guess from its first 320 bytes (once eight
//! untagged articles of an outlet in a row agree, its next ones are taken
//! to be in that language without a guess; see
//! [`language`]); its words are stemmed by that language's Snowball
//! stemmer (18 languages) or Broadsheet's light Persian stemmer, and an
//! unquoted query word also matches the words that share its stem in any
//! of the index's languages (the query is too short to tell its own).
//! Stems are taken after normalisation (accents folded), so Portuguese
//! `-ção`/`-ções` and Turkish forms with `ç`/`ş` meet less often.
//! Highlights mark the forms that matched in the article's language.
//!
//! Words are compared after normalisation (see [`normalize`]): case,
//! accents, Arabic/Persian letter variants, harakat, tatweel, ZWNJ and
//! Persian/Arabic digits do not matter. Words are UAX #29 words split at
//! apostrophes (see `tokenize.rs`); `3.5`, `1,000` and `U.S` are single
//! words.
//!
//! # Ranking
//!
//! `Order::Relevance` lists the articles with every word and phrase first,
//! then those with some (a word in more than half of the articles, such
//! as `the`, only scores: it brings no article in by itself), each group
//! by BM25F (`k1 = 1.2`, `b = 0.75`, title ×3; see `rank.rs`,
//! `field_norms.rs`), ties newest first. A word counts fully as written,
//! 0.7 for another form, 0.5 for a prefix expansion, 0.25 and 0.12 for
//! one and two typos. A prefix word
//! counts its 32 most frequent expansions for the score (8 for prefixes
//! of one or two letters); all of them match.
//!
//! # Index layout and cost
//!
//! - Terms: one sorted string arena with offsets (binary search for words,
//!   a contiguous range for prefixes), plus per term its document
//!   frequency, a 32-bit character signature (by term and by length), a
//!   length bucket for the two-edit typo scan and a place in the order by
//!   last bytes for the one-edit typo search (about 33 bytes per term).
//! - Postings: per term, delta-varint article positions with the title and
//!   body term frequencies packed in one varint (about 2 bytes per
//!   (term, article) pair), all terms in one buffer.
//! - Positions: per (term, article), delta-varint token positions, all in
//!   one buffer, read only by phrase queries.
//! - Matching builds a bitset of articles (one bit per article), so AND,
//!   exclusion and ordering by position cost `N/64` words; `Newest` and
//!   `Oldest` need no scores. One-letter prefixes whose words have more
//!   postings than there are articles, and two-letter prefixes with more
//!   than twice as many, get a bitset at build time (one `N/8`-byte set
//!   each), so typing `t` or `th` reads one set.
//! - Phrases: articles with all the words (bitsets), then each article's
//!   positions are read lazily, stopping at the first place the words
//!   are consecutive.
//! - Typo candidates: for one edit, only the terms that start with the
//!   word's first half or end with the rest but one character (two
//!   contiguous ranges, of the sorted terms and of the terms ordered by
//!   their last four bytes: an edit leaves one side intact), so the cost
//!   hardly grows with the vocabulary; for two edits, the terms whose length
//!   is within reach. Then only those whose character signatures differ in
//!   at most `2 × edits` bits and whose characters (as multisets) differ in
//!   at most `edits` each way, then a bounded edit distance that stops once
//!   a row exceeds the budget.
//! - Building: one pass over the text (tokenise, normalise, look up in an
//!   open-addressing table keyed by the packed word for words up to 8
//!   bytes), writing each (term, article) posting to one sequential record
//!   stream; then the dictionary is sorted and the records scattered into
//!   their terms' places. Transient memory: about the size of the index
//!   again.

mod exec;
mod field_norms;
pub use field_norms::LengthTotals;
mod highlight;
mod index;
pub mod language;
pub mod normalize;
pub mod partitioned;
mod phrase;
mod postings;
mod query;
mod rank;
pub mod tokenize;
mod typo;
mod word_pairs;

pub use exec::{Order, RankedHits};
pub use highlight::{Highlights, Snippet, SNIPPET_MAX_CHARS, SNIPPET_TARGET_CHARS};
pub use index::{
    IndexBuilder, IndexBytes, IndexBytesError, IndexFinisher, IndexReading, SearchIndex,
};
pub use language::{article_language, Language};
pub use partitioned::{
    merge_segments, partition_index, write_index_parts, FirstLookup, Lookup, MergedIndex,
    PartError, PartitionOptions, PartitionedFiles, PartitionedIndex,
};
pub use query::{SearchQuery, Truncated};

/// The edit distance used for typo tolerance (optimal string alignment),
/// if at most `max`; exposed for tests and brute-force comparisons.
pub fn edit_distance_within(a: &str, b: &str, max: u8) -> Option<u8> {
    typo::distance_within(a, b, max)
}

#[cfg(test)]
mod tests;
