//! The contact list: search as you type (the text lives in the URL), a virtual list that
//! renders only the rows on screen, and a welcome for an empty book.

use super::common::date_label;
use super::virtual_list::VirtualList;
use crate::browser;
use crate::state::AppState;
use bakkal_core::book::SearchResult;
use bakkal_core::route::{ListOrder, Route};
use bakkal_core::ContactId;
use leptos::prelude::*;

/// Row height in pixels.
const ROW_H: f64 = 64.0;

#[component]
pub fn ContactsPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let q = Memo::new(move |_| {
        state.route.with(|r| match r {
            Route::Contacts { q, .. } => q.clone(),
            _ => String::new(),
        })
    });
    let order = Memo::new(move |_| {
        state.route.with(|r| match r {
            Route::Contacts { order, .. } => *order,
            _ => ListOrder::Name,
        })
    });
    let results: Memo<SearchResult> = Memo::new(move |prev| {
        let q = q.get();
        browser::mark("bakkal:search-start");
        let r = state.book.with(|b| b.search(&q, order.get(), prev));
        browser::mark("bakkal:search-end");
        r
    });
    let total = Memo::new(move |_| state.book.with(|b| b.len()));

    let on_search = move |ev: leptos::ev::Event| {
        let route = Route::Contacts {
            q: event_target_value(&ev),
            order: order.get_untracked(),
        };
        browser::replace_hash(&route.to_hash());
        state.route.set(route);
    };

    view! {
        <section class="contacts">
            <div class="page-head">
                <h1>"Contacts"</h1>
                <button class="primary" on:click=move |_| state.go(Route::NewContact)>"New contact"</button>
            </div>
            <Show when=move || total.get() == 0 fallback=move || view! {
                <div class="search">
                    <label for="search">"Search contacts"</label>
                    <input id="search" type="search" autocomplete="off" spellcheck="false"
                        placeholder="Name, company, e-mail, phone, city, tag…"
                        prop:value=move || q.get() on:input=on_search />
                </div>
                <div class="list-tools">
                    <button on:click=move |_| super::backup_page::export_csv(state, q.get_untracked())>"Export CSV"</button>
                    <button on:click=move |_| super::backup_page::export_vcard(state, q.get_untracked())>"Export vCard"</button>
                    <label>"Sort by "
                        <select on:change=move |ev| {
                            let order = if event_target_value(&ev) == "last" { ListOrder::LastContact } else { ListOrder::Name };
                            let route = Route::Contacts { q: q.get_untracked(), order };
                            browser::replace_hash(&route.to_hash());
                            state.route.set(route);
                        }>
                            <option value="name" selected=move || order.get() == ListOrder::Name>"Name"</option>
                            <option value="last" selected=move || order.get() == ListOrder::LastContact>"Last contact"</option>
                        </select>
                    </label>
                </div>
                <p class="count" role="status">{move || match state.loading.get() {
                    Some(n) => format!("Loading all {n} contacts…"),
                    None => count_line(results.with(|r| r.ids.len()), total.get(), &q.get()),
                }}</p>
                <ContactList results />
            }>
                <Welcome />
            </Show>
        </section>
    }
}

fn count_line(shown: usize, total: usize, q: &str) -> String {
    let noun = |n: usize| if n == 1 { "contact" } else { "contacts" };
    if q.trim().is_empty() {
        format!("{total} {}", noun(total))
    } else if shown == 0 {
        format!("No contacts match “{}”.", q.trim())
    } else {
        format!("{shown} of {total} {} match “{}”", noun(total), q.trim())
    }
}

#[component]
fn Welcome() -> impl IntoView {
    let state = expect_context::<AppState>();
    let busy = RwSignal::new(false);
    view! {
        <div class="welcome">
            <h2>"Welcome to Bakkal"</h2>
            <p>"Your client book lives here, in this browser, and nowhere else. Add the people and organisations you work with, and Bakkal helps you keep in touch with each of them, like the neighbourhood grocer who knows every customer."</p>
            <p>"Want to look around first? Load a sample book of Turkish and English clients; you can delete them later."</p>
            <div class="actions">
                <button class="primary" disabled=move || busy.get() on:click=move |_| {
                    busy.set(true);
                    leptos::task::spawn_local(async move {
                        state.load_sample().await;
                        busy.try_set(false);
                    });
                }>"Load sample data"</button>
                <button on:click=move |_| state.go(Route::NewContact)>"New contact"</button>
            </div>
        </div>
    }
}

#[component]
fn ContactList(results: Memo<SearchResult>) -> impl IntoView {
    let len = Signal::derive(move || results.with(|r| r.ids.len()));
    let version = Memo::new(move |prev: Option<&u64>| {
        results.track();
        prev.map_or(0, |p| p + 1)
    });
    // The benchmark's "first rows shown" moment.
    let marked = StoredValue::new(false);
    Effect::new(move |_| {
        if len.get() > 0 && !marked.get_value() {
            marked.set_value(true);
            request_animation_frame(|| browser::mark("bakkal:first-rows"));
        }
    });
    view! {
        <VirtualList label="Contacts" len version=version.into() row_height=ROW_H row=move |pos| {
            results.with_untracked(|r| r.ids.get(pos).copied()).map(|id| view! { <Row id /> })
        } />
    }
}

#[component]
fn Row(id: ContactId) -> impl IntoView {
    let state = expect_context::<AppState>();
    let tz = state.tz();
    let line = move || {
        state.book.with(|b| {
            b.get(id).map(|c| {
                let org = b.organisation_name(c).unwrap_or("").to_string();
                let sub: Vec<String> = [org, c.job_title.clone(), c.city().to_string()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect();
                let last = b
                    .last_contact(id)
                    .map(|t| format!("last contact {}", date_label(tz.local_date(t))));
                (
                    c.display_name.clone(),
                    sub.join(" · "),
                    c.stage,
                    last.unwrap_or_default(),
                )
            })
        })
    };
    move || {
        line().map(|(name, sub, stage, last)| {
            view! {
                <a href=Route::Contact(id).to_hash()>
                    <span class="name">{name}</span>
                    <span class="sub">{sub}</span>
                    <span class="meta">
                        <span class=format!("stage {}", stage.as_str())>{stage.label()}</span>
                        <span class="tags">{last}</span>
                    </span>
                </a>
            }
        })
    }
}
