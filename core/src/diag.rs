//! Diagnostics about author mistakes: a code, a message, a byte span in a file, a hint.
//!
//! Rendering (snippets, colours) is the CLI's job; this module only says where and what.

#[allow(unused_imports)]
use crate::prelude::*;
use core::ops::Range;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Shown, does not fail the build.
    Warning,
    /// Fails the build.
    Error,
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable kebab-case code, e.g. `raw-html`.
    pub code: &'static str,
    /// What is wrong, in a lowercase phrase.
    pub message: String,
    /// The file, as the user named it.
    pub file: String,
    /// Byte range in the file's text that the label points at.
    pub span: Range<usize>,
    /// A short label under the snippet.
    pub label: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at `span` in `file`.
    pub fn error(
        code: &'static str,
        file: &str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            file: file.to_owned(),
            span,
            label: String::new(),
            help: None,
        }
    }

    /// Sets the label shown under the snippet.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// Sets the help line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// Byte offset of a 1-based line and column (in characters), clamped to the text.
pub fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let mut start = 0;
    for _ in 1..line.max(1) {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line_text = text[start..].split('\n').next().unwrap_or("");
    let within = line_text
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(line_text.len(), |(i, _)| i);
    start + within
}

/// The span of the character at byte `offset` in `text` (empty at its end): a one-character
/// highlight that never splits a character or runs past the text, which the CLI slices at.
pub fn char_span(text: &str, offset: usize) -> Range<usize> {
    let start = floor_char_boundary(text, offset.min(text.len()));
    let len = text[start..].chars().next().map_or(0, char::len_utf8);
    start..start + len
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_and_offset_agree() {
        let text = "ab\ncdé\n\nfg";
        for (offset, lc) in [
            (0, (1, 1)),
            (2, (1, 3)),
            (3, (2, 1)),
            (5, (2, 3)),
            (8, (3, 1)),
            (9, (4, 1)),
        ] {
            assert_eq!(line_col(text, offset), lc, "offset {offset}");
            assert_eq!(offset_of(text, lc.0, lc.1), offset, "{lc:?}");
        }
        assert_eq!(
            line_col(text, 6),
            (2, 3),
            "inside a multibyte char rounds down"
        );
        assert_eq!(offset_of(text, 99, 1), text.len());
    }
}
