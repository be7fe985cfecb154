//! What the list can be narrowed by besides dates: each article's source
//! and language, as facets (a value per article, the distinct values most
//! articles first, and their totals), tallied as articles come.

use std::collections::HashMap;
use std::rc::Rc;

/// One facet of the library's articles.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facet {
    /// The distinct values, most articles first (ties by name).
    pub names: Rc<Vec<String>>,
    /// Each article's value, as an index into `names` (empty when the
    /// facet is unknown for these articles: it then narrows nothing).
    pub of: Vec<u16>,
    /// Articles per value (as `names`): the counts while nothing narrows.
    pub totals: Vec<u32>,
}

impl Facet {
    /// A facet of `names` and each article's value number, totals counted.
    pub fn new(names: Vec<String>, of: Vec<u16>) -> Self {
        let mut totals = vec![0u32; names.len()];
        for &v in &of {
            if let Some(c) = totals.get_mut(v as usize) {
                *c += 1;
            }
        }
        Facet {
            names: Rc::new(names),
            of,
            totals,
        }
    }

    /// A facet of `names` with their `totals`, before each article's value
    /// is known (a sharded archive's, until its file is here): it lists
    /// and counts, and narrows nothing.
    pub fn pending(names: Vec<String>, totals: Vec<u32>) -> Self {
        Facet {
            names: Rc::new(names),
            of: Vec::new(),
            totals,
        }
    }

    /// Whether the facet says anything of these articles.
    pub fn applies(&self) -> bool {
        !self.of.is_empty()
    }

    /// Per value, whether `chosen` lets it through (all of them when
    /// nothing is chosen; a chosen name the facet lacks lets nothing
    /// more through).
    pub fn wanted(&self, chosen: &[String]) -> Vec<bool> {
        let mut wanted = vec![chosen.is_empty(); self.names.len()];
        for name in chosen {
            if let Some(i) = self.names.iter().position(|n| n == name) {
                wanted[i] = true;
            }
        }
        wanted
    }

    /// The value number of the article at `position`, if it names one
    /// (a hostile archive's file may hold numbers past the names).
    pub fn value_at(&self, position: u32) -> Option<usize> {
        self.of
            .get(position as usize)
            .map(|&v| v as usize)
            .filter(|&v| v < self.names.len())
    }

    /// Heap bytes, for the memory report.
    pub fn heap_bytes(&self) -> usize {
        self.of.capacity() * size_of::<u16>()
            + self.totals.capacity() * 4
            + self.names.iter().map(String::capacity).sum::<usize>()
    }
}

/// A facet's values counted as articles come, in the library's order.
#[derive(Default)]
pub struct FacetTally {
    /// Value → its number in order of first appearance.
    numbers: HashMap<String, u32>,
    names: Vec<String>,
    counts: Vec<u32>,
    of: Vec<u32>,
}

impl FacetTally {
    pub fn push(&mut self, value: &str) {
        let number = match self.numbers.get(value) {
            Some(&number) => number,
            None => {
                let number = self.names.len() as u32;
                self.numbers.insert(value.to_owned(), number);
                self.names.push(value.to_owned());
                self.counts.push(0);
                number
            }
        };
        self.counts[number as usize] += 1;
        self.of.push(number);
    }

    /// The facet so far: values most articles first. Past 65,535 values
    /// the rest share the last number (a u16 per article).
    pub fn facet(&self) -> Facet {
        let mut order: Vec<usize> = (0..self.names.len()).collect();
        broadsheet_core::sort::sort_by(&mut order, |&a, &b| {
            (self.counts[b].cmp(&self.counts[a])).then(self.names[a].cmp(&self.names[b]))
        });
        let mut id_of = vec![0u16; order.len()];
        for (id, &number) in order.iter().enumerate() {
            id_of[number] = id.min(u16::MAX as usize) as u16;
        }
        let of: Vec<u16> = self.of.iter().map(|&n| id_of[n as usize]).collect();
        let names: Vec<String> = order.iter().map(|&n| self.names[n].clone()).collect();
        Facet::new(names, of)
    }
}

/// The language an article is listed under (see core's
/// `primary_subtag`).
pub fn language_value(lang: Option<&str>) -> String {
    broadsheet_core::search::language::primary_subtag(lang)
}
