//! BibTeX: the provenance in an `@comment`, then an `@article` an article
//! (`journal` its outlet), every value escaped (article text is untrusted:
//! a `}` must not end the field).

use super::{one_line, Provenance};
use crate::Article;
use std::collections::HashSet;

pub(super) fn header(provenance: &Provenance) -> String {
    let mut out = String::from("@comment{Broadsheet export\n");
    for (label, value) in provenance.lines() {
        out.push_str(&format!("  {label}: {}\n", braces_out(&value)));
    }
    out.push_str("}\n\n");
    out
}

pub(super) fn record(a: &Article, keys: &mut HashSet<String>) -> String {
    let key = unique_key(&a.id, keys);
    let mut fields: Vec<(&str, String)> = vec![("title", a.title.clone())];
    if !a.authors.is_empty() {
        fields.push(("author", a.authors.join(" and ")));
    }
    if !a.source.is_empty() {
        fields.push(("journal", a.source.clone()));
    }
    let date = a.published.date();
    fields.push(("year", chrono::Datelike::year(&date).to_string()));
    fields.push(("date", crate::date_text::iso_day(date)));
    if let Some(url) = a.safe_url() {
        fields.push(("url", url.to_owned()));
    }
    if let Some(lang) = &a.lang {
        fields.push(("language", lang.clone()));
    }
    let mut note = format!("Broadsheet id {}", a.id);
    if let Some(story) = &a.cluster {
        note += &format!("; wire copy in the story of Broadsheet id {story}");
    }
    if let Some(license) = &a.license {
        note += &format!("; licence: {license}");
    }
    fields.push(("note", note));
    let mut out = format!("@article{{{key},\n");
    for (name, value) in fields {
        // A url is read verbatim (url and biblatex): only its braces could
        // end the field, and they are percent-encoded.
        let value = match name {
            "url" => braces_out(&value),
            _ => escape(&one_line(&value)),
        };
        out.push_str(&format!("  {name} = {{{value}}},\n"));
    }
    out.push_str("}\n\n");
    out
}

/// A citation key from the id: letters, digits and `-_:.` kept, the rest
/// `_`; a repeat gets `-2`, `-3`, …
fn unique_key(id: &str, keys: &mut HashSet<String>) -> String {
    let base: String = id
        .chars()
        .take(64)
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_:.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let base = if base.is_empty() {
        "article".to_owned()
    } else {
        base
    };
    let mut key = base.clone();
    let mut n = 1;
    while !keys.insert(key.clone()) {
        n += 1;
        key = format!("{base}-{n}");
    }
    key
}

/// `text` without braces (percent-encoded), for verbatim places.
fn braces_out(text: &str) -> String {
    one_line(text).replace('{', "%7B").replace('}', "%7D")
}

/// LaTeX's special characters as text.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '%' | '&' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '^' => out.push_str("\\^{}"),
            '~' => out.push_str("\\~{}"),
            _ => out.push(c),
        }
    }
    out
}
