//! Segments merged into one index give, byte for byte, the index written
//! at once over all their articles (so they search and cost the same),
//! whatever the segments' sizes and part targets; and a damaged segment
//! part is an error naming the segment and the part.

#[path = "support/bundled.rs"]
mod bundled;
#[path = "support/segments.rs"]
mod segments;

use broadsheet_core::content_hash::content_hash;
use broadsheet_core::search::{
    merge_segments, partition_index, IndexBuilder, MergedIndex, PartitionOptions, PartitionedFiles,
    SearchIndex,
};
use broadsheet_core::Article;
use segments::{tiny, with_languages};
use std::collections::HashMap;

fn base() -> Vec<Article> {
    let mut articles = bundled::load_bundled();
    broadsheet_core::set::sort_newest_first(&mut articles);
    articles
}

/// The index of `articles`, with common-word pairs (as the CLI writes an
/// archive) or without.
fn index(articles: &[Article], pairs: bool) -> SearchIndex {
    let mut builder = IndexBuilder::new(articles);
    if pairs {
        builder = builder.with_word_pairs();
    }
    articles.iter().for_each(|a| builder.push(a));
    builder.finish()
}

/// `articles` cut into consecutive segments of the given sizes (the last
/// takes the rest), each indexed (with pairs) and partitioned on its own.
fn segments(
    articles: &[Article],
    sizes: &[usize],
    options: &PartitionOptions,
) -> Vec<PartitionedFiles> {
    segments_with(articles, sizes, options, true)
}

fn segments_with(
    articles: &[Article],
    sizes: &[usize],
    options: &PartitionOptions,
    pairs: bool,
) -> Vec<PartitionedFiles> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &size) in sizes.iter().enumerate() {
        let end = if i + 1 == sizes.len() {
            articles.len()
        } else {
            start + size
        };
        out.push(partition_index(
            &index(&articles[start..end], pairs),
            options,
        ));
        start = end;
    }
    out
}

/// Each segment's parts by the name a store gives them (their hash).
fn named(segments: &[PartitionedFiles]) -> Vec<HashMap<String, Vec<u8>>> {
    segments
        .iter()
        .map(|s| {
            s.parts
                .iter()
                .map(|p| (content_hash(p), p.clone()))
                .collect()
        })
        .collect()
}

/// Merges the segments whose roots are `roots` and parts `parts` with
/// `options`; the merged index and the parts it stored, by hash.
fn merge(
    roots: &[&[u8]],
    parts: &[HashMap<String, Vec<u8>>],
    options: &PartitionOptions,
) -> Result<(MergedIndex, HashMap<String, Vec<u8>>), String> {
    let mut stored = HashMap::new();
    let merged = merge_segments(
        roots,
        &mut |segment, hash| {
            parts[segment]
                .get(hash)
                .cloned()
                .ok_or_else(|| format!("no part {hash}"))
        },
        options,
        &mut |hash, part| {
            stored.insert(hash.to_owned(), part);
        },
    )?;
    Ok((merged, stored))
}

fn assert_merge_is_whole(
    name: &str,
    articles: &[Article],
    sizes: &[usize],
    written: &PartitionOptions,
    merged_with: &PartitionOptions,
) {
    assert_merge_is_whole_with(name, articles, sizes, written, merged_with, true);
}

fn assert_merge_is_whole_with(
    name: &str,
    articles: &[Article],
    sizes: &[usize],
    written: &PartitionOptions,
    merged_with: &PartitionOptions,
    pairs: bool,
) {
    let whole_index = index(articles, pairs);
    let whole = partition_index(&whole_index, merged_with);
    let segments = segments_with(articles, sizes, written, pairs);
    let roots: Vec<&[u8]> = segments.iter().map(|s| s.root.as_slice()).collect();
    let (merged, stored) = merge(&roots, &named(&segments), merged_with).expect(name);
    assert_eq!(merged.articles as usize, articles.len(), "{name}");
    assert_eq!(merged.terms, whole_index.term_count(), "{name}");
    assert!(
        merged.root == whole.root,
        "{name}: the merged root differs from the whole index's"
    );
    for part in &whole.parts {
        let hash = content_hash(part);
        assert!(
            stored.get(&hash) == Some(part),
            "{name}: part {hash} missing"
        );
    }
    assert_eq!(
        stored.len(),
        whole
            .parts
            .iter()
            .map(|p| content_hash(p))
            .collect::<std::collections::HashSet<_>>()
            .len(),
        "{name}: parts the whole index has not"
    );
}

#[test]
fn merged_segments_are_byte_for_byte_the_index_written_at_once() {
    let base = base();
    let languages = with_languages(&base);
    let four = bundled::scaled(&base, base.len() * 4);
    let default = PartitionOptions::default();
    assert_merge_is_whole(
        "Persian and language-less articles in 4 segments, tiny parts",
        &languages,
        &[200, 100, 40, 0],
        &tiny(),
        &tiny(),
    );
    assert_merge_is_whole(
        "4 copies in segments of 5, 30, 250 and the rest, written tiny, merged default",
        &four,
        &[5, 30, 250, 0],
        &tiny(),
        &default,
    );
    assert_merge_is_whole(
        "4 copies in segments of 1 and the rest, default parts",
        &four,
        &[1, 0],
        &default,
        &default,
    );
    assert_merge_is_whole_with(
        "one segment, without pairs",
        &base,
        &[0],
        &default,
        &tiny(),
        false,
    );
    let eight: Vec<usize> = vec![base.len() / 8; 8];
    assert_merge_is_whole(
        "4 copies in 8 segments, a small segment's layout",
        &four,
        &eight,
        &PartitionOptions::for_articles(100),
        &PartitionOptions::for_articles(four.len()),
    );
}

#[test]
fn a_damaged_segment_part_is_an_error_naming_segment_and_part() {
    let base = base();
    let segments = segments(&base, &[100, 0], &tiny());
    let roots: Vec<&[u8]> = segments.iter().map(|s| s.root.as_slice()).collect();
    let mut parts = named(&segments);
    assert!(merge(&roots, &parts, &tiny()).is_ok());
    let names: Vec<String> = segments[1]
        .parts
        .iter()
        .filter(|p| ![4, 5].contains(&p[5]))
        .map(|p| content_hash(p))
        .collect();
    // Every 3rd part of the second segment the merge reads (all but the
    // lexicon and prefix sets, which it makes anew), one at a time: a
    // flipped byte is found by the part's hash, a cut part too.
    for hash in names.iter().step_by(3) {
        let good = parts[1][hash].clone();
        let mut flipped = good.clone();
        flipped[good.len() / 2] ^= 0x21;
        for damaged in [flipped, good[..good.len() / 2].to_vec()] {
            parts[1].insert(hash.clone(), damaged);
            let Err(e) = merge(&roots, &parts, &tiny()) else {
                panic!("damaged part {hash} merged");
            };
            assert!(e.contains("segment 2") && e.contains(hash.as_str()), "{e}");
        }
        parts[1].insert(hash.clone(), good);
    }
    // A missing part: the store's own error.
    parts[0].remove(&content_hash(&segments[0].parts[0]));
    let Err(e) = merge(&roots, &parts, &tiny()) else {
        panic!("merged without a part");
    };
    assert!(e.contains("no part"), "{e}");
}
