//! `parse_cards`, `parse_bodies` and `BodyChunks::locate` on any bytes and
//! counts: see `archive_parts::card_shard` in `crates/core/tests/fuzz_checks/mod.rs`.
#![no_main]

#[path = "../../crates/core/tests/fuzz_checks/mod.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::archive_parts::card_shard_input(data));
