//! Shown instead of the cards when the article set cannot be loaded.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LoadErrorNoticeProps {
    pub message: AttrValue,
    /// What the reader can do about it.
    pub hint: AttrValue,
}

#[function_component(LoadErrorNotice)]
pub fn load_error_notice(props: &LoadErrorNoticeProps) -> Html {
    html! {
        <div class="notice notice-error" role="alert">
            <h2>{ "The articles could not be loaded" }</h2>
            <p class="notice-detail">{ props.message.clone() }</p>
            <p>{ props.hint.clone() }</p>
        </div>
    }
}
