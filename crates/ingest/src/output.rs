//! Writing the set: atomically, so a reader never sees half a file and a
//! failed run leaves the previous file in place.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `FILE.tmp-<pid>` next to `path`, flushes it to disk,
/// then renames it over `path`. Missing parent folders are created. On
/// failure the temporary file is removed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)?;
    }
    let tmp = temporary_path(path)?;
    let result = (|| {
        let mut file = File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

fn temporary_path(path: &Path) -> io::Result<PathBuf> {
    let mut name = path
        .file_name()
        .ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidInput, "the output is not a file name")
        })?
        .to_owned();
    name.push(format!(".tmp-{}", std::process::id()));
    Ok(path.with_file_name(name))
}
