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
    /// Every pair of neighbouring bytes of each word (not across words).
    pairs: Pairs,
}

impl PartialEq for Query {
    fn eq(&self, other: &Self) -> bool {
        self.folded == other.folded
    }
}

impl Query {
    pub fn new(text: &str) -> Self {
        let folded = crate::text::fold(text.trim());
        let mut pairs = Pairs::default();
        for w in folded.split_whitespace() {
            pairs.add_all(w);
        }
        let words = folded
            .split_whitespace()
            .map(|w| Finder::new(w).into_owned())
            .collect();
        Query {
            folded,
            words,
            pairs,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.folded.is_empty()
    }

    pub fn matches(&self, haystack: &str) -> bool {
        self.words
            .iter()
            .all(|w| w.find(haystack.as_bytes()).is_some())
    }

    /// [`Query::matches`] for a text whose [`Pairs`] are known: a text lacking a pair of
    /// the query's is passed over without a substring search.
    pub fn matches_with(&self, pairs: &Pairs, haystack: &str) -> bool {
        pairs.holds(&self.pairs) && self.matches(haystack)
    }

    /// True when every contact matching `self` also matches `narrower`, so that a search
    /// can filter the previous result instead of the whole book (typing more letters).
    pub fn is_narrowed_by(&self, narrower: &Query) -> bool {
        narrower.folded.starts_with(&self.folded)
    }
}

/// Which pairs of neighbouring bytes a folded text holds, hashed into 512 bits. A word
/// occurs only in a text that holds all of its pairs, so most texts that cannot match are
/// passed over with eight ANDs instead of a substring search through them (a contact's
/// search text is about 250 bytes; a keystroke looks through 50,000 of them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pairs([u64; 8]);

impl Pairs {
    pub fn of(text: &str) -> Pairs {
        let mut p = Pairs::default();
        p.add_all(text);
        p
    }

    fn add_all(&mut self, text: &str) {
        for w in text.as_bytes().windows(2) {
            // A multiplicative hash of the pair; its top nine bits pick the bit.
            let h = u16::from_be_bytes([w[0], w[1]]).wrapping_mul(0x9E37) >> 7;
            self.0[usize::from(h >> 6)] |= 1 << (h & 63);
        }
    }

    /// Whether every pair of `other` is (perhaps) here.
    pub fn holds(&self, other: &Pairs) -> bool {
        self.0.iter().zip(&other.0).all(|(a, b)| a & b == *b)
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

    #[test]
    fn pairs_pass_over_texts_that_cannot_match() {
        let text = crate::text::fold("Ayşe Yılmaz\u{1}İstanbul\u{1}ayse@gmail.com");
        let pairs = Pairs::of(&text);
        // A text lacking a pair of the query's is passed over, without a substring search.
        assert!(!pairs.holds(&Query::new("zzq").pairs));
        // Both bytes of a pair count: "l" follows other letters here, never "q".
        assert!(!pairs.holds(&Query::new("ql").pairs));
        assert!(!Query::new("zzq").matches_with(&pairs, &text));
        // Words of the text, or parts of them, always pass.
        for q in ["ay", "ayse", "yilmaz ist", "gmail.com", "e y", "a", ""] {
            let query = Query::new(q);
            assert!(pairs.holds(&query.pairs), "{q}");
            assert!(query.matches_with(&pairs, &text), "{q}");
        }
        // Holding the pairs is not enough: the words must occur.
        let query = Query::new("ayil");
        assert!(pairs.holds(&query.pairs));
        assert!(!query.matches_with(&pairs, &text));
    }

    proptest::proptest! {
        /// Never a wrong "no": whatever the text, a query that matches it passes its pairs.
        #[test]
        fn pairs_never_hide_a_match(text in "\\PC{0,80}", from in 0usize..80, len in 1usize..8) {
            let folded = crate::text::fold(&text);
            let chars: Vec<char> = folded.chars().collect();
            let from = from.min(chars.len());
            let word: String = chars[from..(from + len).min(chars.len())].iter().collect();
            let query = Query::new(&word);
            proptest::prop_assert_eq!(
                query.matches_with(&Pairs::of(&folded), &folded),
                query.matches(&folded)
            );
        }
    }
}
