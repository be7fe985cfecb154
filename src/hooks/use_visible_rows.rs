//! `use_visible_rows`: which rows of a long, fixed-row-height list are on
//! screen (plus a margin), following the window's scroll and size. The list
//! renders only those rows, so 50,000 results cost the DOM a few dozen cards.

use super::use_deferred::NextFrame;
use gloo::events::EventListener;
use std::ops::Range;
use web_sys::HtmlElement;
use yew::prelude::*;

/// Rows rendered above and below the visible ones, so scrolling and
/// keyboard moves rarely show a gap; few, since each costs a highlight.
const MARGIN_ROWS: usize = 2;

/// `list` is the element whose top is row 0; `rows` the row count;
/// `row_height` the height of one row in CSS pixels.
#[hook]
pub fn use_visible_rows(list: NodeRef, rows: usize, row_height: f64) -> Range<usize> {
    // The list's top in page coordinates, measured when rows change and on
    // resize; the scroll offset and viewport height, kept from scroll and
    // resize events. A render (every keystroke) reads none of them from the
    // DOM, and neither do its effects: right after a patch, a read forces a
    // layout on the keystroke's path. The measurement waits for the next
    // frame, whose layout the browser does anyway (and by then the facet and
    // timeline above the list have followed the keystroke too).
    let list_top = use_state_eq(|| f64::NAN.to_bits());
    let scrolled = use_state_eq(scroll_y);
    let viewport = use_state_eq(viewport_height);
    {
        let list_top = list_top.clone();
        let scrolled = scrolled.clone();
        let viewport = viewport.clone();
        use_effect_with((rows, row_height.to_bits()), move |_| {
            // The list's top moves only with layout changes (new rows, a
            // resize), so scrolling reads nothing but `scrollY`.
            let on_scroll_state = scrolled.clone();
            let measure = move || {
                if let Some(el) = list.cast::<HtmlElement>() {
                    let y = scroll_y();
                    list_top.set((el.get_bounding_client_rect().top() + y).to_bits());
                    scrolled.set(y);
                    viewport.set(viewport_height());
                }
            };
            let next_frame = NextFrame::request(measure.clone());
            let window = gloo::utils::window();
            // gloo listeners are passive by default: scrolling never waits on us.
            let on_scroll =
                EventListener::new(&window, "scroll", move |_| on_scroll_state.set(scroll_y()));
            let on_resize = EventListener::new(&window, "resize", move |_| measure());
            move || drop((next_frame, on_scroll, on_resize))
        });
    }
    let top = f64::from_bits(*list_top);
    let top = if top.is_nan() { 0.0 } else { top };
    visible_range(*scrolled - top, *viewport, rows, row_height)
}

/// Rows overlapping the viewport when it starts `offset` px below the
/// list's top, plus [`MARGIN_ROWS`] on each side.
fn visible_range(offset: f64, viewport: f64, rows: usize, row_height: f64) -> Range<usize> {
    let row_height = row_height.max(1.0);
    let first_visible = (offset / row_height).floor().max(0.0) as usize;
    let visible = (viewport / row_height).ceil() as usize + 1;
    let start = first_visible.saturating_sub(MARGIN_ROWS).min(rows);
    let end = (first_visible + visible + MARGIN_ROWS).min(rows);
    start..end.max(start)
}

fn scroll_y() -> f64 {
    gloo::utils::window().scroll_y().unwrap_or(0.0)
}

fn viewport_height() -> f64 {
    gloo::utils::window()
        .inner_height()
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(800.0)
}
