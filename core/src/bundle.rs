//! The bundle: the one JSON file the CLI writes and the widget reads.
//!
//! It is versioned from day one (`version: "MAJOR.MINOR"`). Readers accept any minor version of
//! the major they know and ignore fields they do not know; they refuse an unknown major version.
//! Announcement bodies are a typed content tree, never HTML: the widget builds elements from it
//! with `createElement` and `textContent`.

use crate::date::Date;
#[allow(unused_imports)]
use crate::prelude::*;
use serde::{Deserialize, Serialize};

/// The bundle format's major version. Bump it only for changes old widgets cannot read safely.
pub const FORMAT_MAJOR: u32 = 1;
/// The bundle format's minor version: additions old widgets can ignore.
pub const FORMAT_MINOR: u32 = 0;

/// Everything the widget needs, compiled from a content folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bundle {
    /// `"MAJOR.MINOR"` of the bundle format (see [`FORMAT_MAJOR`]).
    pub version: String,
    /// Names this product's feed; user state is stored per bundle id and user.
    pub bundle: String,
    /// A hash of the announcements, for cache keys and reports.
    pub revision: String,
    /// Build time (RFC 3339), present only when asked for (`SOURCE_DATE_EPOCH`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<String>,
    /// The announcements, newest first (ties by id): the order the widget shows them in.
    pub announcements: Vec<Announcement>,
}

/// One announcement, benefit first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Announcement {
    /// Stable identifier (the file stem unless set), used for user state and events.
    pub id: String,
    /// The headline: what the customer gains.
    pub benefit: String,
    /// The feature's name, shown second.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature: Option<String>,
    /// Publication date; not shown before it.
    pub published: Date,
    /// The one action the announcement asks for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cta: Option<Cta>,
    /// Why it matters and how to use it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub body: Vec<Block>,
}

/// A call to action: a button label and where it goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cta {
    /// Button text, e.g. "Export your first report".
    pub label: String,
    /// An http(s), mailto or relative URL.
    pub url: String,
}

/// A block of body content. Serialised externally tagged: `{"p": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Block {
    /// A paragraph.
    P(Vec<Inline>),
    /// A sub-heading inside the body.
    H(Vec<Inline>),
    /// A bulleted list; each item is a list of blocks.
    Ul(Vec<Vec<Block>>),
    /// A numbered list; each item is a list of blocks.
    Ol(Vec<Vec<Block>>),
    /// A code block, shown verbatim.
    Pre(String),
    /// A quotation.
    Quote(Vec<Block>),
    /// A thematic break.
    Hr,
}

/// Inline content. Serialised externally tagged: `{"t": "text"}`, `{"em": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Inline {
    /// Plain text.
    T(String),
    /// Emphasis.
    Em(Vec<Inline>),
    /// Strong emphasis.
    Strong(Vec<Inline>),
    /// Inline code.
    Code(String),
    /// A link.
    A(Link),
    /// An image, always with alt text.
    Img(Image),
    /// A hard line break.
    Br,
}

/// A link with inline children.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// An http(s), mailto or relative URL.
    pub href: String,
    /// The link text.
    pub c: Vec<Inline>,
}

/// An image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    /// An http(s) or relative URL.
    pub src: String,
    /// Required description for screen readers.
    pub alt: String,
}

/// Why a bundle's version was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionError {
    /// Not `MAJOR.MINOR` digits.
    Malformed,
    /// A major version this reader does not know.
    UnknownMajor(u32),
}

/// Checks a bundle's `version` string: any minor of [`FORMAT_MAJOR`] is accepted.
pub fn check_version(version: &str) -> Result<(u32, u32), VersionError> {
    let (major, minor) = version.split_once('.').ok_or(VersionError::Malformed)?;
    let parse = |s: &str| -> Option<u32> {
        if !s.is_empty() && s.len() <= 9 && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse().ok()
        } else {
            None
        }
    };
    let major = parse(major).ok_or(VersionError::Malformed)?;
    let minor = parse(minor).ok_or(VersionError::Malformed)?;
    if major != FORMAT_MAJOR {
        return Err(VersionError::UnknownMajor(major));
    }
    Ok((major, minor))
}

/// The version string this crate writes.
pub fn current_version() -> String {
    format!("{FORMAT_MAJOR}.{FORMAT_MINOR}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_any_minor_of_the_known_major_only() {
        assert_eq!(check_version("1.0"), Ok((1, 0)));
        assert_eq!(check_version("1.7"), Ok((1, 7)));
        assert_eq!(check_version("2.0"), Err(VersionError::UnknownMajor(2)));
        for bad in [
            "",
            "1",
            "1.",
            ".1",
            "v1.0",
            "1.0.0",
            "-1.0",
            "99999999999.0",
        ] {
            assert_eq!(check_version(bad), Err(VersionError::Malformed), "{bad}");
        }
    }
}
