//! The Insights page: the customer pyramid, tiers crossed with a dimension (city, tag…),
//! the four strategy work-lists and the dashboard. Pure functions of the book, the facts
//! and scores derived from it, and the given "today" (`facts.today`); no clock here.
//!
//! Everything is computed in one pass over the contacts (and at most one over their
//! histories), so it stays fast for tens of thousands of contacts in WebAssembly.

use super::value::{Facts, Scoring, Status, Tier, ValueSettings};
use super::Tz;
use crate::book::Book;
use crate::segment::quote;
use crate::text::{collation_key, fold_into, CollationKey};
use crate::{Channel, Contact, ContactId, FollowUp, InteractionKind};
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

/// Days without any interaction after which a prospect needs prospecting.
pub const PROSPECT_QUIET_DAYS: i64 = 14;
/// Days without any interaction after which an A-tier customer needs some care.
pub const LOYALTY_QUIET_DAYS: i64 = 60;

fn tier_index(t: Tier) -> usize {
    match t {
        Tier::A => 0,
        Tier::B => 1,
        Tier::C => 2,
        Tier::D => 3,
    }
}

// ---------------------------------------------------------------------------------------
// Pyramid
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// Matrix
// ---------------------------------------------------------------------------------------

/// What the tiers can be crossed with.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Dimension {
    City,
    Region,
    Tag,
    Source,
    Organisation,
}

impl Dimension {
    pub const ALL: [Dimension; 5] = [
        Dimension::City,
        Dimension::Region,
        Dimension::Tag,
        Dimension::Source,
        Dimension::Organisation,
    ];

    /// The word used in the segment query language (`city:`, `org:`…) and in URLs (the
    /// UI names a dimension in the user's language).
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::City => "city",
            Dimension::Region => "region",
            Dimension::Tag => "tag",
            Dimension::Source => "source",
            Dimension::Organisation => "org",
        }
    }

    /// Reads [`Dimension::as_str`] (any case; `company` is accepted for `org`, as in
    /// segment queries, and `organisation`, as older addresses spelled it).
    pub fn parse(s: &str) -> Option<Dimension> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("company") || s.eq_ignore_ascii_case("organisation") {
            return Some(Dimension::Organisation);
        }
        Dimension::ALL
            .into_iter()
            .find(|d| d.as_str().eq_ignore_ascii_case(s))
    }
}

/// The customers (and their revenue) of one tier under one column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cell {
    pub count: usize,
    /// Home-currency revenue, minor units.
    pub revenue: i64,
}

impl Cell {
    fn add(&mut self, revenue: i64) {
        self.count += 1;
        self.revenue = self.revenue.saturating_add(revenue);
    }
}

/// A column of the matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Column {
    /// One value of the dimension, as first written (trimmed).
    Value(String),
    /// The bucket for everything beyond the top columns (the UI names it).
    Other,
}

/// Tiers crossed with a dimension.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    /// The dimension's values with the most customers, at most `max_columns`, most
    /// customers first (ties by Turkish-folded name); then [`Column::Other`] if anything
    /// is left over (values beyond the top, and customers with no value for the
    /// dimension).
    pub columns: Vec<Column>,
    /// rows[tier index A..D][column]
    pub rows: [Vec<Cell>; 4],
}

impl Matrix {
    /// Whether the last column is [`Column::Other`].
    pub fn has_other(&self) -> bool {
        self.columns.last() == Some(&Column::Other)
    }

    /// The values of the named columns (all but "Other").
    pub fn values(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().filter_map(|c| match c {
            Column::Value(v) => Some(v.as_str()),
            Column::Other => None,
        })
    }

    /// The segment query that lists a cell's contacts (`dim` is the matrix's dimension):
    /// the tier and the column's value; "Other" excludes every named column.
    pub fn cell_query(&self, dim: Dimension, tier: Tier, col: usize) -> String {
        let mut q = format!("tier:{}", tier.label());
        let field = dim.as_str();
        match self.columns.get(col) {
            Some(Column::Value(v)) => q.push_str(&format!(" {field}:{}", quote(v))),
            Some(Column::Other) => {
                for v in self.values() {
                    q.push_str(&format!(" -{field}:{}", quote(v)));
                }
            }
            None => {}
        }
        q
    }
}

/// One distinct value of the dimension (grouped by its folded form).
struct Group {
    /// As first written (in the book's name order), trimmed.
    name: String,
    folded: String,
    customers: usize,
}

/// Tiers crossed with a dimension, customers only (contacts with a Standing). Values are
/// grouped by [`crate::text::fold`], so "İstanbul" and "istanbul" are one column. City is
/// the contact's first city ([`Contact::city`]), region its first region, organisation
/// the linked or typed organisation name.
///
/// A customer with several tags counts once in **each** of its tag columns, so with
/// [`Dimension::Tag`] the cells of a row can add up to more than the tier's customers. A
/// customer counts at most once in "Other" (for tags: when it has no tag, or any tag
/// beyond the top columns).
pub fn matrix(
    book: &Book,
    facts: &Facts,
    scoring: &Scoring,
    dim: Dimension,
    max_columns: usize,
) -> Matrix {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut groups: Vec<Group> = Vec::new();
    // Each customer: tier, revenue, and the range of its groups in `member_of`.
    let mut customers: Vec<(usize, i64, usize, usize)> = Vec::new();
    let mut member_of: Vec<usize> = Vec::new();
    let mut buf = String::new();
    for c in book.iter() {
        let Some(standing) = scoring.get(c.id) else {
            continue;
        };
        let revenue = facts.get(c.id).map_or(0, |f| f.revenue);
        let start = member_of.len();
        let mut add = |value: &str| {
            let value = value.trim();
            if value.is_empty() {
                return;
            }
            buf.clear();
            fold_into(value, &mut buf);
            let g = match index.get(buf.as_str()) {
                Some(&g) => g,
                None => {
                    let g = groups.len();
                    groups.push(Group {
                        name: value.to_string(),
                        folded: buf.clone(),
                        customers: 0,
                    });
                    index.insert(buf.clone(), g);
                    g
                }
            };
            // A contact tagged both "VIP" and "vip" counts once.
            if !member_of[start..].contains(&g) {
                member_of.push(g);
                groups[g].customers += 1;
            }
        };
        for_each_value(book, c, dim, &mut add);
        customers.push((tier_index(standing.tier), revenue, start, member_of.len()));
    }

    let mut order: Vec<usize> = (0..groups.len()).collect();
    crate::sort::by(&mut order, |&a, &b| {
        groups[b]
            .customers
            .cmp(&groups[a].customers)
            .then_with(|| groups[a].folded.cmp(&groups[b].folded))
    });
    order.truncate(max_columns);
    // Group index → column.
    let mut column_of: Vec<Option<usize>> = vec![None; groups.len()];
    for (col, &g) in order.iter().enumerate() {
        column_of[g] = Some(col);
    }
    let top = order.len();
    let has_other = customers
        .iter()
        .any(|&(_, _, s, e)| s == e || member_of[s..e].iter().any(|&g| column_of[g].is_none()));
    let width = top + usize::from(has_other);
    let mut rows: [Vec<Cell>; 4] = std::array::from_fn(|_| vec![Cell::default(); width]);
    for &(t, revenue, s, e) in &customers {
        let mut other = s == e;
        for &g in &member_of[s..e] {
            match column_of[g] {
                Some(col) => rows[t][col].add(revenue),
                None => other = true,
            }
        }
        if other {
            rows[t][top].add(revenue);
        }
    }
    let mut columns: Vec<Column> = order
        .iter()
        .map(|&g| Column::Value(std::mem::take(&mut groups[g].name)))
        .collect();
    if has_other {
        columns.push(Column::Other);
    }
    Matrix { columns, rows }
}

/// Calls `f` with each of the contact's values for the dimension (possibly none).
fn for_each_value<'a>(book: &'a Book, c: &'a Contact, dim: Dimension, f: &mut impl FnMut(&str)) {
    match dim {
        Dimension::City => f(c.city()),
        Dimension::Region => {
            if let Some(r) = c
                .addresses
                .iter()
                .map(|a| a.region.as_str())
                .find(|r| !r.trim().is_empty())
            {
                f(r)
            }
        }
        Dimension::Tag => c.tags.iter().for_each(|t| f(t)),
        Dimension::Source => f(&c.source),
        Dimension::Organisation => {
            if let Some(o) = book.organisation_name(c) {
                f(o)
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// Dashboard
// ---------------------------------------------------------------------------------------

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

/// The dashboard. Revenue is home-currency purchases (`settings.home_currency`) bucketed
/// by LOCAL date (`tz.local_date(event.at)`), read from `book.history(id)` for live
/// contacts (those in `facts`); "today" is `facts.today`. Events dated after today count
/// in no window. Relies on histories being oldest first, as the book keeps them.
pub fn dashboard(
    book: &Book,
    facts: &Facts,
    scoring: &Scoring,
    settings: &ValueSettings,
    tz: Tz,
) -> Dashboard {
    let today = facts.today;
    let this_month = month_number(today);
    let this_quarter = quarter(today);

    // Instants where local days begin, so events are placed without date arithmetic.
    let midnight = |d: NaiveDate| tz.to_utc(d, Some(NaiveTime::MIN));
    let two_years_ago = midnight(super::add_days(today, -729));
    let a_year_ago = midnight(super::add_days(today, -364));
    let half_a_year_ago = midnight(super::add_days(today, -182));
    // The end of "the same days last month": the day after today's day of the month in
    // last month (its last day when it is shorter).
    let last_month = month_start(today, 1);
    let same_day = (1..=today.day())
        .rev()
        .find_map(|d| last_month.with_day(d))
        .unwrap_or(last_month);
    let same_days_end = midnight(super::add_days(same_day, 1));
    let tomorrow = midnight(super::add_days(today, 1));
    // Where each of the 13 months of `by_month` begins, latest first.
    let month_starts: [DateTime<Utc>; 13] =
        std::array::from_fn(|back| midnight(month_start(today, back as i64)));

    // One pass over the live contacts (those in `facts`) and their histories: counts by
    // status, revenue by month (index 0 = this month, 12 = the same month last year),
    // interactions by channel, and who bought when.
    let (mut active, mut new_this_month, mut at_risk, mut lapsed, mut won_back) = (0, 0, 0, 0, 0);
    let (mut contacted, mut bought, mut bought_again) = (0, 0, 0);
    let mut by_month = [0i64; 13];
    let mut channels = [0usize; Channel::ALL.len()];
    let (mut base, mut retained) = (0usize, 0usize);
    let (mut half_base, mut half_retained) = (0usize, 0usize);
    let mut last_month_same_days = 0i64;
    let home = settings.home_currency.as_str();
    for (id, f) in &facts.contacts {
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

        // Histories are oldest first: skip straight to the last two years.
        let history = book.history(*id);
        let from = history.partition_point(|e| e.at < two_years_ago);
        let (mut earlier, mut recent) = (false, false);
        let (mut first_half, mut second_half) = (false, false);
        for e in &history[from..] {
            if e.at >= tomorrow {
                break;
            }
            let in_last_year = e.at >= a_year_ago;
            if in_last_year {
                if let Some(n) = channels.get_mut(e.channel as usize) {
                    *n += 1;
                }
            }
            if e.kind != InteractionKind::Purchase {
                continue;
            }
            recent |= in_last_year;
            earlier |= !in_last_year;
            second_half |= e.at >= half_a_year_ago;
            first_half |= in_last_year && e.at < half_a_year_ago;
            if let Some(v) = e
                .amount
                .as_ref()
                .and_then(|m| settings.rates.to_home(m, home))
            {
                // The first month (latest first) that began before the purchase.
                let back = month_starts.partition_point(|start| *start > e.at);
                if let Some(slot) = by_month.get_mut(back) {
                    *slot = slot.saturating_add(v);
                }
                if back == 1 && e.at < same_days_end {
                    last_month_same_days = last_month_same_days.saturating_add(v);
                }
            }
        }
        if earlier {
            base += 1;
            retained += usize::from(recent);
        }
        if first_half {
            half_base += 1;
            half_retained += usize::from(second_half);
        }
    }
    let top_tiers = scoring
        .standings
        .values()
        .filter(|s| matches!(s.tier, Tier::A | Tier::B))
        .count();

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
            (FunnelStep::TopTiers, top_tiers),
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
    use crate::analysis::value::{facts, scoring, Cutoffs, Weights};
    use crate::{Address, FollowUpId, InteractionId, Money, Organisation};
    use chrono::{DateTime, Duration, TimeZone, Utc};
    use proptest::prelude::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn id(n: u8) -> ContactId {
        ContactId::from_random_bytes([n; 16])
    }

    fn contact(n: u8, name: &str) -> Contact {
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

    fn ev(at: DateTime<Utc>, kind: InteractionKind, channel: Channel) -> Event {
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
    fn buy(days_ago: i64, minor: i64) -> Event {
        buy_on(today() - Duration::days(days_ago), minor, "TRY", "")
    }

    fn buy_on(d: NaiveDate, minor: i64, currency: &str, product: &str) -> Event {
        Event {
            amount: Some(Money::new(minor, currency)),
            product: product.to_string(),
            deal: None,
            ..ev(at_noon(d), InteractionKind::Purchase, Channel::Visit)
        }
    }

    fn call(days_ago: i64) -> Event {
        ev(
            now() - Duration::days(days_ago),
            InteractionKind::Call,
            Channel::Phone,
        )
    }

    fn follow_up(who: ContactId, done: bool, deleted: bool) -> FollowUp {
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

    fn book(entries: Vec<(Contact, Vec<Event>)>) -> Book {
        let mut b = Book::from_contacts(entries.iter().map(|(c, _)| c.clone()));
        for (c, mut h) in entries {
            crate::sort::by_key(&mut h, |e| e.at);
            b.set_history(c.id, h);
        }
        b
    }

    fn analyse(b: &Book, settings: &ValueSettings) -> (Facts, Scoring) {
        let f = facts(b, settings, now(), Tz(0));
        let s = scoring(&f, settings);
        (f, s)
    }

    /// Settings where only revenue ranks, so the order of customers is their revenue.
    fn by_revenue(a: f64, b: f64) -> ValueSettings {
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

    fn ids(items: &[WorkItem]) -> Vec<ContactId> {
        items.iter().map(|w| w.id).collect()
    }

    // ---------------------------------------------------------------- pyramid

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

    // ---------------------------------------------------------------- matrix

    fn located(n: u8, name: &str, city: &str, region: &str) -> Contact {
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

    fn value(s: &str) -> Column {
        Column::Value(s.into())
    }

    fn column_totals(m: &Matrix) -> Vec<usize> {
        (0..m.columns.len())
            .map(|col| m.rows.iter().map(|r| r[col].count).sum())
            .collect()
    }

    #[test]
    fn matrix_folds_values_and_buckets_the_rest() {
        let b = book(vec![
            (located(1, "Ali", "İstanbul", "Marmara"), vec![buy(5, 500)]),
            (
                located(2, "Berk", " istanbul ", "marmara"),
                vec![buy(5, 400)],
            ),
            (located(3, "Cem", "Ankara", "İç Anadolu"), vec![buy(5, 300)]),
            (located(4, "Deniz", "İzmir", "Ege"), vec![buy(5, 200)]),
            (located(5, "Ece", "", ""), vec![buy(5, 100)]),
            // A prospect: not a customer, not in the matrix.
            (located(6, "Fatma", "Bursa", "Marmara"), vec![call(2)]),
        ]);
        let (f, s) = analyse(&b, &ValueSettings::default());
        for (name, dim, max, columns, has_other, totals) in [
            (
                "top two cities, ties by folded name",
                Dimension::City,
                2,
                vec![value("İstanbul"), value("Ankara"), Column::Other],
                true,
                vec![2, 1, 2],
            ),
            (
                "all cities; the customer without one is Other",
                Dimension::City,
                10,
                vec![
                    value("İstanbul"),
                    value("Ankara"),
                    value("İzmir"),
                    Column::Other,
                ],
                true,
                vec![2, 1, 1, 1],
            ),
            (
                "no columns: everything is Other",
                Dimension::City,
                0,
                vec![Column::Other],
                true,
                vec![5],
            ),
            (
                "regions fold too",
                Dimension::Region,
                1,
                vec![value("Marmara"), Column::Other],
                true,
                vec![2, 3],
            ),
            (
                "nobody has a source",
                Dimension::Source,
                5,
                vec![Column::Other],
                true,
                vec![5],
            ),
        ] {
            let m = matrix(&b, &f, &s, dim, max);
            assert_eq!(m.columns, columns, "{name}");
            assert_eq!(m.has_other(), has_other, "{name}");
            assert!(m.rows.iter().all(|r| r.len() == columns.len()), "{name}");
            assert_eq!(column_totals(&m), totals, "{name}");
        }
        let m = matrix(&b, &f, &s, Dimension::City, 10);
        let istanbul: i64 = m.rows.iter().map(|r| r[0].revenue).sum();
        assert_eq!(istanbul, 900);
    }

    #[test]
    fn matrix_without_leftovers_has_no_other_column() {
        let b = book(vec![
            (located(1, "Ali", "Ankara", ""), vec![buy(5, 500)]),
            (located(2, "Berk", "ANKARA", ""), vec![buy(5, 400)]),
            (located(3, "Cem", "Van", ""), vec![buy(5, 300)]),
        ]);
        let (f, s) = analyse(&b, &ValueSettings::default());
        let m = matrix(&b, &f, &s, Dimension::City, 2);
        assert_eq!(m.columns, [value("Ankara"), value("Van")]);
        assert!(!m.has_other());
        assert_eq!(m.values().collect::<Vec<_>>(), ["Ankara", "Van"]);
        assert_eq!(column_totals(&m), [2, 1]);
    }

    #[test]
    fn a_customer_counts_in_each_of_its_tags() {
        let tagged = |n, name: &str, tags: &[&str]| {
            let mut c = contact(n, name);
            c.tags = tags.iter().map(|t| t.to_string()).collect();
            c
        };
        let b = book(vec![
            (
                tagged(1, "Ali", &["vip", "VIP", "toptan"]),
                vec![buy(5, 500)],
            ),
            (tagged(2, "Berk", &["Vip"]), vec![buy(5, 400)]),
            (
                tagged(3, "Cem", &["perakende", "toptan", "yeni"]),
                vec![buy(5, 300)],
            ),
            (tagged(4, "Deniz", &[]), vec![buy(5, 200)]),
        ]);
        let (f, s) = analyse(&b, &ValueSettings::default());
        let m = matrix(&b, &f, &s, Dimension::Tag, 2);
        assert_eq!(m.columns, [value("toptan"), value("vip"), Column::Other]);
        assert_eq!(m.values().collect::<Vec<_>>(), ["toptan", "vip"]);
        // Ties by folded name: toptan before vip. Ali in vip (once) and toptan; Cem in
        // toptan and once in Other for two tags beyond the top; Deniz (no tag) in Other.
        assert_eq!(column_totals(&m), [2, 2, 2]);
        let revenue = |col: usize| m.rows.iter().map(|r| r[col].revenue).sum::<i64>();
        assert_eq!((revenue(0), revenue(1), revenue(2)), (800, 900, 500));
    }

    #[test]
    fn matrix_by_organisation_resolves_links() {
        let mut org = contact(9, "Işık Mimarlık");
        org.kind = crate::Kind::Organisation;
        let mut a = contact(1, "Ali");
        a.organisation = Some(Organisation::Linked(org.id));
        let mut b2 = contact(2, "Berk");
        b2.organisation = Some(Organisation::Named("IŞIK MİMARLIK".into()));
        let b = book(vec![
            (org, vec![]),
            (a, vec![buy(5, 500)]),
            (b2, vec![buy(5, 400)]),
        ]);
        let (f, s) = analyse(&b, &ValueSettings::default());
        let m = matrix(&b, &f, &s, Dimension::Organisation, 5);
        assert_eq!(m.columns, [value("Işık Mimarlık")]);
        assert_eq!(column_totals(&m), [2]);
    }

    #[test]
    fn dimensions_read_back_their_names() {
        for d in Dimension::ALL {
            assert_eq!(Dimension::parse(d.as_str()), Some(d));
            assert_eq!(Dimension::parse(&d.as_str().to_uppercase()), Some(d));
        }
        assert_eq!(Dimension::parse(" Company "), Some(Dimension::Organisation));
        assert_eq!(
            Dimension::parse("Organisation"),
            Some(Dimension::Organisation)
        );
        assert_eq!(Dimension::parse("colour"), None);
    }

    // ---------------------------------------------------------------- strategies

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

    // ---------------------------------------------------------------- dashboard

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
        let d = dashboard(&b, &f, &s, &plain, Tz(0));
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
        let d = dashboard(&b, &f, &s, &rated, Tz(0));
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
        let d = dashboard(&b, &f, &s, &settings, Tz(0));
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
        let d = dashboard(&b, &f, &s, &settings, Tz(0));
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
        let d = dashboard(&b, &f, &s, &settings, Tz(0));
        assert_eq!(d.retention, Some(0.5));
        assert!(d.retention_by_halves);
        // With two years of history the yearly definition stands.
        let b = book(vec![
            (contact(1, "Ada"), vec![buy(400, 1), buy(200, 1)]),
            (contact(2, "Bora"), vec![buy(500, 1)]),
        ]);
        let (f, s) = analyse(&b, &settings);
        let d = dashboard(&b, &f, &s, &settings, Tz(0));
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
        let d = dashboard(&b, &f, &s, &settings, Tz(0));
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
        let d = dashboard(&b, &f, &s, &settings, Tz(0));
        assert!(d.retention_by_halves);
        // Bought in the first half: "Only before" (not again). "On the line" bought in the
        // second half only; "October" too.
        assert_eq!(d.retention, Some(0.0));
        assert_eq!(d.revenue_last_month_same_days, 10);
        assert_eq!(d.revenue_last_month, 110);
        // No purchases at all: no retention, by neither basis.
        let none = book(vec![(contact(4, "Prospect"), vec![])]);
        let (f, s) = analyse(&none, &settings);
        let d = dashboard(&none, &f, &s, &settings, Tz(0));
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
            let d = dashboard(&b, &f, &s, &settings, tz);
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
        let d = dashboard(&b, &f, &s, &settings, Tz(0));
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
        let d = dashboard(&b, &f, &s, &settings, Tz(0));
        assert_eq!(d.retention, Some(2.0 / 4.0));

        let b = book(vec![(contact(1, "Ada"), vec![buy(10, 1)])]);
        let (f, s) = analyse(&b, &settings);
        assert_eq!(dashboard(&b, &f, &s, &settings, Tz(0)).retention, None);
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
        let d = dashboard(&b, &f, &s, &settings, Tz(0));
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

    // ---------------------------------------------------------------- property

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
            let d = dashboard(&b, &f, &s, &settings, Tz(0));
            prop_assert_eq!(d.funnel[0].count, b.len());
            prop_assert!(d.funnel[..4].windows(2).all(|w| w[0].count >= w[1].count));
        }
    }

    #[test]
    fn a_cells_query_names_its_tier_and_column() {
        let m = Matrix {
            columns: vec![
                Column::Value("İstanbul".into()),
                Column::Value("Ankara Merkez".into()),
                Column::Other,
            ],
            rows: Default::default(),
        };
        assert_eq!(
            m.cell_query(Dimension::City, Tier::A, 0),
            "tier:A city:İstanbul"
        );
        assert_eq!(
            m.cell_query(Dimension::City, Tier::B, 1),
            "tier:B city:\"Ankara Merkez\""
        );
        assert_eq!(
            m.cell_query(Dimension::Tag, Tier::D, 2),
            "tier:D -tag:İstanbul -tag:\"Ankara Merkez\""
        );
        assert_eq!(m.cell_query(Dimension::City, Tier::C, 3), "tier:C");
    }
}
