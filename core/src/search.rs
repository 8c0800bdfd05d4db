//! Search matching: a query matches a contact when every word of it, folded, occurs in the
//! contact's folded search text (name, organisation, e-mails, phones, city, tags, notes).

use crate::text::fold_into;
use crate::Contact;
use memchr::memmem::Finder;

/// A parsed query: its folded words, each with a prebuilt substring searcher (the same
/// words are looked for in every contact). The empty query matches everything.
#[derive(Debug, Clone, Default)]
pub struct Query {
    folded: String,
    words: Vec<Finder<'static>>,
}

impl PartialEq for Query {
    fn eq(&self, other: &Self) -> bool {
        self.folded == other.folded
    }
}

impl Query {
    pub fn new(text: &str) -> Self {
        let folded = crate::text::fold(text.trim());
        let words = folded
            .split_whitespace()
            .map(|w| Finder::new(w).into_owned())
            .collect();
        Query { folded, words }
    }

    pub fn is_empty(&self) -> bool {
        self.folded.is_empty()
    }

    pub fn matches(&self, haystack: &str) -> bool {
        self.words
            .iter()
            .all(|w| w.find(haystack.as_bytes()).is_some())
    }

    /// True when every contact matching `self` also matches `narrower`, so that a search
    /// can filter the previous result instead of the whole book (typing more letters).
    pub fn is_narrowed_by(&self, narrower: &Query) -> bool {
        narrower.folded.starts_with(&self.folded)
    }
}

/// The folded text a contact is searched by. `organisation` is the resolved organisation
/// name (a linked organisation's name lives on another contact).
pub fn search_text(c: &Contact, organisation: Option<&str>) -> String {
    let mut out = String::with_capacity(64 + c.notes.len());
    let mut add = |s: &str| {
        if !s.is_empty() {
            fold_into(s, &mut out);
            out.push('\u{1}'); // a separator no query can contain, so words never join
        }
    };
    add(&c.display_name);
    add(&c.given_name);
    add(&c.family_name);
    add(organisation.unwrap_or(""));
    for e in &c.emails {
        add(&e.value);
    }
    for p in &c.phones {
        add(&p.value);
        // Also the bare digits, so "5321234567" finds "+90 532 123 45 67".
        let digits: String = p.value.chars().filter(char::is_ascii_digit).collect();
        add(&digits);
    }
    for a in &c.addresses {
        add(&a.street);
        add(&a.city);
        add(&a.region);
        add(&a.postcode);
        add(&a.country);
    }
    for t in &c.tags {
        add(t);
    }
    add(&c.notes);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ContactId, Labeled};
    use chrono::{TimeZone, Utc};

    fn contact(name: &str) -> Contact {
        let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        Contact::new(ContactId::from_random_bytes([3; 16]), name, now)
    }

    fn check(query: &str, c: &Contact, expected: bool) {
        let hay = search_text(c, Some("Işık Mimarlık"));
        assert_eq!(Query::new(query).matches(&hay), expected, "{query:?}");
    }

    #[test]
    fn turkish_folding_in_queries() {
        let mut c = contact("Şule Öztürk");
        c.addresses.push(crate::Address {
            city: "İstanbul".into(),
            ..Default::default()
        });
        c.phones.push(Labeled {
            label: "mobile".into(),
            value: "+90 532 123 45 67".into(),
        });
        c.tags = vec!["VIP".into()];
        check("sule", &c, true);
        check("ŞULE", &c, true);
        check("istanbul", &c, true);
        check("İSTANBUL", &c, true);
        check("isik", &c, true);
        check("IŞIK", &c, true);
        check("ozturk sule", &c, true);
        check("5321234567", &c, true);
        check("532 123", &c, true);
        check("vip", &c, true);
        check("ankara", &c, false);
        check("", &c, true);
    }

    #[test]
    fn addresses_are_searched_like_the_other_fields() {
        let mut c = contact("Defne Muhasebe");
        c.addresses.push(crate::Address {
            street: "Caferağa Mah. Moda Cad. 12".into(),
            region: "Kadıköy".into(),
            city: "İstanbul".into(),
            postcode: "34710".into(),
            country: "Türkiye".into(),
            ..Default::default()
        });
        for (q, hit) in [
            ("kadikoy", true),
            ("KADIKÖY", true),
            ("caferaga", true),
            ("moda cad", true),
            ("34710", true),
            ("turkiye", true),
            ("besiktas", false),
        ] {
            check(q, &c, hit);
        }
    }

    #[test]
    fn words_do_not_join_across_fields() {
        let mut c = contact("Ali");
        c.notes = "Veli".into();
        check("aliveli", &c, false);
    }

    #[test]
    fn narrowing() {
        assert!(Query::new("ay").is_narrowed_by(&Query::new("ayş")));
        assert!(Query::new("ay").is_narrowed_by(&Query::new("ay ist")));
        assert!(!Query::new("ayş").is_narrowed_by(&Query::new("ay")));
    }
}
