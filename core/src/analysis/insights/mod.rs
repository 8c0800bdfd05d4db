//! The Insights page: the customer pyramid, tiers crossed with a dimension (city, tag…),
//! the four strategy work-lists and the dashboard. Pure functions of the book, the facts
//! and scores derived from it, and the given "today" (`facts.today`); no clock here.
//!
//! Everything is computed in one pass over the contacts (and at most one over their
//! histories), so it stays fast for tens of thousands of contacts in WebAssembly.

mod dashboard;
mod matrix;
mod pyramid;
mod strategies;

pub(crate) use dashboard::month_start;
pub use dashboard::{
    dashboard, dashboard_of, share, Calendar, Dashboard, FunnelStep, MonthRevenue, Share, Step,
};
pub use matrix::{grouping, matrix, matrix_of, Cell, Column, Dimension, Grouping, Matrix};
pub use pyramid::{pyramid, PyramidRow};
pub use strategies::{
    strategies, LastPurchase, Reason, Strategies, WorkItem, LOYALTY_QUIET_DAYS, PROSPECT_QUIET_DAYS,
};

use super::value::Tier;

/// A tier's place, A first: the row of the pyramid and of the matrix.
fn tier_index(t: Tier) -> usize {
    match t {
        Tier::A => 0,
        Tier::B => 1,
        Tier::C => 2,
        Tier::D => 3,
    }
}

/// Books, histories and follow-ups for the tests of every part.
#[cfg(test)]
mod test_support {
    use crate::analysis::history::Event;
    use crate::analysis::value::{facts, scoring, Cutoffs, Facts, Scoring, ValueSettings, Weights};
    use crate::analysis::Tz;
    use crate::book::Book;
    use crate::{
        Address, Channel, Contact, ContactId, FollowUp, FollowUpId, InteractionId, InteractionKind,
        Money,
    };
    use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
    use std::sync::atomic::{AtomicU32, Ordering};

    pub(super) fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
    }

    pub(super) fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    pub(super) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    pub(super) fn id(n: u8) -> ContactId {
        ContactId::from_random_bytes([n; 16])
    }

    pub(super) fn contact(n: u8, name: &str) -> Contact {
        Contact::new(id(n), name, now() - Duration::days(1000))
    }

    fn event_id() -> InteractionId {
        static NEXT: AtomicU32 = AtomicU32::new(1);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let mut b = [0u8; 16];
        b[..4].copy_from_slice(&n.to_le_bytes());
        InteractionId::from_random_bytes(b)
    }

    fn at_noon(d: NaiveDate) -> DateTime<Utc> {
        d.and_hms_opt(12, 0, 0).unwrap().and_utc()
    }

    pub(super) fn ev(at: DateTime<Utc>, kind: InteractionKind, channel: Channel) -> Event {
        Event {
            id: event_id(),
            at,
            kind,
            channel,
            amount: None,
            product: String::new(),
            deal: None,
        }
    }

    /// A purchase `days_ago` days before now, of `minor` TRY.
    pub(super) fn buy(days_ago: i64, minor: i64) -> Event {
        buy_on(today() - Duration::days(days_ago), minor, "TRY", "")
    }

    pub(super) fn buy_on(d: NaiveDate, minor: i64, currency: &str, product: &str) -> Event {
        Event {
            amount: Some(Money::new(minor, currency)),
            product: product.to_string(),
            deal: None,
            ..ev(at_noon(d), InteractionKind::Purchase, Channel::Visit)
        }
    }

    pub(super) fn call(days_ago: i64) -> Event {
        ev(
            now() - Duration::days(days_ago),
            InteractionKind::Call,
            Channel::Phone,
        )
    }

    pub(super) fn follow_up(who: ContactId, done: bool, deleted: bool) -> FollowUp {
        FollowUp {
            id: FollowUpId::from_random_bytes([7; 16]),
            contact_id: who,
            due: today() + Duration::days(3),
            note: "call back".into(),
            interaction_id: None,
            done_at: done.then(now),
            created_at: now(),
            updated_at: now(),
            deleted_at: deleted.then(now),
            rev: Default::default(),
            revisions: Default::default(),
            conflicts: Vec::new(),
        }
    }

    pub(super) fn book(entries: Vec<(Contact, Vec<Event>)>) -> Book {
        let mut b = Book::from_contacts(entries.iter().map(|(c, _)| c.clone()));
        for (c, mut h) in entries {
            crate::sort::by_key(&mut h, |e| e.at);
            b.set_history(c.id, h);
        }
        b
    }

    pub(super) fn analyse(b: &Book, settings: &ValueSettings) -> (Facts, Scoring) {
        let f = facts(b, settings, now(), Tz(0));
        let s = scoring(&f, settings);
        (f, s)
    }

    /// Settings where only revenue ranks, so the order of customers is their revenue.
    pub(super) fn by_revenue(a: f64, b: f64) -> ValueSettings {
        ValueSettings {
            weights: Weights {
                revenue: 1.0,
                frequency: 0.0,
                recency: 0.0,
                relationship: 0.0,
                referrals: 0.0,
                strategic: 0.0,
            },
            cutoffs: Cutoffs { a, b, c: 0.0 },
            ..ValueSettings::default()
        }
    }

    pub(super) fn located(n: u8, name: &str, city: &str, region: &str) -> Contact {
        let mut c = contact(n, name);
        if !city.is_empty() || !region.is_empty() {
            c.addresses.push(Address {
                city: city.into(),
                region: region.into(),
                ..Address::default()
            });
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;
    use crate::analysis::value::ValueSettings;
    use crate::{Channel, ContactId, InteractionKind, Money};
    use chrono::Duration;
    use proptest::prelude::*;
    use std::collections::HashSet;

    proptest! {
        #[test]
        fn pyramid_adds_up_and_lists_have_no_duplicates(
            people in proptest::collection::vec(
                (
                    proptest::collection::vec((0i64..1200, 0usize..7, 0i64..5000, 0u8..4), 0..6),
                    0u8..4,
                    any::<bool>(),
                ),
                0..30,
            ),
            limit in 0usize..15,
        ) {
            let cities = ["İstanbul", "istanbul", "Ankara", ""];
            let mut entries = Vec::new();
            let mut fus = Vec::new();
            for (i, (events, city, planned)) in people.iter().enumerate() {
                let mut c = located(i as u8 + 1, &format!("K{i}"), cities[*city as usize], "");
                c.tags = vec![format!("t{}", i % 3), format!("T{}", i % 2)];
                if *planned {
                    fus.push(follow_up(c.id, i % 3 == 0, false));
                }
                let h = events
                    .iter()
                    .map(|&(ago, kind, minor, product)| {
                        let kind = InteractionKind::ALL[kind];
                        let mut e = ev(now() - Duration::days(ago), kind, Channel::ALL[product as usize]);
                        if kind == InteractionKind::Purchase {
                            e.amount = Some(Money::new(minor, "TRY"));
                            e.product = format!("p{product}");
                        }
                        e
                    })
                    .collect();
                entries.push((c, h));
            }
            let b = book(entries);
            let settings = ValueSettings::default();
            let (f, s) = analyse(&b, &settings);
            let p = pyramid(&f, &s);
            prop_assert_eq!(p.iter().map(|r| r.count).sum::<usize>(), s.standings.len());
            let m = matrix(&b, &f, &s, Dimension::City, 2);
            let cells: usize = m.rows.iter().flatten().map(|c| c.count).sum();
            prop_assert_eq!(cells, s.standings.len(), "one city per customer");
            let st = strategies(&b, &f, &s, &fus, limit);
            for list in [&st.prospecting, &st.cross_selling, &st.win_back, &st.loyalty] {
                prop_assert!(list.len() <= limit);
                let unique: HashSet<ContactId> = list.iter().map(|w| w.id).collect();
                prop_assert_eq!(unique.len(), list.len());
            }
            let d = dashboard(&b, &f, &s, &settings);
            prop_assert_eq!(d.funnel[0].count, b.len());
            prop_assert!(d.funnel[..4].windows(2).all(|w| w[0].count >= w[1].count));
        }
    }
}
