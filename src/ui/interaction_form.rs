//! Log interaction (new or edit) and Add follow-up. The forms edit drafts; the core
//! validates them; `AppState` saves.

use super::fields::{SelectField, TextField};
use crate::browser;
use crate::state::{AppState, Notice};
use bakkal_core::model::deal::DealId;
use bakkal_core::model::interaction_draft::{InteractionDraft, InteractionError, InteractionField};
use bakkal_core::money::CURRENCIES;
use bakkal_core::route::Route;
use bakkal_core::{
    Channel, ContactId, Direction, FollowUp, FollowUpId, Interaction, InteractionId,
    InteractionKind,
};
use leptos::prelude::*;

macro_rules! bind {
    ($draft:ident . $field:ident) => {
        (
            Signal::derive(move || $draft.with(|d| d.$field.clone())),
            Callback::new(move |v: String| $draft.update(|d| d.$field = v)),
        )
    };
}

/// Binds a closed choice (`Channel`, …) to a select, its options named by `$label`.
macro_rules! bind_choice {
    ($draft:ident . $field:ident : $ty:ty, $label:expr) => {
        (
            Signal::derive(move || $draft.with(|d| d.$field.as_str().to_string())),
            Callback::new(move |v: String| {
                $draft.update(|d| d.$field = <$ty>::parse(&v).unwrap_or(d.$field))
            }),
            <$ty>::ALL
                .iter()
                .map(|&c| (c.as_str(), ($label)(c)))
                .collect::<Vec<_>>(),
        )
    };
}

/// `deal`: logged from a deal's page, linked to it (and back to that page once saved).
#[component]
pub fn InteractionForm(
    contact: ContactId,
    id: Option<InteractionId>,
    #[prop(optional)] deal: Option<DealId>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let existing = LocalResource::new(move || async move {
        match id {
            None => Ok(None),
            Some(id) => stored(state, contact, id).await,
        }
    });
    move || {
        existing.get().map(|loaded| match (loaded, id) {
            (Ok(found), _) if id.is_none() || found.is_some() => {
                view! { <Form contact existing=found deal /> }.into_any()
            }
            (Err(e), _) => view! { <p role="alert">{e.to_string()}</p> }.into_any(),
            _ => view! { <NotFound contact /> }.into_any(),
        })
    }
}

/// One interaction of a contact, as stored (full interactions are read from IndexedDB, not
/// kept in memory); `None` when the timeline no longer has it.
pub async fn stored(
    state: AppState,
    contact: ContactId,
    id: InteractionId,
) -> Result<Option<Interaction>, crate::store::StoreError> {
    state
        .timeline(contact)
        .await
        .map(|t| t.into_iter().find(|i| i.id == id))
}

/// An interaction that is not (or no longer) in the contact's timeline.
#[component]
pub fn NotFound(contact: ContactId) -> impl IntoView {
    let t = crate::i18n::t().interaction();
    view! {
        <section><h1>{t.not_found}</h1>
        <p>{t.may_be_deleted} <a href=Route::Contact(contact).to_hash()>{t.back_to_contact}</a></p></section>
    }
}

#[component]
fn Form(contact: ContactId, existing: Option<Interaction>, deal: Option<DealId>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let texts = crate::i18n::t();
    let t = texts.interaction();
    let lang = crate::i18n::lang();
    let tz = state.tz();
    let now = browser::now();
    let Some(name) = state
        .book
        .with_untracked(|b| b.get(contact).map(|c| c.display_name.clone()))
    else {
        return view! { <section><h1>{t.contact_not_found}</h1><p><a href="#/contacts">{t.back_to_contacts}</a></p></section> }.into_any();
    };
    let editing = existing.is_some();
    let draft = RwSignal::new(match &existing {
        Some(i) => InteractionDraft::from_interaction(i, tz),
        None => InteractionDraft::new(tz.local_date(now)),
    });
    let errors = RwSignal::new(Vec::<InteractionError>::new());
    let failure = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    // Read again whenever a write lands (here or in another tab): did this interaction
    // change since the form opened?
    let started = existing.as_ref().map(|i| (i.id, i.rev.clone()));
    let stored_now = LocalResource::new(move || {
        state.revision.track();
        let started = started.clone();
        async move {
            match started {
                Some((id, rev)) => state
                    .interaction(id)
                    .await
                    .is_ok_and(|now| now.is_some_and(|i| i.rev != rev)),
                None => false,
            }
        }
    });
    let changed_underneath = move || stored_now.get().unwrap_or(false);
    let error_for = move |f: InteractionField| {
        Signal::derive(move || errors.with(|es| es.iter().find(|e| e.field() == f).map(t.error)))
    };
    let (channel, set_channel, channels) =
        bind_choice!(draft.channel: Channel, texts.common().channel);
    let (direction, set_direction, directions) =
        bind_choice!(draft.direction: Direction, texts.common().direction);
    let (kind, set_kind, kinds) = bind_choice!(draft.kind: InteractionKind, texts.common().kind);
    let (summary, set_summary) = bind!(draft.summary);
    let (details, set_details) = bind!(draft.details);
    let (date, set_date) = bind!(draft.date);
    let (time, set_time) = bind!(draft.time);
    let (amount, set_amount) = bind!(draft.amount);
    let (currency, set_currency) = bind!(draft.currency);
    let (product, set_product) = bind!(draft.product);
    let (follow_up, set_follow_up) = bind!(draft.follow_up);
    let is_purchase = move || draft.with(|d| d.kind == InteractionKind::Purchase);
    let has_amount = move || draft.with(|d| d.kind.has_amount());
    let has_status = move || draft.with(|d| d.kind.has_status());
    let status = Signal::derive(move || {
        if draft.with(|d| d.resolved) {
            "resolved".to_string()
        } else {
            "open".to_string()
        }
    });
    let set_status = Callback::new(move |v: String| draft.update(|d| d.resolved = v == "resolved"));
    let back = deal.map_or(Route::Contact(contact), Route::Deal);
    let after = back.clone();

    let original = existing.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let now = browser::now();
        let base = original.clone();
        let mut target = original.clone().unwrap_or_else(|| {
            let id = InteractionId::from_random_bytes(browser::random_bytes());
            Interaction::blank(id, contact, deal, now)
        });
        let follow_up_date = match draft.get_untracked().apply_to(&mut target, tz, now, lang) {
            Ok(f) => f,
            Err(errs) => {
                errors.set(errs);
                return;
            }
        };
        errors.set(Vec::new());
        let follow_up = follow_up_date.map(|due| {
            let id = FollowUpId::from_random_bytes(browser::random_bytes());
            FollowUp::after(&target, id, due, now)
        });
        saving.set(true);
        let after = after.clone();
        leptos::task::spawn_local(async move {
            match state.save_interaction(target, base, follow_up).await {
                Ok(()) => {
                    state.notify(Notice::info(t.saved));
                    state.go(after);
                    super::fields::focus_heading_soon();
                }
                Err(e) => {
                    failure.try_set(Some(e.to_string()));
                    saving.try_set(false);
                }
            }
        });
    };
    let delete = move |_| {
        let Some(base) = existing.clone() else {
            return;
        };
        let mut i = base.clone();
        i.tombstone(browser::now());
        leptos::task::spawn_local(async move {
            match state.save_interaction(i, Some(base), None).await {
                Ok(()) => {
                    state.notify(Notice::info(t.deleted));
                    state.go(Route::Contact(contact));
                    super::fields::focus_heading_soon();
                }
                Err(e) => {
                    failure.try_set(Some(e.to_string()));
                }
            }
        });
    };

    view! {
        <section class="interaction-form">
            <h1>{if editing { t.edit_title } else { t.log_title }}</h1>
            <p class="sub">{t.with_before} <a href=back.to_hash()>{name}</a> {t.with_after}</p>
            <form novalidate on:submit=submit>
                <div class="three">
                    <SelectField label=t.channel.into() id="i-channel".into() options=channels value=channel on_change=set_channel />
                    <SelectField label=t.direction.into() id="i-direction".into() options=directions value=direction on_change=set_direction />
                    <SelectField label=t.kind.into() id="i-type".into() options=kinds value=kind on_change=set_kind />
                </div>
                <TextField label=t.summary.into() id="i-summary".into() value=summary on_input=set_summary error=error_for(InteractionField::Summary) autofocus=true />
                <TextField label=t.details.into() id="i-details".into() value=details on_input=set_details multiline=true />
                <div class="two">
                    <TextField label=t.date.into() id="i-date".into() kind="date" value=date on_input=set_date error=error_for(InteractionField::Date) />
                    <TextField label=t.time.into() id="i-time".into() kind="time" value=time on_input=set_time error=error_for(InteractionField::Time)
                        hint=t.time_hint />
                </div>
                <Show when=has_amount>
                    <div class="three">
                        <TextField label=t.amount.into() id="i-amount".into() value=amount on_input=set_amount error=error_for(InteractionField::Amount)
                            hint=t.amount_hint inputmode="decimal" />
                        <CurrencyField value=currency on_input=set_currency error=error_for(InteractionField::Currency) />
                        <Show when=is_purchase>
                            <TextField label=t.product.into() id="i-product".into() value=product on_input=set_product />
                        </Show>
                    </div>
                </Show>
                <Show when=move || has_status() && editing>
                    <SelectField label=t.status.into() id="i-status".into() options=vec![("open", t.status_open), ("resolved", t.status_resolved)]
                        value=status on_change=set_status />
                </Show>
                <TextField label=t.follow_up_on.into() id="i-follow-up".into() kind="date" value=follow_up on_input=set_follow_up
                    error=error_for(InteractionField::FollowUp) hint=t.follow_up_hint />
                <Show when=changed_underneath>
                    <p class="warning" role="status">{t.changed_underneath}</p>
                </Show>
                <super::fields::FormProblems failure invalid=Signal::derive(move || !errors.with(Vec::is_empty)) />
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || saving.get()>{texts.common().save}</button>
                    <a class="button" href=back.to_hash()>{texts.common().cancel}</a>
                    {editing.then(|| view! { <button type="button" class="danger" on:click=delete>{texts.common().delete}</button> })}
                </div>
            </form>
        </section>
    }
    .into_any()
}

/// Currency: the common ones offered, any ISO code accepted.
#[component]
pub fn CurrencyField(
    #[prop(default = "i-currency")] id: &'static str,
    value: Signal<String>,
    on_input: Callback<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <TextField label=crate::i18n::t().interaction().currency.into() id=id.into() value on_input error list="currencies" />
        <datalist id="currencies">
            {CURRENCIES.iter().map(|c| view! { <option value=*c></option> }).collect_view()}
        </datalist>
    }
}

/// A follow-up on its own, from a contact page.
#[component]
pub fn FollowUpForm(contact: ContactId) -> impl IntoView {
    let state = expect_context::<AppState>();
    let texts = crate::i18n::t();
    let t = texts.interaction();
    let tz = state.tz();
    let Some(name) = state
        .book
        .with_untracked(|b| b.get(contact).map(|c| c.display_name.clone()))
    else {
        return view! { <section><h1>{t.contact_not_found}</h1></section> }.into_any();
    };
    let tomorrow = tz.local_date(browser::now()) + chrono::Duration::days(1);
    let due = RwSignal::new(tomorrow.to_string());
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(date) = chrono::NaiveDate::parse_from_str(due.get_untracked().trim(), "%Y-%m-%d")
        else {
            error.set(Some(t.bad_follow_up_date.into()));
            return;
        };
        error.set(None);
        let now = browser::now();
        let id = FollowUpId::from_random_bytes(browser::random_bytes());
        let f = FollowUp::new(id, contact, date, &note.get_untracked(), now);
        leptos::task::spawn_local(async move {
            match state.save_follow_up(f).await {
                Ok(()) => {
                    state.notify(Notice::info(t.follow_up_added));
                    state.go(Route::Contact(contact));
                    super::fields::focus_heading_soon();
                }
                Err(e) => {
                    error.try_set(Some(e.to_string()));
                }
            }
        });
    };
    view! {
        <section class="interaction-form">
            <h1>{t.add_follow_up}</h1>
            <p class="sub">{t.for_before} <a href=Route::Contact(contact).to_hash()>{name}</a> {t.for_after}</p>
            <form novalidate on:submit=submit>
                <TextField label=t.follow_up_on.into() id="fu-date".into() kind="date" value=due
                    on_input=Callback::new(move |v| due.set(v)) error=Signal::derive(move || error.get()) />
                <TextField label=t.note.into() id="fu-note".into() value=note on_input=Callback::new(move |v| note.set(v)) />
                <div class="actions">
                    <button type="submit" class="primary">{texts.common().save}</button>
                    <a class="button" href=Route::Contact(contact).to_hash()>{texts.common().cancel}</a>
                </div>
            </form>
        </section>
    }
    .into_any()
}
