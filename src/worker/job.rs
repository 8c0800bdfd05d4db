//! The worker's side: the backup pipeline (read → decrypt → check → plan → write) against
//! the same IndexedDB database the page uses. Runs only inside the backup worker.

use super::protocol::{self, Preview, Reply, Request};
use crate::i18n::backup::Phase;
use crate::store::Store;
use bakkal_core::io::backup::{self, BackupError, Records};
use bakkal_core::io::merge::{plan_merge, plan_replace, PerStore, Plan};
use bakkal_core::Lang;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// What the last Check leaves for the Write that follows it: the Merge's plan, and what a
/// Replace is planned from (planned again only if chosen). One plan at a time, never
/// two: each holds a copy of the records it writes.
struct Planned {
    merge: Plan,
    here: Records,
    incoming: Records,
}

thread_local! {
    static PLANNED: RefCell<Option<Planned>> = const { RefCell::new(None) };
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(reply: &Reply) {
    post_with(reply, None);
}

fn post_with(reply: &Reply, blob: Option<&web_sys::Blob>) {
    let _ = scope().post_message(&protocol::encode(reply, blob));
}

fn progress(phase: Phase, percent: u32) {
    post(&Reply::Progress { phase, percent });
}

/// The worker's entry point: answers each request with one final reply (progress on the
/// way). A panic aborts the open write and tells the page before the module stops.
pub fn run() {
    std::panic::set_hook(Box::new(|info| {
        crate::store::abort_open_writes();
        post(&Reply::Crashed(info.to_string()));
    }));
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|ev: MessageEvent| {
        let Some((request, blob)) = protocol::decode::<Request>(&ev.data()) else {
            return;
        };
        wasm_bindgen_futures::spawn_local(async move {
            let reply = match request {
                Request::Check {
                    lang,
                    passphrase,
                    fail,
                } => {
                    crate::i18n::apply(Lang::from_code(&lang).unwrap_or_default(), false);
                    if fail.as_deref() == Some("panic:check") {
                        panic!("injected panic in the check");
                    }
                    check(blob.and_then(|b| b.dyn_into().ok()), passphrase).await
                }
                Request::Write { replace, fail } => write(replace, fail).await,
                Request::ReadContacts { lang } => {
                    crate::i18n::apply(Lang::from_code(&lang).unwrap_or_default(), false);
                    read_contacts(blob.and_then(|b| b.dyn_into().ok())).await
                }
                Request::Export { lang, passphrase } => {
                    crate::i18n::apply(Lang::from_code(&lang).unwrap_or_default(), false);
                    match export(passphrase).await {
                        Ok(file) => return post_with(&Reply::Exported, Some(&file)),
                        Err(why) => Reply::ExportFailed(why),
                    }
                }
            };
            post(&reply);
        });
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&Reply::Ready);
}

/// Reads and checks the file completely and plans both choices; writes nothing.
async fn check(file: Option<web_sys::File>, passphrase: Option<String>) -> Reply {
    let tb = crate::i18n::t().backup();
    progress(Phase::Reading, 10);
    // The file's bytes straight into this module's memory (a JavaScript string of it
    // would be a second, often two-byte, copy).
    let read = match &file {
        Some(f) => crate::browser::read_file_bytes(f).await,
        None => Err(crate::i18n::t().messages().file_not_read.to_string()),
    };
    let text = match read.map(String::from_utf8) {
        Ok(Ok(t)) => t,
        // Not UTF-8: read as the browser would, bad bytes replaced (the checks then say
        // what is wrong with the file).
        Ok(Err(e)) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        Err(e) => return Reply::Refused((tb.unreadable_file)(&e)),
    };
    progress(Phase::Checking, 40);
    let text = match passphrase {
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
                Err(e) => return Reply::NeedPassphrase { wrong: Some(e) },
            }
        }
        None => text,
    };
    let parsed = {
        let mut reading = match backup::begin(&text) {
            Ok(r) => r,
            Err(BackupError::Encrypted) => return Reply::NeedPassphrase { wrong: None },
            Err(e) => return Reply::Refused((tb.refusal)(&e)),
        };
        loop {
            match reading.step(5000) {
                Ok(true) => break,
                Ok(false) => progress(
                    Phase::Checking,
                    40 + (reading.done() * 25 / reading.total().max(1)) as u32,
                ),
                Err(e) => return Reply::Refused((tb.refusal)(&e)),
            }
        }
        reading.finish()
    };
    // The file's text is no longer needed: free it before the book is read.
    drop(text);
    progress(Phase::Comparing, 65);
    let here = match read_book().await {
        Ok(r) => r,
        Err(e) => return Reply::Refused(e.to_string()),
    };
    // What a Replace would remove, then the Merge's plan (kept: the likelier choice).
    let plans = plan_replace(&here, &parsed.records)
        .map(|r| r.removed)
        .and_then(|removed| {
            Ok((
                removed,
                plan_merge(&here, &parsed.records, crate::browser::now())?,
            ))
        });
    match plans {
        Ok((removed, merge)) => {
            let preview = Preview {
                exported: parsed.exported_at.date_naive(),
                app_version: parsed.app_version,
                in_file: PerStore::of(&parsed.records),
                merge: merge.counts,
                removed,
            };
            let planned = Planned {
                merge,
                here,
                incoming: parsed.records,
            };
            PLANNED.with(|p| *p.borrow_mut() = Some(planned));
            Reply::Preview(preview)
        }
        Err(e) => Reply::Refused((tb.refusal)(&e)),
    }
}

/// Writes the chosen plan in one transaction.
async fn write(replace: bool, fail: Option<String>) -> Reply {
    let tb = crate::i18n::t().backup();
    if let Some(f) = fail {
        let _ = js_sys::Reflect::set(&js_sys::global(), &"__bakkalFail".into(), &f.into());
    }
    let Some(planned) = PLANNED.with(|p| p.borrow_mut().take()) else {
        return Reply::WriteFailed((tb.import_failed)(tb.nothing_planned));
    };
    // Only the chosen plan stays in memory while it is written.
    let Planned {
        merge,
        here,
        incoming,
    } = planned;
    let plan = if replace {
        drop(merge);
        plan_replace(&here, &incoming)
    } else {
        Ok(merge)
    };
    drop((here, incoming));
    let plan = match plan {
        Ok(p) => p,
        Err(e) => return Reply::WriteFailed((tb.refusal)(&e)),
    };
    progress(Phase::Writing, 70);
    let store = match open().await {
        Ok(s) => s,
        Err(e) => return Reply::WriteFailed((tb.import_failed)(&e.to_string())),
    };
    let result = store
        .import(&plan.write, plan.replace, |done, total| {
            progress(Phase::Writing, 70 + (done * 29 / total.max(1)) as u32)
        })
        .await;
    store.close();
    match result {
        Ok(()) => Reply::Written {
            replace: plan.replace,
            counts: plan.counts,
        },
        Err(e) => Reply::WriteFailed((tb.import_failed)(&e.to_string())),
    }
}

/// A contacts file: a vCard's cards, or a CSV's rows for the column mapping (which the
/// page shows before any contact is made of them).
async fn read_contacts(file: Option<web_sys::File>) -> Reply {
    use bakkal_core::io::{contacts_import::read_csv, vcard};
    let (name, read) = match &file {
        Some(f) => (f.name(), crate::browser::read_file_bytes(f).await),
        None => (
            String::new(),
            Err(crate::i18n::t().messages().file_not_read.to_string()),
        ),
    };
    let bytes = match read {
        Ok(b) => b,
        Err(e) => return Reply::Refused((crate::i18n::t().backup().unreadable_file)(&e)),
    };
    let text = vcard::decode_file(&bytes);
    if vcard::is_vcard(&name, &text) {
        return Reply::Cards(vcard::parse(
            &text,
            crate::browser::now(),
            crate::browser::random_id,
        ));
    }
    match read_csv(&bytes) {
        Ok(rows) if rows.len() > 1 => Reply::Rows(rows),
        Ok(_) => Reply::Refused(crate::i18n::t().contacts_import().header_only.into()),
        Err(e) => Reply::Refused((crate::i18n::t().contacts_import().not_readable)(&e)),
    }
}

/// The whole book as a backup file: everything the store holds, deleted records included
/// (read here, not from a tab's memory: another tab may have written since). An encrypted
/// file is decrypted again and compared before it is offered.
async fn export(passphrase: Option<String>) -> Result<web_sys::Blob, String> {
    let records = read_book().await.map_err(|e| e.to_string())?;
    let mut text = backup::export(&records, crate::browser::now(), env!("CARGO_PKG_VERSION"));
    drop(records);
    if let Some(p) = passphrase {
        let messages = crate::i18n::t().messages();
        let e = crate::crypto::encrypt(&text, &p)
            .await
            .map_err(|e| e.to_string())?;
        let back = crate::crypto::decrypt(&e, &p)
            .await
            .map_err(|e| (messages.encrypted_check_failed)(&e.to_string()))?;
        if back != text {
            return Err(messages.encrypted_check_differs.into());
        }
        text = bakkal_core::io::encrypted::to_json(&e);
    }
    crate::browser::blob_of("application/json", &text)
}

/// Everything the store holds (`Store::everything`), the connection closed after.
async fn read_book() -> Result<Records, crate::store::StoreError> {
    let store = open().await?;
    let records = store.everything().await;
    store.close();
    records
}

/// The page's database. Another tab upgrading it closes this connection: the request in
/// progress then fails with a message, and the page may try again.
async fn open() -> Result<Store, crate::store::StoreError> {
    Store::open(|| {}).await
}
