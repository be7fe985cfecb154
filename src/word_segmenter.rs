//! Chinese, Japanese, Thai, Lao, Khmer and Burmese cut into words in the
//! page. Core cuts such text per character until a word segmenter is
//! installed (`broadsheet_core::search::tokenize`); the segmenter, ICU4X's
//! with its dictionaries, is three times this wasm (BENCHMARKS.md, "Issue
//! 16"), so it is one of the page's extra wasms (`crates/word-segmenter`,
//! see `extra_wasm.rs`), loaded only when a library's index met such text
//! or an archive cut that way is searched with it. The index is built
//! again with it before it is installed, so a query is always cut as the
//! index it searches (`use_search_index`, `use_archive_search`).

use crate::extra_wasm;
use broadsheet_core::search::tokenize::{is_unspaced, word_segmenter, WordSegmenter};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The name of the tag the build adds to index.html for the segmenter.
/// Contract: tools/extra_wasm.py (EXTRA_WASMS).
const SEGMENTER_META: &str = "broadsheet-word-segmenter";

thread_local! {
    /// The module's `words(run) → Uint32Array` (start, end, …), once loaded.
    static WORDS: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

/// Whether this build has the segmenter (the single-file archive and the
/// component tests have none: they cut such text per character).
pub fn available() -> bool {
    extra_wasm::files(SEGMENTER_META).is_some()
}

/// Whether `text` has any text written without spaces.
pub fn has_unspaced_text(text: &str) -> bool {
    text.chars().any(is_unspaced)
}

/// The segmenter, loaded (once), as core takes it; the caller installs it
/// (`install_word_segmenter`) once what it searches is cut the same way.
pub async fn load() -> Result<WordSegmenter, String> {
    if let Some(installed) = word_segmenter() {
        return Ok(installed);
    }
    let (glue, wasm) =
        extra_wasm::files(SEGMENTER_META).ok_or("this copy of Broadsheet has no word segmenter")?;
    let module = extra_wasm::load(&glue, &wasm).await.map_err(|e| {
        let why = e
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| e.as_string())
            .unwrap_or_else(|| "it did not load".into());
        format!("the word segmenter could not be loaded: {why}")
    })?;
    let words: js_sys::Function = js_sys::Reflect::get(&module, &"words".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or("the word segmenter has no `words`")?;
    WORDS.with(|w| *w.borrow_mut() = Some(words));
    Ok(page_words)
}

/// Core's [`WordSegmenter`] over the module: the run goes over as a
/// string (the module's UTF-8 is the same bytes), the words come back as
/// byte offsets, which core checks.
fn page_words(run: &str, words: &mut Vec<(usize, usize)>) {
    WORDS.with(|w| {
        let Some(segment) = &*w.borrow() else { return };
        let Ok(spans) = segment.call1(&JsValue::NULL, &JsValue::from_str(run)) else {
            return;
        };
        let Ok(spans) = spans.dyn_into::<js_sys::Uint32Array>() else {
            return;
        };
        let spans = spans.to_vec();
        words.extend(
            spans
                .chunks_exact(2)
                .map(|p| (p[0] as usize, p[1] as usize)),
        );
    });
}
