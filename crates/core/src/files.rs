//! Reading a batch of files into one set of articles: what
//! `broadsheet-ingest` does with its PATH arguments and what the page does
//! with files the user opens. One set of rules and one wording for both, so
//! a problem reads the same in the terminal and in the browser.

use crate::formats::records_file::RecordsFile;
use crate::set::{Dedup, DedupVerdict};
use crate::{parse_seed_bytes, Article, LoadedArticles, SetError};
use serde::{Deserialize, Serialize};
use std::fmt;

/// How a file is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    /// Seed-format text: one article.
    Seed,
    /// A file of records, told by its first bytes (`formats::records_file`):
    /// JSON (an article set, an array, one record, JSON Lines; ours or a
    /// news scraper's), a CSV/TSV table, XML (RSS, Atom, trafilatura), or
    /// a WARC crawl.
    Records,
}

impl InputKind {
    /// A file the user named (or picked) on its own: `.json`, `.jsonl`,
    /// `.ndjson`, `.csv`, `.tsv`, `.xml`, `.rss`, `.atom` and `.warc` are records,
    /// plain or gzipped (`crawl.jsonl.gz`; what they hold, and whether it
    /// is gzip, is told by their first bytes), anything else is taken as
    /// seed text, whatever its extension.
    pub fn of_named(name: &str) -> InputKind {
        if is_records_name(name) {
            InputKind::Records
        } else {
            InputKind::Seed
        }
    }

    /// A file found inside a folder: `.txt` and the records files of
    /// [`of_named`](Self::of_named) only; `None` for anything else, which
    /// is counted as ignored ([`NOT_READ`]).
    pub fn in_folder(name: &str) -> Option<InputKind> {
        if has_extension(name, "txt") {
            Some(InputKind::Seed)
        } else if is_records_name(name) {
            Some(InputKind::Records)
        } else {
            None
        }
    }
}

/// What a file found in a folder is ignored for not being: the one wording
/// of the CLI's report and the page's summary line.
pub const NOT_READ: &str =
    "not .txt, or .json, .jsonl, .ndjson, .csv, .tsv, .xml, .rss, .atom or .warc, plain or .gz";

/// Whether a path has a part starting with `.` (`.git/…`, `.DS_Store`):
/// such files are skipped inside folders, as `ls` does.
pub fn is_hidden(path: &str) -> bool {
    path.split(['/', '\\']).any(|part| part.starts_with('.'))
}

/// Whether `name` is a WARC crawl's (`.warc`, `.warc.gz`): the page reads
/// those with its crawl reader.
pub fn is_crawl_name(name: &str) -> bool {
    let name = match name.rsplit_once('.') {
        Some((inner, gz)) if gz.eq_ignore_ascii_case("gz") => inner,
        _ => name,
    };
    has_extension(name, "warc")
}

/// Whether `name` ends in a records extension, or one and `.gz`.
fn is_records_name(name: &str) -> bool {
    let name = match name.rsplit_once('.') {
        Some((inner, gz)) if gz.eq_ignore_ascii_case("gz") => inner,
        _ => name,
    };
    [
        "json", "jsonl", "ndjson", "csv", "tsv", "xml", "rss", "atom", "warc",
    ]
    .iter()
    .any(|ext| has_extension(name, ext))
}

fn has_extension(name: &str, ext: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(stem, e)| !stem.is_empty() && e.eq_ignore_ascii_case(ext))
}

/// What one file gave.
///
/// It also crosses between the page's wasm and its crawl reader's as JSON
/// ([`to_transfer_json`](Self::to_transfer_json)): both are this build's.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct FileLoad {
    /// Good articles in file order, each with its 1-based starting line.
    pub articles: Vec<(Article, usize)>,
    pub problems: Vec<Problem>,
    /// Identical copies of an id inside this file, already merged.
    pub merged: usize,
    /// Records read that are not articles and nothing wrong (a crawl's
    /// requests, images, redirects), counted by reason.
    pub ignored: Ignored,
}

/// Records passed over, by reason, in the order the reasons first came:
/// counted and listed, never lost silently, and not problems.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ignored(pub Vec<(String, usize)>);

impl Ignored {
    /// Counts one more record ignored for `reason`.
    pub fn add(&mut self, reason: &str) {
        self.add_many(reason, 1);
    }

    fn add_many(&mut self, reason: &str, count: usize) {
        match self.0.iter_mut().find(|(r, _)| r == reason) {
            Some((_, n)) => *n += count,
            None => self.0.push((reason.to_owned(), count)),
        }
    }

    /// Adds another file's counts.
    pub fn merge(&mut self, other: &Ignored) {
        for (reason, count) in &other.0 {
            self.add_many(reason, *count);
        }
    }

    /// Records ignored in all.
    pub fn total(&self) -> usize {
        self.0.iter().map(|(_, n)| n).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// `not HTML: 812, not an article: 60, redirect: 21`: most first.
impl fmt::Display for Ignored {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut reasons: Vec<&(String, usize)> = self.0.iter().collect();
        crate::sort::sort_by(&mut reasons, |a, b| b.1.cmp(&a.1));
        for (i, (reason, count)) in reasons.iter().enumerate() {
            let comma = if i > 0 { ", " } else { "" };
            write!(f, "{comma}{reason}: {}", crate::numbers::grouped(*count))?;
        }
        Ok(())
    }
}

/// Something in a file that had to be skipped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// 1-based; `None` when the problem is the file as a whole (I/O, size).
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl Problem {
    pub fn at(line: usize, message: impl Into<String>) -> Self {
        Problem {
            line: Some(line),
            column: None,
            message: message.into(),
        }
    }

    /// A problem with the file as a whole.
    pub fn whole(message: impl Into<String>) -> Self {
        Problem {
            line: None,
            column: None,
            message: message.into(),
        }
    }
}

impl FileLoad {
    /// A file that gave nothing but this problem.
    pub fn failed(problem: Problem) -> Self {
        FileLoad {
            problems: vec![problem],
            ..FileLoad::default()
        }
    }

    /// This load as JSON, for another wasm of the same build (the page's
    /// crawl reader hands its articles to the page this way).
    pub fn to_transfer_json(&self) -> String {
        serde_json::to_string(self).expect("a file's load serialises")
    }

    /// A load from [`to_transfer_json`](Self::to_transfer_json)'s JSON.
    pub fn from_transfer_json(json: &str) -> Result<FileLoad, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    /// Adds a later part of the same file (articles taken as it is read,
    /// then the rest): its articles after these, its counts to these.
    pub fn absorb(&mut self, later: FileLoad) {
        self.articles.extend(later.articles);
        self.problems.extend(later.problems);
        self.merged += later.merged;
        self.ignored.merge(&later.ignored);
    }

    /// What an [`ArticleSetReader`] made of a JSON file.
    pub fn from_set(result: Result<LoadedArticles, SetError>) -> Self {
        match result {
            Err(SetError::Json {
                line,
                column,
                message,
            }) => FileLoad::failed(Problem {
                line: Some(line),
                column: Some(column),
                message,
            }),
            Err(other) => FileLoad::failed(Problem::at(1, other.to_string())),
            Ok(loaded) => FileLoad {
                problems: loaded
                    .skipped
                    .iter()
                    .map(|s| {
                        let text = s.to_string();
                        let prefix = format!("line {}: ", s.line);
                        Problem::at(s.line, text.strip_prefix(&prefix).unwrap_or(&text))
                    })
                    .collect(),
                articles: loaded.articles.into_iter().zip(loaded.lines).collect(),
                merged: loaded.identical_duplicates,
                ignored: Ignored::default(),
            },
        }
    }
}

/// Parses a whole file's bytes as `kind`. (The page streams large JSON
/// files through an [`ArticleSetReader`] itself and calls
/// [`FileLoad::from_set`]; the result is the same.)
pub fn load_file(kind: InputKind, bytes: &[u8]) -> FileLoad {
    load_named_file("", kind, bytes)
}

/// [`load_file`] for a file called `name` (a `.tsv` table is read with
/// tabs).
pub fn load_named_file(name: &str, kind: InputKind, bytes: &[u8]) -> FileLoad {
    match kind {
        InputKind::Seed => match parse_seed_bytes(bytes) {
            Ok(article) => FileLoad {
                articles: vec![(article, 1)],
                ..FileLoad::default()
            },
            Err(e) => {
                let text = e.to_string();
                let prefix = format!("line {}: ", e.line);
                let reason = text.strip_prefix(&prefix).unwrap_or(&text);
                FileLoad::failed(Problem::at(e.line, reason))
            }
        },
        InputKind::Records => {
            let file = RecordsFile::new(name, usize::MAX, usize::MAX);
            // A crawl's pages are read where the extractor is built in.
            #[cfg(feature = "web-pages")]
            let file = file.with_web_pages(crate::formats::warc::readable_crawl_reader);
            let mut file = file;
            file.push(bytes);
            file.finish()
        }
    }
}

/// A problem located in a file: `PATH:LINE:COLUMN: message`, the form
/// compilers use, so editors and terminals can jump to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileProblem {
    pub file: String,
    pub problem: Problem,
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (file, message) = (&self.file, &self.problem.message);
        match (self.problem.line, self.problem.column) {
            (Some(line), Some(column)) => write!(f, "{file}:{line}:{column}: {message}"),
            (Some(line), None) => write!(f, "{file}:{line}: {message}"),
            (None, _) => write!(f, "{file}: {message}"),
        }
    }
}

/// Files read one after another into one list of articles, with the
/// duplicate-id rule applied across them (the first copy wins; identical
/// copies are merged, differing ones reported where they are).
#[derive(Default)]
pub struct Batch {
    /// Where the first copy of each id came from: (file, line; 0 unknown).
    dedup: Dedup<(usize, usize)>,
    names: Vec<String>,
    /// Good articles, in the order they were read.
    pub articles: Vec<Article>,
    /// Everything skipped, file by file, each file's in line order.
    pub skipped: Vec<FileProblem>,
    /// Files read (including ones that gave nothing but problems).
    pub files: usize,
    /// Identical duplicate copies merged.
    pub merged: usize,
    /// Files passed over: inside a folder but neither `.txt` nor `.json`.
    pub ignored: usize,
    /// Records passed over inside the files (a crawl's non-articles), by
    /// reason, over all files.
    pub ignored_records: Ignored,
}

impl Batch {
    pub fn new() -> Self {
        Batch::default()
    }

    /// Takes what the file `name` gave.
    pub fn add(&mut self, name: &str, load: FileLoad) {
        self.files += 1;
        self.add_quietly(name, load);
    }

    /// Like [`add`](Self::add), but not counted as a file read: for
    /// articles already in the page that opened files are merged into.
    pub fn add_quietly(&mut self, name: &str, load: FileLoad) {
        let index = self.names.len();
        self.names.push(name.to_owned());
        self.merged += load.merged;
        self.ignored_records.merge(&load.ignored);
        let mut problems = load.problems;
        for (article, line) in load.articles {
            match self.dedup.check(&article, (index, line)) {
                DedupVerdict::New => self.articles.push(article),
                DedupVerdict::Identical { .. } => self.merged += 1,
                DedupVerdict::Conflict {
                    first: (first, first_line),
                } => {
                    let place = match first_line {
                        0 => self.names[first].clone(),
                        n => format!("{}:{n}", self.names[first]),
                    };
                    problems.push(Problem::at(
                        line,
                        format!(
                            "duplicate id {:?} differs from the copy in {place}, which wins",
                            article.id
                        ),
                    ))
                }
            }
        }
        crate::sort::sort_by_key(&mut problems, |p| p.line);
        self.skipped
            .extend(problems.into_iter().map(|problem| FileProblem {
                file: name.to_owned(),
                problem,
            }));
    }

    /// A file or folder that could not be read at all (not counted as read).
    pub fn unreadable(&mut self, name: &str, message: impl Into<String>) {
        self.skipped.push(FileProblem {
            file: name.to_owned(),
            problem: Problem::whole(message),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = r#"{"id":"a","title":"A","published":"2021-01-01","lead":"x"}"#;
    const A2: &str = r#"{"id":"a","title":"A changed","published":"2021-01-01","lead":"x"}"#;
    const B: &str = r#"{"id":"b","title":"B","published":"2021-01-02","lead":"y"}"#;
    const NO_TITLE: &str = r#"{"id":"c","published":"2021-01-02","lead":"y"}"#;

    fn load_json(json: &str) -> FileLoad {
        load_file(InputKind::Records, json.as_bytes())
    }

    fn lines_of(json: &str) -> (Vec<(String, usize)>, Vec<Problem>) {
        let load = load_json(json);
        (
            load.articles.into_iter().map(|(a, l)| (a.id, l)).collect(),
            load.problems,
        )
    }

    #[test]
    fn kinds_follow_the_extension() {
        assert_eq!(InputKind::of_named("set.JSON"), InputKind::Records);
        assert_eq!(InputKind::of_named("75422"), InputKind::Seed);
        assert_eq!(InputKind::in_folder("a/b/75422.Txt"), Some(InputKind::Seed));
        assert_eq!(InputKind::in_folder("notes.md"), None);
        assert_eq!(InputKind::in_folder(".json"), None);
        for gz in [
            "crawl.jsonl.gz",
            "export.CSV.GZ",
            "feed.xml.gz",
            "set.json.gz",
            "a/x.tsv.gz",
            "CC-NEWS-20210913.warc.gz",
            "crawl.WARC",
        ] {
            assert_eq!(InputKind::of_named(gz), InputKind::Records, "{gz}");
            assert_eq!(InputKind::in_folder(gz), Some(InputKind::Records), "{gz}");
        }
        for other in [
            "notes.txt.gz",
            "archive.gz",
            "a.tar.gz",
            ".json.gz",
            "x.json.gz.gz",
        ] {
            assert_eq!(InputKind::in_folder(other), None, "{other}");
        }
        assert_eq!(InputKind::of_named("archive.gz"), InputKind::Seed);
        assert!(is_hidden("archive/.git/config.json"));
        assert!(!is_hidden("archive/2021/75422.txt"));
    }

    #[test]
    fn ignored_records_are_counted_by_reason_across_files_most_first() {
        let mut one = Ignored::default();
        one.add("request record");
        one.add("not HTML");
        one.add("not HTML");
        let mut two = Ignored::default();
        two.add("redirect");
        two.add("request record");
        two.add("request record");
        let mut batch = Batch::new();
        for ignored in [one, two] {
            batch.add(
                "crawl.warc",
                FileLoad {
                    ignored,
                    ..FileLoad::default()
                },
            );
        }
        assert_eq!(batch.ignored_records.total(), 6);
        assert_eq!(
            batch.ignored_records.to_string(),
            "request record: 3, not HTML: 2, redirect: 1"
        );
    }

    #[test]
    fn kept_records_are_located_past_skipped_and_merged_ones() {
        let json = format!("[\n{NO_TITLE},\n{A},\n{A},\n\n{B}\n]");
        let (articles, problems) = lines_of(&json);
        assert_eq!(articles, [("a".to_string(), 3), ("b".to_string(), 6)]);
        assert_eq!(
            problems,
            [Problem::at(2, "record 1 (id \"c\"): missing field `title`")]
        );
    }

    #[test]
    fn article_sets_are_located_too() {
        let json = format!("\u{feff}{{\"format\":\"broadsheet-article-set\",\"version\":1,\"articles\":[\n{A},\n{B}\n]}}");
        assert_eq!(
            lines_of(&json).0,
            [("a".to_string(), 2), ("b".to_string(), 3)]
        );
        // The layout broadsheet-ingest writes (read line by line) agrees.
        let canonical = crate::ArticleSet::new(vec![
            load_json(&format!("[{A}]")).articles.remove(0).0,
            load_json(&format!("[{B}]")).articles.remove(0).0,
        ])
        .to_json();
        assert_eq!(
            lines_of(&canonical).0,
            [("b".to_string(), 2), ("a".to_string(), 3)]
        );
    }

    #[test]
    fn whole_file_problems_have_a_line() {
        assert_eq!(
            lines_of("null").1,
            [Problem::at(
                1,
                SetError::WrongFormat { found: None }.to_string()
            )]
        );
        let empty = &lines_of("").1[0];
        assert_eq!((empty.line, empty.column), (Some(1), Some(1)));
        let bad = load_file(InputKind::Records, b"[\n \xff]").problems;
        assert_eq!(
            bad,
            [Problem {
                line: Some(2),
                column: Some(2),
                message: "not UTF-8 text (invalid byte at offset 3)".into()
            }]
        );
    }

    #[test]
    fn seed_problems_lose_the_line_prefix() {
        let load = load_file(
            InputKind::Seed,
            b"News ID : 1\nPublish Date : 13/45/2021 1:00 PM\nT\n\nText\n",
        );
        assert_eq!(load.problems[0].line, Some(2));
        assert!(
            load.problems[0]
                .message
                .starts_with("`13/45/2021 1:00 PM` is not a valid date"),
            "{:?}",
            load.problems
        );
    }

    #[test]
    fn a_batch_applies_the_duplicate_rule_across_files_and_says_where() {
        let mut batch = Batch::new();
        batch.add_quietly("bundled.json", {
            let mut load = load_json(&format!("[{B}]"));
            load.articles[0].1 = 0; // line unknown
            load
        });
        batch.add("one.json", load_json(&format!("[\n{A},\n{NO_TITLE}\n]")));
        batch.add("two.json", load_json(&format!("[\n{A2},\n{B}\n]")));
        batch.unreadable("gone.txt", "cannot read: permission denied");
        batch.ignored += 1;
        let ids: Vec<&str> = batch.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["b", "a"]);
        assert_eq!((batch.files, batch.merged, batch.ignored), (2, 1, 1));
        let lines: Vec<String> = batch.skipped.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            lines,
            [
                "one.json:3: record 2 (id \"c\"): missing field `title`",
                "two.json:2: duplicate id \"a\" differs from the copy in one.json:2, which wins",
                "gone.txt: cannot read: permission denied",
            ]
        );
        let mut batch = Batch::new();
        batch.add_quietly("static/articles.json", {
            let mut load = load_json(&format!("[{A}]"));
            load.articles[0].1 = 0;
            load
        });
        batch.add("mine.json", load_json(&format!("[{A2}]")));
        assert_eq!(
            batch.skipped[0].to_string(),
            "mine.json:1: duplicate id \"a\" differs from the copy in static/articles.json, which wins"
        );
    }
}
