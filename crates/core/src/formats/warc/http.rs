//! A `response` record's block: an HTTP message, taken apart to the page
//! it carries, as text.
//!
//! Crawlers store the payload either as it came (chunked, gzipped) or
//! already decoded; Common Crawl does the latter and renames the headers
//! that would mislead (`X-Crawler-Content-Encoding`,
//! `X-Crawler-Transfer-Encoding`). Both are read: the renamed headers are
//! not looked at, and a payload that a header calls gzip or chunked but
//! that is not is taken as already decoded.

use super::charset::{charset_of, decode};
use crate::gunzip::{gunzip_limited, is_gzip};

/// An HTML page out of a response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebPage {
    pub html: String,
    /// Its `Content-Language` header, if any.
    pub content_language: Option<String>,
}

/// Why a response gave no page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotRead {
    /// Not a page to read, and nothing wrong with it (an image, a
    /// redirect): counted by this reason.
    Ignored(String),
    /// A broken message: reported as a problem.
    Problem(String),
}

use NotRead::{Ignored, Problem};

/// The HTML page a response record's block carries; unzipped pages are
/// kept to `limit` bytes.
pub fn web_page(block: &[u8], limit: usize) -> Result<WebPage, NotRead> {
    if !block.starts_with(b"HTTP/") {
        return Err(Ignored("not an HTTP response".into()));
    }
    let end = super::header::block_end(block, 0)
        .ok_or_else(|| Problem("its HTTP header has no end (no blank line)".into()))?;
    let head = String::from_utf8_lossy(&block[..end]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or_default();
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| {
            Problem(format!(
                "its HTTP status line {:?} has no status code",
                crate::published::shorten(status_line, 40)
            ))
        })?;
    let headers: Vec<(String, &str)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim()))
        .collect();
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| *v)
            .filter(|v| !v.is_empty())
    };
    match status {
        200 => {}
        300..=399 => return Err(Ignored("redirect".into())),
        _ => return Err(Ignored(format!("HTTP status {status}"))),
    }
    let mut payload = &block[end..];
    let content_type = header("content-type");
    let mime = content_type.map(|t| {
        t.split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase()
    });
    match mime.as_deref() {
        Some("text/html" | "application/xhtml+xml") => {}
        None if looks_like_html(payload) => {}
        _ => return Err(Ignored("not HTML".into())),
    }
    let dechunked;
    if header("transfer-encoding").is_some_and(|t| t.to_ascii_lowercase().contains("chunked")) {
        if let Some(body) = dechunk(payload, limit).map_err(Problem)? {
            dechunked = body;
            payload = &dechunked;
        }
    }
    let unzipped;
    match header("content-encoding")
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None | Some("identity") => {}
        Some("gzip" | "x-gzip") if is_gzip(payload) => {
            unzipped = gunzip_limited(payload, limit)
                .map_err(|e| Problem(format!("its gzipped page cannot be unzipped: {e}")))?;
            payload = &unzipped;
        }
        // Stored already decoded.
        Some("gzip" | "x-gzip") => {}
        Some("deflate") => {
            if let Some(body) = inflate(payload, limit).map_err(Problem)? {
                unzipped = body;
                payload = &unzipped;
            }
        }
        Some(other) => {
            return Err(Ignored(format!(
                "Content-Encoding {} is not read",
                crate::published::shorten(other, 20)
            )))
        }
    }
    let charset = charset_of(content_type, payload);
    let html = decode(payload, &charset).map_err(Ignored)?;
    Ok(WebPage {
        html,
        content_language: header("content-language").map(str::to_owned),
    })
}

/// A `deflate` body (zlib, as the standard says, or raw deflate, as some
/// servers send), at most `limit` bytes; `Ok(None)` when it starts as
/// HTML does (stored already decoded).
fn inflate(body: &[u8], limit: usize) -> Result<Option<Vec<u8>>, String> {
    use miniz_oxide::inflate::core::inflate_flags::{
        TINFL_FLAG_PARSE_ZLIB_HEADER, TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF,
    };
    use miniz_oxide::inflate::core::{decompress, DecompressorOxide};
    use miniz_oxide::inflate::TINFLStatus;
    if body.first() == Some(&b'<') || looks_like_html(body) {
        return Ok(None);
    }
    let zlib = matches!(body, [a, b, ..] if a & 0x0f == 8 && (u16::from(*a) << 8 | u16::from(*b)) % 31 == 0);
    let mut flags = TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    if zlib {
        flags |= TINFL_FLAG_PARSE_ZLIB_HEADER;
    }
    let mut inflater = Box::<DecompressorOxide>::default();
    let mut out = vec![0; body.len().saturating_mul(4).clamp(1, limit.max(1))];
    let (mut read_at, mut written_at) = (0, 0);
    loop {
        let (status, read, written) =
            decompress(&mut inflater, &body[read_at..], &mut out, written_at, flags);
        read_at += read;
        written_at += written;
        match status {
            TINFLStatus::Done => {
                out.truncate(written_at);
                return Ok(Some(out));
            }
            TINFLStatus::HasMoreOutput if out.len() < limit => {
                let grown = out.len().saturating_mul(2).min(limit);
                out.resize(grown, 0);
            }
            TINFLStatus::HasMoreOutput => return Err(super::header::over_limit(limit)),
            _ => return Err("its deflated page is damaged or cut short".into()),
        }
    }
}

/// A payload without a `Content-Type` that starts as HTML does.
fn looks_like_html(payload: &[u8]) -> bool {
    let start = String::from_utf8_lossy(&payload[..payload.len().min(256)]).to_ascii_lowercase();
    let start = start.trim_start_matches('\u{feff}').trim_start();
    start.starts_with("<!doctype html") || start.starts_with("<html")
}

/// A chunked body's data (`Ok(None)`: it is not chunked, but stored
/// decoded); an error for chunks cut short or over `limit`.
fn dechunk(mut body: &[u8], limit: usize) -> Result<Option<Vec<u8>>, String> {
    let mut out = Vec::new();
    let mut first = true;
    loop {
        let Some(nl) = body.iter().position(|&b| b == b'\n') else {
            return match first {
                true => Ok(None),
                false => Err("its chunked page is cut short".into()),
            };
        };
        let line = String::from_utf8_lossy(&body[..nl]);
        let size = line.split(';').next().unwrap_or_default().trim();
        let Ok(size) = usize::from_str_radix(size, 16) else {
            return match first {
                true => Ok(None),
                false => Err(format!(
                    "its chunked page has a bad chunk size {:?}",
                    crate::published::shorten(size, 20)
                )),
            };
        };
        first = false;
        body = &body[nl + 1..];
        if size == 0 {
            return Ok(Some(out));
        }
        if size > body.len() {
            return Err("its chunked page is cut short".into());
        }
        if out.len() + size > limit {
            return Err(super::header::over_limit(limit));
        }
        out.extend_from_slice(&body[..size]);
        body = &body[size..];
        body = body.strip_prefix(b"\r").unwrap_or(body);
        body = body.strip_prefix(b"\n").unwrap_or(body);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(block: &str) -> Result<WebPage, NotRead> {
        web_page(block.as_bytes(), 1 << 20)
    }

    #[test]
    fn statuses_and_types_that_are_not_pages_are_ignored_by_reason() {
        assert_eq!(
            page("HTTP/1.1 301 Moved\r\nLocation: /x\r\n\r\n"),
            Err(Ignored("redirect".into()))
        );
        assert_eq!(
            page("HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<p>no"),
            Err(Ignored("HTTP status 404".into()))
        );
        assert_eq!(
            page("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\u{89}PNG"),
            Err(Ignored("not HTML".into()))
        );
        assert_eq!(
            page("HTTP/1.1 OK\r\n\r\n"),
            Err(Problem(
                "its HTTP status line \"HTTP/1.1 OK\" has no status code".into()
            ))
        );
    }

    #[test]
    fn chunks_and_gzip_are_undone_and_decoded_payloads_kept() {
        let chunked = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<p>ab\r\n4;x=y\r\ncd</\r\n2\r\np>\r\n0\r\n\r\n";
        assert_eq!(page(chunked).unwrap().html, "<p>abcd</p>");
        let decoded = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Crawler-Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n<p>plain</p>";
        assert_eq!(page(decoded).unwrap().html, "<p>plain</p>");
        let deflated = |zlib: bool| {
            let html = b"<p>deflated</p>";
            use std::io::Write;
            let body = match zlib {
                true => {
                    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), Default::default());
                    e.write_all(html).unwrap();
                    e.finish().unwrap()
                }
                false => {
                    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), Default::default());
                    e.write_all(html).unwrap();
                    e.finish().unwrap()
                }
            };
            let mut block =
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: deflate\r\n\r\n"
                    .to_vec();
            block.extend_from_slice(&body);
            web_page(&block, 1 << 20).map(|p| p.html)
        };
        assert_eq!(deflated(true).as_deref(), Ok("<p>deflated</p>"));
        assert_eq!(deflated(false).as_deref(), Ok("<p>deflated</p>"));
        assert_eq!(
            page("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<p>"),
            Err(Problem("its chunked page is cut short".into()))
        );
    }
}
