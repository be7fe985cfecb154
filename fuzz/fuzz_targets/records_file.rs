//! `RecordsFile` (JSON, JSON Lines, CSV/TSV told by the first bytes) on any
//! bytes, streamed in chunks the input picks: see `records_file` and
//! `records_file_input` in `crates/core/tests/fuzz_checks/mod.rs`
//! (module `records`).
#![no_main]

#[path = "../../crates/core/tests/fuzz_checks/mod.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::records::records_file_input(data));
