//! Contacts from other programs (CSV, vCard): column mapping for CSV, likely duplicates of
//! contacts already in the book, and merging an imported contact into an existing one.

use super::vcard::decode_charset;
use crate::book::Book;
use crate::{Address, Contact, ContactId, Labeled, Organisation};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;

/// What a CSV column becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Ignore,
    Name,
    GivenName,
    FamilyName,
    Organisation,
    JobTitle,
    Email,
    Phone,
    Street,
    City,
    Region,
    Postcode,
    Country,
    Tags,
    Notes,
    Birthday,
    Website,
}

impl Target {
    pub const ALL: [Target; 17] = [
        Target::Ignore,
        Target::Name,
        Target::GivenName,
        Target::FamilyName,
        Target::Organisation,
        Target::JobTitle,
        Target::Email,
        Target::Phone,
        Target::Street,
        Target::City,
        Target::Region,
        Target::Postcode,
        Target::Country,
        Target::Tags,
        Target::Notes,
        Target::Birthday,
        Target::Website,
    ];

    /// The target's stable name, the value of its option in the mapping select. It is
    /// the English label (so `"Name"`), never translated; the screen shows its own words.
    pub fn key(self) -> &'static str {
        match self {
            Target::Ignore => "(ignore)",
            Target::Name => "Name",
            Target::GivenName => "Given name",
            Target::FamilyName => "Family name",
            Target::Organisation => "Organisation",
            Target::JobTitle => "Job title",
            Target::Email => "Email",
            Target::Phone => "Phone",
            Target::Street => "Street",
            Target::City => "City",
            Target::Region => "Region",
            Target::Postcode => "Postcode",
            Target::Country => "Country",
            Target::Tags => "Tags",
            Target::Notes => "Notes",
            Target::Birthday => "Birthday",
            Target::Website => "Website",
        }
    }

    /// The target of a [`Target::key`].
    pub fn from_key(key: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.key() == key)
    }
}

/// Why a file could not be read as CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CsvError {
    /// A row the CSV reader refused (counting from 1); `detail` is its own description.
    Row { row: usize, detail: String },
    /// Not a single row.
    NoRows,
}

/// A CSV row that gives no contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowError {
    /// No name, organisation or e-mail in the row (numbered in the file, header = 1).
    NoName { row: usize },
}

/// A CSV file's rows (header first), whatever its delimiter and encoding.
pub fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, CsvError> {
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(bytes);
    let text = decode_charset(bytes, "utf-8");
    let first = text.lines().next().unwrap_or("");
    // Turkish spreadsheets write semicolons (the comma is their decimal separator).
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (n, r) in reader.records().enumerate() {
        let r = r.map_err(|e| CsvError::Row {
            row: n + 1,
            detail: e.to_string(),
        })?;
        rows.push(r.iter().map(|s| s.trim().to_string()).collect::<Vec<_>>());
    }
    if rows.is_empty() {
        return Err(CsvError::NoRows);
    }
    Ok(rows)
}

/// Pre-fills the mapping from known headers: Google Contacts (old and current), Outlook,
/// and Turkish column names.
pub fn guess_mapping(headers: &[String]) -> Vec<Target> {
    headers
        .iter()
        .map(|h| {
            let h = crate::text::fold(h);
            let h = h.trim();
            let is = |names: &[&str]| names.contains(&h);
            let starts = |p: &str, suffix: &str| h.starts_with(p) && h.ends_with(suffix);
            if is(&[
                "name",
                "full name",
                "display name",
                "ad soyad",
                "isim",
                "adi soyadi",
            ]) {
                Target::Name
            } else if is(&["given name", "first name", "ad", "adi"]) {
                Target::GivenName
            } else if is(&["family name", "last name", "surname", "soyad", "soyadi"]) {
                Target::FamilyName
            } else if is(&[
                "organization 1 - name",
                "organization name",
                "company",
                "organisation",
                "organization",
                "firma",
                "sirket",
                "kurum",
                "kurulus",
                "kurulus 1 - ad",
                "sirket adi",
            ]) {
                Target::Organisation
            } else if is(&[
                "organization 1 - title",
                "organization title",
                "job title",
                "title",
                "unvan",
                "gorev",
                "kurulus 1 - unvan",
                "is unvani",
            ]) {
                Target::JobTitle
            } else if starts("e-mail", "value")
                || starts("e-posta", "deger")
                || is(&[
                    "e-posta adresi",
                    "e-posta 2 adresi",
                    "e-posta 3 adresi",
                    "e-mail address",
                    "email",
                    "e-mail",
                    "e-posta",
                    "eposta",
                    "email address",
                ])
            {
                Target::Email
            } else if starts("phone", "value")
                || starts("telefon", "deger")
                || is(&[
                    "cep telefonu",
                    "cep tel",
                    "is telefonu",
                    "is telefonu 2",
                    "ev telefonu",
                    "ev telefonu 2",
                    "faks",
                    "is faksi",
                    "ev faksi",
                    "telefon numarasi",
                    "mobile phone",
                    "business phone",
                    "home phone",
                    "phone",
                    "telefon",
                    "cep",
                    "gsm",
                ])
            {
                Target::Phone
            } else if starts("address 1 - street", "")
                || starts("adres 1 - sokak", "")
                || is(&[
                    "business street",
                    "home street",
                    "street",
                    "adres",
                    "sokak",
                    "is adresi sokak",
                    "ev adresi sokak",
                ])
            {
                Target::Street
            } else if is(&[
                "address 1 - city",
                "business city",
                "home city",
                "city",
                "sehir",
                "il",
                "adres 1 - sehir",
                "is adresi sehir",
                "ev adresi sehir",
            ]) {
                Target::City
            } else if is(&[
                "address 1 - region",
                "business state",
                "home state",
                "region",
                "state",
                "bolge",
                "ilce",
                "semt",
                "adres 1 - bolge",
                "is adresi il/ilce",
                "is adresi bolge",
                "ev adresi bolge",
            ]) {
                Target::Region
            } else if is(&[
                "address 1 - postal code",
                "business postal code",
                "home postal code",
                "postcode",
                "postal code",
                "zip",
                "posta kodu",
                "adres 1 - posta kodu",
                "is adresi posta kodu",
                "ev adresi posta kodu",
            ]) {
                Target::Postcode
            } else if is(&[
                "address 1 - country",
                "business country/region",
                "home country/region",
                "country",
                "ulke",
                "adres 1 - ulke",
                "is adresi ulke/bolge",
                "is adresi ulke",
                "ev adresi ulke",
            ]) {
                Target::Country
            } else if is(&[
                "group membership",
                "labels",
                "categories",
                "tags",
                "etiketler",
                "gruplar",
                "grup uyeligi",
                "kategoriler",
            ]) {
                Target::Tags
            } else if is(&["notes", "note", "notlar", "not", "aciklama"]) {
                Target::Notes
            } else if is(&["birthday", "dogum tarihi", "dogum gunu"]) {
                Target::Birthday
            } else if starts("website", "value")
                || starts("web sitesi", "deger")
                || is(&[
                    "web page",
                    "website",
                    "web sitesi",
                    "web sayfasi",
                    "web adresi",
                ])
            {
                Target::Website
            } else {
                Target::Ignore
            }
        })
        .collect()
}

fn date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d.%m.%Y"))
        .or_else(|_| NaiveDate::parse_from_str(s, "%m/%d/%Y"))
        .ok()
}

/// Turns CSV rows (header excluded) into contacts; a row without any name, organisation,
/// e-mail or phone is reported with its row number (the header is row 1).
pub fn rows_to_contacts(
    rows: &[Vec<String>],
    mapping: &[Target],
    now: DateTime<Utc>,
    mut new_id: impl FnMut() -> ContactId,
) -> Vec<Result<Contact, RowError>> {
    rows.iter()
        .enumerate()
        .map(|(n, row)| {
            let mut c = Contact::new(new_id(), "", now);
            let mut addr = Address::default();
            for (cell, target) in row.iter().zip(mapping) {
                let v = cell.trim();
                if v.is_empty() {
                    continue;
                }
                match target {
                    Target::Ignore => {}
                    Target::Name => c.display_name = v.into(),
                    Target::GivenName => c.given_name = v.into(),
                    Target::FamilyName => c.family_name = v.into(),
                    Target::Organisation => c.organisation = Some(Organisation::Named(v.into())),
                    Target::JobTitle => c.job_title = v.into(),
                    Target::Email => v.split(" ::: ").for_each(|e| {
                        c.emails.push(Labeled {
                            label: "other".into(),
                            value: e.trim().into(),
                        })
                    }),
                    Target::Phone => v.split(" ::: ").for_each(|p| {
                        c.phones.push(Labeled {
                            label: crate::model::draft::guess_phone_label(p)
                                .unwrap_or("other")
                                .into(),
                            value: p.trim().into(),
                        })
                    }),
                    Target::Street => addr.street = v.into(),
                    Target::City => addr.city = v.into(),
                    Target::Region => addr.region = v.into(),
                    Target::Postcode => addr.postcode = v.into(),
                    Target::Country => addr.country = v.into(),
                    Target::Tags => {
                        for t in v.split([',', ';']).flat_map(|t| t.split(" ::: ")) {
                            let t = t.trim().trim_start_matches("* ").to_string();
                            if !t.is_empty() && !c.tags.contains(&t) {
                                c.tags.push(t);
                            }
                        }
                    }
                    Target::Notes => c.notes = v.into(),
                    Target::Birthday => c.birthday = date(v),
                    Target::Website => c.website = v.into(),
                }
            }
            if !addr.is_empty() {
                c.addresses.push(addr);
            }
            if c.display_name.is_empty() {
                let full = format!("{} {}", c.given_name, c.family_name)
                    .trim()
                    .to_string();
                c.display_name = [
                    Some(full),
                    c.organisation_name(|_| None).map(str::to_string),
                    c.emails.first().map(|e| e.value.clone()),
                ]
                .into_iter()
                .flatten()
                .find(|s| !s.is_empty())
                .ok_or(RowError::NoName { row: n + 2 })?;
            }
            Ok(c)
        })
        .collect()
}

/// What to do with an imported contact that looks like one already in the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Skip,
    Merge,
    CreateAnyway,
}

fn phone_key(p: &str) -> Option<String> {
    let digits: String = p.chars().filter(char::is_ascii_digit).collect();
    // The last ten digits: "+90 532…" and "0532…" are the same number.
    (digits.len() >= 7).then(|| digits[digits.len().saturating_sub(10)..].to_string())
}

/// For each incoming contact, a live contact of the book with the same e-mail or phone.
pub fn find_duplicates(book: &Book, incoming: &[Contact]) -> Vec<Option<ContactId>> {
    let mut by_key: HashMap<String, ContactId> = HashMap::new();
    for c in book.iter() {
        for e in &c.emails {
            by_key
                .entry(format!("e:{}", e.value.trim().to_lowercase()))
                .or_insert(c.id);
        }
        for p in &c.phones {
            if let Some(k) = phone_key(&p.value) {
                by_key.entry(format!("p:{k}")).or_insert(c.id);
            }
        }
    }
    incoming
        .iter()
        .map(|c| {
            c.emails
                .iter()
                .map(|e| format!("e:{}", e.value.trim().to_lowercase()))
                .chain(
                    c.phones
                        .iter()
                        .filter_map(|p| phone_key(&p.value).map(|k| format!("p:{k}"))),
                )
                .find_map(|k| by_key.get(&k).copied())
        })
        .collect()
}

/// The existing contact with what the imported one adds: e-mails, phones, tags and
/// addresses it lacks, empty fields filled, notes appended. Nothing is overwritten.
pub fn merge_into(existing: &Contact, incoming: &Contact, now: DateTime<Utc>) -> Contact {
    let mut c = existing.clone();
    let fill = |mine: &mut String, theirs: &str| {
        if mine.trim().is_empty() {
            *mine = theirs.to_string();
        }
    };
    fill(&mut c.given_name, &incoming.given_name);
    fill(&mut c.family_name, &incoming.family_name);
    fill(&mut c.job_title, &incoming.job_title);
    fill(&mut c.website, &incoming.website);
    if c.organisation.is_none() {
        c.organisation = incoming.organisation.clone();
    }
    if c.birthday.is_none() {
        c.birthday = incoming.birthday;
    }
    for e in &incoming.emails {
        if !c
            .emails
            .iter()
            .any(|x| x.value.eq_ignore_ascii_case(&e.value))
        {
            c.emails.push(e.clone());
        }
    }
    for p in &incoming.phones {
        if !c
            .phones
            .iter()
            .any(|x| phone_key(&x.value) == phone_key(&p.value))
        {
            c.phones.push(p.clone());
        }
    }
    for t in &incoming.tags {
        if !c.tags.contains(t) {
            c.tags.push(t.clone());
        }
    }
    for a in &incoming.addresses {
        if !c.addresses.contains(a) {
            c.addresses.push(a.clone());
        }
    }
    if !incoming.notes.trim().is_empty() && !c.notes.contains(incoming.notes.trim()) {
        c.notes = if c.notes.is_empty() {
            incoming.notes.clone()
        } else {
            format!("{}\n\n{}", c.notes, incoming.notes)
        };
    }
    c.updated_at = now;
    c
}

/// The contacts to write for the user's choices (one per incoming contact).
pub fn resolve(
    book: &Book,
    incoming: &[Contact],
    duplicates: &[Option<ContactId>],
    choices: &[Choice],
    now: DateTime<Utc>,
) -> Vec<Contact> {
    let mut merged: HashMap<ContactId, Contact> = HashMap::new();
    let mut out = Vec::new();
    for ((c, dup), choice) in incoming.iter().zip(duplicates).zip(choices) {
        match (dup, choice) {
            (Some(_), Choice::Skip) => {}
            (Some(id), Choice::Merge) => {
                if let Some(existing) = merged.get(id).cloned().or_else(|| book.get(*id).cloned()) {
                    merged.insert(*id, merge_into(&existing, c, now));
                }
            }
            _ => out.push(c.clone()),
        }
    }
    out.extend(merged.into_values());
    out
}

/// Contacts as vCard 3.0 (for address books and mail merges).
pub fn to_vcard3<'a>(contacts: impl IntoIterator<Item = (&'a Contact, Option<&'a str>)>) -> String {
    /// Escapes a TEXT value (RFC 6350 §3.4). CR, LF and CRLF become `\n`, a tab a space;
    /// other control characters are dropped, since readers may take them for line ends.
    fn esc(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' => out.push_str("\\\\"),
                ',' => out.push_str("\\,"),
                ';' => out.push_str("\\;"),
                '\r' => {
                    chars.next_if_eq(&'\n');
                    out.push_str("\\n");
                }
                '\n' => out.push_str("\\n"),
                '\t' => out.push(' '),
                c if c.is_control() => {}
                c => out.push(c),
            }
        }
        out
    }
    /// A TYPE parameter value: letters, digits and '-' only, so a label can never end
    /// the parameters (':') or start another (';').
    fn param(s: &str) -> String {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>()
            .to_uppercase()
    }
    let mut out = String::new();
    for (c, org) in contacts {
        let mut lines = vec![
            "BEGIN:VCARD".to_string(),
            "VERSION:3.0".into(),
            format!("FN:{}", esc(&c.display_name)),
        ];
        lines.push(format!(
            "N:{};{};;;",
            esc(&c.family_name),
            esc(&c.given_name)
        ));
        if let Some(o) = org {
            lines.push(format!("ORG:{}", esc(o)));
        }
        if !c.job_title.is_empty() {
            lines.push(format!("TITLE:{}", esc(&c.job_title)));
        }
        for e in &c.emails {
            let t = param(&e.label);
            let sep = if t.is_empty() { "" } else { "," };
            lines.push(format!("EMAIL;TYPE=INTERNET{sep}{t}:{}", esc(&e.value)));
        }
        for p in &c.phones {
            let t = if p.label == "mobile" {
                "CELL".to_string()
            } else {
                param(&p.label)
            };
            let t = if t.is_empty() { "VOICE".to_string() } else { t };
            lines.push(format!("TEL;TYPE={t}:{}", esc(&p.value)));
        }
        for a in &c.addresses {
            lines.push(format!(
                "ADR;TYPE={}:;;{};{};{};{};{}",
                match param(&a.label) {
                    t if t.is_empty() => "OTHER".to_string(),
                    t => t,
                },
                esc(&a.street),
                esc(&a.city),
                esc(&a.region),
                esc(&a.postcode),
                esc(&a.country)
            ));
        }
        if let Some(b) = c.birthday {
            lines.push(format!("BDAY:{b}"));
        }
        if !c.website.is_empty() {
            lines.push(format!("URL:{}", esc(&c.website)));
        }
        if !c.tags.is_empty() {
            lines.push(format!(
                "CATEGORIES:{}",
                c.tags.iter().map(|t| esc(t)).collect::<Vec<_>>().join(",")
            ));
        }
        if !c.notes.is_empty() {
            lines.push(format!("NOTE:{}", esc(&c.notes)));
        }
        lines.push(format!("UID:urn:uuid:{}", c.id));
        lines.push("END:VCARD".into());
        for l in lines {
            crate::analysis::ics::fold_line(&l, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::vcard::{self, Card};
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
    }

    fn ids() -> impl FnMut() -> ContactId {
        let mut n = 0u8;
        move || {
            n = n.wrapping_add(1);
            ContactId::from_random_bytes([n; 16])
        }
    }

    #[test]
    fn google_outlook_and_turkish_semicolon_csv() {
        let google = "Name,Given Name,Family Name,E-mail 1 - Value,Phone 1 - Value,Organization 1 - Name,Group Membership,Notes\n\
Şule Yılmaz,Şule,Yılmaz,sule@example.com,+90 532 111 22 33,Yılmaz Ltd,* myContacts ::: vip,\"two\nlines\"\n";
        let rows = read_csv(google.as_bytes()).unwrap();
        let map = guess_mapping(&rows[0]);
        assert_eq!(
            &map[..4],
            &[
                Target::Name,
                Target::GivenName,
                Target::FamilyName,
                Target::Email
            ]
        );
        let cs: Vec<Contact> = rows_to_contacts(&rows[1..], &map, now(), ids())
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert_eq!(cs[0].display_name, "Şule Yılmaz");
        assert_eq!(cs[0].tags, ["myContacts", "vip"]);
        assert_eq!(cs[0].notes, "two\nlines");
        let outlook = "\u{feff}First Name;Last Name;Company;E-mail Address;Mobile Phone;Business City;Categories\r\nİbrahim;Öztürk;Kaya İnşaat;ibo@kaya.com.tr;0532 111 22 33;İzmir;muhasebe\r\n;;;;;;\r\n";
        let rows = read_csv(outlook.as_bytes()).unwrap();
        let out = rows_to_contacts(&rows[1..], &guess_mapping(&rows[0]), now(), ids());
        let c = out[0].as_ref().unwrap();
        assert_eq!(c.display_name, "İbrahim Öztürk");
        assert_eq!(c.city(), "İzmir");
        assert_eq!(out[1], Err(RowError::NoName { row: 3 }));
        let turkish =
            "Ad Soyad;E-posta;Telefon;Şehir\nAyşe Kaya;ayse@kaya.com;0212 555 00 00;İstanbul\n";
        let rows = read_csv(turkish.as_bytes()).unwrap();
        assert_eq!(
            guess_mapping(&rows[0]),
            [Target::Name, Target::Email, Target::Phone, Target::City]
        );
        let out = rows_to_contacts(&rows[1..], &guess_mapping(&rows[0]), now(), ids());
        assert_eq!(out[0].as_ref().unwrap().phones[0].label, "work");
    }

    #[test]
    fn an_empty_file_has_no_rows_and_every_target_has_its_own_key() {
        assert_eq!(read_csv(b""), Err(CsvError::NoRows));
        assert_eq!(read_csv(&[0xEF, 0xBB, 0xBF]), Err(CsvError::NoRows));
        for t in Target::ALL {
            assert_eq!(Target::from_key(t.key()), Some(t), "{t:?}");
        }
        assert_eq!(Target::Name.key(), "Name");
        assert_eq!(Target::from_key("Ad Soyad"), None);
    }

    #[test]
    fn turkish_column_names_of_spreadsheets_phones_google_and_outlook() {
        use Target::*;
        for (header, target) in [
            ("Cep Telefonu", Phone),
            ("Cep", Phone),
            ("GSM", Phone),
            ("İş Telefonu", Phone),
            ("Ev Telefonu", Phone),
            ("Faks", Phone),
            ("E-posta Adresi", Email),
            ("Web Sitesi", Website),
            ("Doğum Tarihi", Birthday),
            ("Notlar", Notes),
            ("İlçe", Region),
            ("Posta Kodu", Postcode),
            ("Ülke", Country),
            // Google Contacts exported in Turkish
            ("E-posta 1 - Değer", Email),
            ("Telefon 1 - Değer", Phone),
            ("Kuruluş 1 - Ad", Organisation),
            ("Kuruluş 1 - Unvan", JobTitle),
            ("Adres 1 - Sokak", Street),
            ("Adres 1 - Şehir", City),
            ("Adres 1 - Posta Kodu", Postcode),
            ("Adres 1 - Ülke", Country),
            ("Grup Üyeliği", Tags),
            ("Web Sitesi 1 - Değer", Website),
            // Outlook in Turkish
            ("Şirket", Organisation),
            ("İş Unvanı", JobTitle),
            ("İş Adresi Sokak", Street),
            ("İş Adresi Şehir", City),
            ("Kategoriler", Tags),
            ("Web Sayfası", Website),
            ("Doğum Günü", Birthday),
            ("Soyadı", FamilyName),
            ("Adı", GivenName),
            ("İkinci Ad", Ignore),
        ] {
            assert_eq!(guess_mapping(&[header.to_string()]), [target], "{header}");
        }
        let csv = "Adı;Soyadı;Cep Telefonu;İş Telefonu;İlçe;Ülke\nŞule;Işık;0532 111 22 33;0216 333 44 55;Kadıköy;Türkiye\n";
        let rows = read_csv(csv.as_bytes()).unwrap();
        let c = rows_to_contacts(&rows[1..], &guess_mapping(&rows[0]), now(), ids())
            .remove(0)
            .unwrap();
        assert_eq!(c.display_name, "Şule Işık");
        let labels: Vec<&str> = c.phones.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["mobile", "work"]);
        assert_eq!(c.addresses[0].region, "Kadıköy");
    }

    #[test]
    fn duplicates_by_email_or_phone_and_merging_adds_without_overwriting() {
        let mut existing =
            Contact::new(ContactId::from_random_bytes([200; 16]), "Ayşe Kaya", now());
        existing.emails.push(Labeled {
            label: "work".into(),
            value: "Ayse@Kaya.com".into(),
        });
        existing.phones.push(Labeled {
            label: "mobile".into(),
            value: "+90 532 111 22 33".into(),
        });
        existing.notes = "mine".into();
        let book = Book::from_contacts([existing.clone()]);
        let text = "BEGIN:VCARD\nFN:A. Kaya\nEMAIL:ayse@kaya.com\nTEL:05321112233\nTITLE:CFO\nNOTE:theirs\nEND:VCARD\nBEGIN:VCARD\nFN:Other\nTEL:0532 111 22 33\nEND:VCARD\nBEGIN:VCARD\nFN:New\nEMAIL:new@x.com\nEND:VCARD\n";
        let incoming: Vec<Contact> = vcard::parse(text, now(), ids())
            .into_iter()
            .filter_map(|c| if let Card::Ok(c) = c { Some(*c) } else { None })
            .collect();
        let dups = find_duplicates(&book, &incoming);
        assert_eq!(dups, vec![Some(existing.id), Some(existing.id), None]);
        let out = resolve(
            &book,
            &incoming,
            &dups,
            &[Choice::Merge, Choice::Skip, Choice::Skip],
            now(),
        );
        assert_eq!(out.len(), 2);
        let merged = out.iter().find(|c| c.id == existing.id).unwrap();
        assert_eq!(merged.display_name, "Ayşe Kaya", "the name here is kept");
        assert_eq!(merged.job_title, "CFO", "an empty field is filled");
        assert_eq!(
            merged.emails.len(),
            1,
            "the same address differently cased is not added"
        );
        assert_eq!(
            merged.phones.len(),
            1,
            "the same number differently written is not added"
        );
        assert_eq!(merged.notes, "mine\n\ntheirs");
        let all = resolve(&book, &incoming, &dups, &[Choice::CreateAnyway; 3], now());
        assert_eq!(all.len(), 3);
    }

    #[test]
    fn vcard3_export_reads_back() {
        let mut c = Contact::new(
            ContactId::from_random_bytes([1; 16]),
            "Şule; Yılmaz, Jr.",
            now(),
        );
        c.emails.push(Labeled {
            label: "work".into(),
            value: "sule@example.com".into(),
        });
        c.phones.push(Labeled {
            label: "mobile".into(),
            value: "+90 532 111 22 33".into(),
        });
        c.notes = "Satır 1\nSatır 2 ".repeat(10);
        c.tags = vec!["vip".into(), "muhasebe".into()];
        let text = to_vcard3([(&c, Some("Kaya, Ltd"))]);
        assert!(text.lines().all(|l| l.len() <= 75));
        let back = match vcard::parse(&text, now(), ids()).remove(0) {
            Card::Ok(b) => b,
            other => panic!("{other:?}"),
        };
        assert_eq!(back.display_name, c.display_name);
        assert_eq!(back.emails[0].value, "sule@example.com");
        assert_eq!(back.phones[0].label, "mobile");
        assert_eq!(back.notes, c.notes.trim(), "values are trimmed on import");
        assert_eq!(back.tags, c.tags);
        assert_eq!(
            back.organisation,
            Some(Organisation::Named("Kaya, Ltd".into()))
        );
    }

    #[test]
    fn vcard3_export_keeps_control_characters_from_breaking_lines() {
        let mut c = Contact::new(
            ContactId::from_random_bytes([2; 16]),
            "Ali\r\nEND:VCARD\rBEGIN:VCARD",
            now(),
        );
        c.given_name = "Ali\u{0}\u{7}".into();
        c.family_name = "Kaya\u{1b}[31m".into();
        c.job_title = "Müdür\tyardımcısı".into();
        c.emails.push(Labeled {
            label: "work:x;TYPE=home\r\n".into(),
            value: "ali@example.com\u{b}\u{c}".into(),
        });
        c.phones.push(Labeled {
            label: "mobile".into(),
            value: "+90\r532".into(),
        });
        c.notes = "a\r\nb\rc\nd\u{85}e\u{7f}f\u{1}g".into();
        c.tags = vec!["vip\rNOTE:x".into()];
        let text = to_vcard3([(&c, Some("Kaya\r\nLtd"))]);
        // Every physical line ends in CRLF and holds no other control character.
        assert!(text.ends_with("\r\n"));
        for line in text.trim_end_matches("\r\n").split("\r\n") {
            assert!(!line.chars().any(|ch| ch.is_control()), "{line:?}");
        }
        // The label can neither end the parameters nor add one.
        assert!(
            text.contains("EMAIL;TYPE=INTERNET,WORKXTYPEHOME:"),
            "{text}"
        );
        let cards = vcard::parse(&text, now(), ids());
        assert_eq!(cards.len(), 1, "one card, not two: {cards:?}");
        let back = match cards.into_iter().next() {
            Some(Card::Ok(b)) => b,
            other => panic!("{other:?}"),
        };
        // What a reader gets back: line ends as LF, a tab as a space, other controls gone.
        let clean = |s: &str| -> String {
            s.replace("\r\n", "\n")
                .replace('\r', "\n")
                .replace('\t', " ")
                .chars()
                .filter(|ch| *ch == '\n' || !ch.is_control())
                .collect()
        };
        assert_eq!(back.display_name, clean(&c.display_name));
        assert_eq!(back.display_name, "Ali\nEND:VCARD\nBEGIN:VCARD");
        assert_eq!(back.given_name, "Ali");
        assert_eq!(back.family_name, clean(&c.family_name));
        assert_eq!(back.job_title, "Müdür yardımcısı");
        assert_eq!(back.emails[0].value, "ali@example.com");
        assert_eq!(back.emails[0].label, "other");
        assert_eq!(back.phones[0].value, "+90\n532");
        assert_eq!(back.phones[0].label, "mobile");
        assert_eq!(back.notes, clean(&c.notes));
        assert_eq!(back.notes, "a\nb\nc\ndefg");
        assert_eq!(back.tags, vec![clean(&c.tags[0])]);
        assert_eq!(
            back.organisation,
            Some(Organisation::Named("Kaya\nLtd".into()))
        );
    }
}
