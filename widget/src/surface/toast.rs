//! The toast: a card in a corner, in the top layer (a manual popover), that never takes
//! focus. It stays until the user acts on it or closes it; an author may set a `timeout`.

use super::Single;
use crate::app::{Announcement, App};
use alloc::rc::Rc;

/// Shows `a` as a toast.
pub fn new(app: &Rc<App>, a: &Announcement) -> Single {
    Single::new(app, a, "toast", "section", "showPopover")
}
