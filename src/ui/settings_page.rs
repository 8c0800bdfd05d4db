//! Settings: the value keys' weights and the tiers' cut-offs (applied at once, stored
//! with the book), the exchange rates, and whether the data is safe from eviction and how much space it takes.

use super::common::date_label;
use crate::browser::{self, Persistence};
use crate::state::{AppState, Notice};
use bakkal_core::analysis::value::ValueSettings;
use bakkal_core::money::{format_rate, parse_rate, Rate, CURRENCIES};
use leptos::prelude::*;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = crate::i18n::t();
    let persistence = LocalResource::new(browser::persistence);
    let estimate = LocalResource::new(browser::storage_estimate);
    let ask = move |_| {
        leptos::task::spawn_local(async move {
            let p = browser::request_persistence().await;
            persistence.refetch();
            if p != Persistence::Granted {
                state.notify(Notice::info(t.settings().persistence_refused));
            }
        });
    };
    view! {
        <section class="settings">
            <h1>{t.settings().title}</h1>
            <LanguageChoice />
            // Sync first: the header's "Sync error" links here.
            <crate::ui::sync_section::SyncSection />
            <ValueKeys />
            <ExchangeRates />
            <crate::ui::pipeline_settings::PipelineSettings />
            <h2>{t.settings().storage}</h2>
            <dl class="facts">
                <dt>{t.settings().persistent_storage}</dt>
                <dd data-testid="persistence">
                    <Suspense fallback=move || t.settings().checking>
                        {move || persistence.get().map(t.settings().persistence)}
                    </Suspense>
                </dd>
                <dt>{t.settings().space_used}</dt>
                <dd data-testid="usage">
                    <Suspense fallback=move || t.settings().checking>
                        {move || estimate.get().map(|e| match e {
                            Some((used, quota)) => (t.settings().usage)(&(t.settings().bytes)(used), &(t.settings().bytes)(quota)),
                            None => t.settings().usage_unknown.to_string(),
                        })}
                    </Suspense>
                </dd>
                <dt>{t.settings().keeping}</dt>
                <dd data-testid="keeping">
                    <Suspense fallback=move || t.settings().checking>
                        {move || persistence.get().map(|p| (t.settings().promise)(crate::keeping::advice(&state, p).promise))}
                    </Suspense>
                </dd>
                <dt>{t.settings().installed}</dt>
                <dd>{(t.settings().yes_no)(browser::is_installed())}</dd>
                <dt>{t.settings().last_backup}</dt>
                <dd>{move || state.last_backup.get().map(|at| date_label(state.tz().local_date(at))).unwrap_or_else(|| t.settings().never.into())}</dd>
                <dt>{t.settings().last_sync}</dt>
                <dd>{move || browser::device_time(crate::keeping::LAST_SYNC).map(|at| date_label(state.tz().local_date(at))).unwrap_or_else(|| t.settings().never.into())}</dd>
                <dt>{t.settings().contacts}</dt>
                <dd>{move || crate::i18n::number(state.book.with(|b| b.len()) as i64)}</dd>
            </dl>
            // Offered only while the browser has not promised to keep the book.
            {move || (persistence.get() != Some(Persistence::Granted))
                .then(|| view! { <button on:click=ask>{t.settings().ask_persistence}</button> })}
        </section>
    }
}

type ReadKey = fn(&ValueSettings) -> f64;
type WriteKey = fn(&mut ValueSettings, f64);

thread_local! {
    /// The language was just chosen with the select: keep the user's place on it.
    static CHOSEN_HERE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Settings → Language: English or Türkçe, applied at once and kept on this device. Each
/// option is named in its own language, so a user who cannot read the current one still
/// finds theirs.
#[component]
fn LanguageChoice() -> impl IntoView {
    use crate::i18n::Lang;
    let state = expect_context::<AppState>();
    let t = crate::i18n::t();
    let current = state.lang.get_untracked();
    // The page is rebuilt in the new language: the new select, built here, takes the focus
    // once it is drawn (not the old one, which the rebuild replaces).
    if CHOSEN_HERE.with(|c| c.replace(false)) {
        request_animation_frame(|| crate::ui::fields::focus_by_id("language"));
    }
    view! {
        <p class="field language">
            <label for="language">{t.settings().language}</label>
            <select id="language" on:change=move |ev| {
                if let Some(l) = Lang::from_code(&event_target_value(&ev)) {
                    CHOSEN_HERE.with(|c| c.set(true));
                    state.set_lang(l);
                }
            }>
                {Lang::ALL.into_iter().map(|l| view! {
                    <option value=l.code() lang=l.code() selected=l == current>{l.name()}</option>
                }).collect_view()}
            </select>
        </p>
    }
}

/// The value keys' weights, the tier cut-offs and the lapse window. Every valid change is
/// saved at once and the scores follow; an invalid one is explained and not saved.
#[component]
fn ValueKeys() -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = crate::i18n::t();
    let d = ValueSettings::default();
    let w = d.weights;
    let restore = move |_| {
        leptos::task::spawn_local(async move {
            let r = state
                .save_value(ValueSettings::default())
                .await
                .map(|_| t.settings().defaults_restored.to_string());
            state.report(r);
        });
    };
    let weight =
        |label: &'static str, id: &'static str, default: f64, get: ReadKey, set: WriteKey| {
            view! { <NumberSetting label id get set min=0.0 max=100.0 step="0.5"
            hint=(t.settings().weight_hint)(default) /> }
        };
    view! {
        <section class="value-keys" aria-labelledby="sec-value-keys">
            <h2 id="sec-value-keys">{t.settings().value_keys}</h2>
            <p class="hint">{t.settings().value_keys_intro}</p>
            <div class="grid">
                {weight(t.settings().w_revenue, "w-revenue", w.revenue, |v| v.weights.revenue, |v, x| v.weights.revenue = x)}
                {weight(t.settings().w_frequency, "w-frequency", w.frequency, |v| v.weights.frequency, |v, x| v.weights.frequency = x)}
                {weight(t.settings().w_recency, "w-recency", w.recency, |v| v.weights.recency, |v, x| v.weights.recency = x)}
                {weight(t.settings().w_relationship, "w-relationship", w.relationship, |v| v.weights.relationship, |v, x| v.weights.relationship = x)}
                {weight(t.settings().w_referrals, "w-referrals", w.referrals, |v| v.weights.referrals, |v, x| v.weights.referrals = x)}
                {weight(t.settings().w_strategic, "w-strategic", w.strategic, |v| v.weights.strategic, |v, x| v.weights.strategic = x)}
            </div>
            <h3>{t.settings().tiers}</h3>
            <div class="grid">
                <NumberSetting label=t.settings().cut_a id="cut-a" min=0.0 max=100.0 step="1" hint=t.settings().cut_a_hint.into()
                    get=|v| v.cutoffs.a * 100.0 set=|v, x| v.cutoffs.a = x / 100.0 />
                <NumberSetting label=t.settings().cut_b id="cut-b" min=0.0 max=100.0 step="1" hint=t.settings().cut_b_hint.into()
                    get=|v| v.cutoffs.b * 100.0 set=|v, x| v.cutoffs.b = x / 100.0 />
                <NumberSetting label=t.settings().cut_c id="cut-c" min=0.0 max=100.0 step="1" hint=t.settings().cut_c_hint.into()
                    get=|v| v.cutoffs.c * 100.0 set=|v, x| v.cutoffs.c = x / 100.0 />
                <NumberSetting label=t.settings().lapse id="lapse" min=7.0 max=3650.0 step="1" hint=t.settings().lapse_hint.into()
                    get=|v| v.lapse_days as f64 set=|v, x| v.lapse_days = x.round() as i64 />
            </div>
            <button type="button" on:click=restore>{t.settings().restore_defaults}</button>
        </section>
    }
}

/// A rate per currency into the home currency, with the day it was set. Revenue in other
/// currencies counts at these rates; without one it is shown apart, never as zero.
#[component]
fn ExchangeRates() -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = crate::i18n::t();
    let home = move || state.value.with(|v| v.home_currency.clone());
    // The usual currencies, those with a rate, and any the book holds purchases in.
    let codes = move || {
        let h = home();
        let mut c: std::collections::BTreeSet<String> =
            CURRENCIES.iter().map(|s| s.to_string()).collect();
        state.value.with(|v| c.extend(v.rates.0.keys().cloned()));
        state.book.with(|b| c.extend(b.purchase_currencies()));
        c.remove(&h);
        c.into_iter().collect::<Vec<_>>()
    };
    let texts = RwSignal::new(std::collections::BTreeMap::<String, String>::new());
    let errors = RwSignal::new(std::collections::BTreeMap::<String, String>::new());
    let text_of = move |code: &str| {
        texts.with(|t| t.get(code).cloned()).unwrap_or_else(|| {
            state
                .value
                .with(|v| v.rates.0.get(code).map(|r| format_rate(r.micro)))
                .unwrap_or_default()
        })
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let today = state.tz().local_date(browser::now());
        let mut rates = state.value.get_untracked().rates;
        let mut errs = std::collections::BTreeMap::new();
        for code in codes() {
            let typed = text_of(&code);
            if typed.trim().is_empty() {
                rates.0.remove(&code);
                continue;
            }
            match parse_rate(&typed) {
                Ok(micro) => {
                    // A rate keeps the day it was set unless it changes.
                    if rates.0.get(&code).map(|r| r.micro) != Some(micro) {
                        rates.0.insert(
                            code.clone(),
                            Rate {
                                micro,
                                set_on: today,
                            },
                        );
                    }
                }
                Err(e) => {
                    errs.insert(code.clone(), (t.settings().rate_error)(&e));
                }
            }
        }
        errors.set(errs.clone());
        if !errs.is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            let r = state.save_rates(rates).await.map(|_| {
                texts.set(Default::default());
                t.settings().rates_saved.to_string()
            });
            state.report(r);
        });
    };
    view! {
        <section class="rates" aria-labelledby="sec-rates">
            <h2 id="sec-rates">{t.settings().rates}</h2>
            <p class="hint">{move || (t.settings().rates_intro)(&home())}</p>
            <form on:submit=save>
                <div class="grid">
                    <For each=codes key=|c| c.clone() let:code>
                        {
                            let id = format!("rate-{}", code.to_lowercase());
                            let (c1, c2, c3, c4, c5) = (code.clone(), code.clone(), code.clone(), code.clone(), code.clone());
                            let err_id = format!("{id}-error");
                            let hint_id = format!("{id}-hint");
                            view! {
                                <div class="field" class:invalid=move || errors.with(|e| e.contains_key(&c1))>
                                    <label for=id.clone()>{move || (t.settings().rate_label)(&code, &home())}</label>
                                    <input id=id type="text" inputmode="decimal" autocomplete="off"
                                        prop:value=move || text_of(&c2)
                                        on:input=move |ev| { let v = event_target_value(&ev); texts.update(|t| { t.insert(c3.clone(), v); }); }
                                        aria-describedby=format!("{hint_id} {err_id}") />
                                    <p class="hint" id=hint_id>{move || state.value.with(|v| v.rates.0.get(&c4).map(|r| (t.settings().rate_set_on)(&date_label(r.set_on)))).unwrap_or_else(|| t.settings().no_rate.into())}</p>
                                    <p class="error" id=err_id>{move || errors.with(|e| e.get(&c5).cloned())}</p>
                                </div>
                            }
                        }
                    </For>
                </div>
                <button type="submit">{t.settings().save_rates}</button>
            </form>
        </section>
    }
}

/// A number field bound to one value setting.
#[component]
fn NumberSetting(
    label: &'static str,
    id: &'static str,
    get: ReadKey,
    set: WriteKey,
    min: f64,
    max: f64,
    step: &'static str,
    hint: String,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = crate::i18n::t();
    let show = |x: f64| {
        let r = (x * 1000.0).round() / 1000.0;
        format!("{r}")
    };
    let text = RwSignal::new(state.value.with_untracked(|v| show(get(v))));
    let error = RwSignal::new(None::<String>);
    // Follow changes made elsewhere (Restore defaults, an import) unless the field
    // already says the same number.
    Effect::new(move |_| {
        let x = state.value.with(get);
        if text.with_untracked(|t| t.trim().parse::<f64>().ok()) != Some(x) {
            text.set(show(x));
            error.set(None);
        }
    });
    let on_input = move |ev: leptos::ev::Event| {
        let raw = event_target_value(&ev);
        text.set(raw.clone());
        let Some(x) = bakkal_core::analysis::value::read_number(&raw, min, max) else {
            return error.set(Some((t.settings().number_range)(min, max)));
        };
        let mut v = state.value.get_untracked();
        set(&mut v, x);
        if !v.cutoffs.fit() {
            return error.set(Some(t.settings().tiers_over_100.into()));
        }
        error.set(None);
        leptos::task::spawn_local(async move {
            if let Err(e) = state.save_value(v).await {
                state.notify(Notice::error(e.to_string()));
            }
        });
    };
    let err_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some)>
            <label for=id>{label}</label>
            <input id=id type="number" inputmode="decimal" min=min max=max step=step
                prop:value=move || text.get() on:input=on_input
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=format!("{hint_id} {err_id}") />
            <p class="hint" id=hint_id>{hint}</p>
            <p class="error" id=err_id>{move || error.get()}</p>
        </div>
    }
}
