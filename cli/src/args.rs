//! What the user typed, as clap types. Doc comments are the help text.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Benefit-first release announcements, delivered in your product.
///
/// Write one Markdown file per announcement; `whatsnew build` turns the folder into a static
/// bundle plus the widget runtime, one folder you deploy next to your app.
#[derive(Debug, Parser)]
#[command(name = "whatsnew", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check announcements: validation and the benefit-first writing rules.
    Check(CheckArgs),
    /// Compile a content folder into whatsnew.json plus the widget runtime.
    Build(BuildArgs),
    /// Would this user see this announcement here and now? If not, why not?
    Explain(ExplainArgs),
    /// Start a project: whatsnew.toml, a how-to and two example announcements.
    Init(InitArgs),
    /// Start an announcement from the benefit-first template.
    New(NewArgs),
    /// Print the JSON Schema of front matter, whatsnew.toml or the bundle.
    Schema(SchemaArgs),
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page.
    Man,
    /// Build into a temporary folder and serve the demo product page with the widget on it.
    Preview(PreviewArgs),
    /// Write the internal brief of each release (Markdown and HTML) for support and sales.
    Brief(BriefArgs),
    /// Turn a changelog (Keep a Changelog, conventional-changelog, GitHub release notes, or
    /// `## version` / `- item`) into draft announcements.
    Import(ImportArgs),
    /// Receive the widget's events over HTTP and append them to daily JSON-lines files.
    Collect(CollectArgs),
    /// Did the benefit land? Reach, engagement, guide funnels and goals against the holdout.
    Report(ReportArgs),
}

/// `whatsnew brief`.
#[derive(Debug, clap::Args)]
pub struct BriefArgs {
    /// The content folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Where to write brief-<release>.md and brief-<release>.html (created if missing).
    #[arg(long, short = 'o', value_name = "DIR")]
    pub out: PathBuf,
    /// Only this release (a name from `release:` or releases.toml); every release by default.
    #[arg(long, value_name = "NAME")]
    pub release: Option<String>,
    /// Event files or folders (as `whatsnew collect` writes them): each announcement's brief
    /// gets its engagement figures, as `whatsnew report` counts them.
    #[arg(long, value_name = "EVENTS", num_args = 1..)]
    pub events: Vec<PathBuf>,
}

/// `whatsnew import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The changelog to read, e.g. CHANGELOG.md.
    pub changelog: PathBuf,
    /// The content folder to write the drafts into.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Only versions from the newest down to this one.
    #[arg(long, value_name = "VERSION")]
    pub since: Option<String>,
    /// Replace files of the same name.
    #[arg(long)]
    pub force: bool,
}

/// `whatsnew collect`.
#[derive(Debug, Clone, clap::Args)]
pub struct CollectArgs {
    /// Port to listen on (0 picks a free one).
    #[arg(long, short = 'p', default_value_t = 8787)]
    pub port: u16,
    /// Address to listen on; 127.0.0.1 unless the collector sits behind a proxy.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Folder for the event files, `events-YYYY-MM-DD.jsonl` (UTC), created if missing.
    #[arg(long, short = 'o', default_value = "events", value_name = "DIR")]
    pub out: PathBuf,
    /// A page origin allowed to send events (`https://app.example.com`); repeat for more.
    /// Browsers on other origins are refused.
    #[arg(long = "allow-origin", value_name = "ORIGIN")]
    pub allow_origin: Vec<String>,
}

/// `whatsnew report`.
#[derive(Debug, Clone, clap::Args)]
pub struct ReportArgs {
    /// Event files (`.jsonl`, `.jsonl.gz`) or folders of them, as `whatsnew collect` writes.
    #[arg(required = true, value_name = "EVENTS")]
    pub events: Vec<PathBuf>,
    /// The whatsnew.json the events came from: adds headlines, goals, guide steps, and
    /// announcements nobody has seen yet.
    #[arg(long, value_name = "FILE")]
    pub bundle: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
}

/// `whatsnew report --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// Text for a terminal.
    Table,
    /// One JSON document.
    Json,
    /// One row per announcement, surface, locale, audience and step.
    Csv,
    /// One self-contained page with charts.
    Html,
}

/// `whatsnew build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The content folder.
    #[arg(default_value = ".", value_name = "DIR")]
    pub content_dir: PathBuf,
    /// Where to write whatsnew.json, whatsnew.js and the runtime (created if missing);
    /// optional when only the changelog is wanted (`--site` or `[site] dir`).
    #[arg(long, short = 'o', value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Also write the public changelog (index by release, a page per announcement, RSS and
    /// Atom feeds) into this folder; `[site] dir` in whatsnew.toml does the same.
    #[arg(long, value_name = "DIR")]
    pub site: Option<PathBuf>,
    /// Names this feed (overrides `id` in whatsnew.toml); user state is stored per bundle id.
    #[arg(long, value_name = "ID")]
    pub bundle_id: Option<String>,
}

/// `whatsnew check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The content folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// `--deny warnings` fails on warnings too.
    #[arg(long, value_name = "warnings", value_parser = ["warnings"])]
    pub deny: Vec<String>,
    /// Explain a rule (or list them all) instead of checking.
    #[arg(long, value_name = "CODE", num_args = 0..=1)]
    pub explain: Option<Option<String>>,
    /// Also open each page an anchored announcement names on this running build of the
    /// product (e.g. http://localhost:3000) in headless Chromium, and report anchors that
    /// match no element, one that is not rendered, or more than one.
    #[arg(long, value_name = "URL")]
    pub against: Option<String>,
    /// A header sent with every request `--against` makes ("Authorization: Bearer …", "Cookie:
    /// session=…"), for a preview deployment behind a login; repeatable.
    #[arg(long, value_name = "NAME: VALUE", requires = "against")]
    pub against_header: Vec<String>,
    /// Accept the product's HTTPS certificate even where a browser would not (self-signed,
    /// expired, issued for another name): a local or staging build. Only for `--against`.
    #[arg(long, requires = "against")]
    pub against_insecure: bool,
}

/// `whatsnew explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The announcement's id.
    pub id: String,
    /// The content folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The content folder, as earlier versions took it; the positional `[DIR]` is the way now.
    #[arg(long = "dir", value_name = "DIR", hide = true, conflicts_with = "dir")]
    pub dir_flag: Option<PathBuf>,
    /// The user's traits as JSON, e.g. '{"plan": "pro", "seats": 12}'.
    #[arg(long, default_value = "{}")]
    pub user: String,
    /// The page's URL path.
    #[arg(long, default_value = "/")]
    pub url: String,
    /// When (a date or RFC 3339 date-time); now by default.
    #[arg(long)]
    pub at: Option<String>,
    /// The user's id, which decides holdouts (`holdout: 10%`); without it, holdouts are left
    /// out of the verdict.
    #[arg(long, value_name = "ID")]
    pub user_id: Option<String>,
    /// The user's languages, most preferred first, as the page's `data-locale` or the browser
    /// says them (e.g. `fr-CA` or `de,fr`): which text the widget shows them. Without it, the
    /// default locale's.
    #[arg(long, value_name = "LOCALES")]
    pub locale: Option<String>,
}

/// `whatsnew init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Where to create the project.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

/// `whatsnew new`.
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The announcement's id and file name, e.g. bulk-export.
    pub slug: String,
    /// How it is delivered: feed, popup, toast, banner, tooltip or guide.
    #[arg(long, value_parser = ["feed", "popup", "toast", "banner", "tooltip", "guide"])]
    pub display: Option<String>,
    /// An audience from whatsnew.toml.
    #[arg(long)]
    pub audience: Option<String>,
    /// The content folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The content folder, as earlier versions took it; the positional `[DIR]` is the way now.
    #[arg(long = "dir", value_name = "DIR", hide = true, conflicts_with = "dir")]
    pub dir_flag: Option<PathBuf>,
}

impl ExplainArgs {
    /// The content folder, however it was given.
    pub fn dir(&self) -> &std::path::Path {
        self.dir_flag.as_deref().unwrap_or(&self.dir)
    }
}

impl NewArgs {
    /// The content folder, however it was given.
    pub fn dir(&self) -> &std::path::Path {
        self.dir_flag.as_deref().unwrap_or(&self.dir)
    }
}

/// `whatsnew schema`.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Which schema.
    #[arg(value_enum)]
    pub kind: Option<SchemaKind>,
    /// Write all of them into this folder instead.
    #[arg(long, value_name = "DIR", conflicts_with = "kind")]
    pub write: Option<PathBuf>,
}

/// Schemas `whatsnew schema` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaKind {
    /// Announcement front matter.
    FrontMatter,
    /// whatsnew.toml.
    Config,
    /// whatsnew.json.
    Bundle,
    /// One event record, as `whatsnew collect` accepts and `whatsnew report` reads.
    Event,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Snippets like rustc's, on stderr.
    Human,
    /// One JSON document on stdout, for CI and editors.
    Json,
}

/// `whatsnew preview`.
#[derive(Debug, Clone, clap::Args)]
pub struct PreviewArgs {
    /// The content folder.
    #[arg(default_value = ".", value_name = "DIR")]
    pub content_dir: PathBuf,
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, short = 'p', default_value_t = 8080)]
    pub port: u16,
    /// Names this feed (overrides `id` in whatsnew.toml).
    #[arg(long, value_name = "ID")]
    pub bundle_id: Option<String>,
    /// Preview as a user with these traits (JSON), e.g. '{"role": "admin"}': only what their
    /// audiences get.
    #[arg(long = "as", value_name = "TRAITS")]
    pub as_user: Option<String>,
    /// Also collect the widget's events (into ./events, as `whatsnew collect` does) and send
    /// them there; read them with `whatsnew report events`.
    #[arg(long)]
    pub collect: bool,
    /// The collector's URL, once `--collect` started it: the bundle's endpoint.
    #[arg(skip)]
    pub endpoint: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    /// Regression: `check` took `[DIR]`, `build` and `preview` required a folder, `new` and
    /// `explain` took `--dir`. Every command that reads a content folder takes a positional
    /// `[DIR]` defaulting to `.`.
    #[test]
    fn every_command_takes_a_positional_dir_defaulting_to_here() {
        let dir = |args: &[&str]| -> PathBuf {
            let cli = Cli::try_parse_from(args).unwrap_or_else(|e| panic!("{args:?}: {e}"));
            match cli.command {
                Command::Check(a) => a.dir,
                Command::Build(a) => a.content_dir,
                Command::Preview(a) => a.content_dir,
                Command::Explain(a) => a.dir().to_path_buf(),
                Command::New(a) => a.dir().to_path_buf(),
                Command::Init(a) => a.dir,
                other => panic!("{other:?}"),
            }
        };
        for (args, expected) in [
            (&["whatsnew", "check"][..], "."),
            (&["whatsnew", "build", "--out-dir", "out"], "."),
            (&["whatsnew", "preview"], "."),
            (&["whatsnew", "explain", "a"], "."),
            (&["whatsnew", "new", "a"], "."),
            (&["whatsnew", "init"], "."),
            (&["whatsnew", "check", "content"], "content"),
            (
                &["whatsnew", "build", "content", "--out-dir", "out"],
                "content",
            ),
            (&["whatsnew", "preview", "content"], "content"),
            (&["whatsnew", "explain", "a", "content"], "content"),
            (&["whatsnew", "new", "a", "content"], "content"),
            (&["whatsnew", "init", "content"], "content"),
            // The old spelling still works.
            (&["whatsnew", "explain", "a", "--dir", "content"], "content"),
            (&["whatsnew", "new", "a", "--dir", "content"], "content"),
        ] {
            assert_eq!(dir(args), PathBuf::from(expected), "{args:?}");
        }
    }
}
