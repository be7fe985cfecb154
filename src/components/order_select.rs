//! Chooses the order of the results: newest, oldest, or relevance (which
//! only means something with a query).

use crate::route::{order_from_name, order_name};
use broadsheet_core::Order;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OrderSelectProps {
    pub order: Order,
    pub has_query: bool,
    pub on_change: Callback<Order>,
}

#[function_component(OrderSelect)]
pub fn order_select(props: &OrderSelectProps) -> Html {
    let onchange = props.on_change.reform(|e: Event| {
        let name = e.target_unchecked_into::<HtmlSelectElement>().value();
        order_from_name(&name).unwrap_or_default()
    });
    let option = |order: Order, label: &'static str, enabled: bool| {
        html! {
            <option value={order_name(order)} selected={props.order == order} disabled={!enabled}>{ label }</option>
        }
    };
    html! {
        <div class="order">
            <label for="order-select">{ "Order" }</label>
            <select id="order-select" aria-label="Order" {onchange}>
                { option(Order::Newest, "Newest first", true) }
                { option(Order::Oldest, "Oldest first", true) }
                { option(Order::Relevance, "Relevance", props.has_query) }
            </select>
        </div>
    }
}
