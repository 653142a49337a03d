//! Shared DOM primitives for every surface: element builders, styles, measuring, the current
//! event, and helpers that clean up on drop ([`Listener`], [`Timeout`]).
//!
//! The DOM is reached through one small JS object in the loader (`D` in `widget/js/loader.js`),
//! not through web-sys's bindings: one import per web-sys method, each with its own glue and
//! error plumbing, cost the widget about 9 KB brotli (measured 2026-12-03, see CONTRIBUTING.md).
//! Each call here does one whole step (create, class, text and append are one call), never
//! throws (the JS side catches what the browser may throw), and holds nodes as `externref`s,
//! so the browser's collector frees them. Listeners and timers call back through the widget's
//! fenced `ev` entry point: a failure inside one stops the widget, never the host's handler.

mod listen;

pub use listen::{Listener, Registry, Timeout};

#[allow(unused_imports)]
use alloc::{borrow::ToOwned, string::String, vec, vec::Vec};
use wasm_bindgen::prelude::*;

/// The widget's stylesheet, adopted by every shadow root it creates. One font stack and one bold
/// weight: every further face is another font lookup in the panel's first layout, and bytes.
pub const STYLE: &str = include_str!("../style.css");

#[wasm_bindgen]
extern "C" {
    /// A node the widget holds: an element, a shadow root or a text node.
    #[derive(Clone, PartialEq)]
    pub type El;

    #[wasm_bindgen(js_namespace = D, js_name = e)]
    fn make(parent: Option<&El>, tag: &str, class: &str, text: &str) -> El;
    /// Appends `child` to `parent` (`None`: the document's body).
    #[wasm_bindgen(js_namespace = D, js_name = j)]
    pub fn append(parent: Option<&El>, child: &El);
    /// Sets an attribute, or removes it (`None`).
    #[wasm_bindgen(js_namespace = D, js_name = a)]
    pub fn attr(e: &El, name: &str, value: Option<&str>);
    /// An attribute's value.
    #[wasm_bindgen(js_namespace = D, js_name = g)]
    pub fn get_attr(e: &El, name: &str) -> Option<String>;
    /// Replaces the element's content with text.
    #[wasm_bindgen(js_namespace = D, js_name = t)]
    pub fn set_text(e: &El, text: &str);
    /// Sets one CSS property through the CSSOM (strict CSP blocks style attributes).
    #[wasm_bindgen(js_namespace = D, js_name = s)]
    pub fn css(e: &El, property: &str, value: &str);
    /// Removes the node from the document.
    #[wasm_bindgen(js_namespace = D, js_name = x)]
    pub fn remove(e: &El);
    /// Calls a method without arguments (`showModal`, `showPopover`, `close`) if the browser
    /// has it; false when it is missing or threw.
    #[wasm_bindgen(js_namespace = D, js_name = m)]
    pub fn call(e: &El, method: &str) -> bool;
    /// Moves focus to the element, if it can take it.
    #[wasm_bindgen(js_namespace = D, js_name = f)]
    pub fn focus(e: &El);
    #[wasm_bindgen(js_namespace = D, js_name = r)]
    fn rect_at(e: Option<&El>, i: u32) -> f64;
    /// The `i`-th element matching `selector` in `root` (`None`: the document); `None` for an
    /// invalid selector.
    #[wasm_bindgen(js_namespace = D, js_name = q)]
    pub fn query(root: Option<&El>, selector: &str, i: u32) -> Option<El>;
    #[wasm_bindgen(js_namespace = D, js_name = n)]
    fn related(e: &El, which: u32) -> Option<El>;
    /// An open shadow root on `host` with the widget's stylesheet: constructable (CSP-safe)
    /// where supported, a `<style>` element otherwise.
    #[wasm_bindgen(js_namespace = D, js_name = h)]
    fn attach(host: &El, css: &str) -> El;
    /// A computed style property of `e` (`None`: the root element).
    #[wasm_bindgen(js_namespace = D, js_name = y)]
    pub fn computed(e: Option<&El>, property: &str) -> String;
    /// The focused element, inside `root` when focus is there.
    #[wasm_bindgen(js_namespace = D, js_name = z)]
    pub fn active(root: &El) -> Option<El>;
    /// The current event's `key` (`""` without one). An Escape reads `"Esc"` unless it is the
    /// widget's: focus in the widget or nowhere, and not handled by the page already.
    #[wasm_bindgen(js_namespace = D, js_name = k)]
    pub fn key() -> String;
    /// Does the host show a modal dialog of its own (`:modal`)?
    #[wasm_bindgen(js_namespace = D, js_name = M)]
    pub fn host_modal() -> bool;
    /// Cancels the current event's default action.
    #[wasm_bindgen(js_namespace = D, js_name = p)]
    pub fn prevent();
    /// The first element matching `selector` on the current event's path, across shadow roots.
    #[wasm_bindgen(js_namespace = D, js_name = c)]
    pub fn closest(selector: &str) -> Option<El>;
    /// Does the current event's path pass through `node`?
    #[wasm_bindgen(js_namespace = D, js_name = i)]
    pub fn in_path(node: &El) -> bool;
    /// One warning in the console, prefixed `whatsnew: `.
    #[wasm_bindgen(js_namespace = D, js_name = w)]
    pub fn warn(message: &str);
    /// `localStorage.getItem` (`None` when absent or when storage throws).
    #[wasm_bindgen(js_namespace = D, js_name = L)]
    pub fn load(key: &str) -> Option<String>;
    /// `localStorage.setItem`; false when storage throws (private mode, quota).
    #[wasm_bindgen(js_namespace = D, js_name = S)]
    pub fn save(key: &str, value: &str) -> bool;
    #[wasm_bindgen(js_namespace = D, js_name = K)]
    fn clip_count(e: &El) -> u32;
    #[wasm_bindgen(js_namespace = D, js_name = v)]
    fn clip_at(i: u32) -> f64;
    /// Scrolls the element to the middle of the viewport and of each scroll container around
    /// it (`scrollIntoView({ block: "center" })`: clear of a sticky header).
    #[wasm_bindgen(js_namespace = D, js_name = V)]
    pub fn reveal(e: &El);
    /// `Date.now()`.
    #[wasm_bindgen(js_namespace = Date)]
    pub fn now() -> f64;

    /// A member of a JS object: undefined for anything that is not an object, or when its
    /// getter throws (a revoked proxy). Reads the parsed bundle and the loader's options.
    #[wasm_bindgen(js_namespace = D, js_name = G)]
    pub fn member(v: &JsValue, key: &str) -> JsValue;
    /// An array's item, read the same way.
    #[wasm_bindgen(js_namespace = D, js_name = G)]
    pub fn item(v: &JsValue, i: u32) -> JsValue;
    /// An array's length, at most 1000 (a hostile bundle's 100,000 items are not read); -1 for
    /// anything that is not an array.
    #[wasm_bindgen(js_namespace = D, js_name = N)]
    pub fn length(v: &JsValue) -> i32;
    /// A plain object's own keys (at most 1000) as an array; empty for anything else.
    #[wasm_bindgen(js_namespace = D, js_name = O)]
    pub fn keys(v: &JsValue) -> JsValue;
}

/// An array's items (none for anything else).
pub fn items(v: &JsValue) -> impl Iterator<Item = JsValue> + '_ {
    (0..length(v).max(0) as u32).map(move |i| item(v, i))
}

/// `<tag class="class">text</tag>` appended to `parent`; text is set as `textContent`.
pub fn el(parent: Option<&El>, tag: &str, class: &str, text: &str) -> El {
    make(parent, tag, class, text)
}

/// A text node appended to `parent`.
pub fn text(parent: &El, text: &str) {
    make(Some(parent), "", "", text);
}

/// The parent element.
pub fn parent(e: &El) -> Option<El> {
    related(e, 0)
}

/// The next element sibling, else the previous one.
pub fn sibling(e: &El) -> Option<El> {
    related(e, 1).or_else(|| related(e, 2))
}

/// The shadow root of `host`, if open.
pub fn shadow_of(host: &El) -> Option<El> {
    related(host, 4)
}

/// The `i`-th child element.
pub fn child(e: &El, i: u32) -> Option<El> {
    related(e, 5 + i)
}

/// A shadow root on `host` with the widget's stylesheet, and a `<slot>` for the host's own
/// children: a tooltip's hidden description lives there, in the page's light DOM where its
/// anchor's `aria-describedby` finds it, and only a slotted node is in the accessibility tree.
pub fn shadow(host: &El) -> El {
    let root = attach(host, STYLE);
    make(Some(&root), "slot", "", "");
    root
}

/// Sets several attributes.
pub fn attrs(e: &El, list: &[(&str, &str)]) {
    for (k, v) in list {
        attr(e, k, Some(v));
    }
}

/// Sets pixel positions and sizes, rounded to whole pixels.
pub fn px(e: &El, props: &[(&str, f64)]) {
    for (k, v) in props {
        let rounded = if *v >= 0.0 { v + 0.5 } else { v - 0.5 };
        css(e, k, &cat(&[&itoa(rounded as i64), "px"]));
    }
}

/// An element's rectangle in viewport pixels.
pub fn rect(e: &El) -> whatsnew_core::place::Rect {
    whatsnew_core::place::Rect {
        x: rect_at(Some(e), 0),
        y: rect_at(Some(e), 1),
        width: rect_at(Some(e), 2),
        height: rect_at(Some(e), 3),
    }
}

/// What clips `e` from view: the rectangles of its clipping ancestors (scroll containers,
/// `overflow: hidden`), and the bottom of a sticky or fixed element over its top (0: none).
pub fn clips(e: &El) -> (Vec<whatsnew_core::place::Rect>, f64) {
    let n = clip_count(e);
    let rects = (0..n)
        .map(|i| whatsnew_core::place::Rect {
            x: clip_at(4 * i),
            y: clip_at(4 * i + 1),
            width: clip_at(4 * i + 2),
            height: clip_at(4 * i + 3),
        })
        .collect();
    (rects, clip_at(4 * n))
}

/// The viewport's size.
pub fn viewport() -> (f64, f64) {
    (rect_at(None, 2), rect_at(None, 3))
}

/// A `RefCell` whose conflicting borrow traps instead of panicking. The widget never holds a
/// borrow across a call that can re-enter it, so this is unreachable; trapping directly keeps
/// `RefCell`'s panic message and its formatting code out of the wasm.
#[derive(Default)]
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
