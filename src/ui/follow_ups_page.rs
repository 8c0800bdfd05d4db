//! Follow-ups: overdue, today, this week, later; Mark done; Add to calendar (.ics).

use super::common::{date_label, relative_days, ContactLink, Section};
use crate::browser;
use crate::state::{AppState, Notice};
use bakkal_core::analysis::ics::follow_up_event;
use bakkal_core::analysis::today::follow_up_buckets;
use bakkal_core::FollowUp;
use leptos::prelude::*;

#[component]
pub fn FollowUpsPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let today = state.tz().local_date(browser::now());
    let buckets = Memo::new(move |_| {
        state
            .book
            .with(|b| state.follow_ups.with(|f| follow_up_buckets(b, f, today)))
    });
    let t = crate::i18n::t();
    let en = crate::i18n::texts(crate::i18n::Lang::En).follow_ups();
    view! {
        <section class="follow-ups">
            <h1>{t.follow_ups().title}</h1>
            <div class="grid">
                {bakkal_core::analysis::today::Bucket::ALL.into_iter().enumerate().map(|(n, bucket)| {
                    let items = move || buckets.with(|b| b.get(n).map(|(_, v)| v.clone()).unwrap_or_default());
                    let count = Signal::derive(move || buckets.with(|b| b.get(n).map(|(_, v)| v.len()).unwrap_or(0)));
                    view! {
                        <Section title=(t.follow_ups().bucket)(bucket) id=(en.bucket)(bucket) empty=t.follow_ups().empty count>
                            <ul class="items">
                                <For each=items key=|f| f.id let:f>
                                    <FollowUpItem f today />
                                </For>
                            </ul>
                        </Section>
                    }
                }).collect_view()}
            </div>
        </section>
    }
}

#[component]
fn FollowUpItem(f: FollowUp, today: chrono::NaiveDate) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = f.id;
    let days = (f.due - today).num_days();
    let (due, contact_id) = (f.due, f.contact_id);
    let t = crate::i18n::t();
    let note = if f_note_empty(&f.note) {
        t.follow_ups().no_note.to_string()
    } else {
        f.note.clone()
    };
    let calendar = move |_| {
        let name = state
            .book
            .with_untracked(|b| b.get(f.contact_id).map(|c| c.display_name.clone()))
            .unwrap_or_default();
        let summary = (t.follow_ups().event_summary)(&name, f.note.trim());
        let ics = follow_up_event(&f, &summary, browser::now());
        let file = format!("bakkal-follow-up-{}.ics", f.due);
        if let Err(e) = browser::download(&file, "text/calendar;charset=utf-8", &ics) {
            state.notify(Notice::error((t.follow_ups().calendar_failed)(&e)));
        }
    };
    view! {
        <li>
            <div class="what"><ContactLink id=contact_id />" — "{note}</div>
            <div class="when" class:overdue=days < 0>{format!("{} ({})", date_label(due), relative_days(days))}</div>
            <div class="row-actions">
                <button on:click=move |_| leptos::task::spawn_local(state.mark_follow_up_done(id))>{t.common().mark_done}</button>
                <super::common::Snooze id />
                <button on:click=calendar>{t.follow_ups().add_to_calendar}</button>
            </div>
        </li>
    }
}

fn f_note_empty(s: &str) -> bool {
    s.trim().is_empty()
}
