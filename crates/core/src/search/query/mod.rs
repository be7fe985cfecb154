//! The query language. Parsing never fails: any text gives a query.
//!
//! See the module documentation (`search/mod.rs`) for the grammar.
//!
//! Parsing is linear in the text: quotes are found in one forward pass and
//! duplicates are dropped through a hash set. Only the first
//! [`MAX_QUERY_CHARS`](crate::limits::MAX_QUERY_CHARS) characters are read and at most [`MAX_QUERY_TERMS`](crate::limits::MAX_QUERY_TERMS)
//! words are kept (a phrase counts its words); [`SearchQuery::truncated`]
//! says when either limit cut the query.

mod parse;

/// One thing a query asks for (or, negated, excludes).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Item {
    /// A normalised word. `prefix`: also matches longer words starting with
    /// it. `typos`: how many edits a matching word may differ by (0–2).
    /// `forms`: also matches the word's other forms (the words sharing its
    /// stem); false where the word must match as written (quoted,
    /// excluded).
    Word {
        term: String,
        prefix: bool,
        typos: u8,
        forms: bool,
    },
    /// Two or more normalised words, consecutive in one paragraph or the title.
    Phrase(Vec<String>),
}

impl Item {
    /// How many words the item counts for [`MAX_QUERY_TERMS`](crate::limits::MAX_QUERY_TERMS).
    fn words(&self) -> usize {
        match self {
            Item::Word { .. } => 1,
            Item::Phrase(words) => words.len(),
        }
    }
}

/// Which limit cut a query (see [`SearchQuery::truncated`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Truncated {
    /// The text had more than [`MAX_QUERY_CHARS`](crate::limits::MAX_QUERY_CHARS) characters: only the
    /// first ones were read ("Only the first 2,000 characters are
    /// searched").
    Chars,
    /// The text (or its first [`MAX_QUERY_CHARS`](crate::limits::MAX_QUERY_CHARS) characters) had more than
    /// [`MAX_QUERY_TERMS`](crate::limits::MAX_QUERY_TERMS) distinct words, counting each word of a phrase
    /// and of an exclusion: only the first ones are searched ("Only the
    /// first 64 words are searched").
    Terms,
}

/// A parsed query. Build it with [`SearchQuery::parse`]; see the module
/// documentation for the syntax.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchQuery {
    pub(crate) required: Vec<Item>,
    pub(crate) excluded: Vec<Item>,
    typos: bool,
    truncated: Option<Truncated>,
}

impl Default for SearchQuery {
    fn default() -> Self {
        SearchQuery {
            required: Vec::new(),
            excluded: Vec::new(),
            typos: true,
            truncated: None,
        }
    }
}

/// How many edits a query word of `chars` characters tolerates.
pub(crate) fn typo_budget(chars: usize) -> u8 {
    match chars {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}
impl SearchQuery {
    /// Whether a limit cut the query, and which: [`Truncated::Terms`] when
    /// words were left out (the page says "Only the first 64 words are
    /// searched"), else [`Truncated::Chars`] when the text was longer than
    /// [`MAX_QUERY_CHARS`](crate::limits::MAX_QUERY_CHARS) characters. The query holds what was kept.
    pub fn truncated(&self) -> Option<Truncated> {
        self.truncated
    }

    /// How many words the query holds, counting each word of its phrases
    /// and exclusions (at most [`MAX_QUERY_TERMS`](crate::limits::MAX_QUERY_TERMS)).
    pub fn term_count(&self) -> usize {
        self.required
            .iter()
            .chain(&self.excluded)
            .map(Item::words)
            .sum()
    }

    /// True when the query asks for nothing (matches every article). Cheap.
    pub fn is_empty(&self) -> bool {
        self.required.is_empty() && self.excluded.is_empty()
    }

    /// True when the query has exclusions only (`-foo`): it matches every
    /// article without the excluded words, and has nothing to highlight.
    pub fn has_only_exclusions(&self) -> bool {
        self.required.is_empty() && !self.excluded.is_empty()
    }

    /// Turns typo tolerance on (the default) or off.
    pub fn with_typos(mut self, on: bool) -> Self {
        self.typos = on;
        self
    }

    /// Whether typo tolerance is on.
    pub fn typos(&self) -> bool {
        self.typos
    }

    /// How many edits a matching word may differ from `item` by, taking
    /// [`SearchQuery::with_typos`] into account.
    pub(crate) fn typos_for(&self, typos: u8) -> u8 {
        if self.typos {
            typos
        } else {
            0
        }
    }
}

#[cfg(test)]
mod tests;
