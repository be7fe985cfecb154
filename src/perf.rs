//! Timing marks and memory figures for the benchmarks (bench/browser):
//! `performance.mark("broadsheet:<stage>")` at each loading stage, and
//! `wasmBindings.wasmMemoryBytes()` from the page. Cheap enough to ship.

use wasm_bindgen::prelude::*;

/// Records `broadsheet:<stage>` on the page's performance timeline.
pub fn mark(stage: &str) {
    if let Some(performance) = gloo::utils::window().performance() {
        let _ = performance.mark(&format!("broadsheet:{stage}"));
    }
}

/// The wasm linear memory in bytes (articles, index and everything else
/// the app holds in Rust).
#[wasm_bindgen(js_name = wasmMemoryBytes)]
pub fn wasm_memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        (core::arch::wasm32::memory_size(0) * 65536) as f64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}
