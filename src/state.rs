//! The app's state and the actions that change it. Components call these; each action
//! writes to the store first and changes the in-memory state only once the write has
//! committed, so the screen never shows what is not saved.

use crate::browser;
use crate::store::{Store, StoreError};
use bakkal_core::analysis::value::{self, Facts, Scoring, ValueSettings};
use bakkal_core::analysis::Tz;
use bakkal_core::book::{Book, SearchResult};
use bakkal_core::io::backup::Setting;
use bakkal_core::io::backup::{self, Records};
use bakkal_core::io::merge::Plan;
use bakkal_core::model::saved_segment::SavedSegments;
use bakkal_core::route::Route;
use bakkal_core::segment::{self, ParseError};
use bakkal_core::{Contact, ContactId, FollowUp, FollowUpId, Interaction};
use leptos::prelude::*;

/// Where the database connection stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbState {
    Opening,
    Ready,
    /// Opening failed, or the connection was closed for another tab: the message says what
    /// the user can do.
    Failed(String),
}

/// A message shown at the bottom of the screen; an Undo notice carries what to restore.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub id: u64,
    pub text: String,
    pub is_error: bool,
    pub undo: Vec<ContactId>,
}

/// Contacts read before the first screen is shown (more than a tall screen's rows).
const FIRST_PAGE: u32 = 60;

/// Device-local keys (localStorage): when the last backup was exported, and when the book
/// last changed (the first change counts as the start when there never was a backup).
pub const LAST_BACKUP: &str = "bakkal.last-backup";
pub const LAST_CHANGE: &str = "bakkal.last-change";
pub const FIRST_CHANGE: &str = "bakkal.first-change";

/// How long an Undo stays on screen.
pub const UNDO_SECONDS: u32 = 20;

#[derive(Clone, Copy)]
pub struct AppState {
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
    pub facts: Memo<Facts>,
    /// Scores and tiers (recomputed when facts, weights or cut-offs change).
    pub scoring: Memo<Scoring>,
    store: StoredValue<Option<Store>, LocalStorage>,
    persistence_asked: StoredValue<bool>,
    notice_seq: StoredValue<u64>,
}

impl AppState {
    /// Fresh state, routed to wherever the URL points.
    pub fn from_url() -> Self {
        let book = RwSignal::new(Book::default());
        let value = RwSignal::new(ValueSettings::default());
        // Only what facts depend on, so a weight change does not recompute them.
        let basis = Memo::new(move |_| value.with(|v| (v.lapse(), v.home_currency.clone())));
        let facts = Memo::new(move |_| {
            let (lapse_days, home_currency) = basis.get();
            let settings = ValueSettings {
                lapse_days,
                home_currency,
                ..ValueSettings::default()
            };
            browser::mark("bakkal:facts-start");
            let f = book.with(|b| value::facts(b, &settings, browser::now(), browser::tz()));
            browser::mark("bakkal:facts-end");
            f
        });
        let scoring = Memo::new(move |_| {
            let settings = value.get();
            browser::mark("bakkal:scoring-start");
            let s = facts.with(|f| value::scoring(f, &settings));
            browser::mark("bakkal:scoring-end");
            s
        });
        AppState {
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
            revision: RwSignal::new(0),
            last_backup: RwSignal::new(browser::device_time(LAST_BACKUP)),
            store: StoredValue::new_local(None),
            persistence_asked: StoredValue::new(false),
            notice_seq: StoredValue::new(0),
        }
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
        self.load(store).await;
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
        // Setting it again would rebuild the screen (a reload after an import keeps it).
        if self.db.get_untracked() != DbState::Ready {
            self.db.set(DbState::Ready);
        }
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
            self.show(p.to_string(), true, vec![]);
        }
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
            self.with_analysis(|b, f, s| b.find(&seg, order, previous, Some((f, s, tz))))
        } else {
            self.book.with(|b| b.find(&seg, order, previous, None))
        })
    }

    /// Reads the book with its facts and scores together (tracked in a reactive context).
    pub fn with_analysis<R>(&self, f: impl FnOnce(&Book, &Facts, &Scoring) -> R) -> R {
        self.book
            .with(|b| self.facts.with(|fa| self.scoring.with(|s| f(b, fa, s))))
    }

    /// Takes the stored settings into the app (unknown keys are kept in the store only).
    fn apply_settings(&self, settings: &[Setting]) {
        let find = |key: &str| settings.iter().find(|s| s.key == key);
        let v = find(ValueSettings::KEY)
            .map(|s| ValueSettings::from_json(&s.value))
            .unwrap_or_default();
        if self.value.with_untracked(|x| *x != v) {
            self.value.set(v);
        }
        let segs = find(SavedSegments::KEY)
            .map(|s| SavedSegments::from_json(&s.value))
            .unwrap_or_default();
        if self.segments.with_untracked(|x| *x != segs) {
            self.segments.set(segs);
        }
    }

    /// Saves the value settings; the screen follows once they are stored.
    pub async fn save_value(self, v: ValueSettings) -> Result<(), StoreError> {
        self.put_setting(ValueSettings::KEY, v.to_json()).await?;
        self.value.set(v);
        Ok(())
    }

    /// Saves the list of named segments.
    pub async fn save_segments(self, segs: SavedSegments) -> Result<(), StoreError> {
        self.put_setting(SavedSegments::KEY, segs.to_json()).await?;
        self.segments.set(segs);
        Ok(())
    }

    async fn put_setting(self, key: &str, value: String) -> Result<(), StoreError> {
        let s = Setting {
            key: key.into(),
            value,
            updated_at: browser::now(),
        };
        self.store()?.put_setting(&s).await?;
        self.ask_persistence_once().await;
        Ok(())
    }

    fn store(&self) -> Result<Store, StoreError> {
        self.store.get_value().ok_or(StoreError::Closed)
    }

    /// Goes to a route, adding a history entry.
    pub fn go(&self, route: Route) {
        browser::push_hash(&route.to_hash());
        self.route.set(route);
    }

    /// Shows a notice; it disappears by itself after a while unless a newer one replaced it.
    pub fn show(&self, text: String, is_error: bool, undo: Vec<ContactId>) {
        let id = self.notice_seq.get_value() + 1;
        self.notice_seq.set_value(id);
        self.notice.set(Some(Notice {
            id,
            text,
            is_error,
            undo,
        }));
        let notice = self.notice;
        let secs = if is_error { 60 } else { UNDO_SECONDS };
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
            Ok(text) => self.show(text, false, vec![]),
            Err(e) => self.show(e.to_string(), true, vec![]),
        }
    }

    /// Writes contacts durably, then shows them. On failure nothing changes on screen.
    pub async fn save(self, contacts: Vec<Contact>) -> Result<(), StoreError> {
        let histories: Vec<Vec<bakkal_core::analysis::history::Event>> = self
            .book
            .with_untracked(|b| contacts.iter().map(|c| b.history(c.id).to_vec()).collect());
        self.store()?
            .put_contacts(contacts.iter().zip(histories.iter().map(Vec::as_slice)))
            .await?;
        self.book.update(|b| b.upsert_many(contacts));
        self.ask_persistence_once().await;
        Ok(())
    }

    /// The first save is when the user has something to lose: ask the browser then not to
    /// evict our storage.
    async fn ask_persistence_once(self) {
        let now = browser::now();
        browser::set_device_time(LAST_CHANGE, now);
        if browser::device_time(FIRST_CHANGE).is_none() {
            browser::set_device_time(FIRST_CHANGE, now);
        }
        if !self.persistence_asked.get_value() {
            self.persistence_asked.set_value(true);
            browser::request_persistence().await;
        }
    }

    /// Deletes (tombstones) a contact with its interactions and follow-ups; offers Undo.
    pub async fn delete(self, id: ContactId) {
        let Some(mut c) = self.book.with_untracked(|b| b.get(id).cloned()) else {
            return;
        };
        let now = browser::now();
        c.tombstone(now);
        let name = c.display_name.clone();
        let result = async { self.store()?.set_contact_deleted(&c, now, false).await }.await;
        match result {
            Ok(events) => {
                self.book.update(|b| {
                    b.set_history(id, events);
                    b.upsert(c);
                });
                self.revision.update(|r| *r += 1);
                self.ask_persistence_once().await;
                self.show(format!("Deleted {name}."), false, vec![id]);
            }
            Err(e) => self.show(e.to_string(), true, vec![]),
        }
    }

    /// Brings back what a delete removed: the contacts, and their interactions and
    /// follow-ups deleted with them.
    pub async fn undo(self, ids: Vec<ContactId>) {
        let now = browser::now();
        let mut restored = 0;
        for id in ids {
            let Some(mut c) = self.book.with_untracked(|b| b.get_any(id).cloned()) else {
                continue;
            };
            let Some(deleted_at) = c.deleted_at else {
                continue;
            };
            c.restore(now);
            let result = async {
                self.store()?
                    .set_contact_deleted(&c, deleted_at, true)
                    .await
            }
            .await;
            match result {
                Ok(events) => {
                    self.book.update(|b| {
                        b.set_history(id, events);
                        b.upsert(c);
                    });
                    restored += 1;
                }
                Err(e) => return self.show(e.to_string(), true, vec![]),
            }
        }
        self.revision.update(|r| *r += 1);
        self.ask_persistence_once().await;
        self.show(format!("Restored {restored} contact(s)."), false, vec![]);
    }

    /// Saves an interaction (new or edited, resolved or deleted) with an optional
    /// follow-up, and refreshes the contact's history.
    pub async fn save_interaction(
        self,
        i: Interaction,
        follow_up: Option<FollowUp>,
    ) -> Result<(), StoreError> {
        let contact = self
            .book
            .with_untracked(|b| b.get(i.contact_id).cloned())
            .ok_or_else(|| StoreError::Failed("the contact no longer exists".into()))?;
        let events = self
            .store()?
            .save_interaction(&i, &contact, follow_up.as_ref())
            .await?;
        self.book.update(|b| b.set_history(i.contact_id, events));
        self.open_items.update(|items| {
            items.retain(|x| x.id != i.id);
            if i.is_open() {
                items.push(i.clone());
                items.sort_by_key(|x| x.at);
            }
        });
        if let Some(f) = follow_up {
            self.follow_ups.update(|fs| upsert_follow_up(fs, f));
        }
        self.revision.update(|r| *r += 1);
        self.ask_persistence_once().await;
        Ok(())
    }

    /// Adds or changes a follow-up on its own.
    pub async fn save_follow_up(self, f: FollowUp) -> Result<(), StoreError> {
        self.store()?.put_follow_up(&f).await?;
        self.follow_ups.update(|fs| upsert_follow_up(fs, f));
        self.ask_persistence_once().await;
        Ok(())
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
            .map(|_| "Follow-up done.".to_string());
        self.report(result);
    }

    /// Marks an open complaint or request resolved today.
    pub async fn resolve(self, mut i: Interaction) {
        let now = browser::now();
        i.resolve(self.tz().local_date(now), now);
        let what = i.kind.label().to_lowercase();
        let result = self
            .save_interaction(i, None)
            .await
            .map(|_| format!("The {what} is resolved."));
        self.report(result);
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

    /// Writes a whole generated or sample book in one transaction and shows it.
    pub async fn save_bulk(
        self,
        contacts: Vec<Contact>,
        interactions: Vec<Interaction>,
        follow_ups: Vec<FollowUp>,
    ) -> Result<(), StoreError> {
        use bakkal_core::analysis::history::events_of;
        use std::collections::HashMap;
        let mut by_contact: HashMap<ContactId, Vec<&Interaction>> = HashMap::new();
        for i in &interactions {
            by_contact.entry(i.contact_id).or_default().push(i);
        }
        // Contacts without new interactions keep the history they have.
        let records: Vec<(Contact, Vec<_>)> = self.book.with_untracked(|b| {
            contacts
                .into_iter()
                .map(|c| {
                    let events = match by_contact.get(&c.id) {
                        Some(v) => events_of(v.iter().copied()),
                        None => b.history(c.id).to_vec(),
                    };
                    (c, events)
                })
                .collect()
        });
        self.store()?
            .put_bulk(&records, &interactions, &follow_ups)
            .await?;
        self.book.update(|b| {
            let mut contacts = Vec::with_capacity(records.len());
            for (c, events) in records {
                b.set_history(c.id, events);
                contacts.push(c);
            }
            b.upsert_many(contacts);
        });
        self.open_items.update(|items| {
            items.extend(interactions.iter().filter(|i| i.is_open()).cloned());
            items.sort_by_key(|x| x.at);
        });
        self.follow_ups.update(|fs| {
            for f in follow_ups.into_iter().filter(FollowUp::is_open) {
                upsert_follow_up(fs, f);
            }
        });
        self.revision.update(|r| *r += 1);
        self.ask_persistence_once().await;
        Ok(())
    }

    /// Adds the sample book with a year of interactions, skipping contacts already here
    /// (loading twice does not duplicate, and never overwrites an edit).
    pub async fn load_sample(self) {
        let now = browser::now();
        let contacts = bakkal_core::sample::sample_book(now);
        let (interactions, follow_ups) =
            bakkal_core::sample::sample_history(&contacts, now, self.tz());
        let fresh: Vec<Contact> = self.book.with_untracked(|b| {
            contacts
                .into_iter()
                .filter(|c| b.get_any(c.id).is_none())
                .collect()
        });
        let ids: std::collections::HashSet<ContactId> = fresh.iter().map(|c| c.id).collect();
        let interactions: Vec<Interaction> = interactions
            .into_iter()
            .filter(|i| ids.contains(&i.contact_id))
            .collect();
        let follow_ups: Vec<FollowUp> = follow_ups
            .into_iter()
            .filter(|f| ids.contains(&f.contact_id))
            .collect();
        let n = fresh.len();
        let result = self
            .save_bulk(fresh, interactions, follow_ups)
            .await
            .map(|_| format!("Added {n} sample contacts with a year of history."));
        self.report(result);
    }
}

impl AppState {
    /// Everything in the book, deleted records included: what a backup holds.
    pub async fn records(self) -> Result<Records, StoreError> {
        let (interactions, follow_ups, settings) = self.store()?.all_records().await?;
        let contacts = self
            .book
            .with_untracked(|b| b.all_records().cloned().collect());
        Ok(Records {
            contacts,
            interactions,
            follow_ups,
            settings,
        })
    }

    /// Exports the whole book (encrypted when a passphrase is given) as a download.
    pub async fn export_backup(self, passphrase: Option<String>) -> Result<String, String> {
        let records = self.records().await.map_err(|e| e.to_string())?;
        let now = browser::now();
        let mut text = backup::export(&records, now, env!("CARGO_PKG_VERSION"));
        if let Some(p) = passphrase {
            let e = crate::crypto::encrypt(&text, &p)
                .await
                .map_err(|e| e.to_string())?;
            text = bakkal_core::io::encrypted::to_json(&e);
        }
        let name = backup::file_name(self.tz().local_date(now));
        browser::download(&name, "application/json", &text)?;
        browser::set_device_time(LAST_BACKUP, now);
        self.last_backup.set(Some(now));
        Ok(name)
    }

    /// Writes an import plan in one transaction, then reads the book again.
    pub async fn apply_import(
        self,
        plan: Plan,
        progress: impl Fn(usize, usize),
    ) -> Result<(), StoreError> {
        use bakkal_core::analysis::history::{apply, events_of};
        use std::collections::{BTreeSet, HashMap};
        let store = self.store()?;
        let w = &plan.write;
        let mut by_contact: HashMap<ContactId, Vec<&Interaction>> = HashMap::new();
        for i in &w.interactions {
            by_contact.entry(i.contact_id).or_default().push(i);
        }
        let contacts: Vec<(Contact, Vec<bakkal_core::analysis::history::Event>)> = if plan.replace {
            w.contacts
                .iter()
                .map(|c| {
                    (
                        c.clone(),
                        by_contact
                            .get(&c.id)
                            .map(|v| events_of(v.iter().copied()))
                            .unwrap_or_default(),
                    )
                })
                .collect()
        } else {
            // Contacts written, and contacts whose interactions changed: their histories.
            let written: HashMap<ContactId, &Contact> =
                w.contacts.iter().map(|c| (c.id, c)).collect();
            let ids: BTreeSet<ContactId> = written
                .keys()
                .copied()
                .chain(by_contact.keys().copied())
                .collect();
            self.book.with_untracked(|b| {
                ids.into_iter()
                    .filter_map(|id| {
                        let c = written
                            .get(&id)
                            .map(|c| (*c).clone())
                            .or_else(|| b.get_any(id).cloned())?;
                        let changed = by_contact.get(&id).cloned().unwrap_or_default();
                        Some((c, apply(b.history(id), &changed)))
                    })
                    .collect()
            })
        };
        browser::mark("bakkal:import-write-start");
        store
            .import(
                &contacts,
                &w.interactions,
                &w.follow_ups,
                &w.settings,
                plan.replace,
                progress,
            )
            .await?;
        browser::mark("bakkal:import-write-end");
        self.ask_persistence_once().await;
        self.load(store).await;
        self.revision.update(|r| *r += 1);
        Ok(())
    }
}

fn upsert_follow_up(fs: &mut Vec<FollowUp>, f: FollowUp) {
    fs.retain(|x| x.id != f.id);
    if f.is_open() {
        fs.push(f);
        fs.sort_by_key(|x| x.due);
    }
}
