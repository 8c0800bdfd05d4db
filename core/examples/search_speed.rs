//! Rough native timing of search over a generated book: `cargo run --release -p bakkal-core --example search_speed`.
use bakkal_core::book::Book;
use chrono::TimeZone;
use std::time::Instant;

fn main() {
    let now = chrono::Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
    let t = Instant::now();
    let book = Book::from_contacts(bakkal_core::sample::generated_book(50_000, 1, now));
    println!("build book: {:?}", t.elapsed());
    for q in [
        "a", "ay", "ayş", "i", "is", "ist", "gmail", "zzz", "mehmet k",
    ] {
        let t = Instant::now();
        let r = book.search(q, bakkal_core::route::ListOrder::Name, None);
        println!("search {q:?}: {} hits in {:?}", r.ids.len(), t.elapsed());
    }
}
