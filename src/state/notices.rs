//! The messages at the bottom of the screen: a confirmation, an error, or an Undo.

use super::AppState;
use crate::store::StoreError;
use bakkal_core::model::deal::Deal;
use bakkal_core::{Contact, ContactId};
use leptos::prelude::*;

/// What an Undo button puts back.
#[derive(Debug, Clone, PartialEq)]
pub enum Undo {
    Nothing,
    /// Deleted contacts (with what was deleted together with them).
    Contacts(Vec<ContactId>),
    /// The book as it was before a Replace (kept in IndexedDB).
    Replace,
    /// Contacts as they were before a change to many (their content is written back as
    /// a new revision).
    Restore(Vec<Contact>),
    /// Two contacts merged into one (`crate::combine`).
    Unmerge(Box<crate::combine::Unmerge>),
    /// A deleted deal, as its tombstone was written.
    Deal(Box<Deal>),
}

/// A message shown at the bottom of the screen; an Undo notice carries what to restore.
/// Made by `Notice::info` or `Notice::error`, with `with_undo`; shown by `AppState::notify`.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub id: u64,
    pub text: String,
    pub is_error: bool,
    pub undo: Undo,
}

impl Notice {
    /// A confirmation ("Saved.") or a piece of news.
    pub fn info(text: impl Into<String>) -> Notice {
        Notice {
            id: 0,
            text: text.into(),
            is_error: false,
            undo: Undo::Nothing,
        }
    }

    /// Something failed: shown longer, and read out at once (`role="alert"`).
    pub fn error(text: impl Into<String>) -> Notice {
        Notice {
            is_error: true,
            ..Notice::info(text)
        }
    }

    /// With an **Undo** button that restores `undo`.
    pub fn with_undo(self, undo: Undo) -> Notice {
        Notice { undo, ..self }
    }

    /// How long it stays: short, so that it never sits for long over a control it
    /// happens to cover; longer when it offers Undo, and for an error.
    fn seconds(&self) -> u32 {
        match (self.is_error, &self.undo) {
            (true, _) => ERROR_SECONDS,
            (false, Undo::Nothing) => NOTICE_SECONDS,
            (false, _) => UNDO_SECONDS,
        }
    }
}

/// How long a notice stays (it can be dismissed before): short, so that it never sits
/// for long over a control it happens to cover; longer when it offers Undo, and for an
/// error, which also goes to screen readers as an alert.
pub const NOTICE_SECONDS: u32 = 6;
pub const UNDO_SECONDS: u32 = 10;
pub const ERROR_SECONDS: u32 = 15;

impl AppState {
    /// Shows a notice; it disappears by itself after a while unless a newer one replaced it.
    pub fn notify(&self, notice: Notice) {
        let secs = notice.seconds();
        let id = self.notice_seq.get_value() + 1;
        self.notice_seq.set_value(id);
        self.notice.set(Some(Notice { id, ..notice }));
        let notice = self.notice;
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(secs * 1000).await;
            if notice.with_untracked(|n| n.as_ref().map(|n| n.id)) == Some(id) {
                notice.set(None);
            }
        });
    }

    /// Shows the outcome of an action: its confirmation, or its error.
    pub fn report(&self, result: Result<String, StoreError>) {
        match result {
            Ok(text) => self.notify(Notice::info(text)),
            Err(e) => self.notify(Notice::error(e.to_string())),
        }
    }
}
