//! `cargo xtask bench-sync`: a generated book as CouchDB documents (the same documents the
//! app pushes), then the sync benchmark in headless Chromium against the release build.

use crate::{root, run, Result};
use bakkal_core::sample::{generated_book, generated_history};
use bakkal_core::sync::doc::docs_of;
use chrono::{TimeZone, Utc};
use std::process::Command;

pub fn docs_file(contacts: usize, per_contact: usize) -> Result<std::path::PathBuf> {
    let now = Utc
        .with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
        .single()
        .ok_or("bad time")?;
    let mut book = generated_book(contacts, 7, now);
    let mut history = generated_history(&book, per_contact, 7, now);
    for c in &mut book {
        bakkal_core::model::rev::ensure_rev(c);
    }
    for i in &mut history {
        bakkal_core::model::rev::ensure_rev(i);
    }
    let docs: Vec<serde_json::Value> = book
        .iter()
        .flat_map(|c| docs_of(c).into_iter().map(|(_, d)| d))
        .chain(
            history
                .iter()
                .flat_map(|i| docs_of(i).into_iter().map(|(_, d)| d)),
        )
        .collect();
    let dir = root().join("target/bench-sync");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let path = dir.join(format!("docs-{contacts}-{per_contact}.json"));
    let text = serde_json::to_string(&docs).map_err(|e| e.to_string())?;
    std::fs::write(&path, text).map_err(|e| e.to_string())?;
    Ok(path)
}

pub fn bench(base_url: &str, chromium: &str, contacts: usize, per_contact: usize) -> Result {
    let docs = docs_file(contacts, per_contact)?;
    run(Command::new("node")
        .arg("e2e/bench-sync.mjs")
        .env("BASE_URL", base_url)
        .env("CHROMIUM", chromium)
        .env("DOCS_FILE", docs))
}
