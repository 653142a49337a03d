//! Reading, compiling and linting a content folder: what `check`, `build`, `explain` and
//! `preview` share.

use crate::config::{Config, Level};
use crate::content;
use crate::error::Result;
use std::path::Path;
use whatsnew_core::compile::{compile_all, Compiled, Project, Source};
use whatsnew_core::lint::{apply_levels, lint, Settings};
use whatsnew_core::{Diagnostic, Severity};

/// A content folder, compiled and checked.
pub struct Analysis {
    /// The project config.
    #[allow(dead_code)]
    pub config: Config,
    /// The compiler's view of it.
    pub project: Project,
    /// The files read.
    pub files: Vec<content::File>,
    /// Files that compiled.
    pub compiled: Vec<Compiled>,
    /// Every finding after rule levels, file by file, top to bottom.
    pub diagnostics: Vec<Diagnostic>,
    /// The releases, newest first (see [`crate::release`]).
    pub releases: Vec<crate::release::Release>,
}

/// Reads, compiles and lints `dir`. `now_ms` is the time `expired` is judged at.
pub fn analyze(dir: &Path, bundle_id: Option<&str>, now_ms: f64) -> Result<Analysis> {
    let config = Config::load(dir)?;
    let project = config.project(bundle_id);
    let mut files = content::read(dir)?;
    let releases_file = crate::release::read(dir)?;
    let sources: Vec<Source<'_>> = files
        .iter()
        .map(|f| Source {
            path: &f.shown,
            stem: &f.stem,
            text: &f.text,
        })
        .collect();
    let (compiled, mut diagnostics) = compile_all(&project, &sources);
    let settings = Settings {
        jargon: config.lint.jargon.clone(),
        // Patterns were validated when the config was loaded.
        tickets: config
            .lint
            .ticket_patterns
            .iter()
            .filter_map(|p| regex::Regex::new(p).ok())
            .collect(),
        other_locales: config.locales.others.clone(),
        default_locale: Some(config.locales.default.clone()),
        now_ms: Some(now_ms),
    };
    let text_of = |path: &str| {
        files
            .iter()
            .find(|f| f.shown == path)
            .map(|f| f.text.clone())
    };
    diagnostics.extend(lint(&compiled, &text_of, &settings));
    let (releases, release_diags) = crate::release::group(releases_file.as_ref(), &compiled);
    diagnostics.extend(release_diags);
    let mut diagnostics = leveled(&config, &compiled, diagnostics);
    // A file that is not UTF-8, at its first byte that is not: an error no level lowers.
    for f in &files {
        if let Some((at, byte)) = f.not_utf8 {
            diagnostics.push(
                Diagnostic::error(
                    "not-utf8",
                    &f.shown,
                    whatsnew_core::diag::char_span(&f.text, at),
                    format!("not UTF-8 text (byte 0x{byte:02x})"),
                )
                .label("this byte")
                .help("save the file as UTF-8, e.g. with `iconv -f latin1 -t utf-8`"),
            );
        }
    }
    diagnostics.sort_by(|a, b| a.file.cmp(&b.file).then(a.span.start.cmp(&b.span.start)));
    // Checked like the announcements, and shown in snippets.
    files.extend(releases_file);
    Ok(Analysis {
        config,
        project,
        files,
        compiled,
        diagnostics,
        releases,
    })
}

/// `diags` with the project's `[lint.rules]` levels and each file's `allow:` applied.
fn leveled(config: &Config, compiled: &[Compiled], diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let levels: Vec<(String, Option<Severity>)> = config
        .lint
        .rules
        .iter()
        .map(|(code, level)| {
            let sev = match level {
                Level::Allow => None,
                Level::Warn => Some(Severity::Warning),
                Level::Deny => Some(Severity::Error),
            };
            (code.clone(), sev)
        })
        .collect();
    let allow_of = |path: &str| {
        compiled
            .iter()
            .find(|c| c.path == path)
            .map(|c| c.front_matter.allow.clone())
            .unwrap_or_default()
    };
    apply_levels(diags, &levels, &allow_of)
}

impl Analysis {
    /// Adds findings made after the analysis (`check --against`), with the project's levels
    /// and each file's `allow:` applied as to the others, in file order.
    pub fn add(&mut self, diags: Vec<Diagnostic>) {
        let found = leveled(&self.config, &self.compiled, diags);
        self.diagnostics.extend(found);
        self.diagnostics
            .sort_by(|a, b| a.file.cmp(&b.file).then(a.span.start.cmp(&b.span.start)));
    }

    /// How many findings have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// (path, text) of every file, for snippets.
    pub fn sources(&self) -> Vec<(String, String)> {
        self.files
            .iter()
            .map(|f| (f.shown.clone(), f.text.clone()))
            .collect()
    }
}

/// Now, in Unix milliseconds.
pub fn now_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_millis() as f64)
}
