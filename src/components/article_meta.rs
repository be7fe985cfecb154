//! The line under a title, on cards and article pages alike: the date as
//! the outlet wrote it (with its offset, if it gave one; a capture time
//! said to be one), then the source.

use broadsheet_core::StoredArticle;
use yew::prelude::*;

/// `13 Sep 2021, 23:03 · NOURNEWS` (a plain function: it is part of every
/// card, and has no state of its own).
pub fn article_meta(a: &StoredArticle) -> Html {
    let source = if a.source().is_empty() {
        "Unknown source"
    } else {
        a.source()
    };
    html! {
        <p class="card-meta">
            <time datetime={a.published().to_iso()}>{ a.date_label() }</time>
            <span class="sep" aria-hidden="true">{ " · " }</span>
            <span class="card-source" dir="auto">{ source }</span>
        </p>
    }
}
