use super::parse::{cut_to_limit, QUOTE_SCAN_BYTES};
use super::*;
use crate::limits::{MAX_QUERY_CHARS, MAX_QUERY_TERMS};

fn word(term: &str, prefix: bool, typos: u8) -> Item {
    Item::Word {
        term: term.into(),
        prefix,
        typos,
        forms: true,
    }
}

/// A word that must match as written (quoted or excluded).
fn exact_word(term: &str) -> Item {
    Item::Word {
        term: term.into(),
        prefix: false,
        typos: 0,
        forms: false,
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
        [exact_word("storm"), phrase(&["climate", "change"])]
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
    assert_eq!(q.required, [exact_word("government")]);
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
    assert_eq!(q.excluded, [exact_word("foo")]);
    let q = SearchQuery::parse("--foo bar\"baz");
    assert_eq!(q.excluded, [exact_word("foo")]);
    // `"baz` is an unclosed quote: exact.
    assert_eq!(q.required, [word("bar", false, 0), exact_word("baz")]);
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
    assert_eq!(q.excluded, [exact_word("storm")]);
    assert_eq!(q.required.len(), 63);
    assert_eq!(q.truncated(), Some(Truncated::Terms));
    // 63 words and a phrase: the phrase's first word, exactly.
    let text = words(63).join(" ") + " covid-19 ";
    let q = SearchQuery::parse(&text);
    assert_eq!(q.required.last(), Some(&exact_word("covid")));
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
