//! One set of limits for everything that reads untrusted bytes: the page
//! (a stranger's `?data=` link, the reader's own files) and the CLI use
//! these same numbers, so what the CLI writes the page can read, and what
//! the page refuses the CLI refuses with the same words.
//!
//! Each limit bounds memory and time before the work starts: a count or a
//! size is checked against its limit before anything is allocated for it,
//! and decompression stops at the limit of the file's kind.

/// The most bytes one load may bring (a URL, one selection of files, one
/// file given to the CLI): articles take about 2.3 times their JSON size
/// in memory once indexed, and a tab has a few GB at most.
pub const MAX_OPEN_BYTES: u64 = 512_000_000;

/// The most bytes read and parsed in one piece: a JSON file not laid out
/// one article per line, a seed file, or a single record. Parsing this much
/// takes well under a second, so the page never freezes longer.
pub const WHOLE_LIMIT: usize = 32_000_000;

/// The most articles a sharded archive may claim. The page keeps a few
/// bytes per article (its day and source), so this bounds what a manifest
/// can make it allocate: twice the ten million an outlet's archive reaches.
pub const MAX_ARCHIVE_ARTICLES: u32 = 20_000_000;

/// The most days an archive's timeline may span (about 547 years): a
/// manifest's `day_counts` list is refused past it.
pub const MAX_ARCHIVE_DAYS: usize = 200_000;

/// The most sources an archive may name (source numbers are two bytes).
pub const MAX_ARCHIVE_SOURCES: usize = 65_536;
/// The most languages an archive's language facet may name (a byte per
/// article numbers them).
pub const MAX_ARCHIVE_LANGUAGES: usize = 256;
/// The most segments a sharded archive may list (each query reads every
/// segment's dictionary: appends are merged long before this).
pub const MAX_ARCHIVE_SEGMENTS: usize = 256;

/// The most bytes a manifest may have (one of 1M articles has 163 KB).
pub const MAX_MANIFEST_BYTES: usize = 16_000_000;

/// The most bytes any other file of a sharded archive may unzip to (a card
/// shard, a chunk of bodies, an id bucket, an index root or part):
/// decompression stops here, whatever the gzip stream claims.
pub const MAX_ARCHIVE_FILE_BYTES: usize = WHOLE_LIMIT;

/// The most characters of a query that are searched; the rest is ignored
/// and the page says so.
pub const MAX_QUERY_CHARS: usize = 2_000;

/// The most words, phrases and exclusions one query may have; the rest is
/// ignored and the page says so.
pub const MAX_QUERY_TERMS: usize = 64;
