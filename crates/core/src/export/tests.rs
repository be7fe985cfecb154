use super::*;
use crate::files::{load_named_file, InputKind};

fn provenance(n: usize) -> Provenance {
    Provenance {
        query: "iran \"security council\"".into(),
        filters: "from 2021-09-01; sources: NOURNEWS".into(),
        order: "newest first".into(),
        archive: "article set static/articles.json, sha256 3f2a…".into(),
        exported: "2026-12-07T18:30:00Z".into(),
        address: "https://example.org/broadsheet/#/?q=iran".into(),
        articles: n,
    }
}

/// Articles as hostile as real ones get: commas, quotes, line breaks, a
/// formula, braces, a `#` first.
fn articles() -> Vec<Article> {
    vec![
        Article::builder("75422")
            .title("Iraqi PM meets \"Shamkhani\", talks, more talks")
            .published("2021-09-13T23:03:39")
            .source("NOURNEWS")
            .authors(["A. Writer", "B. Writer"])
            .url("https://nournews.ir/n/75422")
            .lang("en")
            .cluster("75422")
            .paragraphs(["Lead, with a comma.", "Body one\nstill one.", "Body two."])
            .build(),
        Article::builder("=cmd|' /C calc'!A0")
            .title("=HYPERLINK(\"https://evil.example\")")
            .published("2021-09-12")
            .source("#hash outlet")
            .license("CC BY 2.5 {and} 100% $free_ & ~^\\")
            .paragraphs(["- a dash first", "{}"])
            .build(),
        Article::builder("w-1")
            .title("Plain")
            .published("2020-01-01T10:00:00+04:30")
            .paragraphs(["Text."])
            .build(),
    ]
}

fn write(format: ExportFormat, articles: &[Article]) -> String {
    let mut export = Export::new(format, provenance(articles.len()));
    let mut out = export.header();
    for a in articles {
        out.push_str(&export.record(a));
    }
    out
}

#[test]
fn a_csv_export_read_back_gives_the_same_ids_in_the_same_order_and_says_what_it_is() {
    let articles = articles();
    let csv = write(ExportFormat::Csv, &articles);
    assert!(csv.starts_with("# Broadsheet export\r\n# query: iran \"security council\"\r\n# filters: from 2021-09-01; sources: NOURNEWS\r\n# order: newest first\r\n# articles: 3\r\n"), "{csv}");
    let load = load_named_file("export.csv", InputKind::Records, csv.as_bytes());
    assert!(load.problems.is_empty(), "{:?}", load.problems);
    let ids: Vec<&str> = load.articles.iter().map(|(a, _)| a.id.as_str()).collect();
    // A formula-like cell is kept as text, with a `'` a spreadsheet hides.
    assert_eq!(ids, ["75422", "'=cmd|' /C calc'!A0", "w-1"]);
    let first = &load.articles[0].0;
    assert_eq!(first.title, articles[0].title);
    assert_eq!(first.lead, articles[0].lead);
    assert_eq!(first.body, ["Body one", "still one.", "Body two."]);
    assert_eq!(first.published, articles[0].published);
    assert_eq!(first.authors, articles[0].authors);
    assert_eq!(first.url, articles[0].url);
    assert_eq!(
        load.articles[1].0.title,
        "'=HYPERLINK(\"https://evil.example\")"
    );
    assert_eq!(load.articles[1].0.source, "#hash outlet");
    assert_eq!(load.articles[2].0.published, articles[2].published);
    // Lines are the rows' first lines (the preamble counted).
    assert_eq!(load.articles[0].1, 10);
}

#[test]
fn a_json_lines_export_reads_back_as_the_same_articles() {
    let articles = articles();
    let jsonl = write(ExportFormat::JsonLines, &articles);
    let first = jsonl.lines().next().unwrap();
    let header: serde_json::Value = serde_json::from_str(first).unwrap();
    assert_eq!(header[EXPORT_HEADER]["order"], "newest first");
    assert_eq!(header[EXPORT_HEADER]["articles"], "3");
    let load = load_named_file("export.jsonl", InputKind::Records, jsonl.as_bytes());
    assert!(load.problems.is_empty(), "{:?}", load.problems);
    let read: Vec<Article> = load.articles.into_iter().map(|(a, _)| a).collect();
    assert_eq!(read, articles, "every field, the story included");
}

#[test]
fn ris_records_are_news_with_their_fields_and_provenance() {
    let ris = write(ExportFormat::Ris, &articles()[..1]);
    let lines: Vec<&str> = ris.lines().collect();
    assert_eq!(lines[0], "TY  - NEWS");
    for want in [
        "TI  - Iraqi PM meets \"Shamkhani\", talks, more talks",
        "AU  - A. Writer",
        "AU  - B. Writer",
        "PY  - 2021",
        "DA  - 2021/09/13",
        "T2  - NOURNEWS",
        "UR  - https://nournews.ir/n/75422",
        "LA  - en",
        "ID  - 75422",
        "N1  - Wire copy in the story of Broadsheet id 75422",
        "ER  - ",
    ] {
        assert!(lines.contains(&want), "{want} in {ris}");
    }
    assert!(ris.contains("N1  - Exported by Broadsheet; query: iran \"security council\"; filters: from 2021-09-01; sources: NOURNEWS; order: newest first"), "{ris}");
}

#[test]
fn bibtex_escapes_what_latex_would_read_and_keys_are_unique() {
    let mut twice = articles();
    twice.push(Article {
        id: "75422 ".into(),
        ..twice[0].clone()
    });
    let bib = write(ExportFormat::Bibtex, &twice);
    assert!(
        bib.starts_with("@comment{Broadsheet export\n  query: iran \"security council\"\n"),
        "{bib}"
    );
    assert!(bib.contains("@article{75422,\n  title = {Iraqi PM meets \"Shamkhani\", talks, more talks},\n  author = {A. Writer and B. Writer},\n  journal = {NOURNEWS},\n  year = {2021},\n  date = {2021-09-13},"), "{bib}");
    assert!(bib.contains("note = {Broadsheet id =cmd|' /C calc'!A0; licence: CC BY 2.5 \\{and\\} 100\\% \\$free\\_ \\& \\~{}\\^{}\\textbackslash{}}"), "{bib}");
    assert!(bib.contains("@article{_cmd____C_calc__A0,"), "{bib}");
    assert!(bib.contains("url = {https://nournews.ir/n/75422}"), "{bib}");
    assert!(
        bib.contains("address: https://example.org/broadsheet/#/?q=iran\n"),
        "{bib}"
    );
    assert!(
        bib.contains("@article{75422_,"),
        "the id with a space: {bib}"
    );
    // Braces balance: no value can close its field early.
    let depth = bib.chars().try_fold(0i32, |d, c| match c {
        '{' => Some(d + 1),
        '}' => (d > 0).then(|| d - 1),
        _ => Some(d),
    });
    let escaped_braces = bib.matches("\\{").count() as i32 - bib.matches("\\}").count() as i32;
    assert_eq!(depth, Some(escaped_braces));
}

#[test]
fn an_article_cites_as_authors_title_outlet_date_link_and_id() {
    let a = &articles()[0];
    assert_eq!(
        citation(a),
        "A. Writer, B. Writer. \u{201c}Iraqi PM meets \"Shamkhani\", talks, more talks.\u{201d} NOURNEWS, 13 Sep 2021, 23:03. https://nournews.ir/n/75422 (Broadsheet id 75422)"
    );
}
