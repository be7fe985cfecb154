//! Writing the set: atomically, so a reader never sees half a file and a
//! failed run leaves the previous file in place; through, into anything
//! that is not a regular file (a device, a FIFO), which is never replaced.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Writes `bytes` to the output `path`:
/// - a regular file (or a new one) is replaced atomically
///   ([`write_atomically`]);
/// - a link is followed and the same rule applies to its target, so the
///   link stays a link;
/// - anything else that exists (`/dev/null`, `/dev/stdout`, a FIFO) is
///   opened and written to, never replaced by a regular file.
pub fn write_output(path: &Path, bytes: &[u8]) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => match fs::canonicalize(path) {
            Ok(target) if fs::metadata(&target).is_ok_and(|m| m.is_file()) => {
                write_atomically(&target, bytes)
            }
            // A device, a FIFO, a pipe (`/dev/stdout`), or not there yet.
            _ => write_through(path, bytes),
        },
        Ok(meta) if !meta.is_file() => write_through(path, bytes),
        _ => write_atomically(path, bytes),
    }
}

/// Opens `path` (following links) and writes `bytes` into it.
fn write_through(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)?;
    file.write_all(bytes)?;
    file.flush()
}

/// Writes `bytes` to `FILE.tmp-<pid>-<n>` next to `path`, flushes it to disk,
/// then renames it over `path` (keeping the permissions of the file it
/// replaces). Missing parent folders are created. On failure the
/// temporary file is removed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)?;
    }
    let tmp = TempFile::new(temporary_path(path)?);
    let mut file = File::create(tmp.path())?;
    file.write_all(bytes)?;
    if let Ok(meta) = fs::metadata(path) {
        file.set_permissions(meta.permissions())?;
    }
    file.sync_all()?;
    drop(file);
    tmp.rename_to(path)
}

/// A file being written under a temporary name: removed when dropped,
/// unless it was renamed to its final name. Every way out of a failed
/// write (a full disk, an error, a panic unwinding) removes it.
pub struct TempFile {
    path: PathBuf,
    renamed: bool,
}

impl TempFile {
    pub fn new(path: PathBuf) -> Self {
        TempFile {
            path,
            renamed: false,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Renames the file to `to`; on failure it is removed.
    pub fn rename_to(mut self, to: &Path) -> io::Result<()> {
        fs::rename(&self.path, to)?;
        self.renamed = true;
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.renamed {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// `FILE.tmp-<pid>-<n>` beside `path`: a name no other write of this
/// process uses, even of the same file at the same time (two writer
/// threads storing two parts with the same content, hence the same name:
/// with one temporary name, one rename took the other's file away).
pub fn temporary_path(path: &Path) -> io::Result<PathBuf> {
    static WRITES: AtomicU64 = AtomicU64::new(0);
    let mut name = path
        .file_name()
        .ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidInput, "the output is not a file name")
        })?
        .to_owned();
    let n = WRITES.fetch_add(1, Ordering::Relaxed);
    name.push(format!(".tmp-{}-{n}", std::process::id()));
    Ok(path.with_file_name(name))
}

/// Identifies a file whatever path names it (links, `..`, hard links).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FileId(Id);

#[cfg(unix)]
type Id = (u64, u64);
#[cfg(not(unix))]
type Id = PathBuf;

impl FileId {
    /// The file `path` names, if it exists.
    pub fn of(path: &Path) -> Option<FileId> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let meta = fs::metadata(path).ok()?;
            Some(FileId((meta.dev(), meta.ino())))
        }
        #[cfg(not(unix))]
        {
            fs::canonicalize(path).ok().map(FileId)
        }
    }
}
