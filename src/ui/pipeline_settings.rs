//! Settings → **Pipeline**: the board's stages with their name, default probability and
//! going-cold days, reordered, added and removed (a stage with deals only once its deals
//! have somewhere to go). The rules are `model::deal::Pipeline`'s; the write is
//! `AppState::save_pipeline`.

use crate::browser;
use crate::state::AppState;
use bakkal_core::model::deal::{Pipeline, ReasonError, StageError, StageId, StageTyped};
use leptos::prelude::*;

/// One stage as typed.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    id: StageId,
    name: String,
    probability: String,
    rot: String,
    /// Marked for removal; with deals, where they go (a stage id, or empty: not chosen).
    removed: bool,
    move_to: String,
    errors: Vec<StageError>,
}

fn rows_of(p: &Pipeline) -> Vec<Row> {
    p.stages
        .iter()
        .map(|s| Row {
            id: s.id.clone(),
            name: super::stage_name(s),
            probability: s.probability.to_string(),
            rot: s.rot_days.map(|d| d.to_string()).unwrap_or_default(),
            removed: false,
            move_to: String::new(),
            errors: Vec::new(),
        })
        .collect()
}

#[component]
pub fn PipelineSettings() -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = crate::i18n::t().deals();
    // One signal per stage, so typing in one field redraws only what shows it (a redraw of
    // the whole list under the cursor would put back a field's old value mid-typing).
    let rows = RwSignal::new(Vec::<RwSignal<Row>>::new());
    let problem = RwSignal::new(None::<String>);
    // Another tab or device changed the pipeline: start again from it.
    Effect::new(move |_| {
        let fresh = state.pipeline.with(rows_of);
        rows.set(fresh.into_iter().map(RwSignal::new).collect());
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let old = state.pipeline.get_untracked();
        let typed: Vec<Row> = rows
            .get_untracked()
            .iter()
            .map(|r| r.get_untracked())
            .collect();
        // The stages in the order shown (added ones included), then each edited.
        let mut new = Pipeline {
            stages: typed
                .iter()
                .map(|r| {
                    old.stage(&r.id)
                        .cloned()
                        .unwrap_or(bakkal_core::model::deal::Stage {
                            id: r.id.clone(),
                            name: None,
                            probability: 50,
                            rot_days: None,
                        })
                })
                .collect(),
            lost_reasons: old.lost_reasons.clone(),
        };
        let mut all_errors = Vec::new();
        for (i, r) in typed.iter().enumerate() {
            let built_in = (crate::i18n::t().deals().built_in_stage)(&r.id.0);
            all_errors.push(
                new.edit_stage(
                    i,
                    StageTyped {
                        name: &r.name,
                        probability: &r.probability,
                        rot_days: &r.rot,
                    },
                    built_in,
                )
                .err()
                .unwrap_or_default(),
            );
        }
        let failed = all_errors.iter().any(|e| !e.is_empty());
        for (r, e) in rows.get_untracked().iter().zip(&all_errors) {
            r.update(|r| r.errors = e.clone());
        }
        if failed {
            return;
        }
        let deals = state.deals.get_untracked();
        let mut moves = Vec::new();
        for r in typed.iter().filter(|r| r.removed) {
            let to = (!r.move_to.is_empty()).then(|| StageId(r.move_to.clone()));
            // A removed stage's deals cannot go to another removed one.
            let to = to.filter(|to| !typed.iter().any(|x| x.removed && &x.id == to));
            match new.remove_stage(&r.id, to.as_ref(), &deals) {
                Ok(ids) => moves.extend(
                    ids.into_iter()
                        .filter_map(|id| to.clone().map(|to| (id, to))),
                ),
                Err(e) => {
                    problem.set(Some(format!("{}: {}", r.name, (t.removal_error)(&e))));
                    return;
                }
            }
        }
        problem.set(None);
        leptos::task::spawn_local(async move {
            let result = state
                .save_pipeline(new, moves)
                .await
                .map(|()| t.pipeline_saved.to_string());
            state.report(result);
        });
    };
    let add = move |_| {
        let mut b = [0u8; 4];
        b.copy_from_slice(&browser::random_bytes()[..4]);
        let id = StageId(format!("stage-{:08x}", u32::from_le_bytes(b)));
        rows.update(|r| {
            r.push(RwSignal::new(Row {
                id,
                name: t.new_stage.into(),
                probability: "50".into(),
                rot: String::new(),
                removed: false,
                move_to: String::new(),
                errors: Vec::new(),
            }))
        });
    };
    view! {
        <section class="pipeline-settings" aria-labelledby="sec-pipeline-settings">
            <h2 id="sec-pipeline-settings">{t.settings_title}</h2>
            <p class="hint">{t.settings_intro}</p>
            <form novalidate on:submit=save>
                <ol class="stages">
                    <For each=move || rows.get() key=|r| *r let:row>
                        <StageRow row rows />
                    </For>
                </ol>
                <Show when=move || problem.get().is_some()>
                    <p class="form-error" role="alert">{move || problem.get()}</p>
                </Show>
                <div class="actions">
                    <button type="button" on:click=add>{t.add_stage}</button>
                    <button type="submit" class="primary">{t.save_pipeline}</button>
                </div>
            </form>
            <LostReasonsSettings />
        </section>
    }
}

/// One stage's fields, its place in the order and its removal.
#[component]
fn StageRow(row: RwSignal<Row>, rows: RwSignal<Vec<RwSignal<Row>>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = crate::i18n::t().deals();
    let id = row.with_untracked(|r| r.id.clone());
    let at = move || rows.with(|rs| rs.iter().position(|r| *r == row).unwrap_or(0));
    let count = state.deals.with_untracked(|ds| {
        ds.iter()
            .filter(|d| !d.is_deleted() && d.stage == id)
            .count()
    });
    let label = move || row.with(|r| r.name.clone());
    // Field ids from the stage id: stable while the rows move.
    let field = |what: &str| format!("stage-{}-{what}", id.0);
    let to_id = field("to");
    let shift = move |by: isize| {
        // The position first: reading `rows` inside its own update would panic.
        let i = at();
        rows.update(|rs| {
            let j = i as isize + by;
            if j >= 0 && (j as usize) < rs.len() {
                rs.swap(i, j as usize);
            }
        })
    };
    let set = move |f: fn(&mut Row, String)| {
        move |ev| {
            let v = event_target_value(&ev);
            row.update(|r| f(r, v));
        }
    };
    let others = move || {
        rows.with(|rs| {
            rs.iter()
                .filter(|x| **x != row)
                .map(|x| x.get())
                .filter(|x| !x.removed)
                .map(|x| (x.id.0.clone(), x.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let invalid = move || row.with(|r| !r.errors.is_empty());
    view! {
        <li class:removed=move || row.with(|r| r.removed)><div role="group" aria-label=label>
            <div class="three">
                <div class="field"><label for=field("name")>{t.stage_name}</label>
                    <input id=field("name") prop:value=move || row.with(|r| r.name.clone())
                        on:input=set(|r, v| r.name = v) /></div>
                <div class="field"><label for=field("p")>{t.stage_probability}</label>
                    <input id=field("p") inputmode="numeric" prop:value=move || row.with(|r| r.probability.clone())
                        aria-invalid=move || invalid().then_some("true")
                        on:input=set(|r, v| r.probability = v) /></div>
                <div class="field"><label for=field("rot")>{t.stage_rot}</label>
                    <input id=field("rot") inputmode="numeric" prop:value=move || row.with(|r| r.rot.clone())
                        on:input=set(|r, v| r.rot = v) /></div>
            </div>
            <Show when=invalid>
                <p class="field-error" role="alert">{move || row.with(|r| r.errors.iter().map(|e| (t.stage_error)(*e)).collect::<Vec<_>>().join(" "))}</p>
            </Show>
            <div class="actions">
                <button type="button" aria-label=move || (t.move_up)(&label()) disabled=move || at() == 0
                    on:click=move |_| shift(-1)>"↑"</button>
                <button type="button" aria-label=move || (t.move_down)(&label()) disabled=move || at() + 1 == rows.with(Vec::len)
                    on:click=move |_| shift(1)>"↓"</button>
                <button type="button" class:danger=move || !row.with(|r| r.removed)
                    on:click=move |_| row.update(|r| r.removed = !r.removed)>
                    {move || if row.with(|r| r.removed) { (t.keep_stage)(&label()) } else { (t.remove_stage)(&label()) }}</button>
            </div>
            <Show when=move || { count > 0 && row.with(|r| r.removed) }>
                <div class="field"><label for=to_id.clone()>{(t.move_its_deals)(count)}</label>
                    <select id=to_id.clone() on:change=set(|r, v| r.move_to = v)>
                        <option value="" selected=move || row.with(|r| r.move_to.is_empty())>"—"</option>
                        {move || others().into_iter().map(|(id, name)| {
                            let value = id.clone();
                            view! { <option value=id selected=move || row.with(|r| r.move_to == value)>{name}</option> }
                        }).collect_view()}
                    </select></div>
            </Show>
        </div></li>
    }
}

/// One lost reason as typed.
#[derive(Debug, Clone, PartialEq)]
struct ReasonRow {
    id: String,
    name: String,
    /// Added on this screen, not yet saved.
    added: bool,
    removed: bool,
    error: Option<ReasonError>,
}

/// Settings → Pipeline → **Lost reasons**: what **Mark lost** offers, renamed, added and
/// removed (`Pipeline::{edit_reason, add_reason, remove_reason}` say what may be).
#[component]
fn LostReasonsSettings() -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = crate::i18n::t().deals();
    let rows = RwSignal::new(Vec::<RwSignal<ReasonRow>>::new());
    Effect::new(move |_| {
        let fresh: Vec<ReasonRow> = state.pipeline.with(|p| {
            p.lost_reasons
                .iter()
                .map(|r| ReasonRow {
                    id: r.id.clone(),
                    name: super::deal_page::reason_name(r),
                    added: false,
                    removed: false,
                    error: None,
                })
                .collect()
        });
        rows.set(fresh.into_iter().map(RwSignal::new).collect());
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut new = state.pipeline.get_untracked();
        let deals = state.deals.get_untracked();
        let mut failed = false;
        for row in rows.get_untracked() {
            let r = row.get_untracked();
            let built_in = (crate::i18n::t().deal().built_in_reason)(&r.id);
            let result = match (r.added, r.removed) {
                (true, true) => Ok(()),
                (true, false) => new.add_reason(r.id.clone(), &r.name),
                (false, true) => new.remove_reason(&r.id, &deals),
                (false, false) => match new.lost_reasons.iter().position(|x| x.id == r.id) {
                    Some(at) => new.edit_reason(at, &r.name, built_in),
                    None => Ok(()),
                },
            };
            failed |= result.is_err();
            row.update(|x| x.error = result.err());
        }
        if failed {
            return;
        }
        leptos::task::spawn_local(async move {
            let result = state
                .save_pipeline(new, Vec::new())
                .await
                .map(|()| t.reasons_saved.to_string());
            state.report(result);
        });
    };
    let add = move |_| {
        let mut b = [0u8; 4];
        b.copy_from_slice(&browser::random_bytes()[..4]);
        rows.update(|r| {
            r.push(RwSignal::new(ReasonRow {
                id: format!("reason-{:08x}", u32::from_le_bytes(b)),
                name: t.new_reason.into(),
                added: true,
                removed: false,
                error: None,
            }))
        });
    };
    view! {
        <section class="reasons-settings" aria-labelledby="sec-lost-reasons">
            <h3 id="sec-lost-reasons">{t.reasons_title}</h3>
            <p class="hint">{t.reasons_intro}</p>
            <form novalidate on:submit=save>
                <ol class="reasons">
                    <For each=move || rows.get() key=|r| *r let:row>
                        <ReasonField row rows />
                    </For>
                </ol>
                <div class="actions">
                    <button type="button" on:click=add>{t.add_reason}</button>
                    <button type="submit" class="primary">{t.save_reasons}</button>
                </div>
            </form>
        </section>
    }
}

/// One lost reason's name and its removal.
#[component]
fn ReasonField(
    row: RwSignal<ReasonRow>,
    rows: RwSignal<Vec<RwSignal<ReasonRow>>>,
) -> impl IntoView {
    let t = crate::i18n::t().deals();
    let id = format!("reason-{}", row.with_untracked(|r| r.id.clone()));
    let error_id = format!("{id}-error");
    let at = move || rows.with(|rs| rs.iter().position(|r| *r == row).unwrap_or(0)) + 1;
    let name = move || row.with(|r| r.name.clone());
    let error = move || row.with(|r| r.error.map(t.reason_error));
    view! {
        <li class:removed=move || row.with(|r| r.removed)>
            <div class="field inline" class:invalid=move || error().is_some()>
                <label for=id.clone()>{move || (t.reason_label)(at())}</label>
                <input id=id.clone() prop:value=name aria-describedby=error_id.clone()
                    aria-invalid=move || error().is_some().then_some("true")
                    on:input=move |ev| { let v = event_target_value(&ev); row.update(|r| r.name = v) } />
                <button type="button" class:danger=move || !row.with(|r| r.removed)
                    on:click=move |_| row.update(|r| r.removed = !r.removed)>
                    {move || if row.with(|r| r.removed) { (t.keep_reason)(&name()) } else { (t.remove_reason)(&name()) }}</button>
            </div>
            <p id=error_id class="field-error" role="alert" hidden=move || error().is_none()>{error}</p>
        </li>
    }
}
