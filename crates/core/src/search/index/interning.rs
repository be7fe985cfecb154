//! Interning words while indexing: each normalised word gets a term id
//! the first time it is seen, from an open-addressing hash table keyed by
//! the packed word (one integer for words of up to 8 bytes, so the common
//! case is one multiply and one compare), with the words kept in one
//! string arena in order of first occurrence.

/// FxHash-style hash of a term's bytes.
#[inline(always)]
fn hash_bytes(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        h = (h.rotate_left(5) ^ u64::from_le_bytes(c.try_into().expect("8 bytes"))).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        h = (h.rotate_left(5) ^ pack(rest)).wrapping_mul(K);
    }
    // The multiply leaves the entropy in the high bits; the table is
    // indexed with those.
    h
}

/// The hash of a term: one multiply for terms of up to 8 bytes (packed),
/// FxHash over the bytes for longer ones (short and long terms never
/// compare equal, so they need not hash alike).
#[inline]
fn term_hash(bytes: &[u8]) -> u64 {
    if bytes.len() <= 8 {
        short_hash(pack(bytes))
    } else {
        hash_bytes(bytes)
    }
}

#[inline(always)]
fn short_hash(key: u64) -> u64 {
    (key ^ 0x9E37_79B9_7F4A_7C15).wrapping_mul(0x517c_c1b7_2722_0a95)
}

/// ASCII lower case of 8 packed bytes at once (bytes must be ASCII).
#[inline(always)]
pub(super) fn lower_ascii8(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let seven = x & LOW7;
    let ge_a = seven + 0x3f3f_3f3f_3f3f_3f3f; // high bit: byte >= 'A'
    let gt_z = seven + 0x2525_2525_2525_2525; // high bit: byte > 'Z'
    x | ((ge_a & !gt_z & HIGH) >> 2)
}

/// Up to 8 bytes as a little-endian integer, zero-padded. (Two
/// overlapping fixed-size reads instead of a variable-length copy, which
/// would be a `memcpy` call per word.)
#[inline(always)]
pub(super) fn pack(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    debug_assert!(n <= 8);
    if n >= 4 {
        let lo = u32::from_le_bytes(bytes[..4].try_into().expect("4 bytes"));
        let hi = u32::from_le_bytes(bytes[n - 4..].try_into().expect("4 bytes"));
        u64::from(lo) | u64::from(hi) << (8 * (n - 4))
    } else if n >= 2 {
        let lo = u16::from_le_bytes(bytes[..2].try_into().expect("2 bytes"));
        let hi = u16::from_le_bytes(bytes[n - 2..].try_into().expect("2 bytes"));
        u64::from(lo) | u64::from(hi) << (8 * (n - 2))
    } else {
        bytes.first().map_or(0, |&b| u64::from(b))
    }
}

/// The slot of hash `h` in a table of `size` (a power of two) entries.
#[inline(always)]
fn slot_of(h: u64, size: usize) -> usize {
    (h >> (64 - size.trailing_zeros())) as usize
}

/// Set in a table slot for terms over 8 bytes.
const LONG: u32 = 1 << 31;

/// The words seen so far, each with its term id (ids in order of first
/// occurrence), and the hash table that finds them. Terms of up to 8
/// bytes are compared by their `key` alone (terms never contain NUL),
/// longer ones by `key` (their first 8 bytes) and then their text.
///
/// The table holds only term numbers (4 bytes a slot, at most half full);
/// each term's key and last article are in arrays by term id, where the
/// frequent words (the first ids) stay in cache. A table of whole entries
/// was 16 bytes a slot: 4 MiB of the load's peak at 100k terms.
pub(super) struct TermInterner {
    /// `term id + 1` (0: free), with `LONG` set for terms over 8 bytes.
    table: Vec<u32>,
    /// Per term, its bytes (first 8 for a long term), zero-padded ...
    keys: Vec<u64>,
    /// ... and `article + 1` of its last occurrence (0: none yet).
    stamps: Vec<u32>,
    /// All terms, concatenated in order of id.
    text: String,
    /// `text[start[t]..start[t + 1]]` is term `t`.
    start: Vec<u32>,
}

impl TermInterner {
    pub(super) fn new() -> Self {
        TermInterner {
            table: vec![0; 1 << 12],
            keys: Vec::new(),
            stamps: Vec::new(),
            text: String::new(),
            start: vec![0],
        }
    }

    /// Number of terms.
    pub(super) fn len(&self) -> usize {
        self.start.len() - 1
    }

    /// Bytes of all terms together.
    pub(super) fn text_bytes(&self) -> usize {
        self.text.len()
    }

    /// Heap bytes of the table and the terms.
    pub(super) fn heap_bytes(&self) -> usize {
        self.table.capacity() * 4
            + self.keys.capacity() * 8
            + self.stamps.capacity() * 4
            + self.text.capacity()
            + self.start.capacity() * 4
    }

    /// Frees the hash table once no word is interned any more (the terms
    /// stay, for sorting).
    pub(super) fn drop_table(&mut self) {
        self.table = Vec::new();
        self.keys = Vec::new();
        self.stamps = Vec::new();
    }

    /// Term `t`.
    pub(super) fn term(&self, t: u32) -> &str {
        &self.text[self.start[t as usize] as usize..self.start[t as usize + 1] as usize]
    }

    /// Term `t`'s id, and whether this is its first occurrence in the
    /// article stamped `stamp` (which is noted).
    #[inline(always)]
    pub(super) fn occur(&mut self, t: usize, stamp: u32) -> (u32, bool) {
        let last = &mut self.stamps[t];
        let first = *last != stamp;
        *last = stamp;
        (t as u32, first)
    }

    fn term_bytes(&self, t: u32) -> &[u8] {
        &self.text.as_bytes()[self.start[t as usize] as usize..self.start[t as usize + 1] as usize]
    }

    /// The id of a normalised term, added if new.
    #[inline(always)]
    pub(super) fn intern(&mut self, term: &[u8]) -> usize {
        if term.len() <= 8 {
            return self.intern_short(pack(term), term.len());
        }
        let h = hash_bytes(term);
        let key = pack(&term[..8]);
        let found = self.probe(h, |v| {
            let t = (v & !LONG) - 1;
            v & LONG != 0 && self.keys[t as usize] == key && self.term_bytes(t) == term
        });
        match found {
            Ok(t) => t,
            Err(free) => self.insert(free, key, term),
        }
    }

    /// The id of a normalised term of `len <= 8` bytes packed in `key`,
    /// added if new.
    #[inline(always)]
    pub(super) fn intern_short(&mut self, key: u64, len: usize) -> usize {
        let h = short_hash(key);
        match self.probe(h, |v| v & LONG == 0 && self.keys[v as usize - 1] == key) {
            Ok(t) => t,
            Err(free) => {
                let bytes = key.to_le_bytes();
                self.insert(free, key, &bytes[..len])
            }
        }
    }

    /// Linear probing from hash `h`: the id of the term `is_it` accepts
    /// (given its slot's value), or else the free slot where it goes.
    #[inline(always)]
    fn probe(&self, h: u64, is_it: impl Fn(u32) -> bool) -> Result<usize, usize> {
        let mask = self.table.len() - 1;
        let mut i = slot_of(h, self.table.len());
        loop {
            let v = self.table[i];
            if v == 0 {
                return Err(i);
            }
            if is_it(v) {
                return Ok(((v & !LONG) - 1) as usize);
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds a term at free slot `i`; returns its id.
    #[cold]
    fn insert(&mut self, i: usize, key: u64, term: &[u8]) -> usize {
        let t = self.len();
        self.table[i] = (t as u32 + 1) | if term.len() <= 8 { 0 } else { LONG };
        self.keys.push(key);
        self.stamps.push(0);
        // Terms are whole normalised words: valid UTF-8.
        grow_text(&mut self.text, term.len());
        self.text
            .push_str(std::str::from_utf8(term).expect("a normalised word is UTF-8"));
        self.start.push(self.text.len() as u32);
        if self.len() * 2 > self.table.len() {
            self.grow();
        }
        t
    }

    fn grow(&mut self) {
        let size = self.table.len() * 2;
        let mask = size - 1;
        let mut table = vec![0u32; size];
        for &v in &self.table {
            if v == 0 {
                continue;
            }
            let h = term_hash(self.term_bytes((v & !LONG) - 1));
            let mut i = slot_of(h, size);
            while table[i] != 0 {
                i = (i + 1) & mask;
            }
            table[i] = v;
        }
        self.table = table;
    }
}

/// Makes room for `more` bytes in the terms' text, a quarter more at a
/// time rather than double: the text grows until the last articles, so
/// its last move (old and new block both live) comes at the load's peak.
fn grow_text(text: &mut String, more: usize) {
    if text.capacity() - text.len() < more {
        text.reserve_exact(more.max(text.len() / 4).max(4 << 10));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packing_and_lower_casing_eight_bytes_at_once() {
        for word in ["", "a", "ab", "abc", "abcd", "abcde", "abcdefgh", "x_1.Z:9"] {
            let mut b = [0u8; 8];
            b[..word.len()].copy_from_slice(word.as_bytes());
            assert_eq!(pack(word.as_bytes()), u64::from_le_bytes(b), "{word}");
        }
        let all: Vec<u8> = (0u8..128).collect();
        for chunk in all.chunks(8) {
            let want: Vec<u8> = chunk.iter().map(u8::to_ascii_lowercase).collect();
            assert_eq!(lower_ascii8(pack(chunk)), pack(&want), "{chunk:?}");
        }
    }

    fn id(b: &mut TermInterner, word: &[u8]) -> u32 {
        b.intern(word) as u32
    }

    #[test]
    fn interning_survives_growth_and_long_words() {
        let mut b = TermInterner::new();
        let words: Vec<String> = (0..10_000)
            .map(|i| {
                if i % 3 == 0 {
                    format!("w{i}")
                } else {
                    format!("longer-word-{i}")
                }
            })
            .collect();
        let ids: Vec<u32> = words.iter().map(|w| id(&mut b, w.as_bytes())).collect();
        for (w, &t) in words.iter().zip(&ids) {
            assert_eq!(id(&mut b, w.as_bytes()), t);
            assert_eq!(b.term_bytes(t), w.as_bytes());
        }
        // A short word and a long word sharing its first eight bytes.
        let short = id(&mut b, b"abcdefgh");
        let long = id(&mut b, b"abcdefghi");
        assert_ne!(short, long);
        assert_eq!(id(&mut b, b"abcdefgh"), short);
    }
}
