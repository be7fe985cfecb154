//! The streaming reader: a set read as its bytes arrive, a line-per-record
//! file (our own layout, or JSON Lines of records) parsed line by line, any
//! other layout kept whole and read at the end.

use super::dedup::Dedup;
use super::load::parse_records;
use super::record::take_record;
use super::{oversized_record, LoadedArticles, SetError, SkippedRecord};
use crate::article::Article;

/// The first line of a set written by [`ArticleSet::to_json`](super::ArticleSet::to_json),
/// around its version: every version was written this way, so each is
/// read line by line.
const HEADER_BEFORE_VERSION: &str = "{\"format\":\"broadsheet-article-set\",\"version\":";
const HEADER_AFTER_VERSION: &str = ",\"articles\":[";

/// Whether `first_line` (without its `\n`) opens a set laid out one
/// record per line, which [`ArticleSetReader`] reads a line at a time.
pub fn is_line_per_record_header(first_line: &[u8]) -> bool {
    let first = first_line
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(first_line);
    let first = first.trim_ascii();
    first
        .strip_prefix(HEADER_BEFORE_VERSION.as_bytes())
        .and_then(|rest| rest.strip_suffix(HEADER_AFTER_VERSION.as_bytes()))
        .is_some_and(|version| {
            (1..=super::SET_VERSION).any(|v| version == v.to_string().as_bytes())
        })
}

/// Whether `first_line` (without its `\n`) is a record on a line of its
/// own, as JSON Lines (`.jsonl`, `.ndjson`) have them: a JSON object that
/// is not a set's envelope. (A file of one object on one line reads the
/// same either way.)
pub fn is_json_lines_start(first_line: &[u8]) -> bool {
    #[derive(serde::Deserialize)]
    struct Probe {
        format: Option<serde::de::IgnoredAny>,
        articles: Option<serde::de::IgnoredAny>,
    }
    let first = first_line
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(first_line)
        .trim_ascii();
    first.starts_with(b"{")
        && first.ends_with(b"}")
        && serde_json::from_slice::<Probe>(first)
            .is_ok_and(|p| p.format.is_none() && p.articles.is_none())
}

/// Whether a file whose first line is `first_line` is read a line at a
/// time (so its size is bounded per record, not as a whole).
pub fn is_read_by_line(first_line: &[u8]) -> bool {
    is_line_per_record_header(first_line) || is_json_lines_start(first_line)
}

/// The most a line's buffer keeps for the next line.
const REUSED_LINE_BYTES: usize = 64 * 1024;

/// The first `\n` in `bytes`, looked for 8 bytes at a time (wasm has no
/// memchr of its own, and a set is read a line at a time).
fn find_newline(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut chunks = bytes.chunks_exact(8);
    for (i, c) in (&mut chunks).enumerate() {
        let x = u64::from_le_bytes(c.try_into().expect("8 bytes")) ^ (ONES * u64::from(b'\n'));
        // The lowest byte flagged is the first zero byte of `x` (a flag
        // above a zero byte may be false; the lowest never is).
        let zero = x.wrapping_sub(ONES) & !x & (ONES << 7);
        if zero != 0 {
            return Some(8 * i + zero.trailing_zeros() as usize / 8);
        }
    }
    let rest = chunks.remainder();
    let at = bytes.len() - rest.len();
    rest.iter().position(|&b| b == b'\n').map(|p| at + p)
}

/// Reads an article set as its bytes arrive (e.g. from a streamed
/// download), so the whole file never has to sit in memory next to its
/// articles. Sets written by `broadsheet-ingest` ([`ArticleSet::to_json`](super::ArticleSet::to_json))
/// have one record per line: those lines are parsed as they complete and
/// their bytes dropped. Any other layout is kept whole and read at
/// [`finish`](Self::finish) by [`parse_article_records`](super::parse_article_records), with the same
/// result either way for the files `broadsheet-ingest` writes. Once the
/// first line is that layout's header, every line is one record on its own:
/// a damaged line loses only itself (where a whole-file parse would stop at
/// it), and text after the closing `]}` is reported, not read.
pub struct ArticleSetReader {
    mode: ReaderMode,
    /// An unfinished line (line mode) or everything so far (whole mode).
    pending: Vec<u8>,
    /// 1-based number of the next line to complete.
    line: usize,
    records: usize,
    /// Articles handed out by `take_articles`.
    taken: usize,
    ended: bool,
    dedup: Dedup<usize>,
    loaded: LoadedArticles,
    /// Bytes a file read whole may have.
    limit: usize,
    /// Bytes a single record may have (in either layout).
    record_limit: usize,
    /// The whole file went over `limit` (whole mode), or the current line
    /// went over `record_limit` (line mode): its bytes are dropped, not kept.
    over_limit: bool,
    /// Text came after the closing `]}` (reported once).
    after_end: bool,
}

#[derive(PartialEq)]
enum ReaderMode {
    /// Before the first line is complete.
    Start,
    /// Our own line-per-record layout, between its header and `]}`.
    Lines,
    /// JSON Lines: every line with text is a record.
    JsonLines,
    Whole,
}

impl Default for ArticleSetReader {
    fn default() -> Self {
        ArticleSetReader {
            mode: ReaderMode::Start,
            pending: Vec::new(),
            line: 1,
            records: 0,
            taken: 0,
            ended: false,
            dedup: Dedup::default(),
            loaded: LoadedArticles::default(),
            limit: usize::MAX,
            record_limit: usize::MAX,
            over_limit: false,
            after_end: false,
        }
    }
}

impl ArticleSetReader {
    pub fn new() -> Self {
        Self::default()
    }

    /// A reader that holds at most `limit` bytes at a time: a file in a
    /// layout that must be read whole is refused past it
    /// ([`SetError::TooLargeToReadWhole`]), and a single line-per-record
    /// record past it is skipped. The page uses this so that no single
    /// parse can freeze it; up to the limit the result is the same.
    pub fn with_limit(limit: usize) -> Self {
        Self::with_limits(limit, limit)
    }

    /// A reader that keeps at most `whole` bytes of a file in a layout
    /// that must be read whole, and skips any record over `record` bytes
    /// in either layout (with the words [`with_limit`](Self::with_limit)'s
    /// reader uses). `broadsheet-ingest`, which converts large files into
    /// the line-per-record layout, reads with a larger `whole` than the
    /// page and the same `record`.
    pub fn with_limits(whole: usize, record: usize) -> Self {
        ArticleSetReader {
            limit: whole.max(record),
            record_limit: record,
            ..Self::default()
        }
    }

    /// Whether the file has already gone over the limit of a file read
    /// whole: [`finish`](Self::finish) will refuse it, so the rest need
    /// not be read.
    pub fn refused(&self) -> bool {
        self.over_limit && !self.by_line()
    }

    /// Whether the file is kept whole until its end (not known to be read
    /// a record per line, as far as it has been read).
    pub fn reads_whole(&self) -> bool {
        !self.by_line()
    }

    /// Whether the file is read a record per line.
    fn by_line(&self) -> bool {
        matches!(self.mode, ReaderMode::Lines | ReaderMode::JsonLines)
    }

    /// Articles read so far (line mode only; whole mode reads at the end),
    /// including those already taken by [`take_articles`](Self::take_articles).
    pub fn articles_so_far(&self) -> usize {
        self.taken + self.loaded.articles.len()
    }

    /// The articles completed since the last call, in file order (line
    /// mode; a file read whole gives its articles at [`finish`](Self::finish)).
    /// A page shows them while the rest downloads; `finish` then returns
    /// only the articles not taken yet, with the same skips and merges.
    pub fn take_articles(&mut self) -> Vec<Article> {
        self.taken += self.loaded.articles.len();
        self.loaded.lines.clear();
        std::mem::take(&mut self.loaded.articles)
    }

    /// Takes the next bytes of the file.
    pub fn push(&mut self, mut chunk: &[u8]) {
        while !chunk.is_empty() {
            if self.mode == ReaderMode::Whole {
                self.keep(chunk);
                return;
            }
            match find_newline(chunk) {
                None => {
                    self.keep(chunk);
                    return;
                }
                Some(end) if self.by_line() && self.pending.is_empty() && !self.over_limit => {
                    // The whole line is in this chunk (the common case):
                    // read where it lies, with no copy into `pending`.
                    if end > self.record_limit {
                        self.skip_oversized_line();
                    } else {
                        self.read_line(&chunk[..end]);
                    }
                    chunk = &chunk[end + 1..];
                }
                Some(end) => {
                    self.keep(&chunk[..end]);
                    chunk = &chunk[end + 1..];
                    let line = std::mem::take(&mut self.pending);
                    if std::mem::take(&mut self.over_limit) && self.by_line() {
                        self.skip_oversized_line();
                    } else {
                        self.complete_line(line);
                    }
                }
            }
        }
    }

    /// Adds to `pending`, unless that would take it past the limit.
    fn keep(&mut self, bytes: &[u8]) {
        if self.over_limit {
            return;
        }
        let limit = match self.mode {
            ReaderMode::Lines | ReaderMode::JsonLines => self.record_limit,
            ReaderMode::Start | ReaderMode::Whole => self.limit,
        };
        if self.pending.len() + bytes.len() > limit {
            self.over_limit = true;
            self.pending = Vec::new();
            if self.mode == ReaderMode::Start {
                // Not the layout that can be read line by line.
                self.mode = ReaderMode::Whole;
            }
            return;
        }
        self.pending.extend_from_slice(bytes);
    }

    fn skip_oversized_line(&mut self) {
        let number = self.line;
        self.line += 1;
        self.records += 1;
        self.loaded.skipped.push(SkippedRecord {
            record: self.records,
            line: number,
            id: None,
            reason: oversized_record(self.record_limit),
        });
    }

    fn complete_line(&mut self, line: Vec<u8>) {
        if self.mode == ReaderMode::Start {
            if is_line_per_record_header(&line) {
                self.mode = ReaderMode::Lines;
                self.line += 1;
            } else if is_json_lines_start(&line) {
                self.mode = ReaderMode::JsonLines;
                self.read_line(&line);
            } else {
                // Another layout: keep everything and read it whole.
                self.mode = ReaderMode::Whole;
                self.pending = line;
                self.pending.push(b'\n');
            }
            return;
        }
        self.read_line(&line);
        // Its buffer holds the next line (no growing from empty each
        // time), unless a long line made it large.
        if self.pending.is_empty() && line.capacity() <= REUSED_LINE_BYTES {
            self.pending = line;
            self.pending.clear();
        }
    }

    /// One complete line of a line-per-record set (without its `\n`).
    fn read_line(&mut self, line: &[u8]) {
        let number = self.line;
        self.line += 1;
        let text = line.trim_ascii();
        if text.is_empty() {
            return;
        }
        let json_lines = self.mode == ReaderMode::JsonLines;
        if text == b"]}" && !self.ended && !json_lines {
            self.ended = true;
            return;
        }
        if self.ended {
            // Nothing belongs after the set's end; say so once, keep nothing.
            if !self.after_end {
                self.after_end = true;
                self.loaded.skipped.push(SkippedRecord {
                    record: self.records + 1,
                    line: number,
                    id: None,
                    reason: "text after the end of the set (`]}`) is not read".into(),
                });
            }
            return;
        }
        let text = match json_lines {
            true => text
                .strip_prefix(b"\xEF\xBB\xBF".as_slice())
                .unwrap_or(text),
            false => text.strip_suffix(b",").unwrap_or(text),
        };
        self.records += 1;
        match std::str::from_utf8(text) {
            Ok(text) => take_record(
                text,
                self.records,
                number,
                &mut self.dedup,
                &mut self.loaded,
            ),
            Err(e) => self.loaded.skipped.push(SkippedRecord {
                record: self.records,
                line: number,
                id: None,
                reason: format!(
                    "not UTF-8 text (invalid byte at column {})",
                    e.valid_up_to() + 1
                ),
            }),
        }
    }

    /// Ends the file: the articles and what was skipped, or why the whole
    /// file is not an article set.
    pub fn finish(mut self) -> Result<LoadedArticles, SetError> {
        match self.mode {
            ReaderMode::Lines | ReaderMode::JsonLines => {
                if std::mem::take(&mut self.over_limit) {
                    self.skip_oversized_line();
                } else if !self.pending.is_empty() {
                    let line = std::mem::take(&mut self.pending);
                    self.complete_line(line);
                }
                if !self.ended && self.mode == ReaderMode::Lines {
                    // A cut download: keep what arrived, and say so.
                    self.loaded.skipped.push(SkippedRecord {
                        record: self.records + 1,
                        line: self.line.saturating_sub(1).max(1),
                        id: None,
                        reason: "the file ends before its closing `]}`: the rest of the set is missing (was the download cut short?)".into(),
                    });
                }
                Ok(self.loaded)
            }
            _ if self.over_limit => Err(SetError::TooLargeToReadWhole { limit: self.limit }),
            ReaderMode::Start | ReaderMode::Whole => match String::from_utf8(self.pending) {
                Ok(text) => parse_records(&text, self.record_limit),
                Err(e) => {
                    let at = e.utf8_error().valid_up_to();
                    let bytes = e.into_bytes();
                    let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
                    let line_start = bytes[..at]
                        .iter()
                        .rposition(|&b| b == b'\n')
                        .map_or(0, |i| i + 1);
                    Err(SetError::Json {
                        line,
                        column: 1 + at - line_start,
                        message: format!("not UTF-8 text (invalid byte at offset {at})"),
                    })
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first line of a set this build writes.
    const CANONICAL_HEADER: &str =
        "{\"format\":\"broadsheet-article-set\",\"version\":3,\"articles\":[";

    fn record(id: &str, lead_len: usize) -> String {
        format!(
            r#"{{"id":"{id}","title":"T","published":"2021-09-01","lead":"{}"}}"#,
            "x".repeat(lead_len)
        )
    }

    fn read(limits: (usize, usize), text: &str, chunk: usize) -> ArticleSetReader {
        let mut reader = ArticleSetReader::with_limits(limits.0, limits.1);
        for piece in text.as_bytes().chunks(chunk) {
            reader.push(piece);
        }
        reader
    }

    #[test]
    fn the_first_newline_is_found_wherever_it_is() {
        for len in 0..40 {
            for at in 0..=len {
                // Bytes just below and above `\n`, and high bytes, around it.
                let mut bytes: Vec<u8> = (0..len).map(|i| [9u8, 11, 0x8A, b'x'][i % 4]).collect();
                if at < len {
                    bytes[at] = b'\n';
                    bytes.extend_from_slice(b"\n");
                }
                let want = bytes.iter().position(|&b| b == b'\n');
                assert_eq!(find_newline(&bytes), want, "{bytes:?}");
            }
        }
    }

    #[test]
    fn a_record_over_the_record_limit_is_skipped_in_either_layout() {
        let (small, big) = (record("a", 10), record("big", 200));
        let lines = format!("{CANONICAL_HEADER}\n{small},\n{big}\n]}}\n");
        let whole = format!("[{small},\n{big}]");
        // The big record starts on line 3 of the one, line 2 of the other.
        for (text, line) in [(&lines, 3), (&whole, 2)] {
            for chunk in [1, 7, 4096] {
                let loaded = read((10_000, 150), text, chunk).finish().unwrap();
                assert_eq!(loaded.articles.len(), 1, "{text}");
                let skipped: Vec<String> = loaded.skipped.iter().map(|s| s.to_string()).collect();
                assert_eq!(
                    skipped,
                    [format!("line {line}: record 2: {}", oversized_record(150))]
                );
            }
        }
        // The page's reader (one limit for both) says the same.
        let page = read((150, 150), &lines, 64).finish().unwrap();
        assert_eq!(page.skipped[0].reason, oversized_record(150));
    }

    #[test]
    fn a_whole_layout_over_the_whole_limit_is_refused_as_soon_as_it_is_over() {
        let whole = format!("[{}]", vec![record("a", 50); 20].join(",\n"));
        let reader = read((1_000, 150), &whole[..990], 64);
        assert!(!reader.refused());
        let reader = read((1_000, 150), &whole, 64);
        assert!(reader.refused());
        assert_eq!(
            reader.finish().unwrap_err(),
            SetError::TooLargeToReadWhole { limit: 1_000 }
        );
        // Line by line, the whole limit does not apply.
        let lines = format!(
            "{CANONICAL_HEADER}\n{}\n]}}\n",
            vec![record("a", 50); 20].join(",\n")
        );
        let reader = read((1_000, 150), &lines, 64);
        assert!(!reader.refused());
        let loaded = reader.finish().unwrap();
        assert_eq!((loaded.articles.len(), loaded.skipped.len()), (1, 0));
        assert!(is_line_per_record_header(
            format!("\u{feff}{CANONICAL_HEADER} ").as_bytes()
        ));
    }

    #[test]
    fn articles_taken_as_they_arrive_are_those_a_whole_read_gives() {
        // A duplicate (identical: merged; different: skipped) and a bad
        // record, cut at every chunk size: what was taken plus what
        // `finish` gives equals a read that takes nothing.
        let (a, b, c) = (record("a", 5), record("b", 5), record("c", 5));
        let a2 = record("a", 6);
        let lines =
            format!("{CANONICAL_HEADER}\n{a},\n{b},\n{a},\n{{\"id\":1}},\n{a2},\n{c}\n]}}\n");
        let whole = read((10_000, 10_000), &lines, 4096).finish().unwrap();
        for chunk in [1, 3, 17, 64, 4096] {
            let mut reader = ArticleSetReader::new();
            let mut taken = Vec::new();
            for piece in lines.as_bytes().chunks(chunk) {
                reader.push(piece);
                taken.extend(reader.take_articles());
                assert_eq!(reader.articles_so_far(), taken.len());
            }
            let rest = reader.finish().unwrap();
            assert!(rest.articles.is_empty() && rest.lines.is_empty());
            assert_eq!(taken, whole.articles);
            assert_eq!(rest.skipped, whole.skipped);
            assert_eq!(rest.identical_duplicates, whole.identical_duplicates);
        }
        // A set read whole gives nothing until `finish`.
        let mut reader = ArticleSetReader::new();
        reader.push(format!("[{a},\n{b}]").as_bytes());
        assert!(reader.take_articles().is_empty());
        assert_eq!(reader.finish().unwrap().articles.len(), 2);
    }
}
