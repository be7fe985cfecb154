//! A page's bytes as text. UTF-8 (most of the web, and every page of
//! CC-NEWS's recent years) is read as it is; Latin-1 and its superset
//! windows-1252 (and ASCII, a subset of both) through a small table, as
//! browsers read all three. Any other charset is named and the page
//! ignored: a table per charset would be more wasm than this reader's
//! pages are worth, and guessing would put wrong letters in the text.

/// How far into a page its `<meta charset>` is looked for (HTML puts it
/// in the first 1024 bytes; some pages are late).
const META_BYTES: usize = 2048;

/// The charset a page is in: its `Content-Type`'s, else its
/// `<meta charset>` or `http-equiv` one, else UTF-8. A UTF-8 BOM wins.
pub fn charset_of(content_type: Option<&str>, page: &[u8]) -> String {
    if page.starts_with(b"\xEF\xBB\xBF") {
        return "utf-8".into();
    }
    content_type
        .and_then(charset_param)
        .or_else(|| meta_charset(page))
        .unwrap_or_else(|| "utf-8".into())
}

/// The `charset=` of a `Content-Type`, lower-cased and unquoted.
fn charset_param(value: &str) -> Option<String> {
    let lower = value.to_ascii_lowercase();
    let at = lower.find("charset=")? + "charset=".len();
    let label = lower[at..]
        .trim_start_matches(['"', '\''])
        .split(['"', '\'', ';', ' ', '>', '/'])
        .next()?
        .trim();
    (!label.is_empty()).then(|| label.to_owned())
}

/// The charset a `<meta>` in the page's first bytes names.
fn meta_charset(page: &[u8]) -> Option<String> {
    let start = String::from_utf8_lossy(&page[..page.len().min(META_BYTES)]).to_ascii_lowercase();
    start.match_indices("<meta").find_map(|(at, _)| {
        let tag = &start[at..];
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        charset_param(tag)
    })
}

/// The page as text, or why it is not read.
pub fn decode(page: &[u8], charset: &str) -> Result<String, String> {
    match charset {
        "utf-8" | "utf8" | "unicode-1-1-utf-8" => {
            let page = page.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(page);
            String::from_utf8(page.to_vec())
                .map_err(|_| "not valid UTF-8 (as its charset says it is)".to_owned())
        }
        "iso-8859-1" | "iso8859-1" | "latin1" | "latin-1" | "l1" | "windows-1252" | "cp1252"
        | "x-cp1252" | "us-ascii" | "ascii" => Ok(page.iter().map(|&b| windows_1252(b)).collect()),
        other => Err(format!(
            "charset {} is not read",
            crate::published::shorten(other, 30)
        )),
    }
}

/// A windows-1252 byte as its character (Latin-1 but for 0x80–0x9F,
/// where windows-1252 has letters and punctuation; its five unused bytes
/// are kept as the C1 controls Latin-1 has there).
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9f => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_then_the_meta_then_utf8_say_the_charset() {
        assert_eq!(
            charset_of(Some("text/html; charset=\"Windows-1252\""), b""),
            "windows-1252"
        );
        assert_eq!(
            charset_of(Some("text/html"), b"<html><head><META http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1256\">"),
            "windows-1256"
        );
        assert_eq!(
            charset_of(None, b"<meta charset='ISO-8859-1'>"),
            "iso-8859-1"
        );
        assert_eq!(charset_of(None, b"<p>charset=koi8-r</p>"), "utf-8");
        assert_eq!(
            charset_of(Some("text/html; charset=latin1"), b"\xEF\xBB\xBFx"),
            "utf-8"
        );
    }

    #[test]
    fn latin_pages_decode_and_others_are_named() {
        assert_eq!(
            decode(b"caf\xe9 \x93quoted\x94 \x80", "windows-1252").unwrap(),
            "café “quoted” €"
        );
        assert_eq!(
            decode(b"caf\xe9", "utf-8").unwrap_err(),
            "not valid UTF-8 (as its charset says it is)"
        );
        assert_eq!(
            decode(b"x", "windows-1256").unwrap_err(),
            "charset windows-1256 is not read"
        );
    }
}
