//! Insights: the customer pyramid, the segments matrix, the four strategies as work lists,
//! and the dashboard. Everything is computed in the core (`analysis::insights`) from the
//! facts and scores the app state keeps; this file only draws it. Charts are SVG drawn
//! here, hidden from screen readers, each followed by the same figures as a table.

use super::common::{date_label, ContactLink, Section};
use crate::browser;
use crate::state::AppState;
use bakkal_core::analysis::insights::{
    dashboard, matrix, pyramid, strategies, Dashboard, Dimension, WorkItem,
};
use bakkal_core::analysis::value::Tier;
use bakkal_core::route::Route;
use bakkal_core::segment::quote;
use bakkal_core::Money;
use leptos::prelude::*;

/// Longest work list shown per strategy.
const LIST_LIMIT: usize = 12;
/// Most columns in the segments matrix (the rest go to "Other").
const MATRIX_COLUMNS: usize = 8;

fn money(minor: i64, currency: &str) -> String {
    Money::new(minor, currency).to_string()
}

fn percent(x: f64) -> String {
    format!("{:.0} %", 100.0 * x)
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
    view! {
        <section class="insights">
            <h1>"Insights"</h1>
            <Show when=move || { customers.get() > 0 } fallback=|| view! {
                <p class="empty">"Insights appear once purchases are logged: a contact becomes a customer with their first purchase. Log one from a contact's page (type Purchase), or load the sample data from Contacts."</p>
            }>
                <Pyramid />
                <SegmentsMatrix />
                <Strategies />
                <DashboardView />
            </Show>
        </section>
    }
}

#[component]
fn Pyramid() -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = Memo::new(move |_| state.with_analysis(|_, f, s| pyramid(f, s)));
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
            <h2 id="sec-pyramid">"Customer pyramid"</h2>
            <div class="pyramid">
                <svg viewBox="0 0 300 240" width="300" height="240" aria-hidden="true" focusable="false">
                    {Tier::ALL.into_iter().enumerate().map(|(i, t)| view! {
                        <polygon class=format!("tier-{}", t.label().to_lowercase()) points=band(i) />
                        <text x="150" y=format!("{}", 60.0 * i as f64 + 40.0) text-anchor="middle">
                            {move || rows.with(|r| format!("{} · {}", t.label(), r[i].count))}
                        </text>
                    }).collect_view()}
                </svg>
                <div class="table-scroll">
                <table class="tiers">
                    <caption>{move || format!("{} customers by tier", total())}</caption>
                    <thead><tr><th scope="col">"Tier"</th><th scope="col">"Customers"</th><th scope="col">"Revenue"</th><th scope="col">"Share of revenue"</th></tr></thead>
                    <tbody>
                        {Tier::ALL.into_iter().enumerate().map(|(i, t)| view! {
                            <tr>
                                <th scope="row"><a href=tier_link(t)>{format!("Tier {}", t.label())}</a></th>
                                <td data-testid=format!("tier-{}-count", t.label())>{move || rows.with(|r| r[i].count)}</td>
                                <td>{move || rows.with(|r| money(r[i].revenue, &home()))}</td>
                                <td>{move || rows.with(|r| percent(r[i].revenue_share))}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
            </div>
            <p class="hint">{move || state.value.with(|v| format!(
                "Tiers by value score: A the top {:.0} %, B the next {:.0} %, C the next {:.0} %, D the rest. Weights and cut-offs are under Settings.",
                100.0 * v.cutoffs.a, 100.0 * v.cutoffs.b, 100.0 * v.cutoffs.c))}</p>
        </section>
    }
}

#[component]
fn SegmentsMatrix() -> impl IntoView {
    let state = expect_context::<AppState>();
    let dim = Memo::new(move |_| {
        state.route.with(|r| match r {
            Route::Insights { by } => Dimension::parse(by).unwrap_or(Dimension::City),
            _ => Dimension::City,
        })
    });
    let m = Memo::new(move |_| {
        let d = dim.get();
        state.with_analysis(|b, f, s| matrix(b, f, s, d, MATRIX_COLUMNS))
    });
    let home = move || state.value.with(|v| v.home_currency.clone());
    // Each cell opens its contacts: the tier and the column's value as a query; "Other"
    // excludes the named columns.
    let cell_query = move |t: Tier, col: usize| -> String {
        let d = dim.get_untracked();
        m.with_untracked(|m| {
            let mut q = format!("tier:{}", t.label());
            if m.has_other && col + 1 == m.columns.len() {
                for c in &m.columns[..col] {
                    q.push_str(&format!(" -{}:{}", d.as_str(), quote(c)));
                }
            } else if let Some(c) = m.columns.get(col) {
                q.push_str(&format!(" {}:{}", d.as_str(), quote(c)));
            }
            q
        })
    };
    view! {
        <section class="card" aria-labelledby="sec-matrix">
            <h2 id="sec-matrix">"Segments matrix"</h2>
            <label class="inline">"Tiers by "
                <select on:change=move |ev| {
                    let route = Route::Insights { by: event_target_value(&ev) };
                    browser::replace_hash(&route.to_hash());
                    state.route.set(route);
                }>
                    {Dimension::ALL.into_iter().map(|d| view! {
                        <option value=d.as_str() selected=move || dim.get() == d>{d.label()}</option>
                    }).collect_view()}
                </select>
            </label>
            <p class="hint scroll-cue">"The table scrolls sideways: swipe it to see every column."</p>
            <div class="scroll-x">
                {move || m.with(|mx| {
                    let cols = mx.columns.clone();
                    view! {
                        <table class="matrix">
                            <thead><tr>
                                <th scope="col">"Tier"</th>
                                {cols.iter().map(|c| view! { <th scope="col">{c.clone()}</th> }).collect_view()}
                            </tr></thead>
                            <tbody>
                                {Tier::ALL.into_iter().enumerate().map(|(ti, t)| {
                                    let cells = mx.rows[ti].clone();
                                    view! {
                                        <tr>
                                            <th scope="row">{format!("Tier {}", t.label())}</th>
                                            {cells.into_iter().enumerate().map(|(ci, cell)| {
                                                let label = format!("{} · {}", cell.count, money(cell.revenue, &home()));
                                                if cell.count == 0 {
                                                    view! { <td class="zero">"0"</td> }.into_any()
                                                } else {
                                                    view! { <td><a href=Route::contacts(cell_query(t, ci)).to_hash()>{label}</a></td> }.into_any()
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
            <p class="hint">"Customers in each tier by the chosen dimension: count · revenue. A contact with several tags counts under each."</p>
        </section>
    }
}

#[component]
fn Strategies() -> impl IntoView {
    let state = expect_context::<AppState>();
    let tz = state.tz();
    let lists = Memo::new(move |_| {
        state.with_analysis(|b, f, s| {
            state
                .follow_ups
                .with(|fu| strategies(b, f, s, fu, tz, LIST_LIMIT))
        })
    });
    view! {
        <div class="strategies">
            <WorkList title="Prospecting" blurb="Prospects with no contact for 14 days or no next step planned."
                empty="Every prospect has been contacted lately and has a next step."
                items=Signal::derive(move || lists.with(|l| l.prospecting.clone())) />
            <WorkList title="Cross-selling" blurb="Active A and B customers who buy fewer products or services than is typical for their tier."
                empty="No A or B customer is below their tier's typical range."
                items=Signal::derive(move || lists.with(|l| l.cross_selling.clone())) />
            <WorkList title="Win-back" blurb="Lapsed and at-risk customers, most valuable first."
                empty="Nobody is lapsed or at risk."
                items=Signal::derive(move || lists.with(|l| l.win_back.clone())) />
            <WorkList title="Loyalty" blurb="A-tier customers not contacted for 60 days."
                empty="Every A-tier customer has heard from you in the last 60 days."
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
    view! {
        <Section title empty blurb count=Signal::derive(move || items.with(Vec::len))>
            <ul class="items">
                <For each=move || items.get() key=|i| i.id let:item>
                    <li>
                        <ContactLink id=item.id />
                        <span class="why">{item.why.clone()}</span>
                        <a class="button" href=Route::LogInteraction(item.id).to_hash()>"Log interaction"</a>
                    </li>
                </For>
            </ul>
        </Section>
    }
}

#[component]
fn DashboardView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let tz = state.tz();
    let d = Memo::new(move |_| {
        state.with_analysis(|b, f, s| state.value.with(|v| dashboard(b, f, s, v, tz)))
    });
    let home = Signal::derive(move || state.value.with(|v| v.home_currency.clone()));
    view! {
        <section class="card dashboard" aria-labelledby="sec-dashboard">
            <h2 id="sec-dashboard">"Dashboard"</h2>
            {move || d.with(currency_note)}
            {move || d.with(|d| kpis(d, &home.get()))}
            {move || d.with(|d| charts(d, &home.get()))}
        </section>
    }
}

/// Says how other currencies count: converted at the user's rates, or — without a rate —
/// shown beside the figures and left out of them (never counted as zero in silence).
fn currency_note(d: &Dashboard) -> impl IntoView {
    let rates = d.rates_as_of.map(|day| {
        format!(
            "Other currencies are converted at your rates of {}. ",
            date_label(day)
        )
    });
    let without = (!d.without_rate.is_empty()).then(|| {
        let list: Vec<String> = d.without_rate.iter().map(|m| format!("+ {m}")).collect();
        view! {
            <strong data-testid="without-rate">{format!("{} without a rate", list.join(", "))}</strong>
            " is not counted in these figures: "
            <a href="#/settings">"set an exchange rate"</a>"."
        }
    });
    (rates.is_some() || without.is_some())
        .then(|| view! { <p class="hint currency-note">{rates}{without}</p> })
}

fn kpis(d: &Dashboard, home: &str) -> impl IntoView {
    let retention = match (d.retention, d.retention_by_halves) {
        (Some(r), false) => percent(r),
        (Some(r), true) => format!(
            "{} (one year of history: the last 6 months against the 6 before)",
            percent(r)
        ),
        (None, _) => "not enough history".into(),
    };
    let change = |now: i64, then: i64, against: &str| {
        if then == 0 {
            String::new()
        } else {
            let pct = 100.0 * (now - then) as f64 / then as f64;
            format!(" ({pct:+.0} % {against})")
        }
    };
    let facts: Vec<(&str, String)> = vec![
        ("Active customers", d.active.to_string()),
        ("New customers this month", d.new_this_month.to_string()),
        ("At risk", d.at_risk.to_string()),
        ("Lapsed", d.lapsed.to_string()),
        ("Won back this quarter", d.won_back_this_quarter.to_string()),
        ("12-month retention", retention),
        // Like with like: this month so far against the same days of last month; the
        // last full month against the month before it.
        (
            "Revenue this month",
            format!(
                "{} so far{}",
                money(d.revenue_this_month, home),
                change(
                    d.revenue_this_month,
                    d.revenue_last_month_same_days,
                    "on the same days of last month"
                )
            ),
        ),
        (
            "Last month",
            format!(
                "{}{}",
                money(d.revenue_last_month, home),
                change(
                    d.revenue_last_month,
                    d.revenue_month_before_last,
                    "on the month before"
                )
            ),
        ),
        (
            "Same month last year",
            format!(
                "{} (the whole month)",
                money(d.revenue_same_month_last_year, home)
            ),
        ),
    ];
    view! {
        <dl class="kpis">
            {facts.into_iter().map(|(k, v)| view! { <div><dt>{k}</dt><dd>{v}</dd></div> }).collect_view()}
        </dl>
    }
}

fn month_label(m: chrono::NaiveDate) -> String {
    date_label(m)
        .split(' ')
        .skip(1)
        .collect::<Vec<_>>()
        .join(" ")
}

fn charts(d: &Dashboard, home: &str) -> impl IntoView {
    let months: Vec<(String, f64, String)> = d
        .revenue_by_month
        .iter()
        .map(|m| {
            (
                month_label(m.month),
                m.revenue as f64,
                money(m.revenue, home),
            )
        })
        .collect();
    let short: Vec<String> = d
        .revenue_by_month
        .iter()
        .map(|m| {
            date_label(m.month)
                .split(' ')
                .nth(1)
                .unwrap_or("")
                .to_string()
        })
        .collect();
    let channels: Vec<(String, f64, String)> = d
        .by_channel
        .iter()
        .map(|(c, n)| (c.label().to_string(), *n as f64, n.to_string()))
        .collect();
    let funnel: Vec<(String, f64, String)> = d
        .funnel
        .iter()
        .map(|s| (s.label.to_string(), s.count as f64, s.count.to_string()))
        .collect();
    view! {
        <div class="charts">
            <Chart title="Revenue by month" head=("Month", "Revenue") rows=months.clone()>
                {columns(&months, &short)}
            </Chart>
            <Chart title="Interactions by channel, last 12 months" head=("Channel", "Interactions") rows=channels.clone()>
                {bars(&channels, false)}
            </Chart>
            <Chart title="Funnel" head=("Step", "Contacts") rows=funnel.clone()>
                {bars(&funnel, true)}
            </Chart>
        </div>
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
                    <text class="value" x=format!("{}", i as f64 * w + w / 2.0) y=format!("{}", top + h - bh - 3.0) text-anchor="middle">{compact(r.1 / 100.0)}</text>
                    <text x=format!("{}", i as f64 * w + w / 2.0) y=format!("{}", top + h + 14.0) text-anchor="middle">{labels.get(i).cloned().unwrap_or_default()}</text>
                }
            }).collect_view()}
        </svg>
    }
}

/// A whole-unit amount in a few characters: 950, 12k, 1.2M.
fn compact(x: f64) -> String {
    let a = x.abs();
    if a >= 1e6 {
        format!("{:.1}M", x / 1e6)
    } else if a >= 1e4 {
        format!("{:.0}k", x / 1e3)
    } else if a >= 1e3 {
        format!("{:.1}k", x / 1e3)
    } else {
        format!("{x:.0}")
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
