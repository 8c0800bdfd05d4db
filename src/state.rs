//! The app's state and the actions that change it. Components call these; each action
//! writes to the store first and changes the in-memory book only once the write has
//! committed, so the screen never shows what is not saved.

use crate::browser;
use crate::store::{Store, StoreError};
use bakkal_core::book::Book;
use bakkal_core::route::Route;
use bakkal_core::{Contact, ContactId};
use leptos::prelude::*;

/// Where the database connection stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbState {
    Opening,
    Ready,
    /// Opening failed, or the connection was closed for another tab: the message says what
    /// the user can do.
    Failed(String),
}

/// A message shown at the bottom of the screen; an Undo notice carries what to restore.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub id: u64,
    pub text: String,
    pub is_error: bool,
    pub undo: Vec<ContactId>,
}

/// Contacts read before the first screen is shown (more than a tall screen's rows).
const FIRST_PAGE: u32 = 60;

/// How long an Undo stays on screen.
pub const UNDO_SECONDS: u32 = 20;

#[derive(Clone, Copy)]
pub struct AppState {
    pub book: RwSignal<Book>,
    pub db: RwSignal<DbState>,
    pub route: RwSignal<Route>,
    pub notice: RwSignal<Option<Notice>>,
    /// While the whole book is still being read: how many live contacts it holds.
    pub loading: RwSignal<Option<u32>>,
    store: StoredValue<Option<Store>, LocalStorage>,
    persistence_asked: StoredValue<bool>,
    notice_seq: StoredValue<u64>,
}

impl AppState {
    /// Fresh state, routed to wherever the URL points.
    pub fn from_url() -> Self {
        AppState {
            book: RwSignal::new(Book::default()),
            db: RwSignal::new(DbState::Opening),
            route: RwSignal::new(Route::parse(&browser::hash())),
            notice: RwSignal::new(None),
            loading: RwSignal::new(None),
            store: StoredValue::new_local(None),
            persistence_asked: StoredValue::new(false),
            notice_seq: StoredValue::new(0),
        }
    }

    /// Opens the database, shows the first screen of the list, then loads the whole book
    /// into memory (lists and searches are answered from it).
    pub async fn start(self) {
        let db = self.db;
        let on_close = move || db.set(DbState::Failed(StoreError::Closed.to_string()));
        let store = match Store::open(on_close).await {
            Ok(s) => s,
            Err(e) => return self.db.set(DbState::Failed(e.to_string())),
        };
        browser::mark("bakkal:db-open");
        // If the first page cannot be read, the full load below reports the problem.
        if let Ok((page, total)) = store.first_page(FIRST_PAGE).await {
            if total as usize > page.contacts.len() {
                self.loading.set(Some(total));
            }
            self.book.set(Book::from_contacts(page.contacts));
        }
        self.store.set_value(Some(store.clone()));
        self.db.set(DbState::Ready);
        match store.load_contacts().await {
            Ok(loaded) => {
                browser::mark("bakkal:records-parsed");
                let mut full = Book::from_contacts(loaded.contacts);
                // Keep anything saved from the first page while the full load ran.
                self.book
                    .with_untracked(|partial| full.absorb_newer(partial));
                self.book.set(full);
                browser::mark("bakkal:book-built");
                self.loading.set(None);
                if let Some(problem) = loaded.problem {
                    self.show(problem.to_string(), true, vec![]);
                }
            }
            Err(e) => self.db.set(DbState::Failed(e.to_string())),
        }
    }

    fn store(&self) -> Result<Store, StoreError> {
        self.store.get_value().ok_or(StoreError::Closed)
    }

    /// Goes to a route, adding a history entry.
    pub fn go(&self, route: Route) {
        browser::push_hash(&route.to_hash());
        self.route.set(route);
    }

    /// Shows a notice; it disappears by itself after a while unless a newer one replaced it.
    pub fn show(&self, text: String, is_error: bool, undo: Vec<ContactId>) {
        let id = self.notice_seq.get_value() + 1;
        self.notice_seq.set_value(id);
        self.notice.set(Some(Notice {
            id,
            text,
            is_error,
            undo,
        }));
        let notice = self.notice;
        let secs = if is_error { 60 } else { UNDO_SECONDS };
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(secs * 1000).await;
            if notice.with_untracked(|n| n.as_ref().map(|n| n.id)) == Some(id) {
                notice.set(None);
            }
        });
    }

    /// Writes contacts durably, then shows them. On failure nothing changes on screen.
    pub async fn save(self, contacts: Vec<Contact>) -> Result<(), StoreError> {
        self.store()?.put_contacts(&contacts).await?;
        self.book.update(|b| b.upsert_many(contacts));
        self.ask_persistence_once().await;
        Ok(())
    }

    /// The first save is when the user has something to lose: ask the browser then not to
    /// evict our storage.
    async fn ask_persistence_once(self) {
        if !self.persistence_asked.get_value() {
            self.persistence_asked.set_value(true);
            browser::request_persistence().await;
        }
    }

    /// Deletes (tombstones) a contact and offers Undo.
    pub async fn delete(self, id: ContactId) {
        let Some(mut c) = self.book.with_untracked(|b| b.get(id).cloned()) else {
            return;
        };
        c.tombstone(browser::now());
        let name = c.display_name.clone();
        match self.save(vec![c]).await {
            Ok(()) => self.show(format!("Deleted {name}."), false, vec![id]),
            Err(e) => self.show(e.to_string(), true, vec![]),
        }
    }

    /// Brings back what a delete removed.
    pub async fn undo(self, ids: Vec<ContactId>) {
        let now = browser::now();
        let restored: Vec<Contact> = self.book.with_untracked(|b| {
            ids.iter()
                .filter_map(|id| b.get_any(*id).cloned())
                .map(|mut c| {
                    c.restore(now);
                    c
                })
                .collect()
        });
        let n = restored.len();
        match self.save(restored).await {
            Ok(()) => self.show(format!("Restored {n} contact(s)."), false, vec![]),
            Err(e) => self.show(e.to_string(), true, vec![]),
        }
    }

    /// Adds the sample book, skipping contacts that are already here (loading twice does
    /// not duplicate, and never overwrites an edit).
    pub async fn load_sample(self) {
        let sample = bakkal_core::sample::sample_book(browser::now());
        let fresh: Vec<Contact> = self.book.with_untracked(|b| {
            sample
                .into_iter()
                .filter(|c| b.get_any(c.id).is_none())
                .collect()
        });
        let n = fresh.len();
        match self.save(fresh).await {
            Ok(()) => self.show(format!("Added {n} sample contacts."), false, vec![]),
            Err(e) => self.show(e.to_string(), true, vec![]),
        }
    }
}
