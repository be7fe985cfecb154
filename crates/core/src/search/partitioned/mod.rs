//! A prebuilt search index split into a small **root** and many
//! content-addressed **parts**, so a page on a static host can search an
//! archive of a million articles while downloading only what each query
//! needs, and get exactly the results
//! [`SearchIndex::search_with`](crate::search::SearchIndex::search_with)
//! gives.
//!
//! # Use
//!
//! The ingest CLI builds a [`SearchIndex`](crate::search::SearchIndex)
//! over all articles (newest first, the page's order) and writes
//! [`partition_index`]`(&index, &options)`: [`PartitionedFiles`]
//! `{ root, parts }` (uncompressed bytes; the CLI names part `i` by
//! `content_hash(&parts[i])` (`index/<hash>.bin.gz`, see
//! `archive::ArchiveFileKind`) and
//! compresses it). The page loads the root with
//! [`PartitionedIndex::from_root`], then per query:
//!
//! ```text
//! loop {
//!     match index.search(&query, order) {
//!         Lookup::Done(hits) => break hits,          // as search_with gives
//!         Lookup::Need(parts) => for p in parts {   // fetch in parallel
//!             index.add_part(p, &fetch(index.part_hash(p)))?;
//!         },
//!     }
//! }
//! ```
//!
//! A query converges in at most four rounds: (1) dictionary blocks, the
//! lexicon cells for typos, prefix sets, the stem part of each word's stem
//! per language; (2) the dictionary blocks of typo candidates and other
//! forms, with the posting streams (and positions for phrases) of the
//! words found so far; (3) the rest of the posting streams; (4) for
//! `Order::Relevance`, the norms of the ranges holding hits (partial
//! matches included: a relevance search goes on past an item that
//! matches nothing, unless it is the only one). Loaded parts
//! stay cached ([`PartitionedIndex::loaded_bytes`],
//! [`PartitionedIndex::evict_to`] drops the least recently used).
//!
//! # Segments
//!
//! An archive that grows is indexed in segments, each partitioned on its
//! own over a consecutive run of the articles;
//! [`PartitionedIndex::from_segments`] takes their roots in order and numbers
//! their parts one after another. A query's sub-index then holds each term
//! with its df summed over the segments and its postings concatenated
//! (each segment's articles after the previous one's); typo candidates are
//! ranked on the summed df (each segment's lexicon cells list all its
//! terms); other forms are the union of each segment's stem parts; the
//! lengths behind BM25's norms are averaged over all segments (norm parts
//! hold lengths, the root their totals). A prefix's scored words are the
//! most frequent by summed df: each segment's prefix set lists its most
//! frequent words (four times the words scored), a word missing from a
//! list is looked up in that segment's dictionary when it could rank, and
//! when the lists cannot settle it the prefix's words are read in every
//! segment (`plan.rs`). So results are those of one index over all the
//! articles (`tests/partitioned_index.rs` cuts its sets four ways).
//!
//! # How results stay exact
//!
//! Each query runs the in-page engine (`exec.rs`) unchanged on a
//! query-specific sub-index (`SearchIndex::assemble`) holding only the
//! terms the query can touch, with their *global* df, postings with global
//! article numbers, positions only for phrase units, bit-identical norms
//! for the articles that are ranked, and the prefix set of a prefix word
//! if the archive has one. Its term ids are in dictionary order like the
//! full index's, so every tie-break by term id agrees:
//!
//! - prefix expansions are ranked for scoring by (df desc, term), a total
//!   order, and always sorted, so the scored terms and the order their
//!   scores are summed in are the same whatever else the sub-index holds;
//! - typo candidates: the sub-index holds the global best `TYPO_CAP` (64)
//!   candidates (found by scanning the lexicon cells that can hold them), and every other
//!   term it holds within reach ranks below them;
//! - a prefix set replaces the postings of the prefix's words for matching
//!   (it is their union); the part also lists the prefix's `4 × cap + 1` most
//!   frequent words with their df, which is all `resolve` reads of them
//!   (idf, the scored expansions), so `Newest`/`Oldest` need none of their
//!   postings. The prefix's other forms are left out of that list (they
//!   are not scored as prefix expansions) and come from the stem parts;
//! - other forms: the sub-index holds every term sharing the word's stem
//!   in a language of the archive (found as the in-page stem table finds
//!   them, by the stem's hash in that language's stem part, each stemmed
//!   again), and a stem table of just those, so its expansions are the
//!   full index's;
//! - phrases: an archive written by the CLI holds each common word and
//!   the word after it as a pair term (`search/word_pairs.rs`), so a
//!   phrase reads its pairs' postings (one pair: no positions at all) and
//!   its words' df only. A pair at `p` is exactly the two words at `p` and
//!   `p + 1`, so the matches are those of the words' positions, and a
//!   phrase scores by its own frequency (`rank.rs`), which both count
//!   alike. Pairs never enter the lexicon, prefix sets or stem parts.
//!
//! # First results
//!
//! Newest first, [`PartitionedIndex::search_first`] answers from the first
//! part of each long doc stream when that gives enough results: every
//! result among the articles before the first one those parts leave out
//! ([`FirstLookup::First`]), exactly the start of what
//! [`PartitionedIndex::search`] gives once the rest is loaded. The page
//! shows them while it counts the rest: at ten million articles a common
//! word's doc stream is a megabyte or two, its first part a few dozen
//! kilobytes. Queries that need more than doc streams (phrases, other
//! orders) are answered whole.
//!
//! # Format
//!
//! Integers are LEB128 varints unless noted. The root is
//! `"BSIR" version` then: articles; the title and body words in all (each
//! a `u64` as two varints, low half first); the stream spans, one per
//! stream kind (doc, tf, positions; version 7 gave one for all): a stream
//! longer than its kind's span is cut into parts of exactly that many
//! bytes, from the start of a part, and the next stream starts the part
//! after its last (`the`'s positions at ten million articles are more than
//! a file may be; doc streams are cut at 64 KB, so a common word's newest
//! articles are one small part: see "First results" below);
//! the flags (bit 0: common-word pairs are terms, and phrases read them,
//! see `search/word_pairs.rs`; other bits 0); the number of parts of each
//! kind, in
//! kind order (doc streams, tf streams, positions, dictionary blocks,
//! lexicon, prefix sets, norms, stems) — parts are numbered in that order;
//! each part's hash as 8 raw bytes, but the stream parts' (the dictionary
//! blocks list those, so the root grows with the vocabulary's blocks, not
//! with the postings); each dictionary block's first term
//! (front-coded: shared bytes, suffix length, suffix); each lexicon part's
//! first cell (cells: 3 families × 1,024 classes of a pair of characters ×
//! length buckets `0..=48`, numbered in that order, so a typo scan's cells
//! of nearby lengths are neighbours; version 7 numbered length before
//! pair; see `lexicon.rs`; the first as is, then the gaps); each prefix set's prefix
//! (front-coded, ascending); the articles per norm range; the number of
//! stem languages, then per language its ISO 639-1 code (length, bytes),
//! the number of its stem parts (its parts follow the previous language's)
//! and the first stem hash of each part (the first as is, then the gaps,
//! each at least 1).
//!
//! Every part is `"BSIP" version kind` then its body:
//!
//! - **doc streams** (kind 0): per term, in dictionary order, its articles
//!   as gaps (`doc - previous - 1`, the first as is). Kept apart from the
//!   frequencies so matching reads only these, and a common word's gaps of
//!   0 and 1 compress to almost nothing;
//! - **tf streams** (1): per term, per article, `tf_body << 2 |
//!   min(tf_title, 3)` and `tf_title - 3` when that is 3 — read for
//!   ranking and phrases only;
//! - **positions** (2): per term, the in-page index's position stream —
//!   read for phrases only;
//!
//!   Streams are packed in dictionary order into parts of about a target
//!   size; a larger stream gets a part of its own.
//! - **dictionary block** (3): count; per stream kind the (part, offset) of
//!   its first term's stream; per term (front-coded, ascending): df, then
//!   per stream kind `length << 1 | starts the next part`; then per stream
//!   kind the hashes (8 bytes each) of the parts from its first term's to
//!   its last term's last, which is how the page learns a stream part's
//!   name (a block's hash is in the root, so each is checked in a chain);
//! - **lexicon** (4): the number of cells it holds; per cell, its number
//!   as the gap from the previous cell's (0 for the first, the root's
//!   first cell of the part), its count and its terms (front-coded,
//!   ascending) with df. Cells follow each other in order, several to a
//!   part of about [`PartitionOptions::lexicon_part_bytes`]; a larger cell
//!   has parts of its own. Every term is in one cell of each family (by
//!   its first two, last two, and fourth and fifth characters), so the
//!   typo scan reads the 2 cells per length within reach that can hold a
//!   word one edit away, or 5 for two edits (`lexicon.rs` says why that is
//!   every such word): a few parts, not the whole length;
//! - **prefix set** (5): the prefix; its `4 × cap + 1` most frequent words
//!   (length, bytes, df) other than its other forms (the terms sharing its
//!   stem, see `index/stems.rs`); then `0` and the articles as a bitset (64-bit
//!   little-endian words), or `1`, a count and article gaps — whichever is
//!   smaller. The writer makes one for each prefix of up to
//!   [`PartitionOptions::prefix_set_max_chars`] characters with more than
//!   one word and more than [`PartitionOptions::prefix_set_min_bytes`] of
//!   doc streams (`t`, `th`, `pre` in English news);
//! - **norms** (6): first article; count; per article its title length in
//!   words, then per article its body length (lead and paragraphs): the
//!   norms follow from them and the averages over every segment;
//! - **stems** (7): the language's code (length, bytes); count; per entry,
//!   ascending by stem hash then term, the hash's gap from the previous
//!   entry's (the first entry's is the hash itself, the root's first hash
//!   of the part) and the term (length, bytes). An entry is a term of an
//!   article in that language with the FNV-1a hash of its stem by that
//!   language's rules; a hash's entries are never split between parts, and
//!   the hashes of a part are below the next part's first. Parts of about
//!   [`PartitionOptions::stem_part_bytes`].
//!
//! # Figures
//!
//! On a million articles whose vocabulary grows like a real archive's
//! (1.1 million terms; BENCHMARKS.md, issue 17), format 7 with the default
//! options: 45,375 parts, the root 105 KB gzipped; a cold word query,
//! typos included, fetches 0.23–0.71 MB (`cargo run --release -p
//! broadsheet-ingest --example archive_queries -- DIR` prints the bytes by
//! kind of part), `"the president"` 46 KB (its common-word pair). At ten
//! million (format 8): 173,678 parts, the root 296 KB; a cold query's
//! first results 462 KB median in Chromium, its count 1.2 MB. (`cargo run
//! --release -p broadsheet-core --example partition_sizes N` gives the sizes of N
//! copies of the bundled set: copies compress unusually well.)
//!
//! Parts are verified against their hash on arrival; decoding checks every
//! length and never panics. An archive whose parts are each well-formed but
//! disagree with each other gives no results rather than a panic.
//!
//! # Files
//!
//! `format.rs` (magics, version, [`PartKind`]), `write.rs` (the writer,
//! one function per kind of part), `root.rs` (the root as the page holds
//! it), `decode.rs` (the byte cursor and what each part decodes to),
//! `lexicon.rs` (which lexicon cells a term is in and a typo scan reads),
//! `plan.rs` (which terms and parts a query needs), `engine.rs`
//! ([`PartitionedIndex`]: the cache of parts and the search),
//! `error.rs` ([`PartError`]).

mod decode;
mod engine;
mod error;
mod format;
mod lexicon;
mod merge;
mod plan;
mod root;
mod write;

pub use engine::{FirstLookup, Lookup, PartitionedIndex};
pub use error::{Malformed, OverLimit, PartError, PartErrorKind, PartId};
pub use format::PartKind;
pub use merge::{merge_segments, MergedIndex, ReadPart};
pub use write::{partition_index, write_index_parts, PartitionOptions, PartitionedFiles};

#[cfg(test)]
mod tests;
