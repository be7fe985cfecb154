//! What the root and the parts look like on the wire: their magics, the
//! format version, the part header and the eight kinds of part (see the
//! module documentation of `partitioned` for each kind's body).

/// The first bytes of a root.
pub(super) const ROOT_MAGIC: &[u8; 4] = b"BSIR";
/// The first bytes of a part.
pub(super) const PART_MAGIC: &[u8; 4] = b"BSIP";
/// The format version the writer writes and the reader reads.
/// 2: lexicon parts filed in cells by length and a character (`lexicon.rs`).
/// 3: stem parts (the terms sharing a stem, per language); prefix sets
/// list no other form of their prefix among their most frequent words.
/// 4: norms parts hold field lengths, the root their totals (segments
/// rank with the averages over all of them).
/// 5: lexicon cells by two characters' classes, several cells to a part
/// (the root lists each part's first cell); streams longer than the
/// root's span cut into parts of that many bytes.
/// 6: common-word pairs are terms of their own (`search/word_pairs.rs`),
/// read for phrases in place of the common words' positions.
/// 7: stream parts' hashes in the dictionary blocks naming them, not in
/// the root (which stays about a tenth of the parts' count in bytes).
/// 8: a span per stream kind (doc streams cut finer than the others, so
/// the newest articles of a common word are one small part; see
/// `PartitionedIndex::search_first`); lexicon cells numbered by pair
/// before length (`lexicon::CellOrder`). Version 7 is still read (one
/// span for every kind, cells by length before pair).
pub(super) const VERSION: u8 = 8;
/// The oldest version the reader reads.
pub(super) const OLDEST_VERSION: u8 = 7;
/// Bytes of a part's header: magic, version, kind.
pub(super) const HEADER: usize = 6;
/// Bytes of each part's hash in the root (the first 8 of its
/// `content_hash`).
pub(super) const HASH_BYTES: usize = 8;

/// The kinds of part, in the order the root numbers them (all parts of
/// one kind, then the next kind's).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PartKind {
    /// Per term, its articles (read by every query).
    DocStream,
    /// Per term, per article, its title and body frequencies (ranking and
    /// phrases).
    TfStream,
    /// Per term, its positions (phrases).
    Positions,
    /// A run of the dictionary: terms, df and where their streams are.
    DictBlock,
    /// Terms of one length and one character class, for the typo scan
    /// (`lexicon.rs`).
    Lexicon,
    /// The articles with a word starting with one prefix.
    PrefixSet,
    /// A range of articles' field-length norms (ranking).
    Norms,
    /// One language's terms by the hash of their stem, a range of hashes
    /// (a word's other forms).
    Stems,
}

impl PartKind {
    /// Every kind, in part order.
    pub const ALL: [PartKind; 8] = [
        PartKind::DocStream,
        PartKind::TfStream,
        PartKind::Positions,
        PartKind::DictBlock,
        PartKind::Lexicon,
        PartKind::PrefixSet,
        PartKind::Norms,
        PartKind::Stems,
    ];

    /// The three stream kinds, in the order a dictionary entry lists
    /// where its streams are.
    pub const STREAMS: [PartKind; 3] =
        [PartKind::DocStream, PartKind::TfStream, PartKind::Positions];

    /// The kind's name in error messages.
    pub fn name(self) -> &'static str {
        match self {
            PartKind::DocStream => "doc stream",
            PartKind::TfStream => "tf stream",
            PartKind::Positions => "positions",
            PartKind::DictBlock => "dictionary block",
            PartKind::Lexicon => "lexicon",
            PartKind::PrefixSet => "prefix set",
            PartKind::Norms => "norms",
            PartKind::Stems => "stems",
        }
    }

    /// The kind's number: its byte in a part's header, and its place in
    /// the root's part counts.
    pub fn number(self) -> u8 {
        self as u8
    }

    /// Whether a part of this kind is one of the streams (its body is
    /// kept as is and read by offset).
    pub(super) fn is_stream(self) -> bool {
        self <= PartKind::Positions
    }
}

/// A part's header: magic, version, kind.
pub(super) fn part_header(kind: PartKind) -> Vec<u8> {
    let mut out = PART_MAGIC.to_vec();
    out.push(VERSION);
    out.push(kind.number());
    out
}

/// The root's flag saying that common-word pairs are terms of their own
/// (`search/word_pairs.rs`); the other bits must be 0.
pub(super) const FLAG_WORD_PAIRS: u32 = 1;

/// The most bytes of a stream in one part: a file's limit, less the part
/// header.
pub(super) const MAX_SPAN: usize = crate::limits::MAX_ARCHIVE_FILE_BYTES - HEADER;

/// The parts a stream at `loc` takes: its own, or when it is longer than
/// `span` bytes, as many parts of `span` bytes as it fills, from `loc`'s
/// (it then starts at the start of a part, and the next stream starts
/// the part after its last).
pub(super) fn stream_parts(loc: StreamLoc, span: u32) -> std::ops::Range<u32> {
    let n = if loc.len > span {
        loc.len.div_ceil(span.max(1))
    } else {
        1
    };
    loc.part..loc.part.saturating_add(n)
}

/// Where one term's stream is: which part (its number among all parts),
/// where in the part's body, and how long.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct StreamLoc {
    pub(super) part: u32,
    pub(super) offset: u32,
    pub(super) len: u32,
}

/// How many of a prefix's most frequent words its prefix set lists: four
/// times the words a query scores, and one, so that over several segments
/// the words scored can almost always be told from the lists alone (see
/// `plan.rs`). A set listing fewer lists every word of the prefix in its
/// segment (but its other forms).
pub(super) fn prefix_list_len(prefix: &str) -> usize {
    use crate::search::exec::{PREFIX_SCORE_CAP, SHORT_PREFIX_SCORE_CAP};
    let cap = if prefix.chars().nth(2).is_none() {
        SHORT_PREFIX_SCORE_CAP
    } else {
        PREFIX_SCORE_CAP
    };
    4 * cap + 1
}
