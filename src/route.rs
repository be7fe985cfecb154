//! The view as a URL, so reload, back/forward and a pasted link show the
//! same thing. Hash routing (`#/?q=iraq&order=relevance`) works on any
//! static host, with no server rewrites.

use broadsheet_core::Order;
use web_sys::UrlSearchParams;

/// What the list shows: the query as typed and the order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListView {
    pub query: String,
    pub order: Order,
}

impl ListView {
    /// Reads `#/?q=…&order=…`; anything missing or unknown is the default.
    pub fn from_hash(hash: &str) -> Self {
        let params = hash.trim_start_matches('#').trim_start_matches('/');
        let params = params.strip_prefix('?').unwrap_or(params);
        let Ok(params) = UrlSearchParams::new_with_str(params) else {
            return ListView::default();
        };
        ListView {
            query: params.get("q").unwrap_or_default(),
            order: params
                .get("order")
                .and_then(|o| order_from_name(&o))
                .unwrap_or_default(),
        }
    }

    /// `#/?q=…&order=…`, leaving out defaults so plain links stay plain.
    pub fn to_hash(&self) -> String {
        let Ok(params) = UrlSearchParams::new() else {
            return "#/".into();
        };
        if !self.query.is_empty() {
            params.append("q", &self.query);
        }
        if self.order != Order::default() {
            params.append("order", order_name(self.order));
        }
        let query: String = params.to_string().into();
        if query.is_empty() {
            "#/".into()
        } else {
            format!("#/?{query}")
        }
    }

    /// The view the page's URL shows now.
    pub fn current() -> Self {
        ListView::from_hash(&gloo::utils::window().location().hash().unwrap_or_default())
    }

    /// Puts this view in the address bar without adding a history entry
    /// per keystroke.
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
