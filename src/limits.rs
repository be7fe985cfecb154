//! How much the page takes on at once (core's limits, shared with the
//! CLI), and how long it may work before it lets the browser paint and
//! handle input.

pub use broadsheet_core::limits::*;

/// [`broadsheet_core::limits::MAX_OPEN_BYTES`] as the page counts bytes
/// (the File API and progress events give `f64`s).
pub const MAX_OPEN_BYTES_F64: f64 = broadsheet_core::limits::MAX_OPEN_BYTES as f64;

/// Work between yields to the browser: short enough for input and paint
/// to keep up (a frame is 16 ms; a task over 50 ms counts as long), long
/// enough that the yields cost little.
const SLICE_MS: f64 = 12.0;

/// Milliseconds on the page's clock.
pub fn now() -> f64 {
    gloo::utils::window()
        .performance()
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

/// A stretch of work that yields to the browser when it has run long.
pub struct Slice {
    started: f64,
}

impl Slice {
    pub fn start() -> Self {
        Slice { started: now() }
    }

    /// Whether the slice has used its time.
    pub fn due(&self) -> bool {
        now() - self.started > SLICE_MS
    }

    /// Lets the browser paint and handle input if the slice has run long,
    /// then starts a new one.
    pub async fn yield_if_due(&mut self) {
        if self.due() {
            give_way().await;
            self.started = now();
        }
    }
}

/// Gives the browser a turn (input, paint): a task posted with
/// `scheduler.postTask` where the browser has it (Chromium; it runs as soon
/// as the browser is done), else a zero-delay timer, which browsers hold
/// for at least 4 ms once timers nest (a third of a slice).
async fn give_way() {
    use wasm_bindgen::JsCast;
    let get = |of: &wasm_bindgen::JsValue, name: &str| {
        js_sys::Reflect::get(of, &name.into())
            .ok()
            .filter(|v| !v.is_undefined())
    };
    let scheduler = get(&js_sys::global(), "scheduler");
    let posted = scheduler.as_ref().and_then(|scheduler| {
        let post = get(scheduler, "postTask")?
            .dyn_into::<js_sys::Function>()
            .ok()?;
        let nothing = wasm_bindgen::closure::Closure::once_into_js(|| ());
        post.call1(scheduler, &nothing)
            .ok()?
            .dyn_into::<js_sys::Promise>()
            .ok()
    });
    match posted {
        Some(promise) => {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        }
        None => gloo_timers::future::TimeoutFuture::new(0).await,
    }
}
