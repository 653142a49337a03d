//! `whatsnew schema`: JSON Schemas of front matter, whatsnew.toml, the bundle and the event record, so editors can
//! autocomplete and validate. The repository keeps copies in `schema/`.

use crate::args::{SchemaArgs, SchemaKind};
use crate::error::{IoContext, Result};
use schemars::gen::{SchemaGenerator, SchemaSettings};
use schemars::schema::Schema;
use schemars::JsonSchema;
use serde::Deserialize;
use whatsnew_core::bundle::Display;

/// Front matter, as authors write it (YAML between `---` or TOML between `+++`). The schema
/// accepts what the compiler accepts (`cli/tests/schema.rs` holds them to it), except what a
/// schema cannot see: `published` is required in the default-locale file only (a translation
/// takes it from there), a day past the month's end (2026-02-30), and unsafe link schemes
/// (`check` reports those).
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct FrontMatter {
    /// Stable identifier; defaults to the file name.
    #[schemars(regex(pattern = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"))]
    id: Option<String>,
    /// The headline: what the customer gains, in their words. Lead with the gain, not "We
    /// added" or "Introducing".
    #[schemars(regex(pattern = r"\S"))]
    benefit: String,
    /// The feature's name, shown second.
    #[schemars(regex(pattern = r"\S"))]
    feature: Option<String>,
    /// The announcement's date, YYYY-MM-DD; not shown before it. Required, except in a
    /// translation (`<id>.<locale>.md`), which takes it from the announcement.
    #[schemars(regex(pattern = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"))]
    published: Option<String>,
    /// The one action it asks for.
    cta: Option<FmCta>,
    /// How it is delivered.
    display: Option<Display>,
    /// Audiences (from whatsnew.toml) it is for, one or a list; everyone when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "names")]
    audience: Option<Vec<String>>,
    /// URL paths where it is relevant, one or a list: `/reports`, `/invoices/*`,
    /// `/settings/**`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "paths")]
    pages: Option<Vec<String>>,
    /// CSS selector of the element a tooltip points at.
    anchor: Option<String>,
    /// A guide's steps.
    steps: Option<Vec<Step>>,
    /// Which side of its anchor a tooltip goes on (`start` and `end` follow the writing
    /// direction). Default `bottom`.
    side: Option<Side>,
    /// A tooltip opens from a pulsing hotspot on its anchor instead of at once.
    hotspot: Option<bool>,
    /// A guide whose step's anchor never appears: `skip` the step (default) or `end` the guide.
    missing: Option<Missing>,
    /// Not shown before: a date or an RFC 3339 date-time.
    #[schemars(regex(pattern = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])([Tt ].+)?$"))]
    publish: Option<String>,
    /// Not shown from: a date or an RFC 3339 date-time.
    #[schemars(regex(pattern = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])([Tt ].+)?$"))]
    expire: Option<String>,
    /// -100 to 100; higher interrupts first.
    #[schemars(range(min = -100, max = 100))]
    priority: Option<i32>,
    /// Labels such as new, improved, fixed: one or a list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "names")]
    tags: Option<Vec<String>>,
    /// A hero image; `alt` is required.
    image: Option<FmImage>,
    /// Lint rules allowed in this file, one or a list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "names")]
    allow: Option<Vec<String>>,
    /// The host event (`WhatsNew.track(name)`) that must happen before it interrupts: a name,
    /// or `{ event, count }`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "trigger")]
    trigger: Option<serde_json::Value>,
    /// Seconds after which a toast or banner closes by itself (not while the pointer or focus is
    /// in it: then it stays until closed): 1 to 3600, or `"10s"`, `"2m"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "timeout")]
    timeout: Option<serde_json::Value>,
    /// The release it ships in: a name from releases.toml, or a new one.
    #[schemars(regex(pattern = r"\S"))]
    release: Option<String>,
    /// List it on the public changelog although it has an audience.
    public: Option<bool>,
    /// Notes for support (in the internal brief, never in the widget).
    support: Option<FmSupport>,
    /// Notes for sales and success (in the internal brief, never in the widget).
    sales: Option<FmSales>,
    /// Who gets it when, stage by stage (in the internal brief, never in the widget).
    rollout: Option<Vec<FmStage>>,
    /// The event (the name the product passes to `WhatsNew.track`) that means it worked.
    #[schemars(regex(pattern = r"^\s*[A-Za-z0-9_.:/-]{1,100}\s*$"))]
    goal: Option<String>,
    /// Days after the first exposure in which the goal counts: `14d` (the default) or 14.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "days")]
    within: Option<String>,
    /// The share of users held back to compare against: `10%` (1 to 50), with a `goal`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "percent")]
    holdout: Option<String>,
}

/// `support:`: what to tell customers, their questions with answers, known limits.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename = "Support")]
#[allow(dead_code)]
struct FmSupport {
    /// What support tells a customer who asks about it.
    #[schemars(regex(pattern = r"\S"))]
    tell: String,
    /// Questions customers are expected to ask.
    questions: Option<Vec<FmQuestion>>,
    /// What it does not do (yet): one or a list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "texts")]
    limits: Option<Vec<String>>,
}

/// An expected question and its answer.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename = "Question")]
#[allow(dead_code)]
struct FmQuestion {
    /// The question, in the customer's words.
    #[schemars(regex(pattern = r"\S"))]
    question: String,
    /// The answer support gives.
    #[schemars(regex(pattern = r"\S"))]
    answer: String,
}

/// `sales:`: who it helps and the talking point.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename = "Sales")]
#[allow(dead_code)]
struct FmSales {
    /// The customers it helps most.
    #[schemars(regex(pattern = r"\S"))]
    who: Option<String>,
    /// The one thing to say.
    #[schemars(regex(pattern = r"\S"))]
    pitch: String,
}

/// A rollout stage.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename = "Stage")]
#[allow(dead_code)]
struct FmStage {
    /// Who gets it at this stage.
    #[schemars(regex(pattern = r"\S"))]
    who: String,
    /// From this day, YYYY-MM-DD.
    #[schemars(regex(pattern = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"))]
    from: String,
}

/// `trigger`: an event name, or `{ event, count }`.
fn trigger(_: &mut SchemaGenerator) -> Schema {
    let event =
        serde_json::json!({ "type": "string", "pattern": r"^\s*[A-Za-z0-9_.:/-]{1,100}\s*$" });
    serde_json::from_value(serde_json::json!({
        "anyOf": [event, {
            "type": "object",
            "properties": { "event": event, "count": { "type": "integer", "minimum": 1, "maximum": 1000 } },
            "required": ["event"],
            "additionalProperties": false
        }]
    }))
    .unwrap_or(Schema::Bool(true))
}

/// `timeout`: seconds, or text with `s` or `m`.
fn timeout(_: &mut SchemaGenerator) -> Schema {
    serde_json::from_value(serde_json::json!({
        "anyOf": [
            { "type": "integer", "minimum": 1, "maximum": 3600 },
            { "type": "string", "pattern": r"^\s*\d+\s*[sm]?\s*$" }
        ]
    }))
    .unwrap_or(Schema::Bool(true))
}

/// Texts: one or a list.
fn texts(_: &mut SchemaGenerator) -> Schema {
    one_or_many(r"\S")
}

/// `14d` or 14: days from 1 to 365.
fn days(_: &mut SchemaGenerator) -> Schema {
    serde_json::from_value(serde_json::json!({
        "anyOf": [
            { "type": "string", "pattern": r"^\s*[0-9]{1,3}\s*d?\s*$" },
            { "type": "integer", "minimum": 1, "maximum": 365 }
        ]
    }))
    .unwrap_or(Schema::Bool(true))
}

/// `10%` or 10: a whole percentage from 1 to 50.
fn percent(_: &mut SchemaGenerator) -> Schema {
    serde_json::from_value(serde_json::json!({
        "anyOf": [
            { "type": "string", "pattern": r"^\s*[0-9]{1,2}\s*%?\s*$" },
            { "type": "integer", "minimum": 1, "maximum": 50 }
        ]
    }))
    .unwrap_or(Schema::Bool(true))
}

/// A call to action: a button label and where it goes.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename = "Cta")]
#[allow(dead_code)]
struct FmCta {
    /// Button text, e.g. "Export your first report".
    #[schemars(regex(pattern = r"\S"))]
    label: String,
    /// An http(s), mailto or relative URL.
    url: String,
}

/// An image.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename = "Image")]
#[allow(dead_code)]
struct FmImage {
    /// An http(s) or relative URL.
    #[schemars(regex(pattern = r"\S"))]
    src: String,
    /// Required description for screen readers.
    #[schemars(regex(pattern = r"\S"))]
    alt: String,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Step {
    /// The step's title.
    #[schemars(regex(pattern = r"\S"))]
    title: String,
    /// CSS selector of the element it points at.
    anchor: Option<String>,
    /// Markdown.
    body: Option<String>,
    /// The page it is on (a path like `/reports`); the guide shows where to go until the user
    /// is there.
    #[schemars(regex(pattern = r"^/"))]
    page: Option<String>,
    /// Which side of its anchor it goes on.
    side: Option<Side>,
    /// `click`: the step advances when the user clicks its anchor.
    advance: Option<Advance>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
enum Side {
    Top,
    Bottom,
    Start,
    End,
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
enum Missing {
    Skip,
    End,
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
enum Advance {
    Click,
}

/// One string matching `pattern`, or a list of them: the compiler takes both.
fn one_or_many(pattern: &str) -> Schema {
    let item = serde_json::json!({ "type": "string", "pattern": pattern });
    serde_json::from_value(serde_json::json!({
        "anyOf": [item, { "type": "array", "items": item }]
    }))
    .unwrap_or(Schema::Bool(true))
}

/// Names (audiences, tags, rule codes): one or a list.
fn names(_: &mut SchemaGenerator) -> Schema {
    one_or_many(r"^\s*[A-Za-z0-9][A-Za-z0-9._-]{0,63}\s*$")
}

/// URL paths: one or a list.
fn paths(_: &mut SchemaGenerator) -> Schema {
    one_or_many(r"^\s*/")
}

/// The schema of one kind, as pretty JSON.
pub fn text(kind: SchemaKind) -> String {
    let schema = match kind {
        // A key written with no value (`feature:`) is an error, not "absent": no `null`s.
        SchemaKind::FrontMatter => SchemaSettings::draft07()
            .with(|s| s.option_add_null_type = false)
            .into_generator()
            .into_root_schema_for::<FrontMatter>(),
        SchemaKind::Config => schemars::schema_for!(crate::config::Config),
        SchemaKind::Bundle => schemars::schema_for!(whatsnew_core::Bundle),
        SchemaKind::Event => schemars::schema_for!(whatsnew_core::event::Event),
    };
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

/// The file name a kind is written to.
pub fn file_name(kind: SchemaKind) -> &'static str {
    match kind {
        SchemaKind::FrontMatter => "front-matter.schema.json",
        SchemaKind::Config => "config.schema.json",
        SchemaKind::Bundle => "bundle.schema.json",
        SchemaKind::Event => "event.schema.json",
    }
}

/// Runs `whatsnew schema`.
pub fn run(args: &SchemaArgs) -> Result<()> {
    if let Some(dir) = &args.write {
        std::fs::create_dir_all(dir).context("cannot create", dir)?;
        for kind in [
            SchemaKind::FrontMatter,
            SchemaKind::Config,
            SchemaKind::Bundle,
            SchemaKind::Event,
        ] {
            let path = dir.join(file_name(kind));
            std::fs::write(&path, text(kind)).context("cannot write", &path)?;
            println!("wrote {}", path.display());
        }
        return Ok(());
    }
    print!("{}", text(args.kind.unwrap_or(SchemaKind::FrontMatter)));
    Ok(())
}
