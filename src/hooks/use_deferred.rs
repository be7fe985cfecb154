//! `use_deferred`: shows a value one painted frame later than it changes,
//! so a keystroke's frame paints what the reader is looking at (the cards)
//! and secondary views (the timeline, the facet counts) follow in the next,
//! their rendering, layout and paint kept out of the keystroke's frame.

use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[hook]
pub fn use_deferred<T: Clone + PartialEq + 'static>(value: T) -> T {
    let shown = use_state_eq(|| value.clone());
    {
        let shown = shown.clone();
        use_effect_with(value, move |value| {
            let value = value.clone();
            // A task queued from the next frame's callback runs once that
            // frame is painted.
            let after_paint = Rc::new(RefCell::new(None::<Timeout>));
            let frame = NextFrame::request({
                let after_paint = after_paint.clone();
                move || {
                    let (shown, value) = (shown.clone(), value.clone());
                    *after_paint.borrow_mut() = Some(Timeout::new(0, move || shown.set(value)));
                }
            });
            // A newer value cancels the pending one.
            move || drop((frame, after_paint))
        });
    }
    (*shown).clone()
}

/// A callback in the next animation frame, cancelled if dropped before.
pub struct NextFrame {
    id: Option<i32>,
    _callback: Closure<dyn FnMut()>,
}

impl NextFrame {
    pub fn request(f: impl FnMut() + 'static) -> Self {
        let callback = Closure::<dyn FnMut()>::new(f);
        let id = gloo::utils::window()
            .request_animation_frame(callback.as_ref().unchecked_ref())
            .ok();
        NextFrame {
            id,
            _callback: callback,
        }
    }
}

impl Drop for NextFrame {
    fn drop(&mut self) {
        if let Some(id) = self.id {
            let _ = gloo::utils::window().cancel_animation_frame(id);
        }
    }
}
