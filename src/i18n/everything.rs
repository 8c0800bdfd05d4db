//! Texts of **Search everything** (the Ctrl+K palette) and the keyboard shortcuts page
//! (English and Turkish side by side).

use super::number;

pub struct Everything {
    /// The palette's field and dialog, and the header button that opens it.
    pub search_everything: &'static str,
    /// The key the header button shows beside its name.
    pub shortcut_hint: &'static str,
    pub commands: &'static str,
    pub contacts: &'static str,
    pub interactions: &'static str,
    pub follow_ups: &'static str,
    pub deals: &'static str,
    /// A group's heading with how many it found in all: "Interactions (120)".
    pub group: fn(&str, usize) -> String,
    /// Go to a page, by its name in the navigation.
    pub go_to: fn(&str) -> String,
    pub new_contact: &'static str,
    pub new_deal: &'static str,
    /// Log an interaction for a contact found, by its name.
    pub log_for: fn(&str) -> String,
    pub shortcuts: &'static str,
    /// Every contact the words find, on the contact list.
    pub all_contacts: fn(usize) -> String,
    /// Nothing found for the words typed.
    pub nothing: fn(&str) -> String,
    /// While the interactions are still being indexed.
    pub still_reading: &'static str,
    /// A hit found only with a typo forgiven.
    pub close_match: &'static str,
    /// How to use the palette from the keyboard.
    pub keys_help: &'static str,
    pub close: &'static str,
    /// The shortcuts page: its title, the table's two headings, then (keys, what) rows.
    pub shortcuts_title: &'static str,
    pub key: &'static str,
    pub action: &'static str,
    pub rows: [(&'static str, &'static str); 8],
}

pub const EN: Everything = Everything {
    search_everything: "Search everything",
    shortcut_hint: "Ctrl K",
    commands: "Commands",
    contacts: "Contacts",
    interactions: "Interactions",
    follow_ups: "Follow-ups",
    deals: "Deals",
    group: |name, n| format!("{name} ({})", number(n as i64)),
    go_to: |page| format!("Go to {page}"),
    new_contact: "New contact",
    new_deal: "New deal",
    log_for: |name| format!("Log interaction for {name}"),
    shortcuts: "Keyboard shortcuts",
    all_contacts: |n| format!("All {} contacts found", number(n as i64)),
    nothing: |q| format!("Nothing found for “{q}”."),
    still_reading: "Still reading the interactions: results may be missing a few.",
    close_match: "close match",
    keys_help: "↑ ↓ to move, Enter to open, Esc to close",
    close: "Close",
    shortcuts_title: "Keyboard shortcuts",
    key: "Keys",
    action: "What they do",
    rows: [
        (
            "Ctrl K, ⌘ K",
            "Search everything: contacts, interactions, follow-ups, deals and commands",
        ),
        ("/", "Search everything (when not typing in a field)"),
        ("?", "This page (when not typing in a field)"),
        (
            "↑ ↓, Enter",
            "In Search everything: move through the results, open one",
        ),
        ("Esc", "Close Search everything or an open menu"),
        (
            "↓ in Search contacts",
            "Go to the first contact of the list, then walk the rows",
        ),
        ("Shift + click", "Select a range of contacts in the list"),
        ("Tab, Shift Tab", "Move between the controls of a page"),
    ],
};

pub const TR: Everything = Everything {
    search_everything: "Her şeyde ara",
    shortcut_hint: "Ctrl K",
    commands: "Komutlar",
    contacts: "Kişiler",
    interactions: "Görüşmeler",
    follow_ups: "Takipler",
    deals: "Fırsatlar",
    group: |name, n| format!("{name} ({})", number(n as i64)),
    go_to: |page| format!("{page} sayfasına git"),
    new_contact: "Yeni kişi",
    new_deal: "Yeni fırsat",
    log_for: |name| format!("{name} için görüşme kaydet"),
    shortcuts: "Klavye kısayolları",
    all_contacts: |n| format!("Bulunan {} kişinin tümü", number(n as i64)),
    nothing: |q| format!("“{q}” için bir şey bulunamadı."),
    still_reading: "Görüşmeler hâlâ okunuyor: birkaç sonuç eksik olabilir.",
    close_match: "yakın eşleşme",
    keys_help: "↑ ↓ ile gezinin, Enter ile açın, Esc ile kapatın",
    close: "Kapat",
    shortcuts_title: "Klavye kısayolları",
    key: "Tuşlar",
    action: "Ne yapar",
    rows: [
        (
            "Ctrl K, ⌘ K",
            "Her şeyde ara: kişiler, görüşmeler, takipler, fırsatlar ve komutlar",
        ),
        ("/", "Her şeyde ara (bir alana yazmıyorken)"),
        ("?", "Bu sayfa (bir alana yazmıyorken)"),
        (
            "↑ ↓, Enter",
            "Her şeyde ara içinde: sonuçlar arasında gezinme, birini açma",
        ),
        ("Esc", "Her şeyde ara'yı ya da açık bir menüyü kapatma"),
        (
            "Kişilerde ara içinde ↓",
            "Listenin ilk kişisine geçme, sonra satırlarda gezinme",
        ),
        ("Shift + tıklama", "Listede bir kişi aralığı seçme"),
        ("Tab, Shift Tab", "Sayfanın denetimleri arasında gezinme"),
    ],
};
