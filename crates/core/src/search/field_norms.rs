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

/// Every article's field lengths in words, by position, with the totals
/// the averages come from: an article's norms are computed from them when
/// it is ranked. Lengths, not norms, are what an index keeps and a
/// partitioned index stores, so an archive in segments ranks with the
/// averages over all of them, bit for bit as one index would.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct FieldNorms {
    title_len: Vec<u16>,
    body_len: Vec<u32>,
    totals: LengthTotals,
    averages: AverageLengths,
}

/// How many articles, and their title and body words in all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LengthTotals {
    pub articles: u32,
    pub title_words: u64,
    pub body_words: u64,
}

impl LengthTotals {
    /// The totals of two sets of articles together (`None` past `u32` articles).
    pub fn plus(self, other: LengthTotals) -> Option<LengthTotals> {
        Some(LengthTotals {
            articles: self.articles.checked_add(other.articles)?,
            title_words: self.title_words.checked_add(other.title_words)?,
            body_words: self.body_words.checked_add(other.body_words)?,
        })
    }
}

/// The average title and body lengths of a set of articles, from which
/// each article's norms follow.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct AverageLengths {
    title: f32,
    body: f32,
}

impl Default for AverageLengths {
    fn default() -> Self {
        AverageLengths::new(LengthTotals::default())
    }
}

impl AverageLengths {
    /// The averages over articles with these totals.
    pub(crate) fn new(totals: LengthTotals) -> Self {
        let n = f64::from(totals.articles.max(1));
        AverageLengths {
            title: ((totals.title_words as f64 / n) as f32).max(1.0),
            body: ((totals.body_words as f64 / n) as f32).max(1.0),
        }
    }

    /// The norms of an article with these field lengths in words.
    #[inline]
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
    /// The lengths of every article, by position, ranked with the averages
    /// of `totals` (those of these articles, or of a larger archive they
    /// are part of). Lengths past the shorter list read as 0.
    pub(crate) fn new(title_len: Vec<u16>, body_len: Vec<u32>, totals: LengthTotals) -> Self {
        FieldNorms {
            title_len,
            body_len,
            totals,
            averages: AverageLengths::new(totals),
        }
    }

    /// The lengths of these articles, with totals summed from them.
    pub(crate) fn from_lengths(title_len: Vec<u16>, body_len: Vec<u32>) -> Self {
        let totals = LengthTotals {
            articles: title_len.len() as u32,
            title_words: title_len.iter().map(|&l| u64::from(l)).sum(),
            body_words: body_len.iter().map(|&l| u64::from(l)).sum(),
        };
        FieldNorms::new(title_len, body_len, totals)
    }

    /// Article `doc`'s norms.
    #[inline]
    pub(crate) fn get(&self, doc: u32) -> FieldNorm {
        let d = doc as usize;
        let title = self.title_len.get(d).copied().unwrap_or(0);
        let body = self.body_len.get(d).copied().unwrap_or(0);
        self.averages.norm(title, body)
    }

    /// Every article's title and body lengths, by position.
    pub(crate) fn lengths(&self) -> (&[u16], &[u32]) {
        (&self.title_len, &self.body_len)
    }

    /// The totals the averages come from.
    pub(crate) fn totals(&self) -> LengthTotals {
        self.totals
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        2 * self.title_len.capacity() + 4 * self.body_len.capacity()
    }
}
