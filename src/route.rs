//! The view as a URL, so reload, back/forward and a pasted link show the
//! same thing. Hash routing works on any static host, with no rewrites:
//!
//! - `#/?q=iran&order=relevance&stories=1`: the list, with its query,
//!   order, filters, and wire copies collapsed to one card per story;
//! - `#/article/75422?q=iran`: one article, with the list it was opened
//!   from (for previous/next and the way back).

use broadsheet_core::date_text::{iso_day, parse_iso_day};
use broadsheet_core::Order;
use chrono::NaiveDate;
use web_sys::UrlSearchParams;

/// What the list shows: the query as typed, the order and the filters.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListView {
    pub query: String,
    pub order: Order,
    /// First and last day shown (inclusive), by publication date.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Only these sources, when any are chosen; kept sorted.
    pub sources: Vec<String>,
    /// Only these languages (`en`, `fa`; empty for articles that give
    /// none), when any are chosen; kept sorted.
    pub languages: Vec<String>,
    /// One card per story: wire copies collapsed to the story's first
    /// article (`stories=1`).
    pub one_per_story: bool,
    /// Other queries the timeline compares with this one (`vs=…`, at most
    /// [`MAX_COMPARED`], in the order added).
    pub compare: Vec<String>,
}

/// Queries the timeline compares with the active one (three series in all).
pub const MAX_COMPARED: usize = 2;

impl ListView {
    /// The order results are shown in: relevance needs a query, so without
    /// one the list falls back to newest first.
    pub fn effective_order(&self, query_is_empty: bool) -> Order {
        match self.order {
            Order::Relevance if query_is_empty => Order::Newest,
            order => order,
        }
    }
}

/// Everything the URL says.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Route {
    pub list: ListView,
    /// The id of the open article, if any.
    pub article: Option<String>,
}

impl Route {
    /// Reads a location hash; anything missing or unknown is the default.
    pub fn from_hash(hash: &str) -> Self {
        let hash = hash.trim_start_matches('#');
        let (path, params) = hash.split_once('?').unwrap_or((hash, ""));
        let article = path
            .strip_prefix("/article/")
            .filter(|id| !id.is_empty())
            .map(|id| {
                js_sys::decode_uri_component(id)
                    .map(String::from)
                    .unwrap_or_else(|_| id.to_owned())
            });
        let list = match UrlSearchParams::new_with_str(params) {
            Ok(params) => {
                let date = |name| params.get(name).and_then(|d| parse_iso_day(&d));
                let all = |name: &str| {
                    let mut values: Vec<String> = params
                        .get_all(name)
                        .iter()
                        .filter_map(|s| s.as_string())
                        .collect();
                    broadsheet_core::sort::sort(&mut values);
                    values.dedup();
                    values
                };
                ListView {
                    query: params.get("q").unwrap_or_default(),
                    order: params
                        .get("order")
                        .and_then(|o| order_from_name(&o))
                        .unwrap_or_default(),
                    from: date("from"),
                    to: date("to"),
                    sources: all("source"),
                    languages: all("lang"),
                    one_per_story: params.get("stories").as_deref() == Some("1"),
                    compare: compared(
                        params
                            .get_all("vs")
                            .iter()
                            .filter_map(|s| s.as_string())
                            .collect(),
                    ),
                }
            }
            Err(_) => ListView::default(),
        };
        Route { list, article }
    }

    /// `#/…?q=…&order=…`, leaving out defaults so plain links stay plain.
    pub fn to_hash(&self) -> String {
        let path = match &self.article {
            Some(id) => format!(
                "/article/{}",
                String::from(js_sys::encode_uri_component(id))
            ),
            None => "/".to_owned(),
        };
        let query = UrlSearchParams::new()
            .map(|params| {
                if !self.list.query.is_empty() {
                    params.append("q", &self.list.query);
                }
                if self.list.order != Order::default() {
                    params.append("order", order_name(self.list.order));
                }
                for (name, date) in [("from", self.list.from), ("to", self.list.to)] {
                    if let Some(date) = date {
                        params.append(name, &iso_day(date));
                    }
                }
                for source in &self.list.sources {
                    params.append("source", source);
                }
                for language in &self.list.languages {
                    params.append("lang", language);
                }
                if self.list.one_per_story {
                    params.append("stories", "1");
                }
                for query in &self.list.compare {
                    params.append("vs", query);
                }
                String::from(params.to_string())
            })
            .unwrap_or_default();
        if query.is_empty() {
            format!("#{path}")
        } else {
            format!("#{path}?{query}")
        }
    }

    /// The list this route shows or was opened from.
    pub fn to_list(&self) -> Route {
        Route {
            list: self.list.clone(),
            article: None,
        }
    }

    /// The same list with article `id` open.
    pub fn with_article(&self, id: &str) -> Route {
        Route {
            list: self.list.clone(),
            article: Some(id.to_owned()),
        }
    }

    /// The route the page's URL shows now.
    pub fn current() -> Self {
        Route::from_hash(&gloo::utils::window().location().hash().unwrap_or_default())
    }

    /// Puts this route in the address bar without adding a history entry
    /// (typing a query must not fill the history).
    pub fn replace_current(&self) {
        let window = gloo::utils::window();
        let hash = self.to_hash();
        let current = window.location().hash().unwrap_or_default();
        if current == hash || (current.is_empty() && hash == "#/") {
            return;
        }
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&hash));
        }
    }
}

/// Queries to compare as a link gives them: trimmed, none empty or twice,
/// at most [`MAX_COMPARED`].
pub fn compared(queries: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for q in queries {
        let q = q.trim().to_owned();
        if !q.is_empty() && !out.contains(&q) && out.len() < MAX_COMPARED {
            out.push(q);
        }
    }
    out
}

/// The order's name in URLs and in the order control.
pub fn order_name(order: Order) -> &'static str {
    match order {
        Order::Newest => "newest",
        Order::Oldest => "oldest",
        Order::Relevance => "relevance",
    }
}

pub fn order_from_name(name: &str) -> Option<Order> {
    [Order::Newest, Order::Oldest, Order::Relevance]
        .into_iter()
        .find(|o| order_name(*o) == name)
}
