//! Revisions in CouchDB's form, so that merging backups, other tabs' writes and (next)
//! replication with the user's CouchDB all speak one model.
//!
//! Every stored record carries `_rev` (`N-hash`: generation `N`, a hash of the content and
//! its parent), `_revisions` (its ancestry, newest first, as CouchDB's `?revs=true` gives
//! it, at most [`REVS_LIMIT`] long) and `_conflicts` (versions that lost a conflict, kept
//! until the user picks one). A local edit makes a child of the revision it started from;
//! a merge keeps every leaf that no other leaf descends from, and the winner is CouchDB's:
//! the live leaf with the highest generation, then the highest hash.

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use std::fmt;

/// How many ancestors a record remembers (CouchDB's `_revs_limit` defaults to 1000; a
/// client book edits each record a handful of times).
pub const REVS_LIMIT: usize = 100;

/// The JSON keys of the revision fields, left out of content hashes and field comparisons.
pub const REV_KEYS: [&str; 3] = ["_rev", "_revisions", "_conflicts"];

/// `N-hash`. Ordered as CouchDB orders revisions: by generation, then by hash text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Rev {
    pub gen: u32,
    pub hash: String,
}

impl Rev {
    /// A record never saved has no revision (generation 0).
    pub fn is_none(&self) -> bool {
        self.gen == 0
    }

    pub fn parse(s: &str) -> Result<Rev, String> {
        let (gen, hash) = s
            .split_once('-')
            .ok_or_else(|| format!("revision “{s}” is not of the form N-hash"))?;
        let gen: u32 = gen
            .parse()
            .map_err(|_| format!("revision “{s}” does not start with a number"))?;
        if gen == 0 || !valid_hash(hash) {
            return Err(format!("revision “{s}” is not of the form N-hash"));
        }
        Ok(Rev {
            gen,
            hash: hash.to_string(),
        })
    }
}

fn valid_hash(h: &str) -> bool {
    !h.is_empty() && h.len() <= 128 && h.bytes().all(|b| b.is_ascii_graphic() && b != b'"')
}

impl fmt::Display for Rev {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.gen, self.hash)
    }
}

impl Serialize for Rev {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Rev {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<str>::deserialize(d)?;
        Rev::parse(&s).map_err(D::Error::custom)
    }
}

/// `_revisions`: `start` is the newest generation, `ids[0]` its hash, `ids[1]` its
/// parent's, and so on.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RevPath {
    pub start: u32,
    pub ids: Vec<String>,
}

impl RevPath {
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The newest revision on the path.
    pub fn rev(&self) -> Rev {
        match self.ids.first() {
            Some(h) => Rev {
                gen: self.start,
                hash: h.clone(),
            },
            None => Rev::default(),
        }
    }

    /// Whether `r` is on this path (itself or an ancestor it remembers).
    pub fn contains(&self, r: &Rev) -> bool {
        r.gen <= self.start
            && self
                .ids
                .get((self.start - r.gen) as usize)
                .is_some_and(|h| *h == r.hash)
    }

    /// The path of a child revision with hash `hash`.
    pub fn child(&self, hash: String) -> RevPath {
        let mut ids = Vec::with_capacity((self.ids.len() + 1).min(REVS_LIMIT));
        ids.push(hash);
        ids.extend(self.ids.iter().take(REVS_LIMIT - 1).cloned());
        RevPath {
            start: self.start.saturating_add(1),
            ids,
        }
    }

    /// A path read from elsewhere, checked: generations fit, hashes are sane.
    pub fn check(&self) -> Result<(), String> {
        if self.ids.is_empty() {
            return Err("_revisions has no ids".into());
        }
        if self.ids.len() as u64 > self.start as u64 {
            return Err("_revisions is longer than its start generation".into());
        }
        if let Some(bad) = self.ids.iter().find(|h| !valid_hash(h)) {
            return Err(format!("_revisions has a malformed id “{bad}”"));
        }
        Ok(())
    }
}

/// A version of a record that lost a conflict: its ancestry, whether it is a deletion, and
/// (for live ones) its content, kept so the user can still choose it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leaf {
    #[serde(rename = "_revisions")]
    pub path: RevPath,
    #[serde(rename = "_deleted", default, skip_serializing_if = "is_false")]
    pub deleted: bool,
    /// The record's fields without its revision fields (a deletion's may be absent when
    /// another client wrote it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<Value>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Leaf {
    pub fn rev(&self) -> Rev {
        self.path.rev()
    }
}

/// A record kind that carries revisions. Implemented by `revised!` for each stored kind.
pub trait Revised: Clone + Serialize + DeserializeOwned {
    /// The record's id within its store.
    fn key(&self) -> String;
    fn deleted(&self) -> bool;
    fn rev(&self) -> &Rev;
    fn path(&self) -> &RevPath;
    fn conflicts(&self) -> &[Leaf];
    fn set_revs(&mut self, path: RevPath, conflicts: Vec<Leaf>);
    /// Clears a deletion (for restoring what was deleted together with something).
    fn undelete(&mut self, now: chrono::DateTime<chrono::Utc>);
}

/// Implements [`Revised`] for a record with fields `rev`, `revisions`, `conflicts`.
#[macro_export]
macro_rules! revised {
    ($t:ty, |$s:ident| $key:expr, deleted: |$d:ident| $deleted:expr) => {
        impl $crate::model::rev::Revised for $t {
            fn key(&self) -> String {
                let $s = self;
                $key
            }
            fn deleted(&self) -> bool {
                let $d = self;
                $deleted
            }
            fn rev(&self) -> &$crate::model::rev::Rev {
                &self.rev
            }
            fn path(&self) -> &$crate::model::rev::RevPath {
                &self.revisions
            }
            fn conflicts(&self) -> &[$crate::model::rev::Leaf] {
                &self.conflicts
            }
            fn set_revs(
                &mut self,
                path: $crate::model::rev::RevPath,
                conflicts: Vec<$crate::model::rev::Leaf>,
            ) {
                self.rev = path.rev();
                self.revisions = path;
                self.conflicts = conflicts;
            }
            fn undelete(&mut self, now: chrono::DateTime<chrono::Utc>) {
                self.deleted_at = None;
                self.updated_at = now;
            }
        }
    };
}

/// JSON text to a record and back go through the string (de)serializers every record
/// kind already has for storage: `serde_json::{to,from}_value` would add a second pair per
/// kind to the WebAssembly bundle.
fn to_json_value<T: Serialize>(r: &T) -> Option<Value> {
    serde_json::from_str(&serde_json::to_string(r).ok()?).ok()
}

pub fn from_json_value<T: DeserializeOwned>(v: &Value) -> Result<T, String> {
    serde_json::from_str(&v.to_string()).map_err(|e| e.to_string())
}

/// The record's content as a JSON object, without its revision fields.
pub fn content<T: Serialize>(r: &T) -> Map<String, Value> {
    match to_json_value(r) {
        Some(Value::Object(mut m)) => {
            for k in REV_KEYS {
                m.remove(k);
            }
            m
        }
        _ => Map::new(),
    }
}

fn hash_of(parent: &Rev, deleted: bool, content: &Map<String, Value>) -> String {
    use md5::{Digest, Md5};
    let mut h = Md5::new();
    h.update(parent.to_string().as_bytes());
    h.update([0, deleted as u8, 0]);
    // serde_json's map keeps keys sorted (no `preserve_order`), so equal content hashes
    // equally on every device.
    h.update(Value::Object(content.clone()).to_string().as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Makes the record's content a new revision: a child of the revision it carries (the
/// one the edit started from). Conflicts stay until resolved.
/// A deletion deletes every version: live losing leaves are closed too, so no other
/// version of a deleted record takes its place.
pub fn bump<T: Revised>(r: &mut T) {
    let hash = hash_of(r.rev(), r.deleted(), &content(r));
    let path = r.path().child(hash);
    let conflicts = if r.deleted() {
        close_leaves(r.conflicts())
    } else {
        r.conflicts().to_vec()
    };
    r.set_revs(path, conflicts);
    settle(r);
}

/// Every live leaf gets a deletion as its child (how CouchDB clients drop a version).
fn close_leaves(leaves: &[Leaf]) -> Vec<Leaf> {
    leaves
        .iter()
        .map(|l| {
            if l.deleted {
                l.clone()
            } else {
                // The closed version keeps its content, marked deleted, so that whichever
                // deleted version wins later still has a body to show and undo.
                let doc = l.doc.clone().map(|mut d| {
                    if let Value::Object(m) = &mut d {
                        let at = m.get("updated_at").cloned().unwrap_or(Value::Null);
                        m.insert("deleted_at".into(), at);
                    }
                    d
                });
                Leaf {
                    path: l.path.child(hash_of(&l.rev(), true, &Map::new())),
                    deleted: true,
                    doc,
                }
            }
        })
        .collect()
}

/// Gives a record written before revisions existed its first revision. Deterministic (a
/// hash of the content), so two devices holding the same old record agree on it.
pub fn ensure_rev<T: Revised>(r: &mut T) {
    if r.rev().is_none() || r.path().is_empty() {
        if !r.rev().is_none() {
            // A `_rev` without `_revisions` (a plain CouchDB document): its path is itself.
            let rev = r.rev().clone();
            let conflicts = r.conflicts().to_vec();
            r.set_revs(
                RevPath {
                    start: rev.gen,
                    ids: vec![rev.hash],
                },
                conflicts,
            );
        } else {
            bump(r);
        }
    }
}

/// Checks revision fields read from a file or a server: `_rev` matches `_revisions`, the
/// paths are sane. Records without any revision are fine (they get one on reading).
pub fn check<T: Revised>(r: &T) -> Result<(), String> {
    if r.path().is_empty() {
        return Ok(());
    }
    r.path().check()?;
    if !r.rev().is_none() && *r.rev() != r.path().rev() {
        return Err(format!(
            "_rev {} is not the newest of its _revisions ({})",
            r.rev(),
            r.path().rev()
        ));
    }
    for l in r.conflicts() {
        l.path.check()?;
        if !l.deleted && l.doc.is_none() {
            return Err("a live _conflicts version has no content".into());
        }
    }
    Ok(())
}

/// The live versions that lost a conflict (what the user is asked about).
pub fn live_conflicts<T: Revised>(r: &T) -> impl Iterator<Item = &Leaf> {
    r.conflicts().iter().filter(|l| !l.deleted)
}

pub fn has_conflicts<T: Revised>(r: &T) -> bool {
    live_conflicts(r).next().is_some()
}

/// One version of a record during a merge.
struct Version<'a, T> {
    path: RevPath,
    deleted: bool,
    /// Either the record itself (a winner) or a kept leaf's content.
    body: Body<'a, T>,
}

enum Body<'a, T> {
    Record(&'a T),
    Json(Option<Value>),
}

fn versions<T: Revised>(r: &T) -> Vec<Version<'_, T>> {
    let mut v = vec![Version {
        path: r.path().clone(),
        deleted: r.deleted(),
        body: Body::Record(r),
    }];
    v.extend(r.conflicts().iter().map(|l| Version {
        path: l.path.clone(),
        deleted: l.deleted,
        body: Body::Json(l.doc.clone()),
    }));
    v
}

/// What merging two versions of one record gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Merged<T> {
    /// `here` already holds everything `there` has.
    Here,
    /// The merged record (a new winner, new conflicts, or a longer remembered path).
    New(T),
}

/// Merges two copies of one record by revisions. Commutative, associative and idempotent
/// in the resulting record: it depends only on the set of leaves.
pub fn merge<T: Revised>(here: &T, there: &T) -> Result<Merged<T>, String> {
    // Fast path: `there` has nothing `here` lacks.
    if covers(here, there) {
        return Ok(Merged::Here);
    }
    let mut all: Vec<Version<'_, T>> = versions(here);
    all.extend(versions(there));
    let record = combine(all)?;
    if same_revs(&record, here) && content(&record) == content(here) {
        Ok(Merged::Here)
    } else {
        Ok(Merged::New(record))
    }
}

/// Puts CouchDB's winner first among a record's own versions (after a local deletion the
/// closed leaves may outrank it).
fn settle<T: Revised>(r: &mut T) {
    if let Ok(t) = combine(versions(r)) {
        *r = t;
    }
}

/// The record made of a set of versions: leaves only, the winner's content, the rest kept.
fn combine<T: Revised>(mut all: Vec<Version<'_, T>>) -> Result<T, String> {
    // The same revision on both sides: keep the copy that remembers more ancestors.
    crate::sort::by(&mut all, |a, b| {
        a.path
            .rev()
            .cmp(&b.path.rev())
            .then(b.path.ids.len().cmp(&a.path.ids.len()))
    });
    all.dedup_by(|later, earlier| later.path.rev() == earlier.path.rev());
    let paths: Vec<RevPath> = all.iter().map(|v| v.path.clone()).collect();
    // A leaf that another leaf descends from is no longer a leaf.
    let leaves: Vec<Version<'_, T>> = all
        .into_iter()
        .filter(|v| {
            let r = v.path.rev();
            !paths.iter().any(|p| p.rev() != r && p.contains(&r))
        })
        .collect();
    let Some(wi) = winner_index(&leaves) else {
        return Err("a record without versions".into());
    };
    let mut leaves = leaves;
    let win = leaves.remove(wi);
    let mut record: T = match win.body {
        Body::Record(r) => r.clone(),
        Body::Json(Some(v)) => from_json_value(&v)?,
        Body::Json(None) => return Err("the winning version has no content".into()),
    };
    let mut conflicts: Vec<Leaf> = leaves
        .into_iter()
        .map(|v| Leaf {
            deleted: v.deleted,
            doc: match v.body {
                Body::Record(r) => Some(Value::Object(content(r))),
                Body::Json(j) => j,
            },
            path: v.path,
        })
        .collect();
    crate::sort::by_key(&mut conflicts, |l| std::cmp::Reverse(l.rev()));
    record.set_revs(win.path, conflicts);
    Ok(record)
}

/// CouchDB's winner: live before deleted, then the highest generation, then hash.
fn winner_index<T>(leaves: &[Version<'_, T>]) -> Option<usize> {
    leaves
        .iter()
        .enumerate()
        .max_by(|(_, a), (_, b)| (!a.deleted, a.path.rev()).cmp(&(!b.deleted, b.path.rev())))
        .map(|(i, _)| i)
}

fn same_revs<T: Revised>(a: &T, b: &T) -> bool {
    a.path() == b.path() && a.conflicts() == b.conflicts()
}

/// Every leaf of `there` is a leaf of `here` or an ancestor of one, with no longer path.
fn covers<T: Revised>(here: &T, there: &T) -> bool {
    let here_paths: Vec<&RevPath> = std::iter::once(here.path())
        .chain(here.conflicts().iter().map(|l| &l.path))
        .collect();
    std::iter::once((there.path(), there.deleted()))
        .chain(there.conflicts().iter().map(|l| (&l.path, l.deleted)))
        .all(|(p, _)| {
            let r = p.rev();
            here_paths
                .iter()
                .any(|h| h.contains(&r) && (h.rev() != r || h.ids.len() >= p.ids.len()))
        })
}

/// Which side's value a field changed on both sides takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Mine,
    Theirs,
}

/// One top-level field that two edits changed differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldConflict {
    pub field: String,
    /// This tab's value (what the user just typed).
    pub mine: Value,
    /// The value stored meanwhile (by another tab).
    pub theirs: Value,
}

/// Combines an edit (`mine`, started from `base`) with what was stored meanwhile
/// (`theirs`): fields changed on one side only are taken from that side; a field changed
/// on both sides to different values is a conflict. The result carries `theirs`'
/// revisions, so writing it (after [`bump`]) makes a child of the stored revision.
///
/// With `prefer`, a field changed on both sides is taken from that side instead of being
/// reported (the user's choice after seeing the conflict).
pub fn merge_fields<T: Revised>(
    base: &T,
    mine: &T,
    theirs: &T,
    prefer: Option<Side>,
) -> Result<T, Vec<FieldConflict>> {
    let (b, m, t) = (content(base), content(mine), content(theirs));
    let mut out = t.clone();
    let mut conflicts = Vec::new();
    let keys: std::collections::BTreeSet<&String> =
        b.keys().chain(m.keys()).chain(t.keys()).collect();
    for k in keys {
        if k == "updated_at" {
            continue;
        }
        let (bv, mv, tv) = (b.get(k), m.get(k), t.get(k));
        if mv == bv || mv == tv {
            continue; // mine did not change it, or both made the same change
        }
        if tv == bv || prefer == Some(Side::Mine) {
            match mv {
                Some(v) => out.insert(k.clone(), v.clone()),
                None => out.remove(k),
            };
        } else if prefer == Some(Side::Theirs) {
            // Keep the stored value.
        } else {
            conflicts.push(FieldConflict {
                field: k.clone(),
                mine: mv.cloned().unwrap_or(Value::Null),
                theirs: tv.cloned().unwrap_or(Value::Null),
            });
        }
    }
    if !conflicts.is_empty() {
        return Err(conflicts);
    }
    // The later of the two edit times, for display.
    let later = [m.get("updated_at"), t.get("updated_at")]
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str())
        .max()
        .map(|s| Value::String(s.to_string()));
    if let Some(v) = later {
        out.insert("updated_at".into(), v);
    }
    let mut merged: T = from_json_value(&Value::Object(out)).map_err(|e| {
        vec![FieldConflict {
            field: "(record)".into(),
            mine: Value::String(e.to_string()),
            theirs: Value::Null,
        }]
    })?;
    merged.set_revs(theirs.path().clone(), theirs.conflicts().to_vec());
    Ok(merged)
}

/// A field's value as short text for people (lists joined, labels dropped, empty shown
/// as a dash).
pub fn display_value(v: &Value) -> String {
    fn text(v: &Value) -> String {
        match v {
            Value::Null => String::new(),
            Value::String(s) => s.clone(),
            Value::Array(a) => a
                .iter()
                .map(text)
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", "),
            Value::Object(m) => match m.get("value") {
                Some(x) => text(x),
                None => m
                    .values()
                    .map(text)
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" "),
            },
            other => other.to_string(),
        }
    }
    let t = text(v);
    if t.trim().is_empty() {
        "—".into()
    } else {
        t
    }
}

/// The top-level fields in which `leaf` differs from the record (for "Also edited
/// elsewhere"): `(field, the record's value, the leaf's value)`.
pub fn differing_fields<T: Revised>(r: &T, leaf: &Leaf) -> Vec<(String, Value, Value)> {
    let mine = content(r);
    let Some(Value::Object(other)) = &leaf.doc else {
        return vec![];
    };
    let keys: std::collections::BTreeSet<&String> = mine.keys().chain(other.keys()).collect();
    keys.into_iter()
        .filter(|k| !matches!(k.as_str(), "updated_at" | "created_at"))
        .filter_map(|k| {
            let (a, b) = (mine.get(k), other.get(k));
            (a != b).then(|| {
                (
                    k.clone(),
                    a.cloned().unwrap_or(Value::Null),
                    b.cloned().unwrap_or(Value::Null),
                )
            })
        })
        .collect()
}

/// Resolves a conflict by choosing one version: `None` keeps the current winner's
/// content, `Some(rev)` takes that losing leaf's. The result is the chosen content as a
/// child of the winner, with every other live leaf closed by a deletion (what CouchDB
/// clients write), so the resolution replicates like any edit.
pub fn resolve<T: Revised>(
    r: &T,
    choose: Option<&Rev>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<T, String> {
    let mut out: T = match choose {
        None => r.clone(),
        Some(rev) => {
            let leaf = r
                .conflicts()
                .iter()
                .find(|l| l.rev() == *rev && !l.deleted)
                .ok_or_else(|| format!("version {rev} is no longer there"))?;
            let mut v = Value::Object(
                leaf.doc
                    .clone()
                    .and_then(|d| d.as_object().cloned())
                    .unwrap_or_default(),
            );
            if let Value::Object(m) = &mut v {
                m.insert(
                    "updated_at".into(),
                    Value::String(now.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)),
                );
            }
            let mut t: T = from_json_value(&v)?;
            t.set_revs(r.path().clone(), vec![]);
            t
        }
    };
    let conflicts = close_leaves(r.conflicts());
    let path = r.path().clone();
    out.set_revs(path, conflicts);
    bump(&mut out);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Contact, ContactId};
    use chrono::{DateTime, Duration, TimeZone, Utc};
    use proptest::prelude::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
    }

    fn base() -> Contact {
        let mut c = Contact::new(ContactId::from_random_bytes([7; 16]), "Şule Yılmaz", now());
        bump(&mut c);
        c
    }

    fn edit(c: &Contact, notes: &str) -> Contact {
        let mut e = c.clone();
        e.notes = notes.into();
        e.updated_at += Duration::minutes(1);
        bump(&mut e);
        e
    }

    fn merged(a: &Contact, b: &Contact) -> Contact {
        match merge(a, b).unwrap() {
            Merged::Here => a.clone(),
            Merged::New(c) => c,
        }
    }

    #[test]
    fn revisions_look_like_couchdb_and_are_deterministic() {
        let c = base();
        assert_eq!(c.rev.gen, 1);
        assert_eq!(c.rev.hash.len(), 32);
        assert_eq!(c.revisions.ids, vec![c.rev.hash.clone()]);
        let json = serde_json::to_string(&c).unwrap();
        assert!(
            json.contains(&format!("\"_rev\":\"1-{}\"", c.rev.hash)),
            "{json}"
        );
        assert!(
            json.contains("\"_revisions\":{\"start\":1,\"ids\":["),
            "{json}"
        );
        // Same edit of the same parent on two devices: the same revision, no conflict.
        let (a, b) = (edit(&c, "x"), edit(&c, "x"));
        assert_eq!(a.rev, b.rev);
        assert_eq!(merge(&a, &b).unwrap(), Merged::Here);
        let back: Contact = serde_json::from_str(&json).unwrap();
        assert_eq!(back, c);
        assert_eq!(Rev::parse("3-abc").unwrap().to_string(), "3-abc");
        for bad in ["", "abc", "0-abc", "x-1", "2-", "2-a b"] {
            assert!(Rev::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_descendant_wins_and_concurrent_edits_conflict_with_couchdbs_winner() {
        let c = base();
        let a = edit(&c, "from A");
        let a2 = edit(&a, "from A again");
        // A descendant wins whatever the clocks say.
        let mut old_clock = a2.clone();
        old_clock.updated_at = now() - Duration::days(400);
        bump(&mut old_clock);
        assert_eq!(merged(&a, &old_clock).notes, "from A again");
        assert_eq!(merge(&old_clock, &a).unwrap(), Merged::Here);
        // Siblings: a conflict; the higher hash wins on equal generations.
        let b = edit(&c, "from B");
        let m = merged(&a, &b);
        let expected = if a.rev > b.rev { "from A" } else { "from B" };
        assert_eq!(m.notes, expected);
        assert_eq!(m.conflicts.len(), 1);
        assert!(has_conflicts(&m));
        assert_eq!(m, merged(&b, &a));
        // A higher generation wins over a higher hash.
        let m2 = merged(&a2, &b);
        assert_eq!(m2.notes, "from A again");
        // A live leaf wins over a deletion of any generation.
        let mut del = a2.clone();
        del.tombstone(now());
        bump(&mut del);
        let m3 = merged(&del, &b);
        assert_eq!(m3.notes, "from B");
        assert!(!m3.is_deleted());
        assert!(m3.conflicts.iter().any(|l| l.deleted));
        assert!(
            !has_conflicts(&m3),
            "a deleted loser is not a conflict to show"
        );
    }

    #[test]
    fn resolving_keeps_the_choice_and_closes_the_other_leaves() {
        let c = base();
        let (a, b) = (edit(&c, "A"), edit(&c, "B"));
        let m = merged(&a, &b);
        let loser = m.conflicts[0].rev();
        let r = resolve(&m, Some(&loser), now()).unwrap();
        assert_ne!(r.notes, m.notes);
        assert_eq!(r.rev.gen, 3);
        assert!(!has_conflicts(&r));
        // The resolution beats both sides when merged anywhere.
        assert_eq!(merged(&a, &r).notes, r.notes);
        assert_eq!(merged(&r, &b), r);
        let keep = resolve(&m, None, now()).unwrap();
        assert_eq!(keep.notes, m.notes);
        assert!(!has_conflicts(&keep));
        assert!(resolve(&m, Some(&Rev::parse("9-nope").unwrap()), now()).is_err());
    }

    #[test]
    fn field_merge_combines_different_fields_and_reports_the_same_field() {
        let c = base();
        let mut theirs = c.clone();
        theirs.phones = vec![crate::Labeled {
            label: "work".into(),
            value: "+90 532".into(),
        }];
        bump(&mut theirs);
        let mut mine = c.clone();
        mine.notes = "from B".into();
        let m = merge_fields(&c, &mine, &theirs, None).unwrap();
        assert_eq!(m.notes, "from B");
        assert_eq!(m.phones, theirs.phones);
        assert_eq!(
            m.rev, theirs.rev,
            "a merged edit is a child of what is stored"
        );
        let mut mine2 = c.clone();
        mine2.phones = vec![];
        mine2.notes = "x".into();
        let mut theirs2 = c.clone();
        theirs2.notes = "y".into();
        let err = merge_fields(&c, &mine2, &theirs2, None).unwrap_err();
        assert_eq!(err.len(), 1);
        assert_eq!(err[0].field, "notes");
        assert_eq!(err[0].mine, Value::String("x".into()));
        assert_eq!(err[0].theirs, Value::String("y".into()));
        let keep_mine = merge_fields(&c, &mine2, &theirs2, Some(Side::Mine)).unwrap();
        assert_eq!((keep_mine.notes.as_str(), keep_mine.phones.len()), ("x", 0));
        let keep_theirs = merge_fields(&c, &mine2, &theirs2, Some(Side::Theirs)).unwrap();
        assert_eq!(
            (keep_theirs.notes.as_str(), keep_theirs.phones.len()),
            ("y", 0)
        );
    }

    #[test]
    fn the_ancestry_is_bounded_and_malformed_paths_are_refused() {
        let mut c = base();
        for i in 0..150 {
            c = edit(&c, &format!("edit {i}"));
        }
        assert_eq!(c.rev.gen, 151);
        assert_eq!(c.revisions.ids.len(), REVS_LIMIT);
        assert_eq!(c.revisions.ids[0], c.rev.hash);
        assert!(check(&c).is_ok());
        for (start, ids) in [
            (1, vec!["a".to_string(), "b".to_string()]), // longer than its generations
            (2, vec!["a b".to_string()]),                // not a hash
            (2, vec![]),                                 // no ids
        ] {
            let p = RevPath { start, ids };
            assert!(p.check().is_err(), "{p:?}");
        }
        let mut bad = c.clone();
        bad.revisions.ids.push("x y".into());
        assert!(check(&bad).is_err());
    }

    #[test]
    fn revision_fields_read_from_other_clients() {
        // A plain CouchDB document: `_rev` without `_revisions`.
        let mut c = base();
        c.rev = Rev::parse("3-abc").unwrap();
        c.revisions = RevPath::default();
        assert!(check(&c).is_ok());
        ensure_rev(&mut c);
        assert_eq!(
            c.revisions,
            RevPath {
                start: 3,
                ids: vec!["abc".into()]
            }
        );
        assert_eq!(
            c.rev.to_string(),
            "3-abc",
            "another client's revision is kept as it is"
        );
        // `_revisions` without `_rev` is fine too.
        let mut d = base();
        d.rev = Rev::default();
        assert!(check(&d).is_ok());
    }

    #[test]
    fn kept_versions_serialize_like_couchdb_leaves() {
        let c = base();
        let (a, b) = (edit(&c, "A"), edit(&c, "B"));
        let m = merged(&a, &b);
        let loser = &m.conflicts[0];
        assert_eq!(loser.rev().gen, 2);
        assert_eq!(loser.rev(), loser.path.rev());
        assert!(loser.rev() == a.rev || loser.rev() == b.rev);
        let live = serde_json::to_string(loser).unwrap();
        assert!(!live.contains("_deleted"), "{live}");
        let mut del = m.clone();
        del.tombstone(now());
        bump(&mut del);
        let closed = serde_json::to_string(&del.conflicts[0]).unwrap();
        assert!(closed.contains("\"_deleted\":true"), "{closed}");
    }

    #[test]
    fn values_read_as_text() {
        let v: Value = serde_json::from_str(
            r#"[{"label":"work","value":"a@b.c"},{"label":"","value":"x@y.z"}]"#,
        )
        .unwrap();
        assert_eq!(display_value(&v), "a@b.c, x@y.z");
        assert_eq!(display_value(&Value::Null), "—");
        assert_eq!(display_value(&Value::String("Not".into())), "Not");
        assert_eq!(display_value(&serde_json::json!({"linked": "id"})), "id");
        assert_eq!(display_value(&serde_json::json!(4)), "4");
    }

    #[test]
    fn old_records_get_the_same_first_revision_everywhere() {
        let mut a = Contact::new(ContactId::from_random_bytes([1; 16]), "X", now());
        let mut b = a.clone();
        ensure_rev(&mut a);
        ensure_rev(&mut b);
        assert_eq!(a.rev, b.rev);
        let before = a.rev.clone();
        ensure_rev(&mut a);
        assert_eq!(
            a.rev, before,
            "ensure_rev never changes an existing revision"
        );
        assert!(check(&a).is_ok());
        let mut wrong = a.clone();
        wrong.rev = Rev::parse("5-zz").unwrap();
        assert!(check(&wrong).is_err());
    }

    /// Replicas of one record, each edited or deleted at random, merged in random ways.
    fn replicas(ops: &[(u8, u8)]) -> Vec<Contact> {
        let mut reps = vec![base(), base(), base()];
        for (i, &(who, what)) in ops.iter().enumerate() {
            let w = who as usize % 3;
            match what % 4 {
                0 => reps[w] = edit(&reps[w], &format!("edit {i}")),
                1 => {
                    let mut d = reps[w].clone();
                    d.tombstone(now() + Duration::minutes(i as i64));
                    bump(&mut d);
                    reps[w] = d;
                }
                2 => {
                    let o = (w + 1) % 3;
                    reps[w] = merged(&reps[w], &reps[o]);
                }
                _ => {
                    let l = live_conflicts(&reps[w]).next().map(|l| l.rev());
                    if let Some(l) = l {
                        reps[w] = resolve(&reps[w], Some(&l), now()).unwrap();
                    }
                }
            }
        }
        reps
    }

    proptest! {
        #[test]
        fn merge_is_commutative_associative_and_idempotent(ops in proptest::collection::vec((0u8..3, 0u8..4), 0..14)) {
            let r = replicas(&ops);
            let (a, b, c) = (&r[0], &r[1], &r[2]);
            prop_assert_eq!(merged(a, b), merged(b, a));
            prop_assert_eq!(merged(&merged(a, b), c), merged(a, &merged(b, c)));
            let ab = merged(a, b);
            prop_assert_eq!(merge(&ab, a).unwrap(), Merged::Here);
            prop_assert_eq!(merge(&ab, b).unwrap(), Merged::Here);
            prop_assert_eq!(merge(&ab, &ab).unwrap(), Merged::Here);
            // The winner is a leaf nobody descends from, live if any leaf is.
            let all_deleted = ab.is_deleted() && ab.conflicts.iter().all(|l| l.deleted);
            prop_assert!(!ab.is_deleted() || all_deleted);
        }

        #[test]
        fn a_local_edit_after_a_merge_survives_merging_the_same_copy_again(ops in proptest::collection::vec((0u8..3, 0u8..4), 0..10)) {
            let r = replicas(&ops);
            let here = merged(&r[0], &r[1]);
            let edited = edit(&here, "my edit after the import");
            let again = merged(&edited, &r[1]);
            prop_assert_eq!(again.notes.as_str(), "my edit after the import");
            prop_assert_eq!(again, edited);
        }
    }
}
