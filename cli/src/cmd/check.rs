//! `whatsnew check`: validation and lint, like a compiler's warnings for release notes.

use crate::analysis::{analyze, now_ms, Analysis};
use crate::args::{CheckArgs, Format};
use crate::error::{Error, Result};
use crate::report;
use whatsnew_core::diag::line_col;
use whatsnew_core::lint::{rule, Default, RULES};
use whatsnew_core::{Diagnostic, Severity};

/// Runs `whatsnew check`.
pub fn run(args: &CheckArgs) -> Result<()> {
    if let Some(code) = &args.explain {
        return explain(code.as_deref(), args.format);
    }
    let deny_warnings = args.deny.iter().any(|d| d == "warnings");
    let mut a = match analyze(&args.dir, None, now_ms()) {
        Ok(a) => a,
        // With `--format json`, a stop is one JSON document too: CI parses every outcome.
        Err(e) if args.format == Format::Json => {
            println!("{}", stopped_json(&e, deny_warnings));
            return Err(match e {
                Error::Usage(_) => Error::ReportedUsage,
                _ => Error::Reported,
            });
        }
        // A broken whatsnew.toml: report it in check's words (nothing is ever written here).
        Err(Error::Content {
            diagnostics,
            sources,
        }) => {
            eprint!("{}", report::diagnostics_text(&diagnostics, &sources));
            eprintln!(
                "check stopped: {} in whatsnew.toml",
                report::plural(diagnostics.len(), "error")
            );
            return Err(Error::Reported);
        }
        Err(e) => return Err(e),
    };
    // Nothing to check and no project file: the wrong folder (a CI step in the wrong
    // directory would otherwise pass while checking nothing).
    if a.files.is_empty() && !args.dir.join(crate::config::FILE).exists() {
        let e = Error::Usage(format!(
            "`{}` has no announcements and no {}: is it the content folder? `whatsnew init <DIR>` starts one",
            args.dir.display(),
            crate::config::FILE
        ));
        if args.format == Format::Json {
            println!("{}", stopped_json(&e, deny_warnings));
            return Err(Error::ReportedUsage);
        }
        return Err(e);
    }
    if let Some(base) = &args.against {
        match crate::anchors::check(&a, base, &args.against_header, args.against_insecure) {
            Ok(found) => a.add(found),
            // The product not running, no Chromium: one JSON document too.
            Err(e) if args.format == Format::Json => {
                println!("{}", stopped_json(&e, deny_warnings));
                return Err(match e {
                    Error::Usage(_) => Error::ReportedUsage,
                    _ => Error::Reported,
                });
            }
            Err(e) => return Err(e),
        }
    }
    let (errors, warnings) = (a.count(Severity::Error), a.count(Severity::Warning));
    let denied = deny_warnings && warnings > 0;
    match args.format {
        Format::Human => {
            eprint!("{}", report::diagnostics_text(&a.diagnostics, &a.sources()));
            let checked = a.files.len();
            if errors + warnings == 0 {
                eprintln!("checked {}: no problems", report::plural(checked, "file"));
            } else {
                eprintln!(
                    "checked {}: {}, {} in {}",
                    report::plural(checked, "file"),
                    report::plural(errors, "error"),
                    report::plural(warnings, "warning"),
                    report::plural(report::files(&a.diagnostics), "file")
                );
            }
            if denied {
                eprintln!(
                    "error: failed because warnings are denied (`--deny warnings`): {} counted as errors",
                    report::plural(warnings, "warning")
                );
            }
        }
        Format::Json => println!("{}", json(&a, deny_warnings)),
    }
    if errors > 0 || denied {
        Err(Error::Reported)
    } else {
        Ok(())
    }
}

/// One diagnostic as JSON; `text` is its file's text, for line and column.
fn diagnostic_json(d: &Diagnostic, text: &str) -> serde_json::Value {
    let (line, column) = line_col(text, d.span.start);
    let (end_line, end_column) = line_col(text, d.span.end);
    serde_json::json!({
        "code": d.code,
        "severity": if d.severity == Severity::Error { "error" } else { "warning" },
        "file": d.file,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "message": d.message,
        "label": d.label,
        "help": d.help,
    })
}

/// The one document `--format json` prints, whatever happened. `ok` is whether check passed.
fn document(files: usize, diagnostics: Vec<serde_json::Value>, deny_warnings: bool) -> String {
    let count = |sev: &str| diagnostics.iter().filter(|d| d["severity"] == sev).count();
    let (errors, warnings) = (count("error"), count("warning"));
    serde_json::to_string_pretty(&serde_json::json!({
        "ok": errors == 0 && !(deny_warnings && warnings > 0),
        "files": files,
        "errors": errors,
        "warnings": warnings,
        "deny_warnings": deny_warnings,
        "diagnostics": diagnostics,
    }))
    .unwrap_or_default()
}

fn json(a: &Analysis, deny_warnings: bool) -> String {
    let sources = a.sources();
    let items = a
        .diagnostics
        .iter()
        .map(|d| {
            let text = sources
                .iter()
                .find(|(p, _)| *p == d.file)
                .map_or("", |(_, t)| t.as_str());
            diagnostic_json(d, text)
        })
        .collect();
    document(a.files.len(), items, deny_warnings)
}

/// What stopped the check (a broken whatsnew.toml, a missing folder, an unreadable file), as
/// check's JSON document: positioned diagnostics where there are positions, else one entry with
/// `file`, `line` and `column` null.
pub fn stopped_json(e: &Error, deny_warnings: bool) -> String {
    let unplaced = |code: &str, message: String, help: Option<&String>| {
        serde_json::json!({
            "code": code, "severity": "error", "file": null, "line": null, "column": null,
            "end_line": null, "end_column": null, "message": message, "label": "", "help": help,
        })
    };
    let items = match e {
        Error::Content {
            diagnostics,
            sources,
        } => diagnostics
            .iter()
            .map(|d| {
                let text = sources
                    .iter()
                    .find(|(p, _)| *p == d.file)
                    .map_or("", |(_, t)| t.as_str());
                diagnostic_json(d, text)
            })
            .collect(),
        Error::Io {
            context,
            source,
            hint,
        } => vec![unplaced(
            "io",
            format!("{context}: {source}"),
            hint.as_ref(),
        )],
        Error::Usage(message) => vec![unplaced("usage", message.clone(), None)],
        Error::Reported | Error::ReportedUsage => Vec::new(),
    };
    document(0, items, deny_warnings)
}

fn explain(code: Option<&str>, format: Format) -> Result<()> {
    if format == Format::Json {
        let rules: Vec<_> = RULES
            .iter()
            .filter(|r| code.is_none_or(|c| c == r.code))
            .map(|r| {
                serde_json::json!({
                    "code": r.code,
                    "default": if r.default == Default::Error { "error" } else { "warning" },
                    "summary": r.summary,
                    "explain": r.explain,
                })
            })
            .collect();
        if rules.is_empty() {
            let e = Error::Usage(format!(
                "no rule `{}`; `whatsnew check --explain` lists them",
                code.unwrap_or_default()
            ));
            println!("{}", stopped_json(&e, false));
            return Err(Error::ReportedUsage);
        }
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "rules": rules }))
                .unwrap_or_default()
        );
        return Ok(());
    }
    let Some(code) = code else {
        println!("Rules (`whatsnew check --explain CODE` for one):\n");
        for r in RULES {
            let level = if r.default == Default::Error {
                "error  "
            } else {
                "warning"
            };
            println!("  {level}  {:<24} {}", r.code, r.summary);
        }
        println!("\nSet levels in whatsnew.toml ([lint.rules] code = \"allow\" | \"warn\" | \"deny\"), or per file with `allow: [code]`.");
        return Ok(());
    };
    let Some(r) = rule(code) else {
        return Err(Error::Usage(format!(
            "no rule `{code}`; `whatsnew check --explain` lists them"
        )));
    };
    let level = if r.default == Default::Error {
        "error"
    } else {
        "warning"
    };
    println!(
        "{} ({level} by default): {}\n\n{}",
        r.code, r.summary, r.explain
    );
    Ok(())
}
