//! Will this browser keep the book? Safari (every browser on an iPhone) erases a site's
//! storage after seven days of use without a visit unless the app is on the Home Screen
//! or the storage is persistent; other browsers may evict non-persistent storage under
//! pressure. From what the shell can learn (the storage answer, installed or not, the
//! engine by its features, the last backup and sync), this decides what Settings says and
//! which notices Today shows.

use chrono::{DateTime, Duration, Utc};

/// What the shell found out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Situation {
    /// `navigator.storage.persisted()`: `None` where the API is missing (WebKitGTK) or
    /// gave no answer — which counts as not persistent.
    pub persisted: Option<bool>,
    /// The last request for persistence was answered no.
    pub refused: bool,
    /// Running as an installed app (`display-mode: standalone`, `navigator.standalone`).
    pub installed: bool,
    /// A WebKit engine (Safari, every iOS browser), told by its features.
    pub webkit: bool,
    /// Every change to the book is also on the user's CouchDB (sync running).
    pub syncing: bool,
    pub last_backup: Option<DateTime<Utc>>,
    pub last_sync: Option<DateTime<Utc>>,
    /// When the book first changed on this device (counts as "since" before any backup).
    pub first_change: Option<DateTime<Utc>>,
    pub last_change: Option<DateTime<Utc>>,
    /// When the user last dismissed the erase warning.
    pub warning_dismissed: Option<DateTime<Utc>>,
}

/// What Settings says about the promise to keep the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Promise {
    /// Persistent storage granted, or installed (Safari does not erase Home Screen apps).
    Kept,
    /// Safari's rule applies: erased after 7 days of use without a visit.
    MayErase,
    /// Not persistent: the browser may delete it to free space.
    MayEvict,
    /// No storage API and no other sign either way.
    Unknown,
}

/// The reminder to back up: how old the newest copy elsewhere is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reminder {
    /// The newest backup (or sync) is this many days old and the book has changed since.
    DaysOld(i64),
    /// No backup or sync yet; the book has this many days of work in it.
    Never(i64),
}

/// What to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Advice {
    pub promise: Promise,
    /// Today's **Safari may erase this book** notice.
    pub erase_warning: bool,
    pub reminder: Option<Reminder>,
}

/// The erase warning stays away this long after being dismissed.
pub const DISMISS_FOR: Duration = Duration::days(7);
/// A browser that may erase after 7 days: remind after 7 days without a copy elsewhere.
const REMIND_AT_RISK_DAYS: i64 = 7;
/// Otherwise a fortnight.
const REMIND_DAYS: i64 = 14;

pub fn advise(s: &Situation, now: DateTime<Utc>) -> Advice {
    let persistent = s.persisted == Some(true);
    let kept = persistent || s.installed;
    let promise = if kept {
        Promise::Kept
    } else if s.webkit {
        Promise::MayErase
    } else if s.persisted == Some(false) || s.refused {
        Promise::MayEvict
    } else {
        Promise::Unknown
    };
    let dismissed = s.warning_dismissed.is_some_and(|d| now - d < DISMISS_FOR);
    let erase_warning = !kept && (s.webkit || s.refused) && !dismissed;
    Advice {
        promise,
        erase_warning,
        reminder: reminder(s, kept, now),
    }
}

fn reminder(s: &Situation, kept: bool, now: DateTime<Utc>) -> Option<Reminder> {
    // A sync that runs keeps a copy on the server after every change.
    if s.syncing {
        return None;
    }
    let copy = s.last_backup.max(s.last_sync);
    let changed = s.last_change?;
    let limit = if kept {
        REMIND_DAYS
    } else {
        REMIND_AT_RISK_DAYS
    };
    match copy {
        Some(at) => {
            let days = (now - at).num_days();
            (days > limit && changed > at).then_some(Reminder::DaysOld(days))
        }
        None => {
            let days = (now - s.first_change?).num_days();
            (days > limit).then_some(Reminder::Never(days))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
    }
    fn ago(days: i64) -> Option<DateTime<Utc>> {
        Some(now() - Duration::days(days))
    }

    #[test]
    fn the_promise_follows_the_storage_answer_installation_and_engine() {
        let p = |persisted, installed, webkit, refused| {
            let s = Situation {
                persisted,
                installed,
                webkit,
                refused,
                ..Situation::default()
            };
            advise(&s, now()).promise
        };
        use Promise::*;
        assert_eq!(p(Some(true), false, true, false), Kept);
        assert_eq!(
            p(None, true, true, false),
            Kept,
            "a Home Screen app is kept"
        );
        assert_eq!(
            p(None, false, true, false),
            MayErase,
            "no API counts as not persistent"
        );
        assert_eq!(p(Some(false), false, true, false), MayErase);
        assert_eq!(p(Some(false), false, false, false), MayEvict);
        assert_eq!(p(None, false, false, true), MayEvict);
        assert_eq!(p(None, false, false, false), Unknown);
    }

    #[test]
    fn the_erase_warning_shows_where_erasing_can_happen_until_dismissed_for_a_week() {
        let warn = |s: Situation| advise(&s, now()).erase_warning;
        let safari = Situation {
            webkit: true,
            ..Situation::default()
        };
        assert!(warn(safari));
        assert!(!warn(Situation {
            persisted: Some(true),
            ..safari
        }));
        assert!(!warn(Situation {
            installed: true,
            ..safari
        }));
        assert!(!warn(Situation::default()), "Chromium without an answer");
        assert!(
            !warn(Situation {
                persisted: Some(false),
                ..Situation::default()
            }),
            "Chromium that said no but was never asked by the user"
        );
        assert!(
            warn(Situation {
                refused: true,
                ..Situation::default()
            }),
            "any browser that refused the promise"
        );
        assert!(!warn(Situation {
            warning_dismissed: ago(6),
            ..safari
        }));
        assert!(!warn(Situation {
            warning_dismissed: Some(now() - DISMISS_FOR + Duration::seconds(1)),
            ..safari
        }));
        assert!(
            warn(Situation {
                warning_dismissed: Some(now() - DISMISS_FOR),
                ..safari
            }),
            "back after a week"
        );
    }

    #[test]
    fn the_reminder_counts_from_the_newest_copy_and_needs_changes_since() {
        let r = |s: Situation| advise(&s, now()).reminder;
        let at_risk = Situation {
            webkit: true,
            last_change: ago(1),
            ..Situation::default()
        };
        assert_eq!(
            r(Situation {
                last_backup: ago(8),
                ..at_risk
            }),
            Some(Reminder::DaysOld(8))
        );
        assert_eq!(
            r(Situation {
                last_backup: ago(7),
                ..at_risk
            }),
            None,
            "7 days is not older than 7"
        );
        assert_eq!(
            r(Situation {
                last_backup: ago(30),
                last_sync: ago(2),
                ..at_risk
            }),
            None,
            "a recent sync is a copy"
        );
        assert_eq!(
            r(Situation {
                last_backup: ago(3),
                last_sync: ago(20),
                ..at_risk
            }),
            None
        );
        assert_eq!(
            r(Situation {
                last_backup: ago(9),
                last_change: ago(10),
                ..at_risk
            }),
            None,
            "nothing changed since the backup"
        );
        assert_eq!(
            r(Situation {
                last_backup: ago(40),
                syncing: true,
                ..at_risk
            }),
            None,
            "sync running"
        );
        assert_eq!(
            r(Situation {
                first_change: ago(8),
                ..at_risk
            }),
            Some(Reminder::Never(8))
        );
        assert_eq!(
            r(Situation {
                first_change: ago(6),
                ..at_risk
            }),
            None
        );
        assert_eq!(
            r(Situation {
                first_change: ago(7),
                ..at_risk
            }),
            None,
            "7 days is not older than 7"
        );
        assert_eq!(
            r(Situation {
                last_backup: ago(9),
                last_change: ago(9),
                ..at_risk
            }),
            None,
            "the last change is in the backup"
        );
        assert_eq!(
            r(Situation {
                last_change: None,
                first_change: ago(30),
                ..at_risk
            }),
            None,
            "an untouched book"
        );
        // Where the book is kept, a fortnight.
        let kept = Situation {
            persisted: Some(true),
            ..at_risk
        };
        assert_eq!(
            r(Situation {
                last_backup: ago(10),
                ..kept
            }),
            None
        );
        assert_eq!(
            r(Situation {
                last_backup: ago(15),
                ..kept
            }),
            Some(Reminder::DaysOld(15))
        );
        assert_eq!(
            r(Situation {
                first_change: ago(15),
                ..kept
            }),
            Some(Reminder::Never(15))
        );
    }
}
