//! Backup: export everything (optionally encrypted), import a backup with a preview and a
//! choice of Merge or Replace. The file is read and checked completely before anything
//! is written; every refusal is an alert naming the problem.

use super::common::date_label;
use crate::browser;
use crate::state::{AppState, Undo};
use bakkal_core::io::backup::{self, Backup, BackupError};
use bakkal_core::io::merge::{plan_merge, plan_replace, Plan};
use leptos::prelude::*;

/// Where an import stands.
#[derive(Clone)]
enum Import {
    Idle,
    /// Working: what, and how far (percent).
    Busy(&'static str, u32),
    /// The file is encrypted: its text, waiting for the passphrase (and why the last one
    /// did not open it).
    NeedPassphrase(String, Option<String>),
    Preview {
        backup: Box<Backup>,
        merge: Box<Plan>,
        replace: Box<Plan>,
    },
    Done(String),
    Refused(String),
}

#[component]
pub fn BackupPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let encrypt = RwSignal::new(false);
    let passphrase = RwSignal::new(String::new());
    let exporting = RwSignal::new(false);
    let import = RwSignal::new(Import::Idle);
    // The chosen file's name, shown above its preview.
    let chosen = RwSignal::new(None::<String>);
    // Imports finish after awaits: the page may have been left by then.
    let set_import = move |s: Import| {
        let _ = import.try_set(s);
    };
    let file_passphrase = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());

    let export = move |_| {
        let pass = encrypt.get_untracked().then(|| passphrase.get_untracked());
        if pass.as_deref().is_some_and(|p| p.chars().count() < 8) {
            state.show(
                "Choose a passphrase of at least 8 characters.".into(),
                true,
                Undo::Nothing,
            );
            return;
        }
        if pass.as_ref().is_some_and(|p| *p != confirm.get_untracked()) {
            state.show(
                "The two passphrases differ. Type the same passphrase in both fields; no file was written.".into(),
                true,
                Undo::Nothing,
            );
            return;
        }
        exporting.set(true);
        leptos::task::spawn_local(async move {
            match state.export_backup(pass).await {
                Ok(name) => state.show(format!("Backup saved as {name}."), false, Undo::Nothing),
                Err(e) => state.show(
                    format!("The backup could not be made: {e}"),
                    true,
                    Undo::Nothing,
                ),
            }
            exporting.try_set(false);
        });
    };

    // Checks a backup's text completely and prepares both plans; writes nothing.
    let check = move |text: String, pass: Option<String>| {
        leptos::task::spawn_local(async move {
            set_import(Import::Busy("Checking", 40));
            let text = match pass {
                Some(p) => {
                    let decrypted = match bakkal_core::io::encrypted::parse(&text) {
                        Ok(e) => crate::crypto::decrypt(&e, &p)
                            .await
                            .map_err(|e| e.to_string()),
                        Err(e) => Err(e.to_string()),
                    };
                    match decrypted {
                        Ok(t) => t,
                        // Type again: the file stays chosen.
                        Err(e) => return set_import(Import::NeedPassphrase(text, Some(e))),
                    }
                }
                None => text,
            };
            // Let the progress bar paint before the (synchronous) parse.
            gloo_timers::future::TimeoutFuture::new(0).await;
            let parsed = {
                let mut reading = match backup::begin(&text) {
                    Ok(r) => r,
                    Err(BackupError::Encrypted) => {
                        return set_import(Import::NeedPassphrase(text.clone(), None))
                    }
                    Err(e) => return set_import(Import::Refused(e.to_string())),
                };
                // Records are checked a few thousand at a time, letting the page paint.
                loop {
                    match reading.step(5000) {
                        Ok(true) => break,
                        Ok(false) => {
                            let pct = 40 + (reading.done() * 25 / reading.total().max(1)) as u32;
                            set_import(Import::Busy("Checking", pct));
                            gloo_timers::future::TimeoutFuture::new(0).await;
                        }
                        Err(e) => return set_import(Import::Refused(e.to_string())),
                    }
                }
                reading.finish()
            };
            set_import(Import::Busy("Comparing with this book", 65));
            gloo_timers::future::TimeoutFuture::new(0).await;
            let here = match state.records().await {
                Ok(r) => r,
                Err(e) => return set_import(Import::Refused(e.to_string())),
            };
            let plans = plan_merge(&here, &parsed.records, browser::now())
                .and_then(|m| Ok((m, plan_replace(&here, &parsed.records)?)));
            match plans {
                Ok((merge, replace)) => set_import(Import::Preview {
                    backup: Box::new(parsed),
                    merge: Box::new(merge),
                    replace: Box::new(replace),
                }),
                Err(e) => set_import(Import::Refused(e.to_string())),
            }
        });
    };

    let on_file = move |ev: leptos::ev::Event| {
        let Some(file) = browser::take_chosen_file(&ev) else {
            return;
        };
        chosen.set(Some(file.name()));
        if file.size() > backup::MAX_FILE_BYTES as f64 {
            return set_import(Import::Refused(format!(
                "This file is {:.0} MB; Bakkal reads backups of up to {} MB. Nothing was read or changed.",
                file.size() / 1_048_576.0,
                backup::MAX_FILE_BYTES / 1_048_576
            )));
        }
        set_import(Import::Busy("Reading", 10));
        leptos::task::spawn_local(async move {
            match browser::read_file(&file).await {
                Ok(text) => check(text, None),
                Err(e) => set_import(Import::Refused(format!("The file could not be read: {e}."))),
            }
        });
    };

    let write = move |plan: Plan| {
        leptos::task::spawn_local(async move {
            set_import(Import::Busy("Writing", 70));
            let counts = plan.counts;
            let replace = plan.replace;
            match state
                .apply_import(plan, move |done, total| {
                    set_import(Import::Busy(
                        "Writing",
                        70 + (done * 29 / total.max(1)) as u32,
                    ));
                })
                .await
            {
                Ok(()) if replace => {
                    set_import(Import::Done(
                        "The book was replaced by the backup. The previous book is kept in this browser: Undo puts it back.".into(),
                    ));
                    state.show(
                        "Book replaced.".into(),
                        false,
                        Undo::Replace,
                    );
                }
                Ok(()) => set_import(Import::Done(format!(
                    "Merged: {} new, {} updated, {} deletions, {} edited on both sides (both versions kept), {} contacts back with their history; {} newer here kept.",
                    counts.new, counts.newer_in_file, counts.deletions, counts.conflicts, counts.restored, counts.newer_here
                ))),
                Err(e) => set_import(Import::Refused(format!("Nothing was imported: {e}"))),
            }
        });
    };

    view! {
        <section class="backup">
            <h1>"Backup"</h1>
            <p class="sub">{move || match state.last_backup.get() {
                Some(t) => format!("Last backup from this browser: {}.", date_label(state.tz().local_date(t))),
                None => "No backup has been made from this browser yet.".into(),
            }}</p>
            <section class="card">
                <h2>"Export"</h2>
                <p>"Downloads everything in this book — contacts, interactions, follow-ups and settings, deleted records included — as one JSON file. Keep it somewhere safe; import it here or on another device."</p>
                <label class="check">
                    <input type="checkbox" prop:checked=move || encrypt.get() on:change=move |ev| encrypt.set(event_target_checked(&ev)) />
                    "Encrypt with a passphrase"
                </label>
                <Show when=move || encrypt.get()>
                    <div class="field">
                        <label for="export-passphrase">"Passphrase"</label>
                        <input id="export-passphrase" type="password" autocomplete="new-password" prop:value=move || passphrase.get()
                            on:input=move |ev| passphrase.set(event_target_value(&ev)) aria-describedby="passphrase-hint" />
                        <small id="passphrase-hint" class="hint">"At least 8 characters. Without it the backup cannot be opened: nobody can recover it."</small>
                    </div>
                    <div class="field">
                        <label for="export-passphrase-confirm">"Confirm passphrase"</label>
                        <input id="export-passphrase-confirm" type="password" autocomplete="new-password" prop:value=move || confirm.get()
                            on:input=move |ev| confirm.set(event_target_value(&ev)) />
                    </div>
                </Show>
                <div class="actions">
                    <button class="primary" disabled=move || exporting.get() on:click=export>"Export backup"</button>
                </div>
            </section>
            <section class="card">
                <h2>"Import"</h2>
                <p>"Choose a Bakkal backup. It is read and checked completely first; you see what it would change before anything is written."</p>
                <div class="field">
                    <label for="backup-file">"Backup file"</label>
                    <input id="backup-file" type="file" accept=".json,application/json" on:change=on_file />
                </div>
                {move || chosen.get().map(|n| view! { <p class="chosen-file">{format!("File: {n}")}</p> })}
                {move || match import.get() {
                    Import::Idle => ().into_any(),
                    Import::Busy(what, pct) => view! {
                        <div class="progress">
                            <label for="import-progress">{format!("{what}…")}</label>
                            <progress id="import-progress" max="100" value=pct.to_string()></progress>
                        </div>
                    }.into_any(),
                    Import::NeedPassphrase(text, wrong) => view! {
                        <form class="field" on:submit=move |ev| {
                            ev.prevent_default();
                            check(text.clone(), Some(file_passphrase.get_untracked()));
                        }>
                            {wrong.map(|w| view! { <p role="alert" class="error">{format!("{w} Type it again.")}</p> })}
                            <label for="import-passphrase">"Passphrase for this file"</label>
                            <input id="import-passphrase" type="password" autocomplete="off"
                                on:input=move |ev| file_passphrase.set(event_target_value(&ev)) />
                            <div class="actions"><button type="submit" class="primary">"Decrypt"</button></div>
                        </form>
                    }.into_any(),
                    Import::Preview { backup, merge, replace } => {
                        let r = &backup.records;
                        let c = merge.counts;
                        let summary = format!(
                            "This backup was made on {} by Bakkal {}. It holds {} contacts, {} interactions, {} follow-ups and {} settings.",
                            date_label(backup.exported_at.date_naive()), if backup.app_version.is_empty() { "?" } else { &backup.app_version },
                            r.contacts.len(), r.interactions.len(), r.follow_ups.len(), r.settings.len());
                        let removed = replace.removed;
                        let (m, rp) = ((*merge).clone(), (*replace).clone());
                        view! {
                            <div class="preview" role="region" aria-label="Import preview">
                                <p>{summary}</p>
                                <ul>
                                    <li>{format!("{} new", c.new)}</li>
                                    <li>{format!("{} unchanged", c.unchanged)}</li>
                                    <li>{format!("{} newer in the file (they replace this browser's)", c.newer_in_file)}</li>
                                    <li>{format!("{} newer here (kept)", c.newer_here)}</li>
                                    <li>{format!("{} deletions", c.deletions)}</li>
                                    <li>{format!("{} edited both here and in the file (both versions kept; one is shown, you can pick the other)", c.conflicts)}</li>
                                    {(c.restored > 0).then(|| view! {
                                        <li>{format!("{} deleted contacts come back, with their history, because the file has newer interactions or edits for them", c.restored)}</li>
                                    })}
                                    {(c.redirected > 0).then(|| view! {
                                        <li>{format!("{} interactions and follow-ups for contacts you merged go to the contact they were merged into", c.redirected)}</li>
                                    })}
                                </ul>
                                <p>{format!(
                                    "Merge keeps every edit: the newer version of each record, and both versions where both sides edited. Replace makes this book exactly the file; it would remove {} contacts, {} interactions, {} follow-ups and {} settings that are not in the file. The book as it is now stays in this browser, and Undo puts it back.",
                                    removed.contacts, removed.interactions, removed.follow_ups, removed.settings)}</p>
                                <div class="actions">
                                    <button class="primary" on:click=move |_| write(m.clone())>"Merge"</button>
                                    <button class="danger" on:click=move |_| write(rp.clone())>"Replace"</button>
                                    <button on:click=move |_| set_import(Import::Idle)>"Cancel"</button>
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
                <h2>"Contacts for a spreadsheet"</h2>
                <p>"A CSV of every contact (for a mail merge). To export only some, search on the Contacts page and use its Export CSV."</p>
                <div class="actions">
                    <button on:click=move |_| export_csv(state, String::new())>"Export all contacts as CSV"</button>
                    <button on:click=move |_| export_vcard(state, String::new())>"Export all contacts as vCard"</button>
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
        state.show(
            format!("The file could not be made: {e}"),
            true,
            Undo::Nothing,
        );
    }
}

/// The contacts a query finds, in name order.
fn found(state: AppState, query: &str) -> Option<Vec<bakkal_core::ContactId>> {
    match state.find(query, bakkal_core::route::ListOrder::Name, None) {
        Ok(r) => Some(r.ids),
        Err(e) => {
            state.show(e.to_string(), true, Undo::Nothing);
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
