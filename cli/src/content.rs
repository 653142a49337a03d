//! Reading a content folder: every `*.md` file, sorted by path, so builds are reproducible.
//!
//! Skipped: hidden files and folders, files starting with `_` (drafts), `README.md`, and a
//! repository's `CHANGELOG.md`, `CONTRIBUTING.md`, `CODE_OF_CONDUCT.md` and `LICENSE.md` when
//! they have no front matter: `import CHANGELOG.md` in a repository's root writes the drafts
//! beside it.

use crate::error::{Error, IoContext, Result};
use std::fs;
use std::path::{Path, PathBuf};

/// Files larger than this are refused before parsing: an announcement is a page, not a book.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// One announcement file, read.
pub struct File {
    /// The path as shown to the user (the content folder joined with the relative path).
    pub shown: String,
    /// The file name without `.md`.
    pub stem: String,
    /// Its text.
    pub text: String,
}

/// Reads every announcement file under `dir`.
pub fn read(dir: &Path) -> Result<Vec<File>> {
    let meta = fs::metadata(dir).map_err(|e| Error::Io {
        context: format!("cannot read the content folder `{}`", dir.display()),
        source: e,
        hint: Some("pass the folder that holds your announcement .md files".into()),
    })?;
    if !meta.is_dir() {
        return Err(Error::Usage(format!(
            "`{}` is not a folder; pass the folder that holds your announcement .md files",
            dir.display()
        )));
    }
    let mut paths = Vec::new();
    walk(dir, &mut paths)?;
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let size = fs::metadata(&path).context("cannot read", &path)?.len();
            if size > MAX_FILE_BYTES {
                return Err(Error::Usage(format!(
                    "`{}` is {size} bytes; announcement files are limited to {MAX_FILE_BYTES} bytes",
                    path.display()
                )));
            }
            let bytes = fs::read(&path).context("cannot read", &path)?;
            let text = String::from_utf8(bytes).map_err(|_| {
                Error::Usage(format!("`{}` is not UTF-8 text; save it as UTF-8", path.display()))
            })?;
            let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            Ok(File { shown: path.display().to_string(), stem, text })
        })
        .collect()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = fs::read_dir(dir).context("cannot list", dir)?;
    for entry in entries {
        let entry = entry.context("cannot list", dir)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.starts_with('_') {
            continue;
        }
        let path = entry.path();
        let kind = entry.file_type().context("cannot read", &path)?;
        if kind.is_dir() {
            walk(&path, out)?;
        } else if name.ends_with(".md") && !repository_file(&name, &path) {
            out.push(path);
        }
    }
    Ok(())
}

/// A repository's own Markdown file: `README.md` always; `CHANGELOG.md`, `CONTRIBUTING.md`,
/// `CODE_OF_CONDUCT.md` and `LICENSE.md` when they have no front matter (an announcement
/// called `license.md`, "New license management", has one and is read).
fn repository_file(name: &str, path: &Path) -> bool {
    if name.eq_ignore_ascii_case("readme.md") {
        return true;
    }
    let named = [
        "changelog.md",
        "contributing.md",
        "code_of_conduct.md",
        "license.md",
    ]
    .iter()
    .any(|r| name.eq_ignore_ascii_case(r));
    named && {
        let mut head = [0u8; 8];
        let n = fs::File::open(path)
            .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
            .unwrap_or(0);
        let head = &head[..n];
        let head = head.strip_prefix(&[0xef, 0xbb, 0xbf][..]).unwrap_or(head);
        !head.starts_with(b"---")
    }
}
