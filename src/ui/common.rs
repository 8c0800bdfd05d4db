//! Small pieces shared by several screens.

use crate::state::AppState;
use bakkal_core::route::Route;
use bakkal_core::ContactId;
use chrono::NaiveDate;
use leptos::prelude::*;

/// "24 November 2026" in the chosen language.
pub fn date_label(d: NaiveDate) -> String {
    crate::i18n::date(d)
}

/// "today", "yesterday", "in 3 days", "5 days ago" in the chosen language.
pub fn relative_days(days: i64) -> String {
    crate::i18n::relative_days(days)
}

/// When an interaction happened, in the user's time zone: "24 November 2026 14:30", or
/// just the date when no time was given.
pub fn when_label(i: &bakkal_core::Interaction, tz: bakkal_core::analysis::Tz) -> String {
    let local = tz.local_datetime(i.at);
    if i.time_known {
        crate::i18n::date_time(local)
    } else {
        date_label(local.date())
    }
}

/// A link to a contact, showing its current name.
#[component]
pub fn ContactLink(id: ContactId) -> impl IntoView {
    let state = expect_context::<AppState>();
    // Two contacts of the same name show their firm or city beside it.
    let name = move || {
        state
            .book
            .with(|b| {
                b.get(id).map(|c| match b.namesake_hint(id) {
                    Some(h) => format!("{} ({h})", c.display_name),
                    None => c.display_name.clone(),
                })
            })
            .unwrap_or_else(|| crate::i18n::t().common().deleted_contact.into())
    };
    view! { <a href=Route::Contact(id).to_hash()>{name}</a> }
}

/// A section with a heading, and a friendly line when it has nothing in it.
#[component]
pub fn Section(
    /// The heading (and the section's accessible name), in the chosen language.
    title: &'static str,
    empty: &'static str,
    count: Signal<usize>,
    /// A line under the heading that says what the section lists (before its empty
    /// message).
    #[prop(optional)]
    blurb: Option<&'static str>,
    /// A stable key for the heading's id, `sec-{id}`, the same in every language (pass
    /// the English title or a slug of it). Without it the id comes from the title, which
    /// then changes with the language.
    #[prop(optional)]
    id: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let id = section_id(id.unwrap_or(title));
    view! {
        <section class="card" aria-labelledby=id.clone()>
            <h2 id=id.clone()>{title}</h2>
            {blurb.map(|b| view! { <p class="hint">{b}</p> })}
            <p class="empty" hidden=move || count.get() != 0>{empty}</p>
            {children()}
        </section>
    }
}

/// `sec-due-follow-ups` for "Due follow-ups": the id of a section's heading.
pub fn section_id(key: &str) -> String {
    format!("sec-{}", key.to_lowercase().replace(' ', "-"))
}

/// A record field's name for people (conflicts name the fields that differ).
pub fn field_label(field: &str) -> String {
    match (crate::i18n::t().common().field)(field) {
        Some(label) => label.to_string(),
        None => field.replace('_', " "),
    }
}

/// **Snooze** for an open follow-up: Tomorrow, Next week, or a picked date.
#[component]
pub fn Snooze(id: bakkal_core::FollowUpId) -> impl IntoView {
    let state = expect_context::<AppState>();
    let today = state.tz().local_date(crate::browser::now());
    let (tomorrow, next_week) = bakkal_core::model::interaction::snooze_days(today);
    let to = move |d: chrono::NaiveDate| leptos::task::spawn_local(state.snooze_follow_up(id, d));
    let pick_id = format!("snooze-{id}");
    let t = crate::i18n::t().common();
    view! {
        <details class="snooze">
            <summary>{t.snooze}</summary>
            <div class="snooze-options">
                <button type="button" on:click=move |_| to(tomorrow)>{t.snooze_tomorrow}</button>
                <button type="button" on:click=move |_| to(next_week)>{t.snooze_next_week}</button>
                <label for=pick_id.clone()>{t.snooze_pick_date}</label>
                <input id=pick_id type="date" min=(today + chrono::Duration::days(1)).to_string()
                    on:change=move |ev| {
                        if let Ok(d) = chrono::NaiveDate::parse_from_str(&event_target_value(&ev), "%Y-%m-%d") {
                            to(d);
                        }
                    } />
            </div>
        </details>
    }
}
