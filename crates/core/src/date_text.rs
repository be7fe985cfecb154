//! Days and times as text, written and read by hand with chrono's accessors.
//!
//! chrono's `format` and `parse_from_str` interpret a format string at run
//! time and bring their whole machinery (every specifier, time zones) into
//! the page's wasm; the few fixed forms Broadsheet uses are cheaper written
//! out. Each function gives what chrono gives for its format string (the
//! tests compare them), including chrono's leniencies when reading: 1–2
//! digit months, days, hours, minutes and seconds, white space before a
//! number, a signed year of any length, a leap second (`:60`).

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use std::fmt::Write;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `%Y`: four digits, or the sign and the digits for a year outside 0–9999.
fn push_year(out: &mut String, year: i32) {
    let _ = if (0..=9999).contains(&year) {
        write!(out, "{year:04}")
    } else {
        write!(out, "{year:+05}")
    };
}

fn push_two(out: &mut String, n: u32) {
    let _ = write!(out, "{n:02}");
}

/// `2019-01-04` (`%Y-%m-%d`).
pub fn iso_day(day: NaiveDate) -> String {
    let mut out = String::with_capacity(10);
    push_iso_day(&mut out, day);
    out
}

fn push_iso_day(out: &mut String, day: NaiveDate) {
    push_year(out, day.year());
    out.push('-');
    push_two(out, day.month());
    out.push('-');
    push_two(out, day.day());
}

/// `2021-09-13T23:03:39` (`%Y-%m-%dT%H:%M:%S`; a leap second is `60`).
pub fn iso_date_time(at: NaiveDateTime) -> String {
    let mut out = String::with_capacity(19);
    push_iso_day(&mut out, at.date());
    out.push('T');
    push_two(&mut out, at.hour());
    out.push(':');
    push_two(&mut out, at.minute());
    out.push(':');
    push_two(&mut out, at.second() + at.nanosecond() / 1_000_000_000);
    out
}

/// `+04:30`, `-05:00`, `+00:00` (`%:z`): an offset from UTC in minutes,
/// within a day either way.
pub fn iso_offset(minutes: i16) -> String {
    let mut out = String::with_capacity(6);
    out.push(if minutes < 0 { '-' } else { '+' });
    let minutes = minutes.unsigned_abs();
    push_two(&mut out, u32::from(minutes / 60));
    out.push(':');
    push_two(&mut out, u32::from(minutes % 60));
    out
}

/// `4 Jan 2019` (`%-d %b %Y`).
pub fn day_label(day: NaiveDate) -> String {
    let mut out = String::with_capacity(11);
    let _ = write!(out, "{} ", day.day());
    out.push_str(&month_label(day));
    out
}

/// `Jan 2019` (`%b %Y`).
pub fn month_label(day: NaiveDate) -> String {
    let mut out = String::with_capacity(8);
    out.push_str(MONTHS[day.month0() as usize]);
    out.push(' ');
    push_year(&mut out, day.year());
    out
}

/// `2019` (`%Y`).
pub fn year_label(day: NaiveDate) -> String {
    let mut out = String::with_capacity(4);
    push_year(&mut out, day.year());
    out
}

/// `13 Sep 2021, 23:03` (`%-d %b %Y, %H:%M`).
pub fn date_time_label(at: NaiveDateTime) -> String {
    let mut out = day_label(at.date());
    out.push_str(", ");
    push_two(&mut out, at.hour());
    out.push(':');
    push_two(&mut out, at.minute());
    out
}

/// Reads text the way chrono's parser does for these formats.
struct Reader<'a> {
    rest: &'a str,
}

impl Reader<'_> {
    /// 1 to `max` ASCII digits after any white space.
    fn number(&mut self, max: usize) -> Option<u32> {
        self.rest = self.rest.trim_start();
        let digits = self
            .rest
            .bytes()
            .take(max)
            .take_while(u8::is_ascii_digit)
            .count();
        if digits == 0 {
            return None;
        }
        let value = self.rest[..digits]
            .bytes()
            .fold(0, |n, b| n * 10 + u32::from(b - b'0'));
        self.rest = &self.rest[digits..];
        Some(value)
    }

    /// `%Y`: up to four digits, or a sign and any number of them.
    fn year(&mut self) -> Option<i32> {
        self.rest = self.rest.trim_start();
        let negative = self.rest.starts_with('-');
        if !(negative || self.rest.starts_with('+')) {
            return self.number(4).and_then(|y| i32::try_from(y).ok());
        }
        self.rest = &self.rest[1..];
        let digits = self.rest.bytes().take_while(u8::is_ascii_digit).count();
        let magnitude: i32 = self
            .rest
            .get(..digits)
            .filter(|d| !d.is_empty())?
            .parse()
            .ok()?;
        self.rest = &self.rest[digits..];
        Some(if negative { -magnitude } else { magnitude })
    }

    fn literal(&mut self, c: char) -> bool {
        match self.rest.strip_prefix(c) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    /// `%Y-%m-%d`.
    fn day(&mut self) -> Option<NaiveDate> {
        let year = self.year()?;
        let month = self.literal('-').then(|| self.number(2))??;
        let day = self.literal('-').then(|| self.number(2))??;
        NaiveDate::from_ymd_opt(year, month, day)
    }

    /// `%H:%M`, then `:%S` and `%.f` if present.
    fn time(&mut self) -> Option<NaiveTime> {
        let (hour, minute, second, nano) = self.clock(true)?;
        if hour > 23 {
            return None;
        }
        NaiveTime::from_hms_nano_opt(hour, minute, second, nano)
    }

    /// Hour (unchecked: it may be a 12-hour clock's), minute, second and
    /// nanosecond of `%H:%M`, then `:%S` and (if `fraction`) `%.f` if
    /// present; a leap second (`60`) is chrono's 59 s + 1,000,000,000 ns.
    fn clock(&mut self, fraction: bool) -> Option<(u32, u32, u32, u32)> {
        let hour = self.number(2)?;
        let minute = self.literal(':').then(|| self.number(2))??;
        let (mut second, mut nano) = (0, 0);
        if self.literal(':') {
            second = self.number(2)?;
            if fraction && self.literal('.') {
                let fraction = self.rest.bytes().take_while(u8::is_ascii_digit).count();
                if fraction == 0 {
                    return None;
                }
                let nine = &self.rest[..fraction.min(9)];
                nano = nine.parse::<u32>().ok()? * 10u32.pow(9 - nine.len() as u32);
                self.rest = &self.rest[fraction..];
            }
        }
        if second == 60 {
            (second, nano) = (59, nano + 1_000_000_000);
        }
        (minute <= 59 && second <= 59).then_some((hour, minute, second, nano))
    }

    /// Exactly two ASCII digits.
    fn two_digits(&mut self) -> Option<u32> {
        let digits = self
            .rest
            .get(..2)
            .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))?;
        self.rest = &self.rest[2..];
        Some(digits.bytes().fold(0, |n, b| n * 10 + u32::from(b - b'0')))
    }

    /// RFC 3339's offset, `Z` or `±HH:MM`, or ISO 8601's `±HHMM`: minutes
    /// east of UTC. Strict (two digits each, no spaces): an offset is new
    /// to the files Broadsheet reads, with no lenient readers to match.
    fn offset(&mut self) -> Option<i16> {
        if self.literal('Z') || self.literal('z') {
            return Some(0);
        }
        let sign = match self.rest.as_bytes().first()? {
            b'+' => 1,
            b'-' => -1,
            _ => return None,
        };
        self.rest = &self.rest[1..];
        let hours = self.two_digits()?;
        self.literal(':');
        let minutes = self.two_digits()?;
        (hours <= 23 && minutes <= 59).then(|| sign * (hours * 60 + minutes) as i16)
    }

    /// `%m/%d/%Y`.
    fn us_day(&mut self) -> Option<NaiveDate> {
        let month = self.number(2)?;
        let day = self.literal('/').then(|| self.number(2))??;
        let year = self.literal('/').then(|| self.year())??;
        NaiveDate::from_ymd_opt(year, month, day)
    }

    /// ` %p` if present: whether the time is PM.
    fn am_pm(&mut self) -> Option<bool> {
        let rest = self.rest.trim_start();
        let pm = match rest.as_bytes().get(..2)? {
            [a, b'm' | b'M'] if a.eq_ignore_ascii_case(&b'a') => false,
            [p, b'm' | b'M'] if p.eq_ignore_ascii_case(&b'p') => true,
            _ => return None,
        };
        self.rest = &rest[2..];
        Some(pm)
    }
}

/// `%Y-%m-%d`, as `NaiveDate::parse_from_str` reads it.
pub fn parse_iso_day(text: &str) -> Option<NaiveDate> {
    let mut reader = Reader { rest: text };
    reader.day().filter(|_| reader.rest.is_empty())
}

/// One of `%Y-%m-%dT%H:%M:%S%.f`, `%Y-%m-%dT%H:%M`, `%Y-%m-%d %H:%M:%S%.f`
/// and `%Y-%m-%d %H:%M`, as `NaiveDateTime::parse_from_str` reads them
/// (the space stands for any white space, or none).
pub fn parse_iso_date_time(text: &str) -> Option<NaiveDateTime> {
    let mut reader = Reader { rest: text };
    let day = reader.day()?;
    if !reader.literal('T') {
        reader.rest = reader.rest.trim_start();
    }
    let time = reader.time()?;
    reader.rest.is_empty().then(|| day.and_time(time))
}

/// [`parse_iso_date_time`]'s forms followed by an offset (`Z`, `+04:30`,
/// `-0500`): the wall-clock time as written and its offset in minutes.
pub fn parse_iso_offset_date_time(text: &str) -> Option<(NaiveDateTime, i16)> {
    let mut reader = Reader { rest: text };
    let day = reader.day()?;
    if !reader.literal('T') {
        reader.rest = reader.rest.trim_start();
    }
    let time = reader.time()?;
    let offset = reader.offset()?;
    reader.rest.is_empty().then(|| (day.and_time(time), offset))
}

/// One of `%m/%d/%Y %I:%M:%S %p`, `%m/%d/%Y %I:%M %p`, `%m/%d/%Y %H:%M:%S`
/// and `%m/%d/%Y %H:%M`, as `NaiveDateTime::parse_from_str` reads them.
pub fn parse_us_date_time(text: &str) -> Option<NaiveDateTime> {
    let mut reader = Reader { rest: text };
    let day = reader.us_day()?;
    reader.rest = reader.rest.trim_start();
    let (hour, minute, second, nano) = reader.clock(false)?;
    let hour = match reader.am_pm() {
        Some(pm) => (1..=12)
            .contains(&hour)
            .then(|| hour % 12 + if pm { 12 } else { 0 })?,
        None => hour,
    };
    let time = (hour <= 23).then(|| NaiveTime::from_hms_nano_opt(hour, minute, second, nano))??;
    reader.rest.is_empty().then(|| day.and_time(time))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn chrono_date_time(text: &str) -> Option<NaiveDateTime> {
        [
            "%Y-%m-%dT%H:%M:%S%.f",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S%.f",
            "%Y-%m-%d %H:%M",
        ]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
    }

    #[test]
    fn written_forms() {
        let at = NaiveDateTime::parse_from_str("2021-09-03T03:04:05", "%Y-%m-%dT%H:%M:%S").unwrap();
        assert_eq!(iso_date_time(at), "2021-09-03T03:04:05");
        assert_eq!(iso_day(at.date()), "2021-09-03");
        assert_eq!(day_label(at.date()), "3 Sep 2021");
        assert_eq!(month_label(at.date()), "Sep 2021");
        assert_eq!(year_label(at.date()), "2021");
        assert_eq!(date_time_label(at), "3 Sep 2021, 03:04");
        let leap = parse_iso_date_time("2016-12-31T23:59:60").unwrap();
        assert_eq!(iso_date_time(leap), "2016-12-31T23:59:60");
        assert_eq!(parse_iso_day("2021-9-3"), Some(at.date()));
        assert_eq!(parse_iso_day("2021-09-03x"), None);
    }

    #[test]
    fn offsets() {
        assert_eq!(iso_offset(270), "+04:30");
        assert_eq!(iso_offset(-300), "-05:00");
        assert_eq!(iso_offset(0), "+00:00");
        assert_eq!(iso_offset(-(23 * 60 + 59)), "-23:59");
        let at = parse_iso_date_time("2021-09-13T23:03:39").unwrap();
        for (text, minutes) in [
            ("2021-09-13T23:03:39+04:30", 270),
            ("2021-09-13T23:03:39+0430", 270),
            ("2021-09-13 23:03:39-05:00", -300),
            ("2021-09-13T23:03:39Z", 0),
            ("2021-09-13T23:03:39z", 0),
            ("2021-09-13T23:03:39-00:00", 0),
        ] {
            assert_eq!(
                parse_iso_offset_date_time(text),
                Some((at, minutes)),
                "{text}"
            );
        }
        for bad in [
            "2021-09-13T23:03:39",
            "2021-09-13T23:03:39+4:30",
            "2021-09-13T23:03:39+24:00",
            "2021-09-13T23:03:39+04:60",
            "2021-09-13T23:03:39 +04:30",
            "2021-09-13T23:03:39+04:30x",
            "2021-09-13T23:03:39+04",
            "2021-09-13+04:00",
        ] {
            assert_eq!(parse_iso_offset_date_time(bad), None, "{bad}");
        }
    }

    proptest! {
        #[test]
        fn reads_as_chrono_reads(text in "[ +-]?[0-9]{1,5}-[0-9 ]{1,3}-[0-9]{1,3}([T ]{0,2}[0-9 ]{1,3}:[0-9]{1,3}(:[0-9]{1,3}(\\.[0-9]{0,11})?)?)?[Z ]?") {
            prop_assert_eq!(parse_iso_date_time(&text), chrono_date_time(&text));
            prop_assert_eq!(parse_iso_day(&text), NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok());
        }

        #[test]
        fn reads_us_dates_as_chrono_reads(text in "[ 0-9]{1,3}/[0-9]{1,3}/[+-]?[0-9]{1,5} {0,2}[0-9]{1,3}:[0-9]{1,3}(:[0-9]{1,3}(\\.[0-9])?)? {0,2}([aApP][mM]?)?") {
            let chrono = [
                "%m/%d/%Y %I:%M:%S %p",
                "%m/%d/%Y %I:%M %p",
                "%m/%d/%Y %H:%M:%S",
                "%m/%d/%Y %H:%M",
            ]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(&text, f).ok());
            prop_assert_eq!(parse_us_date_time(&text), chrono);
        }

        #[test]
        fn offsets_read_as_chrono_reads(text in "2021-09-13T23:03:39([+-][0-9]{2}:?[0-9]{2}|Z)") {
            let chrono = chrono::DateTime::parse_from_rfc3339(&text)
                .or_else(|_| chrono::DateTime::parse_from_str(&text, "%Y-%m-%dT%H:%M:%S%z"))
                .ok()
                .map(|t| (t.naive_local(), (t.offset().local_minus_utc() / 60) as i16));
            prop_assert_eq!(parse_iso_offset_date_time(&text), chrono);
        }

        #[test]
        fn writes_as_chrono_writes(days in -800_000i32..3_000_000, seconds in 0u32..86_400, leap in any::<bool>()) {
            let day = NaiveDate::from_num_days_from_ce_opt(days).unwrap();
            let nano = if leap && seconds % 60 == 59 { 1_000_000_000 } else { 0 };
            let at = day.and_time(NaiveTime::from_num_seconds_from_midnight_opt(seconds, nano).unwrap());
            prop_assert_eq!(iso_day(day), day.format("%Y-%m-%d").to_string());
            prop_assert_eq!(iso_date_time(at), at.format("%Y-%m-%dT%H:%M:%S").to_string());
            prop_assert_eq!(day_label(day), day.format("%-d %b %Y").to_string());
            prop_assert_eq!(month_label(day), day.format("%b %Y").to_string());
            prop_assert_eq!(year_label(day), day.format("%Y").to_string());
            prop_assert_eq!(date_time_label(at), at.format("%-d %b %Y, %H:%M").to_string());
        }
    }
}
