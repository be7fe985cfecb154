use super::*;
use crate::Article;

const STORY: [&str; 3] = [
    "An apartment building collapsed on Monday in Magnitogorsk, a city in the Ural region of Russia. A suspected gas leak led to an explosion, followed by the ten-storey building coming down.",
    "A total of 39 are confirmed dead, officials told state media, adding that rescuers ended their work yesterday. Some reports suggest a deliberate criminal act, which investigators have not confirmed.",
    "The building, built in 1973, housed about 1,100 people. Regional officials said survivors would be offered new homes and that the rest of the building would be demolished.",
];

const OTHER: [&str; 2] = [
    "Scientists at Harvard University have invented a coating that makes toilet bowls so slippery that waste slides off, saving some of the water used to flush it away.",
    "The coating is sprayed on in two steps, first a layer of molecules that bind to the ceramic and then a lubricant, and lasts for about five hundred flushes before it needs renewing.",
];

fn article(id: &str, published: &str, source: &str, paragraphs: &[&str]) -> Article {
    Article::builder(id)
        .title(format!("Title of {id}"))
        .published(published)
        .source(source)
        .paragraphs(paragraphs)
        .build()
}

/// The story as a client outlet runs it: its own first words, one sentence
/// cut, a figure changed.
fn edited_copy() -> Vec<String> {
    vec![
        format!("MAGNITOGORSK (Reuters) - {}", STORY[0]),
        STORY[1].replace(", which investigators have not confirmed", ""),
        STORY[2].replace("1,100", "1,200"),
    ]
}

#[test]
fn an_edited_copy_under_another_title_joins_the_story_named_by_its_earliest_article() {
    let copy = edited_copy();
    let copy: Vec<&str> = copy.iter().map(String::as_str).collect();
    let articles = [
        article("copy", "2019-01-04T10:00:00", "Daily Ural", &copy),
        article("agency", "2019-01-04T08:30:00", "Agency", &STORY),
        article("other", "2019-01-04T09:00:00", "Agency", &OTHER),
    ];
    let clusters = Clusters::of(&articles);
    assert_eq!(
        clusters.first(0),
        Some(1),
        "the copy is named by the agency's text"
    );
    assert_eq!(clusters.first(1), Some(1));
    assert_eq!(clusters.first(2), None, "another story has no copies");
    assert_eq!((clusters.count(), clusters.grouped()), (1, 2));
}

#[test]
fn copies_of_copies_are_one_story_and_ties_in_time_go_to_the_smaller_id() {
    let copy = edited_copy();
    let copy: Vec<&str> = copy.iter().map(String::as_str).collect();
    // A copy of the copy: a paragraph dropped.
    let second = &copy[..2];
    let articles = [
        article("b", "2019-01-04T08:30:00", "B", &STORY),
        article("c", "2019-01-04T11:00:00", "C", second),
        article("a", "2019-01-04T08:30:00", "A", &copy),
    ];
    let clusters = Clusters::of(&articles);
    for i in 0..3 {
        assert_eq!(clusters.first(i), Some(2), "article {i}");
    }
}

#[test]
fn short_items_are_never_grouped_even_when_equal() {
    let short = ["Markets closed early today because of the storm."];
    let articles = [
        article("one", "2020-01-01", "A", &short),
        article("two", "2020-01-02", "B", &short),
    ];
    assert!(text_signature(&articles[0]).is_none());
    assert_eq!(Clusters::of(&articles).grouped(), 0);
}

#[test]
fn the_estimate_follows_the_share_of_text_in_common() {
    let whole = article("whole", "2020-01-01", "A", &STORY);
    let same = article("same", "2020-01-02", "B", &STORY);
    let half = article("half", "2020-01-02", "B", &STORY[..1]);
    let other = article("other", "2020-01-02", "B", &OTHER);
    let sig = |a: &Article| text_signature(a).expect("long enough");
    assert_eq!(sig(&whole).similarity(&sig(&same)), 1.0);
    let part = sig(&whole).similarity(&sig(&half));
    assert!((0.2..0.55).contains(&part), "a third of the text: {part}");
    assert!(sig(&whole).similarity(&sig(&other)) < 0.1);
}

#[test]
fn case_accents_and_paragraph_breaks_do_not_hide_a_copy() {
    let joined = STORY.join(" ").to_uppercase();
    let articles = [
        article("a", "2020-01-01", "A", &STORY),
        article("b", "2020-01-02", "B", &[joined.as_str()]),
    ];
    assert_eq!(Clusters::of(&articles).first(1), Some(0));
}

#[test]
fn marking_names_each_copy_s_story_and_clears_a_stale_one() {
    let copy = edited_copy();
    let copy: Vec<&str> = copy.iter().map(String::as_str).collect();
    let mut articles = vec![
        article("copy", "2019-01-04T10:00:00", "Daily Ural", &copy),
        article("agency", "2019-01-04T08:30:00", "Agency", &STORY),
        article("other", "2019-01-04T09:00:00", "Agency", &OTHER),
    ];
    articles[2].cluster = Some("stale".into());
    let signatures: Vec<_> = articles.iter().map(text_signature).collect();
    let clusters = mark_stories(&mut articles, &signatures);
    let marked: Vec<Option<&str>> = articles.iter().map(|a| a.cluster.as_deref()).collect();
    assert_eq!(marked, [Some("agency"), Some("agency"), None]);
    assert_eq!(clusters.count(), 1);
}

/// Newest first, as the page lists them: two stories and a loner.
fn listed() -> Vec<Article> {
    let copy = edited_copy();
    let copy: Vec<&str> = copy.iter().map(String::as_str).collect();
    let mut articles = vec![
        article("c3", "2019-01-06", "Gazette", &copy),
        article("o2", "2019-01-05", "Herald", &OTHER),
        article("c2", "2019-01-05", "Daily Ural", &copy),
        article("alone", "2019-01-04T12:00:00", "Agency", &STORY[..1]),
        article("o1", "2019-01-04T11:00:00", "Agency", &OTHER),
        article("c1", "2019-01-04T10:00:00", "Agency", &STORY),
    ];
    articles[3].lead = "Nothing like the others: a note on the weather, with enough words to be signed and compared.".into();
    articles
}

#[test]
fn stories_from_the_names_a_set_carries_equal_those_found_in_the_page() {
    let mut articles = listed();
    let signatures: Vec<_> = articles.iter().map(text_signature).collect();
    let found = Stories::from_clusters(&articles, &Clusters::of(&articles));
    mark_stories(&mut articles, &signatures);
    let named: Vec<(u32, Box<str>)> = articles
        .iter()
        .enumerate()
        .filter_map(|(p, a)| Some((p as u32, a.cluster.as_deref()?.into())))
        .collect();
    let from_set = Stories::from_names(&articles, &named);
    assert_eq!(from_set, found);
    assert_eq!(found.len(), 2);
    let story = found.story(0).expect("c3 is a copy");
    assert_eq!(
        (story.first, story.members, story.outlets),
        (5, &[0, 2, 5][..], 3)
    );
    let other = found.story(1).expect("o2 is a copy");
    assert_eq!(
        (other.first, other.members, other.outlets),
        (4, &[1, 4][..], 2)
    );
    assert_eq!(found.story(3), None);
}

#[test]
fn a_collapsed_list_shows_each_story_once_by_its_first_article_or_earliest_listed() {
    let articles = listed();
    let stories = Stories::from_clusters(&articles, &Clusters::of(&articles));
    assert_eq!(stories.collapse(&[0, 1, 2, 3, 4, 5]), [3, 4, 5]);
    // The first article filtered out: the earliest listed copy stands in.
    assert_eq!(stories.collapse(&[0, 1, 2, 3]), [1, 2, 3]);
    // Another order (oldest first) keeps the same articles.
    assert_eq!(stories.collapse(&[5, 4, 3, 2, 1, 0]), [5, 4, 3]);
}

#[test]
fn a_name_no_other_article_shares_or_a_missing_first_article_still_reads() {
    let articles = listed();
    let named: Vec<(u32, Box<str>)> = vec![
        (0, "gone".into()),
        (2, "gone".into()),
        (3, "lonely".into()),
        (99, "gone".into()),
    ];
    let stories = Stories::from_names(&articles, &named);
    assert_eq!(stories.len(), 1);
    // Its first article is not in the list: the earliest member names it.
    assert_eq!(stories.story(0).map(|s| s.first), Some(2));
    assert_eq!(stories.story(3), None);
}

#[test]
fn a_copy_s_differences_are_its_words_added_and_removed() {
    let pieces = word_diff(
        [
            "The minister met the council on Monday.",
            "He left at noon.",
        ],
        [
            "The foreign minister met the council on Tuesday.",
            "He left at noon.",
        ],
    )
    .expect("short texts are compared");
    let marked: Vec<(WordChange, &str)> =
        pieces.iter().map(|p| (p.change, p.text.as_str())).collect();
    use WordChange::*;
    assert_eq!(
        marked,
        [
            (Same, "The "),
            (Added, "foreign "),
            (Same, "minister met the council on "),
            (Removed, "Monday."),
            (Added, "Tuesday."),
            (Same, "\nHe left at noon.\n"),
        ]
    );
    assert_eq!(words_changed(&pieces), (2, 1));
    let same: String = pieces
        .iter()
        .filter(|p| p.change != Added)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(
        same,
        "The minister met the council on Monday.\nHe left at noon.\n"
    );
}

#[test]
fn texts_too_long_to_compare_are_not() {
    let long = "word ".repeat(MAX_WORDS_FOR_TEST + 1);
    assert_eq!(word_diff([long.as_str()], ["word"]), None);
}

const MAX_WORDS_FOR_TEST: usize = super::diff::MAX_WORDS;

#[test]
fn a_stories_file_reads_back_as_the_stories_it_was_written_from() {
    let articles = listed();
    let stories = Stories::from_clusters(&articles, &Clusters::of(&articles));
    assert_eq!(stories.len(), 2);
    let bytes = stories.to_bytes();
    assert_eq!(
        Stories::from_bytes(&bytes, articles.len()),
        Ok(stories.clone())
    );
    // No stories is a file too.
    let none = Stories::from_clusters(&articles[3..4], &Clusters::of(&articles[3..4]));
    assert_eq!(Stories::from_bytes(&none.to_bytes(), 1), Ok(none));
    // For another archive, or cut anywhere: an error, never a panic.
    assert!(Stories::from_bytes(&bytes, articles.len() + 1)
        .unwrap_err()
        .contains("is for 6 articles, and the archive has 7"));
    for end in 0..bytes.len() {
        assert!(
            Stories::from_bytes(&bytes[..end], articles.len()).is_err(),
            "cut at {end}"
        );
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(Stories::from_bytes(&longer, articles.len())
        .unwrap_err()
        .contains("follow the last story"));
}

#[test]
fn a_hostile_stories_file_is_refused_with_what_is_wrong() {
    let file = |numbers: &[u32]| {
        let mut out = STORIES_MAGIC.to_vec();
        for &n in numbers {
            let mut v = n;
            while v >= 0x80 {
                out.push((v as u8) | 0x80);
                v >>= 7;
            }
            out.push(v as u8);
        }
        out
    };
    let refused = |numbers: &[u32]| Stories::from_bytes(&file(numbers), 10).unwrap_err();
    // articles, stories, then per story: members, first, outlets, positions.
    assert!(refused(&[10, 6]).contains("more than 10 articles can make"));
    assert!(refused(&[10, 1, 1, 0, 1, 3]).contains("has 1 members"));
    assert!(refused(&[10, 1, 2, 2, 1, 3, 0]).contains("names member 2 first"));
    assert!(refused(&[10, 1, 2, 0, 1, 3, 6]).contains("past the archive"));
    assert!(refused(&[10, 1, 2, 0, 1, u32::MAX, 0]).contains("past the archive"));
    assert!(
        refused(&[10, 2, 2, 0, 1, 3, 0, 2, 0, 1, 3, 1]).contains("position 3 is in two stories")
    );
    assert!(Stories::from_bytes(b"BSTORY\x00\x02", 10)
        .unwrap_err()
        .contains("this version"));
    let read = Stories::from_bytes(&file(&[10, 1, 3, 2, 2, 1, 2, 3]), 10).expect("a good file");
    let story = read.story(4).expect("position 4 is in it");
    assert_eq!(
        (story.first, story.members, story.outlets),
        (8, &[1, 4, 8][..], 2)
    );
}

#[test]
fn stories_rebased_keep_what_is_kept_moved_and_drop_a_story_left_alone() {
    let articles = listed();
    // Stories {0, 2, 5} (first 5) and {1, 4} (first 4).
    let stories = Stories::from_clusters(&articles, &Clusters::of(&articles));
    // Appending three new articles in front, the old positions 0..2 read
    // back among them (not kept here), the rest from 3 on.
    let rebased = Stories::rebased(&[(&stories, 2..6, 3)], 7);
    // {2, 5} → {3, 6} stays a story led by its first; {4} alone is none.
    assert_eq!(rebased.len(), 1);
    let story = rebased.story(3).expect("moved");
    assert_eq!((story.first, story.members), (6, &[3, 6][..]));
    assert_eq!(rebased.story(5), None);
    // Joined after another archive of 10 articles: everything moves by 10.
    let joined = Stories::rebased(&[(&stories, 0..6, 10)], 16);
    assert_eq!(joined.story(10).unwrap().members, &[10, 12, 15]);
    assert_eq!(joined.story(11).unwrap().first, 14);
    // Its first not kept: led by its oldest kept member.
    let cut = Stories::rebased(&[(&stories, 0..5, 0)], 5);
    assert_eq!(cut.story(0).unwrap().first, 2);
    assert_eq!(Stories::from_bytes(&cut.to_bytes(), 5), Ok(cut));
}
