//! The cards for the current matches, windowed: the list is as tall as all
//! its rows, but only the rows on screen (plus a margin) are in the DOM, so
//! 50,000 results scroll as smoothly as 50.

use super::{ArticleCard, StoryLine};
use crate::hooks::use_visible_rows;
use crate::library::Library;
use crate::perf;
use crate::remote_archive::Card;
use crate::route::Route;
use broadsheet_core::clusters::Stories;
use broadsheet_core::{ArticleText, SearchQuery, StoredArticle};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

/// Used until the first card is measured; close to the real height.
const ESTIMATED_ROW_PX: f64 = 262.0;

thread_local! {
    /// The row height last measured: a list that comes back (Back from an
    /// article) starts as tall as it was, so the place being restored is
    /// there at once instead of after a measurement.
    static MEASURED_ROW_PX: Cell<Option<f64>> = const { Cell::new(None) };
}

#[derive(Properties, PartialEq)]
pub struct ArticleListProps {
    pub library: Rc<Library>,
    /// Positions into the library (`Library::card`), in display order.
    pub matches: Rc<Vec<u32>>,
    /// The query the matches answer, for highlighting.
    #[prop_or_default]
    pub query: Rc<SearchQuery>,
    /// The list's route, for each card's link to its article page.
    #[prop_or_default]
    pub route: Route,
    /// The row chosen with the keyboard: scrolled into view and focused.
    #[prop_or_default]
    pub selected: Option<usize>,
    /// Wire copies grouped: each card in a story says so.
    #[prop_or_default]
    pub stories: Rc<Stories>,
}

/// What the card at `position` says of its story, if it is in one.
fn story_line(
    library: &Library,
    stories: &Stories,
    position: u32,
    article: &StoredArticle,
) -> Option<StoryLine> {
    let story = stories.story(position)?;
    let own = u32::from(!article.source().is_empty());
    let first = (story.first != position).then(|| match library.card(story.first) {
        Card::Ready(first) => {
            let source = match first.source() {
                "" => "Unknown source".to_owned(),
                s => s.to_owned(),
            };
            (AttrValue::from(source), AttrValue::from(first.date_label()))
        }
        _ => (AttrValue::from("…"), AttrValue::default()),
    });
    Some(StoryLine {
        other_outlets: story.outlets.saturating_sub(own),
        other_copies: story.members.len() - 1,
        first,
    })
}

#[function_component(ArticleList)]
pub fn article_list(props: &ArticleListProps) -> Html {
    let list = use_node_ref();
    let row_height = use_state_eq(|| MEASURED_ROW_PX.with(Cell::get).unwrap_or(ESTIMATED_ROW_PX));
    let rows = props.matches.len();
    let visible = use_visible_rows(list.clone(), rows, *row_height);

    // Rows have one fixed height set by CSS (it follows the font size), so
    // measuring one rendered row gives every row's position.
    // Measured once the list has rows (not on every scroll render: reading
    // offsetHeight forces a layout, which would cost a frame per scroll).
    {
        let list = list.clone();
        let row_height = row_height.clone();
        use_effect_with(rows > 0, move |_| {
            let measured = list
                .cast::<HtmlElement>()
                .and_then(|ol| ol.first_element_child())
                .and_then(|li| li.dyn_into::<HtmlElement>().ok())
                .map(|li| f64::from(li.offset_height()))
                .filter(|h| *h > 0.0);
            if let Some(h) = measured {
                MEASURED_ROW_PX.with(|m| m.set(Some(h)));
                row_height.set(h);
            }
        });
    }

    // Benchmarks time "first cards painted" from this mark (next frame).
    let first_paint_marked = use_mut_ref(|| false);
    use_effect(move || {
        if rows > 0 && !*first_paint_marked.borrow() {
            *first_paint_marked.borrow_mut() = true;
            let mark = Closure::once_into_js(|| perf::mark(crate::js::Mark::Cards));
            let _ = gloo::utils::window().request_animation_frame(mark.unchecked_ref());
        }
    });

    // Keyboard selection: bring the row on screen, then focus its link once
    // it is rendered (the window may need a render after the scroll).
    {
        let list = list.clone();
        let row_height = *row_height;
        use_effect_with((props.selected, visible.clone()), move |(selected, _)| {
            if let (Some(row), Some(ol)) = (*selected, list.cast::<HtmlElement>()) {
                let window = gloo::utils::window();
                let viewport = window
                    .inner_height()
                    .ok()
                    .and_then(|v| v.as_f64())
                    .unwrap_or(800.0);
                let top = ol.get_bounding_client_rect().top() + row as f64 * row_height;
                // Keep clear of the sticky search bar at the top.
                if top < 120.0 || top + row_height > viewport {
                    let y = window.scroll_y().unwrap_or(0.0) + top - viewport / 3.0;
                    window.scroll_to_with_x_and_y(0.0, y.max(0.0));
                }
                let link =
                    ol.query_selector(&format!("li[aria-posinset=\"{}\"] a.card-link", row + 1));
                if let Ok(Some(link)) = link {
                    let _ = link.unchecked_into::<HtmlElement>().focus();
                }
            }
        });
    }

    // Rows of a sharded archive whose shard is not here yet, and the first
    // articles of the stories they are copies in (their cards' story line
    // names it): fetch them, and render again as each arrives.
    let refresh = use_force_update();
    {
        let (library, matches) = (props.library.clone(), props.matches.clone());
        let stories = props.stories.clone();
        use_effect_with(
            (
                visible.clone(),
                props.matches.clone(),
                props.library.clone(),
                props.stories.clone(),
            ),
            move |(visible, _, _, _)| {
                if let Some(archive) = library.archive() {
                    let rows: Vec<u32> = visible
                        .clone()
                        .filter_map(|row| matches.get(row).copied())
                        .collect();
                    let firsts: Vec<u32> = rows
                        .iter()
                        .filter_map(|&p| stories.story(p).map(|s| s.first))
                        .collect();
                    let missing = rows
                        .into_iter()
                        .chain(firsts)
                        .filter(|&p| matches!(archive.card(p), Card::Loading));
                    archive.request(missing, Callback::from(move |()| refresh.force_update()));
                }
            },
        );
    }

    if rows == 0 {
        return html! { <p class="empty">{ "No articles match. Try fewer or other words." }</p> };
    }
    let total_height = format!("height: {}px", rows as f64 * *row_height);
    html! {
        <ol class="cards" ref={list} style={total_height} aria-label="Articles">
            { for visible.map(|row| {
                let position = props.matches[row];
                let top = format!("transform: translateY({}px)", row as f64 * *row_height);
                let article = match props.library.card(position) {
                    Card::Ready(article) => article,
                    Card::Loading => return html! {
                        <li key={format!("@{position}")} class="pending" style={top} aria-busy="true"
                            aria-setsize={rows.to_string()} aria-posinset={(row + 1).to_string()}>
                            <div class="card">{ "Loading…" }</div>
                        </li>
                    },
                    Card::Failed(why) => return html! {
                        <li key={format!("@{position}")} class="failed" style={top}
                            aria-setsize={rows.to_string()} aria-posinset={(row + 1).to_string()}>
                            <div class="card" role="alert">{ why.to_string() }</div>
                        </li>
                    },
                };
                let class = (props.selected == Some(row)).then_some("selected");
                html! {
                    <li key={article.id()} {class} style={top} aria-setsize={rows.to_string()} aria-posinset={(row + 1).to_string()}>
                        <ArticleCard href={props.route.with_article(article.id()).to_hash()}
                            story={story_line(&props.library, &props.stories, position, &article)}
                            {article} query={props.query.clone()} />
                    </li>
                }
            }) }
        </ol>
    }
}
