use super::engine::Loaded;
use super::format::{part_header, ROOT_MAGIC, VERSION};
use super::write::put_bytes;
use super::*;
use crate::search::exec::Order;
use crate::search::index::SearchIndex;
use crate::search::postings::put_varint;
use crate::search::query::SearchQuery;
use crate::Article;
use proptest::prelude::*;
use std::cell::Cell;
use std::sync::OnceLock;

const WORDS: &[&str] = &[
    "the",
    "then",
    "there",
    "thermal",
    "theory",
    "tehran",
    "teheran",
    "iran",
    "prime",
    "minister",
    "ministers",
    "ministry",
    "government",
    "goverment",
    "storm",
    "a",
    "an",
    "news",
    "new",
    "york",
    "پرسش",
    "پرسشی",
];

/// 300 articles of pseudo-random words (so prefix sets, typos and
/// phrases all have work).
fn files() -> &'static (SearchIndex, PartitionedFiles) {
    static F: OnceLock<(SearchIndex, PartitionedFiles)> = OnceLock::new();
    F.get_or_init(|| {
        let mut x = 12345u32;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x
        };
        let mut text = |n: u32| {
            let k = next() % n + 1;
            (0..k)
                .map(|_| WORDS[(next() as usize) % WORDS.len()])
                .collect::<Vec<_>>()
                .join(" ")
        };
        let articles: Vec<Article> = (0..300)
            .map(|i| {
                Article::builder(i.to_string())
                    .title(text(5))
                    .published("2024-01-01")
                    .lead(text(20))
                    .body([text(30)])
                    .build()
            })
            .collect();
        let index = SearchIndex::new(&articles);
        let options = PartitionOptions {
            stream_part_bytes: 200,
            tf_part_bytes: 200,
            position_part_bytes: 300,
            dict_block_bytes: 40,
            lexicon_part_bytes: 40,
            norm_range_docs: 64,
            prefix_set_max_chars: 4,
            prefix_set_min_bytes: 50,
            stem_part_bytes: 60,
        };
        let files = partition_index(&index, &options);
        (index, files)
    })
}

const QUERIES: &[&str] = &[
    "the",
    "t",
    "th",
    "goverment",
    "\"prime minister\"",
    "new york -storm",
    "-the",
    "mini",
    "پرس",
    "tehran ",
    "\"new york\" -\"prime minister\"",
    // Relevance goes on past a word no article has.
    "york xyzzy",
    "iran xyzzyq storm -the",
    "\"prime minister\" \"york xyzzy\" teheran",
    "the xyzzy",
];

fn load_all(page: &mut PartitionedIndex, q: &SearchQuery, order: Order) -> Lookup {
    for _ in 0..6 {
        match page.search(q, order) {
            Lookup::Need(parts) => {
                for p in parts {
                    let _ = page.add_part(p, &files().1.parts[p]);
                }
            }
            done => return done,
        }
    }
    page.search(q, order)
}

#[test]
fn small_parts_give_the_same_results() {
    let (index, files) = files();
    assert!(files.parts.len() > 100);
    let mut page = PartitionedIndex::from_root(&files.root).expect("root");
    for text in QUERIES {
        let q = SearchQuery::parse(text);
        for order in [Order::Newest, Order::Oldest, Order::Relevance] {
            let want = index.search_with(&q, order);
            assert_eq!(load_all(&mut page, &q, order), Lookup::Done(want), "{text}");
        }
    }
}

/// A root of `docs` articles and `dict` dictionary blocks whose first
/// terms are `first`, then each the previous one and one more letter
/// (front-coded: a few bytes each, however long the term).
fn growing_root(docs: u32, dict: u32, first: usize) -> Vec<u8> {
    let mut root = ROOT_MAGIC.to_vec();
    root.push(VERSION);
    put_varint(&mut root, docs);
    for count in [0, 0, 0, dict, 0, 0, 1, 0] {
        put_varint(&mut root, count);
    }
    root.resize(root.len() + 8 * (dict as usize + 1), 0);
    put_varint(&mut root, 0);
    put_bytes(&mut root, "a".repeat(first).as_bytes());
    for i in 1..dict {
        put_varint(&mut root, first as u32 + i - 1);
        put_bytes(&mut root, b"a");
    }
    for _ in 0..super::lexicon::CELLS {
        put_varint(&mut root, 0);
    }
    put_varint(&mut root, docs.max(1));
    // No stem languages.
    put_varint(&mut root, 0);
    root
}

#[test]
fn front_coded_terms_cannot_stand_for_more_than_the_limit() {
    // 1 MB, then 40 terms of 1 MB and more: 4 bytes each in the root
    // (and a byte per empty lexicon cell).
    let root = growing_root(1, 40, 1 << 20);
    assert!(root.len() < (1 << 20) + 6000);
    let e = PartitionedIndex::from_root(&root).expect_err("refused");
    assert!(
        e.to_string()
            .starts_with("search index root: its terms decode to more than 32000000 bytes"),
        "{e}"
    );
    // The same with short terms loads.
    assert!(PartitionedIndex::from_root(&growing_root(1, 40, 10)).is_ok());
}

#[test]
fn counts_are_checked_against_the_bytes_present() {
    let (_, files) = files();
    let page = PartitionedIndex::from_root(&files.root).expect("root");
    // A dictionary block claiming 10^9 terms in a few bytes.
    let dict = page.root.first(PartKind::DictBlock);
    let mut part = part_header(PartKind::DictBlock);
    put_varint(&mut part, 1_000_000_000);
    part.extend_from_slice(&[0; 12]);
    let e = page.root.decode(dict, PartKind::DictBlock, &part);
    assert_eq!(
        e.expect_err("refused").to_string(),
        "claims 1000000000 terms at byte 6, more than its 12 remaining bytes can hold"
    );
    // A lexicon part claiming 2^32 - 1 terms.
    let lex = page
        .root
        .lexicon
        .iter()
        .find(|r| !r.is_empty())
        .expect("lexicon")
        .start;
    let cell = page
        .root
        .lexicon
        .iter()
        .position(|r| r.contains(&lex))
        .unwrap();
    let (family, bucket, class) = super::lexicon::cell_parts(cell).unwrap();
    let mut part = part_header(PartKind::Lexicon);
    part.extend_from_slice(&[family as u8, bucket as u8, class as u8]);
    put_varint(&mut part, u32::MAX);
    let e = page.root.decode(lex, PartKind::Lexicon, &part);
    let e = e.expect_err("refused").to_string();
    assert!(e.starts_with("claims 4294967295 terms"), "{e}");
    // A root claiming more parts than it has bytes for their hashes.
    let mut root = ROOT_MAGIC.to_vec();
    root.push(VERSION);
    put_varint(&mut root, 1);
    for count in [u32::MAX >> 4, 0, 0, 0, 0, 0, 1, 0] {
        put_varint(&mut root, count);
    }
    let e = PartitionedIndex::from_root(&root).expect_err("refused");
    assert_eq!(
        e.to_string(),
        "search index root: claims 268435456 parts, more than its 0 remaining bytes hold hashes for"
    );
}

#[test]
fn loaded_bytes_count_what_parts_decode_to() {
    let (_, files) = files();
    let mut page = PartitionedIndex::from_root(&files.root).expect("root");
    for p in 0..files.parts.len() {
        page.add_part(p, &files.parts[p]).expect("part");
    }
    let fetched: usize = files.parts.iter().map(Vec::len).sum();
    assert!(
        page.loaded_bytes() > fetched,
        "{} of {fetched}",
        page.loaded_bytes()
    );
    page.evict_to(0);
    assert_eq!(page.loaded_bytes(), 0);
}

#[test]
fn a_checked_part_skips_only_the_hash() {
    let (_, files) = files();
    let mut page = PartitionedIndex::from_root(&files.root).expect("root");
    let mut bytes = files.parts[0].clone();
    bytes[..4].copy_from_slice(b"XXXX");
    let e = page.add_part(0, &bytes).expect_err("refused");
    assert!(e.to_string().contains("hash"), "{e}");
    let e = page.add_checked_part(0, &bytes).expect_err("refused");
    assert!(e.to_string().contains("magic"), "{e}");
    assert!(!page.is_loaded(0));
    page.add_checked_part(0, &files.parts[0]).expect("part");
    assert!(page.is_loaded(0));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// A part that is well-formed enough to decode but disagrees with
    /// the others (its hash check bypassed) never makes a search panic.
    #[test]
    fn inconsistent_parts_never_panic(
        part in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        byte in any::<u8>(),
        cut in 0usize..4,
    ) {
        let files = &files().1;
        let mut page = PartitionedIndex::from_root(&files.root).expect("root");
        let p = part.index(files.parts.len());
        let mut bytes = files.parts[p].clone();
        let i = at.index(bytes.len());
        bytes[i] = byte;
        bytes.truncate(bytes.len() - cut.min(bytes.len()));
        let kind = page.root.kind_of(p);
        if let Ok(data) = page.root.decode(p, kind, &bytes) {
            page.loaded[p] = Some(Loaded { bytes: bytes.len(), used: Cell::new(0), data });
        }
        for text in QUERIES {
            let q = SearchQuery::parse(text);
            for order in [Order::Newest, Order::Oldest, Order::Relevance] {
                let _ = load_all(&mut page, &q, order);
            }
        }
    }
}
