//! Insights' figures, kept while what they come from is unchanged: opening Insights again
//! only draws them, and a weight change counts the matrix's cells again without grouping
//! the customers anew (`analysis::insights::grouping`). Each is a memo, so nothing is
//! computed until Insights is first opened.

use super::AppState;
use bakkal_core::analysis::insights::{
    dashboard_of, grouping, matrix_of, pyramid, strategies, Dashboard, Dimension, Matrix,
    PyramidRow, Strategies,
};
use bakkal_core::route::Route;
use leptos::prelude::*;

/// Longest work list shown per strategy.
pub const LIST_LIMIT: usize = 12;
/// Most columns in the segments matrix (the rest go to "Other").
pub const MATRIX_COLUMNS: usize = 8;

#[derive(Clone, Copy)]
pub struct InsightsFigures {
    pub pyramid: Memo<[PyramidRow; 4]>,
    /// The matrix's dimension: the one in the address while Insights is shown, and the
    /// last one shown elsewhere (so leaving Insights recomputes nothing).
    pub dimension: Memo<Dimension>,
    pub matrix: Memo<Matrix>,
    pub strategies: Memo<Strategies>,
    pub dashboard: Memo<Dashboard>,
}

impl InsightsFigures {
    pub(super) fn new(state: AppState) -> Self {
        let dimension = Memo::new(move |last: Option<&Dimension>| {
            state.route.with(|r| match r {
                Route::Insights { by } => Dimension::parse(by).unwrap_or(Dimension::City),
                _ => last.copied().unwrap_or(Dimension::City),
            })
        });
        let grouping = Memo::new(move |_| {
            let dim = dimension.get();
            state
                .book
                .with(|b| state.facts.with(|f| grouping(b, f, dim)))
        });
        // All but the funnel's last step, which follows the weights. The settings are read
        // untracked: what it takes from them (the rates) changes the facts too.
        let dashboard = Memo::new(move |_| {
            state.book.with(|b| {
                state
                    .facts
                    .with(|f| state.value.with_untracked(|v| dashboard_of(b, f, v)))
            })
        });
        InsightsFigures {
            pyramid: Memo::new(move |_| state.with_analysis(|_, f, s| pyramid(f, s))),
            dimension,
            matrix: Memo::new(move |_| {
                grouping.with(|g| state.scoring.with(|s| matrix_of(g, s, MATRIX_COLUMNS)))
            }),
            strategies: Memo::new(move |_| {
                state.with_analysis(|b, f, s| {
                    state
                        .follow_ups
                        .with(|fu| strategies(b, f, s, fu, LIST_LIMIT))
                })
            }),
            dashboard: Memo::new(move |_| {
                let mut d = dashboard.get();
                state.scoring.with(|s| d.count_top_tiers(s));
                d
            }),
        }
    }
}
