//! Range checks for imported records: values a form could never produce (a birthday in
//! 1850, a strategic value of 9, a megabyte name) are refused before anything is written,
//! so the rest of the app can rely on them (date arithmetic stays far from chrono's limits).

use crate::model::deal::{Deal, DealStatus};
use crate::{Contact, FollowUp, Interaction, Organisation, Status};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use thiserror::Error;

/// The first and last years a stored date may have.
pub const MIN_YEAR: i32 = 1900;
pub const MAX_YEAR: i32 = 2200;
/// The longest text field, in characters (not bytes).
pub const MAX_TEXT_CHARS: usize = 100_000;
/// The highest "strategic importance" value.
pub const MAX_STRATEGIC: u8 = 5;

/// What is wrong with a record, naming the field (`emails[1].value` for an item of a list).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RangeError {
    #[error("{field} {value} is outside {MIN_YEAR}–{MAX_YEAR}")]
    YearOutOfRange { field: String, value: String },
    #[error("created_at {created_at} is after updated_at {updated_at}")]
    CreatedAfterUpdated {
        created_at: String,
        updated_at: String,
    },
    #[error("strategic {0} is outside 0–{MAX_STRATEGIC}")]
    StrategicOutOfRange(u8),
    #[error("probability {0} is over 100")]
    ProbabilityOver100(u8),
    #[error("{field} is empty")]
    Empty { field: String },
    #[error("{field} is {chars} characters long; at most {MAX_TEXT_CHARS} are allowed")]
    TooLong { field: String, chars: usize },
}

impl RangeError {
    /// The field the error is about, as named in the message.
    pub fn field(&self) -> &str {
        match self {
            RangeError::YearOutOfRange { field, .. }
            | RangeError::Empty { field }
            | RangeError::TooLong { field, .. } => field,
            RangeError::CreatedAfterUpdated { .. } => "created_at",
            RangeError::StrategicOutOfRange(_) => "strategic",
            RangeError::ProbabilityOver100(_) => "probability",
        }
    }
}

fn date(field: &str, d: NaiveDate) -> Result<(), RangeError> {
    if (MIN_YEAR..=MAX_YEAR).contains(&d.year()) {
        Ok(())
    } else {
        Err(RangeError::YearOutOfRange {
            field: field.into(),
            value: d.to_string(),
        })
    }
}

fn time(field: &str, t: DateTime<Utc>) -> Result<(), RangeError> {
    date(field, t.date_naive()).map_err(|_| RangeError::YearOutOfRange {
        field: field.into(),
        value: stamp(t),
    })
}

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn times(
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    deleted_at: Option<DateTime<Utc>>,
) -> Result<(), RangeError> {
    time("created_at", created_at)?;
    time("updated_at", updated_at)?;
    if let Some(t) = deleted_at {
        time("deleted_at", t)?;
    }
    if created_at > updated_at {
        return Err(RangeError::CreatedAfterUpdated {
            created_at: stamp(created_at),
            updated_at: stamp(updated_at),
        });
    }
    Ok(())
}

fn text(field: impl FnOnce() -> String, s: &str) -> Result<(), RangeError> {
    // Bytes bound characters from above: count only when it could matter.
    if s.len() <= MAX_TEXT_CHARS {
        return Ok(());
    }
    match s.chars().count() {
        n if n > MAX_TEXT_CHARS => Err(RangeError::TooLong {
            field: field(),
            chars: n,
        }),
        _ => Ok(()),
    }
}

fn not_empty(field: &str, s: &str) -> Result<(), RangeError> {
    if s.trim().is_empty() {
        Err(RangeError::Empty {
            field: field.into(),
        })
    } else {
        Ok(())
    }
}

/// Checks a contact's dates, strategic value and text lengths; the first problem found.
pub fn check_contact(c: &Contact) -> Result<(), RangeError> {
    not_empty("display_name", &c.display_name)?;
    times(c.created_at, c.updated_at, c.deleted_at)?;
    if let Some(b) = c.birthday {
        date("birthday", b)?;
    }
    if let Some(s) = c.strategic.filter(|&s| s > MAX_STRATEGIC) {
        return Err(RangeError::StrategicOutOfRange(s));
    }
    for (name, s) in [
        ("display_name", &c.display_name),
        ("given_name", &c.given_name),
        ("family_name", &c.family_name),
        ("job_title", &c.job_title),
        ("website", &c.website),
        ("source", &c.source),
        ("notes", &c.notes),
    ] {
        text(|| name.into(), s)?;
    }
    if let Some(Organisation::Named(o)) = &c.organisation {
        text(|| "organisation".into(), o)?;
    }
    for (list, items) in [("emails", &c.emails), ("phones", &c.phones)] {
        for (i, l) in items.iter().enumerate() {
            text(|| format!("{list}[{i}].label"), &l.label)?;
            text(|| format!("{list}[{i}].value"), &l.value)?;
        }
    }
    for (i, a) in c.addresses.iter().enumerate() {
        for (name, s) in [
            ("label", &a.label),
            ("street", &a.street),
            ("city", &a.city),
            ("region", &a.region),
            ("postcode", &a.postcode),
            ("country", &a.country),
        ] {
            text(|| format!("addresses[{i}].{name}"), s)?;
        }
    }
    for (i, t) in c.tags.iter().enumerate() {
        text(|| format!("tags[{i}]"), t)?;
    }
    for (i, f) in c.custom.iter().enumerate() {
        text(|| format!("custom[{i}].name"), &f.name)?;
        text(|| format!("custom[{i}].value"), &f.value)?;
    }
    Ok(())
}

/// Checks an interaction's dates (its time, a resolution date) and text.
pub fn check_interaction(i: &Interaction) -> Result<(), RangeError> {
    not_empty("summary", &i.summary)?;
    time("at", i.at)?;
    times(i.created_at, i.updated_at, i.deleted_at)?;
    if let Some(Status::Resolved { on }) = i.status {
        date("resolved on", on)?;
    }
    text(|| "summary".into(), &i.summary)?;
    text(|| "details".into(), &i.details)?;
    text(|| "product".into(), &i.product)?;
    if let Some(m) = &i.amount {
        text(|| "amount currency".into(), &m.currency)?;
    }
    Ok(())
}

/// Checks a follow-up's due date, times and note.
pub fn check_follow_up(f: &FollowUp) -> Result<(), RangeError> {
    date("due", f.due)?;
    if let Some(t) = f.done_at {
        time("done_at", t)?;
    }
    times(f.created_at, f.updated_at, f.deleted_at)?;
    text(|| "note".into(), &f.note)?;
    Ok(())
}

/// Checks a deal: a title and stage, a probability of at most 100, its dates (expected
/// close, decision, each stage entry), times and text.
pub fn check_deal(d: &Deal) -> Result<(), RangeError> {
    not_empty("title", &d.title)?;
    not_empty("stage", &d.stage.0)?;
    if let Some(p) = d.probability.filter(|&p| p > 100) {
        return Err(RangeError::ProbabilityOver100(p));
    }
    if let Some(c) = d.expected_close {
        date("expected_close", c)?;
    }
    match &d.status {
        DealStatus::Open => {}
        DealStatus::Won { on } => date("status.on", *on)?,
        DealStatus::Lost { on, reason, note } => {
            date("status.on", *on)?;
            not_empty("status.reason", reason)?;
            text(|| "status.reason".into(), reason)?;
            text(|| "status.note".into(), note)?;
        }
    }
    if d.history.is_empty() {
        return Err(RangeError::Empty {
            field: "history".into(),
        });
    }
    for (i, e) in d.history.iter().enumerate() {
        time(&format!("history[{i}].at"), e.at)?;
    }
    times(d.created_at, d.updated_at, d.deleted_at)?;
    text(|| "title".into(), &d.title)?;
    text(|| "stage".into(), &d.stage.0)?;
    text(|| "notes".into(), &d.notes)?;
    for (i, l) in d.lines.iter().enumerate() {
        text(|| format!("lines[{i}].product"), &l.product)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Tz;
    use crate::sample::{sample_book, sample_history};
    use crate::{Address, ContactId, CustomField, Labeled, Money};
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
    }
    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    /// The first instant of a year, and the last.
    fn first(y: i32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, 1, 1, 0, 0, 0).unwrap()
    }
    fn last(y: i32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, 12, 31, 23, 59, 59).unwrap()
    }
    fn long(n: usize) -> String {
        // Two-byte characters: the limit is on characters, not bytes.
        "ş".repeat(n)
    }

    fn contact() -> Contact {
        let mut c = Contact::new(ContactId::from_random_bytes([1; 16]), "Ayşe", now());
        c.emails.push(Labeled {
            label: "work".into(),
            value: "a@b.com".into(),
        });
        c.phones.push(Labeled {
            label: "mobile".into(),
            value: "+90".into(),
        });
        c.addresses.push(Address {
            city: "İstanbul".into(),
            ..Address::default()
        });
        c.tags.push("vip".into());
        c.custom.push(CustomField {
            name: "VKN".into(),
            value: "1".into(),
        });
        c
    }
    // Built from the sample data rather than struct literals, so new fields merge cleanly.
    fn records() -> (Interaction, FollowUp) {
        let book = sample_book(now());
        let (is, fs) = sample_history(&book, now(), Tz(180));
        let mut i = is.into_iter().next().unwrap();
        i.status = None;
        i.amount = Some(Money::new(100, "TRY"));
        i.deleted_at = None;
        let mut f = fs.into_iter().next().unwrap();
        f.done_at = None;
        f.deleted_at = None;
        (i, f)
    }

    type Case<T> = (&'static str, fn(&mut T), Option<&'static str>);

    fn run<T: Clone>(base: T, check: fn(&T) -> Result<(), RangeError>, cases: &[Case<T>]) {
        assert_eq!(check(&base), Ok(()), "the base record passes");
        for (name, change, want) in cases {
            let mut r = base.clone();
            change(&mut r);
            let got = check(&r).map_err(|e| e.to_string());
            assert_eq!(got.as_ref().err().map(String::as_str), *want, "{name}");
        }
    }

    #[test]
    fn contact_rules_on_both_sides_of_each_boundary() {
        let cases: &[Case<Contact>] = &[
            ("birthday 1900", |c| c.birthday = Some(d(1900, 1, 1)), None),
            (
                "birthday 1899",
                |c| c.birthday = Some(d(1899, 12, 31)),
                Some("birthday 1899-12-31 is outside 1900–2200"),
            ),
            (
                "birthday 2200",
                |c| c.birthday = Some(d(2200, 12, 31)),
                None,
            ),
            (
                "birthday 2201",
                |c| c.birthday = Some(d(2201, 1, 1)),
                Some("birthday 2201-01-01 is outside 1900–2200"),
            ),
            (
                "birthday at chrono's limit",
                |c| c.birthday = Some(NaiveDate::MIN),
                Some("birthday -262143-01-01 is outside 1900–2200"),
            ),
            ("created 1900", |c| c.created_at = first(1900), None),
            (
                "created 1899",
                |c| c.created_at = last(1899),
                Some("created_at 1899-12-31T23:59:59Z is outside 1900–2200"),
            ),
            (
                "updated 2200",
                |c| {
                    c.updated_at = last(2200);
                },
                None,
            ),
            (
                "updated 2201",
                |c| c.updated_at = first(2201),
                Some("updated_at 2201-01-01T00:00:00Z is outside 1900–2200"),
            ),
            ("deleted 1900", |c| c.deleted_at = Some(first(1900)), None),
            (
                "deleted 2201",
                |c| c.deleted_at = Some(first(2201)),
                Some("deleted_at 2201-01-01T00:00:00Z is outside 1900–2200"),
            ),
            (
                "deleted at chrono's limit",
                |c| c.deleted_at = Some(DateTime::<Utc>::MAX_UTC),
                Some("deleted_at +262142-12-31T23:59:59Z is outside 1900–2200"),
            ),
            (
                "created equal to updated",
                |c| c.created_at = c.updated_at,
                None,
            ),
            (
                "created a second after updated",
                |c| c.created_at = c.updated_at + chrono::Duration::seconds(1),
                Some("created_at 2026-11-24T09:00:01Z is after updated_at 2026-11-24T09:00:00Z"),
            ),
            ("strategic 0", |c| c.strategic = Some(0), None),
            ("strategic 5", |c| c.strategic = Some(5), None),
            (
                "strategic 6",
                |c| c.strategic = Some(6),
                Some("strategic 6 is outside 0–5"),
            ),
            (
                "strategic 255",
                |c| c.strategic = Some(255),
                Some("strategic 255 is outside 0–5"),
            ),
            (
                "empty name",
                |c| c.display_name = String::new(),
                Some("display_name is empty"),
            ),
            (
                "blank name",
                |c| c.display_name = " \t\n".into(),
                Some("display_name is empty"),
            ),
            ("one-letter name", |c| c.display_name = "A".into(), None),
            (
                "name at the limit",
                |c| c.display_name = long(MAX_TEXT_CHARS),
                None,
            ),
            (
                "name over the limit",
                |c| c.display_name = long(MAX_TEXT_CHARS + 1),
                Some("display_name is 100001 characters long; at most 100000 are allowed"),
            ),
            (
                "notes at the limit",
                |c| c.notes = long(MAX_TEXT_CHARS),
                None,
            ),
            (
                "notes over the limit",
                |c| c.notes = long(MAX_TEXT_CHARS + 1),
                Some("notes is 100001 characters long; at most 100000 are allowed"),
            ),
            (
                "given name over",
                |c| c.given_name = long(MAX_TEXT_CHARS + 1),
                Some("given_name is 100001 characters long; at most 100000 are allowed"),
            ),
            (
                "family name over",
                |c| c.family_name = long(MAX_TEXT_CHARS + 1),
                Some("family_name is 100001 characters long; at most 100000 are allowed"),
            ),
            (
                "job title over",
                |c| c.job_title = long(MAX_TEXT_CHARS + 1),
                Some("job_title is 100001 characters long; at most 100000 are allowed"),
            ),
            (
                "website over",
                |c| c.website = long(MAX_TEXT_CHARS + 1),
                Some("website is 100001 characters long; at most 100000 are allowed"),
            ),
            (
                "source over",
                |c| c.source = long(MAX_TEXT_CHARS + 1),
                Some("source is 100001 characters long; at most 100000 are allowed"),
            ),
            (
                "organisation at the limit",
                |c| c.organisation = Some(Organisation::Named(long(MAX_TEXT_CHARS))),
                None,
            ),
            (
                "organisation over",
                |c| c.organisation = Some(Organisation::Named(long(MAX_TEXT_CHARS + 1))),
                Some("organisation is 100001 characters long; at most 100000 are allowed"),
            ),
            (
                "e-mail at the limit",
                |c| c.emails[0].value = long(MAX_TEXT_CHARS),
                None,
            ),
            (
                "second e-mail over",
                |c| {
                    c.emails.push(Labeled {
                        label: "home".into(),
                        value: long(MAX_TEXT_CHARS + 1),
                    })
                },
                Some("emails[1].value is 100001 characters long; at most 100000 are allowed"),
            ),
            (
                "e-mail label over",
                |c| c.emails[0].label = long(MAX_TEXT_CHARS + 1),
                Some("emails[0].label is 100001 characters long; at most 100000 are allowed"),
            ),
            (
                "phone over",
                |c| c.phones[0].value = long(MAX_TEXT_CHARS + 1),
                Some("phones[0].value is 100001 characters long; at most 100000 are allowed"),
            ),
            (
                "address city at the limit",
                |c| c.addresses[0].city = long(MAX_TEXT_CHARS),
                None,
            ),
            (
                "address street over",
                |c| c.addresses[0].street = long(MAX_TEXT_CHARS + 1),
                Some("addresses[0].street is 100001 characters long; at most 100000 are allowed"),
            ),
            (
                "address country over",
                |c| c.addresses[0].country = long(MAX_TEXT_CHARS + 1),
                Some("addresses[0].country is 100001 characters long; at most 100000 are allowed"),
            ),
            (
                "tag at the limit",
                |c| c.tags[0] = long(MAX_TEXT_CHARS),
                None,
            ),
            (
                "tag over",
                |c| c.tags[0] = long(MAX_TEXT_CHARS + 1),
                Some("tags[0] is 100001 characters long; at most 100000 are allowed"),
            ),
            (
                "custom name over",
                |c| c.custom[0].name = long(MAX_TEXT_CHARS + 1),
                Some("custom[0].name is 100001 characters long; at most 100000 are allowed"),
            ),
            (
                "custom value over",
                |c| c.custom[0].value = long(MAX_TEXT_CHARS + 1),
                Some("custom[0].value is 100001 characters long; at most 100000 are allowed"),
            ),
            (
                "ASCII at the limit",
                |c| c.notes = "a".repeat(MAX_TEXT_CHARS),
                None,
            ),
        ];
        run(contact(), check_contact, cases);
    }

    #[test]
    fn interaction_rules_on_both_sides_of_each_boundary() {
        let cases: &[Case<Interaction>] = &[
            ("at 1900", |i| i.at = first(1900), None),
            (
                "at 1899",
                |i| i.at = last(1899),
                Some("at 1899-12-31T23:59:59Z is outside 1900–2200"),
            ),
            ("at 2200", |i| i.at = last(2200), None),
            (
                "at 2201",
                |i| i.at = first(2201),
                Some("at 2201-01-01T00:00:00Z is outside 1900–2200"),
            ),
            (
                "created 1899",
                |i| i.created_at = last(1899),
                Some("created_at 1899-12-31T23:59:59Z is outside 1900–2200"),
            ),
            (
                "updated 2201",
                |i| i.updated_at = first(2201),
                Some("updated_at 2201-01-01T00:00:00Z is outside 1900–2200"),
            ),
            ("deleted 2200", |i| i.deleted_at = Some(last(2200)), None),
            (
                "deleted 1899",
                |i| i.deleted_at = Some(last(1899)),
                Some("deleted_at 1899-12-31T23:59:59Z is outside 1900–2200"),
            ),
            (
                "created after updated",
                |i| i.created_at = i.updated_at + chrono::Duration::seconds(1),
                Some("created_at 2025-11-27T09:00:01Z is after updated_at 2025-11-27T09:00:00Z"),
            ),
            (
                "resolved 1900",
                |i| i.status = Some(Status::Resolved { on: d(1900, 1, 1) }),
                None,
            ),
            (
                "resolved 1899",
                |i| {
                    i.status = Some(Status::Resolved {
                        on: d(1899, 12, 31),
                    })
                },
                Some("resolved on 1899-12-31 is outside 1900–2200"),
            ),
            (
                "resolved 2201",
                |i| i.status = Some(Status::Resolved { on: d(2201, 1, 1) }),
                Some("resolved on 2201-01-01 is outside 1900–2200"),
            ),
            ("open", |i| i.status = Some(Status::Open), None),
            (
                "empty summary",
                |i| i.summary = "  ".into(),
                Some("summary is empty"),
            ),
            (
                "summary at the limit",
                |i| i.summary = long(MAX_TEXT_CHARS),
                None,
            ),
            (
                "summary over",
                |i| i.summary = long(MAX_TEXT_CHARS + 1),
                Some("summary is 100001 characters long; at most 100000 are allowed"),
            ),
            (
                "details at the limit",
                |i| i.details = long(MAX_TEXT_CHARS),
                None,
            ),
            (
                "details over",
                |i| i.details = long(MAX_TEXT_CHARS + 1),
                Some("details is 100001 characters long; at most 100000 are allowed"),
            ),
            (
                "product over",
                |i| i.product = long(MAX_TEXT_CHARS + 1),
                Some("product is 100001 characters long; at most 100000 are allowed"),
            ),
            (
                "currency over",
                |i| i.amount = Some(Money::new(1, &long(MAX_TEXT_CHARS + 1))),
                Some("amount currency is 100001 characters long; at most 100000 are allowed"),
            ),
        ];
        let (mut i, _) = records();
        // A fixed time, so the messages above can name it.
        let at = Utc.with_ymd_and_hms(2025, 11, 27, 9, 0, 0).unwrap();
        (i.at, i.created_at, i.updated_at) = (at, at, at);
        run(i, check_interaction, cases);
    }

    #[test]
    fn follow_up_rules_on_both_sides_of_each_boundary() {
        let cases: &[Case<FollowUp>] = &[
            ("due 1900", |f| f.due = d(1900, 1, 1), None),
            (
                "due 1899",
                |f| f.due = d(1899, 12, 31),
                Some("due 1899-12-31 is outside 1900–2200"),
            ),
            ("due 2200", |f| f.due = d(2200, 12, 31), None),
            (
                "due 2201",
                |f| f.due = d(2201, 1, 1),
                Some("due 2201-01-01 is outside 1900–2200"),
            ),
            (
                "due at chrono's limit",
                |f| f.due = NaiveDate::MAX,
                Some("due +262142-12-31 is outside 1900–2200"),
            ),
            ("done 2200", |f| f.done_at = Some(last(2200)), None),
            (
                "done 2201",
                |f| f.done_at = Some(first(2201)),
                Some("done_at 2201-01-01T00:00:00Z is outside 1900–2200"),
            ),
            (
                "done 1899",
                |f| f.done_at = Some(last(1899)),
                Some("done_at 1899-12-31T23:59:59Z is outside 1900–2200"),
            ),
            (
                "created 1899",
                |f| f.created_at = last(1899),
                Some("created_at 1899-12-31T23:59:59Z is outside 1900–2200"),
            ),
            (
                "updated 2201",
                |f| f.updated_at = first(2201),
                Some("updated_at 2201-01-01T00:00:00Z is outside 1900–2200"),
            ),
            (
                "deleted 2201",
                |f| f.deleted_at = Some(first(2201)),
                Some("deleted_at 2201-01-01T00:00:00Z is outside 1900–2200"),
            ),
            (
                "created after updated",
                |f| f.created_at = f.updated_at + chrono::Duration::seconds(1),
                Some("created_at 2025-11-27T09:00:01Z is after updated_at 2025-11-27T09:00:00Z"),
            ),
            ("empty note is fine", |f| f.note = String::new(), None),
            ("note at the limit", |f| f.note = long(MAX_TEXT_CHARS), None),
            (
                "note over",
                |f| f.note = long(MAX_TEXT_CHARS + 1),
                Some("note is 100001 characters long; at most 100000 are allowed"),
            ),
        ];
        let (_, mut f) = records();
        let at = Utc.with_ymd_and_hms(2025, 11, 27, 9, 0, 0).unwrap();
        (f.created_at, f.updated_at) = (at, at);
        run(f, check_follow_up, cases);
    }

    #[test]
    fn deal_rules_on_both_sides_of_each_boundary() {
        use crate::model::deal::{DealId, LineItem, StageId};
        let cases: &[Case<Deal>] = &[
            ("probability 100", |x| x.probability = Some(100), None),
            (
                "probability 101",
                |x| x.probability = Some(101),
                Some("probability 101 is over 100"),
            ),
            (
                "blank title",
                |x| x.title = " ".into(),
                Some("title is empty"),
            ),
            (
                "no stage",
                |x| x.stage = StageId(String::new()),
                Some("stage is empty"),
            ),
            (
                "close 2200",
                |x| x.expected_close = Some(d(2200, 12, 31)),
                None,
            ),
            (
                "close 2201",
                |x| x.expected_close = Some(d(2201, 1, 1)),
                Some("expected_close 2201-01-01 is outside 1900–2200"),
            ),
            (
                "won in 1899",
                |x| {
                    x.status = DealStatus::Won {
                        on: d(1899, 12, 31),
                    }
                },
                Some("status.on 1899-12-31 is outside 1900–2200"),
            ),
            (
                "lost without a reason",
                |x| {
                    x.status = DealStatus::Lost {
                        on: d(2026, 1, 1),
                        reason: String::new(),
                        note: String::new(),
                    }
                },
                Some("status.reason is empty"),
            ),
            (
                "lost with a reason",
                |x| {
                    x.status = DealStatus::Lost {
                        on: d(2026, 1, 1),
                        reason: "price".into(),
                        note: String::new(),
                    }
                },
                None,
            ),
            (
                "no history",
                |x| x.history.clear(),
                Some("history is empty"),
            ),
            (
                "a stage entered in 2201",
                |x| x.history[0].at = first(2201),
                Some("history[0].at 2201-01-01T00:00:00Z is outside 1900–2200"),
            ),
            (
                "created after updated",
                |x| x.created_at = x.updated_at + chrono::Duration::seconds(1),
                Some("created_at 2026-11-24T09:00:01Z is after updated_at 2026-11-24T09:00:00Z"),
            ),
            (
                "notes at the limit",
                |x| x.notes = long(MAX_TEXT_CHARS),
                None,
            ),
            (
                "notes over",
                |x| x.notes = long(MAX_TEXT_CHARS + 1),
                Some("notes is 100001 characters long; at most 100000 are allowed"),
            ),
            (
                "a product over",
                |x| {
                    x.lines.push(LineItem {
                        product: long(MAX_TEXT_CHARS + 1),
                        quantity_milli: 1000,
                        unit_price: Money::new(1, "TRY"),
                    })
                },
                Some("lines[0].product is 100001 characters long; at most 100000 are allowed"),
            ),
        ];
        let deal = Deal::new(
            DealId::from_random_bytes([2; 16]),
            ContactId::from_random_bytes([1; 16]),
            "Audit",
            StageId::new("lead"),
            now(),
        );
        run(deal, check_deal, cases);
    }

    #[test]
    fn errors_name_their_field() {
        let mut c = contact();
        c.tags.push(long(MAX_TEXT_CHARS + 1));
        assert_eq!(
            check_contact(&c).map_err(|e| e.field().to_string()),
            Err("tags[1]".into())
        );
        c.strategic = Some(9);
        assert_eq!(
            check_contact(&c).map_err(|e| e.field().to_string()),
            Err("strategic".into())
        );
    }
}
