//! `use_visible_rows`: which rows of a long, fixed-row-height list are on
//! screen (plus a margin), following the window's scroll and size. The list
//! renders only those rows, so 50,000 results cost the DOM a few dozen cards.

use gloo::events::EventListener;
use std::ops::Range;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

/// Rows rendered above and below the visible ones, so fast scrolling and
/// keyboard moves rarely show a gap.
const MARGIN_ROWS: usize = 4;

/// `list` is the element whose top is row 0; `rows` the row count;
/// `row_height` the height of one row in CSS pixels.
#[hook]
pub fn use_visible_rows(list: NodeRef, rows: usize, row_height: f64) -> Range<usize> {
    // Only scroll and resize need a re-render of their own; the range itself
    // is recomputed at every render below.
    let range = use_state_eq(|| 0..rows.min(2 * MARGIN_ROWS + 12));
    {
        let range = range.clone();
        let list = list.clone();
        use_effect_with((rows, row_height.to_bits()), move |_| {
            let update = move || {
                if let Some(el) = list.cast::<HtmlElement>() {
                    range.set(compute(&el, rows, row_height));
                }
            };
            update();
            let window = gloo::utils::window();
            // gloo listeners are passive by default: scrolling never waits on us.
            let on_scroll = {
                let update = update.clone();
                EventListener::new(&window, "scroll", move |_| update())
            };
            let on_resize = EventListener::new(&window, "resize", move |_| update());
            move || drop((on_scroll, on_resize))
        });
    }
    // Rows or their height may have just changed (a new query): compute
    // from the list as it is now, so a stale range never outlives its rows.
    match list.cast::<HtmlElement>() {
        Some(el) => compute(&el, rows, row_height),
        None => range.start.min(rows)..range.end.min(rows),
    }
}

fn compute(list: &HtmlElement, rows: usize, row_height: f64) -> Range<usize> {
    let window = gloo::utils::window();
    let viewport = window
        .inner_height()
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(800.0);
    // Distance from the list's top to the viewport's top (negative before it).
    let top = list
        .unchecked_ref::<web_sys::Element>()
        .get_bounding_client_rect()
        .top();
    let row_height = row_height.max(1.0);
    let first_visible = (-top / row_height).floor().max(0.0) as usize;
    let visible = (viewport / row_height).ceil() as usize + 1;
    let start = first_visible.saturating_sub(MARGIN_ROWS).min(rows);
    let end = (first_visible + visible + MARGIN_ROWS).min(rows);
    start..end.max(start)
}
