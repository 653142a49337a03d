//! `whatsnew collect` as a real process on loopback: hostile and malformed requests are each
//! answered with the right 4xx and the server keeps answering; 1,000 concurrent clients (each
//! retrying in a bounded loop on 503, and re-sending its batch once as a lost-answer retry
//! would) get every good event stored exactly once. The figures are printed
//! (`cargo test -p whatsnew-cli --test collect -- --nocapture`).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    addr: String,
    dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_whatsnew"))
        .args(["collect", "--port", "0", "--out"])
        .arg(dir.path())
        .args(["--allow-origin", "http://app.test"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.trim().rsplit(' ').next().unwrap().to_owned();
    assert!(url.ends_with("/events"), "{line}");
    let addr = url
        .trim_start_matches("http://")
        .trim_end_matches("/events")
        .to_owned();
    Server { child, addr, dir }
}

/// Sends raw bytes, returns (status, headers and body as text).
fn raw(addr: &str, request: &[u8]) -> std::io::Result<(u16, String)> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(20)))?;
    s.write_all(request)?;
    // Read the head, then exactly Content-Length bytes: the connection may stay open.
    let mut reader = BufReader::new(s);
    let mut text = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        text.push_str(&line);
    }
    let length = text
        .lines()
        .find_map(|l| l.strip_prefix("Content-Length: "))
        .and_then(|n| n.trim().parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    text.push_str(&String::from_utf8_lossy(&body));
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("no status in {text:?}")))?;
    Ok((status, text))
}

fn post(addr: &str, headers: &str, body: &str) -> std::io::Result<(u16, String)> {
    raw(
        addr,
        format!(
            "POST /events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{headers}Content-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    )
}

fn event(id: &str) -> String {
    format!(
        r#"{{"v":1,"id":"{id}","type":"impression","announcement":"a","bundle":"b","surface":"popup","user":"u-{id}","at":1764763200000}}"#
    )
}

fn stored(dir: &std::path::Path) -> HashMap<String, usize> {
    let mut ids = HashMap::new();
    for f in std::fs::read_dir(dir).unwrap() {
        let path = f.unwrap().path();
        if !path.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        for line in text.lines() {
            let v: serde_json::Value =
                serde_json::from_str(line).expect("every stored line is JSON");
            *ids.entry(v["id"].as_str().unwrap().to_owned()).or_insert(0) += 1;
        }
    }
    ids
}

const JSON: &str = "Content-Type: application/json\r\n";

#[test]
fn refuses_bad_requests_with_the_reason_and_keeps_answering() {
    let server = start();
    let a = server.addr.as_str();
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        ("not JSON", format!("POST /events HTTP/1.1\r\n{JSON}Content-Length: 4\r\n\r\n[{{,]").into_bytes(), 400, "not JSON"),
        ("an object", format!("POST /events HTTP/1.1\r\n{JSON}Content-Length: 2\r\n\r\n{{}}").into_bytes(), 400, "JSON array"),
        ("every event invalid", {
            let body = r#"[{"v":1,"id":"x","type":"nope","bundle":"b","user":"u","at":1}]"#;
            format!("POST /events HTTP/1.1\r\n{JSON}Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
        }, 400, "unknown variant"),
        ("oversized, refused before the body", format!("POST /events HTTP/1.1\r\n{JSON}Content-Length: 2000000\r\n\r\n").into_bytes(), 413, "limit"),
        ("oversized from the page: the page may read why", format!("POST /events HTTP/1.1\r\n{JSON}Origin: http://app.test\r\nContent-Length: 2000000\r\n\r\n").into_bytes(), 413, "Access-Control-Allow-Origin: http://app.test"),
        ("no length", format!("POST /events HTTP/1.1\r\n{JSON}\r\n").into_bytes(), 411, "Content-Length"),
        ("chunked", format!("POST /events HTTP/1.1\r\n{JSON}Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n").into_bytes(), 411, "chunked"),
        ("wrong content type", b"POST /events HTTP/1.1\r\nContent-Type: application/xml\r\nContent-Length: 2\r\n\r\n[]".to_vec(), 415, "application/json"),
        ("form post", b"POST /events HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 2\r\n\r\n[]".to_vec(), 415, "application/json"),
        ("bad origin", format!("POST /events HTTP/1.1\r\n{JSON}Origin: http://evil.test\r\nContent-Length: 2\r\n\r\n[]").into_bytes(), 403, "not allowed"),
        ("bad origin preflight", b"OPTIONS /events HTTP/1.1\r\nOrigin: http://evil.test\r\nAccess-Control-Request-Method: POST\r\n\r\n".to_vec(), 403, "not allowed"),
        ("GET events", b"GET /events HTTP/1.1\r\n\r\n".to_vec(), 405, "POST"),
        ("GET events from the page (a 301 in front turned its POST into GET): it may read why", b"GET /events HTTP/1.1\r\nOrigin: http://app.test\r\n\r\n".to_vec(), 405, "Access-Control-Allow-Origin: http://app.test"),
        ("other path", b"GET /../../etc/passwd HTTP/1.1\r\n\r\n".to_vec(), 404, "not found"),
        ("garbage", b"HELLO\r\n\r\n".to_vec(), 400, "malformed"),
        // Leniencies a proxy in front may read differently (a security review): refused.
        ("a signed length", format!("POST /events HTTP/1.1\r\n{JSON}Content-Length: +2\r\n\r\n[]").into_bytes(), 400, "not a number"),
        ("a space before the colon", format!("POST /events HTTP/1.1\r\n{JSON}Content-Length : 2\r\n\r\n[]").into_bytes(), 400, "header name"),
        ("a folded header", b"GET /health HTTP/1.1\r\nX-A: 1\r\n  2\r\n\r\n".to_vec(), 400, "folded"),
        ("HTTP/2 preface", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec(), 505, "HTTP/1.1"),
        ("huge headers", format!("GET /health HTTP/1.1\r\nX-Big: {}\r\n\r\n", "a".repeat(20_000)).into_bytes(), 431, "16 KiB"),
        ("a megabyte of tiny objects: refused by count, never built as one tree", {
            let body = format!("[{}]", vec![r#"{"a":0}"#; 120_000].join(","));
            format!("POST /events HTTP/1.1\r\n{JSON}Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
        }, 400, "at most 1000"),
        ("too many events", {
            let body = format!("[{}]", vec![event("big"); 1001].join(","));
            format!("POST /events HTTP/1.1\r\n{JSON}Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
        }, 400, "at most 1000"),
    ];
    for (name, request, status, says) in &cases {
        let started = Instant::now();
        let (got, text) = raw(a, request).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(got, *status, "{name}: {text}");
        assert!(text.contains(says), "{name}: {text}");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{name} took {:?}",
            started.elapsed()
        );
    }
    // The allowed origin: preflight and post, with CORS headers and no credentials.
    let (status, text) = raw(a, b"OPTIONS /events HTTP/1.1\r\nOrigin: http://app.test\r\nAccess-Control-Request-Method: POST\r\nConnection: close\r\n\r\n").unwrap();
    assert_eq!(status, 204, "{text}");
    assert!(text.contains("Access-Control-Allow-Origin: http://app.test"));
    assert!(!text.contains("Allow-Credentials"));
    // Each path allows what it takes: /events POST, /state GET and PUT.
    assert!(
        text.contains("Access-Control-Allow-Methods: POST\r\n"),
        "{text}"
    );
    let (status, text) = raw(a, b"OPTIONS /state HTTP/1.1\r\nOrigin: http://app.test\r\nAccess-Control-Request-Method: PUT\r\nConnection: close\r\n\r\n").unwrap();
    assert_eq!(status, 204, "{text}");
    assert!(
        text.contains("Access-Control-Allow-Methods: GET, PUT\r\n"),
        "{text}"
    );
    // A body with a byte-order mark before its JSON (some clients' text bodies).
    let (status, text) = post(a, JSON, &format!("\u{feff}[{}]", event("bom-1"))).unwrap();
    assert_eq!(status, 200, "{text}");
    let batch = format!(
        "[{},{}]",
        event("ok-1"),
        r#"{"v":1,"id":"half","type":"engage","bundle":"b","user":"u","at":1}"#
    );
    let (status, text) = post(
        a,
        "Content-Type: text/plain;charset=UTF-8\r\nOrigin: http://app.test\r\n",
        &batch,
    )
    .unwrap();
    assert_eq!(status, 200, "{text}");
    assert!(
        text.contains("Access-Control-Allow-Origin: http://app.test"),
        "{text}"
    );
    assert!(
        text.contains(r#""accepted":1"#) && text.contains("`announcement` must be set"),
        "{text}"
    );
    // A client that sends half a request and goes silent holds no worker for long.
    let mut slow = TcpStream::connect(a).unwrap();
    slow.write_all(b"POST /events HTTP/1.1\r\nContent-Length: 10\r\n")
        .unwrap();
    let (status, _) = raw(a, b"GET /health HTTP/1.1\r\nConnection: close\r\n\r\n").unwrap();
    assert_eq!(status, 200);
    assert_eq!(
        {
            let mut ids: Vec<String> = stored(server.dir.path()).into_keys().collect();
            ids.sort();
            ids
        },
        ["bom-1", "ok-1"]
    );
    println!("{} malformed or refused requests: each answered with its 4xx in under 5 s; server still answering", cases.len() + 1);
}

#[test]
fn a_thousand_concurrent_clients_store_every_event_once() {
    let server = start();
    let addr = server.addr.clone();
    let clients = 1000;
    let per_batch = 5;
    let started = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|c| {
            let addr = addr.clone();
            std::thread::Builder::new()
                .stack_size(128 * 1024)
                .spawn(move || {
                    let body = format!(
                        "[{}]",
                        (0..per_batch)
                            .map(|i| event(&format!("c{c}-{i}")))
                            .collect::<Vec<_>>()
                            .join(",")
                    );
                    let (mut busy, mut errors, mut sent) = (0, 0, 0);
                    // Each batch twice: the second is a retry after a lost answer.
                    for _ in 0..2 {
                        for attempt in 0.. {
                            assert!(attempt < 200, "client {c} never got through");
                            match post(&addr, JSON, &body) {
                                Ok((200, _)) => {
                                    sent += 1;
                                    break;
                                }
                                Ok((503, _)) => busy += 1,
                                Ok((s, t)) => panic!("client {c}: {s} {t}"),
                                Err(_) => errors += 1,
                            }
                            std::thread::sleep(Duration::from_millis(20 + (c % 20) as u64));
                        }
                    }
                    (busy, errors, sent)
                })
                .unwrap()
        })
        .collect();
    // Malformed requests mixed in.
    for i in 0..100 {
        let (status, _) = post(&addr, JSON, &format!("[{{\"v\":1,\"id\":\"m{i}\""))
            .unwrap_or((400, String::new()));
        assert!(status == 400 || status == 503, "{status}");
    }
    let (mut busy, mut errors, mut requests) = (0, 0, 0);
    for t in threads {
        let (b, e, s) = t.join().unwrap();
        busy += b;
        errors += e;
        requests += s;
    }
    let elapsed = started.elapsed();
    let (status, _) = raw(&addr, b"GET /health HTTP/1.1\r\nConnection: close\r\n\r\n").unwrap();
    assert_eq!(status, 200, "still answering");
    let ids = stored(server.dir.path());
    let expected = clients * per_batch;
    assert_eq!(ids.len(), expected, "every good event stored");
    assert!(ids.values().all(|n| *n == 1), "no event stored twice");
    assert_eq!(requests, 2 * clients);
    println!(
        "{clients} concurrent clients, {requests} accepted batches ({} events sent, {expected} stored once, {} duplicates dropped), 100 malformed requests refused, {busy} answered 503 busy and retried, {errors} connection errors retried; {:.2} s, {:.0} stored events/s",
        requests * per_batch,
        requests * per_batch - expected,
        elapsed.as_secs_f64(),
        expected as f64 / elapsed.as_secs_f64()
    );
}

fn state_request(addr: &str, method: &str, query: &str, body: &str) -> (u16, String) {
    raw(
        addr,
        format!(
            "{method} /state{query} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nOrigin: http://app.test\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    )
    .unwrap()
}

/// The state endpoint: a user's state merges monotonically (a device that missed a dismissal
/// cannot undo it), bad requests get a 4xx with the reason, and the server keeps answering.
#[test]
fn the_state_endpoint_merges_and_refuses_bad_input() {
    let s = start();
    // `raw` gives the head lines, each ending in CRLF, then the body.
    let body = |r: &(u16, String)| r.1.rsplit("\r\n").next().unwrap_or("").to_owned();
    let user = "?user=u%2042";
    let empty = state_request(&s.addr, "GET", user, "");
    assert_eq!(
        (empty.0, body(&empty)),
        (200, String::new()),
        "unknown user: empty"
    );
    assert!(empty
        .1
        .contains("Access-Control-Allow-Origin: http://app.test"));
    // The laptop dismissed `a`; the phone, which never saw it, saw `b`.
    let put = state_request(&s.addr, "PUT", user, "whatsnew-state 3\n5\ta\n~1000");
    assert_eq!(put.0, 204, "{}", put.1);
    let put = state_request(&s.addr, "PUT", user, "whatsnew-state 3\n1\tb\n~2000");
    assert_eq!(put.0, 204);
    let merged = body(&state_request(&s.addr, "GET", user, ""));
    assert_eq!(
        merged, "whatsnew-state 3\n5\ta\n1\tb\n~1000",
        "union of flags, earliest first visit"
    );
    // Another user is someone else.
    assert_eq!(body(&state_request(&s.addr, "GET", "?user=u-43", "")), "");
    for (method, query, body, status) in [
        ("GET", "", "", 400),
        ("PUT", "?user=", "whatsnew-state 3", 400),
        ("PUT", user, "{\"not\": \"a state\"}", 400),
        ("PUT", user, &"x".repeat(70_000), 413),
        ("DELETE", user, "", 405),
    ] {
        let r = state_request(&s.addr, method, query, body);
        assert_eq!(r.0, status, "{method} {query}: {}", r.1);
        assert!(r.1.contains("\"error\"") || status == 405, "{}", r.1);
    }
    let after = body(&state_request(&s.addr, "GET", user, ""));
    assert_eq!(after, merged, "refused requests changed nothing");
    // A union that only grows (a client sending new ids each time) stops at the limit: each
    // PUT is under 64 KiB, the merged state may not be over it (a review grew one to 1.9 MB).
    let grow = "?user=grower";
    let mut refused = 0;
    for round in 0..6 {
        let ids: String = (0..2000).map(|i| format!("1\tr{round}-{i:05}\n")).collect();
        let r = state_request(
            &s.addr,
            "PUT",
            grow,
            &format!("whatsnew-state 3\n{ids}~1000"),
        );
        refused += usize::from(r.0 == 413);
    }
    let kept = body(&state_request(&s.addr, "GET", grow, ""));
    assert!(
        refused > 0 && kept.len() <= 64 * 1024,
        "{refused} refused, {} bytes kept",
        kept.len()
    );
    println!("state endpoint: 2 merges, 5 bad requests refused with their reason, still answering");
}

#[test]
fn a_file_moved_away_or_deleted_gets_a_new_one_and_no_event_is_lost() {
    let server = start();
    let send = |id: &str| {
        let (status, text) = post(&server.addr, JSON, &format!("[{}]", event(id))).unwrap();
        assert_eq!(status, 200, "{text}");
    };
    let files = || -> Vec<std::path::PathBuf> {
        std::fs::read_dir(server.dir.path())
            .unwrap()
            .map(|f| f.unwrap().path())
            .filter(|p| p.is_file())
            .collect()
    };
    send("e-1");
    let today = files().pop().expect("today's file");
    // A log shipper moves today's file away: the next event goes into a new file at the path.
    let archive = server.dir.path().join("archive");
    std::fs::create_dir(&archive).unwrap();
    std::fs::rename(&today, archive.join("shipped.jsonl")).unwrap();
    send("e-2");
    assert_eq!(
        stored(server.dir.path()).get("e-2"),
        Some(&1),
        "{:?}",
        files()
    );
    // Deleted outright: the same.
    std::fs::remove_file(&today).unwrap();
    send("e-3");
    send("e-4");
    let now = stored(server.dir.path());
    assert_eq!(
        (now.get("e-3"), now.get("e-4")),
        (Some(&1), Some(&1)),
        "{now:?}"
    );
    assert_eq!(stored(&archive).get("e-1"), Some(&1));
}

/// `preview --collect --port 0`: the collector inside the preview accepts events from the
/// page the preview serves, on the port the system picked (it allowed port 0 before).
#[test]
fn preview_collects_from_its_own_page_on_a_picked_port() {
    let root = tempfile::tempdir().unwrap();
    let content = root.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good");
    for f in std::fs::read_dir(fixture).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), content.join(f.file_name())).unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_whatsnew"))
        .args(["preview", "content", "--port", "0", "--collect"])
        .current_dir(root.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let (mut collector, mut page) = (String::new(), String::new());
    for _ in 0..6 {
        let mut line = String::new();
        if out.read_line(&mut line).unwrap() == 0 {
            break;
        }
        if line.starts_with("Collecting events at ") {
            collector = line.split_whitespace().nth(3).unwrap().to_owned();
        }
        if line.starts_with("Previewing") {
            page = line
                .split_whitespace()
                .last()
                .unwrap()
                .trim_end_matches('/')
                .to_owned();
            break;
        }
    }
    let addr = collector
        .trim_start_matches("http://")
        .trim_end_matches("/events")
        .to_owned();
    let body = format!("[{}]", event("pv1"));
    let answer = post(
        &addr,
        &format!("Origin: {page}\r\nContent-Type: text/plain\r\n"),
        &body,
    );
    let _ = child.kill();
    let _ = child.wait();
    let (status, text) = answer.unwrap();
    assert!(!page.ends_with(":0"), "{page}");
    assert!((200..300).contains(&status), "{page} refused: {text}");
    assert_eq!(stored(&root.path().join("events")).get("pv1"), Some(&1));
}

/// Idle keep-alive connections do not hold the workers: 140 clients that each made a request
/// and keep their connection open (128 workers) used to block everyone else for as long as
/// they kept it; a kept-alive connection now waits 2 s for its next request.
#[test]
fn idle_keep_alive_connections_do_not_starve_other_clients() {
    let s = start();
    let mut idle = Vec::new();
    for _ in 0..140 {
        let Ok(mut c) = TcpStream::connect(&s.addr) else {
            continue;
        };
        let _ = c.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
        idle.push(c);
    }
    std::thread::sleep(Duration::from_secs(3));
    let started = std::time::Instant::now();
    let (status, _) = raw(
        &s.addr,
        b"GET /health HTTP/1.1\r\nConnection: close\r\n\r\n",
    )
    .unwrap();
    let took = started.elapsed();
    assert_eq!(status, 200);
    assert!(
        took < Duration::from_secs(2),
        "answered in {took:?} with 140 idle connections open"
    );
    println!("with 140 idle keep-alive connections open: answered in {took:?}");
    drop(idle);
}
