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

/// Which side of its anchor a tooltip goes on, as authors write it. `Start` and `End` follow
/// the writing direction: `start` is the left in English and the right in Arabic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Side {
    /// Above.
    Top,
    /// Below.
    #[default]
    Bottom,
    /// Before, in the reading direction.
    Start,
    /// After, in the reading direction.
    End,
}

/// A side on the screen, after the writing direction is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// Above the anchor.
    Top,
    /// Below the anchor.
    Bottom,
    /// Left of the anchor.
    Left,
    /// Right of the anchor.
    Right,
}

impl Edge {
    fn opposite(self) -> Edge {
        match self {
            Edge::Top => Edge::Bottom,
            Edge::Bottom => Edge::Top,
            Edge::Left => Edge::Right,
            Edge::Right => Edge::Left,
        }
    }

    fn vertical(self) -> bool {
        matches!(self, Edge::Top | Edge::Bottom)
    }
}

impl Side {
    /// The screen edge for this side in a left-to-right or right-to-left context.
    pub fn edge(self, rtl: bool) -> Edge {
        match (self, rtl) {
            (Side::Top, _) => Edge::Top,
            (Side::Bottom, _) => Edge::Bottom,
            (Side::Start, false) | (Side::End, true) => Edge::Left,
            (Side::Start, true) | (Side::End, false) => Edge::Right,
        }
    }
}

/// Where a tooltip goes: its box, the edge of the anchor it sits on, and where its arrow
/// points, measured along the box's edge from its top or left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tip {
    /// The tooltip's box, in viewport pixels.
    pub rect: Rect,
    /// The anchor's edge it sits on (after flipping).
    pub edge: Edge,
    /// The arrow's offset along the box's edge that faces the anchor.
    pub arrow: f64,
}

/// Distance between a tooltip and its anchor (room for the arrow).
pub const TIP_GAP: f64 = 10.0;
/// The arrow never comes closer to a corner than this (the box's radius).
pub const ARROW_INSET: f64 = 14.0;

impl Rect {
    fn right(&self) -> f64 {
        self.x + self.width
    }

    fn bottom(&self) -> f64 {
        self.y + self.height
    }

    /// The overlap of two rectangles, if they overlap at all.
    pub fn intersect(&self, other: &Rect) -> Option<Rect> {
        let x = self.x.max(other.x);
        let y = self.y.max(other.y);
        let right = self.right().min(other.right());
        let bottom = self.bottom().min(other.bottom());
        (right > x && bottom > y).then_some(Rect {
            x,
            y,
            width: right - x,
            height: bottom - y,
        })
    }
}

/// What of the page can be seen around an anchor: the viewport cut down by each clipping
/// ancestor (a scroll container, `overflow: hidden`) and by a sticky or fixed header above it
/// (`covered`, the rectangles that sit over the content). `None` when nothing is left.
pub fn visible_area(viewport: Rect, clips: &[Rect], covered_top: f64) -> Option<Rect> {
    let mut area = viewport;
    if covered_top > area.y {
        area.height -= covered_top - area.y;
        area.y = covered_top;
    }
    for c in clips {
        area = area.intersect(c)?;
    }
    Some(area)
}

/// Places a tooltip of `size` next to `anchor` on `side` (flipped to the opposite side when it
/// does not fit there, then to the side with the most room), shifted along the anchor to stay
/// inside `bounds` (the viewport: a tooltip in the top layer may cross a scroll container's
/// edge to stay readable). `None` when the anchor is not in `visible` (scrolled out of its
/// container, under a sticky header, or gone): the tooltip hides until it comes back.
pub fn place_tip(
    anchor: Rect,
    size: (f64, f64),
    side: Side,
    rtl: bool,
    visible: Option<Rect>,
    bounds: Rect,
) -> Option<Tip> {
    let seen = anchor.intersect(&visible?)?;
    // A sliver of the anchor is not enough to point at.
    if seen.width < 4.0 || seen.height < 4.0 {
        return None;
    }
    let (w, h) = size;
    // Room between the anchor and the bounds on each edge.
    let room = |e: Edge| match e {
        Edge::Top => anchor.y - bounds.y,
        Edge::Bottom => bounds.bottom() - anchor.bottom(),
        Edge::Left => anchor.x - bounds.x,
        Edge::Right => bounds.right() - anchor.right(),
    };
    let need = |e: Edge| TIP_GAP + GAP + if e.vertical() { h } else { w };
    let want = side.edge(rtl);
    let edge = [want, want.opposite()]
        .into_iter()
        .find(|e| room(*e) >= need(*e))
        .unwrap_or_else(|| {
            [Edge::Bottom, Edge::Top, Edge::Right, Edge::Left]
                .into_iter()
                .fold(want, |best, e| {
                    if room(e) - need(e) > room(best) - need(best) {
                        e
                    } else {
                        best
                    }
                })
        });
    // Centred on the visible part of the anchor, then shifted inside the bounds. max/min
    // rather than clamp: clamp's NaN assertion pulls float formatting into the widget.
    let fit = |start: f64, len: f64, lo: f64, hi: f64| start.min(hi - GAP - len).max(lo + GAP);
    let (x, y) = if edge.vertical() {
        let x = seen.x + seen.width / 2.0 - w / 2.0;
        let y = if edge == Edge::Top {
            anchor.y - TIP_GAP - h
        } else {
            anchor.bottom() + TIP_GAP
        };
        (x, y)
    } else {
        let y = seen.y + seen.height / 2.0 - h / 2.0;
        let x = if edge == Edge::Left {
            anchor.x - TIP_GAP - w
        } else {
            anchor.right() + TIP_GAP
        };
        (x, y)
    };
    // Inside the bounds whatever the side: a no-op where the side had room; where no side had
    // (an anchor as tall or wide as the screen: a page's main area) the box goes over the
    // anchor rather than off the screen beside it.
    let (x, y) = (
        fit(x, w, bounds.x, bounds.right()),
        fit(y, h, bounds.y, bounds.bottom()),
    );
    let (centre, start, len) = if edge.vertical() {
        (seen.x + seen.width / 2.0, x, w)
    } else {
        (seen.y + seen.height / 2.0, y, h)
    };
    let arrow = (centre - start).min(len - ARROW_INSET).max(ARROW_INSET);
    Some(Tip {
        rect: Rect {
            x,
            y,
            width: w,
            height: h,
        },
        edge,
        arrow,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An anchor taller than the viewport, or filling it, has no side with room: the box stays
    /// on screen (over the anchor) instead of at y = -117 or y = 610 in a 600 px viewport.
    #[test]
    fn no_side_with_room_keeps_the_box_on_screen() {
        let view = r(0.0, 0.0, 1280.0, 600.0);
        for anchor in [r(100.0, -300.0, 800.0, 900.0), r(0.0, 0.0, 1280.0, 600.0)] {
            let t = place_tip(
                anchor,
                (320.0, 120.0),
                Side::Bottom,
                false,
                Some(view),
                view,
            )
            .unwrap();
            assert!(
                t.rect.y >= 0.0
                    && t.rect.bottom() <= 600.0
                    && t.rect.x >= 0.0
                    && t.rect.right() <= 1280.0,
                "{anchor:?} -> {:?}",
                t.rect
            );
        }
        // Room below: unchanged, beside the anchor.
        let t = place_tip(
            r(100.0, 100.0, 80.0, 30.0),
            (320.0, 120.0),
            Side::Bottom,
            false,
            Some(view),
            view,
        )
        .unwrap();
        assert_eq!(t.rect.y, 130.0 + TIP_GAP);
    }

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

    const VP: Rect = Rect {
        x: 0.0,
        y: 0.0,
        width: 1280.0,
        height: 800.0,
    };

    fn tip(anchor: Rect, side: Side, rtl: bool) -> Option<Tip> {
        place_tip(anchor, (240.0, 100.0), side, rtl, Some(VP), VP)
    }

    #[test]
    fn tooltips_take_their_side_and_flip_when_it_does_not_fit() {
        let mid = r(600.0, 400.0, 80.0, 30.0);
        for (side, rtl, edge, x, y) in [
            (Side::Bottom, false, Edge::Bottom, 520.0, 440.0),
            (Side::Top, false, Edge::Top, 520.0, 290.0),
            (Side::Start, false, Edge::Left, 350.0, 365.0),
            (Side::End, false, Edge::Right, 690.0, 365.0),
            (Side::Start, true, Edge::Right, 690.0, 365.0),
            (Side::End, true, Edge::Left, 350.0, 365.0),
        ] {
            let t = tip(mid, side, rtl).unwrap();
            assert_eq!(
                (t.edge, t.rect.x, t.rect.y),
                (edge, x, y),
                "{side:?} rtl={rtl}"
            );
            assert_eq!(
                t.arrow,
                if edge.vertical() { 120.0 } else { 50.0 },
                "{side:?}"
            );
        }
        // Near the bottom edge: below does not fit, above does.
        let low = r(600.0, 760.0, 80.0, 30.0);
        assert_eq!(tip(low, Side::Bottom, false).unwrap().edge, Edge::Top);
        // At the left edge, `start` flips to the right.
        let left = r(4.0, 400.0, 60.0, 30.0);
        assert_eq!(tip(left, Side::Start, false).unwrap().edge, Edge::Right);
    }

    #[test]
    fn tooltips_shift_inside_the_bounds_and_the_arrow_follows_the_anchor() {
        // An anchor in the top-left corner: the box shifts right, the arrow stays on the anchor.
        let corner = r(0.0, 0.0, 40.0, 20.0);
        let t = tip(corner, Side::Bottom, false).unwrap();
        assert_eq!(t.rect.x, GAP);
        assert_eq!(
            t.arrow, ARROW_INSET,
            "centre 20 - 8 = 12, kept off the corner"
        );
        // Far right: shifted left.
        let right = r(1250.0, 300.0, 30.0, 20.0);
        let t = tip(right, Side::Bottom, false).unwrap();
        assert_eq!(t.rect.x + t.rect.width, 1280.0 - GAP);
        assert_eq!(
            t.arrow,
            240.0 - ARROW_INSET,
            "as far right as the corner allows"
        );
        // Nowhere fits whole (a tiny viewport): the side with the most room wins.
        let small = Rect {
            width: 300.0,
            height: 150.0,
            ..VP
        };
        let t = place_tip(
            r(10.0, 60.0, 30.0, 20.0),
            (240.0, 100.0),
            Side::Top,
            false,
            Some(small),
            small,
        );
        assert_eq!(t.unwrap().edge, Edge::Right);
    }

    #[test]
    fn clipped_anchors_hide_the_tooltip() {
        // A scroll container from y=100 to 400 and a sticky header over the top 64 px.
        let container = r(100.0, 100.0, 600.0, 300.0);
        let area = visible_area(VP, &[container], 64.0);
        assert_eq!(area, Some(container));
        let inside = r(200.0, 200.0, 80.0, 30.0);
        assert!(place_tip(inside, (240.0, 100.0), Side::Bottom, false, area, VP).is_some());
        // Scrolled out of the container (but still in the viewport): hidden.
        let out = r(200.0, 420.0, 80.0, 30.0);
        assert_eq!(
            place_tip(out, (240.0, 100.0), Side::Bottom, false, area, VP),
            None
        );
        // Under the sticky header.
        let header = visible_area(VP, &[], 64.0);
        assert_eq!(
            place_tip(
                r(200.0, 20.0, 80.0, 30.0),
                (240.0, 100.0),
                Side::Bottom,
                false,
                header,
                VP
            ),
            None
        );
        // Half under it: still pointed at, at the visible half.
        let half = place_tip(
            r(200.0, 50.0, 80.0, 30.0),
            (240.0, 100.0),
            Side::Bottom,
            false,
            header,
            VP,
        );
        assert!(half.is_some());
        // Nested clips that do not overlap leave nothing visible.
        assert_eq!(
            visible_area(
                VP,
                &[r(0.0, 0.0, 100.0, 100.0), r(200.0, 200.0, 50.0, 50.0)],
                0.0
            ),
            None
        );
        // A removed anchor measures 0 x 0.
        assert_eq!(tip(r(0.0, 0.0, 0.0, 0.0), Side::Bottom, false), None);
    }
}
