//! `use_url_sync`: keeps the reader's state and the URL in step. Edits of
//! the query or order replace the URL (one history entry, not one per
//! keystroke); a URL changed from outside (a link, back/forward, an edited
//! or pasted URL) becomes state. An embedded reader's state is its own
//! (`crate::embed`): it never touches the host page's address.

use super::use_deferred::AfterPaint;
use crate::embed::Host;
use crate::route::Route;
use crate::state::{Action, ReaderState};
use gloo::events::{EventListener, EventListenerOptions};
use std::cell::RefCell;
use yew::prelude::*;

#[hook]
pub fn use_url_sync(state: UseReducerHandle<ReaderState>, host: &Host) {
    let embedded = host.is_embedded();
    // The URL follows once the keystroke's frame is painted: writing it is a
    // round trip to the browser (1 ms, 9 ms at p95 on a busy machine) that
    // would delay the cards. Unless the URL changed meanwhile (a link,
    // Back): then it has the last word. A click or key press first brings
    // the URL up to date, so what it opens comes back to this view.
    let pending = use_mut_ref(|| None::<(Route, String)>);
    {
        let pending = pending.clone();
        use_effect_with((), move |_| {
            let listeners = (!embedded).then(|| {
                ["click", "keydown"].map(|event| {
                    let pending = pending.clone();
                    EventListener::new_with_options(
                        &gloo::utils::window(),
                        event,
                        EventListenerOptions::run_in_capture_phase(),
                        move |_| write_url(&pending),
                    )
                })
            });
            move || drop(listeners)
        });
    }
    {
        let route = state.route.clone();
        use_effect_with(route, move |route| {
            let after_paint = (!embedded).then(|| {
                *pending.borrow_mut() = Some((route.clone(), current_hash()));
                AfterPaint::new(move || write_url(&pending))
            });
            move || drop(after_paint)
        });
    }
    use_effect_with((), {
        let dispatcher = state.dispatcher();
        move |_| {
            let listener = (!embedded).then(|| {
                EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                    dispatcher.dispatch(Action::Navigate(Route::current()));
                })
            });
            move || drop(listener)
        }
    });
}

/// Replaces the URL with the pending route's, if the URL is still the one
/// it replaces.
fn write_url(pending: &RefCell<Option<(Route, String)>>) {
    if let Some((route, before)) = pending.borrow_mut().take() {
        if current_hash() == before {
            route.replace_current();
        }
    }
}

fn current_hash() -> String {
    gloo::utils::window().location().hash().unwrap_or_default()
}
