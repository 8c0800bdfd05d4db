//! Texts of one contact's page: its details, figures, follow-ups, timeline and conflicting
//! versions (English and Turkish side by side).

use bakkal_core::analysis::value::Standing;

pub struct Contact {
    pub not_found: &'static str,
    /// After "Contact not found", before the link back.
    pub not_found_text: &'static str,
    pub back_to_contacts: &'static str,

    // Another version of the contact, edited elsewhere.
    /// Used when that version's edit date cannot be read.
    pub unknown_date: &'static str,
    /// The card's heading and accessible name, with the date of the other edit.
    pub edited_elsewhere: fn(&str) -> String,
    pub conflict_text: &'static str,
    pub col_field: &'static str,
    pub col_shown: &'static str,
    pub col_other: &'static str,
    pub use_this_version: &'static str,
    pub keep_shown_version: &'static str,
    pub conflict_resolved: &'static str,

    // Buttons.
    pub log_interaction: &'static str,
    pub add_follow_up: &'static str,
    pub merge_with: &'static str,

    // Facts.
    pub full_name: &'static str,
    pub email: &'static str,
    pub phone: &'static str,
    /// An e-mail's or phone's type beside it, from its stored value (`work`, `home`,
    /// `mobile`, `other`); `None` for a type the app does not know, shown as stored.
    pub entry_label: fn(&str) -> Option<&'static str>,
    pub address: &'static str,
    pub website: &'static str,
    pub tags: &'static str,
    pub source: &'static str,
    pub referred_by: &'static str,
    pub birthday: &'static str,
    pub added: &'static str,
    pub last_changed: &'static str,
    pub notes: &'static str,
    /// An organisation's people.
    pub people: &'static str,

    // Figures.
    pub last_contact: &'static str,
    pub never: &'static str,
    pub total_purchases: &'static str,
    pub none_yet: &'static str,
    pub usual_rhythm: &'static str,
    /// The usual gap in days, and whether it is the buying rhythm.
    pub rhythm: fn(i64, bool) -> String,
    pub not_enough_history: &'static str,
    pub status: &'static str,
    pub value: &'static str,
    /// "A: top 4 % (score 93) — revenue rank 97, …" (tests read the start in English).
    pub value_explained: fn(&Standing) -> String,
    pub not_ranked: &'static str,

    // Follow-ups.
    pub follow_ups: &'static str,
    /// A follow-up without a note.
    pub follow_up: &'static str,
    pub mark_done: &'static str,

    // Timeline.
    /// Heading and the list's accessible name.
    pub timeline: &'static str,
    pub show_channel: &'static str,
    pub all_channels: &'static str,
    pub show_type: &'static str,
    pub all_types: &'static str,
    pub loading: &'static str,
    pub timeline_empty: &'static str,
    /// A complaint's or request's state.
    pub open: &'static str,
    pub resolved_on: fn(&str) -> String,
    /// Accessible names of an entry's Edit and Delete, with its summary.
    pub edit_entry: fn(&str) -> String,
    pub delete_entry: fn(&str) -> String,
    pub interaction_deleted: &'static str,
}

pub const EN: Contact = Contact {
    not_found: "Contact not found",
    not_found_text: "This contact does not exist in this browser, or it was deleted. ",
    back_to_contacts: "Back to contacts",

    unknown_date: "an unknown date",
    edited_elsewhere: |when| format!("Also edited elsewhere on {when}"),
    conflict_text: "Two devices changed this contact independently. The version shown here was picked by the rules every copy of the book follows; the other one is kept until you choose.",
    col_field: "Field",
    col_shown: "Shown",
    col_other: "Other version",
    use_this_version: "Use this version",
    keep_shown_version: "Keep the shown version",
    conflict_resolved: "Conflict resolved: the other versions are set aside.",

    log_interaction: "Log interaction",
    add_follow_up: "Add follow-up",
    merge_with: "Merge with…",

    full_name: "Full name",
    email: "E-mail",
    phone: "Phone",
    entry_label: |l| match l {
        "work" => Some("work"),
        "home" => Some("home"),
        "mobile" => Some("mobile"),
        "other" => Some("other"),
        _ => None,
    },
    address: "Address",
    website: "Website",
    tags: "Tags",
    source: "Source",
    referred_by: "Referred by",
    birthday: "Birthday",
    added: "Added",
    last_changed: "Last changed",
    notes: "Notes",
    people: "People",

    last_contact: "Last contact",
    never: "never",
    total_purchases: "Total purchases",
    none_yet: "none yet",
    usual_rhythm: "Usual rhythm",
    rhythm: |days, purchases| {
        format!(
            "every {} days{}",
            super::number(days),
            if purchases { " (purchases)" } else { "" }
        )
    },
    not_enough_history: "not enough history yet",
    status: "Status",
    value: "Value",
    value_explained: |s| {
        let r = &s.ranks;
        format!(
            "{}: top {} % (score {:.0}) — revenue rank {:.0}, frequency {:.0}, recency {:.0}, relationship {:.0}, referrals {:.0}, strategic importance {:.0}",
            s.tier.label(),
            s.top_percent(),
            s.score,
            r.revenue,
            r.frequency,
            r.recency,
            r.relationship,
            r.referrals,
            r.strategic
        )
    },
    not_ranked: "Not ranked: contacts join the pyramid with their first purchase.",

    follow_ups: "Follow-ups",
    follow_up: "Follow up",
    mark_done: "Mark done",

    timeline: "Timeline",
    show_channel: "Show channel ",
    all_channels: "All channels",
    show_type: "Show type ",
    all_types: "All types",
    loading: "Loading…",
    timeline_empty: "Nothing logged yet. Use Log interaction to record a call, a meeting or a purchase.",
    open: "open",
    resolved_on: |date| format!("resolved {date}"),
    edit_entry: |summary| format!("Edit {summary}"),
    delete_entry: |summary| format!("Delete {summary}"),
    interaction_deleted: "Interaction deleted.",
};

pub const TR: Contact = Contact {
    not_found: "Kişi bulunamadı",
    not_found_text: "Bu kişi bu tarayıcıda kayıtlı değil ya da silinmiş. ",
    back_to_contacts: "Kişilere dön",

    unknown_date: "bilinmeyen bir tarih",
    edited_elsewhere: |when| format!("Başka bir yerde de düzenlendi: {when}"),
    conflict_text: "Bu kişi iki cihazda birbirinden bağımsız olarak değiştirildi. Burada gösterilen sürümü, defterin her kopyasının uyduğu kurallar seçti; öteki sürüm siz karar verene kadar saklanır.",
    col_field: "Alan",
    col_shown: "Gösterilen",
    col_other: "Öteki sürüm",
    use_this_version: "Bu sürümü kullan",
    keep_shown_version: "Gösterilen sürümü koru",
    conflict_resolved: "Çakışma giderildi: öteki sürümler bir kenara ayrıldı.",

    log_interaction: "Görüşme kaydet",
    add_follow_up: "Takip ekle",
    merge_with: "Birleştir…",

    full_name: "Ad Soyad",
    email: "E-posta",
    phone: "Telefon",
    entry_label: |l| match l {
        "work" => Some("iş"),
        "home" => Some("ev"),
        "mobile" => Some("cep"),
        "other" => Some("diğer"),
        _ => None,
    },
    address: "Adres",
    website: "Web sitesi",
    tags: "Etiketler",
    source: "Kaynak",
    referred_by: "Tavsiye eden",
    birthday: "Doğum günü",
    added: "Eklenme",
    last_changed: "Son değişiklik",
    notes: "Notlar",
    people: "Bağlı kişiler",

    last_contact: "Son temas",
    never: "hiç olmadı",
    total_purchases: "Toplam satın alma",
    none_yet: "henüz yok",
    usual_rhythm: "Olağan sıklık",
    rhythm: |days, purchases| {
        format!(
            "{} günde bir{}",
            super::number(days),
            if purchases { " (satın alma)" } else { "" }
        )
    },
    not_enough_history: "henüz yeterli geçmiş yok",
    status: "Durum",
    value: "Değer",
    value_explained: |s| {
        let r = &s.ranks;
        format!(
            "{}: ilk %{} (puan {:.0}) — ciro sırası {:.0}, sıklık {:.0}, yenilik {:.0}, ilişki süresi {:.0}, tavsiyeler {:.0}, stratejik önem {:.0}",
            s.tier.label(),
            s.top_percent(),
            s.score,
            r.revenue,
            r.frequency,
            r.recency,
            r.relationship,
            r.referrals,
            r.strategic
        )
    },
    not_ranked: "Sıralamada değil: kişiler ilk satın almalarıyla piramide girer.",

    follow_ups: "Takipler",
    follow_up: "Takip",
    mark_done: "Tamamla",

    timeline: "Zaman çizelgesi",
    show_channel: "Kanal ",
    all_channels: "Tüm kanallar",
    show_type: "Tür ",
    all_types: "Tüm türler",
    loading: "Yükleniyor…",
    timeline_empty: "Henüz bir kayıt yok. Bir aramayı, toplantıyı ya da satın almayı kaydetmek için Görüşme kaydet'i kullanın.",
    open: "açık",
    resolved_on: |date| format!("çözüldü: {date}"),
    edit_entry: |summary| format!("Düzenle: {summary}"),
    delete_entry: |summary| format!("Sil: {summary}"),
    interaction_deleted: "Görüşme silindi.",
};
