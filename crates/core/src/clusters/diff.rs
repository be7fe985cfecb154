//! What one copy of a story changed: its words against another's, as
//! pieces kept, added and removed (a word diff), for the article page.

use similar::algorithms::{myers, DiffHook, Replace};

/// Words per text past which two texts are not compared (a broken or
/// hostile file's megabyte paragraph would make the diff's work explode;
/// news copy is a few hundred to a few thousand words).
pub const MAX_WORDS: usize = 20_000;

/// What a piece of the compared text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WordChange {
    /// In both texts.
    Same,
    /// Only in the copy.
    Added,
    /// Only in the text it is compared with.
    Removed,
}

/// A run of words (with the spaces between them) of one kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffPiece {
    pub change: WordChange,
    pub text: String,
}

/// The difference from `from` to `to` (each a text's paragraphs), word by
/// word, neighbouring pieces of one kind joined; paragraphs end in `\n`.
/// `None` when either text has more than [`MAX_WORDS`] words.
pub fn word_diff<'a>(
    from: impl IntoIterator<Item = &'a str>,
    to: impl IntoIterator<Item = &'a str>,
) -> Option<Vec<DiffPiece>> {
    let text = |paragraphs: &mut dyn Iterator<Item = &'a str>| {
        let mut out = String::new();
        for p in paragraphs {
            out.push_str(p.trim());
            out.push('\n');
        }
        out
    };
    let (from, to) = (text(&mut from.into_iter()), text(&mut to.into_iter()));
    let words = |t: &str| t.split_whitespace().count();
    if words(&from) > MAX_WORDS || words(&to) > MAX_WORDS {
        return None;
    }
    let (old, new) = (tokens(&from), tokens(&to));
    // Myers alone (not `TextDiff`, which brings every algorithm and its
    // tokenisers into the wasm: 30 KB gzipped against a few).
    // `Replace` pairs a removal with the insertion beside it, so a
    // changed word reads removed, then added.
    let mut edits = Replace::new(Edits {
        old: &old,
        new: &new,
        pieces: Vec::new(),
    });
    myers::diff(&mut edits, &old[..], 0..old.len(), &new[..], 0..new.len()).ok()?;
    let pieces = edits.into_inner().pieces;
    Some(pieces)
}

/// Words and the runs of spaces between them, in order.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut space = None;
    for (i, c) in text.char_indices() {
        let is_space = c.is_whitespace();
        if space.is_some_and(|s| s != is_space) {
            out.push(&text[start..i]);
            start = i;
        }
        space = Some(is_space);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// The diff's edits as pieces, in order.
struct Edits<'a> {
    old: &'a [&'a str],
    new: &'a [&'a str],
    pieces: Vec<DiffPiece>,
}

impl Edits<'_> {
    fn push(&mut self, kind: WordChange, tokens: &[&str]) {
        for value in tokens {
            // Spaces between two changed words belong with them.
            let kind = if value.trim().is_empty() && !value.contains('\n') {
                self.pieces.last().map_or(kind, |p| p.change)
            } else {
                kind
            };
            match self.pieces.last_mut() {
                Some(last) if last.change == kind => last.text.push_str(value),
                _ => self.pieces.push(DiffPiece {
                    change: kind,
                    text: (*value).to_owned(),
                }),
            }
        }
    }
}

impl DiffHook for Edits<'_> {
    type Error = std::convert::Infallible;
    fn equal(&mut self, old: usize, _new: usize, len: usize) -> Result<(), Self::Error> {
        self.push(WordChange::Same, &self.old[old..old + len]);
        Ok(())
    }
    fn delete(&mut self, old: usize, len: usize, _new: usize) -> Result<(), Self::Error> {
        self.push(WordChange::Removed, &self.old[old..old + len]);
        Ok(())
    }
    fn insert(&mut self, _old: usize, new: usize, len: usize) -> Result<(), Self::Error> {
        self.push(WordChange::Added, &self.new[new..new + len]);
        Ok(())
    }
    fn replace(
        &mut self,
        old: usize,
        old_len: usize,
        new: usize,
        new_len: usize,
    ) -> Result<(), Self::Error> {
        self.delete(old, old_len, new)?;
        self.insert(old, new, new_len)
    }
}

/// Words added and removed in `pieces`.
pub fn words_changed(pieces: &[DiffPiece]) -> (usize, usize) {
    let count = |kind| {
        pieces
            .iter()
            .filter(|p| p.change == kind)
            .map(|p| p.text.split_whitespace().count())
            .sum()
    };
    (count(WordChange::Added), count(WordChange::Removed))
}
