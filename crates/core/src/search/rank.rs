//! Relevance: BM25F over two fields (title, lead + body), with weights for
//! how a word matched.
//!
//! For a query word `w` and an article `d`:
//!
//! ```text
//! tf'   = 3 × tf_title / (1 − b + b × title_len / avg_title_len)
//!           + tf_body / (1 − b + b × body_len / avg_body_len)
//! score = weight × idf(w) × tf' × (k1 + 1) / (tf' + k1)
//! idf   = ln(1 + (N − df + 0.5) / (df + 0.5))
//! ```
//!
//! with `k1 = 1.2`, `b = 0.75`. `df` is the number of articles with the
//! word as typed (or, if no article has it, with its most common
//! expansion), so every expansion of one query word shares one idf and the
//! match kind decides: `weight` is 1 for the word itself, 0.7 for another
//! form of it (the same stem in a language of its articles), 0.5 for a longer
//! word it is a prefix of, 0.25 for a word one edit away, 0.12 for two
//! edits. A phrase scores as one term: its own frequency in each field
//! (how often the whole phrase occurs) as `tf`, and the sum of its words'
//! idf as its idf (as Lucene scores phrases), so an index that reads a
//! phrase from common-word pairs ranks it exactly as one that reads its
//! words' positions (`phrase.rs`). An article's score is the sum over
//! query words and their expansions; ties go to the newer.
//!
//! The length part of `tf'` (with `b` and the title's weight 3) is
//! computed once per article when the index is built: see
//! `field_norms.rs`.

use super::field_norms::FieldNorm;
use super::postings::Posting;

/// BM25's term-frequency saturation (`b` and the title's weight shape the
/// norms: see `field_norms.rs`).
pub(crate) const K1: f32 = 1.2;

pub(crate) const EXACT_WEIGHT: f32 = 1.0;
/// Another form of the word (sharing its stem): below the word itself,
/// above a typo.
pub(crate) const STEM_WEIGHT: f32 = 0.7;
pub(crate) const PREFIX_WEIGHT: f32 = 0.5;
pub(crate) const TYPO_1_WEIGHT: f32 = 0.25;
pub(crate) const TYPO_2_WEIGHT: f32 = 0.12;

/// Inverse document frequency (the BM25 form, never negative).
pub(crate) fn idf(docs: u32, df: u32) -> f32 {
    let (n, df) = (docs as f32, df as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// The saturated, length-normalised term frequency of one posting, with
/// its article's norms.
#[inline]
pub(crate) fn bm25_tf(norm: FieldNorm, p: Posting) -> f32 {
    let tf = p.tf_title as f32 * norm.title + p.tf_body as f32 * norm.body;
    tf * (K1 + 1.0) / (tf + K1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rarer_words_weigh_more() {
        assert!(idf(1000, 1) > idf(1000, 10));
        assert!(idf(1000, 10) > idf(1000, 999));
        assert!(idf(1000, 1000) > 0.0);
    }
}
