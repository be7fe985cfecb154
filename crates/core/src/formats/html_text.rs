//! HTML as paragraphs of plain text: what a feed's `content:encoded`, an
//! Atom entry's `content` or a page's body becomes. Text only: no markup
//! survives (the page never puts article text into `innerHTML` anyway),
//! scripts, styles and comments are dropped with their content, entities
//! are decoded, and block elements (`p`, `div`, `br`, `li`, headings, …)
//! end a paragraph.
//!
//! A forgiving scanner, not a parser: broken markup gives its text, never
//! an error. Named entities are the ones news text uses (the XML five,
//! spaces and dashes, quotes, Latin-1 letters and signs); others are kept
//! as written.

/// Elements whose content is never text for a reader.
const DROPPED: [&str; 9] = [
    "script", "style", "noscript", "template", "iframe", "svg", "head", "object", "select",
];

/// Elements that start or end a paragraph.
const BLOCKS: [&str; 33] = [
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "section",
    "article",
    "header",
    "footer",
    "figure",
    "figcaption",
    "table",
    "tr",
    "pre",
    "hr",
    "dd",
    "dt",
    "dl",
    "aside",
    "nav",
    "main",
    "address",
    "caption",
    "details",
    "summary",
];

/// The paragraphs of `html`, each trimmed, with runs of white space made
/// one space; empty ones left out.
pub fn html_paragraphs(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut rest = html;
    while let Some(at) = rest.find(['<', '&']) {
        push_text(&mut current, &rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('&') {
            let (decoded, used) = entity(rest);
            push_text(&mut current, &decoded);
            rest = &rest[used..];
            continue;
        }
        // A comment, a doctype or CDATA: skipped whole.
        if let Some(body) = rest.strip_prefix("<!--") {
            rest = body.find("-->").map_or("", |end| &body[end + 3..]);
            continue;
        }
        let Some(tag) = Tag::read(rest) else {
            // A `<` that opens no tag is text (`a < b`).
            push_text(&mut current, "<");
            rest = &rest[1..];
            continue;
        };
        rest = &rest[tag.len..];
        let name = tag.name.to_ascii_lowercase();
        if !tag.closing && DROPPED.contains(&name.as_str()) {
            rest = after_closing(rest, &name);
            continue;
        }
        if BLOCKS.contains(&name.as_str()) {
            end_paragraph(&mut out, &mut current);
        }
    }
    push_text(&mut current, rest);
    end_paragraph(&mut out, &mut current);
    out
}

/// Plain text of `html` on one line (titles).
pub fn html_line(html: &str) -> String {
    html_paragraphs(html).join(" ")
}

fn end_paragraph(out: &mut Vec<String>, current: &mut String) {
    let text = current.trim();
    if !text.is_empty() {
        out.push(text.to_owned());
    }
    current.clear();
}

/// Appends `text` with each run of white space as one space.
fn push_text(current: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            if !current.is_empty() && !current.ends_with(' ') {
                current.push(' ');
            }
        } else {
            current.push(c);
        }
    }
}

/// What follows the end tag of `name` (all the rest if there is none).
fn after_closing<'a>(rest: &'a str, name: &str) -> &'a str {
    let mut from = 0;
    while let Some(at) = rest[from..].find("</") {
        let start = from + at;
        let candidate = &rest[start + 2..];
        if candidate
            .get(..name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
        {
            let after = &candidate[name.len()..];
            return after.find('>').map_or("", |end| &after[end + 1..]);
        }
        from = start + 2;
    }
    ""
}

/// A tag at the start of the text: `<name …>`, `</name>`, `<!…>`, `<?…?>`.
struct Tag<'a> {
    name: &'a str,
    closing: bool,
    /// Bytes up to and including its `>`.
    len: usize,
}

impl<'a> Tag<'a> {
    fn read(text: &'a str) -> Option<Tag<'a>> {
        let bytes = text.as_bytes();
        let (closing, name_at) = match bytes.get(1)? {
            b'/' => (true, 2),
            b'!' | b'?' => (false, 1),
            b if b.is_ascii_alphabetic() => (false, 1),
            _ => return None,
        };
        let name_len = bytes[name_at..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':' | b'!' | b'?'))
            .count();
        // The `>` that ends it, outside quoted attribute values.
        let mut quote = None;
        for (i, &b) in bytes.iter().enumerate().skip(name_at + name_len) {
            match (quote, b) {
                (None, b'"' | b'\'') => quote = Some(b),
                (Some(q), _) if b == q => quote = None,
                (None, b'>') => {
                    return Some(Tag {
                        name: &text[name_at..name_at + name_len],
                        closing,
                        len: i + 1,
                    })
                }
                _ => {}
            }
        }
        // Never closed: the rest is the tag (cut-off markup shows nothing).
        Some(Tag {
            name: &text[name_at..name_at + name_len],
            closing,
            len: text.len(),
        })
    }
}

/// The character an entity at the start of `text` stands for, and its
/// length; `&` itself when it is none this reader knows.
fn entity(text: &str) -> (String, usize) {
    let end = text.as_bytes().iter().take(12).position(|&b| b == b';');
    let Some(end) = end else {
        return ("&".into(), 1);
    };
    let name = &text[1..end];
    let decoded = if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => number.parse::<u32>().ok(),
        };
        code.map(|c| {
            char::from_u32(c)
                .filter(|c| *c != '\0')
                .unwrap_or('\u{fffd}')
        })
    } else {
        named_entity(name)
    };
    match decoded {
        Some(c) => (c.to_string(), end + 1),
        None => ("&".into(), 1),
    }
}

fn named_entity(name: &str) -> Option<char> {
    const NAMED: &[(&str, char)] = &[
        ("amp", '&'),
        ("lt", '<'),
        ("gt", '>'),
        ("quot", '"'),
        ("apos", '\''),
        ("nbsp", '\u{a0}'),
        ("ensp", '\u{2002}'),
        ("emsp", '\u{2003}'),
        ("thinsp", '\u{2009}'),
        ("shy", '\u{ad}'),
        ("zwnj", '\u{200c}'),
        ("zwj", '\u{200d}'),
        ("lrm", '\u{200e}'),
        ("rlm", '\u{200f}'),
        ("ndash", '–'),
        ("mdash", '—'),
        ("hellip", '…'),
        ("lsquo", '‘'),
        ("rsquo", '’'),
        ("sbquo", '‚'),
        ("ldquo", '“'),
        ("rdquo", '”'),
        ("bdquo", '„'),
        ("laquo", '«'),
        ("raquo", '»'),
        ("lsaquo", '‹'),
        ("rsaquo", '›'),
        ("bull", '•'),
        ("middot", '·'),
        ("prime", '′'),
        ("Prime", '″'),
        ("dagger", '†'),
        ("Dagger", '‡'),
        ("permil", '‰'),
        ("copy", '©'),
        ("reg", '®'),
        ("trade", '™'),
        ("deg", '°'),
        ("euro", '€'),
        ("pound", '£'),
        ("yen", '¥'),
        ("cent", '¢'),
        ("curren", '¤'),
        ("sect", '§'),
        ("para", '¶'),
        ("times", '×'),
        ("divide", '÷'),
        ("plusmn", '±'),
        ("minus", '−'),
        ("frac12", '½'),
        ("frac14", '¼'),
        ("frac34", '¾'),
        ("sup1", '¹'),
        ("sup2", '²'),
        ("sup3", '³'),
        ("iexcl", '¡'),
        ("iquest", '¿'),
        ("ordf", 'ª'),
        ("ordm", 'º'),
        ("micro", 'µ'),
        ("not", '¬'),
        ("macr", '¯'),
        ("acute", '´'),
        ("cedil", '¸'),
        ("uml", '¨'),
        ("brvbar", '¦'),
        ("szlig", 'ß'),
        ("aacute", 'á'),
        ("Aacute", 'Á'),
        ("agrave", 'à'),
        ("Agrave", 'À'),
        ("acirc", 'â'),
        ("Acirc", 'Â'),
        ("atilde", 'ã'),
        ("Atilde", 'Ã'),
        ("auml", 'ä'),
        ("Auml", 'Ä'),
        ("aring", 'å'),
        ("Aring", 'Å'),
        ("aelig", 'æ'),
        ("AElig", 'Æ'),
        ("ccedil", 'ç'),
        ("Ccedil", 'Ç'),
        ("eacute", 'é'),
        ("Eacute", 'É'),
        ("egrave", 'è'),
        ("Egrave", 'È'),
        ("ecirc", 'ê'),
        ("Ecirc", 'Ê'),
        ("euml", 'ë'),
        ("Euml", 'Ë'),
        ("iacute", 'í'),
        ("Iacute", 'Í'),
        ("igrave", 'ì'),
        ("Igrave", 'Ì'),
        ("icirc", 'î'),
        ("Icirc", 'Î'),
        ("iuml", 'ï'),
        ("Iuml", 'Ï'),
        ("eth", 'ð'),
        ("ETH", 'Ð'),
        ("ntilde", 'ñ'),
        ("Ntilde", 'Ñ'),
        ("oacute", 'ó'),
        ("Oacute", 'Ó'),
        ("ograve", 'ò'),
        ("Ograve", 'Ò'),
        ("ocirc", 'ô'),
        ("Ocirc", 'Ô'),
        ("otilde", 'õ'),
        ("Otilde", 'Õ'),
        ("ouml", 'ö'),
        ("Ouml", 'Ö'),
        ("oslash", 'ø'),
        ("Oslash", 'Ø'),
        ("uacute", 'ú'),
        ("Uacute", 'Ú'),
        ("ugrave", 'ù'),
        ("Ugrave", 'Ù'),
        ("ucirc", 'û'),
        ("Ucirc", 'Û'),
        ("uuml", 'ü'),
        ("Uuml", 'Ü'),
        ("yacute", 'ý'),
        ("Yacute", 'Ý'),
        ("yuml", 'ÿ'),
        ("thorn", 'þ'),
        ("THORN", 'Þ'),
        ("oelig", 'œ'),
        ("OElig", 'Œ'),
        ("scaron", 'š'),
        ("Scaron", 'Š'),
    ];
    NAMED.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_make_paragraphs_and_inline_markup_goes() {
        let html = "<p>Tehran&#8217;s <b>reservoirs</b> are low.</p>\n<p>Officials &amp; experts\n   agree.<br/>A new line</p><ul><li>One</li><li>Two</li></ul>";
        assert_eq!(
            html_paragraphs(html),
            [
                "Tehran’s reservoirs are low.",
                "Officials & experts agree.",
                "A new line",
                "One",
                "Two"
            ]
        );
    }

    #[test]
    fn scripts_styles_and_comments_are_dropped_with_their_content() {
        let html = "<div>Before<script type=\"text/javascript\">var x = '<p>no</p>';</script><style>p{}</style><!-- <p>hidden</p> -->after</div><SCRIPT>alert(1)</SCRIPT>End";
        assert_eq!(html_paragraphs(html), ["Beforeafter", "End"]);
    }

    #[test]
    fn entities_decode_and_unknown_ones_stay_as_written() {
        assert_eq!(
            html_line("caf&eacute; &ldquo;quoted&rdquo; &#x41;&#66; &nbsp;x"),
            "café “quoted” AB \u{a0}x"
        );
        assert_eq!(html_line("AT&T &bogus; R&D"), "AT&T &bogus; R&D");
        assert_eq!(html_line("&#0; &#xD800;"), "\u{fffd} \u{fffd}");
    }

    #[test]
    fn broken_markup_gives_its_text() {
        assert_eq!(html_line("a < b and c > d"), "a < b and c > d");
        assert_eq!(html_line("<p title=\"x > y\">Quoted</p>"), "Quoted");
        assert_eq!(html_paragraphs("Text then <a href=\"cut"), ["Text then"]);
        assert_eq!(
            html_paragraphs("<script>never closed"),
            Vec::<String>::new()
        );
        assert_eq!(html_paragraphs(""), Vec::<String>::new());
    }
}
