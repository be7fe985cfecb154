//! What a broken JSON file (a cut download, a corrupted tail) still gives:
//! serde visitors that keep each complete record as it parses, so only what
//! follows the break is lost.

use super::load::json_error;
use super::{SetError, SET_FORMAT, SET_VERSION};
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use std::cell::RefCell;
use std::fmt;

/// The complete records before the place where a JSON file breaks (a cut
/// download, a corrupted tail), so only what follows the break is lost.
/// An article set gives records only once its `format` (and `version`, if
/// given before the articles) have been read and are right. With nothing
/// to salvage, the file's error stands; else it is kept in `broken`.
pub(super) fn salvage<'a>(
    json: &'a str,
    error: serde_json::Error,
    broken: &mut Option<serde_json::Error>,
) -> Result<Vec<&'a RawValue>, SetError> {
    let found = RefCell::new(Vec::new());
    let mut de = serde_json::Deserializer::from_str(json);
    let _ = if json.trim_start().starts_with('[') {
        de.deserialize_seq(SalvagedRecords(&found))
    } else {
        de.deserialize_map(SalvagedEnvelope(&found))
    };
    let found = found.into_inner();
    if found.is_empty() || !error.is_syntax() && !error.is_eof() {
        return Err(json_error(error));
    }
    *broken = Some(error);
    Ok(found)
}

/// Collects array elements as they parse, keeping them past an error.
struct SalvagedRecords<'s, 'de>(&'s RefCell<Vec<&'de RawValue>>);

impl<'de> Visitor<'de> for SalvagedRecords<'_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of articles")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(record) = seq.next_element::<&'de RawValue>()? {
            self.0.borrow_mut().push(record);
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for SalvagedRecords<'_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

/// An article set's fields in order; its articles as [`SalvagedRecords`].
struct SalvagedEnvelope<'s, 'de>(&'s RefCell<Vec<&'de RawValue>>);

impl<'de> Visitor<'de> for SalvagedEnvelope<'_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an article set")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut format_ok = false;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "format" => format_ok = map.next_value::<String>()? == SET_FORMAT,
                "version" => {
                    if map.next_value::<u64>()? > u64::from(SET_VERSION) {
                        return Ok(());
                    }
                }
                "articles" if format_ok => map.next_value_seed(SalvagedRecords(self.0))?,
                "articles" => return Ok(()),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}
