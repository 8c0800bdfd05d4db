//! Moving a contact's interactions, follow-ups and deals to another contact, together with the
//! contacts' own new versions, in one transaction: what **Merge with…** writes, and its
//! Undo (`bakkal_core::model::combine` decides the contacts' content).

use super::{
    checked, contact_range, get, idb, index, object_store, parse_all, put, put_derived, records,
    schema, DomError, Kind, Loaded, Outcome, Store, StoreError,
};
use bakkal_core::analysis::history::{events_of, Event};
use bakkal_core::model::combine::OfContact;
use bakkal_core::model::deal::Deal;
use bakkal_core::model::rev::Rev;
use bakkal_core::{Contact, ContactId, FollowUp, Interaction};
use chrono::{DateTime, Utc};
use js_sys::Array;
use std::collections::HashSet;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{IdbKeyRange, IdbTransactionMode};

/// What a relink moved, and the two contacts' histories after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Relinked {
    /// Ids of the interactions, follow-ups and deals that moved.
    pub moved: Vec<String>,
    pub from_history: Vec<Event>,
    pub to_history: Vec<Event>,
}

/// What a relink moves: the records of `from` that `which` names go to `to`, each a new
/// revision stamped `at`.
#[derive(Clone, Copy)]
pub struct Move<'a> {
    pub from: ContactId,
    pub to: ContactId,
    pub which: Which<'a>,
    pub at: DateTime<Utc>,
}

/// Which interactions, follow-ups and deals go.
#[derive(Clone, Copy)]
pub enum Which<'a> {
    /// Every one not deleted.
    Live,
    /// Exactly these (by id), where still there and not deleted: an Undo.
    Only(&'a HashSet<String>),
}

impl Store {
    /// Writes `contacts` — each only if the store still holds the revision it started
    /// from — and moves interactions, follow-ups and deals of `from` to `to` (each a new
    /// revision), rebuilding both contacts' histories; all in one transaction. Gives the
    /// first stored contact that changed meanwhile instead, writing nothing.
    pub async fn relink(
        &self,
        contacts: &[(Contact, Rev)],
        what: Move<'_>,
    ) -> Result<Outcome<Relinked, Contact>, StoreError> {
        let Move {
            from,
            to,
            which,
            at,
        } = what;
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
        let c_store = object_store(&tx, schema::CONTACTS)?;
        let reqs = contacts
            .iter()
            .map(|(c, _)| get(&c_store, &c.id.to_string()))
            .collect::<Result<Vec<_>, _>>()?;
        // The two ends' stored records, for their histories when not written anyway.
        let written = |id: ContactId| contacts.iter().any(|(c, _)| c.id == id);
        let ends = [from, to]
            .into_iter()
            .filter(|id| !written(*id))
            .map(|id| Ok((id, get(&c_store, &id.to_string())?)))
            .collect::<Result<Vec<_>, StoreError>>()?;
        // Every read is issued before the first await (the transaction stays active).
        let of_from = |store: &str, name: &str| -> Result<web_sys::IdbRequest, StoreError> {
            let only = IdbKeyRange::only(&JsValue::from_str(&from.to_string()))
                .map_err(DomError::from_js)?;
            index(&tx, store, name)?
                .get_all_with_key(&only)
                .map_err(|e| DomError::from_js(e).into())
        };
        let i_req = of_from(schema::INTERACTIONS, schema::INTERACTIONS_BY_CONTACT)?;
        let f_req = of_from(schema::FOLLOW_UPS, schema::FOLLOW_UPS_BY_CONTACT)?;
        let d_req = of_from(schema::DEALS, schema::DEALS_BY_CONTACT)?;
        let raws = match checked::<Contact>(&tx, &reqs, contacts.iter().map(|(_, b)| b)).await? {
            Ok(raws) => raws,
            Err(current) => return Ok(Outcome::Stale(current)),
        };
        let all = |req: web_sys::IdbRequest| async move {
            Ok::<Array, StoreError>(idb::request(&req).await?.unchecked_into())
        };
        let interactions: Loaded<Interaction> = parse_all(all(i_req).await.map_err(abort)?);
        let follow_ups: Loaded<FollowUp> = parse_all(all(f_req).await.map_err(abort)?);
        let deals: Loaded<Deal> = parse_all(all(d_req).await.map_err(abort)?);
        let goes = |key: &String, deleted: bool| {
            !deleted
                && match which {
                    Which::Live => true,
                    Which::Only(ids) => ids.contains(key),
                }
        };
        let mut moved = move_all(&tx, interactions.items, &goes, to, at).map_err(abort)?;
        moved.extend(move_all(&tx, follow_ups.items, &goes, to, at).map_err(abort)?);
        moved.extend(move_all(&tx, deals.items, &goes, to, at).map_err(abort)?);
        // Read after the moves, in the same transaction: the histories as they are now.
        let timeline = index(&tx, schema::INTERACTIONS, schema::INTERACTIONS_TIMELINE)?;
        let history = |id: ContactId| -> Result<_, StoreError> {
            timeline
                .get_all_with_key(&JsValue::from(contact_range(id)?))
                .map_err(|e| DomError::from_js(e).into())
        };
        let (from_req, to_req) = (history(from)?, history(to)?);
        let events = |a: Array| events_of(&parse_all::<Interaction>(a).items);
        let from_history = events(all(from_req).await.map_err(abort)?);
        let to_history = events(all(to_req).await.map_err(abort)?);
        for ((c, _), raw) in contacts.iter().zip(&raws) {
            let record = if c.id == from {
                records::contact(c, &from_history)
            } else if c.id == to {
                records::contact(c, &to_history)
            } else {
                c.to_record(raw)
            };
            put(&tx, &c_store, record.map_err(abort)?)?;
        }
        for (id, req) in ends {
            let raw = idb::request(&req).await.map_err(|e| abort(e.into()))?;
            if raw.is_undefined() || raw.is_null() {
                continue;
            }
            let events = if id == from {
                &from_history
            } else {
                &to_history
            };
            records::set_history(&raw, events).map_err(abort)?;
            put_derived(&tx, &c_store, &raw)?;
        }
        idb::done(&tx).await?;
        Ok(Outcome::Done(Relinked {
            moved,
            from_history,
            to_history,
        }))
    }
}

/// Moves each of `items` that `goes` to contact `to` (a new revision each); gives their keys.
fn move_all<T: OfContact + Kind>(
    tx: &web_sys::IdbTransaction,
    items: Vec<T>,
    goes: &dyn Fn(&String, bool) -> bool,
    to: ContactId,
    at: DateTime<Utc>,
) -> Result<Vec<String>, StoreError> {
    let store = object_store(tx, T::STORE)?;
    let mut moved = Vec::new();
    for mut r in items.into_iter().filter(|r| goes(&r.key(), r.deleted())) {
        r.move_to(to, at);
        put(tx, &store, r.to_record(&JsValue::UNDEFINED)?)?;
        moved.push(r.key());
    }
    Ok(moved)
}
