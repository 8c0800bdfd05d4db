//! **Search everything**'s index, kept in step with the book: built after the book is
//! loaded, from the store's interactions in pages newest first, reading only the fields
//! it needs (each page awaits IndexedDB, so typing and clicks are answered between
//! pages; the first build fills the index in use, so recent records are found at once),
//! and afterwards updated per
//! changed contact (its timeline read again) from the same `Changed` messages the tabs
//! exchange. Follow-ups and deals are in memory already and are indexed whenever they
//! change. The matching and ranking are `bakkal_core::everything`'s.

use crate::state::{AppState, Changed};
use bakkal_core::everything::{Doc, DocKind, TextIndex};
use bakkal_core::ContactId;
use leptos::prelude::*;

/// Interactions read per page while the index is built. Small enough that taking a page
/// in (the browser's copy of the records, then parsing and indexing them) is a short task,
/// so keystrokes typed while the index is built are not held up behind it.
const PAGE: u32 = 1000;
/// Beyond this many changed contacts, one rebuild is cheaper than their timelines.
const REBUILD_OVER: usize = 300;

#[derive(Clone, Copy)]
pub struct Everything {
    index: StoredValue<TextIndex>,
    /// Bumped when the index changes: the palette's results track it.
    pub generation: RwSignal<u64>,
    /// Whether every interaction has been indexed at least once.
    pub ready: RwSignal<bool>,
    /// A build is running; `again`: another was asked for meanwhile; `pending`: contacts
    /// changed meanwhile, read again once it is installed; `pending_docs`: records this
    /// tab wrote meanwhile, indexed again once it is installed.
    building: StoredValue<bool>,
    again: StoredValue<bool>,
    pending: StoredValue<Vec<ContactId>>,
    pending_docs: StoredValue<Vec<Doc>>,
}

impl Default for Everything {
    fn default() -> Self {
        Everything {
            index: StoredValue::new(TextIndex::new()),
            generation: RwSignal::new(0),
            ready: RwSignal::new(false),
            building: StoredValue::new(false),
            again: StoredValue::new(false),
            pending: StoredValue::new(Vec::new()),
            pending_docs: StoredValue::new(Vec::new()),
        }
    }
}

impl Everything {
    /// Reads the index (tracked: the caller reruns when it changes).
    pub fn with<R>(&self, f: impl FnOnce(&TextIndex) -> R) -> R {
        self.generation.track();
        self.index.with_value(f)
    }

    fn update(&self, f: impl FnOnce(&mut TextIndex)) {
        self.index.update_value(f);
        self.generation.update(|g| *g += 1);
    }

    /// Indexes the follow-ups and deals the app holds whenever they change.
    pub fn follow_memory(self, state: AppState) {
        Effect::new(move |_| {
            let docs: Vec<Doc> = state
                .follow_ups
                .with(|fs| fs.iter().filter_map(Doc::of_follow_up).collect());
            self.update(|ix| ix.replace_kind(DocKind::FollowUp, docs));
        });
        Effect::new(move |_| {
            let docs: Vec<Doc> = state
                .deals
                .with(|ds| ds.iter().filter_map(Doc::of_deal).collect());
            self.update(|ix| ix.replace_kind(DocKind::Deal, docs));
        });
    }

    /// Takes in what a write here, in another tab or by sync changed (an import or
    /// Replace reads the whole book again, and with it this index: `AppState::load`).
    pub fn changed(self, state: AppState, changed: &Changed) {
        if changed.everything || !changed.interactions {
            return;
        }
        if changed.contacts.is_empty() || changed.contacts.len() > REBUILD_OVER {
            leptos::task::spawn_local(self.rebuild(state));
        } else {
            let ids = changed.contacts.clone();
            if self.building.get_value() {
                self.pending.update_value(|p| p.extend(ids.iter().copied()));
            }
            leptos::task::spawn_local(self.reread(state, ids));
        }
    }

    /// Indexes interactions this tab has just written (a bulk write: sample data, a
    /// contacts import), without reading them back.
    pub fn took(self, interactions: &[bakkal_core::Interaction]) {
        let docs: Vec<Doc> = interactions
            .iter()
            .filter_map(Doc::of_interaction)
            .collect();
        if self.building.get_value() {
            self.pending_docs
                .update_value(|p| p.extend(docs.iter().cloned()));
        }
        self.update(|ix| docs.into_iter().for_each(|d| ix.upsert(d)));
    }

    /// Reads the timelines of `contacts` again into the index.
    async fn reread(self, state: AppState, contacts: Vec<ContactId>) {
        let Ok(store) = state.store() else { return };
        for c in contacts {
            if let Ok(t) = store.timeline(c).await {
                let docs: Vec<Doc> = t.items.iter().filter_map(Doc::of_interaction).collect();
                self.update(|ix| ix.replace_interactions_of(c, docs));
            }
        }
    }

    /// Indexes every live interaction again, then installs the new index (the old one
    /// answers until then). The first build fills the live index page by page instead,
    /// newest first, so recent records are found while older ones are still being read.
    /// A rebuild asked for while one runs runs once after it.
    pub async fn rebuild(self, state: AppState) {
        if self.building.get_value() {
            self.again.set_value(true);
            return;
        }
        self.building.set_value(true);
        loop {
            self.again.set_value(false);
            self.pending.set_value(Vec::new());
            self.pending_docs.set_value(Vec::new());
            crate::browser::mark("bakkal:index-start");
            let first = !self.ready.get_untracked();
            let Some(fresh) = read_all(state, first.then_some(self)).await else {
                break;
            };
            crate::browser::mark("bakkal:index-end");
            if !first {
                self.update(|ix| {
                    let mut fresh = fresh;
                    // Follow-ups and deals come from memory, already current.
                    for kind in [DocKind::FollowUp, DocKind::Deal] {
                        fresh.replace_kind(kind, ix.docs_of(kind).cloned().collect::<Vec<_>>());
                    }
                    *ix = fresh;
                });
            }
            self.ready.set(true);
            let docs = self
                .pending_docs
                .try_update_value(std::mem::take)
                .unwrap_or_default();
            if !docs.is_empty() {
                self.update(|ix| docs.into_iter().for_each(|d| ix.upsert(d)));
            }
            let pending = self
                .pending
                .try_update_value(std::mem::take)
                .unwrap_or_default();
            if !pending.is_empty() {
                self.reread(state, pending).await;
            }
            if !self.again.get_value() {
                break;
            }
        }
        self.building.set_value(false);
    }
}

/// Every live interaction of the store, newest first, indexed into a new index, or, with
/// `live`, straight into the one in use (the first build); `None` when the store cannot
/// be read (the screens report that themselves). Each page is read in its own transaction
/// and awaited, so the page answers input between pages.
async fn read_all(state: AppState, live: Option<Everything>) -> Option<TextIndex> {
    let store = state.store().ok()?;
    let mut ix = TextIndex::new();
    let mut after: Option<String> = None;
    loop {
        let (docs, next) = store.interaction_docs(after.as_deref(), PAGE).await.ok()?;
        // An unreadable record is reported by the book's own load; the index skips it.
        let docs = docs
            .iter()
            .filter_map(|j| Doc::of_stored_interaction(j).ok().flatten());
        match live {
            Some(e) => {
                e.update(|ix| docs.for_each(|d| ix.upsert(d)));
                if after.is_none() {
                    // The newest page is searchable (for the benchmark).
                    crate::browser::mark("bakkal:index-first-page");
                }
            }
            None => docs.for_each(|d| ix.upsert(d)),
        }
        match next {
            Some(key) => after = Some(key),
            None => break,
        }
    }
    Some(ix)
}
