//! The feed panel: every announcement the user may see, newest first, each as a card. Opened
//! from the launcher, placed next to it; items are marked unread until seen, and seen once at
//! least half visible in the list.

use crate::app::App;
use crate::dom::{self, El, Listener};
use crate::i18n::Label;
use crate::render::card::{card, Card};
use crate::surface::{actions, Surface};
use alloc::rc::Rc;
#[allow(unused_imports)]
use alloc::{borrow::ToOwned, string::String, vec, vec::Vec};
use whatsnew_core::place::{place_panel, Rect};

/// The open panel: its DOM and listeners. Dropping it removes both.
pub struct Panel {
    dom: PanelDom,
    opener: Option<El>,
    _listeners: Vec<Listener>,
}

/// Element handles, cheap to clone so no borrow spans a DOM call.
#[derive(Clone)]
struct PanelDom {
    section: El,
    title: El,
    list: El,
    empty: &'static str,
}

impl Panel {
    /// Builds the panel in the widget's root, fills it and places it by `opener`.
    pub fn new(app: &Rc<App>, opener: Option<&El>) -> Panel {
        let labels = app.labels();
        let section = dom::el(None, "section", "w panel", "");
        dom::attrs(
            &section,
            &[
                ("data-surface", "feed"),
                ("popover", "manual"),
                ("role", "dialog"),
                ("aria-modal", "false"),
                ("aria-labelledby", "wn-feed-title"),
            ],
        );
        app.localize(&section);
        let head = dom::el(Some(&section), "header", "head", "");
        let title = dom::el(Some(&head), "h2", "title", labels.get(Label::WhatsNew));
        dom::attrs(&title, &[("id", "wn-feed-title"), ("tabindex", "-1")]);
        let close = dom::el(Some(&head), "button", "icon x", "\u{d7}");
        dom::attrs(
            &close,
            &[
                ("type", "button"),
                ("aria-label", labels.get(Label::Close)),
                ("data-action", "close"),
            ],
        );
        let list = dom::el(Some(&section), "div", "list", "");
        dom::append(Some(app.root()), &section);
        // The top layer, above the host's layers and any toast opened before it.
        dom::call(&section, "showPopover");
        let panel_dom = PanelDom {
            empty: labels.get(Label::Empty),
            section,
            title,
            list,
        };
        panel_dom.render(app);
        panel_dom.place(opener);
        let listeners = Self::listen(app, &panel_dom, opener.cloned());
        Panel {
            dom: panel_dom,
            opener: opener.cloned(),
            _listeners: listeners,
        }
    }

    fn listen(app: &Rc<App>, d: &PanelDom, opener: Option<El>) -> Vec<Listener> {
        vec![
            actions(app, &d.section, "feed"),
            // A click anywhere else closes the panel, leaving focus where the user put it.
            // "Inside" is the widget's whole root, not this panel: a click that closed and
            // reopened the panel (a host handler calling back in) is still bubbling from the
            // old one.
            Listener::new(app, None, "click", false, move |app| {
                let inside = dom::in_path(app.host()) || opener.as_ref().is_some_and(dom::in_path);
                if !inside {
                    app.close_kind("feed", false);
                }
            }),
            // Scrolling brings more items into view: each is seen once half visible.
            Listener::new(app, Some(&d.list), "scroll", false, |app| {
                app.record_impressions()
            }),
        ]
    }
}

impl PanelDom {
    /// (Re)builds the items from the app's feed.
    fn render(&self, app: &App) {
        dom::set_text(&self.list, "");
        let feed = app.feed();
        for a in &feed {
            let opts = Card {
                heading: "h3",
                headline_id: None,
                control: "dismiss",
                vote: app.asks_vote(&a.id),
                class: if app.is_unread(&a.id) {
                    "item unread"
                } else {
                    "item"
                },
            };
            card(&self.list, a, &app.text(a), app.labels(), &opts);
        }
        if feed.is_empty() {
            self.show_empty();
        }
    }

    fn show_empty(&self) {
        dom::el(Some(&self.list), "p", "empty", self.empty);
    }

    fn items(&self) -> Vec<El> {
        (0..).map_while(|i| dom::child(&self.list, i)).collect()
    }

    /// Places the panel next to `anchor` (or at the top right), inside the viewport.
    fn place(&self, anchor: Option<&El>) {
        let viewport = dom::viewport();
        let rect = anchor.map_or(
            Rect {
                x: viewport.0 - 8.0,
                ..Rect::default()
            },
            dom::rect,
        );
        // Measured at its natural width, so a narrow window once does not narrow it for good.
        dom::css(&self.section, "width", "");
        let own = dom::rect(&self.section);
        let p = place_panel(rect, (own.width, own.height), viewport);
        dom::px(
            &self.section,
            &[("left", p.x), ("top", p.y), ("width", p.width)],
        );
    }
}

impl Surface for Panel {
    fn kind(&self) -> &'static str {
        "feed"
    }
    fn id(&self) -> &str {
        ""
    }
    fn takes_focus(&self) -> bool {
        true
    }
    fn reposition(&self, _app: &Rc<App>) {
        self.dom.place(self.opener.as_ref());
    }
    fn refresh(&self, app: &Rc<App>) {
        self.dom.render(app);
    }
    fn focus_target(&self) -> Option<El> {
        Some(self.dom.title.clone())
    }

    /// Ids of the items at least half visible in the list (or filling it), in order.
    /// Measured from rectangles when the panel opens and as it scrolls, which costs far less
    /// code than an IntersectionObserver.
    fn visible_ids(&self) -> Vec<String> {
        let view = dom::rect(&self.dom.list);
        self.dom
            .items()
            .into_iter()
            .filter(|item| {
                let r = dom::rect(item);
                let shown = (r.y + r.height).min(view.y + view.height) - r.y.max(view.y);
                shown > 0.0 && shown * 2.0 >= r.height.min(view.height)
            })
            .filter_map(|item| dom::get_attr(&item, "data-id"))
            .collect()
    }

    /// Keeps keyboard users in the list: the item goes, focus moves to the next one.
    fn dismissed(&self, id: &str) {
        let Some(item) = self
            .dom
            .items()
            .into_iter()
            .find(|e| dom::get_attr(e, "data-id").as_deref() == Some(id))
        else {
            return;
        };
        let next = dom::sibling(&item);
        dom::remove(&item);
        match next.and_then(|n| dom::query(Some(&n), "[data-action='dismiss']", 0)) {
            Some(n) => dom::focus(&n),
            None => dom::focus(&self.dom.title),
        }
        if dom::child(&self.dom.list, 0).is_none() {
            self.dom.show_empty();
        }
    }
}

impl Drop for Panel {
    fn drop(&mut self) {
        dom::call(&self.dom.section, "hidePopover");
        dom::remove(&self.dom.section);
    }
}
