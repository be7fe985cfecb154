//! When an article was published, as the outlet wrote it.
//!
//! Sources disagree: outlet-local wall-clock times with no zone (the seed,
//! news-please), a day only (trafilatura), times with a UTC offset (feeds,
//! newspaper4k), UTC capture times (WARC-Date). Each is kept as written and
//! never converted: `11:03 PM` in the file is `23:03` on every reader's
//! screen, whatever their time zone, and an offset is shown beside it. A day
//! stays a day and is never shown with an invented midnight.

mod offset;
mod source;

pub use offset::UtcOffset;
pub use source::DateSource;

use crate::date_text;
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;

/// A publication date in one of three kinds, by what the source said.
///
/// Ordering is by the true instant where there is one ([`Zoned`](Self::Zoned)).
/// A zoneless time or a day has none, so it is ordered as if its wall clock
/// were UTC: the only total order that keeps zoned times by instant and
/// zoneless ones by their clock. A day sorts before the timed dates of that
/// (UTC) day: it says less, so it goes last when newest is first. Equal
/// instants go by kind (day, zoneless, zoned), then by offset, so two zoned
/// values for one instant written with different offsets (different values)
/// still have a fixed order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Published {
    /// A local date and time without zone, e.g. `2021-09-13T23:03:39`.
    DateTime(NaiveDateTime),
    /// A day without a time, e.g. `2019-01-04`.
    Date(NaiveDate),
    /// The wall-clock time as the outlet wrote it and its UTC offset, e.g.
    /// `2021-09-13T23:03:39+04:30` (23:03 in Tehran, 18:33 UTC).
    Zoned(NaiveDateTime, UtcOffset),
}

impl Published {
    /// The day as written: the outlet's local day for a zoned time, so
    /// filters and the timeline count the day the outlet printed.
    pub fn date(&self) -> NaiveDate {
        match self {
            Published::DateTime(dt) | Published::Zoned(dt, _) => dt.date(),
            Published::Date(d) => *d,
        }
    }

    /// ISO 8601: `2021-09-13T23:03:39`, `2019-01-04`, or with its offset
    /// `2021-09-13T23:03:39+04:30` (UTC as `+00:00`, never `Z`, so every
    /// zoned time is written one way). This is the stored form and the
    /// `<time datetime>` value; [`parse_iso`](Self::parse_iso) reads it back
    /// to the same value.
    pub fn to_iso(&self) -> String {
        match self {
            Published::DateTime(dt) => date_text::iso_date_time(*dt),
            Published::Date(d) => date_text::iso_day(*d),
            Published::Zoned(dt, offset) => {
                let mut out = date_text::iso_date_time(*dt);
                out.push_str(&offset.to_iso());
                out
            }
        }
    }

    /// Parses the stored ISO form. Accepts a date-time with or without
    /// seconds, with `T` or a space between date and time (fractional
    /// seconds are dropped, as [`to_iso`](Self::to_iso) would drop them),
    /// optionally followed by an offset (`+04:30`, `-0500`, `Z`), or a bare
    /// date; rejects years that are not four digits.
    pub fn parse_iso(text: &str) -> Result<Published, String> {
        let t = text.trim();
        let parsed = date_text::parse_iso_date_time(t)
            .map(|dt| Published::DateTime(whole_seconds(dt)))
            .or_else(|| {
                let (dt, minutes) = date_text::parse_iso_offset_date_time(t)?;
                let offset = UtcOffset::from_minutes(minutes.into())?;
                Some(Published::Zoned(whole_seconds(dt), offset))
            })
            .or_else(|| date_text::parse_iso_day(t).map(Published::Date));
        if let Some(p) = parsed.filter(|p| four_digit_year(p.date())) {
            return Ok(p);
        }
        Err(format!(
            "`{}` is not an ISO 8601 date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM:SS, optionally with an offset such as +04:30 or Z)",
            shorten(t, 40)
        ))
    }

    /// What a reader sees: `13 Sep 2021, 23:03`, `4 Jan 2019` for a day,
    /// `13 Sep 2021, 23:03 (+04:30)` or `… (UTC)` for a zoned time: the
    /// outlet's wall clock with its offset, never the reader's zone. Month
    /// names are fixed English abbreviations so the text is the same in
    /// every browser and locale.
    pub fn display(&self) -> String {
        match self {
            Published::DateTime(dt) => date_text::date_time_label(*dt),
            Published::Date(d) => date_text::day_label(*d),
            Published::Zoned(dt, offset) => {
                let mut out = date_text::date_time_label(*dt);
                out.push_str(" (");
                out.push_str(&offset.label());
                out.push(')');
                out
            }
        }
    }

    /// `captured 13 Sep 2021`: a capture time shown for what it is, by its
    /// day only (it says when the page was fetched, not when it was
    /// written, so its minutes mean little).
    pub fn capture_label(&self) -> String {
        format!("captured {}", date_text::day_label(self.date()))
    }

    /// What a reader sees for this date read `from` there: the
    /// [`capture_label`](Self::capture_label) for a capture, else
    /// [`display`](Self::display).
    pub fn label(&self, from: Option<DateSource>) -> String {
        match from {
            Some(DateSource::Capture) => self.capture_label(),
            _ => self.display(),
        }
    }

    /// Sort key (see the type's note): seconds from 0001-01-01 UTC (a
    /// zoneless clock read as UTC), nanoseconds (a leap second's are over
    /// 10⁹), kind, offset. Distinct values give distinct keys, so the
    /// order agrees with `Eq`.
    fn key(&self) -> (i64, u32, u8, i16) {
        let (at, kind, offset) = match *self {
            Published::Date(d) => (d.and_time(NaiveTime::MIN), 0, 0),
            Published::DateTime(dt) => (dt, 1, 0),
            Published::Zoned(dt, offset) => (dt, 2, offset.minutes()),
        };
        let seconds = i64::from(at.date().num_days_from_ce()) * 86_400
            + i64::from(at.num_seconds_from_midnight())
            - i64::from(offset) * 60;
        (seconds, at.nanosecond(), kind, offset)
    }
}

/// `at` in whole seconds (a leap second stays one), so the value equals
/// what it is written back as.
fn whole_seconds(at: NaiveDateTime) -> NaiveDateTime {
    let whole = at.nanosecond() / 1_000_000_000 * 1_000_000_000;
    at.with_nanosecond(whole).unwrap_or(at)
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
mod tests;
