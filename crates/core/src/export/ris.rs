//! RIS, which Zotero, EndNote and Mendeley import: a `NEWS` record an
//! article, the provenance in each record's note (RIS has no header).

use super::{one_line, Provenance};
use crate::Article;

pub(super) fn record(a: &Article, provenance: &Provenance) -> String {
    let mut out = String::new();
    let mut tag = |tag: &str, value: &str| {
        let value = one_line(value);
        if !value.is_empty() {
            out.push_str(&format!("{tag}  - {value}\r\n"));
        }
    };
    tag("TY", "NEWS");
    tag("TI", &a.title);
    for author in &a.authors {
        tag("AU", author);
    }
    let date = a.published.date();
    tag("PY", &chrono::Datelike::year(&date).to_string());
    tag("DA", &crate::date_text::iso_day(date).replace('-', "/"));
    tag("T2", &a.source);
    tag("UR", a.safe_url().unwrap_or_default());
    tag("LA", a.lang.as_deref().unwrap_or_default());
    tag("AB", &a.lead);
    tag("ID", &a.id);
    tag("N1", &format!("Broadsheet id {}", a.id));
    if let Some(story) = &a.cluster {
        tag(
            "N1",
            &format!("Wire copy in the story of Broadsheet id {story}"),
        );
    }
    if let Some(license) = &a.license {
        tag("N1", &format!("Licence: {license}"));
    }
    let found: Vec<String> = provenance
        .lines()
        .into_iter()
        .map(|(label, value)| format!("{label}: {value}"))
        .collect();
    tag(
        "N1",
        &format!("Exported by Broadsheet; {}", found.join("; ")),
    );
    out.push_str("ER  - \r\n\r\n");
    out
}
