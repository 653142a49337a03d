//! `init`, `new`, `completions` and `man`: what authors start with.

mod common;

use common::{text, whatsnew};
use std::path::Path;

/// A new project passes its own checks and builds; running init again overwrites nothing.
#[test]
fn init_writes_a_project_that_checks_clean() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = whatsnew(&["init", "site"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    insta::assert_snapshot!("init_stdout", text(&out.stdout));
    let mut files: Vec<String> = std::fs::read_dir(dir.path().join("site"))
        .expect("created")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "README.md",
            "instant-search.md",
            "payment-reminders.md",
            "whatsnew.toml"
        ]
    );

    let check = whatsnew(&["check", "site", "--deny", "warnings"], dir.path());
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    let out_dir = dir.path().join("out");
    let build = whatsnew(
        &[
            "build",
            "site",
            "--out-dir",
            out_dir.to_str().unwrap_or_default(),
        ],
        dir.path(),
    );
    assert_eq!(build.status.code(), Some(0), "{}", text(&build.stderr));
    let bundle = std::fs::read_to_string(out_dir.join("whatsnew.json")).expect("bundle");
    assert!(
        bundle.contains(r#""audiences":{"admins":"role == \"admin\""}"#),
        "{bundle}"
    );

    let again = whatsnew(&["init", "site"], dir.path());
    assert_eq!(again.status.code(), Some(2));
    assert!(
        text(&again.stderr).contains("already exist"),
        "{}",
        text(&again.stderr)
    );
}

/// `new` writes a template whose TODOs `check` flags, for every display.
#[test]
fn new_writes_a_template_check_flags_until_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert_eq!(whatsnew(&["init", "."], dir.path()).status.code(), Some(0));
    for display in ["feed", "popup", "tooltip", "guide"] {
        let slug = format!("my-{display}");
        let out = whatsnew(
            &["new", &slug, "--display", display, "--audience", "admins"],
            dir.path(),
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }
    let template = std::fs::read_to_string(dir.path().join("my-guide.md")).expect("written");
    let today = template
        .lines()
        .find(|l| l.starts_with("published:"))
        .unwrap_or_default()
        .to_owned();
    insta::assert_snapshot!(
        "new_guide_template",
        template.replace(&today, "published: [TODAY]")
    );
    let check = whatsnew(&["check", ".", "--format", "json"], dir.path());
    let v: serde_json::Value = serde_json::from_slice(&check.stdout).expect("json");
    let todos = v["diagnostics"].as_array().map_or(0, |d| {
        d.iter().filter(|d| d["code"] == "unfinished").count()
    });
    assert!(
        todos >= 4 * 4,
        "every template's TODOs are flagged: {todos}"
    );
    assert_eq!(v["errors"], 0, "a fresh template is valid: {v}");
    // Regression: the body placeholder ("Why it matters to the customer...") was not flagged.
    let body_line = template
        .lines()
        .position(|l| l.contains("why it matters to the customer"))
        .map(|i| i + 1);
    let flagged_body = v["diagnostics"].as_array().is_some_and(|d| {
        d.iter().any(|d| {
            d["code"] == "unfinished"
                && d["file"]
                    .as_str()
                    .is_some_and(|f| f.ends_with("my-guide.md"))
                && d["line"].as_u64().map(|l| l as usize) == body_line
        })
    });
    assert!(flagged_body, "the body placeholder is flagged: {v}");

    let exists = whatsnew(&["new", "my-feed"], dir.path());
    assert_eq!(exists.status.code(), Some(2));
    let bad = whatsnew(&["new", "My Feature!"], dir.path());
    assert_eq!(bad.status.code(), Some(2));
}

/// Completions and the man page come from the same definition as the CLI.
#[test]
fn completions_and_man_page() {
    let here = Path::new(".");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = whatsnew(&["completions", shell], here);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = text(&out.stdout);
        assert!(
            script.contains("whatsnew") && script.contains("explain") && script.contains("--deny"),
            "{shell}"
        );
    }
    let man = text(&whatsnew(&["man"], here).stdout);
    assert!(
        man.starts_with(".ie") && man.contains(".TH whatsnew 1"),
        "{man}"
    );
}

/// The schemas checked into `schema/` are what the CLI prints; regenerate them with
/// `whatsnew schema --write schema` after changing front matter, config or the bundle.
#[test]
fn checked_in_schemas_are_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for (kind, file) in [
        ("front-matter", "front-matter.schema.json"),
        ("config", "config.schema.json"),
        ("bundle", "bundle.schema.json"),
    ] {
        let out = whatsnew(&["schema", kind], &root);
        assert_eq!(out.status.code(), Some(0));
        let checked_in =
            std::fs::read_to_string(root.join("schema").join(file)).expect("schema file exists");
        assert_eq!(
            text(&out.stdout),
            checked_in,
            "schema/{file} is stale: run `whatsnew schema --write schema`"
        );
        let v: serde_json::Value = serde_json::from_str(&checked_in).expect("valid JSON");
        assert!(v["properties"].is_object(), "{file}");
    }
    let fm: serde_json::Value =
        serde_json::from_str(&text(&whatsnew(&["schema", "front-matter"], &root).stdout))
            .expect("json");
    // `published` is required in the default-locale file only: translations take it from there.
    assert_eq!(fm["required"], serde_json::json!(["benefit"]));
    assert_eq!(
        fm["additionalProperties"],
        serde_json::json!(false),
        "unknown keys are errors"
    );
}

/// Regression: the ticket patterns `init` writes missed GitHub-style `#123`.
#[test]
fn init_ticket_patterns_catch_hash_numbers() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert_eq!(whatsnew(&["init", "."], dir.path()).status.code(), Some(0));
    std::fs::write(
        dir.path().join("faster.md"),
        "---\nbenefit: Find any invoice in seconds\npublished: 2026-11-02\n---\nSearch is faster (#123, PAY-42); issue#7 and &#8212; are not tickets.\n",
    )
    .expect("write");
    let out = whatsnew(&["check", "--format", "json"], dir.path());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let tickets: Vec<&str> = v["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["code"] == "ticket-id")
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert_eq!(
        tickets,
        [
            "`#123` looks like a ticket id",
            "`PAY-42` looks like a ticket id"
        ]
    );
}
