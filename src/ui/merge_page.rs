//! **Merge with…**: choose the other contact (look-alikes first), then per field which
//! value stays. The choices and the result are `bakkal_core::model::combine`.

use super::fields::TextField;
use crate::state::AppState;
use bakkal_core::model::combine::{differences, Difference, Field, Pick};
use bakkal_core::route::{ListOrder, Route};
use bakkal_core::{Contact, ContactId};
use leptos::prelude::*;
use std::collections::HashMap;

/// How many search results the chooser lists.
const SHOWN: usize = 20;

#[component]
pub fn MergePage(id: ContactId, with: Option<ContactId>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let tm = crate::i18n::t().merge();
    let name = move |c: ContactId| {
        state
            .book
            .with_untracked(|b| b.get(c).map(|c| c.display_name.clone()))
    };
    let Some(kept_name) = name(id) else {
        return view! {
            <section>
                <h1>{tm.not_found}</h1>
                <p>{tm.not_found_text}
                    <a href="#/contacts">{tm.back_to_contacts}</a></p>
            </section>
        }
        .into_any();
    };
    match with
        .filter(|w| *w != id)
        .and_then(|w| name(w).map(|n| (w, n)))
    {
        None => view! { <Choose id kept_name /> }.into_any(),
        Some((other, other_name)) => view! { <Fields id other kept_name other_name /> }.into_any(),
    }
}

/// The chooser: contacts that look like this one, then a search over the book.
#[component]
fn Choose(id: ContactId, kept_name: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let tm = crate::i18n::t().merge();
    let query = RwSignal::new(String::new());
    let alike = state.book.with_untracked(|b| {
        b.get(id)
            .map(|c| b.possible_duplicates(c))
            .unwrap_or_default()
    });
    let listed = alike.clone();
    let found = Memo::new(move |_| {
        let q = query.get();
        if q.trim().is_empty() {
            return Vec::new();
        }
        state.book.with(|b| {
            b.search(&q, ListOrder::Name, None)
                .ids
                .into_iter()
                .filter(|c| *c != id && !listed.contains(c))
                .take(SHOWN)
                .collect::<Vec<_>>()
        })
    });
    let row = move |c: ContactId| {
        let (name, line) = state
            .book
            .with_untracked(|b| {
                b.get(c).map(|x| {
                    let firm = b.organisation_name(x).unwrap_or("").to_string();
                    let line = [firm.as_str(), x.city()]
                        .into_iter()
                        .filter(|s| !s.trim().is_empty())
                        .collect::<Vec<_>>()
                        .join(" · ");
                    (x.display_name.clone(), line)
                })
            })
            .unwrap_or_default();
        view! {
            <li>
                <button type="button" aria-label=(tm.merge_with)(&name)
                    on:click=move |_| state.go(Route::MergeContact(id, Some(c)))>{name.clone()}</button>
                {(!line.is_empty()).then(|| view! { <span class="muted">" " {line}</span> })}
            </li>
        }
    };
    view! {
        <section class="merge">
            <h1 tabindex="-1">{(tm.choose_title)(&kept_name)}</h1>
            <p class="muted">{tm.choose_text}</p>
            {(!alike.is_empty()).then(|| view! {
                <h2>{tm.looks_alike}</h2>
                <ul class="plain choices">{alike.into_iter().map(row).collect_view()}</ul>
            })}
            <TextField label=tm.find_other.into() id="merge-search".into()
                value=query on_input=Callback::new(move |v| query.set(v)) autofocus=true />
            <ul class="plain choices" aria-label=tm.matching>
                {move || found.get().into_iter().map(row).collect_view()}
            </ul>
            <div class="actions">
                <button type="button" on:click=move |_| state.go(Route::Contact(id))>{tm.cancel}</button>
            </div>
        </section>
    }
}

/// Per field, which value the merged contact keeps; then Merge.
#[component]
fn Fields(id: ContactId, other: ContactId, kept_name: String, other_name: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let tm = crate::i18n::t().merge();
    let diffs: Vec<Difference> = state
        .book
        .with_untracked(|b| match (b.get(id), b.get(other)) {
            (Some(k), Some(o)) => differences(k, o, b)
                .into_iter()
                .map(|d| Difference {
                    kept: shown(d.field, k, d.kept),
                    other: shown(d.field, o, d.other),
                    ..d
                })
                .collect(),
            _ => Vec::new(),
        });
    let picks = RwSignal::new(
        diffs
            .iter()
            .map(|d| (d.field, d.proposed))
            .collect::<HashMap<Field, Pick>>(),
    );
    let history = state.book.with_untracked(|b| b.history(other).len());
    let follow_ups = state
        .follow_ups
        .with_untracked(|f| f.iter().filter(|x| x.contact_id == other).count());
    let failure = RwSignal::new(None::<String>);
    let merging = RwSignal::new(false);
    let merge = move |_| {
        merging.set(true);
        failure.set(None);
        let chosen = picks.get_untracked();
        leptos::task::spawn_local(async move {
            match state.merge_contacts(id, other, chosen).await {
                Ok(()) => {
                    state.go(Route::Contact(id));
                    super::fields::focus_heading_soon();
                }
                Err(e) => {
                    failure.try_set(Some((tm.nothing_merged)(&e.to_string())));
                    merging.try_set(false);
                }
            }
        });
    };
    let moves = (tm.what_moves)(&other_name, &kept_name, history, follow_ups);
    let empty = diffs.is_empty();
    view! {
        <section class="merge">
            <h1 tabindex="-1">{(tm.merge_into)(&other_name, &kept_name)}</h1>
            <p>{moves}</p>
            <p><a href=Route::MergeContact(other, Some(id)).to_hash()>{(tm.keep_other_instead)(&other_name)}</a></p>
            {if empty {
                view! { <p>{tm.same_details}</p> }.into_any()
            } else {
                view! {
                    <h2>{tm.what_stays}</h2>
                    {diffs.into_iter().map(|d| view! { <FieldChoice d picks kept_name=kept_name.clone() other_name=other_name.clone() /> }).collect_view()}
                }.into_any()
            }}
            {move || failure.get().map(|f| view! { <p class="error" role="alert">{f}</p> })}
            <div class="actions">
                <button type="button" class="primary" disabled=move || merging.get() on:click=merge>{tm.merge}</button>
                <button type="button" on:click=move |_| state.go(Route::Contact(id))>{tm.cancel}</button>
            </div>
        </section>
    }
}

/// One field's radio group: this contact's value, the other's, or both.
#[component]
fn FieldChoice(
    d: Difference,
    picks: RwSignal<HashMap<Field, Pick>>,
    kept_name: String,
    other_name: String,
) -> impl IntoView {
    let tm = crate::i18n::t().merge();
    let field = d.field;
    let group = format!("pick-{field:?}");
    let shown = |v: &str| {
        if v.trim().is_empty() {
            tm.empty.to_string()
        } else {
            v.to_string()
        }
    };
    let mut options = vec![
        (Pick::Kept, shown(&d.kept), kept_name),
        (Pick::Other, shown(&d.other), other_name),
    ];
    if field.can_join() && !d.kept.trim().is_empty() && !d.other.trim().is_empty() {
        options.push((Pick::Both, tm.both.to_string(), String::new()));
    }
    view! {
        <fieldset class="pick">
            <legend>{(tm.field)(field)}</legend>
            {options.into_iter().map(|(pick, value, whose)| view! {
                <label class="pick-option">
                    <input type="radio" name=group.clone()
                        prop:checked=move || picks.with(|p| p.get(&field) == Some(&pick))
                        on:change=move |_| picks.update(|p| { p.insert(field, pick); }) />
                    <span>{value}{(!whose.is_empty()).then(|| view! { <span class="muted">{format!(" ({whose})")}</span> })}</span>
                </label>
            }).collect_view()}
        </fieldset>
    }
}

/// A field's value as the screen shows it: kind and stage by their names in the user's
/// language (the core compares them by their stable names), the rest as the core gives it.
fn shown(field: Field, c: &Contact, value: String) -> String {
    let t = crate::i18n::t();
    match field {
        Field::Kind => (t.common().contact_kind)(c.kind).to_string(),
        Field::Stage => (t.common().stage)(c.stage).to_string(),
        _ => value,
    }
}
