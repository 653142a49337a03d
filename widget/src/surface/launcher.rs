//! The launcher: the widget's own floating "What's new" button, or the host's element named by
//! `data-launcher`, carrying the unread badge either way. On a host element the badge is laid
//! over the element's corner and takes no space, so the host's layout never moves.

use crate::app::App;
use crate::dom::{self, Listener, Px};
use crate::i18n::{Label, Labels};
use alloc::rc::Rc;
#[allow(unused_imports)]
use alloc::{borrow::ToOwned, string::String, vec, vec::Vec};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

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
    pub fn new(app: &Rc<App>, selector: Option<&str>) -> Result<Launcher, JsValue> {
        let doc = app.doc();
        if let Some(sel) = selector {
            if doc.query_selector(sel).is_ok() {
                return Self::host(app, sel);
            }
            web_sys::console::warn_1(
                &"whatsnew: data-launcher is not a valid CSS selector; using the built-in button"
                    .into(),
            );
        }
        Self::floating(app)
    }

    fn floating(app: &Rc<App>) -> Result<Launcher, JsValue> {
        let doc = app.doc();
        let label = app.labels().get(Label::WhatsNew);
        let button = dom::el(doc, "button", "w launcher")?;
        dom::attrs(
            &button,
            &[
                ("type", "button"),
                ("aria-haspopup", "dialog"),
                ("aria-expanded", "false"),
                ("aria-label", label),
            ],
        )?;
        app.localize(&button)?;
        button.append_child(&dom::text_el(doc, "span", "", label)?.into())?;
        let badge = dom::el(doc, "span", "badge")?;
        badge.set_attribute("aria-hidden", "true")?;
        button.append_child(&badge)?;
        app.root().append_child(&button)?;
        let target = button.clone();
        let weak = Rc::downgrade(app);
        let click = Listener::new(&button, "click", false, move |_| {
            if let Some(app) = weak.upgrade() {
                app.toggle_feed(Some(target.clone()));
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

    fn host(app: &Rc<App>, selector: &str) -> Result<Launcher, JsValue> {
        // Delegated on the document: works for launchers a framework renders later, too.
        let sel = selector.to_owned();
        let weak = Rc::downgrade(app);
        let click = Listener::new(app.doc(), "click", false, move |e| {
            let Some(target) = dom::closest_in_path(&e, &sel) else {
                return;
            };
            e.prevent_default();
            if let Some(app) = weak.upgrade() {
                app.toggle_feed(Some(target));
            }
        });
        Ok(Launcher {
            handles: LauncherDom {
                doc: app.doc().clone(),
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

    /// What the feed opens next to when opened from the API.
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
    pub fn set_unread(&self, n: usize, labels: &Labels) {
        let count = if n > 99 {
            "99+".to_owned()
        } else {
            dom::itoa(n as i64)
        };
        let spoken = if n == 0 {
            String::new()
        } else {
            dom::cat(&[&count, " ", labels.get(Label::Unread)])
        };
        match &self.kind {
            Kind::Floating { button, badge } => {
                badge.set_text_content(Some(&count));
                badge.set_class_name(if n == 0 { "badge hidden" } else { "badge" });
                let mut label = String::from(labels.get(Label::WhatsNew));
                if n > 0 {
                    label.push_str(", ");
                    label.push_str(&spoken);
                }
                let _ = button.set_attribute("aria-label", &label);
            }
            Kind::Host { selector } => {
                for host in self.host_elements(selector) {
                    let _ = host.set_attribute(UNREAD_ATTR, &dom::itoa(n as i64));
                    let _ = host_badge(&self.doc, &host, &count, &spoken, n == 0);
                }
            }
        }
    }

    /// Mirrors the feed's state in `aria-expanded`.
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
                    if let Ok(Some(b)) = host.query_selector(&badge_selector()) {
                        b.remove();
                    }
                }
            }
        }
    }
}

fn badge_selector() -> String {
    dom::cat(&[":scope > [", BADGE_ATTR, "]"])
}

/// The badge inside a host element. Its wrapper is absolutely positioned with no size, so it
/// takes no space in the host's layout (not even a flex gap), and holds its own tiny shadow
/// root, so neither side's CSS leaks. The badge is then laid over the element's end corner,
/// measured from both rectangles; it moves with the element because it lives inside it.
fn host_badge(
    doc: &Document,
    host: &Element,
    count: &str,
    spoken: &str,
    hidden: bool,
) -> Result<(), JsValue> {
    let wrapper = match host.query_selector(&badge_selector())? {
        Some(w) => w,
        None => {
            let w = dom::el(doc, "span", "")?;
            w.set_attribute(BADGE_ATTR, "")?;
            dom::style(
                &w,
                &[
                    ("position", Px::S("absolute")),
                    ("width", Px::N(0.0)),
                    ("height", Px::N(0.0)),
                    ("margin", Px::N(0.0)),
                    ("padding", Px::N(0.0)),
                    ("border", Px::S("0")),
                    ("overflow", Px::S("visible")),
                    ("pointer-events", Px::S("none")),
                ],
            );
            let root = dom::shadow(doc, &w)?;
            let badge = dom::el(doc, "span", "w badge inline")?;
            badge.set_attribute("aria-hidden", "true")?;
            root.append_child(&badge)?;
            root.append_child(&dom::el(doc, "span", "w sr")?.into())?;
            host.append_child(&w)?;
            w
        }
    };
    let Some(root) = wrapper.shadow_root() else {
        return Ok(());
    };
    if let Some(badge) = root.query_selector(".badge")? {
        badge.set_text_content(Some(count));
        badge.set_class_name(if hidden {
            "w badge inline hidden"
        } else {
            "w badge inline"
        });
        let (h, w) = (dom::rect(host), dom::rect(&wrapper));
        let rtl = dom::window()?
            .get_computed_style(host)?
            .and_then(|s| s.get_property_value("direction").ok())
            .is_some_and(|d| d == "rtl");
        let x = if rtl {
            h.x - 10.0
        } else {
            h.x + h.width - 12.0
        };
        dom::style(
            &badge,
            &[("left", Px::N(x - w.x)), ("top", Px::N(h.y - w.y - 8.0))],
        );
    }
    if let Some(sr) = root.query_selector(".sr")? {
        sr.set_text_content(Some(spoken));
    }
    Ok(())
}
