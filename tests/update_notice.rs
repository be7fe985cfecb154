//! Browser tests of the update notice: what the service worker's messages
//! make it say (`cargo test -p broadsheet --target wasm32-unknown-unknown`).
//! The messages are dispatched on `navigator.serviceWorker` here, as the
//! worker (sw.js) would send them; the real worker is tested end to end in
//! tests/e2e/offline.test.mjs.
#![cfg(target_arch = "wasm32")]

use broadsheet::components::UpdateNotice;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, MessageEvent, MessageEventInit};

wasm_bindgen_test_configure!(run_in_browser);

async fn mount() -> Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<UpdateNotice>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    root
}

/// Sends the page `{type, ...fields}` as the worker would.
async fn from_worker(kind: &str, fields: &[(&str, JsValue)]) {
    let data = js_sys::Object::new();
    js_sys::Reflect::set(&data, &"type".into(), &kind.into()).unwrap();
    for (name, value) in fields {
        js_sys::Reflect::set(&data, &(*name).into(), value).unwrap();
    }
    let init = MessageEventInit::new();
    init.set_data(&data);
    let event = MessageEvent::new_with_event_init_dict("message", &init).unwrap();
    let container = gloo::utils::window().navigator().service_worker();
    container.dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
}

fn notice(root: &Element) -> Element {
    root.query_selector(".update-notice[role=status]")
        .unwrap()
        .expect("the live region is always there")
}

fn text(root: &Element) -> Option<String> {
    root.query_selector(".update-notice p")
        .unwrap()
        .map(|p| p.text_content().unwrap_or_default())
}

fn click(root: &Element, label: &str) {
    let buttons = root.query_selector_all(".update-notice button").unwrap();
    let button = (0..buttons.length())
        .map(|i| buttons.item(i).unwrap().unchecked_into::<HtmlElement>())
        .find(|b| b.text_content().as_deref() == Some(label))
        .unwrap_or_else(|| panic!("no {label} button"));
    button.click();
}

#[wasm_bindgen_test]
async fn a_stored_snapshot_is_marked_and_says_nothing() {
    let root = mount().await;
    // Said while the worker is still installing: a reload would not be
    // served by it yet, so not "ready" (the worker's status, asked for
    // once it is activated, says so).
    from_worker("broadsheet:stored", &[]).await;
    assert_eq!(
        notice(&root).get_attribute("data-offline").as_deref(),
        Some("pending")
    );
    from_worker(
        "broadsheet:status",
        &[("stored", JsValue::TRUE), ("update", JsValue::NULL)],
    )
    .await;
    assert_eq!(
        notice(&root).get_attribute("data-offline").as_deref(),
        Some("ready")
    );
    assert_eq!(text(&root), None);
    assert_eq!(
        notice(&root).child_element_count(),
        0,
        "an empty live region"
    );
    // Messages from elsewhere are ignored.
    from_worker("something-else", &[("articles", JsValue::TRUE)]).await;
    assert_eq!(text(&root), None);
}

#[wasm_bindgen_test]
async fn a_new_set_is_announced_and_can_be_put_off_until_the_next_one() {
    let root = mount().await;
    from_worker(
        "broadsheet:update",
        &[("app", JsValue::FALSE), ("articles", JsValue::TRUE)],
    )
    .await;
    assert_eq!(
        text(&root).as_deref(),
        Some("A new version of the articles has been downloaded; it will be used the next time you open the page.")
    );
    assert_eq!(
        notice(&root).get_attribute("data-offline").as_deref(),
        Some("ready")
    );
    click(&root, "Not now");
    yew::scheduler::flush().await;
    assert_eq!(text(&root), None);
    // A later one (a new app this time) shows again, and says both.
    from_worker(
        "broadsheet:update",
        &[("app", JsValue::TRUE), ("articles", JsValue::FALSE)],
    )
    .await;
    assert_eq!(
        text(&root).as_deref(),
        Some("A new version of Broadsheet and its articles has been downloaded; it will be used the next time you open the page.")
    );
}

#[wasm_bindgen_test]
async fn the_status_answer_shows_a_newer_app_stored_before_the_page_listened() {
    let root = mount().await;
    let update = js_sys::Object::new();
    js_sys::Reflect::set(&update, &"app".into(), &JsValue::TRUE).unwrap();
    js_sys::Reflect::set(&update, &"articles".into(), &JsValue::FALSE).unwrap();
    from_worker(
        "broadsheet:status",
        &[("stored", JsValue::TRUE), ("update", update.into())],
    )
    .await;
    assert_eq!(
        text(&root).as_deref(),
        Some("A new version of Broadsheet has been downloaded; it will be used the next time you open the page.")
    );
}
