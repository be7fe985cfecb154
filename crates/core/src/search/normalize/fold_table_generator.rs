//! Writes and checks `fold_table/data.rs` against unicode-normalization,
//! the crate the normaliser used before it had its own table (a
//! dev-dependency now, so none of its tables reach the wasm).
//!
//! Regenerate the table (after updating unicode-normalization) with
//! `BROADSHEET_WRITE_FOLD_TABLE=1 cargo test -p broadsheet-core fold_table`.

use super::fold_table::{shifting_run, string_run, LONGEST_RUN};
use super::{hangul_jamo, normalize_into, push_folded};
use std::fmt::Write;
use unicode_normalization::char::{canonical_combining_class, decompose_compatible};

const DATA_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/src/search/normalize/fold_table/data.rs"
);

/// The normaliser as it was with unicode-normalization: each character's
/// NFKD, lower-cased, with every character of non-zero canonical combining
/// class removed.
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
                if canonical_combining_class(l) == 0 {
                    push_folded(l, &mut out);
                }
            }
        });
    }
    out
}

/// Each non-ASCII character (Hangul syllables aside) whose decomposition,
/// combining marks left out, is not itself, with that decomposition.
fn folded_decompositions() -> Vec<(char, String)> {
    (0..=0x10FFFF)
        .filter_map(char::from_u32)
        .filter(|&c| !c.is_ascii() && hangul_jamo(c).is_none())
        .filter_map(|c| {
            let mut folded = String::new();
            decompose_compatible(c, |d| {
                if canonical_combining_class(d) == 0 {
                    folded.push(d);
                }
            });
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

/// The decompositions as runs of consecutive characters.
fn runs(decompositions: Vec<(char, String)>) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for (c, folded) in decompositions {
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
    let runs = runs(folded_decompositions());
    let mut pool = String::new();
    let entries: Vec<(u32, u32)> = runs
        .iter()
        .map(|run| {
            let entry = match &run.image {
                Image::Shift(first) => shifting_run(run.length, *first),
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
        for line in values.chunks(8) {
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
        .map(|c| match c.is_ascii_alphanumeric() {
            true => c.to_string(),
            false => format!("\\u{{{:X}}}", c as u32),
        })
        .collect();
    for line in escaped.chunks(12) {
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
