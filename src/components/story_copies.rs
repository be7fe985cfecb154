//! On an article page, the story's other articles (wire copies): each
//! with its outlet and date, a link, and on request the words it adds to
//! and removes from this one, marked as a diff (text nodes only: article
//! text is untrusted).

use crate::route::Route;
use broadsheet_core::clusters::{word_diff, words_changed, WordChange};
use broadsheet_core::numbers::grouped;
use broadsheet_core::StoredArticle;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StoryCopiesProps {
    /// The article the page shows.
    pub article: Rc<StoredArticle>,
    /// The story's other articles, in the list's order.
    pub others: Rc<Vec<Rc<StoredArticle>>>,
    /// The id of the story's first article.
    pub first: AttrValue,
    /// Distinct outlets besides this article's.
    pub other_outlets: u32,
    /// The list the page was opened from, for each copy's link.
    pub route: Route,
    /// Whether the copies' texts are here to compare (an archive's cards
    /// have only their leads).
    #[prop_or(true)]
    pub comparable: bool,
}

#[function_component(StoryCopies)]
pub fn story_copies(props: &StoryCopiesProps) -> Html {
    // The copy being compared, by id: one diff at a time.
    let comparing = use_state_eq(|| None::<String>);
    {
        let comparing = comparing.clone();
        use_effect_with(props.article.id().to_owned(), move |_| comparing.set(None));
    }
    let heading = match (props.other_outlets, props.others.len()) {
        (0, 1) => "The same story: 1 other copy from this outlet".to_owned(),
        (0, n) => format!(
            "The same story: {} other copies from this outlet",
            grouped(n)
        ),
        (1, _) => "The same story in 1 other outlet".to_owned(),
        (n, _) => format!("The same story in {} other outlets", grouped(n as usize)),
    };
    html! {
        <section class="story-copies" aria-label="The same story elsewhere">
            <h3>{ heading }</h3>
            <ul>
                { for props.others.iter().map(|other| {
                    let id = other.id().to_owned();
                    let open = comparing.as_deref() == Some(id.as_str());
                    let toggle = {
                        let (comparing, id) = (comparing.clone(), id.clone());
                        Callback::from(move |_: MouseEvent| comparing.set((!open).then(|| id.clone())))
                    };
                    let source = match other.source() { "" => "Unknown source", s => s };
                    html! {
                        <li key={id.clone()} data-id={id.clone()}>
                            <a href={props.route.with_article(&id).to_hash()} dir="auto">{ other.title().to_owned() }</a>
                            <span class="story-copy-meta">
                                { format!(" · {source} · {}", other.date_label()) }
                                if props.first == id.as_str() { { " · the first" } }
                            </span>
                            if props.comparable {
                                <button type="button" class="compare" aria-expanded={open.to_string()} onclick={toggle}>
                                    { if open { "Hide the differences" } else { "Compare with this article" } }
                                </button>
                            }
                            if open && props.comparable {
                                { differences(&props.article, other) }
                            }
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}

/// The words `other` adds to and removes from `article`, marked.
fn differences(article: &StoredArticle, other: &StoredArticle) -> Html {
    let Some(pieces) = word_diff(article.paragraphs(), other.paragraphs()) else {
        return html! { <p class="diff-summary">{ "Too long to compare here." }</p> };
    };
    let (added, removed) = words_changed(&pieces);
    let words = |n: usize| match n {
        1 => "1 word".to_owned(),
        n => format!("{} words", grouped(n)),
    };
    html! {
        <>
            <p class="diff-summary">
                { format!("That copy adds {} and removes {} (marked ", words(added), words(removed)) }
                <ins>{ "added" }</ins>{ " and " }<del>{ "removed" }</del>{ ")" }
            </p>
            <div class="word-diff" dir="auto">
                { for pieces.into_iter().map(|p| match p.change {
                    WordChange::Same => html! { <span>{ p.text }</span> },
                    WordChange::Added => html! { <ins>{ p.text }</ins> },
                    WordChange::Removed => html! { <del>{ p.text }</del> },
                }) }
            </div>
        </>
    }
}
