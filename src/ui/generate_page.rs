//! A page only the benchmark uses (`#/dev/generate?n=50000`): fills the book with
//! generated contacts in one transaction.

use crate::browser;
use crate::state::AppState;
use leptos::prelude::*;

#[component]
pub fn GeneratePage(n: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let status = RwSignal::new(format!("Generating {n} contacts…"));
    let done = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        let seed = js_sys::Date::now() as u64;
        let book = bakkal_core::sample::generated_book(n, seed, browser::now());
        match state.save(book).await {
            Ok(()) => status.set(format!("Generated {n} contacts.")),
            Err(e) => status.set(e.to_string()),
        }
        done.set(true);
    });
    view! {
        <section>
            <h1>"Generate a test book"</h1>
            <p role="status" data-done=move || done.get().to_string()>{move || status.get()}</p>
        </section>
    }
}
