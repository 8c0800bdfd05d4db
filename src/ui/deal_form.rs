//! **New deal** and its edit: the form edits a `DealDraft`, the core validates it, the app
//! state saves it (`AppState::save_deal`). The contact is chosen by typing a name and
//! picking one of the matches: a book can hold tens of thousands of contacts.

use super::fields::{FormProblems, TextField};
use super::interaction_form::CurrencyField;
use crate::browser;
use crate::state::{AppState, Notice};
use bakkal_core::model::deal::DealId;
use bakkal_core::model::deal_draft::{
    DealChecks, DealDraft, DealError, DealField, LineDraft, LineProblem,
};
use bakkal_core::route::{ListOrder, Route};
use bakkal_core::ContactId;
use leptos::prelude::*;

/// How many matches the contact chooser lists.
const SHOWN: usize = 8;

macro_rules! bind {
    ($draft:ident . $field:ident) => {
        (
            Signal::derive(move || $draft.with(|d| d.$field.clone())),
            Callback::new(move |v: String| $draft.update(|d| d.$field = v)),
        )
    };
}

/// `proposal`: **Start a deal** from that proposal (its summary, amount and details
/// filled in; the proposal linked to the deal when it is saved).
#[component]
pub fn DealForm(
    id: Option<DealId>,
    contact: Option<ContactId>,
    #[prop(optional)] proposal: Option<bakkal_core::Interaction>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let texts = crate::i18n::t();
    let t = texts.deal();
    let existing = id.and_then(|id| state.deal(id));
    if id.is_some() && existing.is_none() {
        return view! { <NotFound /> }.into_any();
    }
    let home = state.value.with_untracked(|v| v.home_currency.clone());
    let pipeline = state.pipeline.get_untracked();
    let draft = RwSignal::new(match (&existing, &proposal) {
        (Some(d), _) => DealDraft::from_deal(d, &home),
        (None, Some(p)) => DealDraft::from_proposal(p, &pipeline, &home),
        (None, None) => DealDraft::new(contact, &pipeline, &home),
    });
    let contact = contact.or(proposal.as_ref().map(|p| p.contact_id));
    let name_of = move |c: ContactId| {
        state
            .book
            .with_untracked(|b| b.get(c).map(|c| c.display_name.clone()))
    };
    let query = RwSignal::new(
        draft
            .with_untracked(|d| d.contact)
            .and_then(name_of)
            .unwrap_or_default(),
    );
    let errors = RwSignal::new(Vec::<DealError>::new());
    let failure = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let error_for = move |f: DealField| {
        Signal::derive(move || {
            errors.with(|es| es.iter().find(|e| e.field() == f).map(|e| (t.error)(e)))
        })
    };
    let (title, set_title) = bind!(draft.title);
    let (amount, set_amount) = bind!(draft.amount);
    let (currency, set_currency) = bind!(draft.currency);
    let (probability, set_probability) = bind!(draft.probability);
    let (expected_close, set_close) = bind!(draft.expected_close);
    let (notes, set_notes) = bind!(draft.notes);
    // Typing a name clears the choice unless it names the chosen contact.
    let set_query = Callback::new(move |v: String| {
        query.set(v.clone());
        draft.update(|d| {
            if d.contact.and_then(name_of).as_deref() != Some(v.trim()) {
                d.contact = None;
            }
        });
    });
    let matches = Memo::new(move |_| {
        let q = query.get();
        let chosen = draft.with(|d| d.contact);
        if q.trim().is_empty() || chosen.is_some() {
            return Vec::new();
        }
        state.book.with(|b| {
            b.search(&q, ListOrder::Name, None)
                .ids
                .into_iter()
                .take(SHOWN)
                .filter_map(|c| {
                    let x = b.get(c)?;
                    let hint = b.namesake_hint(c);
                    Some((c, x.display_name.clone(), hint))
                })
                .collect::<Vec<_>>()
        })
    });
    let stages: Vec<(String, String)> = pipeline
        .stages
        .iter()
        .map(|s| (s.id.0.clone(), super::stage_name(s)))
        .collect();
    let back = match (id, contact) {
        (Some(id), _) => Route::Deal(id),
        (None, Some(c)) => Route::Contact(c),
        (None, None) => Route::Deals(Default::default()),
    };
    let cancel = back.to_hash();
    let original = existing.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let now = browser::now();
        let lang = crate::i18n::lang();
        let known = |c: ContactId| state.book.with_untracked(|b| b.get(c).is_some());
        let d = draft.get_untracked();
        let result = state.pipeline.with_untracked(|p| {
            let checks = DealChecks::new(p, &known, lang);
            match &original {
                Some(o) => {
                    let mut edited = o.clone();
                    d.apply_to(&mut edited, &checks, now).map(|()| edited)
                }
                None => {
                    let id = DealId::from_random_bytes(browser::random_bytes());
                    d.create(id, &checks, now)
                }
            }
        });
        let deal = match result {
            Ok(deal) => deal,
            Err(errs) => {
                errors.set(errs);
                return;
            }
        };
        errors.set(Vec::new());
        saving.set(true);
        let base = original.clone();
        let proposal = proposal.clone();
        leptos::task::spawn_local(async move {
            let id = deal.id;
            let saved = match proposal {
                Some(p) => state.start_deal_from(deal, p).await,
                None => state.save_deal(deal, base).await,
            };
            match saved {
                Ok(()) => {
                    state.notify(Notice::info(t.saved));
                    state.go(Route::Deal(id));
                    super::fields::focus_heading_soon();
                }
                Err(e) => {
                    failure.try_set(Some(e.to_string()));
                    saving.try_set(false);
                }
            }
        });
    };
    let contact_error = error_for(DealField::Contact);
    let stage_error = error_for(DealField::Stage);
    view! {
        <section class="deal-form">
            <h1>{if existing.is_some() { t.edit_title } else { t.new_deal }}</h1>
            <form novalidate on:submit=submit>
                <TextField label=t.title.into() id="d-title".into() value=title on_input=set_title
                    error=error_for(DealField::Title) autofocus=true />
                <TextField label=t.contact.into() id="d-contact".into() value=query on_input=set_query
                    error=contact_error hint=t.contact_hint />
                <Show when=move || !matches.with(Vec::is_empty)>
                    <ul class="plain choices">
                        {move || matches.get().into_iter().map(|(c, name, hint)| {
                            let label = (t.choose)(&name);
                            let shown = name.clone();
                            view! {
                                <li><button type="button" aria-label=label on:click=move |_| {
                                    draft.update(|d| d.contact = Some(c));
                                    query.set(name.clone());
                                }>{shown}</button>
                                {hint.map(|h| view! { <span class="muted">" " {h}</span> })}</li>
                            }
                        }).collect_view()}
                    </ul>
                </Show>
                <div class="three">
                    <TextField label=t.amount.into() id="d-amount".into() value=amount on_input=set_amount
                        error=error_for(DealField::Amount) hint=t.amount_hint inputmode="decimal" />
                    <CurrencyField id="d-currency" value=currency on_input=set_currency
                        error=error_for(DealField::Currency) />
                    <div class="field" class:invalid=move || stage_error.with(Option::is_some)>
                        <label for="d-stage">{t.stage}</label>
                        <select id="d-stage" prop:value=move || draft.with(|d| d.stage.clone())
                            aria-describedby="d-stage-error"
                            on:change=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.stage = v) }>
                            {stages.into_iter().map(|(v, l)| {
                                let value = v.clone();
                                view! { <option value=v selected=move || draft.with(|d| d.stage == value)>{l}</option> }
                            }).collect_view()}
                        </select>
                        <p id="d-stage-error" class="field-error" hidden=move || stage_error.with(Option::is_none)>{move || stage_error.get()}</p>
                    </div>
                </div>
                <div class="two">
                    <TextField label=t.probability.into() id="d-probability".into() value=probability
                        on_input=set_probability error=error_for(DealField::Probability)
                        hint=t.probability_hint inputmode="numeric" />
                    <TextField label=t.expected_close.into() id="d-close".into() kind="date"
                        value=expected_close on_input=set_close error=error_for(DealField::ExpectedClose) />
                </div>
                <LineItems draft errors />
                <TextField label=t.notes.into() id="d-notes".into() value=notes on_input=set_notes
                    error=error_for(DealField::Notes) multiline=true />
                <FormProblems failure invalid=Signal::derive(move || !errors.with(Vec::is_empty)) />
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || saving.get()>{texts.common().save}</button>
                    <a class="button" href=cancel>{texts.common().cancel}</a>
                </div>
            </form>
        </section>
    }
    .into_any()
}

/// The deal's line items, one group per line ("Line 1"), priced in the deal's currency; the
/// sum of the lines that read shows under them (it is the amount unless one is typed).
#[component]
fn LineItems(draft: RwSignal<DealDraft>, errors: RwSignal<Vec<DealError>>) -> impl IntoView {
    let t = crate::i18n::t().deal();
    let sum = move || {
        draft
            .with(|d| d.lines_sum(crate::i18n::lang()))
            .map(|m| (t.lines_sum)(&crate::i18n::money(&m)))
    };
    view! {
        <fieldset class="lines">
            <legend>{t.lines}</legend>
            // Keyed by place: a removed line's followers show their own values, each field
            // read from the draft, so nothing is redrawn under the cursor.
            <For each=move || 0..draft.with(|d| d.lines.len()) key=|i| *i let:i>
                <LineRow draft errors at=i />
            </For>
            <p class="hint" hidden=move || sum().is_none()>{sum}</p>
            <button type="button" on:click=move |_| draft.update(|d| d.lines.push(LineDraft::default()))>{t.add_line}</button>
        </fieldset>
    }
}

#[component]
fn LineRow(
    draft: RwSignal<DealDraft>,
    errors: RwSignal<Vec<DealError>>,
    at: usize,
) -> impl IntoView {
    let t = crate::i18n::t().deal();
    let get = move |f: fn(&LineDraft) -> &String| {
        Signal::derive(move || draft.with(|d| d.lines.get(at).map(f).cloned().unwrap_or_default()))
    };
    let set = move |f: fn(&mut LineDraft) -> &mut String| {
        Callback::new(move |v: String| {
            draft.update(|d| {
                if let Some(l) = d.lines.get_mut(at) {
                    *f(l) = v;
                }
            })
        })
    };
    // Each problem beside the field it is about.
    let error = move |about: fn(&LineProblem) -> bool| {
        Signal::derive(move || {
            errors.with(|es| {
                es.iter()
                    .find(|e| match e {
                        DealError::Line { at: a, problem } => *a == at && about(problem),
                        DealError::TooLong(DealField::Line(a)) => {
                            *a == at && about(&LineProblem::TooLong)
                        }
                        _ => false,
                    })
                    .map(|e| (t.error)(e))
            })
        })
    };
    let remove = move |_| {
        draft.update(|d| {
            if at < d.lines.len() {
                d.lines.remove(at);
            }
        });
        errors.update(Vec::clear);
    };
    let id = |what: &str| format!("d-line-{at}-{what}");
    view! {
        <div class="line" role="group" aria-label=(t.line)(at + 1)>
            <TextField label=t.product.into() id=id("product") value=get(|l| &l.product)
                on_input=set(|l| &mut l.product)
                error=error(|p| matches!(p, LineProblem::ProductMissing | LineProblem::TooLong)) />
            <TextField label=t.quantity.into() id=id("quantity") value=get(|l| &l.quantity)
                on_input=set(|l| &mut l.quantity) inputmode="decimal"
                error=error(|p| matches!(p, LineProblem::BadQuantity)) />
            <TextField label=t.unit_price.into() id=id("price") value=get(|l| &l.unit_price)
                on_input=set(|l| &mut l.unit_price) inputmode="decimal"
                error=error(|p| matches!(p, LineProblem::BadPrice(_) | LineProblem::NoCurrency)) />
            <button type="button" on:click=remove>{(t.remove_line)(at + 1)}</button>
        </div>
    }
}

/// **Start a deal** from a proposal of a contact's timeline.
#[component]
pub fn FromProposal(contact: ContactId, id: bakkal_core::InteractionId) -> impl IntoView {
    let state = expect_context::<AppState>();
    let found = LocalResource::new(move || super::interaction_form::stored(state, contact, id));
    move || {
        found.get().map(|loaded| match loaded {
            Ok(Some(p)) => view! { <DealForm id=None contact=None proposal=p /> }.into_any(),
            Err(e) => view! { <p role="alert">{e.to_string()}</p> }.into_any(),
            Ok(None) => view! { <super::interaction_form::NotFound contact /> }.into_any(),
        })
    }
}

/// A deal that is not (or no longer) in the book.
#[component]
pub fn NotFound() -> impl IntoView {
    let t = crate::i18n::t().deal();
    view! {
        <section>
            <h1>{t.not_found}</h1>
            <p>{t.not_found_text} <a href="#/deals">{t.back_to_deals}</a></p>
        </section>
    }
}
