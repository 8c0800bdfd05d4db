//! The whole book out (a backup file) and in (an import plan, Replace and its Undo).

use super::{AppState, Changed, Notice, LAST_BACKUP};
use crate::browser;
use crate::store::StoreError;
use crate::worker::{handle, protocol::Reply, protocol::Request};
use bakkal_core::io::backup;
use leptos::prelude::*;

impl AppState {
    /// Exports the whole book (encrypted when a passphrase is given) as a download. The
    /// backup worker reads, writes and encrypts the file; the page only offers it.
    pub async fn export_backup(self, passphrase: Option<String>) -> Result<String, String> {
        let encrypted = passphrase.is_some();
        let request = Request::Export {
            lang: crate::i18n::lang().code().into(),
            passphrase,
        };
        let now = browser::now();
        let file = match handle::ask(handle::Job::Export, &request, None).await {
            (Reply::Exported, Some(file)) => file,
            (Reply::ExportFailed(why), _) => return Err(why),
            (Reply::Crashed(why), _) => {
                return Err((crate::i18n::t().backup().worker_stopped)(&why))
            }
            (other, _) => return Err(format!("{other:?}")),
        };
        let name = backup::file_name(self.tz().local_date(now), encrypted);
        browser::download_blob(&name, &file)?;
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
            Ok(true) => self.notify(Notice::info(crate::i18n::t().messages().replace_undone)),
            Ok(false) => self.notify(Notice::error(
                crate::i18n::t().messages().no_replace_to_undo,
            )),
            Err(e) => self.notify(Notice::error(e.to_string())),
        }
    }
}
