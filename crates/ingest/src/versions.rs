//! `--keep-versions N`: removes the files of a sharded archive that none of
//! its last N manifests names. Each manifest names the one it replaced
//! (`previous`, kept as `manifests/<hash>.json`), so the versions a page
//! may still be reading are found by following that chain; their files are
//! the card shards, the body chunks those name, the id buckets, the sources
//! and languages files, and each segment's index root with the parts it
//! names. Only files named like the archive's own (a content hash) in its
//! folders are ever removed.

use crate::shards::read_manifest;
use broadsheet_core::archive::{parse_cards, ArchiveFileKind, Manifest};
use broadsheet_core::gunzip::unzip_if_gzip;
use broadsheet_core::search::PartitionedIndex;
use std::collections::HashSet;
use std::path::Path;

/// What [`keep_versions`] removed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Removed {
    /// The versions kept (at most N: fewer when the chain is shorter).
    pub versions: usize,
    pub files: u64,
    pub bytes: u64,
}

/// Removes from `dir` every archive file that none of the last `versions`
/// manifests (the current one first) names.
pub fn keep_versions(dir: &Path, versions: usize) -> Result<Removed, String> {
    let mut named: HashSet<String> = HashSet::new();
    let mut seen_shards: HashSet<String> = HashSet::new();
    let mut removed = Removed::default();
    let mut text = read(&dir.join("articles.json"))?;
    let mut manifest = parse(dir, "articles.json", &text)?;
    loop {
        removed.versions += 1;
        named.insert(format!(
            "manifests/{}.json",
            broadsheet_core::content_hash::content_hash(&text)
        ));
        name_files(dir, &manifest, &mut named, &mut seen_shards)?;
        if removed.versions >= versions {
            break;
        }
        let Some(previous) = manifest.previous.clone() else {
            break;
        };
        let path = format!("manifests/{previous}.json");
        let Ok(bytes) = std::fs::read(dir.join(&path)) else {
            break; // removed by hand: its files are not known
        };
        text = bytes;
        manifest = parse(dir, &path, &text)?;
    }
    for folder in ["cards", "bodies", "ids", "meta", "index", "manifests"] {
        let Ok(entries) = std::fs::read_dir(dir.join(folder)) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = format!("{folder}/{name}");
            if named.contains(&rel) || !is_archive_name(&name) {
                continue;
            }
            let meta = entry
                .metadata()
                .map_err(|e| format!("cannot read {}: {e}", entry.path().display()))?;
            if !meta.is_file() {
                continue;
            }
            std::fs::remove_file(entry.path())
                .map_err(|e| format!("cannot remove {}: {e}", entry.path().display()))?;
            removed.files += 1;
            removed.bytes += meta.len();
        }
    }
    Ok(removed)
}

/// Whether `name` is one the archive writes: a content hash (16 hex
/// digits), then `.json.gz`, `.bin.gz`, `.shards.bin.gz` or (a kept
/// manifest) `.json`.
fn is_archive_name(name: &str) -> bool {
    let (hash, ext) = name.split_at(name.find('.').unwrap_or(name.len()));
    hash.len() == 16
        && hash.bytes().all(|b| b.is_ascii_hexdigit())
        && matches!(ext, ".json.gz" | ".bin.gz" | ".shards.bin.gz" | ".json")
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn parse(dir: &Path, rel: &str, text: &[u8]) -> Result<Manifest, String> {
    read_manifest(dir, &dir.join(rel), text)
}

/// A file of the archive, unzipped.
fn unzipped(
    dir: &Path,
    m: &Manifest,
    kind: ArchiveFileKind,
    hash: &str,
) -> Result<Vec<u8>, String> {
    let path = dir.join(kind.path(hash));
    unzip_if_gzip(read(&path)?, m.file_limit(kind)).map_err(|e| format!("{}: {e}", path.display()))
}

/// Adds every file `m` names to `named` (card shards already read, in
/// `seen_shards`, are not read again: their body chunks are named).
pub(crate) fn name_files(
    dir: &Path,
    m: &Manifest,
    named: &mut HashSet<String>,
    seen_shards: &mut HashSet<String>,
) -> Result<(), String> {
    named.insert(ArchiveFileKind::Meta.path(&m.source_ids.hash));
    if let Some(f) = &m.language_ids {
        named.insert(ArchiveFileKind::Meta.path(&f.hash));
    }
    if let Some(f) = &m.stories {
        named.insert(ArchiveFileKind::Stories.path(&f.hash));
    }
    if let Some(table) = &m.shard_table {
        named.insert(ArchiveFileKind::Shards.path(&table.file.hash));
    }
    for shard in &m.shards {
        named.insert(ArchiveFileKind::Cards.path(&shard.cards.hash));
        if !seen_shards.insert(shard.cards.hash.clone()) {
            continue;
        }
        let bytes = unzipped(dir, m, ArchiveFileKind::Cards, &shard.cards.hash)?;
        let path = ArchiveFileKind::Cards.path(&shard.cards.hash);
        let cards = parse_cards(&path, &bytes, shard.count).map_err(|e| e.to_string())?;
        for (_, hash) in cards.bodies.0 {
            named.insert(ArchiveFileKind::Bodies.path(&hash));
        }
    }
    for segment in &m.segments {
        for bucket in &segment.ids {
            named.insert(ArchiveFileKind::Ids.path(&bucket.hash));
        }
        let Some(root) = &segment.index else {
            continue;
        };
        if !named.insert(ArchiveFileKind::Index.path(&root.hash)) {
            continue; // a segment shared with a version already named
        }
        let bytes = unzipped(dir, m, ArchiveFileKind::Index, &root.hash)?;
        let mut index = PartitionedIndex::from_root(&bytes)
            .map_err(|e| format!("{}: {e}", ArchiveFileKind::Index.path(&root.hash)))?;
        // The root lists every part but the streams', which the
        // dictionary blocks list: each read (and dropped) for them.
        for part in index.dictionary_block_parts() {
            let hash = index.part_hash(part);
            let block = unzipped(dir, m, ArchiveFileKind::Index, &hash)?;
            index
                .add_part(part, &block)
                .map_err(|e| format!("{}: {e}", ArchiveFileKind::Index.path(&hash)))?;
            index.evict_to(0);
        }
        for part in 0..index.part_count() {
            named.insert(ArchiveFileKind::Index.path(&index.part_hash(part)));
        }
    }
    Ok(())
}
