//! Chinese, Japanese and Thai cut into dictionary words once a word
//! segmenter is installed (as the CLI and the page do), so that a
//! two-character query finds its word inside a sentence, and only its word.
//! (Its own test binary: the segmenter is installed for the whole process,
//! and core's other tests cut such text per character.)

use broadsheet_core::search::tokenize::{
    dictionary_words, for_each_word_with, install_word_segmenter, tokens, Unspaced,
};
use broadsheet_core::search::{IndexBuilder, SearchIndex};
use broadsheet_core::{Article, Order, SearchQuery};

fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for_each_word_with(text, Some(dictionary_words), |s, e| out.push(&text[s..e]));
    out
}

fn article(id: &str, title: &str, body: &str) -> Article {
    Article::builder(id)
        .title(title)
        .published("2024-03-01T10:00:00")
        .body([body])
        .build()
}

fn articles() -> Vec<Article> {
    vec![
        article("beijing", "会议", "我们在北京举行会议。"),
        article("tokyo", "記者会見", "東京都知事が記者会見した。"),
        article("kyoto", "祭り", "京都で祭りが開かれた。"),
        article("thai", "ประชากร", "ประเทศไทยมีประชากรมาก"),
        article(
            "english",
            "Tokyo's budget",
            "The budget of Tokyo's government.",
        ),
    ]
}

fn ids(found: Vec<u32>, articles: &[Article]) -> Vec<&str> {
    found
        .iter()
        .map(|&i| articles[i as usize].id.as_str())
        .collect()
}

fn search<'a>(index: &SearchIndex, articles: &'a [Article], q: &str) -> Vec<&'a str> {
    ids(
        index.search_with(&SearchQuery::parse(q), Order::Newest),
        articles,
    )
}

#[test]
fn chinese_japanese_and_thai_are_cut_into_dictionary_words() {
    assert_eq!(
        words("我们在北京举行会议。"),
        ["我们", "在", "北京", "举行", "会议"]
    );
    assert_eq!(
        words("中华人民共和国成立"),
        ["中华", "人民", "共和国", "成立"]
    );
    assert_eq!(
        words("東京都知事が記者会見した"),
        ["東京", "都知事", "が", "記者", "会見", "した"]
    );
    assert_eq!(
        words("ประเทศไทยมีประชากรมาก"),
        ["ประเทศไทย", "มี", "ประชากร", "มาก"]
    );
    // Other scripts in the same run are cut as everywhere else.
    assert_eq!(
        words("Tokyo's 東京 2024年3月 the U.S."),
        ["Tokyo", "s", "東京", "2024", "年", "3", "月", "the", "U.S"]
    );
    // Without a segmenter, per character (UAX #29), and the caller is told.
    let mut per_char = Vec::new();
    let text = "北京举行";
    let met = for_each_word_with(text, None, |s, e| per_char.push(&text[s..e]));
    assert!(met);
    assert_eq!(per_char, ["北", "京", "举", "行"]);
    assert!(!for_each_word_with("Tehran, ۱۴۰۲ كتاب", None, |_, _| {}));
}

#[test]
fn a_two_character_query_finds_its_word_inside_a_sentence_and_only_its_word() {
    install_word_segmenter(dictionary_words);
    let articles = articles();
    let index = SearchIndex::new(&articles);
    assert_eq!(index.unspaced(), Unspaced::Dictionary);
    assert_eq!(tokens("北京举行"), ["北京", "举行"]);
    assert_eq!(search(&index, &articles, "北京"), ["beijing"]);
    assert_eq!(search(&index, &articles, "会見 "), ["tokyo"]);
    // 京都 (Kyoto) is not the 京 and 都 of 東京都 (Tokyo Metropolis).
    assert_eq!(search(&index, &articles, "京都 "), ["kyoto"]);
    assert_eq!(search(&index, &articles, "ประชากร"), ["thai"]);
    // A phrase of words, and the English beside them, as before.
    assert_eq!(search(&index, &articles, "\"北京 举行\""), ["beijing"]);
    assert_eq!(search(&index, &articles, "\"北京举行\""), ["beijing"]);
    assert_eq!(search(&index, &articles, "tokyo "), ["english"]);
    let ranked = index.search_ranked(&SearchQuery::parse("会议 北京"));
    assert_eq!(ids(ranked.hits, &articles), ["beijing"]);
    // The highlight marks the word, not its characters.
    let text = "我们在北京举行会议。";
    let marks = SearchQuery::parse("北京").match_ranges(text);
    let marked: Vec<&str> = marks.into_iter().map(|r| &text[r]).collect();
    assert_eq!(marked, ["北京"]);

    // The same articles indexed before the segmenter was there (the page,
    // until it has loaded it): per character, and the index says so.
    let per_char = IndexBuilder::with_segmenter(&articles, None);
    let mut per_char = per_char;
    for a in &articles {
        per_char.push(a);
    }
    assert_eq!(per_char.finish().unspaced(), Unspaced::Characters);
    let english = SearchIndex::new(&articles[4..]);
    assert_eq!(english.unspaced(), Unspaced::None);
    // Taken over as bytes, the index still says how it was cut.
    let bytes = index.to_bytes();
    assert_eq!(
        SearchIndex::from_bytes(&bytes).unwrap().unspaced(),
        Unspaced::Dictionary
    );
}

/// A sharded archive's partitioned index (cut by words, as the CLI cuts)
/// answers exactly as the in-page index cut the same way.
#[test]
fn the_partitioned_index_cut_by_words_answers_as_the_in_page_index() {
    use broadsheet_core::search::{partition_index, Lookup, PartitionOptions, PartitionedIndex};
    install_word_segmenter(dictionary_words);
    let articles = articles();
    let index = IndexBuilder::with_segmenter(&articles, Some(dictionary_words));
    let mut index = index;
    for a in &articles {
        index.push(a);
    }
    let index = index.finish();
    let files = partition_index(&index, &PartitionOptions::default());
    let mut page = PartitionedIndex::from_root(&files.root).unwrap();
    for text in [
        "北京",
        "京都 ",
        "会見",
        "ประชากร",
        "\"北京 举行\"",
        "会议 北京",
        "tokyo 東京",
    ] {
        let q = SearchQuery::parse(text);
        for order in [Order::Newest, Order::Oldest, Order::Relevance] {
            let want = index.search_with(&q, order);
            page.evict_to(0);
            let got = loop {
                match page.search(&q, order) {
                    Lookup::Done(hits) => break hits,
                    Lookup::Need(parts) => {
                        for p in parts {
                            page.add_part(p, &files.parts[p]).unwrap();
                        }
                    }
                }
            };
            assert_eq!(got, want, "{text:?} {order:?}");
        }
    }
    assert_eq!(search(&index, &articles, "京都 "), ["kyoto"]);
}
