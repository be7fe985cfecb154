//! Shown while the article set downloads: a progress bar of bytes received
//! of the total (when the server sends the size).

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LoadingNoticeProps {
    pub received: u64,
    pub total: Option<u64>,
}

fn megabytes(bytes: u64) -> String {
    broadsheet_core::numbers::megabytes(bytes as f64)
}

#[function_component(LoadingNotice)]
pub fn loading_notice(props: &LoadingNoticeProps) -> Html {
    let text = match props.total {
        Some(total) if total > 0 => format!(
            "Downloading articles… {} of {}",
            megabytes(props.received),
            megabytes(total)
        ),
        _ if props.received > 0 => format!("Downloading articles… {}", megabytes(props.received)),
        _ => "Loading articles…".to_owned(),
    };
    html! {
        <div class="notice notice-loading" role="status" aria-live="polite">
            <p>{ text.clone() }</p>
            if let Some(total) = props.total.filter(|t| *t > 0) {
                <progress max={total.to_string()} value={props.received.to_string()} aria-label={text} />
            } else {
                <progress aria-label="Loading articles" />
            }
        </div>
    }
}
