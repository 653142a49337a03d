//! The popup: a modal `<dialog>` in the top layer, labelled by its headline. The browser moves
//! focus in and keeps it there; Escape or the close button dismisses; focus returns to where
//! it was (the app's stack remembers it).

use crate::app::{Announcement, App};
use crate::dom::{self, Listener};
use crate::render::card::{card, Card};
use crate::surface::{actions, Surface};
use alloc::rc::Rc;
#[allow(unused_imports)]
use alloc::{borrow::ToOwned, string::String, vec, vec::Vec};
use wasm_bindgen::prelude::*;
use web_sys::Element;

/// An open popup.
pub struct Popup {
    id: String,
    dialog: Element,
    _listeners: [Listener; 2],
}

impl Popup {
    /// Builds the dialog and shows it modally.
    pub fn new(app: &Rc<App>, a: &Announcement) -> Result<Popup, JsValue> {
        let doc = app.doc();
        let dialog = dom::el(doc, "dialog", "w popup")?;
        dom::attrs(
            &dialog,
            &[
                ("data-surface", "popup"),
                ("data-id", &a.id),
                ("aria-labelledby", "wn-popup-title"),
            ],
        )?;
        app.localize(&dialog)?;
        let text = app.text(a);
        let c = card(
            doc,
            a,
            &text,
            app.labels(),
            &Card {
                heading: "h2",
                headline_id: Some("wn-popup-title"),
                control: "close",
                class: "",
            },
        )?;
        dialog.append_child(&c)?;
        app.root().append_child(&dialog)?;
        // The top layer: no host z-index covers it. Without showModal (very old browsers) it
        // still shows, positioned fixed by the stylesheet.
        if !dom::call(&dialog, "showModal") {
            dialog.set_attribute("open", "")?;
        }
        // Escape reaches the dialog as `cancel` when the app's keydown handler did not take
        // it first: dismiss either way, so the app's records stay right.
        let weak = Rc::downgrade(app);
        let id = a.id.clone();
        let cancel = Listener::new(&dialog, "cancel", false, move |e| {
            e.prevent_default();
            if let Some(app) = weak.upgrade() {
                app.dismiss(&id, "popup", "escape");
            }
        });
        Ok(Popup {
            id: a.id.clone(),
            _listeners: [actions(app, &dialog, "popup"), cancel],
            dialog,
        })
    }
}

impl Surface for Popup {
    fn kind(&self) -> &'static str {
        "popup"
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn takes_focus(&self) -> bool {
        true
    }
    fn modal(&self) -> bool {
        true
    }
}

impl Drop for Popup {
    fn drop(&mut self) {
        dom::call(&self.dialog, "close");
        self.dialog.remove();
    }
}
