//! whatsnew-core owns the contract shared by the `whatsnew` CLI and the browser widget.
//!
//! It is pure: no DOM, no filesystem, no clock. Time, storage and file contents come in as
//! parameters, so everything here is tested natively in milliseconds and also builds for
//! `wasm32-unknown-unknown`. It depends on nothing else in the workspace; `cli` and `widget`
//! depend on it.
//!
//! Where to start reading:
//! - [`bundle`]: the versioned JSON bundle the CLI writes and the widget reads, including the
//!   typed content tree an announcement body compiles to.
//! - [`compile`] (feature `compile`, on by default, off in the widget): Markdown files with front
//!   matter in, a [`bundle::Announcement`] or a list of [`diag::Diagnostic`]s out.
//! - [`select`]: what a user sees here and now (feed, unread count, what interrupts), given the
//!   bundle, their traits, page, state and the time; [`rule`] evaluates audiences and
//!   [`locale`] picks the language.
//! - [`state`]: per-user state (seen, engaged, dismissed), changed only through one reducer, and
//!   the [`state::StateStore`] trait that storage backends implement.
//! - [`event`]: the event record the widget emits and `whatsnew report` reads, and the
//!   deterministic holdout split.
//! - [`place`]: where a popover goes, computed from rectangles so it can be tested.
//! - [`url`]: the link-scheme allowlist used at build time and again at render time.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

/// `alloc` types under the names std's prelude gives them, for `no_std` builds.
mod prelude {
    #[allow(unused_imports)]
    pub use alloc::{
        borrow::ToOwned,
        format,
        string::{String, ToString},
        vec,
        vec::Vec,
    };
}

pub mod bundle;
#[cfg(feature = "compile")]
pub mod compile;
pub mod date;
pub mod diag;
pub mod event;
#[cfg(feature = "compile")]
pub mod lint;
pub mod locale;
pub mod place;
pub mod queue;
pub mod rule;
pub mod select;
pub mod state;
pub mod url;

pub use bundle::{Announcement, Block, Bundle, Cta, Extra, Inline, Lean};
pub use date::Date;
pub use diag::{Diagnostic, Severity};
pub use select::{plan, Context, Plan};
pub use state::{Action, StateStore, UserState};
