//! Sample data: a realistic small book for newcomers ("Load sample data"), and large
//! generated books for benchmarks. Deterministic: the same seed gives the same book, so
//! loading the sample twice does not duplicate it.

use crate::{Address, Contact, ContactId, CustomField, Kind, Labeled, Organisation, Stage};
use chrono::{DateTime, Duration, NaiveDate, Utc};

/// SplitMix64: a tiny, well-known generator; plenty for sample data, not for secrets.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
    pub fn id(&mut self) -> ContactId {
        let mut b = [0u8; 16];
        b[..8].copy_from_slice(&self.next_u64().to_le_bytes());
        b[8..].copy_from_slice(&self.next_u64().to_le_bytes());
        ContactId::from_random_bytes(b)
    }
}

const GIVEN: &[&str] = &[
    "Ayşe",
    "Mehmet",
    "Şule",
    "İbrahim",
    "Çağla",
    "Gökhan",
    "Işıl",
    "Ömer",
    "Zeynep",
    "Emre",
    "Elif",
    "Burak",
    "Deniz",
    "Özlem",
    "Ümit",
    "Selin",
    "Kerem",
    "Gülşen",
    "Hakan",
    "Nilüfer",
    "James",
    "Emily",
    "Oliver",
    "Sophie",
    "Daniel",
    "Charlotte",
    "Thomas",
    "Hannah",
    "Lucas",
    "Amelia",
    "Ilgaz",
    "İpek",
];
const FAMILY: &[&str] = &[
    "Yılmaz",
    "Kaya",
    "Demir",
    "Şahin",
    "Çelik",
    "Yıldız",
    "Öztürk",
    "Aydın",
    "Arslan",
    "Doğan",
    "Kılıç",
    "Aslan",
    "Çetin",
    "Koç",
    "Kurt",
    "Özdemir",
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Wilson",
    "Evans",
    "Walker",
    "Ağaoğlu",
    "Işık",
    "Güneş",
];
const CITIES: &[(&str, &str, &str)] = &[
    ("İstanbul", "Marmara", "Türkiye"),
    ("Ankara", "İç Anadolu", "Türkiye"),
    ("İzmir", "Ege", "Türkiye"),
    ("Bursa", "Marmara", "Türkiye"),
    ("Antalya", "Akdeniz", "Türkiye"),
    ("Eskişehir", "İç Anadolu", "Türkiye"),
    ("Muğla", "Ege", "Türkiye"),
    ("London", "England", "United Kingdom"),
    ("Manchester", "England", "United Kingdom"),
    ("Berlin", "Berlin", "Germany"),
];
const TAGS: &[&str] = &[
    "vip",
    "muhasebe",
    "danışmanlık",
    "e-ticaret",
    "perakende",
    "tekstil",
    "inşaat",
    "turizm",
    "software",
    "retainer",
    "annual-audit",
    "newsletter",
];
const SOURCES: &[&str] = &[
    "referral",
    "website",
    "LinkedIn",
    "fuar",
    "event",
    "cold call",
    "tavsiye",
];
const TITLES: &[&str] = &[
    "Genel Müdür",
    "Finans Müdürü",
    "Muhasebe Sorumlusu",
    "Kurucu Ortak",
    "Operations Manager",
    "Managing Director",
    "Satın Alma Uzmanı",
    "Office Manager",
];
const ORGS: &[(&str, &str, &str)] = &[
    ("Yılmaz Tekstil A.Ş.", "tekstil", "yilmaztekstil.com.tr"),
    ("Kaya İnşaat Ltd. Şti.", "inşaat", "kayainsaat.com.tr"),
    ("Ege Turizm", "turizm", "egeturizm.com"),
    ("Çınar Gıda", "perakende", "cinargida.com.tr"),
    ("Northwind Traders Ltd", "e-ticaret", "northwind.co.uk"),
    ("Işık Mimarlık", "danışmanlık", "isikmimarlik.com"),
    ("Güneş Enerji Sistemleri", "inşaat", "gunesenerji.com.tr"),
    ("Blue Harbour Software", "software", "blueharbour.io"),
];
const NOTES: &[&str] = &[
    "Prefers phone calls in the morning.",
    "Yıl sonu kapanışı için Aralık başında aranmalı.",
    "Met at the İzmir trade fair; interested in monthly bookkeeping.",
    "KDV beyannamesi her ay 20'sinde; evrakları geç gönderiyor.",
    "Asked for a quote for the annual audit.",
    "Çay sever, ofiste görüşmeyi tercih ediyor.",
    "",
    "",
];

fn ascii_slug(s: &str) -> String {
    crate::text::fold(s)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

fn phone(rng: &mut Rng, country: &str) -> String {
    let n = rng.next_u64();
    if country == "Türkiye" {
        format!(
            "+90 5{:02} {:03} {:02} {:02}",
            30 + n % 30,
            (n >> 8) % 1000,
            (n >> 20) % 100,
            (n >> 28) % 100
        )
    } else {
        format!("+44 7{:03} {:06}", n % 1000, (n >> 12) % 1_000_000)
    }
}

/// One generated person, optionally working at `org`.
fn person(rng: &mut Rng, now: DateTime<Utc>, org: Option<&Contact>) -> Contact {
    let given = *rng.pick(GIVEN);
    let family = *rng.pick(FAMILY);
    let (city, region, country) = *rng.pick(CITIES);
    let created = now - Duration::days(30 + rng.below(1500) as i64);
    let mut c = Contact::new(rng.id(), format!("{given} {family}"), created);
    c.given_name = given.into();
    c.family_name = family.into();
    let domain = match org {
        Some(o) => o.website.clone(),
        None => (*rng.pick(&["gmail.com", "outlook.com", "yahoo.com", "icloud.com"])).to_string(),
    };
    c.emails.push(Labeled {
        label: if org.is_some() { "work" } else { "home" }.into(),
        value: format!("{}.{}@{}", ascii_slug(given), ascii_slug(family), domain),
    });
    if rng.chance(20) {
        c.emails.push(Labeled {
            label: "home".into(),
            value: format!("{}{}@gmail.com", ascii_slug(given), rng.below(100)),
        });
    }
    c.phones.push(Labeled {
        label: "mobile".into(),
        value: phone(rng, country),
    });
    c.addresses.push(Address {
        label: "work".into(),
        city: city.into(),
        region: region.into(),
        country: country.into(),
        ..Default::default()
    });
    if let Some(o) = org {
        c.organisation = Some(Organisation::Linked(o.id));
        c.job_title = (*rng.pick(TITLES)).into();
    } else if rng.chance(30) {
        c.organisation = Some(Organisation::Named(format!("{family} Danışmanlık")));
    }
    c.stage = match rng.below(10) {
        0..=4 => Stage::Customer,
        5..=7 => Stage::Prospect,
        _ => Stage::FormerCustomer,
    };
    c.tags.push((*rng.pick(TAGS)).into());
    if rng.chance(40) {
        let t = (*rng.pick(TAGS)).to_string();
        if !c.tags.contains(&t) {
            c.tags.push(t);
        }
    }
    c.source = (*rng.pick(SOURCES)).into();
    if rng.chance(60) {
        c.birthday = NaiveDate::from_ymd_opt(
            1960 + rng.below(40) as i32,
            1 + rng.below(12) as u32,
            1 + rng.below(28) as u32,
        );
    }
    c.notes = (*rng.pick(NOTES)).into();
    c.updated_at = created;
    c
}

/// The book behind "Load sample data": 8 organisations and 40 people, some working at
/// them, some referred by others, in Turkish and English.
pub fn sample_book(now: DateTime<Utc>) -> Vec<Contact> {
    let mut rng = Rng::new(0x000B_A4A1_2026);
    let mut out = Vec::new();
    for (name, tag, site) in ORGS {
        let (city, region, country) = *rng.pick(CITIES);
        let created = now - Duration::days(200 + rng.below(900) as i64);
        let mut o = Contact::new(rng.id(), *name, created);
        o.kind = Kind::Organisation;
        o.website = format!("https://{site}");
        o.emails.push(Labeled {
            label: "work".into(),
            value: format!("info@{site}"),
        });
        o.phones.push(Labeled {
            label: "work".into(),
            value: phone(&mut rng, country),
        });
        o.addresses.push(Address {
            label: "work".into(),
            street: format!("{}. Sokak No: {}", 1 + rng.below(40), 1 + rng.below(120)),
            city: city.into(),
            region: region.into(),
            postcode: format!("{:05}", 34000 + rng.below(60000)),
            country: country.into(),
        });
        o.tags.push((*tag).into());
        o.stage = if rng.chance(75) {
            Stage::Customer
        } else {
            Stage::Prospect
        };
        o.source = (*rng.pick(SOURCES)).into();
        o.custom.push(CustomField {
            name: "Vergi No".into(),
            value: format!("{:010}", rng.next_u64() % 10_000_000_000),
        });
        out.push(o);
    }
    let orgs = out.clone();
    for i in 0..40 {
        let org = if i % 3 == 0 {
            None
        } else {
            Some(&orgs[i % orgs.len()])
        };
        let mut p = person(&mut rng, now, org);
        // Every fourth person was referred by someone already in the book.
        if i % 4 == 3 && out.len() > orgs.len() {
            let from = out[orgs.len() + rng.below(out.len() - orgs.len())].id;
            p.referred_by = Some(from);
            p.source = "referral".into();
        }
        out.push(p);
    }
    out
}

/// A large generated book for benchmarks: `n` contacts, about one in twenty an
/// organisation.
pub fn generated_book(n: usize, seed: u64, now: DateTime<Utc>) -> Vec<Contact> {
    let mut rng = Rng::new(seed);
    let mut out: Vec<Contact> = Vec::with_capacity(n);
    let mut orgs: Vec<usize> = Vec::new();
    for i in 0..n {
        if i % 20 == 0 {
            let (name, tag, site) = *rng.pick(ORGS);
            let mut o = Contact::new(
                rng.id(),
                format!("{name} {i}"),
                now - Duration::days(rng.below(2000) as i64),
            );
            o.kind = Kind::Organisation;
            o.website = format!("https://{site}");
            o.tags.push(tag.into());
            orgs.push(out.len());
            out.push(o);
        } else {
            let org = if rng.chance(50) && !orgs.is_empty() {
                Some(out[orgs[rng.below(orgs.len())]].clone())
            } else {
                None
            };
            out.push(person(&mut rng, now, org.as_ref()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use std::collections::HashSet;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
    }

    #[test]
    fn sample_is_realistic_and_stable() {
        let a = sample_book(now());
        assert!(a.len() >= 40);
        assert_eq!(a, sample_book(now()), "same ids and data every time");
        let ids: HashSet<_> = a.iter().map(|c| c.id).collect();
        assert_eq!(ids.len(), a.len());
        assert!(a.iter().any(|c| c.kind == Kind::Organisation));
        assert!(a.iter().any(|c| c.stage == Stage::Customer));
        assert!(a.iter().any(|c| c.stage == Stage::Prospect));
        assert!(a.iter().any(|c| c.stage == Stage::FormerCustomer));
        assert!(a.iter().any(|c| c.referred_by.is_some()));
        assert!(a
            .iter()
            .any(|c| c.display_name.contains(|ch: char| "şğıçöüİ".contains(ch))));
        for c in &a {
            let mut draft = crate::ContactDraft::from_contact(c);
            draft
                .validate()
                .unwrap_or_else(|e| panic!("{}: {e:?}", c.display_name));
            let mut copy = c.clone();
            draft.name = c.display_name.clone();
            draft.apply_to(&mut copy, c.updated_at).unwrap();
        }
    }

    #[test]
    fn generated_book_has_the_asked_size_and_unique_ids() {
        let b = generated_book(1000, 7, now());
        assert_eq!(b.len(), 1000);
        assert_eq!(b.iter().map(|c| c.id).collect::<HashSet<_>>().len(), 1000);
    }
}
