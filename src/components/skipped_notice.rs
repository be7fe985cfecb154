//! Lists the records of the set that could not be used, so nothing is lost
//! silently; the good records are shown as usual.

use broadsheet_core::SkippedRecord;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SkippedNoticeProps {
    pub skipped: Rc<Vec<SkippedRecord>>,
}

#[function_component(SkippedNotice)]
pub fn skipped_notice(props: &SkippedNoticeProps) -> Html {
    let n = props.skipped.len();
    if n == 0 {
        return html! {};
    }
    html! {
        <details class="notice notice-warning">
            <summary>{ format!("{n} {} in the article set could not be read and {} skipped", if n == 1 { "record" } else { "records" }, if n == 1 { "was" } else { "were" }) }</summary>
            <ul>
                { for props.skipped.iter().map(|s| html! { <li>{ s.to_string() }</li> }) }
            </ul>
        </details>
    }
}
