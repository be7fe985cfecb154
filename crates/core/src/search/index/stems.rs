//! Which terms share a stem, per language: the table that lets a search
//! word also find the other forms of the same word (`elections` →
//! `election`, `elected`; `کتاب‌ها` → `کتاب`).
//!
//! A term is stemmed with the rules of each language it occurs in (by its
//! articles' languages, see `builder.rs`), so an English word is never
//! reduced by French rules. Per language the table keeps one sorted
//! integer per term, the stem's hash and the term id: 8 bytes a term and
//! no stem text. A lookup stems the word, finds the hash's run and stems
//! those few terms again to drop hash collisions.

use super::dictionary::Dictionary;
use crate::search::language::{Language, Stemmer};
use crate::search::word_pairs::is_word_pair;

/// Stems of the index's terms, per language of its articles.
#[derive(Clone, Default, PartialEq)]
pub(crate) struct StemTable {
    /// The languages with articles, ascending; a term's language mask has
    /// bit `i` for `langs[i]`.
    pub(crate) langs: Vec<Language>,
    /// Per language, `hash(stem) << 32 | term` for each term of that
    /// language, ascending.
    pub(crate) keys: Vec<Vec<u64>>,
}

/// Languages one index can tell apart (bits of a term's mask).
pub(crate) const MAX_LANGUAGES: usize = 32;

/// FNV-1a: stems are short, and a collision costs one more stemming.
/// (A partitioned index files its stem parts by it: see `partitioned/`.)
pub(crate) fn stem_hash(stem: &str) -> u32 {
    stem.bytes().fold(0x811c_9dc5, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// Builds a [`StemTable`] a few terms at a time (see `finisher.rs`).
pub(crate) struct StemTableBuilder {
    stemmers: Vec<Stemmer>,
    table: StemTable,
}

impl StemTableBuilder {
    pub(crate) fn new(langs: Vec<Language>) -> Self {
        StemTableBuilder {
            stemmers: langs.iter().map(|&l| Stemmer::new(l)).collect(),
            table: StemTable {
                keys: vec![Vec::new(); langs.len()],
                langs,
            },
        }
    }

    /// Adds term `t` (`term`), which occurs in articles of the languages
    /// in `mask`.
    pub(crate) fn add(&mut self, t: u32, term: &str, mut mask: u32) {
        if is_word_pair(term) {
            // A pair is two words: it has no stem of its own.
            return;
        }
        while mask != 0 {
            let i = mask.trailing_zeros() as usize;
            mask &= mask - 1;
            let stem = self.stemmers[i].stem(term);
            self.table.keys[i].push(u64::from(stem_hash(&stem)) << 32 | u64::from(t));
        }
    }

    pub(crate) fn finish(mut self) -> StemTable {
        for keys in &mut self.table.keys {
            crate::sort::sort_keys(keys);
            keys.shrink_to_fit();
        }
        self.table
    }
}

impl StemTable {
    /// The table of a few terms only, given as `(language, id, term)`
    /// for each language a term occurs in: a partitioned index's
    /// sub-index (`partitioned/engine.rs`) holds the terms sharing a stem
    /// with its query's words, so its [`StemTable::expansions`] are the
    /// full index's.
    pub(crate) fn from_terms(terms: &[(Language, u32, &str)]) -> StemTable {
        let mut langs: Vec<Language> = terms.iter().map(|&(l, _, _)| l).collect();
        langs.sort_unstable();
        langs.dedup();
        langs.truncate(MAX_LANGUAGES);
        let mut builder = StemTableBuilder::new(langs);
        for &(lang, t, term) in terms {
            if let Ok(i) = builder.table.langs.binary_search(&lang) {
                builder.add(t, term, 1 << i);
            }
        }
        let mut table = builder.finish();
        for keys in &mut table.keys {
            keys.dedup();
        }
        table
    }

    /// The terms that share a stem with `word` in some language of the
    /// index (`word` itself among them when it is a term), ascending and
    /// without repeats. `word` is stemmed with each language's rules: a
    /// query's own language is too short to tell.
    pub(crate) fn expansions(&self, dict: &Dictionary, word: &str) -> Vec<u32> {
        let mut found = Vec::new();
        for (lang, keys) in self.langs.iter().zip(&self.keys) {
            let stemmer = Stemmer::new(*lang);
            let stem = stemmer.stem(word);
            let hash = u64::from(stem_hash(&stem)) << 32;
            let from = keys.partition_point(|&k| k < hash);
            for &k in keys[from..].iter().take_while(|&&k| k >> 32 == hash >> 32) {
                let t = k as u32;
                if stemmer.stem(dict.term(t)) == stem {
                    found.push(t);
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.langs.capacity()
            + self
                .keys
                .iter()
                .map(|k| k.capacity() * 8 + 24)
                .sum::<usize>()
    }
}
