//! A contact's timeline grouped by month, newest first.

use super::Tz;
use crate::Interaction;

/// `(year, month)` of a group, in the user's time zone (the UI names the month).
pub type YearMonth = (i32, u32);

/// Groups interactions (any order) by local month, newest month first and newest first
/// within a month. Deleted interactions are left out.
pub fn by_month<'a>(items: &[&'a Interaction], tz: Tz) -> Vec<(YearMonth, Vec<&'a Interaction>)> {
    use chrono::Datelike;
    let mut sorted: Vec<&Interaction> = items.iter().copied().filter(|i| !i.is_deleted()).collect();
    crate::sort::by(&mut sorted, |a, b| b.at.cmp(&a.at).then(b.id.cmp(&a.id)));
    let mut out: Vec<(YearMonth, Vec<&Interaction>)> = Vec::new();
    for i in sorted {
        let d = tz.local_date(i.at);
        let key = (d.year(), d.month());
        match out.last_mut() {
            Some((k, v)) if *k == key => v.push(i),
            _ => out.push((key, vec![i])),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Channel, ContactId, Direction, InteractionId, InteractionKind};
    use chrono::{TimeZone, Utc};

    fn at(n: u8, y: i32, m: u32, d: u32, h: u32) -> Interaction {
        let t = Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap();
        Interaction {
            id: InteractionId::from_random_bytes([n; 16]),
            contact_id: ContactId::from_random_bytes([1; 16]),
            at: t,
            time_known: true,
            channel: Channel::Phone,
            direction: Direction::Outbound,
            kind: InteractionKind::Call,
            summary: format!("#{n}"),
            details: String::new(),
            amount: None,
            product: String::new(),
            status: None,
            deal_id: None,
            created_at: t,
            updated_at: t,
            deleted_at: None,
            rev: Default::default(),
            revisions: Default::default(),
            conflicts: Vec::new(),
        }
    }

    #[test]
    fn groups_newest_first_in_local_months() {
        let a = at(1, 2026, 1, 15, 9);
        let b = at(2, 2026, 1, 31, 22); // 1 February 01:00 in İstanbul
        let c = at(3, 2026, 3, 1, 9);
        let mut d = at(4, 2026, 3, 2, 9);
        d.deleted_at = Some(d.at);
        let items = [&a, &b, &c, &d];
        let utc: Vec<_> = by_month(&items, Tz(0))
            .into_iter()
            .map(|(k, v)| (k, v.len()))
            .collect();
        assert_eq!(utc, vec![((2026, 3), 1), ((2026, 1), 2)]);
        let ist: Vec<_> = by_month(&items, Tz(180))
            .into_iter()
            .map(|(k, v)| (k, v.iter().map(|i| i.summary.clone()).collect::<Vec<_>>()))
            .collect();
        assert_eq!(
            ist,
            vec![
                ((2026, 3), vec!["#3".to_string()]),
                ((2026, 2), vec!["#2".into()]),
                ((2026, 1), vec!["#1".into()])
            ]
        );
    }
}
