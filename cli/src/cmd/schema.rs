//! `whatsnew schema`: JSON Schemas of front matter, whatsnew.toml and the bundle, so editors can
//! autocomplete and validate. The repository keeps copies in `schema/`.

use crate::args::{SchemaArgs, SchemaKind};
use crate::error::{IoContext, Result};
use schemars::JsonSchema;
use serde::Deserialize;
use whatsnew_core::bundle::{Cta, Display, Image};

/// Front matter, as authors write it (YAML between `---` or TOML between `+++`).
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct FrontMatter {
    /// Stable identifier; defaults to the file name.
    id: Option<String>,
    /// The headline: what the customer gains, in their words. Lead with the gain, not "We
    /// added" or "Introducing".
    benefit: String,
    /// The feature's name, shown second.
    feature: Option<String>,
    /// The announcement's date, YYYY-MM-DD; not shown before it.
    published: String,
    /// The one action it asks for.
    cta: Option<Cta>,
    /// How it is delivered.
    display: Option<Display>,
    /// Audiences (from whatsnew.toml) it is for; everyone when absent.
    audience: Option<Vec<String>>,
    /// URL paths where it is relevant: `/reports`, `/invoices/*`, `/settings/**`.
    pages: Option<Vec<String>>,
    /// CSS selector of the element a tooltip points at.
    anchor: Option<String>,
    /// A guide's steps.
    steps: Option<Vec<Step>>,
    /// Not shown before: a date or an RFC 3339 date-time.
    publish: Option<String>,
    /// Not shown from: a date or an RFC 3339 date-time.
    expire: Option<String>,
    /// -100 to 100; higher interrupts first.
    priority: Option<i32>,
    /// Labels such as new, improved, fixed.
    tags: Option<Vec<String>>,
    /// A hero image; `alt` is required.
    image: Option<Image>,
    /// Lint rules allowed in this file.
    allow: Option<Vec<String>>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Step {
    /// The step's title.
    title: String,
    /// CSS selector of the element it points at.
    anchor: Option<String>,
    /// Markdown.
    body: Option<String>,
}

/// The schema of one kind, as pretty JSON.
pub fn text(kind: SchemaKind) -> String {
    let schema = match kind {
        SchemaKind::FrontMatter => schemars::schema_for!(FrontMatter),
        SchemaKind::Config => schemars::schema_for!(crate::config::Config),
        SchemaKind::Bundle => schemars::schema_for!(whatsnew_core::Bundle),
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
