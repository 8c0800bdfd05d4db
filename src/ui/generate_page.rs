//! A page only the benchmark uses (`#/dev/generate?n=50000&i=10&d=5000`): fills the book
//! with generated contacts and interactions, a few thousand contacts per transaction, then
//! with open deals over those contacts in one more.

use crate::browser;
use crate::state::AppState;
use bakkal_core::io::backup::Records;
use leptos::prelude::*;

/// Contacts written per transaction (with their interactions).
const CHUNK: usize = 5000;

#[component]
pub fn GeneratePage(n: usize, per_contact: usize, deals: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let status = RwSignal::new(format!("Generating {n} contacts…"));
    let done = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        let seed = js_sys::Date::now() as u64;
        let now = browser::now();
        let book = bakkal_core::sample::generated_book(n, seed, now);
        let mut written = 0;
        for chunk in book.chunks(CHUNK) {
            let interactions = bakkal_core::sample::generated_history(
                chunk,
                per_contact,
                seed ^ written as u64,
                now,
            );
            let records = Records {
                contacts: chunk.to_vec(),
                interactions,
                ..Records::default()
            };
            if let Err(e) = state.save_bulk(records).await {
                status.try_set(e.to_string());
                done.try_set(true);
                return;
            }
            written += chunk.len();
            status.try_set(format!("Generated {written} of {n} contacts…"));
        }
        let pipeline = state.pipeline.get_untracked();
        let deals = bakkal_core::sample::generated_deals(&book, deals, &pipeline, seed, now);
        let count = deals.len();
        // One more transaction: the deals, over every contact written.
        let records = Records {
            deals,
            ..Records::default()
        };
        if let Err(e) = state.save_bulk(records).await {
            status.try_set(e.to_string());
            done.try_set(true);
            return;
        }
        status.try_set(format!(
            "Generated {n} contacts with {} interactions, and {count} deals.",
            n * per_contact
        ));
        done.try_set(true);
    });
    view! {
        <section>
            <h1>"Generate a test book"</h1>
            <p role="status" data-done=move || done.get().to_string()>{move || status.get()}</p>
        </section>
    }
}
