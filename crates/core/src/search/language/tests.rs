use super::*;
use crate::search::normalize::normalize;

/// `(word as written, its stem)` per language: the forms a reader types and
/// the forms articles use must meet at one stem.
fn check(language: Language, table: &[(&str, &str)]) {
    let stemmer = Stemmer::new(language);
    for (word, want) in table {
        let word = normalize(word);
        assert_eq!(stemmer.stem(&word), normalize(want), "{language:?}: {word}");
    }
}

/// Every form in `forms` reduces to one stem.
fn same_stem(language: Language, forms: &[&str]) {
    let stemmer = Stemmer::new(language);
    let stems: Vec<String> = forms
        .iter()
        .map(|w| stemmer.stem(&normalize(w)).into_owned())
        .collect();
    assert!(
        stems.windows(2).all(|w| w[0] == w[1]),
        "{language:?}: {forms:?} → {stems:?}"
    );
}

#[test]
fn english_forms_meet() {
    check(
        Language::English,
        &[
            ("elections", "elect"),
            ("election", "elect"),
            ("running", "run"),
            ("countries", "countri"),
            ("country", "countri"),
            ("presidential", "presidenti"),
        ],
    );
    same_stem(
        Language::English,
        &[
            "protest",
            "protests",
            "protesters",
            "protested",
            "protesting",
        ],
    );
}

#[test]
fn other_snowball_languages_meet() {
    same_stem(Language::French, &["élection", "élections"]);
    same_stem(Language::Spanish, &["elección", "elecciones"]);
    same_stem(Language::German, &["Wahl", "Wahlen"]);
    same_stem(Language::Italian, &["elezione", "elezioni"]);
    // Stems are taken after accents are folded (the index keeps folded
    // words only), so Portuguese `-ção`/`-ções` do not meet; most do.
    same_stem(Language::Portuguese, &["governo", "governos"]);
    same_stem(Language::Dutch, &["verkiezing", "verkiezingen"]);
    same_stem(Language::Russian, &["выборы", "выборов", "выборами"]);
    same_stem(Language::Swedish, &["flickor", "flickorna"]);
    same_stem(Language::Turkish, &["kitap", "kitaplar"]);
    same_stem(Language::Greek, &["εκλογές", "εκλογών"]);
}

#[test]
fn arabic_forms_meet_after_the_normaliser() {
    // The normaliser writes Arabic yeh and kaf the Persian way; the stemmer
    // still takes the article and the plural off.
    same_stem(Language::Arabic, &["الانتخابات", "انتخاب"]);
    same_stem(Language::Arabic, &["الكتاب", "كتاب"]);
    same_stem(Language::Arabic, &["الرئيس", "رئيس", "للرئيس"]);
}

#[test]
fn persian_plurals_possessives_and_zwnj_forms_meet() {
    // (ZWNJ-joined and run-together forms normalise alike.)
    same_stem(
        Language::Persian,
        &["کتاب", "کتاب‌ها", "کتابها", "کتاب‌های", "کتاب‌هایشان"],
    );
    same_stem(Language::Persian, &["خانه", "خانه‌ها", "خانه‌هایش"]);
    same_stem(Language::Persian, &["انتخاب", "انتخابات"]);
    same_stem(Language::Persian, &["نماینده", "نمایندگان"]);
    same_stem(Language::Persian, &["دانشجو", "دانشجویان"]);
    same_stem(Language::Persian, &["کارگر", "کارگران"]);
    same_stem(Language::Persian, &["بزرگ", "بزرگتر", "بزرگ‌ترین"]);
    // Words that only look like a stem and a suffix keep their ending.
    check(
        Language::Persian,
        &[
            ("ایران", "ایران"),
            ("تهران", "تهران"),
            ("سازمان", "سازمان"),
            ("افغانستان", "افغانستان"),
            ("دفتر", "دفتر"),
            ("آزادی", "آزادی"),
        ],
    );
}

#[test]
fn tags_name_languages_by_their_primary_subtag() {
    assert_eq!(Language::from_tag("en"), Some(Language::English));
    assert_eq!(Language::from_tag("fa-IR"), Some(Language::Persian));
    assert_eq!(Language::from_tag("PT_br"), Some(Language::Portuguese));
    assert_eq!(Language::from_tag("nb"), Some(Language::Norwegian));
    assert_eq!(Language::from_tag("so"), None);
    assert_eq!(Language::from_tag(""), None);
    for lang in Language::ALL {
        assert_eq!(Language::from_tag(lang.code()), Some(lang));
    }
}

#[test]
fn every_stemmed_language_has_a_name() {
    for lang in Language::ALL {
        assert!(language_name(lang.code()).is_some(), "{lang:?}");
    }
    assert_eq!(language_name("fa"), Some("Persian"));
    assert_eq!(language_name("so"), Some("Somali"));
    assert_eq!(language_name("xx"), None);
}
