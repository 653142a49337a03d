//! Atomic output: every file is written to a temporary name in the target folder, synced, and
//! only then renamed over the old one. A failure before the renames leaves the previous output
//! untouched; each file is always either wholly old or wholly new.

use crate::error::{IoContext, Result};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `files` (name, bytes) into `dir`, creating it if needed.
pub fn write_all(dir: &Path, files: &[(&str, &[u8])]) -> Result<()> {
    fs::create_dir_all(dir).context("cannot create the output folder", dir)?;
    commit(files.iter().map(|(name, bytes)| (dir.join(name), *bytes)))
}

/// Stages every (target, bytes) as a synced temporary file beside its target, then renames
/// them all into place; on any failure the temporary files go and no target has changed.
fn commit<'a>(files: impl Iterator<Item = (PathBuf, &'a [u8])>) -> Result<()> {
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = (|| {
        for (target, bytes) in files {
            let name = target
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            let tmp = target.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
            staged.push((tmp.clone(), target));
            let mut f = fs::File::create(&tmp).context("cannot write", &tmp)?;
            f.write_all(bytes).context("cannot write", &tmp)?;
            f.sync_all().context("cannot write", &tmp)?;
        }
        for (tmp, target) in &staged {
            fs::rename(tmp, target).context("cannot replace", target)?;
        }
        Ok(())
    })();
    if result.is_err() {
        for (tmp, _) in &staged {
            let _ = fs::remove_file(tmp);
        }
    }
    result
}

/// The list of files a tree write left, so the next one removes what is gone (a deleted
/// announcement's page) and nothing else in the folder.
const MANIFEST: &str = ".whatsnew-files";

/// Writes `files` (relative paths with `/`, bytes) under `dir`, creating folders as needed, as
/// [`write_all`] does: every file staged first, then renamed into place. Files the previous
/// tree write listed and this one does not are removed afterwards; nothing else is touched.
pub fn write_tree(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    fs::create_dir_all(dir).context("cannot create the output folder", dir)?;
    let old: Vec<String> = fs::read_to_string(dir.join(MANIFEST))
        .map(|t| t.lines().map(str::to_owned).collect())
        .unwrap_or_default();
    for (name, _) in files {
        let parent = dir.join(name).parent().unwrap_or(dir).to_path_buf();
        fs::create_dir_all(&parent).context("cannot create", &parent)?;
    }
    commit(
        files
            .iter()
            .map(|(name, bytes)| (dir.join(name), bytes.as_slice())),
    )?;
    let mut names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    names.sort_unstable();
    for gone in old.iter().filter(|o| !names.contains(&o.as_str())) {
        // Only plain relative paths this function wrote: never `..` or absolute ones.
        if !gone.split('/').any(|s| s.is_empty() || s == "..") {
            let path = dir.join(gone);
            let _ = fs::remove_file(&path);
            if let Some(parent) = path.parent() {
                let _ = fs::remove_dir(parent);
            }
        }
    }
    let mut manifest = names.join("\n");
    manifest.push('\n');
    write_all(dir, &[(MANIFEST, manifest.as_bytes())])
}
