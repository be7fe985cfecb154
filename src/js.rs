//! The page's contract with JavaScript: every name the wasm shares with
//! `index.html`, the service worker (`sw.js`), the single-file archive's
//! template and start-up script (`crates/ingest/src/single_file/`), the
//! stylesheet, and the end-to-end tests and benchmarks that read the page.
//! Each one is written here once, with the place on the other side that
//! must spell it the same; each of those places carries a
//! `Contract: src/js.rs NAME` comment pointing back. Nothing else in `src/`
//! spells these names.
//!
//! The names the single-file archive shares are defined in
//! `broadsheet_core::js_contract` (re-exported below), because
//! `broadsheet-ingest` checks its template against them too.
//!
//! One name is written where it is used, because Yew's `html!` takes
//! attribute names only as literals: the update notice's `data-offline`
//! attribute (`src/components/update_notice.rs`; its values are the
//! `OFFLINE_*` constants below).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

pub use broadsheet_core::js_contract::{
    APP_ID, EMBEDDED_SET_BYTES_ATTRIBUTE, EMBEDDED_SET_GLOBAL, EMBEDDED_SET_ID,
};

// ------------------------------------------------------------ the article set

/// Where the page's own article set is fetched from, relative to the page
/// so the site works under any subpath. Counterparts: `index.html`'s inline
/// script (`fetch('static/articles.json')`) and `sw.js` (`SET_URL`, stored in
/// every snapshot).
pub const ARTICLE_SET_URL: &str = "static/articles.json";

/// The query parameter naming another set to read (`?data=URL`).
/// Counterpart: `index.html`'s inline script (`.has('data')`), which starts
/// no early fetch for such a page.
pub const DATA_PARAM: &str = "data";

/// The global holding the response `index.html`'s inline script started
/// for [`ARTICLE_SET_URL`] while the wasm loads. Counterpart: `index.html`
/// (`window.broadsheetEarlySet = fetch(…)`).
pub const EARLY_SET_GLOBAL: &str = "broadsheetEarlySet";

/// The function index.html defines to load an extra wasm, the crawl
/// reader or the word segmenter (`window.broadsheetLoadWasm(glue, wasm)` →
/// a promise of its module, started); absent in the single-file archive.
/// Contract: index.html (the script after the early fetch), `src/extra_wasm.rs`.
pub const WASM_LOADER: &str = "broadsheetLoadWasm";

/// The global `embed.js` sets before it loads this wasm into another
/// page: `{files}`, this build's files by name as absolute URLs (`glue`,
/// `wasm`, `worker`, `styles`, and `NAME.glue` / `NAME.wasm` for each extra
/// wasm). Its presence tells the wasm to mount nothing of its own.
/// Contract: `embed.js` (`window.broadsheetEmbed`), `src/embed/mod.rs`.
pub const EMBED_GLOBAL: &str = "broadsheetEmbed";

/// Takes `window.broadsheetEarlySet` ([`EARLY_SET_GLOBAL`]): the promise of
/// the early response, once (the global is deleted, so a later load of the
/// set asks the network again); `None` when there is none.
pub fn take_early_set() -> Option<js_sys::Promise> {
    let window = gloo::utils::window();
    let key = JsValue::from_str(EARLY_SET_GLOBAL);
    let promise = js_sys::Reflect::get(&window, &key).ok()?;
    let _ = js_sys::Reflect::delete_property(&window, &key);
    promise.dyn_into().ok()
}

/// Calls `window.broadsheetEmbeddedSet()` ([`EMBEDDED_SET_GLOBAL`]), which a
/// single-file archive's start-up script defines: a promise of the embedded
/// set's unzipped bytes as a `ReadableStream`.
pub fn open_embedded_set() -> Result<js_sys::Promise, JsValue> {
    let window = gloo::utils::window();
    let open: js_sys::Function =
        js_sys::Reflect::get(&window, &EMBEDDED_SET_GLOBAL.into())?.dyn_into()?;
    Ok(js_sys::Promise::from(open.call0(&window)?))
}

// ------------------------------------------------------------ service worker

/// The worker's script, relative to the page: next to index.html, so its
/// scope is the folder the site is served from. Counterpart: `index.html`
/// (`<link data-trunk rel="copy-file" href="sw.js">`).
pub const SERVICE_WORKER_URL: &str = "sw.js";

/// Page → worker: "what is stored?"; worker → page: the answer,
/// `{type, stored, update}`. Counterpart: `sw.js`, its `message` listener
/// (`event.data?.type !== 'broadsheet:status'`) and the replies it posts.
pub const STATUS_MESSAGE: &str = "broadsheet:status";

/// Worker → page: the first snapshot is stored. Counterpart: `sw.js`,
/// `announce` (`{ type: 'broadsheet:stored' }`).
pub const STORED_MESSAGE: &str = "broadsheet:stored";

/// Worker → page: a newer snapshot than the page's is stored,
/// `{type, app, articles}`. Counterpart: `sw.js`, `announce`
/// (`{ type: 'broadsheet:update', ...changes(from, snapshot) }`).
pub const UPDATE_MESSAGE: &str = "broadsheet:update";

#[wasm_bindgen]
extern "C" {
    /// A message between the page and `sw.js` (the shapes are listed in
    /// the comment at the top of `sw.js`, "Talking to the page"). A status
    /// answer's `update` has the same `app` and `articles` fields.
    #[wasm_bindgen(extends = js_sys::Object)]
    pub type WorkerMessage;

    /// `type`: one of the `*_MESSAGE` names above.
    #[wasm_bindgen(method, getter = "type")]
    pub fn kind(this: &WorkerMessage) -> JsValue;
    #[wasm_bindgen(method, setter = "type")]
    fn set_kind(this: &WorkerMessage, kind: &str);

    /// `stored` (status): a snapshot is stored, the next load works offline.
    #[wasm_bindgen(method, getter)]
    pub fn stored(this: &WorkerMessage) -> JsValue;

    /// `update` (status): `null`, or `{app, articles}` when a newer snapshot
    /// than the page's own is stored.
    #[wasm_bindgen(method, getter)]
    pub fn update(this: &WorkerMessage) -> JsValue;

    /// `app` (update): the new snapshot has a new build of Broadsheet
    /// (`sw.js`, `changes`).
    #[wasm_bindgen(method, getter)]
    pub fn app(this: &WorkerMessage) -> JsValue;

    /// `articles` (update): the new snapshot has a new article set.
    #[wasm_bindgen(method, getter)]
    pub fn articles(this: &WorkerMessage) -> JsValue;
}

impl WorkerMessage {
    /// `{type: kind}`, for the worker.
    pub fn new(kind: &str) -> WorkerMessage {
        let message: WorkerMessage = js_sys::Object::new().unchecked_into();
        message.set_kind(kind);
        message
    }
}

/// The update notice's `data-offline` values, which the end-to-end tests
/// wait for: no offline reading here. Counterpart:
/// `tests/cross-browser/offline.test.mjs` (`dataset.offline === 'unavailable'`).
pub const OFFLINE_UNAVAILABLE: &str = "unavailable";

/// `data-offline`: registering, or the first snapshot is being stored.
pub const OFFLINE_PENDING: &str = "pending";

/// `data-offline`: a snapshot is stored, the next load works offline.
/// Counterparts: `tests/e2e/offline.test.mjs`
/// (`.update-notice[data-offline="ready"]`), `tests/cross-browser/offline.test.mjs`.
pub const OFFLINE_READY: &str = "ready";

// ------------------------------------------------------------ theme

/// The localStorage key remembering the reader's theme.
/// Counterpart: none outside the wasm; it is kept across versions of the
/// page, so it must not change.
pub const THEME_STORAGE_KEY: &str = "broadsheet-theme";

/// The attribute of `<html>` carrying the reader's theme. Counterpart:
/// `styles/broadsheet.css` (`:root[data-theme="dark"]`, …).
pub const THEME_ATTRIBUTE: &str = "data-theme";

/// The light theme, as stored and as [`THEME_ATTRIBUTE`]'s value.
/// Counterpart: `styles/broadsheet.css` (`:root[data-theme="light"]`).
pub const LIGHT_THEME: &str = "light";

/// The dark theme. Counterpart: `styles/broadsheet.css`
/// (`:root[data-theme="dark"]`).
pub const DARK_THEME: &str = "dark";

// ------------------------------------------------------------ elements

/// The search field's id, which `/` focuses. Counterparts:
/// `tests/e2e/keyboard-and-looks.test.mjs`, `tests/cross-browser/harness.mjs`
/// (`By.id('search-input')`), `bench/browser/run.mjs` (`#search-input`).
pub const SEARCH_INPUT_ID: &str = "search-input";

// ------------------------------------------------------------ benchmarks

/// The loading stages the page marks on its performance timeline as
/// `broadsheet:<stage>` (`performance.mark`), which the benchmarks and
/// tests read with `performance.getEntriesByName('broadsheet:…')`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// Files the reader opened start being read.
    /// Counterpart: `bench/open-files.mjs`.
    Opening,
    /// The opened files are read. Counterpart: `bench/open-files.mjs`.
    FilesRead,
    /// The opened files' library is in place. Counterpart: `bench/open-files.mjs`.
    Opened,
    /// The first bytes of the set arrived. Counterpart:
    /// `tests/e2e/streaming.test.mjs`.
    FirstBytes,
    /// The set is downloaded (the first cards may show before: it
    /// streams). Counterparts: `bench/browser/reader.mjs`,
    /// `bench/browser/run.mjs`; the service worker is registered only
    /// after it and `Cards` (`src/hooks/use_offline.rs`).
    Fetched,
    /// A sharded archive's manifest is read. Counterpart:
    /// `bench/archive/first-cards.mjs` (prints every `broadsheet:*` mark).
    Manifest,
    /// A sharded archive's source numbers are read.
    /// Counterpart: `bench/archive/first-cards.mjs`.
    Sources,
    /// A sharded archive's first card shard is read.
    /// Counterpart: `bench/archive/first-cards.mjs`.
    FirstShard,
    /// The articles are all parsed. Counterparts: `bench/browser/reader.mjs`,
    /// `bench/browser/run.mjs`.
    Parsed,
    /// A sharded archive's library is in place.
    /// Counterpart: `bench/archive/first-cards.mjs`.
    Library,
    /// The first cards are painted: of a streamed set, while the rest
    /// still arrives. Counterparts: `bench/browser/*.mjs`,
    /// `bench/single-file.mjs`, `bench/archive/*.mjs`; the service worker is
    /// registered only after it and `Fetched` (`src/hooks/use_offline.rs`).
    Cards,
    /// The last slice of the index is being built.
    /// Counterpart: `bench/open-files.mjs`.
    FinishingIndex,
    /// Opened files are grouped into wire-copy stories (`use_stories`).
    /// Counterpart: `bench/open-files.mjs`.
    Stories,
    /// The index built in the index worker is taken over (see
    /// `src/index_worker.rs`). Counterpart: `tests/e2e/streaming.test.mjs`.
    IndexFromWorker,
    /// The index worker's wasm is up, it has indexed every piece sent
    /// before the set's end, and it has its answer: marked when the page
    /// reads that answer, at the times the worker took them (its
    /// `timings`, `index-worker.js`). Counterpart:
    /// `bench/browser/before-after.mjs`.
    WorkerReady,
    WorkerCaughtUp,
    WorkerFinished,
    /// The search index is ready. Counterparts: `tests/e2e/hostile.test.mjs`,
    /// `bench/browser/*.mjs`, `bench/open-files.mjs`, `bench/single-file.mjs`.
    Indexed,
    /// The word segmenter is loaded and the set, which has Chinese,
    /// Japanese, Thai, … text, is indexed again by words (see
    /// `src/word_segmenter.rs`). Counterpart: `tests/e2e/unspaced-words.test.mjs`.
    IndexedWords,
    /// A search in a sharded archive has its answer.
    /// Counterpart: `bench/archive/first-cards.mjs`.
    Searched,
}

impl Mark {
    /// The mark's name on the performance timeline.
    pub fn name(self) -> &'static str {
        match self {
            Mark::Opening => "broadsheet:opening",
            Mark::FilesRead => "broadsheet:files-read",
            Mark::Opened => "broadsheet:opened",
            Mark::FirstBytes => "broadsheet:first-bytes",
            Mark::Fetched => "broadsheet:fetched",
            Mark::Manifest => "broadsheet:manifest",
            Mark::Sources => "broadsheet:sources",
            Mark::FirstShard => "broadsheet:first-shard",
            Mark::Parsed => "broadsheet:parsed",
            Mark::Library => "broadsheet:library",
            Mark::Cards => "broadsheet:cards",
            Mark::FinishingIndex => "broadsheet:finishing-index",
            Mark::Stories => "broadsheet:stories",
            Mark::IndexFromWorker => "broadsheet:index-from-worker",
            Mark::WorkerReady => "broadsheet:worker-ready",
            Mark::WorkerCaughtUp => "broadsheet:worker-caught-up",
            Mark::WorkerFinished => "broadsheet:worker-finished",
            Mark::Indexed => "broadsheet:indexed",
            Mark::IndexedWords => "broadsheet:indexed-words",
            Mark::Searched => "broadsheet:searched",
        }
    }
}

// The wasm's exports: Trunk's loader puts them on `window.wasmBindings`
// (its default name; counterpart: `index.html`'s
// `<link data-trunk rel="rust">`).

/// `wasmBindings.wasmMemoryBytes()`: the wasm linear memory in bytes.
/// Counterparts: `tests/e2e/hostile.test.mjs`,
/// `tests/e2e/hostile-archive.test.mjs`, `bench/browser/*.mjs`,
/// `bench/open-files.mjs`, `bench/archive/run.mjs`.
#[wasm_bindgen(js_name = wasmMemoryBytes)]
pub fn wasm_memory_bytes() -> f64 {
    crate::perf::memory_bytes()
}

/// `wasmBindings.memoryReport()`: where the memory goes once the index is
/// ready, as `{articleText, library, dictionary, postings, positions, …,
/// wasmMemory}` in bytes (see `perf::memory_report`); `{}` before.
/// Counterpart: `tests/e2e/streaming.test.mjs`.
#[wasm_bindgen(js_name = memoryReport)]
pub fn memory_report() -> js_sys::Object {
    let report = js_sys::Object::new();
    for (part, bytes) in crate::perf::memory_report() {
        let _ = js_sys::Reflect::set(&report, &part.into(), &bytes.into());
    }
    report
}

/// `wasmBindings.benchSearch("iran nuclear", "newest")`: the search call
/// alone, as a number of hits, or -1 before the index is ready.
/// Counterpart: `bench/browser/run.mjs` (`benchSearchInPage`).
#[wasm_bindgen(js_name = benchSearch)]
pub fn bench_search(query: &str, order: &str) -> i32 {
    crate::perf::search_hits(query, order)
}

// The index worker's calls into its own instance of this wasm
// (`src/index_worker.rs`). Counterpart: `index-worker.js`.

/// `indexWorkerStart(limit)`: a set of at most `limit` bytes begins.
#[wasm_bindgen(js_name = indexWorkerStart)]
pub fn index_worker_start(limit: f64) {
    crate::index_worker::worker_start(limit as usize);
}

/// `indexWorkerPush(piece)`: the set's next bytes.
#[wasm_bindgen(js_name = indexWorkerPush)]
pub fn index_worker_push(piece: &[u8]) {
    crate::index_worker::worker_push(piece);
}

/// `indexWorkerFinish()`: the set has ended; `{index, articles,
/// fingerprint}` or `{error}`, for the worker to post to the page.
#[wasm_bindgen(js_name = indexWorkerFinish)]
pub fn index_worker_finish() -> js_sys::Object {
    crate::index_worker::worker_finish()
}
