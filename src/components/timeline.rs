//! A histogram of the matching articles over time, drawn as SVG. Bins are
//! days, weeks, months or years depending on the archive's span; hovering
//! a bar names its range and count; a click selects that range, a drag
//! selects several bars. Up to two other queries can be compared with the
//! active one: a line each over the same bars, a legend (each compared
//! query a button that makes it the active search), their counts in each
//! bar's hover text.

use crate::hooks::Series;
use crate::route::MAX_COMPARED;
use broadsheet_core::date_text::{day_label, iso_day, month_label, year_label};
use chrono::{Datelike, Days, Months, NaiveDate};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Bin {
    Day,
    Week,
    Month,
    Year,
    /// Several years a bar (10, 50, 100, …), for spans of centuries: a
    /// stray date such as 0001-01-01 must not stretch the bars past use.
    Years(i32),
}

impl Bin {
    /// A bin size that gives a readable number of bars for `days` of span.
    pub fn for_span(days: i64) -> Bin {
        match days {
            ..=62 => Bin::Day,
            63..=730 => Bin::Week,
            731..=7300 => Bin::Month,
            7301..=73_000 => Bin::Year,
            _ => {
                // At most about 200 bars, in round numbers of years.
                let years = days / 365 / 200 + 1;
                let step = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000]
                    .into_iter()
                    .find(|&s| s >= years)
                    .unwrap_or(10_000);
                Bin::Years(step as i32)
            }
        }
    }

    /// The first day of the bin holding `day`.
    pub fn start(self, day: NaiveDate) -> NaiveDate {
        match self {
            Bin::Day => day,
            Bin::Week => day - Days::new(u64::from(day.weekday().num_days_from_monday())),
            Bin::Month => day.with_day(1).unwrap_or(day),
            Bin::Year => NaiveDate::from_ymd_opt(day.year(), 1, 1).unwrap_or(day),
            Bin::Years(n) => {
                NaiveDate::from_ymd_opt(day.year().div_euclid(n) * n, 1, 1).unwrap_or(day)
            }
        }
    }

    /// The first day of the next bin.
    pub fn next(self, start: NaiveDate) -> NaiveDate {
        let next = match self {
            Bin::Day => start.checked_add_days(Days::new(1)),
            Bin::Week => start.checked_add_days(Days::new(7)),
            Bin::Month => start.checked_add_months(Months::new(1)),
            Bin::Year => start.checked_add_months(Months::new(12)),
            Bin::Years(n) => start.checked_add_months(Months::new(12 * n as u32)),
        };
        next.unwrap_or(NaiveDate::MAX)
    }

    fn label(self, start: NaiveDate) -> String {
        match self {
            Bin::Day => day_label(start),
            Bin::Week => format!("week of {}", day_label(start)),
            Bin::Month => month_label(start),
            Bin::Year => year_label(start),
            Bin::Years(n) => format!("{}–{}", start.year(), start.year() + n - 1),
        }
    }
}

/// Bars: (first day, last day, count), oldest first, covering `bounds`.
pub fn histogram(
    days: impl Iterator<Item = NaiveDate>,
    bounds: (NaiveDate, NaiveDate),
) -> (Bin, Vec<(NaiveDate, NaiveDate, u32)>) {
    let bin = Bin::for_span((bounds.1 - bounds.0).num_days());
    let mut bars = Vec::new();
    let mut start = bin.start(bounds.0);
    while start <= bounds.1 && bars.len() < 2000 {
        let next = bin.next(start);
        bars.push((start, next.pred_opt().unwrap_or(next), 0u32));
        start = next;
    }
    let first = bin.start(bounds.0);
    // Days mostly come in date order (results newest or oldest first), so
    // the previous day's bar is checked before a binary search: a million
    // days bin in a few milliseconds.
    let mut last = usize::MAX;
    for day in days {
        if day < first {
            continue;
        }
        let i = match bars.get(last) {
            Some(b) if b.0 <= day && day <= b.1 => last,
            // Bars are contiguous and sorted: find by binary search.
            _ => bars.partition_point(|b| b.1 < day),
        };
        if let Some(bar) = bars.get_mut(i) {
            bar.2 += 1;
            last = i;
        }
    }
    (bin, bars)
}

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// Publication days of the articles to count (the current results).
    pub days: Rc<Vec<NaiveDate>>,
    /// The archive's oldest and newest days.
    pub bounds: (NaiveDate, NaiveDate),
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub on_select: Callback<(NaiveDate, NaiveDate)>,
    /// The active query as typed (empty: every article).
    #[prop_or_default]
    pub query: AttrValue,
    /// Other queries compared with it, each with its results' days.
    #[prop_or_default]
    pub compared: Rc<Vec<Series>>,
    /// Whether queries can be compared here (not for an archive yet).
    #[prop_or_default]
    pub can_compare: bool,
    /// A query added to the comparison, a compared one taken off, and one
    /// made the active search.
    #[prop_or_default]
    pub on_compare: Callback<String>,
    #[prop_or_default]
    pub on_stop: Callback<String>,
    #[prop_or_default]
    pub on_make_active: Callback<String>,
}

/// How a query is named in the legend and hover text.
fn query_label(query: &str) -> String {
    match query.trim() {
        "" => "every article".to_owned(),
        q => format!("\u{201c}{q}\u{201d}"),
    }
}

const WIDTH: f64 = 1000.0;
const HEIGHT: f64 = 64.0;

/// Above this many articles the first drawing waits for the frame after
/// the cards (hundreds of SVG bars would otherwise delay the cards of a
/// large archive); smaller sets draw at once.
const DRAW_LATER_OVER: usize = 20_000;

#[function_component(Timeline)]
pub fn timeline(props: &TimelineProps) -> Html {
    let drawn = use_state_eq(|| props.days.len() <= DRAW_LATER_OVER);
    {
        let drawn = drawn.clone();
        use_effect_with((), move |_| {
            let draw = Closure::once_into_js(move || {
                gloo_timers::callback::Timeout::new(0, move || drawn.set(true)).forget();
            });
            let _ = gloo::utils::window().request_animation_frame(draw.unchecked_ref());
        });
    }
    let bars = use_memo(
        (props.days.clone(), props.bounds, *drawn),
        |(days, bounds, drawn)| {
            let days: &[NaiveDate] = if *drawn { days } else { &[] };
            histogram(days.iter().copied(), *bounds)
        },
    );
    // Where a drag started; no render needed while it lasts.
    let drag_from = use_mut_ref(|| None::<usize>);
    let on_down = {
        let drag_from = drag_from.clone();
        use_callback((), move |i: usize, _| *drag_from.borrow_mut() = Some(i))
    };
    // Keyed by the bars too: they change with the bounds (the list grows
    // while a set streams in), and a click must pick the bar it hit.
    let on_up = use_callback(
        (props.on_select.clone(), bars.clone()),
        move |i: usize, (on_select, bars)| {
            let start = drag_from.borrow_mut().take().unwrap_or(i);
            let (a, b) = (start.min(i), start.max(i));
            if let (Some(first), Some(last)) = (bars.1.get(a), bars.1.get(b)) {
                on_select.emit((first.0, last.1));
            }
        },
    );
    // Each compared query's counts over the same bars.
    let lines = use_memo(
        (props.compared.clone(), props.bounds, *drawn),
        |(compared, bounds, drawn)| {
            compared
                .iter()
                .map(|series| {
                    let days: &[NaiveDate] = if *drawn { &series.days } else { &[] };
                    histogram(days.iter().copied(), *bounds)
                        .1
                        .iter()
                        .map(|b| b.2)
                        .collect::<Vec<u32>>()
                })
                .collect::<Vec<_>>()
        },
    );
    let (bin, bars) = (bars.0, &bars.1);
    // One scale for every series, so their heights compare.
    let max = bars
        .iter()
        .map(|b| b.2)
        .chain(lines.iter().flatten().copied())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let width = WIDTH / bars.len().max(1) as f64;
    let y = |count: u32| HEIGHT - count as f64 / max * (HEIGHT - 4.0);
    let comparing = !props.compared.is_empty();
    let filtered = props.from.is_some() || props.to.is_some();
    html! {
        <figure class="timeline">
            <svg viewBox={format!("0 0 {WIDTH} {HEIGHT}")} preserveAspectRatio="none" role="group"
                aria-label="Matching articles over time; choose a bar to show its dates">
                { for bars.iter().enumerate().filter(|_| *drawn).map(|(i, bar)| {
                    let selected = filtered
                        && props.from.is_none_or(|f| bar.1 >= f)
                        && props.to.is_none_or(|t| bar.0 <= t);
                    let also: String = props.compared.iter().zip(lines.iter()).map(|(series, counts)| {
                        format!(" · {}: {}", query_label(&series.query), counts.get(i).copied().unwrap_or(0))
                    }).collect();
                    let also = if comparing { format!(" ({}){also}", query_label(&props.query)) } else { also };
                    html! {
                        <TimelineBar key={i} index={i} x={i as f64 * width} {width} start={bar.0} count={bar.2}
                            height={if bar.2 == 0 { 0.0 } else { (bar.2 as f64 / max * (HEIGHT - 4.0)).max(2.0) }}
                            {bin} {selected} also={AttrValue::from(also)} on_down={on_down.clone()} on_up={on_up.clone()} />
                    }
                }) }
                { for lines.iter().enumerate().filter(|_| *drawn).map(|(k, counts)| {
                    let points: Vec<String> = counts.iter().enumerate()
                        .map(|(i, &c)| format!("{:.1},{:.1}", (i as f64 + 0.5) * width, y(c)))
                        .collect();
                    html! { <polyline class={format!("series series-{}", k + 1)} points={points.join(" ")} /> }
                }) }
            </svg>
            if props.can_compare {
                <Legend query={props.query.clone()} compared={props.compared.clone()}
                    on_compare={props.on_compare.clone()} on_stop={props.on_stop.clone()}
                    on_make_active={props.on_make_active.clone()} />
            }
            <figcaption class="timeline-axis">
                <span>{ month_label(props.bounds.0) }</span>
                <span>{ month_label(props.bounds.1) }</span>
            </figcaption>
        </figure>
    }
}

#[derive(Properties, PartialEq)]
struct TimelineBarProps {
    index: usize,
    x: f64,
    width: f64,
    height: f64,
    start: NaiveDate,
    count: u32,
    bin: Bin,
    selected: bool,
    /// The compared queries' counts in this bar, for its hover text.
    also: AttrValue,
    on_down: Callback<usize>,
    on_up: Callback<usize>,
}

/// One bar; a component of its own so a keystroke re-renders only the bars
/// whose count or selection changed.
#[function_component(TimelineBar)]
fn timeline_bar(props: &TimelineBarProps) -> Html {
    let i = props.index;
    let onpointerdown = props.on_down.reform(move |e: PointerEvent| {
        e.prevent_default();
        i
    });
    let onpointerup = props.on_up.reform(move |_: PointerEvent| i);
    let noun = if props.count == 1 {
        "article"
    } else {
        "articles"
    };
    let label = format!(
        "{}: {} {noun}{}",
        props.bin.label(props.start),
        props.count,
        props.also
    );
    let class = classes!("bar", props.selected.then_some("selected"));
    html! {
        <g {class} data-start={iso_day(props.start)} data-count={props.count.to_string()} {onpointerdown} {onpointerup}>
            <title>{ label }</title>
            // A full-height hit area so thin bars are easy to choose.
            <rect class="hit" x={props.x.to_string()} y="0" width={props.width.to_string()} height={HEIGHT.to_string()} />
            <rect class="fill" x={(props.x + props.width * 0.1).to_string()} y={(HEIGHT - props.height).to_string()}
                width={(props.width * 0.8).to_string()} height={props.height.to_string()} />
        </g>
    }
}

#[derive(Properties, PartialEq)]
struct LegendProps {
    query: AttrValue,
    compared: Rc<Vec<Series>>,
    on_compare: Callback<String>,
    on_stop: Callback<String>,
    on_make_active: Callback<String>,
}

/// The series' legend: the active query, each compared one (a button that
/// makes it the active search, and one that takes it off), and a box to
/// add another.
#[function_component(Legend)]
fn legend(props: &LegendProps) -> Html {
    let input = use_node_ref();
    let on_submit = {
        let (input, on_compare) = (input.clone(), props.on_compare.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(field) = input.cast::<web_sys::HtmlInputElement>() {
                let text = field.value();
                if !text.trim().is_empty() {
                    on_compare.emit(text.trim().to_owned());
                    field.set_value("");
                }
            }
        })
    };
    html! {
        <div class="timeline-legend">
            <ul aria-label="Queries on the timeline">
                <li class="series-0">
                    <span class="swatch" aria-hidden="true"></span>
                    { format!("{} (the list)", query_label(&props.query)) }
                </li>
                { for props.compared.iter().enumerate().map(|(k, series)| {
                    let make_active = props.on_make_active.reform({
                        let q = series.query.clone();
                        move |_: MouseEvent| q.clone()
                    });
                    let stop = props.on_stop.reform({
                        let q = series.query.clone();
                        move |_: MouseEvent| q.clone()
                    });
                    let label = query_label(&series.query);
                    html! {
                        <li key={series.query.clone()} class={format!("series-{}", k + 1)}>
                            <button type="button" class="make-active" onclick={make_active}
                                aria-label={format!("Search for {label}")}>
                                <span class="swatch" aria-hidden="true"></span>
                                { format!("{label}: {} {}", series.days.len(), if series.days.len() == 1 { "article" } else { "articles" }) }
                            </button>
                            <button type="button" class="stop" onclick={stop} aria-label={format!("Stop comparing {label}")}>{ "×" }</button>
                        </li>
                    }
                }) }
            </ul>
            if props.compared.len() < MAX_COMPARED {
                <form class="compare" onsubmit={on_submit}>
                    <input ref={input} type="search" aria-label="Compare another query on the timeline" placeholder="Compare with…" />
                    <button type="submit">{ "Compare" }</button>
                </form>
            }
        </div>
    }
}
