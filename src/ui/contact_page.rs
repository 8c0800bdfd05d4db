//! One contact, everything about it, with Edit and Delete.

use crate::browser;
use crate::state::AppState;
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
                        <span class=format!("stage {}", c.stage.as_str())>{c.stage.label()}</span>
                        " " {kind}
                        {(!c.job_title.is_empty()).then(|| format!(" · {}", c.job_title))}
                        {org_name.map(|n| view! { " · " {match org_link {
                            Some(href) => view! { <a href=href>{n}</a> }.into_any(),
                            None => view! { <span>{n}</span> }.into_any(),
                        }} })}
                    </p>
                </div>
                <div class="actions">
                    <button on:click=move |_| state.go(Route::EditContact(id))>"Edit"</button>
                    <button class="danger" disabled=move || deleting.get() on:click=move |_| {
                        deleting.set(true);
                        leptos::task::spawn_local(async move {
                            state.delete(id).await;
                            state.go(Route::default());
                        });
                    }>"Delete"</button>
                </div>
            </div>
            <dl class="facts">
                {(!c.given_name.is_empty() || !c.family_name.is_empty()).then(|| view! {
                    <dt>"Full name"</dt><dd>{format!("{} {}", c.given_name, c.family_name).trim().to_string()}</dd>
                })}
                {(!c.emails.is_empty()).then(|| view! {
                    <dt>"E-mail"</dt>
                    <dd><ul class="plain">{c.emails.iter().map(|e| view! {
                        <li><a href=format!("mailto:{}", e.value)>{e.value.clone()}</a> <span class="label">{e.label.clone()}</span></li>
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
                        let href = Route::Contacts { q: t.clone() }.to_hash();
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
            {(!members.is_empty()).then(|| view! {
                <section><h2>"People"</h2><ul class="plain">{members.into_iter().map(|(n, href)| view! {
                    <li><a href=href>{n}</a></li>
                }).collect_view()}</ul></section>
            })}
        </article>
    }
}
