//! Every analysis over records with any date chrono can hold, and any "now": none may
//! panic (a backup from elsewhere can carry year 1 or 262143; the import checks refuse
//! such records, but older data was stored before they existed).

use super::history::{self, Event};
use super::insights::{self, Dimension};
use super::today::{follow_up_buckets, next_birthday, today, Bucket};
use super::value::{self, ValueSettings};
use super::{ics, timeline, Tz};
use crate::book::Book;
use crate::sample::{sample_book, sample_history};
use crate::{Channel, Status};
use crate::{Contact, ContactId, FollowUp, Interaction, InteractionId, InteractionKind, Money};
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeZone, Utc};
use proptest::prelude::*;
use std::sync::OnceLock;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    let (lo, hi) = (
        NaiveDate::MIN.num_days_from_ce(),
        NaiveDate::MAX.num_days_from_ce(),
    );
    prop_oneof![
        Just(NaiveDate::MIN),
        Just(NaiveDate::MAX),
        Just(NaiveDate::MIN.succ_opt().unwrap_or_default()),
        Just(NaiveDate::MAX.pred_opt().unwrap_or_default()),
        Just(ymd(1900, 1, 1)),
        Just(ymd(1899, 12, 31)),
        Just(ymd(2200, 12, 31)),
        Just(ymd(2201, 1, 1)),
        Just(ymd(1984, 2, 29)),
        Just(ymd(2026, 11, 24)),
        (lo..=hi).prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap_or_default()),
    ]
}

fn any_time() -> impl Strategy<Value = DateTime<Utc>> {
    prop_oneof![
        Just(DateTime::<Utc>::MIN_UTC),
        Just(DateTime::<Utc>::MAX_UTC),
        (any_date(), 0u32..86_400).prop_map(|(d, s)| {
            let t = NaiveTime::from_num_seconds_from_midnight_opt(s, 0).unwrap_or_default();
            d.and_time(t).and_utc()
        }),
    ]
}

fn any_tz() -> impl Strategy<Value = Tz> {
    prop_oneof![
        (-1440i32..=1440).prop_map(Tz),
        Just(Tz(0)),
        Just(Tz(840)),
        Just(Tz(-720)),
        Just(Tz(i32::MIN)),
        Just(Tz(i32::MAX)),
    ]
}

/// One contact: created, birthday, strategic value, and a history of (time, kind, amount).
type ContactSpec = (
    DateTime<Utc>,
    Option<NaiveDate>,
    Option<u8>,
    Vec<(DateTime<Utc>, usize, i64)>,
);

fn any_contact() -> impl Strategy<Value = ContactSpec> {
    (
        any_time(),
        proptest::option::of(any_date()),
        proptest::option::of(any::<u8>()),
        proptest::collection::vec(
            (
                any_time(),
                0..InteractionKind::ALL.len(),
                prop_oneof![Just(i64::MAX), Just(i64::MIN), -1000i64..100_000],
            ),
            0..8,
        ),
    )
}

/// An interaction and a follow-up from the sample data, to change field by field (no
/// struct literals, so fields added to the model merge cleanly).
fn templates() -> &'static (Interaction, FollowUp) {
    static T: OnceLock<(Interaction, FollowUp)> = OnceLock::new();
    T.get_or_init(|| {
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        let (is, fs) = sample_history(&sample_book(now), now, Tz(180));
        (is[0].clone(), fs[0].clone())
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn analysis_never_panics_on_extreme_dates(
        specs in proptest::collection::vec(any_contact(), 1..5),
        follow_ups in proptest::collection::vec((any_date(), proptest::option::of(any_time()), any_time()), 0..4),
        now in any_time(),
        tz in any_tz(),
        lapse_days in prop_oneof![Just(i64::MAX), Just(i64::MIN), Just(365i64), 0i64..1000],
    ) {
        let (template_i, template_f) = templates();
        let id = |n: usize| ContactId::from_random_bytes([n as u8 + 1; 16]);
        let mut contacts = Vec::new();
        let mut histories = Vec::new();
        let mut open = Vec::new();
        for (n, (created, birthday, strategic, events)) in specs.iter().enumerate() {
            let mut c = Contact::new(id(n), format!("c{n}"), *created);
            c.birthday = *birthday;
            c.strategic = *strategic;
            c.referred_by = (n > 0).then(|| id(n - 1));
            contacts.push(c);
            let mut interactions = Vec::new();
            for (k, &(at, kind, minor)) in events.iter().enumerate() {
                let mut i = template_i.clone();
                i.id = InteractionId::from_random_bytes([n as u8 + 1, k as u8 + 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
                i.contact_id = id(n);
                i.at = at;
                i.kind = InteractionKind::ALL[kind];
                i.channel = Channel::ALL[kind % Channel::ALL.len()];
                i.amount = (i.kind == InteractionKind::Purchase).then(|| Money::new(minor, "TRY"));
                i.status = i.kind.has_status().then_some(Status::Open);
                i.deleted_at = None;
                interactions.push(i);
            }
            open.extend(interactions.iter().filter(|i| i.is_open()).cloned());
            histories.push(interactions);
        }
        let mut book = Book::from_contacts(contacts.clone());
        for (n, interactions) in histories.iter().enumerate() {
            let events = history::events_of(interactions);
            let refs: Vec<&Interaction> = interactions.iter().collect();
            let applied = history::apply(&[], &refs);
            prop_assert_eq!(&applied.len(), &events.len());
            let _ = history::rhythm(&events, tz);
            let _ = history::last_contact(&events);
            let _ = history::last_purchase(&events);
            let _ = history::purchase_totals(&events);
            let _ = history::revenue_in(&events, "TRY");
            let _ = value::status(&events, history::rhythm(&events, tz), tz.local_date(now), tz, lapse_days);
            let _ = timeline::by_month(&refs, tz);
            book.set_history(id(n), events);
        }
        let fus: Vec<FollowUp> = follow_ups
            .iter()
            .enumerate()
            .map(|(k, &(due, done_at, created))| {
                let mut f = template_f.clone();
                f.contact_id = id(k % specs.len());
                f.due = due;
                f.done_at = done_at;
                f.created_at = created;
                f.updated_at = created;
                f.deleted_at = None;
                f
            })
            .collect();

        let local_today = tz.local_date(now);
        let _ = follow_up_buckets(&book, &fus, local_today);
        for f in &fus {
            let _ = Bucket::of(f.due, local_today);
            let _ = ics::follow_up_event(f, "Ayşe", now);
        }
        for c in &contacts {
            if let Some(b) = c.birthday {
                let _ = next_birthday(b, local_today);
            }
        }
        let settings = ValueSettings { lapse_days, ..ValueSettings::default() };
        let facts = value::facts(&book, &settings, now, tz);
        let _ = today(&book, &facts, &fus, &open, crate::analysis::Clock { now, tz });
        let scoring = value::scoring(&facts, &settings);
        let _ = insights::pyramid(&facts, &scoring);
        for dim in Dimension::ALL {
            let _ = insights::matrix(&book, &facts, &scoring, dim, 3);
        }
        let _ = insights::strategies(&book, &facts, &scoring, &fus, 10);
        let _ = insights::dashboard(&book, &facts, &scoring, &settings);
        if let Ok(seg) = crate::segment::parse("last:>90d last:<2w status:at-risk") {
            for c in &contacts {
                let _ = seg.matches(c, None, facts.get(c.id), scoring.get(c.id), facts.today, tz, &crate::segment::DealIndex::default());
            }
        }
        for i in &open {
            let _ = crate::model::interaction_draft::InteractionDraft::from_interaction(i, tz);
        }
        let _ = Event::of(template_i);
    }
}
