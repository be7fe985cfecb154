//! Stemming a normalised word (see `normalize.rs`) by its language's rules:
//! Snowball's stemmers (rust-stemmers) and our light Persian stemmer.

use super::persian::stem_persian;
use super::Language;
use rust_stemmers::{Algorithm, Stemmer as Snowball};
use std::borrow::Cow;

/// One language's stemmer, made once and used for many words.
pub struct Stemmer {
    rules: Rules,
}

enum Rules {
    Snowball(Snowball),
    /// Snowball's Arabic stemmer, given Arabic yeh and kaf back (the
    /// normaliser writes them the Persian way, which it does not know).
    Arabic(Snowball),
    Persian,
}

impl Stemmer {
    pub fn new(language: Language) -> Self {
        let algorithm = match language {
            Language::Persian => {
                return Stemmer {
                    rules: Rules::Persian,
                }
            }
            Language::Arabic => {
                return Stemmer {
                    rules: Rules::Arabic(Snowball::create(Algorithm::Arabic)),
                }
            }
            Language::Danish => Algorithm::Danish,
            Language::Dutch => Algorithm::Dutch,
            Language::English => Algorithm::English,
            Language::Finnish => Algorithm::Finnish,
            Language::French => Algorithm::French,
            Language::German => Algorithm::German,
            Language::Greek => Algorithm::Greek,
            Language::Hungarian => Algorithm::Hungarian,
            Language::Italian => Algorithm::Italian,
            Language::Norwegian => Algorithm::Norwegian,
            Language::Portuguese => Algorithm::Portuguese,
            Language::Romanian => Algorithm::Romanian,
            Language::Russian => Algorithm::Russian,
            Language::Spanish => Algorithm::Spanish,
            Language::Swedish => Algorithm::Swedish,
            Language::Tamil => Algorithm::Tamil,
            Language::Turkish => Algorithm::Turkish,
        };
        Stemmer {
            rules: Rules::Snowball(Snowball::create(algorithm)),
        }
    }

    /// The stem of `word`, a normalised word (lower case, no accents).
    pub fn stem<'a>(&self, word: &'a str) -> Cow<'a, str> {
        match &self.rules {
            Rules::Snowball(s) => s.stem(word),
            Rules::Arabic(s) if word.contains(['ی', 'ک']) => {
                let arabic = word.replace('ی', "ي").replace('ک', "ك");
                Cow::Owned(s.stem(&arabic).into_owned())
            }
            Rules::Arabic(s) => s.stem(word),
            Rules::Persian => stem_persian(word),
        }
    }
}
