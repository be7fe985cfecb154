//! A file of records, whatever wrote it, read as its bytes arrive: its
//! first bytes say what it is, not its name.
//!
//! | first byte (after a BOM and blanks) | read as |
//! |---|---|
//! | `{` or `[` | JSON: an article set, an array, one record, JSON Lines; ours or a scraper's ([`ArticleSetReader`], [`scraped`](super::scraped)) |
//! | `<` | XML, read whole: RSS and Atom feeds, trafilatura's XML ([`read_xml`](super::feed::read_xml)) |
//! | `WARC/1.` | a WARC crawl, a record at a time ([`WarcReader`](super::warc::WarcReader), when the caller passes it: [`RecordsFile::with_web_pages`]) |
//! | anything else | a table with a header row ([`TableReader`]; a tab for `.tsv`) |
//!
//! A file that starts with gzip's magic bytes (`1f 8b`, whatever its name)
//! is unzipped as its bytes arrive ([`GunzipStream`]) and its unzipped
//! text told and read as above: a `.jsonl.gz` is still read a line at a
//! time, its first records given before its end, and a name hint holds
//! through the `.gz` (`export.tsv.gz` is read with tabs). The limits (a
//! record's size, a file read whole) are of the unzipped bytes, which stop
//! at [`MAX_OPEN_BYTES`] in all (a gzip bomb); problems are located by
//! lines of the unzipped text. A stream cut short, corrupt, or too large
//! keeps the records before where it stopped, and says so at the line it
//! stopped on.
//!
//! A WARC is the exception to the unzipped total: it is read a record at a
//! time and keeps none but the one it reads (at most the record limit), so
//! once its first line says it is one the stream's limit is lifted, and a
//! crawl of many GB streams through. Its problems are located by record
//! number (see [`super::warc`]).

use super::feed::read_xml;
use super::table::{separator_of, Field, TableReader};
use super::warc::{CrawlReader, CrawlReaderFn, WARC_MAGIC};
use crate::article::Article;
use crate::files::{FileLoad, Problem};
use crate::gunzip::{GunzipError, GunzipStream, CUT_SHORT, GZIP_MAGIC};
use crate::limits::MAX_OPEN_BYTES;
use crate::set::{ArticleSetReader, SetError};

/// Why a WARC crawl is refused by a reader not made to read its pages
/// (the page's own: it hands files named `.warc` and `.warc.gz` to its
/// crawl reader, so this is a crawl under another name).
pub const WARC_NOT_HERE: &str =
    "a WARC crawl: Broadsheet reads crawls from files named .warc or .warc.gz";

/// How much of a file is looked at before deciding (the first line, or
/// this much of it).
const SNIFF_BYTES: usize = 64 * 1024;

/// Compressed bytes handed to the gunzip stream at a time, so that the
/// file's kind is known (and a WARC's limit lifted) before its total can
/// pass the limit: 64 KB unzip to 66 MB at most.
const GZIP_PIECE: usize = 64 * 1024;

/// Reads one file of records, gzipped or not; see the module's text.
pub struct RecordsFile {
    unzip: Unzip,
    records: Records,
    /// The most a gzip stream may unzip to (but a WARC's).
    unzip_limit: usize,
}

/// Whether the file's bytes are gzip.
enum Unzip {
    /// Not known yet: the file's first byte, if it has come.
    Unknown(Option<u8>),
    Plain,
    Gzip {
        stream: Box<GunzipStream>,
        /// Newlines unzipped so far (where a problem with the stream is).
        newlines: usize,
        /// Why unzipping stopped early.
        failed: Option<GunzipError>,
        /// Whether the limit was lifted (a WARC).
        unbounded: bool,
    },
}

/// Reads the (unzipped) text of a file of records.
struct Records {
    state: State,
    tab_separated: bool,
    map: Vec<(Field, String)>,
    whole_limit: usize,
    record_limit: usize,
    /// Makes a WARC's reader; `None`: WARC is refused.
    web_pages: Option<CrawlReaderFn>,
}

enum State {
    /// The first bytes, until they say what the file is.
    Sniffing(Vec<u8>),
    Json(Box<ArticleSetReader>),
    Table(Box<TableReader>),
    /// XML so far, read whole at the end; `None` once over the limit.
    Xml(Option<Vec<u8>>),
    /// Neither JSON nor a table's header: binary, or not UTF-8.
    NotText(String),
    Warc(Box<dyn CrawlReader>),
}

/// Whether the reader knows what the file is, and how it is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Not yet known.
    Unknown,
    /// Read a record at a time: its size is bounded per record.
    ByRecord,
    /// Kept whole until its end (a JSON layout other than lines).
    Whole,
}

impl RecordsFile {
    /// A reader for the file called `name` (its extension, before any
    /// `.gz`, is a hint for tables only) that keeps at most `whole` bytes
    /// of a file that must be read whole and skips any record over `record`
    /// bytes, as [`ArticleSetReader::with_limits`] does.
    pub fn new(name: &str, whole: usize, record: usize) -> Self {
        let len = name.len();
        let name = match name.get(len.saturating_sub(3)..) {
            Some(gz) if gz.eq_ignore_ascii_case(".gz") => &name[..len - 3],
            _ => name,
        };
        let tab_separated = name
            .rsplit_once('.')
            .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("tsv"));
        RecordsFile {
            unzip: Unzip::Unknown(None),
            unzip_limit: MAX_OPEN_BYTES as usize,
            records: Records {
                state: State::Sniffing(Vec::new()),
                tab_separated,
                map: Vec::new(),
                web_pages: None,
                whole_limit: whole,
                record_limit: record,
            },
        }
    }

    /// Reads a WARC crawl's pages with the reader `crawl_reader` makes
    /// (`warc::readable_crawl_reader`); without this a WARC is refused
    /// ([`WARC_NOT_HERE`]).
    pub fn with_web_pages(mut self, crawl_reader: CrawlReaderFn) -> Self {
        self.records.web_pages = Some(crawl_reader);
        self
    }

    /// The reader's own names for a table's columns (`--map FIELD=COLUMN`),
    /// before the usual ones.
    pub fn with_columns(mut self, map: Vec<(Field, String)>) -> Self {
        self.records.map = map;
        self
    }

    /// [`MAX_OPEN_BYTES`] made smaller, for tests of what passes it.
    #[cfg(test)]
    pub(crate) fn with_unzip_limit(mut self, limit: usize) -> Self {
        self.unzip_limit = limit;
        self
    }

    /// Takes the next bytes of the file.
    pub fn push(&mut self, chunk: &[u8]) {
        if let Unzip::Unknown(first) = self.unzip {
            let Some(&next) = chunk.first() else { return };
            let Some(first) = first else {
                if chunk.len() < 2 {
                    self.unzip = Unzip::Unknown(Some(next));
                    return;
                }
                self.unzip = Unzip::of(chunk, self.unzip_limit);
                return self.push(chunk);
            };
            self.unzip = Unzip::of(&[first, next], self.unzip_limit);
            self.push(&[first]);
            return self.push(chunk);
        }
        let RecordsFile { unzip, records, .. } = self;
        match unzip {
            Unzip::Unknown(_) => unreachable!("known above"),
            Unzip::Plain => records.push(chunk),
            Unzip::Gzip {
                failed: Some(_), ..
            } => {}
            Unzip::Gzip {
                stream,
                newlines,
                failed,
                unbounded,
            } => {
                for piece in chunk.chunks(GZIP_PIECE) {
                    let pushed = stream.push(piece, |text| {
                        *newlines += text.iter().filter(|&&b| b == b'\n').count();
                        records.push(text);
                    });
                    if let Err(e) = pushed {
                        *failed = Some(e);
                        return;
                    }
                    if !*unbounded && records.streams_unbounded() {
                        stream.lift_limit();
                        *unbounded = true;
                    }
                }
            }
        }
    }

    /// How the file is read, once its first line has been seen.
    pub fn layout(&self) -> Layout {
        self.records.layout()
    }

    /// Whether the file is refused already (too large to read whole, or
    /// a table without a usable header), or its gzip stream has stopped:
    /// the rest need not be read.
    pub fn refused(&self) -> bool {
        matches!(
            self.unzip,
            Unzip::Gzip {
                failed: Some(_),
                ..
            }
        ) || self.records.refused()
    }

    /// The articles read so far that can be taken before the end, each
    /// with its line (a crawl's, record by record; other layouts give
    /// theirs at [`finish`](Self::finish)), which then lacks them.
    pub fn take_articles(&mut self) -> Vec<(Article, usize)> {
        match &mut self.records.state {
            State::Warc(reader) => reader.take_articles(),
            _ => Vec::new(),
        }
    }

    /// What the file gave: its articles, each with its line, and every
    /// skip, located.
    pub fn finish(mut self) -> FileLoad {
        if let Unzip::Unknown(Some(first)) = self.unzip {
            self.unzip = Unzip::Plain;
            self.records.push(&[first]);
        }
        let stopped_at = self.records.stopped_at();
        let mut load = self.records.finish();
        if let Unzip::Gzip {
            stream,
            newlines,
            failed,
            ..
        } = self.unzip
        {
            let ended = match failed {
                Some(e) => Err(e),
                None => stream.finish(),
            };
            if let Err(e) = ended {
                let message = match e {
                    GunzipError::Corrupt(why) if why == CUT_SHORT => why,
                    e => format!("cannot unzip the rest of the file: {e}"),
                };
                load.problems
                    .push(Problem::at(stopped_at.unwrap_or(newlines + 1), message));
            }
        }
        load
    }
}

impl Unzip {
    /// What a file starting with these two bytes is (a gzip stream stops
    /// at `limit` bytes).
    fn of(start: &[u8], limit: usize) -> Unzip {
        if start.starts_with(&GZIP_MAGIC) {
            Unzip::Gzip {
                stream: Box::new(GunzipStream::new(limit)),
                newlines: 0,
                failed: None,
                unbounded: false,
            }
        } else {
            Unzip::Plain
        }
    }
}

impl Records {
    fn push(&mut self, chunk: &[u8]) {
        match &mut self.state {
            State::Sniffing(start) => {
                start.extend_from_slice(chunk);
                // Decided on the same bytes however the file is cut: its
                // first line with text, once complete, or its first
                // `SNIFF_BYTES`.
                let body = without_bom(start);
                if body.len() >= SNIFF_BYTES
                    || (chunk.contains(&b'\n') && first_line(body).is_some_and(|l| l.complete))
                {
                    self.decide();
                }
            }
            State::Json(reader) => reader.push(chunk),
            State::Table(reader) => reader.push(chunk),
            State::Xml(kept) => {
                if kept
                    .as_ref()
                    .is_some_and(|k| k.len() + chunk.len() > self.whole_limit)
                {
                    *kept = None;
                }
                if let Some(kept) = kept {
                    kept.extend_from_slice(chunk);
                }
            }
            State::NotText(_) => {}
            State::Warc(reader) => reader.push(chunk),
        }
    }

    /// Whether the file is read a record at a time keeping nothing else,
    /// so its unzipped total needs no bound (a WARC).
    fn streams_unbounded(&self) -> bool {
        matches!(self.state, State::Warc(_))
    }

    /// Where a stream that stops now is located, when not by its line
    /// (a WARC's record number).
    fn stopped_at(&self) -> Option<usize> {
        match &self.state {
            State::Warc(reader) => Some(reader.record_number()),
            _ => None,
        }
    }

    fn layout(&self) -> Layout {
        match &self.state {
            State::Sniffing(_) => Layout::Unknown,
            State::Json(reader) if reader.reads_whole() => Layout::Whole,
            State::Xml(_) => Layout::Whole,
            State::Json(_) | State::Table(_) | State::NotText(_) | State::Warc(_) => {
                Layout::ByRecord
            }
        }
    }

    fn refused(&self) -> bool {
        match &self.state {
            State::Json(reader) => reader.refused(),
            State::Table(reader) => reader.failed().is_some(),
            State::Xml(kept) => kept.is_none(),
            State::NotText(_) => true,
            State::Sniffing(_) | State::Warc(_) => false,
        }
    }

    fn finish(mut self) -> FileLoad {
        if let State::Sniffing(_) = self.state {
            self.decide();
        }
        match self.state {
            State::Sniffing(_) => unreachable!("decided above"),
            State::Json(reader) => FileLoad::from_set(reader.finish()),
            State::Table(reader) => match reader.finish() {
                Ok(loaded) => FileLoad::from_set(Ok(loaded)),
                Err(why) => FileLoad::failed(Problem::at(1, why)),
            },
            State::NotText(why) => FileLoad::failed(Problem::at(1, why)),
            State::Warc(reader) => reader.finish(),
            State::Xml(None) => FileLoad::from_set(Err(SetError::TooLargeToReadWhole {
                limit: self.whole_limit,
            })),
            State::Xml(Some(bytes)) => match String::from_utf8(bytes) {
                Err(e) => FileLoad::failed(Problem::at(
                    1,
                    format!(
                        "not UTF-8 text (invalid byte at offset {})",
                        e.utf8_error().valid_up_to()
                    ),
                )),
                Ok(text) => match read_xml(text.strip_prefix('\u{feff}').unwrap_or(&text)) {
                    Ok(loaded) => FileLoad::from_set(Ok(loaded)),
                    Err(why) => FileLoad::failed(Problem::at(1, why)),
                },
            },
        }
    }

    /// Decides on the bytes so far and hands them to the file's reader.
    fn decide(&mut self) {
        let State::Sniffing(start) = &mut self.state else {
            return;
        };
        let start = std::mem::take(start);
        let body = without_bom(&start);
        let line = first_line(body);
        let first = line.as_ref().map(|l| l.text[0]);
        let text = line.as_ref().map_or(&[][..], |l| l.text);
        let complete = line.as_ref().is_some_and(|l| l.complete);
        // A first line that is JSON on its own (`null`, `42`) is JSON of
        // the wrong kind, said as such, not a table.
        let json_line = serde_json::from_slice::<serde::de::IgnoredAny>(text).is_ok();
        self.state = match first {
            Some(b'{' | b'[') | None => self.json(&start),
            Some(b'W') if text.starts_with(WARC_MAGIC) => match self.web_pages {
                Some(crawl_reader) => {
                    let mut reader = crawl_reader(self.record_limit);
                    reader.push(body);
                    State::Warc(reader)
                }
                None => State::NotText(WARC_NOT_HERE.into()),
            },
            _ if json_line => self.json(&start),
            Some(b'<') => {
                let fits = start.len() <= self.whole_limit;
                State::Xml(fits.then(|| start.clone()))
            }
            Some(_) if text.contains(&0) => State::NotText(
                "not a file of records: it starts with binary data (a NUL byte), not JSON or a table's header".into(),
            ),
            Some(_) if std::str::from_utf8(text).is_err() && complete => {
                State::NotText("not a file of records: its first line is not UTF-8 text".into())
            }
            Some(_) => {
                let separator = match self.tab_separated {
                    true => b'\t',
                    false => separator_of(text),
                };
                let mut reader =
                    TableReader::new(separator, self.record_limit, std::mem::take(&mut self.map));
                reader.push(body);
                State::Table(Box::new(reader))
            }
        };
    }

    fn json(&self, start: &[u8]) -> State {
        let mut reader = ArticleSetReader::with_limits(self.whole_limit, self.record_limit);
        reader.push(start);
        State::Json(Box::new(reader))
    }
}

/// `bytes` without a UTF-8 BOM.
fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(bytes)
}

/// The first line with text of a file's first bytes.
struct FirstLine<'a> {
    /// From its first byte that is not white space to its `\n` (or the
    /// end of the bytes looked at).
    text: &'a [u8],
    /// Whether its `\n` is there.
    complete: bool,
}

/// The first line with text in the first `SNIFF_BYTES` of `body` (blank
/// lines before it are skipped, as every reader skips them), if any.
fn first_line(body: &[u8]) -> Option<FirstLine<'_>> {
    let mut view = &body[..body.len().min(SNIFF_BYTES)];
    // `#` lines before a table's header are its preamble (Broadsheet's
    // own CSV export writes its provenance so): the header says the kind.
    loop {
        let at = view.iter().position(|b| !b.is_ascii_whitespace())?;
        view = &view[at..];
        if view[0] != b'#' {
            break;
        }
        let end = view.iter().position(|&b| b == b'\n')?;
        view = &view[end + 1..];
    }
    let rest = view;
    let end = rest.iter().position(|&b| b == b'\n');
    Some(FirstLine {
        text: &rest[..end.unwrap_or(rest.len())],
        complete: end.is_some(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(name: &str, text: &[u8], chunk: usize) -> FileLoad {
        let mut file = RecordsFile::new(name, 1 << 20, 1 << 16);
        for piece in text.chunks(chunk) {
            file.push(piece);
        }
        file.finish()
    }

    #[test]
    fn the_first_bytes_say_what_a_file_is_whatever_its_name() {
        let json = br#"[{"id":"a","title":"T","published":"2021-01-01","lead":"L"}]"#;
        let jsonl = b"\xEF\xBB\xBF{\"id\":\"a\",\"title\":\"T\",\"published\":\"2021-01-01\",\"lead\":\"L\"}\n";
        let csv = b"title,date,text\nT,2021-01-01,L\n";
        let tsv = b"title\tdate\ttext\nT\t2021-01-01\tL, with a comma\n";
        for (name, text) in [
            ("a.json", &json[..]),
            ("a.txt", &json[..]),
            ("a.jsonl", &jsonl[..]),
            ("a.csv", &csv[..]),
            ("a.json", &csv[..]),
            ("a.tsv", &tsv[..]),
        ] {
            for chunk in [1, 5, 1000] {
                let load = read(name, text, chunk);
                assert_eq!(
                    load.articles.len(),
                    1,
                    "{name} {chunk}: {:?}",
                    load.problems
                );
                assert!(load.problems.is_empty(), "{name}: {:?}", load.problems);
            }
        }
    }

    #[test]
    fn xml_of_another_kind_is_named_by_its_root() {
        let load = read(
            "page.xml",
            b"<?xml version=\"1.0\"?><html><p>x</p></html>",
            7,
        );
        assert_eq!(load.problems.len(), 1);
        assert_eq!(
            load.problems[0].message,
            "an XML file whose root is <html>: not an RSS or Atom feed, nor trafilatura's XML <doc>"
        );
    }

    #[test]
    fn a_large_json_layout_is_known_to_be_read_whole_after_its_first_line() {
        let mut file = RecordsFile::new("a.json", 100, 100);
        assert_eq!(file.layout(), Layout::Unknown);
        file.push(b"[\n");
        assert_eq!(file.layout(), Layout::Whole);
        let mut file = RecordsFile::new("a.csv", 100, 100);
        file.push(b"title,date,text\n");
        assert_eq!(file.layout(), Layout::ByRecord);
    }

    const MIXED: &[u8] = include_bytes!("../../../../tests/fixtures/scrapers/mixed.jsonl");
    const MIXED_GZ: &[u8] = include_bytes!("../../../../tests/fixtures/scrapers/mixed.jsonl.gz");

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn gzipped_records_read_as_the_plain_file_whatever_the_chunking() {
        let csv = b"title\tdate\ttext\nT\t2021-01-01\tL, with a comma\nU\t2021-01-02\tM\n";
        for (name, plain, gz) in [
            ("mixed.jsonl.gz", MIXED, MIXED_GZ.to_vec()),
            ("export.csv.gz", &csv[..], gzip(csv)),
            ("export.TSV.GZ", &csv[..], gzip(csv)),
        ] {
            let expected = format!("{:?}", read(name.trim_end_matches(".gz"), plain, 1 << 20));
            for chunk in [1, 2, 3, 7, 64, 1 << 20] {
                assert_eq!(
                    format!("{:?}", read(name, &gz, chunk)),
                    expected,
                    "{name} {chunk}"
                );
            }
        }
        assert_eq!(read("export.tsv.gz", &gzip(csv), 5).articles.len(), 2);
        assert!(!read("mixed.jsonl.gz", MIXED_GZ, 5).articles.is_empty());
        // Its content says it is gzip, not its name; and a .gz that is not
        // gzip is read as what it is.
        assert_eq!(
            format!("{:?}", read("mixed", MIXED_GZ, 9)),
            format!("{:?}", read("mixed", MIXED, 9))
        );
        assert_eq!(read("a.csv.gz", csv, 1).articles.len(), 2);
    }

    #[test]
    fn a_gzipped_json_lines_file_is_read_a_line_at_a_time_before_its_end() {
        let line = br#"{"id":"a","title":"T","published":"2021-01-01","lead":"L"}"#;
        let gz = gzip(&[&line[..], b"\n"].concat().repeat(1000));
        let mut file = RecordsFile::new("crawl.jsonl.gz", 100, 100);
        file.push(&gz[..gz.len() / 2]);
        assert_eq!(file.layout(), Layout::ByRecord);
        assert!(!file.refused());
    }

    #[test]
    fn a_cut_gzip_keeps_the_records_before_the_cut_and_says_where() {
        let records: Vec<String> = (0..2000)
            .map(|i| {
                format!(
                    r#"{{"id":"a{i}","title":"Title {i}","published":"2021-01-01","lead":"{}"}}"#,
                    i * 7919 % 10007
                )
            })
            .collect();
        let text = records.join("\n") + "\n";
        let gz = gzip(text.as_bytes());
        let load = read("crawl.jsonl.gz", &gz[..gz.len() / 2], 100);
        let kept = load.articles.len();
        assert!(kept > 100 && kept < 2000, "{kept}");
        for (n, (article, line)) in load.articles.iter().enumerate() {
            assert_eq!(
                (article.id.as_str(), *line),
                (format!("a{n}").as_str(), n + 1)
            );
        }
        let last = load.problems.last().unwrap();
        assert_eq!(
            last.message,
            "the gzip stream ends early: the file was cut short"
        );
        assert!(last.line.unwrap() > kept, "{last:?}");
        // A damaged stream stops where the damage is found, the same way.
        let mut bad = gz.clone();
        let n = bad.len();
        bad[n - 5] ^= 1;
        let load = read("crawl.jsonl.gz", &bad, 100);
        assert_eq!(load.articles.len(), 2000);
        assert_eq!(
            load.problems,
            [Problem::at(2001, "cannot unzip the rest of the file: its checksum does not match (the data is damaged): the CRC-32 differs")]
        );
    }
}
