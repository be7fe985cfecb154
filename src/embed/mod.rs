//! Broadsheet in another page: `<broadsheet-reader src="…">` and
//! `Broadsheet.mount(element, { articles })` (both defined by `embed.js`,
//! which loads this wasm and calls [`mount_reader`]).
//!
//! An embedded reader is the same list, search, filters, timeline and
//! article pages, with three differences from Broadsheet's own page:
//! - its state lives in the reader, not in the page's address ([`Host`]):
//!   its `#/…` links are followed inside it, two readers on one page never
//!   share a query, and the host page's address and history are its own;
//! - it sits in a shadow root with its own stylesheet, so its styles and
//!   element ids never meet the host page's;
//! - it tells the host page what the reader does, as events on the
//!   element ([`events`]): the set loaded, an article selected or opened.
//!
//! No masthead, no opening of files, no offline copy: those belong to a
//! site, not to a reader placed in someone else's page.

mod events;
mod reader;
mod records;

pub use events::{ArticleDetail, ReaderEvent};
pub use reader::{EmbeddedReader, EmbeddedReaderProps};
pub use records::{given_articles, GivenArticles};

use crate::route::Route;
use crate::state::{Action, ReaderState};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Where a reader lives. Components reach it through [`use_host`].
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Host {
    /// Broadsheet's own page: the address holds the reader's state.
    #[default]
    Page,
    /// Inside another page.
    Embedded(Rc<Embedding>),
}

/// An embedded reader's place in the host page.
#[derive(Debug)]
pub struct Embedding {
    /// The element the host page gave (`<broadsheet-reader>`, or the one
    /// passed to `Broadsheet.mount`): events are dispatched on it.
    pub element: web_sys::Element,
    /// The element in its shadow root that the reader renders into.
    pub root: web_sys::Element,
}

/// Each embedding is only ever equal to itself.
impl PartialEq for Embedding {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

/// The reader's [`Host`]: the page's unless an embedded reader provides
/// its own.
#[hook]
pub fn use_host() -> Host {
    use_context::<Host>().unwrap_or_default()
}

impl Host {
    pub fn embedding(&self) -> Option<&Rc<Embedding>> {
        match self {
            Host::Page => None,
            Host::Embedded(e) => Some(e),
        }
    }

    pub fn is_embedded(&self) -> bool {
        self.embedding().is_some()
    }

    /// Where the reader's keyboard shortcuts are listened for: the whole
    /// window on Broadsheet's page; an embedded reader's own root, so keys
    /// reach it only while the focus is in it (two readers never both
    /// answer, and the host page keeps its keys).
    pub fn key_target(&self) -> web_sys::EventTarget {
        match self {
            Host::Page => gloo::utils::window().into(),
            Host::Embedded(e) => e.root.clone().into(),
        }
    }

    /// The reader's element with `id` (in an embedded reader's shadow
    /// root, where ids are its own).
    pub fn element_by_id(&self, id: &str) -> Option<web_sys::Element> {
        match self {
            Host::Page => gloo::utils::document().get_element_by_id(id),
            Host::Embedded(e) => e.root.query_selector(&format!("#{id}")).ok().flatten(),
        }
    }

    /// Goes to `route`: on Broadsheet's page through the address (a
    /// history entry, as a link would); embedded, in the reader's state.
    pub fn go(&self, route: &Route, dispatcher: &UseReducerDispatcher<ReaderState>) {
        match self {
            Host::Page => {
                let _ = gloo::utils::window().location().set_hash(&route.to_hash());
            }
            Host::Embedded(_) => dispatcher.dispatch(Action::Navigate(route.clone())),
        }
    }

    /// Tells the host page what the reader did (nothing on Broadsheet's
    /// own page).
    pub fn announce(&self, event: ReaderEvent) {
        if let Host::Embedded(e) = self {
            event.dispatch_on(&e.element);
        }
    }
}

/// What `mountReader` was given, read from its options object.
enum MountSource {
    Src(String),
    Given(GivenArticles),
}

/// `mountReader(element, root, options)`: renders a reader into `root`
/// (in `element`'s shadow root, which `embed.js` prepares) over
/// `options.articles` (an array of article objects, or an article set
/// object with an `articles` array) or the set or archive at
/// `options.src`; `options.label` names it for assistive technology.
/// Throws when the options give neither or both, or when
/// `articles` is not a list; a bad record is skipped and listed, as in a
/// file. Contract: `embed.js` (`mountReader`, `unmount`).
#[wasm_bindgen(js_name = mountReader)]
pub fn mount_reader(
    element: web_sys::Element,
    root: web_sys::Element,
    options: JsValue,
) -> Result<ReaderHandle, JsValue> {
    let get = |key: &str| {
        js_sys::Reflect::get(&options, &key.into())
            .ok()
            .filter(|v| !v.is_undefined() && !v.is_null())
    };
    let source = match (get("articles"), get("src")) {
        (Some(_), Some(_)) => {
            return Err(js_sys::Error::new(
                "Broadsheet: give a reader either `articles` or `src`, not both",
            )
            .into())
        }
        (Some(articles), None) => MountSource::Given(
            given_articles(&articles).map_err(|e| js_sys::Error::new(&format!("Broadsheet: {e}")))?,
        ),
        (None, Some(src)) => match src.as_string().filter(|s| !s.trim().is_empty()) {
            Some(src) => MountSource::Src(src),
            None => {
                return Err(js_sys::Error::new(
                    "Broadsheet: `src` must be the address of an article set or archive",
                )
                .into())
            }
        },
        (None, None) => {
            return Err(js_sys::Error::new(
                "Broadsheet: give a reader `articles` (a list of article objects) or `src` (the address of an article set)",
            )
            .into())
        }
    };
    let label = get("label")
        .and_then(|l| l.as_string())
        .filter(|l| !l.trim().is_empty())
        .map_or(AttrValue::Static("News archive reader"), AttrValue::from);
    root.set_text_content(None);
    // Focusable from script only: the reader takes the focus back when a
    // view change removed the element that had it.
    let _ = root.set_attribute("tabindex", "-1");
    let _ = root.set_attribute("class", "reader-root");
    let embedding = Rc::new(Embedding {
        element,
        root: root.clone(),
    });
    let props = match source {
        MountSource::Src(src) => EmbeddedReaderProps {
            embedding,
            src: Some(AttrValue::from(src)),
            given: None,
            label,
        },
        MountSource::Given(given) => EmbeddedReaderProps {
            embedding,
            src: None,
            given: Some(given),
            label,
        },
    };
    let app = yew::Renderer::<EmbeddedReader>::with_root_and_props(root, props).render();
    Ok(ReaderHandle { app: Some(app) })
}

/// A mounted reader, for `embed.js`.
#[wasm_bindgen]
pub struct ReaderHandle {
    app: Option<yew::AppHandle<EmbeddedReader>>,
}

#[wasm_bindgen]
impl ReaderHandle {
    /// Removes the reader from its element (its listeners, its state).
    pub fn unmount(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
    }
}

/// Whether this wasm was loaded by `embed.js` into another page (which
/// sets [`crate::js::EMBED_GLOBAL`] first): then it mounts nothing of its
/// own.
pub fn embedding_page() -> bool {
    js_sys::Reflect::get(&gloo::utils::window(), &crate::js::EMBED_GLOBAL.into())
        .is_ok_and(|v| v.is_object())
}

/// This build's file `name` as `embed.js` found it (an absolute URL next to
/// embed.js), when this wasm was loaded by it; `None` on Broadsheet's own
/// page. Contract: `embed.js` (`files`).
pub fn embedded_file(name: &str) -> Option<String> {
    let window = gloo::utils::window();
    let embed = js_sys::Reflect::get(&window, &crate::js::EMBED_GLOBAL.into()).ok()?;
    let files = js_sys::Reflect::get(&embed, &"files".into()).ok()?;
    js_sys::Reflect::get(&files, &name.into()).ok()?.as_string()
}

/// Scrolls the host page so an embedded reader's top is on screen when it
/// is above the viewport (an article opened from far down its list).
pub fn bring_into_view(embedding: &Embedding) {
    if let Some(el) = embedding.element.dyn_ref::<web_sys::HtmlElement>() {
        if el.get_bounding_client_rect().top() < 0.0 {
            el.scroll_into_view();
        }
    }
}
