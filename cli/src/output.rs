//! Atomic output: a write replaces the whole output folder in one step, so a reader (or a
//! build killed at any point) sees either the previous output or the new one, never a mix.
//!
//! How: the new folder is staged beside the target (`.<name>.whatsnew-stage-<pid>-<n>`): what
//! the target already holds and this write does not replace is hard-linked in (copied where
//! links are not possible), so files of others in the folder stay; the new files are written
//! and synced, every staged folder is synced, and then the staged folder and the target trade
//! places in one `renameat2(RENAME_EXCHANGE)` (Linux). The old tree, now at the stage's name,
//! is removed afterwards; a kill before that leaves it beside the target, and the next write
//! removes it. A first write renames the stage into place.
//!
//! Where the exchange is not possible (another OS, a file system without it, a target that is
//! a mount point), each file is still staged, synced and renamed over its target: each file is
//! wholly old or wholly new, but a kill between two renames can leave a mix.

use crate::error::{IoContext, Result};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Writes `files` (name, bytes) into `dir`, creating it if needed.
pub fn write_all(dir: &Path, files: &[(&str, &[u8])]) -> Result<()> {
    let files: Vec<(String, &[u8])> = files.iter().map(|(n, b)| ((*n).to_owned(), *b)).collect();
    replace(dir, &files, &[])
}

/// Adds `files` (name, bytes) to a folder people work in (an author's content folder): every
/// file is staged and synced first, then each is renamed into place, so a failure writes
/// nothing and the folder itself stays the same folder (a shell or an editor inside it keeps
/// seeing it; swapping the whole folder, as [`write_all`] does for output, would leave them in
/// the old, deleted one).
pub fn add_files(dir: &Path, files: &[(&str, &[u8])]) -> Result<()> {
    let files: Vec<(String, &[u8])> = files.iter().map(|(n, b)| ((*n).to_owned(), *b)).collect();
    in_place(dir, &files, &[])
}

/// The list of files a tree write left, so the next one removes what is gone (a deleted
/// announcement's page) and nothing else in the folder.
const MANIFEST: &str = ".whatsnew-files";

/// Writes `files` (relative paths with `/`, bytes) under `dir`, creating folders as needed, in
/// one step as [`write_all`] does. Files the previous tree write listed and this one does not
/// are left out of the new folder (and folders they leave empty); nothing else is touched.
pub fn write_tree(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    let old: Vec<String> = fs::read_to_string(dir.join(MANIFEST))
        .map(|t| t.lines().map(str::to_owned).collect())
        .unwrap_or_default();
    let mut names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    names.sort_unstable();
    // Only plain relative paths a tree write wrote: never `..` or absolute ones.
    let gone: Vec<String> = old
        .into_iter()
        .filter(|o| !names.contains(&o.as_str()))
        .filter(|o| !o.split('/').any(|s| s.is_empty() || s == ".."))
        .collect();
    let mut manifest = names.join("\n");
    manifest.push('\n');
    let mut all: Vec<(String, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.clone(), b.as_slice()))
        .collect();
    all.push((MANIFEST.to_owned(), manifest.as_bytes()));
    replace(dir, &all, &gone)
}

/// Makes `dir` hold `files` (relative paths) instead of what it held under those names, without
/// the relative paths in `gone`, everything else kept; in one step where the OS allows.
fn replace(dir: &Path, files: &[(String, &[u8])], gone: &[String]) -> Result<()> {
    // Through a symlink to the real folder: the link stays a link.
    let target = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
        return in_place(dir, files, gone);
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    fs::create_dir_all(parent).context("cannot create the output folder", dir)?;
    let name = name.to_string_lossy().into_owned();
    remove_stale_stages(parent, &name);
    static STAGES: AtomicU64 = AtomicU64::new(0);
    let stage = parent.join(format!(
        ".{name}.whatsnew-stage-{}-{}",
        std::process::id(),
        STAGES.fetch_add(1, Ordering::Relaxed)
    ));
    let exists = target.is_dir();
    let staged = (|| -> Result<()> {
        fs::create_dir(&stage).context("cannot create", &stage)?;
        if exists {
            let replaced: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
            keep(&target, &stage, "", &replaced, gone)?;
            if let Ok(meta) = fs::metadata(&target) {
                let _ = fs::set_permissions(&stage, meta.permissions());
            }
        }
        for (rel, bytes) in files {
            let path = stage.join(rel);
            if let Some(folder) = path.parent() {
                fs::create_dir_all(folder).context("cannot create", folder)?;
            }
            write_synced(&path, bytes)?;
        }
        sync_folders(&stage)
    })();
    if let Err(e) = staged {
        let _ = fs::remove_dir_all(&stage);
        return Err(e);
    }
    let swapped = if exists {
        exchange(&stage, &target)
    } else {
        fs::rename(&stage, &target)
    };
    if swapped.is_err() {
        // No exchange here: file by file instead.
        let _ = fs::remove_dir_all(&stage);
        return in_place(dir, files, gone);
    }
    sync_folder(parent);
    // The old tree, now at the stage's name.
    let _ = fs::remove_dir_all(&stage);
    Ok(())
}

/// Recreates the tree under `from` (at `rel`) in `to` with hard links (copies where a link
/// fails), leaving out the paths being `replaced` and those `gone`, and folders that only held
/// what is gone.
fn keep(from: &Path, to: &Path, rel: &str, replaced: &[&str], gone: &[String]) -> Result<()> {
    let here = if rel.is_empty() {
        from.to_path_buf()
    } else {
        from.join(rel)
    };
    let entries = fs::read_dir(&here).context("cannot read", &here)?;
    for entry in entries {
        let entry = entry.context("cannot read", &here)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        if replaced.contains(&path.as_str()) || gone.contains(&path) {
            continue;
        }
        let (src, dst) = (entry.path(), to.join(&path));
        let kind = entry.file_type().context("cannot read", &src)?;
        if kind.is_dir() {
            fs::create_dir(&dst).context("cannot create", &dst)?;
            if let Ok(meta) = fs::metadata(&src) {
                let _ = fs::set_permissions(&dst, meta.permissions());
            }
            keep(from, to, &path, replaced, gone)?;
            let had = fs::read_dir(&src).is_ok_and(|mut d| d.next().is_some());
            let has = fs::read_dir(&dst).is_ok_and(|mut d| d.next().is_some());
            let gets = replaced.iter().any(|r| r.starts_with(&format!("{path}/")));
            if had && !has && !gets {
                let _ = fs::remove_dir(&dst);
            }
        } else if kind.is_symlink() {
            let link = fs::read_link(&src).context("cannot read", &src)?;
            symlink(&link, &dst).context("cannot create", &dst)?;
        } else if fs::hard_link(&src, &dst).is_err() {
            fs::copy(&src, &dst).context("cannot copy", &src)?;
        }
    }
    Ok(())
}

#[cfg(unix)]
fn symlink(link: &Path, at: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(link, at)
}

#[cfg(not(unix))]
fn symlink(link: &Path, at: &Path) -> std::io::Result<()> {
    fs::copy(link, at).map(|_| ())
}

/// Trades the places of two folders in one step.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// Removes stages of earlier writes to `name` that were killed after the exchange (or before
/// it): those of processes no longer running, or over an hour old where that cannot be told.
fn remove_stale_stages(parent: &Path, name: &str) {
    let prefix = format!(".{name}.whatsnew-stage-");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let proc = Path::new("/proc/self").exists();
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix(&prefix) else {
            continue;
        };
        let pid = rest.split('-').next().unwrap_or_default();
        let stale = if proc {
            pid != std::process::id().to_string() && !Path::new("/proc").join(pid).exists()
        } else {
            entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 3600)
        };
        if stale {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = fs::File::create(path).context("cannot write", path)?;
    f.write_all(bytes).context("cannot write", path)?;
    f.sync_all().context("cannot write", path)
}

/// Syncs `dir` and every folder under it, so their entries (links included) are on disk.
fn sync_folders(dir: &Path) -> Result<()> {
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries.flatten() {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                sync_folders(&entry.path())?;
            }
        }
    }
    sync_folder(dir);
    Ok(())
}

/// Syncs a folder's entries where the OS allows opening a folder.
fn sync_folder(dir: &Path) {
    if let Ok(f) = fs::File::open(dir) {
        let _ = f.sync_all();
    }
}

/// The fallback: every file staged as a synced temporary file beside its target, then renamed
/// into place; on a failure before the renames the temporary files go and nothing changed.
/// Then what is `gone` is removed, with folders it leaves empty.
fn in_place(dir: &Path, files: &[(String, &[u8])], gone: &[String]) -> Result<()> {
    fs::create_dir_all(dir).context("cannot create the output folder", dir)?;
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = (|| {
        for (rel, bytes) in files {
            let target = dir.join(rel);
            if let Some(folder) = target.parent() {
                fs::create_dir_all(folder).context("cannot create", folder)?;
            }
            let name = target
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            let tmp = target.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
            staged.push((tmp.clone(), target));
            write_synced(&tmp, bytes)?;
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
        return result;
    }
    for rel in gone {
        let path = dir.join(rel);
        let _ = fs::remove_file(&path);
        if let Some(parent) = path.parent() {
            let _ = fs::remove_dir(parent);
        }
    }
    sync_folder(dir);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(dir: &Path) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).unwrap().flatten() {
                let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
                if e.file_type().unwrap().is_dir() {
                    out.push((format!("{rel}/"), String::new()));
                    stack.push(e.path());
                } else {
                    out.push((rel, fs::read_to_string(e.path()).unwrap_or_default()));
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn a_write_replaces_its_files_and_keeps_the_rest() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        write_all(&out, &[("a.json", b"1"), ("b.js", b"1")]).unwrap();
        fs::write(out.join("theirs.txt"), "keep").unwrap();
        fs::create_dir(out.join("sub")).unwrap();
        fs::write(out.join("sub/x"), "keep too").unwrap();
        write_all(&out, &[("a.json", b"2")]).unwrap();
        let t = tree(&out);
        let want: Vec<(String, String)> = [
            ("a.json", "2"),
            ("b.js", "1"),
            ("sub/", ""),
            ("sub/x", "keep too"),
            ("theirs.txt", "keep"),
        ]
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect();
        assert_eq!(t, want);
        // Nothing is left beside the folder.
        let beside: Vec<_> = fs::read_dir(root.path()).unwrap().flatten().collect();
        assert_eq!(beside.len(), 1);
    }

    #[test]
    fn a_tree_write_drops_what_is_gone_and_its_empty_folders() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("site");
        let files = |names: &[&str]| -> Vec<(String, Vec<u8>)> {
            names
                .iter()
                .map(|n| ((*n).to_owned(), n.as_bytes().to_vec()))
                .collect()
        };
        write_tree(
            &out,
            &files(&["index.html", "a/index.html", "b/index.html"]),
        )
        .unwrap();
        fs::write(out.join("b/theirs"), "keep").unwrap();
        write_tree(&out, &files(&["index.html", "c/index.html"])).unwrap();
        let names: Vec<String> = tree(&out).into_iter().map(|(n, _)| n).collect();
        assert_eq!(
            names,
            [
                ".whatsnew-files",
                "b/",
                "b/theirs",
                "c/",
                "c/index.html",
                "index.html"
            ]
        );
    }

    #[test]
    fn a_symlinked_output_folder_stays_a_link() {
        let root = tempfile::tempdir().unwrap();
        let real = root.path().join("real");
        write_all(&real, &[("a", b"1")]).unwrap();
        let link = root.path().join("link");
        symlink(&real, &link).unwrap();
        write_all(&link, &[("a", b"2")]).unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(real.join("a")).unwrap(), "2");
    }
}
