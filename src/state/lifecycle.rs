//! Opening the store and loading the book; the tabs' messages; reading again what another
//! tab or sync wrote.

use super::{AppState, Changed, DbState, Notice, FIRST_CHANGE, FIRST_PAGE, LAST_CHANGE};
use crate::browser;
use crate::store::{Store, StoreError};
use bakkal_core::analysis::value::FactsInProgress;
use bakkal_core::book::{Book, BookInProgress};
use leptos::prelude::*;
use serde::Serialize;

/// Contacts whose facts are computed between two turns of the page at start-up.
const FACTS_SLICE: usize = 5000;
/// Contacts whose list rows are made between two turns of the page at start-up.
const ROWS_SLICE: usize = 5000;

impl AppState {
    /// Opens the database, shows the first screen, then loads the whole book into memory
    /// (lists, searches and Today are answered from it).
    pub async fn start(self) {
        let db = self.db;
        let on_close = move || db.set(DbState::Failed(StoreError::Closed.to_string()));
        let store = match Store::open(on_close).await {
            Ok(s) => s,
            Err(e) => return self.db.set(DbState::Failed(e.to_string())),
        };
        browser::mark("bakkal:db-open");
        let tabs = browser::Tabs::join(move |text| {
            if let Ok(m) = serde_json::from_str::<crate::sync::Message>(&text) {
                self.sync.heard(&self, self.store().ok(), m.sync);
            } else if let Ok(chosen) = serde_json::from_str::<crate::i18n::Chosen>(&text) {
                // (Before `Changed`, whose fields all have defaults and would match.)
                if let Some(l) = chosen.lang() {
                    crate::i18n::apply(l, false);
                    self.lang.set(l);
                }
            } else if let Ok(changed) = serde_json::from_str::<Changed>(&text) {
                // Another tab wrote: if this tab syncs, that write goes to the server.
                crate::sync::poke();
                leptos::task::spawn_local(self.refresh(changed));
            }
        });
        self.tabs.set_value(tabs);
        self.tick_days();
        self.load(store.clone()).await;
        self.sync.open(self, store).await;
    }

    /// Moves `today` on when the local date changes (checked every minute).
    fn tick_days(self) {
        leptos::task::spawn_local(async move {
            loop {
                gloo_timers::future::TimeoutFuture::new(60_000).await;
                let d = browser::tz().local_date(browser::now());
                match self.today.try_get_untracked() {
                    Some(t) if t != d => {
                        self.today.set(d);
                    }
                    Some(_) => {}
                    None => return,
                }
            }
        });
    }

    /// Tells the other tabs what this one wrote (and sync, which pushes it).
    pub(crate) fn announce(&self, changed: Changed) {
        self.everything.changed(*self, &changed);
        self.tell_others(&changed);
    }

    /// Tells the other tabs and sync what this one wrote, when this tab's own state has
    /// taken it in already.
    pub(crate) fn tell_others(&self, changed: &Changed) {
        self.post(changed);
        crate::sync::poke();
    }

    /// Posts a message to the other tabs.
    pub fn post<T: Serialize>(&self, message: &T) {
        if let Ok(text) = serde_json::to_string(message) {
            self.tabs.with_value(|t| {
                if let Some(t) = t {
                    t.announce(&text)
                }
            });
        }
    }

    /// Records arrived from elsewhere (sync) and are stored: every tab, this one
    /// included, reads them again.
    pub fn changed_elsewhere(self, changed: Changed) {
        self.post(&changed);
        // Records for a contact merged here move to the merged one: any, when follow-ups or
        // deals (which do not name their contacts in `changed`) or everything arrived.
        let among = (!(changed.everything || changed.follow_ups || changed.deals))
            .then(|| changed.contacts.iter().copied().collect());
        leptos::task::spawn_local(async move {
            self.refresh(changed).await;
            self.follow_merges(among).await;
        });
    }

    /// Re-reads what another tab changed and updates every screen.
    pub async fn refresh(self, changed: Changed) {
        let Ok(store) = self.store() else { return };
        browser::mark("bakkal:refresh-start");
        self.everything.changed(self, &changed);
        if changed.everything {
            self.load(store).await;
            self.revision.update(|r| *r += 1);
            return;
        }
        if !changed.contacts.is_empty() {
            match store.get_contacts(&changed.contacts).await {
                Ok(list) => self.book.update(|b| b.upsert_with_histories(list)),
                Err(e) => return self.notify(Notice::error(e.to_string())),
            }
        }
        if changed.follow_ups || changed.interactions {
            if let (Ok(f), Ok(o)) = (store.open_follow_ups().await, store.open_items().await) {
                self.follow_ups.set(f.items);
                self.open_items.set(o.items);
            }
        }
        if changed.settings {
            if let Ok(loaded) = store.settings().await {
                self.apply_settings(&loaded.items);
            }
        }
        if changed.deals {
            self.load_deals(&store).await;
        }
        self.revision.update(|r| *r += 1);
        browser::mark("bakkal:refresh-end");
    }

    /// Reads the book into memory: the first screen first, then everything.
    pub(super) async fn load(self, store: Store) {
        // If the first page cannot be read, the full load below reports the problem.
        if let Ok((page, total)) = store.first_page(FIRST_PAGE).await {
            if total as usize > page.items.len() {
                self.loading.set(Some(total));
            }
            self.book.set(Book::from_records(page.items));
        }
        match store.settings().await {
            Ok(loaded) => self.apply_settings(&loaded.items),
            Err(e) => return self.db.set(DbState::Failed(e.to_string())),
        }
        let (follow_ups, open_items) = (store.open_follow_ups().await, store.open_items().await);
        self.store.set_value(Some(store.clone()));
        // Search everything's kept index is read back beside the book.
        self.everything.start(self);
        let mut problems = Vec::new();
        match (follow_ups, open_items) {
            (Ok(f), Ok(o)) => {
                problems.extend(f.problem);
                problems.extend(o.problem);
                self.follow_ups.set(f.items);
                self.open_items.set(o.items);
            }
            (Err(e), _) | (_, Err(e)) => return self.db.set(DbState::Failed(e.to_string())),
        }
        self.can_undo_replace
            .set(store.has_snapshot().await.unwrap_or(false));
        // Setting it again would rebuild the screen (a reload after an import keeps it).
        if self.db.get_untracked() != DbState::Ready {
            self.db.set(DbState::Ready);
        }
        // After the first screen: the deals are not on it.
        self.load_deals(&store).await;
        match store.load_contacts().await {
            Ok(loaded) => {
                browser::mark("bakkal:records-parsed");
                // The rows (collation keys, search text) a slice at a time, then sorted.
                let mut building = BookInProgress::new(loaded.items);
                while !building.step(ROWS_SLICE) {
                    gloo_timers::future::TimeoutFuture::new(0).await;
                }
                let mut full = building.finish();
                // Every contact's facts, a slice at a time, before the book is shown whole
                // (the facts' own effect then finds them current).
                let settings = self.value.get_untracked();
                let (now, tz) = (browser::now(), browser::tz());
                let mut facts = FactsInProgress::new(&full, &settings, now, tz);
                while !facts.step(&full, &settings, FACTS_SLICE) {
                    gloo_timers::future::TimeoutFuture::new(0).await;
                }
                // The facts first, in a task of their own: what is computed from them alone
                // (ranks, scores, tiers) is not computed in the same task as the whole
                // list. The first page's contacts are among them.
                self.facts.set(facts.finish());
                gloo_timers::future::TimeoutFuture::new(0).await;
                // Keep anything saved from the first page while the full load ran (its
                // contacts' facts are brought up to date by the effect).
                self.book
                    .with_untracked(|partial| full.absorb_newer(partial));
                self.book.set(full);
                browser::mark("bakkal:book-built");
                self.loading.set(None);
                problems.extend(loaded.problem);
            }
            Err(e) => return self.db.set(DbState::Failed(e.to_string())),
        }
        if let Some(p) = problems.first() {
            self.notify(Notice::error(p.to_string()));
        }
        // Not awaited: the first screen and the whole book come first, and an import's
        // notice does not wait for the index.
        self.everything.book_loaded(self);
    }

    /// The first save is when the user has something to lose: ask the browser then not to
    /// evict our storage. Not awaited by the save: Firefox answers only when the user does
    /// (a permission prompt), and the save must not wait for that.
    pub(super) fn ask_persistence_once(self) {
        let now = browser::now();
        browser::set_device_time(LAST_CHANGE, now);
        if browser::device_time(FIRST_CHANGE).is_none() {
            browser::set_device_time(FIRST_CHANGE, now);
        }
        if !self.persistence_asked.get_value() {
            self.persistence_asked.set_value(true);
            leptos::task::spawn_local(async {
                browser::request_persistence().await;
            });
        }
    }
}
