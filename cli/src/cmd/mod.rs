//! One module per subcommand.

pub mod brief;
pub mod build;
pub mod check;
pub mod collect;
pub mod explain;
pub mod import;
pub mod init;
pub mod preview;
pub mod report;
pub mod schema;
pub mod shell;

use crate::args::{Cli, Command};
use crate::error::Result;

/// Runs the parsed command.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Build(args) => build::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Init(args) => init::init(&args),
        Command::New(args) => init::new(&args),
        Command::Completions { shell } => shell::completions(shell),
        Command::Man => shell::man(),
        Command::Schema(args) => schema::run(&args),
        Command::Preview(args) => preview::run(&args),
        Command::Brief(args) => brief::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Collect(args) => collect::run(&args),
        Command::Report(args) => report::run(&args),
    }
}
