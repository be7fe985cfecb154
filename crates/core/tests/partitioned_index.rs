//! The partitioned search index gives exactly what the in-page index
//! gives, for every query and order, whatever the part sizes, and however
//! its articles are cut into segments (each partitioned on its own, as an
//! archive that grows writes them); and corrupt roots or parts are errors
//! naming the part, never panics.

#[path = "support/bundled.rs"]
mod bundled;
#[path = "support/segments.rs"]
mod segments;

use broadsheet_core::search::tokenize::tokens;
use broadsheet_core::search::{
    partition_index, FirstLookup, IndexBuilder, Lookup, Order, PartitionOptions, PartitionedFiles,
    PartitionedIndex, SearchIndex, SearchQuery,
};
use broadsheet_core::Article;
use proptest::prelude::*;
use std::sync::OnceLock;

const ORDERS: [Order; 3] = [Order::Newest, Order::Oldest, Order::Relevance];

fn load_base() -> Vec<Article> {
    let mut articles = bundled::load_bundled();
    broadsheet_core::set::sort_newest_first(&mut articles);
    articles
}

/// `copies` copies of `base` (see `support/bundled.rs`), newest first.
fn copies(base: &[Article], copies: usize) -> Vec<Article> {
    bundled::scaled(base, base.len() * copies)
}

struct Fixture {
    /// One index over all the articles: what every search must give.
    index: SearchIndex,
    /// The parts of every segment, numbered as the page numbers them (a
    /// segment's after the previous one's); the root of the first.
    files: PartitionedFiles,
    segments: usize,
    page: std::sync::Mutex<PartitionedIndex>,
}

impl Fixture {
    fn new(articles: &[Article], options: &PartitionOptions) -> Self {
        Fixture::segmented(articles, &[(articles.len(), options.clone())])
    }

    /// The articles cut into consecutive segments of the given sizes (the
    /// last takes the rest), each indexed with common-word pairs (as the
    /// CLI writes them) and partitioned on its own with its options.
    fn segmented(articles: &[Article], segments: &[(usize, PartitionOptions)]) -> Self {
        Fixture::segmented_with(articles, segments, |_| true)
    }

    /// [`Fixture::segmented`] with pairs in the segments `pairs` says.
    /// The index searched for what must come out has none: phrases come
    /// out alike either way.
    fn segmented_with(
        articles: &[Article],
        segments: &[(usize, PartitionOptions)],
        pairs: fn(usize) -> bool,
    ) -> Self {
        let index = SearchIndex::new(articles);
        let mut roots = Vec::new();
        let mut parts = Vec::new();
        let mut start = 0;
        for (i, (count, options)) in segments.iter().enumerate() {
            let end = if i + 1 == segments.len() {
                articles.len()
            } else {
                start + count
            };
            let segment = &articles[start..end];
            let mut builder = IndexBuilder::new(segment);
            if pairs(i) {
                builder = builder.with_word_pairs();
            }
            segment.iter().for_each(|a| builder.push(a));
            let files = partition_index(&builder.finish(), options);
            roots.push(files.root);
            parts.extend(files.parts);
            start = end;
        }
        let page =
            PartitionedIndex::from_segments(&roots.iter().map(Vec::as_slice).collect::<Vec<_>>())
                .expect("roots");
        assert_eq!(page.len(), articles.len());
        assert_eq!(page.segment_count(), segments.len());
        assert_eq!(page.part_count(), parts.len());
        Fixture {
            index,
            files: PartitionedFiles {
                root: roots.swap_remove(0),
                parts,
            },
            segments: segments.len(),
            page: std::sync::Mutex::new(page),
        }
    }
}

use segments::{tiny, with_languages};

fn base() -> &'static [Article] {
    static BASE: OnceLock<Vec<Article>> = OnceLock::new();
    BASE.get_or_init(load_base)
}

fn fixtures() -> &'static [(&'static str, Fixture)] {
    static F: OnceLock<Vec<(&'static str, Fixture)>> = OnceLock::new();
    F.get_or_init(|| {
        let four = copies(base(), 4);
        vec![
            ("bundled, tiny parts", Fixture::new(base(), &tiny())),
            ("4 copies, tiny parts", Fixture::new(&four, &tiny())),
            (
                "4 copies, default",
                Fixture::new(&four, &PartitionOptions::default()),
            ),
            (
                "bundled with Persian and language-less articles, tiny parts",
                Fixture::new(&with_languages(base()), &tiny()),
            ),
            (
                "the same in segments of 200, 100, 40 and 22 articles, tiny parts",
                Fixture::segmented(
                    &with_languages(base()),
                    &[(200, tiny()), (100, tiny()), (40, tiny()), (0, tiny())],
                ),
            ),
            (
                "4 copies in segments of 5, 30, 250 and the rest, tiny parts",
                Fixture::segmented(
                    &four,
                    &[(5, tiny()), (30, tiny()), (250, tiny()), (0, tiny())],
                ),
            ),
            (
                "4 copies: a segment without prefix sets or pairs, then a large one, default parts",
                Fixture::segmented_with(
                    &four,
                    &[
                        (
                            100,
                            PartitionOptions {
                                prefix_set_min_bytes: usize::MAX,
                                ..PartitionOptions::default()
                            },
                        ),
                        (0, PartitionOptions::default()),
                    ],
                    // Phrases then read positions in every segment.
                    |segment| segment > 0,
                ),
            ),
        ]
    })
}

/// What one cold query cost.
#[derive(Debug, Default)]
struct Cost {
    rounds: usize,
    parts: usize,
    bytes: usize,
}

/// Searches as the page does: fetch what is needed, add it, search again.
fn search(
    page: &mut PartitionedIndex,
    files: &PartitionedFiles,
    q: &SearchQuery,
    order: Order,
) -> (Vec<u32>, Cost) {
    // A prefix's words scored over several segments may need a round more
    // (their df in the segments whose lists do not have them).
    let max_rounds = if page.segment_count() > 1 { 5 } else { 4 };
    let mut cost = Cost::default();
    loop {
        match page.search(q, order) {
            Lookup::Done(hits) => return (hits, cost),
            Lookup::Need(parts) => {
                assert!(!parts.is_empty());
                cost.rounds += 1;
                assert!(
                    cost.rounds <= max_rounds,
                    "{q:?} {order:?}: more than {max_rounds} rounds"
                );
                for p in parts {
                    assert!(!page.is_loaded(p), "part {p} asked for again");
                    cost.parts += 1;
                    cost.bytes += files.parts[p].len();
                    page.add_part(p, &files.parts[p]).expect("a good part");
                }
            }
        }
    }
}

/// How many first results the page asks for in these tests.
const FIRST: usize = 3;

/// Searches for the first results as the page does, cold: fetch what is
/// needed until the engine gives the first results or all of them.
fn search_first(
    page: &mut PartitionedIndex,
    files: &PartitionedFiles,
    q: &SearchQuery,
) -> FirstLookup {
    page.evict_to(0);
    for _ in 0..8 {
        match page.search_first(q, Order::Newest, FIRST) {
            FirstLookup::Need(parts) => {
                for p in parts {
                    page.add_part(p, &files.parts[p]).expect("a good part");
                }
            }
            done => return done,
        }
    }
    panic!("{q:?}: no first results after 8 rounds");
}

/// Compares one query in every order, cold (nothing loaded) and warm; and
/// newest first, the first results with the whole. Returns the cost of
/// the newest-first search, and whether first results came before all.
fn check(f: &Fixture, text: &str) -> Cost {
    check_with_first(f, text).0
}

fn check_with_first(f: &Fixture, text: &str) -> (Cost, bool) {
    let q = SearchQuery::parse(text);
    let mut page = f.page.lock().unwrap_or_else(|e| e.into_inner());
    // The first results are every result among the newest articles the
    // first parts cover, at least as many as asked for; or all of them.
    let want = f.index.search_with(&q, Order::Newest);
    let first = match search_first(&mut page, &f.files, &q) {
        FirstLookup::First { hits, below } => {
            assert!(
                hits.len() >= FIRST,
                "{text:?}: {} first results",
                hits.len()
            );
            let before: Vec<u32> = want.iter().copied().filter(|&d| d < below).collect();
            assert_eq!(hits, before, "{text:?}: the first results before {below}");
            assert!(hits.len() < want.len() || below < page.len() as u32);
            true
        }
        FirstLookup::Done(hits) => {
            assert_eq!(hits, want, "{text:?}: all results from search_first");
            false
        }
        FirstLookup::Need(_) => unreachable!(),
    };
    let mut newest = Cost::default();
    for order in ORDERS {
        page.evict_to(0);
        assert_eq!(page.loaded_bytes(), 0);
        let want = f.index.search_with(&q, order);
        let (got, cost) = search(&mut page, &f.files, &q, order);
        assert_eq!(got, want, "query {text:?} in {order:?}");
        // Warm: no fetch.
        assert_eq!(page.search(&q, order), Lookup::Done(want));
        if order == Order::Newest {
            newest = cost;
        }
    }
    (newest, first)
}

fn bench_queries() -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../bench/browser/queries.json"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("queries.json")).expect("json");
    json["queries"]
        .as_array()
        .expect("queries")
        .iter()
        .map(|q| q["q"].as_str().expect("q").to_owned())
        .collect()
}

/// Non-ASCII words of the bundled set (Persian, Arabic, accented), a few.
fn unicode_words() -> Vec<String> {
    let mut out: Vec<String> = base()
        .iter()
        .flat_map(|a| tokens(&a.title))
        .filter(|w| !w.is_ascii())
        .collect();
    out.sort();
    out.dedup();
    out.truncate(12);
    out
}

fn query_list() -> Vec<String> {
    let mut out = bench_queries();
    // Every typed prefix of every bench query.
    for q in bench_queries() {
        for (i, _) in q.char_indices().skip(1) {
            out.push(q[..i].to_owned());
        }
        out.push(format!("{q} "));
    }
    out.extend(
        [
            "governmnet",
            "presidnet ",
            "electoin",
            "goverment officials",
            "univresity",
            "\"prime minister\" -iran",
            "\"supreme court\"",
            "\"of the\"",
            // Common words: pairs in the archive, positions in the page.
            "\"the president\"",
            "\"president of the united states\"",
            "\"the united states\" -\"the white house\"",
            "\"in the\" storm",
            "\"said in a statement\"",
            "\"the the\"",
            "\"talks with\"",
            "\"of the\" \"the government\"",
            "\"the zzzzq\"",
            "\"در تهران\"",
            "\"the prime minister\" -\"of the\"",
            "\"the\"",
            "-the",
            "-trump",
            "-\"prime minister\"",
            "-xyzzy",
            "xyzzyq",
            "xyzzyq ",
            "qqqqqqqqqq",
            "the -the",
            "t -the",
            "a",
            "z",
            "zz",
            "new york -city",
            "covid-19",
            "iran's",
            "pre -president",
            "th",
            "the a of",
            "\"climate change\" -trump",
            "\"nonexistent phrase words\"",
            "",
            "-",
            "nasa space station international",
            // Other forms, per article language.
            "elections",
            "elections ",
            "\"elections\"",
            "elected officials ",
            "running ",
            "runs",
            "electoins ",
            "کتاب ",
            "کتابها ",
            "کتاب‌ها",
            "انتخابات ",
            "نمایندگان ",
            "election -running",
            "\"the election\" running ",
            // Partial matches (relevance): no article has all three.
            "elections کتاب heliosphere ",
            "\"prime minister\" نماینده xyzzyq",
            "storm سازمان heliosphere -trump",
        ]
        .map(str::to_owned),
    );
    for w in unicode_words() {
        out.push(w.clone());
        let cut: String = w.chars().take(2).collect();
        out.push(cut);
        out.push(format!("{w} "));
    }
    out
}

#[test]
fn partitioned_search_equals_the_in_page_index() {
    let queries = query_list();
    assert!(queries.len() > 300);
    for (name, f) in fixtures() {
        let (mut total_rounds, mut firsts) = (0, 0);
        for q in &queries {
            let (cost, first) = check_with_first(f, q);
            total_rounds += cost.rounds;
            firsts += usize::from(first);
        }
        eprintln!(
            "{name}: {} parts, {} queries x 3 orders, {total_rounds} rounds (Newest), {firsts} with first results before the rest",
            f.files.parts.len(),
            queries.len()
        );
        // Tiny parts cut the common words' doc streams: their newest
        // articles come first.
        if name.contains("tiny") {
            assert!(firsts > 20, "{name}: {firsts} queries gave first results");
        }
    }
}

#[test]
fn the_languages_fixture_meets_other_forms_and_partial_matches() {
    let f = &fixtures()[3].1;
    let hits = |text: &str| {
        f.index
            .search_with(&SearchQuery::parse(text), Order::Newest)
    };
    // Other forms widen a word (English and Persian alike) ...
    for (word, exact) in [("elections ", "\"elections\""), ("کتاب ", "\"کتاب\"")] {
        assert!(hits(word).len() > hits(exact).len(), "{word}");
    }
    // ... and relevance ranks articles with only some of the words.
    for text in [
        "elections کتاب heliosphere ",
        "storm سازمان heliosphere -trump",
    ] {
        let ranked = f.index.search_ranked(&SearchQuery::parse(text));
        assert!(
            ranked.complete == 0 && !ranked.hits.is_empty(),
            "{text}: {ranked:?}"
        );
        check(f, text);
    }
}

#[test]
fn a_phrase_with_a_common_word_reads_its_pair_not_its_positions() {
    let four = copies(base(), 4);
    let plain = partition_index(&SearchIndex::new(&four), &PartitionOptions::default());
    let f = &fixtures()[2].1;
    for text in ["\"the president\"", "\"of the government\""] {
        let q = SearchQuery::parse(text);
        for order in ORDERS {
            let mut page = PartitionedIndex::from_root(&plain.root).expect("root");
            let (hits, positions) = search(&mut page, &plain, &q, order);
            assert!(!hits.is_empty(), "{text}");
            let mut page = f.page.lock().unwrap_or_else(|e| e.into_inner());
            page.evict_to(0);
            let (same, pairs) = search(&mut page, &f.files, &q, order);
            assert_eq!(same, hits, "{text} {order:?}");
            // Without `the`'s positions (or its postings), a fraction
            // (ranking reads the hits' norms either way); `of the` is a
            // pair of two common words, so less is saved.
            let fraction = match (text, order) {
                ("\"the president\"", Order::Relevance) => 2.0,
                ("\"the president\"", _) => 4.0,
                _ => 1.25,
            };
            assert!(
                pairs.bytes as f64 * fraction < positions.bytes as f64,
                "{text} {order:?}: {pairs:?} with pairs, {positions:?} without"
            );
        }
    }
}

#[test]
fn a_rare_word_needs_few_parts() {
    for (name, f) in fixtures() {
        let total: usize = f.files.parts.iter().map(Vec::len).sum();
        // An exact rare word: its dictionary block in each segment and
        // its doc stream in those that have it.
        for q in ["\"heliosphere\"", "\"earthquake\"", "\"xyzzyq\"", "-xyzzyq"] {
            let cost = check(f, q);
            assert!(
                cost.parts <= 2 * f.segments && cost.bytes * 20 < total,
                "{name}: {q:?} needs {cost:?} of {} parts, {total} bytes",
                f.files.parts.len()
            );
        }
        // With typos, the length buckets within reach too.
        for q in ["heliosphere", "earthquake", "interstellar voyager"] {
            let cost = check(f, q);
            assert!(
                cost.bytes * 5 < total,
                "{name}: {q:?} needs {cost:?} of {} parts, {total} bytes",
                f.files.parts.len()
            );
        }
        // Even the commonest words need a fraction of the index.
        for q in ["the", "t", "pre", "new york", "goverment"] {
            let cost = check(f, q);
            assert!(
                cost.bytes * 3 < total,
                "{name}: {q:?} needs {cost:?} of {total} bytes"
            );
        }
    }
}

#[test]
fn typos_off_and_relevance_agree_too() {
    let f = &fixtures()[1].1;
    let mut page = f.page.lock().unwrap_or_else(|e| e.into_inner());
    for text in ["goverment", "presidnet", "minis", "gov"] {
        let q = SearchQuery::parse(text).with_typos(false);
        for order in ORDERS {
            page.evict_to(0);
            let (got, _) = search(&mut page, &f.files, &q, order);
            assert_eq!(got, f.index.search_with(&q, order), "{text:?} {order:?}");
        }
    }
}

#[test]
fn eviction_keeps_results_and_bounds_memory() {
    let f = &fixtures()[1].1;
    let mut page = f.page.lock().unwrap_or_else(|e| e.into_inner());
    page.evict_to(0);
    for (i, q) in bench_queries().iter().enumerate() {
        let q = SearchQuery::parse(q);
        let (got, _) = search(&mut page, &f.files, &q, Order::Relevance);
        assert_eq!(got, f.index.search_with(&q, Order::Relevance));
        page.evict_to(if i % 2 == 0 { 20_000 } else { 0 });
        assert!(page.loaded_bytes() <= if i % 2 == 0 { 20_000 } else { 0 });
    }
}

/// Words of the bundled titles, with a few that no article has.
fn vocabulary() -> &'static [String] {
    static V: OnceLock<Vec<String>> = OnceLock::new();
    V.get_or_init(|| {
        let mut words: Vec<String> = base()
            .iter()
            .take(120)
            .flat_map(|a| tokens(&a.title))
            .collect();
        words.extend(["xyzzy", "goverment", "presidnet"].map(str::to_owned));
        words.sort();
        words.dedup();
        words
    })
}

fn query_text() -> impl Strategy<Value = String> {
    let word = (
        0..vocabulary().len(),
        prop::sample::select(vec!["", "", "", "-", "\"", "typo", "cut"]),
    )
        .prop_map(|(i, op)| {
            let w = &vocabulary()[i];
            match op {
                "typo" if w.chars().count() > 4 => {
                    let mut c: Vec<char> = w.chars().collect();
                    c.swap(1, 2);
                    c.into_iter().collect()
                }
                "cut" => w.chars().take(w.chars().count().div_ceil(2)).collect(),
                "\"" => format!("\"{w} {}\"", vocabulary()[(i + 1) % vocabulary().len()]),
                op => format!("{op}{w}"),
            }
        });
    (prop::collection::vec(word, 1..4), any::<bool>()).prop_map(|(words, space)| {
        let mut q = words.join(" ");
        if space {
            q.push(' ');
        }
        q
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn random_queries_agree(text in query_text(), which in 0usize..7) {
        check(&fixtures()[which].1, &text);
    }
}

#[test]
fn corrupt_parts_are_errors_naming_the_part() {
    let f = &fixtures()[0].1;
    let mut page = PartitionedIndex::from_root(&f.files.root).expect("root");
    // The dictionary blocks name the stream parts: read first (their
    // hashes stay known once the blocks are dropped).
    for p in page.dictionary_block_parts() {
        page.add_part(p, &f.files.parts[p]).expect("a block");
    }
    page.evict_to(0);
    for (p, bytes) in f.files.parts.iter().enumerate().step_by(7) {
        let hash = page.part_hash(p).to_owned();
        let mut flipped = bytes.clone();
        let at = (p * 31) % flipped.len();
        flipped[at] ^= 0x10;
        let e = page.add_part(p, &flipped).expect_err("a flipped byte");
        assert!(e.to_string().contains(&hash), "{e}");
        let e = page
            .add_part(p, &bytes[..bytes.len() / 2])
            .expect_err("truncated");
        assert!(e.to_string().contains(&hash), "{e}");
        assert!(!page.is_loaded(p));
        page.add_part(p, bytes).expect("the real part");
        assert!(page.is_loaded(p));
    }
    // A part under another part's number.
    assert!(page.add_part(0, &f.files.parts[1]).is_err());
    assert!(page
        .add_part(f.files.parts.len(), &f.files.parts[0])
        .is_err());
}

#[test]
fn bad_roots_are_errors() {
    let root = &fixtures()[0].1.files.root;
    assert!(PartitionedIndex::from_root(&[]).is_err());
    assert!(PartitionedIndex::from_root(b"BSIR").is_err());
    assert!(PartitionedIndex::from_root(&root[..root.len() - 1]).is_err());
    let mut longer = root.clone();
    longer.push(0);
    assert!(PartitionedIndex::from_root(&longer).is_err());
    let mut version = root.clone();
    version[4] = 99;
    let e = PartitionedIndex::from_root(&version).expect_err("version");
    assert!(e.to_string().contains("root"), "{e}");
    let mut magic = root.clone();
    magic[0] = b'X';
    assert!(PartitionedIndex::from_root(&magic).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_roots_never_panic(at in any::<prop::sample::Index>(), byte in any::<u8>(), cut in any::<prop::sample::Index>()) {
        let mut root = fixtures()[0].1.files.root.clone();
        let i = at.index(root.len());
        root[i] = byte;
        let _ = PartitionedIndex::from_root(&root);
        root.truncate(cut.index(root.len() + 1));
        let _ = PartitionedIndex::from_root(&root);
    }
}

/// Two segments whose prefix lists cannot tell which words to score: 48
/// words of `q` in one article each, in both segments (every df 2, each
/// list cut at a df of 1). The page reads the prefix's words in each
/// segment and scores what one index would.
#[test]
fn scored_prefix_words_agree_when_the_lists_tie() {
    let words: Vec<String> = (0..48).map(|i| format!("q{i:02}word")).collect();
    let articles: Vec<Article> = (0..96)
        .map(|i| {
            Article::builder(format!("q-{i}"))
                .title(format!("{} and more", words[i % 48]))
                .published(&format!("2020-01-{:02}", 28 - i / 4))
                .lead("a quiet day")
                .body([format!("{} news", words[(i * 7) % 48])])
                .build()
        })
        .collect();
    let mut articles = articles;
    broadsheet_core::set::sort_newest_first(&mut articles);
    let options = PartitionOptions {
        prefix_set_min_bytes: 10,
        ..tiny()
    };
    let f = Fixture::segmented(&articles, &[(48, options.clone()), (0, options)]);
    for text in ["q", "q0", "q1", "q0 ", "qu", "q news", "q2 word"] {
        check(&f, text);
    }
}
