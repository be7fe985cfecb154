//! `parse_seed_bytes` on any bytes: see `seed_bytes` in
//! `crates/core/tests/fuzz_checks/mod.rs` for what is checked. Slow inputs
//! show up as libFuzzer timeouts (`-timeout=10`).
#![no_main]

#[path = "../../crates/core/tests/fuzz_checks/mod.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::seed_bytes(data));
