//! A histogram of the matching articles over time, drawn as SVG. Bins are
//! days, weeks, months or years depending on the archive's span; hovering
//! a bar names its range and count; a click selects that range, a drag
//! selects several bars.

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
    let (bin, bars) = (bars.0, &bars.1);
    let max = bars.iter().map(|b| b.2).max().unwrap_or(0).max(1) as f64;
    let width = WIDTH / bars.len().max(1) as f64;
    let filtered = props.from.is_some() || props.to.is_some();
    html! {
        <figure class="timeline">
            <svg viewBox={format!("0 0 {WIDTH} {HEIGHT}")} preserveAspectRatio="none" role="group"
                aria-label="Matching articles over time; choose a bar to show its dates">
                { for bars.iter().enumerate().filter(|_| *drawn).map(|(i, bar)| {
                    let selected = filtered
                        && props.from.is_none_or(|f| bar.1 >= f)
                        && props.to.is_none_or(|t| bar.0 <= t);
                    html! {
                        <TimelineBar key={i} index={i} x={i as f64 * width} {width} start={bar.0} count={bar.2}
                            height={if bar.2 == 0 { 0.0 } else { (bar.2 as f64 / max * (HEIGHT - 4.0)).max(2.0) }}
                            {bin} {selected} on_down={on_down.clone()} on_up={on_up.clone()} />
                    }
                }) }
            </svg>
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
    let label = format!("{}: {} {noun}", props.bin.label(props.start), props.count);
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
