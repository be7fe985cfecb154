//! Inputs found by the cargo-fuzz targets in `fuzz/` (see `fuzz/README.md`),
//! minimised, each with what it found. Each runs the target's own check
//! (`fuzz_checks/mod.rs`) and pins the fixed behaviour, so the bugs stay
//! fixed without a nightly toolchain.

mod fuzz_checks;

use broadsheet_core::{parse_article_records, parse_seed_bytes};

/// seed_parser: a lone CR in a file that also has LF line ends stayed
/// inside the paragraph (`"ي\rf"`): lone CRs only counted as line ends in
/// files with no LF at all.
#[test]
fn seed_lone_cr_in_a_file_with_lf_ends_a_line() {
    let bytes = b"News ID :1\nPublish Date:1/2/2021 4:0\n\xd8\xa7\n\xd9\x8a\rf";
    fuzz_checks::seed_bytes(bytes);
    let a = parse_seed_bytes(bytes).expect("parses");
    assert_eq!(a.title, "ا");
    assert_eq!(a.lead, "ي");
    assert_eq!(a.body, ["f"]);
}

/// article_set (its proptest version, `fuzz_properties.rs`): loading is
/// not idempotent. A record with a blank lead took `body[0]` as the lead
/// even when that was blank too, and only one repeat of the lead was
/// dropped from the body, so `ArticleSet::to_json` of the loaded articles
/// (what `broadsheet-ingest` writes) loaded back as different articles.
#[test]
fn set_loading_twice_gives_the_same_articles() {
    let record =
        r#"{"body":["","a"],"id":"1","lead":"","published":"2021-09-13T23:03:39","title":"a\\"}"#;
    let set = fuzz_checks::canonical_set(&[record], false, false);
    fuzz_checks::article_set(set.as_bytes(), &[0], false, false);
    let loaded = parse_article_records(&set).expect("loads");
    assert_eq!(loaded.articles[0].lead, "a");
    assert!(loaded.articles[0].body.is_empty());

    for record in [
        r#"{"id":"2","title":"T","published":"2021-09-13","lead":"","body":["a","a","b"]}"#,
        r#"{"id":"3","title":"T","published":"2021-09-13","lead":"a","body":["a"," a ","b"]}"#,
    ] {
        let set = fuzz_checks::canonical_set(&[record], true, true);
        fuzz_checks::article_set(set.as_bytes(), &[7, 1], true, true);
        let a = &parse_article_records(&set).expect("loads").articles[0];
        assert_eq!(
            (a.lead.as_str(), a.body.as_slice()),
            ("a", ["b".to_owned()].as_slice())
        );
    }
}

/// query: with the empty query, an article whose first paragraph is blank
/// (lead `""`, body `["", "\u{FFFD}"]`) got no snippet although it has
/// text: the paragraph scan stopped at the first paragraph, blank or not.
#[test]
fn query_empty_query_snippet_skips_blank_paragraphs() {
    let input = b"\x01\n\n\n\xa8";
    fuzz_checks::query_input(input);
    let a = broadsheet_core::Article::builder("1")
        .title("T")
        .published("2024-01-01")
        .body([" ", "Text"])
        .build();
    for query in ["", "-storm"] {
        let snippet = broadsheet_core::SearchQuery::parse(query)
            .highlight(&a)
            .snippet
            .expect("a snippet");
        assert_eq!((snippet.paragraph, snippet.text.as_str()), (1, "Text"));
    }
}

/// query: a word copied from an article did not find it. UAX #29 joins
/// U+202F NARROW NO-BREAK SPACE into words (`\u{202f}s`, `20\u{202f}000`),
/// and NFKD turns it into a space, so the index held the term `" s"`, while
/// the query parser splits at every white space and looked for `s`.
#[test]
fn query_narrow_no_break_space_splits_words() {
    fuzz_checks::query_input(b"\x01\xe2\x80\xafs");
    use broadsheet_core::search::tokenize::tokens;
    assert_eq!(tokens("\u{202f}s"), ["s"]);
    assert_eq!(tokens("20\u{202f}000 km"), ["20", "000", "km"]);
    let text = "Le prix\u{202f}: 20\u{202f}000 euros";
    let a = broadsheet_core::Article::builder("1")
        .title(text)
        .published("2024-01-01")
        .lead(text)
        .build();
    let index = broadsheet_core::SearchIndex::new(std::slice::from_ref(&a));
    for typed in ["000 ", "20 000 ", "prix"] {
        let query = broadsheet_core::SearchQuery::parse(typed);
        assert_eq!(index.search(&query), [0], "{typed:?}");
        assert!(!query.highlight(&a).title.is_empty(), "{typed:?}");
    }
}

/// query: a word copied from an article did not find it. In `w'\u{202c}خ` (with
/// U+202C POP DIRECTIONAL FORMATTING after the apostrophe) UAX #29 keeps
/// the invisible mark inside the word, so the piece after the apostrophe
/// was indexed as `"\u{202c}خ"`, while the same text typed as a query is
/// segmented on its own and gives `خ`. Pieces are now segmented on their
/// own in the index too.
#[test]
fn query_piece_after_an_apostrophe_is_segmented_on_its_own() {
    fuzz_checks::query_input(b"\x01w'\xe2\x80\xac\xd8\xae");
    use broadsheet_core::search::tokenize::tokens;
    assert_eq!(tokens("w'\u{202c}خ"), ["w", "خ"]);
    assert_eq!(tokens("\u{202c}خ"), ["خ"]);
    assert_eq!(tokens("Iran's l’homme"), ["iran", "s", "l", "homme"]);
}

/// index_root (issue 19, found by hand before the target ran): the small
/// real root claiming 2^30 or `u32::MAX` articles overflowed a capacity in
/// `Relevance` and took 1 GB in `Newest`; now refused when read.
#[test]
fn index_root_claiming_too_many_articles() {
    let root = &fuzz_checks::small_partitioned().root;
    for articles in [1u32 << 30, u32::MAX] {
        let mut bytes = root[..5].to_vec();
        let mut v = articles;
        while v >= 0x80 {
            bytes.push(v as u8 | 0x80);
            v >>= 7;
        }
        bytes.push(v as u8);
        bytes.extend_from_slice(&root[6..]); // the real count is one byte
        fuzz_checks::index_root(&bytes);
        let e = broadsheet_core::search::PartitionedIndex::from_root(&bytes).expect_err("refused");
        assert!(
            e.to_string()
                .contains(&format!("claims {articles} articles")),
            "{e}"
        );
    }
}

/// query (issue 19): 100 KB of Hebrew acronyms and 100,000 U+FDFA (7.7 s
/// and 9.4 s to parse before) are read up to the character limit.
#[test]
fn query_issue_19_inputs_are_cut() {
    fuzz_checks::query_limits("א\"ב ".repeat(25_000).as_bytes());
    fuzz_checks::query_limits("\u{FDFA} ".repeat(100_000).as_bytes());
    let words: String = (0..20_000).map(|i| format!("w{i} ")).collect();
    fuzz_checks::query_limits(words.as_bytes());
}

/// records_file (issue 15, its proptest version): a file starting with a
/// blank line was told by its first line only when that line came in a
/// chunk of its own: `"\n\0"` whole was refused as binary, a byte at a
/// time read as JSON; `"\ntitle;date;text\n…"` whole was a table split at
/// commas. The first line with text now decides, however the file is cut.
#[test]
fn records_file_blank_first_line_is_not_what_decides() {
    use broadsheet_core::formats::records_file::RecordsFile;
    let limits = (1 << 20, 1 << 16);
    for bytes in [&b"\n\0"[..], b"\r\n\xef\xbb\xbf"] {
        fuzz_checks::records::records_file(bytes, "in.csv", limits, &[0]);
    }
    let table = b"\r\n\n  title;date;text\nT;2021-09-13;A, and B\n";
    let (articles, problems, _, _) =
        fuzz_checks::records::records_file(table, "in.csv", limits, &[3]);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(articles.len(), 1);
    assert_eq!(
        (articles[0].0.lead.as_str(), articles[0].1),
        ("A, and B", 4)
    );
    let mut file = RecordsFile::new("in.json", limits.0, limits.1);
    file.push(b"\n");
    file.push(b"\n[{\"id\":\"a\",\"title\":\"T\",\"published\":\"2021-01-01\",\"lead\":\"L\"}]");
    assert_eq!(file.finish().articles.len(), 1);
}

/// dates (issue 15): the scrapers' and tables' date reader took any year
/// in the US form (`1/2/0999 1:00 PM`, `1/2/-5 1:00 PM`), as chrono's `%Y`
/// does, so an article was kept with a date its own stored form
/// (`0999-01-02T13:00:00`) could not be read back from. Years have four
/// digits there now, as in the seed files and ISO dates.
#[test]
fn dates_us_form_needs_a_four_digit_year() {
    for text in ["1/2/0999 1:00 PM", "1/2/-5 1:00 PM", "1/2/+12345 13:00"] {
        fuzz_checks::records::dates(text);
        let record = format!(r#"{{"title":"T","maintext":"Text.","date_publish":"{text}"}}"#);
        let read = broadsheet_core::formats::scraped::read_scraped(&record);
        let why = read.expect("news-please").expect_err("refused");
        assert!(why.contains("is not a date"), "{why}");
    }
    let table = fuzz_checks::records::Table {
        header: vec!["title".into(), "date".into(), "text".into()],
        separator: b',',
        crlf: false,
        bom: false,
        blank_lines_before_header: 0,
        rows: vec![fuzz_checks::records::Row {
            blank_lines_before: 0,
            cells: ["T", "1/2/0999 1:00 PM", "Text."]
                .map(|t| fuzz_checks::records::Cell {
                    text: t.into(),
                    quoted: false,
                })
                .to_vec(),
        }],
        final_line_end: true,
    };
    fuzz_checks::records::table(&table, &[1]);
    let (bytes, _) = fuzz_checks::records::write_table(&table);
    let load =
        broadsheet_core::load_named_file("t.csv", broadsheet_core::InputKind::Records, &bytes);
    assert!(load.articles.is_empty());
    assert_eq!(load.problems[0].line, Some(2));
}

/// The committed seeds of the issue 15 targets (`fuzz/seeds/`) pass their
/// checks, and the fixtures they come from give articles.
#[test]
fn records_seeds_pass_their_checks() {
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fuzz/seeds");
    type Check = fn(&[u8]);
    let checks: [(&str, Check); 6] = [
        ("records_file", fuzz_checks::records::records_file_input),
        ("warc", fuzz_checks::records::warc_input),
        ("html_page", fuzz_checks::records::html_page_input),
        ("table", fuzz_checks::records::table_input),
        ("scraped", fuzz_checks::records::scraped_input),
        ("dates", |b| {
            fuzz_checks::records::dates(std::str::from_utf8(b).expect("text"))
        }),
    ];
    for (target, check) in checks {
        let mut n = 0;
        for entry in std::fs::read_dir(format!("{seeds}/{target}")).expect("seeds") {
            check(&std::fs::read(entry.expect("entry").path()).expect("seed"));
            n += 1;
        }
        assert!(n >= 3, "{target}: {n} seeds");
    }
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures");
    for file in ["scrapers/mixed.jsonl", "tables/newspaper4k.csv"] {
        let bytes = std::fs::read(format!("{fixtures}/{file}")).expect("fixture");
        let (articles, _, _, _) =
            fuzz_checks::records::records_file(&bytes, file, (1 << 20, 1 << 16), &[5]);
        assert!(!articles.is_empty(), "{file}");
    }
}
