//! The `whatsnew` command line: authors check, build and preview announcements.
//!
//! `main` parses arguments ([`args`]), runs one subcommand module from [`cmd`], and maps the
//! result to an exit code: 0 success, 1 author or I/O errors (all reported), 2 usage errors
//! (clap's own). Compilation itself lives in `whatsnew-core`; this crate adds the filesystem
//! ([`content`], [`output`]), diagnostics rendering ([`report`]), the embedded widget runtime
//! ([`runtime`]) and the preview server.

mod analysis;
mod analytics;
mod anchors;
mod args;
mod brief;
mod cmd;
mod collector;
mod config;
mod content;
mod error;
mod events;
mod http;
mod import;
mod integrity;
mod output;
mod release;
mod report;
mod runtime;
mod site;

use clap::error::ErrorKind;
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    match cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            report::error(&e);
            ExitCode::from(e.exit_code())
        }
    }
}

/// `whatsnew check --explain | head -1`: the reader went away, which is not an error of ours.
/// `print!` panics on a closed stdout; end quietly with success then, as ripgrep does, instead
/// of a panic message and exit 101. Every other panic is reported as before.
fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.starts_with("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(0);
        }
        default(info);
    }));
}

/// clap's own errors (and `--help`, `--version`): printed as clap prints them; for
/// `check --format json`, also as check's JSON document on stdout, so CI always gets one.
fn usage_error(e: &clap::Error) -> ExitCode {
    let informational = matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if !informational && wants_json(std::env::args().skip(1)) {
        let rendered = e.to_string();
        let message = rendered
            .lines()
            .next()
            .unwrap_or_default()
            .trim_start_matches("error: ")
            .to_owned();
        println!(
            "{}",
            cmd::check::stopped_json(&error::Error::Usage(message), false)
        );
    }
    let _ = e.print();
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
}

/// `check ... --format json` (or `--format=json`) among the raw arguments.
fn wants_json(args: impl Iterator<Item = String>) -> bool {
    let args: Vec<String> = args.collect();
    args.first().is_some_and(|a| a == "check")
        && (args.iter().any(|a| a == "--format=json")
            || args
                .windows(2)
                .any(|w| w[0] == "--format" && w[1] == "json"))
}
