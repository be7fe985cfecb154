//! A UTC offset as an outlet or a feed writes it (`+04:30`, `-05:00`, `Z`).

use crate::date_text;

/// Minutes east of UTC, within a day either way (±23:59, as RFC 3339
/// writes it). A small copy of its own rather than chrono's
/// `FixedOffset`, whose parsing and formatting stay out of the page's wasm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UtcOffset(i16);

impl UtcOffset {
    /// `+00:00`, also written `Z`.
    pub const UTC: UtcOffset = UtcOffset(0);
    /// The largest offset either way: 23 hours 59 minutes.
    pub const MAX_MINUTES: i16 = 23 * 60 + 59;

    /// The offset of `minutes` east of UTC, if within ±23:59.
    pub fn from_minutes(minutes: i32) -> Option<UtcOffset> {
        i16::try_from(minutes)
            .ok()
            .filter(|m| m.abs() <= Self::MAX_MINUTES)
            .map(UtcOffset)
    }

    /// Minutes east of UTC (negative west of it).
    pub fn minutes(self) -> i16 {
        self.0
    }

    /// `+04:30`, `-05:00`; UTC is `+00:00`.
    pub fn to_iso(self) -> String {
        date_text::iso_offset(self.0)
    }

    /// What a reader sees beside the time: `+04:30`, or `UTC`.
    pub fn label(self) -> String {
        if self == Self::UTC {
            "UTC".into()
        } else {
            self.to_iso()
        }
    }
}
