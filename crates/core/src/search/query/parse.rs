//! Parsing what the user typed into a [`SearchQuery`], in one forward
//! pass: quotes (phrases), minus signs (exclusions), words written
//! together, the last word as a prefix while typing, and the limits.

use super::{typo_budget, Item, SearchQuery, Truncated};
use crate::limits::{MAX_QUERY_CHARS, MAX_QUERY_TERMS};
use crate::search::tokenize::tokens;
use std::collections::HashSet;

/// The phrase quotes of a text, found in one forward pass however often
/// they are asked for. A `"` between two Hebrew letters is not one: it is
/// the gershayim of an acronym (`צה"ל`, `ארה"ב`), part of the word, as the
/// tokenizer (UAX #29) keeps it in the index.
struct Quotes<'a> {
    text: &'a str,
    /// The first quote at or after `from` (`None`: there is none), valid
    /// for every later search that starts at or before it.
    next: Option<usize>,
    from: usize,
}

impl<'a> Quotes<'a> {
    fn new(text: &'a str) -> Self {
        let mut q = Quotes {
            text,
            next: None,
            from: 0,
        };
        q.next = q.scan(0);
        q
    }

    fn is_quote(&self, i: usize) -> bool {
        let hebrew = |c: Option<char>| c.is_some_and(|c| ('\u{05D0}'..='\u{05F2}').contains(&c));
        !(hebrew(self.text[..i].chars().next_back()) && hebrew(self.text[i + 1..].chars().next()))
    }

    fn scan(&self, from: usize) -> Option<usize> {
        let found = self.text[from..]
            .match_indices('"')
            .map(|(i, _)| from + i)
            .find(|&i| self.is_quote(i));
        #[cfg(test)]
        QUOTE_SCAN_BYTES.with(|s| s.set(s.get() + found.map_or(self.text.len(), |q| q + 1) - from));
        found
    }

    /// The byte offset of the first quote at or after `at` (offsets asked
    /// for never decrease, so each byte is scanned at most once).
    fn at_or_after(&mut self, at: usize) -> Option<usize> {
        debug_assert!(at >= self.from);
        if self.next.is_some_and(|q| q < at) {
            self.next = self.scan(at);
        }
        self.from = at;
        self.next
    }
}

/// The first `MAX_QUERY_CHARS` characters of `text` (never cut inside a
/// char), and whether anything was left out.
pub(super) fn cut_to_limit(text: &str) -> (&str, bool) {
    match text.char_indices().nth(MAX_QUERY_CHARS) {
        Some((end, _)) => (&text[..end], true),
        None => (text, false),
    }
}

// Bytes scanned for quotes on this thread, so tests can check that each
// byte is scanned at most once per parse without timing anything.
#[cfg(test)]
thread_local! {
    pub(super) static QUOTE_SCAN_BYTES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The query being built, its items so far (to drop repeats) and its word
/// count.
struct Parser {
    query: SearchQuery,
    seen: HashSet<(bool, Item)>,
    words: usize,
}

impl Parser {
    /// Adds `item` unless the query has it already. Returns `false` when
    /// the query is full: then the item was cut to the words left (a
    /// phrase) or dropped, and parsing stops.
    fn push(&mut self, item: Item, negated: bool) -> bool {
        let mut key = (negated, item);
        if self.seen.contains(&key) {
            return true;
        }
        let left = MAX_QUERY_TERMS - self.words;
        let full = key.1.words() > left;
        if full {
            self.query.truncated = Some(Truncated::Terms);
            key.1 = match key.1 {
                Item::Phrase(mut words) if left >= 2 => {
                    words.truncate(left);
                    Item::Phrase(words)
                }
                Item::Phrase(words) if left == 1 => Item::Word {
                    term: words.into_iter().next().unwrap_or_default(),
                    prefix: false,
                    typos: 0,
                    forms: false,
                },
                _ => return false,
            };
            if self.seen.contains(&key) {
                return false;
            }
        }
        self.words += key.1.words();
        let list = if negated {
            &mut self.query.excluded
        } else {
            &mut self.query.required
        };
        list.push(key.1.clone());
        self.seen.insert(key);
        !full
    }
}

impl SearchQuery {
    /// Parses what the user typed. Never fails; text without any word (``,
    /// `-`, `""`, `?!`) gives the empty query, which matches every article.
    ///
    /// Only the first [`MAX_QUERY_CHARS`] characters are read, and at most
    /// [`MAX_QUERY_TERMS`] distinct words are kept (the first ones; a
    /// phrase counts its words, a repeated item nothing): see
    /// [`SearchQuery::truncated`]. The cost is linear in what is read.
    pub fn parse(text: &str) -> Self {
        let (text, cut) = cut_to_limit(text);
        let mut parser = Parser {
            query: SearchQuery::default(),
            seen: HashSet::new(),
            words: 0,
        };
        if cut {
            parser.query.truncated = Some(Truncated::Chars);
        }
        let typing = !text.ends_with(char::is_whitespace);
        let mut quotes = Quotes::new(text);
        // `rest` is always `text[at..]`.
        let mut at = 0;
        loop {
            let rest = text[at..].trim_start();
            at = text.len() - rest.len();
            if rest.is_empty() {
                break;
            }
            let negated = rest.starts_with('-');
            if negated {
                let after = rest.trim_start_matches('-');
                at = text.len() - after.len();
                if after.is_empty() || after.starts_with(char::is_whitespace) {
                    continue; // a lone `-`
                }
            }
            if text[at..].starts_with('"') {
                // A phrase runs to the closing quote, or to the end.
                let start = at + 1;
                let end = quotes.at_or_after(start).unwrap_or(text.len());
                at = (end + 1).min(text.len());
                let words = tokens(&text[start..end]);
                let item = match words.len() {
                    0 => continue,
                    // A quoted single word matches exactly: no prefix, no typos.
                    1 => Item::Word {
                        term: words.into_iter().next().unwrap_or_default(),
                        prefix: false,
                        typos: 0,
                        forms: false,
                    },
                    _ => Item::Phrase(words),
                };
                if !parser.push(item, negated) {
                    break;
                }
                continue;
            }
            // A bare chunk runs to whitespace or to a quote.
            let rest = &text[at..];
            let space = rest
                .find(char::is_whitespace)
                .map_or(text.len(), |i| at + i);
            let end = space.min(quotes.at_or_after(at).unwrap_or(text.len()));
            let chunk = &text[at..end];
            at = end;
            let is_last = typing && at == text.len();
            let words = tokens(chunk);
            if words.len() > 1 && (negated || !is_last) {
                // `e-mail`, `Iran's`, `covid-19`: the words as written, together.
                if !parser.push(Item::Phrase(words), negated) {
                    break;
                }
                continue;
            }
            // One word, or the word being typed (then each word of it on its
            // own, the last as a prefix).
            let count = words.len();
            let mut full = false;
            for (i, term) in words.into_iter().enumerate() {
                let prefix = is_last && !negated && i + 1 == count;
                let typos = if negated {
                    0
                } else {
                    typo_budget(term.chars().count())
                };
                let item = Item::Word {
                    term,
                    prefix,
                    typos,
                    forms: !negated,
                };
                if !parser.push(item, negated) {
                    full = true;
                    break;
                }
            }
            if full {
                break;
            }
        }
        parser.query
    }
}
