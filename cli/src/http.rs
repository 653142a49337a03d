//! A small HTTP/1.1 server for the commands that serve (`collect`, `preview`): bounded
//! everywhere.
//!
//! - a fixed pool of worker threads, fed through a bounded queue of connections; when the
//!   queue is full the acceptor answers `503` with `Retry-After` itself and closes, so a flood
//!   never makes threads or memory grow;
//! - read and write timeouts on every socket and a deadline per request that every read obeys,
//!   so a slow client (one that stalls, or trickles a byte at a time) holds one worker for
//!   seconds, not forever, and is told `408` when it had started a request;
//! - the request line (`414`), the header block (`431`) and the body have size limits, and the body's declared length is checked
//!   before a byte of it is read (`413`); a body needs `Content-Length` (`411`; no chunked
//!   uploads: browsers send a length for `fetch` and `sendBeacon` bodies);
//! - a connection waits in a lobby that one thread watches until its request's head has
//!   arrived, not in a worker: hundreds of idle connections (preconnects, a client that opens
//!   and says nothing, or sends a byte now and then) held every worker for the read timeout
//!   and stalled everyone for 30-40 s;
//! - keep-alive, up to a number of requests per connection.
//!
//! Handlers are plain functions from a [`Request`] to a [`Response`].

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc::{sync_channel, Receiver, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Limits of a server.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest request body, in bytes.
    pub max_body: usize,
    /// Largest request line plus headers, in bytes.
    pub max_head: usize,
    /// Worker threads: the requests handled at once.
    pub workers: usize,
    /// Connections waiting for a worker before new ones get `503`.
    pub queue: usize,
    /// Longest wait for the next bytes from a client (also between keep-alive requests).
    pub read_timeout: Duration,
    /// Longest time one request may take to arrive.
    pub request_deadline: Duration,
    /// Requests served on one connection before it is closed.
    pub max_requests_per_connection: usize,
    /// Longest wait for the next request on a kept-alive connection.
    pub idle_timeout: Duration,
    /// Longest time one connection may hold a worker, however busy it keeps it.
    pub max_connection_time: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body: 1024 * 1024,
            max_head: 16 * 1024,
            // Idle threads cost little; a slow client holds one until the deadline, so many
            // workers take many slow clients to starve the rest.
            workers: 128,
            queue: 512,
            read_timeout: Duration::from_secs(10),
            request_deadline: Duration::from_secs(30),
            max_requests_per_connection: 1000,
            // A worker is a thread: a client that keeps connections open with a request now
            // and then must not hold them all (140 idle keep-alive connections blocked the
            // collector for as long as they lasted).
            idle_timeout: Duration::from_secs(2),
            max_connection_time: Duration::from_secs(60),
        }
    }
}

/// A request, its body read in full.
#[derive(Debug)]
pub struct Request {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path, without the query string.
    pub path: String,
    /// The query string, without the `?` (empty when there is none).
    pub query: String,
    /// Header names in lower case, in the order sent.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Request {
    /// The first query parameter of this name, percent-decoded (`+` is a space).
    pub fn param(&self, name: &str) -> Option<String> {
        self.query.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (k == name).then(|| percent_decode(v))
        })
    }

    /// The first header of this (lower-case) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A response.
#[derive(Debug, Clone)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Headers besides `Content-Length` and `Connection`.
    pub headers: Vec<(&'static str, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Response {
    /// A response with a `text/plain` body.
    pub fn text(status: u16, body: &str) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", "text/plain; charset=utf-8".into())],
            body: format!("{body}\n").into_bytes(),
        }
    }

    /// A response with a JSON body.
    pub fn json(status: u16, body: &serde_json::Value) -> Response {
        let mut bytes = serde_json::to_vec(body).unwrap_or_default();
        bytes.push(b'\n');
        Response {
            status,
            headers: vec![("Content-Type", "application/json".into())],
            body: bytes,
        }
    }

    /// Adds a header.
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        304 => "Not Modified",
        204 => "No Content",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        411 => "Length Required",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Unknown",
    }
}

/// What handles requests.
pub type Handler = Arc<dyn Fn(&Request) -> Response + Send + Sync>;

/// What adjusts the server's own refusals (`411`, `413`, `408`) once a request's headers are
/// known, e.g. to add CORS headers so a browser lets the page read the reason.
pub type Refuse = Arc<dyn Fn(&[(String, String)], Response) -> Response + Send + Sync>;

/// A handler and its refusal hook.
#[derive(Clone)]
pub struct Service {
    /// Answers requests.
    pub handle: Handler,
    /// Adjusts refusals.
    pub refuse: Refuse,
}

/// Serves `listener` on a worker pool until the process ends. Returns once the threads run.
pub fn serve(listener: TcpListener, limits: Limits, service: Service) {
    let (tx, rx) = sync_channel::<TcpStream>(limits.queue);
    let rx = Arc::new(Mutex::new(rx));
    for _ in 0..limits.workers.max(1) {
        let rx = Arc::clone(&rx);
        let service = service.clone();
        std::thread::spawn(move || worker(&rx, limits, &service));
    }
    let (lobby_tx, lobby_rx) = std::sync::mpsc::channel::<TcpStream>();
    std::thread::spawn(move || lobby(&lobby_rx, &tx, limits));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else {
                // Out of file descriptors and the like: let the pressure pass.
                std::thread::sleep(Duration::from_millis(10));
                continue;
            };
            if lobby_tx.send(stream).is_err() {
                return;
            }
        }
    });
}

/// Answers `503` and closes: the queue is full.
fn busy(mut stream: TcpStream) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
    let busy = Response::text(503, "busy, try again").with("Retry-After", "1");
    let _ = write_response(&mut stream, &busy, false, true);
}

/// A connection in the lobby.
struct Waiting {
    stream: TcpStream,
    since: Instant,
    /// When its bytes last grew, and how many there were.
    moved: Instant,
    seen: usize,
    /// When to look at it again.
    next: Instant,
}

/// How many connections the lobby holds: at most `queue` × 8, and never so many that the
/// workers, the queue and the server's own files run out of descriptors (a service's 1,024
/// left `accept` failing and every client waiting in the kernel).
fn lobby_size(limits: Limits) -> usize {
    let soft = std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|l| {
            let line = l.lines().find(|l| l.starts_with("Max open files"))?;
            line.split_whitespace().nth(3)?.parse::<usize>().ok()
        })
        .unwrap_or(1024);
    let reserved = limits.workers + limits.queue + 64;
    (limits.queue.max(1) * 8)
        .min(soft.saturating_sub(reserved))
        .max(16)
}

/// Holds connections until their request's head has arrived, then queues them for a worker:
/// a connection that says nothing, or sends a byte now and then, never holds a worker (700
/// that sent one byte, or 400 that sent none, held them all). One that says nothing for the
/// read timeout is closed, one partway into a request past the request deadline (or silent
/// for the read timeout) is told `408`, and past [`lobby_size`] the one that has gone longest
/// without sending is closed to make room.
/// Std has no readiness API: each is peeked, often while young, then every 50 ms at most.
fn lobby(rx: &Receiver<TcpStream>, tx: &std::sync::mpsc::SyncSender<TcpStream>, limits: Limits) {
    use std::sync::mpsc::RecvTimeoutError;
    let most = lobby_size(limits);
    let mut waiting: Vec<Waiting> = Vec::new();
    let mut buf = vec![0u8; limits.max_head + 1];
    let admit = |stream: TcpStream, waiting: &mut Vec<Waiting>| {
        if waiting.len() >= most {
            // Full: the connection that has gone longest without sending anything makes room,
            // so a flood of idle or trickling ones cycles instead of keeping real clients out
            // (a real request is complete within milliseconds and leaves the lobby).
            if let Some(i) = waiting
                .iter()
                .enumerate()
                .min_by_key(|(_, w)| w.moved)
                .map(|(i, _)| i)
            {
                waiting.swap_remove(i);
            }
        }
        let _ = stream.set_nonblocking(true);
        let now = Instant::now();
        waiting.push(Waiting {
            stream,
            since: now,
            moved: now,
            seen: 0,
            next: now,
        });
    };
    loop {
        let due = waiting.iter().map(|w| w.next).min();
        let arrived = match due {
            None => match rx.recv() {
                Ok(s) => Some(s),
                Err(_) => return,
            },
            Some(due) => match rx.recv_timeout(due.saturating_duration_since(Instant::now())) {
                Ok(s) => Some(s),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => return,
            },
        };
        if let Some(s) = arrived {
            admit(s, &mut waiting);
        }
        while let Ok(s) = rx.try_recv() {
            admit(s, &mut waiting);
        }
        let now = Instant::now();
        let mut i = 0;
        while i < waiting.len() {
            let w = &mut waiting[i];
            if w.next > now {
                i += 1;
                continue;
            }
            // Young connections are looked at every 2 ms, old ones less often.
            let age = now.saturating_duration_since(w.since);
            let interval = (age / 8).clamp(Duration::from_millis(2), Duration::from_millis(50));
            let outcome = match w.stream.peek(&mut buf) {
                Ok(0) => Some(None),
                Ok(n) => {
                    let head = &buf[..n];
                    let complete = n > limits.max_head
                        || head.windows(4).any(|x| x == b"\r\n\r\n")
                        || head.windows(2).any(|x| x == b"\n\n");
                    if complete {
                        Some(Some(true))
                    } else {
                        if n > w.seen {
                            w.seen = n;
                            w.moved = now;
                        }
                        let stalled = now.saturating_duration_since(w.moved) >= limits.read_timeout;
                        let late = age >= limits.request_deadline;
                        (stalled || late).then_some(Some(false))
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    (age >= limits.read_timeout).then_some(None)
                }
                Err(_) => Some(None),
            };
            match outcome {
                None => {
                    w.next = now + interval;
                    i += 1;
                }
                // Its request is here: to a worker.
                Some(Some(true)) => {
                    let w = waiting.swap_remove(i);
                    let _ = w.stream.set_nonblocking(false);
                    match tx.try_send(w.stream) {
                        Ok(()) => {}
                        Err(TrySendError::Full(s)) => busy(s),
                        Err(TrySendError::Disconnected(_)) => return,
                    }
                }
                // Partway into a request for too long: told so.
                Some(Some(false)) => {
                    let mut w = waiting.swap_remove(i);
                    let _ = w.stream.set_nonblocking(false);
                    let _ = w.stream.set_write_timeout(Some(Duration::from_secs(1)));
                    let slow = Response::text(408, "the request took too long to arrive");
                    let _ = write_response(&mut w.stream, &slow, false, true);
                }
                // Gone, or silent for the read timeout: closed.
                Some(None) => {
                    waiting.swap_remove(i);
                }
            }
        }
    }
}

fn worker(rx: &Mutex<Receiver<TcpStream>>, limits: Limits, service: &Service) {
    loop {
        let stream = match rx.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(stream) = stream else { return };
        // A panic in a handler closes this connection, never the worker.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            connection(stream, limits, service);
        }));
    }
}

/// Why a request could not be read.
enum ReadError {
    /// The client went away or was too slow: close without answering.
    Gone,
    /// Answer this, then close.
    Answer(Response),
    /// Answer this (adjusted by [`Service::refuse`] for these headers), then close.
    Refused(Response, Vec<(String, String)>),
}

fn connection(stream: TcpStream, limits: Limits, service: &Service) {
    let _ = stream.set_read_timeout(Some(limits.read_timeout));
    let _ = stream.set_write_timeout(Some(limits.read_timeout));
    let _ = stream.set_nodelay(true);
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    let opened = Instant::now();
    for served in 1..=limits.max_requests_per_connection {
        // Between requests a kept-alive connection waits briefly; nothing within that time
        // closes it, and the worker goes to the next client.
        if served > 1 {
            let _ = reader.get_ref().set_read_timeout(Some(limits.idle_timeout));
            match reader.fill_buf() {
                Ok(buf) if !buf.is_empty() => {}
                _ => return,
            }
        }
        let refusal = match read_request(&mut reader, limits) {
            Ok((request, keep_alive)) => {
                // The last request a connection may carry says so, so clients do not reuse it.
                let keep_alive = keep_alive
                    && served < limits.max_requests_per_connection
                    && opened.elapsed() < limits.max_connection_time;
                let response = (service.handle)(&request);
                let body = request.method != "HEAD";
                if write_response(&mut writer, &response, keep_alive, body).is_err() || !keep_alive
                {
                    return;
                }
                continue;
            }
            Err(ReadError::Gone) => return,
            Err(ReadError::Answer(response)) => response,
            Err(ReadError::Refused(response, headers)) => (service.refuse)(&headers, response),
        };
        if write_response(&mut writer, &refusal, false, true).is_ok() {
            linger(&mut reader, &writer);
        }
        return;
    }
}

/// After a refusal, reads and drops what the client is still sending (an oversized body) for
/// a moment before closing: closing with unread bytes resets the connection, and the client
/// may then lose the answer that says why.
fn linger(reader: &mut BufReader<TcpStream>, writer: &TcpStream) {
    let _ = writer.shutdown(std::net::Shutdown::Write);
    let _ = reader
        .get_ref()
        .set_read_timeout(Some(Duration::from_millis(500)));
    let until = Instant::now() + Duration::from_secs(2);
    let mut sink = [0u8; 16 * 1024];
    let mut left: usize = 8 * 1024 * 1024;
    while left > 0 && Instant::now() < until {
        match reader.read(&mut sink) {
            Ok(0) | Err(_) => return,
            Ok(n) => left = left.saturating_sub(n),
        }
    }
}

fn read_request(
    reader: &mut BufReader<TcpStream>,
    limits: Limits,
) -> Result<(Request, bool), ReadError> {
    let start = Instant::now();
    let mut head: Vec<u8> = Vec::new();
    let mut line: Vec<u8> = Vec::new();
    let mut lines: Vec<String> = Vec::new();
    loop {
        // Every read waits at most until the request's deadline: a client that trickles a byte
        // at a time (slowloris) is cut off then, however steady its trickle.
        let wait = wait_for(start, limits)
            .ok_or_else(|| too_slow(!head.is_empty() || !line.is_empty()))?;
        let _ = reader.get_ref().set_read_timeout(Some(wait));
        let buf = match reader.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) if is_timeout(&e) => {
                // Silent between requests: just close. Partway into one: say why.
                return Err(too_slow(!head.is_empty() || !line.is_empty()));
            }
            Err(_) => return Err(ReadError::Gone),
        };
        if buf.is_empty() {
            return Err(ReadError::Gone);
        }
        let (n, ends) = match buf.iter().position(|b| *b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        line.extend_from_slice(&buf[..n]);
        reader.consume(n);
        if head.len() + line.len() > limits.max_head {
            let kib = limits.max_head / 1024;
            return Err(ReadError::Answer(if lines.is_empty() {
                Response::text(414, &format!("the request line is over {kib} KiB"))
            } else {
                Response::text(
                    431,
                    &format!("the request line and headers are over {kib} KiB"),
                )
            }));
        }
        if !ends {
            continue;
        }
        head.extend_from_slice(&line);
        let text = String::from_utf8_lossy(&line).trim_end().to_owned();
        line.clear();
        if text.is_empty() {
            if lines.is_empty() {
                // Blank lines before a request are allowed (RFC 9112, 2.2).
                continue;
            }
            break;
        }
        lines.push(text);
    }
    let bad = |why: &str| ReadError::Answer(Response::text(400, why));
    let mut parts = lines[0].split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad("malformed request line"));
    };
    if !matches!(version, "HTTP/1.1" | "HTTP/1.0") {
        return Err(ReadError::Answer(Response::text(505, "HTTP/1.1 only")));
    }
    let mut headers = Vec::new();
    // Strict where leniency lets a proxy in front read the request differently (RFC 9112):
    // no folded lines, no space before the colon, no control characters in values.
    for line in &lines[1..] {
        if line.starts_with([' ', '\t']) {
            return Err(bad("folded header lines are not accepted"));
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(bad("malformed header line"));
        };
        let token = |b: u8| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&b);
        if name.is_empty() || !name.bytes().all(token) {
            return Err(bad("malformed header name"));
        }
        if value.chars().any(|c| c.is_control() && c != '\t') {
            return Err(bad("control characters in a header value"));
        }
        headers.push((name.to_ascii_lowercase(), value.trim().to_owned()));
    }
    let get = |n: &str| {
        headers
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.as_str())
    };
    let connection = get("connection").map(str::to_ascii_lowercase);
    let keep_alive = match version {
        "HTTP/1.1" => connection.as_deref() != Some("close"),
        _ => connection.as_deref() == Some("keep-alive"),
    };
    if get("transfer-encoding").is_some() {
        return Err(ReadError::Refused(
            Response::text(411, "send the body with a Content-Length, not chunked"),
            headers.clone(),
        ));
    }
    // Two lengths that disagree are how requests get smuggled past proxies: refuse.
    let mut lengths = headers.iter().filter(|(k, _)| k == "content-length");
    if let Some((_, first)) = lengths.next() {
        if lengths.any(|(_, v)| v != first) {
            return Err(bad("conflicting Content-Length headers"));
        }
    }
    let length = match get("content-length") {
        None if matches!(method, "POST" | "PUT" | "PATCH") => {
            return Err(ReadError::Refused(
                Response::text(411, "a Content-Length header is required"),
                headers.clone(),
            ))
        }
        None => 0,
        Some(v) if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) => v
            .parse::<usize>()
            .map_err(|_| bad("Content-Length is not a number"))?,
        Some(_) => return Err(bad("Content-Length is not a number")),
    };
    if length > limits.max_body {
        return Err(ReadError::Refused(
            Response::text(
                413,
                &format!(
                    "the body is {length} bytes; the limit is {} bytes: send smaller batches",
                    limits.max_body
                ),
            ),
            headers.clone(),
        ));
    }
    let mut body = vec![0; length];
    let mut filled = 0;
    let slow = |headers: &Vec<(String, String)>| {
        ReadError::Refused(
            Response::text(408, "the request took too long to arrive"),
            headers.clone(),
        )
    };
    while filled < length {
        let Some(wait) = wait_for(start, limits) else {
            return Err(slow(&headers));
        };
        let _ = reader.get_ref().set_read_timeout(Some(wait));
        match reader.read(&mut body[filled..]) {
            Ok(0) => return Err(ReadError::Gone),
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) if is_timeout(&e) => return Err(slow(&headers)),
            Err(_) => return Err(ReadError::Gone),
        }
    }
    let target = target.split('#').next().unwrap_or("/");
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let (path, query) = (path.to_owned(), query.to_owned());
    Ok((
        Request {
            method: method.to_owned(),
            path,
            query,
            headers,
            body,
        },
        keep_alive,
    ))
}

/// How long the next read may wait: the read timeout, but never past the request's deadline;
/// `None` once the deadline has passed.
fn wait_for(start: Instant, limits: Limits) -> Option<Duration> {
    let left = limits.request_deadline.checked_sub(start.elapsed())?;
    (!left.is_zero()).then(|| left.min(limits.read_timeout).max(Duration::from_millis(1)))
}

fn is_timeout(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
    )
}

/// A client too slow: closed silently when it had sent nothing of a request, else told `408`.
fn too_slow(partway: bool) -> ReadError {
    if partway {
        ReadError::Answer(Response::text(408, "the request took too long to arrive"))
    } else {
        ReadError::Gone
    }
}

/// Writes `r`; without its body (but with its length) for a `HEAD`.
fn write_response(
    stream: &mut TcpStream,
    r: &Response,
    keep_alive: bool,
    body: bool,
) -> std::io::Result<()> {
    let mut out = format!("HTTP/1.1 {} {}\r\n", r.status, reason(r.status));
    for (k, v) in &r.headers {
        // Header values come from our own code; strip line breaks all the same.
        out.push_str(k);
        out.push_str(": ");
        out.push_str(&v.replace(['\r', '\n'], " "));
        out.push_str("\r\n");
    }
    out.push_str(&format!("Content-Length: {}\r\n", r.body.len()));
    out.push_str(if keep_alive {
        "Connection: keep-alive\r\n\r\n"
    } else {
        "Connection: close\r\n\r\n"
    });
    let mut bytes = out.into_bytes();
    if body {
        bytes.extend_from_slice(&r.body);
    }
    stream.write_all(&bytes)?;
    stream.flush()
}

/// `%XX` escapes and `+` decoded; invalid escapes are kept as written, invalid UTF-8 replaced.
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            b[i],
            b.get(i + 1).and_then(|c| hex(*c)),
            b.get(i + 2).and_then(|c| hex(*c)),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b'+', _, _) => {
                out.push(b' ');
                i += 1;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
