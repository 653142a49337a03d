//! The whatsnew widget: Rust compiled to WebAssembly, started by the small loader in
//! `widget/js/whatsnew.js`.
//!
//! The loader fetches the bundle and this module in parallel, then calls [`Widget::mount`] with
//! the parsed bundle and the script tag's options. Everything after that lives in one
//! [`Widget`] value: its DOM handles, listeners and observers. [`Widget::destroy`] drops it and
//! the page is as it was. There is no module-level mutable state, so two widgets can coexist.
//!
//! Depends on `whatsnew-core` (without its `compile` feature) for the bundle types, selection and
//! the user-state reducer. Where to start reading: [`app`] (behaviour), then [`panel`] and
//! [`launcher`] (the two surfaces), [`decode`] (bundle validation), [`dom`] (shared primitives).
//!
//! Rules that keep the host safe: content reaches the DOM only through `textContent` and
//! attributes, never HTML; no `unwrap`, `expect`, indexing or `panic!` (clippy denies them);
//! no `RefCell` borrow is held across a DOM call that can run host code.

#![cfg_attr(target_arch = "wasm32", no_std)]

extern crate alloc;

mod app;
mod decode;
mod dom;
mod launcher;
mod panel;
mod store;

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
    /// `options` is `{ user?: string, launcher?: string }`. Errors are returned, never thrown
    /// from inside: the loader logs one warning and renders nothing.
    pub fn mount(bundle: JsValue, options: JsValue) -> Result<Widget, JsValue> {
        let bundle = decode::bundle(&bundle).map_err(|e| JsValue::from_str(&e))?;
        let app = app::App::mount(bundle, app::Options::from_js(&options))?;
        Ok(Widget { app })
    }

    /// Opens the feed panel.
    pub fn open(&self) {
        self.app.open(None);
    }

    /// Closes the feed panel; focus returns to the launcher.
    pub fn close(&self) {
        self.app.close(true);
    }

    /// The number of unread announcements.
    pub fn unread(&self) -> u32 {
        self.app.unread() as u32
    }

    /// Removes everything the widget added to the page.
    pub fn destroy(self) {
        self.app.teardown();
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
