//! One sort for the many small sorts off the search's hot path.
//!
//! std's sort is instantiated once per element type and comparator, and
//! each copy is several kilobytes of wasm (driftsort, quicksort, small-sort
//! networks): the page once carried about 100 KB of them. Here every caller
//! shares one instance, a stable sort of `u32` positions through a
//! `dyn` comparator, and only the cheap step that moves the elements into
//! that order is generic. Hot sorts use [`sort_keys`] (one `u64` sort).

use std::cmp::Ordering;

/// Sorts `v` stably by `cmp`, like `slice::sort_by`.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = order_of(v.len(), &mut |a, b| cmp(&v[a], &v[b]));
    permute(v, order);
}

/// Sorts `v` stably by the key `key` gives, like `slice::sort_by_key`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` (stably, though equal elements are alike), like `slice::sort`.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// Sorts integer keys ascending: the one sort the hot paths share.
pub fn sort_keys(keys: &mut [u64]) {
    keys.sort_unstable();
}

/// Positions `0..len` in the order `cmp` gives them (stable).
#[inline(never)]
fn order_of(len: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<u32> {
    let mut order: Vec<u32> = (0..len as u32).collect();
    order.sort_by(|&a, &b| cmp(a as usize, b as usize));
    order
}

/// Moves `v[order[i]]` to `i` for every `i`, following each cycle of the
/// permutation once.
fn permute<T>(v: &mut [T], mut order: Vec<u32>) {
    for start in 0..v.len() {
        let mut at = start;
        loop {
            let from = order[at] as usize;
            order[at] = at as u32;
            if from == start {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_like_std_and_keeps_equal_elements_in_order(
            v in proptest::collection::vec((0u8..6, any::<u16>()), 0..200)
        ) {
            let mut ours = v.clone();
            sort_by_key(&mut ours, |&(k, _)| k);
            let mut std = v.clone();
            std.sort_by_key(|&(k, _)| k);
            prop_assert_eq!(ours, std);
        }

        #[test]
        fn sorts_owned_values(v in proptest::collection::vec(".{0,4}", 0..60)) {
            let mut ours = v.clone();
            sort(&mut ours);
            let mut std = v;
            std.sort();
            prop_assert_eq!(ours, std);
        }
    }
}
