//! The whatsnew widget: Rust compiled to WebAssembly, started by the small loader in
//! `widget/js/whatsnew.js`.
//!
//! The loader fetches the bundle and this module in parallel, then calls [`Widget::mount`] with
//! the parsed bundle and the script tag's options; route changes, `identify` and `track` come
//! in as one call each. Everything after that lives in one [`Widget`] value: its DOM handles,
//! listeners and timers. [`Widget::destroy`] drops it and the page is as it was. There is no
//! module-level mutable state, so two widgets can coexist.
//!
//! Depends on `whatsnew-core` (without its `compile` feature) for the bundle types, selection,
//! audience rules, locales and the user-state reducer: every decision is made there, the
//! widget only applies it. Where to start reading: [`app`] (behaviour), then [`surface`] (the
//! surfaces, one module each over one trait), [`render`] (the card every surface uses),
//! [`decode`] (bundle validation), [`dom`] (shared primitives), [`i18n`] (the widget's words).
//!
//! Rules that keep the host safe: content reaches the DOM only through `textContent` and
//! attributes, never HTML; no `unwrap`, `expect`, indexing or `panic!` (clippy denies them);
//! no `RefCell` borrow is held across a DOM call that can run host code.

#![cfg_attr(target_arch = "wasm32", no_std)]

extern crate alloc;

mod app;
mod decode;
mod dom;
mod i18n;
mod render;
mod store;
mod surface;

/// The bundle decoder for the fuzz targets in `fuzz/` (feature `fuzz`, never in the wasm build).
#[cfg(feature = "fuzz")]
#[doc(hidden)]
pub mod fuzz {
    pub use crate::decode::{bundle, Json};
}

use alloc::string::String;
use wasm_bindgen::prelude::*;

/// A mounted widget. Created by the loader; the host uses `window.WhatsNew` instead.
#[wasm_bindgen]
pub struct Widget {
    app: alloc::rc::Rc<app::App>,
}

#[wasm_bindgen]
impl Widget {
    /// Validates `bundle` (the parsed JSON) and mounts the launcher.
    ///
    /// `options` is `{ user, launcher, traits, locales, theme, path, session, emit }`, all
    /// optional. Errors are returned, never thrown from inside: the loader logs one warning
    /// and renders nothing.
    pub fn mount(bundle: JsValue, options: JsValue) -> Result<Widget, JsValue> {
        let bundle = decode::bundle(&bundle).map_err(|e| JsValue::from_str(&e))?;
        let app = app::App::mount(bundle, app::Options::from_js(&options));
        Ok(Widget { app })
    }

    /// Opens the feed panel.
    pub fn open(&self) {
        self.app.open_feed(None);
    }

    /// Closes the feed panel; focus returns to the launcher.
    pub fn close(&self) {
        self.app.close_kind("feed", true);
    }

    /// The page's path changed (the loader detects history changes; hosts may also say it).
    pub fn page(&self, path: String) {
        self.app.page(path);
    }

    /// A user signed in or changed: their id (or none) and traits (an object, or undefined to
    /// keep the current ones).
    pub fn identify(&self, user: Option<String>, traits: JsValue) {
        self.app
            .identify(user.filter(|u| !u.is_empty()), app::traits_from_js(&traits));
    }

    /// The host tracked an event, which may trigger announcements.
    pub fn track(&self, name: String) {
        self.app.track(&name);
    }

    /// The user consented to storage (`data-consent="required"`): state is saved from now on.
    pub fn consent(&self) {
        self.app.consent();
    }

    /// Forgets the user's state; `anon` is the new anonymous id (empty: keep it).
    pub fn reset(&self, anon: String) {
        self.app.reset(anon);
    }

    /// Merges the user's state from the state endpoint (its stored text form).
    pub fn merge(&self, state: String) {
        self.app
            .merge(&whatsnew_core::state::UserState::decode(&state), true);
    }

    /// The number of unread announcements.
    pub fn unread(&self) -> u32 {
        self.app.unread() as u32
    }

    /// A listener or timer of the widget fired (the loader calls this, fenced, with the event
    /// as the one `dom`'s accessors read).
    pub fn ev(&self, n: u32) {
        self.app.fire(n);
    }

    /// Removes everything the widget added to the page. By reference, not by value: after a
    /// trap the call that trapped still holds its borrow of this object, and taking it by value
    /// would be refused, leaving the widget on the page; the object is freed when JS drops it.
    pub fn destroy(&self) {
        self.app.teardown();
    }
}

/// The event queue's policy for one answer (see `whatsnew_core::queue`): `-1` sent, `-2`
/// drop the batch, else the milliseconds to wait before sending it again. `status` is 0 for a
/// network error; `attempt` counts this batch's failures so far; `retry_after` is the header
/// (empty without one: an empty header reads as none).
#[wasm_bindgen]
pub fn settle(status: u16, attempt: u32, retry_after: String, random: f64) -> f64 {
    use whatsnew_core::queue::{settle, Settled};
    match settle(status, attempt, Some(retry_after.as_str()), random) {
        Settled::Sent => -1.0,
        Settled::Drop => -2.0,
        Settled::Retry(ms) => ms,
    }
}

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

/// A panic (a bug: input never panics, clippy denies the ways it could) traps the instance
/// without formatting a message, so no formatting machinery ships. The trap surfaces as an
/// exception in the loader's fenced call, which logs once and stops calling in.
#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}
