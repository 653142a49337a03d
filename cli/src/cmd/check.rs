//! `whatsnew check`: validation and lint, like a compiler's warnings for release notes.

use crate::analysis::{analyze, now_ms, Analysis};
use crate::args::{CheckArgs, Format};
use crate::error::{Error, Result};
use crate::report;
use whatsnew_core::diag::line_col;
use whatsnew_core::lint::{rule, Default, RULES};
use whatsnew_core::Severity;

/// Runs `whatsnew check`.
pub fn run(args: &CheckArgs) -> Result<()> {
    if let Some(code) = &args.explain {
        return explain(code.as_deref());
    }
    let a = match analyze(&args.dir, None, now_ms()) {
        Ok(a) => a,
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
    let (errors, warnings) = (a.count(Severity::Error), a.count(Severity::Warning));
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
        }
        Format::Json => println!("{}", json(&a)),
    }
    let fail = errors > 0 || (args.deny.iter().any(|d| d == "warnings") && warnings > 0);
    if fail {
        Err(Error::Reported)
    } else {
        Ok(())
    }
}

fn json(a: &Analysis) -> String {
    let sources = a.sources();
    let items: Vec<serde_json::Value> = a
        .diagnostics
        .iter()
        .map(|d| {
            let text = sources
                .iter()
                .find(|(p, _)| *p == d.file)
                .map_or("", |(_, t)| t.as_str());
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
        })
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({
        "files": a.files.len(),
        "errors": a.count(Severity::Error),
        "warnings": a.count(Severity::Warning),
        "diagnostics": items,
    }))
    .unwrap_or_default()
}

fn explain(code: Option<&str>) -> Result<()> {
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
