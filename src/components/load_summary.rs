//! What loading read and skipped: "2,003 files read · 2,000 articles · 3
//! skipped", with the skipped ones listed (file, line, reason) in the same
//! words as `broadsheet-ingest`. Nothing is dropped without a word here.

use crate::library::{LoadReport, Origin};
use broadsheet_core::numbers::grouped;
use std::rc::Rc;
use yew::prelude::*;

/// Rows listed before "and N more": a hostile file can have millions.
const LISTED: usize = 500;

#[derive(Properties, PartialEq)]
pub struct LoadSummaryProps {
    pub report: Rc<LoadReport>,
    pub articles: usize,
}

#[function_component(LoadSummary)]
pub fn load_summary(props: &LoadSummaryProps) -> Html {
    let r = &props.report;
    let skipped = r.skipped.len();
    let quiet = r.skipped.is_empty()
        && r.merged == 0
        && r.ignored == 0
        && r.ignored_records.is_empty()
        && r.warning.is_none();
    if matches!(r.origin, Origin::Bundled | Origin::Embedded { .. }) && quiet {
        return html! {};
    }
    let from = r.origin.label();
    let plural = |n: usize, one: &str, many: &str| {
        format!("{} {}", grouped(n), if n == 1 { one } else { many })
    };
    let given = matches!(r.origin, Origin::Embedded { given: true, .. });
    let mut parts = vec![
        if given {
            // Records handed over, not files read.
            let records = props.articles + skipped + r.merged;
            format!("{} given", plural(records, "record", "records"))
        } else {
            format!("{} read", plural(r.files, "file", "files"))
        },
        plural(props.articles, "article", "articles"),
        format!("{} skipped", grouped(skipped)),
    ];
    if r.merged > 0 {
        parts.push(format!(
            "{} merged",
            plural(r.merged, "identical duplicate", "identical duplicates")
        ));
    }
    if r.ignored > 0 {
        parts.push(format!(
            "{} ignored ({})",
            grouped(r.ignored),
            broadsheet_core::files::NOT_READ
        ));
    }
    if !r.ignored_records.is_empty() {
        // In the CLI's words: what a crawl held besides articles.
        parts.push(format!(
            "{} ignored ({})",
            plural(r.ignored_records.total(), "record", "records"),
            r.ignored_records
        ));
    }
    let line = parts.join(" · ");
    html! {
        <section class={classes!("load-summary", (skipped > 0).then_some("has-skipped"))} aria-label="What was loaded">
            if let Some(from) = from {
                <p class="load-origin" dir="auto">{ from }</p>
            }
            if let Some(warning) = &r.warning {
                <p class="notice notice-warning load-warning" role="alert">{ warning.clone() }</p>
            }
            if skipped == 0 {
                <p class="load-counts">{ line }</p>
            } else {
                <details class="notice notice-warning">
                    <summary class="load-counts">{ line }</summary>
                    <table class="skipped-list">
                        <caption class="visually-hidden">{ "Skipped files and records" }</caption>
                        <thead><tr><th scope="col">{ "File" }</th><th scope="col">{ "Line" }</th><th scope="col">{ "Reason" }</th></tr></thead>
                        <tbody>
                            { for r.skipped.iter().take(LISTED).map(|p| {
                                let line = match (p.problem.line, p.problem.column) {
                                    (Some(l), Some(c)) => format!("{l}:{c}"),
                                    (Some(l), None) => l.to_string(),
                                    (None, _) => "—".to_owned(),
                                };
                                html! {
                                    <tr title={p.to_string()}>
                                        <td class="skipped-file" dir="auto">{ p.file.clone() }</td>
                                        <td class="skipped-line">{ line }</td>
                                        <td class="skipped-reason" dir="auto">{ clip(&p.problem.message) }</td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                    if skipped > LISTED {
                        <p>{ format!("…and {} more. broadsheet-ingest lists them all: run it on the same files with --keep-going.", grouped(skipped - LISTED)) }</p>
                    }
                </details>
            }
        </section>
    }
}

/// Reasons quote the input; a hostile one can be huge.
fn clip(text: &str) -> String {
    const MAX: usize = 400;
    match text.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}
