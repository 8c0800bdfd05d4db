//! The customer pyramid: customers and revenue per tier.

use super::tier_index;
use crate::analysis::value::{Facts, Scoring, Tier};

/// One row of the customer pyramid.
#[derive(Debug, Clone, PartialEq)]
pub struct PyramidRow {
    pub tier: Tier,
    pub count: usize,
    /// Home-currency revenue of the tier's customers, minor units.
    pub revenue: i64,
    /// 0.0–1.0 of all customers' home-currency revenue (0.0 when there is none).
    pub revenue_share: f64,
}

/// Four rows, A first; counts add up to the number of customers (contacts with a
/// Standing).
pub fn pyramid(facts: &Facts, scoring: &Scoring) -> [PyramidRow; 4] {
    let mut counts = [0usize; 4];
    let mut revenue = [0i64; 4];
    for (id, s) in &scoring.standings {
        let t = tier_index(s.tier);
        counts[t] += 1;
        let r = facts.get(*id).map_or(0, |f| f.revenue);
        revenue[t] = revenue[t].saturating_add(r);
    }
    let total = revenue.iter().fold(0i64, |a, r| a.saturating_add(*r));
    Tier::ALL.map(|tier| {
        let t = tier_index(tier);
        PyramidRow {
            tier,
            count: counts[t],
            revenue: revenue[t],
            revenue_share: if total > 0 {
                revenue[t] as f64 / total as f64
            } else {
                0.0
            },
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::history::Event;
    use crate::analysis::insights::test_support::*;
    use crate::analysis::value::ValueSettings;
    use crate::Contact;
    use chrono::Duration;

    #[test]
    fn pyramid_counts_add_up_and_shares_sum_to_one() {
        for (name, revenues, currency, expected_total_share) in [
            ("empty book", vec![], "TRY", 0.0),
            ("one customer", vec![Some(500)], "TRY", 1.0),
            (
                "forty customers and prospects",
                (0..40)
                    .map(|i| (i % 5 != 0).then_some(1000 + i * 37))
                    .collect(),
                "TRY",
                1.0,
            ),
            (
                "only foreign revenue",
                vec![Some(100), Some(200), None],
                "EUR",
                0.0,
            ),
        ] {
            let entries: Vec<(Contact, Vec<Event>)> = revenues
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let h = match r {
                        Some(m) => vec![buy_on(
                            today() - Duration::days(i as i64 + 1),
                            *m,
                            currency,
                            "",
                        )],
                        None => vec![call(3)],
                    };
                    (contact(i as u8 + 1, &format!("Kişi {i}")), h)
                })
                .collect();
            let b = book(entries);
            let (f, s) = analyse(&b, &ValueSettings::default());
            let p = pyramid(&f, &s);
            let customers = revenues.iter().filter(|r| r.is_some()).count();
            assert_eq!(
                p.iter().map(|r| r.tier).collect::<Vec<_>>(),
                Tier::ALL.to_vec(),
                "{name}"
            );
            assert_eq!(
                p.iter().map(|r| r.count).sum::<usize>(),
                customers,
                "{name}"
            );
            assert_eq!(s.standings.len(), customers, "{name}");
            let share: f64 = p.iter().map(|r| r.revenue_share).sum();
            assert!(
                (share - expected_total_share).abs() < 1e-9,
                "{name}: {share}"
            );
            if currency == "TRY" {
                let total: i64 = revenues.iter().flatten().sum();
                assert_eq!(p.iter().map(|r| r.revenue).sum::<i64>(), total, "{name}");
            }
        }
    }

    #[test]
    fn pyramid_rows_follow_the_tiers() {
        // Ten customers by revenue, cut 10 % A, 20 % B, rest D (c = 0).
        let entries = (1..=10u8)
            .map(|i| {
                (
                    contact(i, &format!("K{i:02}")),
                    vec![buy(5, i as i64 * 100)],
                )
            })
            .collect();
        let b = book(entries);
        let (f, s) = analyse(&b, &by_revenue(0.1, 0.2));
        let p = pyramid(&f, &s);
        assert_eq!(p.iter().map(|r| r.count).collect::<Vec<_>>(), [1, 2, 0, 7]);
        assert_eq!(
            p.iter().map(|r| r.revenue).collect::<Vec<_>>(),
            [1000, 900 + 800, 0, 2800]
        );
        assert!((p[0].revenue_share - 1000.0 / 5500.0).abs() < 1e-12);
    }
}
