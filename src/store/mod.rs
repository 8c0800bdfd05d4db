//! The only code that knows IndexedDB. Everything above it speaks in domain types
//! (`Contact`) and [`StoreError`]s; nothing below it knows about the UI.
//!
//! Records are stored as `{ id, doc }`, `doc` being the record's JSON: one string per
//! record is the cheapest thing to move across the wasm boundary and to parse in bulk.

mod changes;
mod idb;
mod records;
mod relink;
pub mod schema;
mod search_index;

pub use changes::Noted;
pub use idb::DomError;

use bakkal_core::analysis::history::{events_of, Event};
use bakkal_core::io::backup::{Records, Setting};
use bakkal_core::model::deal::Deal;
use bakkal_core::model::rev::{bump, Rev, Revised};
use bakkal_core::{Contact, ContactId, FollowUp, Interaction};
use js_sys::Array;
pub use records::Kind;
pub use relink::{Move, Relinked, Which};
pub use search_index::{new_set as new_index_set, StoredIndex};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    IdbDatabase, IdbIndex, IdbKeyRange, IdbObjectStore, IdbOpenDbRequest, IdbTransaction,
    IdbTransactionMode,
};

/// How long an open may stay `blocked` (another tab holds an older version open) before we
/// give up and say so.
const BLOCKED_TIMEOUT_MS: i32 = 4000;

/// What went wrong with the browser's storage. What it tells the user is in
/// `i18n/messages.rs` (`store_error`), in the language of the moment it is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// IndexedDB cannot be used here (private window, privacy settings…): the detail.
    Unavailable(String),
    /// Another tab holds an older version of the database open.
    Blocked,
    /// The database was written by a newer version of Bakkal.
    NewerVersion,
    /// The connection was closed for another tab's upgrade.
    Closed,
    /// The browser's storage is full; nothing was saved.
    QuotaExceeded,
    /// Stored records that could not be read (how many, and the first problem).
    Unreadable { count: usize, first: String },
    /// The contact was deleted in another tab or on another device.
    ContactGone,
    /// The deal was changed in another tab or on another device since the screen showed it.
    DealChanged,
    /// Anything else: nothing was changed (the detail).
    Failed(String),
}

impl StoreError {
    /// What this error tells the user, in the current language.
    pub fn text(&self) -> String {
        (crate::i18n::t().messages().store_error)(self)
    }
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text())
    }
}

impl std::error::Error for StoreError {}

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

/// What a checked write found.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome<W, T> {
    /// Written and committed.
    Done(W),
    /// The stored record is no longer the revision the edit started from (another tab
    /// wrote it): nothing was written. The stored version (`None`: it is gone, after a
    /// Replace).
    Stale(Option<T>),
}

/// A readwrite transaction's first step: the stored record with key `key`, parsed.
async fn stored<T: Kind>(req: &web_sys::IdbRequest) -> Result<(JsValue, Option<T>), StoreError> {
    let raw = idb::request(req).await?;
    if raw.is_undefined() || raw.is_null() {
        return Ok((raw, None));
    }
    let parsed = records::parse(&raw)
        .map_err(|e| StoreError::Failed((crate::i18n::t().messages().record_unreadable)(&e)))?;
    Ok((raw, Some(parsed)))
}

fn get(store: &IdbObjectStore, key: &str) -> Result<web_sys::IdbRequest, StoreError> {
    store
        .get(&JsValue::from_str(key))
        .map_err(|e| DomError::from_js(e).into())
}

/// The stored records `reqs` read, if each is still the revision in `bases`; otherwise
/// the first that is not (the transaction is then aborted, as on an error).
async fn checked<'a, T: Kind>(
    tx: &IdbTransaction,
    reqs: &[web_sys::IdbRequest],
    bases: impl Iterator<Item = &'a Rev>,
) -> Result<Result<Vec<JsValue>, Option<T>>, StoreError> {
    let mut raws = Vec::with_capacity(reqs.len());
    for (req, base) in reqs.iter().zip(bases) {
        let (raw, current) = stored::<T>(req).await.inspect_err(|_| {
            let _ = tx.abort();
        })?;
        if !unchanged(&current, base) {
            let _ = tx.abort();
            return Ok(Err(current));
        }
        raws.push(raw);
    }
    Ok(Ok(raws))
}

/// Whether the stored version is still the one an edit started from (`base`: its
/// revision, or no revision for a record not stored yet).
fn unchanged<T: Revised>(current: &Option<T>, base: &Rev) -> bool {
    match current {
        Some(c) => c.rev() == base,
        None => base.is_none(),
    }
}

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
        let factory = factory()?;
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
                .unwrap_or_else(|| {
                    DomError::new("UnknownError", crate::i18n::t().messages().open_failed)
                });
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
        let req = factory()?
            .delete_database(name)
            .map_err(DomError::from_js)?;
        idb::request(&req).await?;
        Ok(())
    }

    pub fn close(&self) {
        self.db.close();
    }

    pub fn version(&self) -> u32 {
        self.db.version() as u32
    }

    /// A transaction over `stores`. A readwrite one on the book also covers the change
    /// log, so every write there is noted for sync (`changes.rs`).
    fn transaction(
        &self,
        stores: &[&str],
        mode: IdbTransactionMode,
    ) -> Result<IdbTransaction, StoreError> {
        let names: Array = stores.iter().map(|s| JsValue::from_str(s)).collect();
        if mode == IdbTransactionMode::Readwrite
            && stores.iter().any(|s| BOOK.contains(s))
            && self.db.object_store_names().contains(schema::CHANGES)
        {
            names.push(&JsValue::from_str(schema::CHANGES));
        }
        self.db
            .transaction_with_str_sequence_and_mode(&names, mode)
            .map_err(|e| DomError::from_js(e).into())
    }

    /// A transaction whose writes are not noted in the change log (records pulled from
    /// the server).
    fn transaction_unlogged(
        &self,
        stores: &[&str],
        mode: IdbTransactionMode,
    ) -> Result<IdbTransaction, StoreError> {
        let names: Array = stores.iter().map(|s| JsValue::from_str(s)).collect();
        self.db
            .transaction_with_str_sequence_and_mode(&names, mode)
            .map_err(|e| DomError::from_js(e).into())
    }

    /// Everything in the book, deleted records included: what a backup holds, and what an
    /// import is planned against.
    pub async fn everything(&self) -> Result<Records, StoreError> {
        let mut records = self.all_records().await?;
        let loaded = self.load_contacts().await?;
        if let Some(p) = loaded.problem {
            return Err(p);
        }
        records.contacts = loaded.items.into_iter().map(|(c, _)| c).collect();
        Ok(records)
    }

    /// Every contact record with its history, tombstones included.
    pub async fn load_contacts(&self) -> Result<Loaded<ContactWithHistory>, StoreError> {
        let tx = self.transaction(&[schema::CONTACTS], IdbTransactionMode::Readonly)?;
        let store = object_store(&tx, schema::CONTACTS)?;
        // In pages by id, back to back in one transaction (each next request is made as
        // the last one's answer arrives, so the transaction stays open): the browser makes
        // a page's records in the task that delivers it, and 50,000 at once were one task
        // of 0.6–1 s.
        let mut pages = Vec::new();
        let mut after: Option<JsValue> = None;
        loop {
            let range = after
                .as_ref()
                .map(|id| IdbKeyRange::lower_bound_with_open(id, true))
                .transpose()
                .map_err(DomError::from_js)?;
            let page = get_all(&store, range.as_ref(), Some(PARSE_SLICE)).await?;
            let n = page.length();
            let last = (n >= PARSE_SLICE)
                .then(|| js_sys::Reflect::get(&page.get(n - 1), &JsValue::from_str("id")).ok())
                .flatten();
            pages.push(page);
            match last {
                Some(id) => after = Some(id),
                None => break,
            }
        }
        crate::browser::mark("bakkal:records-read");
        Ok(parse_sliced(pages, contact_with_history).await)
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

    /// Writes records of one kind, each with the revision its edit started from, if the
    /// store still holds exactly those revisions; otherwise writes nothing and returns the
    /// first stored version that differs. One transaction: all or nothing.
    pub async fn put_checked<T: Kind>(
        &self,
        items: &[(T, Rev)],
    ) -> Result<Outcome<(), T>, StoreError> {
        let tx = self.transaction(&[T::STORE], IdbTransactionMode::Readwrite)?;
        let store = object_store(&tx, T::STORE)?;
        let reqs = items
            .iter()
            .map(|(r, _)| get(&store, &r.key()))
            .collect::<Result<Vec<_>, _>>()?;
        let raws = match checked(&tx, &reqs, items.iter().map(|(_, base)| base)).await? {
            Ok(raws) => raws,
            Err(current) => return Ok(Outcome::Stale(current)),
        };
        crate::browser::mark("bakkal:check-done");
        for ((r, _), raw) in items.iter().zip(&raws) {
            put(&tx, &store, r.to_record(raw)?)?;
        }
        idb::done(&tx).await?;
        Ok(Outcome::Done(()))
    }

    /// Reads records of one kind by key (what another tab announced it changed).
    pub async fn get_many<T: Kind>(&self, keys: &[String]) -> Result<Vec<T>, StoreError> {
        let tx = self.transaction(&[T::STORE], IdbTransactionMode::Readonly)?;
        let store = object_store(&tx, T::STORE)?;
        let reqs = keys
            .iter()
            .map(|k| get(&store, k))
            .collect::<Result<Vec<_>, _>>()?;
        let mut out = Vec::new();
        for req in &reqs {
            if let (_, Some(r)) = stored::<T>(req).await? {
                out.push(r);
            }
        }
        Ok(out)
    }

    /// Contacts by id with their stored histories.
    pub async fn get_contacts(
        &self,
        ids: &[ContactId],
    ) -> Result<Vec<ContactWithHistory>, StoreError> {
        let mut out = Vec::with_capacity(ids.len());
        // In slices: issuing thousands of requests at once (a sync batch's contacts) would
        // hold the page for a quarter of a second.
        for slice in ids.chunks(250) {
            let tx = self.transaction(&[schema::CONTACTS], IdbTransactionMode::Readonly)?;
            let store = object_store(&tx, schema::CONTACTS)?;
            let reqs = slice
                .iter()
                .map(|id| get(&store, &id.to_string()))
                .collect::<Result<Vec<_>, _>>()?;
            for req in &reqs {
                if let (raw, Some(c)) = stored::<Contact>(req).await? {
                    out.push((c, records::parse_history(&raw)));
                }
            }
        }
        Ok(out)
    }

    /// Writes many records of every kind in one transaction (sample data, generated books,
    /// contact imports): all or nothing.
    pub async fn put_bulk(&self, records: &Records) -> Result<(), StoreError> {
        self.import(records, false, |_, _| {}).await
    }

    /// Every record of the book but the contacts (read with their histories by
    /// [`Store::load_contacts`]), deleted ones included: what a backup holds besides them.
    pub async fn all_records(&self) -> Result<Records, StoreError> {
        let tx = self.transaction(
            &[
                schema::INTERACTIONS,
                schema::FOLLOW_UPS,
                schema::DEALS,
                schema::SETTINGS,
            ],
            IdbTransactionMode::Readonly,
        )?;
        let i = get_all(&object_store(&tx, schema::INTERACTIONS)?, None, None).await?;
        let f = get_all(&object_store(&tx, schema::FOLLOW_UPS)?, None, None).await?;
        let d = get_all(&object_store(&tx, schema::DEALS)?, None, None).await?;
        let s = get_all(&object_store(&tx, schema::SETTINGS)?, None, None).await?;
        let (i, f, d, s): (
            Loaded<Interaction>,
            Loaded<FollowUp>,
            Loaded<Deal>,
            Loaded<Setting>,
        ) = (parse_all(i), parse_all(f), parse_all(d), parse_all(s));
        if let Some(p) = i.problem.or(f.problem).or(d.problem).or(s.problem) {
            // A backup that silently skipped records would not be a backup.
            return Err(p);
        }
        Ok(Records {
            contacts: Vec::new(),
            interactions: i.items,
            follow_ups: f.items,
            deals: d.items,
            settings: s.items,
        })
    }

    /// Writes an import in one transaction: everything or nothing. With `replace`, the
    /// book as it was is first kept in the `snapshots` store (for [`Store::undo_replace`])
    /// and the stores emptied, inside the same transaction, so a failure keeps the old
    /// book. Contact histories are derived here, from what the store holds once the
    /// records are in: never from a tab's memory.
    pub async fn import(
        &self,
        records: &Records,
        replace: bool,
        progress: impl Fn(usize, usize),
    ) -> Result<(), StoreError> {
        let tx = self.transaction(&BOOK_AND_SNAPSHOTS, IdbTransactionMode::Readwrite)?;
        let mode = if replace {
            BulkWrite::Replace
        } else {
            BulkWrite::Merge
        };
        all_or_nothing(&tx, self.import_in(&tx, records, mode, progress)).await
    }

    async fn import_in(
        &self,
        tx: &IdbTransaction,
        records: &Records,
        mode: BulkWrite,
        progress: impl Fn(usize, usize),
    ) -> Result<(), StoreError> {
        let replace = mode == BulkWrite::Replace;
        let Records {
            contacts,
            interactions,
            follow_ups,
            deals,
            settings,
        } = records;
        if replace {
            snapshot(tx).await?;
            search_index::forget_in(tx)?;
            for s in BOOK {
                object_store(tx, s)?.clear().map_err(DomError::from_js)?;
            }
        }
        // Which stores hold records already: into an empty store nothing needs merging, and
        // into an empty book (or replacing one) the file's interactions are all there will
        // be, so histories come from them without reading anything back.
        // A pull counts nothing (see `BulkWrite::Pulled`): every store may hold records.
        let mut holds = [matches!(mode, BulkWrite::Pulled { .. }); BOOK.len()];
        if mode == BulkWrite::Merge {
            let reqs = BOOK
                .iter()
                .map(|s| {
                    object_store(tx, s)?
                        .count()
                        .map_err(|e| DomError::from_js(e).into())
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            for (h, req) in holds.iter_mut().zip(&reqs) {
                *h = idb::request(req).await?.as_f64().unwrap_or(0.0) > 0.0;
            }
        }
        let from_file = replace || (!holds[0] && !holds[1]);
        let total = records.len();
        let mut w = Chunked {
            tx,
            total,
            done: 0,
            progress,
            note: changes::BulkNote::new(tx),
        };
        let store = object_store(tx, schema::CONTACTS)?;
        if from_file {
            let mut by_contact: std::collections::HashMap<ContactId, Vec<&Interaction>> =
                std::collections::HashMap::new();
            for i in interactions {
                by_contact.entry(i.contact_id).or_default().push(i);
            }
            for c in contacts {
                let events = by_contact
                    .get(&c.id)
                    .map(|v| events_of(v.iter().copied()))
                    .unwrap_or_default();
                w.put(&store, records::contact(c, &events)?).await?;
            }
        } else {
            w.put_merged(&store, contacts, holds[0]).await?;
        }
        let written = w
            .put_merged(
                &object_store(tx, schema::INTERACTIONS)?,
                interactions,
                holds[1],
            )
            .await?;
        w.put_merged(&object_store(tx, schema::FOLLOW_UPS)?, follow_ups, holds[2])
            .await?;
        w.put_merged(&object_store(tx, schema::DEALS)?, deals, holds[3])
            .await?;
        w.put_merged(&object_store(tx, schema::SETTINGS)?, settings, holds[4])
            .await?;
        w.note.flush()?;
        fail_point("after-records")?;
        if !from_file {
            // A contact written here keeps its stored history unless its interactions
            // changed; a contact new here needs one only if interactions were stored before
            // (they may be its own: a pull brings an edited contact after its interactions).
            let interactions_stored = match mode {
                BulkWrite::Pulled {
                    interactions_stored,
                } => interactions_stored,
                _ => holds[1],
            };
            let ids: std::collections::BTreeSet<ContactId> = contacts
                .iter()
                .filter(|_| interactions_stored)
                .map(|c| c.id)
                .chain(interactions.iter().map(|i| i.contact_id))
                .collect();
            rebuild_histories(tx, ids.into_iter().collect(), &written).await?;
        }
        Ok(())
    }

    /// Puts back the book a Replace removed, exactly as it was; `Ok(false)` when there is
    /// nothing to undo.
    pub async fn undo_replace(&self) -> Result<bool, StoreError> {
        let tx = self.transaction(&BOOK_AND_SNAPSHOTS, IdbTransactionMode::Readwrite)?;
        let snaps = object_store(&tx, schema::SNAPSHOTS)?;
        let all = get_all(&snaps, None, None).await?;
        if all.length() == 0 {
            return Ok(false);
        }
        search_index::forget_in(&tx)?;
        for s in BOOK {
            object_store(&tx, s)?.clear().map_err(DomError::from_js)?;
        }
        for snap in all.iter() {
            let name = js_sys::Reflect::get(&snap, &JsValue::from_str("store"))
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            if !BOOK.contains(&name.as_str()) {
                continue;
            }
            let store = object_store(&tx, &name)?;
            let records: Array = js_sys::Reflect::get(&snap, &JsValue::from_str("records"))
                .map_err(|e| StoreError::Failed(DomError::from_js(e).message))?
                .unchecked_into();
            for r in records.iter() {
                put(&tx, &store, r)?;
            }
        }
        snaps.clear().map_err(DomError::from_js)?;
        idb::done(&tx).await?;
        Ok(true)
    }

    /// Whether a Replace can be undone.
    pub async fn has_snapshot(&self) -> Result<bool, StoreError> {
        let tx = self.transaction(&[schema::SNAPSHOTS], IdbTransactionMode::Readonly)?;
        let req = object_store(&tx, schema::SNAPSHOTS)?
            .count()
            .map_err(DomError::from_js)?;
        Ok(idb::request(&req).await?.as_f64().unwrap_or(0.0) > 0.0)
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

    /// A page of the live interactions' stored JSON documents, newest first, after the
    /// `by_time` key `after` (Search everything's index reads only what it needs from
    /// them). Gives the documents and the key to go on after, `None` at the end.
    pub async fn interaction_docs(
        &self,
        after: Option<&str>,
        n: u32,
    ) -> Result<(Vec<String>, Option<String>), StoreError> {
        let tx = self.transaction(&[schema::INTERACTIONS], IdbTransactionMode::Readonly)?;
        let index = index(&tx, schema::INTERACTIONS, schema::INTERACTIONS_BY_TIME)?;
        let range = after
            .map(|k| IdbKeyRange::lower_bound_with_open(&JsValue::from_str(k), true))
            .transpose()
            .map_err(DomError::from_js)?;
        let all = get_all_index(&index, range.as_ref(), Some(n)).await?;
        let next = (all.length() >= n)
            .then(|| records::time_key(&all.get(all.length() - 1)))
            .flatten();
        let docs = all.iter().filter_map(|r| records::document(&r)).collect();
        Ok((docs, next))
    }

    /// Saves an interaction (new, edited, resolved or deleted; `base` the revision its
    /// edit started from) and a new follow-up set with it, and rebuilds the contact's
    /// history from the interactions stored now, all in one transaction. The contact's own
    /// record is rewritten from what is stored, never from a tab's memory. Returns the new
    /// history, or the stored interaction if another tab changed it meanwhile.
    pub async fn save_interaction(
        &self,
        interaction: &Interaction,
        base: &Rev,
        follow_up: Option<&FollowUp>,
    ) -> Result<Outcome<Vec<Event>, Interaction>, StoreError> {
        self.save_interaction_and(interaction, base, follow_up, None)
            .await
    }

    /// [`Store::save_interaction`] and, in the same transaction, a deal written from the
    /// revision its screen showed (a deal won with **Record as purchase**: both or neither).
    /// A deal changed meanwhile aborts everything with [`StoreError::DealChanged`].
    pub async fn save_interaction_and(
        &self,
        interaction: &Interaction,
        base: &Rev,
        follow_up: Option<&FollowUp>,
        deal: Option<(&Deal, &Rev)>,
    ) -> Result<Outcome<Vec<Event>, Interaction>, StoreError> {
        let tx = self.transaction(
            &[
                schema::CONTACTS,
                schema::INTERACTIONS,
                schema::FOLLOW_UPS,
                schema::DEALS,
            ],
            IdbTransactionMode::Readwrite,
        )?;
        let abort = |e: StoreError| {
            let _ = tx.abort();
            e
        };
        let interactions = object_store(&tx, schema::INTERACTIONS)?;
        let contacts = object_store(&tx, schema::CONTACTS)?;
        let timeline = index(&tx, schema::INTERACTIONS, schema::INTERACTIONS_TIMELINE)?;
        let stored_req = get(&interactions, &interaction.id.to_string())?;
        let contact_req = get(&contacts, &interaction.contact_id.to_string())?;
        let range = contact_range(interaction.contact_id)?;
        let query = JsValue::from(range);
        let timeline_req = timeline
            .get_all_with_key(&query)
            .map_err(DomError::from_js)?;
        let deals = object_store(&tx, schema::DEALS)?;
        let deal_req = match deal {
            Some((d, _)) => Some(get(&deals, &d.key())?),
            None => None,
        };
        let (_, current) = stored::<Interaction>(&stored_req).await.map_err(abort)?;
        if !unchanged(&current, base) {
            let _ = tx.abort();
            return Ok(Outcome::Stale(current));
        }
        let deal_raw = match (deal, &deal_req) {
            (Some((_, deal_base)), Some(req)) => {
                let (raw, current) = stored::<Deal>(req).await.map_err(abort)?;
                if !unchanged(&current, deal_base) {
                    return Err(abort(StoreError::DealChanged));
                }
                Some(raw)
            }
            _ => None,
        };
        let (contact_raw, contact) = stored::<Contact>(&contact_req).await.map_err(abort)?;
        match contact {
            Some(c) if !c.is_deleted() || interaction.is_deleted() => {}
            _ => return Err(abort(StoreError::ContactGone)),
        }
        let live: Loaded<Interaction> = parse_all(
            idb::request(&timeline_req)
                .await
                .map_err(|e| abort(e.into()))?
                .unchecked_into(),
        );
        let mut all: Vec<Interaction> = live
            .items
            .into_iter()
            .filter(|i| i.id != interaction.id)
            .collect();
        all.push(interaction.clone());
        let events = events_of(&all);
        put(&tx, &interactions, records::interaction(interaction)?)?;
        records::set_history(&contact_raw, &events)?;
        put_derived(&tx, &contacts, &contact_raw)?;
        if let Some(f) = follow_up {
            put(
                &tx,
                &object_store(&tx, schema::FOLLOW_UPS)?,
                records::follow_up(f)?,
            )?;
        }
        if let (Some((d, _)), Some(raw)) = (deal, &deal_raw) {
            put(&tx, &deals, d.to_record(raw)?)?;
        }
        idb::done(&tx).await?;
        Ok(Outcome::Done(events))
    }

    /// Every deal, deleted ones included (the board and Insights read them all; a
    /// consultant's deals number in the thousands at most).
    pub async fn deals(&self) -> Result<Loaded<Deal>, StoreError> {
        let tx = self.transaction(&[schema::DEALS], IdbTransactionMode::Readonly)?;
        Ok(parse_all(
            get_all(&object_store(&tx, schema::DEALS)?, None, None).await?,
        ))
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

    /// Writes a deleted (tombstoned) or restored contact together with its interactions,
    /// follow-ups and deals: on delete every live one is tombstoned with the contact's
    /// deletion time; on restore those carrying exactly that time come back
    /// (`follow_contact`). One transaction.
    pub async fn set_contact_deleted(
        &self,
        contact: &Contact,
        base: &Rev,
        deleted_at: chrono::DateTime<chrono::Utc>,
        restore: bool,
    ) -> Result<Outcome<Vec<Event>, Contact>, StoreError> {
        let tx = self.transaction(
            &[
                schema::CONTACTS,
                schema::INTERACTIONS,
                schema::FOLLOW_UPS,
                schema::DEALS,
            ],
            IdbTransactionMode::Readwrite,
        )?;
        let contact_req = get(
            &object_store(&tx, schema::CONTACTS)?,
            &contact.id.to_string(),
        )?;
        let (_, current) = stored::<Contact>(&contact_req).await.inspect_err(|_| {
            let _ = tx.abort();
        })?;
        if !unchanged(&current, base) {
            let _ = tx.abort();
            return Ok(Outcome::Stale(current));
        }
        let range = IdbKeyRange::only(&JsValue::from_str(&contact.id.to_string()))
            .map_err(DomError::from_js)?;
        let of_contact = |store: &str, by: &str| {
            let idx = index(&tx, store, by);
            let range = range.clone();
            async move { get_all_index(&idx?, Some(&range), None).await }
        };
        let interactions: Loaded<Interaction> =
            parse_all(of_contact(schema::INTERACTIONS, schema::INTERACTIONS_BY_CONTACT).await?);
        let follow_ups: Loaded<FollowUp> =
            parse_all(of_contact(schema::FOLLOW_UPS, schema::FOLLOW_UPS_BY_CONTACT).await?);
        let deals: Loaded<Deal> =
            parse_all(of_contact(schema::DEALS, schema::DEALS_BY_CONTACT).await?);
        let now = contact.updated_at;
        let i_store = object_store(&tx, schema::INTERACTIONS)?;
        let mut all = Vec::new();
        for mut i in interactions.items {
            if i.follow_contact(deleted_at, restore, now) {
                bump(&mut i);
                put(&tx, &i_store, records::interaction(&i)?)?;
            }
            all.push(i);
        }
        let f_store = object_store(&tx, schema::FOLLOW_UPS)?;
        for mut f in follow_ups.items {
            if f.follow_contact(deleted_at, restore, now) {
                bump(&mut f);
                put(&tx, &f_store, records::follow_up(&f)?)?;
            }
        }
        let d_store = object_store(&tx, schema::DEALS)?;
        for mut d in deals.items {
            if d.follow_contact(deleted_at, restore, now) {
                bump(&mut d);
                put(&tx, &d_store, records::deal(&d)?)?;
            }
        }
        let events = events_of(&all);
        put(
            &tx,
            &object_store(&tx, schema::CONTACTS)?,
            records::contact(contact, &events)?,
        )?;
        idb::done(&tx).await?;
        Ok(Outcome::Done(events))
    }
}

/// The stores that make up the book, in the order of a backup's lists.
const BOOK: [&str; 5] = [
    schema::CONTACTS,
    schema::INTERACTIONS,
    schema::FOLLOW_UPS,
    schema::DEALS,
    schema::SETTINGS,
];
/// A Replace and its Undo: the book, the snapshot of the book before it, and `local`,
/// where the stored search index is forgotten in the same transaction.
const BOOK_AND_SNAPSHOTS: [&str; 7] = [
    schema::CONTACTS,
    schema::INTERACTIONS,
    schema::FOLLOW_UPS,
    schema::DEALS,
    schema::SETTINGS,
    schema::SNAPSHOTS,
    schema::LOCAL,
];

/// Keeps every record of the book, as stored, in `snapshots` (one record per store),
/// replacing an earlier snapshot.
async fn snapshot(tx: &IdbTransaction) -> Result<(), StoreError> {
    let snaps = object_store(tx, schema::SNAPSHOTS)?;
    snaps.clear().map_err(DomError::from_js)?;
    for name in BOOK {
        let all = get_all(&object_store(tx, name)?, None, None).await?;
        let o = js_sys::Object::new();
        let set = |k: &str, v: &JsValue| {
            js_sys::Reflect::set(&o, &JsValue::from_str(k), v)
                .map(|_| ())
                .map_err(|e| StoreError::Failed(DomError::from_js(e).message))
        };
        set("store", &JsValue::from_str(name))?;
        set("records", &all)?;
        put(tx, &snaps, o.into())?;
    }
    Ok(())
}

/// Rebuilds the stored histories of `ids` from the interactions the store holds now
/// (inside the caller's transaction, so they include its writes).
async fn rebuild_histories(
    tx: &IdbTransaction,
    ids: Vec<ContactId>,
    written: &[Interaction],
) -> Result<(), StoreError> {
    let contacts = object_store(tx, schema::CONTACTS)?;
    let interactions = object_store(tx, schema::INTERACTIONS)?;
    let timeline = index(tx, schema::INTERACTIONS, schema::INTERACTIONS_TIMELINE)?;
    // The interactions this transaction wrote are known as written: only the keys of a
    // contact's live interactions are read, and the documents of those it did not write.
    let known: std::collections::HashMap<String, &Interaction> =
        written.iter().map(|i| (i.id.to_string(), i)).collect();
    for chunk in ids.chunks(500) {
        let mut reqs = Vec::with_capacity(chunk.len());
        for id in chunk {
            let range = JsValue::from(contact_range(*id)?);
            let keys = timeline
                .get_all_keys_with_key(&range)
                .map_err(DomError::from_js)?;
            reqs.push((get(&contacts, &id.to_string())?, keys));
        }
        let mut plans = Vec::with_capacity(reqs.len());
        for (c, keys) in reqs {
            let keys: Array = idb::request(&keys).await?.unchecked_into();
            let mut mine = Vec::new();
            let mut others = Vec::new();
            for k in keys.iter() {
                let key = k.as_string().unwrap_or_default();
                match known.get(&key) {
                    Some(i) => mine.push(*i),
                    None => others.push(get(&interactions, &key)?),
                }
            }
            plans.push((c, mine, others));
        }
        for (c, mine, others) in plans {
            let raw = idb::request(&c).await?;
            let mut read = Vec::with_capacity(others.len());
            for req in &others {
                if let (_, Some(i)) = stored::<Interaction>(req).await? {
                    read.push(i);
                }
            }
            if raw.is_undefined() {
                continue;
            }
            records::set_history(&raw, &events_of(mine.into_iter().chain(&read)))?;
            put_derived(tx, &contacts, &raw)?;
        }
    }
    Ok(())
}

/// How a bulk write (`Store::import_in`) meets what the stores hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BulkWrite {
    /// Merged by revision with the stores, which are counted first: into an empty one
    /// nothing needs merging.
    Merge,
    /// The book replaced (kept first for Undo).
    Replace,
    /// Records from the server, written without counting the stores first, so the batch's
    /// requests are issued (and queue behind the previous batch's transaction) before
    /// anything is awaited: every record is merged with what may be stored.
    /// `interactions_stored`: interactions may be stored already, so the contacts written
    /// need their histories rebuilt from them.
    Pulled { interactions_stored: bool },
}

thread_local! {
    /// Long writes in progress (imports), so that a panic can abort them: without that,
    /// the requests already issued would commit as a half-written book.
    static OPEN_WRITES: std::cell::RefCell<Vec<IdbTransaction>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs a long write in `tx` and waits for it to commit. Whatever stops it (an error, or a
/// panic through the panic hook) aborts the transaction: nothing of it stays half-written.
async fn all_or_nothing(
    tx: &IdbTransaction,
    write: impl std::future::Future<Output = Result<(), StoreError>>,
) -> Result<(), StoreError> {
    OPEN_WRITES.with(|w| w.borrow_mut().push(tx.clone()));
    let result = write.await;
    OPEN_WRITES.with(|w| w.borrow_mut().retain(|t| t != tx));
    if result.is_err() {
        let _ = tx.abort();
    }
    result?;
    idb::done(tx).await.map_err(Into::into)
}

/// Aborts every long write in progress (called from the panic hook).
pub fn abort_open_writes() {
    let _ = OPEN_WRITES.try_with(|w| {
        if let Ok(mut w) = w.try_borrow_mut() {
            for tx in w.drain(..) {
                let _ = tx.abort();
            }
        }
    });
}

/// Test hook: a failure (`"<point>"`) or a panic (`"panic:<point>"`) injected at a named
/// point of a write, set by the tests through `globalThis.__bakkalFail` (the app never sets
/// it), to prove that a write that stops early leaves nothing behind.
fn fail_point(name: &str) -> Result<(), StoreError> {
    let v = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("__bakkalFail"))
        .ok()
        .and_then(|v| v.as_string());
    if v.as_deref() == Some(name) {
        return Err(StoreError::Failed(format!("injected failure at {name}")));
    }
    if v.as_deref().and_then(|v| v.strip_prefix("panic:")) == Some(name) {
        // Proves the panic hook aborts the open write (a half-written import otherwise).
        panic!("injected panic at {name}");
    }
    Ok(())
}

/// IndexedDB, on the page or in the backup worker. Reading the property throws where
/// storage is refused (Firefox's private windows once did): that is said, not hidden.
fn factory() -> Result<web_sys::IdbFactory, StoreError> {
    match js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("indexedDB")) {
        Ok(v) => v
            .dyn_into()
            .map_err(|_| StoreError::Unavailable(crate::i18n::t().messages().no_indexed_db.into())),
        Err(e) => Err(StoreError::Unavailable(DomError::from_js(e).message)),
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

/// Issues a put and notes it in the change log; on failure aborts the transaction so
/// nothing of it is written.
fn put(tx: &IdbTransaction, store: &IdbObjectStore, record: JsValue) -> Result<(), StoreError> {
    put_derived(tx, store, &record)?;
    changes::note(tx, store, &record).inspect_err(|_| {
        let _ = tx.abort();
    })
}

/// A put that rewrites only derived data (a contact's stored history): not a change of
/// the record, so not noted for sync.
fn put_derived(
    tx: &IdbTransaction,
    store: &IdbObjectStore,
    record: &JsValue,
) -> Result<(), StoreError> {
    store.put(record).map(|_| ()).map_err(|e| {
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
    note: changes::BulkNote,
}

impl<P: Fn(usize, usize)> Chunked<'_, P> {
    const CHUNK: usize = 2000;

    /// Writes `records` merged by revision with what the store holds now, if it holds
    /// anything (`check`): another tab may have written since the import was planned, and
    /// an import never overwrites a revision it did not see.
    async fn put_merged<T: Kind>(
        &mut self,
        store: &IdbObjectStore,
        records: &[T],
        check: bool,
    ) -> Result<Vec<T>, StoreError> {
        if !check {
            for r in records {
                self.put(store, r.to_record(&JsValue::UNDEFINED)?).await?;
            }
            return Ok(records.to_vec());
        }
        // Most records of a pull or an import are new here: each is first `add`ed, which
        // fails (without aborting the transaction) only where a record with its key exists.
        // Those alone are read and merged. Saves a read per new record. A chunk holds a
        // whole batch of a pull (1,000 while catching up), so all of it is issued before
        // the first wait.
        let mut written = Vec::with_capacity(records.len());
        for chunk in records.chunks(1000) {
            let mut adds = Vec::with_capacity(chunk.len());
            for r in chunk {
                let record = r.to_record(&JsValue::UNDEFINED)?;
                let req = store.add(&record).map_err(|e| {
                    let _ = self.tx.abort();
                    StoreError::from(DomError::from_js(e))
                })?;
                idb::keep_going_on_error(&req);
                adds.push((req, record));
            }
            if let Some(first) = chunk.first() {
                // Requests finish in order: once a request issued after the adds has, every
                // add has (a count, which cannot fail as an add can).
                let after = store
                    .count_with_key(&JsValue::from_str(&first.key()))
                    .map_err(DomError::from_js)?;
                idb::request(&after).await?;
            }
            for (r, (req, record)) in chunk.iter().zip(&adds) {
                match req.error() {
                    Ok(None) => {
                        self.note.add(store, record)?;
                        self.done += 1;
                        written.push(r.clone());
                        continue;
                    }
                    Ok(Some(e)) if e.name() == "ConstraintError" => {}
                    Ok(Some(e)) => {
                        let _ = self.tx.abort();
                        return Err(DomError::from(e).into());
                    }
                    Err(e) => {
                        let _ = self.tx.abort();
                        return Err(DomError::from_js(e).into());
                    }
                }
                let (raw, current) = stored::<T>(&get(store, &r.key())?).await?;
                let record = match current {
                    None => r.clone(),
                    Some(cur) => {
                        match bakkal_core::model::rev::merge(&cur, r).map_err(StoreError::Failed)? {
                            bakkal_core::model::rev::Merged::Here => {
                                self.done += 1;
                                written.push(cur);
                                continue;
                            }
                            bakkal_core::model::rev::Merged::New(m) => m,
                        }
                    }
                };
                self.put(store, record.to_record(&raw)?).await?;
                written.push(record);
            }
        }
        Ok(written)
    }

    async fn put(&mut self, store: &IdbObjectStore, record: JsValue) -> Result<(), StoreError> {
        let req = store.put(&record).map_err(|e| {
            let _ = self.tx.abort();
            StoreError::from(DomError::from_js(e))
        })?;
        self.note.add(store, &record)?;
        self.done += 1;
        if self.done.is_multiple_of(Self::CHUNK) {
            self.note.flush()?;
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
fn parse_all<T: Revised>(all: Array) -> Loaded<T> {
    parse_with(all, |r| records::parse(r))
}

fn parse_contacts(all: Array) -> Loaded<ContactWithHistory> {
    parse_with(all, contact_with_history)
}

fn contact_with_history(r: &JsValue) -> Result<ContactWithHistory, String> {
    records::parse(r).map(|c| (c, records::parse_history(r)))
}

fn parse_with<T>(all: Array, parse: impl Fn(&JsValue) -> Result<T, String>) -> Loaded<T> {
    let mut p = Parsing::with_capacity(all.length() as usize);
    p.take(all.iter(), &parse);
    p.finish()
}

/// Records read and parsed per slice of a large load (`parse_sliced`).
const PARSE_SLICE: u32 = 5000;

/// As [`parse_with`], a page at a time, letting the page answer between pages: the whole
/// book's 50,000 contacts parsed at once were a main-thread task of over a second.
async fn parse_sliced<T>(
    pages: Vec<Array>,
    parse: impl Fn(&JsValue) -> Result<T, String>,
) -> Loaded<T> {
    let n: u32 = pages.iter().map(Array::length).sum();
    let mut p = Parsing::with_capacity(n as usize);
    for (i, page) in pages.into_iter().enumerate() {
        if i > 0 {
            gloo_timers::future::TimeoutFuture::new(0).await;
        }
        p.take(page.iter(), &parse);
    }
    p.finish()
}

/// Records being parsed: the readable ones, and how many were not (with the first reason).
struct Parsing<T> {
    items: Vec<T>,
    bad: usize,
    first: String,
}

impl<T> Parsing<T> {
    fn with_capacity(n: usize) -> Self {
        Parsing {
            items: Vec::with_capacity(n),
            bad: 0,
            first: String::new(),
        }
    }

    fn take(
        &mut self,
        records: impl Iterator<Item = JsValue>,
        parse: &impl Fn(&JsValue) -> Result<T, String>,
    ) {
        for record in records {
            match parse(&record) {
                Ok(c) => self.items.push(c),
                Err(e) => {
                    if self.bad == 0 {
                        self.first = e;
                    }
                    self.bad += 1;
                }
            }
        }
    }

    fn finish(self) -> Loaded<T> {
        let problem = (self.bad > 0).then_some(StoreError::Unreadable {
            count: self.bad,
            first: self.first,
        });
        Loaded {
            items: self.items,
            problem,
        }
    }
}

pub use records::{reverse_time_key, time_bound_key};
