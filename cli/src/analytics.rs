//! What `whatsnew report` computes from events: per announcement, who was reached, who
//! engaged or dismissed, how fast, split by surface, locale and audience; a guide's step funnel;
//! and, where the announcement has a goal, the goal rate of exposed users against the holdout.
//!
//! Definitions (`docs/events.md` and the SQL in `sql/` use the same):
//! - *users reached*: distinct users with an `impression`;
//! - *engaged / dismissed users*: distinct users with an `engage` (helpful votes excluded) /
//!   `dismiss` event (one with reason `cta`, a surface closed by its call to action, excluded);
//!   rates are over users reached;
//! - *time to engage*: a user's first engagement minus their first impression, when after it;
//! - splits use the surface, locale and audience of each user's first impression;
//! - *goal*: a user in an `exposure` group reached the goal when a `goal` event with its name
//!   came within `within_days` after their first exposure (both groups are timed from
//!   exposure, since the holdout never has an impression).

use crate::events::Prehashed;
use serde::Serialize;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use whatsnew_core::event::{fnv1a, Event, EventType, Group};
use whatsnew_core::Bundle;

const DAY_MS: i64 = 86_400_000;
/// An hour in milliseconds: how far ahead of the report an event may be dated before it is said.
const HOUR_MS: i64 = 3_600_000;

type Map64<V> = HashMap<u64, V, BuildHasherDefault<Prehashed>>;

/// One user's history with one announcement.
#[derive(Debug, Clone)]
struct UserRec {
    first_impression: i64,
    first_engage: i64,
    dismissed: bool,
    completed: bool,
    steps: u64,
    surface: u32,
    locale: u32,
    audience: u32,
    group: Option<Group>,
    /// The groups of this user's exposures (1 exposed, 2 holdout): 3 is both.
    groups: u8,
    exposed_at: i64,
}

impl Default for UserRec {
    fn default() -> Self {
        UserRec {
            first_impression: i64::MAX,
            first_engage: i64::MAX,
            dismissed: false,
            completed: false,
            steps: 0,
            surface: 0,
            locale: 0,
            audience: 0,
            group: None,
            groups: 0,
            exposed_at: i64::MAX,
        }
    }
}

/// Event counts for one announcement.
#[derive(Debug, Default, Clone)]
struct Counts {
    impressions: u64,
    engages: u64,
    dismisses: u64,
    anchor_missing: u64,
    helpful: u64,
    not_helpful: u64,
    max_step: Option<u32>,
    goal: Option<String>,
}

/// Interned strings: index 0 is "none".
#[derive(Debug, Default)]
struct Names {
    list: Vec<String>,
    index: HashMap<String, u32, BuildHasherDefault<Prehashed>>,
}

impl Names {
    fn id(&mut self, name: Option<&str>) -> u32 {
        let Some(name) = name else { return 0 };
        if let Some(i) = self.index.get(name) {
            return *i;
        }
        self.list.push(name.to_owned());
        let i = self.list.len() as u32;
        self.index.insert(name.to_owned(), i);
        i
    }
    fn name(&self, i: u32) -> Option<&str> {
        (i > 0).then(|| self.list[i as usize - 1].as_str())
    }
}

/// Everything counted so far; feed it events with [`Tally::add`], then [`Tally::finish`].
#[derive(Default)]
pub struct Tally {
    announcements: Names,
    counts: Vec<Counts>,
    users: Vec<Map64<UserRec>>,
    dims: Names,
    goals: Names,
    /// Goal event times by (goal, user).
    goal_times: HashMap<(u32, u64), Vec<i64>, BuildHasherDefault<Prehashed>>,
    /// Events of another bundle than `--bundle`'s.
    pub other_bundle: u64,
    bundle_id: Option<String>,
    /// The latest moment in the files, no later than `now`: goals are judged as of then.
    latest: i64,
    /// The report's own time (Unix ms): an event dated later came from a device whose clock is
    /// ahead, and must not close every goal window early.
    pub now: i64,
    /// Events dated more than an hour after `now`.
    pub future: u64,
    /// Anonymous ids and the signed-in user each became (the earliest `alias` on record).
    aliases: Map64<(i64, u64)>,
}

impl Tally {
    /// A tally that counts only events of `bundle` (when given).
    pub fn new(bundle: Option<&Bundle>) -> Tally {
        // `SOURCE_DATE_EPOCH` (seconds) when set, as `build` reads it: a report made again later
        // over the same files says the same. Not a date before 2000: Nix shells set 1980 for
        // every build, which would make every event "in the future".
        let now = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .filter(|s| *s >= 946_684_800)
            .map(|s| s.saturating_mul(1000))
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(i64::MAX, |d| {
                        i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
                    })
            });
        let mut t = Tally {
            bundle_id: bundle.map(|b| b.bundle.clone()),
            now,
            ..Tally::default()
        };
        for a in bundle.map_or(&[][..], |b| &b.announcements[..]) {
            t.announcement(&a.id);
        }
        t
    }

    fn announcement(&mut self, id: &str) -> usize {
        let i = self.announcements.id(Some(id)) as usize - 1;
        if i == self.counts.len() {
            self.counts.push(Counts::default());
            self.users.push(Map64::default());
        }
        i
    }

    /// Counts one event (already valid and deduplicated).
    pub fn add(&mut self, e: &Event) {
        if self.bundle_id.as_deref().is_some_and(|b| b != e.bundle) {
            self.other_bundle += 1;
            return;
        }
        if e.at > self.now.saturating_add(HOUR_MS) {
            self.future += 1;
        }
        self.latest = self.latest.max(e.at.min(self.now));
        let user = fnv1a(e.user.as_bytes());
        if let Some(alias) = e.alias.as_deref().filter(|a| *a != e.user) {
            let at = self
                .aliases
                .entry(fnv1a(alias.as_bytes()))
                .or_insert((e.at, user));
            if e.at < at.0 {
                *at = (e.at, user);
            }
        }
        if e.kind == EventType::Goal {
            let g = self.goals.id(e.goal.as_deref());
            self.goal_times.entry((g, user)).or_default().push(e.at);
            return;
        }
        let Some(ann) = e.announcement.as_deref() else {
            return;
        };
        let a = self.announcement(ann);
        let (surface, locale, audience) = (
            self.dims.id(e.surface.as_deref()),
            self.dims.id(e.locale.as_deref()),
            self.dims.id(e.audience.as_deref()),
        );
        let c = &mut self.counts[a];
        let rec = self.users[a].entry(user).or_default();
        match e.kind {
            EventType::Impression => {
                c.impressions += 1;
                if e.at < rec.first_impression {
                    rec.first_impression = e.at;
                    (rec.surface, rec.locale, rec.audience) = (surface, locale, audience);
                }
                if let Some(s) = e.step.filter(|s| *s < 64) {
                    rec.steps |= 1 << s;
                    c.max_step = c.max_step.max(Some(s));
                }
            }
            EventType::Engage => match e.vote() {
                Some(true) => c.helpful += 1,
                Some(false) => c.not_helpful += 1,
                None => {
                    c.engages += 1;
                    rec.first_engage = rec.first_engage.min(e.at);
                    if e.reason.as_deref() == Some("guide_completed") {
                        rec.completed = true;
                    }
                }
            },
            // A surface closed by its own call to action: the engagement counts, not this.
            EventType::Dismiss if e.reason.as_deref() == Some("cta") => {}
            EventType::Dismiss => {
                c.dismisses += 1;
                rec.dismissed = true;
            }
            EventType::AnchorMissing => c.anchor_missing += 1,
            EventType::Exposure => {
                rec.groups |= match e.group {
                    Some(Group::Holdout) => 2,
                    Some(_) => 1,
                    None => 0,
                };
                if e.at < rec.exposed_at {
                    rec.exposed_at = e.at;
                    rec.group = e.group;
                }
                if c.goal.is_none() {
                    c.goal.clone_from(&e.goal);
                }
            }
            EventType::Goal => {}
        }
    }

    /// A visitor who signed in is one person: what their anonymous id did (impressions, the
    /// exposure, goals) counts as the signed-in user's, merged into one record per
    /// announcement (earliest times, either's flags).
    fn merge_aliases(&mut self) {
        if self.aliases.is_empty() {
            return;
        }
        let to: Map64<u64> = self.aliases.iter().map(|(a, (_, u))| (*a, *u)).collect();
        for users in &mut self.users {
            let anons: Vec<u64> = users
                .keys()
                .filter(|k| to.contains_key(k))
                .copied()
                .collect();
            for anon in anons {
                let (Some(theirs), Some(user)) = (users.remove(&anon), to.get(&anon)) else {
                    continue;
                };
                let ours = users.entry(*user).or_default();
                if theirs.first_impression < ours.first_impression {
                    ours.first_impression = theirs.first_impression;
                    (ours.surface, ours.locale, ours.audience) =
                        (theirs.surface, theirs.locale, theirs.audience);
                }
                ours.first_engage = ours.first_engage.min(theirs.first_engage);
                ours.dismissed |= theirs.dismissed;
                ours.completed |= theirs.completed;
                ours.steps |= theirs.steps;
                ours.groups |= theirs.groups;
                if theirs.exposed_at < ours.exposed_at {
                    ours.exposed_at = theirs.exposed_at;
                    ours.group = theirs.group;
                }
            }
        }
        let moved: Vec<(u32, u64)> = self
            .goal_times
            .keys()
            .filter(|(_, u)| to.contains_key(u))
            .copied()
            .collect();
        for key in moved {
            if let (Some(times), Some(user)) = (self.goal_times.remove(&key), to.get(&key.1)) {
                self.goal_times
                    .entry((key.0, *user))
                    .or_default()
                    .extend(times);
            }
        }
    }

    /// The report: announcements in the bundle's order, then the others by id.
    pub fn finish(mut self, bundle: Option<&Bundle>) -> Vec<AnnouncementReport> {
        self.merge_aliases();
        let mut out = Vec::new();
        for (i, (counts, users)) in self.counts.iter().zip(&self.users).enumerate() {
            let id = self.announcements.list[i].clone();
            let meta = bundle.and_then(|b| b.announcements.iter().find(|a| a.id == id));
            let reached: Vec<&UserRec> = users
                .values()
                .filter(|r| r.first_impression != i64::MAX)
                .collect();
            let users_reached = reached.len() as u64;
            let engaged_users = users
                .values()
                .filter(|r| r.first_engage != i64::MAX)
                .count() as u64;
            let dismissed_users = users.values().filter(|r| r.dismissed).count() as u64;
            let mut times: Vec<i64> = reached
                .iter()
                .filter(|r| r.first_engage != i64::MAX && r.first_engage >= r.first_impression)
                .map(|r| r.first_engage - r.first_impression)
                .collect();
            times.sort_unstable();
            let split = |pick: fn(&UserRec) -> u32| -> Vec<Segment> {
                let mut by: Vec<(u32, Segment)> = Vec::new();
                for r in &reached {
                    let k = pick(r);
                    let at = match by.iter().position(|(x, _)| *x == k) {
                        Some(p) => p,
                        None => {
                            by.push((
                                k,
                                Segment {
                                    value: self.dims.name(k).unwrap_or("(none)").to_owned(),
                                    ..Segment::default()
                                },
                            ));
                            by.len() - 1
                        }
                    };
                    let s = &mut by[at].1;
                    s.users_reached += 1;
                    s.engaged_users += u64::from(r.first_engage != i64::MAX);
                    s.dismissed_users += u64::from(r.dismissed);
                }
                let mut v: Vec<Segment> = by.into_iter().map(|(_, s)| s).collect();
                for s in &mut v {
                    s.engage_rate = rate(s.engaged_users, s.users_reached);
                    s.dismiss_rate = rate(s.dismissed_users, s.users_reached);
                }
                v.sort_by(|a, b| {
                    b.users_reached
                        .cmp(&a.users_reached)
                        .then_with(|| a.value.cmp(&b.value))
                });
                // A split no event named is left out.
                if v.iter().all(|s| s.value == "(none)") {
                    v.clear();
                }
                v
            };
            let by_audience = split(|r| r.audience);
            let steps_in_bundle = meta.map_or(0, |a| a.extra.steps.len() as u32);
            let steps = steps_in_bundle
                .max(counts.max_step.map_or(0, |s| s + 1))
                .min(64);
            let funnel: Vec<FunnelStep> = (0..steps)
                .map(|s| FunnelStep {
                    step: s + 1,
                    users: reached.iter().filter(|r| r.steps & (1 << s) != 0).count() as u64,
                    drop_off: None,
                })
                .collect();
            // Of the users who saw a step, the share who did not see the next one (per user:
            // someone who joined the guide at the next step's page is not a negative drop-off).
            let funnel = funnel
                .iter()
                .enumerate()
                .map(|(k, f)| FunnelStep {
                    drop_off: (k + 1 < funnel.len() && f.users > 0).then(|| {
                        let (this, next) = (1u64 << k, 1u64 << (k + 1));
                        let left = reached
                            .iter()
                            .filter(|r| r.steps & this != 0 && r.steps & next == 0)
                            .count();
                        round4(left as f64 / f.users as f64)
                    }),
                    ..f.clone()
                })
                .collect();
            let goal = meta
                .and_then(|a| a.extra.goal.clone())
                .map(|g| (g.event, g.within_days))
                .or_else(|| counts.goal.clone().map(|g| (g, 14)));
            let goal = goal.map(|(event, within_days)| {
                let gid = self.goals.index.get(&event).copied();
                let mut groups = [GroupRate::default(), GroupRate::default()];
                let (mut pending, mut both_groups) = (0, 0);
                for (user, r) in users.iter() {
                    let Some(group) = r.group else { continue };
                    // Exposed in one place and held back in another (two devices before
                    // the state followed them): neither group's.
                    if r.groups == 3 {
                        both_groups += 1;
                        continue;
                    }
                    let end = r.exposed_at.saturating_add(i64::from(within_days) * DAY_MS);
                    // A window still open at the last event in the files: the user may yet
                    // reach the goal. Counted (both groups alike, so it dilutes the difference
                    // rather than inventing one) and said, so a reader knows rates may rise.
                    pending += u64::from(end > self.latest);
                    let g = &mut groups[usize::from(group == Group::Holdout)];
                    g.users += 1;
                    let hit = gid
                        .and_then(|gid| self.goal_times.get(&(gid, *user)))
                        .is_some_and(|ts| ts.iter().any(|t| (r.exposed_at..=end).contains(t)));
                    g.reached += u64::from(hit);
                }
                for g in &mut groups {
                    g.rate = rate(g.reached, g.users);
                }
                let [exposed, holdout] = groups;
                let mut comparison = compare(
                    exposed.reached,
                    exposed.users,
                    holdout.reached,
                    holdout.users,
                );
                // The holdout is set and nobody fell in it yet: say so, not "set it".
                if let (0, Some(percent)) = (holdout.users, meta.and_then(|a| a.extra.holdout)) {
                    if exposed.users > 0 {
                        comparison.verdict = format!(
                            "no holdout users yet: {percent}% of users are held back, {} exposed so far",
                            exposed.users
                        );
                    }
                }
                let holdout_percent = meta.and_then(|a| a.extra.holdout);
                let mut held_back = [0, 0];
                for r in users.values().filter(|r| r.groups == 1 || r.groups == 2) {
                    held_back[usize::from(r.groups == 2)] += 1;
                }
                GoalReport {
                    event,
                    within_days,
                    holdout_percent,
                    exposed,
                    holdout,
                    pending,
                    both_groups,
                    as_of: self.latest,
                    sample_ratio: holdout_percent.and_then(|p| {
                        sample_ratio(held_back[1], held_back[0] + held_back[1], p)
                    }),
                    comparison,
                }
            });
            out.push(AnnouncementReport {
                id,
                benefit: meta.map(|a| a.benefit.clone()),
                display: meta.map(|a| a.extra.display.name().to_owned()),
                users_reached,
                impressions: counts.impressions,
                engages: counts.engages,
                dismisses: counts.dismisses,
                anchor_missing: counts.anchor_missing,
                engaged_users,
                dismissed_users,
                // Shares of the users reached: an engagement or dismissal whose impression
                // is missing (lost, or in a file not read) counts in `engaged_users` but
                // cannot make the rate exceed 100%, and the rate agrees with the splits'.
                engage_rate: rate(
                    reached
                        .iter()
                        .filter(|r| r.first_engage != i64::MAX)
                        .count() as u64,
                    users_reached,
                ),
                dismiss_rate: rate(
                    reached.iter().filter(|r| r.dismissed).count() as u64,
                    users_reached,
                ),
                helpful: counts.helpful,
                not_helpful: counts.not_helpful,
                median_ms_to_engage: median(&times),
                by_surface: split(|r| r.surface),
                by_locale: split(|r| r.locale),
                by_audience,
                completed_users: (steps > 0)
                    .then(|| reached.iter().filter(|r| r.completed).count() as u64),
                funnel,
                goal,
            });
        }
        let in_bundle = bundle.map_or(0, |b| b.announcements.len());
        let from = in_bundle.min(out.len());
        out[from..].sort_by(|a, b| a.id.cmp(&b.id));
        out
    }
}

fn rate(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| round4(part as f64 / whole as f64))
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The median of sorted values (the mean of the middle two for an even count).
pub fn median(sorted: &[i64]) -> Option<i64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2),
    }
}

/// One announcement's figures.
#[derive(Debug, Clone, Serialize)]
pub struct AnnouncementReport {
    /// The announcement's id.
    pub id: String,
    /// Its headline, from `--bundle`.
    pub benefit: Option<String>,
    /// Its display, from `--bundle`.
    pub display: Option<String>,
    /// Distinct users with an impression.
    pub users_reached: u64,
    /// Impression events.
    pub impressions: u64,
    /// Engage events (votes excluded).
    pub engages: u64,
    /// Dismiss events.
    pub dismisses: u64,
    /// Anchor-missing events.
    pub anchor_missing: u64,
    /// Distinct users who engaged.
    pub engaged_users: u64,
    /// Distinct users who dismissed.
    pub dismissed_users: u64,
    /// The share of users reached who engaged (at most 1: users who engaged without a
    /// recorded impression are in `engaged_users` but not here).
    pub engage_rate: Option<f64>,
    /// The share of users reached who dismissed.
    pub dismiss_rate: Option<f64>,
    /// "Helpful" votes.
    pub helpful: u64,
    /// "Not helpful" votes.
    pub not_helpful: u64,
    /// Median time from first impression to first engagement.
    pub median_ms_to_engage: Option<i64>,
    /// Split by surface.
    pub by_surface: Vec<Segment>,
    /// Split by locale.
    pub by_locale: Vec<Segment>,
    /// Split by audience (empty when no event names one).
    pub by_audience: Vec<Segment>,
    /// A guide's steps: users who saw each.
    pub funnel: Vec<FunnelStep>,
    /// A guide's users who completed it.
    pub completed_users: Option<u64>,
    /// The goal comparison, when it has a goal.
    pub goal: Option<GoalReport>,
}

/// One value of a split.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Segment {
    /// The surface, locale or audience.
    pub value: String,
    /// Users whose first impression had this value.
    pub users_reached: u64,
    /// Of those, users who engaged.
    pub engaged_users: u64,
    /// Of those, users who dismissed.
    pub dismissed_users: u64,
    /// Engaged over reached.
    pub engage_rate: Option<f64>,
    /// Dismissed over reached.
    pub dismiss_rate: Option<f64>,
}

/// One guide step.
#[derive(Debug, Clone, Serialize)]
pub struct FunnelStep {
    /// Counted from 1.
    pub step: u32,
    /// Users who saw it.
    pub users: u64,
    /// The share of them who did not see the next step.
    pub drop_off: Option<f64>,
}

/// Goal rate of one group.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GroupRate {
    /// Users in the group.
    pub users: u64,
    /// Of those, users who reached the goal in time.
    pub reached: u64,
    /// Reached over users.
    pub rate: Option<f64>,
}

/// The goal: exposed against holdout.
#[derive(Debug, Clone, Serialize)]
pub struct GoalReport {
    /// The goal event's name.
    pub event: String,
    /// The window after exposure.
    pub within_days: u32,
    /// The configured holdout share.
    pub holdout_percent: Option<u32>,
    /// Users shown the announcement.
    pub exposed: GroupRate,
    /// Users held back.
    pub holdout: GroupRate,
    /// Of the users compared, those whose window had not ended by `as_of`: they may yet
    /// reach the goal, so the rates (and the difference) may still rise.
    pub pending: u64,
    /// Users left out because they were exposed in one place and held back in another.
    pub both_groups: u64,
    /// The latest event's time in the files (ms): windows are judged as of then.
    pub as_of: i64,
    /// A warning when the share held back is far from the configured `holdout` (a sample ratio
    /// mismatch: some users' events are missing, or the groups were not drawn as configured).
    pub sample_ratio: Option<String>,
    /// The difference and its confidence interval.
    pub comparison: Comparison,
}

/// The sample-ratio check: `held` of `n` users held back against the configured `percent`,
/// by a two-sided binomial z test at p < 0.001 (what A/B platforms flag). `None` when fine or
/// too few users to tell.
fn sample_ratio(held: u64, n: u64, percent: u32) -> Option<String> {
    let p = f64::from(percent.min(100)) / 100.0;
    if n < 100 || p <= 0.0 || p >= 1.0 {
        return None;
    }
    let expected = n as f64 * p;
    let z = (held as f64 - expected) / (expected * (1.0 - p)).sqrt();
    (z.abs() > 3.290_526_731_491_926).then(|| {
        format!(
            "{:.1}% of users were held back, not the configured {percent}% ({held} of {n}): some events are missing or the groups were not drawn as configured, so the comparison may be biased",
            held as f64 * 100.0 / n as f64
        )
    })
}

/// Exposed minus holdout goal rate, in percentage points, with a 95% confidence interval.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Difference in points, when both groups have users.
    pub difference_points: Option<f64>,
    /// Lower end of the 95% CI, in points.
    pub ci_low: Option<f64>,
    /// Upper end of the 95% CI, in points.
    pub ci_high: Option<f64>,
    /// How the interval is computed.
    pub method: &'static str,
    /// The result in plain words.
    pub verdict: String,
}

/// The method [`compare`] uses.
pub const METHOD: &str =
    "difference of two proportions, Newcombe's hybrid score interval (from Wilson intervals), 95%";

/// The 95% normal quantile.
const Z: f64 = 1.959_963_984_540_054;

/// Wilson's score interval for `a` of `n`.
fn wilson(a: u64, n: u64) -> (f64, f64) {
    let (n, p) = (n as f64, a as f64 / n as f64);
    let z2 = Z * Z;
    let centre = p + z2 / (2.0 * n);
    let half = Z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    let scale = 1.0 + z2 / n;
    (
        ((centre - half) / scale).max(0.0),
        ((centre + half) / scale).min(1.0),
    )
}

/// Compares goal rates: exposed `a` of `n`, holdout `b` of `m`. The interval is Newcombe's
/// hybrid score interval for a difference of two proportions (his method 10), built from each
/// group's Wilson interval: it keeps close to 95% coverage where the Wald interval does not —
/// small groups, rates near 0 or 1, a 10% holdout with no goals at all (Wald gave 5 of 900
/// against 0 of 100 "the announcement helped", and false "helped" verdicts 35% of the time at
/// a 1% goal rate with no true effect; this interval: 0%).
pub fn compare(a: u64, n: u64, b: u64, m: u64) -> Comparison {
    let none = |verdict: &str| Comparison {
        difference_points: None,
        ci_low: None,
        ci_high: None,
        method: METHOD,
        verdict: verdict.to_owned(),
    };
    if n == 0 && m == 0 {
        return none("no exposure events yet");
    }
    if m == 0 {
        return none("no holdout users: set `holdout: 10%` to compare");
    }
    if n == 0 {
        return none("no exposed users yet");
    }
    let (p, q) = (a as f64 / n as f64, b as f64 / m as f64);
    let d = p - q;
    let ((l1, u1), (l2, u2)) = (wilson(a, n), wilson(b, m));
    let lo = d - ((p - l1).powi(2) + (u2 - q).powi(2)).sqrt();
    let hi = d + ((u1 - p).powi(2) + (q - l2).powi(2)).sqrt();
    let (lo, hi) = (lo.max(-1.0), hi.min(1.0));
    let pts = |x: f64| (x * 1000.0).round() / 10.0;
    let (d, lo, hi) = (pts(d), pts(lo), pts(hi));
    let sign = if d > 0.0 { "+" } else { "" };
    // Groups of a handful of users tell nothing: 1 of 1 against 0 of 1 gave "+100.0 points,
    // 95% CI 100.0–100.0: the announcement helped".
    let few = n < 10 || m < 10;
    let conclusion = if few {
        "too few users to tell (each group needs at least 10)"
    } else if lo > 0.0 {
        "the announcement helped"
    } else if hi < 0.0 {
        "the announcement hurt"
    } else {
        "no clear difference"
    };
    Comparison {
        difference_points: Some(d),
        ci_low: Some(lo),
        ci_high: Some(hi),
        method: METHOD,
        verdict: format!("{sign}{d:.1} points, 95% CI {lo:.1}–{hi:.1}: {conclusion}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tiny groups get no verdict, and the interval stays within ±100 points (a trial's "1 of 1
    /// against 0 of 1: the announcement helped, CI 100.0–100.0" and "CI 71.4–108.6").
    #[test]
    fn tiny_groups_get_no_verdict() {
        for (a, n, b, m) in [(1, 1, 0, 1), (3, 3, 0, 2), (9, 10, 0, 1), (9, 9, 0, 100)] {
            let c = compare(a, n, b, m);
            assert!(
                c.verdict.ends_with(")") && c.verdict.contains("too few users to tell"),
                "{}",
                c.verdict
            );
            assert!(
                c.ci_low.unwrap() >= -100.0 && c.ci_high.unwrap() <= 100.0,
                "{}",
                c.verdict
            );
        }
        assert!(compare(60, 100, 30, 100)
            .verdict
            .ends_with("the announcement helped"));
    }

    /// Newcombe's own examples (Statistics in Medicine 1998, table II, method 10), and the
    /// cases a review found the Wald interval got wrong.
    #[test]
    fn newcombe_interval() {
        let pts = |c: &Comparison| (c.ci_low.unwrap(), c.ci_high.unwrap());
        // 56/70 − 48/80: 0.0524 to 0.3339.
        assert_eq!(pts(&compare(56, 70, 48, 80)), (5.2, 33.4));
        // 9/10 − 3/10: 0.1705 to 0.8090 (groups of 10: a verdict is given).
        assert_eq!(pts(&compare(9, 10, 3, 10)), (17.1, 80.9));
        // 5 of 900 against 0 of 100: Wald said "helped" (0.1 to 1.0).
        let c = compare(5, 900, 0, 100);
        assert!(c.verdict.ends_with("no clear difference"), "{}", c.verdict);
        // 0 of 1000 against 0 of 100: Wald's interval had no width ("no difference").
        let c = compare(0, 1000, 0, 100);
        assert!(
            c.ci_low.unwrap() < -3.0 && c.verdict.ends_with("no clear difference"),
            "{}",
            c.verdict
        );
    }

    /// The sample-ratio check flags a 10% holdout that came out at 20%, not one at 9%.
    #[test]
    fn sample_ratio_mismatch() {
        assert!(sample_ratio(200, 1000, 10).is_some());
        assert!(sample_ratio(90, 1000, 10).is_none());
        assert!(sample_ratio(5, 20, 10).is_none(), "too few to tell");
    }

    /// Regression (found by the `report_reader` fuzz target): a user who engaged with no
    /// impression on record counted in the engage rate's numerator but not its denominator, so
    /// 4 engaged users over 3 reached printed a 133% engage rate. Rates are shares of the users
    /// reached; `engaged_users` still counts every engaged user.
    #[test]
    fn rates_are_shares_of_the_users_reached() {
        let ev = |user: &str, kind: EventType| Event {
            v: 1,
            id: format!("{user}-{}", kind.name()),
            kind,
            reason: (kind == EventType::Engage).then(|| "cta".to_owned()),
            announcement: Some("a".into()),
            bundle: "b".into(),
            revision: None,
            surface: None,
            page: None,
            locale: None,
            audience: None,
            user: user.into(),
            at: 1,
            step: None,
            group: None,
            goal: None,
            alias: None,
            traits: Vec::new(),
        };
        let mut t = Tally::new(None);
        for u in ["u1", "u2", "u3"] {
            t.add(&ev(u, EventType::Impression));
            t.add(&ev(u, EventType::Engage));
        }
        t.add(&ev("u4", EventType::Engage));
        t.add(&ev("u4", EventType::Dismiss));
        let r = &t.finish(None)[0];
        println!(
            "reached {}, engaged users {}, engage rate {:?}, dismiss rate {:?}",
            r.users_reached, r.engaged_users, r.engage_rate, r.dismiss_rate
        );
        assert_eq!((r.users_reached, r.engaged_users), (3, 4));
        assert_eq!(r.engage_rate, Some(1.0));
        assert_eq!(r.dismiss_rate, Some(0.0));
    }

    /// The interval on known figures, worked by hand: 240/1000 exposed vs 18/100 holdout is
    /// +6.0 points, SE √(.24·.76/1000 + .18·.82/100) = 0.04072, 95% CI −2.0 to 14.0.
    #[test]
    fn confidence_interval_on_known_figures() {
        let c = compare(240, 1000, 18, 100);
        assert_eq!(c.difference_points, Some(6.0));
        assert_eq!((c.ci_low, c.ci_high), (Some(-3.0), Some(12.9)));
        assert_eq!(
            c.verdict,
            "+6.0 points, 95% CI -3.0–12.9: no clear difference"
        );
        // Large groups: 2,350/10,000 vs 174/1,000: +6.1, CI 3.5–8.5 (Wald: 3.6–8.6).
        let c = compare(2350, 10_000, 174, 1000);
        assert_eq!(
            c.verdict,
            "+6.1 points, 95% CI 3.5–8.5: the announcement helped"
        );
        let c = compare(100, 1000, 200, 1000);
        assert_eq!(
            c.verdict,
            "-10.0 points, 95% CI -13.1–-6.9: the announcement hurt"
        );
        assert_eq!(
            compare(5, 10, 0, 0).verdict,
            "no holdout users: set `holdout: 10%` to compare"
        );
        assert_eq!(compare(0, 0, 0, 0).difference_points, None);
        assert_eq!(
            compare(0, 10, 0, 10).verdict,
            "0.0 points, 95% CI -27.8–27.8: no clear difference"
        );
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[5]), Some(5));
        assert_eq!(median(&[1, 3, 10]), Some(3));
        assert_eq!(median(&[1, 3, 5, 10]), Some(4));
    }
}
