//! WARC crawls, read by the crawl reader: a second wasm
//! (`crates/crawl-reader`) loaded the first time a crawl is opened.
//!
//! Its main-text extractor would more than double this wasm for every
//! reader, and few readers open crawls (BENCHMARKS.md, "Issue 15"), so the
//! page links none of it: it is one of the page's extra wasms
//! (`extra_wasm.rs`, loaded on demand), this streams the file's bytes into it and
//! takes back the articles found after each piece (core's transfer form,
//! `FileLoad::to_transfer_json`). The reading is core's `RecordsFile`, as
//! in the CLI; it runs on the page's thread between yields (a piece is
//! 32 KB, a page or two of a crawl), as every other file does. The service
//! worker stores the reader's files with the rest of the app (they are
//! named in index.html), so crawls open offline too.

use crate::extra_wasm;
use crate::fetch::{read_stream, StreamError};
use crate::file_reading::{OpenProgress, PickedFile};
use crate::limits::{Slice, MAX_OPEN_BYTES, WHOLE_LIMIT};
use broadsheet_core::files::{FileLoad, Problem};
use broadsheet_core::numbers::megabytes;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The name of the tag the build adds to index.html for the reader.
/// Contract: tools/extra_wasm.py (EXTRA_WASMS).
const READER_META: &str = "broadsheet-crawl-reader";

#[wasm_bindgen]
extern "C" {
    /// `crates/crawl-reader`'s `CrawlFile`, living in the reader's memory.
    type CrawlFile;

    #[wasm_bindgen(method)]
    fn push(this: &CrawlFile, chunk: &[u8]) -> bool;

    #[wasm_bindgen(method, js_name = takeArticles)]
    fn take_articles(this: &CrawlFile) -> String;

    #[wasm_bindgen(method)]
    fn finish(this: &CrawlFile) -> String;

    /// Frees the reader's side (wasm-bindgen's own method).
    #[wasm_bindgen(method)]
    fn free(this: &CrawlFile);
}

/// A `CrawlFile` for the file called `name`, made in the reader's module.
fn open_crawl_file(reader: &JsValue, name: &str, record_limit: f64) -> Result<CrawlFile, JsValue> {
    let class: js_sys::Function = js_sys::Reflect::get(reader, &"CrawlFile".into())?.dyn_into()?;
    let args = js_sys::Array::of2(&name.into(), &record_limit.into());
    Ok(js_sys::Reflect::construct(&class, &args)?.unchecked_into())
}

/// Reads one crawl file through the crawl reader, with progress.
pub async fn read_crawl(
    picked: &PickedFile,
    progress: &OpenProgress,
    on_progress: &impl Fn(&OpenProgress),
) -> FileLoad {
    let Some((glue, wasm)) = extra_wasm::files(READER_META) else {
        return FileLoad::failed(Problem::whole(
            "a WARC crawl, and this copy of Broadsheet has no crawl reader (the single-file archive has none): open it in the served app, or turn it into an article set with broadsheet-ingest",
        ));
    };
    let reader = match extra_wasm::load(&glue, &wasm).await {
        Ok(reader) => reader,
        Err(e) => return not_loaded(&e),
    };
    let crawl = match open_crawl_file(&reader, &picked.path, WHOLE_LIMIT as f64) {
        Ok(crawl) => crawl,
        Err(e) => return not_loaded(&e),
    };
    let mut load = FileLoad::default();
    let mut slice = Slice::start();
    let streamed = read_stream(
        &picked.file.stream(),
        MAX_OPEN_BYTES,
        |chunk| {
            let more = crawl.push(chunk);
            take_into(&mut load, &crawl.take_articles());
            more
        },
        |bytes| {
            if slice.due() {
                slice = Slice::start();
                on_progress(&OpenProgress {
                    bytes_done: progress.bytes_done + bytes as f64,
                    ..progress.clone()
                });
            }
        },
    )
    .await;
    let rest = crawl.finish();
    crawl.free();
    match streamed {
        Ok(()) => {
            take_into(&mut load, &rest);
            load
        }
        Err(StreamError::TooLarge(bytes)) => FileLoad::failed(Problem::whole(format!(
            "the file is over {}, more than Broadsheet opens in one page; turn the crawl into a sharded archive with broadsheet-ingest",
            megabytes(bytes as f64)
        ))),
        Err(StreamError::Failed(why)) => {
            FileLoad::failed(Problem::whole(format!("cannot read: {why}")))
        }
    }
}

fn not_loaded(error: &JsValue) -> FileLoad {
    FileLoad::failed(Problem::whole(format!(
        "a WARC crawl, and the crawl reader could not be loaded ({}); if you are offline, open it again once online",
        crate::fetch::describe(error)
    )))
}

/// Adds what the reader handed back to `load`.
fn take_into(load: &mut FileLoad, transfer: &str) {
    match FileLoad::from_transfer_json(transfer) {
        Ok(part) => load.absorb(part),
        // Both sides are this build's own code: a mismatch is a bug, shown
        // as one rather than losing the file quietly.
        Err(why) => load.problems.push(Problem::whole(format!(
            "the crawl reader's answer could not be read: {why}"
        ))),
    }
}
