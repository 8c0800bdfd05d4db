//! The app's places, carried in the URL fragment (`#/contacts/…?q=…`). A fragment survives
//! a reload on any static host and in any sub-folder, with no server rewrite rules.

use crate::model::deal::{Deal, DealId, StageId};
use crate::{Channel, ContactId, InteractionId, InteractionKind};
use chrono::Datelike;
use chrono::NaiveDate;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Characters left as they are in a query value; everything else is percent-encoded.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// How the contact list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListOrder {
    #[default]
    Name,
    /// Most recently in touch first.
    LastContact,
}

/// Activity's filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ActivityFilter {
    pub channel: Option<Channel>,
    pub kind: Option<InteractionKind>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl ActivityFilter {
    /// Whether an interaction passes the channel and type filters (the date range is
    /// applied when reading from the store).
    pub fn matches(&self, i: &crate::Interaction) -> bool {
        self.channel.is_none_or(|c| i.channel == c) && self.kind.is_none_or(|k| i.kind == k)
    }
}

/// Which deals the Deals page shows: won and lost ones only when asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DealStatusFilter {
    #[default]
    Open,
    Won,
    Lost,
    All,
}

/// How the deals list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DealSort {
    /// Soonest expected close first (no date last).
    #[default]
    Close,
    /// Largest first (in the home currency; amounts without a rate after those with one).
    Amount,
    /// Board order of the stages.
    Stage,
    /// Oldest first.
    Age,
}

impl DealSort {
    pub const ALL: [DealSort; 4] = [
        DealSort::Close,
        DealSort::Amount,
        DealSort::Stage,
        DealSort::Age,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            DealSort::Close => "close",
            DealSort::Amount => "amount",
            DealSort::Stage => "stage",
            DealSort::Age => "age",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

impl DealStatusFilter {
    pub const ALL: [DealStatusFilter; 4] = [
        DealStatusFilter::Open,
        DealStatusFilter::Won,
        DealStatusFilter::Lost,
        DealStatusFilter::All,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            DealStatusFilter::Open => "open",
            DealStatusFilter::Won => "won",
            DealStatusFilter::Lost => "lost",
            DealStatusFilter::All => "all",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// The Deals page's view (board or list) and filters, kept in the URL.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DealsView {
    pub list: bool,
    pub status: DealStatusFilter,
    pub stage: Option<StageId>,
    /// Expected to close in this month (its first day).
    pub month: Option<NaiveDate>,
    pub contact: Option<ContactId>,
    pub sort: DealSort,
}

impl DealsView {
    /// Whether a deal passes the filters (deleted ones never do).
    pub fn shows(&self, d: &Deal) -> bool {
        use crate::model::deal::DealStatus;
        let status = matches!(
            (self.status, &d.status),
            (DealStatusFilter::All, _)
                | (DealStatusFilter::Open, DealStatus::Open)
                | (DealStatusFilter::Won, DealStatus::Won { .. })
                | (DealStatusFilter::Lost, DealStatus::Lost { .. })
        );
        !d.is_deleted()
            && status
            && self.stage.as_ref().is_none_or(|s| &d.stage == s)
            && self.contact.is_none_or(|c| d.contact_id == c)
            && self.month.is_none_or(|m| {
                d.expected_close
                    .is_some_and(|c| c.year() == m.year() && c.month() == m.month())
            })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Route {
    #[default]
    Today,
    /// The contact list, filtered by the search text `q`.
    Contacts {
        q: String,
        order: ListOrder,
    },
    Activity(ActivityFilter),
    FollowUps,
    /// The deals' board or list, with its filters.
    Deals(DealsView),
    /// **New deal**, for a contact when started from its page.
    NewDeal(Option<ContactId>),
    /// A deal's page.
    Deal(DealId),
    EditDeal(DealId),
    /// **Log interaction** from a deal's page: linked to the deal, for its contact.
    LogForDeal(DealId),
    LogInteraction(ContactId),
    EditInteraction(ContactId, InteractionId),
    /// **Start a deal** from a proposal in a contact's timeline: New deal with its summary
    /// as the title and its amount, and the proposal linked to the deal once saved.
    DealFromProposal(ContactId, InteractionId),
    AddFollowUp(ContactId),
    NewContact,
    Contact(ContactId),
    EditContact(ContactId),
    /// **Merge with…**: the contact kept, and the one merged into it once chosen.
    MergeContact(ContactId, Option<ContactId>),
    Settings,
    Backup,
    /// The keyboard shortcuts (**?**).
    Shortcuts,
    /// Insights; `by` is the segments matrix's dimension (`city`, `tag`…; empty = city).
    Insights {
        by: String,
    },
    /// Fills the book with `n` generated contacts with `per_contact` interactions each,
    /// and `deals` open deals over them: used by the benchmark only.
    Generate {
        n: usize,
        per_contact: usize,
        deals: usize,
    },
    NotFound(String),
}

impl Route {
    /// The contact list with a search.
    pub fn contacts(q: impl Into<String>) -> Route {
        Route::Contacts {
            q: q.into(),
            order: ListOrder::Name,
        }
    }
}

fn query_param(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == name).then(|| {
            let v = v.replace('+', " ");
            percent_decode_str(&v).decode_utf8_lossy().into_owned()
        })
    })
}

impl Route {
    /// Parses `location.hash` (with or without the leading `#`).
    pub fn parse(hash: &str) -> Route {
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        let (path, query) = hash.split_once('?').unwrap_or((hash, ""));
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        let date = |name: &str| query_param(query, name).and_then(|d| d.parse().ok());
        let id = |s: &str| s.parse::<ContactId>().ok();
        match parts.as_slice() {
            [] | ["today"] => Route::Today,
            ["contacts"] => Route::Contacts {
                q: query_param(query, "q").unwrap_or_default(),
                order: match query_param(query, "sort").as_deref() {
                    Some("last") => ListOrder::LastContact,
                    _ => ListOrder::Name,
                },
            },
            ["activity"] => Route::Activity(ActivityFilter {
                channel: query_param(query, "channel").and_then(|c| Channel::parse(&c)),
                kind: query_param(query, "type").and_then(|c| InteractionKind::parse(&c)),
                from: date("from"),
                to: date("to"),
            }),
            ["follow-ups"] => Route::FollowUps,
            ["deals"] => Route::Deals(DealsView {
                list: query_param(query, "view").as_deref() == Some("list"),
                status: query_param(query, "status")
                    .and_then(|s| DealStatusFilter::parse(&s))
                    .unwrap_or_default(),
                stage: query_param(query, "stage")
                    .filter(|s| !s.is_empty())
                    .map(StageId),
                month: query_param(query, "month")
                    .and_then(|m| NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok()),
                contact: query_param(query, "contact").and_then(|c| id(&c)),
                sort: query_param(query, "sort")
                    .and_then(|s| DealSort::parse(&s))
                    .unwrap_or_default(),
            }),
            ["deals", "new"] => Route::NewDeal(query_param(query, "contact").and_then(|c| id(&c))),
            ["deals", d, rest @ ..] => match (d.parse::<DealId>(), rest) {
                (Ok(d), []) => Route::Deal(d),
                (Ok(d), ["edit"]) => Route::EditDeal(d),
                (Ok(d), ["log"]) => Route::LogForDeal(d),
                _ => Route::NotFound(hash.to_string()),
            },
            ["contacts", c, action @ ("log" | "follow-up")] => match (id(c), *action) {
                (Some(c), "log") => Route::LogInteraction(c),
                (Some(c), _) => Route::AddFollowUp(c),
                _ => Route::NotFound(hash.to_string()),
            },
            ["contacts", c, "interactions", i, rest @ ..] => match (id(c), i.parse(), rest) {
                (Some(c), Ok(i), []) => Route::EditInteraction(c, i),
                (Some(c), Ok(i), ["deal"]) => Route::DealFromProposal(c, i),
                _ => Route::NotFound(hash.to_string()),
            },
            ["contacts", "new"] => Route::NewContact,
            ["contacts", id] => match id.parse() {
                Ok(id) => Route::Contact(id),
                Err(_) => Route::NotFound(hash.to_string()),
            },
            ["contacts", id, "edit"] => match id.parse() {
                Ok(id) => Route::EditContact(id),
                Err(_) => Route::NotFound(hash.to_string()),
            },
            ["contacts", c, "merge"] => match id(c) {
                Some(c) => Route::MergeContact(c, query_param(query, "with").and_then(|w| id(&w))),
                None => Route::NotFound(hash.to_string()),
            },
            ["settings"] => Route::Settings,
            ["insights"] => Route::Insights {
                by: query_param(query, "by").unwrap_or_default(),
            },
            ["backup"] => Route::Backup,
            ["shortcuts"] => Route::Shortcuts,
            ["dev", "generate"] => Route::Generate {
                n: query_param(query, "n")
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(1000),
                per_contact: query_param(query, "i")
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(0),
                deals: query_param(query, "d")
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(0),
            },
            _ => Route::NotFound(hash.to_string()),
        }
    }

    /// The fragment for this route, with the leading `#`.
    pub fn to_hash(&self) -> String {
        let enc = |s: &str| utf8_percent_encode(s, QUERY_VALUE).to_string();
        match self {
            Route::Today => "#/today".into(),
            Route::Contacts { q, order } => {
                let mut params = Vec::new();
                if !q.is_empty() {
                    params.push(format!("q={}", enc(q)));
                }
                if *order == ListOrder::LastContact {
                    params.push("sort=last".into());
                }
                with_query("#/contacts", params)
            }
            Route::Activity(f) => {
                let mut params = Vec::new();
                if let Some(c) = f.channel {
                    params.push(format!("channel={}", c.as_str()));
                }
                if let Some(k) = f.kind {
                    params.push(format!("type={}", k.as_str()));
                }
                if let Some(d) = f.from {
                    params.push(format!("from={d}"));
                }
                if let Some(d) = f.to {
                    params.push(format!("to={d}"));
                }
                with_query("#/activity", params)
            }
            Route::FollowUps => "#/follow-ups".into(),
            Route::Deals(v) => {
                let mut params = Vec::new();
                if v.list {
                    params.push("view=list".to_string());
                }
                if v.status != DealStatusFilter::Open {
                    params.push(format!("status={}", v.status.as_str()));
                }
                if let Some(s) = &v.stage {
                    params.push(format!("stage={}", enc(&s.0)));
                }
                if let Some(m) = v.month {
                    params.push(format!("month={}", m.format("%Y-%m")));
                }
                if let Some(c) = v.contact {
                    params.push(format!("contact={c}"));
                }
                if v.sort != DealSort::Close {
                    params.push(format!("sort={}", v.sort.as_str()));
                }
                with_query("#/deals", params)
            }
            Route::NewDeal(None) => "#/deals/new".into(),
            Route::NewDeal(Some(c)) => format!("#/deals/new?contact={c}"),
            Route::Deal(d) => format!("#/deals/{d}"),
            Route::EditDeal(d) => format!("#/deals/{d}/edit"),
            Route::LogForDeal(d) => format!("#/deals/{d}/log"),
            Route::LogInteraction(c) => format!("#/contacts/{c}/log"),
            Route::AddFollowUp(c) => format!("#/contacts/{c}/follow-up"),
            Route::EditInteraction(c, i) => format!("#/contacts/{c}/interactions/{i}"),
            Route::DealFromProposal(c, i) => format!("#/contacts/{c}/interactions/{i}/deal"),
            Route::NewContact => "#/contacts/new".into(),
            Route::Contact(id) => format!("#/contacts/{id}"),
            Route::EditContact(id) => format!("#/contacts/{id}/edit"),
            Route::MergeContact(id, None) => format!("#/contacts/{id}/merge"),
            Route::MergeContact(id, Some(w)) => format!("#/contacts/{id}/merge?with={w}"),
            Route::Settings => "#/settings".into(),
            Route::Backup => "#/backup".into(),
            Route::Shortcuts => "#/shortcuts".into(),
            Route::Insights { by } if by.is_empty() => "#/insights".into(),
            Route::Insights { by } => format!("#/insights?by={}", enc(by)),
            Route::Generate {
                n,
                per_contact,
                deals,
            } => format!("#/dev/generate?n={n}&i={per_contact}&d={deals}"),
            Route::NotFound(h) => format!("#{h}"),
        }
    }
}

fn with_query(path: &str, params: Vec<String>) -> String {
    if params.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", params.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let id = crate::ContactId::from_random_bytes([9; 16]);
        let iid = crate::InteractionId::from_random_bytes([8; 16]);
        let did = DealId::from_random_bytes([6; 16]);
        for r in [
            Route::Today,
            Route::contacts(""),
            Route::contacts("Şule & İstanbul #1 ?x=y"),
            Route::Contacts {
                q: "a".into(),
                order: ListOrder::LastContact,
            },
            Route::Activity(ActivityFilter::default()),
            Route::Activity(ActivityFilter {
                channel: Some(Channel::VideoCall),
                kind: Some(InteractionKind::Purchase),
                from: NaiveDate::from_ymd_opt(2026, 1, 1),
                to: NaiveDate::from_ymd_opt(2028, 2, 29),
            }),
            Route::FollowUps,
            Route::Deals(DealsView::default()),
            Route::Deals(DealsView {
                list: true,
                status: DealStatusFilter::Lost,
                stage: Some(StageId::new("teklif & pazarlık")),
                month: NaiveDate::from_ymd_opt(2027, 2, 1),
                contact: Some(id),
                sort: DealSort::Amount,
            }),
            Route::NewDeal(None),
            Route::NewDeal(Some(id)),
            Route::Deal(did),
            Route::EditDeal(did),
            Route::LogForDeal(did),
            Route::LogInteraction(id),
            Route::AddFollowUp(id),
            Route::EditInteraction(id, iid),
            Route::DealFromProposal(id, iid),
            Route::NewContact,
            Route::Contact(id),
            Route::EditContact(id),
            Route::MergeContact(id, None),
            Route::MergeContact(id, Some(crate::ContactId::from_random_bytes([7; 16]))),
            Route::Settings,
            Route::Backup,
            Route::Shortcuts,
            Route::Insights { by: String::new() },
            Route::Insights { by: "tag".into() },
            Route::contacts("tier:A city:\"İstanbul\" -tag:vip last:>90d"),
            Route::Generate {
                n: 50_000,
                per_contact: 10,
                deals: 5_000,
            },
        ] {
            assert_eq!(Route::parse(&r.to_hash()), r, "{}", r.to_hash());
        }
    }

    #[test]
    fn parses_what_people_type_and_rejects_junk() {
        assert_eq!(Route::parse(""), Route::Today);
        assert_eq!(Route::parse("#/"), Route::Today);
        assert_eq!(
            Route::parse("#/contacts?q=ay%C5%9Fe+k"),
            Route::contacts("ayşe k")
        );
        assert_eq!(
            Route::parse("#/activity?channel=fax&from=junk"),
            Route::Activity(ActivityFilter::default())
        );
        assert_eq!(
            Route::parse("#/contacts/not-a-uuid"),
            Route::NotFound("/contacts/not-a-uuid".into())
        );
        assert_eq!(
            Route::parse("#/contacts/not-a-uuid/log"),
            Route::NotFound("/contacts/not-a-uuid/log".into())
        );
        assert_eq!(
            Route::parse("#/contacts/not-a-uuid/merge"),
            Route::NotFound("/contacts/not-a-uuid/merge".into())
        );
        let id = crate::ContactId::from_random_bytes([9; 16]);
        assert_eq!(
            Route::parse(&format!("#/contacts/{id}/merge?with=junk")),
            Route::MergeContact(id, None)
        );
        assert_eq!(
            Route::parse("#/deals/junk"),
            Route::NotFound("/deals/junk".into())
        );
        let did = DealId::from_random_bytes([6; 16]);
        assert_eq!(
            Route::parse(&format!("#/deals/{did}/elsewhere")),
            Route::NotFound(format!("/deals/{did}/elsewhere"))
        );
        assert_eq!(
            Route::parse("#/deals/new?contact=junk"),
            Route::NewDeal(None)
        );
        assert_eq!(
            Route::parse("#/nowhere"),
            Route::NotFound("/nowhere".into())
        );
        assert_eq!(
            Route::parse("#/contacts?q=%FF"),
            Route::contacts("\u{fffd}")
        );
    }
}
