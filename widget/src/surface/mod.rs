//! Surfaces: the ways an announcement reaches a user. Each is its own module over the shared
//! primitives (the card renderer, `dom` helpers) and implements [`Surface`]; [`open`] is the
//! only place that names them, so `App` drives them generically and adding a surface touches
//! no other surface.
//!
//! A surface is created when shown and dropped when closed: dropping removes its element and
//! its listeners and timers.

pub mod anchored;
pub mod banner;
pub mod feed;
pub mod guide;
pub mod launcher;
pub mod popup;
pub mod toast;
pub mod tooltip;

use crate::app::{Announcement, App};
use crate::dom::{self, El, Listener};
use alloc::rc::Rc;
#[allow(unused_imports)]
use alloc::{borrow::ToOwned, string::String, vec, vec::Vec};
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
    /// The element it points at (tooltips and guides).
    fn anchor(&self) -> Option<El> {
        None
    }
    /// Did the current event (a key press, a click) happen inside it? Then focus was there,
    /// and goes back to the page when it closes.
    fn holds_event(&self) -> bool {
        false
    }
    /// Does it block the page (no other interruption while it is open)?
    fn modal(&self) -> bool {
        false
    }
    /// The viewport changed size, something scrolled, or the page's DOM changed.
    fn reposition(&self, _app: &Rc<App>) {}
    /// The page's path changed.
    fn route(&self, _app: &Rc<App>) {}
    /// Escape was pressed and no surface that holds focus took it: says whether this one did.
    fn escape(&self, _app: &Rc<App>) -> bool {
        false
    }
    /// Its hotspot was clicked (tooltips).
    fn hotspot(&self, _app: &Rc<App>) {}
    /// A click somewhere in the page (guides advance on their anchor).
    fn clicked(&self, _app: &Rc<App>) {}
    /// The user moved to another step (guides); `focus` when they did it with its buttons.
    fn moved(&self, app: &Rc<App>, _focus: bool) {
        self.refresh(app)
    }
    /// The user's state changed (another tab, an action elsewhere).
    fn refresh(&self, _app: &Rc<App>) {}
    /// The user dismissed announcement `id` from this surface.
    fn dismissed(&self, _id: &str) {}
    /// The ids it shows to the user right now, for impressions.
    fn visible_ids(&self) -> Vec<String> {
        vec![self.id().to_owned()]
    }
    /// Where focus goes when it opens.
    fn focus_target(&self) -> Option<El> {
        None
    }
}

/// Shows `a` as its display says; `None` for displays this widget does not place itself.
pub fn open(app: &Rc<App>, a: &Announcement) -> Option<Rc<dyn Surface>> {
    Some(match a.extra.display {
        Display::Popup => Rc::new(popup::new(app, a)),
        Display::Toast => Rc::new(toast::new(app, a)),
        Display::Banner => Rc::new(banner::new(app, a)),
        Display::Tooltip if a.extra.anchor.is_some() => Rc::new(tooltip::new(app, a)),
        Display::Guide if !a.extra.steps.is_empty() => Rc::new(guide::new(app, a)),
        _ => return None,
    })
}

/// The feed panel, opened next to `opener`.
pub fn open_feed(app: &Rc<App>, opener: Option<&El>) -> Rc<dyn Surface> {
    Rc::new(feed::Panel::new(app, opener))
}

/// One announcement on its own, as a card in an element of its own in the top layer: the
/// popup (a modal `<dialog>`), the toast and the banner (manual popovers) differ only in the
/// options, so they share this type and its listeners.
pub struct Single {
    kind: &'static str,
    id: String,
    el: El,
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
    ) -> Single {
        let el = dom::el(None, tag, &dom::cat(&["w ", kind]), "");
        let title = dom::cat(&["wn-", kind, "-title"]);
        dom::attrs(
            &el,
            &[
                ("data-surface", kind),
                ("data-id", &a.id),
                ("aria-labelledby", &title),
            ],
        );
        let modal = tag == "dialog";
        if !modal {
            dom::attr(&el, "popover", Some("manual"));
        }
        app.localize(&el);
        crate::render::card::card(
            &el,
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
        );
        dom::append(Some(app.root()), &el);
        // The top layer: no host z-index covers it. Where the method is missing (old
        // browsers), the stylesheet's fixed position and z-index still show it.
        if !dom::call(&el, show) && modal {
            dom::attr(&el, "open", Some(""));
        }
        let mut listeners = vec![actions(app, &el, kind)];
        if !modal {
            // A toast or banner takes no focus: screen readers hear it through the live region.
            app.say(&dom::cat(&[
                app.labels().get(crate::i18n::Label::WhatsNew),
                ": ",
                app.text(a).benefit,
            ]));
        }
        if modal {
            // Escape reaches a dialog as `cancel` when the app's keydown handler did not take
            // it first: dismiss either way, so the records stay right.
            let id = a.id.clone();
            listeners.push(Listener::new(app, Some(&el), "cancel", false, move |app| {
                dom::prevent();
                app.dismiss(&id, kind, "escape");
            }));
        }
        // An author's `timeout` ends it, unless someone is reading it then (the pointer or
        // focus in it): it stays until closed, as a toast without a timeout does.
        let timeout = a.extra.timeout.map(|secs| {
            let (id, el) = (a.id.clone(), el.clone());
            dom::Timeout::new(app, f64::from(secs) * 1000.0, move |app| {
                if dom::query(Some(&el), ":hover,:focus", 0).is_none() {
                    app.dismiss(&id, kind, "timeout");
                }
            })
        });
        Single {
            kind,
            id: a.id.clone(),
            el,
            modal,
            _listeners: listeners,
            _timeout: timeout,
        }
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
        dom::remove(&self.el);
    }
}

/// Clicks inside a surface, delegated: `engage` (the call to action), `dismiss`, and `close`
/// (with an announcement id: dismiss it; without: close the surface).
pub fn actions(app: &Rc<App>, root: &El, kind: &'static str) -> Listener {
    Listener::new(app, Some(root), "click", false, move |app| {
        let Some(target) = dom::closest("[data-action]") else {
            // A link in the body: engagement, by way of a link.
            // (`engage` once, like every engagement; the surface stays, the link may open a tab.)
            if let (Some(_), Some(card)) = (dom::closest("a[href]"), dom::closest("[data-id]")) {
                let id = dom::get_attr(&card, "data-id").unwrap_or_default();
                app.act(&id, whatsnew_core::state::Action::Engage, kind, "link");
            }
            return;
        };
        let id = dom::get_attr(&target, "data-id").unwrap_or_default();
        match dom::get_attr(&target, "data-action").as_deref() {
            Some("engage") => app.engage(&id, kind),
            Some("dismiss") | Some("close") if !id.is_empty() => app.dismiss(&id, kind, "close"),
            Some("close") => app.close_kind(kind, true),
            Some(answer @ ("helpful" | "not_helpful")) => {
                app.vote(&id, kind, answer);
                if let Some(row) = dom::parent(&target) {
                    dom::set_text(&row, app.labels().get(crate::i18n::Label::Thanks));
                    // The button pressed is gone: focus stays in the card, on the thanks.
                    dom::attr(&row, "tabindex", Some("-1"));
                    dom::focus(&row);
                }
            }
            _ => {}
        }
    })
}
