//! Texts of Deals: the board, its cards and the **Move to** menu (English and Turkish side by
//! side). Built-in stages are named here; a stage the user renamed shows the user's name.

pub struct Deals {
    pub title: &'static str,
    /// The board's accessible name.
    pub board: &'static str,
    /// A built-in stage's name, by its id (`lead`, `qualified`, `proposal`, `negotiation`);
    /// `None` for an id that is not built in.
    pub built_in_stage: fn(&str) -> Option<&'static str>,
    /// A column's count line: how many deals.
    pub count: fn(usize) -> String,
    /// A column's total and its weighted total (amount × probability).
    pub total: fn(&str) -> String,
    pub weighted: fn(&str) -> String,
    /// Amounts left out of a total: "+ EUR 990.00 without a rate".
    pub without_rate: fn(&str) -> String,
    pub empty_column: &'static str,
    /// The whole board without a deal.
    pub no_deals: &'static str,
    pub days_in_stage: fn(i64) -> String,
    /// The marker on a card with no activity for longer than its stage allows.
    pub going_cold: &'static str,
    pub no_amount: &'static str,
    pub move_to: &'static str,
    /// Announced once a move is saved: the deal's title and its new stage.
    pub moved: fn(&str, &str) -> String,

    // Insights' Pipeline.
    pub pipeline_title: &'static str,
    pub forecast: &'static str,
    pub col_month: &'static str,
    pub col_deals: &'static str,
    pub col_open: &'static str,
    pub col_weighted: &'static str,
    /// Under the forecast: open deals past their expected close count in this month.
    pub forecast_hint: &'static str,
    pub win_rate: &'static str,
    /// Won of decided, over the last 12 months.
    pub win_rate_of: fn(usize, usize) -> String,
    pub days_to_win: &'static str,
    pub days: fn(f64) -> String,
    pub none_decided: &'static str,
    pub lost_reasons: &'static str,
    pub col_reason: &'static str,
    pub conversion: &'static str,
    pub col_stage: &'static str,
    pub col_entered: &'static str,
    pub col_onward: &'static str,
    /// "2 of 3 (67 %)".
    pub onward_of: fn(usize, usize) -> String,
}

pub const EN: Deals = Deals {
    title: "Deals",
    board: "Pipeline board",
    built_in_stage: |id| match id {
        "lead" => Some("Lead"),
        "qualified" => Some("Qualified"),
        "proposal" => Some("Proposal sent"),
        "negotiation" => Some("Negotiation"),
        _ => None,
    },
    count: |n| match n {
        1 => "1 deal".into(),
        n => format!("{} deals", super::number(n as i64)),
    },
    total: |m| format!("Total {m}"),
    weighted: |m| format!("Weighted {m}"),
    without_rate: |list| format!("+ {list} without a rate"),
    empty_column: "No deals in this stage.",
    no_deals: "No deals yet. Start one with New deal, or from a contact's page.",
    days_in_stage: |d| match d {
        1 => "1 day in stage".into(),
        d => format!("{} days in stage", super::number(d)),
    },
    going_cold: "Going cold",
    no_amount: "No amount",
    move_to: "Move to",
    moved: |title, stage| format!("Moved “{title}” to {stage}."),
    pipeline_title: "Pipeline",
    forecast: "Forecast by expected close",
    col_month: "Month",
    col_deals: "Deals",
    col_open: "Open value",
    col_weighted: "Weighted forecast",
    forecast_hint: "Open deals whose expected close has passed count in this month. Deals without a close date are left out.",
    win_rate: "Win rate, last 12 months",
    win_rate_of: |won, decided| format!("{won} won of {decided} decided"),
    days_to_win: "Average days from creation to won",
    days: |d| format!("{d:.0} days"),
    none_decided: "No deal decided in the last 12 months.",
    lost_reasons: "Lost reasons, last 12 months",
    col_reason: "Reason",
    conversion: "Conversion from each stage",
    col_stage: "Stage",
    col_entered: "Entered",
    col_onward: "Went on",
    onward_of: |n, of| match of {
        0 => "—".into(),
        of => format!("{n} of {of} ({} %)", (n * 100 + of / 2) / of),
    },
};

pub const TR: Deals = Deals {
    title: "Fırsatlar",
    board: "Satış hunisi panosu",
    built_in_stage: |id| match id {
        "lead" => Some("Aday"),
        "qualified" => Some("Nitelikli"),
        "proposal" => Some("Teklif verildi"),
        "negotiation" => Some("Pazarlık"),
        _ => None,
    },
    count: |n| format!("{} fırsat", super::number(n as i64)),
    total: |m| format!("Toplam {m}"),
    weighted: |m| format!("Ağırlıklı {m}"),
    without_rate: |list| format!("+ kuru girilmemiş {list}"),
    empty_column: "Bu aşamada fırsat yok.",
    no_deals: "Henüz fırsat yok. Yeni fırsat ile ya da bir kişinin sayfasından başlatın.",
    days_in_stage: |d| format!("{} gündür bu aşamada", super::number(d)),
    going_cold: "Soğuyor",
    no_amount: "Tutar yok",
    move_to: "Taşı",
    moved: |title, stage| format!("“{title}” {stage} aşamasına taşındı."),
    pipeline_title: "Satış hunisi",
    forecast: "Beklenen kapanışa göre tahmin",
    col_month: "Ay",
    col_deals: "Fırsat",
    col_open: "Açık tutar",
    col_weighted: "Ağırlıklı tahmin",
    forecast_hint: "Beklenen kapanışı geçmiş açık fırsatlar bu ayda sayılır. Kapanış tarihi olmayanlar dahil değildir.",
    win_rate: "Kazanma oranı, son 12 ay",
    win_rate_of: |won, decided| format!("sonuçlanan {decided} fırsattan {won} kazanıldı"),
    days_to_win: "Oluşturmadan kazanmaya ortalama gün",
    days: |d| format!("{d:.0} gün"),
    none_decided: "Son 12 ayda sonuçlanan fırsat yok.",
    lost_reasons: "Kayıp nedenleri, son 12 ay",
    col_reason: "Neden",
    conversion: "Aşamadan aşamaya geçiş",
    col_stage: "Aşama",
    col_entered: "Giren",
    col_onward: "İlerleyen",
    onward_of: |n, of| match of {
        0 => "—".into(),
        of => format!("{of} fırsattan {n} (%{})", (n * 100 + of / 2) / of),
    },
};
