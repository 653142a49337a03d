//! Shared DOM primitives for every surface: element builders, styles, measuring, and
//! helpers that clean up on drop ([`Listener`], [`Timeout`]).

mod listen;
mod timer;

pub use listen::{closest_in_path, path_contains, Listener};
pub use timer::Timeout;

#[allow(unused_imports)]
use alloc::{borrow::ToOwned, string::String, vec, vec::Vec};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, ShadowRoot};

/// The widget's stylesheet, adopted by every shadow root it creates. One font stack and one bold
/// weight: every further face is another font lookup in the panel's first layout, and bytes.
pub const STYLE: &str = include_str!("../style.css");

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

/// Sets CSS properties through the CSSOM, which strict CSP allows (style attributes it would
/// block). Values are pixels when numeric.
pub fn style(e: &Element, props: &[(&str, Px)]) {
    if let Some(h) = e.dyn_ref::<HtmlElement>() {
        let style = h.style();
        for (k, v) in props {
            let value = match v {
                Px::N(v) => {
                    let rounded = if *v >= 0.0 { v + 0.5 } else { v - 0.5 };
                    cat(&[&itoa(rounded as i64), "px"])
                }
                Px::S(s) => (*s).to_owned(),
            };
            let _ = style.set_property(k, &value);
        }
    }
}

/// A CSS value for [`style`]: pixels, or a keyword.
pub enum Px<'a> {
    /// Pixels.
    N(f64),
    /// Any other value.
    S(&'a str),
}

/// An element's rectangle in viewport pixels.
pub fn rect(e: &Element) -> whatsnew_core::place::Rect {
    let r = e.get_bounding_client_rect();
    whatsnew_core::place::Rect {
        x: r.x(),
        y: r.y(),
        width: r.width(),
        height: r.height(),
    }
}

/// The viewport's size.
pub fn viewport() -> (f64, f64) {
    let Ok(window) = window() else {
        return (0.0, 0.0);
    };
    let size = |v: Result<JsValue, JsValue>| v.ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
    (size(window.inner_width()), size(window.inner_height()))
}

/// Sets several attributes.
pub fn attrs(e: &Element, list: &[(&str, &str)]) -> Result<(), JsValue> {
    for (k, v) in list {
        e.set_attribute(k, v)?;
    }
    Ok(())
}

/// Calls a method without arguments by name (`showModal`, `showPopover`, `close`), if the
/// browser has it: fewer bindings than web-sys's typed wrappers, and no error when an older
/// browser lacks one. Returns false when it is missing or threw.
pub fn call(target: &JsValue, method: &str) -> bool {
    js_sys::Reflect::get(target, &JsValue::from_str(method))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .is_some_and(|f| f.call0(target).is_ok())
}

/// The element focused in the page (inside our shadow root when focus is there).
pub fn active_element(root: &ShadowRoot) -> Option<Element> {
    root.active_element()
        .or_else(|| document().ok()?.active_element())
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
