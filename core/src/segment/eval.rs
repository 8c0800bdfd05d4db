//! Matching contacts against a parsed query.

use super::{DealTest, Last, Op, Segment, Test};
use crate::analysis::value::{ContactFacts, Standing};
use crate::analysis::Tz;
use crate::model::contact::ContactId;
use crate::model::deal::{Deal, DealStatus, StageId};
use crate::text::fold;
use crate::Contact;
use chrono::NaiveDate;
use std::collections::HashMap;

/// What `deal:` filters read: each contact's live deals and the names that mean each stage.
/// Built once per search from the deals in memory ([`DealIndex::new`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DealIndex {
    by_contact: HashMap<ContactId, Vec<(DealTest, StageId)>>,
    /// Folded stage name → the stages it names.
    stages: HashMap<String, Vec<StageId>>,
}

impl DealIndex {
    /// `stage_names` gives, for each stage, every name a user may type for it: its id, the
    /// user's own name and the built-in names in each language (the UI knows those).
    pub fn new(
        deals: &[Deal],
        stage_names: impl IntoIterator<Item = (StageId, Vec<String>)>,
    ) -> Self {
        let mut by_contact: HashMap<ContactId, Vec<(DealTest, StageId)>> = HashMap::new();
        for d in deals.iter().filter(|d| !d.is_deleted()) {
            let status = match d.status {
                DealStatus::Open => DealTest::Open,
                DealStatus::Won { .. } => DealTest::Won,
                DealStatus::Lost { .. } => DealTest::Lost,
            };
            by_contact
                .entry(d.contact_id)
                .or_default()
                .push((status, d.stage.clone()));
        }
        let mut stages: HashMap<String, Vec<StageId>> = HashMap::new();
        for (id, names) in stage_names {
            for n in names {
                let ids = stages.entry(fold(n.trim())).or_default();
                if !ids.contains(&id) {
                    ids.push(id.clone());
                }
            }
        }
        DealIndex { by_contact, stages }
    }

    fn holds(&self, contact: ContactId, tests: &[DealTest]) -> bool {
        let Some(deals) = self.by_contact.get(&contact) else {
            return false;
        };
        tests.iter().any(|t| match t {
            DealTest::Stage(name) => self.stages.get(name).is_some_and(|ids| {
                deals
                    .iter()
                    .any(|(s, stage)| *s == DealTest::Open && ids.contains(stage))
            }),
            status => deals.iter().any(|(s, _)| s == status),
        })
    }
}

/// `fold(s.trim()) == folded`, without allocating when `s` is ASCII.
fn folds_eq(s: &str, folded: &str) -> bool {
    let s = s.trim();
    if s.is_ascii() {
        s.eq_ignore_ascii_case(folded)
    } else {
        fold(s).trim() == folded
    }
}

/// `fold(s)` contains `folded`, without allocating when `s` is ASCII.
fn folds_contains(s: &str, folded: &str) -> bool {
    if folded.is_empty() {
        true
    } else if s.is_ascii() {
        let (h, n) = (s.as_bytes(), folded.as_bytes());
        n.len() <= h.len() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
    } else {
        fold(s).contains(folded)
    }
}

impl Segment {
    /// Whether the contact passes every filter (free text is NOT checked here).
    ///
    /// `org` is the resolved organisation name; `facts` is None for contacts with no facts
    /// (then `status:`, `last:` and `revenue:` do not match); `standing` is None for
    /// non-customers (then `tier:` and `score:` do not match); `today`/`tz` for `last:`;
    /// `deals` for `deal:`. A negated filter matches exactly the contacts its filter does
    /// not.
    #[allow(clippy::too_many_arguments)]
    pub fn matches(
        &self,
        c: &Contact,
        org: Option<&str>,
        facts: Option<&ContactFacts>,
        standing: Option<&Standing>,
        today: NaiveDate,
        tz: Tz,
        deals: &DealIndex,
    ) -> bool {
        self.filters.iter().all(|f| {
            let hit = match &f.test {
                Test::Tag(vs) => c.tags.iter().any(|t| vs.iter().any(|v| folds_eq(t, v))),
                Test::City(vs) => c
                    .addresses
                    .iter()
                    .any(|a| vs.iter().any(|v| folds_eq(&a.city, v))),
                Test::Region(vs) => c
                    .addresses
                    .iter()
                    .any(|a| vs.iter().any(|v| folds_eq(&a.region, v))),
                Test::Source(vs) => vs.iter().any(|v| folds_eq(&c.source, v)),
                Test::Org(vs) => org.is_some_and(|o| vs.iter().any(|v| folds_contains(o, v))),
                Test::Stage(vs) => vs.contains(&c.stage),
                Test::Kind(vs) => vs.contains(&c.kind),
                Test::Deal(vs) => deals.holds(c.id, vs),
                Test::Status(vs) => facts.is_some_and(|x| vs.iter().any(|&s| x.standing().is(s))),
                Test::Revenue(op, minor) => facts.is_some_and(|x| op.holds(x.revenue, *minor)),
                Test::Last(vs) => facts.is_some_and(|x| {
                    let days = x
                        .last_contact
                        .map(|at| (today - tz.local_date(at)).num_days());
                    vs.iter().any(|l| match (*l, days) {
                        (Last::Never, d) => d.is_none(),
                        (Last::Days(op, n), Some(d)) => op.holds(d, n),
                        // Never contacted is longer ago than any number of days.
                        (Last::Days(op, _), None) => matches!(op, Op::Gt | Op::Ge),
                    })
                }),
                Test::Tier(vs) => standing.is_some_and(|s| vs.contains(&s.tier)),
                // The score as shown (a whole number).
                Test::Score(op, n) => standing.is_some_and(|s| op.holds(s.score.round(), *n)),
            };
            hit != f.negated
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::value::{Ranks, Status, Tier};
    use crate::segment::parse;
    use crate::{Address, Kind, Stage};
    use chrono::{DateTime, TimeZone, Utc};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
    }

    /// A contact with everything the filters look at.
    struct Fixture {
        c: Contact,
        org: Option<&'static str>,
        facts: Option<ContactFacts>,
        standing: Option<Standing>,
    }

    fn facts(status: Status, revenue: i64, last: Option<DateTime<Utc>>) -> ContactFacts {
        ContactFacts {
            status,
            stage: crate::Stage::Prospect,
            revenue,
            without_rate: Default::default(),
            last_contact: last,
            rhythm: None,
            first_purchase: None,
            last_purchase: None,
            returned_on: None,
            products: 0,
            keys: None,
            dashboard: None,
        }
    }

    fn standing(tier: Tier, score: f64) -> Standing {
        Standing {
            tier,
            score,
            ranks: Ranks::default(),
            position: 1,
            of: 10,
        }
    }

    fn contact(n: u8, name: &str) -> Contact {
        Contact::new(ContactId::from_random_bytes([n; 16]), name, at(2025, 1, 1))
    }

    fn address(city: &str, region: &str) -> Address {
        Address {
            city: city.into(),
            region: region.into(),
            ..Address::default()
        }
    }

    /// Ayşe: VIP customer in İstanbul, tier A, last contact 10 days ago, 12,500.00 revenue.
    fn ayse() -> Fixture {
        let mut c = contact(1, "Ayşe Yılmaz");
        c.tags = vec!["VIP".into(), "Kahve".into()];
        c.addresses = vec![address("İstanbul", "Marmara"), address("İzmir", "Ege")];
        c.source = "Referral".into();
        c.stage = Stage::Customer;
        Fixture {
            c,
            org: Some("Çınar Yazılım A.Ş."),
            facts: Some(facts(Status::Active, 1_250_000, Some(at(2026, 11, 14)))),
            standing: Some(standing(Tier::A, 91.4)),
        }
    }

    /// Bora: at-risk customer in Ankara, tier C, last contact 120 days ago, 800.50 revenue.
    fn bora() -> Fixture {
        let mut c = contact(2, "Bora Demir");
        c.tags = vec!["toptan".into()];
        c.addresses = vec![address("Ankara", "İç Anadolu")];
        c.source = "website".into();
        c.stage = Stage::FormerCustomer;
        Fixture {
            c,
            org: Some("Acme Ltd"),
            facts: Some(facts(Status::AtRisk, 80_050, Some(at(2026, 7, 27)))),
            standing: Some(standing(Tier::C, 40.0)),
        }
    }

    /// New York Deli: an organisation and prospect, never contacted, no standing.
    fn deli() -> Fixture {
        let mut c = contact(3, "New York Deli");
        c.kind = Kind::Organisation;
        c.addresses = vec![address("New York", "NY")];
        c.tags = vec!["vip".into()];
        Fixture {
            c,
            org: None,
            facts: Some(facts(Status::Prospect, 0, None)),
            standing: None,
        }
    }

    /// Ayşe has an open deal in Proposal sent and a won one; Bora a lost one (and a deleted
    /// open one); Deli none. The proposal stage was renamed "Teklif verildi".
    fn deals() -> DealIndex {
        let deal = |n: u8, contact: u8, stage: &str| {
            Deal::new(
                crate::model::deal::DealId::from_random_bytes([n; 16]),
                ContactId::from_random_bytes([contact; 16]),
                "Teklif",
                StageId::new(stage),
                at(2026, 1, 1),
            )
        };
        let open = deal(1, 1, "proposal");
        let mut won = deal(2, 1, "negotiation");
        won.status = DealStatus::Won { on: today() };
        let mut lost = deal(3, 2, "proposal");
        lost.status = DealStatus::Lost {
            on: today(),
            reason: "price".into(),
            note: String::new(),
        };
        let mut deleted = deal(4, 2, "lead");
        deleted.deleted_at = Some(at(2026, 2, 1));
        let names = |id: &str, names: &[&str]| {
            (
                StageId::new(id),
                names.iter().map(|n| n.to_string()).collect::<Vec<_>>(),
            )
        };
        DealIndex::new(
            &[open, won, lost, deleted],
            [
                names("lead", &["lead", "Lead", "Aday"]),
                names(
                    "proposal",
                    &[
                        "proposal",
                        "Teklif verildi",
                        "Proposal sent",
                        "Teklif gönderildi",
                    ],
                ),
                names("negotiation", &["negotiation", "Negotiation", "Pazarlık"]),
            ],
        )
    }

    fn hits(query: &str) -> String {
        let seg = parse(query).unwrap_or_else(|e| panic!("{query}: {e}"));
        [("ayse", ayse()), ("bora", bora()), ("deli", deli())]
            .iter()
            .filter(|(_, f)| {
                seg.matches(
                    &f.c,
                    f.org,
                    f.facts.as_ref(),
                    f.standing.as_ref(),
                    today(),
                    Tz(180),
                    &deals(),
                )
            })
            .map(|(n, _)| *n)
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn filters_select_the_right_contacts() {
        let table = [
            // Each field.
            ("tag:vip", "ayse deli"),
            ("tag:kahve", "ayse"),
            ("tag:kah", ""),
            ("city:istanbul", "ayse"),
            ("city:izmir", "ayse"),
            ("city:ankara", "bora"),
            ("region:marmara", "ayse"),
            ("region:\"iç anadolu\"", "bora"),
            ("source:referral", "ayse"),
            ("source:WEBSITE", "bora"),
            ("org:acme", "bora"),
            ("org:cinar", "ayse"),
            ("company:YAZILIM", "ayse"),
            ("organisation:ltd", "bora"),
            ("organization:x", ""),
            ("stage:prospect", "deli"),
            ("stage:customer", "ayse"),
            ("stage:former-customer", "bora"),
            ("stage:former_customer", "bora"),
            ("status:active", "ayse"),
            ("status:at-risk", "bora"),
            ("status:AT_RISK", "bora"),
            ("status:atrisk", "bora"),
            ("status:prospect", "deli"),
            ("status:won-back,wonback,won_back,lapsed", ""),
            ("tier:A", "ayse"),
            ("tier:c", "bora"),
            ("tier:A,B,C,D", "ayse bora"),
            ("kind:person", "ayse bora"),
            ("kind:organisation", "deli"),
            ("kind:organization", "deli"),
            ("kind:org", "deli"),
            ("score:>90", "ayse"),
            ("score:<50", "bora"),
            ("score:=91", "ayse"),
            ("score:40", "ayse bora"),
            ("score:<=40", "bora"),
            // deal: a status (a deleted deal counts for nothing), or an open deal in the
            // stage of that name, whichever of its names is typed.
            ("deal:open", "ayse"),
            ("deal:won", "ayse"),
            ("deal:lost", "bora"),
            ("deal:open,lost", "ayse bora"),
            ("-deal:open", "bora deli"),
            ("deal:\"Proposal sent\"", "ayse"),
            ("deal:\"teklif verildi\"", "ayse"),
            ("deal:proposal", "ayse"),
            ("deal:negotiation", ""),
            ("deal:lead", ""),
            ("deal:nosuchstage", ""),
            ("fırsat:açık", "ayse"),
            ("firsat:kazanıldı", "ayse"),
            ("fırsat:kaybedilen", "bora"),
            ("FIRSAT:\"TEKLİF GÖNDERİLDİ\"", "ayse"),
            // Negation.
            ("-tag:vip", "bora"),
            ("-tier:A", "bora deli"),
            ("-city:istanbul -city:ankara", "deli"),
            ("-status:prospect", "ayse bora"),
            // Comma OR.
            ("city:istanbul,ankara", "ayse bora"),
            ("status:at-risk,prospect", "bora deli"),
            ("tag:toptan,kahve", "ayse bora"),
            // Quoting.
            ("city:\"New York\"", "deli"),
            ("city:\"new york\",ankara", "bora deli"),
            ("city:new", ""),
            ("tag:\"vip\"", "ayse deli"),
            // Case-insensitive fields and Turkish folding.
            ("TAG:VIP", "ayse deli"),
            ("City:İSTANBUL", "ayse"),
            ("city:ızmır", "ayse"),
            ("-CITY:İstanbul", "bora deli"),
            // last:
            ("last:>90d", "bora deli"),
            ("last:<2w", "ayse"),
            ("last:never", "deli"),
            ("last:NEVER", "deli"),
            ("last:<=10", "ayse"),
            ("last:<10d", ""),
            ("last:>=120d", "bora deli"),
            ("last:>120d", "deli"),
            ("last:>3m", "bora deli"),
            ("last:>4m", "deli"),
            ("last:<1y", "ayse bora"),
            ("last:never,<2w", "ayse deli"),
            ("-last:never", "ayse bora"),
            // revenue: major units.
            ("revenue:>10000", "ayse"),
            ("revenue:>12500", ""),
            ("revenue:>=12500", "ayse"),
            ("revenue:12500", "ayse"),
            ("revenue:=12500.00", "ayse"),
            ("revenue:=800.5", "bora"),
            ("revenue:=800,50", "bora"),
            ("revenue:<800.51", "bora deli"),
            ("revenue:<800,5", "deli"),
            ("revenue:<=800.50", "bora deli"),
            ("revenue:>0", "ayse bora"),
            // Everything ANDed.
            ("tag:vip city:istanbul status:active tier:A last:<30d revenue:>10000 source:referral", "ayse"),
            ("tag:vip kind:person", "ayse"),
            ("tag:vip -kind:person", "deli"),
            // Free text is left to the caller.
            ("ali \"veli can\"", "ayse bora deli"),
            ("12:30 http://x.com", "ayse bora deli"),
            ("", "ayse bora deli"),
        ];
        for (query, expected) in table {
            assert_eq!(hits(query), expected, "{query}");
        }
    }

    #[test]
    fn non_customers_never_match_tier_or_score() {
        let d = deli();
        for q in ["tier:A", "tier:a,b,c,d", "score:>=0", "score:<=100"] {
            let seg = parse(q).unwrap();
            assert!(
                !seg.matches(
                    &d.c,
                    None,
                    d.facts.as_ref(),
                    None,
                    today(),
                    Tz(0),
                    &DealIndex::default()
                ),
                "{q}"
            );
        }
    }

    #[test]
    fn contacts_without_facts_match_no_fact_filter() {
        let a = ayse();
        for q in ["status:active", "revenue:>=0", "last:never", "last:>1d"] {
            let seg = parse(q).unwrap();
            assert!(
                !seg.matches(
                    &a.c,
                    a.org,
                    None,
                    None,
                    today(),
                    Tz(0),
                    &DealIndex::default()
                ),
                "{q}"
            );
        }
    }

    #[test]
    fn last_compares_local_dates() {
        // 2026-11-23 22:30 UTC is already the 24th in Istanbul (UTC+3).
        let mut f = bora();
        f.facts = Some(facts(
            Status::Active,
            0,
            Some(Utc.with_ymd_and_hms(2026, 11, 23, 22, 30, 0).unwrap()),
        ));
        let seg = parse("last:<1d").unwrap();
        let m = |tz| {
            seg.matches(
                &f.c,
                None,
                f.facts.as_ref(),
                None,
                today(),
                tz,
                &DealIndex::default(),
            )
        };
        assert!(m(Tz(180)));
        assert!(!m(Tz(0)));
    }
}
