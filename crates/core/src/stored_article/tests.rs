use super::*;
use crate::search::SearchQuery;

fn stored(article: &Article) -> StoredArticle {
    StoredArticle::new(article.clone(), &mut ProvenanceTable::default())
}

/// Every field read back as the article had it.
fn assert_reads_as(s: &StoredArticle, a: &Article) {
    assert_eq!(s.to_article(), *a);
    assert_eq!(s.id(), a.id);
    assert_eq!(s.title(), a.title);
    assert_eq!(s.lead(), a.lead);
    assert_eq!(s.body().collect::<Vec<_>>(), a.body);
    assert_eq!(
        s.paragraphs().collect::<Vec<_>>(),
        a.paragraphs().collect::<Vec<_>>()
    );
    assert_eq!(s.source(), a.source);
    assert_eq!(s.url().as_deref(), a.url.as_deref());
    assert_eq!(s.lang(), a.lang.as_deref());
    assert_eq!(s.license(), a.license.as_deref());
    assert_eq!(s.published(), a.published);
    assert_eq!(s.published_from(), a.published_from);
    assert_eq!(s.date_label(), a.date_label());
    assert_eq!(s.authors().collect::<Vec<_>>(), a.authors);
    assert_eq!(s.image(), a.image.as_deref());
    assert_eq!(s.safe_image(), a.safe_image());
    assert_eq!(s.direction(), a.direction());
    assert_eq!(s.safe_url().as_deref(), a.safe_url());
}

#[test]
fn a_full_article_round_trips() {
    let a = Article::builder("wn-1")
        .title("Storm reaches the coast")
        .published("2021-09-13T23:03:39")
        .lead("The storm made landfall on Monday.")
        .body(["Winds reached 150 km/h.", "Thousands lost power."])
        .source("Wikinews (English)")
        .url("https://en.wikinews.org/wiki/Storm")
        .lang("en")
        .license("CC BY 2.5")
        .build();
    assert_reads_as(&stored(&a), &a);
}

#[test]
fn a_zoned_date_authors_and_an_image_round_trip() {
    let a = Article::builder("feed-1")
        .title("Council meets")
        .published("2021-09-13T23:03:39+04:30")
        .published_from(DateSource::Feed)
        .lead("The council met late.")
        .body(["It agreed.", "It adjourned."])
        .source("NOURNEWS")
        .authors(["A. Writer", "", "Second Author"])
        .url("https://example.org/news/1")
        .image("https://img.example.org/1.jpg")
        .build();
    let s = stored(&a);
    assert_reads_as(&s, &a);
    assert_eq!(s.date_label(), "13 Sep 2021, 23:03 (+04:30)");
    assert_eq!(s.body().len(), 2);
    // Each tail piece on its own, and none at all.
    let mut only = a.clone();
    only.url = None;
    only.authors.clear();
    assert_reads_as(&stored(&only), &only);
    only.image = None;
    only.authors = vec!["Solo".into()];
    assert_reads_as(&stored(&only), &only);
    only.body.clear();
    only.authors.clear();
    only.image = Some("javascript:alert(1)".into());
    let unsafe_image = stored(&only);
    assert_reads_as(&unsafe_image, &only);
    assert_eq!(unsafe_image.safe_image(), None);
}

#[test]
fn a_capture_time_is_labelled_as_one() {
    let a = Article::builder("warc-1")
        .title("T")
        .lead("L")
        .published("2021-09-13T18:33:00Z")
        .published_from(DateSource::Capture)
        .build();
    let s = stored(&a);
    assert_reads_as(&s, &a);
    assert_eq!(s.date_label(), "captured 13 Sep 2021");
}

#[test]
fn an_empty_lead_and_no_url_lang_or_licence_stay_absent() {
    let a = Article::builder("x")
        .title("Only a body")
        .body(["First.", "", "Third."])
        .build();
    let s = stored(&a);
    assert_reads_as(&s, &a);
    assert_eq!(s.paragraphs().collect::<Vec<_>>(), ["First.", "", "Third."]);
    assert_eq!((s.url(), s.lang(), s.license()), (None, None, None));
}

#[test]
fn an_empty_url_is_kept_apart_from_none() {
    let a = Article::builder("x").title("T").lead("L").url("").build();
    let s = stored(&a);
    assert_eq!(s.url().as_deref(), Some(""));
    assert_eq!(s.safe_url(), None);
    assert_reads_as(&s, &a);
}

#[test]
fn right_to_left_text_keeps_its_bytes_and_direction() {
    let a = Article::builder("fa-1")
        .title("نشست شورا")
        .lead("متن خبر درباره نشست.")
        .body(["بند دوم", "שלום עולם"])
        .source("NOURNEWS")
        .build();
    let s = stored(&a);
    assert_eq!(s.direction(), "rtl");
    assert_reads_as(&s, &a);
    let mut with_lang = a.clone();
    with_lang.lang = Some("en".into());
    assert_eq!(stored(&with_lang).direction(), "ltr");
}

#[test]
fn many_paragraphs_come_back_in_order() {
    let body: Vec<String> = (0..5_000).map(|i| format!("Paragraph {i}.")).collect();
    let a = Article::builder("long")
        .title("T")
        .lead("Lead")
        .body(&body)
        .url("https://example.org/long")
        .build();
    let s = stored(&a);
    assert_eq!(s.body().len(), 5_000);
    assert_eq!(s.body().last(), Some("Paragraph 4999."));
    assert_reads_as(&s, &a);
}

#[test]
fn articles_with_one_provenance_share_it() {
    let mut table = ProvenanceTable::default();
    let of = |id: &str, license: &str| {
        Article::builder(id)
            .title("T")
            .lead("L")
            .source("VOA")
            .lang("en")
            .license(license)
            .build()
    };
    let a = StoredArticle::new(of("a", "Public domain"), &mut table);
    let b = StoredArticle::new(of("b", "Public domain"), &mut table);
    let c = StoredArticle::new(of("c", "CC BY 2.5"), &mut table);
    assert!(Rc::ptr_eq(&a.provenance, &b.provenance));
    assert!(!Rc::ptr_eq(&a.provenance, &c.provenance));
    assert_eq!(table.len(), 2);
    assert_eq!(c.license(), Some("CC BY 2.5"));
}

#[test]
fn a_new_body_keeps_the_rest() {
    let a = Article::builder("card")
        .title("T")
        .published("2021-09-13T23:03:39-05:00")
        .published_from(DateSource::Page)
        .lead("L")
        .source("S")
        .authors(["A. Writer"])
        .image("https://example.org/i.png")
        .url("https://example.org/")
        .license("CC BY 4.0")
        .build();
    let whole = stored(&a).with_body(vec!["Body one.".into(), "Body two.".into()]);
    let mut expected = a.clone();
    expected.body = vec!["Body one.".into(), "Body two.".into()];
    assert_reads_as(&whole, &expected);
}

#[test]
fn search_highlights_read_the_same_from_either_form() {
    let a = Article::builder("x")
        .title("Storm warning")
        .lead("No match here.")
        .body(["The storm passed at night."])
        .build();
    let query = SearchQuery::parse("storm");
    assert_eq!(query.highlight(&stored(&a)), query.highlight(&a));
}

#[test]
fn pieces_of_every_length_class_come_back_whole() {
    // Lengths around each 6-bit group boundary of the stored lengths.
    let sizes = [0, 1, 63, 64, 65, 4_095, 4_096, 262_143, 262_144, 300_001];
    let body: Vec<String> = sizes
        .iter()
        .map(|&n| "é".repeat(n / 2) + &"x".repeat(n % 2))
        .collect();
    let a = Article::builder("x".repeat(64))
        .title("t".repeat(4_096))
        .lead("")
        .body(&body)
        .url("u".repeat(65))
        .build();
    let s = stored(&a);
    assert_reads_as(&s, &a);
    assert_eq!(s.body().map(str::len).collect::<Vec<_>>(), sizes);
}

#[test]
fn urls_share_their_scheme_and_host_and_come_back_whole() {
    let mut table = ProvenanceTable::default();
    let urls = [
        "https://en.wikinews.org/wiki/Storm",
        "https://en.wikinews.org/wiki/Flood",
        "https://en.wikinews.org/",
        "HTTPS://EN.WIKINEWS.ORG/x",
        "https://host-without-path",
        "javascript:alert(1)",
        "/relative/path",
        "  https://example.org/padded ",
        "",
    ];
    let stored: Vec<(Article, StoredArticle)> = urls
        .iter()
        .map(|url| {
            let a = Article::builder(*url)
                .title("T")
                .lead("L")
                .url(*url)
                .build();
            (a.clone(), StoredArticle::new(a, &mut table))
        })
        .collect();
    for (a, s) in &stored {
        assert_reads_as(s, a);
    }
    assert!(Rc::ptr_eq(&stored[0].1.provenance, &stored[1].1.provenance));
    assert_eq!(
        &*stored[0].1.provenance.url_origin,
        "https://en.wikinews.org/"
    );
    assert_eq!(stored[5].1.safe_url(), None);
}
