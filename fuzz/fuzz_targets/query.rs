//! Query parsing, search in every order, and highlights on any query and
//! article text, and the query limits: see `query`, `query_input` and
//! `query_limits` in `crates/core/tests/fuzz_checks/mod.rs`.
#![no_main]

#[path = "../../crates/core/tests/fuzz_checks/mod.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    fuzz_checks::query_input(data);
    fuzz_checks::query_limits(data);
});
