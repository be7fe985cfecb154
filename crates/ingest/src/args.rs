//! Command-line arguments: `PATH... -o FILE [--keep-going]`.

use broadsheet_core::formats::table::Field;
use std::ffi::OsString;
use std::fmt;
use std::path::PathBuf;

/// The one-line synopsis printed with every usage error.
pub const USAGE: &str =
    "usage: broadsheet-ingest PATH... (-o FILE | --single-file FILE.html [--app DIR] | --shards DIR [--append | --merge | --join] [--keep-versions N]) [--map FIELD=COLUMN]... [--keep-going]";

/// The `--help` text.
pub const HELP: &str = "\
broadsheet-ingest: turns seed-format text files, JSON corpora, scrapers'
output (news-please, trafilatura, newspaper4k; JSON or JSON Lines),
CSV/TSV tables, feeds and WARC crawls into one Broadsheet article set (the
file the viewer loads), newest article first.

usage: broadsheet-ingest PATH... -o FILE [--keep-going]
       broadsheet-ingest PATH... --single-file FILE.html [--app DIR] [--keep-going]
       broadsheet-ingest PATH... --shards DIR [--append] [--keep-going]
       broadsheet-ingest [PATH...] --shards DIR --merge
       broadsheet-ingest ARCHIVE... --shards DIR --join

  PATH                a file or a folder. Folders are read recursively in
                      sorted order, taking *.txt files (seed format) and
                      records files: *.json, *.jsonl, *.ndjson (an article
                      set, an array, one record or JSON Lines, ours or a
                      scraper's), *.csv and *.tsv (a header row, then an
                      article a row), *.xml, *.rss and *.atom (RSS/Atom
                      feeds, trafilatura's XML), *.warc (a web crawl: each
                      HTML page an article, the rest counted as ignored),
                      each also gzipped (crawl.jsonl.gz, crawl.warc.gz:
                      unzipped as read, the limits below of the unzipped
                      bytes; a WARC streams a record at a time, whatever
                      its size), each told by its first bytes; other
                      files are counted as
                      ignored, and hidden files and
                      folders (.name) are skipped. Links to folders inside
                      a folder are not followed. A file named here is
                      always read: a records file as above, anything else
                      as seed text. Only regular files are read (a
                      FIFO, socket or device is skipped), within the
                      page's limits: a seed file or a record up to 32 MB,
                      a JSON file not laid out one article per line up to
                      512 MB.
  -o, --output FILE   where to write the article set; `-` writes it to
                      standard output. The file is replaced atomically and
                      missing parent folders are created; a link is
                      followed, and a device or FIFO is written into, not
                      replaced. It may not be one of the inputs.
  --single-file FILE.html
                      instead of a set, write one self-contained page holding
                      the app and the articles, which opens straight from
                      disk (double-click, mail it, copy it) with no server.
                      Holds at most 100 MB of articles; larger archives
                      belong on a static host.
  --app DIR           the built app to put in the single file (default:
                      dist, as `./dev build` writes it)
  --shards DIR        for large archives (100,000 articles and more) on a
                      static host: write DIR/articles.json as a manifest,
                      with the articles in shards by date (cards and bodies
                      apart) and a prebuilt search index split into parts,
                      all under content-hashed names beside it. The page
                      then downloads only what it shows and what a query
                      needs. `--shards static/` in the site is all it takes.
                      Files already in DIR are kept (a page open on the
                      previous manifest still finds its files); delete
                      the folder first to start clean.
  --append            with --shards: add the articles to the archive in DIR
                      (as a new segment) instead of writing it anew; the
                      files already there stay as they are. Ids already in
                      the archive follow the duplicate rule (the archive's
                      copy wins). Articles older than the archive's newest
                      are written together with the newest segments they
                      fall among. The summary says what was added and the
                      bytes to upload (the manifest last).
                      Appends keep a few segments of each size: when the
                      newest segments of a size would be 4, they are merged
                      into one.
  --merge             with --shards: merge every segment of the archive in
                      DIR into one (with the articles of PATHs, if any; no
                      PATH is needed).
  --join              with --shards: the PATHs are archives written apart
                      (each with --shards, e.g. one per month by GNU
                      parallel or on other machines), joined into DIR
                      without indexing anything again: their files are
                      linked or copied in, and one manifest lists their
                      segments. They must cover separate date ranges and
                      share no id.
  --keep-versions N   with --shards: afterwards, remove the archive's files
                      that none of its last N versions (manifests, this
                      one included) names. Without it nothing is removed,
                      so a page open on any older version keeps working.
  --shard-articles N  at most N articles per shard (default 1000)
  --index-batch N     with --shards: index at most N articles at once
                      (default 200000); more are indexed in batches and
                      merged, the same index in less memory
  --doc-span BYTES    with --shards: a word's list of articles longer than
                      this is cut into files of this many bytes (default
                      65536), newest first; a page shows a common word's
                      first results from the first of them
  --map FIELD=COLUMN  in CSV/TSV files, the column holding FIELD, for
                      headers whose names are not the usual ones (title,
                      headline; text, body, content; date, published;
                      url, link; source, outlet, domain; lang; id; lead,
                      summary; authors; license). FIELD is one of id,
                      title, text, lead, date, url, source, lang, authors,
                      license; repeat for each.
  --keep-going        write the good articles even when some inputs had to
                      be skipped
  -h, --help          show this help
  -V, --version       show the version

Problems are reported on standard error, one per line, as
`skipped: PATH:LINE: reason` (in a WARC, LINE is the record's number), then
`read: PATH: N articles, M records ignored (reason: count, ...)` for a file
with records that are not articles, followed by a one-line summary.

Duplicate ids: the first article with an id wins, in input order (the order
of the PATHs, folders in sorted order). A later copy with identical content
is merged; a later copy that differs is skipped and reported, naming the
copy that wins.

Exit status: 0 when the set was written; 1 when nothing was written
(something was skipped and --keep-going was not given, no articles were
found, or the output could not be written); 2 for a usage error.
";

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Help,
    Version,
    Run(Options),
}

/// Everything `run` needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Files and folders, in the order given: this order decides which copy
    /// of a duplicate id wins.
    pub paths: Vec<PathBuf>,
    pub output: Output,
    pub keep_going: bool,
    /// `--map FIELD=COLUMN`: table columns by the reader's names.
    pub columns: Vec<(Field, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    File(PathBuf),
    Stdout,
    /// A self-contained page with the app from `app` (see `single_file`).
    SingleFile {
        path: PathBuf,
        app: PathBuf,
    },
    /// A sharded archive in this folder (see `shards`), cut as `layout`
    /// says.
    Shards {
        dir: PathBuf,
        layout: crate::shards::Layout,
        /// `--append`: add to the archive there (see `append`).
        append: bool,
        /// `--merge`: merge every segment of the archive there into one.
        merge: bool,
        /// `--keep-versions N`: afterwards, remove the files none of the
        /// last N manifests names (see `versions`).
        keep_versions: Option<usize>,
        /// `--join`: the PATHs are archives written apart, joined into
        /// this one (see `join`).
        join: bool,
    },
}

impl fmt::Display for Output {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Output::File(path)
            | Output::SingleFile { path, .. }
            | Output::Shards { dir: path, .. } => {
                write!(f, "{}", path.display())
            }
            Output::Stdout => f.write_str("standard output"),
        }
    }
}

/// A command line that cannot be run; the message says what to change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// The largest `--doc-span`: the span of the other streams.
const MAX_DOC_SPAN: usize = 16 << 20;

fn usage(message: impl Into<String>) -> UsageError {
    UsageError(message.into())
}

fn set_output(value: OsString, output: &mut Option<OsString>) -> Result<(), UsageError> {
    if output.is_some() {
        return Err(usage("`-o` is given more than once"));
    }
    if value.is_empty() {
        return Err(usage("`-o` needs a file name (or `-` for standard output)"));
    }
    *output = Some(value);
    Ok(())
}

/// Parses the arguments after the program name.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, UsageError> {
    let mut args = args.into_iter();
    let mut paths = Vec::new();
    let mut output: Option<OsString> = None;
    let mut single: Option<OsString> = None;
    let mut app: Option<OsString> = None;
    let mut shards: Option<OsString> = None;
    let mut shard_articles: Option<usize> = None;
    let mut index_batch: Option<usize> = None;
    let mut doc_span: Option<usize> = None;
    let mut append = false;
    let mut merge = false;
    let mut join = false;
    let mut keep_versions: Option<usize> = None;
    let mut keep_going = false;
    let mut columns: Vec<(Field, String)> = Vec::new();
    let mut only_paths = false;

    while let Some(arg) = args.next() {
        if only_paths {
            paths.push(PathBuf::from(arg));
            continue;
        }
        match arg.to_str() {
            Some("--") => only_paths = true,
            Some("-h" | "--help") => return Ok(Command::Help),
            Some("-V" | "--version") => return Ok(Command::Version),
            Some("--keep-going") => keep_going = true,
            Some("--append") => append = true,
            Some("--merge") => merge = true,
            Some("--join") => join = true,
            Some("--keep-versions") => {
                let value = args
                    .next()
                    .and_then(|v| v.to_str()?.parse::<usize>().ok())
                    .filter(|&n| n > 0)
                    .ok_or_else(|| {
                        usage("`--keep-versions` needs a number of versions, at least 1")
                    })?;
                keep_versions = Some(value);
            }
            Some("--map") => {
                let value = args.next().unwrap_or_default();
                columns.push(column_map(&value.to_string_lossy())?);
            }
            Some("-o" | "--output") => {
                let value = args
                    .next()
                    .ok_or_else(|| usage("`-o` needs a file name (or `-` for standard output)"))?;
                set_output(value, &mut output)?;
            }
            Some(flag) if flag.starts_with("--output=") => {
                set_output(flag["--output=".len()..].into(), &mut output)?;
            }
            Some("--single-file") => {
                let value = args
                    .next()
                    .filter(|v| !v.is_empty())
                    .ok_or_else(|| usage("`--single-file` needs a file name, e.g. archive.html"))?;
                if single.replace(value).is_some() {
                    return Err(usage("`--single-file` is given more than once"));
                }
            }
            Some("--shards") => {
                let value = args
                    .next()
                    .filter(|v| !v.is_empty())
                    .ok_or_else(|| usage("`--shards` needs a folder, e.g. static/ in the site"))?;
                if shards.replace(value).is_some() {
                    return Err(usage("`--shards` is given more than once"));
                }
            }
            Some("--shard-articles") => {
                let value = args
                    .next()
                    .and_then(|v| v.to_str()?.parse::<usize>().ok())
                    .filter(|&n| n > 0)
                    .ok_or_else(|| {
                        usage("`--shard-articles` needs a number of articles, e.g. 1000")
                    })?;
                shard_articles = Some(value);
            }
            Some("--index-batch") => {
                let value = args
                    .next()
                    .and_then(|v| v.to_str()?.parse::<usize>().ok())
                    .filter(|&n| n > 0)
                    .ok_or_else(|| {
                        usage("`--index-batch` needs a number of articles, e.g. 100000")
                    })?;
                index_batch = Some(value);
            }
            Some("--doc-span") => {
                let value = args
                    .next()
                    .and_then(|v| v.to_str()?.parse::<usize>().ok())
                    .filter(|&n| (1..=MAX_DOC_SPAN).contains(&n))
                    .ok_or_else(|| {
                        usage(format!(
                            "`--doc-span` needs a number of bytes from 1 to {MAX_DOC_SPAN}, e.g. 65536"
                        ))
                    })?;
                doc_span = Some(value);
            }
            Some("--app") => {
                let value = args.next().filter(|v| !v.is_empty()).ok_or_else(|| {
                    usage("`--app` needs the folder of the built app (e.g. dist)")
                })?;
                app = Some(value);
            }
            Some("-") => return Err(usage(
                "reading from standard input is not supported; name the files or folders to read",
            )),
            Some(flag) if flag.starts_with('-') => {
                return Err(usage(format!("unknown option `{flag}`")))
            }
            _ if arg.as_encoded_bytes().starts_with(b"-") => {
                return Err(usage(format!("unknown option `{}`", arg.to_string_lossy())))
            }
            _ => paths.push(PathBuf::from(arg)),
        }
    }

    if paths.is_empty() && !(merge && shards.is_some()) {
        return Err(usage(
            "no input given: name at least one file or folder to read",
        ));
    }
    if let Some(dir) = shards {
        if output.is_some() || single.is_some() {
            return Err(usage(
                "pass one of `-o FILE`, `--single-file FILE.html` or `--shards DIR`",
            ));
        }
        if app.is_some() {
            return Err(usage("`--app` only goes with `--single-file`"));
        }
        return Ok(Command::Run(Options {
            paths,
            output: Output::Shards {
                dir: PathBuf::from(dir),
                layout: {
                    let default = crate::shards::Layout::default();
                    crate::shards::Layout {
                        shard_articles: shard_articles.unwrap_or(default.shard_articles),
                        index_batch: index_batch.unwrap_or(default.index_batch),
                        doc_span: doc_span.unwrap_or(default.doc_span),
                    }
                },
                append,
                merge,
                keep_versions,
                join,
            },
            keep_going,
            columns,
        }));
    }
    if shard_articles.is_some() {
        return Err(usage("`--shard-articles` only goes with `--shards`"));
    }
    if doc_span.is_some() {
        return Err(usage("`--doc-span` only goes with `--shards`"));
    }
    if index_batch.is_some() {
        return Err(usage("`--index-batch` only goes with `--shards`"));
    }
    if let Some(flag) = [
        (append, "--append"),
        (merge, "--merge"),
        (join, "--join"),
        (keep_versions.is_some(), "--keep-versions"),
    ]
    .iter()
    .find_map(|&(given, flag)| given.then_some(flag))
    {
        return Err(usage(format!("`{flag}` only goes with `--shards DIR`")));
    }
    let output = match (output, single) {
        (Some(_), Some(_)) => {
            return Err(usage(
                "pass either `-o FILE` or `--single-file FILE.html`, not both",
            ))
        }
        (None, Some(path)) => Output::SingleFile {
            path: PathBuf::from(path),
            app: PathBuf::from(app.unwrap_or_else(|| "dist".into())),
        },
        _ if app.is_some() => return Err(usage("`--app` only goes with `--single-file`")),
        (None, None) => {
            return Err(usage(
                "no output given: pass `-o FILE` (or `-o -` for standard output)",
            ))
        }
        (Some(o), None) if o == "-" => Output::Stdout,
        (Some(o), None) => Output::File(PathBuf::from(o)),
    };
    Ok(Command::Run(Options {
        paths,
        output,
        keep_going,
        columns,
    }))
}

/// `FIELD=COLUMN` of `--map`.
fn column_map(value: &str) -> Result<(Field, String), UsageError> {
    let fields = || {
        Field::ALL
            .iter()
            .map(|f| f.name())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (field, column) = value
        .split_once('=')
        .filter(|(_, c)| !c.trim().is_empty())
        .ok_or_else(|| {
            usage(format!(
                "`--map` needs FIELD=COLUMN, e.g. `--map title=Headline` (FIELD: {})",
                fields()
            ))
        })?;
    let field = Field::named(field).ok_or_else(|| {
        usage(format!(
            "`--map {value}`: `{field}` is not a field; FIELD is one of {}",
            fields()
        ))
    })?;
    Ok((field, column.trim().to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_strs(args: &[&str]) -> Result<Command, UsageError> {
        parse(args.iter().map(OsString::from))
    }

    fn run(paths: &[&str], output: Output, keep_going: bool) -> Command {
        Command::Run(Options {
            paths: paths.iter().map(PathBuf::from).collect(),
            output,
            keep_going,
            columns: Vec::new(),
        })
    }

    #[test]
    fn paths_and_flags_in_any_order() {
        let out = || Output::File("out.json".into());
        assert_eq!(
            parse_strs(&["a", "-o", "out.json", "b"]),
            Ok(run(&["a", "b"], out(), false))
        );
        assert_eq!(
            parse_strs(&["--keep-going", "--output", "out.json", "a"]),
            Ok(run(&["a"], out(), true))
        );
        assert_eq!(
            parse_strs(&["a", "--output=out.json"]),
            Ok(run(&["a"], out(), false))
        );
        assert_eq!(
            parse_strs(&["a", "-o", "-"]),
            Ok(run(&["a"], Output::Stdout, false))
        );
        let single = |app: &str| Output::SingleFile {
            path: "x.html".into(),
            app: app.into(),
        };
        assert_eq!(
            parse_strs(&["a", "--single-file", "x.html"]),
            Ok(run(&["a"], single("dist"), false))
        );
        assert_eq!(
            parse_strs(&["--app", "site", "a", "--single-file", "x.html"]),
            Ok(run(&["a"], single("site"), false))
        );
        assert_eq!(
            parse_strs(&["a", "--shards", "site/static"]),
            Ok(run(
                &["a"],
                Output::Shards {
                    dir: "site/static".into(),
                    layout: crate::shards::Layout::default(),
                    append: false,
                    merge: false,
                    keep_versions: None,
                    join: false,
                },
                false
            ))
        );
        assert!(parse_strs(&["a", "--shards", "s", "-o", "x.json"]).is_err());
        assert!(matches!(
            parse_strs(&["a", "--shards", "s", "--append"]),
            Ok(Command::Run(Options {
                output: Output::Shards { append: true, .. },
                ..
            }))
        ));
        assert!(parse_strs(&["a", "-o", "x.json", "--append"]).is_err());
        assert!(parse_strs(&["a", "--shards"]).is_err());
        assert_eq!(
            parse_strs(&["-o", "out.json", "--", "-a", "--keep-going"]),
            Ok(run(&["-a", "--keep-going"], out(), false))
        );
    }

    #[test]
    fn help_and_version_win() {
        assert_eq!(
            parse_strs(&["a", "--bogus", "-h"]),
            Err(usage("unknown option `--bogus`"))
        );
        assert_eq!(parse_strs(&["a", "--help", "--bogus"]), Ok(Command::Help));
        assert_eq!(parse_strs(&["-V"]), Ok(Command::Version));
    }

    #[test]
    fn usage_errors_say_what_to_change() {
        let err = |args: &[&str]| parse_strs(args).unwrap_err().0;
        assert_eq!(
            err(&[]),
            "no input given: name at least one file or folder to read"
        );
        assert_eq!(
            err(&["-o", "x"]),
            "no input given: name at least one file or folder to read"
        );
        assert_eq!(
            err(&["a"]),
            "no output given: pass `-o FILE` (or `-o -` for standard output)"
        );
        assert_eq!(
            err(&["a", "-o"]),
            "`-o` needs a file name (or `-` for standard output)"
        );
        assert_eq!(
            err(&["a", "-o", ""]),
            "`-o` needs a file name (or `-` for standard output)"
        );
        assert_eq!(
            err(&["a", "-o", "x", "-o", "y"]),
            "`-o` is given more than once"
        );
        assert_eq!(err(&["a", "-x"]), "unknown option `-x`");
        assert_eq!(
            err(&["a", "-o", "x", "--single-file", "y.html"]),
            "pass either `-o FILE` or `--single-file FILE.html`, not both"
        );
        assert_eq!(
            err(&["a", "-o", "x", "--app", "d"]),
            "`--app` only goes with `--single-file`"
        );
        assert_eq!(
            err(&["a", "--single-file"]),
            "`--single-file` needs a file name, e.g. archive.html"
        );
        assert_eq!(
            err(&["-", "-o", "x"]),
            "reading from standard input is not supported; name the files or folders to read"
        );
        for bad in ["0", "x", "99999999"] {
            assert_eq!(
                err(&["a", "--shards", "d", "--doc-span", bad]),
                "`--doc-span` needs a number of bytes from 1 to 16777216, e.g. 65536"
            );
        }
        assert_eq!(
            err(&["a", "-o", "x", "--doc-span", "64"]),
            "`--doc-span` only goes with `--shards`"
        );
    }
}
