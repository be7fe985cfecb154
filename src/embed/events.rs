//! What an embedded reader tells its host page: DOM events on the
//! element it was mounted on, which bubble and cross the shadow root, with
//! plain objects as `detail` (serde-wasm-bindgen, the same crossing as the
//! articles given to it). Contract: `embed.js` (its documentation lists
//! them), `examples/two-readers.html`, `tests/e2e/embed.test.mjs`.

use broadsheet_core::StoredArticle;
use serde::Serialize;
use wasm_bindgen::JsValue;

/// `broadsheet-load`: the articles are shown; `detail` is
/// `{articles, skipped}` (how many are listed, and each record passed over
/// with where and why, in the words the reader shows).
pub const LOAD_EVENT: &str = "broadsheet-load";
/// `broadsheet-error`: nothing could be shown; `detail` is `{message}`.
pub const ERROR_EVENT: &str = "broadsheet-error";
/// `broadsheet-select`: a row of the list was selected with the keyboard
/// (j/k, the arrows); `detail` is the [`ArticleDetail`].
pub const SELECT_EVENT: &str = "broadsheet-select";
/// `broadsheet-open`: an article's page was opened; `detail` is the
/// [`ArticleDetail`] (only `id` while an archive's article is on its way).
pub const OPEN_EVENT: &str = "broadsheet-open";

/// An article as events describe it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ArticleDetail {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// As the set has it: ISO 8601, the outlet's clock (and its offset
    /// when known).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl ArticleDetail {
    pub fn of(article: &StoredArticle) -> Self {
        ArticleDetail {
            id: article.id().to_owned(),
            title: Some(article.title().to_owned()),
            published: Some(article.published().to_iso()),
            source: Some(article.source().to_owned()).filter(|s| !s.is_empty()),
            url: article.url().map(|u| u.into_owned()),
        }
    }

    pub fn id_only(id: &str) -> Self {
        ArticleDetail {
            id: id.to_owned(),
            ..ArticleDetail::default()
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
struct Loaded {
    articles: usize,
    skipped: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
struct Failed {
    message: String,
}

/// One event for the host page.
#[derive(Clone, Debug, PartialEq)]
pub enum ReaderEvent {
    Loaded {
        articles: usize,
        skipped: Vec<String>,
    },
    Failed(String),
    Selected(ArticleDetail),
    Opened(ArticleDetail),
}

impl ReaderEvent {
    pub fn name(&self) -> &'static str {
        match self {
            ReaderEvent::Loaded { .. } => LOAD_EVENT,
            ReaderEvent::Failed(_) => ERROR_EVENT,
            ReaderEvent::Selected(_) => SELECT_EVENT,
            ReaderEvent::Opened(_) => OPEN_EVENT,
        }
    }

    fn detail(&self) -> Result<JsValue, serde_wasm_bindgen::Error> {
        // Plain objects, not Maps: what a host page's code expects.
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        match self {
            ReaderEvent::Loaded { articles, skipped } => Loaded {
                articles: *articles,
                skipped: skipped.clone(),
            }
            .serialize(&serializer),
            ReaderEvent::Failed(message) => Failed {
                message: message.clone(),
            }
            .serialize(&serializer),
            ReaderEvent::Selected(a) | ReaderEvent::Opened(a) => a.serialize(&serializer),
        }
    }

    /// Dispatches the event on `element`: bubbling, and composed, so it
    /// leaves a shadow root the host page put the element in.
    pub fn dispatch_on(&self, element: &web_sys::Element) {
        let init = web_sys::CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        if let Ok(detail) = self.detail() {
            init.set_detail(&detail);
        }
        if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(self.name(), &init) {
            let _ = element.dispatch_event(&event);
        }
    }
}
