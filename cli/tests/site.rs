//! One release, every party: the public changelog site and feeds, the internal brief, and
//! changelog import, as users run them on the demo content and on a real changelog.
//!
//! Snapshots live in `tests/snapshots/`; update them with
//! `INSTA_UPDATE=always cargo test -p whatsnew-cli` and review the diff.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;

use common::{project, text};

/// 2026-12-01, after every demo announcement: the site's "now", fixed for reproducible output.
const NOW: &str = "1796083200";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Runs `whatsnew` in `dir` at [`NOW`].
fn whatsnew_at(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_whatsnew"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", NOW)
        .output()
        .expect("the whatsnew binary runs")
}

/// Every file under `dir`, by relative path with `/`.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in fs::read_dir(dir).expect("readable folder") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p
                    .strip_prefix(root)
                    .expect("inside")
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, fs::read(&p).expect("readable file"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Builds the demo's changelog into a fresh folder.
/// `whatsnew <command> demo/content <out_flag> <a new temp folder> <extra>...`, in the repository.
fn on_demo(command: &str, out_flag: &str, extra: &[&str]) -> (tempfile::TempDir, Output) {
    let out = tempfile::tempdir().expect("temp dir");
    let mut args = vec![
        command,
        "demo/content",
        out_flag,
        out.path().to_str().expect("utf-8"),
    ];
    args.extend_from_slice(extra);
    let r = whatsnew_at(&args, &repo());
    (out, r)
}

fn demo_site() -> (tempfile::TempDir, Output) {
    let out = tempfile::tempdir().expect("temp dir");
    let site = out.path().join("site");
    let result = whatsnew_at(
        &[
            "build",
            "demo/content",
            "--site",
            site.to_str().expect("utf-8"),
        ],
        &repo(),
    );
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    (out, result)
}

/// Protects the public changelog of the demo content: every page and feed, byte for byte.
#[test]
fn demo_site_snapshots() {
    let (out, result) = demo_site();
    let stdout = text(&result.stdout).replace(out.path().to_str().unwrap_or_default(), "[OUT]");
    insta::assert_snapshot!("site_build_stdout", stdout);
    let files = tree(&out.path().join("site"));
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    insta::assert_snapshot!("site_files", names.join("\n"));
    for name in [
        "index.html",
        "bulk-export/index.html",
        "payment-reminders/index.html",
        "tags/reports/index.html",
        "fr/index.html",
        "fr/dark-mode/index.html",
        "feed.xml",
        "atom.xml",
        "fr/feed.xml",
        "feed.json",
    ] {
        let snap = format!("site_{}", name.replace(['/', '.'], "_"));
        insta::assert_snapshot!(snap, text(&files[name]));
    }
}

/// Protects what the public may see: the admins' banner is not listed (it has an audience and
/// no `public: true`); payment reminders are (marked public); no party's notes are on the site.
#[test]
fn only_public_announcements_reach_the_site_and_no_notes() {
    let (out, _) = demo_site();
    let files = tree(&out.path().join("site"));
    assert!(
        !files.keys().any(|k| k.contains("plan-update")),
        "{:?}",
        files.keys()
    );
    assert!(files.contains_key("payment-reminders/index.html"));
    for (name, bytes) in &files {
        let t = text(bytes);
        for secret in [
            "Confirming now locks",
            "QuickBooks, Xero",
            "Beta teams",
            "Keep your price",
        ] {
            assert!(!t.contains(secret), "{name} has {secret:?}");
        }
    }
}

/// Protects the widget bundle: notes for support, sales and the rollout never reach it.
#[test]
fn notes_never_reach_the_widget_bundle() {
    let (out, r) = on_demo("build", "--out-dir", &[]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r.stderr));
    let json = fs::read_to_string(out.path().join("whatsnew.json")).expect("bundle");
    for key in [
        "\"support\"",
        "\"sales\"",
        "\"rollout\"",
        "\"release\"",
        "\"public\"",
        "QuickBooks",
        "locks in",
    ] {
        assert!(!json.contains(key), "the bundle has {key}");
    }
}

/// Protects the feeds: RSS 2.0, Atom and JSON Feed, in each locale, read by a real feed parser.
#[test]
fn feeds_parse_with_a_real_feed_parser() {
    let (out, _) = demo_site();
    let site = out.path().join("site");
    for (name, kind, first) in [
        ("feed.xml", feed_rs::model::FeedType::RSS2, "Find any invoice in seconds, by client, amount or number"),
        ("atom.xml", feed_rs::model::FeedType::Atom, "Find any invoice in seconds, by client, amount or number"),
        ("fr/feed.xml", feed_rs::model::FeedType::RSS2, "Retrouvez n'importe quelle facture en quelques secondes, par client, montant ou numéro"),
        ("fr/atom.xml", feed_rs::model::FeedType::Atom, "Retrouvez n'importe quelle facture en quelques secondes, par client, montant ou numéro"),
        ("feed.json", feed_rs::model::FeedType::JSON, "Find any invoice in seconds, by client, amount or number"),
        ("fr/feed.json", feed_rs::model::FeedType::JSON, "Retrouvez n'importe quelle facture en quelques secondes, par client, montant ou numéro"),
    ] {
        let bytes = fs::read(site.join(name)).expect("feed written");
        let feed = feed_rs::parser::parse(bytes.as_slice()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(feed.feed_type, kind, "{name}");
        assert_eq!(feed.entries.len(), 9, "{name}");
        let e = &feed.entries[0];
        assert_eq!(e.title.as_ref().map(|t| t.content.as_str()), Some(first), "{name}");
        let link = &e.links[0].href;
        assert!(link.starts_with("https://ledgerly.example/changelog/") && link.ends_with("/invoice-search/"), "{name}: {link}");
        assert!(e.published.is_some() || e.updated.is_some(), "{name}");
        let html = e.content.as_ref().and_then(|c| c.body.clone()).or_else(|| e.summary.as_ref().map(|s| s.content.clone())).unwrap_or_default();
        assert!(html.contains("<li>"), "{name}: the body as HTML: {html}");
    }
}

/// The HTML5 parse errors of a document (html5ever, as browsers parse).
fn parse_errors(html: &str) -> Vec<String> {
    scraper::Html::parse_document(html)
        .errors
        .iter()
        .map(|e| e.to_string())
        .collect()
}

/// Protects the site's markup and navigation: every page parses without an HTML5 error, and
/// every internal link (and fragment) resolves to a file of the site.
#[test]
fn pages_parse_and_every_internal_link_resolves() {
    let (out, _) = demo_site();
    let site = out.path().join("site");
    let files = tree(&site);
    let mut checked = 0;
    let selector =
        scraper::Selector::parse("a[href], link[href], script[src], img[src]").expect("selector");
    let ids = |name: &str| -> Vec<String> {
        let doc = scraper::Html::parse_document(&text(&files[name]));
        let sel = scraper::Selector::parse("[id]").expect("selector");
        doc.select(&sel)
            .filter_map(|e| e.value().attr("id").map(str::to_owned))
            .collect()
    };
    for (name, bytes) in files.iter().filter(|(n, _)| n.ends_with(".html")) {
        let html = text(bytes);
        assert_eq!(parse_errors(&html), Vec::<String>::new(), "{name}");
        let doc = scraper::Html::parse_document(&html);
        for el in doc.select(&selector) {
            let target = el
                .value()
                .attr("href")
                .or_else(|| el.value().attr("src"))
                .unwrap_or_default();
            if target.contains(':') {
                assert!(
                    target.starts_with("https://") || target.starts_with("mailto:"),
                    "{name}: {target}"
                );
                continue;
            }
            let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
            let base = Path::new(name.as_str()).parent().unwrap_or(Path::new(""));
            let mut resolved: Vec<String> = Vec::new();
            for part in base.join(path).to_string_lossy().split('/') {
                match part {
                    "" | "." => {}
                    ".." => {
                        assert!(resolved.pop().is_some(), "{name}: {target} leaves the site");
                    }
                    p => resolved.push(p.to_owned()),
                }
            }
            let mut file = resolved.join("/");
            if path.is_empty() {
                file = name.clone();
            } else if path.ends_with('/') || path == "." || !file.contains('.') {
                file = if file.is_empty() {
                    "index.html".into()
                } else {
                    format!("{file}/index.html")
                };
            }
            assert!(
                files.contains_key(&file),
                "{name}: {target} -> {file} does not exist"
            );
            if !fragment.is_empty() {
                assert!(
                    ids(&file).iter().any(|i| i == fragment),
                    "{name}: {target}: no #{fragment} in {file}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 300, "only {checked} links checked");
}

/// Protects reproducibility and atomic, tidy output: the same content gives the same bytes,
/// and a page whose announcement is gone is removed on the next build (nothing else is).
#[test]
fn site_output_is_deterministic_and_stale_pages_go() {
    let content = project(&[
        ("a.md", "---\nbenefit: Find any invoice in seconds\npublished: 2026-11-02\ntags: [new]\n---\nType a name.\n"),
        ("b.md", "---\nbenefit: Send invoices in your client's currency\npublished: 2026-11-03\n---\nPick a currency.\n"),
    ]);
    let out = tempfile::tempdir().expect("temp dir");
    let site = out.path().join("site");
    fs::create_dir_all(&site).expect("site folder");
    fs::write(site.join("keep.txt"), "the host's own file").expect("write");
    let build = || {
        let r = whatsnew_at(
            &["build", ".", "--site", site.to_str().expect("utf-8")],
            content.path(),
        );
        assert_eq!(r.status.code(), Some(0), "{}", text(&r.stderr));
        tree(&site)
    };
    let first = build();
    assert_eq!(first, build(), "a second build changed bytes");
    assert!(first.contains_key("b/index.html"));
    fs::remove_file(content.path().join("b.md")).expect("remove");
    let after = build();
    assert!(!after.contains_key("b/index.html"), "{:?}", after.keys());
    assert!(after.contains_key("a/index.html") && after.contains_key("keep.txt"));
    assert!(
        !after.keys().any(|k| k.contains(".tmp-")),
        "{:?}",
        after.keys()
    );
}

/// A changelog with nothing published yet (one announcement scheduled later): its feeds carry
/// the build's day (`SOURCE_DATE_EPOCH`), not 1970.
#[test]
fn an_empty_changelog_feed_is_dated_by_the_build() {
    let content = project(&[(
        "later.md",
        "---\nbenefit: Find any invoice in seconds\npublished: 2099-01-01\n---\nType a name.\n",
    )]);
    let out = tempfile::tempdir().expect("temp dir");
    let site = out.path().join("site");
    let r = std::process::Command::new(env!("CARGO_BIN_EXE_whatsnew"))
        .args(["build", ".", "--site", site.to_str().expect("utf-8")])
        .env("SOURCE_DATE_EPOCH", "1795000000")
        .current_dir(content.path())
        .output()
        .expect("run");
    assert_eq!(r.status.code(), Some(0), "{}", text(&r.stderr));
    let atom = fs::read_to_string(site.join("atom.xml")).expect("atom");
    let rss = fs::read_to_string(site.join("feed.xml")).expect("rss");
    assert!(
        !atom.contains("<entry>") && !rss.contains("<item>"),
        "{atom}"
    );
    assert!(
        atom.contains("<updated>2026-11-18T00:00:00Z</updated>"),
        "{atom}"
    );
    assert!(
        rss.contains("<lastBuildDate>Wed, 18 Nov 2026 00:00:00 +0000</lastBuildDate>"),
        "{rss}"
    );
}

/// `brief --events`: each announcement says how it landed, counted as `report` counts it (the
/// report's fixture events are the demo's bundle, `ledgerly`); one nobody saw says so.
#[test]
fn brief_with_events_carries_the_report_figures() {
    let (out, r) = on_demo("brief", "--out", &["--events", "cli/tests/fixtures/events"]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r.stderr));
    let report = whatsnew_at(
        &[
            "report",
            "cli/tests/fixtures/events",
            "--bundle",
            "cli/tests/fixtures/events/bundle.json",
            "--format",
            "json",
        ],
        &repo(),
    );
    let report: serde_json::Value = serde_json::from_slice(&report.stdout).expect("json");
    let bulk = report["announcements"]
        .as_array()
        .expect("announcements")
        .iter()
        .find(|a| a["id"] == "bulk-export")
        .expect("bulk-export");
    // Every release's Markdown brief, one after the other.
    let md: String = tree(out.path())
        .into_iter()
        .filter(|(n, _)| n.ends_with(".md"))
        .map(|(_, b)| text(&b))
        .collect();
    let row = md
        .lines()
        .find(|l| l.contains("Engagement") && l.contains("users reached"))
        .unwrap_or_else(|| panic!("an engagement row in:\n{md}"));
    assert!(
        row.contains(&format!("{} users reached", bulk["users_reached"])),
        "{row}"
    );
    assert!(
        row.contains(&format!("{} engaged", bulk["engaged_users"])),
        "{row}"
    );
    assert!(
        row.contains(
            bulk["goal"]["comparison"]["verdict"]
                .as_str()
                .expect("verdict")
        ),
        "{row}"
    );
    assert!(md.contains("Nobody has seen it yet"), "{md}");
    // Without --events, no engagement rows.
    let (plain, r) = on_demo("brief", "--out", &[]);
    assert_eq!(r.status.code(), Some(0));
    assert!(!text(&tree(plain.path())["brief-2026-11.md"]).contains("Engagement"));
}

/// Protects the internal brief of each release for the demo content, Markdown and HTML.
#[test]
fn demo_brief_snapshots() {
    let (out, r) = on_demo("brief", "--out", &[]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r.stderr));
    insta::assert_snapshot!(
        "brief_stdout",
        text(&r.stdout).replace(out.path().to_str().unwrap_or_default(), "[OUT]")
    );
    let files = tree(out.path());
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "brief-2026-10.html",
            "brief-2026-10.md",
            "brief-2026-11.html",
            "brief-2026-11.md"
        ]
    );
    insta::assert_snapshot!("brief_2026_11_md", text(&files["brief-2026-11.md"]));
    insta::assert_snapshot!("brief_2026_10_md", text(&files["brief-2026-10.md"]));
    let html = text(&files["brief-2026-11.html"]);
    insta::assert_snapshot!("brief_2026_11_html", html);
    assert_eq!(parse_errors(&html), Vec::<String>::new());
    // Self-contained: no file or address it needs to load.
    assert!(!html.contains("src=") && !html.contains("<link"), "{html}");
    // The admins' banner is in the brief (it is internal), with its notes.
    assert!(html.contains("Confirming now locks in"));
}

/// Protects the strictness of the new front matter and of releases.toml: every mistake is
/// reported at its line.
#[test]
fn notes_and_releases_are_validated_like_everything_else() {
    let content = project(&[
        ("releases.toml", "[[release]]\nname = \"2026.11\"\ndate = 2026-11-18\nannouncements = [\"nope\"]\n"),
        ("popup.md", "---\nbenefit: Find any invoice in seconds\npublished: 2026-11-02\ndisplay: popup\ncta:\n  label: Search your invoices\n  url: /invoices\nrelease: \"2026.12\"\nsupport:\n  tel: Type a name.\nsales:\n  who: Firms\nrollout:\n  - { who: Beta, from: soon }\n---\nType a name.\n"),
        ("banner.md", "---\nbenefit: Keep your price through 2027\npublished: 2026-11-02\ndisplay: banner\n---\nConfirm your plan.\n"),
    ]);
    let r = common::whatsnew(&["check"], content.path());
    assert_eq!(r.status.code(), Some(1));
    insta::assert_snapshot!("check_notes_and_releases", text(&r.stderr));
}

/// Replaces the TODO markers `import` writes, as an author would after rewriting.
fn resolve_markers(text: &str) -> String {
    // The comment lines `import` writes at the top of the front matter go.
    let comment = |l: &str| {
        l.starts_with("# Imported")
            || l.starts_with("# then write")
            || (l.starts_with('#') && l.contains("TODO"))
    };
    text.lines()
        .filter(|l| !comment(l))
        .map(|l| {
            if l.starts_with("TODO:") {
                "Benchmarks tell you more, with less setup.".to_owned()
            } else if let Some((key, _)) = l.split_once("  # TODO") {
                key.to_owned()
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// Protects `import` on a real changelog (criterion.rs's, see fixtures/import/README.md): one
/// unfinished draft per entry that `check` flags, and that `check` accepts (and `build` builds)
/// once the unfinished markers are resolved.
#[test]
fn import_of_a_real_changelog() {
    let changelog = common::fixtures().join("import/criterion-CHANGELOG.md");
    let dir = tempfile::tempdir().expect("temp dir");
    // An empty folder is not a content folder: `check` says so instead of passing.
    let empty = common::whatsnew(&["check", "--deny", "warnings"], dir.path());
    assert_eq!(empty.status.code(), Some(2), "{}", text(&empty.stderr));
    assert!(
        text(&empty.stderr).contains("no announcements and no whatsnew.toml"),
        "{}",
        text(&empty.stderr)
    );
    #[cfg(unix)]
    let inode =
        || std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(dir.path()).expect("dir"));
    #[cfg(unix)]
    let before = inode();
    let r = common::whatsnew(
        &["import", changelog.to_str().expect("utf-8"), "."],
        dir.path(),
    );
    assert_eq!(r.status.code(), Some(0), "{}", text(&r.stderr));
    // The drafts are added to the folder, which stays the same folder: a shell inside it (the
    // README's `cd content && whatsnew import`) keeps seeing it.
    #[cfg(unix)]
    assert_eq!(inode(), before, "import replaced the folder it was run in");
    insta::assert_snapshot!("import_stdout", text(&r.stdout));
    let files = tree(dir.path());
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    insta::assert_snapshot!("import_files", names.join("\n"));
    for name in [
        "v0-6-0-async-benchmarking-with-tokio-may-be.md",
        "v0-5-1-quick-mode-quick-no-longer-crashes.md",
        "v0-2-0-the-hidden-criterion-confidenceinterval.md",
    ] {
        let snap = format!("import_{}", name.trim_end_matches(".md").replace('-', "_"));
        insta::assert_snapshot!(snap, text(&files[name]));
    }
    // `--since` takes the newest versions down to the one named.
    let recent = tempfile::tempdir().expect("temp dir");
    let r = common::whatsnew(
        &[
            "import",
            changelog.to_str().expect("utf-8"),
            ".",
            "--since",
            "0.5.0",
        ],
        recent.path(),
    );
    assert_eq!(r.status.code(), Some(0), "{}", text(&r.stderr));
    let recent: Vec<String> = tree(recent.path()).into_keys().collect();
    assert!(
        recent.iter().all(|n| n.starts_with("v0-7-0-")
            || n.starts_with("v0-6-0-")
            || n.starts_with("v0-5-")),
        "{recent:?}"
    );
    assert_eq!(recent.len(), 15, "{recent:?}");
    // Importing again refuses to overwrite the drafts.
    let again = common::whatsnew(
        &["import", changelog.to_str().expect("utf-8"), "."],
        dir.path(),
    );
    assert_eq!(again.status.code(), Some(2), "{}", text(&again.stderr));

    // Unfinished: check flags every draft; build refuses them.
    let check = common::whatsnew(&["check", "--format", "json"], dir.path());
    let doc: serde_json::Value = serde_json::from_slice(&check.stdout).expect("json");
    assert_eq!(doc["errors"], 0, "{doc}");
    let unfinished: std::collections::BTreeSet<&str> = doc["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .filter(|d| d["code"] == "unfinished")
        .filter_map(|d| d["file"].as_str())
        .collect();
    assert_eq!(
        unfinished.len(),
        files.len(),
        "every draft is flagged as unfinished"
    );
    let build = common::whatsnew(&["build", ".", "--site", "site"], dir.path());
    assert_eq!(
        build.status.code(),
        Some(1),
        "build refuses unfinished drafts"
    );

    // The author resolves the markers: check accepts every file, and build builds.
    for (name, bytes) in &files {
        fs::write(dir.path().join(name), resolve_markers(&text(bytes))).expect("write");
    }
    let check = common::whatsnew(&["check"], dir.path());
    let stderr = text(&check.stderr);
    assert_eq!(check.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("[unfinished]"), "{stderr}");
    insta::assert_snapshot!(
        "import_check_after_resolving",
        stderr.lines().last().unwrap_or_default()
    );
    let build = whatsnew_at(&["build", ".", "--site", "site"], dir.path());
    assert_eq!(build.status.code(), Some(0), "{}", text(&build.stderr));
}

/// Protects `[site]` in whatsnew.toml: `build` writes the site where `dir` says, next to the
/// bundle, and leaves out what is not published yet and what has an audience, saying so.
#[test]
fn site_config_and_what_is_left_out() {
    let content = project(&[
        ("whatsnew.toml", "[audiences]\nadmins = 'role == \"admin\"'\n\n[site]\ndir = \"public/changelog\"\n"),
        ("now.md", "---\nbenefit: Find any invoice in seconds\npublished: 2026-11-02\n---\nType a name.\n"),
        ("later.md", "---\nbenefit: Send invoices in your client's currency\npublished: 2027-03-01\n---\nPick a currency.\n"),
        ("admins.md", "---\nbenefit: Keep your price through 2027\npublished: 2026-11-02\naudience: admins\n---\nConfirm your plan.\n"),
    ]);
    let r = whatsnew_at(
        &["build", ".", "--out-dir", "public/whatsnew"],
        content.path(),
    );
    assert_eq!(r.status.code(), Some(0), "{}", text(&r.stderr));
    insta::assert_snapshot!(
        "site_config_stdout_tail",
        text(&r.stdout)
            .lines()
            .skip_while(|l| !l.starts_with("Wrote the changelog"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    insta::assert_snapshot!("site_config_stderr", text(&r.stderr));
    let site = tree(&content.path().join("public/changelog"));
    assert!(site.contains_key("now/index.html"));
    assert!(!site.contains_key("later/index.html") && !site.contains_key("admins/index.html"));
    assert!(content
        .path()
        .join("public/whatsnew/whatsnew.json")
        .exists());
    // The changelog alone: `[site] dir` is enough.
    let alone = whatsnew_at(&["build", "."], content.path());
    assert_eq!(alone.status.code(), Some(0), "{}", text(&alone.stderr));
    // With neither, build says what it needs.
    let bare = project(&[(
        "a.md",
        "---\nbenefit: Find any invoice\npublished: 2026-11-02\n---\nType.\n",
    )]);
    let nothing = whatsnew_at(&["build", "."], bare.path());
    assert_eq!(nothing.status.code(), Some(2));
    assert!(
        text(&nothing.stderr).contains("--site <DIR>"),
        "{}",
        text(&nothing.stderr)
    );
}

/// Protects the brief's and the site's names from colliding: a release named like a month and
/// that month's announcements in no release, and two release names that read the same, each
/// get their own file and their own fragment.
#[test]
fn releases_that_read_the_same_get_their_own_files() {
    let a = |benefit: &str, day: &str, release: Option<&str>| {
        format!(
            "---\nbenefit: {benefit}\npublished: 2026-11-{day}\n{}allow: [missing-cta]\n---\nBody.\n",
            release.map_or(String::new(), |r| format!("release: \"{r}\"\n"))
        )
    };
    let files = [
        ("whatsnew.toml", "[site]\ntitle = \"Acme\"\n".to_owned()),
        (
            "releases.toml",
            "[[release]]\nname = \"2026-11\"\ndate = 2026-11-20\n\n[[release]]\nname = \"2026.11\"\ndate = 2026-11-25\n"
                .to_owned(),
        ),
        ("one.md", a("Send invoices in one click", "10", Some("2026-11"))),
        ("two.md", a("Find any invoice in seconds", "12", Some("2026.11"))),
        ("three.md", a("Pay suppliers from your phone", "14", None)),
    ];
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let dir = project(&refs);
    let out = tempfile::tempdir().expect("temp dir");
    let r = whatsnew_at(
        &["brief", ".", "--out", out.path().to_str().expect("utf-8")],
        dir.path(),
    );
    assert_eq!(r.status.code(), Some(0), "{}", text(&r.stderr));
    let names: Vec<String> = tree(out.path()).into_keys().collect();
    assert_eq!(
        names,
        [
            "brief-2026-11-2.html",
            "brief-2026-11-2.md",
            "brief-2026-11-month.html",
            "brief-2026-11-month.md",
            "brief-2026-11.html",
            "brief-2026-11.md"
        ]
    );
    let briefs: Vec<String> = tree(out.path())
        .into_iter()
        .filter(|(n, _)| n.ends_with(".md"))
        .map(|(_, b)| text(&b))
        .collect();
    for (benefit, n) in [
        ("Send invoices in one click", 1),
        ("Find any invoice in seconds", 1),
        ("Pay suppliers from your phone", 1),
    ] {
        assert_eq!(
            briefs.iter().filter(|b| b.contains(benefit)).count(),
            n,
            "{benefit}"
        );
    }
}

/// Protects the site's own words in the widget's languages: a German, a Japanese and a Hebrew
/// changelog are dated, headed and titled as their readers write, not in English.
#[test]
fn the_site_speaks_each_language_it_is_built_in() {
    let dir = project(&[
        (
            "whatsnew.toml",
            "product = \"Ledgerly\"\n\n[locales]\ndefault = \"de\"\nothers = [\"ja\", \"he\", \"ko\", \"pt-BR\", \"pt-PT\"]\n\n[site]\ndir = \"site\"\n",
        ),
        (
            "export.md",
            "---\nbenefit: Exportieren Sie ein ganzes Quartal mit einem Klick\npublished: 2026-03-04\nallow: [missing-cta]\n---\nWählen Sie das Quartal.\n",
        ),
    ]);
    let r = whatsnew_at(&["build", "."], dir.path());
    assert_eq!(r.status.code(), Some(0), "{}", text(&r.stderr));
    let site = tree(&dir.path().join("site"));
    let page = |name: &str| String::from_utf8(site[name].clone()).expect("utf-8");
    let de = page("index.html");
    for want in [
        "<title>Ledgerly: Neuerungen</title>",
        "4. März 2026",
        "Neuerungen durchsuchen",
    ] {
        assert!(de.contains(want), "index.html has no {want:?}");
    }
    let ja = page("ja/index.html");
    for want in ["2026年3月4日", "新機能を検索", "lang=\"ja\""] {
        assert!(ja.contains(want), "ja/index.html has no {want:?}");
    }
    let he = page("he/index.html");
    for want in ["4 במרץ 2026", "dir=\"rtl\"", "עדכוני Ledgerly"] {
        assert!(he.contains(want), "he/index.html has no {want:?}");
    }
    // Korean has no words of its own: they are English, and marked so (WCAG 3.1.2).
    let ko = page("ko/index.html");
    for want in [
        "<a class=\"skip\" lang=\"en\"",
        "<footer class=\"site-footer\" lang=\"en\"",
        "<time lang=\"en\" datetime=\"2026-03-04\"",
        "<nav class=\"languages\" lang=\"en\"",
        "한국어",
    ] {
        assert!(ko.contains(want), "ko/index.html has no {want:?}");
    }
    // Portugal's Portuguese is not Brazil's ("Assinar", "enquanto você digita").
    let (br, pt) = (page("pt-BR/index.html"), page("pt-PT/index.html"));
    assert!(
        br.contains("Assinar") && br.contains("você digita"),
        "pt-BR"
    );
    assert!(pt.contains("Subscrever") && !pt.contains("você"), "pt-PT");
    assert!(pt.contains("4 de março de 2026"), "pt-PT dates");
    assert!(!de.contains(" lang=\"en\""), "German words are German");
    for (name, html) in [
        ("index.html", &de),
        ("ja/index.html", &ja),
        ("he/index.html", &he),
    ] {
        assert!(
            !html.contains("March") && !html.contains("Search the updates"),
            "{name}: English words"
        );
    }
}

/// Protects what a trial of the changelog found on real-world content: tags that differ in
/// case share one page that lists both; English shown untranslated on an Arabic page is left
/// to right and says its language in the feed; code blocks are left to right and reachable by
/// the keyboard (axe's scrollable-region-focusable on every page with a wide block).
#[test]
fn tags_in_two_cases_english_on_arabic_pages_and_code_blocks() {
    let dir = project(&[
        (
            "whatsnew.toml",
            "[locales]\ndefault = \"en\"\nothers = [\"ar\"]\n\n[site]\ndir = \"site\"\nurl = \"https://x.example/c/\"\n",
        ),
        (
            "a.md",
            "---\nbenefit: Save an hour on every export\npublished: 2026-11-02\ntags: [API]\nallow: [missing-cta]\n---\nRun it:\n\n```\nif (a < b) { run(); }\n```\n",
        ),
        (
            "b.md",
            "---\nbenefit: Find any report in seconds\npublished: 2026-11-03\ntags: [api]\nallow: [missing-cta]\n---\nType a name.\n",
        ),
        (
            "b.ar.md",
            "---\nbenefit: اعثر على أي تقرير في ثوانٍ\n---\nاكتب اسمًا.\n",
        ),
    ]);
    let r = whatsnew_at(&["build", "."], dir.path());
    assert_eq!(r.status.code(), Some(0), "{}", text(&r.stderr));
    let site = tree(&dir.path().join("site"));
    let page = |name: &str| String::from_utf8(site[name].clone()).expect("utf-8");
    let tag = page("tags/api/index.html");
    assert!(
        tag.contains("Save an hour") && tag.contains("Find any report"),
        "{tag}"
    );
    let index = page("index.html");
    let filters = index
        .split("<nav class=\"filters\"")
        .nth(1)
        .and_then(|n| n.split("</nav>").next())
        .expect("the tag filter");
    assert_eq!(
        filters.matches("href=\"tags/api/\"").count(),
        1,
        "{filters}"
    );
    let ar = page("ar/a/index.html");
    assert!(ar.contains("lang=\"en\" dir=\"ltr\""), "{ar}");
    assert!(ar.contains("<pre dir=\"ltr\" tabindex=\"0\">"), "{ar}");
    let atom = page("ar/atom.xml");
    assert_eq!(atom.matches("<entry xml:lang=\"en\">").count(), 1, "{atom}");
    assert_eq!(atom.matches("<entry>").count(), 1, "{atom}");
}

/// Protects check's output from a cascade: one quoted date in releases.toml gave every
/// announcement naming a release of that file an "unknown release" error (add it to
/// releases.toml, where it was), before the one real mistake.
#[test]
fn one_mistake_in_releases_toml_is_one_error() {
    let a = |n: u32| {
        format!("---\nbenefit: Save time with thing {n}\npublished: 2026-11-0{n}\nrelease: \"2026.11\"\nallow: [missing-cta]\n---\nBody.\n")
    };
    let (a1, a2) = (a(1), a(2));
    for releases in [
        "[[release]]\nname = \"2026.11\"\ndate = 2026-11-18\n\n[[release]]\nname = \"2026.12\"\ndate = \"2026-12-01\"\n",
        "[[release]]\nname = \"2026.11\"\ndate = 2026-13-18\n",
    ] {
        let dir = project(&[("releases.toml", releases), ("a1.md", &a1), ("a2.md", &a2)]);
        let r = whatsnew_at(&["check", "."], dir.path());
        let out = text(&r.stdout) + &text(&r.stderr);
        assert_eq!(r.status.code(), Some(1), "{out}");
        assert!(out.contains("releases.toml:"), "{out}");
        assert!(!out.contains("unknown-release"), "{out}");
    }
}

/// Protects `import` in a repository's root (the default folder `.`): the drafts beside
/// CHANGELOG.md, and `check` reads them without taking CHANGELOG.md for an announcement; a
/// changelog that is not UTF-8 is named at its line and column.
#[test]
fn import_beside_the_changelog_and_a_file_in_latin1() {
    let dir = project(&[(
        "CHANGELOG.md",
        "# Changelog\n\n## 1.0.0 - 2024-01-01\n\n- Faster search\n",
    )]);
    let r = whatsnew_at(&["import", "CHANGELOG.md"], dir.path());
    assert_eq!(r.status.code(), Some(0), "{}", text(&r.stderr));
    let check = whatsnew_at(&["check", "."], dir.path());
    let out = text(&check.stdout) + &text(&check.stderr);
    assert!(out.contains("v1-0-0-faster-search.md"), "{out}");
    assert!(!out.contains("CHANGELOG.md:"), "{out}");
    // An imported draft still has its TODOs: build refuses it, so explain does not say shown.
    let explain = whatsnew_at(&["explain", "v1-0-0-faster-search", "."], dir.path());
    let said = text(&explain.stdout);
    assert!(
        said.contains("NO  finished: a TODO is left") && said.contains("=> not shown"),
        "{said}"
    );
    std::fs::write(
        dir.path().join("latin1.md"),
        b"## 1.0.0\n\n- caf\xe9 export\n",
    )
    .unwrap();
    let r = whatsnew_at(&["import", "latin1.md", "out"], dir.path());
    assert_eq!(r.status.code(), Some(2));
    assert!(
        text(&r.stderr).contains("latin1.md:3:6: not UTF-8"),
        "{}",
        text(&r.stderr)
    );
    // Only a version that is not out (Terraform's `## 1.17.0 (Unreleased)`): said so, rather
    // than that the format was not understood.
    std::fs::write(
        dir.path().join("next.md"),
        "## 1.17.0 (Unreleased)\n\nENHANCEMENTS:\n\n* Better logs\n",
    )
    .unwrap();
    let r = whatsnew_at(&["import", "next.md", "next"], dir.path());
    assert_eq!(r.status.code(), Some(2));
    assert!(
        text(&r.stderr).contains("but in versions that are not out (1.17.0)"),
        "{}",
        text(&r.stderr)
    );
    assert!(!dir.path().join("next").exists());
    // An entry listed twice is one draft, and said.
    std::fs::write(
        dir.path().join("twice.md"),
        "## 1.0.0 - 2026-01-01\n\n- Add export\n- add EXPORT\n- Faster search\n",
    )
    .unwrap();
    let r = whatsnew_at(&["import", "twice.md", "twice"], dir.path());
    assert_eq!(r.status.code(), Some(0), "{}", text(&r.stderr));
    assert!(
        text(&r.stdout).contains("Imported 2 entries")
            && text(&r.stdout).contains("Merged: 1 entry repeating another"),
        "{}",
        text(&r.stdout)
    );
}
