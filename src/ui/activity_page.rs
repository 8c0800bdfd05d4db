//! Activity: every interaction in the book, newest first, filterable, read from the store
//! a page at a time and rendered only where it is on screen.

use super::virtual_list::VirtualList;
use crate::state::AppState;
use crate::store::{reverse_time_key, time_bound_key};
use bakkal_core::route::{ActivityFilter, Route};
use bakkal_core::{Channel, Interaction, InteractionKind};
use leptos::prelude::*;

const ROW_H: f64 = 64.0;
/// Records read per request.
const PAGE: u32 = 250;
/// Requests per "load more" at most (a rare channel may need many pages).
const MAX_PAGES: usize = 40;

#[component]
pub fn ActivityPage(filter: ActivityFilter) -> impl IntoView {
    let state = expect_context::<AppState>();
    let tz = state.tz();
    let items = RwSignal::new(Vec::<Interaction>::new());
    let after = StoredValue::new(filter.to.map(|d| {
        time_bound_key(
            tz.to_utc(d + chrono::Duration::days(1), Some(chrono::NaiveTime::MIN)),
            false,
        )
    }));
    let until = filter
        .from
        .map(|d| time_bound_key(tz.to_utc(d, Some(chrono::NaiveTime::MIN)), true));
    let exhausted = RwSignal::new(false);
    let loading = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let load_more = Callback::new(move |()| {
        if loading.get_untracked() || exhausted.get_untracked() {
            return;
        }
        loading.set(true);
        let until = until.clone();
        leptos::task::spawn_local(async move {
            let mut added = 0;
            for _ in 0..MAX_PAGES {
                let page = match state
                    .activity_page(after.try_get_value().flatten(), until.clone(), PAGE)
                    .await
                {
                    Ok(p) => p,
                    Err(e) => {
                        error.try_set(Some(e.to_string()));
                        exhausted.try_set(true);
                        break;
                    }
                };
                if let Some(last) = page.last() {
                    after.try_update_value(|a| *a = Some(reverse_time_key(last)));
                }
                let full = page.len() as u32 == PAGE;
                let matching: Vec<Interaction> =
                    page.into_iter().filter(|i| filter.matches(i)).collect();
                added += matching.len();
                // The page may have been left while this page was read.
                if items.try_update(|v| v.extend(matching)).is_none() {
                    return;
                }
                if !full {
                    exhausted.try_set(true);
                    break;
                }
                if added >= 60 {
                    break;
                }
            }
            loading.try_set(false);
        });
    });
    // Reload when interactions change elsewhere.
    Effect::new(move |prev: Option<()>| {
        state.revision.track();
        if prev.is_some() {
            items.set(Vec::new());
            after.set_value(None);
            exhausted.set(false);
        }
        load_more.run(());
    });
    let set_filter = move |f: ActivityFilter| state.go(Route::Activity(f));
    let len = Signal::derive(move || items.with(Vec::len));
    let t = crate::i18n::t();
    let ta = t.activity();

    view! {
        <section class="activity">
            <h1>{ta.title}</h1>
            <div class="filters">
                <label>{ta.channel}
                    <select on:change=move |ev| set_filter(ActivityFilter { channel: Channel::parse(&event_target_value(&ev)), ..filter })>
                        <option value="">{ta.all_channels}</option>
                        {Channel::ALL.iter().map(|c| view! { <option value=c.as_str() selected=filter.channel == Some(*c)>{(t.common().channel)(*c)}</option> }).collect_view()}
                    </select>
                </label>
                <label>{ta.kind}
                    <select on:change=move |ev| set_filter(ActivityFilter { kind: InteractionKind::parse(&event_target_value(&ev)), ..filter })>
                        <option value="">{ta.all_kinds}</option>
                        {InteractionKind::ALL.iter().map(|k| view! { <option value=k.as_str() selected=filter.kind == Some(*k)>{(t.common().kind)(*k)}</option> }).collect_view()}
                    </select>
                </label>
                <label>{ta.from}
                    <input type="date" prop:value=filter.from.map(|d| d.to_string()).unwrap_or_default()
                        on:change=move |ev| set_filter(ActivityFilter { from: event_target_value(&ev).parse().ok(), ..filter }) />
                </label>
                <label>{ta.to}
                    <input type="date" prop:value=filter.to.map(|d| d.to_string()).unwrap_or_default()
                        on:change=move |ev| set_filter(ActivityFilter { to: event_target_value(&ev).parse().ok(), ..filter }) />
                </label>
            </div>
            <p class="count" role="status">{move || {
                let n = len.get();
                match (n, loading.get(), exhausted.get()) {
                    (0, true, _) => ta.loading.to_string(),
                    (0, false, true) => ta.none_match.to_string(),
                    (n, _, true) => (ta.count)(n),
                    (n, _, false) => (ta.count_so_far)(n),
                }
            }}</p>
            {move || error.get().map(|e| view! { <p role="alert">{e}</p> })}
            <VirtualList label=ta.title len version=Signal::derive(|| 0) row_height=ROW_H on_near_end=load_more row=move |pos| {
                items.with_untracked(|v| v.get(pos).cloned()).map(|i| view! { <ActivityRow i tz /> })
            } />
        </section>
    }
}

#[component]
fn ActivityRow(i: Interaction, tz: bakkal_core::analysis::Tz) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = crate::i18n::t().common();
    let name = state
        .book
        .with_untracked(|b| b.get(i.contact_id).map(|c| c.display_name.clone()))
        .unwrap_or_else(|| t.deleted_contact.into());
    let when = super::common::when_label(&i, tz);
    view! {
        <a href=Route::Contact(i.contact_id).to_hash()>
            <span class="name">{name}" — "{i.summary.clone()}</span>
            <span class="sub">{format!("{} · {} · {}", (t.kind)(i.kind), (t.channel)(i.channel), (t.direction)(i.direction))}
                {i.amount.as_ref().map(|m| format!(" · {}", crate::i18n::money(m)))}</span>
            <span class="meta"><span class="tags">{when}</span></span>
        </a>
    }
}
