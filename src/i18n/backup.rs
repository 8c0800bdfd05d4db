//! Texts of Backup: export (optionally encrypted), import with its preview, Merge or
//! Replace, the refusals of a file, and the spreadsheet/vCard exports (English and Turkish
//! side by side). The refusal of a record out of range (`RangeError`) is here too: the
//! contacts import says it the same way.

use crate::crypto::CryptoError;
use bakkal_core::io::backup::{BackupError, RecordProblem, SettingError};
use bakkal_core::io::checks::{RangeError, MAX_STRATEGIC, MAX_TEXT_CHARS, MAX_YEAR, MIN_YEAR};
use bakkal_core::io::merge::PerStore;

/// What an import is doing, beside its progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Phase {
    Reading,
    Checking,
    Comparing,
    Writing,
}

/// What a Merge did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merged {
    pub new: usize,
    pub updated: usize,
    pub deletions: usize,
    pub conflicts: usize,
    pub restored: usize,
    pub newer_here: usize,
}

pub struct Backup {
    pub title: &'static str,
    /// "Last backup from this browser: {date}."
    pub last_backup: fn(&str) -> String,
    pub no_backup_yet: &'static str,

    // Export
    pub export: &'static str,
    pub export_text: &'static str,
    pub encrypt: &'static str,
    pub passphrase: &'static str,
    pub passphrase_hint: &'static str,
    pub confirm_passphrase: &'static str,
    /// The button; tests find it by this name.
    pub export_backup: &'static str,
    pub passphrase_too_short: &'static str,
    pub passphrases_differ: &'static str,
    /// "Backup saved as {file name}."
    pub saved_as: fn(&str) -> String,
    /// The backup could not be made: {why}.
    pub export_failed: fn(&str) -> String,

    // Import
    pub import: &'static str,
    pub import_text: &'static str,
    pub backup_file: &'static str,
    /// "File: {name}", above what is read from it (the contacts import too).
    pub chosen_file: fn(&str) -> String,
    pub phase: fn(Phase) -> &'static str,
    /// A file over the size limit: its size and the limit, in MB.
    pub too_large: fn(f64, u64) -> String,
    /// The browser could not read the chosen file (the contacts import too).
    pub unreadable_file: fn(&str) -> String,
    pub file_passphrase: &'static str,
    pub decrypt: &'static str,
    /// Below a passphrase that did not open the file: "{why} Type it again."
    pub type_again: fn(&str) -> String,
    pub crypto_error: fn(&CryptoError) -> String,
    /// Why a backup file was refused.
    pub refusal: fn(&BackupError) -> String,
    /// A value out of range in a record (backups and contacts imports).
    pub range_error: fn(&RangeError) -> String,

    // Preview
    pub preview_label: &'static str,
    /// "This backup was made on {date} by Bakkal {version}. It holds …"
    pub summary: fn(&str, &str, PerStore) -> String,
    pub n_new: fn(usize) -> String,
    pub n_unchanged: fn(usize) -> String,
    pub n_newer_in_file: fn(usize) -> String,
    pub n_newer_here: fn(usize) -> String,
    pub n_deletions: fn(usize) -> String,
    pub n_conflicts: fn(usize) -> String,
    pub n_restored: fn(usize) -> String,
    pub n_redirected: fn(usize) -> String,
    /// Merge and Replace explained, with what a Replace would remove.
    pub choice: fn(PerStore) -> String,
    pub merge: &'static str,
    pub replace: &'static str,
    pub cancel: &'static str,

    // After the write
    pub replaced: &'static str,
    pub book_replaced: &'static str,
    pub merged: fn(Merged) -> String,
    /// Nothing was imported: {why}
    pub import_failed: fn(&str) -> String,
    /// A Write reached the worker without a Check before it (the worker was restarted).
    pub nothing_planned: &'static str,
    /// Cancel pressed while the file was read, checked or written.
    pub import_cancelled: &'static str,
    /// The backup worker stopped on a bug (its message after the colon).
    pub worker_stopped: fn(&str) -> String,

    // Spreadsheet and vCard exports
    pub spreadsheet: &'static str,
    pub spreadsheet_text: &'static str,
    pub export_all_csv: &'static str,
    pub export_all_vcard: &'static str,
    /// The file could not be made: {why}
    pub file_failed: fn(&str) -> String,
}

fn n(v: usize) -> String {
    super::number(v as i64)
}

fn range_en(e: &RangeError) -> String {
    match e {
        RangeError::YearOutOfRange { field, value } => {
            format!("{field} {value} is outside {MIN_YEAR}–{MAX_YEAR}")
        }
        RangeError::CreatedAfterUpdated {
            created_at,
            updated_at,
        } => {
            format!("created_at {created_at} is after updated_at {updated_at}")
        }
        RangeError::StrategicOutOfRange(s) => format!("strategic {s} is outside 0–{MAX_STRATEGIC}"),
        RangeError::ProbabilityOver100(p) => format!("probability {p} is over 100"),
        RangeError::Empty { field } => format!("{field} is empty"),
        RangeError::TooLong { field, chars } => {
            format!("{field} is {chars} characters long; at most {MAX_TEXT_CHARS} are allowed")
        }
    }
}

pub const EN: Backup = Backup {
    title: "Backup",
    last_backup: |date| format!("Last backup from this browser: {date}."),
    no_backup_yet: "No backup has been made from this browser yet.",

    export: "Export",
    export_text: "Downloads everything in this book — contacts, interactions, follow-ups and settings, deleted records included — as one JSON file. Keep it somewhere safe; import it here or on another device.",
    encrypt: "Encrypt with a passphrase",
    passphrase: "Passphrase",
    passphrase_hint: "At least 8 characters. Without it the backup cannot be opened: nobody can recover it.",
    confirm_passphrase: "Confirm passphrase",
    export_backup: "Export backup",
    passphrase_too_short: "Choose a passphrase of at least 8 characters.",
    passphrases_differ: "The two passphrases differ. Type the same passphrase in both fields; no file was written.",
    saved_as: |name| format!("Backup saved as {name}."),
    export_failed: |e| format!("The backup could not be made: {e}"),

    import: "Import",
    import_text: "Choose a Bakkal backup. It is read and checked completely first; you see what it would change before anything is written.",
    backup_file: "Backup file",
    chosen_file: |name| format!("File: {name}"),
    phase: |p| match p {
        Phase::Reading => "Reading…",
        Phase::Checking => "Checking…",
        Phase::Comparing => "Comparing with this book…",
        Phase::Writing => "Writing…",
    },
    too_large: |mb, max| {
        format!("This file is {mb:.0} MB; Bakkal reads backups of up to {max} MB. Nothing was read or changed.")
    },
    unreadable_file: |e| format!("The file could not be read: {e}."),
    file_passphrase: "Passphrase for this file",
    decrypt: "Decrypt",
    type_again: |why| format!("{why} Type it again."),
    crypto_error: |e| match e {
        CryptoError::Unavailable => "This browser cannot encrypt (WebCrypto is unavailable; it needs a secure origin such as https or localhost).".into(),
        CryptoError::WrongPassphrase => "The passphrase is wrong, or the encrypted file is damaged.".into(),
        CryptoError::Failed(d) => format!("Encryption failed: {d}"),
    },
    refusal: |e| match e {
        BackupError::Empty => "The file is empty.".into(),
        BackupError::NotJson { line, column, detail } => format!(
            "The file is not JSON (line {line}, column {column}: {detail}). Is it a Bakkal backup?"
        ),
        BackupError::Truncated { line, column } => format!("The file ends too early (line {line}, column {column}): it was probably cut off while copying or downloading."),
        BackupError::NotBakkal => "This is not a Bakkal backup (it has no \"format\": \"bakkal-backup\" marker).".into(),
        BackupError::NewerVersion { found, supported } => format!("This backup was made by a newer version of Bakkal (format version {found}; this app reads up to {supported}). Update Bakkal, then import it."),
        BackupError::UnknownVersion(v) => format!("This backup has an unknown format version ({v})."),
        BackupError::Encrypted => "This backup is encrypted: enter its passphrase.".into(),
        BackupError::WrongPassphrase => "The passphrase is wrong, or the encrypted file is damaged.".into(),
        BackupError::HeaderMissing { field } => {
            format!("The backup's “{field}” is missing or of the wrong type (missing).")
        }
        BackupError::HeaderNotWholeNumber { field } => format!(
            "The backup's “{field}” is missing or of the wrong type (expected a whole number)."
        ),
        BackupError::Header { field, detail } => {
            format!("The backup's “{field}” is missing or of the wrong type ({detail}).")
        }
        BackupError::Record { store, index, detail } => {
            format!("{store} record {index} is not valid: {detail}.")
        }
        BackupError::Invalid { store, index, problem } => {
            let detail = match problem {
                RecordProblem::Range(r) => range_en(r),
                RecordProblem::Setting(SettingError::EmptyKey) => "its key is empty".into(),
                RecordProblem::Setting(SettingError::ValueTooLong) => {
                    format!("its value is longer than {MAX_TEXT_CHARS} characters")
                }
            };
            format!("{store} record {index} is not valid: {detail}.")
        }
        BackupError::DuplicateId { store, id, first, second } => {
            format!("{store} records {first} and {second} have the same id {id}.")
        }
        BackupError::MissingContact { index, contact } => format!("Interaction record {index} belongs to contact {contact}, which is neither in the file nor in this book."),
        BackupError::MissingFollowUpContact { index, contact } => format!("Follow-up record {index} belongs to contact {contact}, which is neither in the file nor in this book."),
        BackupError::MissingDealContact { index, contact } => format!("Deal record {index} is with contact {contact}, which is neither in the file nor in this book."),
    },
    range_error: range_en,

    preview_label: "Import preview",
    summary: |date, version, s| format!(
        "This backup was made on {date} by Bakkal {version}. It holds {} contacts, {} interactions, {} follow-ups, {} deals and {} settings.",
        n(s.contacts), n(s.interactions), n(s.follow_ups), n(s.deals), n(s.settings)
    ),
    n_new: |c| format!("{} new", n(c)),
    n_unchanged: |c| format!("{} unchanged", n(c)),
    n_newer_in_file: |c| format!("{} newer in the file (they replace this browser's)", n(c)),
    n_newer_here: |c| format!("{} newer here (kept)", n(c)),
    n_deletions: |c| format!("{} deletions", n(c)),
    n_conflicts: |c| format!("{} edited both here and in the file (both versions kept; one is shown, you can pick the other)", n(c)),
    n_restored: |c| format!("{} deleted contacts come back, with their history, because the file has newer interactions or edits for them", n(c)),
    n_redirected: |c| format!("{} interactions, follow-ups and deals for contacts you merged go to the contact they were merged into", n(c)),
    choice: |r| format!(
        "Merge keeps every edit: the newer version of each record, and both versions where both sides edited. Replace makes this book exactly the file; it would remove {} contacts, {} interactions, {} follow-ups, {} deals and {} settings that are not in the file. The book as it is now stays in this browser, and Undo puts it back.",
        n(r.contacts), n(r.interactions), n(r.follow_ups), n(r.deals), n(r.settings)
    ),
    merge: "Merge",
    replace: "Replace",
    cancel: "Cancel",

    replaced: "The book was replaced by the backup. The previous book is kept in this browser: Undo puts it back.",
    book_replaced: "Book replaced.",
    merged: |m| format!(
        "Merged: {} new, {} updated, {} deletions, {} edited on both sides (both versions kept), {} contacts back with their history; {} newer here kept.",
        n(m.new), n(m.updated), n(m.deletions), n(m.conflicts), n(m.restored), n(m.newer_here)
    ),
    import_failed: |e| format!("Nothing was imported: {e}"),
    nothing_planned: "the file's check was lost; choose the file again",
    import_cancelled: "Import cancelled: nothing was written.",
    worker_stopped: |e| format!("the import stopped because of a bug ({e})."),

    spreadsheet: "Contacts for a spreadsheet",
    spreadsheet_text: "A CSV of every contact (for a mail merge). To export only some, search on the Contacts page and use its Export CSV.",
    export_all_csv: "Export all contacts as CSV",
    export_all_vcard: "Export all contacts as vCard",
    file_failed: |e| format!("The file could not be made: {e}"),
};

/// A store's name inside a Turkish sentence: "kişi" for "1. kişi kaydı".
fn store_tr(store: &str) -> Option<&'static str> {
    match store {
        "Contact" => Some("kişi"),
        "Interaction" => Some("görüşme"),
        "Follow-up" => Some("takip"),
        "Deal" => Some("fırsat"),
        "Setting" => Some("ayar"),
        _ => None,
    }
}

/// "1. kişi kaydı" (or "1. kayıt" for a store without a name).
fn record_tr(store: &str, index: usize) -> String {
    match store_tr(store) {
        Some(s) => format!("{index}. {s} kaydı"),
        None => format!("{index}. kayıt"),
    }
}

/// A record field as a backup names it (`emails[1].value`), in Turkish words:
/// "e-posta 2 (değer)".
fn field_tr(path: &str) -> String {
    let (head, part) = match path.split_once('.') {
        Some((h, p)) => (h, Some(p)),
        None => (path, None),
    };
    let (base, index) = match head.split_once('[') {
        Some((b, rest)) => (b, rest.trim_end_matches(']').parse::<usize>().ok()),
        None => (head, None),
    };
    let name = match base {
        "display_name" => "ad soyad",
        "given_name" => "ad",
        "family_name" => "soyad",
        "job_title" => "unvan",
        "website" => "web sitesi",
        "source" => "kaynak",
        "notes" => "notlar",
        "organisation" => "kuruluş",
        "emails" => "e-posta",
        "phones" => "telefon",
        "addresses" => "adres",
        "tags" => "etiket",
        "custom" => "özel alan",
        "birthday" => "doğum günü",
        "strategic" => "stratejik önem",
        "created_at" => "oluşturulma zamanı",
        "updated_at" => "güncellenme zamanı",
        "deleted_at" => "silinme zamanı",
        "summary" => "özet",
        "details" => "ayrıntılar",
        "product" => "ürün",
        "at" => "görüşme zamanı",
        "resolved on" => "çözülme tarihi",
        "amount currency" => "tutarın para birimi",
        "due" => "vade tarihi",
        "done_at" => "tamamlanma zamanı",
        "note" => "not",
        "title" => "başlık",
        "stage" => "aşama",
        "probability" => "olasılık",
        "expected_close" => "beklenen kapanış tarihi",
        "status" => "durum",
        "history" => "aşama geçmişi",
        "lines" => "kalem",
        other => other,
    };
    let part = part.map(|p| match p {
        "label" => "etiket",
        "value" => "değer",
        "name" => "ad",
        "street" => "sokak",
        "city" => "şehir",
        "region" => "bölge",
        "postcode" => "posta kodu",
        "country" => "ülke",
        "on" => "tarih",
        "reason" => "neden",
        "note" => "not",
        "at" => "zaman",
        "product" => "ürün",
        other => other,
    });
    let mut out = name.to_string();
    if let Some(i) = index {
        out = format!("{out} {}", i + 1);
    }
    if let Some(p) = part {
        out = format!("{out} ({p})");
    }
    out
}

fn range_tr(e: &RangeError) -> String {
    match e {
        RangeError::YearOutOfRange { field, value } => {
            format!(
                "{}: {value}, {MIN_YEAR}–{MAX_YEAR} aralığının dışında",
                field_tr(field)
            )
        }
        RangeError::CreatedAfterUpdated {
            created_at,
            updated_at,
        } => {
            format!("oluşturulma zamanı ({created_at}) güncellenme zamanından ({updated_at}) sonra")
        }
        RangeError::StrategicOutOfRange(s) => {
            format!("stratejik önem {s}, 0–{MAX_STRATEGIC} aralığının dışında")
        }
        RangeError::ProbabilityOver100(p) => format!("olasılık %{p}, 100'ü aşıyor"),
        RangeError::Empty { field } => format!("{} boş", field_tr(field)),
        RangeError::TooLong { field, chars } => format!(
            "{} {} karakter uzunluğunda; en fazla {} karaktere izin veriliyor",
            field_tr(field),
            super::number(*chars as i64),
            super::number(MAX_TEXT_CHARS as i64)
        ),
    }
}

pub const TR: Backup = Backup {
    title: "Yedek",
    last_backup: |date| format!("Bu tarayıcıdan alınan son yedek: {date}."),
    no_backup_yet: "Bu tarayıcıdan henüz yedek alınmadı.",

    export: "Dışa aktar",
    export_text: "Bu defterdeki her şeyi — kişiler, görüşmeler, takipler ve ayarlar, silinmiş kayıtlar dahil — tek bir JSON dosyası olarak indirir. Dosyayı güvenli bir yerde saklayın; buraya ya da başka bir cihaza içe aktarabilirsiniz.",
    encrypt: "Parolayla şifrele",
    passphrase: "Parola",
    passphrase_hint: "En az 8 karakter. Parola olmadan yedek açılamaz; unutulan parolayı kimse kurtaramaz.",
    confirm_passphrase: "Parolayı tekrar girin",
    export_backup: "Yedeği dışa aktar",
    passphrase_too_short: "En az 8 karakterlik bir parola seçin.",
    passphrases_differ: "İki parola birbirini tutmuyor. İki alana da aynı parolayı yazın; dosya oluşturulmadı.",
    saved_as: |name| format!("Yedek {name} adıyla kaydedildi."),
    export_failed: |e| format!("Yedek alınamadı: {e}"),

    import: "İçe aktar",
    import_text: "Bir Bakkal yedeği seçin. Dosya önce baştan sona okunup denetlenir; hiçbir şey yazılmadan önce neleri değiştireceğini görürsünüz.",
    backup_file: "Yedek dosyası",
    chosen_file: |name| format!("Dosya: {name}"),
    phase: |p| match p {
        Phase::Reading => "Okunuyor…",
        Phase::Checking => "Denetleniyor…",
        Phase::Comparing => "Bu defterle karşılaştırılıyor…",
        Phase::Writing => "Yazılıyor…",
    },
    too_large: |mb, max| {
        format!(
            "Bu dosya {} MB; Bakkal en fazla {} MB büyüklüğündeki yedekleri okuyabilir. Hiçbir şey okunmadı ya da değiştirilmedi.",
            super::number(mb.round() as i64),
            super::number(max as i64)
        )
    },
    // The browser's only failure here is not reading the file at all.
    unreadable_file: |_| "Tarayıcı dosyayı okuyamadı.".into(),
    file_passphrase: "Bu dosyanın parolası",
    decrypt: "Şifreyi çöz",
    type_again: |why| format!("{why} Parolayı yeniden yazın."),
    crypto_error: |e| match e {
        CryptoError::Unavailable => "Bu tarayıcı şifreleme yapamıyor (WebCrypto kullanılamıyor; https ya da localhost gibi güvenli bir adres gerekir).".into(),
        CryptoError::WrongPassphrase => "Parola yanlış ya da şifreli dosya bozuk.".into(),
        CryptoError::Failed(d) => format!("Şifreleme başarısız oldu: {d}"),
    },
    refusal: |e| match e {
        BackupError::Empty => "Dosya boş.".into(),
        BackupError::NotJson { line, column, detail } => format!(
            "Dosya JSON biçiminde değil (satır {line}, sütun {column}: {detail}). Bir Bakkal yedeği seçtiğinizden emin misiniz?"
        ),
        BackupError::Truncated { line, column } => format!("Dosya beklenenden önce bitiyor (satır {line}, sütun {column}): büyük olasılıkla kopyalanırken ya da indirilirken yarım kaldı."),
        BackupError::NotBakkal => "Bu bir Bakkal yedeği değil (\"format\": \"bakkal-backup\" işareti yok).".into(),
        BackupError::NewerVersion { found, supported } => format!("Bu yedek Bakkal'ın daha yeni bir sürümüyle alınmış (biçim sürümü {found}; bu uygulama en fazla {supported} sürümünü okuyabiliyor). Bakkal'ı güncelleyin, sonra yedeği içe aktarın."),
        BackupError::UnknownVersion(v) => format!("Bu yedeğin biçim sürümü bilinmiyor ({v})."),
        BackupError::Encrypted => "Bu yedek şifreli: parolasını girin.".into(),
        BackupError::WrongPassphrase => "Parola yanlış ya da şifreli dosya bozuk.".into(),
        BackupError::HeaderMissing { field } => format!("Yedekte “{field}” alanı yok."),
        BackupError::HeaderNotWholeNumber { field } => {
            format!("Yedeğin “{field}” alanı eksik ya da tam sayı değil.")
        }
        BackupError::Header { field, detail } => {
            format!("Yedeğin “{field}” alanı eksik ya da türü yanlış ({detail}).")
        }
        BackupError::Record { store, index, detail } => {
            format!("{} geçerli değil: {detail}.", record_tr(store, *index))
        }
        BackupError::Invalid { store, index, problem } => {
            let detail = match problem {
                RecordProblem::Range(r) => range_tr(r),
                RecordProblem::Setting(SettingError::EmptyKey) => "anahtarı boş".into(),
                RecordProblem::Setting(SettingError::ValueTooLong) => format!(
                    "değeri {} karakterden uzun",
                    super::number(MAX_TEXT_CHARS as i64)
                ),
            };
            format!("{} geçerli değil: {detail}.", record_tr(store, *index))
        }
        BackupError::DuplicateId { store, id, first, second } => match store_tr(store) {
            Some(s) => format!("{first}. ve {second}. {s} kayıtlarının kimliği aynı: {id}."),
            None => format!("{first}. ve {second}. kayıtların kimliği aynı: {id}."),
        },
        BackupError::MissingContact { index, contact } => format!("{index}. görüşme kaydı {contact} kimlikli kişiye ait, ama bu kişi ne dosyada ne de bu defterde var."),
        BackupError::MissingFollowUpContact { index, contact } => format!("{index}. takip kaydı {contact} kimlikli kişiye ait, ama bu kişi ne dosyada ne de bu defterde var."),
        BackupError::MissingDealContact { index, contact } => format!("{index}. fırsat kaydı {contact} kimlikli kişiyle, ama bu kişi ne dosyada ne de bu defterde var."),
    },
    range_error: range_tr,

    preview_label: "İçe aktarma önizlemesi",
    summary: |date, version, s| format!(
        "Bu yedek {date} tarihinde Bakkal {version} ile alınmış. İçinde {} kişi, {} görüşme, {} takip, {} fırsat ve {} ayar var.",
        n(s.contacts), n(s.interactions), n(s.follow_ups), n(s.deals), n(s.settings)
    ),
    n_new: |c| format!("{} yeni", n(c)),
    n_unchanged: |c| format!("{} değişmemiş", n(c)),
    n_newer_in_file: |c| format!("{} kayıt dosyada daha yeni (bu tarayıcıdakilerin yerini alır)", n(c)),
    n_newer_here: |c| format!("{} kayıt burada daha yeni (korunur)", n(c)),
    n_deletions: |c| format!("{} silme", n(c)),
    n_conflicts: |c| format!("{} kayıt hem burada hem dosyada düzenlenmiş (iki sürüm de saklanır; biri gösterilir, diğerini seçebilirsiniz)", n(c)),
    n_restored: |c| format!("Silinmiş {} kişi, dosyada onlara ait daha yeni görüşmeler ya da düzenlemeler olduğu için geçmişiyle birlikte geri gelir", n(c)),
    n_redirected: |c| format!("Birleştirdiğiniz kişilere ait {} görüşme, takip ve fırsat, birleştirildikleri kişiye aktarılır", n(c)),
    choice: |r| format!(
        "Birleştir her düzenlemeyi korur: her kaydın daha yeni sürümünü, iki tarafta da düzenlenmiş kayıtlarda ise iki sürümü birden. Değiştir bu defteri dosyanın tam bir kopyası yapar; dosyada olmayan {} kişi, {} görüşme, {} takip, {} fırsat ve {} ayar silinir. Defterin şimdiki hali bu tarayıcıda saklanır; Geri al ile geri getirebilirsiniz.",
        n(r.contacts), n(r.interactions), n(r.follow_ups), n(r.deals), n(r.settings)
    ),
    merge: "Birleştir",
    replace: "Değiştir",
    cancel: "İptal",

    replaced: "Defter, yedekteki haliyle değiştirildi. Önceki defter bu tarayıcıda saklanıyor: Geri al ile geri getirebilirsiniz.",
    book_replaced: "Defter değiştirildi.",
    merged: |m| format!(
        "Birleştirildi: {} yeni, {} güncellenen, {} silme, iki tarafta da düzenlenen {} kayıt (iki sürüm de saklandı), geçmişiyle geri gelen {} kişi; burada daha yeni olan {} kayıt korundu.",
        n(m.new), n(m.updated), n(m.deletions), n(m.conflicts), n(m.restored), n(m.newer_here)
    ),
    import_failed: |e| format!("Hiçbir şey içe aktarılmadı: {e}"),
    nothing_planned: "dosyanın denetimi kayboldu; dosyayı yeniden seçin",
    import_cancelled: "İçe aktarma iptal edildi: hiçbir şey yazılmadı.",
    worker_stopped: |e| format!("içe aktarma bir hata yüzünden durdu ({e})."),

    spreadsheet: "Tablo programı için kişiler",
    spreadsheet_text: "Tüm kişilerin bir CSV dosyası (toplu yazışma için). Yalnızca bazılarını dışa aktarmak için Kişiler sayfasında arayın ve oradaki CSV dışa aktarma düğmesini kullanın.",
    export_all_csv: "Tüm kişileri CSV olarak dışa aktar",
    export_all_vcard: "Tüm kişileri vCard olarak dışa aktar",
    file_failed: |e| format!("Dosya oluşturulamadı: {e}"),
};
