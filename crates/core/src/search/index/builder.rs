//! Building the index: one pass over the articles' text (tokenise,
//! normalise, intern), writing each (term, article) posting with its
//! positions to a record stream chosen by the term's first byte, in pages
//! (records name the term by its number in the stream, and the article
//! once for all its records in the stream);
//! then `finisher.rs` sorts the dictionary and scatters the records into
//! their terms' places, a stream at a time, a bounded step at a time.
//! Transient memory: about the size of the index again, reused by the
//! index's own pages as the records are read (see `pages.rs`).

use super::finisher::IndexFinisher;
use super::interning::{lower_ascii8, pack, TermInterner};
use super::pages::PAGE;
use super::stems::MAX_LANGUAGES;
use super::SearchIndex;
use crate::article::{Article, ArticleText};
use crate::search::language::{Language, LanguageGuesser};
use crate::search::normalize::normalize_into;
use crate::search::postings::put_varint;
use crate::search::tokenize::{for_each_word_with, word_segmenter, Unspaced, WordSegmenter};
use crate::search::word_pairs::{is_common_word, write_pair_term};

/// Record streams: terms starting with a byte before `a`, one per letter
/// `a` to `z`, and the rest (other scripts). A stream's terms are a
/// contiguous range in byte order, so its postings and positions fill
/// pages of their own, allocated when its records are scattered.
pub(super) const STREAMS: usize = 28;

/// The record stream of a term (by its first byte; in byte order).
fn stream_of(term: &str) -> u8 {
    match term.as_bytes().first() {
        Some(&b) if b < b'a' => 0,
        Some(&b) if b <= b'z' => 1 + b - b'a',
        Some(_) => 27,
        None => 0,
    }
}

/// The most bytes one record can take: an article mark (two varints), the
/// term and the counts (three), and `tf` positions.
fn record_bound(tf: u32) -> usize {
    5 * 5 + 5 * tf as usize
}

/// Bits of a term's `stream_key` that hold its stream.
pub(super) const STREAM_BITS: u32 = 5;
const _: () = assert!(STREAMS <= 1 << STREAM_BITS);

/// Bytes `v` takes as a varint.
#[inline(always)]
fn varint_len(v: u32) -> u32 {
    1 + (31 - (v | 1).leading_zeros()) / 7
}

/// The bit of `article`'s language in its terms' language masks (see
/// `stems.rs`), adding the language to `langs` if new; 0 when it has no
/// stemmer (or the index already tells `MAX_LANGUAGES` apart).
fn language_bit(
    langs: &mut Vec<Language>,
    guesser: &mut LanguageGuesser,
    article: &impl ArticleText,
) -> u32 {
    let Some(lang) = guesser.language(article) else {
        return 0;
    };
    let i = match langs.iter().position(|&l| l == lang) {
        Some(i) => i,
        None if langs.len() < MAX_LANGUAGES => {
            langs.push(lang);
            langs.len() - 1
        }
        None => return 0,
    };
    1 << i
}

/// Builds a [`SearchIndex`] one article at a time, so a caller can spread
/// the work over several event-loop turns (e.g. 2,000 articles per
/// `requestAnimationFrame`) instead of blocking the page:
///
/// ```
/// # use broadsheet_core::search::{IndexBuilder, SearchIndex};
/// # let articles: Vec<broadsheet_core::Article> = Vec::new();
/// let mut builder = IndexBuilder::new(&articles);
/// for chunk in articles.chunks(2_000) {
///     for article in chunk {
///         builder.push(article);
///     }
///     // ... yield to the browser here ...
/// }
/// let index: SearchIndex = builder.finish();
/// ```
///
/// [`IndexBuilder::into_finisher`] does the finish in bounded steps.
///
/// Articles must be pushed in the order `SearchIndex::new` would take them
/// (newest first); the result is the same as `SearchIndex::new`.
pub struct IndexBuilder {
    inner: Builder,
}

impl IndexBuilder {
    /// A builder for `articles` (used only to size buffers up front; push
    /// each of them next).
    pub fn new(articles: &[Article]) -> Self {
        IndexBuilder::with_segmenter(articles, word_segmenter())
    }

    /// [`IndexBuilder::new`] cutting text written without spaces (Chinese,
    /// Thai, …) with `segmenter`, or per character with none, whatever is
    /// installed: the page builds with its segmenter before installing it,
    /// so that queries are cut as the index it searches.
    pub fn with_segmenter(articles: &[Article], segmenter: Option<WordSegmenter>) -> Self {
        IndexBuilder {
            inner: Builder::new(articles.len(), segmenter),
        }
    }

    /// Goes on guessing untagged articles' languages where `guesser` left
    /// off (a source's language settles over its articles in order, see
    /// [`LanguageGuesser`]): an index built in batches then guesses as one
    /// built at once. Give it the previous batch's [`IndexBuilder::take_guesser`].
    pub fn with_guesser(mut self, guesser: LanguageGuesser) -> Self {
        self.inner.guesser = guesser;
        self
    }

    /// Also records each common word followed by another word as a pair
    /// term (see `search/word_pairs.rs`), so a phrase with a very common
    /// word is answered without its positions: what the CLI writes into
    /// a partitioned archive. The page's own index goes without (it has
    /// every position at hand), and answers phrases identically.
    pub fn with_word_pairs(mut self) -> Self {
        self.inner.built.word_pairs = true;
        self
    }

    /// The language guesser as the articles pushed so far left it (for
    /// the next batch's [`IndexBuilder::with_guesser`]).
    pub fn take_guesser(&mut self) -> LanguageGuesser {
        std::mem::take(&mut self.inner.guesser)
    }

    /// Adds the next article; its position in results is the number of
    /// articles pushed before it.
    pub fn push(&mut self, article: &impl ArticleText) {
        let doc = self.inner.built.title_len.len() as u32;
        self.inner.add(doc, article);
    }

    /// Articles pushed so far.
    pub fn len(&self) -> usize {
        self.inner.built.title_len.len()
    }

    /// True when nothing was pushed yet.
    pub fn is_empty(&self) -> bool {
        self.inner.built.title_len.is_empty()
    }

    /// Heap bytes the builder holds so far (its records, terms and
    /// tables), for memory reports.
    pub fn heap_bytes(&self) -> usize {
        let b = &self.inner;
        let built = &b.built;
        b.interner.heap_bytes()
            + built
                .streams
                .iter()
                .map(|pages| {
                    pages.iter().map(Vec::capacity).sum::<usize>()
                        + pages.capacity() * size_of::<Vec<u8>>()
                })
                .sum::<usize>()
            + built.terms.capacity() * size_of::<TermStat>()
            + built.stream_key.capacity() * 4
            + built.stream_next_doc.capacity() * 4
            + b.slot_of.capacity() * 4
            + built.title_len.capacity() * 2
            + built.body_len.capacity() * 4
            + built.term_langs.capacity() * 4
    }

    /// The rest of the build (sorting the dictionary, laying out the
    /// postings: about a fifth of the whole), in bounded steps.
    pub fn into_finisher(self) -> IndexFinisher {
        let Builder {
            mut interner,
            mut built,
            ..
        } = self.inner;
        // Freed before the finisher allocates, which may reuse the room.
        interner.drop_table();
        for pages in &mut built.streams {
            if let Some(last) = pages.last_mut() {
                last.shrink_to_fit();
            }
        }
        IndexFinisher::new(built, interner)
    }

    /// [`IndexBuilder::into_finisher`] stepped to the end.
    pub fn finish(self) -> SearchIndex {
        let mut finisher = self.into_finisher();
        loop {
            if let Some(index) = finisher.step() {
                return index;
            }
        }
    }
}

/// Per-term counts while building (16 bytes, so the per-posting path
/// touches one small array). The finisher reuses them as each term's
/// cursor: the next article, where its next postings and positions go in
/// their pages, and (in `df`) which pages those are (see `finisher.rs`).
#[derive(Clone, Copy, Default)]
pub(super) struct TermStat {
    pub(super) df: u32,
    /// The last article with this term.
    pub(super) prev_doc: u32,
    /// Bytes of its postings and positions so far.
    pub(super) post_bytes: u32,
    pub(super) pos_bytes: u32,
}

/// What the push phase hands to the finisher.
pub(super) struct Built {
    /// Per term id, its counts.
    pub(super) terms: Vec<TermStat>,
    /// Per term id, its record stream ([`stream_of`]) in the low
    /// `STREAM_BITS` bits, and above them its number in that stream
    /// (numbers given in order of first occurrence).
    pub(super) stream_key: Vec<u32>,
    /// Per stream, the number of its terms so far ...
    stream_terms: Vec<u32>,
    /// ... and the article after the last one it has records of.
    stream_next_doc: Vec<u32>,
    /// Per stream, every (term, article) posting of its terms in article
    /// order, in pages of `PAGE` bytes (a record never spans two): before
    /// an article's first record a mark, 0 and the article's distance
    /// from the one after the stream's last (varints); then per record the
    /// term's number in the stream plus one (varint), and the posting
    /// without its gap and the positions, exactly as they go into the
    /// index (the finisher writes the gap). The finisher scatters them to
    /// their terms: writing each term's own growing buffer here instead
    /// would cost a cache miss or two per posting, and leave up to half of
    /// each unused.
    pub(super) streams: Vec<Vec<Vec<u8>>>,
    /// Per article, its title and body lengths in words, and their sums.
    pub(super) title_len: Vec<u16>,
    pub(super) body_len: Vec<u32>,
    pub(super) title_words: u64,
    pub(super) body_words: u64,
    /// The stemmable languages of the articles so far, in order of first
    /// article ...
    pub(super) langs: Vec<Language>,
    /// ... and per term id, the languages of its articles (bit `i` for
    /// `langs[i]`).
    pub(super) term_langs: Vec<u32>,
    /// How text written without spaces (Chinese, Thai, …) was cut, if any
    /// was met.
    pub(super) unspaced: Unspaced,
    /// Whether common-word pairs are recorded (`with_word_pairs`).
    pub(super) word_pairs: bool,
}

struct Builder {
    interner: TermInterner,
    built: Built,
    /// Per term: its slot in the current article (valid when the term's
    /// table entry is stamped with the current article).
    slot_of: Vec<u32>,
    /// The current article's distinct terms, their title and total
    /// frequencies, in order of first occurrence ...
    slot_term: Vec<u32>,
    slot_title: Vec<u32>,
    slot_tf: Vec<u32>,
    /// ... and its tokens as (slot, position), in text order.
    tokens: Vec<(u32, u32)>,
    /// Positions grouped by slot, where each slot's group starts, and a
    /// fill cursor per slot (scratch for `add`).
    grouped: Vec<u32>,
    starts: Vec<u32>,
    fill: Vec<u32>,
    /// Lower-cased ASCII word.
    lower: Vec<u8>,
    /// Normalised non-ASCII word.
    norm: String,
    /// The languages of untagged articles.
    guesser: LanguageGuesser,
    /// Cuts text written without spaces into words (else: per character).
    segmenter: Option<WordSegmenter>,
    /// Per term, whether it is a common word whose pairs are recorded
    /// (`word_pairs.rs`; all false without pairs).
    common: Vec<bool>,
    /// A pair term being made.
    pair: Vec<u8>,
}

impl Builder {
    fn new(docs: usize, segmenter: Option<WordSegmenter>) -> Self {
        Builder {
            interner: TermInterner::new(),
            built: Built {
                terms: Vec::new(),
                stream_key: Vec::new(),
                stream_terms: vec![0; STREAMS],
                stream_next_doc: vec![0; STREAMS],
                streams: (0..STREAMS).map(|_| Vec::new()).collect(),
                title_len: Vec::with_capacity(docs),
                body_len: Vec::with_capacity(docs),
                title_words: 0,
                body_words: 0,
                langs: Vec::new(),
                term_langs: Vec::new(),
                unspaced: Unspaced::None,
                word_pairs: false,
            },
            slot_of: Vec::new(),
            slot_term: Vec::new(),
            slot_title: Vec::new(),
            slot_tf: Vec::new(),
            tokens: Vec::new(),
            grouped: Vec::new(),
            starts: Vec::new(),
            fill: Vec::new(),
            lower: Vec::new(),
            norm: String::new(),
            guesser: LanguageGuesser::default(),
            segmenter,
            common: Vec::new(),
            pair: Vec::new(),
        }
    }

    /// Counts one occurrence of term `i`.
    #[inline(always)]
    fn occurrence(&mut self, stamp: u32, i: usize, pos: u32, in_title: bool) {
        let (t, first) = self.interner.occur(i, stamp);
        let t = t as usize;
        let slot = if first {
            if t == self.built.terms.len() {
                // A new term (ids are given in order).
                self.built.terms.push(TermStat::default());
                self.built.term_langs.push(0);
                let stream = stream_of(self.interner.term(t as u32)) as usize;
                let number = &mut self.built.stream_terms[stream];
                self.built
                    .stream_key
                    .push(*number << STREAM_BITS | stream as u32);
                *number += 1;
                self.slot_of.push(0);
                self.common
                    .push(self.built.word_pairs && is_common_word(self.interner.term(t as u32)));
            }
            let slot = self.slot_term.len() as u32;
            self.slot_of[t] = slot;
            self.slot_term.push(t as u32);
            self.slot_title.push(0);
            self.slot_tf.push(0);
            slot
        } else {
            self.slot_of[t]
        };
        self.slot_tf[slot as usize] += 1;
        self.slot_title[slot as usize] += u32::from(in_title);
        self.tokens.push((slot, pos));
    }

    /// Indexes the words of one field or paragraph from position `*pos`.
    fn add_text(&mut self, stamp: u32, text: &str, pos: &mut u32, in_title: bool) {
        let segmenter = self.segmenter;
        // The word before, if a common one (pairs never cross a field or
        // paragraph: positions do not either).
        let mut common_before: Option<u32> = None;
        let unspaced = for_each_word_with(text, segmenter, |start, end| {
            let word = &text.as_bytes()[start..end];
            let i = if word.len() <= 8 && pack(word) & 0x8080_8080_8080_8080 == 0 {
                // Short ASCII word: lower-cased and looked up as one integer.
                self.interner
                    .intern_short(lower_ascii8(pack(word)), word.len())
            } else if word.is_ascii() {
                // The normaliser only lower-cases ASCII words.
                self.lower.clear();
                self.lower.extend(word.iter().map(u8::to_ascii_lowercase));
                self.interner.intern(&self.lower)
            } else {
                normalize_into(&text[start..end], &mut self.norm);
                if self.norm.is_empty() {
                    return;
                }
                self.interner.intern(self.norm.as_bytes())
            };
            self.occurrence(stamp, i, *pos, in_title);
            if self.built.word_pairs {
                if let Some(first) = common_before {
                    let mut pair = std::mem::take(&mut self.pair);
                    write_pair_term(
                        self.interner.term(first).as_bytes(),
                        self.interner.term(i as u32).as_bytes(),
                        &mut pair,
                    );
                    let p = self.interner.intern(&pair);
                    self.pair = pair;
                    self.occurrence(stamp, p, *pos - 1, in_title);
                }
                common_before = self.common[i].then_some(i as u32);
            }
            *pos += 1;
        });
        if unspaced {
            self.built.unspaced = match segmenter {
                Some(_) => Unspaced::Dictionary,
                None => Unspaced::Characters,
            };
        }
    }

    fn add(&mut self, doc: u32, article: &impl ArticleText) {
        self.slot_term.clear();
        self.slot_title.clear();
        self.slot_tf.clear();
        self.tokens.clear();
        let stamp = doc + 1;
        let mut pos = 0u32;
        self.add_text(stamp, article.title(), &mut pos, true);
        let title_tokens = pos;
        let mut paragraphs = 0;
        for paragraph in article.paragraphs() {
            pos += 1; // never adjacent across paragraphs
            paragraphs += 1;
            self.add_text(stamp, paragraph, &mut pos, false);
        }
        let title_len = title_tokens.min(u32::from(u16::MAX)) as u16;
        let body_len = pos - title_tokens - paragraphs;
        let built = &mut self.built;
        let lang_bit = language_bit(&mut built.langs, &mut self.guesser, article);
        built.title_len.push(title_len);
        built.body_len.push(body_len);
        built.title_words += u64::from(title_len);
        built.body_words += u64::from(body_len);

        // Group the positions by slot (counting sort; each group stays
        // ascending).
        let mut starts = std::mem::take(&mut self.starts);
        starts.clear();
        self.fill.clear();
        let mut offset = 0u32;
        for &tf in &self.slot_tf {
            starts.push(offset);
            self.fill.push(offset);
            offset += tf;
        }
        self.grouped.clear();
        self.grouped.resize(offset as usize, 0);
        for &(slot, p) in &self.tokens {
            let at = &mut self.fill[slot as usize];
            self.grouped[*at as usize] = p;
            *at += 1;
        }
        for (slot, &t) in self.slot_term.iter().enumerate() {
            let tf_title = self.slot_title[slot];
            let tf = self.slot_tf[slot];
            let key = built.stream_key[t as usize];
            let stream = (key & ((1 << STREAM_BITS) - 1)) as usize;
            let pages = &mut built.streams[stream];
            let need = record_bound(tf);
            if pages
                .last()
                .is_none_or(|page| page.capacity() - page.len() < need)
            {
                // Exactly a page (or one record), so the pages the
                // finisher frees fit the index's pages (see `pages.rs`).
                pages.push(Vec::with_capacity(PAGE.max(need)));
            }
            let records = pages.last_mut().expect("a page");
            built.term_langs[t as usize] |= lang_bit;
            let term = &mut built.terms[t as usize];
            let gap = if term.df == 0 {
                doc
            } else {
                doc - term.prev_doc - 1
            };
            term.prev_doc = doc;
            term.df += 1;
            let next_doc = &mut built.stream_next_doc[stream];
            if *next_doc != doc + 1 {
                // The article's first record in this stream.
                put_varint(records, 0);
                put_varint(records, doc - *next_doc);
                *next_doc = doc + 1;
            }
            put_varint(records, (key >> STREAM_BITS) + 1);
            let at = records.len();
            put_varint(records, (tf - tf_title) << 2 | tf_title.min(3));
            if tf_title >= 3 {
                put_varint(records, tf_title - 3);
            }
            let mid = records.len();
            let first = starts[slot] as usize;
            let mut prev = 0;
            for (i, &p) in self.grouped[first..first + tf as usize].iter().enumerate() {
                put_varint(records, if i == 0 { p } else { p - prev - 1 });
                prev = p;
            }
            term.post_bytes += varint_len(gap) + (mid - at) as u32;
            term.pos_bytes += (records.len() - mid) as u32;
        }
        self.starts = starts;
    }
}

#[cfg(test)]
mod tests {
    use crate::article::Article;
    use crate::search::normalize::normalize;
    use crate::search::SearchIndex;
    use unicode_segmentation::UnicodeSegmentation;

    /// The article's tokens in order, read back from its index.
    fn indexed_tokens(index: &SearchIndex) -> Vec<String> {
        let mut at_position = Vec::new();
        for t in 0..index.term_count() as u32 {
            let mut cursor = index.position_cursor(t);
            assert!(cursor.seek(0));
            while let Some(p) = cursor.next_position() {
                at_position.push((p, index.dict.term(t).to_owned()));
            }
        }
        at_position.sort();
        at_position.into_iter().map(|(_, t)| t).collect()
    }

    /// The general path: UAX #29 words split at apostrophes, each
    /// normalised character by character (a trailing ZWNJ, which the
    /// normaliser removes, keeps every word off the ASCII fast paths).
    fn general_tokens(text: &str) -> Vec<String> {
        let is_split = |c: char| matches!(c, '\'' | '’' | '‘' | '＇') || c.is_whitespace();
        text.unicode_words()
            .flat_map(|w| w.split(is_split))
            .flat_map(|piece| piece.unicode_words())
            .map(|w| normalize(&format!("{w}\u{200C}")))
            .filter(|t| !t.is_empty())
            .collect()
    }

    #[test]
    fn fast_paths_give_the_tokens_of_the_general_path_on_mixed_text() {
        let text = "TEHRAN's café-owners: Müller, naïve ÉLAN; علي و كتاب أحمد مـحمد \
                    می\u{200C}خواهم ۱۴۰۲ ٢٠٢٤ 東京の日本語 3.5 1,000 U.S. e-mail don't \
                    l’homme foo_bar 10:30 Straße ＡＢＣ ﬁle x2 ABCDEFGHIJ abcdefgh \
                    International-Relations CO\u{00AD}OPERATE Σοφία 2024-01-05";
        let index = SearchIndex::new(&[Article::builder("a").title(text).build()]);
        let want = general_tokens(text);
        assert!(want.len() > 40, "{want:?}");
        assert_eq!(indexed_tokens(&index), want);
    }
}
