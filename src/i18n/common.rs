//! Words many screens share: the names of kinds, channels, stages and statuses, record
//! fields, and the small pieces of `ui/common.rs` (English and Turkish side by side).

use bakkal_core::analysis::value::{Relationship, Status};
use bakkal_core::{Channel, Direction, InteractionKind, Kind, Stage};

pub struct Common {
    pub kind: fn(InteractionKind) -> &'static str,
    pub channel: fn(Channel) -> &'static str,
    pub direction: fn(Direction) -> &'static str,
    pub stage: fn(Stage) -> &'static str,
    pub status: fn(Status) -> &'static str,
    /// Person or organisation.
    pub contact_kind: fn(Kind) -> &'static str,
    /// "no purchases recorded", beside a customer's stage when no purchase is in Bakkal.
    pub no_purchases_recorded: &'static str,
    /// A record field's name (conflicts and merges name the fields that differ); `None`
    /// for a field the app does not know, shown as stored.
    pub field: fn(&str) -> Option<&'static str>,
    pub deleted_contact: &'static str,
    pub undo: &'static str,
    pub save: &'static str,
    pub cancel: &'static str,
    pub delete: &'static str,
    pub edit: &'static str,
    /// Marks a follow-up done (Today and Follow-ups).
    pub mark_done: &'static str,
    /// **Snooze** and its choices.
    pub snooze: &'static str,
    pub snooze_tomorrow: &'static str,
    pub snooze_next_week: &'static str,
    pub snooze_pick_date: &'static str,
    /// The message bar's close button (accessible name).
    pub dismiss: &'static str,
    /// A form that was not saved because fields are invalid.
    pub fix_highlighted: &'static str,
    /// An import that was refused: the reason, and that nothing changed.
    pub not_imported: fn(&str) -> String,
}

impl Common {
    /// Where a contact stands, as its badge says it.
    pub fn relationship(&self, r: Relationship) -> &'static str {
        match r {
            Relationship::Buying(s) => (self.status)(s),
            Relationship::NoPurchases(stage) => (self.stage)(stage),
        }
    }

    /// What the badge leaves out (a customer with no purchases recorded says so).
    pub fn relationship_note(&self, r: Relationship) -> Option<&'static str> {
        r.note().map(|_| self.no_purchases_recorded)
    }
}

pub const EN: Common = Common {
    kind: |k| match k {
        InteractionKind::Note => "Note",
        InteractionKind::Call => "Call",
        InteractionKind::Meeting => "Meeting",
        InteractionKind::Purchase => "Purchase",
        InteractionKind::Complaint => "Complaint",
        InteractionKind::Request => "Request",
        InteractionKind::Proposal => "Proposal",
    },
    channel: |c| match c {
        Channel::Phone => "Phone",
        Channel::Email => "Email",
        Channel::Meeting => "Meeting",
        Channel::VideoCall => "Video call",
        Channel::Message => "Message",
        Channel::Letter => "Letter",
        Channel::Visit => "Visit",
        Channel::Web => "Web",
        Channel::Other => "Other",
    },
    direction: |d| match d {
        Direction::Inbound => "Inbound",
        Direction::Outbound => "Outbound",
    },
    stage: |s| match s {
        Stage::Prospect => "Prospect",
        Stage::Customer => "Customer",
        Stage::FormerCustomer => "Former customer",
    },
    status: |s| match s {
        Status::Prospect => "Prospect",
        Status::Active => "Active",
        Status::AtRisk => "At risk",
        Status::Lapsed => "Lapsed",
        Status::WonBack => "Won back",
    },
    contact_kind: |k| match k {
        Kind::Person => "Person",
        Kind::Organisation => "Organisation",
    },
    no_purchases_recorded: "no purchases recorded",
    field: |f| {
        Some(match f {
            "display_name" => "Name",
            "given_name" => "Given name",
            "family_name" => "Family name",
            "organisation" => "Organisation",
            "job_title" => "Job title",
            "emails" => "Email",
            "phones" => "Phone",
            "addresses" => "Address",
            "website" => "Website",
            "tags" => "Tags",
            "stage" => "Stage",
            "source" => "Source",
            "referred_by" => "Referred by",
            "birthday" => "Birthday",
            "notes" => "Notes",
            "custom" => "Custom fields",
            "strategic" => "Strategic importance",
            "kind" => "Kind",
            "deleted_at" => "Deleted",
            _ => return None,
        })
    },
    deleted_contact: "(deleted contact)",
    undo: "Undo",
    save: "Save",
    cancel: "Cancel",
    delete: "Delete",
    edit: "Edit",
    mark_done: "Mark done",
    snooze: "Snooze",
    snooze_tomorrow: "Tomorrow",
    snooze_next_week: "Next week",
    snooze_pick_date: "Pick a date",
    dismiss: "Dismiss",
    fix_highlighted: "Please correct the highlighted fields. Nothing was saved.",
    not_imported: |msg| format!("Not imported: {msg} Your book is unchanged."),
};

pub const TR: Common = Common {
    kind: |k| match k {
        InteractionKind::Note => "Not",
        InteractionKind::Call => "Arama",
        InteractionKind::Meeting => "Toplantı",
        InteractionKind::Purchase => "Satın alma",
        InteractionKind::Complaint => "Şikâyet",
        InteractionKind::Request => "Talep",
        InteractionKind::Proposal => "Teklif",
    },
    channel: |c| match c {
        Channel::Phone => "Telefon",
        Channel::Email => "E-posta",
        Channel::Meeting => "Yüz yüze",
        Channel::VideoCall => "Görüntülü görüşme",
        Channel::Message => "Mesaj",
        Channel::Letter => "Mektup",
        Channel::Visit => "Ziyaret",
        Channel::Web => "Web",
        Channel::Other => "Diğer",
    },
    direction: |d| match d {
        Direction::Inbound => "Gelen",
        Direction::Outbound => "Giden",
    },
    stage: |s| match s {
        Stage::Prospect => "Potansiyel müşteri",
        Stage::Customer => "Müşteri",
        Stage::FormerCustomer => "Eski müşteri",
    },
    status: |s| match s {
        Status::Prospect => "Potansiyel müşteri",
        Status::Active => "Aktif",
        Status::AtRisk => "Risk altında",
        Status::Lapsed => "Kopmuş",
        Status::WonBack => "Geri kazanıldı",
    },
    contact_kind: |k| match k {
        Kind::Person => "Kişi",
        Kind::Organisation => "Kuruluş",
    },
    no_purchases_recorded: "kayıtlı satın alma yok",
    field: |f| {
        Some(match f {
            "display_name" => "Ad",
            "given_name" => "Ad",
            "family_name" => "Soyad",
            "organisation" => "Kuruluş",
            "job_title" => "Unvan",
            "emails" => "E-posta",
            "phones" => "Telefon",
            "addresses" => "Adres",
            "website" => "Web sitesi",
            "tags" => "Etiketler",
            "stage" => "Aşama",
            "source" => "Kaynak",
            "referred_by" => "Tavsiye eden",
            "birthday" => "Doğum günü",
            "notes" => "Notlar",
            "custom" => "Özel alanlar",
            "strategic" => "Stratejik önem",
            "kind" => "Tür",
            "deleted_at" => "Silinme",
            _ => return None,
        })
    },
    deleted_contact: "(silinmiş kişi)",
    undo: "Geri al",
    save: "Kaydet",
    cancel: "İptal",
    delete: "Sil",
    edit: "Düzenle",
    mark_done: "Tamamla",
    snooze: "Ertele",
    snooze_tomorrow: "Yarına",
    snooze_next_week: "Gelecek haftaya",
    snooze_pick_date: "Tarih seçin",
    dismiss: "Kapat",
    fix_highlighted: "Lütfen işaretli alanları düzeltin. Hiçbir şey kaydedilmedi.",
    not_imported: |msg| format!("İçe aktarılmadı: {msg} Defteriniz değişmedi."),
};
