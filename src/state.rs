//! The reader's state as plain data, the actions that change it, and the
//! reducer. The state mirrors the URL (see `route.rs`).

use crate::route::ListView;
use broadsheet_core::Order;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReaderState {
    pub view: ListView,
}

pub enum Action {
    /// The search box changed.
    SetQuery(String),
    /// The order control changed.
    SetOrder(Order),
    /// The URL changed outside the app (back/forward, an edited link).
    Navigate(ListView),
}

impl Reducible for ReaderState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut view = self.view.clone();
        match action {
            Action::SetQuery(query) => view.query = query,
            Action::SetOrder(order) => view.order = order,
            Action::Navigate(next) => view = next,
        }
        if view == self.view {
            self
        } else {
            Rc::new(ReaderState { view })
        }
    }
}

impl ReaderState {
    /// The order results are shown in: relevance needs a query, so without
    /// one the list falls back to newest first.
    pub fn effective_order(&self, query_is_empty: bool) -> Order {
        match self.view.order {
            Order::Relevance if query_is_empty => Order::Newest,
            order => order,
        }
    }
}
