//! `whatsnew collect`: the embedded event collector. Listens, prints the endpoint URL to put
//! in `data-endpoint` or `[events] endpoint`, and appends accepted events to
//! `<out>/events-YYYY-MM-DD.jsonl` until interrupted (see [`crate::collector`]).

use crate::args::CollectArgs;
use crate::error::{Error, Result};
use std::io::Write;

/// Runs `whatsnew collect` until the process is stopped.
pub fn run(args: &CollectArgs) -> Result<()> {
    for origin in &args.allow_origin {
        if !(origin.starts_with("http://") || origin.starts_with("https://"))
            || origin.trim_end_matches('/').matches('/').count() != 2
        {
            return Err(Error::Usage(format!(
                "`--allow-origin {origin}` is not an origin: write the scheme, host and port only, e.g. https://app.example.com"
            )));
        }
    }
    let url =
        crate::collector::listen(&args.host, args.port, &args.out, args.allow_origin.clone())?;
    let mut stdout = std::io::stdout();
    let _ = writeln!(stdout, "Collecting events at {url}");
    let _ = writeln!(
        stdout,
        "Writing {}/events-YYYY-MM-DD.jsonl (UTC days); read them with `whatsnew report {}`",
        args.out.display(),
        args.out.display()
    );
    let _ = writeln!(
        stdout,
        "Put the URL in the script tag (data-endpoint=\"{url}\") or in whatsnew.toml ([events] endpoint = \"{url}\")"
    );
    if args.allow_origin.is_empty() {
        let _ = writeln!(
            stdout,
            "No --allow-origin given: browsers on other origins are refused"
        );
    }
    let _ = stdout.flush();
    loop {
        std::thread::park();
    }
}
