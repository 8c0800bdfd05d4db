//! Today, the start page: due follow-ups, open complaints and requests, customers gone
//! quiet, birthdays. The sections are computed in the core from memory.

use super::common::{date_label, relative_days, ContactLink, Section};
use crate::browser;
use crate::state::AppState;
use bakkal_core::analysis::today::today;
use bakkal_core::route::Route;
use leptos::prelude::*;

#[component]
pub fn TodayPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let tz = state.tz();
    let now = browser::now();
    let sections = Memo::new(move |_| {
        let home = state.value.with(|v| v.home_currency.clone());
        browser::mark("bakkal:today-start");
        let t = state.book.with(|b| {
            state
                .follow_ups
                .with(|f| state.open_items.with(|o| today(b, f, o, now, tz, &home)))
        });
        browser::mark("bakkal:today-end");
        t
    });
    let today_date = tz.local_date(now);
    let due = Signal::derive(move || sections.with(|s| s.due_follow_ups.len()));
    let open = Signal::derive(move || sections.with(|s| s.open_items.len()));
    let quiet = Signal::derive(move || sections.with(|s| s.gone_quiet.len()));
    let birthdays = Signal::derive(move || sections.with(|s| s.birthdays.len()));
    let empty_book = move || state.book.with(|b| b.is_empty()) && state.loading.get().is_none();
    let t = crate::i18n::t();
    let tt = &t.today;

    view! {
        <section class="today">
            <h1>{tt.title}</h1>
            <p class="sub">{date_label(today_date)}</p>
            <Show when=empty_book>
                <p class="welcome">{tt.welcome_before}<a href="#/contacts">{tt.welcome_link}</a>{tt.welcome_after}</p>
            </Show>
            <BackupReminder />
            <div class="grid">
                <Section title=tt.due_title id="Due follow-ups" empty=tt.due_empty count=due>
                    <ul class="items">
                        <For each=move || sections.with(|s| s.due_follow_ups.clone()) key=|f| f.id let:f>
                            {
                                let id = f.id;
                                let days = (f.due - today_date).num_days();
                                view! {
                                    <li>
                                        <div class="what"><ContactLink id=f.contact_id />" — "{f.note.clone()}</div>
                                        <div class="when" class:overdue=days < 0>{(tt.due)(days, &relative_days(days))}</div>
                                        <div class="row-actions">
                                            <button on:click=move |_| leptos::task::spawn_local(state.mark_follow_up_done(id))>{t.common.mark_done}</button>
                                            <super::common::Snooze id />
                                        </div>
                                    </li>
                                }
                            }
                        </For>
                    </ul>
                </Section>
                <Section title=tt.open_title id="Open complaints and requests" empty=tt.open_empty count=open>
                    <ul class="items">
                        <For each=move || sections.with(|s| s.open_items.clone()) key=|o| o.interaction.id let:o>
                            {
                                let i = o.interaction.clone();
                                view! {
                                    <li>
                                        <div class="what"><ContactLink id=i.contact_id />" — "{i.summary.clone()}</div>
                                        <div class="when">{(tt.open_for)((t.common.kind)(i.kind), o.age_days)}</div>
                                        <button on:click=move |_| leptos::task::spawn_local(state.resolve(i.clone()))>{tt.mark_resolved}</button>
                                    </li>
                                }
                            }
                        </For>
                    </ul>
                </Section>
                <Section title=tt.quiet_title id="Gone quiet" empty=tt.quiet_empty count=quiet>
                    <ul class="items">
                        <For each=move || sections.with(|s| s.gone_quiet.iter().take(50).cloned().collect::<Vec<_>>()) key=|q| q.contact let:q>
                            <li>
                                <div class="what"><ContactLink id=q.contact /></div>
                                <div class="when">{(tt.quiet_line)(q.usual_days, q.days_since, q.purchases)}</div>
                                <a class="button" href=Route::LogInteraction(q.contact).to_hash()>{tt.log_interaction}</a>
                            </li>
                        </For>
                    </ul>
                    <p class="more" hidden=move || quiet.get() <= 50>{move || (tt.and_more)(quiet.get().saturating_sub(50))}</p>
                </Section>
                <Section title=tt.birthdays_title id="Birthdays" empty=tt.birthdays_empty count=birthdays>
                    <ul class="items">
                        <For each=move || sections.with(|s| s.birthdays.clone()) key=|b| b.contact let:b>
                            <li>
                                <div class="what"><ContactLink id=b.contact /></div>
                                <div class="when">{(tt.birthday)(&date_label(b.on), &relative_days(b.in_days), b.turns)}</div>
                            </li>
                        </For>
                    </ul>
                </Section>
            </div>
        </section>
    }
}

/// Shown when the last backup (or, without one, the first change) is more than 14 days
/// old and the book has changed since.
#[component]
fn BackupReminder() -> impl IntoView {
    use crate::state::{FIRST_CHANGE, LAST_CHANGE};
    let state = expect_context::<AppState>();
    let now = browser::now();
    let tt = &crate::i18n::t().today;
    let reminder = move || {
        let since = state
            .last_backup
            .get()
            .or_else(|| browser::device_time(FIRST_CHANGE))?;
        let changed = browser::device_time(LAST_CHANGE)?;
        let days = (now - since).num_days();
        (days > 14 && changed > since).then(|| match state.last_backup.get() {
            Some(_) => (tt.backup_old)(days),
            None => (tt.backup_never)(days),
        })
    };
    move || {
        reminder().map(|text| {
            view! {
                <p class="reminder" role="status">{text}" " <a href="#/backup">{tt.back_up_now}</a></p>
            }
        })
    }
}
