//! `whatsnew build`: content folder in, deployable folder out.

use crate::analysis::{analyze, now_ms, Analysis};
use crate::args::BuildArgs;
use crate::error::{Error, Result};
use crate::output;
use crate::report;
use crate::runtime;
use std::path::Path;
use whatsnew_core::compile::assemble;
use whatsnew_core::{Bundle, Diagnostic, Severity};

/// What a successful build produced.
pub struct Built {
    /// The bundle written.
    pub bundle: Bundle,
    /// Subresource Integrity of `whatsnew.js`, e.g. `sha384-...`.
    pub loader_integrity: String,
    /// The content-hashed wasm file name.
    pub wasm_name: String,
    /// Subresource Integrity of the wasm.
    pub wasm_integrity: String,
}

/// Runs `whatsnew build`: the bundle into `--out-dir`, the public changelog into `--site` (or
/// `[site] dir`), from one analysis.
pub fn run(args: &BuildArgs) -> Result<()> {
    let site_configured = crate::config::Config::load(&args.content_dir)
        .ok()
        .and_then(|c| c.site)
        .is_some_and(|s| s.dir.is_some());
    if args.out_dir.is_none() && args.site.is_none() && !site_configured {
        return Err(Error::Usage(
            "nothing to build into: pass `--out-dir <DIR>` (the widget's bundle and runtime), `--site <DIR>` (the public changelog), or both; `[site] dir` in whatsnew.toml also names the changelog's folder".into(),
        ));
    }
    let a = checked(&args.content_dir, args.bundle_id.as_deref())?;
    let site_dir = args.site.clone().or_else(|| {
        let dir = a.config.site.as_ref()?.dir.as_ref()?;
        Some(args.content_dir.join(dir))
    });
    if let Some(out_dir) = &args.out_dir {
        let bundle = assemble(&a.project, &a.compiled, generated_at()?);
        print_built(&write(out_dir, bundle)?, out_dir);
    }
    if let Some(dir) = site_dir {
        crate::site::write_site(&a, &dir, site_now()?)?;
    }
    Ok(())
}

/// Now for the site (what is scheduled later is left out): `SOURCE_DATE_EPOCH` when set.
fn site_now() -> Result<f64> {
    Ok(match generated_at()? {
        Some(_) => std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<f64>().ok())
            .map_or_else(now_ms, |s| s * 1000.0),
        None => now_ms(),
    })
}

fn print_built(built: &Built, out_dir: &Path) {
    let n = built.bundle.announcements.len();
    println!(
        "Built {n} announcement{} into {}",
        if n == 1 { "" } else { "s" },
        out_dir.display()
    );
    println!("Serve that folder at /whatsnew/ and add to your pages:");
    println!(
        "  <script src=\"/whatsnew/whatsnew.js\" integrity=\"{}\" crossorigin=\"anonymous\" async></script>",
        built.loader_integrity
    );
    println!("For the fastest start, also add to <head>; the bundle and the runtime then load with the page:");
    println!("  <link rel=\"preload\" href=\"/whatsnew/whatsnew.json\" as=\"fetch\" crossorigin=\"anonymous\">");
    println!(
        "  <link rel=\"preload\" href=\"/whatsnew/{}\" as=\"fetch\" type=\"application/wasm\" crossorigin=\"anonymous\" integrity=\"{}\">",
        built.wasm_name, built.wasm_integrity
    );
    println!("(integrity values and the wasm name change whenever the runtime does)");
}

/// Analyses `content_dir` for a build. Error-level findings (including rules the project sets
/// to `deny`) stop the build, and so do unfinished announcements (TODOs left from the
/// template): nothing half-written ships. Drafts named `_<name>.md` are never read. Warnings
/// are shown on stderr, as `check` shows them.
pub fn checked(content_dir: &Path, bundle_id: Option<&str>) -> Result<Analysis> {
    let a = analyze(content_dir, bundle_id, now_ms())?;
    let diagnostics: Vec<_> = a
        .diagnostics
        .iter()
        .cloned()
        .map(refuse_unfinished)
        .collect();
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err(Error::Content {
            diagnostics,
            sources: a.sources(),
        });
    }
    if !diagnostics.is_empty() {
        eprint!("{}", report::diagnostics_text(&diagnostics, &a.sources()));
        eprintln!(
            "warning: {} in {} (built anyway; `--deny warnings` on `whatsnew check` fails on them)",
            report::plural(diagnostics.len(), "warning"),
            report::plural(report::files(&diagnostics), "file"),
        );
    }
    Ok(a)
}

/// `unfinished` is a warning while writing (`check`, `preview`) and an error when building.
fn refuse_unfinished(mut d: Diagnostic) -> Diagnostic {
    if d.code == "unfinished" {
        d.severity = Severity::Error;
        d.message = "a TODO is left in the announcement: unfinished text is not built".into();
        d.help = Some(format!(
            "write the real text before building; to keep it out of the bundle as a draft, name the file `_{}`",
            Path::new(&d.file)
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        ));
    }
    d
}

/// Writes a bundle and the runtime into `out_dir`, atomically.
pub fn write(out_dir: &Path, bundle: Bundle) -> Result<Built> {
    let runtime = runtime::FILES.ok_or_else(|| {
        Error::Usage(
            "this whatsnew binary was built without the widget runtime; build it with `make build`"
                .into(),
        )
    })?;
    let mut json = serde_json::to_string(&bundle)
        .map_err(|e| Error::Usage(format!("cannot serialise the bundle: {e}")))?;
    json.push('\n');
    let mut out: Vec<(&str, &[u8])> = vec![("whatsnew.json", json.as_bytes())];
    out.extend(runtime.iter().copied());
    output::write_all(out_dir, &out)?;
    let file = |pick: &dyn Fn(&str) -> bool| {
        runtime
            .iter()
            .find(|(n, _)| pick(n))
            .copied()
            .unwrap_or(("", &[]))
    };
    let (_, loader) = file(&|n| n == "whatsnew.js");
    let (wasm_name, wasm) = file(&|n| n.ends_with(".wasm"));
    Ok(Built {
        bundle,
        loader_integrity: crate::integrity::sri(loader),
        wasm_name: wasm_name.to_owned(),
        wasm_integrity: crate::integrity::sri(wasm),
    })
}

/// The build time to record: only when `SOURCE_DATE_EPOCH` asks for one, so that builds are
/// reproducible by default.
fn generated_at() -> Result<Option<String>> {
    let Some(raw) = std::env::var_os("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let secs: i64 = raw
        .to_str()
        .and_then(|s| s.trim().parse().ok())
        .filter(|s| (0..253_402_300_800).contains(s))
        .ok_or_else(|| {
            Error::Usage("SOURCE_DATE_EPOCH must be a number of seconds since 1970".into())
        })?;
    let date = whatsnew_core::Date::from_unix_ms(secs as f64 * 1000.0);
    let t = secs.rem_euclid(86_400);
    Ok(Some(format!(
        "{date}T{:02}:{:02}:{:02}Z",
        t / 3600,
        t % 3600 / 60,
        t % 60
    )))
}
