//! vCard 2.1, 3.0 and 4.0 import: folded lines, quoted-printable in UTF-8 and other
//! charsets, escaped characters, several EMAIL/TEL with types, ORG, TITLE, ADR, BDAY, NOTE,
//! CATEGORIES as tags; photos and keys skipped; UTF-16 files; many cards per file. A broken
//! card is reported with its number and reason while the good ones can still be imported.

use crate::{Address, Contact, ContactId, Kind, Labeled, Organisation};
use chrono::{DateTime, NaiveDate, Utc};

/// One card's outcome.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Card {
    Ok(Box<Contact>),
    Broken { number: usize, reason: String },
}

/// Text from a file's bytes: UTF-16 (with or without BOM), UTF-8 (BOM dropped), or else
/// Windows-1254 (Turkish Windows), which also covers Latin-1 for Western names.
pub fn decode_file(bytes: &[u8]) -> String {
    let utf16 = |le: bool, b: &[u8]| {
        let units: Vec<u16> = b
            .chunks_exact(2)
            .map(|p| {
                if le {
                    u16::from_le_bytes([p[0], p[1]])
                } else {
                    u16::from_be_bytes([p[0], p[1]])
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    };
    match bytes {
        [0xFF, 0xFE, rest @ ..] => utf16(true, rest),
        [0xFE, 0xFF, rest @ ..] => utf16(false, rest),
        [0xEF, 0xBB, 0xBF, rest @ ..] => decode_charset(rest, "utf-8"),
        [a, 0, ..] if *a != 0 => utf16(true, bytes),
        [0, b, ..] if *b != 0 => utf16(false, bytes),
        _ => decode_charset(bytes, "utf-8"),
    }
}

/// Windows-1252 / 1254 for 0x80–0x9F (the rest of those code pages is Latin-1 / Latin-5).
const CP125X_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', '\u{8e}',
    '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
    '\u{9e}', 'Ÿ',
];

/// Bytes in a named charset as text. Unknown charsets are read as UTF-8 when valid, else
/// as Windows-1254.
pub fn decode_charset(bytes: &[u8], charset: &str) -> String {
    let cs = charset.trim().to_ascii_lowercase();
    if cs == "utf-8" || cs == "utf8" || cs.is_empty() {
        if let Ok(s) = std::str::from_utf8(bytes) {
            return s.to_string();
        }
    }
    let turkish = !matches!(
        cs.as_str(),
        "iso-8859-1" | "latin1" | "windows-1252" | "cp1252" | "us-ascii"
    );
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F if !cs.starts_with("iso") => CP125X_HIGH[(b - 0x80) as usize],
            0xD0 if turkish => 'Ğ',
            0xDD if turkish => 'İ',
            0xDE if turkish => 'Ş',
            0xF0 if turkish => 'ğ',
            0xFD if turkish => 'ı',
            0xFE if turkish => 'ş',
            b => b as char,
        })
        .collect()
}

fn qp_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(v) = hex {
                out.push(v);
                i += 3;
                continue;
            }
        }
        if b[i] == b'=' && i + 1 == b.len() {
            break; // a soft line break left at the end
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

/// A property: name (upper case, group dropped), parameters, raw value.
struct Prop {
    name: String,
    params: Vec<(String, String)>,
    value: String,
}

impl Prop {
    fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// All type values, lower case (`TYPE=work,voice`, `TYPE=work;TYPE=cell`, 2.1's bare `CELL`).
    fn types(&self) -> Vec<String> {
        self.params
            .iter()
            .filter(|(k, _)| k == "TYPE")
            .flat_map(|(_, v)| {
                v.split(',')
                    .map(|t| t.trim().trim_matches('"').to_ascii_lowercase())
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    fn is_qp(&self) -> bool {
        self.param("ENCODING")
            .is_some_and(|e| e.eq_ignore_ascii_case("QUOTED-PRINTABLE"))
    }

    /// The value's text, decoded (quoted-printable and charset) but still escaped.
    fn text(&self) -> String {
        if self.is_qp() {
            decode_charset(
                &qp_decode(&self.value),
                self.param("CHARSET").unwrap_or("utf-8"),
            )
        } else {
            self.value.clone()
        }
    }
}

/// Splits on `sep` not preceded by a backslash, then unescapes each part.
fn split_unescape(s: &str, sep: char) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') | Some('N') => parts.last_mut().map(|p| p.push('\n')).unwrap_or(()),
                Some(o) => parts.last_mut().map(|p| p.push(o)).unwrap_or(()),
                None => {}
            },
            c if c == sep => parts.push(String::new()),
            c => parts.last_mut().map(|p| p.push(c)).unwrap_or(()),
        }
    }
    parts.into_iter().map(|p| p.trim().to_string()).collect()
}

fn unescape(s: &str) -> String {
    split_unescape(s, '\u{0}').join("")
}

fn parse_line(line: &str) -> Option<Prop> {
    // The name and parameters end at the first ':' outside double quotes.
    let mut in_quotes = false;
    let colon = line
        .char_indices()
        .find(|&(_, c)| {
            if c == '"' {
                in_quotes = !in_quotes;
            }
            c == ':' && !in_quotes
        })?
        .0;
    let (head, value) = (&line[..colon], &line[colon + 1..]);
    let mut parts = head.split(';');
    let name = parts
        .next()?
        .rsplit('.')
        .next()?
        .trim()
        .to_ascii_uppercase();
    let params = parts
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (
                k.trim().to_ascii_uppercase(),
                v.trim().trim_matches('"').to_string(),
            ),
            // vCard 2.1: bare parameters are types, or an encoding.
            None => {
                let p = p.trim().to_ascii_uppercase();
                match p.as_str() {
                    "QUOTED-PRINTABLE" | "BASE64" | "B" => ("ENCODING".into(), p),
                    _ => ("TYPE".into(), p),
                }
            }
        })
        .collect();
    Some(Prop {
        name,
        params,
        value: value.to_string(),
    })
}

/// Logical lines: folded continuations joined, quoted-printable soft breaks joined.
fn unfold(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for raw in text.split('\n') {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let qp_open = out.last().is_some_and(|l| {
            l.ends_with('=')
                && l.split(':')
                    .next()
                    .is_some_and(|h| h.to_ascii_uppercase().contains("QUOTED-PRINTABLE"))
        });
        if qp_open {
            if let Some(last) = out.last_mut() {
                last.pop();
                last.push_str(line.trim_start());
            }
        } else if (line.starts_with(' ') || line.starts_with('\t')) && !out.is_empty() {
            if let Some(last) = out.last_mut() {
                last.push_str(&line[1..]);
            }
        } else {
            out.push(line.to_string());
        }
    }
    out
}

fn label_of(types: &[String], phone: bool) -> String {
    for (t, label) in [
        ("cell", "mobile"),
        ("mobile", "mobile"),
        ("fax", "fax"),
        ("work", "work"),
        ("home", "home"),
    ] {
        if types.iter().any(|x| x == t) && (phone || t != "cell") {
            return label.into();
        }
    }
    "other".into()
}

fn birthday(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
    if let Some(md) = s.strip_prefix("--") {
        // Year unknown (vCard 4.0): kept as 1900, shown without an age.
        let md: String = md.chars().filter(|c| c.is_ascii_digit()).collect();
        return NaiveDate::from_ymd_opt(
            1900,
            md.get(0..2)?.parse().ok()?,
            md.get(2..4)?.parse().ok()?,
        );
    }
    NaiveDate::from_ymd_opt(
        digits.get(0..4)?.parse().ok()?,
        digits.get(4..6)?.parse().ok()?,
        digits.get(6..8)?.parse().ok()?,
    )
}

fn card_to_contact(props: &[Prop], id: ContactId, now: DateTime<Utc>) -> Result<Contact, String> {
    let mut c = Contact::new(id, "", now);
    let mut notes = Vec::new();
    for p in props {
        let text = p.text();
        match p.name.as_str() {
            "FN" => c.display_name = unescape(&text),
            "N" => {
                let n = split_unescape(&text, ';');
                c.family_name = n.first().cloned().unwrap_or_default();
                c.given_name = n.get(1).cloned().unwrap_or_default();
            }
            "EMAIL" => {
                let v = unescape(&text);
                if !v.is_empty() {
                    c.emails.push(Labeled {
                        label: label_of(&p.types(), false),
                        value: v,
                    });
                }
            }
            "TEL" => {
                let v = unescape(&text);
                let v = v.strip_prefix("tel:").unwrap_or(&v).to_string();
                if !v.is_empty() {
                    c.phones.push(Labeled {
                        label: label_of(&p.types(), true),
                        value: v,
                    });
                }
            }
            "ORG" => {
                let parts: Vec<String> = split_unescape(&text, ';')
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect();
                if !parts.is_empty() {
                    c.organisation = Some(Organisation::Named(parts.join(", ")));
                }
            }
            "TITLE" => c.job_title = unescape(&text),
            "ADR" => {
                let a = split_unescape(&text, ';');
                let get = |i: usize| a.get(i).cloned().unwrap_or_default();
                let street = [get(1), get(2)]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ");
                let addr = Address {
                    label: label_of(&p.types(), false),
                    street,
                    city: get(3),
                    region: get(4),
                    postcode: get(5),
                    country: get(6),
                };
                if !addr.is_empty() {
                    c.addresses.push(addr);
                }
            }
            "BDAY" => c.birthday = birthday(&text),
            "NOTE" => notes.push(unescape(&text).replace("\r\n", "\n")),
            "CATEGORIES" => {
                for t in split_unescape(&text, ',') {
                    if !t.is_empty() && !c.tags.contains(&t) {
                        c.tags.push(t);
                    }
                }
            }
            "URL" if c.website.is_empty() => c.website = unescape(&text),
            // PHOTO, LOGO, KEY, SOUND and X- properties are skipped.
            _ => {}
        }
    }
    c.notes = notes.join("\n\n");
    if c.display_name.trim().is_empty() {
        let from_n = format!("{} {}", c.given_name, c.family_name)
            .trim()
            .to_string();
        c.display_name = if !from_n.is_empty() {
            from_n
        } else if let Some(Organisation::Named(o)) = &c.organisation {
            c.kind = Kind::Organisation;
            o.clone()
        } else if let Some(e) = c.emails.first() {
            e.value.clone()
        } else if let Some(t) = c.phones.first() {
            t.value.clone()
        } else {
            return Err("it has no name, organisation, e-mail or phone".into());
        };
    }
    c.display_name = c.display_name.trim().to_string();
    Ok(c)
}

/// Reads every card in `text`. `new_id` gives each contact its id.
pub fn parse(text: &str, now: DateTime<Utc>, mut new_id: impl FnMut() -> ContactId) -> Vec<Card> {
    let mut cards = Vec::new();
    let mut current: Option<Vec<Prop>> = None;
    let mut number = 0;
    for line in unfold(text) {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let upper = trimmed.to_ascii_uppercase();
        if upper == "BEGIN:VCARD" {
            if current.take().is_some() {
                cards.push(Card::Broken {
                    number,
                    reason: "it has no END:VCARD before the next card".into(),
                });
            }
            number += 1;
            current = Some(Vec::new());
        } else if upper == "END:VCARD" {
            if let Some(props) = current.take() {
                cards.push(match card_to_contact(&props, new_id(), now) {
                    Ok(c) => Card::Ok(Box::new(c)),
                    Err(reason) => Card::Broken { number, reason },
                });
            }
        } else if let Some(props) = current.as_mut() {
            if let Some(p) = parse_line(trimmed) {
                props.push(p);
            }
        }
    }
    if current.is_some() {
        cards.push(Card::Broken {
            number,
            reason: "the file ends before its END:VCARD".into(),
        });
    }
    cards
}

/// Whether a chosen file is vCards rather than CSV: by its name (`.vcf`, `.vcard`, in any
/// case), or by its first line, for files exported without one.
pub fn is_vcard(file_name: &str, text: &str) -> bool {
    let name = file_name.to_lowercase();
    name.ends_with(".vcf")
        || name.ends_with(".vcard")
        || text
            .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
            .get(..11)
            .is_some_and(|head| head.eq_ignore_ascii_case("BEGIN:VCARD"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn read(bytes: &[u8]) -> Vec<Card> {
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        let mut n = 0u8;
        parse(&decode_file(bytes), now, || {
            n = n.wrapping_add(1);
            ContactId::from_random_bytes([n; 16])
        })
    }

    fn ok(cards: &[Card]) -> Vec<&Contact> {
        cards
            .iter()
            .filter_map(|c| {
                if let Card::Ok(c) = c {
                    Some(c.as_ref())
                } else {
                    None
                }
            })
            .collect()
    }

    const ANDROID: &[u8] = include_bytes!("../../../tests/corpus/ezvcard_John_Doe_ANDROID_v21.vcf");
    const OUTLOOK: &[u8] = include_bytes!("../../../tests/corpus/ezvcard_outlook-2007_v21.vcf");
    const RFC6350: &[u8] = include_bytes!("../../../tests/corpus/ezvcard_rfc6350-example_v40.vcf");

    #[test]
    fn android_export_quoted_printable_utf8_several_cards() {
        let cards = read(ANDROID);
        let people = ok(&cards);
        assert_eq!(people.len(), cards.len(), "no broken cards");
        assert!(people.len() >= 5);
        assert_eq!(
            people[0].display_name, "john.doe@company.com",
            "a card with only an e-mail is named by it"
        );
        assert_eq!(people[0].emails[0].value, "john.doe@company.com");
        assert_eq!(people[0].tags, ["My Contacts"]);
        assert_eq!(people[2].display_name, "Ñ Ñ Ñ Ñ Ñ");
        assert_eq!(
            people[2].phones[0],
            Labeled {
                label: "mobile".into(),
                value: "123456789".into()
            }
        );
        let many = people[3];
        assert_eq!(many.phones.len(), 4);
        assert_eq!(many.display_name, "Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ");
        assert!(
            many.notes.contains("Ñ Ñ Ñ") && many.notes.contains("\n\n"),
            "both NOTEs kept: {:?}",
            many.notes
        );
    }

    #[test]
    fn outlook_export_structured_fields_and_skipped_binary() {
        let cards = read(OUTLOOK);
        let people = ok(&cards);
        assert_eq!(people.len(), 1);
        let m = people[0];
        assert_eq!(m.display_name, "Mr. Michael Angstadt Jr.");
        assert_eq!(
            (m.given_name.as_str(), m.family_name.as_str()),
            ("Michael", "Angstadt")
        );
        assert_eq!(
            m.organisation,
            Some(Organisation::Named("TheCompany, TheDepartment".into()))
        );
        assert_eq!(m.job_title, "TheJobTitle");
        assert!(
            m.notes.starts_with("This is the NOTE field"),
            "{:?}",
            m.notes
        );
        assert!(m
            .notes
            .contains("I assume it encodes this text inside a NOTE vCard type."));
        let phones: Vec<(&str, &str)> = m
            .phones
            .iter()
            .map(|p| (p.label.as_str(), p.value.as_str()))
            .collect();
        assert_eq!(phones[0], ("work", "(111) 555-1111"));
        assert!(phones.contains(&("mobile", "(111) 555-4444")));
        assert!(phones.contains(&("fax", "(111) 555-3333")));
        assert_eq!(m.addresses[0].city, "New York");
        assert_eq!(m.addresses[0].street, "TheOffice, 222 Broadway");
        assert_eq!(m.addresses[0].country, "USA");
        assert_eq!(m.birthday, NaiveDate::from_ymd_opt(1922, 3, 10));
        assert_eq!(m.website, "http://mikeangstadt.name");
        assert!(!m.notes.contains("MIIB"), "the base64 KEY is skipped");
    }

    #[test]
    fn rfc6350_example_v4() {
        let cards = read(RFC6350);
        let s = ok(&cards)[0];
        assert_eq!(s.display_name, "Simon Perreault");
        assert_eq!(s.organisation, Some(Organisation::Named("Viagenie".into())));
        assert_eq!(s.phones[0].value, "+1-418-656-9254;ext=102");
        assert_eq!(s.phones[0].label, "work");
        assert_eq!(s.phones[1].label, "mobile");
        assert_eq!(
            s.emails[0],
            Labeled {
                label: "work".into(),
                value: "simon.perreault@viagenie.ca".into()
            }
        );
        assert_eq!(s.addresses[0].city, "Quebec");
        assert_eq!(s.addresses[0].postcode, "G1V 2M2");
        assert_eq!(s.birthday, NaiveDate::from_ymd_opt(1900, 2, 3));
    }

    #[test]
    fn turkish_quoted_printable_escapes_utf16_and_broken_cards() {
        let text = "BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C5=9Eule =C3=96zt=C3=BCrk\r\nTITLE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=42=61=C5=9F=6C=C4=B1=6B\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ali\\, Veli\r\nNOTE:line one\\nline two\\; more\r\nCATEGORIES:vip,muhasebe\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:nobody\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=ISO-8859-9;ENCODING=QUOTED-PRINTABLE:=DDsmail I=FE=FDk\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nFN:Cut off\r\n";
        let cards = read(text.as_bytes());
        let people = ok(&cards);
        assert_eq!(people[0].display_name, "Şule Öztürk");
        assert_eq!(people[0].job_title, "Başlık");
        assert_eq!(people[1].display_name, "Ali, Veli");
        assert_eq!(people[1].notes, "line one\nline two; more");
        assert_eq!(people[1].tags, ["vip", "muhasebe"]);
        assert_eq!(people[2].display_name, "İsmail Işık");
        assert!(
            matches!(&cards[2], Card::Broken { number: 3, reason } if reason.contains("no name"))
        );
        assert!(
            matches!(&cards[4], Card::Broken { number: 5, reason } if reason.contains("ends before"))
        );
        // The same file as UTF-16 with a BOM.
        let mut utf16 = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(read(&utf16), cards);
    }

    #[test]
    fn vcards_are_told_from_csv_by_name_or_first_line() {
        assert!(is_vcard("Kişiler.VCF", ""));
        assert!(is_vcard("export.vcard", "Name,Email"));
        assert!(is_vcard("contacts", "\u{feff}\r\n begin:vcard\r\nFN:Ali"));
        assert!(!is_vcard("contacts.csv", "Name,Email\nBEGIN:VCARD"));
        assert!(!is_vcard("contacts.csv", "BEGIN:VCAR"));
        assert!(!is_vcard("vcf.csv", "İsim,E-posta"));
    }
}
