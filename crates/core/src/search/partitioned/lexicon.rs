//! Lexicon cells: the typo scan's terms filed three ways, so a scan reads
//! a few small cells instead of every term of the lengths within reach.
//!
//! Every term is filed in each family under its length bucket and the
//! classes of two of its characters (a pair: 1,024 per family and length,
//! so a cell holds about a thousandth of a length's terms): the **first**
//! family by its first two characters, the **last** by its last two, the
//! **middle** by its fourth and fifth (the last two of a shorter term).
//! A term within `max` edits (optimal string alignment, as
//! `typo::Distance`) of a query word `q` of five characters or more:
//!
//! - one edit leaves `q`'s first two characters first or its last two
//!   last (an edit before the third character leaves at least `n - 3` at
//!   the end, two or more from five characters): first-family cell
//!   `q[0] q[1]`, last-family cell `q[-2] q[-1]`;
//! - two edits (words of nine characters or more) leave the first two
//!   when both are past them, the last two when both are before them;
//!   otherwise one edit changed the front (a character before the third,
//!   or the swap of the second and third) and the other the end (from the
//!   third last on), and `q[2..6]` is untouched, moved by at most one: the
//!   term's fourth and fifth characters are `q[3] q[4]` (the front edit a
//!   substitution or swap), `q[4] q[5]` (a deletion) or `q[2] q[3]` (an
//!   insertion): three middle-family cells.
//!
//! So one edit reads 2 cells per length, two edits 5; any other scan
//! reads the whole first family of those lengths (every term once).
//! Classes only group characters (`c mod 32`: each of `a`–`z` its own), so
//! a cell holds a superset of what the scan needs; the planner still
//! checks each term's distance. Cells are numbered family, then pair,
//! then length (format 8; format 7 numbered family, length, pair: see
//! [`CellOrder`]), and packed in that order into parts of about a target
//! size (the root lists each part's first cell), so the cells a scan reads
//! of nearby lengths are neighbours in one or two parts, and the many
//! empty or tiny cells cost nothing.

use crate::search::index::MAX_LEN_BUCKET;

/// The families a term is filed in, in cell order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Family {
    First,
    Last,
    Middle,
}

pub(super) const FAMILIES: [Family; 3] = [Family::First, Family::Last, Family::Middle];
/// Classes of one character.
const CHAR_CLASSES: usize = 32;
/// Classes of a pair of characters, per family and length.
pub(super) const CLASSES: usize = CHAR_CLASSES * CHAR_CLASSES;
const BUCKETS: usize = MAX_LEN_BUCKET + 1;
/// Cells in all.
pub(super) const CELLS: usize = FAMILIES.len() * BUCKETS * CLASSES;

/// The shortest query word for the two-end argument above.
const SHORT_WORD: usize = 5;
/// Where the middle family's pair starts.
const MIDDLE_AT: usize = 3;

/// How cells are numbered within a family.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum CellOrder {
    /// Format 7: by length, then pair (a scan's cells of five lengths lie
    /// in five places).
    LengthFirst,
    /// Format 8: by pair, then length (they lie side by side).
    PairFirst,
}

/// A pair of characters' class.
fn class(a: char, b: char) -> usize {
    (a as usize % CHAR_CLASSES) * CHAR_CLASSES + b as usize % CHAR_CLASSES
}

/// The number of the cell of `family`, length bucket `bucket` and class
/// `class`, in `order`.
pub(super) fn cell(order: CellOrder, family: Family, bucket: usize, class: usize) -> usize {
    let (bucket, class) = (bucket.min(MAX_LEN_BUCKET), class % CLASSES);
    match order {
        CellOrder::LengthFirst => (family as usize * BUCKETS + bucket) * CLASSES + class,
        CellOrder::PairFirst => (family as usize * CLASSES + class) * BUCKETS + bucket,
    }
}

/// The cell `family` files `term` (its characters) in.
pub(super) fn cell_of(order: CellOrder, family: Family, term: &[char]) -> usize {
    let n = term.len();
    let at = match family {
        Family::First => 0,
        Family::Last => n.saturating_sub(2),
        Family::Middle if n >= MIDDLE_AT + 2 => MIDDLE_AT,
        Family::Middle => n.saturating_sub(2),
    };
    let a = term.get(at).copied().unwrap_or('\0');
    let b = term.get(at + 1).copied().unwrap_or('\0');
    cell(order, family, n, class(a, b))
}

/// The cells a typo scan for `word` within `max` edits reads, ascending,
/// each once (see the module documentation).
pub(super) fn cells_within(order: CellOrder, word: &[char], max: u8) -> Vec<usize> {
    let n = word.len();
    let lo = n.saturating_sub(usize::from(max)).min(MAX_LEN_BUCKET);
    let hi = (n + usize::from(max)).min(MAX_LEN_BUCKET);
    let mut cells = Vec::new();
    for bucket in lo..=hi {
        let one = max == 1 && n >= SHORT_WORD;
        let two = max == 2 && n >= 2 * SHORT_WORD - 1;
        if one || two {
            let (first, last) = (class(word[0], word[1]), class(word[n - 2], word[n - 1]));
            cells.push(cell(order, Family::First, bucket, first));
            cells.push(cell(order, Family::Last, bucket, last));
            if two {
                for at in MIDDLE_AT - 1..=MIDDLE_AT + 1 {
                    let middle = class(word[at], word[at + 1]);
                    cells.push(cell(order, Family::Middle, bucket, middle));
                }
            }
        } else {
            cells.extend((0..CLASSES).map(|c| cell(order, Family::First, bucket, c)));
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

    /// Whether the scan for `q` within `max` reads a cell holding `t`, in
    /// both orders.
    fn reaches(q: &str, t: &str, max: u8) -> bool {
        [CellOrder::LengthFirst, CellOrder::PairFirst]
            .iter()
            .all(|&order| {
                let cells = cells_within(order, &chars(q), max);
                FAMILIES
                    .iter()
                    .any(|&f| cells.contains(&cell_of(order, f, &chars(t))))
            })
    }

    #[test]
    fn cells_are_numbered_family_pair_length() {
        for order in [CellOrder::LengthFirst, CellOrder::PairFirst] {
            assert_eq!(cell(order, Family::First, 0, 0), 0);
            assert_eq!(
                cell(order, Family::Middle, MAX_LEN_BUCKET, CLASSES - 1),
                CELLS - 1
            );
        }
        // Format 8: a pair's lengths side by side; format 7: a length's
        // pairs.
        let (a, b) = (class('g', 'o'), class('v', 'e'));
        assert_eq!(
            cell(CellOrder::PairFirst, Family::First, 10, a),
            cell(CellOrder::PairFirst, Family::First, 9, a) + 1
        );
        assert_eq!(
            cell(CellOrder::LengthFirst, Family::Last, 9, b),
            cell(CellOrder::LengthFirst, Family::Last, 9, a) + (b - a)
        );
        // Lengths past the last bucket share it.
        assert_eq!(
            cell_of(CellOrder::PairFirst, Family::First, &chars(&"a".repeat(80))),
            cell(
                CellOrder::PairFirst,
                Family::First,
                MAX_LEN_BUCKET,
                class('a', 'a')
            )
        );
        // A word shorter than the middle pair is filed by its last two.
        assert_eq!(
            cell_of(CellOrder::PairFirst, Family::Middle, &chars("abcd")),
            cell(CellOrder::PairFirst, Family::Middle, 4, class('c', 'd'))
        );
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
        // A word of one edit reads two cells per length, of two five.
        assert_eq!(
            cells_within(CellOrder::PairFirst, &chars("court"), 1).len(),
            6
        );
        assert_eq!(
            cells_within(CellOrder::PairFirst, &chars("president"), 2).len(),
            25
        );
    }

    proptest! {
        #[test]
        fn every_term_within_reach_is_in_a_cell_read(
            q in "[a-g]{5,14}",
            edits in proptest::collection::vec((0usize..4, 0usize..16, "[a-h]"), 0..=2),
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
