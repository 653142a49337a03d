//! The event collector behind `whatsnew collect`: checks batches of events from the widget and
//! appends them durably to one JSON-lines file per UTC day.
//!
//! Request contract (`docs/events.md`):
//! - `POST /events`, body a JSON array of event records (`whatsnew schema event`), as
//!   `application/json` or `text/plain` (what `sendBeacon` sends for a string), at most 1 MiB
//!   and 1,000 events;
//! - `200 {"accepted": n, "duplicates": n, "rejected": [{"index", "error"}]}`: accepted events
//!   are on disk (fsynced) before the answer; invalid events in an otherwise good batch are
//!   listed and dropped, as retrying them would never help;
//! - `400 {"error"}` when the body is not a JSON array or no event in it is valid; `403` for an
//!   origin not allowed; `411`, `413`, `415` for a missing length, a body too large, another
//!   content type; `503` with `Retry-After` when the disk fails or the server is busy;
//! - `OPTIONS /events`: the CORS preflight, for allowed origins only; no credentials.
//! - `GET /health`: `200 ok`, for load balancers.
//! - the state endpoint (`data-state`), so "seen" and "dismissed" follow a user across devices:
//!   `GET /state?user=ID` answers the user's state (its text form, empty when unknown);
//!   `PUT /state?user=ID` merges the body into it (`UserState::merge`: per announcement and
//!   monotonic, so a device that missed a dismissal never undoes it) and answers `204`.
//!   Files: `<out>/state/<hash of the id>`, written atomically; at most 64 KiB per user.
//!
//! State: only a bounded memory of recent event ids, to drop retries. Nothing stops a second
//! instance behind the same load balancer (give each its own folder or share one: writes are
//! whole-batch appends); `whatsnew report` removes duplicates across files itself.

use crate::error::{Error, IoContext, Result};
use crate::http::{serve, Limits, Request, Response, Service};
use serde_json::json;
use std::collections::{HashSet, VecDeque};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex};
use whatsnew_core::event::{fnv1a, Event};

/// Most events in one batch.
pub const MAX_BATCH: usize = 1000;
/// Event ids remembered for dropping duplicates.
pub const REMEMBERED_IDS: usize = 1_000_000;

/// A batch for the writer: lines with their id hashes, and where to send the outcome.
struct Job {
    events: Vec<(u64, String)>,
    done: Sender<Result<(usize, usize), String>>,
}

/// The collector: the HTTP handler and the writer thread it feeds.
pub struct Collector {
    allowed: Vec<String>,
    jobs: Mutex<Sender<Job>>,
    /// Where user states live; the lock serialises read-merge-write.
    states: Mutex<PathBuf>,
}

/// Largest state accepted for one user.
pub const MAX_STATE: usize = 64 * 1024;

impl Collector {
    /// Starts the writer for `dir` (created if missing) and returns the service.
    pub fn start(dir: &Path, allowed: Vec<String>) -> std::io::Result<Service> {
        std::fs::create_dir_all(dir)?;
        let (tx, rx) = channel();
        let writer = Writer {
            dir: dir.to_path_buf(),
            open: None,
            seen: HashSet::new(),
            order: VecDeque::new(),
            torn: false,
        };
        std::thread::spawn(move || writer.run(&rx));
        let allowed = allowed
            .into_iter()
            .map(|o| o.trim_end_matches('/').to_owned())
            .collect();
        let collector = Arc::new(Collector {
            allowed,
            jobs: Mutex::new(tx),
            states: Mutex::new(dir.join("state")),
        });
        let refusing = Arc::clone(&collector);
        Ok(Service {
            handle: Arc::new(move |r: &Request| collector.handle(r)),
            refuse: Arc::new(move |headers: &[(String, String)], response: Response| {
                refusing.cors(headers, response)
            }),
        })
    }

    /// Adds CORS headers to the server's own refusals (`413`, `411`, ...) for allowed origins,
    /// so the page can read why and drop the batch instead of retrying it forever.
    fn cors(&self, headers: &[(String, String)], response: Response) -> Response {
        let origin = headers.iter().find(|(k, _)| k == "origin").map(|(_, v)| v);
        match origin {
            Some(o) if self.allowed.iter().any(|a| a == o) => response
                .with("Access-Control-Allow-Origin", o.clone())
                .with("Access-Control-Expose-Headers", "Retry-After")
                .with("Vary", "Origin"),
            _ => response,
        }
    }

    fn handle(&self, r: &Request) -> Response {
        match (r.path.as_str(), r.method.as_str()) {
            ("/health", "GET" | "HEAD") => Response::text(200, "ok"),
            ("/events" | "/state", "OPTIONS") => self.preflight(r),
            ("/events", "POST") | ("/state", "GET" | "PUT") => {
                let cors = match self.origin(r) {
                    Ok(cors) => cors,
                    Err(refused) => return refused,
                };
                let mut response = if r.path == "/events" {
                    self.post(r)
                } else {
                    self.state(r)
                };
                if let Some(origin) = cors {
                    response = response
                        .with("Access-Control-Allow-Origin", origin)
                        .with("Access-Control-Expose-Headers", "Retry-After")
                        .with("Vary", "Origin");
                }
                response
            }
            // Readable by the page (CORS), like the other refusals: an endpoint behind a 301 or
            // 302 (the browser turns the POST into a GET) gets a warning and no retries forever.
            ("/state", _) => self.cors(
                &r.headers,
                Response::json(405, &json!({"error": "use GET or PUT"}))
                    .with("Allow", "GET, PUT, OPTIONS"),
            ),
            ("/events", _) => self.cors(
                &r.headers,
                Response::json(405, &json!({"error": "use POST (a 301 or 302 redirect in front of the collector turns POST into GET: use 307 or 308)"}))
                    .with("Allow", "POST, OPTIONS"),
            ),
            _ => Response::json(
                404,
                &json!({"error": "not found: events go to POST /events"}),
            ),
        }
    }

    /// `Ok(Some(origin))` for an allowed browser origin, `Ok(None)` without an `Origin` (not a
    /// browser), `Err(403)` for any other origin.
    fn origin(&self, r: &Request) -> Result<Option<String>, Response> {
        match r.header("origin") {
            None => Ok(None),
            Some(o) if self.allowed.iter().any(|a| a == o) => Ok(Some(o.to_owned())),
            Some(o) => Err(Response::json(
                403,
                &json!({"error": if o == "null" {
                    "origin null (a sandboxed frame or a file: page) is not allowed: send from the product's own pages".to_owned()
                } else {
                    format!("origin {o} is not allowed: the collector's --allow-origin lists the origins of the product's pages")
                }}),
            )
            .with("Vary", "Origin")),
        }
    }

    fn preflight(&self, r: &Request) -> Response {
        match self.origin(r) {
            Ok(Some(origin)) => Response {
                status: 204,
                headers: Vec::new(),
                body: Vec::new(),
            }
            .with("Access-Control-Allow-Origin", origin)
            // What the path takes, no more.
            .with(
                "Access-Control-Allow-Methods",
                if r.path == "/state" {
                    "GET, PUT"
                } else {
                    "POST"
                },
            )
            .with("Access-Control-Allow-Headers", "Content-Type")
            .with("Access-Control-Max-Age", "600")
            .with("Vary", "Origin"),
            Ok(None) => Response::json(400, &json!({"error": "a preflight needs an Origin"})),
            Err(refused) => refused,
        }
    }

    /// `GET` or `PUT /state?user=ID`.
    fn state(&self, r: &Request) -> Response {
        use whatsnew_core::state::UserState;
        let bad = |status, why: &str| Response::json(status, &json!({ "error": why }));
        let Some(user) = r
            .param("user")
            .filter(|u| !u.trim().is_empty() && u.len() <= 128)
        else {
            return bad(400, "say whose state: ?user=ID (1 to 128 characters)");
        };
        let Ok(dir) = self.states.lock() else {
            return bad(503, "the state store is unavailable");
        };
        let file = dir.join(format!("{:016x}", fnv1a(user.as_bytes())));
        let stored = std::fs::read_to_string(&file).unwrap_or_default();
        if r.method == "GET" {
            // Exactly what is stored: the widget's own text form.
            return Response {
                status: 200,
                headers: vec![("Content-Type", "text/plain; charset=utf-8".into())],
                body: stored.into_bytes(),
            }
            .with("Cache-Control", "no-store");
        }
        if r.body.len() > MAX_STATE {
            return bad(413, "a state is at most 64 KiB");
        }
        let Ok(text) = std::str::from_utf8(&r.body) else {
            return bad(400, "the state is not UTF-8 text");
        };
        if !text.starts_with("whatsnew-state ") {
            return bad(
                400,
                "expected the widget's state (it starts with `whatsnew-state`)",
            );
        }
        let mut merged = UserState::decode(&stored);
        merged.merge(&UserState::decode(text));
        // The merged state is held to the same limit: a union that only grows (a client
        // sending new ids each time) would otherwise fill the disk and every device's download.
        let encoded = merged.encode();
        if encoded.len() > MAX_STATE {
            return bad(413, "the merged state would be over 64 KiB; not stored");
        }
        let tmp = file.with_extension("tmp");
        let written = std::fs::create_dir_all(&*dir)
            .and_then(|()| {
                let mut f = File::create(&tmp)?;
                f.write_all(encoded.as_bytes())?;
                f.sync_all()
            })
            .and_then(|()| std::fs::rename(&tmp, &file));
        match written {
            Ok(()) => Response {
                status: 204,
                headers: Vec::new(),
                body: Vec::new(),
            },
            Err(e) => bad(503, &format!("cannot store the state: {e}")).with("Retry-After", "5"),
        }
    }

    fn post(&self, r: &Request) -> Response {
        let media = r
            .header("content-type")
            .and_then(|t| t.split(';').next())
            .map(|t| t.trim().to_ascii_lowercase());
        if !matches!(media.as_deref(), Some("application/json" | "text/plain")) {
            return Response::json(
                415,
                &json!({"error": "send the events as application/json (or text/plain, as sendBeacon does)"}),
            );
        }
        let bad = |why: String| Response::json(400, &json!({ "error": why }));
        // Each event is checked from its own text: a tree of the whole body first cost ~90
        // times its size in memory (a review's 1 MiB of `{"a":0}` took 90 MB per request).
        // A byte-order mark before the JSON (some HTTP clients' text bodies) is not JSON.
        let body = r.body.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&r.body);
        if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'[') {
            return bad("expected a JSON array of events".into());
        }
        let batch: Vec<&serde_json::value::RawValue> = match serde_json::from_slice(body) {
            Ok(a) => a,
            Err(e) => return bad(format!("the body is not JSON: {e}")),
        };
        if batch.len() > MAX_BATCH {
            return bad(format!(
                "{} events in one batch; send at most {MAX_BATCH}",
                batch.len()
            ));
        }
        let mut events = Vec::with_capacity(batch.len());
        let mut rejected = Vec::new();
        for (index, v) in batch.into_iter().enumerate() {
            let checked = serde_json::from_str::<Event>(v.get())
                .map_err(|e| {
                    // serde's words for a trait of the wrong type name a Rust type.
                    let e = e.to_string();
                    if e.contains("TraitValue") {
                        "`traits` values are text, numbers or booleans".to_owned()
                    } else {
                        e
                    }
                })
                .and_then(|e| e.validate().map(|()| e).map_err(|e| e.to_string()));
            match checked {
                Ok(e) => {
                    let line = serde_json::to_string(&e).unwrap_or_default();
                    events.push((fnv1a(e.id.as_bytes()), line));
                }
                Err(error) => rejected.push(json!({"index": index, "error": error})),
            }
        }
        if events.is_empty() && !rejected.is_empty() {
            let first = rejected[0]["error"].as_str().unwrap_or_default().to_owned();
            return Response::json(
                400,
                &json!({"error": format!("event 0: {first}"), "rejected": rejected}),
            );
        }
        let (done, outcome) = channel();
        let sent = self
            .jobs
            .lock()
            .map(|jobs| jobs.send(Job { events, done }).is_ok())
            .unwrap_or(false);
        let outcome = if sent {
            outcome
                .recv()
                .unwrap_or_else(|_| Err("the writer stopped".into()))
        } else {
            Err("the writer stopped".into())
        };
        match outcome {
            Ok((accepted, duplicates)) => Response::json(
                200,
                &json!({"accepted": accepted, "duplicates": duplicates, "rejected": rejected}),
            ),
            Err(e) => Response::json(503, &json!({"error": format!("cannot store events: {e}")}))
                .with("Retry-After", "5"),
        }
    }
}

/// Starts a collector on `host:port` in the background, writing into `out`, and returns its
/// endpoint URL (`http://host:port/events`).
pub fn listen(host: &str, port: u16, out: &Path, allowed: Vec<String>) -> Result<String> {
    let listener = TcpListener::bind((host, port)).map_err(|e| Error::Io {
        context: format!("cannot listen on {host}:{port}"),
        source: e,
        hint: Some("another program may be using the port; pick another with --port".into()),
    })?;
    let port = listener.local_addr().map_or(port, |a| a.port());
    let service = Collector::start(out, allowed).context("cannot create", out)?;
    serve(listener, Limits::default(), service);
    let host = if host.contains(':') {
        format!("[{host}]")
    } else {
        host.to_owned()
    };
    Ok(format!("http://{host}:{port}/events"))
}

/// Owns the day file: writes batches in groups with one fsync per group.
struct Writer {
    dir: PathBuf,
    open: Option<(String, File)>,
    seen: HashSet<u64>,
    order: VecDeque<u64>,
    /// The last append failed (a full disk): it may have left half a line, which the next
    /// append must not continue (an acknowledged event would be unreadable).
    torn: bool,
}

impl Writer {
    fn run(mut self, rx: &Receiver<Job>) {
        while let Ok(first) = rx.recv() {
            // Group commit: everything that queued up while the last fsync ran goes in one.
            let mut jobs = vec![first];
            while jobs.len() < 4096 {
                match rx.try_recv() {
                    Ok(j) => jobs.push(j),
                    Err(_) => break,
                }
            }
            let mut buf = String::new();
            let mut fresh = HashSet::new();
            let mut counts = Vec::with_capacity(jobs.len());
            for job in &jobs {
                let (mut accepted, mut duplicates) = (0, 0);
                for (hash, line) in &job.events {
                    if self.seen.contains(hash) || !fresh.insert(*hash) {
                        duplicates += 1;
                    } else {
                        accepted += 1;
                        buf.push_str(line);
                        buf.push('\n');
                    }
                }
                counts.push((accepted, duplicates));
            }
            let result = if buf.is_empty() {
                Ok(())
            } else {
                self.append(buf.as_bytes())
            };
            match result {
                Ok(()) => {
                    for hash in fresh {
                        self.remember(hash);
                    }
                    for (job, c) in jobs.iter().zip(counts) {
                        let _ = job.done.send(Ok(c));
                    }
                }
                Err(e) => {
                    // Nothing is remembered: the widget retries and the events are taken then.
                    self.open = None;
                    for job in &jobs {
                        let _ = job.done.send(Err(e.to_string()));
                    }
                }
            }
        }
    }

    fn remember(&mut self, hash: u64) {
        if self.order.len() >= REMEMBERED_IDS {
            if let Some(old) = self.order.pop_front() {
                self.seen.remove(&old);
            }
        }
        self.seen.insert(hash);
        self.order.push_back(hash);
    }

    /// Appends to today's (UTC) file and fsyncs it; a new file's folder entry is synced too.
    fn append(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0.0, |d| d.as_millis() as f64);
        let day = whatsnew_core::Date::from_unix_ms(now).iso();
        let path = self.dir.join(format!("events-{day}.jsonl"));
        // The open file must still be the one at the path: a log shipper that moved it away,
        // or someone who deleted it (or the folder), would otherwise get every later event
        // into a file nobody reads, each one acknowledged.
        if self
            .open
            .as_ref()
            .is_some_and(|(_, f)| !same_file(f, &path))
        {
            self.open = None;
        }
        if self.open.as_ref().is_none_or(|(d, _)| *d != day) {
            let created = !path.exists();
            let file = OpenOptions::new().create(true).append(true).open(&path)?;
            if created {
                File::open(&self.dir)?.sync_all()?;
            }
            self.open = Some((day, file));
        }
        let Some((_, file)) = self.open.as_mut() else {
            return Err(std::io::Error::other("no file"));
        };
        let result = (|| {
            if self.torn && !ends_a_line(&path)? {
                file.write_all(b"\n")?;
            }
            file.write_all(bytes)?;
            file.sync_data()
        })();
        self.torn = result.is_err();
        result
    }
}

/// Does the file at `path` end with a newline (or is it empty)?
fn ends_a_line(path: &Path) -> std::io::Result<bool> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = File::open(path)?;
    if f.seek(SeekFrom::End(0))? == 0 {
        return Ok(true);
    }
    f.seek(SeekFrom::End(-1))?;
    let mut last = [0u8];
    f.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}

/// Is `file` the file at `path` now (same device and inode)? Elsewhere than Unix: while the
/// path exists.
fn same_file(file: &File, path: &Path) -> bool {
    let Ok(at_path) = std::fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        file.metadata()
            .is_ok_and(|m| m.dev() == at_path.dev() && m.ino() == at_path.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = (file, at_path);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A full disk cut a batch's line in half and the batch was refused (503); the retry starts
    /// on a new line, so every acknowledged event stays readable (a trial found the retry's first
    /// event glued to the half line).
    #[test]
    fn an_append_after_a_torn_one_starts_a_new_line() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Writer {
            dir: dir.path().to_path_buf(),
            open: None,
            seen: HashSet::new(),
            order: VecDeque::new(),
            torn: false,
        };
        w.append(b"{\"id\":\"a\"}\n").unwrap();
        // What a write cut by ENOSPC leaves: half a line, and the append reported failed.
        let (_, file) = w.open.as_mut().unwrap();
        file.write_all(b"{\"id\":\"b-ha").unwrap();
        w.torn = true;
        w.open = None;
        w.append(b"{\"id\":\"b\"}\n{\"id\":\"c\"}\n").unwrap();
        assert!(!w.torn);
        // And an append after a good one adds no blank line.
        w.append(b"{\"id\":\"d\"}\n").unwrap();
        let name = std::fs::read_dir(dir.path())
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let text = std::fs::read_to_string(name).unwrap();
        assert_eq!(
            text,
            "{\"id\":\"a\"}\n{\"id\":\"b-ha\n{\"id\":\"b\"}\n{\"id\":\"c\"}\n{\"id\":\"d\"}\n"
        );
    }
}
