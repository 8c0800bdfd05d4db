//! Texts of Settings → Sync and the header's **Sync status**: the fields and buttons, the
//! status line, the refusals (why sync will not start or stopped), the sync log's lines
//! and why a document was skipped (English and Turkish side by side). The core says what
//! happened as data (`bakkal_core::sync::server::{Status, Event, Refusal, AddressError}`,
//! `bakkal_core::sync::doc::Skip`); these functions say it in words.

use bakkal_core::sync::doc::{DocKind, Skip};
use bakkal_core::sync::server::{AddressError, Event, Refusal, Status};

pub struct Sync {
    /// The section's heading, also its region's accessible name (tests find it by it).
    pub heading: &'static str,
    pub intro: &'static str,
    pub address: &'static str,
    pub address_hint: &'static str,
    pub user: &'static str,
    pub user_hint: &'static str,
    pub password: &'static str,
    pub remember: &'static str,
    pub encrypt: &'static str,
    pub passphrase: &'static str,
    pub passphrase_hint: &'static str,
    pub start: &'static str,
    pub create_database: &'static str,
    pub stop: &'static str,
    pub now: &'static str,
    pub log_title: &'static str,
    /// The header line's accessible name.
    pub status_label: &'static str,
    /// The header's link to the section, after an error.
    pub open_settings: &'static str,
    /// The header's line: starts with Synced / Syncing / Offline / Sync error.
    pub status: fn(&Status) -> String,
    /// One line of the sync log.
    pub event: fn(&Event) -> String,
    /// Why sync refused to start or stopped (the section's alert, the log).
    pub refusal: fn(&Refusal) -> String,
    /// Why a document was skipped.
    pub skip: fn(&Skip) -> String,
    /// The settings could not be kept on this device (the store's own sentence inside).
    pub not_saved: fn(&str) -> String,
}

pub const EN: Sync = Sync {
    heading: "Sync",
    intro: "Keeps this book in step with your own CouchDB server (or a CouchDB-compatible service), so your laptop and phone show the same book. Nothing is sent anywhere until you start sync. How to set up the server: docs/sync.md.",
    address: "Server address",
    address_hint: "The database's address, for example https://couch.example.org/bakkal",
    user: "User name",
    user_hint: "Leave empty for a server open to everyone.",
    password: "Password",
    remember: "Remember on this device",
    encrypt: "Encrypt on the server",
    passphrase: "Sync passphrase",
    passphrase_hint: "At least 8 characters. Every device of this book needs the same passphrase; without it the server holds only ciphertext.",
    start: "Start sync",
    create_database: "Create database",
    stop: "Stop sync",
    now: "Sync now",
    log_title: "Sync log",
    status_label: "Sync status",
    open_settings: "Open Sync settings",
    status: en_status,
    event: en_event,
    refusal: en_refusal,
    skip: en_skip,
    not_saved: |e| e.to_string(),
};

pub const TR: Sync = Sync {
    heading: "Eşitleme",
    intro: "Bu defteri kendi CouchDB sunucunuzla (ya da CouchDB uyumlu bir hizmetle) eşit tutar; böylece dizüstü bilgisayarınız ve telefonunuz aynı defteri gösterir. Eşitlemeyi başlatana kadar hiçbir yere bir şey gönderilmez. Sunucunun nasıl kurulacağı: docs/sync.md.",
    address: "Sunucu adresi",
    address_hint: "Veritabanının adresi, örneğin https://couch.example.org/bakkal",
    user: "Kullanıcı adı",
    user_hint: "Herkese açık bir sunucu için boş bırakın.",
    password: "Şifre",
    remember: "Bu cihazda hatırla",
    encrypt: "Sunucuda şifrele",
    passphrase: "Eşitleme parolası",
    passphrase_hint: "En az 8 karakter. Bu defteri kullanan her cihazda aynı parola gerekir; sunucu parolayı bilmez, yalnızca şifreli veriyi saklar.",
    start: "Eşitlemeyi başlat",
    create_database: "Veritabanı oluştur",
    stop: "Eşitlemeyi durdur",
    now: "Şimdi eşitle",
    log_title: "Eşitleme günlüğü",
    status_label: "Eşitleme durumu",
    open_settings: "Eşitleme ayarlarını aç",
    status: tr_status,
    event: tr_event,
    refusal: tr_refusal,
    skip: tr_skip,
    not_saved: |e| format!("Eşitleme ayarları bu cihazda saklanamadı: {e}"),
};

fn n(v: usize) -> String {
    super::number(v as i64)
}

// ---- English (exactly the words the app had before Turkish) ----

fn en_status(s: &Status) -> String {
    match s {
        Status::Off => "Sync off".into(),
        Status::Syncing { left: 0 } => "Syncing".into(),
        Status::Syncing { left: 1 } => "Syncing, 1 change left".into(),
        Status::Syncing { left } => format!("Syncing, {} changes left", n(*left)),
        Status::Synced => "Synced".into(),
        Status::Offline { waiting: 0 } => "Offline".into(),
        Status::Offline { waiting: 1 } => "Offline, 1 change waiting".into(),
        Status::Offline { waiting } => format!("Offline, {} changes waiting", n(*waiting)),
        Status::Error(_) => "Sync error".into(),
    }
}

fn en_docs(v: usize) -> String {
    if v == 1 {
        "1 document".into()
    } else {
        format!("{} documents", n(v))
    }
}

fn en_event(e: &Event) -> String {
    match e {
        Event::Started => "Sync started".into(),
        Event::Pulled(v) => format!("Pulled {}", en_docs(*v)),
        Event::Pushed(v) => format!("Pushed {}", en_docs(*v)),
        Event::Conflicts(v) => format!("Conflicts found in {}", en_docs(*v)),
        Event::Skipped { id, why } => format!("Skipped {id}: {}", en_skip(why)),
        Event::Error(r) => format!("Error: {}", en_refusal(r)),
        Event::Stopped => "Sync stopped".into(),
    }
}

fn en_address(e: &AddressError) -> &'static str {
    match e {
        AddressError::Empty => "Type the database's address, for example https://couch.example.org/bakkal.",
        AddressError::Scheme => "The address must start with https:// (or http:// for a server on this computer: localhost or 127.0.0.1).",
        AddressError::InsecureRemote => "Plain http:// is allowed only for a server on this computer (localhost or 127.0.0.1); use https:// so the book is not sent readable over the network.",
        AddressError::NoDatabase => "The address must end with the database's name, for example https://couch.example.org/bakkal.",
        AddressError::NoHost => "The address has no server name.",
    }
}

fn en_refusal(r: &Refusal) -> String {
    match r {
        Refusal::Address(e) => en_address(e).into(),
        Refusal::Cors { origin } => format!("The server refused this page's origin ({origin}): its CORS settings do not allow it. Add to CouchDB's configuration: [chttpd] enable_cors = true; [cors] origins = {origin}, credentials = true, methods = GET, PUT, POST, HEAD, DELETE, headers = accept, authorization, content-type, origin, referer. docs/sync.md lists the same lines."),
        Refusal::Unauthorized => "The server did not accept this user name and password. Check them and start sync again.".into(),
        Refusal::Forbidden => "This user has no access to this database. Add the user to the database's members (its _security document) or use another database.".into(),
        Refusal::NoDatabase => "There is no database at this address. Create it, or check its name.".into(),
        Refusal::NotCouch => "This address does not answer like a CouchDB server (asked for the database, it did not reply with a database's information). Check the address: it must be the database itself, for example https://couch.example.org/bakkal.".into(),
        Refusal::Unreachable => "The server cannot be reached. Check the address and this device's connection.".into(),
        Refusal::Server { status } => format!("The server answered with an error ({status}). Sync will try again."),
        Refusal::Book(e) => format!("This browser could not store what sync brought ({e}). Sync will try again; nothing was lost."),
        Refusal::WrongPassphrase => "This passphrase does not open this database.".into(),
        Refusal::PlainDatabase => "This database already holds documents that are not encrypted. To encrypt on the server, use a new, empty database.".into(),
        Refusal::EncryptedDatabase => "This database is encrypted on the server. Tick “Encrypt on the server” and type its sync passphrase.".into(),
        Refusal::NoPassphrase => "Type the sync passphrase (at least 8 characters) to encrypt on the server.".into(),
        Refusal::NeedSecret => "Sync is paused: this device does not remember the password or sync passphrase. Type it and press Start sync.".into(),
    }
}

fn en_skip(s: &Skip) -> String {
    match s {
        Skip::NotObject => "it is not a JSON object".into(),
        Skip::NoId => "it has no _id".into(),
        Skip::NotRecordId => "its _id is not one of Bakkal's record ids".into(),
        Skip::TypeMismatch { id } => format!("its type does not match its _id ({id})"),
        Skip::NoRev => "it has no _rev".into(),
        Skip::BadRev => "its _rev is not of the form N-hash".into(),
        Skip::BadRevisions => "its _revisions are malformed".into(),
        Skip::RevNotNewest => "its _rev is not the newest of its _revisions".into(),
        Skip::Invalid { kind, detail } => format!("it is not a valid {}: {detail}", kind.name()),
        Skip::KeyMismatch { kind } => format!("its _id does not match its {} key", kind.name()),
        Skip::Check(detail) => detail.clone(),
        Skip::UnknownDeletion => "a deletion of a record this book never had".into(),
        Skip::NotBase64 => "it is not valid base64".into(),
        Skip::SealedNotObject => "its encrypted body is not a JSON object".into(),
        Skip::Encrypted => "it is encrypted and sync runs without a passphrase".into(),
        Skip::Undecryptable => "it could not be decrypted with this passphrase".into(),
        Skip::NotServed(Some(reason)) => reason.clone(),
        Skip::NotServed(None) => "the server could not send it".into(),
        Skip::Rejected { error, reason } if reason.is_empty() => {
            format!("the server refused it ({error})")
        }
        Skip::Rejected { error, reason } => format!("the server refused it ({error}: {reason})"),
    }
}

// ---- Turkish ----

fn tr_status(s: &Status) -> String {
    match s {
        Status::Off => "Eşitleme kapalı".into(),
        Status::Syncing { left: 0 } => "Eşitleniyor".into(),
        Status::Syncing { left } => format!("Eşitleniyor, {} değişiklik kaldı", n(*left)),
        Status::Synced => "Eşitlendi".into(),
        Status::Offline { waiting: 0 } => "Çevrimdışı".into(),
        Status::Offline { waiting } => {
            format!("Çevrimdışı, {} değişiklik bekliyor", n(*waiting))
        }
        Status::Error(_) => "Eşitleme hatası".into(),
    }
}

fn tr_event(e: &Event) -> String {
    match e {
        Event::Started => "Eşitleme başladı".into(),
        Event::Pulled(v) => format!("{} belge alındı", n(*v)),
        Event::Pushed(v) => format!("{} belge gönderildi", n(*v)),
        Event::Conflicts(v) => format!("{} belgede çakışma bulundu", n(*v)),
        Event::Skipped { id, why } => format!("{id} atlandı: {}", tr_skip(why)),
        Event::Error(r) => format!("Hata: {}", tr_refusal(r)),
        Event::Stopped => "Eşitleme durduruldu".into(),
    }
}

fn tr_address(e: &AddressError) -> &'static str {
    match e {
        AddressError::Empty => "Veritabanının adresini yazın, örneğin https://couch.example.org/bakkal.",
        AddressError::Scheme => "Adres https:// ile başlamalı (bu bilgisayardaki bir sunucu için http:// da olur: localhost ya da 127.0.0.1).",
        AddressError::InsecureRemote => "Düz http:// yalnızca bu bilgisayardaki bir sunucu için kullanılabilir (localhost ya da 127.0.0.1). Defteriniz ağ üzerinden okunabilir biçimde gitmesin diye https:// kullanın.",
        AddressError::NoDatabase => "Adres veritabanının adıyla bitmeli, örneğin https://couch.example.org/bakkal.",
        AddressError::NoHost => "Adreste sunucu adı yok.",
    }
}

fn tr_refusal(r: &Refusal) -> String {
    match r {
        Refusal::Address(e) => tr_address(e).into(),
        Refusal::Cors { origin } => format!("Sunucu bu sayfanın kaynağını ({origin}) reddetti: CORS ayarları buna izin vermiyor. CouchDB yapılandırmasına şunları ekleyin: [chttpd] enable_cors = true; [cors] origins = {origin}, credentials = true, methods = GET, PUT, POST, HEAD, DELETE, headers = accept, authorization, content-type, origin, referer. Aynı satırlar docs/sync.md dosyasında da var."),
        Refusal::Unauthorized => "Sunucu bu kullanıcı adını ve şifreyi kabul etmedi. Bilgileri kontrol edip eşitlemeyi yeniden başlatın.".into(),
        Refusal::Forbidden => "Bu kullanıcının bu veritabanına erişimi yok. Kullanıcıyı veritabanının üyelerine ekleyin (_security belgesi) ya da başka bir veritabanı kullanın.".into(),
        Refusal::NoDatabase => "Bu adreste bir veritabanı yok. Veritabanını oluşturun ya da adını kontrol edin.".into(),
        Refusal::NotCouch => "Bu adres bir CouchDB sunucusu gibi yanıt vermiyor (veritabanı istendiğinde veritabanı bilgileriyle yanıt vermedi). Adresi kontrol edin: doğrudan veritabanının adresi olmalı, örneğin https://couch.example.org/bakkal.".into(),
        Refusal::Unreachable => "Sunucuya ulaşılamıyor. Adresi ve bu cihazın bağlantısını kontrol edin.".into(),
        Refusal::Server { status } => format!("Sunucu bir hatayla yanıt verdi ({status}). Eşitleme yeniden denenecek."),
        Refusal::Book(e) => format!("Bu tarayıcı eşitlemenin getirdiklerini kaydedemedi ({e}). Eşitleme yeniden denenecek; hiçbir şey kaybolmadı."),
        Refusal::WrongPassphrase => "Bu parola bu veritabanını açmıyor.".into(),
        Refusal::PlainDatabase => "Bu veritabanında şifrelenmemiş belgeler zaten var. Sunucuda şifrelemek için yeni ve boş bir veritabanı kullanın.".into(),
        Refusal::EncryptedDatabase => "Bu veritabanı sunucuda şifreli. “Sunucuda şifrele” kutusunu işaretleyip eşitleme parolasını yazın.".into(),
        Refusal::NoPassphrase => "Sunucuda şifrelemek için eşitleme parolasını (en az 8 karakter) yazın.".into(),
        Refusal::NeedSecret => "Eşitleme duraklatıldı: bu cihaz şifreyi ya da eşitleme parolasını hatırlamıyor. Yazıp “Eşitlemeyi başlat” düğmesine basın.".into(),
    }
}

/// A record kind as a Turkish noun ("kişi kaydı").
fn tr_kind(k: DocKind) -> &'static str {
    match k {
        DocKind::Contact => "kişi",
        DocKind::Interaction => "görüşme",
        DocKind::FollowUp => "takip",
        DocKind::Deal => "fırsat",
        DocKind::Setting => "ayar",
    }
}

fn tr_skip(s: &Skip) -> String {
    match s {
        Skip::NotObject => "bir JSON nesnesi değil".into(),
        Skip::NoId => "_id alanı yok".into(),
        Skip::NotRecordId => "_id değeri Bakkal'ın kayıt kimliklerinden biri değil".into(),
        Skip::TypeMismatch { id } => format!("type alanı _id ile uyuşmuyor ({id})"),
        Skip::NoRev => "_rev alanı yok".into(),
        Skip::BadRev => "_rev değeri N-hash biçiminde değil".into(),
        Skip::BadRevisions => "_revisions alanı bozuk".into(),
        Skip::RevNotNewest => "_rev değeri _revisions içindeki en yeni sürüm değil".into(),
        Skip::Invalid { kind, detail } => {
            format!("geçerli bir {} kaydı değil: {detail}", tr_kind(*kind))
        }
        Skip::KeyMismatch { kind } => {
            format!(
                "_id değeri {} kaydının anahtarıyla uyuşmuyor",
                tr_kind(*kind)
            )
        }
        Skip::Check(detail) => format!("denetimden geçmedi: {detail}"),
        Skip::UnknownDeletion => "bu defterde hiç bulunmamış bir kaydın silinmesi".into(),
        Skip::NotBase64 => "geçerli base64 değil".into(),
        Skip::SealedNotObject => "şifreli gövdesi bir JSON nesnesi değil".into(),
        Skip::Encrypted => "şifreli, ancak eşitleme parolasız çalışıyor".into(),
        Skip::Undecryptable => "bu parolayla şifresi çözülemedi".into(),
        Skip::NotServed(Some(reason)) => format!("sunucu gönderemedi ({reason})"),
        Skip::NotServed(None) => "sunucu gönderemedi".into(),
        Skip::Rejected { error, reason } if reason.is_empty() => {
            format!("sunucu kabul etmedi ({error})")
        }
        Skip::Rejected { error, reason } => format!("sunucu kabul etmedi ({error}: {reason})"),
    }
}
