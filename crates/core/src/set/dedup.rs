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
    let mut h = Fingerprint::default();
    a.hash(&mut h);
    h.finish()
}

/// A 64-bit FxHash-style hasher that takes 8 bytes per step: every record
/// of a set is fingerprinted as it loads (its whole text), and SipHash
/// (`DefaultHasher`) cost more than parsing the record. Deterministic, and
/// as forgeable as `DefaultHasher` with its fixed keys was: a forged copy
/// only changes whether a dropped duplicate is reported as merged or as a
/// conflict, never which copy wins.
#[derive(Default)]
struct Fingerprint(u64);

impl Fingerprint {
    #[inline(always)]
    fn add(&mut self, word: u64) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

impl std::hash::Hasher for Fingerprint {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        let mut last = [0u8; 8];
        last[..rest.len()].copy_from_slice(rest);
        // The length too, so `"ab"` and `"ab\0"` differ.
        self.add(u64::from_le_bytes(last) ^ (bytes.len() as u64) << 56);
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        // Spread the last step's bits (a final multiply and fold).
        let h = self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        h ^ h >> 32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_change_to_an_article_changes_its_fingerprint() {
        let a = Article::builder("1")
            .title("Storm in Texas")
            .lead("The governor spoke.")
            .build();
        let base = article_fingerprint(&a);
        assert_eq!(article_fingerprint(&a.clone()), base);
        let mut changed = Vec::new();
        let mut b = a.clone();
        b.title.push(' ');
        changed.push(b);
        let mut b = a.clone();
        b.lead = "The governor spoke!".into();
        changed.push(b);
        let mut b = a.clone();
        b.body = vec![String::new()];
        changed.push(b);
        let mut b = a.clone();
        b.lang = Some(String::new());
        changed.push(b);
        let mut b = a.clone();
        // The same letters, split otherwise between fields.
        b.title = "Storm in Texa".into();
        b.lead = "sThe governor spoke.".into();
        changed.push(b);
        for b in &changed {
            assert_ne!(article_fingerprint(b), base, "{b:?}");
        }
    }
}
