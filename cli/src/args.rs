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
    /// Compile a content folder into whatsnew.json plus the widget runtime.
    Build(BuildArgs),
    /// Build into a temporary folder and serve the demo product page with the widget on it.
    Preview(PreviewArgs),
}

/// `whatsnew build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The folder of announcement Markdown files.
    pub content_dir: PathBuf,
    /// Where to write whatsnew.json, whatsnew.js and the runtime (created if missing).
    #[arg(long, short = 'o', value_name = "DIR")]
    pub out_dir: PathBuf,
    /// Names this feed; user state is stored per bundle id, so keep it stable.
    #[arg(long, default_value = "default", value_name = "ID")]
    pub bundle_id: String,
}

/// `whatsnew preview`.
#[derive(Debug, clap::Args)]
pub struct PreviewArgs {
    /// The folder of announcement Markdown files.
    pub content_dir: PathBuf,
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, short = 'p', default_value_t = 8080)]
    pub port: u16,
    /// Names this feed; user state is stored per bundle id.
    #[arg(long, default_value = "default", value_name = "ID")]
    pub bundle_id: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
