//! `whatsnew import <CHANGELOG.md>`: a changelog's entries as draft announcements, one file
//! each, marked unfinished so `check` walks the author through rewriting them.

use crate::args::ImportArgs;
use crate::error::{Error, IoContext, Result};
use crate::import::{drafts, parse};
use crate::output;

/// Runs `whatsnew import`.
pub fn run(args: &ImportArgs) -> Result<()> {
    let text = std::fs::read_to_string(&args.changelog).context("cannot read", &args.changelog)?;
    let mut log = parse(&text);
    if let Some(since) = &args.since {
        let Some(at) = log.entries.iter().rposition(|e| &e.version == since) else {
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
        return Err(Error::Usage(format!(
            "{} already in `{}` ({}); nothing was written. Pass --force to replace them",
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
    println!("Each file is unfinished: rewrite it for customers, then delete its TODO lines.");
    println!(
        "`whatsnew check {}` lists every TODO and proposes benefit-first headlines; `build` refuses the files until they are done.",
        args.dir.display()
    );
    Ok(())
}
