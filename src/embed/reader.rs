//! `EmbeddedReader`: the reader an embedding page mounts, over the articles
//! it gave or the set at its `src`, with the reader's state held in it
//! (the [`Host`] it provides to everything below).

use super::events::ReaderEvent;
use super::records::{GivenArticles, GIVEN_NAME};
use super::{Embedding, Host};
use crate::app::RouteSwitch;
use crate::components::{LoadErrorNotice, LoadingNotice};
use crate::hooks::{use_article_set, LoadState, SetSource};
use crate::library::Origin;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EmbeddedReaderProps {
    pub embedding: Rc<Embedding>,
    /// The set or archive to read (relative to the host page) ...
    pub src: Option<AttrValue>,
    /// ... or the articles the host page gave.
    pub given: Option<GivenArticles>,
    /// The reader's accessible name, which tells two readers apart.
    pub label: AttrValue,
}

#[function_component(EmbeddedReader)]
pub fn embedded_reader(props: &EmbeddedReaderProps) -> Html {
    let host = use_memo(props.embedding.clone(), |e| Host::Embedded(e.clone()));
    let (source, origin) = match (&props.given, &props.src) {
        (Some(given), _) => (
            SetSource::Given(given.clone()),
            Origin::Embedded {
                from: GIVEN_NAME.to_owned(),
                given: true,
            },
        ),
        (None, src) => {
            let src = src.clone().unwrap_or_default();
            let from = format!("the article set {src}");
            (SetSource::Url(src), Origin::Embedded { from, given: false })
        }
    };
    let set = use_article_set(source, origin);
    // The host page hears once that the articles are here (not at each
    // batch of a set still downloading), or why they are not.
    let announced = use_mut_ref(|| false);
    use_effect_with(set.state.clone(), {
        let host = (*host).clone();
        move |state| {
            let event = match state {
                LoadState::Ready(library) if library.arriving.is_none() => {
                    Some(ReaderEvent::Loaded {
                        articles: library.len(),
                        skipped: library
                            .report
                            .skipped
                            .iter()
                            .map(|p| p.to_string())
                            .collect(),
                    })
                }
                LoadState::Failed(failure) => Some(ReaderEvent::Failed(failure.to_string())),
                _ => None,
            };
            if let Some(event) = event {
                if !std::mem::replace(&mut *announced.borrow_mut(), true) {
                    host.announce(event);
                }
            }
        }
    });
    let hint = match &props.src {
        Some(_) if props.given.is_none() => "Check the reader's src: the address of a set or archive written by broadsheet-ingest, on this site or on one that allows this page to read it.",
        _ => "Check the articles given to the reader.",
    };
    html! {
        <ContextProvider<Host> context={(*host).clone()}>
            <div id="main" class="embedded" role="region" aria-label={props.label.clone()}>
                { match set.state {
                    LoadState::Loading { received, total } => html! { <LoadingNotice {received} {total} /> },
                    LoadState::Failed(failure) => html! { <LoadErrorNotice message={failure.to_string()} {hint} /> },
                    LoadState::Ready(library) => html! { <RouteSwitch {library} /> },
                } }
            </div>
        </ContextProvider<Host>>
    }
}
