//! `check --against <URL>`: are the elements anchored announcements point at really on the
//! product's pages? Each page an anchored announcement names is loaded in headless Chromium
//! (the one the project's tests use), its DOM after scripts ran is parsed, and each anchor
//! that matches no element, or more than one, becomes a diagnostic at the anchor's position.
//! This is the check that catches a UI change renaming a button before the release does.

use crate::analysis::Analysis;
use crate::error::{Error, Result};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use whatsnew_core::{Diagnostic, Severity};

fn warning(
    code: &'static str,
    file: &str,
    span: std::ops::Range<usize>,
    message: String,
) -> Diagnostic {
    Diagnostic {
        severity: Severity::Warning,
        ..Diagnostic::error(code, file, span, message)
    }
}

/// `anchor-unchecked` for `x`: "`<selector>` was not checked: <why>".
fn unchecked(x: &Anchor, why: &str, help: &str) -> Diagnostic {
    warning(
        "anchor-unchecked",
        &x.file,
        x.span.clone(),
        format!("`{}` was not checked: {why}", x.selector),
    )
    .label("not checked")
    .help(help)
}

/// One anchor to look for: where it is written and the pages it must be on.
struct Anchor {
    file: String,
    span: std::ops::Range<usize>,
    selector: String,
    pages: Vec<String>,
}

/// Checks every anchor against the running product at `base`; returns the problems found.
pub fn check(a: &Analysis, base: &str) -> Result<Vec<Diagnostic>> {
    let anchors = collect(a);
    let mut diags = Vec::new();
    if anchors.is_empty() {
        return Ok(diags);
    }
    let chromium = chromium()?;
    let mut pages: Vec<&str> = anchors
        .iter()
        .flat_map(|x| x.pages.iter().map(String::as_str))
        .collect();
    pages.sort_unstable();
    pages.dedup();
    let base = base.trim_end_matches('/');
    for page in pages {
        let anchored: Vec<&Anchor> = anchors
            .iter()
            .filter(|x| x.pages.iter().any(|p| p == page))
            .collect();
        if page.contains('*') {
            for x in anchored {
                diags.push(unchecked(
                    x,
                    &format!("`{page}` is a pattern, not a page"),
                    "add a concrete page to `pages` (e.g. /invoices/42 next to /invoices/*) so `check --against` can open it",
                ));
            }
            continue;
        }
        let url = format!("{base}{page}");
        // As long as the widget waits for an anchor (`[guides] anchor_wait`, 5 s by default).
        let wait = a.project.anchor_wait.unwrap_or(5000).clamp(1000, 60_000);
        let Some(html) = dump_dom(&chromium, &url, wait)? else {
            // A page that never finishes loading (a hung image or tag, an alert): its anchors
            // are not checked, and said; the other pages still are.
            for x in anchored {
                diags.push(unchecked(
                    x,
                    &format!("{url} did not load in Chromium within 30 s"),
                    "is the product running there, and does the page finish loading (a hung request, an alert)?",
                ));
            }
            continue;
        };
        let doc = scraper::Html::parse_document(&html);
        for x in anchored {
            let Ok(sel) = scraper::Selector::parse(&x.selector) else {
                // CSS the browser knows and this matcher does not (`:enabled`, `:any-link`,
                // `:nth-child(2 of .x)`): not checked, rather than a false error.
                if whatsnew_core::lint::check_selector(&x.selector).is_ok() {
                    diags.push(unchecked(
                        x,
                        &format!("on {url} it uses CSS the checker cannot match"),
                        "the widget matches it in the browser; a plain #id or [data-tour=...] selector can be checked",
                    ));
                    continue;
                }
                diags.push(
                    Diagnostic::error(
                        "invalid-anchor",
                        &x.file,
                        x.span.clone(),
                        format!("`{}` is not a CSS selector", x.selector),
                    )
                    .label("not a selector")
                    .help("write a CSS selector such as #export or [data-tour=\"export\"]"),
                );
                continue;
            };
            let n = doc.select(&sel).count();
            let (code, message, label) = match n {
                1 => continue,
                0 => (
                    "anchor-missing",
                    format!("`{}` matches no element on {url}", x.selector),
                    "no element here",
                ),
                _ => (
                    "anchor-ambiguous",
                    format!("`{}` matches {n} elements on {url}", x.selector),
                    "more than one element",
                ),
            };
            diags.push(
                warning(code, &x.file, x.span.clone(), message)
                    .label(label)
                    .help("the product's markup changed, or the anchor is wrong: give the element a stable attribute (data-tour=\"...\") and point at it"),
            );
        }
    }
    Ok(diags)
}

/// Anchors of announcements and guide steps, with their pages (`/` when none are named).
fn collect(a: &Analysis) -> Vec<Anchor> {
    let mut out = Vec::new();
    for c in a.compiled.iter().filter(|c| c.locale.is_none()) {
        let ann = &c.announcement;
        let pages = if ann.extra.pages.is_empty() {
            vec!["/".to_owned()]
        } else {
            ann.extra.pages.clone()
        };
        let text = a
            .sources()
            .into_iter()
            .find(|(p, _)| *p == c.path)
            .map(|(_, t)| t)
            .unwrap_or_default();
        if let Some(sel) = &ann.extra.anchor {
            out.push(Anchor {
                file: c.path.clone(),
                span: c.front_matter.span("anchor"),
                selector: sel.clone(),
                pages: pages.clone(),
            });
        }
        // A step's anchor is found in the file after `steps:`, in order.
        let mut from = c.front_matter.span("steps").start;
        for step in &ann.extra.steps {
            let Some(sel) = &step.anchor else { continue };
            let at = text
                .get(from..)
                .and_then(|t| t.find(sel.as_str()))
                .map(|i| from + i);
            let span = at.map_or(c.front_matter.span("steps"), |s| s..s + sel.len());
            from = span.end;
            // A step on a page of its own (`page: /reports`) is looked for there, not on the
            // guide's starting pages.
            out.push(Anchor {
                file: c.path.clone(),
                span,
                selector: sel.clone(),
                pages: step.page.clone().map_or_else(|| pages.clone(), |p| vec![p]),
            });
        }
    }
    out
}

/// Chromium: `$CHROMIUM`, else the usual names on PATH.
fn chromium() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Ok(PathBuf::from(p));
    }
    for name in [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ] {
        for dir in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
            let p = dir.join(name);
            if p.is_file() {
                return Ok(p);
            }
        }
    }
    Err(Error::Usage(
        "`check --against` needs Chromium to open the pages, and none was found; install it (Debian: `apt-get install chromium`) or set CHROMIUM=/path/to/chrome".into(),
    ))
}

/// The page's DOM after its scripts ran: up to the anchor wait of page time (5 s by default), so
/// elements a framework mounts late count; `None` when it never loaded. Virtual time stands still while a request is pending, so a page that
/// keeps one open (a long poll, a live-reload script) would never finish: after 10 s of wall
/// time the DOM is taken as it was at `load` instead.
fn dump_dom(chromium: &Path, url: &str, wait_ms: u32) -> Result<Option<String>> {
    let settle = Duration::from_millis(u64::from(wait_ms) * 2).max(Duration::from_secs(10));
    match run_chromium(chromium, url, Some(wait_ms), settle)? {
        Some(html) => Ok(Some(html)),
        None => run_chromium(chromium, url, None, Duration::from_secs(30)),
    }
}

/// Runs Chromium's `--dump-dom`; `None` when it did not finish in `limit`.
fn run_chromium(
    chromium: &Path,
    url: &str,
    settle: Option<u32>,
    limit: Duration,
) -> Result<Option<String>> {
    let profile = tempfile_dir()?;
    let mut cmd = Command::new(chromium);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--dump-dom",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    if let Some(ms) = settle {
        cmd.arg(format!("--virtual-time-budget={ms}"));
    }
    let mut child = cmd
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Error::io("cannot run", chromium, e))?;
    // Read both pipes while waiting, so a full pipe never stalls Chromium.
    let mut stdout = child.stdout.take();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(o) = stdout.as_mut() {
            let _ = o.read_to_string(&mut s);
        }
        s
    });
    let mut stderr = child.stderr.take();
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(e) = stderr.as_mut() {
            let _ = e.read_to_string(&mut s);
        }
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Ok(Some(status)) = child.try_wait() {
            break Some(status);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let html = out.join().unwrap_or_default();
    let log = err.join().unwrap_or_default();
    let _ = std::fs::remove_dir_all(&profile);
    let Some(status) = status else {
        return Ok(None);
    };
    if !status.success() || html.trim().is_empty() {
        return Err(Error::Usage(format!(
            "could not load {url} in Chromium; is the product running there? ({})",
            log.lines().last().unwrap_or("no output")
        )));
    }
    Ok(Some(html))
}

fn tempfile_dir() -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!(
        "whatsnew-check-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("cannot create", &dir, e))?;
    Ok(dir)
}
