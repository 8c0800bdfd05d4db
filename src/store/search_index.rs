//! Search everything's index kept between visits (`bakkal_core::everything::stored`): its
//! parts in `local` (this device's own records, never in a backup or sync), and the
//! interactions written since it was saved, found by their write time (`m`, index
//! `by_change`) whoever wrote them: this tab, another one, a pull from the sync server or
//! the backup worker.

use super::changes::failed;
use super::StoreError;
use super::{get_all, get_all_index, idb, index, object_store, schema, Store};
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{IdbKeyRange, IdbTransaction, IdbTransactionMode};

/// The `local` record saying which parts make up the stored index, and since when it
/// misses changes: `{ id, since, set, parts }` (plain fields, no `doc`: it is never
/// part of the book).
const META: &str = "search-index";
/// Parts are `{ id: "search-index/<set>/<n>", bytes }`: each write of the index is a new
/// set (its start time, so that older sets sort first), written part by part in
/// transactions of their own (the app never holds the whole of it in memory) and made
/// current by the meta record.
const PART: &str = "search-index/";

/// The stored index as read back: its parts, and the write time (ms since the epoch)
/// from which interactions must be read again.
pub struct StoredIndex {
    pub since: f64,
    pub parts: Vec<Uint8Array>,
}

/// A new set of parts: its name.
pub fn new_set() -> String {
    format!("{:015}", js_sys::Date::now() as u64)
}

/// The parts of `set`, or of every set.
fn part_range(set: Option<&str>) -> Result<IdbKeyRange, StoreError> {
    let from = format!("{PART}{}", set.map(|s| format!("{s}/")).unwrap_or_default());
    IdbKeyRange::bound(&from.clone().into(), &format!("{from}\u{ffff}").into()).map_err(failed)
}

/// Forgets the stored index inside `tx` (which covers `local`): a Replace or its Undo
/// changes records without leaving a write time the index could follow.
pub(super) fn forget_in(tx: &IdbTransaction) -> Result<(), StoreError> {
    let local = object_store(tx, schema::LOCAL)?;
    local.delete(&JsValue::from_str(META)).map_err(failed)?;
    local.delete(&part_range(None)?.into()).map_err(failed)?;
    Ok(())
}

impl Store {
    /// The stored index, if there is a whole one.
    pub async fn stored_index(&self) -> Result<Option<StoredIndex>, StoreError> {
        let tx = self.transaction(&[schema::LOCAL], IdbTransactionMode::Readonly)?;
        let local = object_store(&tx, schema::LOCAL)?;
        let meta = idb::request(&local.get(&JsValue::from_str(META)).map_err(failed)?).await?;
        let field = |name: &str| Reflect::get(&meta, &name.into()).ok();
        let (Some(since), Some(set), Some(count)) = (
            field("since").and_then(|v| v.as_f64()),
            field("set").and_then(|v| v.as_string()),
            field("parts").and_then(|v| v.as_f64()),
        ) else {
            return Ok(None);
        };
        let parts = get_all(&local, Some(&part_range(Some(&set))?), None).await?;
        let parts: Vec<Uint8Array> = parts
            .iter()
            .filter_map(|p| Reflect::get(&p, &"bytes".into()).ok())
            .filter_map(|b| b.dyn_into::<Uint8Array>().ok())
            .collect();
        Ok((parts.len() as f64 == count).then_some(StoredIndex { since, parts }))
    }

    /// Stores part `n` of the index being written as `set`.
    pub async fn put_index_part(&self, set: &str, n: u32, bytes: &[u8]) -> Result<(), StoreError> {
        let tx = self.transaction(&[schema::LOCAL], IdbTransactionMode::Readwrite)?;
        let o = Object::new();
        let id = format!("{PART}{set}/{n:05}");
        Reflect::set(&o, &"id".into(), &id.into()).map_err(failed)?;
        Reflect::set(&o, &"bytes".into(), &Uint8Array::from(bytes)).map_err(failed)?;
        object_store(&tx, schema::LOCAL)?.put(&o).map_err(failed)?;
        idb::done(&tx).await.map_err(Into::into)
    }

    /// Makes `set`, whose `parts` parts are stored, the stored index, and forgets the sets
    /// written before it; `since`: the write time from which interactions must be read
    /// again.
    pub async fn finish_stored_index(
        &self,
        set: &str,
        parts: u32,
        since: f64,
    ) -> Result<(), StoreError> {
        let tx = self.transaction(&[schema::LOCAL], IdbTransactionMode::Readwrite)?;
        let local = object_store(&tx, schema::LOCAL)?;
        let o = Object::new();
        for (k, v) in [
            ("id", JsValue::from_str(META)),
            ("since", since.into()),
            ("set", set.into()),
            ("parts", parts.into()),
        ] {
            Reflect::set(&o, &k.into(), &v).map_err(failed)?;
        }
        local.put(&o).map_err(failed)?;
        let older = IdbKeyRange::bound_with_lower_open_and_upper_open(
            &PART.into(),
            &format!("{PART}{set}/").into(),
            false,
            true,
        )
        .map_err(failed)?;
        local.delete(&older.into()).map_err(failed)?;
        idb::done(&tx).await.map_err(Into::into)
    }

    /// A page of up to `n` interactions (tombstones included) written at `since` or later,
    /// oldest write first, after `after` (the position a previous page ended at): their
    /// stored documents, and the position to go on from (`None` at the end).
    pub async fn interactions_written_since(
        &self,
        since: f64,
        after: Option<&JsValue>,
        n: u32,
    ) -> Result<(Vec<String>, Option<JsValue>), StoreError> {
        let tx = self.transaction(&[schema::INTERACTIONS], IdbTransactionMode::Readonly)?;
        let ix = index(&tx, schema::INTERACTIONS, schema::INTERACTIONS_BY_CHANGE)?;
        let range = match after {
            Some(k) => IdbKeyRange::lower_bound_with_open(k, true),
            None => IdbKeyRange::lower_bound(&Array::of2(&since.into(), &"".into())),
        }
        .map_err(failed)?;
        let all = get_all_index(&ix, Some(&range), Some(n)).await?;
        let next = (all.length() >= n)
            .then(|| {
                let last = all.get(all.length() - 1);
                let m = Reflect::get(&last, &"m".into()).ok()?;
                let id = Reflect::get(&last, &"id".into()).ok()?;
                Some(Array::of2(&m, &id).into())
            })
            .flatten();
        let docs = all
            .iter()
            .filter_map(|r| super::records::document(&r))
            .collect();
        Ok((docs, next))
    }

    /// How many live interactions the store holds (the stored index must index as many).
    pub async fn count_live_interactions(&self) -> Result<usize, StoreError> {
        let tx = self.transaction(&[schema::INTERACTIONS], IdbTransactionMode::Readonly)?;
        let req = index(&tx, schema::INTERACTIONS, schema::INTERACTIONS_BY_TIME)?
            .count()
            .map_err(failed)?;
        Ok(idb::request(&req).await?.as_f64().unwrap_or(0.0) as usize)
    }
}
