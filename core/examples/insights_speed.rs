//! Rough native timing of Insights over the benchmark's book (50,000 contacts, 10
//! interactions each): `cargo run --release -p bakkal-core --example insights_speed`.
//! Prints each part the Insights page computes, and a weight change (scores and tiers).
use bakkal_core::analysis::insights::{
    dashboard, grouping, matrix, matrix_of, pyramid, strategies, Dimension,
};
use bakkal_core::analysis::value::{facts, ranking, scoring, scoring_of, ValueSettings};
use bakkal_core::analysis::Tz;
use bakkal_core::book::Book;
use chrono::TimeZone;
use std::time::Instant;

fn main() {
    let now = chrono::Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
    let records = bakkal_core::sample::generated_records(50_000, 10, now);
    let book = Book::from_records(records);
    let tz = Tz::default();
    let mut settings = ValueSettings::default();
    let f = facts(&book, &settings, now, tz);
    if std::env::args().any(|a| a == "matrix") {
        // For a profiler: the matrix alone, many times.
        let s = scoring(&f, &settings);
        for _ in 0..30 {
            std::hint::black_box(matrix(&book, &f, &s, Dimension::City, 8));
        }
        return;
    }
    let t = Instant::now();
    let ranked = ranking(&f);
    println!("ranking (after a change to the facts): {:?}", t.elapsed());
    let t = Instant::now();
    let scored = scoring_of(&ranked, &settings);
    println!("scoring_of (after a weight change): {:?}", t.elapsed());
    let t = Instant::now();
    let grouped = grouping(&book, &f, Dimension::City);
    println!(
        "matrix: grouping (kept over a weight change): {:?}",
        t.elapsed()
    );
    let t = Instant::now();
    let _ = matrix_of(&grouped, &scored, 8);
    println!("matrix: cells (after a weight change): {:?}", t.elapsed());
    for round in 0..3 {
        let t = Instant::now();
        let s = scoring(&f, &settings);
        let scored = t.elapsed();
        let t = Instant::now();
        let p = pyramid(&f, &s);
        let py = t.elapsed();
        let t = Instant::now();
        let m = matrix(&book, &f, &s, Dimension::City, 8);
        let ma = t.elapsed();
        let t = Instant::now();
        let st = strategies(&book, &f, &s, &[], 12);
        let str_ = t.elapsed();
        let t = Instant::now();
        let d = dashboard(&book, &f, &s, &settings);
        let da = t.elapsed();
        println!(
            "round {round}: scoring {scored:?}, pyramid {py:?}, matrix {ma:?}, strategies {str_:?}, dashboard {da:?} ({} A, {} columns, {} win-back, {} months)",
            p[0].count,
            m.columns.len(),
            st.win_back.len(),
            d.revenue_by_month.len()
        );
        // A weight change: the next round scores with other weights.
        settings.weights.revenue += 1.0;
    }
}
