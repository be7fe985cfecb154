//! `use_url_sync`: keeps the reader's state and the URL in step. State
//! changes replace the URL (one history entry, not one per keystroke); a URL
//! changed from outside (back/forward, an edited or pasted link) becomes
//! state.

use crate::route::ListView;
use crate::state::{Action, ReaderState};
use gloo::events::EventListener;
use yew::prelude::*;

#[hook]
pub fn use_url_sync(state: UseReducerHandle<ReaderState>) {
    {
        let view = state.view.clone();
        use_effect_with(view, |view| view.replace_current());
    }
    use_effect_with((), {
        let dispatcher = state.dispatcher();
        move |_| {
            let listener = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                dispatcher.dispatch(Action::Navigate(ListView::current()));
            });
            move || drop(listener)
        }
    });
}
