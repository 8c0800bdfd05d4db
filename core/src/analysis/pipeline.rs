//! What the deals add up to: the board's columns, Today's **Closing this week** and
//! **Going cold**, and Insights' **Pipeline** (forecast by month, win rate, days to win,
//! lost reasons, conversion). Amounts in other currencies are converted at the user's
//! rates or kept apart (`Total::without_rate`), never summed in silence.

use super::history::Event;
use super::insights::month_start;
use super::{Clock, Tz};
use crate::model::contact::ContactId;
use crate::model::deal::{Deal, DealId, DealStatus, Pipeline, StageId};
use crate::money::{Rates, Total};
use chrono::{DateTime, NaiveDate, Utc};
use std::cmp::Reverse;
use std::collections::BTreeMap;

/// A board column: the open deals in one stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub stage: StageId,
    pub deals: Vec<DealId>,
    pub total: Total,
    pub weighted: Total,
}

/// One column per stage, in order; open deals only, each in `Pipeline::column_of`.
/// Within a column the deal expected to close first comes first (no date last).
pub fn board(deals: &[Deal], pipeline: &Pipeline, home: &str, rates: &Rates) -> Vec<Column> {
    board_where(deals, pipeline, home, rates, Deal::is_open)
}

/// The board of the deals `shows` lets through (the Deals page's filters: won or lost
/// deals stand in the stage they were decided in).
pub fn board_where(
    deals: &[Deal],
    pipeline: &Pipeline,
    home: &str,
    rates: &Rates,
    shows: impl Fn(&Deal) -> bool,
) -> Vec<Column> {
    let mut cols: Vec<Column> = pipeline
        .stages
        .iter()
        .map(|s| Column {
            stage: s.id.clone(),
            deals: Vec::new(),
            total: Total::default(),
            weighted: Total::default(),
        })
        .collect();
    if cols.is_empty() {
        return cols;
    }
    let mut open: Vec<&Deal> = deals
        .iter()
        .filter(|d| !d.is_deleted() && shows(d))
        .collect();
    crate::sort::by_key(&mut open, |d| {
        (d.expected_close.is_none(), d.expected_close, d.created_at)
    });
    for d in open {
        let c = &mut cols[pipeline.column_of(d)];
        c.deals.push(d.id);
        if let Some(v) = d.value() {
            c.total.add(&v, home, rates);
        }
        if let Some(w) = d.weighted(pipeline) {
            c.weighted.add(&w, home, rates);
        }
    }
    cols
}

/// The Deals list: the deals `view` shows, in its order (ties: oldest first, then by id, so
/// the order is the same on every device).
pub fn list(
    deals: &[Deal],
    pipeline: &Pipeline,
    view: &crate::route::DealsView,
    home: &str,
    rates: &Rates,
) -> Vec<DealId> {
    use crate::route::DealSort;
    let mut shown: Vec<&Deal> = deals.iter().filter(|d| view.shows(d)).collect();
    let tie = |d: &Deal| (d.created_at, d.id);
    match view.sort {
        DealSort::Close => crate::sort::by_key(&mut shown, |d| {
            (d.expected_close.is_none(), d.expected_close, tie(d))
        }),
        DealSort::Amount => crate::sort::by_key(&mut shown, |d| {
            // Converted to the home currency; without a rate (or an amount) after the rest.
            let home_value = d.value().and_then(|v| rates.to_home(&v, home));
            (home_value.is_none(), Reverse(home_value), tie(d))
        }),
        DealSort::Stage => crate::sort::by_key(&mut shown, |d| (pipeline.column_of(d), tie(d))),
        DealSort::Age => crate::sort::by_key(&mut shown, |d| tie(d)),
    }
    shown.into_iter().map(|d| d.id).collect()
}

/// The deals of `ids`, in that order (ids no longer among `deals` are left out): what a
/// board column or a Today list shows. One pass to index, so a board of thousands stays
/// linear.
pub fn pick<'a>(deals: &'a [Deal], ids: &[DealId]) -> Vec<&'a Deal> {
    let by_id: std::collections::HashMap<DealId, &Deal> = deals.iter().map(|d| (d.id, d)).collect();
    ids.iter().filter_map(|id| by_id.get(id).copied()).collect()
}

/// Today's **Closing this week**: open deals expected to close within 7 days or already
/// past, soonest first.
pub fn closing_soon(deals: &[Deal], today: NaiveDate) -> Vec<DealId> {
    let until = today + chrono::Duration::days(7);
    let mut out: Vec<&Deal> = deals
        .iter()
        .filter(|d| d.is_open() && d.expected_close.is_some_and(|c| c <= until))
        .collect();
    crate::sort::by_key(&mut out, |d| (d.expected_close, d.created_at));
    out.into_iter().map(|d| d.id).collect()
}

/// A deal's latest activity among its contact's history: the newest interaction logged for
/// it (an interaction names its deal: `Interaction::deal_id`).
pub fn last_activity(history: &[Event], deal: DealId) -> Option<DateTime<Utc>> {
    history
        .iter()
        .filter(|e| e.deal == Some(deal))
        .map(|e| e.at)
        .max()
}

/// Today's **Going cold**: open deals past their stage's rotting days. `last_activity`
/// gives a deal's latest linked interaction ([`last_activity`]). Longest quiet first.
pub fn going_cold(
    deals: &[Deal],
    pipeline: &Pipeline,
    last_activity: impl Fn(&Deal) -> Option<DateTime<Utc>>,
    today: NaiveDate,
    tz: Tz,
) -> Vec<DealId> {
    let mut out: Vec<(DateTime<Utc>, DealId)> = deals
        .iter()
        .filter_map(|d| {
            let last = last_activity(d);
            d.is_rotting(pipeline, last, today, tz).then(|| {
                (
                    last.map_or(d.entered_stage(), |a| a.max(d.entered_stage())),
                    d.id,
                )
            })
        })
        .collect();
    crate::sort::natural(&mut out);
    out.into_iter().map(|(_, id)| id).collect()
}

/// One month of the forecast: open deals expected to close in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthForecast {
    /// The month's first day.
    pub month: NaiveDate,
    pub deals: usize,
    pub open: Total,
    pub weighted: Total,
}

/// Insights' **Pipeline** figures, each one a person can check against the deals list.
#[derive(Debug, Clone, PartialEq)]
pub struct PipelineFigures {
    /// This month and the next two; deals with an expected close in the past count in
    /// this month (they are still open, so still expected).
    pub forecast: Vec<MonthForecast>,
    /// Decided in the last 12 months (the same days a year back to today): won, lost.
    pub won: usize,
    pub lost: usize,
    /// Average calendar days from creation to won, over the deals won in those months.
    pub days_to_win: Option<f64>,
    /// Lost reasons of those months, most frequent first (ties by id).
    pub lost_reasons: Vec<(String, usize)>,
    /// For each stage but the last: how many deals ever entered it, and how many of those
    /// went on to a later stage (or were won from it).
    pub conversion: Vec<(StageId, usize, usize)>,
}

impl PipelineFigures {
    /// Won ÷ decided, in percent; `None` with nothing decided.
    pub fn win_rate(&self) -> Option<f64> {
        let decided = self.won + self.lost;
        (decided > 0).then(|| self.won as f64 * 100.0 / decided as f64)
    }
}

pub fn figures(
    deals: &[Deal],
    pipeline: &Pipeline,
    home: &str,
    rates: &Rates,
    clock: Clock,
) -> PipelineFigures {
    let (today, tz) = (clock.today(), clock.tz);
    let this_month = month_start(today, 0);
    let mut forecast: Vec<MonthForecast> = (0..3)
        .map(|i| MonthForecast {
            month: month_start(today, -i),
            deals: 0,
            open: Total::default(),
            weighted: Total::default(),
        })
        .collect();
    let year_ago = today
        .checked_sub_months(chrono::Months::new(12))
        .unwrap_or(NaiveDate::MIN);
    let mut won = 0;
    let mut lost = 0;
    let mut win_days: Vec<i64> = Vec::new();
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    let live: Vec<&Deal> = deals.iter().filter(|d| !d.is_deleted()).collect();
    for d in &live {
        match &d.status {
            DealStatus::Open => {
                let Some(close) = d.expected_close else {
                    continue;
                };
                let month = month_start(close.max(this_month), 0);
                if let Some(f) = forecast.iter_mut().find(|f| f.month == month) {
                    f.deals += 1;
                    if let Some(v) = d.value() {
                        f.open.add(&v, home, rates);
                    }
                    if let Some(w) = d.weighted(pipeline) {
                        f.weighted.add(&w, home, rates);
                    }
                }
            }
            DealStatus::Won { on } if *on > year_ago && *on <= today => {
                won += 1;
                win_days.push((*on - tz.local_date(d.created_at)).num_days().max(0));
            }
            DealStatus::Lost { on, reason, .. } if *on > year_ago && *on <= today => {
                lost += 1;
                *reasons.entry(reason.clone()).or_default() += 1;
            }
            _ => {}
        }
    }
    let mut lost_reasons: Vec<(String, usize)> = reasons.into_iter().collect();
    crate::sort::by(&mut lost_reasons, |a, b| {
        b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0))
    });
    let days_to_win =
        (!win_days.is_empty()).then(|| win_days.iter().sum::<i64>() as f64 / win_days.len() as f64);
    PipelineFigures {
        forecast,
        won,
        lost,
        days_to_win,
        lost_reasons,
        conversion: conversion(&live, pipeline),
    }
}

/// Stage i → later: of the deals that ever entered stage i, those that later entered a
/// stage after it in today's order, or were won.
fn conversion(deals: &[&Deal], pipeline: &Pipeline) -> Vec<(StageId, usize, usize)> {
    let order = |s: &StageId| pipeline.stages.iter().position(|x| &x.id == s);
    let n = pipeline.stages.len();
    let mut entered = vec![0usize; n];
    let mut onward = vec![0usize; n];
    for d in deals {
        let reached: Vec<usize> = d
            .history
            .iter()
            .filter_map(|e| e.stage.as_ref().and_then(order))
            .collect();
        let won = matches!(d.status, DealStatus::Won { .. });
        for i in 0..n {
            if reached.contains(&i) {
                entered[i] += 1;
                if won || reached.iter().any(|&j| j > i) {
                    onward[i] += 1;
                }
            }
        }
    }
    pipeline
        .stages
        .iter()
        .enumerate()
        .take(n.saturating_sub(1))
        .map(|(i, s)| (s.id.clone(), entered[i], onward[i]))
        .collect()
}

/// A contact's deals, open first (soonest expected close first), then decided, newest
/// decision first.
pub fn of_contact(deals: &[Deal], contact: ContactId) -> Vec<DealId> {
    let mut mine: Vec<&Deal> = deals
        .iter()
        .filter(|d| !d.is_deleted() && d.contact_id == contact)
        .collect();
    crate::sort::by_key(&mut mine, |d| match &d.status {
        DealStatus::Open => (
            0,
            d.expected_close.is_none(),
            d.expected_close,
            Reverse(None),
        ),
        DealStatus::Won { on } | DealStatus::Lost { on, .. } => {
            (1, false, None, Reverse(Some(*on)))
        }
    });
    mine.into_iter().map(|d| d.id).collect()
}

#[cfg(test)]
#[allow(clippy::inconsistent_digit_grouping)] // whole units _ cents
mod tests {
    use super::*;
    use crate::model::deal::DealId;
    use crate::money::{Money, Rate};
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn at(m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, m, d, 9, 0, 0).unwrap()
    }
    /// Local noon of `date` in UTC.
    fn noon(date: NaiveDate) -> Clock {
        Clock {
            now: Tz(0).to_utc(date, None),
            tz: Tz(0),
        }
    }

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }
    fn deal(n: u8, stage: &str, amount: Option<(i64, &str)>) -> Deal {
        let mut d = Deal::new(
            DealId::from_random_bytes([n; 16]),
            ContactId::from_random_bytes([n % 3; 16]),
            "Teklif",
            StageId::new(stage),
            at(1, 10),
        );
        d.amount = amount.map(|(m, c)| Money::new(m, c));
        d
    }
    fn rates() -> Rates {
        let mut r = Rates::default();
        r.0.insert(
            "EUR".into(),
            Rate {
                micro: 35_000_000,
                set_on: day(11, 1),
            },
        );
        r
    }

    #[test]
    fn the_board_converts_at_the_users_rates_and_keeps_the_rest_apart() {
        let p = Pipeline::default();
        let a = deal(1, "lead", Some((1_000_00, "TRY")));
        let b = deal(2, "lead", Some((100_00, "EUR")));
        let c = deal(3, "lead", Some((50_00, "GBP")));
        let mut won = deal(4, "lead", Some((9_999_00, "TRY")));
        won.mark_won(day(11, 2), at(11, 2)).unwrap();
        let mut gone = deal(5, "proposal", Some((1, "TRY")));
        gone.tombstone(at(11, 3));
        let cols = board(&[a, b, c, won, gone], &p, "TRY", &rates());
        assert_eq!(cols.len(), 4);
        let lead = &cols[0];
        assert_eq!(lead.deals.len(), 3, "won and deleted deals leave the board");
        // 1,000 TRY + 100 EUR × 35 = 4,500 TRY; GBP has no rate.
        assert_eq!(lead.total.home, 4_500_00);
        assert_eq!(lead.total.without_rate.get("GBP"), Some(&50_00));
        assert_eq!(lead.weighted.home, 450_00);
        assert_eq!(lead.weighted.without_rate.get("GBP"), Some(&5_00));
        assert!(cols[2].deals.is_empty());
        assert!(board(
            &[],
            &Pipeline {
                stages: vec![],
                lost_reasons: vec![]
            },
            "TRY",
            &rates()
        )
        .is_empty());
    }

    #[test]
    fn a_column_lists_the_soonest_close_first_and_undated_last() {
        let p = Pipeline::default();
        let mut a = deal(1, "lead", None);
        a.expected_close = Some(day(12, 20));
        let b = deal(2, "lead", None);
        let mut c = deal(3, "lead", None);
        c.expected_close = Some(day(12, 5));
        let cols = board(&[a.clone(), b.clone(), c.clone()], &p, "TRY", &rates());
        assert_eq!(cols[0].deals, vec![c.id, a.id, b.id]);
    }

    #[test]
    fn closing_this_week_is_seven_days_ahead_and_anything_overdue() {
        let today = day(12, 1);
        let mk = |n, close: Option<NaiveDate>| {
            let mut d = deal(n, "proposal", None);
            d.expected_close = close;
            d
        };
        let overdue = mk(1, Some(day(11, 20)));
        let on_day_7 = mk(2, Some(day(12, 8)));
        let day_8 = mk(3, Some(day(12, 9)));
        let today_d = mk(4, Some(today));
        let undated = mk(5, None);
        let mut won = mk(6, Some(today));
        won.mark_won(today, at(12, 1)).unwrap();
        assert_eq!(
            closing_soon(
                &[
                    day_8,
                    on_day_7.clone(),
                    undated,
                    won,
                    today_d.clone(),
                    overdue.clone()
                ],
                today
            ),
            vec![overdue.id, today_d.id, on_day_7.id]
        );
    }

    #[test]
    fn going_cold_lists_the_longest_quiet_first() {
        let p = Pipeline::default(); // lead rots after 30 days
        let a = deal(1, "lead", None); // entered 10 Jan
        let mut b = deal(2, "lead", None);
        b.history[0].at = at(1, 2);
        let mut fresh = deal(3, "lead", None);
        fresh.history[0].at = at(11, 30);
        let quiet = |d: &Deal| (d.id == a.id).then(|| at(3, 1));
        let cold = going_cold(
            &[a.clone(), b.clone(), fresh],
            &p,
            quiet,
            day(12, 1),
            Tz(180),
        );
        assert_eq!(cold, vec![b.id, a.id]);
    }

    #[test]
    fn a_deals_activity_is_its_newest_linked_interaction() {
        let a = deal(1, "lead", None);
        let b = deal(2, "lead", None);
        let ev = |m, d, deal: Option<DealId>| Event {
            id: crate::InteractionId::from_random_bytes([m as u8 * 31 + d as u8; 16]),
            at: at(m, d),
            kind: crate::InteractionKind::Meeting,
            channel: crate::Channel::Visit,
            amount: None,
            product: String::new(),
            deal,
        };
        let history = [
            ev(2, 1, Some(a.id)),
            ev(4, 1, Some(a.id)),
            ev(3, 1, Some(a.id)),
            ev(5, 1, Some(b.id)),
            ev(6, 1, None),
        ];
        assert_eq!(last_activity(&history, a.id), Some(at(4, 1)));
        assert_eq!(last_activity(&history, b.id), Some(at(5, 1)));
        assert_eq!(last_activity(&history, deal(3, "lead", None).id), None);
        // A lead entered on 10 Jan rots after 30 days; a linked meeting on 1 Apr keeps it
        // warm until 1 May, and on 2 May it is cold again.
        let cold = |today| {
            going_cold(
                std::slice::from_ref(&a),
                &Pipeline::default(),
                |d| last_activity(&history, d.id),
                today,
                Tz(0),
            )
        };
        assert_eq!(cold(day(5, 1)), vec![]);
        assert_eq!(cold(day(5, 2)), vec![a.id]);
    }

    #[test]
    fn forecast_win_rate_days_to_win_and_lost_reasons() {
        let p = Pipeline::default();
        let today = day(12, 15);
        let mut past_due = deal(1, "proposal", Some((1_000_00, "TRY")));
        past_due.expected_close = Some(day(11, 1));
        let mut january = deal(2, "negotiation", Some((2_000_00, "TRY")));
        january.expected_close = Some(NaiveDate::from_ymd_opt(2027, 1, 31).unwrap());
        let mut march = deal(3, "lead", Some((5_00, "TRY")));
        march.expected_close = Some(NaiveDate::from_ymd_opt(2027, 3, 1).unwrap());
        let decide = |n, won: bool, on: NaiveDate, reason: &str| {
            let mut d = deal(n, "proposal", None);
            if won {
                d.mark_won(on, at(12, 1)).unwrap();
            } else {
                d.mark_lost(on, reason, "", at(12, 1)).unwrap();
            }
            d
        };
        let year_ago = NaiveDate::from_ymd_opt(2025, 12, 15).unwrap();
        let deals = [
            past_due,
            january,
            march,
            decide(4, true, day(1, 20), ""), // created 10 Jan: 10 days
            decide(5, true, day(2, 9), ""),  // 30 days
            decide(6, false, day(6, 1), "price"),
            decide(7, false, day(7, 1), "timing"),
            decide(8, false, day(8, 1), "price"),
            decide(9, false, year_ago, "price"), // exactly a year ago: out
            decide(11, true, year_ago, ""),      // the same
            decide(10, true, day(12, 16), ""),   // tomorrow: not yet
        ];
        let f = figures(&deals, &p, "TRY", &rates(), noon(today));
        let months: Vec<_> = f
            .forecast
            .iter()
            .map(|m| (m.month, m.deals, m.open.home, m.weighted.home))
            .collect();
        assert_eq!(
            months,
            vec![
                (day(12, 1), 1, 1_000_00, 500_00),
                (
                    NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
                    1,
                    2_000_00,
                    1_500_00
                ),
                (NaiveDate::from_ymd_opt(2027, 2, 1).unwrap(), 0, 0, 0),
            ]
        );
        assert_eq!((f.won, f.lost), (2, 3));
        assert_eq!(f.win_rate(), Some(40.0));
        assert_eq!(f.days_to_win, Some(20.0));
        assert_eq!(
            f.lost_reasons,
            vec![("price".into(), 2), ("timing".into(), 1)]
        );
        let none = figures(&[], &p, "TRY", &rates(), noon(today));
        assert_eq!((none.win_rate(), none.days_to_win), (None, None));
    }

    #[test]
    fn conversion_counts_deals_that_went_on() {
        let p = Pipeline::default();
        let stay = deal(1, "lead", None);
        let mut on = deal(2, "lead", None);
        on.move_to(StageId::new("proposal"), at(2, 1)).unwrap();
        let mut won = deal(3, "qualified", None);
        won.mark_won(day(3, 1), at(3, 1)).unwrap();
        let c = figures(&[stay, on, won], &p, "TRY", &rates(), noon(day(12, 1))).conversion;
        assert_eq!(
            c,
            vec![
                (StageId::new("lead"), 2, 1),
                (StageId::new("qualified"), 1, 1),
                (StageId::new("proposal"), 1, 0),
            ]
        );
    }

    #[test]
    fn a_contacts_deals_open_first_then_the_newest_decision() {
        let mut open_late = deal(1, "lead", None);
        open_late.expected_close = Some(day(12, 30));
        let mut open_soon = deal(4, "lead", None);
        open_soon.expected_close = Some(day(12, 2));
        let open_undated = deal(7, "lead", None);
        let mut old = deal(10, "lead", None);
        old.mark_lost(day(3, 1), "price", "", at(3, 1)).unwrap();
        let mut new = deal(13, "lead", None);
        new.mark_won(day(9, 1), at(9, 1)).unwrap();
        let other = deal(2, "lead", None); // another contact
        let all = [
            old.clone(),
            open_undated.clone(),
            new.clone(),
            open_late.clone(),
            other,
            open_soon.clone(),
        ];
        assert_eq!(
            of_contact(&all, open_late.contact_id),
            vec![open_soon.id, open_late.id, open_undated.id, new.id, old.id]
        );
    }

    proptest! {
        #[test]
        fn board_totals_are_the_sums_of_their_cards(
            cards in proptest::collection::vec((0usize..5, 0i64..10_000_000, 0usize..3, proptest::option::of(0u8..=100)), 0..40)
        ) {
            let p = Pipeline::default();
            let currencies = ["TRY", "EUR", "GBP"];
            let deals: Vec<Deal> = cards.iter().enumerate().map(|(i, (s, m, c, prob))| {
                let stage = ["lead", "qualified", "proposal", "negotiation", "unknown"][*s];
                let mut d = deal(i as u8, stage, Some((*m, currencies[*c])));
                d.probability = *prob;
                d
            }).collect();
            let cols = board(&deals, &p, "TRY", &rates());
            prop_assert_eq!(cols.iter().map(|c| c.deals.len()).sum::<usize>(), deals.len());
            for col in &cols {
                let mut total = Total::default();
                let mut weighted = Total::default();
                for id in &col.deals {
                    let d = deals.iter().find(|d| d.id == *id).unwrap();
                    total.add(&d.value().unwrap(), "TRY", &rates());
                    weighted.add(&d.weighted(&p).unwrap(), "TRY", &rates());
                }
                prop_assert_eq!(&col.total, &total);
                prop_assert_eq!(&col.weighted, &weighted);
            }
        }

        #[test]
        fn moving_through_stages_and_back_keeps_a_consistent_history(
            moves in proptest::collection::vec(0usize..4, 0..20)
        ) {
            let mut d = deal(1, "lead", None);
            let mut now = at(1, 10);
            for m in moves {
                now += chrono::Duration::hours(5);
                d.move_to(StageId::new(["lead", "qualified", "proposal", "negotiation"][m]), now).unwrap();
            }
            // Oldest first, no step repeats the stage before it, the last is where it is,
            // and the time in stages adds up to the deal's age.
            prop_assert!(d.history.windows(2).all(|w| w[0].at <= w[1].at && w[0].stage != w[1].stage));
            prop_assert_eq!(d.history.last().and_then(|e| e.stage.clone()), Some(d.stage.clone()));
            let end = now + chrono::Duration::hours(1);
            let sum = d.time_in_stages(end).values().fold(chrono::Duration::zero(), |a, b| a + *b);
            prop_assert_eq!(sum, end - d.created_at);
        }
    }

    #[test]
    fn the_list_filters_by_status_stage_month_and_contact_and_sorts_four_ways() {
        use crate::route::{DealSort, DealStatusFilter, DealsView};
        let p = Pipeline::default();
        // 1: lead, TRY 1,000, closes 20 Dec; 2: proposal, EUR 100 (= TRY 3,500), closes
        // 5 Dec; 3: negotiation, USD 50 (no rate), no close date; 4: won; 5: lost;
        // 6: deleted. Contacts: n % 3.
        let mut a = deal(1, "lead", Some((100_000, "TRY")));
        a.expected_close = Some(day(12, 20));
        let mut b = deal(2, "proposal", Some((10_000, "EUR")));
        b.expected_close = Some(day(12, 5));
        b.created_at = at(1, 9);
        let mut c = deal(3, "negotiation", Some((5_000, "USD")));
        c.created_at = at(1, 8);
        let mut won = deal(4, "proposal", Some((1, "TRY")));
        won.mark_won(day(11, 1), at(11, 1)).unwrap();
        let mut lost = deal(5, "lead", None);
        lost.mark_lost(day(11, 2), "price", "", at(11, 2)).unwrap();
        let mut gone = deal(6, "lead", Some((9, "TRY")));
        gone.tombstone(at(11, 3));
        let all = [
            a.clone(),
            b.clone(),
            c.clone(),
            won.clone(),
            lost.clone(),
            gone,
        ];
        let ids = |v: &DealsView| -> Vec<u8> {
            list(&all, &p, v, "TRY", &rates())
                .into_iter()
                .map(|id| all.iter().position(|d| d.id == id).unwrap() as u8 + 1)
                .collect()
        };
        let mut v = DealsView::default();
        assert_eq!(
            ids(&v),
            [2, 1, 3],
            "open, soonest close first, undated last"
        );
        v.sort = DealSort::Amount;
        assert_eq!(
            ids(&v),
            [2, 1, 3],
            "TRY 3,500 before TRY 1,000; no rate last"
        );
        v.sort = DealSort::Stage;
        assert_eq!(ids(&v), [1, 2, 3]);
        v.sort = DealSort::Age;
        assert_eq!(ids(&v), [3, 2, 1], "oldest first");
        v.status = DealStatusFilter::All;
        assert_eq!(ids(&v), [3, 2, 1, 4, 5], "deleted never");
        v.status = DealStatusFilter::Won;
        assert_eq!(ids(&v), [4]);
        v.status = DealStatusFilter::Lost;
        assert_eq!(ids(&v), [5]);
        v.status = DealStatusFilter::Open;
        v.stage = Some(StageId::new("proposal"));
        assert_eq!(ids(&v), [2]);
        v.stage = None;
        v.month = Some(day(12, 1));
        assert_eq!(ids(&v), [2, 1], "closing in December");
        v.month = Some(NaiveDate::from_ymd_opt(2027, 12, 1).unwrap());
        assert!(
            ids(&v).is_empty(),
            "the same month of another year is not it"
        );
        v.month = None;
        v.contact = Some(ContactId::from_random_bytes([1; 16]));
        assert_eq!(ids(&v), [1], "deal 1 is with contact 1 % 3");
        // The board with the same filter: a won deal stands in the stage it was won in.
        let won_view = DealsView {
            status: DealStatusFilter::Won,
            ..DealsView::default()
        };
        let cols = board_where(&all, &p, "TRY", &rates(), |d| won_view.shows(d));
        assert_eq!(cols[2].deals, vec![won.id]);
        assert_eq!(cols.iter().map(|c| c.deals.len()).sum::<usize>(), 1);
    }

    #[test]
    fn pick_keeps_the_order_asked_and_drops_what_is_gone() {
        let (a, b) = (deal(1, "lead", None), deal(2, "lead", None));
        let deals = vec![a.clone(), b.clone()];
        let gone = deal(3, "lead", None).id;
        let got: Vec<DealId> = pick(&deals, &[b.id, gone, a.id])
            .iter()
            .map(|d| d.id)
            .collect();
        assert_eq!(got, [b.id, a.id]);
    }
}
