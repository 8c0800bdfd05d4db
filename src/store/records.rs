//! How domain records become IndexedDB records and back. The `doc` field holds the
//! record's JSON; the other fields exist only for the indexes (see `schema.rs`).

use super::{DomError, StoreError};
use bakkal_core::analysis::history::{self, Event};
use bakkal_core::model::deal::Deal;
use bakkal_core::model::rev::{ensure_rev, Revised};
use bakkal_core::text::collation_key;
use bakkal_core::{Contact, FollowUp, Interaction};
use js_sys::{Object, Reflect};
use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::{JsCast, JsValue};

/// Builds a JS object from `(field, value)` pairs, skipping `None`s.
fn object(fields: &[(&str, Option<String>)]) -> Result<JsValue, StoreError> {
    let o = Object::new();
    for (k, v) in fields {
        if let Some(v) = v {
            Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v))
                .map_err(|e| StoreError::Failed(DomError::from_js(e).message))?;
        }
    }
    Ok(o.into())
}

fn json<T: Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Failed(e.to_string()))
}

fn field(record: &JsValue, name: &str) -> Option<String> {
    Reflect::get(record, &JsValue::from_str(name))
        .ok()?
        .as_string()
}

/// The record's document as stored (JSON), unparsed.
pub fn document(record: &JsValue) -> Option<String> {
    field(record, "doc")
}

/// A live interaction record's `by_time` key (`reverse_time_key`, stored as `rat`).
pub fn time_key(record: &JsValue) -> Option<String> {
    field(record, "rat")
}

/// The record's document, parsed. A record stored before revisions existed gets its first
/// revision here (deterministic, so every tab computes the same one).
pub fn parse<T: DeserializeOwned + Revised>(record: &JsValue) -> Result<T, String> {
    let doc = field(record, "doc").ok_or_else(|| {
        crate::i18n::t()
            .messages()
            .record_without_document
            .to_string()
    })?;
    let mut r: T = serde_json::from_str(&doc).map_err(|e| e.to_string())?;
    ensure_rev(&mut r);
    Ok(r)
}

/// A record kind and its object store, for checked writes.
pub trait Kind: Revised {
    const STORE: &'static str;
    /// The IndexedDB record for `self`; `stored` is what the store holds now (a contact
    /// keeps its stored history: derived data is never written from a tab's memory).
    fn to_record(&self, stored: &JsValue) -> Result<JsValue, StoreError>;
}

impl Kind for Contact {
    const STORE: &'static str = super::schema::CONTACTS;
    fn to_record(&self, stored: &JsValue) -> Result<JsValue, StoreError> {
        contact(self, &parse_history(stored))
    }
}

impl Kind for Interaction {
    const STORE: &'static str = super::schema::INTERACTIONS;
    fn to_record(&self, _: &JsValue) -> Result<JsValue, StoreError> {
        interaction(self)
    }
}

impl Kind for FollowUp {
    const STORE: &'static str = super::schema::FOLLOW_UPS;
    fn to_record(&self, _: &JsValue) -> Result<JsValue, StoreError> {
        follow_up(self)
    }
}

impl Kind for bakkal_core::io::backup::Setting {
    const STORE: &'static str = super::schema::SETTINGS;
    fn to_record(&self, _: &JsValue) -> Result<JsValue, StoreError> {
        setting(self)
    }
}

impl Kind for Deal {
    const STORE: &'static str = super::schema::DEALS;
    fn to_record(&self, _: &JsValue) -> Result<JsValue, StoreError> {
        deal(self)
    }
}

/// A contact's history stored beside it (empty when missing or unreadable: it is derived
/// data and is rebuilt the next time the contact's interactions change).
pub fn parse_history(record: &JsValue) -> Vec<Event> {
    field(record, "ev")
        .and_then(|s| history::decode(&s).ok())
        .unwrap_or_default()
}

pub fn contact(c: &Contact, events: &[Event]) -> Result<JsValue, StoreError> {
    object(&[
        ("id", Some(c.id.to_string())),
        ("doc", Some(json(c)?)),
        // Tombstones have no `sort`, so the index (and the first page) skips them.
        (
            "sort",
            (!c.is_deleted()).then(|| collation_key(&c.display_name).sortable()),
        ),
        ("ev", (!events.is_empty()).then(|| history::encode(events))),
    ])
}

/// Replaces a stored contact record's history in place (its document stays as stored).
pub fn set_history(record: &JsValue, events: &[Event]) -> Result<(), StoreError> {
    let key = JsValue::from_str("ev");
    let r = if events.is_empty() {
        Reflect::delete_property(record.unchecked_ref::<js_sys::Object>(), &key).map(|_| ())
    } else {
        Reflect::set(record, &key, &JsValue::from_str(&history::encode(events))).map(|_| ())
    };
    r.map_err(|e| StoreError::Failed(DomError::from_js(e).message))
}

/// Sorts newest first as a plain string, unique thanks to the id at its end.
pub fn reverse_time_key(i: &Interaction) -> String {
    const MAX: i64 = 99_999_999_999;
    format!("{:011}-{}", MAX - i.at.timestamp().clamp(0, MAX), i.id)
}

/// A `reverse_time_key` bound for instant `at`: `newest_side` bounds from the newer side
/// (sorts before every key of that second), else from the older side (after every key).
pub fn time_bound_key(at: chrono::DateTime<chrono::Utc>, newest_side: bool) -> String {
    const MAX: i64 = 99_999_999_999;
    let t = MAX - at.timestamp().clamp(0, MAX);
    if newest_side {
        format!("{t:011}-\u{ffff}")
    } else {
        format!("{t:011}-")
    }
}

pub fn interaction(i: &Interaction) -> Result<JsValue, StoreError> {
    let live = !i.is_deleted();
    let record = object(&[
        ("id", Some(i.id.to_string())),
        ("doc", Some(json(i)?)),
        ("c", Some(i.contact_id.to_string())),
        ("rat", live.then(|| reverse_time_key(i))),
        ("open", i.is_open().then(|| reverse_time_key(i))),
    ])?;
    // When it was written, for `by_change` (Search everything's stored index follows it).
    Reflect::set(
        &record,
        &JsValue::from_str("m"),
        &js_sys::Date::now().into(),
    )
    .map_err(|e| StoreError::Failed(DomError::from_js(e).message))?;
    Ok(record)
}

pub fn follow_up(f: &FollowUp) -> Result<JsValue, StoreError> {
    object(&[
        ("id", Some(f.id.to_string())),
        ("doc", Some(json(f)?)),
        ("c", Some(f.contact_id.to_string())),
        ("due", f.is_open().then(|| f.due.to_string())),
    ])
}

pub fn deal(d: &Deal) -> Result<JsValue, StoreError> {
    object(&[
        ("id", Some(d.id.to_string())),
        ("doc", Some(json(d)?)),
        ("c", Some(d.contact_id.to_string())),
    ])
}

pub fn setting(s: &bakkal_core::io::backup::Setting) -> Result<JsValue, StoreError> {
    object(&[("key", Some(s.key.clone())), ("doc", Some(json(s)?))])
}
