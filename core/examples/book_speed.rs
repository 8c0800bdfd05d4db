//! Rough native timing of the book's start-up and of another tab's 1,000 changed
//! contacts over the benchmark's book (50,000 contacts, 10 interactions each):
//! `cargo run --release -p bakkal-core --example book_speed`.
use bakkal_core::analysis::value::{facts, ValueSettings};
use bakkal_core::analysis::Tz;
use bakkal_core::book::BookInProgress;
use chrono::TimeZone;
use std::time::Instant;

fn main() {
    let now = chrono::Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
    let records = bakkal_core::sample::generated_records(50_000, 10, now);
    let changed: Vec<_> = records.iter().step_by(50).cloned().collect();

    let t = Instant::now();
    let mut b = BookInProgress::new(records);
    println!("book: records into maps {:?}", t.elapsed());
    let mut slices = Vec::new();
    loop {
        let t = Instant::now();
        let done = b.step(5000);
        slices.push(t.elapsed());
        if done {
            break;
        }
    }
    println!("  rows, slices of 5,000: {slices:?}");
    let t = Instant::now();
    let mut book = b.finish();
    println!("  sorted: {:?}", t.elapsed());

    let settings = ValueSettings::default();
    let mut f = facts(&book, &settings, now, Tz::default());
    let t = Instant::now();
    book.upsert_with_histories(changed);
    println!(
        "another tab's 1,000 contacts: book updated {:?}",
        t.elapsed()
    );
    let t = Instant::now();
    f.refresh(&book, &settings, now, Tz::default());
    println!("  facts refreshed {:?}", t.elapsed());
    let t = Instant::now();
    let _ = bakkal_core::analysis::value::ranking(&f);
    println!("  ranking {:?}", t.elapsed());
}
