//! The one typed fetch helper: a GET whose body is handed over chunk by
//! chunk as it streams in, with progress; and the stream reader it shares
//! with files the user opens.

use crate::js;
use crate::limits::{MAX_OPEN_BYTES, MAX_OPEN_BYTES_F64};
use broadsheet_core::numbers::megabytes;
use gloo::net::http::Request;
use std::fmt;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FetchError {
    /// No response at all (offline, blocked, server down), or the body
    /// stopped arriving. `cross_origin` when the URL is on another site,
    /// where the browser also hides a CORS refusal behind this.
    Network { why: String, cross_origin: bool },
    /// The server answered with an error status.
    Status { code: u16, text: String },
    /// More bytes than the page opens at once (from Content-Length, or
    /// counted as they arrived).
    TooLarge { bytes: u64 },
    /// More bytes than a file of a sharded archive may have (`limit`).
    OverLimit { bytes: u64, limit: u64 },
    /// The address is not `http(s)`: `javascript:`, `data:`, `file:` and
    /// the like are never fetched (the page's CSP would refuse them too).
    /// `from_disk` when the page itself was opened from disk (`file://`)
    /// and asks for its own articles next to it: a browser that runs the
    /// app from disk (Firefox does; Chromium and WebKit refuse its module
    /// script, and index.html's plain notice stays) must still say how to
    /// serve it, since the app replaced that notice.
    NotHttp { scheme: String, from_disk: bool },
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::Network {
                why,
                cross_origin: true,
            } => write!(
                f,
                "the request failed ({why}): the server could not be reached, or it does not allow other sites to read the file (its CORS headers must allow this page's origin)"
            ),
            FetchError::Network { why, .. } => write!(f, "the request failed ({why})"),
            FetchError::Status { code, text } if text.is_empty() => {
                write!(f, "the server answered HTTP {code}")
            }
            FetchError::Status { code, text } => {
                write!(f, "the server answered HTTP {code} {text}")
            }
            FetchError::TooLarge { bytes } => write!(
                f,
                "the file is {}, more than the {} Broadsheet opens in one page; split the archive, or serve it sharded",
                megabytes(*bytes as f64),
                megabytes(MAX_OPEN_BYTES_F64)
            ),
            FetchError::OverLimit { bytes, limit } => write!(
                f,
                "it is larger than the {} a file of an archive may have ({} arrived before the page stopped reading)",
                megabytes(*limit as f64),
                megabytes(*bytes as f64)
            ),
            FetchError::NotHttp {
                from_disk: true, ..
            } => write!(
                f,
                "this page was opened straight from disk (its address starts with file://), and Broadsheet reads articles only over http or https: serve this folder (run python3 -m http.server in it and open http://127.0.0.1:8000/), or open broadsheet.html from the same folder instead, the single-file archive, which works straight from disk"
            ),
            FetchError::NotHttp { scheme, .. } => write!(
                f,
                "the address is not an http(s) address (it starts with {scheme}); Broadsheet reads articles only over http or https"
            ),
        }
    }
}

/// Fetches `url` (relative to the page, or absolute) and gives its body to
/// `on_chunk` as it arrives (until it answers `false`): bytes are copied straight into wasm (no JS
/// string), and a consumer such as `ArticleSetReader` can parse and drop
/// them as it goes. `on_progress(received, total)` follows the download
/// (total from Content-Length, when the server sends it).
pub async fn fetch_chunks(
    url: &str,
    on_chunk: impl FnMut(&[u8]) -> bool,
    on_progress: impl Fn(u64, Option<u64>),
) -> Result<(), FetchError> {
    check_http(url)?;
    let cross_origin = is_cross_origin(url);
    let network = |e: String| FetchError::Network {
        why: e,
        cross_origin,
    };
    let response = match early_response(url).await {
        Some(response) => response,
        None => Request::get(url)
            .send()
            .await
            .map_err(|e| network(e.to_string()))?,
    };
    if !response.ok() {
        return Err(FetchError::Status {
            code: response.status(),
            text: response.status_text(),
        });
    }
    let total = response
        .headers()
        .get("content-length")
        .and_then(|l| l.parse::<u64>().ok());
    if let Some(bytes) = total.filter(|&t| t as f64 > MAX_OPEN_BYTES_F64) {
        return Err(FetchError::TooLarge { bytes });
    }
    let Some(body) = response.body() else {
        return Ok(());
    };
    read_stream(&body, MAX_OPEN_BYTES, on_chunk, |received| {
        on_progress(received, total)
    })
    .await
    .map_err(|e| match e {
        StreamError::TooLarge(bytes) => FetchError::TooLarge { bytes },
        StreamError::Failed(why) => network(why),
    })
}

/// Fetches `url` whole, reading at most `limit` bytes of its body: a
/// server that sends more (or says it will, in Content-Length), or that
/// unzips a bomb itself (`Content-Encoding: gzip`), is stopped there.
pub async fn fetch_bytes(url: &str, limit: u64) -> Result<Vec<u8>, FetchError> {
    check_http(url)?;
    let cross_origin = is_cross_origin(url);
    let network = |e: String| FetchError::Network {
        why: e,
        cross_origin,
    };
    let response = Request::get(url)
        .send()
        .await
        .map_err(|e| network(e.to_string()))?;
    if !response.ok() {
        return Err(FetchError::Status {
            code: response.status(),
            text: response.status_text(),
        });
    }
    let over = |bytes| FetchError::OverLimit { bytes, limit };
    // Content-Length counts the bytes on the wire (maybe gzipped); the
    // limit is on what arrives, so it only refuses what cannot fit.
    let compressed = response.headers().get("content-encoding").is_some();
    if let Some(bytes) = response
        .headers()
        .get("content-length")
        .and_then(|l| l.parse::<u64>().ok())
        .filter(|&b| b > limit && !compressed)
    {
        return Err(over(bytes));
    }
    let Some(body) = response.body() else {
        return Ok(Vec::new());
    };
    let mut bytes = Vec::new();
    read_stream(
        &body,
        limit,
        |chunk| {
            bytes.extend_from_slice(chunk);
            true
        },
        |_| {},
    )
    .await
    .map_err(|e| match e {
        StreamError::TooLarge(received) => over(received),
        StreamError::Failed(why) => network(why),
    })?;
    Ok(bytes)
}

/// The response index.html's inline script started for the page's own
/// set before the wasm arrived ([`js::take_early_set`]), taken once;
/// `None` for any other URL, or when it failed (the caller then asks again
/// and words the failure).
async fn early_response(url: &str) -> Option<gloo::net::http::Response> {
    if url != js::ARTICLE_SET_URL {
        return None;
    }
    let response = JsFuture::from(js::take_early_set()?).await.ok()?;
    response
        .dyn_into::<web_sys::Response>()
        .ok()
        .map(gloo::net::http::Response::from)
}

/// The article set embedded in a single-file archive (`broadsheet-ingest
/// --single-file`): its start-up script provides a promise of the set's
/// unzipped bytes as a stream ([`js::open_embedded_set`]), and the element
/// [`js::EMBEDDED_SET_ID`] says their size.
pub async fn embedded_chunks(
    on_chunk: impl FnMut(&[u8]) -> bool,
    on_progress: impl Fn(u64, Option<u64>),
) -> Result<(), FetchError> {
    let failed = |e: wasm_bindgen::JsValue| FetchError::Network {
        why: describe(&e),
        cross_origin: false,
    };
    let stream: web_sys::ReadableStream = JsFuture::from(js::open_embedded_set().map_err(failed)?)
        .await
        .map_err(failed)?
        .unchecked_into();
    let total = gloo::utils::document()
        .get_element_by_id(js::EMBEDDED_SET_ID)
        .and_then(|e| e.get_attribute(js::EMBEDDED_SET_BYTES_ATTRIBUTE))
        .and_then(|b| b.parse().ok());
    read_stream(&stream, MAX_OPEN_BYTES, on_chunk, |received| {
        on_progress(received, total)
    })
    .await
    .map_err(|e| match e {
        StreamError::TooLarge(bytes) => FetchError::TooLarge { bytes },
        StreamError::Failed(why) => FetchError::Network {
            why,
            cross_origin: false,
        },
    })
}

/// Why a stream stopped early.
pub enum StreamError {
    /// Past the limit (with the bytes read so far); the rest is not read.
    TooLarge(u64),
    Failed(String),
}

/// Reads `stream` to its end, giving each chunk to `on_chunk` and the bytes
/// so far to `on_progress`, and stops (cancelling the stream) once more
/// than `limit` bytes arrived, or when `on_chunk` answers `false` (it has
/// seen enough). Chunks are handed over in pieces of at most
/// [`PIECE_BYTES`], each followed by `on_progress`, and the browser gets a
/// turn whenever a slice of work is used up, so even a stream whose chunks
/// are all ready at once (a local file) never holds the page for long.
pub async fn read_stream(
    stream: &web_sys::ReadableStream,
    limit: u64,
    mut on_chunk: impl FnMut(&[u8]) -> bool,
    mut on_progress: impl FnMut(u64),
) -> Result<(), StreamError> {
    let failed = |e: wasm_bindgen::JsValue| StreamError::Failed(describe(&e));
    let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut buffer = Vec::new();
    let mut received = 0u64;
    let mut slice = crate::limits::Slice::start();
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(failed)?;
        let done = js_sys::Reflect::get(&chunk, &"done".into()).map_err(failed)?;
        if done.as_bool().unwrap_or(true) {
            return Ok(());
        }
        let value: js_sys::Uint8Array = js_sys::Reflect::get(&chunk, &"value".into())
            .map_err(failed)?
            .unchecked_into();
        received += u64::from(value.length());
        if received > limit {
            let _ = reader.cancel();
            return Err(StreamError::TooLarge(received));
        }
        buffer.resize(value.length() as usize, 0);
        value.copy_to(&mut buffer);
        // A chunk may be megabytes: handed over in pieces, with a yield
        // whenever the slice is used up, no chunk's work is one long task.
        let mut handed = received - u64::from(value.length());
        for piece in buffer.chunks(PIECE_BYTES) {
            if !on_chunk(piece) {
                let _ = reader.cancel();
                return Ok(());
            }
            handed += piece.len() as u64;
            on_progress(handed);
            slice.yield_if_due().await;
        }
    }
}

/// The most of a chunk handed over at once: a few milliseconds of parsing
/// and indexing.
const PIECE_BYTES: usize = 32 * 1024;

/// A JS error's message (`TypeError: Failed to fetch` → `Failed to fetch`).
pub fn describe(error: &wasm_bindgen::JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| format!("{error:?}"))
}

/// Refuses an address that is not `http(s)` once resolved against the
/// page (a relative path on an http page is fine).
fn check_http(url: &str) -> Result<(), FetchError> {
    let base = gloo::utils::window().location().href().unwrap_or_default();
    let scheme = match web_sys::Url::new_with_base(url, &base) {
        Ok(u) => u.protocol(),
        // Unparseable: let the request fail and say so.
        Err(_) => return Ok(()),
    };
    if scheme == "http:" || scheme == "https:" {
        Ok(())
    } else {
        let page = gloo::utils::window()
            .location()
            .protocol()
            .unwrap_or_default();
        let from_disk = scheme == "file:" && page == "file:";
        Err(FetchError::NotHttp { scheme, from_disk })
    }
}

/// Whether `url` points at another origin than the page's.
pub fn is_cross_origin(url: &str) -> bool {
    let location = gloo::utils::window().location();
    let (Ok(base), Ok(origin)) = (location.href(), location.origin()) else {
        return false;
    };
    web_sys::Url::new_with_base(url, &base).is_ok_and(|u| u.origin() != origin)
}
