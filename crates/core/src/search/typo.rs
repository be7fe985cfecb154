//! Typo tolerance: a bounded edit distance and a cheap pre-filter.
//!
//! The distance is the optimal-string-alignment form of Damerau–Levenshtein
//! (insert, delete, substitute, swap two neighbours), counted in characters
//! of the normalised words.

/// A 32-bit set of (hashed) characters of a word. One edit changes at most
/// two bits, so two words whose signatures differ in more than `2 × max`
/// bits cannot be within `max` edits: the index checks this before the
/// distance itself.
pub fn signature(word: &str) -> u32 {
    word.chars().fold(0, |sig, c| {
        sig | 1 << ((c as u32).wrapping_mul(0x9E37_79B1) >> 27)
    })
}

/// Whether two signatures allow a distance of at most `max`.
pub fn signature_allows(a: u32, b: u32, max: u8) -> bool {
    (a ^ b).count_ones() <= 2 * u32::from(max)
}

/// The characters of a word as a multiset, for a second pre-filter that
/// is linear in a word's length where the distance is quadratic: one edit
/// changes at most one character in and one out, so the words differ in at
/// most `max` characters each way.
pub struct CharBag {
    len: usize,
    /// How many of each ASCII character the word has.
    ascii: [u8; 128],
    /// Its other characters, with their counts.
    other: Vec<(char, u32)>,
    /// Scratch copies while checking a word.
    ascii_left: [u8; 128],
    other_left: Vec<(char, u32)>,
}

impl CharBag {
    pub fn new(word: &[char]) -> Self {
        let mut bag = CharBag {
            len: word.len(),
            ascii: [0; 128],
            other: Vec::new(),
            ascii_left: [0; 128],
            other_left: Vec::new(),
        };
        for &c in word {
            match bag.ascii.get_mut(c as usize) {
                Some(count) => *count = count.saturating_add(1),
                None => match bag.other.iter_mut().find(|(o, _)| *o == c) {
                    Some((_, count)) => *count += 1,
                    None => bag.other.push((c, 1)),
                },
            }
        }
        bag
    }

    /// Whether `word` can be within `max` edits of the bag's word, by the
    /// characters each has that the other lacks.
    pub fn allows(&mut self, word: &[char], max: u8) -> bool {
        self.ascii_left = self.ascii;
        self.other_left.clone_from(&self.other);
        let mut extra = 0usize;
        for &c in word {
            let left = match self.ascii_left.get_mut(c as usize) {
                Some(count) => count,
                None => match self.other_left.iter_mut().find(|(o, _)| *o == c) {
                    Some((_, count)) if *count > 0 => {
                        *count -= 1;
                        continue;
                    }
                    _ => {
                        extra += 1;
                        continue;
                    }
                },
            };
            if *left > 0 {
                *left -= 1;
            } else {
                extra += 1;
            }
        }
        let shared = word.len() - extra;
        let missing = self.len - shared;
        extra.max(missing) <= usize::from(max)
    }
}

/// Reusable rows for [`Distance::within`], so a scan over many words does
/// not allocate.
#[derive(Default)]
pub struct Distance {
    prev2: Vec<u32>,
    prev: Vec<u32>,
    cur: Vec<u32>,
}

impl Distance {
    /// The distance between `a` and `b` if it is at most `max`, else `None`.
    /// Gives up as soon as a whole row exceeds `max`.
    pub fn within(&mut self, a: &[char], b: &[char], max: u8) -> Option<u8> {
        let max = u32::from(max);
        if a.len().abs_diff(b.len()) as u32 > max {
            return None;
        }
        let n = b.len();
        self.prev2.clear();
        self.prev2.resize(n + 1, 0);
        self.prev.clear();
        self.prev.extend(0..=n as u32);
        self.cur.clear();
        self.cur.resize(n + 1, 0);
        for i in 1..=a.len() {
            self.cur[0] = i as u32;
            let mut row_min = self.cur[0];
            for j in 1..=n {
                let cost = u32::from(a[i - 1] != b[j - 1]);
                let mut d = (self.prev[j] + 1)
                    .min(self.cur[j - 1] + 1)
                    .min(self.prev[j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d = d.min(self.prev2[j - 2] + 1);
                }
                self.cur[j] = d;
                row_min = row_min.min(d);
            }
            if row_min > max {
                return None;
            }
            std::mem::swap(&mut self.prev2, &mut self.prev);
            std::mem::swap(&mut self.prev, &mut self.cur);
        }
        let d = self.prev[n];
        (d <= max).then_some(d as u8)
    }
}

/// The distance between two words if at most `max` (allocates; for tests
/// and the highlighter's one-off checks use [`Distance`]).
pub fn distance_within(a: &str, b: &str, max: u8) -> Option<u8> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    Distance::default().within(&a, &b, max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_bag_counts_characters_in_and_out() {
        let bag = |a: &str, b: &str, max| {
            let a: Vec<char> = a.chars().collect();
            let b: Vec<char> = b.chars().collect();
            CharBag::new(&a).allows(&b, max)
        };
        assert!(bag("president", "presidnet", 0));
        assert!(bag("president", "resident", 1));
        assert!(!bag("president", "resident", 0));
        assert!(!bag("interstellar", "interstate", 2));
        assert!(bag("میخواهم", "میخواهند", 2));
        assert!(!bag("میخواهم", "میخواهند", 1));
    }

    #[test]
    fn edits_are_counted() {
        assert_eq!(distance_within("goverment", "government", 2), Some(1));
        assert_eq!(distance_within("govenrment", "government", 2), Some(1));
        assert_eq!(distance_within("tehran", "tehran", 1), Some(0));
        assert_eq!(distance_within("tehran", "teheran", 1), Some(1));
        assert_eq!(distance_within("tehran", "tahrin", 1), None);
        assert_eq!(distance_within("tehran", "tahrin", 2), Some(2));
        assert_eq!(distance_within("abc", "abcdef", 2), None);
        assert_eq!(distance_within("", "ab", 2), Some(2));
        assert_eq!(distance_within("میخواهم", "میخواهند", 2), Some(2));
    }

    /// Plain dynamic-programming OSA distance, unbounded.
    fn reference(a: &str, b: &str) -> usize {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                d[i][j] = (d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
                }
            }
        }
        d[a.len()][b.len()]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn bounded_distance_agrees_with_the_full_table(a in "[abcé]{0,8}", b in "[abcé]{0,8}", max in 0u8..3) {
            let full = reference(&a, &b);
            let want = (full <= usize::from(max)).then_some(full as u8);
            prop_assert_eq!(distance_within(&a, &b, max), want);
            if want.is_some() {
                prop_assert!(signature_allows(signature(&a), signature(&b), max));
                let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                prop_assert!(CharBag::new(&a).allows(&b, max));
            }
        }
    }
}
