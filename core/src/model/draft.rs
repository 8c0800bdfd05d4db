//! What the contact form edits: plain strings, validated into a [`Contact`] in one place.

use super::contact::{
    Address, Contact, ContactId, CustomField, Kind, Labeled, Organisation, Stage,
};
use chrono::{DateTime, NaiveDate, Utc};

/// A field of the contact form, for attaching an error message next to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Email(usize),
    Phone(usize),
    Website,
    Birthday,
    ReferredBy,
    Strategic,
    CustomField(usize),
}

/// What is wrong with a field's value; the UI says it in the user's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The name is empty.
    NameMissing,
    /// Not a plausible e-mail address ([`is_plausible_email`]).
    NotAnEmail,
    /// Not a plausible phone number ([`is_plausible_phone`]).
    NotAPhone,
    /// The birthday is not a `YYYY-MM-DD` date (or no such day).
    NotADate,
    /// A custom field has a value but no name.
    CustomFieldUnnamed,
    /// Strategic importance is not a whole number from 0 to 5.
    StrategicOutOfRange,
    /// "Referred by" names no contact in the book (the name as typed, trimmed).
    UnknownReferrer(String),
}

/// A problem with one field of the contact form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    pub problem: Problem,
}

/// The contact form's contents. Everything is text, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContactDraft {
    pub kind: Kind,
    pub name: String,
    pub given_name: String,
    pub family_name: String,
    /// Free text, or the exact name of an organisation in the book (resolved by the caller).
    pub organisation: String,
    pub organisation_link: Option<ContactId>,
    pub job_title: String,
    pub emails: Vec<Labeled>,
    pub phones: Vec<Labeled>,
    pub address: Address,
    pub website: String,
    /// Comma-separated.
    pub tags: String,
    pub stage: Stage,
    pub source: String,
    pub referred_by: Option<ContactId>,
    /// `YYYY-MM-DD`, as a date input gives it, or empty.
    pub birthday: String,
    pub notes: String,
    pub custom: Vec<CustomField>,
    /// Strategic importance 0–5, or empty for not set.
    pub strategic: String,
}

/// Splits "a, b,,c " into ["a", "b", "c"], dropping duplicates (ignoring case) and blanks.
pub fn parse_tags(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in s.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        let folded = crate::text::fold(t);
        if !out.iter().any(|o| crate::text::fold(o) == folded) {
            out.push(t.to_string());
        }
    }
    out
}

/// A plausible e-mail address: one `@`, something before it, a dotted domain after it, no
/// spaces. Deliberately lenient: the only way to know an address works is to write to it.
pub fn is_plausible_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !s.chars().any(char::is_whitespace)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

/// A phone number has at least 3 digits and only digits, spaces and `+ - ( ) . / #`, `x`
/// (for extensions).
pub fn is_plausible_phone(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    digits >= 3
        && s.chars()
            .all(|c| c.is_ascii_digit() || " +-()./#xX".contains(c) || c == '\u{a0}')
}

/// The label a phone number suggests, for Turkish numbers: `05xx` is a mobile, a landline
/// (`0212`, `0216`, `0312`, … area codes 2xx–4xx) or a business line (`0850`, `0800`)
/// is work. `None` when the number says nothing (the user's choice stands).
pub fn guess_phone_label(number: &str) -> Option<&'static str> {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let international =
        number.trim_start().starts_with('+') || number.trim_start().starts_with("00");
    let national = if international {
        let d = digits.strip_prefix("00").unwrap_or(&digits);
        format!("0{}", d.strip_prefix("90")?)
    } else if digits.starts_with('0') {
        digits
    } else {
        // Written without the trunk 0 (532 123 45 67); the length check below decides.
        format!("0{digits}")
    };
    if national.len() != 11 {
        return None;
    }
    match national.as_bytes().get(1..3) {
        Some([b'5', _]) => Some("mobile"),
        Some([b'2' | b'3' | b'4', _]) => Some("work"),
        Some(b"85" | b"80") => Some("work"),
        _ => None,
    }
}

impl ContactDraft {
    /// The form pre-filled from an existing contact.
    pub fn from_contact(c: &Contact) -> Self {
        let (organisation, organisation_link) = match &c.organisation {
            Some(Organisation::Named(n)) => (n.clone(), None),
            Some(Organisation::Linked(id)) => (String::new(), Some(*id)),
            None => (String::new(), None),
        };
        ContactDraft {
            kind: c.kind,
            name: c.display_name.clone(),
            given_name: c.given_name.clone(),
            family_name: c.family_name.clone(),
            organisation,
            organisation_link,
            job_title: c.job_title.clone(),
            emails: c.emails.clone(),
            phones: c.phones.clone(),
            address: c.addresses.first().cloned().unwrap_or_default(),
            website: c.website.clone(),
            tags: c.tags.join(", "),
            stage: c.stage,
            source: c.source.clone(),
            referred_by: c.referred_by,
            birthday: c.birthday.map(|d| d.to_string()).unwrap_or_default(),
            notes: c.notes.clone(),
            custom: c.custom.clone(),
            strategic: c.strategic.map(|s| s.to_string()).unwrap_or_default(),
        }
    }

    /// Checks every field; returns all problems at once so the form can show each one
    /// next to its field.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut err = |field, problem| errors.push(FieldError { field, problem });
        if self.name.trim().is_empty() {
            err(Field::Name, Problem::NameMissing);
        }
        for (i, e) in self.emails.iter().enumerate() {
            let v = e.value.trim();
            if !v.is_empty() && !is_plausible_email(v) {
                err(Field::Email(i), Problem::NotAnEmail);
            }
        }
        for (i, p) in self.phones.iter().enumerate() {
            let v = p.value.trim();
            if !v.is_empty() && !is_plausible_phone(v) {
                err(Field::Phone(i), Problem::NotAPhone);
            }
        }
        if !self.birthday.trim().is_empty() && self.parsed_birthday().is_none() {
            err(Field::Birthday, Problem::NotADate);
        }
        for (i, f) in self.custom.iter().enumerate() {
            if f.name.trim().is_empty() && !f.value.trim().is_empty() {
                err(Field::CustomField(i), Problem::CustomFieldUnnamed);
            }
        }
        if self.parsed_strategic().is_err() {
            err(Field::Strategic, Problem::StrategicOutOfRange);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    fn parsed_strategic(&self) -> Result<Option<u8>, ()> {
        match self.strategic.trim() {
            "" => Ok(None),
            t => match t.parse::<u8>() {
                Ok(n) if n <= 5 => Ok(Some(n)),
                _ => Err(()),
            },
        }
    }

    fn parsed_birthday(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(self.birthday.trim(), "%Y-%m-%d").ok()
    }

    /// Validates and writes the draft into `contact`, stamping `updated_at`. On error the
    /// contact is left untouched.
    pub fn apply_to(
        &self,
        contact: &mut Contact,
        now: DateTime<Utc>,
    ) -> Result<(), Vec<FieldError>> {
        self.validate()?;
        let keep = |v: &[Labeled]| -> Vec<Labeled> {
            v.iter()
                .filter(|l| !l.value.trim().is_empty())
                .map(|l| Labeled {
                    label: l.label.trim().to_string(),
                    value: l.value.trim().to_string(),
                })
                .collect()
        };
        contact.kind = self.kind;
        contact.display_name = self.name.trim().to_string();
        contact.given_name = self.given_name.trim().to_string();
        contact.family_name = self.family_name.trim().to_string();
        contact.organisation = match (self.organisation_link, self.organisation.trim()) {
            (Some(id), _) => Some(Organisation::Linked(id)),
            (None, "") => None,
            (None, name) => Some(Organisation::Named(name.to_string())),
        };
        contact.job_title = self.job_title.trim().to_string();
        contact.emails = keep(&self.emails);
        contact.phones = keep(&self.phones);
        // The form edits the first address; any further ones (from imports) are kept.
        let mut rest: Vec<Address> = contact.addresses.iter().skip(1).cloned().collect();
        let mut addresses = Vec::new();
        if !self.address.is_empty() {
            addresses.push(self.address.clone());
        }
        addresses.append(&mut rest);
        contact.addresses = addresses;
        contact.website = self.website.trim().to_string();
        contact.tags = parse_tags(&self.tags);
        contact.stage = self.stage;
        contact.source = self.source.trim().to_string();
        contact.referred_by = self.referred_by.filter(|r| *r != contact.id);
        contact.birthday = self.parsed_birthday();
        contact.notes = self.notes.clone();
        contact.custom = self
            .custom
            .iter()
            .filter(|f| !f.name.trim().is_empty())
            .cloned()
            .collect();
        contact.strategic = self.parsed_strategic().unwrap_or(None);
        contact.updated_at = now;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
    }

    fn draft(name: &str, email: &str) -> ContactDraft {
        ContactDraft {
            name: name.into(),
            emails: vec![Labeled {
                label: "work".into(),
                value: email.into(),
            }],
            ..Default::default()
        }
    }

    #[test]
    fn email_plausibility() {
        for (s, ok) in [
            ("ayse@example.com", true),
            ("a.b+c@mail.co.uk", true),
            ("şule@örnek.com.tr", true),
            ("ayse@", false),
            ("@example.com", false),
            ("ayse example.com", false),
            ("ayse@example", false),
            ("a@@b.com", false),
            ("a@b..com", false),
            ("a b@c.com", false),
        ] {
            assert_eq!(is_plausible_email(s), ok, "{s}");
        }
    }

    #[test]
    fn phone_plausibility() {
        for (s, ok) in [
            ("+90 532 123 45 67", true),
            ("(0212) 555-1234", true),
            ("12", false),
            ("call me", false),
        ] {
            assert_eq!(is_plausible_phone(s), ok, "{s}");
        }
    }

    #[test]
    fn empty_name_and_bad_email_are_both_reported_and_nothing_changes() {
        let id = ContactId::from_random_bytes([7; 16]);
        let mut c = Contact::new(id, "Before", now());
        let errors = draft("  ", "not-an-email")
            .apply_to(&mut c, now())
            .unwrap_err();
        assert_eq!(
            errors,
            [
                FieldError {
                    field: Field::Name,
                    problem: Problem::NameMissing
                },
                FieldError {
                    field: Field::Email(0),
                    problem: Problem::NotAnEmail
                },
            ]
        );
        assert_eq!(c.display_name, "Before");
    }

    #[test]
    fn each_problem_is_reported_on_its_field() {
        let d = ContactDraft {
            name: "Deniz".into(),
            phones: vec![Labeled {
                label: "mobile".into(),
                value: "call me".into(),
            }],
            birthday: "23.04.1985".into(),
            custom: vec![
                CustomField {
                    name: "VKN".into(),
                    value: "123".into(),
                },
                CustomField {
                    name: " ".into(),
                    value: "456".into(),
                },
            ],
            strategic: "6".into(),
            ..Default::default()
        };
        let got: Vec<(Field, Problem)> = d
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect();
        assert_eq!(
            got,
            [
                (Field::Phone(0), Problem::NotAPhone),
                (Field::Birthday, Problem::NotADate),
                (Field::CustomField(1), Problem::CustomFieldUnnamed),
                (Field::Strategic, Problem::StrategicOutOfRange),
            ]
        );
        for ok in ["", " 0 ", "5"] {
            let d = ContactDraft {
                name: "Deniz".into(),
                strategic: ok.into(),
                ..Default::default()
            };
            assert_eq!(d.validate(), Ok(()), "{ok:?}");
        }
    }

    #[test]
    fn apply_trims_drops_blanks_and_parses_tags() {
        let id = ContactId::from_random_bytes([1; 16]);
        let mut c = Contact::new(id, "", now());
        let mut d = draft(" Şule Yılmaz ", " sule@example.com ");
        d.phones = vec![Labeled {
            label: "mobile".into(),
            value: "".into(),
        }];
        d.tags = "vip, İstanbul ,,VIP, muhasebe".into();
        d.organisation = "Yılmaz Ltd".into();
        d.birthday = "1985-02-29".into();
        assert!(d.apply_to(&mut c, now()).is_err(), "1985 has no Feb 29");
        d.birthday = "1984-02-29".into();
        d.apply_to(&mut c, now()).unwrap();
        assert_eq!(c.display_name, "Şule Yılmaz");
        assert_eq!(c.emails[0].value, "sule@example.com");
        assert!(c.phones.is_empty());
        assert_eq!(c.tags, ["vip", "İstanbul", "muhasebe"]);
        assert_eq!(
            c.organisation,
            Some(Organisation::Named("Yılmaz Ltd".into()))
        );
        assert_eq!(c.birthday, NaiveDate::from_ymd_opt(1984, 2, 29));
        assert_eq!(
            ContactDraft::from_contact(&c).tags,
            "vip, İstanbul, muhasebe"
        );
    }

    #[test]
    fn a_contact_cannot_refer_itself() {
        let id = ContactId::from_random_bytes([2; 16]);
        let mut c = Contact::new(id, "", now());
        let mut d = draft("Self", "");
        d.referred_by = Some(id);
        d.apply_to(&mut c, now()).unwrap();
        assert_eq!(c.referred_by, None);
    }

    #[test]
    fn a_phone_label_is_guessed_from_a_turkish_number() {
        for (n, label) in [
            ("0532 123 45 67", Some("mobile")),
            ("+90 532 123 45 67", Some("mobile")),
            ("0090 (532) 123-45-67", Some("mobile")),
            ("5321234567", Some("mobile")),
            ("53212345678", None),
            ("0532123456", None),
            ("0212 555 00 00", Some("work")),
            ("0216 555 00 00", Some("work")),
            ("(0312) 444 12 34", Some("work")),
            ("+90 232 444 12 34", Some("work")),
            ("0850 222 00 00", Some("work")),
            ("0800 211 00 00", Some("work")),
            ("+44 20 7946 0958", None),
            ("+1 415 555 0100", None),
            ("444 0 444", None),
            ("112", None),
            ("", None),
        ] {
            assert_eq!(guess_phone_label(n), label, "{n}");
        }
    }
}
