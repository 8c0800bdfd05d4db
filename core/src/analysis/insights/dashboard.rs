//! The dashboard: customers by status, revenue by month, retention, channels and the
//! funnel.

use crate::analysis::history::Event;
use crate::analysis::value::{Facts, Scoring, Status, Tier, ValueSettings};
use crate::analysis::{add_days, Tz};
use crate::book::Book;
use crate::{Channel, InteractionKind};
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};

/// Revenue of one calendar month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthRevenue {
    /// The first day of the month.
    pub month: NaiveDate,
    /// Home-currency purchases, minor units.
    pub revenue: i64,
}

/// The steps of the funnel, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FunnelStep {
    /// Every live contact.
    Contacts,
    /// Any interaction.
    Contacted,
    /// A purchase.
    Bought,
    /// Purchases on two days or more.
    BoughtAgain,
    /// A customer in tier A or B.
    TopTiers,
}

/// One step of the funnel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub step: FunnelStep,
    pub count: usize,
}

/// The dashboard's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard {
    /// Status Active or Won back (currently buying).
    pub active: usize,
    /// First purchase in the current calendar month (of `facts.today`).
    pub new_this_month: usize,
    pub at_risk: usize,
    pub lapsed: usize,
    /// Came back after a lapse (`returned_on`) within the current calendar quarter.
    pub won_back_this_quarter: usize,
    /// Of the customers who bought in the 12 months before the last 12 months (days
    /// 365..730 ago), the share who bought again in the last 12 months (0..365 days ago);
    /// None when there were none.
    pub retention: Option<f64>,
    /// With less than two years of history: of the customers who bought 6–12 months ago,
    /// the share who bought again in the last 6 months (`retention_by_halves` true).
    pub retention_by_halves: bool,
    /// This month so far, and last month over the same days (1st to today's day of the
    /// month, or the whole of a shorter month), to compare like with like.
    pub revenue_this_month: i64,
    pub revenue_last_month_same_days: i64,
    /// The last full month, and the month before it.
    pub revenue_last_month: i64,
    pub revenue_month_before_last: i64,
    pub revenue_same_month_last_year: i64,
    /// 12 entries, oldest first, ending with the current month.
    pub revenue_by_month: Vec<MonthRevenue>,
    /// Lifetime purchases of live contacts in currencies without a rate, left out of every
    /// revenue figure and shown beside them.
    pub without_rate: Vec<crate::Money>,
    /// The day of the newest exchange rate the figures were converted at.
    pub rates_as_of: Option<NaiveDate>,
    /// Interactions of the last 12 months (0..365 days ago) by channel, every channel in
    /// `Channel::ALL` order (zero counts included).
    pub by_channel: Vec<(Channel, usize)>,
    /// Contacts → contacted (any interaction) → bought → bought again (2+ purchase days)
    /// → tier A or B.
    pub funnel: Vec<Step>,
}

/// Months since the year 0, for month arithmetic.
fn month_number(d: NaiveDate) -> i64 {
    d.year() as i64 * 12 + d.month0() as i64
}

/// The first day of the month `back` months before `today`'s.
pub(crate) fn month_start(today: NaiveDate, back: i64) -> NaiveDate {
    let n = month_number(today) - back;
    NaiveDate::from_ymd_opt(n.div_euclid(12) as i32, n.rem_euclid(12) as u32 + 1, 1)
        .unwrap_or(today)
}

fn quarter(d: NaiveDate) -> (i32, u32) {
    (d.year(), d.month0() / 3)
}

/// The instants where the dashboard's windows begin, for one local day: computed once per
/// day and time zone, and used for every contact's [`Share`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Calendar {
    two_years_ago: DateTime<Utc>,
    a_year_ago: DateTime<Utc>,
    half_a_year_ago: DateTime<Utc>,
    /// The end of "the same days last month".
    same_days_end: DateTime<Utc>,
    tomorrow: DateTime<Utc>,
    /// Where each of the 13 months of a share's `by_month` begins, latest first.
    month_starts: [DateTime<Utc>; 13],
}

impl Calendar {
    pub fn new(today: NaiveDate, tz: Tz) -> Calendar {
        // Instants where local days begin, so events are placed without date arithmetic.
        let midnight = |d: NaiveDate| tz.to_utc(d, Some(NaiveTime::MIN));
        // The end of "the same days last month": the day after today's day of the month in
        // last month (its last day when it is shorter).
        let last_month = month_start(today, 1);
        let same_day = (1..=today.day())
            .rev()
            .find_map(|d| last_month.with_day(d))
            .unwrap_or(last_month);
        Calendar {
            two_years_ago: midnight(add_days(today, -729)),
            a_year_ago: midnight(add_days(today, -364)),
            half_a_year_ago: midnight(add_days(today, -182)),
            same_days_end: midnight(add_days(same_day, 1)),
            tomorrow: midnight(add_days(today, 1)),
            month_starts: std::array::from_fn(|back| midnight(month_start(today, back as i64))),
        }
    }
}

/// One contact's part of the dashboard: what their last two years add to each figure. It
/// is kept with their facts (computed when the facts are, per changed contact), so the
/// dashboard adds up one small share per contact instead of walking every history.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Share {
    /// Home-currency purchases by month, index 0 = this month, 12 = the same month last
    /// year.
    by_month: [i64; 13],
    last_month_same_days: i64,
    /// Interactions of the last 12 months by channel (`Channel as usize`).
    channels: [u32; Channel::ALL.len()],
    /// Bought in the 12 months before the last 12, and in the last 12.
    earlier: bool,
    recent: bool,
    /// Bought 6–12 months ago, and in the last 6 months.
    first_half: bool,
    second_half: bool,
}

/// A contact's [`Share`], from their history (oldest first, as the book keeps it); `None`
/// when nothing in it falls in the last two years. Revenue is home-currency purchases
/// (others converted at the user's rates) bucketed by local date.
pub fn share(history: &[Event], cal: &Calendar, settings: &ValueSettings) -> Option<Box<Share>> {
    // Histories are oldest first: skip straight to the last two years.
    let from = history.partition_point(|e| e.at < cal.two_years_ago);
    let window = &history[from..];
    if window.first().is_none_or(|e| e.at >= cal.tomorrow) {
        return None;
    }
    let home = settings.home_currency.as_str();
    let mut s = Share::default();
    for e in window {
        if e.at >= cal.tomorrow {
            break;
        }
        let in_last_year = e.at >= cal.a_year_ago;
        if in_last_year {
            if let Some(n) = s.channels.get_mut(e.channel as usize) {
                *n = n.saturating_add(1);
            }
        }
        if e.kind != InteractionKind::Purchase {
            continue;
        }
        s.recent |= in_last_year;
        s.earlier |= !in_last_year;
        s.second_half |= e.at >= cal.half_a_year_ago;
        s.first_half |= in_last_year && e.at < cal.half_a_year_ago;
        if let Some(v) = e
            .amount
            .as_ref()
            .and_then(|m| settings.rates.to_home(m, home))
        {
            // The first month (latest first) that began before the purchase.
            let back = cal.month_starts.partition_point(|start| *start > e.at);
            if let Some(slot) = s.by_month.get_mut(back) {
                *slot = slot.saturating_add(v);
            }
            if back == 1 && e.at < cal.same_days_end {
                s.last_month_same_days = s.last_month_same_days.saturating_add(v);
            }
        }
    }
    Some(Box::new(s))
}

/// The dashboard, from the facts of the live contacts: their status and dates, and their
/// [`Share`] of the revenue, retention and channels (computed with the same settings and
/// day, `facts.today`; events dated after today count in no window).
pub fn dashboard(
    book: &Book,
    facts: &Facts,
    scoring: &Scoring,
    settings: &ValueSettings,
) -> Dashboard {
    let mut d = dashboard_of(book, facts, settings);
    d.count_top_tiers(scoring);
    d
}

impl Dashboard {
    /// Sets the funnel's last step from the tiers: the one figure that follows the
    /// weights, so a weight change redoes only this ([`dashboard_of`] the rest).
    pub fn count_top_tiers(&mut self, scoring: &Scoring) {
        let top = scoring
            .standings
            .values()
            .filter(|s| matches!(s.tier, Tier::A | Tier::B))
            .count();
        for s in &mut self.funnel {
            if s.step == FunnelStep::TopTiers {
                s.count = top;
            }
        }
    }
}

/// The dashboard but for the funnel's tier A or B step, which is 0 until
/// [`Dashboard::count_top_tiers`].
pub fn dashboard_of(book: &Book, facts: &Facts, settings: &ValueSettings) -> Dashboard {
    let today = facts.today;
    let this_month = month_number(today);
    let this_quarter = quarter(today);

    // One pass over the live contacts' facts: counts by status, revenue by month,
    // interactions by channel, and who bought when.
    let (mut active, mut new_this_month, mut at_risk, mut lapsed, mut won_back) = (0, 0, 0, 0, 0);
    let (mut contacted, mut bought, mut bought_again) = (0, 0, 0);
    let mut by_month = [0i64; 13];
    let mut channels = [0usize; Channel::ALL.len()];
    let (mut base, mut retained) = (0usize, 0usize);
    let (mut half_base, mut half_retained) = (0usize, 0usize);
    let mut last_month_same_days = 0i64;
    for f in facts.contacts.values() {
        match f.status {
            Status::Active | Status::WonBack => active += 1,
            Status::AtRisk => at_risk += 1,
            Status::Lapsed => lapsed += 1,
            Status::Prospect => {}
        }
        new_this_month += usize::from(
            f.first_purchase
                .is_some_and(|d| month_number(d) == this_month),
        );
        won_back += usize::from(f.returned_on.is_some_and(|d| quarter(d) == this_quarter));
        contacted += usize::from(f.last_contact.is_some());
        bought += usize::from(f.first_purchase.is_some());
        bought_again +=
            usize::from(f.first_purchase.is_some() && f.first_purchase != f.last_purchase);
        let Some(s) = f.dashboard.as_deref() else {
            continue;
        };
        for (total, v) in by_month.iter_mut().zip(s.by_month) {
            *total = total.saturating_add(v);
        }
        last_month_same_days = last_month_same_days.saturating_add(s.last_month_same_days);
        for (total, n) in channels.iter_mut().zip(s.channels) {
            *total += n as usize;
        }
        if s.earlier {
            base += 1;
            retained += usize::from(s.recent);
        }
        if s.first_half {
            half_base += 1;
            half_retained += usize::from(s.second_half);
        }
    }

    Dashboard {
        active,
        new_this_month,
        at_risk,
        lapsed,
        won_back_this_quarter: won_back,
        retention: if base > 0 {
            Some(retained as f64 / base as f64)
        } else {
            (half_base > 0).then(|| half_retained as f64 / half_base as f64)
        },
        retention_by_halves: base == 0 && half_base > 0,
        without_rate: {
            let mut t = crate::money::Total::default();
            for f in facts.contacts.values() {
                t.merge(&crate::money::Total {
                    home: 0,
                    without_rate: f.without_rate.clone(),
                });
            }
            t.unconverted()
        },
        rates_as_of: settings.rates.as_of(),
        revenue_this_month: by_month[0],
        revenue_last_month_same_days: last_month_same_days,
        revenue_last_month: by_month[1],
        revenue_month_before_last: by_month[2],
        revenue_same_month_last_year: by_month[12],
        revenue_by_month: (0..12)
            .rev()
            .map(|back| MonthRevenue {
                month: month_start(today, back),
                revenue: by_month[back as usize],
            })
            .collect(),
        by_channel: Channel::ALL
            .iter()
            .map(|&c| (c, channels.get(c as usize).copied().unwrap_or(0)))
            .collect(),
        funnel: [
            (FunnelStep::Contacts, book.len()),
            (FunnelStep::Contacted, contacted),
            (FunnelStep::Bought, bought),
            (FunnelStep::BoughtAgain, bought_again),
            (FunnelStep::TopTiers, 0),
        ]
        .into_iter()
        .map(|(step, count)| Step { step, count })
        .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::history::Event;
    use crate::analysis::insights::test_support::*;
    use crate::analysis::value::{facts, scoring};
    use crate::Money;
    use chrono::{Duration, TimeZone};

    #[test]
    #[allow(clippy::inconsistent_digit_grouping)] // whole units _ cents
    fn foreign_currency_revenue_converts_at_the_users_rates_or_is_shown_apart() {
        let gbp = contact(1, "Northwind");
        let usd = contact(2, "Contoso");
        let b = book(vec![
            (gbp.clone(), vec![buy_on(today(), 256_800_00, "GBP", "")]),
            (
                usd.clone(),
                vec![buy_on(today(), 100_00, "USD", ""), buy(0, 50_00)],
            ),
        ]);
        // Without rates: no foreign amount is counted as zero in silence.
        let plain = ValueSettings::default();
        let (f, s) = analyse(&b, &plain);
        assert_eq!(f.get(gbp.id).unwrap().revenue, 0);
        let d = dashboard(&b, &f, &s, &plain);
        assert_eq!(d.revenue_this_month, 50_00);
        assert_eq!(
            d.without_rate,
            vec![Money::new(256_800_00, "GBP"), Money::new(100_00, "USD")]
        );
        assert_eq!(d.rates_as_of, None);
        // With a GBP rate: converted, in facts (so in the matrix and the pyramid) and in
        // the dashboard; USD still apart.
        let mut rated = ValueSettings::default();
        rated.rates.0.insert(
            "GBP".into(),
            crate::money::Rate {
                micro: 43_500_000,
                set_on: today(),
            },
        );
        let (f, s) = analyse(&b, &rated);
        assert_eq!(f.get(gbp.id).unwrap().revenue, 11_170_800_00);
        assert_eq!(f.get(usd.id).unwrap().revenue, 50_00);
        let d = dashboard(&b, &f, &s, &rated);
        assert_eq!(d.revenue_this_month, 11_170_800_00 + 50_00);
        assert_eq!(d.without_rate, vec![Money::new(100_00, "USD")]);
        assert_eq!(d.rates_as_of, Some(today()));
    }

    #[test]
    fn last_month_compares_like_with_like() {
        let b = book(vec![(
            contact(1, "Ada"),
            vec![
                buy_on(date(2026, 9, 15), 70, "TRY", ""),
                buy_on(date(2026, 10, 10), 100, "TRY", ""),
                buy_on(date(2026, 10, 24), 1, "TRY", ""),
                buy_on(date(2026, 10, 25), 200, "TRY", ""),
                buy_on(date(2026, 11, 5), 50, "TRY", ""),
            ],
        )]);
        let settings = ValueSettings::default();
        let (f, s) = analyse(&b, &settings);
        let d = dashboard(&b, &f, &s, &settings);
        // Today is 24 Nov: this month so far against 1–24 Oct; October against September.
        assert_eq!(d.revenue_this_month, 50);
        assert_eq!(d.revenue_last_month_same_days, 101);
        assert_eq!(
            (d.revenue_last_month, d.revenue_month_before_last),
            (301, 70)
        );
        // On 31 March the same days of February are all of February.
        let b = book(vec![(
            contact(1, "Ada"),
            vec![
                buy_on(date(2027, 2, 28), 5, "TRY", ""),
                buy_on(date(2027, 3, 1), 7, "TRY", ""),
            ],
        )]);
        let march = Utc.with_ymd_and_hms(2027, 3, 31, 9, 0, 0).unwrap();
        let f = facts(&b, &settings, march, Tz(0));
        let s = scoring(&f, &settings);
        let d = dashboard(&b, &f, &s, &settings);
        assert_eq!(
            (d.revenue_this_month, d.revenue_last_month_same_days),
            (7, 5)
        );
    }

    #[test]
    fn retention_with_one_year_of_history_compares_its_halves() {
        let b = book(vec![
            (contact(1, "Ada"), vec![buy(200, 1), buy(10, 1)]),
            (contact(2, "Bora"), vec![buy(250, 1)]),
            (contact(3, "Can"), vec![buy(20, 1)]),
        ]);
        let settings = ValueSettings::default();
        let (f, s) = analyse(&b, &settings);
        let d = dashboard(&b, &f, &s, &settings);
        assert_eq!(d.retention, Some(0.5));
        assert!(d.retention_by_halves);
        // With two years of history the yearly definition stands.
        let b = book(vec![
            (contact(1, "Ada"), vec![buy(400, 1), buy(200, 1)]),
            (contact(2, "Bora"), vec![buy(500, 1)]),
        ]);
        let (f, s) = analyse(&b, &settings);
        let d = dashboard(&b, &f, &s, &settings);
        assert_eq!((d.retention, d.retention_by_halves), (Some(0.5), false));
    }

    #[test]
    fn dashboard_revenue_by_month() {
        let b = book(vec![
            (
                contact(1, "Ada"),
                vec![
                    buy_on(date(2026, 11, 1), 100, "TRY", ""),
                    buy_on(date(2026, 10, 31), 20, "TRY", ""),
                    buy_on(date(2026, 10, 1), 3, "TRY", ""),
                    buy_on(date(2026, 11, 20), 999, "EUR", ""),
                ],
            ),
            (
                contact(2, "Bora"),
                vec![
                    buy_on(date(2025, 11, 30), 4000, "TRY", ""),
                    buy_on(date(2025, 12, 1), 50_000, "TRY", ""),
                    buy_on(date(2025, 10, 31), 600_000, "TRY", ""),
                ],
            ),
        ]);
        let settings = ValueSettings::default();
        let (f, s) = analyse(&b, &settings);
        let d = dashboard(&b, &f, &s, &settings);
        for (name, got, expected) in [
            ("this month (from the 1st)", d.revenue_this_month, 100),
            ("last month (to the 31st)", d.revenue_last_month, 23),
            ("same month last year", d.revenue_same_month_last_year, 4000),
        ] {
            assert_eq!(got, expected, "{name}");
        }
        assert_eq!(d.revenue_by_month.len(), 12);
        assert_eq!(
            d.revenue_by_month[0],
            MonthRevenue {
                month: date(2025, 12, 1),
                revenue: 50_000
            }
        );
        assert_eq!(
            d.revenue_by_month[11],
            MonthRevenue {
                month: date(2026, 11, 1),
                revenue: 100
            }
        );
        assert_eq!(d.revenue_by_month[10].month, date(2026, 10, 1));
        assert_eq!(
            d.revenue_by_month.iter().map(|m| m.revenue).sum::<i64>(),
            50_123
        );
        // Ada's first purchase was last month, so she is not new.
        assert_eq!(d.new_this_month, 0);
    }

    #[test]
    fn dashboard_boundaries_belong_to_the_later_period() {
        let at = |y, m, d| Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap();
        let buy = |t, minor| Event {
            amount: Some(Money::new(minor, "TRY")),
            ..ev(t, InteractionKind::Purchase, Channel::Visit)
        };
        // Today is 24 Nov 2026: the last 6 months begin at midnight on 26 May, and the same
        // days of last month end at midnight on 25 October.
        let b = book(vec![
            (contact(1, "On the line"), vec![buy(at(2026, 5, 26), 1)]),
            (contact(2, "Only before"), vec![buy(at(2026, 3, 1), 1)]),
            (
                contact(3, "October"),
                vec![buy(at(2026, 10, 24), 10), buy(at(2026, 10, 25), 100)],
            ),
        ]);
        let settings = ValueSettings::default();
        let (f, s) = analyse(&b, &settings);
        let d = dashboard(&b, &f, &s, &settings);
        assert!(d.retention_by_halves);
        // Bought in the first half: "Only before" (not again). "On the line" bought in the
        // second half only; "October" too.
        assert_eq!(d.retention, Some(0.0));
        assert_eq!(d.revenue_last_month_same_days, 10);
        assert_eq!(d.revenue_last_month, 110);
        // No purchases at all: no retention, by neither basis.
        let none = book(vec![(contact(4, "Prospect"), vec![])]);
        let (f, s) = analyse(&none, &settings);
        let d = dashboard(&none, &f, &s, &settings);
        assert_eq!((d.retention, d.retention_by_halves), (None, false));
    }

    #[test]
    fn dashboard_buckets_by_local_date() {
        // 22:30 UTC on 31 October is 1 November in Istanbul (UTC+3).
        let late = Event {
            amount: Some(Money::new(70, "TRY")),
            ..ev(
                Utc.with_ymd_and_hms(2026, 10, 31, 22, 30, 0).unwrap(),
                InteractionKind::Purchase,
                Channel::Visit,
            )
        };
        let b = book(vec![(contact(1, "Ada"), vec![late])]);
        let settings = ValueSettings::default();
        for (tz, this, last, new) in [(Tz(0), 0, 70, 0), (Tz(180), 70, 0, 1)] {
            let f = facts(&b, &settings, now(), tz);
            let s = scoring(&f, &settings);
            let d = dashboard(&b, &f, &s, &settings);
            assert_eq!(
                (d.revenue_this_month, d.revenue_last_month, d.new_this_month),
                (this, last, new),
                "{tz:?}"
            );
        }
    }

    #[test]
    fn dashboard_counts_statuses_newcomers_and_the_won_back() {
        let b = book(vec![
            // New this month (first purchase on the 1st).
            (
                contact(1, "Ada"),
                vec![buy_on(date(2026, 11, 1), 10, "TRY", "")],
            ),
            // First purchase on the last day of last month: not new.
            (
                contact(2, "Bora"),
                vec![buy_on(date(2026, 10, 31), 10, "TRY", "")],
            ),
            // Won back on the first day of this quarter.
            (
                contact(3, "Can"),
                vec![
                    buy_on(date(2025, 9, 1), 10, "TRY", ""),
                    buy_on(date(2026, 10, 1), 10, "TRY", ""),
                ],
            ),
            // Won back on the last day of last quarter.
            (
                contact(4, "Derya"),
                vec![
                    buy_on(date(2025, 8, 30), 10, "TRY", ""),
                    buy_on(date(2026, 9, 30), 10, "TRY", ""),
                ],
            ),
            (
                contact(5, "Emre"),
                vec![buy(135, 1), buy(105, 1), buy(75, 1)],
            ),
            (contact(6, "Filiz"), vec![buy(400, 1)]),
            (contact(7, "Gül"), vec![call(3)]),
            (contact(8, "Hakan"), vec![]),
        ]);
        let settings = ValueSettings::default();
        let (f, s) = analyse(&b, &settings);
        assert_eq!(f.get(id(3)).unwrap().returned_on, Some(date(2026, 10, 1)));
        assert_eq!(f.get(id(4)).unwrap().returned_on, Some(date(2026, 9, 30)));
        let d = dashboard(&b, &f, &s, &settings);
        for (name, got, expected) in [
            ("active (incl. won back)", d.active, 4),
            ("new this month", d.new_this_month, 1),
            ("at risk", d.at_risk, 1),
            ("lapsed", d.lapsed, 1),
            ("won back this quarter", d.won_back_this_quarter, 1),
        ] {
            assert_eq!(got, expected, "{name}");
        }
        let funnel: Vec<(FunnelStep, usize)> = d.funnel.iter().map(|s| (s.step, s.count)).collect();
        let top = Tier::ALL[..2]
            .iter()
            .map(|t| s.standings.values().filter(|x| x.tier == *t).count())
            .sum::<usize>();
        assert_eq!(
            funnel,
            [
                (FunnelStep::Contacts, 8),
                (FunnelStep::Contacted, 7),
                (FunnelStep::Bought, 6),
                (FunnelStep::BoughtAgain, 3),
                (FunnelStep::TopTiers, top)
            ]
        );
    }

    #[test]
    fn a_purchase_at_midnight_counts_in_the_window_that_begins_then() {
        let settings = ValueSettings::default();
        let midnight = |d: NaiveDate| Tz(0).to_utc(d, Some(NaiveTime::MIN));
        let bought_at = |at: DateTime<Utc>| Event {
            amount: Some(Money::new(100, "TRY")),
            ..ev(at, InteractionKind::Purchase, Channel::Visit)
        };
        let b = book(vec![
            // At the very start of this month: this month's.
            (
                contact(1, "Ay başı"),
                vec![bought_at(midnight(date(2026, 11, 1)))],
            ),
            // At the very start of the two years: in the earlier year, and bought again.
            (
                contact(2, "İki yıl"),
                vec![
                    bought_at(midnight(today() - Duration::days(729))),
                    buy(10, 1),
                ],
            ),
            // Bought on one day only.
            (contact(3, "Bir kez"), vec![buy(20, 1)]),
        ]);
        let (f, s) = analyse(&b, &settings);
        let d = dashboard(&b, &f, &s, &settings);
        assert_eq!(d.revenue_this_month, 100 + 1 + 1);
        assert_eq!(d.retention, Some(1.0));
        let again = d.funnel.iter().find(|s| s.step == FunnelStep::BoughtAgain);
        assert_eq!(again.map(|s| s.count), Some(1));
    }

    #[test]
    fn retention_of_a_known_set() {
        let settings = ValueSettings::default();
        let b = book(vec![
            // Bought 12–24 months ago and again: retained.
            (contact(1, "Ada"), vec![buy(400, 1), buy(100, 1)]),
            // Bought 12–24 months ago only: lost.
            (contact(2, "Bora"), vec![buy(500, 1)]),
            // Only in the last 12 months: not in the base.
            (contact(3, "Can"), vec![buy(364, 1)]),
            // 730 days ago is before the window: not in the base.
            (contact(4, "Derya"), vec![buy(730, 1), buy(10, 1)]),
            // Exactly 365 days ago is in the earlier window; 364 in the recent one.
            (contact(5, "Emre"), vec![buy(365, 1), buy(364, 1)]),
            // A call is not a purchase.
            (contact(6, "Filiz"), vec![buy(600, 1), call(5)]),
        ]);
        let (f, s) = analyse(&b, &settings);
        let d = dashboard(&b, &f, &s, &settings);
        assert_eq!(d.retention, Some(2.0 / 4.0));

        let b = book(vec![(contact(1, "Ada"), vec![buy(10, 1)])]);
        let (f, s) = analyse(&b, &settings);
        assert_eq!(dashboard(&b, &f, &s, &settings).retention, None);
    }

    #[test]
    fn channels_count_only_the_last_twelve_months() {
        let on = |days_ago: i64, channel| {
            ev(
                now() - Duration::days(days_ago),
                InteractionKind::Note,
                channel,
            )
        };
        let b = book(vec![
            (
                contact(1, "Ada"),
                vec![
                    on(0, Channel::Phone),
                    on(364, Channel::Phone),
                    on(365, Channel::Phone),
                    on(30, Channel::Email),
                    on(800, Channel::Web),
                    buy(10, 5),
                ],
            ),
            (contact(2, "Bora"), vec![on(100, Channel::Email)]),
        ]);
        let settings = ValueSettings::default();
        let (f, s) = analyse(&b, &settings);
        let d = dashboard(&b, &f, &s, &settings);
        assert_eq!(
            d.by_channel.iter().map(|(c, _)| *c).collect::<Vec<_>>(),
            Channel::ALL.to_vec()
        );
        let count = |c: Channel| d.by_channel.iter().find(|(x, _)| *x == c).unwrap().1;
        for (channel, expected) in [
            (Channel::Phone, 2),
            (Channel::Email, 2),
            (Channel::Visit, 1),
            (Channel::Web, 0),
            (Channel::Meeting, 0),
        ] {
            assert_eq!(count(channel), expected, "{channel:?}");
        }
    }
}
