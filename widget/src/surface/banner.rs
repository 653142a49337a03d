//! The banner: across the top of the viewport, in the top layer, so it reserves no space in
//! the host's layout (no layout shift). Closable; it is a [`Notice`] with its own layout in
//! the stylesheet (`.banner`).

use super::toast::Notice;
use crate::app::{Announcement, App};
use alloc::rc::Rc;
use wasm_bindgen::prelude::*;

/// Shows `a` as a banner.
pub fn new(app: &Rc<App>, a: &Announcement) -> Result<Notice, JsValue> {
    Notice::new(app, a, "banner")
}
