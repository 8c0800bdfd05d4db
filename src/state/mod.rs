//! The app's state and the actions that change it. Components call these; each action
//! writes to the store first and changes the in-memory state only once the write has
//! committed, so the screen never shows what is not saved.
//!
//! - `mod.rs`: `AppState`, its signals and what reads them together;
//! - `lifecycle.rs`: opening the store, loading the book, the tabs' messages, refreshing
//!   after another tab or sync wrote;
//! - `notices.rs`: the messages at the bottom of the screen, with Undo;
//! - `insights.rs`: Insights' figures, kept between visits while their data is unchanged;
//! - `contacts.rs`, `interactions.rs`, `settings.rs`, `backup.rs`: the actions, each a
//!   checked write followed by the screens (and the other tabs) catching up.

mod backup;
mod contacts;
mod insights;
mod interactions;
mod lifecycle;
mod notices;
mod settings;

pub use insights::InsightsFigures;
pub use notices::{Notice, Undo, ERROR_SECONDS, NOTICE_SECONDS, UNDO_SECONDS};

use crate::browser;
use crate::store::{Store, StoreError};
use bakkal_core::analysis::value::{self, Facts, Scoring, ValueSettings};
use bakkal_core::analysis::Tz;
use bakkal_core::book::{Book, SearchResult};
use bakkal_core::io::backup::Setting;
use bakkal_core::model::deal::{Deal, Pipeline};
use bakkal_core::model::rev::FieldConflict;
use bakkal_core::model::saved_segment::SavedSegments;
use bakkal_core::route::Route;
use bakkal_core::segment::{self, ParseError};
use bakkal_core::{Contact, ContactId, FollowUp, Interaction};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Where the database connection stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbState {
    Opening,
    Ready,
    /// Opening failed, or the connection was closed for another tab: the message says what
    /// the user can do.
    Failed(String),
}

/// What one tab tells the others after a write (JSON on the tabs' channel).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Changed {
    #[serde(default)]
    pub contacts: Vec<ContactId>,
    /// Interactions changed: timelines and open items are read again.
    #[serde(default)]
    pub interactions: bool,
    #[serde(default)]
    pub follow_ups: bool,
    #[serde(default)]
    pub deals: bool,
    #[serde(default)]
    pub settings: bool,
    /// An import or Replace: read the whole book again.
    #[serde(default)]
    pub everything: bool,
}

/// What saving a contact came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Saved {
    Done,
    /// Another tab changed other fields meanwhile: both changes are in.
    Combined,
    /// Another tab changed the same fields: nothing was saved; the user chooses.
    Conflict {
        theirs: Box<Contact>,
        fields: Vec<FieldConflict>,
    },
}

/// Contacts read before the first screen is shown (more than a tall screen's rows).
const FIRST_PAGE: u32 = 60;

/// Device-local keys (localStorage): when the last backup was exported, and when the book
/// last changed (the first change counts as the start when there never was a backup).
pub const LAST_BACKUP: &str = "bakkal.last-backup";
pub const LAST_CHANGE: &str = "bakkal.last-change";
pub const FIRST_CHANGE: &str = "bakkal.first-change";

/// How often a checked write is tried again after combining with another tab's change.
const RETRIES: usize = 3;

#[derive(Clone, Copy)]
pub struct AppState {
    /// The language of the screens (`i18n`); the whole page re-renders when it changes.
    pub lang: RwSignal<crate::i18n::Lang>,
    pub book: RwSignal<Book>,
    pub db: RwSignal<DbState>,
    pub route: RwSignal<Route>,
    pub notice: RwSignal<Option<Notice>>,
    /// While the whole book is still being read: how many live contacts it holds.
    pub loading: RwSignal<Option<u32>>,
    /// Open follow-ups (all of them; small).
    pub follow_ups: RwSignal<Vec<FollowUp>>,
    /// Open complaints and requests, oldest first.
    pub open_items: RwSignal<Vec<Interaction>>,
    /// Every deal not deleted (a few thousand at most: the board and its sums read them).
    pub deals: RwSignal<Vec<Deal>>,
    /// The deals' stages and lost reasons (the defaults under the user's `stage.*` items).
    pub pipeline: RwSignal<Pipeline>,
    /// What `deal:` filters read, rebuilt when the deals or the pipeline change (not on
    /// every keystroke): `deals::deal_index`.
    deal_index: Memo<segment::DealIndex>,
    /// Bumped whenever interactions change, so screens that read them from the store
    /// (timelines, Activity) read again.
    pub revision: RwSignal<u64>,
    /// When this browser last exported a backup.
    pub last_backup: RwSignal<Option<chrono::DateTime<chrono::Utc>>>,
    /// The user's value keys, tier cut-offs, lapse window and home currency.
    pub value: RwSignal<ValueSettings>,
    /// Named segment queries.
    pub segments: RwSignal<SavedSegments>,
    /// Status and value keys of every live contact (recomputed when the book or the lapse
    /// window changes, and only when a screen reads it).
    pub facts: RwSignal<Facts>,
    /// Scores and tiers (recomputed when facts, weights or cut-offs change).
    pub scoring: Memo<Scoring>,
    /// What Insights shows, computed when it is opened and kept until its data changes.
    insights: StoredValue<Option<InsightsFigures>>,
    /// The local date, advanced by a timer: facts depend on it, so "today" moves on after
    /// midnight in a tab left open.
    pub today: RwSignal<chrono::NaiveDate>,
    /// The settings items as stored (each write is a child of the stored item).
    setting_items: StoredValue<Vec<Setting>>,
    /// Whether a Replace can be undone.
    pub can_undo_replace: RwSignal<bool>,
    tabs: StoredValue<Option<browser::Tabs>, LocalStorage>,
    /// Sync with the user's CouchDB: its settings, status and log.
    pub sync: crate::sync::SyncUi,
    /// **Search everything**'s word index (`crate::everything`).
    pub everything: crate::everything::Everything,
    store: StoredValue<Option<Store>, LocalStorage>,
    persistence_asked: StoredValue<bool>,
    notice_seq: StoredValue<u64>,
}

impl AppState {
    /// Settings → Language: applies at once (the page re-renders in the new language)
    /// and is kept on this device.
    pub fn set_lang(&self, l: crate::i18n::Lang) {
        crate::i18n::apply(l, true);
        self.lang.set(l);
        // The other open tabs follow, without a reload.
        self.post(&crate::i18n::Chosen::new(l));
    }

    /// Fresh state, routed to wherever the URL points.
    pub fn from_url() -> Self {
        let book = RwSignal::new(Book::default());
        let value = RwSignal::new(ValueSettings::default());
        let today = RwSignal::new(browser::tz().local_date(browser::now()));
        // Only what facts depend on, so a weight change does not recompute them.
        let basis = Memo::new(move |_| {
            value.with(|v| (v.lapse(), v.home_currency.clone(), v.rates.clone()))
        });
        // Kept up to date in place, per changed contact (`Facts::refresh`): a sync pull or
        // a saved interaction recomputes only the contacts it touched.
        let facts = RwSignal::new(Facts::default());
        Effect::new(move |_| {
            let (lapse_days, home_currency, rates) = basis.get();
            // Tracked, so the facts follow the date and the book; the clock itself is
            // read untracked.
            today.track();
            book.track();
            let settings = ValueSettings {
                lapse_days,
                home_currency,
                rates,
                ..ValueSettings::default()
            };
            browser::mark("bakkal:facts-start");
            book.with_untracked(|b| {
                facts.maybe_update(|f| f.refresh(b, &settings, browser::now(), browser::tz()))
            });
            browser::mark("bakkal:facts-end");
        });
        // Ranks follow the facts; a change of weights or cut-offs only weighs them again.
        let ranking = Memo::new(move |_| facts.with(value::ranking));
        let scoring = Memo::new(move |_| {
            let settings = value.get();
            browser::mark("bakkal:scoring-start");
            let s = ranking.with(|r| value::scoring_of(r, &settings));
            browser::mark("bakkal:scoring-end");
            s
        });
        let deals = RwSignal::new(Vec::new());
        let pipeline = RwSignal::new(Pipeline::default());
        let lang = crate::i18n::initial();
        crate::i18n::apply(lang, false);
        let state = AppState {
            lang: RwSignal::new(lang),
            value,
            segments: RwSignal::new(SavedSegments::default()),
            facts,
            scoring,
            insights: StoredValue::new(None),
            book,
            db: RwSignal::new(DbState::Opening),
            route: RwSignal::new(Route::parse(&browser::hash())),
            notice: RwSignal::new(None),
            loading: RwSignal::new(None),
            follow_ups: RwSignal::new(Vec::new()),
            open_items: RwSignal::new(Vec::new()),
            deals,
            pipeline,
            deal_index: crate::deals::deal_index(deals, pipeline),
            revision: RwSignal::new(0),
            today,
            setting_items: StoredValue::new(Vec::new()),
            can_undo_replace: RwSignal::new(false),
            tabs: StoredValue::new_local(None),
            sync: crate::sync::SyncUi::default(),
            everything: crate::everything::Everything::default(),
            last_backup: RwSignal::new(browser::device_time(LAST_BACKUP)),
            store: StoredValue::new_local(None),
            persistence_asked: StoredValue::new(false),
            notice_seq: StoredValue::new(0),
        };
        state.everything.follow_memory(state);
        state.insights.set_value(Some(InsightsFigures::new(state)));
        state
    }

    /// Insights' figures (made with the state, so always there).
    pub fn insights(&self) -> InsightsFigures {
        self.insights
            .get_value()
            .unwrap_or_else(|| InsightsFigures::new(*self))
    }

    /// The user's time zone, now.
    pub fn tz(&self) -> Tz {
        browser::tz()
    }

    /// The contacts a query finds (free text and segment filters), or where the query is
    /// wrong. Reads facts and scores only when the query has filters.
    pub fn find(
        &self,
        query: &str,
        order: bakkal_core::route::ListOrder,
        previous: Option<&SearchResult>,
    ) -> Result<SearchResult, ParseError> {
        let seg = segment::parse(query)?;
        let tz = self.tz();
        Ok(if seg.has_filters() {
            self.deal_index.with(|deals| {
                self.with_analysis(|b, f, s| b.find(&seg, order, previous, Some((f, s, tz, deals))))
            })
        } else {
            self.book.with(|b| b.find(&seg, order, previous, None))
        })
    }

    /// Reads the book with its facts and scores together (tracked in a reactive context).
    pub fn with_analysis<R>(&self, f: impl FnOnce(&Book, &Facts, &Scoring) -> R) -> R {
        self.book
            .with(|b| self.facts.with(|fa| self.scoring.with(|s| f(b, fa, s))))
    }

    pub(crate) fn store(&self) -> Result<Store, StoreError> {
        self.store.get_value().ok_or(StoreError::Closed)
    }

    /// Goes to a route, adding a history entry.
    pub fn go(&self, route: Route) {
        browser::push_hash(&route.to_hash());
        self.route.set(route);
    }
}
