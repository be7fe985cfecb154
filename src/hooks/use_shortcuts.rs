//! `use_shortcuts`: the page's keyboard shortcuts, over `use_keyboard`'s
//! one window listener. In the list: `/` focuses the search box, j/k and
//! the arrows select a row, Enter opens it, Esc clears the query; from the
//! search box, ↓ or Enter moves to the results. On an article page, Esc or
//! Backspace goes back to the list.

use super::{is_on_link, is_typing, use_keyboard};
use crate::embed::Host;
use crate::library::Library;
use crate::route::Route;
use crate::state::{Action, ReaderState};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

/// What the shortcuts chose that the page shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Shortcuts {
    /// The row of the list selected with j/k or the arrows (cleared when
    /// the results change).
    pub selected: Option<usize>,
}

/// Listens for the shortcuts over `positions`, the rows of the list (in
/// `library`) that the reader's `state` shows.
#[hook]
pub fn use_shortcuts(
    state: &UseReducerHandle<ReaderState>,
    library: &Rc<Library>,
    positions: &Rc<Vec<u32>>,
    host: &Host,
) -> Shortcuts {
    let selected = use_state_eq(|| None::<usize>);
    {
        let selected = selected.clone();
        use_effect_with(positions.clone(), move |_| selected.set(None));
    }
    let came_from_list = use_came_from_list(&state.route);
    use_keyboard(host.key_target(), {
        let host = host.clone();
        let route = state.route.clone();
        let positions = positions.clone();
        let library = library.clone();
        let selected = selected.clone();
        let dispatcher = state.dispatcher();
        Callback::from(move |e: KeyboardEvent| {
            if e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            let key = e.key();
            let id_at = |row: usize| {
                positions
                    .get(row)
                    .and_then(|&p| library.loaded(p))
                    .map(|a| a.id().to_owned())
            };
            if route.article.is_some() {
                if !is_typing(&e) && matches!(key.as_str(), "Escape" | "Backspace") {
                    e.prevent_default();
                    if came_from_list.get() && !host.is_embedded() {
                        let _ = gloo::utils::window().history().map(|h| h.back());
                    } else {
                        host.go(&route.to_list(), &dispatcher);
                    }
                }
                return;
            }
            if is_typing(&e) {
                // From the search box, ↓ or Enter moves to the results.
                let in_search = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|el| el.id() == crate::js::SEARCH_INPUT_ID);
                if in_search
                    && matches!(key.as_str(), "ArrowDown" | "Enter")
                    && !positions.is_empty()
                {
                    e.prevent_default();
                    selected.set(Some(0));
                }
                return;
            }
            let last = positions.len().saturating_sub(1);
            match key.as_str() {
                "/" => {
                    e.prevent_default();
                    if let Some(input) = host.element_by_id(crate::js::SEARCH_INPUT_ID) {
                        let _ = input.unchecked_into::<web_sys::HtmlElement>().focus();
                    }
                }
                "j" | "ArrowDown" if !positions.is_empty() => {
                    e.prevent_default();
                    selected.set(Some(selected.map_or(0, |s| (s + 1).min(last))));
                }
                "k" | "ArrowUp" if !positions.is_empty() => {
                    e.prevent_default();
                    selected.set(Some(selected.map_or(0, |s| s.saturating_sub(1))));
                }
                "Enter" if !is_on_link(&e) => {
                    if let Some(id) = selected.and_then(id_at) {
                        host.go(&route.with_article(&id), &dispatcher);
                    }
                }
                "Escape" => dispatcher.dispatch(Action::SetQuery(String::new())),
                _ => {}
            }
        })
    });
    Shortcuts {
        selected: *selected,
    }
}

/// Whether the open article was reached from the list in this page (then
/// Esc goes back in history; from a pasted link it opens the list instead).
#[hook]
fn use_came_from_list(route: &Route) -> Rc<Cell<bool>> {
    let from_list = use_memo((), |_| Rc::new(Cell::new(false)));
    let previous = use_mut_ref(|| None::<Route>);
    let came = (*from_list).clone();
    use_effect_with(route.clone(), move |route| {
        let before = previous.borrow_mut().replace(route.clone());
        match (&route.article, before) {
            (Some(_), Some(before)) if before.article.is_none() => came.set(true),
            (Some(_), _) => {}
            (None, _) => came.set(false),
        }
    });
    (*from_list).clone()
}
