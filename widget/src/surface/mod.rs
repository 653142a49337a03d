//! Surfaces: the ways an announcement reaches a user. Each is its own module over the shared
//! primitives (the card renderer, `dom` helpers) and implements [`Surface`]; [`open`] is the
//! only place that names them, so `App` drives them generically and adding a surface touches
//! no other surface.
//!
//! A surface is created when shown and dropped when closed: dropping removes its element and
//! its listeners and timers.

pub mod banner;
pub mod feed;
pub mod launcher;
pub mod popup;
pub mod toast;

use crate::app::{Announcement, App};
use crate::dom::{self, Listener};
use alloc::rc::Rc;
#[allow(unused_imports)]
use alloc::{borrow::ToOwned, string::String, vec, vec::Vec};
use wasm_bindgen::prelude::*;
use web_sys::Element;
use whatsnew_core::bundle::Display;

/// What `App` needs from every open surface.
pub trait Surface {
    /// The surface's name in events: `feed`, `popup`, `toast`, `banner`.
    fn kind(&self) -> &'static str;
    /// The announcement it shows (`""` for the feed, which shows many).
    fn id(&self) -> &str;
    /// Does it take focus (and so Escape, and focus return when it closes)?
    fn takes_focus(&self) -> bool {
        false
    }
    /// Does it block the page (no other interruption while it is open)?
    fn modal(&self) -> bool {
        false
    }
    /// The viewport changed size.
    fn reposition(&self) {}
    /// The user's state changed (another tab, an action elsewhere).
    fn refresh(&self, _app: &Rc<App>) {}
    /// The user dismissed announcement `id` from this surface.
    fn dismissed(&self, _id: &str) {}
    /// The ids it shows to the user right now, for impressions.
    fn visible_ids(&self) -> Vec<String> {
        vec![self.id().to_owned()]
    }
    /// Where focus goes when it opens.
    fn focus_target(&self) -> Option<Element> {
        None
    }
}

/// Shows `a` as its display says; `None` for displays this widget does not place itself.
pub fn open(app: &Rc<App>, a: &Announcement) -> Result<Option<Rc<dyn Surface>>, JsValue> {
    Ok(Some(match a.extra.display {
        Display::Popup => Rc::new(popup::new(app, a)?),
        Display::Toast => Rc::new(toast::new(app, a)?),
        Display::Banner => Rc::new(banner::new(app, a)?),
        _ => return Ok(None),
    }))
}

/// The feed panel, opened next to `opener`.
pub fn open_feed(app: &Rc<App>, opener: Option<&Element>) -> Result<Rc<dyn Surface>, JsValue> {
    Ok(Rc::new(feed::Panel::new(app, opener)?))
}

/// One announcement on its own, as a card in an element of its own in the top layer: the
/// popup (a modal `<dialog>`), the toast and the banner (manual popovers) differ only in the
/// options, so they share this type and its listeners.
pub struct Single {
    kind: &'static str,
    id: String,
    el: Element,
    modal: bool,
    _listeners: Vec<Listener>,
    _timeout: Option<dom::Timeout>,
}

impl Single {
    /// Builds `<tag>` with the card, shows it (`show` is `showModal` or `showPopover`), and
    /// listens for its actions; a modal one dismisses on `cancel` (Escape).
    pub fn new(
        app: &Rc<App>,
        a: &Announcement,
        kind: &'static str,
        tag: &str,
        show: &str,
    ) -> Result<Single, JsValue> {
        let doc = app.doc();
        let el = dom::el(doc, tag, &dom::cat(&["w ", kind]))?;
        let title = dom::cat(&["wn-", kind, "-title"]);
        dom::attrs(
            &el,
            &[
                ("data-surface", kind),
                ("data-id", &a.id),
                ("aria-labelledby", &title),
            ],
        )?;
        let modal = tag == "dialog";
        if !modal {
            el.set_attribute("popover", "manual")?;
        }
        app.localize(&el)?;
        let c = crate::render::card::card(
            doc,
            a,
            &app.text(a),
            app.labels(),
            &crate::render::card::Card {
                heading: "h2",
                headline_id: Some(&title),
                control: "close",
                class: "",
                vote: app.asks_vote(&a.id),
            },
        )?;
        el.append_child(&c)?;
        app.root().append_child(&el)?;
        // The top layer: no host z-index covers it. Where the method is missing (old
        // browsers), the stylesheet's fixed position and z-index still show it.
        if !dom::call(&el, show) && modal {
            el.set_attribute("open", "")?;
        }
        let mut listeners = vec![actions(app, &el, kind)];
        if modal {
            // Escape reaches a dialog as `cancel` when the app's keydown handler did not take
            // it first: dismiss either way, so the records stay right.
            let weak = Rc::downgrade(app);
            let id = a.id.clone();
            listeners.push(Listener::new(&el, "cancel", false, move |e| {
                e.prevent_default();
                if let Some(app) = weak.upgrade() {
                    app.dismiss(&id, kind, "escape");
                }
            }));
        }
        let timeout = a.extra.timeout.map(|secs| {
            let weak = Rc::downgrade(app);
            let id = a.id.clone();
            dom::Timeout::new((secs as i32).saturating_mul(1000), move || {
                if let Some(app) = weak.upgrade() {
                    app.dismiss(&id, kind, "timeout");
                }
            })
        });
        Ok(Single {
            kind,
            id: a.id.clone(),
            el,
            modal,
            _listeners: listeners,
            _timeout: timeout,
        })
    }
}

impl Surface for Single {
    fn kind(&self) -> &'static str {
        self.kind
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn takes_focus(&self) -> bool {
        self.modal
    }
    fn modal(&self) -> bool {
        self.modal
    }
}

impl Drop for Single {
    fn drop(&mut self) {
        dom::call(&self.el, if self.modal { "close" } else { "hidePopover" });
        self.el.remove();
    }
}

/// Clicks inside a surface, delegated: `engage` (the call to action), `dismiss`, and `close`
/// (with an announcement id: dismiss it; without: close the surface).
pub fn actions(app: &Rc<App>, root: &Element, kind: &'static str) -> Listener {
    let weak = Rc::downgrade(app);
    Listener::new(root, "click", false, move |e| {
        let Some(app) = weak.upgrade() else { return };
        let Some(target) = dom::closest_in_path(&e, "[data-action]") else {
            return;
        };
        let id = target.get_attribute("data-id").unwrap_or_default();
        match target.get_attribute("data-action").as_deref() {
            Some("engage") => app.engage(&id, kind),
            Some("dismiss") | Some("close") if !id.is_empty() => app.dismiss(&id, kind, "close"),
            Some("close") => app.close_kind(kind, true),
            Some(answer @ ("helpful" | "not_helpful")) => {
                app.vote(&id, kind, answer);
                if let Some(row) = target.parent_element() {
                    row.set_text_content(Some(app.labels().get(crate::i18n::Label::Thanks)));
                }
            }
            _ => {}
        }
    })
}
