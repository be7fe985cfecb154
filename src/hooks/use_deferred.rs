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
            // A newer value cancels the pending one.
            let pending = AfterPaint::new(move || shown.set(value));
            move || drop(pending)
        });
    }
    (*shown).clone()
}

/// A callback run once the next frame is painted (a task queued from the
/// frame's callback), cancelled if dropped before.
pub struct AfterPaint {
    _frame: NextFrame,
    _task: Rc<RefCell<Option<Timeout>>>,
}

impl AfterPaint {
    pub fn new(f: impl FnOnce() + 'static) -> Self {
        let task = Rc::new(RefCell::new(None::<Timeout>));
        let mut f = Some(f);
        let frame = NextFrame::request({
            let task = task.clone();
            move || {
                if let Some(f) = f.take() {
                    *task.borrow_mut() = Some(Timeout::new(0, f));
                }
            }
        });
        AfterPaint {
            _frame: frame,
            _task: task,
        }
    }
}

/// Resolves once the next frame is painted (see [`AfterPaint`]), or after
/// a quarter of a second in a tab that paints no frames (a hidden one).
pub async fn painted() {
    let (done, frame) = futures::channel::oneshot::channel();
    let _pending = AfterPaint::new(move || {
        let _ = done.send(());
    });
    let timeout = gloo_timers::future::TimeoutFuture::new(250);
    futures::future::select(frame, timeout).await;
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
