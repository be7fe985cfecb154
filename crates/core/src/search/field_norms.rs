//! Field-length norms: per article, how much one occurrence of a word in
//! its title and in its lead and body counts for BM25F (see `rank.rs`).
//! The index builder fills them from the fields' lengths; the ranker
//! reads them; a partitioned index stores their bits as they are, so the
//! page ranks bit for bit as the in-page index does.

/// BM25's length normalisation strength.
pub(crate) const B: f32 = 0.75;
/// How much more a word in the title counts than one in the body.
pub(crate) const TITLE_WEIGHT: f32 = 3.0;

/// One article's norms: what a term frequency in each field is multiplied
/// by, `TITLE_WEIGHT / (1 − b + b × title_len / avg_title_len)` and
/// `1 / (1 − b + b × body_len / avg_body_len)`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct FieldNorm {
    pub(crate) title: f32,
    pub(crate) body: f32,
}

/// The norms of every article, by position.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct FieldNorms {
    per_article: Vec<FieldNorm>,
}

/// The average title and body lengths of a set of articles, from which
/// each article's norms follow (so the builder can compute them a piece
/// at a time).
#[derive(Clone, Copy, Debug)]
pub(crate) struct AverageLengths {
    title: f32,
    body: f32,
}

impl AverageLengths {
    /// The averages over `articles` articles whose titles and bodies (lead
    /// and paragraphs) have these total lengths in words.
    pub(crate) fn new(title_words: u64, body_words: u64, articles: usize) -> Self {
        let n = f64::from((articles as u32).max(1));
        AverageLengths {
            title: ((title_words as f64 / n) as f32).max(1.0),
            body: ((body_words as f64 / n) as f32).max(1.0),
        }
    }

    /// The norms of an article with these field lengths in words.
    pub(crate) fn norm(&self, title_len: u16, body_len: u32) -> FieldNorm {
        let title = 1.0 - B + B * f32::from(title_len) / self.title;
        let body = 1.0 - B + B * body_len as f32 / self.body;
        FieldNorm {
            title: TITLE_WEIGHT / title,
            body: 1.0 / body,
        }
    }
}

impl FieldNorms {
    /// Norms as computed before (a partitioned index's, read back).
    pub(crate) fn from_norms(per_article: Vec<FieldNorm>) -> Self {
        FieldNorms { per_article }
    }

    /// Article `doc`'s norms.
    #[inline]
    pub(crate) fn get(&self, doc: u32) -> FieldNorm {
        self.per_article[doc as usize]
    }

    /// Every article's norms, by position.
    pub(crate) fn as_slice(&self) -> &[FieldNorm] {
        &self.per_article
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        std::mem::size_of::<FieldNorm>() * self.per_article.capacity()
    }
}
