//! The contact list: search as you type (the text lives in the URL), a virtual list that
//! renders only the rows on screen, and a welcome for an empty book.

use crate::browser;
use crate::state::AppState;
use bakkal_core::book::SearchResult;
use bakkal_core::route::Route;
use bakkal_core::ContactId;
use leptos::prelude::*;

/// Row height in pixels; must match `.row` in style/main.css.
const ROW_H: f64 = 64.0;
/// Rows rendered above and below the visible ones, so fast scrolling shows no gaps.
const OVERSCAN: usize = 6;

#[component]
pub fn ContactsPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let q = Memo::new(move |_| {
        state.route.with(|r| match r {
            Route::Contacts { q } => q.clone(),
            _ => String::new(),
        })
    });
    let results: Memo<SearchResult> = Memo::new(move |prev| {
        let q = q.get();
        browser::mark("bakkal:search-start");
        let r = state.book.with(|b| b.search(&q, prev));
        browser::mark("bakkal:search-end");
        r
    });
    let total = Memo::new(move |_| state.book.with(|b| b.len()));

    let on_search = move |ev: leptos::ev::Event| {
        let route = Route::Contacts {
            q: event_target_value(&ev),
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
                <p class="count" role="status">{move || match state.loading.get() {
                    Some(n) => format!("Loading all {n} contacts…"),
                    None => count_line(results.with(|r| r.ids.len()), total.get(), &q.get()),
                }}</p>
                <VirtualList results />
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
                        busy.set(false);
                    });
                }>"Load sample data"</button>
                <button on:click=move |_| state.go(Route::NewContact)>"New contact"</button>
            </div>
        </div>
    }
}

#[component]
fn VirtualList(results: Memo<SearchResult>) -> impl IntoView {
    let viewport = NodeRef::<leptos::html::Div>::new();
    let scroll_top = RwSignal::new(0.0);
    let height = RwSignal::new(800.0);
    let measure = move || {
        if let Some(el) = viewport.get_untracked() {
            scroll_top.set(el.scroll_top() as f64);
            height.set(el.client_height().max(1) as f64);
        }
    };
    // A new search starts at the top of the list.
    Effect::new(move |_| {
        results.track();
        if let Some(el) = viewport.get_untracked() {
            el.set_scroll_top(0);
        }
        scroll_top.set(0.0);
    });
    Effect::new(move |_| {
        if viewport.get().is_some() {
            measure();
        }
    });
    let _ = window_event_listener(leptos::ev::resize, move |_| measure());
    let len = Memo::new(move |_| results.with(|r| r.ids.len()));
    let range = Memo::new(move |_| {
        let first = ((scroll_top.get() / ROW_H) as usize).saturating_sub(OVERSCAN);
        let count = (height.get() / ROW_H).ceil() as usize + 2 * OVERSCAN;
        let n = len.get();
        (first.min(n), (first + count).min(n))
    });
    let visible = move || {
        let (a, b) = range.get();
        results.with(|r| {
            r.ids[a..b]
                .iter()
                .enumerate()
                .map(|(i, id)| (a + i, *id))
                .collect::<Vec<_>>()
        })
    };
    // The benchmark's "first rows shown" moment.
    let marked = StoredValue::new(false);
    Effect::new(move |_| {
        if len.get() > 0 && !marked.get_value() {
            marked.set_value(true);
            request_animation_frame(|| browser::mark("bakkal:first-rows"));
        }
    });
    view! {
        <div class="list-viewport" node_ref=viewport on:scroll=move |_| measure()>
            <ul class="rows" aria-label="Contacts" style:height=move || format!("{}px", len.get() as f64 * ROW_H)>
                <For each=visible key=|item| *item let:item>
                    <Row pos=item.0 id=item.1 setsize=len />
                </For>
            </ul>
        </div>
    }
}

#[component]
fn Row(pos: usize, id: ContactId, setsize: Memo<usize>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let line = move || {
        state.book.with(|b| {
            b.get(id).map(|c| {
                let org = b.organisation_name(c).unwrap_or("").to_string();
                let sub: Vec<String> = [org, c.job_title.clone(), c.city().to_string()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect();
                (
                    c.display_name.clone(),
                    sub.join(" · "),
                    c.stage,
                    c.tags.join(", "),
                )
            })
        })
    };
    view! {
        <li class="row" style:transform=format!("translateY({}px)", pos as f64 * ROW_H)
            aria-posinset=pos + 1 aria-setsize=move || setsize.get()>
            {move || line().map(|(name, sub, stage, tags)| view! {
                <a href=Route::Contact(id).to_hash()>
                    <span class="name">{name}</span>
                    <span class="sub">{sub}</span>
                    <span class="meta">
                        <span class=format!("stage {}", stage.as_str())>{stage.label()}</span>
                        <span class="tags">{tags}</span>
                    </span>
                </a>
            })}
        </li>
    }
}
