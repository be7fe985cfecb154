//! `read_scraped` on a news scraper's record built from the input (field
//! names and JSON values), and the record as a file of JSON Lines: see
//! `scraped` and `scraped_input` in `crates/core/tests/fuzz_checks/mod.rs`
//! (module `records`).
#![no_main]

#[path = "../../crates/core/tests/fuzz_checks/mod.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::records::scraped_input(data));
