//! What tooltips and guide steps share: a box beside an element of the host's page that
//! follows it. [`Follow`] finds the anchor (waiting for it to be mounted, up to the bundle's
//! `anchor_wait`), measures what clips it (scroll containers, `overflow: hidden`, a sticky
//! header over it) and lets core's `place_tip` say where the box goes; the box hides while the
//! anchor is scrolled out of view or gone, and comes back with it. Never a box at (0, 0).
//!
//! It follows on scroll of the window or of any scrolling ancestor (one capturing listener on
//! the window hears them all), on resize, on changes to the page's DOM (a MutationObserver)
//! and on changes to the anchor's own size (a ResizeObserver), at most once a frame.

use crate::app::App;
use crate::dom::{self, El, Listener, Slot};
use alloc::rc::Rc;
#[allow(unused_imports)]
use alloc::{borrow::ToOwned, string::String, vec, vec::Vec};
use whatsnew_core::place::{place_tip, visible_area, Edge, Rect, Side};

/// Where the box is after [`Follow::place`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Where {
    /// Beside its anchor, visible.
    Shown,
    /// The anchor is there but out of view: hidden until it comes back.
    Hidden,
    /// The anchor is not in the page (yet).
    Waiting,
    /// The anchor did not appear in time (said once per anchor).
    Missing,
}

/// A side as authors write it (`top`, `bottom`, `start`, `end`).
pub fn side(s: Option<&str>) -> Side {
    match s {
        Some("top") => Side::Top,
        Some("start") => Side::Start,
        Some("end") => Side::End,
        _ => Side::Bottom,
    }
}

/// A box in the widget's root that follows an anchor, with an arrow and, for guides, a ring
/// around the anchor (it lets clicks through, so the anchor stays usable).
pub struct Follow {
    /// The box; its content is the surface's.
    pub card: El,
    arrow: El,
    ring: Option<El>,
    /// The anchor followed now, and the selector it was found by.
    found: Slot<Option<(String, El)>>,
    since: Slot<f64>,
    reported: Slot<bool>,
    wait: f64,
    resized: Slot<Option<Listener>>,
    /// Wakes the follower when the wait is over, in case nothing else happens on the page.
    deadline: Slot<Option<dom::Timeout>>,
    _listeners: Vec<Listener>,
}

impl Follow {
    /// A hidden box of `kind` for announcement `id` in the widget's root, in the top layer.
    pub fn new(app: &Rc<App>, kind: &'static str, id: &str, ring: bool) -> Follow {
        let card = dom::el(None, "section", "w tip", "");
        dom::attrs(
            &card,
            &[
                ("data-surface", kind),
                ("data-id", id),
                ("popover", "manual"),
                ("role", "dialog"),
                ("aria-modal", "false"),
                ("hidden", ""),
            ],
        );
        app.localize(&card);
        let arrow = dom::el(Some(&card), "div", "arrow", "");
        let ring = ring.then(|| {
            let r = dom::el(Some(app.root()), "div", "w ring", "");
            dom::attrs(&r, &[("popover", "manual"), ("hidden", "")]);
            dom::call(&r, "showPopover");
            r
        });
        dom::append(Some(app.root()), &card);
        dom::call(&card, "showPopover");
        let follow = |app: &Rc<App>| app.reposition();
        Follow {
            card,
            arrow,
            ring,
            found: Slot::new(None),
            since: Slot::new(dom::now()),
            reported: Slot::new(false),
            wait: f64::from(app.anchor_wait()),
            resized: Slot::new(None),
            deadline: Slot::new(None),
            _listeners: vec![
                Listener::new(app, None, "scroll", true, follow),
                Listener::new(app, None, "mutation", false, follow),
            ],
        }
    }

    /// Starts waiting afresh (a guide's next step).
    pub fn restart(&self) {
        *self.since.borrow_mut() = dom::now();
        *self.reported.borrow_mut() = false;
        *self.deadline.borrow_mut() = None;
    }

    /// Has the wait for the anchor run out (since this box or step started)?
    pub fn overdue(&self) -> bool {
        dom::now() - *self.since.borrow() > self.wait
    }

    /// Shows or hides the box (and the ring).
    pub fn show(&self, on: bool) {
        let v = if on { None } else { Some("") };
        dom::attr(&self.card, "hidden", v);
        if let Some(r) = &self.ring {
            if !on {
                dom::attr(r, "hidden", Some(""));
            }
        }
    }

    /// Shows the box where its class puts it (a step with no anchor, or on another page):
    /// nothing left from the last anchor's placement, no ring.
    pub fn unanchored(&self) {
        *self.found.borrow_mut() = None;
        *self.resized.borrow_mut() = None;
        self.show(false);
        dom::attr(&self.card, "hidden", None);
        dom::css(&self.card, "left", "");
        dom::css(&self.card, "top", "");
    }

    /// The anchor followed now, looked up again by its selector: the host may have replaced
    /// the element since the last frame (a framework re-rendering on the same key press).
    pub fn anchor(&self) -> Option<El> {
        let found = self.found.borrow();
        let (selector, e) = found.as_ref()?;
        dom::query(None, selector, 0).or_else(|| Some(e.clone()))
    }

    /// Places the box beside the first element matching `selector`.
    pub fn place(&self, app: &Rc<App>, selector: &str, side: Side) -> Where {
        // Wakes when the wait ends, for an anchor not there or not rendered yet.
        let left = self.wait - (dom::now() - *self.since.borrow());
        if left > 0.0 && self.deadline.borrow().is_none() {
            let wake = dom::Timeout::new(app, left + 1.0, |app| app.reposition());
            *self.deadline.borrow_mut() = Some(wake);
        }
        let Some(anchor) = dom::query(None, selector, 0) else {
            *self.found.borrow_mut() = None;
            *self.resized.borrow_mut() = None;
            self.show(false);
            if left <= 0.0 && !*self.reported.borrow() {
                *self.reported.borrow_mut() = true;
                return Where::Missing;
            }
            return Where::Waiting;
        };
        let same = self
            .found
            .borrow()
            .as_ref()
            .is_some_and(|(s, e)| s == selector && *e == anchor);
        if !same {
            *self.resized.borrow_mut() = Some(Listener::new(
                app,
                Some(&anchor),
                "resize-observer",
                false,
                |app| app.reposition(),
            ));
            *self.found.borrow_mut() = Some((selector.to_owned(), anchor.clone()));
        }
        let r = dom::rect(&anchor);
        let (clips, cover) = dom::clips(&anchor);
        let (width, height) = dom::viewport();
        let view = Rect {
            x: 0.0,
            y: 0.0,
            width,
            height,
        };
        self.show(true);
        let own = dom::rect(&self.card);
        let rtl = app.labels().rtl;
        let Some(tip) = place_tip(
            r,
            (own.width, own.height),
            side,
            rtl,
            visible_area(view, &clips, cover),
            view,
        ) else {
            self.show(false);
            return Where::Hidden;
        };
        let (edge, along) = match tip.edge {
            Edge::Top => ("top", "left"),
            Edge::Bottom => ("bottom", "left"),
            Edge::Left => ("left", "top"),
            Edge::Right => ("right", "top"),
        };
        dom::attr(&self.card, "data-edge", Some(edge));
        dom::px(&self.card, &[("left", tip.rect.x), ("top", tip.rect.y)]);
        let (other, _) = if along == "left" {
            ("top", 0)
        } else {
            ("left", 0)
        };
        dom::css(&self.arrow, other, "");
        dom::px(&self.arrow, &[(along, tip.arrow - 6.0)]);
        if let Some(ring) = &self.ring {
            dom::attr(ring, "hidden", None);
            dom::px(
                ring,
                &[
                    ("left", r.x - 4.0),
                    ("top", r.y - 4.0),
                    ("width", r.width + 8.0),
                    ("height", r.height + 8.0),
                ],
            );
        }
        Where::Shown
    }
}

impl Drop for Follow {
    fn drop(&mut self) {
        dom::call(&self.card, "hidePopover");
        dom::remove(&self.card);
        if let Some(r) = &self.ring {
            dom::call(r, "hidePopover");
            dom::remove(r);
        }
    }
}
