//! `whatsnew init` and `whatsnew new`: the benefit-first path is the easy one.

use crate::args::{InitArgs, NewArgs};
use crate::error::{Error, IoContext, Result};
use whatsnew_core::compile::frontmatter::valid_id;

const CONFIG: &str = r#"# whatsnew project settings. Every key is optional.
product = "Your product"
# Names the feed; user state is kept per id, so keep it stable once live.
id = "your-product"
# Where `whatsnew preview` links to your running product.
# base_url = "http://localhost:3000"

[locales]
default = "en"
# Translations live beside each announcement as <id>.<locale>.md.
# others = ["fr", "de"]

# Named audiences: rules over the traits your page passes (data-user and, later, traits).
[audiences]
admins = 'role == "admin"'

# Declaring trait types lets `check` catch rules that compare the wrong things.
[traits]
role = "string"

[lint]
# Words your team uses that customers don't.
jargon = []
# Ticket ids that must not leak into release notes: PAY-123 (Jira, Linear) and #123 (GitHub).
ticket_patterns = ['[A-Z]{2,}-\d+', '\B#\d+\b']

# Rule levels: "allow", "warn" or "deny". `whatsnew check --explain` lists the rules.
[lint.rules]
# reading-grade = "allow"
"#;

const HOWTO: &str = r#"# Writing announcements

One Markdown file per announcement. The headline (`benefit`) says what the customer gains, in
their words; the feature's name goes in `feature`, second.

- `whatsnew new <slug>` starts one from a template.
- `whatsnew check` lints the writing: feature-first headlines, jargon, vague buttons, length.
- `whatsnew preview` shows them in the widget, reloading as you edit.
- `whatsnew build --out-dir <dir>` writes the folder you deploy; it refuses announcements
  with TODOs left (name a file `_<name>.md` to keep it as a draft out of the bundle).

Every command takes the content folder as its last argument, `.` when left out.

Good: "Hand your accountant a whole quarter in one download" (feature: Bulk export).
Not: "Introducing Bulk Export", "We added CSV export", "Bug fixes and improvements".
"#;

const EXAMPLE_FEED: &str = r#"---
benefit: Find any invoice in seconds
feature: Instant search
published: {today}
cta:
  label: Search your invoices
  url: /invoices
---
Type a client's name, an amount or an invoice number and the list narrows as you type.
"#;

const EXAMPLE_POPUP: &str = r#"---
benefit: Get paid on time without chasing clients
feature: Automatic reminders
display: popup
audience: admins
pages: ["/invoices/**"]
published: {today}
cta:
  label: Turn on reminders
  url: /settings/reminders
# For support, in the internal brief (`whatsnew brief`); never shown to customers.
support:
  tell: Settings > Reminders turns them on; clients who have paid never get one.
  questions:
    - question: Can I change the wording?
      answer: Yes, in Settings > Reminders > Template.
---
A polite email goes out **3 days before** an invoice is due, and again when it is overdue.
"#;

fn today() -> String {
    whatsnew_core::Date::from_unix_ms(crate::analysis::now_ms()).to_string()
}

/// Writes files that do not exist yet; refuses to overwrite any.
fn write_new(files: &[(std::path::PathBuf, String)]) -> Result<()> {
    let existing: Vec<String> = files
        .iter()
        .filter(|(p, _)| p.exists())
        .map(|(p, _)| p.display().to_string())
        .collect();
    if !existing.is_empty() {
        return Err(Error::Usage(format!(
            "{} already exist{}; nothing was written",
            existing.join(", "),
            if existing.len() == 1 { "s" } else { "" }
        )));
    }
    for (path, text) in files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).context("cannot create", parent)?;
        }
        std::fs::write(path, text).context("cannot write", path)?;
    }
    Ok(())
}

/// Runs `whatsnew init`.
pub fn init(args: &InitArgs) -> Result<()> {
    let dir = &args.dir;
    let today = today();
    write_new(&[
        (dir.join("whatsnew.toml"), CONFIG.to_owned()),
        (dir.join("README.md"), HOWTO.to_owned()),
        (
            dir.join("instant-search.md"),
            EXAMPLE_FEED.replace("{today}", &today),
        ),
        (
            dir.join("payment-reminders.md"),
            EXAMPLE_POPUP.replace("{today}", &today),
        ),
    ])?;
    println!("Created a whatsnew project in {}:", dir.display());
    println!("  whatsnew.toml, README.md (how to write them), two example announcements");
    println!("Next, in {}:", dir.display());
    println!("  whatsnew new <slug>   start an announcement from the template");
    println!("  whatsnew check        lint the writing");
    println!("  whatsnew preview      see it in the widget, live");
    Ok(())
}

/// Runs `whatsnew new`.
pub fn new(args: &NewArgs) -> Result<()> {
    if !valid_id(&args.slug) {
        return Err(Error::Usage(format!(
            "`{}` is not a valid id; use at most 64 letters, digits and `-`, e.g. bulk-export",
            args.slug
        )));
    }
    let display = args.display.as_deref().unwrap_or("feed");
    let mut fm = format!(
        "---\n# The headline: what the customer gains, in their words. Not \"Introducing ...\",\n# not \"We added ...\". Read it aloud as the customer: \"I can now ...\".\nbenefit: TODO what the customer gains\n# The feature's name, shown second.\nfeature: TODO feature name\npublished: {}\n",
        today()
    );
    if display != "feed" {
        fm.push_str(&format!("display: {display}\n"));
    }
    if let Some(a) = &args.audience {
        fm.push_str(&format!("audience: {a}\n"));
    }
    match display {
        "tooltip" => fm.push_str("# The element it points at.\nanchor: \"#TODO\"\n"),
        "guide" => fm.push_str("steps:\n  - title: TODO first step\n    anchor: \"#TODO\"\n    body: TODO what to do here.\n  - title: TODO second step\n    anchor: \"#TODO\"\n    body: TODO what to do next.\n"),
        _ => {}
    }
    if matches!(display, "popup" | "banner" | "guide") {
        fm.push_str("# For support, in the internal brief; never shown to customers.\nsupport:\n  tell: TODO what to tell a customer who asks about it\n");
    }
    fm.push_str("# One action, named: \"Export this quarter\", not \"Learn more\".\ncta:\n  label: TODO the action\n  url: /TODO\n---\n");
    fm.push_str("TODO why it matters to the customer, in a sentence or two.\n\nTODO how to use it: where to click, what happens.\n");
    let path = args.dir().join(format!("{}.md", args.slug));
    write_new(&[(path.clone(), fm)])?;
    println!(
        "Created {}; `whatsnew check` flags the TODOs until they are written.",
        path.display()
    );
    Ok(())
}
