//! Properties of the search engine on random small article sets: the index
//! agrees with a brute-force scan of the tokenised text.

use broadsheet_core::search::language::{Language, LanguageGuesser, Stemmer};
use broadsheet_core::search::normalize::normalize;
use broadsheet_core::search::tokenize::tokens;
use broadsheet_core::search::{edit_distance_within, Order, SearchIndex, SearchQuery};
use broadsheet_core::Article;
use proptest::prelude::*;
use std::collections::{BTreeSet, HashMap};

/// Words with case, accent, Arabic/Persian and digit variants, prefixes of
/// each other and near-misses, so every operator has something to do.
const VOCAB: &[&str] = &[
    "iran",
    "Iran",
    "IRAN",
    "tehran",
    "Tehrán",
    "TEHRAN",
    "teheran",
    "news",
    "new",
    "newer",
    "prime",
    "minister",
    "ministers",
    "the",
    "a",
    "storm",
    "storms",
    "stormy",
    "covid",
    "19",
    "۱۹",
    "كتاب",
    "کتاب",
    "علي",
    "علی",
    "می‌خواهم",
    "میخواهم",
    "goverment",
    "government",
    "café",
    "cafe",
    "x",
];

fn word() -> impl Strategy<Value = String> {
    prop::sample::select(VOCAB).prop_map(str::to_owned)
}

fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 0..max).prop_map(|w| w.join(" "))
}

fn article() -> impl Strategy<Value = Article> {
    (text(4), text(8), prop::collection::vec(text(8), 0..3)).prop_map(|(title, lead, body)| {
        Article::builder("x")
            .title(title)
            .published("2024-01-01")
            .lead(lead)
            .body(body)
            .build()
    })
}

fn articles() -> impl Strategy<Value = Vec<Article>> {
    prop::collection::vec(article(), 0..12)
}

/// Every paragraph's normalised tokens, the title first.
fn fields(a: &Article) -> Vec<Vec<String>> {
    std::iter::once(a.title.as_str())
        .chain(a.paragraphs())
        .map(tokens)
        .collect()
}

#[derive(Clone, Debug)]
enum Part {
    Word(String),
    Phrase(Vec<String>),
    Not(String),
}

#[derive(Clone, Debug)]
struct Query {
    parts: Vec<Part>,
    /// No trailing space: the last part, if a word, is a prefix.
    typing: bool,
}

impl Query {
    fn text(&self) -> String {
        let mut out: Vec<String> = Vec::new();
        for p in &self.parts {
            out.push(match p {
                Part::Word(w) => w.clone(),
                Part::Phrase(ws) => format!("\"{}\"", ws.join(" ")),
                Part::Not(w) => format!("-{w}"),
            });
        }
        let mut text = out.join(" ");
        if !self.typing {
            text.push(' ');
        }
        text
    }
}

fn query() -> impl Strategy<Value = Query> {
    let part = prop_oneof![
        4 => word().prop_map(Part::Word),
        // A prefix of a word (as typed so far).
        2 => (word(), 1usize..4).prop_map(|(w, n)| Part::Word(w.chars().take(n).collect())),
        2 => prop::collection::vec(word(), 2..4).prop_map(Part::Phrase),
        2 => word().prop_map(Part::Not),
    ];
    (prop::collection::vec(part, 1..4), any::<bool>())
        .prop_map(|(parts, typing)| Query { parts, typing })
}

fn typo_budget(word: &str) -> u8 {
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Per token, the languages of the articles that have it (as the index
/// records them: each article's tag, else the guess, in list order).
fn token_languages(articles: &[Article]) -> HashMap<String, BTreeSet<Language>> {
    let mut guesser = LanguageGuesser::default();
    let mut out: HashMap<String, BTreeSet<Language>> = HashMap::new();
    for a in articles {
        let Some(lang) = guesser.language(a) else {
            continue;
        };
        for t in fields(a).into_iter().flatten() {
            out.entry(t).or_default().insert(lang);
        }
    }
    out
}

/// The brute-force answer: scan every token of every article.
fn brute_force(articles: &[Article], q: &Query, typos: bool) -> Vec<u32> {
    let last = q.parts.len() - 1;
    let languages = token_languages(articles);
    // Each token's df: a near spelling counts only when it is in more
    // articles than the word as typed.
    let mut df: HashMap<String, usize> = HashMap::new();
    for a in articles {
        let tokens: BTreeSet<String> = fields(a).into_iter().flatten().collect();
        for t in tokens {
            *df.entry(t).or_default() += 1;
        }
    }
    let df_of = |t: &str| df.get(t).copied().unwrap_or(0);
    // Another form of `w`: a token sharing its stem in one of the token's
    // languages.
    let form_of = |t: &String, w: &str| {
        languages.get(t).is_some_and(|langs| {
            langs.iter().any(|&l| {
                let s = Stemmer::new(l);
                s.stem(t) == s.stem(w)
            })
        })
    };
    (0..articles.len() as u32)
        .filter(|&i| {
            let fields = fields(&articles[i as usize]);
            let all: Vec<&String> = fields.iter().flatten().collect();
            q.parts.iter().enumerate().all(|(k, part)| match part {
                Part::Word(w) => {
                    let w = normalize(w);
                    let prefix = q.typing && k == last;
                    let budget = if typos { typo_budget(&w) } else { 0 };
                    all.iter().any(|t| {
                        **t == w
                            || (prefix && t.starts_with(&w))
                            || form_of(t, &w)
                            || (budget > 0
                                && df_of(t) > df_of(&w)
                                && edit_distance_within(t, &w, budget).is_some())
                    })
                }
                Part::Phrase(ws) => {
                    let ws: Vec<String> = ws.iter().map(|w| normalize(w)).collect();
                    fields
                        .iter()
                        .any(|f| f.windows(ws.len()).any(|win| win == ws.as_slice()))
                }
                Part::Not(w) => {
                    let w = normalize(w);
                    !all.iter().any(|t| **t == w)
                }
            })
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn index_agrees_with_brute_force(set in articles(), q in query()) {
        let index = SearchIndex::new(&set);
        let parsed = SearchQuery::parse(&q.text()).with_typos(false);
        prop_assert_eq!(
            index.search_with(&parsed, Order::Newest),
            brute_force(&set, &q, false),
            "query {:?}", q.text()
        );
    }

    #[test]
    fn index_agrees_with_brute_force_with_typos(set in articles(), q in query()) {
        let index = SearchIndex::new(&set);
        let parsed = SearchQuery::parse(&q.text());
        let want = brute_force(&set, &q, true);
        prop_assert_eq!(index.search_with(&parsed, Order::Newest), want.clone(), "query {:?}", q.text());
        let mut oldest = want.clone();
        oldest.reverse();
        prop_assert_eq!(index.search_with(&parsed, Order::Oldest), oldest);
        // Relevance: the articles with every word first, then partial ones.
        let ranked = index.search_ranked(&parsed);
        prop_assert_eq!(index.search_with(&parsed, Order::Relevance), ranked.hits.clone());
        let mut complete = ranked.hits[..ranked.complete].to_vec();
        complete.sort_unstable();
        prop_assert_eq!(complete, want);
    }

    #[test]
    fn an_article_is_found_by_each_of_its_words(set in articles(), pick in any::<prop::sample::Index>()) {
        let words: Vec<(u32, String)> = set
            .iter()
            .enumerate()
            .flat_map(|(i, a)| fields(a).into_iter().flatten().map(move |w| (i as u32, w)))
            .collect();
        prop_assume!(!words.is_empty());
        let (doc, w) = &words[pick.index(words.len())];
        let index = SearchIndex::new(&set);
        for text in [format!("{w} "), w.clone(), format!("\"{w}\"")] {
            let hits = index.search_with(&SearchQuery::parse(&text), Order::Newest);
            prop_assert!(hits.contains(doc), "{:?} did not find article {}", text, doc);
        }
        // The highlighter marks it too.
        let q = SearchQuery::parse(&format!("{w} "));
        let a = &set[*doc as usize];
        let h = q.highlight(a);
        let in_title = !h.title.is_empty();
        let in_snippet = h.snippet.as_ref().is_some_and(|s| !s.matches.is_empty());
        prop_assert!(in_title || in_snippet, "{:?} not highlighted in {:?}", w, a);
    }

    #[test]
    fn results_never_contain_an_excluded_word(set in articles(), q in query(), excluded in word()) {
        let index = SearchIndex::new(&set);
        let text = format!("{} -{excluded}", q.text().trim_end());
        let norm = normalize(&excluded);
        for order in [Order::Newest, Order::Oldest, Order::Relevance] {
            for doc in index.search_with(&SearchQuery::parse(&text), order) {
                let fields = fields(&set[doc as usize]);
                prop_assert!(!fields.iter().flatten().any(|t| *t == norm), "{:?} in {}", text, doc);
            }
        }
    }

    #[test]
    fn highlights_are_sorted_disjoint_char_ranges(a in article(), q in query()) {
        let q = SearchQuery::parse(&q.text());
        let h = q.highlight(&a);
        let check = |text: &str, ranges: &[std::ops::Range<usize>]| {
            ranges.windows(2).all(|w| w[0].end <= w[1].start)
                && ranges.iter().all(|r| r.start < r.end && text.get(r.clone()).is_some())
        };
        prop_assert!(check(&a.title, &h.title));
        if let Some(s) = h.snippet {
            prop_assert!(check(&s.text, &s.matches));
            let paragraph = a.paragraphs().nth(s.paragraph).expect("paragraph");
            prop_assert_eq!(&paragraph[s.range.clone()], s.text.as_str());
            prop_assert_eq!(s.cut_start, s.range.start > 0);
            prop_assert_eq!(s.cut_end, s.range.end < paragraph.len());
        }
    }
}

#[test]
fn the_bundled_set_searches_and_highlights() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../static/articles.json");
    let json = std::fs::read_to_string(path).expect("static/articles.json");
    let set = broadsheet_core::parse_article_records(&json)
        .expect("set")
        .articles;
    let index = SearchIndex::new(&set);
    let q = SearchQuery::parse("\"prime minister\"");
    let hits = index.search_with(&q, Order::Relevance);
    assert!(!hits.is_empty());
    for &doc in hits.iter().take(20) {
        let h = q.highlight(&set[doc as usize]);
        let matched = !h.title.is_empty() || h.snippet.is_some_and(|s| !s.matches.is_empty());
        assert!(matched, "no highlight in {}", set[doc as usize].id);
    }
    // Every article is found by its own first title word.
    for (i, a) in set.iter().enumerate() {
        let first = tokens(&a.title).into_iter().next().expect("a title word");
        let hits = index.search_with(&SearchQuery::parse(&format!("\"{first}\"")), Order::Newest);
        assert!(hits.contains(&(i as u32)), "{first} in {}", a.id);
    }
}

#[test]
fn hebrew_acronyms_with_gershayim_are_words_not_phrases() {
    let article = |id: &str, title: &str| {
        Article::builder(id)
            .title(title)
            .published("2024-01-01")
            .lead("טקסט")
            .lang("he")
            .build()
    };
    let index = SearchIndex::new(&[
        article("a", "דובר צה\"ל אמר"),
        article("b", "צה ו ל"),
        article("c", "שגריר ארה\"ב"),
    ]);
    let ids = |q: &str| index.search(&SearchQuery::parse(q));
    assert_eq!(ids("צה\"ל "), [0], "typed with a space after");
    assert_eq!(ids("צה\"ל"), [0], "while typing");
    assert_eq!(ids("ארה\"ב צה\"ל"), Vec::<usize>::new());
    assert_eq!(ids("\"שגריר ארה\"ב\""), [2], "inside a phrase");
    // A quote not between Hebrew letters still starts a phrase.
    assert_eq!(ids("\"דובר צה\"ל\" "), [0]);
}
