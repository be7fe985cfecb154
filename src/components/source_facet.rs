//! The sources of the current results, with counts that follow the query
//! and the date range; ticking some shows only those.

use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SourceFacetProps {
    /// Every source of the archive, most articles first.
    pub sources: Rc<Vec<String>>,
    /// Matching articles per source (same order as `sources`).
    pub counts: Rc<Vec<u32>>,
    pub selected: Vec<String>,
    pub on_toggle: Callback<String>,
}

/// Sources shown before "more" is needed.
const SHOWN: usize = 12;

#[function_component(SourceFacet)]
pub fn source_facet(props: &SourceFacetProps) -> Html {
    let expanded = use_state(|| false);
    // Sources with matches (or ticked), in the archive's order.
    let rows: Vec<(usize, &String)> = props
        .sources
        .iter()
        .enumerate()
        .filter(|(i, s)| {
            props.counts.get(*i).copied().unwrap_or(0) > 0 || props.selected.contains(s)
        })
        .collect();
    let hidden = rows.len().saturating_sub(SHOWN);
    let shown = if *expanded {
        rows.len()
    } else {
        rows.len().min(SHOWN)
    };
    let toggle_more = {
        let expanded = expanded.clone();
        Callback::from(move |_| expanded.set(!*expanded))
    };
    html! {
        <fieldset class="source-facet">
            <legend>{ "Sources" }</legend>
            <ul>
                { for rows.iter().take(shown).map(|&(i, name)| {
                    let on_toggle = props.on_toggle.clone();
                    let value = name.clone();
                    let label = if name.is_empty() { "Unknown source".to_owned() } else { name.clone() };
                    html! {
                        <li>
                            <label dir="auto">
                                <input type="checkbox" checked={props.selected.contains(name)}
                                    onchange={Callback::from(move |_| on_toggle.emit(value.clone()))} />
                                { label }
                                <span class="facet-count">{ props.counts.get(i).copied().unwrap_or(0) }</span>
                            </label>
                        </li>
                    }
                }) }
            </ul>
            if hidden > 0 {
                <button type="button" class="preset" onclick={toggle_more}>
                    { if *expanded { "Fewer sources".to_owned() } else { format!("{hidden} more sources") } }
                </button>
            }
        </fieldset>
    }
}
