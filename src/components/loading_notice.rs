//! Shown while the article set downloads and parses.

use yew::prelude::*;

#[function_component(LoadingNotice)]
pub fn loading_notice() -> Html {
    html! {
        <p class="notice notice-loading" role="status" aria-live="polite">{ "Loading articles…" }</p>
    }
}
