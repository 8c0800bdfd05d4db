//! Merging two contacts into one (**Merge with…**): the user picks, field by field, which
//! value stays; lists are joined. The other contact becomes a tombstone that points to the
//! kept one (`merged_into`), so what later arrives for it — from a backup or another
//! device — lands on the kept contact (`redirect`). Its interactions and follow-ups move
//! (`move_to`), and contacts that name it (referred by, works at) name the kept one.

use super::contact::{Contact, ContactId, Organisation};
use super::interaction::{FollowUp, Interaction};
use super::rev::{bump, Revised};
use crate::book::Book;
use crate::text::fold;
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};

/// A field the two contacts may disagree on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Kind,
    Name,
    GivenName,
    FamilyName,
    Organisation,
    JobTitle,
    Emails,
    Phones,
    Addresses,
    Website,
    Tags,
    Stage,
    Source,
    ReferredBy,
    Birthday,
    Strategic,
    Notes,
    Custom,
}

impl Field {
    pub const ALL: [Field; 18] = [
        Field::Kind,
        Field::Name,
        Field::GivenName,
        Field::FamilyName,
        Field::Organisation,
        Field::JobTitle,
        Field::Emails,
        Field::Phones,
        Field::Addresses,
        Field::Website,
        Field::Tags,
        Field::Stage,
        Field::Source,
        Field::ReferredBy,
        Field::Birthday,
        Field::Strategic,
        Field::Notes,
        Field::Custom,
    ];

    /// Lists and notes can keep both values.
    pub fn can_join(self) -> bool {
        matches!(
            self,
            Field::Emails
                | Field::Phones
                | Field::Addresses
                | Field::Tags
                | Field::Notes
                | Field::Custom
        )
    }

    /// The field's value as the two contacts are compared by, and as the merge screen
    /// shows it ("" when not set). Kind and stage are their stable names (`person`,
    /// `former_customer`): the screen names them in the user's language.
    pub fn shown(self, c: &Contact, book: &Book) -> String {
        let name = |id: ContactId| {
            book.get_any(id)
                .map(|c| c.display_name.clone())
                .unwrap_or_default()
        };
        let joined = |v: Vec<String>| {
            v.into_iter()
                .filter(|s| !s.trim().is_empty())
                .collect::<Vec<_>>()
                .join("; ")
        };
        match self {
            Field::Kind => match c.kind {
                super::contact::Kind::Person => "person".into(),
                super::contact::Kind::Organisation => "organisation".into(),
            },
            Field::Name => c.display_name.clone(),
            Field::GivenName => c.given_name.clone(),
            Field::FamilyName => c.family_name.clone(),
            Field::Organisation => match &c.organisation {
                Some(Organisation::Linked(id)) => name(*id),
                Some(Organisation::Named(n)) => n.clone(),
                None => String::new(),
            },
            Field::JobTitle => c.job_title.clone(),
            Field::Emails => joined(c.emails.iter().map(|e| e.value.clone()).collect()),
            Field::Phones => joined(c.phones.iter().map(|p| p.value.clone()).collect()),
            Field::Addresses => joined(
                c.addresses
                    .iter()
                    .map(|a| {
                        joined(vec![
                            a.street.clone(),
                            a.postcode.clone(),
                            a.city.clone(),
                            a.region.clone(),
                            a.country.clone(),
                        ])
                        .replace("; ", ", ")
                    })
                    .collect(),
            ),
            Field::Website => c.website.clone(),
            Field::Tags => c.tags.join(", "),
            Field::Stage => c.stage.as_str().into(),
            Field::Source => c.source.clone(),
            Field::ReferredBy => c.referred_by.map(name).unwrap_or_default(),
            Field::Birthday => c.birthday.map(|d| d.to_string()).unwrap_or_default(),
            Field::Strategic => c.strategic.map(|s| s.to_string()).unwrap_or_default(),
            Field::Notes => c.notes.clone(),
            Field::Custom => joined(
                c.custom
                    .iter()
                    .map(|f| format!("{}: {}", f.name, f.value))
                    .collect(),
            ),
        }
    }
}

/// Which value a field keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// The contact being kept (the one whose page the merge started from).
    Kept,
    Other,
    /// Both (lists and notes only).
    Both,
}

/// A field on which the two differ, with what the screen offers first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub field: Field,
    pub kept: String,
    pub other: String,
    pub proposed: Pick,
}

/// The fields where `kept` and `other` differ (as written). Proposed: both for lists and notes where
/// each has something; otherwise the kept value, unless only the other has one.
pub fn differences(kept: &Contact, other: &Contact, book: &Book) -> Vec<Difference> {
    Field::ALL
        .into_iter()
        .filter_map(|field| {
            let (k, o) = (field.shown(kept, book), field.shown(other, book));
            // Compared as written: "SULE ISIK" and "Şule Işık" find each other in search, but
            // the user chooses which spelling stays.
            if k.trim() == o.trim() {
                return None;
            }
            let proposed = if k.trim().is_empty() {
                Pick::Other
            } else if field.can_join() && !o.trim().is_empty() {
                Pick::Both
            } else {
                Pick::Kept
            };
            Some(Difference {
                field,
                kept: k,
                other: o,
                proposed,
            })
        })
        .collect()
}

/// Items of both lists, the kept ones first, without repeating one (compared folded).
fn union<T: Clone>(kept: &[T], other: &[T], key: impl Fn(&T) -> String) -> Vec<T> {
    let mut seen = HashSet::new();
    kept.iter()
        .chain(other)
        .filter(|x| seen.insert(fold(key(x).trim())))
        .cloned()
        .collect()
}

/// The kept contact with the picked values (a field not in `picks` keeps its value). It
/// was known since the earlier of the two creation times.
pub fn combined(
    kept: &Contact,
    other: &Contact,
    picks: &HashMap<Field, Pick>,
    now: DateTime<Utc>,
) -> Contact {
    let mut c = kept.clone();
    for (&field, &pick) in picks {
        // "Both" on a single value keeps the kept one.
        let both = match pick {
            Pick::Kept => continue,
            Pick::Both if !field.can_join() => continue,
            Pick::Both => true,
            Pick::Other => false,
        };
        match field {
            Field::Kind => c.kind = other.kind,
            Field::Name => c.display_name = other.display_name.clone(),
            Field::GivenName => c.given_name = other.given_name.clone(),
            Field::FamilyName => c.family_name = other.family_name.clone(),
            Field::Organisation => c.organisation = other.organisation.clone(),
            Field::JobTitle => c.job_title = other.job_title.clone(),
            Field::Website => c.website = other.website.clone(),
            Field::Stage => c.stage = other.stage,
            Field::Source => c.source = other.source.clone(),
            Field::ReferredBy => c.referred_by = other.referred_by,
            Field::Birthday => c.birthday = other.birthday,
            Field::Strategic => c.strategic = other.strategic,
            Field::Emails if both => {
                c.emails = union(&c.emails, &other.emails, |e| e.value.clone())
            }
            Field::Emails => c.emails = other.emails.clone(),
            Field::Phones if both => {
                c.phones = union(&c.phones, &other.phones, |p| {
                    p.value.chars().filter(char::is_ascii_digit).collect()
                })
            }
            Field::Phones => c.phones = other.phones.clone(),
            Field::Addresses if both => {
                c.addresses = union(&c.addresses, &other.addresses, |a| {
                    format!("{}|{}|{}", a.street, a.postcode, a.city)
                })
            }
            Field::Addresses => c.addresses = other.addresses.clone(),
            Field::Tags if both => c.tags = union(&c.tags, &other.tags, String::clone),
            Field::Tags => c.tags = other.tags.clone(),
            Field::Custom if both => {
                c.custom = union(&c.custom, &other.custom, |f| {
                    format!("{}|{}", f.name, f.value)
                })
            }
            Field::Custom => c.custom = other.custom.clone(),
            Field::Notes if both => {
                c.notes = format!("{}\n\n{}", c.notes.trim(), other.notes.trim())
            }
            Field::Notes => c.notes = other.notes.clone(),
        }
    }
    // A contact does not refer itself or work at itself once the two are one.
    let gone = |id: ContactId| id == kept.id || id == other.id;
    if c.referred_by.is_some_and(gone) {
        c.referred_by = None;
    }
    if matches!(c.organisation, Some(Organisation::Linked(id)) if gone(id)) {
        c.organisation = None;
    }
    c.created_at = kept.created_at.min(other.created_at);
    c.updated_at = now;
    c
}

/// The other contact's tombstone, pointing at the kept one.
pub fn merged_away(other: &Contact, into: ContactId, now: DateTime<Utc>) -> Contact {
    let mut t = other.clone();
    t.tombstone(now);
    t.merged_into = Some(into);
    t
}

/// A record that belongs to one contact (an interaction, a follow-up): what a merge moves.
pub trait OfContact: Revised {
    fn contact(&self) -> ContactId;
    /// When it was deleted (a record deleted at the very time its contact was went with it).
    fn deleted_at(&self) -> Option<DateTime<Utc>>;
    /// Moves it to contact `to`, as an edit made at `at` (a new revision).
    fn move_to(&mut self, to: ContactId, at: DateTime<Utc>);
}

macro_rules! of_contact {
    ($($t:ty),+) => {$(
        impl OfContact for $t {
            fn contact(&self) -> ContactId {
                self.contact_id
            }
            fn deleted_at(&self) -> Option<DateTime<Utc>> {
                self.deleted_at
            }
            fn move_to(&mut self, to: ContactId, at: DateTime<Utc>) {
                self.contact_id = to;
                self.updated_at = at;
                bump(self);
            }
        }
    )+};
}

of_contact!(Interaction, FollowUp, crate::model::deal::Deal);

/// Whether `c` names `id` (referred by it, works at it).
pub fn names(c: &Contact, id: ContactId) -> bool {
    c.referred_by == Some(id) || c.organisation == Some(Organisation::Linked(id))
}

/// Points a contact's references (referred by, works at) from `from` to `to`; `false`
/// when it had none.
pub fn repoint(c: &mut Contact, from: ContactId, to: ContactId, now: DateTime<Utc>) -> bool {
    let mut changed = false;
    if c.referred_by == Some(from) {
        c.referred_by = (c.id != to).then_some(to);
        changed = true;
    }
    if c.organisation == Some(Organisation::Linked(from)) {
        c.organisation = (c.id != to).then_some(Organisation::Linked(to));
        changed = true;
    }
    if changed {
        c.updated_at = now;
    }
    changed
}

/// Where records for `id` belong now: the end of its `merged_into` chain (a chain that
/// loops, or ends at a contact not in `contacts`, stops at its last known contact).
pub fn redirect(id: ContactId, merged_into: impl Fn(ContactId) -> Option<ContactId>) -> ContactId {
    let mut at = id;
    let mut seen = HashSet::from([id]);
    while let Some(next) = merged_into(at) {
        if !seen.insert(next) {
            break;
        }
        at = next;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::contact::{Labeled, Stage};
    use uuid::Uuid;

    fn at(h: u32) -> DateTime<Utc> {
        use chrono::TimeZone;
        Utc.with_ymd_and_hms(2026, 3, 1, h, 0, 0).unwrap()
    }

    fn contact(n: u128, name: &str) -> Contact {
        Contact::new(ContactId(Uuid::from_u128(n)), name, at(n as u32))
    }

    fn mail(v: &str) -> Labeled {
        Labeled {
            label: "work".into(),
            value: v.into(),
        }
    }

    #[test]
    fn differences_list_only_what_differs_and_propose_the_fuller_value() {
        let mut a = contact(1, "Şule Işık");
        let mut b = contact(2, "ŞULE IŞIK");
        a.emails = vec![mail("sule@defne.com.tr")];
        b.emails = vec![mail("sule.isik@gmail.com")];
        b.job_title = "Mali müşavir".into();
        a.notes = "Defne Muhasebe".into();
        b.stage = Stage::Customer;
        let book = Book::from_contacts([a.clone(), b.clone()]);
        let d = differences(&a, &b, &book);
        let got: Vec<(Field, Pick)> = d.iter().map(|d| (d.field, d.proposed)).collect();
        // Spelled differently: the user chooses (the kept one is proposed).
        assert_eq!(
            got,
            vec![
                (Field::Name, Pick::Kept),
                (Field::JobTitle, Pick::Other),
                (Field::Emails, Pick::Both),
                (Field::Stage, Pick::Kept),
                (Field::Notes, Pick::Kept),
            ]
        );
        assert_eq!(d[1].kept, "");
        assert_eq!(d[1].other, "Mali müşavir");
        assert_eq!(d[3].kept, "prospect");
        assert_eq!(d[3].other, "customer");
        let same = differences(&a, &a.clone(), &book);
        assert!(same.is_empty(), "{same:?}");
    }

    #[test]
    fn combined_keeps_picked_values_and_joins_lists_without_repeats() {
        let mut a = contact(5, "Şule Işık");
        let mut b = contact(2, "Sule Isik");
        a.emails = vec![mail("sule@defne.com.tr")];
        b.emails = vec![mail("SULE@defne.com.tr"), mail("sule.isik@gmail.com")];
        a.phones = vec![mail("0532 111 22 33")];
        b.phones = vec![mail("+90 (532) 111 22 33"), mail("0212 444 55 66")];
        a.tags = vec!["vip".into()];
        b.tags = vec!["VIP".into(), "e-fatura".into()];
        a.notes = "Defne".into();
        b.notes = "Yıllık sözleşme".into();
        b.stage = Stage::Customer;
        b.job_title = "Müşavir".into();
        a.job_title = "Ortak".into();
        let picks = HashMap::from([
            (Field::Emails, Pick::Both),
            (Field::Tags, Pick::Both),
            (Field::Notes, Pick::Both),
            (Field::Stage, Pick::Other),
            (Field::JobTitle, Pick::Kept),
            (Field::Name, Pick::Other),
            (Field::Phones, Pick::Both),
        ]);
        let c = combined(&a, &b, &picks, at(9));
        assert_eq!(c.id, a.id);
        assert_eq!(c.display_name, "Sule Isik");
        let emails: Vec<&str> = c.emails.iter().map(|e| e.value.as_str()).collect();
        assert_eq!(emails, ["sule@defne.com.tr", "sule.isik@gmail.com"]);
        assert_eq!(c.tags, ["vip", "e-fatura"]);
        assert_eq!(c.notes, "Defne\n\nYıllık sözleşme");
        assert_eq!(c.stage, Stage::Customer);
        assert_eq!(c.job_title, "Ortak");
        // The same mobile number written differently is one phone ("+90 532…" vs "0532…"
        // differ by the country code, so both stay; only identical digits merge).
        assert_eq!(c.phones.len(), 3);
        assert_eq!(c.created_at, at(2), "known since the earlier of the two");
        assert_eq!(c.updated_at, at(9));
        // "Both" on a single-value field keeps the kept value.
        let c2 = combined(
            &a,
            &b,
            &HashMap::from([(Field::JobTitle, Pick::Both)]),
            at(9),
        );
        assert_eq!(c2.job_title, "Ortak");
        // "Other" on a list takes the other's list as it is.
        let c3 = combined(&a, &b, &HashMap::from([(Field::Tags, Pick::Other)]), at(9));
        assert_eq!(c3.tags, ["VIP", "e-fatura"]);
    }

    #[test]
    fn every_field_can_come_from_the_other() {
        let a = contact(1, "A");
        let mut b = contact(2, "B");
        b.kind = crate::model::contact::Kind::Organisation;
        b.given_name = "g".into();
        b.family_name = "f".into();
        b.organisation = Some(Organisation::Named("Org".into()));
        b.job_title = "j".into();
        b.emails = vec![mail("b@x.tr")];
        b.phones = vec![mail("1")];
        b.addresses = vec![crate::model::contact::Address {
            city: "Kadıköy".into(),
            ..Default::default()
        }];
        b.website = "w".into();
        b.tags = vec!["t".into()];
        b.stage = Stage::FormerCustomer;
        b.source = "s".into();
        b.referred_by = Some(ContactId(Uuid::from_u128(7)));
        b.birthday = chrono::NaiveDate::from_ymd_opt(1980, 1, 2);
        b.strategic = Some(4);
        b.notes = "n".into();
        b.custom = vec![crate::model::contact::CustomField {
            name: "VKN".into(),
            value: "123".into(),
        }];
        let picks: HashMap<Field, Pick> = Field::ALL.iter().map(|f| (*f, Pick::Other)).collect();
        let c = combined(&a, &b, &picks, at(3));
        let book = Book::from_contacts([a.clone(), b.clone()]);
        for f in Field::ALL {
            assert_eq!(f.shown(&c, &book), f.shown(&b, &book), "{f:?}");
        }
        let joined: HashMap<Field, Pick> = Field::ALL.iter().map(|f| (*f, Pick::Both)).collect();
        let j = combined(&a, &b, &joined, at(3));
        for f in Field::ALL
            .into_iter()
            .filter(|f| f.can_join() && *f != Field::Notes)
        {
            assert_eq!(f.shown(&j, &book), f.shown(&b, &book), "{f:?}");
        }
        assert_eq!(j.display_name, "A");
    }

    #[test]
    fn the_merged_contact_refers_to_neither_of_the_two() {
        let mut a = contact(1, "Ali");
        let mut b = contact(2, "Ali Veli");
        b.referred_by = Some(a.id);
        a.organisation = Some(Organisation::Linked(b.id));
        let c = combined(
            &a,
            &b,
            &HashMap::from([(Field::ReferredBy, Pick::Other)]),
            at(4),
        );
        assert_eq!(c.referred_by, None);
        assert_eq!(c.organisation, None);
    }

    #[test]
    fn the_other_becomes_a_tombstone_pointing_at_the_kept_one() {
        let a = contact(1, "A");
        let b = contact(2, "B");
        let t = merged_away(&b, a.id, at(6));
        assert!(t.is_deleted());
        assert_eq!(t.merged_into, Some(a.id));
        assert_eq!(t.updated_at, at(6));
        // Stored and read back, the pointer stays; a contact without one reads as before.
        let json = serde_json::to_string(&t).unwrap();
        let back: Contact = serde_json::from_str(&json).unwrap();
        assert_eq!(back.merged_into, Some(a.id));
        assert!(!serde_json::to_string(&a).unwrap().contains("merged_into"));
    }

    #[test]
    fn references_to_the_other_move_to_the_kept_one() {
        let (a, b) = (contact(1, "A"), contact(2, "B"));
        let mut x = contact(3, "X");
        x.referred_by = Some(b.id);
        let mut y = x.clone();
        assert!(names(&y, b.id));
        y.referred_by = None;
        y.organisation = Some(Organisation::Linked(b.id));
        assert!(names(&y, b.id));
        x.organisation = Some(Organisation::Linked(b.id));
        assert!(names(&x, b.id) && !names(&x, a.id));
        assert!(repoint(&mut x, b.id, a.id, at(7)));
        assert!(names(&x, a.id) && !names(&x, b.id));
        assert_eq!(x.referred_by, Some(a.id));
        assert_eq!(x.organisation, Some(Organisation::Linked(a.id)));
        assert_eq!(x.updated_at, at(7));
        assert!(!repoint(&mut x, b.id, a.id, at(8)));
        assert_eq!(x.updated_at, at(7));
        // The kept contact itself, referred by the other: no longer referred by itself.
        let mut k = a.clone();
        k.referred_by = Some(b.id);
        assert!(repoint(&mut k, b.id, a.id, at(7)));
        assert_eq!(k.referred_by, None);
        let mut o = a.clone();
        o.organisation = Some(Organisation::Linked(b.id));
        assert!(repoint(&mut o, b.id, a.id, at(7)));
        assert_eq!(o.organisation, None);
    }

    #[test]
    fn redirect_follows_the_chain_and_stops_on_a_loop() {
        let id = |n| ContactId(Uuid::from_u128(n));
        let chain = HashMap::from([
            (id(1), id(2)),
            (id(2), id(3)),
            (id(8), id(9)),
            (id(9), id(8)),
        ]);
        let next = |c: ContactId| chain.get(&c).copied();
        assert_eq!(redirect(id(1), next), id(3));
        assert_eq!(redirect(id(3), next), id(3));
        assert_eq!(redirect(id(5), next), id(5));
        assert_eq!(redirect(id(8), next), id(9));
    }

    #[test]
    fn lists_take_both_or_the_others_as_picked() {
        use crate::model::contact::{Address, CustomField};
        let mut a = contact(1, "A");
        let mut b = contact(2, "B");
        a.emails = vec![mail("a@x.tr")];
        b.emails = vec![mail("b@x.tr")];
        a.phones = vec![mail("0212 111 11 11")];
        b.phones = vec![mail("0216 222 22 22")];
        let addr = |city: &str| Address {
            city: city.into(),
            ..Default::default()
        };
        a.addresses = vec![addr("Kadıköy")];
        b.addresses = vec![addr("Çankaya")];
        a.tags = vec!["vip".into()];
        b.tags = vec!["e-fatura".into()];
        let cf = |v: &str| CustomField {
            name: "VKN".into(),
            value: v.into(),
        };
        a.custom = vec![cf("1")];
        b.custom = vec![cf("2")];
        a.notes = "bir".into();
        b.notes = "iki".into();
        let book = Book::from_contacts([a.clone(), b.clone()]);
        for f in Field::ALL.into_iter().filter(|f| f.can_join()) {
            let both = combined(&a, &b, &HashMap::from([(f, Pick::Both)]), at(3));
            let (ka, kb) = (f.shown(&a, &book), f.shown(&b, &book));
            let shown = f.shown(&both, &book);
            assert!(shown.contains(&ka) && shown.contains(&kb), "{f:?}: {shown}");
            let theirs = combined(&a, &b, &HashMap::from([(f, Pick::Other)]), at(3));
            assert_eq!(f.shown(&theirs, &book), kb, "{f:?}");
        }
    }
}
