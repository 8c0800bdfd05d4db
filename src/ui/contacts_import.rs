//! Import contacts from CSV (with a column mapping step) or vCard: broken cards and rows
//! are listed with their reason, likely duplicates get a choice, then one write.

use crate::browser;
use crate::state::AppState;
use crate::worker::handle::{self, Job};
use crate::worker::protocol::{Reply, Request};
use bakkal_core::io::checks::RangeError;
use bakkal_core::io::contacts_import::{
    find_duplicates, guess_mapping, resolve, rows_to_contacts, Choice, RowError, Target,
};
use bakkal_core::io::vcard::Card;
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
        broken: Vec<Broken>,
        duplicates: Vec<Option<ContactId>>,
    },
    Done(String),
    Refused(String),
}

/// A card or row that gives no contact, and why.
#[derive(Clone)]
enum Broken {
    /// A vCard the reader refused (numbered in the file), with the reader's reason.
    Card { number: usize, reason: String },
    /// A CSV row without a name.
    Row(RowError),
    /// A contact with a value out of range (numbered among those read).
    Range { number: usize, error: RangeError },
}

impl Broken {
    fn text(&self) -> String {
        let t = crate::i18n::t();
        match self {
            Broken::Card { number, reason } => (t.contacts_import().card_problem)(*number, reason),
            Broken::Row(e) => (t.contacts_import().row_error)(e),
            Broken::Range { number, error } => {
                (t.contacts_import().contact_problem)(*number, &(t.backup().range_error)(error))
            }
        }
    }
}

fn new_id() -> ContactId {
    browser::random_id()
}

#[component]
pub fn ContactsImport() -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = crate::i18n::t();
    let ti = t.contacts_import();
    let step = RwSignal::new(Step::Idle);
    let choices = RwSignal::new(Vec::<Choice>::new());

    let review = move |parsed: Vec<Result<Contact, Broken>>| {
        let mut contacts = Vec::new();
        let mut broken = Vec::new();
        for (n, p) in parsed.into_iter().enumerate() {
            // The same range checks as a backup import (dates 1900–2200, lengths…).
            match p.and_then(|c| {
                bakkal_core::io::checks::check_contact(&c)
                    .map(|_| c)
                    .map_err(|error| Broken::Range {
                        number: n + 1,
                        error,
                    })
            }) {
                Ok(c) => contacts.push(c),
                Err(e) => broken.push(e),
            }
        }
        if contacts.is_empty() {
            let why = broken
                .first()
                .map(Broken::text)
                .unwrap_or_else(|| ti.holds_no_contacts.into());
            return step.set(Step::Refused((ti.none_read)(&why)));
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
        // The file is read and parsed in the backup worker (the vCard and CSV readers live
        // in its module, not the page's).
        leptos::task::spawn_local(async move {
            let request = Request::ReadContacts {
                lang: crate::i18n::lang().code().into(),
            };
            let refused = |why: String| {
                let _ = step.try_set(Step::Refused(why));
            };
            match handle::ask(Job::Contacts, &request, Some(&file)).await {
                (Reply::Cards(cards), _) => review(
                    cards
                        .into_iter()
                        .map(|c| match c {
                            Card::Ok(c) => Ok(*c),
                            Card::Broken { number, reason } => Err(Broken::Card { number, reason }),
                        })
                        .collect(),
                ),
                (Reply::Rows(rows), _) => {
                    let mapping = guess_mapping(rows.first().map(Vec::as_slice).unwrap_or(&[]));
                    let _ = step.try_set(Step::Mapping { rows, mapping });
                }
                (Reply::Refused(why), _) => refused(why),
                (Reply::Crashed(why), _) => refused((t.backup().worker_stopped)(&why)),
                (other, _) => refused(format!("{other:?}")),
            }
        });
    };

    view! {
        <section class="card">
            <h2>{ti.title}</h2>
            <p>{ti.intro}</p>
            <div class="field">
                <label for="contacts-file">{ti.contacts_file}</label>
                <input id="contacts-file" type="file" accept=".vcf,.vcard,.csv,text/vcard,text/csv" on:change=on_file />
            </div>
            {move || chosen.get().map(|n| view! { <p class="chosen-file">{(t.backup().chosen_file)(&n)}</p> })}
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
                        <div class="mapping" role="region" aria-label=ti.mapping_label>
                            <p>{ti.mapping_intro}</p>
                            <div class="table-scroll">
                                <table>
                                    <thead><tr>{headers.iter().enumerate().map(|(i, h)| view! {
                                        <th>
                                            <label for=format!("col-{i}")>{(ti.column)(i + 1, h)}</label>
                                            <select id=format!("col-{i}") on:change=move |ev| {
                                                let v = event_target_value(&ev);
                                                let target = Target::from_key(&v).unwrap_or(Target::Ignore);
                                                mapping_signal.update(|m| if let Some(x) = m.get_mut(i) { *x = target });
                                            }>
                                                {Target::ALL.iter().map(|target| view! {
                                                    <option value=target.key() selected=move || mapping_signal.with(|m| m.get(i) == Some(target))>{(ti.target)(*target)}</option>
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
                                    let parsed = rows_to_contacts(&body, &mapping_signal.get_untracked(), browser::now(), new_id)
                                        .into_iter()
                                        .map(|r| r.map_err(Broken::Row))
                                        .collect();
                                    review(parsed);
                                }>{ti.continue_}</button>
                                <button on:click=move |_| step.set(Step::Idle)>{ti.cancel}</button>
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
                            match state.save_bulk(bakkal_core::io::backup::Records { contacts: write, ..Default::default() }).await {
                                Ok(()) => step.set(Step::Done((ti.imported)(count))),
                                Err(e) => step.set(Step::Refused(e.to_string())),
                            }
                        });
                    };
                    view! {
                        <div class="preview" role="region" aria-label=ti.review_label>
                            <p>{(ti.n_ready)(n)}</p>
                            {(!broken.is_empty()).then(|| view! {
                                <p>{(ti.n_broken)(broken.len())}</p>
                                <ul class="broken">{broken.iter().map(|b| view! { <li>{b.text()}</li> }).collect_view()}</ul>
                            })}
                            {(!dup_rows.is_empty()).then(|| {
                                let many = dup_rows.len() > MANY_DUPLICATES;
                                let dup_ids: Vec<usize> = dup_rows.iter().map(|(i, _, _)| *i).collect();
                                let rows = dup_rows.into_iter().map(|(i, theirs, mine)| view! {
                                    <li>
                                        <label for=format!("dup-{i}")>{(ti.already_here)(&theirs, &mine)}</label>
                                        <select id=format!("dup-{i}")
                                            prop:value=move || choices.with(|cs| choice_value(cs.get(i).copied().unwrap_or(Choice::Skip)))
                                            on:change=move |ev| {
                                                let c = parse_choice(&event_target_value(&ev));
                                                choices.update(|cs| if let Some(x) = cs.get_mut(i) { *x = c });
                                            }>
                                            <option value="skip">{ti.skip}</option>
                                            <option value="merge">{ti.merge_into_existing}</option>
                                            <option value="create">{ti.create_anyway}</option>
                                        </select>
                                    </li>
                                }).collect_view();
                                view! {
                                    <p>{(ti.n_duplicates)(dup_ids.len())}</p>
                                    <div class="field">
                                        <label for="dup-all">{ti.for_all}</label>
                                        <select id="dup-all" on:change=move |ev| {
                                            let c = parse_choice(&event_target_value(&ev));
                                            choices.update(|cs| for i in &dup_ids { if let Some(x) = cs.get_mut(*i) { *x = c } });
                                        }>
                                            <option value="skip">{ti.skip}</option>
                                            <option value="merge">{ti.merge_into_existing}</option>
                                            <option value="create">{ti.create_anyway}</option>
                                        </select>
                                    </div>
                                    // Thousands of rows are no choice to make one by one: folded away.
                                    <details open=!many>
                                        <summary>{ti.one_by_one}</summary>
                                        <ul class="dups">{rows}</ul>
                                    </details>
                                }
                            })}
                            <div class="actions">
                                <button class="primary" on:click=import>{ti.import}</button>
                                <button on:click=move |_| step.set(Step::Idle)>{ti.cancel}</button>
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
