//! The cards for the current matches, newest first, keyed by article id.

use super::ArticleCard;
use crate::library::Library;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ArticleListProps {
    pub library: Rc<Library>,
    /// Positions into `library.articles`, in display order.
    pub matches: Rc<Vec<usize>>,
}

#[function_component(ArticleList)]
pub fn article_list(props: &ArticleListProps) -> Html {
    if props.matches.is_empty() {
        return html! { <p class="empty">{ "No articles match. Try fewer or other words." }</p> };
    }
    html! {
        <ol class="cards" aria-label="Articles">
            { for props.matches.iter().map(|&i| {
                let article = props.library.articles[i].clone();
                html! { <li key={article.id.as_str()}><ArticleCard {article} /></li> }
            }) }
        </ol>
    }
}
