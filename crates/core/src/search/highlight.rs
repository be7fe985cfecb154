//! Highlights as data: where a query matches in an article's title, and the
//! best excerpt of its text with the matches in it.
//!
//! Works on the original text: it is tokenised with the index's tokenizer,
//! each word normalised with the same normaliser and compared with the
//! query, and the byte offsets of the original words are reported. So a
//! query `tehran` highlights `TEHRAN` and `Tehrán`, and a query in Persian
//! letters highlights the same word written with Arabic letters.

use super::language::{article_language, Language, Stemmer};
use super::query::{Item, SearchQuery};
use super::tokenize::for_each_token;
use super::typo::{signature, signature_allows, Distance};
use crate::article::ArticleText;
use std::ops::Range;

/// The excerpt is about this many characters when the paragraph is longer
/// than [`SNIPPET_MAX_CHARS`] ...
pub const SNIPPET_TARGET_CHARS: usize = 200;
/// ... and never longer than this many (a paragraph up to this long is
/// shown whole).
pub const SNIPPET_MAX_CHARS: usize = 240;
/// A cut this close to a paragraph's start or end is not worth an ellipsis.
const NEAR_EDGE_CHARS: usize = 15;

/// Where a query matches in one article.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Highlights {
    /// Byte ranges of the matches in `article.title`: ascending, not
    /// overlapping, on character boundaries.
    pub title: Vec<Range<usize>>,
    /// The excerpt of the lead/body to show; `None` only when the article
    /// has no lead or body text.
    pub snippet: Option<Snippet>,
}

/// An excerpt of one paragraph, cut at word boundaries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snippet {
    /// Which paragraph, as an index into `article.paragraphs()` (0 is the
    /// lead when the article has one).
    pub paragraph: usize,
    /// The excerpt's byte range in that paragraph.
    pub range: Range<usize>,
    /// The excerpt itself (`paragraph[range]`), without ellipses.
    pub text: String,
    /// Byte ranges of the matches in `text`: ascending, not overlapping, on
    /// character boundaries.
    pub matches: Vec<Range<usize>>,
    /// The excerpt starts after the paragraph's start: show `…` before it.
    pub cut_start: bool,
    /// The excerpt ends before the paragraph's end: show `…` after it.
    pub cut_end: bool,
}

impl SearchQuery {
    /// Title highlights and the best snippet of `article` for this query.
    ///
    /// The snippet is the ~200-character window (at most 240; shorter
    /// paragraphs whole) of the lead or body with the most distinct query
    /// words (then the most matches; then the earliest), cut at word
    /// boundaries. With no match in the text (or an empty query) it is the
    /// start of the lead. Costs one tokenisation of the article (well under
    /// a millisecond for a normal article).
    pub fn highlight(&self, article: &impl ArticleText) -> Highlights {
        let matcher = Matcher::new(self, article_language(article));
        let mut scratch = Scratch::default();
        let title = matcher
            .find(article.title(), &mut scratch)
            .into_iter()
            .map(|m| m.range)
            .collect();
        let mut best: Option<(usize, Vec<Match>, Window)> = None;
        let mut first: Option<(usize, &str)> = None;
        for (i, paragraph) in article.paragraphs().enumerate() {
            if first.is_none() && !paragraph.trim().is_empty() {
                first = Some((i, paragraph));
            }
            // Nothing to match: only the first paragraph with text is needed.
            if matcher.is_empty() && first.is_some() {
                break;
            }
            let matches = matcher.find(paragraph, &mut scratch);
            if matches.is_empty() {
                continue;
            }
            let window = best_window(paragraph, &matches);
            if best.as_ref().is_none_or(|(_, _, b)| window.better_than(b)) {
                best = Some((i, matches, window));
            }
        }
        let snippet = match best {
            Some((i, matches, window)) => {
                let paragraph = article.paragraphs().nth(i).unwrap_or_default();
                Some(snippet(i, paragraph, &matches, &window, &mut scratch))
            }
            None => first.map(|(i, paragraph)| {
                let window = Window {
                    first: 0,
                    last: 0,
                    items: 0,
                    count: 0,
                    span: 0..0,
                };
                snippet(i, paragraph, &[], &window, &mut scratch)
            }),
        };
        Highlights { title, snippet }
    }

    /// Byte ranges where this query's words and phrases occur in `text`
    /// (ascending, not overlapping): for highlighting any other text. Other
    /// forms of a word are not marked: [`SearchQuery::match_ranges_in`]
    /// does that for text in a known language.
    pub fn match_ranges(&self, text: &str) -> Vec<Range<usize>> {
        self.match_ranges_in(text, None)
    }

    /// [`SearchQuery::match_ranges`] for text in language `lang` (a BCP 47
    /// tag, as an article's `lang`): other forms of a word that search
    /// finds in that language (`elections` for `election`) are marked too.
    pub fn match_ranges_in(&self, text: &str, lang: Option<&str>) -> Vec<Range<usize>> {
        Matcher::new(self, lang.and_then(Language::from_tag))
            .find(text, &mut Scratch::default())
            .into_iter()
            .map(|m| m.range)
            .collect()
    }
}

/// One match: a byte range and which query item it is for.
#[derive(Clone, Debug)]
struct Match {
    range: Range<usize>,
    item: usize,
}

struct WordMatcher<'q> {
    term: &'q str,
    chars: Vec<char>,
    sig: u32,
    prefix: bool,
    typos: u8,
    /// The word's stem in the text's language, when its other forms match.
    stem: Option<String>,
    item: usize,
}

struct Matcher<'q> {
    words: Vec<WordMatcher<'q>>,
    phrases: Vec<(&'q [String], usize)>,
    /// The text's stemmer, when some word matches its other forms.
    stemmer: Option<Stemmer>,
}

/// Buffers reused across paragraphs.
#[derive(Default)]
struct Scratch {
    norm: String,
    /// Normalised tokens, back to back, with their ranges in the text.
    arena: String,
    tokens: Vec<(Range<usize>, Range<usize>)>,
    chars: Vec<char>,
    distance: Distance,
}

impl<'q> Matcher<'q> {
    fn new(query: &'q SearchQuery, language: Option<Language>) -> Self {
        let stemmer = language.map(Stemmer::new);
        let mut words = Vec::new();
        let mut phrases = Vec::new();
        for (item, it) in query.required.iter().enumerate() {
            match it {
                Item::Word {
                    term,
                    prefix,
                    typos,
                    forms,
                } => words.push(WordMatcher {
                    term,
                    chars: term.chars().collect(),
                    sig: signature(term),
                    prefix: *prefix,
                    typos: query.typos_for(*typos),
                    stem: stemmer
                        .as_ref()
                        .filter(|_| *forms)
                        .map(|s| s.stem(term).into_owned()),
                    item,
                }),
                Item::Phrase(terms) => phrases.push((terms.as_slice(), item)),
            }
        }
        let stemmer = stemmer.filter(|_| words.iter().any(|w| w.stem.is_some()));
        Matcher {
            words,
            phrases,
            stemmer,
        }
    }

    fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty()
    }

    fn find(&self, text: &str, s: &mut Scratch) -> Vec<Match> {
        let mut out = Vec::new();
        if self.is_empty() {
            return out;
        }
        s.arena.clear();
        s.tokens.clear();
        let (arena, tokens) = (&mut s.arena, &mut s.tokens);
        for_each_token(text, &mut s.norm, |start, end, token| {
            let at = arena.len();
            arena.push_str(token);
            tokens.push((start..end, at..arena.len()));
        });
        for (range, norm) in s.tokens.iter() {
            let token = &s.arena[norm.clone()];
            for w in &self.words {
                if w.matches(token, self.stemmer.as_ref(), &mut s.chars, &mut s.distance) {
                    out.push(Match {
                        range: range.clone(),
                        item: w.item,
                    });
                    break;
                }
            }
        }
        for &(terms, item) in &self.phrases {
            if terms.len() > s.tokens.len() {
                continue;
            }
            for i in 0..=s.tokens.len() - terms.len() {
                let hit = terms
                    .iter()
                    .enumerate()
                    .all(|(k, term)| s.arena[s.tokens[i + k].1.clone()] == **term);
                if hit {
                    out.push(Match {
                        range: s.tokens[i].0.start..s.tokens[i + terms.len() - 1].0.end,
                        item,
                    });
                }
            }
        }
        // Ascending; overlapping matches merge into the first.
        crate::sort::sort_by_key(&mut out, |m| {
            (m.range.start, std::cmp::Reverse(m.range.end))
        });
        let mut merged: Vec<Match> = Vec::with_capacity(out.len());
        for m in out {
            match merged.last_mut() {
                Some(last) if m.range.start < last.range.end => {
                    last.range.end = last.range.end.max(m.range.end);
                }
                _ => merged.push(m),
            }
        }
        merged
    }
}

impl WordMatcher<'_> {
    fn matches(
        &self,
        token: &str,
        stemmer: Option<&Stemmer>,
        chars: &mut Vec<char>,
        distance: &mut Distance,
    ) -> bool {
        if token == self.term || (self.prefix && token.starts_with(self.term)) {
            return true;
        }
        // Another form: stems are rarely longer than their words, so most
        // tokens are never stemmed.
        if let (Some(stem), Some(stemmer)) = (&self.stem, stemmer) {
            if token.len() >= stem.len() && stemmer.stem(token) == stem.as_str() {
                return true;
            }
        }
        if self.typos == 0 || !signature_allows(self.sig, signature(token), self.typos) {
            return false;
        }
        chars.clear();
        chars.extend(token.chars());
        distance.within(&self.chars, chars, self.typos).is_some()
    }
}

/// The best cluster of matches in one paragraph.
struct Window {
    /// Indices of the first and last match in it.
    first: usize,
    last: usize,
    /// Distinct query items and matches in it.
    items: usize,
    count: usize,
    /// Byte range from the first match's start to the last one's end.
    span: Range<usize>,
}

impl Window {
    fn better_than(&self, other: &Window) -> bool {
        (self.items, self.count) > (other.items, other.count)
    }
}

/// The window of at most `SNIPPET_TARGET_CHARS` holding the most distinct
/// items, then the most matches, then the earliest.
fn best_window(text: &str, matches: &[Match]) -> Window {
    // Character offsets of each match's start and end.
    let mut char_at = Vec::with_capacity(matches.len());
    let (mut byte, mut chars) = (0usize, 0usize);
    for m in matches {
        chars += text[byte..m.range.start].chars().count();
        let start = chars;
        chars += text[m.range.clone()].chars().count();
        byte = m.range.end;
        char_at.push((start, chars));
    }
    let mut best: Option<Window> = None;
    let mut seen: Vec<usize> = Vec::new();
    for i in 0..matches.len() {
        seen.clear();
        let mut last = i;
        for j in i..matches.len() {
            if j > i && char_at[j].1 - char_at[i].0 > SNIPPET_TARGET_CHARS {
                break;
            }
            last = j;
            if !seen.contains(&matches[j].item) {
                seen.push(matches[j].item);
            }
        }
        let window = Window {
            first: i,
            last,
            items: seen.len(),
            count: last - i + 1,
            span: matches[i].range.start..matches[last].range.end,
        };
        if best.as_ref().is_none_or(|b| window.better_than(b)) {
            best = Some(window);
        }
    }
    best.expect("at least one match")
}

fn byte_at_char(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(b, _)| b)
}

fn snippet(
    paragraph_index: usize,
    text: &str,
    matches: &[Match],
    window: &Window,
    s: &mut Scratch,
) -> Snippet {
    let total = text.chars().count();
    let range = if total <= SNIPPET_MAX_CHARS {
        0..text.len()
    } else {
        cut(text, total, window, s)
    };
    let matches = if matches.is_empty() {
        Vec::new()
    } else {
        matches[window.first..=window.last]
            .iter()
            .filter(|m| m.range.start >= range.start && m.range.end <= range.end)
            .map(|m| m.range.start - range.start..m.range.end - range.start)
            .collect()
    };
    Snippet {
        paragraph: paragraph_index,
        text: text[range.clone()].to_owned(),
        matches,
        cut_start: range.start > 0,
        cut_end: range.end < text.len(),
        range,
    }
}

/// The byte range of the excerpt of a long paragraph around `window`.
fn cut(text: &str, total: usize, window: &Window, s: &mut Scratch) -> Range<usize> {
    let span = &window.span;
    let span_start = text[..span.start].chars().count();
    let span_chars = text[span.clone()].chars().count();
    // Put the cluster about a third into the excerpt.
    let before = SNIPPET_TARGET_CHARS.saturating_sub(span_chars) / 3;
    let mut start_c = span_start.saturating_sub(before);
    let mut end_c = (start_c + SNIPPET_TARGET_CHARS.max(span_chars)).min(total);
    if end_c - start_c < SNIPPET_TARGET_CHARS {
        start_c = end_c.saturating_sub(SNIPPET_TARGET_CHARS);
    }
    if end_c - start_c > SNIPPET_MAX_CHARS {
        end_c = start_c + SNIPPET_MAX_CHARS;
    }
    if start_c <= NEAR_EDGE_CHARS {
        start_c = 0;
    }
    if end_c + NEAR_EDGE_CHARS >= total && end_c - start_c + (total - end_c) <= SNIPPET_MAX_CHARS {
        end_c = total;
    }
    let want_start = byte_at_char(text, start_c);
    let want_end = byte_at_char(text, end_c);

    // Word starts and ends of the paragraph.
    s.tokens.clear();
    let tokens = &mut s.tokens;
    super::tokenize::for_each_word(text, |a, b| tokens.push((a..b, 0..0)));
    let after_space = |at: usize| at == 0 || text[..at].ends_with(char::is_whitespace);
    let before_space = |at: usize| at == text.len() || text[at..].starts_with(char::is_whitespace);

    let start = if want_start == 0 {
        0
    } else {
        // The first word at or after the wanted start (and not after the
        // cluster) that follows whitespace; else any word start there.
        let candidates = || {
            s.tokens
                .iter()
                .map(|(r, _)| r.start)
                .filter(|&a| a >= want_start && a <= span.start)
        };
        let word = candidates()
            .find(|&a| after_space(a))
            .or_else(|| candidates().next())
            .unwrap_or(span.start);
        // Take the punctuation glued to the word's front (`“`, `(`).
        let mut at = word;
        while at > 0 {
            let prev = text[..at].chars().next_back().expect("char before");
            if prev.is_whitespace() || prev.is_alphanumeric() {
                break;
            }
            at -= prev.len_utf8();
        }
        if at > 0 && !after_space(at) {
            word
        } else {
            at
        }
    };
    let end = if want_end == text.len() {
        text.len()
    } else {
        let candidates = || {
            s.tokens
                .iter()
                .rev()
                .map(|(r, _)| r.end)
                .filter(|&b| b <= want_end && b >= span.end)
        };
        let word = candidates()
            .find(|&b| before_space(b))
            .or_else(|| candidates().next())
            .unwrap_or(span.end);
        // Take the punctuation glued to the word's end (`.`, `,`, `”`).
        let mut at = word;
        while let Some(next) = text[at..].chars().next() {
            if next.is_whitespace() || next.is_alphanumeric() {
                break;
            }
            at += next.len_utf8();
        }
        if at < text.len() && !before_space(at) {
            word
        } else {
            at
        }
    };
    start..end.max(start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;

    fn marked(text: &str, ranges: &[Range<usize>]) -> Vec<String> {
        ranges.iter().map(|r| text[r.clone()].to_owned()).collect()
    }

    #[test]
    fn normalised_matches_highlight_the_original_spelling() {
        let q = SearchQuery::parse("tehran ");
        let title = "TEHRAN talks; Tehrán replies to tehran's critics";
        assert_eq!(
            marked(title, &q.match_ranges(title)),
            ["TEHRAN", "Tehrán", "tehran"]
        );
        // A Persian query (Persian yeh and keheh) finds the Arabic-letter
        // spelling with harakat and tatweel.
        let q = SearchQuery::parse("یک کتاب ");
        let text = "هذا كِتَابٌ واحد، يك كـتاب";
        assert_eq!(marked(text, &q.match_ranges(text)), ["كِتَابٌ", "يك", "كـتاب"]);
        let q = SearchQuery::parse("میخواهم ");
        let text = "من می\u{200C}خواهم";
        assert_eq!(marked(text, &q.match_ranges(text)), ["می\u{200C}خواهم"]);
    }

    #[test]
    fn prefix_typo_and_phrase_matches() {
        let q = SearchQuery::parse("\"prime minister\" goverment minis");
        let text =
            "The Prime Minister told the government that ministers and the prime  minister agree";
        assert_eq!(
            marked(text, &q.match_ranges(text)),
            [
                "Prime Minister",
                "government",
                "ministers",
                "prime  minister"
            ]
        );
        // Excluded words are not highlighted; "ministers" is one edit away.
        let q = SearchQuery::parse("-prime minister ");
        assert_eq!(
            marked(text, &q.match_ranges(text)),
            ["Minister", "ministers", "minister"]
        );
        let q = SearchQuery::parse("-prime minister ").with_typos(false);
        assert_eq!(
            marked(text, &q.match_ranges(text)),
            ["Minister", "minister"]
        );
    }

    #[test]
    fn title_and_short_paragraph() {
        let a = Article::builder("x")
            .title("Storm hits Texas")
            .lead("A storm hit the coast.")
            .body(["Nothing else happened."])
            .build();
        let h = SearchQuery::parse("storm").highlight(&a);
        assert_eq!(marked(&a.title, &h.title), ["Storm"]);
        let s = h.snippet.expect("snippet");
        assert_eq!(s.paragraph, 0);
        assert_eq!(s.text, "A storm hit the coast.");
        assert_eq!(marked(&s.text, &s.matches), ["storm"]);
        assert!(!s.cut_start && !s.cut_end);
    }

    #[test]
    fn no_text_match_gives_the_start_of_the_lead() {
        let lead = "word ".repeat(100);
        let a = Article::builder("x")
            .title("Storm")
            .lead(&lead)
            .body(["storm-free body"])
            .build();
        let h = SearchQuery::parse("texas").highlight(&a);
        assert!(h.title.is_empty());
        let s = h.snippet.expect("snippet");
        assert_eq!(s.paragraph, 0);
        assert!(s.matches.is_empty());
        assert!(!s.cut_start && s.cut_end);
        assert!(s.text.chars().count() <= SNIPPET_MAX_CHARS);
        assert!(s.text.starts_with("word") && s.text.ends_with("word"));
        let empty = SearchQuery::parse("").highlight(&a);
        assert_eq!(empty.snippet.map(|s| s.range), Some(s.range));
    }

    #[test]
    fn snippet_is_cut_at_word_boundaries_around_the_densest_cluster() {
        let filler = "lorem ipsum dolor sit amet, consectetur adipiscing elit sed do ";
        let body = format!(
            "{f}{f}{f}the quake struck near Tehran at dawn. {f}{f}quake again{f}{f}(Tehran’s quake) {f}{f}{f}",
            f = filler
        );
        let a = Article::builder("x")
            .title("Headline")
            .lead("Short lead.")
            .body([&body])
            .build();
        let s = SearchQuery::parse("tehran quake ")
            .highlight(&a)
            .snippet
            .expect("snippet");
        assert_eq!(s.paragraph, 1);
        let n = s.text.chars().count();
        assert!((100..=SNIPPET_MAX_CHARS).contains(&n), "{n}: {:?}", s.text);
        assert!(s.cut_start && s.cut_end);
        assert_eq!(&body[s.range.clone()], s.text);
        // Cut at word boundaries: whitespace just outside, none just inside.
        assert!(body[..s.range.start].ends_with(' '));
        assert!(body[s.range.end..].starts_with(' '));
        assert!(!s.text.starts_with(char::is_whitespace));
        assert!(!s.text.ends_with(char::is_whitespace));
        // The first cluster with both words wins.
        let words = marked(&s.text, &s.matches);
        assert_eq!(words[..2], ["quake", "Tehran"]);
        let a = Article::builder("x")
            .title("Headline")
            .lead(&body[body.find("(T").expect("paren") - 150..])
            .build();
        let s = SearchQuery::parse("tehran quake ")
            .highlight(&a)
            .snippet
            .expect("snippet");
        assert!(s.text.contains("(Tehran’s quake)"), "{:?}", s.text);
        assert_eq!(marked(&s.text, &s.matches), ["quake", "Tehran", "quake"]);
    }

    #[test]
    fn very_long_words_still_give_a_bounded_snippet() {
        let body = format!("{} tehran {}", "x".repeat(500), "y".repeat(500));
        let a = Article::builder("x").title("H").lead(&body).build();
        let s = SearchQuery::parse("tehran ")
            .highlight(&a)
            .snippet
            .expect("snippet");
        assert!(s.text.contains("tehran"));
        assert_eq!(marked(&s.text, &s.matches), ["tehran"]);
    }
}
