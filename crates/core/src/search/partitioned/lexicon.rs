//! Lexicon cells: the typo scan's terms filed three ways, so a scan reads
//! a few small cells instead of every term of the lengths within reach.
//!
//! Every term is filed in each family under its length bucket and one
//! character's class: the **first** family by its first character, the
//! **last** by its last, the **second** by its second (its first if it
//! has one only). A term within `max` edits (optimal string alignment,
//! as `typo::Distance`) of a query word `q` of five characters or more:
//!
//! - keeps `q`'s first character first: in first-family cell `q[0]`;
//! - or keeps its last character last: in last-family cell `q[-1]`;
//! - or neither, so one edit changed the front and another the end, which
//!   takes two edits (at five characters one edit cannot reach both ends)
//!   and leaves everything between them in place. The front edit was then
//!   a deletion of `q[0]` or the swap of `q[0]` and `q[1]` (the term
//!   starts with `q[1]`: first-family cell `q[1]`), a substitution of
//!   `q[0]` (its second character is `q[1]`) or an insertion before
//!   `q[0]` (its second character is `q[0]`): second-family cells `q[0]`
//!   and `q[1]`.
//!
//! So one edit reads 2 cells per length, two edits 5; any other scan
//! reads the whole first family of those lengths (every term once).
//! Classes only group characters (`c mod 32`: each of `a`–`z` its own), so
//! a cell holds a superset of what the scan needs; the planner still
//! checks each term's distance.

use crate::search::index::MAX_LEN_BUCKET;

/// The families a term is filed in, in cell order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Family {
    First,
    Last,
    Second,
}

pub(super) const FAMILIES: [Family; 3] = [Family::First, Family::Last, Family::Second];
/// Character classes per family and length.
pub(super) const CLASSES: usize = 32;
const BUCKETS: usize = MAX_LEN_BUCKET + 1;
/// Cells in all: the root lists how many parts each has, in this order.
pub(super) const CELLS: usize = FAMILIES.len() * BUCKETS * CLASSES;

/// The shortest query word for the two-end argument above.
const SHORT_WORD: usize = 5;

/// A character's class.
fn class(c: char) -> usize {
    c as usize % CLASSES
}

/// The number of the cell of `family`, length bucket `bucket` and class
/// `class` (the inverse of [`cell_parts`]).
pub(super) fn cell(family: Family, bucket: usize, class: usize) -> usize {
    (family as usize * BUCKETS + bucket.min(MAX_LEN_BUCKET)) * CLASSES + class % CLASSES
}

/// A cell's family, bucket and class, if `cell < CELLS`.
pub(super) fn cell_parts(cell: usize) -> Option<(Family, usize, usize)> {
    let family = *FAMILIES.get(cell / (BUCKETS * CLASSES))?;
    Some((family, cell / CLASSES % BUCKETS, cell % CLASSES))
}

/// The cell `family` files `term` (its characters) in.
pub(super) fn cell_of(family: Family, term: &[char]) -> usize {
    let key = match family {
        Family::First => term.first(),
        Family::Last => term.last(),
        Family::Second => term.get(1).or(term.first()),
    };
    cell(family, term.len(), key.map_or(0, |&c| class(c)))
}

/// The cells a typo scan for `word` within `max` edits reads, ascending,
/// each once (see the module documentation).
pub(super) fn cells_within(word: &[char], max: u8) -> Vec<usize> {
    let n = word.len();
    let lo = n.saturating_sub(usize::from(max)).min(MAX_LEN_BUCKET);
    let hi = (n + usize::from(max)).min(MAX_LEN_BUCKET);
    let mut cells = Vec::new();
    for bucket in lo..=hi {
        if (max == 1 || max == 2) && n >= SHORT_WORD {
            let (first, second, last) = (class(word[0]), class(word[1]), class(word[n - 1]));
            cells.push(cell(Family::First, bucket, first));
            cells.push(cell(Family::Last, bucket, last));
            if max == 2 {
                cells.push(cell(Family::First, bucket, second));
                cells.push(cell(Family::Second, bucket, first));
                cells.push(cell(Family::Second, bucket, second));
            }
        } else {
            cells.extend((0..CLASSES).map(|c| cell(Family::First, bucket, c)));
        }
    }
    cells.sort_unstable();
    cells.dedup();
    cells
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::typo::distance_within;
    use proptest::prelude::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    /// Whether the scan for `q` within `max` reads a cell holding `t`.
    fn reaches(q: &str, t: &str, max: u8) -> bool {
        let cells = cells_within(&chars(q), max);
        FAMILIES
            .iter()
            .any(|&f| cells.contains(&cell_of(f, &chars(t))))
    }

    #[test]
    fn cells_round_trip() {
        for c in [0, 1, 31, 32, CLASSES * 49, CELLS - 1] {
            let (f, b, k) = cell_parts(c).expect("a cell");
            assert_eq!(cell(f, b, k), c);
        }
        assert_eq!(cell_parts(CELLS), None);
    }

    #[test]
    fn both_ends_changed_is_found() {
        // Substitution at the front and the end; insertions; a swap and a
        // deletion: every way of changing both ends with two edits.
        for t in [
            "xresidenx",
            "xpresidenty",
            "rpesidenx",
            "residenx",
            "xpresidet",
        ] {
            assert!(distance_within("president", t, 2).is_some(), "{t}");
            assert!(reaches("president", t, 2), "{t}");
        }
        // A word of one edit reads two cells per length.
        assert_eq!(cells_within(&chars("court"), 1).len(), 6);
    }

    proptest! {
        #[test]
        fn every_term_within_reach_is_in_a_cell_read(
            q in "[a-e]{5,10}",
            edits in proptest::collection::vec((0usize..4, 0usize..12, "[a-f]"), 0..=2),
        ) {
            // Applies up to two random edits to `q`, then checks the scan
            // for `q` reads a cell holding the result whenever it is within
            // reach (the engine's own distance decides).
            let mut t = chars(&q);
            for (op, at, c) in &edits {
                let c = c.chars().next().unwrap();
                let at = at % (t.len() + 1);
                match op {
                    0 if at < t.len() => t[at] = c,
                    1 => t.insert(at, c),
                    2 if at < t.len() => { t.remove(at); }
                    3 if at + 1 < t.len() => t.swap(at, at + 1),
                    _ => {}
                }
            }
            let t: String = t.into_iter().collect();
            for max in [1u8, 2] {
                if distance_within(&q, &t, max).is_some() && !t.is_empty() {
                    prop_assert!(reaches(&q, &t, max), "{q} {t} {max}");
                }
            }
        }
    }
}
