//! Backup: export everything (optionally encrypted), import a backup with a preview and a
//! choice of Merge or Replace. The file is read and checked completely before anything
//! is written; every refusal is an alert naming the problem.

use super::common::date_label;
use crate::browser;
use crate::i18n::backup::{Merged, Phase};
use crate::state::{AppState, Notice, Undo};
use bakkal_core::io::backup::{self, Backup, BackupError};
use bakkal_core::io::merge::PerStore;
use bakkal_core::io::merge::{plan_merge, plan_replace, Plan};
use leptos::prelude::*;

/// Where an import stands. Messages are said when they arise: a change of language
/// rebuilds the page, and with it this state.
#[derive(Clone)]
enum Import {
    Idle,
    /// Working: what, and how far (percent).
    Busy(Phase, u32),
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
    let t = crate::i18n::t();
    let tb = &t.backup;
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

    // Checks a backup's text completely and prepares both plans; writes nothing.
    let check = move |text: String, pass: Option<String>| {
        leptos::task::spawn_local(async move {
            set_import(Import::Busy(Phase::Checking, 40));
            let text = match pass {
                Some(p) => {
                    let decrypted = match bakkal_core::io::encrypted::parse(&text) {
                        Ok(e) => crate::crypto::decrypt(&e, &p)
                            .await
                            .map_err(|e| (tb.crypto_error)(&e)),
                        Err(e) => Err((tb.refusal)(&e)),
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
                    Err(e) => return set_import(Import::Refused((tb.refusal)(&e))),
                };
                // Records are checked a few thousand at a time, letting the page paint.
                loop {
                    match reading.step(5000) {
                        Ok(true) => break,
                        Ok(false) => {
                            let pct = 40 + (reading.done() * 25 / reading.total().max(1)) as u32;
                            set_import(Import::Busy(Phase::Checking, pct));
                            gloo_timers::future::TimeoutFuture::new(0).await;
                        }
                        Err(e) => return set_import(Import::Refused((tb.refusal)(&e))),
                    }
                }
                reading.finish()
            };
            set_import(Import::Busy(Phase::Comparing, 65));
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
                Err(e) => set_import(Import::Refused((tb.refusal)(&e))),
            }
        });
    };

    let on_file = move |ev: leptos::ev::Event| {
        let Some(file) = browser::take_chosen_file(&ev) else {
            return;
        };
        chosen.set(Some(file.name()));
        if file.size() > backup::MAX_FILE_BYTES as f64 {
            return set_import(Import::Refused((tb.too_large)(
                file.size() / 1_048_576.0,
                backup::MAX_FILE_BYTES / 1_048_576,
            )));
        }
        set_import(Import::Busy(Phase::Reading, 10));
        leptos::task::spawn_local(async move {
            match browser::read_file(&file).await {
                Ok(text) => check(text, None),
                Err(e) => set_import(Import::Refused((tb.unreadable_file)(&e))),
            }
        });
    };

    let write = move |plan: Plan| {
        leptos::task::spawn_local(async move {
            set_import(Import::Busy(Phase::Writing, 70));
            let counts = plan.counts;
            let replace = plan.replace;
            match state
                .apply_import(plan, move |done, total| {
                    set_import(Import::Busy(
                        Phase::Writing,
                        70 + (done * 29 / total.max(1)) as u32,
                    ));
                })
                .await
            {
                Ok(()) if replace => {
                    set_import(Import::Done(tb.replaced.into()));
                    state.notify(Notice::info(tb.book_replaced).with_undo(Undo::Replace));
                }
                Ok(()) => set_import(Import::Done((tb.merged)(Merged {
                    new: counts.new,
                    updated: counts.newer_in_file,
                    deletions: counts.deletions,
                    conflicts: counts.conflicts,
                    restored: counts.restored,
                    newer_here: counts.newer_here,
                }))),
                Err(e) => set_import(Import::Refused((tb.import_failed)(&e.to_string()))),
            }
        });
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
                    Import::Busy(what, pct) => view! {
                        <div class="progress">
                            <label for="import-progress">{(tb.phase)(what)}</label>
                            <progress id="import-progress" max="100" value=pct.to_string()></progress>
                        </div>
                    }.into_any(),
                    Import::NeedPassphrase(text, wrong) => view! {
                        <form class="field" on:submit=move |ev| {
                            ev.prevent_default();
                            check(text.clone(), Some(file_passphrase.get_untracked()));
                        }>
                            {wrong.map(|w| view! { <p role="alert" class="error">{(tb.type_again)(&w)}</p> })}
                            <label for="import-passphrase">{tb.file_passphrase}</label>
                            <input id="import-passphrase" type="password" autocomplete="off"
                                on:input=move |ev| file_passphrase.set(event_target_value(&ev)) />
                            <div class="actions"><button type="submit" class="primary">{tb.decrypt}</button></div>
                        </form>
                    }.into_any(),
                    Import::Preview { backup, merge, replace } => {
                        let r = &backup.records;
                        let c = merge.counts;
                        let summary = (tb.summary)(
                            &date_label(backup.exported_at.date_naive()),
                            if backup.app_version.is_empty() { "?" } else { &backup.app_version },
                            PerStore::of(r),
                        );
                        let removed = replace.removed;
                        let (m, rp) = ((*merge).clone(), (*replace).clone());
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
                                <p>{(tb.choice)(removed)}</p>
                                <div class="actions">
                                    <button class="primary" on:click=move |_| write(m.clone())>{tb.merge}</button>
                                    <button class="danger" on:click=move |_| write(rp.clone())>{tb.replace}</button>
                                    <button on:click=move |_| set_import(Import::Idle)>{tb.cancel}</button>
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
        state.notify(Notice::error((crate::i18n::t().backup.file_failed)(&e)));
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
