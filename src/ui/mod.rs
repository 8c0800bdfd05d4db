//! Components: they render state and dispatch actions (`crate::state`); the rules they
//! apply live in `bakkal_core`.

mod contact_form;
mod contact_page;
mod contacts_page;
mod fields;
mod generate_page;
mod notice;
mod settings_page;

use crate::browser;
use crate::state::{AppState, DbState};
use bakkal_core::route::Route;
use bakkal_core::ContactId;
use leptos::prelude::*;

/// Which screen is showing. Derived from the route without its search text, so typing in
/// the search field does not rebuild the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Screen {
    Contacts,
    NewContact,
    Contact(ContactId),
    EditContact(ContactId),
    Settings,
    Generate(usize),
    NotFound,
}

impl From<&Route> for Screen {
    fn from(r: &Route) -> Self {
        match r {
            Route::Contacts { .. } => Screen::Contacts,
            Route::NewContact => Screen::NewContact,
            Route::Contact(id) => Screen::Contact(*id),
            Route::EditContact(id) => Screen::EditContact(*id),
            Route::Settings => Screen::Settings,
            Route::Generate { n } => Screen::Generate(*n),
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
    let _ = window_event_listener(leptos::ev::hashchange, move |_| {
        state.route.set(Route::parse(&browser::hash()))
    });
    let screen = Memo::new(move |_| state.route.with(|r| Screen::from(r)));

    view! {
        <a class="skip" href="#main" on:click=|ev| {
            ev.prevent_default();
            focus_main();
        }>"Skip to content"</a>
        <header class="topbar">
            <a class="brand" href="#/contacts">"Bakkal"</a>
            <nav aria-label="Main">
                <NavLink href="#/contacts" label="Contacts" active=Signal::derive(move || {
                    matches!(screen.get(), Screen::Contacts | Screen::Contact(_) | Screen::NewContact | Screen::EditContact(_))
                }) />
                <NavLink href="#/settings" label="Settings" active=Signal::derive(move || screen.get() == Screen::Settings) />
            </nav>
        </header>
        <main id="main" tabindex="-1">
            {move || match state.db.get() {
                DbState::Opening => view! { <p class="loading" role="status">"Opening your book…"</p> }.into_any(),
                DbState::Failed(msg) => view! {
                    <section class="fatal" role="alert">
                        <h1>"Bakkal cannot use its storage"</h1>
                        <p>{msg}</p>
                        <button on:click=|_| reload()>"Reload"</button>
                    </section>
                }.into_any(),
                DbState::Ready => view! { <Screens screen /> }.into_any(),
            }}
        </main>
        <notice::NoticeBar />
    }
}

#[component]
fn NavLink(href: &'static str, label: &'static str, active: Signal<bool>) -> impl IntoView {
    view! {
        <a href=href aria-current=move || active.get().then_some("page")>{label}</a>
    }
}

#[component]
fn Screens(screen: Memo<Screen>) -> impl IntoView {
    move || {
        match screen.get() {
        Screen::Contacts => view! { <contacts_page::ContactsPage /> }.into_any(),
        Screen::NewContact => view! { <contact_form::ContactForm id=None /> }.into_any(),
        Screen::Contact(id) => view! { <contact_page::ContactPage id /> }.into_any(),
        Screen::EditContact(id) => view! { <contact_form::ContactForm id=Some(id) /> }.into_any(),
        Screen::Settings => view! { <settings_page::SettingsPage /> }.into_any(),
        Screen::Generate(n) => view! { <generate_page::GeneratePage n /> }.into_any(),
        Screen::NotFound => view! {
            <section>
                <h1>"Page not found"</h1>
                <p>"There is nothing at this address. " <a href="#/contacts">"Back to contacts"</a></p>
            </section>
        }.into_any(),
    }
    }
}

fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

fn focus_main() {
    use wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("main"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}
