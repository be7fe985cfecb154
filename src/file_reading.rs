//! Files the user opens (picked, a folder, or dropped), read in the page by
//! core's batch loader, the same code `broadsheet-ingest` runs. Nothing is
//! uploaded: files are read through the File API and never leave the tab.

use crate::fetch::{read_stream, StreamError};
use crate::library::{Library, Origin};
use crate::limits::{Slice, MAX_OPEN_BYTES, MAX_OPEN_BYTES_F64, WHOLE_LIMIT};
use broadsheet_core::formats::records_file::RecordsFile;
use broadsheet_core::numbers::megabytes;
use broadsheet_core::{files::is_hidden, load_file, Batch, FileLoad, InputKind, Problem};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// One file to read: its path as the user sees it (`folder/sub/a.txt` for
/// files from a folder) and whether it came from inside a folder (then
/// only `.txt` and records files, plain or `.gz`, are read, as the CLI
/// does: `InputKind::in_folder`).
#[derive(Clone, Debug)]
pub struct PickedFile {
    pub path: String,
    pub file: web_sys::File,
    pub in_folder: bool,
}

/// What to do with what is already open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OpenMode {
    #[default]
    Replace,
    Merge,
}

/// How far reading has got.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OpenProgress {
    pub files_done: usize,
    pub files_total: usize,
    pub bytes_done: f64,
    pub bytes_total: f64,
}

/// The files of an `<input type=file>` (with or without `webkitdirectory`).
pub fn from_file_list(list: &web_sys::FileList) -> Vec<PickedFile> {
    (0..list.length())
        .filter_map(|i| list.get(i))
        .map(|file| {
            let relative = js_sys::Reflect::get(&file, &"webkitRelativePath".into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            let in_folder = !relative.is_empty();
            PickedFile {
                path: if in_folder { relative } else { file.name() },
                file,
                in_folder,
            }
        })
        .collect()
}

/// Reads `files` into a library: alone (`Replace`) or after the articles
/// of `current` (`Merge`, where the open articles win a duplicate id).
/// Files are taken in byte-wise path order, as the CLI takes a folder.
pub async fn read_files(
    mut files: Vec<PickedFile>,
    unreadable: Vec<(String, String)>,
    current: Option<Rc<Library>>,
    mode: OpenMode,
    on_progress: impl Fn(&OpenProgress),
) -> Library {
    broadsheet_core::sort::sort_by(&mut files, |a, b| a.path.as_bytes().cmp(b.path.as_bytes()));
    let mut batch = Batch::new();
    let mut earlier = None;
    if let (OpenMode::Merge, Some(current)) = (mode, current.as_ref()) {
        let open = FileLoad {
            articles: current
                .in_memory()
                .iter()
                .map(|a| (a.to_article(), 0))
                .collect(),
            ..FileLoad::default()
        };
        batch.add_quietly("the articles already open", open);
        earlier = Some(current.report.clone());
    }
    for (path, why) in &unreadable {
        batch.unreadable(path, format!("cannot read: {why}"));
    }
    let mut wanted = Vec::new();
    for picked in files {
        if picked.in_folder {
            if is_hidden(&picked.path) {
                continue;
            }
            match InputKind::in_folder(&picked.path) {
                Some(kind) => wanted.push((picked, kind)),
                None => batch.ignored += 1,
            }
        } else {
            let kind = InputKind::of_named(&picked.path);
            wanted.push((picked, kind));
        }
    }
    let mut progress = OpenProgress {
        files_total: wanted.len(),
        bytes_total: wanted.iter().map(|(p, _)| p.file.size()).sum(),
        ..OpenProgress::default()
    };
    on_progress(&progress);
    if progress.bytes_total > MAX_OPEN_BYTES_F64 {
        batch.unreadable(
            &format!("the {} chosen", count(progress.files_total)),
            format!(
                "together {}, more than the {} Broadsheet opens in one page; open fewer files at a time, or serve the archive sharded",
                megabytes(progress.bytes_total),
                megabytes(MAX_OPEN_BYTES_F64)
            ),
        );
        wanted.clear();
    }
    let mut slice = Slice::start();
    // Each read is a round trip to the browser's file thread: small seed
    // files are requested a batch ahead, so those trips overlap.
    let mut ahead: std::collections::VecDeque<Option<JsFuture>> = Default::default();
    for (i, (picked, kind)) in wanted.iter().enumerate() {
        while ahead.len() < READ_AHEAD {
            let next = wanted.get(i + ahead.len());
            ahead.push_back(next.and_then(|(p, k)| {
                (*k == InputKind::Seed && p.file.size() <= WHOLE_LIMIT as f64)
                    .then(|| JsFuture::from(p.file.array_buffer()))
            }));
        }
        let load = match ahead.pop_front().flatten() {
            Some(read) => seed_load(read.await),
            None => read_one(picked, *kind, &progress, &on_progress).await,
        };
        batch.add(&picked.path, load);
        progress.files_done += 1;
        progress.bytes_done += picked.file.size();
        if slice.due() {
            on_progress(&progress);
        }
        slice.yield_if_due().await;
    }
    crate::perf::mark(crate::js::Mark::FilesRead);
    let merged = mode == OpenMode::Merge && current.is_some();
    let mut library = Library::from_batch(batch, Origin::Files { merged });
    if let Some(earlier) = earlier {
        // Nothing skipped before is forgotten by merging.
        let report = Rc::make_mut(&mut library.report);
        report.files += earlier.files;
        report.merged += earlier.merged;
        report.ignored += earlier.ignored;
        let mut records = earlier.ignored_records.clone();
        records.merge(&report.ignored_records);
        report.ignored_records = records;
        let mut skipped = (*earlier.skipped).clone();
        skipped.extend(report.skipped.iter().cloned());
        report.skipped = Rc::new(skipped);
    }
    library
}

fn count(files: usize) -> String {
    if files == 1 {
        "1 file".into()
    } else {
        format!("{files} files")
    }
}

/// Seed files requested ahead of the one being parsed.
const READ_AHEAD: usize = 32;

/// One file: records files (JSON, JSON Lines, CSV/TSV, XML; gzipped or
/// not, unzipped as they arrive) stream through core's `RecordsFile` (a
/// large set never sits whole in memory, and parsing yields between
/// chunks), crawls (`.warc`, `.warc.gz`) through the crawl reader's;
/// seed text is read whole, being one article.
async fn read_one(
    picked: &PickedFile,
    kind: InputKind,
    progress: &OpenProgress,
    on_progress: &impl Fn(&OpenProgress),
) -> FileLoad {
    let size = picked.file.size();
    match kind {
        InputKind::Records if broadsheet_core::files::is_crawl_name(&picked.path) => {
            crate::crawl_reader::read_crawl(picked, progress, on_progress).await
        }
        InputKind::Records => {
            let mut reader = RecordsFile::new(&picked.path, WHOLE_LIMIT, WHOLE_LIMIT);
            let mut slice = Slice::start();
            let streamed = read_stream(
                &picked.file.stream(),
                MAX_OPEN_BYTES,
                |chunk| {
                    reader.push(chunk);
                    // Refused already (too large to read whole, a table
                    // without its columns): the rest need not be read.
                    !reader.refused()
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
            match streamed {
                Ok(()) => reader.finish(),
                Err(StreamError::TooLarge(bytes)) => FileLoad::failed(Problem::whole(format!(
                    "the file is over {}, more than Broadsheet opens in one page",
                    megabytes(bytes as f64)
                ))),
                Err(StreamError::Failed(why)) => {
                    FileLoad::failed(Problem::whole(format!("cannot read: {why}")))
                }
            }
        }
        InputKind::Seed if size > WHOLE_LIMIT as f64 => FileLoad::failed(Problem::whole(format!(
            "the file is {}; a seed file holds one article, and Broadsheet reads at most {} of one",
            megabytes(size),
            megabytes(WHOLE_LIMIT as f64)
        ))),
        // (`read_files` reads these ahead; this is the plain way.)
        InputKind::Seed => seed_load(JsFuture::from(picked.file.array_buffer()).await),
    }
}

/// A seed file from its bytes (an `ArrayBuffer`), or why it could not be read.
fn seed_load(read: Result<JsValue, JsValue>) -> FileLoad {
    match read {
        Ok(buffer) => load_file(InputKind::Seed, &js_sys::Uint8Array::new(&buffer).to_vec()),
        Err(e) => FileLoad::failed(Problem::whole(format!(
            "cannot read: {}",
            crate::fetch::describe(&e)
        ))),
    }
}

/// The files of a drop: plain files, and folders walked to their files
/// (through the File and Directory Entries API, which Chromium, Firefox and
/// Safari share). Entries must be taken before the drop handler returns.
///
/// A dropped file (not a folder) is taken as the `File` the drop holds, not
/// through its entry: WebKit reads an entry from its path on disk, so the
/// entry of a file with no path (made in a page, e.g. dragged from another
/// site) fails with "Path does not exist" where the `File` reads fine.
pub fn dropped_entries(data: &web_sys::DataTransfer) -> Vec<Dropped> {
    let items = data.items();
    let mut dropped = Vec::new();
    for i in 0..items.length() {
        let Some(item) = items.get(i) else { continue };
        if item.kind() != "file" {
            continue;
        }
        let entry = item.webkit_get_as_entry().ok().flatten();
        match (entry, item.get_as_file()) {
            (Some(entry), _) if entry.is_directory() => dropped.push(Dropped::Entry(entry)),
            (_, Ok(Some(file))) => dropped.push(Dropped::File(file)),
            (Some(entry), _) => dropped.push(Dropped::Entry(entry)),
            (None, _) => {}
        }
    }
    if dropped.is_empty() {
        if let Some(files) = data.files() {
            dropped.extend(
                (0..files.length())
                    .filter_map(|i| files.get(i))
                    .map(Dropped::File),
            );
        }
    }
    dropped
}

/// One dropped thing, before folders are walked.
pub enum Dropped {
    Entry(web_sys::FileSystemEntry),
    File(web_sys::File),
}

/// Walks dropped folders to their files (paths relative to the drop), and
/// lists what could not be read, with why.
pub async fn collect_dropped(dropped: Vec<Dropped>) -> (Vec<PickedFile>, Vec<(String, String)>) {
    let mut files = Vec::new();
    let mut unreadable = Vec::new();
    let mut pending: Vec<(web_sys::FileSystemEntry, bool)> = Vec::new();
    for d in dropped {
        match d {
            Dropped::File(file) => files.push(PickedFile {
                path: file.name(),
                file,
                in_folder: false,
            }),
            Dropped::Entry(entry) => pending.push((entry, false)),
        }
    }
    while let Some((entry, in_folder)) = pending.pop() {
        let path = entry.full_path().trim_start_matches('/').to_owned();
        if entry.is_directory() {
            let dir: web_sys::FileSystemDirectoryEntry = entry.unchecked_into();
            match read_all_entries(&dir).await {
                Ok(children) => pending.extend(children.into_iter().map(|c| (c, true))),
                Err(why) => unreadable.push((path, why)),
            }
        } else {
            match entry_file(entry.unchecked_into()).await {
                Ok(file) => files.push(PickedFile {
                    path,
                    file,
                    in_folder,
                }),
                Err(why) => unreadable.push((path, why)),
            }
        }
    }
    (files, unreadable)
}

/// All entries of a folder (`readEntries` gives them in batches).
async fn read_all_entries(
    dir: &web_sys::FileSystemDirectoryEntry,
) -> Result<Vec<web_sys::FileSystemEntry>, String> {
    let reader = dir.create_reader();
    let mut all = Vec::new();
    loop {
        let batch = js_sys::Promise::new(&mut |resolve, reject| {
            let ok = Closure::once_into_js(move |entries: JsValue| {
                let _ = resolve.call1(&JsValue::NULL, &entries);
            });
            let failed = reject.clone();
            let err = Closure::once_into_js(move |e: JsValue| {
                let _ = reject.call1(&JsValue::NULL, &e);
            });
            if let Err(e) = reader
                .read_entries_with_callback_and_callback(ok.unchecked_ref(), err.unchecked_ref())
            {
                let _ = failed.call1(&JsValue::NULL, &e);
            }
        });
        let entries: js_sys::Array = JsFuture::from(batch)
            .await
            .map_err(|e| crate::fetch::describe(&e))?
            .unchecked_into();
        if entries.length() == 0 {
            return Ok(all);
        }
        all.extend(entries.iter().map(|e| e.unchecked_into()));
    }
}

async fn entry_file(entry: web_sys::FileSystemFileEntry) -> Result<web_sys::File, String> {
    let file = js_sys::Promise::new(&mut |resolve, reject| {
        let ok = Closure::once_into_js(move |file: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &file);
        });
        let err = Closure::once_into_js(move |e: JsValue| {
            let _ = reject.call1(&JsValue::NULL, &e);
        });
        entry.file_with_callback_and_callback(ok.unchecked_ref(), err.unchecked_ref());
    });
    JsFuture::from(file)
        .await
        .map(|f| f.unchecked_into())
        .map_err(|e| crate::fetch::describe(&e))
}
