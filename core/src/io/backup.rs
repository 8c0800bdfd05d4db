//! The backup file: every record of every store, tombstones included, in a versioned,
//! deterministic JSON document (see docs/backup-format.md).

use super::checks;
use crate::model::deal::Deal;
use crate::model::rev::{self, Leaf, Rev, RevPath, Revised};
use crate::{Contact, FollowUp, Interaction};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::HashMap;
use std::fmt::Write;

pub const FORMAT: &str = "bakkal-backup";
pub const ENCRYPTED_FORMAT: &str = "bakkal-backup-encrypted";
/// The format version this app writes; it reads this and every earlier one.
/// 1: records without revisions. 2: every record carries `_rev`, `_revisions` and
/// (when it has any) `_conflicts`; settings are items (see `model::settings`). 3: deals
/// (`deals`, issue 11); a file of 1 or 2 reads as one without deals.
pub const VERSION: u32 = 3;

/// Larger files are refused before they are read (a browser tab cannot hold much more).
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// A saved setting (value weights, home currency…), as JSON text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Setting {
    pub key: String,
    pub value: String,
    pub updated_at: DateTime<Utc>,
    /// A removed item (a deleted saved segment): a tombstone, so merges can tell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<DateTime<Utc>>,
    #[serde(rename = "_rev", default, skip_serializing_if = "Rev::is_none")]
    pub rev: Rev,
    #[serde(
        rename = "_revisions",
        default,
        skip_serializing_if = "RevPath::is_empty"
    )]
    pub revisions: RevPath,
    #[serde(rename = "_conflicts", default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Leaf>,
}

impl Setting {
    /// A new setting item (no revision yet: the write path gives it one).
    pub fn new(key: impl Into<String>, value: impl Into<String>, now: DateTime<Utc>) -> Self {
        Setting {
            key: key.into(),
            value: value.into(),
            updated_at: now,
            deleted_at: None,
            rev: Rev::default(),
            revisions: RevPath::default(),
            conflicts: Vec::new(),
        }
    }
}

/// Everything a backup holds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Records {
    pub contacts: Vec<Contact>,
    pub interactions: Vec<Interaction>,
    pub follow_ups: Vec<FollowUp>,
    pub deals: Vec<Deal>,
    pub settings: Vec<Setting>,
}

impl Records {
    /// Every store's records sorted by id (the stable order of a backup).
    pub fn sorted(mut self) -> Self {
        crate::sort::by_key(&mut self.contacts, |c| c.id);
        crate::sort::by_key(&mut self.interactions, |i| i.id);
        crate::sort::by_key(&mut self.follow_ups, |f| f.id);
        crate::sort::by_key(&mut self.deals, |d| d.id);
        crate::sort::by(&mut self.settings, |a, b| a.key.cmp(&b.key));
        self
    }

    pub fn len(&self) -> usize {
        self.contacts.len()
            + self.interactions.len()
            + self.follow_ups.len()
            + self.deals.len()
            + self.settings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A parsed backup: when and by what it was made, and its records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    pub version: u32,
    pub exported_at: DateTime<Utc>,
    pub app_version: String,
    pub records: Records,
}

/// Why a file was refused: the cause and its values (place, numbers, the parser's own
/// detail), which the app turns into a sentence in the user's language. Every variant
/// names the problem and, where there is one, the place (store, record number counting
/// from 1, field). A store is named `"Contact"`, `"Interaction"`, `"Follow-up"`, `"Deal"`,
/// `"Setting"` (or `"Record"` for a store merged on its own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackupError {
    Empty,
    /// Not JSON; `detail` is the JSON parser's own (English) description.
    NotJson {
        line: usize,
        column: usize,
        detail: String,
    },
    /// The JSON ends early (the file was cut off).
    Truncated {
        line: usize,
        column: usize,
    },
    /// No `"format": "bakkal-backup"` marker.
    NotBakkal,
    NewerVersion {
        found: u32,
        supported: u32,
    },
    UnknownVersion(u32),
    /// An encrypted backup: it needs its passphrase.
    Encrypted,
    WrongPassphrase,
    /// A header field is missing.
    HeaderMissing {
        field: &'static str,
    },
    /// A header field is not a whole number.
    HeaderNotWholeNumber {
        field: &'static str,
    },
    /// A header field is of the wrong type; `detail` is the parser's own description.
    Header {
        field: &'static str,
        detail: String,
    },
    /// A record that cannot be read as one (`detail`: the parser's or the revision
    /// check's own description).
    Record {
        store: &'static str,
        index: usize,
        detail: String,
    },
    /// A record read, but with a value outside what the app allows.
    Invalid {
        store: &'static str,
        index: usize,
        problem: RecordProblem,
    },
    DuplicateId {
        store: &'static str,
        id: String,
        first: usize,
        second: usize,
    },
    /// An interaction (numbered in the file) of a contact neither in the file nor here.
    MissingContact {
        index: usize,
        contact: String,
    },
    /// A follow-up (numbered in the file) of a contact neither in the file nor here.
    MissingFollowUpContact {
        index: usize,
        contact: String,
    },
    /// A deal (numbered in the file) with a contact neither in the file nor here.
    MissingDealContact {
        index: usize,
        contact: String,
    },
}

/// What is wrong with a record that was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordProblem {
    /// A contact's, interaction's or follow-up's value out of range.
    Range(checks::RangeError),
    Setting(SettingError),
}

/// What is wrong with a setting item. The English sentence is for sync's record checks
/// (`sync::doc`); the backup screen says it in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingError {
    #[error("its key is empty")]
    EmptyKey,
    #[error("its value is longer than {} characters", checks::MAX_TEXT_CHARS)]
    ValueTooLong,
}

/// The envelope, with records still as raw JSON so each is checked on its own and a
/// problem can name its record.
#[derive(Deserialize)]
struct Envelope<'a> {
    format: Option<String>,
    version: Option<serde_json::Value>,
    exported_at: Option<serde_json::Value>,
    app_version: Option<serde_json::Value>,
    #[serde(borrow, default)]
    contacts: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    interactions: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    follow_ups: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    deals: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    settings: Option<Vec<&'a RawValue>>,
}

fn json_error(e: serde_json::Error) -> BackupError {
    use serde_json::error::Category;
    match e.classify() {
        Category::Eof => BackupError::Truncated {
            line: e.line(),
            column: e.column(),
        },
        Category::Syntax => BackupError::NotJson {
            line: e.line(),
            column: e.column(),
            detail: e
                .to_string()
                .split(" at line")
                .next()
                .unwrap_or("")
                .to_string(),
        },
        // Valid JSON that is not an object of the expected shape.
        Category::Data | Category::Io => BackupError::NotBakkal,
    }
}

const STORES: [&str; 5] = ["Contact", "Interaction", "Follow-up", "Deal", "Setting"];

/// A backup being read in steps, so that a page can keep painting (and show progress)
/// while a large file is checked. [`parse`] reads it in one go.
pub struct Reading<'a> {
    version: u32,
    exported_at: DateTime<Utc>,
    app_version: String,
    raw: [Vec<&'a RawValue>; 5],
    store: usize,
    index: usize,
    done: usize,
    seen: HashMap<String, usize>,
    records: Records,
}

/// Reads one record and checks it: its revision fields, then its ranges (`check`).
/// A record of format 1 gets its first revision here, the same on every device.
fn record<T: Revised>(
    raw: &RawValue,
    store: &'static str,
    index: usize,
    check: impl Fn(&T) -> Result<(), RecordProblem>,
) -> Result<T, BackupError> {
    let refuse = |detail: String| BackupError::Record {
        store,
        index,
        detail,
    };
    let mut r: T = serde_json::from_str(raw.get()).map_err(|e| {
        refuse(
            e.to_string()
                .split(" at line")
                .next()
                .unwrap_or("")
                .to_string(),
        )
    })?;
    rev::check(&r).map_err(refuse)?;
    check(&r).map_err(|problem| BackupError::Invalid {
        store,
        index,
        problem,
    })?;
    rev::ensure_rev(&mut r);
    Ok(r)
}

/// Checks a setting item: a key, and a value of a sane length.
pub fn setting_problem(s: &Setting) -> Result<(), SettingError> {
    if s.key.trim().is_empty() {
        return Err(SettingError::EmptyKey);
    }
    if s.value.chars().count() > checks::MAX_TEXT_CHARS {
        return Err(SettingError::ValueTooLong);
    }
    Ok(())
}

/// [`setting_problem`] as a sentence (sync's record checks take one).
pub(crate) fn check_setting(s: &Setting) -> Result<(), String> {
    setting_problem(s).map_err(|e| e.to_string())
}

impl<'a> Reading<'a> {
    /// How many records the file holds.
    pub fn total(&self) -> usize {
        self.raw.iter().map(Vec::len).sum()
    }

    /// How many have been read.
    pub fn done(&self) -> usize {
        self.done
    }

    /// Reads up to `n` more records; `Ok(true)` once every record is read.
    pub fn step(&mut self, n: usize) -> Result<bool, BackupError> {
        let mut budget = n;
        while self.store < STORES.len() {
            let name = STORES[self.store];
            while self.index < self.raw[self.store].len() {
                if budget == 0 {
                    return Ok(false);
                }
                budget -= 1;
                let raw = self.raw[self.store][self.index];
                let number = self.index + 1;
                let key = match self.store {
                    0 => {
                        let c: Contact = record(raw, name, number, |c| {
                            checks::check_contact(c).map_err(RecordProblem::Range)
                        })?;
                        let k = c.id.to_string();
                        self.records.contacts.push(c);
                        k
                    }
                    1 => {
                        let i: Interaction = record(raw, name, number, |i| {
                            checks::check_interaction(i).map_err(RecordProblem::Range)
                        })?;
                        let k = i.id.to_string();
                        self.records.interactions.push(i);
                        k
                    }
                    2 => {
                        let f: FollowUp = record(raw, name, number, |f| {
                            checks::check_follow_up(f).map_err(RecordProblem::Range)
                        })?;
                        let k = f.id.to_string();
                        self.records.follow_ups.push(f);
                        k
                    }
                    3 => {
                        let d: Deal = record(raw, name, number, |d| {
                            checks::check_deal(d).map_err(RecordProblem::Range)
                        })?;
                        let k = d.id.to_string();
                        self.records.deals.push(d);
                        k
                    }
                    _ => {
                        let s: Setting = record(raw, name, number, |s| {
                            setting_problem(s).map_err(RecordProblem::Setting)
                        })?;
                        let k = s.key.clone();
                        self.records.settings.push(s);
                        k
                    }
                };
                if let Some(first) = self.seen.insert(key.clone(), number) {
                    return Err(BackupError::DuplicateId {
                        store: name,
                        id: key,
                        first,
                        second: number,
                    });
                }
                self.index += 1;
                self.done += 1;
            }
            self.store += 1;
            self.index = 0;
            self.seen.clear();
        }
        Ok(true)
    }

    /// The whole backup, once [`Reading::step`] said everything is read.
    pub fn finish(self) -> Backup {
        Backup {
            version: self.version,
            exported_at: self.exported_at,
            app_version: self.app_version,
            records: self.records,
        }
    }
}

/// Reads and checks a whole backup file. Nothing is written anywhere: the caller decides
/// what to do with the result.
pub fn parse(text: &str) -> Result<Backup, BackupError> {
    let mut reading = begin(text)?;
    while !reading.step(usize::MAX)? {}
    Ok(reading.finish())
}

/// Checks a backup's envelope (marker, version, header) and splits it into records still
/// to be read with [`Reading::step`].
pub fn begin(text: &str) -> Result<Reading<'_>, BackupError> {
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err(BackupError::Empty);
    }
    let env: Envelope = serde_json::from_str(text).map_err(json_error)?;
    match env.format.as_deref() {
        Some(FORMAT) => {}
        Some(ENCRYPTED_FORMAT) => return Err(BackupError::Encrypted),
        _ => return Err(BackupError::NotBakkal),
    }
    let version = env
        .version
        .as_ref()
        .and_then(|v| v.as_u64())
        .ok_or(BackupError::HeaderNotWholeNumber { field: "version" })?;
    let version = u32::try_from(version).unwrap_or(u32::MAX);
    if version > VERSION {
        return Err(BackupError::NewerVersion {
            found: version,
            supported: VERSION,
        });
    }
    if version == 0 {
        return Err(BackupError::UnknownVersion(version));
    }
    // Version 1 records have no revisions: `record` gives each its first one (a hash of
    // its content, so two devices reading the same old file agree). Its settings are the
    // two old blobs, which `model::settings::read` still reads.
    let exported_at: DateTime<Utc> = env
        .exported_at
        .map(serde_json::from_value)
        .transpose()
        .map_err(|e| BackupError::Header {
            field: "exported_at",
            detail: e.to_string(),
        })?
        .ok_or(BackupError::HeaderMissing {
            field: "exported_at",
        })?;
    let app_version = env
        .app_version
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    Ok(Reading {
        version,
        exported_at,
        app_version,
        raw: [
            env.contacts.unwrap_or_default(),
            env.interactions.unwrap_or_default(),
            env.follow_ups.unwrap_or_default(),
            env.deals.unwrap_or_default(),
            env.settings.unwrap_or_default(),
        ],
        store: 0,
        index: 0,
        done: 0,
        seen: HashMap::new(),
        records: Records::default(),
    })
}

/// Writes a backup: header, then each store's records sorted by id, one per line. The
/// same records always give the same text (apart from `exported_at`).
pub fn export(records: &Records, exported_at: DateTime<Utc>, app_version: &str) -> String {
    let records = records.clone().sorted();
    let mut out = String::with_capacity(256 + records.len() * 400);
    let q = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    let _ = write!(
        out,
        "{{\"format\":{},\"version\":{VERSION},\"exported_at\":{},\"app_version\":{}",
        q(FORMAT),
        q(&exported_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
        q(app_version)
    );
    fn list<T: Serialize>(out: &mut String, name: &str, items: &[T]) {
        let _ = write!(out, ",\n\"{name}\":[");
        for (i, item) in items.iter().enumerate() {
            out.push_str(if i == 0 { "\n" } else { ",\n" });
            out.push_str(&serde_json::to_string(item).unwrap_or_else(|_| "null".into()));
        }
        out.push_str(if items.is_empty() { "]" } else { "\n]" });
    }
    list(&mut out, "contacts", &records.contacts);
    list(&mut out, "interactions", &records.interactions);
    list(&mut out, "follow_ups", &records.follow_ups);
    list(&mut out, "deals", &records.deals);
    list(&mut out, "settings", &records.settings);
    out.push_str("\n}\n");
    out
}

/// `bakkal-backup-YYYY-MM-DD.json`, or `bakkal-backup-YYYY-MM-DD-encrypted.json`: the
/// name says which needs a passphrase.
pub fn file_name(date: chrono::NaiveDate, encrypted: bool) -> String {
    if encrypted {
        format!("bakkal-backup-{date}-encrypted.json")
    } else {
        format!("bakkal-backup-{date}.json")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_setting_needs_a_key_and_a_value_of_at_most_the_text_limit() {
        let at = chrono::DateTime::<chrono::Utc>::UNIX_EPOCH;
        let long = "x".repeat(checks::MAX_TEXT_CHARS);
        assert_eq!(
            setting_problem(&Setting::new("k", long.clone(), at)),
            Ok(())
        );
        assert_eq!(
            setting_problem(&Setting::new("k", format!("{long}x"), at)),
            Err(SettingError::ValueTooLong)
        );
        assert_eq!(
            setting_problem(&Setting::new(" ", "v", at)),
            Err(SettingError::EmptyKey)
        );
        // Sync's record checks refuse the same items.
        assert!(check_setting(&Setting::new(" ", "v", at)).is_err());
        assert!(check_setting(&Setting::new("k", "v", at)).is_ok());
    }
    use crate::sample::{sample_book, sample_history};
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
    }

    fn sample() -> Records {
        let contacts = sample_book(now());
        let (interactions, follow_ups) = sample_history(&contacts, now(), crate::analysis::Tz(180));
        let deals = sample_deals(&contacts);
        let mut r = Records {
            contacts,
            interactions,
            follow_ups,
            deals,
            settings: vec![],
        };
        r.contacts.iter_mut().for_each(rev::ensure_rev);
        r.interactions.iter_mut().for_each(rev::ensure_rev);
        r.follow_ups.iter_mut().for_each(rev::ensure_rev);
        r.deals.iter_mut().for_each(rev::ensure_rev);
        r
    }

    /// An open deal with line items, moved on a stage, and a lost one.
    fn sample_deals(contacts: &[Contact]) -> Vec<Deal> {
        use crate::model::deal::{DealId, LineItem, StageId};
        let mut open = Deal::new(
            DealId::from_random_bytes([7; 16]),
            contacts[0].id,
            "Denetim teklifi",
            StageId::new("lead"),
            now(),
        );
        open.lines.push(LineItem {
            product: "Denetim günü".into(),
            quantity_milli: 1500,
            unit_price: crate::Money::new(1_250_000, "TRY"),
        });
        open.expected_close = chrono::NaiveDate::from_ymd_opt(2026, 12, 15);
        let later = now() + chrono::Duration::days(3);
        open.move_to(StageId::new("proposal"), later).unwrap();
        let mut lost = Deal::new(
            DealId::from_random_bytes([8; 16]),
            contacts[1].id,
            "Payroll",
            StageId::new("qualified"),
            now(),
        );
        lost.amount = Some(crate::Money::new(99_000, "EUR"));
        lost.mark_lost(later.date_naive(), "price", "Too dear", later)
            .unwrap();
        vec![open, lost]
    }

    fn check_refused(text: &str, expected: BackupError) {
        assert_eq!(parse(text), Err(expected), "{text:.80}");
    }

    #[test]
    fn round_trip_is_exact_and_deterministic() {
        let records = sample().sorted();
        let text = export(&records, now(), "0.1.0");
        let back = parse(&text).unwrap();
        assert_eq!(back.records, records);
        assert_eq!(back.exported_at, now());
        assert_eq!(export(&back.records, now(), "0.1.0"), text);
        assert!(text.starts_with("{\"format\":\"bakkal-backup\",\"version\":3,"));
        assert!(
            text.contains("\n\"deals\":[\n{\""),
            "deals are a store of the file"
        );
        assert!(text.contains("\"_rev\":\"1-"), "records carry revisions");
    }

    #[test]
    fn every_refusal_names_the_problem() {
        let good = export(&sample(), now(), "0.1.0");
        check_refused("", BackupError::Empty);
        check_refused("  \n", BackupError::Empty);
        assert!(matches!(
            parse("BEGIN:VCARD"),
            Err(BackupError::NotJson { line: 1, .. })
        ));
        assert!(matches!(
            parse(&good[..good.len() / 2]),
            Err(BackupError::Truncated { .. })
        ));
        check_refused("[1,2,3]", BackupError::NotBakkal);
        check_refused("{\"hello\":1}", BackupError::NotBakkal);
        check_refused(
            "{\"format\":\"bakkal-backup\",\"version\":7,\"exported_at\":\"2026-01-01T00:00:00Z\"}",
            BackupError::NewerVersion {
                found: 7,
                supported: 3,
            },
        );
        check_refused(
            "{\"format\":\"bakkal-backup-encrypted\",\"version\":1}",
            BackupError::Encrypted,
        );
        let wrong_type = good.replacen("\"display_name\":\"", "\"display_name\":5,\"x\":\"", 1);
        match parse(&wrong_type) {
            Err(BackupError::Record {
                store: "Contact",
                index: 1,
                detail,
            }) => {
                assert!(detail.contains("invalid type"), "{detail}")
            }
            other => panic!("{other:?}"),
        }
        let missing = good.replacen("\"summary\":", "\"summery\":", 1);
        match parse(&missing) {
            Err(BackupError::Record {
                store: "Interaction",
                index: 1,
                detail,
            }) => {
                assert!(detail.contains("missing field `summary`"), "{detail}")
            }
            other => panic!("{other:?}"),
        }
        let records = sample().sorted();
        let mut dup = records.clone();
        dup.contacts.push(dup.contacts[0].clone());
        // Sorting puts the duplicate right after the original.
        match parse(&export(&dup, now(), "0.1.0")) {
            Err(BackupError::DuplicateId {
                store: "Contact",
                first: 1,
                second: 2,
                ..
            }) => {}
            other => panic!("{other:?}"),
        }
        check_refused(
            "{\"format\":\"bakkal-backup\",\"version\":0,\"exported_at\":\"2026-01-01T00:00:00Z\"}",
            BackupError::UnknownVersion(0),
        );
        check_refused(
            "{\"format\":\"bakkal-backup\",\"version\":\"2\"}",
            BackupError::HeaderNotWholeNumber { field: "version" },
        );
        check_refused(
            "{\"format\":\"bakkal-backup\",\"version\":2}",
            BackupError::HeaderMissing {
                field: "exported_at",
            },
        );
        assert!(matches!(
            parse("{\"format\":\"bakkal-backup\",\"version\":2,\"exported_at\":5}"),
            Err(BackupError::Header {
                field: "exported_at",
                ..
            })
        ));
        let blank_key = "{\"format\":\"bakkal-backup\",\"version\":2,\"exported_at\":\"2026-01-01T00:00:00Z\",\"settings\":[{\"key\":\" \",\"value\":\"1\",\"updated_at\":\"2026-01-01T00:00:00Z\"}]}";
        check_refused(
            blank_key,
            BackupError::Invalid {
                store: "Setting",
                index: 1,
                problem: RecordProblem::Setting(SettingError::EmptyKey),
            },
        );
    }

    #[test]
    fn reading_in_steps_gives_the_same_backup() {
        let text = export(&sample(), now(), "0.1.0");
        let mut r = begin(&text).unwrap();
        let total = r.total();
        let mut steps = 0;
        while !r.step(37).unwrap() {
            steps += 1;
            assert!(r.done() <= total);
        }
        assert!(steps > 5);
        assert_eq!(r.finish(), parse(&text).unwrap());
    }

    /// A version-1 backup written by the code of that version (commit f805399; see
    /// tests/golden/README.md) still imports: every record, its deletions, its settings.
    #[test]
    fn a_version_1_backup_written_by_version_1_still_imports() {
        let text = include_str!("../../tests/golden/backup-v1.json");
        let b = parse(text).unwrap();
        assert_eq!(b.version, 1);
        assert_eq!(b.records.contacts.len(), 48);
        assert!(b.records.interactions.len() > 300);
        let gone: Vec<&Contact> = b
            .records
            .contacts
            .iter()
            .filter(|c| c.is_deleted())
            .collect();
        assert_eq!(gone.len(), 1);
        assert!(b
            .records
            .interactions
            .iter()
            .filter(|i| i.contact_id == gone[0].id)
            .all(|i| i.deleted_at == gone[0].deleted_at));
        // Every record got its first revision, the same each time the file is read.
        assert!(b.records.contacts.iter().all(|c| c.rev.gen == 1));
        assert_eq!(parse(text).unwrap().records, b.records);
        let s = crate::model::settings::read(&b.records.settings);
        assert_eq!(s.value.lapse_days, 300);
        assert_eq!(s.value.weights.revenue, 5.0);
        assert_eq!(s.segments.0[0].name, "VIP İstanbul");
        assert!(s.problems.is_empty());
        // Re-exported it is a version-2 file that reads back the same.
        let again = export(&b.records, now(), "t");
        assert_eq!(parse(&again).unwrap().records, b.records.clone().sorted());
    }

    #[test]
    fn a_version_2_backup_written_by_the_previous_version_imports_and_exports_the_same() {
        // Written by commit 49df9db (tests/golden/README.md), before `merged_into` existed.
        let text = include_str!("../../tests/golden/backup-v2.json");
        let b = parse(text).unwrap();
        assert_eq!(b.version, 2);
        let r = &b.records;
        assert_eq!(r.contacts.iter().filter(|c| c.is_deleted()).count(), 1);
        assert!(r.contacts.iter().all(|c| c.merged_into.is_none()));
        assert_eq!(
            r.contacts
                .iter()
                .filter(|c| !c.conflicts.is_empty())
                .count(),
            1
        );
        assert!(r.contacts.iter().any(|c| c.rev.gen == 2));
        let s = crate::model::settings::read(&r.settings);
        assert_eq!(s.value.lapse_days, 120);
        assert_eq!(s.value.rates.0["GBP"].micro, 41_250_000);
        assert_eq!(s.segments.0[0].name, "VIP İstanbul");
        assert!(r.deals.is_empty());
        // Today's code writes the same bytes for it but for the version and an empty
        // list of deals: nothing of the stored form of the rest changed.
        let at: DateTime<Utc> = "2026-12-01T09:00:00Z".parse().unwrap();
        let as_v3 = text
            .replacen("\"version\":2,", "\"version\":3,", 1)
            .replacen(",\n\"settings\":[", ",\n\"deals\":[],\n\"settings\":[", 1);
        assert_eq!(export(r, at, "0.1.0"), as_v3);
    }

    #[test]
    fn out_of_range_records_and_bad_revisions_are_refused_by_store_and_number() {
        let good = export(&sample(), now(), "0.1.0");
        let born = good.replacen("\"birthday\":null", "\"birthday\":\"1850-01-01\"", 1);
        match parse(&born) {
            Err(BackupError::Invalid {
                store: "Contact",
                problem: RecordProblem::Range(checks::RangeError::YearOutOfRange { field, value }),
                ..
            }) => {
                assert_eq!((field.as_str(), value.as_str()), ("birthday", "1850-01-01"))
            }
            other => panic!("{other:?}"),
        }
        let bad_rev = good.replacen("\"_rev\":\"1-", "\"_rev\":\"7-", 1);
        match parse(&bad_rev) {
            Err(BackupError::Record {
                store: "Contact",
                index: 1,
                detail,
            }) => {
                assert!(detail.contains("_rev"), "{detail}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_bom_and_missing_stores_are_fine() {
        let text = "\u{feff}{\"format\":\"bakkal-backup\",\"version\":1,\"exported_at\":\"2026-01-01T00:00:00Z\"}";
        let b = parse(text).unwrap();
        assert!(b.records.is_empty());
    }

    #[test]
    fn the_file_name_says_when_a_backup_is_encrypted() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(file_name(d, false), "bakkal-backup-2026-12-01.json");
        assert_eq!(
            file_name(d, true),
            "bakkal-backup-2026-12-01-encrypted.json"
        );
    }

    #[test]
    fn a_version_3_backup_with_deals_imports_and_exports_the_same() {
        // Written by the commit that brought format 3 (tests/golden/README.md).
        let text = include_str!("../../tests/golden/backup-v3.json");
        let b = parse(text).unwrap();
        assert_eq!(b.version, 3);
        let deals = &b.records.deals;
        assert_eq!(deals.len(), 2);
        let open = &deals[0];
        assert_eq!(open.stage.0, "proposal");
        assert_eq!(open.history.len(), 2);
        assert_eq!(
            open.value(),
            Some(crate::Money::new(1_875_000, "TRY")),
            "1.5 × 12,500.00 from the line item"
        );
        assert!(matches!(
            &deals[1].status,
            crate::model::deal::DealStatus::Lost { reason, .. } if reason == "price"
        ));
        let pipeline = crate::model::settings::pipeline(&b.records.settings).0;
        let proposal = pipeline.stage(&open.stage).unwrap();
        assert_eq!(
            (proposal.name.as_deref(), proposal.probability),
            (Some("Teklif verildi"), 40)
        );
        let at: DateTime<Utc> = "2026-12-03T09:00:00Z".parse().unwrap();
        assert_eq!(export(&b.records, at, "0.1.0"), text);
    }
}
