//! Texts of Insights: the customer pyramid, the segments matrix, the four strategies and
//! their reasons, the dashboard with its figures and charts (English and Turkish side by
//! side). The core gives the figures (`analysis::insights`: `Reason`, `FunnelStep`,
//! `Dimension`…); the words are here.

use super::{date, number};
use bakkal_core::analysis::insights::{Dimension, FunnelStep, LastPurchase, Reason};
use bakkal_core::analysis::value::{Status, Tier};

pub struct Insights {
    pub title: &'static str,
    /// Before any customer: how Insights fill up.
    pub empty: &'static str,
    /// A share (0.0–1.0) as a whole percentage: "25 %" / "%25".
    pub percent: fn(f64) -> String,

    // The pyramid.
    pub pyramid_title: &'static str,
    /// The table's caption, with the number of customers.
    pub customers_by_tier: fn(usize) -> String,
    pub col_tier: &'static str,
    pub col_customers: &'static str,
    pub col_revenue: &'static str,
    pub col_share: &'static str,
    /// A tier's name: "Tier A" / "A kademesi".
    pub tier: fn(Tier) -> String,
    /// The cut-offs A, B and C as shares (0.0–1.0).
    pub pyramid_hint: fn(f64, f64, f64) -> String,

    // The segments matrix.
    pub matrix_title: &'static str,
    /// The label before the dimension select.
    pub tiers_by: &'static str,
    pub dimension: fn(Dimension) -> &'static str,
    /// The column of everything beyond the top values.
    pub other: &'static str,
    pub scroll_cue: &'static str,
    pub matrix_hint: &'static str,

    // The strategies.
    pub prospecting: &'static str,
    pub prospecting_blurb: &'static str,
    pub prospecting_empty: &'static str,
    pub cross_selling: &'static str,
    pub cross_selling_blurb: &'static str,
    pub cross_selling_empty: &'static str,
    pub win_back: &'static str,
    pub win_back_blurb: &'static str,
    pub win_back_empty: &'static str,
    pub loyalty: &'static str,
    pub loyalty_blurb: &'static str,
    pub loyalty_empty: &'static str,
    /// Why a contact is on a work list.
    pub reason: fn(&Reason) -> String,
    pub log_interaction: &'static str,

    // The dashboard.
    pub dashboard_title: &'static str,
    /// The day of the newest exchange rate, in words.
    pub converted_at: fn(&str) -> String,
    /// The amounts left out ("+ 256,800.00 GBP, + …"), the rest of the sentence, its link.
    pub without_rate: fn(&str) -> String,
    pub not_counted: &'static str,
    pub set_rate: &'static str,
    pub kpi_active: &'static str,
    pub kpi_new: &'static str,
    pub kpi_at_risk: &'static str,
    pub kpi_lapsed: &'static str,
    pub kpi_won_back: &'static str,
    pub kpi_retention: &'static str,
    /// Retention measured on one year of history (the percentage in words).
    pub retention_by_halves: fn(&str) -> String,
    pub not_enough_history: &'static str,
    pub kpi_revenue_this_month: &'static str,
    /// This month's revenue so far, and its change in words (or "").
    pub so_far: fn(&str, &str) -> String,
    /// Percent change against the same days of last month / against the month before.
    pub change_same_days: fn(f64) -> String,
    pub change_month_before: fn(f64) -> String,
    pub kpi_last_month: &'static str,
    pub kpi_same_month_last_year: &'static str,
    pub whole_month: fn(&str) -> String,

    // The charts.
    pub revenue_by_month: &'static str,
    pub col_month: &'static str,
    /// Month names in short, January first, under the revenue columns.
    pub short_months: [&'static str; 12],
    /// A whole-unit amount in a few characters: 950, 12k, 1.2M.
    pub compact: fn(f64) -> String,
    pub by_channel: &'static str,
    pub col_channel: &'static str,
    pub col_interactions: &'static str,
    pub funnel: &'static str,
    pub col_step: &'static str,
    pub col_contacts: &'static str,
    pub funnel_step: fn(FunnelStep) -> &'static str,
}

/// A number with at most one decimal, with the language's decimal separator: 2, 2.5 / 2,5.
fn one_decimal(x: f64, separator: char) -> String {
    if x.fract() == 0.0 {
        number(x as i64)
    } else {
        format!("{x:.1}").replace('.', &separator.to_string())
    }
}

fn en_days(n: i64) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{} days", number(n))
    }
}

fn en_reason(r: &Reason) -> String {
    match *r {
        Reason::Prospect {
            days_since_contact,
            quiet,
            next_step,
        } => {
            let mut why = match days_since_contact {
                None => "Never contacted".to_string(),
                Some(d) if quiet => format!("No contact for {}", en_days(d)),
                Some(0) => "Last contact today".to_string(),
                Some(d) => format!("Last contact {} ago", en_days(d)),
            };
            if !next_step {
                why.push_str("; no next step planned");
            }
            why
        }
        Reason::FewProducts {
            products,
            tier,
            typical,
        } => {
            let bought = match products {
                0 => "No product recorded".to_string(),
                1 => "Bought 1 product".to_string(),
                n => format!("Bought {} products", number(n as i64)),
            };
            format!(
                "{bought}; typical for tier {} is {}",
                tier.label(),
                one_decimal(typical, '.')
            )
        }
        Reason::WinBack {
            status,
            last_purchase,
        } => {
            let label = (super::common::EN.status)(status);
            match (status, last_purchase) {
                (Status::AtRisk, Some(LastPurchase { days_ago, .. })) => {
                    format!("{label} — last purchase {} ago", en_days(days_ago))
                }
                (_, Some(LastPurchase { on, .. })) => {
                    format!("{label} — last purchase {}", date(on))
                }
                (_, None) => label.to_string(),
            }
        }
        Reason::Loyalty { days_since_contact } => match days_since_contact {
            Some(d) => format!("Tier A, no contact for {}", en_days(d)),
            None => "Tier A, never contacted".to_string(),
        },
    }
}

fn tr_reason(r: &Reason) -> String {
    match *r {
        Reason::Prospect {
            days_since_contact,
            quiet,
            next_step,
        } => {
            let mut why = match days_since_contact {
                None => "Hiç görüşülmedi".to_string(),
                Some(d) if quiet => format!("{} gündür görüşülmedi", number(d)),
                Some(0) => "Son görüşme bugün".to_string(),
                Some(d) => format!("Son görüşme {} gün önce", number(d)),
            };
            if !next_step {
                why.push_str("; planlanmış bir sonraki adım yok");
            }
            why
        }
        Reason::FewProducts {
            products,
            tier,
            typical,
        } => {
            let bought = match products {
                0 => "Kayıtlı ürün yok".to_string(),
                n => format!("{} ürün aldı", number(n as i64)),
            };
            format!(
                "{bought}; {} kademesinde olağan sayı {}",
                tier.label(),
                one_decimal(typical, ',')
            )
        }
        Reason::WinBack {
            status,
            last_purchase,
        } => {
            let label = (super::common::TR.status)(status);
            match (status, last_purchase) {
                (Status::AtRisk, Some(LastPurchase { days_ago, .. })) => {
                    format!("{label} — son satın alma {} gün önce", number(days_ago))
                }
                (_, Some(LastPurchase { on, .. })) => {
                    format!("{label} — son satın alma {}", date(on))
                }
                (_, None) => label.to_string(),
            }
        }
        Reason::Loyalty { days_since_contact } => match days_since_contact {
            Some(d) => format!("A kademesi, {} gündür görüşülmedi", number(d)),
            None => "A kademesi, hiç görüşülmedi".to_string(),
        },
    }
}

/// Turkish writes the percent sign first, and a sign before it: "%25", "+%12", "-%5".
fn tr_percent(pct: f64) -> String {
    format!("%{pct:.0}")
}

fn tr_change(pct: f64) -> String {
    let sign = if pct < 0.0 { "-" } else { "+" };
    format!("{sign}%{:.0}", pct.abs())
}

pub const EN: Insights = Insights {
    title: "Insights",
    empty: "Insights appear once purchases are logged: a contact becomes a customer with their first purchase. Log one from a contact's page (type Purchase), or load the sample data from Contacts.",
    percent: |x| format!("{:.0} %", 100.0 * x),

    pyramid_title: "Customer pyramid",
    customers_by_tier: |n| match n {
        1 => "1 customer by tier".into(),
        n => format!("{} customers by tier", number(n as i64)),
    },
    col_tier: "Tier",
    col_customers: "Customers",
    col_revenue: "Revenue",
    col_share: "Share of revenue",
    tier: |t| format!("Tier {}", t.label()),
    pyramid_hint: |a, b, c| {
        format!(
            "Tiers by value score: A the top {:.0} %, B the next {:.0} %, C the next {:.0} %, D the rest. Weights and cut-offs are under Settings.",
            100.0 * a,
            100.0 * b,
            100.0 * c
        )
    },

    matrix_title: "Segments matrix",
    tiers_by: "Tiers by ",
    dimension: |d| match d {
        Dimension::City => "City",
        Dimension::Region => "Region",
        Dimension::Tag => "Tag",
        Dimension::Source => "Source",
        Dimension::Organisation => "Organisation",
    },
    other: "Other",
    scroll_cue: "The table scrolls sideways: swipe it to see every column.",
    matrix_hint: "Customers in each tier by the chosen dimension: count · revenue. A contact with several tags counts under each.",

    prospecting: "Prospecting",
    prospecting_blurb: "Prospects with no contact for 14 days or no next step planned.",
    prospecting_empty: "Every prospect has been contacted lately and has a next step.",
    cross_selling: "Cross-selling",
    cross_selling_blurb: "Active A and B customers who buy fewer products or services than is typical for their tier.",
    cross_selling_empty: "No A or B customer is below their tier's typical range.",
    win_back: "Win-back",
    win_back_blurb: "Lapsed and at-risk customers, most valuable first.",
    win_back_empty: "Nobody is lapsed or at risk.",
    loyalty: "Loyalty",
    loyalty_blurb: "A-tier customers not contacted for 60 days.",
    loyalty_empty: "Every A-tier customer has heard from you in the last 60 days.",
    reason: en_reason,
    log_interaction: "Log interaction",

    dashboard_title: "Dashboard",
    converted_at: |day| format!("Other currencies are converted at your rates of {day}. "),
    without_rate: |list| format!("{list} without a rate"),
    not_counted: " is not counted in these figures: ",
    set_rate: "set an exchange rate",
    kpi_active: "Active customers",
    kpi_new: "New customers this month",
    kpi_at_risk: "At risk",
    kpi_lapsed: "Lapsed",
    kpi_won_back: "Won back this quarter",
    kpi_retention: "12-month retention",
    retention_by_halves: |p| {
        format!("{p} (one year of history: the last 6 months against the 6 before)")
    },
    not_enough_history: "not enough history",
    kpi_revenue_this_month: "Revenue this month",
    so_far: |amount, change| format!("{amount} so far{change}"),
    change_same_days: |pct| format!(" ({pct:+.0} % on the same days of last month)"),
    change_month_before: |pct| format!(" ({pct:+.0} % on the month before)"),
    kpi_last_month: "Last month",
    kpi_same_month_last_year: "Same month last year",
    whole_month: |amount| format!("{amount} (the whole month)"),

    revenue_by_month: "Revenue by month",
    col_month: "Month",
    short_months: [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
    compact: |x| {
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
    },
    by_channel: "Interactions by channel, last 12 months",
    col_channel: "Channel",
    col_interactions: "Interactions",
    funnel: "Funnel",
    col_step: "Step",
    col_contacts: "Contacts",
    funnel_step: |s| match s {
        FunnelStep::Contacts => "Contacts",
        FunnelStep::Contacted => "Contacted",
        FunnelStep::Bought => "Bought",
        FunnelStep::BoughtAgain => "Bought again",
        FunnelStep::TopTiers => "Tier A or B",
    },
};

pub const TR: Insights = Insights {
    title: "Analiz",
    empty: "Analizler satın almalar kaydedildikçe oluşur: bir kişi ilk satın almasıyla müşteri olur. Bir kişinin sayfasından satın alma kaydedin (tür: Satın alma) ya da Kişiler sayfasından örnek verileri yükleyin.",
    percent: |x| tr_percent(100.0 * x),

    pyramid_title: "Müşteri piramidi",
    customers_by_tier: |n| format!("Kademelere göre {} müşteri", number(n as i64)),
    col_tier: "Kademe",
    col_customers: "Müşteri",
    col_revenue: "Ciro",
    col_share: "Cirodaki payı",
    tier: |t| format!("{} kademesi", t.label()),
    pyramid_hint: |a, b, c| {
        format!(
            "Kademeler değer puanına göredir: A en üstteki {}, B sonraki {}, C sonraki {}, D geri kalanlar. Ağırlıkları ve eşikleri Ayarlar'da değiştirebilirsiniz.",
            tr_percent(100.0 * a),
            tr_percent(100.0 * b),
            tr_percent(100.0 * c)
        )
    },

    matrix_title: "Segment matrisi",
    tiers_by: "Kademe kırılımı: ",
    dimension: |d| match d {
        Dimension::City => "Şehir",
        Dimension::Region => "Bölge",
        Dimension::Tag => "Etiket",
        Dimension::Source => "Kaynak",
        Dimension::Organisation => "Kuruluş",
    },
    other: "Diğer",
    scroll_cue: "Tablo yana kayar: tüm sütunları görmek için kaydırın.",
    matrix_hint: "Seçilen boyuta göre her kademedeki müşteriler: sayı · ciro. Birden çok etiketi olan bir kişi her birinde sayılır.",

    prospecting: "Müşteri kazanımı",
    prospecting_blurb: "14 gündür görüşülmemiş ya da planlanmış bir sonraki adımı olmayan potansiyel müşteriler.",
    prospecting_empty: "Her potansiyel müşteriyle yakın zamanda görüşülmüş ve hepsinin bir sonraki adımı var.",
    cross_selling: "Çapraz satış",
    cross_selling_blurb: "Kademesi için olağan sayıdan daha az ürün ya da hizmet alan aktif A ve B müşterileri.",
    cross_selling_empty: "Kademesinin olağan aralığının altında kalan A ya da B müşterisi yok.",
    win_back: "Geri kazanım",
    win_back_blurb: "Kopmuş ve risk altındaki müşteriler, en değerlisi önce.",
    win_back_empty: "Kopmuş ya da risk altında müşteri yok.",
    loyalty: "Sadakat",
    loyalty_blurb: "A kademesinde olup 60 gündür görüşülmemiş müşteriler.",
    loyalty_empty: "A kademesindeki her müşteriyle son 60 gün içinde görüştünüz.",
    reason: tr_reason,
    log_interaction: "Görüşme kaydet",

    dashboard_title: "Gösterge paneli",
    converted_at: |day| format!("Diğer para birimleri {day} tarihli kurlarınızla çevrildi. "),
    without_rate: |list| format!("Kuru girilmemiş {list}"),
    not_counted: " bu rakamlara dahil edilmedi: ",
    set_rate: "döviz kuru girin",
    kpi_active: "Aktif müşteriler",
    kpi_new: "Bu ayın yeni müşterileri",
    kpi_at_risk: "Risk altında",
    kpi_lapsed: "Kopmuş",
    kpi_won_back: "Bu çeyrekte geri kazanılan",
    kpi_retention: "12 aylık elde tutma",
    retention_by_halves: |p| format!("{p} (bir yıllık geçmiş: son 6 ay, önceki 6 aya göre)"),
    not_enough_history: "yeterli geçmiş yok",
    kpi_revenue_this_month: "Bu ayın cirosu",
    so_far: |amount, change| format!("şimdiye kadar {amount}{change}"),
    change_same_days: |pct| format!(" (geçen ayın aynı günlerine göre {})", tr_change(pct)),
    change_month_before: |pct| format!(" (önceki aya göre {})", tr_change(pct)),
    kpi_last_month: "Geçen ay",
    kpi_same_month_last_year: "Geçen yıl aynı ay",
    whole_month: |amount| format!("{amount} (ayın tamamı)"),

    revenue_by_month: "Aylara göre ciro",
    col_month: "Ay",
    short_months: [
        "Oca", "Şub", "Mar", "Nis", "May", "Haz", "Tem", "Ağu", "Eyl", "Eki", "Kas", "Ara",
    ],
    compact: |x| {
        let a = x.abs();
        let comma = |s: String| s.replace('.', ",");
        if a >= 1e6 {
            comma(format!("{:.1} Mn", x / 1e6))
        } else if a >= 1e4 {
            format!("{:.0} B", x / 1e3)
        } else if a >= 1e3 {
            comma(format!("{:.1} B", x / 1e3))
        } else {
            format!("{x:.0}")
        }
    },
    by_channel: "Kanallara göre görüşmeler, son 12 ay",
    col_channel: "Kanal",
    col_interactions: "Görüşme",
    funnel: "Huni",
    col_step: "Adım",
    col_contacts: "Kişi",
    funnel_step: |s| match s {
        FunnelStep::Contacts => "Kişiler",
        FunnelStep::Contacted => "Görüşülen",
        FunnelStep::Bought => "Satın alan",
        FunnelStep::BoughtAgain => "Yeniden satın alan",
        FunnelStep::TopTiers => "A veya B kademesi",
    },
};
