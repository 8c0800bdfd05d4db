//! Settings → Sync: the user's CouchDB, the buttons that start and stop sync, why it
//! refused, and its log; and the header's **Sync status**.

use crate::state::AppState;
use crate::sync::Config;
use crate::ui::fields::TextField;
use leptos::prelude::*;

#[component]
pub fn SyncSection() -> impl IntoView {
    let state = expect_context::<AppState>();
    let s = state.sync;
    let address = RwSignal::new(String::new());
    let user = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let remember = RwSignal::new(false);
    let encrypt = RwSignal::new(false);
    let passphrase = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    // The saved settings arrive after the page may have opened; they fill the fields.
    Effect::new(move |_| {
        let c = s.config.get();
        address.set(c.address);
        user.set(c.user);
        remember.set(c.remember);
        encrypt.set(c.encrypt);
        if let Some(p) = c.password {
            password.set(p);
        }
        if let Some(p) = c.passphrase {
            passphrase.set(p);
        }
    });
    let running = move || s.config.with(|c| c.running);
    let start = move |create: bool| {
        busy.set(true);
        let c = Config {
            address: address.get_untracked(),
            user: user.get_untracked().trim().to_string(),
            password: None,
            remember: remember.get_untracked(),
            encrypt: encrypt.get_untracked(),
            passphrase: None,
            running: false,
        };
        leptos::task::spawn_local(async move {
            state
                .start_sync(
                    c,
                    password.get_untracked(),
                    passphrase.get_untracked(),
                    create,
                )
                .await;
            busy.set(false);
        });
    };
    let stop = move |_| leptos::task::spawn_local(state.stop_sync());
    let checkbox = |id: &'static str, label: &'static str, value: RwSignal<bool>| {
        view! {
            <label class="check">
                <input type="checkbox" id=id prop:checked=move || value.get()
                    on:change=move |ev| value.set(event_target_checked(&ev)) />
                {label}
            </label>
        }
    };
    view! {
        <section class="sync" aria-labelledby="sec-sync">
            <h2 id="sec-sync">"Sync"</h2>
            <p class="hint">"Keeps this book in step with your own CouchDB server (or a CouchDB-compatible service), so your laptop and phone show the same book. Nothing is sent anywhere until you start sync. How to set up the server: docs/sync.md."</p>
            <div class="grid">
                <TextField label="Server address".into() id="sync-address".into() kind="url"
                    value=address on_input=Callback::new(move |v| address.set(v))
                    hint="The database's address, for example https://couch.example.org/bakkal" />
                <TextField label="User name".into() id="sync-user".into()
                    value=user on_input=Callback::new(move |v| user.set(v))
                    hint="Leave empty for a server open to everyone." />
                <TextField label="Password".into() id="sync-password".into() kind="password"
                    value=password on_input=Callback::new(move |v| password.set(v)) />
            </div>
            {checkbox("sync-remember", "Remember on this device", remember)}
            {checkbox("sync-encrypt", "Encrypt on the server", encrypt)}
            <Show when=move || encrypt.get()>
                <TextField label="Sync passphrase".into() id="sync-passphrase".into() kind="password"
                    value=passphrase on_input=Callback::new(move |v| passphrase.set(v))
                    hint="At least 8 characters. Every device of this book needs the same passphrase; without it the server holds only ciphertext." />
            </Show>
            {move || s.alert.get().map(|a| view! { <p class="refusal" role="alert">{a}</p> })}
            <div class="actions">
                <button type="button" on:click=move |_| start(false) disabled=move || busy.get()>"Start sync"</button>
                <Show when=move || s.offer_create.get()>
                    <button type="button" on:click=move |_| start(true) disabled=move || busy.get()>"Create database"</button>
                </Show>
                <button type="button" on:click=stop disabled=move || !running()>"Stop sync"</button>
                <button type="button" on:click=move |_| state.sync_now() disabled=move || !running()>"Sync now"</button>
            </div>
            <h3 id="sync-log-title">"Sync log"</h3>
            <ol class="sync-log" aria-labelledby="sync-log-title">
                <For each=move || s.log.get() key=|(t, l)| (*t, l.clone()) let((t, line))>
                    <li><time>{crate::browser::local_datetime(t)}</time>" "{line}</li>
                </For>
            </ol>
        </section>
    }
}

/// The header's sync line, on every page once sync was set up here.
#[component]
pub fn SyncStatus() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.sync.line.get().map(|(text, error)| {
            view! {
                <p class="sync-status" class:error=error role="status" aria-label="Sync status">
                    {text}
                    {error.then(|| view! { " " <a href="#/settings">"Open Sync settings"</a> })}
                </p>
            }
        })
    }
}
