//! The Today page: what the grocer would notice this morning.

use super::value::Facts;
use super::Clock;
use crate::book::Book;
use crate::{ContactId, FollowUp, Interaction};
use chrono::{Datelike, NaiveDate};

/// Birthdays this many days ahead (today included) are shown.
pub const BIRTHDAY_DAYS: i64 = 14;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenItem {
    pub interaction: Interaction,
    pub age_days: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quiet {
    pub contact: ContactId,
    pub usual_days: i64,
    /// Days since the last purchase when `purchases`, else since the last contact.
    pub days_since: i64,
    /// Whether `usual_days` is the buying rhythm (else the rhythm of all contact).
    pub purchases: bool,
    /// Lifetime revenue in the home currency (others converted at the user's rates), for
    /// ordering (most valuable first).
    pub revenue: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Birthday {
    pub contact: ContactId,
    pub on: NaiveDate,
    pub in_days: i64,
    /// The age they turn, when the birth year is known.
    pub turns: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Today {
    pub due_follow_ups: Vec<FollowUp>,
    pub open_items: Vec<OpenItem>,
    pub gone_quiet: Vec<Quiet>,
    pub birthdays: Vec<Birthday>,
}

/// Whether a contact has gone quiet: three or more days of activity, and the time since
/// the last one more than 1.5 times their usual gap and at least a week.
pub fn quiet_since(usual_days: i64, days_since: i64) -> bool {
    days_since >= 7 && (days_since as f64) > 1.5 * usual_days as f64
}

/// The next time `birthday` comes round, on or after `today` (29 February is kept on 28
/// February in other years).
pub fn next_birthday(birthday: NaiveDate, today: NaiveDate) -> Option<NaiveDate> {
    let in_year = |y: i32| {
        NaiveDate::from_ymd_opt(y, birthday.month(), birthday.day())
            .or_else(|| NaiveDate::from_ymd_opt(y, 2, 28))
    };
    let this_year = in_year(today.year())?;
    if this_year >= today {
        Some(this_year)
    } else {
        in_year(today.year() + 1)
    }
}

/// Computes the four sections. `follow_ups` and `open` may hold anything; deleted
/// records, and records of deleted contacts, are never shown. Who has gone quiet is read
/// from `facts` (each contact's rhythm and last dates, kept up to date per changed
/// contact), so Today never walks the histories.
pub fn today(
    book: &Book,
    facts: &Facts,
    follow_ups: &[FollowUp],
    open: &[Interaction],
    clock: Clock,
) -> Today {
    let tz = clock.tz;
    let today = clock.today();
    let live = |id: ContactId| book.get(id).is_some();

    let mut due_follow_ups: Vec<FollowUp> = follow_ups
        .iter()
        .filter(|f| f.is_open() && f.due <= today && live(f.contact_id))
        .cloned()
        .collect();
    crate::sort::by(&mut due_follow_ups, |a, b| {
        a.due.cmp(&b.due).then(a.created_at.cmp(&b.created_at))
    });

    let mut open_items: Vec<OpenItem> = open
        .iter()
        .filter(|i| i.is_open() && live(i.contact_id))
        .map(|i| OpenItem {
            age_days: (today - tz.local_date(i.at)).num_days().max(0),
            interaction: i.clone(),
        })
        .collect();
    crate::sort::by_key(&mut open_items, |o| o.interaction.at);

    let mut gone_quiet: Vec<Quiet> = facts
        .contacts
        .iter()
        .filter(|(id, _)| live(**id))
        .filter_map(|(&contact, f)| {
            let r = f.rhythm?;
            // Like with like: a buying rhythm against the last purchase, so a customer
            // who stopped buying but rang to complain still shows.
            let last = if r.purchases {
                f.last_purchase?
            } else {
                tz.local_date(f.last_contact?)
            };
            let days_since = (today - last).num_days();
            quiet_since(r.usual_days, days_since).then_some(Quiet {
                contact,
                usual_days: r.usual_days,
                days_since,
                purchases: r.purchases,
                revenue: f.revenue,
            })
        })
        .collect();
    crate::sort::by(&mut gone_quiet, |a, b| {
        b.revenue
            .cmp(&a.revenue)
            .then(b.days_since.cmp(&a.days_since))
            .then(a.contact.cmp(&b.contact))
    });

    let mut birthdays: Vec<Birthday> = book
        .iter()
        .filter_map(|c| {
            let b = c.birthday?;
            let on = next_birthday(b, today)?;
            let in_days = (on - today).num_days();
            (in_days < BIRTHDAY_DAYS).then(|| Birthday {
                contact: c.id,
                on,
                in_days,
                turns: (b.year() > 1900).then(|| on.year() - b.year()),
            })
        })
        .collect();
    crate::sort::by(&mut birthdays, |a, b| {
        a.on.cmp(&b.on).then(a.contact.cmp(&b.contact))
    });

    Today {
        due_follow_ups,
        open_items,
        gone_quiet,
        birthdays,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::history::Event;
    use crate::analysis::{value, Tz};
    use crate::{
        Channel, Contact, Direction, FollowUpId, InteractionId, InteractionKind, Money, Status,
    };
    use chrono::{DateTime, Utc};
    use chrono::{Duration, TimeZone};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
    }
    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    /// Today as the app computes it: from the book's facts.
    fn today_at(book: &Book, fus: &[FollowUp], open: &[Interaction], tz: Tz) -> Today {
        let facts = value::facts(book, &value::ValueSettings::default(), now(), tz);
        today(book, &facts, fus, open, Clock { now: now(), tz })
    }
    fn person(n: u8, name: &str) -> Contact {
        Contact::new(ContactId::from_random_bytes([n; 16]), name, now())
    }
    fn purchases(days_ago: &[i64], minor: i64) -> Vec<Event> {
        let mut v: Vec<Event> = days_ago
            .iter()
            .map(|&a| Event {
                id: InteractionId::from_random_bytes([a as u8; 16]),
                at: now() - Duration::days(a),
                kind: InteractionKind::Purchase,
                channel: Channel::Visit,
                amount: Some(Money::new(minor, "TRY")),
                product: String::new(),
                deal: None,
            })
            .collect();
        crate::sort::by_key(&mut v, |e| e.at);
        v
    }
    fn follow_up(n: u8, contact: ContactId, due: NaiveDate) -> FollowUp {
        FollowUp {
            id: FollowUpId::from_random_bytes([n; 16]),
            contact_id: contact,
            due,
            note: format!("fu{n}"),
            interaction_id: None,
            done_at: None,
            created_at: now(),
            updated_at: now(),
            deleted_at: None,
            rev: Default::default(),
            revisions: Default::default(),
            conflicts: Vec::new(),
        }
    }
    fn complaint(n: u8, contact: ContactId, days_ago: i64) -> Interaction {
        let at = now() - Duration::days(days_ago);
        Interaction {
            id: InteractionId::from_random_bytes([n; 16]),
            contact_id: contact,
            at,
            time_known: false,
            channel: Channel::Phone,
            direction: Direction::Inbound,
            kind: InteractionKind::Complaint,
            summary: format!("c{n}"),
            details: String::new(),
            amount: None,
            product: String::new(),
            status: Some(Status::Open),
            deal_id: None,
            created_at: at,
            updated_at: at,
            deleted_at: None,
            rev: Default::default(),
            revisions: Default::default(),
            conflicts: Vec::new(),
        }
    }

    #[test]
    fn sections_show_what_is_due_and_hide_deleted_contacts() {
        let ayse = person(1, "Ayşe");
        let mut gone = person(2, "Deleted");
        gone.tombstone(now());
        let book = Book::from_contacts([ayse.clone(), gone.clone()]);
        let fus = vec![
            follow_up(1, ayse.id, d(2026, 11, 25)), // tomorrow: not due
            follow_up(2, ayse.id, d(2026, 11, 24)), // today
            follow_up(3, ayse.id, d(2026, 11, 1)),  // overdue
            follow_up(4, gone.id, d(2026, 11, 1)),  // deleted contact: never shown
            {
                let mut f = follow_up(5, ayse.id, d(2026, 11, 2));
                f.mark_done(now());
                f
            },
        ];
        let open = vec![
            complaint(1, ayse.id, 3),
            complaint(2, ayse.id, 10),
            complaint(3, gone.id, 20),
            {
                let mut c = complaint(4, ayse.id, 30);
                c.resolve(d(2026, 11, 20), now());
                c
            },
        ];
        let t = today_at(&book, &fus, &open, Tz(180));
        let notes: Vec<&str> = t.due_follow_ups.iter().map(|f| f.note.as_str()).collect();
        assert_eq!(
            notes,
            ["fu3", "fu2"],
            "oldest first, done and future left out"
        );
        let items: Vec<(&str, i64)> = t
            .open_items
            .iter()
            .map(|o| (o.interaction.summary.as_str(), o.age_days))
            .collect();
        assert_eq!(items, [("c2", 10), ("c1", 3)]);
    }

    #[test]
    fn gone_quiet_needs_history_and_a_late_gap_and_ranks_by_value() {
        let a = person(1, "Monthly, late");
        let b = person(2, "Monthly, on time");
        let c = person(3, "Too little history");
        let e = person(4, "Weekly, 11 days");
        let f = person(5, "Bigger spender, late");
        let g = person(6, "Daily, 5 days");
        let mut book = Book::from_contacts([
            a.clone(),
            b.clone(),
            c.clone(),
            e.clone(),
            f.clone(),
            g.clone(),
        ]);
        book.set_history(a.id, purchases(&[135, 105, 75], 1000));
        book.set_history(b.id, purchases(&[70, 40, 10], 1000));
        book.set_history(c.id, purchases(&[300, 200], 1000));
        book.set_history(e.id, purchases(&[25, 18, 11], 1000));
        book.set_history(f.id, purchases(&[160, 130, 100], 9000));
        book.set_history(g.id, purchases(&[7, 6, 5], 1000));
        let t = today_at(&book, &[], &[], Tz(0));
        let got: Vec<(ContactId, i64, i64, bool)> = t
            .gone_quiet
            .iter()
            .map(|q| (q.contact, q.usual_days, q.days_since, q.purchases))
            .collect();
        assert_eq!(
            got,
            vec![
                (f.id, 30, 100, true),
                (a.id, 30, 75, true),
                (e.id, 7, 11, true),
            ],
            "5 days since a daily buyer is under a week: not shown"
        );
    }

    #[test]
    fn gone_quiet_ranks_by_converted_revenue_and_never_shows_a_deleted_contact() {
        let lira = person(1, "Bought in lira");
        let euro = person(2, "Bought in euro");
        let mut gone = person(3, "Deleted after the facts");
        let mut book = Book::from_contacts([lira.clone(), euro.clone(), gone.clone()]);
        book.set_history(lira.id, purchases(&[135, 105, 75], 5_000));
        let mut in_euro = purchases(&[135, 105, 75], 1_000);
        for e in &mut in_euro {
            e.amount = Some(Money::new(1_000, "EUR"));
        }
        book.set_history(euro.id, in_euro);
        book.set_history(gone.id, purchases(&[135, 105, 75], 9_000));
        let mut settings = value::ValueSettings::default();
        settings.rates.0.insert(
            "EUR".into(),
            crate::money::Rate {
                micro: 40_000_000,
                set_on: d(2026, 11, 1),
            },
        );
        let facts = value::facts(&book, &settings, now(), Tz(0));
        // The contact is deleted and the facts not refreshed yet (the app refreshes them
        // a moment after the book changes).
        gone.tombstone(now());
        book.upsert(gone.clone());
        let clock = Clock {
            now: now(),
            tz: Tz(0),
        };
        let t = today(&book, &facts, &[], &[], clock);
        let got: Vec<(ContactId, i64)> = t
            .gone_quiet
            .iter()
            .map(|q| (q.contact, q.revenue))
            .collect();
        assert_eq!(
            got,
            vec![(euro.id, 120_000), (lira.id, 15_000)],
            "3 × €10 at 40 TRY is 1,200 TRY, more than 150 TRY"
        );
    }

    #[test]
    fn a_complaint_call_does_not_hide_a_buyer_who_stopped_buying() {
        let a = person(1, "Stopped buying, rang to complain");
        let b = person(2, "Only calls, recently");
        let mut book = Book::from_contacts([a.clone(), b.clone()]);
        let mut h = purchases(&[135, 105, 75], 1000);
        h.push(Event::of(&complaint(9, a.id, 2)));
        book.set_history(a.id, h);
        // No buying rhythm: the rhythm of all contact, against the last contact.
        let calls: Vec<Event> = [40, 30, 20, 2]
            .iter()
            .map(|&n| {
                let mut e = Event::of(&complaint(n as u8, b.id, n));
                e.kind = InteractionKind::Call;
                e
            })
            .collect();
        book.set_history(b.id, calls);
        let t = today_at(&book, &[], &[], Tz(0));
        let got: Vec<(ContactId, i64, i64, bool)> = t
            .gone_quiet
            .iter()
            .map(|q| (q.contact, q.usual_days, q.days_since, q.purchases))
            .collect();
        assert_eq!(got, vec![(a.id, 30, 75, true)]);
    }

    #[test]
    fn birthdays_in_the_next_two_weeks_including_leap_days() {
        let mut a = person(1, "Today");
        a.birthday = Some(d(1980, 11, 24));
        let mut b = person(2, "In 13 days");
        b.birthday = Some(d(1990, 12, 7));
        let mut c = person(3, "In 14 days: too far");
        c.birthday = Some(d(1990, 12, 8));
        let mut e = person(4, "Yesterday");
        e.birthday = Some(d(1990, 11, 23));
        let book = Book::from_contacts([a.clone(), b.clone(), c, e]);
        let t = today_at(&book, &[], &[], Tz(0));
        let got: Vec<(ContactId, i64, Option<i32>)> = t
            .birthdays
            .iter()
            .map(|x| (x.contact, x.in_days, x.turns))
            .collect();
        assert_eq!(got, vec![(a.id, 0, Some(46)), (b.id, 13, Some(36))]);
        assert_eq!(
            next_birthday(d(1984, 2, 29), d(2027, 2, 20)),
            Some(d(2027, 2, 28))
        );
        assert_eq!(
            next_birthday(d(1984, 2, 29), d(2028, 2, 20)),
            Some(d(2028, 2, 29))
        );
        assert_eq!(
            next_birthday(d(1984, 12, 31), d(2026, 12, 31)),
            Some(d(2026, 12, 31))
        );
    }
}

/// The Follow-ups page's groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    Overdue,
    Today,
    /// Due in the next seven days.
    ThisWeek,
    Later,
}

impl Bucket {
    pub const ALL: [Bucket; 4] = [
        Bucket::Overdue,
        Bucket::Today,
        Bucket::ThisWeek,
        Bucket::Later,
    ];

    pub fn of(due: NaiveDate, today: NaiveDate) -> Bucket {
        let days = (due - today).num_days();
        match days {
            d if d < 0 => Bucket::Overdue,
            0 => Bucket::Today,
            1..=7 => Bucket::ThisWeek,
            _ => Bucket::Later,
        }
    }
}

/// Open follow-ups of live contacts in their groups, each sorted by due date.
pub fn follow_up_buckets(
    book: &Book,
    follow_ups: &[FollowUp],
    today: NaiveDate,
) -> Vec<(Bucket, Vec<FollowUp>)> {
    let mut open: Vec<&FollowUp> = follow_ups
        .iter()
        .filter(|f| f.is_open() && book.get(f.contact_id).is_some())
        .collect();
    crate::sort::by(&mut open, |a, b| {
        a.due.cmp(&b.due).then(a.created_at.cmp(&b.created_at))
    });
    Bucket::ALL
        .iter()
        .map(|&b| {
            (
                b,
                open.iter()
                    .filter(|f| Bucket::of(f.due, today) == b)
                    .map(|f| (*f).clone())
                    .collect(),
            )
        })
        .collect()
}

#[cfg(test)]
mod bucket_tests {
    use super::Bucket;
    use chrono::NaiveDate;

    #[test]
    fn buckets_by_days_from_today() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 28).unwrap();
        let d = |n: i64| today + chrono::Duration::days(n);
        let got: Vec<Bucket> = [-30, -1, 0, 1, 7, 8]
            .iter()
            .map(|&n| Bucket::of(d(n), today))
            .collect();
        use Bucket::*;
        assert_eq!(got, [Overdue, Overdue, Today, ThisWeek, ThisWeek, Later]);
    }
}
