//! The app's state and the actions that change it. Components call these; each action
//! writes to the store first and changes the in-memory state only once the write has
//! committed, so the screen never shows what is not saved.

use crate::browser;
use crate::store::{Outcome, Store, StoreError};
use bakkal_core::analysis::value::{self, Facts, Scoring, ValueSettings};
use bakkal_core::analysis::Tz;
use bakkal_core::book::{Book, SearchResult};
use bakkal_core::io::backup::Setting;
use bakkal_core::io::backup::{self, Records};
use bakkal_core::io::merge::Plan;
use bakkal_core::model::deal::{Deal, Pipeline};
use bakkal_core::model::rev::{self, bump, FieldConflict};
use bakkal_core::model::saved_segment::SavedSegments;
use bakkal_core::model::settings;
use bakkal_core::route::Route;
use bakkal_core::segment::{self, ParseError};
use bakkal_core::{Contact, ContactId, FollowUp, FollowUpId, Interaction};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Where the database connection stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbState {
    Opening,
    Ready,
    /// Opening failed, or the connection was closed for another tab: the message says what
    /// the user can do.
    Failed(String),
}

/// What an Undo button puts back.
#[derive(Debug, Clone, PartialEq)]
pub enum Undo {
    Nothing,
    /// Deleted contacts (with what was deleted together with them).
    Contacts(Vec<ContactId>),
    /// The book as it was before a Replace (kept in IndexedDB).
    Replace,
    /// Contacts as they were before a change to many (their content is written back as
    /// a new revision).
    Restore(Vec<Contact>),
    /// Two contacts merged into one (`crate::combine`).
    Unmerge(Box<crate::combine::Unmerge>),
    /// A deleted deal, as its tombstone was written.
    Deal(Box<Deal>),
}

/// A message shown at the bottom of the screen; an Undo notice carries what to restore.
/// Made by `Notice::info` or `Notice::error`, with `with_undo`; shown by `AppState::notify`.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub id: u64,
    pub text: String,
    pub is_error: bool,
    pub undo: Undo,
}

impl Notice {
    /// A confirmation ("Saved.") or a piece of news.
    pub fn info(text: impl Into<String>) -> Notice {
        Notice {
            id: 0,
            text: text.into(),
            is_error: false,
            undo: Undo::Nothing,
        }
    }

    /// Something failed: shown longer, and read out at once (`role="alert"`).
    pub fn error(text: impl Into<String>) -> Notice {
        Notice {
            is_error: true,
            ..Notice::info(text)
        }
    }

    /// With an **Undo** button that restores `undo`.
    pub fn with_undo(self, undo: Undo) -> Notice {
        Notice { undo, ..self }
    }

    /// How long it stays: short, so that it never sits for long over a control it
    /// happens to cover; longer when it offers Undo, and for an error.
    fn seconds(&self) -> u32 {
        match (self.is_error, &self.undo) {
            (true, _) => ERROR_SECONDS,
            (false, Undo::Nothing) => NOTICE_SECONDS,
            (false, _) => UNDO_SECONDS,
        }
    }
}

/// What one tab tells the others after a write (JSON on the tabs' channel).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Changed {
    #[serde(default)]
    pub contacts: Vec<ContactId>,
    /// Interactions changed: timelines and open items are read again.
    #[serde(default)]
    pub interactions: bool,
    #[serde(default)]
    pub follow_ups: bool,
    #[serde(default)]
    pub deals: bool,
    #[serde(default)]
    pub settings: bool,
    /// An import or Replace: read the whole book again.
    #[serde(default)]
    pub everything: bool,
}

/// What saving a contact came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Saved {
    Done,
    /// Another tab changed other fields meanwhile: both changes are in.
    Combined,
    /// Another tab changed the same fields: nothing was saved; the user chooses.
    Conflict {
        theirs: Box<Contact>,
        fields: Vec<FieldConflict>,
    },
}

/// Contacts read before the first screen is shown (more than a tall screen's rows).
const FIRST_PAGE: u32 = 60;

/// Device-local keys (localStorage): when the last backup was exported, and when the book
/// last changed (the first change counts as the start when there never was a backup).
pub const LAST_BACKUP: &str = "bakkal.last-backup";
pub const LAST_CHANGE: &str = "bakkal.last-change";
pub const FIRST_CHANGE: &str = "bakkal.first-change";

/// How long a notice stays (it can be dismissed before): short, so that it never sits
/// for long over a control it happens to cover; longer when it offers Undo, and for an
/// error, which also goes to screen readers as an alert.
pub const NOTICE_SECONDS: u32 = 6;
pub const UNDO_SECONDS: u32 = 10;
pub const ERROR_SECONDS: u32 = 15;

/// How often a checked write is tried again after combining with another tab's change.
const RETRIES: usize = 3;

#[derive(Clone, Copy)]
pub struct AppState {
    /// The language of the screens (`i18n`); the whole page re-renders when it changes.
    pub lang: RwSignal<crate::i18n::Lang>,
    pub book: RwSignal<Book>,
    pub db: RwSignal<DbState>,
    pub route: RwSignal<Route>,
    pub notice: RwSignal<Option<Notice>>,
    /// While the whole book is still being read: how many live contacts it holds.
    pub loading: RwSignal<Option<u32>>,
    /// Open follow-ups (all of them; small).
    pub follow_ups: RwSignal<Vec<FollowUp>>,
    /// Open complaints and requests, oldest first.
    pub open_items: RwSignal<Vec<Interaction>>,
    /// Every deal not deleted (a few thousand at most: the board and its sums read them).
    pub deals: RwSignal<Vec<Deal>>,
    /// The deals' stages and lost reasons (the defaults under the user's `stage.*` items).
    pub pipeline: RwSignal<Pipeline>,
    /// What `deal:` filters read, rebuilt when the deals or the pipeline change (not on
    /// every keystroke): `deals::deal_index`.
    deal_index: Memo<segment::DealIndex>,
    /// Bumped whenever interactions change, so screens that read them from the store
    /// (timelines, Activity) read again.
    pub revision: RwSignal<u64>,
    /// When this browser last exported a backup.
    pub last_backup: RwSignal<Option<chrono::DateTime<chrono::Utc>>>,
    /// The user's value keys, tier cut-offs, lapse window and home currency.
    pub value: RwSignal<ValueSettings>,
    /// Named segment queries.
    pub segments: RwSignal<SavedSegments>,
    /// Status and value keys of every live contact (recomputed when the book or the lapse
    /// window changes, and only when a screen reads it).
    pub facts: RwSignal<Facts>,
    /// Scores and tiers (recomputed when facts, weights or cut-offs change).
    pub scoring: Memo<Scoring>,
    /// The local date, advanced by a timer: facts depend on it, so "today" moves on after
    /// midnight in a tab left open.
    pub today: RwSignal<chrono::NaiveDate>,
    /// The settings items as stored (each write is a child of the stored item).
    setting_items: StoredValue<Vec<Setting>>,
    /// Whether a Replace can be undone.
    pub can_undo_replace: RwSignal<bool>,
    tabs: StoredValue<Option<browser::Tabs>, LocalStorage>,
    /// Sync with the user's CouchDB: its settings, status and log.
    pub sync: crate::sync::SyncUi,
    /// **Search everything**'s word index (`crate::everything`).
    pub everything: crate::everything::Everything,
    store: StoredValue<Option<Store>, LocalStorage>,
    persistence_asked: StoredValue<bool>,
    notice_seq: StoredValue<u64>,
}

impl AppState {
    /// Settings → Language: applies at once (the page re-renders in the new language)
    /// and is kept on this device.
    pub fn set_lang(&self, l: crate::i18n::Lang) {
        crate::i18n::apply(l, true);
        self.lang.set(l);
        // The other open tabs follow, without a reload.
        self.post(&crate::i18n::Chosen::new(l));
    }

    /// Fresh state, routed to wherever the URL points.
    pub fn from_url() -> Self {
        let book = RwSignal::new(Book::default());
        let value = RwSignal::new(ValueSettings::default());
        let today = RwSignal::new(browser::tz().local_date(browser::now()));
        // Only what facts depend on, so a weight change does not recompute them.
        let basis = Memo::new(move |_| {
            value.with(|v| (v.lapse(), v.home_currency.clone(), v.rates.clone()))
        });
        // Kept up to date in place, per changed contact (`Facts::refresh`): a sync pull or
        // a saved interaction recomputes only the contacts it touched.
        let facts = RwSignal::new(Facts::default());
        Effect::new(move |_| {
            let (lapse_days, home_currency, rates) = basis.get();
            // Tracked, so the facts follow the date and the book; the clock itself is
            // read untracked.
            today.track();
            book.track();
            let settings = ValueSettings {
                lapse_days,
                home_currency,
                rates,
                ..ValueSettings::default()
            };
            browser::mark("bakkal:facts-start");
            book.with_untracked(|b| {
                facts.maybe_update(|f| f.refresh(b, &settings, browser::now(), browser::tz()))
            });
            browser::mark("bakkal:facts-end");
        });
        let scoring = Memo::new(move |_| {
            let settings = value.get();
            browser::mark("bakkal:scoring-start");
            let s = facts.with(|f| value::scoring(f, &settings));
            browser::mark("bakkal:scoring-end");
            s
        });
        let deals = RwSignal::new(Vec::new());
        let pipeline = RwSignal::new(Pipeline::default());
        let lang = crate::i18n::initial();
        crate::i18n::apply(lang, false);
        let state = AppState {
            lang: RwSignal::new(lang),
            value,
            segments: RwSignal::new(SavedSegments::default()),
            facts,
            scoring,
            book,
            db: RwSignal::new(DbState::Opening),
            route: RwSignal::new(Route::parse(&browser::hash())),
            notice: RwSignal::new(None),
            loading: RwSignal::new(None),
            follow_ups: RwSignal::new(Vec::new()),
            open_items: RwSignal::new(Vec::new()),
            deals,
            pipeline,
            deal_index: crate::deals::deal_index(deals, pipeline),
            revision: RwSignal::new(0),
            today,
            setting_items: StoredValue::new(Vec::new()),
            can_undo_replace: RwSignal::new(false),
            tabs: StoredValue::new_local(None),
            sync: crate::sync::SyncUi::default(),
            everything: crate::everything::Everything::default(),
            last_backup: RwSignal::new(browser::device_time(LAST_BACKUP)),
            store: StoredValue::new_local(None),
            persistence_asked: StoredValue::new(false),
            notice_seq: StoredValue::new(0),
        };
        state.everything.follow_memory(state);
        state
    }

    /// The user's time zone, now.
    pub fn tz(&self) -> Tz {
        browser::tz()
    }

    /// Opens the database, shows the first screen, then loads the whole book into memory
    /// (lists, searches and Today are answered from it).
    pub async fn start(self) {
        let db = self.db;
        let on_close = move || db.set(DbState::Failed(StoreError::Closed.to_string()));
        let store = match Store::open(on_close).await {
            Ok(s) => s,
            Err(e) => return self.db.set(DbState::Failed(e.to_string())),
        };
        browser::mark("bakkal:db-open");
        let tabs = browser::Tabs::join(move |text| {
            if let Ok(m) = serde_json::from_str::<crate::sync::Message>(&text) {
                self.sync.heard(&self, self.store().ok(), m.sync);
            } else if let Ok(chosen) = serde_json::from_str::<crate::i18n::Chosen>(&text) {
                // (Before `Changed`, whose fields all have defaults and would match.)
                if let Some(l) = chosen.lang() {
                    crate::i18n::apply(l, false);
                    self.lang.set(l);
                }
            } else if let Ok(changed) = serde_json::from_str::<Changed>(&text) {
                // Another tab wrote: if this tab syncs, that write goes to the server.
                crate::sync::poke();
                leptos::task::spawn_local(self.refresh(changed));
            }
        });
        self.tabs.set_value(tabs);
        self.tick_days();
        self.load(store.clone()).await;
        self.sync.open(self, store).await;
    }

    /// Moves `today` on when the local date changes (checked every minute).
    fn tick_days(self) {
        leptos::task::spawn_local(async move {
            loop {
                gloo_timers::future::TimeoutFuture::new(60_000).await;
                let d = browser::tz().local_date(browser::now());
                match self.today.try_get_untracked() {
                    Some(t) if t != d => {
                        self.today.set(d);
                    }
                    Some(_) => {}
                    None => return,
                }
            }
        });
    }

    /// Tells the other tabs what this one wrote (and sync, which pushes it).
    pub(crate) fn announce(&self, changed: Changed) {
        self.everything.changed(*self, &changed);
        self.post(&changed);
        crate::sync::poke();
    }

    /// Posts a message to the other tabs.
    pub fn post<T: Serialize>(&self, message: &T) {
        if let Ok(text) = serde_json::to_string(message) {
            self.tabs.with_value(|t| {
                if let Some(t) = t {
                    t.announce(&text)
                }
            });
        }
    }

    /// Records arrived from elsewhere (sync) and are stored: every tab, this one
    /// included, reads them again.
    pub fn changed_elsewhere(self, changed: Changed) {
        self.post(&changed);
        // Records for a contact merged here move to the merged one: any, when follow-ups or
        // deals (which do not name their contacts in `changed`) or everything arrived.
        let among = (!(changed.everything || changed.follow_ups || changed.deals))
            .then(|| changed.contacts.iter().copied().collect());
        leptos::task::spawn_local(async move {
            self.refresh(changed).await;
            self.follow_merges(among).await;
        });
    }

    /// Re-reads what another tab changed and updates every screen.
    pub async fn refresh(self, changed: Changed) {
        let Ok(store) = self.store() else { return };
        browser::mark("bakkal:refresh-start");
        self.everything.changed(self, &changed);
        if changed.everything {
            self.load(store).await;
            self.revision.update(|r| *r += 1);
            return;
        }
        if !changed.contacts.is_empty() {
            match store.get_contacts(&changed.contacts).await {
                Ok(list) => self.book.update(|b| b.upsert_with_histories(list)),
                Err(e) => return self.notify(Notice::error(e.to_string())),
            }
        }
        if changed.follow_ups || changed.interactions {
            if let (Ok(f), Ok(o)) = (store.open_follow_ups().await, store.open_items().await) {
                self.follow_ups.set(f.items);
                self.open_items.set(o.items);
            }
        }
        if changed.settings {
            if let Ok(loaded) = store.settings().await {
                self.apply_settings(&loaded.items);
            }
        }
        if changed.deals {
            self.load_deals(&store).await;
        }
        self.revision.update(|r| *r += 1);
        browser::mark("bakkal:refresh-end");
    }

    /// Reads the book into memory: the first screen first, then everything.
    async fn load(self, store: Store) {
        // If the first page cannot be read, the full load below reports the problem.
        if let Ok((page, total)) = store.first_page(FIRST_PAGE).await {
            if total as usize > page.items.len() {
                self.loading.set(Some(total));
            }
            self.book.set(Book::from_records(page.items));
        }
        match store.settings().await {
            Ok(loaded) => self.apply_settings(&loaded.items),
            Err(e) => return self.db.set(DbState::Failed(e.to_string())),
        }
        let (follow_ups, open_items) = (store.open_follow_ups().await, store.open_items().await);
        self.store.set_value(Some(store.clone()));
        let mut problems = Vec::new();
        match (follow_ups, open_items) {
            (Ok(f), Ok(o)) => {
                problems.extend(f.problem);
                problems.extend(o.problem);
                self.follow_ups.set(f.items);
                self.open_items.set(o.items);
            }
            (Err(e), _) | (_, Err(e)) => return self.db.set(DbState::Failed(e.to_string())),
        }
        self.can_undo_replace
            .set(store.has_snapshot().await.unwrap_or(false));
        // Setting it again would rebuild the screen (a reload after an import keeps it).
        if self.db.get_untracked() != DbState::Ready {
            self.db.set(DbState::Ready);
        }
        // After the first screen: the deals are not on it.
        self.load_deals(&store).await;
        match store.load_contacts().await {
            Ok(loaded) => {
                browser::mark("bakkal:records-parsed");
                let mut full = Book::from_records(loaded.items);
                // Keep anything saved from the first page while the full load ran.
                self.book
                    .with_untracked(|partial| full.absorb_newer(partial));
                self.book.set(full);
                browser::mark("bakkal:book-built");
                self.loading.set(None);
                problems.extend(loaded.problem);
            }
            Err(e) => return self.db.set(DbState::Failed(e.to_string())),
        }
        if let Some(p) = problems.first() {
            self.notify(Notice::error(p.to_string()));
        }
        // Last, and not awaited: the first screen and the whole book come first, and an
        // import's notice does not wait for it.
        leptos::task::spawn_local(self.everything.rebuild(self));
    }

    /// The contacts a query finds (free text and segment filters), or where the query is
    /// wrong. Reads facts and scores only when the query has filters.
    pub fn find(
        &self,
        query: &str,
        order: bakkal_core::route::ListOrder,
        previous: Option<&SearchResult>,
    ) -> Result<SearchResult, ParseError> {
        let seg = segment::parse(query)?;
        let tz = self.tz();
        Ok(if seg.has_filters() {
            self.deal_index.with(|deals| {
                self.with_analysis(|b, f, s| b.find(&seg, order, previous, Some((f, s, tz, deals))))
            })
        } else {
            self.book.with(|b| b.find(&seg, order, previous, None))
        })
    }

    /// Reads the book with its facts and scores together (tracked in a reactive context).
    pub fn with_analysis<R>(&self, f: impl FnOnce(&Book, &Facts, &Scoring) -> R) -> R {
        self.book
            .with(|b| self.facts.with(|fa| self.scoring.with(|s| f(b, fa, s))))
    }

    /// Takes the stored settings into the app. Unreadable items are reported and left as
    /// they are; the defaults stand in for them without overwriting them.
    fn apply_settings(&self, items: &[Setting]) {
        let mut read = settings::read(items);
        let (pipeline, unreadable) = settings::pipeline(items);
        read.problems.extend(unreadable);
        if self.pipeline.with_untracked(|x| *x != pipeline) {
            self.pipeline.set(pipeline);
        }
        self.setting_items.set_value(items.to_vec());
        if self.value.with_untracked(|x| *x != read.value) {
            self.value.set(read.value);
        }
        if self.segments.with_untracked(|x| *x != read.segments) {
            self.segments.set(read.segments);
        }
        if let Some(p) = read.problems.first() {
            let text = (crate::i18n::t().messages.settings_unreadable)(read.problems.len(), p);
            self.notify(Notice::error(text));
        }
    }

    /// Saves the value settings, field by field; the screen follows once they are stored.
    pub async fn save_value(self, v: ValueSettings) -> Result<(), StoreError> {
        let changes = self
            .value
            .with_untracked(|old| settings::value_changes(old, &v))
            .into_iter()
            .map(|(k, json)| (k, Some(json)))
            .collect();
        self.put_settings(changes).await?;
        self.value.set(v);
        Ok(())
    }

    /// Saves the exchange rates (one item per currency); the figures follow at once.
    pub async fn save_rates(self, rates: bakkal_core::money::Rates) -> Result<(), StoreError> {
        let changes = self
            .value
            .with_untracked(|old| settings::rate_changes(&old.rates, &rates));
        if changes.is_empty() {
            return Ok(());
        }
        self.put_settings(changes).await?;
        self.value.update(|v| v.rates = rates);
        Ok(())
    }

    /// Saves the list of named segments (each segment is its own item).
    pub async fn save_segments(self, segs: SavedSegments) -> Result<(), StoreError> {
        let changes = self
            .segments
            .with_untracked(|old| settings::segment_changes(old, &segs));
        self.put_settings(changes).await?;
        self.segments.set(segs);
        Ok(())
    }

    /// Writes settings items, each as a child of the stored item (re-read and retried
    /// when another tab wrote one meanwhile).
    pub(crate) async fn put_settings(
        self,
        changes: Vec<(String, Option<String>)>,
    ) -> Result<(), StoreError> {
        let store = self.store()?;
        for _ in 0..RETRIES {
            let now = browser::now();
            let items: Vec<(Setting, rev::Rev)> = self.setting_items.with_value(|stored| {
                changes
                    .iter()
                    .map(|(k, v)| {
                        let current = stored.iter().find(|s| s.key == *k);
                        let mut s = settings::item(k, v.clone(), current, now);
                        let base = s.rev.clone();
                        bump(&mut s);
                        (s, base)
                    })
                    .collect()
            });
            match store.put_checked(&items).await? {
                Outcome::Done(()) => {
                    self.setting_items.update_value(|stored| {
                        for (s, _) in items {
                            stored.retain(|x| x.key != s.key);
                            stored.push(s);
                        }
                    });
                    self.ask_persistence_once();
                    self.announce(Changed {
                        settings: true,
                        ..Changed::default()
                    });
                    return Ok(());
                }
                Outcome::Stale(_) => {
                    let loaded = store.settings().await?;
                    self.setting_items.set_value(loaded.items);
                }
            }
        }
        Err(StoreError::Failed(
            crate::i18n::t().messages.settings_keep_changing.into(),
        ))
    }

    pub(crate) fn store(&self) -> Result<Store, StoreError> {
        self.store.get_value().ok_or(StoreError::Closed)
    }

    /// Goes to a route, adding a history entry.
    pub fn go(&self, route: Route) {
        browser::push_hash(&route.to_hash());
        self.route.set(route);
    }

    /// Shows a notice; it disappears by itself after a while unless a newer one replaced it.
    pub fn notify(&self, notice: Notice) {
        let secs = notice.seconds();
        let id = self.notice_seq.get_value() + 1;
        self.notice_seq.set_value(id);
        self.notice.set(Some(Notice { id, ..notice }));
        let notice = self.notice;
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(secs * 1000).await;
            if notice.with_untracked(|n| n.as_ref().map(|n| n.id)) == Some(id) {
                notice.set(None);
            }
        });
    }

    /// Shows the outcome of an action: its confirmation, or its error.
    pub fn report(&self, result: Result<String, StoreError>) {
        match result {
            Ok(text) => self.notify(Notice::info(text)),
            Err(e) => self.notify(Notice::error(e.to_string())),
        }
    }

    /// Saves an edit of a contact (`base`: the contact as the edit began; `None` for a new
    /// one) if no other tab changed it meanwhile. If one did, changes to different fields
    /// are combined; the same field changed on both sides comes back as a conflict and
    /// nothing is written. The screen follows only what is stored.
    pub async fn save_contact(
        self,
        edited: Contact,
        base: Option<Contact>,
    ) -> Result<Saved, StoreError> {
        let store = self.store()?;
        let (mut mine, mut base) = (edited, base);
        let mut combined = false;
        for _ in 0..RETRIES {
            let start = mine.rev.clone();
            let mut w = mine.clone();
            bump(&mut w);
            browser::mark("bakkal:write-start");
            let outcome = store.put_checked(&[(w.clone(), start)]).await?;
            browser::mark("bakkal:write-end");
            match outcome {
                Outcome::Done(()) => {
                    let id = w.id;
                    self.book.update(|b| b.upsert(w));
                    self.ask_persistence_once();
                    self.announce(Changed {
                        contacts: vec![id],
                        ..Changed::default()
                    });
                    return Ok(if combined {
                        Saved::Combined
                    } else {
                        Saved::Done
                    });
                }
                Outcome::Stale(None) => return Err(StoreError::ContactGone),
                Outcome::Stale(Some(theirs)) => {
                    self.book.update(|b| b.upsert(theirs.clone()));
                    if theirs.is_deleted() && !mine.is_deleted() {
                        // A deletion elsewhere wins over an edit begun before it; Undo
                        // there brings the contact back with its history.
                        return Err(StoreError::ContactGone);
                    }
                    let from = base.clone().unwrap_or_else(|| theirs.clone());
                    match rev::merge_fields(&from, &mine, &theirs, None) {
                        Ok(m) => {
                            mine = m;
                            base = Some(theirs);
                            combined = true;
                        }
                        Err(fields) => {
                            return Ok(Saved::Conflict {
                                theirs: Box::new(theirs),
                                fields,
                            })
                        }
                    }
                }
            }
        }
        Err(StoreError::Failed(
            crate::i18n::t()
                .messages
                .contact_keeps_changing_retry
                .into(),
        ))
    }

    /// Resolves a contact's conflict with another device's version: `None` keeps the
    /// shown version, `Some(rev)` takes that one. Replicates like any edit.
    pub async fn use_version(
        self,
        id: ContactId,
        choose: Option<rev::Rev>,
    ) -> Result<(), StoreError> {
        let Some(c) = self.book.with_untracked(|b| b.get(id).cloned()) else {
            return Err(StoreError::ContactGone);
        };
        let start = c.rev.clone();
        if let Some(r) = &choose {
            // The version chosen is gone (resolved elsewhere meanwhile): say so here, in
            // the user's words, rather than in the core's.
            if !c.conflicts.iter().any(|l| l.rev() == *r && !l.deleted) {
                let text = (crate::i18n::t().messages.version_gone)(&r.to_string());
                return Err(StoreError::Failed(text));
            }
        }
        let resolved =
            rev::resolve(&c, choose.as_ref(), browser::now()).map_err(StoreError::Failed)?;
        match self
            .store()?
            .put_checked(&[(resolved.clone(), start)])
            .await?
        {
            Outcome::Done(()) => {
                self.book.update(|b| b.upsert(resolved));
                self.announce(Changed {
                    contacts: vec![id],
                    ..Changed::default()
                });
                Ok(())
            }
            Outcome::Stale(theirs) => {
                if let Some(t) = theirs {
                    self.book.update(|b| b.upsert(t));
                }
                Err(StoreError::Failed(
                    crate::i18n::t()
                        .messages
                        .contact_changed_choose_again
                        .into(),
                ))
            }
        }
    }

    /// The first save is when the user has something to lose: ask the browser then not to
    /// evict our storage. Not awaited by the save: Firefox answers only when the user does
    /// (a permission prompt), and the save must not wait for that.
    fn ask_persistence_once(self) {
        let now = browser::now();
        browser::set_device_time(LAST_CHANGE, now);
        if browser::device_time(FIRST_CHANGE).is_none() {
            browser::set_device_time(FIRST_CHANGE, now);
        }
        if !self.persistence_asked.get_value() {
            self.persistence_asked.set_value(true);
            leptos::task::spawn_local(async {
                browser::request_persistence().await;
            });
        }
    }

    /// Deletes (tombstones) a contact with its interactions and follow-ups; offers Undo.
    pub async fn delete(self, id: ContactId) {
        let name = self
            .book
            .with_untracked(|b| b.get(id).map(|c| c.display_name.clone()));
        let Some(name) = name else { return };
        match self.delete_stored(id).await {
            Ok(()) => {
                self.deleted(vec![id]);
                let text = (crate::i18n::t().messages.deleted)(&name);
                self.notify(Notice::info(text).with_undo(Undo::Contacts(vec![id])));
            }
            Err(e) => self.notify(Notice::error(e.to_string())),
        }
    }

    /// Tombstones one stored contact and its history (checked against other tabs) and
    /// takes the result into the book.
    pub(crate) async fn delete_stored(self, id: ContactId) -> Result<(), StoreError> {
        let Some(mut c) = self.book.with_untracked(|b| b.get(id).cloned()) else {
            return Err(StoreError::ContactGone);
        };
        let now = browser::now();
        let store = self.store()?;
        for _ in 0..RETRIES {
            let start = c.rev.clone();
            let mut d = c.clone();
            d.tombstone(now);
            bump(&mut d);
            match store.set_contact_deleted(&d, &start, now, false).await? {
                Outcome::Done(events) => {
                    self.book.update(|b| {
                        b.set_history(id, events);
                        b.upsert(d);
                    });
                    return Ok(());
                }
                // Changed in another tab meanwhile: delete what is stored now.
                Outcome::Stale(Some(theirs)) if !theirs.is_deleted() => c = theirs,
                Outcome::Stale(_) => return Err(StoreError::ContactGone),
            }
        }
        Err(StoreError::Failed(
            crate::i18n::t().messages.contact_keeps_changing.into(),
        ))
    }

    /// After deletions: every screen and every tab follows.
    pub(crate) fn deleted(self, ids: Vec<ContactId>) {
        self.revision.update(|r| *r += 1);
        self.ask_persistence_once();
        self.deals_followed_contacts();
        self.announce(Changed {
            contacts: ids,
            interactions: true,
            follow_ups: true,
            deals: true,
            ..Changed::default()
        });
    }

    /// Deals go and come back with their contact (`Store::set_contact_deleted`): read them
    /// again after contacts were deleted or restored.
    fn deals_followed_contacts(self) {
        leptos::task::spawn_local(async move {
            if let Ok(store) = self.store() {
                self.load_deals(&store).await;
            }
        });
    }

    /// Brings back what a delete removed: the contacts, and their interactions and
    /// follow-ups deleted with them.
    pub async fn undo(self, what: Undo) {
        match what {
            Undo::Nothing => {}
            Undo::Contacts(ids) => self.undo_delete(ids).await,
            Undo::Replace => self.undo_replace().await,
            Undo::Restore(before) => self.undo_restore(before).await,
            Undo::Unmerge(u) => self.unmerge(*u).await,
            Undo::Deal(d) => self.undo_delete_deal(*d).await,
        }
    }

    async fn undo_delete(self, ids: Vec<ContactId>) {
        let now = browser::now();
        let mut restored = 0;
        let mut restored_ids = Vec::new();
        for id in ids {
            let Some(mut c) = self.book.with_untracked(|b| b.get_any(id).cloned()) else {
                continue;
            };
            let Some(deleted_at) = c.deleted_at else {
                continue;
            };
            let start = c.rev.clone();
            c.restore(now);
            bump(&mut c);
            let result = async {
                self.store()?
                    .set_contact_deleted(&c, &start, deleted_at, true)
                    .await
            }
            .await;
            match result {
                Ok(Outcome::Done(events)) => {
                    self.book.update(|b| {
                        b.set_history(id, events);
                        b.upsert(c);
                    });
                    restored += 1;
                    restored_ids.push(id);
                }
                Ok(Outcome::Stale(_)) => {
                    return self.notify(Notice::error(
                        crate::i18n::t().messages.not_restored_changed,
                    ))
                }
                Err(e) => return self.notify(Notice::error(e.to_string())),
            }
        }
        self.revision.update(|r| *r += 1);
        self.ask_persistence_once();
        self.deals_followed_contacts();
        self.announce(Changed {
            contacts: restored_ids,
            interactions: true,
            follow_ups: true,
            deals: true,
            ..Changed::default()
        });
        self.notify(Notice::info((crate::i18n::t().messages.restored)(restored)));
    }

    /// Saves an interaction (new or edited, resolved or deleted) with an optional new
    /// follow-up, and refreshes the contact's history from the store. `base` is the
    /// interaction as the edit began (`None` for a new one): if another tab changed it
    /// meanwhile, different fields are combined and the same field is refused.
    pub async fn save_interaction(
        self,
        i: Interaction,
        base: Option<Interaction>,
        follow_up: Option<FollowUp>,
    ) -> Result<(), StoreError> {
        let store = self.store()?;
        let mut follow_up = follow_up;
        if let Some(f) = follow_up.as_mut() {
            bump(f);
        }
        let (mut mine, mut base) = (i, base);
        for _ in 0..RETRIES {
            let start = mine.rev.clone();
            let mut w = mine.clone();
            bump(&mut w);
            match store
                .save_interaction(&w, &start, follow_up.as_ref())
                .await?
            {
                Outcome::Done(events) => {
                    self.book.update(|b| b.set_history(w.contact_id, events));
                    self.open_items.update(|items| {
                        items.retain(|x| x.id != w.id);
                        if w.is_open() {
                            items.push(w.clone());
                            bakkal_core::sort::by_key(items, |x| x.at);
                        }
                    });
                    if let Some(f) = follow_up {
                        self.follow_ups.update(|fs| upsert_follow_up(fs, f));
                    }
                    self.revision.update(|r| *r += 1);
                    self.ask_persistence_once();
                    self.announce(Changed {
                        contacts: vec![w.contact_id],
                        interactions: true,
                        follow_ups: true,
                        ..Changed::default()
                    });
                    return Ok(());
                }
                Outcome::Stale(None) => {
                    return Err(StoreError::Failed(
                        crate::i18n::t().messages.interaction_gone.into(),
                    ))
                }
                Outcome::Stale(Some(theirs)) => {
                    let from = base.clone().unwrap_or_else(|| theirs.clone());
                    match rev::merge_fields(&from, &mine, &theirs, None) {
                        Ok(m) => {
                            mine = m;
                            base = Some(theirs);
                        }
                        Err(fields) => {
                            self.revision.update(|r| *r += 1);
                            let names: Vec<&str> =
                                fields.iter().map(|f| f.field.as_str()).collect();
                            let text = (crate::i18n::t().messages.interaction_clash)(&names);
                            return Err(StoreError::Failed(text));
                        }
                    }
                }
            }
        }
        Err(StoreError::Failed(
            crate::i18n::t().messages.interaction_keeps_changing.into(),
        ))
    }

    /// Adds or changes a follow-up on its own (refused, with the stored version shown,
    /// if another tab changed it meanwhile).
    pub async fn save_follow_up(self, f: FollowUp) -> Result<(), StoreError> {
        let start = f.rev.clone();
        let mut w = f;
        bump(&mut w);
        match self.store()?.put_checked(&[(w.clone(), start)]).await? {
            Outcome::Done(()) => {
                self.follow_ups.update(|fs| upsert_follow_up(fs, w));
                self.ask_persistence_once();
                self.announce(Changed {
                    follow_ups: true,
                    ..Changed::default()
                });
                Ok(())
            }
            Outcome::Stale(theirs) => {
                if let Some(t) = theirs {
                    self.follow_ups.update(|fs| upsert_follow_up(fs, t));
                }
                Err(StoreError::Failed(
                    crate::i18n::t().messages.follow_up_clash.into(),
                ))
            }
        }
    }

    pub async fn mark_follow_up_done(self, id: FollowUpId) {
        let Some(mut f) = self
            .follow_ups
            .with_untracked(|fs| fs.iter().find(|f| f.id == id).cloned())
        else {
            return;
        };
        f.mark_done(browser::now());
        let result = self
            .save_follow_up(f)
            .await
            .map(|_| crate::i18n::t().messages.follow_up_done.to_string());
        self.report(result);
    }

    /// Moves an open follow-up to another day.
    pub async fn snooze_follow_up(self, id: FollowUpId, to: chrono::NaiveDate) {
        let Some(mut f) = self
            .follow_ups
            .with_untracked(|fs| fs.iter().find(|f| f.id == id).cloned())
        else {
            return;
        };
        f.snooze(to, browser::now());
        let result = self
            .save_follow_up(f)
            .await
            .map(|_| (crate::i18n::t().messages.follow_up_moved)(to));
        self.report(result);
    }

    /// Marks an open complaint or request resolved today.
    pub async fn resolve(self, mut i: Interaction) {
        let base = i.clone();
        let now = browser::now();
        i.resolve(self.tz().local_date(now), now);
        let kind = i.kind;
        let result = self
            .save_interaction(i, Some(base), None)
            .await
            .map(|_| (crate::i18n::t().messages.resolved)(kind));
        self.report(result);
    }

    /// Reads one interaction as stored now.
    pub async fn interaction(
        self,
        id: bakkal_core::InteractionId,
    ) -> Result<Option<Interaction>, StoreError> {
        Ok(self
            .store()?
            .get_many::<Interaction>(&[id.to_string()])
            .await?
            .pop())
    }

    /// Reads a contact's timeline from the store.
    pub async fn timeline(self, id: ContactId) -> Result<Vec<Interaction>, StoreError> {
        let loaded = self.store()?.timeline(id).await?;
        Ok(loaded.items)
    }

    /// One page of Activity (see `Store::activity_page`).
    pub async fn activity_page(
        self,
        after: Option<String>,
        until: Option<String>,
        n: u32,
    ) -> Result<Vec<Interaction>, StoreError> {
        Ok(self
            .store()?
            .activity_page(after.as_deref(), until.as_deref(), n)
            .await?
            .items)
    }

    /// Writes a whole generated or sample book, or imported contacts, in one transaction
    /// (every record a new revision), then reads the written contacts back with the
    /// histories the store derived, and the deals if it brought any.
    pub async fn save_bulk(self, mut records: Records) -> Result<(), StoreError> {
        records.contacts.iter_mut().for_each(bump);
        records.interactions.iter_mut().for_each(bump);
        records.follow_ups.iter_mut().for_each(bump);
        records.deals.iter_mut().for_each(bump);
        let store = self.store()?;
        store.put_bulk(&records).await?;
        let Records {
            contacts,
            interactions,
            follow_ups,
            deals,
            ..
        } = records;
        if !deals.is_empty() {
            self.load_deals(&store).await;
        }
        let mut ids: Vec<ContactId> = contacts.iter().map(|c| c.id).collect();
        ids.extend(interactions.iter().map(|i| i.contact_id));
        bakkal_core::sort::natural(&mut ids);
        ids.dedup();
        let written = store.get_contacts(&ids).await?;
        self.book.update(|b| b.upsert_with_histories(written));
        self.open_items.update(|items| {
            items.extend(interactions.iter().filter(|i| i.is_open()).cloned());
            bakkal_core::sort::by_key(items, |x| x.at);
        });
        self.follow_ups.update(|fs| {
            for f in follow_ups.into_iter().filter(FollowUp::is_open) {
                upsert_follow_up(fs, f);
            }
        });
        self.revision.update(|r| *r += 1);
        self.ask_persistence_once();
        self.announce(Changed {
            contacts: ids,
            interactions: true,
            follow_ups: true,
            deals: !deals.is_empty(),
            ..Changed::default()
        });
        Ok(())
    }

    /// Adds the sample book with a year of interactions and its deals, skipping contacts
    /// already here (loading twice does not duplicate, and never overwrites an edit).
    pub async fn load_sample(self) {
        // Under Turkish the sample book is Turkish; the ids are the same in either.
        let records = self.book.with_untracked(|b| {
            bakkal_core::sample::new_sample_in(
                crate::i18n::lang(),
                browser::now(),
                self.tz(),
                |id| b.get_any(id).is_none(),
            )
        });
        let n = records.contacts.len();
        let result = self
            .save_bulk(records)
            .await
            .map(|_| (crate::i18n::t().messages.sample_added)(n));
        self.report(result);
    }
}

impl AppState {
    /// Everything in the book, deleted records included, read from the store (another tab
    /// may have written since this one read): what a backup holds.
    pub async fn records(self) -> Result<Records, StoreError> {
        let store = self.store()?;
        let mut records = store.all_records().await?;
        let loaded = store.load_contacts().await?;
        if let Some(p) = loaded.problem {
            return Err(p);
        }
        records.contacts = loaded.items.into_iter().map(|(c, _)| c).collect();
        Ok(records)
    }

    /// Exports the whole book (encrypted when a passphrase is given) as a download. An
    /// encrypted file is decrypted again in memory and compared before it is offered.
    pub async fn export_backup(self, passphrase: Option<String>) -> Result<String, String> {
        let records = self.records().await.map_err(|e| e.to_string())?;
        let now = browser::now();
        let mut text = backup::export(&records, now, env!("CARGO_PKG_VERSION"));
        let encrypted = passphrase.is_some();
        if let Some(p) = passphrase {
            let e = crate::crypto::encrypt(&text, &p)
                .await
                .map_err(|e| e.to_string())?;
            let back = crate::crypto::decrypt(&e, &p)
                .await
                .map_err(|e| (crate::i18n::t().messages.encrypted_check_failed)(&e.to_string()))?;
            if back != text {
                return Err(crate::i18n::t().messages.encrypted_check_differs.into());
            }
            text = bakkal_core::io::encrypted::to_json(&e);
        }
        let name = backup::file_name(self.tz().local_date(now), encrypted);
        browser::download(&name, "application/json", &text)?;
        browser::set_device_time(LAST_BACKUP, now);
        self.last_backup.set(Some(now));
        Ok(name)
    }

    /// Writes an import plan in one transaction, then reads the book again. A Replace
    /// keeps the book it replaces in IndexedDB, for Undo.
    pub async fn apply_import(
        self,
        plan: Plan,
        progress: impl Fn(usize, usize),
    ) -> Result<(), StoreError> {
        let store = self.store()?;
        let w = &plan.write;
        browser::mark("bakkal:import-write-start");
        store.import(w, plan.replace, progress).await?;
        browser::mark("bakkal:import-write-end");
        self.ask_persistence_once();
        self.load(store.clone()).await;
        self.revision.update(|r| *r += 1);
        self.can_undo_replace
            .set(store.has_snapshot().await.unwrap_or(false));
        self.announce(Changed {
            everything: true,
            ..Changed::default()
        });
        Ok(())
    }

    /// Puts back the book the last Replace removed.
    pub async fn undo_replace(self) {
        let result = async {
            let store = self.store()?;
            let done = store.undo_replace().await?;
            if done {
                self.load(store).await;
                self.revision.update(|r| *r += 1);
                self.announce(Changed {
                    everything: true,
                    ..Changed::default()
                });
            }
            Ok::<_, StoreError>(done)
        }
        .await;
        self.can_undo_replace.set(false);
        match result {
            Ok(true) => self.notify(Notice::info(crate::i18n::t().messages.replace_undone)),
            Ok(false) => self.notify(Notice::error(crate::i18n::t().messages.no_replace_to_undo)),
            Err(e) => self.notify(Notice::error(e.to_string())),
        }
    }
}

fn upsert_follow_up(fs: &mut Vec<FollowUp>, f: FollowUp) {
    fs.retain(|x| x.id != f.id);
    if f.is_open() {
        fs.push(f);
        bakkal_core::sort::by_key(fs, |x| x.due);
    }
}
