//! "Export" on the list: every result of the current view (not only the
//! cards on screen), written as CSV, JSON Lines, RIS or BibTeX with how to
//! reproduce it (core's `export`), a slice of articles per task with its
//! progress and a Cancel, then downloaded as a file. A sharded archive's
//! results are fetched as they are written (their cards and bodies, a body
//! chunk read once for the articles in a row that share it).

use crate::library::Library;
use crate::route::{order_name, Route};
use broadsheet_core::clusters::Stories;
use broadsheet_core::export::{Export, ExportFormat, Provenance};
use broadsheet_core::numbers::grouped;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExportResultsProps {
    pub library: Rc<Library>,
    /// The results shown, in order (positions in the library).
    pub positions: Rc<Vec<u32>>,
    /// The view they answer, as the address says it.
    pub route: Route,
    pub stories: Rc<Stories>,
    /// Whether `positions` answer the view yet (a query still being
    /// answered, a set still arriving: not yet).
    #[prop_or(true)]
    pub ready: bool,
}

/// Where an export is.
#[derive(Clone, Debug, PartialEq)]
enum Progress {
    Idle,
    Writing {
        done: usize,
        total: usize,
    },
    Done {
        name: String,
        articles: usize,
    },
    /// A file of an archive could not be used (the message names it).
    Failed(String),
}

/// Milliseconds of writing between two yields.
const SLICE_MS: f64 = 12.0;

#[function_component(ExportResults)]
pub fn export_results(props: &ExportResultsProps) -> Html {
    let format = use_state_eq(|| ExportFormat::Csv);
    let progress = use_state_eq(|| Progress::Idle);
    let cancel = use_mut_ref(|| Rc::new(Cell::new(false)));
    let on_format = {
        let format = format.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(f) = ExportFormat::ALL.get(select.selected_index().max(0) as usize) {
                format.set(*f);
            }
        })
    };
    let on_export = {
        let (format, progress, cancel) = (format.clone(), progress.clone(), cancel.clone());
        let (library, positions, route, stories) = (
            props.library.clone(),
            props.positions.clone(),
            props.route.clone(),
            props.stories.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let stop = Rc::new(Cell::new(false));
            *cancel.borrow_mut() = stop.clone();
            let job = Job {
                format: *format,
                library: library.clone(),
                positions: positions.clone(),
                route: route.clone(),
                stories: stories.clone(),
            };
            let progress = progress.clone();
            wasm_bindgen_futures::spawn_local(async move {
                progress.set(Progress::Writing {
                    done: 0,
                    total: job.positions.len(),
                });
                let result = job
                    .write(&stop, |done, total| {
                        progress.set(Progress::Writing { done, total })
                    })
                    .await;
                match result {
                    Ok(Some((name, pieces))) => {
                        download(&name, job.format.media_type(), &pieces);
                        progress.set(Progress::Done {
                            name,
                            articles: job.positions.len(),
                        });
                    }
                    Ok(None) => progress.set(Progress::Idle),
                    Err(why) => progress.set(Progress::Failed(why)),
                }
            });
        })
    };
    let on_cancel = {
        let cancel = cancel.clone();
        Callback::from(move |_: MouseEvent| cancel.borrow().set(true))
    };
    let n = props.positions.len();
    let open = use_state_eq(|| false);
    let on_toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    html! {
        <div class="export">
            <button type="button" class="export-toggle" aria-expanded={open.to_string()} onclick={on_toggle}>{ "Export" }</button>
            if *open {
                <label>
                    { "Format " }
                    <select aria-label="Export format" onchange={on_format}>
                        { for ExportFormat::ALL.iter().map(|f| html! {
                            <option value={f.extension()} selected={*f == *format}>{ f.label() }</option>
                        }) }
                    </select>
                </label>
                { match &*progress {
                    Progress::Writing { done, total } => html! {
                        <>
                            <span class="export-progress" role="status">{ format!(" Writing {} of {} articles…", grouped(*done), grouped(*total)) }</span>
                            <button type="button" onclick={on_cancel}>{ "Cancel" }</button>
                        </>
                    },
                    other => html! {
                        <>
                            <button type="button" class="export-download" onclick={on_export} disabled={n == 0 || !props.ready}>
                                { format!("Download {} {}", grouped(n), if n == 1 { "article" } else { "articles" }) }
                            </button>
                            if let Progress::Done { name, articles } = other {
                                <span class="export-progress" role="status">{ format!(" Saved {name} ({} articles)", grouped(*articles)) }</span>
                            }
                            if let Progress::Failed(why) = other {
                                <span class="export-progress" role="alert">{ format!(" The export stopped: {why}") }</span>
                            }
                        </>
                    },
                } }
            }
        </div>
    }
}

/// One export to write.
struct Job {
    format: ExportFormat,
    library: Rc<Library>,
    positions: Rc<Vec<u32>>,
    route: Route,
    stories: Rc<Stories>,
}

impl Job {
    /// The file's name and text (in pieces), `None` once cancelled, or why
    /// an archive's file could not be used.
    async fn write(
        &self,
        stop: &Cell<bool>,
        on_progress: impl Fn(usize, usize),
    ) -> Result<Option<(String, Vec<String>)>, String> {
        let mut chunk = crate::remote_archive::BodyChunk::default();
        let now = || gloo::utils::window().performance().map_or(0.0, |p| p.now());
        let exported = String::from(js_sys::Date::new_0().to_iso_string());
        let mut export = Export::new(self.format, self.provenance(exported.clone()));
        let mut pieces = vec![export.header()];
        let mut piece = String::new();
        let total = self.positions.len();
        let mut done = 0;
        while done < total {
            let until = now() + SLICE_MS;
            while done < total && now() <= until {
                let p = self.positions[done];
                let stored = match self.library.archive() {
                    Some(archive) => Some(archive.article_at(p, &mut chunk).await?),
                    None => self.library.loaded(p),
                };
                if let Some(stored) = stored {
                    let mut article = stored.to_article();
                    article.cluster = self
                        .stories
                        .story(p)
                        .and_then(|s| self.library.loaded(s.first))
                        .map(|first| first.id().to_owned());
                    piece.push_str(&export.record(&article));
                }
                done += 1;
            }
            pieces.push(std::mem::take(&mut piece));
            on_progress(done, total);
            gloo_timers::future::TimeoutFuture::new(0).await;
            if stop.get() {
                return Ok(None);
            }
        }
        let day: String = exported.chars().take(10).collect();
        Ok(Some((
            format!("broadsheet-export-{day}.{}", self.format.extension()),
            pieces,
        )))
    }

    fn provenance(&self, exported: String) -> Provenance {
        let list = &self.route.list;
        let mut filters = Vec::new();
        if let Some(from) = list.from {
            filters.push(format!(
                "from {}",
                broadsheet_core::date_text::iso_day(from)
            ));
        }
        if let Some(to) = list.to {
            filters.push(format!("to {}", broadsheet_core::date_text::iso_day(to)));
        }
        if !list.sources.is_empty() {
            filters.push(format!("sources: {}", list.sources.join(", ")));
        }
        if !list.languages.is_empty() {
            filters.push(format!("languages: {}", list.languages.join(", ")));
        }
        if list.one_per_story {
            filters.push("one article per story".into());
        }
        let location = gloo::utils::window().location();
        let page = location.href().unwrap_or_default();
        let page = page.split('#').next().unwrap_or_default().to_owned();
        let order = list.effective_order(list.query.trim().is_empty());
        Provenance {
            query: list.query.clone(),
            filters: filters.join("; "),
            order: order_name(order).to_owned(),
            archive: self.library.identity(),
            exported,
            address: format!("{page}{}", self.route.to_list().to_hash()),
            articles: self.positions.len(),
        }
    }
}

/// Saves `pieces` as a file called `name`: a Blob, a link with
/// `download`, clicked, then let go.
fn download(name: &str, media_type: &str, pieces: &[String]) {
    let parts = js_sys::Array::new();
    for p in pieces {
        parts.push(&p.into());
    }
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(media_type);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let document = gloo::utils::document();
    if let Ok(link) = document.create_element("a") {
        let link: web_sys::HtmlAnchorElement = link.unchecked_into();
        link.set_href(&url);
        link.set_download(name);
        link.click();
    }
    // Revoked after the click has been handled.
    let url = url.clone();
    gloo_timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
}
