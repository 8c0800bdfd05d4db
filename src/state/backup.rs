//! The whole book out (a backup file) and in (an import plan, Replace and its Undo).

use super::{AppState, Changed, Notice, LAST_BACKUP};
use crate::browser;
use crate::store::StoreError;
use bakkal_core::io::backup::{self, Records};
use bakkal_core::io::merge::Plan;
use leptos::prelude::*;

impl AppState {
    /// Everything in the book, deleted records included, read from the store (another tab
    /// may have written since this one read): what a backup holds.
    pub async fn records(self) -> Result<Records, StoreError> {
        let store = self.store()?;
        let mut records = store.all_records().await?;
        let loaded = store.load_contacts().await?;
        if let Some(p) = loaded.problem {
            return Err(p);
        }
        records.contacts = loaded.items.into_iter().map(|(c, _)| c).collect();
        Ok(records)
    }

    /// Exports the whole book (encrypted when a passphrase is given) as a download. An
    /// encrypted file is decrypted again in memory and compared before it is offered.
    pub async fn export_backup(self, passphrase: Option<String>) -> Result<String, String> {
        let records = self.records().await.map_err(|e| e.to_string())?;
        let now = browser::now();
        let mut text = backup::export(&records, now, env!("CARGO_PKG_VERSION"));
        let encrypted = passphrase.is_some();
        if let Some(p) = passphrase {
            let e = crate::crypto::encrypt(&text, &p)
                .await
                .map_err(|e| e.to_string())?;
            let back = crate::crypto::decrypt(&e, &p)
                .await
                .map_err(|e| (crate::i18n::t().messages.encrypted_check_failed)(&e.to_string()))?;
            if back != text {
                return Err(crate::i18n::t().messages.encrypted_check_differs.into());
            }
            text = bakkal_core::io::encrypted::to_json(&e);
        }
        let name = backup::file_name(self.tz().local_date(now), encrypted);
        browser::download(&name, "application/json", &text)?;
        browser::set_device_time(LAST_BACKUP, now);
        self.last_backup.set(Some(now));
        Ok(name)
    }

    /// Writes an import plan in one transaction, then reads the book again. A Replace
    /// keeps the book it replaces in IndexedDB, for Undo.
    pub async fn apply_import(
        self,
        plan: Plan,
        progress: impl Fn(usize, usize),
    ) -> Result<(), StoreError> {
        let store = self.store()?;
        let w = &plan.write;
        browser::mark("bakkal:import-write-start");
        store.import(w, plan.replace, progress).await?;
        browser::mark("bakkal:import-write-end");
        self.ask_persistence_once();
        self.load(store.clone()).await;
        self.revision.update(|r| *r += 1);
        self.can_undo_replace
            .set(store.has_snapshot().await.unwrap_or(false));
        self.announce(Changed {
            everything: true,
            ..Changed::default()
        });
        Ok(())
    }

    /// Puts back the book the last Replace removed.
    pub async fn undo_replace(self) {
        let result = async {
            let store = self.store()?;
            let done = store.undo_replace().await?;
            if done {
                self.load(store).await;
                self.revision.update(|r| *r += 1);
                self.announce(Changed {
                    everything: true,
                    ..Changed::default()
                });
            }
            Ok::<_, StoreError>(done)
        }
        .await;
        self.can_undo_replace.set(false);
        match result {
            Ok(true) => self.notify(Notice::info(crate::i18n::t().messages.replace_undone)),
            Ok(false) => self.notify(Notice::error(crate::i18n::t().messages.no_replace_to_undo)),
            Err(e) => self.notify(Notice::error(e.to_string())),
        }
    }
}
