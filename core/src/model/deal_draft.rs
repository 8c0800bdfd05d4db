//! What the **New deal** / edit form edits, validated into a `Deal` in one place (like
//! `interaction_draft`): the UI binds the fields, the core says what is wrong and where.

use super::contact::ContactId;
use super::deal::{Deal, DealId, LineItem, Pipeline, StageId};
use super::interaction_draft::format_plain;
use crate::io::checks::{MAX_TEXT_CHARS, MAX_YEAR, MIN_YEAR};
use crate::money::{parse_amount_as, AmountError, Convention, Money};
use crate::Lang;
use chrono::{DateTime, Datelike, NaiveDate, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DealField {
    Title,
    Contact,
    Amount,
    Currency,
    Stage,
    Probability,
    ExpectedClose,
    Notes,
    /// A line item, by its place in the form (from 0).
    Line(usize),
}

/// What is wrong with a draft (the UI words it, in the user's language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DealError {
    TitleMissing,
    /// No contact chosen, or the one chosen is not in the book.
    ContactMissing,
    Amount(AmountError),
    /// Not a three-letter code.
    BadCurrency,
    /// A stage the pipeline does not have.
    UnknownStage,
    /// Not a whole number from 0 to 100 (empty follows the stage).
    BadProbability,
    /// Neither empty nor a `YYYY-MM-DD` date between the years the app keeps.
    BadDate,
    /// More characters than a stored text may have (the field).
    TooLong(DealField),
    /// A line item (by its place, from 0) that cannot be read.
    Line {
        at: usize,
        problem: LineProblem,
    },
}

/// What is wrong with one line item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineProblem {
    /// A quantity or price without a product or service.
    ProductMissing,
    /// Not a number above 0 with at most three decimals.
    BadQuantity,
    BadPrice(AmountError),
    /// The deal's currency is not a three-letter code, so no price can be read.
    NoCurrency,
    /// The product's name is longer than a stored text may be (shown as `TooLong`).
    TooLong,
}

/// One line item read in the deal's currency `cur`.
fn read_line(
    l: &LineDraft,
    cur: &str,
    currency_ok: bool,
    lang: Lang,
) -> Result<LineItem, LineProblem> {
    let product = l.product.trim();
    if product.is_empty() {
        return Err(LineProblem::ProductMissing);
    }
    if product.chars().count() > MAX_TEXT_CHARS {
        return Err(LineProblem::TooLong);
    }
    let quantity_milli = parse_quantity(&l.quantity).ok_or(LineProblem::BadQuantity)?;
    if !currency_ok {
        return Err(LineProblem::NoCurrency);
    }
    let convention = Convention::for_amount(cur, lang == Lang::Tr);
    let minor = parse_amount_as(&l.unit_price, convention).map_err(LineProblem::BadPrice)?;
    Ok(LineItem {
        product: product.to_string(),
        quantity_milli,
        unit_price: Money::new(minor, cur),
    })
}

impl DealError {
    /// The field the problem is shown beside.
    pub fn field(&self) -> DealField {
        match self {
            DealError::TitleMissing => DealField::Title,
            DealError::ContactMissing => DealField::Contact,
            DealError::Amount(_) => DealField::Amount,
            DealError::BadCurrency => DealField::Currency,
            DealError::UnknownStage => DealField::Stage,
            DealError::BadProbability => DealField::Probability,
            DealError::BadDate => DealField::ExpectedClose,
            DealError::TooLong(f) => *f,
            DealError::Line { at, .. } => DealField::Line(*at),
        }
    }
}

/// The built-in stage a deal started from a proposal enters ("Proposal sent").
const PROPOSAL_STAGE: &str = "proposal";

/// The form's contents, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealDraft {
    pub title: String,
    pub contact: Option<ContactId>,
    /// Empty: no amount (or the line items' sum).
    pub amount: String,
    pub currency: String,
    /// A stage id.
    pub stage: String,
    /// Percent, or empty for the stage's default.
    pub probability: String,
    /// `YYYY-MM-DD` or empty.
    pub expected_close: String,
    pub notes: String,
    /// Line items, priced in the deal's currency; a line left empty is ignored.
    pub lines: Vec<LineDraft>,
}

/// One line item as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LineDraft {
    pub product: String,
    /// Empty is 1.
    pub quantity: String,
    pub unit_price: String,
}

impl LineDraft {
    fn is_empty(&self) -> bool {
        [&self.product, &self.quantity, &self.unit_price]
            .iter()
            .all(|s| s.trim().is_empty())
    }
}

/// A quantity in thousandths: `2`, `2,5`, `0.125`; above 0, at most three decimals.
fn parse_quantity(s: &str) -> Option<i64> {
    let s = s.trim();
    if s.is_empty() {
        return Some(1000);
    }
    let (whole, frac) = s.split_once(['.', ',']).unwrap_or((s, ""));
    let digits = |x: &str| x.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() && frac.is_empty() || !digits(whole) || !digits(frac) || frac.len() > 3 {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let frac: i64 = format!("{frac:0<3}").parse().ok()?;
    let milli = whole.checked_mul(1000)?.checked_add(frac)?;
    (milli > 0).then_some(milli)
}

/// Thousandths as typed back: `2500` → `2.5`, `1000` → `1`.
pub fn format_quantity(milli: i64) -> String {
    let (whole, frac) = (milli / 1000, milli % 1000);
    if frac == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{}", format!("{frac:03}").trim_end_matches('0'))
    }
}

/// What a draft is checked against: this device's pipeline, whether an id is a live
/// contact of the book, and the UI's language (under Turkish `1.500` is fifteen hundred in
/// any currency).
#[derive(Clone, Copy)]
pub struct DealChecks<'a> {
    pub pipeline: &'a Pipeline,
    pub known_contact: &'a dyn Fn(ContactId) -> bool,
    pub lang: Lang,
}

impl<'a> DealChecks<'a> {
    pub fn new(
        pipeline: &'a Pipeline,
        known_contact: &'a dyn Fn(ContactId) -> bool,
        lang: Lang,
    ) -> Self {
        DealChecks {
            pipeline,
            known_contact,
            lang,
        }
    }
}

impl DealDraft {
    /// A new deal in the pipeline's first stage, in the home currency.
    pub fn new(contact: Option<ContactId>, pipeline: &Pipeline, currency: &str) -> Self {
        DealDraft {
            title: String::new(),
            contact,
            amount: String::new(),
            currency: currency.to_string(),
            stage: pipeline
                .stages
                .first()
                .map(|s| s.id.0.clone())
                .unwrap_or_default(),
            probability: String::new(),
            expected_close: String::new(),
            notes: String::new(),
            lines: Vec::new(),
        }
    }

    pub fn from_deal(d: &Deal, home_currency: &str) -> Self {
        DealDraft {
            title: d.title.clone(),
            contact: Some(d.contact_id),
            amount: d
                .amount
                .as_ref()
                .map(|m| format_plain(m.minor))
                .unwrap_or_default(),
            currency: d
                .amount
                .as_ref()
                .map(|m| m.currency.clone())
                .unwrap_or_else(|| home_currency.to_string()),
            stage: d.stage.0.clone(),
            probability: d.probability.map(|p| p.to_string()).unwrap_or_default(),
            expected_close: d.expected_close.map(|c| c.to_string()).unwrap_or_default(),
            notes: d.notes.clone(),
            lines: d
                .lines
                .iter()
                .map(|l| LineDraft {
                    product: l.product.clone(),
                    quantity: format_quantity(l.quantity_milli),
                    unit_price: format_plain(l.unit_price.minor),
                })
                .collect(),
        }
    }

    /// **Start a deal** from a proposal in a contact's timeline: its summary as the title,
    /// its amount, its details as notes, in the stage named for a sent proposal when the
    /// pipeline has it (else the first).
    pub fn from_proposal(p: &crate::Interaction, pipeline: &Pipeline, home_currency: &str) -> Self {
        let mut d = DealDraft::new(Some(p.contact_id), pipeline, home_currency);
        d.title = p.summary.clone();
        if let Some(m) = &p.amount {
            d.amount = format_plain(m.minor);
            d.currency = m.currency.clone();
        }
        d.notes = p.details.clone();
        if let Some(s) = pipeline.stage(&StageId::new(PROPOSAL_STAGE)) {
            d.stage = s.id.0.clone();
        }
        d
    }

    /// The currency as typed, upper-cased, and whether it is a three-letter code.
    fn currency_code(&self) -> (String, bool) {
        let cur = self.currency.trim().to_ascii_uppercase();
        let ok = cur.len() == 3 && cur.chars().all(|c| c.is_ascii_alphabetic());
        (cur, ok)
    }

    /// The sum of the line items that read (shown under them while typing), if any do.
    pub fn lines_sum(&self, lang: Lang) -> Option<Money> {
        let (cur, ok) = self.currency_code();
        let lines: Vec<LineItem> = self
            .lines
            .iter()
            .filter_map(|l| read_line(l, &cur, ok, lang).ok())
            .collect();
        LineItem::sum(&lines)
    }

    /// Validates the draft and writes it into `target` (the stored deal being edited): a
    /// changed stage is a move, with its stage entry. On error `target` is untouched and
    /// every problem is listed.
    pub fn apply_to(
        &self,
        target: &mut Deal,
        checks: &DealChecks<'_>,
        now: DateTime<Utc>,
    ) -> Result<(), Vec<DealError>> {
        let r = self.read(checks, Some(&target.stage))?;
        if target.stage != r.stage {
            if target.is_open() {
                // Open: a move, with its stage entry (time in stage counts from now).
                let _ = target.move_to(r.stage.clone(), now);
            } else {
                // Decided: the stage it would reopen in, without a board move.
                target.stage = r.stage.clone();
            }
        }
        r.write(target, now);
        Ok(())
    }

    /// A new open deal from this draft (`id` fresh), entering its stage at `now`.
    pub fn create(
        &self,
        id: DealId,
        checks: &DealChecks<'_>,
        now: DateTime<Utc>,
    ) -> Result<Deal, Vec<DealError>> {
        let r = self.read(checks, None)?;
        let mut deal = Deal::new(id, r.contact, &r.title, r.stage.clone(), now);
        r.write(&mut deal, now);
        Ok(deal)
    }

    /// Reads every field; `own_stage` (the edited deal's) is valid even when this device's
    /// pipeline no longer has it.
    fn read(
        &self,
        checks: &DealChecks<'_>,
        own_stage: Option<&StageId>,
    ) -> Result<Read, Vec<DealError>> {
        let DealChecks {
            pipeline,
            known_contact,
            lang,
        } = *checks;
        let mut errors = Vec::new();
        let title = self.title.trim();
        if title.is_empty() {
            errors.push(DealError::TitleMissing);
        }
        let contact = self.contact.filter(|&c| known_contact(c));
        if contact.is_none() {
            errors.push(DealError::ContactMissing);
        }
        let (cur, currency_ok) = self.currency_code();
        let amount = if self.amount.trim().is_empty() {
            None
        } else {
            let convention = Convention::for_amount(&cur, lang == Lang::Tr);
            match parse_amount_as(&self.amount, convention) {
                Ok(minor) if currency_ok => Some(Money::new(minor, &cur)),
                Ok(_) => {
                    errors.push(DealError::BadCurrency);
                    None
                }
                Err(e) => {
                    errors.push(DealError::Amount(e));
                    None
                }
            }
        };
        let stage = StageId::new(self.stage.trim());
        if pipeline.stage(&stage).is_none() && Some(&stage) != own_stage {
            errors.push(DealError::UnknownStage);
        }
        let probability = match self.probability.trim().trim_end_matches('%').trim() {
            "" => None,
            p => match p.parse::<u8>() {
                Ok(p) if p <= 100 => Some(p),
                _ => {
                    errors.push(DealError::BadProbability);
                    None
                }
            },
        };
        let expected_close = match self.expected_close.trim() {
            "" => None,
            d => match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
                Ok(d) if (MIN_YEAR..=MAX_YEAR).contains(&d.year()) => Some(d),
                _ => {
                    errors.push(DealError::BadDate);
                    None
                }
            },
        };
        let mut lines = Vec::new();
        for (at, l) in self.lines.iter().enumerate().filter(|(_, l)| !l.is_empty()) {
            match read_line(l, &cur, currency_ok, lang) {
                Ok(line) => lines.push(line),
                Err(LineProblem::TooLong) => errors.push(DealError::TooLong(DealField::Line(at))),
                Err(problem) => errors.push(DealError::Line { at, problem }),
            }
        }
        for (field, s) in [(DealField::Title, title), (DealField::Notes, &self.notes)] {
            if s.chars().count() > MAX_TEXT_CHARS {
                errors.push(DealError::TooLong(field));
            }
        }
        match contact {
            Some(contact) if errors.is_empty() => Ok(Read {
                title: title.to_string(),
                contact,
                amount,
                stage,
                probability,
                expected_close,
                notes: self.notes.clone(),
                lines,
            }),
            _ => Err(errors),
        }
    }
}

/// A draft's fields, read and checked.
struct Read {
    title: String,
    contact: ContactId,
    amount: Option<Money>,
    stage: StageId,
    probability: Option<u8>,
    expected_close: Option<NaiveDate>,
    notes: String,
    lines: Vec<LineItem>,
}

impl Read {
    /// Everything but the stage, which is a move (`apply_to`) or the first entry (`create`).
    fn write(self, target: &mut Deal, now: DateTime<Utc>) {
        target.title = self.title;
        target.contact_id = self.contact;
        target.amount = self.amount;
        target.probability = self.probability;
        target.expected_close = self.expected_close;
        target.notes = self.notes;
        target.lines = self.lines;
        target.updated_at = now;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::deal::DealStatus;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap()
    }

    fn alice() -> ContactId {
        ContactId::from_random_bytes([7; 16])
    }

    fn draft() -> DealDraft {
        let mut d = DealDraft::new(Some(alice()), &Pipeline::default(), "TRY");
        d.title = " Denetim teklifi ".into();
        d
    }

    #[test]
    fn a_proposal_starts_a_deal_with_its_summary_amount_and_details() {
        let at = now();
        let mut p = crate::Interaction {
            id: crate::InteractionId::from_random_bytes([2; 16]),
            contact_id: alice(),
            at,
            time_known: false,
            channel: crate::Channel::Email,
            direction: crate::Direction::Outbound,
            kind: crate::InteractionKind::Proposal,
            summary: "Denetim teklifi 2027".into(),
            details: "12 ay, aylık rapor".into(),
            amount: Some(Money::new(1_875_000, "EUR")),
            product: String::new(),
            status: None,
            deal_id: None,
            created_at: at,
            updated_at: at,
            deleted_at: None,
            rev: Default::default(),
            revisions: Default::default(),
            conflicts: Vec::new(),
        };
        let d = DealDraft::from_proposal(&p, &Pipeline::default(), "TRY");
        assert_eq!(d.title, "Denetim teklifi 2027");
        assert_eq!(d.contact, Some(alice()));
        assert_eq!(
            (d.amount.as_str(), d.currency.as_str()),
            ("18750.00", "EUR")
        );
        assert_eq!(d.notes, "12 ay, aylık rapor");
        assert_eq!(d.stage, "proposal");
        // It reads back as typed, under either language.
        for lang in [Lang::En, Lang::Tr] {
            let deal = d
                .create(
                    DealId::from_random_bytes([1; 16]),
                    &DealChecks::new(&Pipeline::default(), &|c| c == alice(), lang),
                    at,
                )
                .unwrap();
            assert_eq!(deal.amount, Some(Money::new(1_875_000, "EUR")));
        }
        // Without an amount: the home currency and no amount; without a proposal stage, the
        // first one.
        p.amount = None;
        let mut pipeline = Pipeline::default();
        pipeline.stages.retain(|s| s.id.0 != "proposal");
        let d = DealDraft::from_proposal(&p, &pipeline, "TRY");
        assert_eq!(
            (d.amount.as_str(), d.currency.as_str(), d.stage.as_str()),
            ("", "TRY", "lead")
        );
    }

    fn create(d: &DealDraft) -> Result<Deal, Vec<DealError>> {
        d.create(
            DealId::from_random_bytes([1; 16]),
            &DealChecks::new(&Pipeline::default(), &|c| c == alice(), Lang::En),
            now(),
        )
    }

    fn line(product: &str, quantity: &str, price: &str) -> LineDraft {
        LineDraft {
            product: product.into(),
            quantity: quantity.into(),
            unit_price: price.into(),
        }
    }

    #[test]
    fn quantities_are_thousandths_above_zero() {
        for (typed, milli) in [
            ("", Some(1000)),
            ("2", Some(2000)),
            (" 2,5 ", Some(2500)),
            ("0.125", Some(125)),
            (".5", Some(500)),
            ("3.", Some(3000)),
            ("0", None),
            ("0,000", None),
            ("1.2345", None),
            ("-1", None),
            ("+5", None),
            ("1.+5", None),
            ("a.5", None),
            ("1.2.3", None),
            ("iki", None),
            (".", None),
            ("99999999999999999999", None),
        ] {
            assert_eq!(parse_quantity(typed), milli, "{typed:?}");
        }
        for (milli, shown) in [(1000, "1"), (2500, "2.5"), (125, "0.125"), (1010, "1.01")] {
            assert_eq!(format_quantity(milli), shown);
            assert_eq!(parse_quantity(shown), Some(milli));
        }
    }

    #[test]
    fn line_items_make_the_amount_unless_it_is_typed_and_each_problem_points_at_its_line() {
        let mut d = draft();
        d.lines = vec![
            line(" Danışmanlık ", "2,5", "1.000,00"),
            line("", "", ""), // an empty line is ignored
            line("Rapor", "", "250"),
        ];
        let deal = d
            .create(
                DealId::from_random_bytes([1; 16]),
                &DealChecks::new(&Pipeline::default(), &|c| c == alice(), Lang::Tr),
                now(),
            )
            .unwrap();
        assert_eq!(deal.lines.len(), 2);
        assert_eq!(deal.lines[0].product, "Danışmanlık");
        assert_eq!(deal.lines[0].quantity_milli, 2500);
        assert_eq!(deal.lines[0].unit_price, Money::new(100_000, "TRY"));
        assert_eq!(deal.amount, None);
        assert_eq!(
            deal.value(),
            Some(Money::new(275_000, "TRY")),
            "2.5 × 1,000 + 250"
        );
        assert_eq!(
            d.lines_sum(Lang::Tr),
            deal.value(),
            "the sum shown while typing"
        );
        let mut half = d.clone();
        half.lines[2].unit_price = "on".into();
        assert_eq!(
            half.lines_sum(Lang::Tr),
            Some(Money::new(250_000, "TRY")),
            "only the lines that read"
        );
        half.lines.clear();
        assert_eq!(half.lines_sum(Lang::Tr), None);
        // Typed back as the form shows it, and read again the same.
        let again = DealDraft::from_deal(&deal, "TRY");
        assert_eq!(
            again.lines,
            vec![
                line("Danışmanlık", "2.5", "1000.00"),
                line("Rapor", "1", "250.00")
            ]
        );
        let mut edited = deal.clone();
        again
            .apply_to(
                &mut edited,
                &DealChecks::new(&Pipeline::default(), &|c| c == alice(), Lang::En),
                now(),
            )
            .unwrap();
        assert_eq!(edited.lines, deal.lines);
        // A typed amount wins over the lines.
        d.amount = "3000".into();
        let deal = d
            .create(
                DealId::from_random_bytes([1; 16]),
                &DealChecks::new(&Pipeline::default(), &|c| c == alice(), Lang::En),
                now(),
            )
            .unwrap();
        assert_eq!(deal.value(), Some(Money::new(300_000, "TRY")));
        // Problems name their line.
        d.lines = vec![
            line("", "2", "10"),
            line("A", "0", "10"),
            line("B", "1", "on"),
            line("C", "1", "10"),
            line(&"x".repeat(MAX_TEXT_CHARS + 1), "1", "1"),
        ];
        let errors = create(&d).unwrap_err();
        assert_eq!(
            errors,
            vec![
                DealError::Line {
                    at: 0,
                    problem: LineProblem::ProductMissing
                },
                DealError::Line {
                    at: 1,
                    problem: LineProblem::BadQuantity
                },
                DealError::Line {
                    at: 2,
                    problem: LineProblem::BadPrice(AmountError::Invalid("on".into()))
                },
                DealError::TooLong(DealField::Line(4)),
            ]
        );
        assert_eq!(errors[2].field(), DealField::Line(2));
        // A product of exactly the longest text is kept.
        d.lines = vec![line(&"x".repeat(MAX_TEXT_CHARS), "1", "1")];
        assert_eq!(create(&d).map(|deal| deal.lines.len()), Ok(1));
        // Prices read as amounts do: under Turkish `1.500` is fifteen hundred.
        d.lines = vec![line("Rapor", "1", "1.500")];
        d.currency = "EUR".into();
        let read = |lang| d.lines_sum(lang);
        assert_eq!(read(Lang::Tr), Some(Money::new(150_000, "EUR")));
        assert_ne!(
            read(Lang::En),
            read(Lang::Tr),
            "English reads 1.500 otherwise"
        );
        d.lines = vec![line("C", "1", "10")];
        d.currency = "lira".into();
        assert!(create(&d).unwrap_err().contains(&DealError::Line {
            at: 0,
            problem: LineProblem::NoCurrency
        }));
    }

    #[test]
    fn a_new_deal_starts_in_the_first_stage_with_one_history_entry() {
        let mut d = draft();
        d.amount = "12.500,00".into();
        d.expected_close = "2026-12-20".into();
        d.probability = "30 %".into();
        let deal = create(&d).unwrap();
        assert_eq!(deal.title, "Denetim teklifi");
        assert_eq!(deal.stage, StageId::new("lead"));
        assert_eq!(deal.amount, Some(Money::new(1_250_000, "TRY")));
        assert_eq!(deal.probability, Some(30));
        assert_eq!(deal.expected_close, NaiveDate::from_ymd_opt(2026, 12, 20));
        assert_eq!(deal.status, DealStatus::Open);
        assert_eq!(deal.history.len(), 1);
        assert_eq!(deal.history[0].stage, Some(StageId::new("lead")));
        assert_eq!(deal.contact_id, alice());
        // The form opened on it again shows what was typed, in the typing form.
        let back = DealDraft::from_deal(&deal, "TRY");
        assert_eq!(back.amount, "12500.00");
        assert_eq!(back.probability, "30");
        assert_eq!(back.stage, "lead");
        assert_eq!(back.expected_close, "2026-12-20");
    }

    #[test]
    fn every_problem_is_listed_beside_its_field() {
        let mut d = DealDraft::new(None, &Pipeline::default(), "TRY");
        d.amount = "abc".into();
        d.stage = "nowhere".into();
        d.probability = "101".into();
        d.expected_close = "3000-01-01".into();
        let errs = create(&d).unwrap_err();
        let fields: Vec<DealField> = errs.iter().map(DealError::field).collect();
        assert_eq!(
            fields,
            [
                DealField::Title,
                DealField::Contact,
                DealField::Amount,
                DealField::Stage,
                DealField::Probability,
                DealField::ExpectedClose
            ]
        );
    }

    #[test]
    fn boundaries_of_probability_date_currency_and_contact() {
        let ok = |f: &dyn Fn(&mut DealDraft)| {
            let mut d = draft();
            f(&mut d);
            create(&d)
        };
        assert!(ok(&|d| d.probability = "100".into()).is_ok());
        assert!(ok(&|d| d.probability = "0".into()).is_ok());
        assert_eq!(
            ok(&|d| d.probability = "-1".into()).unwrap_err(),
            [DealError::BadProbability]
        );
        assert!(ok(&|d| d.expected_close = "2200-12-31".into()).is_ok());
        assert_eq!(
            ok(&|d| d.expected_close = "2201-01-01".into()).unwrap_err(),
            [DealError::BadDate]
        );
        assert_eq!(
            ok(&|d| d.expected_close = "1899-12-31".into()).unwrap_err(),
            [DealError::BadDate]
        );
        assert!(ok(&|d| d.expected_close = "1900-01-01".into()).is_ok());
        assert_eq!(
            ok(&|d| {
                d.amount = "5".into();
                d.currency = "TL".into();
            })
            .unwrap_err(),
            [DealError::BadCurrency]
        );
        assert_eq!(
            ok(&|d| {
                d.amount = "5".into();
                d.currency = "eur".into();
            })
            .unwrap()
            .amount,
            Some(Money::new(500, "EUR"))
        );
        // A contact that is not (or no longer) in the book.
        assert_eq!(
            ok(&|d| d.contact = Some(ContactId::from_random_bytes([8; 16]))).unwrap_err(),
            [DealError::ContactMissing]
        );
        assert_eq!(
            ok(&|d| d.notes = "x".repeat(MAX_TEXT_CHARS + 1)).unwrap_err(),
            [DealError::TooLong(DealField::Notes)]
        );
        assert!(ok(&|d| d.notes = "x".repeat(MAX_TEXT_CHARS)).is_ok());
    }

    #[test]
    fn an_edit_that_changes_the_stage_is_a_move_and_a_refused_edit_changes_nothing() {
        let deal = create(&draft()).unwrap();
        let later = now() + chrono::Duration::days(3);
        let mut d = DealDraft::from_deal(&deal, "TRY");
        d.stage = "proposal".into();
        d.amount = String::new();
        let mut edited = deal.clone();
        d.apply_to(
            &mut edited,
            &DealChecks::new(&Pipeline::default(), &|_| true, Lang::En),
            later,
        )
        .unwrap();
        assert_eq!(edited.stage, StageId::new("proposal"));
        assert_eq!(edited.history.len(), 2);
        assert_eq!(edited.history[1].at, later);
        assert_eq!(edited.amount, None);
        assert_eq!(edited.updated_at, later);
        // Same stage: no new entry.
        let mut again = edited.clone();
        DealDraft::from_deal(&edited, "TRY")
            .apply_to(
                &mut again,
                &DealChecks::new(&Pipeline::default(), &|_| true, Lang::En),
                later,
            )
            .unwrap();
        assert_eq!(again.history.len(), 2);

        let mut bad = DealDraft::from_deal(&edited, "TRY");
        bad.title = "  ".into();
        bad.stage = "negotiation".into();
        let mut untouched = edited.clone();
        assert!(bad
            .apply_to(
                &mut untouched,
                &DealChecks::new(&Pipeline::default(), &|_| true, Lang::En),
                later
            )
            .is_err());
        assert_eq!(untouched, edited);
    }

    #[test]
    fn a_stage_this_device_lacks_stays_valid_for_the_deal_in_it() {
        let mut deal = create(&draft()).unwrap();
        deal.stage = StageId::new("from-the-laptop");
        let mut d = DealDraft::from_deal(&deal, "TRY");
        d.title = "Renamed".into();
        let mut edited = deal.clone();
        d.apply_to(
            &mut edited,
            &DealChecks::new(&Pipeline::default(), &|_| true, Lang::En),
            now(),
        )
        .unwrap();
        assert_eq!(edited.stage, StageId::new("from-the-laptop"));
        assert_eq!(edited.title, "Renamed");
    }

    #[test]
    fn a_decided_deal_edited_into_another_stage_stays_decided_without_a_move() {
        let mut deal = create(&draft()).unwrap();
        deal.mark_won(NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(), now())
            .unwrap();
        let mut d = DealDraft::from_deal(&deal, "TRY");
        d.stage = "negotiation".into();
        let mut edited = deal.clone();
        d.apply_to(
            &mut edited,
            &DealChecks::new(&Pipeline::default(), &|_| true, Lang::En),
            now(),
        )
        .unwrap();
        assert_eq!(edited.stage, StageId::new("negotiation"));
        assert_eq!(edited.history, deal.history);
        assert!(matches!(edited.status, DealStatus::Won { .. }));
    }
}
