//! Timing marks and memory figures for the benchmarks (bench/browser):
//! `performance.mark("broadsheet:<stage>")` at each loading stage ([`Mark`]),
//! and the memory and search figures `src/js.rs` exports to the page as
//! `wasmBindings.wasmMemoryBytes()` and `wasmBindings.benchSearch()`. Cheap
//! enough to ship.

use crate::js::Mark;

/// Records `mark` on the page's performance timeline.
pub fn mark(mark: Mark) {
    if let Some(performance) = gloo::utils::window().performance() {
        let _ = performance.mark(mark.name());
    }
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
    /// The index the page searches, for [`search_hits`].
    static INDEX: std::cell::RefCell<Option<std::rc::Rc<broadsheet_core::SearchIndex>>> =
        const { std::cell::RefCell::new(None) };
}

/// Called when the page's index is ready.
pub fn set_bench_index(index: std::rc::Rc<broadsheet_core::SearchIndex>) {
    INDEX.with(|i| *i.borrow_mut() = Some(index));
}

/// The search call alone (parse + index lookup, no rendering), for
/// benchmarks to time the same work a peer library's `search()` does: the
/// number of hits for `query` in `order` (`"newest"`, …), or -1 before the
/// index is ready.
pub fn search_hits(query: &str, order: &str) -> i32 {
    let order = crate::route::order_from_name(order).unwrap_or_default();
    INDEX.with(|i| match &*i.borrow() {
        Some(index) => {
            let hits = index.search_with(&broadsheet_core::SearchQuery::parse(query), order);
            i32::try_from(hits.len()).unwrap_or(i32::MAX)
        }
        None => -1,
    })
}
