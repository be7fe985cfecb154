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

use crate::article::Article;
use crate::content_hash::content_hash;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;

/// The `format` value of a manifest.
pub const ARCHIVE_FORMAT: &str = "broadsheet-sharded-archive";
/// The manifest version this build writes and reads.
pub const ARCHIVE_VERSION: u32 = 1;
/// The `format` of a shard's bodies file.
pub const BODIES_FORMAT: &str = "broadsheet-bodies";
/// The `format` of an id bucket.
pub const IDS_FORMAT: &str = "broadsheet-ids";

/// The manifest: `articles.json` of a sharded archive.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    /// How many articles the archive holds.
    pub articles: u32,
    /// The oldest publication day; `day_counts[i]` articles were published
    /// on the `i`th day after it (oldest first, one entry per day up to the
    /// newest).
    pub first_day: Option<NaiveDate>,
    pub day_counts: Vec<u32>,
    /// Sources with their article counts, most articles first (then by
    /// name); `source_ids` numbers them in this order.
    pub sources: Vec<(String, u32)>,
    /// Each article's source number, newest first: one byte each when
    /// there are at most 256 sources, else two (little-endian).
    pub source_ids: FileRef,
    /// Consecutive runs of articles, newest first.
    pub shards: Vec<Shard>,
    /// Id buckets: the article with id `x` is listed in
    /// `ids[id_bucket(x, ids.len())]`.
    pub ids: Vec<FileRef>,
    /// The search index's root (`index/<hash>.bin.gz`); its parts are named
    /// by the root.
    pub index: Option<FileRef>,
}

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
    /// The place of the shard's `i`th body, if the chunks cover it.
    pub fn locate(&self, i: u32) -> Option<BodyPlace<'_>> {
        let mut start = 0;
        for (count, hash) in &self.0 {
            if i < start + count {
                return Some(BodyPlace {
                    hash,
                    count: *count,
                    at: i - start,
                });
            }
            start += count;
        }
        None
    }
}

/// Where each kind of file lives, relative to the manifest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Cards,
    Bodies,
    Ids,
    Meta,
    Index,
}

impl FileKind {
    /// The path of a file of this kind with `hash`, relative to the manifest.
    pub fn path(self, hash: &str) -> String {
        match self {
            FileKind::Cards => format!("cards/{hash}.json.gz"),
            FileKind::Bodies => format!("bodies/{hash}.json.gz"),
            FileKind::Ids => format!("ids/{hash}.json.gz"),
            FileKind::Meta => format!("meta/{hash}.bin.gz"),
            FileKind::Index => format!("index/{hash}.bin.gz"),
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

/// Whether the first bytes of an `articles.json` are a manifest's (needs
/// only the first ~50 bytes; whitespace before the object is allowed).
pub fn is_manifest(start: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&start[..start.len().min(200)]);
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    text.starts_with(&format!("{{\"format\":\"{ARCHIVE_FORMAT}\""))
}

impl Manifest {
    /// Reads and checks a manifest: its format and version, and that its
    /// counts agree (shards, days and sources each add up to `articles`).
    pub fn parse(text: &str) -> Result<Manifest, ArchiveError> {
        let m: Manifest = serde_json::from_str(text)
            .map_err(|e| error(format!("line {}, column {}: {e}", e.line(), e.column())))?;
        if m.format != ARCHIVE_FORMAT {
            return Err(error(format!(
                "format is {:?}, not {ARCHIVE_FORMAT:?}",
                m.format
            )));
        }
        if m.version != ARCHIVE_VERSION {
            return Err(error(format!(
                "manifest version {} (this page reads version {ARCHIVE_VERSION}; reload, or write the archive again with this broadsheet-ingest)",
                m.version
            )));
        }
        let sum = |counts: &mut dyn Iterator<Item = u32>| counts.map(u64::from).sum::<u64>();
        let articles = u64::from(m.articles);
        for (what, total) in [
            ("shards", sum(&mut m.shards.iter().map(|s| s.count))),
            ("day_counts", sum(&mut m.day_counts.iter().copied())),
            ("sources", sum(&mut m.sources.iter().map(|s| s.1))),
        ] {
            if total != articles {
                return Err(error(format!(
                    "the {what} add up to {total} articles, not {articles}"
                )));
            }
        }
        if m.articles > 0 && (m.first_day.is_none() || m.ids.is_empty()) {
            return Err(error("first_day and ids are missing"));
        }
        let hashes = m
            .shards
            .iter()
            .map(|s| &s.cards)
            .chain(&m.ids)
            .chain(std::iter::once(&m.source_ids))
            .chain(&m.index);
        for file in hashes {
            if file.hash.len() != 16 || !file.hash.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(error(format!("{:?} is not a content hash", file.hash)));
            }
        }
        Ok(m)
    }

    /// The manifest's text, one shard per line.
    pub fn to_json(&self) -> String {
        let mut out = serde_json::to_string(self).expect("a manifest serialises");
        out = out.replace("},{\"count\"", "},\n{\"count\"");
        out.push('\n');
        out
    }

    /// Each article's publication day, newest first (from `day_counts`).
    pub fn days(&self) -> Vec<NaiveDate> {
        let mut days = Vec::with_capacity(self.articles as usize);
        if let Some(first) = self.first_day {
            for (i, &count) in self.day_counts.iter().enumerate().rev() {
                let day = first + chrono::Days::new(i as u64);
                days.extend(std::iter::repeat_n(day, count as usize));
            }
        }
        days
    }

    /// The shard holding position `position`, and the position of its
    /// first article.
    pub fn shard_of(&self, position: u32) -> Option<(usize, u32)> {
        let mut start = 0u32;
        for (i, shard) in self.shards.iter().enumerate() {
            if position < start + shard.count {
                return Some((i, start));
            }
            start += shard.count;
        }
        None
    }

    /// The position of each shard's first article.
    pub fn shard_starts(&self) -> Vec<u32> {
        let mut start = 0;
        self.shards
            .iter()
            .map(|s| {
                let at = start;
                start += s.count;
                at
            })
            .collect()
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

/// A shard's cards: an article set whose records have no body, with the
/// list of its body chunks.
pub fn parse_cards(path: &str, bytes: &[u8], count: u32) -> Result<CardShard, ArchiveError> {
    let text = std::str::from_utf8(bytes).map_err(|e| error(format!("{path}: {e}")))?;
    #[derive(Deserialize)]
    struct Head {
        bodies: Vec<(u32, String)>,
    }
    let head: Head = serde_json::from_str(text).map_err(|e| error(format!("{path}: {e}")))?;
    let loaded =
        crate::set::parse_article_records(text).map_err(|e| error(format!("{path}: {e}")))?;
    if let Some(skip) = loaded.skipped.first() {
        return Err(error(format!("{path}: {skip}")));
    }
    if loaded.articles.len() != count as usize {
        return Err(error(format!(
            "{path} holds {} articles, the manifest says {count}",
            loaded.articles.len()
        )));
    }
    let listed: u64 = head.bodies.iter().map(|b| u64::from(b.0)).sum();
    if listed != u64::from(count) {
        return Err(error(format!(
            "{path} lists bodies for {listed} articles, not {count}"
        )));
    }
    Ok(CardShard {
        cards: loaded.articles,
        bodies: BodyChunks(head.bodies),
    })
}

#[derive(Serialize, Deserialize)]
struct Bodies {
    format: String,
    version: u32,
    bodies: Vec<Vec<String>>,
}

/// A shard's bodies, in the order of its cards.
pub fn parse_bodies(
    path: &str,
    bytes: &[u8],
    count: u32,
) -> Result<Vec<Vec<String>>, ArchiveError> {
    let b: Bodies = serde_json::from_slice(bytes).map_err(|e| error(format!("{path}: {e}")))?;
    if b.format != BODIES_FORMAT || b.version != ARCHIVE_VERSION {
        return Err(error(format!(
            "{path} is not a version {ARCHIVE_VERSION} bodies file"
        )));
    }
    if b.bodies.len() != count as usize {
        return Err(error(format!(
            "{path} holds {} bodies, the manifest says {count}",
            b.bodies.len()
        )));
    }
    Ok(b.bodies)
}

#[derive(Serialize, Deserialize)]
struct Ids {
    format: String,
    version: u32,
    ids: Vec<(String, u32)>,
}

/// An id bucket: each id with its position.
pub fn parse_ids(path: &str, bytes: &[u8]) -> Result<HashMap<String, u32>, ArchiveError> {
    let ids: Ids = serde_json::from_slice(bytes).map_err(|e| error(format!("{path}: {e}")))?;
    if ids.format != IDS_FORMAT || ids.version != ARCHIVE_VERSION {
        return Err(error(format!(
            "{path} is not a version {ARCHIVE_VERSION} id bucket"
        )));
    }
    Ok(ids.ids.into_iter().collect())
}

/// Each article's source number (newest first): a byte each, or two
/// (little-endian) in an archive of more than 256 sources.
pub fn parse_source_ids(path: &str, bytes: &[u8], articles: u32) -> Result<Vec<u16>, ArchiveError> {
    let n = articles as usize;
    if bytes.len() == n {
        Ok(bytes.iter().map(|&b| u16::from(b)).collect())
    } else if bytes.len() == 2 * n {
        Ok(bytes
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect())
    } else {
        Err(error(format!(
            "{path} has {} bytes, not 1 or 2 per article ({articles} articles)",
            bytes.len()
        )))
    }
}

/// How the writer cuts shards.
#[derive(Clone, Debug)]
pub struct ShardOptions {
    /// At most this many articles per shard.
    pub max_articles: usize,
    /// A shard closes once its cards reach this many bytes (uncompressed).
    pub max_card_bytes: usize,
    /// About this many articles per id bucket.
    pub ids_per_bucket: usize,
    /// A body chunk closes once its text reaches this many bytes.
    pub max_body_bytes: usize,
}

impl Default for ShardOptions {
    fn default() -> Self {
        ShardOptions {
            max_articles: 1000,
            max_card_bytes: 512 * 1024,
            ids_per_bucket: 4096,
            max_body_bytes: 128 * 1024,
        }
    }
}

/// A file to write: its path relative to the manifest, and its
/// uncompressed content (the writer stores it gzip-compressed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArchiveFile {
    pub path: String,
    pub content: Vec<u8>,
}

/// Everything but the search index: the manifest (with `index: None`) and
/// the files. `articles` must be newest first (`sort_newest_first`).
/// `stored_size` gives a file's size on disk (after compression) for the
/// manifest's byte counts.
pub fn write_shards(
    articles: &[Article],
    options: &ShardOptions,
    mut store: impl FnMut(ArchiveFile) -> u64,
) -> Manifest {
    let mut file = |kind: FileKind, content: Vec<u8>| {
        let hash = content_hash(&content);
        let path = kind.path(&hash);
        let bytes = store(ArchiveFile { path, content });
        FileRef { hash, bytes }
    };
    // Sources, most articles first.
    let mut counts: HashMap<&str, u32> = HashMap::new();
    for a in articles {
        *counts.entry(a.source.as_str()).or_default() += 1;
    }
    let mut sources: Vec<(String, u32)> =
        counts.into_iter().map(|(s, n)| (s.to_owned(), n)).collect();
    sources.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let number: HashMap<&str, u16> = sources
        .iter()
        .enumerate()
        .map(|(i, (s, _))| (s.as_str(), i.min(u16::MAX as usize) as u16))
        .collect();
    let source_bytes: Vec<u8> = if sources.len() <= 256 {
        articles
            .iter()
            .map(|a| number[a.source.as_str()] as u8)
            .collect()
    } else {
        articles
            .iter()
            .flat_map(|a| number[a.source.as_str()].to_le_bytes())
            .collect()
    };
    let source_ids = file(FileKind::Meta, source_bytes);

    // Days, oldest first.
    let first_day = articles.last().map(|a| a.published.date());
    let mut day_counts = Vec::new();
    if let (Some(first), Some(last)) = (first_day, articles.first().map(|a| a.published.date())) {
        day_counts = vec![0u32; (last - first).num_days() as usize + 1];
        for a in articles {
            day_counts[(a.published.date() - first).num_days() as usize] += 1;
        }
    }

    // Shards: consecutive runs, bounded in count and card bytes.
    let mut shards = Vec::new();
    let mut start = 0;
    while start < articles.len() {
        let mut cards = String::new();
        let mut end = start;
        while end < articles.len()
            && end - start < options.max_articles
            && (end == start || cards.len() < options.max_card_bytes)
        {
            let card = Article {
                body: Vec::new(),
                ..articles[end].clone()
            };
            cards.push_str(if end == start { "\n" } else { ",\n" });
            cards.push_str(&serde_json::to_string(&card).expect("an article serialises"));
            end += 1;
        }
        // The shard's bodies, in chunks bounded in bytes.
        let mut chunks: Vec<(u32, String)> = Vec::new();
        let mut at = start;
        while at < end {
            let mut bodies = String::new();
            let first = at;
            while at < end && (at == first || bodies.len() < options.max_body_bytes) {
                bodies.push_str(if at == first { "\n" } else { ",\n" });
                bodies.push_str(
                    &serde_json::to_string(&articles[at].body).expect("strings serialise"),
                );
                at += 1;
            }
            let text = format!(
                "{{\"format\":\"{BODIES_FORMAT}\",\"version\":{ARCHIVE_VERSION},\"bodies\":[{bodies}\n]}}\n"
            );
            let chunk = file(FileKind::Bodies, text.into_bytes());
            chunks.push(((at - first) as u32, chunk.hash));
        }
        let head = format!(
            "{{\"format\":\"{}\",\"version\":{},\"bodies\":{},\"articles\":[",
            crate::set::SET_FORMAT,
            crate::set::SET_VERSION,
            serde_json::to_string(&chunks).expect("chunks serialise")
        );
        shards.push(Shard {
            count: (end - start) as u32,
            from: articles[end - 1].published.date(),
            to: articles[start].published.date(),
            cards: file(
                FileKind::Cards,
                format!("{head}{cards}\n]}}\n").into_bytes(),
            ),
        });
        start = end;
    }

    // Id buckets.
    let buckets = articles
        .len()
        .div_ceil(options.ids_per_bucket.max(1))
        .max(1);
    let mut bucketed: Vec<Vec<(&str, u32)>> = vec![Vec::new(); buckets];
    for (i, a) in articles.iter().enumerate() {
        bucketed[id_bucket(&a.id, buckets)].push((a.id.as_str(), i as u32));
    }
    let ids = if articles.is_empty() {
        Vec::new()
    } else {
        bucketed
            .into_iter()
            .map(|list| {
                let ids = Ids {
                    format: IDS_FORMAT.into(),
                    version: ARCHIVE_VERSION,
                    ids: list.into_iter().map(|(id, p)| (id.to_owned(), p)).collect(),
                };
                file(
                    FileKind::Ids,
                    serde_json::to_vec(&ids).expect("ids serialise"),
                )
            })
            .collect()
    };

    Manifest {
        format: ARCHIVE_FORMAT.into(),
        version: ARCHIVE_VERSION,
        articles: articles.len() as u32,
        first_day,
        day_counts,
        sources,
        source_ids,
        shards,
        ids,
        index: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Published;

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
        });
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
            let f = FileKind::Meta.path(&m.source_ids.hash);
            parse_source_ids(&f, &files[&f], m.articles).unwrap()
        };
        for (p, a) in articles.iter().enumerate() {
            assert_eq!(days[p], a.published.date());
            assert_eq!(m.sources[sources[p] as usize].0, a.source);
            // By id: bucket → position → shard → card and body.
            let bucket = &m.ids[id_bucket(&a.id, m.ids.len())];
            let path = FileKind::Ids.path(&bucket.hash);
            check_hash(&path, &bucket.hash, &files[&path]).unwrap();
            let at = parse_ids(&path, &files[&path]).unwrap()[&a.id];
            assert_eq!(at as usize, p);
            let (s, start) = m.shard_of(at).unwrap();
            let shard = &m.shards[s];
            assert!(shard.from <= a.published.date() && a.published.date() <= shard.to);
            let cards_path = FileKind::Cards.path(&shard.cards.hash);
            let shard_cards = parse_cards(&cards_path, &files[&cards_path], shard.count).unwrap();
            let i = at - start;
            let place = shard_cards.bodies.locate(i).unwrap();
            let (hash, j) = (place.hash, place.at);
            let bodies_path = FileKind::Bodies.path(hash);
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
        let path = FileKind::Cards.path(&manifest.shards[0].cards.hash);
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
        });
        assert_eq!(meta.len(), 600);
        let ids = parse_source_ids("meta", &meta, 300).unwrap();
        for (a, id) in articles.iter().zip(ids) {
            assert_eq!(m.sources[id as usize].0, a.source);
        }
        assert!(parse_source_ids("meta", &meta[1..], 300).is_err());
    }

    #[test]
    fn an_empty_archive_is_valid() {
        let m = write_shards(&[], &ShardOptions::default(), |f| f.content.len() as u64);
        let m = Manifest::parse(&m.to_json()).unwrap();
        assert_eq!(m.articles, 0);
        assert!(m.shards.is_empty() && m.days().is_empty());
    }
}
