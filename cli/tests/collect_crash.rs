//! `whatsnew collect` killed under load: every batch it acknowledged (a 200 answer) is on disk,
//! because it appends, fsyncs, and only then answers. Eight clients post batches as fast as they
//! can; the collector gets SIGKILL mid-stream; the files must hold every acknowledged event,
//! each once, and only whole lines. The figures are printed
//! (`cargo test -p whatsnew-cli --test collect_crash -- --nocapture`).

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn post(addr: &str, body: &str) -> Option<u16> {
    let mut s = TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let req = format!(
        "POST /events HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).ok()?;
    let mut answer = String::new();
    s.read_to_string(&mut answer).ok()?;
    answer.split(' ').nth(1)?.parse().ok()
}

#[test]
fn every_acknowledged_event_survives_a_kill() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_whatsnew"))
        .args(["collect", "--port", "0", "--out"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.trim().rsplit(' ').next().unwrap().to_owned();
    let addr = url
        .trim_start_matches("http://")
        .trim_end_matches("/events")
        .to_owned();

    let acknowledged = Arc::new(Mutex::new(HashSet::new()));
    let sent = Arc::new(Mutex::new(0usize));
    let start = Instant::now();
    let clients: Vec<_> = (0..8)
        .map(|c| {
            let (addr, acknowledged, sent) = (addr.clone(), acknowledged.clone(), sent.clone());
            std::thread::spawn(move || {
                for b in 0.. {
                    if start.elapsed() > Duration::from_secs(3) {
                        break;
                    }
                    let ids: Vec<String> = (0..20).map(|i| format!("c{c}-b{b}-e{i}")).collect();
                    let body = ids
                        .iter()
                        .map(|id| {
                            format!(
                                r#"{{"v":1,"id":"{id}","type":"impression","announcement":"a","bundle":"b","user":"u-{c}","at":1764763200000}}"#
                            )
                        })
                        .collect::<Vec<_>>()
                        .join(",");
                    *sent.lock().unwrap() += ids.len();
                    match post(&addr, &format!("[{body}]")) {
                        Some(200) => acknowledged.lock().unwrap().extend(ids),
                        // Killed: the connection fails or is cut; nothing was promised.
                        _ => break,
                    }
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(700));
    child.kill().unwrap();
    child.wait().unwrap();
    for c in clients {
        c.join().unwrap();
    }

    let mut stored = HashSet::new();
    let mut lines = 0;
    for f in std::fs::read_dir(dir.path()).unwrap() {
        let path = f.unwrap().path();
        if path.extension().is_some_and(|e| e == "jsonl") {
            let text = std::fs::read_to_string(&path).unwrap();
            // A torn final line would be a partial append: there must be none.
            assert!(
                text.is_empty() || text.ends_with('\n'),
                "a torn line in {path:?}"
            );
            for l in text.lines() {
                let v: serde_json::Value = serde_json::from_str(l).expect("whole JSON lines");
                stored.insert(v["id"].as_str().unwrap().to_owned());
                lines += 1;
            }
        }
    }
    let acknowledged = acknowledged.lock().unwrap();
    let lost: Vec<_> = acknowledged.difference(&stored).take(5).collect();
    println!(
        "collector killed under load: {} events sent, {} acknowledged, {} on disk ({} lines), {} acknowledged but lost",
        sent.lock().unwrap(),
        acknowledged.len(),
        stored.len(),
        lines,
        acknowledged.difference(&stored).count()
    );
    assert!(acknowledged.len() > 100, "the load ran before the kill");
    assert!(lost.is_empty(), "acknowledged but not on disk: {lost:?}");
    assert_eq!(lines, stored.len(), "each event once");
}
