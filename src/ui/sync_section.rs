//! Settings → Sync: the user's CouchDB, the buttons that start and stop sync, why it
//! refused, and its log; and the header's **Sync status**.

use crate::state::AppState;
use crate::sync::{Alert, Config};
use crate::ui::fields::TextField;
use bakkal_core::sync::server::LogLine;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

#[component]
pub fn SyncSection() -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = crate::i18n::t().sync();
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
    let alert = move |a: Alert| match a {
        Alert::Refused(r) => (t.refusal)(&r),
        Alert::NotSaved(e) => (t.not_saved)(&e),
    };
    view! {
        <section class="sync" aria-labelledby="sec-sync">
            <h2 id="sec-sync">{t.heading}</h2>
            <p class="hint">{t.intro}</p>
            <div class="grid">
                <TextField label=t.address.into() id="sync-address".into() kind="url"
                    value=address on_input=Callback::new(move |v| address.set(v))
                    hint=t.address_hint />
                <TextField label=t.user.into() id="sync-user".into()
                    value=user on_input=Callback::new(move |v| user.set(v))
                    hint=t.user_hint />
                <TextField label=t.password.into() id="sync-password".into() kind="password"
                    value=password on_input=Callback::new(move |v| password.set(v)) />
            </div>
            {checkbox("sync-remember", t.remember, remember)}
            {checkbox("sync-encrypt", t.encrypt, encrypt)}
            <Show when=move || encrypt.get()>
                <TextField label=t.passphrase.into() id="sync-passphrase".into() kind="password"
                    value=passphrase on_input=Callback::new(move |v| passphrase.set(v))
                    hint=t.passphrase_hint />
            </Show>
            {move || s.alert.get().map(|a| view! { <p class="refusal" role="alert">{alert(a)}</p> })}
            <div class="actions">
                <button type="button" on:click=move |_| start(false) disabled=move || busy.get()>{t.start}</button>
                <Show when=move || s.offer_create.get()>
                    <button type="button" on:click=move |_| start(true) disabled=move || busy.get()>{t.create_database}</button>
                </Show>
                <button type="button" on:click=stop disabled=move || !running()>{t.stop}</button>
                <button type="button" on:click=move |_| state.sync_now() disabled=move || !running()>{t.now}</button>
            </div>
            <h3 id="sync-log-title">{t.log_title}</h3>
            <ol class="sync-log" aria-labelledby="sync-log-title">
                <For each=move || s.log.get() key=|(at, l)| (*at, l.clone()) let((at, line))>
                    <li><time>{log_time(at)}</time>" "{match line {
                        LogLine::Event { event } => (t.event)(&event),
                        // Written before the log kept data: as it was written.
                        LogLine::Text(text) => text,
                    }}</li>
                </For>
            </ol>
        </section>
    }
}

/// When a log line was written, in this device's time zone and the page's language, to
/// the second ("24 November 2026 14:30:05").
fn log_time(at: DateTime<Utc>) -> String {
    // The offset at that moment (summer time may differ from now).
    let d = js_sys::Date::new(&JsValue::from_f64(at.timestamp_millis() as f64));
    let local = at.naive_utc() - chrono::Duration::minutes(d.get_timezone_offset() as i64);
    format!(
        "{} {}",
        crate::i18n::date(local.date()),
        local.time().format("%H:%M:%S")
    )
}

/// The header's sync line, on every page once sync was set up here.
#[component]
pub fn SyncStatus() -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = crate::i18n::t().sync();
    move || {
        state.sync.line.get().map(|status| {
            let error = status.is_error();
            view! {
                <p class="sync-status" class:error=error role="status" aria-label=t.status_label>
                    {(t.status)(&status)}
                    {error.then(|| view! { " " <a href="#/settings">{t.open_settings}</a> })}
                </p>
            }
        })
    }
}
