//! A contact: a person or an organisation in the user's book.

use super::rev::{Leaf, Rev, RevPath};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

/// A contact's identity: a random UUID, created on the device that first saved it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ContactId(pub Uuid);

impl ContactId {
    /// Makes an id from 16 random bytes (the caller brings the randomness).
    pub fn from_random_bytes(bytes: [u8; 16]) -> Self {
        ContactId(uuid::Builder::from_random_bytes(bytes).into_uuid())
    }
}

impl fmt::Display for ContactId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

impl FromStr for ContactId {
    type Err = uuid::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(s).map(ContactId)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    #[default]
    Person,
    Organisation,
}

/// The user's own label for where a contact stands. Later issues derive a status from
/// history; that never overwrites this.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    #[default]
    Prospect,
    Customer,
    FormerCustomer,
}

impl Stage {
    pub const ALL: [Stage; 3] = [Stage::Prospect, Stage::Customer, Stage::FormerCustomer];

    pub fn label(self) -> &'static str {
        match self {
            Stage::Prospect => "Prospect",
            Stage::Customer => "Customer",
            Stage::FormerCustomer => "Former customer",
        }
    }

    /// Stable name used in forms and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Prospect => "prospect",
            Stage::Customer => "customer",
            Stage::FormerCustomer => "former_customer",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// A value with a label such as work, home or mobile (e-mails, phones).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Labeled {
    #[serde(default)]
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Address {
    pub label: String,
    pub street: String,
    pub city: String,
    pub region: String,
    pub postcode: String,
    pub country: String,
}

impl Address {
    pub fn is_empty(&self) -> bool {
        [
            &self.street,
            &self.city,
            &self.region,
            &self.postcode,
            &self.country,
        ]
        .iter()
        .all(|s| s.trim().is_empty())
    }
}

/// Where a person works: another contact in the book, or just a name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Organisation {
    Linked(ContactId),
    Named(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CustomField {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub id: ContactId,
    #[serde(default)]
    pub kind: Kind,
    pub display_name: String,
    #[serde(default)]
    pub given_name: String,
    #[serde(default)]
    pub family_name: String,
    #[serde(default)]
    pub organisation: Option<Organisation>,
    #[serde(default)]
    pub job_title: String,
    #[serde(default)]
    pub emails: Vec<Labeled>,
    #[serde(default)]
    pub phones: Vec<Labeled>,
    #[serde(default)]
    pub addresses: Vec<Address>,
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub stage: Stage,
    /// How they found you (referral, website, event…).
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub referred_by: Option<ContactId>,
    #[serde(default)]
    pub birthday: Option<NaiveDate>,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub custom: Vec<CustomField>,
    /// The user's own "strategic importance" value key, 0–5 (none = not set, ranks as 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strategic: Option<u8>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// A tombstone: set when deleted, so that merging backups can tell a deletion from a
    /// record the other device never had. Deleted contacts never show in the UI.
    #[serde(default)]
    pub deleted_at: Option<DateTime<Utc>>,
    /// Set on the tombstone of a contact merged into another (`model::combine`): what
    /// arrives later for this contact from a backup or another device goes there instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<ContactId>,
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

impl Contact {
    /// A new, empty contact. Fill it with [`crate::ContactDraft::apply_to`].
    pub fn new(id: ContactId, display_name: impl Into<String>, now: DateTime<Utc>) -> Self {
        Contact {
            id,
            kind: Kind::Person,
            display_name: display_name.into(),
            given_name: String::new(),
            family_name: String::new(),
            organisation: None,
            job_title: String::new(),
            emails: Vec::new(),
            phones: Vec::new(),
            addresses: Vec::new(),
            website: String::new(),
            tags: Vec::new(),
            stage: Stage::Prospect,
            source: String::new(),
            referred_by: None,
            birthday: None,
            notes: String::new(),
            custom: Vec::new(),
            strategic: None,
            created_at: now,
            updated_at: now,
            deleted_at: None,
            merged_into: None,
            rev: Default::default(),
            revisions: Default::default(),
            conflicts: Vec::new(),
        }
    }

    pub fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }

    /// The first city among the addresses, for lists.
    pub fn city(&self) -> &str {
        self.addresses
            .iter()
            .map(|a| a.city.as_str())
            .find(|c| !c.trim().is_empty())
            .unwrap_or("")
    }

    /// The organisation's name, resolving a link through `name_of`.
    pub fn organisation_name<'a>(
        &'a self,
        name_of: impl Fn(ContactId) -> Option<&'a str>,
    ) -> Option<&'a str> {
        match &self.organisation {
            Some(Organisation::Named(n)) if !n.trim().is_empty() => Some(n.as_str()),
            Some(Organisation::Linked(id)) => name_of(*id),
            _ => None,
        }
    }
}

/// Only http(s) links become clickable: a stored `javascript:` URL must never run.
pub fn safe_web_link(url: &str) -> Option<String> {
    let u = url.trim();
    let lower = u.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        Some(u.to_string())
    } else if !u.is_empty() && !u.contains(':') && u.contains('.') {
        Some(format!("https://{u}"))
    } else {
        None
    }
}

/// Characters left as they are in a `mailto:` address; everything else is
/// percent-encoded (RFC 6068), so nothing in it can start headers or a query.
const MAILTO_KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'+')
    .remove(b'@');

/// A `mailto:` link for something shaped like one e-mail address (one '@', a local part
/// of RFC 5322 atoms, a domain of letters, digits, '-' and '.'), else `None`: a stored
/// value must never add recipients, headers or a body to the user's mail.
pub fn mailto_link(addr: &str) -> Option<String> {
    let addr = addr.trim();
    let (local, domain) = addr.split_once('@')?;
    let local_ok = !local.is_empty()
        && !local.starts_with('.')
        && !local.ends_with('.')
        && local.chars().all(|c| {
            c.is_alphanumeric() || (c.is_ascii_punctuation() && "!#$%&'*+-/=?^_`{|}~.".contains(c))
        });
    let domain_ok = !domain.is_empty()
        && !domain.starts_with(['.', '-'])
        && !domain.ends_with(['.', '-'])
        && !domain.contains("..")
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
    (local_ok && domain_ok).then(|| {
        format!(
            "mailto:{}",
            percent_encoding::utf8_percent_encode(addr, MAILTO_KEEP)
        )
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn mailto_only_for_one_address_and_encoded() {
        use super::mailto_link as m;
        let cases: [(&str, Option<&str>); 16] = [
            ("ayse@example.com", Some("mailto:ayse@example.com")),
            (" ayse@example.com ", Some("mailto:ayse@example.com")),
            (
                "a.b+tag@sub.example.com.tr",
                Some("mailto:a.b+tag@sub.example.com.tr"),
            ),
            // Allowed in an address, but encoded so they cannot start a query or fragment.
            (
                "a&b?c#d%e@example.com",
                Some("mailto:a%26b%3Fc%23d%25e@example.com"),
            ),
            (
                "şule@örnek.com.tr",
                Some("mailto:%C5%9Fule@%C3%B6rnek.com.tr"),
            ),
            ("a@b.com?subject=x&body=y", None),
            ("javascript:alert(1)", None),
            ("javascript:alert(1)//@x.com", None),
            ("x@y\r\nBcc: z@w", None),
            ("x@y\nBcc:z", None),
            ("a@b.com,c@d.com", None),
            ("a b@c.com", None),
            ("a@b@c.com", None),
            ("@b.com", None),
            ("a@", None),
            ("a@b..com", None),
        ];
        for (addr, want) in cases {
            assert_eq!(m(addr).as_deref(), want, "{addr:?}");
        }
        assert_eq!(m("a\u{0}@b.com"), None);
        assert_eq!(m("<a@b.com>"), None);
        assert_eq!(m("a@b.com%0ABcc:x@y.com"), None);
    }

    #[test]
    fn only_web_links_are_clickable() {
        use super::safe_web_link as s;
        assert_eq!(s("https://a.com").as_deref(), Some("https://a.com"));
        assert_eq!(
            s("example.com.tr").as_deref(),
            Some("https://example.com.tr")
        );
        assert_eq!(s("javascript:alert(1)"), None);
        assert_eq!(s("JavaScript:alert(1).x"), None);
        assert_eq!(s("data:text/html,x"), None);
    }
}
