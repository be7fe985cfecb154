//! The reader's state as plain data, the actions that change it, and the
//! reducer. The state mirrors the URL (see `route.rs`).

use crate::route::Route;
use broadsheet_core::Order;
use chrono::NaiveDate;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReaderState {
    pub route: Route,
}

pub enum Action {
    /// The search box changed.
    SetQuery(String),
    /// The order control changed.
    SetOrder(Order),
    /// The date range changed (either end may be open).
    SetDates(Option<NaiveDate>, Option<NaiveDate>),
    /// A source was ticked or unticked in the facet.
    ToggleSource(String),
    /// A language was ticked or unticked in its facet.
    ToggleLanguage(String),
    /// One card per story, or every copy.
    SetOnePerStory(bool),
    /// A query added to the timeline's comparison.
    Compare(String),
    /// A compared query taken off the timeline.
    StopComparing(String),
    /// A compared query made the active search (the active one takes its
    /// place among the compared).
    MakeActive(String),
    /// The URL changed (a link, back/forward, an edited or pasted URL).
    Navigate(Route),
}

impl Reducible for ReaderState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut route = self.route.clone();
        match action {
            Action::SetQuery(query) => route.list.query = query,
            Action::SetOrder(order) => route.list.order = order,
            Action::SetDates(from, to) => {
                // A reversed range is read the way it was meant.
                let (from, to) = match (from, to) {
                    (Some(f), Some(t)) if f > t => (Some(t), Some(f)),
                    other => other,
                };
                route.list.from = from;
                route.list.to = to;
            }
            Action::ToggleSource(source) => toggle(&mut route.list.sources, source),
            Action::ToggleLanguage(language) => toggle(&mut route.list.languages, language),
            Action::SetOnePerStory(on) => route.list.one_per_story = on,
            Action::Compare(query) => {
                let mut all = route.list.compare.clone();
                all.push(query);
                route.list.compare = crate::route::compared(all);
            }
            Action::StopComparing(query) => route.list.compare.retain(|q| *q != query),
            Action::MakeActive(query) => {
                let active = std::mem::replace(&mut route.list.query, query.clone());
                let rest = route.list.compare.iter().map(|q| {
                    if *q == query {
                        active.clone()
                    } else {
                        q.clone()
                    }
                });
                route.list.compare = crate::route::compared(rest.collect());
            }
            Action::Navigate(next) => route = next,
        }
        if route == self.route {
            self
        } else {
            Rc::new(ReaderState { route })
        }
    }
}

/// Adds `value` to the sorted `chosen`, or takes it out if there.
fn toggle(chosen: &mut Vec<String>, value: String) {
    match chosen.binary_search(&value) {
        Ok(i) => {
            chosen.remove(i);
        }
        Err(i) => chosen.insert(i, value),
    }
}
