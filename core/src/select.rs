//! Selection: what one user sees here and now. The feed, the unread count, and which
//! announcement interrupts (popup, toast, banner), with the reason for everything left out.
//!
//! One pure function, [`plan`], over (bundle, [`Context`]); the widget calls it on every change
//! (route, traits, tracked event, state), and `explain` and the preview call the same code, so
//! they agree with what the widget does.

use crate::bundle::{Announcement, Bundle, Display, Pacing};
use crate::date::Date;
#[allow(unused_imports)]
use crate::prelude::*;
use crate::rule::{self, Traits};
use crate::state::UserState;

/// Everything about "here and now" that selection depends on.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The current time, Unix milliseconds (passed in: core has no clock).
    pub now_ms: f64,
    /// The current URL path (query and fragment ignored).
    pub path: &'a str,
    /// The user's traits; `None` when the host passed none, so announcements with an audience
    /// are not shown.
    pub traits: Option<&'a Traits>,
    /// The user's state for this bundle.
    pub state: &'a UserState,
    /// When this browser session (tab) started, Unix ms: pacing counts interruptions since.
    pub session_start: f64,
    /// A modal surface is on screen (a popup, the open feed, or the host's own modal dialog):
    /// nothing new interrupts until it closes.
    pub modal_open: bool,
    /// The user id the host passed, or the widget's anonymous id: it decides holdouts.
    pub user: &'a str,
    /// When the user joined (`data-since`, Unix ms), 0 for "use the first visit the state
    /// recorded": announcements published before it stay in the feed but are not unread.
    pub since_ms: f64,
    /// Announcements whose anchor is not on this page (the widget waited for it in vain):
    /// they give way, so a tooltip for a removed button never holds back the next popup.
    /// The widget forgets them when the page changes.
    pub away: &'a [String],
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
    /// It has an audience and the host passed no traits.
    NoTraits,
    /// The user is in none of its audiences.
    NotInAudience,
    /// The user dismissed it.
    Dismissed,
    /// The user is in its holdout (`holdout: N%`): the group that never sees it.
    Holdout(u32),
}

/// Why an announcement in the feed does not interrupt now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Quiet {
    /// Its display is the feed only.
    FeedOnly,
    /// Its display is one the widget places itself later (tooltip, guide).
    Unsupported(Display),
    /// None of its `pages` matches the current path.
    OtherPage,
    /// It waits for the host to track an event: name, times needed, times so far.
    Trigger(String, u32, u32),
    /// A popup already shown once, or an announcement the user engaged with.
    Done,
    /// A modal is on screen.
    ModalOpen,
    /// A guide is under way on this page (its id): nothing new interrupts it.
    GuideUnderWay(String),
    /// The pacing limits hold it back.
    Paced(Paced),
    /// Another announcement interrupts first (higher priority, or newer at equal priority).
    Behind(String),
}

/// Which pacing limit holds interruptions back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paced {
    /// `per_session` reached.
    Session(u32),
    /// `per_day` reached.
    Day(u32),
    /// `min_gap` seconds have not passed since the last interruption.
    Gap(u32),
}

/// What the widget shows now.
#[derive(Debug)]
pub struct Plan<'b> {
    /// The feed: everything the user may see, newest first.
    pub feed: Vec<&'b Announcement>,
    /// Announcements in the feed the user has not seen yet.
    pub unread: usize,
    /// What interrupts now: toasts and banners already shown that the user has not acted on
    /// (they stay until then), then at most one new interruption.
    pub show: Vec<&'b Announcement>,
    /// The new interruption among `show`, if any: the widget records it for pacing.
    pub new: Option<&'b Announcement>,
    /// Announcements with a goal or a holdout the user is eligible for and whose exposure was
    /// not recorded yet, with `true` for the holdout group.
    pub exposures: Vec<(&'b Announcement, bool)>,
    /// When (ms since the epoch) this plan changes with nothing else happening: the pacing gap
    /// before a held interruption ends. A page left open plans again then. (A publish or expire
    /// moment is not one: the next route change or action plans again, and a timer per
    /// announcement costs bytes every host pays.)
    pub wake: Option<f64>,
}

/// The audiences whose rules the user's traits satisfy.
pub fn audiences<'b>(bundle: &'b Bundle, traits: Option<&Traits>) -> Vec<&'b str> {
    let Some(traits) = traits else {
        return Vec::new();
    };
    bundle
        .rules
        .iter()
        .filter(|(_, r)| rule::eval(r, traits))
        .map(|(n, _)| n.as_str())
        .collect()
}

/// Whether an announcement belongs in the user's feed now, and if not, the first reason why.
/// `member_of` comes from [`audiences`].
pub fn check(a: &Announcement, ctx: &Context<'_>, member_of: &[&str]) -> Result<(), Hidden> {
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
    if !a.audience.is_empty() {
        if ctx.traits.is_none() {
            return Err(Hidden::NoTraits);
        }
        if !a.audience.iter().any(|n| member_of.contains(&n.as_str())) {
            return Err(Hidden::NotInAudience);
        }
    }
    if ctx.state.dismissed(&a.id) {
        return Err(Hidden::Dismissed);
    }
    // Last, so everyone held back would otherwise have seen it (the exposure rule).
    if let Some(share) = a.extra.holdout.filter(|s| *s > 0) {
        // The group placed at the user's exposure stays (a visitor who signs in keeps theirs).
        let held = ctx
            .state
            .placed(&a.id)
            .unwrap_or_else(|| crate::event::holdout(ctx.user, &a.id, share));
        if held {
            return Err(Hidden::Holdout(share));
        }
    }
    Ok(())
}

/// Is an announcement new to the user: not seen, and not published before they joined (the
/// host's `data-since`, else their first visit)? Only the feed's items can be unread.
pub fn unread(a: &Announcement, ctx: &Context<'_>) -> bool {
    let since = if ctx.since_ms > 0.0 {
        ctx.since_ms
    } else {
        ctx.state.since() as f64
    };
    // Published on a day that ended before they came: old news to them.
    let old = since > 0.0 && (a.published.days_since_epoch() + 1) as f64 * 86_400_000.0 <= since;
    !old && !ctx.state.seen(&a.id)
}

/// Does this surface interrupt (as opposed to living in the feed only)?
pub fn interrupts(d: Display) -> bool {
    matches!(
        d,
        Display::Popup | Display::Toast | Display::Banner | Display::Tooltip | Display::Guide
    )
}

/// Would an announcement in the feed interrupt now, pacing and competition aside? `Ok(true)`
/// when it is new (counts against pacing), `Ok(false)` when it is already on screen for this
/// user (a toast or banner not acted on yet).
pub fn eligible(a: &Announcement, ctx: &Context<'_>) -> Result<bool, Quiet> {
    let d = a.extra.display;
    if d == Display::Feed {
        return Err(Quiet::FeedOnly);
    }
    if !interrupts(d) {
        return Err(Quiet::Unsupported(d));
    }
    // A guide under way goes on across pages (each step says where it is); one not started
    // yet starts on its pages, and on its first step's page.
    let started = d == Display::Guide && ctx.state.step(&a.id) > 0;
    let first_page = a.extra.steps.first().and_then(|s| s.page.as_deref());
    if !started && (!on_page(a, ctx.path) || first_page.is_some_and(|p| !page_matches(p, ctx.path)))
    {
        return Err(Quiet::OtherPage);
    }
    if let Some(t) = &a.extra.trigger {
        let have = ctx.state.count(&t.event);
        if have < t.count {
            return Err(Quiet::Trigger(t.event.clone(), t.count, have));
        }
    }
    let seen = ctx.state.seen(&a.id);
    if ctx.state.engaged(&a.id) || (seen && d == Display::Popup) {
        return Err(Quiet::Done);
    }
    Ok(!seen)
}

/// Whether pacing lets a new interruption through now.
pub fn paced(pacing: &Pacing, ctx: &Context<'_>) -> Result<(), Paced> {
    let times = ctx.state.interruptions();
    let count_since = |t: f64| times.iter().filter(|s| **s as f64 >= t).count() as u32;
    if count_since(ctx.session_start) >= pacing.per_session {
        return Err(Paced::Session(pacing.per_session));
    }
    if count_since(ctx.now_ms - 86_400_000.0) >= pacing.per_day {
        return Err(Paced::Day(pacing.per_day));
    }
    if let Some(last) = times.last() {
        if (*last as f64) + f64::from(pacing.min_gap) * 1000.0 > ctx.now_ms {
            return Err(Paced::Gap(pacing.min_gap));
        }
    }
    Ok(())
}

/// What the user sees now: the feed, the unread count and what interrupts.
pub fn plan<'b>(bundle: &'b Bundle, ctx: &Context<'_>) -> Plan<'b> {
    let member_of = audiences(bundle, ctx.traits);
    let mut feed = Vec::new();
    let mut exposures = Vec::new();
    for a in &bundle.announcements {
        let r = check(a, ctx, &member_of);
        let held = matches!(r, Err(Hidden::Holdout(_)));
        if (r.is_ok() || held)
            && (a.extra.goal.is_some() || a.extra.holdout.is_some())
            && !ctx.state.exposed(&a.id)
        {
            exposures.push((a, held));
        }
        if r.is_ok() {
            feed.push(a);
        }
    }
    let unread = feed.iter().filter(|a| unread(a, ctx)).count();
    let mut show = Vec::new();
    let mut best: Option<&Announcement> = None;
    for a in feed.iter().filter(|a| !ctx.away.contains(&a.id)) {
        match eligible(a, ctx) {
            // Seen before (a toast or banner stays until acted on): shown again, but not
            // over a modal or the open feed; a guide under way keeps its place.
            Ok(false) if !ctx.modal_open || a.extra.display == Display::Guide => show.push(*a),
            // Highest priority first; at equal priority the feed's order (newest first).
            Ok(true) if best.is_none_or(|b| a.extra.priority > b.extra.priority) => best = Some(a),
            _ => {}
        }
    }
    let pacing = bundle.pacing.unwrap_or_default();
    let pace = paced(&pacing, ctx);
    let new = best.filter(|_| !ctx.modal_open && guide_here(&show, ctx).is_none() && pace.is_ok());
    show.extend(new);
    // A page left open plans again when the gap before the held interruption ends.
    let wake = match (best, pace, ctx.state.interruptions().last()) {
        (Some(_), Err(Paced::Gap(gap)), Some(last)) => Some(*last as f64 + f64::from(gap) * 1000.0),
        _ => None,
    };
    Plan {
        feed,
        unread,
        show,
        new,
        exposures,
        wake,
    }
}

/// Why one announcement does or does not interrupt now, for `explain`: `Ok(())` when [`plan`]
/// would show it.
pub fn why_quiet(bundle: &Bundle, ctx: &Context<'_>, id: &str) -> Result<(), Quiet> {
    let p = plan(bundle, ctx);
    if p.show.iter().any(|a| a.id == id) {
        return Ok(());
    }
    let Some(a) = p.feed.iter().find(|a| a.id == id) else {
        return Err(Quiet::FeedOnly);
    };
    eligible(a, ctx)?;
    if ctx.modal_open {
        return Err(Quiet::ModalOpen);
    }
    if let Some(g) = guide_here(&p.show, ctx) {
        return Err(Quiet::GuideUnderWay(g.id.clone()));
    }
    paced(&bundle.pacing.unwrap_or_default(), ctx).map_err(Quiet::Paced)?;
    Err(Quiet::Behind(
        p.new.map(|b| b.id.clone()).unwrap_or_default(),
    ))
}

/// A guide already on screen whose current step is on this page: a tooltip or a popup would
/// cover it or compete with it, so nothing new interrupts until it ends. (A guide whose next
/// step is on another page holds nothing back: the user may never go there.)
fn guide_here<'b>(show: &[&'b Announcement], ctx: &Context<'_>) -> Option<&'b Announcement> {
    show.iter().copied().find(|a| {
        a.extra.display == Display::Guide
            && a.extra
                .steps
                .get(ctx.state.step(&a.id) as usize)
                .is_some_and(|s| match &s.page {
                    Some(p) => page_matches(p, ctx.path),
                    None => on_page(a, ctx.path),
                })
    })
}

/// Is an announcement relevant on this page? (No `pages` means everywhere.)
pub fn on_page(a: &Announcement, path: &str) -> bool {
    let pages = &a.extra.pages;
    pages.is_empty() || pages.iter().any(|p| page_matches(p, path))
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
    use crate::bundle::Trigger;
    use crate::rule::{Rule, Value};
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

    fn shown(id: &str, display: Display, pages: &[&str], priority: i32) -> Announcement {
        let mut a = ann(id, "2026-01-01");
        a.extra.display = display;
        a.extra.pages = pages.iter().map(|p| p.to_string()).collect();
        a.extra.priority = priority;
        a
    }

    fn bundle(items: Vec<Announcement>) -> Bundle {
        Bundle {
            version: "1.2".into(),
            bundle: "t".into(),
            revision: "r".into(),
            announcements: items,
            ..Bundle::default()
        }
    }

    fn at(date: &str) -> f64 {
        Date::parse(date).unwrap().days_since_epoch() as f64 * 86_400_000.0 + 43_200_000.0
    }

    fn ctx<'a>(state: &'a UserState, path: &'a str) -> Context<'a> {
        Context {
            now_ms: at("2026-11-25"),
            path,
            traits: None,
            state,
            session_start: at("2026-11-25") - 1000.0,
            modal_open: false,
            user: "u-1",
            since_ms: 0.0,
            away: &[],
        }
    }

    fn ids(list: &[&Announcement]) -> Vec<String> {
        list.iter().map(|a| a.id.clone()).collect()
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
        let c = ctx(&state, "/");
        assert_eq!(ids(&plan(&b, &c).feed), ["a-new", "b-new", "old"]);
        let later = Context {
            now_ms: at("2026-12-01"),
            ..c
        };
        assert_eq!(
            plan(&b, &later).feed.len(),
            4,
            "published on the day itself"
        );
    }

    #[test]
    fn schedule_and_audience_hide_with_a_reason() {
        let state = UserState::default();
        let c = ctx(&state, "/");
        let now = c.now_ms;
        let mut a = ann("a", "2026-01-01");
        assert_eq!(check(&a, &c, &[]), Ok(()));
        a.publish = Some(now as i64 + 1);
        assert_eq!(check(&a, &c, &[]), Err(Hidden::Scheduled(now as i64 + 1)));
        a.publish = None;
        a.expire = Some(now as i64);
        assert_eq!(check(&a, &c, &[]), Err(Hidden::Expired(now as i64)));
        a.expire = None;
        a.audience = vec!["admins".into()];
        assert_eq!(check(&a, &c, &[]), Err(Hidden::NoTraits));
        let traits: Traits = vec![];
        let with = Context {
            traits: Some(&traits),
            ..c
        };
        assert_eq!(check(&a, &with, &[]), Err(Hidden::NotInAudience));
        assert_eq!(check(&a, &with, &["admins"]), Ok(()));
    }

    #[test]
    fn audience_rules_over_traits() {
        let mut admins = ann("admins-only", "2026-01-01");
        admins.audience = vec!["admins".into()];
        let mut pros = ann("pro-or-admin", "2026-01-01");
        pros.audience = vec!["admins".into(), "pro".into()];
        let mut b = bundle(vec![admins, pros, ann("everyone", "2026-01-01")]);
        b.rules = vec![
            (
                "admins".into(),
                Rule::In(
                    "role".into(),
                    vec![Value::Str("admin".into()), Value::Str("owner".into())],
                ),
            ),
            (
                "pro".into(),
                Rule::And(
                    Box::new(Rule::Cmp(
                        "plan".into(),
                        crate::rule::Op::Eq,
                        Value::Str("pro".into()),
                    )),
                    Box::new(Rule::Cmp(
                        "seats".into(),
                        crate::rule::Op::Ge,
                        Value::Num(5.0),
                    )),
                ),
            ),
        ];
        let state = UserState::default();
        let t = |pairs: &[(&str, Value)]| -> Traits {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect()
        };
        for (traits, expected) in [
            (None, vec!["everyone"]),
            (Some(t(&[])), vec!["everyone"]),
            (
                Some(t(&[("role", Value::Str("owner".into()))])),
                vec!["admins-only", "pro-or-admin", "everyone"],
            ),
            (
                Some(t(&[
                    ("plan", Value::Str("pro".into())),
                    ("seats", Value::Num(5.0)),
                ])),
                vec!["pro-or-admin", "everyone"],
            ),
            (
                Some(t(&[
                    ("plan", Value::Str("pro".into())),
                    ("seats", Value::Num(4.0)),
                ])),
                vec!["everyone"],
            ),
            (Some(t(&[("role", Value::Num(1.0))])), vec!["everyone"]),
        ] {
            let c = Context {
                traits: traits.as_ref(),
                ..ctx(&state, "/")
            };
            assert_eq!(ids(&plan(&b, &c).feed), expected, "{traits:?}");
        }
    }

    #[test]
    fn tooltips_stay_until_closed_and_guides_go_on_across_pages() {
        let mut tip = shown("tip", Display::Tooltip, &["/reports"], 0);
        tip.extra.anchor = Some("#export".into());
        let mut guide = shown("tour", Display::Guide, &[], 0);
        let step = |page: Option<&str>| crate::bundle::Step {
            anchor: Some("#x".into()),
            title: "T".into(),
            body: Vec::new(),
            page: page.map(String::from),
            side: None,
            advance: None,
        };
        guide.extra.steps = vec![step(Some("/")), step(Some("/reports")), step(None)];
        let b = bundle(vec![tip, guide]);
        let mut state = UserState::default();
        // Not started: the guide starts only on its first step's page.
        assert_eq!(ids(&plan(&b, &ctx(&state, "/reports")).show), ["tip"]);
        assert_eq!(ids(&plan(&b, &ctx(&state, "/")).show), ["tour"]);
        assert_eq!(
            why_quiet(&b, &ctx(&state, "/settings"), "tour"),
            Err(Quiet::OtherPage)
        );
        // Shown, then under way: it stays on screen on any page, outside pacing.
        state.apply("tour", Action::Impression);
        state.go_to_step("tour", 1);
        state.interrupted(at("2026-11-25"));
        for path in ["/", "/reports", "/settings"] {
            let p = plan(&b, &ctx(&state, path));
            assert!(ids(&p.show).iter().any(|i| i == "tour"), "{path}");
            assert_ne!(p.new.map(|a| a.id.as_str()), Some("tour"));
        }
        // Its step 2 is on /reports: the tooltip there waits for the guide (helper trial:
        // a hotspot's card covered the step's); on a page with no step of it, nothing waits.
        let later = Context {
            now_ms: at("2026-11-26"),
            session_start: at("2026-11-26") - 1.0,
            ..ctx(&state, "/reports")
        };
        assert_eq!(ids(&plan(&b, &later).show), ["tour"]);
        assert_eq!(
            why_quiet(&b, &later, "tip"),
            Err(Quiet::GuideUnderWay("tour".into()))
        );
        let mut back = state.clone();
        back.go_to_step("tour", 0);
        let elsewhere = Context {
            state: &back,
            ..later
        };
        assert_eq!(ids(&plan(&b, &elsewhere).show), ["tip"]);
        // A seen tooltip stays until closed; closed, never again; a finished guide is done.
        state.apply("tip", Action::Impression);
        assert!(ids(&plan(&b, &ctx(&state, "/reports")).show)
            .iter()
            .any(|i| i == "tip"));
        state.apply("tip", Action::Dismiss);
        state.end_guide("tour", true);
        assert!(plan(&b, &ctx(&state, "/reports")).show.is_empty());
    }

    /// Regression: a tooltip whose anchor was removed from the product held back every
    /// other interruption, on every load.
    #[test]
    fn an_announcement_whose_anchor_is_away_gives_way() {
        let b = bundle(vec![
            shown("stale-tip", Display::Tooltip, &[], 1),
            shown("toast", Display::Toast, &[], 0),
            shown("tip-2", Display::Tooltip, &[], 0),
        ]);
        let state = UserState::default();
        let p = plan(&b, &ctx(&state, "/"));
        assert_eq!(ids(&p.show), ["stale-tip"]);
        let away = ["stale-tip".to_owned()];
        let c = Context {
            away: &away,
            ..ctx(&state, "/")
        };
        let p = plan(&b, &c);
        assert_eq!(ids(&p.show), ["toast"], "the next one interrupts instead");
        assert_eq!(p.feed.len(), 3, "the feed still lists it");
        let away = [
            "stale-tip".to_owned(),
            "toast".to_owned(),
            "tip-2".to_owned(),
        ];
        let c = Context {
            away: &away,
            ..ctx(&state, "/")
        };
        assert!(plan(&b, &c).show.is_empty());
    }

    #[test]
    fn interrupts_on_its_pages_by_priority_once() {
        let b = bundle(vec![
            shown("feed-only", Display::Feed, &[], 9),
            shown("reports-popup", Display::Popup, &["/reports"], 0),
            shown("urgent-popup", Display::Popup, &["/reports/**"], 5),
            shown("invoice-toast", Display::Toast, &["/invoices/*"], 0),
            shown("banner", Display::Banner, &[], -1),
            shown("tip", Display::Tooltip, &["/settings"], 0),
        ]);
        let mut state = UserState::default();
        let p = plan(&b, &ctx(&state, "/reports"));
        assert_eq!(ids(&p.show), ["urgent-popup"], "highest priority first");
        assert_eq!(p.new.map(|a| a.id.as_str()), Some("urgent-popup"));
        assert_eq!(p.unread, 6);
        assert_eq!(
            why_quiet(&b, &ctx(&state, "/reports"), "reports-popup"),
            Err(Quiet::Behind("urgent-popup".into()))
        );
        assert_eq!(
            why_quiet(&b, &ctx(&state, "/reports"), "invoice-toast"),
            Err(Quiet::OtherPage)
        );
        assert_eq!(
            why_quiet(&b, &ctx(&state, "/"), "feed-only"),
            Err(Quiet::FeedOnly)
        );
        assert_eq!(
            why_quiet(&b, &ctx(&state, "/"), "tip"),
            Err(Quiet::OtherPage)
        );
        assert_eq!(why_quiet(&b, &ctx(&state, "/settings"), "tip"), Ok(()));
        // The urgent popup was shown: it never interrupts again, the other one is next.
        state.apply("urgent-popup", Action::Impression);
        let p = plan(&b, &ctx(&state, "/reports"));
        assert_eq!(ids(&p.show), ["reports-popup"]);
        // A modal on screen holds every new interruption back.
        let busy = Context {
            modal_open: true,
            ..ctx(&state, "/reports")
        };
        assert!(plan(&b, &busy).show.is_empty());
        assert_eq!(why_quiet(&b, &busy, "reports-popup"), Err(Quiet::ModalOpen));
        // On an invoice page the toast (newer than the banner at equal... lower priority).
        let p = plan(&b, &ctx(&state, "/invoices/42"));
        assert_eq!(ids(&p.show), ["invoice-toast"]);
        // A toast already seen stays until acted on, outside pacing, and the banner comes next.
        state.apply("invoice-toast", Action::Impression);
        let p = plan(&b, &ctx(&state, "/invoices/42"));
        assert_eq!(ids(&p.show), ["invoice-toast", "banner"]);
        assert_eq!(p.new.map(|a| a.id.as_str()), Some("banner"));
        // Not over a modal or the open feed, though: it comes back when that closes.
        let busy = Context {
            modal_open: true,
            ..ctx(&state, "/invoices/42")
        };
        assert!(plan(&b, &busy).show.is_empty());
        state.apply("invoice-toast", Action::Engage);
        state.apply("banner", Action::Dismiss);
        let p = plan(&b, &ctx(&state, "/invoices/42"));
        assert!(p.show.is_empty());
        assert_eq!(p.feed.len(), 5, "the feed still lists what was acted on");
        assert_eq!(
            p.unread, 3,
            "feed-only, tip and reports-popup were never seen"
        );
    }

    #[test]
    fn triggers_wait_for_tracked_events() {
        let mut a = shown("after-export", Display::Toast, &[], 0);
        a.extra.trigger = Some(Trigger {
            event: "export".into(),
            count: 2,
        });
        let b = bundle(vec![a]);
        let mut state = UserState::default();
        assert_eq!(
            why_quiet(&b, &ctx(&state, "/"), "after-export"),
            Err(Quiet::Trigger("export".into(), 2, 0))
        );
        state.track("export");
        assert!(plan(&b, &ctx(&state, "/")).show.is_empty());
        state.track("export");
        assert_eq!(ids(&plan(&b, &ctx(&state, "/")).show), ["after-export"]);
    }

    #[test]
    fn pacing_limits_per_session_per_day_and_gap() {
        let b = Bundle {
            pacing: Some(Pacing {
                per_session: 1,
                per_day: 2,
                min_gap: 600,
            }),
            ..bundle(vec![
                shown("first", Display::Popup, &[], 1),
                shown("second", Display::Popup, &[], 0),
            ])
        };
        let mut state = UserState::default();
        let now = ctx(&state, "/").now_ms;
        assert_eq!(
            plan(&b, &ctx(&state, "/")).new.map(|a| a.id.as_str()),
            Some("first")
        );
        state.apply("first", Action::Impression);
        state.interrupted(now);
        let mut later_state = state.clone();
        later_state.interrupted(now + 1000.0);
        let c = ctx(&state, "/");
        assert!(plan(&b, &c).show.is_empty(), "one per session");
        assert_eq!(
            why_quiet(&b, &c, "second"),
            Err(Quiet::Paced(Paced::Session(1)))
        );
        // A new session, but within the gap.
        let later = Context {
            session_start: c.now_ms + 1.0,
            now_ms: c.now_ms + 60_000.0,
            ..c
        };
        assert_eq!(
            why_quiet(&b, &later, "second"),
            Err(Quiet::Paced(Paced::Gap(600)))
        );
        assert_eq!(
            plan(&b, &later).wake,
            Some(now + 600_000.0),
            "a page left open plans again when the gap ends"
        );
        assert_eq!(
            plan(&b, &c).wake,
            None,
            "the session limit waits for a new session"
        );
        let after_gap = Context {
            now_ms: c.now_ms + 601_000.0,
            ..later
        };
        assert_eq!(ids(&plan(&b, &after_gap).show), ["second"]);
        // Two interruptions today already: the day limit holds even in a new session.
        let next_session = Context {
            state: &later_state,
            session_start: c.now_ms + 2000.0,
            ..after_gap
        };
        assert_eq!(
            why_quiet(&b, &next_session, "second"),
            Err(Quiet::Paced(Paced::Day(2)))
        );
        let tomorrow = Context {
            now_ms: c.now_ms + 86_400_000.0 + 2000.0,
            ..next_session
        };
        assert_eq!(ids(&plan(&b, &tomorrow).show), ["second"]);
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
            ("/", "", true),
        ] {
            assert_eq!(page_matches(pattern, path), ok, "{pattern} {path}");
        }
    }

    #[test]
    fn unread_means_not_seen() {
        let b = bundle(vec![
            ann("a", "2026-01-01"),
            ann("b", "2026-01-02"),
            ann("c", "2026-01-03"),
            ann("d", "2026-01-04"),
        ]);
        let mut state = UserState::default();
        assert_eq!(plan(&b, &ctx(&state, "/")).unread, 4);
        state.apply("a", Action::Impression);
        state.apply("b", Action::Engage);
        state.apply("c", Action::Dismiss);
        assert_eq!(plan(&b, &ctx(&state, "/")).unread, 1, "only d is unseen");
    }

    #[test]
    fn new_users_are_not_greeted_by_old_news() {
        let b = bundle(vec![
            ann("old", "2026-10-01"),
            ann("joined-day", "2026-11-20"),
            ann("later", "2026-11-22"),
        ]);
        let state = UserState::default();
        let joined = at("2026-11-20"); // noon that day
                                       // The host's data-since: what was published before the day they joined is old news,
                                       // still in the feed.
        let c = Context {
            since_ms: joined,
            ..ctx(&state, "/")
        };
        let p = plan(&b, &c);
        assert_eq!(p.feed.len(), 3);
        assert_eq!(p.unread, 2);
        assert!(!unread(&b.announcements[0], &c) && unread(&b.announcements[1], &c));
        // Without it, the first visit the state recorded.
        let mut first = UserState::default();
        first.first_visit(joined);
        assert_eq!(plan(&b, &ctx(&first, "/")).unread, 2);
        // A returning user (no first visit recorded): everything unseen is unread.
        assert_eq!(plan(&b, &ctx(&state, "/")).unread, 3);
    }

    #[test]
    fn holdouts_hide_for_good_and_exposures_are_recorded_once() {
        let mut with_goal = ann("goal-only", "2026-01-01");
        with_goal.extra.goal = Some(crate::bundle::Goal {
            event: "report-exported".into(),
            within_days: 14,
        });
        let mut held = ann("held", "2026-01-01");
        held.extra.holdout = Some(50);
        let b = bundle(vec![ann("plain", "2026-01-01"), with_goal, held]);
        // Over many users about half are held back, each the same way every time.
        let (mut holdout, mut exposed) = (0, 0);
        for i in 0..2000 {
            let user = format!("user-{i}");
            let state = UserState::default();
            let c = Context {
                user: &user,
                ..ctx(&state, "/")
            };
            let p = plan(&b, &c);
            let ex: Vec<(String, bool)> = p
                .exposures
                .iter()
                .map(|(a, h)| (a.id.clone(), *h))
                .collect();
            assert!(ex.contains(&("goal-only".into(), false)));
            let in_feed = p.feed.iter().any(|a| a.id == "held");
            assert!(ex.contains(&("held".into(), !in_feed)), "{ex:?}");
            assert_eq!(
                check(&b.announcements[2], &c, &[]) == Err(Hidden::Holdout(50)),
                !in_feed
            );
            if in_feed {
                exposed += 1
            } else {
                holdout += 1
            }
            assert_eq!(plan(&b, &c).feed.len(), p.feed.len(), "stable");
        }
        assert!(
            (900..1100).contains(&holdout) && holdout + exposed == 2000,
            "{holdout}"
        );
        // Recorded exposures are not repeated.
        let mut state = UserState::default();
        state.apply("goal-only", Action::Expose);
        state.apply("held", Action::Expose);
        assert!(plan(&b, &ctx(&state, "/")).exposures.is_empty());
        // A group placed at exposure stays whatever the user id says (a visitor in the holdout
        // who signs in stays out; one who saw it stays in).
        let shown_to = |placed_held: bool, user: &str| {
            let mut state = UserState::default();
            state.expose("held", placed_held);
            let c = Context {
                user,
                ..ctx(&state, "/")
            };
            plan(&b, &c).feed.iter().any(|a| a.id == "held")
        };
        let in_holdout = (0..100)
            .map(|i| format!("user-{i}"))
            .find(|u| crate::event::holdout(u, "held", 50))
            .expect("someone is held back");
        let exposed_user = (0..100)
            .map(|i| format!("user-{i}"))
            .find(|u| !crate::event::holdout(u, "held", 50))
            .expect("someone is exposed");
        assert!(
            !shown_to(true, &exposed_user),
            "placed in the holdout: stays out"
        );
        assert!(
            shown_to(false, &in_holdout),
            "placed among the exposed: stays in"
        );
    }
}
