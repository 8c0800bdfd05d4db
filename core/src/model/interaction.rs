//! Interactions (the log: calls, e-mails, meetings, purchases, complaints…) and follow-ups.

use super::contact::ContactId;
use super::rev::{Leaf, Rev, RevPath};
use crate::money::Money;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($name:ident) => {
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub uuid::Uuid);

        impl $name {
            pub fn from_random_bytes(bytes: [u8; 16]) -> Self {
                $name(uuid::Builder::from_random_bytes(bytes).into_uuid())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                uuid::Uuid::parse_str(s).map($name)
            }
        }
    };
}
pub(crate) use id_type;
id_type!(InteractionId);
id_type!(FollowUpId);

/// A closed list with stable names (stored, and used in forms and URLs) and labels.
macro_rules! choice {
    ($name:ident { $($variant:ident = $key:literal / $label:literal),+ $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $(#[serde(rename = $key)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str { match self { $($name::$variant => $key),+ } }
            pub fn label(self) -> &'static str { match self { $($name::$variant => $label),+ } }
            pub fn parse(s: &str) -> Option<$name> { Self::ALL.iter().copied().find(|v| v.as_str() == s) }
        }
    };
}

choice!(Channel {
    Phone = "phone" / "Phone",
    Email = "email" / "Email",
    Meeting = "meeting" / "Meeting",
    VideoCall = "video" / "Video call",
    Message = "message" / "Message",
    Letter = "letter" / "Letter",
    Visit = "visit" / "Visit",
    Web = "web" / "Web",
    Other = "other" / "Other",
});

choice!(Direction {
    Inbound = "in" / "Inbound",
    Outbound = "out" / "Outbound",
});

choice!(InteractionKind {
    Note = "note" / "Note",
    Call = "call" / "Call",
    Meeting = "meeting" / "Meeting",
    Purchase = "purchase" / "Purchase",
    Complaint = "complaint" / "Complaint",
    Request = "request" / "Request",
    Proposal = "proposal" / "Proposal",
});

impl InteractionKind {
    /// Purchases carry what was paid, proposals what was offered (a proposal starts a deal
    /// with it; only purchases count as revenue).
    pub fn has_amount(self) -> bool {
        matches!(self, InteractionKind::Purchase | InteractionKind::Proposal)
    }

    /// Complaints and requests carry a status until resolved.
    pub fn has_status(self) -> bool {
        matches!(self, InteractionKind::Complaint | InteractionKind::Request)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum Status {
    Open,
    Resolved { on: NaiveDate },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interaction {
    pub id: InteractionId,
    pub contact_id: ContactId,
    /// When it happened, in UTC. Without a time of day (`time_known` false) it is the
    /// user's local noon of that date, so the date reads the same in any nearby time zone.
    pub at: DateTime<Utc>,
    #[serde(default)]
    pub time_known: bool,
    pub channel: Channel,
    pub direction: Direction,
    pub kind: InteractionKind,
    pub summary: String,
    #[serde(default)]
    pub details: String,
    /// Purchases: what was paid.
    #[serde(default)]
    pub amount: Option<Money>,
    /// Purchases: the product or service.
    #[serde(default)]
    pub product: String,
    /// Complaints and requests.
    #[serde(default)]
    pub status: Option<Status>,
    /// The deal it is about (logged from the deal's page, or its purchase when won).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deal_id: Option<super::deal::DealId>,
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

impl Interaction {
    /// A new, empty note with `contact` (for `deal`, if logged from one), made at `now`:
    /// what the interaction form fills in (`InteractionDraft::apply_to`).
    pub fn blank(
        id: InteractionId,
        contact: ContactId,
        deal: Option<super::deal::DealId>,
        now: DateTime<Utc>,
    ) -> Interaction {
        Interaction {
            id,
            contact_id: contact,
            at: now,
            time_known: false,
            channel: Channel::Other,
            direction: Direction::Outbound,
            kind: InteractionKind::Note,
            summary: String::new(),
            details: String::new(),
            amount: None,
            product: String::new(),
            status: None,
            deal_id: deal,
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
        !self.is_deleted() && self.status == Some(Status::Open)
    }

    pub fn resolve(&mut self, on: NaiveDate, now: DateTime<Utc>) {
        self.status = Some(Status::Resolved { on });
        self.updated_at = now;
    }
}

/// Something to do for a contact on a date: on its own, or set from an interaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub id: FollowUpId,
    pub contact_id: ContactId,
    /// The user's local date it is due.
    pub due: NaiveDate,
    pub note: String,
    #[serde(default)]
    pub interaction_id: Option<InteractionId>,
    #[serde(default)]
    pub done_at: Option<DateTime<Utc>>,
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

impl FollowUp {
    /// A follow-up of its own: `note` (trimmed) for `contact` on `due`, made at `now`.
    pub fn new(
        id: FollowUpId,
        contact: ContactId,
        due: NaiveDate,
        note: &str,
        now: DateTime<Utc>,
    ) -> FollowUp {
        FollowUp {
            id,
            contact_id: contact,
            due,
            note: note.trim().to_string(),
            interaction_id: None,
            done_at: None,
            created_at: now,
            updated_at: now,
            deleted_at: None,
            rev: Rev::default(),
            revisions: RevPath::default(),
            conflicts: Vec::new(),
        }
    }

    /// The follow-up an interaction's form asks for: its summary, due on `due`.
    pub fn after(i: &Interaction, id: FollowUpId, due: NaiveDate, now: DateTime<Utc>) -> FollowUp {
        FollowUp {
            interaction_id: Some(i.id),
            ..FollowUp::new(id, i.contact_id, due, &i.summary, now)
        }
    }

    pub fn is_open(&self) -> bool {
        self.done_at.is_none() && self.deleted_at.is_none()
    }

    pub fn mark_done(&mut self, now: DateTime<Utc>) {
        self.done_at = Some(now);
        self.updated_at = now;
    }

    /// Moves the follow-up to another day (it stays open).
    pub fn snooze(&mut self, to: NaiveDate, now: DateTime<Utc>) {
        self.due = to;
        self.updated_at = now;
    }
}

/// The days **Snooze** offers from `today`: tomorrow, and next week (the Monday after
/// this week; a consultant plans by the week).
pub fn snooze_days(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    use chrono::Datelike;
    let tomorrow = today + chrono::Duration::days(1);
    let to_monday = 7 - i64::from(today.weekday().num_days_from_monday());
    (tomorrow, today + chrono::Duration::days(to_monday))
}

#[cfg(test)]
mod snooze_tests {
    use super::*;

    #[test]
    fn a_blank_interaction_and_follow_ups_made_from_forms() {
        let now = chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 12, 7, 9, 0, 0).unwrap();
        let contact = ContactId(uuid::Uuid::from_u128(1));
        let deal = Some(super::super::deal::DealId(uuid::Uuid::from_u128(2)));
        let mut i = Interaction::blank(InteractionId(uuid::Uuid::from_u128(3)), contact, deal, now);
        assert_eq!(
            (i.contact_id, i.deal_id, i.at, i.created_at),
            (contact, deal, now, now)
        );
        assert_eq!((i.kind, i.channel), (InteractionKind::Note, Channel::Other));
        assert!(!i.is_deleted() && !i.is_open() && i.rev.is_none());
        i.summary = "Teklif gönderildi".into();
        let due = NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
        let f = FollowUp::after(&i, FollowUpId(uuid::Uuid::from_u128(4)), due, now);
        assert_eq!(
            (f.contact_id, f.due, f.note.as_str()),
            (contact, due, "Teklif gönderildi")
        );
        assert_eq!(f.interaction_id, Some(i.id));
        assert!(f.is_open());
        let own = FollowUp::new(f.id, contact, due, "  Ara \n", now);
        assert_eq!((own.note.as_str(), own.interaction_id), ("Ara", None));
        assert_eq!((own.created_at, own.updated_at), (now, now));
    }

    #[test]
    fn snooze_offers_tomorrow_and_next_monday() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        // Tuesday 1 Dec 2026 → Wednesday, and Monday 7 Dec.
        assert_eq!(
            snooze_days(d(2026, 12, 1)),
            (d(2026, 12, 2), d(2026, 12, 7))
        );
        // On a Sunday, tomorrow is next week's Monday too; on a Monday, next week is 7 days on.
        assert_eq!(
            snooze_days(d(2026, 12, 6)),
            (d(2026, 12, 7), d(2026, 12, 7))
        );
        assert_eq!(
            snooze_days(d(2026, 12, 7)),
            (d(2026, 12, 8), d(2026, 12, 14))
        );
        assert_eq!(snooze_days(d(2026, 12, 31)).1, d(2027, 1, 4));
    }

    #[test]
    fn a_snoozed_follow_up_moves_and_stays_open() {
        let json = r#"{"id":"00000000-0000-4000-8000-000000000001","contact_id":"00000000-0000-4000-8000-000000000002","due":"2026-12-01","note":"Ara","created_at":"2026-11-01T09:00:00Z","updated_at":"2026-11-01T09:00:00Z"}"#;
        let mut f: FollowUp = serde_json::from_str(json).unwrap();
        let now = chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 12, 1, 10, 0, 0).unwrap();
        let to = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        f.snooze(to, now);
        assert_eq!((f.due, f.updated_at, f.is_open()), (to, now, true));
    }
}
