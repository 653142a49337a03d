//! The launcher: the widget's own floating "What's new" button, or the host's element named by
//! `data-launcher`, carrying the unread badge either way. On a host element the badge is laid
//! over the element's corner and takes no space, so the host's layout never moves.

use crate::app::App;
use crate::dom::{self, El, Listener};
use crate::i18n::{Label, Labels};
use alloc::rc::Rc;
#[allow(unused_imports)]
use alloc::{borrow::ToOwned, string::String, vec, vec::Vec};

/// The launcher and its listeners; dropping it removes both.
pub struct Launcher {
    handles: LauncherDom,
    _listeners: Vec<Listener>,
}

/// Element handles the launcher updates, cheap to clone so no borrow spans a DOM call.
#[derive(Clone)]
pub struct LauncherDom {
    kind: Kind,
}

#[derive(Clone)]
enum Kind {
    /// Our own floating button inside the widget's shadow root.
    Floating { button: El, badge: El },
    /// The host's element(s) matching a selector; badges are added inside them.
    Host { selector: String },
}

const BADGE_ATTR: &str = "data-whatsnew-badge";
const UNREAD_ATTR: &str = "data-whatsnew-unread";

impl Launcher {
    /// Binds to the host's launcher when `selector` is valid, else creates the floating button.
    pub fn new(app: &Rc<App>, selector: Option<&str>) -> Launcher {
        if let Some(sel) = selector {
            if valid(sel) {
                return Self::host(app, sel);
            }
            dom::warn("data-launcher is not a valid CSS selector; using the built-in button");
        }
        Self::floating(app)
    }

    fn floating(app: &Rc<App>) -> Launcher {
        let label = app.labels().get(Label::WhatsNew);
        let button = dom::el(None, "button", "w launcher", "");
        dom::attrs(
            &button,
            &[
                ("type", "button"),
                ("aria-haspopup", "dialog"),
                ("aria-expanded", "false"),
                ("aria-label", label),
            ],
        );
        app.localize(&button);
        dom::el(Some(&button), "span", "", label);
        let badge = dom::el(Some(&button), "span", "badge", "");
        dom::attr(&badge, "aria-hidden", Some("true"));
        dom::append(Some(app.root()), &button);
        let target = button.clone();
        let click = Listener::new(app, Some(&button), "click", false, move |app| {
            app.toggle_feed(Some(target.clone()));
        });
        Launcher {
            handles: LauncherDom {
                kind: Kind::Floating { button, badge },
            },
            _listeners: vec![click],
        }
    }

    fn host(app: &Rc<App>, selector: &str) -> Launcher {
        // Delegated on the document: works for launchers a framework renders later, too.
        let sel = selector.to_owned();
        let click = Listener::new(app, None, "click", false, move |app| {
            let Some(target) = dom::closest(&sel) else {
                return;
            };
            dom::prevent();
            app.toggle_feed(Some(target));
        });
        Launcher {
            handles: LauncherDom {
                kind: Kind::Host {
                    selector: selector.to_owned(),
                },
            },
            _listeners: vec![click],
        }
    }

    /// The handles, to update after the borrow is released.
    pub fn handles(&self) -> LauncherDom {
        self.handles.clone()
    }

    /// What the feed opens next to when opened from the API.
    pub fn default_opener(&self) -> Option<El> {
        match &self.handles.kind {
            Kind::Floating { button, .. } => Some(button.clone()),
            Kind::Host { selector } => dom::query(None, selector, 0),
        }
    }
}

/// Is `selector` a CSS selector the browser accepts? (An invalid one matches nothing and
/// `query` says so the same way, so check through `:scope`-free matching of the document.)
fn valid(selector: &str) -> bool {
    dom::query(None, &dom::cat(&[":root,", selector]), 0).is_some()
}

impl LauncherDom {
    fn host_elements(selector: &str) -> Vec<El> {
        (0..).map_while(|i| dom::query(None, selector, i)).collect()
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
            let word = if n == 1 {
                Label::UnreadOne
            } else {
                Label::Unread
            };
            dom::cat(&[&count, " ", labels.get(word)])
        };
        match &self.kind {
            Kind::Floating { button, badge } => {
                dom::set_text(badge, &count);
                dom::attr(
                    badge,
                    "class",
                    Some(if n == 0 { "badge hidden" } else { "badge" }),
                );
                let mut label = String::from(labels.get(Label::WhatsNew));
                if n > 0 {
                    label.push_str(", ");
                    label.push_str(&spoken);
                }
                dom::attr(button, "aria-label", Some(&label));
            }
            Kind::Host { selector } => {
                for host in Self::host_elements(selector) {
                    dom::attr(&host, UNREAD_ATTR, Some(&dom::itoa(n as i64)));
                    host_badge(&host, &count, &spoken, n == 0);
                    // An icon button named by `aria-label` (a bell) is not named by its
                    // content, where the badge's words are: the count is its description.
                    if labelled(&host) {
                        dom::attr(
                            &host,
                            "aria-description",
                            Some(spoken.as_str()).filter(|_| n > 0),
                        );
                    }
                }
            }
        }
    }

    /// Mirrors the feed's state in `aria-expanded`.
    pub fn set_expanded(&self, open: bool) {
        let v = Some(if open { "true" } else { "false" });
        match &self.kind {
            Kind::Floating { button, .. } => dom::attr(button, "aria-expanded", v),
            Kind::Host { selector } => {
                for host in Self::host_elements(selector) {
                    dom::attr(&host, "aria-expanded", v);
                }
            }
        }
    }
}

impl Drop for Launcher {
    fn drop(&mut self) {
        match &self.handles.kind {
            Kind::Floating { button, .. } => dom::remove(button),
            Kind::Host { selector } => {
                for host in LauncherDom::host_elements(selector) {
                    dom::attr(&host, UNREAD_ATTR, None);
                    dom::attr(&host, "aria-expanded", None);
                    if labelled(&host) {
                        dom::attr(&host, "aria-description", None);
                    }
                    if let Some(b) = dom::query(Some(&host), &badge_selector(), 0) {
                        dom::remove(&b);
                    }
                }
            }
        }
    }
}

/// Is the host's element named by an attribute rather than by its content?
fn labelled(host: &El) -> bool {
    dom::get_attr(host, "aria-label").is_some() || dom::get_attr(host, "aria-labelledby").is_some()
}

fn badge_selector() -> String {
    dom::cat(&[":scope > [", BADGE_ATTR, "]"])
}

/// The badge inside a host element. Its wrapper is absolutely positioned with no size, so it
/// takes no space in the host's layout (not even a flex gap), and holds its own tiny shadow
/// root, so neither side's CSS leaks. The badge is then laid over the element's end corner,
/// measured from both rectangles; it moves with the element because it lives inside it.
fn host_badge(host: &El, count: &str, spoken: &str, hidden: bool) {
    let wrapper = match dom::query(Some(host), &badge_selector(), 0) {
        Some(w) => w,
        None => {
            let w = dom::el(None, "span", "", "");
            dom::attr(&w, BADGE_ATTR, Some(""));
            for (k, v) in [
                ("position", "absolute"),
                ("width", "0"),
                ("height", "0"),
                ("margin", "0"),
                ("padding", "0"),
                ("border", "0"),
                ("overflow", "visible"),
                ("pointer-events", "none"),
            ] {
                dom::css(&w, k, v);
            }
            let root = dom::shadow(&w);
            let badge = dom::el(Some(&root), "span", "w badge inline", "");
            dom::attr(&badge, "aria-hidden", Some("true"));
            dom::el(Some(&root), "span", "w sr", "");
            dom::append(Some(host), &w);
            w
        }
    };
    let Some(root) = dom::shadow_of(&wrapper) else {
        return;
    };
    if let Some(badge) = dom::query(Some(&root), ".badge", 0) {
        dom::set_text(&badge, count);
        dom::attr(
            &badge,
            "class",
            Some(if hidden {
                "w badge inline hidden"
            } else {
                "w badge inline"
            }),
        );
        let (h, w) = (dom::rect(host), dom::rect(&wrapper));
        let x = if dom::computed(Some(host), "direction") == "rtl" {
            h.x - 10.0
        } else {
            h.x + h.width - 12.0
        };
        dom::px(&badge, &[("left", x - w.x), ("top", h.y - w.y - 8.0)]);
    }
    if let Some(sr) = dom::query(Some(&root), ".sr", 0) {
        dom::set_text(&sr, spoken);
    }
}
