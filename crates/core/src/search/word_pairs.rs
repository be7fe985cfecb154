//! Common-word pairs: how a phrase with a very common word is answered
//! without that word's positions.
//!
//! A word like `the` is in nearly every article, so its positions are the
//! largest list an index holds (95 MB at ten million articles). An index
//! built with pairs (`IndexBuilder::with_word_pairs`, what the CLI writes
//! into a partitioned archive) also records, wherever a common word is
//! followed by another word in the same field or paragraph, the pair as
//! a term of its own: `\u{1}the president`, at the common word's
//! position, with its own postings (like Lucene's common grams). A phrase
//! is then matched from units ([`phrase_units`]): each common word with
//! the word after it as one pair term, the other words as themselves, so
//! `"the president"` reads one pair's postings and never `the`'s.
//!
//! A pair at position `p` means exactly "the common word at `p` and the
//! other at `p + 1`", so units give the same matches as the words'
//! positions, and an index without pairs (the page's own) answers every
//! phrase identically from its words. Phrases score as one term (BM25 of
//! the phrase's own frequency, with the sum of its words' idf), which
//! both ways compute alike.
//!
//! Pair terms start with [`PAIR_MARK`], which no word has, so no word's
//! prefix range, typo scan, stem table or lexicon ever meets one.

/// The first character of every pair term (a control character the
/// tokeniser never yields).
pub(crate) const PAIR_MARK: char = '\u{1}';

/// The words whose pairs are recorded: the most frequent function words
/// of the languages news archives mostly hold (English, Persian, Arabic,
/// French, Spanish, Portuguese, German, Italian), normalised as the
/// index normalises them. Sorted, for a binary search. A short list keeps
/// the pairs few: each adds a term per distinct following word.
const COMMON_WORDS: &[&str] = &[
    "a", "al", "an", "and", "are", "as", "at", "be", "by", "da", "das", "de", "del", "della",
    "den", "der", "des", "di", "die", "do", "du", "e", "el", "en", "et", "for", "from", "had",
    "has", "have", "he", "his", "il", "in", "is", "it", "its", "la", "las", "le", "les", "los",
    "of", "on", "or", "that", "the", "to", "un", "una", "und", "une", "was", "were", "with", "y",
    "از", "این", "با", "به", "در", "را", "علی", "عن", "فی", "مع", "من", "و", "که",
];

/// Whether pairs starting with `word` (a normalised term) are recorded.
pub(crate) fn is_common_word(word: &str) -> bool {
    COMMON_WORDS.binary_search(&word).is_ok()
}

/// Whether `term` is a pair term rather than a word.
pub(crate) fn is_word_pair(term: &str) -> bool {
    term.starts_with(PAIR_MARK)
}

/// Writes the pair term of `first` (a common word) and `second` into
/// `out` (cleared first).
pub(crate) fn write_pair_term(first: &[u8], second: &[u8], out: &mut Vec<u8>) {
    out.clear();
    let mut mark = [0u8; 4];
    out.extend_from_slice(PAIR_MARK.encode_utf8(&mut mark).as_bytes());
    out.extend_from_slice(first);
    out.push(b' ');
    out.extend_from_slice(second);
}

/// The pair term of `first` and `second`.
pub(crate) fn pair_term(first: &str, second: &str) -> String {
    let mut out = Vec::with_capacity(first.len() + second.len() + 2);
    write_pair_term(first.as_bytes(), second.as_bytes(), &mut out);
    String::from_utf8(out).expect("two words and ASCII")
}

/// One unit of a phrase: a term (a word, or a pair standing for two) and
/// the offset in the phrase of its first word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PhraseUnit {
    pub(crate) term: String,
    pub(crate) offset: u32,
}

/// The units a phrase of `words` is matched from: with `pairs`, each
/// common word followed by another word is the pair of the two, and a
/// word covered by no pair is itself; without, each word is itself. In
/// offset order, the first at offset 0. A pair covers its second word,
/// so `"the president"` is one unit and `"president of the united
/// states"` four (`president`, `of the`, `the united`, `states`). A
/// common word ending the phrase has no pair and is itself.
pub(crate) fn phrase_units(words: &[String], pairs: bool) -> Vec<PhraseUnit> {
    let mut units = Vec::with_capacity(words.len());
    let mut covered = 0; // words before this one are covered
    for (i, w) in words.iter().enumerate() {
        let pair = pairs && i + 1 < words.len() && is_common_word(w);
        if pair {
            units.push(PhraseUnit {
                term: pair_term(w, &words[i + 1]),
                offset: i as u32,
            });
            covered = i + 2;
        } else if covered <= i {
            units.push(PhraseUnit {
                term: w.clone(),
                offset: i as u32,
            });
            covered = i + 1;
        }
    }
    units
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::normalize::normalize;

    fn words(phrase: &str) -> Vec<String> {
        phrase.split(' ').map(str::to_owned).collect()
    }

    fn units(phrase: &str) -> Vec<(String, u32)> {
        phrase_units(&words(phrase), true)
            .into_iter()
            .map(|u| (u.term.replace(PAIR_MARK, "+"), u.offset))
            .collect()
    }

    #[test]
    fn the_list_is_sorted_and_normalised() {
        assert!(COMMON_WORDS.windows(2).all(|w| w[0] < w[1]));
        for w in COMMON_WORDS {
            assert_eq!(normalize(w), *w);
        }
    }

    #[test]
    fn a_phrase_with_common_words_is_read_from_pairs() {
        let own = |s: &str, o| (s.to_owned(), o);
        assert_eq!(units("the president"), [own("+the president", 0)]);
        assert_eq!(
            units("president of the united states"),
            [
                own("president", 0),
                own("+of the", 1),
                own("+the united", 2),
                own("states", 4)
            ]
        );
        // A common word at the end has no word after it.
        assert_eq!(units("talks with"), [own("talks", 0), own("with", 1)]);
        assert_eq!(
            units("prime minister"),
            [own("prime", 0), own("minister", 1)]
        );
        // Without pairs, each word is itself.
        let plain = phrase_units(&words("the president"), false);
        assert_eq!(plain.len(), 2);
        assert_eq!(plain[0].term, "the");
        assert_eq!(plain[1].offset, 1);
    }

    #[test]
    fn pair_terms_are_told_from_words() {
        assert!(is_word_pair(&pair_term("the", "president")));
        assert!(!is_word_pair("the"));
        assert!(is_common_word("the") && is_common_word("در"));
        assert!(!is_common_word("president"));
    }
}
