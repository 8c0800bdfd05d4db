//! Live sync with the user's own CouchDB (`docs/sync.md`), the browser half: the settings
//! and status the screens show, one replicator per browser (the Web Locks API picks the
//! tab), and the messages tabs exchange about it. The protocol's decisions live in
//! `bakkal_core::sync`; the rounds themselves in `replicate.rs`.

mod http;
mod replicate;

use crate::state::AppState;
use crate::store::Store;
use bakkal_core::sync::server::{self, read_log, Event, LogLine, Refusal, Status, LOG_LINES};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
pub use replicate::Runner;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};

/// What the user set in the Sync section, kept on this device (`local` store). The
/// password and passphrase are kept only with **Remember on this device**.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Config {
    pub address: String,
    pub user: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    pub remember: bool,
    pub encrypt: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passphrase: Option<String>,
    /// Sync was started and not stopped: it resumes when the app opens.
    pub running: bool,
}

const CONFIG: &str = "sync-config";
const LOG: &str = "sync-log";

/// Why the Sync section's alert shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Alert {
    Refused(Refusal),
    /// The settings could not be kept on this device (the store's words).
    NotSaved(String),
}

/// What tabs tell each other about sync (JSON on the tabs' channel, beside `Changed`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Note {
    /// The syncing tab's status, for the other tabs' headers (as data: each tab words it
    /// in its own language).
    Status(Status),
    Stop,
    Now,
    /// Another tab started sync (perhaps with new settings): give up the lock to it, and
    /// wait to take over when it closes.
    Restart,
    /// A tab that opened asks the syncing tab for its status line.
    Ask,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub sync: Note,
}

/// The signals the Sync section and the header read.
#[derive(Clone, Copy)]
pub struct SyncUi {
    pub config: RwSignal<Config>,
    /// The header's status (`None`: sync never set up here).
    pub line: RwSignal<Option<Status>>,
    /// Why sync refused or stopped, for the section's `role="alert"`.
    pub alert: RwSignal<Option<Alert>>,
    /// A 404 for the database: offer **Create database**.
    pub offer_create: RwSignal<bool>,
    /// Newest first.
    pub log: RwSignal<Vec<(DateTime<Utc>, LogLine)>>,
    /// Whether this tab runs the replicator (others follow its status).
    pub here: RwSignal<bool>,
    /// The password and passphrase typed this session, when not remembered.
    session: StoredValue<(Option<String>, Option<String>)>,
}

impl Default for SyncUi {
    fn default() -> Self {
        SyncUi {
            config: RwSignal::new(Config::default()),
            line: RwSignal::new(None),
            alert: RwSignal::new(None),
            offer_create: RwSignal::new(false),
            log: RwSignal::new(Vec::new()),
            here: RwSignal::new(false),
            session: StoredValue::new((None, None)),
        }
    }
}

thread_local! {
    /// The replicator running in this tab, if any.
    static RUNNER: RefCell<Option<Rc<Runner>>> = const { RefCell::new(None) };
}

/// Runs the replicator: `Runner::run`, handed out by `main.rs`'s split point.
pub type Run = fn(Rc<Runner>) -> Pin<Box<dyn Future<Output = ()>>>;

thread_local! {
    /// The split point of the replicator (`main.rs`).
    pub static REPLICATOR: crate::later::Later<Run> = const { crate::later::Later::new() };
}

/// What `main.rs`'s split point hands out: only it reaches this, so the replicator's rounds
/// and what only they use are in the chunk.
pub fn run(runner: Rc<Runner>) -> Pin<Box<dyn Future<Output = ()>>> {
    Box::pin(runner.run())
}

fn runner() -> Option<Rc<Runner>> {
    RUNNER.with(|r| r.borrow().clone())
}

/// A local write happened (here or in another tab): push it soon.
pub fn poke() {
    if let Some(r) = runner() {
        r.poke();
    }
}

impl SyncUi {
    pub fn set_status(&self, app: &AppState, s: &Status) {
        if self.line.get_untracked().as_ref() != Some(s) {
            self.line.set(Some(s.clone()));
            app.post(&Message {
                sync: Note::Status(s.clone()),
            });
        }
    }

    pub fn event(&self, store: &Store, e: Event) {
        let line = (crate::browser::now(), LogLine::Event { event: e });
        self.log.update(|l| {
            l.insert(0, line);
            l.truncate(LOG_LINES);
        });
        let kept = self.log.get_untracked();
        if let Ok(text) = serde_json::to_string(&kept) {
            let store = store.clone();
            leptos::task::spawn_local(async move {
                let _ = store.put_local(LOG, &text).await;
            });
        }
    }

    /// Reads the settings and the log; resumes sync if it was running.
    pub async fn open(self, app: AppState, store: Store) {
        if let Ok(Some(text)) = store.get_local(CONFIG).await {
            if let Ok(c) = serde_json::from_str::<Config>(&text) {
                self.config.set(c);
            }
        }
        if let Ok(Some(text)) = store.get_local(LOG).await {
            self.log.set(read_log(&text));
        }
        watch_connection();
        let c = self.config.get_untracked();
        if c.running {
            if !self.has_secrets(&c) {
                // Not remembered: ask, rather than knock with an empty password.
                self.alert.set(Some(Alert::Refused(Refusal::NeedSecret)));
                self.set_status(&app, &Status::Error(Refusal::NeedSecret));
                return;
            }
            self.line.set(Some(Status::Syncing { left: 0 }));
            self.start(app, store, false, false).await;
        }
    }

    /// Whether the password and passphrase the settings need are known (typed this
    /// session or remembered).
    fn has_secrets(&self, c: &Config) -> bool {
        let (password, passphrase) = self.secrets(c);
        (c.user.is_empty() || password.is_some()) && (!c.encrypt || passphrase.is_some())
    }

    /// The password to use: typed this session, or remembered.
    fn secrets(&self, c: &Config) -> (Option<String>, Option<String>) {
        let (p, k) = self.session.get_value();
        (p.or(c.password.clone()), k.or(c.passphrase.clone()))
    }

    /// Saves the settings (secrets only when remembered; otherwise kept for this session).
    pub async fn save(
        self,
        store: &Store,
        mut c: Config,
        password: String,
        passphrase: String,
    ) -> Result<(), String> {
        let nonempty = |s: String| (!s.is_empty()).then_some(s);
        let (password, passphrase) = (nonempty(password), nonempty(passphrase));
        if let Ok(a) = server::parse_address(&c.address) {
            // Credentials typed into the address go into the fields (fetch refuses them).
            if let Some(u) = a.user {
                c.user = u;
            }
            let from_url = a.password;
            self.session.set_value((from_url.or(password), passphrase));
            c.address = a.db_url;
        } else {
            self.session.set_value((password, passphrase));
        }
        let (p, k) = self.session.get_value();
        c.password = if c.remember { p } else { None };
        c.passphrase = if c.remember && c.encrypt { k } else { None };
        let text = serde_json::to_string(&c).map_err(|e| e.to_string())?;
        store
            .put_local(CONFIG, &text)
            .await
            .map_err(|e| e.to_string())?;
        self.config.set(c);
        Ok(())
    }

    /// Starts sync with the saved settings: checks the server first and explains a
    /// refusal, changing nothing. `create`: create the database first (after a 404).
    /// `tell`: ask the other tabs to hand the lock over (a Start sync pressed here).
    pub async fn start(self, app: AppState, store: Store, create: bool, tell: bool) {
        self.alert.set(None);
        self.offer_create.set(false);
        let c = self.config.get_untracked();
        let (password, passphrase) = self.secrets(&c);
        let address = match server::parse_address(&c.address) {
            Ok(a) => a,
            Err(e) => return self.refuse(&app, &store, Refusal::Address(e), false),
        };
        let auth = (!c.user.is_empty())
            .then(|| server::basic_auth(&c.user, password.as_deref().unwrap_or("")));
        let passphrase = if c.encrypt {
            match passphrase.filter(|p| p.chars().count() >= 8) {
                Some(p) => Some(p),
                None => return self.refuse(&app, &store, Refusal::NoPassphrase, false),
            }
        } else {
            None
        };
        if let Some(r) = runner() {
            r.stop();
        }
        let client = http::Client::new(address.db_url.clone(), address.root_url.clone(), auth);
        if create {
            if let Err(r) = replicate::create_database(&client).await {
                return self.refuse(&app, &store, r, false);
            }
        }
        if let Err(r) = replicate::check(&client).await {
            self.offer_create.set(r == Refusal::NoDatabase);
            return self.refuse(&app, &store, r, true);
        }
        let mut c = c;
        c.running = true;
        if let Ok(text) = serde_json::to_string(&c) {
            let _ = store.put_local(CONFIG, &text).await;
        }
        self.config.set(c);
        let runner = match Runner::new(client, store.clone(), app, passphrase).await {
            Ok(r) => Rc::new(r),
            Err(r) => return self.refuse(&app, &store, r, true),
        };
        RUNNER.with(|slot| *slot.borrow_mut() = Some(runner.clone()));
        self.event(&store, Event::Started);
        app.post(&Message {
            sync: if tell { Note::Restart } else { Note::Ask },
        });
        with_lock(move || {
            let runner = runner.clone();
            wasm_bindgen_futures::future_to_promise(async move {
                if runner.wanted() {
                    self.here.set(true);
                    self.run(&app, runner).await;
                    self.here.set(false);
                }
                Ok(JsValue::UNDEFINED)
            })
        });
    }

    /// Runs the replicator, whose code (pushing, pulling, merging what arrives) is fetched
    /// only when sync runs (`REPLICATOR`), not on every visit. If it cannot be fetched, this
    /// device cannot reach the app's own host either: the status says Offline, and it is
    /// tried again every 10 s (a small file from the app's own host).
    async fn run(&self, app: &AppState, runner: Rc<Runner>) {
        loop {
            match crate::later::load(&REPLICATOR).await {
                Ok(run) => return run(runner).await,
                Err(crate::later::NotLoaded) => {
                    self.set_status(app, &Status::Offline { waiting: 0 });
                    gloo_timers::future::sleep(std::time::Duration::from_secs(10)).await;
                    if !runner.wanted() {
                        return;
                    }
                }
            }
        }
    }

    fn refuse(&self, app: &AppState, store: &Store, why: Refusal, error_status: bool) {
        self.event(store, Event::Error(why.clone()));
        self.alert.set(Some(Alert::Refused(why.clone())));
        if error_status {
            self.set_status(app, &Status::Error(why));
        }
    }

    /// Stops sync in this browser (every tab).
    pub async fn stop(self, app: AppState, store: Store) {
        let mut c = self.config.get_untracked();
        c.running = false;
        if let Ok(text) = serde_json::to_string(&c) {
            let _ = store.put_local(CONFIG, &text).await;
        }
        self.config.set(c);
        app.post(&Message { sync: Note::Stop });
        self.stop_here(&app, &store);
    }

    fn stop_here(&self, app: &AppState, store: &Store) {
        if let Some(r) = RUNNER.with(|r| r.borrow_mut().take()) {
            r.stop();
            self.event(store, Event::Stopped);
        }
        self.set_status(app, &Status::Off);
    }

    /// Runs a round now (here, or in the tab that syncs).
    pub fn now(&self, app: &AppState) {
        match runner() {
            Some(r) => r.poke(),
            None => app.post(&Message { sync: Note::Now }),
        }
    }

    /// A note from another tab.
    pub fn heard(&self, app: &AppState, store: Option<Store>, note: Note) {
        match note {
            Note::Status(s) => {
                if !self.here.get_untracked() {
                    self.line.set(Some(s));
                }
            }
            Note::Stop => {
                self.config.update(|c| c.running = false);
                if let Some(s) = store {
                    self.stop_here(app, &s);
                }
            }
            Note::Now => poke(),
            Note::Ask => {
                if let (true, Some(s)) = (self.here.get_untracked(), self.line.get_untracked()) {
                    app.post(&Message {
                        sync: Note::Status(s),
                    });
                }
            }
            Note::Restart => {
                if let Some(r) = RUNNER.with(|r| r.borrow_mut().take()) {
                    r.stop();
                }
                let (Some(store), ui, app) = (store, *self, *app) else {
                    return;
                };
                leptos::task::spawn_local(async move {
                    if let Ok(Some(text)) = store.get_local(CONFIG).await {
                        if let Ok(c) = serde_json::from_str::<Config>(&text) {
                            ui.config.set(c);
                        }
                    }
                    let c = ui.config.get_untracked();
                    if c.running && ui.has_secrets(&c) {
                        ui.start(app, store, false, false).await;
                    }
                });
            }
        }
    }
}

/// Runs `f` holding the browser-wide lock `bakkal-sync`, so that one tab syncs; when that
/// tab closes, the lock passes to a waiting tab. Without the Web Locks API, runs at once.
fn with_lock(f: impl FnOnce() -> js_sys::Promise + 'static) {
    let locks = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| js_sys::Reflect::get(&n, &"locks".into()).ok())
        .filter(|l| !l.is_undefined());
    let Some(locks) = locks else {
        let _ = f();
        return;
    };
    let callback = Closure::once_into_js(move |_lock: JsValue| f());
    let request = js_sys::Reflect::get(&locks, &"request".into())
        .ok()
        .and_then(|r| r.dyn_into::<js_sys::Function>().ok());
    if let Some(request) = request {
        let _ = request.call2(&locks, &"bakkal-sync".into(), &callback);
    }
}

/// The browser's `online` / `offline` events wake the replicator (registered once).
fn watch_connection() {
    thread_local!(static WATCHING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    if WATCHING.with(|w| w.replace(true)) {
        return;
    }
    let Some(w) = web_sys::window() else { return };
    for name in ["online", "offline"] {
        let handler = Closure::<dyn Fn()>::new(move || {
            if let Some(r) = runner() {
                r.connection_changed();
            }
        });
        let _ = w.add_event_listener_with_callback(name, handler.as_ref().unchecked_ref());
        // One handler per event for the page's life.
        handler.forget();
    }
}

pub fn online() -> bool {
    web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true)
}

/// The Sync section's actions.
impl AppState {
    /// Saves the settings and starts sync (`create`: create the database first).
    pub async fn start_sync(self, c: Config, password: String, passphrase: String, create: bool) {
        let Ok(store) = self.store() else { return };
        if let Err(e) = self.sync.save(&store, c, password, passphrase).await {
            self.sync.alert.set(Some(Alert::NotSaved(e)));
            return;
        }
        self.sync.start(self, store, create, true).await;
    }

    pub async fn stop_sync(self) {
        if let Ok(store) = self.store() {
            self.sync.stop(self, store).await;
        }
    }

    pub fn sync_now(self) {
        self.sync.now(&self);
    }
}
