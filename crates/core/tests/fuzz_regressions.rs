//! Inputs found by the cargo-fuzz targets in `fuzz/` (see `fuzz/README.md`),
//! minimised, each with what it found. They run with the ordinary tests so
//! the bugs stay fixed without a nightly toolchain.

use broadsheet_core::{parse_seed_bytes, Published};

/// What the `seed_parser` target checks of an accepted article: valid, and
/// every field one line of the file.
fn assert_clean_article(bytes: &[u8]) -> broadsheet_core::Article {
    let a = parse_seed_bytes(bytes).expect("parses");
    assert_eq!(a.validate(), Ok(()));
    assert!(matches!(a.published, Published::DateTime(_)));
    for field in [&a.id, &a.title, &a.lead, &a.source]
        .into_iter()
        .chain(a.body.iter())
    {
        assert!(!field.contains(['\r', '\n']), "line break in {field:?}");
    }
    a
}

/// seed_parser: a lone CR in a file that also has LF line ends stayed
/// inside the paragraph (`"ي\rf"`): lone CRs only counted as line ends in
/// files with no LF at all.
#[test]
fn seed_lone_cr_in_a_file_with_lf_ends_a_line() {
    let bytes = b"News ID :1\nPublish Date:1/2/2021 4:0\n\xd8\xa7\n\xd9\x8a\rf";
    let a = assert_clean_article(bytes);
    assert_eq!(a.title, "ا");
    assert_eq!(a.lead, "ي");
    assert_eq!(a.body, ["f"]);
}
