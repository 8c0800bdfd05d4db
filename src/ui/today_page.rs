//! Today, the start page: due follow-ups, open complaints and requests, customers gone
//! quiet, birthdays. The sections are computed in the core from memory.

use super::common::{date_label, relative_days, ContactLink, Section};
use crate::browser;
use crate::state::AppState;
use bakkal_core::analysis::pipeline::{closing_soon, going_cold, last_activity, pick};
use bakkal_core::analysis::today::today;
use bakkal_core::analysis::Clock;
use bakkal_core::model::deal::{Deal, DealId};
use bakkal_core::route::Route;
use leptos::prelude::*;

#[component]
pub fn TodayPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let tz = state.tz();
    let now = browser::now();
    let sections = Memo::new(move |_| {
        browser::mark("bakkal:today-start");
        let t = state.book.with(|b| {
            state.facts.with(|facts| {
                state.follow_ups.with(|f| {
                    state
                        .open_items
                        .with(|o| today(b, facts, f, o, Clock { now, tz }))
                })
            })
        });
        browser::mark("bakkal:today-end");
        t
    });
    let today_date = tz.local_date(now);
    let due = Signal::derive(move || sections.with(|s| s.due_follow_ups.len()));
    let open = Signal::derive(move || sections.with(|s| s.open_items.len()));
    let quiet = Signal::derive(move || sections.with(|s| s.gone_quiet.len()));
    let birthdays = Signal::derive(move || sections.with(|s| s.birthdays.len()));
    // Deals: Closing this week and Going cold (`analysis::pipeline`), when there are any.
    let has_deals = move || state.deals.with(|d| d.iter().any(Deal::is_open));
    let deal_list = move |ids: Vec<DealId>| {
        state
            .deals
            .with(|ds| pick(ds, &ids).into_iter().cloned().collect::<Vec<Deal>>())
    };
    let closing = Memo::new(move |_| deal_list(state.deals.with(|d| closing_soon(d, today_date))));
    let cold = Memo::new(move |_| {
        // A deal's activity: its moves and the interactions logged for it.
        deal_list(state.deals.with(|d| {
            state.pipeline.with(|p| {
                state.book.with(|b| {
                    going_cold(
                        d,
                        p,
                        |deal| last_activity(b.history(deal.contact_id), deal.id),
                        today_date,
                        tz,
                    )
                })
            })
        }))
    });
    let empty_book = move || state.book.with(|b| b.is_empty()) && state.loading.get().is_none();
    let t = crate::i18n::t();
    let tt = t.today();

    view! {
        <section class="today">
            <h1>{tt.title}</h1>
            <p class="sub">{date_label(today_date)}</p>
            <Show when=empty_book>
                <p class="welcome">{tt.welcome_before}<a href="#/contacts">{tt.welcome_link}</a>{tt.welcome_after}</p>
            </Show>
            <BackupReminder />
            <div class="grid">
                <Show when=has_deals>
                    <Section title=tt.closing_title id="Closing this week" empty=tt.closing_empty count=Signal::derive(move || closing.with(Vec::len))>
                        <ul class="items">
                            {move || closing.get().into_iter().take(SHOWN).map(|d| {
                                let when = d.expected_close.map(|c| (tt.closes)(&date_label(c), &relative_days((c - today_date).num_days())));
                                let overdue = d.expected_close.is_some_and(|c| c < today_date);
                                view! { <DealItem d when=when.unwrap_or_default() overdue /> }
                            }).collect_view()}
                        </ul>
                        <More count=Signal::derive(move || closing.with(Vec::len)) />
                    </Section>
                    <Section title=tt.cold_title id="Going cold" empty=tt.cold_empty count=Signal::derive(move || cold.with(Vec::len))>
                        <ul class="items">
                            {move || cold.get().into_iter().take(SHOWN).map(|d| {
                                let when = (t.deals().days_in_stage)(d.days_in_stage(today_date, tz));
                                view! { <DealItem d when overdue=true /> }
                            }).collect_view()}
                        </ul>
                        <More count=Signal::derive(move || cold.with(Vec::len)) />
                    </Section>
                </Show>
                <Section title=tt.due_title id="Due follow-ups" empty=tt.due_empty count=due>
                    <ul class="items">
                        <For each=move || sections.with(|s| first(&s.due_follow_ups)) key=|f| f.id let:f>
                            {
                                let id = f.id;
                                let days = (f.due - today_date).num_days();
                                view! {
                                    <li>
                                        <div class="what"><ContactLink id=f.contact_id />" — "{f.note.clone()}</div>
                                        <div class="when" class:overdue=days < 0>{(tt.due)(days, &relative_days(days))}</div>
                                        <div class="row-actions">
                                            <button on:click=move |_| leptos::task::spawn_local(state.mark_follow_up_done(id))>{t.common().mark_done}</button>
                                            <super::common::Snooze id />
                                        </div>
                                    </li>
                                }
                            }
                        </For>
                    </ul>
                    <More count=due />
                </Section>
                <Section title=tt.open_title id="Open complaints and requests" empty=tt.open_empty count=open>
                    <ul class="items">
                        <For each=move || sections.with(|s| first(&s.open_items)) key=|o| o.interaction.id let:o>
                            {
                                let i = o.interaction.clone();
                                view! {
                                    <li>
                                        <div class="what"><ContactLink id=i.contact_id />" — "{i.summary.clone()}</div>
                                        <div class="when">{(tt.open_for)((t.common().kind)(i.kind), o.age_days)}</div>
                                        <button on:click=move |_| leptos::task::spawn_local(state.resolve(i.clone()))>{tt.mark_resolved}</button>
                                    </li>
                                }
                            }
                        </For>
                    </ul>
                    <More count=open />
                </Section>
                <Section title=tt.quiet_title id="Gone quiet" empty=tt.quiet_empty count=quiet>
                    <ul class="items">
                        <For each=move || sections.with(|s| first(&s.gone_quiet)) key=|q| q.contact let:q>
                            <li>
                                <div class="what"><ContactLink id=q.contact /></div>
                                <div class="when">{(tt.quiet_line)(q.usual_days, q.days_since, q.purchases)}</div>
                                <a class="button" href=Route::LogInteraction(q.contact).to_hash()>{tt.log_interaction}</a>
                            </li>
                        </For>
                    </ul>
                    <More count=quiet />
                </Section>
                <Section title=tt.birthdays_title id="Birthdays" empty=tt.birthdays_empty count=birthdays>
                    <ul class="items">
                        <For each=move || sections.with(|s| first(&s.birthdays)) key=|b| b.contact let:b>
                            <li>
                                <div class="what"><ContactLink id=b.contact /></div>
                                <div class="when">{(tt.birthday)(&date_label(b.on), &relative_days(b.in_days), b.turns)}</div>
                            </li>
                        </For>
                    </ul>
                    <More count=birthdays />
                </Section>
            </div>
        </section>
    }
}

/// How many entries each of Today's lists shows: it is a day's work, not an archive (the
/// Follow-ups, Activity and Deals pages list everything). A list of thousands (a big book's
/// open complaints) took half a second to draw.
const SHOWN: usize = 50;

/// The first [`SHOWN`] entries of a list.
fn first<T: Clone>(all: &[T]) -> Vec<T> {
    all.iter().take(SHOWN).cloned().collect()
}

/// "…and N more" under a list that shows its first [`SHOWN`] of `count`.
#[component]
fn More(#[prop(into)] count: Signal<usize>) -> impl IntoView {
    let and_more = crate::i18n::t().today().and_more;
    move || {
        let n = count.get();
        (n > SHOWN).then(|| view! { <p class="more">{and_more(n - SHOWN)}</p> })
    }
}

/// A deal in one of Today's lists: its title, contact and amount, and when (or how long).
#[component]
fn DealItem(d: Deal, when: String, overdue: bool) -> impl IntoView {
    let t = crate::i18n::t();
    let amount = d
        .value()
        .map(|m| crate::i18n::money(&m))
        .unwrap_or_else(|| t.deals().no_amount.into());
    view! {
        <li>
            <div class="what"><a href=Route::Deal(d.id).to_hash()>{d.title.clone()}</a>" — "<ContactLink id=d.contact_id />" — "{amount}</div>
            <div class="when" class:overdue=overdue>{when}</div>
        </li>
    }
}

/// Where the book may not survive: Safari's 7-day erase warning, and the reminder to back
/// up (`bakkal_core::analysis::keeping` decides which shows).
#[component]
fn BackupReminder() -> impl IntoView {
    use bakkal_core::analysis::keeping::Reminder;
    let state = expect_context::<AppState>();
    let tt = crate::i18n::t().today();
    let persistence = LocalResource::new(browser::persistence);
    // Bumped when the warning is dismissed, so the advice is read again.
    let dismissed = RwSignal::new(0u32);
    let advice = move || {
        dismissed.track();
        persistence.get().map(|p| crate::keeping::advice(&state, p))
    };
    let warning = move || {
        advice().filter(|a| a.erase_warning).map(|_| {
            view! {
                <section class="reminder erase-warning" role="status" aria-labelledby="erase-title">
                    <h2 id="erase-title">{tt.erase_title}</h2>
                    <p>{tt.erase_why}</p>
                    <ol>{tt.erase_steps.iter().map(|s| view! { <li>{*s}</li> }).collect_view()}</ol>
                    <p class="row-actions">
                        <a class="button" href="#/backup">{tt.export_now}</a>
                        <button type="button" on:click=move |_| {
                            crate::keeping::dismiss_warning();
                            dismissed.update(|n| *n += 1);
                        }>{tt.dismiss_week}</button>
                    </p>
                </section>
            }
        })
    };
    let reminder = move || {
        advice().and_then(|a| a.reminder).map(|r| {
            let text = match r {
                Reminder::DaysOld(days) => (tt.backup_old)(days),
                Reminder::Never(days) => (tt.backup_never)(days),
            };
            view! {
                <p class="reminder" role="status">{text}" " <a href="#/backup">{tt.back_up_now}</a></p>
            }
        })
    };
    view! { {warning} {reminder} }
}
