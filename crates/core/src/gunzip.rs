//! Bounded gunzip: unzips a file of a sharded archive (or any gzip bytes
//! from a stranger) without ever holding more than a given number of
//! bytes, whatever the stream or its header claims.
//!
//! A gzip bomb (1 GB of zeros compresses to about 1 MB) is stopped as soon
//! as its output would pass the limit: memory stays at the limit plus one
//! small buffer, and the time spent is that of unzipping `limit` bytes.
//!
//! Pure Rust (`flate2` on `miniz_oxide`), so the page (wasm) and the CLI
//! run the same code and say the same words.

use crate::numbers::file_size;
use flate2::read::MultiGzDecoder;
use std::fmt;
use std::io::{ErrorKind, Read};

/// The first two bytes of every gzip stream.
pub const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Bytes unzipped at a time (the one buffer besides the output).
const CHUNK: usize = 32 * 1024;

/// The most a deflate stream can expand (1032:1 for runs of one byte):
/// with the limit, bounds the first reservation of the output.
const MAX_RATIO: usize = 1032;

/// Why gzip bytes were not unzipped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GunzipError {
    /// The output would pass `limit` bytes (unzipping stopped there).
    TooLarge { limit: usize },
    /// The bytes are not a whole, valid gzip stream; says why.
    Corrupt(String),
}

impl fmt::Display for GunzipError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GunzipError::TooLarge { limit } => {
                write!(f, "it unzips to more than {}", file_size(*limit))
            }
            GunzipError::Corrupt(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for GunzipError {}

/// Whether `bytes` start as gzip does (`1f 8b`).
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&GZIP_MAGIC)
}

/// Unzips gzip `bytes`, refusing (and stopping) as soon as the output would
/// pass `limit` bytes; never holds more than `limit` bytes of output plus
/// one 32 KB buffer and the decoder's state, whatever the header or the
/// trailer's size field (ISIZE) claim.
///
/// The output is allocated once, at its size: the trailer's ISIZE (the
/// last member's size mod 2^32) is tried first, as it is exact for what the
/// writer writes; when the stream turns out longer than it claims (a lie,
/// or several members) or claims more than `limit`, a first pass counts the
/// output without keeping it (a bomb stops there, having allocated
/// nothing), and a second unzips into exactly that many bytes. So a hostile
/// stream costs at most two passes over `limit` bytes, and never a growing
/// buffer's copies.
///
/// Reads every member ([`MultiGzDecoder`]), as `gzip -d` and a browser's
/// `Content-Encoding: gzip` do: the archive's writer writes one member, but
/// a concatenation of members (`cat a.gz b.gz`) is a valid gzip file, and
/// bytes after the last member that are not another member are an error
/// here rather than silently ignored (as `GzDecoder`, which stops after the
/// first member, would ignore them). The total is bounded either way.
///
/// Corrupt streams are refused with the reason: not gzip at all, a bad
/// header, corrupt deflate data, a truncated stream, a checksum (CRC-32 or
/// size) that does not match.
pub fn gunzip_limited(bytes: &[u8], limit: usize) -> Result<Vec<u8>, GunzipError> {
    if !is_gzip(bytes) {
        return Err(GunzipError::Corrupt(
            "it is not gzip (it does not start with the bytes 1f 8b)".into(),
        ));
    }
    let claimed = bytes
        .len()
        .checked_sub(4)
        .map(|at| u32::from_le_bytes(bytes[at..].try_into().expect("4 bytes")) as usize)
        .unwrap_or(0)
        .min(bytes.len().saturating_mul(MAX_RATIO));
    if claimed <= limit {
        let mut out = Vec::with_capacity(claimed);
        let whole = unzip(bytes, limit, |chunk| {
            let fits = out.capacity() - out.len() >= chunk.len();
            if fits {
                out.extend_from_slice(chunk);
            }
            fits
        })?;
        if whole {
            return Ok(out);
        }
    }
    let mut size = 0;
    unzip(bytes, limit, |chunk| {
        size += chunk.len();
        true
    })?;
    let mut out = Vec::with_capacity(size);
    let whole = unzip(bytes, limit, |chunk| {
        let fits = out.capacity() - out.len() >= chunk.len();
        if fits {
            out.extend_from_slice(chunk);
        }
        fits
    })?;
    if !whole {
        // The same bytes unzip the same way: not reached.
        return Err(GunzipError::Corrupt(
            "it unzips differently each time".into(),
        ));
    }
    Ok(out)
}

/// Unzips `bytes` in chunks of at most 32 KB, handing each to `take` until
/// it says there is no room (`Ok(false)`); `Ok(true)` once the stream has
/// ended, checked. Stops with `TooLarge` before the output passes `limit`.
fn unzip(
    bytes: &[u8],
    limit: usize,
    mut take: impl FnMut(&[u8]) -> bool,
) -> Result<bool, GunzipError> {
    let mut decoder = MultiGzDecoder::new(bytes);
    let mut buffer = vec![0u8; CHUNK];
    let mut total = 0usize;
    loop {
        // Never ask for more than one byte past the limit.
        let room = (limit - total).saturating_add(1).min(CHUNK);
        let n = match decoder.read(&mut buffer[..room]) {
            Ok(0) => return Ok(true),
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(GunzipError::Corrupt(describe(&e))),
        };
        if n > limit - total {
            return Err(GunzipError::TooLarge { limit });
        }
        total += n;
        if !take(&buffer[..n]) {
            return Ok(false);
        }
    }
}

/// Unzips `bytes` if they are gzip (they start with `1f 8b`), else gives
/// them back unchanged (a server that unzipped the file itself, with
/// `Content-Encoding: gzip`); either way refuses more than `limit` bytes.
pub fn unzip_if_gzip(bytes: Vec<u8>, limit: usize) -> Result<Vec<u8>, GunzipError> {
    if is_gzip(&bytes) {
        gunzip_limited(&bytes, limit)
    } else if bytes.len() > limit {
        Err(GunzipError::TooLarge { limit })
    } else {
        Ok(bytes)
    }
}

/// The most bytes gzip (of this crate's encoder, or `gzip -9`) can take to
/// store `unzipped` bytes: deflate's worst case (stored blocks, 5 bytes per
/// 16 KB at most) and the gzip header and trailer, with room to spare for a
/// file name in the header. What a download of a file whose unzipped size
/// is at most `unzipped` may be capped at.
pub fn gzip_bound(unzipped: usize) -> usize {
    unzipped
        .saturating_add(unzipped / 1000)
        .saturating_add(1024)
}

/// The reason of a decoder's error, in words.
fn describe(e: &std::io::Error) -> String {
    let text = e.to_string();
    match e.kind() {
        ErrorKind::UnexpectedEof => "it is truncated (the gzip stream ends early)".into(),
        _ if text.contains("checksum") || text.contains("crc") || text.contains("CRC") => {
            format!("its checksum does not match (the data is damaged): {text}")
        }
        _ if text.contains("header") => format!("its gzip header is invalid: {text}"),
        _ => format!("it is not a valid gzip stream: {text}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use flate2::Compression;
    use std::io::Write;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::default());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn round_trips_under_the_limit_and_stops_past_it() {
        let text: Vec<u8> = (0..100_000u32).flat_map(|i| i.to_le_bytes()).collect();
        let gz = gzip(&text);
        assert_eq!(gunzip_limited(&gz, text.len()).unwrap(), text);
        assert_eq!(
            gunzip_limited(&gz, text.len() - 1),
            Err(GunzipError::TooLarge {
                limit: text.len() - 1
            })
        );
        assert_eq!(gunzip_limited(&gzip(b""), 0).unwrap(), b"");
        assert_eq!(
            gunzip_limited(&gzip(b"a"), 0).unwrap_err().to_string(),
            "it unzips to more than 0 bytes"
        );
    }

    #[test]
    fn members_are_read_in_turn_and_junk_after_them_is_refused() {
        let mut two = gzip(b"one ");
        two.extend(gzip(b"two"));
        assert_eq!(gunzip_limited(&two, 100).unwrap(), b"one two");
        let mut junk = gzip(b"one");
        junk.extend(b"junk");
        let e = gunzip_limited(&junk, 100).unwrap_err();
        assert!(matches!(e, GunzipError::Corrupt(_)), "{e}");
    }

    #[test]
    fn passes_plain_bytes_within_the_limit() {
        assert_eq!(unzip_if_gzip(b"{}".to_vec(), 2).unwrap(), b"{}");
        assert_eq!(
            unzip_if_gzip(b"{}".to_vec(), 1),
            Err(GunzipError::TooLarge { limit: 1 })
        );
        assert_eq!(unzip_if_gzip(gzip(b"{}"), 2).unwrap(), b"{}");
    }

    #[test]
    fn the_bound_holds_for_incompressible_bytes() {
        let mut x = 1u64;
        let noise: Vec<u8> = (0..300_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect();
        for n in [0, 1, 100, 70_000, 300_000] {
            assert!(gzip(&noise[..n]).len() <= gzip_bound(n));
            let mut best = GzEncoder::new(Vec::new(), Compression::best());
            best.write_all(&noise[..n]).unwrap();
            assert!(best.finish().unwrap().len() <= gzip_bound(n));
        }
    }
}
