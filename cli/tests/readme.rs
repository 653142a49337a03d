//! The README's examples work as written: its whatsnew.toml snippets and example announcement
//! check clean together, and the sections issue 14 asked for are there.

mod common;

use common::{project, text, whatsnew};
use std::path::Path;

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md"))
        .expect("README.md")
}

/// Fenced blocks of one language, in order.
fn blocks<'a>(text: &'a str, lang: &str) -> Vec<&'a str> {
    let fence = format!("```{lang}\n");
    text.split(fence.as_str())
        .skip(1)
        .filter_map(|b| b.split("```").next())
        .collect()
}

/// Protects the README's author examples from drifting away from what the compiler accepts.
#[test]
fn readme_examples_check_clean() {
    let readme = readme();
    let config = blocks(&readme, "toml").join("\n");
    let announcement = blocks(&readme, "markdown")[0];
    let fr = "---\nbenefit: Remettez un trimestre entier à votre comptable\ncta:\n  label: Exporter ce trimestre\n  url: /reports/export\n---\nChoisissez une période.\n";
    let de = "---\nbenefit: Ein ganzes Quartal in einem Download\ncta:\n  label: Quartal exportieren\n  url: /reports/export\n---\nZeitraum wählen.\n";
    let dir = project(&[
        ("whatsnew.toml", &config),
        ("bulk-export.md", announcement),
        ("bulk-export.fr.md", fr),
        ("bulk-export.de.md", de),
    ]);
    let out = whatsnew(&["check", "--deny", "warnings"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

/// Issue 14, item 11: an embedder finds the CSP line, theming, state and unread, traits and
/// the user id; the bench details are one link away.
#[test]
fn readme_has_the_embed_section() {
    let readme = readme();
    for needle in [
        "## Embed",
        "script-src 'self' 'wasm-unsafe-eval'",
        "--whatsnew-accent",
        "--whatsnew-bg",
        "--whatsnew-fg",
        "--whatsnew-muted",
        "--whatsnew-line",
        "--whatsnew-radius",
        "--whatsnew-font",
        "data-theme=\"auto\"",
        "whatsnew:1:<bundle id>:<user id or anonymous>",
        "unread badge counts",
        "data-traits",
        "WhatsNew.identify(",
        "data-user",
        "**Audiences**",
        "**Pages**",
        "**Translations**",
        "(docs/performance.md)",
    ] {
        assert!(readme.contains(needle), "README lacks {needle:?}");
    }
    let perf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/performance.md");
    assert!(std::fs::read_to_string(perf).is_ok_and(|p| p.contains("| whatsnew, one script tag |")));
    assert!(readme.lines().count() < 170, "the README stays short");
}
