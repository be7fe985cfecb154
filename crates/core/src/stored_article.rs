//! The compact form the page keeps each article in once it is parsed.
//!
//! An [`Article`] is ~9 heap allocations (a `String` per field and per
//! paragraph, each with its allocator header and rounding), and its
//! source, language and licence repeat across thousands of articles. A
//! [`StoredArticle`] is one text allocation (id, title, lead, paragraphs
//! and url back to back) with the ends of the pieces, and an `Rc` to its
//! [`Provenance`], shared by every article with the same one through a
//! [`ProvenanceTable`]. [`Article`] stays the type that is parsed,
//! serialised and written; [`StoredArticle::to_article`] gives it back.

use crate::article::{direction, safe_link, Article, ArticleText};
use crate::published::Published;
use std::collections::HashSet;
use std::rc::Rc;

/// An article's source, language and licence: a handful of distinct
/// values in a whole set, so shared rather than copied per article.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Provenance {
    source: Box<str>,
    lang: Option<Box<str>>,
    license: Option<Box<str>>,
}

/// The distinct [`Provenance`]s seen so far; one per library (or per
/// archive shard), so it lives as long as the articles that share it.
#[derive(Debug, Default)]
pub struct ProvenanceTable(HashSet<Rc<Provenance>>);

impl ProvenanceTable {
    /// The shared copy of `p` (the first one seen becomes it).
    fn intern(&mut self, p: Provenance) -> Rc<Provenance> {
        if let Some(shared) = self.0.get(&p) {
            return shared.clone();
        }
        let shared = Rc::new(p);
        self.0.insert(shared.clone());
        shared
    }

    /// Distinct provenances held.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Heap bytes of the table and its entries' text.
    pub fn heap_bytes(&self) -> usize {
        self.0.capacity() * (size_of::<Rc<Provenance>>() + 1)
            + self.0.iter().map(|p| p.heap_bytes()).sum::<usize>()
    }
}

impl Provenance {
    /// Heap bytes of one shared provenance: its `Rc` allocation and text.
    pub fn heap_bytes(&self) -> usize {
        let optional = |s: &Option<Box<str>>| s.as_ref().map_or(0, |s| s.len());
        // The `Rc`'s two counts beside the fields.
        2 * size_of::<usize>()
            + size_of::<Provenance>()
            + self.source.len()
            + optional(&self.lang)
            + optional(&self.license)
    }
}

/// Pieces of `text` before the body: id, title, lead.
const ID: usize = 0;
const TITLE: usize = 1;
const LEAD: usize = 2;
const BODY: usize = 3;

/// One article as the page holds it (see the module's note). Reads like
/// [`Article`]: `title()`, `lead()`, `paragraphs()`, `source()`, …
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredArticle {
    published: Published,
    /// id, title, lead, each body paragraph, then the url if there is one.
    text: Box<str>,
    /// Where each piece of `text` ends.
    ends: Box<[u32]>,
    provenance: Rc<Provenance>,
    has_url: bool,
}

impl StoredArticle {
    /// `article` in the compact form, its provenance shared through `table`.
    pub fn new(article: Article, table: &mut ProvenanceTable) -> Self {
        let Article {
            id,
            title,
            published,
            lead,
            body,
            source,
            url,
            lang,
            license,
        } = article;
        let provenance = table.intern(Provenance {
            source: source.into_boxed_str(),
            lang: lang.map(String::into_boxed_str),
            license: license.map(String::into_boxed_str),
        });
        let head = [id.as_str(), title.as_str(), lead.as_str()];
        StoredArticle::assemble(published, head, &body, url.as_deref(), provenance)
    }

    /// An article of these pieces: id, title and lead, the body, the url.
    fn assemble(
        published: Published,
        head: [&str; 3],
        body: &[String],
        url: Option<&str>,
        provenance: Rc<Provenance>,
    ) -> Self {
        let pieces = || {
            head.iter()
                .copied()
                .chain(body.iter().map(String::as_str))
                .chain(url)
        };
        // Exact capacities, so neither box reallocates.
        let mut text = String::with_capacity(pieces().map(str::len).sum());
        let mut ends = Vec::with_capacity(BODY + body.len() + usize::from(url.is_some()));
        for piece in pieces() {
            text.push_str(piece);
            // The limits keep a whole load far below 4 GiB.
            ends.push(u32::try_from(text.len()).expect("an article under 4 GiB"));
        }
        StoredArticle {
            published,
            text: text.into_boxed_str(),
            ends: ends.into_boxed_slice(),
            provenance,
            has_url: url.is_some(),
        }
    }

    /// Piece `i` of the text.
    fn piece(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    /// Pieces from the body's first paragraph to its last.
    fn body_pieces(&self) -> std::ops::Range<usize> {
        BODY..self.ends.len() - usize::from(self.has_url)
    }

    pub fn id(&self) -> &str {
        self.piece(ID)
    }

    pub fn title(&self) -> &str {
        self.piece(TITLE)
    }

    pub fn published(&self) -> Published {
        self.published
    }

    /// The first paragraph (may be empty).
    pub fn lead(&self) -> &str {
        self.piece(LEAD)
    }

    /// The paragraphs after the lead.
    pub fn body(&self) -> impl ExactSizeIterator<Item = &str> + Clone {
        self.body_pieces().map(|i| self.piece(i))
    }

    /// Every paragraph in reading order, as [`Article::paragraphs`].
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.lead())
            .filter(|p| !p.is_empty())
            .chain(self.body())
    }

    /// The outlet; empty when unknown.
    pub fn source(&self) -> &str {
        &self.provenance.source
    }

    pub fn url(&self) -> Option<&str> {
        self.has_url.then(|| self.piece(self.ends.len() - 1))
    }

    pub fn lang(&self) -> Option<&str> {
        self.provenance.lang.as_deref()
    }

    pub fn license(&self) -> Option<&str> {
        self.provenance.license.as_deref()
    }

    /// As [`Article::direction`].
    pub fn direction(&self) -> &'static str {
        direction(self.lang(), self.title())
    }

    /// As [`Article::safe_url`].
    pub fn safe_url(&self) -> Option<&str> {
        self.url().and_then(safe_link)
    }

    /// This article with `body` instead of its own (an archive's card,
    /// whose body arrives on its own), sharing its provenance.
    pub fn with_body(&self, body: Vec<String>) -> StoredArticle {
        let head = [self.id(), self.title(), self.lead()];
        StoredArticle::assemble(
            self.published,
            head,
            &body,
            self.url(),
            self.provenance.clone(),
        )
    }

    /// The article as parsed, for what reads or writes [`Article`]s (the
    /// duplicate rule of a merge, JSON, archives).
    pub fn to_article(&self) -> Article {
        Article {
            id: self.id().to_owned(),
            title: self.title().to_owned(),
            published: self.published,
            lead: self.lead().to_owned(),
            body: self.body().map(str::to_owned).collect(),
            source: self.source().to_owned(),
            url: self.url().map(str::to_owned),
            lang: self.lang().map(str::to_owned),
            license: self.license().map(str::to_owned),
        }
    }

    /// The source, language and licence it shares with other articles.
    pub fn provenance(&self) -> &Rc<Provenance> {
        &self.provenance
    }

    /// Heap bytes of its text and piece ends (not the shared provenance).
    pub fn heap_bytes(&self) -> usize {
        self.text.len() + self.ends.len() * size_of::<u32>()
    }
}

/// One article on its own, its provenance unshared (many articles should
/// share a [`ProvenanceTable`]).
impl From<Article> for StoredArticle {
    fn from(article: Article) -> Self {
        StoredArticle::new(article, &mut ProvenanceTable::default())
    }
}

impl ArticleText for StoredArticle {
    fn id(&self) -> &str {
        StoredArticle::id(self)
    }
    fn title(&self) -> &str {
        StoredArticle::title(self)
    }
    fn published(&self) -> Published {
        self.published
    }
    fn paragraphs(&self) -> impl Iterator<Item = &str> {
        StoredArticle::paragraphs(self)
    }
}

#[cfg(test)]
mod tests;
