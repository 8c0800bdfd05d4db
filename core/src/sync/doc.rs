//! One CouchDB document per record (`docs/sync.md`): `_id` is `<type>:<key>`, the body is
//! the record exactly as in a backup file plus `"type"`, and every leaf of the record's
//! revision tree (the winner and each kept `_conflicts` version) travels as its own
//! revision with its `_revisions`, so the server holds the same tree.

use crate::io::backup::{self, Records, Setting};
use crate::io::checks;
use crate::model::deal::Deal;
use crate::model::rev::{self, Merged, Rev, RevPath, Revised, REVS_LIMIT};
use crate::{Contact, FollowUp, Interaction};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// The kinds of record that travel, in the order a pull applies them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DocKind {
    Contact,
    Interaction,
    FollowUp,
    Deal,
    Setting,
}

impl DocKind {
    pub const ALL: [DocKind; 5] = [
        DocKind::Contact,
        DocKind::Interaction,
        DocKind::FollowUp,
        DocKind::Deal,
        DocKind::Setting,
    ];

    /// The `type` field and `_id` prefix.
    pub fn name(self) -> &'static str {
        match self {
            DocKind::Contact => "contact",
            DocKind::Interaction => "interaction",
            DocKind::FollowUp => "follow_up",
            DocKind::Deal => "deal",
            DocKind::Setting => "setting",
        }
    }

    pub fn from_name(s: &str) -> Option<DocKind> {
        DocKind::ALL.into_iter().find(|k| k.name() == s)
    }
}

pub fn doc_id(kind: DocKind, key: &str) -> String {
    format!("{}:{key}", kind.name())
}

/// `contact:<uuid>` → (Contact, `<uuid>`). Other documents (`_design/…`,
/// `bakkal:encryption`, another app's) are not records.
pub fn parse_doc_id(id: &str) -> Option<(DocKind, &str)> {
    let (kind, key) = id.split_once(':')?;
    let kind = DocKind::from_name(kind)?;
    (!key.is_empty()).then_some((kind, key))
}

/// Why a document was skipped (named in the sync log; a skipped document never stops
/// sync). The words are the app's (`src/i18n/sync.rs`); `String`s inside are details from
/// the server or from other checks, shown as they are.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Skip {
    NotObject,
    NoId,
    /// Its `_id` is not `<type>:<key>` of a Bakkal record.
    NotRecordId,
    /// Its `type` field names another kind than its `_id`.
    TypeMismatch {
        id: String,
    },
    NoRev,
    /// Its `_rev` is not `N-hash`.
    BadRev,
    BadRevisions,
    /// Its `_rev` is not the newest of its `_revisions`.
    RevNotNewest,
    /// It does not read as a record of its kind (`detail`: the reader's words).
    Invalid {
        kind: DocKind,
        detail: String,
    },
    /// Its `_id`'s key is not the record's own key.
    KeyMismatch {
        kind: DocKind,
    },
    /// A check a backup's record passes too (ranges, revisions, merging) refused it, in
    /// that check's words.
    Check(String),
    /// A bodiless deletion of a record this book does not hold.
    UnknownDeletion,
    NotBase64,
    /// Its opened encrypted body is not a JSON object.
    SealedNotObject,
    /// Encrypted, and sync runs without a passphrase.
    Encrypted,
    /// It could not be decrypted with this passphrase.
    Undecryptable,
    /// The server could not send the revision (its reason, if it gave one).
    NotServed(Option<String>),
    /// The server refused to store it (`_bulk_docs`: its error and reason, which may be
    /// empty).
    Rejected {
        error: String,
        reason: String,
    },
}

/// A record kind that travels as documents.
pub trait Synced: Revised {
    const KIND: DocKind;
    /// The same checks a backup's record passes (`io::checks`).
    fn check_ranges(&self) -> Result<(), String>;
}

impl Synced for Contact {
    const KIND: DocKind = DocKind::Contact;
    fn check_ranges(&self) -> Result<(), String> {
        checks::check_contact(self).map_err(|e| e.to_string())
    }
}

impl Synced for Interaction {
    const KIND: DocKind = DocKind::Interaction;
    fn check_ranges(&self) -> Result<(), String> {
        checks::check_interaction(self).map_err(|e| e.to_string())
    }
}

impl Synced for FollowUp {
    const KIND: DocKind = DocKind::FollowUp;
    fn check_ranges(&self) -> Result<(), String> {
        checks::check_follow_up(self).map_err(|e| e.to_string())
    }
}

impl Synced for Deal {
    const KIND: DocKind = DocKind::Deal;
    fn check_ranges(&self) -> Result<(), String> {
        checks::check_deal(self).map_err(|e| e.to_string())
    }
}

impl Synced for Setting {
    const KIND: DocKind = DocKind::Setting;
    fn check_ranges(&self) -> Result<(), String> {
        backup::check_setting(self)
    }
}

/// Every leaf revision of a record (what `_revs_diff` asks the other side about).
pub fn leaf_revs<T: Revised>(r: &T) -> Vec<Rev> {
    std::iter::once(r.rev().clone())
        .chain(r.conflicts().iter().map(|l| l.rev()))
        .collect()
}

/// Each leaf of the record as a document for `_bulk_docs` with `new_edits: false`.
pub fn docs_of<T: Synced>(r: &T) -> Vec<(Rev, Value)> {
    let id = doc_id(T::KIND, &r.key());
    let mut out = vec![(
        r.rev().clone(),
        with_meta(rev::content(r), &id, r.path(), r.deleted(), T::KIND),
    )];
    for l in r.conflicts() {
        let body = match &l.doc {
            Some(Value::Object(m)) => m.clone(),
            _ => Map::new(),
        };
        out.push((l.rev(), with_meta(body, &id, &l.path, l.deleted, T::KIND)));
    }
    out
}

fn with_meta(
    mut body: Map<String, Value>,
    id: &str,
    path: &RevPath,
    deleted: bool,
    kind: DocKind,
) -> Value {
    body.insert("_id".into(), id.into());
    body.insert("_rev".into(), path.rev().to_string().into());
    body.insert(
        "_revisions".into(),
        serde_json::json!({ "start": path.start, "ids": path.ids }),
    );
    if deleted {
        body.insert("_deleted".into(), true.into());
    }
    body.insert("type".into(), kind.name().into());
    Value::Object(body)
}

/// A record read from a pulled document, of any kind.
#[derive(Debug, Clone, PartialEq)]
pub enum AnyRecord {
    /// Boxed: a contact is much larger than the other records, which a pull holds by the
    /// hundred thousand.
    Contact(Box<Contact>),
    Interaction(Interaction),
    FollowUp(FollowUp),
    Deal(Deal),
    Setting(Setting),
}

impl DocKind {
    /// A record of this kind as the store holds it (its JSON), with its first revision if
    /// it was written before revisions existed.
    pub fn parse(self, json: &str) -> Result<AnyRecord, String> {
        fn read<T: Synced>(json: &str) -> Result<T, String> {
            let mut r: T = serde_json::from_str(json).map_err(|e| e.to_string())?;
            rev::ensure_rev(&mut r);
            Ok(r)
        }
        Ok(match self {
            DocKind::Contact => AnyRecord::Contact(Box::new(read(json)?)),
            DocKind::Interaction => AnyRecord::Interaction(read(json)?),
            DocKind::FollowUp => AnyRecord::FollowUp(read(json)?),
            DocKind::Deal => AnyRecord::Deal(read(json)?),
            DocKind::Setting => AnyRecord::Setting(read(json)?),
        })
    }
}

/// Calls `$f` with the record inside an [`AnyRecord`], whatever its kind.
macro_rules! each {
    ($r:expr, $x:ident => $e:expr) => {
        match $r {
            AnyRecord::Contact(b) => {
                let $x = &**b;
                $e
            }
            AnyRecord::Interaction($x) => $e,
            AnyRecord::FollowUp($x) => $e,
            AnyRecord::Deal($x) => $e,
            AnyRecord::Setting($x) => $e,
        }
    };
}

impl AnyRecord {
    pub fn key(&self) -> String {
        each!(self, r => r.key())
    }

    /// Its document id (`contact:<uuid>`…).
    pub fn doc_id(&self) -> String {
        each!(self, r => doc_id(kind_of(r), &r.key()))
    }

    /// Each leaf as a document ([`docs_of`]).
    pub fn docs(&self) -> Vec<(Rev, Value)> {
        each!(self, r => docs_of(r))
    }

    /// Which of `revs` it lacks ([`missing_here`]).
    pub fn missing(&self, revs: &[Rev]) -> Vec<Rev> {
        each!(self, r => missing_here(Some(r), revs))
    }

    /// It, deleted by another client's bodiless deletion ([`apply_tombstone`]).
    pub fn tombstoned(&self, path: &RevPath) -> Result<AnyRecord, Skip> {
        Ok(match self {
            AnyRecord::Contact(r) => AnyRecord::Contact(Box::new(apply_tombstone(&**r, path)?)),
            AnyRecord::Interaction(r) => AnyRecord::Interaction(apply_tombstone(r, path)?),
            AnyRecord::FollowUp(r) => AnyRecord::FollowUp(apply_tombstone(r, path)?),
            AnyRecord::Deal(r) => AnyRecord::Deal(apply_tombstone(r, path)?),
            AnyRecord::Setting(r) => AnyRecord::Setting(apply_tombstone(r, path)?),
        })
    }
}

fn kind_of<T: Synced>(_: &T) -> DocKind {
    T::KIND
}

/// What one pulled document is.
#[derive(Debug, Clone, PartialEq)]
pub enum Pulled {
    Record(Box<AnyRecord>),
    /// A deletion written by another client without the record's fields: it applies to the
    /// record this book holds, if it holds one.
    Tombstone {
        kind: DocKind,
        key: String,
        path: RevPath,
    },
}

/// Reads a pulled document (one revision). `Err` says why it is skipped, for the sync
/// log; a skipped document never stops sync.
pub fn read_doc(doc: &Value) -> Result<Pulled, Skip> {
    let Value::Object(map) = doc else {
        return Err(Skip::NotObject);
    };
    let id = map.get("_id").and_then(Value::as_str).ok_or(Skip::NoId)?;
    let (kind, key) = parse_doc_id(id).ok_or(Skip::NotRecordId)?;
    if let Some(t) = map.get("type") {
        if t.as_str() != Some(kind.name()) {
            return Err(Skip::TypeMismatch { id: id.to_string() });
        }
    }
    let rev = map
        .get("_rev")
        .and_then(Value::as_str)
        .ok_or(Skip::NoRev)
        .and_then(|r| Rev::parse(r).map_err(|_| Skip::BadRev))?;
    let mut path = match map.get("_revisions") {
        Some(v) => rev::from_json_value::<RevPath>(v).map_err(|_| Skip::BadRevisions)?,
        None => RevPath {
            start: rev.gen,
            ids: vec![rev.hash.clone()],
        },
    };
    // Other servers may remember up to 1000 ancestors; this book keeps REVS_LIMIT.
    path.ids.truncate(REVS_LIMIT);
    path.check().map_err(Skip::Check)?;
    if path.rev() != rev {
        return Err(Skip::RevNotNewest);
    }
    let deleted = map.get("_deleted").and_then(Value::as_bool) == Some(true);
    let mut body: Map<String, Value> = map
        .iter()
        .filter(|(k, _)| !k.starts_with('_') && k.as_str() != "type")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if deleted && body.is_empty() {
        return Ok(Pulled::Tombstone {
            kind,
            key: key.to_string(),
            path,
        });
    }
    if deleted && body.get("deleted_at").is_none_or(Value::is_null) {
        let at = body.get("updated_at").cloned().unwrap_or(Value::Null);
        body.insert("deleted_at".into(), at);
    }
    if !deleted {
        body.remove("deleted_at");
    }
    let path_json = serde_json::json!({ "start": path.start, "ids": path.ids });
    body.insert("_rev".into(), rev.to_string().into());
    body.insert("_revisions".into(), path_json);
    let body = Value::Object(body);
    Ok(Pulled::Record(Box::new(match kind {
        DocKind::Contact => AnyRecord::Contact(Box::new(record(&body, key)?)),
        DocKind::Interaction => AnyRecord::Interaction(record(&body, key)?),
        DocKind::FollowUp => AnyRecord::FollowUp(record(&body, key)?),
        DocKind::Deal => AnyRecord::Deal(record(&body, key)?),
        DocKind::Setting => AnyRecord::Setting(record(&body, key)?),
    })))
}

fn record<T: Synced>(body: &Value, key: &str) -> Result<T, Skip> {
    let r: T = rev::from_json_value(body).map_err(|e| Skip::Invalid {
        kind: T::KIND,
        detail: e.split(" at line").next().unwrap_or("").to_string(),
    })?;
    if r.key() != key {
        return Err(Skip::KeyMismatch { kind: T::KIND });
    }
    r.check_ranges().map_err(Skip::Check)?;
    Ok(r)
}

/// The record `local` becomes with a bodiless deletion `path` from another client: the
/// local content, deleted, merged by revision (a live concurrent edit here still wins).
pub fn apply_tombstone<T: Revised>(local: &T, path: &RevPath) -> Result<T, Skip> {
    let mut body = rev::content(local);
    let at = body.get("updated_at").cloned().unwrap_or(Value::Null);
    body.insert("deleted_at".into(), at);
    body.insert("_rev".into(), path.rev().to_string().into());
    body.insert(
        "_revisions".into(),
        serde_json::json!({ "start": path.start, "ids": path.ids }),
    );
    let tomb: T = rev::from_json_value(&Value::Object(body)).map_err(Skip::Check)?;
    Ok(match rev::merge(local, &tomb).map_err(Skip::Check)? {
        Merged::Here => local.clone(),
        Merged::New(m) => m,
    })
}

/// A pulled batch, sorted by kind, each record's revisions from the batch merged into one.
#[derive(Debug, Default)]
pub struct Incoming {
    pub records: Records,
    pub tombstones: Vec<(DocKind, String, RevPath)>,
    /// (document id, why it was skipped).
    pub skipped: Vec<(String, Skip)>,
    seen: HashMap<(DocKind, String), usize>,
}

impl Incoming {
    pub fn add(&mut self, doc: &Value) {
        let id = doc
            .get("_id")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_string();
        match read_doc(doc) {
            Ok(Pulled::Record(r)) => {
                if let Err(e) = self.push(*r) {
                    self.skipped.push((id, e));
                }
            }
            Ok(Pulled::Tombstone { kind, key, path }) => self.tombstones.push((kind, key, path)),
            Err(why) => self.skipped.push((id, why)),
        }
    }

    /// Adds a record, merged by revision with the batch's copy of it, if any.
    pub fn push(&mut self, r: AnyRecord) -> Result<(), Skip> {
        match r {
            AnyRecord::Contact(c) => self.put(*c, |r| &mut r.contacts),
            AnyRecord::Interaction(i) => self.put(i, |r| &mut r.interactions),
            AnyRecord::FollowUp(f) => self.put(f, |r| &mut r.follow_ups),
            AnyRecord::Deal(d) => self.put(d, |r| &mut r.deals),
            AnyRecord::Setting(s) => self.put(s, |r| &mut r.settings),
        }
    }

    fn put<T: Synced>(
        &mut self,
        r: T,
        list: impl Fn(&mut Records) -> &mut Vec<T>,
    ) -> Result<(), Skip> {
        let slot = (T::KIND, r.key());
        match self.seen.get(&slot) {
            Some(&i) => {
                let v = list(&mut self.records);
                if let Merged::New(m) = rev::merge(&v[i], &r).map_err(Skip::Check)? {
                    v[i] = m;
                }
            }
            None => {
                let v = list(&mut self.records);
                self.seen.insert(slot, v.len());
                v.push(r);
            }
        }
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.records.len() + self.tombstones.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Which of `revs` (from the other side's change feed) this book lacks, given what it holds
/// of the document: a revision is known if it is a leaf here or an ancestor of one.
pub fn missing_here<T: Revised>(local: Option<&T>, revs: &[Rev]) -> Vec<Rev> {
    revs.iter()
        .filter(|r| {
            local.is_none_or(|l| {
                !std::iter::once(l.path())
                    .chain(l.conflicts().iter().map(|c| &c.path))
                    .any(|p| p.contains(r))
            })
        })
        .cloned()
        .collect()
}

/// The fields of a document that stay readable on a server that holds ciphertext: what
/// CouchDB needs to replicate, and `type`.
const CLEAR: [&str; 5] = ["_id", "_rev", "_revisions", "_deleted", "type"];

/// The document that says a database is encrypted, and how to open it.
pub const ENCRYPTION_ID: &str = "bakkal:encryption";
/// The text sealed into [`ENCRYPTION_ID`]'s `check`: opening it proves the passphrase.
pub const CHECK_TEXT: &str = "bakkal-sync-check";

/// A document to be encrypted: its readable fields, and the JSON text of the rest.
pub fn split_for_sealing(doc: &Value) -> (Map<String, Value>, String) {
    let mut clear = Map::new();
    let mut secret = Map::new();
    if let Value::Object(m) = doc {
        for (k, v) in m {
            if CLEAR.contains(&k.as_str()) {
                clear.insert(k.clone(), v.clone());
            } else {
                secret.insert(k.clone(), v.clone());
            }
        }
    }
    (clear, Value::Object(secret).to_string())
}

/// The sealed body of an encrypted document (`enc`, base64), if it is one.
pub fn sealed_body(doc: &Value) -> Option<Result<Vec<u8>, Skip>> {
    let enc = doc.get("enc")?.as_str()?;
    Some(b64_decode(enc).ok_or(Skip::NotBase64))
}

/// An encrypted document's readable fields joined with its opened body.
pub fn join_opened(doc: &Value, body: &str) -> Result<Value, Skip> {
    let Ok(Value::Object(secret)) = serde_json::from_str::<Value>(body) else {
        return Err(Skip::SealedNotObject);
    };
    let mut out: Map<String, Value> = secret
        .into_iter()
        .filter(|(k, _)| !CLEAR.contains(&k.as_str()))
        .collect();
    if let Value::Object(m) = doc {
        for k in CLEAR {
            if let Some(v) = m.get(k) {
                out.insert(k.into(), v.clone());
            }
        }
    }
    Ok(Value::Object(out))
}

pub fn b64_encode(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// `None`: not valid base64.
pub fn b64_decode(s: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(s).ok()
}

/// `bakkal:encryption`: the key's salt and iteration count and the sealed check value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encryption {
    pub salt: Vec<u8>,
    pub iterations: u32,
    pub check: Vec<u8>,
}

impl Encryption {
    pub fn to_doc(&self) -> Value {
        serde_json::json!({
            "_id": ENCRYPTION_ID,
            "type": "encryption",
            "cipher": "AES-GCM-256, PBKDF2-SHA-256",
            "salt": b64_encode(&self.salt),
            "iterations": self.iterations,
            "check": b64_encode(&self.check),
        })
    }

    /// Reads the document, refusing values no Bakkal wrote (an iteration count outside
    /// the bounds backups accept would make a device hang or be weak, a short salt weak).
    /// `None`: not a document this passphrase check can use (the passphrase is refused).
    pub fn from_doc(doc: &Value) -> Option<Encryption> {
        use crate::io::encrypted::{MAX_ITERATIONS, MIN_ITERATIONS, SALT_LEN};
        let field = |k: &str| doc.get(k).and_then(Value::as_str);
        let salt = b64_decode(field("salt")?)?;
        let check = b64_decode(field("check")?)?;
        let iterations = doc
            .get("iterations")
            .and_then(Value::as_u64)
            .filter(|n| (MIN_ITERATIONS as u64..=MAX_ITERATIONS as u64).contains(n))?
            as u32;
        if salt.len() < SALT_LEN {
            return None;
        }
        Some(Encryption {
            salt,
            iterations,
            check,
        })
    }
}
