//! The query language. Parsing never fails: any text gives a query.
//!
//! See the module documentation (`search/mod.rs`) for the grammar.

use super::tokenize::tokens;

/// One thing a query asks for (or, negated, excludes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Item {
    /// A normalised word. `prefix`: also matches longer words starting with
    /// it. `typos`: how many edits a matching word may differ by (0–2).
    Word {
        term: String,
        prefix: bool,
        typos: u8,
    },
    /// Two or more normalised words, consecutive in one paragraph or the title.
    Phrase(Vec<String>),
}

/// A parsed query. Build it with [`SearchQuery::parse`]; see the module
/// documentation for the syntax.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchQuery {
    pub(crate) required: Vec<Item>,
    pub(crate) excluded: Vec<Item>,
    typos: bool,
}

impl Default for SearchQuery {
    fn default() -> Self {
        SearchQuery {
            required: Vec::new(),
            excluded: Vec::new(),
            typos: true,
        }
    }
}

/// How many edits a query word of `chars` characters tolerates.
pub(crate) fn typo_budget(chars: usize) -> u8 {
    match chars {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Where the next phrase quote is in `text`. A `"` between two Hebrew
/// letters is not one: it is the gershayim of an acronym (`צה"ל`, `ארה"ב`),
/// part of the word, as the tokenizer (UAX #29) keeps it in the index.
fn next_quote(text: &str) -> Option<usize> {
    let hebrew = |c: Option<char>| c.is_some_and(|c| ('\u{05D0}'..='\u{05F2}').contains(&c));
    text.match_indices('"')
        .map(|(i, _)| i)
        .find(|&i| !(hebrew(text[..i].chars().next_back()) && hebrew(text[i + 1..].chars().next())))
}

impl SearchQuery {
    /// Parses what the user typed. Never fails; text without any word (``,
    /// `-`, `""`, `?!`) gives the empty query, which matches every article.
    pub fn parse(text: &str) -> Self {
        let mut query = SearchQuery::default();
        let typing = !text.ends_with(char::is_whitespace);
        let mut rest = text;
        loop {
            rest = rest.trim_start();
            if rest.is_empty() {
                break;
            }
            let negated = rest.starts_with('-');
            if negated {
                rest = rest.trim_start_matches('-');
                if rest.is_empty() || rest.starts_with(char::is_whitespace) {
                    continue; // a lone `-`
                }
            }
            if let Some(after_quote) = rest.strip_prefix('"') {
                // A phrase runs to the closing quote, or to the end.
                let (inner, after) = match next_quote(after_quote) {
                    Some(end) => (&after_quote[..end], &after_quote[end + 1..]),
                    None => (after_quote, ""),
                };
                rest = after;
                let words = tokens(inner);
                let item = match words.len() {
                    0 => continue,
                    // A quoted single word matches exactly: no prefix, no typos.
                    1 => Item::Word {
                        term: words.into_iter().next().unwrap_or_default(),
                        prefix: false,
                        typos: 0,
                    },
                    _ => Item::Phrase(words),
                };
                query.push(item, negated);
                continue;
            }
            // A bare chunk runs to whitespace or to a quote.
            let end = rest
                .find(char::is_whitespace)
                .unwrap_or(rest.len())
                .min(next_quote(rest).unwrap_or(rest.len()));
            let chunk = &rest[..end];
            rest = &rest[end..];
            let is_last = typing && rest.is_empty();
            let words = tokens(chunk);
            if words.len() > 1 && (negated || !is_last) {
                // `e-mail`, `Iran's`, `covid-19`: the words as written, together.
                query.push(Item::Phrase(words), negated);
                continue;
            }
            // One word, or the word being typed (then each word of it on its
            // own, the last as a prefix).
            let count = words.len();
            for (i, term) in words.into_iter().enumerate() {
                let prefix = is_last && !negated && i + 1 == count;
                let typos = if negated {
                    0
                } else {
                    typo_budget(term.chars().count())
                };
                query.push(
                    Item::Word {
                        term,
                        prefix,
                        typos,
                    },
                    negated,
                );
            }
        }
        query
    }

    fn push(&mut self, item: Item, negated: bool) {
        let list = if negated {
            &mut self.excluded
        } else {
            &mut self.required
        };
        if !list.contains(&item) {
            list.push(item);
        }
    }

    /// True when the query asks for nothing (matches every article). Cheap.
    pub fn is_empty(&self) -> bool {
        self.required.is_empty() && self.excluded.is_empty()
    }

    /// True when the query has exclusions only (`-foo`): it matches every
    /// article without the excluded words, and has nothing to highlight.
    pub fn has_only_exclusions(&self) -> bool {
        self.required.is_empty() && !self.excluded.is_empty()
    }

    /// Turns typo tolerance on (the default) or off.
    pub fn with_typos(mut self, on: bool) -> Self {
        self.typos = on;
        self
    }

    /// Whether typo tolerance is on.
    pub fn typos(&self) -> bool {
        self.typos
    }

    /// How many edits a matching word may differ from `item` by, taking
    /// [`SearchQuery::with_typos`] into account.
    pub(crate) fn typos_for(&self, typos: u8) -> u8 {
        if self.typos {
            typos
        } else {
            0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(term: &str, prefix: bool, typos: u8) -> Item {
        Item::Word {
            term: term.into(),
            prefix,
            typos,
        }
    }

    fn phrase(words: &[&str]) -> Item {
        Item::Phrase(words.iter().map(|w| w.to_string()).collect())
    }

    #[test]
    fn words_are_anded_and_only_the_last_is_a_prefix_while_typing() {
        let q = SearchQuery::parse("Iraq  Minis");
        assert_eq!(q.required, [word("iraq", false, 0), word("minis", true, 1)]);
        let q = SearchQuery::parse("Iraq Minis ");
        assert_eq!(
            q.required,
            [word("iraq", false, 0), word("minis", false, 1)]
        );
        assert!(q.excluded.is_empty());
    }

    #[test]
    fn typo_budget_grows_with_length() {
        let q = SearchQuery::parse("four fives government administration ");
        assert_eq!(
            q.required,
            [
                word("four", false, 0),
                word("fives", false, 1),
                word("government", false, 2),
                word("administration", false, 2)
            ]
        );
        assert_eq!(typo_budget(8), 1);
        assert_eq!(typo_budget(9), 2);
    }

    #[test]
    fn phrases_and_exclusions() {
        let q = SearchQuery::parse(r#""Prime Minister" -storm -"climate change" x"#);
        assert_eq!(
            q.required,
            [phrase(&["prime", "minister"]), word("x", true, 0)]
        );
        assert_eq!(
            q.excluded,
            [word("storm", false, 0), phrase(&["climate", "change"])]
        );
    }

    #[test]
    fn a_lone_quote_runs_to_the_end() {
        let q = SearchQuery::parse(r#"iran "prime minis"#);
        assert_eq!(
            q.required,
            [word("iran", false, 0), phrase(&["prime", "minis"])]
        );
    }

    #[test]
    fn a_quoted_single_word_is_exact() {
        let q = SearchQuery::parse(r#""government""#);
        assert_eq!(q.required, [word("government", false, 0)]);
    }

    #[test]
    fn words_written_together_form_a_phrase() {
        let q = SearchQuery::parse("covid-19 Iran's ");
        assert_eq!(
            q.required,
            [phrase(&["covid", "19"]), phrase(&["iran", "s"])]
        );
        // While typing, the last chunk's words are separate, the last a prefix.
        let q = SearchQuery::parse("e-ma");
        assert_eq!(q.required, [word("e", false, 0), word("ma", true, 0)]);
    }

    #[test]
    fn malformed_queries_are_empty_or_sensible() {
        for text in [
            "", "   ", "-", " - -- ", "\"\"", "\"", "?!", "-\"\"", "—", "-?",
        ] {
            let q = SearchQuery::parse(text);
            assert!(q.is_empty(), "{text:?} gave {q:?}");
        }
        let q = SearchQuery::parse("-foo");
        assert!(q.has_only_exclusions());
        assert_eq!(q.excluded, [word("foo", false, 0)]);
        let q = SearchQuery::parse("--foo bar\"baz");
        assert_eq!(q.excluded, [word("foo", false, 0)]);
        assert_eq!(q.required, [word("bar", false, 0), word("baz", false, 0)]);
    }

    #[test]
    fn query_words_are_normalised_like_the_text() {
        let q = SearchQuery::parse("TEHRÁN كتاب ۱۴۰۲ ");
        assert_eq!(
            q.required,
            [
                word("tehran", false, 1),
                word("کتاب", false, 0),
                word("1402", false, 0)
            ]
        );
    }

    #[test]
    fn duplicates_collapse_and_typos_can_be_switched_off() {
        let q = SearchQuery::parse("iran iran ").with_typos(false);
        assert_eq!(q.required.len(), 1);
        assert_eq!(q.typos_for(1), 0);
        assert!(!q.typos());
    }
}
