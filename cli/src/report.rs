//! Rendering errors for humans, in rustc's and cargo's voice.

use crate::error::Error;
use annotate_snippets::{Level, Renderer, Snippet};
use std::io::IsTerminal;
use whatsnew_core::{Diagnostic, Severity};

fn renderer() -> Renderer {
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    if colour {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
}

/// Prints an error to stderr.
pub fn error(e: &Error) {
    eprint!("{}", render(e));
}

/// The text [`error`] prints.
pub fn render(e: &Error) -> String {
    match e {
        Error::Content {
            diagnostics,
            sources,
        } => {
            let mut out = diagnostics_text(diagnostics, sources);
            let errors: Vec<Diagnostic> = diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .cloned()
                .collect();
            let warnings = diagnostics.len() - errors.len();
            out.push_str(&format!(
                "error: nothing was written: {} in {}{}\n",
                plural(errors.len(), "error"),
                plural(files(&errors), "file"),
                if warnings > 0 {
                    format!(" (and {})", plural(warnings, "warning"))
                } else {
                    String::new()
                }
            ));
            out
        }
        Error::Reported | Error::ReportedUsage => String::new(),
        Error::Io {
            context,
            source,
            hint,
        } => {
            let mut s = format!("error: {context}: {source}\n");
            if let Some(h) = hint {
                s.push_str(&format!("  = help: {h}\n"));
            }
            s
        }
        Error::Usage(msg) => format!("error: {msg}\n"),
    }
}

/// Every diagnostic, rendered with its snippet, separated by blank lines.
pub fn diagnostics_text(diagnostics: &[Diagnostic], sources: &[(String, String)]) -> String {
    let renderer = renderer();
    let by_path: std::collections::HashMap<&str, &str> = sources
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    // Each file's text as shown, made once for all its findings.
    let mut shown: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    let mut out = String::new();
    for d in diagnostics {
        let text = shown.entry(d.file.as_str()).or_insert_with(|| {
            by_path
                .get(d.file.as_str())
                .map_or_else(String::new, |t| displayed(t))
        });
        out.push_str(&render_diagnostic(&renderer, d, text));
        out.push_str("\n\n");
    }
    out
}

/// A file's text as a snippet shows it, byte for byte as long, so spans stay: control
/// characters and direction overrides made visible ([`printable`](crate::cmd::report::printable)),
/// a tab as one space (the renderer showed four columns but underlined one, under the wrong
/// words), a CRLF's CR as a space (a `\r` at each line's end garbles terminals).
fn displayed(text: &str) -> String {
    crate::cmd::report::printable(text)
        .replace('\t', " ")
        .replace("\r\n", " \n")
}

/// How many files the diagnostics are in.
pub fn files(diagnostics: &[Diagnostic]) -> usize {
    let mut f: Vec<&str> = diagnostics.iter().map(|d| d.file.as_str()).collect();
    f.sort_unstable();
    f.dedup();
    f.len()
}

/// `1 error`, `2 errors`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// One finding with its snippet; `text` is the file as [`displayed`].
fn render_diagnostic(renderer: &Renderer, d: &Diagnostic, text: &str) -> String {
    use crate::cmd::report::printable;
    let (msg, label) = (printable(&d.message), printable(&d.label));
    let level = match d.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
    };
    // Inside the text and on character boundaries whatever a rule found (a span that cut a
    // character in two made the renderer panic, and the whole check with it).
    let mut span = d.span.clone();
    span.start = span.start.min(text.len());
    while !text.is_char_boundary(span.start) {
        span.start -= 1;
    }
    span.end = span.end.clamp(span.start, text.len());
    while !text.is_char_boundary(span.end) {
        span.end += 1;
    }
    // An empty span still needs a character to point at.
    if span.is_empty() {
        span.end = text[span.start.min(text.len())..]
            .chars()
            .next()
            .map_or(span.start, |c| span.start + c.len_utf8());
    }
    let mut message = level.title(&msg).id(d.code);
    if !text.is_empty() {
        message = message.snippet(
            Snippet::source(text)
                .origin(&d.file)
                .line_start(1)
                .fold(true)
                .annotation(level.span(span).label(&label)),
        );
    }
    if let Some(help) = &d.help {
        message = message.footer(Level::Help.title(help));
    }
    let rendered = renderer.render(message).to_string();
    if text.is_empty() {
        // An empty file has no snippet to show: name the place only.
        format!("{rendered}\n --> {}:1:1", d.file)
    } else {
        rendered
    }
}
