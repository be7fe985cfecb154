//! End-to-end tests of the `broadsheet-ingest` binary: exact standard-error
//! lines, exit status and the bytes written.

mod common;

use broadsheet_core::parse_article_records;
use common::{ingest, seed_text, TempDir};
use std::fs;
use std::path::Path;

const WORKSPACE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
const SEED_TITLE: &str =
    "The Iraqi Prime Minister met with the Secretary of the Supreme National Security Council of Iran";
const BAD_DATE: &str = "`13/45/2021 1:00 PM` is not a valid date; \
                        expected M/D/YYYY h:mm:ss AM|PM (or 24-hour, seconds optional)";

/// The real seed article with another id, date and title.
fn seed_variant(id: &str, date: &str, title: &str) -> String {
    seed_text()
        .replace("News ID : 75422", &format!("News ID : {id}"))
        .replace(
            "Publish Date : 9/13/2021 11:03:39 PM",
            &format!("Publish Date : {date}"),
        )
        .replace(SEED_TITLE, title)
}

/// The ids in an article-set file, in file order.
fn ids(bytes: &[u8]) -> Vec<String> {
    let loaded =
        parse_article_records(std::str::from_utf8(bytes).unwrap()).expect("the output parses");
    assert!(loaded.skipped.is_empty(), "{:?}", loaded.skipped);
    assert_eq!(loaded.identical_duplicates, 0);
    loaded.articles.into_iter().map(|a| a.id).collect()
}

const CORPUS: &str = r#"[
  {"id": "json-1", "title": "A good record", "published": "2021-09-10", "lead": "It has a lead.", "body": ["And a body."]},
  {"id": "json-2", "published": "2021-09-11", "lead": "It has no title."}
]
"#;

/// Good seeds (one nested), a bad date, a truncated file, a JSON array with
/// a good and a bad record, an ignored .md file, and hidden files that would
/// fail if they were read.
fn mixed_folder() -> TempDir {
    let dir = TempDir::new("mixed");
    dir.write("in/75422.txt", seed_text());
    dir.write(
        "in/75423.txt",
        seed_variant("75423", "9/14/2021 8:00:00 AM", "A later article"),
    );
    dir.write(
        "in/sub/75424.txt",
        seed_variant("75424", "9/12/2021 10:15 PM", "An earlier article"),
    );
    dir.write(
        "in/bad-date.txt",
        seed_variant("75430", "13/45/2021 1:00 PM", "Bad date"),
    );
    dir.write(
        "in/broken.txt",
        "News ID : 75425\nPublish Date : 9/15/2021 1:00 PM\n",
    );
    dir.write("in/corpus.json", CORPUS);
    dir.write("in/notes.md", "# not an article\n");
    dir.write("in/.draft.txt", "not an article");
    dir.write("in/.git/config.txt", "not an article");
    #[cfg(unix)]
    std::os::unix::fs::symlink("..", dir.path().join("in/sub/loop")).unwrap();
    dir
}

#[test]
fn skipped_inputs_are_reported_and_nothing_is_written_without_keep_going() {
    let dir = mixed_folder();
    let run = ingest(dir.path(), &["in", "-o", "out/set.json"]);
    let bad_date = format!("skipped: in/bad-date.txt:2: {BAD_DATE}");
    assert_eq!(
        run.stderr_lines(),
        [
            bad_date.as_str(),
            "skipped: in/broken.txt:3: expected the title, found the end of the file",
            "skipped: in/corpus.json:3: record 2 (id \"json-2\"): missing field `title`",
            "read 6 files: nothing written (3 skipped; pass --keep-going to write the 4 good articles), \
             1 ignored (not .txt, or .json, .jsonl, .ndjson, .csv, .tsv, .xml, .rss, .atom or .warc, plain or .gz)",
        ]
    );
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty());
    assert!(
        !dir.exists("out"),
        "nothing may be written, not even the folder"
    );

    let run = ingest(dir.path(), &["in", "-o", "out/set.json", "--keep-going"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    let lines = run.stderr_lines();
    assert_eq!(lines.len(), 5);
    // The three seeds are one text under three titles: one story, named
    // by the earliest.
    assert_eq!(lines[3], "wire copies: 3 articles in 1 story (texts 0.4 or more alike; each marked with its story's first article)");
    assert_eq!(lines[4], "read 6 files: 4 articles written to out/set.json, 3 skipped, 1 ignored (not .txt, or .json, .jsonl, .ndjson, .csv, .tsv, .xml, .rss, .atom or .warc, plain or .gz)");
    assert_eq!(
        ids(&dir.read("out/set.json")),
        ["75423", "75422", "75424", "json-1"]
    );
    let written =
        parse_article_records(std::str::from_utf8(&dir.read("out/set.json")).unwrap()).unwrap();
    let stories: Vec<Option<&str>> = written
        .articles
        .iter()
        .map(|a| a.cluster.as_deref())
        .collect();
    assert_eq!(stories, [Some("75424"), Some("75424"), Some("75424"), None]);
    let left: Vec<_> = fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["set.json"], "no temporary file is left behind");
}

#[test]
fn output_is_deterministic_whether_folders_or_files_are_named() {
    let dir = TempDir::new("determinism");
    dir.write("in/75422.txt", seed_text());
    dir.write(
        "in/75423.txt",
        seed_variant("75423", "9/14/2021 8:00:00 AM", "A later article"),
    );
    dir.write(
        "in/sub/75424.txt",
        seed_variant("75424", "9/12/2021 10:15 PM", "An earlier article"),
    );
    dir.write("in/corpus.json", CORPUS.replace(",\n  {\"id\": \"json-2\", \"published\": \"2021-09-11\", \"lead\": \"It has no title.\"}", ""));

    let first = ingest(dir.path(), &["in", "-o", "a.json"]);
    assert_eq!(
        first.stderr_lines(),
        [
            "wire copies: 3 articles in 1 story (texts 0.4 or more alike; each marked with its story's first article)",
            "read 4 files: 4 articles written to a.json, 0 skipped"
        ]
    );
    assert_eq!(first.code, 0);
    let again = ingest(dir.path(), &["in", "-o", "b.json"]);
    assert_eq!(again.code, 0);
    let files = [
        "in/75422.txt",
        "in/75423.txt",
        "in/corpus.json",
        "in/sub/75424.txt",
    ];
    let named = ingest(dir.path(), &[&files[..], &["-o", "c.json"]].concat());
    assert_eq!(
        named.stderr_lines()[1],
        "read 4 files: 4 articles written to c.json, 0 skipped"
    );
    let stdout = ingest(dir.path(), &["in", "-o", "-"]);
    assert_eq!(
        stdout.stderr_lines()[1],
        "read 4 files: 4 articles written to standard output, 0 skipped"
    );

    let a = dir.read("a.json");
    assert_eq!(a, dir.read("b.json"));
    assert_eq!(a, dir.read("c.json"));
    assert_eq!(a, stdout.stdout);
    assert_eq!(ids(&a), ["75423", "75422", "75424", "json-1"]);
    let text = String::from_utf8(a).unwrap();
    assert!(text.starts_with(
        "{\"format\":\"broadsheet-article-set\",\"version\":3,\"articles\":[\n{\"id\":\"75423\""
    ));
    assert_eq!(text.lines().count(), 6, "one article per line");
}

#[test]
fn an_identical_copy_is_merged() {
    let dir = TempDir::new("identical");
    dir.write("a/75422.txt", seed_text());
    dir.write("b/75422.txt", seed_text().replace('\n', "\r\n")); // same article, other line ends
    let run = ingest(dir.path(), &["a", "b", "-o", "out.json"]);
    assert_eq!(
        run.stderr_lines(),
        ["read 2 files: 1 article written to out.json, 0 skipped, 1 identical duplicate merged"]
    );
    assert_eq!(run.code, 0);
    assert_eq!(ids(&dir.read("out.json")), ["75422"]);
}

#[test]
fn a_differing_copy_is_skipped_and_names_the_winner() {
    let dir = TempDir::new("conflict");
    dir.write("a/75422.txt", seed_text());
    dir.write(
        "b/75422.txt",
        seed_variant("75422", "9/13/2021 11:03:39 PM", "Edited title"),
    );
    let run = ingest(dir.path(), &["a", "b", "-o", "out.json"]);
    assert_eq!(
        run.stderr_lines(),
        [
            "skipped: b/75422.txt:1: duplicate id \"75422\" differs from the copy in a/75422.txt:1, which wins",
            "read 2 files: nothing written (1 skipped; pass --keep-going to write the 1 good article)",
        ]
    );
    assert_eq!(run.code, 1);
    assert!(!dir.exists("out.json"));

    // Input order decides: named the other way round, b wins.
    let run = ingest(dir.path(), &["b", "a", "-o", "out.json", "--keep-going"]);
    assert_eq!(
        run.stderr_lines(),
        [
            "skipped: a/75422.txt:1: duplicate id \"75422\" differs from the copy in b/75422.txt:1, which wins",
            "read 2 files: 1 article written to out.json, 1 skipped",
        ]
    );
    assert_eq!(run.code, 0);
    let written = String::from_utf8(dir.read("out.json")).unwrap();
    assert!(written.contains("Edited title"));
}

#[test]
fn duplicates_in_json_files_are_located_by_line() {
    let dir = TempDir::new("json-dups");
    dir.write("75422.txt", seed_text());
    let record = r#"{"id": "75422", "title": "Another text", "published": "2021-09-13T23:03:39", "lead": "Other."}"#;
    let other = r#"{"id": "x", "title": "X", "published": "2020-01-01", "lead": "X."}"#;
    dir.write("first.json", format!("[\n{other},\n\n{record}\n]\n"));
    let run = ingest(dir.path(), &["first.json", "75422.txt", "-o", "out.json"]);
    assert_eq!(
        run.stderr_lines(),
        [
            "skipped: 75422.txt:1: duplicate id \"75422\" differs from the copy in first.json:4, which wins",
            "read 2 files: nothing written (1 skipped; pass --keep-going to write the 2 good articles)",
        ]
    );
    let run = ingest(dir.path(), &["75422.txt", "first.json", "-o", "out.json"]);
    assert_eq!(
        run.stderr_lines()[0],
        "skipped: first.json:4: duplicate id \"75422\" differs from the copy in 75422.txt:1, which wins"
    );
    assert_eq!(run.code, 1);
}

#[test]
fn usage_errors_exit_2_with_a_message() {
    let dir = TempDir::new("usage");
    dir.write("in/75422.txt", seed_text());
    let usage = |error: &str| {
        vec![
            format!("error: {error}"),
            "usage: broadsheet-ingest PATH... (-o FILE | --single-file FILE.html [--app DIR] | --shards DIR [--append | --merge | --join] [--keep-versions N]) [--map FIELD=COLUMN]... [--keep-going]".to_string(),
            "run `broadsheet-ingest --help` for details".to_string(),
        ]
    };
    let cases: [(&[&str], &str); 5] = [
        (
            &[],
            "no input given: name at least one file or folder to read",
        ),
        (
            &["in"],
            "no output given: pass `-o FILE` (or `-o -` for standard output)",
        ),
        (
            &["in", "-o"],
            "`-o` needs a file name (or `-` for standard output)",
        ),
        (
            &["in", "nope", "-o", "out.json"],
            "no such file or folder: nope",
        ),
        (
            &["in", "-o", "out.json", "--frobnicate"],
            "unknown option `--frobnicate`",
        ),
    ];
    for (args, error) in cases {
        let run = ingest(dir.path(), args);
        assert_eq!(run.stderr_lines(), usage(error), "{args:?}");
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stdout.is_empty());
    }
    assert!(!dir.exists("out.json"), "a usage error writes nothing");

    let help = ingest(dir.path(), &["--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stderr.is_empty());
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(
        help.contains("usage: broadsheet-ingest PATH... -o FILE [--keep-going]")
            && help.contains("broadsheet-ingest PATH... --single-file FILE.html [--app DIR]"),
        "{help}"
    );
    assert!(help.contains("--keep-going"));
    assert_eq!(ingest(dir.path(), &["-h"]).code, 0);
}

#[test]
fn no_articles_is_a_failure() {
    let dir = TempDir::new("empty");
    fs::create_dir_all(dir.path().join("in")).unwrap();
    let run = ingest(dir.path(), &["in", "-o", "out.json", "--keep-going"]);
    assert_eq!(
        run.stderr_lines(),
        ["read 0 files: no articles found, nothing written"]
    );
    assert_eq!(run.code, 1);
    assert!(!dir.exists("out.json"));

    dir.write("in/readme.md", "x");
    dir.write("in/broken.txt", "hello\n");
    let run = ingest(dir.path(), &["in", "-o", "out.json", "--keep-going"]);
    assert_eq!(
        run.stderr_lines(),
        [
            "skipped: in/broken.txt:1: expected `News ID : <id>`, found `hello`",
            "read 1 file: no articles found, nothing written (1 skipped), 1 ignored (not .txt, or .json, .jsonl, .ndjson, .csv, .tsv, .xml, .rss, .atom or .warc, plain or .gz)",
        ]
    );
    assert_eq!(run.code, 1);
    assert!(!dir.exists("out.json"));
}

#[test]
fn json_files_that_fail_as_a_whole_are_located() {
    let dir = TempDir::new("bad-json");
    dir.write("in/75422.txt", seed_text());
    dir.write("in/a-syntax.json", "[\n  {\"id\": \"x\",\n  oops\n]\n");
    dir.write(
        "in/b-format.json",
        "{\"format\": \"something-else\", \"articles\": []}\n",
    );
    dir.write("in/c-null.json", "null\n");
    dir.write(
        "in/d-version.json",
        "{\"format\": \"broadsheet-article-set\", \"version\": 9, \"articles\": []}",
    );
    dir.write("in/e-latin1.json", b"[\n\"caf\xe9\"]");
    let run = ingest(dir.path(), &["in", "-o", "out.json", "--keep-going"]);
    assert_eq!(
        run.stderr_lines(),
        [
            "skipped: in/a-syntax.json:3:3: key must be a string",
            "skipped: in/b-format.json:1: not an article set: \"format\" is \"something-else\", \
             expected \"broadsheet-article-set\"",
            "skipped: in/c-null.json:1: not an article set: expected a JSON array of articles or an object \
             with \"format\": \"broadsheet-article-set\"",
            "skipped: in/d-version.json:1: article set version 9 is newer than this Broadsheet reads \
             (version 3); update Broadsheet",
            "skipped: in/e-latin1.json:2:5: not UTF-8 text (invalid byte at offset 6)",
            "read 6 files: 1 article written to out.json, 5 skipped",
        ]
    );
    assert_eq!(run.code, 0);
}

#[test]
fn a_file_named_explicitly_is_read_whatever_its_extension() {
    let dir = TempDir::new("explicit");
    dir.write("article.md", seed_text());
    dir.write(
        "set.JSON",
        CORPUS.replace("\"json-2\", ", "\"json-2\", \"title\": \"Now titled\", "),
    );
    let run = ingest(dir.path(), &["article.md", "set.JSON", "-o", "out.json"]);
    assert_eq!(
        run.stderr_lines(),
        ["read 2 files: 3 articles written to out.json, 0 skipped"]
    );
    assert_eq!(ids(&dir.read("out.json")), ["75422", "json-2", "json-1"]);
}

#[cfg(unix)]
#[test]
fn unreadable_files_are_skipped_with_the_io_error() {
    let dir = TempDir::new("unreadable");
    dir.write("in/75422.txt", seed_text());
    std::os::unix::fs::symlink("missing-target.txt", dir.path().join("in/dangling.txt")).unwrap();
    let run = ingest(dir.path(), &["in", "-o", "out.json"]);
    assert_eq!(
        run.stderr_lines(),
        [
            "skipped: in/dangling.txt: cannot read: No such file or directory (os error 2)",
            "read 2 files: nothing written (1 skipped; pass --keep-going to write the 1 good article)",
        ]
    );
    assert_eq!(run.code, 1);
}

#[test]
fn the_output_inside_an_input_folder_is_not_read_back() {
    let dir = TempDir::new("rerun");
    dir.write("in/75422.txt", seed_text());
    let first = ingest(dir.path(), &["in", "-o", "in/articles.json"]);
    assert_eq!(
        first.stderr_lines(),
        ["read 1 file: 1 article written to in/articles.json, 0 skipped"]
    );
    let bytes = dir.read("in/articles.json");
    let second = ingest(dir.path(), &["in", "-o", "in/articles.json"]);
    assert_eq!(second.stderr, first.stderr);
    assert_eq!(dir.read("in/articles.json"), bytes);
}

#[test]
fn the_bundled_inputs_make_the_shipped_set() {
    let dir = TempDir::new("bundled");
    let out = dir.path().join("articles.json");
    let out = out.to_str().unwrap();
    let run = ingest(
        Path::new(WORKSPACE),
        &[
            "data/seed",
            "data/wikinews-en/articles.json",
            "data/voa-learningenglish/articles.json",
            "-o",
            out,
        ],
    );
    assert_eq!(
        run.stderr_lines(),
        [format!(
            "read 3 files: 322 articles written to {out}, 0 skipped"
        )]
    );
    assert_eq!(run.code, 0);
    assert!(run.stdout.is_empty());

    let bytes = fs::read(out).unwrap();
    let loaded = parse_article_records(std::str::from_utf8(&bytes).unwrap()).unwrap();
    assert_eq!(loaded.articles.len(), 322);
    let newest = loaded.articles.iter().map(|a| a.published).max().unwrap();
    assert_eq!(loaded.articles[0].published, newest);
    assert!(loaded
        .articles
        .windows(2)
        .all(|w| w[0].published >= w[1].published));
    assert!(loaded.articles.iter().any(|a| a.id == "75422"));
}

/// Reads a stored archive file (gzip) back to its content.
fn gunzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

#[test]
fn shards_write_a_manifest_whose_files_are_all_there_and_whole() {
    use broadsheet_core::archive::{
        check_hash, parse_bodies, parse_cards, ArchiveFileKind, Manifest,
    };
    let dir = TempDir::new("shards");
    let set = format!("{WORKSPACE}/static/articles.json");
    let out = dir.path().join("site/static");
    let run = ingest(dir.path(), &[&set, "--shards", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{:?}", run.stderr);
    let summary = run.stderr_lines().join("\n");
    let prefix = format!(
        "read 1 file: 322 articles written to {} (sharded: ",
        out.display()
    );
    assert!(summary.starts_with(&prefix), "{summary}");
    assert!(summary.ends_with(", 0 skipped"), "{summary}");
    let manifest =
        Manifest::parse(&String::from_utf8(dir.read("site/static/articles.json")).unwrap())
            .unwrap();
    assert_eq!(manifest.articles, 322);
    let shipped = parse_article_records(&fs::read_to_string(&set).unwrap()).unwrap();
    let terms = broadsheet_core::SearchIndex::new(&shipped.articles).term_count();
    let mut titles = Vec::new();
    let mut bodies = Vec::new();
    for shard in &manifest.shards {
        let path = ArchiveFileKind::Cards.path(&shard.cards.hash);
        let stored = dir.read(&format!("site/static/{path}"));
        assert_eq!(stored.len() as u64, shard.cards.bytes, "{path}");
        let cards = gunzip(&stored);
        check_hash(&path, &shard.cards.hash, &cards).unwrap();
        let read = parse_cards(&path, &cards, shard.count).unwrap();
        titles.extend(read.cards.into_iter().map(|a| a.title));
        for (count, hash) in read.bodies.0 {
            let path = ArchiveFileKind::Bodies.path(&hash);
            let text = gunzip(&dir.read(&format!("site/static/{path}")));
            check_hash(&path, &hash, &text).unwrap();
            bodies.extend(parse_bodies(&path, &text, count).unwrap());
        }
    }
    // Newest first, every article once, as the plain set has them.
    let expected: Vec<String> = shipped.articles.iter().map(|a| a.title.clone()).collect();
    assert_eq!(titles, expected);
    let expected: Vec<Vec<String>> = shipped.articles.into_iter().map(|a| a.body).collect();
    assert_eq!(bodies, expected);
    // The summary states the vocabulary: the index's distinct terms.
    assert!(
        summary.contains(&format!(
            " with {} terms;",
            broadsheet_core::numbers::grouped(terms)
        )),
        "{summary}"
    );
    // No Chinese, Thai, …: the page never needs the word segmenter for it.
    assert!(!manifest.dictionary_words);
    assert_eq!(manifest.segments.len(), 1);
    let root = manifest.segments[0].index.clone().expect("an index");
    assert!(dir.exists(&format!(
        "site/static/{}",
        ArchiveFileKind::Index.path(&root.hash)
    )));

    // Writing again changes nothing; the manifest is not read as input.
    let before = dir.read("site/static/articles.json");
    let again = ingest(
        dir.path(),
        &[
            &set,
            out.parent().unwrap().to_str().unwrap(),
            "--shards",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(again.code, 0, "{:?}", again.stderr);
    assert_eq!(dir.read("site/static/articles.json"), before);
}

#[test]
fn an_archive_of_chinese_japanese_and_thai_says_its_index_is_cut_into_dictionary_words() {
    use broadsheet_core::archive::Manifest;
    let dir = TempDir::new("unspaced");
    let set = format!("{WORKSPACE}/tests/e2e/fixtures/unspaced-set.json");
    let out = dir.path().join("static");
    let run = ingest(dir.path(), &[&set, "--shards", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{:?}", run.stderr);
    let manifest =
        Manifest::parse(&String::from_utf8(dir.read("static/articles.json")).unwrap()).unwrap();
    assert_eq!(manifest.articles, 5);
    // The page loads the same segmenter before it searches such a query.
    assert!(manifest.dictionary_words);
}

#[test]
fn a_folder_of_scraper_output_is_read_with_the_bad_line_located() {
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/scrapers");
    let dir = TempDir::new("scrapers");
    for name in [
        "news-please.json",
        "trafilatura.json",
        "newspaper4k.json",
        "mixed.jsonl",
    ] {
        dir.write(
            &format!("crawl/{name}"),
            fs::read(format!("{fixtures}/{name}")).unwrap(),
        );
    }
    let run = ingest(dir.path(), &["crawl", "-o", "set.json", "--keep-going"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = run.stderr_lines();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[0].starts_with("skipped: crawl/mixed.jsonl:3: record 3: "),
        "{}",
        lines[0]
    );
    assert_eq!(
        lines[1],
        "read 4 files: 8 articles written to set.json, 1 skipped"
    );
    let written = ids(&dir.read("set.json"));
    assert_eq!(written.len(), 8);
    // Newest first across tools: news-please's 16 Sep capture time first.
    assert!(
        written[0].starts_with("example-markets.com-"),
        "{written:?}"
    );
    assert!(written.contains(&"own-1".to_owned()));
    assert!(written.contains(&"town-lib-1".to_owned()));
}

#[test]
fn zoned_dates_and_their_provenance_are_written_as_read_and_ordered_by_instant() {
    let dir = TempDir::new("zoned");
    // A version 1 set, a zoneless news-please time with a space, a feed's
    // offset, a capture in UTC; an unknown provenance is skipped.
    dir.write(
        "old.json",
        "{\"format\":\"broadsheet-article-set\",\"version\":1,\"articles\":[\n\
         {\"id\":\"v1\",\"title\":\"Old\",\"published\":\"2021-09-13T18:33:30\",\"lead\":\"Old lead.\"}\n]}\n",
    );
    dir.write(
        "new.json",
        r#"[
{"id":"feed","title":"Feed","published":"2021-09-13T23:03:39+04:30","published_from":"feed","lead":"F.","authors":["A. Writer"],"image":"https://img.example.org/f.jpg"},
{"id":"warc","title":"Warc","published":"2021-09-13T18:34:00Z","published_from":"capture","lead":"W."},
{"id":"np","title":"News-please","published":"2021-09-13 18:33:00","lead":"N."},
{"id":"odd","title":"Odd","published":"2021-09-13","published_from":"guess","lead":"O."}
]"#,
    );
    let run = ingest(
        dir.path(),
        &["old.json", "new.json", "-o", "out.json", "--keep-going"],
    );
    assert_eq!(
        run.stderr_lines(),
        [
            "skipped: new.json:5: record 4 (id \"odd\"): `published_from`: unknown variant `guess`, expected one of `page`, `feed`, `url`, `capture`",
            "read 2 files: 4 articles written to out.json, 1 skipped",
        ]
    );
    assert_eq!(
        String::from_utf8(dir.read("out.json")).unwrap(),
        "{\"format\":\"broadsheet-article-set\",\"version\":3,\"articles\":[\n\
         {\"id\":\"warc\",\"title\":\"Warc\",\"published\":\"2021-09-13T18:34:00+00:00\",\"published_from\":\"capture\",\"lead\":\"W.\",\"body\":[],\"source\":\"\"},\n\
         {\"id\":\"feed\",\"title\":\"Feed\",\"published\":\"2021-09-13T23:03:39+04:30\",\"published_from\":\"feed\",\"lead\":\"F.\",\"body\":[],\"source\":\"\",\"authors\":[\"A. Writer\"],\"image\":\"https://img.example.org/f.jpg\"},\n\
         {\"id\":\"v1\",\"title\":\"Old\",\"published\":\"2021-09-13T18:33:30\",\"lead\":\"Old lead.\",\"body\":[],\"source\":\"\"},\n\
         {\"id\":\"np\",\"title\":\"News-please\",\"published\":\"2021-09-13T18:33:00\",\"lead\":\"N.\",\"body\":[],\"source\":\"\"}\n\
         ]}\n"
    );
}

#[test]
fn saved_feeds_and_tables_are_read_beside_json_with_columns_mapped() {
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures");
    let dir = TempDir::new("feeds");
    for name in [
        "feeds/rss.xml",
        "feeds/atom.xml",
        "feeds/trafilatura.xml",
        "tables/own-columns.csv",
    ] {
        dir.write(
            &format!("in/{name}"),
            fs::read(format!("{fixtures}/{name}")).unwrap(),
        );
    }
    let run = ingest(
        dir.path(),
        &[
            "in",
            "-o",
            "set.json",
            "--keep-going",
            "--map",
            "title=Schlagzeile",
            "--map",
            "date=Datum",
            "--map",
            "text=Inhalt",
            "--map",
            "source=Quelle",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr_lines(),
        [
            "skipped: in/feeds/rss.xml:26: record 3: `pubDate`: `sometime last week` is not a date this reader knows (YYYY-MM-DD, with a time or not, or M/D/YYYY h:mm:ss AM|PM)",
            "skipped: in/feeds/rss.xml:32: record 4: the item has a title but no text (no description or content): a headline-only feed holds no articles",
            "read 4 files: 7 articles written to set.json, 2 skipped",
        ]
    );
    let set = String::from_utf8(dir.read("set.json")).unwrap();
    assert!(
        set.contains(r#""published":"2021-09-13T23:03:39+04:30","published_from":"feed""#),
        "{set}"
    );
    assert!(set.contains(r#""title":"Neue Brücke eröffnet""#));
    // A misspelt field is a usage error, naming the fields there are.
    let run = ingest(
        dir.path(),
        &["in", "-o", "x.json", "--map", "headline=Schlagzeile"],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("`headline` is not a field; FIELD is one of id, title, text, lead, date, url, source, lang, authors, license"), "{}", run.stderr);
}

#[test]
fn a_gzipped_json_lines_file_reads_as_the_plain_one_in_a_folder_and_by_name() {
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/scrapers");
    let dir = TempDir::new("gzipped");
    let plain = fs::read(format!("{fixtures}/mixed.jsonl")).unwrap();
    let gz = fs::read(format!("{fixtures}/mixed.jsonl.gz")).unwrap();
    dir.write("plain/mixed.jsonl", plain);
    dir.write("gz/mixed.jsonl.gz", &gz);
    dir.write("gz/notes.txt.gz", &gz);
    let run = ingest(dir.path(), &["plain", "-o", "plain.json", "--keep-going"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let skipped = run.stderr_lines()[0].replace("plain/mixed.jsonl", "gz/mixed.jsonl.gz");
    let run = ingest(dir.path(), &["gz", "-o", "gz.json", "--keep-going"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr_lines(),
        [
            skipped.as_str(),
            "read 1 file: 4 articles written to gz.json, 1 skipped, 1 ignored (not .txt, or .json, .jsonl, .ndjson, .csv, .tsv, .xml, .rss, .atom or .warc, plain or .gz)"
        ]
    );
    assert!(
        skipped.starts_with("skipped: gz/mixed.jsonl.gz:3: record 3: "),
        "{skipped}"
    );
    assert_eq!(dir.read("gz.json"), dir.read("plain.json"));
    // Named on its own, and cut short: the lines before the cut are kept.
    dir.write("cut.jsonl.gz", &gz[..gz.len() - 12]);
    let run = ingest(
        dir.path(),
        &["cut.jsonl.gz", "-o", "cut.json", "--keep-going"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = run.stderr_lines();
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert!(
        lines[1].starts_with("skipped: cut.jsonl.gz:5: record 5: the record stops before its end"),
        "{lines:?}"
    );
    assert_eq!(
        lines[2..],
        [
            "skipped: cut.jsonl.gz:5: the gzip stream ends early: the file was cut short",
            "read 1 file: 3 articles written to cut.json, 3 skipped"
        ]
    );
    assert_eq!(ids(&dir.read("cut.json")).len(), 3);
}

#[test]
fn a_crawl_is_read_by_name_and_in_a_folder_with_its_non_articles_counted() {
    let fixtures = format!("{WORKSPACE}/tests/fixtures/warc");
    let dir = TempDir::new("warc");
    dir.write(
        "in/crawl.warc.gz",
        fs::read(format!("{fixtures}/crawl.warc.gz")).unwrap(),
    );
    dir.write(
        "plain/crawl.warc",
        fs::read(format!("{fixtures}/crawl.warc")).unwrap(),
    );
    let ignored = "warcinfo record: 1, request record: 1, not HTML: 1, redirect: 1, not an article: 1, charset windows-1256 is not read: 1, metadata record: 1, revisit record: 1";
    let run = ingest(dir.path(), &["in/crawl.warc.gz", "-o", "gz.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr_lines(),
        [
            format!("read: in/crawl.warc.gz: 6 articles, 8 records ignored ({ignored})"),
            format!("read 1 file: 6 articles written to gz.json, 0 skipped, 8 records ignored ({ignored})"),
        ]
    );
    let run = ingest(dir.path(), &["plain", "-o", "plain.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(dir.read("gz.json"), dir.read("plain.json"));
    assert_eq!(
        ids(&dir.read("gz.json")),
        [
            "news.example.ir-15eecc6cde49cb2f",
            "daily.example-f85b3b0b2aa43e04",
            "rail.example-b0b78a490ba3eb88",
            "library.example-9f17f01e16361407",
            "daily.example-b26f24f3a4eb9dfc",
            "daily.example-821a47e091bf07b2",
        ]
    );
    let set = String::from_utf8(dir.read("gz.json")).unwrap();
    assert!(
        set.contains(r#""published":"2021-09-15T08:00:00+00:00","published_from":"capture""#),
        "{set}"
    );

    // A cut crawl keeps what came before the cut and says where it stops.
    dir.write(
        "cut/cut.warc.gz",
        fs::read(format!("{fixtures}/cut.warc.gz")).unwrap(),
    );
    let run = ingest(dir.path(), &["cut", "-o", "cut.json", "--keep-going"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr_lines(),
        [
            "skipped: cut/cut.warc.gz:9: record 9 (byte 6,673): cut short: Content-Length says 659 bytes, 247 came",
            "skipped: cut/cut.warc.gz:9: the gzip stream ends early: the file was cut short",
            "read: cut/cut.warc.gz: 3 articles, 5 records ignored (warcinfo record: 1, request record: 1, not HTML: 1, redirect: 1, not an article: 1)",
            "read 1 file: 3 articles written to cut.json, 2 skipped, 5 records ignored (warcinfo record: 1, request record: 1, not HTML: 1, redirect: 1, not an article: 1)",
        ]
    );
}

#[test]
fn articles_without_a_language_are_written_with_the_one_guessed() {
    let dir = TempDir::new("languages");
    let record = |id: &str, title: &str, lead: &str, lang: Option<&str>| {
        let lang = lang.map_or(String::new(), |l| format!(r#","lang":"{l}""#));
        format!(
            r#"{{"id":"{id}","title":"{title}","published":"2024-01-0{id}","lead":"{lead}"{lang}}}"#
        )
    };
    let lines = [
        record("1", "Elections", "The governments announced that the elections would be held in the spring, officials said on Monday.", None),
        record("2", "انتخابات", "دولت امروز اعلام کرد که انتخابات در بهار برگزار می‌شود و کتاب‌های تازه در نمایشگاه عرضه شد.", None),
        record("3", "Doorashada", "Dowladda federaalka ayaa maanta ku dhawaaqday qorshe cusub oo waxbarasho.", Some("so")),
        record("4", "Short", "ok", None),
    ];
    dir.write("in/set.jsonl", lines.join("\n"));
    let run = ingest(dir.path(), &["in", "-o", "out.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.lines().any(|l| {
            l
            == "languages: guessed for 2 articles that gave none (en 1, fa 1); 1 left without one \
                (no reliable guess, or a language Broadsheet cannot stem)"
        }),
        "{}",
        run.stderr
    );
    let set = parse_article_records(&String::from_utf8(dir.read("out.json")).unwrap()).unwrap();
    let lang = |id: &str| {
        set.articles
            .iter()
            .find(|a| a.id == id)
            .and_then(|a| a.lang.clone())
    };
    assert_eq!(lang("1").as_deref(), Some("en"));
    assert_eq!(lang("2").as_deref(), Some("fa"));
    // A language given is kept, even one Broadsheet cannot stem.
    assert_eq!(lang("3").as_deref(), Some("so"));
    assert_eq!(lang("4"), None);
}
