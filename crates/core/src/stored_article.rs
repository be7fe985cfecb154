//! The compact form the page keeps each article in once it is parsed.
//!
//! An [`Article`] is ~9 heap allocations (a `String` per field and per
//! paragraph, each with its allocator header and rounding), and its
//! source, language and licence repeat across thousands of articles. A
//! [`StoredArticle`] is one text allocation (id, title, lead, paragraphs
//! and url back to back, then the pieces' lengths), and an `Rc` to its
//! [`Provenance`] (with the url's scheme and host), shared by every article with the same one through a
//! [`ProvenanceTable`]. Authors and the image url are pieces of the text too
//! (after the body), present only when the article has them. [`Article`] stays the type that is parsed,
//! serialised and written; [`StoredArticle::to_article`] gives it back.

use crate::article::{direction, safe_link, Article, ArticleText};
use crate::published::{DateSource, Published};
use std::borrow::Cow;
use std::collections::HashSet;
use std::rc::Rc;

/// An article's source, language and licence, and where its url starts
/// (scheme and host): a handful of distinct values in a whole set, so
/// shared rather than copied per article.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Provenance {
    source: Box<str>,
    lang: Option<Box<str>>,
    license: Option<Box<str>>,
    /// `https://host/`, the rest of the url being the article's own; empty
    /// when the url has no such start (or there is no url).
    url_origin: Box<str>,
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
            + self.url_origin.len()
    }
}

/// Pieces of `text` before the body: id, title, lead.
const HEAD: usize = 3;

/// One article as the page holds it (see the module's note). Reads like
/// [`Article`]: `title()`, `lead()`, `paragraphs()`, `source()`, …
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredArticle {
    published: Published,
    published_from: Option<DateSource>,
    /// The pieces back to back (id, title, lead, each body paragraph, each
    /// author, the image and the url if there are any), then their lengths
    /// (see [`Header`] and [`Layout`]): the one allocation of the article's
    /// text.
    text: Box<str>,
    provenance: Rc<Provenance>,
}

impl StoredArticle {
    /// `article` in the compact form, its provenance shared through `table`.
    pub fn new(article: Article, table: &mut ProvenanceTable) -> Self {
        let Article {
            id,
            title,
            published,
            published_from,
            lead,
            body,
            source,
            authors,
            url,
            image,
            lang,
            license,
            // Kept apart, by the library's stories (the page's wire copies).
            cluster: _,
        } = article;
        let (url_origin, url_rest) = url.as_deref().map_or(("", None), |url| {
            let (origin, rest) = split_origin(url);
            (origin, Some(rest))
        });
        let provenance = table.intern(Provenance {
            source: source.into_boxed_str(),
            lang: lang.map(String::into_boxed_str),
            license: license.map(String::into_boxed_str),
            url_origin: url_origin.into(),
        });
        let head = [id.as_str(), title.as_str(), lead.as_str()];
        let tail = Tail {
            authors: authors.iter().map(String::as_str).collect(),
            image: image.as_deref(),
            url: url_rest,
        };
        StoredArticle::assemble((published, published_from), head, &body, tail, provenance)
    }

    /// An article of these pieces: id, title and lead, the body, then the
    /// authors, the image and the url after its origin.
    fn assemble(
        (published, published_from): (Published, Option<DateSource>),
        head: [&str; 3],
        body: &[String],
        tail: Tail<'_>,
        provenance: Rc<Provenance>,
    ) -> Self {
        let pieces = || {
            head.iter()
                .copied()
                .chain(body.iter().map(String::as_str))
                .chain(tail.authors.iter().copied())
                .chain(tail.image)
                .chain(tail.url)
        };
        let layout = Layout {
            count: pieces().count(),
            authors: tail.authors.len(),
            image: tail.image.is_some(),
            url: tail.url.is_some(),
        };
        let mut header = Vec::new();
        layout.put(&mut header);
        for piece in pieces() {
            put_length(&mut header, piece.len());
        }
        // Read from the end backwards, so stored reversed.
        header.reverse();
        // Exact capacity, so the box does not reallocate.
        let mut text = String::with_capacity(pieces().map(str::len).sum::<usize>() + header.len());
        for piece in pieces() {
            text.push_str(piece);
        }
        text.push_str(std::str::from_utf8(&header).expect("the header is ASCII"));
        StoredArticle {
            published,
            published_from,
            text: text.into_boxed_str(),
            provenance,
        }
    }

    fn header(&self) -> Header<'_> {
        Header {
            bytes: self.text.as_bytes(),
            at: self.text.len(),
        }
    }

    /// Every piece in order: id, title, lead, the body, the authors, the
    /// image, the url.
    fn pieces(&self) -> Pieces<'_> {
        let mut header = self.header();
        let layout = Layout::read(&mut header);
        Pieces {
            text: &self.text,
            header,
            start: 0,
            left: layout.count,
        }
    }

    fn layout(&self) -> Layout {
        Layout::read(&mut self.header())
    }

    fn piece(&self, i: usize) -> &str {
        self.pieces().nth(i).unwrap_or_default()
    }

    pub fn id(&self) -> &str {
        self.piece(0)
    }

    pub fn title(&self) -> &str {
        self.piece(1)
    }

    pub fn published(&self) -> Published {
        self.published
    }

    /// Where the date was read (see [`Article::published_from`]).
    pub fn published_from(&self) -> Option<DateSource> {
        self.published_from
    }

    /// As [`Article::date_label`]: the date, or `captured 13 Sep 2021`.
    pub fn date_label(&self) -> String {
        self.published.label(self.published_from)
    }

    /// The first paragraph (may be empty).
    pub fn lead(&self) -> &str {
        self.piece(2)
    }

    /// The paragraphs after the lead.
    pub fn body(&self) -> impl ExactSizeIterator<Item = &str> + Clone {
        let paragraphs = self.layout().paragraphs();
        self.pieces().skip(HEAD).take(paragraphs)
    }

    /// The bylines in order; empty when unknown.
    pub fn authors(&self) -> impl ExactSizeIterator<Item = &str> + Clone {
        let layout = self.layout();
        self.pieces()
            .skip(HEAD + layout.paragraphs())
            .take(layout.authors)
    }

    /// The lead image's url as the article gave it.
    pub fn image(&self) -> Option<&str> {
        let layout = self.layout();
        layout
            .image
            .then(|| {
                self.pieces()
                    .nth(layout.count - 1 - usize::from(layout.url))
            })
            .flatten()
    }

    /// As [`Article::safe_image`].
    pub fn safe_image(&self) -> Option<&str> {
        self.image().and_then(safe_link)
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

    /// The url as the article gave it.
    pub fn url(&self) -> Option<Cow<'_, str>> {
        let rest = self.url_rest()?;
        Some(match &*self.provenance.url_origin {
            "" => Cow::Borrowed(rest),
            origin => Cow::Owned([origin, rest].concat()),
        })
    }

    /// The url after its origin (the piece stored here).
    fn url_rest(&self) -> Option<&str> {
        self.layout()
            .url
            .then(|| self.pieces().last().unwrap_or_default())
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
    pub fn safe_url(&self) -> Option<String> {
        self.url()
            .and_then(|url| safe_link(&url).map(str::to_owned))
    }

    /// This article with `body` instead of its own (an archive's card,
    /// whose body arrives on its own), sharing its provenance.
    pub fn with_body(&self, body: Vec<String>) -> StoredArticle {
        let head = [self.id(), self.title(), self.lead()];
        let tail = Tail {
            authors: self.authors().collect(),
            image: self.image(),
            url: self.url_rest(),
        };
        StoredArticle::assemble(
            (self.published, self.published_from),
            head,
            &body,
            tail,
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
            published_from: self.published_from,
            lead: self.lead().to_owned(),
            body: self.body().map(str::to_owned).collect(),
            source: self.source().to_owned(),
            authors: self.authors().map(str::to_owned).collect(),
            url: self.url().map(Cow::into_owned),
            image: self.image().map(str::to_owned),
            lang: self.lang().map(str::to_owned),
            license: self.license().map(str::to_owned),
            cluster: None,
        }
    }

    /// The source, language and licence it shares with other articles.
    pub fn provenance(&self) -> &Rc<Provenance> {
        &self.provenance
    }

    /// Heap bytes of its text with the pieces' lengths (not the shared
    /// provenance).
    pub fn heap_bytes(&self) -> usize {
        self.text.len()
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
    fn lang(&self) -> Option<&str> {
        StoredArticle::lang(self)
    }
    fn source(&self) -> &str {
        StoredArticle::source(self)
    }
}

/// `url` cut after the `/` that ends its scheme and host
/// (`https://en.wikinews.org/` and `wiki/Storm`), or not at all.
fn split_origin(url: &str) -> (&str, &str) {
    let Some(scheme_end) = url.find("://") else {
        return ("", url);
    };
    let host = scheme_end + 3;
    match url[host..].find('/') {
        Some(slash) => url.split_at(host + slash + 1),
        None => ("", url),
    }
}

/// The pieces after the body: the authors, the image, the url.
struct Tail<'a> {
    authors: Vec<&'a str>,
    image: Option<&'a str>,
    url: Option<&'a str>,
}

/// How many pieces there are and which come after the body: the first
/// value of the header (count and three flags), then the number of
/// authors only if there are any (most articles pay one byte for it all).
#[derive(Clone, Copy)]
struct Layout {
    count: usize,
    authors: usize,
    image: bool,
    url: bool,
}

impl Layout {
    const URL: usize = 1;
    const IMAGE: usize = 2;
    const AUTHORS: usize = 4;
    const FLAGS: u32 = 3;

    fn put(self, header: &mut Vec<u8>) {
        let flag = |on: bool, bit: usize| if on { bit } else { 0 };
        let flags = flag(self.url, Self::URL)
            | flag(self.image, Self::IMAGE)
            | flag(self.authors > 0, Self::AUTHORS);
        put_length(header, self.count << Self::FLAGS | flags);
        if self.authors > 0 {
            put_length(header, self.authors);
        }
    }

    /// The layout at the start of `header`, which is left at the first
    /// piece's length.
    fn read(header: &mut Header<'_>) -> Layout {
        let first = header.next_length();
        let authors = if first & Self::AUTHORS != 0 {
            header.next_length()
        } else {
            0
        };
        Layout {
            count: first >> Self::FLAGS,
            authors,
            image: first & Self::IMAGE != 0,
            url: first & Self::URL != 0,
        }
    }

    /// Body paragraphs: what is neither head nor tail.
    fn paragraphs(self) -> usize {
        self.count - HEAD - self.authors - usize::from(self.image) - usize::from(self.url)
    }
}

/// A length in 6-bit groups, lowest first, each an ASCII byte (so the
/// text stays UTF-8 with no `unsafe`): `0x40` set on every group but the
/// last. About two bytes a piece, against four for a `u32` end.
fn put_length(header: &mut Vec<u8>, mut n: usize) {
    while n >= 0x40 {
        header.push(0x40 | (n & 0x3f) as u8);
        n >>= 6;
    }
    header.push(n as u8);
}

/// The lengths at the end of an article's text, read backwards.
#[derive(Clone)]
struct Header<'a> {
    bytes: &'a [u8],
    /// Just after the next length's first byte.
    at: usize,
}

impl Header<'_> {
    fn next_length(&mut self) -> usize {
        let (mut n, mut shift) = (0usize, 0);
        loop {
            self.at -= 1;
            let b = self.bytes[self.at];
            n |= usize::from(b & 0x3f) << shift;
            shift += 6;
            if b & 0x40 == 0 {
                return n;
            }
        }
    }
}

/// The pieces of an article's text in order.
#[derive(Clone)]
struct Pieces<'a> {
    text: &'a str,
    header: Header<'a>,
    start: usize,
    left: usize,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let end = self.start + self.header.next_length();
        let piece = &self.text[self.start..end];
        self.start = end;
        Some(piece)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for Pieces<'_> {}

#[cfg(test)]
mod tests;
