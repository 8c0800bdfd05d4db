//! Backup: export everything (optionally encrypted), import a backup with a preview and a
//! choice of Merge or Replace. The file is read, checked and written by the backup worker
//! (`crate::worker`), off the page's thread: the page keeps answering, and Cancel stops
//! the worker at any point with nothing written. Every refusal is an alert naming the
//! problem.

use super::common::date_label;
use crate::browser;
use crate::i18n::backup::{Merged, Phase};
use crate::state::{AppState, Notice, Undo};
use crate::worker::handle::{self, Job};
use crate::worker::{protocol::Preview, protocol::Reply, protocol::Request};
use bakkal_core::io::backup;
use leptos::prelude::*;

/// Where an import stands. Messages are said when they arise: a change of language
/// rebuilds the page, and with it this state.
#[derive(Clone)]
enum Import {
    Idle,
    /// Working (what, and how far, are in their own signal: the Cancel button stays the
    /// same element while the bar moves).
    Busy,
    /// The file is encrypted: the file, waiting for the passphrase (and why the last one
    /// did not open it).
    NeedPassphrase(web_sys::File, Option<String>),
    Preview(Box<Preview>),
    Done(String),
    Refused(String),
}

#[component]
pub fn BackupPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = crate::i18n::t();
    let tb = t.backup();
    let encrypt = RwSignal::new(false);
    let passphrase = RwSignal::new(String::new());
    let exporting = RwSignal::new(false);
    let import = RwSignal::new(Import::Idle);
    let progress = RwSignal::new((Phase::Reading, 0u32));
    // The chosen file's name, shown above its preview.
    let chosen = RwSignal::new(None::<String>);
    // The worker answers after awaits: the page may have been left by then.
    let set_import = move |s: Import| {
        let _ = import.try_set(s);
    };
    let set_busy = move |phase: Phase, percent: u32| {
        let _ = progress.try_set((phase, percent));
        if import.try_with_untracked(|i| !matches!(i, Import::Busy)) == Some(true) {
            set_import(Import::Busy);
        }
    };
    let file_passphrase = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    // Leaving the page stops a check (nothing is lost); a write goes on to its end.
    on_cleanup(handle::stop_import_unless_writing);

    let export = move |_| {
        let pass = encrypt.get_untracked().then(|| passphrase.get_untracked());
        if pass.as_deref().is_some_and(|p| p.chars().count() < 8) {
            state.notify(Notice::error(tb.passphrase_too_short));
            return;
        }
        if pass.as_ref().is_some_and(|p| *p != confirm.get_untracked()) {
            state.notify(Notice::error(tb.passphrases_differ));
            return;
        }
        exporting.set(true);
        leptos::task::spawn_local(async move {
            match state.export_backup(pass).await {
                Ok(name) => state.notify(Notice::info((tb.saved_as)(&name))),
                Err(e) => state.notify(Notice::error((tb.export_failed)(&e))),
            }
            exporting.try_set(false);
        });
    };

    // What the worker says, as the page's state. The file stays with the page for a
    // passphrase typed again.
    let file_kept = StoredValue::new_local(None::<web_sys::File>);
    // A check writes nothing, so one whose worker stopped is tried once more in a fresh
    // worker (WebKit's stopped once here, in a check that passed every other time); a
    // write that stopped is not retried.
    let last_pass = StoredValue::new_local(None::<String>);
    let retried = StoredValue::new_local(false);
    let retry = RwSignal::new(0u32);
    let on_reply = move |reply: Reply, _| match reply {
        // Not an import's replies.
        Reply::Ready
        | Reply::Exported
        | Reply::ExportFailed(_)
        | Reply::Cards(_)
        | Reply::Rows(_) => {}
        Reply::Progress { phase, percent } => set_busy(phase, percent),
        Reply::NeedPassphrase { wrong } => match file_kept.try_get_value().flatten() {
            Some(f) => set_import(Import::NeedPassphrase(f, wrong)),
            None => handle::stop(Job::Import),
        },
        Reply::Preview(p) => set_import(Import::Preview(Box::new(p))),
        Reply::Refused(why) => {
            handle::stop(Job::Import);
            set_import(Import::Refused(why));
        }
        Reply::WriteFailed(why) => {
            handle::stop(Job::Import);
            browser::mark("bakkal:import-write-end");
            set_import(Import::Refused(why));
        }
        Reply::Crashed(why) => {
            handle::stop(Job::Import);
            web_sys::console::error_1(&format!("Bakkal's backup worker stopped: {why}").into());
            let checking = progress.with_untracked(|(phase, _)| *phase != Phase::Writing);
            if checking && retried.try_get_value() == Some(false) {
                retried.set_value(true);
                let _ = retry.try_update(|n| *n += 1);
            } else {
                set_import(Import::Refused((tb.worker_stopped)(&why)));
            }
        }
        Reply::Written { replace, counts } => {
            handle::stop(Job::Import);
            browser::mark("bakkal:import-write-end");
            leptos::task::spawn_local(async move {
                if let Err(e) = state.imported().await {
                    return set_import(Import::Refused((tb.import_failed)(&e.to_string())));
                }
                if replace {
                    set_import(Import::Done(tb.replaced.into()));
                    state.notify(Notice::info(tb.book_replaced).with_undo(Undo::Replace));
                } else {
                    set_import(Import::Done((tb.merged)(Merged {
                        new: counts.new,
                        updated: counts.newer_in_file,
                        deletions: counts.deletions,
                        conflicts: counts.conflicts,
                        restored: counts.restored,
                        newer_here: counts.newer_here,
                    })));
                }
            });
        }
    };

    // Sends the file to a fresh worker to be read, checked and planned; writes nothing.
    let check = move |file: web_sys::File, passphrase: Option<String>| {
        set_busy(Phase::Reading, 10);
        file_kept.set_value(Some(file.clone()));
        last_pass.set_value(passphrase.clone());
        handle::start(Job::Import, on_reply);
        let request = Request::Check {
            lang: crate::i18n::lang().code().into(),
            passphrase,
            fail: take_check_failure(),
        };
        handle::send(Job::Import, &request, Some(&file));
    };

    let on_file = move |ev: leptos::ev::Event| {
        let Some(file) = browser::take_chosen_file(&ev) else {
            return;
        };
        chosen.set(Some(file.name()));
        if file.size() > backup::MAX_FILE_BYTES as f64 {
            handle::stop(Job::Import);
            return set_import(Import::Refused((tb.too_large)(
                file.size() / 1_048_576.0,
                backup::MAX_FILE_BYTES / 1_048_576,
            )));
        }
        retried.set_value(false);
        check(file, None);
    };
    Effect::new(move |_| {
        if retry.get() > 0 {
            if let Some(file) = file_kept.try_get_value().flatten() {
                check(file, last_pass.try_get_value().flatten());
            }
        }
    });

    let write = move |replace: bool| {
        set_busy(Phase::Writing, 70);
        browser::mark("bakkal:import-write-start");
        // The tests' injected failure, handed to the worker (`store::fail_point`).
        let fail = js_sys::Reflect::get(&js_sys::global(), &"__bakkalFail".into())
            .ok()
            .and_then(|v| v.as_string());
        if !handle::send(Job::Import, &Request::Write { replace, fail }, None) {
            set_import(Import::Refused((tb.import_failed)(tb.nothing_planned)));
        }
    };

    // Cancel while working: the worker stops, and with it any write it had begun (its
    // transaction is aborted). A write that had committed just before the click is read
    // back with the book, so the screen shows what is stored either way.
    let cancel = move |_| {
        let writing = progress.with_untracked(|(phase, _)| *phase == Phase::Writing);
        handle::stop(Job::Import);
        set_import(Import::Idle);
        state.notify(Notice::info(tb.import_cancelled));
        if writing {
            leptos::task::spawn_local(async move {
                let _ = state.imported().await;
            });
        }
    };

    view! {
        <section class="backup">
            <h1>{tb.title}</h1>
            <p class="sub">{move || match state.last_backup.get() {
                Some(at) => (tb.last_backup)(&date_label(state.tz().local_date(at))),
                None => tb.no_backup_yet.into(),
            }}</p>
            <section class="card">
                <h2>{tb.export}</h2>
                <p>{tb.export_text}</p>
                <label class="check">
                    <input type="checkbox" prop:checked=move || encrypt.get() on:change=move |ev| encrypt.set(event_target_checked(&ev)) />
                    {tb.encrypt}
                </label>
                <Show when=move || encrypt.get()>
                    <div class="field">
                        <label for="export-passphrase">{tb.passphrase}</label>
                        <input id="export-passphrase" type="password" autocomplete="new-password" prop:value=move || passphrase.get()
                            on:input=move |ev| passphrase.set(event_target_value(&ev)) aria-describedby="passphrase-hint" />
                        <small id="passphrase-hint" class="hint">{tb.passphrase_hint}</small>
                    </div>
                    <div class="field">
                        <label for="export-passphrase-confirm">{tb.confirm_passphrase}</label>
                        <input id="export-passphrase-confirm" type="password" autocomplete="new-password" prop:value=move || confirm.get()
                            on:input=move |ev| confirm.set(event_target_value(&ev)) />
                    </div>
                </Show>
                <div class="actions">
                    <button class="primary" disabled=move || exporting.get() on:click=export>{tb.export_backup}</button>
                </div>
            </section>
            <section class="card">
                <h2>{tb.import}</h2>
                <p>{tb.import_text}</p>
                <div class="field">
                    <label for="backup-file">{tb.backup_file}</label>
                    <input id="backup-file" type="file" accept=".json,application/json" on:change=on_file />
                </div>
                {move || chosen.get().map(|n| view! { <p class="chosen-file">{(tb.chosen_file)(&n)}</p> })}
                {move || match import.get() {
                    Import::Idle => ().into_any(),
                    Import::Busy => view! {
                        <div class="progress">
                            <label for="import-progress">{move || (tb.phase)(progress.get().0)}</label>
                            <progress id="import-progress" max="100" value=move || progress.get().1.to_string()></progress>
                            <div class="actions"><button on:click=cancel>{tb.cancel}</button></div>
                        </div>
                    }.into_any(),
                    Import::NeedPassphrase(file, wrong) => view! {
                        <form class="field" on:submit=move |ev| {
                            ev.prevent_default();
                            check(file.clone(), Some(file_passphrase.get_untracked()));
                        }>
                            {wrong.map(|w| view! { <p role="alert" class="error">{(tb.type_again)(&w)}</p> })}
                            <label for="import-passphrase">{tb.file_passphrase}</label>
                            <input id="import-passphrase" type="password" autocomplete="off"
                                on:input=move |ev| file_passphrase.set(event_target_value(&ev)) />
                            <div class="actions"><button type="submit" class="primary">{tb.decrypt}</button></div>
                        </form>
                    }.into_any(),
                    Import::Preview(p) => {
                        let c = p.merge;
                        let summary = (tb.summary)(
                            &date_label(p.exported),
                            if p.app_version.is_empty() { "?" } else { &p.app_version },
                            p.in_file,
                        );
                        view! {
                            <div class="preview" role="region" aria-label=tb.preview_label>
                                <p>{summary}</p>
                                <ul>
                                    <li>{(tb.n_new)(c.new)}</li>
                                    <li>{(tb.n_unchanged)(c.unchanged)}</li>
                                    <li>{(tb.n_newer_in_file)(c.newer_in_file)}</li>
                                    <li>{(tb.n_newer_here)(c.newer_here)}</li>
                                    <li>{(tb.n_deletions)(c.deletions)}</li>
                                    <li>{(tb.n_conflicts)(c.conflicts)}</li>
                                    {(c.restored > 0).then(|| view! {
                                        <li>{(tb.n_restored)(c.restored)}</li>
                                    })}
                                    {(c.redirected > 0).then(|| view! {
                                        <li>{(tb.n_redirected)(c.redirected)}</li>
                                    })}
                                </ul>
                                <p>{(tb.choice)(p.removed)}</p>
                                <div class="actions">
                                    <button class="primary" on:click=move |_| write(false)>{tb.merge}</button>
                                    <button class="danger" on:click=move |_| write(true)>{tb.replace}</button>
                                    <button on:click=move |_| { handle::stop(Job::Import); set_import(Import::Idle) }>{tb.cancel}</button>
                                </div>
                            </div>
                        }.into_any()
                    }
                    Import::Done(msg) => view! { <p role="status" class="done">{msg}</p> }.into_any(),
                    Import::Refused(msg) => view! { <super::fields::Refusal msg /> }.into_any(),
                }}
            </section>
            <super::contacts_import::ContactsImport />
            <section class="card">
                <h2>{tb.spreadsheet}</h2>
                <p>{tb.spreadsheet_text}</p>
                <div class="actions">
                    <button on:click=move |_| export_csv(state, String::new())>{tb.export_all_csv}</button>
                    <button on:click=move |_| export_vcard(state, String::new())>{tb.export_all_vcard}</button>
                </div>
            </section>
        </section>
    }
}

/// Downloads the contacts matching `query` (all for an empty one) in a format.
fn export_contacts(
    state: AppState,
    ids: &[bakkal_core::ContactId],
    ext: &str,
    mime: &str,
    render: impl FnOnce(Vec<(&bakkal_core::Contact, Option<&str>)>) -> String,
) {
    let text = state.book.with_untracked(|b| {
        render(
            ids.iter()
                .filter_map(|id| b.get(*id))
                .map(|c| (c, b.organisation_name(c)))
                .collect(),
        )
    });
    let name = format!(
        "bakkal-contacts-{}.{ext}",
        state.tz().local_date(browser::now())
    );
    if let Err(e) = browser::download(&name, mime, &text) {
        state.notify(Notice::error((crate::i18n::t().backup().file_failed)(&e)));
    }
}

/// The contacts a query finds, in name order.
fn found(state: AppState, query: &str) -> Option<Vec<bakkal_core::ContactId>> {
    match state.find(query, bakkal_core::route::ListOrder::Name, None) {
        Ok(r) => Some(r.ids),
        Err(e) => {
            state.notify(Notice::error(e.to_string()));
            None
        }
    }
}

fn csv(rows: Vec<(&bakkal_core::Contact, Option<&str>)>) -> String {
    bakkal_core::io::csv_export::contacts_csv(rows)
}

fn vcard(rows: Vec<(&bakkal_core::Contact, Option<&str>)>) -> String {
    bakkal_core::io::contacts_import::to_vcard3(rows)
}

/// These contacts as CSV (the selected rows of the list).
pub fn export_csv_of(state: AppState, ids: Vec<bakkal_core::ContactId>) {
    export_contacts(state, &ids, "csv", "text/csv;charset=utf-8", csv);
}

/// These contacts as vCard 3.0.
pub fn export_vcard_of(state: AppState, ids: Vec<bakkal_core::ContactId>) {
    export_contacts(state, &ids, "vcf", "text/vcard;charset=utf-8", vcard);
}

/// The contacts matching `query` as CSV (formula-like cells defused).
pub fn export_csv(state: AppState, query: String) {
    if let Some(ids) = found(state, &query) {
        export_csv_of(state, ids);
    }
}

/// The contacts matching `query` as vCard 3.0.
pub fn export_vcard(state: AppState, query: String) {
    if let Some(ids) = found(state, &query) {
        export_vcard_of(state, ids);
    }
}

/// The tests' injected stop of a check (`globalThis.__bakkalFail = 'panic:check'`), taken
/// once: the check tried again in a fresh worker goes through.
fn take_check_failure() -> Option<String> {
    let key = wasm_bindgen::JsValue::from_str("__bakkalFail");
    let global = js_sys::global();
    let fail = js_sys::Reflect::get(&global, &key).ok()?.as_string()?;
    (fail == "panic:check").then(|| {
        let _ = js_sys::Reflect::delete_property(&global, &key);
        fail
    })
}
