//! The widget's behaviour: the user's context (page, traits, locale), their state, and the
//! surfaces open now.
//!
//! [`App`] owns everything; listeners hold a `Weak<App>`, so dropping the widget frees it all.
//! Every change ends in [`App::refresh`], which asks core's [`plan`] what the user should see
//! and reconciles the open surfaces with it. `App` never names a surface: it opens what the
//! plan says through [`surface::open`] and keeps a stack that decides who gets Escape and
//! where focus returns. No borrow is held across a DOM call that could run host code.

use crate::dom::{self, El, Listener, Registry, Slot};
use crate::i18n::Labels;
use crate::store::LocalStore;
use crate::surface::{self, launcher::Launcher, Surface};
use alloc::rc::Rc;
#[allow(unused_imports)]
use alloc::{borrow::ToOwned, string::String, vec, vec::Vec};
use wasm_bindgen::prelude::*;
use whatsnew_core::bundle::{Block, Display};
use whatsnew_core::locale::{self, Text};
use whatsnew_core::rule::{Traits, Value};
use whatsnew_core::select::{self, plan, Context};
use whatsnew_core::state::{Action, StateStore, UserState};

/// The bundle as the widget holds it.
pub type Bundle = whatsnew_core::Bundle;
/// One announcement as the widget holds it.
pub type Announcement = whatsnew_core::Announcement;

fn get(v: &JsValue, k: &str) -> JsValue {
    dom::member(v, k)
}

fn text(v: &JsValue, k: &str) -> Option<String> {
    get(v, k).as_string().filter(|s| !s.trim_ascii().is_empty())
}

/// Traits from a plain object: strings, numbers and booleans; anything else is ignored.
pub fn traits_from_js(v: &JsValue) -> Option<Traits> {
    if !v.is_object() {
        return None;
    }
    Some(
        dom::items(&dom::keys(v))
            .filter_map(|k| {
                let key = k.as_string()?;
                let v = dom::member(v, &key);
                let value = if let Some(s) = v.as_string() {
                    Value::Str(s)
                } else if let Some(n) = v.as_f64() {
                    Value::Num(n)
                } else {
                    Value::Bool(v.as_bool()?)
                };
                Some((key, value))
            })
            .collect(),
    )
}

/// What the host passed on the script tag, read by the loader.
pub struct Options {
    /// `data-user`: the user id, the only personal data the widget handles.
    pub user: Option<String>,
    /// `data-launcher`: a CSS selector of the host's own launcher element.
    pub launcher: Option<String>,
    /// `data-traits`, parsed.
    pub traits: Option<Traits>,
    /// `data-locale`, else the browser's languages, most preferred first.
    pub locales: Vec<String>,
    /// `data-theme`: `light`, `dark` or `auto`.
    pub theme: Option<String>,
    /// The current path.
    pub path: String,
    /// When this tab's session started (Unix ms).
    pub session: f64,
    /// The widget's anonymous id for this browser (events and holdouts without a user id).
    pub anon: String,
    /// `data-since`: when the user joined (Unix ms), 0 when not given.
    pub since: f64,
    /// `data-consent="required"` without consent yet: nothing is stored.
    pub held: bool,
    /// The user's state from the state endpoint (`data-state`), fetched before mounting.
    pub remote: Option<String>,
}

impl Options {
    /// Reads the loader's options object; anything missing or of the wrong type is ignored.
    pub fn from_js(v: &JsValue) -> Options {
        let locales = get(v, "locales");
        Options {
            user: text(v, "user"),
            launcher: text(v, "launcher"),
            traits: traits_from_js(&get(v, "traits")),
            locales: dom::items(&locales).filter_map(|l| l.as_string()).collect(),
            theme: text(v, "theme"),
            path: text(v, "path").unwrap_or_else(|| "/".into()),
            session: get(v, "session").as_f64().unwrap_or_else(dom::now),
            anon: text(v, "anon").unwrap_or_else(|| "anonymous".into()),
            since: get(v, "since").as_f64().filter(|n| *n > 0.0).unwrap_or(0.0),
            held: get(v, "held").is_truthy(),
            remote: text(v, "remote"),
        }
    }
}

/// What selection says now, as indices into the bundle's announcements.
struct Planned {
    feed: Vec<usize>,
    show: Vec<usize>,
    unread: usize,
    /// Exposures to record, with `true` for the holdout group.
    exposures: Vec<(usize, bool)>,
    /// When to plan again with nothing else happening (core's `Plan::wake`).
    wake: Option<f64>,
}

/// An open surface and the element focus returns to when it closes.
#[derive(Clone)]
struct Open {
    surface: Rc<dyn Surface>,
    opener: Option<El>,
}

/// A mounted widget.
pub struct App {
    bundle: Bundle,
    anon: Slot<String>,
    since: f64,
    user: Slot<Option<String>>,
    traits: Slot<Option<Traits>>,
    path: Slot<String>,
    session: f64,
    /// The bundle locale announcements are shown in (`""`: the default text).
    locale: String,
    labels: Labels,
    state: Slot<UserState>,
    store: Slot<LocalStore>,
    /// The shadow host in `<body>` that holds everything the widget shows.
    host: El,
    root: El,
    /// A polite live region, there from the start: what appears without taking focus (a toast,
    /// a banner, a guide's next step) is said through it, so screen readers announce it.
    live: El,
    /// The callbacks of its listeners and timers.
    registry: Rc<Registry>,
    launcher: Slot<Option<Launcher>>,
    /// Open surfaces, oldest first: the last one that takes focus gets Escape.
    open: Slot<Vec<Open>>,
    /// Tooltips whose anchor did not appear: they give way to the next interruption (core's
    /// `Context::away`) and stay open, shown if the anchor comes after all.
    away: Slot<Vec<String>>,
    listeners: Slot<Vec<Listener>>,
    /// Plans again when the pacing gap before a held interruption ends (a page left open).
    wake: Slot<Option<dom::Timeout>>,
}

impl App {
    /// Mounts the widget: the launcher, then whatever the plan says interrupts now.
    pub fn mount(bundle: Bundle, options: Options) -> Rc<App> {
        let mut store = LocalStore::new(&bundle.bundle, options.user.as_deref(), options.held);
        let mut state = store.load();
        if let Some(remote) = &options.remote {
            state.merge(&UserState::decode(remote));
        }
        if state.first_visit(dom::now()) || options.remote.is_some() {
            store.save(&state);
        }
        let host = dom::el(None, "div", "", "");
        dom::attr(&host, "data-whatsnew", Some(""));
        let theme = options.theme.as_deref().unwrap_or("auto");
        let theme = match theme {
            "light" | "dark" => theme,
            _ => host_scheme(),
        };
        if !theme.is_empty() {
            dom::attr(&host, "data-theme", Some(theme));
        }
        let root = dom::shadow(&host);
        let live = dom::el(Some(&root), "p", "sr", "");
        dom::attr(&live, "role", Some("status"));
        dom::append(None, &host);
        let locale = locale::pick(&options.locales, &bundle.locales)
            .unwrap_or("")
            .to_owned();
        let app = Rc::new(App {
            labels: Labels::pick(&options.locales),
            locale,
            bundle,
            anon: Slot::new(options.anon),
            since: options.since,
            user: Slot::new(options.user),
            traits: Slot::new(options.traits),
            path: Slot::new(options.path),
            session: options.session,
            state: Slot::new(state),
            store: Slot::new(store),
            host,
            root,
            live,
            registry: Rc::default(),
            launcher: Slot::new(None),
            wake: Slot::new(None),
            open: Slot::new(Vec::new()),
            away: Slot::new(Vec::new()),
            listeners: Slot::new(Vec::new()),
        });
        app.localize(&app.live);
        let launcher = Launcher::new(&app, options.launcher.as_deref());
        *app.launcher.borrow_mut() = Some(launcher);
        app.listen();
        app.refresh();
        app
    }

    fn listen(self: &Rc<Self>) {
        // Another tab changed this user's state: merge it, so a dismissal there shows here.
        // So does a page the back button restores from the browser's cache (`pageshow`): what
        // happened since in other pages is in the store.
        let reload = |app: &Rc<App>| {
            let theirs = app.store.borrow().load();
            app.merge(&theirs, false);
        };
        let storage = Listener::new(self, None, "storage", false, move |app| {
            if dom::key() == app.store.borrow().key() {
                reload(app);
            }
        });
        let shown = Listener::new(self, None, "pageshow", false, reload);
        // Escape goes to the newest surface that has focus. Only an Escape that is the
        // widget's reads as one (`dom::key`): focus in a host's input or dialog keeps it there.
        let escape = Listener::new(self, None, "keydown", false, |app| {
            // Test builds only: a panic inside a DOM listener (see the `test-hooks` feature).
            #[cfg(feature = "test-hooks")]
            #[allow(clippy::panic)]
            if dom::key() == "F19" {
                let _held = app.state.borrow_mut();
                panic!()
            }
            if dom::key() != "Escape" {
                return;
            }
            let top = app
                .open
                .borrow()
                .iter()
                .rev()
                .find(|o| o.surface.takes_focus())
                .map(|o| (o.surface.kind(), o.surface.id().to_owned()));
            if let Some((kind, id)) = top {
                dom::prevent();
                if id.is_empty() {
                    app.close_kind(kind, true);
                } else {
                    app.dismiss(&id, kind, "escape");
                }
                return;
            }
            // Then a guide (Escape skips it) or a tooltip with focus in it.
            for o in app.surfaces().iter().rev() {
                if o.surface.escape(app) {
                    dom::prevent();
                    return;
                }
            }
        });
        let resize = Listener::new(self, None, "resize", false, |app| app.reposition());
        // The host's modal dialog closed (`close` does not bubble; capture hears it): what it
        // held back may come now.
        let closed = Listener::new(self, None, "close", true, |app| app.refresh());
        *self.listeners.borrow_mut() = vec![storage, shown, escape, resize, closed];
    }

    /// Places every open surface again (the viewport, a scroll position or the page changed).
    pub fn reposition(self: &Rc<Self>) {
        for o in self.surfaces() {
            o.surface.reposition(self);
        }
    }

    /// How long anchored surfaces wait for their anchor, in ms.
    pub fn anchor_wait(&self) -> u32 {
        self.bundle.anchor_wait.unwrap_or(5000)
    }

    /// The page's path now.
    pub fn path(&self) -> String {
        self.path.borrow().clone()
    }

    /// A tooltip's hotspot was clicked.
    pub fn open_hotspot(self: &Rc<Self>, id: &str) {
        for o in self.surfaces() {
            if o.surface.id() == id {
                o.surface.hotspot(self);
            }
        }
    }

    /// A click in the page, for guides that advance on their anchor.
    pub fn guide_clicked(self: &Rc<Self>, id: &str) {
        for o in self.surfaces() {
            if o.surface.id() == id {
                o.surface.clicked(self);
            }
        }
    }

    /// The step guide `id` is at for this user.
    pub fn guide_step(&self, id: &str) -> u32 {
        self.state.borrow().step(id)
    }

    /// Step `n` of guide `id` is on screen: an impression with its step (the guide counts as
    /// seen from its first).
    pub fn guide_seen(self: &Rc<Self>, id: &str, n: u32) {
        if self.change(id, Action::Impression) {
            self.interrupted();
            self.set_badge(self.unread());
        }
        self.emit_step("impression", Some(id), "guide", "", None, None, n as i32);
    }

    /// The user moved guide `id` to step `n` (Back, or a step skipped for a missing anchor).
    pub fn guide_go(self: &Rc<Self>, id: &str, n: u32, focus: bool) {
        {
            let mut state = self.state.borrow_mut();
            if state.go_to_step(id, n) {
                self.persist(&state);
            }
        }
        for o in self.surfaces() {
            if o.surface.id() == id {
                o.surface.moved(self, focus);
            }
        }
    }

    /// Next on step `n` of guide `id` (or its anchor clicked): an `engage` with reason
    /// `step_next`, or on the last step the guide is completed.
    pub fn guide_next(self: &Rc<Self>, id: &str, n: u32, focus: bool) {
        let steps = self.find(id).map_or(0, |a| a.extra.steps.len() as u32);
        if n + 1 >= steps {
            self.guide_end(id, true, "guide_completed", n);
        } else {
            self.emit_step(
                "engage",
                Some(id),
                "guide",
                "step_next",
                None,
                None,
                n as i32,
            );
            self.guide_go(id, n + 1, focus);
        }
    }

    /// Guide `id` ends at step `n`: completed (`engage`) or skipped (`dismiss`, with `reason`
    /// `skip` or `escape`); no event without a reason (its anchor was missing). It never
    /// restarts.
    pub fn guide_end(self: &Rc<Self>, id: &str, completed: bool, reason: &str, n: u32) {
        {
            let mut state = self.state.borrow_mut();
            if state.end_guide(id, completed) {
                self.persist(&state);
            }
        }
        if !reason.is_empty() {
            let kind = if completed { "engage" } else { "dismiss" };
            self.emit_step(kind, Some(id), "guide", reason, None, None, n as i32);
        }
        self.close_id(id, false);
        self.refresh();
    }

    /// A tooltip's or step's anchor did not appear in time: the `anchor-missing` record, and
    /// the `whatsnew:anchor-missing` DOM event with `{ id, step, anchor, page }`.
    /// A tooltip then gives way to the next interruption (a guide skips the step or ends).
    pub fn anchor_missing(self: &Rc<Self>, id: &str, step: i32, anchor: &str) {
        let surface = if step < 0 { "tooltip" } else { "guide" };
        self.emit_step("anchor-missing", Some(id), surface, "", None, None, step);
        missing(id, step, anchor, &self.path.borrow());
        if step < 0 {
            self.away.borrow_mut().push(id.to_owned());
            self.refresh();
        }
    }

    /// The callbacks of the widget's listeners and timers.
    pub fn registry(&self) -> &Rc<Registry> {
        &self.registry
    }

    /// A listener or timer fired (the loader's fenced `ev` call).
    pub fn fire(self: &Rc<Self>, n: u32) {
        self.registry.fire(self, n);
    }

    /// The open surfaces, cloned out so no borrow is held while they run.
    fn surfaces(&self) -> Vec<Open> {
        self.open.borrow().clone()
    }

    /// The widget's shadow root.
    pub fn root(&self) -> &El {
        &self.root
    }

    /// Says `text` through the live region (screen readers announce it politely).
    pub fn say(&self, text: &str) {
        dom::set_text(&self.live, text);
    }

    /// The element in `<body>` that holds the shadow root.
    pub fn host(&self) -> &El {
        &self.host
    }

    /// The widget's words in the user's language.
    pub fn labels(&self) -> &Labels {
        &self.labels
    }

    /// An announcement's text in the user's locale, with the locale its words are in (the
    /// default's when it has no translation to theirs: `lang` on the card, `locale` in events).
    pub fn text<'a>(&'a self, a: &'a Announcement) -> Text<'a> {
        let mut t = locale::text(a, &self.locale);
        if t.lang.is_empty() {
            t.lang = self.bundle.locales.first().map_or("", String::as_str);
        }
        t
    }

    /// Step `i` of guide `a` in the user's language: its title and body.
    pub fn step_text<'a>(&self, a: &'a Announcement, i: usize) -> Option<(&'a str, &'a [Block])> {
        locale::step_text(a, &self.locale, i)
    }

    /// Marks a surface's root with the language and direction of the widget's words.
    pub fn localize(&self, e: &El) {
        dom::attrs(
            e,
            &[
                ("lang", self.labels.lang),
                ("dir", if self.labels.rtl { "rtl" } else { "ltr" }),
            ],
        );
    }

    fn find(&self, id: &str) -> Option<&Announcement> {
        self.bundle.announcements.iter().find(|a| a.id == id)
    }

    /// Announcement `id` of the bundle.
    pub fn announcement(&self, id: &str) -> Option<&Announcement> {
        self.find(id)
    }

    /// Runs `f` with the selection context for now. No borrow outlives the call.
    fn with_ctx<R>(&self, f: impl FnOnce(&Context<'_>) -> R) -> R {
        let state = self.state.borrow();
        let traits = self.traits.borrow();
        let path = self.path.borrow();
        let user = self.user.borrow();
        let anon = self.anon.borrow();
        // Ours or the host's: nothing new over a dialog the user is busy with.
        // The feed counts too: nothing covers what the user opened to read.
        let modal_open = self
            .open
            .borrow()
            .iter()
            .any(|o| o.surface.modal() || o.surface.kind() == "feed")
            || dom::host_modal();
        let away = self.away.borrow();
        f(&Context {
            now_ms: dom::now(),
            path: &path,
            traits: traits.as_ref(),
            state: &state,
            session_start: self.session,
            modal_open,
            user: user.as_deref().unwrap_or(&anon),
            since_ms: self.since,
            away: &away,
        })
    }

    /// Runs selection for now. The plan's announcements come back as indices into the
    /// bundle, so no borrow of the state outlives this call.
    fn plan(&self) -> Planned {
        // An announcement's index from its address: the plan points into the bundle's list.
        let base = self.bundle.announcements.as_ptr() as usize;
        let size = core::mem::size_of::<Announcement>().max(1);
        let at = |a: &&Announcement| (*a as *const Announcement as usize - base) / size;
        self.with_ctx(|ctx| {
            let p = plan(&self.bundle, ctx);
            Planned {
                feed: p.feed.iter().map(at).collect(),
                show: p.show.iter().map(at).collect(),
                unread: p.unread,
                exposures: p.exposures.iter().map(|(a, h)| (at(a), *h)).collect(),
                wake: p.wake,
            }
        })
    }

    /// The feed for the current user, now.
    pub fn feed(&self) -> Vec<&Announcement> {
        self.plan()
            .feed
            .into_iter()
            .filter_map(|i| self.bundle.announcements.get(i))
            .collect()
    }

    /// Announcements in the feed the user has not seen.
    pub fn unread(&self) -> usize {
        self.plan().unread
    }

    /// Has the user seen this announcement? (Unseen items are marked in the feed.)
    pub fn is_unread(&self, id: &str) -> bool {
        self.find(id)
            .is_some_and(|a| self.with_ctx(|c| whatsnew_core::select::unread(a, c)))
    }

    /// Brings what is on screen in line with the plan: the badge, surfaces that no longer
    /// belong here closed, what interrupts now opened.
    pub fn refresh(self: &Rc<Self>) {
        // What this pass closes (a popup of the page just left) may have held back what the
        // new page shows: then plan once more.
        if self.refresh_once() {
            self.refresh_once();
        }
    }

    /// One plan applied; says whether it closed anything.
    fn refresh_once(self: &Rc<Self>) -> bool {
        let mut closed = false;
        let Planned {
            feed,
            show,
            unread,
            exposures,
            wake,
        } = self.plan();
        // setTimeout's longest wait is 2^31 - 1 ms; a later moment is planned for again then.
        *self.wake.borrow_mut() = wake.map(|t| {
            let ms = (t - dom::now() + 1.0).min(2_000_000_000.0);
            dom::Timeout::new(self, ms, |app| app.refresh())
        });
        // Exposure to an announcement with a goal or a holdout, once per user: both groups,
        // so the report can compare them.
        for (i, held) in exposures {
            let Some(a) = self.bundle.announcements.get(i) else {
                continue;
            };
            let new = {
                let mut state = self.state.borrow_mut();
                let new = state.expose(&a.id, held);
                self.persist(&state);
                new
            };
            if new {
                let group = if held { "holdout" } else { "exposed" };
                let goal = a.extra.goal.as_ref().map(|g| g.event.as_str());
                self.emit("exposure", Some(&a.id), "", "", Some(group), goal);
            }
        }
        self.set_badge(unread);
        // An open announcement stays while it is in the feed and on this page (a popup
        // already seen is still on screen); otherwise it goes.
        let path = self.path.borrow().clone();
        for o in self.surfaces() {
            let id = o.surface.id();
            // Kept while the plan shows it, or while it is in the feed and on this page; a
            // guide only while the plan shows it (one finished in another tab, or before the
            // back button restored this page, goes).
            let keep = id.is_empty()
                || self.bundle.announcements.iter().enumerate().any(|(i, a)| {
                    a.id == id
                        && (show.contains(&i)
                            || (a.extra.display != Display::Guide
                                && feed.contains(&i)
                                && whatsnew_core::select::on_page(a, &path)))
                });
            if !keep {
                self.close_id(id, true);
                closed = true;
            }
        }
        for i in show {
            let Some(a) = self.bundle.announcements.get(i) else {
                continue;
            };
            if self.open.borrow().iter().any(|o| o.surface.id() == a.id) {
                continue;
            }
            let opener = dom::active(&self.root);
            let Some(s) = surface::open(self, a) else {
                continue;
            };
            let kind = s.kind();
            // Anchored surfaces record their impression once they are on screen.
            let visible = s.visible_ids().contains(&a.id);
            self.open.borrow_mut().push(Open { surface: s, opener });
            if visible {
                self.act(&a.id, Action::Impression, kind, "");
            }
        }
        closed
    }

    fn set_badge(&self, n: usize) {
        let launcher = self.launcher.borrow().as_ref().map(Launcher::handles);
        if let Some(l) = launcher {
            l.set_unread(n, &self.labels);
        }
    }

    /// Records what the user did: reducer, store, surfaces, then the event. Returns whether
    /// the state changed.
    pub fn act(self: &Rc<Self>, id: &str, action: Action, surface: &str, reason: &str) -> bool {
        if self.find(id).is_none() {
            return false;
        }
        if !self.change(id, action) {
            return false;
        }
        if action == Action::Impression && surface != "feed" {
            self.interrupted();
        }
        self.emit(action.name(), Some(id), surface, reason, None, None);
        true
    }

    /// An announcement interrupted the user (first seen outside the feed): pacing counts it
    /// then, not when its surface opened (a tooltip waits unseen while its anchor is away).
    fn interrupted(&self) {
        let mut state = self.state.borrow_mut();
        state.interrupted(dom::now());
        self.persist(&state);
    }

    /// Should cards ask this user whether `id` was helpful (`[events] helpful`, once)?
    pub fn asks_vote(&self, id: &str) -> bool {
        self.bundle.events.as_ref().is_some_and(|e| e.helpful) && !self.state.borrow().voted(id)
    }

    /// The user answered "Was this helpful?": an `engage` event with reason `helpful` or
    /// `not_helpful` (the report counts it as a vote, not as engagement), once.
    pub fn vote(&self, id: &str, surface: &'static str, answer: &str) {
        if self.find(id).is_some() && self.change(id, Action::Vote) {
            self.emit("engage", Some(id), surface, answer, None, None);
        }
    }

    /// Applies an action to the state and saves it; says whether anything changed.
    fn change(&self, id: &str, action: Action) -> bool {
        let mut state = self.state.borrow_mut();
        let changed = state.apply(id, action);
        if changed {
            self.persist(&state);
        }
        changed
    }

    /// Saves the state, and hands it to the state endpoint's sync when there is one.
    fn persist(&self, state: &UserState) {
        self.store.borrow_mut().save(state);
        let user = self.user.borrow();
        if let (Some(user), false) = (user.as_deref(), self.store.borrow().held()) {
            sync(user, &state.encode());
        }
    }

    /// Another copy of the user's state (another tab, the state endpoint, the stored one on
    /// consent): merge it, save when `save`, and bring the screen in line.
    pub fn merge(self: &Rc<Self>, theirs: &UserState, save: bool) {
        {
            let mut state = self.state.borrow_mut();
            state.merge(theirs);
            if save {
                self.persist(&state);
            }
        }
        self.refresh();
        for o in self.surfaces() {
            o.surface.refresh(self);
        }
    }

    /// The user consented to storage (`WhatsNew.consent(true)`): what they did so far is kept.
    pub fn consent(self: &Rc<Self>) {
        if !self.store.borrow().held() {
            return;
        }
        self.store.borrow_mut().release();
        let stored = self.store.borrow().load();
        self.merge(&stored, true);
    }

    /// Forgets the user's state (`WhatsNew.reset()`): they start as a new user, with a new
    /// anonymous id when they have no user id.
    pub fn reset(self: &Rc<Self>, anon: String) {
        {
            let mut state = self.state.borrow_mut();
            state.clear();
            state.first_visit(dom::now());
            self.persist(&state);
        }
        if !anon.is_empty() {
            *self.anon.borrow_mut() = anon;
        }
        self.refresh();
        for o in self.surfaces() {
            o.surface.refresh(self);
        }
    }

    /// Records impressions for what the open surfaces show now.
    pub fn record_impressions(self: &Rc<Self>) {
        let mut any = false;
        for o in self.surfaces() {
            for id in o.surface.visible_ids() {
                any |= self.act(&id, Action::Impression, o.surface.kind(), "");
            }
        }
        if any {
            self.set_badge(self.unread());
        }
    }

    /// The user followed an announcement's call to action from `surface`.
    pub fn engage(self: &Rc<Self>, id: &str, surface: &'static str) {
        self.act(id, Action::Engage, surface, "cta");
        // The user is on their way to the feature: get out of the way.
        if surface == "feed" {
            self.close_kind(surface, false);
        } else {
            // The announcement's own surface closes by its call to action: a `dismiss` with
            // reason `cta` says how (the state stays engaged; the report does not count it as
            // a dismissal).
            self.emit("dismiss", Some(id), surface, "cta", None, None);
            self.close_id(id, false);
        }
        self.refresh();
    }

    /// The user dismissed an announcement from `surface` (`reason`: close, escape, timeout).
    pub fn dismiss(self: &Rc<Self>, id: &str, surface: &'static str, reason: &str) {
        self.act(id, Action::Dismiss, surface, reason);
        if surface == "feed" {
            for o in self.surfaces() {
                o.surface.dismissed(id);
            }
        }
        self.refresh();
    }

    fn take(&self, pick: impl Fn(&dyn Surface) -> bool) -> Option<Open> {
        let mut open = self.open.borrow_mut();
        let at = open.iter().position(|o| pick(o.surface.as_ref()))?;
        Some(open.remove(at))
    }

    fn finish(&self, o: Option<Open>, return_focus: bool) {
        let Some(o) = o else { return };
        let takes_focus = o.surface.takes_focus();
        // Closed from inside (Escape or a button in a guide step or a tooltip's card): focus
        // was there and would fall to the page's body; it goes to the anchor instead.
        let back = o
            .surface
            .holds_event()
            .then(|| o.surface.anchor().or_else(|| o.opener.clone()))
            .flatten();
        let opener = o.opener.clone();
        // Dropping the last handle removes its element, listeners and timers.
        drop(o);
        if let (true, true, Some(e)) = (return_focus, takes_focus, opener) {
            dom::focus(&e);
        } else if let Some(e) = back {
            dom::focus(&e);
        }
    }

    /// Closes the surface showing announcement `id`.
    pub fn close_id(&self, id: &str, return_focus: bool) {
        let o = self.take(|s| s.id() == id);
        self.finish(o, return_focus);
    }

    /// Closes the open surface of a kind (the feed).
    pub fn close_kind(self: &Rc<Self>, kind: &str, return_focus: bool) {
        let o = self.take(|s| s.kind() == kind && s.id().is_empty());
        let was_feed = o.is_some();
        self.finish(o, return_focus);
        if was_feed {
            self.set_expanded(false);
            // What waited while the feed was open may come now.
            self.refresh();
        }
    }

    fn set_expanded(&self, open: bool) {
        let launcher = self.launcher.borrow().as_ref().map(Launcher::handles);
        if let Some(l) = launcher {
            l.set_expanded(open);
        }
    }

    /// Is the feed open?
    pub fn feed_open(&self) -> bool {
        self.open
            .borrow()
            .iter()
            .any(|o| o.surface.kind() == "feed")
    }

    /// Opens the feed next to `opener` (the element clicked) or the launcher.
    pub fn open_feed(self: &Rc<Self>, opener: Option<El>) {
        if self.feed_open() {
            return;
        }
        let opener = opener.or_else(|| {
            self.launcher
                .borrow()
                .as_ref()
                .and_then(Launcher::default_opener)
        });
        let s = surface::open_feed(self, opener.as_ref());
        let focus = s.focus_target();
        self.open.borrow_mut().push(Open { surface: s, opener });
        self.set_expanded(true);
        if let Some(f) = focus {
            dom::focus(&f);
        }
        self.record_impressions();
    }

    /// Opens or closes the feed.
    pub fn toggle_feed(self: &Rc<Self>, opener: Option<El>) {
        if self.feed_open() {
            self.close_kind("feed", true);
        } else {
            self.open_feed(opener);
        }
    }

    /// The host says the route changed (or the loader saw it change).
    pub fn page(self: &Rc<Self>, path: String) {
        if *self.path.borrow() == path {
            return;
        }
        *self.path.borrow_mut() = path;
        // Tooltips wait for their anchors afresh on the new page (`Surface::route`).
        self.away.borrow_mut().clear();
        self.refresh();
        for o in self.surfaces() {
            o.surface.route(self);
        }
    }

    /// A different user signed in (or the same one with new traits). Switching from the
    /// anonymous user merges what they did into the signed-in user's state.
    pub fn identify(self: &Rc<Self>, user: Option<String>, traits: Option<Traits>) {
        let same = *self.user.borrow() == user;
        if !same {
            let was_anonymous = self.user.borrow().is_none();
            let held = self.store.borrow().held();
            let store = LocalStore::new(&self.bundle.bundle, user.as_deref(), held);
            let mut state = store.load();
            if was_anonymous {
                state.adopt(&self.state.borrow());
            }
            state.first_visit(dom::now());
            *self.store.borrow_mut() = store;
            *self.user.borrow_mut() = user;
            self.persist(&state);
            *self.state.borrow_mut() = state;
        }
        if traits.is_some() {
            *self.traits.borrow_mut() = traits;
        }
        self.refresh();
        for o in self.surfaces() {
            o.surface.refresh(self);
        }
    }

    /// The host tracked an event: it may trigger an announcement.
    pub fn track(self: &Rc<Self>, name: &str) {
        if name.is_empty() || name.len() > 100 {
            return;
        }
        {
            let mut state = self.state.borrow_mut();
            // Test builds only: a panic while a borrow is held (see the `test-hooks` feature).
            #[cfg(feature = "test-hooks")]
            #[allow(clippy::panic)]
            if name == "whatsnew:test-panic" {
                panic!()
            }
            state.track(name);
            self.persist(&state);
        }
        // A goal of some announcement: the report times it against the user's exposure.
        let goal = self
            .bundle
            .announcements
            .iter()
            .any(|a| a.extra.goal.as_ref().is_some_and(|g| g.event == name));
        if goal {
            self.emit("goal", None, "", "", None, Some(name));
        }
        self.refresh();
    }

    /// Hands an event to the loader's `emit(type, announcement, user, surface, reason, group,
    /// goal, locale, page)`, which adds the record's id, bundle, revision, time and traits,
    /// dispatches the DOM event and queues it for the endpoint (`docs/events.md`).
    fn emit(
        &self,
        kind: &str,
        id: Option<&str>,
        surface: &str,
        reason: &str,
        group: Option<&str>,
        goal: Option<&str>,
    ) {
        self.emit_step(kind, id, surface, reason, group, goal, -1);
    }

    /// [`App::emit`] with a guide's step (`-1`: none).
    #[allow(clippy::too_many_arguments)]
    pub fn emit_step(
        &self,
        kind: &str,
        id: Option<&str>,
        surface: &str,
        reason: &str,
        group: Option<&str>,
        goal: Option<&str>,
        step: i32,
    ) {
        let user = self.user.borrow().clone();
        let user = user.unwrap_or_else(|| self.anon.borrow().clone());
        // The locale of the words shown: an announcement without a translation to the
        // user's locale is shown (and counted) in the default one.
        let locale = match id.and_then(|id| self.find(id)) {
            Some(a) => Some(self.text(a).lang).filter(|l| !l.is_empty()),
            None => match self.locale.as_str() {
                "" => self.bundle.locales.first().map(String::as_str),
                l => Some(l),
            },
        };
        // The audience it was shown under: the first of its audiences the user is in.
        let member_of = select::audiences(&self.bundle, self.traits.borrow().as_ref());
        let audience = id
            .and_then(|id| self.find(id))
            .and_then(|a| a.audience.iter().find(|n| member_of.contains(&n.as_str())))
            .map(String::as_str);
        emit(
            kind,
            id,
            &user,
            surface,
            reason,
            group,
            goal,
            locale,
            &self.path.borrow(),
            step,
            audience,
        );
    }

    /// Removes everything the widget added to the page.
    pub fn teardown(&self) {
        let all: Vec<Open> = core::mem::take(&mut *self.open.borrow_mut());
        drop(all);
        self.listeners.borrow_mut().clear();
        let launcher = self.launcher.borrow_mut().take();
        drop(launcher);
        dom::remove(&self.host);
    }
}

/// `dark` or `light` when the host page declares only that `color-scheme`, else `""` (follow
/// the operating system).
fn host_scheme() -> &'static str {
    let scheme = dom::computed(None, "color-scheme");
    // Word by word: `str::contains` with a text pattern pulls panic formatting into the wasm.
    let has = |w: &str| scheme.split_ascii_whitespace().any(|s| s == w);
    match (has("dark"), has("light")) {
        (true, false) => "dark",
        (false, true) => "light",
        _ => "",
    }
}

#[wasm_bindgen]
extern "C" {
    /// The loader's `emit(type, announcement, user, surface, reason, group, goal, locale,
    /// page)`, which adds the record's id, bundle, revision, time and traits, dispatches the
    /// DOM event and queues it for the endpoint (`docs/events.md`).
    #[wasm_bindgen(js_namespace = D, js_name = E)]
    #[allow(clippy::too_many_arguments)]
    fn emit(
        kind: &str,
        id: Option<&str>,
        user: &str,
        surface: &str,
        reason: &str,
        group: Option<&str>,
        goal: Option<&str>,
        locale: Option<&str>,
        page: &str,
        step: i32,
        audience: Option<&str>,
    );
    /// The loader's `whatsnew:anchor-missing` DOM event.
    #[wasm_bindgen(js_namespace = D, js_name = A)]
    fn missing(id: &str, step: i32, anchor: &str, page: &str);
    /// The loader's `sync(user, state)`: pushes the state to the state endpoint, if any.
    #[wasm_bindgen(js_namespace = D, js_name = Y)]
    fn sync(user: &str, state: &str);
}
