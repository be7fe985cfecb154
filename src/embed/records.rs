//! Articles a host page gives as JavaScript objects, into the reader: each
//! crosses into the wasm with serde-wasm-bindgen straight into core's
//! `Article`, and goes through the rule a file's records go through
//! (core's `HandedRecords`: tidied, validated, the duplicate rule). A
//! record that is not one of ours as it stands (a scraper's record, a
//! `Date` object, a wrong field) is read as its JSON text instead, so it is
//! read or refused word for word as in a file.

use broadsheet_core::set::HandedRecords;
use broadsheet_core::{Article, Batch, FileLoad, LoadedArticles, Problem};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};

/// How the given records are named in the list of what was skipped.
pub const GIVEN_NAME: &str = "the given articles";

/// Articles given to a reader, read; taken once, by the reader that shows
/// them. Each is only ever equal to itself.
#[derive(Clone, Debug)]
pub struct GivenArticles(Rc<RefCell<Option<LoadedArticles>>>);

impl PartialEq for GivenArticles {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl GivenArticles {
    /// The articles and what was skipped, as a batch of one "file" (the
    /// page's load summary lists each skipped record as `articles[2] (id
    /// "b"): why`); empty once taken.
    pub fn take_batch(&self) -> Batch {
        let loaded = self.0.borrow_mut().take().unwrap_or_default();
        let mut batch = Batch::new();
        batch.add(GIVEN_NAME, file_load(loaded));
        batch
    }
}

/// Reads `value`: an array of article objects, or an article set object
/// with an `articles` array. Err when it is neither.
pub fn given_articles(value: &JsValue) -> Result<GivenArticles, String> {
    let list = if js_sys::Array::is_array(value) {
        value.clone()
    } else {
        js_sys::Reflect::get(value, &"articles".into())
            .ok()
            .filter(js_sys::Array::is_array)
            .ok_or(
                "`articles` must be a list of article objects, or an article set with an `articles` list",
            )?
    };
    let list: js_sys::Array = list.unchecked_into();
    let mut records = HandedRecords::new();
    for value in list.iter() {
        push(&mut records, value);
    }
    Ok(GivenArticles(Rc::new(RefCell::new(Some(records.finish())))))
}

/// The next record.
fn push(records: &mut HandedRecords, value: JsValue) {
    if let Ok(article) = serde_wasm_bindgen::from_value::<Article>(value.clone()) {
        records.push_article(article);
        return;
    }
    match js_sys::JSON::stringify(&value)
        .ok()
        .and_then(|s| s.as_string())
    {
        Some(text) => records.push_json(&text),
        None => records.skip(
            None,
            "it is not an object that can be read as JSON (undefined, a function or a symbol)"
                .to_owned(),
        ),
    }
}

/// The records' load, each skipped one placed by its index in the list.
fn file_load(loaded: LoadedArticles) -> FileLoad {
    FileLoad {
        problems: loaded
            .skipped
            .iter()
            .map(|s| {
                let id =
                    s.id.as_ref()
                        .map(|id| format!(" (id {id:?})"))
                        .unwrap_or_default();
                Problem::whole(format!("articles[{}]{id}: {}", s.record - 1, s.reason))
            })
            .collect(),
        articles: loaded.articles.into_iter().map(|a| (a, 0)).collect(),
        merged: loaded.identical_duplicates,
        ..FileLoad::default()
    }
}
