//! `--shards DIR`: a sharded archive for a static host (see
//! `broadsheet_core::archive`): the manifest `DIR/articles.json`, card and
//! body shards, id buckets, each article's source, and the partitioned
//! search index, every file gzip-compressed and named by its content hash.
//!
//! Files already present under their hash are not written again, so
//! writing a grown archive into the same folder adds only what changed,
//! and a page still open on the previous manifest keeps finding its files.
//! The manifest is written last, atomically: a reader never sees it point
//! at a file that is not there yet.

use crate::output::write_atomically;
use broadsheet_core::archive::{write_shards, ArchiveFile, FileKind, FileRef, ShardOptions};
use broadsheet_core::content_hash::content_hash;
use broadsheet_core::Article;
use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// What was written, for the summary line.
#[derive(Debug, Default)]
pub struct Written {
    pub files: u64,
    pub bytes: u64,
    pub largest: u64,
    pub index_bytes: u64,
}

/// Writes the archive of `articles` (any order) into `dir`.
pub fn write_archive(
    dir: &Path,
    mut articles: Vec<Article>,
    shard_articles: usize,
) -> Result<Written, String> {
    broadsheet_core::set::sort_newest_first(&mut articles);
    let files = AtomicU64::new(0);
    let bytes = AtomicU64::new(0);
    let largest = AtomicU64::new(0);
    let failure = std::sync::Mutex::new(None::<String>);
    let store = |file: ArchiveFile| -> u64 {
        match store_file(dir, &file) {
            Ok(size) => {
                files.fetch_add(1, Ordering::Relaxed);
                bytes.fetch_add(size, Ordering::Relaxed);
                largest.fetch_max(size, Ordering::Relaxed);
                size
            }
            Err(e) => {
                failure
                    .lock()
                    .expect("not poisoned")
                    .get_or_insert_with(|| format!("cannot write {}: {e}", file.path));
                0
            }
        }
    };
    // The index builds on one core while the shards compress on the other.
    let (mut manifest, index) = std::thread::scope(|scope| {
        let index = scope.spawn(|| write_index(&articles, &store));
        let options = ShardOptions {
            max_articles: shard_articles,
            ..ShardOptions::default()
        };
        let manifest = write_shards(&articles, &options, &store);
        (
            manifest,
            index.join().expect("the index thread does not panic"),
        )
    });
    if let Some(e) = failure.into_inner().expect("not poisoned") {
        return Err(e);
    }
    manifest.index = index.root;
    write_atomically(&dir.join("articles.json"), manifest.to_json().as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", dir.join("articles.json").display()))?;
    Ok(Written {
        files: files.into_inner() + 1,
        bytes: bytes.into_inner(),
        largest: largest.into_inner(),
        index_bytes: index.bytes,
    })
}

struct IndexWritten {
    root: Option<FileRef>,
    bytes: u64,
}

/// Builds the search index over `articles` (newest first, the page's
/// positions) and stores its root and parts.
fn write_index(articles: &[Article], store: &(impl Fn(ArchiveFile) -> u64 + Sync)) -> IndexWritten {
    let index = broadsheet_core::SearchIndex::new(articles);
    let files = broadsheet_core::search::partition_index(
        &index,
        &broadsheet_core::search::PartitionOptions::default(),
    );
    drop(index);
    let mut bytes = 0;
    for part in files.parts {
        let hash = content_hash(&part);
        bytes += store(ArchiveFile {
            path: FileKind::Index.path(&hash),
            content: part,
        });
    }
    let hash = content_hash(&files.root);
    let root_bytes = store(ArchiveFile {
        path: FileKind::Index.path(&hash),
        content: files.root,
    });
    IndexWritten {
        root: Some(FileRef {
            hash,
            bytes: root_bytes,
        }),
        bytes: bytes + root_bytes,
    }
}

/// Writes `file` gzip-compressed under `dir`, unless a file of that name
/// (hence that content) is already there; gives its size on disk.
fn store_file(dir: &Path, file: &ArchiveFile) -> std::io::Result<u64> {
    let path = dir.join(&file.path);
    if let Ok(meta) = std::fs::metadata(&path) {
        if meta.len() > 0 {
            return Ok(meta.len());
        }
    }
    let mut gz = GzEncoder::new(
        Vec::with_capacity(file.content.len() / 3),
        Compression::new(6),
    );
    gz.write_all(&file.content)?;
    let compressed = gz.finish()?;
    // Under a temporary name, then renamed: a file under its hash is
    // always whole. (No fsync per file: thousands of them would take
    // minutes; the manifest, written last, is synced.)
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    std::fs::write(&tmp, &compressed)?;
    std::fs::rename(&tmp, &path)?;
    Ok(compressed.len() as u64)
}
