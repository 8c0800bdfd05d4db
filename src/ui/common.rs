//! Small pieces shared by several screens.

use crate::state::AppState;
use bakkal_core::route::Route;
use bakkal_core::ContactId;
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// "24 Nov 2026".
pub fn date_label(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

/// "today", "yesterday", "in 3 days", "5 days ago".
pub fn relative_days(days: i64) -> String {
    match days {
        0 => "today".into(),
        1 => "tomorrow".into(),
        -1 => "yesterday".into(),
        d if d > 0 => format!("in {d} days"),
        d => format!("{} days ago", -d),
    }
}

/// When an interaction happened, in the user's time zone: "24 Nov 2026 14:30", or just the
/// date when no time was given.
pub fn when_label(i: &bakkal_core::Interaction, tz: bakkal_core::analysis::Tz) -> String {
    let local = tz.local_datetime(i.at);
    if i.time_known {
        format!(
            "{} {}",
            date_label(local.date()),
            local.time().format("%H:%M")
        )
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
            .unwrap_or_else(|| "(deleted contact)".into())
    };
    view! { <a href=Route::Contact(id).to_hash()>{name}</a> }
}

/// A section with a heading, and a friendly line when it has nothing in it.
#[component]
pub fn Section(
    title: &'static str,
    empty: &'static str,
    count: Signal<usize>,
    /// A line under the heading that says what the section lists (before its empty
    /// message).
    #[prop(optional)]
    blurb: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let id = format!("sec-{}", title.to_lowercase().replace(' ', "-"));
    view! {
        <section class="card" aria-labelledby=id.clone()>
            <h2 id=id.clone()>{title}</h2>
            {blurb.map(|b| view! { <p class="hint">{b}</p> })}
            <p class="empty" hidden=move || count.get() != 0>{empty}</p>
            {children()}
        </section>
    }
}

/// A record field's name for people (conflicts name the fields that differ).
pub fn field_label(field: &str) -> String {
    match field {
        "display_name" => "Name",
        "given_name" => "Given name",
        "family_name" => "Family name",
        "organisation" => "Organisation",
        "job_title" => "Job title",
        "emails" => "Email",
        "phones" => "Phone",
        "addresses" => "Address",
        "website" => "Website",
        "tags" => "Tags",
        "stage" => "Stage",
        "source" => "Source",
        "referred_by" => "Referred by",
        "birthday" => "Birthday",
        "notes" => "Notes",
        "custom" => "Custom fields",
        "strategic" => "Strategic importance",
        "kind" => "Kind",
        "deleted_at" => "Deleted",
        other => return other.replace('_', " "),
    }
    .to_string()
}

/// **Snooze** for an open follow-up: Tomorrow, Next week, or a picked date.
#[component]
pub fn Snooze(id: bakkal_core::FollowUpId) -> impl IntoView {
    let state = expect_context::<AppState>();
    let today = state.tz().local_date(crate::browser::now());
    let (tomorrow, next_week) = bakkal_core::model::interaction::snooze_days(today);
    let to = move |d: chrono::NaiveDate| leptos::task::spawn_local(state.snooze_follow_up(id, d));
    let pick_id = format!("snooze-{id}");
    view! {
        <details class="snooze">
            <summary>"Snooze"</summary>
            <div class="snooze-options">
                <button type="button" on:click=move |_| to(tomorrow)>"Tomorrow"</button>
                <button type="button" on:click=move |_| to(next_week)>"Next week"</button>
                <label for=pick_id.clone()>"Pick a date"</label>
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
