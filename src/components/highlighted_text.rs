//! Text with some ranges wrapped in `<mark>`, built as DOM nodes: the text
//! is untrusted and never parsed as HTML.

use std::ops::Range;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HighlightedTextProps {
    pub text: AttrValue,
    /// Byte ranges into `text`, sorted and not overlapping.
    pub marks: Vec<Range<usize>>,
}

#[function_component(HighlightedText)]
pub fn highlighted_text(props: &HighlightedTextProps) -> Html {
    let text = props.text.as_str();
    let mut parts = Vec::with_capacity(props.marks.len() * 2 + 1);
    let mut at = 0;
    for range in &props.marks {
        // Ranges come from the engine on char boundaries; `get` keeps a bad
        // one from panicking the page all the same.
        let (Some(before), Some(marked)) = (text.get(at..range.start), text.get(range.clone()))
        else {
            continue;
        };
        if !before.is_empty() {
            parts.push(html! { { before.to_owned() } });
        }
        parts.push(html! { <mark>{ marked.to_owned() }</mark> });
        at = range.end;
    }
    if let Some(rest) = text.get(at..) {
        if !rest.is_empty() {
            parts.push(html! { { rest.to_owned() } });
        }
    }
    html! { <>{ for parts }</> }
}
