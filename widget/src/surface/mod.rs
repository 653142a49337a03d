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
use alloc::boxed::Box;
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
pub fn open(app: &Rc<App>, a: &Announcement) -> Result<Option<Box<dyn Surface>>, JsValue> {
    Ok(Some(match a.extra.display {
        Display::Popup => Box::new(popup::Popup::new(app, a)?),
        Display::Toast => Box::new(toast::Notice::new(app, a, "toast")?),
        Display::Banner => Box::new(banner::new(app, a)?),
        _ => return Ok(None),
    }))
}

/// The feed panel, opened next to `opener`.
pub fn open_feed(app: &Rc<App>, opener: Option<&Element>) -> Result<Box<dyn Surface>, JsValue> {
    Ok(Box::new(feed::Panel::new(app, opener)?))
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
            _ => {}
        }
    })
}
