//! Actions on many contacts at once (the contact list's bulk actions, Remove sample data)
//! and their Undo. Each contact is an ordinary checked write of `AppState`; the changes
//! themselves are `bakkal_core::model::bulk`.

use crate::browser;
use crate::state::{AppState, Notice, Saved, Undo};
use crate::store::StoreError;
use bakkal_core::model::bulk::{restored, BulkEdit};
use bakkal_core::{Contact, ContactId};
use leptos::prelude::*;

/// What a deletion of many contacts removes, as its notice names them ("Removed 40
/// sample contacts.").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removing {
    /// **Remove sample data**.
    Sample,
    /// Chosen contacts.
    Contacts,
}

impl AppState {
    /// Deletes several contacts (with their interactions and follow-ups), with one Undo
    /// for all; `what` names them in the notice ([`Removing::Sample`]).
    pub async fn delete_many(self, ids: Vec<ContactId>, what: Removing) {
        let mut done = Vec::with_capacity(ids.len());
        let mut failure = None;
        for id in ids {
            match self.delete_stored(id).await {
                Ok(()) => done.push(id),
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            }
        }
        let n = done.len();
        if n > 0 {
            self.deleted(done.clone());
        }
        let t = crate::i18n::t();
        match failure {
            None => self.notify(
                Notice::info((t.messages().removed)(n, what)).with_undo(Undo::Contacts(done)),
            ),
            Some(e) => self.notify(
                Notice::error((t.messages().removed_then_stopped)(n, what, &e.to_string()))
                    .with_undo(Undo::Contacts(done)),
            ),
        }
    }

    /// Applies one change to many contacts (each an ordinary checked edit), with one Undo.
    pub async fn edit_many(self, ids: Vec<ContactId>, edit: BulkEdit) {
        let now = browser::now();
        let result = self
            .write_many(ids.into_iter().map(|id| (id, ())).collect(), |c, _| {
                edit.apply(c, now)
            })
            .await;
        match result {
            Ok(before) => {
                let n = before.len();
                let text = (crate::i18n::t().messages().bulk_done)(&edit, n);
                self.notify(Notice::info(text).with_undo(Undo::Restore(before)));
            }
            Err(e) => self.notify(Notice::error(e.to_string())),
        }
    }

    /// Changes each contact with `change` (skipping those it leaves as they were) and
    /// saves it; gives the contacts as they were before, for Undo.
    async fn write_many<T>(
        self,
        items: Vec<(ContactId, T)>,
        change: impl Fn(&mut Contact, &T) -> bool,
    ) -> Result<Vec<Contact>, StoreError> {
        let mut before = Vec::new();
        for (id, x) in items {
            let Some(current) = self.book.with_untracked(|b| b.get(id).cloned()) else {
                continue;
            };
            let mut edited = current.clone();
            if !change(&mut edited, &x) {
                continue;
            }
            match self.save_contact(edited, Some(current.clone())).await? {
                Saved::Done | Saved::Combined => before.push(current),
                // The same field changed in another tab just now: theirs stands.
                Saved::Conflict { .. } => {}
            }
        }
        Ok(before)
    }

    /// Undo of a bulk edit: each contact's earlier content, written as a new revision.
    pub(crate) async fn undo_restore(self, before: Vec<Contact>) {
        let n = before.len();
        let now = browser::now();
        let result = self
            .write_many(before.into_iter().map(|b| (b.id, b)).collect(), |c, b| {
                *c = restored(c, b, now);
                true
            })
            .await;
        match result {
            Ok(_) => self.notify(Notice::info((crate::i18n::t().messages().undone_for)(n))),
            Err(e) => self.notify(Notice::error(e.to_string())),
        }
    }
}
