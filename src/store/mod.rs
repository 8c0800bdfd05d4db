//! The only code that knows IndexedDB. Everything above it speaks in domain types
//! (`Contact`) and [`StoreError`]s; nothing below it knows about the UI.
//!
//! Records are stored as `{ id, doc }`, `doc` being the record's JSON: one string per
//! record is the cheapest thing to move across the wasm boundary and to parse in bulk.

mod idb;
mod records;
pub mod schema;

pub use idb::DomError;

use bakkal_core::analysis::history::{events_of, Event};
use bakkal_core::io::backup::Setting;
use bakkal_core::{Contact, ContactId, FollowUp, Interaction};
use js_sys::Array;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    IdbDatabase, IdbIndex, IdbKeyRange, IdbObjectStore, IdbOpenDbRequest, IdbTransaction,
    IdbTransactionMode,
};

/// How long an open may stay `blocked` (another tab holds an older version open) before we
/// give up and say so.
const BLOCKED_TIMEOUT_MS: i32 = 4000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error("This browser does not let Bakkal store data (IndexedDB is unavailable: {0}). Private windows and some privacy settings block it; open Bakkal in a normal window.")]
    Unavailable(String),
    #[error("Another Bakkal tab is still using an older version of the data. Close the other Bakkal tabs, then reload this page.")]
    Blocked,
    #[error("The data in this browser was written by a newer version of Bakkal. Reload the page to get the newer version.")]
    NewerVersion,
    #[error("Bakkal was updated in another tab. Reload this page to continue; nothing was lost.")]
    Closed,
    #[error("The browser has no more storage space for Bakkal. Free some disk space or delete old data, then try again. Nothing was saved.")]
    QuotaExceeded,
    #[error("{count} stored record(s) could not be read and were left untouched (first problem: {first}).")]
    Unreadable { count: usize, first: String },
    #[error("Saving failed ({0}). Nothing was changed.")]
    Failed(String),
}

impl From<DomError> for StoreError {
    fn from(e: DomError) -> Self {
        match e.name.as_str() {
            "QuotaExceededError" => StoreError::QuotaExceeded,
            "VersionError" => StoreError::NewerVersion,
            "InvalidStateError" => StoreError::Closed,
            "SecurityError" | "NotSupportedError" => StoreError::Unavailable(e.message),
            _ => StoreError::Failed(format!("{}: {}", e.name, e.message)),
        }
    }
}

/// What loading found: the readable records, and a warning if some were not.
pub struct Loaded<T> {
    pub items: Vec<T>,
    pub problem: Option<StoreError>,
}

/// A contact as loaded, with its history.
pub type ContactWithHistory = (Contact, Vec<Event>);

/// An open connection to the book's database.
#[derive(Clone, Debug)]
pub struct Store {
    db: IdbDatabase,
}

impl Store {
    /// Opens (creating or upgrading) the app's database. `on_close` runs when another tab
    /// upgrades the database: the connection is closed first so that tab is not blocked.
    pub async fn open(on_close: impl Fn() + 'static) -> Result<Store, StoreError> {
        Self::open_at(schema::DB_NAME, schema::CURRENT_VERSION, on_close).await
    }

    /// Opens database `name` at `version` (tests use earlier versions and other names).
    pub async fn open_at(
        name: &str,
        version: u32,
        on_close: impl Fn() + 'static,
    ) -> Result<Store, StoreError> {
        let window =
            web_sys::window().ok_or_else(|| StoreError::Unavailable("no window".into()))?;
        let factory = window
            .indexed_db()
            .map_err(|e| StoreError::Unavailable(DomError::from_js(e).message))?
            .ok_or_else(|| StoreError::Unavailable("indexedDB is missing".into()))?;
        let req: IdbOpenDbRequest = factory
            .open_with_u32(name, version)
            .map_err(|e| StoreError::Unavailable(DomError::from_js(e).message))?;

        let upgrade_req = req.clone();
        let on_upgrade = Closure::once_into_js(move |ev: web_sys::IdbVersionChangeEvent| {
            let old = ev.old_version() as u32;
            let new = ev.new_version().map(|v| v as u32).unwrap_or(version);
            let (Ok(db), Some(tx)) = (
                upgrade_req
                    .result()
                    .and_then(|r| r.dyn_into::<IdbDatabase>()),
                upgrade_req.transaction(),
            ) else {
                return;
            };
            if schema::upgrade(&db, &tx, old, new).is_err() {
                // Aborting makes the open fail with AbortError; the old data stays as it was.
                let _ = tx.abort();
            }
        });
        req.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));

        let opened = idb::promise(|resolve, reject| {
            req.set_onsuccess(Some(&resolve));
            req.set_onerror(Some(&reject));
        });
        let blocked = idb::promise(|resolve, _| req.set_onblocked(Some(&resolve)));
        let race = |a: &js_sys::Promise, b: &js_sys::Promise| {
            JsFuture::from(js_sys::Promise::race(&Array::of2(a, b)))
        };
        let first = race(&opened, &blocked).await;
        let was_blocked = matches!(&first, Ok(v) if is_event(v, "blocked"));
        let outcome = if was_blocked {
            // Give the other tab a moment to close its connection, then give up.
            let second = race(&opened, &idb::delay(BLOCKED_TIMEOUT_MS)).await;
            match second {
                Ok(v) if v.is_undefined() => return Err(StoreError::Blocked),
                other => other,
            }
        } else {
            first
        };
        if outcome.is_err() {
            let err = req
                .error()
                .ok()
                .flatten()
                .map(DomError::from)
                .unwrap_or_else(|| DomError::new("UnknownError", "could not open the database"));
            return Err(match err.name.as_str() {
                // Chromium reports a failed open under storage pressure as AbortError.
                "AbortError" | "UnknownError" => StoreError::Unavailable(err.message),
                _ => err.into(),
            });
        }
        let db: IdbDatabase = req
            .result()
            .and_then(|r| r.dyn_into())
            .map_err(|e| StoreError::Failed(DomError::from_js(e).message))?;
        let db_for_close = db.clone();
        let on_versionchange = Closure::<dyn FnMut(JsValue)>::new(move |_| {
            db_for_close.close();
            on_close();
        });
        db.set_onversionchange(Some(on_versionchange.as_ref().unchecked_ref()));
        // One handler per connection, for the connection's whole life.
        on_versionchange.forget();
        Ok(Store { db })
    }

    /// Deletes a whole database (tests; resolves once no connection holds it open).
    pub async fn delete_database(name: &str) -> Result<(), StoreError> {
        let factory = web_sys::window()
            .and_then(|w| w.indexed_db().ok().flatten())
            .ok_or_else(|| StoreError::Unavailable("indexedDB is missing".into()))?;
        let req = factory.delete_database(name).map_err(DomError::from_js)?;
        idb::request(&req).await?;
        Ok(())
    }

    pub fn close(&self) {
        self.db.close();
    }

    pub fn version(&self) -> u32 {
        self.db.version() as u32
    }

    fn transaction(
        &self,
        stores: &[&str],
        mode: IdbTransactionMode,
    ) -> Result<IdbTransaction, StoreError> {
        let names: Array = stores.iter().map(|s| JsValue::from_str(s)).collect();
        self.db
            .transaction_with_str_sequence_and_mode(&names, mode)
            .map_err(|e| DomError::from_js(e).into())
    }

    /// Every contact record with its history, tombstones included.
    pub async fn load_contacts(&self) -> Result<Loaded<ContactWithHistory>, StoreError> {
        let tx = self.transaction(&[schema::CONTACTS], IdbTransactionMode::Readonly)?;
        let all = get_all(&object_store(&tx, schema::CONTACTS)?, None, None).await?;
        crate::browser::mark("bakkal:records-read");
        Ok(parse_contacts(all))
    }

    /// The first `n` live contacts in list order, and how many live contacts there are:
    /// enough to show the first screen before the whole book is read.
    pub async fn first_page(
        &self,
        n: u32,
    ) -> Result<(Loaded<ContactWithHistory>, u32), StoreError> {
        let tx = self.transaction(&[schema::CONTACTS], IdbTransactionMode::Readonly)?;
        let index = index(&tx, schema::CONTACTS, schema::CONTACTS_BY_SORT)?;
        let page = index
            .get_all_with_key_and_limit(&JsValue::NULL, n)
            .map_err(DomError::from_js)?;
        let count = index.count().map_err(DomError::from_js)?;
        let all: Array = idb::request(&page).await?.unchecked_into();
        let total = idb::request(&count).await?.as_f64().unwrap_or(0.0) as u32;
        Ok((parse_contacts(all), total))
    }

    /// Writes contacts (with their histories) in one transaction; returns once it has
    /// committed. Either all are written or none.
    pub async fn put_contacts<'a>(
        &self,
        contacts: impl IntoIterator<Item = (&'a Contact, &'a [Event])>,
    ) -> Result<(), StoreError> {
        let tx = self.transaction(&[schema::CONTACTS], IdbTransactionMode::Readwrite)?;
        let store = object_store(&tx, schema::CONTACTS)?;
        for (c, events) in contacts {
            put(&tx, &store, records::contact(c, events)?)?;
        }
        idb::done(&tx).await.map_err(Into::into)
    }

    /// Writes many records of every kind in one transaction (sample data, generated books,
    /// contact imports): all or nothing.
    pub async fn put_bulk(
        &self,
        contacts: &[ContactWithHistory],
        interactions: &[Interaction],
        follow_ups: &[FollowUp],
    ) -> Result<(), StoreError> {
        self.import(contacts, interactions, follow_ups, &[], false, |_, _| {})
            .await
    }

    /// Every interaction, follow-up and setting, deleted ones included (for backups).
    pub async fn all_records(
        &self,
    ) -> Result<(Vec<Interaction>, Vec<FollowUp>, Vec<Setting>), StoreError> {
        let tx = self.transaction(
            &[schema::INTERACTIONS, schema::FOLLOW_UPS, schema::SETTINGS],
            IdbTransactionMode::Readonly,
        )?;
        let i = get_all(&object_store(&tx, schema::INTERACTIONS)?, None, None).await?;
        let f = get_all(&object_store(&tx, schema::FOLLOW_UPS)?, None, None).await?;
        let s = get_all(&object_store(&tx, schema::SETTINGS)?, None, None).await?;
        let (i, f, s): (Loaded<Interaction>, Loaded<FollowUp>, Loaded<Setting>) =
            (parse_all(i), parse_all(f), parse_all(s));
        if let Some(p) = i.problem.or(f.problem).or(s.problem) {
            // A backup that silently skipped records would not be a backup.
            return Err(p);
        }
        Ok((i.items, f.items, s.items))
    }

    /// Writes an import in one transaction: everything or nothing. With `replace`, the
    /// stores are emptied first (inside the same transaction, so a failure keeps the old
    /// book).
    pub async fn import(
        &self,
        contacts: &[ContactWithHistory],
        interactions: &[Interaction],
        follow_ups: &[FollowUp],
        settings: &[Setting],
        replace: bool,
        progress: impl Fn(usize, usize),
    ) -> Result<(), StoreError> {
        let stores = [
            schema::CONTACTS,
            schema::INTERACTIONS,
            schema::FOLLOW_UPS,
            schema::SETTINGS,
        ];
        let tx = self.transaction(&stores, IdbTransactionMode::Readwrite)?;
        if replace {
            for s in stores {
                object_store(&tx, s)?.clear().map_err(DomError::from_js)?;
            }
        }
        let total = contacts.len() + interactions.len() + follow_ups.len() + settings.len();
        let mut w = Chunked {
            tx: &tx,
            total,
            done: 0,
            progress,
        };
        let store = object_store(&tx, schema::CONTACTS)?;
        for (c, events) in contacts {
            w.put(&store, records::contact(c, events)?).await?;
        }
        let store = object_store(&tx, schema::INTERACTIONS)?;
        for i in interactions {
            w.put(&store, records::interaction(i)?).await?;
        }
        let store = object_store(&tx, schema::FOLLOW_UPS)?;
        for f in follow_ups {
            w.put(&store, records::follow_up(f)?).await?;
        }
        let store = object_store(&tx, schema::SETTINGS)?;
        for s in settings {
            w.put(&store, records::setting(s)?).await?;
        }
        idb::done(&tx).await.map_err(Into::into)
    }

    /// A contact's live interactions, newest first.
    pub async fn timeline(&self, contact: ContactId) -> Result<Loaded<Interaction>, StoreError> {
        let tx = self.transaction(&[schema::INTERACTIONS], IdbTransactionMode::Readonly)?;
        let index = index(&tx, schema::INTERACTIONS, schema::INTERACTIONS_TIMELINE)?;
        let range = contact_range(contact)?;
        Ok(parse_all(get_all_index(&index, Some(&range), None).await?))
    }

    /// Open complaints and requests, oldest first.
    pub async fn open_items(&self) -> Result<Loaded<Interaction>, StoreError> {
        let tx = self.transaction(&[schema::INTERACTIONS], IdbTransactionMode::Readonly)?;
        let index = index(&tx, schema::INTERACTIONS, schema::INTERACTIONS_OPEN)?;
        let mut loaded: Loaded<Interaction> = parse_all(get_all_index(&index, None, None).await?);
        loaded.items.reverse();
        Ok(loaded)
    }

    /// Open follow-ups, soonest first.
    pub async fn open_follow_ups(&self) -> Result<Loaded<FollowUp>, StoreError> {
        let tx = self.transaction(&[schema::FOLLOW_UPS], IdbTransactionMode::Readonly)?;
        let index = index(&tx, schema::FOLLOW_UPS, schema::FOLLOW_UPS_BY_DUE)?;
        Ok(parse_all(get_all_index(&index, None, None).await?))
    }

    /// Up to `n` live interactions, newest first, strictly older than the one whose
    /// `reverse_time_key` is `after` (the previous page's last), and not older than `until`
    /// (a `reverse_time_key` bound) when given.
    pub async fn activity_page(
        &self,
        after: Option<&str>,
        until: Option<&str>,
        n: u32,
    ) -> Result<Loaded<Interaction>, StoreError> {
        let tx = self.transaction(&[schema::INTERACTIONS], IdbTransactionMode::Readonly)?;
        let index = index(&tx, schema::INTERACTIONS, schema::INTERACTIONS_BY_TIME)?;
        let lower = after.map(JsValue::from_str);
        let upper = until.map(JsValue::from_str);
        let range = match (&lower, &upper) {
            (Some(l), Some(u)) => Some(IdbKeyRange::bound_with_lower_open_and_upper_open(
                l, u, true, false,
            )),
            (Some(l), None) => Some(IdbKeyRange::lower_bound_with_open(l, true)),
            (None, Some(u)) => Some(IdbKeyRange::upper_bound(u)),
            (None, None) => None,
        }
        .transpose()
        .map_err(DomError::from_js)?;
        Ok(parse_all(
            get_all_index(&index, range.as_ref(), Some(n)).await?,
        ))
    }

    /// Saves an interaction (new, edited, resolved or deleted) and the follow-up set with
    /// it, and refreshes the contact's history, all in one transaction. Returns the new
    /// history.
    pub async fn save_interaction(
        &self,
        interaction: &Interaction,
        contact: &Contact,
        follow_up: Option<&FollowUp>,
    ) -> Result<Vec<Event>, StoreError> {
        let tx = self.transaction(
            &[schema::CONTACTS, schema::INTERACTIONS, schema::FOLLOW_UPS],
            IdbTransactionMode::Readwrite,
        )?;
        let interactions = object_store(&tx, schema::INTERACTIONS)?;
        let timeline = index(&tx, schema::INTERACTIONS, schema::INTERACTIONS_TIMELINE)?;
        let current: Loaded<Interaction> =
            parse_all(get_all_index(&timeline, Some(&contact_range(contact.id)?), None).await?);
        let mut all: Vec<Interaction> = current
            .items
            .into_iter()
            .filter(|i| i.id != interaction.id)
            .collect();
        all.push(interaction.clone());
        let events = events_of(&all);
        put(&tx, &interactions, records::interaction(interaction)?)?;
        put(
            &tx,
            &object_store(&tx, schema::CONTACTS)?,
            records::contact(contact, &events)?,
        )?;
        if let Some(f) = follow_up {
            put(
                &tx,
                &object_store(&tx, schema::FOLLOW_UPS)?,
                records::follow_up(f)?,
            )?;
        }
        idb::done(&tx).await?;
        Ok(events)
    }

    /// Every saved setting (value weights, saved segments…).
    pub async fn settings(&self) -> Result<Loaded<Setting>, StoreError> {
        let tx = self.transaction(&[schema::SETTINGS], IdbTransactionMode::Readonly)?;
        Ok(parse_all(
            get_all(&object_store(&tx, schema::SETTINGS)?, None, None).await?,
        ))
    }

    /// Writes one setting; returns once it has committed.
    pub async fn put_setting(&self, s: &Setting) -> Result<(), StoreError> {
        let tx = self.transaction(&[schema::SETTINGS], IdbTransactionMode::Readwrite)?;
        put(
            &tx,
            &object_store(&tx, schema::SETTINGS)?,
            records::setting(s)?,
        )?;
        idb::done(&tx).await.map_err(Into::into)
    }

    pub async fn put_follow_up(&self, f: &FollowUp) -> Result<(), StoreError> {
        let tx = self.transaction(&[schema::FOLLOW_UPS], IdbTransactionMode::Readwrite)?;
        put(
            &tx,
            &object_store(&tx, schema::FOLLOW_UPS)?,
            records::follow_up(f)?,
        )?;
        idb::done(&tx).await.map_err(Into::into)
    }

    /// Writes a deleted (tombstoned) or restored contact together with its interactions
    /// and follow-ups: on delete every live one is tombstoned with the contact's deletion
    /// time; on restore those carrying exactly that time come back. One transaction.
    pub async fn set_contact_deleted(
        &self,
        contact: &Contact,
        deleted_at: chrono::DateTime<chrono::Utc>,
        restore: bool,
    ) -> Result<Vec<Event>, StoreError> {
        let tx = self.transaction(
            &[schema::CONTACTS, schema::INTERACTIONS, schema::FOLLOW_UPS],
            IdbTransactionMode::Readwrite,
        )?;
        let range = IdbKeyRange::only(&JsValue::from_str(&contact.id.to_string()))
            .map_err(DomError::from_js)?;
        let interactions: Loaded<Interaction> = parse_all(
            get_all_index(
                &index(&tx, schema::INTERACTIONS, schema::INTERACTIONS_BY_CONTACT)?,
                Some(&range),
                None,
            )
            .await?,
        );
        let follow_ups: Loaded<FollowUp> = parse_all(
            get_all_index(
                &index(&tx, schema::FOLLOW_UPS, schema::FOLLOW_UPS_BY_CONTACT)?,
                Some(&range),
                None,
            )
            .await?,
        );
        let now = contact.updated_at;
        let i_store = object_store(&tx, schema::INTERACTIONS)?;
        let mut all = Vec::new();
        for mut i in interactions.items {
            let change = if restore {
                i.deleted_at == Some(deleted_at)
            } else {
                !i.is_deleted()
            };
            if change {
                if restore {
                    i.restore(now)
                } else {
                    i.deleted_at = Some(deleted_at);
                    i.updated_at = now;
                }
                put(&tx, &i_store, records::interaction(&i)?)?;
            }
            all.push(i);
        }
        let f_store = object_store(&tx, schema::FOLLOW_UPS)?;
        for mut f in follow_ups.items {
            let change = if restore {
                f.deleted_at == Some(deleted_at)
            } else {
                f.deleted_at.is_none()
            };
            if change {
                if restore {
                    f.restore(now)
                } else {
                    f.deleted_at = Some(deleted_at);
                    f.updated_at = now;
                }
                put(&tx, &f_store, records::follow_up(&f)?)?;
            }
        }
        let events = events_of(&all);
        put(
            &tx,
            &object_store(&tx, schema::CONTACTS)?,
            records::contact(contact, &events)?,
        )?;
        idb::done(&tx).await?;
        Ok(events)
    }
}

fn object_store(tx: &IdbTransaction, name: &str) -> Result<IdbObjectStore, StoreError> {
    tx.object_store(name)
        .map_err(|e| DomError::from_js(e).into())
}

fn index(tx: &IdbTransaction, store: &str, name: &str) -> Result<IdbIndex, StoreError> {
    object_store(tx, store)?
        .index(name)
        .map_err(|e| DomError::from_js(e).into())
}

/// Issues a put; on failure aborts the transaction so nothing of it is written.
fn put(tx: &IdbTransaction, store: &IdbObjectStore, record: JsValue) -> Result<(), StoreError> {
    store.put(&record).map(|_| ()).map_err(|e| {
        let _ = tx.abort();
        DomError::from_js(e).into()
    })
}

/// Puts in chunks inside one transaction: after every `CHUNK` puts it awaits the last
/// put's success. Awaiting the transaction's own request keeps it alive (it still commits
/// or fails as a whole), while the browser gets to paint and handle input in between.
struct Chunked<'t, P: Fn(usize, usize)> {
    tx: &'t IdbTransaction,
    total: usize,
    done: usize,
    progress: P,
}

impl<P: Fn(usize, usize)> Chunked<'_, P> {
    const CHUNK: usize = 2000;

    async fn put(&mut self, store: &IdbObjectStore, record: JsValue) -> Result<(), StoreError> {
        let req = store.put(&record).map_err(|e| {
            let _ = self.tx.abort();
            StoreError::from(DomError::from_js(e))
        })?;
        self.done += 1;
        if self.done.is_multiple_of(Self::CHUNK) {
            idb::request(&req).await?;
            (self.progress)(self.done, self.total);
        }
        Ok(())
    }
}

/// Keys `[contact, …]` of one contact in a compound index.
fn contact_range(contact: ContactId) -> Result<IdbKeyRange, StoreError> {
    let id = JsValue::from_str(&contact.to_string());
    let lower = Array::of1(&id);
    let upper = Array::of2(&id, &JsValue::from_str("\u{ffff}"));
    IdbKeyRange::bound(&lower, &upper).map_err(|e| DomError::from_js(e).into())
}

async fn get_all(
    store: &IdbObjectStore,
    range: Option<&IdbKeyRange>,
    n: Option<u32>,
) -> Result<Array, StoreError> {
    let query = range.map(JsValue::from).unwrap_or(JsValue::NULL);
    let req = match n {
        Some(n) => store.get_all_with_key_and_limit(&query, n),
        None => store.get_all_with_key(&query),
    }
    .map_err(DomError::from_js)?;
    Ok(idb::request(&req).await?.unchecked_into())
}

async fn get_all_index(
    index: &IdbIndex,
    range: Option<&IdbKeyRange>,
    n: Option<u32>,
) -> Result<Array, StoreError> {
    let query = range.map(JsValue::from).unwrap_or(JsValue::NULL);
    let req = match n {
        Some(n) => index.get_all_with_key_and_limit(&query, n),
        None => index.get_all_with_key(&query),
    }
    .map_err(DomError::from_js)?;
    Ok(idb::request(&req).await?.unchecked_into())
}

fn is_event(v: &JsValue, kind: &str) -> bool {
    v.dyn_ref::<web_sys::Event>()
        .is_some_and(|e| e.type_() == kind)
}

/// Parses stored records; unreadable ones are counted and left in the store untouched.
fn parse_all<T: serde::de::DeserializeOwned>(all: Array) -> Loaded<T> {
    parse_with(all, |r| records::parse(r))
}

fn parse_contacts(all: Array) -> Loaded<ContactWithHistory> {
    parse_with(all, |r| {
        records::parse(r).map(|c| (c, records::parse_history(r)))
    })
}

fn parse_with<T>(all: Array, parse: impl Fn(&JsValue) -> Result<T, String>) -> Loaded<T> {
    let mut items = Vec::with_capacity(all.length() as usize);
    let mut bad = 0;
    let mut first = String::new();
    for record in all.iter() {
        match parse(&record) {
            Ok(c) => items.push(c),
            Err(e) => {
                if bad == 0 {
                    first = e;
                }
                bad += 1;
            }
        }
    }
    let problem = (bad > 0).then_some(StoreError::Unreadable { count: bad, first });
    Loaded { items, problem }
}

pub use records::{reverse_time_key, time_bound_key};
