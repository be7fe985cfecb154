//! The terms in byte order, sorted a bounded piece at a time so the page
//! never blocks on one long sort: short runs are sorted first, then merged
//! pairwise, pass after pass, a bounded number of terms per call.
//!
//! Terms are compared by their first eight bytes as one big-endian integer
//! (zero-padded; terms never contain NUL, so that agrees with byte order),
//! and by their whole text only when those are equal.

use super::interning::TermInterner;
use std::cmp::Ordering;

/// Terms per sorted run: a run costs about `RUN × log2(RUN)` comparisons.
const RUN: usize = 512;
/// Work units charged per term of a run sorted (about its comparisons).
pub(super) const RUN_COST: usize = 9;

/// A term's sort key: its first eight bytes, big-endian, and its id.
type Key = (u64, u32);

/// A sort of the interned terms in progress.
pub(super) struct TermSort {
    /// Terms to sort (their keys are made run by run).
    n: usize,
    keys: Vec<Key>,
    scratch: Vec<Key>,
    /// Runs are sorted up to here (first phase) ...
    sorted_to: usize,
    /// ... then merged: runs of `width` from `keys` into `scratch`; the
    /// pair being merged starts at `lo`, its halves are read at `i` and
    /// `j`, and the output is written at `out`.
    width: usize,
    lo: usize,
    i: usize,
    j: usize,
    out: usize,
}

impl TermSort {
    pub(super) fn new(interner: &TermInterner) -> Self {
        let n = interner.len();
        TermSort {
            n,
            scratch: Vec::new(),
            keys: Vec::with_capacity(n),
            sorted_to: 0,
            width: RUN,
            lo: 0,
            i: 0,
            j: 0,
            out: 0,
        }
    }

    /// Work units the whole sort takes: `RUN_COST` per term for the runs,
    /// one per term per merge pass.
    pub(super) fn total_units(&self) -> usize {
        let n = self.n;
        let mut passes = 0;
        let mut width = RUN;
        while width < n {
            passes += 1;
            width *= 2;
        }
        n * (RUN_COST + passes)
    }

    /// Does about `budget` units of the sort (at most one run's more);
    /// returns the units done, or `None` once the terms are sorted.
    pub(super) fn step(&mut self, interner: &TermInterner, budget: usize) -> Option<usize> {
        let n = self.n;
        let by_text = |a: &Key, b: &Key| {
            a.0.cmp(&b.0)
                .then_with(|| interner.term(a.1).cmp(interner.term(b.1)))
        };
        let mut done = 0;
        while self.sorted_to < n {
            if done + RUN * RUN_COST > budget && done > 0 {
                return Some(done);
            }
            let end = (self.sorted_to + RUN).min(n);
            self.keys
                .extend((self.sorted_to as u32..end as u32).map(|t| key(interner, t)));
            self.keys[self.sorted_to..end].sort_unstable_by(by_text);
            done += (end - self.sorted_to) * RUN_COST;
            self.sorted_to = end;
        }
        if self.width >= n {
            return (done > 0).then_some(done);
        }
        if self.scratch.len() != n {
            // The first merge pass starts.
            self.scratch = self.keys.clone();
            self.j = self.width;
        }
        while done < budget {
            let mid = (self.lo + self.width).min(n);
            let hi = (self.lo + 2 * self.width).min(n);
            if self.out == hi {
                // This pair is merged: on to the next, or the next pass.
                if hi < n {
                    self.lo = hi;
                } else {
                    std::mem::swap(&mut self.keys, &mut self.scratch);
                    self.width *= 2;
                    self.lo = 0;
                    if self.width >= n {
                        self.scratch = Vec::new();
                        return Some(done);
                    }
                }
                self.i = self.lo;
                self.j = (self.lo + self.width).min(n);
                self.out = self.lo;
                continue;
            }
            let take_left = self.j >= hi
                || (self.i < mid
                    && by_text(&self.keys[self.i], &self.keys[self.j]) == Ordering::Less);
            if take_left {
                self.scratch[self.out] = self.keys[self.i];
                self.i += 1;
            } else {
                self.scratch[self.out] = self.keys[self.j];
                self.j += 1;
            }
            self.out += 1;
            done += 1;
        }
        Some(done)
    }

    /// The term ids in byte order of their text, once `step` returned `None`.
    pub(super) fn into_order(self) -> Vec<u32> {
        self.keys.into_iter().map(|(_, t)| t).collect()
    }
}

/// Term `t`'s sort key.
fn key(interner: &TermInterner, t: u32) -> Key {
    let bytes = interner.term(t).as_bytes();
    let mut first = [0u8; 8];
    let n = bytes.len().min(8);
    first[..n].copy_from_slice(&bytes[..n]);
    (u64::from_be_bytes(first), t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stepwise_sort_gives_byte_order_within_its_budget() {
        for count in [0usize, 1, 7, RUN, RUN + 1, 5 * RUN + 3] {
            let mut interner = TermInterner::new();
            let words: Vec<String> = (0..count)
                .map(|i| match i % 4 {
                    0 => format!("w{}", (i * 7919) % 1000),
                    1 => format!("abcdefgh{}", (i * 31) % 97),
                    2 => format!("é{i}"),
                    _ => format!("{}", i * 13),
                })
                .collect();
            for w in &words {
                interner.intern(w.as_bytes());
            }
            let mut sort = TermSort::new(&interner);
            let budget = 1_000;
            while let Some(units) = sort.step(&interner, budget) {
                assert!(
                    units <= budget + RUN * RUN_COST,
                    "{units} units in one step"
                );
            }
            let got: Vec<&str> = sort
                .into_order()
                .into_iter()
                .map(|t| interner.term(t))
                .collect();
            let mut want: Vec<&str> = (0..interner.len() as u32)
                .map(|t| interner.term(t))
                .collect();
            want.sort_unstable();
            assert_eq!(got, want, "{count} words");
        }
    }
}
