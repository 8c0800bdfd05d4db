//! Texts of **Merge with…**: choosing the other contact, then per field what stays
//! (English and Turkish side by side). Field names are the core's `combine::Field`.

use bakkal_core::model::combine::Field;

pub struct Merge {
    pub not_found: &'static str,
    /// Followed by the link back to the list (with its own space).
    pub not_found_text: &'static str,
    pub back_to_contacts: &'static str,
    /// A candidate's button: "Merge with Şule Işık".
    pub merge_with: fn(&str) -> String,
    /// The chooser's heading: "Merge Şule Işık with…".
    pub choose_title: fn(&str) -> String,
    pub choose_text: &'static str,
    pub looks_alike: &'static str,
    pub find_other: &'static str,
    pub matching: &'static str,
    pub cancel: &'static str,
    /// The store's reason follows.
    pub nothing_merged: fn(&str) -> String,
    /// (other, kept, interactions, open follow-ups): what happens to the other contact.
    pub what_moves: fn(&str, &str, usize, usize) -> String,
    /// (other, kept): "Merge Sule Isik into Şule Işık".
    pub merge_into: fn(&str, &str) -> String,
    pub keep_other_instead: fn(&str) -> String,
    pub same_details: &'static str,
    pub what_stays: &'static str,
    pub merge: &'static str,
    /// An empty value among the choices.
    pub empty: &'static str,
    /// Keep both values (lists and notes).
    pub both: &'static str,
    /// The legend of a field's choice.
    pub field: fn(Field) -> &'static str,
}

fn en_count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", crate::i18n::number(n as i64))
    }
}

pub const EN: Merge = Merge {
    not_found: "Contact not found",
    not_found_text: "This contact does not exist in this browser, or it was deleted. ",
    back_to_contacts: "Back to contacts",
    merge_with: |name| format!("Merge with {name}"),
    choose_title: |kept| format!("Merge {kept} with…"),
    choose_text: "Choose the contact that is the same person or firm. You pick what stays next; nothing changes before you press Merge.",
    looks_alike: "Looks like the same",
    find_other: "Find the other contact",
    matching: "Matching contacts",
    cancel: "Cancel",
    nothing_merged: |e| format!("Nothing was merged: {e}"),
    what_moves: |other, kept, history, follow_ups| {
        format!(
            "{other} goes: its {} and {} move to {kept}, and contacts referred by it or working at it now name {kept}. Backups and devices that still have {other} land on {kept} too. Undo puts everything back.",
            en_count(history, "interaction", "interactions"),
            en_count(follow_ups, "open follow-up", "open follow-ups"),
        )
    },
    merge_into: |other, kept| format!("Merge {other} into {kept}"),
    keep_other_instead: |other| format!("Keep {other} instead"),
    same_details: "The two have the same details: nothing to choose.",
    what_stays: "What stays",
    merge: "Merge",
    empty: "(empty)",
    both: "Both",
    field: |f| match f {
        Field::Kind => "Kind",
        Field::Name => "Name",
        Field::GivenName => "Given name",
        Field::FamilyName => "Family name",
        Field::Organisation => "Organisation",
        Field::JobTitle => "Job title",
        Field::Emails => "E-mails",
        Field::Phones => "Phones",
        Field::Addresses => "Addresses",
        Field::Website => "Website",
        Field::Tags => "Tags",
        Field::Stage => "Stage",
        Field::Source => "Source",
        Field::ReferredBy => "Referred by",
        Field::Birthday => "Birthday",
        Field::Strategic => "Strategic importance",
        Field::Notes => "Notes",
        Field::Custom => "Custom fields",
    },
};

pub const TR: Merge = Merge {
    not_found: "Kişi bulunamadı",
    not_found_text: "Bu kişi bu tarayıcıda yok ya da silinmiş. ",
    back_to_contacts: "Kişilere dön",
    merge_with: |name| format!("{name} ile birleştir"),
    choose_title: |kept| format!("{kept} kiminle birleştirilsin?"),
    choose_text: "Aynı kişi ya da firma olan kaydı seçin. Ardından hangi bilgilerin kalacağını siz seçersiniz; Birleştir'e basmadan hiçbir şey değişmez.",
    looks_alike: "Aynı kişi gibi görünenler",
    find_other: "Diğer kişiyi bulun",
    matching: "Eşleşen kişiler",
    cancel: "İptal",
    nothing_merged: |e| format!("Hiçbir şey birleştirilmedi: {e}"),
    what_moves: |other, kept, history, follow_ups| {
        use crate::i18n::number;
        format!(
            "{other} kaldırılacak: {} görüşme ve {} açık takip {kept} kaydına taşınır; tavsiye eden ya da kuruluşu olarak {other} kaydını gösteren kişiler artık {kept} kaydını gösterir. Hâlâ {other} kaydını içeren yedeklerden ve cihazlardan gelenler de {kept} kaydına işlenir. Geri al ile her şey eski hâline döner.",
            number(history as i64),
            number(follow_ups as i64),
        )
    },
    merge_into: |other, kept| format!("{other} kaydını {kept} ile birleştir"),
    keep_other_instead: |other| format!("Bunun yerine {other} kalsın"),
    same_details: "İki kaydın bilgileri aynı: seçilecek bir şey yok.",
    what_stays: "Kalacak bilgiler",
    merge: "Birleştir",
    empty: "(boş)",
    both: "İkisi de",
    field: |f| match f {
        Field::Kind => "Tür",
        Field::Name => "Ad Soyad",
        Field::GivenName => "Ad",
        Field::FamilyName => "Soyad",
        Field::Organisation => "Kuruluş",
        Field::JobTitle => "Unvan",
        Field::Emails => "E-postalar",
        Field::Phones => "Telefonlar",
        Field::Addresses => "Adresler",
        Field::Website => "Web sitesi",
        Field::Tags => "Etiketler",
        Field::Stage => "Aşama",
        Field::Source => "Kaynak",
        Field::ReferredBy => "Tavsiye eden",
        Field::Birthday => "Doğum günü",
        Field::Strategic => "Stratejik önem",
        Field::Notes => "Notlar",
        Field::Custom => "Özel alanlar",
    },
};
