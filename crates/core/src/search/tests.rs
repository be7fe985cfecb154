//! Index and query tests on small fixtures.

use super::*;
use crate::article::Article;

fn find(index: &SearchIndex, q: &str) -> Vec<u32> {
    index.search_with(&SearchQuery::parse(q), Order::Newest)
}

#[test]
fn every_word_must_match_in_any_field_ignoring_case() {
    let set = [
        Article::builder("a")
            .title("Iraqi Prime Minister meets Shamkhani")
            .lead("Lead")
            .build(),
        Article::builder("b")
            .title("Storm in Texas")
            .lead("The governor spoke")
            .body(["Iraq was not mentioned"])
            .build(),
        Article::builder("c")
            .title("ЗЕМЛЕТРЯСЕНИЕ")
            .body(["Body"])
            .build(),
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
        Article::builder("0")
            .title("Markets open higher")
            .lead("Shares rose in Tokyo as the government announced a budget.")
            .body(["Analysts expect more gains."])
            .build(),
        Article::builder("1")
            .title("Prime Minister visits Tehran")
            .lead("The prime minister arrived on Monday.")
            .body(["Talks on trade and the nuclear programme followed."])
            .build(),
        Article::builder("2")
            .title("Storm hits the coast")
            .lead("A storm hit Texas. The minister of the interior was prime among critics.")
            .body(["Prime-time coverage followed the storm."])
            .build(),
        Article::builder("3")
            .title("Goverment reshuffle")
            .lead("A typo in the headline, and the word government in the text.")
            .build(),
        Article::builder("4")
            .title("Budget talks")
            .lead("The government of Texas discussed the budget; Tehran was mentioned.")
            .body(["مذاکرات در تهران ادامه دارد. می‌خواهم بروم."])
            .build(),
        // 5: oldest
        Article::builder("5")
            .title("تهران")
            .lead("كتاب جديد في طهران")
            .body(["سال ۱۴۰۲ و سال ٢٠٢٤"])
            .build(),
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
fn common_word_pairs_answer_phrases_as_positions_do() {
    let set = [
        Article::builder("a")
            .title("The president of the United States speaks")
            .lead("The president said the president would go.")
            .body(["Talks with the president of Iran.", "The the the."])
            .build(),
        Article::builder("b")
            .title("A president and the state")
            .lead("The states of the union; president of nothing.")
            .body(["The\npresident", "thepresident rarely the"])
            .build(),
        Article::builder("c")
            .title("Of the people")
            .lead("In the president's words, the president.")
            .body(["De la république et de la présidente."])
            .build(),
    ];
    let plain = SearchIndex::new(&set);
    let mut builder = IndexBuilder::new(&set).with_word_pairs();
    set.iter().for_each(|a| builder.push(a));
    let paired = builder.finish();
    // The same words; pairs beside them, not counted as words.
    assert_eq!(paired.term_count(), plain.term_count());
    assert!(
        paired.word_pair_count() > 10,
        "{}",
        paired.word_pair_count()
    );
    assert_eq!(plain.word_pair_count(), 0);
    for q in [
        "\"the president\"",
        "\"president of the united states\"",
        "\"the president\" -\"talks with\"",
        "\"of the\"",
        "\"the the\"",
        "\"the the the\"",
        "\"talks with\"",
        "\"the state\"",
        "\"de la\" république",
        "\"the people\"",
        "-\"the president\"",
        "the",
        "the ",
        "thepresident",
        "thepresident ",
        "president",
        "\"the union\"",
        "\"the nowhere\"",
    ] {
        let query = SearchQuery::parse(q);
        for order in [Order::Newest, Order::Oldest, Order::Relevance] {
            assert_eq!(
                paired.search_with(&query, order),
                plain.search_with(&query, order),
                "{q:?} {order:?}"
            );
        }
    }
    // Across lines of one paragraph a phrase holds; across paragraphs not.
    assert_eq!(find(&paired, "\"the president\""), [0, 1, 2]);
    assert_eq!(find(&paired, "\"the the the\""), [0]);
    assert_eq!(find(&paired, "\"the thepresident\""), Vec::<u32>::new());
    // A phrase scores by how often it occurs: article 0 has it four times.
    let ranked = paired.search_ranked(&SearchQuery::parse("\"the president\""));
    assert_eq!(ranked.hits[0], 0);
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
        Article::builder("0").title("Weather report").lead("Nothing about the topic.").body(["The budget is mentioned once here, late in a long body of text about many other things."]).build(),
        Article::builder("1").title("Budget approved").lead("Lawmakers voted.").build(),
        Article::builder("2").title("Buddget typo").lead("Misspelt in the title only.").build(),
        Article::builder("3").title("Other news").lead("Nothing here.").build(),
    ];
    let index = SearchIndex::new(&set);
    let q = SearchQuery::parse("budget ");
    assert_eq!(index.search_with(&q, Order::Relevance), [1, 0]);
    assert_eq!(index.search_with(&q, Order::Newest), [0, 1]);
    assert_eq!(index.search_with(&q, Order::Oldest), [1, 0]);
    // The misspelling finds the word it is a typo of (in more articles
    // than it), ranked below itself; the word above does not find the
    // rarer misspelling.
    let q = SearchQuery::parse("buddget ");
    assert_eq!(index.search_with(&q, Order::Relevance), [2, 1, 0]);
    assert_eq!(index.search_with(&q, Order::Newest), [0, 1, 2]);
    assert_eq!(index.search_with(&q, Order::Oldest), [2, 1, 0]);

    // Exact above prefix above typo, all else equal.
    let set = vec![
        Article::builder("0")
            .title("Notes")
            .lead("the tehrani family")
            .build(),
        Article::builder("1")
            .title("Notes")
            .lead("the tehrn family")
            .build(),
        Article::builder("2")
            .title("Notes")
            .lead("the tehran family")
            .build(),
        // A typo counts where it is in more articles than the word.
        Article::builder("3")
            .title("Notes")
            .lead("the tehrn family")
            .build(),
    ];
    let index = SearchIndex::new(&set);
    let q = SearchQuery::parse("tehran");
    assert_eq!(index.search_with(&q, Order::Relevance), [2, 0, 1, 3]);
}

#[test]
fn relevance_prefers_rarer_words_and_ties_go_to_the_newest() {
    let set = vec![
        Article::builder("0")
            .title("A")
            .lead("common words here")
            .build(),
        Article::builder("1")
            .title("B")
            .lead("common words and rare zebra")
            .build(),
        Article::builder("2")
            .title("C")
            .lead("common words here")
            .build(),
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
    let index = SearchIndex::new(&[Article::builder("0").title("ـــ").build()]);
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
            Article::builder(i.to_string())
                .title("x")
                .lead(&lead)
                .build()
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

mod typo_candidates {
    use super::*;
    use proptest::prelude::*;

    /// Every term of `index` within `max` edits of `word` (not itself),
    /// ordered and capped as `typo_terms` promises: by a scan of them all.
    fn every_term_within(index: &SearchIndex, word: &str, max: u8) -> Vec<(u32, u8)> {
        let dict = &index.dict;
        let mut found: Vec<(u32, u8)> = (0..dict.len() as u32)
            .filter_map(|t| {
                typo::distance_within(word, dict.term(t), max)
                    .filter(|&d| d > 0)
                    .map(|d| (t, d))
            })
            .collect();
        found.sort_unstable_by_key(|&(t, d)| (d, std::cmp::Reverse(dict.df[t as usize]), t));
        found.truncate(exec::TYPO_CAP);
        found
    }

    fn index_of(words: &[String]) -> SearchIndex {
        let articles: Vec<Article> = words
            .chunks(3)
            .enumerate()
            .map(|(i, w)| Article::builder(i.to_string()).title(w.join(" ")).build())
            .collect();
        SearchIndex::new(&articles)
    }

    /// Words from few letters (many near neighbours), some of two and
    /// three bytes, so suffixes cut into characters too.
    fn word() -> impl Strategy<Value = String> {
        "[abcdeéж中]{1,10}"
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Finding one-edit candidates by how terms start and end (and
        /// two-edit ones by length) misses no term a full scan finds.
        #[test]
        fn typo_terms_are_those_a_full_scan_finds(
            words in prop::collection::vec(word(), 1..120),
            query in word(),
            max in 1u8..3,
        ) {
            let index = index_of(&words);
            let query = crate::search::normalize::normalize(&query);
            prop_assert_eq!(index.typo_terms(&query, max, 0), every_term_within(&index, &query, max));
        }
    }

    #[test]
    fn one_edit_terms_in_every_position_are_found() {
        // Each kind of edit at each place of "station", with words that
        // share only its start or only its end.
        let words: Vec<String> = [
            "xtation", "sxation", "staxion", "statixn", "statiox", "tation", "sation", "statio",
            "xstation", "stationx", "tsation", "stnaiot", "statino", "satiton", "stations",
            "nation", "static", "stallion",
        ]
        .map(String::from)
        .to_vec();
        let index = index_of(&words);
        assert_eq!(
            index.typo_terms("station", 1, 0),
            every_term_within(&index, "station", 1)
        );
        assert_eq!(index.typo_terms("station", 1, 0).len(), 13);
    }
}

fn in_language(lang: &str, id: &str, lead: &str) -> Article {
    let mut a = Article::builder(id).title("Notes").lead(lead).build();
    a.lang = Some(lang.into());
    a
}

#[test]
fn a_word_finds_its_other_forms_ranked_below_itself_and_above_typos() {
    let set = vec![
        in_language("en", "0", "the elections were held"),
        in_language("en", "1", "the electron was held"),
        in_language("en", "2", "the election was held"),
        in_language("en", "3", "the electron was held"),
        in_language("en", "4", "nothing of the kind"),
    ];
    let index = SearchIndex::new(&set);
    // `electron`, one edit away and in more articles, is a typo match.
    let q = SearchQuery::parse("election ");
    assert_eq!(index.search_with(&q, Order::Relevance), [2, 0, 1, 3]);
    assert_eq!(index.search_with(&q, Order::Newest), [0, 1, 2, 3]);
    // The other way round too: `elections` finds `election`.
    let q = SearchQuery::parse("elections ");
    assert_eq!(index.search_with(&q, Order::Relevance), [0, 2, 1, 3]);
    // Quoted, a word matches as written; excluded, so does it.
    assert_eq!(find(&index, "\"election\""), [2]);
    assert_eq!(find(&index, "held -election"), [0, 1, 3]);
}

#[test]
fn forms_follow_each_article_language() {
    let set = vec![
        in_language("en", "0", "runs and running"),
        in_language("fa", "1", "کتاب‌های تازه"),
        in_language("fa", "2", "این کتاب"),
        // No language given: its words match only as written (forms are
        // found per word, through the articles of a language that have it).
        Article::builder("3")
            .title("Notes")
            .lead("he went jogging")
            .build(),
    ];
    let index = SearchIndex::new(&set);
    assert_eq!(find(&index, "run "), [0]);
    assert_eq!(find(&index, "jogging "), [3]);
    assert_eq!(find(&index, "jog "), Vec::<u32>::new());
    // Persian plural and the ZWNJ-joined form meet at `کتاب`.
    assert_eq!(find(&index, "کتاب "), [1, 2]);
    assert_eq!(find(&index, "کتابها "), [1, 2]);
}

#[test]
fn relevance_puts_articles_with_every_word_first_then_some() {
    let set = vec![
        Article::builder("0")
            .title("Weather")
            .lead("rain tomorrow")
            .build(),
        Article::builder("1")
            .title("Talks")
            .lead("a nuclear deal is near")
            .build(),
        Article::builder("2")
            .title("Iran")
            .lead("the nuclear programme")
            .build(),
        Article::builder("3")
            .title("Iran")
            .lead("a nuclear deal signed")
            .build(),
        Article::builder("4")
            .title("Trade")
            .lead("a deal on steel")
            .build(),
        Article::builder("5").title("Sport").lead("a match").build(),
        Article::builder("6").title("Art").lead("a show").build(),
    ];
    let index = SearchIndex::new(&set);
    let q = SearchQuery::parse("iran nuclear deal ");
    let ranked = index.search_ranked(&q);
    assert_eq!(ranked.complete, 1);
    assert_eq!(ranked.hits[0], 3);
    assert_eq!(ranked.hits.len(), 4, "{ranked:?}");
    assert!(!ranked.hits.contains(&0) && !ranked.hits.contains(&5));
    assert_eq!(index.search_with(&q, Order::Relevance), ranked.hits);
    // The other orders keep to the articles with every word.
    assert_eq!(index.search_with(&q, Order::Newest), [3]);
    // Exclusions hold for the partial matches too.
    let q = SearchQuery::parse("iran nuclear deal -steel");
    assert!(!index.search_with(&q, Order::Relevance).contains(&4));
    // A word in more than half of the articles (`a`) brings none in.
    let q = SearchQuery::parse("a iran ");
    assert_eq!(index.search_ranked(&q).hits, [3, 2]);
}

#[test]
fn highlights_mark_the_forms_that_matched() {
    let a = in_language(
        "en",
        "0",
        "The elections were held; the election was quiet.",
    );
    let q = SearchQuery::parse("election ");
    let h = q.highlight(&a);
    let snippet = h.snippet.expect("a snippet");
    let marked: Vec<&str> = snippet
        .matches
        .iter()
        .map(|r| &snippet.text[r.clone()])
        .collect();
    assert_eq!(marked, ["elections", "election"]);
    // Quoted: only the word as written.
    let q = SearchQuery::parse("\"election\"");
    let text = &a.lead;
    let marked: Vec<&str> = q
        .match_ranges_in(text, Some("en"))
        .into_iter()
        .map(|r| &text[r])
        .collect();
    assert_eq!(marked, ["election"]);
    // Without a language, forms are not guessed (`elections` is a typo
    // match; `elected` is not).
    let text = "They elected a mayor; the election was quiet.";
    let q = SearchQuery::parse("election ");
    assert_eq!(q.match_ranges(text).len(), 1);
    assert_eq!(q.match_ranges_in(text, Some("en")).len(), 2);
}

#[test]
fn an_article_without_a_language_is_read_in_the_language_of_its_text() {
    let untagged = |id: &str, lead: &str| Article::builder(id).title("Notes").lead(lead).build();
    let set = vec![
        untagged("0", "The governments announced that the elections would be held in the spring, officials said on Monday."),
        untagged("1", "دولت امروز اعلام کرد که انتخابات در بهار برگزار می‌شود و کتاب‌های تازه در نمایشگاه عرضه شد."),
        // Too short to tell: matched as written only.
        untagged("2", "elections"),
    ];
    let index = SearchIndex::new(&set);
    assert_eq!(find(&index, "government "), [0]);
    assert_eq!(find(&index, "کتاب "), [1]);
    assert_eq!(find(&index, "election "), [0, 2]);
}

#[test]
fn each_outlet_s_language_is_guessed_until_it_is_settled() {
    let from = |source: &str, id: &str, lead: &str| {
        let mut a = Article::builder(id).title("Notes").lead(lead).build();
        a.source = source.into();
        a
    };
    let english = "The governments announced that the elections would be held in the spring, officials said on Monday.";
    let mut set: Vec<Article> = (0..10)
        .map(|i| from("Wire", &i.to_string(), english))
        .collect();
    set.push(from(
        "Tehran Daily",
        "fa",
        "دولت امروز اعلام کرد که انتخابات در بهار برگزار می‌شود و کتاب‌های تازه در نمایشگاه عرضه شد.",
    ));
    let index = SearchIndex::new(&set);
    assert_eq!(find(&index, "government ").len(), 10);
    assert_eq!(find(&index, "کتاب "), [10]);
}

#[test]
fn a_chinese_or_japanese_word_is_found_inside_a_sentence() {
    let set = vec![
        Article::builder("0").title("北京是中国的首都").build(),
        Article::builder("1").title("东京都是日本的首府").build(),
        Article::builder("2")
            .title("東京都は日本の首都です")
            .build(),
    ];
    let index = SearchIndex::new(&set);
    // Characters written together are a phrase once typed.
    assert_eq!(find(&index, "首都 "), [0, 2]);
    assert_eq!(find(&index, "日本 "), [1, 2]);
    assert_eq!(find(&index, "中国 "), [0]);
    // `都是` is in 0 and 1 only as neighbours.
    assert_eq!(find(&index, "都是 "), [1]);
    let h = SearchQuery::parse("首都 ").highlight(&set[2]);
    assert_eq!(h.title.len(), 1);
    assert_eq!(&set[2].title[h.title[0].clone()], "首都");
}
