//! Copies grouped: banding for candidates, the signature to confirm them,
//! union-find for copies of copies.

use super::{text_signature, TextSignature, BANDS, SIMILARITY};
use crate::ArticleText;

/// How many earlier members of one band bucket an article is compared
/// with: a bucket of thousands (a boilerplate paragraph shared by a whole
/// outlet) would otherwise cost its square; true copies share many bands,
/// so one of them finds the pair.
const BUCKET_REACH: usize = 8;

/// Which articles are copies of which: for each article, the position of
/// its cluster's earliest article, when it has copies.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Clusters {
    first: Vec<u32>,
}

/// No cluster: the article has no copies.
const ALONE: u32 = u32::MAX;

impl Clusters {
    /// The clusters of `articles` (any order): signatures, then
    /// [`group_copies`].
    pub fn of<A: ArticleText>(articles: &[A]) -> Clusters {
        let signatures: Vec<Option<TextSignature>> =
            articles.iter().map(|a| text_signature(a)).collect();
        let roots = group_copies(&signatures);
        Clusters::from_roots(&roots, |a, b| earlier(&articles[a], &articles[b]))
    }

    /// Clusters from union-find roots, each named by its earliest member
    /// as `is_earlier` orders them.
    pub fn from_roots(roots: &[u32], is_earlier: impl Fn(usize, usize) -> bool) -> Clusters {
        let n = roots.len();
        // The earliest member of each root's set, and its size.
        let mut earliest = vec![ALONE; n];
        let mut size = vec![0u32; n];
        for (i, &root) in roots.iter().enumerate() {
            let root = root as usize;
            size[root] += 1;
            let e = earliest[root];
            if e == ALONE || is_earlier(i, e as usize) {
                earliest[root] = i as u32;
            }
        }
        let first = roots
            .iter()
            .map(|&root| {
                let root = root as usize;
                if size[root] > 1 {
                    earliest[root]
                } else {
                    ALONE
                }
            })
            .collect();
        Clusters { first }
    }

    /// The position of the earliest article of `article`'s cluster (itself
    /// when it is the earliest), or `None` when it has no copies.
    pub fn first(&self, article: usize) -> Option<usize> {
        self.first
            .get(article)
            .filter(|&&f| f != ALONE)
            .map(|&f| f as usize)
    }

    /// Articles with at least one copy.
    pub fn grouped(&self) -> usize {
        self.first.iter().filter(|&&f| f != ALONE).count()
    }

    /// Clusters of two or more articles.
    pub fn count(&self) -> usize {
        self.first
            .iter()
            .enumerate()
            .filter(|&(i, &f)| f as usize == i)
            .count()
    }

    pub fn len(&self) -> usize {
        self.first.len()
    }

    pub fn is_empty(&self) -> bool {
        self.first.is_empty()
    }
}

/// Oldest first, then by id: the article a story is named after.
fn earlier(a: &impl ArticleText, b: &impl ArticleText) -> bool {
    (a.published(), a.id()) < (b.published(), b.id())
}

/// Union-find roots of the copies among `signatures` (`None`: too short,
/// alone). Two articles share a root when a chain of pairs, each at
/// [`SIMILARITY`] or more, joins them.
pub fn group_copies(signatures: &[Option<TextSignature>]) -> Vec<u32> {
    group_copies_at(signatures, SIMILARITY)
}

/// [`group_copies`] at another threshold (to measure the choice).
pub fn group_copies_at(signatures: &[Option<TextSignature>], similarity: f64) -> Vec<u32> {
    let mut grouping = Grouping::new(signatures.len(), similarity);
    while grouping.band(signatures) {}
    grouping.roots()
}

/// [`group_copies`] a band at a time, for a caller that must yield
/// between steps (the page: a band of 50,000 articles is a few tens of
/// milliseconds in wasm, all 64 together would freeze it).
#[derive(Clone, Debug)]
pub struct Grouping {
    parent: Vec<u32>,
    bucket: Vec<u64>,
    next_band: usize,
    similarity: f64,
}

impl Grouping {
    /// Grouping of `n` articles at `similarity`.
    pub fn new(n: usize, similarity: f64) -> Grouping {
        assert!(
            n < u32::MAX as usize,
            "more articles than clusters can number"
        );
        Grouping {
            parent: (0..n as u32).collect(),
            bucket: Vec::new(),
            next_band: 0,
            similarity,
        }
    }

    /// Joins the pairs the next band finds among `signatures` (the same
    /// every call); `false` once every band is done.
    pub fn band(&mut self, signatures: &[Option<TextSignature>]) -> bool {
        if self.next_band >= BANDS {
            return false;
        }
        let band = self.next_band;
        self.next_band += 1;
        self.bucket.clear();
        for (i, signature) in signatures.iter().enumerate().take(self.parent.len()) {
            if let Some(s) = signature {
                // The band's hash in the high half, the article in the low:
                // one integer sort groups each bucket.
                self.bucket
                    .push((band_hash(s, band) & !0xffff_ffff) | i as u64);
            }
        }
        crate::sort::sort_keys(&mut self.bucket);
        let mut start = 0;
        while start < self.bucket.len() {
            let key = self.bucket[start] >> 32;
            let mut end = start + 1;
            while end < self.bucket.len() && self.bucket[end] >> 32 == key {
                end += 1;
            }
            join_bucket(
                &self.bucket[start..end],
                signatures,
                self.similarity,
                &mut self.parent,
            );
            start = end;
        }
        self.next_band < BANDS
    }

    /// Each article's root, once the bands are done.
    pub fn roots(mut self) -> Vec<u32> {
        (0..self.parent.len())
            .map(|i| find(&mut self.parent, i as u32))
            .collect()
    }
}

fn join_bucket(
    bucket: &[u64],
    signatures: &[Option<TextSignature>],
    similarity: f64,
    parent: &mut [u32],
) {
    for (k, &item) in bucket.iter().enumerate().skip(1) {
        let a = item as u32;
        for &other in bucket[k.saturating_sub(BUCKET_REACH)..k].iter().rev() {
            let b = other as u32;
            let (ra, rb) = (find(parent, a), find(parent, b));
            if ra == rb {
                continue;
            }
            let (Some(sa), Some(sb)) = (&signatures[a as usize], &signatures[b as usize]) else {
                continue;
            };
            if sa.similarity(sb) >= similarity {
                // The smaller root wins, so roots do not depend on the
                // order buckets are met.
                let (low, high) = if ra < rb { (ra, rb) } else { (rb, ra) };
                parent[high as usize] = low;
            }
        }
    }
}

fn find(parent: &mut [u32], mut i: u32) -> u32 {
    while parent[i as usize] != i {
        let up = parent[parent[i as usize] as usize];
        parent[i as usize] = up;
        i = up;
    }
    i
}

/// The hash of one band of registers (minhash-rs's FNV band hash).
fn band_hash(signature: &TextSignature, band: usize) -> u64 {
    let registers: &[u32] = signature.0.as_ref();
    let rows = super::ROWS;
    minhash_rs::lsh::band_hash(&registers[band * rows..(band + 1) * rows])
}

/// Marks each article with its story (`cluster`: the id of the cluster's
/// earliest article; `None` when it has no copies), replacing whatever it
/// said, from the `signatures` of [`text_signature`] in the same order;
/// gives the clusters.
pub fn mark_stories(
    articles: &mut [crate::Article],
    signatures: &[Option<TextSignature>],
) -> Clusters {
    assert_eq!(articles.len(), signatures.len(), "a signature per article");
    let roots = group_copies(signatures);
    let clusters = Clusters::from_roots(&roots, |a, b| earlier(&articles[a], &articles[b]));
    let ids: Vec<Option<String>> = (0..articles.len())
        .map(|i| clusters.first(i).map(|f| articles[f].id.clone()))
        .collect();
    for (article, id) in articles.iter_mut().zip(ids) {
        article.cluster = id;
    }
    clusters
}
