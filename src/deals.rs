//! Deals as actions: reading them into memory and moving one to another stage, each move
//! written from the revision the board showed (`Store::put_checked`), like every edit.
//! What a move means (its stage entry, the time in stage) is `bakkal_core::model::deal`.

use crate::browser;
use crate::state::{AppState, Changed};
use crate::store::{Outcome, Store, StoreError};
use bakkal_core::model::deal::{Deal, DealId, StageId};
use bakkal_core::model::rev::bump;
use leptos::prelude::*;

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
                    self.show(p.to_string(), true, crate::state::Undo::Nothing);
                }
            }
            Err(e) => self.show(e.to_string(), true, crate::state::Undo::Nothing),
        }
    }

    /// **Move to**: the deal enters `stage` now. Refused, changing nothing, when another tab
    /// or device changed the deal since the board showed it; the board then shows theirs.
    pub async fn move_deal(self, id: DealId, stage: StageId) {
        let t = crate::i18n::t();
        let Some(shown) = self
            .deals
            .with_untracked(|ds| ds.iter().find(|d| d.id == id).cloned())
        else {
            return;
        };
        let mut moved = shown.clone();
        if moved.move_to(stage.clone(), browser::now()).is_err() {
            return;
        }
        bump(&mut moved);
        let result = match self.store() {
            Ok(store) => {
                store
                    .put_checked(&[(moved.clone(), shown.rev.clone())])
                    .await
            }
            Err(e) => Err(e),
        };
        let result = match result {
            Ok(Outcome::Done(())) => {
                self.put_deal(moved.clone());
                self.announce(Changed {
                    deals: true,
                    ..Changed::default()
                });
                let name = self
                    .pipeline
                    .with_untracked(|p| p.stage(&stage).map(crate::ui::stage_name))
                    .unwrap_or_else(|| stage.0.clone());
                Ok((t.deals.moved)(&moved.title, &name))
            }
            Ok(Outcome::Stale(theirs)) => {
                if let Some(d) = theirs {
                    self.put_deal(d);
                }
                Err(StoreError::Failed(t.deals.moved_elsewhere.into()))
            }
            Err(e) => Err(e),
        };
        self.report(result);
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
