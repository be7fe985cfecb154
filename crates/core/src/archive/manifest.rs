//! The manifest (`articles.json` of a sharded archive): reading it, and
//! every check that lets the page trust its numbers.

use super::error::{error, quoted};
use super::format::is_content_hash;
use super::{
    ArchiveError, ArchiveFileKind, ARCHIVE_FORMAT, ARCHIVE_VERSION, INLINE_SHARDS,
    OLDEST_ARCHIVE_VERSION, SHARD_ENTRY_BYTES,
};
use crate::gunzip::gzip_bound;
use crate::limits::{
    MAX_ARCHIVE_ARTICLES, MAX_ARCHIVE_DAYS, MAX_ARCHIVE_LANGUAGES, MAX_ARCHIVE_SEGMENTS,
    MAX_ARCHIVE_SOURCES, MAX_MANIFEST_BYTES,
};
use crate::numbers::file_size;
use chrono::{Days, NaiveDate};
use serde::de::{Deserializer, Error as _, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::marker::PhantomData;

/// A file of the archive, by its content hash and its size on disk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRef {
    pub hash: String,
    /// Bytes of the stored (gzip) file.
    pub bytes: u64,
}

/// One shard: `count` consecutive articles, published `from`..=`to`. Its
/// bodies are listed in its cards file (so the manifest stays small, and an
/// article page fetches one small chunk of bodies, not the shard's).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    pub count: u32,
    #[serde(deserialize_with = "day")]
    pub from: NaiveDate,
    #[serde(deserialize_with = "day")]
    pub to: NaiveDate,
    pub cards: FileRef,
}

/// Where every shard is listed when there are more than
/// [`INLINE_SHARDS`]: a file of [`SHARD_ENTRY_BYTES`] a shard (see
/// [`Manifest::shard_table_bytes`]), so that the manifest of a 10-million
/// article archive is not a megabyte of shards the first cards do not
/// need. The manifest itself lists the first `INLINE_SHARDS`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardTable {
    /// How many shards the archive has (the file lists them all).
    pub shards: u32,
    pub file: FileRef,
}

/// A segment: a consecutive run of the archive's articles (after the
/// previous segment's, newest first) with its own search index and id
/// buckets, written at once (a first build, an append, a merge) and never
/// changed after. Card shards need no segment: positions are the
/// archive's, and the shards list covers all of them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchiveSegment {
    pub articles: u32,
    /// Its search index's root (`index/<hash>.bin.gz`); its parts are named
    /// by the root. (`None` only in what `write_shards` gives, before the
    /// caller adds it.)
    pub index: Option<FileRef>,
    /// Id buckets: the segment's article with id `x` is listed, with its
    /// position in the segment, in `ids[id_bucket(x, ids.len())]`.
    pub ids: Vec<FileRef>,
}

/// Whether the first bytes of an `articles.json` are a manifest's (needs
/// only the first ~50 bytes; whitespace before the object is allowed).
pub fn is_manifest(start: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&start[..start.len().min(200)]);
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    text.starts_with(&format!("{{\"format\":\"{ARCHIVE_FORMAT}\""))
}

/// The manifest: `articles.json` of a sharded archive.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    /// How many articles the archive holds (at most
    /// [`MAX_ARCHIVE_ARTICLES`]).
    pub articles: u32,
    /// The oldest publication day; `day_counts[i]` articles were published
    /// on the `i`th day after it (oldest first, one entry per day up to the
    /// newest; at most [`MAX_ARCHIVE_DAYS`] entries).
    #[serde(default, deserialize_with = "optional_day")]
    pub first_day: Option<NaiveDate>,
    #[serde(deserialize_with = "day_counts")]
    pub day_counts: Vec<u32>,
    /// Sources with their article counts, most articles first (then by
    /// name); `source_ids` numbers them in this order (at most
    /// [`MAX_ARCHIVE_SOURCES`]).
    #[serde(deserialize_with = "sources")]
    pub sources: Vec<(String, u32)>,
    /// Each article's source number, newest first: one byte each when
    /// there are at most 256 sources, else two (little-endian).
    pub source_ids: FileRef,
    /// Languages (the primary subtag of each article's `lang`, empty for
    /// none) with their article counts, most articles first (then by
    /// name) (at most [`MAX_ARCHIVE_LANGUAGES`]; absent when there are more,
    /// and in archives written before appending); when there are two or
    /// more, `language_ids` numbers them in this order, a byte per article,
    /// newest first (absent otherwise).
    #[serde(
        default,
        deserialize_with = "languages",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub languages: Vec<(String, u32)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language_ids: Option<FileRef>,
    /// The stories of its wire copies over its positions (a stories file:
    /// `clusters::Stories::to_bytes`), when two or more articles are copies
    /// of one text; absent otherwise, in archives written before, and after
    /// `--append` (which does not carry them over yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stories: Option<FileRef>,
    /// Consecutive runs of articles, newest first: all of them, or, when
    /// `shard_table` lists more, the first ones until
    /// [`Manifest::read_shard_table`] adds the rest
    /// ([`Manifest::shards_complete`]).
    pub shards: Vec<Shard>,
    /// The file listing every shard, in an archive of more than
    /// [`INLINE_SHARDS`] shards (version 3; absent: `shards` lists them all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard_table: Option<ShardTable>,
    /// The segments, newest first: their articles together are the
    /// archive's, in order (at most [`MAX_ARCHIVE_SEGMENTS`]; none in an
    /// empty archive).
    #[serde(deserialize_with = "segments")]
    pub segments: Vec<ArchiveSegment>,
    /// The index cut text written without spaces (Chinese, Japanese, Thai,
    /// …) into dictionary words: a query with such text is cut by the same
    /// word segmenter (the page loads it first). Absent when false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub dictionary_words: bool,
    /// The content hash of the manifest this one replaced (an append or a
    /// merge), kept beside it as `manifests/<hash>.json`: the versions a
    /// page may still be reading. Absent for a first build.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
}

/// A day as `YYYY-MM-DD`, read by `date_text` (as chrono would read it),
/// so chrono's parser stays out of the page's wasm.
fn day<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    let text = String::deserialize(d)?;
    crate::date_text::parse_iso_day(&text)
        .ok_or_else(|| D::Error::custom(format!("{text:?} is not a day (YYYY-MM-DD)")))
}

/// [`day`], or `null`.
fn optional_day<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    #[derive(Deserialize)]
    struct Day(#[serde(deserialize_with = "day")] NaiveDate);
    Ok(Option::<Day>::deserialize(d)?.map(|Day(day)| day))
}

/// A list read with at most `max` entries: the entry past it is refused
/// while reading, so a manifest of millions of entries allocates nothing
/// for them.
fn bounded<'de, D, T>(d: D, max: usize, refusal: fn(usize) -> String) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct Bounded<T> {
        max: usize,
        refusal: fn(usize) -> String,
        entries: PhantomData<T>,
    }
    impl<'de, T: Deserialize<'de>> Visitor<'de> for Bounded<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "a list of at most {} entries", self.max)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut out = Vec::new();
            while let Some(entry) = seq.next_element()? {
                if out.len() == self.max {
                    return Err(A::Error::custom((self.refusal)(self.max)));
                }
                out.push(entry);
            }
            Ok(out)
        }
    }
    d.deserialize_seq(Bounded {
        max,
        refusal,
        entries: PhantomData,
    })
}

fn too_many_days(max: usize) -> String {
    format!("day_counts lists more than {max} days (the longest timeline an archive may have, MAX_ARCHIVE_DAYS)")
}

fn too_many_sources(max: usize) -> String {
    format!(
        "sources lists more than {max} sources (the most an archive may name, MAX_ARCHIVE_SOURCES)"
    )
}

fn day_counts<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u32>, D::Error> {
    bounded(d, MAX_ARCHIVE_DAYS, too_many_days)
}

fn sources<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(String, u32)>, D::Error> {
    bounded(d, MAX_ARCHIVE_SOURCES, too_many_sources)
}

fn too_many_segments(max: usize) -> String {
    format!("segments lists more than {max} segments (MAX_ARCHIVE_SEGMENTS: merge them, --merge)")
}

fn segments<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<ArchiveSegment>, D::Error> {
    bounded(d, MAX_ARCHIVE_SEGMENTS, too_many_segments)
}

fn too_many_languages(max: usize) -> String {
    format!("languages lists more than {max} languages (a byte per article names one, MAX_ARCHIVE_LANGUAGES)")
}

fn languages<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(String, u32)>, D::Error> {
    bounded(d, MAX_ARCHIVE_LANGUAGES, too_many_languages)
}

/// Each position's publication day, compactly: one entry per day that has
/// articles (not one per article), newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DayIndex {
    /// (the position after the day's last article, the day), newest first.
    days: Vec<(u32, NaiveDate)>,
}

impl DayIndex {
    /// The day of the article at `position` (newest first), if there is one.
    pub fn day_of(&self, position: u32) -> Option<NaiveDate> {
        let i = self.days.partition_point(|&(end, _)| end <= position);
        self.days.get(i).map(|&(_, day)| day)
    }

    /// How many positions have a day.
    pub fn len(&self) -> u32 {
        self.days.last().map_or(0, |&(end, _)| end)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The days with articles, newest first, each with its first position
    /// and how many articles it has.
    pub fn runs(&self) -> impl Iterator<Item = (u32, u32, NaiveDate)> + '_ {
        let mut start = 0;
        self.days.iter().map(move |&(end, day)| {
            let run = (start, end - start, day);
            start = end;
            run
        })
    }
}

impl Manifest {
    /// Reads and checks a manifest from its bytes: refused unread when it
    /// is over [`MAX_MANIFEST_BYTES`], then as [`Manifest::parse`].
    pub fn parse_bytes(bytes: &[u8]) -> Result<Manifest, ArchiveError> {
        check_manifest_size(bytes.len())?;
        let text = std::str::from_utf8(bytes)
            .map_err(|e| error(format!("the manifest is not UTF-8 ({e})")))?;
        Manifest::parse(text)
    }

    /// Reads and checks a manifest: its size, format and version; every
    /// count against its limit (`crate::limits`) before anything is
    /// allocated for it; that its counts agree (shards, days and sources
    /// each add up to `articles`); that its days are real dates; that each
    /// shard's dates are its articles' by the day counts; and that each file
    /// it names is a content hash with a believable size. An error names
    /// the field and, for a limit, the limit.
    pub fn parse(text: &str) -> Result<Manifest, ArchiveError> {
        check_manifest_size(text.len())?;
        let m: Manifest = serde_json::from_str(text).map_err(|e| {
            let (line, column) = (e.line(), e.column());
            let text = e.to_string();
            let text = text
                .strip_suffix(&format!(" at line {line} column {column}"))
                .unwrap_or(&text);
            error(format!("line {line}, column {column}: {text}"))
        })?;
        m.check()?;
        Ok(m)
    }

    /// The checks of [`Manifest::parse`], on a manifest however made.
    pub fn check(&self) -> Result<(), ArchiveError> {
        let m = self;
        if m.format != ARCHIVE_FORMAT {
            return Err(error(format!(
                "format is {}, not {ARCHIVE_FORMAT:?}",
                quoted(&m.format)
            )));
        }
        if !(OLDEST_ARCHIVE_VERSION..=ARCHIVE_VERSION).contains(&m.version) {
            return Err(error(format!(
                "manifest version {} (this page reads versions {OLDEST_ARCHIVE_VERSION} to {ARCHIVE_VERSION}; reload, or write the archive again with this broadsheet-ingest)",
                m.version
            )));
        }
        if m.articles > MAX_ARCHIVE_ARTICLES {
            return Err(error(format!(
                "articles is {}, more than the {MAX_ARCHIVE_ARTICLES} an archive may hold (MAX_ARCHIVE_ARTICLES)",
                m.articles
            )));
        }
        if m.day_counts.len() > MAX_ARCHIVE_DAYS {
            return Err(error(too_many_days(MAX_ARCHIVE_DAYS)));
        }
        if m.sources.len() > MAX_ARCHIVE_SOURCES {
            return Err(error(too_many_sources(MAX_ARCHIVE_SOURCES)));
        }
        if m.languages.len() > MAX_ARCHIVE_LANGUAGES {
            return Err(error(too_many_languages(MAX_ARCHIVE_LANGUAGES)));
        }
        if let Some(previous) = &m.previous {
            if !is_content_hash(previous) {
                return Err(error(format!(
                    "previous is {}, not a content hash",
                    quoted(previous)
                )));
            }
        }
        if m.segments.len() > MAX_ARCHIVE_SEGMENTS {
            return Err(error(too_many_segments(MAX_ARCHIVE_SEGMENTS)));
        }
        if (m.languages.len() >= 2) != m.language_ids.is_some() {
            return Err(error(format!(
                "languages lists {} languages, and language_ids is {}: a file numbers each article's language when there are two or more",
                m.languages.len(),
                if m.language_ids.is_some() { "there" } else { "missing" }
            )));
        }
        let sum = |counts: &mut dyn Iterator<Item = u32>| counts.map(u64::from).sum::<u64>();
        let articles = u64::from(m.articles);
        let listed = sum(&mut m.shards.iter().map(|s| s.count));
        if let Some(table) = &m.shard_table {
            // The shards not listed here hold an article each at least.
            let unlisted = u64::from(table.shards)
                .checked_sub(m.shards.len() as u64)
                .ok_or_else(|| {
                    error(format!(
                        "shard_table lists {} shards, fewer than the {} the manifest lists",
                        table.shards,
                        m.shards.len()
                    ))
                })?;
            if listed + unlisted > articles {
                return Err(error(format!(
                    "the manifest's {} shards hold {listed} articles, and the shard table's {unlisted} more at least one each: more than the {articles} articles",
                    m.shards.len()
                )));
            }
        }
        let listed = if m.shards_complete() {
            listed
        } else {
            articles // the shard table's to add up (read_shard_table)
        };
        for (what, total) in [
            ("shards", listed),
            ("segments", sum(&mut m.segments.iter().map(|s| s.articles))),
            ("day_counts", sum(&mut m.day_counts.iter().copied())),
            ("sources", sum(&mut m.sources.iter().map(|s| s.1))),
            (
                "languages",
                if m.languages.is_empty() {
                    articles
                } else {
                    sum(&mut m.languages.iter().map(|s| s.1))
                },
            ),
        ] {
            if total != articles {
                return Err(error(format!(
                    "the {what} add up to {total} articles, not {articles}"
                )));
            }
        }
        if m.articles == 0 {
            // An empty archive is what the writer writes of no articles:
            // nothing but its (empty) sources file and index.
            let listed = [
                ("shards", m.shards.len()),
                (
                    "shard_table",
                    m.shard_table.as_ref().map_or(0, |t| t.shards as usize),
                ),
                ("segments", m.segments.len()),
                ("day_counts", m.day_counts.len()),
                ("sources", m.sources.len()),
            ];
            if let Some((field, n)) = listed.into_iter().find(|&(_, n)| n > 0) {
                return Err(error(format!(
                    "the archive has 0 articles, but {field} lists {n}"
                )));
            }
            if let Some(first) = m.first_day {
                return Err(error(format!(
                    "the archive has 0 articles, but first_day is {first}"
                )));
            }
        } else {
            let Some(first) = m.first_day else {
                return Err(error(format!(
                    "first_day is missing (the archive has {articles} articles)"
                )));
            };
            // Not empty: the day counts add up to `articles` > 0.
            let span = m.day_counts.len() as u64 - 1;
            if first.checked_add_days(Days::new(span)).is_none() {
                return Err(error(format!(
                    "first_day {first} and {} day counts run past the last date there is ({})",
                    m.day_counts.len(),
                    NaiveDate::MAX
                )));
            }
            for (i, segment) in m.segments.iter().enumerate() {
                let n = segment.articles;
                if n == 0 {
                    return Err(error(format!("segment {i} has 0 articles")));
                }
                if segment.ids.is_empty() {
                    return Err(error(format!(
                        "segment {i}'s ids is empty (it has {n} articles)"
                    )));
                }
                if segment.ids.len() as u64 > u64::from(n) {
                    return Err(error(format!(
                        "segment {i}'s ids lists {} buckets, more than its {n} articles",
                        segment.ids.len()
                    )));
                }
            }
            m.check_shards()?;
        }
        let files = m
            .shards
            .iter()
            .map(|s| (ArchiveFileKind::Cards, &s.cards))
            .chain(m.segments.iter().flat_map(|s| {
                s.ids
                    .iter()
                    .map(|f| (ArchiveFileKind::Ids, f))
                    .chain(s.index.iter().map(|f| (ArchiveFileKind::Index, f)))
            }))
            .chain(
                m.shard_table
                    .iter()
                    .map(|t| (ArchiveFileKind::Shards, &t.file)),
            )
            .chain(std::iter::once((ArchiveFileKind::Meta, &m.source_ids)))
            .chain(m.language_ids.iter().map(|f| (ArchiveFileKind::Meta, f)))
            .chain(m.stories.iter().map(|f| (ArchiveFileKind::Stories, f)));
        for (kind, file) in files {
            if !is_content_hash(&file.hash) {
                return Err(error(format!(
                    "{} is not a content hash ({} {}'s name)",
                    quoted(&file.hash),
                    article(kind.name()),
                    kind.name()
                )));
            }
            let most = m.download_limit(kind);
            if file.bytes > most as u64 {
                return Err(error(format!(
                    "{} has {} bytes by the manifest, more than the {} {} {} of this archive may have",
                    kind.path(&file.hash),
                    file.bytes,
                    most,
                    article(kind.name()),
                    kind.name()
                )));
            }
        }
        Ok(())
    }

    /// Each shard has articles, and the dates the day counts give its
    /// first and last positions (what the writer writes).
    fn check_shards(&self) -> Result<(), ArchiveError> {
        let days = self.day_index();
        let mut start = 0u32;
        for (i, shard) in self.shards.iter().enumerate() {
            if shard.count == 0 {
                return Err(error(format!("shard {i} has 0 articles")));
            }
            // The counts add up to `articles`: these positions exist.
            let last = start + (shard.count - 1);
            let (to, from) = (days.day_of(start), days.day_of(last));
            if (Some(shard.from), Some(shard.to)) != (from, to) {
                let day = |d: Option<NaiveDate>| d.map_or("?".into(), |d| d.to_string());
                return Err(error(format!(
                    "shard {i} says its articles were published {}..={}, but by the day counts positions {start}..={last} were published {}..={}",
                    shard.from,
                    shard.to,
                    day(from),
                    day(to)
                )));
            }
            start = last + 1;
        }
        Ok(())
    }

    /// Whether `shards` lists every shard (no shard table, or its shards
    /// read: [`Manifest::read_shard_table`]).
    pub fn shards_complete(&self) -> bool {
        self.shard_table
            .as_ref()
            .is_none_or(|t| t.shards as usize == self.shards.len())
    }

    /// How many shards the archive has, listed here or not.
    pub fn shard_count(&self) -> usize {
        self.shard_table
            .as_ref()
            .map_or(self.shards.len(), |t| t.shards as usize)
    }

    /// The shard table's content for `shards` (all of them): per shard,
    /// [`SHARD_ENTRY_BYTES`]: its article count (u32 LE), its cards file's
    /// hash (8 bytes) and stored size (u32 LE). `None` for
    /// [`INLINE_SHARDS`] shards or fewer, which the manifest lists itself.
    pub fn shard_table_bytes(shards: &[Shard]) -> Option<Vec<u8>> {
        if shards.len() <= INLINE_SHARDS {
            return None;
        }
        let mut out = Vec::with_capacity(shards.len() * SHARD_ENTRY_BYTES);
        for shard in shards {
            out.extend_from_slice(&shard.count.to_le_bytes());
            out.extend((0..8).map(|i| {
                // A written hash is 16 hex digits (checked before writing).
                u8::from_str_radix(shard.cards.hash.get(2 * i..2 * i + 2).unwrap_or("00"), 16)
                    .unwrap_or(0)
            }));
            let bytes = u32::try_from(shard.cards.bytes).unwrap_or(u32::MAX);
            out.extend_from_slice(&bytes.to_le_bytes());
        }
        Some(out)
    }

    /// Reads the shard table (`bytes`, checked against its hash; `path`
    /// words errors): `shards` then lists every shard. Checks that it
    /// lists `shard_table.shards` shards of at least one article, adding
    /// up to `articles`, that the manifest's own are its first ones, and
    /// gives each its dates by the day counts. A manifest without a table,
    /// or whose table was read, is left as it is.
    pub fn read_shard_table(&mut self, path: &str, bytes: &[u8]) -> Result<(), ArchiveError> {
        let Some(table) = &self.shard_table else {
            return Ok(());
        };
        if self.shards_complete() {
            return Ok(());
        }
        let count = table.shards as usize;
        if bytes.len() as u64 != count as u64 * SHARD_ENTRY_BYTES as u64 {
            return Err(error(format!(
                "{path} has {} bytes, not {} ({SHARD_ENTRY_BYTES} per shard: {count} shards)",
                bytes.len(),
                count as u64 * SHARD_ENTRY_BYTES as u64
            )));
        }
        let days = self.day_index();
        let mut shards = Vec::with_capacity(count);
        let mut start = 0u64;
        for (i, entry) in bytes.chunks_exact(SHARD_ENTRY_BYTES).enumerate() {
            let word = |at: usize| {
                u32::from_le_bytes([entry[at], entry[at + 1], entry[at + 2], entry[at + 3]])
            };
            let n = word(0);
            if n == 0 {
                return Err(error(format!("{path}: shard {i} has 0 articles")));
            }
            let end = start + u64::from(n);
            if end > u64::from(self.articles) {
                return Err(error(format!(
                    "{path}: shards 0..={i} hold {end} articles, more than the archive's {}",
                    self.articles
                )));
            }
            // Positions below `articles`: each has a day by the counts.
            let (Some(to), Some(from)) = (days.day_of(start as u32), days.day_of(end as u32 - 1))
            else {
                return Err(error(format!(
                    "{path}: shard {i}'s positions have no day in the day counts"
                )));
            };
            let hash: String = entry[4..12].iter().map(|b| format!("{b:02x}")).collect();
            shards.push(Shard {
                count: n,
                from,
                to,
                cards: FileRef {
                    hash,
                    bytes: u64::from(word(12)),
                },
            });
            start = end;
        }
        if start != u64::from(self.articles) {
            return Err(error(format!(
                "{path}: its {count} shards hold {start} articles, not the archive's {}",
                self.articles
            )));
        }
        if let Some(i) = (0..self.shards.len()).find(|&i| self.shards[i] != shards[i]) {
            return Err(error(format!(
                "{path}: its shard {i} is not the manifest's (a shard table of another version of the archive?)"
            )));
        }
        self.shards = shards;
        Ok(())
    }

    /// The manifest as published beside its shard table: listing only the
    /// first [`INLINE_SHARDS`] shards (the table lists them all). Without
    /// a table, the manifest itself.
    pub fn published(&self) -> Manifest {
        let mut head = self.clone();
        if head.shard_table.is_some() {
            head.shards.truncate(INLINE_SHARDS);
        }
        head
    }

    /// The manifest's text, one shard per line.
    pub fn to_json(&self) -> String {
        let mut out = serde_json::to_string(self).expect("a manifest serialises");
        out = out
            .replace("},{\"count\"", "},\n{\"count\"")
            .replace("]},{\"articles\"", "]},\n{\"articles\"");
        out.push('\n');
        out
    }

    /// Each position's publication day (from `day_counts`), one entry per
    /// day: never more positions than `articles`, and never a panic, even
    /// for a manifest that was not checked.
    pub fn day_index(&self) -> DayIndex {
        let mut days = Vec::new();
        let Some(first) = self.first_day else {
            return DayIndex { days };
        };
        let mut end = 0u32;
        for (i, &count) in self.day_counts.iter().enumerate().rev() {
            if end >= self.articles {
                break;
            }
            if count == 0 {
                continue;
            }
            let Some(day) = first.checked_add_days(Days::new(i as u64)) else {
                continue;
            };
            end = end.saturating_add(count).min(self.articles);
            days.push((end, day));
        }
        DayIndex { days }
    }

    /// Each article's publication day, newest first (from `day_counts`):
    /// at most `articles` entries (exactly that many in a checked
    /// manifest); never panics. [`Manifest::day_index`] has the same in one
    /// entry per day.
    pub fn days(&self) -> Vec<NaiveDate> {
        let index = self.day_index();
        let mut days = Vec::with_capacity(index.len() as usize);
        for (_, count, day) in index.runs() {
            days.extend(std::iter::repeat_n(day, count as usize));
        }
        days
    }

    /// The shard holding position `position`, and the position of its
    /// first article.
    pub fn shard_of(&self, position: u32) -> Option<(usize, u32)> {
        let mut start = 0u32;
        for (i, shard) in self.shards.iter().enumerate() {
            let end = start.saturating_add(shard.count);
            if position < end {
                return Some((i, start));
            }
            start = end;
        }
        None
    }

    /// Where article id `id` may be: in each segment, the id bucket that
    /// would list it, with the segment's first position and its article
    /// count (an id bucket gives positions within its segment).
    pub fn id_buckets<'a>(&'a self, id: &str) -> Vec<(u32, u32, &'a FileRef)> {
        self.segments
            .iter()
            .zip(self.segment_starts())
            .filter(|(s, _)| !s.ids.is_empty())
            .map(|(s, start)| (start, s.articles, &s.ids[super::id_bucket(id, s.ids.len())]))
            .collect()
    }

    /// The position of each segment's first article.
    pub fn segment_starts(&self) -> Vec<u32> {
        let mut start = 0u32;
        self.segments
            .iter()
            .map(|s| {
                let at = start;
                start = start.saturating_add(s.articles);
                at
            })
            .collect()
    }

    /// The position of each shard's first article.
    pub fn shard_starts(&self) -> Vec<u32> {
        let mut start = 0u32;
        self.shards
            .iter()
            .map(|s| {
                let at = start;
                start = start.saturating_add(s.count);
                at
            })
            .collect()
    }

    /// Bytes per article in the sources file: one with at most 256
    /// sources, else two.
    pub fn source_width(&self) -> usize {
        if self.sources.len() <= 256 {
            1
        } else {
            2
        }
    }

    /// The most bytes a file of `kind` of this archive may unzip to (what
    /// to give `crate::gunzip::unzip_if_gzip`): the sources file's exact
    /// size (`articles` × [`Manifest::source_width`]), the stories file's
    /// most for its articles, else
    /// [`ArchiveFileKind::limit`].
    pub fn file_limit(&self, kind: ArchiveFileKind) -> usize {
        match kind {
            ArchiveFileKind::Meta => (self.articles as usize)
                .saturating_mul(self.source_width())
                .min(kind.limit()),
            ArchiveFileKind::Shards => self
                .shard_count()
                .saturating_mul(SHARD_ENTRY_BYTES)
                .min(kind.limit()),
            // At most three numbers a story (half the articles) and one a
            // member, five bytes each, after the header.
            ArchiveFileKind::Stories => (self.articles as usize)
                .saturating_mul(13)
                .saturating_add(32)
                .min(kind.limit()),
            _ => kind.limit(),
        }
    }

    /// The most bytes a download of a file of `kind` may take (stored
    /// gzip-compressed, or unzipped by the server):
    /// `gzip_bound(file_limit(kind))`.
    pub fn download_limit(&self, kind: ArchiveFileKind) -> usize {
        gzip_bound(self.file_limit(kind))
    }
}

/// "a" or "an" before `word`.
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn check_manifest_size(len: usize) -> Result<(), ArchiveError> {
    if len > MAX_MANIFEST_BYTES {
        return Err(error(format!(
            "the manifest is {}, more than the {} a manifest may be (MAX_MANIFEST_BYTES)",
            file_size(len),
            file_size(MAX_MANIFEST_BYTES)
        )));
    }
    Ok(())
}
