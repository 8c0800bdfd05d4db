//! A contact's history in compact form: one small `Event` per live interaction, kept in
//! memory for every contact (lists, Today, scores need it; the full interaction records
//! stay in IndexedDB until a screen asks for them).

use crate::{Channel, Interaction, InteractionId, InteractionKind, Money};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Tz;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// The interaction this summarises (so a history can be updated by id).
    pub id: InteractionId,
    pub at: DateTime<Utc>,
    pub kind: InteractionKind,
    pub channel: Channel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub product: String,
    /// The deal it was logged for: a deal's latest activity, for **Going cold**. Absent in
    /// histories written before interactions could name a deal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deal: Option<crate::model::deal::DealId>,
}

impl Event {
    pub fn of(i: &Interaction) -> Event {
        Event {
            id: i.id,
            at: i.at,
            kind: i.kind,
            channel: i.channel,
            amount: i.amount.clone(),
            product: i.product.clone(),
            deal: i.deal_id,
        }
    }
}

/// Events of a contact's live interactions, oldest first.
pub fn events_of<'a>(interactions: impl IntoIterator<Item = &'a Interaction>) -> Vec<Event> {
    let mut v: Vec<Event> = interactions
        .into_iter()
        .filter(|i| !i.is_deleted())
        .map(Event::of)
        .collect();
    crate::sort::by_key(&mut v, |e| e.at);
    v
}

/// A history with some interactions added, changed or removed (deleted ones drop out).
pub fn apply(history: &[Event], changed: &[&Interaction]) -> Vec<Event> {
    let mut v: Vec<Event> = history
        .iter()
        .filter(|e| !changed.iter().any(|i| i.id == e.id))
        .cloned()
        .collect();
    v.extend(
        changed
            .iter()
            .filter(|i| !i.is_deleted())
            .map(|i| Event::of(i)),
    );
    crate::sort::by_key(&mut v, |e| (e.at, e.id));
    v
}

/// A contact's usual interval between days with activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rhythm {
    /// The median gap in days between distinct days of activity.
    pub usual_days: i64,
    /// Whether the rhythm is the buying rhythm (3+ purchase days) or of all contact.
    pub purchases: bool,
}

/// The median gap between distinct days, given at least three distinct days. `days` are
/// day numbers (`local_day`); they are sorted, deduplicated and overwritten by their gaps.
fn median_gap(days: &mut Vec<i64>) -> Option<i64> {
    // A history is kept in time order, so this is almost always sorted already.
    if !days.is_sorted() {
        crate::sort::natural(days);
    }
    days.dedup();
    if days.len() < 3 {
        return None;
    }
    // In place, no second list: each day becomes the gap to the next one.
    for i in 0..days.len() - 1 {
        days[i] = days[i + 1] - days[i];
    }
    days.pop();
    crate::sort::natural(days);
    let n = days.len();
    Some(if n % 2 == 1 {
        days[n / 2]
    } else {
        (days[n / 2 - 1] + days[n / 2] + 1) / 2
    })
}

/// The local date of `at` as a number of days since 1970-01-01: the difference of two
/// is the difference of the two local dates, without building either (`rhythm` runs
/// for every contact of the book).
fn local_day(at: DateTime<Utc>, tz: Tz) -> i64 {
    (at.timestamp() + i64::from(tz.0) * 60).div_euclid(86_400)
}

/// The contact's rhythm: their buying rhythm when they have bought on three or more days
/// (that is what the grocer notices), else the rhythm of all interactions.
pub fn rhythm(events: &[Event], tz: Tz) -> Option<Rhythm> {
    let mut days: Vec<i64> = Vec::with_capacity(events.len());
    days.extend(
        events
            .iter()
            .filter(|e| e.kind == InteractionKind::Purchase)
            .map(|e| local_day(e.at, tz)),
    );
    if let Some(g) = median_gap(&mut days) {
        return Some(Rhythm {
            usual_days: g,
            purchases: true,
        });
    }
    days.clear();
    days.extend(events.iter().map(|e| local_day(e.at, tz)));
    median_gap(&mut days).map(|g| Rhythm {
        usual_days: g,
        purchases: false,
    })
}

/// The last interaction's time.
pub fn last_contact(events: &[Event]) -> Option<DateTime<Utc>> {
    events.iter().map(|e| e.at).max()
}

/// The last purchase's time (the buying rhythm is measured against this, not against
/// any contact: a complaint call is not a purchase).
pub fn last_purchase(events: &[Event]) -> Option<DateTime<Utc>> {
    events
        .iter()
        .filter(|e| e.kind == InteractionKind::Purchase)
        .map(|e| e.at)
        .max()
}

/// Purchase totals per currency, largest first.
pub fn purchase_totals(events: &[Event]) -> Vec<Money> {
    let mut totals: Vec<Money> = Vec::new();
    for e in events
        .iter()
        .filter(|e| e.kind == InteractionKind::Purchase)
    {
        if let Some(m) = &e.amount {
            match totals.iter_mut().find(|t| t.currency == m.currency) {
                Some(t) => t.minor = t.minor.saturating_add(m.minor),
                None => totals.push(m.clone()),
            }
        }
    }
    crate::sort::by(&mut totals, |a, b| {
        b.minor.cmp(&a.minor).then(a.currency.cmp(&b.currency))
    });
    totals
}

/// Revenue in one currency (the user's home currency ranks contacts).
pub fn revenue_in(events: &[Event], currency: &str) -> i64 {
    events
        .iter()
        .filter(|e| e.kind == InteractionKind::Purchase)
        .filter_map(|e| e.amount.as_ref())
        .filter(|m| m.currency == currency)
        .map(|m| m.minor)
        .fold(0i64, i64::saturating_add)
}

/// Lifetime purchases in the home currency, others converted at `rates`; those without a
/// rate kept apart.
pub fn revenue(events: &[Event], home: &str, rates: &crate::money::Rates) -> crate::money::Total {
    let mut t = crate::money::Total::default();
    for m in events
        .iter()
        .filter(|e| e.kind == InteractionKind::Purchase)
        .filter_map(|e| e.amount.as_ref())
    {
        t.add(m, home, rates);
    }
    t
}

/// Stored form of a history (in the contact's IndexedDB record, derived, rebuildable).
pub fn encode(events: &[Event]) -> String {
    serde_json::to_string(events).unwrap_or_else(|_| "[]".into())
}

pub fn decode(s: &str) -> Result<Vec<Event>, String> {
    serde_json::from_str(s).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use chrono::TimeZone;

    fn ev(y: i32, m: u32, d: u32, kind: InteractionKind) -> Event {
        Event {
            id: InteractionId::from_random_bytes([d as u8; 16]),
            at: Utc.with_ymd_and_hms(y, m, d, 10, 0, 0).unwrap(),
            kind,
            channel: Channel::Visit,
            amount: (kind == InteractionKind::Purchase).then(|| Money::new(10000, "TRY")),
            product: String::new(),
            deal: None,
        }
    }

    /// (case, events, expected (usual days, from purchases)).
    type Case = (&'static str, Vec<Event>, Option<(i64, bool)>);

    #[test]
    fn rhythm_table() {
        use InteractionKind::*;
        let cases: Vec<Case> = vec![
            ("no history", vec![], None),
            (
                "two days are too little",
                vec![ev(2026, 1, 1, Purchase), ev(2026, 2, 1, Purchase)],
                None,
            ),
            (
                "same-day events count once",
                vec![
                    ev(2026, 1, 1, Call),
                    ev(2026, 1, 1, Call),
                    ev(2026, 1, 1, Note),
                ],
                None,
            ),
            (
                "monthly purchases",
                vec![
                    ev(2026, 1, 1, Purchase),
                    ev(2026, 1, 31, Purchase),
                    ev(2026, 3, 2, Purchase),
                ],
                Some((30, true)),
            ),
            (
                "median resists one outlier",
                vec![
                    ev(2026, 1, 1, Purchase),
                    ev(2026, 1, 8, Purchase),
                    ev(2026, 1, 15, Purchase),
                    ev(2026, 6, 1, Purchase),
                ],
                Some((7, true)),
            ),
            (
                "falls back to all interactions",
                vec![
                    ev(2026, 1, 1, Call),
                    ev(2026, 1, 11, Note),
                    ev(2026, 1, 21, Purchase),
                ],
                Some((10, false)),
            ),
            (
                "across a leap day",
                vec![
                    ev(2024, 2, 27, Purchase),
                    ev(2024, 2, 29, Purchase),
                    ev(2024, 3, 2, Purchase),
                ],
                Some((2, true)),
            ),
        ];
        for (name, events, expected) in cases {
            let got = rhythm(&events, Tz(0)).map(|r| (r.usual_days, r.purchases));
            assert_eq!(got, expected, "{name}");
        }
    }

    #[test]
    fn rhythm_takes_events_in_any_order_and_an_even_count_of_gaps_rounds_up() {
        use InteractionKind::*;
        // Days 1, 3, 8, 18: gaps 2, 5, 10 → median 5; days 1, 3, 8, 18, 19: gaps 2, 5, 10,
        // 1 → (2 + 5 + 1) / 2 = 4 (rounded up from 3.5).
        let days = [18, 1, 8, 3];
        let mut events: Vec<Event> = days.iter().map(|&d| ev(2026, 1, d, Purchase)).collect();
        assert_eq!(rhythm(&events, Tz(0)).map(|r| r.usual_days), Some(5));
        events.push(ev(2026, 1, 19, Purchase));
        assert_eq!(rhythm(&events, Tz(0)).map(|r| r.usual_days), Some(4));
        // Two gaps, 2 and 5: (2 + 5 + 1) / 2 = 4. Five gaps, 1 to 5: the middle one, 3.
        let of = |days: &[u32]| {
            let e: Vec<Event> = days.iter().map(|&d| ev(2026, 1, d, Purchase)).collect();
            rhythm(&e, Tz(0)).map(|r| r.usual_days)
        };
        assert_eq!(of(&[1, 3, 8]), Some(4));
        assert_eq!(of(&[1, 2, 4, 7, 11, 16]), Some(3));
    }

    #[test]
    fn rhythm_counts_local_days() {
        use InteractionKind::*;
        // 22:30 UTC is the next day in İstanbul (UTC+3): at 22:30 on the 1st and 10:00 on
        // the 2nd and 3rd, UTC sees three days a day apart, İstanbul two days.
        let mut first = ev(2026, 1, 1, Call);
        first.at = Utc.with_ymd_and_hms(2026, 1, 1, 22, 30, 0).unwrap();
        let events = vec![first, ev(2026, 1, 2, Call), ev(2026, 1, 3, Call)];
        assert_eq!(rhythm(&events, Tz(0)).map(|r| r.usual_days), Some(1));
        assert_eq!(rhythm(&events, Tz(180)), None);
        // West of UTC: 01:00 UTC on the 3rd is still the 2nd in New York (UTC-5).
        let mut late = ev(2026, 1, 3, Call);
        late.at = Utc.with_ymd_and_hms(2026, 1, 3, 1, 0, 0).unwrap();
        let events = vec![ev(2026, 1, 1, Call), ev(2026, 1, 2, Call), late];
        assert_eq!(rhythm(&events, Tz(0)).map(|r| r.usual_days), Some(1));
        assert_eq!(rhythm(&events, Tz(-300)), None);
    }

    #[test]
    fn local_dates_follow_the_time_zone_around_midnight() {
        let at = Utc.with_ymd_and_hms(2026, 3, 31, 22, 30, 0).unwrap();
        assert_eq!(
            Tz(0).local_date(at),
            NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()
        );
        assert_eq!(
            Tz(180).local_date(at),
            NaiveDate::from_ymd_opt(2026, 4, 1).unwrap()
        ); // İstanbul
        assert_eq!(
            Tz(-300).local_date(at),
            NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()
        );
        let d = NaiveDate::from_ymd_opt(2026, 4, 1).unwrap();
        assert_eq!(Tz(180).local_date(Tz(180).to_utc(d, None)), d);
        assert_eq!(Tz(-600).local_date(Tz(-600).to_utc(d, None)), d);
    }

    #[test]
    fn totals_and_round_trip() {
        let mut e = vec![
            ev(2026, 1, 1, InteractionKind::Purchase),
            ev(2026, 1, 2, InteractionKind::Purchase),
        ];
        e[1].amount = Some(Money::new(500, "EUR"));
        assert_eq!(
            purchase_totals(&e),
            vec![Money::new(10000, "TRY"), Money::new(500, "EUR")]
        );
        assert_eq!(revenue_in(&e, "TRY"), 10000);
        assert_eq!(decode(&encode(&e)).unwrap(), e);
    }
}
