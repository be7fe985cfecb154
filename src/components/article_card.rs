//! One article in the list: title, date, source, the lead (or, while
//! searching, the best snippet) with matches marked, and attribution.

use super::{article_meta, HighlightedText};
use broadsheet_core::{license_url, SearchQuery, StoredArticle};
use std::ops::Range;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ArticleCardProps {
    pub article: Rc<StoredArticle>,
    /// The story it is a wire copy in, if any.
    #[prop_or_default]
    pub story: Option<StoryLine>,
    #[prop_or_default]
    pub query: Rc<SearchQuery>,
    /// The article page's URL.
    #[prop_or_default]
    pub href: AttrValue,
}

#[function_component(ArticleCard)]
pub fn article_card(props: &ArticleCardProps) -> Html {
    let a = &props.article;
    // Highlighting re-reads the article's text, so only for cards on screen
    // and only when the query or article changes.
    let marks = use_memo(
        (props.article.clone(), props.query.clone()),
        |(article, query)| (!query.is_empty()).then(|| query.highlight(&**article)),
    );
    let (title_marks, text) = match marks.as_ref() {
        Some(h) => {
            let text = match &h.snippet {
                Some(s) => html! {
                    <p class="card-snippet" dir="auto">
                        if s.cut_start { { "… " } }
                        <HighlightedText text={AttrValue::from(s.text.clone())} marks={s.matches.clone()} />
                        if s.cut_end { { " …" } }
                    </p>
                },
                None => {
                    html! { <p class="card-lead" dir="auto">{ clipped(a.lead(), Vec::new()).0 }</p> }
                }
            };
            (h.title.clone(), text)
        }
        None => (
            Vec::new(),
            html! { <p class="card-lead" dir="auto">{ clipped(a.lead(), Vec::new()).0 }</p> },
        ),
    };
    let (title, title_marks) = clipped(a.title(), title_marks);
    // Text goes in as text nodes only: article fields are untrusted.
    html! {
        <article class={classes!("card", props.story.is_some().then_some("has-story"))} dir={a.direction()} lang={a.lang().map(str::to_owned)} data-id={a.id().to_owned()}>
            <h2 class="card-title" dir="auto">
                <a class="card-link" href={props.href.clone()}>
                    <HighlightedText text={title} marks={title_marks} />
                </a>
            </h2>
            { article_meta(a) }
            if let Some(story) = &props.story {
                <p class="card-story">{ story.text() }</p>
            }
            { text }
            <Attribution url={a.safe_url().map(AttrValue::from)} license={a.license().map(|l| AttrValue::from(l.to_owned()))} />
        </article>
    }
}

/// What a card says of the story it is a copy in: "also in 12 other
/// outlets · first: NOURNEWS, 13 Sep 2021, 23:03".
#[derive(Clone, Debug, PartialEq)]
pub struct StoryLine {
    /// Outlets besides the card's own that ran the story.
    pub other_outlets: u32,
    /// The story's other articles.
    pub other_copies: usize,
    /// The story's first article's source and date, unless it is this one.
    pub first: Option<(AttrValue, AttrValue)>,
}

impl StoryLine {
    pub fn text(&self) -> String {
        let plural = |n: usize, one: &str, many: &str| match n {
            1 => format!("1 {one}"),
            n => format!("{} {many}", broadsheet_core::numbers::grouped(n)),
        };
        let also = match self.other_outlets {
            0 => format!(
                "{} from this outlet",
                plural(self.other_copies, "other copy", "other copies")
            ),
            n => format!(
                "also in {}",
                plural(n as usize, "other outlet", "other outlets")
            ),
        };
        match &self.first {
            Some((source, date)) => format!("{also} · first: {source}, {date}"),
            None => format!("{also} · this is the first"),
        }
    }
}

#[derive(Properties, PartialEq)]
struct AttributionProps {
    url: Option<AttrValue>,
    license: Option<AttrValue>,
}

/// The link to the original and the licence, when the article has them.
#[function_component(Attribution)]
fn attribution(props: &AttributionProps) -> Html {
    if props.url.is_none() && props.license.is_none() {
        return html! {};
    }
    let license = props.license.as_ref().map(|l| match license_url(l) {
        Some(deed) => html! {
            <a class="card-license" href={deed} rel="license noopener noreferrer" target="_blank">{ l.clone() }</a>
        },
        None => html! { <span class="card-license" title={l.clone()}>{ l.clone() }</span> },
    });
    html! {
        <footer class="card-attribution">
            if let Some(url) = &props.url {
                <a class="card-original" href={url.clone()} rel="noopener noreferrer" target="_blank">{ "Original article" }</a>
            }
            if props.url.is_some() && license.is_some() {
                <span class="sep" aria-hidden="true">{ " · " }</span>
            }
            { for license }
        </footer>
    }
}

/// Cards show at most this many bytes of a title or lead: a broken or
/// hostile file can put a megabyte in one, which would stall layout on
/// every scroll. The article page shows the whole text.
const CARD_TEXT_MAX: usize = 600;

/// `text` cut to [`CARD_TEXT_MAX`] on a character boundary (with `…`), and
/// the marks that still fall inside it.
fn clipped(text: &str, marks: Vec<Range<usize>>) -> (AttrValue, Vec<Range<usize>>) {
    if text.len() <= CARD_TEXT_MAX {
        return (AttrValue::from(text.to_owned()), marks);
    }
    let mut end = CARD_TEXT_MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let marks = marks.into_iter().filter(|r| r.end <= end).collect();
    (AttrValue::from(format!("{}…", &text[..end])), marks)
}
