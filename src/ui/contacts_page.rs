//! The contact list: search as you type (the text lives in the URL), a virtual list that
//! renders only the rows on screen, and a welcome for an empty book.

use super::common::date_label;
use super::virtual_list::VirtualList;
use super::{Export, ExportFormat};
use crate::browser;
use crate::bulk::Removing;
use crate::state::AppState;
use bakkal_core::analysis::value::{Relationship, Status, Tier};
use bakkal_core::book::SearchResult;
use bakkal_core::model::bulk::{clicked, BulkEdit};
use bakkal_core::model::saved_segment::MAX_NAME_CHARS;
use bakkal_core::route::{ListOrder, Route};
use bakkal_core::segment::{self, ParseError};
use bakkal_core::{ContactId, Stage};
use leptos::prelude::*;

/// Row height in pixels.
const ROW_H: f64 = 76.0;

#[component]
pub fn ContactsPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = crate::i18n::t();
    let tc = t.contacts();
    let options_open = RwSignal::new(false);
    provide_context(Selection {
        ids: RwSignal::new(Default::default()),
        anchor: StoredValue::new(None),
    });
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
    // The last good result stays on screen while the query has an error.
    let found: Memo<Result<SearchResult, ParseError>> = Memo::new(move |prev| {
        let q = q.get();
        let previous = prev.and_then(|p: &Result<SearchResult, ParseError>| p.as_ref().ok());
        browser::mark("bakkal:search-start");
        let r = state.find(&q, order.get(), previous);
        browser::mark("bakkal:search-end");
        r
    });
    let results: Memo<SearchResult> = Memo::new(move |prev: Option<&SearchResult>| {
        found.with(|f| match f {
            Ok(r) => r.clone(),
            Err(_) => prev.cloned().unwrap_or_default(),
        })
    });
    let error = Memo::new(move |_| found.with(|f| f.as_ref().err().cloned()));
    let total = Memo::new(move |_| state.book.with(|b| b.len()));

    let set_query = move |q: String| {
        let route = Route::Contacts {
            q,
            order: order.get_untracked(),
        };
        browser::replace_hash(&route.to_hash());
        state.route.set(route);
    };
    let on_search = move |ev: leptos::ev::Event| set_query(event_target_value(&ev));
    // The filter menus edit their word of the query, so the query stays the one truth.
    let set_filter = move |field: &'static str| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            let v = (!v.is_empty()).then_some(v);
            set_query(segment::with_filter(
                &q.get_untracked(),
                field,
                v.as_deref(),
            ))
        }
    };

    view! {
        <section class="contacts">
            <div class="page-head">
                <h1>{tc.title}</h1>
                <div class="actions">
                    // Sample data goes in one step, leaving the user's own contacts.
                    {move || {
                        let ids = state.book.with(bakkal_core::sample::sample_in);
                        (!ids.is_empty()).then(|| {
                            let ids = StoredValue::new(ids);
                            view! {
                                <button on:click=move |_| {
                                    leptos::task::spawn_local(state.delete_many(ids.get_value(), Removing::Sample))
                                }>{tc.remove_sample}</button>
                            }
                        })
                    }}
                    <button class="primary" on:click=move |_| state.go(Route::NewContact)>{tc.new_contact}</button>
                </div>
            </div>
            <Show when=move || total.get() == 0 fallback=move || view! {
                <div class="search">
                    <label for="search">{tc.search}</label>
                    <input id="search" type="search" autocomplete="off" spellcheck="false"
                        placeholder=tc.search_placeholder
                        aria-describedby="search-help"
                        aria-invalid=move || error.with(Option::is_some).then_some("true")
                        prop:value=move || q.get() on:input=on_search
                        on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                            // ArrowDown moves into the results; Enter on a row opens it.
                            if ev.key() == "ArrowDown" {
                                ev.prevent_default();
                                focus_row(0);
                            }
                        } />
                    <p id="search-help" class="hint">{tc.search_help}</p>
                    <QueryError error q />
                </div>
                // On a phone the filters and tools wait behind one button, so the list
                // starts on the first screen.
                <button type="button" class="filters-toggle" aria-controls="list-options"
                    aria-expanded=move || if options_open.get() { "true" } else { "false" }
                    on:click=move |_| options_open.update(|o| *o = !*o)>{tc.filters}</button>
                <div id="list-options" class="list-options" class:open=move || options_open.get()>
                <div class="list-tools filters">
                    <FilterSelect label=tc.filter_status field="status" q on_change=set_filter("status")
                        options=Status::ALL.iter().map(|st| (st.slug(), (t.common().status)(*st))).collect() any=tc.any />
                    <FilterSelect label=tc.filter_tier field="tier" q on_change=set_filter("tier")
                        options=Tier::ALL.iter().map(|t| (t.label(), t.label())).collect() any=tc.any />
                    <FilterSelect label=tc.filter_last field="last" q on_change=set_filter("last") any=tc.any_time
                        options=vec![("<30d", tc.last_within_30_days), (">30d", tc.last_over_30_days), (">90d", tc.last_over_90_days), (">1y", tc.last_over_a_year), ("never", tc.last_never)] />
                </div>
                <SaveSegment q error />
                <SavedSegmentsList />
                <div class="list-tools">
                    <button on:click=move |_| super::export(state, Export::Matching(q.get_untracked()), ExportFormat::Csv)>{tc.export_csv}</button>
                    <button on:click=move |_| super::export(state, Export::Matching(q.get_untracked()), ExportFormat::Vcard)>{tc.export_vcard}</button>
                    <label>{tc.sort_by}
                        <select on:change=move |ev| {
                            let order = if event_target_value(&ev) == "last" { ListOrder::LastContact } else { ListOrder::Name };
                            let route = Route::Contacts { q: q.get_untracked(), order };
                            browser::replace_hash(&route.to_hash());
                            state.route.set(route);
                        }>
                            <option value="name" selected=move || order.get() == ListOrder::Name>{tc.sort_name}</option>
                            <option value="last" selected=move || order.get() == ListOrder::LastContact>{tc.sort_last_contact}</option>
                        </select>
                    </label>
                </div>
                </div>
                <p class="count" role="status">{move || match state.loading.get() {
                    Some(n) => (tc.loading)(n as usize),
                    None if error.with(Option::is_some) => tc.query_has_error_list.to_string(),
                    None => count_line(results.with(|r| r.ids.len()), total.get(), &q.get()),
                }}</p>
                <BulkBar results />
                <ContactList results />
            }>
                <Welcome />
            </Show>
        </section>
    }
}

/// A menu that sets one filter word of the query (`status:…`).
#[component]
fn FilterSelect<F>(
    label: &'static str,
    field: &'static str,
    q: Memo<String>,
    on_change: F,
    options: Vec<(&'static str, &'static str)>,
    any: &'static str,
) -> impl IntoView
where
    F: Fn(leptos::ev::Event) + 'static,
{
    let current =
        Memo::new(move |_| q.with(|q| segment::filter_value(q, field).unwrap_or_default()));
    let id = format!("filter-{field}");
    view! {
        <div class="filter">
            <label for=id.clone()>{label}</label>
            <select id=id on:change=on_change>
                <option value="" selected=move || current.with(String::is_empty)>{any}</option>
                {options.into_iter().map(|(v, l)| view! {
                    <option value=v selected=move || current.with(|c| c.eq_ignore_ascii_case(v))>{l}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

/// The query's error, with the offending word marked inside the query.
#[component]
fn QueryError(error: Memo<Option<ParseError>>, q: Memo<String>) -> impl IntoView {
    move || {
        error.get().map(|e| {
            let chars: Vec<char> = q.with(|q| q.chars().collect());
            let part = |a: usize, b: usize| -> String {
                chars[a.min(chars.len())..b.min(chars.len())].iter().collect()
            };
            view! {
                <div class="query-error" role="alert">
                    <p>{(crate::i18n::t().contacts().query_error)(&e)}</p>
                    <p class="query"><code>{part(0, e.start)}<mark>{part(e.start, e.end)}</mark>{part(e.end, chars.len())}</code></p>
                </div>
            }
        })
    }
}

/// Saves the current query under a name.
#[component]
fn SaveSegment(q: Memo<String>, error: Memo<Option<ParseError>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let tc = crate::i18n::t().contacts();
    let name = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let query = q.get_untracked();
        if let Some(e) = error.get_untracked() {
            return problem.set(Some((tc.query_error)(&e)));
        }
        let saved = state
            .segments
            .with_untracked(|s| s.save(&name.get_untracked(), &query));
        match saved {
            Err(why) => problem.set(Some((tc.segment_refused)(why))),
            Ok(list) => {
                problem.set(None);
                let n = name.get_untracked().trim().to_string();
                leptos::task::spawn_local(async move {
                    let r = state
                        .save_segments(list)
                        .await
                        .map(|_| (tc.segment_saved)(&n));
                    if r.is_ok() {
                        name.try_set(String::new());
                    }
                    state.report(r);
                });
            }
        }
    };
    view! {
        <Show when=move || !q.with(|q| q.trim().is_empty())>
            <form class="save-segment" on:submit=save>
                <label for="segment-name">{tc.segment_name}</label>
                <input id="segment-name" type="text" maxlength=MAX_NAME_CHARS.to_string() prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                    aria-describedby="segment-problem" />
                <button type="submit">{tc.save_segment}</button>
                <p id="segment-problem" class="error" role="alert">{move || problem.get()}</p>
            </form>
        </Show>
    }
}

/// The saved segments with their live counts.
#[component]
fn SavedSegmentsList() -> impl IntoView {
    let state = expect_context::<AppState>();
    let tc = crate::i18n::t().contacts();
    let rows = Memo::new(move |_| {
        state.segments.with(|s| {
            s.0.iter()
                .map(|seg| {
                    let count = state
                        .find(&seg.query, ListOrder::Name, None)
                        .map(|r| crate::i18n::number(r.ids.len() as i64))
                        .unwrap_or_else(|_| tc.segment_query_error.into());
                    (seg.name.clone(), seg.query.clone(), count)
                })
                .collect::<Vec<_>>()
        })
    });
    let remove = move |name: String| {
        let list = state.segments.with_untracked(|s| s.remove(&name));
        leptos::task::spawn_local(async move {
            let r = state
                .save_segments(list)
                .await
                .map(|_| (tc.segment_deleted)(&name));
            state.report(r);
        });
    };
    view! {
        <Show when=move || rows.with(|r| !r.is_empty())>
            <nav class="segments" aria-label=tc.saved_segments>
                <h2>{tc.saved_segments}</h2>
                <ul>
                    <For each=move || rows.get() key=|r| r.clone() let:row>
                        {
                            let (name, query, count) = row;
                            let label = (tc.delete_segment)(&name);
                            let n2 = name.clone();
                            view! {
                                <li>
                                    <a href=Route::contacts(query.clone()).to_hash() title=query.clone()>{name.clone()}</a>
                                    " "<span class="count" data-testid="segment-count">{count}</span>
                                    <button class="link" aria-label=label on:click=move |_| remove(n2.clone())>"×"</button>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </nav>
        </Show>
    }
}

fn count_line(shown: usize, total: usize, q: &str) -> String {
    let tc = crate::i18n::t().contacts();
    if q.trim().is_empty() {
        (tc.n_contacts)(total)
    } else if shown == 0 {
        (tc.no_match)(q.trim())
    } else {
        (tc.n_match)(shown, total, q.trim())
    }
}

#[component]
fn Welcome() -> impl IntoView {
    let state = expect_context::<AppState>();
    let tc = crate::i18n::t().contacts();
    let busy = RwSignal::new(false);
    view! {
        <div class="welcome">
            <h2>{tc.welcome_title}</h2>
            <p>{tc.welcome_text}</p>
            <p>{tc.welcome_sample}</p>
            <div class="actions">
                <button class="primary" disabled=move || busy.get() on:click=move |_| {
                    busy.set(true);
                    leptos::task::spawn_local(async move {
                        state.load_sample().await;
                        busy.try_set(false);
                    });
                }>{tc.load_sample}</button>
                <button on:click=move |_| state.go(Route::NewContact)>{tc.new_contact}</button>
            </div>
        </div>
    }
}

/// Focuses the link of the `pos`-th row of the contact list (if it is rendered).
fn focus_row(pos: usize) {
    use wasm_bindgen::JsCast;
    let sel = format!(
        "ul[aria-label=\"{}\"] li[aria-posinset=\"{}\"] a",
        crate::i18n::t().contacts().list_label,
        pos + 1
    );
    if let Some(a) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(&sel).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = a.focus();
    }
}

/// ArrowDown / ArrowUp between rows of the list; ArrowUp from the first row goes back to
/// the search field.
fn row_keys(ev: leptos::ev::KeyboardEvent) {
    use wasm_bindgen::JsCast;
    let key = ev.key();
    if key != "ArrowDown" && key != "ArrowUp" {
        return;
    }
    let pos = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("li").ok().flatten())
        .and_then(|li| li.get_attribute("aria-posinset"))
        .and_then(|p| p.parse::<usize>().ok());
    let Some(pos) = pos else { return };
    ev.prevent_default();
    match (key.as_str(), pos) {
        ("ArrowUp", 1) => super::fields::focus_by_id("search"),
        ("ArrowUp", p) => focus_row(p - 2),
        (_, p) => focus_row(p),
    }
}

/// The rows picked for a bulk action, and the last one clicked (for Shift ranges).
#[derive(Clone, Copy)]
struct Selection {
    ids: RwSignal<std::collections::BTreeSet<ContactId>>,
    anchor: StoredValue<Option<usize>>,
}

/// What to do with the picked rows: shown while any is picked.
#[component]
fn BulkBar(results: Memo<SearchResult>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = crate::i18n::t();
    let tc = t.contacts();
    let pick = expect_context::<Selection>();
    let n = move || pick.ids.with(|s| s.len());
    let ids = move || {
        pick.ids
            .with_untracked(|s| s.iter().copied().collect::<Vec<_>>())
    };
    let tag = RwSignal::new(String::new());
    let stage = RwSignal::new(Stage::Customer);
    let run = move |edit: BulkEdit| leptos::task::spawn_local(state.edit_many(ids(), edit));
    let need_tag = move || tag.with(|t| t.trim().is_empty());
    view! {
        <Show when=move || n() != 0>
            <div class="bulk" role="region" aria-label=tc.selected_region>
                <p role="status" class="count">{move || (tc.n_selected)(n())}</p>
                <div class="actions">
                    <button type="button" on:click=move |_| {
                        let all = results.with_untracked(|r| r.ids.clone());
                        pick.ids.update(|s| s.extend(all));
                    }>{move || (tc.select_all_matching)(results.with(|r| r.ids.len()))}</button>
                    <button type="button" on:click=move |_| pick.ids.set(Default::default())>{tc.clear_selection}</button>
                    <button type="button" class="danger" on:click=move |_| {
                        let chosen = ids();
                        pick.ids.set(Default::default());
                        leptos::task::spawn_local(state.delete_many(chosen, Removing::Contacts));
                    }>{tc.delete}</button>
                    <button type="button" on:click=move |_| super::export(state, Export::Picked(ids()), ExportFormat::Csv)>{tc.export_csv}</button>
                    <button type="button" on:click=move |_| super::export(state, Export::Picked(ids()), ExportFormat::Vcard)>{tc.export_vcard}</button>
                </div>
                <div class="actions">
                    <label class="inline" for="bulk-tag">{tc.tag}</label>
                    <input id="bulk-tag" class="short" prop:value=move || tag.get() on:input=move |ev| tag.set(event_target_value(&ev)) />
                    <button type="button" disabled=need_tag on:click=move |_| run(BulkEdit::AddTag(tag.get_untracked()))>{tc.add_tag}</button>
                    <button type="button" disabled=need_tag on:click=move |_| run(BulkEdit::RemoveTag(tag.get_untracked()))>{tc.remove_tag}</button>
                    <label class="inline" for="bulk-stage">{tc.stage}</label>
                    <select id="bulk-stage" class="short" on:change=move |ev| {
                        if let Some(s) = Stage::parse(&event_target_value(&ev)) { stage.set(s); }
                    }>
                        {Stage::ALL.into_iter().map(|s| view! {
                            <option value=s.as_str() selected=move || stage.get() == s>{(t.common().stage)(s)}</option>
                        }).collect_view()}
                    </select>
                    <button type="button" on:click=move |_| run(BulkEdit::SetStage(stage.get_untracked()))>{tc.set_stage}</button>
                </div>
            </div>
        </Show>
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
        <div on:keydown=row_keys>
        // Rows keyed by contact: those still shown after a keystroke are kept (each row
        // follows its contact in the book by itself).
        <VirtualList label=crate::i18n::t().contacts().list_label len version=version.into() row_height=ROW_H
            key_of=Callback::new(move |pos: usize| results.with_untracked(|r| r.ids.get(pos).map_or(u64::MAX - pos as u64, |id| {
                // 64 of the id's random bits: two contacts on one screen never share them.
                let (high, low) = id.0.as_u64_pair();
                high ^ low
            })))
            row=move |pos| {
                results.with_untracked(|r| r.ids.get(pos).copied()).map(|id| view! { <Row id results /> })
            } />
        </div>
    }
}

#[component]
fn Row(id: ContactId, results: Memo<SearchResult>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = crate::i18n::t();
    let tc = t.contacts();
    let pick = expect_context::<Selection>();
    let toggle = move |ev: leptos::ev::MouseEvent| {
        // Where the row is now: it is kept from one result to the next.
        let Some(pos) = results.with_untracked(|r| r.ids.iter().position(|x| *x == id)) else {
            return;
        };
        let was = pick.ids.with_untracked(|s| s.contains(&id));
        let (range, on) = clicked(pos, pick.anchor.get_value(), ev.shift_key(), was);
        pick.anchor.set_value(Some(pos));
        let ids: Vec<ContactId> =
            results.with_untracked(|r| range.filter_map(|p| r.ids.get(p).copied()).collect());
        pick.ids.update(|s| {
            for i in ids {
                if on {
                    s.insert(i);
                } else {
                    s.remove(&i);
                }
            }
        });
    };
    let checked = move || pick.ids.with(|s| s.contains(&id));
    let tz = state.tz();
    let line = move || {
        state.book.with(|b| {
            b.get(id).map(|c| {
                let org = b.organisation_name(c).unwrap_or("").to_string();
                let sub: Vec<String> = [org, c.job_title.clone(), c.city().to_string()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect();
                let last = b.last_contact(id).map(|t| date_label(tz.local_date(t)));
                // One standing (from purchases, else the chosen stage), never two badges
                // saying the same thing.
                let standing = state.facts.with(|f| f.get(id).map(|f| f.standing()));
                let standing = standing.unwrap_or(Relationship::NoPurchases(c.stage));
                let tier = state.scoring.with(|s| s.tier(id));
                (
                    c.display_name.clone(),
                    sub.join(" · "),
                    standing,
                    last.unwrap_or_default(),
                    tier,
                )
            })
        })
    };
    // Three fixed lines (name and last contact, firm, badges), so every row is ROW_H tall
    // at any width.
    move || {
        line().map(|(name, sub, standing, last, tier)| {
            let label = (tc.select_contact)(&name);
            view! {
                // The label around the box makes the whole row-high strip the tap target.
                <label class="pick"><input type="checkbox" aria-label=label prop:checked=checked on:click=toggle /></label>
                <a href=Route::Contact(id).to_hash()>
                    <span class="name">{name}</span>
                    <span class="when">{(!last.is_empty()).then(|| view! { <span class="wide-only">{tc.last_contact_prefix}</span> })}{last}</span>
                    <span class="sub">{sub}</span>
                    <span class="meta">
                        <span class=standing.class() title=t.common().relationship_note(standing)>{t.common().relationship(standing)}</span>
                        {tier.map(|tier| view! { <span class="tier" title=tc.value_tier>{(tc.tier)(tier.label())}</span> })}
                    </span>
                </a>
            }
        })
    }
}
