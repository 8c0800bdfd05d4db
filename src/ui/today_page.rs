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

    view! {
        <section class="today">
            <h1>"Today"</h1>
            <p class="sub">{date_label(today_date)}</p>
            <Show when=empty_book>
                <p class="welcome">"Your book is empty. Go to " <a href="#/contacts">"Contacts"</a> " to add people or load sample data."</p>
            </Show>
            <BackupReminder />
            <div class="grid">
                <Section title="Due follow-ups" empty="Nothing due. Nice and tidy." count=due>
                    <ul class="items">
                        <For each=move || sections.with(|s| s.due_follow_ups.clone()) key=|f| f.id let:f>
                            {
                                let id = f.id;
                                let days = (f.due - today_date).num_days();
                                view! {
                                    <li>
                                        <div class="what"><ContactLink id=f.contact_id />" — "{f.note.clone()}</div>
                                        <div class="when" class:overdue=days < 0>{format!("due {}", relative_days(days))}</div>
                                        <div class="row-actions">
                                            <button on:click=move |_| leptos::task::spawn_local(state.mark_follow_up_done(id))>"Mark done"</button>
                                            <super::common::Snooze id />
                                        </div>
                                    </li>
                                }
                            }
                        </For>
                    </ul>
                </Section>
                <Section title="Open complaints and requests" empty="No open complaints or requests." count=open>
                    <ul class="items">
                        <For each=move || sections.with(|s| s.open_items.clone()) key=|o| o.interaction.id let:o>
                            {
                                let i = o.interaction.clone();
                                view! {
                                    <li>
                                        <div class="what"><ContactLink id=i.contact_id />" — "{i.summary.clone()}</div>
                                        <div class="when">{match o.age_days {
                                            0 => format!("{}, opened today", i.kind.label()),
                                            1 => format!("{}, open for 1 day", i.kind.label()),
                                            n => format!("{}, open for {n} days", i.kind.label()),
                                        }}</div>
                                        <button on:click=move |_| leptos::task::spawn_local(state.resolve(i.clone()))>"Mark resolved"</button>
                                    </li>
                                }
                            }
                        </For>
                    </ul>
                </Section>
                <Section title="Gone quiet" empty="Everyone is keeping their usual rhythm." count=quiet>
                    <ul class="items">
                        <For each=move || sections.with(|s| s.gone_quiet.iter().take(50).cloned().collect::<Vec<_>>()) key=|q| q.contact let:q>
                            <li>
                                <div class="what"><ContactLink id=q.contact /></div>
                                <div class="when">{q.line()}</div>
                                <a class="button" href=Route::LogInteraction(q.contact).to_hash()>"Log interaction"</a>
                            </li>
                        </For>
                    </ul>
                    <p class="more" hidden=move || quiet.get() <= 50>{move || format!("…and {} more.", quiet.get().saturating_sub(50))}</p>
                </Section>
                <Section title="Birthdays" empty="No birthdays in the next two weeks." count=birthdays>
                    <ul class="items">
                        <For each=move || sections.with(|s| s.birthdays.clone()) key=|b| b.contact let:b>
                            <li>
                                <div class="what"><ContactLink id=b.contact /></div>
                                <div class="when">{format!("{} ({}){}", date_label(b.on), relative_days(b.in_days),
                                    b.turns.map(|t| format!(", turns {t}")).unwrap_or_default())}</div>
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
    let reminder = move || {
        let since = state
            .last_backup
            .get()
            .or_else(|| browser::device_time(FIRST_CHANGE))?;
        let changed = browser::device_time(LAST_CHANGE)?;
        let days = (now - since).num_days();
        (days > 14 && changed > since).then(|| match state.last_backup.get() {
            Some(_) => {
                format!("Your last backup is {days} days old and the book has changed since.")
            }
            None => format!(
                "You have not backed up this book yet, and it has {days} days of work in it."
            ),
        })
    };
    move || {
        reminder().map(|text| {
            view! {
                <p class="reminder" role="status">{text}" " <a href="#/backup">"Back up now"</a></p>
            }
        })
    }
}
