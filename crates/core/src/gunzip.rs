//! Bounded gunzip: unzips a file of a sharded archive (or any gzip bytes
//! from a stranger) without ever holding more than a given number of
//! bytes, whatever the stream or its header claims.
//!
//! A gzip bomb (1 GB of zeros compresses to about 1 MB) is stopped as soon
//! as its output would pass the limit: memory stays at the limit plus one
//! small buffer, and the time spent is that of unzipping `limit` bytes.
//!
//! Pure Rust (`miniz_oxide`, with the gzip framing read here), so the page
//! (wasm) and the CLI run the same code and say the same words.

use crate::numbers::file_size;
use miniz_oxide::inflate::core::DecompressorOxide;
use miniz_oxide::inflate::core::{decompress, inflate_flags::TINFL_FLAG_HAS_MORE_INPUT};
use miniz_oxide::inflate::TINFLStatus;
use std::fmt;

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
/// Reads every member, as `gzip -d` and a browser's
/// `Content-Encoding: gzip` do: the archive's writer writes one member, but
/// a concatenation of members (`cat a.gz b.gz`) is a valid gzip file, and
/// bytes after the last member that are not another member are an error
/// here rather than silently ignored (as a reader that stops after the
/// first member would ignore them). The total is bounded either way.
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
/// it says there is no room (`Ok(false)`); `Ok(true)` once every member has
/// ended, checked. Stops with `TooLarge` before the output passes `limit`.
///
/// Reads the gzip framing (RFC 1952) itself and inflates with
/// `miniz_oxide` into one 32 KB window, which it reuses: flate2's reader
/// would add its own buffers and `io` layer to the page's wasm.
fn unzip(
    bytes: &[u8],
    limit: usize,
    mut take: impl FnMut(&[u8]) -> bool,
) -> Result<bool, GunzipError> {
    let mut window = vec![0u8; CHUNK];
    let mut total = 0usize;
    let mut rest = bytes;
    loop {
        rest = skip_header(rest)?;
        let mut inflater = DecompressorOxide::new();
        let mut crc = Crc32::default();
        let mut at = 0;
        let mut member_size = 0u32;
        loop {
            let (status, read, written) = decompress(
                &mut inflater,
                rest,
                &mut window,
                at,
                TINFL_FLAG_HAS_MORE_INPUT,
            );
            rest = &rest[read..];
            let chunk = &window[at..at + written];
            if written > limit - total {
                return Err(GunzipError::TooLarge { limit });
            }
            total += written;
            crc.update(chunk);
            member_size = member_size.wrapping_add(written as u32);
            if !take(chunk) {
                return Ok(false);
            }
            at = (at + written) % CHUNK;
            match status {
                TINFLStatus::Done => break,
                TINFLStatus::HasMoreOutput => {}
                TINFLStatus::NeedsMoreInput | TINFLStatus::FailedCannotMakeProgress => {
                    return Err(truncated())
                }
                _ => return Err(corrupt("its deflate data is corrupt")),
            }
        }
        let Some((trailer, after)) = rest.split_first_chunk::<8>() else {
            return Err(truncated());
        };
        let [c0, c1, c2, c3, s0, s1, s2, s3] = *trailer;
        if u32::from_le_bytes([c0, c1, c2, c3]) != crc.value() {
            return Err(corrupt(
                "its checksum does not match (the data is damaged): the CRC-32 differs",
            ));
        }
        if u32::from_le_bytes([s0, s1, s2, s3]) != member_size {
            return Err(corrupt(
                "its checksum does not match (the data is damaged): the size differs",
            ));
        }
        rest = after;
        if rest.is_empty() {
            return Ok(true);
        }
        if !is_gzip(rest) {
            return Err(corrupt(
                "it is not a valid gzip stream: bytes follow the last member",
            ));
        }
    }
}

/// The bytes after a member's header (checked: deflate, no reserved flags;
/// the optional extra field, name, comment and header CRC skipped).
fn skip_header(bytes: &[u8]) -> Result<&[u8], GunzipError> {
    const FHCRC: u8 = 2;
    const FEXTRA: u8 = 4;
    const FNAME: u8 = 8;
    const FCOMMENT: u8 = 16;
    let Some((fixed, mut rest)) = bytes.split_first_chunk::<10>() else {
        return Err(truncated());
    };
    let flags = fixed[3];
    if fixed[..2] != GZIP_MAGIC || fixed[2] != 8 || flags & 0xE0 != 0 {
        return Err(corrupt(
            "its gzip header is invalid (not deflate, or unknown flags)",
        ));
    }
    if flags & FEXTRA != 0 {
        let len = rest.get(..2).ok_or_else(truncated)?;
        let n = 2 + usize::from(u16::from_le_bytes([len[0], len[1]]));
        rest = rest.get(n..).ok_or_else(truncated)?;
    }
    for flag in [FNAME, FCOMMENT] {
        if flags & flag != 0 {
            let end = rest.iter().position(|&b| b == 0).ok_or_else(truncated)?;
            rest = &rest[end + 1..];
        }
    }
    if flags & FHCRC != 0 {
        rest = rest.get(2..).ok_or_else(truncated)?;
    }
    Ok(rest)
}

fn truncated() -> GunzipError {
    corrupt("it is truncated (the gzip stream ends early)")
}

fn corrupt(why: &str) -> GunzipError {
    GunzipError::Corrupt(why.into())
}

/// CRC-32 (IEEE, as gzip's trailer), a byte at a time from a 1 KB table.
struct Crc32 {
    table: [u32; 256],
    crc: u32,
}

impl Default for Crc32 {
    fn default() -> Self {
        let mut table = [0u32; 256];
        for (n, entry) in (0u32..).zip(table.iter_mut()) {
            *entry = (0..8).fold(n, |c, _| {
                if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                }
            });
        }
        Crc32 { table, crc: !0 }
    }
}

impl Crc32 {
    fn update(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.crc = self.table[((self.crc ^ u32::from(b)) & 0xFF) as usize] ^ (self.crc >> 8);
        }
    }

    fn value(&self) -> u32 {
        !self.crc
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
    fn header_fields_are_skipped_and_a_damaged_header_refused() {
        let mut e = flate2::GzBuilder::new()
            .filename("articles.json")
            .comment("by hand")
            .extra(vec![1, 2, 3])
            .write(Vec::new(), Compression::default());
        e.write_all(b"named").unwrap();
        let gz = e.finish().unwrap();
        assert_eq!(gunzip_limited(&gz, 5).unwrap(), b"named");
        for cut in [4, 12, 20] {
            assert_eq!(
                gunzip_limited(&gz[..cut], 5).unwrap_err().to_string(),
                "it is truncated (the gzip stream ends early)"
            );
        }
        let mut reserved = gz;
        reserved[3] |= 0x80;
        let e = gunzip_limited(&reserved, 5).unwrap_err();
        assert!(
            e.to_string().starts_with("its gzip header is invalid"),
            "{e}"
        );
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
