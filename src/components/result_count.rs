//! How many articles are shown, announced to screen readers as it changes.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ResultCountProps {
    pub shown: usize,
    pub total: usize,
    /// In relevance order, how many of those shown have every word, when
    /// some have only some of them.
    #[prop_or_default]
    pub every_word: Option<usize>,
    /// With one card per story: the articles the `shown` stories stand
    /// for (then `shown` counts stories).
    #[prop_or_default]
    pub in_stories: Option<usize>,
}

#[function_component(ResultCount)]
pub fn result_count(props: &ResultCountProps) -> Html {
    let noun = |n: usize| if n == 1 { "article" } else { "articles" };
    if let Some(articles) = props.in_stories {
        let stories = if props.shown == 1 { "story" } else { "stories" };
        let of = if articles == props.total {
            format!("{} {}", props.total, noun(props.total))
        } else {
            format!("{articles} of {} {}", props.total, noun(props.total))
        };
        let text = format!(
            "{} {stories} · {of}, each story once (the filters and timeline count articles)",
            props.shown
        );
        return html! { <p class="result-count" role="status" aria-live="polite">{ text }</p> };
    }
    let mut text = if props.shown == props.total {
        format!("{} {}", props.total, noun(props.total))
    } else {
        format!("{} of {} {}", props.shown, props.total, noun(props.total))
    };
    match props.every_word {
        Some(0) => text += " · none has every word; these have some of them",
        Some(1) => text += " · the first has every word, the rest some of them",
        Some(n) => text += &format!(" · the first {n} have every word, the rest some of them"),
        None => {}
    }
    html! { <p class="result-count" role="status" aria-live="polite">{ text }</p> }
}
