//! `use_deferred`: shows a value one task later than it changes, so a
//! keystroke first updates what the reader is looking at (the cards) and
//! secondary views (the timeline, the facet counts) follow a moment after.

use yew::prelude::*;

#[hook]
pub fn use_deferred<T: Clone + PartialEq + 'static>(value: T) -> T {
    let shown = use_state_eq(|| value.clone());
    {
        let shown = shown.clone();
        use_effect_with(value, move |value| {
            let value = value.clone();
            let timeout = gloo_timers::callback::Timeout::new(0, move || shown.set(value));
            // A newer value cancels the pending one.
            move || drop(timeout)
        });
    }
    (*shown).clone()
}
