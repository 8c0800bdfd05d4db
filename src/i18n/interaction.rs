//! Texts of the Log interaction form (new and edit) and the Add follow-up form, with the
//! words for the core's validation errors (English and Turkish side by side).

use bakkal_core::model::interaction_draft::InteractionError;
use bakkal_core::money::AmountError;

pub struct Interaction {
    pub not_found: &'static str,
    /// After "Interaction not found", before the link back.
    pub may_be_deleted: &'static str,
    pub back_to_contact: &'static str,
    pub contact_not_found: &'static str,
    pub back_to_contacts: &'static str,
    /// Headings; "Log interaction" is also the contact page's button.
    pub edit_title: &'static str,
    pub log_title: &'static str,
    /// Under the heading, around the contact's name: "with " + name + "".
    pub with_before: &'static str,
    pub with_after: &'static str,
    pub channel: &'static str,
    pub direction: &'static str,
    pub kind: &'static str,
    pub summary: &'static str,
    pub details: &'static str,
    pub date: &'static str,
    pub time: &'static str,
    pub time_hint: &'static str,
    pub amount: &'static str,
    pub amount_hint: &'static str,
    pub currency: &'static str,
    pub product: &'static str,
    pub status: &'static str,
    pub status_open: &'static str,
    pub status_resolved: &'static str,
    pub follow_up_on: &'static str,
    pub follow_up_hint: &'static str,
    pub changed_underneath: &'static str,
    pub saved: &'static str,
    pub deleted: &'static str,
    /// Add follow-up: heading, "for " + name + "", note field, bad date, done.
    pub add_follow_up: &'static str,
    pub for_before: &'static str,
    pub for_after: &'static str,
    pub note: &'static str,
    pub bad_follow_up_date: &'static str,
    pub follow_up_added: &'static str,
    /// A validation error of the form, beside its field.
    pub error: fn(&InteractionError) -> String,
    /// Why an amount could not be read.
    pub amount_error: fn(&AmountError) -> String,
}

pub const EN: Interaction = Interaction {
    not_found: "Interaction not found",
    may_be_deleted: "It may have been deleted. ",
    back_to_contact: "Back to the contact",
    contact_not_found: "Contact not found",
    back_to_contacts: "Back to contacts",
    edit_title: "Edit interaction",
    log_title: "Log interaction",
    with_before: "with ",
    with_after: "",
    channel: "Channel",
    direction: "Direction",
    kind: "Type",
    summary: "Summary",
    details: "Details",
    date: "Date",
    time: "Time",
    time_hint: "Optional. In your time zone.",
    amount: "Amount",
    amount_hint: "1.234,56 or 1,234.56; for TRY also 1.500 or 1.500 TL",
    currency: "Currency",
    product: "Product",
    status: "Status",
    status_open: "Open",
    status_resolved: "Resolved",
    follow_up_on: "Follow up on",
    follow_up_hint: "Optional: adds a follow-up for that day.",
    changed_underneath: "This interaction was changed in another tab since you opened this form. Saving keeps both changes; if the same field was changed, nothing is saved and you are told.",
    saved: "Saved.",
    deleted: "Interaction deleted.",
    add_follow_up: "Add follow-up",
    for_before: "for ",
    for_after: "",
    note: "Note",
    bad_follow_up_date: "Follow up on must be a date like 2026-12-01.",
    follow_up_added: "Follow-up added.",
    error: |e| match e {
        InteractionError::SummaryMissing => "A summary is required.".into(),
        InteractionError::BadDate => "Date must be a date like 2026-11-24.".into(),
        InteractionError::BadTime => "Time must be like 14:30.".into(),
        InteractionError::Amount(a) => en_amount(a),
        InteractionError::BadCurrency => "Currency must be a three-letter code such as TRY.".into(),
        InteractionError::BadFollowUp => "Follow-up must be a date like 2026-12-01.".into(),
    },
    amount_error: en_amount,
};

pub const TR: Interaction = Interaction {
    not_found: "Görüşme bulunamadı",
    may_be_deleted: "Silinmiş olabilir. ",
    back_to_contact: "Kişiye dön",
    contact_not_found: "Kişi bulunamadı",
    back_to_contacts: "Kişilere dön",
    edit_title: "Görüşmeyi düzenle",
    log_title: "Görüşme kaydet",
    with_before: "",
    with_after: " ile",
    channel: "Kanal",
    direction: "Yön",
    kind: "Tür",
    summary: "Özet",
    details: "Ayrıntılar",
    date: "Tarih",
    time: "Saat",
    time_hint: "İsteğe bağlı. Kendi saat diliminizde.",
    amount: "Tutar",
    // Under Turkish a dot before three digits groups thousands in any currency.
    amount_hint: "1.234,56 ya da 1,234.56; 1.500 ya da 1.500 TL de olur",
    currency: "Para birimi",
    product: "Ürün",
    status: "Durum",
    status_open: "Açık",
    status_resolved: "Çözüldü",
    follow_up_on: "Takip tarihi",
    follow_up_hint: "İsteğe bağlı: o gün için bir takip ekler.",
    changed_underneath: "Bu görüşme, formu açtığınızdan beri başka bir sekmede değiştirildi. Kaydederseniz iki değişiklik de korunur; aynı alan değiştirildiyse hiçbir şey kaydedilmez ve size bildirilir.",
    saved: "Kaydedildi.",
    deleted: "Görüşme silindi.",
    add_follow_up: "Takip ekle",
    for_before: "",
    for_after: " için",
    note: "Not",
    bad_follow_up_date: "Takip tarihi 2026-12-01 gibi bir tarih olmalı.",
    follow_up_added: "Takip eklendi.",
    error: |e| match e {
        InteractionError::SummaryMissing => "Özet gerekli.".into(),
        InteractionError::BadDate => "Tarih 2026-11-24 gibi bir tarih olmalı.".into(),
        InteractionError::BadTime => "Saat 14:30 gibi olmalı.".into(),
        InteractionError::Amount(a) => tr_amount(a),
        InteractionError::BadCurrency => "Para birimi TRY gibi üç harfli bir kod olmalı.".into(),
        InteractionError::BadFollowUp => "Takip tarihi 2026-12-01 gibi bir tarih olmalı.".into(),
    },
    amount_error: tr_amount,
};

fn en_amount(e: &AmountError) -> String {
    match e {
    AmountError::Empty => "Enter an amount, e.g. 1.234,56 or 1,234.56.".into(),
    AmountError::Invalid(s) => format!(
        "“{s}” is not an amount: use digits with at most one decimal separator, e.g. 1.234,56 or 1,234.56."
    ),
    AmountError::Ambiguous(s, a, b) => format!(
        "“{s}” is ambiguous: for the whole number write {a} (or {b}); for decimals use the other separator."
    ),
    AmountError::TooManyDecimals => "Amounts have at most two decimals.".into(),
    AmountError::TooLarge => "That amount is too large.".into(),
}
}

fn tr_amount(e: &AmountError) -> String {
    match e {
    AmountError::Empty => "Bir tutar girin, örneğin 1.234,56 ya da 1,234.56.".into(),
    AmountError::Invalid(s) => format!(
        "“{s}” bir tutar değil: rakam ve en fazla bir ondalık ayırıcı kullanın, örneğin 1.234,56 ya da 1,234.56."
    ),
    AmountError::Ambiguous(s, a, b) => format!(
        "“{s}” iki türlü okunabilir: tam sayı için {a} (ya da {b}) yazın; ondalık için öteki ayırıcıyı kullanın."
    ),
    AmountError::TooManyDecimals => "Tutarda en fazla iki ondalık basamak olabilir.".into(),
    AmountError::TooLarge => "Bu tutar çok büyük.".into(),
}
}
