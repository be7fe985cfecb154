//! "Open files" and "Open folder": the user's own archive, read in the page
//! (nothing is uploaded), replacing the articles shown or added to them.
//! While files are read, a progress bar counts files and bytes.

use crate::file_reading::{from_file_list, OpenMode, OpenProgress, PickedFile};
use broadsheet_core::numbers::{grouped, megabytes};
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OpenFilesProps {
    /// `Some` while files are being read (the buttons wait meanwhile).
    pub progress: Option<OpenProgress>,
    pub mode: OpenMode,
    /// Whether there are articles open to add to.
    pub can_merge: bool,
    /// A sharded archive is open: files can replace it, not be added to it.
    #[prop_or_default]
    pub archive_open: bool,
    pub on_mode: Callback<OpenMode>,
    pub on_open: Callback<Vec<PickedFile>>,
}

#[function_component(OpenFiles)]
pub fn open_files(props: &OpenFilesProps) -> Html {
    let files_input = use_node_ref();
    let folder_input = use_node_ref();
    let click = |input: &NodeRef| {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(input) = input.cast::<HtmlInputElement>() {
                input.click();
            }
        })
    };
    let on_change = {
        let on_open = props.on_open.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            let files = input
                .files()
                .map(|l| from_file_list(&l))
                .unwrap_or_default();
            // Cleared, so choosing the same files again is a new change.
            input.set_value("");
            if !files.is_empty() {
                on_open.emit(files);
            }
        })
    };
    let mode = |m: OpenMode| {
        let on_mode = props.on_mode.clone();
        Callback::from(move |_: Event| on_mode.emit(m))
    };
    let can_open_folders = *use_memo((), |_| browser_opens_folders());
    let busy = props.progress.is_some();
    let merge = props.mode == OpenMode::Merge && props.can_merge;
    html! {
        <section class="open-files" aria-label="Open your own files">
            <div class="open-buttons">
                <button type="button" onclick={click(&files_input)} disabled={busy}
                    title="JSON article sets and scrapers' JSON or JSON Lines, CSV/TSV tables, RSS/Atom feeds (any of these also as .gz), or seed-format .txt files">{ "Open files…" }</button>
                if can_open_folders {
                    <button type="button" onclick={click(&folder_input)} disabled={busy}
                        title="Every .txt, .json, .jsonl, .ndjson, .csv, .tsv, .xml, .rss and .atom file (plain or .gz) in a folder and its subfolders">{ "Open folder…" }</button>
                }
                <input ref={files_input} id="open-files-input" type="file" multiple=true hidden=true
                    accept=".json,.jsonl,.ndjson,.csv,.tsv,.xml,.rss,.atom,.warc,.gz,.txt,application/json,text/plain" onchange={on_change.clone()} />
                if can_open_folders {
                    <input ref={folder_input} id="open-folder-input" type="file" multiple=true hidden=true
                        webkitdirectory=true onchange={on_change} />
                }
            </div>
            if !can_open_folders {
                <p class="open-mode-note" role="note">{ "This browser cannot open a whole folder: choose the files in it with Open files… (several at once)." }</p>
            }
            if props.can_merge {
                <fieldset class="open-mode">
                    <legend class="visually-hidden">{ "What opened files do" }</legend>
                    <label>
                        <input type="radio" name="open-mode" checked={!merge} onchange={mode(OpenMode::Replace)} />
                        { " Replace the articles shown" }
                    </label>
                    <label>
                        <input type="radio" name="open-mode" checked={merge} onchange={mode(OpenMode::Merge)} />
                        { " Add to them" }
                    </label>
                </fieldset>
            }
            if props.archive_open {
                <p class="open-mode-note" role="note">{ "Opened files replace the archive shown: a sharded archive is read a part at a time, so files cannot be added to it." }</p>
            }
            <p class="open-hint">{ "Or drop files or folders anywhere on the page. They are read here, never uploaded." }</p>
            if let Some(p) = &props.progress {
                <OpeningProgress progress={p.clone()} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct OpeningProgressProps {
    progress: OpenProgress,
}

#[function_component(OpeningProgress)]
fn opening_progress(props: &OpeningProgressProps) -> Html {
    let p = &props.progress;
    let text = if p.files_total == 0 {
        "Opening files…".to_owned()
    } else {
        format!(
            "Reading file {} of {} · {} of {}",
            grouped((p.files_done + 1).min(p.files_total)),
            grouped(p.files_total),
            megabytes(p.bytes_done),
            megabytes(p.bytes_total)
        )
    };
    html! {
        <div class="notice notice-loading opening" role="status" aria-live="polite">
            <p>{ text.clone() }</p>
            if p.bytes_total > 0.0 {
                <progress max={p.bytes_total.to_string()} value={p.bytes_done.to_string()} aria-label={text} />
            } else {
                <progress aria-label="Opening files" />
            }
        </div>
    }
}

/// Whether file inputs can pick a folder (`webkitdirectory`: every engine
/// on a desktop; not some mobile browsers, where the button would pick
/// single files without saying so).
fn browser_opens_folders() -> bool {
    gloo::utils::document()
        .create_element("input")
        .is_ok_and(|input| js_sys::Reflect::has(&input, &"webkitdirectory".into()).unwrap_or(false))
}
