//! The database layout and how to get there from any earlier version.
//!
//! Version history (append only; every step ships with a test that opens a database
//! written at the previous version and finds every record intact):
//! - 1: store `contacts`, key path `id`; each record is `{ id, doc, sort? }` where `doc`
//!   is the contact's JSON (see `bakkal_core::model`) and `sort`, present only on live
//!   contacts, is the name's collation key as a string; index `by_sort` on it lets the
//!   first screen of the list load without reading the whole book.

use wasm_bindgen::JsValue;
use web_sys::{IdbDatabase, IdbObjectStoreParameters, IdbTransaction};

pub const DB_NAME: &str = "bakkal";
pub const CONTACTS: &str = "contacts";
pub const CONTACTS_BY_SORT: &str = "by_sort";

type Migration = fn(&IdbDatabase, &IdbTransaction) -> Result<(), JsValue>;

/// `MIGRATIONS[i]` upgrades a database from version `i` to `i + 1`.
pub const MIGRATIONS: &[Migration] = &[to_v1];

/// The version this build of the app reads and writes.
pub const CURRENT_VERSION: u32 = MIGRATIONS.len() as u32;

fn to_v1(db: &IdbDatabase, _tx: &IdbTransaction) -> Result<(), JsValue> {
    let params = IdbObjectStoreParameters::new();
    params.set_key_path(&JsValue::from_str("id"));
    let store = db.create_object_store_with_optional_parameters(CONTACTS, &params)?;
    store.create_index_with_str(CONTACTS_BY_SORT, "sort")?;
    Ok(())
}

/// Runs the migrations from `old` up to `new` inside the upgrade transaction.
pub fn upgrade(db: &IdbDatabase, tx: &IdbTransaction, old: u32, new: u32) -> Result<(), JsValue> {
    for step in MIGRATIONS.iter().take(new as usize).skip(old as usize) {
        step(db, tx)?;
    }
    Ok(())
}
