//! Browser tests of the embedded reader (`src/embed/`), in headless
//! Chromium: a reader mounted in a shadow root over JavaScript objects
//! shows their cards newest first, lists the record it skipped, tells its
//! element, and follows its own links without touching the page's address.
#![cfg(target_arch = "wasm32")]

use broadsheet::embed::mount_reader;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

mod support;
use support::frame;

wasm_bindgen_test_configure!(run_in_browser);

/// What a host page would give: two articles and a record without a title.
const ARTICLES: &str = r#"{"label": "The desk", "articles": [
  {"id": "older", "title": "The older story", "published": "2021-09-13T23:03:39", "lead": "First.", "body": ["More."], "source": "NOURNEWS"},
  {"id": "broken", "published": "2021-09-14", "lead": "A draft without its headline."},
  {"id": "newer", "title": "The newer story", "published": "2021-09-15", "lead": "Second.", "source": "Wire"}
]}"#;

/// Waits (in frames, never in time) until `ready` holds.
async fn until(what: &str, ready: impl Fn() -> bool) {
    for _ in 0..300 {
        yew::scheduler::flush().await;
        if ready() {
            return;
        }
        frame().await;
    }
    panic!("never happened: {what}");
}

fn texts(root: &Element, selector: &str) -> Vec<String> {
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .map(|i| nodes.item(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

/// Every `name` event on `element`, as its detail's JSON.
fn heard(element: &Element, name: &str) -> Rc<RefCell<Vec<String>>> {
    let heard: Rc<RefCell<Vec<String>>> = Rc::default();
    let sink = heard.clone();
    let listener =
        Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
            sink.borrow_mut()
                .push(js_sys::JSON::stringify(&e.detail()).unwrap().into());
        });
    element
        .add_event_listener_with_callback(name, listener.as_ref().unchecked_ref())
        .unwrap();
    listener.forget();
    heard
}

#[wasm_bindgen_test]
async fn a_reader_over_given_objects_lives_in_its_shadow_root() {
    let document = gloo::utils::document();
    let element = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&element).unwrap();
    let shadow = element
        .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
        .unwrap();
    let root = document.create_element("div").unwrap();
    shadow.append_child(&root).unwrap();
    let loads = heard(&element, "broadsheet-load");
    let opens = heard(&element, "broadsheet-open");
    let address = gloo::utils::window().location().href().unwrap();

    let options = js_sys::JSON::parse(ARTICLES).unwrap();
    let mut reader = mount_reader(element.clone(), root.clone(), options).unwrap();
    until("the cards", || {
        root.query_selector("ol.cards article").unwrap().is_some()
    })
    .await;

    assert_eq!(
        texts(&root, "ol.cards article h2"),
        ["The newer story", "The older story"]
    );
    assert_eq!(
        root.query_selector("[role=region]")
            .unwrap()
            .unwrap()
            .get_attribute("aria-label")
            .as_deref(),
        Some("The desk")
    );
    until("the load event", || !loads.borrow().is_empty()).await;
    let load = loads.borrow()[0].clone();
    assert!(
        load.starts_with(
            r#"{"articles":2,"skipped":["the given articles: articles[1] (id \"broken\"): "#
        ),
        "{load}"
    );
    assert!(load.contains("title"), "{load}");
    assert_eq!(loads.borrow().len(), 1, "said once");
    // The host page's own tree holds nothing of the reader.
    assert_eq!(element.child_element_count(), 0);

    // Its links are its own: the article opens in the reader, the page's
    // address stays as it was.
    let link: web_sys::HtmlElement = root
        .query_selector("ol.cards article a.card-link")
        .unwrap()
        .unwrap()
        .unchecked_into();
    link.click();
    until("the article page", || {
        root.query_selector(".article-title").unwrap().is_some()
    })
    .await;
    assert_eq!(texts(&root, ".article-title"), ["The newer story"]);
    assert_eq!(gloo::utils::window().location().href().unwrap(), address);
    until("the open event", || !opens.borrow().is_empty()).await;
    assert_eq!(
        opens.borrow()[0],
        r#"{"id":"newer","title":"The newer story","published":"2021-09-15","source":"Wire"}"#
    );

    reader.unmount();
    yew::scheduler::flush().await;
    assert!(
        root.query_selector("article").unwrap().is_none(),
        "unmounted"
    );
    element.remove();
}

#[wasm_bindgen_test]
fn options_without_articles_or_src_are_refused_with_the_reason() {
    let document = gloo::utils::document();
    let element = document.create_element("div").unwrap();
    let root = document.create_element("div").unwrap();
    let refused = |json: &str| {
        let error = mount_reader(
            element.clone(),
            root.clone(),
            js_sys::JSON::parse(json).unwrap(),
        )
        .err()
        .expect("refused");
        String::from(error.unchecked_into::<js_sys::Error>().message())
    };
    assert!(refused("{}").contains("give a reader `articles`"));
    assert!(refused(r#"{"articles": "not a list"}"#).contains("`articles` must be a list"));
    assert!(refused(r#"{"articles": [], "src": "a.json"}"#).contains("not both"));
    assert!(refused(r#"{"src": "  "}"#).contains("`src` must be the address"));
}
