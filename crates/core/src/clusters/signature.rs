//! An article's text as a MinHash signature of its word shingles.

use super::{MIN_SHINGLES, PERMUTATIONS, SHINGLE_WORDS};
use crate::search::tokenize::for_each_token;
use crate::ArticleText;
use minhash_rs::prelude::MinHash;

/// The MinHash of an article's shingles (see the module's note).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextSignature(pub(super) MinHash<u32, PERMUTATIONS>);

impl TextSignature {
    /// The estimated Jaccard similarity of the two texts' shingles, 0 to 1.
    pub fn similarity(&self, other: &TextSignature) -> f64 {
        self.0.estimate_jaccard_index(&other.0)
    }
}

/// The signature of `article`'s lead and body, or `None` when it has fewer
/// than [`MIN_SHINGLES`] shingles.
pub fn text_signature(article: &impl ArticleText) -> Option<TextSignature> {
    let mut words = [0u64; SHINGLE_WORDS];
    let mut seen = 0usize;
    let mut buf = String::new();
    let mut sketch = MinHash::<u32, PERMUTATIONS>::new();
    let mut shingles = 0usize;
    for paragraph in article.paragraphs() {
        // Shingles run across paragraph breaks: an outlet that splits or
        // joins paragraphs still prints the same runs of words.
        for_each_token(paragraph, &mut buf, |_, _, word| {
            words.rotate_left(1);
            words[SHINGLE_WORDS - 1] = word_hash(word);
            seen += 1;
            if seen >= SHINGLE_WORDS {
                sketch.insert_with_fnv(shingle_hash(&words));
                shingles += 1;
            }
        });
    }
    (shingles >= MIN_SHINGLES).then_some(TextSignature(sketch))
}

/// FNV-1a of a normalised word.
fn word_hash(word: &str) -> u64 {
    word.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// One value per run of words, order kept.
fn shingle_hash(words: &[u64; SHINGLE_WORDS]) -> u64 {
    words.iter().fold(0u64, |h, w| {
        h.rotate_left(23).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ w
    })
}
