//! Actions on interactions and follow-ups, and reading them from the store.

use super::{AppState, Changed, RETRIES};
use crate::browser;
use crate::store::{Outcome, StoreError};
use bakkal_core::model::rev::{self, bump};
use bakkal_core::{ContactId, FollowUp, FollowUpId, Interaction};
use leptos::prelude::*;

impl AppState {
    /// Saves an interaction (new or edited, resolved or deleted) with an optional new
    /// follow-up, and refreshes the contact's history from the store. `base` is the
    /// interaction as the edit began (`None` for a new one): if another tab changed it
    /// meanwhile, different fields are combined and the same field is refused.
    pub async fn save_interaction(
        self,
        i: Interaction,
        base: Option<Interaction>,
        follow_up: Option<FollowUp>,
    ) -> Result<(), StoreError> {
        let store = self.store()?;
        let mut follow_up = follow_up;
        if let Some(f) = follow_up.as_mut() {
            bump(f);
        }
        let (mut mine, mut base) = (i, base);
        for _ in 0..RETRIES {
            let start = mine.rev.clone();
            let mut w = mine.clone();
            bump(&mut w);
            match store
                .save_interaction(&w, &start, follow_up.as_ref())
                .await?
            {
                Outcome::Done(events) => {
                    self.book.update(|b| b.set_history(w.contact_id, events));
                    self.open_items.update(|items| {
                        items.retain(|x| x.id != w.id);
                        if w.is_open() {
                            items.push(w.clone());
                            bakkal_core::sort::by_key(items, |x| x.at);
                        }
                    });
                    if let Some(f) = follow_up {
                        self.follow_ups.update(|fs| upsert_follow_up(fs, f));
                    }
                    self.revision.update(|r| *r += 1);
                    self.ask_persistence_once();
                    self.announce(Changed {
                        contacts: vec![w.contact_id],
                        interactions: true,
                        follow_ups: true,
                        ..Changed::default()
                    });
                    return Ok(());
                }
                Outcome::Stale(None) => {
                    return Err(StoreError::Failed(
                        crate::i18n::t().messages().interaction_gone.into(),
                    ))
                }
                Outcome::Stale(Some(theirs)) => {
                    let from = base.clone().unwrap_or_else(|| theirs.clone());
                    match rev::merge_fields(&from, &mine, &theirs, None) {
                        Ok(m) => {
                            mine = m;
                            base = Some(theirs);
                        }
                        Err(fields) => {
                            self.revision.update(|r| *r += 1);
                            let names: Vec<&str> =
                                fields.iter().map(|f| f.field.as_str()).collect();
                            let text = (crate::i18n::t().messages().interaction_clash)(&names);
                            return Err(StoreError::Failed(text));
                        }
                    }
                }
            }
        }
        Err(StoreError::Failed(
            crate::i18n::t()
                .messages()
                .interaction_keeps_changing
                .into(),
        ))
    }

    /// Adds or changes a follow-up on its own (refused, with the stored version shown,
    /// if another tab changed it meanwhile).
    pub async fn save_follow_up(self, f: FollowUp) -> Result<(), StoreError> {
        let start = f.rev.clone();
        let mut w = f;
        bump(&mut w);
        match self.store()?.put_checked(&[(w.clone(), start)]).await? {
            Outcome::Done(()) => {
                self.follow_ups.update(|fs| upsert_follow_up(fs, w));
                self.ask_persistence_once();
                self.announce(Changed {
                    follow_ups: true,
                    ..Changed::default()
                });
                Ok(())
            }
            Outcome::Stale(theirs) => {
                if let Some(t) = theirs {
                    self.follow_ups.update(|fs| upsert_follow_up(fs, t));
                }
                Err(StoreError::Failed(
                    crate::i18n::t().messages().follow_up_clash.into(),
                ))
            }
        }
    }

    pub async fn mark_follow_up_done(self, id: FollowUpId) {
        let Some(mut f) = self
            .follow_ups
            .with_untracked(|fs| fs.iter().find(|f| f.id == id).cloned())
        else {
            return;
        };
        f.mark_done(browser::now());
        let result = self
            .save_follow_up(f)
            .await
            .map(|_| crate::i18n::t().messages().follow_up_done.to_string());
        self.report(result);
    }

    /// Moves an open follow-up to another day.
    pub async fn snooze_follow_up(self, id: FollowUpId, to: chrono::NaiveDate) {
        let Some(mut f) = self
            .follow_ups
            .with_untracked(|fs| fs.iter().find(|f| f.id == id).cloned())
        else {
            return;
        };
        f.snooze(to, browser::now());
        let result = self
            .save_follow_up(f)
            .await
            .map(|_| (crate::i18n::t().messages().follow_up_moved)(to));
        self.report(result);
    }

    /// Marks an open complaint or request resolved today.
    pub async fn resolve(self, mut i: Interaction) {
        let base = i.clone();
        let now = browser::now();
        i.resolve(self.tz().local_date(now), now);
        let kind = i.kind;
        let result = self
            .save_interaction(i, Some(base), None)
            .await
            .map(|_| (crate::i18n::t().messages().resolved)(kind));
        self.report(result);
    }

    /// Reads one interaction as stored now.
    pub async fn interaction(
        self,
        id: bakkal_core::InteractionId,
    ) -> Result<Option<Interaction>, StoreError> {
        Ok(self
            .store()?
            .get_many::<Interaction>(&[id.to_string()])
            .await?
            .pop())
    }

    /// Reads a contact's timeline from the store.
    pub async fn timeline(self, id: ContactId) -> Result<Vec<Interaction>, StoreError> {
        let loaded = self.store()?.timeline(id).await?;
        Ok(loaded.items)
    }

    /// One page of Activity (see `Store::activity_page`).
    pub async fn activity_page(
        self,
        after: Option<String>,
        until: Option<String>,
        n: u32,
    ) -> Result<Vec<Interaction>, StoreError> {
        Ok(self
            .store()?
            .activity_page(after.as_deref(), until.as_deref(), n)
            .await?
            .items)
    }
}

pub(super) fn upsert_follow_up(fs: &mut Vec<FollowUp>, f: FollowUp) {
    fs.retain(|x| x.id != f.id);
    if f.is_open() {
        fs.push(f);
        bakkal_core::sort::by_key(fs, |x| x.due);
    }
}
