//! What sync needs from the store: this device's update sequence (`changes`: every write
//! of a book record adds an entry, so sync pushes from a checkpoint onwards) and this
//! device's own records (`local`: identity, sync settings, checkpoints, log), which never
//! travel and are not part of backups.

use super::{get, idb, object_store, schema, DomError, Store, StoreError, BOOK};
use bakkal_core::io::backup::Records;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{IdbKeyRange, IdbObjectStore, IdbTransaction, IdbTransactionMode};

/// A DOM error as a store error (the store's requests fail with `JsValue`s).
pub(super) fn failed(e: JsValue) -> StoreError {
    DomError::from_js(e).into()
}

fn entry(store: &str, keys: &JsValue) -> Result<JsValue, StoreError> {
    let o = Object::new();
    Reflect::set(&o, &"s".into(), &store.into()).map_err(failed)?;
    Reflect::set(&o, &"k".into(), keys).map_err(failed)?;
    Ok(o.into())
}

/// The change log of `tx`, if it logs (every readwrite transaction on the book does, except
/// the one applying records pulled from the server: those are not this device's changes).
pub(super) fn log_of(tx: &IdbTransaction) -> Option<IdbObjectStore> {
    if tx.object_store_names().contains(schema::CHANGES) {
        tx.object_store(schema::CHANGES).ok()
    } else {
        None
    }
}

/// Notes that `record` was written to `store`.
pub(super) fn note(
    tx: &IdbTransaction,
    store: &IdbObjectStore,
    record: &JsValue,
) -> Result<(), StoreError> {
    let name = store.name();
    if !BOOK.contains(&name.as_str()) {
        return Ok(());
    }
    let Some(log) = log_of(tx) else {
        return Ok(());
    };
    log.add(&entry(&name, &record_key(record)?)?)
        .map_err(failed)?;
    Ok(())
}

/// A stored record's key: `id`, or `key` for settings.
fn record_key(record: &JsValue) -> Result<JsValue, StoreError> {
    match Reflect::get(record, &"id".into()) {
        Ok(k) if !k.is_undefined() => Ok(k),
        _ => Reflect::get(record, &"key".into()).map_err(failed),
    }
}

/// Keys written in bulk, noted as one entry per store and chunk.
pub(super) struct BulkNote {
    log: Option<IdbObjectStore>,
    store: String,
    keys: Array,
}

impl BulkNote {
    pub fn new(tx: &IdbTransaction) -> BulkNote {
        BulkNote {
            log: log_of(tx),
            store: String::new(),
            keys: Array::new(),
        }
    }

    pub fn add(&mut self, store: &IdbObjectStore, record: &JsValue) -> Result<(), StoreError> {
        if self.log.is_none() {
            return Ok(());
        }
        let name = store.name();
        if name != self.store {
            self.flush()?;
            self.store = name;
        }
        self.keys.push(&record_key(record)?);
        Ok(())
    }

    pub fn flush(&mut self) -> Result<(), StoreError> {
        if let Some(log) = &self.log {
            if self.keys.length() > 0 && BOOK.contains(&self.store.as_str()) {
                log.add(&entry(&self.store, &self.keys)?).map_err(failed)?;
            }
        }
        self.keys = Array::new();
        Ok(())
    }
}

/// A change noted in the log: a book store and a record key.
pub type Noted = (String, String);

impl Store {
    /// Up to `limit` log entries after `since` (0: from the start), as (store, key) pairs
    /// in order, and the key of the last entry read.
    pub async fn changes_since(
        &self,
        since: f64,
        limit: u32,
    ) -> Result<(Vec<Noted>, Option<f64>), StoreError> {
        let tx = self.transaction(&[schema::CHANGES], IdbTransactionMode::Readonly)?;
        let log = object_store(&tx, schema::CHANGES)?;
        let range = IdbKeyRange::lower_bound_with_open(&since.into(), true).map_err(failed)?;
        let values = log
            .get_all_with_key_and_limit(&range, limit)
            .map_err(failed)?;
        let keys = log
            .get_all_keys_with_key_and_limit(&range, limit)
            .map_err(failed)?;
        let values: Array = idb::request(&values).await?.unchecked_into();
        let keys: Array = idb::request(&keys).await?.unchecked_into();
        let mut out = Vec::new();
        for v in values.iter() {
            let store = Reflect::get(&v, &"s".into())
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_default();
            let k = Reflect::get(&v, &"k".into()).unwrap_or(JsValue::UNDEFINED);
            if let Some(list) = k.dyn_ref::<Array>() {
                out.extend(
                    list.iter()
                        .filter_map(|k| k.as_string())
                        .map(|k| (store.clone(), k)),
                );
            } else if let Some(k) = k.as_string() {
                out.push((store, k));
            }
        }
        let last = keys.iter().last().and_then(|k| k.as_f64());
        Ok((out, last))
    }

    /// Adds an empty entry and returns its key: everything logged before it is covered by
    /// a push that walks the whole book.
    pub async fn mark_change(&self) -> Result<f64, StoreError> {
        let tx = self.transaction(&[schema::CHANGES], IdbTransactionMode::Readwrite)?;
        let req = object_store(&tx, schema::CHANGES)?
            .add(&entry("", &Array::new())?)
            .map_err(failed)?;
        let key = idb::request(&req).await?.as_f64().unwrap_or(0.0);
        idb::done(&tx).await?;
        Ok(key)
    }

    /// How many log entries lie after `since` (changes waiting to be pushed).
    pub async fn count_changes_since(&self, since: f64) -> Result<u32, StoreError> {
        let tx = self.transaction(&[schema::CHANGES], IdbTransactionMode::Readonly)?;
        let range = IdbKeyRange::lower_bound_with_open(&since.into(), true).map_err(failed)?;
        let req = object_store(&tx, schema::CHANGES)?
            .count_with_key(&range)
            .map_err(failed)?;
        Ok(idb::request(&req).await?.as_f64().unwrap_or(0.0) as u32)
    }

    /// Forgets log entries up to `upto` (pushed and checkpointed), and remembers that the
    /// log now starts after it: a replication whose checkpoint is older must start over.
    pub async fn compact_changes(&self, upto: f64) -> Result<(), StoreError> {
        let tx = self.transaction(
            &[schema::CHANGES, schema::LOCAL],
            IdbTransactionMode::Readwrite,
        )?;
        let range = IdbKeyRange::upper_bound(&upto.into()).map_err(failed)?;
        object_store(&tx, schema::CHANGES)?
            .delete(&range)
            .map_err(failed)?;
        put_local_in(&tx, FLOOR, &upto.to_string())?;
        idb::done(&tx).await.map_err(Into::into)
    }

    /// The key up to which the log was compacted (0: never).
    pub async fn changes_floor(&self) -> Result<f64, StoreError> {
        Ok(self
            .get_local(FLOOR)
            .await?
            .and_then(|s| s.parse().ok())
            .unwrap_or(0.0))
    }

    /// Every key of a book store (a push from the beginning walks the whole book).
    pub async fn all_keys(&self, store: &str) -> Result<Vec<String>, StoreError> {
        let tx = self.transaction(&[store], IdbTransactionMode::Readonly)?;
        let req = object_store(&tx, store)?.get_all_keys().map_err(failed)?;
        let keys: Array = idb::request(&req).await?.unchecked_into();
        Ok(keys.iter().filter_map(|k| k.as_string()).collect())
    }

    /// The stored documents (JSON) of `keys` in `store`, those that exist: sync reads
    /// records of any kind through this one function, then parses them by kind in core.
    pub async fn get_docs(&self, store: &str, keys: &[String]) -> Result<Vec<String>, StoreError> {
        let tx = self.transaction(&[store], IdbTransactionMode::Readonly)?;
        let s = object_store(&tx, store)?;
        let reqs = keys
            .iter()
            .map(|k| get(&s, k))
            .collect::<Result<Vec<_>, _>>()?;
        let mut out = Vec::with_capacity(reqs.len());
        for r in &reqs {
            let v = idb::request(r).await?;
            if let Some(d) = Reflect::get(&v, &"doc".into())
                .ok()
                .and_then(|d| d.as_string())
            {
                out.push(d);
            }
        }
        Ok(out)
    }

    pub async fn get_local(&self, id: &str) -> Result<Option<String>, StoreError> {
        let tx = self.transaction(&[schema::LOCAL], IdbTransactionMode::Readonly)?;
        let req = object_store(&tx, schema::LOCAL)?
            .get(&id.into())
            .map_err(failed)?;
        let v = idb::request(&req).await?;
        Ok(Reflect::get(&v, &"doc".into())
            .ok()
            .and_then(|d| d.as_string()))
    }

    pub async fn put_local(&self, id: &str, doc: &str) -> Result<(), StoreError> {
        let tx = self.transaction(&[schema::LOCAL], IdbTransactionMode::Readwrite)?;
        put_local_in(&tx, id, doc)?;
        idb::done(&tx).await.map_err(Into::into)
    }

    pub async fn delete_local(&self, id: &str) -> Result<(), StoreError> {
        let tx = self.transaction(&[schema::LOCAL], IdbTransactionMode::Readwrite)?;
        object_store(&tx, schema::LOCAL)?
            .delete(&id.into())
            .map_err(failed)?;
        idb::done(&tx).await.map_err(Into::into)
    }

    /// Writes records pulled from the server, merged by revision with what is stored, in
    /// one transaction that does not log them as this device's changes. Histories of the
    /// contacts concerned are rebuilt inside it (those of the contacts written, too, when
    /// `interactions_stored`: they may have come in an earlier batch).
    ///
    /// Its requests are issued before anything is awaited: called while the previous
    /// batch's transaction still runs, this one's records are handed to IndexedDB
    /// meanwhile and written right after it (transactions on the same stores run in the
    /// order they were made).
    pub async fn apply_pulled(
        &self,
        records: &Records,
        interactions_stored: bool,
    ) -> Result<(), StoreError> {
        let tx = self.transaction_unlogged(&BOOK, IdbTransactionMode::Readwrite)?;
        let mode = super::BulkWrite::Pulled {
            interactions_stored,
        };
        let write = self.import_in(&tx, records, mode, |_, _| {});
        super::all_or_nothing(&tx, write).await
    }

    /// How many records `store` holds, tombstones included.
    pub async fn count(&self, store: &str) -> Result<usize, StoreError> {
        let tx = self.transaction(&[store], IdbTransactionMode::Readonly)?;
        let req = object_store(&tx, store)?.count().map_err(failed)?;
        Ok(idb::request(&req).await?.as_f64().unwrap_or(0.0) as usize)
    }
}

const FLOOR: &str = "changes-floor";

fn put_local_in(tx: &IdbTransaction, id: &str, doc: &str) -> Result<(), StoreError> {
    let o = Object::new();
    Reflect::set(&o, &"id".into(), &id.into()).map_err(failed)?;
    Reflect::set(&o, &"doc".into(), &doc.into()).map_err(failed)?;
    object_store(tx, schema::LOCAL)?.put(&o).map_err(failed)?;
    Ok(())
}
