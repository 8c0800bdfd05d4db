//! Rough native timing of Today over the benchmark's book (50,000 contacts, 10
//! interactions each): `cargo run --release -p bakkal-core --example today_speed`.
use bakkal_core::analysis::today::today;
use bakkal_core::analysis::{Clock, Tz};
use bakkal_core::book::Book;
use chrono::TimeZone;
use std::time::Instant;

fn main() {
    let now = chrono::Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
    let records = bakkal_core::sample::generated_records(50_000, 10, now);
    let t = Instant::now();
    let book = Book::from_records(records);
    println!("build book: {:?}", t.elapsed());
    let clock = Clock {
        now,
        tz: Tz::default(),
    };
    parts(&book, clock.tz);
    let t = Instant::now();
    let settings = bakkal_core::analysis::value::ValueSettings::default();
    let facts = bakkal_core::analysis::value::facts(&book, &settings, now, clock.tz);
    println!(
        "facts (kept by the app, per changed contact): {:?}",
        t.elapsed()
    );
    for _ in 0..3 {
        let t = Instant::now();
        let s = today(&book, &facts, &[], &[], clock);
        println!(
            "today: {:?} ({} gone quiet, {} birthdays)",
            t.elapsed(),
            s.gone_quiet.len(),
            s.birthdays.len()
        );
    }
}

/// What reading the histories would cost (Today reads the facts instead): walking the
/// book, then the rhythm and the last contact of each.
fn parts(book: &Book, tz: Tz) {
    use bakkal_core::analysis::history::{last_contact, rhythm};
    let t = Instant::now();
    let n: usize = book.iter().map(|c| book.history(c.id).len()).sum();
    println!(
        "  iterate + history lookups: {:?} ({n} events)",
        t.elapsed()
    );
    let t = Instant::now();
    let n = book
        .iter()
        .filter_map(|c| rhythm(book.history(c.id), tz))
        .count();
    println!("  + rhythm: {:?} ({n})", t.elapsed());
    let t = Instant::now();
    let n = book
        .iter()
        .filter_map(|c| last_contact(book.history(c.id)))
        .count();
    println!("  + last contact: {:?} ({n})", t.elapsed());
}
