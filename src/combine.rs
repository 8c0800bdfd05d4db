//! **Merge with…**: two contacts become one, in one transaction (`Store::relink`), with
//! Undo. What the merged contact holds is `bakkal_core::model::combine`.

use crate::browser;
use crate::state::{AppState, Changed, Notice, Undo};
use crate::store::{Move, Outcome, StoreError, Which};
use bakkal_core::model::bulk::restored;
use bakkal_core::model::combine::{combined, merged_away, names, repoint, Field, Pick};
use bakkal_core::model::rev::bump;
use bakkal_core::{Contact, ContactId};
use leptos::prelude::*;
use std::collections::{HashMap, HashSet};

/// What Undo of a merge needs: every contact as it was, and what moved.
#[derive(Debug, Clone, PartialEq)]
pub struct Unmerge {
    kept: ContactId,
    other: ContactId,
    before: Vec<Contact>,
    moved: HashSet<String>,
}

impl AppState {
    /// Merges `other` into `kept` with the values `picks` chose; its interactions and
    /// follow-ups move, contacts naming it name `kept`, and it stays as a tombstone that
    /// points to `kept`. Shows a notice with Undo.
    pub async fn merge_contacts(
        self,
        kept: ContactId,
        other: ContactId,
        picks: HashMap<Field, Pick>,
    ) -> Result<(), StoreError> {
        let now = browser::now();
        let (k, o, naming) = self.book.with_untracked(|b| {
            let naming: Vec<Contact> = b
                .iter()
                .filter(|c| c.id != kept && c.id != other)
                .filter(|c| names(c, other))
                .cloned()
                .collect();
            (b.get(kept).cloned(), b.get(other).cloned(), naming)
        });
        let (Some(k), Some(o)) = (k, o) else {
            return Err(StoreError::ContactGone);
        };
        if kept == other {
            return Err(StoreError::Failed(
                crate::i18n::t().messages().merge_with_itself.into(),
            ));
        }
        let mut writes = vec![
            (combined(&k, &o, &picks, now), k.rev.clone()),
            (merged_away(&o, kept, now), o.rev.clone()),
        ];
        for c in &naming {
            let mut x = c.clone();
            repoint(&mut x, other, kept, now);
            writes.push((x, c.rev.clone()));
        }
        let mut before = vec![k.clone(), o.clone()];
        before.extend(naming);
        let moved = self
            .relinked(
                writes,
                Move {
                    from: other,
                    to: kept,
                    which: Which::Live,
                    at: now,
                },
            )
            .await?;
        self.notify(
            Notice::info((crate::i18n::t().messages().merged)(
                &o.display_name,
                &k.display_name,
            ))
            .with_undo(Undo::Unmerge(Box::new(Unmerge {
                kept,
                other,
                before,
                moved,
            }))),
        );
        Ok(())
    }

    /// Undo of a merge: every contact's earlier content as a new revision, and what moved
    /// moves back.
    pub(crate) async fn unmerge(self, u: Unmerge) {
        let now = browser::now();
        let writes = self.book.with_untracked(|b| {
            u.before
                .iter()
                .filter_map(|was| {
                    let current = b.get_any(was.id)?;
                    Some((restored(current, was, now), current.rev.clone()))
                })
                .collect::<Vec<_>>()
        });
        match self
            .relinked(
                writes,
                Move {
                    from: u.kept,
                    to: u.other,
                    which: Which::Only(&u.moved),
                    at: now,
                },
            )
            .await
        {
            Ok(_) => self.notify(Notice::info(crate::i18n::t().messages().merge_undone)),
            Err(e) => self.notify(Notice::error(e.to_string())),
        }
    }

    /// After records arrived from another device (sync): interactions and follow-ups that
    /// landed under a contact merged here move to the contact it was merged into, as
    /// ordinary edits that sync back. A device that logged a call for the old record
    /// before it heard of the merge thus ends with the call on the merged contact.
    /// `among`: the contacts whose records arrived (`None`: any).
    pub async fn follow_merges(self, among: Option<HashSet<ContactId>>) {
        let merged = self.book.with_untracked(|b| {
            b.merged_away()
                .into_iter()
                .filter_map(|(from, to)| Some((from, to, b.get_any(from)?.deleted_at?)))
                .collect::<Vec<_>>()
        });
        let wanted = |id: &ContactId| among.as_ref().is_none_or(|a| a.contains(id));
        // Stamped with the merge's time, so two devices that move the same record make
        // the same revision (no conflict between them).
        for (from, to, at) in merged.into_iter().filter(|(from, ..)| wanted(from)) {
            let what = Move {
                from,
                to,
                which: Which::Live,
                at,
            };
            if let Err(e) = self.relinked(Vec::new(), what).await {
                return self.notify(Notice::error(e.to_string()));
            }
        }
    }

    /// Writes the contacts (each a child of the revision it started from) and moves the
    /// records from `from` to `to`; then this tab's screens and the other tabs follow.
    async fn relinked(
        self,
        mut writes: Vec<(Contact, bakkal_core::model::rev::Rev)>,
        what: Move<'_>,
    ) -> Result<HashSet<String>, StoreError> {
        let (from, to) = (what.from, what.to);
        for (c, _) in writes.iter_mut() {
            bump(c);
        }
        let store = self.store()?;
        match store.relink(&writes, what).await? {
            Outcome::Done(r) if writes.is_empty() && r.moved.is_empty() => Ok(HashSet::new()),
            Outcome::Done(r) => {
                let ids: Vec<ContactId> = writes.iter().map(|(c, _)| c.id).collect();
                self.book.update(|b| {
                    b.set_history(from, r.from_history);
                    b.set_history(to, r.to_history);
                    b.upsert_many(writes.into_iter().map(|(c, _)| c).collect());
                });
                let changed = Changed {
                    contacts: ids,
                    interactions: true,
                    follow_ups: true,
                    ..Changed::default()
                };
                self.announce(changed.clone());
                // This tab's follow-ups and open items moved too.
                self.refresh(Changed {
                    contacts: Vec::new(),
                    ..changed
                })
                .await;
                Ok(r.moved.into_iter().collect())
            }
            Outcome::Stale(Some(theirs)) => {
                self.book.update(|b| b.upsert(theirs));
                Err(StoreError::Failed(
                    crate::i18n::t().messages().merge_changed_meanwhile.into(),
                ))
            }
            Outcome::Stale(None) => Err(StoreError::ContactGone),
        }
    }
}
