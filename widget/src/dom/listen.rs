//! Event listeners that remove themselves on drop, and event-path helpers.

#[allow(unused_imports)]
use alloc::{borrow::ToOwned, string::String, vec, vec::Vec};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, EventTarget};

/// An event listener that is removed when dropped, like gloo's `EventListener`.
#[must_use = "the listener is removed when this value is dropped"]
pub struct Listener {
    target: EventTarget,
    kind: &'static str,
    capture: bool,
    closure: Closure<dyn FnMut(Event)>,
}

impl Listener {
    /// Listens for `kind` events on `target` until dropped.
    pub fn new(
        target: &EventTarget,
        kind: &'static str,
        capture: bool,
        f: impl FnMut(Event) + 'static,
    ) -> Listener {
        let closure = Closure::<dyn FnMut(Event)>::new(f);
        let _ = target.add_event_listener_with_callback_and_bool(
            kind,
            closure.as_ref().unchecked_ref(),
            capture,
        );
        Listener {
            target: target.clone(),
            kind,
            capture,
            closure,
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback_and_bool(
            self.kind,
            self.closure.as_ref().unchecked_ref(),
            self.capture,
        );
    }
}

/// The element an event's path passes through that matches `selector`, crossing shadow roots.
pub fn closest_in_path(event: &Event, selector: &str) -> Option<Element> {
    event
        .composed_path()
        .iter()
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .find(|e| e.matches(selector).unwrap_or(false))
}

/// Does the event's path pass through `node`?
pub fn path_contains(event: &Event, node: &JsValue) -> bool {
    event.composed_path().iter().any(|n| &n == node)
}
