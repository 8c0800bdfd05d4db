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
use crate::model::deal::{LostReason, Pipeline, Stage, StageId};
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

/// `stage.<id>`: one item per pipeline stage the user changed or added, `{"order": …,
/// "name": …, "probability": …, "rot_days": …}`, a tombstone once removed; the default
/// stages stand where no item says otherwise. Only what changed is written, so two devices
/// changing different stages both keep their change in a merge.
pub const STAGE_PREFIX: &str = "stage.";
/// `lost-reason.<id>`: the same for lost reasons, `{"order": …, "name": …}`.
pub const REASON_PREFIX: &str = "lost-reason.";

/// A stage or reason as its item stores it: its place and, for a stage, its figures.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct PipelineItem {
    order: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    probability: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rot_days: Option<u32>,
}

/// The pipeline items to write to go from `old` to `new` (`None`: a stage or reason
/// removed): each stage or reason that is new, changed or moved.
pub fn pipeline_changes(old: &Pipeline, new: &Pipeline) -> Vec<(String, Option<String>)> {
    let item = |order: usize, name: &Option<String>, p: Option<u8>, rot: Option<u32>| {
        serde_json::to_string(&PipelineItem {
            order: order as u32,
            name: name.clone(),
            probability: p,
            rot_days: rot,
        })
        .ok()
    };
    let mut out = Vec::new();
    for (i, st) in new.stages.iter().enumerate() {
        if old.stages.iter().position(|o| o == st) != Some(i) {
            let v = item(i, &st.name, Some(st.probability), st.rot_days);
            out.push((format!("{STAGE_PREFIX}{}", st.id.0), v));
        }
    }
    for o in old.stages.iter().filter(|o| new.stage(&o.id).is_none()) {
        out.push((format!("{STAGE_PREFIX}{}", o.id.0), None));
    }
    for (i, r) in new.lost_reasons.iter().enumerate() {
        if old.lost_reasons.iter().position(|o| o == r) != Some(i) {
            out.push((
                format!("{REASON_PREFIX}{}", r.id),
                item(i, &r.name, None, None),
            ));
        }
    }
    for o in old.lost_reasons.iter() {
        if !new.lost_reasons.iter().any(|r| r.id == o.id) {
            out.push((format!("{REASON_PREFIX}{}", o.id), None));
        }
    }
    out
}

/// The pipeline the items say, and the items that could not be read: the defaults, each
/// replaced, removed or joined by its item, in order (ties by id). Every stage removed: the
/// defaults, since a board needs a column. (Apart from [`read`] until the deals' screens
/// use it, so that the app carries none of it before then.)
pub fn pipeline(items: &[Setting]) -> (Pipeline, Vec<Unreadable>) {
    let mut problems = Vec::new();
    let problems = &mut problems;
    let defaults = Pipeline::default();
    let overlay =
        |prefix: &str, base: Vec<(String, PipelineItem)>, problems: &mut Vec<Unreadable>| {
            let mut map: BTreeMap<String, PipelineItem> = base.into_iter().collect();
            for s in items.iter().filter(|s| s.key.starts_with(prefix)) {
                let id = &s.key[prefix.len()..];
                if s.deleted() {
                    map.remove(id);
                    continue;
                }
                match serde_json::from_str::<PipelineItem>(&s.value) {
                    Ok(it) if !id.is_empty() && it.probability.is_none_or(|p| p <= 100) => {
                        map.insert(id.to_string(), it);
                    }
                    _ => problems.push(Unreadable::item(&s.key)),
                }
            }
            let mut list: Vec<(String, PipelineItem)> = map.into_iter().collect();
            crate::sort::by(&mut list, |a, b| (a.1.order, &a.0).cmp(&(b.1.order, &b.0)));
            list
        };
    let base_stages = defaults.stages.iter().enumerate().map(|(i, s)| {
        let it = PipelineItem {
            order: i as u32,
            name: s.name.clone(),
            probability: Some(s.probability),
            rot_days: s.rot_days,
        };
        (s.id.0.clone(), it)
    });
    let stages: Vec<Stage> = overlay(STAGE_PREFIX, base_stages.collect(), problems)
        .into_iter()
        .map(|(id, it)| Stage {
            id: StageId(id),
            name: it.name,
            probability: it.probability.unwrap_or(0),
            rot_days: it.rot_days,
        })
        .collect();
    let base_reasons = defaults.lost_reasons.iter().enumerate().map(|(i, r)| {
        let it = PipelineItem {
            order: i as u32,
            name: r.name.clone(),
            probability: None,
            rot_days: None,
        };
        (r.id.clone(), it)
    });
    let lost_reasons = overlay(REASON_PREFIX, base_reasons.collect(), problems)
        .into_iter()
        .map(|(id, it)| LostReason { id, name: it.name })
        .collect();
    let pipeline = Pipeline {
        stages: if stages.is_empty() {
            defaults.stages
        } else {
            stages
        },
        lost_reasons,
    };
    (pipeline, std::mem::take(problems))
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
    crate::sort::by_cached_key(&mut list, |s| crate::text::collation_key(&s.name));
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

    fn apply_pipeline(book: &mut Vec<Setting>, old: &Pipeline, new: &Pipeline) {
        for (k, v) in pipeline_changes(old, new) {
            write(book, &k, v);
        }
    }

    #[test]
    fn the_pipeline_is_the_default_until_changed_and_then_its_items() {
        let mut book = vec![];
        let d = Pipeline::default();
        assert_eq!(pipeline(&book), (d.clone(), vec![]));
        assert!(
            pipeline_changes(&d, &d).is_empty(),
            "nothing to write for the default"
        );
        // Rename Lead, drop Negotiation, add a stage of one's own after Proposal.
        let mut p = d.clone();
        p.stages[0].name = Some("İlk görüşme".into());
        p.stages.pop();
        p.stages.push(Stage {
            id: StageId::new("contract"),
            name: Some("Sözleşme".into()),
            probability: 90,
            rot_days: None,
        });
        p.lost_reasons.retain(|r| r.id != "timing");
        apply_pipeline(&mut book, &d, &p);
        assert_eq!(pipeline(&book), (p.clone(), vec![]));
        // A change writes only what changed.
        let mut q = p.clone();
        q.stages[1].probability = 30;
        assert_eq!(
            pipeline_changes(&p, &q)
                .into_iter()
                .map(|(k, _)| k)
                .collect::<Vec<_>>(),
            vec!["stage.qualified".to_string()]
        );
        // Reordering moves a stage and keeps its id.
        let mut r = p.clone();
        r.stages.swap(0, 1);
        apply_pipeline(&mut book, &p, &r);
        assert_eq!(pipeline(&book).0.stages[0].id, StageId::new("qualified"));
    }

    #[test]
    fn stage_changes_on_two_devices_both_survive_a_merge() {
        let d = Pipeline::default();
        let (mut laptop, mut phone) = (vec![], vec![]);
        let mut a = d.clone();
        a.stages[0].name = Some("Aday müşteri".into());
        apply_pipeline(&mut laptop, &d, &a);
        let mut b = d.clone();
        b.stages[3].rot_days = Some(5);
        apply_pipeline(&mut phone, &d, &b);
        let p = pipeline(&merge_records(&laptop, &phone).unwrap()).0;
        let mut both = d.clone();
        both.stages[0].name = Some("Aday müşteri".into());
        both.stages[3].rot_days = Some(5);
        assert_eq!(p, both);
    }

    #[test]
    fn an_unreadable_stage_is_reported_and_the_rest_stand() {
        let mut book = vec![];
        write(
            &mut book,
            "stage.lead",
            Some(r#"{"order":0,"probability":10}"#.into()),
        );
        write(&mut book, "stage.bad", Some("not json".into()));
        write(
            &mut book,
            "stage.over",
            Some(r#"{"order":1,"probability":150}"#.into()),
        );
        let (s, problems) = pipeline(&book);
        // Lead as the item says (no rotting), the other defaults, and neither bad item.
        assert_eq!(
            s.stages.iter().map(|s| s.id.0.as_str()).collect::<Vec<_>>(),
            vec!["lead", "qualified", "proposal", "negotiation"]
        );
        assert_eq!(s.stages[0].rot_days, None);
        assert_eq!(
            problems,
            vec![
                Unreadable::item("stage.bad"),
                Unreadable::item("stage.over")
            ]
        );
        // Every stage removed: the defaults, so the board keeps its columns.
        let mut gone = vec![];
        for id in crate::model::deal::BUILT_IN_STAGES {
            write(&mut gone, &format!("stage.{id}"), None);
        }
        assert_eq!(pipeline(&gone).0, Pipeline::default());
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
        crate::sort::natural(&mut problems);
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
