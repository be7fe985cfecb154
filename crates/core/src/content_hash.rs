//! Content hashes for the files of a sharded archive: every shard and
//! index part is named after the hash of its (uncompressed) bytes, so a
//! static host can cache it forever, and the page checks each one on
//! arrival against the name it asked for.

use sha2::{Digest, Sha256};

/// The first 8 bytes of the SHA-256 of `bytes`, as 16 lower-case hex
/// digits: enough to tell any two parts of one archive apart, short enough
/// for file names and manifests.
pub fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(16);
    for b in &digest[..8] {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::content_hash;

    #[test]
    fn hashes_are_the_start_of_sha256() {
        // SHA-256("abc") = ba7816bf8f01cfea 414140de5dae2223...
        assert_eq!(content_hash(b"abc"), "ba7816bf8f01cfea");
        assert_ne!(content_hash(b"abc"), content_hash(b"abd"));
    }
}
