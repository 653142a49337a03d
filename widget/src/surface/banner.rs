//! The banner: across the top of the viewport, in the top layer (a manual popover), so it
//! reserves no space in the host's layout (no layout shift). Closable; laid out by `.banner`
//! in the stylesheet.

use super::Single;
use crate::app::{Announcement, App};
use alloc::rc::Rc;

/// Shows `a` as a banner.
pub fn new(app: &Rc<App>, a: &Announcement) -> Single {
    Single::new(app, a, "banner", "section", "showPopover")
}
