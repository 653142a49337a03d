//! The JSON Schemas accept what the compiler accepts: every fixture, every file `init` and
//! `new` scaffold, and the demo content are validated against `whatsnew schema`'s output, and
//! front matter the compiler refuses is refused by the schema too.
//!
//! The validator below knows exactly the keywords schemars emits and panics on any other, so
//! a schema change cannot slip past it unvalidated.

mod common;

use common::{fixtures, project, text, whatsnew};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Whether `v` is valid against `schema` (`root` resolves `$ref`s); `why` collects failures.
fn valid(v: &Value, schema: &Value, root: &Value, at: &str, why: &mut Vec<String>) -> bool {
    let Some(obj) = schema.as_object() else {
        return schema.as_bool().unwrap_or(false);
    };
    let mut ok = true;
    let fail = |why: &mut Vec<String>, msg: String| {
        why.push(format!("{at}: {msg}"));
        false
    };
    for (key, rule) in obj {
        match key.as_str() {
            "$schema" | "title" | "description" | "definitions" | "default" | "format" => {}
            "$ref" => {
                let name = rule
                    .as_str()
                    .and_then(|r| r.strip_prefix("#/definitions/"))
                    .expect("local refs");
                if !valid(v, &root["definitions"][name], root, at, why) {
                    ok &= fail(why, format!("not a valid {name}"));
                }
            }
            "type" => {
                let types: Vec<&str> = match rule {
                    Value::String(t) => vec![t.as_str()],
                    Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                    _ => panic!("type {rule}"),
                };
                let is = |t: &str| match t {
                    "string" => v.is_string(),
                    "integer" => v.is_i64() || v.is_u64(),
                    "number" => v.is_number(),
                    "boolean" => v.is_boolean(),
                    "array" => v.is_array(),
                    "object" => v.is_object(),
                    "null" => v.is_null(),
                    other => panic!("type {other}"),
                };
                if !types.iter().any(|t| is(t)) {
                    ok &= fail(why, format!("expected {types:?}, found {v}"));
                }
            }
            "properties" | "additionalProperties" | "required" => {
                let Some(map) = v.as_object() else { continue };
                if key == "required" {
                    for k in rule.as_array().expect("required list") {
                        if !map.contains_key(k.as_str().unwrap_or_default()) {
                            ok &= fail(why, format!("missing {k}"));
                        }
                    }
                    continue;
                }
                let props = obj.get("properties").and_then(Value::as_object);
                for (k, item) in map {
                    let path = format!("{at}.{k}");
                    match props.and_then(|p| p.get(k)) {
                        Some(s) if key == "properties" => ok &= valid(item, s, root, &path, why),
                        None if key == "additionalProperties"
                            && !valid(item, rule, root, &path, why) =>
                        {
                            ok &= fail(why, format!("unknown key `{k}`"));
                        }
                        _ => {}
                    }
                }
            }
            "items" => {
                for (i, item) in v.as_array().into_iter().flatten().enumerate() {
                    if !valid(item, rule, root, &format!("{at}[{i}]"), why) {
                        ok = false;
                    }
                }
            }
            "enum" => {
                if !rule.as_array().is_some_and(|a| a.contains(v)) {
                    ok &= fail(why, format!("{v} is not one of {rule}"));
                }
            }
            "anyOf" | "oneOf" | "allOf" => {
                let branches = rule.as_array().expect("a list of schemas");
                let passing = branches
                    .iter()
                    .filter(|s| valid(v, s, root, at, &mut Vec::new()))
                    .count();
                let good = match key.as_str() {
                    "anyOf" => passing > 0,
                    "oneOf" => passing == 1,
                    _ => passing == branches.len(),
                };
                if !good {
                    ok &= fail(
                        why,
                        format!("{key}: {passing} of {} match {v}", branches.len()),
                    );
                }
            }
            "minimum" | "maximum" => {
                let (Some(n), Some(limit)) = (v.as_f64(), rule.as_f64()) else {
                    continue;
                };
                if (key == "minimum" && n < limit) || (key == "maximum" && n > limit) {
                    ok &= fail(why, format!("{n} is out of range ({key} {limit})"));
                }
            }
            "pattern" => {
                let Some(s) = v.as_str() else { continue };
                let re = regex::Regex::new(rule.as_str().expect("a pattern")).expect("valid");
                if !re.is_match(s) {
                    ok &= fail(why, format!("{s:?} does not match {rule}"));
                }
            }
            other => panic!("the test validator does not know the keyword `{other}`"),
        }
    }
    ok
}

fn schema(kind: &str) -> Value {
    let out = whatsnew(&["schema", kind], Path::new("."));
    serde_json::from_slice(&out.stdout).expect("schema JSON")
}

/// Failures of `v` against `schema`, empty when valid.
fn check(v: &Value, schema: &Value) -> Vec<String> {
    let mut why = Vec::new();
    let ok = valid(v, schema, schema, "$", &mut why);
    assert_eq!(ok, why.is_empty(), "{why:?}");
    why
}

/// The front matter of a file as JSON, and its last line (the closing delimiter); `None` when
/// it has none or it is not YAML/TOML at all.
fn front_matter(text: &str) -> Option<(Value, usize)> {
    let mut lines = text.lines();
    let delim = lines.next()?.trim_end().to_owned();
    if delim != "---" && delim != "+++" {
        return None;
    }
    let body: Vec<&str> = lines.take_while(|l| l.trim_end() != delim).collect();
    let close = body.len() + 2;
    let src = body.join("\n");
    let v = if delim == "---" {
        let y: serde_yaml_ng::Value = serde_yaml_ng::from_str(&src).ok()?;
        match y {
            serde_yaml_ng::Value::Null => Value::Object(Default::default()),
            y => serde_json::to_value(y).ok()?,
        }
    } else {
        toml_json(toml::Value::Table(src.parse::<toml::Table>().ok()?))
    };
    Some((v, close))
}

/// TOML to JSON as the compiler reads it: dates as the text written.
fn toml_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_json(v))).collect())
        }
    }
}

/// Every `.md` announcement file under `dir` (not README.md).
fn announcement_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("readable").flatten() {
        let p = e.path();
        if p.is_dir() {
            announcement_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "md")
            && !p
                .file_name()
                .is_some_and(|n| n.eq_ignore_ascii_case("readme.md"))
        {
            out.push(p);
        }
    }
}

/// Codes that are about the front matter's shape, which a schema can express. Left out on
/// purpose: `unsafe-url` (schemes, however they are spelt, are `check`'s job), `missing-field`
/// for `published` (required except in translations, which a schema cannot tell apart).
const SHAPE: &[&str] = &[
    "unknown-field",
    "missing-field",
    "empty-field",
    "invalid-field",
    "invalid-date",
    "invalid-id",
    "missing-alt",
];

/// Which files in `dir` the compiler finds front matter shape errors in (by file name).
fn compiler_rejects(dir: &Path) -> Vec<String> {
    let out = whatsnew(&["check", ".", "--format", "json"], dir);
    let v: Value = serde_json::from_slice(&out.stdout).expect("check JSON");
    let mut files: Vec<String> = v["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["severity"] == "error" && SHAPE.contains(&d["code"].as_str().unwrap_or("")))
        .filter(|d| {
            !(d["code"] == "missing-field"
                && d["message"].as_str().unwrap_or("").contains("`published`"))
        })
        .filter(|d| {
            !(d["code"] == "invalid-id"
                && d["message"].as_str().unwrap_or("").contains("file name"))
        })
        .filter_map(|d| {
            let file = Path::new(d["file"].as_str()?)
                .file_name()?
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(dir.join(d["file"].as_str()?)).ok()?;
            let (_, close) = front_matter(&text)?;
            (d["line"].as_u64()? as usize <= close).then_some(file)
        })
        .collect();
    files.dedup();
    files
}

/// Every folder of announcements the tests and the demo use, plus a scaffolded project.
fn content_dirs(scaffold: &Path) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .expect("fixtures")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.push(root.join("demo/content"));
    dirs.push(root.join("tests/e2e/content"));
    dirs.push(scaffold.to_path_buf());
    dirs
}

/// A project as `init` and `new` (every display, with an audience) write it.
fn scaffold() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    assert_eq!(whatsnew(&["init", "."], dir.path()).status.code(), Some(0));
    for display in ["feed", "popup", "toast", "banner", "tooltip", "guide"] {
        let out = whatsnew(
            &[
                "new",
                &format!("new-{display}"),
                "--display",
                display,
                "--audience",
                "admins",
            ],
            dir.path(),
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }
    dir
}

/// Regression: the schema rejected `audience: admins` (one name, as the README, `init` and
/// `new --audience` write it). The front matter schema and the compiler agree on every file.
#[test]
fn front_matter_schema_agrees_with_the_compiler_on_every_file() {
    let fm = schema("front-matter");
    let scaffold = scaffold();
    let mut checked = 0;
    for dir in content_dirs(scaffold.path()) {
        if !dir.is_dir() {
            continue;
        }
        let rejected = compiler_rejects(&dir);
        let mut files = Vec::new();
        announcement_files(&dir, &mut files);
        for file in files {
            let text = std::fs::read_to_string(&file).expect("readable");
            let Some((v, _)) = front_matter(&text) else {
                continue; // no front matter, or not YAML/TOML at all: no document to validate
            };
            let name = file
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let why = check(&v, &fm);
            let compiler_ok = !rejected.contains(&name);
            assert_eq!(
                why.is_empty(),
                compiler_ok,
                "{}: the schema {} it, the compiler {}: {why:?}",
                file.display(),
                if why.is_empty() { "accepts" } else { "rejects" },
                if compiler_ok { "accepts" } else { "rejects" }
            );
            checked += 1;
        }
    }
    assert!(checked >= 30, "validated {checked} files");
}

/// Each front matter shape the compiler refuses, the schema refuses; each form it takes, the
/// schema takes.
#[test]
fn front_matter_schema_matches_the_compiler_case_by_case() {
    let fm = schema("front-matter");
    let toml = "[audiences]\nadmins = 'role == \"admin\"'\n";
    let cases = [
        ("audience: admins", true),
        ("audience: [admins]", true),
        ("tags: new", true),
        ("pages: /reports", true),
        ("pages: [\"/reports\", \"/invoices/*\"]", true),
        ("priority: 100", true),
        ("publish: 2026-11-02T09:00:00Z", true),
        ("allow: [reading-grade]", true),
        ("image: { src: /x.png, alt: The dialog }", true),
        ("cta: { label: Export this quarter, url: /export }", true),
        (
            "display: popup\ncta: { label: Export this quarter, url: /export }",
            true,
        ),
        ("audience: \"Admins team\"", false),
        ("pages: reports", false),
        ("priority: 101", false),
        ("priority: 1.5", false),
        ("feature:", false),
        ("feature: \"  \"", false),
        ("feature: 2026", false),
        ("display: modal", false),
        ("publish: soon", false),
        ("image: { src: /x.png }", false),
        ("image: { src: /x.png, alt: \"\" }", false),
        ("cta: { label: \"\", url: /x }", false),
        ("cta: { label: Go }", false),
        ("id: \"Not an id\"", false),
        ("colour: blue", false),
        ("steps: [{ anchor: \"#a\" }]", false),
    ];
    for (extra, accepted) in cases {
        let text = format!("---\nbenefit: Hand your accountant a whole quarter in one download\npublished: 2026-11-02\n{extra}\n---\nPick a date range.\n");
        let dir = project(&[("a.md", &text), ("whatsnew.toml", toml)]);
        let compiler_ok = compiler_rejects(dir.path()).is_empty();
        let (v, _) = front_matter(&text).expect("front matter");
        let why = check(&v, &fm);
        assert_eq!(compiler_ok, accepted, "compiler on {extra:?}");
        assert_eq!(why.is_empty(), accepted, "schema on {extra:?}: {why:?}");
    }
    assert!(check(&serde_json::json!({}), &fm)
        .iter()
        .any(|w| w.contains("benefit")));
}

/// The config schema accepts every whatsnew.toml the tests, the demo and `init` use.
#[test]
fn config_schema_accepts_every_config() {
    let config = schema("config");
    let scaffold = scaffold();
    let mut checked = 0;
    for dir in content_dirs(scaffold.path()) {
        let Ok(text) = std::fs::read_to_string(dir.join("whatsnew.toml")) else {
            continue;
        };
        let v = toml_json(toml::Value::Table(
            text.parse::<toml::Table>().expect("TOML"),
        ));
        let why = check(&v, &config);
        assert!(why.is_empty(), "{}: {why:?}", dir.display());
        checked += 1;
    }
    assert!(checked >= 3, "validated {checked} configs");
    let bad = toml_json(toml::Value::Table(
        "colour = 1".parse::<toml::Table>().expect("TOML"),
    ));
    assert!(!check(&bad, &config).is_empty());
}
