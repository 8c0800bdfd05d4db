//! Settings: is the data safe from eviction, and how much space it takes.

use crate::browser::{self, Persistence};
use crate::state::AppState;
use leptos::prelude::*;

fn describe(p: Persistence) -> &'static str {
    match p {
        Persistence::Granted => "Granted: the browser will not delete Bakkal's data to free space.",
        Persistence::NotGranted => "Not granted: under storage pressure the browser may delete Bakkal's data. Export backups regularly.",
        Persistence::Unsupported => "Not supported by this browser: export backups regularly.",
    }
}

/// "1.4 MB" style sizes.
fn human_bytes(b: f64) -> String {
    const UNITS: [&str; 5] = ["bytes", "KB", "MB", "GB", "TB"];
    let mut v = b;
    let mut u = 0;
    while v >= 1000.0 && u < UNITS.len() - 1 {
        v /= 1000.0;
        u += 1;
    }
    if u == 0 {
        format!("{v:.0} {}", UNITS[u])
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let persistence = LocalResource::new(browser::persistence);
    let estimate = LocalResource::new(browser::storage_estimate);
    let ask = move |_| {
        leptos::task::spawn_local(async move {
            let p = browser::request_persistence().await;
            persistence.refetch();
            if p != Persistence::Granted {
                state.show("The browser did not grant persistent storage. Chromium grants it to sites you visit often or install; Firefox asks you.".into(), false, vec![]);
            }
        });
    };
    view! {
        <section class="settings">
            <h1>"Settings"</h1>
            <h2>"Storage"</h2>
            <dl class="facts">
                <dt>"Persistent storage"</dt>
                <dd data-testid="persistence">
                    <Suspense fallback=|| "Checking…">
                        {move || persistence.get().map(describe)}
                    </Suspense>
                </dd>
                <dt>"Space used"</dt>
                <dd data-testid="usage">
                    <Suspense fallback=|| "Checking…">
                        {move || estimate.get().map(|e| match e {
                            Some((used, quota)) => format!("{} of {} available to this site", human_bytes(used), human_bytes(quota)),
                            None => "This browser does not report it.".to_string(),
                        })}
                    </Suspense>
                </dd>
                <dt>"Contacts"</dt>
                <dd>{move || state.book.with(|b| b.len())}</dd>
            </dl>
            <button on:click=ask>"Ask for persistent storage"</button>
        </section>
    }
}
