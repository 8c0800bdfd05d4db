//! The whole book out (a backup file) and in (an import plan, Replace and its Undo).

use super::{AppState, Changed, Notice, LAST_BACKUP};
use crate::browser;
use crate::store::StoreError;
use bakkal_core::io::backup::{self, Records};
use leptos::prelude::*;

impl AppState {
    /// Everything in the book, deleted records included, read from the store (another tab
    /// may have written since this one read): what a backup holds.
    pub async fn records(self) -> Result<Records, StoreError> {
        self.store()?.everything().await
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

    /// After the backup worker wrote an import (in one transaction; a Replace keeps the
    /// book it replaced in IndexedDB, for Undo): reads the book again and tells the other
    /// tabs.
    pub async fn imported(self) -> Result<(), StoreError> {
        let store = self.store()?;
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
