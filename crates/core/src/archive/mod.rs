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
//! | `ids/<hash>.json.gz` | a bucket of `[id, position]` (bucket by [`id_bucket`]) | an article page opens by its id |
//! | `meta/<hash>.bin.gz` | each article's source number (a byte, or u16 LE past 256 sources; newest first) | with the first cards (source facet) |
//! | `index/<hash>.bin.gz` | the search index's root and parts (`search::partitioned`) | the first query; then only the parts a query needs |
//!
//! Articles are numbered newest first (`set::sort_newest_first`), the order
//! the page shows and the search index's positions; shards are consecutive
//! runs of that order, so each covers a time range. The manifest carries
//! what the page needs before any shard: counts per source and per day (the
//! timeline, date filters and each position's day) and each shard's range.
//!
//! The manifest starts with `{"format":"broadsheet-sharded-archive"`, which
//! is how the page tells it from a plain article set at the same address.
//! Hashes are [`content_hash`]es of the *uncompressed* bytes, so a server
//! that unzips `.gz` files itself (`Content-Encoding: gzip`) still passes.
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

mod manifest;
mod read;
mod write;

pub use manifest::{DayIndex, Manifest};
pub use read::{parse_bodies, parse_cards, parse_ids, parse_source_ids};
pub use write::{write_shards, ArchiveFile, ShardOptions};

use crate::article::Article;
use crate::content_hash::content_hash;
use crate::limits::{MAX_ARCHIVE_ARTICLES, MAX_ARCHIVE_FILE_BYTES};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The `format` value of a manifest.
pub const ARCHIVE_FORMAT: &str = "broadsheet-sharded-archive";
/// The manifest version this build writes and reads.
pub const ARCHIVE_VERSION: u32 = 1;
/// The `format` of a shard's bodies file.
pub const BODIES_FORMAT: &str = "broadsheet-bodies";
/// The `format` of an id bucket.
pub const IDS_FORMAT: &str = "broadsheet-ids";

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
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub cards: FileRef,
}

/// A card shard as read: its cards, and its body chunks.
#[derive(Clone, Debug, PartialEq)]
pub struct CardShard {
    pub cards: Vec<Article>,
    pub bodies: BodyChunks,
}

/// A shard's body chunks in order, each as (articles, hash).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BodyChunks(pub Vec<(u32, String)>);

/// Where the shard's `i`th body is: its chunk's hash and size (articles),
/// and its place in the chunk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BodyPlace<'a> {
    pub hash: &'a str,
    pub count: u32,
    pub at: u32,
}

impl BodyChunks {
    /// The place of the shard's `i`th body, if the chunks cover it (sums
    /// in u64: any counts, however large, give an answer or `None`).
    pub fn locate(&self, i: u32) -> Option<BodyPlace<'_>> {
        let i = u64::from(i);
        let mut start = 0u64;
        for (count, hash) in &self.0 {
            let end = start + u64::from(*count);
            if i < end {
                return Some(BodyPlace {
                    hash,
                    count: *count,
                    // Less than `count`, a u32.
                    at: (i - start) as u32,
                });
            }
            start = end;
        }
        None
    }
}

/// Where each kind of file lives, relative to the manifest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArchiveFileKind {
    Cards,
    Bodies,
    Ids,
    Meta,
    Index,
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
        }
    }

    /// The most bytes a file of this kind may unzip to, in any archive:
    /// [`MAX_ARCHIVE_FILE_BYTES`], except the sources file, which holds two
    /// bytes per article at most. Of a given archive, use
    /// [`Manifest::file_limit`]: the sources file's exact size.
    pub fn limit(self) -> usize {
        match self {
            ArchiveFileKind::Meta => 2 * MAX_ARCHIVE_ARTICLES as usize,
            _ => MAX_ARCHIVE_FILE_BYTES,
        }
    }
}

/// Why a manifest or a part of the archive cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArchiveError(pub String);

impl fmt::Display for ArchiveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ArchiveError {}

fn error(message: impl Into<String>) -> ArchiveError {
    ArchiveError(message.into())
}

/// Whether `hash` has the form of a [`content_hash`] (16 hex digits): only
/// such names go into a file's path.
fn is_content_hash(hash: &str) -> bool {
    hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `text` for an error message: at most 60 characters of it, quoted.
fn quoted(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((at, _)) => format!("{:?}…", &text[..at]),
        None => format!("{text:?}"),
    }
}

/// Whether the first bytes of an `articles.json` are a manifest's (needs
/// only the first ~50 bytes; whitespace before the object is allowed).
pub fn is_manifest(start: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&start[..start.len().min(200)]);
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    text.starts_with(&format!("{{\"format\":\"{ARCHIVE_FORMAT}\""))
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

/// Checks that `bytes` are the file `hash` names (the page's check on
/// arrival; `path` only words the error).
pub fn check_hash(path: &str, hash: &str, bytes: &[u8]) -> Result<(), ArchiveError> {
    let actual = content_hash(bytes);
    if actual == hash {
        Ok(())
    } else {
        Err(error(format!(
            "{path} is corrupt: its content hash is {actual}, not {hash} (a partial upload, or a file from another version of the archive)"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Published;
    use std::collections::HashMap;

    fn article(id: &str, date: &str, source: &str) -> Article {
        Article {
            id: id.into(),
            title: format!("Title {id}"),
            published: Published::parse_iso(date).unwrap(),
            lead: format!("Lead {id}"),
            body: vec![format!("Body of {id}"), "More".into()],
            source: source.into(),
            url: None,
            lang: None,
            license: None,
        }
    }

    fn archive(n: usize) -> (Vec<Article>, Manifest, HashMap<String, Vec<u8>>) {
        let mut articles: Vec<Article> = (0..n)
            .map(|i| {
                article(
                    &format!("a{i}"),
                    &format!("2020-01-{:02}", 1 + i % 28),
                    if i % 3 == 0 { "B" } else { "A" },
                )
            })
            .collect();
        crate::set::sort_newest_first(&mut articles);
        let mut files = HashMap::new();
        let options = ShardOptions {
            max_articles: 7,
            max_card_bytes: 1 << 20,
            ids_per_bucket: 10,
            // Two or three bodies a chunk.
            max_body_bytes: 40,
        };
        let manifest = write_shards(&articles, &options, |f| {
            let len = f.content.len() as u64;
            files.insert(f.path, f.content);
            len
        })
        .unwrap();
        (articles, manifest, files)
    }

    #[test]
    fn every_article_is_found_again_through_the_manifest() {
        let (articles, manifest, files) = archive(50);
        let text = manifest.to_json();
        assert!(is_manifest(text.as_bytes()));
        let m = Manifest::parse(&text).unwrap();
        assert_eq!(m, manifest);
        assert_eq!(m.shards.len(), 8); // 7 × 7 + 1
        let bodies = files.keys().filter(|p| p.starts_with("bodies/")).count();
        assert!(bodies > 16 && bodies < 50, "{bodies} body chunks");
        assert_eq!(m.sources, [("A".to_string(), 33), ("B".to_string(), 17)]);
        let days = m.days();
        let sources = {
            let f = ArchiveFileKind::Meta.path(&m.source_ids.hash);
            parse_source_ids(&f, &files[&f], m.articles, m.sources.len()).unwrap()
        };
        for (p, a) in articles.iter().enumerate() {
            assert_eq!(days[p], a.published.date());
            assert_eq!(m.sources[sources[p] as usize].0, a.source);
            // By id: bucket → position → shard → card and body.
            let bucket = &m.ids[id_bucket(&a.id, m.ids.len())];
            let path = ArchiveFileKind::Ids.path(&bucket.hash);
            check_hash(&path, &bucket.hash, &files[&path]).unwrap();
            let at = parse_ids(&path, &files[&path], m.articles).unwrap()[&a.id];
            assert_eq!(at as usize, p);
            let (s, start) = m.shard_of(at).unwrap();
            let shard = &m.shards[s];
            assert!(shard.from <= a.published.date() && a.published.date() <= shard.to);
            let cards_path = ArchiveFileKind::Cards.path(&shard.cards.hash);
            let shard_cards = parse_cards(&cards_path, &files[&cards_path], shard.count).unwrap();
            let i = at - start;
            let place = shard_cards.bodies.locate(i).unwrap();
            let (hash, j) = (place.hash, place.at);
            let bodies_path = ArchiveFileKind::Bodies.path(hash);
            check_hash(&bodies_path, hash, &files[&bodies_path]).unwrap();
            let bodies = parse_bodies(&bodies_path, &files[&bodies_path], place.count).unwrap();
            assert_eq!(shard_cards.cards[i as usize].title, a.title);
            assert!(shard_cards.cards[i as usize].body.is_empty());
            assert_eq!(bodies[j as usize], a.body);
        }
        assert_eq!(m.shard_of(50), None);
    }

    #[test]
    fn a_plain_set_is_not_a_manifest() {
        assert!(!is_manifest(
            br#"{"format":"broadsheet-article-set","version":1,"articles":["#
        ));
        assert!(is_manifest(
            b" {\n \"format\" : \"broadsheet-sharded-archive\""
        ));
    }

    #[test]
    fn bad_manifests_and_parts_say_what_is_wrong() {
        let (_, manifest, files) = archive(20);
        let mut m = manifest.clone();
        m.shards[0].count += 1;
        let e = Manifest::parse(&m.to_json()).unwrap_err();
        assert_eq!(e.0, "the shards add up to 21 articles, not 20");
        let e = Manifest::parse(&manifest.to_json().replace("\"version\":1", "\"version\":9"))
            .unwrap_err();
        assert!(e.0.starts_with("manifest version 9"), "{e}");
        let e = Manifest::parse("{\"format\":").unwrap_err();
        assert!(e.0.starts_with("line 1, column"), "{e}");
        let path = ArchiveFileKind::Cards.path(&manifest.shards[0].cards.hash);
        let mut bytes = files[&path].clone();
        bytes[40] ^= 1;
        let e = check_hash(&path, &manifest.shards[0].cards.hash, &bytes).unwrap_err();
        assert!(e.0.starts_with(&format!("{path} is corrupt")), "{e}");
        let e = parse_cards(&path, &files[&path], 3).unwrap_err();
        assert_eq!(e.0, format!("{path} holds 7 articles, the manifest says 3"));
    }

    #[test]
    fn past_256_sources_each_takes_two_bytes() {
        let mut articles: Vec<Article> = (0..300)
            .map(|i| article(&format!("a{i}"), "2020-01-01", &format!("S{i:03}")))
            .collect();
        crate::set::sort_newest_first(&mut articles);
        let mut meta = Vec::new();
        let m = write_shards(&articles, &ShardOptions::default(), |f| {
            if f.path.starts_with("meta/") {
                meta = f.content.clone();
            }
            1
        })
        .unwrap();
        assert_eq!(meta.len(), 600);
        let ids = parse_source_ids("meta", &meta, 300, 300).unwrap();
        for (a, id) in articles.iter().zip(ids) {
            assert_eq!(m.sources[id as usize].0, a.source);
        }
        assert!(parse_source_ids("meta", &meta[1..], 300, 300).is_err());
        assert!(parse_source_ids("meta", &meta, 300, 299).is_err());
    }

    #[test]
    fn an_empty_archive_is_valid() {
        let m = write_shards(&[], &ShardOptions::default(), |f| f.content.len() as u64).unwrap();
        let m = Manifest::parse(&m.to_json()).unwrap();
        assert_eq!(m.articles, 0);
        assert!(m.shards.is_empty() && m.days().is_empty());
    }
}
