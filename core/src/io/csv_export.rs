//! Contacts as CSV for spreadsheets and mail merges.

use crate::Contact;

/// Cells a spreadsheet would run as a formula get a leading `'` (OWASP CSV injection).
pub fn defuse(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

fn quote(cell: &str) -> String {
    let cell = defuse(cell);
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell
    }
}

pub const HEADERS: [&str; 12] = [
    "Name",
    "Given name",
    "Family name",
    "Organisation",
    "Job title",
    "E-mail",
    "Phone",
    "City",
    "Country",
    "Tags",
    "Stage",
    "Notes",
];

/// UTF-8 with a byte-order mark (so Excel reads Turkish letters right), CRLF line ends.
pub fn contacts_csv<'a>(
    contacts: impl IntoIterator<Item = (&'a Contact, Option<&'a str>)>,
) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&HEADERS.join(","));
    out.push_str("\r\n");
    for (c, org) in contacts {
        let cells = [
            c.display_name.as_str(),
            &c.given_name,
            &c.family_name,
            org.unwrap_or(""),
            &c.job_title,
            c.emails.first().map(|e| e.value.as_str()).unwrap_or(""),
            c.phones.first().map(|p| p.value.as_str()).unwrap_or(""),
            c.city(),
            c.addresses
                .first()
                .map(|a| a.country.as_str())
                .unwrap_or(""),
            &c.tags.join(", "),
            c.stage.label(),
            &c.notes,
        ];
        out.push_str(&cells.iter().map(|s| quote(s)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ContactId;
    use chrono::{TimeZone, Utc};

    #[test]
    fn formulas_are_defused_and_cells_quoted() {
        for (input, expected) in [
            ("=1+2", "'=1+2"),
            ("+90 532", "'+90 532"),
            ("-5", "'-5"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("Ayşe", "Ayşe"),
        ] {
            assert_eq!(defuse(input), expected);
        }
        let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let mut c = Contact::new(
            ContactId::from_random_bytes([1; 16]),
            "=HYPERLINK(\"http://x\")",
            now,
        );
        c.notes = "line 1\nline \"2\"".into();
        let csv = contacts_csv([(&c, Some("Kaya, Ltd"))]);
        assert!(csv.starts_with("\u{feff}Name,"));
        assert!(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{csv}");
        assert!(csv.contains("\"Kaya, Ltd\""));
        assert!(csv.contains("\"line 1\nline \"\"2\"\"\""));
    }
}
