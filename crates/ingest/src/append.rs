//! `--shards DIR --append`: adds articles to a sharded archive without
//! rewriting what did not change. The new articles become a new segment
//! (its card shards, bodies, id buckets and search index; see
//! `broadsheet_core::archive`) listed first in a new manifest, beside the
//! segments already there, whose files stay as they are; only the small
//! sources and languages files and the manifest are written anew.
//!
//! Positions stay newest first across segments, so a segment holds a run
//! of the archive's order: when the new articles are all newer than the
//! archive's newest (a desk adding today's articles), nothing else is
//! touched. Articles older than that (a late article, a backfill) are
//! written together with the newest segments they fall among, read back
//! from their files: the segments from the newest one down to the first
//! that is wholly older.
//!
//! An id already in the archive follows the duplicate rule, the archive
//! being the earlier input: the same article again is merged (counted), a
//! different one is skipped and reported; the archive's copy stays.
//!
//! Every file is written before the manifest, which is written last and
//! atomically (`shards::write_manifest`): a run that fails leaves the
//! previous version whole, and a page open on it keeps finding its files.

use crate::merge::merge_segments_of;
use crate::shards::{read_manifest, store_file, write_manifest, write_segment, Layout, Written};
use broadsheet_core::archive::{
    check_hash, parse_bodies, parse_cards, parse_ids, parse_language_ids, parse_source_ids,
    ArchiveFile, ArchiveFileKind, ArchiveMeta, FileRef, Manifest, ARCHIVE_VERSION,
};
use broadsheet_core::clusters::Stories;
use broadsheet_core::content_hash::content_hash;
use broadsheet_core::gunzip::unzip_if_gzip;
use broadsheet_core::search::language::primary_subtag;
use broadsheet_core::set::{newest_first, sort_newest_first};
use broadsheet_core::Article;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// How many segments of a size tier make the next: when the newest
/// segments of the new one's tier (or below) would be this many, they are
/// merged into one (tiered merging, as Lucene's and tantivy's), so an
/// archive appended to every day keeps a few segments of each size:
/// at most `MERGE_FACTOR - 1` per tier, a handful at a million articles.
pub const MERGE_FACTOR: usize = 4;
/// The size of the smallest tier: segments below it are all tier 0.
const TIER_BASE: usize = 1000;

/// A segment's size tier: 0 below `TIER_BASE * MERGE_FACTOR` articles,
/// then one more per `MERGE_FACTOR` times as many.
pub fn tier(articles: usize) -> u32 {
    let mut tier = 0;
    let mut bound = TIER_BASE * MERGE_FACTOR;
    while articles >= bound {
        tier += 1;
        bound = bound.saturating_mul(MERGE_FACTOR);
    }
    tier
}

/// What an append did, for the summary.
#[derive(Debug, Default)]
pub struct Appended {
    /// Articles added.
    pub added: usize,
    /// Articles already in the archive with the same content (merged).
    pub identical: usize,
    /// Ids already in the archive with other content: skipped, the
    /// archive's copy kept.
    pub conflicts: Vec<String>,
    /// Segments read back and written again with the new articles (they
    /// fell among theirs), and those left as they were.
    pub merged_segments: usize,
    pub kept_segments: usize,
    /// Nothing was written: ids came in as other versions of the
    /// archive's, and `--keep-going` was not given.
    pub held_back: bool,
    /// Segments and articles of the archive now.
    pub segments: usize,
    pub articles: u32,
    /// The files written (nothing when nothing was added).
    pub written: Written,
}

/// Adds `incoming` (any order, distinct ids) to the archive in `dir`; an
/// archive that is not there yet is written whole. Other versions of ids
/// already there are skipped; unless `keep_going`, nothing is then written.
pub fn append_archive(
    dir: &Path,
    mut incoming: Vec<Article>,
    layout: &Layout,
    keep_going: bool,
    merge_all: bool,
) -> Result<Appended, String> {
    let manifest_path = dir.join("articles.json");
    let old_text = match std::fs::read(&manifest_path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let added = incoming.len();
            let written = crate::shards::write_archive(dir, incoming, layout)?;
            return Ok(Appended {
                added,
                segments: 1,
                articles: added as u32,
                written,
                ..Appended::default()
            });
        }
        Err(e) => return Err(format!("cannot read {}: {e}", manifest_path.display())),
    };
    let old = read_manifest(dir, &manifest_path, &old_text).map_err(|e| {
        format!(
            "{e} (--append adds to an archive this broadsheet-ingest wrote; write it again with --shards)"
        )
    })?;
    let archive = Archive { dir, m: &old };
    let mut appended = Appended::default();

    // Ids already there: the archive's copy wins.
    let known = archive.ids()?;
    let mut repeated = Vec::new();
    incoming.retain(|a| match known.get(&a.id) {
        Some(&at) => {
            repeated.push((at, a.clone()));
            false
        }
        None => true,
    });
    for (at, a) in repeated {
        if archive.article(at)? == a {
            appended.identical += 1;
        } else {
            appended.conflicts.push(a.id);
        }
    }
    appended.conflicts.sort();
    appended.held_back = !appended.conflicts.is_empty() && !keep_going;
    let nothing = incoming.is_empty() && (!merge_all || old.segments.len() < 2);
    if nothing || appended.held_back {
        appended.kept_segments = old.segments.len();
        appended.segments = old.segments.len();
        appended.articles = old.articles;
        return Ok(appended);
    }
    appended.added = incoming.len();
    let previous = content_hash(&old_text);

    let (mut manifest, mut written) = if incoming.is_empty() {
        let manifest = Manifest {
            previous: Some(previous),
            ..old.clone()
        };
        (manifest, Written::default())
    } else {
        // The newest segments the new articles fall among are written
        // again with them; the rest, wholly older, stay.
        sort_newest_first(&mut incoming);
        let starts = old.segment_starts();
        let days = old.day_index();
        let mut merged = incoming;
        let mut k = 0;
        while k < old.segments.len() {
            let oldest = merged.last().expect("new articles");
            let newest = archive.card(starts[k])?;
            let oldest_day = merged.iter().map(|a| a.published.date()).min();
            let older = newest_first(oldest, &newest) == std::cmp::Ordering::Less
                && oldest_day >= days.day_of(starts[k]);
            if older {
                break;
            }
            let end = starts[k] + old.segments[k].articles;
            merged.extend(archive.articles(starts[k], end)?);
            sort_newest_first(&mut merged);
            k += 1;
        }
        appended.merged_segments = k;
        let keep_from = starts.get(k).copied().unwrap_or(old.articles);
        let (segment, mut written) = write_segment(dir, &merged, layout)?;
        let manifest = combine(
            &archive,
            segment,
            &merged,
            k,
            keep_from,
            previous,
            &mut written,
        )?;
        (manifest, written)
    };

    // Merging, by index (`merge.rs`): every segment with --merge;
    // otherwise tiered, the newest segments of the new one's tier or
    // below, when they are `MERGE_FACTOR`, become one (and again at the
    // next tier, if that one now fills it).
    // Whether the first segment is new (holds the new articles).
    let mut first_is_new = appended.added > 0;
    loop {
        let segments = &manifest.segments;
        let run = if merge_all {
            segments.len()
        } else {
            let t = tier(segments[0].articles as usize);
            let run = 1 + segments[1..]
                .iter()
                .take_while(|s| tier(s.articles as usize) <= t)
                .count();
            if run < MERGE_FACTOR {
                1
            } else {
                run
            }
        };
        if run < 2 {
            break;
        }
        written.add(merge_segments_of(dir, &mut manifest, 0..run, layout)?);
        appended.merged_segments += run - usize::from(first_is_new);
        first_is_new = true;
        if merge_all {
            break;
        }
    }
    appended.kept_segments = old.segments.len() - appended.merged_segments;
    manifest
        .check()
        .map_err(|e| format!("the appended archive would not be read: {e}"))?;
    write_manifest(dir, &mut manifest, &mut written)?;
    appended.segments = manifest.segments.len();
    appended.articles = manifest.articles;
    appended.written = written;
    Ok(appended)
}

/// The manifest of `segment` (the manifest of an archive of just
/// `articles`, newest first) followed by the old archive's segments from
/// `k` on (positions from `keep_from`): its shards, days, sources and
/// languages (files written anew), segments.
fn combine(
    archive: &Archive<'_>,
    segment: Manifest,
    articles: &[Article],
    k: usize,
    keep_from: u32,
    previous: String,
    written: &mut Written,
) -> Result<Manifest, String> {
    let old = archive.m;
    let kept = old.articles - keep_from;
    // Days: the new segment's, then the kept positions' (older, or the
    // same day).
    let mut by_day: BTreeMap<NaiveDate, u32> = BTreeMap::new();
    if let Some(first) = segment.first_day {
        for (i, &n) in segment.day_counts.iter().enumerate() {
            if n > 0 {
                *by_day
                    .entry(first + chrono::Days::new(i as u64))
                    .or_default() += n;
            }
        }
    }
    for (start, count, day) in old.day_index().runs() {
        let from = start.max(keep_from);
        let end = start + count;
        if from < end {
            *by_day.entry(day).or_default() += end - from;
        }
    }
    let (first_day, day_counts) = day_counts(&by_day);

    // Sources and languages of every article, newest first: the new
    // segment's from its articles, the kept ones' from the old files.
    let mut sources: Vec<&str> = articles.iter().map(|a| a.source.as_str()).collect();
    let mut languages: Vec<String> = articles
        .iter()
        .map(|a| primary_subtag(a.lang.as_deref()))
        .collect();
    let (kept_sources, kept_languages) = archive.sources_and_languages(keep_from)?;
    sources.extend(kept_sources.iter().map(String::as_str));
    languages.extend(kept_languages);
    let meta = ArchiveMeta::new(sources.iter().copied(), &languages).map_err(|e| e.to_string())?;
    let (source_ids, language_ids) =
        store_meta(archive.dir, meta.source_bytes, meta.language_bytes, written)?;

    // Stories: the new segment's (its articles carry their names, those
    // read back too), then the old file's among the kept positions.
    let new_stories = Stories::named_in(articles);
    let old_stories = archive.stories()?.unwrap_or_default();
    let stories = Stories::rebased(
        &[
            (&new_stories, 0..segment.articles, 0),
            (&old_stories, keep_from..old.articles, segment.articles),
        ],
        (segment.articles + kept) as usize,
    );
    let stories = store_stories(archive.dir, &stories, written)?;

    let first_kept_shard = old
        .shard_starts()
        .iter()
        .position(|&s| s >= keep_from)
        .unwrap_or(old.shards.len());
    let mut shards = segment.shards;
    shards.extend(old.shards[first_kept_shard..].iter().cloned());
    let mut segments = segment.segments;
    segments.extend(old.segments[k..].iter().cloned());
    let manifest = Manifest {
        format: old.format.clone(),
        version: ARCHIVE_VERSION,
        articles: segment.articles + kept,
        first_day,
        day_counts,
        sources: meta.sources,
        source_ids,
        languages: meta.languages,
        language_ids,
        stories,
        shards,
        shard_table: None, // written with the manifest (write_manifest)
        segments,
        dictionary_words: segment.dictionary_words || (kept > 0 && old.dictionary_words),
        previous: Some(previous),
    };
    manifest
        .check()
        .map_err(|e| format!("the appended archive would not be read: {e}"))?;
    Ok(manifest)
}

/// Days with their article counts as a manifest lists them: the first day
/// and a count for every day from it to the last.
pub(crate) fn day_counts(by_day: &BTreeMap<NaiveDate, u32>) -> (Option<NaiveDate>, Vec<u32>) {
    let first_day = by_day.keys().next().copied();
    let mut counts = Vec::new();
    if let (Some(first), Some(&last)) = (first_day, by_day.keys().last()) {
        counts = vec![0u32; (last - first).num_days() as usize + 1];
        for (day, n) in by_day {
            counts[(*day - first).num_days() as usize] = *n;
        }
    }
    (first_day, counts)
}

/// Stores an archive's sources file and languages file (if any) in `dir`,
/// counting what was written.
pub(crate) fn store_meta(
    dir: &Path,
    sources: Vec<u8>,
    languages: Option<Vec<u8>>,
    written: &mut Written,
) -> Result<(FileRef, Option<FileRef>), String> {
    let source_ids = store_archive_file(dir, ArchiveFileKind::Meta, sources, written)?;
    let language_ids = match languages {
        Some(bytes) => Some(store_archive_file(
            dir,
            ArchiveFileKind::Meta,
            bytes,
            written,
        )?),
        None => None,
    };
    Ok((source_ids, language_ids))
}

/// Stores `content` as a file of `kind` in `dir`, named by its hash,
/// counting what was written.
fn store_archive_file(
    dir: &Path,
    kind: ArchiveFileKind,
    content: Vec<u8>,
    written: &mut Written,
) -> Result<FileRef, String> {
    let hash = content_hash(&content);
    let file = ArchiveFile {
        path: kind.path(&hash),
        content,
    };
    let stored = store_file(dir, &file)
        .map_err(|e| format!("cannot write {}: {e}", dir.join(&file.path).display()))?;
    written.count(&stored);
    Ok(FileRef {
        hash,
        bytes: stored.size,
    })
}

/// Stores an archive's stories file in `dir` (none for no stories),
/// counting what was written.
pub(crate) fn store_stories(
    dir: &Path,
    stories: &Stories,
    written: &mut Written,
) -> Result<Option<FileRef>, String> {
    if stories.is_empty() {
        return Ok(None);
    }
    store_archive_file(dir, ArchiveFileKind::Stories, stories.to_bytes(), written).map(Some)
}

/// An archive on disk, read back: its manifest and files.
pub(crate) struct Archive<'a> {
    pub(crate) dir: &'a Path,
    pub(crate) m: &'a Manifest,
}

impl Archive<'_> {
    /// A file of the archive, unzipped within its kind's limit and checked
    /// against its hash.
    pub(crate) fn read(&self, kind: ArchiveFileKind, file: &FileRef) -> Result<Vec<u8>, String> {
        let rel = kind.path(&file.hash);
        let path = self.dir.join(&rel);
        let stored =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let bytes = unzip_if_gzip(stored, self.m.file_limit(kind))
            .map_err(|e| format!("{}: {e}", path.display()))?;
        check_hash(&rel, &file.hash, &bytes).map_err(|e| e.to_string())?;
        Ok(bytes)
    }

    /// The archive's stories (none when it names no stories file).
    pub(crate) fn stories(&self) -> Result<Option<Stories>, String> {
        let Some(file) = &self.m.stories else {
            return Ok(None);
        };
        let bytes = self.read(ArchiveFileKind::Stories, file)?;
        Stories::from_bytes(&bytes, self.m.articles as usize)
            .map(Some)
            .map_err(|e| format!("{}: {e}", ArchiveFileKind::Stories.path(&file.hash)))
    }

    /// The source and language (primary subtag) of every article from
    /// position `from` on, by the archive's sources and languages files.
    pub(crate) fn sources_and_languages(
        &self,
        from: u32,
    ) -> Result<(Vec<String>, Vec<String>), String> {
        let m = self.m;
        if from >= m.articles {
            return Ok((Vec::new(), Vec::new()));
        }
        let count = (m.articles - from) as usize;
        let path = ArchiveFileKind::Meta.path(&m.source_ids.hash);
        let bytes = self.read(ArchiveFileKind::Meta, &m.source_ids)?;
        let ids = parse_source_ids(&path, &bytes, m.articles, m.sources.len())
            .map_err(|e| e.to_string())?;
        let sources = ids[from as usize..]
            .iter()
            .map(|&n| m.sources[usize::from(n)].0.clone())
            .collect();
        let languages = match (&m.language_ids, m.languages.as_slice()) {
            (Some(file), _) => {
                let path = ArchiveFileKind::Meta.path(&file.hash);
                let bytes = self.read(ArchiveFileKind::Meta, file)?;
                let ids = parse_language_ids(&path, &bytes, m.articles, m.languages.len())
                    .map_err(|e| e.to_string())?;
                ids[from as usize..]
                    .iter()
                    .map(|&n| m.languages[usize::from(n)].0.clone())
                    .collect()
            }
            (None, [(one, _)]) => vec![one.clone(); count],
            // More languages than a byte numbers (or none written): not
            // listed, as before.
            (None, _) => vec![String::new(); count],
        };
        Ok((sources, languages))
    }

    /// Every article's id, with its position.
    pub(crate) fn ids(&self) -> Result<HashMap<String, u32>, String> {
        let mut all = HashMap::with_capacity(self.m.articles as usize);
        for (segment, start) in self.m.segments.iter().zip(self.m.segment_starts()) {
            for bucket in &segment.ids {
                let bytes = self.read(ArchiveFileKind::Ids, bucket)?;
                let ids = parse_ids(
                    &ArchiveFileKind::Ids.path(&bucket.hash),
                    &bytes,
                    segment.articles,
                )
                .map_err(|e| e.to_string())?;
                all.extend(ids.into_iter().map(|(id, at)| (id, start + at)));
            }
        }
        Ok(all)
    }

    /// The cards of shard `shard`, with its body chunks.
    pub(crate) fn shard(
        &self,
        shard: usize,
    ) -> Result<broadsheet_core::archive::CardShard, String> {
        let s = &self.m.shards[shard];
        let bytes = self.read(ArchiveFileKind::Cards, &s.cards)?;
        parse_cards(&ArchiveFileKind::Cards.path(&s.cards.hash), &bytes, s.count)
            .map_err(|e| e.to_string())
    }

    /// The card (no body) of the article at `position`.
    pub(crate) fn card(&self, position: u32) -> Result<Article, String> {
        let (shard, start) = self
            .m
            .shard_of(position)
            .ok_or_else(|| format!("no shard holds position {position}"))?;
        let mut cards = self.shard(shard)?.cards;
        Ok(cards.swap_remove((position - start) as usize))
    }

    /// The whole article at `position`.
    pub(crate) fn article(&self, position: u32) -> Result<Article, String> {
        Ok(self
            .articles(position, position + 1)?
            .pop()
            .expect("one article"))
    }

    /// The whole articles at positions `from..to`, shard by shard.
    pub(crate) fn articles(&self, from: u32, to: u32) -> Result<Vec<Article>, String> {
        let mut out = Vec::with_capacity((to - from) as usize);
        for (shard, start) in self.m.shard_starts().into_iter().enumerate() {
            let end = start + self.m.shards[shard].count;
            if end <= from || start >= to {
                continue;
            }
            let cards = self.shard(shard)?;
            let mut at = 0u32;
            for (count, hash) in &cards.bodies.0 {
                let (chunk_start, chunk_end) = (start + at, start + at + count);
                at += count;
                if chunk_end <= from || chunk_start >= to {
                    continue;
                }
                let file = FileRef {
                    hash: hash.clone(),
                    bytes: 0,
                };
                let bytes = self.read(ArchiveFileKind::Bodies, &file)?;
                let bodies = parse_bodies(&ArchiveFileKind::Bodies.path(hash), &bytes, *count)
                    .map_err(|e| e.to_string())?;
                for (i, body) in bodies.into_iter().enumerate() {
                    let p = chunk_start + i as u32;
                    if (from..to).contains(&p) {
                        let card = cards.cards[(p - start) as usize].clone();
                        out.push(Article { body, ..card });
                    }
                }
            }
        }
        Ok(out)
    }
}
