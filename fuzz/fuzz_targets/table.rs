//! `TableReader` (and `RecordsFile`) on a CSV/TSV table the input describes,
//! with the line each row starts on known: see `table` and `table_input` in
//! `crates/core/tests/fuzz_checks/mod.rs` (module `records`).
#![no_main]

#[path = "../../crates/core/tests/fuzz_checks/mod.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::records::table_input(data));
