//! `use_keyboard`: one `keydown` listener for the reader's shortcuts (on
//! the window, or an embedded reader's root: `Host::key_target`), calling
//! the newest handler (so it always sees current state) without
//! re-registering on every render.

use gloo::events::{EventListener, EventListenerOptions};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

#[hook]
pub fn use_keyboard(target: web_sys::EventTarget, handler: Callback<KeyboardEvent>) {
    let latest = use_mut_ref(|| handler.clone());
    *latest.borrow_mut() = handler;
    use_effect_with((), move |_| {
        let latest: Rc<RefCell<Callback<KeyboardEvent>>> = latest;
        // Not passive: shortcuts call preventDefault (`/` must not type).
        let options = EventListenerOptions::enable_prevent_default();
        let listener = EventListener::new_with_options(&target, "keydown", options, move |e| {
            if let Some(e) = e.dyn_ref::<KeyboardEvent>() {
                latest.borrow().emit(e.clone());
            }
        });
        move || drop(listener)
    });
}

/// True when the key goes to a text field or a control that uses it.
pub fn is_typing(e: &KeyboardEvent) -> bool {
    let Some(el) = e.target().and_then(|t| t.dyn_into::<HtmlElement>().ok()) else {
        return false;
    };
    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.is_content_editable()
}

/// True when the key's target is a link (Enter on it already follows it).
pub fn is_on_link(e: &KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<HtmlElement>().ok())
        .is_some_and(|el| el.tag_name() == "A")
}
