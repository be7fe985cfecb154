//! What the browser tests share.

/// The next animation frame: tests wait in frames, never in time.
pub async fn frame() {
    let promise = js_sys::Promise::new(&mut |done, _| {
        gloo::utils::window()
            .request_animation_frame(&done)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}
