//! Broadsheet's viewer: a Yew app that loads an article set and shows it as
//! searchable cards. Pure logic (parsing, sorting, search) is in
//! `broadsheet-core`; this crate is only the page.

pub mod app;
pub mod components;
pub mod fetch;
pub mod hooks;
pub mod library;
pub mod pages;
pub mod perf;
pub mod route;
pub mod state;

pub use app::App;

/// Where the article set is fetched from, relative to the page so the
/// site works under any subpath.
pub const ARTICLE_SET_URL: &str = "static/articles.json";

/// Mounts [`App`] into `#app`, replacing the plain-HTML loading notice that
/// index.html shows before the wasm arrives.
pub fn mount() {
    components::apply_theme(components::stored_theme().as_deref());
    let document = gloo::utils::document();
    match document.get_element_by_id("app") {
        Some(root) => {
            root.set_text_content(None);
            yew::Renderer::<App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<App>::new().render();
        }
    }
}
