//! Browser tests of the card list, in headless Chromium
//! (`cargo test -p broadsheet --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

use broadsheet::components::{ArticleList, ArticleListProps};
use broadsheet::library::Library;
use broadsheet_core::testing::ArticleBuilder;
use broadsheet_core::Article;
use std::rc::Rc;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

/// A card's article in English (add `.url(…)` for a link, then `.build()`).
fn article(id: &str, title: &str, published: &str, source: &str) -> ArticleBuilder {
    Article::builder(id)
        .title(title)
        .published(published)
        .lead(format!("Lead of {title}"))
        .body(["Body."])
        .source(source)
        .lang("en")
}

/// Mounts the list into a fresh element and lets Yew finish rendering.
async fn mount(library: Library) -> Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let library = Rc::new(library);
    let matches = Rc::new((0..library.len() as u32).collect::<Vec<_>>());
    let stories = library.stories.clone();
    yew::Renderer::<ArticleList>::with_root_and_props(
        root.clone(),
        ArticleListProps {
            library,
            matches,
            query: Default::default(),
            route: Default::default(),
            selected: None,
            stories,
        },
    )
    .render();
    yew::scheduler::flush().await;
    root
}

fn texts(root: &Element, selector: &str) -> Vec<String> {
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .map(|i| nodes.item(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

fn attrs(root: &Element, selector: &str, name: &str) -> Vec<String> {
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .map(|i| {
            let el: Element = wasm_bindgen::JsCast::dyn_into(nodes.item(i).unwrap()).unwrap();
            el.get_attribute(name).unwrap_or_default()
        })
        .collect()
}

#[wasm_bindgen_test]
async fn cards_render_newest_first_whatever_the_input_order() {
    let root = mount(Library::new(vec![
        article("old", "Oldest story", "2019-01-04", "Wikinews (English)").build(),
        article("seed", "Seed story", "2021-09-13T23:03:39", "NOURNEWS").build(),
        article("mid", "Middle story", "2020-06-30", "VOA").build(),
    ]))
    .await;

    assert_eq!(
        texts(&root, "article h2"),
        ["Seed story", "Middle story", "Oldest story"]
    );
    assert_eq!(
        texts(&root, "article time"),
        ["13 Sep 2021, 23:03", "30 Jun 2020", "4 Jan 2019"]
    );
    assert_eq!(
        attrs(&root, "article time", "datetime"),
        ["2021-09-13T23:03:39", "2020-06-30", "2019-01-04"]
    );
    assert_eq!(
        texts(&root, ".card-source"),
        ["NOURNEWS", "VOA", "Wikinews (English)"]
    );
    assert_eq!(
        root.query_selector_all("main article, ol > li > article")
            .unwrap()
            .length(),
        3
    );
}

#[wasm_bindgen_test]
async fn untrusted_text_stays_text_and_unsafe_links_are_not_links() {
    let root = mount(Library::new(vec![
        article(
            "x",
            "<img src=x onerror=alert(1)>",
            "2021-01-01",
            "<b>bold</b>",
        )
        .url("javascript:alert(1)")
        .build(),
        article("y", "Safe", "2020-01-01", "")
            .url("https://example.org/story")
            .build(),
    ]))
    .await;

    assert_eq!(
        texts(&root, "article h2")[0],
        "<img src=x onerror=alert(1)>"
    );
    assert!(root.query_selector("img").unwrap().is_none());
    assert!(root.query_selector("b").unwrap().is_none());
    assert_eq!(
        attrs(&root, "a.card-original", "href"),
        ["https://example.org/story"]
    );
    assert_eq!(
        attrs(&root, "a.card-original", "rel"),
        ["noopener noreferrer"]
    );
    assert_eq!(texts(&root, ".card-source")[1], "Unknown source");
}

#[wasm_bindgen_test]
async fn a_long_list_keeps_only_the_visible_cards_in_the_dom() {
    let articles = (0..5000)
        .map(|i| {
            article(
                &format!("a{i}"),
                &format!("Story {i}"),
                &format!("2020-01-01T{:02}:{:02}:00", i / 60 % 24, i % 60),
                "S",
            )
            .build()
        })
        .collect();
    let root = mount(Library::new(articles)).await;
    let cards = root.query_selector_all("ol.cards > li").unwrap().length();
    assert!(
        cards > 0 && cards < 100,
        "{cards} cards in the DOM for 5000 results"
    );
    let first = root.query_selector("ol.cards > li").unwrap().unwrap();
    assert_eq!(first.get_attribute("aria-setsize").as_deref(), Some("5000"));
    assert_eq!(first.get_attribute("aria-posinset").as_deref(), Some("1"));
}

#[wasm_bindgen_test]
async fn matches_are_marked_with_mark_elements_in_title_and_snippet() {
    use broadsheet::components::{ArticleCard, ArticleCardProps};
    use broadsheet_core::SearchQuery;
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let mut a = article("t", "Talks in TEHRAN resume", "2021-01-01", "S").build();
    a.lead = "Diplomats met in Téhéran on <b>Monday</b>.".into();
    let props = ArticleCardProps {
        article: Rc::new(a.into()),
        query: Rc::new(SearchQuery::parse("tehran")),
        href: "#/article/t".into(),
        story: None,
    };
    yew::Renderer::<ArticleCard>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    assert_eq!(texts(&root, "h2 mark"), ["TEHRAN"]);
    assert_eq!(texts(&root, ".card-snippet mark"), ["Téhéran"]);
    assert_eq!(
        texts(&root, ".card-snippet")[0],
        "Diplomats met in Téhéran on <b>Monday</b>."
    );
    assert!(root.query_selector("b").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn a_wire_copy_s_card_names_its_story_s_other_outlets_and_first_article() {
    // As broadsheet-ingest marks them: every copy names the story's first.
    let library = Library::new(vec![
        article("agency", "Agency text", "2021-09-13T23:03:39", "NOURNEWS")
            .cluster("agency")
            .build(),
        article("a", "Client A's title", "2021-09-14T08:00:00", "Gazette")
            .cluster("agency")
            .build(),
        article("b", "Client B's title", "2021-09-14T09:00:00", "Herald")
            .cluster("agency")
            .build(),
        article("b2", "Client B again", "2021-09-14T10:00:00", "Herald")
            .cluster("agency")
            .build(),
        article("alone", "Another story", "2021-09-14T11:00:00", "Herald").build(),
    ]);
    let root = mount(library).await;
    assert_eq!(
        texts(&root, ".card-story"),
        [
            "also in 2 other outlets · first: NOURNEWS, 13 Sep 2021, 23:03",
            "also in 2 other outlets · first: NOURNEWS, 13 Sep 2021, 23:03",
            "also in 2 other outlets · first: NOURNEWS, 13 Sep 2021, 23:03",
            "also in 2 other outlets · this is the first",
        ]
    );
    // The lone article's card has no such line.
    assert_eq!(
        attrs(&root, "article.has-story", "data-id"),
        ["b2", "b", "a", "agency"]
    );
}
