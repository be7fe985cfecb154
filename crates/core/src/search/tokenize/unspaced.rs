//! Text written without spaces between words: Chinese, Japanese, Thai,
//! Lao, Khmer and Burmese. UAX #29 cuts Chinese and Japanese at every
//! ideograph and kana, and Thai at every letter cluster; their words need a
//! dictionary. ICU4X's word segmenter has one for each (`segment-words`,
//! [`dictionary_words`]), but at 1.6 MB gzipped it would triple the page's
//! wasm, so the page loads it (a third wasm) only when it meets such text
//! and installs it here ([`install_word_segmenter`]); the CLI installs its
//! native copy at start. Until one is installed such text is cut as UAX #29
//! cuts it, and an index records which way it was cut ([`Unspaced`]), so a
//! query is cut the same way as the index it searches.

use std::sync::OnceLock;

/// Splits `run` (text holding some characters of [`is_unspaced`]) into
/// words: pushes the byte range of each word-like segment (letters or
/// numbers, not spaces or punctuation), in order, on character boundaries.
pub type WordSegmenter = fn(run: &str, words: &mut Vec<(usize, usize)>);

static SEGMENTER: OnceLock<WordSegmenter> = OnceLock::new();

/// Makes `segmenter` the one every later tokenisation uses (indexing,
/// queries, highlights). The first one installed stays: returns false if
/// another was already.
pub fn install_word_segmenter(segmenter: WordSegmenter) -> bool {
    SEGMENTER.set(segmenter).is_ok()
}

/// The installed word segmenter, if any.
pub fn word_segmenter() -> Option<WordSegmenter> {
    SEGMENTER.get().copied()
}

/// How an index's text written without spaces was cut into words
/// (ordered: an index merged from batches was cut as its most particular).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unspaced {
    /// It has no such text: queries may be cut either way.
    #[default]
    None,
    /// Such text was cut at every character (no segmenter was installed):
    /// a page that can load the segmenter indexes it again.
    Characters,
    /// Such text was cut into dictionary words by the word segmenter.
    Dictionary,
}

impl Unspaced {
    /// As stored in index bytes.
    pub(crate) fn code(self) -> u8 {
        match self {
            Unspaced::None => 0,
            Unspaced::Characters => 1,
            Unspaced::Dictionary => 2,
        }
    }

    pub(crate) fn from_code(code: u8) -> Option<Unspaced> {
        Some(match code {
            0 => Unspaced::None,
            1 => Unspaced::Characters,
            2 => Unspaced::Dictionary,
            _ => return None,
        })
    }
}

/// A character of a script written without spaces between words, whose
/// words the segmenter's dictionaries know: Han (with its extensions and
/// compatibility ideographs), hiragana, katakana, Thai, Lao, Khmer,
/// Myanmar. (Korean puts spaces between words: UAX #29 is right for it.)
pub fn is_unspaced(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF // Thai, Lao
        | 0x1000..=0x109F | 0xA9E0..=0xA9FF | 0xAA60..=0xAA7F // Myanmar
        | 0x1780..=0x17FF | 0x19E0..=0x19FF // Khmer
        | 0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F // kana
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF // Han
        | 0x20000..=0x323AF)
}

/// ICU4X's dictionary word segmenter (Chinese and Japanese share one
/// dictionary; Thai, Lao, Khmer and Burmese each have theirs): the
/// [`WordSegmenter`] the CLI installs, and the page's word-segmenter wasm
/// exports.
#[cfg(feature = "segment-words")]
pub fn dictionary_words(run: &str, words: &mut Vec<(usize, usize)>) {
    use icu_segmenter::options::WordBreakInvariantOptions;
    use icu_segmenter::WordSegmenter as Icu;
    let segmenter = Icu::new_dictionary(WordBreakInvariantOptions::default());
    let mut breaks = segmenter.segment_str(run);
    let mut start = 0;
    while let Some(end) = breaks.next() {
        if end > start && breaks.is_word_like() {
            words.push((start, end));
        }
        start = end;
    }
}
