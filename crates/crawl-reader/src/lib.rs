//! Broadsheet's crawl reader: the page's second wasm, loaded the first
//! time a WARC crawl (`.warc`, `.warc.gz`) is opened.
//!
//! A crawl's pages go through the main-text extractor (`dom_smoothie`,
//! with the HTML parser it brings), which would add more to the page's
//! own wasm than the whole rest of the app (BENCHMARKS.md, "Issue 15").
//! Few readers open crawls, so it lives here instead: the page
//! (`src/crawl_reader.rs`) imports this module on demand, hands it the
//! file's bytes as they stream in, and takes back the articles found so
//! far after each piece, as JSON in core's transfer form
//! ([`FileLoad::to_transfer_json`]). The reading itself is core's
//! `RecordsFile`, the same code the CLI runs.

use broadsheet_core::files::FileLoad;
use broadsheet_core::formats::records_file::RecordsFile;
use broadsheet_core::formats::warc::readable_crawl_reader;
use wasm_bindgen::prelude::*;

/// One crawl file being read.
#[wasm_bindgen]
pub struct CrawlFile {
    /// `None` once finished.
    file: Option<RecordsFile>,
}

#[wasm_bindgen]
impl CrawlFile {
    /// A reader for the file called `name` that keeps no record over
    /// `record_limit` bytes.
    #[wasm_bindgen(constructor)]
    pub fn new(name: &str, record_limit: usize) -> CrawlFile {
        let file = RecordsFile::new(name, record_limit, record_limit)
            .with_web_pages(readable_crawl_reader);
        CrawlFile { file: Some(file) }
    }

    /// Takes the next bytes of the file; `false` once the file is refused
    /// (not a crawl, nor anything else readable) and the rest need not come.
    pub fn push(&mut self, chunk: &[u8]) -> bool {
        match &mut self.file {
            Some(file) => {
                file.push(chunk);
                !file.refused()
            }
            None => false,
        }
    }

    /// The articles read since the last call, in transfer form (the rest
    /// of what the file gave comes from [`finish`](Self::finish)).
    #[wasm_bindgen(js_name = takeArticles)]
    pub fn take_articles(&mut self) -> String {
        let articles = self
            .file
            .as_mut()
            .map(RecordsFile::take_articles)
            .unwrap_or_default();
        FileLoad {
            articles,
            ..FileLoad::default()
        }
        .to_transfer_json()
    }

    /// Everything else the file gave (articles not yet taken, problems,
    /// merged copies, records ignored), in transfer form.
    pub fn finish(&mut self) -> String {
        self.file
            .take()
            .map(RecordsFile::finish)
            .unwrap_or_default()
            .to_transfer_json()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crawl_fixture() -> Vec<u8> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/warc/crawl.warc.gz"
        );
        std::fs::read(path).expect("the crawl fixture")
    }

    /// What the page gets, piece by piece, equals what the CLI's one-go
    /// reading of the same file gives.
    #[test]
    fn articles_taken_piece_by_piece_add_up_to_the_whole_file() {
        let bytes = crawl_fixture();
        let mut whole = RecordsFile::new("crawl.warc.gz", usize::MAX, usize::MAX)
            .with_web_pages(readable_crawl_reader);
        whole.push(&bytes);
        let whole = whole.finish();
        assert!(whole.articles.len() >= 2, "the fixture has articles");

        let mut crawl = CrawlFile::new("crawl.warc.gz", usize::MAX);
        let mut taken = Vec::new();
        for piece in bytes.chunks(1000) {
            assert!(crawl.push(piece));
            taken.extend(
                FileLoad::from_transfer_json(&crawl.take_articles())
                    .unwrap()
                    .articles,
            );
        }
        let rest = FileLoad::from_transfer_json(&crawl.finish()).unwrap();
        assert!(!taken.is_empty(), "articles come before the end");
        taken.extend(rest.articles);
        assert_eq!(taken, whole.articles);
        assert_eq!(rest.problems, whole.problems);
        assert_eq!(rest.ignored, whole.ignored);
        assert_eq!(rest.merged, whole.merged);
    }

    #[test]
    fn a_file_that_is_not_a_crawl_is_refused_early() {
        let mut crawl = CrawlFile::new("photo.warc", usize::MAX);
        // A PNG's signature ends its first "line": enough to tell.
        assert!(!crawl.push(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0"));
        let rest = FileLoad::from_transfer_json(&crawl.finish()).unwrap();
        assert!(rest.articles.is_empty());
        assert_eq!(rest.problems.len(), 1, "{:?}", rest.problems);
    }
}
