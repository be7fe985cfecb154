//! The normaliser's rules, written out with unicode-normalization (the crate
//! the normaliser used before it had its own table; a dev-dependency now,
//! so none of its tables reach the wasm): they write `fold_table/data.rs`
//! and check the normaliser against them for every character.
//!
//! Regenerate the table (after updating unicode-normalization) with
//! `BROADSHEET_WRITE_FOLD_TABLE=1 cargo test -p broadsheet-core fold_table`.

use super::fold_table::{shifting_run, string_run, LONGEST_RUN};
use super::{hangul_jamo, normalize_into};
use std::fmt::Write;
use unicode_normalization::char::{canonical_combining_class, decompose_compatible};

const DATA_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/src/search/normalize/fold_table/data.rs"
);

/// The normaliser's rules (the table in `normalize.rs`), one character at a
/// time: NFKD, lower case, then characters removed or mapped.
fn reference_normalize(word: &str) -> String {
    let mut out = String::new();
    for c in word.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        let c = if c == '\u{06C0}' { '\u{0647}' } else { c };
        decompose_compatible(c, |d| {
            for l in d.to_lowercase() {
                if !is_removed(l) {
                    push_mapped(l, &mut out);
                }
            }
        });
    }
    out
}

/// Whether a character disappears in normalisation (marks, tatweel, joiners).
fn is_removed(c: char) -> bool {
    matches!(
        c,
        '\u{064B}'
            ..='\u{065F}'
                | '\u{0670}'
                | '\u{0640}'
                | '\u{200C}'
                | '\u{200D}'
                | '\u{00AD}'
                | '\u{FEFF}'
                // Direction marks: invisible, often pasted into RTL text.
                | '\u{200E}'
                | '\u{200F}'
                | '\u{061C}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
    ) || canonical_combining_class(c) != 0
}

fn push_mapped(c: char, out: &mut String) {
    let mapped = match c {
        '\u{064A}' | '\u{0649}' => '\u{06CC}',
        '\u{0643}' => '\u{06A9}',
        '\u{0671}' => '\u{0627}',
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        'ß' => {
            out.push_str("ss");
            return;
        }
        _ => c,
    };
    out.push(mapped);
}

/// Each non-ASCII character (Hangul syllables aside) whose normal form is
/// not itself, with that form.
fn normal_forms() -> Vec<(char, String)> {
    (0..=0x10FFFF)
        .filter_map(char::from_u32)
        .filter(|&c| !c.is_ascii() && hangul_jamo(c).is_none())
        .filter_map(|c| {
            let folded = reference_normalize(c.encode_utf8(&mut [0; 4]));
            (folded != c.to_string()).then_some((c, folded))
        })
        .collect()
}

enum Image {
    /// Each character onto this one, the next onto the next, …
    Shift(char),
    /// Every character onto this string.
    Same(String),
}

struct Run {
    start: char,
    length: u32,
    image: Image,
}

fn single(s: &str) -> Option<char> {
    let mut chars = s.chars();
    chars.next().filter(|_| chars.next().is_none())
}

/// The normal forms as runs of consecutive characters.
fn runs(normal_forms: Vec<(char, String)>) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for (c, folded) in normal_forms {
        if let Some(last) = runs.last_mut() {
            let next = last.start as u32 + last.length;
            if next == c as u32 && last.length < LONGEST_RUN {
                let target = single(&folded).map(|t| t as u32);
                match &last.image {
                    Image::Same(s) if *s == folded => {}
                    Image::Shift(first) if target == Some(*first as u32 + last.length) => {}
                    Image::Same(s)
                        if last.length == 1
                            && single(s).is_some_and(|t| Some(t as u32 + 1) == target) =>
                    {
                        last.image = Image::Shift(single(s).unwrap_or(c));
                    }
                    _ => {
                        runs.push(Run {
                            start: c,
                            length: 1,
                            image: Image::Same(folded),
                        });
                        continue;
                    }
                }
                last.length += 1;
                continue;
            }
        }
        runs.push(Run {
            start: c,
            length: 1,
            image: Image::Same(folded),
        });
    }
    runs
}

/// Rust source for `data.rs`.
fn fold_table_source() -> String {
    let runs = runs(normal_forms());
    let mut pool = String::new();
    let entries: Vec<(u32, u32)> = runs
        .iter()
        .map(|run| {
            let entry = match &run.image {
                Image::Shift(first) => shifting_run(run.length, *first),
                // One character onto one: no need for the pool.
                Image::Same(s) if run.length == 1 && single(s).is_some() => {
                    shifting_run(1, single(s).unwrap_or(run.start))
                }
                Image::Same(s) => {
                    let offset = pool.find(s.as_str()).unwrap_or_else(|| {
                        pool.push_str(s);
                        pool.len() - s.len()
                    });
                    string_run(run.length, offset, s.len())
                }
            };
            (run.start as u32, entry)
        })
        .collect();
    let (major, minor, update) = unicode_normalization::UNICODE_VERSION;
    let mut source = format!(
        "//! Generated from unicode-normalization (Unicode {major}.{minor}.{update}) by\n\
         //! `BROADSHEET_WRITE_FOLD_TABLE=1 cargo test -p broadsheet-core fold_table`:\n\
         //! do not edit. See `../fold_table.rs` for the encoding.\n\n"
    );
    let array = |source: &mut String, name: &str, values: Vec<String>| {
        let _ = writeln!(
            source,
            "pub(super) static {name}: [u32; {}] = [",
            values.len()
        );
        for line in values.chunks(16) {
            let _ = writeln!(source, "    {},", line.join(", "));
        }
        source.push_str("];\n");
    };
    array(
        &mut source,
        "STARTS",
        entries.iter().map(|(s, _)| format!("0x{s:05X}")).collect(),
    );
    array(
        &mut source,
        "RUNS",
        entries.iter().map(|(_, r)| format!("0x{r:08X}")).collect(),
    );
    source.push_str("pub(super) static POOL: &str = \"\\\n");
    let escaped: Vec<String> = pool
        .chars()
        .map(|c| match c.is_alphanumeric() {
            true => c.to_string(),
            false => format!("\\u{{{:X}}}", c as u32),
        })
        .collect();
    for line in escaped.chunks(48) {
        let _ = writeln!(source, "    {}\\", line.concat());
    }
    source.push_str("\";\n");
    source
}

#[test]
fn fold_table_is_generated_from_unicode_normalization() {
    let source = fold_table_source();
    if std::env::var_os("BROADSHEET_WRITE_FOLD_TABLE").is_some() {
        std::fs::write(DATA_PATH, &source).expect("write the fold table");
    }
    let committed = std::fs::read_to_string(DATA_PATH).expect("read the fold table");
    assert!(
        source == committed,
        "fold_table/data.rs is stale: BROADSHEET_WRITE_FOLD_TABLE=1 cargo test -p broadsheet-core fold_table"
    );
}

#[test]
fn every_character_normalises_as_with_unicode_normalization() {
    let (mut word, mut out) = (String::new(), String::new());
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        word.clear();
        word.push(c);
        normalize_into(&word, &mut out);
        assert_eq!(out, reference_normalize(&word), "U+{:04X}", c as u32);
    }
}
