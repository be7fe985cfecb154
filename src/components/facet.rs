//! A facet of the current results (their sources, or their languages),
//! with counts that follow the query, the date range and the other facet;
//! ticking some values shows only those.

use broadsheet_core::search::language::language_name;
use std::rc::Rc;
use yew::prelude::*;

/// Which facet: what its values are and how they read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FacetKind {
    Sources,
    Languages,
}

impl FacetKind {
    fn legend(self) -> &'static str {
        match self {
            FacetKind::Sources => "Sources",
            FacetKind::Languages => "Languages",
        }
    }

    fn class(self) -> &'static str {
        match self {
            FacetKind::Sources => "source-facet",
            FacetKind::Languages => "language-facet",
        }
    }

    /// A value as the reader reads it.
    fn label(self, value: &str) -> String {
        match self {
            FacetKind::Sources if value.is_empty() => "Unknown source".to_owned(),
            FacetKind::Sources => value.to_owned(),
            FacetKind::Languages if value.is_empty() => "Not given".to_owned(),
            FacetKind::Languages => match language_name(value) {
                Some(name) => format!("{name} ({value})"),
                None => value.to_owned(),
            },
        }
    }

    fn more(self, hidden: usize) -> String {
        match self {
            FacetKind::Sources => format!("{hidden} more sources"),
            FacetKind::Languages => format!("{hidden} more languages"),
        }
    }

    fn fewer(self) -> &'static str {
        match self {
            FacetKind::Sources => "Fewer sources",
            FacetKind::Languages => "Fewer languages",
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct FacetProps {
    pub kind: FacetKind,
    /// Every value of the library, most articles first.
    pub values: Rc<Vec<String>>,
    /// Matching articles per value (same order as `values`).
    pub counts: Rc<Vec<u32>>,
    pub selected: Vec<String>,
    pub on_toggle: Callback<String>,
}

/// Values shown before "more" is needed.
const SHOWN: usize = 12;

#[function_component(Facet)]
pub fn facet(props: &FacetProps) -> Html {
    let expanded = use_state(|| false);
    let kind = props.kind;
    // Values with matches (or ticked), in the library's order.
    let rows: Vec<(usize, &String)> = props
        .values
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
        <fieldset class={kind.class()}>
            <legend>{ kind.legend() }</legend>
            <ul>
                { for rows.iter().take(shown).map(|&(i, value)| {
                    let on_toggle = props.on_toggle.clone();
                    let chosen = value.clone();
                    html! {
                        <li>
                            <label dir="auto">
                                <input type="checkbox" checked={props.selected.contains(value)}
                                    onchange={Callback::from(move |_| on_toggle.emit(chosen.clone()))} />
                                { kind.label(value) }
                                <span class="facet-count">{ props.counts.get(i).copied().unwrap_or(0) }</span>
                            </label>
                        </li>
                    }
                }) }
            </ul>
            if hidden > 0 {
                <button type="button" class="preset" onclick={toggle_more}>
                    { if *expanded { kind.fewer().to_owned() } else { kind.more(hidden) } }
                </button>
            }
        </fieldset>
    }
}
