//! A deal's page: what it is, its stage history and its interactions, and what can be done
//! with it — **Log interaction** (linked to it), **Mark won** (offering **Record as
//! purchase**), **Mark lost** (asking for a **Lost reason**), **Reopen**, **Edit**,
//! **Delete** with Undo. The rules are `bakkal_core::model::deal`; the writes
//! `crate::deals`.

use super::common::ContactLink;
use super::deal_form::NotFound;
use crate::deals::Decision;
use crate::i18n::{date, money};
use crate::state::AppState;
use bakkal_core::model::deal::{Deal, DealId, DealStatus, LostReason, Pipeline};
use bakkal_core::route::Route;
use leptos::prelude::*;

/// A lost reason's name: the user's, else the built-in one in the screen's language.
pub fn reason_name(r: &LostReason) -> String {
    match &r.name {
        Some(n) => n.clone(),
        None => (crate::i18n::t().deal().built_in_reason)(&r.id)
            .map(str::to_string)
            .unwrap_or_else(|| r.id.clone()),
    }
}

/// A lost reason's name by id, for a reason this device may no longer have.
pub fn reason_named(p: &Pipeline, id: &str) -> String {
    p.lost_reasons
        .iter()
        .find(|r| r.id == id)
        .map(reason_name)
        .unwrap_or_else(|| id.to_string())
}

/// A stage's name by id, for a stage this device may no longer have.
pub fn stage_named(p: &Pipeline, id: &bakkal_core::model::deal::StageId) -> String {
    p.stage(id)
        .map(super::stage_name)
        .unwrap_or_else(|| id.0.clone())
}

/// Open in a stage, or won or lost on a date.
pub fn status_line(d: &Deal, p: &Pipeline) -> String {
    let t = crate::i18n::t().deal();
    match &d.status {
        DealStatus::Open => (t.open_in)(&stage_named(p, &d.stage)),
        DealStatus::Won { on } => (t.won_on)(&date(*on)),
        DealStatus::Lost { on, reason, .. } => (t.lost_on)(&date(*on), &reason_named(p, reason)),
    }
}

#[component]
pub fn DealPage(id: DealId) -> impl IntoView {
    let state = expect_context::<AppState>();
    // Redrawn when this deal changes here, in another tab or through sync.
    let deal = Memo::new(move |_| {
        state
            .deals
            .with(|ds| ds.iter().find(|d| d.id == id).cloned())
    });
    move || match deal.get() {
        None => view! { <NotFound /> }.into_any(),
        Some(d) => view! { <Shown d /> }.into_any(),
    }
}

/// Which decision form is open under the actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Asking {
    Nothing,
    Won,
    Lost,
}

#[component]
fn Shown(d: Deal) -> impl IntoView {
    let state = expect_context::<AppState>();
    let texts = crate::i18n::t();
    let t = texts.deal();
    let id = d.id;
    let pipeline = state.pipeline.get_untracked();
    let status = status_line(&d, &pipeline);
    let open = d.is_open();
    let asking = RwSignal::new(Asking::Nothing);
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let record = RwSignal::new(true);
    let reasons: Vec<(String, String)> = pipeline
        .lost_reasons
        .iter()
        .map(|r| (r.id.clone(), reason_name(r)))
        .collect();
    let reason = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let title = d.title.clone();
    let decide = move |decision: Decision| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let title = title.clone();
        leptos::task::spawn_local(async move {
            let text = match &decision {
                Decision::Won {
                    record_purchase: true,
                } => (t.won_recorded)(&title),
                Decision::Won { .. } => (t.won)(&title),
                Decision::Lost { .. } => (t.lost)(&title),
                Decision::Reopen => (t.reopened)(&title),
            };
            match state.decide_deal(id, decision).await {
                Ok(()) => state.report(Ok(text)),
                Err(e) => {
                    failure.try_set(Some(e.to_string()));
                }
            }
            busy.try_set(false);
        });
    };
    let decide_won = decide.clone();
    let decide_lost = decide.clone();
    let amount = d.value().map(|m| money(&m));
    let weighted = d.weighted(&pipeline).map(|m| money(&m));
    let probability = crate::i18n::percent(d.probability(&pipeline));
    let moves = d.all_moves();
    let last = moves.len().saturating_sub(1);
    let history: Vec<(String, String)> = moves
        .iter()
        .enumerate()
        .map(|(n, e)| {
            let when = date(state.tz().local_date(e.at));
            let after_decision = n > 0 && moves[n - 1].stage.is_none();
            let what = match (&e.stage, &d.status) {
                (Some(s), _) if after_decision => (t.reopened_in)(&stage_named(&pipeline, s)),
                (Some(s), _) => (t.entered)(&stage_named(&pipeline, s)),
                (None, DealStatus::Won { .. }) if n == last => t.entry_won.to_string(),
                (None, DealStatus::Lost { .. }) if n == last => t.entry_lost.to_string(),
                (None, _) => t.decided.to_string(),
            };
            (when, what)
        })
        .collect();
    let contact = d.contact_id;
    let interactions = LocalResource::new(move || {
        state.revision.track();
        async move {
            state.timeline(contact).await.map(|all| {
                all.into_iter()
                    .filter(|i| i.deal_id == Some(id) && !i.is_deleted())
                    .collect::<Vec<_>>()
            })
        }
    });
    view! {
        <article class="deal">
            <div class="page-head">
                <div class="title">
                    <h1>{d.title.clone()}</h1>
                    <p class="sub">{status} " · " <ContactLink id=contact /></p>
                </div>
                <div class="actions">
                    <a class="button primary" href=Route::LogForDeal(id).to_hash()>{t.log_interaction}</a>
                    {open.then(|| view! {
                        <button type="button" aria-expanded=move || (asking.get() == Asking::Won).to_string()
                            on:click=move |_| asking.set(Asking::Won)>{t.mark_won}</button>
                        <button type="button" aria-expanded=move || (asking.get() == Asking::Lost).to_string()
                            on:click=move |_| asking.set(Asking::Lost)>{t.mark_lost}</button>
                    })}
                    {(!open).then(|| {
                        let decide = decide.clone();
                        view! { <button type="button" disabled=move || busy.get()
                            on:click=move |_| decide(Decision::Reopen)>{t.reopen}</button> }
                    })}
                    <a class="button" href=Route::EditDeal(id).to_hash()>{texts.common().edit}</a>
                    <button type="button" class="danger" on:click=move |_| {
                        leptos::task::spawn_local(async move {
                            state.delete_deal(id).await;
                            state.go(Route::Deals(Default::default()));
                        });
                    }>{texts.common().delete}</button>
                </div>
            </div>
            <Show when=move || failure.get().is_some()>
                <p class="form-error" role="alert">{move || failure.get()}</p>
            </Show>
            <Show when=move || asking.get() == Asking::Won>
                <form class="decide" aria-label=t.mark_won on:submit={
                    let decide = decide_won.clone();
                    move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        asking.set(Asking::Nothing);
                        decide(Decision::Won { record_purchase: record.get_untracked() });
                    }
                }>
                    <label class="check">
                        <input type="checkbox" prop:checked=move || record.get()
                            aria-describedby="record-hint"
                            on:change=move |ev| record.set(event_target_checked(&ev)) />
                        {t.record_as_purchase}
                    </label>
                    <small id="record-hint" class="hint">{t.record_hint}</small>
                    <div class="actions">
                        <button type="submit" class="primary" disabled=move || busy.get()>{texts.common().save}</button>
                        <button type="button" on:click=move |_| asking.set(Asking::Nothing)>{texts.common().cancel}</button>
                    </div>
                </form>
            </Show>
            <Show when=move || asking.get() == Asking::Lost>
                <form class="decide" aria-label=t.mark_lost novalidate on:submit={
                    let decide = decide_lost.clone();
                    move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        let r = reason.get_untracked();
                        if r.is_empty() {
                            failure.set(Some(t.reason_needed.into()));
                            return;
                        }
                        failure.set(None);
                        asking.set(Asking::Nothing);
                        decide(Decision::Lost { reason: r, note: note.get_untracked() });
                    }
                }>
                    <div class="field">
                        <label for="lost-reason">{t.lost_reason}</label>
                        <select id="lost-reason" on:change=move |ev| reason.set(event_target_value(&ev))>
                            <option value="" selected=move || reason.get().is_empty()>"—"</option>
                            {reasons.clone().into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
                        </select>
                    </div>
                    <super::fields::TextField label=t.lost_details.into() id="lost-note".into()
                        value=Signal::derive(move || note.get()) on_input=Callback::new(move |v| note.set(v)) />
                    <div class="actions">
                        <button type="submit" class="primary" disabled=move || busy.get()>{texts.common().save}</button>
                        <button type="button" on:click=move |_| asking.set(Asking::Nothing)>{texts.common().cancel}</button>
                    </div>
                </form>
            </Show>
            <dl class="facts">
                <dt>{t.amount}</dt><dd>{amount.unwrap_or_else(|| texts.deals().no_amount.into())}</dd>
                <dt>{t.probability}</dt><dd>{probability}</dd>
                {weighted.map(|w| view! { <dt>{t.weighted}</dt><dd>{w}</dd> })}
                <dt>{t.expected_close}</dt>
                <dd>{d.expected_close.map(date).unwrap_or_else(|| t.no_close_date.into())}</dd>
                <dt>{t.created}</dt><dd>{date(state.tz().local_date(d.created_at))}</dd>
            </dl>
            {(!d.lines.is_empty()).then(|| {
                let quantity = |milli| {
                    let q = bakkal_core::model::deal_draft::format_quantity(milli);
                    if crate::i18n::lang() == bakkal_core::Lang::Tr { q.replace('.', ",") } else { q }
                };
                view! {
                    <table class="lines">
                        <caption>{t.lines}</caption>
                        <thead><tr><th scope="col">{t.product}</th><th scope="col" class="num">{t.quantity}</th>
                            <th scope="col" class="num">{t.unit_price}</th><th scope="col" class="num">{texts.deals().col_amount}</th></tr></thead>
                        <tbody>
                            {d.lines.iter().map(|l| view! {
                                <tr><td>{l.product.clone()}</td><td class="num">{quantity(l.quantity_milli)}</td>
                                    <td class="num">{crate::i18n::money(&l.unit_price)}</td><td class="num">{crate::i18n::money(&l.total())}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }
            })}
            {(!d.notes.is_empty()).then(|| view! {
                <section class="notes"><h2>{t.notes}</h2><p class="pre">{d.notes.clone()}</p></section>
            })}
            <section aria-labelledby="deal-history">
                <h2 id="deal-history">{t.history}</h2>
                <ol class="plain history">
                    {history.into_iter().map(|(when, what)| view! { <li><span class="muted">{when}</span> " " {what}</li> }).collect_view()}
                </ol>
            </section>
            <section aria-labelledby="deal-interactions">
                <h2 id="deal-interactions">{t.interactions}</h2>
                {move || interactions.get().map(|r| match r {
                    Err(e) => view! { <p role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="empty">{t.no_interactions}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="plain">
                            {list.into_iter().rev().map(|i| {
                                let when = date(state.tz().local_date(i.at));
                                let kind = (texts.common().kind)(i.kind);
                                let href = Route::EditInteraction(i.contact_id, i.id).to_hash();
                                view! { <li><span class="muted">{when} " · " {kind}</span> " " <a href=href>{i.summary.clone()}</a>
                                    {i.amount.as_ref().map(|m| format!(" · {}", money(m)))}</li> }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </section>
        </article>
    }
}
