//! The `whatsnew` command line: authors check, build and preview announcements.
//!
//! `main` parses arguments ([`args`]), runs one subcommand module from [`cmd`], and maps the
//! result to an exit code: 0 success, 1 author or I/O errors (all reported), 2 usage errors
//! (clap's own). Compilation itself lives in `whatsnew-core`; this crate adds the filesystem
//! ([`content`], [`output`]), diagnostics rendering ([`report`]), the embedded widget runtime
//! ([`runtime`]) and the preview server.

mod analysis;
mod args;
mod cmd;
mod config;
mod content;
mod error;
mod integrity;
mod output;
mod report;
mod runtime;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            report::error(&e);
            ExitCode::from(e.exit_code())
        }
    }
}
