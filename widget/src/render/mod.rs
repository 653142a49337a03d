//! Turning announcements into elements: one card renderer for the feed item and every surface
//! ([`card`]), over the typed content tree ([`content`]). Text goes in with `textContent` and
//! URLs as attributes, re-checked against the scheme allowlist when the bundle was decoded.

pub mod card;
pub mod content;
