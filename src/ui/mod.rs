//! Components: they render state and dispatch actions (`crate::state`); the rules they
//! apply live in `bakkal_core`.

mod activity_page;
mod backup_page;
mod common;
mod contact_form;
mod contact_page;
mod contacts_import;
mod contacts_page;
mod deal_form;
mod deal_page;
mod deals_page;
mod fields;
mod follow_ups_page;
// The benchmark's generator writes data from a link: only in the benchmark's build.
#[cfg(feature = "bench-generator")]
mod generate_page;
mod insights_page;
mod interaction_form;
mod merge_page;
mod notice;
mod pipeline_settings;
mod search_everything;
mod settings_page;
mod sync_section;
mod today_page;
mod update_notice;
mod virtual_list;

use crate::browser;
use crate::state::{AppState, DbState};
use bakkal_core::model::deal::DealId;
use bakkal_core::route::{ActivityFilter, Route};
use bakkal_core::{ContactId, InteractionId};
pub use deals_page::stage_name;
use leptos::prelude::*;

/// Which screen is showing. Derived from the route without its search text, so typing in
/// the search field does not rebuild the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Today,
    Activity(ActivityFilter),
    FollowUps,
    Deals,
    NewDeal(Option<ContactId>),
    Deal(DealId),
    EditDeal(DealId),
    LogForDeal(DealId),
    LogInteraction(ContactId),
    EditInteraction(ContactId, InteractionId),
    DealFromProposal(ContactId, InteractionId),
    AddFollowUp(ContactId),
    Contacts,
    NewContact,
    Contact(ContactId),
    EditContact(ContactId),
    MergeContact(ContactId, Option<ContactId>),
    Settings,
    Backup,
    Shortcuts,
    Insights,
    #[cfg(feature = "bench-generator")]
    Generate(usize, usize, usize),
    NotFound,
}

impl From<&Route> for Screen {
    fn from(r: &Route) -> Self {
        match r {
            Route::Today => Screen::Today,
            Route::Activity(f) => Screen::Activity(*f),
            Route::FollowUps => Screen::FollowUps,
            Route::Deals(_) => Screen::Deals,
            Route::NewDeal(c) => Screen::NewDeal(*c),
            Route::Deal(d) => Screen::Deal(*d),
            Route::EditDeal(d) => Screen::EditDeal(*d),
            Route::LogForDeal(d) => Screen::LogForDeal(*d),
            Route::LogInteraction(c) => Screen::LogInteraction(*c),
            Route::EditInteraction(c, i) => Screen::EditInteraction(*c, *i),
            Route::DealFromProposal(c, i) => Screen::DealFromProposal(*c, *i),
            Route::AddFollowUp(c) => Screen::AddFollowUp(*c),
            Route::Contacts { .. } => Screen::Contacts,
            Route::NewContact => Screen::NewContact,
            Route::Contact(id) => Screen::Contact(*id),
            Route::EditContact(id) => Screen::EditContact(*id),
            Route::MergeContact(id, with) => Screen::MergeContact(*id, *with),
            Route::Settings => Screen::Settings,
            Route::Backup => Screen::Backup,
            Route::Shortcuts => Screen::Shortcuts,
            Route::Insights { .. } => Screen::Insights,
            #[cfg(feature = "bench-generator")]
            Route::Generate {
                n,
                per_contact,
                deals,
            } => Screen::Generate(*n, *per_contact, *deals),
            #[cfg(not(feature = "bench-generator"))]
            Route::Generate { .. } => Screen::NotFound,
            Route::NotFound(_) => Screen::NotFound,
        }
    }
}

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::from_url();
    provide_context(state);
    leptos::task::spawn_local(state.start());
    // The route follows the URL: links, Back and Forward all change the fragment.
    // On a phone-sized screen the navigation hides behind a Menu button; going anywhere
    // closes it again.
    let menu_open = RwSignal::new(false);
    let _ = window_event_listener(leptos::ev::hashchange, move |_| {
        menu_open.set(false);
        state.route.set(Route::parse(&browser::hash()))
    });
    let screen = Memo::new(move |_| state.route.with(|r| Screen::from(r)));
    // Search everything: Ctrl+K, ⌘K or / from anywhere (and ? for the shortcuts).
    let palette = search_everything::Palette::new();
    palette.listen(state);

    // Changing the language rebuilds the page in it: components read their texts once
    // (`i18n::t()`), and everything they show lives in the app state, not in them.
    move || {
        state.lang.track();
        let t = crate::i18n::t();
        let s = t.shell();
        view! {
        <a class="skip" href="#main" on:click=|ev| {
            ev.prevent_default();
            focus_main();
        }>{s.skip_to_content}</a>
        // The page scrolls inside this box and the notices sit below it: a notice takes
        // its own space instead of covering a control (WCAG 2.4.11).
        // Behind an open Search everything the page is inert: no focus, no reading, no clicks.
        <div class="scroller" inert=move || palette.open.get()>
        <header class="topbar">
            <a class="brand" href="#/today">"Bakkal"</a>
            <button type="button" class="menu-toggle" aria-controls="main-nav"
                aria-expanded=move || if menu_open.get() { "true" } else { "false" }
                on:click=move |_| menu_open.update(|o| *o = !*o)>{s.menu}</button>
            <nav id="main-nav" aria-label=s.nav_label class:open=move || menu_open.get()
                on:keydown=move |ev| if ev.key() == "Escape" { menu_open.set(false) }
                on:click=move |_| menu_open.set(false)>
                <NavLink href="#/today" label=s.nav_today active=Signal::derive(move || screen.get() == Screen::Today) />
                <NavLink href="#/contacts" label=s.nav_contacts active=Signal::derive(move || {
                    matches!(screen.get(), Screen::Contacts | Screen::Contact(_) | Screen::NewContact | Screen::EditContact(_) | Screen::MergeContact(..)
                        | Screen::LogInteraction(_) | Screen::EditInteraction(..) | Screen::AddFollowUp(_))
                }) />
                <NavLink href="#/insights" label=s.nav_insights active=Signal::derive(move || screen.get() == Screen::Insights) />
                <NavLink href="#/activity" label=s.nav_activity active=Signal::derive(move || matches!(screen.get(), Screen::Activity(_))) />
                <NavLink href="#/follow-ups" label=s.nav_follow_ups active=Signal::derive(move || screen.get() == Screen::FollowUps) />
                <NavLink href="#/deals" label=s.nav_deals active=Signal::derive(move || {
                    matches!(screen.get(), Screen::Deals | Screen::NewDeal(_) | Screen::Deal(_) | Screen::EditDeal(_) | Screen::LogForDeal(_) | Screen::DealFromProposal(..))
                }) />
                <NavLink href="#/backup" label=s.nav_backup active=Signal::derive(move || screen.get() == Screen::Backup) />
                <NavLink href="#/settings" label=s.nav_settings active=Signal::derive(move || screen.get() == Screen::Settings) />
            </nav>
            <button type="button" class="search-open" aria-label=t.everything().search_everything
                aria-keyshortcuts="Control+K Meta+K /" on:click=move |_| palette.show()>
                <svg class="search-icon" aria-hidden="true" viewBox="0 0 20 20" width="20" height="20">
                    <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" stroke-width="2" />
                    <line x1="12.6" y1="12.6" x2="17.5" y2="17.5" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" />
                </svg>
                <span class="search-label" aria-hidden="true">{t.everything().search_everything}</span>
                <kbd class="search-hint" aria-hidden="true">{t.everything().shortcut_hint}</kbd>
            </button>
            <sync_section::SyncStatus />
        </header>
        <main id="main" tabindex="-1">
            {move || match state.db.get() {
                DbState::Opening => view! { <p class="loading" role="status">{s.opening}</p> }.into_any(),
                DbState::Failed(msg) => view! {
                    <section class="fatal" role="alert">
                        <h1>{s.storage_failed}</h1>
                        <p>{msg}</p>
                        <button on:click=|_| reload()>{s.reload}</button>
                    </section>
                }.into_any(),
                DbState::Ready => view! { <Screens screen /> }.into_any(),
            }}
        </main>
        </div>
        <div class="contents" inert=move || palette.open.get()>
            <notice::NoticeBar />
            <update_notice::UpdateNotice />
        </div>
        <search_everything::SearchEverything palette />
        }
    }
}

#[component]
fn NavLink(href: &'static str, label: &'static str, active: Signal<bool>) -> impl IntoView {
    view! {
        <a href=href aria-current=move || active.get().then_some("page")>{label}</a>
    }
}

/// The screens a visit opens first (Today, the contacts list) are in the app's own module.
/// Every other screen is drawn by `later_view`, which `main.rs` reaches only through a
/// split point: the release build cuts it and all the code only it uses into a chunk the
/// browser fetches the first time such a screen opens (issue 12: what every visit
/// downloads; `xtask/src/split.rs`).
#[component]
fn Screens(screen: Memo<Screen>) -> impl IntoView {
    move || {
        match screen.get() {
        Screen::Today => view! { <today_page::TodayPage /> }.into_any(),
        Screen::Contacts => view! { <contacts_page::ContactsPage /> }.into_any(),
        #[cfg(feature = "bench-generator")]
        Screen::Generate(n, per_contact, deals) => view! { <generate_page::GeneratePage n per_contact deals /> }.into_any(),
        Screen::NotFound => view! {
            <section>
                <h1>{crate::i18n::t().shell().not_found}</h1>
                <p>{crate::i18n::t().shell().not_found_text} <a href="#/contacts">{crate::i18n::t().shell().back_to_contacts}</a></p>
            </section>
        }.into_any(),
        later => view! { <Later screen=later /> }.into_any(),
    }
    }
}

/// Draws a screen loaded when opened: `later_view`, reached through the chunk.
pub type Draw = fn(Screen) -> AnyView;

/// What the contacts list exports: the contacts matching a query, or those picked.
pub enum Export {
    Matching(String),
    Picked(Vec<ContactId>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Vcard,
}

/// What the chunk of later screens holds: their drawing, and the contacts list's exports
/// (the CSV and vCard writers, which the list's buttons need only when pressed).
#[derive(Clone, Copy)]
pub struct LaterCode {
    pub draw: Draw,
    pub export: fn(AppState, Export, ExportFormat),
}

/// Handed out only by `main.rs`'s split point.
pub const LATER: LaterCode = LaterCode {
    draw: later_view,
    export: export_contacts,
};

thread_local! {
    /// The split point of the screens loaded when opened (`main.rs`).
    pub static SCREENS: crate::later::Later<LaterCode> = const { crate::later::Later::new() };
}

/// Exports contacts from the list, fetching the chunk first if this visit has not.
pub fn export(state: AppState, what: Export, format: ExportFormat) {
    leptos::task::spawn_local(async move {
        match crate::later::load(&SCREENS).await {
            Ok(code) => (code.export)(state, what, format),
            Err(crate::later::NotLoaded) => state.notify(crate::state::Notice::error(
                crate::i18n::t().shell().export_not_loaded,
            )),
        }
    });
}

fn export_contacts(state: AppState, what: Export, format: ExportFormat) {
    match (what, format) {
        (Export::Matching(q), ExportFormat::Csv) => backup_page::export_csv(state, q),
        (Export::Matching(q), ExportFormat::Vcard) => backup_page::export_vcard(state, q),
        (Export::Picked(ids), ExportFormat::Csv) => backup_page::export_csv_of(state, ids),
        (Export::Picked(ids), ExportFormat::Vcard) => backup_page::export_vcard_of(state, ids),
    }
}

#[component]
fn Later(screen: Screen) -> impl IntoView {
    use crate::later::{self, NotLoaded};
    let s = crate::i18n::t().shell();
    // Drawn at once once the chunk is here; the first time, "Loading…" until it arrives.
    let draw = RwSignal::new(later::loaded(&SCREENS).map(Ok));
    if draw.get_untracked().is_none() {
        leptos::task::spawn_local(async move {
            let loaded = later::load(&SCREENS).await;
            // The user may have gone elsewhere meanwhile: then nobody is waiting.
            let _ = draw.try_set(Some(loaded));
        });
    }
    move || match draw.get() {
        Some(Ok(code)) => (code.draw)(screen),
        Some(Err(NotLoaded)) => view! {
            <section class="fatal" role="alert">
                <h1>{s.not_loaded}</h1>
                <p>{s.not_loaded_text}</p>
                <button on:click=|_| reload()>{s.reload}</button>
            </section>
        }
        .into_any(),
        None => view! { <p class="loading" role="status">{s.loading_screen}</p> }.into_any(),
    }
}

/// Every screen but those of `Screens`: handed out only by `main.rs`'s split point, so
/// it and the code only it reaches are in the chunk.
pub fn later_view(screen: Screen) -> AnyView {
    match screen {
        Screen::Activity(filter) => view! { <activity_page::ActivityPage filter /> }.into_any(),
        Screen::FollowUps => view! { <follow_ups_page::FollowUpsPage /> }.into_any(),
        Screen::Deals => view! { <deals_page::DealsPage /> }.into_any(),
        Screen::NewDeal(contact) => view! { <deal_form::DealForm id=None contact /> }.into_any(),
        Screen::Deal(id) => view! { <deal_page::DealPage id /> }.into_any(),
        Screen::EditDeal(id) => view! { <deal_form::DealForm id=Some(id) contact=None /> }.into_any(),
        Screen::DealFromProposal(c, i) => view! { <deal_form::FromProposal contact=c id=i /> }.into_any(),
        Screen::LogForDeal(d) => match expect_context::<AppState>().deal(d) {
            Some(deal) => view! { <interaction_form::InteractionForm contact=deal.contact_id id=None deal=d /> }.into_any(),
            None => view! { <deal_form::NotFound /> }.into_any(),
        },
        Screen::LogInteraction(c) => view! { <interaction_form::InteractionForm contact=c id=None /> }.into_any(),
        Screen::EditInteraction(c, i) => view! { <interaction_form::InteractionForm contact=c id=Some(i) /> }.into_any(),
        Screen::AddFollowUp(c) => view! { <interaction_form::FollowUpForm contact=c /> }.into_any(),
        Screen::NewContact => view! { <contact_form::ContactForm id=None /> }.into_any(),
        Screen::Contact(id) => view! { <contact_page::ContactPage id /> }.into_any(),
        Screen::EditContact(id) => view! { <contact_form::ContactForm id=Some(id) /> }.into_any(),
        Screen::MergeContact(id, with) => view! { <merge_page::MergePage id with /> }.into_any(),
        Screen::Settings => view! { <settings_page::SettingsPage /> }.into_any(),
        Screen::Backup => view! { <backup_page::BackupPage /> }.into_any(),
        Screen::Shortcuts => view! { <search_everything::ShortcutsPage /> }.into_any(),
        Screen::Insights => view! { <insights_page::InsightsPage /> }.into_any(),
        // Drawn by `Screens` itself.
        Screen::Today | Screen::Contacts | Screen::NotFound => ().into_any(),
        #[cfg(feature = "bench-generator")]
        Screen::Generate(..) => ().into_any(),
    }
}

fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

fn focus_main() {
    fields::focus_by_id("main");
}
