//! Archives as the scrapers and crawlers of this field write them, read
//! into articles with the same duplicate rule, limits and located problems
//! as Broadsheet's own sets.
//!
//! - [`scraped`]: one JSON record of news-please, trafilatura or
//!   newspaper4k. These come in a file of one object, an array, or JSON
//!   Lines; the set reader (`set/reader.rs`, `set/load.rs`) finds the
//!   records and hands each one that is not a Broadsheet record here.

pub mod scraped;
