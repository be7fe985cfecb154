//! `use_in_reader_links`: an embedded reader's own links (`#/…`, the
//! routes its cards, pages and copies link to) are followed in the
//! reader's state, never in the host page's address; the reader is
//! brought into view when the host page was scrolled past its top, and
//! keeps the focus when the page it left took the focused element with it
//! (its keys are heard only inside it: `Host::key_target`). On
//! Broadsheet's own page this does nothing: the address is the state
//! (`use_url_sync`).

use crate::embed::{bring_into_view, Host};
use crate::route::Route;
use crate::state::{Action, ReaderState};
use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[hook]
pub fn use_in_reader_links(state: &UseReducerHandle<ReaderState>, host: &Host) {
    let embedding = host.embedding().cloned();
    let dispatcher = state.dispatcher();
    {
        let embedding = embedding.clone();
        use_effect_with(state.route.clone(), move |_| {
            if let Some(embedding) = embedding {
                keep_focus(&embedding);
            }
        });
    }
    use_effect_with((), move |_| {
        let listener = embedding.map(|embedding| {
            let root = embedding.root.clone();
            // Not passive: it stops the browser following the link.
            let options = EventListenerOptions::enable_prevent_default();
            EventListener::new_with_options(&root, "click", options, move |event| {
                let Some(event) = event.dyn_ref::<web_sys::MouseEvent>() else {
                    return;
                };
                let link = event
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .and_then(|el| el.closest("a[href^=\"#\"]").ok().flatten());
                let Some(href) = link.and_then(|a| a.get_attribute("href")) else {
                    return;
                };
                event.prevent_default();
                dispatcher.dispatch(Action::Navigate(Route::from_hash(&href)));
                bring_into_view(&embedding);
            })
        });
        move || drop(listener)
    });
}

/// Focuses the reader's root when the focus fell back to the page's body
/// (the card or link that had it is gone with the view it was in).
fn keep_focus(embedding: &crate::embed::Embedding) {
    let document = gloo::utils::document();
    let lost = match document.active_element() {
        None => true,
        Some(active) => document.body().is_some_and(|body| active == *body),
    };
    if lost {
        if let Some(root) = embedding.root.dyn_ref::<web_sys::HtmlElement>() {
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = root.focus_with_options(&options);
        }
    }
}
