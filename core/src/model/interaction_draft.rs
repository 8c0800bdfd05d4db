//! What the Log interaction form edits, validated into an `Interaction` in one place.

use super::interaction::{Channel, Direction, Interaction, InteractionKind, Status};
use crate::analysis::Tz;
use crate::money::{parse_amount_as, AmountError, Convention, Money};
use crate::Lang;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InteractionField {
    Summary,
    Date,
    Time,
    Amount,
    Currency,
    FollowUp,
}

/// What is wrong with a draft (the UI words it, in the user's language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InteractionError {
    /// The summary is empty.
    SummaryMissing,
    /// The date is not `YYYY-MM-DD`.
    BadDate,
    /// The time is neither empty nor `HH:MM`.
    BadTime,
    /// A purchase's amount could not be read.
    Amount(AmountError),
    /// The currency is not a three-letter code.
    BadCurrency,
    /// The follow-up date is neither empty nor `YYYY-MM-DD`.
    BadFollowUp,
}

impl InteractionError {
    /// The field the problem is shown beside.
    pub fn field(&self) -> InteractionField {
        match self {
            InteractionError::SummaryMissing => InteractionField::Summary,
            InteractionError::BadDate => InteractionField::Date,
            InteractionError::BadTime => InteractionField::Time,
            InteractionError::Amount(_) => InteractionField::Amount,
            InteractionError::BadCurrency => InteractionField::Currency,
            InteractionError::BadFollowUp => InteractionField::FollowUp,
        }
    }
}

/// The form's contents, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InteractionDraft {
    pub channel: Channel,
    pub direction: Direction,
    pub kind: InteractionKind,
    pub summary: String,
    pub details: String,
    /// `YYYY-MM-DD` (a date input's value).
    pub date: String,
    /// `HH:MM` or empty.
    pub time: String,
    pub amount: String,
    pub currency: String,
    pub product: String,
    /// Complaints and requests: resolved (with the date it was resolved) or open.
    pub resolved: bool,
    /// `YYYY-MM-DD` or empty.
    pub follow_up: String,
}

impl InteractionDraft {
    /// A new entry dated today.
    pub fn new(today: NaiveDate) -> Self {
        InteractionDraft {
            channel: Channel::Phone,
            direction: Direction::Outbound,
            kind: InteractionKind::Call,
            summary: String::new(),
            details: String::new(),
            date: today.to_string(),
            time: String::new(),
            amount: String::new(),
            currency: "TRY".into(),
            product: String::new(),
            resolved: false,
            follow_up: String::new(),
        }
    }

    pub fn from_interaction(i: &Interaction, tz: Tz) -> Self {
        let local = tz.local_datetime(i.at);
        InteractionDraft {
            channel: i.channel,
            direction: i.direction,
            kind: i.kind,
            summary: i.summary.clone(),
            details: i.details.clone(),
            date: local.date().to_string(),
            time: if i.time_known {
                local.time().format("%H:%M").to_string()
            } else {
                String::new()
            },
            amount: i
                .amount
                .as_ref()
                .map(|m| format_plain(m.minor))
                .unwrap_or_default(),
            currency: i
                .amount
                .as_ref()
                .map(|m| m.currency.clone())
                .unwrap_or_else(|| "TRY".into()),
            product: i.product.clone(),
            resolved: matches!(i.status, Some(Status::Resolved { .. })),
            follow_up: String::new(),
        }
    }

    /// Validates and writes the draft into `target`; returns the follow-up date if one
    /// was asked for. On error `target` is untouched and every problem is listed. `lang`
    /// is the UI's language: under Turkish, `1.500` is fifteen hundred in any currency.
    pub fn apply_to(
        &self,
        target: &mut Interaction,
        tz: Tz,
        now: DateTime<Utc>,
        lang: Lang,
    ) -> Result<Option<NaiveDate>, Vec<InteractionError>> {
        let mut errors = Vec::new();
        if self.summary.trim().is_empty() {
            errors.push(InteractionError::SummaryMissing);
        }
        let date = NaiveDate::parse_from_str(self.date.trim(), "%Y-%m-%d").ok();
        if date.is_none() {
            errors.push(InteractionError::BadDate);
        }
        let time = if self.time.trim().is_empty() {
            None
        } else {
            let t = NaiveTime::parse_from_str(self.time.trim(), "%H:%M")
                .or_else(|_| NaiveTime::parse_from_str(self.time.trim(), "%H:%M:%S"))
                .ok();
            if t.is_none() {
                errors.push(InteractionError::BadTime);
            }
            t
        };
        let mut amount = None;
        if self.kind.has_amount() && !self.amount.trim().is_empty() {
            let convention = Convention::for_amount(&self.currency, lang == Lang::Tr);
            match parse_amount_as(&self.amount, convention) {
                Ok(minor) => {
                    let cur = self.currency.trim().to_ascii_uppercase();
                    if cur.len() == 3 && cur.chars().all(|c| c.is_ascii_alphabetic()) {
                        amount = Some(Money::new(minor, &cur));
                    } else {
                        errors.push(InteractionError::BadCurrency);
                    }
                }
                Err(e) => errors.push(InteractionError::Amount(e)),
            }
        }
        let follow_up = if self.follow_up.trim().is_empty() {
            None
        } else {
            let d = NaiveDate::parse_from_str(self.follow_up.trim(), "%Y-%m-%d").ok();
            if d.is_none() {
                errors.push(InteractionError::BadFollowUp);
            }
            d
        };
        let (Some(date), true) = (date, errors.is_empty()) else {
            return Err(errors);
        };
        target.at = tz.to_utc(date, time);
        target.time_known = time.is_some();
        target.channel = self.channel;
        target.direction = self.direction;
        target.kind = self.kind;
        target.summary = self.summary.trim().to_string();
        target.details = self.details.clone();
        target.amount = amount;
        target.product = if self.kind == InteractionKind::Purchase {
            self.product.trim().to_string()
        } else {
            String::new()
        };
        target.status = if self.kind.has_status() {
            Some(match (self.resolved, target.status) {
                (true, Some(Status::Resolved { on })) => Status::Resolved { on },
                (true, _) => Status::Resolved {
                    on: tz.local_date(now),
                },
                (false, _) => Status::Open,
            })
        } else {
            None
        };
        target.updated_at = now;
        Ok(follow_up)
    }
}

/// Minor units as the user would type them back: `1234.56`.
pub(crate) fn format_plain(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    format!(
        "{sign}{}.{:02}",
        minor.unsigned_abs() / 100,
        minor.unsigned_abs() % 100
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ContactId, InteractionId};
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
    }

    fn blank() -> Interaction {
        Interaction {
            id: InteractionId::from_random_bytes([1; 16]),
            contact_id: ContactId::from_random_bytes([2; 16]),
            at: now(),
            time_known: false,
            channel: Channel::Other,
            direction: Direction::Inbound,
            kind: InteractionKind::Note,
            summary: "before".into(),
            details: String::new(),
            amount: None,
            product: String::new(),
            status: None,
            deal_id: None,
            created_at: now(),
            updated_at: now(),
            deleted_at: None,
            rev: Default::default(),
            revisions: Default::default(),
            conflicts: Vec::new(),
        }
    }

    #[test]
    fn a_purchase_with_amount_time_and_follow_up() {
        let tz = Tz(180);
        let mut d = InteractionDraft::new(NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
        d.kind = InteractionKind::Purchase;
        d.summary = " Yıllık denetim ".into();
        d.date = "2026-03-01".into();
        d.time = "00:30".into();
        d.amount = "1.234,56".into();
        d.currency = "try".into();
        d.product = "Audit".into();
        d.follow_up = "2026-12-01".into();
        let mut i = blank();
        let fu = d.apply_to(&mut i, tz, now(), Lang::En).unwrap();
        assert_eq!(fu, NaiveDate::from_ymd_opt(2026, 12, 1));
        assert_eq!(
            i.at,
            Utc.with_ymd_and_hms(2026, 2, 28, 21, 30, 0).unwrap(),
            "stored in UTC"
        );
        assert_eq!(
            tz.local_date(i.at),
            NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            "shown on the local date"
        );
        assert_eq!(i.amount, Some(Money::new(123456, "TRY")));
        assert_eq!(i.summary, "Yıllık denetim");
        assert_eq!(InteractionDraft::from_interaction(&i, tz).time, "00:30");
        assert_eq!(InteractionDraft::from_interaction(&i, tz).amount, "1234.56");
    }

    #[test]
    fn a_proposal_keeps_what_it_offered_other_kinds_keep_no_amount() {
        let mut d = InteractionDraft::new(NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
        d.summary = "Teklif".into();
        d.amount = "18.750,00".into();
        d.currency = "EUR".into();
        d.product = "Audit".into();
        for (kind, amount) in [
            (
                InteractionKind::Proposal,
                Some(Money::new(1_875_000, "EUR")),
            ),
            (InteractionKind::Call, None),
            (InteractionKind::Meeting, None),
        ] {
            d.kind = kind;
            let mut i = blank();
            d.apply_to(&mut i, Tz(180), now(), Lang::En).unwrap();
            assert_eq!(i.amount, amount, "{kind:?}");
            assert_eq!(i.product, "", "only a purchase names its product");
        }
    }

    #[test]
    fn problems_are_all_reported_and_nothing_changes() {
        let mut d = InteractionDraft::new(NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
        d.kind = InteractionKind::Purchase;
        // Ambiguous even for TRY ("1.234" would be read as Turkish thousands).
        d.amount = "1,234".into();
        d.date = "yesterday".into();
        d.time = "25:99".into();
        let mut i = blank();
        let errs = d.apply_to(&mut i, Tz(0), now(), Lang::En).unwrap_err();
        assert_eq!(
            errs,
            [
                InteractionError::SummaryMissing,
                InteractionError::BadDate,
                InteractionError::BadTime,
                InteractionError::Amount(AmountError::Ambiguous(
                    "1,234".into(),
                    "1.234,00".into(),
                    "1,234.00".into()
                ))
            ]
        );
        let fields: Vec<InteractionField> = errs.iter().map(|e| e.field()).collect();
        assert_eq!(
            fields,
            [
                InteractionField::Summary,
                InteractionField::Date,
                InteractionField::Time,
                InteractionField::Amount
            ]
        );
        assert_eq!(i, blank());
        // A bad currency and follow-up date are named too.
        d.summary = "Fee".into();
        d.date = "2026-11-24".into();
        d.time = String::new();
        d.amount = "1.500,00".into();
        d.currency = "lira".into();
        d.follow_up = "soon".into();
        let errs = d.apply_to(&mut i, Tz(0), now(), Lang::En).unwrap_err();
        assert_eq!(
            errs,
            [InteractionError::BadCurrency, InteractionError::BadFollowUp]
        );
        assert_eq!(
            errs.iter().map(|e| e.field()).collect::<Vec<_>>(),
            [InteractionField::Currency, InteractionField::FollowUp]
        );
        assert_eq!(i, blank());
    }

    #[test]
    fn under_turkish_a_dot_before_three_digits_groups_thousands_in_any_currency() {
        let mut d = InteractionDraft::new(NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
        d.kind = InteractionKind::Purchase;
        d.summary = "Danışmanlık".into();
        d.amount = "1.500".into();
        d.currency = "EUR".into();
        let mut i = blank();
        assert!(matches!(
            d.apply_to(&mut i, Tz(0), now(), Lang::En).unwrap_err()[..],
            [InteractionError::Amount(AmountError::Ambiguous(..))]
        ));
        d.apply_to(&mut i, Tz(0), now(), Lang::Tr).unwrap();
        assert_eq!(i.amount, Some(Money::new(150000, "EUR")));
    }

    #[test]
    fn complaints_open_then_resolve_on_the_local_day() {
        let mut d = InteractionDraft::new(NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
        d.kind = InteractionKind::Complaint;
        d.summary = "Late payroll".into();
        let mut i = blank();
        d.apply_to(&mut i, Tz(0), now(), Lang::En).unwrap();
        assert_eq!(i.status, Some(Status::Open));
        assert!(i.is_open());
        d.resolved = true;
        d.apply_to(&mut i, Tz(0), now(), Lang::En).unwrap();
        assert_eq!(
            i.status,
            Some(Status::Resolved {
                on: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
            })
        );
        // A call has no status and no amount, whatever the form held.
        d.kind = InteractionKind::Call;
        d.amount = "50".into();
        d.apply_to(&mut i, Tz(0), now(), Lang::En).unwrap();
        assert_eq!((i.status, i.amount.clone()), (None, None));
    }
}
