//! The end of a build, a bounded piece at a time ([`IndexFinisher`]), so
//! a page can finish an index between frames: the terms are sorted (see
//! `term_order.rs`), the dictionary filled, the prefixes that get bitsets
//! chosen, the builder's record streams scattered to their terms a stream
//! at a time (the stream's index pages allocated first, each record page
//! freed once read, so the next stream's index pages can reuse it; the
//! prefix bitsets filled on the way),
//! and the terms ordered by suffix (see `suffix_order.rs`).

use super::builder::{Built, TermStat, STREAMS, STREAM_BITS};
use super::dictionary::Dictionary;
use super::interning::TermInterner;
use super::pages::{Pages, PAGE};
use super::stems::{StemTable, StemTableBuilder};
use super::suffix_order::SuffixSort;
use super::term_order::TermSort;
use super::SearchIndex;
use crate::search::field_norms::{FieldNorms, LengthTotals};
use crate::search::postings::{get_varint, skip_varints, Bitset};
use std::ops::Range;

/// Work units one step does (a term merged, a byte of records scattered,
/// an article's norms: each a few nanoseconds natively).
const STEP_UNITS: usize = 1 << 16;
/// Units per term pushed into the dictionary (text, signature, stats).
const DICT_COST: usize = 16;
/// Units per term marked with its dense prefix (a random write).
const MARK_COST: usize = 8;
/// Below this many articles no prefix gets a bitset: unions are cheap.
const DENSE_MIN_DOCS: u32 = 256;
/// No dense prefix (in `dense_slots`).
const NONE: u32 = u32::MAX;
/// Units per term stemmed (a Snowball stemmer takes a few hundred
/// nanoseconds), per language it occurs in.
const STEM_COST: usize = 64;
/// Bytes of an index page allocated (zeroed) per work unit.
const ZEROED_PER_UNIT: usize = 64;

/// Finishes an [`IndexBuilder`](super::IndexBuilder)'s index in bounded
/// steps:
///
/// ```
/// # use broadsheet_core::search::{IndexBuilder, SearchIndex};
/// # let articles: Vec<broadsheet_core::Article> = Vec::new();
/// # let builder = IndexBuilder::new(&articles);
/// let mut finisher = builder.into_finisher();
/// let index: SearchIndex = loop {
///     if let Some(index) = finisher.step() {
///         break index;
///     }
///     // ... yield to the browser now and then, show finisher.progress() ...
/// };
/// ```
pub struct IndexFinisher {
    built: Built,
    interner: Option<TermInterner>,
    stage: Stage,
    /// The term ids in byte order.
    order: Vec<u32>,
    dict: Dictionary,
    /// Prefix groups being summed while the dictionary fills, one and two
    /// characters long.
    groups: [PrefixGroup; 2],
    /// Prefixes whose words have many postings, with the terms (new ids)
    /// that start with them and the articles that hold one.
    dense: Vec<DensePrefix>,
    /// Per old term id, its dense prefixes' indexes in `dense` (or `NONE`).
    dense_slots: Vec<[u32; 2]>,
    /// Where the postings and positions of the terms pushed so far end.
    post_total: u32,
    pos_total: u32,
    /// The index's postings and positions, their pages planned as the
    /// dictionary fills and allocated a stream at a time ...
    postings: Pages,
    positions: Pages,
    /// ... and each page's record stream.
    post_page_stream: Vec<u8>,
    pos_page_stream: Vec<u8>,
    /// The record streams, smallest first (the first stream's pages
    /// cannot reuse freed records).
    stream_order: Vec<u8>,
    /// The term ids of each stream in the order of their numbers there:
    /// stream `s`'s are `stream_terms[stream_at[s]..stream_at[s + 1]]`.
    stream_terms: Vec<u32>,
    stream_at: Vec<u32>,
    /// Per new term id, the languages of its articles (see `stems.rs`).
    term_langs: Vec<u32>,
    stems: StemTable,
    units_done: usize,
    units_total: usize,
    /// Units the last step did (for the bound's test).
    last_step_units: usize,
    /// Whether the index was handed out.
    finished: bool,
}

enum Stage {
    Sort(TermSort),
    /// Terms pushed into the dictionary so far.
    Dictionary(usize),
    /// Marking the terms of `dense[entry]`, from `term` (a new id).
    Mark {
        entry: usize,
        term: u32,
    },
    /// Scattering the records of `stream_order[nth]`, from its page
    /// `page`, byte `at`; `next_doc` is the article after the current one
    /// (0 before the first).
    Scatter {
        nth: usize,
        page: usize,
        at: usize,
        next_doc: u32,
    },
    Suffixes(SuffixSort),
    /// Stemming the terms from `next` (a new id).
    Stems {
        next: u32,
        table: Box<StemTableBuilder>,
    },
    Done,
}

/// Consecutive terms (in byte order) sharing their first characters.
#[derive(Default)]
struct PrefixGroup {
    prefix: String,
    first_term: u32,
    postings: u64,
}

struct DensePrefix {
    prefix: String,
    /// 0 for a one-character prefix, 1 for a two-character one.
    slot: usize,
    terms: Range<u32>,
    articles: Bitset,
}

impl IndexFinisher {
    pub(super) fn new(built: Built, interner: TermInterner) -> Self {
        let sort = TermSort::new(&interner);
        let terms = built.terms.len();
        let stream_bytes = |pages: &Vec<Vec<u8>>| pages.iter().map(Vec::len).sum::<usize>();
        let record_bytes: usize = built.streams.iter().map(stream_bytes).sum();
        let mut stream_order: Vec<u8> = (0..STREAMS as u8).collect();
        stream_order.sort_by_key(|&s| stream_bytes(&built.streams[s as usize]));
        // About one page of each kind per stream, and the rest.
        let pages = 2 * (STREAMS + record_bytes / PAGE);
        // (The index's pages are a little smaller than the records.)
        let units_total = sort.total_units()
            + terms * (DICT_COST + 2 * MARK_COST)
            + pages
            + (record_bytes / ZEROED_PER_UNIT)
            + record_bytes
            + SuffixSort::total_units(terms)
            + if built.langs.is_empty() {
                0
            } else {
                terms * STEM_COST
            }
            + terms;
        // Each stream's terms by number (counting sort by stream).
        let mut stream_at = vec![0u32; STREAMS + 1];
        for &key in &built.stream_key {
            stream_at[stream_of_key(key) + 1] += 1;
        }
        for s in 0..STREAMS {
            stream_at[s + 1] += stream_at[s];
        }
        let mut fill = stream_at.clone();
        let mut stream_terms = vec![0u32; terms];
        for (t, &key) in built.stream_key.iter().enumerate() {
            let at = &mut fill[stream_of_key(key)];
            stream_terms[*at as usize] = t as u32;
            *at += 1;
        }
        IndexFinisher {
            stream_terms,
            stream_at,
            dict: Dictionary::with_capacity(terms, interner.text_bytes()),
            built,
            interner: Some(interner),
            stage: Stage::Sort(sort),
            order: Vec::new(),
            groups: Default::default(),
            dense: Vec::new(),
            dense_slots: Vec::new(),
            post_total: 0,
            pos_total: 0,
            postings: Pages::default(),
            positions: Pages::default(),
            post_page_stream: Vec::new(),
            pos_page_stream: Vec::new(),
            stream_order,
            term_langs: Vec::new(),
            stems: StemTable::default(),
            units_done: 0,
            units_total: units_total.max(1),
            last_step_units: 0,
            finished: false,
        }
    }

    /// Does one bounded piece of the remaining work (well under 1 ms
    /// natively on 50k real articles); `Some(index)` once done. Call until
    /// it returns `Some`.
    pub fn step(&mut self) -> Option<SearchIndex> {
        self.step_within(STEP_UNITS)
    }

    /// How far it has got, 0.0..=1.0 (for a progress line).
    pub fn progress(&self) -> f64 {
        if self.finished {
            return 1.0;
        }
        (self.units_done as f64 / self.units_total as f64).min(0.99)
    }

    fn step_within(&mut self, budget: usize) -> Option<SearchIndex> {
        let mut done = 0;
        let mut finished = None;
        while done < budget && finished.is_none() {
            let left = budget - done;
            done += match &mut self.stage {
                Stage::Sort(sort) => {
                    let interner = self.interner.as_ref().expect("terms kept until sorted");
                    match sort.step(interner, left) {
                        Some(units) => units,
                        None => {
                            let Stage::Sort(sort) = std::mem::replace(&mut self.stage, Stage::Done)
                            else {
                                unreachable!()
                            };
                            self.order = sort.into_order();
                            self.stage = Stage::Dictionary(0);
                            0
                        }
                    }
                }
                Stage::Dictionary(next) => {
                    let from = *next;
                    let to = (from + left.div_ceil(DICT_COST)).min(self.order.len());
                    *next = to;
                    self.fill_dictionary(from..to);
                    (to - from) * DICT_COST
                }
                &mut Stage::Mark { entry, term } => self.mark(entry, term, left),
                &mut Stage::Scatter {
                    nth,
                    page,
                    at,
                    next_doc,
                } => self.scatter(nth, page, at, next_doc, left),
                Stage::Suffixes(sort) => {
                    let dict = &self.dict;
                    match sort.step(|t| dict.term(t), left) {
                        Some(units) => units,
                        None => {
                            let Stage::Suffixes(sort) =
                                std::mem::replace(&mut self.stage, Stage::Done)
                            else {
                                unreachable!()
                            };
                            self.dict.by_suffix = sort.into_order();
                            if !self.built.langs.is_empty() {
                                let langs = std::mem::take(&mut self.built.langs);
                                self.stage = Stage::Stems {
                                    next: 0,
                                    table: Box::new(StemTableBuilder::new(langs)),
                                };
                            }
                            0
                        }
                    }
                }
                Stage::Stems { next, table } => {
                    let from = *next as usize;
                    let to = (from + left.div_ceil(STEM_COST)).min(self.term_langs.len());
                    for t in from..to {
                        table.add(t as u32, self.dict.term(t as u32), self.term_langs[t]);
                    }
                    *next = to as u32;
                    if to == self.term_langs.len() {
                        let Stage::Stems { table, .. } =
                            std::mem::replace(&mut self.stage, Stage::Done)
                        else {
                            unreachable!()
                        };
                        self.stems = table.finish();
                        self.term_langs = Vec::new();
                    }
                    (to - from) * STEM_COST + 1
                }
                Stage::Done => {
                    finished = Some(self.index());
                    self.built.terms.len()
                }
            };
        }
        self.units_done += done;
        self.last_step_units = done;
        self.finished |= finished.is_some();
        finished
    }

    /// Pushes the terms `order[range]` into the dictionary, noting where
    /// their postings and positions go and summing their prefix groups.
    fn fill_dictionary(&mut self, range: Range<usize>) {
        let interner = self.interner.as_ref().expect("terms kept until pushed");
        let terms = &mut self.built.terms;
        let docs = self.built.title_len.len() as u32;
        for new in range.clone() {
            let old = self.order[new] as usize;
            let term = interner.term(old as u32);
            let stat = &mut terms[old];
            let stream = stream_of_key(self.built.stream_key[old]) as u8;
            let (post_start, pos_start) = (self.post_total, self.pos_total);
            let post_page = plan_page(
                &mut self.postings,
                &mut self.post_page_stream,
                stream,
                post_start,
                stat.post_bytes,
            );
            let pos_page = plan_page(
                &mut self.positions,
                &mut self.pos_page_stream,
                stream,
                pos_start,
                stat.pos_bytes,
            );
            self.post_total += stat.post_bytes;
            self.pos_total += stat.pos_bytes;
            self.dict
                .push(term, stat.df, self.post_total, self.pos_total, None);
            self.term_langs.push(self.built.term_langs[old]);
            if docs >= DENSE_MIN_DOCS {
                for (chars, group) in self.groups.iter_mut().enumerate() {
                    group.add(term, chars + 1, new as u32, stat.df, docs, &mut self.dense);
                }
            }
            // From here on the stat is the term's scatter cursor: its
            // pages, and where in them its next bytes go.
            *stat = TermStat {
                df: post_page | pos_page << 16,
                prev_doc: 0,
                post_bytes: post_start - self.postings.start(post_page as usize),
                pos_bytes: pos_start - self.positions.start(pos_page as usize),
            };
        }
        if range.end == self.order.len() {
            let end = range.end as u32;
            for (chars, group) in self.groups.iter_mut().enumerate() {
                group.close(chars + 1, end, docs, &mut self.dense);
            }
            self.interner = None;
            self.built.term_langs = Vec::new();
            if !self.dense.is_empty() {
                self.dense_slots = vec![[NONE; 2]; terms.len()];
            }
            self.stage = Stage::Mark { entry: 0, term: 0 };
        }
    }

    /// Notes, for up to about `budget` terms of the dense prefixes, which
    /// of them each term feeds.
    fn mark(&mut self, mut entry: usize, mut term: u32, budget: usize) -> usize {
        let mut done = 0;
        while done < budget {
            let Some(dense) = self.dense.get(entry) else {
                self.order = Vec::new();
                self.stage = Stage::Scatter {
                    nth: 0,
                    page: 0,
                    at: 0,
                    next_doc: 0,
                };
                return done;
            };
            let from = dense.terms.start.max(term);
            let to = dense
                .terms
                .end
                .min(from + (budget - done).div_ceil(MARK_COST) as u32);
            for new in from..to {
                // The records name terms by their old ids.
                self.dense_slots[self.order[new as usize] as usize][dense.slot] = entry as u32;
            }
            done += (to - from) as usize * MARK_COST + 1;
            if to == dense.terms.end {
                entry += 1;
                term = 0;
            } else {
                term = to;
            }
        }
        self.stage = Stage::Mark { entry, term };
        done
    }

    /// Copies up to about `budget` bytes of records to their terms'
    /// places, a stream at a time: first the stream's index pages are
    /// allocated, then its records read, each page freed once read. Notes
    /// each posting's article in its dense prefixes.
    fn scatter(
        &mut self,
        mut nth: usize,
        mut page: usize,
        mut at: usize,
        mut next_doc: u32,
        budget: usize,
    ) -> usize {
        let mut done = 0;
        while done < budget {
            let Some(&stream) = self.stream_order.get(nth) else {
                self.built.streams = Vec::new();
                self.built.stream_key = Vec::new();
                self.stream_terms = Vec::new();
                self.dense_slots = Vec::new();
                self.stage = Stage::Suffixes(SuffixSort::new(self.dict.len()));
                return done;
            };
            if page == 0 && at == 0 {
                // The stream's index pages come first, one per round.
                let zeroed = allocate_page(
                    &mut self.postings,
                    &self.post_page_stream,
                    stream,
                    self.post_total,
                )
                .or_else(|| {
                    allocate_page(
                        &mut self.positions,
                        &self.pos_page_stream,
                        stream,
                        self.pos_total,
                    )
                });
                if let Some(bytes) = zeroed {
                    done += 1 + bytes / ZEROED_PER_UNIT;
                    continue;
                }
            }
            let pages = &mut self.built.streams[stream as usize];
            let Some(records) = pages.get(page) else {
                *pages = Vec::new();
                (nth, page, at, next_doc) = (nth + 1, 0, 0, 0);
                continue;
            };
            if at == records.len() {
                pages[page] = Vec::new();
                (page, at) = (page + 1, 0);
                continue;
            }
            let start = at;
            let number = get_varint(records, &mut at);
            if number == 0 {
                // An article's first record in the stream follows.
                next_doc += get_varint(records, &mut at) + 1;
                done += at - start;
                continue;
            }
            let doc = next_doc - 1;
            let first = self.stream_at[stream as usize] as usize;
            let t = self.stream_terms[first + number as usize - 1] as usize;
            let post_start = at;
            let packed = get_varint(records, &mut at);
            let mut tf = (packed >> 2) + (packed & 3);
            if packed & 3 == 3 {
                tf += get_varint(records, &mut at);
            }
            let pos_start = at;
            at = skip_varints(records, at, tf);
            let cursor = &mut self.built.terms[t];
            let gap = doc - cursor.prev_doc;
            cursor.prev_doc = doc + 1;
            if let Some(slots) = self.dense_slots.get(t) {
                for &slot in slots.iter().filter(|&&s| s != NONE) {
                    self.dense[slot as usize].articles.insert(doc);
                }
            }
            let (post_page, pos_page) = (cursor.df & 0xFFFF, cursor.df >> 16);
            let postings = self.postings.page_mut(post_page as usize);
            put_varint_at(postings, &mut cursor.post_bytes, gap);
            copy_small(
                postings,
                &mut cursor.post_bytes,
                &records[post_start..pos_start],
            );
            copy_small(
                self.positions.page_mut(pos_page as usize),
                &mut cursor.pos_bytes,
                &records[pos_start..at],
            );
            done += at - start;
        }
        self.stage = Stage::Scatter {
            nth,
            page,
            at,
            next_doc,
        };
        done
    }

    /// The finished index (after that, an empty one).
    fn index(&mut self) -> SearchIndex {
        let mut dict = std::mem::take(&mut self.dict);
        dict.bucket_by_length();
        let mut dense: Vec<(String, Bitset)> = std::mem::take(&mut self.dense)
            .into_iter()
            .map(|d| (d.prefix, d.articles))
            .collect();
        crate::sort::sort_by(&mut dense, |a, b| a.0.cmp(&b.0));
        let docs = self.built.title_len.len() as u32;
        let totals = LengthTotals {
            articles: docs,
            title_words: self.built.title_words,
            body_words: self.built.body_words,
        };
        let norms = FieldNorms::new(
            std::mem::take(&mut self.built.title_len),
            std::mem::take(&mut self.built.body_len),
            totals,
        );
        SearchIndex {
            docs,
            dict,
            postings: std::mem::take(&mut self.postings),
            positions: std::mem::take(&mut self.positions),
            norms,
            dense_prefixes: dense,
            stems: std::mem::take(&mut self.stems),
            unspaced: self.built.unspaced,
            word_pairs: self.built.word_pairs,
        }
    }

    /// Units the last call of `step` did.
    #[cfg(test)]
    pub(super) fn last_step_units(&self) -> usize {
        self.last_step_units
    }

    /// The step budget, for tests.
    #[cfg(test)]
    pub(super) const STEP_UNITS: usize = STEP_UNITS;
}

/// Plans where a term of `stream` with `bytes` bytes at `start` of the
/// stream goes: the current page, or a new one when the term would not
/// fit (or starts another record stream). Returns the page's number.
fn plan_page(
    pages: &mut Pages,
    page_stream: &mut Vec<u8>,
    stream: u8,
    start: u32,
    bytes: u32,
) -> u32 {
    let k = pages.planned();
    let fits = k > 0
        && page_stream[k - 1] == stream
        && (start - pages.start(k - 1)) as usize + bytes as usize <= PAGE;
    if fits {
        return k as u32 - 1;
    }
    // Page numbers fit in 16 bits: streams are under 4 GiB and each page
    // but a stream's last is more than half full with its next.
    debug_assert!(k < 1 << 16);
    pages.plan(start);
    page_stream.push(stream);
    k as u32
}

/// Allocates the next of `stream`'s index pages, if one is left; returns
/// its size.
fn allocate_page(pages: &mut Pages, page_stream: &[u8], stream: u8, end: u32) -> Option<usize> {
    // Streams' pages are allocated in `stream_order`, not in page order.
    let k = (0..page_stream.len()).find(|&k| page_stream[k] == stream && !pages.is_allocated(k))?;
    Some(pages.allocate(k, end))
}

/// A term's record stream, from its `stream_key`.
fn stream_of_key(key: u32) -> usize {
    (key & ((1 << STREAM_BITS) - 1)) as usize
}

/// Writes `v` as a varint at `*at` in `dst`, advancing `*at`.
#[inline(always)]
fn put_varint_at(dst: &mut [u8], at: &mut u32, mut v: u32) {
    while v >= 0x80 {
        dst[*at as usize] = (v as u8) | 0x80;
        *at += 1;
        v >>= 7;
    }
    dst[*at as usize] = v as u8;
    *at += 1;
}

/// Appends a few bytes (a posting or its positions) at `*at` in `dst`,
/// advancing `*at`, without a `memcpy` call.
#[inline(always)]
fn copy_small(dst: &mut [u8], at: &mut u32, src: &[u8]) {
    let start = *at as usize;
    for (d, s) in dst[start..start + src.len()].iter_mut().zip(src) {
        *d = *s;
    }
    *at += src.len() as u32;
}

impl PrefixGroup {
    /// Adds term `new` (the next in byte order) with `df` articles to the
    /// group of its first `chars` characters, closing the group before if
    /// the term starts another one.
    fn add(
        &mut self,
        term: &str,
        chars: usize,
        new: u32,
        df: u32,
        docs: u32,
        dense: &mut Vec<DensePrefix>,
    ) {
        let Some(end) = term
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(term.len()))
            .nth(chars)
        else {
            return; // Shorter than the prefix: in no group.
        };
        let prefix = &term[..end];
        if prefix != self.prefix {
            self.close(chars, new, docs, dense);
            self.prefix.clear();
            self.prefix.push_str(prefix);
            self.first_term = new;
        }
        self.postings += u64::from(df);
    }

    /// Ends the group before term `end`: a prefix whose words have more
    /// postings than `chars` times the articles gets a bitset.
    fn close(&mut self, chars: usize, end: u32, docs: u32, dense: &mut Vec<DensePrefix>) {
        if self.postings > u64::from(docs) * chars as u64 {
            dense.push(DensePrefix {
                prefix: self.prefix.clone(),
                slot: chars - 1,
                terms: self.first_term..end,
                articles: Bitset::empty(docs),
            });
        }
        self.postings = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::super::term_order::RUN_COST;
    use super::*;
    use crate::article::Article;
    use crate::search::IndexBuilder;

    /// `n` articles of words drawn from a vocabulary that grows with the
    /// articles, in several scripts, so there are many terms, dense
    /// prefixes and records.
    fn articles(n: usize) -> Vec<Article> {
        const FIXED: &[&str] = &[
            "the",
            "said",
            "théâtre",
            "Müller",
            "تهران",
            "علي",
            "می\u{200C}خواهم",
            "日本",
            "Iran's",
            "3.5",
            "e-mail",
            "۱۴۰۲",
            "prime",
            "minister",
            "presidential",
            "press",
            "price",
            "probe",
            "proud",
        ];
        let mut seed = 7u64;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        (0..n)
            .map(|i| {
                let word = |next: &mut dyn FnMut() -> usize| {
                    let r = next();
                    if r.is_multiple_of(3) {
                        FIXED[r % FIXED.len()].to_owned()
                    } else {
                        // New words keep coming as the set grows.
                        let letter = char::from(b'a' + (r % 26) as u8);
                        format!("{letter}{}", r % (40 * (i + 1)))
                    }
                };
                let title: Vec<String> = (0..6).map(|_| word(&mut next)).collect();
                let body: Vec<String> = (0..3)
                    .map(|_| {
                        (0..40)
                            .map(|_| word(&mut next))
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect();
                Article::builder(format!("a{i}"))
                    .title(title.join(" "))
                    .body(body)
                    .build()
            })
            .collect()
    }

    fn builder(articles: &[Article]) -> IndexBuilder {
        let mut builder = IndexBuilder::new(articles);
        for article in articles {
            builder.push(article);
        }
        builder
    }

    #[test]
    fn any_step_size_gives_the_same_index_with_progress_rising_to_one() {
        let set = articles(1_500);
        let whole = builder(&set).finish();
        assert!(whole.term_count() > 10_000, "{} terms", whole.term_count());
        for budget in [1, 97, 5_000] {
            let mut finisher = builder(&set).into_finisher();
            let mut progress = finisher.progress();
            let mut steps = 0;
            let index = loop {
                steps += 1;
                if let Some(index) = finisher.step_within(budget) {
                    break index;
                }
                let now = finisher.progress();
                assert!(now >= progress && now < 1.0, "{progress} then {now}");
                progress = finisher.progress();
            };
            assert_eq!(finisher.progress(), 1.0);
            assert!(index == whole, "budget {budget}: a different index");
            assert!(steps > 20, "budget {budget}: {steps} steps");
        }
    }

    #[test]
    fn no_step_does_more_than_its_budget_and_one_item() {
        let set = articles(1_500);
        let mut finisher = builder(&set).into_finisher();
        let mut steps = 0;
        let mut most = 0;
        while finisher.step().is_none() {
            steps += 1;
            most = most.max(finisher.last_step_units());
        }
        // The largest single item: one sorted run of terms.
        let bound = IndexFinisher::STEP_UNITS + 512 * RUN_COST;
        assert!(most <= bound, "a step did {most} units");
        assert!(steps >= 10, "only {steps} steps");
    }

    #[test]
    fn dense_prefixes_are_the_heavy_prefixes_with_every_article_of_their_words() {
        let index = builder(&articles(1_500)).finish();
        let dict = &index.dict;
        let mut want = Vec::new();
        for chars in 1..=2usize {
            let mut prefixes: Vec<String> = (0..dict.len() as u32)
                .filter_map(|t| {
                    let term = dict.term(t);
                    (term.chars().count() >= chars).then(|| term.chars().take(chars).collect())
                })
                .collect();
            prefixes.dedup();
            for prefix in prefixes {
                let range = dict.prefix_range(&prefix);
                let total: u64 = range.clone().map(|t| u64::from(dict.df[t as usize])).sum();
                if total > u64::from(index.docs) * chars as u64 {
                    let mut set = Bitset::empty(index.docs);
                    for t in range {
                        for p in index.postings(t) {
                            set.insert(p.doc);
                        }
                    }
                    want.push((prefix, set));
                }
            }
        }
        want.sort_by(|a, b| a.0.cmp(&b.0));
        assert!(want.len() > 26, "{} dense prefixes", want.len());
        assert!(index.dense_prefixes == want);
    }
}
