//! Front matter: YAML between `---` lines or TOML between `+++` lines, at the top of the file.
//!
//! Both syntaxes are parsed into one generic tree first, then each key is checked on its own, so
//! one run reports every unknown key and every bad value, each at its own line and column.

use super::Source;
use crate::bundle::{Cta, Display, Goal, Image, Trigger};
use crate::date::{parse_moment, Date};
use crate::diag::{char_span, offset_of, Diagnostic};
use crate::url::safe_url;
use serde_json::Value;
use std::ops::Range;

mod notes;
pub use notes::{Notes, Question, Sales, Stage, Support};

/// The keys an announcement's front matter may have.
pub const KEYS: &[&str] = &[
    "id",
    "benefit",
    "feature",
    "published",
    "cta",
    "display",
    "audience",
    "pages",
    "anchor",
    "steps",
    "publish",
    "expire",
    "priority",
    "tags",
    "image",
    "allow",
    "trigger",
    "timeout",
    "release",
    "public",
    "support",
    "sales",
    "rollout",
    "goal",
    "within",
    "holdout",
    "side",
    "hotspot",
    "missing",
];

/// Validated front matter.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontMatter {
    /// The id (the file stem unless set).
    pub id: String,
    /// The headline.
    pub benefit: String,
    /// The feature's name.
    pub feature: Option<String>,
    /// Publication date.
    pub published: Date,
    /// Call to action.
    pub cta: Option<Cta>,
    /// How it is delivered.
    pub display: Display,
    /// Audience names.
    pub audience: Vec<String>,
    /// URL path patterns.
    pub pages: Vec<String>,
    /// CSS selector for a tooltip.
    pub anchor: Option<String>,
    /// Guide steps, their bodies still Markdown.
    pub steps: Vec<StepSource>,
    /// The side of its anchor a tooltip goes on.
    pub side: Option<String>,
    /// The tooltip opens from a hotspot.
    pub hotspot: bool,
    /// A guide's step whose anchor never appears: `skip` or `end`.
    pub missing: Option<String>,
    /// Not shown before (Unix ms).
    pub publish: Option<i64>,
    /// Not shown from (Unix ms).
    pub expire: Option<i64>,
    /// Interruption priority.
    pub priority: i32,
    /// Labels.
    pub tags: Vec<String>,
    /// Hero image.
    pub image: Option<Image>,
    /// Lint rules allowed in this file.
    pub allow: Vec<String>,
    /// The host event that must happen (so many times) before it interrupts.
    pub trigger: Option<Trigger>,
    /// Seconds after which a toast or banner closes by itself.
    pub timeout: Option<u32>,
    /// The release it ships in (a name from the releases file, or a new one).
    pub release: Option<String>,
    /// Listed on the public changelog although it has an audience.
    pub public: bool,
    /// The notes for support, sales and the rollout; never in the bundle.
    pub notes: Notes,
    /// The host event that means it worked, and within how many days.
    pub goal: Option<Goal>,
    /// The percentage of users held back for comparison.
    pub holdout: Option<u32>,
    /// Where each key's value is written, for diagnostics (`cta.label` for nested keys).
    pub spans: Vec<(String, Range<usize>)>,
    /// The opening `---` line.
    pub opening: Range<usize>,
}

impl FrontMatter {
    /// Where `key`'s value is written, or the opening line.
    pub fn span(&self, key: &str) -> Range<usize> {
        self.spans
            .iter()
            .find(|(k, _)| k == key)
            .map_or(self.opening.clone(), |(_, r)| r.clone())
    }
}

/// A guide step as written: its body is compiled with the rest of the Markdown.
#[derive(Debug, Clone, PartialEq)]
pub struct StepSource {
    /// CSS selector the step points at.
    pub anchor: Option<String>,
    /// Title.
    pub title: String,
    /// Markdown body.
    pub body: String,
    /// The page it is on.
    pub page: Option<String>,
    /// The side of its anchor it goes on.
    pub side: Option<String>,
    /// `click`: it advances when its anchor is clicked.
    pub advance: Option<String>,
}

/// Sides of an anchor a tooltip or a guide step may go on.
const SIDES: &[&str] = &["top", "bottom", "start", "end"];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Syntax {
    Yaml,
    Toml,
}

/// The front matter's text and where it sits in the file.
struct Block<'a> {
    syntax: Syntax,
    text: &'a str,
    /// Byte offset of `text` in the file.
    offset: usize,
    /// The opening delimiter line, for diagnostics about the whole block.
    opening: Range<usize>,
    /// Byte offset where the body starts.
    body: usize,
}

/// What [`parse`] found: the front matter when valid, where the body starts when the front
/// matter's delimiters were found, and every problem.
pub struct Parsed {
    /// The validated front matter, when there were no errors.
    pub front_matter: Option<FrontMatter>,
    /// Byte offset of the body, when the front matter block was delimited correctly.
    pub body: Option<usize>,
    /// Every problem found.
    pub diags: Vec<Diagnostic>,
    /// The `audience` names and where they are, also when another field has a problem, so an
    /// unknown one is reported with the rest.
    pub audience: (Vec<String>, Range<usize>),
}

/// Parses and validates the front matter, reporting every problem. A locale `variant` may leave
/// out `published` (it comes from the announcement it translates).
pub fn parse(src: &Source<'_>, variant: bool) -> Parsed {
    let block = match split(src) {
        Ok(b) => b,
        Err(diags) => {
            return Parsed {
                front_matter: None,
                body: None,
                diags,
                audience: (Vec::new(), 0..0),
            }
        }
    };
    let body = Some(block.body);
    let entries = match parse_tree(src, &block) {
        Ok(e) => e,
        Err(diags) => {
            return Parsed {
                front_matter: None,
                body,
                diags,
                audience: (Vec::new(), 0..0),
            }
        }
    };
    let mut diags = Vec::new();
    let mut fields = Fields {
        src,
        block: &block,
        entries: &entries,
        diags: &mut diags,
    };
    fields.reject_unknown();
    let benefit = fields.required_text(
        "benefit",
        "add `benefit: <what the customer gains, in their words>`",
    );
    let published = if variant && fields.get("published").is_none() {
        Date::parse("1970-01-01")
    } else {
        fields.required_date()
    };
    let feature = fields.optional_text("feature");
    let id = fields.id();
    let cta = fields.cta();
    let display = fields.display();
    let audience = fields.names("audience");
    let pages = fields.pages();
    let anchor = fields.optional_text("anchor").flatten();
    let steps = fields.steps();
    let side = fields.choice("side", SIDES);
    let hotspot = fields.flag("hotspot");
    let missing = fields.choice("missing", &["skip", "end"]);
    let publish = fields.moment("publish");
    let expire = fields.moment("expire");
    let priority = fields.priority();
    let tags = fields.names("tags");
    let image = fields.image();
    let allow = fields.names("allow");
    let trigger = fields.trigger();
    let timeout = fields.timeout();
    let release = fields.optional_text("release").flatten();
    let public = fields.public();
    let notes = Notes {
        support: fields.support(),
        sales: fields.sales(),
        rollout: fields.rollout(),
    };
    let goal = fields.goal();
    let holdout = fields.holdout(goal.is_some());
    let spans: Vec<(String, Range<usize>)> = entries
        .iter()
        .map(|e| (e.key.clone(), value_span(&block, &e.span)))
        .chain(["label", "url"].into_iter().filter_map(|k| {
            let cta = entries.iter().find(|e| e.key == "cta")?;
            let at = find_nested(&block, cta.span.end, k)?;
            Some((format!("cta.{k}"), value_span(&block, &at)))
        }))
        .collect();
    let audience_at = (
        audience.clone(),
        spans
            .iter()
            .find(|(k, _)| k == "audience")
            .map_or(block.opening.clone(), |(_, r)| r.clone()),
    );
    let front_matter = match (benefit, published, id) {
        (Some(benefit), Some(published), Some(id)) if diags.is_empty() => Some(FrontMatter {
            id,
            benefit,
            feature: feature.flatten(),
            published,
            cta: cta.flatten(),
            display,
            audience,
            pages,
            anchor,
            steps,
            side,
            hotspot,
            missing,
            publish,
            expire,
            priority,
            tags,
            image,
            allow,
            trigger,
            timeout,
            release,
            public,
            notes,
            goal,
            holdout,
            spans,
            opening: block.opening.clone(),
        }),
        _ => None,
    };
    Parsed {
        front_matter,
        body,
        diags,
        audience: audience_at,
    }
}

fn split<'a>(src: &Source<'a>) -> Result<Block<'a>, Vec<Diagnostic>> {
    let text = src.text;
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let first_end = text[start..]
        .find('\n')
        .map_or(text.len(), |i| start + i + 1);
    let first = text[start..first_end].trim_end();
    let syntax = match first {
        "---" => Syntax::Yaml,
        "+++" => Syntax::Toml,
        _ => {
            return Err(vec![Diagnostic::error("missing-front-matter", src.path, start..start + first.len(), "missing front matter")
                .label("expected `---` or `+++` here")
                .help("start the file with a `---` line, then `benefit:` and `published:`, then another `---` line")])
        }
    };
    let mut pos = first_end;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        if text[pos..end].trim_end() == first {
            return Ok(Block {
                syntax,
                text: &text[first_end..pos],
                offset: first_end,
                opening: start..start + 3,
                body: end,
            });
        }
        pos = end;
    }
    Err(vec![Diagnostic::error(
        "unclosed-front-matter",
        src.path,
        start..start + 3,
        "front matter is never closed",
    )
    .label("opened here")
    .help(format!(
        "add a `{first}` line after the last front matter key"
    ))])
}

/// One top-level key, its value and where the key is written.
struct Entry {
    key: String,
    value: Value,
    span: Range<usize>,
}

fn parse_tree(src: &Source<'_>, block: &Block<'_>) -> Result<Vec<Entry>, Vec<Diagnostic>> {
    let syntax_error_help = |span: Range<usize>, message: String, help: Option<&str>| {
        vec![Diagnostic::error("front-matter-syntax", src.path, span, "front matter is not valid ".to_owned()
            + if block.syntax == Syntax::Yaml { "YAML" } else { "TOML" })
            .label(message)
            .help(help.unwrap_or(if block.syntax == Syntax::Yaml {
                "each line is `key: value`; quote values that contain `: ` or start with a special character"
            } else {
                "each line is `key = value`; text values are quoted: benefit = \"...\""
            }))]
    };
    let syntax_error = |span: Range<usize>, message: String| syntax_error_help(span, message, None);
    let map: serde_json::Map<String, Value> = match block.syntax {
        Syntax::Yaml => {
            let value: serde_yaml_ng::Value = match serde_yaml_ng::from_str(block.text) {
                Ok(v) => v,
                Err(e) => {
                    if let Some(tab) = yaml_tab_error(block.text, &e) {
                        return Err(syntax_error_help(
                            char_span(src.text, block.offset + tab),
                            "a tab: YAML indents with spaces only".into(),
                            Some("replace the tab with spaces; a value that contains a tab must be quoted: key: \"...\""),
                        ));
                    }
                    let (at, label) = yaml_error(block.text, &e);
                    return Err(syntax_error(char_span(src.text, block.offset + at), label));
                }
            };
            match value {
                serde_yaml_ng::Value::Null => serde_json::Map::new(),
                v @ serde_yaml_ng::Value::Mapping(_) => match serde_json::to_value(&v) {
                    Ok(Value::Object(m)) => m,
                    _ => {
                        // A complex key (`? [a, b]`, `[a, b]: x`): at its line.
                        let at = block
                            .text
                            .split_inclusive('\n')
                            .scan(0, |at, l| {
                                let here = *at;
                                *at += l.len();
                                Some((here, l))
                            })
                            .find(|(_, l)| l.trim_start().starts_with(['?', '[', '{']))
                            .map_or(block.opening.clone(), |(i, l)| {
                                let lead = l.len() - l.trim_start().len();
                                char_span(src.text, block.offset + i + lead)
                            });
                        return Err(syntax_error(at, "keys must be plain words".into()));
                    }
                },
                _ => {
                    return Err(syntax_error(
                        block.opening.clone(),
                        "expected `key: value` lines".into(),
                    ))
                }
            }
        }
        Syntax::Toml => match block.text.parse::<toml::Table>() {
            Ok(table) => table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect(),
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                let at = char_span(src.text, block.offset + span.start);
                let span = at.start..(block.offset + span.end).max(at.end);
                return Err(syntax_error(span, e.message().trim().replace('\n', "; ")));
            }
        },
    };
    let mut entries: Vec<Entry> = map
        .into_iter()
        .map(|(key, value)| {
            let span = find_key(block, &key).unwrap_or_else(|| block.opening.clone());
            Entry { key, value, span }
        })
        .collect();
    // Report in the order the author wrote them.
    entries.sort_by_key(|e| e.span.start);
    Ok(entries)
}

/// Where the tab is, when libyaml gave up because of one. It reports the construct before the
/// tab (a line above); the tab itself is the first one from the line libyaml names.
fn yaml_tab_error(text: &str, e: &serde_yaml_ng::Error) -> Option<usize> {
    let msg = e.to_string();
    let at = e.location().map(|l| offset_of(text, l.line(), l.column()));
    if let Some(at) = at.filter(|&at| text[at..].starts_with('\t')) {
        return Some(at);
    }
    if !msg.contains("tab character") {
        return None;
    }
    let from = e
        .location()
        .map_or(0, |l| offset_of(text, l.line(), 1))
        .min(text.len());
    // The construct's line, when the message names one, so a tab right after it is found too.
    let from = msg
        .split(", while ")
        .nth(1)
        .and_then(|c| c.split(" at line ").nth(1))
        .and_then(|at| at.split(" column ").next())
        .and_then(|n| n.trim().parse::<usize>().ok())
        .map_or(from, |line| offset_of(text, line, 1).min(from));
    text.get(from..)
        .and_then(|rest| rest.find('\t'))
        .map(|i| from + i)
        .or_else(|| text.find('\t'))
}

/// Where a YAML error is and what to say there. libyaml notices an unclosed `{` or `"` only
/// where the input ends; when it names the construct it was parsing ("while parsing a flow
/// mapping at line 3 column 6"), point at that construct's start instead.
fn yaml_error(text: &str, e: &serde_yaml_ng::Error) -> (usize, String) {
    let msg = e.to_string();
    let mut problem = msg.split(" at line ").next().unwrap_or(&msg).to_owned();
    // serde's words for a number YAML reads but no value holds (`priority: 99999999999999999999`).
    if problem.contains("u128") || problem.contains("i128") {
        problem = "a number too large (at most 18446744073709551615)".into();
    }
    // libyaml's reader errors (a control character) give a position, not a line.
    let found = msg
        .split("at position ")
        .nth(1)
        .and_then(|n| n.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok())
        .or_else(|| e.location().map(|l| offset_of(text, l.line(), l.column())))
        .unwrap_or(0)
        .min(text.len());
    // A key written twice is named at the mapping's start: point at the second one (the
    // first key of the block otherwise looks like the culprit).
    // (Nested, the message starts with the path: `cta: duplicate entry with key "label"`.)
    if let Some(key) = problem
        .split_once("duplicate entry with key \"")
        .and_then(|(_, k)| k.strip_suffix('"'))
    {
        let indent = text[..found.min(text.len())]
            .rsplit('\n')
            .next()
            .map_or(0, |l| l.chars().count());
        let mut seen = 0;
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            let body = line.trim_end();
            let starts = body.len() - body.trim_start().len() == indent
                && [
                    format!("{key}:"),
                    format!("\"{key}\":"),
                    format!("'{key}':"),
                ]
                .iter()
                .any(|k| body.trim_start().starts_with(k.as_str()));
            // From the line that holds the mapping's start (a nested one is indented).
            if at + indent >= found && starts {
                seen += 1;
                if seen == 2 {
                    return (
                        at + indent,
                        format!("`{key}` is written twice; this one is the second"),
                    );
                }
            }
            at += line.len();
        }
    }
    let Some(context) = msg.split(", while ").nth(1) else {
        return (found, problem);
    };
    let Some((what, at)) = context.split_once(" at line ") else {
        return (found, problem);
    };
    let what = what
        .trim_start_matches("parsing ")
        .trim_start_matches("scanning ");
    let mut nums = at.split(" column ").map(|n| n.trim().parse::<usize>().ok());
    match (nums.next().flatten(), nums.next().flatten()) {
        (Some(line), Some(col)) => (
            offset_of(text, line, col),
            format!("{what} starts here and is never closed ({problem})"),
        ),
        _ => (found, problem),
    }
}

/// An event name as hosts pass it to `WhatsNew.track`: letters, digits, `-`, `_`, `.`, `:`, `/`.
fn valid_event(e: &str) -> bool {
    !e.is_empty()
        && e.len() <= 100
        && e.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':' | b'/'))
}

fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        // A TOML date is a date, not text; carry it as the text authors wrote.
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

/// Where a top-level key is written: `key:` (YAML) or `key =`, `key.x =`, `[key]` (TOML).
fn find_key(block: &Block<'_>, key: &str) -> Option<Range<usize>> {
    let mut pos = 0;
    for line in block.text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let (bracket, rest) = match line.strip_prefix('[') {
            Some(r) if block.syntax == Syntax::Toml => (1, r.trim_start_matches('[')),
            _ => (0, line),
        };
        let skip = bracket + (line.len() - bracket - rest.len());
        let (quote, rest) = match rest.chars().next() {
            Some('"' | '\'') => (1, &rest[1..]),
            _ => (0, rest),
        };
        let Some(after) = rest.strip_prefix(key) else {
            continue;
        };
        let after = &after[quote.min(after.len())..];
        let next = after.trim_start_matches([' ', '\t']).chars().next();
        let hit = match block.syntax {
            Syntax::Yaml => next == Some(':'),
            Syntax::Toml => matches!(next, Some('=' | '.' | ']')),
        };
        if hit {
            let at = block.offset + start + skip + quote;
            return Some(at..at + key.len());
        }
    }
    None
}

/// The value written after a key on the same line (`2026-13-01` in `published: 2026-13-01`),
/// or the key itself when the value is on the following lines.
fn value_span(block: &Block<'_>, key: &Range<usize>) -> Range<usize> {
    let Some(rel) = key.end.checked_sub(block.offset) else {
        return key.clone();
    };
    let rest = block.text.get(rel..).unwrap_or("");
    let line = rest.split('\n').next().unwrap_or("");
    let after = line
        .trim_start_matches([' ', '\t'])
        .trim_start_matches(['"', '\'']);
    let after = after.strip_prefix([':', '=']).unwrap_or(after);
    let value = after.trim_start_matches([' ', '\t']);
    let value = value.trim_end();
    if value.is_empty() {
        return key.clone();
    }
    let start = key.end
        + (line.len() - after.len())
        + (after.len() - after.trim_start_matches([' ', '\t']).len());
    start..start + value.len()
}

/// Where `key` is written inside the table whose key ends at `after` (`  url: ...` under
/// `cta:`, or `url = ...` under `[cta]`): the first line after it that starts with the key.
fn find_nested(block: &Block<'_>, after: usize, key: &str) -> Option<Range<usize>> {
    let start = after.checked_sub(block.offset)?;
    // On the key's own line, in a flow mapping (`cta: {label: Learn more, url: /x}`).
    let line_end = block
        .text
        .get(start..)?
        .find('\n')
        .map_or(block.text.len(), |i| start + i);
    let own = block.text.get(start..line_end)?;
    if let Some(open) = own.find('{') {
        let mut from = open;
        while let Some(i) = own.get(from..).and_then(|t| t.find(key)).map(|i| from + i) {
            let before = own[..i].trim_end();
            let after_key = own[i + key.len()..].trim_start();
            if before.ends_with(['{', ',']) && after_key.starts_with([':', '=']) {
                let at = block.offset + start + i;
                return Some(at..at + key.len());
            }
            from = i + key.len();
        }
    }
    let mut pos = start + block.text.get(start..)?.find('\n')? + 1;
    for line in block.text.get(pos..)?.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(rest) = trimmed.strip_prefix(key) {
            if rest.trim_start().starts_with([':', '=']) {
                let at = block.offset + pos + indent;
                return Some(at..at + key.len());
            }
        }
        pos += line.len();
    }
    None
}

struct Fields<'s, 'a> {
    src: &'s Source<'a>,
    block: &'s Block<'a>,
    entries: &'s [Entry],
    diags: &'s mut Vec<Diagnostic>,
}

impl Fields<'_, '_> {
    fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }

    fn error(
        &mut self,
        code: &'static str,
        span: Range<usize>,
        message: String,
        label: &str,
        help: String,
    ) {
        self.diags.push(
            Diagnostic::error(code, self.src.path, span, message)
                .label(label)
                .help(help),
        );
    }

    fn reject_unknown(&mut self) {
        let expected = KEYS
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        for e in self.entries {
            if KEYS.contains(&e.key.as_str()) {
                continue;
            }
            let hint = match suggest(&e.key, self.entries) {
                Some(k) => format!("did you mean `{k}`? expected one of {expected}"),
                None => format!("expected one of {expected}"),
            };
            self.diags.push(
                Diagnostic::error(
                    "unknown-field",
                    self.src.path,
                    e.span.clone(),
                    format!("unknown front matter key `{}`", e.key),
                )
                .label("not a known key")
                .help(hint),
            );
        }
    }

    fn missing(&mut self, key: &str, help: &str) {
        // A misspelt key that would have been this one: point at it.
        let typo = self.entries.iter().find(|e| {
            !KEYS.contains(&e.key.as_str()) && suggest(&e.key, self.entries) == Some(key)
        });
        let (span, label, help) = match typo {
            Some(e) => (
                e.span.clone(),
                "misspelt?".to_owned(),
                format!("rename `{}` to `{key}`", e.key),
            ),
            None => (
                self.block.opening.clone(),
                "front matter starts here".to_owned(),
                help.to_owned(),
            ),
        };
        self.error(
            "missing-field",
            span,
            format!("missing `{key}` in front matter"),
            &label,
            help,
        );
    }

    fn text(&mut self, key: &str) -> Option<Option<String>> {
        let e = self.get(key)?;
        let span = value_span(self.block, &e.span);
        match &e.value {
            // A YAML "\e" or "\a" is a control character: it would reach terminals (check,
            // report, brief) and break feeds, and readers never see one.
            Value::String(s)
                if s.chars()
                    .any(|c| c.is_control() && !matches!(c, '\n' | '\t')) =>
            {
                let c = s
                    .chars()
                    .find(|c| c.is_control() && !matches!(c, '\n' | '\t'))
                    .unwrap_or_default();
                self.error(
                    "invalid-field",
                    span,
                    format!("`{key}` has a control character (U+{:04X})", u32::from(c)),
                    "here",
                    "remove it: text for readers has no control characters".into(),
                );
                Some(None)
            }
            Value::String(s) if !blank(s) => Some(Some(s.trim().to_owned())),
            Value::String(_) | Value::Null => {
                self.error(
                    "empty-field",
                    span,
                    format!("`{key}` is empty"),
                    "no text here",
                    format!("write the {key} as text, or remove the key"),
                );
                Some(None)
            }
            other => {
                let found = kind(other);
                self.error(
                    "invalid-field",
                    span,
                    format!("`{key}` must be text, found {found}"),
                    "expected text",
                    format!("quote the value: {key}: \"...\""),
                );
                Some(None)
            }
        }
    }

    fn required_text(&mut self, key: &str, help: &str) -> Option<String> {
        match self.text(key) {
            None => {
                self.missing(key, help);
                None
            }
            Some(v) => v,
        }
    }

    fn optional_text(&mut self, key: &str) -> Option<Option<String>> {
        self.text(key)
    }

    fn required_date(&mut self) -> Option<Date> {
        let Some(e) = self.get("published") else {
            self.missing(
                "published",
                "add `published: YYYY-MM-DD`, the day customers may first see it",
            );
            return None;
        };
        let span = value_span(self.block, &e.span);
        let date = e.value.as_str().and_then(Date::parse);
        // `2026-02-30` is written right and is no day: say which part is wrong.
        let no_day = e.value.as_str().and_then(|s| {
            let (y, rest) = s.trim().split_once('-')?;
            let (m, d) = rest.split_once('-')?;
            let (y, m, d): (i32, u8, u8) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
            let days = match m {
                2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                1..=12 => 31,
                _ => return Some(format!("there is no month {m}")),
            };
            (d == 0 || d > days).then(|| format!("that month has {days} days"))
        });
        if date.is_none() {
            let found = match &e.value {
                Value::String(s) => format!("`{s}`"),
                other => kind(other).to_owned(),
            };
            self.error(
                "invalid-date",
                span,
                format!("`published` must be a date like 2026-11-02, found {found}"),
                "not a date",
                no_day.unwrap_or_else(|| "write the date as YYYY-MM-DD".into()),
            );
        }
        date
    }

    fn id(&mut self) -> Option<String> {
        let (id, span, from_key) = match self.text("id") {
            Some(Some(id)) => (id, self.get("id").map_or(0..0, |e| e.span.clone()), true),
            Some(None) => return None,
            None => (self.src.stem.to_owned(), 0..0, false),
        };
        if valid_id(&id) {
            return Some(id);
        }
        let (message, help) = if from_key {
            (format!("`{id}` is not a valid id"), "use letters, digits, `-`, `_` or `.`, starting with a letter or digit, at most 64 characters".to_owned())
        } else {
            (
                format!("the file name gives the invalid id `{id}`"),
                "rename the file to at most 64 letters, digits and `-`, or set `id:` in the front matter"
                    .to_owned(),
            )
        };
        self.error("invalid-id", span, message, "here", help);
        None
    }

    fn cta(&mut self) -> Option<Option<Cta>> {
        let e = self.get("cta")?;
        let span = e.span.clone();
        let cta: Cta = match serde_json::from_value(e.value.clone()) {
            Ok(c) => c,
            Err(err) => {
                self.error(
                    "invalid-field",
                    span,
                    format!("`cta` is not valid: {err}"),
                    "here",
                    "write `cta:` with two indented keys, `label:` and `url:`".into(),
                );
                return Some(None);
            }
        };
        let mut ok = true;
        if blank(&cta.label) {
            let label = find_nested(self.block, span.end, "label")
                .map_or(span.clone(), |k| value_span(self.block, &k));
            self.error(
                "empty-field",
                label,
                "`cta.label` is empty".into(),
                "here",
                "say what the customer will do, e.g. \"Export your first report\"".into(),
            );
            ok = false;
        }
        let url = safe_url(&cta.url);
        if url.is_none() {
            let span = find_nested(self.block, span.end, "url")
                .map_or(span, |k| value_span(self.block, &k));
            self.error(
                "unsafe-url",
                span,
                format!(
                    "`cta.url` `{}` uses a scheme that is not allowed",
                    cta.url.escape_debug()
                ),
                "here",
                "links may use http, https, mailto, tel or a relative path".into(),
            );
            ok = false;
        }
        Some(ok.then(|| Cta {
            label: cta.label.trim().to_owned(),
            url: url.unwrap_or_default(),
        }))
    }

    fn value(&self, key: &str) -> Option<(Value, Range<usize>)> {
        self.get(key)
            .map(|e| (e.value.clone(), value_span(self.block, &e.span)))
    }

    /// One of `allowed`, as text.
    fn choice(&mut self, key: &str, allowed: &[&str]) -> Option<String> {
        let (value, span) = self.value(key)?;
        match value.as_str().map(str::trim) {
            Some(v) if allowed.contains(&v) => Some(v.to_owned()),
            _ => {
                self.invalid(
                    key,
                    span,
                    &format!("one of {}", allowed.join(", ")),
                    &format!(
                        "write {key}: {}",
                        allowed.first().copied().unwrap_or_default()
                    ),
                );
                None
            }
        }
    }

    /// `true` or `false` (absent: false).
    fn flag(&mut self, key: &str) -> bool {
        let Some((value, span)) = self.value(key) else {
            return false;
        };
        match value {
            Value::Bool(b) => b,
            _ => {
                self.invalid(key, span, "true or false", &format!("write {key}: true"));
                false
            }
        }
    }

    fn invalid(&mut self, key: &str, span: Range<usize>, expected: &str, help: &str) {
        self.error(
            "invalid-field",
            span,
            format!("`{key}` must be {expected}"),
            "here",
            help.to_owned(),
        );
    }

    /// A list of strings (`[a, b]`, or one string), each accepted by `ok`; anything else is
    /// reported as not being `expected`.
    fn strings(
        &mut self,
        key: &str,
        expected: &str,
        help: &str,
        ok: fn(&str) -> bool,
    ) -> Vec<String> {
        let Some((value, span)) = self.value(key) else {
            return Vec::new();
        };
        let items = match value {
            Value::String(s) => vec![Value::String(s)],
            Value::Array(a) => a,
            _ => vec![Value::Null],
        };
        let mut out = Vec::new();
        for item in items {
            match item.as_str().map(str::trim) {
                Some(v) if ok(v) => out.push(v.to_owned()),
                // Each bad item by name: a list with two gets two different messages.
                Some(v) => self.invalid(
                    key,
                    span.clone(),
                    &format!("{expected}: `{v}` is not"),
                    help,
                ),
                None => self.invalid(key, span.clone(), expected, help),
            }
        }
        out
    }

    /// A list of plain names (`[a, b]`, or one name).
    fn names(&mut self, key: &str) -> Vec<String> {
        let help = format!("write {key}: [first, second]");
        self.strings(
            key,
            "a list of names (ASCII letters, digits, `-`, `_`)",
            &help,
            valid_id,
        )
    }

    fn pages(&mut self) -> Vec<String> {
        self.strings(
            "pages",
            "a list of URL paths starting with `/`",
            "write pages: [\"/reports\", \"/invoices/*\"]",
            |p| p.starts_with('/'),
        )
    }

    fn display(&mut self) -> Display {
        let Some((value, span)) = self.value("display") else {
            return Display::Feed;
        };
        let found = value
            .as_str()
            .and_then(|v| Display::ALL.iter().find(|(n, _)| *n == v));
        match found {
            Some((_, d)) => *d,
            None => {
                let names: Vec<_> = Display::ALL.iter().map(|(n, _)| format!("`{n}`")).collect();
                // `popop` means `popup`.
                let near = value.as_str().and_then(|v| {
                    Display::ALL
                        .iter()
                        .map(|(n, _)| (levenshtein(&v.to_ascii_lowercase(), n), *n))
                        .filter(|(d, _)| *d <= 2)
                        .min()
                });
                let help = match near {
                    Some((_, n)) => format!("did you mean `{n}`?"),
                    None => "pick how customers see it; `feed` lists it in the panel only".into(),
                };
                self.invalid(
                    "display",
                    span,
                    &format!("one of {}", names.join(", ")),
                    &help,
                );
                Display::Feed
            }
        }
    }

    fn moment(&mut self, key: &str) -> Option<i64> {
        let (value, span) = self.value(key)?;
        let at = value.as_str().and_then(parse_moment);
        if at.is_none() {
            self.invalid(
                key,
                span,
                "a date or a date and time",
                &format!("write {key}: 2026-11-02 or {key}: 2026-11-02T09:00:00Z"),
            );
        }
        at
    }

    fn priority(&mut self) -> i32 {
        let Some((value, span)) = self.value("priority") else {
            return 0;
        };
        match value.as_i64() {
            Some(n) if (-100..=100).contains(&n) => n as i32,
            _ => {
                self.invalid(
                    "priority",
                    span,
                    "a whole number from -100 to 100",
                    "0 is normal; higher interrupts first",
                );
                0
            }
        }
    }

    /// `trigger: export-run` or `trigger: { event: export-run, count: 3 }`.
    fn trigger(&mut self) -> Option<Trigger> {
        let (value, span) = self.value("trigger")?;
        let (event, count) = match &value {
            Value::String(s) => (Some(s.trim()), Some(1)),
            Value::Object(o) if o.keys().all(|k| k == "event" || k == "count") => (
                o.get("event").and_then(Value::as_str).map(str::trim),
                match o.get("count") {
                    None => Some(1),
                    Some(n) => n.as_u64().filter(|n| (1..=1000).contains(n)),
                },
            ),
            _ => (None, None),
        };
        match (event, count) {
            (Some(e), Some(n)) if valid_event(e) => Some(Trigger {
                event: e.to_owned(),
                count: n as u32,
            }),
            _ => {
                self.invalid(
                    "trigger",
                    span,
                    "an event name, or `{ event, count }` with a count from 1 to 1000",
                    "write trigger: report-exported (the name the product passes to WhatsNew.track), or trigger: { event: report-exported, count: 3 }",
                );
                None
            }
        }
    }

    /// `timeout: 10` or `timeout: 10s` / `2m`: seconds, for toasts and banners.
    fn timeout(&mut self) -> Option<u32> {
        let (value, span) = self.value("timeout")?;
        let secs = match &value {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => {
                let s = s.trim();
                let (num, unit) = match s.strip_suffix('m') {
                    Some(n) => (n, 60),
                    None => (s.strip_suffix('s').unwrap_or(s), 1),
                };
                num.trim().parse::<u64>().ok().map(|n| n * unit)
            }
            _ => None,
        };
        match secs.filter(|s| (1..=3600).contains(s)) {
            Some(s)
                if matches!(
                    self.get("display").and_then(|e| e.value.as_str()),
                    Some("toast" | "banner")
                ) =>
            {
                Some(s as u32)
            }
            Some(_) => {
                self.invalid(
                    "timeout",
                    span,
                    "set only on a toast or a banner",
                    "popups and the feed wait for the user; remove `timeout` or set `display: toast`",
                );
                None
            }
            None => {
                self.invalid(
                    "timeout",
                    span,
                    "a number of seconds from 1 to 3600 (`10`, `10s`, `2m`)",
                    "write timeout: 15s; leave it out to keep the toast until the user acts on it",
                );
                None
            }
        }
    }

    /// `goal: report-exported`, with `within: 14d` (days; 14 unless set, 1 to 365).
    fn goal(&mut self) -> Option<Goal> {
        let within = self.value("within").map(|(value, span)| {
            let days = match &value {
                Value::Number(n) => n.as_u64(),
                Value::String(s) => {
                    let s = s.trim();
                    s.strip_suffix('d').unwrap_or(s).trim().parse::<u64>().ok()
                }
                _ => None,
            };
            (days.filter(|d| (1..=365).contains(d)), span)
        });
        let Some((value, span)) = self.value("goal") else {
            if let Some((_, span)) = within {
                self.invalid(
                    "within",
                    span,
                    "set together with `goal`",
                    "add goal: <the event name the product passes to WhatsNew.track>, or remove `within`",
                );
            }
            return None;
        };
        let event = value.as_str().map(str::trim).filter(|e| valid_event(e));
        let Some(event) = event else {
            self.invalid(
                "goal",
                span,
                "an event name (letters, digits, `-`, `_`, `.`, `:`, `/`)",
                "write goal: report-exported, the name the product passes to WhatsNew.track when the customer uses the feature",
            );
            return None;
        };
        let within_days = match within {
            None => 14,
            Some((Some(d), _)) => d as u32,
            Some((None, span)) => {
                self.invalid(
                    "within",
                    span,
                    "a number of days from 1 to 365 (`14d`)",
                    "write within: 14d: the goal counts when it happens within 14 days of the first exposure",
                );
                return None;
            }
        };
        Some(Goal {
            event: event.to_owned(),
            within_days,
        })
    }

    /// `holdout: 10%` (or `10`): a whole percentage from 1 to 50, only with a `goal`.
    fn holdout(&mut self, has_goal: bool) -> Option<u32> {
        let (value, span) = self.value("holdout")?;
        let percent = match &value {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => {
                let s = s.trim();
                s.strip_suffix('%').unwrap_or(s).trim().parse::<u64>().ok()
            }
            _ => None,
        };
        match percent.filter(|p| (1..=50).contains(p)) {
            Some(_) if !has_goal && self.get("goal").is_none() => {
                self.invalid(
                    "holdout",
                    span,
                    "set together with `goal`",
                    "a holdout compares the goal rate of users who saw it with users who did not; add goal: <event name>",
                );
                None
            }
            Some(p) => Some(p as u32),
            None => {
                self.invalid(
                    "holdout",
                    span,
                    "a whole percentage from 1 to 50 (`10%`)",
                    "write holdout: 10%: one user in ten never sees it, so the report can compare",
                );
                None
            }
        }
    }

    fn image(&mut self) -> Option<Image> {
        let (value, span) = self.value("image")?;
        let src = value
            .get("src")
            .and_then(Value::as_str)
            .map(str::trim)
            .unwrap_or("");
        let alt = value
            .get("alt")
            .and_then(Value::as_str)
            .map(str::trim)
            .unwrap_or("");
        let unknown = value
            .as_object()
            .is_some_and(|o| o.keys().any(|k| k != "src" && k != "alt"));
        if !value.is_object() || src.is_empty() || unknown {
            self.invalid(
                "image",
                span,
                "a table with `src` and `alt`",
                "write image: { src: /img/export.png, alt: \"The export dialog\" }",
            );
            return None;
        }
        if alt.is_empty() {
            self.error(
                "missing-alt",
                span,
                "image without alt text".into(),
                "no description",
                "describe the image for screen readers in `alt`".into(),
            );
            return None;
        }
        let Some(src) = safe_url(src) else {
            self.error(
                "unsafe-url",
                span,
                "`image.src` uses a scheme that is not allowed".into(),
                "here",
                "images may use http, https or a relative path".into(),
            );
            return None;
        };
        Some(Image {
            src,
            alt: alt.to_owned(),
        })
    }

    fn steps(&mut self) -> Vec<StepSource> {
        let Some((value, span)) = self.value("steps") else {
            return Vec::new();
        };
        let Some(items) = value.as_array() else {
            self.invalid(
                "steps",
                span,
                "a list of steps",
                "each step has `title`, and usually `anchor` and `body`",
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            let text = |k: &str| {
                item.get(k)
                    .and_then(Value::as_str)
                    .map(|s| s.trim().to_owned())
            };
            let unknown = item.as_object().is_some_and(|o| {
                o.keys().any(|k| {
                    !["anchor", "title", "body", "page", "side", "advance"].contains(&k.as_str())
                })
            });
            let page = text("page").filter(|p| !p.is_empty());
            let side = text("side");
            let advance = text("advance");
            let valid = page.as_ref().is_none_or(|p| p.starts_with('/'))
                && side.as_ref().is_none_or(|s| SIDES.contains(&s.as_str()))
                && advance.as_ref().is_none_or(|a| a == "click");
            match text("title").filter(|t| !t.is_empty()) {
                Some(title) if !unknown && valid => out.push(StepSource {
                    anchor: text("anchor").filter(|a| !a.is_empty()),
                    title,
                    body: text("body").unwrap_or_default(),
                    page,
                    side,
                    advance,
                }),
                _ => self.invalid(
                    "steps",
                    span.clone(),
                    "a list of steps with a `title` (and `anchor`, `body`, `page`, `side`, `advance`)",
                    "each step has `title`, and usually `anchor` and `body`; `page` is a path like /reports, `side` one of top, bottom, start, end, and `advance: click` moves on when the anchor is clicked",
                ),
            }
        }
        out
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a true/false value",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a table of keys",
    }
}

/// Ids name state and events forever: keep them plain.
pub fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    id.len() <= 64
        && chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Keys every announcement must have.
const REQUIRED: &[&str] = &["benefit", "published"];

/// The key an unknown key most likely means, among those within edit distance 2: the closest;
/// among equally close ones, a required key that is missing first, then any key not yet
/// written (`publishd` means `published` when that is missing, not `publish`).
fn suggest(word: &str, entries: &[Entry]) -> Option<&'static str> {
    let written = |k: &str| entries.iter().any(|e| e.key == k);
    KEYS.iter()
        .map(|k| {
            let missing_required = REQUIRED.contains(k) && !written(k);
            (levenshtein(word, k), !missing_required, written(k), *k)
        })
        .filter(|(d, ..)| *d <= 2)
        .min()
        .map(|(.., k)| k)
}

/// Edit distance (Levenshtein, over chars).
pub fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Text a reader would see nothing of: spaces, and characters that show nothing (a zero-width
/// space, joiners, direction marks, a soft hyphen, a byte-order mark, Hangul fillers).
fn blank(s: &str) -> bool {
    s.chars().all(|c| {
        c.is_whitespace()
            || matches!(
                c,
                '\u{00AD}'
                    | '\u{034F}'
                    | '\u{115F}'
                    | '\u{1160}'
                    | '\u{180E}'
                    | '\u{200B}'..='\u{200F}'
                    | '\u{202A}'..='\u{202E}'
                    | '\u{2060}'..='\u{2064}'
                    | '\u{2066}'..='\u{2069}'
                    | '\u{3164}'
                    | '\u{FE00}'..='\u{FE0F}'
                    | '\u{FEFF}'
                    | '\u{FFA0}'
            )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::line_col;

    /// (code, (line, column)) per diagnostic.
    pub(super) type Found = Vec<(String, (usize, usize))>;

    /// Parses `text` as `a.md`: the front matter, or every diagnostic's code and position.
    pub(super) fn run(text: &str) -> Result<FrontMatter, Found> {
        let src = Source {
            path: "a.md",
            stem: "a",
            text,
        };
        let parsed = parse(&src, false);
        parsed.front_matter.ok_or_else(|| {
            parsed
                .diags
                .iter()
                .map(|d| (d.code.to_owned(), line_col(text, d.span.start)))
                .collect()
        })
    }

    #[test]
    fn goal_within_and_holdout() {
        let fm = run("---\nbenefit: Find any invoice\npublished: 2026-11-02\ngoal: invoice-found\nwithin: 7d\nholdout: 10%\n---\n").unwrap();
        assert_eq!(
            fm.goal,
            Some(Goal {
                event: "invoice-found".into(),
                within_days: 7
            })
        );
        assert_eq!(fm.holdout, Some(10));
        let fm = run(
            "+++\nbenefit = \"Find\"\npublished = 2026-11-02\ngoal = \"found\"\nholdout = 5\n+++\n",
        )
        .unwrap();
        assert_eq!(fm.goal.map(|g| g.within_days), Some(14));
        assert_eq!(fm.holdout, Some(5));
        let err = run("---\nbenefit: Find\npublished: 2026-11-02\ngoal: has space\nwithin: 2y\nholdout: 80%\n---\n").unwrap_err();
        let codes: Vec<_> = err.iter().map(|(c, at)| (c.as_str(), *at)).collect();
        assert_eq!(
            codes,
            [("invalid-field", (4, 7)), ("invalid-field", (6, 10))]
        );
        let err = run("---\nbenefit: Find\npublished: 2026-11-02\nwithin: 3d\nholdout: 10%\n---\n")
            .unwrap_err();
        assert_eq!(err.len(), 2, "{err:?}");
    }

    #[test]
    fn yaml_and_toml_give_the_same_front_matter() {
        let yaml = run("---\nbenefit: Find any invoice\nfeature: Search\npublished: 2026-11-02\ncta:\n  label: Try it\n  url: /search\n---\nbody").unwrap();
        let toml = run("+++\nbenefit = \"Find any invoice\"\nfeature = \"Search\"\npublished = 2026-11-02\n[cta]\nlabel = \"Try it\"\nurl = \"/search\"\n+++\nbody").unwrap();
        let (mut yaml, mut toml) = (yaml, toml);
        yaml.spans.clear();
        toml.spans.clear();
        assert_eq!(yaml, toml);
        assert_eq!(yaml.id, "a");
        assert_eq!(yaml.cta.unwrap().url, "/search");
    }

    #[test]
    fn reports_every_problem_at_its_line() {
        let err = run("---\nbenfit: x\npublished: 2026-02-30\ncolour: red\ncta:\n  label: Go\n  url: \" javascript:alert(1)\"\n---\n").unwrap_err();
        assert_eq!(
            err,
            [
                ("unknown-field".to_owned(), (2, 1)),
                ("unknown-field".to_owned(), (4, 1)),
                ("missing-field".to_owned(), (2, 1)),
                ("invalid-date".to_owned(), (3, 12)),
                ("unsafe-url".to_owned(), (7, 8)),
            ]
        );
    }

    /// Regression (found by the `front_matter` fuzz target): a YAML error at a non-ASCII
    /// character was given the one-byte span `at..at + 1`, which splits the character, and the
    /// CLI slices the file there to print the snippet. The span is the whole character.
    #[test]
    fn syntax_error_spans_cover_whole_characters() {
        for text in [
            "---\nbenefit: x\npublished: 2026-11-02\nاسم بطاقة\n---\n",
            "---\nbenefit: x\n\tاسم: y\n---\n",
            "+++\nbenefit = \"x\"\nfeature = é\n+++\n",
        ] {
            let src = Source {
                path: "a.md",
                stem: "a",
                text,
            };
            let diags = parse(&src, false).diags;
            assert!(!diags.is_empty(), "{text:?}");
            for d in diags {
                let snippet = text.get(d.span.clone());
                println!("{:?} -> {} at {:?}: {snippet:?}", text, d.code, d.span);
                assert!(snippet.is_some_and(|s| !s.is_empty()), "{d:?}");
            }
        }
    }

    #[test]
    fn syntax_errors_point_into_the_file() {
        let err =
            run("---\nbenefit: ok\npublished: 2026-11-02\nfeature: [unclosed\n---\n").unwrap_err();
        assert_eq!(err[0].0, "front-matter-syntax");
        assert!(
            err[0].1 .0 >= 4,
            "points at or after line 4: {:?}",
            err[0].1
        );
        let err = run("+++\nbenefit = \"ok\"\npublished = 2026-11-02\nfeature = nope\n+++\n")
            .unwrap_err();
        assert_eq!(err, [("front-matter-syntax".to_owned(), (4, 11))]);
        assert_eq!(
            run("no front matter").unwrap_err()[0].0,
            "missing-front-matter"
        );
        assert_eq!(
            run("---\nbenefit: x\n").unwrap_err()[0].0,
            "unclosed-front-matter"
        );
    }

    /// Regression: a tab in YAML was reported a line above it ("a plain scalar starts here and
    /// is never closed"); it is reported at the tab, with a hint about spaces and quoting.
    #[test]
    fn a_tab_in_yaml_is_reported_where_it_is() {
        for (text, at) in [
            (
                "---\nbenefit: x\npublished: 2026-11-02\ncta:\n  label: Go\n\turl: /x\n---\n",
                (6, 1),
            ),
            (
                "---\nbenefit: x\npublished: 2026-11-02\n\tfeature: Search\n---\n",
                (4, 1),
            ),
            (
                "---\nbenefit: x\npublished: 2026-11-02\nfeature: >\n\tSearch\n---\n",
                (5, 1),
            ),
            (
                "---\nbenefit: x\npublished: 2026-11-02\npages:\n  - /a\n\t- /b\n---\n",
                (6, 1),
            ),
            (
                "---\nbenefit: x\npublished: 2026-11-02\ntags:\n\t- new\n---\n",
                (5, 1),
            ),
        ] {
            let src = Source {
                path: "a.md",
                stem: "a",
                text,
            };
            let d = parse(&src, false).diags;
            assert_eq!(d.len(), 1, "{text:?}: {d:?}");
            assert_eq!(
                (d[0].code, line_col(text, d[0].span.start)),
                ("front-matter-syntax", at),
                "{text:?}"
            );
            assert!(
                d[0].help.as_deref().is_some_and(|h| h.contains("quoted")),
                "{d:?}"
            );
        }
    }

    #[test]
    fn ids_are_plain() {
        for (id, ok) in [
            ("bulk-export", true),
            ("v2.1_notes", true),
            ("-x", false),
            ("a b", false),
            ("é", false),
            ("", false),
        ] {
            assert_eq!(valid_id(id), ok, "{id}");
        }
    }

    /// Regression: `publishd` suggested `publish` (a different field) while `published` was
    /// missing; suggestions rank by distance, then by the required field that is missing.
    #[test]
    fn hints_say_what_is_wrong_with_a_date_a_display_and_each_tag() {
        let help = |text: &str| -> Vec<String> {
            let src = Source {
                path: "a.md",
                stem: "a",
                text,
            };
            parse(&src, false)
                .diags
                .iter()
                .map(|d| d.help.clone().unwrap_or_default() + " | " + &d.message)
                .collect()
        };
        let h = help("---\nbenefit: x\npublished: 2026-02-30\n---\n");
        assert!(h[0].starts_with("that month has 28 days"), "{h:?}");
        let h = help("---\nbenefit: x\npublished: 2028-02-30\n---\n");
        assert!(h[0].starts_with("that month has 29 days"), "{h:?}");
        let h = help("---\nbenefit: x\npublished: 2026-11-02\ndisplay: popop\n---\n");
        assert!(h[0].starts_with("did you mean `popup`?"), "{h:?}");
        let h = help(
            "---\nbenefit: x\npublished: 2026-11-02\ntags: [ok, \"C++\", \"with space\"]\n---\n",
        );
        assert_eq!(h.len(), 2, "{h:?}");
        assert!(
            h[0].contains("`C++` is not") && h[1].contains("`with space` is not"),
            "{h:?}"
        );
    }

    #[test]
    fn suggestions_prefer_the_missing_required_key() {
        let entries = |keys: &[&str]| -> Vec<Entry> {
            keys.iter()
                .map(|k| Entry {
                    key: (*k).to_owned(),
                    value: Value::Null,
                    span: 0..0,
                })
                .collect()
        };
        assert_eq!(suggest("benfit", &entries(&["benfit"])), Some("benefit"));
        assert_eq!(suggest("colour", &entries(&["colour"])), None);
        assert_eq!(
            suggest("publishd", &entries(&["benefit", "publishd"])),
            Some("published")
        );
        assert_eq!(
            suggest("publishd", &entries(&["published", "publishd"])),
            Some("publish"),
            "with `published` written, the other near key"
        );
        let err = run("---\nbenefit: Find any invoice\npublishd: 2026-11-02\n---\n").unwrap_err();
        assert_eq!(
            err,
            [
                ("unknown-field".to_owned(), (3, 1)),
                ("missing-field".to_owned(), (3, 1)),
            ],
            "the missing key points at its misspelling"
        );
    }
}
