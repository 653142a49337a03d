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
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = (|| {
        for (name, bytes) in files {
            let target = dir.join(name);
            let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
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
