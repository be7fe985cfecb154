//! The page's extra wasms: modules it imports only when it needs them (the
//! crawl reader, the word segmenter), so its own wasm never carries them.
//! The build names each one's hashed files in a `<meta name="…">` tag
//! (tools/extra_wasm.py) and index.html's loader ([`WASM_LOADER`]) imports
//! and starts a module once; the service worker stores them with the app.

use crate::js::WASM_LOADER;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The attributes of a module's tag: its JS module and its wasm, relative
/// to the page. Contract: tools/extra_wasm.py.
const GLUE_ATTRIBUTE: &str = "data-glue-src";
const WASM_ATTRIBUTE: &str = "data-wasm-src";

/// Where this build's module `name` is: (JS module, wasm), or `None` in a
/// build without it (the single-file archive, component tests).
pub fn files(name: &str) -> Option<(String, String)> {
    // In another page, embed.js names them.
    if let (Some(glue), Some(wasm)) = (
        crate::embed::embedded_file(&format!("{name}.glue")),
        crate::embed::embedded_file(&format!("{name}.wasm")),
    ) {
        return Some((glue, wasm));
    }
    let meta = gloo::utils::document()
        .query_selector(&format!("meta[name=\"{name}\"]"))
        .ok()
        .flatten()?;
    Some((
        meta.get_attribute(GLUE_ATTRIBUTE)?,
        meta.get_attribute(WASM_ATTRIBUTE)?,
    ))
}

/// Module `glue` with its wasm, loaded (once) and started by index.html's
/// loader: the module's exports.
pub async fn load(glue: &str, wasm: &str) -> Result<JsValue, JsValue> {
    let window = gloo::utils::window();
    let loader: js_sys::Function = js_sys::Reflect::get(&window, &WASM_LOADER.into())?
        .dyn_into()
        .map_err(|_| JsValue::from_str("this page has no loader for extra wasms"))?;
    let promise: js_sys::Promise = loader
        .call2(&window, &glue.into(), &wasm.into())?
        .dyn_into()?;
    wasm_bindgen_futures::JsFuture::from(promise).await
}
