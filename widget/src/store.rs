//! The localStorage backend for user state, falling back to memory when storage throws
//! (Safari private mode, sandboxed iframes, quota, disabled cookies).

#[allow(unused_imports)]
use alloc::{borrow::ToOwned, string::String, vec, vec::Vec};
use whatsnew_core::state::{MemoryStore, StateStore, UserState};

/// State stored under one key per bundle and user.
pub struct LocalStore {
    key: String,
    memory: MemoryStore,
    failed: bool,
    /// `data-consent="required"` and no consent yet: nothing is read from or written to
    /// storage, the state lives in memory.
    held: bool,
}

impl LocalStore {
    /// The store for `bundle` and `user` (anonymous when none).
    pub fn new(bundle: &str, user: Option<&str>, held: bool) -> LocalStore {
        LocalStore {
            key: key(bundle, user),
            memory: MemoryStore::default(),
            failed: false,
            held,
        }
    }

    /// Is storage off until the user consents?
    pub fn held(&self) -> bool {
        self.held
    }

    /// The user consented: storage may be used from now on.
    pub fn release(&mut self) {
        self.held = false;
    }

    /// The storage key, so storage events from other tabs can be matched.
    pub fn key(&self) -> &str {
        &self.key
    }
}

/// `whatsnew:1:<bundle>:<user>`; the version lets a later format start fresh.
pub fn key(bundle: &str, user: Option<&str>) -> String {
    let mut k = String::from("whatsnew:1:");
    k.push_str(bundle);
    k.push(':');
    k.push_str(user.unwrap_or("anonymous"));
    k
}

impl StateStore for LocalStore {
    fn load(&self) -> UserState {
        if self.failed || self.held {
            return self.memory.load();
        }
        match crate::dom::load(&self.key) {
            Some(text) => UserState::decode(&text),
            None => self.memory.load(),
        }
    }

    fn save(&mut self, state: &UserState) {
        self.memory.save(state);
        if self.failed || self.held {
            return;
        }
        if !crate::dom::save(&self.key, &state.encode()) {
            self.failed = true;
            crate::dom::warn("localStorage is unavailable; state is kept for this page only");
        }
    }
}
