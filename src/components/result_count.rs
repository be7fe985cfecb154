//! How many articles are shown, announced to screen readers as it changes.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ResultCountProps {
    pub shown: usize,
    pub total: usize,
}

#[function_component(ResultCount)]
pub fn result_count(props: &ResultCountProps) -> Html {
    let noun = |n: usize| if n == 1 { "article" } else { "articles" };
    let text = if props.shown == props.total {
        format!("{} {}", props.total, noun(props.total))
    } else {
        format!("{} of {} {}", props.shown, props.total, noun(props.total))
    };
    html! { <p class="result-count" role="status" aria-live="polite">{ text }</p> }
}
