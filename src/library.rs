//! The loaded article set as the page holds it: articles newest first (in
//! memory, or in a sharded archive), what filters need of each, and what
//! was skipped while loading. A downloaded set grows as its records arrive
//! ([`Arrivals`]): the list shows what is here while the rest downloads,
//! and the search index is built alongside, so that only its finish is left
//! when the last byte arrives (see `use_search_index`).

use crate::facets::{language_value, Facet, FacetTally};
use crate::index_worker::IndexWorker;
use crate::remote_archive::{Card, RemoteArchive};
use crate::route::ListView;
use broadsheet_core::clusters::Stories;
use broadsheet_core::search::IndexBuilder;
use broadsheet_core::set::newest_first_of;
use broadsheet_core::ArticleText;
use broadsheet_core::{Article, Batch, FileProblem, Ignored, ProvenanceTable, StoredArticle};
use chrono::NaiveDate;
use std::cell::RefCell;
use std::cmp::Ordering;
use std::rc::Rc;

#[derive(Debug, Default)]
pub struct Library {
    /// The articles, newest first: in memory, or in a sharded archive.
    pub articles: Articles,
    /// Where the articles came from and what was skipped on the way.
    pub report: Rc<LoadReport>,
    /// Each article's source ...
    pub sources: Facet,
    /// ... and language (`en`, `fa`; empty when it gives none; not known
    /// for a sharded archive's articles).
    pub languages: Facet,
    /// Each article's publication day, for date filters and the timeline
    /// (shared: an archive's whole library reuses its first one's).
    pub day_of: Rc<Vec<NaiveDate>>,
    /// `Some` while the set is still downloading: these are the articles
    /// so far, and search waits for the rest.
    pub arriving: Option<Arrival>,
    /// The index built as the articles arrived, for `use_search_index` to
    /// finish (empty when there is none to continue).
    pub index_so_far: IndexSoFar,
    /// A sharded archive whose sources and languages files are still on
    /// their way (fetched after the first cards): its facets list the
    /// manifest's names and totals, and narrow nothing yet.
    pub facets_pending: bool,
    /// Wire copies: the stories the set names (`cluster`, written by
    /// `broadsheet-ingest`); opened files are grouped in the page instead
    /// (`use_stories`).
    pub stories: Rc<Stories>,
}

/// Adds `note` to the warning shown above the list.
fn add_note(warning: &mut Option<String>, note: String) {
    *warning = Some(match warning.take() {
        Some(w) => format!("{w} {note}"),
        None => note,
    });
}

/// Each article's story name as the set gives it: (position, name).
type Named = Vec<(u32, Box<str>)>;

/// How far the download of a set that is still arriving has got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arrival {
    pub received: u64,
    /// From Content-Length, when the server says it.
    pub total: Option<u64>,
}

/// The index as far as the download got: a builder holding the library's
/// first articles, in its order, or the worker building all of it (see
/// `index_worker.rs`). Each taken once, by the hook that finishes it.
#[derive(Default)]
pub struct IndexSoFar {
    builder: RefCell<Option<IndexBuilder>>,
    worker: RefCell<Option<IndexWorker>>,
}

impl IndexSoFar {
    pub fn take(&self) -> Option<IndexBuilder> {
        self.builder.borrow_mut().take()
    }

    pub fn take_worker(&self) -> Option<IndexWorker> {
        self.worker.borrow_mut().take()
    }
}

impl std::fmt::Debug for IndexSoFar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let indexed = self.builder.borrow().as_ref().map(IndexBuilder::len);
        let worker = self.worker.borrow().is_some();
        f.debug_struct("IndexSoFar")
            .field("indexed", &indexed)
            .field("worker", &worker)
            .finish()
    }
}

/// Where a library's articles are.
#[derive(Debug)]
pub enum Articles {
    /// All of them, newest first, in the compact stored form; shared with
    /// the cards so rendering never copies text.
    InMemory(Vec<Rc<StoredArticle>>),
    /// A sharded archive: cards come from its shards as they are needed
    /// (the rest of the library, sources and days, is whole).
    Archive(Rc<RemoteArchive>),
}

impl Default for Articles {
    fn default() -> Self {
        Articles::InMemory(Vec::new())
    }
}

impl Library {
    /// Builds a library from articles in any order.
    pub fn new(mut articles: Vec<Article>) -> Self {
        broadsheet_core::set::sort_newest_first(&mut articles);
        let mut table = ProvenanceTable::default();
        let mut named = Named::new();
        let articles = articles
            .into_iter()
            .enumerate()
            .map(|(p, mut a)| {
                if let Some(name) = a.cluster.take() {
                    named.push((p as u32, name.into()));
                }
                Rc::new(StoredArticle::new(a, &mut table))
            })
            .collect();
        Library::of_newest_first(articles, &named)
    }

    /// A library of articles already newest first: sources counted, each
    /// article's source number and day, and the stories `named`.
    fn of_newest_first(articles: Vec<Rc<StoredArticle>>, named: &Named) -> Self {
        let mut tally = Tally::default();
        for article in &articles {
            tally.push(&**article);
        }
        tally.library(articles, named)
    }

    /// A sharded archive before its sources and languages files are here:
    /// what the first cards need (the manifest and its first shard). The
    /// facets list the manifest's names and totals; [`Library::from_archive`]
    /// makes the whole library once the files are here.
    pub fn from_archive_first(archive: Rc<RemoteArchive>, origin: Origin) -> Self {
        let m = &archive.manifest;
        let pending = |listed: &[(String, u32)]| {
            Facet::pending(
                listed.iter().map(|(name, _)| name.clone()).collect(),
                listed.iter().map(|&(_, count)| count).collect(),
            )
        };
        let languages = if m.language_ids.is_some() {
            pending(&m.languages)
        } else {
            Facet::default()
        };
        Library {
            sources: pending(&m.sources),
            languages,
            day_of: Rc::new(m.days()),
            report: Rc::new(LoadReport {
                origin,
                files: 1,
                ..Default::default()
            }),
            facets_pending: !archive.is_empty(),
            articles: Articles::Archive(archive),
            ..Default::default()
        }
    }

    /// A sharded archive, with each article's source number (or why that
    /// file could not be used: the facet then shows them as unknown, and
    /// the page says why) and, when the archive lists more than one
    /// language, each article's language number (or why not: then there is
    /// no language facet, and the page says why), and its stories when it
    /// has a stories file (or why they could not be read: then none, and
    /// the page says why).
    pub fn from_archive(
        first: &Library,
        source_of: Result<Vec<u16>, String>,
        language_of: Option<Result<Vec<u16>, String>>,
        stories: Option<Result<Stories, String>>,
    ) -> Option<Self> {
        let archive = first.archive()?.clone();
        let m = &archive.manifest;
        let mut sources: Vec<String> = m.sources.iter().map(|(s, _)| s.clone()).collect();
        let (source_of, mut warning) = match source_of {
            Ok(ids) => (ids, None),
            Err(why) => {
                sources.push("(unknown: the sources file could not be read)".into());
                let unknown = (sources.len() - 1).min(u16::MAX as usize) as u16;
                (
                    vec![unknown; m.articles as usize],
                    Some(format!(
                        "The articles' sources are unknown: {why}. Reading and search still work; the source filter does not."
                    )),
                )
            }
        };
        let languages = match language_of {
            Some(Ok(ids)) => {
                let names = m.languages.iter().map(|(l, _)| l.clone()).collect();
                Facet::new(names, ids)
            }
            Some(Err(why)) => {
                add_note(&mut warning, format!(
                    "The articles' languages are unknown: {why}. Reading and search still work; the language filter does not."
                ));
                Facet::default()
            }
            None => Facet::default(),
        };
        let stories = match stories {
            Some(Ok(stories)) => stories,
            Some(Err(why)) => {
                add_note(&mut warning, format!(
                    "The archive's wire copies are not grouped: its stories file could not be used ({why})."
                ));
                Stories::default()
            }
            None => Stories::default(),
        };
        Some(Library {
            stories: Rc::new(stories),
            sources: Facet::new(sources, source_of),
            languages,
            day_of: first.day_of.clone(),
            report: Rc::new(LoadReport {
                warning,
                ..(*first.report).clone()
            }),
            articles: Articles::Archive(archive),
            ..Default::default()
        })
    }

    /// How many articles there are.
    pub fn len(&self) -> usize {
        match &self.articles {
            Articles::InMemory(articles) => articles.len(),
            Articles::Archive(archive) => archive.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The sharded archive the articles are in, if they are in one.
    pub fn archive(&self) -> Option<&Rc<RemoteArchive>> {
        match &self.articles {
            Articles::InMemory(_) => None,
            Articles::Archive(archive) => Some(archive),
        }
    }

    /// The articles held in memory: all of them, or none of an archive
    /// (whose cards come and go with its shard cache).
    pub fn in_memory(&self) -> &[Rc<StoredArticle>] {
        match &self.articles {
            Articles::InMemory(articles) => articles,
            Articles::Archive(_) => &[],
        }
    }

    /// The card at `position` (of an archive: once its shard is here).
    pub fn card(&self, position: u32) -> Card {
        match &self.articles {
            Articles::InMemory(articles) => articles
                .get(position as usize)
                .cloned()
                .map_or(Card::Loading, Card::Ready),
            Articles::Archive(archive) => archive.card(position),
        }
    }

    /// The article at `position` if it is here.
    pub fn loaded(&self, position: u32) -> Option<Rc<StoredArticle>> {
        match self.card(position) {
            Card::Ready(a) => Some(a),
            _ => None,
        }
    }

    /// Which articles these are, for an export's provenance: where they
    /// came from, how many, and a fingerprint of their ids in order (the
    /// first 8 bytes of the SHA-256 of the ids, one a line), which a copy
    /// of the same set gives again.
    pub fn identity(&self) -> String {
        let from = match &self.report.origin {
            Origin::Bundled => "the article set static/articles.json".to_owned(),
            Origin::Url(url) => format!("the article set {url}"),
            Origin::Embedded { from, .. } => from.clone(),
            Origin::Files { .. } => format!(
                "the reader's own files ({} read)",
                broadsheet_core::numbers::grouped(self.report.files)
            ),
        };
        match &self.articles {
            Articles::InMemory(articles) => {
                let mut ids = String::new();
                for a in articles {
                    ids.push_str(a.id());
                    ids.push('\n');
                }
                format!(
                    "{from}: {} articles, ids fingerprint {}",
                    broadsheet_core::numbers::grouped(articles.len()),
                    broadsheet_core::content_hash::content_hash(ids.as_bytes())
                )
            }
            Articles::Archive(archive) => format!(
                "the sharded archive {from}: {} articles",
                broadsheet_core::numbers::grouped(archive.manifest.articles as usize)
            ),
        }
    }

    /// The first and last publication day, if there are articles.
    ///
    /// Articles are in order of their instant, but `day_of` holds the day
    /// each outlet printed, within a day of that instant's UTC day; so the
    /// extremes are among the articles within two days of either end
    /// (past them no later article can pass the end's day).
    pub fn date_bounds(&self) -> Option<(NaiveDate, NaiveDate)> {
        let near = |end: NaiveDate| move |d: &&NaiveDate| (**d - end).num_days().abs() <= 2;
        let (newest, oldest) = (*self.day_of.first()?, *self.day_of.last()?);
        let last = self.day_of.iter().take_while(near(newest)).max()?;
        let first = self.day_of.iter().rev().take_while(near(oldest)).min()?;
        Some((*first, *last))
    }

    /// Sorts what a batch of files gave, keeping its report.
    pub fn from_batch(batch: Batch, origin: Origin) -> Self {
        let (report, articles) = LoadReport::from_batch(batch, origin);
        Library {
            report: Rc::new(report),
            ..Library::new(articles)
        }
    }
}

/// A library growing as a downloaded set's records arrive, in file order,
/// with each article pushed into the index as it comes. A set written by
/// `broadsheet-ingest` is newest first, so arrival order is the library's
/// order and the index's article numbers are its positions; a set in
/// another order is sorted, and its index is built again from the sorted
/// articles (the numbers would not match). Duplicates never get here: the
/// set reader applies the duplicate rule before handing articles out.
pub struct Arrivals {
    /// In the compact form, converted as each arrives (after indexing),
    /// so the parsed form of only one article is held at a time.
    articles: Vec<Rc<StoredArticle>>,
    /// Their sources, languages and licences, shared.
    provenance: ProvenanceTable,
    /// Every article so far came after the one before it, newest first.
    in_order: bool,
    /// The story names the articles carry, by arrival.
    named: Named,
    /// Their sources and days, while `in_order`.
    tally: Tally,
    /// The first `index.len()` articles, indexed.
    index: IndexBuilder,
    /// Articles are no longer indexed as they come (see `push_rest`), or
    /// never were: a worker indexes them (`index_in`).
    index_stopped: bool,
    worker: Option<IndexWorker>,
}

impl Default for Arrivals {
    fn default() -> Self {
        Arrivals {
            articles: Vec::new(),
            provenance: ProvenanceTable::default(),
            in_order: true,
            named: Named::new(),
            tally: Tally::default(),
            index: IndexBuilder::new(&[]),
            index_stopped: false,
            worker: None,
        }
    }
}

impl Arrivals {
    /// Takes the next article of the file, and indexes it: a few records'
    /// worth of work between network chunks.
    pub fn push(&mut self, mut article: Article) {
        if let Some(name) = article.cluster.take() {
            self.named.push((self.articles.len() as u32, name.into()));
        }
        let after_last = self
            .articles
            .last()
            .is_none_or(|last| newest_first_of(&**last, &article) == Ordering::Less);
        self.in_order &= after_last;
        if self.in_order {
            self.tally.push(&article);
            if !self.index_stopped {
                self.index.push(&article);
            }
        }
        let stored = StoredArticle::new(article, &mut self.provenance);
        self.articles.push(Rc::new(stored));
    }

    /// Takes what came at the end all at once (a set read whole gives every
    /// article there) without indexing it: `use_search_index` indexes the
    /// rest in slices.
    pub fn push_rest(&mut self, articles: Vec<Article>) {
        self.index_stopped = true;
        for article in articles {
            self.push(article);
        }
    }

    /// A worker reads the same bytes and indexes them: the articles are
    /// no longer indexed here.
    pub fn stop_indexing(&mut self) {
        self.index_stopped = true;
    }

    /// Leaves the index to `worker` (see [`Arrivals::stop_indexing`]).
    pub fn index_in(&mut self, worker: IndexWorker) {
        self.index_stopped = true;
        self.worker = Some(worker);
    }

    pub fn len(&self) -> usize {
        self.articles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    /// The articles so far, as the list shows them while the rest arrives.
    pub fn so_far(&self, arrival: Arrival, origin: Origin) -> Library {
        Library {
            arriving: Some(arrival),
            report: Rc::new(LoadReport {
                origin,
                files: 1,
                ..Default::default()
            }),
            ..self.library_of(self.articles.clone())
        }
    }

    /// The whole set, with what loading skipped (`report`) and the index
    /// so far when it can be finished as it is.
    pub fn finish(mut self, report: LoadReport) -> Library {
        let articles = std::mem::take(&mut self.articles);
        let library = self.library_of(articles);
        let index = self.in_order.then_some(self.index);
        Library {
            report: Rc::new(report),
            index_so_far: IndexSoFar {
                builder: RefCell::new(index),
                worker: RefCell::new(self.worker.take()),
            },
            ..library
        }
    }

    /// A library of `articles` (those arrived): in order, from the tally
    /// (no pass over the articles); else sorted, and tallied again.
    fn library_of(&self, articles: Vec<Rc<StoredArticle>>) -> Library {
        if self.in_order {
            return self.tally.library(articles, &self.named);
        }
        // Sorted by position, so each named arrival finds its place.
        let mut order: Vec<u32> = (0..articles.len() as u32).collect();
        broadsheet_core::sort::sort_by(&mut order, |&a, &b| {
            newest_first_of(&*articles[a as usize], &*articles[b as usize])
        });
        let mut place = vec![0u32; articles.len()];
        for (p, &arrival) in order.iter().enumerate() {
            place[arrival as usize] = p as u32;
        }
        let named: Named = self
            .named
            .iter()
            .map(|(arrival, name)| (place[*arrival as usize], name.clone()))
            .collect();
        let sorted = order
            .iter()
            .map(|&a| articles[a as usize].clone())
            .collect();
        Library::of_newest_first(sorted, &named)
    }
}

/// Each article's source, language and day, counted as articles come in
/// the library's order, so that a library of them (again and again while a
/// set arrives) needs no pass over the articles.
#[derive(Default)]
struct Tally {
    sources: FacetTally,
    languages: FacetTally,
    day_of: Vec<NaiveDate>,
}

impl Tally {
    fn push(&mut self, article: &impl ArticleText) {
        self.sources.push(article.source());
        self.languages.push(&language_value(article.lang()));
        self.day_of.push(article.published().date());
    }

    /// A library of `articles`, the ones tallied, in order, with the
    /// stories `named`.
    fn library(&self, articles: Vec<Rc<StoredArticle>>, named: &Named) -> Library {
        let stories = match named.is_empty() {
            true => Rc::default(),
            false => Rc::new(Stories::from_names(&articles, named)),
        };
        Library {
            stories,
            articles: Articles::InMemory(articles),
            sources: self.sources.facet(),
            languages: self.languages.facet(),
            day_of: Rc::new(self.day_of.clone()),
            ..Default::default()
        }
    }
}

/// Where a library's articles came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Origin {
    /// The page's own set, or `?data=URL`.
    #[default]
    Bundled,
    Url(String),
    /// Files the user opened; `merged` when added to what was open.
    Files {
        merged: bool,
    },
    /// What a page embedding a reader chose (`from` says what, for an
    /// export's provenance): a set at its `src`, or JavaScript objects
    /// (`given`: grouped into stories in the page, as opened files are).
    Embedded {
        from: String,
        given: bool,
    },
}

impl Origin {
    /// Where the articles came from, in the reader's words, for every view
    /// that shows them (`None` for the site's own set): a link may point
    /// the page at anyone's archive, and its articles must never pass for
    /// this site's.
    pub fn label(&self) -> Option<String> {
        match self {
            Origin::Bundled => None,
            Origin::Url(url) => Some(format!("From {url}")),
            Origin::Files { merged: false } => Some("Your files".to_owned()),
            Origin::Files { merged: true } => {
                Some("Your files, added to the articles already open".to_owned())
            }
            // The host page vouches for what it shows.
            Origin::Embedded { .. } => None,
        }
    }

    /// [`Origin::label`] for a page showing one article, which names
    /// another site as such.
    pub fn article_label(&self) -> Option<String> {
        match self {
            Origin::Url(url) if crate::fetch::is_cross_origin(url) => Some(format!(
                "From {url}: another site's archive, not published by this site"
            )),
            _ => self.label(),
        }
    }
}

/// What loading read and skipped, in the CLI's words (see core's `Batch`).
/// `Eq`, so an `Rc` of it compares by pointer first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadReport {
    pub origin: Origin,
    pub files: usize,
    /// Identical duplicate copies merged into one.
    pub merged: usize,
    /// Files in folders that are neither `.txt` nor `.json`.
    pub ignored: usize,
    /// Records read that are not articles (a crawl's requests, images,
    /// redirects), by reason.
    pub ignored_records: Ignored,
    pub skipped: Rc<Vec<FileProblem>>,
    /// A part of a sharded archive that could not be used, though the rest
    /// can (e.g. its sources file): shown as a warning above the list.
    pub warning: Option<String>,
}

impl LoadReport {
    /// What `batch` read and skipped, and its articles.
    pub fn from_batch(batch: Batch, origin: Origin) -> (LoadReport, Vec<Article>) {
        let report = LoadReport {
            origin,
            files: batch.files,
            merged: batch.merged,
            ignored: batch.ignored,
            ignored_records: batch.ignored_records,
            skipped: Rc::new(batch.skipped),
            warning: None,
        };
        (report, batch.articles)
    }
}

/// A library is only ever equal to itself: props holding one compare in
/// O(1) instead of walking every article on each render.
impl PartialEq for Library {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

/// The list after the filters, and what each facet would show.
#[derive(Clone, Debug, PartialEq)]
pub struct Filtered {
    /// The positions kept, in the hits' order.
    pub kept: Rc<Vec<u32>>,
    /// Per source, the hits inside the date range and the chosen languages
    /// (whatever the source filter) ...
    pub source_counts: Vec<u32>,
    /// ... and per language, those inside the date range and the chosen
    /// sources (whatever the language filter).
    pub language_counts: Vec<u32>,
}

impl Library {
    /// Narrows `hits` (positions, in display order) by the view's date
    /// range, sources and languages, and counts per source and per
    /// language what choosing it would give. Proportional to the hits, not
    /// to the whole set; when nothing narrows, `hits` itself comes back (no
    /// copy), and when the hits are every article the counts are the
    /// totals (no pass at all).
    pub fn filter(&self, hits: &Rc<Vec<u32>>, view: &ListView) -> Filtered {
        let facets = [
            (&self.sources, view.sources.as_slice()),
            (&self.languages, view.languages.as_slice()),
        ];
        let dated = view.from.is_some() || view.to.is_some();
        let chosen = facets.iter().any(|(f, c)| f.applies() && !c.is_empty());
        if !dated && !chosen && hits.len() == self.len() {
            return Filtered {
                kept: hits.clone(),
                source_counts: self.sources.totals.clone(),
                language_counts: self.languages.totals.clone(),
            };
        }
        let wanted = facets.map(|(f, c)| f.wanted(c));
        let in_dates = |p: u32| {
            self.day_of.get(p as usize).is_some_and(|&day| {
                view.from.is_none_or(|from| day >= from) && view.to.is_none_or(|to| day <= to)
            })
        };
        let mut counts = facets.map(|(f, _)| vec![0u32; f.names.len()]);
        let mut kept = Vec::new();
        for &p in hits.iter() {
            if !in_dates(p) {
                continue;
            }
            // Per facet: the article's value (None: the facet does not
            // apply), and whether the filter lets it through. Indexes are
            // checked: a hostile archive's sources file or index may name
            // sources or positions that do not exist (they match nothing).
            let mut values = [None, None];
            let mut passes = [true, true];
            let mut valid = true;
            for (k, (facet, _)) in facets.iter().enumerate() {
                if !facet.applies() {
                    continue;
                }
                match facet.value_at(p) {
                    Some(v) => {
                        values[k] = Some(v);
                        passes[k] = wanted[k][v];
                    }
                    None => valid = false,
                }
            }
            if !valid {
                continue;
            }
            for k in 0..2 {
                if let Some(v) = values[k] {
                    if passes[1 - k] {
                        counts[k][v] += 1;
                    }
                }
            }
            if passes[0] && passes[1] {
                kept.push(p);
            }
        }
        let narrows = dated || chosen;
        let [source_counts, language_counts] = counts;
        Filtered {
            kept: if narrows { Rc::new(kept) } else { hits.clone() },
            source_counts,
            language_counts,
        }
    }
}
