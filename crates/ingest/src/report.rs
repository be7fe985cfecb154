//! What the user reads on standard error: one `skipped:` line per problem,
//! a `read:` line for a file with records passed over (a crawl's
//! non-articles), then a one-line summary.

use broadsheet_core::numbers::grouped;
use broadsheet_core::{FileProblem, Ignored};
use std::fmt;

/// `skipped: PATH:LINE: reason` (`PATH:LINE:COLUMN:` for JSON syntax
/// errors, `PATH:` alone when the file as a whole could not be read).
pub fn skipped(problem: &FileProblem) -> String {
    format!("skipped: {problem}")
}

/// `read: crawl.warc.gz: 311 articles, 893 records ignored (not HTML: 812,
/// not an article: 60, redirect: 21)`: what a file held besides articles,
/// each reason counted. Only for files that had such records (WARCs).
pub fn ignored_records(file: &str, articles: usize, ignored: &Ignored) -> String {
    format!(
        "read: {file}: {}, {} ({ignored})",
        count(articles, "article", "articles"),
        records_ignored(ignored)
    )
}

/// `893 records ignored`.
fn records_ignored(ignored: &Ignored) -> String {
    let n = ignored.total();
    format!("{} ignored", count_grouped(n, "record", "records"))
}

/// [`count`] with the thousands grouped.
fn count_grouped(n: usize, singular: &str, plural: &str) -> String {
    let noun = if n == 1 { singular } else { plural };
    format!("{} {noun}", broadsheet_core::numbers::grouped(n))
}

/// `languages: guessed for 1,230 articles that gave none (en 1,200, fa 30); 12 left without one (no reliable guess)`,
/// or nothing when every article gave its language.
pub fn languages_guessed(
    guessed: &[(broadsheet_core::search::Language, usize)],
    unguessed: usize,
) -> Option<String> {
    let total: usize = guessed.iter().map(|(_, n)| n).sum();
    if total == 0 && unguessed == 0 {
        return None;
    }
    let each: Vec<String> = guessed
        .iter()
        .map(|(l, n)| format!("{} {}", l.code(), broadsheet_core::numbers::grouped(*n)))
        .collect();
    let mut line = format!(
        "languages: guessed for {} that gave none",
        count_grouped(total, "article", "articles")
    );
    if !each.is_empty() {
        line += &format!(" ({})", each.join(", "));
    }
    if unguessed > 0 {
        line += &format!(
            "; {} left without one (no reliable guess, or a language Broadsheet cannot stem)",
            broadsheet_core::numbers::grouped(unguessed)
        );
    }
    Some(line)
}

/// Why a file or folder could not be read.
pub fn cannot_read(error: &std::io::Error) -> String {
    format!("cannot read: {error}")
}

/// `count` (in groups of three: `2,000`) and the noun, singular or
/// plural: `1 file`, `2 files`.
pub fn count(count: usize, singular: &str, plural: &str) -> String {
    count_grouped(count, singular, plural)
}

/// How the run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Result {
    /// The set was written to this place (a path or standard output).
    Written { to: String },
    /// Some inputs were skipped and `--keep-going` was not given.
    HeldBack,
    /// Not a single good article.
    NoArticles,
    /// Everything was fine but the output could not be written.
    WriteFailed { to: String, error: String },
}

/// The final line: `read 5 files: 3 articles written to out.json, 2 skipped`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    /// Good articles (after merging duplicates).
    pub articles: usize,
    pub skipped: usize,
    pub merged: usize,
    pub ignored: usize,
    /// Records inside the files that are not articles, by reason.
    pub ignored_records: Ignored,
    pub result: Result,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "read {}: ", count(self.files, "file", "files"))?;
        let articles = count(self.articles, "article", "articles");
        match &self.result {
            Result::Written { to } => write!(
                f,
                "{articles} written to {to}, {} skipped",
                grouped(self.skipped)
            )?,
            Result::HeldBack => write!(
                f,
                "nothing written ({} skipped; pass --keep-going to write the {} good {})",
                grouped(self.skipped),
                grouped(self.articles),
                if self.articles == 1 {
                    "article"
                } else {
                    "articles"
                }
            )?,
            Result::NoArticles if self.skipped == 0 => {
                f.write_str("no articles found, nothing written")?
            }
            Result::NoArticles => write!(
                f,
                "no articles found, nothing written ({} skipped)",
                grouped(self.skipped)
            )?,
            Result::WriteFailed { to, error } => write!(
                f,
                "{articles} found, nothing written: cannot write {to}: {error}"
            )?,
        }
        if self.merged > 0 {
            let merged = count(self.merged, "identical duplicate", "identical duplicates");
            write!(f, ", {merged} merged")?;
        }
        if self.ignored > 0 {
            write!(
                f,
                ", {} ignored ({})",
                grouped(self.ignored),
                broadsheet_core::files::NOT_READ
            )?;
        }
        if !self.ignored_records.is_empty() {
            let records = records_ignored(&self.ignored_records);
            write!(f, ", {records} ({})", self.ignored_records)?;
        }
        Ok(())
    }
}

/// Where an append wrote, and what it did: `DIR (appended: …)`.
pub fn appended(to: &str, a: &crate::append::Appended) -> String {
    let mb = |b: u64| format!("{:.1} MB", b as f64 / 1e6);
    let mut what = vec![format!("{} added", count(a.added, "article", "articles"))];
    if a.identical > 0 {
        what.push(format!("{} already there", grouped(a.identical)));
    }
    if !a.conflicts.is_empty() {
        what.push(format!(
            "{} already there as another version (kept)",
            grouped(a.conflicts.len())
        ));
    }
    let kept = format!(
        "{} kept as {}",
        count(a.kept_segments, "segment", "segments"),
        if a.kept_segments == 1 {
            "it was"
        } else {
            "they were"
        }
    );
    let segments = match a.merged_segments {
        _ if a.added == 0 && a.merged_segments == 0 => "nothing to write".to_owned(),
        0 => format!("written as a new segment; {kept}"),
        n => format!(
            "written as a new segment with the newest {} merged in; {kept}",
            count(n, "segment", "segments")
        ),
    };
    let upload = if a.written.new_files == 0 {
        "nothing to upload".to_owned()
    } else {
        format!(
            "{} written, {} to upload, the manifest last",
            count(a.written.new_files as usize, "file", "files"),
            mb(a.written.new_bytes)
        )
    };
    format!(
        "{to} (appended: {}; {segments}; now {} in {}; {upload})",
        what.join(", "),
        count(a.articles as usize, "article", "articles"),
        count(a.segments, "segment", "segments"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(
        files: usize,
        articles: usize,
        skipped: usize,
        merged: usize,
        ignored: usize,
        result: Result,
    ) -> String {
        Summary {
            files,
            articles,
            skipped,
            merged,
            ignored,
            ignored_records: Ignored::default(),
            result,
        }
        .to_string()
    }

    #[test]
    fn summaries_count_in_words() {
        let to = || Result::Written {
            to: "out.json".into(),
        };
        assert_eq!(
            summary(5, 3, 2, 0, 0, to()),
            "read 5 files: 3 articles written to out.json, 2 skipped"
        );
        assert_eq!(
            summary(1, 1, 0, 1, 1, to()),
            "read 1 file: 1 article written to out.json, 0 skipped, 1 identical duplicate merged, 1 ignored (not .txt, or .json, .jsonl, .ndjson, .csv, .tsv, .xml, .rss, .atom or .warc, plain or .gz)"
        );
        assert_eq!(
            summary(4, 2, 1, 2, 0, Result::HeldBack),
            "read 4 files: nothing written (1 skipped; pass --keep-going to write the 2 good articles), 2 identical duplicates merged"
        );
        assert_eq!(
            summary(2, 1, 1, 0, 0, Result::HeldBack),
            "read 2 files: nothing written (1 skipped; pass --keep-going to write the 1 good article)"
        );
        assert_eq!(
            summary(0, 0, 0, 0, 3, Result::NoArticles),
            "read 0 files: no articles found, nothing written, 3 ignored (not .txt, or .json, .jsonl, .ndjson, .csv, .tsv, .xml, .rss, .atom or .warc, plain or .gz)"
        );
        assert_eq!(
            summary(2, 0, 2, 0, 0, Result::NoArticles),
            "read 2 files: no articles found, nothing written (2 skipped)"
        );
        let failed = Result::WriteFailed {
            to: "/x/out.json".into(),
            error: "Permission denied (os error 13)".into(),
        };
        assert_eq!(
            summary(1, 1, 0, 0, 0, failed),
            "read 1 file: 1 article found, nothing written: cannot write /x/out.json: Permission denied (os error 13)"
        );
    }
}
