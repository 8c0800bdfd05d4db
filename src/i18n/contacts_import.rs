//! Texts of the contacts import (vCard or CSV, with the column mapping and the choice for
//! likely duplicates), English and Turkish side by side. The chosen file's name and an
//! unreadable file are said as on Backup (`backup.rs`), which holds this section.

use bakkal_core::io::contacts_import::{CsvError, RowError, Target};

pub struct ContactsImport {
    pub title: &'static str,
    pub intro: &'static str,
    pub contacts_file: &'static str,
    /// Why nothing could be read: "No contact could be read: {why}."
    pub none_read: fn(&str) -> String,
    pub holds_no_contacts: &'static str,
    /// A contact out of range, numbered in the file: "contact {n}: {why}".
    pub contact_problem: fn(usize, &str) -> String,
    /// A broken vCard, numbered in the file: "card {n}: {why}"; the reason is the vCard
    /// reader's.
    pub card_problem: fn(usize, &str) -> String,
    pub row_error: fn(&RowError) -> String,
    pub header_only: &'static str,
    /// "This is neither a vCard nor a CSV file we can read ({why})."
    pub not_readable: fn(&CsvError) -> String,

    // Column mapping
    pub mapping_label: &'static str,
    pub mapping_intro: &'static str,
    /// "Column {n} ({header})": the select's accessible name.
    pub column: fn(usize, &str) -> String,
    /// What a column becomes, as the select shows it.
    pub target: fn(Target) -> &'static str,
    pub continue_: &'static str,
    pub cancel: &'static str,

    // Review
    pub review_label: &'static str,
    pub n_ready: fn(usize) -> String,
    pub n_broken: fn(usize) -> String,
    pub n_duplicates: fn(usize) -> String,
    /// "{theirs} (already here as {mine})".
    pub already_here: fn(&str, &str) -> String,
    pub for_all: &'static str,
    pub skip: &'static str,
    pub merge_into_existing: &'static str,
    pub create_anyway: &'static str,
    pub one_by_one: &'static str,
    pub import: &'static str,
    pub imported: fn(usize) -> String,
}

fn n(v: usize) -> String {
    super::number(v as i64)
}

pub const EN: ContactsImport = ContactsImport {
    title: "Import contacts",
    intro: "From Google Contacts, Outlook, a phone or a spreadsheet: a vCard (.vcf) or CSV file (comma or semicolon separated). Nothing is written until you confirm.",
    contacts_file: "Contacts file",
    none_read: |why| format!("No contact could be read: {why}."),
    holds_no_contacts: "it holds no contacts",
    contact_problem: |i, why| format!("contact {i}: {why}"),
    card_problem: |i, why| format!("card {i}: {why}"),
    row_error: |e| match e {
        RowError::NoName { row } => format!("row {row}: it has no name, organisation or e-mail"),
    },
    header_only: "The file has a header row but no contacts.",
    not_readable: |e| {
        let why = match e {
            CsvError::Row { row, detail } => format!("row {row}: {detail}"),
            CsvError::NoRows => "the file has no rows".into(),
        };
        format!("This is neither a vCard nor a CSV file we can read ({why}).")
    },

    mapping_label: "Column mapping",
    mapping_intro: "Which field is in each column? The first rows are shown; known headers are already assigned.",
    column: |i, header| format!("Column {i} ({header})"),
    // The same words as the option values (`Target::key`), which stay English.
    target: Target::key,
    continue_: "Continue",
    cancel: "Cancel",

    review_label: "Contacts to import",
    n_ready: |c| format!("{} contacts are ready to import.", n(c)),
    n_broken: |c| format!("{} could not be read and will be left out:", n(c)),
    n_duplicates: |c| {
        format!(
            "{} look like contacts already in your book (same e-mail or phone).",
            n(c)
        )
    },
    already_here: |theirs, mine| format!("{theirs} (already here as {mine})"),
    for_all: "For all of them",
    skip: "Skip",
    merge_into_existing: "Merge into the existing contact",
    create_anyway: "Create anyway",
    one_by_one: "Choose one by one",
    import: "Import contacts",
    imported: |c| format!("Imported: {} contacts added or updated.", n(c)),
};

/// The vCard reader's reasons (`core/src/io/vcard.rs`, which gives them as English
/// sentences) in Turkish; one it does not know is shown as given.
fn card_reason_tr(reason: &str) -> String {
    match reason {
        "it has no END:VCARD before the next card" => "sonraki karttan önce END:VCARD satırı yok",
        "the file ends before its END:VCARD" => "dosya, kartın END:VCARD satırından önce bitiyor",
        "it has no name, organisation, e-mail or phone" => {
            "adı, kuruluşu, e-postası ya da telefonu yok"
        }
        other => return other.to_string(),
    }
    .to_string()
}

pub const TR: ContactsImport = ContactsImport {
    title: "Kişileri içe aktar",
    intro: "Google Kişiler, Outlook, bir telefon ya da tablo programından: vCard (.vcf) veya CSV dosyası (virgülle ya da noktalı virgülle ayrılmış). Siz onaylamadan hiçbir şey yazılmaz.",
    contacts_file: "Kişi dosyası",
    none_read: |why| format!("Hiçbir kişi okunamadı: {why}."),
    holds_no_contacts: "dosyada kişi yok",
    contact_problem: |i, why| format!("{i}. kişi: {why}"),
    card_problem: |i, why| format!("{i}. kart: {}", card_reason_tr(why)),
    row_error: |e| match e {
        RowError::NoName { row } => format!("{row}. satır: adı, kuruluşu ya da e-postası yok"),
    },
    header_only: "Dosyada başlık satırı var ama hiç kişi yok.",
    not_readable: |e| {
        let why = match e {
            CsvError::Row { row, detail } => format!("{row}. satır: {detail}"),
            CsvError::NoRows => "dosyada hiç satır yok".into(),
        };
        format!("Bu dosya okuyabildiğimiz bir vCard ya da CSV dosyası değil ({why}).")
    },

    mapping_label: "Sütun eşleştirme",
    mapping_intro: "Hangi sütunda hangi alan var? İlk satırlar gösteriliyor; tanınan başlıklar zaten eşleştirildi.",
    column: |i, header| format!("{i}. sütun ({header})"),
    target: |t| match t {
        Target::Ignore => "(yok say)",
        Target::Name => "Ad Soyad",
        Target::GivenName => "Ad",
        Target::FamilyName => "Soyad",
        Target::Organisation => "Kuruluş",
        Target::JobTitle => "Unvan",
        Target::Email => "E-posta",
        Target::Phone => "Telefon",
        Target::Street => "Sokak",
        Target::City => "Şehir",
        Target::Region => "Bölge",
        Target::Postcode => "Posta kodu",
        Target::Country => "Ülke",
        Target::Tags => "Etiketler",
        Target::Notes => "Notlar",
        Target::Birthday => "Doğum günü",
        Target::Website => "Web sitesi",
    },
    continue_: "Devam",
    cancel: "İptal",

    review_label: "İçe aktarılacak kişiler",
    n_ready: |c| format!("{} kişi içe aktarılmaya hazır.", n(c)),
    n_broken: |c| format!("{} kayıt okunamadı ve dışarıda bırakılacak:", n(c)),
    n_duplicates: |c| {
        format!(
            "{} kişi defterinizdeki kişilere benziyor (aynı e-posta ya da telefon).",
            n(c)
        )
    },
    already_here: |theirs, mine| format!("{theirs} (defterde {mine} olarak var)"),
    for_all: "Hepsi için",
    skip: "Atla",
    merge_into_existing: "Mevcut kişiyle birleştir",
    create_anyway: "Yine de oluştur",
    one_by_one: "Tek tek seçin",
    import: "Kişileri içe aktar",
    imported: |c| format!("İçe aktarıldı: {} kişi eklendi ya da güncellendi.", n(c)),
};
