//! `use_url_sync`: keeps the reader's state and the URL in step. Edits of
//! the query or order replace the URL (one history entry, not one per
//! keystroke); a URL changed from outside (a link, back/forward, an edited
//! or pasted URL) becomes state.

use crate::route::Route;
use crate::state::{Action, ReaderState};
use gloo::events::EventListener;
use yew::prelude::*;

#[hook]
pub fn use_url_sync(state: UseReducerHandle<ReaderState>) {
    {
        let route = state.route.clone();
        use_effect_with(route, |route| route.replace_current());
    }
    use_effect_with((), {
        let dispatcher = state.dispatcher();
        move |_| {
            let listener = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                dispatcher.dispatch(Action::Navigate(Route::current()));
            });
            move || drop(listener)
        }
    });
}
