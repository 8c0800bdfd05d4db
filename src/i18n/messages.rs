//! Texts of the app's actions: the notices at the bottom of the screen, the errors actions
//! return to forms, and the storage, browser and encryption errors (English and Turkish
//! side by side). A notice is made in the language of the moment it appears.

use crate::bulk::Removing;
use crate::crypto::CryptoError;
use crate::store::StoreError;
use bakkal_core::model::bulk::BulkEdit;
use bakkal_core::model::settings::Unreadable;
use bakkal_core::InteractionKind;
use chrono::NaiveDate;

pub struct Messages {
    // --- Storage (IndexedDB) ---
    /// What a storage error tells the user (`StoreError`'s `Display`).
    pub store_error: fn(&StoreError) -> String,
    /// Details inside a storage error, where the browser gives none of its own.
    pub no_indexed_db: &'static str,
    pub open_failed: &'static str,
    pub request_failed: &'static str,
    pub transaction_aborted: &'static str,
    pub unknown_error: &'static str,
    /// A stored record's JSON did not parse (the parser's own words inside).
    pub record_unreadable: fn(&str) -> String,
    pub record_without_document: &'static str,

    // --- Encryption and the browser ---
    /// What an encryption error tells the user (`CryptoError`'s `Display`).
    pub crypto_error: fn(&CryptoError) -> String,
    pub no_secure_random: &'static str,
    pub file_not_created: &'static str,
    pub link_not_created: &'static str,
    pub no_document: &'static str,
    pub no_link_element: &'static str,
    pub file_not_read: &'static str,
    pub file_not_text: &'static str,
    /// The notice over the page after a bug stopped the app, and its link.
    pub crash_text: &'static str,
    pub crash_reload: &'static str,

    // --- Settings ---
    /// How many settings items could not be read, and the first of them.
    pub settings_unreadable: fn(usize, &Unreadable) -> String,
    pub settings_keep_changing: &'static str,

    // --- Contacts ---
    pub contact_keeps_changing_retry: &'static str,
    pub contact_keeps_changing: &'static str,
    pub contact_changed_choose_again: &'static str,
    /// A conflicting version chosen on the contact's page is gone (its revision).
    pub version_gone: fn(&str) -> String,
    /// "Deleted {name}." (with Undo).
    pub deleted: fn(&str) -> String,
    pub not_restored_changed: &'static str,
    pub restored: fn(usize) -> String,

    // --- Interactions and follow-ups ---
    pub interaction_gone: &'static str,
    /// The fields (record field keys) changed on both sides.
    pub interaction_clash: fn(&[&str]) -> String,
    pub interaction_keeps_changing: &'static str,
    pub follow_up_clash: &'static str,
    pub follow_up_done: &'static str,
    pub follow_up_moved: fn(NaiveDate) -> String,
    /// An open complaint or request marked resolved.
    pub resolved: fn(InteractionKind) -> String,

    // --- Sample data, backups, Replace ---
    pub sample_added: fn(usize) -> String,
    /// The encrypted backup did not decrypt again (the error inside).
    pub encrypted_check_failed: fn(&str) -> String,
    pub encrypted_check_differs: &'static str,
    pub replace_undone: &'static str,
    pub no_replace_to_undo: &'static str,

    // --- Merge ---
    pub merge_changed_meanwhile: &'static str,
    pub merge_with_itself: &'static str,
    /// "Merged {other} into {kept}."
    pub merged: fn(&str, &str) -> String,
    pub merge_undone: &'static str,

    // --- Changes to many contacts ---
    pub removed: fn(usize, Removing) -> String,
    /// Some were removed, then one failed (the error inside).
    pub removed_then_stopped: fn(usize, Removing, &str) -> String,
    /// What a bulk edit did to how many contacts.
    pub bulk_done: fn(&BulkEdit, usize) -> String,
    pub undone_for: fn(usize) -> String,
}

fn n_tr(n: usize) -> String {
    crate::i18n::number(n as i64)
}

pub const EN: Messages = Messages {
    store_error: |e| match e {
        StoreError::Unavailable(d) => format!("This browser does not let Bakkal store data (IndexedDB is unavailable: {d}). Private windows and some privacy settings block it; open Bakkal in a normal window."),
        StoreError::Blocked => "Another Bakkal tab is still using an older version of the data. Close the other Bakkal tabs, then reload this page.".into(),
        StoreError::NewerVersion => "The data in this browser was written by a newer version of Bakkal. Reload the page to get the newer version.".into(),
        StoreError::Closed => "Bakkal was updated in another tab. Reload this page to continue; nothing was lost.".into(),
        StoreError::QuotaExceeded => "The browser has no more storage space for Bakkal. Free some disk space or delete old data, then try again. Nothing was saved.".into(),
        StoreError::Unreadable { count, first } => format!("{count} stored record(s) could not be read and were left untouched (first problem: {first})."),
        StoreError::ContactGone => "This contact was deleted in another tab or on another device. Nothing was saved; undo the deletion there to keep working on it.".into(),
        StoreError::DealChanged => "This deal was changed in another tab or on another device; this page now shows that version. Nothing was saved.".into(),
        StoreError::Failed(d) => format!("Saving failed ({d}). Nothing was changed."),
    },
    no_indexed_db: "indexedDB is missing",
    open_failed: "could not open the database",
    request_failed: "the request failed",
    transaction_aborted: "the transaction was aborted",
    unknown_error: "unknown error",
    record_unreadable: |e| format!("the stored record could not be read ({e})"),
    record_without_document: "a record without its document",

    crypto_error: |e| match e {
        CryptoError::Unavailable => "This browser cannot encrypt (WebCrypto is unavailable; it needs a secure origin such as https or localhost).".into(),
        CryptoError::WrongPassphrase => "The passphrase is wrong, or the encrypted file is damaged.".into(),
        CryptoError::Failed(d) => format!("Encryption failed: {d}"),
    },
    no_secure_random: "This browser gives no secure random numbers (crypto.getRandomValues), so nothing can be encrypted here.",
    file_not_created: "the browser could not create the file",
    link_not_created: "the browser could not create a download link",
    no_document: "no document",
    no_link_element: "no link element",
    file_not_read: "the browser could not read the file",
    file_not_text: "the file is not text",
    crash_text: "Bakkal stopped because of a bug. Your book is safe in this browser: nothing half-written was kept.",
    crash_reload: "Reload and export a backup",

    settings_unreadable: |n, first| {
        let first = match &first.field {
            None => format!("setting “{}” is not readable", first.key),
            Some(path) => format!("setting “{}” ({path}) is not readable", first.key),
        };
        format!("{n} setting(s) could not be read and were left as they are; defaults are used instead (first: {first}).")
    },
    settings_keep_changing: "the settings keep changing in another tab; try again",

    contact_keeps_changing_retry: "the contact keeps changing in another tab; try again",
    contact_keeps_changing: "the contact keeps changing in another tab",
    contact_changed_choose_again: "this contact was changed meanwhile; look at it again and choose",
    version_gone: |rev| format!("version {rev} is no longer there"),
    deleted: |name| format!("Deleted {name}."),
    not_restored_changed: "This contact was changed in another tab meanwhile; nothing was restored.",
    restored: |n| format!("Restored {n} contact(s)."),

    interaction_gone: "this interaction is no longer in the book",
    interaction_clash: |fields| format!(
        "this interaction was changed in another tab meanwhile ({}); open it again to see that change",
        fields.join(", ")
    ),
    interaction_keeps_changing: "the interaction keeps changing in another tab",
    follow_up_clash: "this follow-up was changed in another tab meanwhile; it now shows that change",
    follow_up_done: "Follow-up done.",
    follow_up_moved: |d| format!("Follow-up moved to {}.", d.format("%-d %b %Y")),
    resolved: |k| format!("The {} is resolved.", (super::common::EN.kind)(k).to_lowercase()),

    sample_added: |n| format!("Added {n} sample contacts with a year of history."),
    encrypted_check_failed: |e| format!("the encrypted file did not decrypt again ({e}), so it was not saved"),
    encrypted_check_differs: "the encrypted file did not decrypt to the same book, so it was not saved",
    replace_undone: "The book is back as it was before the Replace.",
    no_replace_to_undo: "There is no Replace to undo.",

    merge_changed_meanwhile: "one of these contacts changed in another tab just now, so nothing was merged; look at them again and merge once more",
    merge_with_itself: "a contact cannot be merged with itself",
    merged: |other, kept| format!("Merged {other} into {kept}."),
    merge_undone: "Merge undone.",

    removed: |n, what| match what {
        Removing::Sample => format!("Removed {n} sample contacts."),
        Removing::Contacts => format!("Removed {n} contacts."),
    },
    removed_then_stopped: |n, what, e| match what {
        Removing::Sample => format!("Removed {n} sample contacts, then stopped: {e}"),
        Removing::Contacts => format!("Removed {n} contacts, then stopped: {e}"),
    },
    bulk_done: |edit, n| {
        let who = if n == 1 {
            "1 contact".to_string()
        } else {
            format!("{n} contacts")
        };
        match edit {
            BulkEdit::AddTag(t) => format!("Added the tag {} to {who}.", t.trim()),
            BulkEdit::RemoveTag(t) => format!("Removed the tag {} from {who}.", t.trim()),
            BulkEdit::SetStage(s) => {
                format!("Set the stage of {who} to {}.", (super::common::EN.stage)(*s))
            }
        }
    },
    undone_for: |n| format!("Undone for {n} contacts."),
};

pub const TR: Messages = Messages {
    store_error: |e| match e {
        StoreError::Unavailable(d) => format!("Bu tarayıcı Bakkal'ın veri saklamasına izin vermiyor (IndexedDB kullanılamıyor: {d}). Gizli pencereler ve bazı gizlilik ayarları buna engel olur; Bakkal'ı normal bir pencerede açın."),
        StoreError::Blocked => "Başka bir Bakkal sekmesi verilerin eski bir sürümünü hâlâ kullanıyor. Diğer Bakkal sekmelerini kapatın, ardından bu sayfayı yeniden yükleyin.".into(),
        StoreError::NewerVersion => "Bu tarayıcıdaki veriler Bakkal'ın daha yeni bir sürümüyle yazılmış. Yeni sürümü almak için sayfayı yeniden yükleyin.".into(),
        StoreError::Closed => "Bakkal başka bir sekmede güncellendi. Devam etmek için bu sayfayı yeniden yükleyin; hiçbir şey kaybolmadı.".into(),
        StoreError::QuotaExceeded => "Tarayıcıda Bakkal için depolama alanı kalmadı. Diskte yer açın ya da eski verileri silin, sonra yeniden deneyin. Hiçbir şey kaydedilmedi.".into(),
        StoreError::Unreadable { count, first } => format!("Saklanan {} kayıt okunamadı ve olduğu gibi bırakıldı (ilk sorun: {first}).", n_tr(*count)),
        StoreError::ContactGone => "Bu kişi başka bir sekmede ya da başka bir cihazda silinmiş. Hiçbir şey kaydedilmedi; üzerinde çalışmaya devam etmek için silme işlemini orada geri alın.".into(),
        StoreError::DealChanged => "Bu fırsat başka bir sekmede ya da başka bir cihazda değiştirilmiş; bu sayfa artık o sürümü gösteriyor. Hiçbir şey kaydedilmedi.".into(),
        StoreError::Failed(d) => format!("Kaydedilemedi ({d}). Hiçbir şey değiştirilmedi."),
    },
    no_indexed_db: "indexedDB bulunmuyor",
    open_failed: "veritabanı açılamadı",
    request_failed: "istek başarısız oldu",
    transaction_aborted: "işlem yarıda kesildi",
    unknown_error: "bilinmeyen hata",
    record_unreadable: |e| format!("saklanan kayıt okunamadı ({e})"),
    record_without_document: "belgesi olmayan bir kayıt",

    crypto_error: |e| match e {
        CryptoError::Unavailable => "Bu tarayıcı şifreleme yapamıyor (WebCrypto kullanılamıyor; https ya da localhost gibi güvenli bir kaynak gerekir).".into(),
        CryptoError::WrongPassphrase => "Parola yanlış ya da şifreli dosya bozuk.".into(),
        CryptoError::Failed(d) => format!("Şifreleme başarısız oldu: {d}"),
    },
    no_secure_random: "Bu tarayıcı güvenli rastgele sayı vermiyor (crypto.getRandomValues), bu yüzden burada hiçbir şey şifrelenemez.",
    file_not_created: "tarayıcı dosyayı oluşturamadı",
    link_not_created: "tarayıcı indirme bağlantısı oluşturamadı",
    no_document: "sayfaya erişilemedi",
    no_link_element: "bağlantı öğesi oluşturulamadı",
    file_not_read: "tarayıcı dosyayı okuyamadı",
    file_not_text: "dosya metin değil",
    crash_text: "Bakkal bir hata yüzünden durdu. Defteriniz bu tarayıcıda güvende: yarım kalan hiçbir yazma saklanmadı.",
    crash_reload: "Yeniden yükle ve yedeği dışa aktar",

    settings_unreadable: |n, first| {
        let first = match &first.field {
            None => format!("“{}” ayarı okunamıyor", first.key),
            Some(path) => format!("“{}” ayarı ({path}) okunamıyor", first.key),
        };
        format!("{} ayar okunamadı ve olduğu gibi bırakıldı; yerine varsayılanlar kullanılıyor (ilki: {first}).", n_tr(n))
    },
    settings_keep_changing: "ayarlar başka bir sekmede değişmeye devam ediyor; yeniden deneyin",

    contact_keeps_changing_retry: "kişi başka bir sekmede değişmeye devam ediyor; yeniden deneyin",
    contact_keeps_changing: "kişi başka bir sekmede değişmeye devam ediyor",
    contact_changed_choose_again: "bu kişi bu arada değiştirildi; ona yeniden bakıp seçiminizi yapın",
    version_gone: |rev| format!("{rev} sürümü artık yok"),
    deleted: |name| format!("{name} silindi."),
    not_restored_changed: "Bu kişi bu arada başka bir sekmede değiştirildi; hiçbir şey geri getirilmedi.",
    restored: |n| format!("{} kişi geri getirildi.", n_tr(n)),

    interaction_gone: "bu görüşme artık defterde yok",
    interaction_clash: |fields| {
        let names: Vec<&str> = fields
            .iter()
            .map(|f| (super::common::TR.field)(f).unwrap_or(f))
            .collect();
        format!(
            "bu görüşme bu arada başka bir sekmede değiştirildi ({}); o değişikliği görmek için görüşmeyi yeniden açın",
            names.join(", ")
        )
    },
    interaction_keeps_changing: "görüşme başka bir sekmede değişmeye devam ediyor",
    follow_up_clash: "bu takip bu arada başka bir sekmede değiştirildi; şimdi o değişiklik görünüyor",
    follow_up_done: "Takip tamamlandı.",
    follow_up_moved: |d| format!("Takip {} tarihine ertelendi.", crate::i18n::date(d)),
    resolved: |k| format!("{} çözüldü.", (super::common::TR.kind)(k)),

    sample_added: |n| format!("Bir yıllık geçmişiyle birlikte {} örnek kişi eklendi.", n_tr(n)),
    encrypted_check_failed: |e| format!("şifreli dosya yeniden çözülemedi ({e}), bu yüzden kaydedilmedi"),
    encrypted_check_differs: "şifreli dosya çözüldüğünde aynı defter çıkmadı, bu yüzden kaydedilmedi",
    replace_undone: "Defter, yerine konmadan önceki hâline döndü.",
    no_replace_to_undo: "Geri alınacak bir değiştirme yok.",

    merge_changed_meanwhile: "bu kişilerden biri az önce başka bir sekmede değişti, bu yüzden hiçbir şey birleştirilmedi; kişilere yeniden bakıp bir kez daha birleştirin",
    merge_with_itself: "bir kişi kendisiyle birleştirilemez",
    merged: |other, kept| format!("{other} kaydı, {kept} kaydıyla birleştirildi."),
    merge_undone: "Birleştirme geri alındı.",

    removed: |n, what| match what {
        Removing::Sample => format!("{} örnek kişi kaldırıldı.", n_tr(n)),
        Removing::Contacts => format!("{} kişi silindi.", n_tr(n)),
    },
    removed_then_stopped: |n, what, e| match what {
        Removing::Sample => format!("{} örnek kişi kaldırıldı, sonra işlem durdu: {e}", n_tr(n)),
        Removing::Contacts => format!("{} kişi silindi, sonra işlem durdu: {e}", n_tr(n)),
    },
    bulk_done: |edit, n| match edit {
        BulkEdit::AddTag(t) => format!("{} kişiye {} etiketi eklendi.", n_tr(n), t.trim()),
        BulkEdit::RemoveTag(t) => format!("{} kişiden {} etiketi kaldırıldı.", n_tr(n), t.trim()),
        BulkEdit::SetStage(s) => format!(
            "{} kişinin aşaması “{}” olarak ayarlandı.",
            n_tr(n),
            (super::common::TR.stage)(*s)
        ),
    },
    undone_for: |n| format!("{} kişi için geri alındı.", n_tr(n)),
};
