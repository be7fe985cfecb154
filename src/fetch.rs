//! The one typed fetch helper: a same-origin GET whose body is handed over
//! chunk by chunk as it streams in, with progress.

use gloo::net::http::Request;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FetchError {
    /// No response at all (offline, blocked, server down), or the body
    /// stopped arriving.
    Network(String),
    /// The server answered with an error status.
    Status { code: u16, text: String },
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
        }
    }
}

/// Fetches `url` (relative to the page) and gives its body to `on_chunk`
/// as it arrives: bytes are copied straight into wasm (no JS string), and a
/// consumer such as `ArticleSetReader` can parse and drop them as it goes.
/// `on_progress(received, total)` follows the download (total from
/// Content-Length, when the server sends it).
pub async fn fetch_chunks(
    url: &str,
    mut on_chunk: impl FnMut(&[u8]),
    on_progress: impl Fn(u64, Option<u64>),
) -> Result<(), FetchError> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
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
    let Some(body) = response.body() else {
        return Ok(());
    };
    let network = |e: wasm_bindgen::JsValue| FetchError::Network(format!("{e:?}"));
    let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let mut buffer = Vec::new();
    let mut received = 0u64;
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(network)?;
        let done = js_sys::Reflect::get(&chunk, &"done".into()).map_err(network)?;
        if done.as_bool().unwrap_or(true) {
            return Ok(());
        }
        let value: js_sys::Uint8Array = js_sys::Reflect::get(&chunk, &"value".into())
            .map_err(network)?
            .unchecked_into();
        buffer.resize(value.length() as usize, 0);
        value.copy_to(&mut buffer);
        received += buffer.len() as u64;
        on_chunk(&buffer);
        on_progress(received, total);
    }
}
