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
pub async fn fetch_text(url: &str) -> Result<String, FetchError> {
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
    response
        .text()
        .await
        .map_err(|e| FetchError::Network(e.to_string()))
}
