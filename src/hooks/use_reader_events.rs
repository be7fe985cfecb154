//! `use_reader_events`: tells an embedding page which article the reader
//! selected (j/k, the arrows) and opened, as `broadsheet-select` and
//! `broadsheet-open` events on its element (`crate::embed::events`).
//! Nothing on Broadsheet's own page.

use crate::embed::{ArticleDetail, Host, ReaderEvent};
use crate::library::Library;
use std::rc::Rc;
use yew::prelude::*;

#[hook]
pub fn use_reader_events(
    host: &Host,
    library: &Rc<Library>,
    positions: &Rc<Vec<u32>>,
    selected: Option<usize>,
    article: Option<String>,
) {
    let embedded = host.is_embedded();
    {
        let (host, library, positions) = (host.clone(), library.clone(), positions.clone());
        use_effect_with(selected, move |selected| {
            let detail = selected
                .filter(|_| embedded)
                .and_then(|row| positions.get(row).copied())
                .and_then(|p| library.loaded(p));
            if let Some(article) = detail {
                host.announce(ReaderEvent::Selected(ArticleDetail::of(&article)));
            }
        });
    }
    {
        let (host, library) = (host.clone(), library.clone());
        use_effect_with(article, move |article| {
            if let Some(id) = article.as_deref().filter(|_| embedded) {
                let found = library.in_memory().iter().find(|a| a.id() == id);
                let detail =
                    found.map_or_else(|| ArticleDetail::id_only(id), |a| ArticleDetail::of(a));
                host.announce(ReaderEvent::Opened(detail));
            }
        });
    }
}
