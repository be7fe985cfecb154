//! End-to-end tests of `broadsheet-ingest` against inputs and outputs that
//! are not plain files of a sane size (issue 19, "The CLI"): FIFOs and
//! devices, files over the page's limits, an output that is an input, a
//! device or a link, a write that fails half-way, a damaged archive file.
//! Every run is a child process killed after [`TIMEOUT`], so a hang fails
//! the test instead of stalling the suite.

mod common;

use broadsheet_core::archive::{check_hash, ArchiveFileKind, Manifest};
use broadsheet_core::parse_article_records;
use common::{seed_text, Run, TempDir};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(60);
/// `WHOLE_LIMIT`'s words, as the page writes them.
const OVERSIZED_RECORD: &str = "the record is over 32 MB, more than one article may hold here";

/// The binary under test (`BROADSHEET_INGEST_BIN` runs these tests against
/// another build, e.g. an older one to see them fail).
fn bin() -> PathBuf {
    std::env::var_os("BROADSHEET_INGEST_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_broadsheet-ingest").into())
}

/// Runs `command` (in `dir`) to its end, or kills it after [`TIMEOUT`] and
/// fails. Its output goes to files, so a full pipe cannot stall it.
fn run_within_timeout(mut command: Command, dir: &Path) -> Run {
    let logs = TempDir::new("logs");
    let (out, err) = (logs.join("stdout"), logs.join("stderr"));
    let mut child = command
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(fs::File::create(&out).unwrap())
        .stderr(fs::File::create(&err).unwrap())
        .spawn()
        .expect("the binary runs");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "broadsheet-ingest did not finish within {TIMEOUT:?} (it hangs); stderr so far: {}",
                fs::read_to_string(&err).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        code: status
            .code()
            .unwrap_or_else(|| panic!("killed by a signal: {status:?}")),
        stdout: fs::read(out).unwrap(),
        stderr: String::from_utf8(fs::read(err).unwrap()).expect("stderr is UTF-8"),
    }
}

/// Runs the binary in `dir` (paths in messages are relative to it).
fn ingest(dir: &Path, args: &[&str]) -> Run {
    let mut command = Command::new(bin());
    command.args(args);
    run_within_timeout(command, dir)
}

/// The ids in an article-set file, in file order.
fn ids(bytes: &[u8]) -> Vec<String> {
    let loaded =
        parse_article_records(std::str::from_utf8(bytes).unwrap()).expect("the output parses");
    assert!(loaded.skipped.is_empty(), "{:?}", loaded.skipped);
    loaded.articles.into_iter().map(|a| a.id).collect()
}

fn record(id: &str, day: u32, lead: &str) -> String {
    format!(
        r#"{{"id":"{id}","title":"Title {id}","published":"2021-09-{day:02}","lead":"{lead}"}}"#
    )
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

#[cfg(unix)]
fn file_type(path: &Path) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = fs::symlink_metadata(path).unwrap().file_type();
    match () {
        _ if t.is_symlink() => "link",
        _ if t.is_file() => "file",
        _ if t.is_dir() => "folder",
        _ if t.is_fifo() => "fifo",
        _ if t.is_char_device() => "char device",
        _ => "other",
    }
}

// 1. Anything that is not a regular file is skipped and reported, never
// opened (opening a FIFO for reading waits for a writer forever).
#[cfg(unix)]
#[test]
fn fifos_and_sockets_are_skipped_as_not_regular_files_without_opening_them() {
    let dir = TempDir::new("fifo");
    dir.write("in/75422.txt", seed_text());
    mkfifo(&dir.join("in/pipe.json"));
    mkfifo(&dir.join("in/pipe")); // not .txt or .json: ignored, as any such file
    let _socket = std::os::unix::net::UnixListener::bind(dir.join("in/socket.txt")).unwrap();
    mkfifo(&dir.join("named.txt"));

    let run = ingest(dir.path(), &["in", "named.txt", "-o", "out.json"]);
    assert_eq!(
        run.stderr_lines(),
        [
            "skipped: in/pipe.json: not a regular file (a FIFO)",
            "skipped: in/socket.txt: not a regular file (a socket)",
            "skipped: named.txt: not a regular file (a FIFO)",
            "read 4 files: nothing written (3 skipped; pass --keep-going to write the 1 good article), 1 ignored (not .txt, or .json, .jsonl, .ndjson, .csv, .tsv, .xml, .rss, .atom or .warc, plain or .gz)",
        ]
    );
    assert_eq!(run.code, 1);
    assert!(!dir.join("out.json").exists());

    let run = ingest(
        dir.path(),
        &["in", "named.txt", "-o", "out.json", "--keep-going"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr_lines().last().unwrap(),
        &"read 4 files: 1 article written to out.json, 3 skipped, 1 ignored (not .txt, or .json, .jsonl, .ndjson, .csv, .tsv, .xml, .rss, .atom or .warc, plain or .gz)"
    );
    assert_eq!(ids(&dir.read("out.json")), ["75422"]);
    assert_eq!(file_type(&dir.join("in/pipe.json")), "fifo");
}

// 2. Sizes are checked before anything is read, against the page's limits.
#[test]
fn files_over_the_limits_are_refused_from_their_size_without_being_read() {
    let dir = TempDir::new("huge");
    dir.write("75422.txt", seed_text());
    // Sparse: no disk is used, and reading them would take seconds and GBs.
    let sparse = |name: &str, len: u64| {
        fs::File::create(dir.join(name))
            .unwrap()
            .set_len(len)
            .unwrap()
    };
    // JSON that must be read whole (an array), then NULs.
    fs::write(dir.join("huge.json"), "[\n").unwrap();
    fs::OpenOptions::new()
        .write(true)
        .open(dir.join("huge.json"))
        .unwrap()
        .set_len(3_000_000_000)
        .unwrap();
    sparse("big-seed.txt", 40_000_000);
    sparse("binary.csv", 3_000_000_000);
    // A line-per-record set as large is read a line at a time, not refused.
    let mut lines = fs::File::create(dir.join("lines.json")).unwrap();
    writeln!(
        lines,
        "{{\"format\":\"broadsheet-article-set\",\"version\":1,\"articles\":["
    )
    .unwrap();
    writeln!(lines, "{},", record("a", 1, "A lead.")).unwrap();
    lines.set_len(520_000_000).unwrap(); // the rest: one huge line of NULs

    let started = Instant::now();
    let run = ingest(
        dir.path(),
        &[
            "75422.txt",
            "huge.json",
            "binary.csv",
            "big-seed.txt",
            "-o",
            "out.json",
            "--keep-going",
        ],
    );
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "refused from the size, not read: {:?}",
        started.elapsed()
    );
    assert_eq!(
        run.stderr_lines(),
        [
            "skipped: huge.json: the file is 3000 MB and not laid out one article per line, so it would have to be read in one piece, and Broadsheet reads at most 512 MB in one piece; split it into smaller files, or put one article on each line after the line `{\"format\":\"broadsheet-article-set\",\"version\":2,\"articles\":[` (the layout broadsheet-ingest writes), which is read a line at a time, as JSON Lines and CSV are",
            "skipped: binary.csv:1: not a file of records: it starts with binary data (a NUL byte), not JSON or a table's header",
            "skipped: big-seed.txt: the file is 40 MB; a seed file holds one article, and Broadsheet reads at most 32 MB of one",
            "read 4 files: 1 article written to out.json, 3 skipped",
        ]
    );
    assert_eq!(run.code, 0);
    assert_eq!(ids(&dir.read("out.json")), ["75422"]);

    // The 520 MB line-per-record file streams: its record is kept, its
    // oversized last line skipped, in bounded memory.
    let run = ingest(
        dir.path(),
        &["lines.json", "-o", "out.json", "--keep-going"],
    );
    assert_eq!(
        run.stderr_lines(),
        [
            format!("skipped: lines.json:3: record 2: {OVERSIZED_RECORD}").as_str(),
            "skipped: lines.json:3: record 3: the file ends before its closing `]}`: the rest of the set is missing (was the download cut short?)",
            "read 1 file: 1 article written to out.json, 2 skipped",
        ]
    );
    assert_eq!(ids(&dir.read("out.json")), ["a"]);
}

// 6. One set of limits: a record over WHOLE_LIMIT is skipped with the
// page's words, in either layout and whatever the output.
#[test]
fn a_record_over_the_limit_is_skipped_in_the_pages_words_whatever_the_output() {
    let dir = TempDir::new("big-record");
    let big = record("big", 3, &"x".repeat(33_000_000));
    dir.write(
        "lines.json",
        format!(
            "{{\"format\":\"broadsheet-article-set\",\"version\":1,\"articles\":[\n{},\n{big},\n{}\n]}}\n",
            record("a", 1, "A lead."),
            record("b", 2, "B lead.")
        ),
    );
    dir.write(
        "array.json",
        format!("[{},\n{big}]", record("c", 4, "C lead.")),
    );
    fake_app(&dir.join("app"));
    let skipped = [
        format!("skipped: lines.json:3: record 2: {OVERSIZED_RECORD}"),
        format!("skipped: array.json:2: record 2: {OVERSIZED_RECORD}"),
    ];

    let run = ingest(dir.path(), &["lines.json", "array.json", "-o", "out.json"]);
    assert_eq!(run.stderr_lines()[..2], skipped);
    assert_eq!(run.code, 1, "held back without --keep-going");

    let run = ingest(
        dir.path(),
        &["lines.json", "array.json", "-o", "out.json", "--keep-going"],
    );
    assert_eq!(run.stderr_lines()[..2], skipped);
    assert_eq!(
        run.stderr_lines()[2],
        "read 2 files: 3 articles written to out.json, 2 skipped"
    );
    assert_eq!(ids(&dir.read("out.json")), ["c", "b", "a"]);

    let run = ingest(
        dir.path(),
        &[
            "lines.json",
            "array.json",
            "--shards",
            "site",
            "--keep-going",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr_lines()[..2], skipped);
    assert!(
        run.stderr_lines()[2].starts_with("read 2 files: 3 articles written to site (sharded: "),
        "{}",
        run.stderr
    );
    let manifest = Manifest::parse(&String::from_utf8(dir.read("site/articles.json")).unwrap())
        .expect("a manifest");
    assert_eq!(manifest.articles, 3);

    let run = ingest(
        dir.path(),
        &[
            "lines.json",
            "array.json",
            "--single-file",
            "one.html",
            "--app",
            "app",
            "--keep-going",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr_lines()[..2], skipped);
    assert_eq!(
        run.stderr_lines()[2],
        "read 2 files: 3 articles written to one.html, 2 skipped"
    );
    assert!(fs::metadata(dir.join("one.html")).unwrap().len() < 1_000_000);
}

/// A built app as `--single-file` needs one (see `single_file`'s tests).
fn fake_app(dir: &Path) {
    fs::create_dir_all(dir).unwrap();
    fs::write(
        dir.join("index.html"),
        r#"<link rel="stylesheet" href="./app-1.css"/><link rel="modulepreload" href="./app-1.js"><link rel="preload" href="./app-1_bg.wasm"><link rel="icon" href="./favicon-1.svg">"#,
    )
    .unwrap();
    fs::write(dir.join("app-1.css"), "body { color: red }").unwrap();
    fs::write(dir.join("app-1.js"), "async function __wbg_init(m) {}\n").unwrap();
    fs::write(dir.join("app-1_bg.wasm"), b"\0asm fake").unwrap();
    fs::write(dir.join("favicon-1.svg"), "<svg/>").unwrap();
}

// 3a. The output may not be one of the files read, however it is spelled.
#[test]
fn an_output_that_is_also_an_input_is_refused_before_anything_is_read() {
    let dir = TempDir::new("out-is-in");
    let set = format!("[{}]", record("a", 1, "A lead."));
    dir.write("in/set.json", &set);
    dir.write("other.txt", seed_text());
    let mut spellings = vec!["in/set.json".to_owned(), "./in/../in/set.json".to_owned()];
    #[cfg(unix)]
    {
        fs::hard_link(dir.join("in/set.json"), dir.join("hard-link.json")).unwrap();
        std::os::unix::fs::symlink("in/set.json", dir.join("soft-link.json")).unwrap();
        spellings.push("hard-link.json".into());
        spellings.push("soft-link.json".into());
    }
    for output in &spellings {
        let run = ingest(dir.path(), &["other.txt", "in/set.json", "-o", output]);
        assert_eq!(run.code, 2, "-o {output}: {}", run.stderr);
        assert_eq!(
            run.stderr_lines()[0],
            format!(
                "error: the output {output} is also an input (in/set.json); write to another file"
            )
        );
        assert_eq!(dir.read("in/set.json"), set.as_bytes(), "-o {output}");
    }
    // An output inside an input folder is fine: it is not read back.
    let run = ingest(dir.path(), &["in", "-o", "in/out.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = ingest(dir.path(), &["in", "-o", "in/out.json"]);
    assert_eq!(
        run.stderr_lines(),
        ["read 1 file: 1 article written to in/out.json, 0 skipped"]
    );
}

// 3b. An output that exists and is not a regular file is written into,
// never replaced; a link is followed and stays a link.
#[cfg(unix)]
#[test]
fn devices_fifos_and_links_as_output_are_written_through_not_replaced() {
    let dir = TempDir::new("write-through");
    dir.write("75422.txt", seed_text());

    // A null device: our own node where we may make one (so a regression
    // cannot replace the system's /dev/null), else /dev/null itself, which
    // only root could replace.
    let node = dir.join("null");
    let made = Command::new("mknod")
        .args([node.to_str().unwrap(), "c", "1", "3"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
        && fs::write(&node, b"usable").is_ok();
    let is_root = unsafe { libc::geteuid() } == 0;
    let null = match (made, is_root) {
        (true, _) => Some(node.to_str().unwrap().to_owned()),
        (false, false) => Some("/dev/null".to_owned()),
        (false, true) => None, // root cannot make a node here: /dev/null is not risked
    };
    if let Some(null) = null {
        let run = ingest(dir.path(), &["75422.txt", "-o", &null]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(
            run.stderr_lines(),
            [format!(
                "read 1 file: 1 article written to {null}, 0 skipped"
            )]
        );
        assert_eq!(file_type(Path::new(&null)), "char device");
        assert_eq!(fs::read(&null).unwrap(), b"");
    }

    // A FIFO with a reader gets the set and stays a FIFO.
    mkfifo(&dir.join("pipe"));
    let reader = {
        let pipe = dir.join("pipe");
        std::thread::spawn(move || fs::read(pipe).unwrap())
    };
    let run = ingest(dir.path(), &["75422.txt", "-o", "pipe"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // (Checked first: were it replaced, the reader would wait forever.)
    assert_eq!(file_type(&dir.join("pipe")), "fifo");
    assert_eq!(ids(&reader.join().unwrap()), ["75422"]);

    // A link to a file: the target is replaced, the link stays.
    dir.write("target/set.json", "old");
    std::os::unix::fs::symlink("target/set.json", dir.join("link.json")).unwrap();
    let run = ingest(dir.path(), &["75422.txt", "-o", "link.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(file_type(&dir.join("link.json")), "link");
    assert_eq!(ids(&dir.read("target/set.json")), ["75422"]);
    // A link to nothing yet: its target is made.
    std::os::unix::fs::symlink("target/new.json", dir.join("dangling.json")).unwrap();
    let run = ingest(dir.path(), &["75422.txt", "-o", "dangling.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(file_type(&dir.join("dangling.json")), "link");
    assert_eq!(ids(&dir.read("target/new.json")), ["75422"]);
    // A link to a device: written through.
    if made {
        std::os::unix::fs::symlink("null", dir.join("to-null.json")).unwrap();
        let run = ingest(dir.path(), &["75422.txt", "-o", "to-null.json"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(file_type(&dir.join("to-null.json")), "link");
        assert_eq!(file_type(&dir.join("null")), "char device");
    }
    let leftovers = dir.leftovers();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// `n` articles with text that does not compress much, so each card shard
/// is tens of KB on disk.
fn noisy_articles(n: usize) -> String {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut word = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        format!("w{:x}", state % 1_000_000_007)
    };
    let records: Vec<String> = (0..n)
        .map(|i| {
            let lead: Vec<String> = (0..400).map(|_| word()).collect();
            record(&format!("n{i}"), 1 + (i % 28) as u32, &lead.join(" "))
        })
        .collect();
    format!("[\n{}\n]\n", records.join(",\n"))
}

// 4. A write that fails half-way (here: the file-size limit a full disk
// amounts to) leaves no temporary files behind, and says why.
#[cfg(unix)]
#[test]
fn a_failed_shards_run_leaves_no_temporary_files_and_exits_non_zero() {
    let dir = TempDir::new("full-disk");
    dir.write("in.json", noisy_articles(60));
    // Writes past 16 blocks fail with EFBIG (the signal ignored, as a
    // full disk fails a write with ENOSPC) once each file is part written.
    let mut command = Command::new("sh");
    command.args([
        "-c",
        "trap '' XFSZ; ulimit -f 16 && exec \"$0\" \"$@\"",
        bin().to_str().unwrap(),
        "in.json",
        "--shards",
        "site",
        "--shard-articles",
        "20",
    ]);
    let run = run_within_timeout(command, dir.path());
    let leftovers = dir.leftovers();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert_eq!(run.code, 1, "{}", run.stderr);
    let last = run.stderr_lines().last().copied().unwrap_or("");
    assert!(
        last.starts_with("read 1 file: 60 articles found, nothing written: cannot write site: cannot write site/"),
        "{}",
        run.stderr
    );
    assert!(last.contains("File too large"), "{last}");
    assert!(!dir.join("site/articles.json").exists(), "no manifest");
}

// 5. A file found under its right name but damaged is written again, and
// the run says so.
#[test]
fn a_damaged_archive_file_under_its_right_name_is_written_again() {
    let dir = TempDir::new("damaged");
    dir.write("in.json", noisy_articles(30));
    let args = ["in.json", "--shards", "site", "--shard-articles", "10"];
    let first = ingest(dir.path(), &args);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let manifest =
        Manifest::parse(&String::from_utf8(dir.read("site/articles.json")).unwrap()).unwrap();
    let cards = |i: usize| ArchiveFileKind::Cards.path(&manifest.shards[i].cards.hash);
    let (damaged, truncated) = (cards(0), cards(1));
    let site = |path: &str| format!("site/{path}");
    let good = dir.read(&site(&damaged));
    // Same name, same size, other bytes; and one cut short.
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0xff;
    dir.write(&site(&damaged), &flipped);
    let cut = dir.read(&site(&truncated));
    dir.write(&site(&truncated), &cut[..cut.len() / 2]);

    let again = ingest(dir.path(), &args);
    assert_eq!(again.code, 0, "{}", again.stderr);
    let mut repaired = vec![
        format!(
            "repaired: site/{damaged}: it did not hold what its name says, and was written again"
        ),
        format!(
            "repaired: site/{truncated}: it did not hold what its name says, and was written again"
        ),
    ];
    repaired.sort();
    assert_eq!(again.stderr_lines()[..2], repaired);
    assert!(
        again.stderr_lines()[2].contains("; 2 files already there but damaged, written again)"),
        "{}",
        again.stderr
    );
    for (path, hash) in [(&damaged, 0), (&truncated, 1)] {
        let stored = dir.read(&site(path));
        let content = gunzip(&stored);
        check_hash(path, &manifest.shards[hash].cards.hash, &content).unwrap();
        assert_eq!(stored.len() as u64, manifest.shards[hash].cards.bytes);
    }
    assert_eq!(dir.read(&site(&damaged)), good);

    // Whole again: a third run repairs nothing.
    let third = ingest(dir.path(), &args);
    assert_eq!(third.stderr_lines().len(), 1, "{}", third.stderr);
    assert!(!third.stderr.contains("damaged"), "{}", third.stderr);
    assert_eq!(third.stdout, b"");
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}
