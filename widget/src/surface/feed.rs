//! The feed panel: every announcement the user may see, newest first, each as a card. Opened
//! from the launcher, placed next to it; items are marked unread until seen, and seen once at
//! least half visible in the list.

use crate::app::App;
use crate::dom::{self, Listener};
use crate::i18n::Label;
use crate::render::card::{card, Card};
use crate::surface::{actions, Surface};
use alloc::rc::Rc;
#[allow(unused_imports)]
use alloc::{borrow::ToOwned, string::String, vec, vec::Vec};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};
use whatsnew_core::place::{place_panel, Rect};

/// The open panel: its DOM and listeners. Dropping it removes both.
pub struct Panel {
    dom: PanelDom,
    opener: Option<Element>,
    _listeners: Vec<Listener>,
}

/// Element handles, cheap to clone so no borrow spans a DOM call.
#[derive(Clone)]
struct PanelDom {
    doc: Document,
    section: Element,
    title: Element,
    list: Element,
    empty: &'static str,
}

impl Panel {
    /// Builds the panel in the widget's root, fills it and places it by `opener`.
    pub fn new(app: &Rc<App>, opener: Option<&Element>) -> Result<Panel, JsValue> {
        let doc = app.doc().clone();
        let labels = app.labels();
        let section = dom::el(&doc, "section", "w panel")?;
        dom::attrs(
            &section,
            &[
                ("data-surface", "feed"),
                ("popover", "manual"),
                ("role", "dialog"),
                ("aria-modal", "false"),
                ("aria-labelledby", "wn-feed-title"),
            ],
        )?;
        app.localize(&section)?;
        let head = dom::el(&doc, "header", "head")?;
        let title = dom::text_el(&doc, "h2", "title", labels.get(Label::WhatsNew))?;
        dom::attrs(&title, &[("id", "wn-feed-title"), ("tabindex", "-1")])?;
        let close = dom::text_el(&doc, "button", "icon x", "\u{d7}")?;
        dom::attrs(
            &close,
            &[
                ("type", "button"),
                ("aria-label", labels.get(Label::Close)),
                ("data-action", "close"),
            ],
        )?;
        head.append_child(&title)?;
        head.append_child(&close)?;
        let list = dom::el(&doc, "div", "list")?;
        section.append_child(&head)?;
        section.append_child(&list)?;
        app.root().append_child(&section)?;
        // The top layer, above the host's layers and any toast opened before it.
        dom::call(&section, "showPopover");
        let panel_dom = PanelDom {
            empty: labels.get(Label::Empty),
            doc,
            section,
            title,
            list,
        };
        panel_dom.render(app);
        panel_dom.place(opener);
        let listeners = Self::listen(app, &panel_dom, opener.cloned());
        Ok(Panel {
            dom: panel_dom,
            opener: opener.cloned(),
            _listeners: listeners,
        })
    }

    fn listen(app: &Rc<App>, d: &PanelDom, opener: Option<Element>) -> Vec<Listener> {
        let mut listeners = vec![actions(app, &d.section, "feed")];
        // A click anywhere else closes the panel, leaving focus where the user put it. "Inside"
        // is the widget's whole root, not this panel: a click that closed and reopened the
        // panel (a host handler calling back in) is still bubbling from the old one.
        if let Ok(window) = dom::window() {
            let weak = Rc::downgrade(app);
            listeners.push(Listener::new(&window, "click", false, move |e| {
                let Some(app) = weak.upgrade() else { return };
                let host: JsValue = app.root().host().into();
                let inside = dom::path_contains(&e, &host)
                    || opener.as_ref().is_some_and(|o| dom::path_contains(&e, o));
                if !inside {
                    app.close_kind("feed", false);
                }
            }));
        }
        // Scrolling brings more items into view: each is seen once half visible.
        let weak = Rc::downgrade(app);
        listeners.push(Listener::new(&d.list, "scroll", false, move |_| {
            if let Some(app) = weak.upgrade() {
                app.record_impressions();
            }
        }));
        listeners
    }
}

impl PanelDom {
    /// (Re)builds the items from the app's feed.
    fn render(&self, app: &App) {
        self.list.set_text_content(None);
        let feed = app.feed();
        for a in &feed {
            let text = app.text(a);
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
            if let Ok(item) = card(&self.doc, a, &text, app.labels(), &opts) {
                let _ = self.list.append_child(&item);
            }
        }
        if feed.is_empty() {
            self.show_empty();
        }
    }

    fn show_empty(&self) {
        if let Ok(p) = dom::text_el(&self.doc, "p", "empty", self.empty) {
            let _ = self.list.append_child(&p);
        }
    }

    fn items(&self) -> Vec<Element> {
        let children = self.list.children();
        (0..children.length())
            .filter_map(|i| children.item(i))
            .collect()
    }

    /// Places the panel next to `anchor` (or at the top right), inside the viewport.
    fn place(&self, anchor: Option<&Element>) {
        let viewport = dom::viewport();
        let rect = anchor.map_or(
            Rect {
                x: viewport.0 - 8.0,
                ..Rect::default()
            },
            dom::rect,
        );
        let own = dom::rect(&self.section);
        let p = place_panel(rect, (own.width, own.height), viewport);
        dom::style(
            &self.section,
            &[
                ("left", dom::Px::N(p.x)),
                ("top", dom::Px::N(p.y)),
                ("width", dom::Px::N(p.width)),
            ],
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
    fn reposition(&self) {
        self.dom.place(self.opener.as_ref());
    }
    fn refresh(&self, app: &Rc<App>) {
        self.dom.render(app);
    }
    fn focus_target(&self) -> Option<Element> {
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
            .filter_map(|item| item.get_attribute("data-id"))
            .collect()
    }

    /// Keeps keyboard users in the list: the item goes, focus moves to the next one.
    fn dismissed(&self, id: &str) {
        let Some(item) = self
            .dom
            .items()
            .into_iter()
            .find(|e| e.get_attribute("data-id").as_deref() == Some(id))
        else {
            return;
        };
        let next = item
            .next_element_sibling()
            .or_else(|| item.previous_element_sibling());
        item.remove();
        match next.and_then(|n| n.query_selector("[data-action='dismiss']").ok().flatten()) {
            Some(n) => dom::focus(&n),
            None => dom::focus(&self.dom.title),
        }
        if self.dom.list.child_element_count() == 0 {
            self.dom.show_empty();
        }
    }
}

impl Drop for Panel {
    fn drop(&mut self) {
        dom::call(&self.dom.section, "hidePopover");
        self.dom.section.remove();
    }
}
