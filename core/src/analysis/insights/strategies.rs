//! The four strategy work-lists: prospecting, cross-selling, win-back and loyalty.

use super::tier_index;
use crate::analysis::value::{Facts, Scoring, Status, Tier};
use crate::book::Book;
use crate::text::{collation_key, CollationKey};
use crate::{ContactId, FollowUp};
use chrono::NaiveDate;
use std::cmp::Ordering;
use std::collections::HashSet;

/// Days without any interaction after which a prospect needs prospecting.
pub const PROSPECT_QUIET_DAYS: i64 = 14;
/// Days without any interaction after which an A-tier customer needs some care.
pub const LOYALTY_QUIET_DAYS: i64 = 60;

/// A work-list entry: who, and why they are on the list.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkItem {
    pub id: ContactId,
    pub why: Reason,
}

/// Why a contact is on a work list: the figures the UI puts into words. Days are whole
/// local days before `facts.today` (never negative).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reason {
    /// Prospecting: days since the last interaction (`None`: never contacted), whether
    /// that is [`PROSPECT_QUIET_DAYS`] or more, and whether a next step (an open
    /// follow-up) is planned.
    Prospect {
        days_since_contact: Option<i64>,
        quiet: bool,
        next_step: bool,
    },
    /// Cross-selling: distinct products bought, and the median of the customer's tier
    /// (a half for an even number of customers: 2.5).
    FewProducts {
        products: usize,
        tier: Tier,
        typical: f64,
    },
    /// Win-back: the status (at risk or lapsed) and the last purchase, if any.
    WinBack {
        status: Status,
        last_purchase: Option<LastPurchase>,
    },
    /// Loyalty: a tier-A customer and the days since the last interaction (`None`: never
    /// contacted).
    Loyalty { days_since_contact: Option<i64> },
}

/// The day of a last purchase, and how many days before today it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LastPurchase {
    pub on: NaiveDate,
    pub days_ago: i64,
}

/// The four strategy work-lists.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Strategies {
    pub prospecting: Vec<WorkItem>,
    pub cross_selling: Vec<WorkItem>,
    pub win_back: Vec<WorkItem>,
    pub loyalty: Vec<WorkItem>,
}

/// The median of some counts (the mean of the middle two for an even number).
fn median(v: &mut [usize]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    crate::sort::natural(v);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2] as f64
    } else {
        (v[n / 2 - 1] + v[n / 2]) as f64 / 2.0
    })
}

/// The first `limit` candidates under `cmp`, ties in the book's name order. Only the
/// candidates that can make the cut (those ranking no lower than the `limit`-th) are
/// looked up in the book, so a long list costs one selection, not a sort by name.
/// Candidates no longer live in the book are dropped.
fn first<T>(
    book: &Book,
    mut v: Vec<T>,
    limit: usize,
    id: impl Fn(&T) -> ContactId,
    cmp: impl Fn(&T, &T) -> Ordering,
) -> Vec<T> {
    if limit == 0 {
        return Vec::new();
    }
    if v.len() > limit {
        v.select_nth_unstable_by(limit - 1, &cmp);
        // Keep everything tied with the last place, to break ties by name below.
        let mut keep = limit;
        for i in limit..v.len() {
            if cmp(&v[i], &v[limit - 1]) == Ordering::Equal {
                v.swap(keep, i);
                keep += 1;
            }
        }
        v.truncate(keep);
    }
    // The book's display order is by collation key, then id.
    let mut keyed: Vec<(CollationKey, ContactId, T)> = v
        .into_iter()
        .filter_map(|x| {
            let c = book.get(id(&x))?;
            Some((collation_key(&c.display_name), c.id, x))
        })
        .collect();
    crate::sort::by(&mut keyed, |a, b| {
        cmp(&a.2, &b.2)
            .then_with(|| a.0.cmp(&b.0))
            .then(a.1.cmp(&b.1))
    });
    keyed.truncate(limit);
    keyed.into_iter().map(|(_, _, x)| x).collect()
}

/// The four strategies (each list capped at `limit` items; ties keep the book's name
/// order):
/// - Prospecting: status Prospect AND (no interaction in the last 14 days — or never —
///   OR no open follow-up, i.e. no next step). Longest-untouched first (never contacted
///   first).
/// - Cross-selling: status Active or Won back, tier A or B, and fewer distinct products
///   bought than the median of all customers in their tier. Highest score first.
/// - Win-back: status Lapsed or At risk, most valuable first (score; customers without a
///   standing last, by revenue).
/// - Loyalty: tier A and no interaction for 60+ days (or never). Highest score first.
///
/// Days are counted between local dates (`facts.tz`) and `facts.today`. `follow_ups` are all
/// follow-ups; only open ones ([`FollowUp::is_open`]) count as a next step, whatever
/// their due date.
pub fn strategies(
    book: &Book,
    facts: &Facts,
    scoring: &Scoring,
    follow_ups: &[FollowUp],
    limit: usize,
) -> Strategies {
    let (today, tz) = (facts.today, facts.tz);
    let planned: HashSet<ContactId> = follow_ups
        .iter()
        .filter(|f| f.is_open())
        .map(|f| f.contact_id)
        .collect();

    // Candidates with their sort keys, from one sequential pass over the facts (scores
    // are looked up for customers only); reasons are gathered only for the entries kept.
    // Products bought by every customer of tiers A and B, for the typical number.
    let mut per_tier: [Vec<usize>; 2] = Default::default();
    let mut prospecting: Vec<(Option<i64>, ContactId, bool)> = Vec::new();
    let mut cross: Vec<(f64, ContactId, usize, Tier, f64)> = Vec::new();
    let mut win_back: Vec<(Option<f64>, i64, ContactId)> = Vec::new();
    let mut loyalty: Vec<(f64, ContactId, Option<i64>)> = Vec::new();
    for (&id, f) in &facts.contacts {
        let quiet = f
            .last_contact
            .map(|at| (today - tz.local_date(at)).num_days().max(0));
        if f.status == Status::Prospect {
            // A customer whose purchases are not recorded is not someone to win over.
            if f.stage != crate::Stage::Prospect {
                continue;
            }
            let has_next_step = planned.contains(&id);
            if !has_next_step || quiet.is_none_or(|d| d >= PROSPECT_QUIET_DAYS) {
                prospecting.push((quiet, id, has_next_step));
            }
            continue;
        }
        let standing = scoring.get(id);
        if let Some(s) = standing.filter(|s| matches!(s.tier, Tier::A | Tier::B)) {
            per_tier[tier_index(s.tier)].push(f.products);
        }
        match f.status {
            Status::Active | Status::WonBack => {
                if let Some(s) = standing.filter(|s| matches!(s.tier, Tier::A | Tier::B)) {
                    cross.push((s.score, id, f.products, s.tier, 0.0));
                }
            }
            Status::Lapsed | Status::AtRisk => {
                win_back.push((standing.map(|s| s.score), f.revenue, id));
            }
            Status::Prospect => {}
        }
        if let Some(s) = standing.filter(|s| s.tier == Tier::A) {
            if quiet.is_none_or(|d| d >= LOYALTY_QUIET_DAYS) {
                loyalty.push((s.score, id, quiet));
            }
        }
    }

    // Cross-selling: fewer products than the median of the customer's tier.
    let typical: [Option<f64>; 2] = per_tier.each_mut().map(|v| median(v));
    cross.retain_mut(|(_, _, products, tier, t)| {
        match typical.get(tier_index(*tier)).copied().flatten() {
            Some(median) if (*products as f64) < median => {
                *t = median;
                true
            }
            _ => false,
        }
    });

    let prospecting = first(
        book,
        prospecting,
        limit,
        |x| x.1,
        |a, b| b.0.unwrap_or(i64::MAX).cmp(&a.0.unwrap_or(i64::MAX)),
    );
    let cross = first(book, cross, limit, |x| x.1, |a, b| b.0.total_cmp(&a.0));
    let win_back = first(
        book,
        win_back,
        limit,
        |x| x.2,
        |a, b| match (a.0, b.0) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => b.1.cmp(&a.1),
        },
    );
    let loyalty = first(book, loyalty, limit, |x| x.1, |a, b| b.0.total_cmp(&a.0));

    Strategies {
        prospecting: prospecting
            .into_iter()
            .take(limit)
            .map(|(quiet, id, has_next_step)| WorkItem {
                id,
                why: Reason::Prospect {
                    days_since_contact: quiet,
                    quiet: quiet.is_none_or(|d| d >= PROSPECT_QUIET_DAYS),
                    next_step: has_next_step,
                },
            })
            .collect(),
        cross_selling: cross
            .into_iter()
            .take(limit)
            .map(|(_, id, products, tier, typical)| WorkItem {
                id,
                why: Reason::FewProducts {
                    products,
                    tier,
                    typical,
                },
            })
            .collect(),
        win_back: win_back
            .into_iter()
            .take(limit)
            .map(|(_, _, id)| {
                let f = facts.get(id);
                let status = f.map_or(Status::Lapsed, |f| f.status);
                let last_purchase = f.and_then(|f| f.last_purchase).map(|on| LastPurchase {
                    on,
                    days_ago: (today - on).num_days().max(0),
                });
                WorkItem {
                    id,
                    why: Reason::WinBack {
                        status,
                        last_purchase,
                    },
                }
            })
            .collect(),
        loyalty: loyalty
            .into_iter()
            .take(limit)
            .map(|(_, id, quiet)| WorkItem {
                id,
                why: Reason::Loyalty {
                    days_since_contact: quiet,
                },
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::history::Event;
    use crate::analysis::insights::test_support::*;
    use crate::analysis::value::ValueSettings;
    use chrono::Duration;

    fn ids(items: &[WorkItem]) -> Vec<ContactId> {
        items.iter().map(|w| w.id).collect()
    }

    #[test]
    fn prospecting_membership_and_order() {
        // (name, days since last interaction, follow-up: None / open / done / deleted, listed)
        #[derive(Clone, Copy)]
        enum Fu {
            No,
            Open,
            Done,
            Deleted,
        }
        let cases = [
            ("Ada", Some(13), Fu::Open, false),
            ("Bora", Some(14), Fu::Open, true),
            ("Can", Some(13), Fu::No, true),
            ("Derya", Some(13), Fu::Done, true),
            ("Emre", Some(13), Fu::Deleted, true),
            ("Filiz", None, Fu::Open, true),
            ("Gül", Some(40), Fu::No, true),
        ];
        let mut entries = Vec::new();
        let mut fus = Vec::new();
        for (i, (name, quiet, fu, _)) in cases.iter().enumerate() {
            let c = contact(i as u8 + 1, name);
            match fu {
                Fu::No => {}
                Fu::Open => fus.push(follow_up(c.id, false, false)),
                Fu::Done => fus.push(follow_up(c.id, true, false)),
                Fu::Deleted => fus.push(follow_up(c.id, false, true)),
            }
            entries.push((c, quiet.map(call).into_iter().collect()));
        }
        // A customer long out of touch is not a prospect.
        entries.push((contact(50, "Hakan"), vec![buy(100, 500)]));
        // Nor is a client saved as a customer whose purchases are not in Bakkal.
        let mut existing = contact(51, "Işıl");
        existing.stage = crate::Stage::Customer;
        entries.push((existing, vec![call(60)]));
        let b = book(entries);
        let (f, s) = analyse(&b, &ValueSettings::default());
        let st = strategies(&b, &f, &s, &fus, 20);
        let listed: Vec<&str> = st
            .prospecting
            .iter()
            .map(|w| b.get(w.id).unwrap().display_name.as_str())
            .collect();
        for (name, _, _, expected) in cases {
            assert_eq!(listed.contains(&name), expected, "{name}");
        }
        assert!(!listed.contains(&"Işıl"));
        // Never contacted first, then the longest untouched, then name order.
        assert_eq!(listed, ["Filiz", "Gül", "Bora", "Can", "Derya", "Emre"]);
        let why: Vec<Reason> = st.prospecting.iter().map(|w| w.why).collect();
        let prospect = |days, quiet, next_step| Reason::Prospect {
            days_since_contact: days,
            quiet,
            next_step,
        };
        assert_eq!(
            why,
            [
                // Filiz: never contacted, a follow-up open.
                prospect(None, true, true),
                // Gül: 40 days, nothing planned.
                prospect(Some(40), true, false),
                // Bora: exactly 14 days is quiet, though a next step is planned.
                prospect(Some(14), true, true),
                // Can, Derya, Emre: 13 days is not quiet, but no open follow-up (none, done,
                // deleted).
                prospect(Some(13), false, false),
                prospect(Some(13), false, false),
                prospect(Some(13), false, false),
            ]
        );
        let capped = strategies(&b, &f, &s, &fus, 2);
        assert_eq!(ids(&capped.prospecting), ids(&st.prospecting[..2]));
    }

    #[test]
    fn loyalty_needs_tier_a_and_sixty_quiet_days() {
        for (name, history, listed, quiet) in [
            ("59 days quiet", vec![buy(90, 9000), call(59)], false, None),
            (
                "60 days quiet",
                vec![buy(90, 9000), call(60)],
                true,
                Some(60),
            ),
            ("bought 75 days ago", vec![buy(75, 9000)], true, Some(75)),
            ("bought yesterday", vec![buy(1, 9000)], false, None),
        ] {
            // The big spender is tier A; the small one (quiet for long) is not.
            let b = book(vec![
                (contact(1, "Büyük"), history),
                (contact(2, "Küçük"), vec![buy(200, 10)]),
            ]);
            let (f, s) = analyse(&b, &by_revenue(0.5, 0.5));
            assert_eq!(s.tier(id(1)), Some(Tier::A), "{name}");
            assert_eq!(s.tier(id(2)), Some(Tier::B), "{name}");
            let st = strategies(&b, &f, &s, &[], 10);
            let expected: Vec<WorkItem> = if listed {
                vec![WorkItem {
                    id: id(1),
                    why: Reason::Loyalty {
                        days_since_contact: quiet,
                    },
                }]
            } else {
                vec![]
            };
            assert_eq!(st.loyalty, expected, "{name}");
        }
    }

    #[test]
    fn cross_selling_is_below_the_tier_median() {
        let products = |n: usize, revenue: i64| -> Vec<Event> {
            (0..n)
                .map(|i| {
                    let minor = if i == 0 { revenue } else { 0 };
                    buy_on(
                        today() - Duration::days(10),
                        minor,
                        "TRY",
                        &format!("Ürün {i}"),
                    )
                })
                .collect()
        };
        let mut lapsed = products(1, 5000);
        lapsed.iter_mut().for_each(|e| e.at -= Duration::days(400));
        let mut won_back = products(1, 3000);
        won_back.push(buy_on(today() - Duration::days(900), 0, "TRY", "Ürün 0"));
        let b = book(vec![
            // Tier A (top 3 of 7 by revenue): products 1, 2, 3 → median 2.
            (contact(1, "Ada"), products(1, 10_000)),
            (contact(2, "Bora"), products(2, 9_000)),
            (contact(3, "Can"), products(3, 8_000)),
            // Tier B: products 1, 3, 1, 3 → median 2.
            (contact(4, "Derya"), lapsed),
            (contact(5, "Emre"), products(3, 4_000)),
            (contact(6, "Filiz"), won_back),
            (contact(7, "Gül"), products(3, 2_000)),
        ]);
        let (f, s) = analyse(&b, &by_revenue(0.5, 0.5));
        assert_eq!(
            (1..=7).map(|n| s.tier(id(n)).unwrap()).collect::<Vec<_>>(),
            [
                Tier::A,
                Tier::A,
                Tier::A,
                Tier::B,
                Tier::B,
                Tier::B,
                Tier::B
            ]
        );
        assert_eq!(f.get(id(4)).unwrap().status, Status::Lapsed);
        assert_eq!(f.get(id(6)).unwrap().status, Status::WonBack);
        let st = strategies(&b, &f, &s, &[], 10);
        for (name, n, listed) in [
            ("below the A median", 1, true),
            ("at the A median", 2, false),
            ("above the A median", 3, false),
            ("below the B median but lapsed", 4, false),
            ("above the B median", 5, false),
            ("below the B median, won back", 6, true),
        ] {
            assert_eq!(ids(&st.cross_selling).contains(&id(n)), listed, "{name}");
        }
        assert_eq!(
            st.cross_selling,
            vec![
                WorkItem {
                    id: id(1),
                    why: Reason::FewProducts {
                        products: 1,
                        tier: Tier::A,
                        typical: 2.0
                    }
                },
                WorkItem {
                    id: id(6),
                    why: Reason::FewProducts {
                        products: 1,
                        tier: Tier::B,
                        typical: 2.0
                    }
                },
            ]
        );
    }

    #[test]
    fn tier_c_and_d_are_not_cross_sold() {
        let b = book(vec![
            (
                contact(1, "Ada"),
                vec![
                    buy_on(today(), 100, "TRY", "x"),
                    buy_on(today(), 0, "TRY", "y"),
                ],
            ),
            (contact(2, "Bora"), vec![buy(3, 50)]),
        ]);
        // Ada A, Bora D (A 50 %, B 0 %).
        let (f, s) = analyse(&b, &by_revenue(0.5, 0.0));
        assert_eq!(s.tier(id(2)), Some(Tier::D));
        let st = strategies(&b, &f, &s, &[], 10);
        assert!(st.cross_selling.is_empty());
    }

    #[test]
    fn win_back_puts_the_most_valuable_first() {
        let b = book(vec![
            (
                contact(1, "Ada"),
                vec![buy_on(date(2025, 3, 14), 300, "TRY", "")],
            ),
            (
                contact(2, "Bora"),
                vec![buy(135, 100), buy(105, 100), buy(75, 700)],
            ),
            (contact(3, "Can"), vec![buy(500, 600)]),
            (contact(4, "Derya"), vec![buy(10, 5000)]),
            (contact(5, "Emre"), vec![call(1)]),
        ]);
        let (f, s) = analyse(&b, &by_revenue(0.2, 0.3));
        assert_eq!(f.get(id(2)).unwrap().status, Status::AtRisk);
        let st = strategies(&b, &f, &s, &[], 10);
        assert_eq!(
            st.win_back,
            vec![
                WorkItem {
                    id: id(2),
                    why: Reason::WinBack {
                        status: Status::AtRisk,
                        last_purchase: Some(LastPurchase {
                            on: today() - Duration::days(75),
                            days_ago: 75
                        })
                    }
                },
                WorkItem {
                    id: id(3),
                    why: Reason::WinBack {
                        status: Status::Lapsed,
                        last_purchase: Some(LastPurchase {
                            on: today() - Duration::days(500),
                            days_ago: 500
                        })
                    }
                },
                WorkItem {
                    id: id(1),
                    why: Reason::WinBack {
                        status: Status::Lapsed,
                        last_purchase: Some(LastPurchase {
                            on: date(2025, 3, 14),
                            days_ago: 620
                        })
                    }
                },
            ]
        );
        assert_eq!(ids(&strategies(&b, &f, &s, &[], 1).win_back), [id(2)]);
    }
}
