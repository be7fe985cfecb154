//! A crawled HTML page into an article (`web_page_article`, the main-text
//! extractor dom_smoothie, the tag scanner) on any page and URL: see `html_page` and
//! `html_page_input` in `crates/core/tests/fuzz_checks/mod.rs` (module
//! `records`).
#![no_main]

#[path = "../../crates/core/tests/fuzz_checks/mod.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::records::html_page_input(data));
