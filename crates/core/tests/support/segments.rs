//! Sets and part sizes the partitioned-index tests share: the bundled set
//! with Persian and language-less articles, and part targets so small
//! that a few hundred articles need hundreds of parts.

use broadsheet_core::search::PartitionOptions;
use broadsheet_core::Article;

/// Part targets small enough that the bundled set needs hundreds of parts,
/// and every prefix with a little weight gets a set.
pub fn tiny() -> PartitionOptions {
    PartitionOptions {
        stream_part_bytes: 300,
        tf_part_bytes: 400,
        position_part_bytes: 600,
        dict_block_bytes: 300,
        lexicon_part_bytes: 300,
        norm_range_docs: 50,
        prefix_set_max_chars: 4,
        prefix_set_min_bytes: 100,
        stem_part_bytes: 200,
        stream_span_bytes: 250,
        doc_span_bytes: 64,
    }
}

/// Persian words for `with_languages`: plurals (`کتاب‌ها` with a ZWNJ),
/// an Arabic loan's plural (`انتخابات`), and words that only look like one.
const PERSIAN: &[&str] = &[
    "کتاب",
    "کتاب‌ها",
    "کتابهای",
    "انتخابات",
    "انتخاب",
    "ایران",
    "سازمان",
    "نمایندگان",
    "نماینده",
    "خبر",
    "خبرها",
    "تازه",
];

/// The bundled set (English) with every fourth article's language removed,
/// and 40 Persian articles (`fa`, `fa-IR`) of pseudo-random words, some
/// with English words among them; newest first.
pub fn with_languages(base: &[Article]) -> Vec<Article> {
    let mut articles = base.to_vec();
    for a in articles.iter_mut().step_by(4) {
        a.lang = None;
    }
    let mut x = 2024u32;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        x as usize
    };
    for i in 0..40 {
        let mut text = |n: usize| {
            let k = next() % n + 1;
            let words: Vec<&str> = (0..k)
                .map(|_| match next() % 10 {
                    0 => ["elections", "storm", "running"][next() % 3],
                    _ => PERSIAN[next() % PERSIAN.len()],
                })
                .collect();
            words.join(" ")
        };
        let mut a = Article::builder(format!("fa-{i}"))
            .title(text(6))
            .published(&format!("2019-{:02}-{:02}", i % 12 + 1, i % 28 + 1))
            .lead(text(20))
            .body([text(40)])
            .build();
        a.lang = Some(if i % 2 == 0 { "fa" } else { "fa-IR" }.to_owned());
        articles.push(a);
    }
    broadsheet_core::set::sort_newest_first(&mut articles);
    articles
}
