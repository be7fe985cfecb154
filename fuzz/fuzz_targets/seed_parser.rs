//! `parse_seed_bytes` on any bytes: never panics, anything it accepts is a
//! valid article with one-line fields, errors are located, and the result
//! is deterministic. Slow inputs show up as libFuzzer timeouts.
#![no_main]

use broadsheet_core::{parse_seed_bytes, Published};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let first = parse_seed_bytes(data);
    match &first {
        Ok(a) => {
            assert_eq!(a.validate(), Ok(()), "{a:?}");
            assert!(matches!(a.published, Published::DateTime(_)));
            let fields = [&a.id, &a.title, &a.lead, &a.source]
                .into_iter()
                .chain(a.body.iter());
            for field in fields {
                // Every field is one line of the file: no line break of any
                // kind, and no control character (that makes a file binary)
                // other than a tab.
                assert!(
                    !field.contains(['\r', '\n']),
                    "line break in a field: {field:?}"
                );
                assert!(
                    !field.chars().any(|c| c.is_control() && c != '\t'),
                    "control character in a field: {field:?}"
                );
            }
            for p in std::iter::once(&a.lead).chain(a.body.iter()) {
                assert!(!p.trim().is_empty(), "blank paragraph: {a:?}");
            }
        }
        Err(e) => {
            assert!(e.line >= 1, "{e:?}");
            // Lines end at LF, CRLF or a lone CR; in UTF-16 each break still
            // has a 0x0A or 0x0D byte, so this bounds the line number.
            let breaks = data.iter().filter(|&&b| b == b'\n' || b == b'\r').count();
            assert!(e.line <= 1 + breaks, "{e:?} with {breaks} line breaks");
            let text = e.to_string();
            assert!(text.starts_with(&format!("line {}: ", e.line)), "{text}");
        }
    }
    assert_eq!(
        parse_seed_bytes(data),
        first,
        "parsing is not deterministic"
    );
});
