//! Popover placement as arithmetic on rectangles, apart from the DOM that measures and applies it.

#[allow(unused_imports)]
use crate::prelude::*;
/// A rectangle in viewport pixels.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// Margin kept between a popover and the viewport's edges, and between it and its anchor.
pub const GAP: f64 = 8.0;

/// Where to put a panel of `size` (width, height) next to `anchor` inside a viewport of
/// `viewport` (width, height): below the anchor, right edges aligned, flipped above when it does
/// not fit below but fits above, always kept inside the viewport.
pub fn place_panel(anchor: Rect, size: (f64, f64), viewport: (f64, f64)) -> Rect {
    let (w, h) = (size.0.min(viewport.0 - 2.0 * GAP).max(0.0), size.1);
    let below = anchor.y + anchor.height + GAP;
    let above = anchor.y - GAP - h;
    let y = if below + h <= viewport.1 - GAP || above < GAP {
        below.min(viewport.1 - GAP - h).max(GAP)
    } else {
        above
    };
    // max/min rather than f64::clamp: clamp's NaN assertion would pull float formatting into
    // the widget (about 20 KB).
    let x = (anchor.x + anchor.width - w)
        .min(viewport.0 - GAP - w)
        .max(GAP);
    Rect {
        x,
        y,
        width: w,
        height: h,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(x: f64, y: f64, width: f64, height: f64) -> Rect {
        Rect {
            x,
            y,
            width,
            height,
        }
    }

    #[test]
    fn places_below_flips_above_and_stays_inside() {
        let vp = (1280.0, 800.0);
        // A header button near the top right: below it, right-aligned.
        assert_eq!(
            place_panel(r(1100.0, 10.0, 100.0, 40.0), (380.0, 500.0), vp),
            r(820.0, 58.0, 380.0, 500.0)
        );
        // A floating launcher at the bottom right: flipped above it.
        assert_eq!(
            place_panel(r(1200.0, 730.0, 56.0, 56.0), (380.0, 500.0), vp),
            r(876.0, 222.0, 380.0, 500.0)
        );
        // An anchor at the far left: clamped inside the viewport.
        assert_eq!(
            place_panel(r(0.0, 10.0, 40.0, 40.0), (380.0, 500.0), vp).x,
            GAP
        );
        // A phone viewport: narrower than the panel, and too short either way.
        let p = place_panel(r(300.0, 300.0, 40.0, 40.0), (380.0, 500.0), (360.0, 640.0));
        assert_eq!(p.width, 344.0);
        assert!(p.x >= GAP && p.x + p.width <= 360.0 - GAP + 0.001);
        assert!(p.y >= GAP);
    }
}
