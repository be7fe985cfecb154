//! Hostile sharded archives (issue 19): what a stranger's `?data=` link can
//! feed the page, case by case. Each must give an error that says what is
//! wrong, never a panic, and never allocate beyond its limits: a counting
//! allocator measures what each read allocates (per thread, so tests may
//! run in parallel). Then the proptest versions of the fuzz targets
//! `manifest`, `card_shard`, `id_bucket`, `source_ids` and `gunzip`.

#[path = "support/bundled.rs"]
#[allow(dead_code)]
mod bundled;
mod fuzz_checks;

use broadsheet_core::archive::{
    parse_bodies, parse_cards, parse_ids, parse_source_ids, write_shards, ArchiveError,
    ArchiveFileKind, ArchiveSegment, BodyChunks, FileRef, Manifest, ShardOptions, ARCHIVE_FORMAT,
    ARCHIVE_VERSION,
};
use broadsheet_core::gunzip::{gunzip_limited, gzip_bound, unzip_if_gzip, GunzipError};
use broadsheet_core::limits::{
    MAX_ARCHIVE_ARTICLES, MAX_ARCHIVE_DAYS, MAX_ARCHIVE_FILE_BYTES, MAX_ARCHIVE_SOURCES,
    MAX_MANIFEST_BYTES,
};
use broadsheet_core::testing::{assert_archive_reads_back, write_archive, ArchiveFiles};
use broadsheet_core::Article;
use chrono::NaiveDate;
use fuzz_checks::archive_parts as checks;
use proptest::prelude::*;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------
// Counting what a read allocates
// ---------------------------------------------------------------------------

struct Counting;

thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

fn grow(by: usize) {
    let _ = LIVE.try_with(|live| {
        let now = live.get() + by;
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

fn shrink(by: usize) {
    let _ = LIVE.try_with(|live| live.set(live.get().saturating_sub(by)));
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grow(layout.size());
        System.alloc(layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        grow(layout.size());
        System.alloc_zeroed(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        shrink(layout.size());
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        grow(new_size);
        shrink(layout.size());
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// `f()`, and the most bytes this thread held at once during it beyond
/// what it held before.
fn peak_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(before));
    let out = f();
    (out, PEAK.with(Cell::get) - before)
}

const MB: usize = 1_000_000;

// ---------------------------------------------------------------------------
// Hand-made manifests
// ---------------------------------------------------------------------------

fn hash(n: u64) -> String {
    format!("{n:016x}")
}

fn file(n: u64) -> FileRef {
    FileRef {
        hash: hash(n),
        bytes: 100,
    }
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// A consistent manifest of `articles` articles all published on
/// `first_day`, in one shard (what a hostile server can make of any counts).
fn one_day(articles: u32, first_day: NaiveDate) -> Manifest {
    Manifest {
        format: ARCHIVE_FORMAT.into(),
        version: ARCHIVE_VERSION,
        articles,
        first_day: Some(first_day),
        day_counts: vec![articles],
        sources: vec![("A".into(), articles)],
        source_ids: file(1),
        languages: Vec::new(),
        language_ids: None,
        stories: None,
        shards: vec![broadsheet_core::archive::Shard {
            count: articles,
            from: first_day,
            to: first_day,
            cards: file(2),
        }],
        shard_table: None,
        segments: vec![ArchiveSegment {
            articles,
            index: Some(file(4)),
            ids: vec![file(3)],
        }],
        dictionary_words: false,
        previous: None,
    }
}

/// `Manifest::parse` of `m`'s text: the error, and what parsing allocated.
fn refused(m: &Manifest) -> (ArchiveError, usize) {
    let text = m.to_json();
    let (result, peak) = peak_during(|| Manifest::parse(&text));
    (result.expect_err("refused"), peak)
}

fn article(id: &str, date: &str, source: &str) -> Article {
    Article::builder(id)
        .title(format!("Title {id}"))
        .published(date)
        .lead(format!("Lead {id}"))
        .body([format!("Body of {id}")])
        .source(source)
        .build()
}

fn small() -> (Manifest, ArchiveFiles) {
    let mut articles: Vec<Article> = (0..30)
        .map(|i| {
            let day = format!("2020-01-{:02}", 1 + i % 9);
            article(&format!("a{i}"), &day, ["A", "B", "C"][i % 3])
        })
        .collect();
    broadsheet_core::set::sort_newest_first(&mut articles);
    let options = ShardOptions {
        max_articles: 7,
        ids_per_bucket: 8,
        max_body_bytes: 30,
        ..ShardOptions::default()
    };
    write_archive(&articles, &options)
}

// ---------------------------------------------------------------------------
// The page: panics
// ---------------------------------------------------------------------------

/// Counts that add up but are huge: refused by the limit, allocating
/// nothing for them (they used to reserve a day per claimed article).
#[test]
fn huge_claimed_counts_are_refused_without_allocating_for_them() {
    for articles in [1 << 28, 1 << 31, u32::MAX, MAX_ARCHIVE_ARTICLES + 1] {
        let (e, peak) = refused(&one_day(articles, date("2020-01-01")));
        assert_eq!(
            e.0,
            format!("articles is {articles}, more than the 20000000 an archive may hold (MAX_ARCHIVE_ARTICLES)")
        );
        assert!(peak < MB, "{peak} bytes");
    }
    // At the limit it is read, still without a day per article.
    let m = one_day(MAX_ARCHIVE_ARTICLES, date("2020-01-01"));
    let text = m.to_json();
    let (read, peak) = peak_during(|| Manifest::parse(&text));
    assert_eq!(read.unwrap(), m);
    assert!(peak < MB, "{peak} bytes");
    let index = m.day_index();
    assert_eq!(index.len(), MAX_ARCHIVE_ARTICLES);
    assert_eq!(
        index.day_of(MAX_ARCHIVE_ARTICLES - 1),
        Some(date("2020-01-01"))
    );
    assert_eq!(
        m.file_limit(ArchiveFileKind::Meta),
        MAX_ARCHIVE_ARTICLES as usize
    );
}

/// `days()` of a manifest that was never checked: never more than
/// `articles` entries, never a panic.
#[test]
fn days_never_panics_nor_passes_articles() {
    let mut m = one_day(5, NaiveDate::MAX);
    m.day_counts = vec![u32::MAX; 3];
    assert_eq!(m.days(), vec![NaiveDate::MAX; 5]);
    m.articles = 0;
    assert!(m.days().is_empty());
    m.articles = u32::MAX;
    m.day_counts = vec![3, 0, 2];
    m.first_day = Some(date("2020-01-01"));
    assert_eq!(
        m.days(),
        [[date("2020-01-03"); 2].as_slice(), &[date("2020-01-01"); 3]].concat()
    );
    m.first_day = None;
    assert!(m.days().is_empty());
    // Shard sums past u32.
    m.shards = vec![m.shards[0].clone(); 3];
    for s in &mut m.shards {
        s.count = u32::MAX;
    }
    assert_eq!(m.shard_starts(), [0, u32::MAX, u32::MAX]);
    assert_eq!(m.shard_of(u32::MAX - 1), Some((0, 0)));
    assert_eq!(m.shard_of(u32::MAX), None);
}

/// `first_day` of +262142-01-01 with a year of day counts: the last day is
/// past chrono's range (a panic in `days()` before).
#[test]
fn a_first_day_whose_range_passes_the_calendar_is_refused() {
    let first = date("+262142-01-01");
    let mut m = one_day(400, first);
    m.day_counts = vec![1; 400];
    m.shards[0].to = first;
    let (e, _) = refused(&m);
    assert_eq!(
        e.0,
        format!(
            "first_day +262142-01-01 and 400 day counts run past the last date there is ({})",
            NaiveDate::MAX
        )
    );
    // The same manifest unchecked: days() stops at the calendar's end.
    let days = m.days();
    assert!(days.len() <= 400);
    // Inside the calendar it is read.
    let m = one_day(3, NaiveDate::MAX);
    assert_eq!(Manifest::parse(&m.to_json()).unwrap().days().len(), 3);
}

/// 0 articles but an id bucket (the page then panicked at the article
/// route): an empty archive lists nothing.
#[test]
fn an_empty_archive_lists_nothing() {
    let empty = |change: &dyn Fn(&mut Manifest)| {
        let mut m = one_day(0, date("2020-01-01"));
        m.first_day = None;
        m.day_counts.clear();
        m.sources.clear();
        m.shards.clear();
        m.segments.clear();
        change(&mut m);
        Manifest::parse(&m.to_json())
    };
    assert!(empty(&|_| {}).is_ok());
    type Case<'a> = (&'a dyn Fn(&mut Manifest), &'a str);
    let cases: [Case; 5] = [
        (
            &|m| m.segments = one_day(0, date("2020-01-01")).segments,
            "segments lists 1",
        ),
        (&|m| m.day_counts = vec![0; 3], "day_counts lists 3"),
        (&|m| m.sources.push(("A".into(), 0)), "sources lists 1"),
        (
            &|m| m.first_day = Some(date("2020-01-01")),
            "first_day is 2020-01-01",
        ),
        (
            &|m| {
                let mut s = one_day(1, date("2020-01-01")).shards[0].clone();
                s.count = 0;
                m.shards.push(s);
            },
            "shards lists 1",
        ),
    ];
    for (change, what) in cases {
        let e = empty(change).unwrap_err();
        assert_eq!(e.0, format!("the archive has 0 articles, but {what}"));
    }
}

/// The manifest's own inconsistencies: shards of 0 articles, shard dates
/// that are not their articles', more id buckets than articles, files of
/// absurd sizes, names that are not content hashes.
#[test]
fn inconsistent_manifests_say_what_is_wrong() {
    let (good, _) = small();
    assert_eq!(Manifest::parse(&good.to_json()).unwrap(), good);
    let check = |change: &dyn Fn(&mut Manifest), expected: &str| {
        let mut m = good.clone();
        change(&mut m);
        let (e, peak) = refused(&m);
        assert!(e.0.contains(expected), "{e} lacks {expected:?}");
        assert!(peak < MB);
    };
    check(
        &|m| {
            let mut empty = m.shards[1].clone();
            empty.count = 0;
            m.shards.insert(1, empty);
        },
        "shard 1 has 0 articles",
    );
    check(
        &|m| m.shards[1].from = date("1999-01-01"),
        "shard 1 says its articles were published 1999-01-01..=",
    );
    check(
        &|m| m.shards[0].to = m.shards[0].to.succ_opt().unwrap(),
        "shard 0 says its articles were published",
    );
    check(
        &|m| m.segments[0].ids = (0..31).map(file).collect(),
        "segment 0's ids lists 31 buckets, more than its 30 articles",
    );
    check(
        &|m| m.segments[0].ids.clear(),
        "segment 0's ids is empty (it has 30 articles)",
    );
    check(
        &|m| {
            m.segments[0].articles = 20;
            let mut second = m.segments[0].clone();
            second.articles = 9;
            m.segments.push(second);
        },
        "the segments add up to 29 articles, not 30",
    );
    check(
        &|m| {
            m.segments[0].articles = 30;
            let mut second = m.segments[0].clone();
            second.articles = 0;
            m.segments.push(second);
        },
        "segment 1 has 0 articles",
    );
    check(
        &|m| {
            m.segments[0].index = Some(FileRef {
                hash: "../../etc/passwd".into(),
                bytes: 1,
            })
        },
        "is not a content hash (a search index file's name)",
    );
    check(&|m| m.first_day = None, "first_day is missing");
    check(
        &|m| m.source_ids.bytes = u64::MAX,
        &format!(
            "has {} bytes by the manifest, more than the {} a sources file of this archive may have",
            u64::MAX,
            gzip_bound(30)
        ),
    );
    check(
        &|m| m.shards[0].cards.bytes = 1 << 40,
        "more than the 32033024 a card shard of this archive may have",
    );
    check(
        &|m| m.segments[0].ids[0].hash = "../../x/12345678".into(),
        "\"../../x/12345678\" is not a content hash (an id bucket's name)",
    );
    check(
        &|m| m.day_counts[0] += 1,
        "the day_counts add up to 31 articles, not 30",
    );
}

/// Lists past their limits are refused while reading, before they are
/// held: 50 million zero day counts (100 MB) by the manifest's size, 7.9
/// million (16 MB) by the day count limit.
#[test]
fn long_lists_are_refused_before_they_are_held() {
    let zeros = |n: usize| {
        format!(
            "{{\"format\":\"broadsheet-sharded-archive\",\"version\":1,\"articles\":0,\"day_counts\":[{}0]}}",
            "0,".repeat(n - 1)
        )
    };
    let text = zeros(50_000_000);
    let (e, peak) = peak_during(|| Manifest::parse_bytes(text.as_bytes()));
    assert_eq!(
        e.unwrap_err().0,
        "the manifest is 100.0 MB, more than the 16 MB a manifest may be (MAX_MANIFEST_BYTES)"
    );
    assert!(peak < 1000, "{peak} bytes");
    let e = Manifest::parse(&text).unwrap_err();
    assert!(e.0.starts_with("the manifest is 100.0 MB"), "{e}");
    drop(text);

    let text = zeros(MAX_MANIFEST_BYTES / 2 - 100);
    let started = Instant::now();
    let (e, peak) = peak_during(|| Manifest::parse_bytes(text.as_bytes()));
    let e = e.unwrap_err();
    assert!(
        e.0.ends_with(&format!("day_counts lists more than {MAX_ARCHIVE_DAYS} days (the longest timeline an archive may have, MAX_ARCHIVE_DAYS)")),
        "{e}"
    );
    assert!(e.0.starts_with("line 1, column "), "{e}");
    assert!(peak < 2 * MB, "{peak} bytes");
    assert!(started.elapsed() < Duration::from_secs(5));

    let mut m = one_day(MAX_ARCHIVE_SOURCES as u32 + 1, date("2020-01-01"));
    m.sources = (0..=MAX_ARCHIVE_SOURCES)
        .map(|i| (format!("S{i}"), 1))
        .collect();
    let (e, _) = refused(&m);
    assert!(
        e.0.ends_with("sources lists more than 65536 sources (the most an archive may name, MAX_ARCHIVE_SOURCES)"),
        "{e}"
    );
}

/// A sources file naming a source beyond the list (the page panicked in
/// `Library::filter`), or of the wrong width.
#[test]
fn a_source_number_beyond_the_sources_is_refused() {
    let path = "meta/0123456789abcdef.bin.gz";
    let e = parse_source_ids(path, &[0, 1, 2, 3], 4, 3).unwrap_err();
    assert_eq!(
        e.0,
        format!("{path} gives the article at position 3 source number 3, but the archive names 3 sources")
    );
    assert_eq!(
        parse_source_ids(path, &[0, 1, 2, 2], 4, 3).unwrap(),
        [0, 1, 2, 2]
    );
    let e = parse_source_ids(path, &[0, 0, 1, 0], 2, 3).unwrap_err();
    assert_eq!(
        e.0,
        format!("{path} has 4 bytes, not 2 (1 per article: 2 articles, 3 sources)")
    );
    let two = [0, 0, 0x2c, 0x01]; // 0 and 300
    assert_eq!(parse_source_ids(path, &two, 2, 301).unwrap(), [0, 300]);
    assert!(parse_source_ids(path, &two, 2, 300).is_err());
    let e = parse_source_ids(path, &[], u32::MAX, 300).unwrap_err();
    assert!(e.0.contains("not 8589934590 (2 per article"), "{e}");
}

/// Id buckets naming positions past the archive's articles, or an id twice.
#[test]
fn id_positions_beyond_the_articles_are_refused() {
    let path = "ids/0123456789abcdef.json.gz";
    let bucket = br#"{"format":"broadsheet-ids","version":1,"ids":[["a",0],["b",4]]}"#;
    let e = parse_ids(path, bucket, 4).unwrap_err();
    assert_eq!(
        e.0,
        format!("{path} puts id \"b\" at position 4, but the archive has 4 articles")
    );
    assert_eq!(parse_ids(path, bucket, 5).unwrap()["b"], 4);
    let twice = br#"{"format":"broadsheet-ids","version":1,"ids":[["a",0],["a",1]]}"#;
    assert_eq!(
        parse_ids(path, twice, 5).unwrap_err().0,
        format!("{path} lists id \"a\" twice")
    );
    let e = parse_ids(path, bucket, 0).unwrap_err();
    assert!(e.0.contains("the archive has 0 articles"), "{e}");
}

/// Card shards whose body chunks do not cover their cards, are empty, or
/// are not named by content hashes; `locate` on counts that overflow u32.
#[test]
fn body_chunks_must_cover_the_cards() {
    let (m, files) = small();
    let shard = &m.shards[0];
    let path = ArchiveFileKind::Cards.path(&shard.cards.hash);
    let text = String::from_utf8(files[&path].clone()).unwrap();
    let read = parse_cards(&path, text.as_bytes(), shard.count).unwrap();
    let listed = serde_json::to_string(&read.bodies.0).unwrap();
    let with = |bodies: &str| text.replacen(&listed, bodies, 1);
    let h = "0123456789abcdef";
    let cases = [
        (
            format!("[[{},\"{h}\"]]", shard.count + 1),
            "lists bodies for 8 articles, not 7",
        ),
        (
            format!("[[4294967295,\"{h}\"],[8,\"{h}\"]]"),
            "lists bodies for 4294967303 articles, not 7",
        ),
        (
            format!("[[0,\"{h}\"],[7,\"{h}\"]]"),
            "its body chunk 0 has 0 articles",
        ),
        (
            "[[7,\"../../../x\"]]".to_string(),
            "its body chunk 0 is named \"../../../x\", not a content hash",
        ),
    ];
    for (bodies, expected) in cases {
        let e = parse_cards(&path, with(&bodies).as_bytes(), shard.count).unwrap_err();
        assert!(e.0.starts_with(&path) && e.0.ends_with(expected), "{e}");
    }
    let chunks = BodyChunks(vec![(u32::MAX, "a".into()), (u32::MAX, "b".into())]);
    assert_eq!(chunks.locate(u32::MAX - 1).unwrap().at, u32::MAX - 1);
    assert_eq!(chunks.locate(u32::MAX).unwrap().hash, "a".repeat(0) + "b");
    let bodies = br#"{"format":"broadsheet-bodies","version":1,"bodies":[["x"]]}"#;
    let e = parse_bodies("b", bodies, 2).unwrap_err();
    assert_eq!(e.0, "b holds 1 bodies, the manifest says 2");
}

// ---------------------------------------------------------------------------
// The page: bombs
// ---------------------------------------------------------------------------

/// gzip of `mib` MiB of zeros, as flate2 streams it from a repeat reader,
/// made in a blink: flate2 compresses three MiB with a sync flush after
/// each (so each ends on a byte), the second and third come out the same
/// (its window is all zeros by then), and that MiB's bytes are repeated;
/// then an empty final block and the trailer (CRC-32 combined per MiB, and
/// the size). Compressing 1 GiB itself takes half a minute in a debug build.
fn zeros_gzip(mib: usize) -> Vec<u8> {
    assert!(mib >= 3);
    let zeros = vec![0u8; 1 << 20];
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let mut ends = Vec::new();
    for _ in 0..3 {
        e.write_all(&zeros).unwrap();
        e.flush().unwrap();
        ends.push(e.get_ref().len());
    }
    let out = e.get_ref();
    let unit = out[ends[1]..ends[2]].to_vec();
    assert_eq!(unit, out[ends[0]..ends[1]], "flate2 reached a steady state");
    let mut bomb = out.clone();
    for _ in 3..mib {
        bomb.extend_from_slice(&unit);
    }
    bomb.extend_from_slice(&[1, 0, 0, 0xff, 0xff]); // final empty stored block
    let mut one = flate2::Crc::new();
    one.update(&zeros);
    let mut crc = flate2::Crc::new();
    for _ in 0..mib {
        crc.combine(&one);
    }
    bomb.extend_from_slice(&crc.sum().to_le_bytes());
    bomb.extend_from_slice(&((mib << 20) as u32).to_le_bytes());
    bomb
}

/// The bomb maker makes real gzip.
#[test]
fn the_bomb_is_real_gzip() {
    let sixteen = zeros_gzip(16);
    let out = gunzip_limited(&sixteen, 16 << 20).unwrap();
    assert!(out.len() == 16 << 20 && out.iter().all(|&b| b == 0));
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::copy(&mut std::io::repeat(0).take(16 << 20), &mut e).unwrap();
    let streamed = e.finish().unwrap();
    assert!(
        sixteen.len() < streamed.len() * 2,
        "{} {}",
        sixteen.len(),
        streamed.len()
    );
}

/// 1 GiB of zeros, gzip-compressed (about 1 MB): stops at the limit within
/// seconds, having counted its output without keeping it (its trailer says
/// 1 GiB); with a trailer that lies (says 100 bytes) it holds no more than
/// the limit and a buffer.
#[test]
fn a_gzip_bomb_stops_at_the_limit() {
    let bomb = zeros_gzip(1024);
    assert!(bomb.len() < 2 * MB, "{} bytes", bomb.len());
    let started = Instant::now();
    let (result, peak) = peak_during(|| gunzip_limited(&bomb, MAX_ARCHIVE_FILE_BYTES));
    let e = result.unwrap_err();
    assert_eq!(
        e,
        GunzipError::TooLarge {
            limit: MAX_ARCHIVE_FILE_BYTES
        }
    );
    assert_eq!(e.to_string(), "it unzips to more than 32 MB");
    assert!(peak < 200_000, "{peak} bytes held");
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    let mut lying = bomb.clone();
    let at = lying.len() - 4;
    lying[at..].copy_from_slice(&100u32.to_le_bytes());
    let (result, peak) = peak_during(|| gunzip_limited(&lying, MAX_ARCHIVE_FILE_BYTES));
    assert_eq!(
        result,
        Err(GunzipError::TooLarge {
            limit: MAX_ARCHIVE_FILE_BYTES
        })
    );
    assert!(peak < 200_000, "{peak} bytes held");
    // A small limit (a sources file's) stops at once.
    let (result, peak) = peak_during(|| unzip_if_gzip(bomb.clone(), 1000));
    assert_eq!(result, Err(GunzipError::TooLarge { limit: 1000 }));
    assert!(peak < bomb.len() + 200_000, "{peak}");
}

/// Truncated or damaged gzip streams are refused, each with its reason.
#[test]
fn corrupt_gzip_is_refused_with_the_reason() {
    let text: Vec<u8> = (0..20_000u32)
        .flat_map(|i| i.to_string().into_bytes())
        .collect();
    let gz = checks::gzip(&text);
    for cut in [gz.len() / 2, gz.len() - 4, gz.len() - 1] {
        let e = gunzip_limited(&gz[..cut], MB).unwrap_err();
        assert_eq!(
            e.to_string(),
            "it is truncated (the gzip stream ends early)",
            "cut at {cut}"
        );
    }
    let mut damaged = gz.clone();
    let at = gz.len() - 6; // the CRC-32
    damaged[at] ^= 0x55;
    let e = gunzip_limited(&damaged, MB).unwrap_err();
    assert!(
        e.to_string().starts_with("its checksum does not match"),
        "{e}"
    );
    let mut damaged = gz.clone();
    damaged[gz.len() / 2] ^= 0xff;
    assert!(matches!(
        gunzip_limited(&damaged, MB),
        Err(GunzipError::Corrupt(_))
    ));
    let mut header = gz.clone();
    header[2] = 7; // not deflate
    let e = gunzip_limited(&header, MB).unwrap_err();
    assert!(e.to_string().contains("header"), "{e}");
    let e = gunzip_limited(b"{\"format\"", MB).unwrap_err();
    assert_eq!(
        e.to_string(),
        "it is not gzip (it does not start with the bytes 1f 8b)"
    );
}

// ---------------------------------------------------------------------------
// The writer and the bundled set
// ---------------------------------------------------------------------------

/// The bundled set written as an archive: every file within its kind's
/// limit, the manifest read back, every article found by its id.
#[test]
fn the_bundled_archive_reads_back_whole() {
    let mut articles = bundled::load_bundled();
    broadsheet_core::set::sort_newest_first(&mut articles);
    let options = ShardOptions {
        max_articles: 40,
        ..ShardOptions::default()
    };
    let (m, files) = write_archive(&articles, &options);
    let m = Manifest::parse_bytes(m.to_json().as_bytes()).unwrap();
    assert_eq!(m.articles as usize, articles.len());
    for (path, content) in &files {
        let kind = match &path[..path.find('/').unwrap()] {
            "cards" => ArchiveFileKind::Cards,
            "bodies" => ArchiveFileKind::Bodies,
            "ids" => ArchiveFileKind::Ids,
            "meta" => ArchiveFileKind::Meta,
            other => panic!("{other}"),
        };
        assert!(content.len() <= m.file_limit(kind), "{path}");
        let gz = checks::gzip(content);
        assert!(gz.len() <= m.download_limit(kind), "{path}");
        assert_eq!(&unzip_if_gzip(gz, m.file_limit(kind)).unwrap(), content);
    }
    assert_archive_reads_back(&m, &files, &articles);
}

/// The writer refuses what the page would refuse, before storing anything
/// for a count over its limit.
#[test]
fn the_writer_refuses_what_the_reader_would() {
    let mut stored = 0;
    let many: Vec<Article> = (0..=MAX_ARCHIVE_SOURCES)
        .map(|i| article(&format!("a{i}"), "2020-01-01", &format!("S{i}")))
        .collect();
    let e = write_shards(&many, &ShardOptions::default(), |_| {
        stored += 1;
        0
    })
    .unwrap_err();
    assert_eq!(
        e.0,
        "the articles name 65537 sources, more than the 65536 an archive may name (MAX_ARCHIVE_SOURCES)"
    );
    assert_eq!(stored, 0);

    let span = [
        article("new", "2600-01-01", "A"),
        article("old", "1900-01-01", "A"),
    ];
    let e = write_shards(&span, &ShardOptions::default(), |_| 0).unwrap_err();
    assert!(
        e.0.contains("more than the 200000 days an archive may span (MAX_ARCHIVE_DAYS)"),
        "{e}"
    );
    let unsorted = [
        article("old", "2000-01-01", "A"),
        article("new", "2001-01-01", "A"),
    ];
    assert!(write_shards(&unsorted, &ShardOptions::default(), |_| 0).is_err());

    let mut big = article("big", "2020-01-01", "A");
    big.body = vec!["x".repeat(MAX_ARCHIVE_FILE_BYTES)];
    let e = write_shards(&[big], &ShardOptions::default(), |_| 0).unwrap_err();
    assert!(
        e.0.starts_with("the chunk of bodies of positions 0..1 (from article \"big\") would be 32.0 MB, more than the 32 MB a file of an archive may unzip to"),
        "{e}"
    );
    let mut big = article("big", "2020-01-01", "A");
    big.lead = "x".repeat(MAX_ARCHIVE_FILE_BYTES);
    let e = write_shards(&[big], &ShardOptions::default(), |_| 0).unwrap_err();
    assert!(e.0.starts_with("the card shard of positions 0..1"), "{e}");
}

// ---------------------------------------------------------------------------
// The fuzz targets' checks, as proptests
// ---------------------------------------------------------------------------

/// A manifest's text from generated counts: mostly consistent (so the
/// checks past the sums run), sometimes off by one somewhere.
fn manifest_text() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(0u32..5, 1..12),
        prop::collection::vec(1u32..6, 1..6),
        0u8..12,
        any::<u32>(),
        -1000i32..1000,
    )
        .prop_map(|(days, cuts, flaw, x, shift)| {
            let articles: u32 = days.iter().sum();
            let first = date("2020-01-01") + chrono::Duration::days(i64::from(shift));
            let mut m = one_day(articles, first);
            m.day_counts = days;
            m.first_day = (articles > 0).then_some(first);
            m.sources = vec![("A".into(), articles)];
            let dm = m.clone();
            let index = dm.day_index();
            m.shards.clear();
            let mut start = 0;
            for &c in cuts.iter().cycle() {
                if start >= articles {
                    break;
                }
                let count = c.min(articles - start);
                m.shards.push(broadsheet_core::archive::Shard {
                    count,
                    to: index.day_of(start).unwrap(),
                    from: index.day_of(start + count - 1).unwrap(),
                    cards: file(u64::from(start)),
                });
                start += count;
            }
            if articles == 0 {
                m.day_counts.clear();
                m.sources.clear();
                m.segments.clear();
            }
            match flaw {
                0 => m.articles = m.articles.wrapping_add(x % 3),
                1 if !m.shards.is_empty() => m.shards[0].from -= chrono::Duration::days(1),
                2 => m.source_ids.bytes = u64::from(x),
                3 => m.first_day = Some(NaiveDate::MAX - chrono::Duration::days(i64::from(x % 8))),
                4 if !m.segments.is_empty() => {
                    m.segments[0].ids = (0..u64::from(x % 40)).map(file).collect()
                }
                5 if !m.day_counts.is_empty() => m.day_counts.push(0),
                _ => {}
            }
            m.to_json()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn manifest_of_generated_counts(text in manifest_text()) {
        checks::manifest(text.as_bytes());
    }

    #[test]
    fn manifest_of_any_bytes(data in prop::collection::vec(any::<u8>(), 0..300)) {
        checks::manifest(&data);
    }

    #[test]
    fn card_shard_of_any_bytes(count in 0u32..10, i in any::<u32>(), data in prop::collection::vec(any::<u8>(), 0..200)) {
        checks::card_shard(count, i, &data);
    }

    #[test]
    fn id_bucket_of_near_valid_buckets(articles in 0u32..10, ids in prop::collection::vec(("[a-c]{0,3}", 0u32..12), 0..8)) {
        let bucket = serde_json::json!({"format": "broadsheet-ids", "version": 1, "ids": ids});
        checks::ids(articles, bucket.to_string().as_bytes());
    }

    #[test]
    fn source_ids_of_any_bytes(sources in 0usize..70_000, data in prop::collection::vec(any::<u8>(), 0..64)) {
        checks::source_ids((data.len() / if sources <= 256 { 1 } else { 2 }) as u32, sources, &data);
        checks::source_ids(data.len() as u32, sources, &data);
    }

    #[test]
    fn gunzip_of_any_bytes(limit in 0usize..3000, data in prop::collection::vec(any::<u8>(), 0..2000)) {
        checks::gunzip(limit, &data);
        let mut gz = checks::gzip(&data);
        let at = limit % gz.len();
        gz[at] ^= (limit as u8) | 1;
        checks::gunzip(limit, &gz);
    }
}

/// The committed seeds of the fuzz targets pass their checks.
#[test]
fn the_fuzz_seeds_pass() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fuzz/seeds");
    type Target = (&'static str, fn(&[u8]));
    let targets: [Target; 5] = [
        ("manifest", checks::manifest),
        ("card_shard", checks::card_shard_input),
        ("id_bucket", checks::id_bucket_input),
        ("source_ids", checks::source_ids_input),
        ("gunzip", checks::gunzip_input),
    ];
    for (target, check) in targets {
        let Ok(entries) = std::fs::read_dir(format!("{dir}/{target}")) else {
            continue;
        };
        for entry in entries {
            check(&std::fs::read(entry.unwrap().path()).unwrap());
        }
    }
    let _ = std::io::stdout().flush();
}
