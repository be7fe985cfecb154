//! Why a manifest or a part of an archive cannot be used, in words for the
//! reader (each names the file and what is wrong with it).

use std::fmt;

/// Why a manifest or a part of the archive cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArchiveError(pub String);

impl fmt::Display for ArchiveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ArchiveError {}

pub(super) fn error(message: impl Into<String>) -> ArchiveError {
    ArchiveError(message.into())
}

/// `text` for an error message: at most 60 characters of it, quoted.
pub(super) fn quoted(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((at, _)) => format!("{:?}…", &text[..at]),
        None => format!("{text:?}"),
    }
}
