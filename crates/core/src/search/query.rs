//! The query language. Parsing never fails: any text gives a query.
//!
//! See the module documentation (`search/mod.rs`) for the grammar.
//!
//! Parsing is linear in the text: quotes are found in one forward pass and
//! duplicates are dropped through a hash set. Only the first
//! [`MAX_QUERY_CHARS`] characters are read and at most [`MAX_QUERY_TERMS`]
//! words are kept (a phrase counts its words); [`SearchQuery::truncated`]
//! says when either limit cut the query.

use super::tokenize::tokens;
use crate::limits::{MAX_QUERY_CHARS, MAX_QUERY_TERMS};
use std::collections::HashSet;

/// One thing a query asks for (or, negated, excludes).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
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

impl Item {
    /// How many words the item counts for [`MAX_QUERY_TERMS`].
    fn words(&self) -> usize {
        match self {
            Item::Word { .. } => 1,
            Item::Phrase(words) => words.len(),
        }
    }
}

/// Which limit cut a query (see [`SearchQuery::truncated`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Truncated {
    /// The text had more than [`MAX_QUERY_CHARS`] characters: only the
    /// first ones were read ("Only the first 2,000 characters are
    /// searched").
    Chars,
    /// The text (or its first [`MAX_QUERY_CHARS`] characters) had more than
    /// [`MAX_QUERY_TERMS`] distinct words, counting each word of a phrase
    /// and of an exclusion: only the first ones are searched ("Only the
    /// first 64 words are searched").
    Terms,
}

/// A parsed query. Build it with [`SearchQuery::parse`]; see the module
/// documentation for the syntax.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchQuery {
    pub(crate) required: Vec<Item>,
    pub(crate) excluded: Vec<Item>,
    typos: bool,
    truncated: Option<Truncated>,
}

impl Default for SearchQuery {
    fn default() -> Self {
        SearchQuery {
            required: Vec::new(),
            excluded: Vec::new(),
            typos: true,
            truncated: None,
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
fn cut_to_limit(text: &str) -> (&str, bool) {
    match text.char_indices().nth(MAX_QUERY_CHARS) {
        Some((end, _)) => (&text[..end], true),
        None => (text, false),
    }
}

// Bytes scanned for quotes on this thread, so tests can check that each
// byte is scanned at most once per parse without timing anything.
#[cfg(test)]
thread_local! {
    static QUOTE_SCAN_BYTES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
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

    /// Whether a limit cut the query, and which: [`Truncated::Terms`] when
    /// words were left out (the page says "Only the first 64 words are
    /// searched"), else [`Truncated::Chars`] when the text was longer than
    /// [`MAX_QUERY_CHARS`] characters. The query holds what was kept.
    pub fn truncated(&self) -> Option<Truncated> {
        self.truncated
    }

    /// How many words the query holds, counting each word of its phrases
    /// and exclusions (at most [`MAX_QUERY_TERMS`]).
    pub fn term_count(&self) -> usize {
        self.required
            .iter()
            .chain(&self.excluded)
            .map(Item::words)
            .sum()
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

    fn words(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("w{i}x")).collect()
    }

    #[test]
    fn only_the_first_words_are_kept() {
        let all = words(100);
        let q = SearchQuery::parse(&all.join(" "));
        assert_eq!(q.truncated(), Some(Truncated::Terms));
        assert_eq!(q.required.len(), MAX_QUERY_TERMS);
        assert_eq!(q.term_count(), MAX_QUERY_TERMS);
        let first = SearchQuery::parse(&(all[..MAX_QUERY_TERMS].join(" ") + " "));
        assert_eq!(first.truncated(), None);
        assert_eq!(q.required, first.required);
        // Exactly the limit: not cut, and the last word is still typed.
        let q = SearchQuery::parse(&all[..MAX_QUERY_TERMS].join(" "));
        assert_eq!(q.truncated(), None);
        assert!(matches!(
            q.required.last(),
            Some(Item::Word { prefix: true, .. })
        ));
        // Repeats count once and never cut.
        let q = SearchQuery::parse(&(all[..MAX_QUERY_TERMS].join(" ") + " w0x w1x w0x "));
        assert_eq!(q.truncated(), None);
        assert_eq!(q.term_count(), MAX_QUERY_TERMS);
    }

    #[test]
    fn phrases_and_exclusions_count_their_words() {
        // 62 words, then a phrase of three: cut to its first two words.
        let mut text = words(62).join(" ");
        text.push_str(" \"a b c\" -d");
        let q = SearchQuery::parse(&text);
        assert_eq!(q.truncated(), Some(Truncated::Terms));
        assert_eq!(q.required.last(), Some(&phrase(&["a", "b"])));
        assert!(q.excluded.is_empty());
        assert_eq!(q.term_count(), MAX_QUERY_TERMS);
        // 63 words, then an exclusion and one more word.
        let text = words(63).join(" ") + " -storm more";
        let q = SearchQuery::parse(&text);
        assert_eq!(q.excluded, [word("storm", false, 0)]);
        assert_eq!(q.required.len(), 63);
        assert_eq!(q.truncated(), Some(Truncated::Terms));
        // 63 words and a phrase: the phrase's first word, exactly.
        let text = words(63).join(" ") + " covid-19 ";
        let q = SearchQuery::parse(&text);
        assert_eq!(q.required.last(), Some(&word("covid", false, 0)));
    }

    #[test]
    fn only_the_first_chars_are_read_and_never_inside_a_char() {
        // One long word of two-byte letters: cut at a char boundary.
        let long = "é".repeat(MAX_QUERY_CHARS + 10);
        let q = SearchQuery::parse(&long);
        assert_eq!(q.truncated(), Some(Truncated::Chars));
        let want = SearchQuery::parse(&"é".repeat(MAX_QUERY_CHARS));
        assert_eq!(q.required, want.required);
        assert_eq!(want.truncated(), None);
        // Few words, but a long run of spaces before the last.
        let text = format!("iran{}storm", " ".repeat(MAX_QUERY_CHARS));
        let q = SearchQuery::parse(&text);
        assert_eq!(q.truncated(), Some(Truncated::Chars));
        assert_eq!(q.required, [word("iran", false, 0)]);
        // Too many words and too many characters: the words say more.
        let q = SearchQuery::parse(&"ab ".repeat(5_000).replace("ab", "x").replace(' ', " y"));
        assert!(q.truncated().is_some());
    }

    fn bytes_scanned_for_quotes(text: &str) -> (SearchQuery, usize) {
        QUOTE_SCAN_BYTES.with(|s| s.set(0));
        let q = SearchQuery::parse(text);
        (q, QUOTE_SCAN_BYTES.with(|s| s.get()))
    }

    /// The inputs of issue 19 (2.6 s, 7.7 s, 9.4 s before): each byte is
    /// scanned for quotes at most once, and the limits hold.
    #[test]
    fn hostile_queries_are_read_once_and_cut() {
        let distinct: String = (0..20_000).map(|i| format!("w{i} ")).collect();
        let words100k = "storm ".repeat(100_000 / 6);
        let acronyms = "א\"ב ".repeat(100_000 / 6);
        let fdfa = "\u{FDFA} ".repeat(100_000);
        let quotes = "\"a\" ".repeat(30_000);
        let open = "x\"".repeat(30_000);
        for text in [&distinct, &words100k, &acronyms, &fdfa, &quotes, &open] {
            let (q, scanned) = bytes_scanned_for_quotes(text);
            let (read, _) = cut_to_limit(text);
            assert!(
                scanned <= read.len(),
                "{scanned} bytes scanned of {}",
                read.len()
            );
            assert!(q.term_count() <= MAX_QUERY_TERMS);
            assert!(q.truncated().is_some());
        }
        let (q, _) = bytes_scanned_for_quotes(&distinct);
        assert_eq!(q.truncated(), Some(Truncated::Terms));
        assert_eq!(q.required.len(), MAX_QUERY_TERMS);
        let (q, _) = bytes_scanned_for_quotes(&acronyms);
        // One distinct acronym (the gershayim is part of the word).
        assert_eq!(q.required, [word("א\"ב", false, 0)]);
        assert_eq!(q.truncated(), Some(Truncated::Chars));
        let (q, _) = bytes_scanned_for_quotes(&fdfa);
        assert_eq!(q.truncated(), Some(Truncated::Chars));
        assert_eq!(q.required.len(), 1);
    }

    /// Timings of the issue's inputs (not asserted: the machine is shared).
    /// `cargo test -p broadsheet-core --release --lib -- --ignored --nocapture parse_timings`
    #[test]
    #[ignore]
    fn parse_timings() {
        let distinct: String = (0..20_000).map(|i| format!("w{i} ")).collect();
        let cases = [
            ("20,000 distinct words", distinct),
            ("100 KB of words", "storm ".repeat(100_000 / 6)),
            ("100 KB of Hebrew acronyms", "א\"ב ".repeat(100_000 / 6)),
            ("100,000 U+FDFA", "\u{FDFA} ".repeat(100_000)),
        ];
        for (name, text) in cases {
            let start = std::time::Instant::now();
            let q = SearchQuery::parse(&text);
            println!(
                "{name}: {:?} ({} words kept)",
                start.elapsed(),
                q.term_count()
            );
        }
    }
}
