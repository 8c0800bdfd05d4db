//! Groundwork for relationship intelligence (issue 5): a customer's status derived from
//! their history, the value keys, their ranks, the weighted value score and the A–D
//! pyramid tiers. Pure functions of the data, the settings and a given "now".

use super::history::{Event, Rhythm};
use super::insights::{share, Calendar, Share};
use super::today::quiet_since;
use super::{Clock, Tz};
use crate::book::Book;
use crate::{ContactId, IdMap, InteractionKind, Stage};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Derived from history; never overwrites the user's own lifecycle stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Never bought.
    Prospect,
    /// Buying at their own rhythm.
    Active,
    /// Late by their own rhythm.
    AtRisk,
    /// Nothing for longer than the lapse window.
    Lapsed,
    /// Bought again after having lapsed.
    WonBack,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Prospect,
        Status::Active,
        Status::AtRisk,
        Status::Lapsed,
        Status::WonBack,
    ];

    /// The word used in segment queries (`status:at-risk`) and CSS classes.
    pub fn slug(self) -> &'static str {
        match self {
            Status::Prospect => "prospect",
            Status::Active => "active",
            Status::AtRisk => "at-risk",
            Status::Lapsed => "lapsed",
            Status::WonBack => "won-back",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Prospect => "Prospect",
            Status::Active => "Active",
            Status::AtRisk => "At risk",
            Status::Lapsed => "Lapsed",
            Status::WonBack => "Won back",
        }
    }
}

/// Days of purchase, sorted and distinct.
fn purchase_days(events: &[Event], tz: Tz) -> Vec<NaiveDate> {
    let mut d: Vec<NaiveDate> = events
        .iter()
        .filter(|e| e.kind == InteractionKind::Purchase)
        .map(|e| tz.local_date(e.at))
        .collect();
    crate::sort::natural(&mut d);
    d.dedup();
    d
}

/// The one standing a contact shows: from its purchases where any are recorded, otherwise
/// the stage the user chose (an existing client whose purchases are not in Bakkal is a
/// customer, not a prospect).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relationship {
    /// Active, at risk, lapsed or won back.
    Buying(Status),
    NoPurchases(Stage),
}

impl Relationship {
    pub fn of(status: Status, stage: Stage) -> Relationship {
        match status {
            Status::Prospect => Relationship::NoPurchases(stage),
            s => Relationship::Buying(s),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Relationship::Buying(s) => s.label(),
            Relationship::NoPurchases(stage) => stage.label(),
        }
    }

    /// What the label leaves out: a customer with no purchases recorded says so.
    pub fn note(self) -> Option<&'static str> {
        match self {
            Relationship::NoPurchases(Stage::Customer | Stage::FormerCustomer) => {
                Some("no purchases recorded")
            }
            _ => None,
        }
    }

    /// A CSS class for its badge.
    pub fn class(self) -> String {
        match self {
            Relationship::Buying(s) => format!("status {}", s.slug()),
            Relationship::NoPurchases(stage) => format!("stage {}", stage.as_str()),
        }
    }

    /// Whether the segment word `status:<s>` describes it: `status:prospect` is a prospect
    /// by stage as well as by purchases.
    pub fn is(self, s: Status) -> bool {
        match self {
            Relationship::Buying(b) => b == s,
            Relationship::NoPurchases(stage) => s == Status::Prospect && stage == Stage::Prospect,
        }
    }
}

impl ContactFacts {
    pub fn standing(&self) -> Relationship {
        Relationship::of(self.status, self.stage)
    }
}

/// A contact's status today, with `lapse_days` the window after which a customer counts
/// as lapsed (the user's setting; 365 by default).
pub fn status(
    events: &[Event],
    rhythm: Option<Rhythm>,
    today: NaiveDate,
    tz: Tz,
    lapse_days: i64,
) -> Status {
    let days = purchase_days(events, tz);
    let Some(&last) = days.last() else {
        return Status::Prospect;
    };
    let since = (today - last).num_days();
    if since > lapse_days {
        return Status::Lapsed;
    }
    if days.len() >= 2 && (days[days.len() - 1] - days[days.len() - 2]).num_days() > lapse_days {
        return Status::WonBack;
    }
    match rhythm.filter(|r| r.purchases) {
        Some(r) if quiet_since(r.usual_days, since) => Status::AtRisk,
        _ => Status::Active,
    }
}

/// The user's weights for the value keys (any non-negative numbers; only their ratios
/// matter).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Weights {
    pub revenue: f64,
    pub frequency: f64,
    pub recency: f64,
    pub relationship: f64,
    pub referrals: f64,
    pub strategic: f64,
}

impl Default for Weights {
    /// Revenue counts most, then how often and how recently they buy; relationship length
    /// and referrals less; strategic importance only where the user sets it.
    fn default() -> Self {
        Weights {
            revenue: 3.0,
            frequency: 2.0,
            recency: 2.0,
            relationship: 1.0,
            referrals: 1.0,
            strategic: 1.0,
        }
    }
}

/// One contact's raw value keys.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Keys {
    pub revenue: f64,
    pub frequency: f64,
    /// Higher is better: minus the days since the last purchase.
    pub recency: f64,
    pub relationship: f64,
    pub referrals: f64,
    pub strategic: f64,
}

/// The user's value settings (stored under [`ValueSettings::KEY`] in the settings store,
/// so they travel with backups).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ValueSettings {
    pub weights: Weights,
    pub cutoffs: Cutoffs,
    /// Days without a purchase after which a customer is lapsed.
    pub lapse_days: i64,
    /// Revenue in this currency ranks customers; other currencies count converted at
    /// `rates`, and amounts in a currency without a rate are shown beside the totals.
    pub home_currency: String,
    /// The user's exchange rates (stored as their own `rate.<CODE>` setting items).
    #[serde(skip)]
    pub rates: crate::money::Rates,
}

impl Default for ValueSettings {
    fn default() -> Self {
        ValueSettings {
            weights: Weights::default(),
            cutoffs: Cutoffs::default(),
            lapse_days: 365,
            home_currency: "TRY".into(),
            rates: Default::default(),
        }
    }
}

impl ValueSettings {
    pub const KEY: &'static str = "value";

    /// Reads stored settings; anything unreadable falls back to the defaults field by field.
    pub fn from_json(s: &str) -> Self {
        serde_json::from_str(s).unwrap_or_default()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The lapse window, never below a week (a typo of "3" would lapse everyone).
    pub fn lapse(&self) -> i64 {
        self.lapse_days.max(7)
    }
}

/// What one live contact's history says about them.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactFacts {
    /// From purchases; `Prospect` means none is recorded (see [`ContactFacts::standing`]).
    pub status: Status,
    /// The stage the user chose.
    pub stage: Stage,
    /// Lifetime revenue in the home currency, minor units (other currencies converted at
    /// the user's rates).
    pub revenue: i64,
    /// Purchases in currencies without a rate, by currency (minor units): never zero.
    pub without_rate: std::collections::BTreeMap<String, i64>,
    pub last_contact: Option<DateTime<Utc>>,
    /// Their usual gap between days of activity (Today's "gone quiet" reads it here
    /// instead of walking every history).
    pub rhythm: Option<super::history::Rhythm>,
    pub first_purchase: Option<NaiveDate>,
    pub last_purchase: Option<NaiveDate>,
    /// The purchase day that followed a lapse, if there was one (the latest such day).
    pub returned_on: Option<NaiveDate>,
    /// Distinct products or services bought.
    pub products: usize,
    /// The value keys (customers only: contacts who bought at least once).
    pub keys: Option<Keys>,
    /// Their part of the Insights dashboard's figures (none without activity in the last
    /// two years).
    pub dashboard: Option<Box<Share>>,
}

/// Facts about every live contact: a function of the book, the settings and "now".
/// Kept up to date per changed contact ([`Facts::refresh`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Facts {
    pub today: NaiveDate,
    /// The time zone `today` and the days counted are local to.
    pub tz: Tz,
    pub contacts: IdMap<ContactId, ContactFacts>,
    /// What they were computed from: the book's version and the settings they depend on;
    /// and per contact, how many they referred became customers.
    from: Option<Basis>,
    referred: IdMap<ContactId, f64>,
}

type Basis = (crate::book::Version, i64, String, crate::money::Rates);

fn basis(v: crate::book::Version, settings: &ValueSettings) -> Basis {
    (
        v,
        settings.lapse(),
        settings.home_currency.clone(),
        settings.rates.clone(),
    )
}

impl Facts {
    pub fn get(&self, id: ContactId) -> Option<&ContactFacts> {
        self.contacts.get(&id)
    }

    /// The customers' keys, in a stable order (by id).
    fn customer_keys(&self) -> Vec<(ContactId, Keys)> {
        let mut v: Vec<(ContactId, Keys)> = self
            .contacts
            .iter()
            .filter_map(|(id, f)| f.keys.map(|k| (*id, k)))
            .collect();
        crate::sort::by_key(&mut v, |(id, _)| *id);
        v
    }

    /// Brings the facts up to date with `book`: only the contacts that changed since, and
    /// those whose referrals changed; everything when the date, the settings or the whole
    /// book changed. Returns whether anything was recomputed.
    pub fn refresh(
        &mut self,
        book: &Book,
        settings: &ValueSettings,
        now: DateTime<Utc>,
        tz: Tz,
    ) -> bool {
        let today = tz.local_date(now);
        let changed = match &self.from {
            Some(b) if self.today == today && self.tz == tz && *b == basis(b.0, settings) => {
                book.changed_since(b.0)
            }
            _ => None,
        };
        let Some(changed) = changed else {
            *self = facts(book, settings, now, tz);
            return true;
        };
        self.from = Some(basis(book.version(), settings));
        let referred = referrals(book);
        let mut again: std::collections::HashSet<ContactId> = changed.into_iter().collect();
        for (id, n) in &referred {
            if self.referred.get(id) != Some(n) {
                again.insert(*id);
            }
        }
        again.extend(self.referred.keys().filter(|id| !referred.contains_key(id)));
        self.referred = referred;
        let day = Day::new(now, tz);
        for &id in &again {
            match book.get(id) {
                Some(c) => {
                    let f = contact_facts(c, book, &self.referred, settings, &day);
                    self.contacts.insert(id, f);
                }
                None => {
                    self.contacts.remove(&id);
                }
            }
        }
        !again.is_empty()
    }
}

/// Per contact, how many of the contacts they referred became customers.
fn referrals(book: &Book) -> IdMap<ContactId, f64> {
    let mut referred: IdMap<ContactId, f64> = IdMap::default();
    for c in book.iter() {
        if let Some(r) = c.referred_by {
            if book
                .history(c.id)
                .iter()
                .any(|e| e.kind == InteractionKind::Purchase)
            {
                *referred.entry(r).or_default() += 1.0;
            }
        }
    }
    referred
}

/// Status and value keys of every live contact.
pub fn facts(book: &Book, settings: &ValueSettings, now: DateTime<Utc>, tz: Tz) -> Facts {
    let mut f = FactsInProgress::new(book, settings, now, tz);
    f.step(book, settings, usize::MAX);
    f.finish()
}

/// [`facts`] computed a slice of contacts at a time, so that the app can let the page
/// answer between slices (the whole book's facts at start-up were a task of a second).
/// Every step must be given the same book and settings as `new`.
pub struct FactsInProgress {
    facts: Facts,
    day: Day,
    next: usize,
}

/// The day facts are computed for, with the instants its dashboard windows begin.
struct Day {
    clock: Clock,
    calendar: Calendar,
}

impl Day {
    fn new(now: DateTime<Utc>, tz: Tz) -> Day {
        Day {
            clock: Clock { now, tz },
            calendar: Calendar::new(tz.local_date(now), tz),
        }
    }
}

impl FactsInProgress {
    pub fn new(book: &Book, settings: &ValueSettings, now: DateTime<Utc>, tz: Tz) -> Self {
        FactsInProgress {
            facts: Facts {
                today: tz.local_date(now),
                tz,
                contacts: IdMap::with_capacity_and_hasher(book.len(), Default::default()),
                from: Some(basis(book.version(), settings)),
                referred: referrals(book),
            },
            day: Day::new(now, tz),
            next: 0,
        }
    }

    /// Computes the next `n` contacts' facts; gives whether every contact is done.
    pub fn step(&mut self, book: &Book, settings: &ValueSettings, n: usize) -> bool {
        let f = &mut self.facts;
        for c in book.iter().skip(self.next).take(n) {
            let facts = contact_facts(c, book, &f.referred, settings, &self.day);
            f.contacts.insert(c.id, facts);
        }
        self.next = self.next.saturating_add(n);
        self.next >= book.len()
    }

    pub fn finish(self) -> Facts {
        self.facts
    }
}

/// One live contact's facts.
fn contact_facts(
    c: &crate::Contact,
    book: &Book,
    referred: &IdMap<ContactId, f64>,
    settings: &ValueSettings,
    day: &Day,
) -> ContactFacts {
    let (today, tz) = (day.clock.today(), day.clock.tz);
    let lapse = settings.lapse();
    let events = book.history(c.id);
    let days = purchase_days(events, tz);
    let rhythm = super::history::rhythm(events, tz);
    let status = status(events, rhythm, today, tz, lapse);
    let returned_on = days
        .windows(2)
        .rev()
        .find(|w| (w[1] - w[0]).num_days() > lapse)
        .map(|w| w[1]);
    let products = events
        .iter()
        .filter(|e| e.kind == InteractionKind::Purchase && !e.product.trim().is_empty())
        .map(|e| crate::text::fold(e.product.trim()))
        .collect::<HashSet<_>>()
        .len();
    let spent = super::history::revenue(events, &settings.home_currency, &settings.rates);
    let revenue = spent.home;
    let keys = days.last().map(|&last| {
        let first_touch = events
            .first()
            .map(|e| tz.local_date(e.at))
            .unwrap_or(last)
            .min(tz.local_date(c.created_at));
        Keys {
            revenue: revenue as f64,
            frequency: days.len() as f64,
            recency: -((today - last).num_days() as f64),
            relationship: (today - first_touch).num_days() as f64,
            referrals: referred.get(&c.id).copied().unwrap_or(0.0),
            strategic: c.strategic.unwrap_or(0) as f64,
        }
    });
    ContactFacts {
        status,
        stage: c.stage,
        revenue,
        without_rate: spent.without_rate,
        last_contact: super::history::last_contact(events),
        rhythm,
        first_purchase: days.first().copied(),
        last_purchase: days.last().copied(),
        returned_on,
        products,
        keys,
        dashboard: share(events, &day.calendar, settings),
    }
}

/// A customer's place in the pyramid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Standing {
    pub tier: Tier,
    /// 0–100.
    pub score: f64,
    pub ranks: Ranks,
    /// 1 for the highest score.
    pub position: usize,
    /// How many customers are ranked.
    pub of: usize,
}

impl Standing {
    /// Where the customer stands from the top, in whole percent (1–100, rounded up: the
    /// best of 30 is in the top 4 %).
    pub fn top_percent(&self) -> u32 {
        let top = (100.0 * self.position as f64 / self.of.max(1) as f64).ceil() as u32;
        top.clamp(1, 100)
    }
}

/// Every customer's score, tier and position under the user's weights and cut-offs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scoring {
    pub standings: IdMap<ContactId, Standing>,
}

impl Scoring {
    pub fn get(&self, id: ContactId) -> Option<&Standing> {
        self.standings.get(&id)
    }

    pub fn tier(&self, id: ContactId) -> Option<Tier> {
        self.get(id).map(|s| s.tier)
    }
}

/// Every customer's score, tier and position: [`ranking`] then [`scoring_of`].
pub fn scoring(facts: &Facts, settings: &ValueSettings) -> Scoring {
    scoring_of(&ranking(facts), settings)
}

/// Every customer's ranks on each key, by id. They depend on the facts only: a change of
/// weights or cut-offs weighs them again ([`scoring_of`]) without ranking anew.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ranking {
    ranked: Vec<(ContactId, Ranks)>,
}

pub fn ranking(facts: &Facts) -> Ranking {
    let keys = facts.customer_keys();
    Ranking {
        ranked: keys
            .iter()
            .map(|(id, _)| *id)
            .zip(key_ranks(&keys))
            .collect(),
    }
}

/// Scores, tiers and positions under the user's weights and cut-offs.
pub fn scoring_of(ranking: &Ranking, settings: &ValueSettings) -> Scoring {
    let scored = weighed(&ranking.ranked, &settings.weights);
    let order = ranked(&scored);
    let of = order.len();
    let mut standings = IdMap::with_capacity_and_hasher(of, Default::default());
    for (i, &k) in order.iter().enumerate() {
        let (id, ranks, score) = scored[k];
        standings.insert(
            id,
            Standing {
                tier: tier_at(i, of, &settings.cutoffs),
                score,
                ranks,
                position: i + 1,
                of,
            },
        );
    }
    Scoring { standings }
}

/// Percentile ranks 0–100 (ties share the mid rank; a lone value ranks 100): one sort of
/// the positions, then each run of equal values gets the middle of its places.
fn ranks(values: &[f64]) -> Vec<f64> {
    let n = values.len();
    if n == 1 {
        return vec![100.0];
    }
    let mut order: Vec<usize> = (0..n).collect();
    crate::sort::by(&mut order, |&a, &b| values[a].total_cmp(&values[b]));
    let mut out = vec![0.0; n];
    let mut start = 0;
    while let Some(&first) = order.get(start) {
        let v = values[first];
        let run = order[start..]
            .iter()
            .take_while(|&&i| values[i] == v)
            .count();
        let end = start + run.max(1);
        let mid = (start + end - 1) as f64 / 2.0;
        for &i in &order[start..end] {
            out[i] = 100.0 * mid / (n - 1) as f64;
        }
        start = end;
    }
    out
}

/// Each contact's rank on each key.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Ranks {
    pub revenue: f64,
    pub frequency: f64,
    pub recency: f64,
    pub relationship: f64,
    pub referrals: f64,
    pub strategic: f64,
}

/// Ranks and the weighted score (0–100) of every customer.
pub fn scores(keys: &[(ContactId, Keys)], w: &Weights) -> Vec<(ContactId, Ranks, f64)> {
    let ranked: Vec<(ContactId, Ranks)> = keys
        .iter()
        .map(|(id, _)| *id)
        .zip(key_ranks(keys))
        .collect();
    weighed(&ranked, w)
}

/// Each customer's ranks on the six keys, in the order of `keys`.
fn key_ranks(keys: &[(ContactId, Keys)]) -> Vec<Ranks> {
    let col = |f: fn(&Keys) -> f64| ranks(&keys.iter().map(|(_, k)| f(k)).collect::<Vec<_>>());
    // A key a customer has no data for (no referrals, no strategic importance set, no
    // revenue in a currency that counts) earns no points, rather than the rank shared by
    // everyone tied at nothing.
    let some = |f: fn(&Keys) -> f64| {
        let mut r = col(f);
        for (x, (_, k)) in r.iter_mut().zip(keys) {
            if f(k) == 0.0 {
                *x = 0.0;
            }
        }
        r
    };
    let (r, f, c, l, p, s) = (
        some(|k| k.revenue),
        col(|k| k.frequency),
        col(|k| k.recency),
        col(|k| k.relationship),
        some(|k| k.referrals),
        some(|k| k.strategic),
    );
    (0..keys.len())
        .map(|i| Ranks {
            revenue: r[i],
            frequency: f[i],
            recency: c[i],
            relationship: l[i],
            referrals: p[i],
            strategic: s[i],
        })
        .collect()
}

/// The weighted score (0–100) of each ranked customer.
fn weighed(ranked: &[(ContactId, Ranks)], w: &Weights) -> Vec<(ContactId, Ranks, f64)> {
    let clamp = |x: f64| if x.is_finite() { x.max(0.0) } else { 0.0 };
    let ws = [
        clamp(w.revenue),
        clamp(w.frequency),
        clamp(w.recency),
        clamp(w.relationship),
        clamp(w.referrals),
        clamp(w.strategic),
    ];
    let total: f64 = ws.iter().sum();
    ranked
        .iter()
        .map(|&(id, rk)| {
            let parts = [
                rk.revenue,
                rk.frequency,
                rk.recency,
                rk.relationship,
                rk.referrals,
                rk.strategic,
            ];
            let score = if total > 0.0 {
                parts.iter().zip(ws).map(|(p, w)| p * w).sum::<f64>() / total
            } else {
                0.0
            };
            (id, rk, score.clamp(0.0, 100.0))
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    A,
    B,
    C,
    D,
}

impl Tier {
    pub const ALL: [Tier; 4] = [Tier::A, Tier::B, Tier::C, Tier::D];

    pub fn label(self) -> &'static str {
        match self {
            Tier::A => "A",
            Tier::B => "B",
            Tier::C => "C",
            Tier::D => "D",
        }
    }

    pub fn parse(s: &str) -> Option<Tier> {
        Tier::ALL
            .into_iter()
            .find(|t| t.label().eq_ignore_ascii_case(s.trim()))
    }
}

/// Tier cut-offs as shares of the customers, from the top: A, B, C (D is the rest).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Cutoffs {
    pub a: f64,
    pub b: f64,
    pub c: f64,
}

impl Cutoffs {
    /// Whether the tiers A, B and C take 100 % of the customers or less (D gets the rest).
    pub fn fit(&self) -> bool {
        self.a + self.b + self.c <= 1.0 + 1e-9
    }
}

/// A number typed into Settings (`0,5` or `0.5`), if it reads and lies in `min..=max`.
pub fn read_number(raw: &str, min: f64, max: f64) -> Option<f64> {
    let x = raw.trim().replace(',', ".").parse::<f64>().ok()?;
    (x.is_finite() && (min..=max).contains(&x)).then_some(x)
}

impl Default for Cutoffs {
    /// Top 5 %, next 15 %, next 30 %, the rest.
    fn default() -> Self {
        Cutoffs {
            a: 0.05,
            b: 0.15,
            c: 0.30,
        }
    }
}

/// Positions in `scored` by score, highest first (ties broken by id, so it is stable).
fn ranked(scored: &[(ContactId, Ranks, f64)]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scored.len()).collect();
    crate::sort::by(&mut order, |&a, &b| {
        let (a, b) = (&scored[a], &scored[b]);
        b.2.total_cmp(&a.2).then(a.0.cmp(&b.0))
    });
    order
}

/// The tier of the customer at position `i` (0 = best) of `n`.
fn tier_at(i: usize, n: usize, cut: &Cutoffs) -> Tier {
    let clean = |x: f64| if x.is_finite() { x.max(0.0) } else { 0.0 };
    let (a, b, c) = (clean(cut.a), clean(cut.b), clean(cut.c));
    let share = (i as f64 + 1.0) / n.max(1) as f64;
    // A small tolerance so 5 % of 100 is exactly 5 customers despite float rounding.
    let eps = 1e-9;
    if share <= a + eps || (i == 0 && a > 0.0) {
        Tier::A
    } else if share <= a + b + eps {
        Tier::B
    } else if share <= a + b + c + eps {
        Tier::C
    } else {
        Tier::D
    }
}

/// Assigns tiers by score, highest first (ties broken by id, so it is stable).
pub fn tiers(scored: &[(ContactId, Ranks, f64)], cut: &Cutoffs) -> IdMap<ContactId, Tier> {
    let order = ranked(scored);
    let n = order.len();
    order
        .into_iter()
        .enumerate()
        .map(|(i, k)| (scored[k].0, tier_at(i, n, cut)))
        .collect()
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_key_without_data_earns_no_points_in_the_explanation() {
        let k = |revenue: f64, referrals: f64, strategic: f64| Keys {
            revenue,
            frequency: 1.0,
            recency: -10.0,
            relationship: 100.0,
            referrals,
            strategic,
        };
        let id = |n: u8| ContactId::from_random_bytes([n; 16]);
        let keys = vec![
            (id(1), k(100.0, 0.0, 0.0)),
            (id(2), k(200.0, 0.0, 0.0)),
            (id(3), k(0.0, 2.0, 3.0)),
        ];
        let out = scores(&keys, &Weights::default());
        let r = |n: usize| out[n].1;
        // Tied at no referrals (or no importance, or no revenue that counts): 0, not the
        // shared middle rank.
        assert_eq!(
            (r(0).referrals, r(1).referrals, r(2).referrals),
            (0.0, 0.0, 100.0)
        );
        assert_eq!((r(0).strategic, r(2).strategic), (0.0, 100.0));
        assert_eq!(
            (r(0).revenue, r(1).revenue, r(2).revenue),
            (50.0, 100.0, 0.0)
        );
        // Keys every customer has data for keep their shared rank.
        assert_eq!(r(0).frequency, 50.0);
    }

    #[test]
    fn top_percent_rounds_up_and_never_says_top_zero() {
        let at = |position: usize, of: usize| Standing {
            tier: Tier::A,
            score: 50.0,
            ranks: Ranks::default(),
            position,
            of,
        };
        for (position, of, top) in [
            (1, 30, 4),
            (1, 1000, 1),
            (15, 30, 50),
            (16, 30, 54),
            (30, 30, 100),
            (1, 1, 100),
            // Not ranked against anyone (cannot happen in a Scoring): still a percentage.
            (1, 0, 100),
        ] {
            assert_eq!(at(position, of).top_percent(), top, "{position} of {of}");
        }
    }

    #[test]
    fn one_standing_per_contact_purchases_first_then_the_chosen_stage() {
        use super::Relationship as R;
        use crate::Stage;
        let cases = [
            (
                Status::Prospect,
                Stage::Prospect,
                R::NoPurchases(Stage::Prospect),
                "Prospect",
                None,
            ),
            (
                Status::Prospect,
                Stage::Customer,
                R::NoPurchases(Stage::Customer),
                "Customer",
                Some("no purchases recorded"),
            ),
            (
                Status::Prospect,
                Stage::FormerCustomer,
                R::NoPurchases(Stage::FormerCustomer),
                "Former customer",
                Some("no purchases recorded"),
            ),
            (
                Status::Active,
                Stage::Prospect,
                R::Buying(Status::Active),
                "Active",
                None,
            ),
            (
                Status::AtRisk,
                Stage::Customer,
                R::Buying(Status::AtRisk),
                "At risk",
                None,
            ),
            (
                Status::Lapsed,
                Stage::Customer,
                R::Buying(Status::Lapsed),
                "Lapsed",
                None,
            ),
            (
                Status::WonBack,
                Stage::FormerCustomer,
                R::Buying(Status::WonBack),
                "Won back",
                None,
            ),
        ];
        for (status, stage, want, label, note) in cases {
            let r = R::of(status, stage);
            assert_eq!(r, want, "{status:?} {stage:?}");
            assert_eq!(r.label(), label);
            assert_eq!(r.note(), note);
        }
        // `status:prospect` means a prospect by stage too; a customer without purchases
        // recorded is not one.
        assert!(R::of(Status::Prospect, Stage::Prospect).is(Status::Prospect));
        assert!(!R::of(Status::Prospect, Stage::Customer).is(Status::Prospect));
        assert!(R::of(Status::Active, Stage::Prospect).is(Status::Active));
        assert!(!R::of(Status::Active, Stage::Prospect).is(Status::Prospect));
        assert_eq!(
            R::of(Status::AtRisk, Stage::Customer).class(),
            "status at-risk"
        );
        assert_eq!(
            R::of(Status::Prospect, Stage::Customer).class(),
            "stage customer"
        );
    }
    use super::*;
    use crate::analysis::history::rhythm;
    use crate::{Channel, Contact, InteractionId, Money};
    use chrono::{Duration, TimeZone};
    use proptest::prelude::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
    }

    fn purchases(days_ago: &[i64]) -> Vec<Event> {
        let mut v: Vec<Event> = days_ago
            .iter()
            .map(|&a| Event {
                id: InteractionId::from_random_bytes([(a % 250) as u8; 16]),
                at: now() - Duration::days(a),
                kind: InteractionKind::Purchase,
                channel: Channel::Visit,
                amount: Some(Money::new(1000, "TRY")),
                product: String::new(),
                deal: None,
            })
            .collect();
        crate::sort::by_key(&mut v, |e| e.at);
        v
    }

    #[test]
    fn status_table() {
        let today = Tz(0).local_date(now());
        for (name, days, expected) in [
            ("never bought", vec![], Status::Prospect),
            ("monthly, on time", vec![70, 40, 10], Status::Active),
            ("monthly, 75 days late", vec![135, 105, 75], Status::AtRisk),
            ("gone for over a year", vec![500, 470, 440], Status::Lapsed),
            (
                "back after two years away",
                vec![900, 870, 20],
                Status::WonBack,
            ),
            ("one purchase, recent", vec![30], Status::Active),
        ] {
            let e = purchases(&days);
            let got = status(&e, rhythm(&e, Tz(0)), today, Tz(0), 365);
            assert_eq!(got, expected, "{name}");
        }
    }

    #[test]
    fn ranks_are_percentiles_with_shared_ties() {
        assert_eq!(ranks(&[10.0, 20.0, 30.0]), vec![0.0, 50.0, 100.0]);
        assert_eq!(ranks(&[5.0, 5.0]), vec![50.0, 50.0]);
        assert_eq!(ranks(&[7.0]), vec![100.0]);
        assert_eq!(
            ranks(&[3.0, 1.0, 3.0, 2.0, 3.0]),
            vec![75.0, 0.0, 75.0, 25.0, 75.0]
        );
        assert!(ranks(&[]).is_empty());
        // A value that equals nothing, not even itself, still gets a place (and ends).
        assert_eq!(ranks(&[f64::NAN, 1.0]).len(), 2);
    }

    proptest! {
        /// A rank is the middle of the places a value shares: between the number of values
        /// below it and the number at or below it, over all but one value.
        #[test]
        fn ranks_are_the_middle_of_the_shared_places(values in proptest::collection::vec(0u8..6, 2..40)) {
            let values: Vec<f64> = values.into_iter().map(f64::from).collect();
            let n = values.len();
            for (v, r) in values.iter().zip(ranks(&values)) {
                let below = values.iter().filter(|x| *x < v).count();
                let at_or_below = values.iter().filter(|x| *x <= v).count();
                let mid = (below + at_or_below - 1) as f64 / 2.0;
                prop_assert_eq!(r, 100.0 * mid / (n - 1) as f64);
            }
        }

        /// Weighing the ranks again after a weight change gives what scoring from scratch
        /// gives.
        #[test]
        fn a_weight_change_weighs_the_same_ranking_again(values in proptest::collection::vec((0f64..1e4, 0f64..50.0), 1..40), wr in 0f64..10.0, wf in 0f64..10.0) {
            let keys: Vec<(ContactId, Keys)> = values.iter().enumerate().map(|(i, (rev, freq))| (
                ContactId::from_random_bytes([i as u8; 16]),
                Keys { revenue: *rev, frequency: *freq, ..Default::default() },
            )).collect();
            let w = Weights { revenue: wr, frequency: wf, ..Weights::default() };
            let ranking = Ranking { ranked: keys.iter().map(|(id, _)| *id).zip(key_ranks(&keys)).collect() };
            let settings = ValueSettings { weights: w, ..ValueSettings::default() };
            let again = scoring_of(&ranking, &settings);
            let fresh = scores(&keys, &w);
            let tiers = tiers(&fresh, &settings.cutoffs);
            for (id, _, score) in &fresh {
                let s = again.get(*id).copied();
                prop_assert_eq!(s.map(|s| (s.score, s.tier)), Some((*score, tiers[id])));
            }
            prop_assert_eq!(again.standings.len(), keys.len());
            // Positions count from 1, each once, highest score first.
            let mut by_position: Vec<(usize, f64)> = again.standings.values().map(|s| (s.position, s.score)).collect();
            crate::sort::by_key(&mut by_position, |p| p.0);
            prop_assert!(by_position.iter().enumerate().all(|(i, p)| p.0 == i + 1));
            prop_assert!(by_position.windows(2).all(|w| w[0].1 >= w[1].1));
        }
    }

    fn scored(values: &[(f64, f64)], w: &Weights) -> Vec<(ContactId, Ranks, f64)> {
        let keys: Vec<(ContactId, Keys)> = values
            .iter()
            .enumerate()
            .map(|(i, (rev, freq))| {
                (
                    ContactId::from_random_bytes([i as u8; 16]),
                    Keys {
                        revenue: *rev,
                        frequency: *freq,
                        ..Default::default()
                    },
                )
            })
            .collect();
        scores(&keys, w)
    }

    proptest! {
        #[test]
        fn scores_stay_in_range_and_tiers_partition(values in proptest::collection::vec((0f64..1e7, 0f64..50.0), 1..80), wr in 0f64..10.0, wf in 0f64..10.0) {
            let w = Weights { revenue: wr, frequency: wf, ..Weights::default() };
            let s = scored(&values, &w);
            prop_assert!(s.iter().all(|(_, _, x)| (0.0..=100.0).contains(x)));
            let t = tiers(&s, &Cutoffs::default());
            prop_assert_eq!(t.len(), values.len(), "every customer has exactly one tier");
        }

        #[test]
        fn raising_a_weight_never_lowers_the_leaders_score(values in proptest::collection::vec((0f64..1e7, 0f64..50.0), 2..60), w0 in 0f64..5.0, extra in 0f64..5.0) {
            let low = Weights { revenue: w0, ..Weights::default() };
            let high = Weights { revenue: w0 + extra, ..Weights::default() };
            let (a, b) = (scored(&values, &low), scored(&values, &high));
            let leader = a.iter().enumerate().max_by(|x, y| x.1 .1.revenue.total_cmp(&y.1 .1.revenue)).map(|(i, _)| i).unwrap_or(0);
            prop_assert!(b[leader].2 + 1e-9 >= a[leader].2);
        }
    }

    #[test]
    fn default_tiers_are_5_15_30_50_percent() {
        let values: Vec<(f64, f64)> = (0..100).map(|i| (i as f64, 0.0)).collect();
        let t = tiers(&scored(&values, &Weights::default()), &Cutoffs::default());
        let count = |tier| t.values().filter(|x| **x == tier).count();
        assert_eq!(
            (
                count(Tier::A),
                count(Tier::B),
                count(Tier::C),
                count(Tier::D)
            ),
            (5, 15, 30, 50)
        );
    }

    #[test]
    fn keys_count_referrals_that_became_customers() {
        let mut boss = Contact::new(ContactId::from_random_bytes([1; 16]), "Referrer", now());
        boss.created_at = now() - Duration::days(800);
        let mut a = Contact::new(ContactId::from_random_bytes([2; 16]), "Bought", now());
        a.referred_by = Some(boss.id);
        let mut b = Contact::new(ContactId::from_random_bytes([3; 16]), "Never bought", now());
        b.referred_by = Some(boss.id);
        let mut book = Book::from_contacts([boss.clone(), a.clone(), b]);
        book.set_history(boss.id, purchases(&[400, 10]));
        book.set_history(a.id, purchases(&[5]));
        let f = facts(&book, &ValueSettings::default(), now(), Tz(0));
        let k = f.customer_keys();
        let bk = k.iter().find(|(id, _)| *id == boss.id).unwrap().1;
        assert_eq!(bk.referrals, 1.0);
        assert_eq!(bk.frequency, 2.0);
        assert_eq!(bk.recency, -10.0);
        assert_eq!(bk.relationship, 800.0);
        assert_eq!(k.len(), 2, "only customers are ranked");
    }

    #[test]
    fn refreshed_facts_equal_facts_computed_from_scratch_after_every_kind_of_change() {
        use crate::analysis::history::events_of;
        use crate::sample::{generated_book, generated_history};
        let contacts = generated_book(60, 7, now());
        let history = generated_history(&contacts, 4, 8, now());
        let mut book = Book::from_contacts(contacts.clone());
        for c in &contacts {
            book.set_history(
                c.id,
                events_of(history.iter().filter(|i| i.contact_id == c.id)),
            );
        }
        let settings = ValueSettings::default();
        let mut f = facts(&book, &settings, now(), Tz(0));
        // A slice at a time, the same.
        let mut sliced = FactsInProgress::new(&book, &settings, now(), Tz(0));
        let mut steps = 1;
        while !sliced.step(&book, &settings, 7) {
            steps += 1;
        }
        assert_eq!(steps, 60usize.div_ceil(7));
        assert_eq!(sliced.finish(), f);
        let same = |f: &Facts, book: &Book, settings: &ValueSettings, at| {
            let full = facts(book, settings, at, Tz(0));
            assert_eq!(f.today, full.today);
            assert_eq!(f.contacts, full.contacts);
        };
        assert!(
            !f.refresh(&book, &settings, now(), Tz(0)),
            "nothing changed"
        );
        // A new purchase for one contact.
        let (a, b, c) = (contacts[0].id, contacts[1].id, contacts[2].id);
        book.set_history(a, purchases(&[3, 1]));
        assert!(f.refresh(&book, &settings, now(), Tz(0)));
        same(&f, &book, &settings, now());
        // Referred by another contact who then buys: the referrer's keys change too.
        let mut x = book.get(b).unwrap().clone();
        x.referred_by = Some(c);
        book.upsert(x);
        book.set_history(b, purchases(&[2]));
        f.refresh(&book, &settings, now(), Tz(0));
        same(&f, &book, &settings, now());
        // No longer referred: the referrer loses the referral.
        let mut x = book.get(b).unwrap().clone();
        x.referred_by = None;
        book.upsert(x);
        f.refresh(&book, &settings, now(), Tz(0));
        same(&f, &book, &settings, now());
        // A deletion, and many contacts at once (the path of a sync pull).
        let mut d = book.get(a).unwrap().clone();
        d.tombstone(now());
        book.upsert(d);
        let many: Vec<Contact> = contacts[3..40]
            .iter()
            .map(|c| Contact {
                stage: Stage::Customer,
                ..c.clone()
            })
            .collect();
        book.upsert_many(many);
        f.refresh(&book, &settings, now(), Tz(0));
        same(&f, &book, &settings, now());
        assert!(f.get(a).is_none());
        // Many contacts at once, alone.
        let back: Vec<Contact> = contacts[3..40].to_vec();
        book.upsert_many(back);
        assert!(f.refresh(&book, &settings, now(), Tz(0)));
        same(&f, &book, &settings, now());
        // Another day, other settings, another book: all recomputed.
        let later = now() + Duration::days(40);
        f.refresh(&book, &settings, later, Tz(0));
        same(&f, &book, &settings, later);
        let lapse = ValueSettings {
            lapse_days: 30,
            ..ValueSettings::default()
        };
        f.refresh(&book, &lapse, later, Tz(0));
        same(&f, &book, &lapse, later);
        let fresh = Book::from_contacts(contacts[..10].to_vec());
        f.refresh(&fresh, &lapse, later, Tz(0));
        same(&f, &fresh, &lapse, later);
    }

    #[test]
    fn won_back_after_more_than_the_lapse_window_and_products_of_purchases_only() {
        let settings = ValueSettings::default();
        let lapse = settings.lapse();
        let c = |n: u8| Contact::new(ContactId::from_random_bytes([n; 16]), "C", now());
        let (exact, over) = (c(1), c(2));
        let mut book = Book::from_contacts([exact.clone(), over.clone()]);
        // A gap of exactly the window is not a lapse; one day more is.
        book.set_history(exact.id, purchases(&[lapse + 5, 5]));
        book.set_history(over.id, purchases(&[lapse + 6, 5]));
        let f = facts(&book, &settings, now(), Tz(0));
        assert_eq!(f.get(exact.id).unwrap().returned_on, None);
        let back = Tz(0).local_date(now() - Duration::days(5));
        assert_eq!(f.get(over.id).unwrap().returned_on, Some(back));
        // Products: distinct, folded, of purchases only.
        let mut ev = purchases(&[30, 20, 10]);
        ev[0].product = "Beyanname".into();
        ev[1].product = "BEYANNAME ".into();
        ev[2].product = "  ".into();
        let mut note = ev[0].clone();
        note.kind = InteractionKind::Note;
        note.product = "Denetim".into();
        ev.push(note);
        book.set_history(exact.id, ev);
        let f = facts(&book, &settings, now(), Tz(0));
        assert_eq!(f.get(exact.id).unwrap().products, 1);
    }

    #[test]
    fn typed_numbers_and_cutoffs_are_checked() {
        assert_eq!(read_number(" 0,5 ", 0.0, 1.0), Some(0.5));
        assert_eq!(read_number("1", 0.0, 1.0), Some(1.0));
        assert_eq!(read_number("0", 0.0, 1.0), Some(0.0));
        assert_eq!(read_number("1.01", 0.0, 1.0), None);
        assert_eq!(read_number("-0.1", 0.0, 1.0), None);
        assert_eq!(read_number("NaN", 0.0, 1.0), None);
        assert_eq!(read_number("inf", 0.0, f64::INFINITY), None);
        assert_eq!(read_number("yarım", 0.0, 1.0), None);
        assert!(Cutoffs::default().fit());
        assert!(
            Cutoffs {
                a: 0.2,
                b: 0.3,
                c: 0.5
            }
            .fit(),
            "exactly 100 %"
        );
        assert!(!Cutoffs {
            a: 0.2,
            b: 0.3,
            c: 0.51
        }
        .fit());
    }
}
