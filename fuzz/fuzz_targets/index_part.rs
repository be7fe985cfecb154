//! Any bytes as one part of a small real partitioned search index (byte 0
//! picks the part), then queries in every order: see `index_part_input` in
//! `crates/core/tests/fuzz_checks/mod.rs`.
#![no_main]

#[path = "../../crates/core/tests/fuzz_checks/mod.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::index_part_input(data));
