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
            gloo_timers::future::TimeoutFuture::new(0).await;
            self.started = now();
        }
    }
}
