//! The `whatsnew` binary as users run it: exact output, exit codes and files written.
//!
//! Snapshots live in `tests/snapshots/`; update them with
//! `INSTA_UPDATE=always cargo test -p whatsnew-cli` and review the diff.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

mod common;

use common::{fixtures, text};

/// Runs `whatsnew` in the fixtures folder, so paths in its output are short and stable.
fn whatsnew(args: &[&str]) -> Output {
    common::whatsnew(args, &fixtures())
}

/// Every file in a folder, by name, with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<_> = fs::read_dir(dir)
        .map(|rd| {
            rd.map(|e| {
                let e = e.expect("readable entry");
                (
                    e.file_name().to_string_lossy().into_owned(),
                    fs::read(e.path()).expect("readable file"),
                )
            })
            .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn build(content: &str, out: &Path) -> Output {
    whatsnew(&[
        "build",
        content,
        "--out-dir",
        out.to_str().expect("utf-8 temp path"),
    ])
}

/// Protects the bundle format: what good content compiles to, byte for byte (pretty-printed).
#[test]
fn good_content_builds_the_bundle_and_runtime() {
    let out = tempfile::tempdir().expect("temp dir");
    let result = build("good", out.path());
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    let stdout = text(&result.stdout).replace(out.path().to_str().unwrap_or_default(), "[OUT]");
    // Integrity values and the wasm's hash change with every runtime build: redact them.
    let mut redacted = stdout.clone();
    for integrity in stdout
        .split("integrity=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
    {
        assert!(
            integrity.starts_with("sha384-") && integrity.len() == 71,
            "{integrity}"
        );
        redacted = redacted.replace(integrity, "[SRI]");
    }
    for name in stdout
        .split("/whatsnew/whatsnew-")
        .skip(1)
        .filter_map(|s| s.split('"').next())
    {
        redacted = redacted.replace(name, "[HASH].wasm");
    }
    insta::assert_snapshot!("build_good_stdout", redacted);

    // The bundle, the loader and a content-hashed wasm, each with .br and .gz copies.
    let names: Vec<String> = files(out.path()).into_iter().map(|(n, _)| n).collect();
    let wasm_name = names
        .iter()
        .find(|n| n.ends_with(".wasm"))
        .cloned()
        .unwrap_or_default();
    let hash = wasm_name
        .trim_start_matches("whatsnew-")
        .trim_end_matches(".wasm");
    assert!(
        hash.len() == 10 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
        "{wasm_name}"
    );
    let expected: Vec<String> = [
        wasm_name.clone(),
        format!("{wasm_name}.br"),
        format!("{wasm_name}.gz"),
        "whatsnew.js".into(),
        "whatsnew.js.br".into(),
        "whatsnew.js.gz".into(),
        "whatsnew.json".into(),
    ]
    .into();
    assert_eq!(names, expected);
    let wasm = fs::read(out.path().join(&wasm_name)).expect("wasm written");
    assert_eq!(
        wasm.get(..4),
        Some(&b"\0asm"[..]),
        "the runtime is a wasm module"
    );
    let loader = fs::read_to_string(out.path().join("whatsnew.js")).expect("loader written");
    assert!(
        loader.contains(&wasm_name),
        "the loader names the hashed wasm"
    );

    let json: serde_json::Value = serde_json::from_slice(
        &fs::read(out.path().join("whatsnew.json")).expect("bundle written"),
    )
    .expect("valid JSON");
    insta::assert_snapshot!(
        "build_good_bundle",
        serde_json::to_string_pretty(&json).expect("serialisable")
    );
}

/// Author mistakes: each seeded mistake's exact message, position and exit code; nothing written.
#[test]
fn author_mistakes_are_reported_with_positions_and_nothing_is_written() {
    for case in [
        "missing-benefit",
        "broken-front-matter",
        "broken-toml",
        "unknown-key",
        "raw-html",
        "javascript-link",
        "several-files",
    ] {
        let out = tempfile::tempdir().expect("temp dir");
        let target = out.path().join("site");
        let result = build(case, &target);
        assert_eq!(result.status.code(), Some(1), "{case}");
        assert_eq!(text(&result.stdout), "", "{case}");
        insta::assert_snapshot!(format!("error_{case}"), text(&result.stderr));
        assert!(!target.exists(), "{case}: nothing may be written");
    }
}

/// Regression guard for atomic writes: a failed build must leave the previous output intact.
#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let out = tempfile::tempdir().expect("temp dir");
    assert_eq!(build("good", out.path()).status.code(), Some(0));
    let before = files(out.path());
    assert_eq!(build("raw-html", out.path()).status.code(), Some(1));
    assert_eq!(files(out.path()), before);
}

/// Reproducible builds: same input, same bytes, and no wall clock unless asked.
#[test]
fn building_twice_gives_identical_bytes() {
    let (a, b) = (
        tempfile::tempdir().expect("temp dir"),
        tempfile::tempdir().expect("temp dir"),
    );
    assert_eq!(build("good", a.path()).status.code(), Some(0));
    assert_eq!(build("good", b.path()).status.code(), Some(0));
    assert_eq!(files(a.path()), files(b.path()));

    let stamped = Command::new(env!("CARGO_BIN_EXE_whatsnew"))
        .args([
            "build",
            "good",
            "--out-dir",
            b.path().to_str().unwrap_or_default(),
        ])
        .current_dir(fixtures())
        .env("SOURCE_DATE_EPOCH", "1764042244")
        .output()
        .expect("runs");
    assert_eq!(stamped.status.code(), Some(0));
    let json = fs::read_to_string(b.path().join("whatsnew.json")).expect("bundle");
    assert!(
        json.contains(r#""generated":"2025-11-25T03:44:04Z""#),
        "{json}"
    );
}

/// Usage mistakes exit 2 with a clear message; a missing folder is named.
#[test]
fn usage_mistakes() {
    let none = whatsnew(&["build"]);
    assert_eq!(none.status.code(), Some(2));
    insta::assert_snapshot!("usage_build_without_args", text(&none.stderr));

    let unknown = whatsnew(&["frobnicate"]);
    assert_eq!(unknown.status.code(), Some(2));

    let missing = whatsnew(&["build", "no-such-folder", "--out-dir", "unused"]);
    assert_eq!(missing.status.code(), Some(1));
    let stderr = text(&missing.stderr);
    let first_line = stderr.lines().next().unwrap_or_default();
    assert!(
        first_line.starts_with("error: cannot read the content folder `no-such-folder`"),
        "{stderr}"
    );
    assert!(stderr.contains("help: pass the folder"), "{stderr}");

    let file = whatsnew(&["build", "good/faster-search.md", "--out-dir", "unused"]);
    assert_eq!(file.status.code(), Some(2));
    insta::assert_snapshot!("usage_build_a_file", text(&file.stderr));
}

/// `preview` builds, serves the demo page and the runtime on 127.0.0.1, and prints the URL.
#[test]
fn preview_serves_the_demo_page_and_the_bundle() {
    use std::io::{BufRead, BufReader, Read, Write};
    // The build folder of a preview stopped with Ctrl-C (no such process: above Linux's
    // largest pid) is removed when the next one starts.
    let stale = std::env::temp_dir().join("whatsnew-preview-4294967295");
    std::fs::create_dir_all(stale.join("whatsnew")).expect("a stale folder");
    let mut child = Command::new(env!("CARGO_BIN_EXE_whatsnew"))
        .args(["preview", "good", "--port", "0"])
        .current_dir(fixtures())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("preview starts");
    let mut first = String::new();
    let mut reader = BufReader::new(child.stdout.take().expect("stdout"));
    reader.read_line(&mut first).expect("a line");
    let url = first
        .split_whitespace()
        .last()
        .unwrap_or_default()
        .trim_end_matches('/')
        .to_owned();
    assert!(
        first.starts_with("Previewing 2 announcements at http://127.0.0.1:"),
        "{first}"
    );
    assert!(
        !stale.exists() || !std::path::Path::new("/proc/self").exists(),
        "a stale preview folder stays"
    );
    // The whole response to a GET of `path` with extra request header lines (binary bodies
    // decoded lossily: only heads and text bodies are inspected).
    let request = |path: &str, headers: &str| {
        let addr = url.trim_start_matches("http://");
        let mut s = std::net::TcpStream::connect(addr).expect("connects");
        write!(s, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n{headers}\r\n").expect("writes");
        let mut body = Vec::new();
        s.read_to_end(&mut body).expect("reads");
        String::from_utf8_lossy(&body).into_owned()
    };
    let get = |path: &str| request(path, "");
    let page = get("/");
    let bundle = get("/whatsnew/whatsnew.json");
    let escape = get("/whatsnew/../Cargo.toml");
    let loader = get("/whatsnew/whatsnew.js");
    let wasm_name = loader
        .split("whatsnew-")
        .nth(1)
        .and_then(|s| s.split(".wasm").next())
        .map(|h| format!("whatsnew-{h}.wasm"))
        .unwrap_or_default();
    let head = |path: &str, headers: &str| {
        let response = request(path, headers);
        response
            .split("\r\n\r\n")
            .next()
            .unwrap_or_default()
            .to_owned()
    };
    let wasm_head = head(
        &format!("/whatsnew/{wasm_name}"),
        "Accept-Encoding: gzip, br\r\n",
    );
    // The stable-named loader revalidates: its ETag comes back as 304 with no body.
    let loader_head = head("/whatsnew/whatsnew.js", "Accept-Encoding: br\r\n");
    let etag = loader_head
        .lines()
        .find_map(|l| l.strip_prefix("ETag: "))
        .unwrap_or_default()
        .to_owned();
    let revalidated = head(
        "/whatsnew/whatsnew.js",
        &format!("Accept-Encoding: br\r\nIf-None-Match: {etag}\r\n"),
    );
    let other_encoding = head(
        "/whatsnew/whatsnew.js",
        &format!("Accept-Encoding: gzip\r\nIf-None-Match: {etag}\r\n"),
    );
    let _ = child.kill();
    let _ = child.wait();
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains(r#"<script src="/whatsnew/whatsnew.js" async"#));
    assert!(
        bundle.contains(r#""benefit":"Find any invoice in seconds""#),
        "{bundle}"
    );
    assert!(escape.starts_with("HTTP/1.1 404"), "{escape}");
    assert!(wasm_head.contains("Content-Encoding: br"), "{wasm_head}");
    assert!(
        wasm_head.contains("Cache-Control: public, max-age=31536000, immutable"),
        "{wasm_head}"
    );
    assert!(
        wasm_head.contains("Content-Type: application/wasm"),
        "{wasm_head}"
    );
    assert!(
        loader.contains("Cache-Control: no-cache"),
        "the stable loader name revalidates"
    );
    assert!(etag.starts_with("\"sha384-"), "{loader_head}");
    assert!(revalidated.starts_with("HTTP/1.1 304"), "{revalidated}");
    assert!(
        other_encoding.starts_with("HTTP/1.1 200"),
        "another encoding is another representation: {other_encoding}"
    );
}

/// Regression: `build` printed no warnings and shipped template text ("TODO what the customer
/// gains") without a word. It shows warnings as `check` does and refuses unfinished
/// announcements, with their positions; a draft (`_name.md`) stays out and does not block.
#[test]
fn build_shows_warnings_and_refuses_unfinished_announcements() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = |args: &[&str]| common::whatsnew(args, dir.path());
    assert_eq!(run(&["init", "."]).status.code(), Some(0));
    assert_eq!(run(&["new", "bulk-export"]).status.code(), Some(0));
    let template = fs::read_to_string(dir.path().join("bulk-export.md")).expect("written");
    let today = template
        .lines()
        .find(|l| l.starts_with("published:"))
        .unwrap_or_default()
        .to_owned();
    let out_dir = dir.path().join("out");
    let refused = run(&["build", "--out-dir", "out"]);
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(text(&refused.stdout), "");
    assert!(!out_dir.exists(), "nothing may be written");
    insta::assert_snapshot!(
        "build_refuses_unfinished",
        text(&refused.stderr).replace(&today, "published: [TODAY]")
    );

    // Kept as a draft, it is out of the bundle and out of the way; warnings still show.
    fs::rename(
        dir.path().join("bulk-export.md"),
        dir.path().join("_bulk-export.md"),
    )
    .expect("rename");
    fs::write(
        dir.path().join("faster.md"),
        "---\nbenefit: Introducing faster search\npublished: 2026-11-02\n---\nSearch is faster (#482).\n",
    )
    .expect("write");
    let built = run(&["build", "--out-dir", "out"]);
    assert_eq!(built.status.code(), Some(0), "{}", text(&built.stderr));
    insta::assert_snapshot!("build_shows_warnings", text(&built.stderr));
    let bundle = fs::read_to_string(out_dir.join("whatsnew.json")).expect("bundle");
    assert!(
        !bundle.contains("TODO") && !bundle.contains("bulk-export"),
        "{bundle}"
    );
}

/// Regression: the README `init` writes said `whatsnew preview`, which failed (preview needed
/// a folder). Every command it and `init`'s own output name runs as written, in the project.
#[test]
fn the_commands_init_names_run_as_written() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().expect("temp dir");
    let init = common::whatsnew(&["init", "."], dir.path());
    assert_eq!(init.status.code(), Some(0));
    let readme = fs::read_to_string(dir.path().join("README.md")).expect("README");
    let mut commands: Vec<String> = readme
        .split('`')
        .skip(1)
        .step_by(2)
        .chain(text(&init.stdout).lines().map(str::trim))
        .filter_map(|s| s.strip_prefix("whatsnew "))
        .map(|s| {
            s.split("  ")
                .next()
                .unwrap_or(s)
                .trim()
                .replace("<slug>", "bulk-export")
                .replace("<dir>", "out")
        })
        .collect();
    commands.sort();
    commands.dedup();
    assert_eq!(
        commands,
        ["build --out-dir out", "check", "new bulk-export", "preview"],
        "the commands the README and init name"
    );
    // In the order an author runs them: the new template is unfinished, so build refuses it.
    for command in ["new bulk-export", "check", "build --out-dir out", "preview"] {
        let args: Vec<&str> = command.split_whitespace().collect();
        if args[0] == "preview" {
            let mut child = Command::new(env!("CARGO_BIN_EXE_whatsnew"))
                .args(["preview", "--port", "0"])
                .current_dir(dir.path())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("preview starts");
            let mut first = String::new();
            BufReader::new(child.stdout.take().expect("stdout"))
                .read_line(&mut first)
                .expect("a line");
            let _ = child.kill();
            let _ = child.wait();
            assert!(
                first.starts_with("Previewing 3 announcements at http://127.0.0.1:"),
                "{first}"
            );
            continue;
        }
        let out = common::whatsnew(&args, dir.path());
        let expected = if args[0] == "build" { 1 } else { 0 };
        assert_eq!(
            out.status.code(),
            Some(expected),
            "whatsnew {command}: {}",
            text(&out.stderr)
        );
    }
}

/// Regression: after a save broke whatsnew.toml, the page's overlay got one line pinned to
/// `whatsnew.toml:1:1`; after a good save the reloaded page could not tell which announcement
/// was being edited. The status the page polls carries every diagnostic with its place and
/// hint, and the ids of the announcements just edited.
#[test]
fn preview_status_names_every_problem_and_the_edited_announcement() {
    use std::io::{BufRead, BufReader, Read, Write};
    let dir = tempfile::tempdir().expect("temp dir");
    assert_eq!(
        common::whatsnew(&["init", "."], dir.path()).status.code(),
        Some(0)
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_whatsnew"))
        .args(["preview", "--port", "0"])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("preview starts");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("a line");
    let addr = first
        .split("http://")
        .nth(1)
        .unwrap_or_default()
        .trim()
        .trim_end_matches('/')
        .to_owned();
    // The status after build `since` (long-polled, as the page does).
    let status = |since: i64| -> serde_json::Value {
        let mut s = std::net::TcpStream::connect(&addr).expect("connects");
        write!(
            s,
            "GET /__whatsnew/status?since={since} HTTP/1.0\r\nHost: {addr}\r\n\r\n"
        )
        .expect("writes");
        let mut response = String::new();
        s.read_to_string(&mut response).expect("reads");
        let body = response.split("\r\n\r\n").nth(1).unwrap_or_default();
        serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {response}"))
    };
    let start = status(-1);
    let version = start["version"].as_i64().unwrap_or_default();

    let file = dir.path().join("instant-search.md");
    let text = fs::read_to_string(&file).expect("example");
    fs::write(
        &file,
        text.replace(
            "Find any invoice in seconds",
            "Find any invoice before your coffee cools",
        ),
    )
    .expect("edit");
    let edited = status(version);

    fs::write(
        dir.path().join("whatsnew.toml"),
        "[traits]\nrole = \"string\"\n[audiences]\nadmins = 'role == 1'\n[lint.rules]\nno-such = \"deny\"\n",
    )
    .expect("break the config");
    let broken = status(edited["version"].as_i64().unwrap_or_default());
    let _ = child.kill();
    let _ = child.wait();

    assert_eq!(start["errors"], 0, "{start}");
    assert_eq!(edited["errors"], 0, "{edited}");
    assert_eq!(
        edited["edited"],
        serde_json::json!(["instant-search"]),
        "{edited}"
    );
    assert_eq!(broken["errors"], 2, "{broken}");
    let places: Vec<String> = broken["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            format!(
                "{}:{}:{} {} ({})",
                d["file"]
                    .as_str()
                    .unwrap_or_default()
                    .rsplit('/')
                    .next()
                    .unwrap_or_default(),
                d["line"],
                d["column"],
                d["message"].as_str().unwrap_or_default(),
                d["help"].as_str().is_some()
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            "whatsnew.toml:4:19 audience `admins`: `role` is text, this value is a number (true)",
            "whatsnew.toml:6:1 unknown lint rule `no-such` (true)",
        ]
    );
}

/// `whatsnew check --explain | head -1`: a reader that goes away early is not an error (it was a
/// panic message and exit 101).
#[test]
fn a_closed_stdout_ends_quietly() {
    for args in [&["check", "--explain"][..], &["schema", "front-matter"][..]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_whatsnew"))
            .args(args)
            .current_dir(fixtures())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("runs");
        // The reading end closes before the first line is written.
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("ends");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(!text(&out.stderr).contains("panicked"), "{args:?}");
    }
}
