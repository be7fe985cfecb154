//! Why a root or a part was refused, and which one: typed, so a caller can
//! tell a missing or altered file from a malformed one, and worded for
//! the reader when shown (`search index part 3 (…): norms: …`).

use super::format::{PartKind, VERSION};
use crate::limits::{MAX_ARCHIVE_ARTICLES, MAX_ARCHIVE_FILE_BYTES};
use std::fmt;

/// The most bytes of terms one root or part may decode to (front coding
/// repeats a term's shared bytes for free, so without a limit a few
/// megabytes could stand for terabytes).
pub(super) const MAX_TERM_BYTES: usize = MAX_ARCHIVE_FILE_BYTES;

/// A root or part that is not what it should be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartError {
    /// The part, or `None` for the root.
    pub part: Option<PartId>,
    /// What is wrong with it.
    pub kind: PartErrorKind,
}

/// Which part an error is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartId {
    /// Its number (see `PartitionedIndex::part_hash`).
    pub number: usize,
    /// Its hash as the root lists it (empty for a number the root does
    /// not have).
    pub hash: String,
    /// Its kind (`None` for a number the root does not have).
    pub kind: Option<PartKind>,
}

/// What is wrong with a root or part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PartErrorKind {
    /// Larger than any file of an archive may be.
    TooLarge { bytes: usize },
    /// Not a Broadsheet search index file.
    BadMagic,
    /// A format version this build does not read.
    WrongVersion { found: u8 },
    /// A part of another kind than the root says.
    WrongKind { found: u8, expected: PartKind },
    /// Bytes whose hash is not the one the root lists.
    HashMismatch { got: String },
    /// A part number the root does not have.
    NoSuchPart { parts: usize },
    /// A stream part whose hash no dictionary block added so far lists.
    HashUnknown,
    /// The bytes end at `at`, where a value (of `wanted` bytes) starts.
    Truncated { at: usize, wanted: Option<usize> },
    /// A count or size over what the bytes or the limits allow.
    OverLimit(OverLimit),
    /// A structure that disagrees with itself or with the root.
    Malformed(Malformed),
}

/// A count or size over what the bytes present or the limits allow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OverLimit {
    /// More items (`what`) than the bytes left could hold.
    Count {
        count: usize,
        what: &'static str,
        at: usize,
        remaining: usize,
    },
    /// Terms decoding to more bytes than a file may have (front coding
    /// lets a few bytes stand for a long term).
    TermBytes { at: usize },
    /// More articles than an archive may have.
    Articles { articles: u32 },
    /// More parts than the root has bytes for their hashes.
    Hashes { parts: usize, remaining: usize },
    /// A prefix set listing more words than the writer keeps.
    PrefixWords { count: usize, most: usize },
    /// More articles' norms than the bytes left could hold.
    Norms { count: u32, remaining: usize },
}

/// A structure that disagrees with itself or with the root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Malformed {
    NumberTooLarge {
        at: usize,
    },
    NumberTooLong {
        at: usize,
    },
    NotUtf8,
    SharesMoreThanPrevious,
    TrailingBytes,
    TooManyParts,
    DictBlocksOutOfOrder,
    TooManyLexiconParts,
    LexiconPartsDoNotAddUp,
    PrefixSetsOutOfOrder,
    NormsDoNotCover {
        parts: usize,
        range: u32,
        articles: u32,
    },
    TermsOutOfOrder,
    /// A stream span of 0, or more than a file may hold.
    BadSpan {
        span: u32,
    },
    /// Two dictionary blocks list different hashes for one stream part.
    StreamHashDisagrees {
        part: usize,
    },
    /// Flags this version does not know.
    UnknownFlags {
        flags: u32,
    },
    /// A lexicon cell out of order or past the last.
    WrongLexiconCell {
        cell: usize,
    },
    TermOutsideItsCell {
        term: String,
    },
    NotTheRootsPrefix,
    NotAWordOfThePrefix {
        term: String,
        df: u32,
    },
    BitsPastTheEnd,
    ArticlePastTheEnd,
    UnknownSetEncoding(u8),
    WrongNormRange {
        start: u32,
        count: u32,
        want_start: u64,
        want_count: u64,
    },
    LengthTooLong,
    StreamInWrongKind,
    OffsetTooLarge,
    StreamPastItsKind,
    DfOverArticles {
        df: u32,
        articles: u32,
    },
    WrongFirstTerm,
    /// A root's stem language this build cannot stem, or listed twice.
    UnknownStemLanguage {
        code: String,
    },
    StemPartsDoNotAddUp,
    /// A root's first hashes of a language's stem parts not ascending.
    StemPartsOutOfOrder,
    /// A stem part of another language than the root says.
    WrongStemLanguage {
        code: String,
    },
    /// A stem part not starting with the hash the root says.
    WrongFirstHash,
    /// Stem entries not ascending (by hash, then term) or past the hashes
    /// the root files in the part.
    StemEntriesOutOfOrder,
}

impl From<OverLimit> for PartErrorKind {
    fn from(e: OverLimit) -> Self {
        PartErrorKind::OverLimit(e)
    }
}

impl From<Malformed> for PartErrorKind {
    fn from(e: Malformed) -> Self {
        PartErrorKind::Malformed(e)
    }
}

impl fmt::Display for PartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.part {
            Some(PartId { number, hash, kind }) => {
                write!(f, "search index part {number} ({hash}): ")?;
                if let Some(kind) = kind {
                    write!(f, "{}: ", kind.name())?;
                }
                write!(f, "{}", self.kind)
            }
            None => write!(f, "search index root: {}", self.kind),
        }
    }
}

impl std::error::Error for PartError {}

impl fmt::Display for PartErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PartErrorKind::TooLarge { bytes } => write!(
                f,
                "{bytes} bytes, more than the {MAX_ARCHIVE_FILE_BYTES} a file may have"
            ),
            PartErrorKind::BadMagic => {
                f.write_str("not a Broadsheet search index file (bad magic)")
            }
            PartErrorKind::WrongVersion { found } => {
                write!(
                    f,
                    "version {found}, this build reads {VERSION} (write the archive again with this broadsheet-ingest)"
                )
            }
            PartErrorKind::WrongKind { found, expected } => {
                write!(f, "kind {found}, expected {}", expected.number())
            }
            PartErrorKind::HashMismatch { got } => write!(f, "content hash is {got}"),
            PartErrorKind::HashUnknown => {
                write!(
                    f,
                    "its hash is not known yet (no dictionary block naming it was read)"
                )
            }
            PartErrorKind::NoSuchPart { parts } => {
                write!(f, "no such part (the index has {parts})")
            }
            PartErrorKind::Truncated { at, wanted: None } => write!(f, "truncated at byte {at}"),
            PartErrorKind::Truncated {
                at,
                wanted: Some(n),
            } => write!(f, "truncated: {n} bytes wanted at byte {at}"),
            PartErrorKind::OverLimit(e) => e.fmt(f),
            PartErrorKind::Malformed(e) => e.fmt(f),
        }
    }
}

impl fmt::Display for OverLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OverLimit::Count {
                count,
                what,
                at,
                remaining,
            } => write!(
                f,
                "claims {count} {what} at byte {at}, more than its {remaining} remaining bytes can hold"
            ),
            OverLimit::TermBytes { at } => write!(
                f,
                "its terms decode to more than {MAX_TERM_BYTES} bytes (at byte {at})"
            ),
            OverLimit::Articles { articles } => write!(
                f,
                "claims {articles} articles, more than the {MAX_ARCHIVE_ARTICLES} an archive may have"
            ),
            OverLimit::Hashes { parts, remaining } => write!(
                f,
                "claims {parts} parts, more than its {remaining} remaining bytes hold hashes for"
            ),
            OverLimit::PrefixWords { count, most } => write!(
                f,
                "lists {count} words, more than the {most} the writer keeps"
            ),
            OverLimit::Norms { count, remaining } => write!(
                f,
                "{count} articles' norms do not fit in its {remaining} remaining bytes"
            ),
        }
    }
}

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fixed = match self {
            Malformed::NumberTooLarge { at } => return write!(f, "number too large at byte {at}"),
            Malformed::NumberTooLong { at } => return write!(f, "number too long at byte {at}"),
            Malformed::NormsDoNotCover {
                parts,
                range,
                articles,
            } => {
                return write!(
                    f,
                    "{parts} norm parts of {range} articles do not cover its {articles} articles"
                )
            }
            Malformed::BadSpan { span } => return write!(f, "a stream span of {span} bytes"),
            Malformed::StreamHashDisagrees { part } => {
                return write!(
                    f,
                    "lists another hash for stream part {part} than a dictionary block before"
                )
            }
            Malformed::UnknownFlags { flags } => {
                return write!(f, "unknown flags {flags:#x} in the root")
            }
            Malformed::WrongLexiconCell { cell } => {
                return write!(f, "lexicon cell {cell} is out of order or past the last")
            }
            Malformed::TermOutsideItsCell { term } => {
                return write!(f, "{term:?} is not a word of its lexicon cell")
            }
            Malformed::NotAWordOfThePrefix { term, df } => {
                return write!(f, "{term:?} (df {df}) is not a word of the prefix")
            }
            Malformed::UnknownSetEncoding(m) => return write!(f, "unknown set encoding {m}"),
            Malformed::WrongNormRange {
                start,
                count,
                want_start,
                want_count,
            } => {
                return write!(
                    f,
                    "articles {start}.. ({count}), the root says {want_start}.. ({want_count})"
                )
            }
            Malformed::DfOverArticles { df, articles } => {
                return write!(f, "df {df} of {articles} articles")
            }
            Malformed::UnknownStemLanguage { code } => {
                return write!(f, "stem language {code:?} is unknown or listed twice")
            }
            Malformed::WrongStemLanguage { code } => {
                return write!(f, "stem language {code:?} is not this part's")
            }
            Malformed::NotUtf8 => "a term is not UTF-8",
            Malformed::SharesMoreThanPrevious => "a term shares more than the previous one has",
            Malformed::TrailingBytes => "trailing bytes",
            Malformed::TooManyParts => "too many parts",
            Malformed::DictBlocksOutOfOrder => "dictionary blocks out of order",
            Malformed::TooManyLexiconParts => "too many lexicon parts",
            Malformed::LexiconPartsDoNotAddUp => "lexicon parts do not add up",
            Malformed::PrefixSetsOutOfOrder => "prefix sets out of order",
            Malformed::TermsOutOfOrder => "terms out of order",
            Malformed::NotTheRootsPrefix => "not the prefix the root lists",
            Malformed::BitsPastTheEnd => "bits past the end",
            Malformed::ArticlePastTheEnd => "an article past the end",
            Malformed::LengthTooLong => "a title length past 65,535 words",
            Malformed::StreamInWrongKind => "a stream in a part of the wrong kind",
            Malformed::OffsetTooLarge => "offset too large",
            Malformed::StreamPastItsKind => "a stream past its kind's parts",
            Malformed::WrongFirstTerm => "does not start with the term the root says",
            Malformed::StemPartsDoNotAddUp => "stem parts do not add up",
            Malformed::StemPartsOutOfOrder => "stem parts out of order",
            Malformed::WrongFirstHash => "does not start with the stem hash the root says",
            Malformed::StemEntriesOutOfOrder => {
                "stem entries out of order or past the part's hashes"
            }
        };
        f.write_str(fixed)
    }
}
