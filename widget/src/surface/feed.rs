//! The feed panel: created when opened, dropped when closed.
//!
//! Newest first: the benefit as the title, the feature as a tag, the date, the body built from
//! the typed content tree, the call to action, a dismiss control. Impressions are recorded when
//! an item is at least half visible in the panel.

use crate::app::App;
use crate::dom::{self, Listener};
use alloc::rc::Rc;
#[allow(unused_imports)]
use alloc::{borrow::ToOwned, string::String, vec, vec::Vec};

use crate::app::Announcement;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, KeyboardEvent, ShadowRoot};
use whatsnew_core::bundle::{Block, Inline};
use whatsnew_core::place::{place_panel, Rect};
use whatsnew_core::state::Action;

/// The open panel: its DOM and listeners.
pub struct Panel {
    handles: PanelDom,
    _listeners: Vec<Listener>,
}

/// Element handles, cheap to clone so no borrow spans a DOM call.
#[derive(Clone)]
pub struct PanelDom {
    doc: Document,
    section: Element,
    title: Element,
    list: Element,
}

impl Panel {
    /// Builds the panel in `root`, fills it from the app's feed and places it by `opener`.
    pub fn new(
        root: &ShadowRoot,
        app: &Rc<App>,
        opener: Option<&Element>,
    ) -> Result<Panel, JsValue> {
        let doc = dom::document()?;
        let section = dom::el(&doc, "section", "panel")?;
        section.set_attribute("role", "dialog")?;
        section.set_attribute("aria-modal", "false")?;
        section.set_attribute("aria-labelledby", "whatsnew-title")?;
        let head = dom::el(&doc, "header", "head")?;
        let title = dom::text_el(&doc, "h2", "title", "What's new")?;
        title.set_attribute("id", "whatsnew-title")?;
        title.set_attribute("tabindex", "-1")?;
        let close = dom::text_el(&doc, "button", "icon close", "\u{d7}")?;
        close.set_attribute("type", "button")?;
        close.set_attribute("aria-label", "Close")?;
        close.set_attribute("data-action", "close")?;
        head.append_child(&title)?;
        head.append_child(&close)?;
        let list = dom::el(&doc, "div", "list")?;
        section.append_child(&head)?;
        section.append_child(&list)?;

        let handles = PanelDom {
            doc: doc.clone(),
            section: section.clone(),
            title,
            list,
        };
        root.append_child(&section)?;
        Self::render_items(&handles, app);
        handles.place(opener);

        let listeners = Self::listen(app, &handles, &root.host(), opener.cloned())?;
        Ok(Panel {
            handles,
            _listeners: listeners,
        })
    }

    fn listen(
        app: &Rc<App>,
        handles: &PanelDom,
        host: &Element,
        opener: Option<Element>,
    ) -> Result<Vec<Listener>, JsValue> {
        let window = dom::window()?;
        let weak = Rc::downgrade(app);
        // Clicks inside the panel, delegated: dismiss, engage (the CTA), close.
        let actions = Listener::new(&handles.section, "click", false, move |e| {
            let Some(app) = weak.upgrade() else { return };
            let Some(target) = dom::closest_in_path(&e, "[data-action]") else {
                return;
            };
            let id = target.get_attribute("data-id").unwrap_or_default();
            match target.get_attribute("data-action").as_deref() {
                Some("dismiss") => app.act(&id, Action::Dismiss),
                Some("engage") => {
                    // The user is on their way to the feature: get out of the way.
                    app.act(&id, Action::Engage);
                    app.close(false);
                }
                Some("close") => app.close(true),
                _ => {}
            }
        });
        let weak = Rc::downgrade(app);
        let escape = Listener::new(&window, "keydown", false, move |e| {
            let is_escape = e
                .dyn_ref::<KeyboardEvent>()
                .is_some_and(|k| k.key() == "Escape");
            if let (true, Some(app)) = (is_escape, weak.upgrade()) {
                app.close(true);
            }
        });
        // A click anywhere else closes the panel, leaving focus where the user put it. "Inside"
        // is the widget's whole shadow host, not this panel: a click that closed and reopened
        // the panel (a host handler calling back in) is still bubbling from the old one.
        let weak = Rc::downgrade(app);
        let host = host.clone();
        let outside = Listener::new(&window, "click", false, move |e| {
            let inside = dom::path_contains(&e, &host)
                || opener.as_ref().is_some_and(|o| dom::path_contains(&e, o));
            if let (false, Some(app)) = (inside, weak.upgrade()) {
                app.close(false);
            }
        });
        let weak = Rc::downgrade(app);
        let resize = Listener::new(&window, "resize", false, move |_| {
            if let Some(app) = weak.upgrade() {
                app.reposition();
            }
        });
        // Scrolling the list brings more items into view: each is seen once it is half visible.
        let weak = Rc::downgrade(app);
        let scroll = Listener::new(&handles.list, "scroll", false, move |_| {
            if let Some(app) = weak.upgrade() {
                app.record_impressions();
            }
        });
        Ok(vec![actions, escape, outside, resize, scroll])
    }

    /// The handles, to update after the borrow is released.
    pub fn handles(&self) -> PanelDom {
        self.handles.clone()
    }

    /// Where focus goes when the panel opens.
    pub fn focus_target(&self) -> Element {
        self.handles.title.clone()
    }

    /// Removes the panel from the page.
    pub fn remove(&self) {
        self.handles.section.remove();
    }

    /// (Re)builds the items from the app's feed.
    pub fn render_items(dom: &PanelDom, app: &App) {
        dom.list.set_text_content(None);
        let feed = app.feed();
        for a in &feed {
            if let Ok(item) = item(&dom.doc, a, app.is_unread(&a.id)) {
                let _ = dom.list.append_child(&item);
            }
        }
        if feed.is_empty() {
            dom.show_empty();
        }
    }
}

impl PanelDom {
    /// Ids of the items at least half visible in the list (or filling it), in order.
    /// Measured from rectangles when the panel opens and as it scrolls, which costs far less
    /// code than an IntersectionObserver.
    pub fn visible_ids(&self) -> Vec<String> {
        let view = self.list.get_bounding_client_rect();
        let children = self.list.children();
        (0..children.length())
            .filter_map(|i| children.item(i))
            .filter(|item| {
                let r = item.get_bounding_client_rect();
                let shown = r.bottom().min(view.bottom()) - r.top().max(view.top());
                shown > 0.0 && shown * 2.0 >= r.height().min(view.height())
            })
            .filter_map(|item| item.get_attribute("data-id"))
            .collect()
    }

    fn show_empty(&self) {
        if let Ok(p) = dom::text_el(&self.doc, "p", "empty", "You're all caught up.") {
            let _ = self.list.append_child(&p);
        }
    }

    fn item_el(&self, id: &str) -> Option<Element> {
        let children = self.list.children();
        (0..children.length())
            .filter_map(|i| children.item(i))
            .find(|e| e.get_attribute("data-id").as_deref() == Some(id))
    }

    /// Updates the panel after the user acted on `id`.
    pub fn after_action(&self, id: &str, action: Action, _app: &App) {
        let Some(item) = self.item_el(id) else { return };
        match action {
            Action::Dismiss => {
                // Keep keyboard users in the list: focus the next item, else the title.
                let next = item
                    .next_element_sibling()
                    .or_else(|| item.previous_element_sibling());
                item.remove();
                match next.and_then(|n| n.query_selector("[data-action='dismiss']").ok().flatten())
                {
                    Some(n) => dom::focus(&n),
                    None => dom::focus(&self.title),
                }
                if self.list.child_element_count() == 0 {
                    self.show_empty();
                }
            }
            Action::Engage => {
                item.set_class_name("item");
            }
            Action::Impression => {}
        }
    }

    /// Places the panel next to `anchor` (or at the top right), inside the viewport.
    pub fn place(&self, anchor: Option<&Element>) {
        let Ok(window) = dom::window() else { return };
        let size = |v: Result<JsValue, JsValue>| v.ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
        let viewport = (size(window.inner_width()), size(window.inner_height()));
        let rect = anchor.map_or(
            Rect {
                x: viewport.0 - 8.0,
                y: 0.0,
                width: 0.0,
                height: 0.0,
            },
            |a| {
                let r = a.get_bounding_client_rect();
                Rect {
                    x: r.x(),
                    y: r.y(),
                    width: r.width(),
                    height: r.height(),
                }
            },
        );
        let own = self.section.get_bounding_client_rect();
        let p = place_panel(rect, (own.width(), own.height()), viewport);
        dom::set_box(&self.section, p.x, p.y, p.width);
    }
}

impl App {
    /// Re-places the open panel (after a resize).
    pub fn reposition(&self) {
        let (panel, opener) = self.panel_and_opener();
        if let Some(p) = panel {
            p.place(opener.as_ref());
        }
    }
}

/// One announcement as an `<article>`.
fn item(doc: &Document, a: &Announcement, unread: bool) -> Result<Element, JsValue> {
    let article = dom::el(doc, "article", if unread { "item unread" } else { "item" })?;
    article.set_attribute("data-id", &a.id)?;
    let meta = dom::el(doc, "div", "meta")?;
    if let Some(feature) = &a.feature {
        meta.append_child(&dom::text_el(doc, "span", "tag", feature)?.into())?;
    }
    let time = dom::text_el(doc, "time", "date", &format_date(a))?;
    time.set_attribute("datetime", &a.published.iso())?;
    meta.append_child(&time)?;
    let dismiss = dom::text_el(doc, "button", "icon dismiss", "\u{d7}")?;
    dismiss.set_attribute("type", "button")?;
    dismiss.set_attribute("data-action", "dismiss")?;
    dismiss.set_attribute("data-id", &a.id)?;
    dismiss.set_attribute("aria-label", &dom::cat(&["Dismiss: ", &a.benefit]))?;
    meta.append_child(&dismiss)?;
    article.append_child(&meta)?;
    article.append_child(&dom::text_el(doc, "h3", "benefit", &a.benefit)?.into())?;
    if !a.body.is_empty() {
        let body = dom::el(doc, "div", "body")?;
        blocks(doc, &body, &a.body)?;
        article.append_child(&body)?;
    }
    if let Some(cta) = &a.cta {
        let link = dom::text_el(doc, "a", "cta", &cta.label)?;
        link.set_attribute("href", &cta.url)?;
        link.set_attribute("data-action", "engage")?;
        link.set_attribute("data-id", &a.id)?;
        external(&link, &cta.url)?;
        article.append_child(&link)?;
    }
    Ok(article)
}

/// Absolute http(s) links open in a new tab, without giving it a handle on the host page.
fn external(link: &Element, url: &str) -> Result<(), JsValue> {
    let starts = |p: &str| {
        url.get(..p.len())
            .is_some_and(|u| u.eq_ignore_ascii_case(p))
    };
    if starts("http://") || starts("https://") || url.starts_with("//") {
        link.set_attribute("target", "_blank")?;
        link.set_attribute("rel", "noopener noreferrer")?;
    }
    Ok(())
}

/// "Nov 18, 2026", in the widget's UI language (English until locales arrive). Formatted
/// here rather than with `Intl.DateTimeFormat`, whose first use costs the page 13–18 ms.
fn format_date(a: &Announcement) -> String {
    const MONTHS: &str = "JanFebMarAprMayJunJulAugSepOctNovDec";
    let d = a.published;
    let m = usize::from(d.month.saturating_sub(1)) * 3;
    dom::cat(&[
        MONTHS.get(m..m + 3).unwrap_or(""),
        " ",
        &dom::itoa(i64::from(d.day)),
        ", ",
        &dom::itoa(i64::from(d.year)),
    ])
}

fn blocks(doc: &Document, parent: &Element, content: &[Block]) -> Result<(), JsValue> {
    for b in content {
        let e = match b {
            Block::P(c) => inline_el(doc, "p", c)?,
            Block::H(c) => inline_el(doc, "h4", c)?,
            Block::Ul(items) | Block::Ol(items) => {
                let list = dom::el(
                    doc,
                    if matches!(b, Block::Ul(_)) {
                        "ul"
                    } else {
                        "ol"
                    },
                    "",
                )?;
                for item in items {
                    let li = dom::el(doc, "li", "")?;
                    blocks(doc, &li, item)?;
                    list.append_child(&li)?;
                }
                list
            }
            Block::Pre(code) => {
                let pre = dom::el(doc, "pre", "")?;
                pre.append_child(&dom::text_el(doc, "code", "", code)?.into())?;
                pre
            }
            Block::Quote(c) => {
                let q = dom::el(doc, "blockquote", "")?;
                blocks(doc, &q, c)?;
                q
            }
            Block::Hr => dom::el(doc, "hr", "")?,
        };
        parent.append_child(&e)?;
    }
    Ok(())
}

fn inline_el(doc: &Document, tag: &str, content: &[Inline]) -> Result<Element, JsValue> {
    let e = dom::el(doc, tag, "")?;
    inlines(doc, &e, content)?;
    Ok(e)
}

fn inlines(doc: &Document, parent: &Element, content: &[Inline]) -> Result<(), JsValue> {
    for i in content {
        let node: web_sys::Node = match i {
            Inline::T(t) => doc.create_text_node(t).into(),
            Inline::Code(t) => dom::text_el(doc, "code", "", t)?.into(),
            Inline::Em(c) => inline_el(doc, "em", c)?.into(),
            Inline::Strong(c) => inline_el(doc, "strong", c)?.into(),
            Inline::A(link) => {
                let a = inline_el(doc, "a", &link.c)?;
                a.set_attribute("href", &link.href)?;
                external(&a, &link.href)?;
                a.into()
            }
            Inline::Img(img) => {
                let e = dom::el(doc, "img", "")?;
                e.set_attribute("src", &img.src)?;
                e.set_attribute("alt", &img.alt)?;
                e.set_attribute("loading", "lazy")?;
                e.set_attribute("decoding", "async")?;
                e.into()
            }
            Inline::Br => dom::el(doc, "br", "")?.into(),
        };
        parent.append_child(&node)?;
    }
    Ok(())
}
