//! `--shards DIR`: a sharded archive for a static host (see
//! `broadsheet_core::archive`): the manifest `DIR/articles.json`, card and
//! body shards, id buckets, each article's source, and the partitioned
//! search index, every file gzip-compressed and named by its content hash.
//!
//! Files already present under their hash are not written again, so
//! writing a grown archive into the same folder adds only what changed,
//! and a page still open on the previous manifest keeps finding its files.
//! Each such file is checked first (unzipped and compared with what would
//! be written): one damaged under its right name is written again, and
//! the run says so. The manifest is written last, atomically: a reader
//! never sees it point at a file that is not there yet. A failed run (a
//! full disk) leaves no temporary files behind.

use crate::output::{temporary_path, write_output, TempFile};
use broadsheet_core::archive::{
    check_hash, shard_table_file, write_shards, ArchiveFile, ArchiveFileKind, FileRef, Manifest,
    ShardOptions, ShardTable,
};
use broadsheet_core::content_hash::content_hash;
use broadsheet_core::gunzip::unzip_if_gzip;
use broadsheet_core::search::language::LanguageGuesser;
use broadsheet_core::search::tokenize::Unspaced;
use broadsheet_core::search::{
    merge_segments, write_index_parts, IndexBuilder, PartitionOptions, SearchIndex,
};
use broadsheet_core::Article;
use flate2::write::GzEncoder;
use flate2::Compression;
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::mpsc;
use std::sync::Mutex;

/// Threads compressing and writing files, beside the one building the
/// index: compression is most of the work, and the two overlap.
const WRITERS: usize = 2;

/// What was written, for the summary line.
#[derive(Debug, Default)]
pub struct Written {
    pub files: u64,
    pub bytes: u64,
    pub largest: u64,
    /// Of those, the files that were not there before and their bytes
    /// (with the manifest): what to upload to the host.
    pub new_files: u64,
    pub new_bytes: u64,
    pub index_bytes: u64,
    /// The search index's vocabulary: its distinct terms.
    pub index_terms: usize,
    /// Files that were there under their name but damaged, written again
    /// (paths inside the folder).
    pub repaired: Vec<String>,
}

impl Written {
    /// Adds what another step of the same run wrote.
    pub fn add(&mut self, other: Written) {
        self.files += other.files;
        self.bytes += other.bytes;
        self.largest = self.largest.max(other.largest);
        self.new_files += other.new_files;
        self.new_bytes += other.new_bytes;
        self.index_bytes += other.index_bytes;
        self.index_terms = other.index_terms.max(self.index_terms);
        self.repaired.extend(other.repaired);
    }

    /// Counts a file [`store_file`] stored.
    pub fn count(&mut self, stored: &Stored) {
        self.files += 1;
        self.bytes += stored.size;
        if stored.written {
            self.new_files += 1;
            self.new_bytes += stored.size;
        }
    }
}

/// How an archive is cut: articles per card shard, and articles indexed
/// at once (more are indexed in batches and merged, see `write_index`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    pub shard_articles: usize,
    pub index_batch: usize,
    /// A term's doc stream longer than this many bytes is cut into parts
    /// (`PartitionOptions::doc_span_bytes`): the first is all the page's
    /// first results need of a common word.
    pub doc_span: usize,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            shard_articles: ShardOptions::default().max_articles,
            index_batch: INDEX_BATCH,
            doc_span: PartitionOptions::default().doc_span_bytes,
        }
    }
}

/// Writes the archive of `articles` (any order) into `dir`.
pub fn write_archive(
    dir: &Path,
    mut articles: Vec<Article>,
    layout: &Layout,
) -> Result<Written, String> {
    broadsheet_core::set::sort_newest_first(&mut articles);
    let (mut manifest, mut written) = write_segment(dir, &articles, layout)?;
    write_manifest(dir, &mut manifest, &mut written)?;
    Ok(written)
}

/// Writes `manifest` (every shard listed, sizes filled in): its shard
/// table first when it has more than `INLINE_SHARDS` shards, then the
/// manifest itself, atomically and last (synced), with a copy kept as
/// `manifests/<hash>.json` (what `--keep-versions` reads back). Counts
/// both in `written`.
pub fn write_manifest(
    dir: &Path,
    manifest: &mut Manifest,
    written: &mut Written,
) -> Result<(), String> {
    manifest.shard_table = None;
    if let Some((hash, file)) = shard_table_file(manifest).map_err(|e| e.to_string())? {
        let stored = store_file(dir, &file)
            .map_err(|e| format!("cannot write {}: {e}", dir.join(&file.path).display()))?;
        written.count(&stored);
        manifest.shard_table = Some(ShardTable {
            shards: manifest.shards.len() as u32,
            file: FileRef {
                hash,
                bytes: stored.size,
            },
        });
    }
    let text = manifest.published().to_json();
    write_manifest_text(dir, &text)?;
    written.files += 1;
    written.new_files += 1;
    written.new_bytes += text.len() as u64;
    Ok(())
}

/// Reads the manifest `text` of the archive in `dir` (`name` words
/// errors), with its shard table: every shard listed.
pub fn read_manifest(dir: &Path, name: &Path, text: &[u8]) -> Result<Manifest, String> {
    let mut m = Manifest::parse_bytes(text).map_err(|e| format!("{}: {e}", name.display()))?;
    if let Some(table) = &m.shard_table {
        let rel = ArchiveFileKind::Shards.path(&table.file.hash);
        let path = dir.join(&rel);
        let bytes =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let bytes = unzip_if_gzip(bytes, m.file_limit(ArchiveFileKind::Shards))
            .map_err(|e| format!("{}: {e}", path.display()))?;
        check_hash(&rel, &table.file.hash, &bytes)
            .and_then(|()| m.read_shard_table(&rel, &bytes))
            .map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    Ok(m)
}

/// Writes `text` as the manifest, atomically and last (synced), and keeps
/// a copy as `manifests/<hash>.json`.
fn write_manifest_text(dir: &Path, text: &str) -> Result<(), String> {
    let copy = dir
        .join("manifests")
        .join(format!("{}.json", content_hash(text.as_bytes())));
    std::fs::create_dir_all(dir.join("manifests"))
        .and_then(|()| {
            if copy.exists() {
                Ok(())
            } else {
                write_output(&copy, text.as_bytes())
            }
        })
        .map_err(|e| format!("cannot write {}: {e}", copy.display()))?;
    write_output(&dir.join("articles.json"), text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", dir.join("articles.json").display()))
}

/// Writes `articles` (newest first) into `dir` as the files of one segment
/// (card shards, bodies, id buckets, sources files and search index), and
/// gives the manifest of an archive of just them, not written.
pub fn write_segment(
    dir: &Path,
    articles: &[Article],
    layout: &Layout,
) -> Result<(Manifest, Written), String> {
    let ((manifest, index_root), stored) = with_writers(dir, |store| {
        std::thread::scope(|scope| {
            let index = scope.spawn(|| write_index(dir, articles, layout, store));
            let options = ShardOptions {
                max_articles: layout.shard_articles,
                ..ShardOptions::default()
            };
            let manifest = write_shards(articles, &options, |file| {
                store(file);
                0
            });
            let root = index.join().expect("the index thread does not panic");
            (manifest, root)
        })
    })?;
    let index_root = index_root?;
    let mut manifest = manifest.map_err(|e| e.to_string())?;
    if let Some(segment) = manifest.segments.first_mut() {
        segment.index = Some(index_root.root);
    }
    manifest.dictionary_words = index_root.unspaced == Unspaced::Dictionary;
    fill_sizes(&mut manifest, &stored.sizes);
    let written = stored.written(index_root.terms);
    Ok((manifest, written))
}

/// What [`with_writers`] stored: each file's size on disk by path, the
/// files not there before and their bytes, and those written again
/// (damaged under their name).
pub(crate) struct StoreReport {
    pub(crate) sizes: HashMap<String, u64>,
    pub(crate) new_files: u64,
    pub(crate) new_bytes: u64,
    pub(crate) repaired: Vec<String>,
}

impl StoreReport {
    /// The summary's figures, with the index's vocabulary.
    pub(crate) fn written(self, index_terms: usize) -> Written {
        let mut repaired = self.repaired;
        repaired.sort();
        Written {
            files: self.sizes.len() as u64,
            bytes: self.sizes.values().sum(),
            new_files: self.new_files,
            new_bytes: self.new_bytes,
            largest: self.sizes.values().copied().max().unwrap_or(0),
            index_bytes: self
                .sizes
                .iter()
                .filter(|(path, _)| path.starts_with("index/"))
                .map(|(_, size)| size)
                .sum(),
            index_terms,
            repaired,
        }
    }
}

/// Runs `work` with a store that hands each file to `WRITERS` threads,
/// which compress it and write it into `dir` (`store_file`) while `work`
/// goes on; the queue is short, so files wait in memory only a few at a
/// time. The first file that cannot be written fails the run (the rest are
/// drained, not written).
pub(crate) fn with_writers<R: Send>(
    dir: &Path,
    work: impl FnOnce(&(dyn Fn(ArchiveFile) + Sync)) -> R + Send,
) -> Result<(R, StoreReport), String> {
    let (send, receive) = mpsc::sync_channel::<ArchiveFile>(64);
    let receive = Mutex::new(receive);
    let sizes = Mutex::new(HashMap::<String, u64>::new());
    let new = Mutex::new((0u64, 0u64));
    let repaired = Mutex::new(Vec::<String>::new());
    let failure = Mutex::new(None::<String>);
    let result = std::thread::scope(|scope| {
        for _ in 0..WRITERS {
            scope.spawn(|| loop {
                let next = receive.lock().expect("not poisoned").recv();
                let Ok(file) = next else { break };
                if failure.lock().expect("not poisoned").is_some() {
                    continue; // the run has failed: drain the queue, write nothing more
                }
                match store_file(dir, &file) {
                    Ok(stored) => {
                        if stored.written {
                            let mut new = new.lock().expect("not poisoned");
                            new.0 += 1;
                            new.1 += stored.size;
                        }
                        if stored.repaired {
                            repaired
                                .lock()
                                .expect("not poisoned")
                                .push(file.path.clone());
                        }
                        sizes
                            .lock()
                            .expect("not poisoned")
                            .insert(file.path, stored.size);
                    }
                    Err(e) => {
                        failure
                            .lock()
                            .expect("not poisoned")
                            .get_or_insert_with(|| {
                                format!("cannot write {}: {e}", dir.join(&file.path).display())
                            });
                    }
                }
            });
        }
        // A send fails only once every writer is gone, which the failure
        // they leave explains.
        let result = work(&|file| {
            let _ = send.send(file);
        });
        drop(send);
        result
    });
    if let Some(e) = failure.into_inner().expect("not poisoned") {
        return Err(e);
    }
    let (new_files, new_bytes) = new.into_inner().expect("not poisoned");
    Ok((
        result,
        StoreReport {
            sizes: sizes.into_inner().expect("not poisoned"),
            new_files,
            new_bytes,
            repaired: repaired.into_inner().expect("not poisoned"),
        },
    ))
}

/// Puts each file's stored size into the manifest (written before the
/// files were compressed).
pub(crate) fn fill_sizes(manifest: &mut Manifest, sizes: &HashMap<String, u64>) {
    let fill = |kind: ArchiveFileKind, file: &mut FileRef| {
        file.bytes = sizes.get(&kind.path(&file.hash)).copied().unwrap_or(0);
    };
    for shard in &mut manifest.shards {
        fill(ArchiveFileKind::Cards, &mut shard.cards);
    }
    for segment in &mut manifest.segments {
        for bucket in &mut segment.ids {
            fill(ArchiveFileKind::Ids, bucket);
        }
        if let Some(root) = &mut segment.index {
            fill(ArchiveFileKind::Index, root);
        }
    }
    fill(ArchiveFileKind::Meta, &mut manifest.source_ids);
    if let Some(languages) = &mut manifest.language_ids {
        fill(ArchiveFileKind::Meta, languages);
    }
    if let Some(stories) = &mut manifest.stories {
        fill(ArchiveFileKind::Stories, stories);
    }
}

/// Articles indexed at once by default (`--index-batch`): an index over
/// more is built in batches of this many (each partitioned into a scratch
/// folder), then merged term by term (`merge_segments`), so memory holds
/// one batch's index, not the archive's. The result is the same, file for
/// file.
pub const INDEX_BATCH: usize = 200_000;

/// Builds the search index over `articles` (newest first, the page's
/// positions) and stores its root and parts.
/// The index an archive is written from: with common-word pairs (so a
/// phrase with `the` never reads its positions), untagged articles'
/// languages guessed on from `guesser`; and the guesser after them.
fn archive_index(articles: &[Article], guesser: LanguageGuesser) -> (SearchIndex, LanguageGuesser) {
    let mut builder = IndexBuilder::new(articles)
        .with_guesser(guesser)
        .with_word_pairs();
    articles.iter().for_each(|a| builder.push(a));
    let guesser = builder.take_guesser();
    (builder.finish(), guesser)
}

/// The index layout for `articles` articles: parts in proportion to the
/// segment (an append's is small), doc streams cut as `layout` says.
pub(crate) fn index_options(articles: usize, layout: &Layout) -> PartitionOptions {
    PartitionOptions {
        doc_span_bytes: layout.doc_span,
        ..PartitionOptions::for_articles(articles)
    }
}

fn write_index(
    dir: &Path,
    articles: &[Article],
    layout: &Layout,
    store: &(dyn Fn(ArchiveFile) + Sync),
) -> Result<IndexWritten, String> {
    let options = index_options(articles.len(), layout);
    let batch = layout.index_batch;
    let mut store_part = |hash: &str, content: Vec<u8>| {
        store(ArchiveFile {
            path: ArchiveFileKind::Index.path(hash),
            content,
        })
    };
    let batch = batch.max(1);
    let (root, unspaced, terms) = if articles.len() <= batch {
        let (index, _) = archive_index(articles, LanguageGuesser::default());
        let root = write_index_parts(&index, &options, &mut store_part);
        (root, index.unspaced(), index.term_count())
    } else {
        let scratch = ScratchDir::new(dir)?;
        let mut roots = Vec::new();
        let mut unspaced = Unspaced::None;
        let mut guesser = LanguageGuesser::default();
        for batch in articles.chunks(batch) {
            // Languages guessed as in one run over all the articles.
            let index;
            (index, guesser) = archive_index(batch, guesser);
            unspaced = unspaced.max(index.unspaced());
            let mut failed = None;
            let root = write_index_parts(
                &index,
                &index_options(batch.len(), layout),
                &mut |hash, part| {
                    if let Err(e) = std::fs::write(scratch.path.join(hash), part) {
                        failed.get_or_insert(e);
                    }
                },
            );
            if let Some(e) = failed {
                return Err(format!("cannot write in {}: {e}", scratch.path.display()));
            }
            roots.push(root);
        }
        let roots: Vec<&[u8]> = roots.iter().map(Vec::as_slice).collect();
        let merged = merge_segments(
            &roots,
            &mut |_, hash| {
                let path = scratch.path.join(hash);
                std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))
            },
            &options,
            &mut store_part,
        )?;
        (merged.root, unspaced, merged.terms)
    };
    let hash = content_hash(&root);
    store(ArchiveFile {
        path: ArchiveFileKind::Index.path(&hash),
        content: root,
    });
    Ok(IndexWritten {
        root: FileRef { hash, bytes: 0 },
        unspaced,
        terms,
    })
}

/// A scratch folder inside the archive's folder (the same disk), removed
/// with what it holds when dropped, whether the run succeeded or not.
pub(crate) struct ScratchDir {
    pub(crate) path: std::path::PathBuf,
}

impl ScratchDir {
    pub(crate) fn new(dir: &Path) -> Result<Self, String> {
        let path = dir.join(format!(".scratch-{}", std::process::id()));
        std::fs::create_dir_all(&path)
            .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
        Ok(ScratchDir { path })
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// What [`write_index`] wrote: the root (its size filled in later), how
/// text written without spaces was cut, and the vocabulary.
struct IndexWritten {
    root: FileRef,
    unspaced: Unspaced,
    terms: usize,
}

/// What [`store_file`] did.
#[derive(Debug)]
pub struct Stored {
    /// The file's size on disk.
    pub size: u64,
    /// It was written (not there before, or damaged).
    pub written: bool,
    /// It was there under its name, damaged, and was written again.
    pub repaired: bool,
}

/// Writes `file` gzip-compressed under `dir`, unless a file of that name
/// holding that content is already there.
pub fn store_file(dir: &Path, file: &ArchiveFile) -> std::io::Result<Stored> {
    let path = dir.join(&file.path);
    let repaired = match std::fs::symlink_metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Ok(meta) if meta.is_file() && holds(&path, meta.len(), &file.content) => {
            return Ok(Stored {
                size: meta.len(),
                written: false,
                repaired: false,
            });
        }
        _ => true,
    };
    let mut gz = GzEncoder::new(
        Vec::with_capacity(file.content.len() / 3),
        Compression::new(6),
    );
    gz.write_all(&file.content)?;
    let compressed = gz.finish()?;
    // Under a temporary name, then renamed: a file under its hash is
    // always whole, and a failed write removes what it began. (No fsync
    // per file: thousands of them would take minutes; the manifest,
    // written last, is synced.)
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = TempFile::new(temporary_path(&path)?);
    std::fs::write(tmp.path(), &compressed)?;
    tmp.rename_to(&path)?;
    Ok(Stored {
        size: compressed.len() as u64,
        written: true,
        repaired,
    })
}

/// Whether the gzip file at `path` (`size` bytes) is exactly `content`
/// compressed (checksum and length included, nothing after it). Unzipping
/// stops one byte past `content`, so a damaged file cannot make this
/// allocate more than it.
fn holds(path: &Path, size: u64, content: &[u8]) -> bool {
    use std::io::Read;
    // gzip adds a header and trailer, and 5 bytes per 64 KB block stored
    // as is: anything larger is not this content.
    if size == 0 || size > content.len() as u64 + content.len() as u64 / 1000 + 1024 {
        return false;
    }
    let Ok(stored) = std::fs::read(path) else {
        return false;
    };
    let mut decoder = flate2::bufread::GzDecoder::new(stored.as_slice());
    let mut unzipped = Vec::with_capacity(content.len());
    let read = (&mut decoder)
        .take(content.len() as u64 + 1)
        .read_to_end(&mut unzipped);
    read.is_ok() && unzipped == content && decoder.into_inner().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two writer threads may store files of the same content (two index
    /// parts alike) at the same moment: both must succeed (a shared
    /// temporary name once made one rename take the other's file away:
    /// "No such file or directory" in a 10M build).
    #[test]
    fn the_same_file_stored_by_two_threads_at_once_is_stored() {
        let dir =
            std::env::temp_dir().join(format!("broadsheet-store-race-{}", std::process::id()));
        for i in 0..300 {
            let file = ArchiveFile {
                path: format!("index/{i:016x}.bin.gz"),
                content: format!("part {i}").repeat(1000).into_bytes(),
            };
            let barrier = std::sync::Barrier::new(2);
            std::thread::scope(|s| {
                let both = [(); 2].map(|()| {
                    s.spawn(|| {
                        barrier.wait();
                        store_file(&dir, &file)
                    })
                });
                for stored in both {
                    let stored = stored.join().unwrap();
                    assert!(stored.is_ok(), "write {i}: {stored:?}");
                }
            });
            let path = dir.join(&file.path);
            let size = std::fs::metadata(&path).unwrap().len();
            assert!(holds(&path, size, &file.content), "write {i}");
        }
        let left: Vec<_> = std::fs::read_dir(dir.join("index"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".tmp-"))
            .collect();
        assert!(left.is_empty(), "temporary files left: {left:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
