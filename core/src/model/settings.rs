//! Settings as items, so that merging two devices' settings keeps both sides' changes:
//! each value-key field is its own record (`value.weights.revenue`), each saved segment
//! too (`segment.<folded name>`, a tombstone once removed). Every item carries its own
//! revision like any record.
//!
//! Books written before items existed hold two blobs, `value` and `segments`; they are
//! read as a base layer under the items and never rewritten. A malformed item or blob is
//! reported and left as it is; the defaults stand in for it without overwriting it.

use crate::analysis::value::ValueSettings;
use crate::io::backup::Setting;
use crate::model::rev::{from_json_value, Revised};
use crate::model::saved_segment::{SavedSegment, SavedSegments};
use chrono::{DateTime, Utc};
use serde_json::Value;
use std::collections::BTreeMap;

pub const VALUE_PREFIX: &str = "value.";
pub const SEGMENT_PREFIX: &str = "segment.";
/// `rate.GBP`: one item per exchange rate, `{"micro": …, "set_on": "YYYY-MM-DD"}`.
pub const RATE_PREFIX: &str = "rate.";

/// The rate items to write to go from `old` to `new` (`None`: a rate removed).
pub fn rate_changes(
    old: &crate::money::Rates,
    new: &crate::money::Rates,
) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for (code, r) in &new.0 {
        if old.0.get(code) != Some(r) {
            out.push((
                format!("{RATE_PREFIX}{code}"),
                serde_json::to_string(r).ok(),
            ));
        }
    }
    for code in old.0.keys().filter(|c| !new.0.contains_key(*c)) {
        out.push((format!("{RATE_PREFIX}{code}"), None));
    }
    out
}

/// What the stored items say, and what could not be read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Settings {
    pub value: ValueSettings,
    pub segments: SavedSegments,
    /// Each unreadable item or blob; they stay in the store as they are.
    pub problems: Vec<Unreadable>,
}

/// A stored settings item (or old blob) that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Unreadable {
    /// The item's key.
    pub key: String,
    /// The value field within it that was refused (`weights.revenue`), when only one
    /// field of a value item or blob was.
    pub field: Option<String>,
}

impl Unreadable {
    fn item(key: &str) -> Self {
        Unreadable {
            key: key.to_string(),
            field: None,
        }
    }
}

fn to_value(v: &ValueSettings) -> Value {
    serde_json::from_str(&v.to_json()).unwrap_or(Value::Null)
}

/// The leaves of a JSON object as `(dotted.path, value)`.
fn leaves(prefix: &str, v: &Value, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                leaves(&p, x, out);
            }
        }
        other => out.push((prefix.to_string(), other.clone())),
    }
}

fn set_path(root: &mut Value, path: &str, v: Value) -> bool {
    let mut cur = root;
    let parts: Vec<&str> = path.split('.').collect();
    for (i, p) in parts.iter().enumerate() {
        let Value::Object(m) = cur else { return false };
        if i + 1 == parts.len() {
            if !m.contains_key(*p) {
                return false;
            }
            m.insert((*p).to_string(), v);
            return true;
        }
        let Some(next) = m.get_mut(*p) else {
            return false;
        };
        cur = next;
    }
    false
}

/// The value-setting items that differ between `old` and `new`: `(key, JSON)`.
pub fn value_changes(old: &ValueSettings, new: &ValueSettings) -> Vec<(String, String)> {
    let (mut a, mut b) = (Vec::new(), Vec::new());
    leaves("", &to_value(old), &mut a);
    leaves("", &to_value(new), &mut b);
    let before: BTreeMap<String, Value> = a.into_iter().collect();
    b.into_iter()
        .filter(|(k, v)| before.get(k) != Some(v))
        .map(|(k, v)| (format!("{VALUE_PREFIX}{k}"), v.to_string()))
        .collect()
}

/// The key of a saved segment's item: its name folded (case and diacritics), as segment
/// names are compared.
pub fn segment_key(name: &str) -> String {
    format!("{SEGMENT_PREFIX}{}", crate::text::fold(name.trim()))
}

/// The segment items to write to go from `old` to `new`: `(key, Some(JSON))` for a saved
/// or changed one, `(key, None)` for a removed one.
pub fn segment_changes(old: &SavedSegments, new: &SavedSegments) -> Vec<(String, Option<String>)> {
    let map = |s: &SavedSegments| -> BTreeMap<String, SavedSegment> {
        s.0.iter()
            .map(|x| (segment_key(&x.name), x.clone()))
            .collect()
    };
    let (a, b) = (map(old), map(new));
    let mut out = Vec::new();
    for (k, v) in &b {
        if a.get(k) != Some(v) {
            out.push((k.clone(), serde_json::to_string(v).ok()));
        }
    }
    for k in a.keys() {
        if !b.contains_key(k) {
            out.push((k.clone(), None));
        }
    }
    out
}

/// Reads settings from the stored items (and old blobs).
pub fn read(items: &[Setting]) -> Settings {
    let mut problems = Vec::new();
    let live = |key: &str| items.iter().find(|s| s.key == key && !s.deleted());
    // The value settings: defaults, then the old blob, then each item.
    let mut value = to_value(&ValueSettings::default());
    if let Some(blob) = live(ValueSettings::KEY) {
        match serde_json::from_str::<Value>(&blob.value) {
            Ok(Value::Object(m)) => {
                let mut found = Vec::new();
                leaves("", &Value::Object(m), &mut found);
                for (k, v) in found {
                    apply(&mut value, &k, v, &blob.key, &mut problems);
                }
            }
            _ => problems.push(Unreadable::item(&blob.key)),
        }
    }
    for s in items.iter().filter(|s| !s.deleted()) {
        if let Some(path) = s.key.strip_prefix(VALUE_PREFIX) {
            match serde_json::from_str::<Value>(&s.value) {
                Ok(v) => apply(&mut value, path, v, &s.key, &mut problems),
                Err(_) => problems.push(Unreadable::item(&s.key)),
            }
        }
    }
    let mut value: ValueSettings = from_json_value(&value).unwrap_or_default();
    for s in items.iter().filter(|s| !s.deleted()) {
        if let Some(code) = s.key.strip_prefix(RATE_PREFIX) {
            match serde_json::from_str::<crate::money::Rate>(&s.value) {
                Ok(r) if r.micro > 0 && code.len() == 3 => {
                    value.rates.0.insert(code.to_ascii_uppercase(), r);
                }
                _ => problems.push(Unreadable::item(&s.key)),
            }
        }
    }

    // Saved segments: the old blob (with every version of it that lost a conflict, so a
    // segment saved on either device survives), then each item by name.
    let mut segs: BTreeMap<String, SavedSegment> = BTreeMap::new();
    if let Some(blob) = items.iter().find(|s| s.key == SavedSegments::KEY) {
        let mut texts = vec![];
        if !blob.deleted() {
            texts.push(blob.value.clone());
        }
        for l in crate::model::rev::live_conflicts(blob) {
            if let Some(v) = l
                .doc
                .as_ref()
                .and_then(|d| d.get("value"))
                .and_then(|v| v.as_str())
            {
                texts.push(v.to_string());
            }
        }
        for t in texts {
            match serde_json::from_str::<Vec<SavedSegment>>(&t) {
                Ok(list) => {
                    for s in list {
                        segs.entry(segment_key(&s.name)).or_insert(s);
                    }
                }
                Err(_) => problems.push(Unreadable::item(&blob.key)),
            }
        }
    }
    for s in items.iter().filter(|s| s.key.starts_with(SEGMENT_PREFIX)) {
        if s.deleted() {
            segs.remove(&s.key);
            continue;
        }
        match serde_json::from_str::<SavedSegment>(&s.value) {
            Ok(seg) if !seg.name.trim().is_empty() => {
                segs.insert(s.key.clone(), seg);
            }
            _ => problems.push(Unreadable::item(&s.key)),
        }
    }
    let mut list: Vec<SavedSegment> = segs.into_values().collect();
    list.sort_by_cached_key(|s| crate::text::collation_key(&s.name));
    Settings {
        value,
        segments: SavedSegments(list),
        problems,
    }
}

/// Applies one field if it keeps the settings readable; otherwise reports it.
fn apply(value: &mut Value, path: &str, v: Value, key: &str, problems: &mut Vec<Unreadable>) {
    let mut candidate = value.clone();
    if set_path(&mut candidate, path, v) && from_json_value::<ValueSettings>(&candidate).is_ok() {
        *value = candidate;
    } else {
        problems.push(Unreadable {
            key: key.to_string(),
            field: Some(path.to_string()),
        });
    }
}

/// A new or changed item (`Some` JSON) or a removal (`None`) as a record to write, based
/// on the stored item `current` when there is one (so it becomes that item's child).
pub fn item(
    key: &str,
    value: Option<String>,
    current: Option<&Setting>,
    now: DateTime<Utc>,
) -> Setting {
    let mut s = match current {
        Some(c) => c.clone(),
        None => Setting::new(key, "", now),
    };
    s.updated_at = now;
    match value {
        Some(v) => {
            s.value = v;
            s.deleted_at = None;
        }
        None => s.deleted_at = Some(now),
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::merge::merge_records;
    use crate::model::rev::bump;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
    }

    fn write(book: &mut Vec<Setting>, key: &str, value: Option<String>) {
        let cur = book.iter().find(|s| s.key == key).cloned();
        let mut s = item(key, value, cur.as_ref(), now());
        bump(&mut s);
        book.retain(|x| x.key != key);
        book.push(s);
    }

    #[test]
    fn segments_saved_on_two_devices_both_survive_a_merge() {
        let mut a = vec![];
        let mut b = vec![];
        let s1 = SavedSegments::default()
            .save("VIP İstanbul", "tag:vip city:istanbul")
            .unwrap();
        let s2 = SavedSegments::default()
            .save("Geri kazan", "status:lapsed")
            .unwrap();
        for (k, v) in segment_changes(&SavedSegments::default(), &s1) {
            write(&mut a, &k, v);
        }
        for (k, v) in segment_changes(&SavedSegments::default(), &s2) {
            write(&mut b, &k, v);
        }
        let merged = merge_records(&a, &b).unwrap();
        let names: Vec<String> = read(&merged)
            .segments
            .0
            .into_iter()
            .map(|s| s.name)
            .collect();
        assert_eq!(names, vec!["Geri kazan", "VIP İstanbul"]);
        // Removing one is an item of its own too.
        let mut c = merged.clone();
        let after = read(&c).segments.remove("Geri kazan");
        for (k, v) in segment_changes(&read(&c).segments, &after) {
            write(&mut c, &k, v);
        }
        let left: Vec<String> = read(&c).segments.0.into_iter().map(|s| s.name).collect();
        assert_eq!(left, vec!["VIP İstanbul"], "exactly the removed one goes");
        assert_eq!(
            read(&merge_records(&c, &merged).unwrap()).segments.0.len(),
            1
        );
    }

    #[test]
    fn exchange_rates_are_items_that_merge_per_currency() {
        use crate::money::{Rate, Rates};
        let d = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let rate = |micro| Rate { micro, set_on: d };
        let (mut a, mut b) = (vec![], vec![]);
        let gbp = Rates([("GBP".to_string(), rate(43_500_000))].into());
        let eur = Rates([("EUR".to_string(), rate(36_000_000))].into());
        for (k, v) in rate_changes(&Rates::default(), &gbp) {
            write(&mut a, &k, v);
        }
        for (k, v) in rate_changes(&Rates::default(), &eur) {
            write(&mut b, &k, v);
        }
        let merged = merge_records(&a, &b).unwrap();
        let got = read(&merged).value.rates;
        assert_eq!(got.0.get("GBP"), Some(&rate(43_500_000)));
        assert_eq!(got.0.get("EUR"), Some(&rate(36_000_000)));
        // A removed rate is a tombstone; an unreadable one is reported and skipped.
        let mut c = merged.clone();
        let mut fewer = got.clone();
        fewer.0.remove("EUR");
        for (k, v) in rate_changes(&got, &fewer) {
            write(&mut c, &k, v);
        }
        write(&mut c, "rate.USD", Some("\"lots\"".into()));
        // A rate of zero, or a code that is not three letters, is not a rate either.
        write(
            &mut c,
            "rate.JPY",
            Some(r#"{"micro":0,"set_on":"2026-12-01"}"#.into()),
        );
        write(
            &mut c,
            "rate.EURO",
            Some(r#"{"micro":5,"set_on":"2026-12-01"}"#.into()),
        );
        let r = read(&c);
        assert_eq!(r.value.rates, fewer);
        let mut problems = r.problems.clone();
        problems.sort();
        assert_eq!(
            problems,
            ["rate.EURO", "rate.JPY", "rate.USD"].map(Unreadable::item)
        );
        assert!(rate_changes(&fewer, &fewer).is_empty());
    }

    #[test]
    fn value_fields_merge_one_by_one() {
        let base = ValueSettings::default();
        let mut a1 = base.clone();
        a1.weights.revenue = 9.0;
        let mut b1 = base.clone();
        b1.lapse_days = 200;
        let (mut a, mut b) = (vec![], vec![]);
        for (k, v) in value_changes(&base, &a1) {
            write(&mut a, &k, Some(v));
        }
        for (k, v) in value_changes(&base, &b1) {
            write(&mut b, &k, Some(v));
        }
        assert_eq!(a.len(), 1, "only the changed field is written");
        let m = read(&merge_records(&a, &b).unwrap());
        assert_eq!(m.value.weights.revenue, 9.0);
        assert_eq!(m.value.lapse_days, 200);
        assert!(m.problems.is_empty());
    }

    #[test]
    fn a_malformed_item_is_reported_and_the_rest_still_reads() {
        let mut items = vec![
            Setting::new("value.weights.revenue", "\"lots\"", now()),
            Setting::new("value.lapse_days", "100", now()),
            Setting::new("segment.x", "{not json", now()),
            Setting::new(ValueSettings::KEY, "{\"weights\":{\"recency\":5.0}}", now()),
        ];
        let r = read(&items);
        assert_eq!(
            r.value.weights.revenue,
            ValueSettings::default().weights.revenue
        );
        assert_eq!(
            r.value.weights.recency, 5.0,
            "the old blob is read under the items"
        );
        assert_eq!(r.value.lapse_days, 100);
        assert_eq!(
            r.problems,
            [
                Unreadable {
                    key: "value.weights.revenue".into(),
                    field: Some("weights.revenue".into()),
                },
                Unreadable::item("segment.x"),
            ]
        );
        // Changing another field writes only that field: the malformed one stays.
        let mut v = r.value.clone();
        v.lapse_days = 90;
        let ch = value_changes(&r.value, &v);
        assert_eq!(ch, vec![("value.lapse_days".to_string(), "90".to_string())]);
        items.push(Setting::new("value.nonsense.field", "1", now()));
        assert_eq!(read(&items).problems.len(), 3);
        // A segment item without a name is reported, not listed.
        items.push(Setting::new(
            "segment.",
            "{\"name\":\"  \",\"query\":\"tag:x\"}",
            now(),
        ));
        let r = read(&items);
        assert_eq!(r.problems.len(), 4);
        assert!(r.segments.0.is_empty());
    }
}
