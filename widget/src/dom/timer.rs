//! A timeout that is cancelled when dropped, like gloo-timers' `Timeout` (which would add a
//! dependency for these twenty lines).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Runs a callback once after a delay, unless dropped first.
#[must_use = "the timeout is cancelled when this value is dropped"]
pub struct Timeout {
    handle: i32,
    _closure: Closure<dyn FnMut()>,
}

impl Timeout {
    /// Calls `f` after `ms` milliseconds.
    pub fn new(ms: i32, f: impl FnMut() + 'static) -> Timeout {
        let closure = Closure::<dyn FnMut()>::new(f);
        let handle = super::window()
            .ok()
            .and_then(|w| {
                w.set_timeout_with_callback_and_timeout_and_arguments_0(
                    closure.as_ref().unchecked_ref(),
                    ms,
                )
                .ok()
            })
            .unwrap_or(0);
        Timeout {
            handle,
            _closure: closure,
        }
    }
}

impl Drop for Timeout {
    fn drop(&mut self) {
        if let Ok(w) = super::window() {
            w.clear_timeout_with_handle(self.handle);
        }
    }
}
