//! The terms ordered by how they end, so the one-edit typo search can take
//! the terms ending like the query word as one contiguous range (see
//! `typo_terms` in `exec.rs`), as the byte order gives those starting like
//! it.
//!
//! A term's key is its last four bytes, last byte first (zero-padded:
//! terms never contain NUL). Terms ending with the same one to four bytes
//! are then contiguous. The order is built by a stable radix sort, one
//! byte per pass, a bounded number of terms per call, so the page's index
//! finish stays in short steps.

/// Terms ending with the same this many bytes are contiguous.
pub(crate) const SUFFIX_KEY_BYTES: usize = 4;

/// `bytes`' suffix key: its last bytes, last first, as a big-endian
/// integer (so keys order like the reversed texts' first bytes).
#[inline]
pub(crate) fn suffix_key(bytes: &[u8]) -> u32 {
    let mut key = [0u8; SUFFIX_KEY_BYTES];
    for (k, &b) in key.iter_mut().zip(bytes.iter().rev()) {
        *k = b;
    }
    u32::from_be_bytes(key)
}

/// A radix sort of term ids by suffix key in progress.
pub(super) struct SuffixSort {
    n: usize,
    /// `(key, id)` in the order of the passes done so far ...
    items: Vec<(u32, u32)>,
    /// ... written into this by the pass in progress.
    scratch: Vec<(u32, u32)>,
    /// Per pass (least significant byte first), each byte value's count,
    /// then where its next item goes (boxed: 4 KB).
    counts: Box<[[u32; 256]; SUFFIX_KEY_BYTES]>,
    /// The pass in progress, and how many items it has placed.
    pass: usize,
    placed: usize,
}

impl SuffixSort {
    pub(super) fn new(terms: usize) -> Self {
        SuffixSort {
            n: terms,
            items: Vec::with_capacity(terms),
            scratch: Vec::new(),
            counts: Box::new([[0; 256]; SUFFIX_KEY_BYTES]),
            pass: 0,
            placed: 0,
        }
    }

    /// Work units the whole sort takes: one per term for its key, one per
    /// term and pass.
    pub(super) fn total_units(terms: usize) -> usize {
        terms * (1 + SUFFIX_KEY_BYTES)
    }

    /// Does about `budget` units (terms keyed or placed); `term(t)` gives
    /// term `t`'s text. Returns the units done, or `None` once sorted.
    pub(super) fn step<'a>(
        &mut self,
        term: impl Fn(u32) -> &'a str,
        budget: usize,
    ) -> Option<usize> {
        let mut done = 0;
        while self.items.len() < self.n {
            if done >= budget {
                return Some(done);
            }
            let from = self.items.len();
            let to = (from + budget - done).min(self.n);
            for t in from as u32..to as u32 {
                let key = suffix_key(term(t).as_bytes());
                for (pass, counts) in self.counts.iter_mut().enumerate() {
                    counts[(key >> (8 * pass)) as usize & 0xFF] += 1;
                }
                self.items.push((key, t));
            }
            done += to - from;
        }
        while self.pass < SUFFIX_KEY_BYTES {
            if done >= budget {
                return Some(done);
            }
            let shift = 8 * self.pass;
            let counts = &mut self.counts[self.pass];
            if self.placed == 0 {
                // Counts become where each byte value's items start.
                let mut at = 0;
                for c in counts.iter_mut() {
                    let count = *c;
                    *c = at;
                    at += count;
                }
                self.scratch.resize(self.n, (0, 0));
            }
            let to = (self.placed + budget - done).min(self.n);
            for &(key, t) in &self.items[self.placed..to] {
                let slot = &mut counts[(key >> shift) as usize & 0xFF];
                self.scratch[*slot as usize] = (key, t);
                *slot += 1;
            }
            done += to - self.placed;
            self.placed = to;
            if to == self.n {
                std::mem::swap(&mut self.items, &mut self.scratch);
                self.pass += 1;
                self.placed = 0;
            }
        }
        (done > 0).then_some(done)
    }

    /// The term ids by suffix key (equal keys by id), once `step` returned
    /// `None`.
    pub(super) fn into_order(self) -> Vec<u32> {
        // Not `collect`: it would keep the pairs' allocation, twice the size.
        let mut order = Vec::with_capacity(self.n);
        order.extend(self.items.iter().map(|&(_, t)| t));
        order
    }

    /// Sorts at once (for small dictionaries: a query's sub-index).
    pub(super) fn sort_all<'a>(terms: usize, term: impl Fn(u32) -> &'a str) -> Vec<u32> {
        let mut sort = SuffixSort::new(terms);
        while sort.step(&term, usize::MAX / 2).is_some() {}
        sort.into_order()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_ending_alike_are_contiguous_in_key_order() {
        let words: Vec<String> = (0..2_000u32)
            .map(|i| match i % 5 {
                0 => format!("w{}", i.wrapping_mul(7919) % 1000),
                1 => format!("station{}", i % 7),
                2 => format!("é{}ción", i % 13),
                3 => "ab".repeat(1 + i as usize % 4),
                _ => format!("{}x", i * 13),
            })
            .collect();
        let term = |t: u32| words[t as usize].as_str();
        for budget in [1usize, 7, 1_000, usize::MAX / 2] {
            let mut sort = SuffixSort::new(words.len());
            while let Some(units) = sort.step(term, budget) {
                assert!(units <= budget.max(1), "{units} units in one step");
            }
            let order = sort.into_order();
            let mut want: Vec<u32> = (0..words.len() as u32).collect();
            want.sort_by_key(|&t| (suffix_key(term(t).as_bytes()), t));
            assert_eq!(order, want, "budget {budget}");
            // Every suffix's terms form one run of the order.
            for suffix in ["n", "ón", "ción", "ab", "x", "3x", "station1"] {
                let hits: Vec<usize> = (0..order.len())
                    .filter(|&i| {
                        term(order[i]).ends_with(suffix)
                            || suffix.len() > 4
                                && term(order[i]).ends_with(&suffix[suffix.len() - 4..])
                    })
                    .collect();
                if let (Some(first), Some(last)) = (hits.first(), hits.last()) {
                    assert_eq!(last - first + 1, hits.len(), "{suffix}");
                }
            }
        }
    }
}
