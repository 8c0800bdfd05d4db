//! Deals: the board, one column per stage with its count, total and weighted total, and a
//! card per open deal with a **Move to** menu (keyboard, touch and screen readers: WCAG
//! 2.5.7's alternative to dragging). The columns and sums are `analysis::pipeline::board`.

use super::common::ContactLink;
use crate::browser;
use crate::i18n::{money, money_whole};
use crate::state::AppState;
use bakkal_core::analysis::pipeline::{board, pick, Column};
use bakkal_core::model::deal::{Deal, Stage, StageId};
use bakkal_core::money::{Money, Total};
use bakkal_core::route::Route;
use leptos::prelude::*;

/// A stage's name: the user's, else the built-in one in the screen's language, else its id.
pub fn stage_name(s: &Stage) -> String {
    match &s.name {
        Some(n) => n.clone(),
        None => (crate::i18n::t().deals.built_in_stage)(&s.id.0)
            .map(str::to_string)
            .unwrap_or_else(|| s.id.0.clone()),
    }
}

#[component]
pub fn DealsPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = crate::i18n::t();
    let columns = Memo::new(move |_| {
        state.deals.with(|ds| {
            state.pipeline.with(|p| {
                state
                    .value
                    .with(|v| board(ds, p, &v.home_currency, &v.rates))
            })
        })
    });
    let none = move || state.deals.with(|d| d.iter().all(|d| !d.is_open()));
    view! {
        <section class="deals">
            <div class="page-head">
                <h1>{t.deals.title}</h1>
                <div class="actions">
                    <a class="button primary" href=Route::NewDeal(None).to_hash()>{t.deal.new_deal}</a>
                </div>
            </div>
            <Show when=none>
                <p class="empty">{t.deals.no_deals}</p>
            </Show>
            <section class="board" aria-label=t.deals.board>
                {move || {
                    // A card shows more than its column holds (title, amount): any change
                    // to a deal redraws the board, a few columns of at most a few hundred.
                    state.deals.track();
                    columns.get().into_iter().enumerate()
                        .map(|(n, col)| view! { <BoardColumn n col /> })
                        .collect_view()
                }}
            </section>
        </section>
    }
}

#[component]
fn BoardColumn(n: usize, col: Column) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = crate::i18n::t();
    let name = state
        .pipeline
        .with_untracked(|p| p.stage(&col.stage).map(stage_name))
        .unwrap_or_else(|| col.stage.0.clone());
    let home = state.value.with_untracked(|v| v.home_currency.clone());
    let heading = format!("stage-{n}");
    let labelled_by = heading.clone();
    let deals: Vec<Deal> = state
        .deals
        .with_untracked(|ds| pick(ds, &col.deals).into_iter().cloned().collect());
    let count = deals.len();
    view! {
        <section class="column" aria-labelledby=labelled_by>
            <h2 id=heading>{name}</h2>
            <p class="sums">
                <span>{(t.deals.count)(count)}</span>
                <span>{(t.deals.total)(&sum(&col.total, &home))}</span>
                <span>{(t.deals.weighted)(&sum(&col.weighted, &home))}</span>
            </p>
            {(count == 0).then(|| view! { <p class="empty">{t.deals.empty_column}</p> })}
            <ul class="cards">
                {deals.into_iter().map(|d| view! { <DealCard d /> }).collect_view()}
            </ul>
        </section>
    }
}

/// A total in the home currency, and what could not be converted beside it.
pub fn sum(total: &Total, home: &str) -> String {
    let t = crate::i18n::t();
    let main = money_whole(&Money::new(total.home, home));
    let without: Vec<String> = total.unconverted().iter().map(money_whole).collect();
    if without.is_empty() {
        main
    } else {
        format!("{main} {}", (t.deals.without_rate)(&without.join(", ")))
    }
}

#[component]
fn DealCard(d: Deal) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = crate::i18n::t();
    let tz = state.tz();
    let today = tz.local_date(browser::now());
    let (cold, others) = state.pipeline.with_untracked(|p| {
        let others: Vec<(StageId, String)> = p
            .stages
            .iter()
            .filter(|s| s.id != d.stage)
            .map(|s| (s.id.clone(), stage_name(s)))
            .collect();
        // Until interactions can name a deal, its moves are its activity.
        (d.is_rotting(p, None, today, tz), others)
    });
    let amount = d
        .value()
        .map(|m| money(&m))
        .unwrap_or_else(|| t.deals.no_amount.into());
    let days = (t.deals.days_in_stage)(d.days_in_stage(today, tz));
    let open = RwSignal::new(false);
    let menu = format!("move-{}", d.id);
    let id = d.id;
    view! {
        <li class:cold=cold>
            <a class="title" href=Route::Deal(d.id).to_hash()>{d.title.clone()}</a>
            <span class="contact"><ContactLink id=d.contact_id /></span>
            <span class="amount">{amount}</span>
            <span class="age">{days}</span>
            {cold.then(|| view! { <span class="marker">{t.deals.going_cold}</span> })}
            <div class="move">
                <button type="button" aria-haspopup="true" aria-controls=menu.clone()
                    aria-expanded=move || if open.get() { "true" } else { "false" }
                    on:click=move |_| open.update(|o| *o = !*o)>{t.deals.move_to}</button>
                <ul id=menu hidden=move || !open.get()
                    on:keydown=move |ev| if ev.key() == "Escape" { open.set(false) }>
                    {others.into_iter().map(|(stage, name)| view! {
                        <li><button type="button" on:click=move |_| {
                            open.set(false);
                            leptos::task::spawn_local(state.move_deal(id, stage.clone()));
                        }>{name}</button></li>
                    }).collect_view()}
                </ul>
            </div>
        </li>
    }
}
