//! Sizes and counts as the reader reads them, one wording for the page and
//! the CLI: `12.3 MB`, `2,003`.

/// `12.3 MB`, `512 MB`: a download's or a file's size, as the page and the
/// CLI show progress and limits (`f64`: the File API and progress events
/// count bytes so).
pub fn megabytes(bytes: f64) -> String {
    let mb = bytes / 1e6;
    if mb < 10.0 {
        format!("{mb:.1} MB")
    } else {
        format!("{mb:.0} MB")
    }
}

/// A file of an archive, or its limit, in words: "32 MB", "1.5 MB",
/// "600 bytes".
pub fn file_size(bytes: usize) -> String {
    if bytes >= 1_000_000 {
        if bytes.is_multiple_of(1_000_000) {
            format!("{} MB", bytes / 1_000_000)
        } else {
            format!("{:.1} MB", bytes as f64 / 1e6)
        }
    } else if bytes == 1 {
        "1 byte".into()
    } else {
        format!("{bytes} bytes")
    }
}

/// `2,003`.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(2003), "2,003");
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(megabytes(3_500_000.0), "3.5 MB");
        assert_eq!(megabytes(512e6), "512 MB");
        assert_eq!(file_size(32_000_000), "32 MB");
        assert_eq!(file_size(1_500_000), "1.5 MB");
        assert_eq!(file_size(1), "1 byte");
        assert_eq!(file_size(600), "600 bytes");
    }
}
