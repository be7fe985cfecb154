//! The tags of an HTML page, with their attributes, for the page's
//! metadata (`<meta>`, `<title>`, JSON-LD, `<time>`) and for finding an
//! element. A forgiving scanner, like [`html_text`](super::super::html_text):
//! broken markup gives what it can, never an error.

use crate::formats::html_text::html_line;

/// One tag of a page.
#[derive(Clone, Debug)]
pub struct Tag<'a> {
    /// Lower-cased.
    pub name: String,
    pub closing: bool,
    /// The text between the name and the `>`.
    attributes: &'a str,
    /// Where it starts (its `<`) and ends (past its `>`).
    pub start: usize,
    pub end: usize,
    /// For `script`, `style`, `title` and `textarea`: their text up to the
    /// end tag, which holds no tags.
    pub raw_text: Option<&'a str>,
}

impl Tag<'_> {
    /// The value of attribute `name` (asked in lower case), entities
    /// decoded and white space made single spaces.
    pub fn attribute(&self, name: &str) -> Option<String> {
        let mut rest = self.attributes;
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if rest.is_empty() {
                return None;
            }
            let name_end = rest
                .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
                .unwrap_or(rest.len());
            let found = &rest[..name_end];
            rest = rest[name_end..].trim_start();
            let value = match rest.strip_prefix('=') {
                None => "",
                Some(after) => {
                    let after = after.trim_start();
                    let (value, len) = match after.chars().next() {
                        Some(q @ ('"' | '\'')) => {
                            let inner = &after[1..];
                            let end = inner.find(q).unwrap_or(inner.len());
                            (&inner[..end], (end + 2).min(after.len()))
                        }
                        _ => {
                            let end = after.find(char::is_whitespace).unwrap_or(after.len());
                            (&after[..end], end)
                        }
                    };
                    rest = &after[len..];
                    value
                }
            };
            if found.eq_ignore_ascii_case(name) {
                return Some(html_line(value));
            }
        }
    }
}

/// Elements whose content is text up to their end tag.
const RAW: [&str; 4] = ["script", "style", "title", "textarea"];

/// Every tag of `html`, in order (comments skipped).
pub fn tags(html: &str) -> Vec<Tag<'_>> {
    let lower = html.to_ascii_lowercase();
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(found) = html[at..].find('<') {
        let start = at + found;
        if html[start..].starts_with("<!--") {
            at = html[start..]
                .find("-->")
                .map_or(html.len(), |e| start + e + 3);
            continue;
        }
        let (closing, name_at) = match bytes.get(start + 1) {
            Some(b'/') => (true, start + 2),
            Some(b) if b.is_ascii_alphabetic() => (false, start + 1),
            Some(b'!' | b'?') => {
                at = html[start..]
                    .find('>')
                    .map_or(html.len(), |e| start + e + 1);
                continue;
            }
            _ => {
                at = start + 1;
                continue;
            }
        };
        let name_len = bytes[name_at..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':'))
            .count();
        let (end, closed) = tag_end(bytes, name_at + name_len);
        let name = lower[name_at..name_at + name_len].to_owned();
        let attributes = &html[name_at + name_len..end - usize::from(closed)];
        let mut tag = Tag {
            name,
            closing,
            attributes,
            start,
            end,
            raw_text: None,
        };
        at = end;
        if !closing && RAW.contains(&tag.name.as_str()) {
            let close = format!("</{}", tag.name);
            let text_end = lower[end..].find(&close).map_or(html.len(), |e| end + e);
            tag.raw_text = Some(&html[end..text_end]);
            at = text_end;
        }
        out.push(tag);
    }
    out
}

/// Past the `>` that ends a tag (outside quoted values), and `true`; or
/// the end of the page, and `false`.
fn tag_end(bytes: &[u8], from: usize) -> (usize, bool) {
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return (i + 1, true),
            _ => {}
        }
    }
    (bytes.len(), false)
}

/// Where the first `name` element's content is in the page whose tags are
/// `tags`: from past its start tag to its matching end tag (or the end).
pub fn element(tags: &[Tag], name: &str, page_len: usize) -> Option<(usize, usize)> {
    let open = tags.iter().position(|t| !t.closing && t.name == name)?;
    let mut depth = 0usize;
    for tag in &tags[open..] {
        if tag.name != name {
            continue;
        }
        if tag.closing {
            depth -= 1;
            if depth == 0 {
                return Some((tags[open].end, tag.start));
            }
        } else {
            depth += 1;
        }
    }
    Some((tags[open].end, page_len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_give_their_attributes_and_raw_text() {
        let html = r#"<!-- <meta name=x> --><HTML lang=fa><meta property="og:title" content='A &amp; B'><title>T &lt; U</title><script type="application/ld+json">{"a":"<b>"}</script><p data-x>"#;
        let tags = tags(html);
        let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            ["html", "meta", "title", "title", "script", "script", "p"]
        );
        assert_eq!(tags[0].attribute("lang").as_deref(), Some("fa"));
        assert_eq!(tags[1].attribute("content").as_deref(), Some("A & B"));
        assert_eq!(tags[1].attribute("property").as_deref(), Some("og:title"));
        assert_eq!(tags[2].raw_text, Some("T &lt; U"));
        assert_eq!(tags[4].raw_text, Some(r#"{"a":"<b>"}"#));
        assert_eq!(tags[6].attribute("data-x").as_deref(), Some(""));
    }

    #[test]
    fn a_tag_cut_off_by_the_end_keeps_its_attributes() {
        let cut = tags("<p title=\"é");
        assert_eq!(cut[0].attribute("title").as_deref(), Some("é"));
        let cut = tags("<p é");
        assert_eq!(cut[0].attribute("é").as_deref(), Some(""));
    }

    #[test]
    fn an_element_ends_at_its_matching_end_tag() {
        let html = "<body><div>a<div>b</div>c</div><div>d</div></body>";
        let tags = tags(html);
        let (from, to) = element(&tags, "div", html.len()).unwrap();
        assert_eq!(&html[from..to], "a<div>b</div>c");
        assert_eq!(element(&tags, "article", html.len()), None);
    }
}
