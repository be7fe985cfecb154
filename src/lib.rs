//! Broadsheet's viewer: a Yew app that loads an article set and shows it as
//! searchable cards. Pure logic (parsing, sorting, search) is in
//! `broadsheet-core`; this crate is only the page.

pub mod app;
pub mod components;
pub mod crawl_reader;
pub mod embed;
pub mod extra_wasm;
pub mod facets;
pub mod fetch;
pub mod file_reading;
pub mod hooks;
pub mod index_worker;
pub mod js;
pub mod library;
pub mod limits;
pub mod pages;
pub mod perf;
pub mod remote_archive;
pub mod route;
pub mod state;
pub mod word_segmenter;

pub use app::App;

/// How the set embedded in a single-file archive is named in messages.
pub const EMBEDDED_SET: &str = "the archive in this file";

/// The set to load: the one embedded in a single-file archive, else
/// `?data=URL` when the page's address has it (relative
/// to the page, or another origin that allows it through CORS), else the
/// page's own set.
pub fn article_set_source() -> (String, library::Origin) {
    if gloo::utils::document()
        .get_element_by_id(js::EMBEDDED_SET_ID)
        .is_some()
    {
        return (EMBEDDED_SET.to_owned(), library::Origin::Bundled);
    }
    let search = gloo::utils::window()
        .location()
        .search()
        .unwrap_or_default();
    let data = web_sys::UrlSearchParams::new_with_str(&search)
        .ok()
        .and_then(|p| p.get(js::DATA_PARAM))
        .filter(|d| !d.trim().is_empty());
    match data {
        Some(url) => (url.clone(), library::Origin::Url(url)),
        None => (js::ARTICLE_SET_URL.to_owned(), library::Origin::Bundled),
    }
}

/// Mounts [`App`] into `#app`, replacing the plain-HTML loading notice that
/// index.html shows before the wasm arrives.
pub fn mount() {
    // This wasm also runs in the index worker (`index_worker.rs`), which
    // has no page to mount into.
    if web_sys::window().is_none() {
        return;
    }
    // Loaded into another page by embed.js, which mounts readers itself.
    if embed::embedding_page() {
        return;
    }
    components::apply_theme(components::stored_theme().as_deref());
    let document = gloo::utils::document();
    match document.get_element_by_id(js::APP_ID) {
        Some(root) => {
            root.set_text_content(None);
            yew::Renderer::<App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<App>::new().render();
        }
    }
}
