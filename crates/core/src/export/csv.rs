//! CSV: the provenance as `#` lines, then a header row and one row an
//! article, RFC 4180 quoting. Broadsheet reads it back (`formats::table`
//! passes `#` lines before the header).

use super::Provenance;
use crate::Article;

/// The columns, named as `formats::table` reads them.
const COLUMNS: [&str; 11] = [
    "id",
    "title",
    "published",
    "source",
    "authors",
    "url",
    "lang",
    "license",
    "cluster",
    "lead",
    "text",
];

pub(super) fn header(provenance: &Provenance) -> String {
    let mut out = String::from("# Broadsheet export\r\n");
    for (label, value) in provenance.lines() {
        out.push_str(&format!("# {label}: {}\r\n", super::one_line(&value)));
    }
    out.push_str(&COLUMNS.join(","));
    out.push_str("\r\n");
    out
}

pub(super) fn record(a: &Article) -> String {
    let cells = [
        a.id.clone(),
        a.title.clone(),
        a.published.to_iso(),
        a.source.clone(),
        a.authors.join("; "),
        a.url.clone().unwrap_or_default(),
        a.lang.clone().unwrap_or_default(),
        a.license.clone().unwrap_or_default(),
        a.cluster.clone().unwrap_or_default(),
        a.lead.clone(),
        a.body.join("\n"),
    ];
    let mut out = cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(",");
    out.push_str("\r\n");
    out
}

/// One cell, quoted when it must be. A cell a spreadsheet would run as a
/// formula (`=`, `+`, `-`, `@` first) starts with `'` instead: article
/// text is untrusted, and a `=HYPERLINK(…)` title must stay text.
fn cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r', '#']) || text.starts_with(' ') || text.ends_with(' ') {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}
