//! Broadsheet's word segmenter: a wasm the page loads the first time it
//! meets text written without spaces between words (Chinese, Japanese,
//! Thai, Lao, Khmer, Burmese), or an archive whose index was cut that way
//! is searched with such a query.
//!
//! It is core's [`dictionary_words`] (ICU4X's word segmenter and its
//! compiled dictionaries), the same code the CLI runs; its dictionaries
//! are three times the page's own wasm (BENCHMARKS.md, "Issue 16"), so the
//! page (`src/word_segmenter.rs`) imports this module on demand and
//! installs [`words`] as core's word segmenter.

use broadsheet_core::search::tokenize::dictionary_words;
use wasm_bindgen::prelude::*;

/// The words of `run`, as UTF-8 byte offsets: start and end of each, in
/// order (the page's side of the text is the same UTF-8 string).
#[wasm_bindgen]
pub fn words(run: &str) -> Vec<u32> {
    let mut spans = Vec::new();
    dictionary_words(run, &mut spans);
    spans
        .into_iter()
        .flat_map(|(start, end)| [start as u32, end as u32])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_offsets_into_the_utf8_text() {
        let run = "我们在北京举行会议。";
        let spans = words(run);
        let cut: Vec<&str> = spans
            .chunks(2)
            .map(|p| &run[p[0] as usize..p[1] as usize])
            .collect();
        assert_eq!(cut, ["我们", "在", "北京", "举行", "会议"]);
    }
}
