//! `use_archive_article`: the article an article page shows, fetched from a
//! sharded archive by its id (id bucket, card shard, body shard).

use crate::remote_archive::RemoteArchive;
use broadsheet_core::StoredArticle;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub enum ArchiveArticle {
    /// Not an archive, or no article open.
    Idle,
    Loading,
    /// Its position and the whole article.
    Found(u32, Rc<StoredArticle>),
    NotFound,
    /// A file it needs could not be used (the message names it).
    Failed(String),
}

/// Fetches article `id` of `archive` whenever the id changes; a late answer
/// for an id no longer open is dropped.
#[hook]
pub fn use_archive_article(
    archive: Option<Rc<RemoteArchive>>,
    id: Option<String>,
) -> ArchiveArticle {
    let state = use_state(|| (None::<String>, ArchiveArticle::Idle));
    let key = (archive.as_ref().map(|a| Rc::as_ptr(a) as usize), id.clone());
    {
        let state = state.clone();
        let wanted = id.clone();
        use_effect_with(key, move |_| {
            if let (Some(archive), Some(id)) = (archive, wanted) {
                state.set((Some(id.clone()), ArchiveArticle::Loading));
                wasm_bindgen_futures::spawn_local(async move {
                    let found = match archive.article(&id).await {
                        Ok(Some((at, article))) => ArchiveArticle::Found(at, article),
                        Ok(None) => ArchiveArticle::NotFound,
                        Err(why) => ArchiveArticle::Failed(why),
                    };
                    state.set((Some(id), found));
                });
            }
        });
    }
    match (&state.0, &id) {
        (Some(a), Some(b)) if a == b => state.1.clone(),
        (_, Some(_)) => ArchiveArticle::Loading,
        _ => ArchiveArticle::Idle,
    }
}
