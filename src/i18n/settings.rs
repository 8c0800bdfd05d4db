//! Texts of Settings: language, value keys, exchange rates, storage (English and Turkish
//! side by side).

use crate::browser::Persistence;
use bakkal_core::analysis::keeping::Promise;
use bakkal_core::money::RateError;

pub struct Settings {
    pub title: &'static str,
    /// The Language select's label; kept exactly (tests and users find it by this name).
    pub language: &'static str,

    // Value keys
    pub value_keys: &'static str,
    pub value_keys_intro: &'static str,
    pub w_revenue: &'static str,
    pub w_frequency: &'static str,
    pub w_recency: &'static str,
    pub w_relationship: &'static str,
    pub w_referrals: &'static str,
    pub w_strategic: &'static str,
    /// Under a weight: its default ("Default 1. 0 leaves this key out.").
    pub weight_hint: fn(f64) -> String,
    pub tiers: &'static str,
    pub cut_a: &'static str,
    pub cut_a_hint: &'static str,
    pub cut_b: &'static str,
    pub cut_b_hint: &'static str,
    pub cut_c: &'static str,
    pub cut_c_hint: &'static str,
    pub lapse: &'static str,
    pub lapse_hint: &'static str,
    pub restore_defaults: &'static str,
    pub defaults_restored: &'static str,
    /// A number field's refusal: "Enter a number from {min} to {max}."
    pub number_range: fn(f64, f64) -> String,
    pub tiers_over_100: &'static str,

    // Exchange rates
    pub rates: &'static str,
    /// What the rates are, for the home currency.
    pub rates_intro: fn(&str) -> String,
    /// A rate field's label: "1 {currency} in {home}" (tests find it by this name).
    pub rate_label: fn(&str, &str) -> String,
    /// "Set on {date}."
    pub rate_set_on: fn(&str) -> String,
    pub no_rate: &'static str,
    pub save_rates: &'static str,
    pub rates_saved: &'static str,
    pub rate_error: fn(&RateError) -> String,

    // Storage
    pub storage: &'static str,
    pub persistent_storage: &'static str,
    pub persistence: fn(Persistence) -> &'static str,
    pub space_used: &'static str,
    /// "{used} of {quota} available to this site".
    pub usage: fn(&str, &str) -> String,
    pub usage_unknown: &'static str,
    pub checking: &'static str,
    pub contacts: &'static str,
    pub ask_persistence: &'static str,
    pub persistence_refused: &'static str,
    /// A size: "1.4 MB" / "1,4 MB", "512 bytes" / "512 bayt" (decimal units, as the
    /// browser's storage estimate is).
    pub bytes: fn(f64) -> String,
    pub keeping: &'static str,
    pub promise: fn(bakkal_core::analysis::keeping::Promise) -> &'static str,
    pub installed: &'static str,
    pub yes_no: fn(bool) -> &'static str,
    pub last_backup: &'static str,
    pub last_sync: &'static str,
    pub never: &'static str,
}

/// `v` in units of 1000: the number of units to divide by, and the value.
fn scaled(b: f64) -> (usize, f64) {
    let mut v = b;
    let mut u = 0;
    while v >= 1000.0 && u < 4 {
        v /= 1000.0;
        u += 1;
    }
    (u, v)
}

/// A setting's number with a decimal comma, as Turkish writes it: `2,5`.
fn comma(x: f64) -> String {
    format!("{x}").replace('.', ",")
}

pub const EN: Settings = Settings {
    title: "Settings",
    language: "Language",

    value_keys: "Value keys",
    value_keys_intro: "A customer's value score (0–100) is the weighted average of their ranks (0–100 within your book) on each key. Only the weights' ratios matter. Changes apply at once.",
    w_revenue: "Lifetime revenue weight",
    w_frequency: "Frequency weight",
    w_recency: "Recency weight",
    w_relationship: "Relationship length weight",
    w_referrals: "Referrals weight",
    w_strategic: "Strategic importance weight",
    weight_hint: |d| format!("Default {d}. 0 leaves this key out."),
    tiers: "Tiers",
    cut_a: "Tier A: top share (%)",
    cut_a_hint: "Default 5 %.",
    cut_b: "Tier B: next share (%)",
    cut_b_hint: "Default 15 %.",
    cut_c: "Tier C: next share (%)",
    cut_c_hint: "Default 30 %; D is the rest.",
    lapse: "Lapsed after (days)",
    lapse_hint: "Default 365: no purchase for longer than this is lapsed.",
    restore_defaults: "Restore default value keys",
    defaults_restored: "Value keys restored to their defaults.",
    number_range: |min, max| format!("Enter a number from {min} to {max}."),
    tiers_over_100: "Tiers A, B and C together can cover at most 100 %.",

    rates: "Exchange rates",
    rates_intro: |home| format!("How much one unit of each currency is worth in {home}. Revenue in a currency with a rate counts converted; without a rate it is shown beside the totals, never as zero. Leave a field empty for no rate."),
    rate_label: |code, home| format!("1 {code} in {home}"),
    rate_set_on: |date| format!("Set on {date}."),
    no_rate: "No rate.",
    save_rates: "Save exchange rates",
    rates_saved: "Exchange rates saved; revenue figures use them now.",
    rate_error: |e| match e {
        RateError::NotARate(input) => {
            format!("“{input}” is not a rate: write how much one unit is worth, e.g. 43,51.")
        }
        RateError::TooManyDecimals => "A rate has at most six decimals.".into(),
        RateError::NotAboveZero => "A rate must be above zero.".into(),
    },

    storage: "Storage",
    persistent_storage: "Persistent storage",
    persistence: |p| match p {
        Persistence::Granted => "Granted: the browser will not delete Bakkal's data to free space.",
        Persistence::NotGranted => "Not granted: under storage pressure the browser may delete Bakkal's data. Export backups regularly.",
        Persistence::Unsupported => "Not supported by this browser: export backups regularly.",
    },
    space_used: "Space used",
    usage: |used, quota| format!("{used} of {quota} available to this site"),
    usage_unknown: "This browser does not report it.",
    checking: "Checking…",
    contacts: "Contacts",
    ask_persistence: "Ask for persistent storage",
    persistence_refused: "The browser did not grant persistent storage. Chromium grants it to sites you visit often or install; Firefox asks you.",
    bytes: |b| {
        const UNITS: [&str; 5] = ["bytes", "KB", "MB", "GB", "TB"];
        match scaled(b) {
            (0, v) => format!("{v:.0} {}", UNITS[0]),
            (u, v) => format!("{v:.1} {}", UNITS[u]),
        }
    },
    keeping: "Keeping the book",
    promise: |p| match p {
        Promise::Kept => "This browser has promised to keep the book.",
        Promise::MayErase => "This browser may erase the book after 7 days without a visit. Add Bakkal to the Home Screen, start sync, or export backups.",
        Promise::MayEvict => "This browser may delete the book when space runs low. Export backups regularly.",
        Promise::Unknown => "Unknown: this browser does not say. Export backups regularly.",
    },
    installed: "Installed as an app",
    yes_no: |b| if b { "Yes" } else { "No" },
    last_backup: "Last backup",
    last_sync: "Last completed sync",
    never: "Never",
};

pub const TR: Settings = Settings {
    title: "Ayarlar",
    language: "Dil",

    value_keys: "Değer ölçütleri",
    value_keys_intro: "Bir müşterinin değer puanı (0–100), her ölçütteki sırasının (defterinizde 0–100 arası) ağırlıklı ortalamasıdır. Yalnızca ağırlıkların birbirine oranı önemlidir. Değişiklikler hemen uygulanır.",
    w_revenue: "Toplam ciro ağırlığı",
    w_frequency: "Sıklık ağırlığı",
    w_recency: "Yenilik ağırlığı",
    w_relationship: "İlişki süresi ağırlığı",
    w_referrals: "Tavsiyeler ağırlığı",
    w_strategic: "Stratejik önem ağırlığı",
    weight_hint: |d| format!("Varsayılan: {}. 0 bu ölçütü hesaba katmaz.", comma(d)),
    tiers: "Kademeler",
    cut_a: "A kademesi: en üst dilim (%)",
    cut_a_hint: "Varsayılan: %5.",
    cut_b: "B kademesi: sonraki dilim (%)",
    cut_b_hint: "Varsayılan: %15.",
    cut_c: "C kademesi: sonraki dilim (%)",
    cut_c_hint: "Varsayılan: %30; kalanlar D kademesindedir.",
    lapse: "Kopmuş sayılma süresi (gün)",
    lapse_hint: "Varsayılan: 365. Bundan uzun süredir satın alma yapmayan müşteri kopmuş sayılır.",
    restore_defaults: "Varsayılan değer ölçütlerine dön",
    defaults_restored: "Değer ölçütleri varsayılanlara döndürüldü.",
    number_range: |min, max| {
        format!(
            "{} ile {} arasında bir sayı girin.",
            comma(min),
            comma(max)
        )
    },
    tiers_over_100: "A, B ve C kademeleri birlikte en fazla %100'ü kapsayabilir.",

    rates: "Döviz kurları",
    rates_intro: |home| format!("Her para biriminin bir biriminin {home} cinsinden karşılığı. Kuru girilmiş para birimindeki ciro çevrilerek sayılır; kuru olmayan ciro toplamların yanında ayrıca gösterilir, hiçbir zaman sıfır sayılmaz. Kur girmek istemediğiniz alanı boş bırakın."),
    rate_label: |code, home| format!("{home} cinsinden 1 {code}"),
    rate_set_on: |date| format!("{date} tarihinde girildi."),
    no_rate: "Kur yok.",
    save_rates: "Döviz kurlarını kaydet",
    rates_saved: "Döviz kurları kaydedildi; ciro rakamları artık bu kurlarla hesaplanıyor.",
    rate_error: |e| match e {
        RateError::NotARate(input) => {
            format!("“{input}” geçerli bir kur değil: bir birimin karşılığını yazın, örneğin 43,51.")
        }
        RateError::TooManyDecimals => "Kurda en fazla altı ondalık basamak olabilir.".into(),
        RateError::NotAboveZero => "Kur sıfırdan büyük olmalıdır.".into(),
    },

    storage: "Depolama",
    persistent_storage: "Kalıcı depolama",
    persistence: |p| match p {
        Persistence::Granted => "İzin verildi: tarayıcı yer açmak için Bakkal'ın verilerini silmeyecek.",
        Persistence::NotGranted => "İzin verilmedi: depolama alanı daraldığında tarayıcı Bakkal'ın verilerini silebilir. Düzenli olarak yedek alın.",
        Persistence::Unsupported => "Bu tarayıcı desteklemiyor: düzenli olarak yedek alın.",
    },
    space_used: "Kullanılan alan",
    usage: |used, quota| format!("Bu siteye ayrılan {quota} alanın {used} kadarı kullanılıyor"),
    usage_unknown: "Bu tarayıcı bu bilgiyi vermiyor.",
    checking: "Denetleniyor…",
    contacts: "Kişiler",
    ask_persistence: "Kalıcı depolama iste",
    persistence_refused: "Tarayıcı kalıcı depolamaya izin vermedi. Chromium bu izni sık ziyaret ettiğiniz ya da yüklediğiniz sitelere verir; Firefox size sorar.",
    bytes: |b| {
        const UNITS: [&str; 5] = ["bayt", "KB", "MB", "GB", "TB"];
        match scaled(b) {
            (0, v) => format!("{v:.0} {}", UNITS[0]),
            (u, v) => format!("{v:.1} {}", UNITS[u]).replace('.', ","),
        }
    },
    keeping: "Defterin korunması",
    promise: |p| match p {
        Promise::Kept => "Bu tarayıcı defteri saklayacağına söz verdi.",
        Promise::MayErase => "Bu tarayıcı, 7 gün ziyaret edilmezse defteri silebilir. Bakkal'ı Ana Ekran'a ekleyin, eşitlemeyi başlatın ya da yedek alın.",
        Promise::MayEvict => "Bu tarayıcı, yer daraldığında defteri silebilir. Düzenli olarak yedek alın.",
        Promise::Unknown => "Bilinmiyor: bu tarayıcı bir şey söylemiyor. Düzenli olarak yedek alın.",
    },
    installed: "Uygulama olarak kurulu",
    yes_no: |b| if b { "Evet" } else { "Hayır" },
    last_backup: "Son yedek",
    last_sync: "Son tamamlanan eşitleme",
    never: "Hiç",
};
