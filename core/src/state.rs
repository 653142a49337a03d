//! Per-user state: which announcements a user has seen, engaged with or dismissed, how often
//! they did what triggers announcements, and when they were last interrupted.
//!
//! State changes only through the reducer methods ([`UserState::apply`] for what a user did
//! with an announcement, [`UserState::track`] for host events, [`UserState::interrupted`] for
//! pacing); each says whether anything changed, and the widget records an event only when it
//! did. Storage is a backend behind [`StateStore`]: localStorage in the widget,
//! [`MemoryStore`] here for tests and as the widget's fallback when storage throws.

#[allow(unused_imports)]
use crate::prelude::*;
/// What a user did with an announcement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// It was visible to them.
    Impression,
    /// They followed its call to action.
    Engage,
    /// They dismissed it.
    Dismiss,
    /// They became eligible for an announcement with a goal or a holdout (the `exposure`
    /// event was recorded); unlike the others, this does not mark it seen.
    Expose,
    /// They answered "Was this helpful?".
    Vote,
}

impl Action {
    /// The event type name: `impression`, `engage`, `dismiss`.
    pub fn name(self) -> &'static str {
        match self {
            Action::Impression => "impression",
            Action::Engage => "engage",
            Action::Dismiss => "dismiss",
            Action::Expose => "exposure",
            Action::Vote => "engage",
        }
    }

    fn bit(self) -> u8 {
        match self {
            Action::Impression => SEEN,
            Action::Engage => ENGAGED,
            Action::Dismiss => DISMISSED,
            Action::Expose => EXPOSED,
            Action::Vote => VOTED,
        }
    }
}

const SEEN: u8 = 1;
const ENGAGED: u8 = 2;
const DISMISSED: u8 = 4;
const EXPOSED: u8 = 8;
const VOTED: u8 = 16;
/// The user's holdout group is decided (`HELD`: the holdout) and kept: a user who signs in
/// keeps the group they had while anonymous.
const HELD: u8 = 32;
const PLACED: u8 = 64;
const ALL: u8 = SEEN | ENGAGED | DISMISSED | EXPOSED | VOTED | HELD | PLACED;

/// How many interruption times are kept: enough for any sensible per-day limit.
const MAX_SHOWN: usize = 64;

/// One user's state for one bundle. Flags only ever get added and counts only grow, so two
/// copies merge by union.
///
/// Lists sorted by key, searched by bisection: as fast as a map for the hundreds of entries a
/// user accumulates, without the several KB of code a `BTreeMap` costs the widget.
#[derive(Debug, Clone, Default)]
pub struct UserState {
    flags: Vec<(String, u8)>,
    /// How many times the host tracked each event (`WhatsNew.track(name)`).
    counts: Vec<(String, u32)>,
    /// When the user was interrupted (popup, toast, banner shown for the first time), Unix ms,
    /// oldest first, the last [`MAX_SHOWN`].
    shown: Vec<i64>,
    /// The user's first visit (Unix ms; 0: unknown, as in state saved before version 3):
    /// announcements published before it are not new to them.
    since: i64,
    /// The step each guide the user is in the middle of is at (0-based), by guide id. A
    /// finished guide is engaged and a skipped one dismissed instead: neither restarts.
    steps: Vec<(String, u32)>,
}

impl PartialEq for UserState {
    /// Equal when every announcement has the same flags, whatever the order.
    fn eq(&self, other: &Self) -> bool {
        self.flags.len() == other.flags.len()
            && self.flags.iter().all(|(id, f)| other.get(id) == *f)
            && self.counts == other.counts
            && self.shown == other.shown
            && self.since == other.since
            && self.steps == other.steps
    }
}

impl Eq for UserState {}

/// The header of the stored form; versions 1 (flags only) and 2 (no exposure, no first visit)
/// are still read. Any other header means "start fresh", never an error.
const STORED_HEADER: &str = "whatsnew-state 3";
const STORED_HEADER_V2: &str = "whatsnew-state 2";
const STORED_HEADER_V1: &str = "whatsnew-state 1";

fn find<T>(list: &[(String, T)], key: &str) -> Result<usize, usize> {
    list.binary_search_by(|(k, _)| k.as_str().cmp(key))
}

impl UserState {
    /// Applies an action and says whether the state changed.
    ///
    /// An impression counts once; an engagement or dismissal also marks the announcement seen.
    /// Engaging is recorded every time (each click is a click), so it always returns `true`.
    /// Exposure only records itself.
    pub fn apply(&mut self, id: &str, action: Action) -> bool {
        let before = self.get(id);
        let seen = if action == Action::Expose { 0 } else { SEEN };
        self.set(id, before | action.bit() | seen);
        action == Action::Engage || self.get(id) != before
    }

    /// Counts one occurrence of a host event; returns the new count.
    pub fn track(&mut self, event: &str) -> u32 {
        match find(&self.counts, event) {
            Ok(at) => match self.counts.get_mut(at) {
                Some((_, n)) => {
                    *n = n.saturating_add(1);
                    *n
                }
                None => 0,
            },
            Err(at) => {
                self.counts.insert(at, (event.to_owned(), 1));
                1
            }
        }
    }

    /// How many times the host tracked `event`.
    pub fn count(&self, event: &str) -> u32 {
        find(&self.counts, event)
            .ok()
            .and_then(|at| self.counts.get(at))
            .map_or(0, |(_, n)| *n)
    }

    /// Records that the user was interrupted at `now_ms`.
    pub fn interrupted(&mut self, now_ms: f64) {
        let t = now_ms as i64;
        let at = self.shown.partition_point(|s| *s <= t);
        self.shown.insert(at, t);
        if self.shown.len() > MAX_SHOWN {
            self.shown.remove(0);
        }
    }

    /// Interruption times, oldest first (Unix ms).
    pub fn interruptions(&self) -> &[i64] {
        &self.shown
    }

    fn get(&self, id: &str) -> u8 {
        find(&self.flags, id)
            .ok()
            .and_then(|at| self.flags.get(at))
            .map_or(0, |(_, f)| *f)
    }

    fn set(&mut self, id: &str, flags: u8) {
        match find(&self.flags, id) {
            Ok(at) => {
                if let Some((_, f)) = self.flags.get_mut(at) {
                    *f = flags;
                }
            }
            Err(at) => self.flags.insert(at, (id.to_owned(), flags)),
        }
    }

    /// Has the user seen this announcement?
    pub fn seen(&self, id: &str) -> bool {
        self.has(id, SEEN)
    }

    /// Has the user followed its call to action?
    pub fn engaged(&self, id: &str) -> bool {
        self.has(id, ENGAGED)
    }

    /// The holdout group this user was placed in for it (`Some(true)`: the holdout), once
    /// their exposure was recorded; `None` before.
    pub fn placed(&self, id: &str) -> Option<bool> {
        let f = self.get(id);
        (f & PLACED != 0).then_some(f & HELD != 0)
    }

    /// Records the exposure to `id` in `held`'s group (unless a group was placed already, which
    /// stays); says whether the exposure is new.
    pub fn expose(&mut self, id: &str, held: bool) -> bool {
        let before = self.get(id);
        let group = match before & PLACED {
            0 if held => PLACED | HELD,
            0 => PLACED,
            _ => before & (PLACED | HELD),
        };
        self.set(id, before | EXPOSED | group);
        before & EXPOSED == 0
    }

    /// Takes in what an anonymous visitor did before signing in: everything [`merge`] takes,
    /// and their holdout groups, but not their exposures, which are recorded again under the
    /// signed-in id (in the same group) so the report joins the user's goals to one.
    ///
    /// [`merge`]: UserState::merge
    pub fn adopt(&mut self, anonymous: &UserState) {
        self.merge(anonymous);
        for (id, f) in &anonymous.flags {
            if f & EXPOSED != 0 {
                self.set(id, self.get(id) & !EXPOSED);
            }
        }
    }

    /// Was the user's exposure to it (with a goal or holdout) recorded?
    pub fn exposed(&self, id: &str) -> bool {
        self.has(id, EXPOSED)
    }

    /// The step a guide is at for this user: 0 when they have not started it.
    pub fn step(&self, guide: &str) -> u32 {
        find(&self.steps, guide)
            .ok()
            .and_then(|at| self.steps.get(at))
            .map_or(0, |(_, n)| *n)
    }

    /// The user moved to `step` of a guide (next, back, or arriving on its page); says whether
    /// anything changed. A finished or skipped guide stays finished or skipped.
    pub fn go_to_step(&mut self, guide: &str, step: u32) -> bool {
        if self.has(guide, ENGAGED | DISMISSED) || self.step(guide) == step {
            return false;
        }
        match find(&self.steps, guide) {
            Ok(at) => {
                if let Some((_, n)) = self.steps.get_mut(at) {
                    *n = step;
                }
            }
            Err(at) => self.steps.insert(at, (guide.to_owned(), step)),
        }
        true
    }

    /// The guide ended: `completed` (its last step done: engaged) or skipped (dismissed). Its
    /// progress is forgotten and it never starts again.
    pub fn end_guide(&mut self, guide: &str, completed: bool) -> bool {
        if let Ok(at) = find(&self.steps, guide) {
            self.steps.remove(at);
        }
        let action = if completed {
            Action::Engage
        } else {
            Action::Dismiss
        };
        !self.has(guide, ENGAGED | DISMISSED) && self.apply(guide, action)
    }

    /// Did they answer "Was this helpful?"?
    pub fn voted(&self, id: &str) -> bool {
        self.has(id, VOTED)
    }

    /// The first visit (Unix ms), 0 when unknown.
    pub fn since(&self) -> i64 {
        self.since
    }

    /// Records the first visit, unless one is known. A state saved before version 3 has
    /// none: it belongs to a returning user, for whom everything keeps counting as new.
    pub fn first_visit(&mut self, now_ms: f64) -> bool {
        let fresh = self.flags.is_empty() && self.counts.is_empty() && self.shown.is_empty();
        if self.since != 0 || !fresh || now_ms.is_nan() || now_ms < 1.0 {
            return false;
        }
        self.since = now_ms as i64;
        true
    }

    /// Forgets everything (`WhatsNew.reset()`), keeping nothing of the old state.
    pub fn clear(&mut self) {
        *self = UserState::default();
    }

    /// Has the user dismissed it?
    pub fn dismissed(&self, id: &str) -> bool {
        self.has(id, DISMISSED)
    }

    fn has(&self, id: &str, bit: u8) -> bool {
        self.get(id) & bit != 0
    }

    /// Merges another copy (another tab, an older save) into this one: flags by union, counts
    /// by maximum, interruption times by union.
    pub fn merge(&mut self, other: &UserState) {
        for (id, f) in &other.flags {
            self.set(id, self.get(id) | f);
        }
        for (event, n) in &other.counts {
            let mine = self.count(event);
            if *n > mine {
                match find(&self.counts, event) {
                    Ok(at) => {
                        if let Some((_, m)) = self.counts.get_mut(at) {
                            *m = *n;
                        }
                    }
                    Err(at) => self.counts.insert(at, (event.clone(), *n)),
                }
            }
        }
        for t in &other.shown {
            if self.shown.binary_search(t).is_err() {
                self.interrupted(*t as f64);
            }
        }
        // Guide progress: the furthest step either copy reached, unless the guide ended.
        for (guide, n) in &other.steps {
            if *n > self.step(guide) {
                self.go_to_step(guide, *n);
            }
        }
        let flags = &self.flags;
        self.steps.retain(|(g, _)| {
            find(flags, g)
                .ok()
                .and_then(|at| flags.get(at))
                .is_none_or(|(_, f)| f & (ENGAGED | DISMISSED) == 0)
        });
        // The earliest known first visit.
        if other.since != 0 && (self.since == 0 || other.since < self.since) {
            self.since = other.since;
        }
    }

    /// The stored form: a header line, then `FLAGS<TAB>ID` per announcement (hexadecimal, one
    /// or two digits), `#COUNT<TAB>EVENT` per tracked event, `@MS` per interruption, `>STEP<TAB>ID`
    /// per guide in progress and `~MS` for the first visit. Keys with line breaks are never written.
    pub fn encode(&self) -> String {
        let mut out = String::from(STORED_HEADER);
        for (id, f) in &self.flags {
            if !id.contains(['\n', '\r']) {
                out.push('\n');
                let hex = |n: u8| {
                    char::from(
                        b"0123456789abcdef"
                            .get(usize::from(n & 15))
                            .copied()
                            .unwrap_or(b'0'),
                    )
                };
                if *f > 15 {
                    out.push(hex(f >> 4));
                }
                out.push(hex(*f));
                out.push('\t');
                out.push_str(id);
            }
        }
        for (event, n) in &self.counts {
            if !event.contains(['\n', '\r']) {
                out.push_str("\n#");
                push_digits(&mut out, u64::from(*n));
                out.push('\t');
                out.push_str(event);
            }
        }
        for t in &self.shown {
            out.push_str("\n@");
            push_digits(&mut out, t.unsigned_abs());
        }
        for (guide, n) in &self.steps {
            if !guide.contains(['\n', '\r']) {
                out.push_str("\n>");
                push_digits(&mut out, u64::from(*n));
                out.push('\t');
                out.push_str(guide);
            }
        }
        if self.since > 0 {
            out.push_str("\n~");
            push_digits(&mut out, self.since.unsigned_abs());
        }
        out
    }

    /// Reads the stored form (this version, 2 or 1). Anything unreadable (another
    /// version, corruption) is skipped: losing a badge count is better than breaking the widget.
    pub fn decode(text: &str) -> UserState {
        let mut lines = text.split('\n');
        let v2 = match lines.next() {
            Some(STORED_HEADER | STORED_HEADER_V2) => true,
            Some(STORED_HEADER_V1) => false,
            _ => return UserState::default(),
        };
        let mut state = UserState::default();
        for line in lines {
            if let (true, Some(rest)) = (v2, line.strip_prefix('#')) {
                if let Some((n, event)) = rest.split_once('\t') {
                    if let (Some(n), false) = (digits(n), event.is_empty()) {
                        let mut one = UserState::default();
                        one.counts
                            .push((event.to_owned(), n.min(u64::from(u32::MAX)) as u32));
                        state.merge(&one);
                    }
                }
                continue;
            }
            if let (true, Some(rest)) = (v2, line.strip_prefix('@')) {
                if let Some(t) = digits(rest).filter(|t| *t < 1 << 53) {
                    if state.shown.binary_search(&(t as i64)).is_err() {
                        state.interrupted(t as f64);
                    }
                }
                continue;
            }
            if let (true, Some(rest)) = (v2, line.strip_prefix('>')) {
                if let Some((n, guide)) = rest.split_once('\t') {
                    if let (Some(n), false) = (digits(n), guide.is_empty()) {
                        state.go_to_step(guide, n.min(u64::from(u32::MAX)) as u32);
                    }
                }
                continue;
            }
            if let (true, Some(rest)) = (v2, line.strip_prefix('~')) {
                if let Some(t) = digits(rest).filter(|t| *t < 1 << 53 && *t > 0) {
                    state.merge(&UserState {
                        since: t as i64,
                        ..UserState::default()
                    });
                }
                continue;
            }
            let Some((f, id)) = line.split_once('\t') else {
                continue;
            };
            let hex = |d: &u8| match d {
                b'0'..=b'9' => Some(d - b'0'),
                b'a'..=b'f' => Some(d - b'a' + 10),
                _ => None,
            };
            let f = match f.as_bytes() {
                [d] => hex(d),
                [h, l] if v2 => hex(h).zip(hex(l)).map(|(h, l)| h << 4 | l),
                _ => None,
            };
            let Some(f) = f.filter(|f| *f != 0) else {
                continue;
            };
            // Flags of a later version are left out, not the announcement's entry.
            if !id.is_empty() && f & ALL != 0 {
                state.set(id, state.get(id) | (f & ALL));
            }
        }
        state
    }
}

fn push_digits(out: &mut String, mut n: u64) {
    let start = out.len();
    loop {
        out.insert(start, char::from(b'0' + (n % 10) as u8));
        n /= 10;
        if n == 0 {
            break;
        }
    }
}

/// A decimal number of at most 16 digits (no `str::parse`, which costs the widget bytes).
fn digits(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 16 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(s.bytes().fold(0, |n, b| n * 10 + u64::from(b - b'0')))
}

/// Where a user's state lives between page loads.
pub trait StateStore {
    /// The stored state, or an empty one when there is none or it cannot be read.
    fn load(&self) -> UserState;
    /// Saves the state; failures fall back silently (the widget must keep working).
    fn save(&mut self, state: &UserState);
}

/// A store that lives as long as the page: for tests, and when localStorage throws.
#[derive(Debug, Default)]
pub struct MemoryStore {
    stored: Option<String>,
}

impl StateStore for MemoryStore {
    fn load(&self) -> UserState {
        self.stored
            .as_deref()
            .map(UserState::decode)
            .unwrap_or_default()
    }

    fn save(&mut self, state: &UserState) {
        self.stored = Some(state.encode());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reducer_records_each_transition_once() {
        let mut s = UserState::default();
        assert!(s.apply("a", Action::Impression));
        assert!(
            !s.apply("a", Action::Impression),
            "a second impression is not news"
        );
        assert!(s.apply("a", Action::Engage));
        assert!(s.apply("a", Action::Engage), "every click is recorded");
        assert!(s.apply("a", Action::Dismiss));
        assert!(!s.apply("a", Action::Dismiss));
        assert!(s.seen("a") && s.engaged("a") && s.dismissed("a"));
        assert!(s.apply("b", Action::Dismiss));
        assert!(s.seen("b"), "dismissing implies seeing");
        assert!(!s.engaged("b"));
    }

    #[test]
    fn counts_and_interruptions() {
        let mut s = UserState::default();
        assert_eq!(s.count("export"), 0);
        assert_eq!(s.track("export"), 1);
        assert_eq!(s.track("export"), 2);
        assert_eq!(s.track("import"), 1);
        assert_eq!(s.count("export"), 2);
        s.interrupted(2000.0);
        s.interrupted(1000.0);
        assert_eq!(s.interruptions(), [1000, 2000]);
        for i in 0..100 {
            s.interrupted(10_000.0 + f64::from(i));
        }
        assert_eq!(s.interruptions().len(), MAX_SHOWN, "bounded");
        assert_eq!(s.interruptions().last(), Some(&10_099));
    }

    #[test]
    fn stored_form_round_trips_and_tolerates_garbage() {
        let mut s = UserState::default();
        s.apply("bulk-export", Action::Engage);
        s.apply("dark mode", Action::Dismiss);
        s.apply("bad\nid", Action::Dismiss);
        s.track("report-run");
        s.track("report-run");
        s.interrupted(1_764_000_000_000.0);
        let decoded = UserState::decode(&s.encode());
        assert!(decoded.engaged("bulk-export") && decoded.dismissed("dark mode"));
        assert!(!decoded.seen("bad\nid"));
        assert_eq!(decoded.count("report-run"), 2);
        assert_eq!(decoded.interruptions(), [1_764_000_000_000]);

        for garbage in [
            "",
            "{}",
            "whatsnew-state 4\n1\ta",
            "\u{0}\u{ffff}",
            "whatsnew-state 2\ng\tx\nq\ty\n3\t\n#x\ta\n#1\t\n@-5\n@99999999999999999999",
        ] {
            assert_eq!(
                UserState::decode(garbage),
                UserState::default(),
                "{garbage:?}"
            );
        }
        let partial = UserState::decode("whatsnew-state 2\ng\tx\n4\tkeep\nnonsense\n#3\tgo");
        assert!(partial.dismissed("keep"));
        assert_eq!(partial.count("go"), 3);
    }

    #[test]
    fn version_1_migrates() {
        // What the widget stored before trigger counts and pacing existed.
        let old = UserState::decode("whatsnew-state 1\n4\tgone\n2\tused\n1\tseen\n#5\tx");
        assert!(old.dismissed("gone") && old.engaged("used") && old.seen("seen"));
        assert_eq!(old.count("x"), 0, "version 1 had no counts");
        assert!(old.encode().starts_with("whatsnew-state 3\n"));
        assert_eq!(UserState::decode(&old.encode()), old);
    }

    #[test]
    fn version_3_adds_exposure_and_the_first_visit() {
        let mut s = UserState::default();
        assert!(
            s.first_visit(1_764_000_000_000.0),
            "a fresh state records it"
        );
        assert!(!s.first_visit(1_765_000_000_000.0), "once");
        assert_eq!(s.since(), 1_764_000_000_000);
        // A group, once placed, stays; adopting an anonymous visitor's state keeps their groups
        // and leaves their exposures to be recorded again under the signed-in id.
        let mut anon = UserState::default();
        assert!(anon.expose("held", true) && !anon.expose("held", false));
        assert_eq!(anon.placed("held"), Some(true));
        anon.expose("shown", false);
        anon.apply("shown", Action::Impression);
        let mut signed_in = UserState::default();
        signed_in.adopt(&anon);
        assert_eq!(signed_in.placed("held"), Some(true));
        assert_eq!(signed_in.placed("shown"), Some(false));
        assert!(!signed_in.exposed("held") && signed_in.seen("shown"));
        assert!(
            signed_in.expose("held", false),
            "exposure recorded again, for this id"
        );
        assert_eq!(
            signed_in.placed("held"),
            Some(true),
            "in the group placed before"
        );
        // Stored and read back; a flag of a later version does not drop the entry.
        let back = UserState::decode(&signed_in.encode());
        assert_eq!(back.placed("held"), Some(true));
        let future = UserState::decode("whatsnew-state 3\n85\tx");
        assert!(
            future.seen("x"),
            "0x80 is unknown, 0x05 is seen and dismissed"
        );
        assert!(s.apply("goal-one", Action::Expose));
        assert!(
            !s.apply("goal-one", Action::Expose),
            "one exposure per announcement"
        );
        assert!(
            s.exposed("goal-one") && !s.seen("goal-one"),
            "exposure is not seeing"
        );
        s.apply("goal-one", Action::Dismiss);
        let text = s.encode();
        assert!(text.starts_with("whatsnew-state 3\n"), "{text}");
        assert!(
            text.contains("\nd\tgoal-one") && text.ends_with("\n~1764000000000"),
            "{text}"
        );
        let back = UserState::decode(&text);
        assert_eq!(back, s);
        assert!(back.exposed("goal-one") && back.dismissed("goal-one"));

        // A returning user's version 2 state has no first visit and gets none: everything
        // they have not seen stays new to them.
        let mut old = UserState::decode("whatsnew-state 2\n1\tseen");
        assert!(!old.first_visit(1_764_000_000_000.0));
        assert_eq!(old.since(), 0);

        // Merging keeps the earliest first visit (the laptop came before the phone).
        let mut phone = UserState::default();
        phone.first_visit(2000.0);
        let mut laptop = UserState::default();
        laptop.first_visit(1000.0);
        phone.merge(&laptop);
        assert_eq!(phone.since(), 1000);
        laptop.merge(&UserState::default());
        assert_eq!(laptop.since(), 1000);

        // A vote sets a fifth flag: two hexadecimal digits.
        assert!(s.apply("voted", Action::Vote));
        assert!(!s.apply("voted", Action::Vote), "one vote per announcement");
        assert!(s.voted("voted") && s.seen("voted"));
        assert!(s.encode().contains("\n11\tvoted"), "{}", s.encode());
        assert!(UserState::decode(&s.encode()).voted("voted"));
        assert!(
            !UserState::decode("whatsnew-state 1\n11\tx").seen("x"),
            "v1 had one digit"
        );

        // reset() forgets it all.
        s.clear();
        assert_eq!(s, UserState::default());
    }

    #[test]
    fn guide_progress_resumes_and_an_ended_guide_never_restarts() {
        let mut s = UserState::default();
        assert_eq!(s.step("tour"), 0, "not started");
        assert!(s.go_to_step("tour", 1));
        assert!(!s.go_to_step("tour", 1), "no change");
        assert!(s.go_to_step("tour", 2));
        assert!(s.go_to_step("tour", 1), "back is a step too");
        assert!(s.go_to_step("tour", 2));
        // A reload or a new tab reads it back at the same step.
        let text = s.encode();
        assert!(text.contains("\n>2\ttour"), "{text}");
        assert_eq!(UserState::decode(&text).step("tour"), 2);
        // Another tab got further: merging keeps the furthest step.
        let mut other = UserState::default();
        other.go_to_step("tour", 3);
        other.go_to_step("other", 1);
        s.merge(&other);
        assert_eq!((s.step("tour"), s.step("other")), (3, 1));
        // Finished: engaged, progress gone, never restarts; skipped: dismissed, same.
        assert!(s.end_guide("tour", true));
        assert!(!s.end_guide("tour", false), "it ended once");
        assert!(s.engaged("tour") && !s.dismissed("tour") && s.step("tour") == 0);
        assert!(!s.go_to_step("tour", 1), "a finished guide never restarts");
        assert!(s.end_guide("other", false));
        assert!(s.dismissed("other") && !s.go_to_step("other", 0));
        // A tab still showing step 2 of the finished guide cannot bring it back.
        let mut stale = UserState::default();
        stale.go_to_step("tour", 2);
        s.merge(&stale);
        assert_eq!(s.step("tour"), 0);
        stale.merge(&s);
        assert_eq!(stale.step("tour"), 0, "and the stale tab learns it ended");
        assert!(!UserState::decode(&s.encode()).encode().contains('>'));
        // Version 2 had no guide progress: it migrates with none.
        let old = UserState::decode("whatsnew-state 2\n1\ttour\n>1\ttour");
        assert_eq!(old.step("tour"), 1, "lines a v2 never wrote are still read");
        assert_eq!(
            UserState::decode("whatsnew-state 1\n>1\ttour").step("tour"),
            0
        );
    }

    #[test]
    fn merge_is_a_union() {
        let (mut a, mut b) = (UserState::default(), UserState::default());
        a.apply("x", Action::Engage);
        a.track("e");
        b.apply("x", Action::Dismiss);
        b.apply("y", Action::Impression);
        b.track("e");
        b.track("e");
        a.interrupted(5.0);
        b.interrupted(5.0);
        b.interrupted(7.0);
        a.merge(&b);
        assert!(a.engaged("x") && a.dismissed("x") && a.seen("y"));
        assert_eq!(a.count("e"), 2);
        assert_eq!(a.interruptions(), [5, 7]);
    }

    #[test]
    fn memory_store_keeps_what_was_saved() {
        let mut store = MemoryStore::default();
        assert_eq!(store.load(), UserState::default());
        let mut s = UserState::default();
        s.apply("a", Action::Dismiss);
        store.save(&s);
        assert_eq!(store.load(), s);
    }
}
