//! Sample data: a realistic small book for newcomers ("Load sample data"), and large
//! generated books for benchmarks. Deterministic: the same seed gives the same book, so
//! loading the sample twice does not duplicate it.

use crate::analysis::Tz;
use crate::Lang;
use crate::{
    Address, Channel, Contact, ContactId, CustomField, Direction, FollowUp, FollowUpId,
    Interaction, InteractionId, InteractionKind, Kind, Labeled, Money, Organisation, Stage, Status,
};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

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

/// The words a sample book is made of. English's book mixes Turkish and English
/// clients, as an Istanbul consultant's often does; Turkish's is all Turkish.
struct Words {
    given: &'static [&'static str],
    family: &'static [&'static str],
    cities: &'static [(&'static str, &'static str, &'static str)],
    tags: &'static [&'static str],
    sources: &'static [&'static str],
    referral: &'static str,
    titles: &'static [&'static str],
    orgs: &'static [(&'static str, &'static str, &'static str)],
    notes: &'static [&'static str],
    products: &'static [&'static str],
    call_notes: &'static [&'static str],
    invoice: &'static str,
    proposal: &'static str,
    /// Complaints and requests: two open complaints, one open request, one resolved.
    issues: [&'static str; 4],
    /// Follow-ups: overdue, today, this week, later, and one already done.
    follow_ups: [&'static str; 8],
}

const MIXED: Words = Words {
    given: GIVEN,
    family: FAMILY,
    cities: CITIES,
    tags: TAGS,
    sources: SOURCES,
    referral: "referral",
    titles: TITLES,
    orgs: ORGS,
    notes: NOTES,
    products: PRODUCTS,
    call_notes: CALL_NOTES,
    invoice: "Invoice: ",
    proposal: "Sent a proposal",
    issues: [
        "Invoice sent twice; wants a corrected one",
        "Bordro geç hazırlandı, maaşlar gecikti",
        "Needs a signed copy of last year's accounts",
        "Yanlış vergi dairesine gönderim",
    ],
    follow_ups: [
        "Send the corrected invoice",
        "Teklifi ara, karar verdiler mi?",
        "Call about the year-end closing",
        "Evrakları hatırlat",
        "Prepare the quarterly report",
        "Yıllık sözleşme yenileme",
        "Check in after the holidays",
        "Sent the welcome pack",
    ],
};

const TURKISH: Words = Words {
    given: &[
        "Ayşe", "Mehmet", "Şule", "İbrahim", "Çağla", "Gökhan", "Işıl", "Ömer", "Zeynep", "Emre",
        "Elif", "Burak", "Deniz", "Özlem", "Ümit", "Selin", "Kerem", "Gülşen", "Hakan", "Nilüfer",
        "Ilgaz", "İpek", "Mustafa", "Fatma", "Ahmet", "Esra", "Serkan", "Duygu", "Cem", "Buket",
        "Tolga", "Sibel",
    ],
    family: &[
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
        "Ağaoğlu",
        "Işık",
        "Güneş",
        "Erdoğdu",
        "Karaca",
        "Polat",
        "Uçar",
        "Bilgin",
        "Tekin",
        "Ekinci",
    ],
    cities: &[
        ("İstanbul", "Marmara", "Türkiye"),
        ("Ankara", "İç Anadolu", "Türkiye"),
        ("İzmir", "Ege", "Türkiye"),
        ("Bursa", "Marmara", "Türkiye"),
        ("Antalya", "Akdeniz", "Türkiye"),
        ("Eskişehir", "İç Anadolu", "Türkiye"),
        ("Muğla", "Ege", "Türkiye"),
        ("Kocaeli", "Marmara", "Türkiye"),
        ("Gaziantep", "Güneydoğu Anadolu", "Türkiye"),
        ("Trabzon", "Karadeniz", "Türkiye"),
    ],
    tags: &[
        "vip",
        "muhasebe",
        "danışmanlık",
        "e-ticaret",
        "perakende",
        "tekstil",
        "inşaat",
        "turizm",
        "yazılım",
        "sözleşmeli",
        "yıllık-denetim",
        "bülten",
    ],
    sources: &[
        "tavsiye",
        "web sitesi",
        "LinkedIn",
        "fuar",
        "etkinlik",
        "soğuk arama",
        "tavsiye",
    ],
    referral: "tavsiye",
    titles: &[
        "Genel Müdür",
        "Finans Müdürü",
        "Muhasebe Sorumlusu",
        "Kurucu Ortak",
        "Operasyon Müdürü",
        "Yönetim Kurulu Üyesi",
        "Satın Alma Uzmanı",
        "Ofis Yöneticisi",
    ],
    orgs: &[
        ("Yılmaz Tekstil A.Ş.", "tekstil", "yilmaztekstil.com.tr"),
        ("Kaya İnşaat Ltd. Şti.", "inşaat", "kayainsaat.com.tr"),
        ("Ege Turizm", "turizm", "egeturizm.com"),
        ("Çınar Gıda", "perakende", "cinargida.com.tr"),
        (
            "Boğaziçi E-Ticaret A.Ş.",
            "e-ticaret",
            "bogazicieticaret.com.tr",
        ),
        ("Işık Mimarlık", "danışmanlık", "isikmimarlik.com"),
        ("Güneş Enerji Sistemleri", "inşaat", "gunesenerji.com.tr"),
        ("Mavi Liman Yazılım", "yazılım", "maviliman.com.tr"),
    ],
    notes: &[
        "Sabahları telefonla aranmayı tercih ediyor.",
        "Yıl sonu kapanışı için Aralık başında aranmalı.",
        "İzmir fuarında tanıştık; aylık muhasebeyle ilgileniyor.",
        "KDV beyannamesi her ay 20'sinde; evrakları geç gönderiyor.",
        "Yıllık denetim için fiyat teklifi istedi.",
        "Çay sever, ofiste görüşmeyi tercih ediyor.",
        "",
        "",
    ],
    products: &[
        "Aylık muhasebe",
        "Yıllık denetim",
        "KDV beyannamesi",
        "Bordro hizmeti",
        "Vergi danışmanlığı",
        "Şirket kuruluşu",
        "Bordro kurulumu",
        "Yıllık mali tablolar",
        "E-fatura kurulumu",
    ],
    call_notes: &[
        "Yeni e-fatura kurallarını sordu",
        "Evrak teslimi konuşuldu",
        "Üç aylık değerlendirme",
        "Fiyat teklifi istendi",
        "Gelecek yılın bütçesi konuşuldu",
        "Yeni çalışan bordroya eklenecek",
    ],
    invoice: "Fatura: ",
    proposal: "Teklif gönderildi",
    issues: [
        "Fatura iki kez gönderilmiş; düzeltilmiş fatura istiyor",
        "Bordro geç hazırlandı, maaşlar gecikti",
        "Geçen yılın mali tablolarının imzalı kopyası gerekiyor",
        "Yanlış vergi dairesine gönderim",
    ],
    follow_ups: [
        "Düzeltilmiş faturayı gönder",
        "Teklifi ara, karar verdiler mi?",
        "Yıl sonu kapanışı için ara",
        "Evrakları hatırlat",
        "Üç aylık raporu hazırla",
        "Yıllık sözleşme yenileme",
        "Bayramdan sonra hal hatır sor",
        "Hoş geldin paketi gönderildi",
    ],
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &MIXED,
        Lang::Tr => &TURKISH,
    }
}

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
fn person(rng: &mut Rng, w: &Words, now: DateTime<Utc>, org: Option<&Contact>) -> Contact {
    let given = *rng.pick(w.given);
    let family = *rng.pick(w.family);
    let (city, region, country) = *rng.pick(w.cities);
    let created = now - Duration::days(30 + rng.below(1500) as i64);
    let mut c = Contact::new(rng.id(), format!("{given} {family}"), created);
    c.given_name = given.into();
    c.family_name = family.into();
    let domain = match org {
        Some(o) => o.website.trim_start_matches("https://").to_string(),
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
        c.job_title = (*rng.pick(w.titles)).into();
    } else if rng.chance(30) {
        c.organisation = Some(Organisation::Named(format!("{family} Danışmanlık")));
    }
    c.stage = match rng.below(10) {
        0..=4 => Stage::Customer,
        5..=7 => Stage::Prospect,
        _ => Stage::FormerCustomer,
    };
    c.tags.push((*rng.pick(w.tags)).into());
    if rng.chance(40) {
        let t = (*rng.pick(w.tags)).to_string();
        if !c.tags.contains(&t) {
            c.tags.push(t);
        }
    }
    c.source = (*rng.pick(w.sources)).into();
    if rng.chance(60) {
        c.birthday = NaiveDate::from_ymd_opt(
            1960 + rng.below(40) as i32,
            1 + rng.below(12) as u32,
            1 + rng.below(28) as u32,
        );
    }
    c.notes = (*rng.pick(w.notes)).into();
    c.updated_at = created;
    c
}

/// Whether a contact is one of the sample book's (its ids come from a fixed seed, so
/// sample data loaded on any day, on any device, is recognised: **Remove sample data**).
pub fn is_sample(id: ContactId) -> bool {
    static IDS: std::sync::OnceLock<std::collections::HashSet<ContactId>> =
        std::sync::OnceLock::new();
    IDS.get_or_init(|| {
        sample_book(DateTime::<Utc>::UNIX_EPOCH)
            .into_iter()
            .map(|c| c.id)
            .collect()
    })
    .contains(&id)
}

/// The sample book's contacts that are live in `book` (what **Remove sample data**
/// removes; the user's own contacts stay).
pub fn sample_in(book: &crate::book::Book) -> Vec<ContactId> {
    book.iter()
        .map(|c| c.id)
        .filter(|&id| is_sample(id))
        .collect()
}

/// The book behind "Load sample data": 8 organisations and 40 people, some working at
/// them, some referred by others, in Turkish and English.
pub fn sample_book(now: DateTime<Utc>) -> Vec<Contact> {
    sample_book_in(Lang::En, now)
}

/// The sample book for a language: under Turkish all names, firms, cities and notes are
/// Turkish. Both books draw the same random numbers in the same order, so their ids are
/// the same and **Remove sample data** recognises either.
pub fn sample_book_in(lang: Lang, now: DateTime<Utc>) -> Vec<Contact> {
    let w = words(lang);
    let mut rng = Rng::new(0x000B_A4A1_2026);
    let mut out = Vec::new();
    for (name, tag, site) in w.orgs {
        let (city, region, country) = *rng.pick(w.cities);
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
        o.source = (*rng.pick(w.sources)).into();
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
        let mut p = person(&mut rng, w, now, org);
        // Every fourth person was referred by someone already in the book.
        if i % 4 == 3 && out.len() > orgs.len() {
            let from = out[orgs.len() + rng.below(out.len() - orgs.len())].id;
            p.referred_by = Some(from);
            p.source = w.referral.into();
        }
        // Two birthdays coming up, so Today's Birthdays section has something.
        if i == 5 || i == 17 {
            let soon = (now + Duration::days(if i == 5 { 3 } else { 10 })).date_naive();
            p.birthday = NaiveDate::from_ymd_opt(1975 + i as i32, soon.month(), soon.day())
                .or_else(|| NaiveDate::from_ymd_opt(1976, soon.month(), soon.day()));
        }
        out.push(p);
    }
    out
}

const PRODUCTS: &[&str] = &[
    "Aylık muhasebe",
    "Yıllık denetim",
    "KDV beyannamesi",
    "Bordro hizmeti",
    "Vergi danışmanlığı",
    "Company formation",
    "Payroll setup",
    "Annual accounts",
    "E-fatura kurulumu",
];
const CALL_NOTES: &[&str] = &[
    "Asked about the new e-invoice rules",
    "Evrak teslimi konuşuldu",
    "Quarterly check-in",
    "Fiyat teklifi istendi",
    "Discussed next year's budget",
    "Yeni çalışan bordroya eklenecek",
];

/// An interaction of a kind over a channel with `contact` at `at`.
fn interaction(
    rng: &mut Rng,
    contact: &Contact,
    at: DateTime<Utc>,
    (kind, channel): (InteractionKind, Channel),
    summary: String,
) -> Interaction {
    Interaction {
        id: InteractionId::from_random_bytes(rng.id().0.into_bytes()),
        contact_id: contact.id,
        at,
        time_known: rng.chance(60),
        channel,
        direction: if rng.chance(50) {
            Direction::Inbound
        } else {
            Direction::Outbound
        },
        kind,
        summary,
        details: String::new(),
        amount: None,
        product: String::new(),
        status: None,
        deal_id: None,
        created_at: at,
        updated_at: at,
        deleted_at: None,
        rev: Default::default(),
        revisions: Default::default(),
        conflicts: Vec::new(),
    }
}

fn currency_of(c: &Contact) -> &'static str {
    match c.addresses.first().map(|a| a.country.as_str()) {
        Some("United Kingdom") => "GBP",
        Some("Germany") => "EUR",
        _ => "TRY",
    }
}

fn purchase(rng: &mut Rng, w: &Words, c: &Contact, at: DateTime<Utc>, base: i64) -> Interaction {
    let product = (*rng.pick(w.products)).to_string();
    let mut i = interaction(
        rng,
        c,
        at,
        (InteractionKind::Purchase, Channel::Visit),
        format!("{}{product}", w.invoice),
    );
    i.direction = Direction::Inbound;
    i.amount = Some(Money::new(
        base + (rng.below(20) as i64) * base / 20,
        currency_of(c),
    ));
    i.product = product;
    i
}

/// A year of history for a book's contacts: buying rhythms (some gone quiet), calls,
/// e-mails and meetings, open and resolved complaints and requests, and follow-ups due
/// before, on and after today, so every section of Today has something in it.
pub fn sample_history(
    contacts: &[Contact],
    now: DateTime<Utc>,
    tz: Tz,
) -> (Vec<Interaction>, Vec<FollowUp>) {
    sample_history_in(Lang::En, contacts, now, tz)
}

/// `sample_history` in the words of a language (summaries, products, follow-up notes).
pub fn sample_history_in(
    lang: Lang,
    contacts: &[Contact],
    now: DateTime<Utc>,
    tz: Tz,
) -> (Vec<Interaction>, Vec<FollowUp>) {
    let w = words(lang);
    let mut rng = Rng::new(0x5A3B_1E00_2026);
    let mut out = Vec::new();
    let mut follow_ups = Vec::new();
    let today = tz.local_date(now);
    let day = |n: i64| now - Duration::days(n) - Duration::hours(rng_hours(n));
    for (n, c) in contacts.iter().enumerate() {
        match c.stage {
            Stage::Customer => {
                let interval = *rng.pick(&[14i64, 30, 30, 45, 60]);
                // One customer in four has gone quiet: no purchase for 2.5–4 intervals.
                let quiet = n % 4 == 1;
                let last = if quiet {
                    interval * 5 / 2 + rng.below(interval as usize * 3 / 2) as i64
                } else {
                    rng.below(interval as usize) as i64
                };
                let base = *rng.pick(&[150_000i64, 350_000, 800_000, 2_500_000]);
                let mut ago = last;
                while ago < 365 {
                    out.push(purchase(&mut rng, w, c, day(ago), base));
                    ago += interval + rng.below(5) as i64 - 2;
                }
            }
            Stage::FormerCustomer => {
                let mut ago = 250 + rng.below(60) as i64;
                while ago < 365 {
                    out.push(purchase(&mut rng, w, c, day(ago), 200_000));
                    ago += 30;
                }
            }
            Stage::Prospect => {
                let ago = 3 + rng.below(60) as i64;
                let mut p = interaction(
                    &mut rng,
                    c,
                    day(ago),
                    (InteractionKind::Proposal, Channel::Email),
                    w.proposal.into(),
                );
                p.direction = Direction::Outbound;
                out.push(p);
            }
        }
        for _ in 0..(1 + rng.below(4)) {
            let ago = rng.below(365) as i64;
            let how = *rng.pick(&[
                (InteractionKind::Call, Channel::Phone),
                (InteractionKind::Note, Channel::Email),
                (InteractionKind::Meeting, Channel::Meeting),
                (InteractionKind::Call, Channel::VideoCall),
                (InteractionKind::Note, Channel::Message),
            ]);
            let summary = (*rng.pick(w.call_notes)).to_string();
            out.push(interaction(&mut rng, c, day(ago), how, summary));
        }
    }
    // Complaints and requests: two open complaints, one open request, one resolved.
    let people: Vec<&Contact> = contacts
        .iter()
        .filter(|c| c.stage == Stage::Customer)
        .collect();
    for (k, (kind, ago, open, text)) in [
        (InteractionKind::Complaint, 12, true, w.issues[0]),
        (InteractionKind::Complaint, 3, true, w.issues[1]),
        (InteractionKind::Request, 5, true, w.issues[2]),
        (InteractionKind::Complaint, 40, false, w.issues[3]),
    ]
    .into_iter()
    .enumerate()
    {
        if let Some(c) = people.get(k * 3) {
            let how = (kind, Channel::Phone);
            let mut i = interaction(&mut rng, c, day(ago), how, text.into());
            i.direction = Direction::Inbound;
            i.status = Some(if open {
                Status::Open
            } else {
                Status::Resolved {
                    on: today - Duration::days(ago - 2),
                }
            });
            out.push(i);
        }
    }
    // Follow-ups: overdue, today, this week, later, and one already done.
    for (k, (offset, note, done)) in [
        (-8, w.follow_ups[0], false),
        (-3, w.follow_ups[1], false),
        (0, w.follow_ups[2], false),
        (2, w.follow_ups[3], false),
        (4, w.follow_ups[4], false),
        (12, w.follow_ups[5], false),
        (30, w.follow_ups[6], false),
        (-20, w.follow_ups[7], true),
    ]
    .into_iter()
    .enumerate()
    {
        if let Some(c) = contacts.get(8 + k * 4) {
            let created = now - Duration::days(30);
            follow_ups.push(FollowUp {
                id: FollowUpId::from_random_bytes(rng.id().0.into_bytes()),
                contact_id: c.id,
                due: today + Duration::days(offset),
                note: note.into(),
                interaction_id: None,
                done_at: done.then_some(now - Duration::days(19)),
                created_at: created,
                updated_at: created,
                deleted_at: None,
                rev: Default::default(),
                revisions: Default::default(),
                conflicts: Vec::new(),
            });
        }
    }
    (out, follow_ups)
}

/// A spread of hours so sample times are not all the same.
fn rng_hours(n: i64) -> i64 {
    (n * 7) % 9
}

/// `per_contact` interactions for each contact of a generated book (benchmarks).
pub fn generated_history(
    contacts: &[Contact],
    per_contact: usize,
    seed: u64,
    now: DateTime<Utc>,
) -> Vec<Interaction> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::with_capacity(contacts.len() * per_contact);
    for c in contacts {
        for k in 0..per_contact {
            let at = now - Duration::minutes(rng.below(3 * 365 * 24 * 60) as i64);
            let i = if k % 3 == 0 {
                purchase(&mut rng, &MIXED, c, at, 100_000)
            } else {
                let channel = *rng.pick(Channel::ALL);
                let summary = (*rng.pick(CALL_NOTES)).to_string();
                interaction(&mut rng, c, at, (InteractionKind::Call, channel), summary)
            };
            out.push(i);
        }
    }
    out
}

/// The native examples' book (`core/examples/`): `n` generated contacts, each with
/// `per_contact` generated interactions as its history, as the store gives them back.
pub fn generated_records(
    n: usize,
    per_contact: usize,
    now: DateTime<Utc>,
) -> Vec<(Contact, Vec<crate::analysis::history::Event>)> {
    let contacts = generated_book(n, 1, now);
    let interactions = generated_history(&contacts, per_contact, 2, now);
    let mut by_contact: std::collections::HashMap<ContactId, Vec<&Interaction>> =
        std::collections::HashMap::new();
    for i in &interactions {
        by_contact.entry(i.contact_id).or_default().push(i);
    }
    contacts
        .into_iter()
        .map(|c| {
            let mine = by_contact.remove(&c.id).unwrap_or_default();
            (c, crate::analysis::history::events_of(mine))
        })
        .collect()
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
            out.push(person(&mut rng, &MIXED, now, org.as_ref()));
        }
    }
    out
}

/// The sample book, its history and its deals, without the contacts `is_new` refuses (those
/// already in the book, deleted ones too) and their records: what **Load sample data**
/// writes, in the UI's language.
pub fn new_sample_in(
    lang: Lang,
    now: DateTime<Utc>,
    tz: Tz,
    is_new: impl Fn(ContactId) -> bool,
) -> crate::io::backup::Records {
    let contacts = sample_book_in(lang, now);
    let (interactions, follow_ups) = sample_history_in(lang, &contacts, now, tz);
    let deals = sample_deals_in(lang, &contacts, now);
    let fresh: Vec<Contact> = contacts.into_iter().filter(|c| is_new(c.id)).collect();
    let ids: std::collections::HashSet<ContactId> = fresh.iter().map(|c| c.id).collect();
    crate::io::backup::Records {
        interactions: interactions
            .into_iter()
            .filter(|i| ids.contains(&i.contact_id))
            .collect(),
        follow_ups: follow_ups
            .into_iter()
            .filter(|f| ids.contains(&f.contact_id))
            .collect(),
        deals: deals
            .into_iter()
            .filter(|d| ids.contains(&d.contact_id))
            .collect(),
        contacts: fresh,
        settings: Vec::new(),
    }
}

/// The sample book's deals: four open ones, one in each default stage, so a first look at
/// **Deals**, Today and Insights shows the pipeline at work — one in Proposal sent expected
/// to close in five days (Closing this week) and one in Negotiation quiet for 20 days (Going
/// cold). Titles in the book's language; ids fixed, so loading twice adds nothing twice.
pub fn sample_deals_in(
    lang: Lang,
    contacts: &[Contact],
    now: DateTime<Utc>,
) -> Vec<crate::model::deal::Deal> {
    use crate::model::deal::{Deal, DealId, StageId};
    let titles: [&str; 4] = match lang {
        Lang::Tr => [
            "Yıllık bakım sözleşmesi",
            "Bordro hizmeti",
            "E-fatura geçişi",
            "2027 vergi planlaması",
        ],
        Lang::En => [
            "Annual maintenance contract",
            "Payroll service",
            "E-invoice migration",
            "Tax planning 2027",
        ],
    };
    // (contact's place in the book, stage, days in it, amount in lira, closes in days)
    let plan: [(usize, &str, i64, i64, Option<i64>); 4] = [
        (2, "lead", 3, 45_000, None),
        (6, "qualified", 8, 120_000, Some(40)),
        (11, "proposal", 4, 86_500, Some(5)),
        (15, "negotiation", 20, 240_000, Some(21)),
    ];
    plan.iter()
        .zip(titles)
        .enumerate()
        .filter_map(|(n, (&(at, stage, days, lira, closes), title))| {
            let c = contacts.get(at)?;
            let mut d = Deal::new(
                DealId::from_random_bytes([0xD0 + n as u8; 16]),
                c.id,
                title,
                StageId::new(stage),
                now - Duration::days(days),
            );
            d.amount = Some(Money::new(lira * 100, "TRY"));
            d.expected_close = closes.map(|n| (now + Duration::days(n)).date_naive());
            Some(d)
        })
        .collect()
}

/// Open deals for benchmarks: `n` of them over `contacts`, spread across the pipeline's
/// stages, most in TRY and one in ten in EUR, each entered its stage up to 60 days ago and
/// expected to close within the next 120 days (or without a date).
pub fn generated_deals(
    contacts: &[Contact],
    n: usize,
    pipeline: &crate::model::deal::Pipeline,
    seed: u64,
    now: DateTime<Utc>,
) -> Vec<crate::model::deal::Deal> {
    use crate::model::deal::{Deal, DealId};
    const TITLES: &[&str] = &[
        "Yıllık denetim",
        "Bordro danışmanlığı",
        "E-fatura geçişi",
        "Website redesign",
        "Vergi planlaması",
        "Quarterly review",
    ];
    let mut rng = Rng::new(seed);
    if contacts.is_empty() || pipeline.stages.is_empty() {
        return Vec::new();
    }
    (0..n)
        .map(|i| {
            let c = rng.pick(contacts);
            let stage = rng.pick(&pipeline.stages).id.clone();
            let entered = now - Duration::minutes(rng.below(60 * 24 * 60) as i64);
            let id = DealId::from_random_bytes(rng.id().0.into_bytes());
            let title = format!("{} {i}", rng.pick(TITLES));
            let mut d = Deal::new(id, c.id, &title, stage, entered);
            let currency = if rng.chance(10) { "EUR" } else { "TRY" };
            d.amount = Some(Money::new(
                100 * (1_000 + rng.below(500_000)) as i64,
                currency,
            ));
            if rng.chance(80) {
                d.expected_close = Some((now + Duration::days(rng.below(120) as i64)).date_naive());
            }
            d
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_sample_already_in_the_book_is_not_written_again_nor_its_records() {
        use chrono::TimeZone;
        let now = Utc.with_ymd_and_hms(2026, 12, 4, 9, 0, 0).unwrap();
        let all = new_sample_in(Lang::En, now, Tz(180), |_| true);
        assert_eq!(all.contacts.len(), sample_book_in(Lang::En, now).len());
        assert_eq!(all.deals.len(), 4);
        assert!(!all.interactions.is_empty() && !all.follow_ups.is_empty());
        // The contact of the first deal is already here: it and everything of it stay out.
        let known = all.deals[0].contact_id;
        let rest = new_sample_in(Lang::En, now, Tz(180), |id| id != known);
        assert_eq!(rest.contacts.len(), all.contacts.len() - 1);
        assert!(rest.contacts.iter().all(|c| c.id != known));
        assert_eq!(rest.deals.len(), 3);
        assert!(rest.interactions.iter().all(|i| i.contact_id != known));
        assert!(rest.follow_ups.iter().all(|f| f.contact_id != known));
        assert!(rest.interactions.len() < all.interactions.len());
        assert!(new_sample_in(Lang::Tr, now, Tz(180), |_| false)
            .contacts
            .is_empty());
    }

    #[test]
    fn the_sample_deals_are_open_one_per_stage_with_sample_contacts_in_the_books_language() {
        use crate::analysis::pipeline::{closing_soon, going_cold};
        use crate::model::deal::Pipeline;
        use chrono::TimeZone;
        let now = Utc.with_ymd_and_hms(2026, 12, 4, 9, 0, 0).unwrap();
        for lang in [Lang::En, Lang::Tr] {
            let book = sample_book_in(lang, now);
            let deals = sample_deals_in(lang, &book, now);
            let p = Pipeline::default();
            assert_eq!(deals.len(), 4);
            assert!(deals.iter().all(|d| d.is_open() && is_sample(d.contact_id)));
            let stages: Vec<&str> = deals.iter().map(|d| d.stage.0.as_str()).collect();
            assert_eq!(stages, ["lead", "qualified", "proposal", "negotiation"]);
            // Ids fixed for good: a book that has them never gets them twice.
            let ids: Vec<crate::model::deal::DealId> = (0xD0..0xD4)
                .map(|b| crate::model::deal::DealId::from_random_bytes([b; 16]))
                .collect();
            assert_eq!(deals.iter().map(|d| d.id).collect::<Vec<_>>(), ids);
            assert_eq!(
                deals[0].amount,
                Some(Money::new(4_500_000, "TRY")),
                "45,000.00 lira"
            );
            let today = now.date_naive();
            assert_eq!(
                closing_soon(&deals, today),
                [deals[2].id],
                "Closing this week"
            );
            assert_eq!(
                going_cold(&deals, &p, |_| None, today, crate::analysis::Tz(180)),
                [deals[3].id],
                "Going cold"
            );
            // The same ids whenever and in whichever language they are loaded.
            let again = sample_deals_in(
                Lang::En,
                &sample_book_in(Lang::En, now + chrono::Duration::days(30)),
                now,
            );
            assert_eq!(
                deals.iter().map(|d| d.id).collect::<Vec<_>>(),
                again.iter().map(|d| d.id).collect::<Vec<_>>()
            );
        }
        assert!(
            sample_deals_in(Lang::Tr, &sample_book_in(Lang::Tr, now), now)[0]
                .title
                .contains("bakım")
        );
        assert!(sample_deals_in(Lang::En, &[], now).is_empty());
    }

    #[test]
    fn generated_deals_are_open_in_the_pipelines_stages_for_the_contacts_given() {
        use crate::model::deal::Pipeline;
        use chrono::TimeZone;
        let now = Utc.with_ymd_and_hms(2026, 12, 4, 9, 0, 0).unwrap();
        let book = generated_book(30, 3, now);
        let p = Pipeline::default();
        let deals = generated_deals(&book, 500, &p, 9, now);
        assert_eq!(deals.len(), 500);
        assert!(deals.iter().all(|d| d.is_open()
            && p.stage(&d.stage).is_some()
            && book.iter().any(|c| c.id == d.contact_id)
            && d.entered_stage() <= now));
        // Entered within 60 days; 1,000.00 to 501,000.00; closing within 120 days, or no date.
        let oldest = now - chrono::Duration::days(60);
        assert!(deals.iter().all(|d| d.entered_stage() > oldest));
        assert!(
            deals
                .iter()
                .any(|d| d.entered_stage() < now - chrono::Duration::days(50)),
            "spread over the 60 days"
        );
        let amounts: Vec<i64> = deals
            .iter()
            .filter_map(|d| d.amount.as_ref())
            .map(|m| m.minor)
            .collect();
        assert_eq!(amounts.len(), 500);
        assert!(amounts
            .iter()
            .all(|&m| (100_000..50_100_000).contains(&m) && m % 100 == 0));
        assert!(
            amounts.iter().any(|&m| m > 40_000_000),
            "spread over the range"
        );
        let eur = deals
            .iter()
            .filter(|d| d.amount.as_ref().is_some_and(|m| m.currency == "EUR"))
            .count();
        assert!((20..100).contains(&eur), "about one in ten in EUR: {eur}");
        let closes: Vec<NaiveDate> = deals.iter().filter_map(|d| d.expected_close).collect();
        assert!(
            (350..450).contains(&closes.len()),
            "about four in five with a date"
        );
        let today = now.date_naive();
        assert!(closes
            .iter()
            .all(|&c| c >= today && c < today + chrono::Duration::days(120)));
        assert!(closes
            .iter()
            .any(|&c| c > today + chrono::Duration::days(100)));
        let ids: std::collections::HashSet<_> = deals.iter().map(|d| d.id).collect();
        assert_eq!(ids.len(), 500, "every id fresh");
        for s in &p.stages {
            assert!(
                deals.iter().filter(|d| d.stage == s.id).count() > 50,
                "spread over {}",
                s.id.0
            );
        }
        assert!(generated_deals(&[], 5, &p, 9, now).is_empty());
    }

    #[test]
    fn sample_contacts_are_recognised_whenever_they_were_loaded() {
        use chrono::TimeZone;
        let then = Utc.with_ymd_and_hms(2025, 3, 1, 12, 0, 0).unwrap();
        let book = sample_book(then);
        assert!(book.iter().all(|c| is_sample(c.id)));
        assert!(!is_sample(ContactId::from_random_bytes([7; 16])));
        let generated = generated_book(20, 7, then);
        assert!(generated.iter().all(|c| !is_sample(c.id)));
        // In a book with the user's own contacts and a removed sample contact, the live
        // sample contacts only.
        let mut gone = book[0].clone();
        gone.tombstone(then);
        let mut mixed =
            crate::book::Book::from_contacts(generated.into_iter().chain(book[1..4].to_vec()));
        mixed.upsert(gone);
        let mut found = sample_in(&mixed);
        crate::sort::natural(&mut found);
        let mut want: Vec<ContactId> = book[1..4].iter().map(|c| c.id).collect();
        crate::sort::natural(&mut want);
        assert_eq!(found, want);
    }

    use super::*;
    use chrono::TimeZone;
    use std::collections::HashSet;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
    }

    #[test]
    fn the_turkish_book_is_turkish_and_shares_the_ids() {
        let en = sample_book(now());
        let tr = sample_book_in(Lang::Tr, now());
        assert_eq!(
            en.iter().map(|c| c.id).collect::<Vec<_>>(),
            tr.iter().map(|c| c.id).collect::<Vec<_>>(),
            "Remove sample data recognises either book"
        );
        assert!(tr.iter().all(|c| is_sample(c.id)));
        let english = [
            "James", "Smith", "London", "Traders", "Software", "referral", "Invoice",
        ];
        let (is, fs) = sample_history_in(Lang::Tr, &tr, now(), Tz(180));
        let texts: Vec<String> = tr
            .iter()
            .flat_map(|c| {
                [
                    c.display_name.clone(),
                    c.notes.clone(),
                    c.source.clone(),
                    c.job_title.clone(),
                ]
                .into_iter()
                .chain(c.addresses.iter().map(|a| a.city.clone()))
                .chain(c.tags.clone())
            })
            .chain(
                is.iter()
                    .flat_map(|i| [i.summary.clone(), i.product.clone()]),
            )
            .chain(fs.iter().map(|f| f.note.clone()))
            .collect();
        for word in english {
            assert!(
                !texts.iter().any(|t| t.contains(word)),
                "{word} in the Turkish book"
            );
        }
        assert!(texts.iter().any(|t| t.contains("Fatura: ")));
        assert!(en.iter().any(|c| c.display_name == "Northwind Traders Ltd"));
        // The same sections of Today fill in either language.
        let (ie, fe) = sample_history(&en, now(), Tz(180));
        assert_eq!(ie.len(), is.len());
        assert_eq!(fe.len(), fs.len());
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
    fn sample_history_fills_every_today_section() {
        let tz = Tz(180);
        let book_contacts = sample_book(now());
        let (interactions, follow_ups) = sample_history(&book_contacts, now(), tz);
        let mut book = crate::book::Book::from_contacts(book_contacts.clone());
        for c in &book_contacts {
            let mine: Vec<&Interaction> = interactions
                .iter()
                .filter(|i| i.contact_id == c.id)
                .collect();
            book.set_history(c.id, crate::analysis::history::events_of(mine));
        }
        let open: Vec<Interaction> = interactions
            .iter()
            .filter(|i| i.is_open())
            .cloned()
            .collect();
        let facts = crate::analysis::value::facts(
            &book,
            &crate::analysis::value::ValueSettings::default(),
            now(),
            tz,
        );
        let t = crate::analysis::today::today(
            &book,
            &facts,
            &follow_ups,
            &open,
            crate::analysis::Clock { now: now(), tz },
        );
        assert!(t.due_follow_ups.len() >= 3, "{:?}", t.due_follow_ups.len());
        assert_eq!(t.open_items.len(), 3);
        assert!(
            t.gone_quiet.len() >= 3,
            "gone quiet: {}",
            t.gone_quiet.len()
        );
        assert!(t.birthdays.len() >= 2);
        assert!(interactions.iter().all(|i| i.at <= now()));
        assert!(
            interactions.len() > 200,
            "a year of history: {}",
            interactions.len()
        );
    }

    #[test]
    fn generated_records_give_each_contact_its_own_history_oldest_first() {
        let records = generated_records(20, 3, now());
        assert_eq!(records.len(), 20);
        for (c, events) in &records {
            assert_eq!(events.len(), 3, "{}", c.display_name);
            assert!(events.is_sorted_by_key(|e| e.at));
        }
        let ids: HashSet<_> = records
            .iter()
            .flat_map(|(_, h)| h.iter().map(|e| e.id))
            .collect();
        assert_eq!(ids.len(), 60, "no interaction in two histories");
    }

    #[test]
    fn generated_book_has_the_asked_size_and_unique_ids() {
        let b = generated_book(1000, 7, now());
        assert_eq!(b.len(), 1000);
        assert_eq!(b.iter().map(|c| c.id).collect::<HashSet<_>>().len(), 1000);
    }
}
