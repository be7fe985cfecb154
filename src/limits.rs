//! How much the page takes on at once, and how long it may work before it
//! lets the browser paint and handle input.

/// The most bytes one load (a URL, or one selection of files) may bring:
/// articles take about 2.3 times their JSON size in memory once indexed,
/// and a tab has a few GB at most.
pub const MAX_OPEN_BYTES: f64 = 512e6;

/// The most bytes read and parsed in one piece: a JSON file not laid out
/// one article per line, a seed file, or a single record. Parsing this much
/// takes well under a second, so the page never freezes longer.
pub const WHOLE_LIMIT: usize = 32_000_000;

/// Work between yields to the browser: short enough for input and paint
/// to keep up, long enough that the yields cost little.
const SLICE_MS: f64 = 40.0;

/// `12.3 MB`, `512 MB`.
pub fn megabytes(bytes: f64) -> String {
    let mb = bytes / 1e6;
    if mb < 10.0 {
        format!("{mb:.1} MB")
    } else {
        format!("{mb:.0} MB")
    }
}

/// `2,003`.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;
    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(2003), "2,003");
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(megabytes(3_500_000.0), "3.5 MB");
        assert_eq!(megabytes(512e6), "512 MB");
    }
}
