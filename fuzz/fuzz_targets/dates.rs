//! The date readers (`Published::parse_iso`, the US form, the scrapers'
//! date fields) on any text: see `dates` in
//! `crates/core/tests/fuzz_checks/mod.rs` (module `records`).
#![no_main]

#[path = "../../crates/core/tests/fuzz_checks/mod.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        fuzz_checks::records::dates(text);
    }
});
