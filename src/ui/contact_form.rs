//! The New contact / Edit form. It edits a `ContactDraft` (plain text); validation and the
//! conversion into a `Contact` happen in the core, saving in `AppState::save`.

use super::common::field_label;
use super::fields::{focus_by_id, SelectField, TextField};
use crate::browser;
use crate::state::{AppState, Notice, Saved};
use bakkal_core::model::draft::guess_phone_label;
use bakkal_core::model::rev::{self, FieldConflict, Side};
use bakkal_core::route::Route;
use bakkal_core::{
    Contact, ContactDraft, ContactId, CustomField, Field, FieldError, Kind, Labeled, Stage,
};
use leptos::prelude::*;

/// Binds a `String` inside the draft to a field: a getter signal and a setter callback.
macro_rules! bind {
    ($draft:ident . $($path:tt)+) => {
        (
            Signal::derive(move || $draft.with(|d| d.$($path)+.clone())),
            Callback::new(move |v: String| $draft.update(|d| d.$($path)+ = v)),
        )
    };
}

/// An e-mail's or phone's types (stored value, shown name); the first is a new entry's.
fn type_options(kind: ListKind) -> Vec<(&'static str, &'static str)> {
    let tf = crate::i18n::t().contact_form();
    match kind {
        ListKind::Email => vec![
            ("work", tf.label_work),
            ("home", tf.label_home),
            ("other", tf.label_other),
        ],
        ListKind::Phone => vec![
            ("mobile", tf.label_mobile),
            ("work", tf.label_work),
            ("home", tf.label_home),
            ("other", tf.label_other),
        ],
    }
}

#[component]
pub fn ContactForm(id: Option<ContactId>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = crate::i18n::t();
    let tf = t.contact_form();
    let existing: Option<Contact> =
        id.and_then(|id| state.book.with_untracked(|b| b.get(id).cloned()));
    if id.is_some() && existing.is_none() {
        return view! {
            <section><h1>{tf.not_found}</h1>
            <p>{tf.not_found_text} <a href="#/contacts">{tf.back_to_contacts}</a></p></section>
        }
        .into_any();
    }
    // The form shows names, not ids: a linked organisation and the referrer as text.
    let (initial, referrer_name) = state.book.with_untracked(|b| match &existing {
        Some(c) => {
            let mut d = ContactDraft::from_contact(c);
            if let Some(org) = b.organisation_name(c) {
                d.organisation = org.to_string();
                d.organisation_link = None;
            }
            let r = c
                .referred_by
                .and_then(|r| b.get(r))
                .map(|r| r.display_name.clone());
            (d, r.unwrap_or_default())
        }
        None => (ContactDraft::default(), String::new()),
    });
    let mut initial = initial;
    if initial.emails.is_empty() {
        initial.emails.push(Labeled {
            label: "work".into(),
            value: String::new(),
        });
    }
    if initial.phones.is_empty() {
        initial.phones.push(Labeled {
            label: "mobile".into(),
            value: String::new(),
        });
    }
    let untouched = initial.clone();
    let draft = RwSignal::new(initial);
    // Escape with something typed asks first (inline: no browser dialog).
    let discarding = RwSignal::new(false);
    let referrer = RwSignal::new(referrer_name);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    // Another tab changed the same fields: (theirs, the clash, what this form would save).
    let clash = RwSignal::new(None::<(Contact, Vec<FieldConflict>, Contact)>);
    // A new contact held back because it matches existing ones: (it, the matches).
    let duplicates = RwSignal::new(None::<(Contact, Vec<ContactId>)>);
    // Typing on makes the match out of date: the next Save checks again.
    Effect::new(move |_| {
        draft.track();
        duplicates.set(None);
    });
    let base = existing.clone();
    let started_from = existing.as_ref().map(|c| c.rev.clone());
    // Another tab (or a sync) changed this contact while the form is open.
    let changed_underneath = move || {
        id.zip(started_from.clone())
            .is_some_and(|(id, rev)| state.book.with(|b| b.get(id).is_some_and(|c| c.rev != rev)))
    };
    // `merge_into`: saved from the duplicate warning to be merged into that contact next.
    let save = move |contact: Contact, base: Option<Contact>, merge_into: Option<ContactId>| {
        saving.set(true);
        let id = contact.id;
        let next = match merge_into {
            Some(dup) => Route::MergeContact(dup, Some(id)),
            None => Route::Contact(id),
        };
        leptos::task::spawn_local(async move {
            match state.save_contact(contact.clone(), base).await {
                Ok(Saved::Done) => {
                    state.notify(Notice::info(tf.saved));
                    state.go(next);
                    super::fields::focus_heading_soon();
                }
                Ok(Saved::Combined) => {
                    state.notify(Notice::info(tf.saved_combined));
                    state.go(next);
                    super::fields::focus_heading_soon();
                }
                Ok(Saved::Conflict { theirs, fields }) => {
                    clash.try_set(Some((*theirs, fields, contact)));
                    saving.try_set(false);
                }
                Err(e) => {
                    failure.try_set(Some(e.to_string()));
                    saving.try_set(false);
                }
            }
        });
    };
    let choose = move |side: Side| {
        let Some((theirs, _, mine)) = clash.get_untracked() else {
            return;
        };
        clash.set(None);
        let from = base.clone().unwrap_or_else(|| theirs.clone());
        match rev::merge_fields(&from, &mine, &theirs, Some(side)) {
            Ok(m) => save(m, Some(theirs), None),
            Err(_) => failure.set(Some(tf.not_combined.into())),
        }
    };
    let error_for = move |f: Field| {
        Signal::derive(move || {
            errors.with(|es| {
                es.iter()
                    .find(|e| e.field == f)
                    .map(|e| (tf.problem)(&e.problem))
            })
        })
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        failure.set(None);
        let mut d = draft.get_untracked();
        let now = browser::now();
        let resolved = state
            .book
            .with_untracked(|b| b.resolve_links(&mut d, &referrer.get_untracked()));
        let mut contact = existing
            .clone()
            .unwrap_or_else(|| Contact::new(browser::random_id(), "", now));
        let result = d.apply_to(&mut contact, now);
        let mut errs = result.err().unwrap_or_default();
        if let Err(e) = resolved {
            errs.push(e);
        }
        if !errs.is_empty() {
            errors.set(errs);
            focus_first_invalid();
            return;
        }
        errors.set(Vec::new());
        // A new contact that looks like one already in the book is not saved before the
        // user has seen the match: Open it, or Save anyway.
        if existing.is_none() {
            let dups = state
                .book
                .with_untracked(|b| b.possible_duplicates(&contact));
            if !dups.is_empty() {
                duplicates.set(Some((contact, dups)));
                request_animation_frame(|| focus_by_id("dup-title"));
                return;
            }
        }
        save(contact, existing.clone(), None);
    };
    let save_anyway = move |merge_into: Option<ContactId>| {
        if let Some((contact, _)) = duplicates.get_untracked() {
            duplicates.set(None);
            save(contact, None, merge_into);
        }
    };
    let leave = move || match id {
        Some(id) => state.go(Route::Contact(id)),
        None => state.go(Route::contacts("")),
    };
    let cancel = move |_| leave();
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() != "Escape" {
            return;
        }
        ev.prevent_default();
        if draft.with_untracked(|d| *d == untouched) {
            leave();
        } else {
            discarding.set(true);
            request_animation_frame(|| focus_by_id("discard-keep"));
        }
    };

    let (name, set_name) = bind!(draft.name);
    let (org, set_org) = bind!(draft.organisation);
    let (city, set_city) = bind!(draft.address.city);
    let (tags, set_tags) = bind!(draft.tags);
    let (notes, set_notes) = bind!(draft.notes);
    let (given, set_given) = bind!(draft.given_name);
    let (family, set_family) = bind!(draft.family_name);
    let (title, set_title) = bind!(draft.job_title);
    let (website, set_website) = bind!(draft.website);
    let (street, set_street) = bind!(draft.address.street);
    let (region, set_region) = bind!(draft.address.region);
    let (postcode, set_postcode) = bind!(draft.address.postcode);
    let (country, set_country) = bind!(draft.address.country);
    let (birthday, set_birthday) = bind!(draft.birthday);
    let (source, set_source) = bind!(draft.source);
    let (strategic, set_strategic) = bind!(draft.strategic);
    let stage = Signal::derive(move || draft.with(|d| d.stage.as_str().to_string()));
    let set_stage = Callback::new(move |v: String| {
        draft.update(|d| d.stage = Stage::parse(&v).unwrap_or(d.stage))
    });
    let kind = Signal::derive(move || {
        draft.with(|d| {
            if d.kind == Kind::Organisation {
                "organisation"
            } else {
                "person"
            }
            .to_string()
        })
    });
    let is_person = move || kind.get() == "person";
    let set_kind = Callback::new(move |v: String| {
        draft.update(|d| {
            d.kind = if v == "organisation" {
                Kind::Organisation
            } else {
                Kind::Person
            }
        })
    });
    let referrer_options = Memo::new(move |_| {
        let typed = referrer.get();
        state.book.with(|b| {
            let r = b.search(&typed, bakkal_core::route::ListOrder::Name, None);
            r.ids
                .iter()
                .take(12)
                .filter_map(|id| b.get(*id))
                .map(|c| c.display_name.clone())
                .collect::<Vec<_>>()
        })
    });
    let org_options = Memo::new(move |_| {
        state.book.with(|b| {
            b.organisations()
                .take(500)
                .map(|o| o.display_name.clone())
                .collect::<Vec<_>>()
        })
    });
    let heading = if id.is_some() {
        tf.edit_contact
    } else {
        tf.new_contact
    };

    view! {
        <section class="contact-form">
            <h1>{heading}</h1>
            <form novalidate on:submit=submit on:keydown=on_key>
                <Show when=move || discarding.get()>
                    <div class="reminder" role="alert">
                        <p>{tf.discard_question}</p>
                        <div class="actions">
                            <button type="button" class="danger" on:click=move |_| leave()>{tf.discard}</button>
                            <button type="button" id="discard-keep" on:click=move |_| discarding.set(false)>{tf.keep_editing}</button>
                        </div>
                    </div>
                </Show>
                // Person or organisation first: an organisation is not asked for a given
                // name, a family name or a birthday.
                <fieldset class="kind-choice">
                    <legend>{tf.kind}</legend>
                    <label><input type="radio" name="f-kind" value="person" prop:checked=move || kind.get() == "person"
                        on:change=move |_| set_kind.run("person".into()) />{(t.common().contact_kind)(Kind::Person)}</label>
                    <label><input type="radio" name="f-kind" value="organisation" prop:checked=move || kind.get() == "organisation"
                        on:change=move |_| set_kind.run("organisation".into()) />{(t.common().contact_kind)(Kind::Organisation)}</label>
                </fieldset>
                <TextField label=tf.name.into() id="f-name".into() value=name on_input=set_name error=error_for(Field::Name) autofocus=true />
                <TextField label=tf.organisation.into() id="f-org".into() value=org on_input=set_org list="org-options"
                    hint=tf.organisation_hint />
                <datalist id="org-options">
                    <For each=move || org_options.get() key=|n| n.clone() let:n><option value=n></option></For>
                </datalist>
                <LabeledList kind=ListKind::Email draft errors />
                <LabeledList kind=ListKind::Phone draft errors />
                <TextField label=tf.city.into() id="f-city".into() value=city on_input=set_city />
                <TextField label=tf.tags.into() id="f-tags".into() value=tags on_input=set_tags hint=tf.tags_hint />
                <SelectField label=tf.stage.into() id="f-stage".into()
                    options=Stage::ALL.iter().map(|s| (s.as_str(), (t.common().stage)(*s))).collect() value=stage on_change=set_stage />
                <TextField label=tf.notes.into() id="f-notes".into() value=notes on_input=set_notes multiline=true />
                <details class="more" open=id.is_some()>
                    <summary>{tf.more_details}</summary>
                    <Show when=is_person>
                    <div class="two">
                        <TextField label=tf.given_name.into() id="f-given".into() value=given on_input=set_given />
                        <TextField label=tf.family_name.into() id="f-family".into() value=family on_input=set_family />
                    </div>
                    </Show>
                    <TextField label=tf.job_title.into() id="f-title".into() value=title on_input=set_title />
                    <TextField label=tf.website.into() id="f-website".into() value=website on_input=set_website kind="url" />
                    <TextField label=tf.street.into() id="f-street".into() value=street on_input=set_street />
                    <div class="two">
                        <TextField label=tf.region.into() id="f-region".into() value=region on_input=set_region />
                        <TextField label=tf.postcode.into() id="f-postcode".into() value=postcode on_input=set_postcode />
                    </div>
                    <TextField label=tf.country.into() id="f-country".into() value=country on_input=set_country />
                    <Show when=is_person>
                    <TextField label=tf.birthday.into() id="f-birthday".into() value=birthday on_input=set_birthday kind="date" error=error_for(Field::Birthday) />
                    </Show>
                    <TextField label=tf.source.into() id="f-source".into() value=source on_input=set_source hint=tf.source_hint />
                    <TextField label=tf.referred_by.into() id="f-referrer".into() value=referrer on_input=Callback::new(move |v| referrer.set(v))
                        list="referrer-options" error=error_for(Field::ReferredBy) />
                    <datalist id="referrer-options">
                        <For each=move || referrer_options.get() key=|n| n.clone() let:n><option value=n></option></For>
                    </datalist>
                    <TextField label=tf.strategic.into() id="f-strategic".into() value=strategic on_input=set_strategic kind="number"
                        hint=tf.strategic_hint error=error_for(Field::Strategic) />
                    <CustomFields draft errors />
                </details>
                <Show when=changed_underneath>
                    <p class="warning" role="status">{tf.changed_underneath}</p>
                </Show>
                {move || clash.get().map(|(_, fields, _)| view! {
                    <div class="clash" role="alert" aria-labelledby="clash-title">
                        <h2 id="clash-title">{tf.clash_title}</h2>
                        <p>{tf.clash_text}</p>
                        <table>
                            <thead><tr><th scope="col">{tf.clash_field}</th><th scope="col">{tf.clash_yours}</th><th scope="col">{tf.clash_theirs}</th></tr></thead>
                            <tbody>
                                {fields.into_iter().map(|f| view! {
                                    <tr>
                                        <th scope="row">{field_label(&f.field)}</th>
                                        <td>{rev::display_value(&f.mine)}</td>
                                        <td>{rev::display_value(&f.theirs)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <div class="actions">
                            <button type="button" class="primary" on:click={let choose = choose.clone(); move |_| choose(Side::Mine)}>{tf.keep_mine}</button>
                            <button type="button" on:click={let choose = choose.clone(); move |_| choose(Side::Theirs)}>{tf.keep_theirs}</button>
                        </div>
                    </div>
                })}
                <super::fields::FormProblems failure invalid=Signal::derive(move || !errors.with(Vec::is_empty)) />
                {move || duplicates.get().map(|(_, ids)| view! {
                    <div class="reminder duplicates" role="alert" aria-labelledby="dup-title">
                        <h2 id="dup-title" tabindex="-1">{tf.duplicates_title}</h2>
                        <ul class="plain">
                            {ids.into_iter().map(|id| {
                                let line = state.book.with_untracked(|b| b.get(id).map(|c| {
                                    let firm = b.organisation_name(c).map(str::to_string)
                                        .or_else(|| (!c.city().is_empty()).then(|| c.city().to_string()));
                                    match firm {
                                        Some(f) if f != c.display_name => (tf.exists_at)(&c.display_name, &f),
                                        _ => (tf.exists)(&c.display_name),
                                    }
                                })).unwrap_or_default();
                                let name = state.book.with_untracked(|b| b.get(id).map(|c| c.display_name.clone())).unwrap_or_default();
                                view! { <li>{line}<a href=Route::Contact(id).to_hash()>{tf.open_it}</a>" "
                                    <button type="button" class="link" aria-label=(tf.save_and_merge_with)(&name)
                                        on:click=move |_| save_anyway(Some(id))>{tf.save_and_merge}</button></li> }
                            }).collect_view()}
                        </ul>
                        <div class="actions">
                            <button type="button" on:click=move |_| save_anyway(None)>{tf.save_anyway}</button>
                        </div>
                    </div>
                })}
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || saving.get()>{tf.save}</button>
                    <button type="button" on:click=cancel>{tf.cancel}</button>
                </div>
            </form>
        </section>
    }
    .into_any()
}

#[derive(Clone, Copy, PartialEq)]
enum ListKind {
    Email,
    Phone,
}

impl ListKind {
    /// The field's name: "Email", "Phone".
    fn noun(self) -> &'static str {
        let tf = crate::i18n::t().contact_form();
        match self {
            ListKind::Email => tf.email,
            ListKind::Phone => tf.phone,
        }
    }
    /// The fieldset's name: "Emails", "Phones".
    fn nouns(self) -> &'static str {
        let tf = crate::i18n::t().contact_form();
        match self {
            ListKind::Email => tf.emails,
            ListKind::Phone => tf.phones,
        }
    }
    /// In the fields' ids (`f-email-0`), in every language.
    fn slug(self) -> &'static str {
        match self {
            ListKind::Email => "email",
            ListKind::Phone => "phone",
        }
    }
    fn get(self, d: &ContactDraft, i: usize) -> Option<&Labeled> {
        match self {
            ListKind::Email => d.emails.get(i),
            ListKind::Phone => d.phones.get(i),
        }
    }
    fn items(self, d: &mut ContactDraft) -> &mut Vec<Labeled> {
        match self {
            ListKind::Email => &mut d.emails,
            ListKind::Phone => &mut d.phones,
        }
    }
    fn field(self, i: usize) -> Field {
        match self {
            ListKind::Email => Field::Email(i),
            ListKind::Phone => Field::Phone(i),
        }
    }
}

/// The e-mails or phones: a field per entry (the first labelled just "Email"/"Phone"),
/// each with its type, a remove button, and "Add email"/"Add phone".
#[component]
fn LabeledList(
    kind: ListKind,
    draft: RwSignal<ContactDraft>,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let tf = crate::i18n::t().contact_form();
    let len =
        Memo::new(move |_| draft.with(|d| (0..).take_while(|&i| kind.get(d, i).is_some()).count()));
    let labels = type_options(kind);
    let first_type = labels[0].0;
    let noun = kind.noun();
    let slug = kind.slug();
    view! {
        <fieldset class="multi">
            <legend class="sr-only">{kind.nouns()}</legend>
            <For each=move || 0..len.get() key=|i| *i let:i>
                {
                    let label = if i == 0 { noun.to_string() } else { format!("{noun} {}", i + 1) };
                    let value = Signal::derive(move || draft.with(|d| kind.get(d, i).map(|l| l.value.clone()).unwrap_or_default()));
                    // A new phone number's type follows the number (0212… work, 05… mobile)
                    // until the user picks one.
                    let guess = kind == ListKind::Phone && value.get_untracked().is_empty();
                    let type_chosen = RwSignal::new(false);
                    let set = Callback::new(move |v: String| draft.update(|d| {
                        if let Some(l) = kind.items(d).get_mut(i) {
                            if guess && !type_chosen.get_untracked() {
                                if let Some(g) = guess_phone_label(&v) { l.label = g.into(); }
                            }
                            l.value = v;
                        }
                    }));
                    let type_value = Signal::derive(move || draft.with(|d| kind.get(d, i).map(|l| l.label.clone()).unwrap_or_default()));
                    let set_type = Callback::new(move |v: String| draft.update(|d| {
                        type_chosen.set(true);
                        if let Some(l) = kind.items(d).get_mut(i) { l.label = v; }
                    }));
                    let field = kind.field(i);
                    let error = Signal::derive(move || errors.with(|es| es.iter().find(|e| e.field == field).map(|e| (tf.problem)(&e.problem))));
                    let input_type = if kind == ListKind::Email { "email" } else { "tel" };
                    view! {
                        <div class="multi-row">
                            <TextField label=label.clone() id=format!("f-{slug}-{i}") value on_input=set error kind=input_type />
                            <SelectField label=(tf.type_of)(&label) id=format!("f-{slug}-{i}-type")
                                options=labels.clone() value=type_value on_change=set_type />
                            <button type="button" class="remove" aria-label=(tf.remove_item)(&label)
                                on:click=move |_| draft.update(|d| { let v = kind.items(d); if i < v.len() { v.remove(i); } })>{tf.remove}</button>
                        </div>
                    }
                }
            </For>
            <button type="button" on:click=move |_| {
                let n = len.get_untracked();
                draft.update(|d| kind.items(d).push(Labeled { label: first_type.into(), value: String::new() }));
                // The new field takes the focus, once it is on the page.
                let id = format!("f-{slug}-{n}");
                request_animation_frame(move || focus_by_id(&id));
            }>
                {(tf.add_item)(noun)}
            </button>
        </fieldset>
    }
}

/// User-defined name/value pairs.
#[component]
fn CustomFields(draft: RwSignal<ContactDraft>, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let tf = crate::i18n::t().contact_form();
    let len = Memo::new(move |_| draft.with(|d| d.custom.len()));
    view! {
        <fieldset class="multi">
            <legend>{tf.custom_fields}</legend>
            <For each=move || 0..len.get() key=|i| *i let:i>
                {
                    let name = Signal::derive(move || draft.with(|d| d.custom.get(i).map(|f| f.name.clone()).unwrap_or_default()));
                    let value = Signal::derive(move || draft.with(|d| d.custom.get(i).map(|f| f.value.clone()).unwrap_or_default()));
                    let error = Signal::derive(move || errors.with(|es| es.iter().find(|e| e.field == Field::CustomField(i)).map(|e| (tf.problem)(&e.problem))));
                    view! {
                        <div class="two">
                            <TextField label=(tf.custom_name)(i + 1) id=format!("f-cf-{i}-name") value=name error
                                on_input=Callback::new(move |v| draft.update(|d| if let Some(f) = d.custom.get_mut(i) { f.name = v }))/>
                            <TextField label=(tf.custom_value)(i + 1) id=format!("f-cf-{i}-value") value
                                on_input=Callback::new(move |v| draft.update(|d| if let Some(f) = d.custom.get_mut(i) { f.value = v }))/>
                        </div>
                    }
                }
            </For>
            <button type="button" on:click=move |_| draft.update(|d| d.custom.push(CustomField::default()))>{tf.add_field}</button>
        </fieldset>
    }
}

fn focus_first_invalid() {
    use wasm_bindgen::JsCast;
    // After the error messages render, move focus to the first field with a problem.
    request_animation_frame(|| {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("[aria-invalid=\"true\"]").ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}
