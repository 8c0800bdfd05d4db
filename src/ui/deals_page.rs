//! Deals: the board, one column per stage with its count, total and weighted total, and a
//! card per open deal with a **Move to** menu (keyboard, touch and screen readers: WCAG
//! 2.5.7's alternative to dragging). The columns and sums are `analysis::pipeline::board`.

use super::common::ContactLink;
use crate::browser;
use crate::i18n::{money, money_whole};
use crate::state::{AppState, Notice};
use bakkal_core::analysis::pipeline::{board_where, last_activity, list, pick, Column};
use bakkal_core::model::deal::{Deal, DealId, Stage, StageId};
use bakkal_core::money::{Money, Total};
use bakkal_core::route::{DealSort, DealStatusFilter, DealsView, Route};
use leptos::prelude::*;

/// A stage's name: the user's, else the built-in one in the screen's language, else its id.
pub fn stage_name(s: &Stage) -> String {
    match &s.name {
        Some(n) => n.clone(),
        None => (crate::i18n::t().deals().built_in_stage)(&s.id.0)
            .map(str::to_string)
            .unwrap_or_else(|| s.id.0.clone()),
    }
}

#[component]
pub fn DealsPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = crate::i18n::t();
    // The view and filters live in the URL: a reload, Back and a shared link keep them.
    let view = Memo::new(move |_| {
        state.route.with(|r| match r {
            Route::Deals(v) => v.clone(),
            _ => DealsView::default(),
        })
    });
    let columns = Memo::new(move |_| {
        let v = view.get();
        state.deals.with(|ds| {
            state.pipeline.with(|p| {
                state
                    .value
                    .with(|x| board_where(ds, p, &x.home_currency, &x.rates, |d| v.shows(d)))
            })
        })
    });
    let none = move || state.deals.with(|d| d.iter().all(|d| d.is_deleted()));
    let switch = move |list: bool| {
        let href = Route::Deals(DealsView { list, ..view.get() }).to_hash();
        let current = move || (view.get().list == list).then_some("page");
        let label = if list {
            t.deals().view_list
        } else {
            t.deals().view_board
        };
        view! { <a class="button" href=href aria-current=current>{label}</a> }
    };
    view! {
        <section class="deals">
            <div class="page-head">
                <h1>{t.deals().title}</h1>
                <div class="actions">
                    <a class="button primary" href=Route::NewDeal(None).to_hash()>{t.deal().new_deal}</a>
                    <button type="button" on:click=move |_| export_csv(state, &view.get_untracked())>{t.deals().export_csv}</button>
                </div>
            </div>
            <Show when=none>
                <p class="empty">{t.deals().no_deals}</p>
            </Show>
            <div class="deal-tools">
                <nav class="switch" aria-label=t.deals().views>{switch(false)} {switch(true)}</nav>
                <Filters view />
            </div>
            {move || if view.get().list {
                view! { <DealList view /> }.into_any()
            } else {
                view! {
                    <section class="board" aria-label=t.deals().board>
                        // Keyed columns and cards: a move redraws the one card that moved and
                        // the two sums, not the board (thousands of deals stay quick).
                        <For each=move || columns.with(|cs| cs.iter().enumerate().map(|(n, c)| (n, c.stage.clone())).collect::<Vec<_>>())
                            key=|x| x.clone() let:((n, stage))>
                            <BoardColumn n stage columns />
                        </For>
                    </section>
                }.into_any()
            }}
        </section>
    }
}

/// **Export CSV**: the deals the filters show, in the list's order, named in the screen's
/// language (`io::csv_export::deal_cells`).
fn export_csv(state: AppState, view: &DealsView) {
    use bakkal_core::io::csv_export::{deal_cells, table_csv, DealNames};
    let t = crate::i18n::t();
    let tz = state.tz();
    let text = state.deals.with_untracked(|ds| {
        state.pipeline.with_untracked(|p| {
            state.value.with_untracked(|x| {
                let ids = list(ds, p, view, &x.home_currency, &x.rates);
                let rows = pick(ds, &ids).into_iter().map(|d| {
                    let contact = state
                        .book
                        .with_untracked(|b| b.get_any(d.contact_id).map(|c| c.display_name.clone()))
                        .unwrap_or_default();
                    let stage = super::deal_page::stage_named(p, &d.stage);
                    let reason = match &d.status {
                        bakkal_core::model::deal::DealStatus::Lost { reason, .. } => {
                            super::deal_page::reason_named(p, reason)
                        }
                        _ => String::new(),
                    };
                    let names = DealNames {
                        contact: &contact,
                        stage: &stage,
                        reason: &reason,
                    };
                    deal_cells(d, p, names, tz.local_date(d.created_at))
                });
                table_csv(&t.deals().csv_headers, rows)
            })
        })
    });
    let name = format!("bakkal-deals-{}.csv", tz.local_date(browser::now()));
    if let Err(e) = browser::download(&name, "text/csv;charset=utf-8", &text) {
        state.notify(Notice::error((t.backup().file_failed)(&e)));
    }
}

/// Status, stage, close month, contact and (in the list) order; each change is a new URL.
#[component]
fn Filters(view: Memo<DealsView>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = crate::i18n::t().deals();
    let set = move |change: &dyn Fn(&mut DealsView)| {
        let mut v = view.get_untracked();
        change(&mut v);
        state.go(Route::Deals(v));
    };
    let stages: Vec<(String, String)> = state.pipeline.with_untracked(|p| {
        p.stages
            .iter()
            .map(|s| (s.id.0.clone(), stage_name(s)))
            .collect()
    });
    let contact = move || {
        view.get().contact.map(|c| {
            let name = state
                .book
                .with_untracked(|b| b.get(c).map(|x| x.display_name.clone()))
                .unwrap_or_default();
            let label = (t.any_contact)(&name);
            view! { <button type="button" class="chip" aria-label=label.clone()
            on:click=move |_| set(&|v| v.contact = None)>{name}" ×"</button> }
        })
    };
    view! {
        <div class="filters" role="group" aria-label=t.filters>
            <label>{t.status}
                <select on:change=move |ev| {
                    let s = DealStatusFilter::parse(&event_target_value(&ev)).unwrap_or_default();
                    set(&|v| v.status = s);
                }>
                    {DealStatusFilter::ALL.into_iter().map(|s| view! {
                        <option value=s.as_str() selected=move || view.get().status == s>{(t.status_name)(s)}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>{t.stage}
                <select on:change=move |ev| {
                    let s = event_target_value(&ev);
                    set(&|v| v.stage = (!s.is_empty()).then(|| StageId(s.clone())));
                }>
                    <option value="" selected=move || view.get().stage.is_none()>{t.any_stage}</option>
                    {stages.into_iter().map(|(id, name)| {
                        let value = id.clone();
                        view! { <option value=id selected=move || view.get().stage.is_some_and(|s| s.0 == value)>{name}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label>{t.close_month}
                <input type="month" prop:value=move || view.get().month.map(|m| m.format("%Y-%m").to_string()).unwrap_or_default()
                    on:change=move |ev| {
                        let m = chrono::NaiveDate::parse_from_str(&format!("{}-01", event_target_value(&ev)), "%Y-%m-%d").ok();
                        set(&|v| v.month = m);
                    } />
            </label>
            <Show when=move || view.get().list>
                <label>{t.sort_by}
                    <select on:change=move |ev| {
                        let s = DealSort::parse(&event_target_value(&ev)).unwrap_or_default();
                        set(&|v| v.sort = s);
                    }>
                        {DealSort::ALL.into_iter().map(|s| view! {
                            <option value=s.as_str() selected=move || view.get().sort == s>{(t.sort_name)(s)}</option>
                        }).collect_view()}
                    </select>
                </label>
            </Show>
            {contact}
        </div>
    }
}

/// The same deals as a table, in the order chosen.
#[component]
fn DealList(view: Memo<DealsView>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let texts = crate::i18n::t();
    let t = texts.deals();
    let tz = state.tz();
    let rows = Memo::new(move |_| {
        let v = view.get();
        state.deals.with(|ds| {
            state.pipeline.with(|p| {
                state.value.with(|x| {
                    pick(ds, &list(ds, p, &v, &x.home_currency, &x.rates))
                        .into_iter()
                        .cloned()
                        .collect::<Vec<Deal>>()
                })
            })
        })
    });
    move || {
        let rows = rows.get();
        if rows.is_empty() {
            return view! { <p class="empty">{t.nothing_matches}</p> }.into_any();
        }
        let p = state.pipeline.get_untracked();
        let today = tz.local_date(browser::now());
        view! {
            <div class="scroll-x">
                <table class="tiers deal-list">
                    <caption>{(t.list_caption)(rows.len())}</caption>
                    <thead><tr>
                        <th scope="col">{t.col_title}</th><th scope="col">{t.contact}</th>
                        <th scope="col">{t.col_status}</th><th scope="col">{t.col_amount}</th>
                        <th scope="col">{t.col_close}</th><th scope="col">{t.col_age}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|d| {
                            let status = super::deal_page::status_line(&d, &p);
                            let amount = d.value().map(|m| money(&m)).unwrap_or_else(|| t.no_amount.into());
                            let close = d.expected_close.map(crate::i18n::date).unwrap_or_default();
                            let age = (t.age_days)((today - tz.local_date(d.created_at)).num_days());
                            view! { <tr>
                                <th scope="row"><a href=Route::Deal(d.id).to_hash()>{d.title.clone()}</a></th>
                                <td><ContactLink id=d.contact_id /></td><td>{status}</td>
                                <td class="num">{amount}</td><td>{close}</td><td class="num">{age}</td>
                            </tr> }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }.into_any()
    }
}

/// How many cards a column shows before **Show more**: its count and sums cover every
/// deal in it, and the first cards are the ones expected to close soonest.
const CARDS_SHOWN: usize = 50;

#[component]
fn BoardColumn(n: usize, stage: StageId, columns: Memo<Vec<Column>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = crate::i18n::t();
    let name = state
        .pipeline
        .with_untracked(|p| p.stage(&stage).map(stage_name))
        .unwrap_or_else(|| stage.0.clone());
    let home = state.value.with_untracked(|v| v.home_currency.clone());
    let heading = format!("stage-{n}");
    let labelled_by = heading.clone();
    let name_more = name.clone();
    let col = {
        let stage = stage.clone();
        Memo::new(move |_| columns.with(|cs| cs.iter().find(|c| c.stage == stage).cloned()))
    };
    let count = move || col.with(|c| c.as_ref().map_or(0, |c| c.deals.len()));
    let shown = RwSignal::new(CARDS_SHOWN);
    let more = move || count() > shown.get();
    let more_label = move || {
        let left = count().saturating_sub(shown.get());
        (t.deals().show_more)(CARDS_SHOWN.min(left), &name_more)
    };
    // The cards shown, keyed by id and revision: a card is redrawn only when its deal
    // changed.
    let cards = Memo::new(move |_| {
        let ids: Vec<DealId> = col.with(|c| {
            c.as_ref()
                .map(|c| c.deals.iter().take(shown.get()).copied().collect())
                .unwrap_or_default()
        });
        state
            .deals
            .with(|ds| pick(ds, &ids).into_iter().cloned().collect::<Vec<Deal>>())
    });
    let sums = Memo::new(move |_| {
        col.with(|c| {
            c.as_ref()
                .map(|c| (sum(&c.total, &home), sum(&c.weighted, &home)))
                .unwrap_or_default()
        })
    });
    let over = RwSignal::new(false);
    let drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        over.set(false);
        let id = ev
            .data_transfer()
            .and_then(|dt| dt.get_data("text/plain").ok())
            .and_then(|s| s.parse().ok());
        if let Some(id) = id {
            leptos::task::spawn_local(state.move_deal(id, stage.clone()));
        }
    };
    view! {
        <section class="column" aria-labelledby=labelled_by class:over=move || over.get()
            on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); over.set(true); }
            on:dragleave=move |_| over.set(false)
            on:drop=drop>
            <h2 id=heading>{name}</h2>
            <p class="sums">
                <span>{move || (t.deals().count)(count())}</span>
                <span>{move || sums.with(|s| (t.deals().total)(&s.0))}</span>
                <span>{move || sums.with(|s| (t.deals().weighted)(&s.1))}</span>
            </p>
            <Show when=move || count() == 0>
                <p class="empty">{t.deals().empty_column}</p>
            </Show>
            <ul class="cards">
                <For each=move || cards.get() key=|d| (d.id, d.rev.clone()) let:d>
                    <DealCard d />
                </For>
            </ul>
            <Show when=more>
                <button type="button" class="more" on:click=move |_| shown.update(|s| *s += CARDS_SHOWN)>
                    {more_label.clone()}
                </button>
            </Show>
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
        format!("{main} {}", (t.deals().without_rate)(&without.join(", ")))
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
        let last = state
            .book
            .with_untracked(|b| last_activity(b.history(d.contact_id), d.id));
        (d.is_rotting(p, last, today, tz), others)
    });
    let amount = d
        .value()
        .map(|m| money(&m))
        .unwrap_or_else(|| t.deals().no_amount.into());
    let days = (t.deals().days_in_stage)(d.days_in_stage(today, tz));
    let open = RwSignal::new(false);
    let menu = format!("move-{}", d.id);
    let id = d.id;
    let movable = d.is_open();
    // Dragging carries the deal's id to the column it is dropped on (`BoardColumn`).
    let drag = move |ev: leptos::ev::DragEvent| {
        if let Some(dt) = ev.data_transfer() {
            let _ = dt.set_data("text/plain", &id.to_string());
            dt.set_effect_allowed("move");
        }
    };
    view! {
        <li class:cold=cold draggable=movable.then_some("true") on:dragstart=drag>
            <a class="title" href=Route::Deal(d.id).to_hash()>{d.title.clone()}</a>
            <span class="contact"><ContactLink id=d.contact_id /></span>
            <span class="amount">{amount}</span>
            <span class="age">{days}</span>
            {cold.then(|| view! { <span class="marker">{t.deals().going_cold}</span> })}
            <div class="move" hidden=!movable>
                <button type="button" aria-haspopup="true" aria-controls=menu.clone()
                    aria-expanded=move || if open.get() { "true" } else { "false" }
                    on:click=move |_| open.update(|o| *o = !*o)>{t.deals().move_to}</button>
                // Drawn when opened: a board of thousands keeps one list, not one per card.
                <Show when=move || open.get()>
                    <ul id=menu.clone() on:keydown=move |ev| if ev.key() == "Escape" { open.set(false) }>
                        {others.clone().into_iter().map(|(stage, name)| view! {
                            <li><button type="button" on:click=move |_| {
                                open.set(false);
                                leptos::task::spawn_local(state.move_deal(id, stage.clone()));
                            }>{name}</button></li>
                        }).collect_view()}
                    </ul>
                </Show>
            </div>
        </li>
    }
}
