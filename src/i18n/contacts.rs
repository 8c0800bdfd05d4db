//! Texts of the contact list: search, filters, saved segments, bulk actions, the rows and
//! the welcome of an empty book (English and Turkish side by side).
//!
//! The query language's words (`tag:`, `status:`, `last:>90d`…) are not texts: they stay
//! as the parser reads them.

use crate::i18n::number;
use bakkal_core::model::saved_segment::SaveRefusal;
use bakkal_core::segment::{ParseError, QueryProblem};

pub struct Contacts {
    pub title: &'static str,
    pub remove_sample: &'static str,
    pub new_contact: &'static str,
    /// The search field's label; kept exactly (tests find the field by this name).
    pub search: &'static str,
    pub search_placeholder: &'static str,
    pub search_help: &'static str,
    /// The button that shows the filters on a phone.
    pub filters: &'static str,
    pub filter_status: &'static str,
    pub filter_tier: &'static str,
    pub filter_last: &'static str,
    /// No filter on status or tier.
    pub any: &'static str,
    /// No filter on the last contact.
    pub any_time: &'static str,
    pub last_within_30_days: &'static str,
    pub last_over_30_days: &'static str,
    pub last_over_90_days: &'static str,
    pub last_over_a_year: &'static str,
    pub last_never: &'static str,
    pub export_csv: &'static str,
    pub export_vcard: &'static str,
    /// Before the order select (with its own space).
    pub sort_by: &'static str,
    pub sort_name: &'static str,
    pub sort_last_contact: &'static str,
    pub loading: fn(usize) -> String,
    pub query_has_error_list: &'static str,
    /// The count line without a query: "60 contacts".
    pub n_contacts: fn(usize) -> String,
    /// The query (trimmed) matches nothing.
    pub no_match: fn(&str) -> String,
    /// (shown, total, query): "3 of 60 contacts match “vip”".
    pub n_match: fn(usize, usize, &str) -> String,
    // Saved segments.
    pub segment_name: &'static str,
    pub save_segment: &'static str,
    pub segment_refused: fn(SaveRefusal) -> String,
    /// The search query's error, naming the word as typed.
    pub query_error: fn(&ParseError) -> String,
    pub segment_saved: fn(&str) -> String,
    pub segment_deleted: fn(&str) -> String,
    pub saved_segments: &'static str,
    /// In place of a saved segment's count when its query no longer reads.
    pub segment_query_error: &'static str,
    pub delete_segment: fn(&str) -> String,
    // The welcome of an empty book.
    pub welcome_title: &'static str,
    pub welcome_text: &'static str,
    pub welcome_sample: &'static str,
    /// Kept exactly (tests find the button by this name).
    pub load_sample: &'static str,
    // Bulk actions.
    pub selected_region: &'static str,
    pub n_selected: fn(usize) -> String,
    pub select_all_matching: fn(usize) -> String,
    pub clear_selection: &'static str,
    pub delete: &'static str,
    pub tag: &'static str,
    pub add_tag: &'static str,
    pub remove_tag: &'static str,
    pub stage: &'static str,
    pub set_stage: &'static str,
    // The list and its rows.
    /// The list's accessible name.
    pub list_label: &'static str,
    /// A row's checkbox: "Select Şule Işık".
    pub select_contact: fn(&str) -> String,
    /// Before the last contact's date on wide screens (with its own space).
    pub last_contact_prefix: &'static str,
    pub value_tier: &'static str,
    /// A tier badge: "Tier A".
    pub tier: fn(&str) -> String,
}

pub const EN: Contacts = Contacts {
    title: "Contacts",
    remove_sample: "Remove sample data",
    new_contact: "New contact",
    search: "Search contacts",
    search_placeholder: "Name, company, e-mail… or tag:vip status:at-risk tier:A last:>90d",
    search_help: "Filters: tag: city: region: source: org: stage: status: tier: last:>90d revenue:>10000 score: kind: deal:open (won, lost or a stage: deal:\"Proposal sent\") — a minus excludes (-tag:vip), commas mean or (tier:A,B). The Turkish words work too: etiket: şehir: son:>90g durum:riskli fırsat:açık.",
    filters: "Filters",
    filter_status: "Status",
    filter_tier: "Tier",
    filter_last: "Last contact",
    any: "Any",
    any_time: "Any time",
    last_within_30_days: "Within 30 days",
    last_over_30_days: "Over 30 days ago",
    last_over_90_days: "Over 90 days ago",
    last_over_a_year: "Over a year ago",
    last_never: "Never",
    export_csv: "Export CSV",
    export_vcard: "Export vCard",
    sort_by: "Sort by ",
    sort_name: "Name",
    sort_last_contact: "Last contact",
    loading: |n| format!("Loading all {} contacts…", number(n as i64)),
    query_has_error_list: "The list shows the last valid query until this one is fixed.",
    n_contacts: |n| {
        if n == 1 {
            "1 contact".into()
        } else {
            format!("{} contacts", number(n as i64))
        }
    },
    no_match: |q| format!("No contacts match “{q}”."),
    n_match: |shown, total, q| {
        let noun = if total == 1 { "contact" } else { "contacts" };
        format!(
            "{} of {} {noun} match “{q}”",
            number(shown as i64),
            number(total as i64)
        )
    },
    segment_name: "Segment name",
    save_segment: "Save segment",
    // English is the core's own sentence (Display), so there is one English text.
    query_error: |e| e.to_string(),
    segment_refused: |why| match why {
        SaveRefusal::NoName => "Give the segment a name.".into(),
        SaveRefusal::NoQuery => "Type a query first, like tag:vip status:at-risk.".into(),
        SaveRefusal::NameTooLong { max } => {
            format!("A segment name can be at most {max} characters.")
        }
    },
    segment_saved: |name| format!("Saved segment “{name}”."),
    segment_deleted: |name| format!("Deleted segment “{name}”."),
    saved_segments: "Saved segments",
    segment_query_error: "query has an error",
    delete_segment: |name| format!("Delete segment {name}"),
    welcome_title: "Welcome to Bakkal",
    welcome_text: "Your client book lives here, in this browser, and nowhere else. Add the people and organisations you work with, and Bakkal helps you keep in touch with each of them, like the neighbourhood grocer who knows every customer.",
    welcome_sample: "Want to look around first? Load a sample book of Turkish and English clients; you can delete them later.",
    load_sample: "Load sample data",
    selected_region: "Selected contacts",
    n_selected: |n| format!("{} selected", number(n as i64)),
    select_all_matching: |n| format!("Select all {} matching", number(n as i64)),
    clear_selection: "Clear selection",
    delete: "Delete",
    tag: "Tag",
    add_tag: "Add tag",
    remove_tag: "Remove tag",
    stage: "Stage",
    set_stage: "Set stage",
    list_label: "Contacts",
    select_contact: |name| format!("Select {name}"),
    last_contact_prefix: "last contact ",
    value_tier: "Value tier",
    tier: |t| format!("Tier {t}"),
};

pub const TR: Contacts = Contacts {
    title: "Kişiler",
    remove_sample: "Örnek verileri kaldır",
    new_contact: "Yeni kişi",
    search: "Kişilerde ara",
    search_placeholder: "Ad, firma, e-posta… ya da etiket:vip durum:riskli kademe:A son:>90g",
    search_help: "Filtreler: etiket: şehir: bölge: kaynak: firma: aşama: durum: kademe: son:>90g ciro:>10000 puan: tür: fırsat:açık (kazanıldı, kaybedildi ya da bir aşama: fırsat:\"Teklif verildi\") — başa eksi konan filtre hariç tutar (-etiket:vip), virgül “veya” anlamına gelir (kademe:A,B). Değerler de Türkçe olabilir (durum:riskli, aşama:müşteri, tür:kişi); İngilizce sözcükler: tag: city: region: source: org: stage: status: tier: last:>90d revenue: score: kind: deal: da geçer.",
    filters: "Filtreler",
    filter_status: "Durum",
    filter_tier: "Kademe",
    filter_last: "Son görüşme",
    any: "Tümü",
    any_time: "Herhangi bir zaman",
    last_within_30_days: "Son 30 gün içinde",
    last_over_30_days: "30 günden önce",
    last_over_90_days: "90 günden önce",
    last_over_a_year: "Bir yıldan önce",
    last_never: "Hiç",
    export_csv: "CSV olarak dışa aktar",
    export_vcard: "vCard olarak dışa aktar",
    sort_by: "Sıralama: ",
    sort_name: "Ad",
    sort_last_contact: "Son görüşme",
    loading: |n| format!("{} kişinin tümü yükleniyor…", number(n as i64)),
    query_has_error_list: "Bu sorgu düzeltilene kadar liste son geçerli sorgunun sonuçlarını gösteriyor.",
    n_contacts: |n| format!("{} kişi", number(n as i64)),
    no_match: |q| format!("“{q}” ile eşleşen kişi yok."),
    n_match: |shown, total, q| {
        format!(
            "{} kişiden {} kişi “{q}” ile eşleşiyor",
            number(total as i64),
            number(shown as i64)
        )
    },
    segment_name: "Segment adı",
    save_segment: "Segmenti kaydet",
    query_error: query_error_tr,
    segment_refused: |why| match why {
        SaveRefusal::NoName => "Segmente bir ad verin.".into(),
        SaveRefusal::NoQuery => "Önce bir sorgu yazın, örneğin etiket:vip şehir:izmir.".into(),
        SaveRefusal::NameTooLong { max } => format!("Segment adı en çok {max} karakter olabilir."),
    },
    segment_saved: |name| format!("“{name}” segmenti kaydedildi."),
    segment_deleted: |name| format!("“{name}” segmenti silindi."),
    saved_segments: "Kayıtlı segmentler",
    segment_query_error: "sorguda hata var",
    delete_segment: |name| format!("Segmenti sil: {name}"),
    welcome_title: "Bakkal'a hoş geldiniz",
    welcome_text: "Müşteri defteriniz burada, bu tarayıcıda durur; başka hiçbir yerde değil. Birlikte çalıştığınız kişileri ve kuruluşları ekleyin; Bakkal, her müşterisini tanıyan mahalle bakkalı gibi her biriyle bağınızı korumanıza yardım etsin.",
    welcome_sample: "Önce biraz göz atmak ister misiniz? Örnek bir müşteri defteri yükleyin; örnek kişileri daha sonra silebilirsiniz.",
    load_sample: "Örnek verileri yükle",
    selected_region: "Seçili kişiler",
    n_selected: |n| format!("{} kişi seçili", number(n as i64)),
    select_all_matching: |n| format!("Eşleşen {} kişinin tümünü seç", number(n as i64)),
    clear_selection: "Seçimi temizle",
    delete: "Sil",
    tag: "Etiket",
    add_tag: "Etiket ekle",
    remove_tag: "Etiketi kaldır",
    stage: "Aşama",
    set_stage: "Aşamayı değiştir",
    list_label: "Kişiler",
    select_contact: |name| format!("Seç: {name}"),
    last_contact_prefix: "son görüşme ",
    value_tier: "Değer kademesi",
    tier: |t| format!("Kademe {t}"),
};

fn query_error_tr(e: &ParseError) -> String {
    let w = &e.word;
    match &e.problem {
        QueryProblem::UnclosedQuote => format!("“{w}” ile açılan tırnak kapatılmamış."),
        QueryProblem::UnknownField { name } => format!(
            "“{w}” içindeki “{name}” diye bir alan yok. Kullanılabilenler: etiket, şehir, bölge, kaynak, firma, aşama, durum, kademe, son, ciro, puan, tür, fırsat (ya da İngilizceleri)."
        ),
        QueryProblem::NeedsValue { field, example } => {
            format!("“{w}” bir değer bekliyor, örneğin {field}:{example}.")
        }
        QueryProblem::BadStage => {
            format!("“{w}” — aşama şunlardan biri olmalı: potansiyel, müşteri, eski-müşteri.")
        }
        QueryProblem::BadStatus => format!(
            "“{w}” — durum şunlardan biri olmalı: potansiyel, aktif, riskli, kopmuş, geri-kazanıldı."
        ),
        QueryProblem::BadTier => format!("“{w}” — kademe A, B, C ya da D olmalı."),
        QueryProblem::BadKind => format!("“{w}” — tür kişi ya da kuruluş olmalı."),
        QueryProblem::LastNeedsOperator => format!(
            "“{w}” — sayının önüne > ya da < koyun: son:>90g (90 günden önce) ya da son:<2h (son iki hafta içinde)."
        ),
        QueryProblem::BadLast => {
            format!("“{w}” — gün sayısını > ya da < ile yazın, örneğin son:>90g ya da son:<2h.")
        }
        QueryProblem::AmountHasSeparators { fixed } => format!(
            "“{w}” — binlik ayırıcı kullanılamaz; {fixed} yazın (. ya da , yalnızca en çok 2 ondalık basamaktan önce)."
        ),
        QueryProblem::BadAmount => format!(
            "“{w}” — tutarı >, <, >=, <= ya da = ile tam birim olarak yazın, örneğin ciro:>10000 ya da ciro:<=2500,50."
        ),
        QueryProblem::BadScore => format!(
            "“{w}” — puan 0 ile 100 arasında bir sayıdır; >, <, >=, <= ya da = ile yazın, örneğin puan:>=80."
        ),
    }
}
