//! `Manifest::parse_bytes` (a sharded archive's manifest) on any bytes: see
//! `archive_parts::manifest` in `crates/core/tests/fuzz_checks/mod.rs`.
#![no_main]

#[path = "../../crates/core/tests/fuzz_checks/mod.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::archive_parts::manifest(data));
