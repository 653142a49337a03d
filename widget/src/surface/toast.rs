//! The toast: a card in a corner, in the top layer (a manual popover), that never takes
//! focus. It stays until the user acts on it or closes it; an author may set a `timeout`.
//! The banner ([`super::banner`]) is the same notice laid out across the top.

use crate::app::{Announcement, App};
use crate::dom::{self, Listener, Timeout};
use crate::render::card::{card, Card};
use crate::surface::{actions, Surface};
use alloc::rc::Rc;
#[allow(unused_imports)]
use alloc::{borrow::ToOwned, string::String, vec, vec::Vec};
use wasm_bindgen::prelude::*;
use web_sys::Element;

/// An open toast or banner.
pub struct Notice {
    kind: &'static str,
    id: String,
    el: Element,
    _listener: Listener,
    _timeout: Option<Timeout>,
}

impl Notice {
    /// Builds the notice (`kind` is `toast` or `banner`) and shows it.
    pub fn new(app: &Rc<App>, a: &Announcement, kind: &'static str) -> Result<Notice, JsValue> {
        let doc = app.doc();
        let el = dom::el(doc, "section", &dom::cat(&["w ", kind]))?;
        let title = dom::cat(&["wn-", kind, "-title"]);
        dom::attrs(
            &el,
            &[
                ("data-surface", kind),
                ("data-id", &a.id),
                ("popover", "manual"),
                ("aria-labelledby", &title),
            ],
        )?;
        app.localize(&el)?;
        let text = app.text(a);
        let c = card(
            doc,
            a,
            &text,
            app.labels(),
            &Card {
                heading: "h2",
                headline_id: Some(&title),
                control: "close",
                class: "",
            },
        )?;
        el.append_child(&c)?;
        app.root().append_child(&el)?;
        // Above the host's own layers; where popovers are missing, `position: fixed` with a
        // high z-index from the stylesheet still shows it.
        dom::call(&el, "showPopover");
        let timeout = a.extra.timeout.map(|secs| {
            let weak = Rc::downgrade(app);
            let id = a.id.clone();
            Timeout::new((secs as i32).saturating_mul(1000), move || {
                if let Some(app) = weak.upgrade() {
                    app.dismiss(&id, kind, "timeout");
                }
            })
        });
        Ok(Notice {
            kind,
            id: a.id.clone(),
            _listener: actions(app, &el, kind),
            _timeout: timeout,
            el,
        })
    }
}

impl Surface for Notice {
    fn kind(&self) -> &'static str {
        self.kind
    }
    fn id(&self) -> &str {
        &self.id
    }
}

impl Drop for Notice {
    fn drop(&mut self) {
        dom::call(&self.el, "hidePopover");
        self.el.remove();
    }
}
