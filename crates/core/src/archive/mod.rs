//! Sharded archives: a whole outlet's archive (100,000 to 1,000,000
//! articles) served from a static host without any browser downloading
//! it all.
//!
//! `broadsheet-ingest ... --shards DIR` writes `DIR/articles.json` as a
//! **manifest** (this module's [`Manifest`]) and, beside it, files named
//! after the hash of their content (so a host or CDN may cache them
//! forever, and the page checks each one on arrival):
//!
//! | file | what | read when |
//! |---|---|---|
//! | `cards/<hash>.json.gz` | one shard's cards: an article set (one record per line) without bodies, whose `bodies` field lists its body chunks | its rows scroll into view |
//! | `bodies/<hash>.json.gz` | a chunk of the shard's bodies (at most ~128 KB of text), in the cards' order | an article page opens |
//! | `ids/<hash>.json.gz` | a bucket of a segment's `[id, position in the segment]` (bucket by [`id_bucket`]) | an article page opens by its id (one bucket per segment) |
//! | `meta/<hash>.bin.gz` | each article's source number (a byte, or u16 LE past 256 sources; newest first), and language number | after the first cards (source and language facets) |
//! | `meta/<hash>.shards.bin.gz` | the shard table: every shard's count, cards hash and size, when there are more than [`INLINE_SHARDS`] (the manifest lists the first ones) | after the first cards |
//! | `index/<hash>.bin.gz` | each segment's search index: root and parts (`search::partitioned`) | the first query (every segment's root); then only the parts a query needs |
//!
//! **Segments.** The archive's articles are one or more segments, each a
//! consecutive run of its positions with its own id buckets and search
//! index, written at once and never changed after: a first build writes
//! one; `--append` writes the new articles as a new one, listed first
//! (`ArchiveSegment`, in the manifest's `segments`). Card shards and
//! counts are the archive's: positions run across segments, newest
//! first. The page searches the segments as one index
//! (`PartitionedIndex::from_segments`), so an archive that grew gives
//! what one written at once gives.
//!
//! Articles are numbered newest first (`set::sort_newest_first`), the order
//! the page shows and the search index's positions; shards are consecutive
//! runs of that order, so each covers a time range. The manifest carries
//! what the page needs before any shard: counts per source and per day (the
//! timeline, date filters and each position's day) and each shard's range.
//!
//! The manifest starts with `{"format":"broadsheet-sharded-archive"`, which
//! is how the page tells it from a plain article set at the same address.
//! Hashes are [`content_hash`](crate::content_hash::content_hash)es of the
//! *uncompressed* bytes, so a server that unzips `.gz` files itself
//! (`Content-Encoding: gzip`) still passes.
//!
//! Every file may come from a stranger (`?data=URL`), so the readers here
//! never panic and never allocate beyond what the bytes (or a count already
//! checked against `crate::limits`) justify: [`Manifest::parse`] checks
//! every count against its limit and against the others before anything is
//! allocated for it; [`Manifest::file_limit`] gives the most bytes each file
//! may unzip to (for `crate::gunzip::unzip_if_gzip`); and the part readers
//! check every number a file gives (positions, source numbers, body chunk
//! counts) against the manifest. The writer ([`write_shards`]) refuses to
//! write what the readers would refuse.
//!
//! Where each part lives: the layout on disk (format names, where each kind
//! of file lives and how large it may be, id buckets) in `format`; the
//! manifest and its checks in `manifest`; the readers of the other files
//! and the hash check on arrival in `read`; the writer in `write`; the
//! error in `error`.

mod error;
mod format;
mod manifest;
mod read;
mod write;

pub use error::ArchiveError;
pub use format::{
    id_bucket, ArchiveFileKind, ARCHIVE_FORMAT, ARCHIVE_VERSION, BODIES_FORMAT, FILE_VERSION,
    IDS_FORMAT, INLINE_SHARDS, OLDEST_ARCHIVE_VERSION, SHARD_ENTRY_BYTES,
};
pub use manifest::{is_manifest, ArchiveSegment, DayIndex, FileRef, Manifest, Shard, ShardTable};
pub use read::{
    check_hash, parse_bodies, parse_cards, parse_ids, parse_language_ids, parse_source_ids,
    BodyChunks, BodyPlace, CardShard,
};
pub use write::{
    id_bucket_count, id_bucket_file, id_buckets, shard_table_file, write_shards, ArchiveFile,
    ArchiveMeta, ShardOptions,
};

#[cfg(test)]
mod tests;
