//! Wire copies: the same text run by several outlets, lightly edited and
//! under other titles, grouped into one story.
//!
//! Each article's text (lead and body, not the title, which outlets
//! rewrite) is cut into overlapping runs of [`SHINGLE_WORDS`] normalised
//! words; a [`TextSignature`] is the MinHash of that set (minhash-rs), whose
//! registers agree between two articles about as often as their sets
//! overlap (Jaccard similarity). Two articles are copies when that
//! estimate reaches [`SIMILARITY`]; candidates come from locality-sensitive
//! banding ([`BANDS`] bands of [`ROWS`] registers: a pair at the threshold
//! shares a band with probability 0.99999, at 0.3 with 0.998), so the work
//! grows with the number of articles, not its square. Copies of copies
//! join one cluster (union-find), named by its earliest article.
//!
//! The figures (threshold, shingle length) were measured on the bundled
//! corpora and on copies of them perturbed as agencies' clients edit them
//! (BENCHMARKS.md, "Wire copies"; `cargo run --release -p broadsheet-core
//! --example wire_copies`).

mod diff;
mod group;
mod signature;
mod stories;
mod stories_file;
#[cfg(test)]
mod tests;

pub use diff::{word_diff, words_changed, DiffPiece, WordChange};
pub use group::{group_copies, group_copies_at, mark_stories, Clusters, Grouping};
pub use signature::{text_signature, TextSignature};
pub use stories::{Stories, Story};
pub use stories_file::MAGIC as STORIES_MAGIC;

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 3;
/// MinHash registers per signature.
pub const PERMUTATIONS: usize = 128;
/// Bands of the locality-sensitive hashing, and registers per band.
pub const BANDS: usize = 64;
pub const ROWS: usize = PERMUTATIONS / BANDS;
/// The estimated Jaccard similarity of two texts' shingles from which
/// they are copies of one story.
pub const SIMILARITY: f64 = 0.4;
/// Texts with fewer shingles than this are never grouped: a two-line item
/// ("Markets closed early today.") is too short to tell a copy by.
pub const MIN_SHINGLES: usize = 12;
