//! Event listeners and timeouts that are removed when dropped, like gloo's `EventListener` and
//! gloo-timers' `Timeout`.
//!
//! The callback lives in a [`Registry`] the widget owns, under a number; the JS side holds only
//! the number and calls the widget's `ev(number)` (fenced: a trap there stops the widget, not
//! the host) with the event as the "current event" the `dom` accessors read. No wasm-bindgen
//! `Closure`: each closure type would bring its own glue.

use super::El;
use crate::app::App;
use crate::dom::Slot;
use alloc::rc::Rc;
#[allow(unused_imports)]
use alloc::{borrow::ToOwned, string::String, vec, vec::Vec};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = D, js_name = o)]
    fn listen(target: Option<&El>, kind: &str, token: u32, capture: bool);
    #[wasm_bindgen(js_namespace = D, js_name = l)]
    fn later(ms: f64, token: u32);
    #[wasm_bindgen(js_namespace = D, js_name = u)]
    fn unlisten(token: u32);
}

/// A callback: it gets the app, so it needs no handle of its own.
pub type Handler = Rc<dyn Fn(&Rc<App>)>;

/// The callbacks of one widget, by number.
#[derive(Default)]
pub struct Registry(Slot<Vec<Option<Handler>>>);

impl Registry {
    fn add(self: &Rc<Self>, f: Handler) -> Token {
        let mut list = self.0.borrow_mut();
        let at = match list.iter().position(Option::is_none) {
            Some(at) => at,
            None => {
                list.push(None);
                list.len() - 1
            }
        };
        if let Some(slot) = list.get_mut(at) {
            *slot = Some(f);
        }
        Token {
            registry: self.clone(),
            n: at as u32,
        }
    }

    /// Runs callback `n` (no borrow is held while it runs: it may add or drop listeners).
    pub fn fire(&self, app: &Rc<App>, n: u32) {
        let f = self.0.borrow().get(n as usize).cloned().flatten();
        if let Some(f) = f {
            f(app);
        }
    }
}

struct Token {
    registry: Rc<Registry>,
    n: u32,
}

impl Drop for Token {
    fn drop(&mut self) {
        unlisten(self.n);
        if let Some(slot) = self.registry.0.borrow_mut().get_mut(self.n as usize) {
            *slot = None;
        }
    }
}

/// An event listener that is removed when dropped.
#[must_use = "the listener is removed when this value is dropped"]
pub struct Listener(#[allow(dead_code)] Token);

impl Listener {
    /// Listens for `kind` events on `target` (`None`: the window) until dropped. `capture`
    /// listens in the capture phase (a window `scroll` listener then hears every scroller).
    pub fn new(
        app: &App,
        target: Option<&El>,
        kind: &str,
        capture: bool,
        f: impl Fn(&Rc<App>) + 'static,
    ) -> Listener {
        let token = app.registry().add(Rc::new(f));
        listen(target, kind, token.n, capture);
        Listener(token)
    }
}

/// Runs a callback once after a delay, unless dropped first.
#[must_use = "the timeout is cancelled when this value is dropped"]
pub struct Timeout(#[allow(dead_code)] Token);

impl Timeout {
    /// Calls `f` after `ms` milliseconds.
    pub fn new(app: &App, ms: f64, f: impl Fn(&Rc<App>) + 'static) -> Timeout {
        let token = app.registry().add(Rc::new(f));
        later(ms, token.n);
        Timeout(token)
    }
}
