//! `use_article_set`: the articles the page shows. It fetches the page's
//! set (or `?data=URL`) once, and opens the user's own files on request,
//! replacing or merging with what is open; it tells the component whether
//! it is loading, ready or failed, and how far an opening has got.

use crate::embed::GivenArticles;
use crate::fetch::{embedded_chunks, fetch_chunks, FetchError};
use crate::file_reading::{read_files, OpenMode, OpenProgress, PickedFile};
use crate::index_worker::IndexWorker;
use crate::library::{Arrival, Arrivals, Library, LoadReport, Origin};
use crate::limits::{MAX_MANIFEST_BYTES, WHOLE_LIMIT};
use crate::perf;
use crate::remote_archive::RemoteArchive;
use broadsheet_core::archive::{ArchiveFileKind, Manifest};
use broadsheet_core::clusters::Stories;
use broadsheet_core::numbers::megabytes;
use broadsheet_core::{ArticleSetReader, Batch, FileLoad, SetError};
use std::cell::{Cell, RefCell};
use std::fmt;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub enum LoadState {
    /// Bytes received so far, and the total when the server says it.
    Loading {
        received: u64,
        total: Option<u64>,
    },
    Ready(Rc<Library>),
    Failed(LoadFailure),
}

/// Why the set could not be shown, worded for the reader.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadFailure {
    pub url: String,
    pub reason: FailureReason,
}

#[derive(Clone, Debug, PartialEq)]
pub enum FailureReason {
    Fetch(FetchError),
    Invalid(SetError),
    /// A sharded archive's manifest, or the files it needs first.
    Archive(String),
}

impl fmt::Display for LoadFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.reason {
            FailureReason::Fetch(e) => write!(f, "Could not download {}: {e}.", self.url),
            FailureReason::Invalid(e) => write!(f, "{} is not a valid article set: {e}.", self.url),
            FailureReason::Archive(e) => {
                write!(f, "The archive at {} cannot be opened: {e}.", self.url)
            }
        }
    }
}

/// Files to open: what was picked or dropped, what could not even be
/// listed (path, why), and whether to replace or merge.
pub struct OpenRequest {
    pub files: Vec<PickedFile>,
    pub unreadable: Vec<(String, String)>,
    pub mode: OpenMode,
}

/// Where the articles come from: a set's (or archive's) address, or
/// articles an embedding page gave (`src/embed/`).
#[derive(Clone, Debug, PartialEq)]
pub enum SetSource {
    Url(AttrValue),
    Given(GivenArticles),
}

/// What the page needs from the hook.
#[derive(Clone, PartialEq)]
pub struct ArticleSet {
    pub state: LoadState,
    /// `Some` while opened files are being read.
    pub opening: Option<OpenProgress>,
    pub open: Callback<OpenRequest>,
}

/// Loads the article set at `source` when the component mounts, and opens
/// files through the returned `open` callback.
#[hook]
pub fn use_article_set(source: SetSource, origin: Origin) -> ArticleSet {
    let state = use_state(|| LoadState::Loading {
        received: 0,
        total: None,
    });
    let opening = use_state(|| None::<OpenProgress>);
    // The library on screen, for merging; and how many openings have
    // started, so a slow first download never replaces opened files.
    let current = use_mut_ref(|| None::<Rc<Library>>);
    let openings = use_memo((), |_| Cell::new(0u32));
    {
        let shown = Shown {
            state: state.clone(),
            current: current.clone(),
            openings: openings.clone(),
        };
        use_effect_with(source, move |source| match source {
            SetSource::Url(url) => {
                let url = url.to_string();
                wasm_bindgen_futures::spawn_local(async move {
                    let next = fetch_set(&url, origin, &shown).await;
                    shown.show(next);
                });
            }
            SetSource::Given(given) => {
                let library = Library::from_batch(given.take_batch(), origin);
                perf::mark(crate::js::Mark::Parsed);
                shown.show(LoadState::Ready(Rc::new(library)));
            }
        });
    }
    let open = {
        let (state, opening, current) = (state.clone(), opening.clone(), current.clone());
        use_callback(openings, move |request: OpenRequest, openings| {
            openings.set(openings.get() + 1);
            perf::mark(crate::js::Mark::Opening);
            let (state, opening, current) = (state.clone(), opening.clone(), current.clone());
            wasm_bindgen_futures::spawn_local(async move {
                opening.set(Some(OpenProgress::default()));
                let base = current.borrow().clone();
                let progress = {
                    let opening = opening.clone();
                    move |p: &OpenProgress| opening.set(Some(p.clone()))
                };
                let library = Rc::new(
                    read_files(
                        request.files,
                        request.unreadable,
                        base,
                        request.mode,
                        progress,
                    )
                    .await,
                );
                perf::mark(crate::js::Mark::Opened);
                *current.borrow_mut() = Some(library.clone());
                state.set(LoadState::Ready(library));
                opening.set(None);
            });
        })
    };
    ArticleSet {
        state: (*state).clone(),
        opening: (*opening).clone(),
        open,
    }
}

/// Where the downloaded set goes: on screen, and kept for merging, unless
/// the reader has opened files meanwhile (a slow download never replaces
/// them).
#[derive(Clone)]
struct Shown {
    state: UseStateHandle<LoadState>,
    current: Rc<RefCell<Option<Rc<Library>>>>,
    openings: Rc<Cell<u32>>,
}

impl Shown {
    /// Whether files were opened since the download started.
    fn overtaken(&self) -> bool {
        self.openings.get() > 0
    }

    /// Shows `next` in place of `was`, if `was` is still what is shown.
    fn show_instead(&self, was: &Rc<Library>, next: LoadState) {
        let shown = self.current.borrow().clone();
        if shown.is_some_and(|shown| Rc::ptr_eq(&shown, was)) {
            self.show(next);
        }
    }

    fn show(&self, next: LoadState) {
        if self.overtaken() {
            return;
        }
        if let LoadState::Ready(library) = &next {
            *self.current.borrow_mut() = Some(library.clone());
        }
        self.state.set(next);
    }
}

/// Streams the set at `url` through an `ArticleSetReader`, which parses
/// each record's line as it arrives (see core): the articles so far are
/// shown as they come, newest first, and indexed on the way ([`Arrivals`]).
async fn fetch_set(url: &str, origin: Origin, shown: &Shown) -> LoadState {
    let fail = |reason| {
        LoadState::Failed(LoadFailure {
            url: url.to_owned(),
            reason,
        })
    };
    let reader = RefCell::new(ArticleSetReader::with_limit(WHOLE_LIMIT));
    let follow = Follow::new(shown.clone(), origin.clone());
    // Reads the same bytes to build the index off this thread, if it can.
    // Started before the first bytes, so its wasm is up when they come
    // (search waits for the worker, not for the download: its ready mark
    // came ~150 ms sooner); ended unused if they are a manifest's.
    let starting = RefCell::new(IndexWorker::start(WHOLE_LIMIT));
    let worker: RefCell<Option<IndexWorker>> = RefCell::new(None);
    let progress = |received, total| follow.progress(Arrival { received, total });
    // The first bytes tell a sharded archive's manifest from a set; a
    // manifest is read whole (it is small), a set streams as it arrives.
    let sniffed = RefCell::new(Sniff::Undecided(Vec::new()));
    let take = |chunk: &[u8]| {
        if shown.overtaken() {
            return false;
        }
        let mut sniffed = sniffed.borrow_mut();
        match &mut *sniffed {
            Sniff::Set => {
                if let Some(worker) = &*worker.borrow() {
                    worker.send(chunk);
                }
                let mut reader = reader.borrow_mut();
                reader.push(chunk);
                let mut arrivals = follow.arrivals.borrow_mut();
                for article in reader.take_articles() {
                    arrivals.push(article);
                }
            }
            Sniff::Manifest(bytes) => {
                // A manifest is read whole: past its limit, stop reading.
                if bytes.len() + chunk.len() > MAX_MANIFEST_BYTES {
                    *sniffed = Sniff::TooLargeManifest(bytes.len() + chunk.len());
                    return false;
                }
                bytes.extend_from_slice(chunk);
            }
            Sniff::TooLargeManifest(_) => return false,
            Sniff::Undecided(start) => {
                if start.is_empty() {
                    perf::mark(crate::js::Mark::FirstBytes);
                }
                start.extend_from_slice(chunk);
                if start.len() >= SNIFF_BYTES {
                    *sniffed = decide(std::mem::take(start), &reader, &starting, &worker, &follow);
                }
            }
        }
        true
    };
    let fetched = if url == crate::EMBEDDED_SET {
        embedded_chunks(take, progress).await
    } else {
        fetch_chunks(url, take, progress).await
    };
    follow.done.set(true);
    if let Err(e) = fetched {
        return fail(FailureReason::Fetch(e));
    }
    perf::mark(crate::js::Mark::Fetched);
    let sniffed = match sniffed.into_inner() {
        Sniff::Undecided(start) => decide(start, &reader, &starting, &worker, &follow),
        decided => decided,
    };
    if let Some(worker) = &*worker.borrow() {
        worker.end();
    }
    if let Sniff::TooLargeManifest(bytes) = sniffed {
        return fail(FailureReason::Archive(format!(
            "its manifest is larger than {}, the most a manifest may have (one of a million articles has 163 KB); the page stopped reading it after {}",
            megabytes(MAX_MANIFEST_BYTES as f64),
            megabytes(bytes as f64)
        )));
    }
    if let Sniff::Manifest(bytes) = sniffed {
        return match open_archive(url, &bytes, origin).await {
            Ok(library) => {
                let first = Rc::new(library);
                if first.facets_pending {
                    let (first, shown) = (first.clone(), shown.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        if let Some(whole) = complete_archive(first.clone()).await {
                            // Unless files were opened meanwhile.
                            shown.show_instead(&first, LoadState::Ready(Rc::new(whole)));
                        }
                    });
                }
                LoadState::Ready(first)
            }
            Err(e) => fail(FailureReason::Archive(e)),
        };
    }
    match reader.into_inner().finish() {
        Ok(mut rest) => {
            let mut arrivals = follow.arrivals.take();
            if let Some(worker) = worker.take() {
                arrivals.index_in(worker);
            }
            arrivals.push_rest(std::mem::take(&mut rest.articles));
            // What was skipped and merged, in the words opened files get.
            let mut batch = Batch::new();
            batch.add(url, FileLoad::from_set(Ok(rest)));
            let (report, _) = LoadReport::from_batch(batch, origin);
            perf::mark(crate::js::Mark::Parsed);
            LoadState::Ready(Rc::new(arrivals.finish(report)))
        }
        Err(e) => fail(FailureReason::Invalid(e)),
    }
}

/// Keeps the page in step with a download: the progress notice until the
/// first articles are here, then the articles so far: the first screen as
/// soon as it is here, then a few times a second, and once more when the
/// download pauses.
#[derive(Clone)]
struct Follow {
    shown: Shown,
    origin: Origin,
    arrivals: Rc<RefCell<Arrivals>>,
    latest: Rc<Cell<Option<Arrival>>>,
    last: Rc<Cell<f64>>,
    first_shown: Rc<Cell<bool>>,
    /// An update is due after a pause.
    pending: Rc<Cell<bool>>,
    /// The download is over: no more updates.
    done: Rc<Cell<bool>>,
}

impl Follow {
    fn new(shown: Shown, origin: Origin) -> Self {
        Follow {
            shown,
            origin,
            arrivals: Rc::default(),
            latest: Rc::default(),
            last: Rc::default(),
            first_shown: Rc::default(),
            pending: Rc::default(),
            done: Rc::default(),
        }
    }

    fn progress(&self, arrival: Arrival) {
        self.latest.set(Some(arrival));
        let arrived = self.arrivals.borrow().len();
        let first_screen = !self.first_shown.get() && arrived >= FIRST_SCREEN;
        // Each update re-renders a list that grows: spaced by its size,
        // updates stay a small share of the load.
        let every = UPDATE_EVERY_MS + arrived as f64 * UPDATE_MS_PER_ARTICLE;
        let wait = self.last.get() + every - js_sys::Date::now();
        if first_screen || wait <= 0.0 {
            self.update();
        } else if !self.pending.replace(true) {
            let follow = self.clone();
            gloo_timers::callback::Timeout::new(wait as u32, move || follow.update()).forget();
        }
    }

    fn update(&self) {
        self.pending.set(false);
        let Some(arrival) = self.latest.get().filter(|_| !self.done.get()) else {
            return;
        };
        self.last.set(js_sys::Date::now());
        let arrivals = self.arrivals.borrow();
        if arrivals.is_empty() {
            self.shown.show(LoadState::Loading {
                received: arrival.received,
                total: arrival.total,
            });
            return;
        }
        self.first_shown.set(true);
        let so_far = arrivals.so_far(arrival, self.origin.clone());
        self.shown.show(LoadState::Ready(Rc::new(so_far)));
    }
}

/// Articles that fill a first screen: shown as soon as they are here.
const FIRST_SCREEN: usize = 20;
/// How often the list (or the progress notice) follows the download: each
/// update re-renders the list, its count, timeline and filters; plus a
/// little per article already shown (50,000: every 2.4 s).
const UPDATE_EVERY_MS: f64 = 400.0;
const UPDATE_MS_PER_ARTICLE: f64 = 0.04;

/// Enough of the file to recognise a manifest's `{"format":…` start.
const SNIFF_BYTES: usize = 64;

enum Sniff {
    Undecided(Vec<u8>),
    Set,
    Manifest(Vec<u8>),
    /// A manifest past `MAX_MANIFEST_BYTES` (bytes seen when it stopped).
    TooLargeManifest(usize),
}

/// Decides on the first bytes, handing them to the set reader if they are
/// not a manifest's, and to the index worker `starting`, if one could be
/// had (a manifest ends it).
fn decide(
    start: Vec<u8>,
    reader: &RefCell<ArticleSetReader>,
    starting: &RefCell<Option<IndexWorker>>,
    worker: &RefCell<Option<IndexWorker>>,
    follow: &Follow,
) -> Sniff {
    let started = starting.borrow_mut().take();
    if broadsheet_core::archive::is_manifest(&start) {
        return Sniff::Manifest(start);
    }
    reader.borrow_mut().push(&start);
    if let Some(started) = started {
        started.send(&start);
        follow.arrivals.borrow_mut().stop_indexing();
        *worker.borrow_mut() = Some(started);
    }
    Sniff::Set
}

/// A sharded archive, as far as its first cards need: the manifest and its
/// first card shard. The rest comes after they are painted
/// ([`complete_archive`]) or as the reader asks for it.
async fn open_archive(url: &str, bytes: &[u8], origin: Origin) -> Result<Library, String> {
    let text =
        std::str::from_utf8(bytes).map_err(|e| format!("the manifest is not UTF-8 ({e})"))?;
    let manifest = Manifest::parse(text).map_err(|e| format!("its manifest is not valid: {e}"))?;
    perf::mark(crate::js::Mark::Manifest);
    let archive = Rc::new(RemoteArchive::new(url, manifest));
    // A failed first shard shows on its rows (the archive keeps why); the
    // rest stays usable.
    if !archive.is_empty() {
        let _ = archive.preload(0).await;
        perf::mark(crate::js::Mark::FirstShard);
    }
    let library = Library::from_archive_first(archive, origin);
    perf::mark(crate::js::Mark::Library);
    Ok(library)
}

/// What a sharded archive's first cards did not wait for, fetched once
/// they are painted: each article's source and language (the facets), the
/// stories of its wire copies and the shard table (where every shard is);
/// then the whole library. Failed sources show as an unknown source,
/// failed languages as no language facet, failed stories as none (the page
/// says why), a failed shard table on the rows past the first ones.
async fn complete_archive(first: Rc<Library>) -> Option<Library> {
    let archive = first.archive()?.clone();
    after_paint().await;
    let m = &archive.manifest;
    let sources = async {
        let hash = &m.source_ids.hash;
        let bytes = archive.fetch(ArchiveFileKind::Meta, hash).await?;
        let ids = broadsheet_core::archive::parse_source_ids(
            &ArchiveFileKind::Meta.path(hash),
            &bytes,
            m.articles,
            m.sources.len(),
        );
        perf::mark(crate::js::Mark::Sources);
        ids.map_err(|e| e.to_string())
    };
    // The languages, when the archive has more than one.
    let languages = async {
        let file = m.language_ids.as_ref()?;
        let fetched = archive.fetch(ArchiveFileKind::Meta, &file.hash).await;
        Some(fetched.and_then(|bytes| {
            broadsheet_core::archive::parse_language_ids(
                &ArchiveFileKind::Meta.path(&file.hash),
                &bytes,
                m.articles,
                m.languages.len(),
            )
            .map_err(|e| e.to_string())
        }))
    };
    // The stories, when its articles hold copies of one text.
    let stories = async {
        let file = m.stories.as_ref()?;
        let fetched = archive.fetch(ArchiveFileKind::Stories, &file.hash).await;
        Some(fetched.and_then(|bytes| {
            Stories::from_bytes(&bytes, m.articles as usize)
                .map_err(|e| format!("{}: {e}", ArchiveFileKind::Stories.path(&file.hash)))
        }))
    };
    let table = archive.read_shard_table();
    let (sources, languages, stories, _) = futures::join!(sources, languages, stories, table);
    perf::mark(crate::js::Mark::Parsed);
    Library::from_archive(&first, sources, languages, stories)
}

/// Resolves once the frame being prepared is painted.
async fn after_paint() {
    let (painted, done) = futures::channel::oneshot::channel::<()>();
    let _pending = crate::hooks::use_deferred::AfterPaint::new(move || {
        let _ = painted.send(());
    });
    let _ = done.await;
}
