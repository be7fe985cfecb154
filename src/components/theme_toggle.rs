//! Light or dark: follows the system until the reader picks one, and the
//! pick is remembered (localStorage) for the next visit.

use yew::prelude::*;

const STORAGE_KEY: &str = "broadsheet-theme";

/// The remembered theme (`"light"` or `"dark"`), if any.
pub fn stored_theme() -> Option<String> {
    let storage = gloo::utils::window().local_storage().ok().flatten()?;
    storage
        .get_item(STORAGE_KEY)
        .ok()
        .flatten()
        .filter(|t| t == "light" || t == "dark")
}

/// Puts `theme` on `<html data-theme>`, where the CSS picks it up.
pub fn apply_theme(theme: Option<&str>) {
    if let Some(root) = gloo::utils::document().document_element() {
        let _ = match theme {
            Some(theme) => root.set_attribute("data-theme", theme),
            None => root.remove_attribute("data-theme"),
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
    let dark = use_state(|| stored_theme().map_or_else(system_is_dark, |t| t == "dark"));
    let onclick = {
        let dark = dark.clone();
        Callback::from(move |_| {
            let next = if *dark { "light" } else { "dark" };
            apply_theme(Some(next));
            if let Some(storage) = gloo::utils::window().local_storage().ok().flatten() {
                let _ = storage.set_item(STORAGE_KEY, next);
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
