//! A WARC record's header block: `WARC/1.1`, then `Name: value` lines to a
//! blank line. Only the fields the reader uses are kept.

use crate::numbers::file_size;

/// The most bytes a header block may have (Common Crawl's are under 1 KB):
/// one that goes on past this is taken as no header at all.
pub const MAX_HEADER_BYTES: usize = 64 * 1024;

/// What a record's header says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordHeader {
    /// `WARC-Type`, lower-cased (`response`, `request`, `warcinfo`, …).
    pub kind: Option<String>,
    /// `Content-Length`: the bytes of the record's block.
    pub length: u64,
    /// `WARC-Target-URI`: the page's address.
    pub target_uri: Option<String>,
    /// `WARC-Date`: when it was captured.
    pub date: Option<String>,
}

impl RecordHeader {
    /// Reads a header block (from `WARC/1.` to its blank line included).
    pub fn parse(block: &[u8]) -> Result<RecordHeader, String> {
        let text = String::from_utf8_lossy(block);
        let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
        let version = lines.next().unwrap_or_default();
        if !matches!(version.trim_end(), "WARC/1.0" | "WARC/1.1") {
            return Err(format!(
                "its version line is {:?}; this reader reads WARC/1.0 and WARC/1.1",
                crate::published::shorten(version, 40)
            ));
        }
        let mut header = RecordHeader::default();
        let mut length = None;
        for line in lines {
            // Continuation lines (folded values) carry nothing kept here.
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match name.trim().to_ascii_lowercase().as_str() {
                "warc-type" => header.kind = Some(value.to_ascii_lowercase()),
                "content-length" => length = Some(value.to_owned()),
                // Some writers put the URI in angle brackets (the 1.0 spec's example).
                "warc-target-uri" => {
                    header.target_uri = Some(
                        value
                            .trim_start_matches('<')
                            .trim_end_matches('>')
                            .to_owned(),
                    )
                }
                "warc-date" => header.date = Some(value.to_owned()),
                _ => {}
            }
        }
        let length = length.ok_or("its header has no Content-Length")?;
        header.length = length.parse().map_err(|_| {
            format!(
                "its Content-Length {:?} is not a number of bytes",
                crate::published::shorten(&length, 30)
            )
        })?;
        Ok(header)
    }

    /// Whether this is a `response` record (the only kind that may hold an
    /// article).
    pub fn is_response(&self) -> bool {
        self.kind.as_deref() == Some("response")
    }
}

/// Where a header block ends in `bytes` (just past its blank line), looked
/// for from `from` on: `\r\n\r\n`, or `\n\n` from a writer that drops CRs.
pub fn block_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(nl) = bytes.get(at..)?.iter().position(|&b| b == b'\n') {
        let after = at + nl + 1;
        match bytes.get(after..) {
            Some([b'\n', ..]) => return Some(after + 1),
            Some([b'\r', b'\n', ..]) => return Some(after + 2),
            _ => at = after,
        }
    }
    None
}

/// The words for a block over the limit.
pub fn over_limit(limit: usize) -> String {
    format!("larger than {} (the record limit)", file_size(limit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_gives_its_fields_and_its_length() {
        let block = b"WARC/1.1\r\nWARC-Type: Response\r\nWARC-Target-URI: <https://a.example/x>\r\nContent-Length: 12\r\n\r\n";
        let header = RecordHeader::parse(block).unwrap();
        assert_eq!(header.kind.as_deref(), Some("response"));
        assert_eq!(header.target_uri.as_deref(), Some("https://a.example/x"));
        assert_eq!(header.length, 12);
        assert_eq!(
            RecordHeader::parse(b"WARC/1.0\nContent-Length: 12k\n\n").unwrap_err(),
            "its Content-Length \"12k\" is not a number of bytes"
        );
        assert_eq!(
            RecordHeader::parse(b"WARC/1.0\n\n").unwrap_err(),
            "its header has no Content-Length"
        );
    }

    #[test]
    fn a_block_ends_at_its_blank_line_with_or_without_crs() {
        assert_eq!(block_end(b"WARC/1.0\r\nA: b\r\n\r\nrest", 0), Some(18));
        assert_eq!(block_end(b"WARC/1.0\nA: b\n\nrest", 0), Some(15));
        assert_eq!(block_end(b"WARC/1.0\r\nA: b\r\n", 0), None);
    }
}
