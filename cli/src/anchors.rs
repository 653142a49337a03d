//! `check --against <URL>`: are the elements anchored announcements point at really on the
//! product's pages? Each page an anchored announcement names is loaded in headless Chromium
//! (the one the project's tests use, driven over the DevTools protocol), each anchor is looked
//! up in the live page as the widget looks it up, and each that matches no element, one that
//! is not rendered, or more than one, becomes a diagnostic at the anchor's position; so does a
//! page that answers an HTTP error.
//! This is the check that catches a UI change renaming a button before the release does.

use crate::analysis::Analysis;
use crate::error::{Error, Result};
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
/// `headers` ("Name: value") go with every request, for a preview deployment behind a login;
/// `insecure` accepts a certificate the browser would refuse (a self-signed staging build).
pub fn check(
    a: &Analysis,
    base: &str,
    headers: &[String],
    insecure: bool,
) -> Result<Vec<Diagnostic>> {
    let anchors = collect(a);
    let mut diags = Vec::new();
    let mut extra = serde_json::Map::new();
    for h in headers {
        let tchar = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
        let Some((name, value)) = h.split_once(':').filter(|(n, v)| {
            !n.trim().is_empty() && n.trim().chars().all(tchar) && !v.contains(['\r', '\n', '\0'])
        }) else {
            return Err(Error::Usage(format!(
                "`--against-header {h}` is not `Name: value` (e.g. `--against-header \"Authorization: Bearer …\"`)"
            )));
        };
        extra.insert(name.trim().to_owned(), value.trim().into());
    }
    if anchors.is_empty() {
        return Ok(diags);
    }
    let mut browser = Browser::launch(&chromium()?, insecure)?;
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
            // A pattern is reported only for anchors with no concrete page to be opened, once
            // (at their first pattern).
            for x in anchored.into_iter().filter(|x| {
                x.pages.iter().all(|p| p.contains('*'))
                    && x.pages.iter().min().map(String::as_str) == Some(page)
            }) {
                diags.push(unchecked(
                    x,
                    &format!("`{page}` is a pattern, not a page"),
                    "add a concrete page to `pages` (e.g. /invoices/42 next to /invoices/*) so `check --against` can open it",
                ));
            }
            continue;
        }
        let url = page_url(base, page);
        // As long as the widget waits for an anchor (`[guides] anchor_wait`, 5 s by default).
        let wait = a.project.anchor_wait.unwrap_or(5000).clamp(1000, 60_000);
        let selectors: Vec<&str> = anchored.iter().map(|x| x.selector.as_str()).collect();
        // A page that could not be looked at: each of its anchors is `anchor-unchecked`, with
        // why and what to do.
        let (why, hint) = match browser.look(&url, &selectors, wait, &extra)? {
            Look::Found(found) if found.len() == anchored.len() => {
                for (x, m) in anchored.iter().copied().zip(found) {
                    judge(x, m, &url, &mut diags);
                }
                continue;
            }
            Look::Found(_) => (
                format!("{url} gave no answer the check could read"),
                "does the page replace the browser's own functions (querySelectorAll)?",
            ),
            Look::Status(status) => (
                format!("{url} answered HTTP {status}"),
                "is the page's address right, and can Chromium reach it without a login? (`--against-header` sends one)",
            ),
            // A certificate the browser does not trust: a self-signed or expired staging
            // build, which `--against-insecure` accepts.
            Look::Failed(e) if e.contains("ERR_CERT") || e.contains("ERR_SSL") => (
                format!("{url} did not load ({e})"),
                "the product's certificate is not one a browser trusts (self-signed, expired, another name?): `--against-insecure` accepts it for this check",
            ),
            Look::Failed(e) => (
                format!("{url} did not load ({e})"),
                "does the page answer with a document (not a redirect loop, an empty answer, or a login prompt of the server's own)?",
            ),
            Look::Elsewhere(at) => (
                format!("{url} sent the browser to {at}"),
                "a login page? `--against-header` sends a session cookie or token; a page that always moves on: name the page it moves to in `pages`",
            ),
            // Scripts that never give the browser back (an endless loop): the other pages
            // are still checked.
            Look::Stuck => (
                format!("{url} did not finish answering in Chromium"),
                "is the product running there, and does the page stop running scripts?",
            ),
        };
        for x in anchored {
            diags.push(unchecked(x, &why, hint));
        }
    }
    Ok(diags)
}

/// What one anchor's match on its page says, if anything.
fn judge(x: &Anchor, m: Match, url: &str, diags: &mut Vec<Diagnostic>) {
    let (code, message, label, help) = match m {
        Match { n: 1, rendered: true } => return,
        // `check` itself reports a selector it can tell is not one; only one that
        // passed it and Chromium rejects is said here, at the same level.
        Match { n: -1, .. } if whatsnew_core::lint::check_selector(&x.selector).is_err() => {
            return
        }
        Match { n: -1, .. } => (
            "invalid-anchor",
            format!("`{}` is not a CSS selector Chromium accepts", x.selector),
            "not a selector",
            "write a CSS selector such as #export or [data-tour=\"export\"]",
        ),
        Match { n: 0, .. } => (
            "anchor-missing",
            format!("`{}` matches no element on {url}", x.selector),
            "no element here",
            MOVED,
        ),
        Match { n, rendered: false } => (
            "anchor-hidden",
            format!(
                "`{}` matches {} on {url} that is not shown (display: none, hidden, no box, clipped away or off the page): the widget waits for it, then skips it",
                x.selector,
                if n == 1 { "an element".to_owned() } else { format!("{n} elements, the first") }
            ),
            "not rendered",
            "point at an element that is on screen when the page has loaded, or open what hides it in an earlier guide step",
        ),
        Match { n, .. } => (
            "anchor-ambiguous",
            format!("`{}` matches {n} elements on {url}", x.selector),
            "more than one element",
            MOVED,
        ),
    };
    diags.push(
        warning(code, &x.file, x.span.clone(), message)
            .label(label)
            .help(help),
    );
}

const MOVED: &str = "the product's markup changed, or the anchor is wrong: give the element a stable attribute (data-tour=\"...\") and point at it";

/// The address of `page` on the product at `base`: the page's path after the base's, the
/// base's query (a preview's `?token=…`) kept after it.
fn page_url(base: &str, page: &str) -> String {
    let (base, rest) = match base.find(['?', '#']) {
        Some(i) => base.split_at(i),
        None => (base, ""),
    };
    let (page, page_rest) = match page.find(['?', '#']) {
        Some(i) => page.split_at(i),
        None => (page, ""),
    };
    let rest = if page_rest.is_empty() {
        rest
    } else {
        page_rest
    };
    let slash = if page.starts_with('/') { "" } else { "/" };
    format!("{}{slash}{page}{rest}", base.trim_end_matches('/'))
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
            // As written: plain, or with YAML's escapes in double or single quotes.
            let written = [
                sel.clone(),
                sel.replace('\\', "\\\\").replace('"', "\\\""),
                sel.replace('\'', "''"),
            ];
            // After the step's `anchor` key, not in a title that quotes the same words.
            let key = text
                .get(from..)
                .and_then(|t| t.find("anchor"))
                .map_or(from, |i| from + i);
            let at = written.iter().find_map(|w| {
                text.get(key..)
                    .and_then(|t| t.find(w.as_str()))
                    .map(|i| (key + i, w.len()))
            });
            let span = at.map_or(c.front_matter.span("steps"), |(s, n)| s..s + n);
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

/// What one selector matches on a page: how many elements (-1: Chromium rejects the
/// selector) and whether the first, the one the widget anchors to, is rendered.
#[derive(Debug, Clone, Copy)]
struct Match {
    n: i64,
    rendered: bool,
}

/// What looking at a page gave.
enum Look {
    /// Each selector's match, in order.
    Found(Vec<Match>),
    /// The page answered an HTTP error.
    Status(u16),
    /// The page's scripts never gave the browser back.
    Stuck,
    /// The page sent the browser to another (a login page, by the server or a script).
    Elsewhere(String),
    /// The page did not load, with Chromium's reason (`net::ERR_TOO_MANY_REDIRECTS`).
    Failed(String),
}

/// Chromium's navigation errors that say the product is not there at all (rather than one
/// page failing): the check stops on these.
fn unreachable(error: &str) -> bool {
    [
        "ERR_CONNECTION_REFUSED",
        "ERR_NAME_NOT_RESOLVED",
        "ERR_ADDRESS_UNREACHABLE",
        "ERR_CONNECTION_TIMED_OUT",
        "ERR_UNSAFE_PORT",
        "ERR_INTERNET_DISCONNECTED",
        "ERR_ADDRESS_INVALID",
        "ERR_INVALID_URL",
    ]
    .iter()
    .any(|e| error.contains(e))
}

/// Whether the browser ended on the page it was sent to: the same path (a trailing slash
/// aside) and, for a hash route (`#/reports`), the same route.
fn same_page(asked: &str, at: &str) -> bool {
    let (Ok(a), Ok(b)) = (url::Url::parse(asked), url::Url::parse(at)) else {
        return true;
    };
    let path = |u: &url::Url| u.path().trim_end_matches('/').to_owned();
    let route = |u: &url::Url| {
        u.fragment()
            .filter(|f| f.starts_with('/'))
            .map(|f| f.trim_end_matches('/').to_owned())
    };
    a.origin() == b.origin()
        && path(&a) == path(&b)
        && (route(&a).is_none() || route(&a) == route(&b))
}

/// Run in the page: waits until every selector matches a rendered element and the page has
/// loaded, or `wait` ms have passed (as the widget waits), then says what each matches. The
/// live document, as the widget sees it: no re-parsing, `<template>` content not counted.
const LOOK: &str = r#"(async (sels, wait) => {
  const t0 = Date.now();
  // Shown as the widget can show it: rendered, at least 4 px each way once the boxes that
  // clip it (overflow: hidden, a collapsed accordion) are taken away, and not off the page's
  // top or left, where no scrolling reaches. A scroll container's hidden part can be scrolled to.
  const shown = (e) => {
    if (e.checkVisibility && !e.checkVisibility({ visibilityProperty: true })) return false;
    const r = e.getBoundingClientRect();
    let [x0, y0, x1, y1] = [r.left, r.top, r.right, r.bottom];
    for (let n = e.parentElement; n && n !== document.body && n !== document.documentElement; n = n.parentElement) {
      const s = getComputedStyle(n);
      if (/^(inline|contents)$/.test(s.display)) continue;
      const c = n.getBoundingClientRect();
      const clipX = /hidden|clip/.test(s.overflowX), clipY = /hidden|clip/.test(s.overflowY);
      if (s.overflowX !== 'visible' && n.clientWidth < 4) return false;
      if (s.overflowY !== 'visible' && n.clientHeight < 4) return false;
      if (clipX) { x0 = Math.max(x0, c.left); x1 = Math.min(x1, c.right); }
      if (clipY) { y0 = Math.max(y0, c.top); y1 = Math.min(y1, c.bottom); }
    }
    return x1 - x0 >= 4 && y1 - y0 >= 4 && x1 + scrollX > 0 && y1 + scrollY > 0;
  };
  const one = (s) => {
    let all;
    try { all = document.querySelectorAll(s); } catch (_) { return [-1, false]; }
    return [all.length, !!all[0] && shown(all[0])];
  };
  // Done when the page has loaded, every anchor is shown, and nothing has changed for a
  // while (hydration replacing the server's markup, a menu a script collapses), or when the
  // wait is over.
  const settle = Math.min(2000, wait / 2);
  let last = '', since = Date.now();
  for (;;) {
    const r = sels.map(one), now = Date.now(), key = JSON.stringify(r);
    if (key !== last) { last = key; since = now; }
    const ready = document.readyState === 'complete' && r.every((m) => m[0] > 0 && m[1]);
    if ((ready && now - since >= settle) || now - t0 >= wait) {
      const nav = performance.getEntriesByType('navigation')[0];
      return { r, status: (nav && nav.responseStatus) || 0, at: String(location.href) };
    }
    await new Promise((f) => setTimeout(f, 100));
  }
})"#;

/// Headless Chromium driven over the DevTools protocol, on the WebSocket it opens on a
/// loopback port of its choosing (`--remote-debugging-port=0`).
struct Browser {
    socket: tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<std::net::TcpStream>>,
    next: u64,
    /// Extra headers for the product's own requests.
    headers: serde_json::Map<String, serde_json::Value>,
    /// Whether a page has loaded: after one has, an unreachable page is that page's problem
    /// (an SSO host that is down), not the product's.
    loaded: bool,
}

/// The running browser and its profile folder, where a Ctrl-C or a CI job's SIGTERM can end
/// them too.
static RUNNING: std::sync::Mutex<Option<(std::process::Child, PathBuf)>> =
    std::sync::Mutex::new(None);

/// Ends the running browser, all of it, and removes its profile folder.
fn end_browser() {
    // Held to the end: a Ctrl-C's cleanup and the check's own wait for each other, so the
    // process does not exit with the folder half removed.
    let Ok(mut running) = RUNNING.lock() else {
        return;
    };
    let Some((mut child, profile)) = running.take() else {
        return;
    };
    // Its main process first; its helpers follow it out, and may write to the profile
    // until they have, so the folder is removed once they are gone.
    let _ = child.kill();
    let _ = child.wait();
    for _ in 0..50 {
        if !uses(&profile) {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    for _ in 0..20 {
        if std::fs::remove_dir_all(&profile).is_ok() || !profile.exists() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Whether a process still runs with `profile` on its command line (Chromium's helpers,
/// which outlive its main process for a moment and write to the folder); Linux's /proc, and
/// `false` where there is none.
fn uses(profile: &Path) -> bool {
    let needle = profile.to_string_lossy().into_owned().into_bytes();
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return false;
    };
    procs.flatten().any(|p| {
        std::fs::read(p.path().join("cmdline"))
            .is_ok_and(|c| c.windows(needle.len()).any(|w| w == needle.as_slice()))
    })
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Asked to close, it ends its helper processes itself.
        let _ = self.call(None, "Browser.close", serde_json::json!({}), 2_000);
        let _ = self.socket.close(None);
        if let Some((child, _)) = RUNNING.lock().ok().as_deref_mut().and_then(Option::as_mut) {
            for _ in 0..50 {
                if matches!(child.try_wait(), Ok(Some(_))) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        end_browser();
    }
}

impl Browser {
    fn launch(chromium: &Path, insecure: bool) -> Result<Self> {
        // Ctrl-C, or a CI job cancelled (SIGTERM): the browser goes with the check, from the
        // moment it is started.
        let _ = ctrlc::set_handler(|| {
            end_browser();
            std::process::exit(130);
        });
        let profile = tempfile_dir()?;
        let spawned = Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--mute-audio",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .args(insecure.then_some("--ignore-certificate-errors"))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn();
        let mut child = match spawned {
            Ok(child) => child,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&profile);
                return Err(Error::Usage(format!(
                    "could not run Chromium ({}): {e}; install it (Debian: `apt-get install chromium`) or set CHROMIUM=/path/to/chrome",
                    chromium.display()
                )));
            }
        };
        // It says where it listens on its log; the log is read to its end so that a full pipe
        // never stalls it.
        let (tx, rx) = std::sync::mpsc::channel::<std::result::Result<String, String>>();
        let stderr = child.stderr.take();
        if let Ok(mut running) = RUNNING.lock() {
            *running = Some((child, profile));
        }
        std::thread::spawn(move || {
            use std::io::BufRead;
            let Some(stderr) = stderr else { return };
            let mut last = String::new();
            let mut sent = false;
            for line in std::io::BufReader::new(stderr)
                .lines()
                .map_while(|l| l.ok())
            {
                if let Some(at) = line.find("ws://").filter(|_| !sent) {
                    sent = true;
                    let _ = tx.send(Ok(line[at..].trim().to_owned()));
                }
                last = line;
            }
            if !sent {
                let _ = tx.send(Err(last));
            }
        });
        let fail = |why: String| {
            end_browser();
            Error::Usage(format!(
                "could not start Chromium ({}): {why}",
                chromium.display()
            ))
        };
        let ws = match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(Ok(ws)) => ws,
            Ok(Err(last)) => return Err(fail(last)),
            Err(_) => return Err(fail("it did not start within 30 s".into())),
        };
        let socket = match tungstenite::connect(ws.as_str()) {
            Ok((socket, _)) => socket,
            Err(e) => return Err(fail(e.to_string())),
        };
        if let tungstenite::stream::MaybeTlsStream::Plain(tcp) = socket.get_ref() {
            // Reads give way every 100 ms so that every wait has its deadline.
            let _ = tcp.set_read_timeout(Some(Duration::from_millis(100)));
        }
        Ok(Browser {
            socket,
            next: 0,
            headers: serde_json::Map::new(),
            loaded: false,
        })
    }

    /// Sends one command and waits up to `ms` for its answer: its result, or `Err` with the
    /// protocol's message (`"timeout"` when none came).
    fn call(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: serde_json::Value,
        ms: u64,
    ) -> std::result::Result<serde_json::Value, String> {
        self.next += 1;
        let id = self.next;
        let mut msg = serde_json::json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            msg["sessionId"] = s.into();
        }
        self.socket
            .send(tungstenite::Message::text(msg.to_string()))
            .map_err(|e| e.to_string())?;
        let deadline = Instant::now() + Duration::from_millis(ms);
        loop {
            if Instant::now() > deadline {
                return Err("timeout".into());
            }
            let text = match self.socket.read() {
                Ok(tungstenite::Message::Text(t)) => t,
                Ok(_) => continue,
                Err(tungstenite::Error::Io(e))
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock
                            | std::io::ErrorKind::TimedOut
                            | std::io::ErrorKind::Interrupted
                    ) =>
                {
                    continue
                }
                Err(e) => return Err(e.to_string()),
            };
            let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) else {
                continue;
            };
            if v["method"] == "Fetch.requestPaused" {
                self.go_on(&v);
                continue;
            }
            if v["id"].as_u64() != Some(id) {
                continue;
            }
            if let Some(e) = v.get("error") {
                return Err(e["message"].as_str().unwrap_or("error").to_owned());
            }
            return Ok(v["result"].clone());
        }
    }

    /// Lets a request to the product's origin go on with the extra headers (`Fetch` pauses
    /// only those).
    fn go_on(&mut self, paused: &serde_json::Value) {
        let p = &paused["params"];
        let mut headers: Vec<serde_json::Value> = p["request"]["headers"]
            .as_object()
            .map(|h| {
                h.iter()
                    .filter(|(k, _)| !self.headers.keys().any(|e| e.eq_ignore_ascii_case(k)))
                    .map(|(k, v)| serde_json::json!({ "name": k, "value": v }))
                    .collect()
            })
            .unwrap_or_default();
        for (k, v) in &self.headers {
            headers.push(serde_json::json!({ "name": k, "value": v }));
        }
        self.next += 1;
        let mut msg = serde_json::json!({
            "id": self.next,
            "method": "Fetch.continueRequest",
            "params": { "requestId": p["requestId"], "headers": headers },
        });
        if let Some(s) = paused.get("sessionId") {
            msg["sessionId"] = s.clone();
        }
        let _ = self
            .socket
            .send(tungstenite::Message::text(msg.to_string()));
    }

    /// Opens `url` in a new tab and looks for `selectors` there, waiting up to `wait` ms for
    /// them as the widget does.
    fn look(
        &mut self,
        url: &str,
        selectors: &[&str],
        wait: u32,
        headers: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<Look> {
        let target = self
            .call(
                None,
                "Target.createTarget",
                serde_json::json!({ "url": "about:blank" }),
                30_000,
            )
            .map_err(|e| Error::Usage(format!("Chromium could not open a tab: {e}")))?;
        let target = target["targetId"].as_str().unwrap_or_default().to_owned();
        let look = self.look_in(&target, url, selectors, wait, headers);
        let _ = self.call(
            None,
            "Target.closeTarget",
            serde_json::json!({ "targetId": target }),
            5_000,
        );
        look
    }

    fn look_in(
        &mut self,
        target: &str,
        url: &str,
        selectors: &[&str],
        wait: u32,
        headers: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<Look> {
        let failed = |e: String| Error::Usage(format!("Chromium could not open {url}: {e}"));
        let session = self
            .call(
                None,
                "Target.attachToTarget",
                serde_json::json!({ "targetId": target, "flatten": true }),
                30_000,
            )
            .map_err(failed)?;
        let session = session["sessionId"].as_str().unwrap_or_default().to_owned();
        let s = Some(session.as_str());
        // Dialogs would stop the page's scripts, and the look with them.
        self.call(s, "Page.enable", serde_json::json!({}), 30_000)
            .map_err(failed)?;
        self.call(
            s,
            "Page.addScriptToEvaluateOnNewDocument",
            serde_json::json!({ "source": "window.alert=window.print=function(){};window.confirm=function(){return true};window.prompt=function(){return null};" }),
            30_000,
        )
        .map_err(failed)?;
        // The headers go to the product's own origin only: never to its CDN, analytics or
        // an API on another origin (a preview's token is not theirs, and an Authorization
        // header would turn their CORS requests into preflights that fail).
        self.headers = headers.clone();
        if !headers.is_empty() {
            let origin = url::Url::parse(url)
                .map(|u| u.origin().ascii_serialization())
                .unwrap_or_default();
            // A service worker would fetch the product's pages where Fetch does not see them.
            let _ = self.call(s, "Network.enable", serde_json::json!({}), 30_000);
            let _ = self.call(
                s,
                "Network.setBypassServiceWorker",
                serde_json::json!({ "bypass": true }),
                30_000,
            );
            self.call(
                s,
                "Fetch.enable",
                serde_json::json!({ "patterns": [{ "urlPattern": format!("{origin}/*") }] }),
                30_000,
            )
            .map_err(failed)?;
        }
        // Navigation answers once the response has come (not when the page has loaded).
        let nav = match self.call(
            s,
            "Page.navigate",
            serde_json::json!({ "url": url }),
            30_000,
        ) {
            Ok(nav) => nav,
            Err(e) if e == "timeout" => return Ok(Look::Stuck),
            Err(e) => return Ok(Look::Failed(e)),
        };
        if let Some(e) = nav["errorText"].as_str().filter(|e| !e.is_empty()) {
            if unreachable(e) && !self.loaded {
                return Err(Error::Usage(format!(
                    "could not load {url} in Chromium; is the product running there? ({e})"
                )));
            }
            return Ok(Look::Failed(e.to_owned()));
        }
        let expr = format!(
            "{LOOK}({}, {wait})",
            serde_json::to_string(selectors).unwrap_or_else(|_| "[]".into())
        );
        let mut answer = None;
        // The document may be replaced under the look (a redirect by script, a sign-in
        // round trip, a reload): the look is asked again in the new one, for as long as a
        // page may take.
        let until = Instant::now() + Duration::from_millis(u64::from(wait) + 30_000);
        while answer.is_none() && Instant::now() < until {
            let left = until.saturating_duration_since(Instant::now()).as_millis() as u64;
            match self.call(
                s,
                "Runtime.evaluate",
                serde_json::json!({ "expression": expr, "awaitPromise": true, "returnByValue": true }),
                left.max(1),
            ) {
                Ok(v) if v.get("exceptionDetails").is_none() => {
                    answer = Some(v["result"]["value"].clone()).filter(|a| a.is_object());
                }
                Err(e) if e == "timeout" => return Ok(Look::Stuck),
                _ => std::thread::sleep(Duration::from_millis(200)),
            }
        }
        let Some(answer) = answer else {
            return Ok(Look::Stuck);
        };
        let v = answer;
        let status = v["status"].as_u64().unwrap_or(0);
        if status >= 400 {
            return Ok(Look::Status(status as u16));
        }
        let at = v["at"].as_str().unwrap_or(url);
        if !same_page(url, at) {
            return Ok(Look::Elsewhere(at.to_owned()));
        }
        self.loaded = true;
        let found = v["r"]
            .as_array()
            .map(|r| {
                r.iter()
                    .map(|m| Match {
                        n: m[0].as_i64().unwrap_or(0),
                        rendered: m[1].as_bool().unwrap_or(false),
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(Look::Found(found))
    }
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

#[cfg(test)]
mod tests {
    use super::{page_url, same_page};

    #[test]
    fn page_addresses_keep_the_base_query() {
        assert_eq!(page_url("http://a/", "/reports"), "http://a/reports");
        assert_eq!(
            page_url("http://a/app/", "/reports"),
            "http://a/app/reports"
        );
        assert_eq!(
            page_url("http://a/?preview=1", "/reports"),
            "http://a/reports?preview=1"
        );
        assert_eq!(page_url("http://a/?p=1", "/r?tab=2"), "http://a/r?tab=2");
        assert_eq!(
            page_url("http://a:3000", "reports"),
            "http://a:3000/reports"
        );
    }

    #[test]
    fn redirects_are_told_from_the_same_page() {
        assert!(same_page("http://a/reports", "http://a/reports/"));
        assert!(same_page("http://a/reports", "http://a/reports?x=1"));
        assert!(!same_page(
            "http://a/reports",
            "http://a/login?next=/reports"
        ));
        assert!(!same_page("http://a/#/reports", "http://a/#/login"));
        assert!(same_page("http://a/#/reports", "http://a/#/reports"));
    }
}
