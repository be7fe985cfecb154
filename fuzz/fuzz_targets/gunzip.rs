//! The bounded gunzip (`gunzip_limited`, `unzip_if_gzip`) on any bytes and
//! limit: see `archive_parts::gunzip` in `crates/core/tests/fuzz_checks/mod.rs`.
#![no_main]

#[path = "../../crates/core/tests/fuzz_checks/mod.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::archive_parts::gunzip_input(data));
