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
};
