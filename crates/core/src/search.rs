//! The first search: every word of the query must appear, case-insensitively,
//! somewhere in the title, lead or body. Each article's text is folded once
//! when the set loads, so a keystroke only scans prepared strings.

use crate::article::Article;

/// A parsed query: lower-cased words, all of which must match.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchQuery {
    words: Vec<String>,
}

impl SearchQuery {
    pub fn parse(text: &str) -> Self {
        SearchQuery {
            words: text.split_whitespace().map(fold).collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// Folded text of every article, in the same order as the articles.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchIndex {
    texts: Vec<String>,
}

impl SearchIndex {
    pub fn new(articles: &[Article]) -> Self {
        let texts = articles
            .iter()
            .map(|a| {
                let mut text = fold(&a.title);
                for p in a.paragraphs() {
                    text.push('\n');
                    text.push_str(&fold(p));
                }
                text
            })
            .collect();
        SearchIndex { texts }
    }

    /// Positions of the matching articles, in article order. An empty query
    /// matches everything.
    pub fn search(&self, query: &SearchQuery) -> Vec<usize> {
        self.texts
            .iter()
            .enumerate()
            .filter(|(_, text)| query.words.iter().all(|w| text.contains(w.as_str())))
            .map(|(i, _)| i)
            .collect()
    }
}

/// Case folding shared by the index and the query.
fn fold(text: &str) -> String {
    text.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::published::Published;

    fn article(id: &str, title: &str, lead: &str, body: &[&str]) -> Article {
        Article {
            id: id.into(),
            title: title.into(),
            published: Published::parse_iso("2020-01-01").unwrap(),
            lead: lead.into(),
            body: body.iter().map(|s| s.to_string()).collect(),
            source: String::new(),
            url: None,
            lang: None,
            license: None,
        }
    }

    #[test]
    fn every_word_must_match_in_any_field_ignoring_case() {
        let set = [
            article("a", "Iraqi Prime Minister meets Shamkhani", "Lead", &[]),
            article(
                "b",
                "Storm in Texas",
                "The governor spoke",
                &["Iraq was not mentioned"],
            ),
            article("c", "ЗЕМЛЕТРЯСЕНИЕ", "", &["Body"]),
        ];
        let index = SearchIndex::new(&set);
        assert_eq!(index.search(&SearchQuery::parse("iraq")), vec![0, 1]);
        assert_eq!(index.search(&SearchQuery::parse("IRAQ governor")), vec![1]);
        assert_eq!(
            index.search(&SearchQuery::parse("iraq  storm   texas")),
            vec![1]
        );
        assert_eq!(index.search(&SearchQuery::parse("землетрясение")), vec![2]);
        assert_eq!(
            index.search(&SearchQuery::parse("iraq nowhere")),
            Vec::<usize>::new()
        );
        assert_eq!(index.search(&SearchQuery::parse("   ")), vec![0, 1, 2]);
    }
}
