//! The popup: a modal `<dialog>` in the top layer, labelled by its headline. The browser moves
//! focus in and keeps it there; Escape or the close button dismisses; focus returns to where
//! it was (the app's stack remembers it).

use super::Single;
use crate::app::{Announcement, App};
use alloc::rc::Rc;

/// Shows `a` as a popup.
pub fn new(app: &Rc<App>, a: &Announcement) -> Single {
    Single::new(app, a, "popup", "dialog", "showModal")
}
