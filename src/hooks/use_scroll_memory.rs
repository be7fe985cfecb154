//! `use_scroll_memory`: each list view (its query, filters and order) keeps
//! the reader's scroll position; coming back to it (Back from an article,
//! Forward) lands where they were. An article opens at its top.
//!
//! Two races lost the place when the page simply called `scroll_to` on a
//! route change (issue 12), both more likely on a busy or slow machine:
//! - Yew's scheduler may yield to the browser between rendering a route and
//!   running its effects. Opening an article shrinks the page, the browser
//!   clamps the scroll, and that scroll event could reach the list's
//!   listener before the effect removed it, which saved 0 as the place.
//! - Back to the list: the list may not be as tall as the place yet (rows
//!   still being measured, results still arriving), so the browser clamps
//!   the restore, and the listener saved the clamped value.
//!
//! So the listener saves only while the address shows its own view and no
//! restore is pending, and a restore is retried each frame until the page
//! is tall enough and the position holds, the reader scrolls themselves, or
//! the route changes.
//!
//! An embedded reader scrolls with its host page, which is not its to
//! move: there it keeps no places (`use_in_reader_links` brings the reader
//! into view instead).

use crate::embed::Host;
use crate::route::Route;
use gloo::events::{EventListener, EventListenerOptions};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Frames a restore keeps trying before it settles for the nearest place
/// (a list that became shorter, say after the window grew); frames, not
/// milliseconds, so a slow machine gets as many chances as a fast one.
const RESTORE_FRAMES: u32 = 600;

#[hook]
pub fn use_scroll_memory(route: &Route, host: &Host) {
    let embedded = host.is_embedded();
    // The browser's own restoration would race this one on Back (and
    // restore against the article page's height): this hook decides alone.
    use_effect_with((), move |_| {
        if embedded {
            return;
        }
        if let Ok(history) = gloo::utils::window().history() {
            let _ = history.set_scroll_restoration(web_sys::ScrollRestoration::Manual);
        }
    });
    let saved = use_mut_ref(HashMap::<String, f64>::new);
    use_effect_with(route.clone(), move |route| {
        let window = gloo::utils::window();
        let guards = if embedded {
            None
        } else if route.article.is_none() {
            let key = route.to_hash();
            let target = saved.borrow().get(&key).copied().unwrap_or(0.0);
            let restore = Restore::start(target);
            let pending = restore.pending.clone();
            let on_scroll = EventListener::new(&window, "scroll", {
                let (saved, pending, key) = (saved.clone(), pending.clone(), key.clone());
                move |_| {
                    // A scroll while another view is in the address (the page
                    // changing under the list) or while restoring is not the
                    // reader's place.
                    if !pending.get() && Route::current().to_hash() == key {
                        saved.borrow_mut().insert(key.clone(), scroll_y());
                    }
                }
            });
            // The reader's click or key that leaves the view (a card's link,
            // Enter) comes before the new route: the place as it is then.
            // Scroll events come a frame late (WebKit's at its next
            // rendering update), so a click right after a scroll would
            // otherwise leave an older place. (By `hashchange` it is too
            // late: the new route may have rendered already.)
            let on_leave = ["click", "keydown"].map(|event| {
                let (saved, pending, key) = (saved.clone(), pending.clone(), key.clone());
                EventListener::new_with_options(
                    &window,
                    event,
                    EventListenerOptions::run_in_capture_phase(),
                    move |_| {
                        if !pending.get() && Route::current().to_hash() == key {
                            saved.borrow_mut().insert(key.clone(), scroll_y());
                        }
                    },
                )
            });
            Some((restore, on_scroll, on_leave))
        } else {
            window.scroll_to_with_x_and_y(0.0, 0.0);
            None
        };
        move || drop(guards)
    });
}

/// The closure run each animation frame, shared with itself so it can
/// request the next frame.
type FrameStep = Rc<RefCell<Option<Closure<dyn FnMut()>>>>;

/// A scroll to `target` that retries each animation frame until it holds.
struct Restore {
    pending: Rc<Cell<bool>>,
    frame: Rc<Cell<Option<i32>>>,
    step: FrameStep,
    _reader_scrolls: Vec<EventListener>,
}

impl Restore {
    fn start(target: f64) -> Self {
        let pending = Rc::new(Cell::new(true));
        let frame = Rc::new(Cell::new(None));
        let step: FrameStep = Rc::new(RefCell::new(None));
        // The reader taking over (wheel, touch, keys, the scrollbar) ends
        // the restore: their scroll wins.
        let window = gloo::utils::window();
        let reader_scrolls = ["wheel", "touchstart", "keydown", "mousedown"]
            .into_iter()
            .map(|event| {
                let pending = pending.clone();
                EventListener::new(&window, event, move |_| pending.set(false))
            })
            .collect();
        // Done once a frame finds the position held after a scroll to it
        // (a list still measuring its rows may shrink under it). Between
        // frames the position moves only by a layout change, which clamps
        // it to the bottom, or by the reader (a scrollbar, a script), whose
        // place then wins.
        let mut scrolled = try_scroll(target);
        // The top (every new query) needs neither: reading the scroll here
        // would force a layout on each keystroke.
        let mut left_at = if target == 0.0 { 0.0 } else { scroll_y() };
        let mut frames_left = RESTORE_FRAMES;
        *step.borrow_mut() = Some(Closure::new({
            let (pending, frame, step) = (pending.clone(), frame.clone(), step.clone());
            move || {
                frame.set(None);
                if !pending.get() {
                    return;
                }
                let y = scroll_y();
                frames_left = frames_left.saturating_sub(1);
                let held = scrolled && (y - target).abs() < 1.0;
                let moved = (y - left_at).abs() >= 1.0 && (y - scroll_room()).abs() >= 1.0;
                if held || moved || frames_left == 0 {
                    pending.set(false);
                    return;
                }
                scrolled = try_scroll(target);
                left_at = scroll_y();
                request_frame(&frame, &step);
            }
        }));
        if scrolled && target == 0.0 {
            // The top is always there: nothing can clamp it.
            pending.set(false);
        } else {
            request_frame(&frame, &step);
        }
        Restore {
            pending,
            frame,
            step,
            _reader_scrolls: reader_scrolls,
        }
    }
}

impl Drop for Restore {
    fn drop(&mut self) {
        self.pending.set(false);
        if let Some(id) = self.frame.take() {
            let _ = gloo::utils::window().cancel_animation_frame(id);
        }
        // Breaks the closure's reference to itself.
        self.step.borrow_mut().take();
    }
}

fn request_frame(frame: &Cell<Option<i32>>, step: &RefCell<Option<Closure<dyn FnMut()>>>) {
    if let Some(callback) = step.borrow().as_ref() {
        frame.set(
            gloo::utils::window()
                .request_animation_frame(callback.as_ref().unchecked_ref())
                .ok(),
        );
    }
}

/// How far the page can scroll now (its height less the viewport's).
fn scroll_room() -> f64 {
    let height = gloo::utils::document()
        .document_element()
        .map(|root| f64::from(root.scroll_height()))
        .unwrap_or(0.0);
    let viewport = gloo::utils::window()
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    (height - viewport).max(0.0)
}

/// Scrolls to `target` if the page is tall enough to hold it there (else
/// the browser would clamp it); whether it did.
fn try_scroll(target: f64) -> bool {
    // (0, 0) is never clamped, so it skips the height, which forces a layout.
    if target > 0.0 && scroll_room() + 1.0 < target {
        return false;
    }
    gloo::utils::window().scroll_to_with_x_and_y(0.0, target);
    true
}

fn scroll_y() -> f64 {
    gloo::utils::window().scroll_y().unwrap_or(0.0)
}
