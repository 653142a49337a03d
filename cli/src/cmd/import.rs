//! `whatsnew import <CHANGELOG.md>`: a changelog's entries as draft announcements, one file
//! each, marked unfinished so `check` walks the author through rewriting them.

use crate::args::ImportArgs;
use crate::error::{Error, IoContext, Result};
use crate::import::{drafts, parse};
use crate::output;
use crate::release::slug;

/// Runs `whatsnew import`.
pub fn run(args: &ImportArgs) -> Result<()> {
    let bytes = std::fs::read(&args.changelog).context("cannot read", &args.changelog)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        // Where, so the author can find the one character (a Latin-1 `é`, a pasted byte).
        let at = e.utf8_error().valid_up_to();
        let before = &e.as_bytes()[..at];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let col = at - before.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1) + 1;
        Error::Usage(format!(
            "{}:{line}:{col}: not UTF-8 (byte 0x{:02x}); save the file as UTF-8, e.g. with `iconv -f latin1 -t utf-8`",
            args.changelog.display(),
            e.as_bytes()[at]
        ))
    })?;
    let text = crate::content::lone_cr_as_lf(text);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut log = parse(text);
    if let Some(since) = &args.since {
        // `v1.2.0` and `1.2.0` are one version.
        let bare = |v: &str| v.trim_start_matches(['v', 'V']).to_owned();
        let Some(at) = log
            .entries
            .iter()
            .rposition(|e| bare(&e.version) == bare(since))
        else {
            let mut versions: Vec<&str> = log.entries.iter().map(|e| e.version.as_str()).collect();
            versions.dedup();
            return Err(Error::Usage(format!(
                "no version `{since}` in `{}`; versions with entries: {}",
                args.changelog.display(),
                versions.into_iter().take(12).collect::<Vec<_>>().join(", ")
            )));
        };
        log.entries.truncate(at + 1);
    }
    if log.entries.is_empty() && !log.skipped.is_empty() {
        return Err(Error::Usage(format!(
            "no entries in `{}` but in versions that are not out ({}): import again once one is released (a released version is a `## <version>` heading with `- item` lines below)",
            args.changelog.display(),
            log.skipped.join(", ")
        )));
    }
    if log.entries.is_empty() && !log.unversioned.is_empty() {
        return Err(Error::Usage(format!(
            "no entries in `{}` under a version: the entries under {} have no version heading above them (`## 1.2.0`, `## [1.2.0] - 2026-11-02`)",
            args.changelog.display(),
            log.unversioned.join(", ")
        )));
    }
    if log.entries.is_empty() {
        return Err(Error::Usage(format!(
            "no entries in `{}`: expected `## <version>` headings with `- item` lines below (Keep a Changelog or a plain list)",
            args.changelog.display()
        )));
    }
    let source = args.changelog.file_name().map_or_else(
        || "the changelog".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    );
    let files = drafts(&log, &source);
    let existing: Vec<&str> = files
        .iter()
        .filter(|(name, _)| args.dir.join(name).exists())
        .map(|(name, _)| name.as_str())
        .collect();
    if !existing.is_empty() && !args.force {
        // The versions above the first one already imported are the new ones: `--since` the
        // oldest of them adds just those (--force would overwrite drafts already rewritten).
        let mut versions: Vec<&str> = log.entries.iter().map(|e| e.version.as_str()).collect();
        versions.dedup();
        let imported = |v: &str| {
            let prefix = format!("v{}-", slug(v.trim_start_matches(['v', 'V'])));
            existing.iter().any(|name| name.starts_with(&prefix))
        };
        let newer: Vec<&str> = versions.into_iter().take_while(|v| !imported(v)).collect();
        let hint = match newer.last() {
            Some(v) => format!(
                "To add only the versions above those, pass --since {v}; --force replaces the files, and any rewriting done in them"
            ),
            None => "--force replaces them, and any rewriting done in them".to_owned(),
        };
        return Err(Error::Usage(format!(
            "{} already in `{}` ({}); nothing was written. {hint}",
            crate::report::plural(existing.len(), "file"),
            args.dir.display(),
            {
                let mut names = existing
                    .iter()
                    .take(5)
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", ");
                if existing.len() > 5 {
                    names.push_str(&format!(" and {} more", existing.len() - 5));
                }
                names
            }
        )));
    }
    // What a write cannot replace, found before anything is written (it failed halfway).
    if let Some((name, _)) = files.iter().find(|(name, _)| args.dir.join(name).is_dir()) {
        return Err(Error::Usage(format!(
            "`{}` is a folder, so a draft cannot take its name; nothing was written",
            args.dir.join(name).display()
        )));
    }
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_bytes()))
        .collect();
    output::add_files(&args.dir, &refs)?;
    let mut versions: Vec<&str> = log.entries.iter().map(|e| e.version.as_str()).collect();
    versions.dedup();
    println!(
        "Imported {} from {} into {}",
        crate::report::plural(files.len(), "entry").replace("entrys", "entries"),
        crate::report::plural(versions.len(), "version"),
        args.dir.display()
    );
    if !log.skipped.is_empty() {
        println!("Skipped (not released): {}", log.skipped.join(", "));
    }
    let merged = crate::import::changes(&log).saturating_sub(files.len());
    if merged > 0 {
        println!(
            "Merged: {} repeating another of the same version (one draft for both)",
            crate::report::plural(merged, "entry").replace("entrys", "entries")
        );
    }
    if !log.unversioned.is_empty() {
        println!(
            "Skipped (no version above them): the entries under {}",
            log.unversioned.join(", ")
        );
    }
    println!("Each file is unfinished: rewrite it for customers, then delete its TODO lines.");
    println!(
        "`whatsnew check {}` lists every TODO and proposes benefit-first headlines; `build` refuses the files until they are done.",
        args.dir.display()
    );
    Ok(())
}
