//! Deals as actions: reading them into memory and moving one to another stage, each move
//! written from the revision the board showed (`Store::put_checked`), like every edit.
//! What a move means (its stage entry, the time in stage) is `bakkal_core::model::deal`.

use crate::browser;
use crate::state::{AppState, Changed, Notice, Undo};
use crate::store::{Outcome, Store, StoreError};
use bakkal_core::model::deal::{Deal, DealChange, DealId, Pipeline, StageId};
use bakkal_core::model::rev::{self, bump, Rev};
use bakkal_core::segment::DealIndex;
use bakkal_core::InteractionId;
use leptos::prelude::*;

/// How a deal is decided on its page.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    Won {
        record_purchase: bool,
    },
    /// A lost reason's id and the user's words.
    Lost {
        reason: String,
        note: String,
    },
    Reopen,
}

/// What `deal:` filters read, as a memo of the deals and the pipeline: every deal's
/// contact, status and stage, and each stage under every name a user may type for it (its
/// id, the user's name, the built-in names in both languages, so a query saved under one
/// language works in the other).
pub(crate) fn deal_index(
    deals: RwSignal<Vec<Deal>>,
    pipeline: RwSignal<Pipeline>,
) -> Memo<DealIndex> {
    Memo::new(move |_| {
        deals.with(|ds| {
            pipeline.with(|p| {
                let names = p.stages.iter().map(|s| {
                    let mut names = vec![s.id.0.clone()];
                    names.extend(s.name.clone());
                    for texts in crate::i18n::every_language() {
                        names.extend((texts.deals().built_in_stage)(&s.id.0).map(str::to_string));
                    }
                    (s.id.clone(), names)
                });
                DealIndex::new(ds, names)
            })
        })
    })
}

impl AppState {
    /// Reads every deal not deleted; a deal that cannot be read is reported, the rest show.
    pub(crate) async fn load_deals(&self, store: &Store) {
        match store.deals().await {
            Ok(loaded) => {
                let live: Vec<Deal> = loaded
                    .items
                    .into_iter()
                    .filter(|d| !d.is_deleted())
                    .collect();
                if self.deals.with_untracked(|d| *d != live) {
                    self.deals.set(live);
                }
                if let Some(p) = loaded.problem {
                    self.notify(Notice::error(p.to_string()));
                }
            }
            Err(e) => self.notify(Notice::error(e.to_string())),
        }
    }

    /// The deal as this tab holds it (live ones only).
    pub fn deal(&self, id: DealId) -> Option<Deal> {
        self.deals
            .with_untracked(|ds| ds.iter().find(|d| d.id == id).cloned())
    }

    /// **Move to**: the deal enters `stage` now. Refused, changing nothing, when another tab
    /// or device changed the deal since the board showed it; the board then shows theirs.
    pub async fn move_deal(self, id: DealId, stage: StageId) {
        let t = crate::i18n::t();
        let Some(shown) = self.deal(id) else {
            return;
        };
        let mut moved = shown.clone();
        if moved.move_to(stage.clone(), browser::now()).is_err() {
            return;
        }
        let result = self.write_deal(&shown.rev, moved.clone()).await.map(|_| {
            let name = self
                .pipeline
                .with_untracked(|p| p.stage(&stage).map(crate::ui::stage_name))
                .unwrap_or_else(|| stage.0.clone());
            (t.deals().moved)(&moved.title, &name)
        });
        self.report(result);
    }

    /// Saves a new deal (`base` `None`) or an edit of `base`. If another tab changed the deal
    /// meanwhile, changes to different fields are combined; the same field changed on both
    /// sides is refused, and the page shows their version.
    pub async fn save_deal(self, edited: Deal, base: Option<Deal>) -> Result<(), StoreError> {
        let start = base.as_ref().map(|b| b.rev.clone()).unwrap_or_default();
        match self.write_deal(&start, edited.clone()).await.map(|_| ()) {
            Err(StoreError::DealChanged) => {
                let (Some(base), Some(theirs)) = (base, self.deal(edited.id)) else {
                    return Err(StoreError::DealChanged);
                };
                let mine = rev::merge_fields(&base, &edited, &theirs, None)
                    .map_err(|_| StoreError::DealChanged)?;
                self.write_deal(&theirs.rev, mine).await.map(|_| ())
            }
            other => other,
        }
    }

    /// **Mark won** (with **Record as purchase**: the purchase interaction is written in the
    /// same transaction as the deal, so revenue, tiers and Insights follow), **Mark lost**
    /// or **Reopen**, from the version the page showed.
    pub async fn decide_deal(self, id: DealId, decision: Decision) -> Result<(), StoreError> {
        let t = crate::i18n::t();
        let shown = self.deal(id).ok_or(StoreError::DealChanged)?;
        let now = browser::now();
        let today = self.tz().local_date(now);
        let mut d = shown.clone();
        let refused = |_| StoreError::Failed(t.deal().already.into());
        let purchase = match &decision {
            Decision::Won { record_purchase } => {
                d.mark_won(today, now).map_err(refused)?;
                if *record_purchase {
                    let iid = InteractionId::from_random_bytes(browser::random_bytes());
                    d.won_purchase(iid, self.tz(), now)
                } else {
                    None
                }
            }
            Decision::Lost { reason, note } => {
                d.mark_lost(today, reason, note, now).map_err(|e| match e {
                    DealChange::NoReason => StoreError::Failed(t.deal().reason_needed.into()),
                    _ => StoreError::Failed(t.deal().already.into()),
                })?;
                None
            }
            Decision::Reopen => {
                d.reopen(now).map_err(refused)?;
                None
            }
        };
        let Some(p) = purchase else {
            return self.write_deal(&shown.rev, d).await.map(|_| ());
        };
        self.write_with_interaction(d, &shown.rev, p, &Rev::default())
            .await
    }

    /// **Start a deal** from a proposal: the new deal, and the proposal linked to it, in one
    /// transaction. Refused, changing nothing, when the proposal changed meanwhile.
    pub async fn start_deal_from(
        self,
        deal: Deal,
        proposal: bakkal_core::Interaction,
    ) -> Result<(), StoreError> {
        let base = proposal.rev.clone();
        let mut linked = proposal;
        linked.deal_id = Some(deal.id);
        linked.updated_at = deal.created_at;
        self.write_with_interaction(deal, &Rev::default(), linked, &base)
            .await
    }

    /// A deal and an interaction written together, each from the revision its screen
    /// showed: both or neither (`Store::save_interaction_and`).
    async fn write_with_interaction(
        &self,
        mut d: Deal,
        deal_base: &Rev,
        mut p: bakkal_core::Interaction,
        interaction_base: &Rev,
    ) -> Result<(), StoreError> {
        let id = d.id;
        bump(&mut d);
        bump(&mut p);
        let store = self.store()?;
        match store
            .save_interaction_and(&p, interaction_base, None, Some((&d, deal_base)))
            .await
        {
            Ok(Outcome::Done(events)) => {
                self.book.update(|b| b.set_history(p.contact_id, events));
                self.put_deal(d);
                self.revision.update(|r| *r += 1);
                self.announce(Changed {
                    contacts: vec![p.contact_id],
                    interactions: true,
                    deals: true,
                    ..Changed::default()
                });
                Ok(())
            }
            Ok(Outcome::Stale(_)) => Err(StoreError::Failed(
                crate::i18n::t().deal().interaction_changed.into(),
            )),
            Err(e) => {
                if e == StoreError::DealChanged {
                    self.reload_deal(id).await;
                }
                Err(e)
            }
        }
    }

    /// **Delete**: a tombstone, with Undo in the notice.
    pub async fn delete_deal(self, id: DealId) {
        let Some(shown) = self.deal(id) else {
            return;
        };
        let mut d = shown.clone();
        d.tombstone(browser::now());

        match self.write_deal(&shown.rev, d).await {
            Ok(d) => {
                let text = (crate::i18n::t().deal().deleted)(&d.title);
                self.notify(Notice::info(text).with_undo(Undo::Deal(Box::new(d))));
            }
            Err(e) => self.notify(Notice::error(e.to_string())),
        }
    }

    /// Undo of **Delete**: the deal as it was, a new revision after the tombstone.
    pub(crate) async fn undo_delete_deal(self, tombstone: Deal) {
        let mut d = tombstone.clone();
        d.restore(browser::now());
        let result = self
            .write_deal(&tombstone.rev, d)
            .await
            .map(|d| (crate::i18n::t().deal().restored)(&d.title));
        self.report(result);
    }

    /// Writes `changed` as a child of `start` (the revision the screen showed) and takes it
    /// into memory; when another tab or device wrote first, nothing is written, their
    /// version is shown and the answer is [`StoreError::DealChanged`].
    async fn write_deal(&self, start: &Rev, changed: Deal) -> Result<Deal, StoreError> {
        let mut w = changed;
        bump(&mut w);
        match self
            .store()?
            .put_checked(&[(w.clone(), start.clone())])
            .await?
        {
            Outcome::Done(()) => {
                self.put_deal(w.clone());
                self.announce(Changed {
                    deals: true,
                    ..Changed::default()
                });
                Ok(w)
            }
            Outcome::Stale(theirs) => {
                if let Some(d) = theirs {
                    self.put_deal(d);
                }
                Err(StoreError::DealChanged)
            }
        }
    }

    /// Settings → **Pipeline**: first the deals of removed stages go where the user chose
    /// (each a checked write: a decided deal just takes the stage it would reopen in), then
    /// the changed stages are written as settings items. Stops at the first refusal, with
    /// the pipeline unchanged.
    pub async fn save_pipeline(
        self,
        new: Pipeline,
        moves: Vec<(DealId, StageId)>,
    ) -> Result<(), StoreError> {
        let now = browser::now();
        for (id, to) in moves {
            let Some(shown) = self.deal(id) else {
                continue;
            };
            let mut d = shown.clone();
            if d.move_to(to.clone(), now).is_err() {
                d.stage = to;
                d.updated_at = now;
            }
            self.write_deal(&shown.rev, d).await?;
        }
        let changes = self
            .pipeline
            .with_untracked(|old| bakkal_core::model::settings::pipeline_changes(old, &new));
        if !changes.is_empty() {
            self.put_settings(changes).await?;
        }
        self.pipeline.set(new);
        Ok(())
    }

    /// Reads one deal again from the store (after a refused write).
    async fn reload_deal(&self, id: DealId) {
        if let Ok(store) = self.store() {
            if let Ok(found) = store.get_many::<Deal>(&[id.to_string()]).await {
                found.into_iter().for_each(|d| self.put_deal(d));
            }
        }
    }

    /// Puts `d` in memory in place of its older version (or drops it when deleted).
    fn put_deal(&self, d: Deal) {
        self.deals.update(|ds| {
            ds.retain(|x| x.id != d.id);
            if !d.is_deleted() {
                ds.push(d);
            }
        });
    }
}
