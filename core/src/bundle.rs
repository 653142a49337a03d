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
pub const FORMAT_MINOR: u32 = 7;

/// Everything the widget needs, compiled from a content folder.
///
/// Generic over the announcements' [`Extra`] part: the CLI reads and writes all of it; the
/// widget decodes `Bundle<Lean>`, which skips what it does not implement yet and so never
/// pays for code that would only carry it around.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Bundle<X = Extra> {
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
    pub announcements: Vec<Announcement<X>>,
    /// The product's name, for headings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// The default locale and the others announcements are translated into.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locales: Vec<String>,
    /// Audience rules by name, in the rule language's source form.
    #[serde(default, skip_serializing_if = "Vec::is_empty", with = "as_map")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "std::collections::BTreeMap<String, String>")
    )]
    pub audiences: Map<String>,
    /// Where the widget sends events, when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// The audience rules compiled for evaluation (added in 1.2): the widget evaluates these
    /// against the user's traits without carrying the rule parser.
    #[serde(default, skip_serializing_if = "Vec::is_empty", with = "as_map")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "std::collections::BTreeMap<String, crate::rule::Rule>")
    )]
    pub rules: Map<crate::rule::Rule>,
    /// How often announcements may interrupt (added in 1.2); absent means the defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pacing: Option<Pacing>,
    /// What events carry beyond the record's own fields (`[events]`, added in 1.3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<EventSettings>,
    /// How long a tooltip or guide step waits for its anchor to appear, in milliseconds
    /// (`[guides] anchor_wait`, added in 1.4); absent means 5 s.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor_wait: Option<u32>,
}

/// `[events]` in whatsnew.toml, as the widget needs it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EventSettings {
    /// Trait names events may carry; no other trait is ever sent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub traits: Vec<String>,
    /// Whether cards ask "Was this helpful?".
    #[serde(default, skip_serializing_if = "core::ops::Not::not")]
    pub helpful: bool,
}

/// How often popups, toasts and banners may interrupt a user (`[pacing]` in whatsnew.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Pacing {
    /// New interruptions per browser session (tab).
    pub per_session: u32,
    /// New interruptions per 24 hours.
    pub per_day: u32,
    /// Seconds that must pass after one interruption before the next.
    pub min_gap: u32,
}

impl Default for Pacing {
    /// Two per session, four per day, one minute apart.
    fn default() -> Self {
        Pacing {
            per_session: 2,
            per_day: 4,
            min_gap: 60,
        }
    }
}

/// One announcement, benefit first: what selection needs, and the [`Extra`] surfaces need.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Announcement<X = Extra> {
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
    /// Named audiences (from the config) it is for; empty means everyone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audience: Vec<String>,
    /// Not shown before this moment (Unix ms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publish: Option<i64>,
    /// Not shown from this moment on (Unix ms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expire: Option<i64>,
    /// Everything else, flattened into the same JSON object.
    #[serde(flatten)]
    pub extra: X,
}

/// The parts of an announcement only some surfaces use.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Extra {
    /// How it is delivered.
    #[serde(default, skip_serializing_if = "Display::is_feed")]
    pub display: Display,
    /// URL path patterns where it is relevant (`/reports`, `/invoices/*`, `/settings/**`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<String>,
    /// CSS selector of the element a tooltip points at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
    /// The steps of a guide.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Step>,
    /// Which side of its anchor a tooltip goes on: `top`, `bottom` (the default), `start` or
    /// `end` (these two follow the writing direction). Added in 1.4.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<String>,
    /// A tooltip opens from a pulsing hotspot on its anchor instead of at once (added in 1.4).
    #[serde(default, skip_serializing_if = "is_false")]
    pub hotspot: bool,
    /// What a guide does when a step's anchor never appears: `skip` the step (the default) or
    /// `end` the guide (added in 1.4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing: Option<String>,
    /// Higher interrupts first; 0 is normal.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub priority: i32,
    /// Labels such as `new`, `improved`, `fixed`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// A hero image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    /// Interrupts only once the host tracked this event (`WhatsNew.track(name)`) enough times.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<Trigger>,
    /// Seconds after which a toast or banner closes by itself (never by default: content a
    /// user has not read stays until they act on it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<u32>,
    /// The host event that means the announcement worked (added in 1.3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<Goal>,
    /// The percentage of users held back as a comparison group (added in 1.3); see
    /// [`crate::event::holdout`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holdout: Option<u32>,
    /// Locale variants from `<id>.<locale>.md` files, by locale.
    #[serde(default, skip_serializing_if = "Vec::is_empty", with = "as_map")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "std::collections::BTreeMap<String, Translation>")
    )]
    pub translations: Map<Translation>,
}

/// An event that must happen before an announcement interrupts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Trigger {
    /// The event name the host passes to `WhatsNew.track`.
    pub event: String,
    /// How many times (at least 1).
    pub count: u32,
}

/// What an announcement is for: the host event (`WhatsNew.track(event)`) that counts as
/// success when it happens within `within_days` of the user's exposure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Goal {
    /// The event name.
    pub event: String,
    /// Days after the first exposure in which the goal counts (14 unless set).
    pub within_days: u32,
}

/// No extra parts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Lean {}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(n: &i32) -> bool {
    *n == 0
}

/// How an announcement is delivered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Display {
    /// Only in the feed panel.
    #[default]
    Feed,
    /// A modal popup.
    Popup,
    /// A small card in a corner.
    Toast,
    /// A bar across the page.
    Banner,
    /// A tooltip or hotspot on `anchor`.
    Tooltip,
    /// A multi-step guide over `steps`.
    Guide,
}

impl Display {
    /// Every display, as authors write them.
    pub const ALL: [(&'static str, Display); 6] = [
        ("feed", Display::Feed),
        ("popup", Display::Popup),
        ("toast", Display::Toast),
        ("banner", Display::Banner),
        ("tooltip", Display::Tooltip),
        ("guide", Display::Guide),
    ];

    fn is_feed(&self) -> bool {
        *self == Display::Feed
    }

    /// The name authors write.
    pub fn name(self) -> &'static str {
        Display::ALL
            .iter()
            .find(|(_, d)| *d == self)
            .map_or("feed", |(n, _)| n)
    }
}

/// One step of a guide.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Step {
    /// CSS selector of the element the step points at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
    /// The step's title.
    pub title: String,
    /// The step's text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub body: Vec<Block>,
    /// The page (a path pattern, as in `pages`) the step is on; absent: wherever the guide is
    /// (added in 1.4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// Which side of its anchor the step goes on, as for a tooltip (added in 1.4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<String>,
    /// `click`: the step advances when the user clicks its anchor (added in 1.4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advance: Option<String>,
}

/// The translatable parts of an announcement in one locale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Translation {
    /// The headline.
    pub benefit: String,
    /// The feature's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature: Option<String>,
    /// The call to action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cta: Option<Cta>,
    /// The body.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub body: Vec<Block>,
    /// A guide's steps in this locale, as many as the announcement's: their `title` and `body`
    /// replace the announcement's; anchors, pages and the rest come from the announcement's own
    /// steps (added in 1.5).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Step>,
}

/// A call to action: a button label and where it goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Cta {
    /// Button text, e.g. "Export your first report".
    pub label: String,
    /// An http(s), mailto or relative URL.
    pub url: String,
}

/// A block of body content. Serialised externally tagged: `{"p": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// A numbered list that starts at another number than 1 ("3." to go on with steps): the
    /// first number and the items (added in 1.7; `{"ofrom": [3, [...]]}`).
    Ofrom(u64, Vec<Vec<Block>>),
    /// A code block, shown verbatim.
    Pre(String),
    /// A quotation.
    Quote(Vec<Block>),
    /// A thematic break.
    Hr,
}

/// Inline content. Serialised externally tagged: `{"t": "text"}`, `{"em": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Inline {
    /// Plain text.
    T(String),
    /// Emphasis.
    Em(Vec<Inline>),
    /// Strong emphasis.
    Strong(Vec<Inline>),
    /// Struck-through text (`~~was~~`, format 1.6; older widgets skip it).
    Del(Vec<Inline>),
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Link {
    /// An http(s), mailto or relative URL.
    pub href: String,
    /// The link text.
    pub c: Vec<Inline>,
}

/// An image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Image {
    /// An http(s) or relative URL.
    pub src: String,
    /// Required description for screen readers.
    pub alt: String,
}

/// A string-keyed map as a list sorted by key: serialised as a JSON object, but without the
/// code a `BTreeMap` would cost the widget.
pub type Map<T> = Vec<(String, T)>;

pub(crate) mod as_map {
    use super::Map;
    use alloc::string::String;
    use core::fmt;
    use core::marker::PhantomData;
    use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
    use serde::ser::{Serialize, SerializeMap, Serializer};

    pub fn serialize<T: Serialize, S: Serializer>(map: &Map<T>, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(map.len()))?;
        for (k, v) in map {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Map<T>, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Map<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Map<T>, A::Error> {
                let mut out = Map::new();
                while let Some((k, v)) = a.next_entry::<String, T>()? {
                    out.push((k, v));
                }
                out.sort_by(|x, y| x.0.cmp(&y.0));
                Ok(out)
            }
        }
        d.deserialize_map(V(PhantomData))
    }
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
