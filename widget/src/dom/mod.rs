//! Shared DOM primitives: element builders, a listener that removes itself on drop, styles.

#[allow(unused_imports)]
use alloc::{borrow::ToOwned, string::String, vec, vec::Vec};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event, EventTarget, HtmlElement, ShadowRoot};

/// The widget's stylesheet, adopted by every shadow root it creates. One font stack and one bold
/// weight: every further face is another font lookup in the panel's first layout, and bytes.
pub const STYLE: &str = include_str!("style.css");

#[wasm_bindgen]
extern "C" {
    /// `window`, read once. web_sys::window() probes four globals to find it, which costs
    /// imports and code; the widget only ever runs in a page.
    #[wasm_bindgen(thread_local_v2, js_name = window)]
    static WINDOW: Option<web_sys::Window>;
}

/// The page's window; the widget only runs in pages.
pub fn window() -> Result<web_sys::Window, JsValue> {
    WINDOW
        .with(Clone::clone)
        .ok_or_else(|| JsValue::from_str("no window"))
}

/// The page's document.
pub fn document() -> Result<Document, JsValue> {
    window()?
        .document()
        .ok_or_else(|| JsValue::from_str("no document"))
}

/// `<tag class="class">`.
pub fn el(doc: &Document, tag: &str, class: &str) -> Result<Element, JsValue> {
    let e = doc.create_element(tag)?;
    if !class.is_empty() {
        e.set_class_name(class);
    }
    Ok(e)
}

/// `<tag class="class">text</tag>`, text set with `textContent`.
pub fn text_el(doc: &Document, tag: &str, class: &str, text: &str) -> Result<Element, JsValue> {
    let e = el(doc, tag, class)?;
    e.set_text_content(Some(text));
    Ok(e)
}

/// Moves focus to an element, if it can take it.
pub fn focus(e: &Element) {
    if let Some(h) = e.dyn_ref::<HtmlElement>() {
        let _ = h.focus();
    }
}

/// Sets `top`/`left`/`width` through the CSSOM, which strict CSP allows (style attributes it
/// would block).
pub fn set_box(e: &Element, x: f64, y: f64, width: f64) {
    if let Some(h) = e.dyn_ref::<HtmlElement>() {
        let style = h.style();
        let px = |v: f64| {
            let rounded = if v >= 0.0 { v + 0.5 } else { v - 0.5 };
            let mut s = itoa(rounded as i64);
            s.push_str("px");
            s
        };
        let _ = style.set_property("left", &px(x));
        let _ = style.set_property("top", &px(y));
        let _ = style.set_property("width", &px(width));
    }
}

/// A `RefCell` whose conflicting borrow traps instead of panicking. The widget never holds a
/// borrow across a call that can re-enter it, so this is unreachable; trapping directly keeps
/// `RefCell`'s panic message and its formatting code out of the wasm.
pub struct Slot<T>(core::cell::RefCell<T>);

impl<T> Slot<T> {
    /// A slot holding `value`.
    pub fn new(value: T) -> Self {
        Slot(core::cell::RefCell::new(value))
    }

    /// Shared access.
    pub fn borrow(&self) -> core::cell::Ref<'_, T> {
        match self.0.try_borrow() {
            Ok(r) => r,
            Err(_) => trap(),
        }
    }

    /// Exclusive access.
    pub fn borrow_mut(&self) -> core::cell::RefMut<'_, T> {
        match self.0.try_borrow_mut() {
            Ok(r) => r,
            Err(_) => trap(),
        }
    }
}

fn trap() -> ! {
    #[cfg(target_arch = "wasm32")]
    core::arch::wasm32::unreachable();
    #[cfg(not(target_arch = "wasm32"))]
    unreachable!("conflicting borrow")
}

/// Joins strings; `[..].concat()` pulls in a generic join worth 1 KB of wasm.
pub fn cat(parts: &[&str]) -> String {
    let mut s = String::new();
    for p in parts {
        s.push_str(p);
    }
    s
}

/// Decimal digits of `n`, without `core::fmt` (which costs the widget several KB).
pub fn itoa(n: i64) -> String {
    let mut digits = Vec::new();
    let mut m = n.unsigned_abs();
    loop {
        digits.push(b'0' + (m % 10) as u8);
        m /= 10;
        if m == 0 {
            break;
        }
    }
    if n < 0 {
        digits.push(b'-');
    }
    digits.iter().rev().map(|d| char::from(*d)).collect()
}

/// A shadow root on `host` with the widget's stylesheet: constructable (CSP-safe) where
/// supported, a `<style>` element otherwise.
pub fn shadow(doc: &Document, host: &Element) -> Result<ShadowRoot, JsValue> {
    let root = host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))?;
    let adopted = web_sys::CssStyleSheet::new().and_then(|sheet| {
        sheet.replace_sync(STYLE)?;
        js_sys::Reflect::set(
            &root,
            &"adoptedStyleSheets".into(),
            &js_sys::Array::of1(&sheet),
        )
    });
    if adopted.is_err() {
        let style = text_el(doc, "style", "", STYLE)?;
        root.append_child(&style)?;
    }
    Ok(root)
}

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
