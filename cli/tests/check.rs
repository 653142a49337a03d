//! `whatsnew check` as users and CI run it: every rule's output, formats, exit codes, and the
//! benefit-first corpus. Update snapshots with `INSTA_UPDATE=always cargo test -p whatsnew-cli`.

mod common;

use common::{fixtures, project, text, whatsnew};

/// Protects every writing and delivery rule's message, position and hint.
#[test]
fn every_rule_reports_with_positions() {
    let out = whatsnew(&["check", "lint"], &fixtures());
    assert_eq!(
        out.status.code(),
        Some(1),
        "publish-after-expire is an error"
    );
    insta::assert_snapshot!("check_lint_human", text(&out.stderr));
}

/// The error-level codes the other fixtures do not reach.
#[test]
fn remaining_error_codes() {
    let out = whatsnew(&["check", "more-errors"], &fixtures());
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("check_more_errors", text(&out.stderr));
}

/// Readability and unfinished templates, which the main fixture allows or lacks.
#[test]
fn readability_and_todos() {
    let dir = project(&[(
        "dense.md",
        "---\nbenefit: Reconcile accounts automatically\npublished: 2026-01-01\n---\nComprehensive institutional reconciliation functionality necessitates multidimensional organizational considerations. Sophisticated administrative infrastructure facilitates interdepartmental communication. Additionally, configurable authorization hierarchies substantially accelerate procedural standardization. Consequently, organizational accountability mechanisms demonstrate considerably improved operational effectiveness. TODO link the docs.\n",
    )]);
    let out = whatsnew(&["check", "."], dir.path());
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("check_readability_todo", text(&out.stderr));
}

/// A body that starts with a character of several bytes (a gitmoji, "Über") is pointed at
/// whole: a rule that pointed at its first byte made the renderer panic, and `check` and
/// `build` with it (a trial of FastAPI's release notes).
#[test]
fn findings_at_a_character_of_several_bytes() {
    let long = "Fix unhandled growing memory for internal server errors, refactor dependencies with yield and except to require raising again as in regular Python, and document the consequences of this substantial modification.";
    let files = [
        ("emoji.md", format!("---\nbenefit: Keep memory flat when your server hits errors\npublished: 2024-02-24\n---\n🐛 {long}\n")),
        ("umlaut.md", format!("---\nbenefit: Keep memory flat when your server errs\npublished: 2024-02-24\n---\nÜber {long}\n")),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(n, c)| (*n, c.as_str())).collect();
    let dir = project(&files);
    let out = whatsnew(&["check", "."], dir.path());
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(
        stderr.matches("warning[reading-grade]").count(),
        2,
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("warning[long-sentence]").count(),
        2,
        "{stderr}"
    );
    assert!(
        stderr.contains("emoji.md:5:1") && stderr.contains("umlaut.md:5:1"),
        "{stderr}"
    );
    let out = whatsnew(&["build", ".", "--out-dir", "out"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

/// What a session of adversarial inputs found (2026-12-05): each is reported where it is, with
/// the right code, and the other files are still checked.
#[test]
fn odd_inputs_are_reported_where_they_are() {
    let head = "---\nbenefit: Find any invoice in seconds\npublished: 2026-12-05\n";
    let files: Vec<(String, Vec<u8>)> = vec![
        (
            "whatsnew.toml".into(),
            b"[lint]\njargon = [\"synergy\"]\n".to_vec(),
        ),
        // Only a zero-width space and spaces: nothing a reader sees.
        (
            "invisible.md".into(),
            "---\nbenefit: \" \u{200B} \"\npublished: 2026-12-05\n---\nBody.\n".into(),
        ),
        // A Latin-1 byte on line 5: said there, the others still checked.
        (
            "latin1.md".into(),
            [head.as_bytes(), b"---\nCaf\xe9 export.\n"].concat(),
        ),
        // Old Mac line breaks.
        (
            "cr.md".into(),
            head.replace('\n', "\r")
                .into_bytes()
                .into_iter()
                .chain(b"---\rBody text here.\r".iter().copied())
                .collect(),
        ),
        // A key written twice: at the second.
        (
            "twice.md".into(),
            format!("{head}feature: Search\nbenefit: Find invoices fast\n---\nBody.\n")
                .into_bytes(),
        ),
        // A key written twice in a nested mapping: at the second.
        ("nested.md".into(), format!("{head}cta:\n  label: Search your invoices\n  label: Other label\n  url: /invoices\n---\nBody.\n").into_bytes()),
        // A flow mapping's label.
        (
            "flow.md".into(),
            format!("{head}cta: {{label: Learn more, url: /invoices}}\n---\nBody.\n").into_bytes(),
        ),
        // A NUL in a value.
        (
            "nul.md".into(),
            "---\nbenefit: Find any\u{0}invoice\npublished: 2026-12-05\n---\nBody.\n"
                .to_string()
                .into_bytes(),
        ),
        // A complex key.
        (
            "complex.md".into(),
            format!("{head}? [a, b]\n: c\n---\nBody.\n").into_bytes(),
        ),
        // A pitch that is not text; a number too large.
        (
            "pitch.md".into(),
            format!("{head}sales: {{who: Firms, pitch: [1, 2]}}\n---\nBody.\n").into_bytes(),
        ),
        (
            "huge.md".into(),
            format!("{head}priority: 99999999999999999999\n---\nBody.\n").into_bytes(),
        ),
        // Turkish İ before a changelog phrase: the phrase is quoted as written.
        (
            "turkish.md".into(),
            "---\nbenefit: İİİİİİ Bug fixes and improvements\npublished: 2026-12-05\n---\nBody.\n"
                .into(),
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in &files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let out = whatsnew(&["check", ".", "--format", "json"], dir.path());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    let found: Vec<(String, String, u64, u64, String)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"]
                    .as_str()
                    .unwrap_or("")
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .to_owned(),
                d["code"].as_str().unwrap_or("").to_owned(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap_or("").to_owned()
                    + " | "
                    + d["label"].as_str().unwrap_or(""),
            )
        })
        .collect();
    let has = |file: &str, code: &str, line: u64, col: u64| {
        found
            .iter()
            .any(|f| f.0 == file && f.1 == code && f.2 == line && (col == 0 || f.3 == col))
    };
    for (file, code, line, col) in [
        ("invisible.md", "empty-field", 2, 0),
        ("latin1.md", "not-utf8", 5, 4),
        ("twice.md", "front-matter-syntax", 5, 1),
        ("nested.md", "front-matter-syntax", 6, 3),
        ("flow.md", "vague-cta", 4, 0),
        ("nul.md", "front-matter-syntax", 2, 18),
        ("complex.md", "front-matter-syntax", 4, 1),
        ("pitch.md", "invalid-field", 4, 0),
        ("huge.md", "front-matter-syntax", 0, 0),
    ] {
        assert!(
            if line == 0 {
                found.iter().any(|f| f.0 == file && f.1 == code)
            } else {
                has(file, code, line, col)
            },
            "{file}: {code} at {line}:{col}; found {found:#?}"
        );
    }
    assert!(
        !found
            .iter()
            .any(|f| f.0 == "cr.md" && f.4.contains("front matter")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|f| f.0 == "huge.md" && f.4.contains("too large") && !f.4.contains("u128")),
        "{found:#?}"
    );
    let turkish = found
        .iter()
        .find(|f| f.0 == "turkish.md" && f.1 == "feature-first-headline")
        .expect("flagged");
    assert_eq!((turkish.2, turkish.3), (2, 17), "{turkish:?}");
    // A body that is only a code block has a body; a direction override in a headline is
    // not printed raw to the terminal; a CRLF file's snippet has no CR.
    std::fs::write(dir.path().join("code.md"), "---\nbenefit: Run one command to export\npublished: 2026-12-05\n---\n```\nwhatsnew export --all\n```\n").unwrap();
    std::fs::write(dir.path().join("rlo.md"), "---\r\nbenefit: \"Export \u{202E}fdp.exe\"\r\npublished: 2026-12-05\r\nfeature: Export\r\ncta:\r\n  label: Learn more\r\n  url: /x\r\n---\r\nBody.\r\n").unwrap();
    let out = whatsnew(&["check", "."], dir.path());
    let stderr = text(&out.stderr);
    assert!(!stderr.contains("code.md:4"), "{stderr}");
    assert!(
        !stderr.contains('\u{202E}') && !stderr.contains('\r'),
        "{stderr:?}"
    );
    assert!(stderr.contains("rlo.md:"), "{stderr}");
    // A ticket pattern that matches empty text: at its key.
    std::fs::write(
        dir.path().join("whatsnew.toml"),
        "[lint]\nticket_patterns = [\"\\\\d*\"]\n",
    )
    .unwrap();
    let out = whatsnew(&["check", "."], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("whatsnew.toml:2:1"),
        "{}",
        text(&out.stderr)
    );
    // The empty word: a config error at the list, not a hang.
    std::fs::write(
        dir.path().join("whatsnew.toml"),
        "[lint]\njargon = [\"synergy\", \"\"]\n",
    )
    .unwrap();
    let out = whatsnew(&["check", "."], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("whatsnew.toml:2:22"),
        "{}",
        text(&out.stderr)
    );
}

/// A translation named `x.pt-br.md` for a configured `pt-BR`: the hint is to rename the
/// file, not to configure a locale that is already there.
#[test]
fn a_locale_in_another_case_is_a_rename() {
    let dir = project(&[
        (
            "whatsnew.toml",
            "[locales]\ndefault = \"en\"\nothers = [\"pt-BR\"]\n",
        ),
        (
            "x.md",
            "---\nbenefit: Find any invoice in seconds\npublished: 2026-12-05\n---\nBody.\n",
        ),
        (
            "x.pt-br.md",
            "---\nbenefit: Encontre qualquer fatura\n---\nCorpo.\n",
        ),
    ]);
    let out = whatsnew(&["check", "."], dir.path());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("name the file `x.pt-BR.md`"), "{stderr}");
}

/// Issue numbers, handles and addresses after an imported entry are not words a reader
/// reads: 25 words and ten references are not a long sentence; 31 words are.
#[test]
fn long_sentences_count_words_not_references() {
    let words = "Pick a date range in Reports and download every invoice in it as one file that your accountant can open in any spreadsheet app today";
    let refs = "#6411, #6412, #6413, #6414, #6415, #6416, @alice, @bob, https://x.test/a, (#6417)";
    let files = [
        ("refs.md", format!("---\nbenefit: Download a quarter at once\npublished: 2024-02-24\n---\n{words} {refs}.\n")),
        ("long.md", format!("---\nbenefit: Download a quarter at once\npublished: 2024-02-24\n---\n{words} or any other tool of your choice.\n")),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(n, c)| (*n, c.as_str())).collect();
    let dir = project(&files);
    let out = whatsnew(&["check", "."], dir.path());
    let stderr = text(&out.stderr);
    assert!(!stderr.contains("refs.md:5"), "{stderr}");
    assert!(stderr.contains("a sentence of 32 words"), "{stderr}");
}

/// Each kind of feature-first headline says which words read as the feature and proposes a
/// rewrite from the file's own words (real headlines from the corpus).
#[test]
fn feature_first_findings_explain_and_suggest() {
    let file = |benefit: &str, body: &str| {
        format!("---\nbenefit: \"{benefit}\"\npublished: 2026-01-01\n---\n{body}\n")
    };
    let files = [
        ("a-name.md", file("Dark mode support", "Dark mode follows your system setting.")),
        ("b-subject.md", file("Benchmark filters can now be regular expressions", "Pass a regex to run only the benchmarks you want.")),
        ("c-fix.md", file("Fixed rare panic in the plotters backend", "Plots no longer crash.")),
        ("d-release.md", file("Status Page Badge (v2)", "A smaller badge.")),
        ("e-label.md", file("Smart Inbox — your messages, sorted", "Messages are sorted by who needs you.")),
        ("f-arrival.md", file("Multi-Cloud is here", "Your monitors run from three clouds, so you can tell an outage from a provider's hiccup.")),
        ("g-fine.md", file("Cancel in-progress deployments", "Stop a deployment from its page.")),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(n, c)| (*n, c.as_str())).collect();
    let dir = project(&files);
    let out = whatsnew(&["check", "."], dir.path());
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("check_feature_first_findings", text(&out.stderr));
}

/// The JSON format is stable for CI and editors.
#[test]
fn json_format() {
    let out = whatsnew(&["check", "lint", "--format", "json"], &fixtures());
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON on stdout");
    insta::assert_snapshot!(
        "check_lint_json",
        serde_json::to_string_pretty(&v).expect("serialisable")
    );
}

/// Exit codes: 0 clean, 0 with only warnings, 1 under `--deny warnings`, 2 for usage mistakes.
#[test]
fn exit_codes() {
    let clean = whatsnew(&["check", "good"], &fixtures());
    assert_eq!(clean.status.code(), Some(0), "{}", text(&clean.stderr));
    assert_eq!(text(&clean.stderr), "checked 2 files: no problems\n");

    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("a.md"),
        "---\nbenefit: We added bulk export\npublished: 2026-01-01\n---\nBody text here.\n",
    )
    .expect("write");
    let warned = whatsnew(&["check", "."], dir.path());
    assert_eq!(warned.status.code(), Some(0), "warnings alone pass");
    let denied = whatsnew(&["check", ".", "--deny", "warnings"], dir.path());
    assert_eq!(denied.status.code(), Some(1), "--deny warnings fails");
    insta::assert_snapshot!("check_deny_warnings", text(&denied.stderr));

    let bad = whatsnew(&["check", ".", "--deny", "everything"], dir.path());
    assert_eq!(bad.status.code(), Some(2));
}

/// Found by a new user's trial on real release notes (2026-12-04): with `default = "fr"` every
/// French headline was "feature-first" (the word lists are English); a Playwright selector and
/// a pseudo-element passed as anchors.
#[test]
fn a_french_project_and_selectors_browsers_cannot_match() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("whatsnew.toml"),
        "[locales]\ndefault = \"fr\"\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("facture.md"),
        "---\nbenefit: Retrouvez chaque facture en quelques secondes\npublished: 2026-01-01\n---\nCherchez par montant.\n",
    )
    .expect("write");
    let out = whatsnew(&["check", "."], dir.path());
    assert_eq!(text(&out.stderr), "checked 1 file: no problems\n");
    for (anchor, why) in [
        (
            "button:has-text('Accounts')",
            "pseudo-class CSS does not have",
        ),
        ("'#account-menu::after'", "pseudo-element"),
    ] {
        std::fs::write(
            dir.path().join("facture.md"),
            format!("---\nbenefit: Retrouvez chaque facture\npublished: 2026-01-01\ndisplay: tooltip\nanchor: {anchor}\n---\nCherchez par montant.\n"),
        )
        .expect("write");
        let out = whatsnew(&["check", "."], dir.path());
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains("warning[invalid-anchor]") && stderr.contains(why),
            "{stderr}"
        );
        assert!(stderr.contains("facture.md:5:"), "at the anchor: {stderr}");
    }
}

/// From the same trial: a body that is one screenshot is not empty, and a CVE id in a security
/// notice is not a ticket id (with `init`'s default patterns).
#[test]
fn an_image_body_and_a_cve_id_are_fine() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("whatsnew.toml"),
        "[lint]\nticket_patterns = ['[A-Z]{2,}-\\d+']\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("shot.md"),
        "---\nbenefit: See every invoice's status at a glance\npublished: 2026-01-01\n---\n![The invoice list with status colours](/img/list.png)\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("patch.md"),
        "---\nbenefit: Keep your server safe with the 4.1.3 security fixes\npublished: 2026-01-01\n---\nUpdate now: this release fixes CVE-2023-36460 and one issue tracked as OPS-12. Files stay UTF-8, checksums SHA-256, dates ISO-8601, answers from GPT-4.\n",
    )
    .expect("write");
    let out = whatsnew(&["check", "."], dir.path());
    let stderr = text(&out.stderr);
    assert!(!stderr.contains("empty-body"), "{stderr}");
    assert!(!stderr.contains("`CVE-2023"), "{stderr}");
    // Standards and models customers know are names, not tickets (a trial's false alarms).
    for name in ["UTF-8", "SHA-256", "ISO-8601", "GPT-4"] {
        assert!(!stderr.contains(&format!("`{name}`")), "{name}: {stderr}");
    }
    assert!(
        stderr.contains("`OPS-12` looks like a ticket id"),
        "{stderr}"
    );
}

/// `--explain` lists every rule, and explains one.
#[test]
fn explain_rules() {
    let all = whatsnew(&["check", "--explain"], &fixtures());
    assert_eq!(all.status.code(), Some(0));
    insta::assert_snapshot!("check_explain_all", text(&all.stdout));
    let one = whatsnew(&["check", "--explain", "vague-cta"], &fixtures());
    insta::assert_snapshot!("check_explain_vague_cta", text(&one.stdout));
    let headline = whatsnew(
        &["check", "--explain", "feature-first-headline"],
        &fixtures(),
    );
    insta::assert_snapshot!("check_explain_feature_first", text(&headline.stdout));
    let unknown = whatsnew(&["check", "--explain", "no-such-rule"], &fixtures());
    assert_eq!(unknown.status.code(), Some(2));
}

/// A broken whatsnew.toml is reported at its line, and stops everything.
#[test]
fn config_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("whatsnew.toml"),
        "product = \"X\"\ncolour = 1\n[audiences]\nadmins = 'role = \"admin\"'\n",
    )
    .expect("write");
    let out = whatsnew(&["check", "."], dir.path());
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("check_config_unknown_key", text(&out.stderr));
    std::fs::write(dir.path().join("whatsnew.toml"), "[traits]\nrole = \"string\"\n[audiences]\nadmins = 'role == 1'\n[lint.rules]\nno-such = \"deny\"\n").expect("write");
    let out = whatsnew(&["check", "."], dir.path());
    insta::assert_snapshot!("check_config_bad_rule", text(&out.stderr));
    // Both durations are checked, each at its own key, in one run.
    std::fs::write(
        dir.path().join("whatsnew.toml"),
        "[pacing]\nmin_gap = \"soon\"\n[guides]\nanchor_wait = \"later\"\n",
    )
    .expect("write");
    let out = whatsnew(&["check", "."], dir.path());
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("check_config_bad_durations", text(&out.stderr));
}

/// The benefit-first rule on the labelled corpus of real headlines (`core/src/lint/headlines.tsv`),
/// through the real `check`: prints, per split (train, dev, test, and `fresh`, scored once after
/// the rule was settled), recall on feature-first headlines and the false-alarm rate on
/// benefit-first ones, and keeps the test split's figures from getting worse. Each product's
/// headlines are one project (a folder checked on its own), as its team would write them: a
/// headline is judged in the voice of its project's others.
#[test]
fn benefit_first_corpus() {
    let corpus = include_str!("../../core/src/lint/headlines.tsv");
    let dir = tempfile::tempdir().expect("temp dir");
    // (file, label, split, headline), the file as product/hNNN.md
    let mut items = Vec::new();
    let mut clear = std::collections::BTreeSet::new();
    for (i, line) in corpus
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .enumerate()
    {
        let cols: Vec<&str> = line.split('\t').collect();
        assert!(
            cols.len() >= 5,
            "corpus line {i} has too few columns: {line}"
        );
        let (label, split, product, headline, feature) =
            (cols[0], cols[1], cols[2], cols[3], cols[4]);
        let file = format!("{product}/h{i:03}.md");
        // Column 7 is a second, blind labelling: lines where both agree are the clear ones.
        if cols.get(6) == Some(&label) {
            clear.insert(file.clone());
        }
        let quote = |s: &str| format!("'{}'", s.replace('\'', "''"));
        let feature = if feature.is_empty() {
            String::new()
        } else {
            format!("feature: {}\n", quote(feature))
        };
        std::fs::create_dir_all(dir.path().join(product)).expect("product folder");
        std::fs::write(
            dir.path().join(&file),
            format!(
                "---\nbenefit: {}\n{feature}published: 2026-01-01\n---\nA short body that explains it.\n",
                quote(headline)
            ),
        )
        .expect("write");
        items.push((
            file,
            label.to_owned(),
            split.to_owned(),
            headline.to_owned(),
        ));
    }
    let mut products: Vec<&str> = items
        .iter()
        .filter_map(|i| i.0.split_once('/'))
        .map(|p| p.0)
        .collect();
    products.sort_unstable();
    products.dedup();
    let mut flagged = std::collections::BTreeSet::new();
    for product in products {
        let out = whatsnew(
            &["check", ".", "--format", "json"],
            &dir.path().join(product),
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(v["errors"], 0, "every corpus file compiles");
        for d in v["diagnostics"].as_array().into_iter().flatten() {
            if d["code"] == "feature-first-headline" {
                if let Some(f) = d["file"].as_str() {
                    flagged.insert(format!("{product}/{}", f.trim_start_matches("./")));
                }
            }
        }
    }
    let mut goal = None;
    // Every split in the corpus, in the order it first appears there, the held-out test last.
    let mut splits: Vec<&str> = Vec::new();
    for (_, _, split, _) in &items {
        if !splits.contains(&split.as_str()) {
            splits.push(split);
        }
    }
    splits.sort_by_key(|s| *s == "test");
    for split in splits {
        let of = |label: &str| -> Vec<&(String, String, String, String)> {
            items
                .iter()
                .filter(|(_, l, s, _)| l == label && s == split)
                .collect()
        };
        let (f, b) = (of("F"), of("B"));
        let f_hit = f.iter().filter(|x| flagged.contains(&x.0)).count();
        let b_hit: Vec<&str> = b
            .iter()
            .filter(|x| flagged.contains(&x.0))
            .map(|x| x.3.as_str())
            .collect();
        let f_missed: Vec<&str> = f
            .iter()
            .filter(|x| !flagged.contains(&x.0))
            .map(|x| x.3.as_str())
            .collect();
        let recall = f_hit as f64 / f.len().max(1) as f64;
        let false_alarms = b_hit.len() as f64 / b.len().max(1) as f64;
        let precision = f_hit as f64 / (f_hit + b_hit.len()).max(1) as f64;
        let alarms = if b.is_empty() {
            "no benefit-first headlines".to_owned()
        } else {
            format!(
                "benefit-first flagged {}/{} (false alarms {:.1}%)",
                b_hit.len(),
                b.len(),
                100.0 * false_alarms
            )
        };
        println!(
            "{split:5}: feature-first flagged {f_hit}/{} (recall {:.1}%), {alarms}, precision {:.1}%",
            f.len(),
            100.0 * recall,
            100.0 * precision
        );
        if split != "test" {
            println!("       missed: {f_missed:?}\n       false alarms: {b_hit:?}");
        }
        if split == "test" {
            goal = Some((recall, false_alarms));
        }
        let on_clear = |xs: &[&(String, String, String, String)]| {
            let clear: Vec<_> = xs.iter().filter(|x| clear.contains(&x.0)).collect();
            let hit = clear.iter().filter(|x| flagged.contains(&x.0)).count();
            format!("{hit}/{}", clear.len())
        };
        println!(
            "       on the lines both labellers agree on: feature-first flagged {}, benefit-first flagged {}",
            on_clear(&f),
            on_clear(&b)
        );
    }
    let (recall, false_alarms) = goal.expect("a test split");
    // Issue 13's goal on test is recall >= 90% and false alarms <= 5%. The test split is the sixth
    // and seventh collections (25 products from Microsoft Teams to calibre, collected and labelled
    // on 2026-12-04 in three parts without running anything on them, the seventh also labelled a
    // second time blind); the earlier ones were scored or read before and are fitted on now.
    // Scored once per part, then a second time whole after the project's voice joined the model
    // (headlines.tsv's header has the figures per product and of every split before): rules and
    // model 87.7% (1566 of 1786) and 9.2% (40 of 433); 88.7% and 7.6% on the lines both labellers
    // agree on. The goal is missed; the bounds below keep today's figures from getting worse.
    println!(
        "goal on test (recall >= 90%, false alarms <= 5%): {}",
        if recall >= 0.90 && false_alarms <= 0.05 {
            "met"
        } else {
            "not met"
        }
    );
    assert!(
        recall >= 0.870,
        "recall on feature-first test headlines fell to {:.1}%",
        100.0 * recall
    );
    assert!(
        false_alarms <= 0.095,
        "false alarms on benefit-first test headlines rose to {:.1}%",
        100.0 * false_alarms
    );
}

/// `explain` runs the widget's selection for one user, page and moment, and says why not.
#[test]
fn explain_says_why() {
    let cases = [
        (
            "explain_hidden_by_window",
            vec![
                "explain",
                "popup",
                "lint",
                "--user",
                r#"{"role":"admin"}"#,
                "--url",
                "/invoices/42",
                "--at",
                "2026-11-10",
            ],
        ),
        (
            "explain_not_in_audience",
            vec![
                "explain",
                "popup",
                "lint",
                "--user",
                r#"{"role":"viewer"}"#,
                "--url",
                "/reports",
                "--at",
                "2026-11-10T12:00:00Z",
            ],
        ),
        (
            "explain_shown",
            vec![
                "explain",
                "clean",
                "lint",
                "--url",
                "/reports",
                "--at",
                "2026-11-20",
            ],
        ),
    ];
    for (name, args) in cases {
        let out = whatsnew(&args, &fixtures());
        assert_eq!(out.status.code(), Some(0), "{name}: {}", text(&out.stderr));
        insta::assert_snapshot!(name, text(&out.stdout));
    }
    let unknown = whatsnew(&["explain", "nope", "lint"], &fixtures());
    assert_eq!(unknown.status.code(), Some(2));
    insta::assert_snapshot!("explain_unknown_id", text(&unknown.stderr));
}

/// `explain --locale` says which text the widget shows a user with these languages: the
/// project's locale picked as the widget picks it, the translation or the default text.
#[test]
fn explain_shows_the_text_in_the_users_language() {
    let dir = project(&[
        ("whatsnew.toml", "[locales]\ndefault = \"en\"\nothers = [\"fr\", \"pt-BR\"]\n"),
        (
            "tour.md",
            "---\nbenefit: Close the quarter in two steps\npublished: 2026-11-02\ndisplay: guide\nsteps:\n  - title: Open your reports\n    body: Everything is here.\n  - title: Export it\n    body: One file.\n---\nA tour.\n",
        ),
        (
            "tour.fr.md",
            "---\nbenefit: Clôturez le trimestre en deux étapes\nsteps:\n  - title: Ouvrez vos rapports\n    body: Tout est là.\n  - title: Exportez-le\n    body: Un fichier.\n---\nUne visite.\n",
        ),
    ]);
    let run = |locale: &str| {
        let out = whatsnew(&["explain", "tour", "--locale", locale], dir.path());
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let fr = run("fr-CA");
    assert!(fr.contains("  locale: fr, its translation\n"), "{fr}");
    assert!(
        fr.contains("     headline: \"Clôturez le trimestre en deux étapes\"\n"),
        "{fr}"
    );
    assert!(fr.contains("step 2 of 2: \"Exportez-le\""), "{fr}");
    let pt = run("pt");
    assert!(
        pt.contains("  locale: pt-BR, not translated: its en text"),
        "{pt}"
    );
    assert!(pt.contains("step 1 of 2: \"Open your reports\""), "{pt}");
    let de = run("de, fr");
    assert!(
        de.contains("  locale: fr, its translation\n"),
        "a later preference: {de}"
    );
    let ja = run("ja");
    assert!(
        ja.contains("none of ja is in [locales] (en, fr, pt-BR): the default, en"),
        "{ja}"
    );
    assert!(!ja.contains("headline:"), "{ja}");
}

/// Regression: `explain` on a folder whose files do not compile said "no announcement `a`
/// ...; ids:" with an empty list; it shows the errors that stopped them.
#[test]
fn explain_shows_what_stopped_the_files_compiling() {
    let dir = project(&[(
        "a.md",
        "---\nbenefit: Find any invoice in seconds\npublished: [2026-11-02\n---\nBody.\n",
    )]);
    let out = whatsnew(&["explain", "a"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("explain_blocked_by_errors", text(&out.stderr));
    let empty = tempfile::tempdir().expect("temp dir");
    let out = whatsnew(&["explain", "a"], empty.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "error: no announcement `a`: . has no announcements\n"
    );
}

/// Regression: a number trait passed as text (`"seats": "12"`) failed every comparison
/// without a word; `explain --user` names the type expected, declared or used by a rule.
#[test]
fn explain_names_the_type_a_trait_needs() {
    let a = "---\nbenefit: Find any invoice in seconds\npublished: 2026-11-02\naudience: power\n---\nBody.\n";
    let inferred = project(&[
        ("whatsnew.toml", "[audiences]\npower = 'seats >= 5'\n"),
        ("a.md", a),
    ]);
    let declared = project(&[
        (
            "whatsnew.toml",
            "[traits]\nseats = \"number\"\nplan = \"string\"\n[audiences]\npower = 'seats >= 5'\n",
        ),
        ("a.md", a),
    ]);
    let cases = [
        (
            "explain_trait_from_rule",
            inferred.path(),
            r#"{"seats": "12"}"#,
        ),
        ("explain_trait_declared", declared.path(), r#"{"plan": 3}"#),
        ("explain_trait_null", declared.path(), r#"{"plan": null}"#),
    ];
    for (name, dir, user) in cases {
        let out = whatsnew(&["explain", "a", "--user", user], dir);
        assert_eq!(out.status.code(), Some(2), "{name}");
        insta::assert_snapshot!(name, text(&out.stderr));
    }
    let dir = inferred.path();
    let ok = whatsnew(
        &[
            "explain",
            "a",
            "--user",
            r#"{"seats": 12}"#,
            "--at",
            "2026-11-10",
        ],
        dir,
    );
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
}

/// Regression: with `--format json`, a broken whatsnew.toml, a missing folder or a usage
/// mistake wrote nothing to stdout, and CI parsing it failed on empty input. Every outcome is
/// one JSON document on stdout.
#[test]
fn json_format_for_every_outcome() {
    let broken = project(&[
        ("whatsnew.toml", "[locales]\nothers = \"fr\"\n"),
        (
            "a.md",
            "---\nbenefit: Find any invoice in seconds\npublished: 2026-11-02\n---\nBody.\n",
        ),
    ]);
    let cases: [(&str, &[&str], &std::path::Path, i32); 5] = [
        (
            "json_config_error",
            &["check", "--format", "json"],
            broken.path(),
            1,
        ),
        (
            "json_missing_folder",
            &["check", "no-such-folder", "--format", "json"],
            &fixtures(),
            1,
        ),
        (
            "json_usage_error",
            &["check", "--format=json", "--deny", "everything"],
            &fixtures(),
            2,
        ),
        (
            "json_unknown_rule",
            &["check", "--format", "json", "--explain", "no-such-rule"],
            &fixtures(),
            2,
        ),
        (
            "json_clean",
            &["check", "good", "--format", "json"],
            &fixtures(),
            0,
        ),
    ];
    for (name, args, dir, code) in cases {
        let out = whatsnew(args, dir);
        assert_eq!(
            out.status.code(),
            Some(code),
            "{name}: {}",
            text(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "{name}: stdout is not one JSON document ({e}): {:?}",
                text(&out.stdout)
            )
        });
        assert_eq!(v["ok"], code == 0, "{name}");
        insta::assert_snapshot!(
            name,
            serde_json::to_string_pretty(&v).expect("serialisable")
        );
    }
    let rule = whatsnew(
        &["check", "--format", "json", "--explain", "vague-cta"],
        &fixtures(),
    );
    let v: serde_json::Value = serde_json::from_slice(&rule.stdout).expect("JSON");
    assert_eq!(v["rules"][0]["code"], "vague-cta");
}

/// Issue 14's authoring surprises, each reported where it is: a translation into a locale that
/// is not configured (item 4), a misspelt required key (item 5), a GFM table, a footnote and a
/// tab in YAML (item 6), a `#123` ticket id (item 10).
#[test]
fn authoring_surprises_are_diagnostics() {
    let dir = project(&[
        ("whatsnew.toml", "[locales]\nothers = [\"de\"]\n[lint]\nticket_patterns = ['[A-Z]{2,}-\\d+', '\\B#\\d+\\b']\n"),
        ("export.md", "---\nbenefit: Hand your accountant a whole quarter in one download\npublished: 2026-11-02\n---\nPick a date range (fixes #123).\n"),
        ("export.de.md", "---\nbenefit: Ein ganzes Quartal in einem Download\n---\nZeitraum wählen.\n"),
        ("export.fr.md", "---\nbenefit: Un trimestre entier en un téléchargement\n---\nChoisissez une période.\n"),
        ("search.md", "---\nbenefit: Find any invoice in seconds\npublishd: 2026-11-02\n---\nType a name.\n"),
        ("plans.md", "---\nbenefit: See what each plan includes before you upgrade\npublished: 2026-11-02\n---\nCompare plans.\n\n| Plan | Seats |\n|---|---:|\n| Pro | 5 |\n\nExports are faster.[^1]\n\n[^1]: On 10,000 invoices.\n"),
        ("tabs.md", "---\nbenefit: Get paid on time without chasing clients\npublished: 2026-11-02\ncta:\n  label: Turn on reminders\n\turl: /settings\n---\nBody.\n"),
    ]);
    let out = whatsnew(&["check", "."], dir.path());
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("check_authoring_surprises", text(&out.stderr));
}

/// Regression: `--deny warnings` exited 1 while the summary read "0 errors, 1 warning": the
/// summary says that warnings were denied.
#[test]
fn deny_warnings_says_so() {
    let dir = project(&[(
        "a.md",
        "---\nbenefit: We added bulk export\npublished: 2026-01-01\n---\nBody text here.\n",
    )]);
    let denied = whatsnew(&["check", "--deny", "warnings"], dir.path());
    assert_eq!(denied.status.code(), Some(1));
    let stderr = text(&denied.stderr);
    assert!(
        stderr.ends_with("error: failed because warnings are denied (`--deny warnings`): 1 warning counted as errors\n"),
        "{stderr}"
    );
    let json = whatsnew(
        &["check", "--deny", "warnings", "--format", "json"],
        dir.path(),
    );
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(
        (v["ok"].clone(), v["deny_warnings"].clone()),
        (false.into(), true.into())
    );
}

/// Regression: `explain` gave a verdict ("not in `admin` ()", exit 0) for an announcement whose
/// audience whatsnew.toml does not define, which `check` rejects.
#[test]
fn explain_refuses_an_undefined_audience() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("whatsnew.toml"),
        "product = \"P\"\nid = \"p\"\n[audiences]\nadmins = 'role == \"admin\"'\n",
    )
    .expect("toml");
    std::fs::write(
        dir.path().join("export.md"),
        "---\nbenefit: Hand your accountant a whole quarter\npublished: 2026-10-28\naudience: admin\n---\nOne download.\n",
    )
    .expect("md");
    let out = whatsnew(
        &["explain", "export", ".", "--user", r#"{"role":"admin"}"#],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let err = text(&out.stderr);
    assert!(
        err.contains("unknown audience `admin`") && err.contains("cannot explain `export`"),
        "{err}"
    );
}
