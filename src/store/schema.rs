//! The database layout and how to get there from any earlier version.
//!
//! Version history (append only; every step ships with a test that opens a database
//! written at the previous version and finds every record intact):
//! - 1: store `contacts`, key path `id`; each record is `{ id, doc, sort? }` where `doc`
//!   is the contact's JSON (see `bakkal_core::model`) and `sort`, present only on live
//!   contacts, is the name's collation key as a string; index `by_sort` on it lets the
//!   first screen of the list load without reading the whole book.
//! - 2: stores `interactions`, `followups` and `settings`. Contact records gain `ev`, the
//!   contact's history in compact form (derived from its interactions, rebuildable).
//!   Interaction records are `{ id, doc, c, rat?, open? }`: `c` the contact id (always, so a
//!   deleted contact's interactions can be found for Undo), `rat` only on live ones (a
//!   string that sorts newest first, ending in the id so it is unique), `open` only on open
//!   complaints and requests. Follow-up records are `{ id, doc, c, due? }`, `due` only on
//!   open ones. Settings are `{ key, doc }`.
//! - 3: store `snapshots` (`{ store, records }`, key path `store`): the book as it was
//!   before the last Replace, record for record, so Undo can put it back. Records gain
//!   revisions inside `doc` (`_rev`, `_revisions`, `_conflicts`); records without them get
//!   their first revision when read (deterministic), so no record is rewritten. A book from
//!   the very first release (whose version 1 had no `by_sort` index) gets the index and
//!   its contacts' `sort` fields here.
//! - 4: stores `changes` and `local`, for sync. `changes` (auto-increment key) is this
//!   device's update sequence: every write of a book record adds `{ s, k }` (the store's
//!   name and the record's key, or an array of keys for a bulk write); sync pushes from a
//!   key onwards, and records pulled from the server are not logged. `local` (key path
//!   `id`, `{ id, doc }`) holds this device's own records that never travel: the book's
//!   replication identity, the sync settings, checkpoints and the sync log.
//! - 5: store `deals` (`{ id, doc, c }`, index `by_contact` on `c`, the contact id, deleted
//!   deals included so Undo finds them). Not yet part of the book's backups, Replace or
//!   sync: issue 11's next steps add it there (and to `BOOK` in `mod.rs`) with the backup
//!   format's next version.
//! - 6: interaction records gain `m`, the time they were written (ms since the epoch, a
//!   number), and the index `by_change` on `["m", "id"]`: the interactions written since a
//!   moment, whoever wrote them, for Search everything's index kept between visits (its
//!   parts live in `local`, see `search_index.rs`). Records written before have no `m`
//!   and are not in `by_change`: a stored index is only ever written after this version
//!   has read every record, so it never needs them.

use wasm_bindgen::JsValue;
use web_sys::{IdbDatabase, IdbObjectStoreParameters, IdbTransaction};

pub const DB_NAME: &str = "bakkal";
pub const CONTACTS: &str = "contacts";
pub const CONTACTS_BY_SORT: &str = "by_sort";
pub const INTERACTIONS: &str = "interactions";
/// `["c", "rat"]`: a contact's live interactions, newest first.
pub const INTERACTIONS_TIMELINE: &str = "timeline";
/// `"c"`: all of a contact's interactions, deleted ones included.
pub const INTERACTIONS_BY_CONTACT: &str = "by_contact";
/// `"rat"`: every live interaction, newest first.
pub const INTERACTIONS_BY_TIME: &str = "by_time";
/// `["m", "id"]`: interactions by the time they were written (not for older records).
pub const INTERACTIONS_BY_CHANGE: &str = "by_change";
/// `"open"`: open complaints and requests.
pub const INTERACTIONS_OPEN: &str = "by_open";
pub const FOLLOW_UPS: &str = "followups";
/// `"due"`: open follow-ups by due date.
pub const FOLLOW_UPS_BY_DUE: &str = "by_due";
pub const FOLLOW_UPS_BY_CONTACT: &str = "by_contact";
pub const SETTINGS: &str = "settings";
pub const SNAPSHOTS: &str = "snapshots";
pub const CHANGES: &str = "changes";
pub const LOCAL: &str = "local";
pub const DEALS: &str = "deals";
/// `"c"`: a contact's deals, deleted ones included.
pub const DEALS_BY_CONTACT: &str = "by_contact";

type Migration = fn(&IdbDatabase, &IdbTransaction) -> Result<(), JsValue>;

/// `MIGRATIONS[i]` upgrades a database from version `i` to `i + 1`.
pub const MIGRATIONS: &[Migration] = &[to_v1, to_v2, to_v3, to_v4, to_v5, to_v6];

/// The version this build of the app reads and writes.
pub const CURRENT_VERSION: u32 = MIGRATIONS.len() as u32;

fn to_v1(db: &IdbDatabase, _tx: &IdbTransaction) -> Result<(), JsValue> {
    let params = IdbObjectStoreParameters::new();
    params.set_key_path(&JsValue::from_str("id"));
    let store = db.create_object_store_with_optional_parameters(CONTACTS, &params)?;
    store.create_index_with_str(CONTACTS_BY_SORT, "sort")?;
    Ok(())
}

fn key_path(path: &str) -> IdbObjectStoreParameters {
    let params = IdbObjectStoreParameters::new();
    params.set_key_path(&JsValue::from_str(path));
    params
}

fn to_v2(db: &IdbDatabase, _tx: &IdbTransaction) -> Result<(), JsValue> {
    let interactions =
        db.create_object_store_with_optional_parameters(INTERACTIONS, &key_path("id"))?;
    let pair = js_sys::Array::of2(&JsValue::from_str("c"), &JsValue::from_str("rat"));
    interactions.create_index_with_str_sequence(INTERACTIONS_TIMELINE, &pair)?;
    interactions.create_index_with_str(INTERACTIONS_BY_CONTACT, "c")?;
    interactions.create_index_with_str(INTERACTIONS_BY_TIME, "rat")?;
    interactions.create_index_with_str(INTERACTIONS_OPEN, "open")?;
    let follow_ups =
        db.create_object_store_with_optional_parameters(FOLLOW_UPS, &key_path("id"))?;
    follow_ups.create_index_with_str(FOLLOW_UPS_BY_DUE, "due")?;
    follow_ups.create_index_with_str(FOLLOW_UPS_BY_CONTACT, "c")?;
    db.create_object_store_with_optional_parameters(SETTINGS, &key_path("key"))?;
    Ok(())
}

fn to_v3(db: &IdbDatabase, tx: &IdbTransaction) -> Result<(), JsValue> {
    db.create_object_store_with_optional_parameters(SNAPSHOTS, &key_path("store"))?;
    // The very first release's version 1 had no `by_sort` index (it was added to `to_v1`
    // later): such a book gets the index, and every live contact its `sort` field.
    let contacts = tx.object_store(CONTACTS)?;
    if !contacts.index_names().contains(CONTACTS_BY_SORT) {
        contacts.create_index_with_str(CONTACTS_BY_SORT, "sort")?;
        add_sort_keys(&contacts)?;
    }
    Ok(())
}

fn to_v4(db: &IdbDatabase, _tx: &IdbTransaction) -> Result<(), JsValue> {
    let params = IdbObjectStoreParameters::new();
    params.set_auto_increment(true);
    db.create_object_store_with_optional_parameters(CHANGES, &params)?;
    db.create_object_store_with_optional_parameters(LOCAL, &key_path("id"))?;
    Ok(())
}

fn to_v5(db: &IdbDatabase, _tx: &IdbTransaction) -> Result<(), JsValue> {
    let deals = db.create_object_store_with_optional_parameters(DEALS, &key_path("id"))?;
    deals.create_index_with_str(DEALS_BY_CONTACT, "c")?;
    Ok(())
}

fn to_v6(_db: &IdbDatabase, tx: &IdbTransaction) -> Result<(), JsValue> {
    let pair = js_sys::Array::of2(&JsValue::from_str("m"), &JsValue::from_str("id"));
    tx.object_store(INTERACTIONS)?
        .create_index_with_str_sequence(INTERACTIONS_BY_CHANGE, &pair)?;
    Ok(())
}

/// Walks every contact record with a cursor (inside the upgrade transaction) and adds the
/// `sort` field to live ones.
fn add_sort_keys(contacts: &web_sys::IdbObjectStore) -> Result<(), JsValue> {
    use wasm_bindgen::{closure::Closure, JsCast};
    let req = contacts.open_cursor()?;
    let cursor_req = req.clone();
    let step = Closure::<dyn FnMut()>::new(move || {
        let Some(cursor) = cursor_req
            .result()
            .ok()
            .and_then(|v| v.dyn_into::<web_sys::IdbCursorWithValue>().ok())
        else {
            return; // no more records
        };
        if let Ok(record) = cursor.value() {
            if let Ok(c) = super::records::parse::<bakkal_core::Contact>(&record) {
                if !c.is_deleted() {
                    let key = bakkal_core::text::collation_key(&c.display_name).sortable();
                    let set = js_sys::Reflect::set(&record, &"sort".into(), &key.into());
                    if set.is_ok() {
                        let _ = cursor.update(&record);
                    }
                }
            }
        }
        let _ = cursor.continue_();
    });
    req.set_onsuccess(Some(step.as_ref().unchecked_ref()));
    // Lives as long as the cursor walk; one per upgrade.
    step.forget();
    Ok(())
}

/// Runs the migrations from `old` up to `new` inside the upgrade transaction.
pub fn upgrade(db: &IdbDatabase, tx: &IdbTransaction, old: u32, new: u32) -> Result<(), JsValue> {
    for step in MIGRATIONS.iter().take(new as usize).skip(old as usize) {
        step(db, tx)?;
    }
    Ok(())
}
