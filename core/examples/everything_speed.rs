//! Rough native timing of Search everything's index over the benchmark's book (50,000
//! contacts, 500,000 interactions): `cargo run --release -p bakkal-core --example everything_speed`.
use bakkal_core::everything::{Doc, TextIndex};
use chrono::TimeZone;
use std::time::Instant;

fn main() {
    let now = chrono::Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
    let contacts = bakkal_core::sample::generated_book(50_000, 1, now);
    let history = bakkal_core::sample::generated_history(&contacts, 10, 2, now);
    let t = Instant::now();
    let mut ix = TextIndex::new();
    for i in &history {
        if let Some(d) = Doc::of_interaction(i) {
            ix.upsert(d);
        }
    }
    println!(
        "index {} interactions ({} words): {:?}",
        ix.len(),
        ix.vocabulary(),
        t.elapsed()
    );
    // The index kept between visits: written in parts of 4 MB, read back.
    let t = Instant::now();
    let mut w = ix.parts();
    let parts: Vec<Vec<u8>> = std::iter::from_fn(|| w.next_part(&ix, 4 << 20)).collect();
    let bytes: usize = parts.iter().map(Vec::len).sum();
    println!(
        "written in {} parts, {} MB: {:?}",
        parts.len(),
        bytes >> 20,
        t.elapsed()
    );
    let t = Instant::now();
    let mut r = bakkal_core::everything::stored::PartReader::new();
    for p in &parts {
        r.take(p).expect("reads back");
    }
    let back = r.finish();
    println!("read back ({} records): {:?}", back.len(), t.elapsed());
    for q in [
        "a",
        "te",
        "tek",
        "teklif",
        "muhasbe",
        "fiyat teklifi",
        "zzz",
        "danışmanlık",
    ] {
        let t = Instant::now();
        let g = ix.search(q, 6);
        let n: usize = g.iter().map(|g| g.total).sum();
        println!("search {q:?}: {n} hits in {:?}", t.elapsed());
    }
}
