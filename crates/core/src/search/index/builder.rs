//! Building the index: one pass over the articles' text (tokenise,
//! normalise, intern), writing each (term, article) posting with its
//! positions to one sequential record stream; then the dictionary is
//! sorted and the records scattered into their terms' places. Transient
//! memory: about the size of the index again.

use super::dictionary::Dictionary;
use super::interning::{lower_ascii8, pack, TermInterner};
use super::SearchIndex;
use crate::article::Article;
use crate::search::field_norms::FieldNorms;
use crate::search::normalize::normalize_into;
use crate::search::postings::{get_varint, put_varint, skip_varints, Bitset};
use crate::search::tokenize::for_each_word;

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
/// Articles must be pushed in the order `SearchIndex::new` would take them
/// (newest first); the result is the same as `SearchIndex::new`.
pub struct IndexBuilder {
    inner: Builder,
}

impl IndexBuilder {
    /// A builder for `articles` (used only to size buffers up front; push
    /// each of them next).
    pub fn new(articles: &[Article]) -> Self {
        let mut inner = Builder::new(articles.len());
        // The record stream takes about half a byte per byte of text; one
        // allocation up front saves copying it while it grows.
        let text_bytes: usize = articles
            .iter()
            .map(|a| a.title.len() + a.paragraphs().map(str::len).sum::<usize>())
            .sum();
        inner.records.reserve(text_bytes / 2);
        IndexBuilder { inner }
    }

    /// Adds the next article; its position in results is the number of
    /// articles pushed before it.
    pub fn push(&mut self, article: &Article) {
        let doc = self.inner.title_len.len() as u32;
        self.inner.add(doc, article);
    }

    /// Articles pushed so far.
    pub fn len(&self) -> usize {
        self.inner.title_len.len()
    }

    /// True when nothing was pushed yet.
    pub fn is_empty(&self) -> bool {
        self.inner.title_len.is_empty()
    }

    /// Sorts the dictionary and lays out the postings: about a fifth of
    /// the whole build.
    pub fn finish(self) -> SearchIndex {
        self.inner.finish()
    }
}

/// Copies a few bytes (a posting or its positions) without a `memcpy` call.
#[inline(always)]
fn copy_small(dst: &mut [u8], src: &[u8]) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d = *s;
    }
}

/// Per-term counts while building (16 bytes, so the per-posting path
/// touches one small array).
#[derive(Clone, Copy, Default)]
struct TermStat {
    df: u32,
    /// The last article with this term.
    prev_doc: u32,
    /// Bytes of its postings and positions so far.
    post_bytes: u32,
    pos_bytes: u32,
}

struct Builder {
    interner: TermInterner,
    /// Per term id, its counts so far.
    terms: Vec<TermStat>,
    /// Every (term, article) posting in article order, as: the term id
    /// (varint), then the posting and its positions exactly as they go into
    /// the index. `finish` scatters them to their terms: writing each term's
    /// own growing buffer here instead would cost a cache miss or two per
    /// posting.
    records: Vec<u8>,
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
    title_len: Vec<u16>,
    body_len: Vec<u32>,
    /// Lower-cased ASCII word.
    lower: Vec<u8>,
    /// Normalised non-ASCII word.
    norm: String,
}

impl Builder {
    fn new(docs: usize) -> Self {
        Builder {
            interner: TermInterner::new(),
            terms: Vec::new(),
            records: Vec::new(),
            slot_of: Vec::new(),
            slot_term: Vec::new(),
            slot_title: Vec::new(),
            slot_tf: Vec::new(),
            tokens: Vec::new(),
            grouped: Vec::new(),
            starts: Vec::new(),
            fill: Vec::new(),
            title_len: Vec::with_capacity(docs),
            body_len: Vec::with_capacity(docs),
            lower: Vec::new(),
            norm: String::new(),
        }
    }

    /// Counts one occurrence of the term at table index `i`.
    #[inline(always)]
    fn occurrence(&mut self, stamp: u32, i: usize, pos: u32, in_title: bool) {
        let (t, first) = self.interner.occur(i, stamp);
        let t = t as usize;
        let slot = if first {
            if t == self.terms.len() {
                // A new term (ids are given in order).
                self.terms.push(TermStat::default());
                self.slot_of.push(0);
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
        for_each_word(text, |start, end| {
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
            *pos += 1;
        });
    }

    fn add(&mut self, doc: u32, article: &Article) {
        self.slot_term.clear();
        self.slot_title.clear();
        self.slot_tf.clear();
        self.tokens.clear();
        let stamp = doc + 1;
        let mut pos = 0u32;
        self.add_text(stamp, &article.title, &mut pos, true);
        let title_tokens = pos;
        let mut paragraphs = 0;
        for paragraph in article.paragraphs() {
            pos += 1; // never adjacent across paragraphs
            paragraphs += 1;
            self.add_text(stamp, paragraph, &mut pos, false);
        }
        self.title_len
            .push(title_tokens.min(u32::from(u16::MAX)) as u16);
        self.body_len.push(pos - title_tokens - paragraphs);

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
        let records = &mut self.records;
        for (slot, &t) in self.slot_term.iter().enumerate() {
            let term = &mut self.terms[t as usize];
            let gap = if term.df == 0 {
                doc
            } else {
                doc - term.prev_doc - 1
            };
            term.prev_doc = doc;
            term.df += 1;
            put_varint(records, t);
            let at = records.len();
            put_varint(records, gap);
            let tf_title = self.slot_title[slot];
            let tf = self.slot_tf[slot];
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
            term.post_bytes += (mid - at) as u32;
            term.pos_bytes += (records.len() - mid) as u32;
        }
        self.starts = starts;
    }

    fn finish(self) -> SearchIndex {
        let docs = self.title_len.len() as u32;
        let Builder {
            interner,
            terms,
            records,
            title_len,
            body_len,
            ..
        } = self;
        let mut order: Vec<u32> = (0..terms.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| interner.term(a).cmp(interner.term(b)));

        let mut dict = Dictionary::with_capacity(terms.len(), interner.text_bytes());
        // Where each term's postings and positions go, by old term id.
        let mut cursor = vec![(0u32, 0u32); terms.len()];
        let (mut post_total, mut pos_total) = (0u32, 0u32);
        for &old in &order {
            let term = &terms[old as usize];
            cursor[old as usize] = (post_total, pos_total);
            post_total += term.post_bytes;
            pos_total += term.pos_bytes;
            dict.push(interner.term(old), term.df, post_total, pos_total, None);
        }
        drop(interner);
        // Scatter the records to their terms, in article order.
        let mut postings = vec![0u8; post_total as usize];
        let mut positions = vec![0u8; pos_total as usize];
        let mut at = 0;
        while at < records.len() {
            let t = get_varint(&records, &mut at) as usize;
            let post_start = at;
            get_varint(&records, &mut at);
            let packed = get_varint(&records, &mut at);
            let mut tf = (packed >> 2) + (packed & 3);
            if packed & 3 == 3 {
                tf += get_varint(&records, &mut at);
            }
            let pos_start = at;
            at = skip_varints(&records, at, tf);
            let (p, q) = &mut cursor[t];
            let post_len = pos_start - post_start;
            copy_small(
                &mut postings[*p as usize..*p as usize + post_len],
                &records[post_start..pos_start],
            );
            *p += post_len as u32;
            let pos_len = at - pos_start;
            copy_small(
                &mut positions[*q as usize..*q as usize + pos_len],
                &records[pos_start..at],
            );
            *q += pos_len as u32;
        }
        drop(records);
        drop(terms);
        dict.bucket_by_length();
        let norms = FieldNorms::from_lengths(&title_len, &body_len);
        drop(title_len);
        drop(body_len);
        let mut index = SearchIndex {
            docs,
            dict,
            postings,
            positions,
            norms,
            dense_prefixes: Vec::new(),
        };
        index.dense_prefixes = dense_prefixes(&index);
        index
    }
}

/// Below this many articles no prefix gets a bitset: unions are cheap.
const DENSE_MIN_DOCS: u32 = 256;

/// Bitsets for the one-letter prefixes whose words have more postings in
/// total than there are articles, and the two-letter ones with more than
/// twice as many (for 50,000 English articles: most letters and the
/// commonest pairs such as `th`), so a short prefix query reads one bitset
/// instead of thousands of posting lists.
fn dense_prefixes(index: &SearchIndex) -> Vec<(String, Bitset)> {
    let mut out = Vec::new();
    if index.docs < DENSE_MIN_DOCS {
        return out;
    }
    let dict = &index.dict;
    for chars in 1..=2usize {
        let threshold = u64::from(index.docs) * chars as u64;
        let mut t = 0u32;
        while (t as usize) < dict.len() {
            let term = dict.term(t);
            let prefix: String = term.chars().take(chars).collect();
            if prefix.chars().count() < chars {
                t += 1;
                continue;
            }
            let range = dict.prefix_range(&prefix);
            let total: u64 = range.clone().map(|t| u64::from(dict.df[t as usize])).sum();
            if total > threshold {
                let mut set = Bitset::empty(index.docs);
                for term in range.clone() {
                    for p in index.postings(term) {
                        set.insert(p.doc);
                    }
                }
                out.push((prefix, set));
            }
            t = range.end.max(t + 1);
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}
