//! **Search everything**'s index, kept in step with the book: read back at start-up from
//! the copy kept on the device, with the interactions written since (about a second for
//! 500,000); without one, built after the book is loaded, from the store's interactions
//! in pages newest first, reading only the fields it needs (each page awaits IndexedDB,
//! so typing and clicks are answered between pages; the first build fills the index in
//! use, so recent records are found at once), then kept on the device. Afterwards updated per
//! changed contact (its timeline read again) from the same `Changed` messages the tabs
//! exchange. Follow-ups and deals are in memory already and are indexed whenever they
//! change. The matching and ranking are `bakkal_core::everything`'s.

use crate::state::{AppState, Changed};
use bakkal_core::everything::stored::PartReader;
use bakkal_core::everything::{Doc, DocKind, TextIndex};
use bakkal_core::ContactId;
use leptos::prelude::*;

/// Interactions read per page while the index is built. Small enough that taking a page
/// in (the browser's copy of the records, then parsing and indexing them) is a short task,
/// so keystrokes typed while the index is built are not held up behind it.
const PAGE: u32 = 1000;
/// Beyond this many changed contacts, one rebuild is cheaper than their timelines.
const REBUILD_OVER: usize = 300;
/// The size of one part of the index kept on the device (`bakkal_core::everything::stored`).
const PART_BYTES: usize = 2 << 20;
/// A kept index reads again the interactions written from this long before it was built:
/// a write made in another tab while the store was read, committed after it (records
/// carry the time they were built, not committed). A long import's records are older, but
/// an import makes every tab build the index again, and keep it, once it is committed.
const MARGIN_MS: f64 = 10_000.0;
/// Read back with more than this many interactions written since, the index is kept
/// again, so the next visit reads fewer.
const SAVE_AFTER_REPLAYING: usize = 2_000;

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
    /// The whole book has been loaded once: a first build from the store waits for it
    /// (reading back the kept index does not).
    whole: StoredValue<bool>,
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
            whole: StoredValue::new(false),
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

    /// Starts the index while the book loads (the first load only): the kept copy is read
    /// back at once, so it is searchable within a second or two of the first rows.
    pub fn start(self, state: AppState) {
        if !self.whole.get_value() && !self.building.get_value() && !self.ready.get_untracked() {
            leptos::task::spawn_local(self.rebuild(state));
        }
    }

    /// The whole book is in memory. After the first load a build from the store may
    /// begin (if no kept index could be read); after a later one (an import, a Replace)
    /// the index is built again.
    pub fn book_loaded(self, state: AppState) {
        if self.whole.get_value() {
            leptos::task::spawn_local(self.rebuild(state));
        }
        self.whole.set_value(true);
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
    /// answers until then). At start-up the index kept on the device is read back instead,
    /// with the interactions written since (`read_back`, then `catch_up`); without one, the first build
    /// fills the live index page by page, newest first, so recent records are found while
    /// older ones are still being read. After a build from the store the index is kept on
    /// the device for the next visit. A rebuild asked for while one runs runs once after it.
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
            // The index kept on the device answers at once; what was written since it was
            // kept is taken in after (`catch_up`).
            let kept = if first {
                self.read_back(state).await
            } else {
                None
            };
            let mut save_since = None;
            let current = match kept {
                Some(since) => {
                    crate::browser::mark("bakkal:index-stored");
                    self.ready.set(true);
                    let from = js_sys::Date::now() - MARGIN_MS;
                    match self.catch_up(state, since).await {
                        Some(replayed) => {
                            save_since = (replayed > SAVE_AFTER_REPLAYING).then_some(from);
                            true
                        }
                        None => false,
                    }
                }
                None => false,
            };
            if !current {
                // Reading every interaction would slow the book's own load: after it.
                while !self.whole.get_value() {
                    gloo_timers::future::TimeoutFuture::new(100).await;
                }
                let since = js_sys::Date::now() - MARGIN_MS;
                // The first build fills the index in use; otherwise a new one replaces it.
                let live = (first && kept.is_none()).then_some(self);
                let Some(fresh) = read_all(state, live).await else {
                    break;
                };
                if live.is_none() {
                    self.install(fresh);
                }
                save_since = Some(since);
            }
            crate::browser::mark("bakkal:index-end");
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
                if let Some(since) = save_since {
                    self.save(state, since).await;
                }
                break;
            }
        }
        self.building.set_value(false);
    }

    /// Puts `fresh` in place of the index in use, keeping the follow-ups and deals of the
    /// one in use (they come from memory and are current).
    fn install(&self, mut fresh: TextIndex) {
        self.update(|ix| {
            for kind in [DocKind::FollowUp, DocKind::Deal] {
                fresh.replace_kind(kind, ix.docs_of(kind).cloned().collect::<Vec<_>>());
            }
            *ix = fresh;
        });
    }

    /// Reads back the index kept on the device and installs it; gives the write time from
    /// which interactions must be read again, or `None` when none could be read (nothing
    /// is installed then).
    async fn read_back(self, state: AppState) -> Option<f64> {
        let store = state.store().ok()?;
        let kept = store.stored_index().await.ok()??;
        let mut reader = PartReader::new();
        for part in &kept.parts {
            // One part at a time into wasm memory, a short task each.
            reader.take(&part.to_vec()).ok()?;
            gloo_timers::future::TimeoutFuture::new(0).await;
        }
        self.install(reader.finish());
        Some(kept.since)
    }

    /// Takes into the index the interactions written since `since`, page by page; gives
    /// how many, or `None` when the index then holds another number of interactions than
    /// the store (records removed without a trace it can follow, or written by an older
    /// version of the app): it is then built from the store again, and answers meanwhile.
    async fn catch_up(self, state: AppState, since: f64) -> Option<usize> {
        let store = state.store().ok()?;
        let mut after = None;
        let mut replayed = 0;
        loop {
            let (docs, next) = store
                .interactions_written_since(since, after.as_ref(), PAGE)
                .await
                .ok()?;
            replayed += docs.len();
            self.update(|ix| {
                for json in &docs {
                    match Doc::of_stored_interaction(json) {
                        Ok((_, Some(d))) => ix.upsert(d),
                        Ok((id, None)) => ix.remove(DocKind::Interaction, id),
                        // Reported by the book's own load; the index skips it.
                        Err(_) => {}
                    }
                }
            });
            match next {
                Some(key) => after = Some(key),
                None => break,
            }
        }
        let indexed = self
            .index
            .with_value(|ix| ix.docs_of(DocKind::Interaction).count());
        let stored = store.count_live_interactions().await.ok()?;
        (stored == indexed).then_some(replayed)
    }

    /// Keeps the index on the device for the next visit: written part by part (each part
    /// its own transaction, so the page answers between them and never holds the whole
    /// of it twice), then made current. What changes meanwhile is read again by the next
    /// visit (written after `since`); given up if the index is compacted meanwhile.
    async fn save(self, state: AppState, since: f64) {
        let Ok(store) = state.store() else { return };
        let set = crate::store::new_index_set();
        let mut writer = self.index.with_value(TextIndex::parts);
        let mut n = 0;
        loop {
            // `None`: compacted meanwhile, the writer's numbering no longer holds.
            let Some(part) = self.index.with_value(|ix| {
                writer
                    .still_fits(ix)
                    .then(|| writer.next_part(ix, PART_BYTES))
            }) else {
                return;
            };
            let Some(part) = part else { break };
            if store.put_index_part(&set, n, &part).await.is_err() {
                return;
            }
            n += 1;
        }
        if store.finish_stored_index(&set, n, since).await.is_ok() {
            crate::browser::mark("bakkal:index-saved");
        }
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
            .filter_map(|j| Doc::of_stored_interaction(j).ok().and_then(|(_, d)| d));
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
