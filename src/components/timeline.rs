//! A histogram of the matching articles over time, drawn as SVG. Bins are
//! days, weeks, months or years depending on the archive's span; hovering
//! a bar names its range and count; a click selects that range, a drag
//! selects several bars.

use chrono::{Datelike, Days, Months, NaiveDate};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Bin {
    Day,
    Week,
    Month,
    Year,
}

impl Bin {
    /// A bin size that gives a readable number of bars for `days` of span.
    pub fn for_span(days: i64) -> Bin {
        match days {
            ..=62 => Bin::Day,
            63..=730 => Bin::Week,
            731..=7300 => Bin::Month,
            _ => Bin::Year,
        }
    }

    /// The first day of the bin holding `day`.
    pub fn start(self, day: NaiveDate) -> NaiveDate {
        match self {
            Bin::Day => day,
            Bin::Week => day - Days::new(u64::from(day.weekday().num_days_from_monday())),
            Bin::Month => day.with_day(1).unwrap_or(day),
            Bin::Year => NaiveDate::from_ymd_opt(day.year(), 1, 1).unwrap_or(day),
        }
    }

    /// The first day of the next bin.
    pub fn next(self, start: NaiveDate) -> NaiveDate {
        let next = match self {
            Bin::Day => start.checked_add_days(Days::new(1)),
            Bin::Week => start.checked_add_days(Days::new(7)),
            Bin::Month => start.checked_add_months(Months::new(1)),
            Bin::Year => start.checked_add_months(Months::new(12)),
        };
        next.unwrap_or(NaiveDate::MAX)
    }

    fn label(self, start: NaiveDate) -> String {
        match self {
            Bin::Day => start.format("%-d %b %Y").to_string(),
            Bin::Week => format!("week of {}", start.format("%-d %b %Y")),
            Bin::Month => start.format("%b %Y").to_string(),
            Bin::Year => start.format("%Y").to_string(),
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
    for day in days {
        // Bars are contiguous and sorted: find by binary search.
        let i = bars.partition_point(|b| b.1 < day);
        if let Some(bar) = bars.get_mut(i).filter(|_| day >= first) {
            bar.2 += 1;
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

#[function_component(Timeline)]
pub fn timeline(props: &TimelineProps) -> Html {
    let bars = use_memo((props.days.clone(), props.bounds), |(days, bounds)| {
        histogram(days.iter().copied(), *bounds)
    });
    let drag_from = use_state(|| None::<usize>);
    let (bin, bars) = (&bars.0, &bars.1);
    let max = bars.iter().map(|b| b.2).max().unwrap_or(0).max(1) as f64;
    let width = WIDTH / bars.len().max(1) as f64;
    let selected = |b: &(NaiveDate, NaiveDate, u32)| {
        (props.from.is_some() || props.to.is_some())
            && props.from.is_none_or(|f| b.1 >= f)
            && props.to.is_none_or(|t| b.0 <= t)
    };
    html! {
        <figure class="timeline">
            <svg viewBox={format!("0 0 {WIDTH} {HEIGHT}")} preserveAspectRatio="none" role="group"
                aria-label="Matching articles over time; choose a bar to show its dates">
                { for bars.iter().enumerate().map(|(i, bar)| {
                    let h = if bar.2 == 0 { 0.0 } else { (bar.2 as f64 / max * (HEIGHT - 4.0)).max(2.0) };
                    let label = format!("{}: {} {}", bin.label(bar.0), bar.2, if bar.2 == 1 { "article" } else { "articles" });
                    let onpointerdown = {
                        let drag_from = drag_from.clone();
                        Callback::from(move |e: PointerEvent| { e.prevent_default(); drag_from.set(Some(i)); })
                    };
                    let onpointerup = {
                        let drag_from = drag_from.clone();
                        let on_select = props.on_select.clone();
                        let bars: Vec<(NaiveDate, NaiveDate)> = bars.iter().map(|b| (b.0, b.1)).collect();
                        Callback::from(move |_: PointerEvent| {
                            let start = drag_from.unwrap_or(i);
                            let (a, b) = (start.min(i), start.max(i));
                            drag_from.set(None);
                            on_select.emit((bars[a].0, bars[b].1));
                        })
                    };
                    let class = classes!("bar", selected(bar).then_some("selected"));
                    html! {
                        <g {class} data-start={bar.0.format("%Y-%m-%d").to_string()} data-count={bar.2.to_string()} {onpointerdown} {onpointerup}>
                            <title>{ label }</title>
                            // A full-height hit area so thin bars are easy to choose.
                            <rect class="hit" x={(i as f64 * width).to_string()} y="0" width={width.to_string()} height={HEIGHT.to_string()} />
                            <rect class="fill" x={(i as f64 * width + width * 0.1).to_string()} y={(HEIGHT - h).to_string()}
                                width={(width * 0.8).to_string()} height={h.to_string()} />
                        </g>
                    }
                }) }
            </svg>
            <figcaption class="timeline-axis">
                <span>{ props.bounds.0.format("%b %Y").to_string() }</span>
                <span>{ props.bounds.1.format("%b %Y").to_string() }</span>
            </figcaption>
        </figure>
    }
}
