//! From/to dates, with quick ranges counted back from the newest article
//! (an archive's "latest week" is more useful than the calendar's).

use broadsheet_core::date_text::{iso_day, parse_iso_day};
use chrono::{Days, Months, NaiveDate};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DateRangeProps {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// The oldest and newest publication days in the archive.
    pub bounds: Option<(NaiveDate, NaiveDate)>,
    pub on_change: Callback<(Option<NaiveDate>, Option<NaiveDate>)>,
}

fn iso(d: Option<NaiveDate>) -> AttrValue {
    d.map(|d| AttrValue::from(iso_day(d))).unwrap_or_default()
}

fn parse(e: &Event) -> Option<NaiveDate> {
    let value = e.target_unchecked_into::<HtmlInputElement>().value();
    parse_iso_day(&value)
}

#[function_component(DateRange)]
pub fn date_range(props: &DateRangeProps) -> Html {
    let (from, to) = (props.from, props.to);
    let on_from = props.on_change.reform(move |e: Event| (parse(&e), to));
    let on_to = props.on_change.reform(move |e: Event| (from, parse(&e)));
    let (min, max) = (
        iso(props.bounds.map(|b| b.0)),
        iso(props.bounds.map(|b| b.1)),
    );
    let preset = |label: &'static str, start: Option<NaiveDate>| {
        let newest = props.bounds.map(|b| b.1);
        let on_change = props.on_change.clone();
        let active = start.is_some() && from == start && to == newest;
        html! {
            <button type="button" class="preset" aria-pressed={active.to_string()}
                onclick={Callback::from(move |_| on_change.emit((start, newest)))}>{ label }</button>
        }
    };
    let newest = props.bounds.map(|b| b.1);
    let back = |f: fn(NaiveDate) -> Option<NaiveDate>| newest.and_then(f);
    let any = {
        let on_change = props.on_change.clone();
        Callback::from(move |_| on_change.emit((None, None)))
    };
    html! {
        <fieldset class="date-range">
            <legend>{ "Dates" }</legend>
            <label>{ "From " }<input type="date" aria-label="From date" value={iso(from)} min={min.clone()} max={max.clone()} onchange={on_from} /></label>
            <label>{ "to " }<input type="date" aria-label="To date" value={iso(to)} {min} {max} onchange={on_to} /></label>
            <span class="presets">
                { preset("Latest week", back(|d| d.checked_sub_days(Days::new(6)))) }
                { preset("Latest month", back(|d| d.checked_sub_months(Months::new(1)))) }
                { preset("Latest year", back(|d| d.checked_sub_months(Months::new(12)))) }
                <button type="button" class="preset" aria-pressed={(from.is_none() && to.is_none()).to_string()} onclick={any}>{ "Any time" }</button>
            </span>
        </fieldset>
    }
}
