//! A light Persian stemmer: plural and possessive suffixes and the
//! comparative, removed from a normalised word (ZWNJ already gone, so
//! `کتاب‌ها` arrives as `کتابها`; Arabic yeh and kaf already Persian).
//!
//! Light on purpose: Persian stems are short and many words end like a
//! suffix (`ایران`, `سازمان`, `افغانستان`), so a suffix is removed only
//! where enough of the word is left, and endings that are mostly part of
//! the word (`ی`, `مان`, `تان`) are left alone. A wrong merge costs little
//! (a stem match ranks below the word itself), a missed one a result.

use std::borrow::Cow;

/// Suffixes, longest first within each ending, with the fewest
/// characters the stem must keep.
const SUFFIXES: [(&str, usize); 16] = [
    // Plural `ها` with a possessive, then alone.
    ("هایشان", 2),
    ("هایتان", 2),
    ("هایمان", 2),
    ("هایی", 2),
    ("هایم", 2),
    ("هایت", 2),
    ("هایش", 2),
    ("های", 2),
    ("ها", 2),
    // Superlative and comparative.
    ("ترین", 3),
    ("تر", 3),
    // Plurals of people and of Arabic loans (`انتخابات` → `انتخاب`).
    ("یان", 3),
    ("ات", 3),
    ("ان", 5),
    // Their possessive.
    ("شان", 3),
    // (`گان` → `ه` is handled first: see `stem_persian`.)
    ("ء", 2),
];

/// The stem of a normalised Persian word (the word itself when no suffix
/// applies).
pub(crate) fn stem_persian(word: &str) -> Cow<'_, str> {
    // `نمایندگان` (representatives) is `نماینده` + `ان`, its `ه` written `گ`.
    if let Some(stem) = word.strip_suffix("گان") {
        if stem.chars().count() >= 3 {
            return Cow::Owned(format!("{stem}ه"));
        }
    }
    for (suffix, keep) in SUFFIXES {
        if let Some(stem) = word.strip_suffix(suffix) {
            // `ستان` (a land: `افغانستان`) and `مان` (`سازمان`) are the
            // word's own ending, not a plural.
            if suffix == "ان" && (stem.ends_with("ست") || stem.ends_with('م')) {
                continue;
            }
            if stem.chars().count() >= keep {
                return Cow::Borrowed(stem);
            }
        }
    }
    Cow::Borrowed(word)
}
