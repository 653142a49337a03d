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
}

/// The feed: published announcements the user has not dismissed, in bundle order, which the
/// CLI writes newest first. (Not sorting here keeps a sort implementation out of the widget.)
pub fn feed<'b>(bundle: &'b Bundle, ctx: &Context<'_>) -> Vec<&'b Announcement> {
    let today = Date::from_unix_ms(ctx.now_ms);
    bundle
        .announcements
        .iter()
        .filter(|a| a.published <= today && !ctx.state.dismissed(&a.id))
        .collect()
}

/// Announcements in the feed the user has neither engaged with nor dismissed.
pub fn unread_count(bundle: &Bundle, ctx: &Context<'_>) -> usize {
    feed(bundle, ctx)
        .iter()
        .filter(|a| !ctx.state.engaged(&a.id))
        .count()
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
            cta: None,
            body: vec![],
        }
    }

    fn bundle(items: Vec<Announcement>) -> Bundle {
        Bundle {
            version: "1.0".into(),
            bundle: "t".into(),
            revision: "r".into(),
            generated: None,
            announcements: items,
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
        };
        let ids: Vec<_> = feed(&b, &ctx).iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a-new", "b-new", "old"]);

        let later = Context {
            now_ms: at("2026-12-01"),
            state: &state,
        };
        assert_eq!(feed(&b, &later).len(), 4, "published on the day itself");
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
                    state: &state
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
                    state: &state
                }
            ),
            1
        );
    }
}
