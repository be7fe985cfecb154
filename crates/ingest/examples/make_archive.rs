//! Generates a large benchmark archive: N articles made of copies of an
//! article set (by default the bundled `static/articles.json`), each copy
//! with a new unique id (`<orig-id>~c<copy>`) and its date moved back so
//! the copies spread over about eleven more years (the bundled set covers
//! 2016–2025, so a large archive spans ~20 years). Written newest first
//! (then by id), one record per line, the layout `broadsheet-ingest`
//! writes; deterministic, streaming, ~4 GB for 1M articles.
//!
//!   cargo run --release -p broadsheet-ingest --example make_archive -- \
//!       --articles N --out FILE [--from static/articles.json]
//!
//! Records are copied as the source spells them: only the `id` and
//! `published` values are replaced in the record's text (serde_json reads
//! each record once to find them), so the output stays byte-for-byte the
//! source's records otherwise.
use std::fs::File;
use std::io::{BufWriter, Write};
use std::process::ExitCode;
use std::time::Instant;

/// How far back (days) the oldest copy is moved: ~11 years.
const SPREAD_DAYS: i64 = 4018;

struct Template {
    /// Text before the id value (`{"id":`), between it and the published
    /// value, and after that (without the separating comma).
    head: String,
    middle: String,
    tail: String,
    id: String,
    published: String,
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("make_archive: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut n: Option<usize> = None;
    let mut out: Option<String> = None;
    let mut from = String::from("static/articles.json");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--articles" => {
                let v = value("--articles")?;
                n = Some(
                    v.replace('_', "")
                        .parse()
                        .map_err(|_| format!("bad --articles {v}"))?,
                );
            }
            "--out" => out = Some(value("--out")?),
            "--from" => from = value("--from")?,
            "-h" | "--help" => {
                println!(
                    "usage: make_archive --articles N --out FILE [--from static/articles.json]"
                );
                return Ok(());
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let n = n.ok_or("--articles N is required")?;
    let out = out.ok_or("--out FILE is required")?;
    let started = Instant::now();

    let text = std::fs::read_to_string(&from).map_err(|e| format!("{from}: {e}"))?;
    let templates = templates(&text).map_err(|e| format!("{from}: {e}"))?;
    let base = templates.len();
    if base == 0 {
        return Err(format!("{from}: no articles"));
    }
    let copies = n.div_ceil(base);

    // (published, id, template) of every output article, sorted newest first.
    let mut rows: Vec<(String, String, u32)> = Vec::with_capacity(n);
    for i in 0..n {
        let t = &templates[i % base];
        let copy = i / base;
        let shift = if copies > 1 {
            copy as i64 * SPREAD_DAYS / (copies as i64 - 1).max(1)
        } else {
            0
        };
        // Copy 0 keeps its dates; later copies move back by whole days.
        let published = shift_date(&t.published, shift)
            .ok_or_else(|| format!("unexpected published value {:?}", t.published))?;
        rows.push((published, format!("{}~c{copy}", t.id), (i % base) as u32));
    }
    rows.sort_unstable_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));

    let file = File::create(&out).map_err(|e| format!("{out}: {e}"))?;
    let mut w = BufWriter::with_capacity(1 << 20, file);
    let io = |e: std::io::Error| format!("{out}: {e}");
    w.write_all(b"{\"format\":\"broadsheet-article-set\",\"version\":2,\"articles\":[\n")
        .map_err(io)?;
    let mut json = Vec::with_capacity(256);
    for (k, (published, id, t)) in rows.iter().enumerate() {
        let t = &templates[*t as usize];
        if k > 0 {
            w.write_all(b",\n").map_err(io)?;
        }
        w.write_all(t.head.as_bytes()).map_err(io)?;
        json.clear();
        serde_json::to_writer(&mut json, id).expect("a string serializes");
        w.write_all(&json).map_err(io)?;
        w.write_all(t.middle.as_bytes()).map_err(io)?;
        w.write_all(b"\"").map_err(io)?;
        w.write_all(published.as_bytes()).map_err(io)?;
        w.write_all(b"\"").map_err(io)?;
        w.write_all(t.tail.as_bytes()).map_err(io)?;
    }
    w.write_all(b"\n]}\n").map_err(io)?;
    let file = w
        .into_inner()
        .map_err(|e| format!("{out}: {}", e.error()))?;
    let bytes = file.metadata().map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "{out}: {n} articles ({copies} copies of {base}), {bytes} bytes, {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The records of an article-set text in the line-per-record layout, each
/// split around its `id` and `published` values.
fn templates(text: &str) -> Result<Vec<Template>, String> {
    let mut lines = text.lines();
    let header = lines.next().ok_or("empty file")?;
    if !header.starts_with("{\"format\":\"broadsheet-article-set\"") || !header.ends_with('[') {
        return Err("not an article set in the line-per-record layout".into());
    }
    let mut out = Vec::new();
    for (no, line) in lines.enumerate() {
        let line = line.trim_end();
        if line == "]}" || line.is_empty() {
            continue;
        }
        let record = line.strip_suffix(',').unwrap_or(line);
        let value: serde_json::Value =
            serde_json::from_str(record).map_err(|e| format!("line {}: {e}", no + 2))?;
        let field = |name: &str| {
            value
                .get(name)
                .and_then(|v| v.as_str())
                .map(str::to_owned)
                .ok_or(format!("line {}: no string `{name}`", no + 2))
        };
        let (id, published) = (field("id")?, field("published")?);
        // Unescaped `"key":"…"` only occurs as that key and its value.
        let id_pair = format!("\"id\":{}", serde_json::to_string(&id).unwrap());
        let pub_pair = format!(
            "\"published\":{}",
            serde_json::to_string(&published).unwrap()
        );
        let i = record
            .find(&id_pair)
            .ok_or(format!("line {}: id not found", no + 2))?;
        let p = record
            .find(&pub_pair)
            .ok_or(format!("line {}: published not found", no + 2))?;
        if p < i {
            return Err(format!("line {}: `published` before `id`", no + 2));
        }
        let id_end = i + id_pair.len();
        let pub_start = p + "\"published\":".len();
        out.push(Template {
            head: record[..i + "\"id\":".len()].to_owned(),
            middle: record[id_end..pub_start].to_owned(),
            tail: record[p + pub_pair.len()..].to_owned(),
            id,
            published,
        });
    }
    Ok(out)
}

/// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS` moved back by `days`, same format.
fn shift_date(published: &str, days: i64) -> Option<String> {
    let b = published.as_bytes();
    if !(b.len() == 10 || (b.len() == 19 && b[10] == b'T')) || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = published.get(0..4)?.parse().ok()?;
    let m: i64 = published.get(5..7)?.parse().ok()?;
    let d: i64 = published.get(8..10)?.parse().ok()?;
    let (y, m, d) = civil_from_days(days_from_civil(y, m, d) - days);
    Some(format!("{y:04}-{m:02}-{d:02}{}", &published[10..]))
}

// Howard Hinnant's days-from-civil algorithms (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}
