//! WARC 1.0/1.1 files (a web crawl: Common Crawl's CC-NEWS, any web
//! archive), read a record at a time as their bytes arrive.
//!
//! Each record is a header block (CRLF lines, LF accepted), a block of
//! `Content-Length` bytes, then two CRLFs. Only one record is held at a
//! time, and only when it may be an article (a `response`) no larger than
//! the record limit; everything else streams past without being kept, so
//! a crawl of any size is read in the memory of its largest kept record.
//!
//! - [`header`]: a record's header block.
//! - [`http`]: a response record's HTTP message: status, chunks, gzip.
//! - [`charset`]: its bytes as text (UTF-8, Latin-1 / windows-1252).
//! - [`page`]: an HTML page into an article (title, dates, outlet, …),
//!   around the main-text extractor ([`main_text`]), passed in.
//!
//! What is not an article is not an error: requests, `warcinfo`,
//! metadata, images, redirects, home pages are counted by reason in
//! [`FileLoad::ignored`]. Problems (a bad header, a cut record) are
//! located by record: a problem's line number is the record's 1-based
//! number in the file, and its message starts `record N (byte B):`, B the
//! record's first byte in the (unzipped) file. Records before and after a
//! bad one are kept; after a header whose length is unknown, reading goes
//! on at the next line starting `WARC/1.`.

pub mod charset;
pub mod header;
pub mod html_scan;
pub mod http;
pub mod main_text;
pub mod page;

use crate::article::Article;
use crate::files::{FileLoad, Ignored, Problem};
use crate::numbers::{file_size, grouped};
use crate::set::{accept_article, Dedup, LoadedArticles};
use header::{RecordHeader, MAX_HEADER_BYTES};
use main_text::MainTextFn;
use std::collections::HashSet;

/// Why a page read again is passed over: crawls capture a page more than
/// once (the same URL, so the same id); the first capture is kept.
pub const RECAPTURE: &str = "another capture of a page already read";

/// What starts a WARC file (and every record): `WARC/1.0`, `WARC/1.1`.
pub const WARC_MAGIC: &[u8] = b"WARC/1.";

/// Reads a WARC file's records as its bytes arrive; see the module's text.
pub struct WarcReader {
    record_limit: usize,
    main_text: MainTextFn,
    part: Part,
    /// Bytes read so far (of the unzipped file).
    offset: u64,
    /// Records begun so far; the one being read is this number.
    records: usize,
    /// Where the record being read began.
    record_start: u64,
    dedup: Dedup<usize>,
    /// Ids of the articles kept: a page captured again (the same URL, so
    /// the same id) is a re-capture, counted, not a conflict.
    kept_ids: HashSet<String>,
    loaded: LoadedArticles,
    problems: Vec<Problem>,
    ignored: Ignored,
    /// The most bytes of one record held at once (its header block, or
    /// its block when kept): what the fuzz checks bound.
    most_held: usize,
}

/// Where the reader is.
enum Part {
    /// Between records, or in a header block: its bytes so far.
    Header(Vec<u8>),
    /// In a record's block: its header, the bytes still to come, and the
    /// bytes so far when they are kept.
    Block {
        header: RecordHeader,
        left: u64,
        kept: Option<Vec<u8>>,
    },
    /// After a header that gave no length: looking for the next line that
    /// starts with `WARC/1.`; the last bytes seen (a match may straddle
    /// two pushes).
    Lost(Vec<u8>),
}

impl WarcReader {
    /// A reader that keeps no record over `record_limit` bytes (larger
    /// ones are read past and counted as ignored) and finds each page's
    /// text with `main_text`.
    pub fn new(record_limit: usize, main_text: MainTextFn) -> Self {
        WarcReader {
            record_limit,
            main_text,
            part: Part::Header(Vec::new()),
            offset: 0,
            records: 0,
            record_start: 0,
            dedup: Dedup::default(),
            kept_ids: HashSet::new(),
            loaded: LoadedArticles::default(),
            problems: Vec::new(),
            ignored: Ignored::default(),
            most_held: 0,
        }
    }

    /// The most bytes of one record held at once so far: never over the
    /// record limit or [`MAX_HEADER_BYTES`] (and one), whichever is more.
    pub fn most_held(&self) -> usize {
        self.most_held
    }

    /// The number of the record being read (where a stream that stops
    /// now stops), at least 1.
    pub fn record_number(&self) -> usize {
        self.records.max(1)
    }

    /// Takes the next bytes of the file.
    pub fn push(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            let used = match &mut self.part {
                Part::Header(kept) => {
                    if kept.is_empty() {
                        // The CRLFs after a record, and any blank lines.
                        let blank = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
                        if blank > 0 {
                            self.advance(blank);
                            bytes = &bytes[blank..];
                            continue;
                        }
                        self.records += 1;
                        self.record_start = self.offset;
                    }
                    self.read_header(bytes)
                }
                Part::Block { left, kept, .. } => {
                    let n = bytes
                        .len()
                        .min(usize::try_from(*left).unwrap_or(usize::MAX));
                    if let Some(kept) = kept {
                        kept.extend_from_slice(&bytes[..n]);
                        self.most_held = self.most_held.max(kept.len());
                    }
                    *left -= n as u64;
                    if *left == 0 {
                        let Part::Block { header, kept, .. } =
                            std::mem::replace(&mut self.part, Part::Header(Vec::new()))
                        else {
                            unreachable!("in a block")
                        };
                        self.end_record(header, kept);
                    }
                    n
                }
                Part::Lost(tail) => {
                    let seen = tail.len();
                    let mut window = std::mem::take(tail);
                    let look = bytes.len().min(64 * 1024);
                    window.extend_from_slice(&bytes[..look]);
                    match find_record_start(&window) {
                        Some(at) if at >= seen => {
                            self.part = Part::Header(Vec::new());
                            at - seen
                        }
                        Some(at) => {
                            // It began in the bytes kept from the last push.
                            self.records += 1;
                            self.record_start = self.offset - (seen - at) as u64;
                            self.part = Part::Header(window[at..seen].to_vec());
                            0
                        }
                        None => {
                            let keep = window.len().min(WARC_MAGIC.len());
                            window.drain(..window.len() - keep);
                            self.part = Part::Lost(window);
                            look
                        }
                    }
                }
            };
            self.advance(used);
            bytes = &bytes[used..];
        }
    }

    fn advance(&mut self, n: usize) {
        self.offset += n as u64;
    }

    /// Reads header bytes: how many of `bytes` it took.
    fn read_header(&mut self, bytes: &[u8]) -> usize {
        let Part::Header(kept) = &mut self.part else {
            unreachable!("in a header")
        };
        let before = kept.len();
        let room = MAX_HEADER_BYTES + 1 - before;
        let take = bytes.len().min(room);
        kept.extend_from_slice(&bytes[..take]);
        self.most_held = self.most_held.max(kept.len());
        let seen = kept.len().min(WARC_MAGIC.len());
        if kept[..seen] != WARC_MAGIC[..seen] {
            // Not consumed: the search for the next record starts here.
            // (What it starts with is not quoted: how much has come
            // depends on how the file arrives.)
            let tail = kept[before.saturating_sub(WARC_MAGIC.len())..before].to_vec();
            self.problem("not a WARC record: no `WARC/1.0` or `WARC/1.1` where a record starts");
            self.part = Part::Lost(tail);
            return 0;
        }
        match header::block_end(kept, before.saturating_sub(3)) {
            Some(end) => {
                let used = end - before;
                kept.truncate(end);
                let block = std::mem::take(kept);
                self.begin_block(&block);
                used
            }
            None if kept.len() > MAX_HEADER_BYTES => {
                let tail = kept[kept.len() - WARC_MAGIC.len()..].to_vec();
                self.lose(
                    tail,
                    format!(
                        "its header block is over {} with no end",
                        file_size(MAX_HEADER_BYTES)
                    ),
                );
                take
            }
            None => take,
        }
    }

    /// A header block has been read: on to its record's block.
    fn begin_block(&mut self, block: &[u8]) {
        let header = match RecordHeader::parse(block) {
            Ok(header) => header,
            Err(why) => return self.lose(Vec::new(), why),
        };
        let keep = header.is_response() && header.length <= self.record_limit as u64;
        if header.length == 0 {
            return self.end_record(header, keep.then(Vec::new));
        }
        self.part = Part::Block {
            left: header.length,
            // Grown as the bytes come, not reserved from what the header
            // claims (a limit of usize::MAX reads any claim).
            kept: keep.then(|| Vec::with_capacity(header.length.min(1 << 16) as usize)),
            header,
        };
    }

    /// A problem with the record being read, whose length is not known:
    /// reading goes on at the next record, looked for after `tail`.
    fn lose(&mut self, tail: Vec<u8>, why: String) {
        self.problem(why);
        self.part = Part::Lost(tail);
    }

    fn problem(&mut self, why: impl std::fmt::Display) {
        let (number, start) = (self.record_number(), self.record_start);
        self.problems.push(Problem::at(
            number,
            format!("record {number} (byte {}): {why}", grouped_u64(start)),
        ));
    }

    /// A whole record has been read: an article, or counted as ignored.
    fn end_record(&mut self, header: RecordHeader, kept: Option<Vec<u8>>) {
        let (number, start) = (self.records, self.record_start);
        if !header.is_response() {
            return self.ignored.add(&format!(
                "{} record",
                header.kind.as_deref().unwrap_or("untyped")
            ));
        }
        let Some(block) = kept else {
            return self.ignored.add(&header::over_limit(self.record_limit));
        };
        let page = match http::web_page(&block, self.record_limit) {
            Ok(page) => page,
            Err(http::NotRead::Ignored(reason)) => return self.ignored.add(&reason),
            Err(http::NotRead::Problem(why)) => return self.problem(why),
        };
        drop(block);
        let captured = header.date.as_deref().and_then(super::parse_date);
        let url = header.target_uri.as_deref().unwrap_or_default();
        let article = match page::web_page_article(url, captured, &page, self.main_text) {
            Ok(article) => article,
            Err(reason) => return self.ignored.add(reason),
        };
        if self.kept_ids.contains(&article.id) {
            return self.ignored.add(RECAPTURE);
        }
        let (skipped, kept) = (self.loaded.skipped.len(), self.loaded.articles.len());
        let id = article.id.clone();
        accept_article(article, number, number, &mut self.dedup, &mut self.loaded);
        if self.loaded.articles.len() > kept {
            self.kept_ids.insert(id);
        }
        if let Some(skip) = self.loaded.skipped.drain(skipped..).next() {
            let id = skip
                .id
                .map(|id| format!(" (id {id:?})"))
                .unwrap_or_default();
            self.problems.push(Problem::at(
                number,
                format!(
                    "record {number} (byte {}){id}: {}",
                    grouped_u64(start),
                    skip.reason
                ),
            ));
        }
    }

    /// The articles kept since the last call, each with its record's
    /// number: a caller showing progress takes them as they come. (Ids
    /// already seen stay known, so the duplicate rule still holds.)
    pub fn take_articles(&mut self) -> Vec<(Article, usize)> {
        let articles = std::mem::take(&mut self.loaded.articles);
        let lines = std::mem::take(&mut self.loaded.lines);
        articles.into_iter().zip(lines).collect()
    }

    /// What the file gave: its articles (each at its record's number), the
    /// problems, and what was ignored, by reason.
    pub fn finish(mut self) -> FileLoad {
        match std::mem::replace(&mut self.part, Part::Header(Vec::new())) {
            Part::Header(kept) if !kept.is_empty() => {
                self.problem("cut short: the file ends inside its header block")
            }
            Part::Block { header, left, .. } => self.problem(format!(
                "cut short: Content-Length says {} bytes, {} came",
                grouped_u64(header.length),
                grouped_u64(header.length - left)
            )),
            Part::Header(_) | Part::Lost(_) => {}
        }
        FileLoad {
            articles: self
                .loaded
                .articles
                .into_iter()
                .zip(self.loaded.lines)
                .collect(),
            problems: self.problems,
            merged: self.loaded.identical_duplicates,
            ignored: self.ignored,
        }
    }
}

/// Where the next record starts in `bytes`: a `WARC/1.` at a line's start.
fn find_record_start(bytes: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = bytes[from..]
        .windows(WARC_MAGIC.len())
        .position(|w| w == WARC_MAGIC)
    {
        let at = from + at;
        if at > 0 && bytes[at - 1] == b'\n' {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// `n` with its thousands grouped (`1,203,441`), as [`grouped`] does, for
/// offsets past `usize` on wasm32.
fn grouped_u64(n: u64) -> String {
    match usize::try_from(n) {
        Ok(n) => grouped(n),
        Err(_) => grouped((n / 1000) as usize) + &format!(",{:03}", n % 1000),
    }
}

/// What [`RecordsFile`](super::records_file::RecordsFile) asks of a
/// crawl's reader. A trait object, made only by a [`CrawlReaderFn`] the
/// caller passes in: a build that never passes one (the page's own wasm,
/// which hands crawls to its crawl reader) links neither this reader nor
/// the extractor.
pub trait CrawlReader {
    fn push(&mut self, bytes: &[u8]);
    /// The record being read (where a problem with the stream is).
    fn record_number(&self) -> usize;
    /// The articles kept since the last call, each with its record's
    /// number (what [`finish`](Self::finish) gives then lacks them).
    fn take_articles(&mut self) -> Vec<(Article, usize)>;
    fn finish(self: Box<Self>) -> FileLoad;
}

/// Makes a crawl's reader that keeps no record over `record_limit` bytes.
pub type CrawlReaderFn = fn(record_limit: usize) -> Box<dyn CrawlReader>;

impl CrawlReader for WarcReader {
    fn push(&mut self, bytes: &[u8]) {
        WarcReader::push(self, bytes);
    }

    fn record_number(&self) -> usize {
        WarcReader::record_number(self)
    }

    fn take_articles(&mut self) -> Vec<(Article, usize)> {
        WarcReader::take_articles(self)
    }

    fn finish(self: Box<Self>) -> FileLoad {
        WarcReader::finish(*self)
    }
}

/// The crawl reader with the readability extractor
/// ([`main_text::readable_main_text`]): what the CLI and the page's crawl
/// reader pass to `RecordsFile::with_web_pages`.
#[cfg(feature = "web-pages")]
pub fn readable_crawl_reader(record_limit: usize) -> Box<dyn CrawlReader> {
    Box::new(WarcReader::new(record_limit, main_text::readable_main_text))
}

#[cfg(test)]
mod tests;
