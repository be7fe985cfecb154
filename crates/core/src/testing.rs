//! Articles for tests, built field by field so each test says only what it
//! needs: `Article::builder("id").title("…").published("2021-09-13").build()`.
//!
//! Compiled for core's own tests and, for the other crates' tests (the CLI's,
//! the page's, the fuzz targets'), behind the `testing` feature, which they
//! enable from their dev-dependencies: it is never in a release build.

use crate::article::Article;
use crate::published::{DateSource, Published};

/// What an article is until a test says otherwise: published on this day,
/// every text field empty, no link, image, authors, language, licence or
/// date provenance.
pub const DEFAULT_PUBLISHED: &str = "2020-01-01";

impl Article {
    /// An article with `id`, to be filled in by the [`ArticleBuilder`]'s
    /// setters (see [`DEFAULT_PUBLISHED`] for what is not set).
    pub fn builder(id: impl Into<String>) -> ArticleBuilder {
        ArticleBuilder(Article {
            id: id.into(),
            title: String::new(),
            published: Published::parse_iso(DEFAULT_PUBLISHED).expect("a date"),
            published_from: None,
            lead: String::new(),
            body: Vec::new(),
            source: String::new(),
            authors: Vec::new(),
            url: None,
            image: None,
            lang: None,
            license: None,
            cluster: None,
        })
    }
}

/// An article under construction (see [`Article::builder`]).
#[derive(Clone, Debug)]
pub struct ArticleBuilder(Article);

impl ArticleBuilder {
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.0.title = title.into();
        self
    }

    /// `iso` as `Published::parse_iso` reads it (`2021-09-13`,
    /// `2021-09-13T23:03:39` or `2021-09-13T23:03:39+04:30`); panics if it
    /// is not a date.
    pub fn published(mut self, iso: &str) -> Self {
        self.0.published = Published::parse_iso(iso)
            .unwrap_or_else(|e| panic!("{iso:?} is not a publication date: {e}"));
        self
    }

    /// Where the date was read (`DateSource::Capture`: it is a capture time).
    pub fn published_from(mut self, from: DateSource) -> Self {
        self.0.published_from = Some(from);
        self
    }

    pub fn lead(mut self, lead: impl Into<String>) -> Self {
        self.0.lead = lead.into();
        self
    }

    /// The paragraphs after the lead.
    pub fn body<S: AsRef<str>>(mut self, paragraphs: impl IntoIterator<Item = S>) -> Self {
        self.0.body = paragraphs
            .into_iter()
            .map(|p| p.as_ref().to_owned())
            .collect();
        self
    }

    /// Every paragraph in reading order: the first is the lead (empty if
    /// there is none), the rest the body.
    pub fn paragraphs<S: AsRef<str>>(self, paragraphs: impl IntoIterator<Item = S>) -> Self {
        let mut paragraphs = paragraphs.into_iter();
        let lead = paragraphs
            .next()
            .map(|p| p.as_ref().to_owned())
            .unwrap_or_default();
        self.lead(lead).body(paragraphs)
    }

    pub fn source(mut self, source: impl Into<String>) -> Self {
        self.0.source = source.into();
        self
    }

    pub fn authors<S: AsRef<str>>(mut self, authors: impl IntoIterator<Item = S>) -> Self {
        self.0.authors = authors.into_iter().map(|a| a.as_ref().to_owned()).collect();
        self
    }

    pub fn image(mut self, image: impl Into<String>) -> Self {
        self.0.image = Some(image.into());
        self
    }

    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.0.url = Some(url.into());
        self
    }

    pub fn lang(mut self, lang: impl Into<String>) -> Self {
        self.0.lang = Some(lang.into());
        self
    }

    pub fn license(mut self, license: impl Into<String>) -> Self {
        self.0.license = Some(license.into());
        self
    }

    /// The story it is a copy in (the id of the story's first article).
    pub fn cluster(mut self, first: impl Into<String>) -> Self {
        self.0.cluster = Some(first.into());
        self
    }

    pub fn build(self) -> Article {
        self.0
    }
}

/// The files of a sharded archive by path, as the writer hands them over.
pub type ArchiveFiles = std::collections::HashMap<String, Vec<u8>>;

/// `articles` (newest first) written as a sharded archive in memory.
pub fn write_archive(
    articles: &[Article],
    options: &crate::archive::ShardOptions,
) -> (crate::archive::Manifest, ArchiveFiles) {
    let mut files = ArchiveFiles::new();
    let manifest = crate::archive::write_shards(articles, options, |f| {
        let len = f.content.len() as u64;
        files.insert(f.path, f.content);
        len
    })
    .expect("the archive is written");
    (manifest, files)
}

/// Finds every article of `articles` again the way the page does: its day
/// (each day's count exact, in day order: see `write_shards`) and source
/// from the manifest and the sources file, its position from its
/// id bucket, its card from the shard holding that position, its body from
/// the chunk the card shard names; every file checked against its hash.
pub fn assert_archive_reads_back(
    m: &crate::archive::Manifest,
    files: &ArchiveFiles,
    articles: &[Article],
) {
    use crate::archive::*;
    let days = m.days();
    let mut in_day_order: Vec<_> = articles.iter().map(|a| a.published.date()).collect();
    in_day_order.sort_by(|a, b| b.cmp(a));
    assert_eq!(days, in_day_order);
    // The stories file: the stories the articles' names make.
    let stories = crate::clusters::Stories::named_in(articles);
    match &m.stories {
        None => assert!(stories.is_empty(), "the archive names no stories file"),
        Some(file) => {
            let path = ArchiveFileKind::Stories.path(&file.hash);
            check_hash(&path, &file.hash, &files[&path]).unwrap();
            let read = crate::clusters::Stories::from_bytes(&files[&path], articles.len());
            assert_eq!(read, Ok(stories));
        }
    }
    let meta = ArchiveFileKind::Meta.path(&m.source_ids.hash);
    let sources = parse_source_ids(&meta, &files[&meta], m.articles, m.sources.len()).unwrap();
    for (p, a) in articles.iter().enumerate() {
        assert_eq!(m.sources[sources[p] as usize].0, a.source);
        let mut found = Vec::new();
        for (start, count, bucket) in m.id_buckets(&a.id) {
            let path = ArchiveFileKind::Ids.path(&bucket.hash);
            check_hash(&path, &bucket.hash, &files[&path]).unwrap();
            let ids = parse_ids(&path, &files[&path], count).unwrap();
            found.extend(ids.get(&a.id).map(|&at| start + at));
        }
        assert_eq!(found.len(), 1, "{} is in one segment", a.id);
        let at = found[0];
        assert_eq!(at as usize, p);
        let (s, start) = m.shard_of(at).unwrap();
        let shard = &m.shards[s];
        assert!(shard.from <= days[p] && days[p] <= shard.to);
        let cards_path = ArchiveFileKind::Cards.path(&shard.cards.hash);
        check_hash(&cards_path, &shard.cards.hash, &files[&cards_path]).unwrap();
        let cards = parse_cards(&cards_path, &files[&cards_path], shard.count).unwrap();
        let i = (at - start) as usize;
        let card = Article {
            body: Vec::new(),
            ..a.clone()
        };
        assert_eq!(
            cards.cards[i], card,
            "a card is the article without its body"
        );
        let place = cards.bodies.locate(at - start).unwrap();
        let bodies_path = ArchiveFileKind::Bodies.path(place.hash);
        check_hash(&bodies_path, place.hash, &files[&bodies_path]).unwrap();
        let bodies = parse_bodies(&bodies_path, &files[&bodies_path], place.count).unwrap();
        assert_eq!(bodies[place.at as usize], a.body);
    }
    assert_eq!(m.shard_of(m.articles), None);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unset_fields_are_empty_and_paragraphs_split_into_lead_and_body() {
        let a = Article::builder("x")
            .paragraphs(["Lead", "One", "Two"])
            .build();
        assert_eq!((a.id.as_str(), a.lead.as_str()), ("x", "Lead"));
        assert_eq!(a.body, ["One", "Two"]);
        assert_eq!(a.published.to_iso(), DEFAULT_PUBLISHED);
        assert!(a.title.is_empty() && a.source.is_empty());
        assert_eq!((a.url, a.lang, a.license), (None, None, None));
        assert_eq!((a.published_from, a.image), (None, None));
        assert!(a.authors.is_empty());
        let none: [&str; 0] = [];
        assert_eq!(Article::builder("y").paragraphs(none).build().lead, "");
    }
}
