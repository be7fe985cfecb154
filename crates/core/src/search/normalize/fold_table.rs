//! Each character's compatibility decomposition (NFKD) with the combining
//! marks already left out: all the normaliser needs from Unicode's
//! normalisation data, in a table a tenth the size of the
//! unicode-normalization crate's (which also serves composition, canonical
//! ordering and the quick checks, none of which a per-word fold uses).
//!
//! The table lists only the characters whose folded form differs from
//! themselves, as runs of consecutive characters: a run either maps every
//! character to the same string (`À`…`Å` → `A`; combining marks → nothing)
//! or shifts it by a fixed distance (`Ａ`…`Ｚ` → `A`…`Z`, the mathematical
//! alphabets). Hangul syllables are not in it: the normaliser decomposes
//! them arithmetically.
//!
//! `data.rs` is generated from unicode-normalization (a dev-dependency
//! only) by `BROADSHEET_WRITE_FOLD_TABLE=1 cargo test -p broadsheet-core
//! fold_table`; the same test without the variable fails when the file is
//! stale, and another checks every character against the crate's own
//! decomposition (see `fold_table_generator.rs`).

#[rustfmt::skip]
mod data;

/// What a character decomposes into, combining marks left out.
pub(super) enum Decomposition {
    /// The character itself: no decomposition, not a combining mark.
    Itself,
    /// One other character (`Ａ` → `A`).
    Char(char),
    /// Any number of characters, maybe none (`ﬁ` → `fi`, `é` → `e`, a
    /// combining acute → ``).
    Chars(&'static str),
}

/// Set on a run that shifts characters; clear on one that maps them all to
/// one string of the pool.
const SHIFTS: u32 = 1 << 31;
/// Where a run stores its length less one (8 bits).
const LENGTH_SHIFT: u32 = 23;
/// A shifting run: the first character's image (21 bits).
const TARGET_MASK: u32 = 0x1F_FFFF;
/// A run mapping to one string: its length in bytes (7 bits) from bit 16,
/// its offset in the pool in the low 16 bits.
const BYTES_SHIFT: u32 = 16;

/// The longest run one entry can describe.
pub(super) const LONGEST_RUN: u32 = 256;

/// The decomposition of a non-ASCII character outside the Hangul
/// syllables.
pub(super) fn decomposition(c: char) -> Decomposition {
    let code = c as u32;
    let after = data::STARTS.partition_point(|&start| start <= code);
    let Some(run) = after.checked_sub(1) else {
        return Decomposition::Itself;
    };
    let (start, run) = (data::STARTS[run], data::RUNS[run]);
    let step = code - start;
    if step > (run >> LENGTH_SHIFT) & (LONGEST_RUN - 1) {
        return Decomposition::Itself;
    }
    if run & SHIFTS != 0 {
        return char::from_u32((run & TARGET_MASK) + step)
            .map_or(Decomposition::Itself, Decomposition::Char);
    }
    let from = (run & 0xFFFF) as usize;
    let bytes = ((run >> BYTES_SHIFT) & 0x7F) as usize;
    Decomposition::Chars(data::POOL.get(from..from + bytes).unwrap_or(""))
}

/// The entry for `length` characters shifted onto `first_target` onwards.
#[cfg(test)]
pub(super) fn shifting_run(length: u32, first_target: char) -> u32 {
    assert!((1..=LONGEST_RUN).contains(&length));
    SHIFTS | (length - 1) << LENGTH_SHIFT | first_target as u32
}

/// The entry for `length` characters all mapped to the `bytes` bytes at
/// `offset` in the pool.
#[cfg(test)]
pub(super) fn string_run(length: u32, offset: usize, bytes: usize) -> u32 {
    assert!((1..=LONGEST_RUN).contains(&length) && offset <= 0xFFFF && bytes <= 0x7F);
    (length - 1) << LENGTH_SHIFT | (bytes as u32) << BYTES_SHIFT | offset as u32
}
