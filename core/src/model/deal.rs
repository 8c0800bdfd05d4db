//! Deals (issue 11, "from contact to contract"): a proposal with a contact, moving through
//! the user's pipeline of stages until it is won or lost. A stored record like the others:
//! UUID, revisions, tombstones. The rules the board, Today and Insights use live here and
//! in `analysis::pipeline`; the UI says them in words.

use super::contact::ContactId;
use super::rev::{Leaf, Rev, RevPath};
use crate::analysis::Tz;
use crate::money::Money;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

super::interaction::id_type!(DealId);

/// A stage's stable id: the deals name it, so renaming or reordering stages moves none.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StageId(pub String);

impl StageId {
    pub fn new(s: &str) -> Self {
        StageId(s.to_string())
    }
}

/// One column of the board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stage {
    pub id: StageId,
    /// The user's name; `None` for a built-in stage not renamed, which the UI names in its
    /// language (Lead / Aday…).
    #[serde(default)]
    pub name: Option<String>,
    /// Percent, 0–100: a deal's probability unless set on the deal.
    pub probability: u8,
    /// A deal with no activity for longer than this many calendar days is going cold.
    #[serde(default)]
    pub rot_days: Option<u32>,
}

/// The stages in board order, and the reasons a deal can be lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pipeline {
    pub stages: Vec<Stage>,
    pub lost_reasons: Vec<LostReason>,
}

/// Why deals are lost: built-in ids (`price`, `timing`, `competitor`, `no-decision`,
/// `other`) named by the UI, or the user's own with their name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LostReason {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
}

pub const BUILT_IN_STAGES: [&str; 4] = ["lead", "qualified", "proposal", "negotiation"];
pub const BUILT_IN_REASONS: [&str; 5] = ["price", "timing", "competitor", "no-decision", "other"];

impl Default for Pipeline {
    /// A consultant's pipeline: Lead 10 %, Qualified 25 %, Proposal sent 50 %,
    /// Negotiation 75 %; going cold after 30, 21, 14 and 10 days.
    fn default() -> Self {
        let stage = |id: &str, probability, rot| Stage {
            id: StageId::new(id),
            name: None,
            probability,
            rot_days: Some(rot),
        };
        Pipeline {
            stages: vec![
                stage("lead", 10, 30),
                stage("qualified", 25, 21),
                stage("proposal", 50, 14),
                stage("negotiation", 75, 10),
            ],
            lost_reasons: BUILT_IN_REASONS
                .iter()
                .map(|id| LostReason {
                    id: id.to_string(),
                    name: None,
                })
                .collect(),
        }
    }
}

/// Why a stage cannot be removed as asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StageRemoval {
    /// No stage has this id.
    NoSuchStage,
    /// The last stage: a pipeline needs one.
    LastStage,
    /// Deals are in it and no other stage was chosen for them.
    HasDeals { count: usize },
    /// The stage chosen for its deals is the one removed, or does not exist.
    BadTarget,
}

impl Pipeline {
    pub fn stage(&self, id: &StageId) -> Option<&Stage> {
        self.stages.iter().find(|s| &s.id == id)
    }

    /// Where a deal shows on the board: its stage, or — a stage this device does not
    /// know (removed here, still named by a deal from another device) — the first, so
    /// that no open deal is ever hidden.
    pub fn column_of(&self, deal: &Deal) -> usize {
        self.stages
            .iter()
            .position(|s| s.id == deal.stage)
            .unwrap_or(0)
    }

    /// Removes a stage; its open deals go to `move_to`. Returns the deals to move (the
    /// caller moves and saves them with the pipeline).
    pub fn remove_stage(
        &mut self,
        id: &StageId,
        move_to: Option<&StageId>,
        deals: &[Deal],
    ) -> Result<Vec<DealId>, StageRemoval> {
        let at = self
            .stages
            .iter()
            .position(|s| &s.id == id)
            .ok_or(StageRemoval::NoSuchStage)?;
        if self.stages.len() == 1 {
            return Err(StageRemoval::LastStage);
        }
        let in_it: Vec<DealId> = deals
            .iter()
            .filter(|d| !d.is_deleted() && &d.stage == id)
            .map(|d| d.id)
            .collect();
        match move_to {
            None if !in_it.is_empty() => return Err(StageRemoval::HasDeals { count: in_it.len() }),
            Some(to) if to == id || self.stage(to).is_none() => {
                return Err(StageRemoval::BadTarget)
            }
            _ => {}
        }
        self.stages.remove(at);
        Ok(in_it)
    }
}

/// What is wrong with a stage as typed in Settings → **Pipeline**.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageError {
    /// Not a whole number from 0 to 100.
    BadProbability,
    /// Neither empty nor a whole number of days from 1 to 3650.
    BadRotDays,
    /// A stage the user added needs a name.
    NameMissing,
}

/// A stage's row in Settings → **Pipeline** as typed.
#[derive(Debug, Clone, Copy)]
pub struct StageTyped<'a> {
    pub name: &'a str,
    /// A whole percent, `%` allowed.
    pub probability: &'a str,
    /// Going-cold days, or empty for never.
    pub rot_days: &'a str,
}

impl Pipeline {
    /// Sets a stage's name, default probability and going-cold days from what was typed.
    /// A built-in stage given its built-in name (`built_in`, in the screen's language) or
    /// an empty one keeps no name of its own, so it stays named in every language.
    pub fn edit_stage(
        &mut self,
        at: usize,
        typed: StageTyped<'_>,
        built_in: Option<&str>,
    ) -> Result<(), Vec<StageError>> {
        let StageTyped {
            name,
            probability,
            rot_days,
        } = typed;
        let mut errors = Vec::new();
        let probability = match probability
            .trim()
            .trim_end_matches('%')
            .trim()
            .parse::<u8>()
        {
            Ok(p) if p <= 100 => p,
            _ => {
                errors.push(StageError::BadProbability);
                0
            }
        };
        let rot_days = match rot_days.trim() {
            "" => None,
            d => match d.parse::<u32>() {
                Ok(d) if (1..=3650).contains(&d) => Some(d),
                _ => {
                    errors.push(StageError::BadRotDays);
                    None
                }
            },
        };
        let name = name.trim();
        let name = match built_in {
            Some(b) if name.is_empty() || name == b => None,
            _ if name.is_empty() => {
                errors.push(StageError::NameMissing);
                None
            }
            _ => Some(name.to_string()),
        };
        let Some(stage) = self.stages.get_mut(at) else {
            return Ok(());
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        stage.name = name;
        stage.probability = probability;
        stage.rot_days = rot_days;
        Ok(())
    }

    /// Moves the stage at `at` one place earlier (`up`) or later on the board.
    pub fn move_stage(&mut self, at: usize, up: bool) {
        let to = if up { at.checked_sub(1) } else { Some(at + 1) };
        if let Some(to) = to.filter(|&to| to < self.stages.len() && at < self.stages.len()) {
            self.stages.swap(at, to);
        }
    }

    /// Adds a stage at the end (before Won / Lost, which are not stages), with a fresh id.
    pub fn add_stage(&mut self, id: StageId, name: &str) {
        self.stages.push(Stage {
            id,
            name: Some(name.trim().to_string()),
            probability: 50,
            rot_days: None,
        });
    }
}

/// Why a lost reason cannot be changed as asked in Settings → **Pipeline**.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReasonError {
    /// A reason the user added needs a name.
    NameMissing,
    /// Lost deals give it as their reason: it stays (renaming it is fine), so they keep
    /// a reason that reads.
    InUse { count: usize },
    /// **Mark lost** needs at least one reason to offer.
    LastReason,
}

impl Pipeline {
    /// Renames the lost reason at `at`; like a stage, a built-in one given its built-in
    /// name (`built_in`, in the screen's language) or none keeps no name of its own.
    pub fn edit_reason(
        &mut self,
        at: usize,
        name: &str,
        built_in: Option<&str>,
    ) -> Result<(), ReasonError> {
        let name = name.trim();
        let name = match built_in {
            Some(b) if name.is_empty() || name == b => None,
            _ if name.is_empty() => return Err(ReasonError::NameMissing),
            _ => Some(name.to_string()),
        };
        if let Some(r) = self.lost_reasons.get_mut(at) {
            r.name = name;
        }
        Ok(())
    }

    /// Adds a lost reason at the end, with a fresh id.
    pub fn add_reason(&mut self, id: String, name: &str) -> Result<(), ReasonError> {
        match name.trim() {
            "" => Err(ReasonError::NameMissing),
            n => {
                self.lost_reasons.push(LostReason {
                    id,
                    name: Some(n.to_string()),
                });
                Ok(())
            }
        }
    }

    /// Removes a lost reason no live deal gives, and never the last one.
    pub fn remove_reason(&mut self, id: &str, deals: &[Deal]) -> Result<(), ReasonError> {
        let count = deals
            .iter()
            .filter(|d| !d.is_deleted())
            .filter(|d| matches!(&d.status, DealStatus::Lost { reason, .. } if reason == id))
            .count();
        if count > 0 {
            return Err(ReasonError::InUse { count });
        }
        if self.lost_reasons.iter().all(|r| r.id == id) {
            return Err(ReasonError::LastReason);
        }
        self.lost_reasons.retain(|r| r.id != id);
        Ok(())
    }
}

/// Open, or decided on a local date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum DealStatus {
    Open,
    Won {
        on: NaiveDate,
    },
    Lost {
        on: NaiveDate,
        /// A `LostReason` id.
        reason: String,
        #[serde(default)]
        note: String,
    },
}

/// A step in a deal's history: it entered `stage`, or (`None`) it left the board, won or
/// lost. Reopening enters its stage again, so time in stage counts only open time.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct StageEntry {
    pub at: DateTime<Utc>,
    #[serde(default)]
    pub stage: Option<StageId>,
}

/// A product or service on the deal. `quantity_milli` is thousandths (1.5 days = 1500).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineItem {
    pub product: String,
    pub quantity_milli: i64,
    pub unit_price: Money,
}

impl LineItem {
    /// The lines' totals added up; `None` without lines or when their currencies differ.
    pub fn sum(lines: &[LineItem]) -> Option<Money> {
        let first = lines.first()?.unit_price.currency.clone();
        let mut sum: i64 = 0;
        for l in lines {
            if l.unit_price.currency != first {
                return None;
            }
            sum = sum.saturating_add(l.total().minor);
        }
        Some(Money::new(sum, &first))
    }

    /// Quantity × unit price, rounded to the nearest minor unit (halves away from zero).
    pub fn total(&self) -> Money {
        let exact = i128::from(self.unit_price.minor) * i128::from(self.quantity_milli);
        Money::new(round_div(exact, 1000), &self.unit_price.currency)
    }
}

/// `n / d` rounded to the nearest integer, halves away from zero, clamped to i64.
fn round_div(n: i128, d: i128) -> i64 {
    let q = (n.abs() + d / 2) / d;
    let q = if n < 0 { -q } else { q };
    q.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deal {
    pub id: DealId,
    pub contact_id: ContactId,
    pub title: String,
    /// The amount typed; without it the line items' sum is the amount.
    #[serde(default)]
    pub amount: Option<Money>,
    pub stage: StageId,
    /// Percent; `None` follows the stage's default.
    #[serde(default)]
    pub probability: Option<u8>,
    /// The user's local date.
    #[serde(default)]
    pub expected_close: Option<NaiveDate>,
    pub status: DealStatus,
    #[serde(default)]
    pub lines: Vec<LineItem>,
    #[serde(default)]
    pub notes: String,
    /// Oldest first; the first entry is the deal's creation in its first stage.
    pub history: Vec<StageEntry>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[serde(default)]
    pub deleted_at: Option<DateTime<Utc>>,
    /// Revision (CouchDB's form), its ancestry and the versions that lost a conflict; see
    /// `model::rev`. Set by the store's write path, never by hand.
    #[serde(rename = "_rev", default, skip_serializing_if = "Rev::is_none")]
    pub rev: Rev,
    #[serde(
        rename = "_revisions",
        default,
        skip_serializing_if = "RevPath::is_empty"
    )]
    pub revisions: RevPath,
    #[serde(rename = "_conflicts", default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Leaf>,
}

/// Why a status change was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DealChange {
    /// Won or lost already: reopen it first.
    AlreadyDecided,
    /// Open already.
    NotDecided,
    /// A lost deal needs a reason.
    NoReason,
}

impl Deal {
    /// A new open deal in `stage`, created at `now`.
    pub fn new(
        id: DealId,
        contact_id: ContactId,
        title: &str,
        stage: StageId,
        now: DateTime<Utc>,
    ) -> Deal {
        Deal {
            id,
            contact_id,
            title: title.trim().to_string(),
            amount: None,
            stage: stage.clone(),
            probability: None,
            expected_close: None,
            status: DealStatus::Open,
            lines: Vec::new(),
            notes: String::new(),
            history: vec![StageEntry {
                at: now,
                stage: Some(stage),
            }],
            created_at: now,
            updated_at: now,
            deleted_at: None,
            rev: Rev::default(),
            revisions: RevPath::default(),
            conflicts: Vec::new(),
        }
    }

    pub fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }

    pub fn is_open(&self) -> bool {
        !self.is_deleted() && self.status == DealStatus::Open
    }

    /// The typed amount, else the line items' sum when they share one currency.
    pub fn value(&self) -> Option<Money> {
        match &self.amount {
            Some(m) => Some(m.clone()),
            None => LineItem::sum(&self.lines),
        }
    }

    /// The deal's own probability, else its stage's (0 for a stage this device lacks).
    pub fn probability(&self, pipeline: &Pipeline) -> u8 {
        self.probability
            .or_else(|| pipeline.stage(&self.stage).map(|s| s.probability))
            .unwrap_or(0)
            .min(100)
    }

    /// Value × probability, rounded to the nearest minor unit.
    pub fn weighted(&self, pipeline: &Pipeline) -> Option<Money> {
        let v = self.value()?;
        let p = i128::from(self.probability(pipeline));
        Some(Money::new(
            round_div(i128::from(v.minor) * p, 100),
            &v.currency,
        ))
    }

    /// Moves an open deal to another stage (nothing when it is there already).
    pub fn move_to(&mut self, stage: StageId, now: DateTime<Utc>) -> Result<(), DealChange> {
        if self.status != DealStatus::Open {
            return Err(DealChange::AlreadyDecided);
        }
        if self.stage == stage {
            return Ok(());
        }
        self.stage = stage.clone();
        self.history.push(StageEntry {
            at: now,
            stage: Some(stage),
        });
        self.updated_at = now;
        Ok(())
    }

    pub fn mark_won(&mut self, on: NaiveDate, now: DateTime<Utc>) -> Result<(), DealChange> {
        self.decide(DealStatus::Won { on }, now)
    }

    pub fn mark_lost(
        &mut self,
        on: NaiveDate,
        reason: &str,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<(), DealChange> {
        if reason.trim().is_empty() {
            return Err(DealChange::NoReason);
        }
        self.decide(
            DealStatus::Lost {
                on,
                reason: reason.trim().to_string(),
                note: note.trim().to_string(),
            },
            now,
        )
    }

    fn decide(&mut self, status: DealStatus, now: DateTime<Utc>) -> Result<(), DealChange> {
        if self.status != DealStatus::Open {
            return Err(DealChange::AlreadyDecided);
        }
        self.status = status;
        self.history.push(StageEntry {
            at: now,
            stage: None,
        });
        self.updated_at = now;
        Ok(())
    }

    /// Back on the board, in the stage it left from.
    pub fn reopen(&mut self, now: DateTime<Utc>) -> Result<(), DealChange> {
        if self.status == DealStatus::Open {
            return Err(DealChange::NotDecided);
        }
        self.status = DealStatus::Open;
        self.history.push(StageEntry {
            at: now,
            stage: Some(self.stage.clone()),
        });
        self.updated_at = now;
        Ok(())
    }

    /// **Record as purchase**: the purchase a won deal becomes, dated the day it was won (at
    /// the user's local noon, like every interaction without a time), with the deal's amount
    /// and its products, linked to the deal. `None` unless the deal is won.
    pub fn won_purchase(
        &self,
        id: super::interaction::InteractionId,
        tz: Tz,
        now: DateTime<Utc>,
    ) -> Option<super::interaction::Interaction> {
        use super::interaction::{Channel, Direction, Interaction, InteractionKind};
        let DealStatus::Won { on } = self.status else {
            return None;
        };
        let products: Vec<&str> = self
            .lines
            .iter()
            .map(|l| l.product.trim())
            .filter(|p| !p.is_empty())
            .collect();
        Some(Interaction {
            id,
            contact_id: self.contact_id,
            at: tz.to_utc(on, None),
            time_known: false,
            channel: Channel::Other,
            direction: Direction::Inbound,
            kind: InteractionKind::Purchase,
            summary: self.title.clone(),
            details: String::new(),
            amount: self.value(),
            product: if products.is_empty() {
                self.title.clone()
            } else {
                products.join(", ")
            },
            status: None,
            deal_id: Some(self.id),
            created_at: now,
            updated_at: now,
            deleted_at: None,
            rev: Rev::default(),
            revisions: RevPath::default(),
            conflicts: Vec::new(),
        })
    }

    /// When it last entered its current stage (creation, a move or a reopening).
    pub fn entered_stage(&self) -> DateTime<Utc> {
        self.history
            .iter()
            .rev()
            .find(|e| e.stage.is_some())
            .map(|e| e.at)
            .unwrap_or(self.created_at)
    }

    /// Calendar days in the current stage, in the user's time zone.
    pub fn days_in_stage(&self, today: NaiveDate, tz: Tz) -> i64 {
        (today - tz.local_date(self.entered_stage()))
            .num_days()
            .max(0)
    }

    /// Open time spent in each stage, over the whole history (a stage entered twice adds
    /// up; time between a decision and a reopening counts nowhere).
    pub fn time_in_stages(&self, now: DateTime<Utc>) -> BTreeMap<StageId, Duration> {
        let mut steps = self.history.clone();
        crate::sort::natural(&mut steps);
        let mut out: BTreeMap<StageId, Duration> = BTreeMap::new();
        for (i, e) in steps.iter().enumerate() {
            let Some(stage) = &e.stage else { continue };
            let end = steps.get(i + 1).map(|n| n.at).unwrap_or(now);
            let spent = (end - e.at).max(Duration::zero());
            *out.entry(stage.clone()).or_insert_with(Duration::zero) += spent;
        }
        out
    }

    /// Going cold: open, in a stage with a rotting limit, and no activity (a move, a
    /// reopening, or `last_activity` — its latest linked interaction) for more calendar
    /// days than the limit.
    pub fn is_rotting(
        &self,
        pipeline: &Pipeline,
        last_activity: Option<DateTime<Utc>>,
        today: NaiveDate,
        tz: Tz,
    ) -> bool {
        let Some(limit) = pipeline.stage(&self.stage).and_then(|s| s.rot_days) else {
            return false;
        };
        if !self.is_open() {
            return false;
        }
        let latest = last_activity.map_or(self.entered_stage(), |a| a.max(self.entered_stage()));
        (today - tz.local_date(latest)).num_days() > i64::from(limit)
    }
}

impl Deal {
    /// Its stage history together with that of every version that lost a conflict (two
    /// devices moved it at once): the deal stands in the winner's stage, and time in stage
    /// and conversion count every move either device made. Derived when read, so the
    /// stored record stays exactly the revision both devices agree on.
    pub fn all_moves(&self) -> Vec<StageEntry> {
        let mut all = self.history.clone();
        for leaf in crate::model::rev::live_conflicts(self) {
            let other = leaf
                .doc
                .as_ref()
                .and_then(|d| d.get("history"))
                .and_then(|h| serde_json::from_value::<Vec<StageEntry>>(h.clone()).ok());
            if let Some(other) = other {
                all = merge_history(&all, &other);
            }
        }
        all
    }
}

/// Two devices' histories of one deal as one: every step either saw, once each, in time
/// order (the merged record's stage is the winner's; this keeps both sides' moves).
pub fn merge_history(a: &[StageEntry], b: &[StageEntry]) -> Vec<StageEntry> {
    let mut all: Vec<StageEntry> = a.iter().chain(b).cloned().collect();
    crate::sort::natural(&mut all);
    all.dedup();
    all
}

#[cfg(test)]
#[allow(clippy::inconsistent_digit_grouping)] // whole units _ cents
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0).unwrap()
    }
    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }
    fn deal(amount: Option<i64>) -> Deal {
        let mut d = Deal::new(
            DealId::from_random_bytes([1; 16]),
            ContactId::from_random_bytes([2; 16]),
            "  Denetim teklifi ",
            StageId::new("lead"),
            t(1, 9),
        );
        d.amount = amount.map(|m| Money::new(m, "TRY"));
        d
    }
    fn line(q: i64, price: i64, cur: &str) -> LineItem {
        LineItem {
            product: "Danışmanlık".into(),
            quantity_milli: q,
            unit_price: Money::new(price, cur),
        }
    }

    fn typed<'a>(name: &'a str, probability: &'a str, rot_days: &'a str) -> StageTyped<'a> {
        StageTyped {
            name,
            probability,
            rot_days,
        }
    }

    #[test]
    fn stages_are_edited_reordered_and_added_and_bad_input_changes_nothing() {
        let mut p = Pipeline::default();
        let before = p.clone();
        assert_eq!(
            p.edit_stage(0, typed("", "101", "0"), Some("Lead")),
            Err(vec![StageError::BadProbability, StageError::BadRotDays])
        );
        assert_eq!(p, before, "refused: nothing changed");
        // The built-in name (or none) keeps the stage named in every language.
        p.edit_stage(0, typed("Lead", "15 %", ""), Some("Lead"))
            .unwrap();
        assert_eq!(p.stages[0].name, None);
        assert_eq!(p.stages[0].probability, 15);
        assert_eq!(p.stages[0].rot_days, None);
        p.edit_stage(
            2,
            typed(" Teklif verildi ", "40", "3650"),
            Some("Proposal sent"),
        )
        .unwrap();
        assert_eq!(p.stages[2].name.as_deref(), Some("Teklif verildi"));
        assert_eq!(p.stages[2].rot_days, Some(3650));
        assert!(p.edit_stage(2, typed("x", "100", "3651"), None).is_err());
        assert!(p.edit_stage(2, typed("x", "0", "1"), None).is_ok());
        p.add_stage(StageId::new("custom-1"), "Sözleşme");
        assert_eq!(
            p.edit_stage(4, typed(" ", "50", ""), None),
            Err(vec![StageError::NameMissing]),
            "a stage of the user's own needs a name"
        );
        p.move_stage(4, true);
        p.move_stage(0, true);
        p.move_stage(4, false);
        let ids: Vec<&str> = p.stages.iter().map(|s| s.id.0.as_str()).collect();
        assert_eq!(
            ids,
            ["lead", "qualified", "proposal", "custom-1", "negotiation"]
        );
        // Deals keep their stage id: renaming or reordering moves none.
        let d = deal(None);
        assert_eq!(p.column_of(&d), 0);
    }

    #[test]
    fn a_won_deal_becomes_a_purchase_on_the_day_it_was_won() {
        use crate::model::interaction::{InteractionId, InteractionKind};
        let id = InteractionId::from_random_bytes([9; 16]);
        let tz = Tz(180);
        let mut d = deal(Some(1_250_000));
        assert_eq!(d.won_purchase(id, tz, t(3, 9)), None, "open: no purchase");
        d.mark_won(day(3), t(3, 9)).unwrap();
        let p = d.won_purchase(id, tz, t(3, 10)).unwrap();
        assert_eq!(p.kind, InteractionKind::Purchase);
        assert_eq!(p.amount, Some(Money::new(1_250_000, "TRY")));
        assert_eq!(p.deal_id, Some(d.id));
        assert_eq!(p.contact_id, d.contact_id);
        assert_eq!(tz.local_date(p.at), day(3));
        assert!(!p.time_known);
        assert_eq!(p.summary, "Denetim teklifi");
        assert_eq!(p.product, "Denetim teklifi", "no line items: the title");
        assert_eq!(p.created_at, t(3, 10));
        // With line items and no typed amount: their sum, and their products.
        let mut d = deal(None);
        d.lines = vec![line(1500, 10_000, "TRY"), line(1000, 5_000, "TRY")];
        d.lines[1].product = "  ".into();
        d.lines.push(LineItem {
            product: "Eğitim".into(),
            ..line(1000, 1, "TRY")
        });
        d.mark_won(day(3), t(3, 9)).unwrap();
        let p = d.won_purchase(id, tz, t(3, 10)).unwrap();
        assert_eq!(p.amount, Some(Money::new(20_001, "TRY")));
        assert_eq!(p.product, "Danışmanlık, Eğitim");
        let mut lost = deal(Some(1));
        lost.mark_lost(day(3), "price", "", t(3, 9)).unwrap();
        assert_eq!(lost.won_purchase(id, tz, t(3, 10)), None);
    }

    #[test]
    fn weighted_value_follows_the_stage_unless_the_deal_says() {
        let p = Pipeline::default();
        let mut d = deal(Some(1_000_01));
        assert_eq!(d.title, "Denetim teklifi");
        // 10 % of 1,000.01 = 100.001 → 100.00.
        assert_eq!(d.weighted(&p), Some(Money::new(100_00, "TRY")));
        d.move_to(StageId::new("proposal"), t(2, 9)).unwrap();
        // 50 % of 100,001 kuruş = 50,000.5 → 50,001 (half away from zero).
        assert_eq!(d.weighted(&p), Some(Money::new(50_001, "TRY")));
        d.probability = Some(90);
        assert_eq!(d.probability(&p), 90);
        assert_eq!(d.weighted(&p), Some(Money::new(90_001, "TRY")));
        d.probability = Some(250);
        assert_eq!(d.probability(&p), 100, "never above 100 %");
        d.probability = None;
        d.stage = StageId::new("gone");
        assert_eq!(
            d.weighted(&p),
            Some(Money::new(0, "TRY")),
            "an unknown stage weighs 0"
        );
        assert_eq!(deal(None).weighted(&p), None, "no amount, no weight");
    }

    #[test]
    fn the_amount_is_the_lines_sum_unless_typed() {
        let mut d = deal(None);
        d.lines = vec![line(1_500, 8_000_00, "TRY"), line(3_000, 333, "TRY")];
        // 1.5 × 8,000.00 + 3 × 3.33 = 12,009.99
        assert_eq!(d.value(), Some(Money::new(1_200_999, "TRY")));
        assert_eq!(
            line(333, 1, "TRY").total().minor,
            0,
            "a third of a kuruş rounds to 0"
        );
        assert_eq!(line(500, 1, "TRY").total().minor, 1, "a half rounds up");
        // A discount line: 1.5 × -3.33 = -4.995 → -5.00 (halves away from zero).
        assert_eq!(line(1_500, -333, "TRY").total().minor, -500);
        assert_eq!(line(1_000, -100, "TRY").total().minor, -100);
        d.lines.push(line(1_000, 100, "EUR"));
        assert_eq!(d.value(), None, "two currencies do not add up");
        d.amount = Some(Money::new(5, "EUR"));
        assert_eq!(d.value(), Some(Money::new(5, "EUR")), "a typed amount wins");
    }

    #[test]
    fn moving_deciding_and_reopening_keep_the_history() {
        let mut d = deal(Some(100));
        assert_eq!(d.move_to(StageId::new("lead"), t(2, 9)), Ok(()));
        assert_eq!(d.history.len(), 1, "a move to the same stage is no step");
        d.move_to(StageId::new("proposal"), t(3, 9)).unwrap();
        assert_eq!(
            d.mark_lost(day(5), " ", "", t(5, 9)),
            Err(DealChange::NoReason)
        );
        d.mark_lost(day(5), "price", " pahalı ", t(5, 9)).unwrap();
        assert!(!d.is_open());
        assert_eq!(
            d.status,
            DealStatus::Lost {
                on: day(5),
                reason: "price".into(),
                note: "pahalı".into()
            }
        );
        assert_eq!(d.mark_won(day(6), t(6, 9)), Err(DealChange::AlreadyDecided));
        assert_eq!(
            d.move_to(StageId::new("lead"), t(6, 9)),
            Err(DealChange::AlreadyDecided)
        );
        d.reopen(t(8, 9)).unwrap();
        assert_eq!(d.reopen(t(8, 9)), Err(DealChange::NotDecided));
        assert_eq!(d.stage, StageId::new("proposal"));
        assert_eq!(d.entered_stage(), t(8, 9));
        assert_eq!(d.updated_at, t(8, 9));
        // Lead 1st → 3rd (2 days); Proposal 3rd → 5th and 8th → 10th (4 days).
        let spent = d.time_in_stages(t(10, 9));
        assert_eq!(spent[&StageId::new("lead")], Duration::days(2));
        assert_eq!(spent[&StageId::new("proposal")], Duration::days(4));
        assert_eq!(d.days_in_stage(day(10), Tz(0)), 2);
    }

    #[test]
    fn rotting_counts_calendar_days_in_the_users_time_zone() {
        let p = Pipeline::default(); // lead: 30 days
        let d = deal(Some(100)); // entered lead 1 Nov 09:00 UTC
        let dec = |d: u32| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        assert!(!d.is_rotting(&p, None, dec(1), Tz(0)), "30 days: not yet");
        assert!(d.is_rotting(&p, None, dec(2), Tz(0)), "31 days");
        // An interaction on 10 Nov restarts the count.
        assert!(!d.is_rotting(&p, Some(t(10, 12)), dec(2), Tz(0)));
        // 23:30 UTC on 1 Nov is 2 Nov in Istanbul (+3 h): one day less.
        let mut late = deal(Some(100));
        late.history[0].at = Utc.with_ymd_and_hms(2026, 11, 1, 23, 30, 0).unwrap();
        assert!(late.is_rotting(&p, None, dec(2), Tz(0)));
        assert!(!late.is_rotting(&p, None, dec(2), Tz(180)));
        let mut won = deal(Some(100));
        won.mark_won(day(2), t(2, 9)).unwrap();
        assert!(
            !won.is_rotting(&p, None, dec(30), Tz(0)),
            "a decided deal does not rot"
        );
        let mut no_limit = Pipeline::default();
        no_limit.stages[0].rot_days = None;
        assert!(!d.is_rotting(&no_limit, None, dec(30), Tz(0)));
    }

    #[test]
    fn lost_reasons_are_renamed_added_and_removed_only_when_no_deal_gives_them() {
        let mut p = Pipeline::default();
        // A built-in reason given its built-in name or none keeps no name of its own.
        p.edit_reason(0, " Price ", Some("Price")).unwrap();
        assert_eq!(p.lost_reasons[0].name, None);
        p.edit_reason(0, "Bütçe yetmedi", Some("Price")).unwrap();
        assert_eq!(p.lost_reasons[0].name.as_deref(), Some("Bütçe yetmedi"));
        p.edit_reason(0, "", Some("Price")).unwrap();
        assert_eq!(p.lost_reasons[0].name, None);
        assert_eq!(
            p.add_reason("r-1".into(), "  "),
            Err(ReasonError::NameMissing)
        );
        p.add_reason("r-1".into(), " Kapsam değişti ").unwrap();
        assert_eq!(p.lost_reasons.len(), 6);
        assert_eq!(p.lost_reasons[5].name.as_deref(), Some("Kapsam değişti"));
        assert_eq!(p.edit_reason(5, " ", None), Err(ReasonError::NameMissing));
        assert_eq!(p.lost_reasons[5].name.as_deref(), Some("Kapsam değişti"));
        // Given by a live lost deal: it stays; a deleted one does not count.
        let mut lost = deal(None);
        lost.mark_lost(day(3), "r-1", "", t(3, 9)).unwrap();
        let mut gone = lost.clone();
        gone.id = DealId::from_random_bytes([9; 16]);
        gone.tombstone(t(4, 9));
        assert_eq!(
            p.remove_reason("r-1", &[lost.clone(), gone.clone()]),
            Err(ReasonError::InUse { count: 1 })
        );
        p.remove_reason("r-1", &[gone]).unwrap();
        p.remove_reason("price", &[lost.clone()]).unwrap();
        assert_eq!(p.lost_reasons.len(), 4);
        for id in ["timing", "competitor", "no-decision"] {
            p.remove_reason(id, &[]).unwrap();
        }
        assert_eq!(p.remove_reason("other", &[]), Err(ReasonError::LastReason));
        assert_eq!(p.lost_reasons.len(), 1);
    }

    #[test]
    fn a_stage_with_deals_goes_only_with_somewhere_for_them() {
        let mut p = Pipeline::default();
        let d = deal(Some(1));
        let lead = StageId::new("lead");
        let qualified = StageId::new("qualified");
        // A deleted deal in the stage and a deal in another stage do not count.
        let mut deleted = deal(Some(1));
        deleted.id = DealId::from_random_bytes([3; 16]);
        deleted.tombstone(t(2, 9));
        let mut elsewhere = deal(Some(1));
        elsewhere.id = DealId::from_random_bytes([4; 16]);
        elsewhere.stage = StageId::new("proposal");
        assert_eq!(p.column_of(&elsewhere), 2);
        let deals = [d.clone(), deleted, elsewhere];
        assert_eq!(
            p.remove_stage(&lead, None, &deals),
            Err(StageRemoval::HasDeals { count: 1 })
        );
        assert_eq!(
            p.remove_stage(&lead, Some(&lead), &deals),
            Err(StageRemoval::BadTarget)
        );
        assert_eq!(
            p.remove_stage(&lead, Some(&StageId::new("x")), &deals),
            Err(StageRemoval::BadTarget)
        );
        assert_eq!(
            p.remove_stage(&StageId::new("x"), None, &deals),
            Err(StageRemoval::NoSuchStage)
        );
        assert_eq!(p.stages.len(), 4, "refusals change nothing");
        assert_eq!(
            p.remove_stage(&lead, Some(&qualified), &deals),
            Ok(vec![d.id])
        );
        assert_eq!(p.stages[0].id, qualified);
        // A deal naming the removed stage shows in the first column, not nowhere.
        assert_eq!(p.column_of(&d), 0);
        assert_eq!(p.remove_stage(&qualified, None, &[]), Ok(vec![]));
        p.stages.truncate(1);
        let only = p.stages[0].id.clone();
        assert_eq!(
            p.remove_stage(&only, None, &[]),
            Err(StageRemoval::LastStage)
        );
    }

    #[test]
    fn two_devices_moves_merge_into_one_history() {
        let base = deal(Some(1));
        let mut laptop = base.clone();
        laptop.move_to(StageId::new("qualified"), t(2, 9)).unwrap();
        let mut phone = base.clone();
        phone.move_to(StageId::new("proposal"), t(3, 9)).unwrap();
        let merged = merge_history(&phone.history, &laptop.history);
        assert_eq!(
            merged.iter().map(|e| e.at).collect::<Vec<_>>(),
            vec![t(1, 9), t(2, 9), t(3, 9)]
        );
        assert_eq!(
            merge_history(&merged, &merged),
            merged,
            "merging twice adds nothing"
        );
    }

    #[test]
    fn a_deal_reads_back_as_stored() {
        let mut d = deal(Some(12_345));
        d.lines.push(line(2_000, 50_00, "TRY"));
        d.mark_lost(day(4), "competitor", "", t(4, 9)).unwrap();
        let json = serde_json::to_string(&d).unwrap();
        assert!(
            json.contains(
                r#""status":{"state":"lost","on":"2026-11-04","reason":"competitor","note":""}"#
            ),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<Deal>(&json).unwrap(), d);
    }
}
