//! One contact, everything about it, with Edit and Delete.

use super::common::{date_label, relative_days};
use crate::browser;
use crate::state::AppState;
use bakkal_core::analysis::value::Relationship;
use bakkal_core::route::Route;
use bakkal_core::{Contact, ContactId, Kind, Organisation, Stage};
use leptos::prelude::*;

#[component]
pub fn ContactPage(id: ContactId) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = crate::i18n::t().contact();
    let contact = Memo::new(move |_| state.book.with(|b| b.get(id).cloned()));
    move || match contact.get() {
        Some(c) => view! { <Details c /> }.into_any(),
        None => view! {
            <section>
                <h1>{t.not_found}</h1>
                <p>{t.not_found_text}
                    <a href="#/contacts">{t.back_to_contacts}</a></p>
            </section>
        }
        .into_any(),
    }
}

/// Versions of this contact edited elsewhere that lost a conflict (another device's backup
/// or, later, sync): what differs, and a choice.
#[component]
fn Conflicts(c: Contact) -> impl IntoView {
    use bakkal_core::model::rev::{differing_fields, live_conflicts};
    let state = expect_context::<AppState>();
    let t = crate::i18n::t().contact();
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
                    .unwrap_or_else(|| t.unknown_date.into());
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
                .map(|_| t.conflict_resolved.to_string());
            state.report(r);
            busy.try_set(false);
        });
    };
    shown
        .into_iter()
        .map(|(rev, when, fields)| {
            let title = (t.edited_elsewhere)(&when);
            view! {
                <section class="card conflict" role="region" aria-label=title.clone()>
                    <h2>{title.clone()}</h2>
                    <p>{t.conflict_text}</p>
                    <table>
                        <thead><tr><th scope="col">{t.col_field}</th><th scope="col">{t.col_shown}</th><th scope="col">{t.col_other}</th></tr></thead>
                        <tbody>
                            {fields.into_iter().map(|(f, mine, other)| view! {
                                <tr><th scope="row">{super::common::field_label(&f)}</th><td>{shown_value(&f, &mine)}</td><td>{shown_value(&f, &other)}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <div class="actions">
                        <button class="primary" disabled=move || busy.get() on:click={let rev = rev.clone(); move |_| pick(Some(rev.clone()))}>{t.use_this_version}</button>
                        <button disabled=move || busy.get() on:click=move |_| pick(None)>{t.keep_shown_version}</button>
                    </div>
                </section>
            }
        })
        .collect_view()
}

/// A field's value in a conflict table: stages and kinds by their names, the rest as
/// stored (lists joined, empty as a dash).
fn shown_value(field: &str, v: &serde_json::Value) -> String {
    let common = crate::i18n::t().common();
    let word = v.as_str();
    let named = match field {
        "stage" => word.and_then(Stage::parse).map(common.stage),
        "kind" => match word {
            Some("person") => Some((common.contact_kind)(Kind::Person)),
            Some("organisation") => Some((common.contact_kind)(Kind::Organisation)),
            _ => None,
        },
        _ => None,
    };
    match named {
        Some(n) => n.to_string(),
        None => bakkal_core::model::rev::display_value(v),
    }
}

#[component]
fn Details(c: Contact) -> impl IntoView {
    let state = expect_context::<AppState>();
    let texts = crate::i18n::t();
    let t = texts.contact();
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
    let kind = (texts.common().contact_kind)(c.kind);
    let tz = state.tz();
    let stamp = move |at| crate::i18n::date_time(tz.local_datetime(at));
    let deleting = RwSignal::new(false);
    let entry_label = |l: &str| (t.entry_label)(l).map_or_else(|| l.to_string(), str::to_string);

    view! {
        <article class="contact">
            <div class="page-head">
                <div class="title">
                    <h1>{c.display_name.clone()}</h1>
                    <p class="sub">
                        {move || {
                            let st = standing_of(&state, id);
                            view! { <span class=st.class()>{texts.common().relationship(st)}</span> }
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
                    <button class="primary" on:click=move |_| state.go(Route::LogInteraction(id))>{t.log_interaction}</button>
                    <button on:click=move |_| state.go(Route::AddFollowUp(id))>{t.add_follow_up}</button>
                    <button on:click=move |_| state.go(Route::EditContact(id))>{texts.common().edit}</button>
                    <button on:click=move |_| state.go(Route::MergeContact(id, None))>{t.merge_with}</button>
                    <button class="danger" disabled=move || deleting.get() on:click=move |_| {
                        deleting.set(true);
                        leptos::task::spawn_local(async move {
                            state.delete(id).await;
                            state.go(Route::contacts(""));
                        });
                    }>{texts.common().delete}</button>
                </div>
            </div>
            <Conflicts c=c.clone() />
            <Stats id />
            <dl class="facts">
                {(!c.given_name.is_empty() || !c.family_name.is_empty()).then(|| view! {
                    <dt>{t.full_name}</dt><dd>{format!("{} {}", c.given_name, c.family_name).trim().to_string()}</dd>
                })}
                {(!c.emails.is_empty()).then(|| view! {
                    <dt>{t.email}</dt>
                    <dd><ul class="plain">{c.emails.iter().map(|e| view! {
                        <li>{match bakkal_core::model::contact::mailto_link(&e.value) {
                            Some(href) => view! { <a href=href>{e.value.clone()}</a> }.into_any(),
                            None => view! { <span>{e.value.clone()}</span> }.into_any(),
                        }} <span class="label">{entry_label(&e.label)}</span></li>
                    }).collect_view()}</ul></dd>
                })}
                {(!c.phones.is_empty()).then(|| view! {
                    <dt>{t.phone}</dt>
                    <dd><ul class="plain">{c.phones.iter().map(|p| view! {
                        <li><a href=format!("tel:{}", p.value.replace(' ', ""))>{p.value.clone()}</a> <span class="label">{entry_label(&p.label)}</span></li>
                    }).collect_view()}</ul></dd>
                })}
                {(!c.addresses.is_empty()).then(|| view! {
                    <dt>{t.address}</dt>
                    <dd><ul class="plain">{c.addresses.iter().map(|a| {
                        let line = [&a.street, &a.postcode, &a.city, &a.region, &a.country]
                            .iter().filter(|s| !s.is_empty()).map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
                        view! { <li>{line}</li> }
                    }).collect_view()}</ul></dd>
                })}
                {(!website.is_empty()).then(|| view! {
                    <dt>{t.website}</dt>
                    <dd>{match web_link {
                        Some(href) => view! { <a href=href rel="noopener noreferrer" target="_blank">{website.clone()}</a> }.into_any(),
                        None => view! { <span>{website.clone()}</span> }.into_any(),
                    }}</dd>
                })}
                {(!c.tags.is_empty()).then(|| view! {
                    <dt>{t.tags}</dt>
                    <dd><ul class="tag-list">{c.tags.iter().map(|t| {
                        let href = Route::contacts(t.clone()).to_hash();
                        view! { <li><a class="tag" href=href>{t.clone()}</a></li> }
                    }).collect_view()}</ul></dd>
                })}
                {(!c.source.is_empty()).then(|| view! { <dt>{t.source}</dt><dd>{c.source.clone()}</dd> })}
                {referrer.map(|(name, href)| view! { <dt>{t.referred_by}</dt><dd><a href=href>{name}</a></dd> })}
                {c.birthday.map(|d| view! { <dt>{t.birthday}</dt><dd>{crate::i18n::date(d)}</dd> })}
                {c.custom.iter().map(|f| view! { <dt>{f.name.clone()}</dt><dd>{f.value.clone()}</dd> }).collect_view()}
                <dt>{t.added}</dt><dd>{stamp(c.created_at)}</dd>
                <dt>{t.last_changed}</dt><dd>{stamp(c.updated_at)}</dd>
            </dl>
            {(!c.notes.is_empty()).then(|| view! {
                <section class="notes"><h2>{t.notes}</h2><p class="pre">{c.notes.clone()}</p></section>
            })}
            <ContactFollowUps id />
            <ContactDeals id />
            <Timeline id />
            {(!members.is_empty()).then(|| view! {
                <section><h2>{t.people}</h2><ul class="plain">{members.into_iter().map(|(n, href)| view! {
                    <li><a href=href>{n}</a></li>
                }).collect_view()}</ul></section>
            })}
        </article>
    }
}

/// The contact's deals, open ones first (`analysis::pipeline::of_contact`), with **New deal**.
#[component]
fn ContactDeals(id: ContactId) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = crate::i18n::t().deal();
    let deals = Memo::new(move |_| {
        state.deals.with(|ds| {
            use bakkal_core::analysis::pipeline::{of_contact, pick};
            pick(ds, &of_contact(ds, id))
                .into_iter()
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="contact-deals" aria-labelledby="contact-deals">
            <div class="section-head">
                <h2 id="contact-deals">{t.deals_of_contact}</h2>
                <a class="button" href=Route::NewDeal(Some(id)).to_hash()>{t.new_deal}</a>
            </div>
            {move || {
                let list = deals.get();
                if list.is_empty() {
                    return view! { <p class="empty">{t.no_deals_of_contact}</p> }.into_any();
                }
                let p = state.pipeline.get_untracked();
                view! {
                    <ul class="plain">
                        {list.into_iter().map(|d| {
                            let line = super::deal_page::status_line(&d, &p);
                            let amount = d.value().map(|m| format!(" · {}", crate::i18n::money(&m)));
                            view! { <li><a href=Route::Deal(d.id).to_hash()>{d.title.clone()}</a>
                                <span class="muted">" · " {line} {amount}</span></li> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// Last contact, total purchases and usual rhythm, from the history in memory.
#[component]
fn Stats(id: ContactId) -> impl IntoView {
    use bakkal_core::analysis::history::{purchase_totals, rhythm};
    let state = expect_context::<AppState>();
    let texts = crate::i18n::t();
    let t = texts.contact();
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
                .map(crate::i18n::money)
                .collect::<Vec<_>>()
                .join(" + ");
            let rhythm = rhythm(h, tz).map(|r| (t.rhythm)(r.usual_days, r.purchases));
            (last, totals, rhythm)
        })
    });
    view! {
        <dl class="stats">
            <div><dt>{t.last_contact}</dt><dd>{move || stats.with(|s| s.0.clone()).unwrap_or_else(|| t.never.into())}</dd></div>
            <div><dt>{t.total_purchases}</dt><dd>{move || stats.with(|s| if s.1.is_empty() { t.none_yet.to_string() } else { s.1.clone() })}</dd></div>
            <div><dt>{t.usual_rhythm}</dt><dd>{move || stats.with(|s| s.2.clone()).unwrap_or_else(|| t.not_enough_history.into())}</dd></div>
            <div><dt>{t.status}</dt><dd data-testid="status">{move || {
                let st = standing_of(&state, id);
                let label = texts.common().relationship(st);
                match texts.common().relationship_note(st) {
                    Some(n) => format!("{label} — {n}"),
                    None => label.to_string(),
                }
            }}</dd></div>
            <div class="wide"><dt>{t.value}</dt><dd data-testid="value-tier">{move || state.scoring.with(|s| s.get(id).map(t.value_explained))
                .unwrap_or_else(|| t.not_ranked.into())}</dd></div>
        </dl>
    }
}

/// This contact's open follow-ups.
#[component]
fn ContactFollowUps(id: ContactId) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = crate::i18n::t().contact();
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
                <h2>{t.follow_ups}</h2>
                <ul class="items">
                    <For each=move || mine.get() key=|f| f.id let:f>
                        {
                            let fid = f.id;
                            let days = (f.due - today).num_days();
                            view! {
                                <li>
                                    <div class="what">{if f.note.is_empty() { t.follow_up.to_string() } else { f.note.clone() }}</div>
                                    <div class="when" class:overdue=days < 0>{format!("{} ({})", date_label(f.due), relative_days(days))}</div>
                                    <button on:click=move |_| leptos::task::spawn_local(state.mark_follow_up_done(fid))>{t.mark_done}</button>
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
    use bakkal_core::analysis::timeline::by_month;
    use bakkal_core::{Channel, InteractionKind};
    let state = expect_context::<AppState>();
    let texts = crate::i18n::t();
    let t = texts.contact();
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
                            chrono::NaiveDate::from_ymd_opt(y, m, 1)
                                .map(crate::i18n::month)
                                .unwrap_or_default(),
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
                <h2>{t.timeline}</h2>
                <div class="filters">
                    <label>{t.show_channel}
                        <select on:change=move |ev| channel.set(event_target_value(&ev))>
                            <option value="">{t.all_channels}</option>
                            {Channel::ALL.iter().map(|&c| view! { <option value=c.as_str()>{(texts.common().channel)(c)}</option> }).collect_view()}
                        </select>
                    </label>
                    <label>{t.show_type}
                        <select on:change=move |ev| kind.set(event_target_value(&ev))>
                            <option value="">{t.all_types}</option>
                            {InteractionKind::ALL.iter().map(|&k| view! { <option value=k.as_str()>{(texts.common().kind)(k)}</option> }).collect_view()}
                        </select>
                    </label>
                </div>
            </div>
            {move || match groups() {
                None => view! { <p class="loading">{t.loading}</p> }.into_any(),
                Some(Err(e)) => view! { <p role="alert">{e}</p> }.into_any(),
                Some(Ok(groups)) if groups.is_empty() => view! {
                    <ol aria-label=t.timeline></ol>
                    <p class="empty">{t.timeline_empty}</p>
                }.into_any(),
                Some(Ok(groups)) => view! {
                    <ol aria-label=t.timeline class="months">
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
    let texts = crate::i18n::t();
    let t = texts.contact();
    let when = super::common::when_label(&i, tz);
    let status = i.status.map(|s| match s {
        bakkal_core::Status::Open => t.open.to_string(),
        bakkal_core::Status::Resolved { on } => (t.resolved_on)(&date_label(on)),
    });
    let edit = Route::EditInteraction(i.contact_id, i.id).to_hash();
    let summary = i.summary.clone();
    // A proposal starts a deal; once it has, it links to it.
    let deal_link = match (i.kind, i.deal_id.and_then(|d| state.deal(d))) {
        (_, Some(d)) => Some(
            view! {
                <a href=Route::Deal(d.id).to_hash()>{(texts.deal().proposal_of)(&d.title)}</a>
            }
            .into_any(),
        ),
        (bakkal_core::InteractionKind::Proposal, None) => Some(
            view! {
                <a class="button" href=Route::DealFromProposal(i.contact_id, i.id).to_hash()
                    aria-label=(texts.deal().start_deal_from)(&summary)>{texts.deal().start_deal}</a>
            }
            .into_any(),
        ),
        _ => None,
    };
    let to_delete = i.clone();
    let delete = move |_| {
        let base = to_delete.clone();
        let mut d = base.clone();
        d.tombstone(browser::now());
        leptos::task::spawn_local(async move {
            let r = state
                .save_interaction(d, Some(base), None)
                .await
                .map(|_| t.interaction_deleted.to_string());
            state.report(r);
        });
    };
    view! {
        <li class="entry">
            <div class="when">{when}</div>
            <div class="what">
                <span class="kind">{format!("{} · {} · {}", (texts.common().kind)(i.kind), (texts.common().channel)(i.channel), (texts.common().direction)(i.direction))}</span>
                <span class="summary">{i.summary.clone()}</span>
                {i.amount.as_ref().map(|m| view! { <span class="amount">{crate::i18n::money(m)}</span> })}
                {(!i.product.is_empty()).then(|| view! { <span class="label">{i.product.clone()}</span> })}
                {status.map(|s| view! { <span class="status">{s}</span> })}
                {(!i.details.is_empty()).then(|| view! { <p class="pre details">{i.details.clone()}</p> })}
            </div>
            <div class="row-actions">
                {deal_link}
                <a class="button" href=edit aria-label=(t.edit_entry)(&summary)>{texts.common().edit}</a>
                <button aria-label=(t.delete_entry)(&i.summary) on:click=delete>{texts.common().delete}</button>
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
