//! The article-set loaders (`parse_article_records`, `ArticleSetReader`)
//! on any bytes, streamed in chunks the input picks: see `article_set` and
//! `article_set_input` in `crates/core/tests/fuzz_checks/mod.rs`.
#![no_main]

#[path = "../../crates/core/tests/fuzz_checks/mod.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::article_set_input(data));
