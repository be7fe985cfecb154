//! Reading one input file within the limits the page keeps
//! (`broadsheet_core::limits`), so what the CLI writes the page can read,
//! and what the page refuses the CLI refuses, in the same words.
//!
//! - Only regular files are opened: a FIFO, a socket or a device is
//!   skipped (opening a FIFO for reading blocks until a writer comes).
//!   The file is opened non-blocking and checked again once open, so a
//!   path swapped for a FIFO in between cannot hang the run either.
//! - A seed file (one article) is refused past [`WHOLE_LIMIT`], from its
//!   size before it is opened, and never read past it.
//! - Records files stream through core's `RecordsFile` (JSON, JSON Lines,
//!   CSV/TSV, XML, told by their first bytes): a set laid out one article
//!   per line (what this tool writes), JSON Lines and tables are read a
//!   record at a time, whatever their size; a record over [`WHOLE_LIMIT`]
//!   is skipped, as the page skips it. Any other JSON layout must be held
//!   whole to be parsed: up to [`MAX_OPEN_BYTES`] (this tool is what
//!   converts such files for the page, which reads them whole only up to
//!   [`WHOLE_LIMIT`]). A gzipped records file (`crawl.jsonl.gz`, told by
//!   its first bytes too) is unzipped as it is read, and these limits are
//!   of its unzipped bytes, which stop at [`MAX_OPEN_BYTES`].

use crate::report::cannot_read;
use broadsheet_core::formats::records_file::{Layout, RecordsFile};
use broadsheet_core::formats::table::Field;
use broadsheet_core::formats::warc::readable_crawl_reader;
use broadsheet_core::limits::{MAX_OPEN_BYTES, WHOLE_LIMIT};
use broadsheet_core::numbers::megabytes;
use broadsheet_core::{load_file, FileLoad, InputKind, Problem};
use std::fs::{self, File, FileType};
use std::io::{self, Read};
use std::path::Path;

/// What `path` gave, read as `kind`; problems with the file as a whole
/// (not a regular file, too large, an I/O error) come as its one problem.
pub fn read_input(path: &Path, kind: InputKind, columns: &[(Field, String)]) -> FileLoad {
    match read(path, kind, columns) {
        Ok(load) => load,
        Err(message) => FileLoad::failed(Problem::whole(message)),
    }
}

fn read(path: &Path, kind: InputKind, columns: &[(Field, String)]) -> Result<FileLoad, String> {
    let meta = fs::metadata(path).map_err(|e| cannot_read(&e))?;
    check_regular(meta.file_type())?;
    if kind == InputKind::Seed && meta.len() > WHOLE_LIMIT as u64 {
        return Err(seed_too_large(meta.len()));
    }
    let mut file = open_without_blocking(path).map_err(|e| cannot_read(&e))?;
    // The path may name something else by now.
    check_regular(file.metadata().map_err(|e| cannot_read(&e))?.file_type())?;
    match kind {
        InputKind::Seed => {
            let mut bytes = Vec::with_capacity(meta.len() as usize);
            (&mut file)
                .take(WHOLE_LIMIT as u64 + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| cannot_read(&e))?;
            if bytes.len() > WHOLE_LIMIT {
                return Err(seed_too_large(meta.len().max(bytes.len() as u64)));
            }
            Ok(load_file(InputKind::Seed, &bytes))
        }
        InputKind::Records => {
            let name = path.to_string_lossy();
            let mut reader = RecordsFile::new(&name, MAX_OPEN_BYTES as usize, WHOLE_LIMIT)
                .with_columns(columns.to_vec())
                .with_web_pages(readable_crawl_reader);
            let mut chunk = vec![0; 1 << 20];
            loop {
                let n = match file.read(&mut chunk) {
                    Ok(0) => break,
                    Ok(n) => n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(cannot_read(&e)),
                };
                reader.push(&chunk[..n]);
                // Too large to read whole: refused as soon as its first
                // line says it must be (or it has gone over).
                let whole = reader.layout() == Layout::Whole;
                if whole && meta.len() > MAX_OPEN_BYTES {
                    return Err(too_large_to_read_whole(Some(meta.len())));
                }
                if reader.refused() {
                    if whole {
                        return Err(too_large_to_read_whole(None));
                    }
                    // (A table without a usable header: `finish` says why.)
                    break;
                }
            }
            Ok(reader.finish())
        }
    }
}

/// `Err("not a regular file (a FIFO)")` for anything but a regular file.
pub fn check_regular(file_type: FileType) -> Result<(), String> {
    if file_type.is_file() {
        return Ok(());
    }
    Err(format!("not a regular file ({})", describe(file_type)))
}

/// What a file that is not a regular file is: `a FIFO`, `a socket`, …
pub fn describe(file_type: FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_symlink() {
        "a link"
    } else if file_type.is_file() {
        "a regular file"
    } else {
        "a special file"
    }
}

/// Opens `path` for reading without waiting for a writer, should it be a
/// FIFO after all.
fn open_without_blocking(path: &Path) -> io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// The page's words for a seed file over [`WHOLE_LIMIT`].
fn seed_too_large(bytes: u64) -> String {
    format!(
        "the file is {}; a seed file holds one article, and Broadsheet reads at most {} of one",
        megabytes(bytes as f64),
        megabytes(WHOLE_LIMIT as f64)
    )
}

/// A JSON file over [`MAX_OPEN_BYTES`] (`bytes`, when known) in a layout
/// that must be read whole.
fn too_large_to_read_whole(bytes: Option<u64>) -> String {
    let size = match bytes {
        Some(bytes) => megabytes(bytes as f64),
        None => format!("over {}", megabytes(MAX_OPEN_BYTES as f64)),
    };
    format!(
        "the file is {size} and not laid out one article per line, so it would have to be read in one piece, and Broadsheet reads at most {} in one piece; split it into smaller files, or put one article on each line after the line `{{\"format\":\"broadsheet-article-set\",\"version\":2,\"articles\":[` (the layout broadsheet-ingest writes), which is read a line at a time, as JSON Lines and CSV are",
        megabytes(MAX_OPEN_BYTES as f64)
    )
}
