//! Import contacts from CSV (with a column mapping step) or vCard: broken cards and rows
//! are listed with their reason, likely duplicates get a choice, then one write.

use crate::browser;
use crate::state::AppState;
use bakkal_core::io::contacts_import::{
    find_duplicates, guess_mapping, read_csv, resolve, rows_to_contacts, Choice, Target,
};
use bakkal_core::io::vcard::{self, Card};
use bakkal_core::{Contact, ContactId};
use leptos::prelude::*;

#[derive(Clone)]
enum Step {
    Idle,
    Mapping {
        rows: Vec<Vec<String>>,
        mapping: Vec<Target>,
    },
    Review {
        contacts: Vec<Contact>,
        broken: Vec<String>,
        duplicates: Vec<Option<ContactId>>,
    },
    Done(String),
    Refused(String),
}

fn new_id() -> ContactId {
    browser::random_id()
}

#[component]
pub fn ContactsImport() -> impl IntoView {
    let state = expect_context::<AppState>();
    let step = RwSignal::new(Step::Idle);
    let choices = RwSignal::new(Vec::<Choice>::new());

    let review = move |parsed: Vec<Result<Contact, String>>| {
        let mut contacts = Vec::new();
        let mut broken = Vec::new();
        for (n, p) in parsed.into_iter().enumerate() {
            // The same range checks as a backup import (dates 1900–2200, lengths…).
            match p.and_then(|c| {
                bakkal_core::io::checks::check_contact(&c)
                    .map(|_| c)
                    .map_err(|e| format!("contact {}: {e}", n + 1))
            }) {
                Ok(c) => contacts.push(c),
                Err(e) => broken.push(e),
            }
        }
        if contacts.is_empty() {
            let why = broken
                .first()
                .cloned()
                .unwrap_or_else(|| "it holds no contacts".into());
            return step.set(Step::Refused(format!("No contact could be read: {why}.")));
        }
        let duplicates = state.book.with_untracked(|b| find_duplicates(b, &contacts));
        choices.set(vec![Choice::Skip; contacts.len()]);
        step.set(Step::Review {
            contacts,
            broken,
            duplicates,
        });
    };

    // The chosen file's name, shown above what it holds.
    let chosen = RwSignal::new(None::<String>);
    let on_file = move |ev: leptos::ev::Event| {
        let Some(file) = browser::take_chosen_file(&ev) else {
            return;
        };
        chosen.set(Some(file.name()));
        let name = file.name().to_lowercase();
        leptos::task::spawn_local(async move {
            let bytes = match browser::read_file_bytes(&file).await {
                Ok(b) => b,
                Err(e) => {
                    return step.set(Step::Refused(format!("The file could not be read: {e}.")))
                }
            };
            let text = vcard::decode_file(&bytes);
            if name.ends_with(".vcf")
                || name.ends_with(".vcard")
                || text
                    .trim_start()
                    .to_ascii_uppercase()
                    .starts_with("BEGIN:VCARD")
            {
                let now = browser::now();
                let parsed = vcard::parse(&text, now, new_id)
                    .into_iter()
                    .map(|c| match c {
                        Card::Ok(c) => Ok(*c),
                        Card::Broken { number, reason } => Err(format!("card {number}: {reason}")),
                    })
                    .collect();
                review(parsed);
            } else {
                match read_csv(&bytes) {
                    Ok(rows) if rows.len() > 1 => {
                        let mapping = guess_mapping(&rows[0]);
                        step.set(Step::Mapping { rows, mapping });
                    }
                    Ok(_) => step.set(Step::Refused(
                        "The file has a header row but no contacts.".into(),
                    )),
                    Err(e) => step.set(Step::Refused(format!(
                        "This is neither a vCard nor a CSV file we can read ({e})."
                    ))),
                }
            }
        });
    };

    view! {
        <section class="card">
            <h2>"Import contacts"</h2>
            <p>"From Google Contacts, Outlook, a phone or a spreadsheet: a vCard (.vcf) or CSV file (comma or semicolon separated). Nothing is written until you confirm."</p>
            <div class="field">
                <label for="contacts-file">"Contacts file"</label>
                <input id="contacts-file" type="file" accept=".vcf,.vcard,.csv,text/vcard,text/csv" on:change=on_file />
            </div>
            {move || chosen.get().map(|n| view! { <p class="chosen-file">{format!("File: {n}")}</p> })}
            {move || match step.get() {
                Step::Idle => ().into_any(),
                Step::Refused(msg) => view! { <super::fields::Refusal msg /> }.into_any(),
                Step::Done(msg) => view! { <p role="status" class="done">{msg}</p> }.into_any(),
                Step::Mapping { rows, mapping } => {
                    let mapping_signal = RwSignal::new(mapping);
                    let headers = rows[0].clone();
                    let sample: Vec<Vec<String>> = rows.iter().skip(1).take(3).cloned().collect();
                    let body = rows[1..].to_vec();
                    view! {
                        <div class="mapping" role="region" aria-label="Column mapping">
                            <p>"Which field is in each column? The first rows are shown; known headers are already assigned."</p>
                            <div class="table-scroll">
                                <table>
                                    <thead><tr>{headers.iter().enumerate().map(|(i, h)| view! {
                                        <th>
                                            <label for=format!("col-{i}")>{format!("Column {} ({h})", i + 1)}</label>
                                            <select id=format!("col-{i}") on:change=move |ev| {
                                                let v = event_target_value(&ev);
                                                let t = Target::ALL.iter().copied().find(|t| t.label() == v).unwrap_or(Target::Ignore);
                                                mapping_signal.update(|m| if let Some(x) = m.get_mut(i) { *x = t });
                                            }>
                                                {Target::ALL.iter().map(|t| view! {
                                                    <option value=t.label() selected=move || mapping_signal.with(|m| m.get(i) == Some(t))>{t.label()}</option>
                                                }).collect_view()}
                                            </select>
                                        </th>
                                    }).collect_view()}</tr></thead>
                                    <tbody>{sample.into_iter().map(|r| view! {
                                        <tr>{r.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr>
                                    }).collect_view()}</tbody>
                                </table>
                            </div>
                            <div class="actions">
                                <button class="primary" on:click=move |_| {
                                    let parsed = rows_to_contacts(&body, &mapping_signal.get_untracked(), browser::now(), new_id);
                                    review(parsed);
                                }>"Continue"</button>
                                <button on:click=move |_| step.set(Step::Idle)>"Cancel"</button>
                            </div>
                        </div>
                    }.into_any()
                }
                Step::Review { contacts, broken, duplicates } => {
                    let n = contacts.len();
                    let dup_rows: Vec<(usize, String, String)> = state.book.with_untracked(|b| {
                        duplicates.iter().enumerate().filter_map(|(i, d)| {
                            let existing = b.get((*d)?)?;
                            Some((i, contacts[i].display_name.clone(), existing.display_name.clone()))
                        }).collect()
                    });
                    let (c2, d2) = (contacts.clone(), duplicates.clone());
                    let import = move |_| {
                        let (contacts, duplicates) = (c2.clone(), d2.clone());
                        leptos::task::spawn_local(async move {
                            let write = state.book.with_untracked(|b| resolve(b, &contacts, &duplicates, &choices.get_untracked(), browser::now()));
                            let count = write.len();
                            match state.save_bulk(write, Vec::new(), Vec::new()).await {
                                Ok(()) => step.set(Step::Done(format!("Imported: {count} contacts added or updated."))),
                                Err(e) => step.set(Step::Refused(e.to_string())),
                            }
                        });
                    };
                    view! {
                        <div class="preview" role="region" aria-label="Contacts to import">
                            <p>{format!("{n} contacts are ready to import.")}</p>
                            {(!broken.is_empty()).then(|| view! {
                                <p>{format!("{} could not be read and will be left out:", broken.len())}</p>
                                <ul class="broken">{broken.iter().map(|b| view! { <li>{b.clone()}</li> }).collect_view()}</ul>
                            })}
                            {(!dup_rows.is_empty()).then(|| {
                                let many = dup_rows.len() > MANY_DUPLICATES;
                                let dup_ids: Vec<usize> = dup_rows.iter().map(|(i, _, _)| *i).collect();
                                let rows = dup_rows.into_iter().map(|(i, theirs, mine)| view! {
                                    <li>
                                        <label for=format!("dup-{i}")>{format!("{theirs} (already here as {mine})")}</label>
                                        <select id=format!("dup-{i}")
                                            prop:value=move || choices.with(|cs| choice_value(cs.get(i).copied().unwrap_or(Choice::Skip)))
                                            on:change=move |ev| {
                                                let c = parse_choice(&event_target_value(&ev));
                                                choices.update(|cs| if let Some(x) = cs.get_mut(i) { *x = c });
                                            }>
                                            <option value="skip">"Skip"</option>
                                            <option value="merge">"Merge into the existing contact"</option>
                                            <option value="create">"Create anyway"</option>
                                        </select>
                                    </li>
                                }).collect_view();
                                view! {
                                    <p>{format!("{} look like contacts already in your book (same e-mail or phone).", dup_ids.len())}</p>
                                    <div class="field">
                                        <label for="dup-all">"For all of them"</label>
                                        <select id="dup-all" on:change=move |ev| {
                                            let c = parse_choice(&event_target_value(&ev));
                                            choices.update(|cs| for i in &dup_ids { if let Some(x) = cs.get_mut(*i) { *x = c } });
                                        }>
                                            <option value="skip">"Skip"</option>
                                            <option value="merge">"Merge into the existing contact"</option>
                                            <option value="create">"Create anyway"</option>
                                        </select>
                                    </div>
                                    // Thousands of rows are no choice to make one by one: folded away.
                                    <details open=!many>
                                        <summary>"Choose one by one"</summary>
                                        <ul class="dups">{rows}</ul>
                                    </details>
                                }
                            })}
                            <div class="actions">
                                <button class="primary" on:click=import>"Import contacts"</button>
                                <button on:click=move |_| step.set(Step::Idle)>"Cancel"</button>
                            </div>
                        </div>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// Above this many likely duplicates the one-by-one list starts folded.
const MANY_DUPLICATES: usize = 20;

fn parse_choice(v: &str) -> Choice {
    match v {
        "merge" => Choice::Merge,
        "create" => Choice::CreateAnyway,
        _ => Choice::Skip,
    }
}

fn choice_value(c: Choice) -> &'static str {
    match c {
        Choice::Skip => "skip",
        Choice::Merge => "merge",
        Choice::CreateAnyway => "create",
    }
}
