//! Actions on contacts: save with the revision check, resolve a conflict, delete with
//! Undo, write a whole book at once, the sample book.

use super::interactions::upsert_follow_up;
use super::{AppState, Changed, Notice, Saved, Undo, RETRIES};
use crate::browser;
use crate::store::{Outcome, StoreError};
use bakkal_core::io::backup::Records;
use bakkal_core::model::rev::{self, bump};
use bakkal_core::{Contact, ContactId, FollowUp};
use leptos::prelude::*;

impl AppState {
    /// Saves an edit of a contact (`base`: the contact as the edit began; `None` for a new
    /// one) if no other tab changed it meanwhile. If one did, changes to different fields
    /// are combined; the same field changed on both sides comes back as a conflict and
    /// nothing is written. The screen follows only what is stored.
    pub async fn save_contact(
        self,
        edited: Contact,
        base: Option<Contact>,
    ) -> Result<Saved, StoreError> {
        let store = self.store()?;
        let (mut mine, mut base) = (edited, base);
        let mut combined = false;
        for _ in 0..RETRIES {
            let start = mine.rev.clone();
            let mut w = mine.clone();
            bump(&mut w);
            browser::mark("bakkal:write-start");
            let outcome = store.put_checked(&[(w.clone(), start)]).await?;
            browser::mark("bakkal:write-end");
            match outcome {
                Outcome::Done(()) => {
                    let id = w.id;
                    self.book.update(|b| b.upsert(w));
                    self.ask_persistence_once();
                    self.announce(Changed {
                        contacts: vec![id],
                        ..Changed::default()
                    });
                    return Ok(if combined {
                        Saved::Combined
                    } else {
                        Saved::Done
                    });
                }
                Outcome::Stale(None) => return Err(StoreError::ContactGone),
                Outcome::Stale(Some(theirs)) => {
                    self.book.update(|b| b.upsert(theirs.clone()));
                    if theirs.is_deleted() && !mine.is_deleted() {
                        // A deletion elsewhere wins over an edit begun before it; Undo
                        // there brings the contact back with its history.
                        return Err(StoreError::ContactGone);
                    }
                    let from = base.clone().unwrap_or_else(|| theirs.clone());
                    match rev::merge_fields(&from, &mine, &theirs, None) {
                        Ok(m) => {
                            mine = m;
                            base = Some(theirs);
                            combined = true;
                        }
                        Err(fields) => {
                            return Ok(Saved::Conflict {
                                theirs: Box::new(theirs),
                                fields,
                            })
                        }
                    }
                }
            }
        }
        Err(StoreError::Failed(
            crate::i18n::t()
                .messages()
                .contact_keeps_changing_retry
                .into(),
        ))
    }

    /// Resolves a contact's conflict with another device's version: `None` keeps the
    /// shown version, `Some(rev)` takes that one. Replicates like any edit.
    pub async fn use_version(
        self,
        id: ContactId,
        choose: Option<rev::Rev>,
    ) -> Result<(), StoreError> {
        let Some(c) = self.book.with_untracked(|b| b.get(id).cloned()) else {
            return Err(StoreError::ContactGone);
        };
        let start = c.rev.clone();
        if let Some(r) = &choose {
            // The version chosen is gone (resolved elsewhere meanwhile): say so here, in
            // the user's words, rather than in the core's.
            if !c.conflicts.iter().any(|l| l.rev() == *r && !l.deleted) {
                let text = (crate::i18n::t().messages().version_gone)(&r.to_string());
                return Err(StoreError::Failed(text));
            }
        }
        let resolved =
            rev::resolve(&c, choose.as_ref(), browser::now()).map_err(StoreError::Failed)?;
        match self
            .store()?
            .put_checked(&[(resolved.clone(), start)])
            .await?
        {
            Outcome::Done(()) => {
                self.book.update(|b| b.upsert(resolved));
                self.announce(Changed {
                    contacts: vec![id],
                    ..Changed::default()
                });
                Ok(())
            }
            Outcome::Stale(theirs) => {
                if let Some(t) = theirs {
                    self.book.update(|b| b.upsert(t));
                }
                Err(StoreError::Failed(
                    crate::i18n::t()
                        .messages()
                        .contact_changed_choose_again
                        .into(),
                ))
            }
        }
    }

    /// Deletes (tombstones) a contact with its interactions and follow-ups; offers Undo.
    pub async fn delete(self, id: ContactId) {
        let name = self
            .book
            .with_untracked(|b| b.get(id).map(|c| c.display_name.clone()));
        let Some(name) = name else { return };
        match self.delete_stored(id).await {
            Ok(()) => {
                self.deleted(vec![id]);
                let text = (crate::i18n::t().messages().deleted)(&name);
                self.notify(Notice::info(text).with_undo(Undo::Contacts(vec![id])));
            }
            Err(e) => self.notify(Notice::error(e.to_string())),
        }
    }

    /// Tombstones one stored contact and its history (checked against other tabs) and
    /// takes the result into the book.
    pub(crate) async fn delete_stored(self, id: ContactId) -> Result<(), StoreError> {
        let Some(mut c) = self.book.with_untracked(|b| b.get(id).cloned()) else {
            return Err(StoreError::ContactGone);
        };
        let now = browser::now();
        let store = self.store()?;
        for _ in 0..RETRIES {
            let start = c.rev.clone();
            let mut d = c.clone();
            d.tombstone(now);
            bump(&mut d);
            match store.set_contact_deleted(&d, &start, now, false).await? {
                Outcome::Done(events) => {
                    self.book.update(|b| {
                        b.set_history(id, events);
                        b.upsert(d);
                    });
                    return Ok(());
                }
                // Changed in another tab meanwhile: delete what is stored now.
                Outcome::Stale(Some(theirs)) if !theirs.is_deleted() => c = theirs,
                Outcome::Stale(_) => return Err(StoreError::ContactGone),
            }
        }
        Err(StoreError::Failed(
            crate::i18n::t().messages().contact_keeps_changing.into(),
        ))
    }

    /// After deletions: every screen and every tab follows.
    pub(crate) fn deleted(self, ids: Vec<ContactId>) {
        self.revision.update(|r| *r += 1);
        self.ask_persistence_once();
        self.deals_followed_contacts();
        self.announce(Changed {
            contacts: ids,
            interactions: true,
            follow_ups: true,
            deals: true,
            ..Changed::default()
        });
    }

    /// Deals go and come back with their contact (`Store::set_contact_deleted`): read them
    /// again after contacts were deleted or restored.
    fn deals_followed_contacts(self) {
        leptos::task::spawn_local(async move {
            if let Ok(store) = self.store() {
                self.load_deals(&store).await;
            }
        });
    }

    /// Brings back what a delete removed: the contacts, and their interactions and
    /// follow-ups deleted with them.
    pub async fn undo(self, what: Undo) {
        match what {
            Undo::Nothing => {}
            Undo::Contacts(ids) => self.undo_delete(ids).await,
            Undo::Replace => self.undo_replace().await,
            Undo::Restore(before) => self.undo_restore(before).await,
            Undo::Unmerge(u) => self.unmerge(*u).await,
            Undo::Deal(d) => self.undo_delete_deal(*d).await,
        }
    }

    async fn undo_delete(self, ids: Vec<ContactId>) {
        let now = browser::now();
        let mut restored = 0;
        let mut restored_ids = Vec::new();
        for id in ids {
            let Some(mut c) = self.book.with_untracked(|b| b.get_any(id).cloned()) else {
                continue;
            };
            let Some(deleted_at) = c.deleted_at else {
                continue;
            };
            let start = c.rev.clone();
            c.restore(now);
            bump(&mut c);
            let result = async {
                self.store()?
                    .set_contact_deleted(&c, &start, deleted_at, true)
                    .await
            }
            .await;
            match result {
                Ok(Outcome::Done(events)) => {
                    self.book.update(|b| {
                        b.set_history(id, events);
                        b.upsert(c);
                    });
                    restored += 1;
                    restored_ids.push(id);
                }
                Ok(Outcome::Stale(_)) => {
                    return self.notify(Notice::error(
                        crate::i18n::t().messages().not_restored_changed,
                    ))
                }
                Err(e) => return self.notify(Notice::error(e.to_string())),
            }
        }
        self.revision.update(|r| *r += 1);
        self.ask_persistence_once();
        self.deals_followed_contacts();
        self.announce(Changed {
            contacts: restored_ids,
            interactions: true,
            follow_ups: true,
            deals: true,
            ..Changed::default()
        });
        self.notify(Notice::info((crate::i18n::t().messages().restored)(
            restored,
        )));
    }

    /// Writes a whole generated or sample book, or imported contacts, in one transaction
    /// (every record a new revision), then reads the written contacts back with the
    /// histories the store derived, and the deals if it brought any.
    pub async fn save_bulk(self, mut records: Records) -> Result<(), StoreError> {
        records.contacts.iter_mut().for_each(bump);
        records.interactions.iter_mut().for_each(bump);
        records.follow_ups.iter_mut().for_each(bump);
        records.deals.iter_mut().for_each(bump);
        let store = self.store()?;
        store.put_bulk(&records).await?;
        let Records {
            contacts,
            interactions,
            follow_ups,
            deals,
            ..
        } = records;
        if !deals.is_empty() {
            self.load_deals(&store).await;
        }
        let mut ids: Vec<ContactId> = contacts.iter().map(|c| c.id).collect();
        ids.extend(interactions.iter().map(|i| i.contact_id));
        bakkal_core::sort::natural(&mut ids);
        ids.dedup();
        let written = store.get_contacts(&ids).await?;
        self.book.update(|b| b.upsert_with_histories(written));
        self.open_items.update(|items| {
            items.extend(interactions.iter().filter(|i| i.is_open()).cloned());
            bakkal_core::sort::by_key(items, |x| x.at);
        });
        self.follow_ups.update(|fs| {
            for f in follow_ups.into_iter().filter(FollowUp::is_open) {
                upsert_follow_up(fs, f);
            }
        });
        self.revision.update(|r| *r += 1);
        self.ask_persistence_once();
        // This tab indexes what it wrote; the other tabs read it (`announce` would have
        // this one read the whole store again for a change this large).
        self.everything.took(&interactions);
        let changed = Changed {
            contacts: ids,
            interactions: true,
            follow_ups: true,
            deals: !deals.is_empty(),
            ..Changed::default()
        };
        self.tell_others(&changed);
        Ok(())
    }

    /// Adds the sample book with a year of interactions and its deals, skipping contacts
    /// already here (loading twice does not duplicate, and never overwrites an edit).
    pub async fn load_sample(self) {
        // Under Turkish the sample book is Turkish; the ids are the same in either.
        let records = self.book.with_untracked(|b| {
            bakkal_core::sample::new_sample_in(
                crate::i18n::lang(),
                browser::now(),
                self.tz(),
                |id| b.get_any(id).is_none(),
            )
        });
        let n = records.contacts.len();
        let result = self
            .save_bulk(records)
            .await
            .map(|_| (crate::i18n::t().messages().sample_added)(n));
        self.report(result);
    }
}
