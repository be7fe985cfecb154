//! Writing a sharded archive: only what the readers accept.

use super::error::{error, quoted};
use super::format::is_content_hash;
use super::read::Ids;
use super::{id_bucket, ArchiveError, ArchiveFileKind, ArchiveSegment, FileRef, Manifest, Shard};
use super::{ARCHIVE_FORMAT, ARCHIVE_VERSION, BODIES_FORMAT, FILE_VERSION, IDS_FORMAT};
use crate::article::Article;
use crate::content_hash::content_hash;
use crate::limits::{
    MAX_ARCHIVE_ARTICLES, MAX_ARCHIVE_DAYS, MAX_ARCHIVE_LANGUAGES, MAX_ARCHIVE_SOURCES,
    MAX_MANIFEST_BYTES,
};
use crate::numbers::file_size;
use crate::search::language::primary_subtag;
use std::collections::HashMap;

/// How the writer cuts shards.
#[derive(Clone, Debug)]
pub struct ShardOptions {
    /// At most this many articles per shard.
    pub max_articles: usize,
    /// A shard closes once its cards reach this many bytes (uncompressed).
    pub max_card_bytes: usize,
    /// The first shard closes at this many card bytes, and each next one at
    /// twice the last one's, up to `max_card_bytes`: the page fetches the
    /// first shard before it shows any card, and a screen of cards needs
    /// only a few dozen of them.
    pub first_card_bytes: usize,
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
            first_card_bytes: 32 * 1024,
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

/// Everything but the search index: the manifest (one segment, whose
/// index root is left empty for the caller) and
/// the files. `articles` must be newest first (`sort_newest_first`).
/// `store` is given each file and gives its size on disk (after
/// compression) for the manifest's byte counts.
///
/// Writes only what the page reads: an archive over one of the limits
/// (`crate::limits`: articles, days spanned, sources, a file's unzipped
/// size, the manifest's size) is an error naming the limit, and nothing is
/// stored for a count over its limit. A file over its size is found as it
/// is made, so the files before it have been stored (they are named by
/// their content, and no manifest names them).
pub fn write_shards(
    articles: &[Article],
    options: &ShardOptions,
    mut store: impl FnMut(ArchiveFile) -> u64,
) -> Result<Manifest, ArchiveError> {
    if articles.len() > MAX_ARCHIVE_ARTICLES as usize {
        return Err(error(format!(
            "{} articles are more than the {MAX_ARCHIVE_ARTICLES} an archive may hold (MAX_ARCHIVE_ARTICLES)",
            articles.len()
        )));
    }
    if let Some(w) = articles
        .windows(2)
        .find(|w| w[0].published < w[1].published)
    {
        return Err(error(format!(
            "article {:?} ({}) is older than the next one, {:?} ({}): the articles are not newest first",
            w[0].id, w[0].published, w[1].id, w[1].published
        )));
    }
    // Days, oldest first: how many articles each day has, by the day the
    // outlet printed. Articles are in order of their instant, so near
    // midnight two outlets' days can be out of step (23:30 at -05:00 is
    // after 09:00 the next day at +14:00); the manifest gives positions
    // their days in day order, as `Manifest::days` reads them, so each
    // day's count stays exact and such an article is filed beside its
    // neighbours' day.
    let days = articles.iter().map(|a| a.published.date());
    let first_day = days.clone().min();
    let mut day_counts = Vec::new();
    let mut day_of = Vec::new();
    if let (Some(first), Some(last)) = (first_day, days.clone().max()) {
        let span = (last - first).num_days();
        if !(0..MAX_ARCHIVE_DAYS as i64).contains(&span) {
            return Err(error(format!(
                "the articles span {first}..={last}, more than the {MAX_ARCHIVE_DAYS} days an archive may span (MAX_ARCHIVE_DAYS)"
            )));
        }
        day_counts = vec![0u32; span as usize + 1];
        for day in days {
            day_counts[(day - first).num_days() as usize] += 1;
        }
        // Newest first, as the positions.
        day_of.reserve(articles.len());
        for (d, &count) in day_counts.iter().enumerate().rev() {
            let day = first + chrono::Duration::days(d as i64);
            day_of.extend(std::iter::repeat_n(day, count as usize));
        }
    }

    let mut file = |kind: ArchiveFileKind, content: Vec<u8>, what: &dyn Fn() -> String| {
        let limit = kind.limit();
        if content.len() > limit {
            return Err(error(format!(
                "the {} of {} would be {}, more than the {} a file of an archive may unzip to (MAX_ARCHIVE_FILE_BYTES)",
                kind.name(),
                what(),
                file_size(content.len()),
                file_size(limit)
            )));
        }
        let hash = content_hash(&content);
        let path = kind.path(&hash);
        let bytes = store(ArchiveFile { path, content });
        Ok(FileRef { hash, bytes })
    };

    let meta = ArchiveMeta::new(
        articles.iter().map(|a| a.source.as_str()),
        &articles
            .iter()
            .map(|a| primary_subtag(a.lang.as_deref()))
            .collect::<Vec<_>>(),
    )?;
    let source_ids = file(ArchiveFileKind::Meta, meta.source_bytes, &|| {
        "the archive".into()
    })?;
    let language_ids = match meta.language_bytes {
        Some(bytes) => Some(file(ArchiveFileKind::Meta, bytes, &|| {
            "the archive".into()
        })?),
        None => None,
    };
    let (sources, languages) = (meta.sources, meta.languages);
    // The stories the articles' `cluster` names make, over the positions.
    let stories = crate::clusters::Stories::named_in(articles);
    let stories = if stories.is_empty() {
        None
    } else {
        Some(file(ArchiveFileKind::Stories, stories.to_bytes(), &|| {
            "the archive".into()
        })?)
    };

    // Shards: consecutive runs, bounded in count and card bytes.
    let mut shards = Vec::new();
    let mut start = 0;
    let mut card_bytes = options.first_card_bytes.min(options.max_card_bytes);
    while start < articles.len() {
        let mut cards = String::new();
        let mut end = start;
        while end < articles.len()
            && end - start < options.max_articles.max(1)
            && (end == start || cards.len() < card_bytes)
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
                "{{\"format\":\"{BODIES_FORMAT}\",\"version\":{FILE_VERSION},\"bodies\":[{bodies}\n]}}\n"
            );
            let chunk = file(ArchiveFileKind::Bodies, text.into_bytes(), &|| {
                positions(articles, first, at)
            })?;
            chunks.push(((at - first) as u32, chunk.hash));
        }
        let head = format!(
            "{{\"format\":\"{}\",\"version\":{},\"bodies\":{},\"articles\":[",
            crate::set::SET_FORMAT,
            crate::set::SET_VERSION,
            serde_json::to_string(&chunks).expect("chunks serialise")
        );
        let cards = file(
            ArchiveFileKind::Cards,
            format!("{head}{cards}\n]}}\n").into_bytes(),
            &|| positions(articles, start, end),
        )?;
        shards.push(Shard {
            count: (end - start) as u32,
            from: day_of[end - 1],
            to: day_of[start],
            cards,
        });
        start = end;
        card_bytes = card_bytes.saturating_mul(2).min(options.max_card_bytes);
    }

    // Id buckets.
    let all_ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    let contents = id_buckets(&all_ids, options.ids_per_bucket);
    let buckets = contents.len();
    let mut ids = Vec::new();
    for (i, content) in contents.into_iter().enumerate() {
        ids.push(file(ArchiveFileKind::Ids, content, &|| {
            format!("bucket {i} of {buckets}")
        })?);
    }

    let manifest = Manifest {
        format: ARCHIVE_FORMAT.into(),
        version: ARCHIVE_VERSION,
        articles: articles.len() as u32,
        first_day,
        day_counts,
        sources,
        source_ids,
        languages,
        language_ids,
        stories,
        shards,
        // Named by the writer once the shards' sizes are known
        // (`shard_table_file`).
        shard_table: None,
        // One segment of all the articles; its index's root is the caller's
        // to fill in.
        segments: if articles.is_empty() {
            Vec::new()
        } else {
            vec![ArchiveSegment {
                articles: articles.len() as u32,
                index: None,
                ids,
            }]
        },
        dictionary_words: false,
        previous: None,
    };
    // With room for the search index's root, which the caller adds, and
    // the stored sizes it fills in (up to 20 digits each).
    let files = manifest.shards.len().min(super::INLINE_SHARDS)
        + manifest.segments.iter().map(|s| s.ids.len()).sum::<usize>()
        + 3;
    let len = manifest.to_json().len() + 20 * files + 1024;
    if len > MAX_MANIFEST_BYTES {
        return Err(error(format!(
            "the manifest would be {}, more than the {} a manifest may be (MAX_MANIFEST_BYTES, less room for the index and sizes): fewer, larger shards (--shard-articles) make it smaller",
            file_size(len),
            file_size(MAX_MANIFEST_BYTES)
        )));
    }
    Ok(manifest)
}

/// The shard table of `manifest`'s shards (all of them listed, sizes
/// filled in), with its hash, when there are more than
/// [`INLINE_SHARDS`](super::INLINE_SHARDS): the writer stores it and names
/// it in the manifest's `shard_table` (which [`Manifest::to_json`] then
/// follows). `None` when the manifest lists its shards itself. Refuses a
/// table past its kind's limit (as many shards as that are not read).
pub fn shard_table_file(
    manifest: &Manifest,
) -> Result<Option<(String, ArchiveFile)>, ArchiveError> {
    let Some(content) = Manifest::shard_table_bytes(&manifest.shards) else {
        return Ok(None);
    };
    let limit = ArchiveFileKind::Shards.limit();
    if content.len() > limit {
        return Err(error(format!(
            "the shard table of {} shards would be {}, more than the {} a file of an archive may unzip to (MAX_ARCHIVE_FILE_BYTES): fewer, larger shards (--shard-articles)",
            manifest.shards.len(),
            file_size(content.len()),
            file_size(limit)
        )));
    }
    if let Some(shard) = manifest
        .shards
        .iter()
        .find(|s| !is_content_hash(&s.cards.hash))
    {
        return Err(error(format!(
            "{} is not a content hash (a card shard's name)",
            quoted(&shard.cards.hash)
        )));
    }
    let hash = content_hash(&content);
    let path = ArchiveFileKind::Shards.path(&hash);
    Ok(Some((hash, ArchiveFile { path, content })))
}

/// The archive's sources and languages, with the files numbering each
/// article's (newest first): what a manifest lists and its `source_ids` and
/// `language_ids` files hold. An archive that grows makes them anew from
/// every article's source and language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArchiveMeta {
    /// Sources with their article counts, most first (then by name).
    pub sources: Vec<(String, u32)>,
    /// Each article's source number: a byte each, two (little-endian)
    /// past 256 sources.
    pub source_bytes: Vec<u8>,
    /// Languages (primary subtags, empty for none) with their counts,
    /// most first; the one language when there is one.
    pub languages: Vec<(String, u32)>,
    /// Each article's language number, a byte each, when there are two or
    /// more languages (and at most `MAX_ARCHIVE_LANGUAGES`).
    pub language_bytes: Option<Vec<u8>>,
}

impl ArchiveMeta {
    /// The sources and languages of articles given by each one's source
    /// and language (primary subtag), newest first. Refuses more sources
    /// than an archive may name.
    pub fn new<'a>(
        sources: impl Iterator<Item = &'a str> + Clone,
        languages: &[String],
    ) -> Result<ArchiveMeta, ArchiveError> {
        let (sources, source_of) = ranked(sources);
        if sources.len() > MAX_ARCHIVE_SOURCES {
            return Err(error(format!(
                "the articles name {} sources, more than the {MAX_ARCHIVE_SOURCES} an archive may name (MAX_ARCHIVE_SOURCES)",
                sources.len()
            )));
        }
        // At most MAX_ARCHIVE_SOURCES (65,536): each number fits in a u16.
        let source_bytes: Vec<u8> = if sources.len() <= 256 {
            source_of.iter().map(|&n| n as u8).collect()
        } else {
            source_of
                .iter()
                .flat_map(|&n| (n as u16).to_le_bytes())
                .collect()
        };
        // Languages, most articles first, for the page's language facet: a
        // file only when there are two or more (one says nothing).
        let (languages, language_of) = ranked(languages.iter().map(String::as_str));
        let (languages, language_bytes) = if languages.len() > MAX_ARCHIVE_LANGUAGES {
            (Vec::new(), None)
        } else if languages.len() < 2 {
            (languages, None)
        } else {
            (
                languages,
                Some(language_of.iter().map(|&n| n as u8).collect()),
            )
        };
        Ok(ArchiveMeta {
            sources,
            source_bytes,
            languages,
            language_bytes,
        })
    }
}

/// The id bucket files of a segment whose articles (in position order)
/// have `ids`: about `ids_per_bucket` ids each, an id in bucket
/// [`id_bucket`]; none for no articles.
pub fn id_buckets(ids: &[&str], ids_per_bucket: usize) -> Vec<Vec<u8>> {
    if ids.is_empty() {
        return Vec::new();
    }
    let buckets = id_bucket_count(ids.len(), ids_per_bucket);
    let mut bucketed: Vec<Vec<(String, u32)>> = vec![Vec::new(); buckets];
    for (i, id) in ids.iter().enumerate() {
        bucketed[id_bucket(id, buckets)].push(((*id).to_owned(), i as u32));
    }
    bucketed.into_iter().map(id_bucket_file).collect()
}

/// How many id buckets a segment of `articles` articles has.
pub fn id_bucket_count(articles: usize, ids_per_bucket: usize) -> usize {
    articles.div_ceil(ids_per_bucket.max(1)).max(1)
}

/// One id bucket's file: its ids with their positions, in position order.
pub fn id_bucket_file(ids: Vec<(String, u32)>) -> Vec<u8> {
    let bucket = Ids {
        format: IDS_FORMAT.into(),
        version: FILE_VERSION,
        ids,
    };
    serde_json::to_vec(&bucket).expect("ids serialise")
}

/// Positions `start..end`, with the first article's id, for a message.
fn positions(articles: &[Article], start: usize, end: usize) -> String {
    format!(
        "positions {start}..{end} (from article {})",
        quoted(&articles[start].id)
    )
}

/// The distinct `values` with their counts, most first (then by name), and
/// each value's number in that order.
fn ranked<'a>(values: impl Iterator<Item = &'a str> + Clone) -> (Vec<(String, u32)>, Vec<u32>) {
    let mut counts: HashMap<&str, u32> = HashMap::new();
    for v in values.clone() {
        *counts.entry(v).or_default() += 1;
    }
    let mut listed: Vec<(String, u32)> =
        counts.into_iter().map(|(v, n)| (v.to_owned(), n)).collect();
    listed.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let number: HashMap<&str, u32> = listed
        .iter()
        .enumerate()
        .map(|(i, (v, _))| (v.as_str(), i as u32))
        .collect();
    let of = values.map(|v| number[v]).collect();
    (listed, of)
}
