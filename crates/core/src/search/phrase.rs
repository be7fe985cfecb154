//! Phrases: the articles where a phrase's units (its words, or
//! common-word pairs standing for two, see `word_pairs.rs`) occur at their
//! offsets, and how often in the title and in the body (a phrase scores
//! as one term: BM25 of its own frequency).

use super::index::SearchIndex;
use super::postings::{Bitset, PositionCursor, Posting};
use super::word_pairs::phrase_units;

/// A phrase resolved against a dictionary: its units as (term id, offset
/// of its first word), in offset order, the first at offset 0.
pub(crate) type Units = Vec<(u32, u32)>;

impl SearchIndex {
    /// The units of the phrase `words` (pairs where this index has them),
    /// or `None` if a word or pair is not in the dictionary (the phrase is
    /// in no article). A word a pair stands for must be in the dictionary
    /// too: its df is part of the phrase's idf.
    pub(crate) fn phrase_units(&self, words: &[String]) -> Option<Units> {
        if words.iter().any(|w| self.dict.find(w).is_none()) {
            return None;
        }
        phrase_units(words, self.word_pairs)
            .into_iter()
            .map(|u| Some((self.dict.find(&u.term)?, u.offset)))
            .collect()
    }

    /// Removes from `set` the articles where `units` never occur at their
    /// offsets (every article in `set` must contain every unit). Positions
    /// are decoded lazily and the check stops at the first hit. One unit
    /// needs no positions.
    pub(crate) fn keep_phrase_matches(&self, units: &[(u32, u32)], set: &mut Bitset) {
        if units.len() < 2 {
            return;
        }
        let mut phrase = PhraseCursor::new(self, units);
        let docs: Vec<u32> = set.iter().collect();
        for doc in docs {
            let mut found = false;
            if phrase.seek(doc) {
                phrase.matches(|_| {
                    found = true;
                    false
                });
            }
            if !found {
                set.remove(doc);
            }
        }
    }

    /// For each article of `docs` (each has the phrase), the phrase's
    /// occurrences in its title and body as a posting: one unit's own
    /// posting, else counted from the units' positions (an occurrence is
    /// in the title where its first unit's position is one of the title's).
    pub(crate) fn phrase_postings(
        &self,
        units: &[(u32, u32)],
        docs: &Bitset,
        mut each: impl FnMut(Posting),
    ) {
        if let [(t, _)] = units {
            for p in self.postings(*t) {
                if docs.contains(p.doc) {
                    each(p);
                }
            }
            return;
        }
        let mut phrase = PhraseCursor::new(self, units);
        for doc in docs.iter() {
            if !phrase.seek(doc) {
                continue;
            }
            let in_title = phrase.cursors[0].current().map_or(0, |p| p.tf_title);
            let (mut tf_title, mut tf_body) = (0, 0);
            phrase.matches(|k| {
                if k < in_title {
                    tf_title += 1;
                } else {
                    tf_body += 1;
                }
                true
            });
            if tf_title + tf_body > 0 {
                each(Posting {
                    doc,
                    tf_title,
                    tf_body,
                });
            }
        }
    }
}

/// The units' position cursors, moved to one article after another.
struct PhraseCursor<'a> {
    cursors: Vec<PositionCursor<'a>>,
    offsets: Vec<u32>,
    /// Scratch for `phrase_matches`.
    current: Vec<u32>,
}

impl<'a> PhraseCursor<'a> {
    fn new(index: &'a SearchIndex, units: &[(u32, u32)]) -> Self {
        PhraseCursor {
            cursors: units
                .iter()
                .map(|&(t, _)| index.position_cursor(t))
                .collect(),
            offsets: units.iter().map(|&(_, o)| o).collect(),
            current: vec![0; units.len()],
        }
    }

    /// Moves to `doc` (ascending from call to call): whether every unit
    /// is in it.
    fn seek(&mut self, doc: u32) -> bool {
        self.cursors.iter_mut().all(|c| c.seek(doc))
    }

    /// [`phrase_matches`] in the article sought.
    fn matches(&mut self, hit: impl FnMut(u32) -> bool) {
        phrase_matches(&mut self.cursors, &self.offsets, &mut self.current, hit);
    }
}

/// Positions, ascending: a term's positions in one article.
pub(crate) trait Positions {
    fn next_position(&mut self) -> Option<u32>;
}

impl Positions for PositionCursor<'_> {
    fn next_position(&mut self) -> Option<u32> {
        PositionCursor::next_position(self)
    }
}

/// Calls `hit(k)` for each `k`th position `p` of `lists[0]` for which
/// every `lists[i]` has `p + offsets[i]` (`offsets[0]` is 0), until `hit`
/// returns false. One forward pass over each list; `current` is scratch.
fn phrase_matches(
    lists: &mut [impl Positions],
    offsets: &[u32],
    current: &mut [u32],
    mut hit: impl FnMut(u32) -> bool,
) {
    // `current[i]` is the last position read from `lists[i]` (i >= 1).
    let Some((first, rest)) = lists.split_first_mut() else {
        return;
    };
    for (i, list) in rest.iter_mut().enumerate() {
        match list.next_position() {
            Some(p) => current[i + 1] = p,
            None => return,
        }
    }
    let mut k = 0u32;
    'start: while let Some(p) = first.next_position() {
        k += 1;
        for (i, list) in rest.iter_mut().enumerate() {
            let want = p + offsets[i + 1];
            while current[i + 1] < want {
                match list.next_position() {
                    Some(q) => current[i + 1] = q,
                    None => return,
                }
            }
            if current[i + 1] != want {
                continue 'start;
            }
        }
        if !hit(k - 1) {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{phrase_matches, Positions};

    struct List<'a>(std::slice::Iter<'a, u32>);

    impl Positions for List<'_> {
        fn next_position(&mut self) -> Option<u32> {
            self.0.next().copied()
        }
    }

    /// The indexes in the first list where the phrase of consecutive
    /// lists (offsets 0, 1, 2, …) or of `offsets` occurs.
    fn found(lists: &[&[u32]], offsets: Option<&[u32]>) -> Vec<u32> {
        let mut lists: Vec<List> = lists.iter().map(|l| List(l.iter())).collect();
        let consecutive: Vec<u32> = (0..lists.len() as u32).collect();
        let offsets = offsets.unwrap_or(&consecutive);
        let mut current = vec![0; lists.len()];
        let mut hits = Vec::new();
        phrase_matches(&mut lists, offsets, &mut current, |k| {
            hits.push(k);
            true
        });
        hits
    }

    fn check(lists: &[&[u32]]) -> bool {
        !found(lists, None).is_empty()
    }

    #[test]
    fn consecutive_positions() {
        assert!(check(&[&[1, 5], &[6], &[3, 7]]));
        assert!(!check(&[&[1, 5], &[2], &[7]]));
        assert!(check(&[&[4], &[0, 5], &[6, 9]]));
        assert!(!check(&[&[], &[1], &[2]]));
        assert!(!check(&[&[1], &[], &[3]]));
        // A repeated word: "new new".
        assert!(check(&[&[3, 4], &[3, 4]]));
        assert!(!check(&[&[3, 5], &[3, 5]]));
        assert!(check(&[&[0, 10, 20], &[5, 21]]));
    }

    #[test]
    fn every_occurrence_is_counted() {
        assert_eq!(found(&[&[0, 4, 9], &[1, 5, 7, 10]], None), [0, 1, 2]);
        assert_eq!(found(&[&[0, 4, 9], &[1, 7, 10]], None), [0, 2]);
        // A pair at offset 0 standing for two words, then a word at 2.
        assert_eq!(found(&[&[3, 8, 20], &[5, 22]], Some(&[0, 2])), [0, 2]);
        assert_eq!(found(&[&[3, 8], &[6]], Some(&[0, 2])), Vec::<u32>::new());
    }
}
