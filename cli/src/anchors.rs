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
/// `headers` ("Name: value") go with every request, for a preview deployment behind a login.
pub fn check(a: &Analysis, base: &str, headers: &[String]) -> Result<Vec<Diagnostic>> {
    let anchors = collect(a);
    let mut diags = Vec::new();
    if anchors.is_empty() {
        return Ok(diags);
    }
    let mut extra = serde_json::Map::new();
    for h in headers {
        let Some((name, value)) = h.split_once(':').filter(|(n, _)| !n.trim().is_empty()) else {
            return Err(Error::Usage(format!(
                "`--against-header {h}` is not `Name: value` (e.g. `--against-header \"Authorization: Bearer …\"`)"
            )));
        };
        extra.insert(name.trim().to_owned(), value.trim().into());
    }
    let mut browser = Browser::launch(&chromium()?)?;
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
        let selectors: Vec<&str> = anchored.iter().map(|x| x.selector.as_str()).collect();
        let found = match browser.look(&url, &selectors, wait, &extra)? {
            Look::Found(found) => found,
            Look::Status(status) => {
                for x in anchored {
                    diags.push(unchecked(
                        x,
                        &format!("{url} answered HTTP {status}"),
                        "is the page's address right, and can Chromium reach it without a login? (`--against-header` sends one)",
                    ));
                }
                continue;
            }
            Look::Elsewhere(at) => {
                for x in anchored {
                    diags.push(unchecked(
                        x,
                        &format!("{url} sent the browser to {at}"),
                        "a login page? `--against-header` sends a session cookie or token; a page that always moves on: name the page it moves to in `pages`",
                    ));
                }
                continue;
            }
            Look::Stuck => {
                // A page whose scripts never give the browser back (an endless loop): its
                // anchors are not checked, and said; the other pages still are.
                for x in anchored {
                    diags.push(unchecked(
                        x,
                        &format!(
                            "{url} did not answer in Chromium within {} s",
                            (wait + 30_000) / 1000
                        ),
                        "is the product running there, and does the page stop running scripts?",
                    ));
                }
                continue;
            }
        };
        for (x, m) in anchored.into_iter().zip(found) {
            let (code, message, label, help) = match m {
                Match { n: 1, rendered: true } => continue,
                Match { n: -1, .. } => {
                    diags.push(
                        Diagnostic::error(
                            "invalid-anchor",
                            &x.file,
                            x.span.clone(),
                            format!("`{}` is not a CSS selector Chromium accepts", x.selector),
                        )
                        .label("not a selector")
                        .help("write a CSS selector such as #export or [data-tour=\"export\"]"),
                    );
                    continue;
                }
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
    }
    Ok(diags)
}

const MOVED: &str = "the product's markup changed, or the anchor is wrong: give the element a stable attribute (data-tour=\"...\") and point at it";

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
            let at = written.iter().find_map(|w| {
                text.get(from..)
                    .and_then(|t| t.find(w.as_str()))
                    .map(|i| (from + i, w.len()))
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
      return JSON.stringify({ r, status: (nav && nav.responseStatus) || 0, at: location.href });
    }
    await new Promise((f) => setTimeout(f, 100));
  }
})"#;

/// Headless Chromium driven over the DevTools protocol, on the WebSocket it opens on a
/// loopback port of its choosing (`--remote-debugging-port=0`).
struct Browser {
    child: std::process::Child,
    socket: tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<std::net::TcpStream>>,
    next: u64,
    profile: PathBuf,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.socket.close(None);
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

impl Browser {
    fn launch(chromium: &Path) -> Result<Self> {
        let profile = tempfile_dir()?;
        let mut child = Command::new(chromium)
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
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| Error::io("cannot run", chromium, e))?;
        // It says where it listens on its log; the log is read to its end so that a full pipe
        // never stalls it.
        let (tx, rx) = std::sync::mpsc::channel::<std::result::Result<String, String>>();
        let stderr = child.stderr.take();
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
        let fail = |child: &mut std::process::Child, why: String| {
            let _ = child.kill();
            let _ = child.wait();
            let _ = std::fs::remove_dir_all(&profile);
            Error::Usage(format!(
                "could not start Chromium ({}): {why}",
                chromium.display()
            ))
        };
        let ws = match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(Ok(ws)) => ws,
            Ok(Err(last)) => return Err(fail(&mut child, last)),
            Err(_) => return Err(fail(&mut child, "it did not start within 30 s".into())),
        };
        let socket = match tungstenite::connect(ws.as_str()) {
            Ok((socket, _)) => socket,
            Err(e) => return Err(fail(&mut child, e.to_string())),
        };
        if let tungstenite::stream::MaybeTlsStream::Plain(tcp) = socket.get_ref() {
            // Reads give way every 100 ms so that every wait has its deadline.
            let _ = tcp.set_read_timeout(Some(Duration::from_millis(100)));
        }
        Ok(Browser {
            child,
            socket,
            next: 0,
            profile,
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
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    continue
                }
                Err(e) => return Err(e.to_string()),
            };
            let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) else {
                continue;
            };
            if v["id"].as_u64() != Some(id) {
                continue;
            }
            if let Some(e) = v.get("error") {
                return Err(e["message"].as_str().unwrap_or("error").to_owned());
            }
            return Ok(v["result"].clone());
        }
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
        if !headers.is_empty() {
            self.call(s, "Network.enable", serde_json::json!({}), 30_000)
                .map_err(failed)?;
            self.call(
                s,
                "Network.setExtraHTTPHeaders",
                serde_json::json!({ "headers": headers }),
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
            Err(e) => return Err(failed(e)),
        };
        if let Some(e) = nav["errorText"].as_str().filter(|e| !e.is_empty()) {
            return Err(Error::Usage(format!(
                "could not load {url} in Chromium; is the product running there? ({e})"
            )));
        }
        let expr = format!(
            "{LOOK}({}, {wait})",
            serde_json::to_string(selectors).unwrap_or_else(|_| "[]".into())
        );
        let mut answer = None;
        // The document may be replaced under the look (a redirect by script, a reload): the
        // look is asked again in the new one.
        for _ in 0..3 {
            match self.call(
                s,
                "Runtime.evaluate",
                serde_json::json!({ "expression": expr, "awaitPromise": true, "returnByValue": true }),
                u64::from(wait) + 30_000,
            ) {
                Ok(v) if v.get("exceptionDetails").is_none() => {
                    answer = v["result"]["value"].as_str().map(str::to_owned);
                    break;
                }
                Err(e) if e == "timeout" => return Ok(Look::Stuck),
                _ => std::thread::sleep(Duration::from_millis(200)),
            }
        }
        let Some(answer) = answer else {
            return Ok(Look::Stuck);
        };
        let v: serde_json::Value = serde_json::from_str(&answer).unwrap_or_default();
        let status = v["status"].as_u64().unwrap_or(0);
        if status >= 400 {
            return Ok(Look::Status(status as u16));
        }
        let at = v["at"].as_str().unwrap_or(url);
        if !same_page(url, at) {
            return Ok(Look::Elsewhere(at.to_owned()));
        }
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
