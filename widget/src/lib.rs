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

    /// Everything after mounting, in one export (one wasm-bindgen wrapper and one glue function
    /// instead of eleven: 473 B brotli). `op` says what; `a` and `b` are its arguments, and
    /// the loader's `call` names them:
    ///
    /// | op | what | a | b |
    /// |---|---|---|---|
    /// | 0 | a listener or timer of the widget fired (with the event as the one `dom`'s accessors read) | its number | |
    /// | 1 | the page's path changed (detected by the loader, or said by the host) | the path | |
    /// | 2 | open the feed panel | | |
    /// | 3 | close the feed panel; focus returns to the launcher | | |
    /// | 4 | how many announcements are unread (the return value) | | |
    /// | 5 | a user signed in or changed | their id (or none) | traits (an object, or undefined to keep the current ones) |
    /// | 6 | merge the user's state from the state endpoint | its stored text form | |
    /// | 7 | the user consented to storage (`data-consent="required"`): save from now on | | |
    /// | 8 | forget the user's state | the new anonymous id (empty: keep it) | |
    /// | 9 | the host tracked an event, which may trigger announcements | its name | |
    /// | 10 | remove everything the widget added to the page | | |
    ///
    /// By reference, not by value, also for 10: after a trap the call that trapped still holds
    /// its borrow of this object, and taking it by value would be refused, leaving the widget on
    /// the page; the object is freed when JS drops it. Anything else is ignored.
    pub fn x(&self, op: u32, a: JsValue, b: JsValue) -> u32 {
        let app = &self.app;
        let text = || a.as_string().unwrap_or_default();
        match op {
            0 => app.fire(a.as_f64().unwrap_or(-1.0) as u32),
            1 => app.page(text()),
            2 => app.open_feed(None),
            3 => app.close_kind("feed", true),
            4 => return app.unread() as u32,
            5 => app.identify(
                a.as_string().filter(|u| !u.is_empty()),
                app::traits_from_js(&b),
            ),
            6 => app.merge(&whatsnew_core::state::UserState::decode(&text()), true),
            7 => app.consent(),
            8 => app.reset(text()),
            9 => app.track(&text()),
            10 => app.teardown(),
            _ => {}
        }
        0
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
