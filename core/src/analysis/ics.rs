//! iCalendar (RFC 5545) for "Add to calendar": one all-day event per follow-up.

use crate::FollowUp;
use chrono::{DateTime, Utc};

/// Escapes TEXT values (RFC 5545 §3.3.11).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets without splitting a UTF-8 character (RFC 5545
/// §3.1; vCard uses the same rule) and ends it with CRLF.
pub fn fold_line(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

/// A calendar with one all-day event on the follow-up's due date, titled `summary` (the
/// UI words it in the user's language, e.g. "Follow up: Ayşe Yılmaz — send the offer").
pub fn follow_up_event(f: &FollowUp, summary: &str, now: DateTime<Utc>) -> String {
    let start = f.due.format("%Y%m%d");
    let end = super::add_days(f.due, 1).format("%Y%m%d");
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        "PRODID:-//Bakkal//Bakkal CRM//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        "BEGIN:VEVENT".into(),
        format!("UID:{}@bakkal", f.id),
        format!("DTSTAMP:{}", now.format("%Y%m%dT%H%M%SZ")),
        format!("DTSTART;VALUE=DATE:{start}"),
        format!("DTEND;VALUE=DATE:{end}"),
        format!("SUMMARY:{}", escape(summary)),
        format!("DESCRIPTION:{}", escape(&f.note)),
        "TRANSP:TRANSPARENT".into(),
        "END:VEVENT".into(),
        "END:VCALENDAR".into(),
    ] {
        fold_line(&line, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ContactId, FollowUpId};
    use chrono::{NaiveDate, TimeZone};

    #[test]
    fn an_all_day_event_with_escaped_folded_text() {
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 30, 0).unwrap();
        let f = FollowUp {
            id: FollowUpId::from_random_bytes([5; 16]),
            contact_id: ContactId::from_random_bytes([1; 16]),
            due: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
            note: "Teklif; fiyat, KDV\nve İŞ planı ".repeat(5),
            interaction_id: None,
            done_at: None,
            created_at: now,
            updated_at: now,
            deleted_at: None,
            rev: Default::default(),
            revisions: Default::default(),
            conflicts: Vec::new(),
        };
        let summary = format!("Takip: Şule Yılmaz — {}", f.note.trim());
        let ics = follow_up_event(&f, &summary, now);
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.contains("DTSTART;VALUE=DATE:20261231\r\n"));
        assert!(ics.contains("DTEND;VALUE=DATE:20270101\r\n"));
        assert!(ics.contains("DTSTAMP:20261124T093000Z\r\n"));
        assert!(ics.contains("SUMMARY:Takip: Şule Yılmaz — Teklif\\; fiyat\\, KDV\\nve"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "line over 75 octets: {line:?}");
        }
        // Unfolding gives back the escaped text.
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains(&escape(&f.note)));
    }
}
