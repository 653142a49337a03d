//! The guide (`display: guide`, with `steps`): one step at a time beside its anchor, with a
//! ring around the anchor (which stays clickable), "2 of 3", Back, Next (Done on the last
//! step) and Skip; Escape skips. A step may advance when its anchor is clicked
//! (`advance: click`). Steps on other pages (`page`) show where to go and continue when the
//! user gets there, by SPA navigation or a full load: progress is in the user's state, so a
//! reload or a new tab resumes at the same step and a finished or skipped guide never
//! restarts. A step whose anchor never appears is skipped, or ends the guide (`missing: end`),
//! and says so with `whatsnew:anchor-missing`. Not modal: the page stays usable, and focus
//! moves into the step only when the user moved through the guide with its buttons.

use super::anchored::{side, Follow, Where};
use super::Surface;
use crate::app::{Announcement, App};
use crate::dom::{self, El, Listener, Slot};
use crate::i18n::Label;
use crate::render::content;
use alloc::rc::Rc;
#[allow(unused_imports)]
use alloc::{borrow::ToOwned, string::String, vec, vec::Vec};
use whatsnew_core::bundle::Step;
use whatsnew_core::select::{on_page, page_matches};

/// An open guide.
pub struct Guide {
    id: String,
    /// How many steps it has (they are read from the bundle, never copied).
    count: u32,
    end_on_missing: bool,
    follow: Follow,
    inner: El,
    /// The step on screen, and whether it is shown as "go to its page".
    at: Slot<Option<(u32, bool)>>,
    seen: Slot<Vec<u32>>,
    /// The step whose anchor was scrolled into view (once per step: then the user scrolls).
    revealed: Slot<Option<u32>>,
    _listeners: Vec<Listener>,
}

/// Shows guide `a` at the user's step.
pub fn new(app: &Rc<App>, a: &Announcement) -> Guide {
    let follow = Follow::new(app, "guide", &a.id, true);
    dom::attr(&follow.card, "aria-labelledby", Some("wn-guide-title"));
    let inner = dom::el(Some(&follow.card), "div", "in", "");
    let id = a.id.clone();
    let actions = Listener::new(app, Some(&follow.card), "click", false, move |app| {
        let Some(target) = dom::closest("[data-action]") else {
            return;
        };
        let n = app.guide_step(&id);
        match dom::get_attr(&target, "data-action").as_deref() {
            Some("next") => app.guide_next(&id, n, true),
            Some("back") if n > 0 => app.guide_go(&id, n - 1, true),
            Some("skip") => app.guide_end(&id, false, "skip", n),
            _ => {}
        }
    });
    // `advance: click`: a click on the step's anchor is "next" (the click still does its own
    // work in the page).
    let id = a.id.clone();
    let advance = Listener::new(app, None, "click", true, move |app| app.guide_clicked(&id));
    let g = Guide {
        id: a.id.clone(),
        count: a.extra.steps.len() as u32,
        end_on_missing: a.extra.missing.as_deref() == Some("end"),
        follow,
        inner,
        at: Slot::new(None),
        seen: Slot::new(Vec::new()),
        revealed: Slot::new(None),
        _listeners: vec![actions, advance],
    };
    g.render(app, false);
    g
}

impl Guide {
    fn last(&self) -> u32 {
        self.count.saturating_sub(1)
    }

    /// Builds the user's current step (unless it is on screen already), then places it.
    fn render(&self, app: &Rc<App>, focus: bool) {
        let n = app.guide_step(&self.id).min(self.last());
        let Some(step) = steps(app, &self.id).get(n as usize) else {
            return;
        };
        let path = app.path();
        let a = app.announcement(&self.id);
        // A step without a page of its own is on the guide's pages, not on every page: a
        // visit elsewhere is not a reason to give up on its anchor.
        let page = step
            .page
            .as_deref()
            .or_else(|| a.and_then(|a| a.extra.pages.first().map(String::as_str)));
        let away = match step.page.as_deref() {
            Some(p) => !page_matches(p, &path),
            None => a.is_some_and(|a| !on_page(a, &path)),
        };
        if *self.at.borrow() == Some((n, away)) {
            self.place(app);
            return;
        }
        *self.at.borrow_mut() = Some((n, away));
        self.follow.restart();
        let labels = app.labels();
        let inner = &self.inner;
        dom::set_text(inner, "");
        // The step's words in the user's language (its anchor and page are the announcement's).
        let (text, body) = a
            .and_then(|a| app.step_text(a, n as usize))
            .unwrap_or((&step.title, &step.body));
        let title = dom::el(Some(inner), "h2", "", text);
        let mut go_there = None;
        dom::attrs(&title, &[("id", "wn-guide-title"), ("dir", "auto")]);
        if away {
            // Where the step is: a link there (a pattern with wildcards has no one address).
            if let Some(page) = page.filter(|p| !p.contains('*')) {
                let go = dom::el(Some(inner), "a", "cta", labels.get(Label::Next));
                dom::attr(&go, "href", Some(page));
                go_there = Some(go);
            }
        } else if !body.is_empty() {
            let el = dom::el(Some(inner), "div", "body", "");
            dom::attr(&el, "dir", Some("auto"));
            content::blocks(&el, body);
        }
        let progress = dom::cat(&[
            &dom::itoa(i64::from(n) + 1),
            " ",
            labels.get(Label::Of),
            " ",
            &dom::itoa(i64::from(self.count)),
        ]);
        dom::el(Some(inner), "p", "step", &progress);
        // Each step is said through the app's live region, there since the widget started (a
        // region created with its text is not announced).
        app.say(&dom::cat(&[&progress, ": ", text]));
        let acts = dom::el(Some(inner), "div", "acts", "");
        let button = |class: &str, action: &str, label: Label| {
            let b = dom::el(Some(&acts), "button", class, labels.get(label));
            dom::attrs(&b, &[("type", "button"), ("data-action", action)]);
            b
        };
        if n > 0 && !away {
            button("back", "back", Label::Back);
        }
        let next = (!away).then(|| {
            let done = if n == self.last() {
                Label::Done
            } else {
                Label::Next
            };
            button("cta", "next", done)
        });
        button("skip", "skip", Label::Skip);
        let class = match (away, &step.anchor) {
            (true, _) => "w tip away",
            (false, None) => "w tip center",
            _ => "w tip",
        };
        dom::attr(&self.follow.card, "class", Some(class));
        self.place(app);
        // Moved through with its buttons: focus on the way on (Next, or the link to the
        // step's page), not on the body the pressed button left with.
        if let (true, Some(on)) = (focus, next.or(go_there)) {
            dom::focus(&on);
        }
    }

    /// Places the step by its anchor; a step with no anchor or on another page has its own
    /// place. Records the step as seen once it is on screen.
    fn place(&self, app: &Rc<App>) {
        let Some((n, away)) = *self.at.borrow() else {
            return;
        };
        let Some(step) = steps(app, &self.id).get(n as usize) else {
            return;
        };
        let at = match (&step.anchor, away) {
            (Some(anchor), false) => self.follow.place(app, anchor, side(step.side.as_deref())),
            _ => {
                self.follow.unanchored();
                Where::Shown
            }
        };
        // An anchor that is there but never rendered (`display: none`, a closed `<details>`,
        // no box) is as good as missing once the wait is over, if the step never showed:
        // waiting for it for ever kept the guide unseen and everything else held back.
        let at = match at {
            Where::Hidden if self.follow.overdue() && !self.seen.borrow().contains(&n) => {
                Where::Missing
            }
            at => at,
        };
        match at {
            // A step on another page is only a pointer there: seen when it is on its page.
            Where::Shown if away => {}
            Where::Shown => {
                let first = !self.seen.borrow().contains(&n);
                if first {
                    self.seen.borrow_mut().push(n);
                    app.guide_seen(&self.id, n);
                }
            }
            Where::Missing => {
                let anchor = step.anchor.as_deref().unwrap_or_default();
                app.anchor_missing(&self.id, n as i32, anchor);
                if self.end_on_missing || n == self.last() {
                    app.guide_end(&self.id, false, "", n);
                } else {
                    app.guide_go(&self.id, n + 1, false);
                }
            }
            // Out of view (further down the page, or in a scrolled container): brought into
            // view once, as tour libraries do; the scroll listener then places the step.
            Where::Hidden => {
                let first = self.revealed.borrow_mut().replace(n) != Some(n);
                if let (true, Some(anchor)) = (first, self.follow.anchor()) {
                    dom::reveal(&anchor);
                }
            }
            Where::Waiting => {}
        }
    }

    /// A click in the page: the step's anchor advances a step that says `advance: click`.
    pub fn clicked(&self, app: &Rc<App>) {
        let Some((n, false)) = *self.at.borrow() else {
            return;
        };
        let click = steps(app, &self.id)
            .get(n as usize)
            .is_some_and(|s| s.advance.as_deref() == Some("click"));
        if click && self.follow.anchor().is_some_and(|a| dom::in_path(&a)) {
            app.guide_next(&self.id, n, false);
        }
    }
}

/// The steps of guide `id`, from the bundle.
fn steps<'a>(app: &'a App, id: &str) -> &'a [Step] {
    app.announcement(id).map_or(&[], |a| &a.extra.steps)
}

impl Surface for Guide {
    fn kind(&self) -> &'static str {
        "guide"
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn reposition(&self, app: &Rc<App>) {
        self.place(app);
    }
    fn anchor(&self) -> Option<El> {
        self.follow.anchor()
    }
    fn holds_event(&self) -> bool {
        dom::in_path(&self.follow.card)
    }
    fn refresh(&self, app: &Rc<App>) {
        self.render(app, false);
    }
    fn route(&self, app: &Rc<App>) {
        self.render(app, false);
    }
    fn moved(&self, app: &Rc<App>, focus: bool) {
        self.render(app, focus);
    }
    fn clicked(&self, app: &Rc<App>) {
        Guide::clicked(self, app);
    }
    fn visible_ids(&self) -> Vec<String> {
        Vec::new()
    }
    fn escape(&self, app: &Rc<App>) -> bool {
        let n = app.guide_step(&self.id);
        app.guide_end(&self.id, false, "escape", n);
        true
    }
}
