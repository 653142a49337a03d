//! The tooltip (`display: tooltip`, with `anchor`): the announcement's card beside the element
//! it is about, following it (see [`super::anchored`]). With `hotspot: true` a pulsing dot on
//! the element comes first and opens the card when clicked. Closing it dismisses it; Escape
//! does too when focus is in it. While shown, the anchor is described by the headline
//! (`aria-describedby`, through a hidden element in the host page's own tree).

use super::anchored::{side, Follow, Where};
use super::{actions, Surface};
use crate::app::{Announcement, App};
use crate::dom::{self, El, Listener, Slot};
use crate::render::card::{card, Card};
use alloc::rc::Rc;
#[allow(unused_imports)]
use alloc::{borrow::ToOwned, string::String, vec, vec::Vec};
use whatsnew_core::place::Side;

/// An open tooltip.
pub struct Tooltip {
    id: String,
    benefit: String,
    selector: String,
    side: Side,
    follow: Follow,
    /// The hotspot, until it is clicked.
    hotspot: Slot<Option<El>>,
    shown: Slot<bool>,
    /// The hidden description the anchor points at, and the anchor it was added to.
    described: Slot<Option<(El, El)>>,
    _listeners: Vec<Listener>,
}

/// Shows `a` as a tooltip (or its hotspot).
pub fn new(app: &Rc<App>, a: &Announcement) -> Tooltip {
    let follow = Follow::new(app, "tooltip", &a.id, false);
    let title = dom::cat(&["wn-tip-", &a.id]);
    dom::attr(&follow.card, "aria-labelledby", Some(&title));
    card(
        &follow.card,
        a,
        &app.text(a),
        app.labels(),
        &Card {
            heading: "h2",
            headline_id: Some(&title),
            control: "close",
            class: "",
            vote: app.asks_vote(&a.id),
        },
    );
    let hotspot = a.extra.hotspot.then(|| {
        let dot = dom::el(Some(app.root()), "button", "w hotspot", "");
        dom::attrs(
            &dot,
            &[
                ("type", "button"),
                ("popover", "manual"),
                ("aria-label", app.text(a).benefit),
                ("aria-expanded", "false"),
                ("hidden", ""),
            ],
        );
        dom::call(&dot, "showPopover");
        dot
    });
    let mut listeners = vec![actions(app, &follow.card, "tooltip")];
    if let Some(dot) = &hotspot {
        let id = a.id.clone();
        listeners.push(Listener::new(app, Some(dot), "click", false, move |app| {
            app.open_hotspot(&id)
        }));
    }
    let t = Tooltip {
        id: a.id.clone(),
        benefit: app.text(a).benefit.to_owned(),
        selector: a.extra.anchor.clone().unwrap_or_default(),
        side: side(a.extra.side.as_deref()),
        follow,
        hotspot: Slot::new(hotspot),
        shown: Slot::new(false),
        described: Slot::new(None),
        _listeners: listeners,
    };
    t.place(app);
    t
}

impl Tooltip {
    fn place(&self, app: &Rc<App>) {
        let dot = self.hotspot.borrow().clone();
        if let Some(dot) = dot {
            // The dot sits on the anchor's end corner while the anchor is in view.
            let at = self.follow.place(app, &self.selector, self.side);
            self.follow.show(false);
            match (at, self.follow.anchor()) {
                (Where::Shown | Where::Hidden, Some(anchor)) if at == Where::Shown => {
                    let r = dom::rect(&anchor);
                    let x = if app.labels().rtl {
                        r.x - 8.0
                    } else {
                        r.x + r.width - 16.0
                    };
                    dom::attr(&dot, "hidden", None);
                    dom::px(&dot, &[("left", x), ("top", r.y - 8.0)]);
                }
                (Where::Missing, _) => {
                    dom::attr(&dot, "hidden", Some(""));
                    app.anchor_missing(&self.id, -1, &self.selector);
                }
                _ => dom::attr(&dot, "hidden", Some("")),
            }
            return;
        }
        let at = self.follow.place(app, &self.selector, self.side);
        if at == Where::Missing {
            app.anchor_missing(&self.id, -1, &self.selector);
        }
        let shown = at == Where::Shown;
        let was = core::mem::replace(&mut *self.shown.borrow_mut(), shown);
        self.describe(app, shown);
        if shown && !was {
            app.record_impressions();
        }
    }

    /// Points the anchor's `aria-describedby` at the headline while the tooltip shows.
    fn describe(&self, app: &Rc<App>, on: bool) {
        let anchor = self.follow.anchor().filter(|_| on);
        let current = self.described.borrow().clone();
        if current.as_ref().map(|(_, a)| a) == anchor.as_ref() {
            return;
        }
        if let Some((desc, old)) = current {
            undescribe(&desc, &old);
        }
        *self.described.borrow_mut() = anchor.map(|anchor| {
            let id = dom::cat(&["wn-d-", &self.id]);
            let desc = dom::el(Some(app.host()), "span", "", &self.benefit);
            dom::attrs(&desc, &[("id", &id), ("hidden", "")]);
            let ids = dom::get_attr(&anchor, "aria-describedby").unwrap_or_default();
            dom::attr(
                &anchor,
                "aria-describedby",
                Some(dom::cat(&[&ids, " ", &id]).trim()),
            );
            (desc, anchor)
        });
    }

    /// The hotspot was clicked: the card opens.
    pub fn open(&self, app: &Rc<App>) {
        if let Some(dot) = self.hotspot.borrow_mut().take() {
            dom::call(&dot, "hidePopover");
            dom::remove(&dot);
        }
        self.place(app);
        if let Some(b) = dom::query(Some(&self.follow.card), "button", 0) {
            dom::focus(&b);
        }
    }
}

impl Surface for Tooltip {
    fn kind(&self) -> &'static str {
        "tooltip"
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn reposition(&self, app: &Rc<App>) {
        self.place(app);
    }
    fn anchor(&self) -> Option<El> {
        self.follow.anchor()
    }
    fn holds_event(&self) -> bool {
        dom::in_path(&self.follow.card)
    }
    /// On a new page the anchor may be there, or not yet: wait for it afresh.
    fn route(&self, app: &Rc<App>) {
        self.follow.restart();
        self.place(app);
    }
    fn visible_ids(&self) -> Vec<String> {
        if *self.shown.borrow() {
            vec![self.id.clone()]
        } else {
            Vec::new()
        }
    }
    fn escape(&self, app: &Rc<App>) -> bool {
        let inside = dom::in_path(&self.follow.card);
        if inside {
            app.dismiss(&self.id, "tooltip", "escape");
        }
        inside
    }
    fn hotspot(&self, app: &Rc<App>) {
        self.open(app);
    }
}

impl Drop for Tooltip {
    fn drop(&mut self) {
        if let Some(dot) = self.hotspot.borrow_mut().take() {
            dom::call(&dot, "hidePopover");
            dom::remove(&dot);
        }
        if let Some((desc, anchor)) = self.described.borrow_mut().take() {
            undescribe(&desc, &anchor);
        }
    }
}

/// Takes the description off the anchor (leaving the host's own ones) and removes it.
fn undescribe(desc: &El, anchor: &El) {
    let ids = dom::get_attr(anchor, "aria-describedby").unwrap_or_default();
    let id = dom::get_attr(desc, "id").unwrap_or_default();
    let mut rest = String::new();
    for i in ids.split_ascii_whitespace().filter(|i| *i != id) {
        if !rest.is_empty() {
            rest.push(' ');
        }
        rest.push_str(i);
    }
    dom::attr(
        anchor,
        "aria-describedby",
        (!rest.is_empty()).then_some(rest.as_str()),
    );
    dom::remove(desc);
}
