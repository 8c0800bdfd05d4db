//! The only code that knows IndexedDB. Everything above it speaks in domain types
//! (`Contact`) and [`StoreError`]s; nothing below it knows about the UI.
//!
//! Records are stored as `{ id, doc }`, `doc` being the record's JSON: one string per
//! record is the cheapest thing to move across the wasm boundary and to parse in bulk.

mod idb;
pub mod schema;

pub use idb::DomError;

use bakkal_core::text::collation_key;
use bakkal_core::Contact;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbTransaction, IdbTransactionMode};

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

/// What loading found: the readable contacts, and a warning if some records were not.
pub struct Loaded {
    pub contacts: Vec<Contact>,
    pub problem: Option<StoreError>,
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

    fn transaction(&self, mode: IdbTransactionMode) -> Result<IdbTransaction, StoreError> {
        self.db
            .transaction_with_str_and_mode(schema::CONTACTS, mode)
            .map_err(|e| DomError::from_js(e).into())
    }

    /// Every contact record, tombstones included.
    pub async fn load_contacts(&self) -> Result<Loaded, StoreError> {
        let tx = self.transaction(IdbTransactionMode::Readonly)?;
        let store = tx
            .object_store(schema::CONTACTS)
            .map_err(DomError::from_js)?;
        let req = store.get_all().map_err(DomError::from_js)?;
        let all: Array = idb::request(&req).await?.unchecked_into();
        crate::browser::mark("bakkal:records-read");
        Ok(parse_all(all))
    }

    /// The first `n` live contacts in list order, and how many live contacts there are:
    /// enough to show the first screen before the whole book is read.
    pub async fn first_page(&self, n: u32) -> Result<(Loaded, u32), StoreError> {
        let tx = self.transaction(IdbTransactionMode::Readonly)?;
        let store = tx
            .object_store(schema::CONTACTS)
            .map_err(DomError::from_js)?;
        let index = store
            .index(schema::CONTACTS_BY_SORT)
            .map_err(DomError::from_js)?;
        let page = index
            .get_all_with_key_and_limit(&JsValue::NULL, n)
            .map_err(DomError::from_js)?;
        let count = index.count().map_err(DomError::from_js)?;
        let all: Array = idb::request(&page).await?.unchecked_into();
        let total = idb::request(&count).await?.as_f64().unwrap_or(0.0) as u32;
        Ok((parse_all(all), total))
    }
}

/// Parses stored records; unreadable ones are counted and left in the store untouched.
fn parse_all(all: Array) -> Loaded {
    let mut contacts = Vec::with_capacity(all.length() as usize);
    let mut bad = 0;
    let mut first = String::new();
    for record in all.iter() {
        match parse_record(&record) {
            Ok(c) => contacts.push(c),
            Err(e) => {
                if bad == 0 {
                    first = e;
                }
                bad += 1;
            }
        }
    }
    let problem = (bad > 0).then_some(StoreError::Unreadable { count: bad, first });
    Loaded { contacts, problem }
}

impl Store {
    /// Writes contacts in one transaction; returns once it has committed. Either all are
    /// written or none.
    pub async fn put_contacts<'a>(
        &self,
        contacts: impl IntoIterator<Item = &'a Contact>,
    ) -> Result<(), StoreError> {
        let tx = self.transaction(IdbTransactionMode::Readwrite)?;
        let store = tx
            .object_store(schema::CONTACTS)
            .map_err(DomError::from_js)?;
        for c in contacts {
            let record = to_record(c)?;
            if let Err(e) = store.put(&record) {
                let _ = tx.abort();
                return Err(DomError::from_js(e).into());
            }
        }
        idb::done(&tx).await.map_err(Into::into)
    }
}

fn is_event(v: &JsValue, kind: &str) -> bool {
    v.dyn_ref::<web_sys::Event>()
        .is_some_and(|e| e.type_() == kind)
}

fn to_record(c: &Contact) -> Result<JsValue, StoreError> {
    let doc = serde_json::to_string(c).map_err(|e| StoreError::Failed(e.to_string()))?;
    let record = Object::new();
    let set = |k: &str, v: &JsValue| Reflect::set(&record, &JsValue::from_str(k), v);
    let sort = (!c.is_deleted()).then(|| collation_key(&c.display_name).sortable());
    set("id", &JsValue::from_str(&c.id.to_string()))
        .and_then(|_| set("doc", &JsValue::from_str(&doc)))
        // Tombstones have no `sort`, so the index (and the first page) skips them.
        .and_then(|_| match &sort {
            Some(s) => set("sort", &JsValue::from_str(s)),
            None => Ok(true),
        })
        .map_err(|e| StoreError::Failed(DomError::from_js(e).message))?;
    Ok(record.into())
}

fn parse_record(record: &JsValue) -> Result<Contact, String> {
    let doc = Reflect::get(record, &JsValue::from_str("doc"))
        .ok()
        .and_then(|d| d.as_string())
        .ok_or_else(|| "a record without its document".to_string())?;
    serde_json::from_str(&doc).map_err(|e| e.to_string())
}
