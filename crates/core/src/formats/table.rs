//! CSV and TSV with a header row, read a row at a time as the bytes
//! arrive (a large export never sits whole in memory): each row one
//! article, its columns found by their usual names or named by the reader
//! (`--map FIELD=COLUMN`).
//!
//! Lines starting with `#` before the header row are a preamble, passed
//! over (Broadsheet's CSV export carries its provenance so).
//!
//! Quoted cells may hold separators, quotes (`""`) and line breaks; the
//! separator is `,`, `;` or a tab, whichever the header line has most of
//! (a tab for `.tsv`). A row with more or fewer cells than the header is
//! skipped and named; the rest are read.

use super::{made_id, one_line, paragraphs_of, parse_date};
use crate::article::Article;
use crate::set::{accept_article, oversized_record, Dedup, LoadedArticles, SkippedRecord};

/// What a column can hold, and the header names that mean it
/// (compared without case, spaces, `_` or `-`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Id,
    Title,
    Text,
    Lead,
    Date,
    Url,
    Source,
    Lang,
    Authors,
    License,
}

impl Field {
    pub const ALL: [Field; 10] = [
        Field::Id,
        Field::Title,
        Field::Text,
        Field::Lead,
        Field::Date,
        Field::Url,
        Field::Source,
        Field::Lang,
        Field::Authors,
        Field::License,
    ];

    /// The field's name in `--map FIELD=COLUMN`.
    pub fn name(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Title => "title",
            Field::Text => "text",
            Field::Lead => "lead",
            Field::Date => "date",
            Field::Url => "url",
            Field::Source => "source",
            Field::Lang => "lang",
            Field::Authors => "authors",
            Field::License => "license",
        }
    }

    /// The field named `name` (as in `--map`), if any.
    pub fn named(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name.trim())
    }

    /// Header names that mean this field, in the order they are preferred.
    fn known_names(self) -> &'static [&'static str] {
        match self {
            Field::Id => &["id", "newsid", "articleid", "guid", "uid"],
            Field::Title => &["title", "headline", "heading"],
            Field::Text => &[
                "text",
                "maintext",
                "body",
                "content",
                "articletext",
                "article",
                "fulltext",
            ],
            Field::Lead => &["lead", "description", "summary", "abstract", "excerpt"],
            Field::Date => &[
                "published",
                "publishdate",
                "datepublish",
                "datepublished",
                "publishedat",
                "pubdate",
                "date",
                "datetime",
            ],
            Field::Url => &["url", "link", "canonicallink", "sourceurl"],
            Field::Source => &[
                "source",
                "outlet",
                "sourcedomain",
                "domain",
                "site",
                "sitename",
                "publisher",
                "hostname",
            ],
            Field::Lang => &["lang", "language", "metalang"],
            Field::Authors => &["authors", "author", "byline"],
            Field::License => &["license", "licence", "rights"],
        }
    }
}

/// A header name as compared: lower case, without spaces, `_` and `-`.
fn squeezed(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '\u{feff}'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Which column holds each field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Columns {
    at: [Option<usize>; 10],
    count: usize,
}

impl Columns {
    /// The columns of `header`, with `map` (field, column name) first;
    /// or why the file cannot be read.
    fn of(header: &[String], map: &[(Field, String)]) -> Result<Columns, String> {
        let names: Vec<String> = header.iter().map(|h| squeezed(h)).collect();
        let mut columns = Columns {
            at: [None; 10],
            count: header.len(),
        };
        for (i, field) in Field::ALL.into_iter().enumerate() {
            let mapped = map.iter().find(|(f, _)| *f == field);
            columns.at[i] = match mapped {
                Some((_, column)) => Some(
                    names
                        .iter()
                        .position(|n| *n == squeezed(column))
                        .ok_or_else(|| {
                            format!(
                                "the header has no column `{column}` (mapped to `{}`); it has {}",
                                field.name(),
                                listed(header)
                            )
                        })?,
                ),
                None => field
                    .known_names()
                    .iter()
                    .find_map(|known| names.iter().position(|n| n == known)),
            };
        }
        for (field, also) in [
            (Field::Title, None),
            (Field::Text, Some(Field::Lead)),
            (Field::Date, None),
        ] {
            if columns.get_index(field).is_none()
                && also.is_none_or(|f| columns.get_index(f).is_none())
            {
                return Err(format!(
                    // Said to the page's readers too, who have no `--map`: renaming
                    // the column in the file works for both.
                    "the header names no {} column (it has {}; looked for {}): rename that column in the header to `{}`, or name it with broadsheet-ingest's `--map {}=COLUMN`",
                    field.name(),
                    listed(header),
                    field
                        .known_names()
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    field.name(),
                    field.name()
                ));
            }
        }
        Ok(columns)
    }

    fn get_index(&self, field: Field) -> Option<usize> {
        self.at[Field::ALL.iter().position(|f| *f == field)?]
    }

    fn get<'a>(&self, row: &'a [String], field: Field) -> Option<&'a str> {
        let text = row.get(self.get_index(field)?)?.trim();
        (!text.is_empty()).then_some(text)
    }
}

/// Up to eight header names, quoted, for messages.
fn listed(header: &[String]) -> String {
    let mut out: Vec<String> = header.iter().take(8).map(|h| format!("`{h}`")).collect();
    if header.len() > 8 {
        out.push(format!("and {} more", header.len() - 8));
    }
    out.join(", ")
}

/// The separator a header line uses: `,`, `;` or a tab, whichever it has
/// most of outside quotes (`,` when none).
pub fn separator_of(header_line: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in header_line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        [b',', b';', b'\t'][best]
    }
}

/// Reads a table as its bytes arrive; see the module's text.
pub struct TableReader {
    csv: csv_core::Reader,
    /// The current row's cell bytes and where each cell ends.
    cells: Vec<u8>,
    ends: Vec<usize>,
    filled: usize,
    ended: usize,
    /// The row is over the record limit: its bytes are dropped.
    oversized: bool,
    record_limit: usize,
    /// The line the current row starts on (1-based), once it has started.
    row_line: usize,
    in_row: bool,
    /// Inside a `#` line before the header.
    in_preamble: bool,
    /// Line breaks read so far.
    breaks: usize,
    rows: usize,
    map: Vec<(Field, String)>,
    columns: Option<Result<Columns, String>>,
    dedup: Dedup<usize>,
    loaded: LoadedArticles,
}

/// Most cells a row may have.
const MAX_CELLS: usize = 4096;

impl TableReader {
    /// A reader for a table separated by `separator`, skipping any row
    /// over `record_limit` bytes, with the reader's own column names
    /// (`map`) before the usual ones.
    pub fn new(separator: u8, record_limit: usize, map: Vec<(Field, String)>) -> Self {
        TableReader {
            csv: csv_core::ReaderBuilder::new().delimiter(separator).build(),
            // Never larger than the limit, so a row over a small limit
            // fills it and is known to be over.
            cells: vec![0; 4096.min(record_limit.max(1))],
            ends: vec![0; 32],
            filled: 0,
            ended: 0,
            oversized: false,
            record_limit,
            row_line: 1,
            in_row: false,
            in_preamble: false,
            breaks: 0,
            rows: 0,
            map,
            columns: None,
            dedup: Dedup::default(),
            loaded: LoadedArticles::default(),
        }
    }

    /// Takes the next bytes of the file.
    pub fn push(&mut self, mut input: &[u8]) {
        while !input.is_empty() {
            if self.in_preamble {
                match input.iter().position(|&b| b == b'\n') {
                    Some(end) => {
                        self.breaks += 1;
                        self.in_preamble = false;
                        input = &input[end + 1..];
                        continue;
                    }
                    None => return,
                }
            }
            if !self.in_row {
                // Line breaks between rows (a blank line, CRLF's `\n`)
                // are no row; the row starts at its first other byte.
                let blank = input
                    .iter()
                    .position(|&b| b != b'\n' && b != b'\r')
                    .unwrap_or(input.len());
                self.breaks += input[..blank].iter().filter(|&&b| b == b'\n').count();
                input = &input[blank..];
                if input.is_empty() {
                    return;
                }
                if self.columns.is_none() && input[0] == b'#' {
                    self.in_preamble = true;
                    continue;
                }
                self.in_row = true;
                self.row_line = self.breaks + 1;
            }
            let (_, read) = self.step(input);
            self.breaks += input[..read].iter().filter(|&&b| b == b'\n').count();
            input = &input[read..];
        }
    }

    /// Whether the header could not be read (the rest need not be).
    pub fn failed(&self) -> Option<&str> {
        match &self.columns {
            Some(Err(why)) => Some(why),
            _ => None,
        }
    }

    /// The articles completed since the last call, in file order.
    pub fn take_articles(&mut self) -> Vec<Article> {
        self.loaded.lines.clear();
        std::mem::take(&mut self.loaded.articles)
    }

    /// The rest of the file's articles and every skip; `Err` when the
    /// header could not be read (or the file had none).
    pub fn finish(mut self) -> Result<LoadedArticles, String> {
        // An empty input tells the parser the data has ended: it gives
        // the last row, if the file did not end with a line break, then End.
        while self.step(&[]).0 != csv_core::ReadRecordResult::End {}
        match self.columns {
            Some(Ok(_)) => Ok(self.loaded),
            Some(Err(why)) => Err(why),
            None => Err("the file is empty: a table needs a header row".into()),
        }
    }

    /// Parses from `input`: what the parser said, and how many bytes it used.
    fn step(&mut self, input: &[u8]) -> (csv_core::ReadRecordResult, usize) {
        use csv_core::ReadRecordResult as R;
        let (result, read, wrote, ends) = self.csv.read_record(
            input,
            &mut self.cells[self.filled..],
            &mut self.ends[self.ended..],
        );
        self.filled += wrote;
        self.ended += ends;
        match result {
            R::InputEmpty | R::End => {}
            R::OutputFull => {
                if self.cells.len() >= self.record_limit {
                    // Too large: keep parsing the row, dropping its bytes.
                    self.oversized = true;
                    self.filled = 0;
                } else {
                    let grown = (self.cells.len() * 2).min(self.record_limit.max(1));
                    self.cells.resize(grown, 0);
                }
            }
            R::OutputEndsFull => {
                if self.ends.len() >= MAX_CELLS {
                    self.oversized = true;
                    self.ended = 0;
                } else {
                    self.ends.resize(self.ends.len() * 2, 0);
                }
            }
            R::Record => self.complete_row(),
        }
        (result, read)
    }

    fn complete_row(&mut self) {
        let line = self.row_line;
        self.in_row = false;
        let oversized = std::mem::take(&mut self.oversized);
        let (filled, ended) = (self.filled, self.ended);
        self.filled = 0;
        self.ended = 0;
        // A blank line is no row.
        if !oversized && ended <= 1 && filled == 0 {
            return;
        }
        if matches!(self.columns, Some(Err(_))) {
            return;
        }
        if oversized && self.columns.is_none() {
            // Skipping it would make the first row the header.
            self.columns = Some(Err(format!(
                "the header row is over {} bytes: is this a table?",
                self.record_limit
            )));
            return;
        }
        if oversized {
            self.skip(line, oversized_record(self.record_limit));
            return;
        }
        let mut start = 0;
        let mut row = Vec::with_capacity(ended);
        for &end in &self.ends[..ended] {
            match std::str::from_utf8(&self.cells[start..end]) {
                Ok(cell) => row.push(cell.to_owned()),
                Err(e) => {
                    let cell = row.len() + 1;
                    let why = format!(
                        "cell {cell} is not UTF-8 text (invalid byte at its byte {})",
                        e.valid_up_to() + 1
                    );
                    match self.columns {
                        None => self.columns = Some(Err(format!("the header row: {why}"))),
                        Some(_) => self.skip(line, why),
                    }
                    return;
                }
            }
            start = end;
        }
        let Some(columns) = &self.columns else {
            self.columns = Some(Columns::of(&row, &self.map));
            return;
        };
        let Ok(columns) = columns else { return };
        if row.len() != columns.count {
            let why = format!(
                "the row has {} cells where the header has {} (a separator or quote out of place?)",
                row.len(),
                columns.count
            );
            self.skip(line, why);
            return;
        }
        match article_of(&row, columns) {
            Ok(article) => {
                self.rows += 1;
                let record = self.rows;
                accept_article(article, record, line, &mut self.dedup, &mut self.loaded);
            }
            Err(why) => self.skip(line, why),
        }
    }

    fn skip(&mut self, line: usize, reason: String) {
        self.rows += 1;
        self.loaded.skipped.push(SkippedRecord {
            record: self.rows,
            line,
            id: None,
            reason,
        });
    }
}

/// A cell of authors: `A; B`, `A, B` or a list as Python prints one
/// (`['A', 'B']`, newspaper4k's CSV), each once.
fn authors_of(cell: &str) -> Vec<String> {
    let inner = cell.trim().trim_start_matches('[').trim_end_matches(']');
    let separator = if inner.contains(';') { ';' } else { ',' };
    let mut out: Vec<String> = Vec::new();
    for name in inner.split(separator) {
        let name = one_line(name.trim().trim_matches(['\'', '"']));
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// One row into an article, or why it cannot be one.
fn article_of(row: &[String], columns: &Columns) -> Result<Article, String> {
    let get = |field| columns.get(row, field);
    let title = one_line(get(Field::Title).ok_or("the title cell is empty")?);
    let date = get(Field::Date).ok_or("the date cell is empty")?;
    let published = parse_date(date).ok_or_else(|| format!("date: {}", super::not_a_date(date)))?;
    let mut paragraphs = get(Field::Text).map(paragraphs_of).unwrap_or_default();
    let lead = match get(Field::Lead) {
        Some(lead) => one_line(lead),
        None if !paragraphs.is_empty() => paragraphs.remove(0),
        None => return Err("the text cell is empty".into()),
    };
    let url = get(Field::Url).map(str::to_owned);
    let id = match get(Field::Id) {
        Some(id) => id.to_owned(),
        None => {
            let mut all = vec![lead.clone()];
            all.extend(paragraphs.iter().cloned());
            made_id("row", url.as_deref(), &title, &published, &all)
        }
    };
    let source = get(Field::Source)
        .map(str::to_owned)
        .or_else(|| url.as_deref().and_then(super::host_of))
        .unwrap_or_default();
    Ok(Article {
        id,
        title,
        published,
        published_from: None,
        authors: get(Field::Authors).map(authors_of).unwrap_or_default(),
        image: None,
        lead,
        body: paragraphs,
        source,
        url,
        lang: get(Field::Lang)
            .filter(|l| l.len() <= 35)
            .map(str::to_owned),
        license: get(Field::License).map(str::to_owned),
        cluster: None,
    })
}

#[cfg(test)]
mod tests;
