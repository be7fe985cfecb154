//! The duplicate-id rule, one for the page, the CLI and every file format.

use crate::article::Article;
use std::collections::HashMap;

/// The duplicate-id rule shared by the viewer and the CLI: the first
/// article with an id wins; a later copy that is identical is merged (nothing
/// is lost), a later one that differs is a conflict and is reported.
pub struct Dedup<T> {
    seen: HashMap<String, (u64, T)>,
}

impl<T> Default for Dedup<T> {
    fn default() -> Self {
        Dedup {
            seen: HashMap::new(),
        }
    }
}

pub enum DedupVerdict<T> {
    New,
    Identical { first: T },
    Conflict { first: T },
}

impl<T: Clone> Dedup<T> {
    /// `origin` (where the article came from) is remembered for the first
    /// copy and handed back when a later copy turns up.
    pub fn check(&mut self, a: &Article, origin: T) -> DedupVerdict<T> {
        let hash = article_fingerprint(a);
        match self.seen.get(&a.id) {
            None => {
                self.seen.insert(a.id.clone(), (hash, origin));
                DedupVerdict::New
            }
            Some((h, first)) if *h == hash => DedupVerdict::Identical {
                first: first.clone(),
            },
            Some((_, first)) => DedupVerdict::Conflict {
                first: first.clone(),
            },
        }
    }
}

fn article_fingerprint(a: &Article) -> u64 {
    use std::hash::{Hash, Hasher};
    // DefaultHasher with fixed keys: deterministic within a run, which is all we need.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    a.hash(&mut h);
    h.finish()
}
