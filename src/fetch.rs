//! The one typed fetch helper: a same-origin GET of a text file.

use gloo::net::http::Request;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FetchError {
    /// No response at all (offline, blocked, server down).
    Network(String),
    /// The server answered with an error status.
    Status { code: u16, text: String },
    /// The body is not UTF-8 text.
    NotUtf8 { byte_offset: usize },
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::Network(why) => write!(f, "the request failed ({why})"),
            FetchError::Status { code, text } if text.is_empty() => {
                write!(f, "the server answered HTTP {code}")
            }
            FetchError::Status { code, text } => {
                write!(f, "the server answered HTTP {code} {text}")
            }
            FetchError::NotUtf8 { byte_offset } => {
                write!(
                    f,
                    "the file is not UTF-8 text (invalid byte at offset {byte_offset})"
                )
            }
        }
    }
}

/// Fetches `url` (relative to the page) as UTF-8 text. The body is copied
/// into wasm as bytes and validated there: several times faster than
/// having the browser decode it to a JS string and re-encoding that.
/// `on_progress(received, total)` is called as the body streams in (total
/// from Content-Length, when the server sends it).
pub async fn fetch_text(
    url: &str,
    on_progress: impl Fn(u64, Option<u64>),
) -> Result<String, FetchError> {
    let response = Request::get(url)
        .send()
        .await
        .map_err(|e| FetchError::Network(e.to_string()))?;
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
    let bytes = match response.body() {
        Some(body) => read_stream(body, total, &on_progress).await?,
        None => Vec::new(),
    };
    String::from_utf8(bytes).map_err(|e| FetchError::NotUtf8 {
        byte_offset: e.utf8_error().valid_up_to(),
    })
}

/// Reads a body stream chunk by chunk into one buffer, reporting progress.
async fn read_stream(
    body: web_sys::ReadableStream,
    total: Option<u64>,
    on_progress: &impl Fn(u64, Option<u64>),
) -> Result<Vec<u8>, FetchError> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let network = |e: wasm_bindgen::JsValue| FetchError::Network(format!("{e:?}"));
    let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let mut bytes = Vec::with_capacity(total.unwrap_or(0).min(1 << 30) as usize);
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(network)?;
        let done = js_sys::Reflect::get(&chunk, &"done".into()).map_err(network)?;
        if done.as_bool().unwrap_or(true) {
            break;
        }
        let value: js_sys::Uint8Array = js_sys::Reflect::get(&chunk, &"value".into())
            .map_err(network)?
            .unchecked_into();
        let start = bytes.len();
        bytes.resize(start + value.length() as usize, 0);
        value.copy_to(&mut bytes[start..]);
        on_progress(bytes.len() as u64, total);
    }
    Ok(bytes)
}
