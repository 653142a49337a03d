//! `whatsnew report` over a fixed set of event files (`fixtures/events`: two days, one of them
//! gzipped, with malformed lines, retried duplicates and another bundle's event mixed in):
//! every format is a snapshot, and the figures are checked against what the generator put in.

mod common;

use common::{fixtures, text, whatsnew};
use serde_json::Value;

fn report(format: &str) -> (String, String, bool) {
    let dir = fixtures().join("events");
    let out = whatsnew(
        &["report", ".", "--bundle", "bundle.json", "--format", format],
        &dir,
    );
    (text(&out.stdout), text(&out.stderr), out.status.success())
}

#[test]
fn table_csv_and_json_snapshots() {
    for format in ["table", "csv", "json"] {
        let (stdout, stderr, ok) = report(format);
        assert!(ok, "{stderr}");
        insta::assert_snapshot!(format!("report_{format}"), stdout);
        insta::assert_snapshot!("report_stderr", stderr);
    }
}

/// The counts equal what the fixture holds: 1,174 events written, 2 retried twice, 3 lines
/// broken, 1 from another bundle; the guide's funnel is 120 → 90 → 50. One is a popup closed by
/// its call to action (`dismiss` with reason `cta`): not a dismissal. The goal compares 161
/// exposed and 40 held-back users: `u-both` (exposed, then held back elsewhere) is left out,
/// `u-late` (exposed a day before the last event) is counted and said to be still in its
/// window. `anon-5f3a9c`
/// saw the popup, then signed in as `u-signed` (whose exposure names it as `alias`) and reached
/// the goal: one person reached, exposed once, and the goal counts.
#[test]
fn figures_match_the_ground_truth() {
    let (stdout, _, _) = report("json");
    let r: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(r["totals"]["events"], 1174);
    assert_eq!(r["totals"]["duplicates"], 2);
    assert_eq!(r["totals"]["malformed"], 3);
    assert_eq!(r["other_bundle"], 1);
    let ann = |id: &str| {
        r["announcements"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .unwrap()
            .clone()
    };
    let guide = ann("setup-guide");
    let funnel: Vec<u64> = guide["funnel"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["users"].as_u64().unwrap())
        .collect();
    assert_eq!(funnel, [120, 90, 50]);
    assert_eq!(guide["completed_users"], 50);
    let bulk = ann("bulk-export");
    assert_eq!(bulk["users_reached"], 161);
    // 37 closed or Escaped; the popup closed by its call to action is not among them.
    assert!(include_str!("fixtures/events/events-2026-12-01.jsonl")
        .contains(r#""type":"dismiss","reason":"cta","announcement":"bulk-export""#));
    assert_eq!(bulk["dismisses"], 37);
    assert_eq!(bulk["dismissed_users"], 37);
    assert_eq!(bulk["goal"]["exposed"]["users"], 162);
    assert_eq!(bulk["goal"]["exposed"]["reached"], 47);
    assert_eq!(bulk["goal"]["holdout"]["users"], 40);
    assert_eq!(bulk["goal"]["both_groups"], 1);
    assert_eq!(bulk["goal"]["pending"], 1);
    // Announcements nobody saw are listed too, from the bundle.
    assert_eq!(ann("dark-mode")["users_reached"], 0);
}

/// The HTML page is self-contained: no scripts, nothing fetched, light and dark, every chart
/// titled for screen readers.
#[test]
fn html_is_one_self_contained_accessible_file() {
    let (html, stderr, ok) = report("html");
    assert!(ok, "{stderr}");
    assert!(html.starts_with("<!doctype html>"));
    assert!(!html.contains("<script"));
    assert!(!html.contains("src="));
    assert!(!html.contains("href="));
    assert!(html.contains("prefers-color-scheme: dark"));
    assert_eq!(
        html.matches("<svg role=\"img\" aria-labelledby=").count(),
        html.matches("<svg").count()
    );
    assert!(html.contains("the announcement helped"));
    std::fs::create_dir_all(concat!(env!("CARGO_MANIFEST_DIR"), "/../target/report")).ok();
    std::fs::write(
        concat!(env!("CARGO_MANIFEST_DIR"), "/../target/report/fixture.html"),
        &html,
    )
    .ok();
}

#[test]
fn missing_files_and_bad_bundles_are_clear_errors() {
    let dir = fixtures().join("events");
    let out = whatsnew(&["report", "nope.jsonl"], &dir);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("nope.jsonl"),
        "{}",
        text(&out.stderr)
    );
    let out = whatsnew(
        &["report", ".", "--bundle", "events-2026-12-01.jsonl"],
        &dir,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("not a whatsnew bundle"));
}

/// The examples in docs/events.md are valid records: the widget can copy them.
#[test]
fn the_documented_examples_are_valid_events() {
    let docs =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/events.md")).unwrap();
    let lines: Vec<&str> = docs.lines().filter(|l| l.starts_with("{\"v\":1")).collect();
    assert_eq!(lines.len(), 3);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("events.jsonl"), lines.join("\n")).unwrap();
    let out = whatsnew(&["report", "events.jsonl", "--format", "json"], dir.path());
    let r: Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    assert_eq!(r["totals"]["events"], 3, "{}", text(&out.stderr));
    assert_eq!(r["totals"]["malformed"], 0);
    // Saved by an editor with a byte-order mark: the first line still counts.
    std::fs::write(
        dir.path().join("events.jsonl"),
        format!("\u{feff}{}", lines.join("\n")),
    )
    .unwrap();
    let out = whatsnew(&["report", "events.jsonl", "--format", "json"], dir.path());
    let r: Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    assert_eq!(r["totals"]["events"], 3, "{}", text(&out.stderr));
    assert_eq!(r["totals"]["malformed"], 0);
    // A bundle from a newer whatsnew is named as such, not as a missing field.
    std::fs::write(
        dir.path().join("new.json"),
        "{\"version\":\"99.0\",\"id\":\"x\"}",
    )
    .unwrap();
    let out = whatsnew(
        &["report", "events.jsonl", "--bundle", "new.json"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("bundle version 99.0"),
        "{}",
        text(&out.stderr)
    );
}

/// A `.gz` cut short (still being written, or a disk that filled) costs only its own tail: it
/// is named with a warning, what was read of it counts, and the other files are read. It used
/// to end the whole report with no output.
#[test]
fn a_truncated_gz_is_named_and_the_rest_is_counted() {
    let dir = std::env::temp_dir().join(format!("whatsnew-truncated-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let events = fixtures().join("events");
    std::fs::copy(
        events.join("events-2026-12-01.jsonl"),
        dir.join("events-2026-12-01.jsonl"),
    )
    .unwrap();
    let gz = std::fs::read(events.join("events-2026-12-02.jsonl.gz")).unwrap();
    std::fs::write(dir.join("events-2026-12-02.jsonl.gz"), &gz[..gz.len() / 2]).unwrap();
    let out = whatsnew(&["report", ".", "--format", "json"], &dir);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("events-2026-12-02.jsonl.gz")
            && stderr.contains("the events before that point are counted"),
        "{stderr}"
    );
    let r: Value = serde_json::from_str(&stdout).unwrap();
    let (all, _, _) = report("json");
    let all: Value = serde_json::from_str(&all).unwrap();
    let (part, whole) = (
        r["totals"]["events"].as_u64().unwrap(),
        all["totals"]["events"].as_u64().unwrap(),
    );
    assert!(part > 600 && part < whole, "{part} of {whole} events read");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Protects goal windows from a device whose clock is ahead: one event dated 2100 used to make
/// every window look closed (the report judged them as of the latest event), so users who may
/// yet reach the goal counted as not reaching it. It is counted, said, and windows are judged
/// as of the report's time (`SOURCE_DATE_EPOCH` here, the clock otherwise).
#[test]
fn an_event_from_a_clock_ahead_does_not_close_goal_windows() {
    let dir = tempfile::tempdir().unwrap();
    let events = fixtures().join("events");
    for f in [
        "events-2026-12-01.jsonl",
        "events-2026-12-02.jsonl.gz",
        "bundle.json",
    ] {
        std::fs::copy(events.join(f), dir.path().join(f)).unwrap();
    }
    let latest: i64 = std::fs::read_to_string(events.join("events-2026-12-01.jsonl"))
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok()?["at"].as_i64())
        .max()
        .unwrap();
    let mut day = std::fs::read_to_string(dir.path().join("events-2026-12-01.jsonl")).unwrap();
    day += "{\"v\":1,\"id\":\"e-future\",\"type\":\"impression\",\"announcement\":\"bulk-export\",\"surface\":\"popup\",\"user\":\"u-clock\",\"at\":4102444800000,\"bundle\":\"ledgerly\"}\n";
    std::fs::write(dir.path().join("events-2026-12-01.jsonl"), day).unwrap();
    let run = |format: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_whatsnew"))
            .args(["report", ".", "--bundle", "bundle.json", "--format", format])
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            // A day after the last fixture event of the first file.
            .env("SOURCE_DATE_EPOCH", (latest / 1000 + 86_400).to_string())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let r: Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(r["future"], 1, "{r}");
    let (base, _, _) = report("json");
    let base: Value = serde_json::from_str(&base).unwrap();
    let pending = |r: &Value| {
        r["announcements"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == "bulk-export")
            .unwrap()["goal"]["pending"]
            .clone()
    };
    assert_eq!(pending(&r), pending(&base));
    assert_eq!(pending(&r), 1);
    let table = run("table");
    assert!(
        table
            .lines()
            .next()
            .unwrap()
            .contains("1 dated in the future"),
        "{table}"
    );
}
