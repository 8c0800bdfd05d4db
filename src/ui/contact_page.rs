//! One contact, everything about it, with Edit and Delete.

use super::common::{date_label, relative_days};
use crate::browser;
use crate::state::AppState;
use bakkal_core::analysis::value::Relationship;
use bakkal_core::route::Route;
use bakkal_core::{Contact, ContactId, Kind, Organisation};
use leptos::prelude::*;

#[component]
pub fn ContactPage(id: ContactId) -> impl IntoView {
    let state = expect_context::<AppState>();
    let contact = Memo::new(move |_| state.book.with(|b| b.get(id).cloned()));
    move || match contact.get() {
        Some(c) => view! { <Details c /> }.into_any(),
        None => view! {
            <section>
                <h1>"Contact not found"</h1>
                <p>"This contact does not exist in this browser, or it was deleted. "
                    <a href="#/contacts">"Back to contacts"</a></p>
            </section>
        }
        .into_any(),
    }
}

/// Versions of this contact edited elsewhere that lost a conflict (another device's backup
/// or, later, sync): what differs, and a choice.
#[component]
fn Conflicts(c: Contact) -> impl IntoView {
    use bakkal_core::model::rev::{differing_fields, display_value, live_conflicts};
    let state = expect_context::<AppState>();
    let id = c.id;
    let shown: Vec<_> = live_conflicts(&c)
        .filter_map(|leaf| {
            let fields = differing_fields(&c, leaf);
            // A version that differs only in edit time is no choice to make.
            (!fields.is_empty()).then(|| {
                let when = leaf
                    .doc
                    .as_ref()
                    .and_then(|d| d.get("updated_at"))
                    .and_then(|v| {
                        serde_json::from_value::<chrono::DateTime<chrono::Utc>>(v.clone()).ok()
                    })
                    .map(|t| date_label(state.tz().local_date(t)))
                    .unwrap_or_else(|| "an unknown date".into());
                (leaf.rev(), when, fields)
            })
        })
        .collect();
    let busy = RwSignal::new(false);
    let pick = move |choice: Option<bakkal_core::model::rev::Rev>| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let r = state
                .use_version(id, choice)
                .await
                .map(|_| "Conflict resolved: the other versions are set aside.".to_string());
            state.report(r);
            busy.try_set(false);
        });
    };
    shown
        .into_iter()
        .map(|(rev, when, fields)| {
            let title = format!("Also edited elsewhere on {when}");
            view! {
                <section class="card conflict" role="region" aria-label=title.clone()>
                    <h2>{title.clone()}</h2>
                    <p>"Two devices changed this contact independently. The version shown here was picked by the rules every copy of the book follows; the other one is kept until you choose."</p>
                    <table>
                        <thead><tr><th scope="col">"Field"</th><th scope="col">"Shown"</th><th scope="col">"Other version"</th></tr></thead>
                        <tbody>
                            {fields.into_iter().map(|(f, mine, other)| view! {
                                <tr><th scope="row">{super::common::field_label(&f)}</th><td>{display_value(&mine)}</td><td>{display_value(&other)}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <div class="actions">
                        <button class="primary" disabled=move || busy.get() on:click={let rev = rev.clone(); move |_| pick(Some(rev.clone()))}>"Use this version"</button>
                        <button disabled=move || busy.get() on:click=move |_| pick(None)>"Keep the shown version"</button>
                    </div>
                </section>
            }
        })
        .collect_view()
}

#[component]
fn Details(c: Contact) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = c.id;
    let (org_name, org_link) = state.book.with_untracked(|b| {
        let name = b.organisation_name(&c).map(str::to_string);
        let link = match c.organisation {
            Some(Organisation::Linked(oid)) => Some(Route::Contact(oid).to_hash()),
            _ => None,
        };
        (name, link)
    });
    let referrer = c.referred_by.and_then(|rid| {
        state.book.with_untracked(|b| {
            b.get(rid)
                .map(|r| (r.display_name.clone(), Route::Contact(rid).to_hash()))
        })
    });
    let members: Vec<(String, String)> = if c.kind == Kind::Organisation {
        state.book.with_untracked(|b| {
            b.iter()
                .filter(|m| m.organisation == Some(Organisation::Linked(id)))
                .map(|m| (m.display_name.clone(), Route::Contact(m.id).to_hash()))
                .collect()
        })
    } else {
        Vec::new()
    };
    let website = c.website.clone();
    let web_link = bakkal_core::model::contact::safe_web_link(&website);
    let kind = match c.kind {
        Kind::Person => "Person",
        Kind::Organisation => "Organisation",
    };
    let deleting = RwSignal::new(false);

    view! {
        <article class="contact">
            <div class="page-head">
                <div class="title">
                    <h1>{c.display_name.clone()}</h1>
                    <p class="sub">
                        {move || {
                            let st = standing_of(&state, id);
                            view! { <span class=st.class()>{st.label()}</span> }
                        }}
                        " " {kind}
                        {(!c.job_title.is_empty()).then(|| format!(" · {}", c.job_title))}
                        {org_name.map(|n| view! { " · " {match org_link {
                            Some(href) => view! { <a href=href>{n}</a> }.into_any(),
                            None => view! { <span>{n}</span> }.into_any(),
                        }} })}
                    </p>
                </div>
                <div class="actions">
                    <button class="primary" on:click=move |_| state.go(Route::LogInteraction(id))>"Log interaction"</button>
                    <button on:click=move |_| state.go(Route::AddFollowUp(id))>"Add follow-up"</button>
                    <button on:click=move |_| state.go(Route::EditContact(id))>"Edit"</button>
                    <button on:click=move |_| state.go(Route::MergeContact(id, None))>"Merge with…"</button>
                    <button class="danger" disabled=move || deleting.get() on:click=move |_| {
                        deleting.set(true);
                        leptos::task::spawn_local(async move {
                            state.delete(id).await;
                            state.go(Route::contacts(""));
                        });
                    }>"Delete"</button>
                </div>
            </div>
            <Conflicts c=c.clone() />
            <Stats id />
            <dl class="facts">
                {(!c.given_name.is_empty() || !c.family_name.is_empty()).then(|| view! {
                    <dt>"Full name"</dt><dd>{format!("{} {}", c.given_name, c.family_name).trim().to_string()}</dd>
                })}
                {(!c.emails.is_empty()).then(|| view! {
                    <dt>"E-mail"</dt>
                    <dd><ul class="plain">{c.emails.iter().map(|e| view! {
                        <li>{match bakkal_core::model::contact::mailto_link(&e.value) {
                            Some(href) => view! { <a href=href>{e.value.clone()}</a> }.into_any(),
                            None => view! { <span>{e.value.clone()}</span> }.into_any(),
                        }} <span class="label">{e.label.clone()}</span></li>
                    }).collect_view()}</ul></dd>
                })}
                {(!c.phones.is_empty()).then(|| view! {
                    <dt>"Phone"</dt>
                    <dd><ul class="plain">{c.phones.iter().map(|p| view! {
                        <li><a href=format!("tel:{}", p.value.replace(' ', ""))>{p.value.clone()}</a> <span class="label">{p.label.clone()}</span></li>
                    }).collect_view()}</ul></dd>
                })}
                {(!c.addresses.is_empty()).then(|| view! {
                    <dt>"Address"</dt>
                    <dd><ul class="plain">{c.addresses.iter().map(|a| {
                        let line = [&a.street, &a.postcode, &a.city, &a.region, &a.country]
                            .iter().filter(|s| !s.is_empty()).map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
                        view! { <li>{line}</li> }
                    }).collect_view()}</ul></dd>
                })}
                {(!website.is_empty()).then(|| view! {
                    <dt>"Website"</dt>
                    <dd>{match web_link {
                        Some(href) => view! { <a href=href rel="noopener noreferrer" target="_blank">{website.clone()}</a> }.into_any(),
                        None => view! { <span>{website.clone()}</span> }.into_any(),
                    }}</dd>
                })}
                {(!c.tags.is_empty()).then(|| view! {
                    <dt>"Tags"</dt>
                    <dd><ul class="tag-list">{c.tags.iter().map(|t| {
                        let href = Route::contacts(t.clone()).to_hash();
                        view! { <li><a class="tag" href=href>{t.clone()}</a></li> }
                    }).collect_view()}</ul></dd>
                })}
                {(!c.source.is_empty()).then(|| view! { <dt>"Source"</dt><dd>{c.source.clone()}</dd> })}
                {referrer.map(|(name, href)| view! { <dt>"Referred by"</dt><dd><a href=href>{name}</a></dd> })}
                {c.birthday.map(|d| view! { <dt>"Birthday"</dt><dd>{d.format("%-d %B %Y").to_string()}</dd> })}
                {c.custom.iter().map(|f| view! { <dt>{f.name.clone()}</dt><dd>{f.value.clone()}</dd> }).collect_view()}
                <dt>"Added"</dt><dd>{browser::local_datetime(c.created_at)}</dd>
                <dt>"Last changed"</dt><dd>{browser::local_datetime(c.updated_at)}</dd>
            </dl>
            {(!c.notes.is_empty()).then(|| view! {
                <section class="notes"><h2>"Notes"</h2><p class="pre">{c.notes.clone()}</p></section>
            })}
            <ContactFollowUps id />
            <Timeline id />
            {(!members.is_empty()).then(|| view! {
                <section><h2>"People"</h2><ul class="plain">{members.into_iter().map(|(n, href)| view! {
                    <li><a href=href>{n}</a></li>
                }).collect_view()}</ul></section>
            })}
        </article>
    }
}

/// Last contact, total purchases and usual rhythm, from the history in memory.
#[component]
fn Stats(id: ContactId) -> impl IntoView {
    use bakkal_core::analysis::history::{purchase_totals, rhythm};
    let state = expect_context::<AppState>();
    let tz = state.tz();
    let today = tz.local_date(browser::now());
    let stats = Memo::new(move |_| {
        state.book.with(|b| {
            let h = b.history(id);
            let last = b.last_contact(id).map(|t| {
                let d = tz.local_date(t);
                format!(
                    "{} ({})",
                    date_label(d),
                    relative_days((d - today).num_days())
                )
            });
            let totals = purchase_totals(h)
                .iter()
                .map(|m| m.to_string())
                .collect::<Vec<_>>()
                .join(" + ");
            let rhythm = rhythm(h, tz).map(|r| {
                format!(
                    "every {} days{}",
                    r.usual_days,
                    if r.purchases { " (purchases)" } else { "" }
                )
            });
            (last, totals, rhythm)
        })
    });
    view! {
        <dl class="stats">
            <div><dt>"Last contact"</dt><dd>{move || stats.with(|s| s.0.clone()).unwrap_or_else(|| "never".into())}</dd></div>
            <div><dt>"Total purchases"</dt><dd>{move || stats.with(|s| if s.1.is_empty() { "none yet".to_string() } else { s.1.clone() })}</dd></div>
            <div><dt>"Usual rhythm"</dt><dd>{move || stats.with(|s| s.2.clone()).unwrap_or_else(|| "not enough history yet".into())}</dd></div>
            <div><dt>"Status"</dt><dd data-testid="status">{move || {
                let st = standing_of(&state, id);
                match st.note() {
                    Some(n) => format!("{} — {n}", st.label()),
                    None => st.label().to_string(),
                }
            }}</dd></div>
            <div class="wide"><dt>"Value"</dt><dd data-testid="value-tier">{move || state.scoring.with(|s| s.get(id).map(|s| s.explain()))
                .unwrap_or_else(|| "Not ranked: contacts join the pyramid with their first purchase.".into())}</dd></div>
        </dl>
    }
}

/// This contact's open follow-ups.
#[component]
fn ContactFollowUps(id: ContactId) -> impl IntoView {
    let state = expect_context::<AppState>();
    let tz = state.tz();
    let today = tz.local_date(browser::now());
    let mine = Memo::new(move |_| {
        state.follow_ups.with(|fs| {
            fs.iter()
                .filter(|f| f.contact_id == id && f.is_open())
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    view! {
        <Show when=move || !mine.with(Vec::is_empty)>
            <section class="card">
                <h2>"Follow-ups"</h2>
                <ul class="items">
                    <For each=move || mine.get() key=|f| f.id let:f>
                        {
                            let fid = f.id;
                            let days = (f.due - today).num_days();
                            view! {
                                <li>
                                    <div class="what">{if f.note.is_empty() { "Follow up".to_string() } else { f.note.clone() }}</div>
                                    <div class="when" class:overdue=days < 0>{format!("{} ({})", date_label(f.due), relative_days(days))}</div>
                                    <button on:click=move |_| leptos::task::spawn_local(state.mark_follow_up_done(fid))>"Mark done"</button>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </section>
        </Show>
    }
}

/// The contact's interactions, newest first, grouped by month, filterable.
#[component]
fn Timeline(id: ContactId) -> impl IntoView {
    use bakkal_core::analysis::timeline::{by_month, month_name};
    use bakkal_core::{Channel, InteractionKind};
    let state = expect_context::<AppState>();
    let tz = state.tz();
    let items = LocalResource::new(move || {
        state.revision.track();
        state.timeline(id)
    });
    let channel = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let groups = move || {
        items.get().map(|r| match r {
            Err(e) => Err(e.to_string()),
            Ok(list) => {
                let ch = Channel::parse(&channel.get());
                let ty = InteractionKind::parse(&kind.get());
                let shown: Vec<&bakkal_core::Interaction> = list
                    .iter()
                    .filter(|i| ch.is_none_or(|c| i.channel == c) && ty.is_none_or(|t| i.kind == t))
                    .collect();
                Ok(by_month(&shown, tz)
                    .into_iter()
                    .map(|((y, m), v)| {
                        (
                            format!("{} {y}", month_name(m)),
                            v.into_iter().cloned().collect::<Vec<_>>(),
                        )
                    })
                    .collect::<Vec<_>>())
            }
        })
    };
    view! {
        <section class="card timeline">
            <div class="page-head">
                <h2>"Timeline"</h2>
                <div class="filters">
                    <label>"Show channel "
                        <select on:change=move |ev| channel.set(event_target_value(&ev))>
                            <option value="">"All channels"</option>
                            {Channel::ALL.iter().map(|c| view! { <option value=c.as_str()>{c.label()}</option> }).collect_view()}
                        </select>
                    </label>
                    <label>"Show type "
                        <select on:change=move |ev| kind.set(event_target_value(&ev))>
                            <option value="">"All types"</option>
                            {InteractionKind::ALL.iter().map(|k| view! { <option value=k.as_str()>{k.label()}</option> }).collect_view()}
                        </select>
                    </label>
                </div>
            </div>
            {move || match groups() {
                None => view! { <p class="loading">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! { <p role="alert">{e}</p> }.into_any(),
                Some(Ok(groups)) if groups.is_empty() => view! {
                    <ol aria-label="Timeline"></ol>
                    <p class="empty">"Nothing logged yet. Use Log interaction to record a call, a meeting or a purchase."</p>
                }.into_any(),
                Some(Ok(groups)) => view! {
                    <ol aria-label="Timeline" class="months">
                        {groups.into_iter().map(|(month, entries)| view! {
                            <li>
                                <h3>{month}</h3>
                                <ol class="entries">
                                    {entries.into_iter().map(|i| view! { <TimelineEntry i tz /> }).collect_view()}
                                </ol>
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn TimelineEntry(i: bakkal_core::Interaction, tz: bakkal_core::analysis::Tz) -> impl IntoView {
    let state = expect_context::<AppState>();
    let when = super::common::when_label(&i, tz);
    let status = i.status.map(|s| match s {
        bakkal_core::Status::Open => "open".to_string(),
        bakkal_core::Status::Resolved { on } => format!("resolved {}", date_label(on)),
    });
    let edit = Route::EditInteraction(i.contact_id, i.id).to_hash();
    let summary = i.summary.clone();
    let to_delete = i.clone();
    let delete = move |_| {
        let base = to_delete.clone();
        let mut d = base.clone();
        d.tombstone(browser::now());
        leptos::task::spawn_local(async move {
            let r = state
                .save_interaction(d, Some(base), None)
                .await
                .map(|_| "Interaction deleted.".to_string());
            state.report(r);
        });
    };
    view! {
        <li class="entry">
            <div class="when">{when}</div>
            <div class="what">
                <span class="kind">{format!("{} · {} · {}", i.kind.label(), i.channel.label(), i.direction.label())}</span>
                <span class="summary">{i.summary.clone()}</span>
                {i.amount.as_ref().map(|m| view! { <span class="amount">{m.to_string()}</span> })}
                {(!i.product.is_empty()).then(|| view! { <span class="label">{i.product.clone()}</span> })}
                {status.map(|s| view! { <span class="status">{s}</span> })}
                {(!i.details.is_empty()).then(|| view! { <p class="pre details">{i.details.clone()}</p> })}
            </div>
            <div class="row-actions">
                <a class="button" href=edit aria-label=format!("Edit {summary}")>"Edit"</a>
                <button aria-label=format!("Delete {}", i.summary) on:click=delete>"Delete"</button>
            </div>
        </li>
    }
}

/// The contact's one standing: from its purchases, else the stage chosen.
fn standing_of(state: &AppState, id: ContactId) -> Relationship {
    state
        .facts
        .with(|f| f.get(id).map(|f| f.standing()))
        .unwrap_or_else(|| {
            let stage = state.book.with(|b| b.get(id).map(|c| c.stage));
            Relationship::NoPurchases(stage.unwrap_or_default())
        })
}
