//! Light or dark: follows the system until the reader picks one, and the
//! pick is remembered (localStorage) for the next visit.

use crate::js::{DARK_THEME, LIGHT_THEME, THEME_ATTRIBUTE, THEME_STORAGE_KEY};
use yew::prelude::*;

/// The remembered theme (`"light"` or `"dark"`), if any.
pub fn stored_theme() -> Option<String> {
    let storage = gloo::utils::window().local_storage().ok().flatten()?;
    storage
        .get_item(THEME_STORAGE_KEY)
        .ok()
        .flatten()
        .filter(|t| t == LIGHT_THEME || t == DARK_THEME)
}

/// Puts `theme` on `<html data-theme>`, where the CSS picks it up.
pub fn apply_theme(theme: Option<&str>) {
    if let Some(root) = gloo::utils::document().document_element() {
        let _ = match theme {
            Some(theme) => root.set_attribute(THEME_ATTRIBUTE, theme),
            None => root.remove_attribute(THEME_ATTRIBUTE),
        };
    }
}

fn system_is_dark() -> bool {
    gloo::utils::window()
        .match_media("(prefers-color-scheme: dark)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}

#[function_component(ThemeToggle)]
pub fn theme_toggle() -> Html {
    let dark = use_state(|| stored_theme().map_or_else(system_is_dark, |t| t == DARK_THEME));
    let onclick = {
        let dark = dark.clone();
        Callback::from(move |_| {
            let next = if *dark { LIGHT_THEME } else { DARK_THEME };
            apply_theme(Some(next));
            if let Some(storage) = gloo::utils::window().local_storage().ok().flatten() {
                let _ = storage.set_item(THEME_STORAGE_KEY, next);
            }
            dark.set(!*dark);
        })
    };
    let label = if *dark {
        "Switch to light mode"
    } else {
        "Switch to dark mode"
    };
    html! {
        <button type="button" class="theme-toggle" aria-label={label} title={label} aria-pressed={dark.to_string()} {onclick}>
            { if *dark { "☀" } else { "☾" } }
        </button>
    }
}
