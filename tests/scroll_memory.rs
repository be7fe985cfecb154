//! Back keeps the reader's place (`use_scroll_memory`, issue 12), in a real
//! browser (`cargo test -p broadsheet --target wasm32-unknown-unknown`).
//! A page of a set height stands in for the list (tall) and the article
//! (short); each test reproduces one of the two races that lost the place.
#![cfg(target_arch = "wasm32")]

use broadsheet::hooks::use_scroll_memory;
use broadsheet::route::Route;
use wasm_bindgen_test::*;
use yew::prelude::*;

mod support;
use support::frame;

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Properties, PartialEq, Clone)]
struct PageProps {
    route: Route,
    /// The page's height in CSS pixels.
    height: u32,
}

#[function_component(Page)]
fn page(props: &PageProps) -> Html {
    use_scroll_memory(&props.route, &broadsheet::embed::Host::Page);
    html! { <div style={format!("height: {}px", props.height)}></div> }
}

const LIST: &str = "#/?q=minister";
const ARTICLE: &str = "#/article/75422?q=minister";
const TALL: u32 = 20_000;
const SHORT: u32 = 300;
const PLACE: f64 = 1_500.0;

fn props(hash: &str, height: u32) -> PageProps {
    PageProps {
        route: Route::from_hash(hash),
        height,
    }
}

/// The address shows `hash` (as after a click or Back), without a reload.
fn address(hash: &str) {
    gloo::utils::window().location().set_hash(hash).unwrap();
}

fn scroll_y() -> f64 {
    gloo::utils::window().scroll_y().unwrap()
}

/// Waits (in frames, never in time) until the window is at `y`.
async fn scrolled_to(y: f64) -> bool {
    for _ in 0..300 {
        if (scroll_y() - y).abs() < 1.0 {
            return true;
        }
        frame().await;
    }
    false
}

/// Mounts the list, scrolls the reader to PLACE and returns the app.
async fn reader_at_place() -> yew::AppHandle<Page> {
    let document = gloo::utils::document();
    // A test that failed left its page behind: only this one may be tall.
    let earlier = document.query_selector_all(".scroll-test").unwrap();
    for i in 0..earlier.length() {
        let node = earlier.item(i).unwrap();
        node.parent_node().unwrap().remove_child(&node).unwrap();
    }
    let root = document.create_element("div").unwrap();
    root.set_class_name("scroll-test");
    document.body().unwrap().append_child(&root).unwrap();
    gloo::utils::window().scroll_to_with_x_and_y(0.0, 0.0);
    address(LIST);
    let app = yew::Renderer::<Page>::with_root_and_props(root, props(LIST, TALL)).render();
    yew::scheduler::flush().await;
    gloo::utils::window().scroll_to_with_x_and_y(0.0, PLACE);
    assert!(scrolled_to(PLACE).await, "the reader scrolled");
    frame().await;
    app
}

/// The address changes to `hash` (as after a click, or Back) and the page
/// renders that route at `height`.
async fn navigate(app: &mut yew::AppHandle<Page>, hash: &str, height: u32) {
    address(hash);
    hash_changed().await;
    show(app, hash, height).await;
}

/// The page renders the route `hash` at `height` (the address unchanged).
async fn show(app: &mut yew::AppHandle<Page>, hash: &str, height: u32) {
    app.update(props(hash, height));
    yew::scheduler::flush().await;
}

fn remove(app: yew::AppHandle<Page>) {
    app.destroy();
    gloo::utils::window().scroll_to_with_x_and_y(0.0, 0.0);
}

#[wasm_bindgen_test]
async fn the_page_shrinking_before_the_route_is_rendered_does_not_lose_the_place() {
    let mut app = reader_at_place().await;
    // An article opens: the address changes, then the page shrinks (the
    // browser clamps the scroll to 0) a frame before the effects of the new
    // route run, as when Yew's scheduler yields on a busy machine.
    address(ARTICLE);
    hash_changed().await;
    show(&mut app, LIST, SHORT).await;
    assert!(scrolled_to(0.0).await, "clamped by the short page");
    frame().await;
    show(&mut app, ARTICLE, SHORT).await;
    // Back.
    navigate(&mut app, LIST, TALL).await;
    assert!(
        scrolled_to(PLACE).await,
        "back at {PLACE}, not {}",
        scroll_y()
    );
    remove(app);
}

#[wasm_bindgen_test]
async fn a_list_that_is_not_yet_tall_enough_gets_the_place_once_it_is() {
    let mut app = reader_at_place().await;
    navigate(&mut app, ARTICLE, SHORT).await;
    assert!(scrolled_to(0.0).await, "an article opens at its top");
    // Back, to a list still short (rows not measured, results on their way).
    navigate(&mut app, LIST, SHORT).await;
    frame().await;
    frame().await;
    assert_eq!(scroll_y(), 0.0, "the short list cannot hold the place yet");
    show(&mut app, LIST, TALL).await;
    assert!(
        scrolled_to(PLACE).await,
        "back at {PLACE}, not {}",
        scroll_y()
    );
    // The place is kept: a second round trip lands there again.
    navigate(&mut app, ARTICLE, SHORT).await;
    navigate(&mut app, LIST, TALL).await;
    assert!(
        scrolled_to(PLACE).await,
        "again at {PLACE}, not {}",
        scroll_y()
    );
    remove(app);
}

#[wasm_bindgen_test]
async fn the_reader_scrolling_during_a_restore_wins() {
    let mut app = reader_at_place().await;
    navigate(&mut app, ARTICLE, SHORT).await;
    navigate(&mut app, LIST, SHORT).await;
    frame().await;
    // The reader turns the wheel before the list is tall: the restore ends.
    let wheel = web_sys::Event::new("wheel").unwrap();
    gloo::utils::window().dispatch_event(&wheel).unwrap();
    show(&mut app, LIST, TALL).await;
    gloo::utils::window().scroll_to_with_x_and_y(0.0, 400.0);
    for _ in 0..10 {
        frame().await;
    }
    assert_eq!(scroll_y(), 400.0, "the reader's own scroll stays");
    remove(app);
}

/// Waits for the next `hashchange` (a task, as after a click on a link).
async fn hash_changed() {
    let promise = js_sys::Promise::new(&mut |done, _| {
        let options = web_sys::AddEventListenerOptions::new();
        options.set_once(true);
        gloo::utils::window()
            .add_event_listener_with_callback_and_add_event_listener_options(
                "hashchange",
                &done,
                &options,
            )
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_click_right_after_a_scroll_keeps_the_place_the_scroll_reached() {
    let mut app = reader_at_place().await;
    // The reader scrolls on and clicks a link before the scroll event is
    // sent (WebKit sends it at its next rendering update).
    let further = PLACE + 1_000.0;
    gloo::utils::window().scroll_to_with_x_and_y(0.0, further);
    gloo::utils::document().body().unwrap().click();
    navigate(&mut app, ARTICLE, SHORT).await;
    assert!(scrolled_to(0.0).await, "an article opens at its top");
    navigate(&mut app, LIST, TALL).await;
    assert!(
        scrolled_to(further).await,
        "back at {further}, not {}",
        scroll_y()
    );
    remove(app);
}
