//! `use_file_drop`: files and folders dropped anywhere on the page. While
//! something is dragged over the page it returns true (the page shows
//! where to drop); a drop hands the dropped entries to `on_drop`. The
//! browser's default (opening the file in place of the page) is prevented.

use crate::file_reading::{dropped_entries, Dropped};
use gloo::events::{EventListener, EventListenerOptions};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[hook]
pub fn use_file_drop(on_drop: Callback<Vec<Dropped>>) -> bool {
    let dragging = use_state_eq(|| false);
    {
        let dragging = dragging.clone();
        use_effect_with(on_drop, move |on_drop| {
            let document = gloo::utils::document();
            let active = EventListenerOptions::enable_prevent_default();
            // dragenter/dragleave fire for every element crossed: count them.
            let depth = Rc::new(Cell::new(0i32));
            let carries_files = |e: &web_sys::DragEvent| {
                e.data_transfer().is_some_and(|d| {
                    let types = d.types();
                    types
                        .iter()
                        .any(|t| t.as_string().as_deref() == Some("Files"))
                })
            };
            let enter = {
                let (dragging, depth) = (dragging.clone(), depth.clone());
                EventListener::new_with_options(&document, "dragenter", active, move |e| {
                    let e = e.unchecked_ref::<web_sys::DragEvent>();
                    if carries_files(e) {
                        e.prevent_default();
                        depth.set(depth.get() + 1);
                        dragging.set(true);
                    }
                })
            };
            let over = EventListener::new_with_options(&document, "dragover", active, move |e| {
                let e = e.unchecked_ref::<web_sys::DragEvent>();
                if carries_files(e) {
                    e.prevent_default();
                    if let Some(d) = e.data_transfer() {
                        d.set_drop_effect("copy");
                    }
                }
            });
            let leave = {
                let (dragging, depth) = (dragging.clone(), depth.clone());
                EventListener::new(&document, "dragleave", move |_| {
                    depth.set((depth.get() - 1).max(0));
                    if depth.get() == 0 {
                        dragging.set(false);
                    }
                })
            };
            let dropped = {
                let (dragging, on_drop) = (dragging.clone(), on_drop.clone());
                EventListener::new_with_options(&document, "drop", active, move |e| {
                    let e = e.unchecked_ref::<web_sys::DragEvent>();
                    depth.set(0);
                    dragging.set(false);
                    let Some(data) = e.data_transfer() else {
                        return;
                    };
                    e.prevent_default();
                    let dropped = dropped_entries(&data);
                    if !dropped.is_empty() {
                        on_drop.emit(dropped);
                    }
                })
            };
            move || std::mem::drop((enter, over, leave, dropped))
        });
    }
    *dragging
}
