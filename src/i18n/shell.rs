//! The frame around every screen: skip link, navigation, start-up and fatal messages.

pub struct Shell {
    pub skip_to_content: &'static str,
    /// The navigation landmark's accessible name.
    pub nav_label: &'static str,
    /// The button that shows the navigation on a phone-sized screen.
    pub menu: &'static str,
    pub nav_today: &'static str,
    pub nav_contacts: &'static str,
    pub nav_insights: &'static str,
    pub nav_activity: &'static str,
    pub nav_follow_ups: &'static str,
    pub nav_deals: &'static str,
    pub nav_backup: &'static str,
    pub nav_settings: &'static str,
    pub opening: &'static str,
    pub storage_failed: &'static str,
    pub reload: &'static str,
    pub not_found: &'static str,
    pub not_found_text: &'static str,
    pub back_to_contacts: &'static str,
    /// While a screen's code is fetched, the first time it opens.
    pub loading_screen: &'static str,
    /// A screen's code could not be fetched.
    pub not_loaded: &'static str,
    pub not_loaded_text: &'static str,
    /// An export's code could not be fetched.
    pub export_not_loaded: &'static str,
}

pub const EN: Shell = Shell {
    skip_to_content: "Skip to content",
    nav_label: "Main",
    menu: "Menu",
    nav_today: "Today",
    nav_contacts: "Contacts",
    nav_insights: "Insights",
    nav_activity: "Activity",
    nav_follow_ups: "Follow-ups",
    nav_deals: "Deals",
    nav_backup: "Backup",
    nav_settings: "Settings",
    opening: "Opening your book…",
    storage_failed: "Bakkal cannot use its storage",
    reload: "Reload",
    not_found: "Page not found",
    not_found_text: "There is nothing at this address. ",
    back_to_contacts: "Back to contacts",
    loading_screen: "Loading…",
    not_loaded: "This screen could not be loaded",
    not_loaded_text: "Its part of the app did not arrive: the connection may be down, or a newer version of Bakkal has been published. Reload to try again; your book is safe on this device.",
    export_not_loaded: "The export could not start: its part of the app did not arrive. Reload to try again; your book is safe on this device.",
};

pub const TR: Shell = Shell {
    skip_to_content: "İçeriğe geç",
    nav_label: "Ana menü",
    menu: "Menü",
    nav_today: "Bugün",
    nav_contacts: "Kişiler",
    nav_insights: "Analiz",
    nav_activity: "Etkinlik",
    nav_follow_ups: "Takipler",
    nav_deals: "Fırsatlar",
    nav_backup: "Yedek",
    nav_settings: "Ayarlar",
    opening: "Defteriniz açılıyor…",
    storage_failed: "Bakkal tarayıcının depolama alanını kullanamıyor",
    reload: "Yeniden yükle",
    not_found: "Sayfa bulunamadı",
    not_found_text: "Bu adreste bir şey yok. ",
    back_to_contacts: "Kişilere dön",
    loading_screen: "Yükleniyor…",
    not_loaded: "Bu ekran yüklenemedi",
    not_loaded_text: "Uygulamanın bu bölümü gelmedi: bağlantı kesilmiş ya da Bakkal'ın yeni bir sürümü yayımlanmış olabilir. Yeniden denemek için sayfayı yenileyin; defteriniz bu cihazda güvende.",
    export_not_loaded: "Dışa aktarma başlayamadı: uygulamanın bu bölümü gelmedi. Yeniden denemek için sayfayı yenileyin; defteriniz bu cihazda güvende.",
};
