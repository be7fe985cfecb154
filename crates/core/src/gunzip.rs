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
/// ([`GunzipStream`] with all the bytes at once.)
fn unzip(bytes: &[u8], limit: usize, take: impl FnMut(&[u8]) -> bool) -> Result<bool, GunzipError> {
    let mut stream = GunzipStream::new(limit);
    if !stream.feed(bytes, take)? {
        return Ok(false);
    }
    stream.end(truncated)?;
    Ok(true)
}

/// What a cut-off stream is said to be when it is read as it arrives (a
/// file the user opened): [`GunzipStream::finish`]'s words.
pub const CUT_SHORT: &str = "the gzip stream ends early: the file was cut short";

/// A bounded gunzip that takes the bytes as they arrive (a file read a
/// piece at a time) and hands on the output as it is unzipped, holding
/// nothing but one 32 KB window and the inflater's state (about 11 KB),
/// whatever the stream.
///
/// The same decoder as [`gunzip_limited`] (which runs it over the whole
/// buffer), so the two agree on every input: every member is read in turn
/// (`cat a.gz b.gz`), each checked against its trailer's CRC-32 and size
/// (ISIZE) as it ends; the total output stops with
/// [`GunzipError::TooLarge`] before it passes the limit (a gzip bomb costs
/// the time of unzipping `limit` bytes and no memory). A stream that stops
/// inside a member is, at [`finish`](Self::finish), [`CUT_SHORT`].
///
/// ```
/// # use broadsheet_core::gunzip::GunzipStream;
/// # let gz: &[u8] = &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0];
/// let mut out = Vec::new();
/// let mut stream = GunzipStream::new(1 << 20);
/// for piece in gz.chunks(3) {
///     stream.push(piece, |unzipped| out.extend_from_slice(unzipped))?;
/// }
/// stream.finish()?;
/// assert_eq!(out, b"");
/// # Ok::<(), broadsheet_core::gunzip::GunzipError>(())
/// ```
pub struct GunzipStream {
    /// The most bytes unzipped in all; `None` once lifted.
    limit: Option<usize>,
    /// Bytes unzipped so far (saturating: an unbounded stream may pass
    /// `usize::MAX` on wasm32).
    total: usize,
    part: Part,
    /// Members read to their checked end.
    members: usize,
    inflater: Box<DecompressorOxide>,
    window: Vec<u8>,
    /// Where the next output goes in `window` (it wraps, as deflate's
    /// 32 KB dictionary does).
    at: usize,
    crc: Crc32,
    member_size: u32,
    /// The first error, given again by every later call.
    failed: Option<GunzipError>,
}

/// Where a [`GunzipStream`] is in its gzip stream.
enum Part {
    Header(Header),
    Deflate,
    Trailer {
        got: usize,
        bytes: [u8; 8],
    },
    /// A member has ended, checked: the end, or another member next.
    Ended,
}

impl GunzipStream {
    /// A stream whose output stops at `limit` bytes.
    pub fn new(limit: usize) -> Self {
        GunzipStream {
            limit: Some(limit),
            total: 0,
            part: Part::Header(Header::default()),
            members: 0,
            inflater: Box::default(),
            window: vec![0u8; CHUNK],
            at: 0,
            crc: Crc32::default(),
            member_size: 0,
            failed: None,
        }
    }

    /// Takes the next `compressed` bytes, handing whatever they unzip to
    /// to `out` (in pieces of at most 32 KB). An error (corrupt data, the
    /// limit passed) stops the stream: this call and every later one
    /// give it, and nothing more is unzipped.
    pub fn push(
        &mut self,
        compressed: &[u8],
        mut out: impl FnMut(&[u8]),
    ) -> Result<(), GunzipError> {
        self.feed(compressed, |chunk| {
            out(chunk);
            true
        })
        .map(|_| ())
    }

    /// Checks that the stream ended where a member ends: `Err` with
    /// [`CUT_SHORT`] if it stopped inside one, or the error it stopped on.
    pub fn finish(self) -> Result<(), GunzipError> {
        self.end(|| corrupt(CUT_SHORT))
    }

    /// Bytes unzipped so far.
    pub fn unzipped(&self) -> usize {
        self.total
    }

    /// Lets the stream unzip any amount from now on: for a reader that
    /// keeps a record at a time and drops it (a WARC), whose memory is
    /// bounded by its record, not by the file. Its cost is time only.
    pub fn lift_limit(&mut self) {
        self.limit = None;
    }

    /// [`finish`](Self::finish), saying a cut-off stream with `cut`'s words.
    fn end(self, cut: fn() -> GunzipError) -> Result<(), GunzipError> {
        if let Some(e) = self.failed {
            return Err(e);
        }
        match &self.part {
            Part::Ended => Ok(()),
            // Fewer bytes than gzip's magic: not gzip at all (or not
            // another member), as `gunzip_limited` says of such bytes.
            Part::Header(h) if h.got < GZIP_MAGIC.len() && (self.members == 0 || h.got > 0) => {
                Err(h.not_magic(self.members))
            }
            _ => Err(cut()),
        }
    }

    /// Unzips `input`, handing each piece of output to `take` until it
    /// says there is no room (`Ok(false)`, the stream left mid-way).
    fn feed(
        &mut self,
        input: &[u8],
        mut take: impl FnMut(&[u8]) -> bool,
    ) -> Result<bool, GunzipError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        match self.inflate(input, &mut take) {
            Err(e) => {
                self.failed = Some(e.clone());
                Err(e)
            }
            ok => ok,
        }
    }

    fn inflate(
        &mut self,
        mut input: &[u8],
        take: &mut impl FnMut(&[u8]) -> bool,
    ) -> Result<bool, GunzipError> {
        loop {
            match &mut self.part {
                Part::Ended if input.is_empty() => return Ok(true),
                Part::Ended => self.part = Part::Header(Header::default()),
                Part::Header(header) => {
                    input = &input[header.read(input, self.members)?..];
                    if !header.done() {
                        return Ok(true);
                    }
                    self.part = Part::Deflate;
                    self.inflater.init();
                    self.crc.reset();
                    self.member_size = 0;
                }
                Part::Trailer { got, bytes } => {
                    let n = (bytes.len() - *got).min(input.len());
                    bytes[*got..*got + n].copy_from_slice(&input[..n]);
                    *got += n;
                    input = &input[n..];
                    if *got < bytes.len() {
                        return Ok(true);
                    }
                    check_trailer(bytes, self.crc.value(), self.member_size)?;
                    self.members += 1;
                    self.part = Part::Ended;
                }
                Part::Deflate => {
                    let (status, read, written) = decompress(
                        &mut self.inflater,
                        input,
                        &mut self.window,
                        self.at,
                        TINFL_FLAG_HAS_MORE_INPUT,
                    );
                    input = &input[read..];
                    let chunk = &self.window[self.at..self.at + written];
                    if let Some(limit) = self.limit {
                        if written > limit - self.total {
                            return Err(GunzipError::TooLarge { limit });
                        }
                    }
                    self.total = self.total.saturating_add(written);
                    self.crc.update(chunk);
                    self.member_size = self.member_size.wrapping_add(written as u32);
                    if !take(chunk) {
                        return Ok(false);
                    }
                    self.at = (self.at + written) % CHUNK;
                    match status {
                        TINFLStatus::Done => {
                            self.part = Part::Trailer {
                                got: 0,
                                bytes: [0; 8],
                            }
                        }
                        TINFLStatus::HasMoreOutput => {}
                        // All of `input` is taken: the rest is to come.
                        TINFLStatus::NeedsMoreInput if input.is_empty() => return Ok(true),
                        TINFLStatus::NeedsMoreInput if read + written > 0 => {}
                        TINFLStatus::NeedsMoreInput | TINFLStatus::FailedCannotMakeProgress => {
                            return Err(truncated())
                        }
                        _ => return Err(corrupt("its deflate data is corrupt")),
                    }
                }
            }
        }
    }
}

/// A member's trailer against what its data unzipped to.
fn check_trailer(trailer: &[u8; 8], crc: u32, size: u32) -> Result<(), GunzipError> {
    let [c0, c1, c2, c3, s0, s1, s2, s3] = *trailer;
    if u32::from_le_bytes([c0, c1, c2, c3]) != crc {
        return Err(corrupt(
            "its checksum does not match (the data is damaged): the CRC-32 differs",
        ));
    }
    if u32::from_le_bytes([s0, s1, s2, s3]) != size {
        return Err(corrupt(
            "its checksum does not match (the data is damaged): the size differs",
        ));
    }
    Ok(())
}

/// A member's header read as its bytes arrive (RFC 1952): checked
/// (deflate, no reserved flags), the optional extra field, name, comment
/// and header CRC skipped without being kept.
#[derive(Default)]
struct Header {
    fixed: [u8; 10],
    /// Bytes of `fixed` so far.
    got: usize,
    /// The optional fields still to skip (the flags' bits).
    pending: u8,
    step: Step,
}

#[derive(Default, Clone, Copy)]
enum Step {
    #[default]
    Fixed,
    /// The extra field's length (2 bytes, little-endian): the low byte once read.
    ExtraLength(Option<u8>),
    /// A zero-terminated field (the name, the comment).
    UntilZero,
    Skip(usize),
    Done,
}

impl Header {
    const FHCRC: u8 = 2;
    const FEXTRA: u8 = 4;
    const FNAME: u8 = 8;
    const FCOMMENT: u8 = 16;

    fn done(&self) -> bool {
        matches!(self.step, Step::Done)
    }

    /// Reads what it can of the header from `bytes`: how many it took.
    fn read(&mut self, bytes: &[u8], members: usize) -> Result<usize, GunzipError> {
        let mut used = 0;
        loop {
            let rest = &bytes[used..];
            match self.step {
                Step::Done => return Ok(used),
                _ if rest.is_empty() => return Ok(used),
                Step::Fixed => {
                    let n = (self.fixed.len() - self.got).min(rest.len());
                    self.fixed[self.got..self.got + n].copy_from_slice(&rest[..n]);
                    self.got += n;
                    used += n;
                    if !GZIP_MAGIC.starts_with(&self.fixed[..self.got.min(2)]) {
                        return Err(self.not_magic(members));
                    }
                    if self.got < self.fixed.len() {
                        return Ok(used);
                    }
                    let flags = self.fixed[3];
                    if self.fixed[2] != 8 || flags & 0xE0 != 0 {
                        return Err(corrupt(
                            "its gzip header is invalid (not deflate, or unknown flags)",
                        ));
                    }
                    self.pending = flags;
                    self.next();
                }
                Step::ExtraLength(None) => {
                    self.step = Step::ExtraLength(Some(rest[0]));
                    used += 1;
                }
                Step::ExtraLength(Some(low)) => {
                    self.step = Step::Skip(usize::from(u16::from_le_bytes([low, rest[0]])));
                    used += 1;
                }
                Step::UntilZero => match rest.iter().position(|&b| b == 0) {
                    Some(end) => {
                        used += end + 1;
                        self.next();
                    }
                    None => return Ok(bytes.len()),
                },
                Step::Skip(n) => {
                    let skip = n.min(rest.len());
                    used += skip;
                    self.step = Step::Skip(n - skip);
                    if n == skip {
                        self.next();
                    }
                }
            }
        }
    }

    /// The next optional field, in the order RFC 1952 puts them.
    fn next(&mut self) {
        let field = [Self::FEXTRA, Self::FNAME, Self::FCOMMENT, Self::FHCRC]
            .into_iter()
            .find(|&f| self.pending & f != 0);
        self.step = match field {
            None => Step::Done,
            Some(f) => {
                self.pending &= !f;
                match f {
                    Self::FEXTRA => Step::ExtraLength(None),
                    Self::FHCRC => Step::Skip(2),
                    _ => Step::UntilZero,
                }
            }
        };
    }

    /// Bytes that do not start as gzip does: the file's first (not gzip
    /// at all), or after a member (not another member).
    fn not_magic(&self, members: usize) -> GunzipError {
        if members == 0 {
            corrupt("it is not gzip (it does not start with the bytes 1f 8b)")
        } else {
            corrupt("it is not a valid gzip stream: bytes follow the last member")
        }
    }
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

    fn reset(&mut self) {
        self.crc = !0;
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

    /// What a [`GunzipStream`] makes of `gz` given in `pieces` (cut at
    /// those offsets), with the output it handed on.
    fn stream(gz: &[u8], cuts: &[usize], limit: usize) -> (Vec<u8>, Result<(), GunzipError>) {
        let mut out = Vec::new();
        let mut s = GunzipStream::new(limit);
        let mut from = 0;
        let mut ends: Vec<usize> = cuts.iter().map(|&c| c.min(gz.len())).collect();
        ends.sort_unstable();
        ends.push(gz.len());
        for end in ends {
            let pushed = s.push(&gz[from..end], |c| out.extend_from_slice(c));
            from = end;
            if let Err(e) = pushed {
                // Every later call says the same.
                assert_eq!(
                    s.push(b"more", |_| panic!("unzipped after an error")),
                    Err(e.clone())
                );
                assert_eq!(s.finish(), Err(e.clone()));
                return (out, Err(e));
            }
        }
        assert!(s.unzipped() == out.len());
        (out, s.finish())
    }

    /// `gunzip_limited`'s result in the stream's words.
    fn whole(gz: &[u8], limit: usize) -> Result<Vec<u8>, GunzipError> {
        gunzip_limited(gz, limit).map_err(|e| match e {
            e if e == truncated() => corrupt(CUT_SHORT),
            e => e,
        })
    }

    #[test]
    fn a_stream_a_byte_at_a_time_reads_members_headers_and_trailers() {
        let mut e = flate2::GzBuilder::new()
            .filename("articles.json")
            .comment("by hand")
            .extra(vec![1, 2, 3])
            .write(Vec::new(), Compression::default());
        e.write_all(b"named ").unwrap();
        let mut gz = e.finish().unwrap();
        gz.extend(gzip(b"and more"));
        let cuts: Vec<usize> = (0..gz.len()).collect();
        assert_eq!(
            stream(&gz, &cuts, 100),
            (b"named and more".to_vec(), Ok(()))
        );
        assert_eq!(
            stream(&gz, &cuts, 13).1,
            Err(GunzipError::TooLarge { limit: 13 })
        );
    }

    #[test]
    fn a_cut_stream_gives_what_came_before_the_cut_and_says_so() {
        let text: Vec<u8> = (0..50_000u32)
            .flat_map(|i| format!("line {i}\n").into_bytes())
            .collect();
        let gz = gzip(&text);
        for cut in [
            1,
            2,
            5,
            10,
            11,
            100,
            gz.len() / 2,
            gz.len() - 8,
            gz.len() - 1,
        ] {
            let (out, end) = stream(&gz[..cut], &[cut / 3], usize::MAX);
            assert!(text.starts_with(&out), "{cut}");
            let expected = if cut < 2 {
                "it is not gzip (it does not start with the bytes 1f 8b)"
            } else {
                CUT_SHORT
            };
            assert_eq!(end, Err(corrupt(expected)), "{cut}");
            assert_eq!(
                whole(&gz[..cut], usize::MAX).unwrap_err(),
                corrupt(expected)
            );
        }
        // Most of the text comes before the end of the stream.
        let (out, _) = stream(&gz[..gz.len() / 2], &[], usize::MAX);
        assert!(out.len() > text.len() / 4, "{}", out.len());
    }

    #[test]
    fn corrupt_streams_are_refused_as_gunzip_limited_refuses_them() {
        let text = b"a record, then another record, then a third record".repeat(50);
        let gz = gzip(&text);
        let mut crc = gz.clone();
        let n = crc.len();
        crc[n - 6] ^= 1;
        let mut size = gz.clone();
        size[n - 2] ^= 1;
        let mut deflate = gz.clone();
        deflate[10] = 0xff; // a reserved block type
        let mut junk = gz.clone();
        junk.extend(b"\0\0");
        for (bad, why) in [
            (
                &crc,
                "its checksum does not match (the data is damaged): the CRC-32 differs",
            ),
            (
                &size,
                "its checksum does not match (the data is damaged): the size differs",
            ),
            (&deflate, "its deflate data is corrupt"),
            (
                &junk,
                "it is not a valid gzip stream: bytes follow the last member",
            ),
        ] {
            for cuts in [&[][..], &[7, 40, n - 3]] {
                assert_eq!(stream(bad, cuts, usize::MAX).1, Err(corrupt(why)));
            }
            assert_eq!(whole(bad, usize::MAX), Err(corrupt(why)));
        }
    }

    #[test]
    fn a_bomb_stops_at_the_limit_holding_nothing() {
        let bomb = gzip(&vec![0u8; 20 << 20]);
        let mut seen = 0;
        let mut s = GunzipStream::new(1 << 20);
        let e = s.push(&bomb, |c| seen += c.len()).unwrap_err();
        assert_eq!(e, GunzipError::TooLarge { limit: 1 << 20 });
        assert!(seen <= 1 << 20);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// Any chunking of any members unzips as the whole buffer does,
        /// within any limit, and a cut or damaged copy fails the same way.
        #[test]
        fn a_stream_agrees_with_gunzip_limited(
            members in proptest::collection::vec(
                (proptest::collection::vec(0u8..4, 0..3000), 0u32..10), 1..4),
            cuts in proptest::collection::vec(0usize..20_000, 0..8),
            limit in 0usize..12_000,
            damage in (0usize..20_000, 1u8..=255),
        ) {
            let mut gz = Vec::new();
            for (bytes, level) in &members {
                let mut e = GzEncoder::new(Vec::new(), Compression::new(*level));
                e.write_all(bytes).unwrap();
                gz.extend(e.finish().unwrap());
            }
            for limit in [limit, usize::MAX] {
                let (out, end) = stream(&gz, &cuts, limit);
                match whole(&gz, limit) {
                    Ok(all) => {
                        proptest::prop_assert_eq!(end, Ok(()));
                        proptest::prop_assert_eq!(out, all);
                    }
                    Err(e) => proptest::prop_assert_eq!(end, Err(e)),
                }
            }
            let cut = &gz[..damage.0 % gz.len()];
            proptest::prop_assert_eq!(stream(cut, &cuts, usize::MAX).1.err(), whole(cut, usize::MAX).err());
            let mut bad = gz.clone();
            let at = damage.0 % bad.len();
            bad[at] ^= damage.1;
            let (out, end) = stream(&bad, &cuts, usize::MAX);
            match whole(&bad, usize::MAX) {
                Ok(all) => {
                    proptest::prop_assert_eq!(end, Ok(()));
                    proptest::prop_assert_eq!(out, all);
                }
                Err(e) => proptest::prop_assert_eq!(end, Err(e)),
            }
        }
    }
}
