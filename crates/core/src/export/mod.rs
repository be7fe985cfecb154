//! The current results written out for other tools: CSV (spreadsheets,
//! pandas, R; read back by Broadsheet itself), JSON Lines (one article a
//! line, as the set writes it), RIS and BibTeX (reference managers), each
//! carrying how to reproduce it (the query, the filters, the order, which
//! archive, when, and the page's address: [`Provenance`]); and one
//! article as a citation.
//!
//! Written a record at a time ([`Export::header`], [`Export::record`]), so
//! the page can fetch a sharded archive's cards as it writes.

mod bibtex;
mod csv;
mod ris;
#[cfg(test)]
mod tests;

use crate::Article;

/// What the export is written as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    Csv,
    JsonLines,
    Ris,
    Bibtex,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 4] = [
        ExportFormat::Csv,
        ExportFormat::JsonLines,
        ExportFormat::Ris,
        ExportFormat::Bibtex,
    ];

    /// The file name's extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::JsonLines => "jsonl",
            ExportFormat::Ris => "ris",
            ExportFormat::Bibtex => "bib",
        }
    }

    /// The file's media type.
    pub fn media_type(self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv;charset=utf-8",
            ExportFormat::JsonLines => "application/jsonl;charset=utf-8",
            ExportFormat::Ris => "application/x-research-info-systems;charset=utf-8",
            ExportFormat::Bibtex => "application/x-bibtex;charset=utf-8",
        }
    }

    /// Its name in the reader's words.
    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Csv => "CSV (spreadsheets)",
            ExportFormat::JsonLines => "JSON Lines",
            ExportFormat::Ris => "RIS (Zotero, EndNote, Mendeley)",
            ExportFormat::Bibtex => "BibTeX",
        }
    }
}

/// How the exported results can be found again: the view and the archive
/// they came from, and when.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Provenance {
    /// The query as typed (empty: every article).
    pub query: String,
    /// The filters in words (`from 2020-01-01; sources: A, B`), empty when
    /// none.
    pub filters: String,
    /// The order in words (`newest first`).
    pub order: String,
    /// Which archive: its manifest's or set's hash, and where it was read.
    pub archive: String,
    /// When, as an ISO 8601 date and time (UTC).
    pub exported: String,
    /// The page's address showing the same results.
    pub address: String,
    /// How many articles the export holds.
    pub articles: usize,
}

impl Provenance {
    /// `(label, value)` lines, in the order every format writes them.
    pub fn lines(&self) -> Vec<(&'static str, String)> {
        let or = |text: &str, none: &str| {
            if text.is_empty() {
                none.to_owned()
            } else {
                text.to_owned()
            }
        };
        vec![
            ("query", or(&self.query, "(none: every article)")),
            ("filters", or(&self.filters, "(none)")),
            ("order", self.order.clone()),
            ("articles", self.articles.to_string()),
            ("archive", self.archive.clone()),
            ("exported", self.exported.clone()),
            ("address", self.address.clone()),
        ]
    }
}

/// An export in `format`, written a piece at a time.
#[derive(Clone, Debug)]
pub struct Export {
    format: ExportFormat,
    provenance: Provenance,
    /// Records written, for BibTeX's unique keys.
    written: usize,
    keys: std::collections::HashSet<String>,
}

impl Export {
    pub fn new(format: ExportFormat, provenance: Provenance) -> Export {
        Export {
            format,
            provenance,
            written: 0,
            keys: Default::default(),
        }
    }

    /// What the file starts with: the provenance, and a table's header.
    pub fn header(&self) -> String {
        match self.format {
            ExportFormat::Csv => csv::header(&self.provenance),
            ExportFormat::JsonLines => {
                let fields: serde_json::Map<String, serde_json::Value> = self
                    .provenance
                    .lines()
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), serde_json::Value::String(v)))
                    .collect();
                let mut line = serde_json::json!({ EXPORT_HEADER: fields }).to_string();
                line.push('\n');
                line
            }
            ExportFormat::Ris => String::new(),
            ExportFormat::Bibtex => bibtex::header(&self.provenance),
        }
    }

    /// One article's record.
    pub fn record(&mut self, article: &Article) -> String {
        self.written += 1;
        match self.format {
            ExportFormat::Csv => csv::record(article),
            ExportFormat::JsonLines => {
                let mut line = serde_json::to_string(article).expect("an article serialises");
                line.push('\n');
                line
            }
            ExportFormat::Ris => ris::record(article, &self.provenance),
            ExportFormat::Bibtex => bibtex::record(article, &mut self.keys),
        }
    }
}

/// The key of a JSON Lines export's first line, which carries its
/// [`Provenance`]; readers of sets pass that line over.
pub const EXPORT_HEADER: &str = "broadsheet_export";

/// One article as a citation, for pasting: `NOURNEWS, "Title," 13 Sep
/// 2021, 23:03. https://… (id 75422)`.
pub fn citation(article: &Article) -> String {
    let mut out = String::new();
    if !article.authors.is_empty() {
        out.push_str(&article.authors.join(", "));
        out.push_str(". ");
    }
    out.push_str(&format!(
        "\u{201c}{}.\u{201d} ",
        article.title.trim_end_matches('.')
    ));
    if !article.source.is_empty() {
        out.push_str(&article.source);
        out.push_str(", ");
    }
    out.push_str(&article.date_label());
    out.push('.');
    if let Some(url) = article.safe_url() {
        out.push(' ');
        out.push_str(url);
    }
    out.push_str(&format!(" (Broadsheet id {})", article.id));
    out
}

/// `text` on one line: line breaks and runs of spaces become one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
