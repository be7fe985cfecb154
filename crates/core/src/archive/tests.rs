//! The archive written and read back: every article found again, and
//! what each bad manifest or part says.

use super::*;
use crate::testing::{assert_archive_reads_back, write_archive, ArchiveFiles};
use crate::Article;

fn article(id: &str, date: &str, source: &str) -> Article {
    Article::builder(id)
        .title(format!("Title {id}"))
        .published(date)
        .lead(format!("Lead {id}"))
        .body([format!("Body of {id}"), "More".into()])
        .source(source)
        .build()
}

fn archive(n: usize) -> (Vec<Article>, Manifest, ArchiveFiles) {
    let mut articles: Vec<Article> = (0..n)
        .map(|i| {
            article(
                &format!("a{i}"),
                &format!("2020-01-{:02}", 1 + i % 28),
                if i % 3 == 0 { "B" } else { "A" },
            )
        })
        .collect();
    crate::set::sort_newest_first(&mut articles);
    let options = ShardOptions {
        max_articles: 7,
        max_card_bytes: 1 << 20,
        first_card_bytes: 1 << 20,
        ids_per_bucket: 10,
        // Two or three bodies a chunk.
        max_body_bytes: 40,
    };
    let (manifest, files) = write_archive(&articles, &options);
    (articles, manifest, files)
}

#[test]
fn every_article_is_found_again_through_the_manifest() {
    let (articles, manifest, files) = archive(50);
    let text = manifest.to_json();
    assert!(is_manifest(text.as_bytes()));
    let m = Manifest::parse(&text).unwrap();
    assert_eq!(m, manifest);
    assert_eq!(m.shards.len(), 8); // 7 × 7 + 1
    let bodies = files.keys().filter(|p| p.starts_with("bodies/")).count();
    assert!(bodies > 16 && bodies < 50, "{bodies} body chunks");
    assert_eq!(m.sources, [("A".to_string(), 33), ("B".to_string(), 17)]);
    assert_archive_reads_back(&m, &files, &articles);
}

#[test]
fn zoned_dates_and_every_field_survive_an_archive() {
    use crate::published::DateSource;
    // By instant: 23:30 at -05:00 on the 13th (04:30 UTC on the 14th) is
    // after 09:00 at +14:00 on the 14th (19:00 UTC on the 13th), so the
    // outlets' days are out of step with the order.
    let dates = [
        ("w", "2021-09-13T23:30:00-05:00"),
        ("e", "2021-09-14T09:00:00+14:00"),
        ("u", "2021-09-13T18:33:00Z"),
        ("t", "2021-09-13T23:03:39+04:30"),
        ("n", "2021-09-13T10:00:00"),
        ("d", "2021-09-12"),
    ];
    let mut articles: Vec<Article> = dates
        .iter()
        .enumerate()
        .map(|(i, (id, date))| {
            let a = Article::builder(*id)
                .title(format!("Title {id}"))
                .published(date)
                .lead(format!("Lead {id}"))
                .body([format!("Body of {id}")])
                .source("S")
                .authors([format!("Author {id}")])
                .image(format!("https://img.example.org/{id}.jpg"))
                .url(format!("https://example.org/{id}"))
                .lang("en");
            match i % 3 {
                0 => a.published_from(DateSource::Feed),
                // A copy's story, kept on its card.
                1 => a.published_from(DateSource::Capture).cluster("d"),
                _ => a,
            }
            .build()
        })
        .collect();
    crate::set::sort_newest_first(&mut articles);
    let order: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(order, ["w", "e", "t", "u", "n", "d"]);
    for max_articles in [1, 2, 7] {
        let options = ShardOptions {
            max_articles,
            ..ShardOptions::default()
        };
        let (m, files) = write_archive(&articles, &options);
        let m = Manifest::parse(&m.to_json()).unwrap();
        assert_archive_reads_back(&m, &files, &articles);
    }
}

#[test]
fn articles_out_of_order_are_refused() {
    let articles = [
        article("old", "2020-01-01", "A"),
        article("new", "2020-01-02", "A"),
    ];
    let e = crate::archive::write_shards(&articles, &ShardOptions::default(), |_| 0).unwrap_err();
    assert!(e.0.contains("not newest first"), "{e}");
}

#[test]
fn the_first_shard_holds_a_screen_of_cards_and_each_next_one_twice_as_many() {
    let mut articles: Vec<Article> = (0..400)
        .map(|i| article(&format!("a{i:03}"), "2020-01-01", "A"))
        .collect();
    crate::set::sort_newest_first(&mut articles);
    let card = serde_json::to_string(&Article {
        body: Vec::new(),
        ..articles[0].clone()
    })
    .unwrap()
    .len();
    let options = ShardOptions {
        max_card_bytes: 16 * card,
        first_card_bytes: 2 * card,
        ..ShardOptions::default()
    };
    let (m, files) = write_archive(&articles, &options);
    let counts: Vec<u32> = m.shards.iter().map(|s| s.count).collect();
    assert_eq!(counts[..5], [2, 4, 8, 16, 16], "{counts:?}");
    assert_archive_reads_back(&m, &files, &articles);
}

#[test]
fn a_plain_set_is_not_a_manifest() {
    assert!(!is_manifest(
        br#"{"format":"broadsheet-article-set","version":1,"articles":["#
    ));
    assert!(is_manifest(
        b" {\n \"format\" : \"broadsheet-sharded-archive\""
    ));
}

#[test]
fn bad_manifests_and_parts_say_what_is_wrong() {
    let (_, manifest, files) = archive(20);
    let mut m = manifest.clone();
    m.shards[0].count += 1;
    let e = Manifest::parse(&m.to_json()).unwrap_err();
    assert_eq!(e.0, "the shards add up to 21 articles, not 20");
    let e =
        Manifest::parse(&manifest.to_json().replace("\"version\":3", "\"version\":9")).unwrap_err();
    assert!(e.0.starts_with("manifest version 9"), "{e}");
    // Version 2 (every shard listed in the manifest) is still read.
    let v2 = Manifest::parse(&manifest.to_json().replace("\"version\":3", "\"version\":2"));
    assert_eq!(v2.unwrap().shards, manifest.shards);
    let e = Manifest::parse("{\"format\":").unwrap_err();
    assert!(e.0.starts_with("line 1, column"), "{e}");
    let json = manifest.to_json();
    let first = manifest.first_day.unwrap().to_string();
    let e = Manifest::parse(&json.replacen(&first, "2021-02-30", 1)).unwrap_err();
    assert!(
        e.0.contains("\"2021-02-30\" is not a day (YYYY-MM-DD)"),
        "{e}"
    );
    let path = ArchiveFileKind::Cards.path(&manifest.shards[0].cards.hash);
    let mut bytes = files[&path].clone();
    bytes[40] ^= 1;
    let e = check_hash(&path, &manifest.shards[0].cards.hash, &bytes).unwrap_err();
    assert!(e.0.starts_with(&format!("{path} is corrupt")), "{e}");
    let e = parse_cards(&path, &files[&path], 3).unwrap_err();
    assert_eq!(e.0, format!("{path} holds 7 articles, the manifest says 3"));
}

#[test]
fn past_256_sources_each_takes_two_bytes() {
    let mut articles: Vec<Article> = (0..300)
        .map(|i| article(&format!("a{i}"), "2020-01-01", &format!("S{i:03}")))
        .collect();
    crate::set::sort_newest_first(&mut articles);
    let mut meta = Vec::new();
    let m = write_shards(&articles, &ShardOptions::default(), |f| {
        if f.path.starts_with("meta/") {
            meta = f.content.clone();
        }
        1
    })
    .unwrap();
    assert_eq!(meta.len(), 600);
    let ids = parse_source_ids("meta", &meta, 300, 300).unwrap();
    for (a, id) in articles.iter().zip(ids) {
        assert_eq!(m.sources[id as usize].0, a.source);
    }
    assert!(parse_source_ids("meta", &meta[1..], 300, 300).is_err());
    assert!(parse_source_ids("meta", &meta, 300, 299).is_err());
}

#[test]
fn an_empty_archive_is_valid() {
    let m = write_shards(&[], &ShardOptions::default(), |f| f.content.len() as u64).unwrap();
    let m = Manifest::parse(&m.to_json()).unwrap();
    assert_eq!(m.articles, 0);
    assert!(m.shards.is_empty() && m.days().is_empty());
}

#[test]
fn each_article_s_language_is_listed_when_there_are_several() {
    let mut articles: Vec<Article> = (0..30)
        .map(|i| {
            let mut a = article(&format!("a{i}"), &format!("2021-01-{:02}", i + 1), "S");
            a.lang = match i % 3 {
                0 => Some("en-GB".into()),
                1 => Some("fa".into()),
                _ => None,
            };
            a
        })
        .collect();
    crate::set::sort_newest_first(&mut articles);
    let mut files = std::collections::HashMap::new();
    let m = write_shards(&articles, &ShardOptions::default(), |f| {
        files.insert(f.path.clone(), f.content.clone());
        1
    })
    .unwrap();
    assert_eq!(
        m.languages,
        [
            ("".to_string(), 10),
            ("en".to_string(), 10),
            ("fa".to_string(), 10)
        ]
    );
    let file = m.language_ids.as_ref().expect("a languages file");
    let path = ArchiveFileKind::Meta.path(&file.hash);
    let ids = parse_language_ids(&path, &files[&path], 30, 3).unwrap();
    for (a, id) in articles.iter().zip(&ids) {
        let want = a.lang.as_deref().map_or("", |l| &l[..2]);
        assert_eq!(m.languages[*id as usize].0, want);
    }
    // The manifest reads back, and one without the file is refused.
    let again = Manifest::parse(&m.to_json()).unwrap();
    assert_eq!(again.languages, m.languages);
    let mut broken = m.clone();
    broken.language_ids = None;
    assert!(Manifest::parse(&broken.to_json()).is_err());
    assert!(parse_language_ids(&path, &files[&path], 30, 2).is_err());
    // One language needs no file (the list keeps it, for an append).
    for a in &mut articles {
        a.lang = Some("en".into());
    }
    let m = write_shards(&articles, &ShardOptions::default(), |_| 1).unwrap();
    assert_eq!(m.languages, [("en".to_owned(), 30)]);
    assert!(m.language_ids.is_none());
    assert!(Manifest::parse(&m.to_json()).is_ok());
}

#[test]
fn a_large_archive_lists_its_shards_in_a_shard_table() {
    let (articles, manifest, files) = archive(100);
    let all = manifest.shards.len();
    assert_eq!(all, 15); // 14 × 7 + 2
    let (hash, table) = shard_table_file(&manifest).unwrap().unwrap();
    assert_eq!(table.path, ArchiveFileKind::Shards.path(&hash));
    assert_eq!(table.content.len(), all * SHARD_ENTRY_BYTES);
    let mut whole = manifest.clone();
    whole.shard_table = Some(ShardTable {
        shards: all as u32,
        file: FileRef { hash, bytes: 99 },
    });
    // The manifest lists the first shards only, and is read as such.
    let text = whole.published().to_json();
    assert!(text.len() < manifest.to_json().len());
    let mut read = Manifest::parse(&text).unwrap();
    assert_eq!(read.shards[..], manifest.shards[..INLINE_SHARDS]);
    assert!(!read.shards_complete());
    assert_eq!(read.shard_count(), all);
    // With the table, every shard (its dates by the day counts).
    read.read_shard_table(&table.path, &table.content).unwrap();
    assert!(read.shards_complete());
    assert_eq!(read.shards, manifest.shards);
    read.check().unwrap();
    assert_archive_reads_back(&read, &files, &articles);
    // Read again: nothing changes.
    read.read_shard_table(&table.path, &[]).unwrap();
    assert_eq!(read.shards, manifest.shards);
    // Few shards: no table.
    let (_, small, _) = archive(20);
    assert!(shard_table_file(&small).unwrap().is_none());

    let path = table.path.as_str();
    let bad = |change: &dyn Fn(&mut Vec<u8>)| {
        let mut content = table.content.clone();
        change(&mut content);
        let mut m = Manifest::parse(&text).unwrap();
        let e = m.read_shard_table(path, &content).unwrap_err().0;
        assert!(
            !m.shards_complete(),
            "a bad table leaves the manifest's shards: {e}"
        );
        e
    };
    assert_eq!(
        bad(&|c| c.truncate(c.len() - 1)),
        format!("{path} has 239 bytes, not 240 (16 per shard: 15 shards)")
    );
    assert_eq!(
        bad(&|c| c[16..20].copy_from_slice(&0u32.to_le_bytes())),
        format!("{path}: shard 1 has 0 articles")
    );
    assert_eq!(
        bad(&|c| c[0..4].copy_from_slice(&1000u32.to_le_bytes())),
        format!("{path}: shards 0..=0 hold 1000 articles, more than the archive's 100")
    );
    assert_eq!(
        bad(&|c| {
            let last = c.len() - SHARD_ENTRY_BYTES;
            c[last..last + 4].copy_from_slice(&1u32.to_le_bytes());
        }),
        format!("{path}: its 15 shards hold 99 articles, not the archive's 100")
    );
    assert_eq!(
        bad(&|c| c[2 * SHARD_ENTRY_BYTES + 4] ^= 1),
        format!(
            "{path}: its shard 2 is not the manifest's (a shard table of another version of the archive?)"
        )
    );
    // A manifest whose table cannot hold what it lists.
    let mut m = whole.published();
    m.shard_table.as_mut().unwrap().shards = 3;
    let e = Manifest::parse(&m.to_json()).unwrap_err();
    assert_eq!(
        e.0,
        "shard_table lists 3 shards, fewer than the 8 the manifest lists"
    );
    m.shard_table.as_mut().unwrap().shards = 100;
    let e = Manifest::parse(&m.to_json()).unwrap_err();
    assert_eq!(
        e.0,
        "the manifest's 8 shards hold 56 articles, and the shard table's 92 more at least one each: more than the 100 articles"
    );
}
