//! The seed format, end to end: the real seed article, every encoding and
//! layout variant it may arrive in, non-Latin articles, the accepted date
//! forms, and a typed, located error for each way a file can be malformed.

use broadsheet_core::{
    parse_seed_bytes, parse_seed_text, Article, Published, SeedError, SeedErrorKind,
};
use chrono::{NaiveDate, NaiveDateTime};
use proptest::prelude::*;

const SEED: &str = include_str!("../../../data/seed/75422.txt");

const TITLE: &str =
    "The Iraqi Prime Minister met with the Secretary of the Supreme National Security Council of Iran";

const LEAD: &str = "Admiral Ali Shamkhani, representative of Grand Ayatollah Khamenei and Secretary of the \
Supreme National Security Council of Iran, met with Iraqi Prime Minister Mustafa al-Kadhimi on Sunday \
afternoon to discuss bilateral issues and the latest political and security developments in the region.";

/// How each body paragraph of the seed file starts, in file order (counted
/// from data/seed/75422.txt: 15 non-blank lines = 2 header lines, the title
/// twice, the lead, 9 body paragraphs and 1 comment-form residue line).
const BODY_STARTS: [&str; 9] = [
    "NOURNEWS - In this meeting, Admiral Shamkhani welcomed the initiative of the Iraqi government",
    "The Secretary of the Supreme National Security Council of Iran called the increasing movements",
    "Referring to the cooperation of some compromising countries in the region with the Zionist regime",
    "He mentioned 20 years of catastrophic US occupation of Afghanistan",
    "Shamkhani said that the nations of the region have already incurred a lot of costs",
    "The Secretary of the Supreme National Security Council of Iran stressed the full implementation",
    "In this meeting, the Prime Minister of Iraq, Mustafa al-Kadhimi, referring to the privileged",
    "He added: \"The Iraqi nation and government will always stand by the Iranian government",
    "The Iraqi Prime Minister described the continuous cooperation of the national security institutions",
];

const RESIDUE: &str = "first name & last name";

fn seed() -> Article {
    parse_seed_text(SEED).expect("the seed article parses")
}

fn at(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, min, s)
        .unwrap()
}

/// The seed's non-blank lines, trimmed, in file order.
fn seed_lines() -> Vec<&'static str> {
    SEED.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

fn utf16_bytes(text: &str, little_endian: bool) -> Vec<u8> {
    let mut out = if little_endian {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for unit in text.encode_utf16() {
        out.extend_from_slice(&if little_endian {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    out
}

// ---------------------------------------------------------------------------
// The real seed article
// ---------------------------------------------------------------------------

#[test]
fn seed_file_has_the_layout_the_tests_assume() {
    let lines = seed_lines();
    assert_eq!(lines.len(), 15, "non-blank lines in data/seed/75422.txt");
    assert_eq!(lines[0], "News ID : 75422");
    assert_eq!(lines[1], "Publish Date : 9/13/2021 11:03:39 PM");
    assert_eq!(lines[2], TITLE);
    assert_eq!(lines[3], TITLE);
    assert_eq!(lines[4], LEAD);
    for (line, start) in lines[5..14].iter().zip(BODY_STARTS) {
        assert!(line.starts_with(start), "{line}");
    }
    assert_eq!(lines[14], RESIDUE);
}

#[test]
fn seed_article_parses_to_exactly_the_expected_fields() {
    let a = seed();
    assert_eq!(a.id, "75422");
    assert_eq!(a.published, Published::DateTime(at(2021, 9, 13, 23, 3, 39)));
    assert_eq!(a.title, TITLE);
    assert_eq!(a.lead, LEAD);
    assert_eq!(a.body.len(), 9, "body paragraphs after the lead");
    for (paragraph, start) in a.body.iter().zip(BODY_STARTS) {
        assert!(paragraph.starts_with(start), "{paragraph}");
    }
    assert!(
        a.body[0].starts_with("NOURNEWS - In this meeting"),
        "the dateline text is kept whole"
    );
    assert!(a.body[8].starts_with("The Iraqi Prime Minister described"));
    assert!(a.body[8].ends_with("to resolve misunderstandings that are detrimental to stability."));
    // The body is the file's paragraphs, verbatim and in order.
    assert_eq!(a.body, seed_lines()[5..14]);
    assert_eq!(a.source, "NOURNEWS");
    assert_eq!(a.url, None);
    assert_eq!(a.lang, None);
    assert_eq!(a.license, None);
    assert_eq!(a.validate(), Ok(()));
}

#[test]
fn seed_title_appears_once_and_residue_nowhere() {
    let a = seed();
    assert!(
        !a.paragraphs().any(|p| p == TITLE),
        "the repeated title is not a paragraph"
    );
    assert!(
        !a.paragraphs()
            .any(|p| p.to_lowercase().contains("first name")),
        "comment-form residue is dropped"
    );
    assert_eq!(a.paragraphs().count(), 10);
    assert_eq!(a.paragraphs().next(), Some(LEAD));
}

#[test]
fn bytes_and_text_entry_points_agree() {
    assert_eq!(parse_seed_bytes(SEED.as_bytes()), Ok(seed()));
}

// ---------------------------------------------------------------------------
// Encoding and layout variants: all give the same article
// ---------------------------------------------------------------------------

fn assert_same_as_plain(variant: &str, bytes: &[u8]) {
    assert_eq!(parse_seed_bytes(bytes), Ok(seed()), "{variant}");
}

#[test]
fn cr_only_line_endings_of_old_mac_files() {
    let cr = SEED.replace('\n', "\r");
    assert_same_as_plain("CR only", cr.as_bytes());
}

#[test]
fn crlf_line_endings() {
    let crlf = SEED.replace('\n', "\r\n");
    assert_same_as_plain("CRLF", crlf.as_bytes());
    assert_eq!(parse_seed_text(&crlf), Ok(seed()));
}

#[test]
fn utf8_byte_order_mark() {
    let bom = format!("\u{feff}{SEED}");
    assert_same_as_plain("UTF-8 BOM", bom.as_bytes());
    assert_eq!(parse_seed_text(&bom), Ok(seed()));
}

#[test]
fn utf16_little_endian_with_bom() {
    assert_same_as_plain("UTF-16LE", &utf16_bytes(SEED, true));
    assert_same_as_plain(
        "UTF-16LE + CRLF",
        &utf16_bytes(&SEED.replace('\n', "\r\n"), true),
    );
}

#[test]
fn utf16_big_endian_with_bom() {
    assert_same_as_plain("UTF-16BE", &utf16_bytes(SEED, false));
}

#[test]
fn trailing_spaces_and_tabs() {
    let padded: String = SEED.lines().map(|l| format!("{l} \t  \t\n")).collect();
    assert_same_as_plain("trailing white space", padded.as_bytes());
    let leading: String = SEED.lines().map(|l| format!("  \t{l}\n")).collect();
    assert_same_as_plain("leading white space", leading.as_bytes());
}

#[test]
fn three_blank_lines_between_every_paragraph() {
    let spread = seed_lines().join("\n\n\n\n");
    assert_same_as_plain("extra blank lines", spread.as_bytes());
    let blank_with_spaces = seed_lines().join("\n \n\t\n  \n");
    assert_same_as_plain(
        "blank lines holding white space",
        blank_with_spaces.as_bytes(),
    );
}

#[test]
fn no_blank_lines_at_all() {
    let dense = seed_lines().join("\n");
    assert_same_as_plain("no blank lines", dense.as_bytes());
}

#[test]
fn title_not_repeated() {
    let mut lines = seed_lines();
    lines.remove(3);
    assert_same_as_plain("title once", lines.join("\n\n").as_bytes());
}

#[test]
fn title_repeat_with_different_spacing_still_counts_as_the_repeat() {
    let text = SEED.replacen(
        &format!("\n\n\n{TITLE}"),
        &format!("\n\n\n  {}  ", TITLE.replace(' ', "  ")),
        1,
    );
    assert_ne!(text, SEED);
    assert_same_as_plain("title repeated with other spacing", text.as_bytes());
}

#[test]
fn every_variant_at_once() {
    let mut text = String::from("\u{feff}");
    for line in seed_lines() {
        text.push_str(line);
        text.push_str(" \t\r\n\r\n\r\n");
    }
    assert_same_as_plain(
        "BOM + CRLF + trailing white space + extra blanks",
        text.as_bytes(),
    );
    assert_same_as_plain("the same in UTF-16LE", &utf16_bytes(&text, true));
}

#[test]
fn no_trailing_newline_and_no_residue() {
    let lines = seed_lines();
    let text = lines[..14].join("\n\n");
    assert_same_as_plain("no residue, no final newline", text.as_bytes());
}

// ---------------------------------------------------------------------------
// Non-Latin articles
// ---------------------------------------------------------------------------

const PERSIAN_TITLE: &str = "خبر: دیدار نخست\u{200c}وزیر عراق با دبیر شورای عالی امنیت ملی";
const PERSIAN_LEAD: &str = "دریابان علی شمخانی، دبیر شورای عالی امنیت ملی، عصر یکشنبه با مصطفی الکاظمی دیدار و گفت\u{200c}وگو کرد.";
const PERSIAN_BODY: [&str; 2] = [
    "نورنیوز - در این دیدار، دو طرف درباره مسائل دوجانبه و تحولات منطقه گفت\u{200c}وگو کردند.",
    "همکاری\u{200c}های امنیتی دو کشور «ادامه خواهد یافت»؛ ۲۰ سال تجربه نشان داده است.",
];

fn persian_file() -> String {
    format!(
        "News ID : 80123\nPublish Date : 9/14/2021 8:15:00 AM\n{PERSIAN_TITLE}\n\n\n{PERSIAN_TITLE}\n\n{PERSIAN_LEAD}\n\n{}\n\n{}\n\n\n\nنام و نام خانوادگی\n\nایمیل\n\nنظر شما\n\nارسال\n",
        PERSIAN_BODY[0], PERSIAN_BODY[1]
    )
}

#[test]
fn persian_article_keeps_its_text_and_drops_the_residue() {
    let a = parse_seed_bytes(persian_file().as_bytes()).expect("Persian article parses");
    assert_eq!(a.id, "80123");
    assert_eq!(a.published, Published::DateTime(at(2021, 9, 14, 8, 15, 0)));
    assert_eq!(
        a.title, PERSIAN_TITLE,
        "title intact, zero-width non-joiner included"
    );
    assert_eq!(a.lead, PERSIAN_LEAD);
    assert_eq!(a.body, PERSIAN_BODY);
    assert!(a
        .paragraphs()
        .all(|p| !p.contains("نام و نام خانوادگی") && p != "ایمیل" && p != "ارسال"));
    // A dateline with no Latin capitals names no outlet rather than a wrong one.
    assert_eq!(a.source, "");
    assert_eq!(a.validate(), Ok(()));
}

#[test]
fn persian_article_in_utf16_and_crlf_is_the_same() {
    let plain = parse_seed_bytes(persian_file().as_bytes()).unwrap();
    let crlf = persian_file().replace('\n', "\r\n");
    assert_eq!(
        parse_seed_bytes(&utf16_bytes(&crlf, true)),
        Ok(plain.clone())
    );
    assert_eq!(parse_seed_bytes(&utf16_bytes(&crlf, false)), Ok(plain));
}

#[test]
fn arabic_article_keeps_its_text_and_drops_the_residue() {
    let title = "رئيس الوزراء العراقي يستقبل أمين المجلس الأعلى للأمن القومي الإيراني";
    let lead = "استقبل رئيس الوزراء العراقي مصطفى الكاظمي، مساء الأحد، الأدميرال علي شمخاني لبحث القضايا الثنائية.";
    let body = [
        "بغداد (واع) - أكد الجانبان أهمية تعزيز التعاون الأمني بين البلدين.",
        "وأضاف: \"العراق مستعد لاستخدام قدراته السياسية والأمنية\".",
    ];
    let file = format!(
        "News ID : 991\r\nPublish Date : 10/2/2021 14:30\r\n{title}\r\n\r\n{lead}\r\n\r\n{}\r\n\r\n{}\r\n\r\nالاسم\r\n\r\nالبريد الإلكتروني\r\n\r\nالتعليق\r\n",
        body[0], body[1]
    );
    let a = parse_seed_bytes(file.as_bytes()).expect("Arabic article parses");
    assert_eq!(a.id, "991");
    assert_eq!(a.published, Published::DateTime(at(2021, 10, 2, 14, 30, 0)));
    assert_eq!(a.title, title);
    assert_eq!(a.lead, lead);
    assert_eq!(a.body, body);
    assert!(a
        .paragraphs()
        .all(|p| p != "الاسم" && p != "البريد الإلكتروني" && p != "التعليق"));
    assert_eq!(a.validate(), Ok(()));
}

// ---------------------------------------------------------------------------
// Publish Date forms
// ---------------------------------------------------------------------------

fn with_date(date: &str) -> String {
    SEED.replacen("9/13/2021 11:03:39 PM", date, 1)
}

fn published_of(date: &str) -> Published {
    parse_seed_text(&with_date(date))
        .unwrap_or_else(|e| panic!("{date}: {e}"))
        .published
}

#[test]
fn date_without_seconds() {
    assert_eq!(
        published_of("9/13/2021 11:03 PM"),
        Published::DateTime(at(2021, 9, 13, 23, 3, 0))
    );
}

#[test]
fn date_on_a_24_hour_clock() {
    assert_eq!(
        published_of("9/13/2021 23:03:39"),
        Published::DateTime(at(2021, 9, 13, 23, 3, 39))
    );
    assert_eq!(
        published_of("9/13/2021 23:03"),
        Published::DateTime(at(2021, 9, 13, 23, 3, 0))
    );
    assert_eq!(
        published_of("09/03/2021 00:00:00"),
        Published::DateTime(at(2021, 9, 3, 0, 0, 0))
    );
}

#[test]
fn date_with_lower_case_meridiem() {
    assert_eq!(
        published_of("9/13/2021 11:03:39 pm"),
        Published::DateTime(at(2021, 9, 13, 23, 3, 39))
    );
    assert_eq!(
        published_of("9/13/2021 11:03:39 am"),
        Published::DateTime(at(2021, 9, 13, 11, 3, 39))
    );
}

#[test]
fn twelve_am_is_midnight_and_twelve_pm_is_noon() {
    assert_eq!(
        published_of("9/13/2021 12:07:05 AM"),
        Published::DateTime(at(2021, 9, 13, 0, 7, 5))
    );
    assert_eq!(
        published_of("9/13/2021 12:07 AM"),
        Published::DateTime(at(2021, 9, 13, 0, 7, 0))
    );
    assert_eq!(
        published_of("9/13/2021 12:07:05 PM"),
        Published::DateTime(at(2021, 9, 13, 12, 7, 5))
    );
}

#[test]
fn extra_spacing_inside_the_date_and_header() {
    let text = SEED.replacen(
        "Publish Date : 9/13/2021 11:03:39 PM",
        "publish date:9/13/2021   11:03:39    PM",
        1,
    );
    assert_eq!(parse_seed_text(&text), Ok(seed()));
}

#[test]
fn the_outlets_wall_clock_time_is_kept_unconverted() {
    let a = seed();
    assert_eq!(a.published.to_iso(), "2021-09-13T23:03:39");
    assert_eq!(a.published.display(), "13 Sep 2021, 23:03");
}

// ---------------------------------------------------------------------------
// Malformed files: a typed error naming the line and what was expected
// ---------------------------------------------------------------------------

fn expect_error(
    bytes: &[u8],
    kind: SeedErrorKind,
    line: usize,
    expected_words: &[&str],
) -> SeedError {
    let err = parse_seed_bytes(bytes).expect_err("malformed input must be an error");
    assert_eq!(err.kind, kind, "kind; error was: {err}");
    assert_eq!(err.line, line, "line; error was: {err}");
    let shown = err.to_string();
    assert!(
        shown.starts_with(&format!("line {line}: ")),
        "Display names the line: {shown}"
    );
    for word in expected_words {
        assert!(
            shown.contains(word),
            "Display should contain {word:?}: {shown}"
        );
    }
    // The text entry point agrees whenever the bytes are UTF-8.
    if let Ok(text) = std::str::from_utf8(bytes) {
        assert_eq!(parse_seed_text(text), Err(err.clone()));
    }
    err
}

#[test]
fn empty_file() {
    expect_error(
        b"",
        SeedErrorKind::Empty,
        1,
        &["empty", "expected `News ID"],
    );
}

#[test]
fn whitespace_only_file() {
    expect_error(
        b"  \n\t\r\n \n\r\n",
        SeedErrorKind::Empty,
        1,
        &["empty", "expected `News ID"],
    );
    expect_error(
        "\u{feff}\n\n".as_bytes(),
        SeedErrorKind::Empty,
        1,
        &["expected `News ID"],
    );
}

#[test]
fn no_news_id_first_line_is_the_title() {
    let text = seed_lines()[2..].join("\n\n");
    let found = format!("{}…", TITLE.chars().take(60).collect::<String>());
    expect_error(
        text.as_bytes(),
        SeedErrorKind::ExpectedNewsId {
            found: found.clone(),
        },
        1,
        &["expected `News ID : <id>`", &found],
    );
}

#[test]
fn no_news_id_first_line_is_the_date() {
    let text = SEED.replacen("News ID : 75422\n", "", 1);
    expect_error(
        text.as_bytes(),
        SeedErrorKind::ExpectedNewsId {
            found: "Publish Date : 9/13/2021 11:03:39 PM".into(),
        },
        1,
        &["expected `News ID : <id>`", "Publish Date"],
    );
}

#[test]
fn news_id_located_after_leading_blank_lines() {
    let text = format!("\n\n{}", seed_lines()[2..].join("\n"));
    let err = parse_seed_text(&text).unwrap_err();
    assert!(matches!(err.kind, SeedErrorKind::ExpectedNewsId { .. }));
    assert_eq!(err.line, 3);
}

#[test]
fn empty_news_id() {
    let text = SEED.replacen("News ID : 75422", "News ID :", 1);
    expect_error(
        text.as_bytes(),
        SeedErrorKind::EmptyNewsId,
        1,
        &["News ID", "no value", "expected"],
    );
    let spaces = SEED.replacen("News ID : 75422", "News ID :   \t", 1);
    expect_error(
        spaces.as_bytes(),
        SeedErrorKind::EmptyNewsId,
        1,
        &["no value"],
    );
}

#[test]
fn missing_publish_date_line() {
    let text = SEED.replacen("Publish Date : 9/13/2021 11:03:39 PM\n", "", 1);
    let found = format!("{}…", TITLE.chars().take(60).collect::<String>());
    expect_error(
        text.as_bytes(),
        SeedErrorKind::ExpectedPublishDate {
            found: Some(found.clone()),
        },
        2,
        &["expected `Publish Date : M/D/YYYY h:mm:ss AM|PM`", &found],
    );
    // Located on its real line when blank lines come first.
    let spaced = SEED.replacen("Publish Date : 9/13/2021 11:03:39 PM\n", "\n\n", 1);
    expect_error(
        spaced.as_bytes(),
        SeedErrorKind::ExpectedPublishDate { found: Some(found) },
        4,
        &["Publish Date"],
    );
}

#[test]
fn file_ends_after_the_news_id() {
    expect_error(
        b"News ID : 75422\n",
        SeedErrorKind::ExpectedPublishDate { found: None },
        2,
        &["expected `Publish Date", "end of the file"],
    );
}

#[test]
fn bad_publish_dates() {
    for bad in [
        "13/45/2021 1:00 PM",
        "0/0/0",
        "2021-13-45",
        "9/31/2021 10:00 AM",
        "9/13/2021 13:00 PM",
        "yesterday",
    ] {
        let text = with_date(bad);
        expect_error(
            text.as_bytes(),
            SeedErrorKind::BadPublishDate { value: bad.into() },
            2,
            &[bad, "expected M/D/YYYY h:mm:ss AM|PM"],
        );
    }
}

#[test]
fn two_digit_years_are_rejected_not_read_as_the_year_21() {
    let text = with_date("9/13/21 11:03:39 PM");
    expect_error(
        text.as_bytes(),
        SeedErrorKind::BadPublishDate {
            value: "9/13/21 11:03:39 PM".into(),
        },
        2,
        &["expected M/D/YYYY"],
    );
}

#[test]
fn empty_publish_date_value() {
    let text = with_date("");
    expect_error(
        text.as_bytes(),
        SeedErrorKind::BadPublishDate {
            value: String::new(),
        },
        2,
        &["expected M/D/YYYY"],
    );
}

#[test]
fn truncated_after_the_date() {
    expect_error(
        b"News ID : 75422\nPublish Date : 9/13/2021 11:03:39 PM\n",
        SeedErrorKind::ExpectedTitle,
        3,
        &["expected the title", "end of the file"],
    );
    expect_error(
        b"News ID : 75422\r\nPublish Date : 9/13/2021 11:03:39 PM\r\n",
        SeedErrorKind::ExpectedTitle,
        3,
        &["expected the title"],
    );
}

#[test]
fn title_but_no_text() {
    // The title and its repeat, then nothing: lines 1-6, end on line 7.
    let text =
        format!("News ID : 75422\nPublish Date : 9/13/2021 11:03:39 PM\n{TITLE}\n\n\n{TITLE}\n");
    expect_error(
        text.as_bytes(),
        SeedErrorKind::ExpectedText,
        7,
        &["expected the article text", "end of the file"],
    );
    let once = format!("News ID : 75422\nPublish Date : 9/13/2021 11:03:39 PM\n{TITLE}\n");
    expect_error(
        once.as_bytes(),
        SeedErrorKind::ExpectedText,
        4,
        &["expected the article text"],
    );
}

#[test]
fn only_residue_after_the_title() {
    let text = format!("News ID : 75422\nPublish Date : 9/13/2021 11:03:39 PM\n{TITLE}\n\n\n{TITLE}\n\n\n\nfirst name & last name\n\n");
    expect_error(
        text.as_bytes(),
        SeedErrorKind::ExpectedText,
        12,
        &["expected the article text"],
    );
    let persian = format!(
        "News ID : 1\nPublish Date : 9/14/2021 8:15 AM\n{PERSIAN_TITLE}\nنام و نام خانوادگی\nارسال"
    );
    expect_error(
        persian.as_bytes(),
        SeedErrorKind::ExpectedText,
        5,
        &["expected the article text"],
    );
}

#[test]
fn binary_junk_with_invalid_utf8() {
    let junk = [
        0x00, 0x13, 0x37, 0xC3, 0x28, 0xFF, 0x00, 0x9F, 0x80, 0x0A, 0x01,
    ];
    expect_error(
        &junk,
        SeedErrorKind::NotText { byte_offset: 3 },
        1,
        &["offset 3", "expected UTF-8"],
    );
}

#[test]
fn invalid_utf8_is_located_on_its_line() {
    let mut bytes =
        b"News ID : 75422\nPublish Date : 9/13/2021 11:03:39 PM\nTitle\n\nLead ".to_vec();
    let offset = bytes.len();
    bytes.extend_from_slice(&[0xFF, 0xFE, 0x00, b'x']);
    expect_error(
        &bytes,
        SeedErrorKind::NotText {
            byte_offset: offset,
        },
        5,
        &[&format!("offset {offset}")],
    );
}

#[test]
fn nul_byte_in_valid_utf8_is_binary() {
    let text = SEED.replacen("Admiral Ali", "Admiral\0Ali", 1);
    expect_error(
        text.as_bytes(),
        SeedErrorKind::Binary,
        8,
        &["binary", "expected"],
    );
    expect_error(b"\0\0\0\0", SeedErrorKind::Binary, 1, &["binary"]);
}

#[test]
fn other_control_characters_are_binary() {
    let text = SEED.replacen("NOURNEWS - ", "NOURNEWS -\u{1b}[31m ", 1);
    expect_error(text.as_bytes(), SeedErrorKind::Binary, 10, &["binary"]);
}

#[test]
fn utf16_without_a_bom_is_binary_not_garbage() {
    let bytes: Vec<u8> = SEED.encode_utf16().flat_map(u16::to_le_bytes).collect();
    expect_error(&bytes, SeedErrorKind::Binary, 1, &["binary"]);
}

#[test]
fn utf16_with_an_unpaired_surrogate_is_located() {
    // Line 3 holds a lone high surrogate (0xD800) after "Ti".
    let mut bytes = utf16_bytes("News ID : 1\nPublish Date : 9/13/2021 11:03 PM\nTi", true);
    let offset = bytes.len();
    bytes.extend_from_slice(&[0x00, 0xD8, b'x', 0x00]);
    expect_error(
        &bytes,
        SeedErrorKind::NotText {
            byte_offset: offset,
        },
        3,
        &["not text"],
    );
}

#[test]
fn utf16_with_an_odd_byte_count_is_not_text() {
    // A truncated UTF-16 file: the last code unit has lost its high byte.
    // It must not be decoded as some other character.
    let mut bytes = utf16_bytes(&persian_file(), true);
    bytes.pop();
    let last = bytes.len() - 1;
    let lines = persian_file().matches('\n').count();
    expect_error(
        &bytes,
        SeedErrorKind::NotText { byte_offset: last },
        lines,
        &["not text"],
    );
}

#[test]
fn a_bom_alone_is_empty() {
    expect_error(&[0xFF, 0xFE], SeedErrorKind::Empty, 1, &["empty"]);
    expect_error(&[0xEF, 0xBB, 0xBF], SeedErrorKind::Empty, 1, &["empty"]);
}

// ---------------------------------------------------------------------------
// Properties: never a panic; anything accepted is a valid article
// ---------------------------------------------------------------------------

fn check_outcome(bytes: &[u8]) -> Result<(), TestCaseError> {
    match parse_seed_bytes(bytes) {
        Ok(a) => {
            prop_assert_eq!(a.validate(), Ok(()));
            prop_assert!(!a.id.trim().is_empty());
            prop_assert!(!a.title.trim().is_empty());
            prop_assert!(!a.lead.trim().is_empty());
            prop_assert!(a.body.iter().all(|p| !p.trim().is_empty()));
            prop_assert!(matches!(a.published, Published::DateTime(_)));
        }
        Err(e) => {
            prop_assert!(e.line >= 1);
            // A lone CR ends a line too (old Mac files), so count both.
            let breaks = bytes.iter().filter(|&&b| b == b'\n' || b == b'\r').count();
            prop_assert!(e.line <= 1 + breaks);
            let prefix = format!("line {}: ", e.line);
            prop_assert!(e.to_string().starts_with(&prefix), "{}", e);
        }
    }
    Ok(())
}

#[derive(Clone, Debug)]
enum Mutation {
    Delete(prop::sample::Index),
    Duplicate(prop::sample::Index),
    TruncateLine(prop::sample::Index, prop::sample::Index),
    Swap(prop::sample::Index, prop::sample::Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<prop::sample::Index>().prop_map(Mutation::Delete),
        any::<prop::sample::Index>().prop_map(Mutation::Duplicate),
        (any::<prop::sample::Index>(), any::<prop::sample::Index>())
            .prop_map(|(l, c)| Mutation::TruncateLine(l, c)),
        (any::<prop::sample::Index>(), any::<prop::sample::Index>())
            .prop_map(|(a, b)| Mutation::Swap(a, b)),
    ]
}

fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    for m in mutations {
        if lines.is_empty() {
            break;
        }
        match m {
            Mutation::Delete(i) => {
                lines.remove(i.index(lines.len()));
            }
            Mutation::Duplicate(i) => {
                let i = i.index(lines.len());
                lines.insert(i, lines[i].clone());
            }
            Mutation::TruncateLine(i, c) => {
                let i = i.index(lines.len());
                let line = &mut lines[i];
                let cut = line
                    .char_indices()
                    .map(|(at, _)| at)
                    .nth(c.index(line.chars().count() + 1));
                line.truncate(cut.unwrap_or(line.len()));
            }
            Mutation::Swap(a, b) => {
                let (a, b) = (a.index(lines.len()), b.index(lines.len()));
                lines.swap(a, b);
            }
        }
    }
    lines.join("\n")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        check_outcome(&bytes)?;
    }

    #[test]
    fn arbitrary_bytes_after_a_utf16_bom_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let mut with_bom = vec![0xFF, 0xFE];
        with_bom.extend(bytes);
        check_outcome(&with_bom)?;
    }

    #[test]
    fn arbitrary_text_after_valid_headers_never_panics(tail in "\\PC{0,200}(\n\\PC{0,80}){0,8}") {
        let text = format!("News ID : 1\nPublish Date : 9/13/2021 11:03 PM\n{tail}");
        check_outcome(text.as_bytes())?;
    }

    #[test]
    fn mutated_seed_never_panics(mutations in prop::collection::vec(mutation(), 0..8)) {
        let text = mutate(SEED, &mutations);
        check_outcome(text.as_bytes())?;
        check_outcome(&utf16_bytes(&text, true))?;
    }

    #[test]
    fn mutated_non_latin_seed_never_panics(mutations in prop::collection::vec(mutation(), 0..8)) {
        check_outcome(mutate(&persian_file(), &mutations).as_bytes())?;
    }

    #[test]
    fn seed_cut_at_any_byte_never_panics(cut in 0usize..=SEED.len()) {
        check_outcome(&SEED.as_bytes()[..cut])?;
        let utf16 = utf16_bytes(SEED, true);
        check_outcome(&utf16[..cut.min(utf16.len())])?;
    }
}
