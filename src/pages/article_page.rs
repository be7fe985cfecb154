//! `#/article/<id>`: the whole article, with its attribution, previous and
//! next within the results it was opened from, and the way back.

use crate::components::{article_meta, HighlightedText, LoadErrorNotice, StoryCopies};
use crate::hooks::ArchiveArticle;
use crate::library::{Articles, Library};
use crate::route::Route;
use broadsheet_core::clusters::Stories;
use broadsheet_core::numbers::grouped;
use broadsheet_core::{license_url, SearchQuery, StoredArticle};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ArticleRouteProps {
    pub library: Rc<Library>,
    /// The id from the URL.
    pub id: AttrValue,
    /// The article as fetched from an archive (`Idle` for articles in
    /// memory).
    pub fetched: ArchiveArticle,
    /// The results the article was opened from, for previous and next.
    pub positions: Rc<Vec<u32>>,
    pub query: Rc<SearchQuery>,
    pub route: Route,
    /// Wire copies grouped into stories.
    #[prop_or_default]
    pub stories: Rc<Stories>,
}

/// `#/article/<id>` over a library: finds the article (in memory, or as
/// fetched from an archive) and its neighbours within the results, and
/// shows the [`ArticlePage`], or why it cannot yet.
/// The most copies an article page lists (a story may have thousands).
const LISTED_COPIES: usize = 200;

#[function_component(ArticleRoute)]
pub fn article_route(props: &ArticleRouteProps) -> Html {
    let ArticleRouteProps {
        library,
        id,
        positions,
        ..
    } = props;
    let refresh = use_force_update();
    let (at, article) = match (&library.articles, props.fetched.clone()) {
        (Articles::InMemory(articles), _) => {
            let at = articles.iter().position(|a| a.id() == id.as_str());
            // While the set still arrives, the article may be on its way.
            if at.is_none() && library.arriving.is_some() {
                return html! { <p class="loading" role="status">{ "Loading the article…" }</p> };
            }
            (at.map(|i| i as u32), at.map(|i| articles[i].clone()))
        }
        (Articles::Archive(_), ArchiveArticle::Found(at, article)) => (Some(at), Some(article)),
        (Articles::Archive(_), ArchiveArticle::NotFound) => (None, None),
        (Articles::Archive(_), ArchiveArticle::Failed(why)) => {
            return html! { <LoadErrorNotice message={why} hint="The rest of the archive is still here: go back to the list, or try again later." /> };
        }
        (Articles::Archive(_), ArchiveArticle::Idle | ArchiveArticle::Loading) => {
            return html! { <p class="loading" role="status">{ "Loading the article…" }</p> };
        }
    };
    // Neighbours within the results the article was opened from.
    let in_results = at.and_then(|i| positions.iter().position(|&p| p == i));
    let neighbour_at = |step: isize| {
        in_results
            .and_then(|r| r.checked_add_signed(step))
            .and_then(|r| positions.get(r).copied())
    };
    // The story's copies listed (an archive's cards fetched for them).
    let members = at
        .and_then(|at| props.stories.story(at))
        .map(|s| s.members[..s.members.len().min(LISTED_COPIES)].to_vec())
        .unwrap_or_default();
    if let Some(archive) = library.archive() {
        let wanted = [neighbour_at(-1), neighbour_at(1)];
        let missing = wanted
            .into_iter()
            .flatten()
            .chain(members.iter().copied())
            .filter(|&p| library.loaded(p).is_none());
        archive.request(missing, Callback::from(move |()| refresh.force_update()));
    }
    let neighbour = |step: isize| neighbour_at(step).and_then(|p| library.loaded(p));
    // The story's other articles (an archive's as their cards arrive).
    let story = at.and_then(|at| {
        let story = props.stories.story(at)?;
        let others: Vec<Rc<StoredArticle>> = members
            .iter()
            .filter(|&&p| p != at)
            .filter_map(|&p| library.loaded(p))
            .collect();
        let first = library.loaded(story.first)?.id().to_owned();
        let own = u32::from(article.as_ref().is_some_and(|a| !a.source().is_empty()));
        Some(ArticleStory {
            // An archive's cards have no bodies to compare.
            comparable: library.archive().is_none(),
            others: Rc::new(others),
            first: AttrValue::from(first),
            other_outlets: story.outlets.saturating_sub(own),
        })
    });
    html! {
        <ArticlePage
            {article}
            id={id.clone()}
            route={props.route.clone()}
            previous={neighbour(-1)}
            next={neighbour(1)}
            query={props.query.clone()}
            origin={library.report.origin.article_label().map(AttrValue::from)}
            {story}
        />
    }
}

#[derive(Properties, PartialEq)]
pub struct ArticlePageProps {
    /// `None` when no article has the id in the URL.
    pub article: Option<Rc<StoredArticle>>,
    /// The id from the URL, for the not-found message.
    pub id: AttrValue,
    pub route: Route,
    /// Neighbours in the current results.
    pub previous: Option<Rc<StoredArticle>>,
    pub next: Option<Rc<StoredArticle>>,
    pub query: Rc<SearchQuery>,
    /// Where the articles came from when not from this site (`?data=`,
    /// opened files): said on the page, so a stranger's article never
    /// passes for this site's.
    #[prop_or_default]
    pub origin: Option<AttrValue>,
    /// The story it is a wire copy in, if any.
    #[prop_or_default]
    pub story: Option<ArticleStory>,
}

/// An article's story as its page lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct ArticleStory {
    /// Whether the copies' texts are here to compare.
    pub comparable: bool,
    pub others: Rc<Vec<Rc<StoredArticle>>>,
    pub first: AttrValue,
    pub other_outlets: u32,
}

/// Paragraphs rendered at first, and added per click: an article with
/// 100,000 paragraphs (a broken file) must not stall the page.
const PARAGRAPHS_STEP: usize = 500;

#[function_component(ArticlePage)]
pub fn article_page(props: &ArticlePageProps) -> Html {
    let shown = use_state_eq(|| PARAGRAPHS_STEP);
    // The citation, once asked for, and whether the clipboard took it.
    let cited = use_state_eq(|| None::<(String, bool)>);
    {
        let cited = cited.clone();
        use_effect_with(props.id.clone(), move |_| cited.set(None));
    }
    {
        let shown = shown.clone();
        use_effect_with(props.id.clone(), move |_| shown.set(PARAGRAPHS_STEP));
    }
    let show_more = {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(*shown + PARAGRAPHS_STEP))
    };
    let paragraphs = props.article.as_ref().map_or(0, |a| a.paragraphs().count());
    let back = props.route.to_list().to_hash();
    let back_link = html! {
        <a class="back" href={back.clone()}>{ "← All articles" }</a>
    };
    let Some(a) = props.article.as_ref() else {
        return html! {
            <div class="article-page not-found">
                <nav class="article-nav">{ back_link }</nav>
                <h2>{ "Article not found" }</h2>
                <p>{ format!("No article in this archive has the id “{}”. It may have been removed, or the link is incomplete.", props.id) }</p>
                <p><a href={back}>{ "Browse all articles" }</a></p>
            </div>
        };
    };
    let neighbour = |article: &Option<Rc<StoredArticle>>,
                     rel: &'static str,
                     label: &'static str| {
        article.as_ref().map(|n| {
            html! {
                <a class={classes!("neighbour", rel)} rel={rel} href={props.route.with_article(n.id()).to_hash()}>
                    <span class="neighbour-label">{ label }</span>
                    <span class="neighbour-title" dir="auto">{ n.title().to_owned() }</span>
                </a>
            }
        })
    };
    let on_cite = {
        let (a, cited) = (a.clone(), cited.clone());
        Callback::from(move |_: MouseEvent| {
            let text = broadsheet_core::export::citation(&a.to_article());
            cited.set(Some((text.clone(), false)));
            let (cited, clipboard) = (cited.clone(), gloo::utils::window().navigator().clipboard());
            wasm_bindgen_futures::spawn_local(async move {
                let copied =
                    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&text)).await;
                if copied.is_ok() {
                    cited.set(Some((text, true)));
                }
            });
        })
    };
    let marks = |text: &str| {
        if props.query.is_empty() {
            Vec::new()
        } else {
            props.query.match_ranges_in(text, a.lang())
        }
    };
    html! {
        <div class="article-page">
            <nav class="article-nav">{ back_link }</nav>
            if let Some(origin) = &props.origin {
                <p class="article-origin" role="note" dir="auto">{ origin.clone() }</p>
            }
            <article class="article-full" dir={a.direction()} lang={a.lang().map(str::to_owned)} data-id={a.id().to_owned()}>
                <h2 class="article-title" dir="auto">
                    <HighlightedText text={AttrValue::from(a.title().to_owned())} marks={marks(a.title())} />
                </h2>
                { article_meta(a) }
                if a.authors().len() > 0 {
                    <p class="article-byline" dir="auto">{ format!("By {}", a.authors().collect::<Vec<_>>().join(", ")) }</p>
                }
                { for a.paragraphs().take(*shown).map(|p| html! {
                    <p dir="auto"><HighlightedText text={AttrValue::from(p.to_owned())} marks={marks(p)} /></p>
                }) }
                if paragraphs > *shown {
                    <p class="more-paragraphs">
                        <button type="button" onclick={show_more}>
                            { format!("Show {} more of {} paragraphs", grouped((paragraphs - *shown).min(PARAGRAPHS_STEP)), grouped(paragraphs)) }
                        </button>
                    </p>
                }
                <footer class="article-attribution">
                    if let Some(url) = a.safe_url() {
                        <p><a href={url} rel="noopener noreferrer" target="_blank">{ "Read the original article" }</a></p>
                    }
                    // A link only: the image is never loaded unless the
                    // reader follows it (no request to the outlet).
                    if let Some(image) = a.safe_image() {
                        <p><a class="article-image-link" href={image.to_owned()} rel="noopener noreferrer" target="_blank">{ "The article's image (opens the outlet's copy)" }</a></p>
                    }
                    <p class="cite">
                        <button type="button" onclick={on_cite}>{ "Copy citation" }</button>
                        if let Some((text, copied)) = &*cited {
                            <span role="status">{ if *copied { " Copied: " } else { " Copy it from here: " } }</span>
                            <q class="citation" dir="auto">{ text.clone() }</q>
                        }
                    </p>
                    if let Some(license) = a.license() {
                        <p>{ "Licence: " }
                            if let Some(deed) = license_url(license) {
                                <a href={deed} rel="license noopener noreferrer" target="_blank">{ license.to_owned() }</a>
                            } else {
                                { license.to_owned() }
                            }
                        </p>
                    }
                </footer>
            </article>
            if let Some(story) = &props.story {
                <StoryCopies article={a.clone()} others={story.others.clone()} first={story.first.clone()}
                    other_outlets={story.other_outlets} route={props.route.clone()} comparable={story.comparable} />
            }
            <nav class="article-neighbours" aria-label="Previous and next article">
                { for neighbour(&props.previous, "prev", "Previous") }
                { for neighbour(&props.next, "next", "Next") }
            </nav>
        </div>
    }
}
