//! Rough native timing of Today over the benchmark's book (50,000 contacts, 10
//! interactions each): `cargo run --release -p bakkal-core --example today_speed`.
use bakkal_core::analysis::history::events_of;
use bakkal_core::analysis::today::today;
use bakkal_core::analysis::{Clock, Tz};
use bakkal_core::book::Book;
use chrono::TimeZone;
use std::collections::HashMap;
use std::time::Instant;

fn main() {
    let now = chrono::Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
    let contacts = bakkal_core::sample::generated_book(50_000, 1, now);
    let interactions = bakkal_core::sample::generated_history(&contacts, 10, 2, now);
    let mut by_contact: HashMap<_, Vec<_>> = HashMap::new();
    for i in &interactions {
        by_contact.entry(i.contact_id).or_default().push(i);
    }
    let records = contacts
        .into_iter()
        .map(|c| {
            let events = events_of(by_contact.get(&c.id).cloned().unwrap_or_default());
            (c, events)
        })
        .collect();
    let t = Instant::now();
    let book = Book::from_records(records);
    println!("build book: {:?}", t.elapsed());
    let clock = Clock {
        now,
        tz: Tz::default(),
    };
    for _ in 0..3 {
        let t = Instant::now();
        let s = today(&book, &[], &[], clock, "TRY");
        println!(
            "today: {:?} ({} gone quiet, {} birthdays)",
            t.elapsed(),
            s.gone_quiet.len(),
            s.birthdays.len()
        );
    }
}
