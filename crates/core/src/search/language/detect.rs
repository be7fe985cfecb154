//! An article's language when it does not say: detected from the start of
//! its text with whatlang (trigram profiles of 69 languages), kept only
//! when whatlang calls its guess reliable and Broadsheet can stem it.

use super::Language;
use crate::article::ArticleText;
use whatlang::Lang;

/// Bytes of text a guess reads: the title and the first paragraphs up to
/// this. whatlang's time grows with the text (about 35 µs for this much
/// natively), and a few sentences tell a language apart as well as many.
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

fn detect(article: &impl ArticleText) -> Option<Language> {
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
