//! The archive's layout on disk: the `format` names of its files, where
//! each kind of file lives and how large it may unzip to, and which id
//! bucket an article's id falls in. Writer and readers share these, so
//! what one writes the other finds.

use crate::limits::{MAX_ARCHIVE_ARTICLES, MAX_ARCHIVE_FILE_BYTES};

/// The `format` value of a manifest.
pub const ARCHIVE_FORMAT: &str = "broadsheet-sharded-archive";
/// The manifest version this build writes.
/// 2: segments, each with its own search index and id buckets.
/// 3: past [`INLINE_SHARDS`] shards, the shards listed in a shard table
/// (`shard_table`), the manifest listing only the first ones.
pub const ARCHIVE_VERSION: u32 = 3;
/// The oldest manifest version this build reads (a version 2 manifest is a
/// version 3 one that lists every shard itself).
pub const OLDEST_ARCHIVE_VERSION: u32 = 2;
/// Shards the manifest lists itself: what the first screens of cards
/// need. The rest are in the shard table, fetched after the first cards.
pub const INLINE_SHARDS: usize = 8;
/// Bytes per shard in the shard table: its article count (u32, little
/// endian), its cards file's hash (8 bytes) and stored size (u32, LE).
pub const SHARD_ENTRY_BYTES: usize = 16;
/// The version of a bodies file and an id bucket (unchanged by the
/// manifest's version 2, so files written before are still shared).
pub const FILE_VERSION: u32 = 1;
/// The `format` of a shard's bodies file.
pub const BODIES_FORMAT: &str = "broadsheet-bodies";
/// The `format` of an id bucket.
pub const IDS_FORMAT: &str = "broadsheet-ids";

/// Where each kind of file lives, relative to the manifest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArchiveFileKind {
    Cards,
    Bodies,
    Ids,
    Meta,
    Index,
    /// The shard table: every shard's count, cards hash and size.
    Shards,
    /// The stories of its wire copies (`clusters::Stories` as bytes).
    Stories,
}

impl ArchiveFileKind {
    /// The path of a file of this kind with `hash`, relative to the manifest.
    pub fn path(self, hash: &str) -> String {
        match self {
            ArchiveFileKind::Cards => format!("cards/{hash}.json.gz"),
            ArchiveFileKind::Bodies => format!("bodies/{hash}.json.gz"),
            ArchiveFileKind::Ids => format!("ids/{hash}.json.gz"),
            ArchiveFileKind::Meta => format!("meta/{hash}.bin.gz"),
            ArchiveFileKind::Index => format!("index/{hash}.bin.gz"),
            ArchiveFileKind::Shards => format!("meta/{hash}.shards.bin.gz"),
            ArchiveFileKind::Stories => format!("meta/{hash}.stories.bin.gz"),
        }
    }

    /// What a file of this kind is, in words.
    pub fn name(self) -> &'static str {
        match self {
            ArchiveFileKind::Cards => "card shard",
            ArchiveFileKind::Bodies => "chunk of bodies",
            ArchiveFileKind::Ids => "id bucket",
            ArchiveFileKind::Meta => "sources file",
            ArchiveFileKind::Index => "search index file",
            ArchiveFileKind::Shards => "shard table",
            ArchiveFileKind::Stories => "stories file",
        }
    }

    /// The most bytes a file of this kind may unzip to, in any archive:
    /// [`MAX_ARCHIVE_FILE_BYTES`], except the sources file, which holds two
    /// bytes per article at most. Of a given archive, use
    /// [`Manifest::file_limit`](super::Manifest::file_limit): the sources file's exact size.
    pub fn limit(self) -> usize {
        match self {
            ArchiveFileKind::Meta => 2 * MAX_ARCHIVE_ARTICLES as usize,
            _ => MAX_ARCHIVE_FILE_BYTES,
        }
    }
}

/// The bucket of an article id among `buckets` (FNV-1a; stable forever, as
/// archives written today must open tomorrow).
pub fn id_bucket(id: &str, buckets: usize) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h % buckets.max(1) as u64) as usize
}

/// Whether `hash` has the form of a [`content_hash`](crate::content_hash::content_hash) (16 hex digits): only
/// such names go into a file's path.
pub(super) fn is_content_hash(hash: &str) -> bool {
    hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit())
}
