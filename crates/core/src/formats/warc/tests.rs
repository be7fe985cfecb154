use super::*;
use crate::formats::records_file::RecordsFile;
use crate::formats::warc::readable_crawl_reader;

const CRAWL: &[u8] = include_bytes!("../../../../../tests/fixtures/warc/crawl.warc");
const CRAWL_GZ: &[u8] = include_bytes!("../../../../../tests/fixtures/warc/crawl.warc.gz");
const CUT_GZ: &[u8] = include_bytes!("../../../../../tests/fixtures/warc/cut.warc.gz");

fn read(bytes: &[u8], chunk: usize) -> FileLoad {
    let mut file =
        RecordsFile::new("crawl.warc", 1 << 20, 1 << 20).with_web_pages(readable_crawl_reader);
    for piece in bytes.chunks(chunk) {
        file.push(piece);
    }
    file.finish()
}

/// A WARC record of `kind` for `uri` holding `block`.
fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Date: 2021-09-15T08:00:00Z\r\nWARC-Target-URI: {uri}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// A response record with an article page at `uri`.
fn article(uri: &str, title: &str) -> Vec<u8> {
    let text = "<p>A paragraph of an article, long enough to count as text that a reader would want to read through.</p>".repeat(6);
    let html = format!(
        "<html><head><title>{title}</title></head><body><article>{text}</article></body></html>"
    );
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{html}");
    record("response", uri, http.as_bytes())
}

fn titles(load: &FileLoad) -> Vec<(usize, &str)> {
    load.articles
        .iter()
        .map(|(a, n)| (*n, a.title.as_str()))
        .collect()
}

#[test]
fn a_crawl_gives_its_articles_and_counts_the_rest_by_reason() {
    let load = read(CRAWL, 1 << 20);
    assert_eq!(load.problems, []);
    assert_eq!(
        titles(&load),
        [
            (3, "Council passes the budget"),
            (4, "Bridge reopens after repairs"),
            (5, "Library extends its opening hours"),
            (9, "Rail strike ends after talks"),
            (10, "Café owners “relieved” as terrace rules change"),
            (12, "بازگشایی مدارس پس از تعطیلات تابستانی"),
        ]
    );
    let dates: Vec<(String, String)> = load
        .articles
        .iter()
        .map(|(a, _)| {
            (
                a.published.label(a.published_from),
                format!("{:?}", a.published_from.unwrap()),
            )
        })
        .collect();
    let dates: Vec<(&str, &str)> = dates
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    assert_eq!(
        dates,
        [
            ("13 Sep 2021, 23:03 (+04:30)", "Page"),
            ("14 Sep 2021", "Url"),
            ("captured 15 Sep 2021", "Capture"),
            ("16 Sep 2021, 10:00", "Page"),
            ("17 Sep 2021", "Page"),
            ("18 Sep 2021, 08:30 (+03:30)", "Page"),
        ]
    );
    let outlets: Vec<&str> = load
        .articles
        .iter()
        .map(|(a, _)| a.source.as_str())
        .collect();
    assert_eq!(
        outlets,
        [
            "The Daily Example",
            "The Daily Example",
            "library.example",
            "rail.example",
            "daily.example",
            "خبرگزاری نمونه"
        ]
    );
    assert_eq!(
        load.ignored.to_string(),
        "warcinfo record: 1, request record: 1, not HTML: 1, redirect: 1, not an article: 1, charset windows-1256 is not read: 1, metadata record: 1, revisit record: 1"
    );
    let council = &load.articles[0].0;
    assert_eq!(
        council.url.as_deref(),
        Some("https://www.daily.example/news/council-budget")
    );
    assert_eq!(council.authors, ["Jane Roe", "John Doe"]);
    assert_eq!(
        council.image.as_deref(),
        Some("https://www.daily.example/img/council.jpg")
    );
    assert!(
        council.lead.starts_with("The city council met"),
        "{}",
        council.lead
    );
    assert_eq!(council.body.len(), 3);
    let persian = &load.articles[5].0;
    assert_eq!(
        (persian.lang.as_deref(), persian.direction()),
        (Some("fa"), "rtl")
    );
    assert!(
        persian.lead.starts_with("مدارس سراسر کشور"),
        "{}",
        persian.lead
    );
    let latin = &load.articles[4].0;
    assert!(
        latin.body[1].contains("the owners’ association"),
        "{:?}",
        latin.body
    );
}

#[test]
fn gzipped_and_chunked_anyhow_it_reads_the_same() {
    let whole = format!("{:?}", read(CRAWL, 1 << 20));
    for chunk in [1, 2, 7, 100, 4096, 1 << 20] {
        assert_eq!(format!("{:?}", read(CRAWL, chunk)), whole, "{chunk}");
        assert_eq!(format!("{:?}", read(CRAWL_GZ, chunk)), whole, "gz {chunk}");
    }
}

#[test]
fn a_cut_crawl_keeps_the_records_before_the_cut_and_says_where() {
    for chunk in [3, 1 << 20] {
        let load = read(CUT_GZ, chunk);
        assert_eq!(
            titles(&load),
            [
                (3, "Council passes the budget"),
                (4, "Bridge reopens after repairs"),
                (5, "Library extends its opening hours"),
            ]
        );
        let problems: Vec<(Option<usize>, &str)> = load
            .problems
            .iter()
            .map(|p| (p.line, p.message.as_str()))
            .collect();
        assert_eq!(
            problems,
            [
                (
                    Some(9),
                    "record 9 (byte 6,673): cut short: Content-Length says 659 bytes, 247 came"
                ),
                (
                    Some(9),
                    "the gzip stream ends early: the file was cut short"
                )
            ]
        );
    }
}

#[test]
fn a_bad_record_is_reported_where_it_is_and_the_next_ones_kept() {
    let first = article("https://a.example/one", "One");
    let bad = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 12k\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<p>lost</p>\r\n\r\n".to_vec();
    let junk = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n".to_vec();
    let third = article("https://a.example/three", "Three");
    let bytes = [first.clone(), bad.clone(), junk, third].concat();
    for chunk in [1, 5, 1 << 20] {
        let load = read(&bytes, chunk);
        // The bad record's block and the junk after it are passed over.
        assert_eq!(titles(&load), [(1, "One"), (3, "Three")], "{chunk}");
        let at = first.len();
        assert_eq!(
            load.problems,
            [Problem::at(
                2,
                format!(
                    "record 2 (byte {}): its Content-Length \"12k\" is not a number of bytes",
                    grouped(at)
                )
            ),],
            "{chunk}"
        );
    }
    // Junk where a record should start is named, and reading goes on.
    let bytes = [
        first.clone(),
        b"<html>oops</html>\n".to_vec(),
        article("https://a.example/2", "Two"),
    ]
    .concat();
    let load = read(&bytes, 3);
    assert_eq!(titles(&load), [(1, "One"), (3, "Two")]);
    assert_eq!(
        load.problems[0].message,
        format!("record 2 (byte {}): not a WARC record: no `WARC/1.0` or `WARC/1.1` where a record starts", grouped(first.len()))
    );
    // A file cut inside a header.
    let load = read(
        &[first.clone(), b"WARC/1.0\r\nWARC-Ty".to_vec()].concat(),
        7,
    );
    assert_eq!(
        load.problems,
        [Problem::at(
            2,
            format!(
                "record 2 (byte {}): cut short: the file ends inside its header block",
                grouped(first.len())
            )
        )]
    );
}

#[test]
fn a_record_over_the_limit_is_read_past_and_counted() {
    let big = article("https://a.example/big", &"Big ".repeat(100));
    let bytes = [big.clone(), article("https://a.example/small", "Small")].concat();
    let mut file = RecordsFile::new("crawl.warc", 1 << 20, big.len() - 200)
        .with_web_pages(readable_crawl_reader);
    for piece in bytes.chunks(100) {
        file.push(piece);
    }
    let load = file.finish();
    assert_eq!(titles(&load), [(2, "Small")]);
    assert_eq!(
        load.ignored.to_string(),
        format!(
            "larger than {} (the record limit): 1",
            crate::numbers::file_size(big.len() - 200)
        )
    );
}

#[test]
fn a_crawl_streams_past_the_unzip_limit_that_stops_other_files() {
    use std::io::Write;
    let gzip = |bytes: &[u8]| {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    };
    // Letters that do not compress much, so that the first pieces of the
    // file unzip to less than the limit (as 64 KB do of 512 MB).
    let mut seed = 1u32;
    let letters: Vec<u8> = (0..1 << 20)
        .map(|_| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            b'a' + (seed >> 16) as u8 % 26
        })
        .collect();
    let filler = record("resource", "https://a.example/letters", &letters);
    let mut crawl = article("https://a.example/first", "First");
    for _ in 0..6 {
        crawl.extend_from_slice(&filler);
    }
    crawl.extend_from_slice(&article("https://a.example/last", "Last"));
    let limit = 4 << 20;
    let read_gz = |name: &str, gz: &[u8]| {
        let mut file = RecordsFile::new(name, 1 << 20, 2 << 20)
            .with_web_pages(readable_crawl_reader)
            .with_unzip_limit(limit);
        for piece in gz.chunks(1 << 16) {
            file.push(piece);
        }
        file.finish()
    };
    let load = read_gz("crawl.warc.gz", &gzip(&crawl));
    assert_eq!(load.problems, []);
    assert_eq!(titles(&load), [(1, "First"), (8, "Last")]);
    assert_eq!(load.ignored.to_string(), "resource record: 6");
    // The same bytes as lines of JSON stop at the limit.
    let line = format!(
        "{{\"id\":\"a\",\"title\":\"T\",\"published\":\"2021-01-01\",\"lead\":\"{}\"}}\n",
        "x".repeat(1000)
    );
    let load = read_gz("big.jsonl.gz", &gzip(line.repeat(6_000).as_bytes()));
    assert_eq!(
        load.problems.last().unwrap().message,
        "cannot unzip the rest of the file: it unzips to more than 4.2 MB"
    );
}

#[test]
fn a_page_captured_again_is_counted_and_the_first_capture_kept() {
    let first = article("https://a.example/story", "First capture");
    let again = article("https://a.example/story", "Second capture, changed");
    let load = read(&[first, again].concat(), 1 << 20);
    assert_eq!(titles(&load), [(1, "First capture")]);
    assert_eq!(load.problems, []);
    assert_eq!(load.ignored.to_string(), format!("{RECAPTURE}: 1"));
}
