//! The widget's behaviour: state, the launcher and the panel, and the events it records.
//!
//! [`App`] owns everything. Listeners hold a `Weak<App>`, so dropping the widget frees it all.
//! Every state change goes through [`App::act`]: the core reducer decides whether anything
//! changed, the store saves it, the surfaces update, and only then, with no borrow held, the
//! DOM event is dispatched (host handlers may call back into the widget synchronously).

use crate::dom::{self, Listener, Slot};
use crate::launcher::Launcher;
use crate::panel::Panel;
use crate::store::LocalStore;
use alloc::rc::{Rc, Weak};
#[allow(unused_imports)]
use alloc::{borrow::ToOwned, string::String, vec, vec::Vec};
use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, StorageEvent};
use whatsnew_core::select::{self, Context};
use whatsnew_core::state::{Action, StateStore, UserState};
use whatsnew_core::Lean;

/// The widget decodes only the parts of announcements it implements.
pub type Bundle = whatsnew_core::Bundle<Lean>;
/// One announcement as the widget holds it.
pub type Announcement = whatsnew_core::Announcement<Lean>;

/// What the host passed on the script tag.
pub struct Options {
    /// `data-user`: the user id, the only personal data the widget handles.
    pub user: Option<String>,
    /// `data-launcher`: a CSS selector of the host's own launcher element.
    pub launcher: Option<String>,
    /// The loader's event emitter (no events without one).
    pub emit: Option<js_sys::Function>,
}

impl Options {
    /// Reads `{ user, launcher }`; anything else or of the wrong type is ignored.
    pub fn from_js(v: &JsValue) -> Options {
        let get = |k: &str| {
            Reflect::get(v, &JsValue::from_str(k))
                .ok()
                .and_then(|s| s.as_string())
                .filter(|s| !s.trim_ascii().is_empty())
        };
        let emit = Reflect::get(v, &JsValue::from_str("emit"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        Options {
            user: get("user"),
            launcher: get("launcher"),
            emit,
        }
    }
}

/// A mounted widget.
pub struct App {
    bundle: Bundle,
    user: Option<String>,
    emit: Option<js_sys::Function>,
    state: Slot<UserState>,
    store: Slot<LocalStore>,
    /// The shadow host in `<body>` that holds the floating launcher and the panel.
    host: Element,
    root: web_sys::ShadowRoot,
    launcher: Slot<Option<Launcher>>,
    panel: Slot<Option<Panel>>,
    /// The element focus returns to when the panel closes.
    opener: Slot<Option<Element>>,
    listeners: Slot<Vec<Listener>>,
}

impl App {
    /// Mounts the launcher (the panel is created when opened).
    pub fn mount(bundle: Bundle, options: Options) -> Result<Rc<App>, JsValue> {
        let doc = dom::document()?;
        let body = doc
            .body()
            .ok_or_else(|| JsValue::from_str("the page has no body"))?;
        let store = LocalStore::new(&bundle.bundle, options.user.as_deref());
        let state = store.load();
        let host = dom::el(&doc, "div", "")?;
        host.set_attribute("data-whatsnew", "")?;
        let root = dom::shadow(&doc, &host)?;
        body.append_child(&host)?;

        let app = Rc::new(App {
            bundle,
            user: options.user,
            emit: options.emit,
            state: Slot::new(state),
            store: Slot::new(store),
            host,
            root,
            launcher: Slot::new(None),
            panel: Slot::new(None),
            opener: Slot::new(None),
            listeners: Slot::new(Vec::new()),
        });
        let launcher = Launcher::new(
            &doc,
            &app.root,
            options.launcher.as_deref(),
            Rc::downgrade(&app),
        )?;
        *app.launcher.borrow_mut() = Some(launcher);
        app.watch_other_tabs()?;
        app.refresh_badge();
        Ok(app)
    }

    /// Another tab changed this user's state: merge it, so a dismissal there shows here.
    fn watch_other_tabs(self: &Rc<Self>) -> Result<(), JsValue> {
        let weak = Rc::downgrade(self);
        let l = Listener::new(&dom::window()?.into(), "storage", false, move |e| {
            let Some(app) = weak.upgrade() else { return };
            let Some(e) = e.dyn_ref::<StorageEvent>() else {
                return;
            };
            if e.key().as_deref() != Some(app.store.borrow().key()) {
                return;
            }
            let theirs = app.store.borrow().load();
            app.state.borrow_mut().merge(&theirs);
            app.refresh_badge();
            app.rerender_panel();
        });
        self.listeners.borrow_mut().push(l);
        Ok(())
    }

    fn now() -> f64 {
        js_sys::Date::now()
    }

    /// The feed for the current user, now.
    pub fn feed(&self) -> Vec<&Announcement> {
        // The state borrow ends here; the references point into the immutable bundle.
        let state = self.state.borrow();
        let ctx = Context {
            now_ms: Self::now(),
            state: &state,
            member_of: &[],
        };
        select::feed(&self.bundle, &ctx)
    }

    /// Unread announcements.
    pub fn unread(&self) -> usize {
        let state = self.state.borrow();
        select::unread_count(
            &self.bundle,
            &Context {
                now_ms: Self::now(),
                state: &state,
                member_of: &[],
            },
        )
    }

    /// Whether an announcement counts as unread (for its marker in the panel).
    pub fn is_unread(&self, id: &str) -> bool {
        !self.state.borrow().engaged(id)
    }

    fn refresh_badge(&self) {
        let n = self.unread();
        let launcher = self.launcher.borrow().as_ref().map(Launcher::handles);
        if let Some(l) = launcher {
            l.set_unread(n);
        }
    }

    fn rerender_panel(self: &Rc<Self>) {
        let panel = self.panel.borrow().as_ref().map(Panel::handles);
        if let Some(p) = panel {
            Panel::render_items(&p, self);
            self.record_impressions();
        }
    }

    /// Records an impression for every item now visible in the open panel.
    pub fn record_impressions(self: &Rc<Self>) {
        let panel = self.panel.borrow().as_ref().map(Panel::handles);
        for id in panel.map(|p| p.visible_ids()).unwrap_or_default() {
            self.act(&id, Action::Impression);
        }
    }

    /// The open panel's handles and the element it opened from.
    pub fn panel_and_opener(&self) -> (Option<crate::panel::PanelDom>, Option<Element>) {
        let panel = self.panel.borrow().as_ref().map(Panel::handles);
        (panel, self.opener.borrow().clone())
    }

    /// Is the panel open?
    pub fn is_open(&self) -> bool {
        self.panel.borrow().is_some()
    }

    /// Opens the panel, next to `opener` (the element clicked) or the launcher.
    pub fn open(self: &Rc<Self>, opener: Option<Element>) {
        if self.is_open() {
            return;
        }
        let opener = opener.or_else(|| {
            self.launcher
                .borrow()
                .as_ref()
                .and_then(Launcher::default_opener)
        });
        let Ok(panel) = Panel::new(&self.root, self, opener.as_ref()) else {
            web_sys::console::warn_1(&"whatsnew: could not open the panel".into());
            return;
        };
        let focus_target = panel.focus_target();
        *self.panel.borrow_mut() = Some(panel);
        *self.opener.borrow_mut() = opener;
        let launcher = self.launcher.borrow().as_ref().map(Launcher::handles);
        if let Some(l) = launcher {
            l.set_expanded(true);
        }
        dom::focus(&focus_target);
        self.record_impressions();
    }

    /// Closes the panel; with `return_focus`, focus goes back to what opened it.
    pub fn close(&self, return_focus: bool) {
        let Some(panel) = self.panel.borrow_mut().take() else {
            return;
        };
        let opener = self.opener.borrow_mut().take();
        let launcher = self.launcher.borrow().as_ref().map(Launcher::handles);
        if let Some(l) = launcher {
            l.set_expanded(false);
        }
        panel.remove();
        drop(panel);
        if return_focus {
            if let Some(o) = opener {
                dom::focus(&o);
            }
        }
    }

    /// Opens or closes.
    pub fn toggle(self: &Rc<Self>, opener: Option<Element>) {
        if self.is_open() {
            self.close(true);
        } else {
            self.open(opener);
        }
    }

    /// Records what the user did: reducer, store, surfaces, then the DOM event.
    pub fn act(self: &Rc<Self>, id: &str, action: Action) {
        if !self.bundle.announcements.iter().any(|a| a.id == id) {
            return;
        }
        let changed = {
            let mut state = self.state.borrow_mut();
            let changed = state.apply(id, action);
            if changed {
                self.store.borrow_mut().save(&state);
            }
            changed
        };
        if !changed {
            return;
        }
        if action != Action::Impression {
            self.refresh_badge();
            let panel = self.panel.borrow().as_ref().map(Panel::handles);
            if let Some(p) = panel {
                p.after_action(id, action, self);
            }
        }
        self.dispatch(id, action);
    }

    /// Hands the event to the loader's `emit(type, announcement, user)`, which gives it a
    /// unique id and a timestamp and dispatches the DOM event. Building events in JS is a few
    /// lines there and several KB of bindings here.
    fn dispatch(&self, id: &str, action: Action) {
        let user = self
            .user
            .as_deref()
            .map_or(JsValue::NULL, JsValue::from_str);
        if let Some(emit) = &self.emit {
            let _ = emit.call3(
                &JsValue::NULL,
                &JsValue::from_str(action.name()),
                &JsValue::from_str(id),
                &user,
            );
        }
    }

    /// Removes everything the widget added to the page.
    pub fn teardown(&self) {
        self.close(false);
        self.listeners.borrow_mut().clear();
        let launcher = self.launcher.borrow_mut().take();
        drop(launcher);
        self.host.remove();
    }
}

/// A weak handle for listeners.
pub type AppRef = Weak<App>;
