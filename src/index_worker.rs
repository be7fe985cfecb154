//! The search index of a downloaded set, built in a Web Worker that runs
//! this same wasm (a second instance, on another core) while the page
//! reads the same bytes for its cards. The page takes over only the
//! finished index, read in pieces from the worker's buffer; the worker's
//! copy of the articles and the build's transient memory go with it, so
//! the page's memory after the load holds the articles and the index, not
//! the build's high-water mark. Where no worker can be had (a page opened
//! from disk, the single-file archive, a browser that refuses) or it fails,
//! the page builds the index itself, as before (`use_search_index`).
//!
//! Messages (Contract: `index-worker.js`, the worker's own script):
//! - page → worker: `{glue, module, limit}` once (the app's JS glue URL,
//!   its compiled `WebAssembly.Module`, the set's size limit); then each
//!   piece of the set as a `Uint8Array`; then `null` when the set ends.
//! - worker → page: `{index: Uint8Array, articles, fingerprint, timings}`
//!   (see core's `StreamedSetIndex`; `timings`: `{ready, caughtUp,
//!   finished}`, epoch milliseconds, marked on the page's timeline), or
//!   `{error}`.

use crate::limits::Slice;
use broadsheet_core::search::{IndexBytes, IndexReading};
use broadsheet_core::set::{ids_fingerprint, StreamedSetIndex};
use broadsheet_core::SearchIndex;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The worker's script, next to `index.html`. Counterpart: `index.html`
/// (`<link data-trunk rel="copy-file" href="index-worker.js">`).
pub const INDEX_WORKER_URL: &str = "index-worker.js";

/// How much of the worker's index one step reads (a few ms of copying).
const READ_STEP_BYTES: usize = 1 << 20;

/// An index being built in a worker, for the page.
pub struct IndexWorker {
    worker: web_sys::Worker,
    /// Settles with the worker's answer, or `{error}` when it failed.
    answer: RefCell<Option<js_sys::Promise>>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

/// What the worker sends back.
struct WorkerIndex {
    bytes: js_sys::Uint8Array,
    articles: usize,
    fingerprint: String,
}

impl IndexWorker {
    /// Starts a worker for a set of at most `limit` bytes; `None` where
    /// the page cannot have one (see the module's text).
    pub fn start(limit: usize) -> Option<IndexWorker> {
        let glue = app_script_url()?;
        let options = web_sys::WorkerOptions::new();
        options.set_type(web_sys::WorkerType::Module);
        // In another page (embed.js), the worker is next to embed.js; a
        // browser refuses one from another origin, and the page indexes.
        let url = crate::embed::embedded_file("worker");
        let url = url.as_deref().unwrap_or(INDEX_WORKER_URL);
        let worker = web_sys::Worker::new_with_options(url, &options).ok()?;
        // A promise rather than a Rust channel: no channel code in the wasm.
        let settle: Rc<RefCell<Option<js_sys::Function>>> = Rc::default();
        let promise = js_sys::Promise::new(&mut |resolve, _| *settle.borrow_mut() = Some(resolve));
        let answer = settle.clone();
        let on_message = Closure::<dyn FnMut(_)>::new(move |event: web_sys::MessageEvent| {
            if let Some(resolve) = answer.borrow_mut().take() {
                let _ = resolve.call1(&JsValue::NULL, &event.data());
            }
        });
        let on_error = Closure::<dyn FnMut(_)>::new(move |event: web_sys::Event| {
            if let Some(resolve) = settle.borrow_mut().take() {
                let why = event
                    .dyn_ref::<web_sys::ErrorEvent>()
                    .map(|e| e.message())
                    .filter(|m| !m.is_empty())
                    .unwrap_or_else(|| "its script could not be loaded".into());
                let failed = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&failed, &"error".into(), &why.into());
                let _ = resolve.call1(&JsValue::NULL, &failed);
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let hello = js_sys::Object::new();
        let set = |key: &str, value: &JsValue| {
            let _ = js_sys::Reflect::set(&hello, &key.into(), value);
        };
        set("glue", &glue.into());
        set("module", &wasm_bindgen::module());
        set("limit", &(limit as f64).into());
        worker.post_message(&hello).ok()?;
        Some(IndexWorker {
            worker,
            answer: RefCell::new(Some(promise)),
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// The next piece of the set (copied: the page reads it too).
    pub fn send(&self, piece: &[u8]) {
        let copy = js_sys::Uint8Array::from(piece);
        let _ = self
            .worker
            .post_message_with_transfer(&copy, &js_sys::Array::of1(&copy.buffer()));
    }

    /// The set has ended.
    pub fn end(&self) {
        let _ = self.worker.post_message(&JsValue::NULL);
    }

    /// The finished index, once the worker has it, if it is the index of
    /// `ids` (the library's articles, in its order): read into this page's
    /// memory in pieces. Err says why not (the page then builds its own).
    pub async fn index<'a>(
        &self,
        ids: impl ExactSizeIterator<Item = &'a str>,
    ) -> Result<SearchIndex, String> {
        let promise = self
            .answer
            .borrow_mut()
            .take()
            .ok_or("the index worker's answer was taken already")?;
        let data = wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .unwrap_or(JsValue::UNDEFINED);
        let answer = read_answer(&data)?;
        self.worker.terminate();
        mark_timings(&data);
        let articles = ids.len();
        let fingerprint = format!("{:016x}", ids_fingerprint(ids));
        if answer.articles != articles || answer.fingerprint != fingerprint {
            return Err(format!(
                "the index worker indexed other articles ({} where the page has {articles})",
                answer.articles
            ));
        }
        let mut source = JsBytes {
            bytes: answer.bytes,
            at: 0,
        };
        // In slices: ~25 MB at 50,000 articles would be one long task.
        let mut reading = IndexReading::new(&mut source);
        let mut slice = Slice::start();
        loop {
            match reading.step(READ_STEP_BYTES) {
                Ok(Some(index)) => return Ok(index),
                Ok(None) => slice.yield_if_due().await,
                Err(e) => return Err(e.to_string()),
            }
        }
    }
}

impl Drop for IndexWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// The worker's answer, or why it has none.
fn read_answer(data: &JsValue) -> Result<WorkerIndex, String> {
    let get = |key: &str| js_sys::Reflect::get(data, &key.into()).unwrap_or(JsValue::UNDEFINED);
    if let Some(error) = get("error").as_string() {
        return Err(format!("the index worker failed: {error}"));
    }
    let bytes = get("index")
        .dyn_into::<js_sys::Uint8Array>()
        .map_err(|_| "the index worker sent no index")?;
    Ok(WorkerIndex {
        bytes,
        articles: get("articles").as_f64().unwrap_or(-1.0) as usize,
        fingerprint: get("fingerprint").as_string().unwrap_or_default(),
    })
}

/// The worker's times (see the module's text) as marks on the page's
/// timeline, for the benchmarks: where the wait for search goes.
fn mark_timings(data: &JsValue) {
    use crate::js::Mark;
    let timings = js_sys::Reflect::get(data, &"timings".into()).unwrap_or(JsValue::UNDEFINED);
    for (key, mark) in [
        ("ready", Mark::WorkerReady),
        ("caughtUp", Mark::WorkerCaughtUp),
        ("finished", Mark::WorkerFinished),
    ] {
        if let Some(at) = js_sys::Reflect::get(&timings, &key.into())
            .ok()
            .and_then(|t| t.as_f64())
        {
            crate::perf::mark_at(mark, at);
        }
    }
}

/// A JavaScript buffer read into wasm memory a piece at a time.
struct JsBytes {
    bytes: js_sys::Uint8Array,
    at: u32,
}

impl IndexBytes for JsBytes {
    fn remaining(&self) -> usize {
        (self.bytes.length() - self.at) as usize
    }

    fn read_into(&mut self, out: &mut [u8]) {
        let end = self.at + out.len() as u32;
        self.bytes.subarray(self.at, end).copy_to(out);
        self.at = end;
    }
}

/// The URL of the app's JS glue (Trunk's `<link rel="modulepreload">`, or
/// embed.js's), for the worker to import; `None` where there is none (the
/// single-file archive inlines it).
fn app_script_url() -> Option<String> {
    if let Some(glue) = crate::embed::embedded_file("glue") {
        return Some(glue);
    }
    let document = web_sys::window()?.document()?;
    let link = document
        .query_selector("link[rel=modulepreload][href]")
        .ok()??;
    let href = link.get_attribute("href")?;
    let base = document.base_uri().ok()??;
    web_sys::Url::new_with_base(&href, &base)
        .ok()
        .map(|u| u.href())
}

// ------------------------------------------------------------ in the worker

thread_local! {
    /// The worker's index so far (only ever set in the worker's instance).
    static BUILDING: RefCell<Option<StreamedSetIndex>> = const { RefCell::new(None) };
}

/// In the worker: a set of at most `limit` bytes begins.
pub fn worker_start(limit: usize) {
    BUILDING.with(|b| *b.borrow_mut() = Some(StreamedSetIndex::new(limit)));
}

/// In the worker: the next piece of the set.
pub fn worker_push(piece: &[u8]) {
    BUILDING.with(|b| {
        if let Some(building) = b.borrow_mut().as_mut() {
            building.push(piece);
        }
    });
}

/// In the worker: the set has ended; the answer to post to the page.
pub fn worker_finish() -> js_sys::Object {
    let answer = js_sys::Object::new();
    let set = |key: &str, value: &JsValue| {
        let _ = js_sys::Reflect::set(&answer, &key.into(), value);
    };
    match BUILDING.with(|b| b.borrow_mut().take()) {
        None => set("error", &"no set was started".into()),
        Some(building) => match building.finish() {
            Err(why) => set("error", &why.into()),
            Ok(indexed) => {
                let bytes = indexed.index.to_bytes();
                drop(indexed.index);
                set("index", &js_sys::Uint8Array::from(&bytes[..]));
                set("articles", &(indexed.articles as f64).into());
                set(
                    "fingerprint",
                    &format!("{:016x}", indexed.ids_fingerprint).into(),
                );
            }
        },
    }
    answer
}
