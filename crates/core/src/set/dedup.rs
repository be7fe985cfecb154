//! The duplicate-id rule, one for the page, the CLI and every file format.

use crate::article::Article;

/// The duplicate-id rule shared by the viewer and the CLI: the first
/// article with an id wins; a later copy that is identical is merged (nothing
/// is lost), a later one that differs is a conflict and is reported.
///
/// Held for a whole load, beside the articles and the index being built,
/// so compact: the ids back to back in one string, an entry per id and a
/// table of entry numbers, instead of a map with a `String` per id.
pub struct Dedup<T> {
    /// Every id seen, back to back.
    ids: String,
    /// Per id in order of first sight: where it ends in `ids`, the first
    /// copy's fingerprint and origin.
    entries: Vec<(u32, u64, T)>,
    /// Open addressing by the id's hash: entry number + 1, or 0 (free).
    /// At most half full.
    table: Vec<u32>,
    /// Keyed per process, so ids cannot be chosen to collide.
    hasher: std::collections::hash_map::RandomState,
}

impl<T> Default for Dedup<T> {
    fn default() -> Self {
        Dedup {
            ids: String::new(),
            entries: Vec::new(),
            table: Vec::new(),
            hasher: Default::default(),
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
        match self.find(&a.id) {
            Err(slot) => {
                self.insert(slot, &a.id, hash, origin);
                DedupVerdict::New
            }
            Ok(e) => {
                let (_, h, first) = &self.entries[e];
                if *h == hash {
                    DedupVerdict::Identical {
                        first: first.clone(),
                    }
                } else {
                    DedupVerdict::Conflict {
                        first: first.clone(),
                    }
                }
            }
        }
    }
}

impl<T> Dedup<T> {
    /// Id number `e`.
    fn id(&self, e: usize) -> &str {
        let start = match e {
            0 => 0,
            _ => self.entries[e - 1].0 as usize,
        };
        &self.ids[start..self.entries[e].0 as usize]
    }

    fn slot_of(&self, id: &str) -> usize {
        use std::hash::BuildHasher;
        self.hasher.hash_one(id) as usize & (self.table.len() - 1)
    }

    /// The entry of `id`, or the free slot where it goes.
    fn find(&self, id: &str) -> Result<usize, usize> {
        if self.table.is_empty() {
            return Err(0);
        }
        let mask = self.table.len() - 1;
        let mut slot = self.slot_of(id);
        loop {
            match self.table[slot] {
                0 => return Err(slot),
                n if self.id(n as usize - 1) == id => return Ok(n as usize - 1),
                _ => slot = (slot + 1) & mask,
            }
        }
    }

    fn insert(&mut self, slot: usize, id: &str, hash: u64, origin: T) {
        self.ids.push_str(id);
        let end = u32::try_from(self.ids.len()).expect("ids under 4 GiB (the load limits)");
        self.entries.push((end, hash, origin));
        let number = self.entries.len() as u32;
        if self.entries.len() * 2 > self.table.len() {
            self.rehash((self.table.len() * 2).max(1 << 10));
        } else {
            self.table[slot] = number;
        }
    }

    /// A table of `size` slots (a power of two) holding every entry.
    fn rehash(&mut self, size: usize) {
        self.table = vec![0; size];
        let mask = size - 1;
        for e in 0..self.entries.len() {
            let mut slot = self.slot_of(self.id(e));
            while self.table[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            self.table[slot] = e as u32 + 1;
        }
    }
}

fn article_fingerprint(a: &Article) -> u64 {
    use std::hash::{Hash, Hasher};
    // Every field but `cluster`, which is derived (the story a copy was
    // grouped into, which depends on what else was read with it): the
    // same article from a set and from its source file is one article.
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
        cluster: _,
    } = a;
    let mut h = Fingerprint::default();
    (id, title, published, published_from, lead, body).hash(&mut h);
    (source, authors, url, image, lang, license).hash(&mut h);
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
    fn the_first_copy_of_each_id_wins_across_many_ids() {
        let mut dedup = Dedup::default();
        let article = |id: String, lead: &str| Article::builder(id).title("T").lead(lead).build();
        for i in 0..5_000 {
            let verdict = dedup.check(&article(format!("id-{i}"), "a"), i);
            assert!(matches!(verdict, DedupVerdict::New), "{i}");
        }
        // A prefix of another id is an id of its own.
        assert!(matches!(
            dedup.check(&article("id-1".into(), "a"), 0),
            DedupVerdict::Identical { first: 1 }
        ));
        assert!(matches!(
            dedup.check(&article("id-".into(), "a"), 0),
            DedupVerdict::New
        ));
        assert!(matches!(
            dedup.check(&article("id-4999".into(), "b"), 0),
            DedupVerdict::Conflict { first: 4999 }
        ));
        assert!(matches!(
            dedup.check(&article(String::new(), "a"), 7),
            DedupVerdict::New
        ));
        assert!(matches!(
            dedup.check(&article(String::new(), "a"), 8),
            DedupVerdict::Identical { first: 7 }
        ));
    }

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
