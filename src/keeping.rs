//! Will this browser keep the book? Gathers what the browser can tell
//! (`bakkal_core::analysis::keeping` decides what it means) and remembers the user's
//! dismissal of Today's warning.

use crate::browser::{self, Persistence};
use crate::state::{AppState, FIRST_CHANGE, LAST_CHANGE};
use bakkal_core::analysis::keeping::{advise, Advice, Situation};
use bakkal_core::sync::server::Status;
use leptos::prelude::*;

/// When sync last caught up with the server (kept on this device).
pub const LAST_SYNC: &str = "bakkal.last-sync";
/// When the user last dismissed **Safari may erase this book**.
const DISMISSED: &str = "bakkal.keep-warning-dismissed";

/// What this browser and this device say now; `persisted` is the storage API's answer.
/// Reads the state's signals, so a caller in a reactive closure follows them.
pub fn situation(state: &AppState, persisted: Persistence) -> Situation {
    Situation {
        persisted: match persisted {
            Persistence::Granted => Some(true),
            Persistence::NotGranted => Some(false),
            Persistence::Unsupported => None,
        },
        refused: browser::persistence_refused(),
        installed: browser::is_installed(),
        webkit: browser::is_webkit(),
        syncing: matches!(
            state.sync.line.get(),
            Some(Status::Synced | Status::Syncing { .. })
        ),
        last_backup: state.last_backup.get(),
        last_sync: browser::device_time(LAST_SYNC),
        first_change: browser::device_time(FIRST_CHANGE),
        last_change: browser::device_time(LAST_CHANGE),
        warning_dismissed: browser::device_time(DISMISSED),
    }
}

pub fn advice(state: &AppState, persisted: Persistence) -> Advice {
    advise(&situation(state, persisted), browser::now())
}

/// Hides the warning for a week (`keeping::DISMISS_FOR`).
pub fn dismiss_warning() {
    browser::set_device_time(DISMISSED, browser::now());
}
