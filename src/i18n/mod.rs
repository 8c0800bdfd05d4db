//! The words the app shows, in English and Turkish.
//!
//! One file per screen (`today.rs`, `contact_form.rs`…), each with a struct of the
//! screen's texts and its two values side by side, `EN` and `TR`: a translator reads
//! one file and sees both. A text missing in one language is a missing field in a struct
//! literal, which does not compile. Texts with values in them are functions
//! (`|n| format!("{n} contacts")`), so each language orders its own words.
//!
//! Components take `let t = i18n::t();` and use `t.today.title`. Changing the language
//! rebuilds the whole page (`ui::App`), so a component reads its texts once.
//! Numbers, money and dates: `format.rs` (the browser's `Intl`).

mod format;
pub use format::*;

pub mod activity;
pub mod backup;
pub mod common;
pub mod contact;
pub mod contact_form;
pub mod contacts;
pub mod contacts_import;
pub mod deal;
pub mod deals;
pub mod everything;
pub mod follow_ups;
pub mod insights;
pub mod interaction;
pub mod merge;
pub mod messages;
pub mod offline;
pub mod settings;
pub mod shell;
pub mod sync;
pub mod today;

pub use bakkal_core::Lang;
use std::cell::Cell;

/// Every text of the app in one language.
pub struct Texts {
    pub shell: shell::Shell,
    pub common: common::Common,
    pub messages: messages::Messages,
    pub today: today::Today,
    pub follow_ups: follow_ups::FollowUps,
    pub deals: deals::Deals,
    pub deal: deal::Deal,
    pub activity: activity::Activity,
    pub contacts: contacts::Contacts,
    pub contact_form: contact_form::ContactForm,
    pub merge: merge::Merge,
    pub contact: contact::Contact,
    pub interaction: interaction::Interaction,
    pub backup: backup::Backup,
    pub contacts_import: contacts_import::ContactsImport,
    pub settings: settings::Settings,
    pub sync: sync::Sync,
    pub insights: insights::Insights,
    pub offline: offline::Offline,
    pub everything: everything::Everything,
}

pub static EN: Texts = Texts {
    shell: shell::EN,
    common: common::EN,
    messages: messages::EN,
    today: today::EN,
    follow_ups: follow_ups::EN,
    deals: deals::EN,
    deal: deal::EN,
    activity: activity::EN,
    contacts: contacts::EN,
    contact_form: contact_form::EN,
    merge: merge::EN,
    contact: contact::EN,
    interaction: interaction::EN,
    backup: backup::EN,
    contacts_import: contacts_import::EN,
    settings: settings::EN,
    sync: sync::EN,
    insights: insights::EN,
    offline: offline::EN,
    everything: everything::EN,
};

pub static TR: Texts = Texts {
    shell: shell::TR,
    common: common::TR,
    messages: messages::TR,
    today: today::TR,
    follow_ups: follow_ups::TR,
    deals: deals::TR,
    deal: deal::TR,
    activity: activity::TR,
    contacts: contacts::TR,
    contact_form: contact_form::TR,
    merge: merge::TR,
    contact: contact::TR,
    interaction: interaction::TR,
    backup: backup::TR,
    contacts_import: contacts_import::TR,
    settings: settings::TR,
    sync: sync::TR,
    insights: insights::TR,
    offline: offline::TR,
    everything: everything::TR,
};

thread_local! {
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// Where this browser keeps the choice (a device setting: not in the book or backups).
const KEY: &str = "bakkal.lang";

/// The language the page is in now. Under the `english-only` feature (a build that
/// exists only to measure what the second language costs: `cargo xtask sizes-i18n`) it is
/// always English, so the compiler drops every Turkish text and branch.
pub fn lang() -> Lang {
    if cfg!(feature = "english-only") {
        return Lang::En;
    }
    CURRENT.with(|c| c.get())
}

/// Every language's texts (where a word typed in either language must be understood).
pub fn every_language() -> &'static [&'static Texts] {
    static ENGLISH: [&Texts; 1] = [&EN];
    static BOTH: [&Texts; 2] = [&EN, &TR];
    if cfg!(feature = "english-only") {
        &ENGLISH
    } else {
        &BOTH
    }
}

/// The texts of the current language.
pub fn t() -> &'static Texts {
    texts(lang())
}

pub fn texts(l: Lang) -> &'static Texts {
    match l {
        Lang::En => &EN,
        Lang::Tr => &TR,
    }
}

/// The message that tells the other open tabs which language was chosen here.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Chosen {
    lang: String,
}

impl Chosen {
    pub fn new(l: Lang) -> Self {
        Chosen {
            lang: l.code().into(),
        }
    }

    pub fn lang(&self) -> Option<Lang> {
        Lang::from_code(&self.lang)
    }
}

/// The language at start: the one chosen on this device, else the browser's preference.
pub fn initial() -> Lang {
    crate::browser::device_text(KEY)
        .and_then(|c| Lang::from_code(&c))
        .unwrap_or_else(|| Lang::from_preferences(&crate::browser::preferred_languages()))
}

/// Switches the texts, the formats and `<html lang>`; `remember` keeps the choice on this
/// device. The caller re-renders (`AppState::set_lang`).
pub fn apply(l: Lang, remember: bool) {
    CURRENT.with(|c| c.set(l));
    crate::browser::set_document_lang(l.code());
    if remember {
        crate::browser::set_device_text(KEY, l.code());
    }
}
