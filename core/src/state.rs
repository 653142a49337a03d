//! Per-user state: which announcements a user has seen, engaged with or dismissed.
//!
//! State changes only through [`UserState::apply`], the one reducer; it says whether an action
//! changed anything, and the widget records an event only when it did. Storage is a backend
//! behind [`StateStore`]: localStorage in the widget, [`MemoryStore`] here for tests and as the
//! widget's fallback when storage throws.

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
}

impl Action {
    /// The event type name: `impression`, `engage`, `dismiss`.
    pub fn name(self) -> &'static str {
        match self {
            Action::Impression => "impression",
            Action::Engage => "engage",
            Action::Dismiss => "dismiss",
        }
    }

    fn bit(self) -> u8 {
        match self {
            Action::Impression => SEEN,
            Action::Engage => ENGAGED,
            Action::Dismiss => DISMISSED,
        }
    }
}

const SEEN: u8 = 1;
const ENGAGED: u8 = 2;
const DISMISSED: u8 = 4;
const ALL: u8 = SEEN | ENGAGED | DISMISSED;

/// One user's state for one bundle. Flags only ever get added, so two copies merge by union.
///
/// A list sorted by id, searched by bisection: as fast as a map for the hundreds of entries a
/// user accumulates, without the several KB of code a `BTreeMap` costs the widget.
#[derive(Debug, Clone, Default)]
pub struct UserState {
    flags: Vec<(String, u8)>,
}

impl PartialEq for UserState {
    /// Equal when every announcement has the same flags, whatever the order.
    fn eq(&self, other: &Self) -> bool {
        self.flags.len() == other.flags.len()
            && self.flags.iter().all(|(id, f)| other.get(id) == *f)
    }
}

impl Eq for UserState {}

/// The header of the stored form; a different header means "start fresh", never an error.
const STORED_HEADER: &str = "whatsnew-state 1";

impl UserState {
    /// Applies an action and says whether the state changed.
    ///
    /// An impression counts once; an engagement or dismissal also marks the announcement seen.
    /// Engaging is recorded every time (each click is a click), so it always returns `true`.
    pub fn apply(&mut self, id: &str, action: Action) -> bool {
        let before = self.get(id);
        self.set(id, before | action.bit() | SEEN);
        action == Action::Engage || self.get(id) != before
    }

    fn find(&self, id: &str) -> Result<usize, usize> {
        self.flags.binary_search_by(|(i, _)| i.as_str().cmp(id))
    }

    fn get(&self, id: &str) -> u8 {
        self.find(id)
            .ok()
            .and_then(|at| self.flags.get(at))
            .map_or(0, |(_, f)| *f)
    }

    fn set(&mut self, id: &str, flags: u8) {
        match self.find(id) {
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

    /// Has the user dismissed it?
    pub fn dismissed(&self, id: &str) -> bool {
        self.has(id, DISMISSED)
    }

    fn has(&self, id: &str, bit: u8) -> bool {
        self.get(id) & bit != 0
    }

    /// Merges another copy (another tab, an older save) into this one.
    pub fn merge(&mut self, other: &UserState) {
        for (id, f) in &other.flags {
            self.set(id, self.get(id) | f);
        }
    }

    /// The stored form: a header line, then `FLAGS<TAB>ID` per line. Ids with line breaks are
    /// never written (the CLI never produces them).
    pub fn encode(&self) -> String {
        let mut out = String::from(STORED_HEADER);
        for (id, f) in &self.flags {
            if !id.contains(['\n', '\r']) {
                out.push('\n');
                out.push(char::from(b'0' + f));
                out.push('\t');
                out.push_str(id);
            }
        }
        out
    }

    /// Reads the stored form. Anything unreadable (another version, corruption) is skipped:
    /// losing a badge count is better than breaking the widget.
    pub fn decode(text: &str) -> UserState {
        let mut lines = text.split('\n');
        if lines.next() != Some(STORED_HEADER) {
            return UserState::default();
        }
        let mut state = UserState::default();
        for line in lines {
            let Some((f, id)) = line.split_once('\t') else {
                continue;
            };
            let f = match f.as_bytes() {
                [d @ b'1'..=b'7'] => d - b'0',
                _ => continue,
            };
            if !id.is_empty() && f & ALL == f {
                state.set(id, state.get(id) | f);
            }
        }
        state
    }
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
    fn stored_form_round_trips_and_tolerates_garbage() {
        let mut s = UserState::default();
        s.apply("bulk-export", Action::Engage);
        s.apply("dark mode", Action::Dismiss);
        s.apply("bad\nid", Action::Dismiss);
        let decoded = UserState::decode(&s.encode());
        assert!(decoded.engaged("bulk-export") && decoded.dismissed("dark mode"));
        assert!(!decoded.seen("bad\nid"));

        for garbage in [
            "",
            "{}",
            "whatsnew-state 2\n1\ta",
            "\u{0}\u{ffff}",
            "whatsnew-state 1\n9\tx\nq\ty\n3\t",
        ] {
            assert_eq!(
                UserState::decode(garbage),
                UserState::default(),
                "{garbage:?}"
            );
        }
        let partial = UserState::decode("whatsnew-state 1\n9\tx\n4\tkeep\nnonsense");
        assert!(partial.dismissed("keep"));
    }

    #[test]
    fn merge_is_a_union() {
        let (mut a, mut b) = (UserState::default(), UserState::default());
        a.apply("x", Action::Engage);
        b.apply("x", Action::Dismiss);
        b.apply("y", Action::Impression);
        a.merge(&b);
        assert!(a.engaged("x") && a.dismissed("x") && a.seen("y"));
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
