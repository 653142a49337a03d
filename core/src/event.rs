//! The event record: one versioned type the widget emits, the collector checks and stores, and
//! `whatsnew report` reads.
//!
//! One event is one flat JSON object (`v` is the record's version, 1 today):
//!
//! ```json
//! {"v":1,"id":"k2x9-0001","type":"engage","reason":"cta","announcement":"bulk-export",
//!  "bundle":"ledgerly","revision":"3f2a9c0d1e7b6a55","surface":"popup","page":"/reports",
//!  "locale":"en","user":"u-42","at":1764763200000}
//! ```
//!
//! `at` is Unix time in milliseconds (what `Date.now()` gives), so the widget never formats
//! dates and warehouses convert it with one function. Unknown fields are refused: the widget and
//! the collector ship together, and a misspelt field would otherwise vanish silently. A change
//! old readers cannot ignore bumps `v`.
//!
//! Also here: [`holdout`], the deterministic split of users into those who see an announcement
//! and a holdout group that never does, so the widget and the report agree on who is which.

#[allow(unused_imports)]
use crate::prelude::*;
use serde::{Deserialize, Serialize};

/// The record version this crate writes and reads.
pub const VERSION: u32 = 1;

/// Longest `id`, `announcement`, `bundle`, `revision`, `locale` and `goal` (ASCII), and `user`
/// and a trait's text, in characters.
pub const MAX_NAME: usize = 128;
/// Longest `page` and `reason`, in bytes.
pub const MAX_TEXT: usize = 2048;
/// Most traits on one event.
pub const MAX_TRAITS: usize = 32;

/// One thing that happened to one user, as the widget reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// The record's version: 1.
    pub v: u32,
    /// Unique per event (the widget makes it random); duplicates are dropped downstream.
    pub id: String,
    /// What happened.
    #[serde(rename = "type")]
    pub kind: EventType,
    /// Why or how: `cta`, `link`, `step_next`, `guide_completed`, `close`, `escape`, `snooze`,
    /// `skip`, `helpful`, `not_helpful`, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The announcement's id; every type but `goal` has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub announcement: Option<String>,
    /// The bundle id (the feed's name).
    pub bundle: String,
    /// The bundle's revision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
    /// Where it was shown: `feed`, `popup`, `toast`, `banner`, `tooltip`, `guide`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub surface: Option<String>,
    /// A guide's step, counted from 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<u32>,
    /// The page's URL path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// The locale it was shown in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// The audience (from whatsnew.toml) it was shown under, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<String>,
    /// The user id the host passed, or the widget's anonymous id.
    pub user: String,
    /// When, in Unix milliseconds.
    pub at: i64,
    /// For `exposure`: whether the user is in the group that sees it or the holdout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<Group>,
    /// For `goal`: the event name the host passed to `WhatsNew.track`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<String>,
    /// For `exposure` under a signed-in user: the anonymous id this browser had before, so
    /// the report counts what the visitor did before signing in as the same person's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    /// Traits listed in `[events] traits`, by name; nothing else is sent.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        with = "crate::bundle::as_map"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "std::collections::BTreeMap<String, TraitValue>")
    )]
    pub traits: crate::bundle::Map<TraitValue>,
}

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum EventType {
    /// The announcement (or a guide step) was shown.
    Impression,
    /// The user acted on it: the call to action, a link, the next step, a helpful vote.
    Engage,
    /// The user closed, snoozed or skipped it.
    Dismiss,
    /// A tooltip or guide step could not find the element it points at.
    AnchorMissing,
    /// The host tracked an event an announcement names as its `goal`.
    Goal,
    /// The user became eligible for an announcement with a `holdout`; `group` says whether it
    /// was shown.
    Exposure,
}

impl EventType {
    /// Every type, as written in JSON.
    pub const ALL: [(&'static str, EventType); 6] = [
        ("impression", EventType::Impression),
        ("engage", EventType::Engage),
        ("dismiss", EventType::Dismiss),
        ("anchor-missing", EventType::AnchorMissing),
        ("goal", EventType::Goal),
        ("exposure", EventType::Exposure),
    ];

    /// The name written in JSON.
    pub fn name(self) -> &'static str {
        EventType::ALL
            .iter()
            .find(|(_, t)| *t == self)
            .map_or("impression", |(n, _)| n)
    }
}

/// Which side of a holdout a user is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Group {
    /// Sees the announcement.
    Exposed,
    /// Never sees it: the comparison group.
    Holdout,
}

/// A trait's value: text, a number or true/false.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum TraitValue {
    /// True or false.
    Bool(bool),
    /// A number.
    Num(f64),
    /// Text.
    Str(String),
}

/// Why an event was refused: the field and what is wrong with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invalid {
    /// The field (`id`, `user`, ...).
    pub field: &'static str,
    /// What it must be.
    pub expected: &'static str,
}

impl core::fmt::Display for Invalid {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "`{}` must be {}", self.field, self.expected)
    }
}

/// Letters, digits and `-_.:/@+`: ids, names and locales, never markup or control characters.
/// A name the collector accepts (an event's `id`, `bundle`, `announcement`...): 1 to `max` ASCII
/// letters, digits or `-_.:/@+`. `check` holds whatsnew.toml's `id` to it.
pub fn is_token(s: &str, max: usize) -> bool {
    !s.is_empty()
        && s.len() <= max
        && s.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':' | b'/' | b'@' | b'+')
        })
}

/// Printable text without control characters, at most `max` bytes.
fn is_text(s: &str, max: usize) -> bool {
    s.len() <= max && !s.chars().any(char::is_control)
}

/// Printable text of at most `max` characters (a user id or a trait's text in any script: the
/// documented limit counts characters, not UTF-8 bytes).
fn is_short_text(s: &str, max: usize) -> bool {
    s.chars().count() <= max && !s.chars().any(char::is_control)
}

/// The surfaces an event may name (`surface`).
pub const SURFACES: [&str; 6] = ["feed", "popup", "toast", "banner", "tooltip", "guide"];

/// Latest accepted `at`: the year 9999, far beyond any clock, within JavaScript's safe integers.
const MAX_AT: i64 = 253_402_300_799_999;

impl Event {
    /// Checks what the types alone cannot: the version, lengths and characters, and the fields
    /// each type needs (`announcement` for all but `goal`, `group` for `exposure`, `goal` for
    /// `goal`).
    pub fn validate(&self) -> Result<(), Invalid> {
        let bad = |field, expected| Err(Invalid { field, expected });
        if self.v != VERSION {
            return bad("v", "1");
        }
        if !is_token(&self.id, MAX_NAME) {
            return bad("id", "1 to 128 letters, digits or `-_.:/@+`");
        }
        if !is_token(&self.bundle, MAX_NAME) {
            return bad("bundle", "1 to 128 letters, digits or `-_.:/@+`");
        }
        if !is_short_text(&self.user, MAX_NAME) || self.user.trim().is_empty() {
            return bad("user", "1 to 128 characters, no control characters");
        }
        if self
            .alias
            .as_deref()
            .is_some_and(|a| !is_short_text(a, MAX_NAME) || a.trim().is_empty())
        {
            return bad("alias", "1 to 128 characters, no control characters");
        }
        if !(0..=MAX_AT).contains(&self.at) {
            return bad("at", "Unix time in milliseconds");
        }
        let tokens = [
            ("announcement", &self.announcement),
            ("revision", &self.revision),
            ("locale", &self.locale),
            ("audience", &self.audience),
            ("goal", &self.goal),
        ];
        for (field, value) in tokens {
            if value.as_deref().is_some_and(|v| !is_token(v, MAX_NAME)) {
                return bad(field, "1 to 128 letters, digits or `-_.:/@+`");
            }
        }
        if self
            .surface
            .as_deref()
            .is_some_and(|v| !SURFACES.contains(&v))
        {
            return bad(
                "surface",
                "one of feed, popup, toast, banner, tooltip, guide",
            );
        }
        if self
            .reason
            .as_deref()
            .is_some_and(|r| !is_token(r, MAX_TEXT))
        {
            return bad("reason", "a word such as `cta`, `close` or `helpful`");
        }
        if self
            .page
            .as_deref()
            .is_some_and(|p| !p.starts_with('/') || p.contains(['?', '#']) || !is_text(p, MAX_TEXT))
        {
            return bad(
                "page",
                "a URL path starting with `/`, without a query string or fragment (they may hold personal data)",
            );
        }
        if self.traits.len() > MAX_TRAITS {
            return bad("traits", "at most 32 traits");
        }
        for (name, value) in &self.traits {
            let ok = is_token(name, MAX_NAME)
                && match value {
                    TraitValue::Str(s) => is_short_text(s, MAX_NAME),
                    TraitValue::Num(n) => n.is_finite(),
                    TraitValue::Bool(_) => true,
                };
            if !ok {
                return bad(
                    "traits",
                    "short names with short text, finite numbers or booleans",
                );
            }
        }
        match self.kind {
            EventType::Goal if self.goal.is_none() => bad("goal", "set on a `goal` event"),
            EventType::Goal => Ok(()),
            _ if self.announcement.is_none() => bad("announcement", "set on this type"),
            EventType::Exposure if self.group.is_none() => {
                bad("group", "`exposed` or `holdout` on an `exposure` event")
            }
            _ if self.kind != EventType::Exposure && self.group.is_some() => {
                bad("group", "set only on `exposure` events")
            }
            _ => Ok(()),
        }
    }

    /// Whether this is a helpful / not-helpful vote rather than engagement: `(true)` for
    /// helpful, `(false)` for not helpful.
    pub fn vote(&self) -> Option<bool> {
        match self.reason.as_deref() {
            Some("helpful") => Some(true),
            Some("not_helpful") => Some(false),
            _ => None,
        }
    }
}

/// FNV-1a, 64 bits: small, stable across platforms and versions. Not a security boundary.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    fnv1a_from(0xcbf2_9ce4_8422_2325, bytes)
}

fn fnv1a_from(mut h: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Which of 10,000 buckets a user falls in for an announcement: FNV-1a 64 of
/// `user + "\n" + announcement`, mixed with MurmurHash3's 64-bit finaliser (FNV alone barely
/// moves its high bits when only the last byte differs, so `a` and `b` would split users
/// alike), then its high 32 bits scaled to 0..10,000 by multiply and shift.
pub fn bucket(user: &str, announcement: &str) -> u32 {
    let h = fnv1a_from(fnv1a(user.as_bytes()), b"\n");
    let mut h = fnv1a_from(h, announcement.as_bytes());
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    (((h >> 32) * 10_000) >> 32) as u32
}

/// Whether `user` is in the holdout for `announcement`, which holds back `share_percent` of
/// users (0 to 100): the same answer every time, on every device, with no randomness, so the
/// widget and the report always agree.
pub fn holdout(user: &str, announcement: &str, share_percent: u32) -> bool {
    bucket(user, announcement) < share_percent.min(100) * 100
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(json: &str) -> Result<Event, String> {
        let e: Event = serde_json::from_str(json).map_err(|e| e.to_string())?;
        e.validate().map_err(|e| e.to_string())?;
        Ok(e)
    }

    /// The holdout holds back the asked share of users (±1 point over 100,000) and gives each
    /// user the same answer every time.
    #[test]
    fn holdout_share_is_accurate_and_stable() {
        for share in [1, 5, 10, 25, 50] {
            for ann in ["bulk-export", "search"] {
                let held = (0..100_000)
                    .filter(|i| holdout(&format!("u-{i}"), ann, share))
                    .count();
                let got = held as f64 / 1000.0;
                assert!(
                    (got - f64::from(share)).abs() <= 1.0,
                    "{ann} {share}%: {got}%"
                );
            }
        }
        for i in 0..1000 {
            let u = format!("user-{i}@example.com");
            assert_eq!(holdout(&u, "a", 10), holdout(&u, "a", 10));
        }
        assert!(!holdout("u-1", "a", 0));
        assert!(holdout("u-1", "a", 100));
        // Fixed values: the widget and the report must compute the same buckets forever.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(bucket("u-42", "bulk-export"), bucket("u-42", "bulk-export"));
    }

    /// Different announcements split the same users differently.
    #[test]
    fn holdouts_are_independent_across_announcements() {
        let both = (0..100_000)
            .filter(|i| {
                let u = format!("u-{i}");
                holdout(&u, "a", 10) && holdout(&u, "b", 10)
            })
            .count();
        assert!((800..=1200).contains(&both), "{both}");
    }

    /// The user id and a trait's text are limited in characters, as documented: a Japanese
    /// company name of 22 characters (66 bytes) or a 100-character id in Greek is accepted.
    #[test]
    fn user_and_trait_text_count_characters() {
        let with = |user: &str, company: &str| {
            event(&format!(
                r#"{{"v":1,"id":"e1","type":"impression","announcement":"a","bundle":"b","user":"{user}","at":1,"traits":{{"company":"{company}"}}}}"#
            ))
        };
        let greek = "α".repeat(100);
        assert!(with(&greek, "株式会社山田商事東京本社営業部第二課販売係").is_ok());
        assert!(with("u-1", &"語".repeat(128)).is_ok());
        assert!(with(&"u".repeat(129), "x").is_err());
        assert!(with("u-1", &"語".repeat(129)).is_err());
    }

    #[test]
    fn parses_and_validates_records() {
        let ok = event(r#"{"v":1,"id":"e1","type":"engage","reason":"cta","announcement":"bulk-export","bundle":"demo","surface":"popup","page":"/reports","locale":"en","user":"u-42","at":1764763200000,"traits":{"plan":"pro","seats":12}}"#).unwrap();
        assert_eq!(ok.kind, EventType::Engage);
        assert_eq!(ok.traits.len(), 2);
        let back: Event = serde_json::from_str(&serde_json::to_string(&ok).unwrap()).unwrap();
        assert_eq!(back, ok);
        event(r#"{"v":1,"id":"e2","type":"goal","goal":"report-exported","bundle":"demo","user":"anon-1","at":1}"#).unwrap();
        event(r#"{"v":1,"id":"e3","type":"exposure","group":"holdout","announcement":"a","bundle":"demo","user":"u","at":1}"#).unwrap();
        for (json, why) in [
            (
                r#"{"v":2,"id":"e","type":"engage","announcement":"a","bundle":"b","user":"u","at":1}"#,
                "`v`",
            ),
            (
                r#"{"v":1,"id":"","type":"engage","announcement":"a","bundle":"b","user":"u","at":1}"#,
                "`id`",
            ),
            (
                r#"{"v":1,"id":"e","type":"click","announcement":"a","bundle":"b","user":"u","at":1}"#,
                "unknown variant",
            ),
            (
                r#"{"v":1,"id":"e","type":"engage","bundle":"b","user":"u","at":1}"#,
                "`announcement`",
            ),
            (
                r#"{"v":1,"id":"e","type":"goal","bundle":"b","user":"u","at":1}"#,
                "`goal`",
            ),
            (
                r#"{"v":1,"id":"e","type":"exposure","announcement":"a","bundle":"b","user":"u","at":1}"#,
                "`group`",
            ),
            (
                r#"{"v":1,"id":"e","type":"engage","announcement":"a","bundle":"b","user":"u","at":1,"group":"holdout"}"#,
                "`group`",
            ),
            (
                r#"{"v":1,"id":"e","type":"engage","announcement":"a","bundle":"b","user":"u","at":-5}"#,
                "`at`",
            ),
            (
                r#"{"v":1,"id":"e","type":"engage","announcement":"a","bundle":"b","user":"u","at":"2026-01-01"}"#,
                "invalid type",
            ),
            (
                r#"{"v":1,"id":"e","type":"engage","announcement":"a","bundle":"b","user":"u","at":1,"page":"reports"}"#,
                "`page`",
            ),
            (
                r#"{"v":1,"id":"e","type":"engage","announcement":"a","bundle":"b","user":"u","at":1,"page":"/invoices?email=jane@example.com"}"#,
                "`page`",
            ),
            (
                r#"{"v":1,"id":"e","type":"engage","announcement":"a","bundle":"b","user":"u","at":1,"page":"/invoices#token=x"}"#,
                "`page`",
            ),
            (
                r#"{"v":1,"id":"e","type":"engage","announcement":"a","bundle":"b","user":"u","at":1,"surface":"sidebar"}"#,
                "`surface`",
            ),
            (
                r#"{"v":1,"id":"e","type":"engage","announcement":"<b>","bundle":"b","user":"u","at":1}"#,
                "`announcement`",
            ),
            (
                r#"{"v":1,"id":"e","type":"engage","announcement":"a","bundle":"b","user":"u","at":1,"email":"x@y"}"#,
                "unknown field",
            ),
            (
                r#"{"v":1,"id":"e","type":"engage","announcement":"a","bundle":"b","user":"","at":1}"#,
                "`user`",
            ),
        ] {
            let err = event(json).unwrap_err();
            assert!(err.contains(why), "{json}: {err}");
        }
    }
}
