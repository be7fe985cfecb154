//! The Broadsheet ingest tool: reads seed-format text files and JSON corpora
//! and writes one article set, newest first, with every skipped input
//! reported. `main.rs` only parses the arguments and calls [`run`].

pub mod append;
pub mod args;
pub mod inputs;
pub mod join;
mod merge;
pub mod output;
pub mod read;
pub mod report;
pub mod shards;
pub mod single_file;
pub mod stories;
pub mod versions;

use args::{Options, Output};
use broadsheet_core::{ArticleSet, Batch};
use std::io::Write;
use std::process::ExitCode;

/// Exit status: the set was written (or help was shown).
pub const EXIT_OK: u8 = 0;
/// Exit status: nothing was written.
pub const EXIT_NOTHING_WRITTEN: u8 = 1;
/// Exit status: the command line is wrong.
pub const EXIT_USAGE: u8 = 2;

/// What a run produced, ready to print: `main` writes `stdout`, then the
/// `stderr` lines, then exits with `code`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub code: u8,
    pub stdout: Vec<u8>,
    pub stderr: Vec<String>,
}

impl Outcome {
    /// Text for standard output, exit 0 (`--help`).
    pub fn message(text: &str) -> Self {
        Outcome {
            code: EXIT_OK,
            stdout: text.as_bytes().to_vec(),
            stderr: Vec::new(),
        }
    }

    /// `error: …` for each problem, then the synopsis; exit 2.
    pub fn usage(errors: &[String]) -> Self {
        let mut stderr: Vec<String> = errors.iter().map(|e| format!("error: {e}")).collect();
        stderr.push(args::USAGE.to_owned());
        stderr.push("run `broadsheet-ingest --help` for details".to_owned());
        Outcome {
            code: EXIT_USAGE,
            stdout: Vec::new(),
            stderr,
        }
    }

    /// Prints the outcome and gives the exit status.
    pub fn emit(mut self) -> ExitCode {
        if !self.stdout.is_empty() {
            let mut out = std::io::stdout().lock();
            if let Err(e) = out.write_all(&self.stdout).and_then(|()| out.flush()) {
                self.stderr
                    .push(format!("error: cannot write to standard output: {e}"));
                self.code = EXIT_NOTHING_WRITTEN;
            }
        }
        let mut err = std::io::stderr().lock();
        for line in &self.stderr {
            let _ = writeln!(err, "{line}");
        }
        ExitCode::from(self.code)
    }
}

/// Reads every input, reports what was skipped and writes the set when
/// nothing was skipped (or `keep_going` is set).
pub fn run(options: &Options) -> Outcome {
    let mut problems = inputs::missing(&options.paths);
    if let Output::SingleFile { app, .. } = &options.output {
        if let Err(e) = single_file::check_app(app) {
            problems.push(e);
        }
    }
    if let Output::Shards { dir, .. } = &options.output {
        if dir.exists() && !dir.is_dir() {
            problems.push(format!(
                "the output {} is a file; --shards needs a folder",
                dir.display()
            ));
        }
    }
    if let Output::File(path) | Output::SingleFile { path, .. } = &options.output {
        if path.is_dir() {
            problems.push(format!(
                "the output {} is a folder; name a file",
                path.display()
            ));
        }
    }
    if !problems.is_empty() {
        return Outcome::usage(&problems);
    }
    if let Output::Shards {
        dir,
        join: true,
        keep_versions,
        ..
    } = &options.output
    {
        return join(dir, &options.paths, *keep_versions);
    }

    let manifest = match &options.output {
        Output::Shards { dir, .. } => Some(dir.join("articles.json")),
        _ => None,
    };
    let exclude = match &options.output {
        Output::File(path) | Output::SingleFile { path, .. } => Some(path.as_path()),
        Output::Shards { .. } => manifest.as_deref(),
        Output::Stdout => None,
    };
    // A previous run's archive parts (`cards/*.json.gz`, …) and kept
    // manifests (`manifests/`) are not input.
    let parts: Vec<std::path::PathBuf> = match &options.output {
        Output::Shards { dir, .. } => {
            use broadsheet_core::archive::ArchiveFileKind::*;
            [Cards, Bodies, Ids, Meta, Index]
                .iter()
                .filter_map(|kind| Some(dir.join(std::path::Path::new(&kind.path("")).parent()?)))
                .chain([dir.join("manifests")])
                .collect()
        }
        _ => Vec::new(),
    };
    let inputs = inputs::expand(&options.paths, exclude, &parts);
    // Writing over a file being read would lose it: refused before
    // anything is read. (The output inside an input folder is left out of
    // the inputs above; named as an input, or under another name, it is
    // this.)
    if let Some(out) = exclude.filter(|p| std::fs::metadata(p).is_ok_and(|m| m.is_file())) {
        if let Some(id) = output::FileId::of(out) {
            let clashes: Vec<String> = inputs
                .files
                .iter()
                .filter(|input| input.source.is_ok())
                .filter(|input| output::FileId::of(&input.path).as_ref() == Some(&id))
                .map(|input| {
                    format!(
                        "the output {} is also an input ({}); write to another file",
                        out.display(),
                        input.path.display()
                    )
                })
                .collect();
            if !clashes.is_empty() {
                return Outcome::usage(&clashes);
            }
        }
    }

    let mut batch = Batch::new();
    batch.ignored = inputs.ignored;
    let mut read_lines = Vec::new();
    for input in &inputs.files {
        let name = input.path.display().to_string();
        match &input.source {
            Ok(kind) => {
                let load = read::read_input(&input.path, *kind, &options.columns);
                if !load.ignored.is_empty() {
                    read_lines.push(report::ignored_records(
                        &name,
                        load.articles.len(),
                        &load.ignored,
                    ));
                }
                batch.add(&name, load)
            }
            Err(e) => batch.unreadable(&name, report::cannot_read(e)),
        }
    }
    let mut stderr: Vec<String> = batch.skipped.iter().map(report::skipped).collect();
    stderr.extend(read_lines);
    let mut outcome_lines = Vec::new();
    let (files, skipped, merged, mut good) = (
        batch.files,
        batch.skipped.len(),
        batch.merged,
        batch.articles,
    );
    // Written into what is written, so the page (which cannot guess) and
    // every index agree on each article's language.
    let (guessed, unguessed) = broadsheet_core::search::language::tag_untagged(&mut good);
    if let Some(line) = report::languages_guessed(&guessed, unguessed) {
        outcome_lines.push(line);
    }
    // Each copy of a story marked with it, when anything will be written
    // (what was read together: an append groups its new articles among
    // themselves).
    if skipped == 0 || options.keep_going {
        // Grouped in the order the page lists them, so a story found in
        // the page over the same files is the same.
        broadsheet_core::set::sort_newest_first(&mut good);
        let stories = stories::mark_copies(&mut good);
        outcome_lines.extend(stories::report(&stories));
    }

    let mut summary = report::Summary {
        files,
        articles: good.len(),
        skipped,
        merged,
        ignored: batch.ignored,
        ignored_records: batch.ignored_records.clone(),
        result: report::Result::NoArticles,
    };
    stderr.extend(outcome_lines);
    let mut outcome = Outcome {
        code: EXIT_NOTHING_WRITTEN,
        stdout: Vec::new(),
        stderr,
    };
    let merge = matches!(options.output, Output::Shards { merge: true, .. });
    if good.is_empty() && !merge {
        summary.result = report::Result::NoArticles;
    } else if skipped > 0 && !options.keep_going {
        summary.result = report::Result::HeldBack;
    } else if let Output::Shards {
        dir,
        layout,
        append,
        merge,
        keep_versions,
        ..
    } = &options.output
    {
        summary.result = if !append && !merge {
            write_archive(dir, good, layout, &options.output, &mut outcome)
        } else {
            append_archive(dir, good, layout, options, &mut summary, &mut outcome)
        };
        if let (Some(n), EXIT_OK) = (keep_versions, outcome.code) {
            remove_old_versions(dir, *n, &mut outcome);
        }
    } else {
        let bytes = ArticleSet::new(good).to_json().into_bytes();
        let to = options.output.to_string();
        summary.result = match &options.output {
            Output::Stdout => {
                outcome.stdout = bytes;
                outcome.code = EXIT_OK;
                report::Result::Written { to }
            }
            Output::Shards { .. } => unreachable!("written above"),
            Output::SingleFile { path, app } => match single_file::build(app, &bytes)
                .and_then(|page| output::write_output(path, &page).map_err(|e| e.to_string()))
            {
                Ok(()) => {
                    outcome.code = EXIT_OK;
                    report::Result::Written { to }
                }
                Err(error) => report::Result::WriteFailed { to, error },
            },
            Output::File(path) => match output::write_output(path, &bytes) {
                Ok(()) => {
                    outcome.code = EXIT_OK;
                    report::Result::Written { to }
                }
                Err(e) => report::Result::WriteFailed {
                    to,
                    error: e.to_string(),
                },
            },
        };
    }
    outcome.stderr.push(summary.to_string());
    outcome
}

/// `--shards DIR`: the whole archive written anew.
fn write_archive(
    dir: &std::path::Path,
    good: Vec<broadsheet_core::Article>,
    layout: &shards::Layout,
    output: &Output,
    outcome: &mut Outcome,
) -> report::Result {
    match shards::write_archive(dir, good, layout) {
        Ok(w) => {
            outcome.code = EXIT_OK;
            let mb = |b: u64| format!("{:.1} MB", b as f64 / 1e6);
            for path in &w.repaired {
                outcome.stderr.push(format!(
                    "repaired: {}: it did not hold what its name says, and was written again",
                    dir.join(path).display()
                ));
            }
            let repaired = match w.repaired.len() {
                0 => String::new(),
                n => format!(
                    "; {} already there but damaged, written again",
                    report::count(n, "file", "files")
                ),
            };
            report::Result::Written {
                    to: format!(
                        "{} (sharded: {} files, {}, of which the search index {} with {}; largest file {}{repaired})",
                        output,
                        w.files,
                        mb(w.bytes),
                        mb(w.index_bytes),
                        report::count(w.index_terms, "term", "terms"),
                        mb(w.largest)
                    ),
                }
        }
        Err(error) => report::Result::WriteFailed {
            to: output.to_string(),
            error,
        },
    }
}

/// `--shards DIR --append` or `--merge`: what the archive there gains.
fn append_archive(
    dir: &std::path::Path,
    good: Vec<broadsheet_core::Article>,
    layout: &shards::Layout,
    options: &Options,
    summary: &mut report::Summary,
    outcome: &mut Outcome,
) -> report::Result {
    let merge = matches!(options.output, Output::Shards { merge: true, .. });
    match append::append_archive(dir, good, layout, options.keep_going, merge) {
        Ok(a) => {
            summary.skipped += a.conflicts.len();
            for id in &a.conflicts {
                outcome.stderr.push(format!(
                        "skipped: id {id:?} is already in the archive with other content; the archive's copy is kept"
                    ));
            }
            if a.held_back {
                report::Result::HeldBack
            } else {
                outcome.code = EXIT_OK;
                summary.articles = a.added;
                report::Result::Written {
                    to: report::appended(&options.output.to_string(), &a),
                }
            }
        }
        Err(error) => report::Result::WriteFailed {
            to: options.output.to_string(),
            error,
        },
    }
}

/// `ARCHIVE... --shards DIR --join`: the archives joined, nothing read as
/// articles.
fn join(dir: &std::path::Path, archives: &[std::path::PathBuf], keep: Option<usize>) -> Outcome {
    let mut outcome = Outcome {
        code: EXIT_NOTHING_WRITTEN,
        stdout: Vec::new(),
        stderr: Vec::new(),
    };
    match join::join_archives(dir, archives) {
        Ok(j) => {
            outcome.code = EXIT_OK;
            outcome.stderr.push(format!(
                "joined {} into {}: now {} in {}; {} linked or written, {:.1} MB to upload, the manifest last",
                report::count(j.archives, "archive", "archives"),
                dir.display(),
                report::count(j.articles as usize, "article", "articles"),
                report::count(j.segments, "segment", "segments"),
                report::count(j.written.new_files as usize, "file", "files"),
                j.written.new_bytes as f64 / 1e6,
            ));
            if let Some(n) = keep {
                remove_old_versions(dir, n, &mut outcome);
            }
        }
        Err(e) => outcome
            .stderr
            .push(format!("nothing written to {}: {e}", dir.display())),
    }
    outcome
}

/// `--keep-versions N` after a successful write.
fn remove_old_versions(dir: &std::path::Path, n: usize, outcome: &mut Outcome) {
    match versions::keep_versions(dir, n) {
        Ok(r) => outcome.stderr.push(format!(
            "removed: {} ({:.1} MB) that none of the last {} names",
            report::count(r.files as usize, "file", "files"),
            r.bytes as f64 / 1e6,
            report::count(r.versions, "version", "versions"),
        )),
        Err(e) => {
            outcome.code = EXIT_NOTHING_WRITTEN;
            outcome
                .stderr
                .push(format!("error: the old versions' files were left: {e}"));
        }
    }
}
