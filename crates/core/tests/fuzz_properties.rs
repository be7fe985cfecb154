//! Quick proptest versions of the cargo-fuzz targets in `fuzz/`: the same
//! properties (`fuzz_checks/mod.rs`) on arbitrary bytes and text, and on
//! generated near-valid seed files and article sets cut into random
//! chunks. A few hundred cases each, so they run in seconds with
//! `cargo test`; the fuzz targets run the same checks for much longer.

mod fuzz_checks;

use proptest::prelude::*;

// ---------------------------------------------------------------------------
// Seed files
// ---------------------------------------------------------------------------

/// Text for a paragraph: mostly words, with the characters the parser
/// treats specially (spaces, tabs, CR, BOM, dashes of datelines, colons of
/// headers, non-Latin letters, residue words).
fn seed_words() -> impl Strategy<Value = String> {
    "([A-Za-z]{1,8}|NOURNEWS|TEHRAN \\(IRNA\\)| - | — |:|,| |\t|\r|\u{feff}|\u{a0}|نظر شما|ایمیل|كتاب|email|send|first name & last name){0,8}"
}

fn line_end() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just("\n"),
        Just("\r\n"),
        Just("\r"),
        Just("\n\n"),
        Just(" \r\n\t\n")
    ]
}

fn header_name(name: &'static str) -> impl Strategy<Value = String> {
    (any::<bool>(), "[ \t]{0,2}", "[ \t]{0,2}").prop_map(move |(upper, a, b)| {
        let name = if upper {
            name.to_uppercase()
        } else {
            name.to_owned()
        };
        format!("{name}{a}:{b}")
    })
}

fn date_value() -> impl Strategy<Value = String> {
    prop_oneof![
        (
            1u32..=13,
            0u32..=32,
            990i32..=10000,
            0u32..=24,
            0u32..=60,
            0u32..=60,
            prop::sample::select(vec!["AM", "PM", "pm", ""])
        )
            .prop_map(|(m, d, y, h, min, s, ampm)| format!(
                "{m}/{d}/{y} {h}:{min:02}:{s:02} {ampm}"
            )),
        (1u32..=12, 1u32..=28, 1000i32..=9999, 0u32..=23, 0u32..=59)
            .prop_map(|(m, d, y, h, min)| format!("{m}/{d}/{y} {h}:{min:02}")),
        "[0-9/: APM]{0,20}",
    ]
}

/// A seed file with every part present, then damaged a little: headers
/// with odd spacing and case, dates valid and not, titles repeated or not,
/// residue lines, and mixed line ends.
fn near_valid_seed() -> impl Strategy<Value = Vec<u8>> {
    (
        header_name("News ID"),
        "[0-9]{0,6}|[ a-z]{0,4}",
        header_name("Publish Date"),
        date_value(),
        seed_words(),
        any::<bool>(),
        prop::collection::vec(seed_words(), 0..6),
        prop::collection::vec(line_end(), 12),
        prop::sample::select(vec!["", "\u{feff}"]),
        0u8..4,
    )
        .prop_map(
            |(id_key, id, date_key, date, title, repeat, paragraphs, ends, bom, encoding)| {
                let mut lines = vec![
                    format!("{id_key}{id}"),
                    format!("{date_key}{date}"),
                    title.clone(),
                ];
                if repeat {
                    lines.push(format!(" {title} "));
                }
                lines.extend(paragraphs);
                let mut text = bom.to_owned();
                for (i, line) in lines.iter().enumerate() {
                    text.push_str(line);
                    text.push_str(ends[i % ends.len()]);
                }
                match encoding {
                    0 => utf16(&text, true),
                    1 => utf16(&text, false),
                    _ => text.into_bytes(),
                }
            },
        )
}

fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    let mut out = if little_endian {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for unit in text.encode_utf16() {
        out.extend(if little_endian {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    out
}

// ---------------------------------------------------------------------------
// Article sets
// ---------------------------------------------------------------------------

fn json_string() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("  ".to_owned()),
        "[a-z ]{1,10}",
        "\\PC{0,6}",
        "[a-z]{1,3}(\n|\r|\u{2028}|\"|\\\\)[a-z]{0,3}",
    ]
}

fn published_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("2021-09-13T23:03:39".to_owned()),
        Just("2019-01-04".to_owned()),
        Just("2016-12-31T23:59:60".to_owned()),
        Just("2021-09-13T23:03:39.75".to_owned()),
        Just("2021-09-13T23:03:39Z".to_owned()),
        Just("0999-01-01".to_owned()),
        "[0-9T:-]{0,20}",
    ]
}

/// One record as one line of JSON: mostly articles (a few ids, so
/// duplicates and conflicts happen), some with blank or wrongly typed
/// fields, some not objects at all.
fn record() -> impl Strategy<Value = String> {
    let article = (
        prop::sample::select(vec!["1", "2", "3", " ", ""]),
        json_string(),
        published_value(),
        json_string(),
        prop::collection::vec(json_string(), 0..3),
        prop::option::of(json_string()),
        any::<bool>(),
    )
        .prop_map(|(id, title, published, lead, body, source, numeric_id)| {
            let mut o = serde_json::Map::new();
            o.insert(
                "id".into(),
                match id.parse::<u32>() {
                    Ok(n) if numeric_id => n.into(),
                    _ => id.into(),
                },
            );
            o.insert("title".into(), title.into());
            o.insert("published".into(), published.into());
            o.insert("lead".into(), lead.into());
            o.insert("body".into(), body.into());
            if let Some(source) = source {
                o.insert("source".into(), source.into());
            }
            serde_json::Value::Object(o).to_string()
        });
    prop_oneof![
        6 => article,
        1 => Just("42".to_owned()),
        1 => Just("null".to_owned()),
        1 => Just(r#"{"id":"1","title":"T","published":"2020-01-01","body":"not a list"}"#.to_owned()),
        1 => Just(r#"{"id":7,"title":["x"],"lead":"x"}"#.to_owned()),
    ]
}

/// Ways to lay the same records out.
#[derive(Clone, Copy, Debug)]
enum Layout {
    /// One record per line after the canonical header.
    Canonical,
    /// A bare JSON array.
    Array,
    /// The envelope with records spread over several lines.
    Pretty,
    /// The canonical layout cut off at some byte.
    Cut(usize),
}

fn layout() -> impl Strategy<Value = Layout> {
    prop_oneof![
        3 => Just(Layout::Canonical),
        1 => Just(Layout::Array),
        1 => Just(Layout::Pretty),
        1 => any::<usize>().prop_map(Layout::Cut),
    ]
}

fn lay_out(records: &[String], layout: Layout, crlf: bool, bom: bool) -> Vec<u8> {
    let records: Vec<&str> = records.iter().map(String::as_str).collect();
    match layout {
        Layout::Canonical => fuzz_checks::canonical_set(&records, crlf, bom).into_bytes(),
        Layout::Array => format!("[{}]", records.join(",")).into_bytes(),
        Layout::Pretty => format!(
            "{{\n  \"format\": \"broadsheet-article-set\",\n  \"version\": 1,\n  \"articles\": [\n{}\n  ]\n}}\n",
            records.join(",\n    ")
        )
        .into_bytes(),
        Layout::Cut(at) => {
            let set = fuzz_checks::canonical_set(&records, crlf, bom).into_bytes();
            let at = at % (set.len() + 1);
            set[..at].to_vec()
        }
    }
}

// ---------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------

/// Query text from the language's pieces: words (some near the fixed
/// articles' words), quotes, dashes, spaces and non-Latin letters.
fn query_text() -> impl Strategy<Value = String> {
    "(tehran|tehr|minister|ministr|goverment|storm|\"|-| |  |prime|covid-19|iran's|كتاب|امنیت|e|[a-z]{1,6}|\\PC){0,12}"
}

/// Article text: title, then paragraphs, separated by `\n`.
fn article_text() -> impl Strategy<Value = String> {
    "((Tehran|quake|Minister|storm|the|a|U\\.S\\.|3\\.5|l’homme|می\u{200c}خواهم|ـــ|[a-zA-Z]{1,12}|\\PC)( |, |\n|\\. )?){0,40}"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn seed_parser_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        fuzz_checks::seed_bytes(&bytes);
    }

    #[test]
    fn seed_parser_on_near_valid_files(bytes in near_valid_seed()) {
        fuzz_checks::seed_bytes(&bytes);
    }

    #[test]
    fn article_set_on_arbitrary_bytes(input in prop::collection::vec(any::<u8>(), 0..400)) {
        fuzz_checks::article_set_input(&input);
    }

    #[test]
    fn article_set_on_generated_sets(
        records in prop::collection::vec(record(), 0..8),
        layout in layout(),
        crlf in any::<bool>(),
        bom in any::<bool>(),
        sizes in prop::collection::vec(0usize..300, 1..5),
    ) {
        let bytes = lay_out(&records, layout, crlf, bom);
        fuzz_checks::article_set(&bytes, &sizes, crlf, bom);
    }

    #[test]
    fn query_on_arbitrary_text(query in "\\PC{0,30}", texts in prop::collection::vec("\\PC{0,60}", 0..3)) {
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        fuzz_checks::query(&query, &texts);
    }

    #[test]
    fn query_on_generated_queries_and_articles(
        query in query_text(),
        texts in prop::collection::vec(article_text(), 0..3),
    ) {
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        fuzz_checks::query(&query, &texts);
    }
}

// ---------------------------------------------------------------------------
// Query limits and the partitioned index (index_root, index_part)
// ---------------------------------------------------------------------------

/// A byte string near `base`: a few bytes replaced, the end cut or grown.
fn mutated(base: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    (
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
        0usize..8,
        prop::collection::vec(any::<u8>(), 0..4),
    )
        .prop_map(move |(flips, cut, tail)| {
            let mut b = base.clone();
            for (i, byte) in flips {
                if !b.is_empty() {
                    let at = i.index(b.len());
                    b[at] = byte;
                }
            }
            b.truncate(b.len().saturating_sub(cut));
            b.extend(tail);
            b
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn query_limits_on_arbitrary_text(text in "\\PC{0,80}") {
        fuzz_checks::query_limits(text.as_bytes());
    }

    #[test]
    fn index_root_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        fuzz_checks::index_root(&bytes);
    }

    #[test]
    fn index_root_on_mutated_roots(bytes in mutated(fuzz_checks::small_partitioned().root.clone())) {
        fuzz_checks::index_root(&bytes);
    }

    #[test]
    fn index_part_on_arbitrary_bytes(input in prop::collection::vec(any::<u8>(), 0..200)) {
        fuzz_checks::index_part_input(&input);
    }

    #[test]
    fn index_part_on_mutated_parts(
        part in any::<prop::sample::Index>(),
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
        cut in 0usize..6,
    ) {
        let parts = &fuzz_checks::small_partitioned().parts;
        let p = part.index(parts.len());
        let mut bytes = parts[p].clone();
        for (i, byte) in flips {
            let at = i.index(bytes.len());
            bytes[at] = byte;
        }
        bytes.truncate(bytes.len().saturating_sub(cut));
        fuzz_checks::index_part(p, &bytes);
    }
}

/// Writes the committed seeds of the `index_root` and `index_part` fuzz
/// targets (`fuzz/seeds/`) from `small_partitioned`:
/// `cargo test -p broadsheet-core --test fuzz_properties -- --ignored write_index_seeds`
#[test]
#[ignore]
fn write_index_seeds() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fuzz/seeds");
    let files = fuzz_checks::small_partitioned();
    std::fs::create_dir_all(format!("{dir}/index_root")).unwrap();
    std::fs::create_dir_all(format!("{dir}/index_part")).unwrap();
    std::fs::write(format!("{dir}/index_root/root.bin"), &files.root).unwrap();
    // One part of each kind (the first of each), byte 0 picking it.
    let mut kinds_seen = std::collections::BTreeSet::new();
    for (p, part) in files.parts.iter().enumerate() {
        if kinds_seen.insert(part[5]) {
            let mut input = vec![p as u8];
            input.extend_from_slice(part);
            std::fs::write(
                format!("{dir}/index_part/kind{}-part{p}.bin", part[5]),
                input,
            )
            .unwrap();
        }
    }
    assert_eq!(kinds_seen.len(), 7, "every kind of part");
}

// ---------------------------------------------------------------------------
// Other tools' files (issue 15): records files, tables, scrapers' records,
// dates
// ---------------------------------------------------------------------------

/// `cases` cases, or `PROPTEST_CASES` when set (for long runs:
/// `PROPTEST_CASES=200000 cargo test --release -p broadsheet-core --test
/// fuzz_properties records_file`).
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

const FIXTURES: [&[u8]; 6] = [
    include_bytes!("../../../tests/fixtures/scrapers/mixed.jsonl"),
    include_bytes!("../../../tests/fixtures/scrapers/news-please.json"),
    include_bytes!("../../../tests/fixtures/scrapers/newspaper4k.json"),
    include_bytes!("../../../tests/fixtures/scrapers/trafilatura.json"),
    include_bytes!("../../../tests/fixtures/tables/newspaper4k.csv"),
    include_bytes!("../../../tests/fixtures/tables/own-columns.csv"),
];

/// Text made of the pieces the sniffing and the readers look at: brackets,
/// separators, quotes, line ends, blanks, a BOM, column and field names,
/// dates.
fn records_text() -> impl Strategy<Value = Vec<u8>> {
    "([{}\\[\\],;\t\"\n\r :<]|\r\n|\u{feff}|\0|title|date|text|maintext|date_publish|\"title\":|\"maintext\":|\"date_publish\":|[a-z]{1,5}|2021-01-01|2021-09-13 23:03:39\\+04:30|null|42){0,40}"
        .prop_map(String::into_bytes)
}

const WARC_FIXTURES: [&[u8]; 3] = [
    include_bytes!("../../../tests/fixtures/warc/crawl.warc"),
    include_bytes!("../../../tests/fixtures/warc/crawl.warc.gz"),
    include_bytes!("../../../tests/fixtures/warc/cut.warc.gz"),
];

/// A WARC fixture (plain or gzipped) with a few bytes replaced, cut
/// anywhere (a crawl cut mid-record, mid-header, mid-member) and a few
/// bytes added.
fn damaged_warc() -> impl Strategy<Value = Vec<u8>> {
    (
        0..WARC_FIXTURES.len(),
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
        any::<prop::sample::Index>(),
        any::<bool>(),
        prop::collection::vec(any::<u8>(), 0..8),
    )
        .prop_map(|(i, flips, cut, cut_it, tail)| {
            let mut b = WARC_FIXTURES[i].to_vec();
            for (at, byte) in flips {
                let at = at.index(b.len());
                b[at] = byte;
            }
            if cut_it {
                b.truncate(cut.index(b.len() + 1));
            }
            b.extend(tail);
            b
        })
}

/// Text made of what a WARC reader looks at: version lines, header names
/// and values, numbers (lengths), line ends, HTTP status lines and
/// headers, bits of HTML.
fn warc_text() -> impl Strategy<Value = Vec<u8>> {
    "(WARC/1.0
|WARC/1.1
|WARC/1.|WARC-Type: |response|request|warcinfo|Content-Length: |[0-9]{1,3}|
|
|

|: |HTTP/1.1 200 OK
|HTTP/1.1 301 X
|Content-Type: text/html|; charset=windows-1252|Transfer-Encoding: chunked
|Content-Encoding: gzip
|<title>T</title>|<article>|<p>[a-z ]{0,40}</p>|WARC-Date: 2021-09-13T23:03:39Z
|WARC-Target-URI: https://a.example/2021/09/13/x
|[a-z]{1,4}){0,60}"
        .prop_map(String::into_bytes)
}

/// HTML made of what the page reader looks at: metadata tags with and
/// without quotes, JSON-LD (good and broken), `<time>`, `<article>`,
/// paragraphs, entities, comments, cut-off tags, non-ASCII text.
fn html_text() -> impl Strategy<Value = String> {
    "(<html lang=fa>|<title>|</title>|<meta property=\"og:title\" content=\"|<meta name=date content=|<meta property='article:published_time' content='2021-09-13T23:03:39\\+04:30'>|<meta property=\"og:type\" content=\"website\">|<meta property=og:site_name content=S>|<link rel=canonical href=https://a.example/y>|<script type=\"application/ld\\+json\">|</script>|\\{\"@graph\":\\[\\{\"datePublished\":\"2021-09-13\",\"author\":\\{\"name\":\"A\"\\}\\}\\]\\}|<time datetime=\"2021-09-1[0-9]\">|</time>|<article>|</article>|<main>|<body>|<h1>|</h1>|<p>|</p>|&amp;|&#x62;|&#0;|<!--|-->|<|>|\"|'|=|[a-z ]{1,60}|بازگشایی مدارس|é){0,60}"
}

/// A fixture file with a few bytes replaced and its end cut or grown.
fn mutated_fixture() -> impl Strategy<Value = Vec<u8>> {
    (0..FIXTURES.len()).prop_flat_map(|i| mutated(FIXTURES[i].to_vec()))
}

fn records_flags() -> impl Strategy<Value = (&'static str, (usize, usize))> {
    (
        prop::sample::select(vec!["in.csv", "in.tsv", "in.json"]),
        prop::sample::select(vec![(1usize << 20, 1usize << 16), (4096, 512), (64, 32)]),
    )
}

fn cell_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "([a-zA-Z]{1,8}| |,|;|\t|\"|\r|\n|\r\n|é|نظر){0,10}",
        2 => prop::sample::select(fuzz_checks::records::SAMPLE_CELLS.to_vec()).prop_map(str::to_owned),
        1 => Just(String::new()),
        1 => "\\PC{0,8}",
        1 => "[a-z\n]{300,2000}",
    ]
}

fn date_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just("2021-09-13T23:03:39".to_owned()),
        1 => Just(" 2019-01-04 ".to_owned()),
        1 => Just("2021-09-13 23:03:39+04:30".to_owned()),
        1 => Just("9/13/2021 11:03:39 PM".to_owned()),
        1 => odd_date(),
        1 => cell_text(),
    ]
}

fn generated_table() -> impl Strategy<Value = fuzz_checks::records::Table> {
    use fuzz_checks::records::{Cell, Row, Table, COLUMN_NAMES};
    (
        prop::collection::vec(any::<bool>(), 8),
        any::<prop::sample::Index>(),
        Just((0..11).collect::<Vec<usize>>()).prop_shuffle(),
    )
        .prop_flat_map(|(optional, naming, order)| {
            let fields: Vec<usize> = order
                .into_iter()
                .filter(|&f| f < 3 || optional[f - 3])
                .collect();
            let header: Vec<String> = fields
                .iter()
                .map(|&f| naming.get(COLUMN_NAMES[f]).to_string())
                .collect();
            let columns = fields.len();
            let date_at = fields.iter().position(|&f| f == 1).expect("a date column");
            let cell =
                (cell_text(), any::<bool>()).prop_map(|(text, quoted)| Cell { text, quoted });
            let row = (
                0usize..3,
                prop_oneof![
                    5 => Just(columns),
                    1 => 0usize..columns + 3,
                ],
                date_cell(),
                prop::collection::vec(cell, columns + 3),
            )
                .prop_map(move |(blank, n, date, mut cells)| {
                    cells.truncate(n.max(1));
                    if n == columns {
                        cells[date_at].text = date;
                    }
                    Row {
                        blank_lines_before: blank * usize::from(blank > 1),
                        cells,
                    }
                });
            (
                Just(header),
                prop::sample::select(vec![b',', b';', b'\t']),
                any::<bool>(),
                any::<bool>(),
                0usize..3,
                prop::collection::vec(row, 0..8),
                any::<bool>(),
            )
                .prop_map(
                    |(header, separator, crlf, bom, blank, rows, final_line_end)| Table {
                        header,
                        separator,
                        crlf,
                        bom,
                        blank_lines_before_header: blank,
                        rows,
                        final_line_end,
                    },
                )
        })
}

/// Dates as scrapers and hand-made tables write them, valid and not.
fn odd_date() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "2021-02-30",
            "2021-02-29",
            "2020-02-29",
            "9999-12-31T23:59:59+23:59",
            "0000-01-01",
            "0999-12-31",
            "1000-01-01T00:00:00-23:59",
            "2016-12-31T23:59:60Z",
            "2021-09-13T23:03:39.123456789123+04:30",
            "2021-09-13T24:00:00",
            "2021-09-13T23:03:39+24:00",
            "+12021-01-01",
            "-2021-01-01",
            "1/2/0999 1:00 PM",
            "1/2/-5 1:00 PM",
            "1/2/+12345 13:00",
            "13/2/2021 1:00 PM",
            "2/29/2021 1:00 PM",
            "1/2/2021 0:00 AM",
            "2021-09-13 ",
            "2021-09-13T",
            "2021-09-1323:03",
            "２０２１-01-01",
        ])
        .prop_map(str::to_owned),
        "[ +-]?[0-9]{1,5}-[0-9]{1,2}-[0-9]{1,2}([T ][0-9]{1,2}:[0-9]{1,2}(:[0-9]{1,2}(\\.[0-9]{0,12})?)?([Zz]|[+-][0-9]{2}:?[0-9]{2})?)?",
        "[ 0-9]{1,3}/[0-9]{1,3}/[+-]?[0-9]{1,5} {0,2}[0-9]{1,3}:[0-9]{1,3}(:[0-9]{1,3})? {0,2}([aApP][mM])?",
        "[0-9T:+Z/ .-]{0,30}",
    ]
}

/// A JSON value of a kind a scraper's field may hold, or not.
fn scraper_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let text = prop_oneof![
        3 => "([a-zA-Z]{1,8}| |\n|\r\n|\t|é|نظر|\u{2028}|\u{feff}){0,12}",
        2 => odd_date(),
        1 => prop::sample::select(vec![
            "https://www.example.com/a?b=c",
            "http://user@Example.COM:8080/x",
            "javascript:alert(1)",
            "https://",
            "en",
            "a-very-long-language-tag-that-is-over-thirty-five-bytes",
            "A; B; A",
        ])
        .prop_map(str::to_owned),
        1 => "\\PC{0,10}",
        1 => "[a-z \n]{5000,20000}",
    ];
    prop_oneof![
        6 => text.prop_map(Value::from),
        1 => Just(Value::Null),
        1 => any::<i64>().prop_map(Value::from),
        1 => any::<f64>().prop_map(Value::from),
        1 => any::<bool>().prop_map(Value::from),
        1 => prop::collection::vec("[a-zA-Z ;]{0,8}", 0..4)
            .prop_map(|v| Value::Array(v.into_iter().map(Value::from).collect())),
        1 => Just(serde_json::json!({"nested": ["x", 1, null]})),
    ]
}

fn scraper_record() -> impl Strategy<Value = serde_json::Map<String, serde_json::Value>> {
    prop::collection::vec(
        (
            prop::sample::select(fuzz_checks::records::SCRAPER_FIELDS.to_vec()),
            scraper_value(),
        ),
        0..14,
    )
    .prop_map(|pairs| pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn records_file_on_arbitrary_bytes(
        bytes in prop::collection::vec(any::<u8>(), 0..400),
        flags in records_flags(),
        sizes in prop::collection::vec(0usize..40, 1..4),
    ) {
        fuzz_checks::records::records_file(&bytes, flags.0, flags.1, &sizes);
    }

    #[test]
    fn records_file_on_record_like_text(
        bytes in records_text(),
        flags in records_flags(),
        sizes in prop::collection::vec(0usize..40, 1..4),
    ) {
        fuzz_checks::records::records_file(&bytes, flags.0, flags.1, &sizes);
    }

    #[test]
    fn records_file_on_mutated_fixtures(
        bytes in mutated_fixture(),
        flags in records_flags(),
        sizes in prop::collection::vec(0usize..300, 1..4),
    ) {
        fuzz_checks::records::records_file(&bytes, flags.0, flags.1, &sizes);
    }

    #[test]
    fn warc_on_damaged_fixtures(
        bytes in damaged_warc(),
        sizes in prop::collection::vec(0usize..600, 1..4),
        small in any::<bool>(),
    ) {
        fuzz_checks::records::warc_file(&bytes, &sizes, if small { 700 } else { 1 << 16 });
    }

    #[test]
    fn warc_on_warc_like_text(
        bytes in warc_text(),
        sizes in prop::collection::vec(0usize..40, 1..4),
        small in any::<bool>(),
    ) {
        fuzz_checks::records::warc(&bytes, &sizes, if small { 64 } else { 1 << 16 }, true);
    }

    #[test]
    fn warc_on_arbitrary_bytes_after_a_version_line(
        bytes in prop::collection::vec(any::<u8>(), 0..400),
        sizes in prop::collection::vec(0usize..40, 1..4),
    ) {
        let bytes = [&b"WARC/1.0\r\n"[..], &bytes].concat();
        fuzz_checks::records::warc(&bytes, &sizes, 1 << 16, false);
    }

    #[test]
    fn html_page_on_html_like_text(
        html in html_text(),
        url in prop::sample::select(vec!["https://a.example/", "https://www.a.example/2021/09/13/x", "http://a.example/2021-02-30-x", "ftp://x", "", "https://é.example/٢٠٢١/x"]),
    ) {
        fuzz_checks::records::html_page(url, &html);
    }

    #[test]
    fn html_page_fuzz_input(input in prop::collection::vec(any::<u8>(), 0..600)) {
        fuzz_checks::records::html_page_input(&input);
    }

    #[test]
    fn warc_fuzz_input(input in prop::collection::vec(any::<u8>(), 0..400)) {
        fuzz_checks::records::warc_input(&input);
    }

    #[test]
    fn records_file_fuzz_input(input in prop::collection::vec(any::<u8>(), 0..300)) {
        fuzz_checks::records::records_file_input(&input);
    }

    #[test]
    fn table_on_generated_tables(
        table in generated_table(),
        sizes in prop::collection::vec(0usize..60, 1..4),
    ) {
        fuzz_checks::records::table(&table, &sizes);
    }

    #[test]
    fn table_fuzz_input(input in prop::collection::vec(any::<u8>(), 0..300)) {
        fuzz_checks::records::table_input(&input);
    }

    #[test]
    fn scraped_on_generated_records(
        fields in scraper_record(),
        sizes in prop::collection::vec(0usize..60, 1..3),
    ) {
        fuzz_checks::records::scraped(&fields, &sizes);
    }

    #[test]
    fn scraped_fuzz_input(input in prop::collection::vec(any::<u8>(), 0..300)) {
        fuzz_checks::records::scraped_input(&input);
    }

    #[test]
    fn dates_on_odd_dates(text in odd_date()) {
        fuzz_checks::records::dates(&text);
    }

    #[test]
    fn dates_on_arbitrary_text(text in "\\PC{0,30}") {
        fuzz_checks::records::dates(&text);
    }
}

// ---------------------------------------------------------------------------
// An archive's stories file
// ---------------------------------------------------------------------------

/// A real stories file: stories of two to four members over 40 positions.
fn stories_file() -> Vec<u8> {
    let mut bytes = broadsheet_core::clusters::STORIES_MAGIC.to_vec();
    // 40 articles, 3 stories: (members, first, outlets, positions as steps).
    bytes.extend([
        40, 3, 2, 0, 2, 1, 5, 3, 2, 1, 10, 0, 0, 4, 3, 3, 20, 1, 1, 1,
    ]);
    bytes
}

#[test]
fn the_stories_fixture_reads() {
    let stories = broadsheet_core::clusters::Stories::from_bytes(&stories_file(), 40).unwrap();
    assert_eq!(stories.len(), 3);
    assert_eq!(stories.story(26).unwrap().members, &[20, 22, 24, 26]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Whatever the bytes, the reader gives stories within the archive or
    /// an error, never a panic, and what it reads writes back the same.
    #[test]
    fn stories_file_on_mutated_bytes(bytes in mutated(stories_file())) {
        if let Ok(stories) = broadsheet_core::clusters::Stories::from_bytes(&bytes, 40) {
            for p in 0..40 {
                if let Some(story) = stories.story(p) {
                    prop_assert!(story.members.contains(&p));
                    prop_assert!(story.members.contains(&story.first));
                    prop_assert!(story.members.iter().all(|&m| m < 40));
                }
            }
            let again = broadsheet_core::clusters::Stories::from_bytes(&stories.to_bytes(), 40);
            prop_assert_eq!(again, Ok(stories));
        }
    }
}
