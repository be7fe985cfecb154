//! The search field: reports every edit; Esc clears it.

use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SearchBoxProps {
    pub query: AttrValue,
    pub on_change: Callback<String>,
}

#[function_component(SearchBox)]
pub fn search_box(props: &SearchBoxProps) -> Html {
    let oninput = props
        .on_change
        .reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    let onkeydown = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                on_change.emit(String::new());
            }
        })
    };
    html! {
        <div class="search">
            <label for={crate::js::SEARCH_INPUT_ID} class="visually-hidden">{ "Search articles" }</label>
            <input
                id={crate::js::SEARCH_INPUT_ID}
                type="search"
                placeholder="Search titles and text"
                autocomplete="off"
                spellcheck="false"
                aria-label="Search articles"
                value={props.query.clone()}
                {oninput}
                {onkeydown}
            />
        </div>
    }
}
