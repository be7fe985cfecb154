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

/// The language `article` is written in: its `lang` tag when it has one
/// (`None` if Broadsheet has no stemmer for it), else a reliable guess
/// from its text.
pub fn article_language(article: &impl ArticleText) -> Option<Language> {
    match article.lang() {
        Some(tag) if !tag.trim().is_empty() => Language::from_tag(tag),
        _ => detect(article),
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
