//! `whatsnew brief`: the internal brief of each release, for support, sales and success, as
//! Markdown and as one self-contained HTML file.

use crate::analysis::{analyze, now_ms};
use crate::args::BriefArgs;
use crate::brief;
use crate::error::{Error, Result};
use crate::output;
use whatsnew_core::Severity;

/// Runs `whatsnew brief`.
pub fn run(args: &BriefArgs) -> Result<()> {
    let a = analyze(&args.dir, None, now_ms())?;
    if a.count(Severity::Error) > 0 {
        return Err(Error::Content {
            diagnostics: a
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .cloned()
                .collect(),
            sources: a.sources(),
        });
    }
    let releases: Vec<_> = a
        .releases
        .iter()
        .filter(|r| args.release.as_ref().is_none_or(|n| &r.name == n))
        .collect();
    if releases.is_empty() {
        let names: Vec<String> = a.releases.iter().map(|r| format!("`{}`", r.name)).collect();
        return Err(Error::Usage(match &args.release {
            Some(n) => format!("no release `{n}`; releases: {}", names.join(", ")),
            None => "no announcements to brief on".into(),
        }));
    }
    // The engagement figures, counted as `report` counts them, for this bundle's events only.
    let figures = if args.events.is_empty() {
        None
    } else {
        // The bundle these files compile to: goals, holdouts and guide steps, as `report
        // --bundle` reads them.
        let bundle = whatsnew_core::compile::assemble(&a.project, &a.compiled, None);
        let tally = crate::analytics::Tally::new(Some(&bundle));
        let (_, tally) = crate::cmd::report::read_events(&args.events, tally)?;
        Some(tally.finish(Some(&bundle)))
    };
    let mut files: Vec<(String, String)> = Vec::new();
    for r in releases {
        let doc = brief::brief(&a, r, figures.as_deref());
        let name = format!("brief-{}", r.slug());
        files.push((format!("{name}.md"), brief::markdown(&doc)));
        files.push((format!("{name}.html"), brief::html(&doc)));
    }
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_bytes()))
        .collect();
    output::write_all(&args.out, &refs)?;
    for (name, _) in &files {
        println!("Wrote {}", args.out.join(name).display());
    }
    Ok(())
}
