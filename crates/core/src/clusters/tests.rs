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
