//! `whatsnew completions <SHELL>` and `whatsnew man`: generated from the same clap definition.

use crate::args::Cli;
use crate::error::{Error, Result};
use clap::CommandFactory;

/// Prints a completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) -> Result<()> {
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "whatsnew", &mut std::io::stdout());
    Ok(())
}

/// Prints the man page (roff).
pub fn man() -> Result<()> {
    let page = clap_mangen::Man::new(Cli::command());
    page.render(&mut std::io::stdout()).map_err(|e| Error::Io {
        context: "cannot write the man page".into(),
        source: e,
        hint: None,
    })
}
