//! `whatsnew preview`: builds into a temporary folder and serves the demo product (a small
//! single-page app) with the widget embedded, on 127.0.0.1 only.

use super::build;
use crate::analysis::{analyze, now_ms};
use crate::args::PreviewArgs;
use crate::error::{Error, Result};
use crate::http::{Limits, Request, Response, Service};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;
use whatsnew_core::compile::assemble;
use whatsnew_core::Severity;

/// The demo product, carried in the binary so `preview` works from any folder. Its page (`/`)
/// is served for every app path, as a single-page app's host does.
const SITE: &[(&str, &str, &[u8])] = &[
    (
        "/",
        "text/html; charset=utf-8",
        include_bytes!("../../../demo/site/index.html"),
    ),
    (
        "/app.css",
        "text/css; charset=utf-8",
        include_bytes!("../../../demo/site/app.css"),
    ),
    (
        "/app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../../demo/site/app.js"),
    ),
];

/// Where the preview serves the public changelog site: `/changelog/`.
const CHANGELOG: &str = "changelog";

/// A file of the changelog site under `built/changelog/`, for `/changelog/...` paths: folders
/// answer with their `index.html`; only plain names, never `..`.
fn changelog_file(path: &str, built: &Path) -> Option<(Vec<u8>, &'static str)> {
    let rest = path.strip_prefix(&format!("/{CHANGELOG}/"))?;
    let mut file = built.join(CHANGELOG);
    for segment in rest.split('/').filter(|s| !s.is_empty()) {
        if !is_plain_name(segment) {
            return None;
        }
        file.push(segment);
    }
    if rest.is_empty() || rest.ends_with('/') {
        file.push("index.html");
    }
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("xml") => "application/xml; charset=utf-8",
        _ => return None,
    };
    std::fs::read(file).ok().map(|b| (b, kind))
}

/// The live-reload script, injected into the demo page.
const LIVE_JS: &str = include_str!("live.js");

/// What the page polls: the build's version and `check`'s findings.
struct Live {
    version: u64,
    status: String,
}

type Shared = Arc<(Mutex<Live>, Condvar)>;

/// Runs `whatsnew preview` until interrupted: builds, serves, and rebuilds on every change.
pub fn run(args: &PreviewArgs) -> Result<()> {
    let mut args = args.clone();
    // Bound first: with `--port 0` the collector must allow the port the system picked.
    let listener =
        std::net::TcpListener::bind(("127.0.0.1", args.port)).map_err(|e| Error::Io {
            context: format!("cannot listen on 127.0.0.1:{}", args.port),
            source: e,
            hint: Some("another program may be using the port; pick another with --port".into()),
        })?;
    let port = listener.local_addr().map_or(args.port, |a| a.port());
    if args.collect {
        let origins =
            [("127.0.0.1", port), ("localhost", port)].map(|(h, p)| format!("http://{h}:{p}"));
        let out = Path::new("events");
        let url = crate::collector::listen("127.0.0.1", 0, out, origins.to_vec())?;
        println!(
            "Collecting events at {url} into events/ (read them with `whatsnew report events`)"
        );
        args.endpoint = Some(url);
    }
    let args = &args;
    let dir = std::env::temp_dir().join(format!("whatsnew-preview-{}", std::process::id()));
    remove_stale_previews();
    let head = page_head(args.as_user.as_deref())?;
    let first = rebuild(args, &dir, &[]);
    // Only a broken whatsnew.toml or an unreadable folder stop the preview from starting.
    let (count, first_status) = first?;
    // The same checks as `explain --user`: a trait of the wrong type, or one no rule reads.
    if let Some(json) = &args.as_user {
        if let Ok(a) = crate::analysis::analyze(&args.content_dir, None, crate::analysis::now_ms())
        {
            let traits = crate::cmd::explain::parse_traits(json, "--as")?;
            crate::cmd::explain::check_trait_types(&traits, &a, "--as")?;
        }
    }
    let shared: Shared = Arc::new((
        Mutex::new(Live {
            version: 0,
            status: first_status,
        }),
        Condvar::new(),
    ));
    // A closed stdout (a caller that read the URL and went away) must not stop the server.
    let mut stdout = std::io::stdout();
    let _ = writeln!(
        stdout,
        "Previewing {count} announcement{} at http://127.0.0.1:{port}/",
        if count == 1 { "" } else { "s" }
    );
    if let Some(user) = &args.as_user {
        let _ = writeln!(
            stdout,
            "As a user with traits {user}: the page passes them to the widget, which shows what their audiences get"
        );
    }
    if let Some(product) = crate::config::Config::load(&args.content_dir)
        .ok()
        .and_then(|c| c.base_url)
    {
        let _ = writeln!(
            stdout,
            "Your product (base_url in whatsnew.toml): {product}"
        );
    }
    let _ = writeln!(
        stdout,
        "The public changelog: http://127.0.0.1:{port}/{CHANGELOG}/"
    );
    let _ = writeln!(
        stdout,
        "Watching {} for changes. Press Ctrl-C to stop.",
        args.content_dir.display()
    );
    let _ = stdout.flush();

    let _watcher = watch(args, &dir, shared.clone())?;
    let (dir, head) = (Arc::new(dir), Arc::new(head));
    let handle = move |request: &Request| {
        if request.method != "GET" && request.method != "HEAD" {
            return Response::text(405, "the preview answers GET and HEAD only")
                .with("Allow", "GET, HEAD");
        }
        let field = |name: &str| request.header(name).unwrap_or_default();
        // Only pages on this machine: a site that rebinds its own name to 127.0.0.1 (DNS
        // rebinding) would otherwise read the drafts and their paths from the visitor's browser.
        // (Browsers always send Host; a tool that sends none is on this machine already.)
        let host = field("host");
        let name = host.rsplit_once(':').map_or(host, |(h, _)| h);
        if !matches!(name, "" | "127.0.0.1" | "localhost" | "[::1]") {
            return Response::text(
                421,
                "the preview answers http://127.0.0.1 and http://localhost only",
            );
        }
        if request.path == "/__whatsnew/status" {
            status(&request.query, &shared)
        } else {
            let (accept, if_none_match) = (field("accept-encoding"), field("if-none-match"));
            respond(&request.path, accept, if_none_match, &dir, &head)
        }
    };
    // The same bounded server as `collect` (limits on sizes, deadlines on slow clients); its
    // long polls of `/__whatsnew/status` each hold a worker for up to 20 s, and there are many.
    let limits = Limits {
        read_timeout: Duration::from_secs(5),
        request_deadline: Duration::from_secs(10),
        ..Limits::default()
    };
    crate::http::serve(
        listener,
        limits,
        Service {
            handle: Arc::new(handle),
            refuse: Arc::new(|_: &[(String, String)], response| response),
        },
    );
    loop {
        std::thread::park();
    }
}

/// Builds into `dir` when the content has no errors (the page keeps the last good build
/// otherwise); returns the announcement count and the status JSON for the page, which names
/// the announcements in the `changed` files (`edited`), so the page can reopen on them.
fn rebuild(args: &PreviewArgs, dir: &Path, changed: &[PathBuf]) -> Result<(usize, String)> {
    let a = analyze(&args.content_dir, args.bundle_id.as_deref(), now_ms())?;
    let errors = a.count(Severity::Error);
    let mut count = 0;
    if errors == 0 {
        let mut project = a.project.clone();
        if let Some(endpoint) = &args.endpoint {
            project.endpoint = Some(endpoint.clone());
        }
        let bundle = assemble(&project, &a.compiled, None);
        count = bundle.announcements.len();
        build::write(dir, bundle)?;
        // The public changelog too, at /changelog/ (see `crate::site`).
        let site = crate::site::render(
            &a,
            &crate::site::Options {
                title: a.config.site.as_ref().and_then(|s| s.title.clone()),
                description: a.config.site.as_ref().and_then(|s| s.description.clone()),
                product_url: a.config.base_url.clone(),
                now_ms: now_ms(),
                ..crate::site::Options::default()
            },
        );
        crate::output::write_tree(&dir.join(CHANGELOG), &site.files)?;
    } else {
        eprint!(
            "{}",
            crate::report::diagnostics_text(&a.diagnostics, &a.sources())
        );
    }
    let changed: Vec<PathBuf> = changed
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    let mut edited: Vec<&str> = a
        .compiled
        .iter()
        .filter(|c| std::fs::canonicalize(&c.path).is_ok_and(|p| changed.contains(&p)))
        .map(|c| c.announcement.id.as_str())
        .collect();
    edited.dedup();
    let status = serde_json::json!({
        "errors": errors,
        "warnings": a.count(Severity::Warning),
        "diagnostics": diagnostics_json(&a.diagnostics, &a.sources()),
        "edited": edited,
    });
    Ok((count, status.to_string()))
}

/// Diagnostics as the page's overlay shows them: each with its place, label and help.
fn diagnostics_json(
    diagnostics: &[whatsnew_core::Diagnostic],
    sources: &[(String, String)],
) -> Vec<serde_json::Value> {
    diagnostics
        .iter()
        .map(|d| {
            let text = sources
                .iter()
                .find(|(p, _)| *p == d.file)
                .map_or("", |(_, t)| t.as_str());
            let (line, column) = whatsnew_core::diag::line_col(text, d.span.start);
            serde_json::json!({
                "severity": if d.severity == Severity::Error { "error" } else { "warning" },
                "code": d.code, "file": d.file, "line": line, "column": column,
                "message": d.message, "label": d.label, "help": d.help,
            })
        })
        .collect()
}

/// The status when the content could not even be read (a broken whatsnew.toml, an unreadable
/// or non-UTF-8 file): every diagnostic with its place, or the one error, for the overlay.
fn failed_status(e: &Error, content_dir: &Path) -> String {
    let diagnostics = match e {
        Error::Content {
            diagnostics,
            sources,
        } => diagnostics_json(diagnostics, sources),
        other => {
            let message = crate::report::render(other);
            let mut lines = message.lines();
            let first = lines
                .next()
                .unwrap_or("error")
                .trim_start_matches("error: ");
            let help = lines
                .find_map(|l| l.trim().strip_prefix("= help: "))
                .map(str::to_owned);
            vec![serde_json::json!({
                "severity": "error", "code": if matches!(other, Error::Io { .. }) { "io" } else { "usage" },
                "file": content_dir.display().to_string(), "line": null, "column": null,
                "message": first, "label": "", "help": help,
            })]
        }
    };
    let errors = diagnostics
        .iter()
        .filter(|d| d["severity"] == "error")
        .count();
    let warnings = diagnostics.len() - errors;
    serde_json::json!({ "errors": errors, "warnings": warnings, "diagnostics": diagnostics, "edited": [] })
        .to_string()
}

/// What the preview adds to the demo page's `<head>`: the live-reload script and, with
/// `--as '<traits>'`, `<meta name="whatsnew-as" content="<traits JSON>">`. The demo's app.js
/// creates the whatsnew script tag and copies that JSON into its `data-traits`, so the widget
/// itself evaluates the audience rules, exactly as on a product page (the bundle is the one
/// `build` writes). A `<meta>` rather than an inline script: the JSON stays data, escaped as an
/// attribute value, and never runs.
fn page_head(as_user: Option<&str>) -> Result<String> {
    let mut head = String::new();
    if let Some(json) = as_user {
        // Validates (an object of traits) with the same parser as `explain --user`.
        crate::cmd::explain::parse_traits(json, "--as")?;
        let traits: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
        head.push_str(&format!(
            "  <meta name=\"whatsnew-as\" content=\"{}\">\n",
            attribute(&traits.to_string())
        ));
    }
    head.push_str("  <script src=\"/__whatsnew/live.js\" defer></script>\n");
    Ok(head)
}

/// Escapes text for a double- or single-quoted HTML attribute value.
fn attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// A path the app answers: not the widget's files (`/whatsnew/...`), not the preview's own
/// (`/__whatsnew/...`), and no file extension in its last segment (`/reports`, `/invoices/42`,
/// but not `/favicon.ico`).
fn is_app_route(path: &str) -> bool {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    let last = path.rsplit('/').next().unwrap_or("");
    path.starts_with('/')
        && first != "whatsnew"
        && first != "__whatsnew"
        && first != CHANGELOG
        && !last.contains('.')
}

/// Watches the content folder; every change (debounced) rebuilds and wakes waiting pages.
fn watch(args: &PreviewArgs, dir: &Path, shared: Shared) -> Result<notify::RecommendedWatcher> {
    use notify::Watcher;
    let (tx, rx) = std::sync::mpsc::channel::<Vec<PathBuf>>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Some(e) = event.ok().filter(|e| !e.kind.is_access()) {
            let _ = tx.send(e.paths);
        }
    })
    .map_err(|e| Error::Io {
        context: "cannot watch the content folder".into(),
        source: std::io::Error::other(e.to_string()),
        hint: None,
    })?;
    watcher
        .watch(&args.content_dir, notify::RecursiveMode::Recursive)
        .map_err(|e| Error::Io {
            context: format!("cannot watch `{}`", args.content_dir.display()),
            source: std::io::Error::other(e.to_string()),
            hint: None,
        })?;
    let args = args.clone();
    let dir = dir.to_path_buf();
    std::thread::spawn(move || {
        while let Ok(mut changed) = rx.recv() {
            // Editors write in bursts (temp file, rename, chmod): wait for quiet.
            while let Ok(more) = rx.recv_timeout(Duration::from_millis(60)) {
                changed.extend(more);
            }
            let status = match rebuild(&args, &dir, &changed) {
                Ok((_, status)) => status,
                Err(e) => {
                    crate::report::error(&e);
                    failed_status(&e, &args.content_dir)
                }
            };
            let (lock, wake) = &*shared;
            if let Ok(mut live) = lock.lock() {
                live.version += 1;
                live.status = status;
            }
            wake.notify_all();
        }
    });
    Ok(watcher)
}

/// `/__whatsnew/status?since=N`: answers when the build is newer than N (at most 20 s later).
fn status(query: &str, shared: &Shared) -> Response {
    let since: i64 = query
        .split('&')
        .find_map(|p| p.strip_prefix("since="))
        .and_then(|v| v.parse().ok())
        .unwrap_or(-1);
    let (lock, wake) = &**shared;
    let Ok(guard) = lock.lock() else {
        return not_found();
    };
    let guard = match wake.wait_timeout_while(guard, Duration::from_secs(20), |l| {
        l.version as i64 <= since
    }) {
        Ok((g, _)) => g,
        Err(_) => return not_found(),
    };
    let mut body = guard.status.clone();
    if body.ends_with('}') {
        body.pop();
        body.push_str(&format!(",\"version\":{}}}", guard.version));
    }
    data(200, body.into_bytes())
        .with("Content-Type", "application/json")
        .with("Cache-Control", "no-store")
}

/// A response with these bytes and no headers yet.
fn data(status: u16, body: Vec<u8>) -> Response {
    Response {
        status,
        headers: Vec::new(),
        body,
    }
}

fn respond(
    path: &str,
    accept_encoding: &str,
    if_none_match: &str,
    built: &Path,
    head: &str,
) -> Response {
    // Every app path gets the app's page; its script shows the screen for the path.
    let path = if path == "/index.html" || is_app_route(path) {
        "/"
    } else {
        path
    };
    if path == format!("/{CHANGELOG}") {
        return data(301, Vec::new()).with("Location", format!("/{CHANGELOG}/"));
    }
    if path.starts_with(&format!("/{CHANGELOG}/")) {
        return match changelog_file(path, built) {
            Some((body, kind)) => data(200, body)
                .with("Content-Type", kind)
                .with("Cache-Control", "no-store"),
            None => not_found(),
        };
    }
    if path == "/__whatsnew/live.js" {
        return data(200, LIVE_JS.as_bytes().to_vec())
            .with("Content-Type", "text/javascript; charset=utf-8")
            .with("Cache-Control", "no-store");
    }
    if let Some((_, kind, body)) = SITE.iter().find(|(p, _, _)| *p == path) {
        let mut body = body.to_vec();
        if path == "/" {
            // The demo page plus what the preview adds, before </head>.
            let page =
                String::from_utf8_lossy(&body).replacen("</head>", &format!("{head}</head>"), 1);
            body = page.into_bytes();
        }
        return data(200, body)
            .with("Content-Type", *kind)
            .with("Cache-Control", "no-store");
    }
    let Some(name) = path.strip_prefix("/whatsnew/").filter(|n| is_plain_name(n)) else {
        return not_found();
    };
    // Serve the precompressed copy the browser accepts, as a CDN would.
    let encodings = accept_encoding
        .split(',')
        .map(|e| e.split(';').next().unwrap_or("").trim());
    let accepts = |enc: &str| encodings.clone().any(|e| e == enc);
    let variant = [("br", ".br"), ("gzip", ".gz")]
        .into_iter()
        .filter(|(enc, _)| accepts(enc))
        .find_map(|(enc, ext)| {
            std::fs::read(built.join(format!("{name}{ext}")))
                .ok()
                .map(|b| (Some(enc), b))
        });
    let Some((encoding, body)) =
        variant.or_else(|| std::fs::read(built.join(name)).ok().map(|b| (None, b)))
    else {
        return not_found();
    };
    // Content-hashed files never change: cache them for a year. The rest must revalidate.
    let hashed = name.starts_with("whatsnew-") && name.ends_with(".wasm");
    let cache = if hashed {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    // Revalidation needs a validator: without one, `no-cache` means a full download every time.
    // The digest of the bytes sent, so each encoding has its own tag.
    let etag = format!("\"{}\"", crate::integrity::sri(&body));
    if if_none_match.split(',').any(|t| t.trim() == etag) {
        return data(304, Vec::new())
            .with("ETag", etag)
            .with("Cache-Control", cache)
            .with("Vary", "Accept-Encoding");
    }
    let mut response = data(200, body)
        .with("Content-Type", content_type(name))
        .with("Cache-Control", cache)
        .with("ETag", etag)
        .with("Vary", "Accept-Encoding");
    if let Some(enc) = encoding {
        response = response.with("Content-Encoding", enc);
    }
    response
}

fn not_found() -> Response {
    Response::text(404, "not found")
}

/// Only files directly in the output folder: no `..`, no subfolders.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("wasm") => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// Removes the build folders of earlier previews whose process is gone: a preview stopped
/// with Ctrl-C never got to remove its own (600 of them had piled up on one machine). Only
/// where `/proc` tells which processes run (Linux); elsewhere they stay.
fn remove_stale_previews() {
    if !std::path::Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix("whatsnew-preview-")
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        let gone = !std::path::Path::new(&format!("/proc/{pid}")).exists();
        // Only our own folders: a preview of another user's is theirs to remove.
        if gone && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serves_only_plain_names_from_the_build() {
        for (name, ok) in [
            ("whatsnew.json", true),
            ("../secret", false),
            (".env", false),
            ("a/b.js", false),
            ("", false),
        ] {
            assert_eq!(is_plain_name(name), ok, "{name}");
        }
    }

    #[test]
    fn serves_the_app_for_app_paths_only() {
        for (path, app) in [
            ("/", true),
            ("/reports", true),
            ("/invoices/2043", true),
            ("/settings/billing/", true),
            ("/favicon.ico", false),
            ("/app.css", false),
            ("/whatsnew/whatsnew.js", false),
            ("/whatsnew/", false),
            ("/__whatsnew/status", false),
            ("/__whatsnew/live.js", false),
            ("/changelog/", false),
            ("/changelog/bulk-export/", false),
        ] {
            assert_eq!(is_app_route(path), app, "{path}");
        }
    }

    #[test]
    fn as_traits_reach_the_page_as_an_escaped_attribute() {
        let head = page_head(Some(r#"{"role": "a\"dmin' <b>&"}"#)).unwrap();
        assert!(
            head.starts_with(r#"  <meta name="whatsnew-as" content="{&quot;role&quot;:&quot;a\&quot;dmin&#39; &lt;b&gt;&amp;&quot;}">"#),
            "{head}"
        );
        assert!(head.contains("/__whatsnew/live.js"));
        assert!(page_head(Some("[1]")).is_err());
        assert!(!page_head(None).unwrap().contains("whatsnew-as"));
    }
}
