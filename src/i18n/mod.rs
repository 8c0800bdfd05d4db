//! The words the app shows, in English and Turkish.
//!
//! One file per screen (`today.rs`, `contact_form.rs`…), each with a struct of the
//! screen's texts and its two values side by side, `EN` and `TR`: a translator reads
//! one file and sees both. A text missing in one language is a missing field in a struct
//! literal, which does not compile. Texts with values in them are functions
//! (`|n| format!("{n} contacts")`), so each language orders its own words.
//!
//! Components take `let t = i18n::t();` and use `t.today().title`: each screen's part is
//! its own static, so a part that only screens loaded when opened use is in their chunk.
//! Changing the language rebuilds the whole page (`ui::App`), so a component reads its
//! texts once.
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

/// Every text of the app in one language, reached part by part (`t().settings().language`).
/// Each part is its own static, so the texts only screens loaded when opened use travel in
/// their chunk, and the backup worker holds only the parts it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Texts(Lang);

/// A method per part: its texts in this language.
macro_rules! parts {
    ($($name:ident: $module:ident::$ty:ident;)*) => {
        impl Texts {
            $(
                pub fn $name(self) -> &'static $module::$ty {
                    match self.0 {
                        Lang::En => &$module::EN,
                        Lang::Tr => &$module::TR,
                    }
                }
            )*
        }
    };
}

parts! {
    shell: shell::Shell;
    common: common::Common;
    messages: messages::Messages;
    today: today::Today;
    follow_ups: follow_ups::FollowUps;
    deals: deals::Deals;
    deal: deal::Deal;
    activity: activity::Activity;
    contacts: contacts::Contacts;
    contact_form: contact_form::ContactForm;
    merge: merge::Merge;
    contact: contact::Contact;
    interaction: interaction::Interaction;
    backup: backup::Backup;
    contacts_import: contacts_import::ContactsImport;
    settings: settings::Settings;
    sync: sync::Sync;
    insights: insights::Insights;
    offline: offline::Offline;
    everything: everything::Everything;
}

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
pub fn every_language() -> &'static [Texts] {
    if cfg!(feature = "english-only") {
        &[Texts(Lang::En)]
    } else {
        &[Texts(Lang::En), Texts(Lang::Tr)]
    }
}

/// The texts of the current language.
pub fn t() -> Texts {
    Texts(lang())
}

/// The texts of a given language.
pub fn texts(l: Lang) -> Texts {
    Texts(l)
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
