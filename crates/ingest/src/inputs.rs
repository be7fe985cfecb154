//! Which files to read, in which order.
//!
//! Each PATH argument in turn; a folder is walked recursively and its files
//! are taken in byte-wise path order, so the result (and with it the
//! duplicate-id rule) never depends on the order the file system lists
//! entries in.

use broadsheet_core::InputKind;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// One thing to read, or a folder that could not be listed.
#[derive(Debug)]
pub struct Input {
    pub path: PathBuf,
    pub source: Result<InputKind, io::Error>,
}

/// The files to read, in input order.
#[derive(Debug, Default)]
pub struct Inputs {
    pub files: Vec<Input>,
    /// Files inside folders that are neither `.txt` nor `.json`.
    pub ignored: usize,
}

/// PATH arguments that do not exist (or cannot be looked at), with why.
pub fn missing(paths: &[PathBuf]) -> Vec<String> {
    paths
        .iter()
        .filter_map(|path| match fs::metadata(path) {
            Ok(_) => None,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                Some(format!("no such file or folder: {}", path.display()))
            }
            Err(e) => Some(format!("{}: {e}", path.display())),
        })
        .collect()
}

/// Expands `paths` into the files to read. `exclude` (the output file) is
/// never taken from inside a folder, nor is anything in `skip` (folders
/// written, a sharded archive's parts: `.json.gz` files, which are records
/// files by name), so re-running into a file or folder that lies in an
/// input folder does not read the previous output back in.
pub fn expand(paths: &[PathBuf], exclude: Option<&Path>, skip: &[PathBuf]) -> Inputs {
    let exclude =
        exclude.and_then(|p| Some((p.file_name()?.to_owned(), fs::canonicalize(p).ok()?)));
    let skip: Vec<PathBuf> = skip
        .iter()
        .filter_map(|p| fs::canonicalize(p).ok())
        .collect();
    let mut inputs = Inputs::default();
    for path in paths {
        if fs::metadata(path).is_ok_and(|m| m.is_dir()) {
            let first = inputs.files.len();
            walk(
                path,
                &mut inputs,
                exclude.as_ref().map(|(n, p)| (n.as_os_str(), p.as_path())),
                &skip,
            );
            inputs.files[first..].sort_by(|a, b| {
                a.path
                    .as_os_str()
                    .as_encoded_bytes()
                    .cmp(b.path.as_os_str().as_encoded_bytes())
            });
        } else {
            inputs.files.push(Input {
                path: path.clone(),
                source: Ok(InputKind::of_named(&path.to_string_lossy())),
            });
        }
    }
    inputs
}

/// Collects the readable files under `root`, unsorted. Folders are entered
/// only when they are real folders (not links), so a link loop cannot hang,
/// and each folder once, so a loop of mounts cannot either. Files are
/// listed by name, not opened: one that is not a regular file (a FIFO, a
/// device) is refused when it is read (`read::read_input`).
fn walk(
    root: &Path,
    inputs: &mut Inputs,
    exclude: Option<(&std::ffi::OsStr, &Path)>,
    skip: &[PathBuf],
) {
    let mut folders = vec![root.to_path_buf()];
    let mut seen = std::collections::HashSet::new();
    while let Some(folder) = folders.pop() {
        if let Some(id) = crate::output::FileId::of(&folder) {
            if !seen.insert(id) {
                continue;
            }
        }
        let entries = match fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(e) => {
                inputs.files.push(Input {
                    path: folder,
                    source: Err(e),
                });
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    inputs.files.push(Input {
                        path: folder.clone(),
                        source: Err(e),
                    });
                    break;
                }
            };
            let name = entry.file_name();
            if name.as_encoded_bytes().starts_with(b".") {
                continue;
            }
            let path = entry.path();
            let file_type = match entry.file_type() {
                Ok(t) => t,
                Err(e) => {
                    inputs.files.push(Input {
                        path,
                        source: Err(e),
                    });
                    continue;
                }
            };
            if file_type.is_dir() {
                let skipped =
                    !skip.is_empty() && fs::canonicalize(&path).is_ok_and(|p| skip.contains(&p));
                if !skipped {
                    folders.push(path);
                }
                continue;
            }
            if file_type.is_symlink() && fs::metadata(&path).is_ok_and(|m| m.is_dir()) {
                continue; // not followed
            }
            let Some(kind) = InputKind::in_folder(&name.to_string_lossy()) else {
                inputs.ignored += 1;
                continue;
            };
            if let Some((out_name, out_path)) = exclude {
                if name == out_name && fs::canonicalize(&path).is_ok_and(|p| p == out_path) {
                    continue;
                }
            }
            inputs.files.push(Input {
                path,
                source: Ok(kind),
            });
        }
    }
}
