//! Languages of articles and queries: which language an article is in
//! (its `lang`, else detected from its text: `detect.rs`) and the stemmer
//! each language's words are reduced with (`stem.rs`; Snowball's, and a
//! light Persian stemmer of our own in `persian.rs`).
//!
//! Stems widen a search word to the other forms of the same word in
//! articles of that language (`elections` finds `election`, `کتاب‌ها`
//! finds `کتاب`): see `index/stems.rs` and `exec.rs`.

mod detect;
mod persian;
mod stem;

pub use detect::{article_language, tag_untagged, LanguageGuesser};
pub use stem::Stemmer;

/// A language Broadsheet can stem (and detect). The order is that of
/// [`Language::ALL`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Language {
    Arabic,
    Danish,
    Dutch,
    English,
    Finnish,
    French,
    German,
    Greek,
    Hungarian,
    Italian,
    Norwegian,
    Persian,
    Portuguese,
    Romanian,
    Russian,
    Spanish,
    Swedish,
    Tamil,
    Turkish,
}

/// Each language with its ISO 639-1 code.
const CODES: [(Language, &str); 19] = [
    (Language::Arabic, "ar"),
    (Language::Danish, "da"),
    (Language::Dutch, "nl"),
    (Language::English, "en"),
    (Language::Finnish, "fi"),
    (Language::French, "fr"),
    (Language::German, "de"),
    (Language::Greek, "el"),
    (Language::Hungarian, "hu"),
    (Language::Italian, "it"),
    (Language::Norwegian, "no"),
    (Language::Persian, "fa"),
    (Language::Portuguese, "pt"),
    (Language::Romanian, "ro"),
    (Language::Russian, "ru"),
    (Language::Spanish, "es"),
    (Language::Swedish, "sv"),
    (Language::Tamil, "ta"),
    (Language::Turkish, "tr"),
];

impl Language {
    /// Every language, in a fixed order.
    pub const ALL: [Language; 19] = {
        let mut all = [Language::Arabic; 19];
        let mut i = 0;
        while i < CODES.len() {
            all[i] = CODES[i].0;
            i += 1;
        }
        all
    };

    /// Its ISO 639-1 code (`en`, `fa`).
    pub fn code(self) -> &'static str {
        CODES[self as usize].1
    }

    /// The language of a BCP 47 tag (`en`, `fa-IR`, `pt_BR`, `NB`), by its
    /// primary subtag; `None` for one Broadsheet cannot stem.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag.split(['-', '_']).next()?.trim();
        let primary = match primary.to_ascii_lowercase().as_str() {
            // Norwegian Bokmål and Nynorsk share Snowball's stemmer;
            // ISO 639-2/3 codes of the same languages.
            "nb" | "nn" | "nor" | "nob" | "nno" => "no",
            "ara" => "ar",
            "fas" | "per" | "pes" => "fa",
            "eng" => "en",
            other => return CODES.iter().find(|(_, c)| *c == other).map(|(l, _)| *l),
        };
        CODES.iter().find(|(_, c)| *c == primary).map(|(l, _)| *l)
    }
}

/// The language an article is listed under in facets: the primary subtag
/// of its `lang`, lower-cased (`en-GB` → `en`), or empty when it gives
/// none.
pub fn primary_subtag(lang: Option<&str>) -> String {
    lang.and_then(|l| l.split(['-', '_']).next())
        .map(|l| l.trim().to_ascii_lowercase())
        .unwrap_or_default()
}

/// The English name of a language by its ISO 639-1 code (`fa` →
/// `Persian`), for the languages news archives most often hold; `None`
/// for others (show the code).
pub fn language_name(code: &str) -> Option<&'static str> {
    const NAMES: [(&str, &str); 48] = [
        ("am", "Amharic"),
        ("ar", "Arabic"),
        ("az", "Azerbaijani"),
        ("bg", "Bulgarian"),
        ("bn", "Bengali"),
        ("ca", "Catalan"),
        ("cs", "Czech"),
        ("da", "Danish"),
        ("de", "German"),
        ("el", "Greek"),
        ("en", "English"),
        ("es", "Spanish"),
        ("et", "Estonian"),
        ("fa", "Persian"),
        ("fi", "Finnish"),
        ("fr", "French"),
        ("ha", "Hausa"),
        ("he", "Hebrew"),
        ("hi", "Hindi"),
        ("hr", "Croatian"),
        ("hu", "Hungarian"),
        ("hy", "Armenian"),
        ("id", "Indonesian"),
        ("it", "Italian"),
        ("ja", "Japanese"),
        ("ka", "Georgian"),
        ("ko", "Korean"),
        ("ku", "Kurdish"),
        ("lt", "Lithuanian"),
        ("nl", "Dutch"),
        ("no", "Norwegian"),
        ("pl", "Polish"),
        ("ps", "Pashto"),
        ("pt", "Portuguese"),
        ("ro", "Romanian"),
        ("ru", "Russian"),
        ("sk", "Slovak"),
        ("so", "Somali"),
        ("sr", "Serbian"),
        ("sv", "Swedish"),
        ("sw", "Swahili"),
        ("ta", "Tamil"),
        ("th", "Thai"),
        ("tr", "Turkish"),
        ("uk", "Ukrainian"),
        ("ur", "Urdu"),
        ("vi", "Vietnamese"),
        ("zh", "Chinese"),
    ];
    NAMES
        .binary_search_by(|(c, _)| (*c).cmp(code))
        .ok()
        .map(|i| NAMES[i].1)
}

#[cfg(test)]
mod tests;
