//! The one normaliser shared by the index, the query parser and the
//! highlighter: a word matches a query word exactly when both normalise to
//! the same string.
//!
//! It works on one word (token) at a time, never on running text, so it
//! can never move a word boundary.
//!
//! | step | input | output | example |
//! |---|---|---|---|
//! | ASCII fast path | a word with only ASCII characters | the word lower-cased, nothing else | `TEHRAN` → `tehran` |
//! | Persian heh with yeh above | `ۀ` (U+06C0) | `ه` (U+0647) | `خانۀ` → `خانه` |
//! | compatibility decomposition | every character (NFKD) | its decomposition | `ﬁ` → `fi`, `Ⅻ` → `xii`, `ﻻ` → `لا`, `ＡＢＣ` → `abc` |
//! | case | every character | Unicode lower case (`char::to_lowercase`) | `É` → `é`, `Σ` → `σ` |
//! | combining marks removed | any character with a non-zero canonical combining class (so: accents, diaeresis, cedilla, …; Arabic hamza above/below U+0654/U+0655, maddah U+0653) | nothing | `é` → `e`, `ü` → `u`, `ç` → `c` |
//! | Arabic harakat removed | U+064B–U+065F (tanwin, fatha, damma, kasra, shadda, sukun, …), U+0670 (superscript alef) | nothing | `مُحَمَّد` → `محمد` |
//! | tatweel removed | `ـ` (U+0640) | nothing | `مـحمد` → `محمد` |
//! | invisible joiners removed | ZWNJ (U+200C), ZWJ (U+200D), soft hyphen (U+00AD), BOM (U+FEFF) | nothing | `می‌خواهم` → `میخواهم` |
//! | direction marks removed | LRM, RLM (U+200E, U+200F), Arabic letter mark (U+061C), embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069) | nothing | `۱۴۰۲` + RLM → `1402` |
//! | Arabic yeh, alef maksura | `ي` (U+064A), `ى` (U+0649) | Persian yeh `ی` (U+06CC) | `علي` → `علی` |
//! | Arabic kaf | `ك` (U+0643) | Persian keheh `ک` (U+06A9) | `كتاب` → `کتاب` |
//! | alef variants | `أ` `إ` `آ` (by decomposition + mark removal), `ٱ` (U+0671) | `ا` (U+0627) | `آب` → `اب`, `أحمد` → `احمد` |
//! | Persian digits | `۰`–`۹` (U+06F0–U+06F9) | `0`–`9` | `۱۴۰۲` → `1402` |
//! | Arabic-Indic digits | `٠`–`٩` (U+0660–U+0669) | `0`–`9` | `٢٠٢٤` → `2024` |
//! | sharp s | `ß` | `ss` | `Straße` → `strasse` |
//!
//! Not changed: Persian `ی` and `ک` themselves, `ة` (teh marbuta), `ه`, and
//! every other letter. Decomposition is applied per character; the
//! canonical reordering NFKD would do only moves combining marks, which are
//! removed anyway, so the result equals NFKD-then-filter.
//!
//! Every step after the ASCII fast path works on one character at a time, so
//! a non-ASCII character's whole fold is one look-up in a table generated
//! from these rules (`normalize/fold_table.rs`; the rules themselves are in
//! `normalize/fold_table_generator.rs`, checked there for every character).
//! Only Hangul syllables are decomposed by arithmetic instead.
//!
//! The tokenizer (see `tokenize.rs`) splits words at apostrophes before they
//! get here, and a ZWNJ inside a word never splits it (UAX #29 treats it as
//! `Extend`), so `می‌خواهم` and `میخواهم` are both one token and normalise to
//! the same string.

mod fold_table;
#[cfg(test)]
mod fold_table_generator;

/// The normal form of one word, in a new string.
pub fn normalize(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    normalize_into(word, &mut out);
    out
}

/// Writes the normal form of `word` into `out` (which is cleared first), so
/// a caller can reuse one buffer for every token.
pub fn normalize_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    for c in word.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if let Some(jamo) = hangul_jamo(c) {
            jamo.into_iter().flatten().for_each(|j| out.push(j));
        } else {
            match fold_table::folded(c) {
                fold_table::Folded::Itself => out.push(c),
                fold_table::Folded::Char(f) => out.push(f),
                fold_table::Folded::Chars(f) => out.push_str(f),
            }
        }
    }
}

/// A precomposed Hangul syllable's conjoining jamo (leading consonant,
/// vowel, optional trailing consonant), computed as Unicode defines them
/// (section 3.12) rather than stored in the fold table.
fn hangul_jamo(c: char) -> Option<[Option<char>; 3]> {
    const SYLLABLES: u32 = 0xAC00;
    const VOWELS_TIMES_TRAILS: u32 = 21 * 28;
    const TRAILS: u32 = 28;
    let index = (c as u32).checked_sub(SYLLABLES)?;
    if index >= 19 * VOWELS_TIMES_TRAILS {
        return None;
    }
    let leading = char::from_u32(0x1100 + index / VOWELS_TIMES_TRAILS);
    let vowel = char::from_u32(0x1161 + index % VOWELS_TIMES_TRAILS / TRAILS);
    let trailing = match index % TRAILS {
        0 => None,
        t => char::from_u32(0x11A7 + t),
    };
    Some([leading, vowel, trailing])
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn ascii_is_only_lower_cased() {
        assert_eq!(normalize("TEHRAN"), "tehran");
        assert_eq!(normalize("U.S"), "u.s");
        assert_eq!(normalize("covid_19"), "covid_19");
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn latin_diacritics_and_compatibility_forms_fold() {
        for (input, want) in [
            ("tehrán", "tehran"),
            ("TEHRÁN", "tehran"),
            ("Müller", "muller"),
            ("naïve", "naive"),
            ("Ça", "ca"),
            ("São", "sao"),
            ("ﬁle", "file"),
            ("Ⅻ", "xii"),
            ("ＡＢＣ", "abc"),
            ("Straße", "strasse"),
            ("İstanbul", "istanbul"),
            ("ΣΟΦΙΑ", "σοφια"),
            ("Ελλάδα", "ελλαδα"),
            ("Москва", "москва"),
            // A decomposed é (e + U+0301) equals the precomposed one.
            ("cafe\u{301}", "cafe"),
        ] {
            assert_eq!(normalize(input), want, "{input}");
        }
    }

    #[test]
    fn arabic_and_persian_variants_fold_to_one_spelling() {
        for (input, want) in [
            // yeh and alef maksura → Persian yeh; Persian yeh stays.
            ("علي", "علی"),
            ("على", "علی"),
            ("علی", "علی"),
            // kaf → keheh; keheh stays.
            ("كتاب", "کتاب"),
            ("کتاب", "کتاب"),
            // alef variants.
            ("أحمد", "احمد"),
            ("إيران", "ایران"),
            ("آب", "اب"),
            ("ٱلله", "الله"),
            // tatweel and harakat (fatha, damma, kasra, shadda, sukun,
            // tanwin, superscript alef) disappear.
            ("مـــحمد", "محمد"),
            ("مُحَمَّد", "محمد"),
            ("كِتَابٌ", "کتاب"),
            ("سْ", "س"),
            ("هٰذا", "هذا"),
            ("\u{0628}\u{064B}\u{065F}", "\u{0628}"),
            // ZWNJ (and ZWJ) disappear: both spellings of "I want" match.
            ("می\u{200C}خواهم", "میخواهم"),
            ("می\u{200D}خواهم", "میخواهم"),
            // heh with yeh above → heh.
            ("خانۀ", "خانه"),
            // Presentation forms decompose.
            ("\u{FEFB}", "لا"),
            // Persian and Arabic-Indic digits become ASCII.
            ("۱۴۰۲", "1402"),
            ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),
            ("٠١٢٣٤٥٦٧٨٩", "0123456789"),
            ("٢٠٢٤", "2024"),
        ] {
            assert_eq!(normalize(input), want, "{input}");
        }
    }

    #[test]
    fn persian_letters_survive_decomposition() {
        // Letters Persian adds to the Arabic alphabet must not be decomposed
        // or dropped.
        let persian = "پچژگکیه";
        assert_eq!(normalize(persian), persian);
        assert_eq!(normalize("ة"), "ة");
    }

    #[test]
    fn invisible_characters_and_marks_only_give_an_empty_word() {
        assert_eq!(normalize("ـــ"), "");
        assert_eq!(normalize("\u{200C}"), "");
        // Direction marks vanish, so text pasted with them is found as typed.
        assert_eq!(normalize("۱۴۰۲\u{200F}"), "1402");
        assert_eq!(normalize("\u{202B}تهران\u{202C}"), "تهران");
        assert_eq!(normalize("\u{2067}abc\u{2069}\u{200E}"), "abc");
        assert_eq!(normalize("\u{064E}\u{0651}"), "");
        assert_eq!(normalize("co\u{00AD}operate"), "cooperate");
    }
}
