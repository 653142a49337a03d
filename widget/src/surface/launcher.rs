//! The launcher: the widget's own floating "What's new" button, or the host's element named by
//! `data-launcher`, carrying the unread badge either way.

use crate::app::AppRef;
use crate::dom::{self, Listener};
#[allow(unused_imports)]
use alloc::{borrow::ToOwned, string::String, vec, vec::Vec};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, ShadowRoot};

/// The launcher and its listeners; dropping it removes both.
pub struct Launcher {
    handles: LauncherDom,
    _listeners: Vec<Listener>,
}

/// Element handles the launcher updates, cheap to clone so no borrow spans a DOM call.
#[derive(Clone)]
pub struct LauncherDom {
    doc: Document,
    kind: Kind,
}

#[derive(Clone)]
enum Kind {
    /// Our own floating button inside the widget's shadow root.
    Floating { button: Element, badge: Element },
    /// The host's element(s) matching a selector; badges are added inside them.
    Host { selector: String },
}

const BADGE_ATTR: &str = "data-whatsnew-badge";
const UNREAD_ATTR: &str = "data-whatsnew-unread";

impl Launcher {
    /// Binds to the host's launcher when `selector` is valid, else creates the floating button.
    pub fn new(
        doc: &Document,
        root: &ShadowRoot,
        selector: Option<&str>,
        app: AppRef,
    ) -> Result<Launcher, JsValue> {
        if let Some(sel) = selector {
            if doc.query_selector(sel).is_ok() {
                return Self::host(doc, sel, app);
            }
            web_sys::console::warn_1(
                &"whatsnew: data-launcher is not a valid CSS selector; using the built-in button"
                    .into(),
            );
        }
        Self::floating(doc, root, app)
    }

    fn floating(doc: &Document, root: &ShadowRoot, app: AppRef) -> Result<Launcher, JsValue> {
        let button = dom::el(doc, "button", "launcher")?;
        button.set_attribute("type", "button")?;
        button.set_attribute("aria-haspopup", "dialog")?;
        button.set_attribute("aria-expanded", "false")?;
        button.set_attribute("aria-label", "What's new")?;
        button.append_child(&dom::text_el(doc, "span", "", "What's new")?.into())?;
        let badge = dom::el(doc, "span", "badge")?;
        badge.set_attribute("aria-hidden", "true")?;
        button.append_child(&badge)?;
        root.append_child(&button)?;
        let target = button.clone();
        let click = Listener::new(&button, "click", false, move |_| {
            if let Some(app) = app.upgrade() {
                app.toggle(Some(target.clone()));
            }
        });
        Ok(Launcher {
            handles: LauncherDom {
                doc: doc.clone(),
                kind: Kind::Floating { button, badge },
            },
            _listeners: vec![click],
        })
    }

    fn host(doc: &Document, selector: &str, app: AppRef) -> Result<Launcher, JsValue> {
        // Delegated on the document: works for launchers a framework renders later, too.
        let sel = selector.to_owned();
        let click = Listener::new(doc, "click", false, move |e| {
            let Some(target) = dom::closest_in_path(&e, &sel) else {
                return;
            };
            e.prevent_default();
            if let Some(app) = app.upgrade() {
                app.toggle(Some(target));
            }
        });
        Ok(Launcher {
            handles: LauncherDom {
                doc: doc.clone(),
                kind: Kind::Host {
                    selector: selector.to_owned(),
                },
            },
            _listeners: vec![click],
        })
    }

    /// The handles, to update after the borrow is released.
    pub fn handles(&self) -> LauncherDom {
        self.handles.clone()
    }

    /// What the panel opens next to when opened from the API.
    pub fn default_opener(&self) -> Option<Element> {
        match &self.handles.kind {
            Kind::Floating { button, .. } => Some(button.clone()),
            Kind::Host { selector } => self.handles.doc.query_selector(selector).ok().flatten(),
        }
    }
}

impl LauncherDom {
    fn host_elements(&self, selector: &str) -> Vec<Element> {
        let Ok(list) = self.doc.query_selector_all(selector) else {
            return Vec::new();
        };
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.dyn_into::<Element>().ok())
            .collect()
    }

    /// Shows the unread count (hidden at zero).
    pub fn set_unread(&self, n: usize) {
        let count = if n > 99 {
            "99+".to_owned()
        } else {
            dom::itoa(n as i64)
        };
        match &self.kind {
            Kind::Floating { button, badge } => {
                badge.set_text_content(Some(&count));
                badge.set_class_name(if n == 0 { "badge hidden" } else { "badge" });
                let mut label = String::from("What's new");
                if n > 0 {
                    label.push_str(", ");
                    label.push_str(&count);
                    label.push_str(" unread");
                }
                let _ = button.set_attribute("aria-label", &label);
            }
            Kind::Host { selector } => {
                for host in self.host_elements(selector) {
                    let _ = host.set_attribute(UNREAD_ATTR, &dom::itoa(n as i64));
                    let _ = host_badge(&self.doc, &host, &count, n == 0);
                }
            }
        }
    }

    /// Mirrors the panel's state in `aria-expanded`.
    pub fn set_expanded(&self, open: bool) {
        let v = if open { "true" } else { "false" };
        match &self.kind {
            Kind::Floating { button, .. } => {
                let _ = button.set_attribute("aria-expanded", v);
            }
            Kind::Host { selector } => {
                for host in self.host_elements(selector) {
                    let _ = host.set_attribute("aria-expanded", v);
                }
            }
        }
    }
}

impl Drop for Launcher {
    fn drop(&mut self) {
        match &self.handles.kind {
            Kind::Floating { button, .. } => button.remove(),
            Kind::Host { selector } => {
                for host in self.handles.host_elements(selector) {
                    let _ = host.remove_attribute(UNREAD_ATTR);
                    let _ = host.remove_attribute("aria-expanded");
                    if let Ok(Some(b)) =
                        host.query_selector(&dom::cat(&[":scope > [", BADGE_ATTR, "]"]))
                    {
                        b.remove();
                    }
                }
            }
        }
    }
}

/// The badge inside a host element: its own tiny shadow root, so neither side's CSS leaks.
fn host_badge(doc: &Document, host: &Element, count: &str, hidden: bool) -> Result<(), JsValue> {
    let existing = host.query_selector(&dom::cat(&[":scope > [", BADGE_ATTR, "]"]))?;
    let wrapper = match existing {
        Some(w) => w,
        None => {
            let w = dom::el(doc, "span", "")?;
            w.set_attribute(BADGE_ATTR, "")?;
            let root = dom::shadow(doc, &w)?;
            let badge = dom::el(doc, "span", "badge inline")?;
            root.append_child(&badge)?;
            let sr = dom::el(doc, "span", "sr")?;
            root.append_child(&sr)?;
            host.append_child(&w)?;
            w
        }
    };
    let Some(root) = wrapper.shadow_root() else {
        return Ok(());
    };
    if let Some(badge) = root.query_selector(".badge")? {
        badge.set_text_content(Some(count));
        badge.set_attribute("aria-hidden", "true")?;
        badge.set_class_name(if hidden {
            "badge inline hidden"
        } else {
            "badge inline"
        });
    }
    if let Some(sr) = root.query_selector(".sr")? {
        let text = if hidden {
            String::new()
        } else {
            dom::cat(&[count, " unread"])
        };
        sr.set_text_content(Some(&text));
    }
    Ok(())
}
