//! Any bytes as a partitioned search index's root, then queries in every
//! order over the small real index's parts: see `index_root` in
//! `crates/core/tests/fuzz_checks/mod.rs`.
#![no_main]

#[path = "../../crates/core/tests/fuzz_checks/mod.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::index_root(data));
