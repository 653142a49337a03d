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
    /// Where its text stops being UTF-8 (a byte offset, and the byte): such a file is read
    /// with U+FFFD in place of what is not, and said at that place, so the others are checked.
    pub not_utf8: Option<(usize, u8)>,
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
            let (text, not_utf8) = match String::from_utf8(bytes) {
                Ok(text) => (text, None),
                Err(e) => {
                    let at = e.utf8_error().valid_up_to();
                    let byte = e.as_bytes()[at];
                    (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some((at, byte)))
                }
            };
            let text = lone_cr_as_lf(text);
            let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            Ok(File { shown: path.display().to_string(), stem, text, not_utf8 })
        })
        .collect()
}

/// Line breaks written as a lone CR (classic Mac OS, some exports) as LF: one byte for one,
/// so positions stay; CRLF stays.
pub fn lone_cr_as_lf(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut bytes = text.into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    // Only an ASCII byte changed for another.
    String::from_utf8(bytes).unwrap_or_default()
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
