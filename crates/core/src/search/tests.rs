//! Index and query tests on small fixtures.

use super::*;
use crate::article::Article;
use crate::published::Published;

fn article(id: &str, title: &str, lead: &str, body: &[&str]) -> Article {
    Article {
        id: id.into(),
        title: title.into(),
        published: Published::parse_iso("2020-01-01").expect("date"),
        lead: lead.into(),
        body: body.iter().map(|s| s.to_string()).collect(),
        source: String::new(),
        url: None,
        lang: None,
        license: None,
    }
}

fn find(index: &SearchIndex, q: &str) -> Vec<u32> {
    index.search_with(&SearchQuery::parse(q), Order::Newest)
}

#[test]
fn every_word_must_match_in_any_field_ignoring_case() {
    let set = [
        article("a", "Iraqi Prime Minister meets Shamkhani", "Lead", &[]),
        article(
            "b",
            "Storm in Texas",
            "The governor spoke",
            &["Iraq was not mentioned"],
        ),
        article("c", "ЗЕМЛЕТРЯСЕНИЕ", "", &["Body"]),
    ];
    let index = SearchIndex::new(&set);
    // `iraq` is typed last: a prefix, so `Iraqi` matches too.
    assert_eq!(index.search(&SearchQuery::parse("iraq")), vec![0, 1]);
    assert_eq!(find(&index, "iraq "), [1]);
    assert_eq!(find(&index, "IRAQ governor"), [1]);
    assert_eq!(find(&index, "iraq  storm   texas"), [1]);
    assert_eq!(find(&index, "землетрясение"), [2]);
    assert_eq!(find(&index, "iraq nowhere"), Vec::<u32>::new());
    assert_eq!(find(&index, "   "), [0, 1, 2]);
    assert_eq!(
        index.search_with(&SearchQuery::parse(""), Order::Oldest),
        [2, 1, 0]
    );
}

fn news() -> Vec<Article> {
    vec![
        // 0: newest
        article(
            "0",
            "Markets open higher",
            "Shares rose in Tokyo as the government announced a budget.",
            &["Analysts expect more gains."],
        ),
        article(
            "1",
            "Prime Minister visits Tehran",
            "The prime minister arrived on Monday.",
            &["Talks on trade and the nuclear programme followed."],
        ),
        article(
            "2",
            "Storm hits the coast",
            "A storm hit Texas. The minister of the interior was prime among critics.",
            &["Prime-time coverage followed the storm."],
        ),
        article(
            "3",
            "Goverment reshuffle",
            "A typo in the headline, and the word government in the text.",
            &[],
        ),
        article(
            "4",
            "Budget talks",
            "The government of Texas discussed the budget; Tehran was mentioned.",
            &["مذاکرات در تهران ادامه دارد. می‌خواهم بروم."],
        ),
        // 5: oldest
        article("5", "تهران", "كتاب جديد في طهران", &["سال ۱۴۰۲ و سال ٢٠٢٤"]),
    ]
}

#[test]
fn and_prefix_and_trailing_space() {
    let index = SearchIndex::new(&news());
    assert_eq!(find(&index, "texas"), [2, 4]);
    assert_eq!(find(&index, "texas storm"), [2]);
    // "tex" is a prefix of "Texas" and "text".
    assert_eq!(find(&index, "tex"), [2, 3, 4]);
    assert_eq!(find(&index, "tex "), Vec::<u32>::new());
    assert_eq!(find(&index, "tehran budg"), [4]);
    // Only the last word is a prefix.
    assert_eq!(find(&index, "tex storm"), Vec::<u32>::new());
    // One letter.
    assert_eq!(find(&index, "k"), Vec::<u32>::new());
    assert_eq!(find(&index, "b"), [0, 4]);
}

#[test]
fn phrases_need_consecutive_words_in_one_paragraph() {
    let index = SearchIndex::new(&news());
    // Article 2 has both words but never together ("minister of ... prime").
    assert_eq!(find(&index, "prime minister"), [1, 2]);
    assert_eq!(find(&index, "\"prime minister\""), [1]);
    assert_eq!(find(&index, "\"Prime Minister"), [1]);
    // "prime-time" is a phrase of two words.
    assert_eq!(find(&index, "prime-time "), [2]);
    assert_eq!(find(&index, "\"storm followed\""), Vec::<u32>::new());
    // Not across paragraphs: article 2's lead ends "critics." and its body
    // starts "Prime-time".
    assert_eq!(find(&index, "\"critics prime\""), Vec::<u32>::new());
    // Nor from the title into the lead: "Tehran" ends article 1's title.
    assert_eq!(find(&index, "\"tehran the\""), Vec::<u32>::new());
    assert_eq!(find(&index, "\"nowhere near\""), Vec::<u32>::new());
}

#[test]
fn exclusions() {
    let index = SearchIndex::new(&news());
    assert_eq!(find(&index, "texas -storm"), [4]);
    assert_eq!(find(&index, "-texas"), [0, 1, 3, 5]);
    assert_eq!(find(&index, "-\"prime minister\""), [0, 2, 3, 4, 5]);
    assert_eq!(find(&index, "prime -\"prime minister\""), [2]);
    // An excluded word is exact: `-tex` does not exclude "Texas".
    assert_eq!(find(&index, "-tex"), [0, 1, 2, 3, 4, 5]);
    assert_eq!(find(&index, "-nowhere"), [0, 1, 2, 3, 4, 5]);
    // Malformed queries match everything.
    for q in ["-", "\"\"", "\"", "?!", " - "] {
        assert_eq!(find(&index, q), [0, 1, 2, 3, 4, 5], "{q:?}");
    }
}

#[test]
fn typos() {
    let index = SearchIndex::new(&news());
    // One edit for 5+ characters: "goverment" finds "government" and the
    // misspelt headline.
    assert_eq!(find(&index, "goverment "), [0, 3, 4]);
    assert_eq!(find(&index, "\"goverment\""), [3]);
    assert_eq!(
        index.search_with(
            &SearchQuery::parse("goverment ").with_typos(false),
            Order::Newest
        ),
        [3]
    );
    // Four characters: no typo.
    assert_eq!(find(&index, "texs "), Vec::<u32>::new());
    assert_eq!(find(&index, "tehrn "), [1, 4]);
    // Two edits only from 9 characters.
    assert_eq!(find(&index, "goverrmint "), [0, 3, 4]);
    assert_eq!(find(&index, "tehrrnn "), Vec::<u32>::new());
}

#[test]
fn persian_and_arabic_spellings_match() {
    let index = SearchIndex::new(&news());
    assert_eq!(find(&index, "تهران"), [4, 5]);
    // Persian keheh and yeh in the query, Arabic kaf and yeh in the text.
    assert_eq!(find(&index, "کتاب جدید "), [5]);
    assert_eq!(find(&index, "میخواهم "), [4]);
    assert_eq!(find(&index, "می‌خواهم "), [4]);
    assert_eq!(find(&index, "1402 "), [5]);
    assert_eq!(find(&index, "۲۰۲۴ "), [5]);
}

#[test]
fn relevance_title_above_body_and_exact_above_typo() {
    let set = vec![
        article("0", "Weather report", "Nothing about the topic.", &["The budget is mentioned once here, late in a long body of text about many other things."]),
        article("1", "Budget approved", "Lawmakers voted.", &[]),
        article("2", "Buddget typo", "Misspelt in the title only.", &[]),
        article("3", "Other news", "Nothing here.", &[]),
    ];
    let index = SearchIndex::new(&set);
    let q = SearchQuery::parse("budget ");
    assert_eq!(index.search_with(&q, Order::Relevance), [1, 0, 2]);
    assert_eq!(index.search_with(&q, Order::Newest), [0, 1, 2]);
    assert_eq!(index.search_with(&q, Order::Oldest), [2, 1, 0]);

    // Exact above prefix above typo, all else equal.
    let set = vec![
        article("0", "Notes", "the tehrani family", &[]),
        article("1", "Notes", "the tehrn family", &[]),
        article("2", "Notes", "the tehran family", &[]),
    ];
    let index = SearchIndex::new(&set);
    let q = SearchQuery::parse("tehran");
    assert_eq!(index.search_with(&q, Order::Relevance), [2, 0, 1]);
}

#[test]
fn relevance_prefers_rarer_words_and_ties_go_to_the_newest() {
    let set = vec![
        article("0", "A", "common words here", &[]),
        article("1", "B", "common words and rare zebra", &[]),
        article("2", "C", "common words here", &[]),
    ];
    let index = SearchIndex::new(&set);
    let q = SearchQuery::parse("common zebra ");
    assert_eq!(index.search_with(&q, Order::Relevance), [1]);
    let q = SearchQuery::parse("common ");
    assert_eq!(index.search_with(&q, Order::Relevance), [0, 2, 1]);
    // Empty query: relevance is newest first.
    assert_eq!(
        index.search_with(&SearchQuery::parse(""), Order::Relevance),
        [0, 1, 2]
    );
}

#[test]
fn empty_index_and_empty_articles() {
    let index = SearchIndex::new(&[]);
    assert!(index.is_empty());
    assert_eq!(find(&index, "anything"), Vec::<u32>::new());
    assert_eq!(find(&index, ""), Vec::<u32>::new());
    assert_eq!(SearchIndex::default(), index);
    let default = SearchIndex::default();
    assert_eq!(find(&default, "anything at all"), Vec::<u32>::new());
    let index = SearchIndex::new(&[article("0", "ـــ", "", &[])]);
    assert_eq!(find(&index, "x"), Vec::<u32>::new());
    assert_eq!(find(&index, "-x"), [0]);
}

#[test]
fn dense_one_letter_prefixes_agree_with_expansion() {
    // Enough articles for the dense bitsets to be built.
    let words = ["tea", "tree", "apple", "tomato", "banana", "the"];
    let set: Vec<Article> = (0..600)
        .map(|i| {
            let lead = format!("{} {}", words[i % 6], words[(i / 6) % 6]);
            article(&i.to_string(), "x", &lead, &[])
        })
        .collect();
    let index = SearchIndex::new(&set);
    assert!(index.dense_prefixes.iter().any(|(p, _)| p == "t"));
    let got = find(&index, "t");
    let want: Vec<u32> = (0..600u32)
        .filter(|&i| set[i as usize].lead.split(' ').any(|w| w.starts_with('t')))
        .collect();
    assert_eq!(got, want);
    assert_eq!(find(&index, "-the t"), {
        let mut w = want.clone();
        w.retain(|&i| !set[i as usize].lead.split(' ').any(|w| w == "the"));
        w
    });
    let ranked = index.search_with(&SearchQuery::parse("t"), Order::Relevance);
    let mut sorted = ranked.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, want);
}

#[test]
fn heap_bytes_and_debug_are_small() {
    let index = SearchIndex::new(&news());
    assert!(index.heap_bytes() > 0);
    assert!(index.term_count() > 20);
    assert!(format!("{index:?}").len() < 100);
}
