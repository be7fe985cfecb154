//! Merging consecutive segments of an archive into one without reading
//! its articles back: the search index merged term by term
//! (`broadsheet_core::search::merge_segments`: memory holds the
//! vocabulary, not the postings), the id buckets made anew from the
//! segments'. Card shards, bodies, days, sources and languages are the
//! archive's, not a segment's, so they stay as they are. Used by tiered
//! merging, `--merge`, and after `--join`.

use crate::append::Archive;
use crate::shards::{fill_sizes, index_options, with_writers, Layout, Written};
use broadsheet_core::archive::{
    id_bucket, id_bucket_count, id_bucket_file, parse_ids, ArchiveFile, ArchiveFileKind,
    ArchiveSegment, FileRef, Manifest, ShardOptions,
};
use broadsheet_core::content_hash::content_hash;
use broadsheet_core::gunzip::unzip_if_gzip;
use broadsheet_core::search::merge_segments;
use std::ops::Range;

/// Merges segments `run` of `manifest` (an archive in `dir`) into one, in
/// place in `manifest` (whose other fields stay); the files written.
pub(crate) fn merge_segments_of(
    dir: &std::path::Path,
    manifest: &mut Manifest,
    run: Range<usize>,
    layout: &Layout,
) -> Result<Written, String> {
    let (segment, stored) = with_writers(dir, |store| {
        let archive = Archive { dir, m: manifest };
        merge_run(&archive, run.clone(), layout, store)
    })?;
    let (segment, terms) = segment?;
    manifest.segments.splice(run, [segment]);
    fill_sizes(manifest, &stored.sizes);
    Ok(stored.written(terms))
}

/// The segment of segments `run` of the archive, its files given to
/// `store`; and its index's vocabulary.
fn merge_run(
    archive: &Archive<'_>,
    run: Range<usize>,
    layout: &Layout,
    store: &(dyn Fn(ArchiveFile) + Sync),
) -> Result<(ArchiveSegment, usize), String> {
    let m = archive.m;
    let segments = &m.segments[run.clone()];
    let mut roots = Vec::with_capacity(segments.len());
    for (i, s) in segments.iter().enumerate() {
        let Some(root) = &s.index else {
            return Err(format!(
                "segment {} of the archive has no search index: write the archive again with --shards",
                run.start + i + 1
            ));
        };
        roots.push(archive.read(ArchiveFileKind::Index, root)?);
    }
    let articles: u32 = segments.iter().map(|s| s.articles).sum();
    let limit = m.file_limit(ArchiveFileKind::Index);
    let mut read_part = |_: usize, hash: &str| {
        // The merge checks each part against its hash.
        let path = archive.dir.join(ArchiveFileKind::Index.path(hash));
        let stored =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        unzip_if_gzip(stored, limit).map_err(|e| format!("{}: {e}", path.display()))
    };
    let roots: Vec<&[u8]> = roots.iter().map(Vec::as_slice).collect();
    let merged = merge_segments(
        &roots,
        &mut read_part,
        &index_options(articles as usize, layout),
        &mut |hash, content| {
            store(ArchiveFile {
                path: ArchiveFileKind::Index.path(hash),
                content,
            })
        },
    )?;
    let root_hash = content_hash(&merged.root);
    store(ArchiveFile {
        path: ArchiveFileKind::Index.path(&root_hash),
        content: merged.root,
    });

    // Ids: each segment's, at their positions in the merged one, straight
    // into the merged segment's buckets (each id held once).
    let count = id_bucket_count(articles as usize, ShardOptions::default().ids_per_bucket);
    let mut bucketed: Vec<Vec<(String, u32)>> = vec![Vec::new(); count];
    let mut listed = vec![false; articles as usize];
    let mut start = 0u32;
    for s in segments {
        for bucket in &s.ids {
            let bytes = archive.read(ArchiveFileKind::Ids, bucket)?;
            let path = ArchiveFileKind::Ids.path(&bucket.hash);
            for (id, at) in parse_ids(&path, &bytes, s.articles).map_err(|e| e.to_string())? {
                let position = start + at;
                listed[position as usize] = true;
                bucketed[id_bucket(&id, count)].push((id, position));
            }
        }
        start += s.articles;
    }
    if let Some(at) = listed.iter().position(|&l| !l) {
        return Err(format!(
            "no id bucket lists the article at position {at} of the segments merged"
        ));
    }
    drop(listed);
    let mut buckets = Vec::new();
    for mut ids in bucketed {
        // In position order, as a segment written at once lists them.
        ids.sort_unstable_by_key(|&(_, at)| at);
        let content = id_bucket_file(ids);
        let hash = content_hash(&content);
        store(ArchiveFile {
            path: ArchiveFileKind::Ids.path(&hash),
            content,
        });
        buckets.push(FileRef { hash, bytes: 0 });
    }
    let segment = ArchiveSegment {
        articles,
        index: Some(FileRef {
            hash: root_hash,
            bytes: 0,
        }),
        ids: buckets,
    };
    Ok((segment, merged.terms))
}
