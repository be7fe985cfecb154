//! When an article was published, as the outlet wrote it.
//!
//! Outlets give local wall-clock times with no zone, so a time is kept as a
//! `NaiveDateTime` and never converted: `11:03 PM` in the file is `23:03` on
//! every reader's screen, whatever their time zone. Some sources only give a
//! day; that stays a day and is never shown with an invented midnight.

use crate::date_text;
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Published {
    /// A local date and time without zone, e.g. `2021-09-13T23:03:39`.
    DateTime(NaiveDateTime),
    /// A day without a time, e.g. `2019-01-04`.
    Date(NaiveDate),
}

impl Published {
    pub fn date(&self) -> NaiveDate {
        match self {
            Published::DateTime(dt) => dt.date(),
            Published::Date(d) => *d,
        }
    }

    /// ISO 8601 without zone: `2021-09-13T23:03:39` or `2019-01-04`.
    /// This is the stored form and the `<time datetime>` value.
    pub fn to_iso(&self) -> String {
        match self {
            Published::DateTime(dt) => date_text::iso_date_time(*dt),
            Published::Date(d) => date_text::iso_day(*d),
        }
    }

    /// Parses the stored ISO form. Accepts a date-time with or without
    /// seconds (fractional seconds are dropped, as [`to_iso`](Self::to_iso)
    /// would drop them), or a bare date; rejects zones, because a zone would
    /// invite shifting the outlet's time, and years that are not four digits.
    pub fn parse_iso(text: &str) -> Result<Published, String> {
        let t = text.trim();
        let parsed = date_text::parse_iso_date_time(t)
            .map(|dt| {
                // Whole seconds (a leap second stays one), so the value
                // equals what it is written back as.
                let whole = dt.nanosecond() / 1_000_000_000 * 1_000_000_000;
                Published::DateTime(dt.with_nanosecond(whole).unwrap_or(dt))
            })
            .or_else(|| date_text::parse_iso_day(t).map(Published::Date));
        if let Some(p) = parsed.filter(|p| four_digit_year(p.date())) {
            return Ok(p);
        }
        Err(format!(
            "`{}` is not an ISO 8601 date (YYYY-MM-DD) or local date-time (YYYY-MM-DDTHH:MM:SS, no zone)",
            shorten(t, 40)
        ))
    }

    /// What a reader sees: `13 Sep 2021, 23:03`, or `4 Jan 2019` for a day.
    /// Month names are fixed English abbreviations so the text is the same in
    /// every browser and locale.
    pub fn display(&self) -> String {
        match self {
            Published::DateTime(dt) => date_text::date_time_label(*dt),
            Published::Date(d) => date_text::day_label(*d),
        }
    }

    /// Sort key: by day, then by time; a day-only date sorts before any
    /// timed article of the same day (it says less, so it goes last when
    /// newest is first).
    fn key(&self) -> (NaiveDate, Option<chrono::NaiveTime>) {
        match self {
            Published::DateTime(dt) => (dt.date(), Some(dt.time())),
            Published::Date(d) => (*d, None),
        }
    }
}

impl Ord for Published {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

impl PartialOrd for Published {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Published {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_iso())
    }
}

impl Serialize for Published {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_iso())
    }
}

impl<'de> Deserialize<'de> for Published {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Published::parse_iso(&text).map_err(serde::de::Error::custom)
    }
}

/// Years 1000 to 9999 only: chrono's `%Y` also reads `21` as the year 21
/// and `+12021` as a five-digit year, neither of which an outlet means.
pub(crate) fn four_digit_year(date: NaiveDate) -> bool {
    (1000..=9999).contains(&date.year())
}

/// At most `max` characters of `text`, with an ellipsis when cut; used to
/// quote bad input in error messages without flooding them.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    let mut out: String = text.chars().take(max).collect();
    if text.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str) -> Published {
        Published::parse_iso(s).unwrap()
    }

    #[test]
    fn iso_round_trip_keeps_day_only_dates_day_only() {
        assert_eq!(dt("2019-01-04").to_iso(), "2019-01-04");
        assert_eq!(dt("2021-09-13T23:03:39").to_iso(), "2021-09-13T23:03:39");
        assert_eq!(dt("2021-09-13T23:03").to_iso(), "2021-09-13T23:03:00");
        assert_eq!(dt("2021-09-13T23:03:39.75"), dt("2021-09-13T23:03:39"));
    }

    #[test]
    fn zones_and_nonsense_are_rejected() {
        assert!(Published::parse_iso("2021-09-13T23:03:39Z").is_err());
        assert!(Published::parse_iso("2021-09-13T23:03:39+03:30").is_err());
        assert!(Published::parse_iso("2021-13-45").is_err());
        assert!(Published::parse_iso("yesterday").is_err());
        assert!(Published::parse_iso("21-09-13").is_err());
        assert!(Published::parse_iso("+12021-09-13").is_err());
    }

    #[test]
    fn display_is_fixed_and_zone_free() {
        assert_eq!(dt("2021-09-13T23:03:39").display(), "13 Sep 2021, 23:03");
        assert_eq!(dt("2019-01-04").display(), "4 Jan 2019");
    }

    #[test]
    fn ordering_is_chronological_with_day_only_first_within_a_day() {
        let mut v = [
            dt("2021-09-13T23:03:39"),
            dt("2019-01-04"),
            dt("2021-09-13"),
            dt("2021-09-13T00:00:00"),
        ];
        v.sort();
        let iso: Vec<_> = v.iter().map(|p| p.to_iso()).collect();
        assert_eq!(
            iso,
            [
                "2019-01-04",
                "2021-09-13",
                "2021-09-13T00:00:00",
                "2021-09-13T23:03:39"
            ]
        );
    }
}
