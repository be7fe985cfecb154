//! `RecordsFile` on a WARC (any bytes; the seeds are crawls), plain or
//! gzipped, streamed in chunks the input picks, and the WARC reader's
//! memory: see `warc` and `warc_input` in
//! `crates/core/tests/fuzz_checks/mod.rs` (module `records`).
#![no_main]

#[path = "../../crates/core/tests/fuzz_checks/mod.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::records::warc_input(data));
