//! A query's sub-index: an index holding only the terms one query can
//! touch, assembled by a partitioned index from the parts it loaded (see
//! `partitioned/engine.rs`), so the in-page engine runs on it unchanged.

use super::dictionary::Dictionary;
use super::pages::Pages;
use super::stems::StemTable;
use super::SearchIndex;
use crate::search::field_norms::FieldNorms;
use crate::search::postings::Bitset;
use crate::search::tokenize::Unspaced;

/// One term of an assembled sub-index (see [`SearchIndex::assemble`]).
pub(crate) struct SubTerm<'a> {
    pub(crate) term: &'a str,
    /// Articles with the term in the whole archive.
    pub(crate) df: u32,
    /// Its postings entry (see `postings.rs`) ...
    pub(crate) postings: &'a [u8],
    /// ... and how many postings that holds (0 when never read).
    pub(crate) postings_count: u32,
    /// Its positions entry (empty unless a phrase reads it).
    pub(crate) positions: &'a [u8],
}

impl SearchIndex {
    /// An index of `docs` articles holding only `terms`, in strictly
    /// ascending term order. A term whose postings are never read may come
    /// with none (its df still counts). `norms` may be empty (or hold
    /// zeros) where nothing is ranked. `stems` holds the terms sharing a
    /// stem with the query's words (by these terms' ids). `word_pairs`:
    /// the archive has common-word pairs, and phrases come as pairs.
    pub(crate) fn assemble(
        docs: u32,
        terms: &[SubTerm<'_>],
        norms: FieldNorms,
        dense_prefixes: Vec<(String, Bitset)>,
        stems: StemTable,
        word_pairs: bool,
    ) -> SearchIndex {
        let text_bytes = terms.iter().map(|t| t.term.len()).sum();
        let mut dict = Dictionary::with_capacity(terms.len(), text_bytes);
        let mut postings = Vec::new();
        let mut positions = Vec::new();
        for t in terms {
            postings.extend_from_slice(t.postings);
            positions.extend_from_slice(t.positions);
            dict.push(
                t.term,
                t.df,
                postings.len() as u32,
                positions.len() as u32,
                Some(t.postings_count),
            );
        }
        dict.bucket_by_length();
        dict.sort_by_suffix();
        SearchIndex {
            docs,
            dict,
            postings: Pages::whole(postings),
            positions: Pages::whole(positions),
            norms,
            dense_prefixes,
            stems,
            // (A partitioned index's pieces: its manifest says how.)
            unspaced: Unspaced::None,
            word_pairs,
        }
    }
}
