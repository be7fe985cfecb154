//! Says, politely, that a newer version of the articles or of Broadsheet
//! has been downloaded and will be used the next time the page opens, with
//! a button to reload now. Nothing else about offline reading is shown.
//!
//! The element is always there (an empty live region until there is news),
//! so screen readers announce the text when it appears. Its `data-offline`
//! says whether a snapshot is stored for reading offline (`ready`), which
//! the end-to-end tests wait for (the values are `src/js.rs`'s `OFFLINE_*`).

use crate::hooks::{use_offline, NewVersion};
use yew::prelude::*;

/// The notice's words for what changed.
pub fn update_message(change: NewVersion) -> &'static str {
    match (change.app, change.articles) {
        (true, true) => "A new version of Broadsheet and its articles has been downloaded; it will be used the next time you open the page.",
        (true, false) => "A new version of Broadsheet has been downloaded; it will be used the next time you open the page.",
        _ => "A new version of the articles has been downloaded; it will be used the next time you open the page.",
    }
}

#[function_component(UpdateNotice)]
pub fn update_notice() -> Html {
    let offline = use_offline();
    // The number of updates the reader had seen when they chose "Not now".
    let dismissed_at = use_state_eq(|| 0u32);
    let shown = offline
        .new_version
        .filter(|_| offline.updates > *dismissed_at);
    let reload = Callback::from(|_| {
        let _ = gloo::utils::window().location().reload();
    });
    let dismiss = {
        let (dismissed_at, updates) = (dismissed_at.clone(), offline.updates);
        Callback::from(move |_| dismissed_at.set(updates))
    };
    html! {
        <div class="update-notice" role="status" data-offline={offline.status.as_str()}>
            if let Some(change) = shown {
                <p>{ update_message(change) }</p>
                <div class="update-actions">
                    <button type="button" onclick={reload}>{ "Reload now" }</button>
                    <button type="button" onclick={dismiss}>{ "Not now" }</button>
                </div>
            }
        </div>
    }
}
