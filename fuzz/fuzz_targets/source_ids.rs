//! `parse_source_ids` (the sources file) on any bytes, article count and
//! number of sources: see `archive_parts::source_ids` in
//! `crates/core/tests/fuzz_checks/mod.rs`.
#![no_main]

#[path = "../../crates/core/tests/fuzz_checks/mod.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::archive_parts::source_ids_input(data));
