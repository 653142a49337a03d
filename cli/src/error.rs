//! The CLI's one error type.

use std::path::Path;
use whatsnew_core::Diagnostic;

/// Everything that can stop a command.
#[derive(Debug)]
pub enum Error {
    /// Author mistakes, all of them, with the text of every file they point into.
    Content {
        /// The problems.
        diagnostics: Vec<Diagnostic>,
        /// (path as shown, file text) for snippets.
        sources: Vec<(String, String)>,
    },
    /// A filesystem or network operation failed.
    Io {
        /// What we were doing, e.g. "cannot read `content/a.md`".
        context: String,
        /// The OS error.
        source: std::io::Error,
        /// How to fix it, when we know.
        hint: Option<String>,
    },
    /// Something the user must fix before the command can run.
    Usage(String),
    /// The command printed its own report and fails (exit 1).
    Reported,
    /// The command printed its own report of a usage mistake (exit 2).
    ReportedUsage,
}

impl Error {
    /// A filesystem error about `path`.
    pub fn io(what: &str, path: &Path, source: std::io::Error) -> Error {
        Error::Io {
            context: format!("{what} `{}`", path.display()),
            source,
            hint: None,
        }
    }

    /// The process exit code: 2 for usage mistakes, 1 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) | Error::ReportedUsage => 2,
            _ => 1,
        }
    }
}

/// Shorthand.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Adds context to `std::io` results.
pub trait IoContext<T> {
    /// `what` is a phrase like "cannot read"; the path is appended.
    fn context(self, what: &str, path: &Path) -> Result<T>;
}

impl<T> IoContext<T> for std::io::Result<T> {
    fn context(self, what: &str, path: &Path) -> Result<T> {
        self.map_err(|e| Error::io(what, path, e))
    }
}
