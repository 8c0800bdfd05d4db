//! Insights: the customer pyramid, the segments matrix, the four strategies as work lists,
//! and the dashboard. Everything is computed in the core (`analysis::insights`) from the
//! facts and scores the app state keeps; this file only draws it. Charts are SVG drawn
//! here, hidden from screen readers, each followed by the same figures as a table. The
//! words are `i18n::insights`'s (the core gives reasons and funnel steps as data).

use super::common::{date_label, ContactLink, Section};
use crate::browser;
use crate::state::AppState;
use bakkal_core::analysis::insights::{Column, Dashboard, Dimension, WorkItem};
use bakkal_core::analysis::value::Tier;
use bakkal_core::route::Route;
use bakkal_core::Money;
use chrono::Datelike;
use leptos::prelude::*;

fn money(minor: i64, currency: &str) -> String {
    crate::i18n::money(&Money::new(minor, currency))
}

fn count(n: usize) -> String {
    crate::i18n::number(n as i64)
}

fn tier_link(tier: Tier) -> String {
    Route::contacts(format!("tier:{}", tier.label())).to_hash()
}

#[component]
pub fn InsightsPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    browser::mark("bakkal:insights-start");
    request_animation_frame(|| browser::mark("bakkal:insights-shown"));
    let customers = Memo::new(move |_| state.scoring.with(|s| s.standings.len()));
    let t = crate::i18n::t().insights();
    view! {
        <section class="insights">
            <h1>{t.title}</h1>
            <Show when=move || { customers.get() > 0 } fallback=move || view! {
                <p class="empty">{t.empty}</p>
            }>
                <Pyramid />
                <SegmentsMatrix />
                <Strategies />
                <DashboardView />
            </Show>
            <Show when=move || state.deals.with(|d| !d.is_empty())>
                <PipelineView />
            </Show>
        </section>
    }
}

#[component]
fn Pyramid() -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = crate::i18n::t().insights();
    let rows = state.insights().pyramid;
    let home = move || state.value.with(|v| v.home_currency.clone());
    let total = move || rows.with(|r| r.iter().map(|x| x.count).sum::<usize>());
    // Four bands of a triangle 300 wide and 240 high, A at the apex.
    let band = |i: usize| {
        let (w, h) = (300.0, 240.0);
        let y0 = h * i as f64 / 4.0;
        let y1 = h * (i + 1) as f64 / 4.0;
        let half = |y: f64| (w / 2.0) * (y / h);
        format!(
            "{},{} {},{} {},{} {},{}",
            w / 2.0 - half(y0),
            y0,
            w / 2.0 + half(y0),
            y0,
            w / 2.0 + half(y1),
            y1,
            w / 2.0 - half(y1),
            y1
        )
    };
    view! {
        <section class="card" aria-labelledby="sec-pyramid">
            <h2 id="sec-pyramid">{t.pyramid_title}</h2>
            <div class="pyramid">
                <svg viewBox="0 0 300 240" width="300" height="240" aria-hidden="true" focusable="false">
                    {Tier::ALL.into_iter().enumerate().map(|(i, tier)| view! {
                        <polygon class=format!("tier-{}", tier.label().to_lowercase()) points=band(i) />
                        <text x="150" y=format!("{}", 60.0 * i as f64 + 40.0) text-anchor="middle">
                            {move || rows.with(|r| format!("{} · {}", tier.label(), count(r[i].count)))}
                        </text>
                    }).collect_view()}
                </svg>
                <div class="table-scroll">
                <table class="tiers">
                    <caption>{move || (t.customers_by_tier)(total())}</caption>
                    <thead><tr><th scope="col">{t.col_tier}</th><th scope="col">{t.col_customers}</th><th scope="col">{t.col_revenue}</th><th scope="col">{t.col_share}</th></tr></thead>
                    <tbody>
                        {Tier::ALL.into_iter().enumerate().map(|(i, tier)| view! {
                            <tr>
                                <th scope="row"><a href=tier_link(tier)>{(t.tier)(tier)}</a></th>
                                <td data-testid=format!("tier-{}-count", tier.label())>{move || rows.with(|r| count(r[i].count))}</td>
                                <td>{move || rows.with(|r| crate::i18n::money_whole(&Money::new(r[i].revenue, &home())))}</td>
                                <td>{move || rows.with(|r| (t.percent)(r[i].revenue_share))}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
            </div>
            <p class="hint">{move || state.value.with(|v| (t.pyramid_hint)(v.cutoffs.a, v.cutoffs.b, v.cutoffs.c))}</p>
        </section>
    }
}

#[component]
fn SegmentsMatrix() -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = crate::i18n::t().insights();
    let dim = state.insights().dimension;
    let m = state.insights().matrix;
    let home = move || state.value.with(|v| v.home_currency.clone());
    // Each cell opens its contacts (`Matrix::cell_query`).
    let cell_query = move |tier: Tier, col: usize| -> String {
        let d = dim.get_untracked();
        m.with_untracked(|m| m.cell_query(d, tier, col))
    };
    view! {
        <section class="card" aria-labelledby="sec-matrix">
            <h2 id="sec-matrix">{t.matrix_title}</h2>
            <label class="inline">{t.tiers_by}
                <select on:change=move |ev| {
                    let route = Route::Insights { by: event_target_value(&ev) };
                    browser::replace_hash(&route.to_hash());
                    state.route.set(route);
                }>
                    {Dimension::ALL.into_iter().map(|d| view! {
                        <option value=d.as_str() selected=move || dim.get() == d>{(t.dimension)(d)}</option>
                    }).collect_view()}
                </select>
            </label>
            <p class="hint scroll-cue">{t.scroll_cue}</p>
            <div class="scroll-x">
                {move || m.with(|mx| {
                    let heads: Vec<String> = mx
                        .columns
                        .iter()
                        .map(|c| match c {
                            Column::Value(v) => v.clone(),
                            Column::Other => t.other.to_string(),
                        })
                        .collect();
                    view! {
                        <table class="matrix">
                            <thead><tr>
                                <th scope="col">{t.col_tier}</th>
                                {heads.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}
                            </tr></thead>
                            <tbody>
                                {Tier::ALL.into_iter().enumerate().map(|(ti, tier)| {
                                    let cells = mx.rows[ti].clone();
                                    view! {
                                        <tr>
                                            <th scope="row">{(t.tier)(tier)}</th>
                                            {cells.into_iter().enumerate().map(|(ci, cell)| {
                                                let label = format!("{} · {}", count(cell.count), money(cell.revenue, &home()));
                                                if cell.count == 0 {
                                                    view! { <td class="zero">{count(0)}</td> }.into_any()
                                                } else {
                                                    view! { <td><a href=Route::contacts(cell_query(tier, ci)).to_hash()>{label}</a></td> }.into_any()
                                                }
                                            }).collect_view()}
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }
                })}
            </div>
            <p class="hint">{t.matrix_hint}</p>
        </section>
    }
}

#[component]
fn Strategies() -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = crate::i18n::t().insights();
    let lists = state.insights().strategies;
    view! {
        <div class="strategies">
            <WorkList title=t.prospecting blurb=t.prospecting_blurb
                empty=t.prospecting_empty
                items=Signal::derive(move || lists.with(|l| l.prospecting.clone())) />
            <WorkList title=t.cross_selling blurb=t.cross_selling_blurb
                empty=t.cross_selling_empty
                items=Signal::derive(move || lists.with(|l| l.cross_selling.clone())) />
            <WorkList title=t.win_back blurb=t.win_back_blurb
                empty=t.win_back_empty
                items=Signal::derive(move || lists.with(|l| l.win_back.clone())) />
            <WorkList title=t.loyalty blurb=t.loyalty_blurb
                empty=t.loyalty_empty
                items=Signal::derive(move || lists.with(|l| l.loyalty.clone())) />
        </div>
    }
}

#[component]
fn WorkList(
    title: &'static str,
    blurb: &'static str,
    empty: &'static str,
    items: Signal<Vec<WorkItem>>,
) -> impl IntoView {
    let t = crate::i18n::t().insights();
    view! {
        <Section title empty blurb count=Signal::derive(move || items.with(Vec::len))>
            <ul class="items">
                <For each=move || items.get() key=|i| i.id let:item>
                    <li>
                        <ContactLink id=item.id />
                        <span class="why">{(t.reason)(&item.why)}</span>
                        <a class="button" href=Route::LogInteraction(item.id).to_hash()>{t.log_interaction}</a>
                    </li>
                </For>
            </ul>
        </Section>
    }
}

#[component]
fn DashboardView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let d = state.insights().dashboard;
    let home = Signal::derive(move || state.value.with(|v| v.home_currency.clone()));
    view! {
        <section class="card dashboard" aria-labelledby="sec-dashboard">
            <h2 id="sec-dashboard">{crate::i18n::t().insights().dashboard_title}</h2>
            {move || d.with(currency_note)}
            {move || d.with(|d| kpis(d, &home.get()))}
            {move || d.with(|d| charts(d, &home.get()))}
        </section>
    }
}

/// Says how other currencies count: converted at the user's rates, or — without a rate —
/// shown beside the figures and left out of them (never counted as zero in silence).
fn currency_note(d: &Dashboard) -> impl IntoView {
    let t = crate::i18n::t().insights();
    let rates = d.rates_as_of.map(|day| (t.converted_at)(&date_label(day)));
    let without = (!d.without_rate.is_empty()).then(|| {
        let list: Vec<String> = d
            .without_rate
            .iter()
            .map(|m| format!("+ {}", crate::i18n::money(m)))
            .collect();
        view! {
            <strong data-testid="without-rate">{(t.without_rate)(&list.join(", "))}</strong>
            {t.not_counted}
            <a href="#/settings">{t.set_rate}</a>"."
        }
    });
    (rates.is_some() || without.is_some())
        .then(|| view! { <p class="hint currency-note">{rates}{without}</p> })
}

fn kpis(d: &Dashboard, home: &str) -> impl IntoView {
    let t = crate::i18n::t().insights();
    let retention = match (d.retention, d.retention_by_halves) {
        (Some(r), false) => (t.percent)(r),
        (Some(r), true) => (t.retention_by_halves)(&(t.percent)(r)),
        (None, _) => t.not_enough_history.into(),
    };
    // The change in percent, or "" when there is nothing to compare with.
    let change = |now: i64, then: i64, words: fn(f64) -> String| {
        if then == 0 {
            String::new()
        } else {
            words(100.0 * (now - then) as f64 / then as f64)
        }
    };
    let facts: Vec<(&str, String)> = vec![
        (t.kpi_active, count(d.active)),
        (t.kpi_new, count(d.new_this_month)),
        (t.kpi_at_risk, count(d.at_risk)),
        (t.kpi_lapsed, count(d.lapsed)),
        (t.kpi_won_back, count(d.won_back_this_quarter)),
        (t.kpi_retention, retention),
        // Like with like: this month so far against the same days of last month; the
        // last full month against the month before it.
        (
            t.kpi_revenue_this_month,
            (t.so_far)(
                &money(d.revenue_this_month, home),
                &change(
                    d.revenue_this_month,
                    d.revenue_last_month_same_days,
                    t.change_same_days,
                ),
            ),
        ),
        (
            t.kpi_last_month,
            format!(
                "{}{}",
                money(d.revenue_last_month, home),
                change(
                    d.revenue_last_month,
                    d.revenue_month_before_last,
                    t.change_month_before,
                )
            ),
        ),
        (
            t.kpi_same_month_last_year,
            (t.whole_month)(&money(d.revenue_same_month_last_year, home)),
        ),
    ];
    view! {
        <dl class="kpis">
            {facts.into_iter().map(|(k, v)| view! { <div><dt>{k}</dt><dd>{v}</dd></div> }).collect_view()}
        </dl>
    }
}

fn charts(d: &Dashboard, home: &str) -> impl IntoView {
    let texts = crate::i18n::t();
    let t = texts.insights();
    let months: Vec<(String, f64, String)> = d
        .revenue_by_month
        .iter()
        .map(|m| {
            (
                crate::i18n::month(m.month),
                m.revenue as f64,
                money(m.revenue, home),
            )
        })
        .collect();
    let short: Vec<String> = d
        .revenue_by_month
        .iter()
        .map(|m| {
            t.short_months
                .get(m.month.month0() as usize)
                .copied()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    let channels: Vec<(String, f64, String)> = d
        .by_channel
        .iter()
        .map(|(c, n)| {
            (
                (texts.common().channel)(*c).to_string(),
                *n as f64,
                count(*n),
            )
        })
        .collect();
    let funnel: Vec<(String, f64, String)> = d
        .funnel
        .iter()
        .map(|s| {
            (
                (t.funnel_step)(s.step).to_string(),
                s.count as f64,
                count(s.count),
            )
        })
        .collect();
    view! {
        <div class="charts">
            <Chart title=t.revenue_by_month head=(t.col_month, t.col_revenue) rows=months.clone()>
                {columns(&months, &short)}
            </Chart>
            <Chart title=t.by_channel head=(t.col_channel, t.col_interactions) rows=channels.clone()>
                {bars(&channels, false)}
            </Chart>
            <Chart title=t.funnel head=(t.col_step, t.col_contacts) rows=funnel.clone()>
                {bars(&funnel, true)}
            </Chart>
        </div>
    }
}

/// **Pipeline**: the forecast by expected-close month, win rate, days to win, lost reasons
/// and conversion (`analysis::pipeline::figures`), each a table a person can check against
/// the deals.
#[component]
fn PipelineView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let texts = crate::i18n::t();
    let t = texts.deals();
    let tz = state.tz();
    let figures = Memo::new(move |_| {
        let clock = bakkal_core::analysis::Clock {
            now: browser::now(),
            tz,
        };
        // Marks for the benchmark: what the pipeline figures add to opening Insights.
        browser::mark("bakkal:pipeline-start");
        let f = state.deals.with(|ds| {
            state.pipeline.with(|p| {
                state.value.with(|v| {
                    bakkal_core::analysis::pipeline::figures(
                        ds,
                        p,
                        &v.home_currency,
                        &v.rates,
                        clock,
                    )
                })
            })
        });
        browser::mark("bakkal:pipeline-end");
        f
    });
    move || {
        let f = figures.get();
        let home = state.value.with_untracked(|v| v.home_currency.clone());
        let pipeline = state.pipeline.get_untracked();
        let sum = |total: &bakkal_core::money::Total| super::deals_page::sum(total, &home);
        let decided = f.won + f.lost;
        let win = match f.win_rate() {
            Some(r) => format!(
                "{} ({})",
                (texts.insights().percent)(r / 100.0),
                (t.win_rate_of)(f.won, decided)
            ),
            None => t.none_decided.into(),
        };
        let lost: Vec<(String, f64, String)> = f
            .lost_reasons
            .iter()
            .map(|(id, n)| {
                let name = super::deal_page::reason_named(&pipeline, id);
                (name, *n as f64, count(*n))
            })
            .collect();
        view! {
            <section class="card pipeline" aria-labelledby="sec-pipeline">
                <h2 id="sec-pipeline">{t.pipeline_title}</h2>
                <table class="tiers">
                    <caption>{t.forecast}</caption>
                    <thead><tr>
                        <th scope="col">{t.col_month}</th><th scope="col">{t.col_deals}</th>
                        <th scope="col">{t.col_open}</th><th scope="col">{t.col_weighted}</th>
                    </tr></thead>
                    <tbody>
                        {f.forecast.iter().map(|m| view! {
                            <tr><th scope="row">{crate::i18n::month(m.month)}</th><td>{count(m.deals)}</td>
                                <td>{sum(&m.open)}</td><td>{sum(&m.weighted)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <p class="hint">{t.forecast_hint}</p>
                <dl class="kpis">
                    <div><dt>{t.win_rate}</dt><dd>{win}</dd></div>
                    <div><dt>{t.days_to_win}</dt><dd>{f.days_to_win.map(t.days).unwrap_or_else(|| "—".into())}</dd></div>
                </dl>
                {(!lost.is_empty()).then(|| view! {
                    <Chart title=t.lost_reasons head=(t.col_reason, t.col_deals) rows=lost.clone()>
                        {bars(&lost, false)}
                    </Chart>
                })}
                <table class="tiers">
                    <caption>{t.conversion}</caption>
                    <thead><tr>
                        <th scope="col">{t.col_stage}</th><th scope="col">{t.col_entered}</th><th scope="col">{t.col_onward}</th>
                    </tr></thead>
                    <tbody>
                        {f.conversion.iter().map(|(stage, entered, onward)| {
                            let name = pipeline.stage(stage).map(super::stage_name).unwrap_or_else(|| stage.0.clone());
                            view! { <tr><th scope="row">{name}</th><td>{count(*entered)}</td><td>{(t.onward_of)(*onward, *entered)}</td></tr> }
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        }
    }
}

/// A chart: its title, the SVG (hidden from screen readers), and the same figures as a
/// table that only screen readers read.
#[component]
fn Chart(
    title: &'static str,
    head: (&'static str, &'static str),
    rows: Vec<(String, f64, String)>,
    children: Children,
) -> impl IntoView {
    view! {
        <figure class="chart">
            <figcaption>{title}</figcaption>
            {children()}
            <table class="sr-only">
                <caption>{title}</caption>
                <thead><tr><th scope="col">{head.0}</th><th scope="col">{head.1}</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|(k, _, v)| view! { <tr><th scope="row">{k}</th><td>{v}</td></tr> }).collect_view()}
                </tbody>
            </table>
        </figure>
    }
}

/// Vertical bars (months).
fn columns(rows: &[(String, f64, String)], labels: &[String]) -> impl IntoView {
    let max = rows.iter().map(|r| r.1).fold(0.0, f64::max).max(1.0);
    let (w, h, top) = (30.0, 150.0, 16.0);
    let width = w * rows.len() as f64;
    view! {
        <svg viewBox=format!("0 0 {width} {}", h + top + 20.0) class="columns" aria-hidden="true" focusable="false">
            {rows.iter().enumerate().map(|(i, r)| {
                let bh = h * r.1 / max;
                view! {
                    <rect x=format!("{}", i as f64 * w + 4.0) y=format!("{}", top + h - bh) width=format!("{}", w - 8.0) height=format!("{bh}") />
                    // Each bar carries its value, in short (the table has it in full).
                    <text class="value" x=format!("{}", i as f64 * w + w / 2.0) y=format!("{}", top + h - bh - 3.0) text-anchor="middle">{(crate::i18n::t().insights().compact)(r.1 / 100.0)}</text>
                    <text x=format!("{}", i as f64 * w + w / 2.0) y=format!("{}", top + h + 14.0) text-anchor="middle">{labels.get(i).cloned().unwrap_or_default()}</text>
                }
            }).collect_view()}
        </svg>
    }
}

/// Horizontal bars (channels, funnel steps); a funnel's bars are centred.
fn bars(rows: &[(String, f64, String)], centred: bool) -> impl IntoView {
    let max = rows.iter().map(|r| r.1).fold(0.0, f64::max).max(1.0);
    let (label_w, bar_w, h) = (110.0, 230.0, 22.0);
    let height = h * rows.len() as f64;
    view! {
        <svg viewBox=format!("0 0 {} {height}", label_w + bar_w + 50.0) class="bars" aria-hidden="true" focusable="false">
            {rows.iter().enumerate().map(|(i, r)| {
                let bw = (bar_w * r.1 / max).max(1.0);
                let x = if centred { label_w + (bar_w - bw) / 2.0 } else { label_w };
                let y = i as f64 * h;
                view! {
                    <text x=format!("{}", label_w - 6.0) y=format!("{}", y + 15.0) text-anchor="end">{r.0.clone()}</text>
                    <rect x=format!("{x}") y=format!("{}", y + 3.0) width=format!("{bw}") height=format!("{}", h - 6.0) />
                    <text x=format!("{}", label_w + bar_w + 6.0) y=format!("{}", y + 15.0)>{r.2.clone()}</text>
                }
            }).collect_view()}
        </svg>
    }
}
