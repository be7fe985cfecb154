//! `--shards DIR --append`: an archive that grows gives what one written
//! at once from the same articles gives (the same cards in the same order,
//! counts, facets and search results in every order), keeps every file an
//! older manifest names, follows the duplicate rule against the archive,
//! and a run that fails midway leaves the previous version whole.

mod common;

use broadsheet_core::archive::{ArchiveFileKind, Manifest, INLINE_SHARDS};
use broadsheet_core::gunzip::unzip_if_gzip;
use broadsheet_core::search::{Lookup, Order, PartitionedIndex, SearchQuery};
use broadsheet_core::{Article, ArticleSet};
use common::{Run, TempDir};

/// `broadsheet-ingest ARGS`, with shards of 10 articles: every archive here
/// has more than `INLINE_SHARDS` shards, so its manifest lists the first
/// ones and a shard table all of them (what a large archive does).
fn ingest(dir: &std::path::Path, args: &[&str]) -> Run {
    let mut args = args.to_vec();
    if args.contains(&"--shards") {
        args.extend(["--shard-articles", "10"]);
    }
    common::ingest(dir, &args)
}

const BUNDLED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../static/articles.json");

/// The bundled set, newest first.
fn bundled() -> Vec<Article> {
    let text = std::fs::read_to_string(BUNDLED).unwrap();
    let mut articles = broadsheet_core::set::parse_article_records(&text)
        .unwrap()
        .articles;
    broadsheet_core::set::sort_newest_first(&mut articles);
    articles
}

fn set(articles: &[Article]) -> String {
    ArticleSet::new(articles.to_vec()).to_json()
}

const QUERIES: &[&str] = &[
    "the",
    "president",
    "iran",
    "election ",
    "elections",
    "\"prime minister\"",
    "goverment",
    "t",
    "pre",
    "covid-19",
    "storm -texas",
    "nasa space station international",
];

/// An archive on disk, read as the page reads it.
struct OnDisk {
    dir: std::path::PathBuf,
    m: Manifest,
}

impl OnDisk {
    fn open(dir: std::path::PathBuf) -> Self {
        let name = dir.join("articles.json");
        let text = std::fs::read(&name).unwrap();
        let listed = Manifest::parse_bytes(&text).expect("a manifest");
        if listed.articles > 10 * INLINE_SHARDS as u32 {
            assert_eq!(
                listed.shards.len(),
                INLINE_SHARDS,
                "the manifest lists the first shards"
            );
            assert!(listed.shard_table.is_some());
        }
        let m = broadsheet_ingest::shards::read_manifest(&dir, &name, &text).expect("a manifest");
        assert!(m.shards_complete());
        OnDisk { dir, m }
    }

    fn file(&self, kind: ArchiveFileKind, hash: &str) -> Vec<u8> {
        let stored = std::fs::read(self.dir.join(kind.path(hash))).unwrap();
        unzip_if_gzip(stored, kind.limit()).unwrap()
    }

    /// Every card's id, in position order.
    fn ids(&self) -> Vec<String> {
        let mut out = Vec::new();
        for s in &self.m.shards {
            let bytes = self.file(ArchiveFileKind::Cards, &s.cards.hash);
            let cards = broadsheet_core::archive::parse_cards("cards", &bytes, s.count).unwrap();
            out.extend(cards.cards.into_iter().map(|c| c.id));
        }
        out
    }

    fn search(&self, text: &str, order: Order) -> Vec<u32> {
        let roots: Vec<Vec<u8>> = self
            .m
            .segments
            .iter()
            .map(|s| self.file(ArchiveFileKind::Index, &s.index.as_ref().unwrap().hash))
            .collect();
        let roots: Vec<&[u8]> = roots.iter().map(Vec::as_slice).collect();
        let mut index = PartitionedIndex::from_segments(&roots).unwrap();
        let query = SearchQuery::parse(text);
        loop {
            match index.search(&query, order) {
                Lookup::Done(hits) => return hits,
                Lookup::Need(parts) => {
                    for p in parts {
                        let bytes = self.file(ArchiveFileKind::Index, &index.part_hash(p));
                        index.add_part(p, &bytes).unwrap();
                    }
                }
            }
        }
    }

    /// Every file the manifest names (the index parts by its roots).
    fn files(&self) -> Vec<String> {
        let m = &self.m;
        let mut out: Vec<String> = m
            .shards
            .iter()
            .map(|s| ArchiveFileKind::Cards.path(&s.cards.hash))
            .chain([ArchiveFileKind::Meta.path(&m.source_ids.hash)])
            .chain(
                m.shard_table
                    .iter()
                    .map(|t| ArchiveFileKind::Shards.path(&t.file.hash)),
            )
            .chain(
                m.language_ids
                    .iter()
                    .map(|f| ArchiveFileKind::Meta.path(&f.hash)),
            )
            .chain(
                m.stories
                    .iter()
                    .map(|f| ArchiveFileKind::Stories.path(&f.hash)),
            )
            .collect();
        for s in &m.segments {
            out.extend(s.ids.iter().map(|f| ArchiveFileKind::Ids.path(&f.hash)));
            let root = s.index.as_ref().unwrap();
            out.push(ArchiveFileKind::Index.path(&root.hash));
            let bytes = self.file(ArchiveFileKind::Index, &root.hash);
            let mut index = PartitionedIndex::from_root(&bytes).unwrap();
            // The dictionary blocks list the stream parts.
            for p in index.dictionary_block_parts() {
                let block = self.file(ArchiveFileKind::Index, &index.part_hash(p));
                index.add_part(p, &block).unwrap();
            }
            out.extend(
                (0..index.part_count()).map(|p| ArchiveFileKind::Index.path(&index.part_hash(p))),
            );
        }
        out
    }
}

/// The archive in `a` reads and searches as the one in `b` does.
fn assert_same_archive(a: &OnDisk, b: &OnDisk) {
    assert_eq!(a.m.articles, b.m.articles);
    assert_eq!(
        (&a.m.first_day, &a.m.day_counts),
        (&b.m.first_day, &b.m.day_counts)
    );
    assert_eq!(a.m.sources, b.m.sources);
    assert_eq!(a.m.languages, b.m.languages);
    assert_eq!(
        a.file(ArchiveFileKind::Meta, &a.m.source_ids.hash),
        b.file(ArchiveFileKind::Meta, &b.m.source_ids.hash)
    );
    assert_eq!(a.ids(), b.ids());
    for text in QUERIES {
        for order in [Order::Newest, Order::Oldest, Order::Relevance] {
            assert_eq!(
                a.search(text, order),
                b.search(text, order),
                "{text:?} {order:?}"
            );
        }
    }
}

#[test]
fn an_appended_archive_reads_and_searches_as_one_written_at_once() {
    let dir = TempDir::new("append");
    let articles = bundled();
    let (newer, older) = articles.split_at(60);
    dir.write("older.json", set(older));
    dir.write("newer.json", set(newer));
    let first = ingest(dir.path(), &["older.json", "--shards", "grown"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let before = OnDisk::open(dir.join("grown"));
    let first_text = dir.read("grown/articles.json");

    let run = ingest(dir.path(), &["newer.json", "--shards", "grown", "--append"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let last = run.stderr_lines().last().copied().unwrap();
    assert!(
        last.contains("60 articles written to grown (appended: 60 articles added; written as a new segment; 1 segment kept as it was; now 322 articles in 2 segments;"),
        "{last}"
    );
    assert!(last.contains("to upload, the manifest last)"), "{last}");
    let grown = OnDisk::open(dir.join("grown"));
    assert_eq!(grown.m.segments.len(), 2);
    assert_eq!(grown.m.segments[0].articles, 60);

    let all = ingest(
        dir.path(),
        &["older.json", "newer.json", "--shards", "whole"],
    );
    assert_eq!(all.code, 0, "{}", all.stderr);
    assert_same_archive(&grown, &OnDisk::open(dir.join("whole")));

    // The first version is kept beside it, and every file it names is
    // still there: a page open on it keeps working.
    let previous = grown
        .m
        .previous
        .clone()
        .expect("the previous manifest's hash");
    assert_eq!(
        dir.read(&format!("grown/manifests/{previous}.json")),
        first_text
    );
    assert_all_there(&dir, &before);
    // The first segment's files were not written again: the append wrote
    // the new segment, the sources file and the manifest.
    let old_segment = &before.m.segments[0];
    assert_eq!(grown.m.segments[1], *old_segment);
}

/// `original` as another outlet runs it: another id, title and outlet, a
/// dateline, its last paragraph cut, the same day (the original, whose id
/// sorts first, is the earliest).
fn copy_of(original: &Article, n: u32, outlet: &str) -> Article {
    let mut copy = original.clone();
    copy.id = format!("{}-copy-{n}", original.id);
    copy.title = format!("{outlet} runs: {}", original.title);
    copy.source = outlet.into();
    copy.url = None;
    copy.cluster = None;
    copy.lead = format!("WASHINGTON ({outlet}) - {}", original.lead);
    copy.body.pop();
    copy
}

/// The archive's stories, read from its stories file.
fn stories_of(archive: &OnDisk) -> broadsheet_core::clusters::Stories {
    match &archive.m.stories {
        None => Default::default(),
        Some(f) => broadsheet_core::clusters::Stories::from_bytes(
            &archive.file(ArchiveFileKind::Stories, &f.hash),
            archive.m.articles as usize,
        )
        .unwrap(),
    }
}

#[test]
fn an_archive_s_stories_move_with_its_positions_when_newer_articles_are_appended() {
    let dir = TempDir::new("append-stories");
    let articles = bundled();
    let voa = |range: std::ops::Range<usize>| {
        range
            .map(|i| &articles[i])
            .find(|a| a.source.starts_with("VOA") && a.body.len() > 4)
            .cloned()
            .expect("a VOA article")
    };
    let (old_story, new_story) = (voa(120..322), voa(0..60));
    let (newer, older) = articles.split_at(60);
    let mut older = older.to_vec();
    older.extend([
        copy_of(&old_story, 1, "Gazette"),
        copy_of(&old_story, 2, "Herald"),
    ]);
    let mut newer = newer.to_vec();
    newer.push(copy_of(&new_story, 1, "Gazette"));
    dir.write("older.json", set(&older));
    dir.write("newer.json", set(&newer));
    let first = ingest(dir.path(), &["older.json", "--shards", "grown"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let before = stories_of(&OnDisk::open(dir.join("grown")));
    assert_eq!(before.len(), 1, "the old article and its two copies");
    let run = ingest(dir.path(), &["newer.json", "--shards", "grown", "--append"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let whole = ingest(
        dir.path(),
        &["older.json", "newer.json", "--shards", "whole"],
    );
    assert_eq!(whole.code, 0, "{}", whole.stderr);
    let (grown, whole) = (
        OnDisk::open(dir.join("grown")),
        OnDisk::open(dir.join("whole")),
    );
    assert_eq!(grown.ids(), whole.ids());
    let stories = stories_of(&grown);
    assert_eq!(stories.len(), 2, "the old story, moved, and the new one");
    assert_eq!(stories, stories_of(&whole));
    let ids = grown.ids();
    let first_of = |id: &str| {
        let p = ids.iter().position(|i| i == id).unwrap() as u32;
        stories.story(p).map(|s| ids[s.first as usize].clone())
    };
    assert_eq!(
        first_of(&format!("{}-copy-2", old_story.id)),
        Some(old_story.id.clone())
    );
    assert_eq!(
        first_of(&format!("{}-copy-1", new_story.id)),
        Some(new_story.id.clone())
    );
}

#[test]
fn an_archive_written_as_version_2_is_appended_to_and_written_as_version_3() {
    let dir = TempDir::new("append-v2");
    let articles = bundled();
    let (newer, older) = articles.split_at(60);
    dir.write("older.json", set(older));
    dir.write("newer.json", set(newer));
    assert_eq!(
        ingest(dir.path(), &["older.json", "--shards", "grown"]).code,
        0
    );
    // The manifest as version 2 wrote it: every shard listed, no table.
    let mut v2 = OnDisk::open(dir.join("grown")).m;
    assert!(v2.shard_table.is_some() && v2.shards.len() > INLINE_SHARDS);
    v2.version = 2;
    v2.shard_table = None;
    dir.write("grown/articles.json", v2.to_json());
    let listed = Manifest::parse_bytes(&dir.read("grown/articles.json")).unwrap();
    assert_eq!(
        listed.shards.len(),
        v2.shards.len(),
        "version 2 is read whole"
    );

    let run = ingest(dir.path(), &["newer.json", "--shards", "grown", "--append"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = dir.read("grown/articles.json");
    let written = Manifest::parse_bytes(&text).unwrap();
    assert_eq!(written.version, broadsheet_core::archive::ARCHIVE_VERSION);
    assert_eq!(written.shards.len(), INLINE_SHARDS);
    let all = ingest(
        dir.path(),
        &["older.json", "newer.json", "--shards", "whole"],
    );
    assert_eq!(all.code, 0, "{}", all.stderr);
    assert_same_archive(
        &OnDisk::open(dir.join("grown")),
        &OnDisk::open(dir.join("whole")),
    );
}

#[test]
fn late_articles_are_merged_into_the_newest_segments_and_repeats_follow_the_duplicate_rule() {
    let dir = TempDir::new("append-late");
    let articles = bundled();
    let (newest, rest) = articles.split_at(30);
    let (middle, oldest) = rest.split_at(100);
    dir.write("oldest.json", set(oldest));
    dir.write("middle.json", set(middle));
    dir.write("newest.json", set(newest));
    for (file, append) in [("oldest.json", false), ("newest.json", true)] {
        let mut args = vec![file, "--shards", "grown"];
        if append {
            args.push("--append");
        }
        let run = ingest(dir.path(), &args);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    // The middle articles fall between the two segments: the newest one
    // is written again with them; the oldest stays.
    let run = ingest(
        dir.path(),
        &["middle.json", "--shards", "grown", "--append"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let last = run.stderr_lines().last().copied().unwrap();
    assert!(
        last.contains("written as a new segment with the newest 1 segment merged in; 1 segment kept as it was; now 322 articles in 2 segments"),
        "{last}"
    );
    let grown = OnDisk::open(dir.join("grown"));
    assert_eq!(grown.m.segments.len(), 2);
    assert_eq!(grown.m.segments[0].articles, 130);
    let all = ingest(
        dir.path(),
        &[
            "oldest.json",
            "middle.json",
            "newest.json",
            "--shards",
            "whole",
        ],
    );
    assert_eq!(all.code, 0, "{}", all.stderr);
    assert_same_archive(&grown, &OnDisk::open(dir.join("whole")));

    // The same articles again: merged as duplicates, nothing written.
    let manifest = dir.read("grown/articles.json");
    let again = ingest(
        dir.path(),
        &["newest.json", "--shards", "grown", "--append"],
    );
    assert_eq!(again.code, 0, "{}", again.stderr);
    let last = again.stderr_lines().last().copied().unwrap();
    assert!(
        last.contains("(appended: 0 articles added, 30 already there; nothing to write; now 322 articles in 2 segments; nothing to upload"),
        "{last}"
    );
    assert_eq!(dir.read("grown/articles.json"), manifest);

    // Another version of an archived id: the archive's copy wins; the
    // other is skipped and reported, and without --keep-going nothing is
    // written.
    let mut changed = newest[3].clone();
    changed.title.push_str(" (corrected)");
    let mut fresh = newest[0].clone();
    fresh.id = "a-new-id".into();
    fresh.published = newest[0].published;
    dir.write("changed.json", set(&[changed.clone(), fresh]));
    let run = ingest(
        dir.path(),
        &["changed.json", "--shards", "grown", "--append"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "skipped: id {:?} is already in the archive with other content; the archive's copy is kept",
            changed.id
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("nothing written (1 skipped; pass --keep-going"),
        "{}",
        run.stderr
    );
    assert_eq!(dir.read("grown/articles.json"), manifest);
    let run = ingest(
        dir.path(),
        &[
            "changed.json",
            "--shards",
            "grown",
            "--append",
            "--keep-going",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let grown = OnDisk::open(dir.join("grown"));
    assert_eq!(grown.m.articles, 323);
    assert!(grown.ids().contains(&"a-new-id".to_owned()));
}

#[test]
fn an_append_that_fails_midway_leaves_the_previous_version_whole() {
    let dir = TempDir::new("append-crash");
    let articles = bundled();
    let (newer, older) = articles.split_at(150);
    dir.write("older.json", set(older));
    dir.write("newer.json", set(newer));
    let first = ingest(dir.path(), &["older.json", "--shards", "grown"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let manifest = dir.read("grown/articles.json");
    let before = OnDisk::open(dir.join("grown"));
    let listing = dir.listing();
    // Writes past 16 blocks fail (as a full disk fails them) once the new
    // segment's larger files are part written.
    let mut command = std::process::Command::new("sh");
    command
        .args([
            "-c",
            "trap '' XFSZ; ulimit -f 16 && exec \"$0\" \"$@\"",
            env!("CARGO_BIN_EXE_broadsheet-ingest"),
            "newer.json",
            "--shards",
            "grown",
            "--append",
        ])
        .current_dir(dir.path());
    let out = command.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("File too large"), "{stderr}");
    assert_eq!(dir.read("grown/articles.json"), manifest);
    let leftovers = dir.leftovers();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // What was there is there, and reads and searches as before.
    for path in &listing {
        assert!(dir.exists(path), "{path} is gone");
    }
    let after = OnDisk::open(dir.join("grown"));
    assert_eq!(after.ids(), before.ids());
    for text in QUERIES {
        assert_eq!(
            after.search(text, Order::Relevance),
            before.search(text, Order::Relevance)
        );
    }
    // And the append, run again with room, completes it.
    let run = ingest(dir.path(), &["newer.json", "--shards", "grown", "--append"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(OnDisk::open(dir.join("grown")).m.articles, 322);
}

#[test]
fn appends_merge_by_size_and_merge_makes_one_segment() {
    let dir = TempDir::new("append-tiers");
    let articles = bundled();
    // Oldest first: a build of 202, then four appends of 30 newer ones.
    let (newer, oldest) = articles.split_at(120);
    dir.write("oldest.json", set(oldest));
    let batches: Vec<&[Article]> = newer.rchunks(30).collect();
    for (i, batch) in batches.iter().enumerate() {
        dir.write(&format!("batch-{i}.json"), set(batch));
    }
    let run = ingest(dir.path(), &["oldest.json", "--shards", "grown"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut segments = Vec::new();
    for i in 0..3 {
        let file = format!("batch-{i}.json");
        let run = ingest(dir.path(), &[&file, "--shards", "grown", "--append"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        segments.push(OnDisk::open(dir.join("grown")).m.segments.len());
    }
    // Segments of one size tier (under 4,000 articles) are merged when
    // they would be four.
    assert_eq!(segments, [2, 3, 1]);
    let run = ingest(
        dir.path(),
        &["batch-3.json", "--shards", "grown", "--append"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(OnDisk::open(dir.join("grown")).m.segments.len(), 2);
    let all = ingest(
        dir.path(),
        &[
            "oldest.json",
            "batch-0.json",
            "batch-1.json",
            "batch-2.json",
            "batch-3.json",
            "--shards",
            "whole",
        ],
    );
    assert_eq!(all.code, 0, "{}", all.stderr);
    let whole = OnDisk::open(dir.join("whole"));
    assert_same_archive(&OnDisk::open(dir.join("grown")), &whole);

    // --merge, with no input: one segment, as the whole build.
    let run = ingest(dir.path(), &["--shards", "grown", "--merge"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let last = run.stderr_lines().last().copied().unwrap();
    assert!(
        last.contains("0 articles added; written as a new segment with the newest 2 segments merged in; 0 segments kept as they were; now 322 articles in 1 segment"),
        "{last}"
    );
    let merged = OnDisk::open(dir.join("grown"));
    assert_eq!(merged.m.segments.len(), 1);
    assert_eq!(merged.m.segments, whole.m.segments);
    assert_same_archive(&merged, &whole);
}

/// Every file `version` names is still in `dir/grown`.
fn assert_all_there(dir: &TempDir, version: &OnDisk) {
    for file in version.files() {
        assert!(dir.exists(&format!("grown/{file}")), "{file} is gone");
    }
}

#[test]
fn keep_versions_removes_only_what_no_recent_version_names() {
    let dir = TempDir::new("append-versions");
    let articles = bundled();
    let (newer, older) = articles.split_at(60);
    let (newest, newer) = newer.split_at(20);
    dir.write("older.json", set(older));
    dir.write("newer.json", set(newer));
    dir.write("newest.json", set(newest));
    assert_eq!(
        ingest(dir.path(), &["older.json", "--shards", "grown"]).code,
        0
    );
    assert_eq!(
        ingest(dir.path(), &["newer.json", "--shards", "grown", "--append"]).code,
        0
    );
    let second = OnDisk::open(dir.join("grown"));
    let run = ingest(
        dir.path(),
        &[
            "newest.json",
            "--shards",
            "grown",
            "--append",
            "--keep-versions",
            "2",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The first version (its manifest, sources and languages files) goes;
    // the second's files all stay.
    assert!(
        run.stderr
            .contains("that none of the last 2 versions names"),
        "{}",
        run.stderr
    );
    let first_manifest = second.m.previous.clone().unwrap();
    assert!(!dir.exists(&format!("grown/manifests/{first_manifest}.json")));
    assert_all_there(&dir, &second);
    // Merged into one, keeping this version and the one before.
    let third = OnDisk::open(dir.join("grown"));
    let run = ingest(
        dir.path(),
        &["--shards", "grown", "--merge", "--keep-versions", "2"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_all_there(&dir, &third);
    // Keeping one: only what the merged archive names is left.
    let run = ingest(
        dir.path(),
        &["--shards", "grown", "--merge", "--keep-versions", "1"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let merged = OnDisk::open(dir.join("grown"));
    let mut named: Vec<String> = merged.files();
    named.push(format!(
        "manifests/{}.json",
        broadsheet_core::content_hash::content_hash(&dir.read("grown/articles.json"))
    ));
    let left: Vec<String> = dir
        .listing()
        .into_iter()
        .filter_map(|p| p.strip_prefix("grown/").map(str::to_owned))
        .filter(|p| p.contains('.') && p != "articles.json")
        .collect();
    let bodies = left.iter().filter(|p| p.starts_with("bodies/")).count();
    assert!(bodies > 0);
    for file in &left {
        assert!(
            named.contains(file) || file.starts_with("bodies/"),
            "{file} is left though no kept version names it"
        );
    }
    assert!(!dir.exists(&format!(
        "grown/{}",
        ArchiveFileKind::Index.path(&second.m.segments[0].index.as_ref().unwrap().hash)
    )));
    let all = ingest(
        dir.path(),
        &[
            "older.json",
            "newer.json",
            "newest.json",
            "--shards",
            "whole",
        ],
    );
    assert_eq!(all.code, 0, "{}", all.stderr);
    assert_same_archive(&merged, &OnDisk::open(dir.join("whole")));
}

#[test]
fn archives_written_apart_are_joined_without_indexing_again() {
    let dir = TempDir::new("join");
    let articles = bundled();
    // Three date ranges, written apart (as GNU parallel would), joined.
    let ranges = [&articles[..50], &articles[50..200], &articles[200..]];
    let mut folders = Vec::new();
    for (i, part) in ranges.iter().enumerate() {
        dir.write(&format!("part-{i}.json"), set(part));
        let folder = format!("parts/{i}");
        let run = ingest(
            dir.path(),
            &[&format!("part-{i}.json"), "--shards", &folder],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        folders.push(folder);
    }
    // In any order on the command line.
    let run = ingest(
        dir.path(),
        &[
            &folders[1],
            &folders[2],
            &folders[0],
            "--shards",
            "joined",
            "--join",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let last = run.stderr_lines().last().copied().unwrap();
    assert!(
        last.starts_with("joined 3 archives into joined: now 322 articles in 3 segments;"),
        "{last}"
    );
    let joined = OnDisk::open(dir.join("joined"));
    assert_eq!(
        joined
            .m
            .segments
            .iter()
            .map(|s| s.articles)
            .collect::<Vec<_>>(),
        [50, 150, 122]
    );
    let all = ingest(
        dir.path(),
        &[
            "part-0.json",
            "part-1.json",
            "part-2.json",
            "--shards",
            "whole",
        ],
    );
    assert_eq!(all.code, 0, "{}", all.stderr);
    let whole = OnDisk::open(dir.join("whole"));
    assert_same_archive(&joined, &whole);
    // --merge then makes the three segments the whole build's one (its
    // index and id buckets, file for file), reading no article back.
    let run = ingest(dir.path(), &["--shards", "joined", "--merge"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let merged = OnDisk::open(dir.join("joined"));
    assert_eq!(merged.m.segments, whole.m.segments);
    assert_same_archive(&merged, &whole);

    // Overlapping date ranges, or an id in two archives, are refused with
    // both folders named, and nothing is written.
    dir.write("overlap.json", set(&articles[40..60]));
    let run = ingest(dir.path(), &["overlap.json", "--shards", "parts/overlap"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = ingest(
        dir.path(),
        &[
            &folders[0],
            "parts/overlap",
            "--shards",
            "refused",
            "--join",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("overlap in time"), "{}", run.stderr);
    assert!(
        run.stderr.contains("parts/0") && run.stderr.contains("parts/overlap"),
        "{}",
        run.stderr
    );
    assert!(!dir.exists("refused/articles.json"));
    // An archived article of the oldest range, dated as the newest one.
    let mut twin = articles[300].clone();
    twin.published = articles[0].published;
    dir.write("twin.json", set(&[twin.clone()]));
    let run = ingest(dir.path(), &["twin.json", "--shards", "parts/twin"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = ingest(
        dir.path(),
        &["parts/twin", &folders[2], "--shards", "refused", "--join"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("id {:?} is in both", twin.id)),
        "{}",
        run.stderr
    );
    assert!(!dir.exists("refused/articles.json"));
}

#[test]
fn an_archive_indexed_in_batches_is_the_one_indexed_at_once() {
    let dir = TempDir::new("index-batches");
    dir.write("all.json", set(&bundled()));
    let run = ingest(dir.path(), &["all.json", "--shards", "whole"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // 322 articles indexed 50 at a time (7 batches), then merged.
    let run = ingest(
        dir.path(),
        &["all.json", "--shards", "batched", "--index-batch", "50"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = |name: &str| std::fs::read_to_string(dir.join(name).join("articles.json")).unwrap();
    assert_eq!(text("batched"), text("whole"));
    let files = |name: &str| {
        let prefix = format!("{name}/");
        dir.listing()
            .into_iter()
            .filter_map(|p| p.strip_prefix(&prefix).map(str::to_owned))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        files("batched"),
        files("whole"),
        "the same files, no batch left"
    );
    assert_eq!(dir.leftovers(), Vec::<String>::new());
    let run = ingest(
        dir.path(),
        &["all.json", "--index-batch", "50", "-o", "x.json"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("`--index-batch` only goes with `--shards`"),
        "{}",
        run.stderr
    );
}
