use super::engine::Loaded;
use super::error::{Malformed, PartErrorKind};
use super::format::{part_header, HASH_BYTES, ROOT_MAGIC, VERSION};
use super::write::put_bytes;
use super::*;
use crate::content_hash::content_hash;
use crate::search::exec::Order;
use crate::search::index::SearchIndex;
use crate::search::postings::put_varint;
use crate::search::query::SearchQuery;
use crate::Article;
use proptest::prelude::*;
use std::cell::Cell;
use std::sync::OnceLock;

/// The words of English articles (`lang: en` or `en-GB`) ...
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
    "election",
    "elections",
    "elected",
    "run",
    "running",
    "runner",
];

/// ... of Persian ones (`fa`; `کتاب‌ها` with a ZWNJ) ...
const PERSIAN: &[&str] = &[
    "پرسش",
    "پرسشی",
    "کتاب",
    "کتاب‌ها",
    "کتابهای",
    "انتخابات",
    "انتخاب",
    "ایران",
    "خبر",
    // A two-letter word with plurals, and more words starting with it
    // than a short prefix scores (8): its plurals among them.
    "گل",
    "گلها",
    "گلها",
    "گلهای",
    "گلستان",
    "گلاب",
    "گلدان",
    "گلشن",
    "گلزار",
    "گلبرگ",
    "گلوله",
    "گلخانه",
    "گلفروش",
];

/// ... and of articles without a language: other forms of English and
/// Persian words that are no forms there (`elects`, `runs`), no language
/// having them.
const NO_LANGUAGE: &[&str] = &[
    "the",
    "storm",
    "news",
    "elections",
    "elects",
    "runs",
    "running",
    "پرسش",
    "کتابهایمان",
    "york",
];

/// 300 articles of pseudo-random words (so prefix sets, typos, phrases and
/// other forms all have work): English, Persian and without a language
/// in turn, each of its own words.
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
        let mut text = |words: &[&str], n: u32| {
            let k = next() % n + 1;
            (0..k)
                .map(|_| words[(next() as usize) % words.len()])
                .collect::<Vec<_>>()
                .join(" ")
        };
        let articles: Vec<Article> = (0..300)
            .map(|i| {
                let (lang, words) = match i % 3 {
                    0 if i % 2 == 0 => (Some("en"), WORDS),
                    0 => (Some("en-GB"), WORDS),
                    1 => (Some("fa"), PERSIAN),
                    _ => (None, NO_LANGUAGE),
                };
                let mut a = Article::builder(i.to_string())
                    .title(text(words, 5))
                    .published("2024-01-01")
                    .lead(text(words, 20))
                    .body([text(words, 30)])
                    .build();
                a.lang = lang.map(str::to_owned);
                a
            })
            .collect();
        let index = SearchIndex::new(&articles);
        let files = partition_index(&index, &small_options());
        (index, files)
    })
}

fn small_options() -> PartitionOptions {
    PartitionOptions {
        stream_part_bytes: 200,
        tf_part_bytes: 200,
        position_part_bytes: 300,
        dict_block_bytes: 40,
        lexicon_part_bytes: 40,
        norm_range_docs: 64,
        prefix_set_max_chars: 4,
        prefix_set_min_bytes: 50,
        stem_part_bytes: 60,
        stream_span_bytes: 150,
        doc_span_bytes: 40,
    }
}

/// The same index without prefix sets (a prefix's words come from the
/// dictionary blocks).
fn files_without_sets() -> &'static PartitionedFiles {
    static F: OnceLock<PartitionedFiles> = OnceLock::new();
    F.get_or_init(|| {
        let options = PartitionOptions {
            prefix_set_max_chars: 0,
            ..small_options()
        };
        partition_index(&files().0, &options)
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
    "گل",
    "گلها ",
    "گل کتاب",
    "tehran ",
    "\"new york\" -\"prime minister\"",
    // Relevance goes on past a word no article has.
    "york xyzzy",
    "iran xyzzyq storm -the",
    "\"prime minister\" \"york xyzzy\" teheran",
    "the xyzzy",
    // Other forms, per article language.
    "elections",
    "elections ",
    "\"elections\"",
    "elect",
    "elec",
    "electoins ",
    "running ",
    "runs ",
    "run",
    "runing ",
    "کتاب ",
    "کتابها ",
    "کتاب",
    "انتخابات ",
    "running -elections",
    "\"running elections\" storm",
    "-elections",
    // Three words no article has together (English, Persian, neither).
    "elections کتاب runs ",
    "teheran کتاب elects",
    "storm کتابها xyzzy -ministers",
    "\"prime minister\" انتخاب elects",
];

fn load_all(
    page: &mut PartitionedIndex,
    files: &PartitionedFiles,
    q: &SearchQuery,
    order: Order,
) -> Lookup {
    for _ in 0..6 {
        match page.search(q, order) {
            Lookup::Need(parts) => {
                for p in parts {
                    let _ = page.add_part(p, &files.parts[p]);
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
    let page = PartitionedIndex::from_root(&files.root).expect("root");
    // The set has what the queries are meant to meet: two stem languages
    // of several parts each, other forms, partial matches.
    let langs: Vec<_> = page
        .root()
        .stem_langs
        .iter()
        .map(|(l, p)| (l.code(), p.len()))
        .collect();
    assert!(matches!(langs[..], [("en", 2..), ("fa", 2..)]), "{langs:?}");
    let hits = |text: &str| index.search_with(&SearchQuery::parse(text), Order::Newest);
    assert!(hits("elections ").len() > hits("\"elections\"").len());
    assert!(hits("کتاب ").len() > hits("\"کتاب\"").len());
    for text in ["elections کتاب runs ", "teheran کتاب elects"] {
        let ranked = index.search_ranked(&SearchQuery::parse(text));
        assert!(ranked.complete == 0 && !ranked.hits.is_empty(), "{text}");
    }
    assert!(page.root().prefixes.iter().any(|p| p == "گل"));
    for files in [files, files_without_sets()] {
        let mut page = PartitionedIndex::from_root(&files.root).expect("root");
        for text in QUERIES {
            let q = SearchQuery::parse(text);
            for order in [Order::Newest, Order::Oldest, Order::Relevance] {
                let want = index.search_with(&q, order);
                let got = load_all(&mut page, files, &q, order);
                assert_eq!(got, Lookup::Done(want), "{text} {order:?}");
            }
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
    // No words in titles or bodies; streams of up to 1 MB in a part.
    for _ in 0..4 {
        put_varint(&mut root, 0);
    }
    // One span per stream kind.
    for _ in 0..3 {
        put_varint(&mut root, 1 << 20);
    }
    put_varint(&mut root, 0); // flags
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
    // No lexicon parts.
    put_varint(&mut root, docs.max(1));
    // No stem languages.
    put_varint(&mut root, 0);
    root
}

#[test]
fn front_coded_terms_cannot_stand_for_more_than_the_limit() {
    // 1 MB, then 40 terms of 1 MB and more: 4 bytes each in the root.
    let root = growing_root(1, 40, 1 << 20);
    assert!(root.len() < (1 << 20) + 1000);
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
    let dict = page.root().first(PartKind::DictBlock);
    let mut part = part_header(PartKind::DictBlock);
    put_varint(&mut part, 1_000_000_000);
    part.extend_from_slice(&[0; 12]);
    let e = page.root().decode(dict, PartKind::DictBlock, &part);
    assert_eq!(
        e.expect_err("refused").to_string(),
        "claims 1000000000 terms at byte 6, more than its 12 remaining bytes can hold"
    );
    // A lexicon part whose first cell claims 2^32 - 1 terms.
    let lex = page.root().first(PartKind::Lexicon);
    let mut part = part_header(PartKind::Lexicon);
    put_varint(&mut part, 1);
    put_varint(&mut part, 0);
    put_varint(&mut part, u32::MAX);
    let e = page.root().decode(lex, PartKind::Lexicon, &part);
    let e = e.expect_err("refused").to_string();
    assert!(e.starts_with("claims 4294967295 terms"), "{e}");
    // A root claiming more parts than it has bytes for their hashes.
    let mut root = ROOT_MAGIC.to_vec();
    root.push(VERSION);
    put_varint(&mut root, 1);
    for _ in 0..4 {
        put_varint(&mut root, 0);
    }
    // One span per stream kind.
    for _ in 0..3 {
        put_varint(&mut root, 1 << 20);
    }
    put_varint(&mut root, 0); // flags
                              // (Stream parts' hashes are not the root's: dictionary blocks here.)
    for count in [0, 0, 0, u32::MAX >> 4, 0, 0, 1, 0] {
        put_varint(&mut root, count);
    }
    let e = PartitionedIndex::from_root(&root).expect_err("refused");
    assert_eq!(
        e.to_string(),
        "search index root: claims 268435456 parts, more than its 0 remaining bytes hold hashes for"
    );
}

/// A root's stem section (see the module documentation's "Format").
fn stem_section(langs: &[(&str, &[u32])]) -> Vec<u8> {
    let mut out = Vec::new();
    put_varint(&mut out, langs.len() as u32);
    for (code, firsts) in langs {
        put_bytes(&mut out, code.as_bytes());
        put_varint(&mut out, firsts.len() as u32);
        let mut prev = 0;
        for (i, &h) in firsts.iter().enumerate() {
            put_varint(&mut out, if i == 0 { h } else { h.wrapping_sub(prev) });
            prev = h;
        }
    }
    out
}

/// A stem part: its language, then `(hash gap, term bytes)` entries.
fn stem_part(code: &str, count: u32, entries: &[(u32, &[u8])]) -> Vec<u8> {
    let mut part = part_header(PartKind::Stems);
    put_bytes(&mut part, code.as_bytes());
    put_varint(&mut part, count);
    for &(gap, term) in entries {
        put_varint(&mut part, gap);
        put_bytes(&mut part, term);
    }
    part
}

#[test]
fn malformed_stem_parts_and_roots_are_refused() {
    let (_, files) = files();
    let page = PartitionedIndex::from_root(&files.root).expect("root");
    let root = &page.root();
    let stems = root.parts(PartKind::Stems);
    // Every real stem part decodes; its entries are its language's.
    for p in stems.clone() {
        match root.decode(p, PartKind::Stems, &files.parts[p]) {
            Ok(super::decode::PartData::Stems(e)) => assert!(!e.is_empty()),
            other => panic!("part {p}: {other:?}"),
        }
    }
    let malformed = |part: usize, bytes: &[u8]| match root.decode(part, PartKind::Stems, bytes) {
        Err(PartErrorKind::Malformed(m)) => m,
        other => panic!("{other:?}"),
    };
    // The first English part (another follows it) and the last Persian one.
    let (en, fa) = (root.stem_langs[0].1.start, root.stem_langs[1].1.end - 1);
    let first = |p: usize| root.stem_first[p - stems.start];
    let (h, next) = (first(en), first(en + 1));
    let e = malformed(en, &stem_part("fa", 1, &[(h, b"x")]));
    assert_eq!(e, Malformed::WrongStemLanguage { code: "fa".into() });
    assert_eq!(
        malformed(en, &stem_part("en", 1, &[(h + 1, b"x")])),
        Malformed::WrongFirstHash
    );
    assert_eq!(
        malformed(en, &stem_part("en", 0, &[])),
        Malformed::WrongFirstHash
    );
    // Terms of one hash not ascending, a hash of the next part, a hash
    // past `u32::MAX`.
    let e = malformed(en, &stem_part("en", 2, &[(h, b"b"), (0, b"a")]));
    assert_eq!(e, Malformed::StemEntriesOutOfOrder);
    let e = malformed(en, &stem_part("en", 2, &[(h, b"a"), (next - h, b"b")]));
    assert_eq!(e, Malformed::StemEntriesOutOfOrder);
    let h = first(fa);
    let e = malformed(fa, &stem_part("fa", 2, &[(h, b"a"), (u32::MAX, b"b")]));
    assert_eq!(e, Malformed::StemEntriesOutOfOrder);
    // The last part of a language may hold any hash above its first.
    assert!(root
        .decode(
            fa,
            PartKind::Stems,
            &stem_part("fa", 2, &[(h, b"a"), (1, b"b")])
        )
        .is_ok());
    assert_eq!(
        malformed(fa, &stem_part("fa", 1, &[(h, &[0xFF])])),
        Malformed::NotUtf8
    );
    let mut trailing = stem_part("fa", 1, &[(h, b"a")]);
    trailing.push(0);
    assert_eq!(malformed(fa, &trailing), Malformed::TrailingBytes);
    // Counts beyond the bytes, truncation, a part under another kind.
    let e = root.decode(
        fa,
        PartKind::Stems,
        &stem_part("fa", u32::MAX, &[(h, b"a")]),
    );
    assert!(e
        .expect_err("refused")
        .to_string()
        .starts_with("claims 4294967295 terms"));
    for cut in 0..files.parts[fa].len() {
        assert!(root
            .decode(fa, PartKind::Stems, &files.parts[fa][..cut])
            .is_err());
    }
    let norms = root.first(PartKind::Norms);
    let e = root
        .decode(fa, PartKind::Stems, &files.parts[norms])
        .expect_err("refused");
    assert!(
        matches!(e, PartErrorKind::WrongKind { found: 6, .. }),
        "{e:?}"
    );

    // The root's stem section: the real one, then variants of it.
    let langs: Vec<(&str, Vec<u32>)> = root
        .stem_langs
        .iter()
        .map(|(l, p)| (l.code(), p.clone().map(&first).collect()))
        .collect();
    let section = |langs: &[(&str, Vec<u32>)]| {
        let langs: Vec<(&str, &[u32])> = langs.iter().map(|(c, f)| (*c, f.as_slice())).collect();
        stem_section(&langs)
    };
    let real = section(&langs);
    assert!(files.root.ends_with(&real));
    let head = &files.root[..files.root.len() - real.len()];
    let with = |langs: &[(&str, Vec<u32>)]| {
        let mut root = head.to_vec();
        root.extend_from_slice(&section(langs));
        PartitionedIndex::from_root(&root)
            .map(|_| ())
            .map_err(|e| e.kind)
    };
    assert_eq!(with(&langs), Ok(()));
    let refused = |langs: &[(&str, Vec<u32>)]| match with(langs) {
        Err(PartErrorKind::Malformed(m)) => m,
        other => panic!("{other:?}"),
    };
    let (en_firsts, fa_firsts) = (langs[0].1.clone(), langs[1].1.clone());
    // A language this build cannot stem, one written otherwise, one twice.
    for code in ["xx", "EN", "eng", ""] {
        let e = refused(&[(code, en_firsts.clone()), ("fa", fa_firsts.clone())]);
        assert_eq!(e, Malformed::UnknownStemLanguage { code: code.into() });
    }
    let e = refused(&[("en", en_firsts.clone()), ("en", fa_firsts.clone())]);
    assert_eq!(e, Malformed::UnknownStemLanguage { code: "en".into() });
    // Parts that do not add up to the stem parts' count.
    let e = refused(&[("en", en_firsts.clone()), ("fa", fa_firsts[1..].to_vec())]);
    assert_eq!(e, Malformed::StemPartsDoNotAddUp);
    let mut more = fa_firsts.clone();
    more.push(u32::MAX);
    assert_eq!(
        refused(&[("en", en_firsts.clone()), ("fa", more)]),
        Malformed::StemPartsDoNotAddUp
    );
    // First hashes not ascending.
    let mut flat = en_firsts.clone();
    flat[1] = flat[0];
    assert_eq!(
        refused(&[("en", flat), ("fa", fa_firsts.clone())]),
        Malformed::StemPartsOutOfOrder
    );
    let mut down = en_firsts.clone();
    down.swap(0, 1);
    assert_eq!(
        refused(&[("en", down), ("fa", fa_firsts.clone())]),
        Malformed::StemPartsOutOfOrder
    );
    // A language count beyond the bytes, and every truncation.
    let mut root = head.to_vec();
    put_varint(&mut root, 1000);
    let e = PartitionedIndex::from_root(&root)
        .expect_err("refused")
        .to_string();
    assert!(e.contains("claims 1000 stem languages"), "{e}");
    for cut in head.len()..files.root.len() {
        assert!(PartitionedIndex::from_root(&files.root[..cut]).is_err());
    }
}

#[test]
fn loaded_bytes_count_what_parts_decode_to() {
    let (_, files) = files();
    let mut page = PartitionedIndex::from_root(&files.root).expect("root");
    // The dictionary blocks first: they list the stream parts' hashes.
    let blocks = page.dictionary_block_parts();
    for p in blocks.iter().copied().chain(0..files.parts.len()) {
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
    let block = page.dictionary_block_parts()[0];
    let mut bytes = files.parts[block].clone();
    bytes[..4].copy_from_slice(b"XXXX");
    let e = page.add_part(block, &bytes).expect_err("refused");
    assert!(e.to_string().contains("hash"), "{e}");
    let e = page.add_checked_part(block, &bytes).expect_err("refused");
    assert!(e.to_string().contains("magic"), "{e}");
    assert!(!page.is_loaded(block));
    page.add_checked_part(block, &files.parts[block])
        .expect("part");
    assert!(page.is_loaded(block));
}

#[test]
fn stream_parts_are_named_by_the_dictionary_blocks() {
    let (_, files) = files();
    let mut page = PartitionedIndex::from_root(&files.root).expect("root");
    let blocks = page.dictionary_block_parts();
    // Part 0 is the first doc-stream part: the root does not list it ...
    assert_eq!(page.part_hash(0), "");
    let e = page.add_part(0, &files.parts[0]).expect_err("not yet");
    assert!(e.to_string().contains("not known yet"), "{e}");
    // ... the first dictionary block does, and it is then known.
    page.add_part(blocks[0], &files.parts[blocks[0]])
        .expect("block");
    assert_eq!(page.part_hash(0), content_hash(&files.parts[0]));
    page.add_part(0, &files.parts[0]).expect("now known");
    // Known after the block is dropped too; and the root stays small:
    // about HASH_BYTES a part other than the streams'.
    page.evict_to(0);
    assert_eq!(page.part_hash(0), content_hash(&files.parts[0]));
    for p in blocks.iter().copied() {
        page.add_part(p, &files.parts[p]).expect("block");
    }
    assert!((0..files.parts.len()).all(|p| page.part_hash(p) == content_hash(&files.parts[p])));
    let streams = PartKind::STREAMS
        .iter()
        .map(|&k| page.root().parts(k).len())
        .sum::<usize>();
    assert!(
        streams > files.parts.len() / 3,
        "{streams} of {}",
        files.parts.len()
    );
    assert!(files.root.len() < HASH_BYTES * (files.parts.len() - streams) + 4096);
}

#[test]
fn a_block_listing_another_hash_for_a_stream_part_is_refused() {
    let (_, files) = files();
    let mut page = PartitionedIndex::from_root(&files.root).expect("root");
    let block = page.dictionary_block_parts()[0];
    page.add_part(block, &files.parts[block]).expect("block");
    // The block again (its own hash check skipped), its last listed hash
    // (a positions part's) changed: it disagrees with what was learnt.
    let mut changed = files.parts[block].clone();
    *changed.last_mut().expect("bytes") ^= 0xff;
    let e = page.add_checked_part(block, &changed).expect_err("refused");
    assert!(
        e.to_string().contains("another hash for stream part"),
        "{e}"
    );
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
        let kind = page.root().kind_of(p);
        if let Ok(data) = page.root().decode(p, kind, &bytes) {
            page.loaded[p] = Some(Loaded { bytes: bytes.len(), used: Cell::new(0), data });
        }
        for text in QUERIES {
            let q = SearchQuery::parse(text);
            for order in [Order::Newest, Order::Oldest, Order::Relevance] {
                let _ = load_all(&mut page, files, &q, order);
            }
        }
    }
}

#[test]
fn a_version_7_index_with_one_span_for_every_stream_is_still_read() {
    // Version 8 roots give a span per stream kind and number the lexicon's
    // cells by pair before length; version 7 gave one span for all and
    // numbered them by length first. An index written as version 7
    // searches as the index itself does.
    let (index, _) = files();
    let mut parts = std::collections::HashMap::new();
    let mut root = write::write_index_parts_as(
        index,
        &small_options(),
        &mut |hash, part| {
            parts.insert(hash.to_owned(), part);
        },
        7,
    );
    assert_eq!(root[ROOT_MAGIC.len()], 7);
    let mut page = PartitionedIndex::from_root(&root).expect("a version 7 root");
    assert_eq!(page.root().spans, [150; 3]);
    assert_eq!(page.root().cell_order, lexicon::CellOrder::LengthFirst);
    for text in QUERIES {
        let q = SearchQuery::parse(text);
        for order in [Order::Newest, Order::Oldest, Order::Relevance] {
            let got = loop {
                match page.search(&q, order) {
                    Lookup::Need(need) => {
                        for p in need {
                            let part = &parts[&page.part_hash(p)];
                            page.add_part(p, part).expect("a version 7 index's part");
                        }
                    }
                    Lookup::Done(hits) => break hits,
                }
            };
            assert_eq!(got, index.search_with(&q, order), "{text} {order:?}");
        }
    }
    // Version 6 is not.
    root[ROOT_MAGIC.len()] = 6;
    assert!(PartitionedIndex::from_root(&root).is_err());
}
