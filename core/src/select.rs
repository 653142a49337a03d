//! Selection: which announcements one user sees, and how many are unread.
//!
//! One pure function over (bundle, context); the widget's feed and badge call it, and later the
//! CLI's `explain` and the live preview will too.

use crate::bundle::{Announcement, Bundle};
use crate::date::Date;
#[allow(unused_imports)]
use crate::prelude::*;
use crate::state::UserState;

/// Everything about "here and now" that selection depends on.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The current time, Unix milliseconds (passed in: core has no clock).
    pub now_ms: f64,
    /// The user's state for this bundle.
    pub state: &'a UserState,
    /// The audiences the user belongs to (the caller evaluates the rules; the widget, which
    /// has no traits yet, passes none, so audience-restricted announcements stay hidden).
    pub member_of: &'a [String],
}

/// Why an announcement is not in the user's feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hidden {
    /// Its `published` date is still ahead.
    NotYetPublished(Date),
    /// Its `publish` moment (Unix ms) is still ahead.
    Scheduled(i64),
    /// Its `expire` moment (Unix ms) has passed.
    Expired(i64),
    /// The user is in none of its audiences.
    NotInAudience,
    /// The user dismissed it.
    Dismissed,
}

/// Whether an announcement belongs in the user's feed now, and if not, the first reason why.
pub fn check<X>(a: &Announcement<X>, ctx: &Context<'_>) -> Result<(), Hidden> {
    let now = ctx.now_ms;
    // Midnight UTC of the published day has passed (cheaper than converting `now` to a date).
    if a.published.days_since_epoch() as f64 * 86_400_000.0 > now {
        return Err(Hidden::NotYetPublished(a.published));
    }
    if let Some(p) = a.publish.filter(|p| *p as f64 > now) {
        return Err(Hidden::Scheduled(p));
    }
    if let Some(e) = a.expire.filter(|e| *e as f64 <= now) {
        return Err(Hidden::Expired(e));
    }
    if !a.audience.is_empty() && !a.audience.iter().any(|n| ctx.member_of.contains(n)) {
        return Err(Hidden::NotInAudience);
    }
    if ctx.state.dismissed(&a.id) {
        return Err(Hidden::Dismissed);
    }
    Ok(())
}

/// The feed: announcements that pass [`check`], in bundle order, which the CLI writes newest
/// first. (Not sorting here keeps a sort implementation out of the widget.)
pub fn feed<'b, X>(bundle: &'b Bundle<X>, ctx: &Context<'_>) -> Vec<&'b Announcement<X>> {
    bundle
        .announcements
        .iter()
        .filter(|a| check(a, ctx).is_ok())
        .collect()
}

/// Announcements in the feed the user has neither engaged with nor dismissed.
pub fn unread_count<X>(bundle: &Bundle<X>, ctx: &Context<'_>) -> usize {
    feed(bundle, ctx)
        .iter()
        .filter(|a| !ctx.state.engaged(&a.id))
        .count()
}

/// Is an announcement relevant on this page? (No `pages` means everywhere.)
pub fn on_page(a: &Announcement, path: &str) -> bool {
    a.extra.pages.is_empty() || a.extra.pages.iter().any(|p| page_matches(p, path))
}

/// Matches a URL path against a pattern: `/reports` (that page), `/invoices/*` (one more
/// segment), `/settings/**` (anything below, and the page itself). Query strings, fragments
/// and trailing slashes are ignored.
pub fn page_matches(pattern: &str, path: &str) -> bool {
    let path = path.split(['?', '#']).next().unwrap_or("");
    let segments = |s: &str| -> Vec<String> {
        s.split('/')
            .filter(|x| !x.is_empty())
            .map(|x| x.to_owned())
            .collect()
    };
    let (pat, path) = (segments(pattern), segments(path));
    fn go(pat: &[String], path: &[String]) -> bool {
        match (pat.split_first(), path.split_first()) {
            (None, None) => true,
            (Some((p, rest)), _) if p == "**" => {
                rest.is_empty() || (0..=path.len()).any(|i| go(rest, path.get(i..).unwrap_or(&[])))
            }
            (Some((p, rest)), Some((s, tail))) => (p == "*" || p == s) && go(rest, tail),
            _ => false,
        }
    }
    go(&pat, &path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Action;

    fn ann(id: &str, published: &str) -> Announcement {
        Announcement {
            id: id.into(),
            benefit: format!("benefit of {id}"),
            feature: None,
            published: Date::parse(published).unwrap(),
            ..Announcement::default()
        }
    }

    fn bundle(items: Vec<Announcement>) -> Bundle {
        Bundle {
            version: "1.0".into(),
            bundle: "t".into(),
            revision: "r".into(),
            announcements: items,
            ..Bundle::default()
        }
    }

    fn at(date: &str) -> f64 {
        Date::parse(date).unwrap().days_since_epoch() as f64 * 86_400_000.0 + 43_200_000.0
    }

    #[test]
    fn feed_keeps_bundle_order_and_hides_future_and_dismissed() {
        let b = bundle(vec![
            ann("future", "2026-12-01"),
            ann("a-new", "2026-11-02"),
            ann("b-new", "2026-11-02"),
            ann("gone", "2026-10-01"),
            ann("old", "2026-01-01"),
        ]);
        let mut state = UserState::default();
        state.apply("gone", Action::Dismiss);
        let ctx = Context {
            now_ms: at("2026-11-25"),
            state: &state,
            member_of: &[],
        };
        let ids: Vec<_> = feed(&b, &ctx).iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a-new", "b-new", "old"]);

        let later = Context {
            now_ms: at("2026-12-01"),
            state: &state,
            member_of: &[],
        };
        assert_eq!(feed(&b, &later).len(), 4, "published on the day itself");
    }

    #[test]
    fn schedule_and_audience_hide_with_a_reason() {
        let now = at("2026-11-25");
        let state = UserState::default();
        let ctx = Context {
            now_ms: now,
            state: &state,
            member_of: &[],
        };
        let mut a = ann("a", "2026-01-01");
        assert_eq!(check(&a, &ctx), Ok(()));
        a.publish = Some(now as i64 + 1);
        assert_eq!(check(&a, &ctx), Err(Hidden::Scheduled(now as i64 + 1)));
        a.publish = None;
        a.expire = Some(now as i64);
        assert_eq!(check(&a, &ctx), Err(Hidden::Expired(now as i64)));
        a.expire = None;
        a.audience = vec!["admins".into()];
        assert_eq!(check(&a, &ctx), Err(Hidden::NotInAudience));
        let admins = ["admins".to_owned()];
        assert_eq!(
            check(
                &a,
                &Context {
                    member_of: &admins,
                    ..ctx
                }
            ),
            Ok(())
        );
    }

    #[test]
    fn page_patterns() {
        for (pattern, path, ok) in [
            ("/reports", "/reports", true),
            ("/reports", "/reports/", true),
            ("/reports", "/reports?tab=2#x", true),
            ("/reports", "/reports/2026", false),
            ("/invoices/*", "/invoices/42", true),
            ("/invoices/*", "/invoices", false),
            ("/invoices/*", "/invoices/42/edit", false),
            ("/settings/**", "/settings", true),
            ("/settings/**", "/settings/team/roles", true),
            ("/**/edit", "/invoices/42/edit", true),
            ("/", "/", true),
            ("/", "/reports", false),
        ] {
            assert_eq!(page_matches(pattern, path), ok, "{pattern} {path}");
        }
    }

    #[test]
    fn unread_excludes_engaged_and_dismissed_but_not_merely_seen() {
        let b = bundle(vec![
            ann("a", "2026-01-01"),
            ann("b", "2026-01-02"),
            ann("c", "2026-01-03"),
        ]);
        let mut state = UserState::default();
        let now = at("2026-11-25");
        assert_eq!(
            unread_count(
                &b,
                &Context {
                    now_ms: now,
                    state: &state,
                    member_of: &[],
                }
            ),
            3
        );
        state.apply("a", Action::Impression);
        state.apply("b", Action::Engage);
        state.apply("c", Action::Dismiss);
        assert_eq!(
            unread_count(
                &b,
                &Context {
                    now_ms: now,
                    state: &state,
                    member_of: &[],
                }
            ),
            1
        );
    }
}
