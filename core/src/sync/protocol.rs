//! The request bodies and answers of CouchDB's replication endpoints (`_changes`,
//! `_revs_diff`, `_bulk_get` / `open_revs`, `_bulk_docs`), and the retry rule. The shell
//! sends and receives; everything decided about the content is decided here.

use super::doc::{self, Skip, Synced};
use super::server::{backoff_ms, Refusal};
use crate::model::rev::Rev;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::{json, Map, Value};

/// One row of `_changes?style=all_docs`: a document and its current leaves, and the
/// document itself when the feed was asked to include it (`include_docs=true`).
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub seq: Value,
    pub id: String,
    pub revs: Vec<Rev>,
    pub doc: Option<Value>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Changes {
    pub results: Vec<Change>,
    pub last_seq: Value,
    /// How many changes the server still has after these (CouchDB 2+; absent elsewhere).
    pub pending: Option<u64>,
    /// Rows in the answer, Bakkal's or not: documents that are not Bakkal's still fill a
    /// batch.
    pub rows: usize,
}

/// Reads a `_changes` answer. Rows for documents that are not Bakkal records
/// (`_design/…`, `bakkal:encryption`, another app's) are dropped here. `None`: not a change
/// feed (no `results` or no `last_seq`). Takes the answer whole, so included documents are
/// moved, not copied.
pub fn parse_changes(v: Value) -> Option<Changes> {
    let Value::Object(mut v) = v else {
        return None;
    };
    let last_seq = v.remove("last_seq")?;
    let Some(Value::Array(results)) = v.remove("results") else {
        return None;
    };
    let rows = results.len();
    let results = results
        .into_iter()
        .filter_map(|row| {
            let Value::Object(mut row) = row else {
                return None;
            };
            let id = row.get("id")?.as_str()?.to_string();
            doc::parse_doc_id(&id)?;
            let revs = row
                .get("changes")?
                .as_array()?
                .iter()
                .filter_map(|c| Rev::parse(c.get("rev")?.as_str()?).ok())
                .collect();
            Some(Change {
                seq: row.remove("seq").unwrap_or(Value::Null),
                id,
                revs,
                doc: row.remove("doc").filter(Value::is_object),
            })
        })
        .collect();
    Some(Changes {
        results,
        last_seq,
        pending: v.get("pending").and_then(Value::as_u64),
        rows,
    })
}

/// The document the feed included, when it is all that is missing here: a first revision
/// (its history is itself, so `_revisions` is known) that is still the one the feed lists.
/// PouchDB's replicator likewise fetches first revisions in bulk, without their histories;
/// a first pull of a book made by an import is mostly such revisions, and the server then
/// answers no `_bulk_get` for them. Anything else (a later revision, several, a document
/// edited since the row was written) is `None`: fetched with `_bulk_get` as before.
pub fn included_first(change: &mut Change, missing: &[Rev]) -> Option<Value> {
    let [rev] = missing else {
        return None;
    };
    let doc = change.doc.as_ref()?;
    let same = doc.get("_rev").and_then(Value::as_str) == Some(rev.to_string().as_str());
    let deleted = doc.get("_deleted").and_then(Value::as_bool) == Some(true);
    if rev.gen != 1 || !same || deleted {
        return None;
    }
    let mut doc = change.doc.take()?;
    if let Value::Object(m) = &mut doc {
        m.insert(
            "_revisions".into(),
            json!({ "start": 1, "ids": [rev.hash.as_str()] }),
        );
    }
    Some(doc)
}

/// `_revs_diff` body: `{ id: [rev, …] }`.
pub fn revs_diff_body(items: &[(String, Vec<Rev>)]) -> Value {
    let mut m = Map::new();
    for (id, revs) in items {
        let list: Vec<Value> = revs.iter().map(|r| r.to_string().into()).collect();
        m.insert(id.clone(), list.into());
    }
    Value::Object(m)
}

/// The revisions the server lacks, per document id.
pub fn parse_revs_diff(v: &Value) -> Vec<(String, Vec<Rev>)> {
    let Some(m) = v.as_object() else {
        return Vec::new();
    };
    m.iter()
        .map(|(id, d)| {
            let missing = d
                .get("missing")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|r| Rev::parse(r.as_str()?).ok())
                        .collect()
                })
                .unwrap_or_default();
            (id.clone(), missing)
        })
        .filter(|(_, m): &(String, Vec<Rev>)| !m.is_empty())
        .collect()
}

/// `_bulk_get` body: one entry per wanted revision.
pub fn bulk_get_body(wanted: &[(String, Vec<Rev>)]) -> Value {
    let docs: Vec<Value> = wanted
        .iter()
        .flat_map(|(id, revs)| {
            revs.iter()
                .map(move |r| json!({ "id": id, "rev": r.to_string() }))
        })
        .collect();
    json!({ "docs": docs })
}

/// The documents of a `_bulk_get` answer, and (id, why) for each revision it could not
/// give.
pub fn parse_bulk_get(v: &Value) -> (Vec<Value>, Vec<(String, Skip)>) {
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    for result in v
        .get("results")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let id = result.get("id").and_then(Value::as_str).unwrap_or("?");
        for d in result
            .get("docs")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(ok) = d.get("ok") {
                docs.push(ok.clone());
            } else if let Some(e) = d.get("error") {
                let why = e
                    .get("reason")
                    .or_else(|| e.get("error"))
                    .and_then(Value::as_str)
                    .map(str::to_string);
                errors.push((id.to_string(), Skip::NotServed(why)));
            }
        }
    }
    (docs, errors)
}

/// The documents of a `GET /db/id?open_revs=…` answer (`[{ok: doc} | {missing: rev}]`).
pub fn parse_open_revs(v: &Value) -> Vec<Value> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d.get("ok").cloned())
        .collect()
}

/// Characters escaped in a document id inside a URL path (`encodeURIComponent`'s set).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// A document id or query value as a URL component.
pub fn component(s: &str) -> String {
    utf8_percent_encode(s, COMPONENT).to_string()
}

/// The path (after the database URL) that reads `revs` of one document the slow way.
pub fn open_revs_path(id: &str, revs: &[Rev]) -> String {
    let list: Vec<Value> = revs.iter().map(|r| r.to_string().into()).collect();
    format!(
        "/{}?revs=true&latest=true&open_revs={}",
        component(id),
        component(&Value::from(list).to_string())
    )
}

/// The `_changes` query for a sequence: opaque, sent back as the server gave it.
pub fn since_param(seq: &Value) -> String {
    match seq {
        Value::String(s) => component(s),
        other => component(&other.to_string()),
    }
}

/// The documents to send for a record: the leaves the server said it lacks.
pub fn docs_to_send<T: Synced>(r: &T, missing: &[Rev]) -> Vec<Value> {
    doc::docs_of(r)
        .into_iter()
        .filter(|(rev, _)| missing.contains(rev))
        .map(|(_, d)| d)
        .collect()
}

/// A `_bulk_docs` answer with `new_edits: false`: empty (or all `ok`) when everything was
/// stored; (id, why) for each document refused, e.g. `forbidden` by a validation function.
/// A refused document is logged as skipped; it does not stop sync.
pub fn parse_bulk_docs(v: &Value) -> Vec<(String, Skip)> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| {
            let error = r.get("error")?.as_str()?;
            let id = r.get("id").and_then(Value::as_str).unwrap_or("?");
            let reason = r.get("reason").and_then(Value::as_str).unwrap_or("");
            Some((
                id.to_string(),
                Skip::Rejected {
                    error: error.to_string(),
                    reason: reason.to_string(),
                },
            ))
        })
        .collect()
}

/// What the replicator does after a round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// Go on (the round worked).
    Continue,
    /// Wait this long, then try again.
    RetryIn(u64),
    /// Wait for the browser's `online` event.
    WaitOnline,
    /// Only the user can fix this: stop and say why.
    Stop(Refusal),
}

/// Consecutive failures, for the backoff; reset when a round works.
#[derive(Debug, Clone, Default)]
pub struct Retry {
    pub failures: u32,
}

impl Retry {
    pub fn after(&mut self, result: Result<(), Refusal>, online: bool, random: f64) -> Next {
        match result {
            Ok(()) => {
                self.failures = 0;
                Next::Continue
            }
            Err(_) if !online => Next::WaitOnline,
            Err(r) if r.retryable() => {
                let wait = backoff_ms(self.failures, random);
                self.failures = self.failures.saturating_add(1);
                Next::RetryIn(wait)
            }
            Err(r) => Next::Stop(r),
        }
    }
}
