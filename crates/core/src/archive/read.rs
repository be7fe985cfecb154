//! Reading the parts of a sharded archive (after `check_hash`): card
//! shards, bodies, id buckets and the sources file. Each checks every number
//! it gives against what the manifest says, so the page can index with it.

use super::error::{error, quoted};
use super::format::is_content_hash;
use super::{ArchiveError, BODIES_FORMAT, FILE_VERSION, IDS_FORMAT};
use crate::article::Article;
use crate::content_hash::content_hash;
use serde::{Deserialize, Serialize};
use std::collections::hash_map::Entry;
use std::collections::HashMap;

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

/// A bodies file as written.
#[derive(Serialize, Deserialize)]
pub(super) struct Bodies {
    pub format: String,
    pub version: u32,
    pub bodies: Vec<Vec<String>>,
}

/// An id bucket as written.
#[derive(Serialize, Deserialize)]
pub(super) struct Ids {
    pub format: String,
    pub version: u32,
    pub ids: Vec<(String, u32)>,
}

/// A shard's cards: an article set whose records have no body, with the
/// list of its body chunks, which must cover exactly its `count` articles
/// (each chunk at least one, named by a content hash).
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
    for (i, (n, hash)) in head.bodies.iter().enumerate() {
        if *n == 0 {
            return Err(error(format!("{path}: its body chunk {i} has 0 articles")));
        }
        if !is_content_hash(hash) {
            return Err(error(format!(
                "{path}: its body chunk {i} is named {}, not a content hash",
                quoted(hash)
            )));
        }
    }
    Ok(CardShard {
        cards: loaded.articles,
        bodies: BodyChunks(head.bodies),
    })
}

/// A chunk of a shard's bodies, in the order of its cards: exactly `count`
/// bodies (the count its card shard gives the chunk).
pub fn parse_bodies(
    path: &str,
    bytes: &[u8],
    count: u32,
) -> Result<Vec<Vec<String>>, ArchiveError> {
    let b: Bodies = serde_json::from_slice(bytes).map_err(|e| error(format!("{path}: {e}")))?;
    if b.format != BODIES_FORMAT || b.version != FILE_VERSION {
        return Err(error(format!(
            "{path} is not a version {FILE_VERSION} bodies file"
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

/// An id bucket: each id with its position, every position below
/// `articles` (the manifest's), every id once.
pub fn parse_ids(
    path: &str,
    bytes: &[u8],
    articles: u32,
) -> Result<HashMap<String, u32>, ArchiveError> {
    let ids: Ids = serde_json::from_slice(bytes).map_err(|e| error(format!("{path}: {e}")))?;
    if ids.format != IDS_FORMAT || ids.version != FILE_VERSION {
        return Err(error(format!(
            "{path} is not a version {FILE_VERSION} id bucket"
        )));
    }
    let mut map = HashMap::with_capacity(ids.ids.len());
    for (id, position) in ids.ids {
        if position >= articles {
            return Err(error(format!(
                "{path} puts id {} at position {position}, but the archive has {articles} articles",
                quoted(&id)
            )));
        }
        match map.entry(id) {
            Entry::Occupied(e) => {
                return Err(error(format!("{path} lists id {} twice", quoted(e.key()))));
            }
            Entry::Vacant(e) => {
                e.insert(position);
            }
        }
    }
    Ok(map)
}

/// Each article's language number (newest first): a byte each, every
/// number below `languages` (the length of the manifest's list).
pub fn parse_language_ids(
    path: &str,
    bytes: &[u8],
    articles: u32,
    languages: usize,
) -> Result<Vec<u16>, ArchiveError> {
    if languages > 256 {
        return Err(error(format!(
            "{path}: {languages} languages cannot be numbered by a byte"
        )));
    }
    value_ids(path, bytes, articles, languages, "language")
}

/// Each article's source number (newest first): a byte each in an archive
/// of at most 256 `sources`, else two (little-endian); every number below
/// `sources` (the length of the manifest's list).
pub fn parse_source_ids(
    path: &str,
    bytes: &[u8],
    articles: u32,
    sources: usize,
) -> Result<Vec<u16>, ArchiveError> {
    value_ids(path, bytes, articles, sources, "source")
}

/// Numbers below `values`, a byte each (two past 256 values).
fn value_ids(
    path: &str,
    bytes: &[u8],
    articles: u32,
    values: usize,
    what: &str,
) -> Result<Vec<u16>, ArchiveError> {
    let width: u64 = if values <= 256 { 1 } else { 2 };
    let expected = u64::from(articles) * width;
    if bytes.len() as u64 != expected {
        return Err(error(format!(
            "{path} has {} bytes, not {expected} ({width} per article: {articles} articles, {values} {what}s)",
            bytes.len()
        )));
    }
    let ids: Vec<u16> = if width == 1 {
        bytes.iter().map(|&b| u16::from(b)).collect()
    } else {
        bytes
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect()
    };
    if let Some((position, id)) = ids
        .iter()
        .enumerate()
        .find(|&(_, &id)| usize::from(id) >= values)
    {
        return Err(error(format!(
            "{path} gives the article at position {position} {what} number {id}, but the archive names {values} {what}s"
        )));
    }
    Ok(ids)
}
