//! Shown while the article set downloads: a progress bar of bytes received
//! of the total (when the server sends the size) until the first articles
//! are here; then, in the list's count line, how many have arrived so far
//! and that search waits for the rest ([`ArrivingCount`]).

use crate::library::Arrival;
use broadsheet_core::numbers::grouped;
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

#[derive(Properties, PartialEq)]
pub struct ArrivingCountProps {
    /// Articles the list shows (fewer than `so_far` when filters narrow).
    pub shown: usize,
    pub so_far: usize,
    pub arrival: Arrival,
}

/// The count line while the set still arrives: "12,000 articles so far
/// (14.2 MB of 57.8 MB)… search is ready when all are in".
#[function_component(ArrivingCount)]
pub fn arriving_count(props: &ArrivingCountProps) -> Html {
    let count = match props.shown == props.so_far {
        true => grouped(props.so_far),
        false => format!("{} of {}", grouped(props.shown), grouped(props.so_far)),
    };
    let bytes = match props.arrival.total {
        Some(total) if total > 0 => format!(
            "{} of {}",
            megabytes(props.arrival.received),
            megabytes(total)
        ),
        _ => megabytes(props.arrival.received),
    };
    html! {
        <p class="result-count" role="status" aria-live="polite">
            { format!("{count} articles so far ({bytes})… search is ready when all are in") }
        </p>
    }
}
