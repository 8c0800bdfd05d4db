//! Contacts and deals as CSV for spreadsheets and mail merges.

use crate::model::deal::{Deal, DealStatus, Pipeline};
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

/// A table as CSV: UTF-8 with a byte-order mark (so Excel reads Turkish letters right),
/// CRLF line ends, every cell quoted as needed and defused.
pub fn table_csv<R: AsRef<str>>(
    headers: &[&str],
    rows: impl IntoIterator<Item = impl IntoIterator<Item = R>>,
) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(
        &headers
            .iter()
            .map(|h| quote(h))
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push_str("\r\n");
    for row in rows {
        let cells: Vec<String> = row.into_iter().map(|c| quote(c.as_ref())).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

pub fn contacts_csv<'a>(
    contacts: impl IntoIterator<Item = (&'a Contact, Option<&'a str>)>,
) -> String {
    table_csv(
        &HEADERS,
        contacts.into_iter().map(|(c, org)| {
            [
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
            ]
            .map(str::to_string)
        }),
    )
}

/// Names the UI gives a deal's row, in its language: the contact's, the stage's and the lost
/// reason's (empty unless lost).
#[derive(Debug, Clone, Copy)]
pub struct DealNames<'a> {
    pub contact: &'a str,
    pub stage: &'a str,
    pub reason: &'a str,
}

/// The columns of the deals' CSV, in order (the UI names them in its language).
pub const DEAL_COLUMNS: usize = 13;

/// One deal's cells: title, contact, stage, status (`open` / `won` / `lost`), amount as a
/// plain number (`1234.56`: any spreadsheet reads it), currency, probability in percent,
/// weighted amount, expected close, created (local date), decided on, lost reason, notes.
pub fn deal_cells(
    d: &Deal,
    pipeline: &Pipeline,
    names: DealNames<'_>,
    created: chrono::NaiveDate,
) -> [String; DEAL_COLUMNS] {
    let DealNames {
        contact,
        stage,
        reason,
    } = names;
    let plain = |m: Option<crate::Money>| {
        m.map(|m| crate::model::interaction_draft::format_plain(m.minor))
            .unwrap_or_default()
    };
    let (status, on) = match &d.status {
        DealStatus::Open => ("open", None),
        DealStatus::Won { on } => ("won", Some(*on)),
        DealStatus::Lost { on, .. } => ("lost", Some(*on)),
    };
    let value = d.value();
    [
        d.title.clone(),
        contact.to_string(),
        stage.to_string(),
        status.to_string(),
        plain(value.clone()),
        value.map(|v| v.currency).unwrap_or_default(),
        d.probability(pipeline).to_string(),
        plain(d.weighted(pipeline)),
        d.expected_close.map(|c| c.to_string()).unwrap_or_default(),
        created.to_string(),
        on.map(|o| o.to_string()).unwrap_or_default(),
        reason.to_string(),
        d.notes.clone(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ContactId;
    use chrono::{TimeZone, Utc};

    #[test]
    fn deals_as_csv_with_plain_amounts_and_defused_cells() {
        use crate::model::deal::{DealId, StageId};
        use chrono::NaiveDate;
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        let mut d = Deal::new(
            DealId::from_random_bytes([1; 16]),
            ContactId::from_random_bytes([2; 16]),
            "=Denetim, \"yıllık\"",
            StageId::new("proposal"),
            now,
        );
        d.amount = Some(crate::Money::new(1_875_050, "TRY"));
        d.expected_close = NaiveDate::from_ymd_opt(2026, 12, 15);
        d.mark_lost(
            NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(),
            "price",
            "",
            now,
        )
        .unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let cells = deal_cells(
            &d,
            &Pipeline::default(),
            DealNames {
                contact: "Yılmaz A.Ş.",
                stage: "Proposal sent",
                reason: "Price",
            },
            day,
        );
        let text = table_csv(&["Deal", "Contact"], [cells.clone()]);
        assert!(text.starts_with("\u{feff}Deal,Contact\r\n"));
        assert!(text.contains("\"'=Denetim, \"\"yıllık\"\"\",Yılmaz A.Ş.,Proposal sent,lost,18750.50,TRY,50,9375.25,2026-12-15,2026-12-01,2026-12-02,Price,\r\n"), "{text}");
        assert_eq!(cells.len(), DEAL_COLUMNS);
    }

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
