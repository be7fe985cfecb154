//! Names the page's wasm shares with the single-file archive that
//! `broadsheet-ingest --single-file` writes: they are spelled in its
//! template and start-up script (`crates/ingest/src/single_file/`) and read
//! by the page (`src/js.rs` re-exports them with the rest of the page's
//! contract with JavaScript). They live here, the one crate both sides
//! build on, so the two cannot drift apart; a test in
//! `crates/ingest/src/single_file.rs` checks the template and the script
//! against them.

/// The element the app mounts into, replacing the plain-HTML loading notice.
/// Counterparts: `index.html` and `crates/ingest/src/single_file/template.html`
/// (`<div id="app">`).
pub const APP_ID: &str = "app";

/// The element holding a single-file archive's embedded article set (gzip +
/// base64); its presence tells the page to read the set from itself.
/// Counterparts: `template.html` (`<script … id="broadsheet-set">`) and
/// `boot.js` (`unzip('broadsheet-set')`).
pub const EMBEDDED_SET_ID: &str = "broadsheet-set";

/// The attribute of [`EMBEDDED_SET_ID`] giving the set's unzipped size in
/// bytes, for the progress bar. Counterpart: `template.html`
/// (`data-bytes="{{SET_BYTES}}"`).
pub const EMBEDDED_SET_BYTES_ATTRIBUTE: &str = "data-bytes";

/// The global function a single-file archive's start-up script defines:
/// `window.broadsheetEmbeddedSet()` is a promise of the embedded set's
/// unzipped bytes as a stream. Counterpart: `boot.js`
/// (`window.broadsheetEmbeddedSet = () => unzip(…)`).
pub const EMBEDDED_SET_GLOBAL: &str = "broadsheetEmbeddedSet";
