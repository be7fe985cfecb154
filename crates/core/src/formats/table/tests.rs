use super::*;

const NEWSPAPER: &str = include_str!("../../../../../tests/fixtures/tables/newspaper4k.csv");
const OWN_COLUMNS: &str = include_str!("../../../../../tests/fixtures/tables/own-columns.csv");

fn read(text: &str, chunk: usize, map: Vec<(Field, String)>) -> Result<LoadedArticles, String> {
    let first_line = text.lines().next().unwrap_or("");
    let mut reader = TableReader::new(separator_of(first_line.as_bytes()), 1 << 20, map);
    let mut early = Vec::new();
    for piece in text.as_bytes().chunks(chunk) {
        reader.push(piece);
        early.extend(reader.take_articles());
    }
    let mut loaded = reader.finish()?;
    early.append(&mut loaded.articles);
    loaded.articles = early;
    Ok(loaded)
}

fn skips(loaded: &LoadedArticles) -> Vec<String> {
    loaded.skipped.iter().map(|s| s.to_string()).collect()
}

#[test]
fn a_newspaper4k_export_reads_each_row_with_quoted_line_breaks_kept_as_paragraphs() {
    for chunk in [1, 7, 100, 1 << 16] {
        let loaded = read(NEWSPAPER, chunk, vec![]).unwrap();
        let titles: Vec<&str> = loaded.articles.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Harvest festival draws record crowds",
                "Council approves new cycle lanes",
                "Derby ends in a draw"
            ],
            "chunk {chunk}"
        );
        let harvest = &loaded.articles[0];
        assert!(harvest.lead.starts_with("The town's harvest festival"));
        assert_eq!(harvest.body.len(), 1);
        assert!(harvest.body[0].contains("\"Rhine, wine and bread\" stall"));
        assert_eq!(harvest.published.to_iso(), "2021-09-11T18:30:00");
        assert_eq!(harvest.source, "example-rhine-post.de");
        assert_eq!(harvest.lang.as_deref(), Some("en"));
        // newspaper4k writes its authors as a Python list.
        assert_eq!(harvest.authors, ["Lena Vogel"]);
        // The seed's US form is read too; a summary is the lead.
        let derby = &loaded.articles[2];
        assert_eq!(derby.published.to_iso(), "2021-09-07T21:45:00");
        assert_eq!(derby.lead, "The derby ended 1-1.");
        assert_eq!(
            skips(&loaded),
            [
                "line 8: record 3: the row has 9 cells where the header has 8 (a separator or quote out of place?)",
                "line 10: record 5: the date cell is empty",
            ],
            "chunk {chunk}"
        );
    }
}

#[test]
fn semicolons_and_other_names_are_read_with_a_map() {
    let why = read(OWN_COLUMNS, 64, vec![]).unwrap_err();
    assert!(
        why.starts_with("the header names no title column (it has `Schlagzeile`, `Datum`, `Inhalt`, `Quelle`; looked for `title`, `headline`, `heading`): rename that column in the header to `title`, or name it with broadsheet-ingest's `--map title=COLUMN`"),
        "{why}"
    );
    let map = vec![
        (Field::Title, "Schlagzeile".to_owned()),
        (Field::Date, "Datum".to_owned()),
        (Field::Text, "Inhalt".to_owned()),
        (Field::Source, "quelle".to_owned()),
    ];
    let loaded = read(OWN_COLUMNS, 5, map).unwrap();
    assert_eq!(loaded.articles.len(), 2);
    let bridge = &loaded.articles[0];
    assert_eq!(bridge.title, "Neue Brücke eröffnet");
    assert_eq!(bridge.source, "Main-Echo (Beispiel)");
    assert_eq!(
        bridge.body,
        ["Sie ersetzt einen Bau aus den fünfziger Jahren."]
    );
    assert!(skips(&loaded).is_empty());
    // A map naming a column the header lacks says so.
    let why = read(OWN_COLUMNS, 64, vec![(Field::Title, "Titel".into())]).unwrap_err();
    assert!(
        why.starts_with("the header has no column `Titel` (mapped to `title`)"),
        "{why}"
    );
}

#[test]
fn the_separator_is_the_one_the_header_has_most_of_outside_quotes() {
    assert_eq!(separator_of(b"title,date,text"), b',');
    assert_eq!(separator_of(b"title;date;text"), b';');
    assert_eq!(separator_of(b"title\tdate\ttext"), b'\t');
    assert_eq!(separator_of(b"\"a;b;c\",date,text"), b',');
    assert_eq!(separator_of(b"title"), b',');
}

#[test]
fn rows_over_the_limit_are_skipped_and_the_rest_read() {
    let big = "x".repeat(5000);
    let text = format!("title,date,text\nSmall,2021-01-01,Fine.\nBig,2021-01-02,{big}\nAfter,2021-01-03,Also fine.\n");
    let mut reader = TableReader::new(b',', 1000, vec![]);
    reader.push(text.as_bytes());
    let loaded = reader.finish().unwrap();
    let titles: Vec<&str> = loaded.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["Small", "After"]);
    assert_eq!(
        skips(&loaded),
        [format!("line 3: record 2: {}", oversized_record(1000))]
    );
}

#[test]
fn rows_over_a_limit_smaller_than_the_read_buffer_are_skipped_too() {
    let text = format!(
        "title,date,text\nSmall,2021-01-01,Fine.\nBig,2021-01-02,{}\n",
        "y".repeat(300)
    );
    let mut reader = TableReader::new(b',', 200, vec![]);
    for piece in text.as_bytes().chunks(7) {
        reader.push(piece);
    }
    let loaded = reader.finish().unwrap();
    assert_eq!(loaded.articles.len(), 1);
    assert_eq!(loaded.skipped.len(), 1);
    assert_eq!(loaded.skipped[0].line, 3);
}

#[test]
fn a_header_row_over_the_limit_is_refused_not_replaced_by_the_first_row() {
    let text = format!(
        "title,date,text,{}\nTitle,2021-01-01,Text,x\n",
        "h".repeat(3000)
    );
    let mut reader = TableReader::new(b',', 1000, vec![]);
    reader.push(text.as_bytes());
    assert!(reader.failed().is_some());
    assert_eq!(
        reader.finish().unwrap_err(),
        "the header row is over 1000 bytes: is this a table?"
    );
}

#[test]
fn empty_and_headerless_tables_say_what_is_missing() {
    assert_eq!(
        TableReader::new(b',', 1000, vec![]).finish().unwrap_err(),
        "the file is empty: a table needs a header row"
    );
    let mut reader = TableReader::new(b',', 1000, vec![]);
    reader.push(b"one,two\n1,2\n");
    assert!(reader.failed().is_some());
    assert!(reader
        .finish()
        .unwrap_err()
        .starts_with("the header names no title column"));
}

#[test]
fn blank_lines_and_a_missing_final_line_break_are_fine() {
    let text = "title,date,text\n\nA,2021-01-01,One.\n\nB,2021-01-02,Two.";
    let loaded = read(text, 3, vec![]).unwrap();
    assert_eq!(loaded.articles.len(), 2);
    assert!(loaded.skipped.is_empty());
    assert_eq!(loaded.lines, [5]);
}

#[test]
fn authors_cells_are_split_whatever_their_form() {
    assert_eq!(authors_of("['A. One', \"B. Two\"]"), ["A. One", "B. Two"]);
    assert_eq!(authors_of("A. One; B. Two; A. One"), ["A. One", "B. Two"]);
    assert_eq!(authors_of("[]"), Vec::<String>::new());
}

#[test]
fn hash_lines_before_the_header_are_a_preamble_and_after_it_data() {
    let text = "# exported by a tool\n#  query: a, b; c\n\ntitle;date;text\n#1 story;2021-09-13;Text one.\nTwo;2021-09-14;Text two.\n";
    for chunk in [1, 3, 17, 1 << 16] {
        let mut reader = TableReader::new(b';', 1 << 20, vec![]);
        for piece in text.as_bytes().chunks(chunk) {
            reader.push(piece);
        }
        let loaded = reader.finish().unwrap();
        let titles: Vec<&str> = loaded.articles.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles, ["#1 story", "Two"], "chunks of {chunk}");
        assert_eq!(loaded.lines, [5, 6], "lines counted with the preamble");
    }
    // The file is told a table by its header, past the preamble.
    let load =
        crate::files::load_named_file("t.csv", crate::files::InputKind::Records, text.as_bytes());
    assert!(load.problems.is_empty(), "{:?}", load.problems);
    assert_eq!(load.articles.len(), 2);
}
