//! `--single-file FILE.html`: one self-contained page holding the app (wasm,
//! JS glue, CSS, icon) and an article set, which works opened straight from
//! disk (`file://`), where a normal build cannot load its module script or
//! fetch its set. The wasm and the set are embedded gzip + base64 and
//! unzipped by the browser (`DecompressionStream`); the glue runs inline as
//! a module. A Content-Security-Policy names the inline script and style by
//! hash, so nothing else can run.

use base64::Engine as _;
use sha2::Digest as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

const TEMPLATE: &str = include_str!("single_file/template.html");
const BOOT: &str = include_str!("single_file/boot.js");

/// The largest article set (JSON bytes) a single file may hold: measured in
/// Chromium (see BENCHMARKS.md), larger files take long to open and need
/// several copies of the set in memory at once. Larger archives belong on a
/// static host.
pub const MAX_SET_BYTES: usize = 100_000_000;

/// The parts of the built app (`trunk build --release` output).
struct App {
    glue: String,
    wasm: Vec<u8>,
    css: String,
    icon: Option<(String, Vec<u8>)>,
}

/// Why the app folder cannot be used, said so that the user can act.
pub fn check_app(app: &Path) -> Result<(), String> {
    read_app(app).map(|_| ())
}

fn read_app(app: &Path) -> Result<App, String> {
    let index = app.join("index.html");
    let html = fs::read_to_string(&index).map_err(|e| {
        format!(
            "--single-file needs the built app, but {} cannot be read ({e}): run `./dev build` first, or pass --app DIR",
            index.display()
        )
    })?;
    let referenced = |suffix: &str| -> Option<PathBuf> {
        html.split(['"', '\''])
            .map(|s| s.trim_start_matches("./"))
            // The extra wasms, loaded on demand, stay out: a single file
            // reads no crawls, and cuts Chinese, Thai, … per character.
            .find(|s| {
                s.ends_with(suffix)
                    && !s.contains('/')
                    && !s.is_empty()
                    && !s.starts_with("broadsheet-crawl-reader")
                    && !s.starts_with("broadsheet-word-segmenter")
            })
            .map(|s| app.join(s))
    };
    let missing = |what: &str| {
        format!(
            "{} names no {what}: is {} a Broadsheet build (`./dev build`)?",
            index.display(),
            app.display()
        )
    };
    let read =
        |path: &Path| fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()));
    let wasm_path = referenced("_bg.wasm").ok_or_else(|| missing("wasm module"))?;
    // The glue is named after the wasm (index.html names other scripts too,
    // e.g. the index worker's).
    let glue_path = wasm_path
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix("_bg.wasm"))
        .map(|stem| app.join(format!("{stem}.js")))
        .filter(|p| html.contains(&*p.file_name().unwrap_or_default().to_string_lossy()))
        .ok_or_else(|| missing("JS glue"))?;
    let css_path = referenced(".css").ok_or_else(|| missing("stylesheet"))?;
    let text = |path: &Path| {
        String::from_utf8(read(path)?).map_err(|_| format!("{} is not UTF-8", path.display()))
    };
    let glue = text(&glue_path)?;
    if !glue.contains("async function __wbg_init(") {
        return Err(format!(
            "{} is not the JS glue this version of broadsheet-ingest knows (no __wbg_init); rebuild the app",
            glue_path.display()
        ));
    }
    let css = text(&css_path)?;
    for (what, content, closing) in [
        ("JS glue", &glue, "</script"),
        ("stylesheet", &css, "</style"),
    ] {
        if content.to_ascii_lowercase().contains(closing) {
            return Err(format!(
                "the {what} contains `{closing}` and cannot be inlined"
            ));
        }
    }
    let icon = match referenced(".svg") {
        Some(path) => Some(("image/svg+xml".to_owned(), read(&path)?)),
        None => None,
    };
    Ok(App {
        glue,
        wasm: read(&wasm_path)?,
        css,
        icon,
    })
}

/// The single page for the article set `set` (JSON, as written by `-o`).
pub fn build(app: &Path, set: &[u8]) -> Result<Vec<u8>, String> {
    if set.len() > MAX_SET_BYTES {
        return Err(format!(
            "the article set is {} MB, more than the {} MB a single-file archive holds (larger files open slowly and may not open at all); publish it on a static host instead: `broadsheet-ingest ... -o dist/static/articles.json` and serve dist/ (see README: Hosting)",
            set.len() / 1_000_000,
            MAX_SET_BYTES / 1_000_000
        ));
    }
    let app = read_app(app)?;
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    let script = format!("{}\n{BOOT}", app.glue);
    let icon = match &app.icon {
        Some((mime, bytes)) => format!("data:{mime};base64,{}", b64(bytes)),
        None => "data:,".to_owned(),
    };
    // Each placeholder is replaced once, and embedded parts are replaced
    // last, so text inside them is never mistaken for a placeholder.
    let html = TEMPLATE
        .replacen("{{SCRIPT_HASH}}", &csp_hash(&script), 1)
        .replacen("{{STYLE_HASH}}", &csp_hash(&app.css), 1)
        .replacen("{{ICON}}", &icon, 1)
        .replacen("{{SET_BYTES}}", &set.len().to_string(), 1)
        .replacen("{{WASM}}", &b64(&gzip(&app.wasm)), 1)
        .replacen("{{SET}}", &b64(&gzip(set)), 1);
    // The CSS and script go in last, so their text is never mistaken for
    // a placeholder.
    let (before_css, after_css) = html.split_once("{{CSS}}").expect("template has {{CSS}}");
    let (before_script, after_script) = after_css
        .split_once("{{SCRIPT}}")
        .expect("template has {{SCRIPT}}");
    Ok([before_css, &app.css, before_script, &script, after_script]
        .concat()
        .into_bytes())
}

/// `'sha256-…'` for a Content-Security-Policy.
fn csp_hash(text: &str) -> String {
    let digest = sha2::Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

#[cfg(test)]
mod tests {
    use super::*;
    use broadsheet_core::js_contract::{
        APP_ID, EMBEDDED_SET_BYTES_ATTRIBUTE, EMBEDDED_SET_GLOBAL, EMBEDDED_SET_ID,
    };

    fn fake_app(dir: &Path, glue: &str) {
        fs::create_dir_all(dir).unwrap();
        fs::write(
            dir.join("index.html"),
            r#"<link rel="stylesheet" href="./app-1.css"/><link rel="modulepreload" href="./app-1.js"><link rel="preload" href="./app-1_bg.wasm"><link rel="icon" href="./favicon-1.svg">"#,
        )
        .unwrap();
        fs::write(dir.join("app-1.css"), "body { color: red }").unwrap();
        fs::write(dir.join("app-1.js"), glue).unwrap();
        fs::write(dir.join("app-1_bg.wasm"), b"\0asm fake").unwrap();
        fs::write(dir.join("favicon-1.svg"), "<svg/>").unwrap();
    }

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("broadsheet-single-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn the_page_embeds_everything_and_its_policy_names_exactly_its_script_and_style() {
        let dir = scratch("ok");
        fake_app(
            &dir,
            "async function __wbg_init(m) {} // {{SET}} stays text\n",
        );
        let html = String::from_utf8(build(&dir, br#"{"articles":[]}"#).unwrap()).unwrap();
        let script = html.split("<script type=\"module\">").nth(1).unwrap();
        let script = script.split("</script>").next().unwrap();
        assert!(script.starts_with("async function __wbg_init(m) {} // {{SET}} stays text\n"));
        assert!(script.contains(&format!("window.{EMBEDDED_SET_GLOBAL}")));
        assert!(
            html.contains(&csp_hash(script)),
            "the script's hash is in the policy"
        );
        assert!(html.contains(&csp_hash("body { color: red }")));
        assert!(html.contains("<style>body { color: red }</style>"));
        assert!(html.contains(&format!("{EMBEDDED_SET_BYTES_ATTRIBUTE}=\"15\"")));
        let script_src = html
            .split("script-src")
            .nth(1)
            .unwrap()
            .split(';')
            .next()
            .unwrap();
        assert!(!script_src.contains("unsafe-inline"), "{script_src}");
        // The set round-trips through gzip + base64.
        let set = html
            .split(&format!("id=\"{EMBEDDED_SET_ID}\""))
            .nth(1)
            .unwrap();
        let b64 = set.split('>').nth(1).unwrap().split('<').next().unwrap();
        let gz = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap();
        let mut json = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut json)
            .unwrap();
        assert_eq!(json, r#"{"articles":[]}"#);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_template_and_start_up_script_spell_the_names_the_page_reads() {
        assert!(TEMPLATE.contains(&format!("<div id=\"{APP_ID}\">")));
        assert!(TEMPLATE.contains(&format!(
            "id=\"{EMBEDDED_SET_ID}\" data-encoding=\"gzip+base64\" {EMBEDDED_SET_BYTES_ATTRIBUTE}=\"{{{{SET_BYTES}}}}\""
        )));
        assert!(BOOT.contains(&format!(
            "window.{EMBEDDED_SET_GLOBAL} = () => unzip('{EMBEDDED_SET_ID}');"
        )));
    }

    #[test]
    fn a_missing_or_foreign_app_and_an_oversized_set_are_refused_with_what_to_do() {
        let dir = scratch("missing");
        let err = build(&dir, b"{}").unwrap_err();
        assert!(
            err.contains("run `./dev build` first, or pass --app DIR"),
            "{err}"
        );
        fake_app(&dir, "console.log('not wasm-bindgen')");
        let err = build(&dir, b"{}").unwrap_err();
        assert!(err.contains("no __wbg_init"), "{err}");
        let big = vec![b' '; MAX_SET_BYTES + 1];
        let err = build(&dir, &big).unwrap_err();
        assert!(
            err.starts_with(
                "the article set is 100 MB, more than the 100 MB a single-file archive holds"
            ),
            "{err}"
        );
        assert!(err.contains("static host"), "{err}");
        fs::remove_dir_all(&dir).unwrap();
    }
}
