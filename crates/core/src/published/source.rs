//! Where an article's date came from.

use serde::{Deserialize, Serialize};

/// Where `published` was read (`"page"`, `"feed"`, `"url"`, `"capture"`
/// in the JSON). Only `Capture` changes what a reader sees: it is not a
/// publication date at all, so it is labelled as a capture (see
/// [`Published::label`](super::Published::label)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    /// The article's own page (its metadata or dateline).
    Page,
    /// The outlet's RSS or Atom feed.
    Feed,
    /// A date in the article's URL (a day, as a rule).
    Url,
    /// No publication date was found: this is when the page was captured
    /// or downloaded (a WARC-Date, a crawl time).
    Capture,
}
