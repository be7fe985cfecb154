//! An article's language when it does not say: detected from the start of
//! its text with whatlang (trigram profiles of 69 languages), kept only
//! when whatlang calls its guess reliable and Broadsheet can stem it.
//!
//! Guessing needs core's `detect-language` feature. The CLI has it and
//! writes each guess into the article's `lang` ([`tag_untagged`]), so every
//! set, archive and single file it writes says its languages, and the
//! page, which does not carry whatlang, reads them; without the feature an
//! untagged article has no language.

use super::Language;
use crate::article::{Article, ArticleText};

/// Bytes of text a guess reads: the title and the first paragraphs up to
/// this. whatlang's time grows with the text (about 35 µs for this much
/// natively), and a few sentences tell a language apart as well as many.
#[cfg(feature = "detect-language")]
const SAMPLE_BYTES: usize = 320;

/// An outlet's language is taken as settled once this many of its
/// untagged articles in a row were found in it.
const SETTLED_AFTER: u32 = 8;

/// The language `article` is written in: its `lang` tag when it has one
/// (`None` if Broadsheet has no stemmer for it), else a reliable guess
/// from its text.
pub fn article_language(article: &impl ArticleText) -> Option<Language> {
    match article.lang() {
        Some(tag) if !tag.trim().is_empty() => Language::from_tag(tag),
        _ => detect(article),
    }
}

/// [`article_language`] for many articles, as an index build reads them:
/// a guess costs about 0.1–0.2 ms, too much for every article of a large
/// untagged archive, and an outlet writes in one language nearly always.
/// So once `SETTLED_AFTER` untagged articles of one source in a row were
/// found in the same language, the source's next untagged articles are
/// taken to be in it without a guess. Deterministic for a given order.
#[derive(Default)]
pub struct LanguageGuesser {
    /// Per source: the language its last guesses agreed on, and how many
    /// in a row did.
    sources: std::collections::HashMap<Box<str>, (Option<Language>, u32)>,
}

impl LanguageGuesser {
    pub fn language(&mut self, article: &impl ArticleText) -> Option<Language> {
        if let Some(tag) = article.lang().filter(|t| !t.trim().is_empty()) {
            return Language::from_tag(tag);
        }
        let source = article.source();
        if source.is_empty() {
            return detect(article);
        }
        if let Some(&(lang, agreed)) = self.sources.get(source) {
            if agreed >= SETTLED_AFTER {
                return lang;
            }
        }
        let lang = detect(article);
        let entry = self.sources.entry(source.into()).or_insert((lang, 0));
        if entry.0 == lang {
            entry.1 += 1;
        } else {
            *entry = (lang, 1);
        }
        lang
    }
}

/// Gives each article without a language the one guessed from its text
/// (where the guess is reliable and Broadsheet can stem it), as its ISO
/// 639-1 code. Returns how many got each language, and how many were left
/// without one.
pub fn tag_untagged(articles: &mut [Article]) -> (Vec<(Language, usize)>, usize) {
    let mut guesser = LanguageGuesser::default();
    let mut found: Vec<(Language, usize)> = Vec::new();
    let mut left = 0;
    for a in articles {
        if a.lang.as_deref().is_some_and(|t| !t.trim().is_empty()) {
            continue;
        }
        match guesser.language(&*a) {
            Some(lang) => {
                a.lang = Some(lang.code().to_owned());
                match found.iter_mut().find(|(l, _)| *l == lang) {
                    Some((_, n)) => *n += 1,
                    None => found.push((lang, 1)),
                }
            }
            None => left += 1,
        }
    }
    found.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    (found, left)
}

#[cfg(not(feature = "detect-language"))]
fn detect(_: &impl ArticleText) -> Option<Language> {
    None
}

#[cfg(feature = "detect-language")]
fn detect(article: &impl ArticleText) -> Option<Language> {
    use whatlang::Lang;
    let mut sample = String::with_capacity(SAMPLE_BYTES + 8);
    for text in std::iter::once(article.title()).chain(article.paragraphs()) {
        let room = SAMPLE_BYTES.saturating_sub(sample.len());
        if room == 0 {
            break;
        }
        let mut end = room.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        sample.push_str(&text[..end]);
        sample.push('\n');
    }
    let info = whatlang::detect(&sample).filter(|i| i.is_reliable())?;
    Some(match info.lang() {
        Lang::Ara => Language::Arabic,
        Lang::Dan => Language::Danish,
        Lang::Nld => Language::Dutch,
        Lang::Eng => Language::English,
        Lang::Fin => Language::Finnish,
        Lang::Fra => Language::French,
        Lang::Deu => Language::German,
        Lang::Ell => Language::Greek,
        Lang::Hun => Language::Hungarian,
        Lang::Ita => Language::Italian,
        Lang::Nob => Language::Norwegian,
        Lang::Pes => Language::Persian,
        Lang::Por => Language::Portuguese,
        Lang::Ron => Language::Romanian,
        Lang::Rus => Language::Russian,
        Lang::Spa => Language::Spanish,
        Lang::Swe => Language::Swedish,
        Lang::Tam => Language::Tamil,
        Lang::Tur => Language::Turkish,
        _ => return None,
    })
}
