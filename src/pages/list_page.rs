//! `#/?q=…`: the list of articles, with its search box, order, count,
//! timeline, filters, what loading skipped, and the cards.

use crate::components::{
    ArrivingCount, ArticleList, DateRange, ExportResults, Facet, FacetKind, LoadSummary,
    OrderSelect, ResultCount, SearchBox, Timeline,
};
use crate::hooks::{Results, SearchStatus};
use crate::library::Library;
use crate::route::Route;
use crate::state::{Action, ReaderState};
use broadsheet_core::clusters::Stories;
use broadsheet_core::numbers::megabytes;
use broadsheet_core::search::Truncated;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ListPageProps {
    pub library: Rc<Library>,
    /// Wire copies grouped into stories.
    pub stories: Rc<Stories>,
    /// The list's view, as the URL says it.
    pub route: Route,
    pub results: Results,
    /// The row selected from the keyboard.
    pub selected: Option<usize>,
    /// Where the controls send their changes.
    pub dispatcher: UseReducerDispatcher<ReaderState>,
}

#[function_component(ListPage)]
pub fn list_page(props: &ListPageProps) -> Html {
    let ListPageProps {
        library,
        stories,
        route,
        results,
        selected,
        dispatcher,
    } = props;
    let list = &route.list;
    // Stable callbacks: controls whose own props did not change skip the
    // re-render on a keystroke.
    let on_query = use_callback(dispatcher.clone(), |text, d| {
        d.dispatch(Action::SetQuery(text))
    });
    let on_dates = use_callback(dispatcher.clone(), |(from, to), d| {
        d.dispatch(Action::SetDates(from, to))
    });
    let on_source = use_callback(dispatcher.clone(), |source, d| {
        d.dispatch(Action::ToggleSource(source))
    });
    let on_language = use_callback(dispatcher.clone(), |language, d| {
        d.dispatch(Action::ToggleLanguage(language))
    });
    let on_timeline = use_callback(
        dispatcher.clone(),
        |(from, to), d: &UseReducerDispatcher<ReaderState>| {
            d.dispatch(Action::SetDates(Some(from), Some(to)))
        },
    );
    let on_order = use_callback(dispatcher.clone(), |order, d| {
        d.dispatch(Action::SetOrder(order))
    });
    let on_compare = use_callback(dispatcher.clone(), |query, d| {
        d.dispatch(Action::Compare(query))
    });
    let on_stop = use_callback(dispatcher.clone(), |query, d| {
        d.dispatch(Action::StopComparing(query))
    });
    let on_make_active = use_callback(dispatcher.clone(), |query, d| {
        d.dispatch(Action::MakeActive(query))
    });
    let on_stories = use_callback(dispatcher.clone(), |e: Event, d| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        d.dispatch(Action::SetOnePerStory(input.checked()))
    });
    html! {
        <>
            <section class="controls" aria-label="Search and order">
                <SearchBox query={AttrValue::from(list.query.clone())} on_change={on_query} />
                <OrderSelect order={results.order} has_query={!results.query.is_empty()} on_change={on_order} />
                // Always there, beside the order (a control that comes and
                // goes, or a row of its own, would move the list under the
                // reader); it exports once the results answer the view.
                <ExportResults library={library.clone()} positions={results.positions.clone()}
                    route={route.to_list()} stories={stories.clone()}
                    ready={matches!(results.status, SearchStatus::Done)} />
                if !stories.is_empty() {
                    <label class="one-per-story">
                        <input type="checkbox" checked={list.one_per_story} onchange={on_stories}
                            aria-label="One card per story: wire copies collapsed to their story's first article" />
                        { format!(" One card per story ({} stories have copies)", stories.len()) }
                    </label>
                }
                { count_line(&results.status, results.positions.len(), library.len(), results.every_word, results.articles_in_stories) }
                if let Some(cut) = results.query.truncated() {
                    <p class="query-note" role="status">{ query_cut_note(cut) }</p>
                }
            </section>
            if let Some(bounds) = library.date_bounds() {
                <Timeline days={results.timeline_days.clone()} {bounds} from={list.from} to={list.to}
                    on_select={on_timeline} query={AttrValue::from(list.query.clone())}
                    compared={results.compared.clone()} can_compare={library.archive().is_none()}
                    {on_compare} {on_stop} {on_make_active} />
            }
            <section class="filters" aria-label="Filters">
                <DateRange from={list.from} to={list.to} bounds={library.date_bounds()} on_change={on_dates} />
                <Facet kind={FacetKind::Sources} values={library.sources.names.clone()} counts={results.source_counts.clone()}
                    selected={list.sources.clone()} on_toggle={on_source} />
                // One language says nothing: the facet shows once there are two.
                if library.languages.names.len() > 1 {
                    <Facet kind={FacetKind::Languages} values={library.languages.names.clone()}
                        counts={results.language_counts.clone()} selected={list.languages.clone()} on_toggle={on_language} />
                }
            </section>
            <LoadSummary report={library.report.clone()} articles={library.len()} />
            // `data-query` tells tests and benchmarks which query the cards
            // show; `aria-busy` that more of its results are on their way.
            <section class="results" aria-label="Results" data-query={results.answered_text.clone()}
                aria-busy={matches!(results.status, SearchStatus::Counting(_)).then_some("true")}>
                <ArticleList library={library.clone()} matches={results.positions.clone()} query={results.shown_query.clone()}
                    route={route.to_list()} selected={*selected} stories={stories.clone()} />
            </section>
        </>
    }
}

/// The count line: how many articles are shown, or what the search is
/// still waiting for.
fn count_line(
    status: &SearchStatus,
    shown: usize,
    total: usize,
    every_word: Option<usize>,
    in_stories: Option<usize>,
) -> Html {
    match status {
        SearchStatus::Failed(why) => html! {
            <p class="result-count search-failed" role="alert">
                { format!("Search is unavailable: {why}") }
            </p>
        },
        SearchStatus::Searching(fetching) => html! {
            <p class="result-count" role="status" aria-live="polite">
                { match fetching {
                    Some((parts, bytes)) => format!("Searching the archive… {parts} parts ({}) so far", megabytes(*bytes as f64)),
                    None => "Searching the archive…".to_string(),
                } }
            </p>
        },
        SearchStatus::Counting(fetching) => html! {
            <p class="result-count" role="status" aria-live="polite">
                { format!(
                    "The newest {} · counting the rest of the archive's matches…{}",
                    match shown { 1 => "match".to_string(), n => format!("{n} matches") },
                    match fetching {
                        Some((parts, bytes)) => format!(" {parts} parts ({}) so far", megabytes(*bytes as f64)),
                        None => String::new(),
                    }
                ) }
            </p>
        },
        SearchStatus::LoadingFacets => html! {
            <p class="result-count" role="status" aria-live="polite">
                { "Loading the archive's sources and languages for the filter…" }
            </p>
        },
        SearchStatus::Arriving(arrival) => html! {
            <ArrivingCount {shown} so_far={total} arrival={*arrival} />
        },
        SearchStatus::Indexing { indexed, total } => html! {
            <p class="result-count" role="status" aria-live="polite">
                { if *indexed == 0 {
                    format!("Indexing {total} articles… results follow")
                } else {
                    format!("Indexing {indexed} of {total} articles… results follow")
                } }
            </p>
        },
        SearchStatus::Done => html! { <ResultCount {shown} {total} {every_word} {in_stories} /> },
    }
}

/// What the reader is told when a query was too long to search whole.
fn query_cut_note(cut: Truncated) -> String {
    use crate::limits::{MAX_QUERY_CHARS, MAX_QUERY_TERMS};
    use broadsheet_core::numbers::grouped;
    match cut {
        Truncated::Chars => format!(
            "The query is too long: only its first {} characters are searched.",
            grouped(MAX_QUERY_CHARS)
        ),
        Truncated::Terms => format!(
            "The query has too many words: only its first {MAX_QUERY_TERMS} words are searched."
        ),
    }
}
