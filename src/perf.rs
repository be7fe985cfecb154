//! Timing marks and memory figures for the benchmarks (bench/browser):
//! `performance.mark("broadsheet:<stage>")` at each loading stage ([`Mark`]),
//! and the memory and search figures `src/js.rs` exports to the page as
//! `wasmBindings.wasmMemoryBytes()`, `wasmBindings.memoryReport()` (where
//! the memory goes) and `wasmBindings.benchSearch()`. Cheap enough to ship.

use crate::js::Mark;
use crate::library::Library;
use broadsheet_core::{SearchIndex, StoredArticle};
use std::cell::RefCell;
use std::rc::Rc;

/// Records `mark` on the page's performance timeline.
pub fn mark(mark: Mark) {
    if let Some(performance) = gloo::utils::window().performance() {
        let _ = performance.mark(mark.name());
    }
}

/// Records `mark` at `epoch_ms` (milliseconds since 1970, as another
/// thread's `performance.timeOrigin + now()`) on the page's timeline.
pub fn mark_at(mark: Mark, epoch_ms: f64) {
    let Some(performance) = gloo::utils::window().performance() else {
        return;
    };
    // `performance.mark(name, {startTime})`, through Reflect: no binding
    // for the options object needed.
    let options = js_sys::Object::new();
    let start = epoch_ms - performance.time_origin();
    let _ = js_sys::Reflect::set(&options, &"startTime".into(), &start.into());
    if let Ok(f) = js_sys::Reflect::get(&performance, &"mark".into()) {
        let f: js_sys::Function = wasm_bindgen::JsCast::unchecked_into(f);
        let _ = f.call2(&performance, &mark.name().into(), &options);
    }
}

/// A line for the developer console (`console.info`): what the page did
/// instead of its usual way, for whoever looks into a slow load.
pub fn note(text: &str) {
    web_sys::console::info_1(&text.into());
}

/// Whether `mark` was recorded already.
pub fn marked(mark: Mark) -> bool {
    gloo::utils::window()
        .performance()
        .is_some_and(|p| p.get_entries_by_name(mark.name()).length() > 0)
}

/// The wasm linear memory in bytes (articles, index and everything else
/// the app holds in Rust).
pub fn memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        (core::arch::wasm32::memory_size(0) * 65536) as f64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

thread_local! {
    /// The index the page searches and its library, for [`search_hits`]
    /// and [`memory_report`].
    static INDEX: RefCell<Option<(Rc<SearchIndex>, Rc<Library>)>> = const { RefCell::new(None) };
}

/// Called when the page's index is ready.
pub fn set_bench_index(index: Rc<SearchIndex>, library: Rc<Library>) {
    INDEX.with(|i| *i.borrow_mut() = Some((index, library)));
}

/// Where the memory goes once the index is ready, in bytes: `[(part,
/// bytes)]` for the article text (every string the articles hold), the
/// library around it (positions, sources, days), each part of the index,
/// and the whole wasm memory (which also holds what the allocator keeps
/// free). Empty before the index is ready.
pub fn memory_report() -> Vec<(&'static str, f64)> {
    INDEX.with(|i| {
        let Some((index, library)) = &*i.borrow() else {
            return Vec::new();
        };
        let articles = library.in_memory();
        // Each article's text and piece ends, and each distinct shared
        // provenance (source, language, licence) once.
        let mut provenances = std::collections::HashSet::new();
        let text: usize = articles
            .iter()
            .map(|a| {
                let shared = a.provenance();
                let first = provenances.insert(Rc::as_ptr(shared));
                a.heap_bytes() + if first { shared.heap_bytes() } else { 0 }
            })
            .sum();
        let library_bytes = size_of_val(articles)
            // Each `Rc`'s counts and the article's own fields.
            + articles.len() * (2 * size_of::<usize>() + size_of::<StoredArticle>())
            + library.sources.heap_bytes()
            + library.languages.heap_bytes()
            + library.day_of.capacity() * size_of::<chrono::NaiveDate>();
        let mut parts = vec![
            ("articleText", text as f64),
            ("library", library_bytes as f64),
        ];
        for (part, bytes) in index.heap_bytes_by_part() {
            parts.push((part, bytes as f64));
        }
        parts.push(("wasmMemory", memory_bytes()));
        parts
    })
}

/// The search call alone (parse + index lookup, no rendering), for
/// benchmarks to time the same work a peer library's `search()` does: the
/// number of hits for `query` in `order` (`"newest"`, …), or -1 before the
/// index is ready.
pub fn search_hits(query: &str, order: &str) -> i32 {
    let order = crate::route::order_from_name(order).unwrap_or_default();
    INDEX.with(|i| match &*i.borrow() {
        Some((index, _)) => {
            let hits = index.search_with(&broadsheet_core::SearchQuery::parse(query), order);
            i32::try_from(hits.len()).unwrap_or(i32::MAX)
        }
        None => -1,
    })
}
