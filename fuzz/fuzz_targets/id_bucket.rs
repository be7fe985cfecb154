//! `parse_ids` (an id bucket) on any bytes and article count: see
//! `archive_parts::ids` in `crates/core/tests/fuzz_checks/mod.rs`.
#![no_main]

#[path = "../../crates/core/tests/fuzz_checks/mod.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::archive_parts::id_bucket_input(data));
