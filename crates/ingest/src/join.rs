//! `ARCHIVE... --shards DIR --join`: one archive of several written apart
//! (by a batch runner: GNU parallel, a CI matrix, other machines), each
//! from its own date range. Their segments are listed as they are, newest
//! archive first; their files are linked (or copied) into `DIR`; only the
//! sources and languages files and the manifest are written. Nothing is
//! indexed again, so joining costs what copying the files costs.
//!
//! The archives must not overlap in time (each one's articles all older
//! than the next newer one's) nor share an id: a segment's positions and
//! ids are fixed when it is written. An archive already in `DIR` is joined
//! too (its manifest, kept as `previous`).

use crate::append::{day_counts, store_meta, store_stories, Archive};
use crate::shards::{read_manifest, write_manifest, Written};
use broadsheet_core::archive::{ArchiveMeta, Manifest, ARCHIVE_VERSION};
use broadsheet_core::clusters::Stories;
use broadsheet_core::content_hash::content_hash;
use broadsheet_core::set::newest_first;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// What a join did.
#[derive(Debug, Default)]
pub struct Joined {
    pub archives: usize,
    pub segments: usize,
    pub articles: u32,
    pub written: Written,
}

/// One archive to join: its folder, manifest text and manifest.
struct Part {
    dir: PathBuf,
    manifest: Manifest,
}

/// Joins the archives in `folders` (and the one in `dir`, if any) into
/// `dir`.
pub fn join_archives(dir: &Path, folders: &[PathBuf]) -> Result<Joined, String> {
    let mut parts = Vec::new();
    let mut previous = None;
    let own = dir.join("articles.json");
    if let Ok(text) = std::fs::read(&own) {
        previous = Some(content_hash(&text));
        parts.push(read_part(dir, &text)?);
    }
    for folder in folders {
        let path = folder.join("articles.json");
        let text = std::fs::read(&path).map_err(|e| {
            format!(
                "cannot read {}: {e} (--join takes the folders of archives written with --shards)",
                path.display()
            )
        })?;
        parts.push(read_part(folder, &text)?);
    }
    parts.retain(|p| p.manifest.articles > 0);
    if parts.is_empty() {
        return Err("no articles in the archives to join".into());
    }

    // Newest archive first; each wholly older than the one before.
    let mut ends = Vec::new();
    for p in &parts {
        let a = Archive {
            dir: &p.dir,
            m: &p.manifest,
        };
        ends.push((a.card(0)?, a.card(p.manifest.articles - 1)?));
    }
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|&a, &b| newest_first(&ends[a].0, &ends[b].0));
    for pair in order.windows(2) {
        let (newer, older) = (pair[0], pair[1]);
        let last_day = |m: &Manifest| {
            m.first_day
                .map(|f| f + chrono::Days::new(m.day_counts.len() as u64 - 1))
        };
        let apart = newest_first(&ends[newer].1, &ends[older].0) == std::cmp::Ordering::Less
            && parts[newer].manifest.first_day >= last_day(&parts[older].manifest);
        if !apart {
            return Err(format!(
                "{} and {} overlap in time ({}'s oldest article is {}, {}'s newest {}): join archives of separate date ranges, or --append the articles of one to the other",
                parts[newer].dir.display(),
                parts[older].dir.display(),
                parts[newer].dir.display(),
                ends[newer].1.published,
                parts[older].dir.display(),
                ends[older].0.published,
            ));
        }
    }

    // No id twice. Each id is held as a 64-bit hash (ten million ids in
    // about 300 MB, not a gigabyte); a hash met twice is confirmed against
    // the other archive's ids before the join is refused.
    let mut seen: HashMap<u64, usize> = HashMap::new();
    for &i in &order {
        let p = &parts[i];
        let ids = Archive {
            dir: &p.dir,
            m: &p.manifest,
        }
        .ids()?;
        for id in ids.into_keys() {
            let hash = id_hash(&id);
            if let Some(&other) = seen.get(&hash) {
                let theirs = Archive {
                    dir: &parts[other].dir,
                    m: &parts[other].manifest,
                }
                .ids()?;
                if theirs.contains_key(&id) {
                    return Err(format!(
                        "id {id:?} is in both {} and {}: join archives without shared ids",
                        parts[other].dir.display(),
                        p.dir.display()
                    ));
                }
            }
            seen.insert(hash, i);
        }
    }
    drop(seen);

    // Their files, into `dir`.
    let mut joined = Joined {
        archives: parts.len(),
        ..Joined::default()
    };
    for p in &parts {
        if p.dir == dir {
            continue;
        }
        let mut named = HashSet::new();
        crate::versions::name_files(&p.dir, &p.manifest, &mut named, &mut HashSet::new())?;
        for rel in named {
            let (from, to) = (p.dir.join(&rel), dir.join(&rel));
            if to.exists() {
                continue;
            }
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("cannot write {}: {e}", parent.display()))?;
            }
            if std::fs::hard_link(&from, &to).is_err() {
                std::fs::copy(&from, &to).map_err(|e| {
                    format!("cannot copy {} to {}: {e}", from.display(), to.display())
                })?;
            }
            let size = std::fs::metadata(&to).map(|m| m.len()).unwrap_or(0);
            joined.written.files += 1;
            joined.written.new_files += 1;
            joined.written.bytes += size;
            joined.written.new_bytes += size;
        }
    }

    // The manifest: their shards, segments, days, sources and languages.
    let mut by_day: BTreeMap<NaiveDate, u32> = BTreeMap::new();
    let (mut sources, mut languages) = (Vec::new(), Vec::new());
    let (mut shards, mut segments) = (Vec::new(), Vec::new());
    let mut dictionary_words = false;
    // Each archive's stories, moved to where its articles start.
    let mut stories: Vec<(Stories, u32)> = Vec::new();
    for &i in &order {
        let m = &parts[i].manifest;
        let part = Archive {
            dir: &parts[i].dir,
            m,
        };
        if let Some(s) = part.stories()? {
            stories.push((s, sources.len() as u32));
        }
        for (_, count, day) in m.day_index().runs() {
            *by_day.entry(day).or_default() += count;
        }
        let (s, l) = Archive {
            dir: &parts[i].dir,
            m,
        }
        .sources_and_languages(0)?;
        sources.extend(s);
        languages.extend(l);
        shards.extend(m.shards.iter().cloned());
        segments.extend(m.segments.iter().cloned());
        dictionary_words |= m.dictionary_words;
    }
    let (first_day, day_counts) = day_counts(&by_day);
    let meta = ArchiveMeta::new(sources.iter().map(String::as_str), &languages)
        .map_err(|e| e.to_string())?;
    let (source_ids, language_ids) = store_meta(
        dir,
        meta.source_bytes,
        meta.language_bytes,
        &mut joined.written,
    )?;
    let stories = Stories::rebased(
        &stories
            .iter()
            .map(|(s, at)| (s, 0..s.len_articles(), *at))
            .collect::<Vec<_>>(),
        sources.len(),
    );
    let stories = store_stories(dir, &stories, &mut joined.written)?;
    let first = &parts[order[0]].manifest;
    let manifest = Manifest {
        format: first.format.clone(),
        version: ARCHIVE_VERSION,
        articles: sources.len() as u32,
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
        dictionary_words,
        previous,
    };
    manifest
        .check()
        .map_err(|e| format!("the joined archive would not be read: {e}"))?;
    let mut manifest = manifest;
    write_manifest(dir, &mut manifest, &mut joined.written)?;
    joined.segments = manifest.segments.len();
    joined.articles = manifest.articles;
    Ok(joined)
}

fn read_part(dir: &Path, text: &[u8]) -> Result<Part, String> {
    let manifest = read_manifest(dir, &dir.join("articles.json"), text)?;
    Ok(Part {
        dir: dir.to_path_buf(),
        manifest,
    })
}

/// A 64-bit hash of an article id (FNV-1a).
fn id_hash(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
