//! **Search everything**: a dialog opened from anywhere (Ctrl+K, ⌘K, `/`, or the header's
//! button) with one field that finds contacts, interactions, follow-ups and deals, and runs
//! commands (go to a page, New contact, Log interaction for …). A combobox over a listbox
//! of grouped options, operable by keyboard alone: ↑ ↓ move, Enter opens, Esc closes and
//! gives the focus back. Matching, ranking and the marked words are the core's
//! (`bakkal_core::everything`); this renders them, as text nodes in `<mark>`s.

use crate::state::AppState;
use bakkal_core::book::Recent;
use bakkal_core::everything::{label_matches, marked, snippet, DocKind};
use bakkal_core::route::{ListOrder, Route};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Hits shown per group (each group says how many it found in all).
const PER_GROUP: usize = 6;
/// Characters of an interaction's details shown around the first match.
const SNIPPET: usize = 90;
const LIST_ID: &str = "everything-list";
const INPUT_ID: &str = "everything-input";

/// Whether the palette is open, and where the focus was before it opened.
#[derive(Clone, Copy)]
pub struct Palette {
    pub open: RwSignal<bool>,
    before: StoredValue<Option<web_sys::HtmlElement>, LocalStorage>,
}

impl Palette {
    pub fn new() -> Self {
        Palette {
            open: RwSignal::new(false),
            before: StoredValue::new_local(None),
        }
    }

    pub fn show(&self) {
        if !self.open.get_untracked() {
            self.before.set_value(active_element());
            self.open.set(true);
        }
    }

    /// Closes it; `restore`: the focus goes back where it was (Escape, Close), not when a
    /// result was opened (the new page takes it).
    pub fn hide(&self, restore: bool) {
        self.open.set(false);
        if let Some(el) = self.before.try_update_value(Option::take).flatten() {
            if restore {
                // Once the page behind is no longer inert (the next frame).
                request_animation_frame(move || {
                    let _ = el.focus();
                });
            }
        }
    }

    /// The app-wide keys: Ctrl+K / ⌘K anywhere, `/` and `?` when not typing in a field.
    pub fn listen(self, state: AppState) {
        let _ = window_event_listener(leptos::ev::keydown, move |ev| {
            let key = ev.key();
            let command = ev.ctrl_key() || ev.meta_key();
            if command && !ev.alt_key() && key.eq_ignore_ascii_case("k") {
                ev.prevent_default();
                self.show();
            } else if key == "Escape" && self.open.get_untracked() {
                // Escape pressed before the field took the focus (it is given a frame after
                // opening) reaches the window, not the dialog: it closes all the same.
                self.hide(true);
            } else if !command && !ev.alt_key() && !typing(&ev) && !self.open.get_untracked() {
                match key.as_str() {
                    "/" => {
                        ev.prevent_default();
                        self.show();
                    }
                    "?" => {
                        ev.prevent_default();
                        state.go(Route::Shortcuts);
                    }
                    _ => {}
                }
            }
        });
    }
}

fn active_element() -> Option<web_sys::HtmlElement> {
    web_sys::window()?
        .document()?
        .active_element()?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()
}

/// Whether the key goes to a field the user types in.
fn typing(ev: &web_sys::KeyboardEvent) -> bool {
    let Some(el) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return false;
    };
    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.is_content_editable()
}

/// One option: where it leads and what it shows.
#[derive(Clone, PartialEq)]
struct Item {
    route: Route,
    title: Vec<(String, bool)>,
    meta: String,
    detail: Vec<(String, bool)>,
    typo: bool,
}

#[derive(Clone, PartialEq)]
struct Group {
    title: String,
    items: Vec<Item>,
}

fn owned(runs: Vec<(&str, bool)>) -> Vec<(String, bool)> {
    runs.into_iter().map(|(s, m)| (s.to_string(), m)).collect()
}

fn plain(s: &str) -> Vec<(String, bool)> {
    vec![(s.to_string(), false)]
}

/// Everything the query finds, in the palette's order. `recent`: the contacts the previous
/// query found, narrowed when the user only typed more (and replaced by this query's).
fn results(state: AppState, query: &str, recent: &mut Option<Recent>) -> Vec<Group> {
    let t = crate::i18n::t();
    let e = t.everything();
    let s = t.shell();
    let q = query.trim();
    let mut groups = Vec::new();

    // Contacts: the book's own search, most recently in touch first.
    // One letter finds commands only, as in the word index below: it matches most of a
    // large book, and the list of contacts is the place to browse it.
    let mut log_for = Vec::new();
    if q.chars().count() >= 2 {
        let found = state.book.with(|b| {
            let found = b.most_recent(q, PER_GROUP, recent.as_ref());
            let items: Vec<(Item, String)> = found
                .ids
                .iter()
                .filter_map(|id| b.get(*id))
                .map(|c| {
                    let org = b.organisation_name(c).unwrap_or("");
                    let item = Item {
                        route: Route::Contact(c.id),
                        title: owned(marked(&c.display_name, q)),
                        meta: org.to_string(),
                        detail: Vec::new(),
                        typo: false,
                    };
                    (item, c.display_name.clone())
                })
                .collect();
            (found, items)
        });
        let (found, items) = found;
        let total = found.total;
        *recent = Some(found);
        if total > 0 {
            log_for = items
                .iter()
                .take(3)
                .map(|(i, name)| (i.route.clone(), name.clone()))
                .collect();
            let mut items: Vec<Item> = items.into_iter().map(|(i, _)| i).collect();
            if total > PER_GROUP {
                items.push(Item {
                    route: Route::Contacts {
                        q: q.to_string(),
                        order: ListOrder::LastContact,
                    },
                    title: plain(&(e.all_contacts)(total)),
                    meta: String::new(),
                    detail: Vec::new(),
                    typo: false,
                });
            }
            groups.push(Group {
                title: (e.group)(e.contacts, total),
                items,
            });
        }
    }

    // Interactions, follow-ups and deals: the word index.
    let tz = state.tz();
    let names = |id| {
        state
            .book
            .with_untracked(|b| b.get(id).map(|c| c.display_name.clone()))
            .unwrap_or_default()
    };
    state.everything.with(|ix| {
        for g in ix.search(q, PER_GROUP) {
            let title = match g.kind {
                DocKind::Interaction => e.interactions,
                DocKind::FollowUp => e.follow_ups,
                DocKind::Deal => e.deals,
            };
            let items = g
                .hits
                .iter()
                .map(|h| {
                    let d = h.doc;
                    let when = chrono::DateTime::from_timestamp(d.at, 0)
                        .map(|at| crate::i18n::date(tz.local_date(at)))
                        .unwrap_or_default();
                    let route = match d.kind {
                        DocKind::Interaction => {
                            Route::EditInteraction(d.contact, bakkal_core::InteractionId(d.id))
                        }
                        DocKind::FollowUp => Route::Contact(d.contact),
                        DocKind::Deal => Route::Deal(bakkal_core::model::deal::DealId(d.id)),
                    };
                    Item {
                        route,
                        title: owned(marked(&d.title, q)),
                        meta: format!("{} · {when}", names(d.contact)),
                        detail: if d.body.is_empty() {
                            Vec::new()
                        } else {
                            snippet(&d.body, q, SNIPPET)
                        },
                        typo: h.typo,
                    }
                })
                .collect();
            groups.push(Group {
                title: (e.group)(title, g.total),
                items,
            });
        }
    });

    // Commands: pages, new records, and logging for the contacts found.
    let pages = [
        (s.nav_today, Route::Today),
        (s.nav_contacts, Route::contacts("")),
        (s.nav_insights, Route::Insights { by: String::new() }),
        (s.nav_activity, Route::Activity(Default::default())),
        (s.nav_follow_ups, Route::FollowUps),
        (s.nav_deals, Route::Deals(Default::default())),
        (s.nav_backup, Route::Backup),
        (s.nav_settings, Route::Settings),
    ];
    let mut commands: Vec<(String, Route)> = vec![
        (e.new_contact.to_string(), Route::NewContact),
        (e.new_deal.to_string(), Route::NewDeal(None)),
    ];
    commands.extend(log_for.into_iter().filter_map(|(r, name)| match r {
        Route::Contact(id) => Some(((e.log_for)(&name), Route::LogInteraction(id))),
        _ => None,
    }));
    commands.extend(pages.into_iter().map(|(p, r)| ((e.go_to)(p), r)));
    commands.push((e.shortcuts.to_string(), Route::Shortcuts));
    let items: Vec<Item> = commands
        .into_iter()
        .filter(|(label, r)| matches!(r, Route::LogInteraction(_)) || label_matches(label, q))
        .map(|(label, route)| Item {
            title: owned(marked(&label, q)),
            route,
            meta: String::new(),
            detail: Vec::new(),
            typo: false,
        })
        .collect();
    if !items.is_empty() {
        let n = items.len();
        let group = Group {
            title: (e.group)(e.commands, n),
            items,
        };
        // With nothing typed the commands are all there is; otherwise records come first.
        if q.is_empty() {
            groups.insert(0, group);
        } else {
            groups.push(group);
        }
    }
    groups
}

fn option_id(n: usize) -> String {
    format!("everything-option-{n}")
}

/// The dialog; `palette` opens and closes it.
#[component]
pub fn SearchEverything(palette: Palette) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = crate::i18n::t();
    let e = t.everything();
    let query = RwSignal::new(String::new());
    let active = RwSignal::new(0usize);
    let recent = StoredValue::new(None::<Recent>);
    let groups = Memo::new(move |_| {
        if !palette.open.get() {
            return Vec::new();
        }
        crate::browser::mark("bakkal:everything-start");
        let mut g = Vec::new();
        recent.update_value(|r| g = query.with(|q| results(state, q, r)));
        crate::browser::mark("bakkal:everything-end");
        g
    });
    let flat = Memo::new(move |_| {
        groups.with(|gs| {
            gs.iter()
                .flat_map(|g| g.items.iter().map(|i| i.route.clone()))
                .collect::<Vec<_>>()
        })
    });
    // A new query starts from the first result.
    Effect::new(move |_| {
        query.track();
        active.set(0);
    });
    // Opening starts empty, with the focus in the field.
    Effect::new(move |_| {
        if palette.open.get() {
            query.set(String::new());
            request_animation_frame(|| super::fields::focus_by_id(INPUT_ID));
        }
    });
    let go = move |route: Route| {
        palette.hide(false);
        state.go(route);
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let n = flat.with(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if n > 0 => {
                ev.prevent_default();
                active.update(|a| *a = (*a + 1) % n);
            }
            "ArrowUp" if n > 0 => {
                ev.prevent_default();
                active.update(|a| *a = (*a + n - 1) % n);
            }
            "Home" if n > 0 && ev.ctrl_key() => active.set(0),
            "End" if n > 0 && ev.ctrl_key() => active.set(n - 1),
            "Enter" => {
                ev.prevent_default();
                if let Some(r) = flat.with(|f| f.get(active.get_untracked()).cloned()) {
                    go(r);
                }
            }
            "Escape" => {
                ev.prevent_default();
                palette.hide(true);
            }
            _ => return,
        }
        // Keep the active option in view.
        let id = option_id(active.get_untracked());
        request_animation_frame(move || {
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&id))
            {
                el.scroll_into_view_with_bool(false);
            }
        });
    };
    let trap = move |ev: leptos::ev::KeyboardEvent| {
        // Two stops in the dialog, the field and Close: Tab goes round between them.
        if ev.key() == "Tab" {
            ev.prevent_default();
            let on_input = active_element().is_some_and(|el| el.id() == INPUT_ID);
            super::fields::focus_by_id(if on_input {
                "everything-close"
            } else {
                INPUT_ID
            });
        } else if ev.key() == "Escape" {
            palette.hide(true);
        }
    };

    view! {
        <Show when=move || palette.open.get()>
            <div class="palette-backdrop" on:click=move |ev| {
                // A click outside the dialog closes it.
                let outside = ev.target().zip(ev.current_target()).is_some_and(|(a, b)| a == b);
                if outside { palette.hide(true) }
            }>
            <div class="palette" role="dialog" aria-modal="true" aria-label=e.search_everything on:keydown=trap>
                <div class="palette-field">
                    <input id=INPUT_ID type="search" role="combobox" autocomplete="off" spellcheck="false"
                        enterkeyhint="go"
                        aria-label=e.search_everything aria-expanded="true" aria-controls=LIST_ID
                        aria-autocomplete="list"
                        aria-activedescendant=move || (!flat.with(Vec::is_empty)).then(|| option_id(active.get()))
                        prop:value=move || query.get()
                        on:input=move |ev| query.set(event_target_value(&ev))
                        on:keydown=move |ev| { ev.stop_propagation(); on_key(ev) } />
                    <button type="button" id="everything-close" on:click=move |_| palette.hide(true)>{e.close}</button>
                </div>
                <p class="palette-keys">{e.keys_help}</p>
                <div id=LIST_ID role="listbox" aria-label=e.search_everything class="palette-list">
                    {move || {
                        let mut n = 0;
                        groups.get().into_iter().enumerate().map(|(gi, g)| {
                            let heading = format!("everything-group-{gi}");
                            let labelled = heading.clone();
                            let options = g.items.into_iter().map(|item| {
                                let i = n;
                                n += 1;
                                let href = item.route.to_hash();
                                let route = item.route.clone();
                                view! {
                                    <a role="option" id=option_id(i) href=href tabindex="-1" class="hit"
                                        aria-selected=move || if active.get() == i { "true" } else { "false" }
                                        on:mousemove=move |_| if active.get_untracked() != i { active.set(i) }
                                        on:click=move |ev| { ev.prevent_default(); go(route.clone()) }>
                                        <span class="hit-title"><Runs runs=item.title /></span>
                                        {(!item.meta.is_empty()).then(|| view! { <span class="hit-meta">{item.meta}</span> })}
                                        {item.typo.then(|| view! { <span class="hit-meta">{e.close_match}</span> })}
                                        {(!item.detail.is_empty()).then(|| view! { <span class="hit-detail"><Runs runs=item.detail /></span> })}
                                    </a>
                                }
                            }).collect_view();
                            view! {
                                <div role="group" aria-labelledby=labelled class="hit-group">
                                    <div role="presentation" id=heading class="hit-group-title">{g.title}</div>
                                    {options}
                                </div>
                            }
                        }).collect_view()
                    }}
                </div>
                <p class="palette-status" role="status">{move || {
                    let q = query.get();
                    let nothing = flat.with(Vec::is_empty) && !q.trim().is_empty();
                    let reading = !state.everything.ready.get() && !q.trim().is_empty();
                    match (nothing, reading) {
                        (_, true) => e.still_reading.to_string(),
                        (true, false) => (e.nothing)(q.trim()),
                        _ => String::new(),
                    }
                }}</p>
            </div>
            </div>
        </Show>
    }
}

/// Text runs, the matching ones in `<mark>`.
#[component]
fn Runs(runs: Vec<(String, bool)>) -> impl IntoView {
    runs.into_iter()
        .map(|(s, m)| {
            if m {
                view! { <mark>{s}</mark> }.into_any()
            } else {
                s.into_any()
            }
        })
        .collect_view()
}

/// The keyboard shortcuts page (**?**).
#[component]
pub fn ShortcutsPage() -> impl IntoView {
    let e = crate::i18n::t().everything();
    view! {
        <section class="shortcuts">
            <h1>{e.shortcuts_title}</h1>
            <table>
                <thead><tr><th scope="col">{e.key}</th><th scope="col">{e.action}</th></tr></thead>
                <tbody>
                    {e.rows.iter().map(|(k, what)| view! {
                        <tr><td><kbd>{*k}</kbd></td><td>{*what}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
